//! The command line: `ruche build | serve | check | new | init | import | publish`, with clap.
//!
//! In: the process arguments. Out: the exit status — 0 success, 1 the site has errors, 2 the
//! command line is wrong (clap's own status for usage errors). Every diagnostic is printed on
//! stderr: drawn by miette on a terminal, as plain `file:line:column` text otherwise.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

mod help;

use crate::error::{Diagnostic, Error};
use crate::site::BuildOptions;

/// ruche: turns your articles (Markdown files) into a website.
#[derive(Parser, Debug)]
#[command(name = "ruche", version, about, long_about = None, disable_help_subcommand = true)]
pub struct Cli {
    /// The site's folder (the one holding site.yaml); the current folder by default.
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into public/ (replaced only when the build succeeds).
    Build {
        /// Include the articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Include the articles dated after today (scheduled).
        #[arg(long)]
        future: bool,
        /// Publish at another address than site.yaml's base_url.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Write the site somewhere else than public/.
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Preview the site in your browser; it reloads by itself each time you save.
    Serve {
        /// The port to listen on (the next free one if it is taken).
        #[arg(long, default_value_t = crate::serve::DEFAULT_PORT)]
        port: u16,
        /// The address to listen on; 127.0.0.1 keeps the preview on this computer.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Include the articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Open the preview in your browser.
        #[arg(long)]
        open: bool,
    },
    /// Check the whole site without writing anything; list every problem.
    Check {
        /// Include the drafts.
        #[arg(long)]
        drafts: bool,
        /// Also check the links to other web sites (slower: it asks each site).
        #[arg(long)]
        external: bool,
        /// List every place of each kind of problem, not only the first ones.
        #[arg(long, short)]
        verbose: bool,
        /// `json`: print the findings as JSON on stdout, for editors and CI.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Write a new article, ready to edit, with today's date: `ruche new actualites/mon-article`.
    New {
        /// Where, under content/, without `.md`: `actualites/mon-article`.
        path: String,
        /// What kind of article.
        #[arg(long, value_enum, default_value = "article")]
        kind: crate::scaffold::Kind,
    },
    /// Create a new site in a folder, with the default theme and an example article.
    Init {
        /// The new site's folder (with --ci on an existing site: the site's folder, by default
        /// the current one).
        #[arg(required_unless_present = "ci")]
        dir: Option<PathBuf>,
        /// Write into a folder that is not empty.
        #[arg(long)]
        force: bool,
        /// Also write a workflow that builds and publishes the site on every push and daily.
        #[arg(long, value_enum, value_name = "SERVICE")]
        ci: Option<crate::publish::ci::Ci>,
    },
    /// Build the site, then send it to your host: only the files that changed.
    Publish {
        /// Show what would be sent, replaced and removed; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Where to send it, instead of site.yaml's `publish.to`.
        #[arg(long, value_name = "URL")]
        to: Option<String>,
        /// Print nothing but errors and the final summary.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Make a new site from another one: a WordPress export (.xml), or a Hugo, Jekyll or Zola
    /// site's folder. A report of what to check by hand ends it (also in DIR/IMPORT.md).
    Import {
        /// The WordPress export file, or the other site's root folder (never modified).
        source: PathBuf,
        /// The new site's folder.
        dir: PathBuf,
        /// The kind of source, when it is not recognised by itself.
        #[arg(long, value_enum)]
        from: Option<crate::import::Format>,
        /// WordPress's `wp-content/uploads` folder, to copy the images from.
        #[arg(long, value_name = "DIR")]
        uploads: Option<PathBuf>,
        /// The posts' old address pattern, as Jekyll writes it
        /// (`/news/:year/:month/:day/:title/`), when the source does not say it.
        #[arg(long, value_name = "PATTERN")]
        permalink: Option<String>,
        /// Write into a folder that is not empty.
        #[arg(long)]
        force: bool,
    },
    /// Print the help of ruche, or of one of its commands.
    Help {
        /// The command.
        command: Option<String>,
    },
}

/// How `ruche check` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: grouped, drawn on a terminal.
    Text,
    /// For tools: one JSON document on stdout.
    Json,
}

/// Runs the command line and returns the exit status.
pub fn main() -> ExitCode {
    // What the preview reports (through `log`) is printed here, as the rest of the output.
    if log::set_logger(&PRINTER).is_ok() {
        log::set_max_level(log::LevelFilter::Info);
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The help speaks the language of the site the command is about, found before clap reads
    // the rest of the command line.
    let speaking =
        crate::config::language_of(&root_in(&args)).unwrap_or_else(crate::i18n::system_language);
    let language = crate::i18n::set_language(&speaking);
    let parsed = help::localised(Cli::command(), language)
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            match help::mistake(&e, language) {
                Some(said) => eprintln!("{said}"),
                None => drop(e.print()),
            }
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    if let Command::Help { command } = &cli.command {
        return print_help(language, command.as_deref());
    }

    let publishing = matches!(cli.command, Command::Publish { .. });
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.diagnostics.is_empty() => ExitCode::from(1),
        Err(e) => {
            print_diagnostics(&e.diagnostics);
            let counts = crate::report::counts(&e.diagnostics);
            // A publish that stops has sent some files: the footer must not say otherwise.
            let counts = counts.to_string();
            if publishing {
                eprintln!("{}", crate::t!("failed-publish-stopped", counts = counts));
            } else {
                eprintln!("{}", crate::t!("failed-nothing-written", counts = counts));
            }
            ExitCode::from(1)
        }
    }
}

/// Prints ruche's own log lines: news on stdout, problems on stderr, as they are (they are
/// already sentences for the user). Other crates' logs are not for the user.
struct Printer;

static PRINTER: Printer = Printer;

impl log::Log for Printer {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target().starts_with("ruche") && metadata.level() <= log::Level::Info
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        match record.level() {
            log::Level::Info => println!("{}", record.args()),
            _ => eprintln!("{}", record.args()),
        }
    }

    fn flush(&self) {}
}

/// The `--root` folder given on the command line, the current folder otherwise.
fn root_in(args: &[std::ffi::OsString]) -> PathBuf {
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        let text = arg.to_string_lossy();
        if text == "--root" {
            return rest
                .next()
                .map_or_else(|| PathBuf::from("."), PathBuf::from);
        }
        if let Some(dir) = text.strip_prefix("--root=") {
            return PathBuf::from(dir);
        }
    }
    PathBuf::from(".")
}

