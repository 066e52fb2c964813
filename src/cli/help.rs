//! `ruche --help` in the user's language.
//!
//! clap writes the help from the doc comments of [`Cli`](super::Cli), in English, with its own
//! English headings (`Usage:`, `Options:`) and notes (`[default: …]`). Here every one of those
//! is replaced from the catalogue (`i18n/*/help.ftl`): the commands' and the settings' texts,
//! the headings, and clap's own `--help`, `--version` and `help` are replaced by ones that
//! speak the language chosen. clap's error messages for a mistyped command stay clap's.

use clap::{Arg, ArgAction, Command};

/// Each command with its text.
const COMMANDS: [(&str, &str); 8] = [
    ("build", "help-build"),
    ("serve", "help-serve"),
    ("check", "help-check"),
    ("new", "help-new"),
    ("init", "help-init"),
    ("publish", "help-publish"),
    ("import", "help-import"),
    ("help", "help-help-command"),
];

/// Each setting with its text: (command, setting, message); "" is the whole program.
const ARGS: [(&str, &str, &str); 28] = [
    ("", "root", "help-root"),
    ("build", "drafts", "help-drafts"),
    ("build", "future", "help-future"),
    ("build", "base_url", "help-base-url"),
    ("build", "output", "help-output"),
    ("build", "quiet", "help-quiet"),
    ("serve", "port", "help-port"),
    ("serve", "bind", "help-bind"),
    ("serve", "drafts", "help-drafts"),
    ("serve", "open", "help-open"),
    ("check", "drafts", "help-drafts"),
    ("check", "external", "help-external"),
    ("check", "verbose", "help-verbose"),
    ("check", "format", "help-format"),
    ("new", "path", "help-new-path"),
    ("new", "kind", "help-new-kind"),
    ("init", "dir", "help-init-dir"),
    ("init", "force", "help-force"),
    ("init", "ci", "help-ci"),
    ("publish", "dry_run", "help-dry-run"),
    ("publish", "to", "help-to"),
    ("publish", "quiet", "help-publish-quiet"),
    ("import", "source", "help-import-source"),
    ("import", "dir", "help-import-dir"),
    ("import", "from", "help-import-from"),
    ("import", "uploads", "help-uploads"),
    ("import", "permalink", "help-permalink"),
    ("import", "force", "help-force"),
];

/// The command line `cmd` (clap's, from [`Cli`](super::Cli)) speaking `language`.
pub(crate) fn localised(cmd: Command, language: &str) -> Command {
    let say = |id: &str| crate::i18n::text_for(language, id, &[]);
    let mut cmd = speak(cmd, &say)
        .about(say("help-ruche"))
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(say("help-version"))
                .help_heading(say("help-options")),
        );
    for (name, id) in COMMANDS {
        cmd = cmd.mut_subcommand(name, |sub| speak(sub, &say).about(say(id)));
    }
    for (command, arg, id) in ARGS {
        let help = say(id);
        cmd = if command.is_empty() {
            cmd.mut_arg(arg, |a| a.help(help))
        } else {
            cmd.mut_subcommand(command, |sub| sub.mut_arg(arg, |a| a.help(help)))
        };
    }
    cmd
}

