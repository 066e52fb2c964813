//! Every sentence a user reads, in the site's language.
//!
//! The messages live in Fluent catalogues, `i18n/<language>/*.ftl`, embedded in the binary;
//! a language is added by adding its folder, with no change to the code. Code asks for a
//! message by its id with [`t!`](crate::t): `t!("build-done", pages = 12)`.
//!
//! One language is current for the whole process: the site's `language` once the command knows
//! its site (see [`set_language`]), the system's before that and outside a site. English is the
//! fallback for a message a catalogue lacks, and the language of the library when no command
//! chose one (so tests of the library read the same words on every machine).

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use include_dir::{include_dir, Dir};
use unic_langid::LanguageIdentifier;

/// The catalogues, one folder per language.
static CATALOGUES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/i18n");

/// The language every message falls back to.
pub(crate) const FALLBACK: &str = "en";

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(Catalogue::embedded);

/// Index of the current language in [`Catalogue::languages`].
static CURRENT: AtomicUsize = AtomicUsize::new(usize::MAX);

/// One language's messages.
pub(crate) struct Language {
    /// Its folder's name: `fr`, `en`.
    pub(crate) tag: String,
    bundle: FluentBundle<FluentResource>,
    /// The catalogue's text, for the checks of the catalogue test.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) sources: Vec<(PathBuf, String)>,
}

/// Every language ruche speaks.
pub(crate) struct Catalogue {
    pub(crate) languages: Vec<Language>,
    fallback: usize,
}

impl Catalogue {
    fn embedded() -> Catalogue {
        let mut languages: Vec<Language> = CATALOGUES
            .dirs()
            .map(|dir| {
                let tag = dir.path().display().to_string();
                let sources = dir
                    .files()
                    .filter(|f| f.path().extension().is_some_and(|e| e == "ftl"))
                    .map(|f| {
                        let text = f.contents_utf8().unwrap_or_default().to_string();
                        (f.path().to_path_buf(), text)
                    })
                    .collect();
                Language::new(tag, sources)
            })
            .collect();
        languages.sort_by(|a, b| a.tag.cmp(&b.tag));
        let fallback = languages
            .iter()
            .position(|l| l.tag == FALLBACK)
            .unwrap_or(0);
        Catalogue {
            languages,
            fallback,
        }
    }

    /// The language that best matches `tag` (`fr-CA` → `fr`), if ruche speaks it.
    fn find(&self, tag: &str) -> Option<usize> {
        let tag = tag.trim().replace('_', "-");
        let wanted: LanguageIdentifier = tag.parse().ok()?;
        let exact = self
            .languages
            .iter()
            .position(|l| l.tag.eq_ignore_ascii_case(&tag));
        exact.or_else(|| {
            self.languages
                .iter()
                .position(|l| l.tag.eq_ignore_ascii_case(wanted.language.as_str()))
        })
    }

    fn format(&self, language: usize, id: &str, args: &FluentArgs<'_>) -> Option<String> {
        let bundle = &self.languages.get(language)?.bundle;
        let pattern = bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(args), &mut errors);
        Some(text.into_owned())
    }
}

impl Language {
    fn new(tag: String, sources: Vec<(PathBuf, String)>) -> Language {
        let id: LanguageIdentifier = tag.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Isolation marks around values are for mixed-direction scripts; on a terminal and in
        // tests they are invisible characters in the middle of file names.
        bundle.set_use_isolating(false);
        for (_, text) in &sources {
            // A catalogue with a syntax error still gives its valid messages; the catalogue
            // test names the error.
            let resource = FluentResource::try_new(text.clone()).unwrap_or_else(|(r, _)| r);
            let _ = bundle.add_resource(resource);
        }
        Language {
            tag,
            bundle,
            sources,
        }
    }
}

/// The embedded catalogues.
pub(crate) fn catalogue() -> &'static Catalogue {
    &CATALOGUE
}

/// Makes `tag` (`fr`, `en-GB`, `fr_FR.UTF-8`) the language of every later message; a language
/// ruche does not speak keeps English. Returns the language chosen.
pub(crate) fn set_language(tag: &str) -> &'static str {
    let tag = tag.split('.').next().unwrap_or(tag);
    let catalogue = catalogue();
    let index = catalogue.find(tag).unwrap_or(catalogue.fallback);
    CURRENT.store(index, Ordering::Relaxed);
    &catalogue.languages[index].tag
}

/// The system's language (`LANG`, the platform's settings), English when none is set.
pub(crate) fn system_language() -> String {
    sys_locale::get_locale().unwrap_or_else(|| FALLBACK.to_string())
}

/// The current language's tag.
pub(crate) fn language() -> &'static str {
    let catalogue = catalogue();
    &catalogue.languages[current(catalogue)].tag
}

fn current(catalogue: &Catalogue) -> usize {
    match CURRENT.load(Ordering::Relaxed) {
        usize::MAX => catalogue.fallback,
        index => index,
    }
}

/// A value given to a message.
pub(crate) trait Arg {
    /// The value as Fluent sees it: numbers stay numbers, for plurals.
    fn arg(&self) -> FluentValue<'_>;
}

impl Arg for str {
    fn arg(&self) -> FluentValue<'_> {
        FluentValue::from(self)
    }
}

impl Arg for String {
    fn arg(&self) -> FluentValue<'_> {
        FluentValue::from(self.as_str())
    }
}

impl Arg for Cow<'_, str> {
    fn arg(&self) -> FluentValue<'_> {
        FluentValue::from(self.as_ref())
    }
}

impl Arg for Path {
    fn arg(&self) -> FluentValue<'_> {
        FluentValue::from(self.display().to_string())
    }
}

impl Arg for PathBuf {
    fn arg(&self) -> FluentValue<'_> {
        self.as_path().arg()
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn arg(&self) -> FluentValue<'_> {
                FluentValue::from(*self)
            }
        }
    )*};
}

number_args!(usize, u64, u32, u16, u8, i64, i32, f64);

impl<T: Arg + ?Sized> Arg for &T {
    fn arg(&self) -> FluentValue<'_> {
        (**self).arg()
    }
}

/// The message `id` in the current language, with `args`; English when the current language
/// lacks it, the id itself when no language has it (the catalogue test prevents that).
pub(crate) fn text(id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let catalogue = catalogue();
    text_in(catalogue, current(catalogue), id, args)
}

/// The message `id` in the language `tag` (for what one site shows whatever the process's
/// language, like the preview's overlay); see [`text`].
pub(crate) fn text_for(tag: &str, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let catalogue = catalogue();
    let index = catalogue.find(tag).unwrap_or(catalogue.fallback);
    text_in(catalogue, index, id, args)
}

fn text_in(
    catalogue: &Catalogue,
    language: usize,
    id: &str,
    args: &[(&str, FluentValue<'_>)],
) -> String {
    let mut fluent = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent.set(*name, value.clone());
    }
    catalogue
        .format(language, id, &fluent)
        .or_else(|| catalogue.format(catalogue.fallback, id, &fluent))
        .unwrap_or_else(|| id.to_string())
}

/// A message in the current language: `t!("id")`, `t!("id", file = path, count = 3)`.
#[macro_export]
macro_rules! t {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::text(
            $id,
            &[$((stringify!($name), $crate::i18n::Arg::arg(&$value))),*],
        )
    };
}

#[cfg(test)]
mod tests;