/// `ruche help [COMMAND]`: the help of ruche or of one command, in `language`.
fn print_help(language: &str, command: Option<&str>) -> ExitCode {
    let mut cmd = help::localised(Cli::command(), language);
    // Built, so that a command's usage line starts with `ruche`.
    cmd.build();
    let printed = match command {
        None => cmd.print_long_help(),
        Some(name) => match cmd.find_subcommand_mut(name) {
            Some(sub) => sub.print_long_help(),
            None => {
                eprintln!("{}", crate::t!("help-unknown-command", name = name));
                return ExitCode::from(2);
            }
        },
    };
    ExitCode::from(u8::from(printed.is_err()))
}

fn run(cli: Cli) -> Result<(), Error> {
    let root = cli.root;
    // Every message from here on in the site's language; outside a site, the system's.
    let speaking = match &cli.command {
        Command::Init { .. } | Command::Import { .. } => None,
        _ => crate::config::language_of(&root),
    };
    crate::i18n::set_language(&speaking.unwrap_or_else(crate::i18n::system_language));
    match cli.command {
        Command::Build {
            drafts,
            future,
            base_url,
            output,
            quiet,
        } => {
            let dest = output.unwrap_or_else(|| root.join("public"));
            build(&root, drafts, future, base_url, &dest, quiet)
        }
        Command::Publish { dry_run, to, quiet } => {
            let public = root.join("public");
            let opts = crate::publish::Options { to, dry_run };
            // A missing or unreadable target is said before a long build, not after.
            crate::publish::check_target(&crate::config::Config::load(&root)?, &opts)?;
            build(&root, false, false, None, &public, quiet)?;
            let config = crate::config::Config::load(&root)?;
            let report = publish_with_bar(&config, &public, &opts, quiet)?;
            print!("{}", report.text(!quiet));
            Ok(())
        }
        Command::Serve {
            port,
            bind,
            drafts,
            open,
        } => {
            // One absolute spelling of every path, so that the watcher's paths and the
            // builder's cache keys always match.
            let root = root.canonicalize().map_err(|e| Error::io(&root, e))?;
            let opts = BuildOptions {
                drafts,
                ..BuildOptions::new(&root)
            };
            let config = crate::site::load_config(&opts)?;
            let serve = crate::serve::ServeOptions {
                bind,
                port,
                open,
                base_path: config.base_path.clone(),
                ..crate::serve::ServeOptions::new(&root)
            };
            crate::serve::run(serve, |url| {
                Ok(crate::serve::site::PipelineBuilder::new(opts, url))
            })
        }
        Command::Check {
            drafts,
            external,
            verbose,
            format,
        } => {
            let opts = BuildOptions {
                drafts,
                ..BuildOptions::new(&root)
            };
            check(&opts, external, verbose, format)
        }
        Command::New { path, kind } => {
            crate::config::Config::load(&root)?;
            let today = chrono::Local::now().date_naive();
            let written = crate::scaffold::new_page(&root, &path, kind, today)?;
            println!("{}", crate::t!("new-written", file = written));
            println!("{}", crate::t!("new-next"));
            Ok(())
        }
        Command::Init { dir, force, ci } => {
            let dir = match dir {
                Some(dir) if dir.is_absolute() => dir,
                Some(dir) => root.join(dir),
                None => root,
            };
            // `--ci` on an existing site writes only the workflow.
            let existing = ci.is_some() && dir.join("site.yaml").exists();
            let workflow = ci
                .map(|ci| crate::publish::ci::prepare(&dir, ci).map(|p| (ci, p)))
                .transpose()?;
            if !existing {
                crate::scaffold::init(&dir, force, chrono::Local::now().date_naive())?;
                println!("{}", crate::t!("init-ready", dir = dir));
            }
            if let Some((ci, (target, install))) = workflow {
                crate::publish::ci::write_workflow(&target, ci, &install)?;
                println!("{}", crate::t!("new-written", file = target));
                println!("{}", crate::t!("init-ci-next"));
            } else {
                println!("{}", crate::t!("init-next", dir = dir));
            }
            Ok(())
        }
        Command::Import {
            source,
            dir,
            from,
            uploads,
            permalink,
            force,
        } => import(crate::import::Options {
            source,
            dest: dir,
            from,
            uploads,
            permalink,
            force,
        }),
        // Answered before anything else, in `main`.
        Command::Help { .. } => Ok(()),
    }
}