/// The headings, the template and the help flag of one command, in the language of `say`.
fn speak(cmd: Command, say: &impl Fn(&str) -> String) -> Command {
    let (options, arguments) = (say("help-options"), say("help-arguments"));
    let template = format!(
        "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        say("help-usage")
    );
    cmd.help_template(template)
        .subcommand_help_heading(say("help-commands"))
        .subcommand_value_name(say("help-command"))
        .disable_help_flag(true)
        .mut_args(move |a| {
            let heading = if a.is_positional() {
                arguments.clone()
            } else {
                options.clone()
            };
            let a = a.help_heading(heading);
            // Defaults and choices are said in the texts, in words of the language.
            if a.get_action().takes_values() {
                a.hide_default_value(true).hide_possible_values(true)
            } else {
                a
            }
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(say("help-help"))
                .help_heading(say("help-options")),
        )
}

/// A mistyped command line, said in `language`: the usual mistakes (an unknown command or
/// setting, a value that is not one of the choices or not valid, a missing one), each with
/// the command or setting ruche guesses was meant. `None` for the rest, which clap says.
pub(crate) fn mistake(err: &clap::Error, language: &str) -> Option<String> {
    use clap::error::{ContextKind, ErrorKind};
    let say = |id: &str, args: &[(&str, String)]| {
        let args: Vec<(&str, fluent_bundle::FluentValue<'_>)> = args
            .iter()
            .map(|(name, value)| (*name, fluent_bundle::FluentValue::from(value.as_str())))
            .collect();
        crate::i18n::text_for(language, id, &args)
    };
    let get = |kind: ContextKind| err.get(kind).map(ToString::to_string);
    let invalid_arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let what = match err.kind() {
        ErrorKind::InvalidSubcommand => {
            let name = get(ContextKind::InvalidSubcommand)?;
            let near = get(ContextKind::SuggestedSubcommand);
            let line = say("cli-unknown-command", &[("name", name)]);
            match near {
                Some(near) => format!("{line} {}", say("cli-did-you-mean", &[("near", near)])),
                None => line,
            }
        }
        ErrorKind::UnknownArgument => {
            let line = say("cli-unknown-setting", &[("name", invalid_arg)]);
            match get(ContextKind::SuggestedArg) {
                Some(near) => format!("{line} {}", say("cli-did-you-mean", &[("near", near)])),
                None => line,
            }
        }
        ErrorKind::InvalidValue => {
            let value = get(ContextKind::InvalidValue).unwrap_or_default();
            let valid = get(ContextKind::ValidValue).unwrap_or_default();
            let args = [("value", value), ("setting", invalid_arg), ("valid", valid)];
            say("cli-invalid-choice", &args)
        }
        ErrorKind::ValueValidation => {
            let value = get(ContextKind::InvalidValue).unwrap_or_default();
            say(
                "cli-invalid-value",
                &[("value", value), ("setting", invalid_arg)],
            )
        }
        ErrorKind::MissingRequiredArgument => say("cli-missing", &[("setting", invalid_arg)]),
        _ => return None,
    };
    let label = say("diagnostic-error", &[]);
    Some(format!(
        "{label}: {what}

{}",
        say("cli-try-help", &[])
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// The whole help, of the program and of each command, in `language`.
    fn every_help(language: &str) -> String {
        let mut cmd = localised(super::super::Cli::command(), language);
        let mut text = cmd.render_long_help().to_string();
        for (name, _) in COMMANDS {
            if let Some(sub) = cmd.find_subcommand_mut(name) {
                text.push_str(&sub.render_long_help().to_string());
            }
        }
        text
    }

    #[test]
    fn the_help_is_all_in_the_language_chosen() {
        let fr = every_help("fr");
        for words in [
            "Utilisation :",
            "Commandes :",
            "Réglages :",
            "Construit le site",
        ] {
            assert!(fr.contains(words), "{words:?} missing:\n{fr}");
        }
        for english in [
            "Usage:",
            "Options:",
            "Print help",
            "[default",
            "possible values",
        ] {
            assert!(!fr.contains(english), "{english:?} in:\n{fr}");
        }
        let en = every_help("en");
        assert!(
            en.contains("Usage:") && en.contains("Build the site"),
            "{en}"
        );
        // No message id was left unsaid in either language.
        for (_, _, id) in ARGS {
            assert!(!fr.contains(id) && !en.contains(id), "{id}");
        }
        for (_, id) in COMMANDS {
            assert!(!fr.contains(id) && !en.contains(id), "{id}");
        }
    }

    #[test]
    fn mistyped_command_lines_are_said_in_the_language_with_a_guess() {
        let parse = |args: &[&str]| {
            localised(super::super::Cli::command(), "fr")
                .try_get_matches_from(args)
                .unwrap_err()
        };
        let said = |args: &[&str], language: &str| mistake(&parse(args), language).unwrap();
        let typo = said(&["ruche", "biuld"], "fr");
        assert!(
            typo.contains("`biuld` n’est pas une commande de ruche"),
            "{typo}"
        );
        assert!(typo.contains("`build`"), "{typo}");
        let typo = said(&["ruche", "biuld"], "en");
        assert!(typo.contains("`biuld` is not a command of ruche"), "{typo}");
        let setting = said(&["ruche", "build", "--draft"], "fr");
        assert!(
            setting.contains("`--draft`") && setting.contains("`--drafts`"),
            "{setting}"
        );
        let choice = said(&["ruche", "check", "--format", "xml"], "fr");
        assert!(
            choice.contains("`xml`") && choice.contains("text, json"),
            "{choice}"
        );
        let port = said(&["ruche", "serve", "--port", "huit"], "fr");
        assert!(port.contains("`huit`") && port.contains("--port"), "{port}");
        let missing = said(&["ruche", "new"], "fr");
        assert!(missing.contains("<PATH>"), "{missing}");
    }

    #[test]
    fn every_setting_named_in_the_tables_exists() {
        let cmd = super::super::Cli::command();
        for (command, arg, _) in ARGS {
            let owner = if command.is_empty() {
                Some(&cmd)
            } else {
                cmd.find_subcommand(command)
            };
            let found = owner.is_some_and(|c| c.get_arguments().any(|a| a.get_id() == arg));
            assert!(found, "{command} {arg}");
        }
    }
}