/// `ruche import`: the report, then where the site is.
fn import(options: crate::import::Options) -> Result<(), Error> {
    let imported = crate::import::import(&options)?;
    println!("{}", imported.report);
    println!("{}", imported.closing);
    Ok(())
}

/// `ruche build`: builds into `dest` atomically (the previous `dest` survives any failure),
/// with the progress bar and the summary line unless `quiet`.
fn build(
    root: &Path,
    drafts: bool,
    future: bool,
    base_url: Option<String>,
    dest: &Path,
    quiet: bool,
) -> Result<(), Error> {
    let progress = std::sync::Arc::new(crate::progress::Progress::default());
    let opts = BuildOptions {
        drafts,
        future,
        base_url,
        progress: Some(progress.clone()),
        ..BuildOptions::new(root)
    };
    let bar = (!quiet).then(|| Bar::start(progress));
    let built = crate::build_to(&opts, dest);
    drop(bar);
    let built = built?;
    print_diagnostics(&built.warnings);
    if !quiet {
        println!("{}", summary(&built, dest));
        if let (Some((day, file)), false) = (&built.next_scheduled, future) {
            use crate::text::dates::{format_date, DateStyle, Lang};
            let lang = Lang::from_code(crate::i18n::language());
            let day = format_date(*day, lang, DateStyle::Long);
            println!(
                "{}",
                crate::t!("build-next-scheduled", file = file, day = day)
            );
        }
    }
    // The process ends soon: freeing a large site page by page would only delay the exit
    // (100–250 ms at 10,000 articles, docs/benchmarks.md).
    std::mem::forget(built);
    Ok(())
}

/// Publishes with a progress bar of files and bytes on a terminal.
fn publish_with_bar(
    config: &crate::config::Config,
    public: &Path,
    opts: &crate::publish::Options,
    quiet: bool,
) -> Result<crate::publish::Report, Error> {
    use crate::publish::Event;
    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        let style = indicatif::ProgressStyle::with_template(&format!(
            "{} [{{bar:30}}] {{bytes}}/{{total_bytes}} {{msg}} {{elapsed}}",
            crate::t!("publish-bar")
        ))
        .map(|s| s.progress_chars("=> "));
        if let Ok(style) = style {
            bar.set_style(style);
        }
        bar
    });
    let (mut files, mut done) = (0, 0);
    let report = crate::publish::publish(config, public, opts, &mut |event| {
        let Some(bar) = &bar else { return };
        match event {
            Event::Planned { files: n, bytes } => {
                files = n;
                bar.set_length(bytes);
            }
            Event::Sent(bytes) => {
                done += 1;
                bar.inc(bytes);
            }
        }
        bar.set_message(crate::t!("publish-bar-files", done = done, files = files));
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    report
}

/// The one line a build ends with.
pub fn summary(built: &crate::Built, dest: &Path) -> String {
    let files = built.files;
    let ms = built.elapsed.as_secs_f64() * 1000.0;
    let time = if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    };
    crate::t!(
        "build-summary",
        pages = crate::t!("count-pages", count = built.pages),
        sections = crate::t!("count-sections", count = built.sections),
        files = crate::t!("count-files", count = files),
        time = time,
        dest = dest,
    )
}

/// `ruche check`: everything found, errors and warnings, grouped, with a closing line (or
/// JSON); exit status 1 when there is an error.
fn check(opts: &BuildOptions, external: bool, verbose: bool, format: Format) -> Result<(), Error> {
    let (diagnostics, pages, sections) = match crate::check(opts, external) {
        Ok(built) => (built.warnings, built.pages, built.sections),
        Err(e) => (e.diagnostics, 0, 0),
    };
    let counts = crate::report::counts(&diagnostics);
    if format == Format::Json {
        let json = crate::report::json(&diagnostics, pages, sections);
        println!("{json:#}");
    } else {
        eprint!(
            "{}",
            crate::report::render(&diagnostics, crate::report::Style::for_stderr(), verbose)
        );
        let (counts_text, pages, sections) = (
            counts.to_string(),
            crate::t!("count-pages", count = pages),
            crate::t!("count-sections", count = sections),
        );
        if counts.errors > 0 {
            eprintln!("{}", crate::t!("check-fix-errors", counts = counts_text));
        } else if counts.warnings > 0 {
            let line = crate::t!(
                "check-warnings-only",
                counts = counts_text,
                pages = pages,
                sections = sections
            );
            println!("{line}");
        } else {
            println!(
                "{}",
                crate::t!("check-clean", pages = pages, sections = sections)
            );
        }
    }
    if counts.errors > 0 {
        // Already reported: an error with nothing more to print sets the exit status.
        return Err(Error {
            diagnostics: Vec::new(),
        });
    }
    Ok(())
}

/// Prints diagnostics on stderr, grouped by kind, drawn on a terminal.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    eprint!(
        "{}",
        crate::report::render(diagnostics, crate::report::Style::for_stderr(), false)
    );
}

/// A progress bar on the terminal for builds that take more than a second (the stage, and how
/// many of its files are done); nothing otherwise (not on a terminal, or a quick build), so
/// scripts and CI logs only get the summary line.
struct Bar {
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Bar {
    fn start(progress: std::sync::Arc<crate::progress::Progress>) -> Bar {
        use std::sync::atomic::{AtomicBool, Ordering};
        let done = std::sync::Arc::new(AtomicBool::new(false));
        let flag = done.clone();
        let thread = std::io::stderr().is_terminal().then(|| {
            std::thread::spawn(move || {
                let step = std::time::Duration::from_millis(50);
                for _ in 0..20 {
                    if flag.load(Ordering::Relaxed) {
                        return;
                    }
                    std::thread::sleep(step);
                }
                let bar = indicatif::ProgressBar::new(0);
                let style = indicatif::ProgressStyle::with_template(
                    "{prefix:>9} [{bar:30}] {pos}/{len} {elapsed}",
                )
                .map(|s| s.progress_chars("=> "));
                if let Ok(style) = style {
                    bar.set_style(style);
                }
                while !flag.load(Ordering::Relaxed) {
                    let now = progress.read();
                    bar.set_prefix(now.stage.label());
                    bar.set_length(now.total as u64);
                    bar.set_position(now.done as u64);
                    std::thread::sleep(step);
                }
                bar.finish_and_clear();
            })
        });
        Bar { done, thread }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.done.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
