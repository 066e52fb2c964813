//! The tera 2 engine: the theme's templates, the site's overrides, ruche's functions and filters.
//!
//! In: the theme folder, the site's `templates/`, and the views (for `get_page` and friends).
//! Out: a ready [`Templates`], or diagnostics naming the template file, line and column.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock, Weak};

use ahash::AHashMap;
use tera::{Kwargs, State, Tera, TeraResult, Value};
use walkdir::WalkDir;

use crate::config::Config;
use crate::content::Site;
use crate::error::{Diagnostic, Error, Result};
use crate::markdown::Links;
use crate::text::dates::html_ordinals;
use crate::text::dates::{format_date, DateStyle, Lang, When};
use crate::text::slug::slugify;
use crate::theme::Theme;

mod fragments;
pub use fragments::Fragments;

/// What the template functions can look up. The views are behind locks so that the preview
/// can replace those of edited pages between two renders (read-only while rendering).
pub struct Lookup {
    /// Page views by source path relative to `content/`.
    pub pages: RwLock<AHashMap<String, Value>>,
    /// Section views by `_index.md` path relative to `content/`.
    pub sections: RwLock<AHashMap<String, Value>>,
    /// Source path → absolute URL (replaced when the preview gives a page a new address).
    pub links: RwLock<Links>,
    /// The `site` and `t` variables, which fragments get too.
    pub globals: (Value, Value),
    /// What `include_cached` rendered during this render.
    pub fragments: Fragments,
    /// The image stage, for `resize_image`.
    pub images: Option<Arc<crate::images::Images>>,
}

impl Lookup {
    /// Takes the new views of the pages `changed`, of the sections listing them and of
    /// `moved_sections`, forgets the pages `deleted` (paths relative to `content/`), and takes the
    /// site's addresses (a patch may have given pages new ones).
    pub fn update(
        &self,
        site: &Site,
        changed: &[usize],
        moved_sections: &[usize],
        deleted: &[String],
        views: &super::view::Views,
    ) {
        *write(&self.links) = site.links.clone();
        let mut pages = write(&self.pages);
        for rel in deleted {
            pages.remove(rel);
        }
        for &i in changed {
            pages.insert(site.pages[i].file.rel.clone(), views.pages[i].clone());
        }
        let mut sections = write(&self.sections);
        for s in super::view::listing_or(site, changed, moved_sections) {
            let rel = super::section_rel(&site.sections[s].dir);
            sections.insert(rel, views.sections[s].clone());
        }
    }
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The loaded templates, with where each came from (for error messages).
pub struct Templates {
    /// The engine (shared with `include_cached`, which renders with it).
    pub tera: Arc<Tera>,
    /// A fingerprint of every template's name and text.
    pub fingerprint: u64,
    files: HashMap<String, (PathBuf, Arc<str>)>,
    /// The templates that may read `latest` (see [`Templates::reads_latest`]).
    reading_latest: HashSet<String>,
}

/// Reads `dir`'s templates as (name, file, text), names relative to `dir` with `/`.
pub fn read_dir(dir: &Path, shown_prefix: &Path) -> Result<Vec<(String, PathBuf, Arc<str>)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !crate::names::is_ignored(&e.file_name().to_string_lossy())
        })
        .filter_map(std::result::Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = crate::fsx::read(entry.path())?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Diagnostic::error(shown_prefix.join(rel), crate::t!("template-not-utf8"))
                .hint(crate::t!("content-not-utf8-hint"))
        })?;
        out.push((name, shown_prefix.join(rel), Arc::from(text)));
    }
    Ok(out)
}

/// The default theme's templates built into ruche, as [`read_dir`] gives a folder's.
fn built_in_templates(shown_prefix: &Path) -> Result<Vec<(String, PathBuf, Arc<str>)>> {
    Theme::built_in_files("templates")
        .into_iter()
        .map(|(name, bytes)| {
            let text = std::str::from_utf8(bytes).map_err(|_| {
                Diagnostic::error(shown_prefix.join(&name), crate::t!("template-not-utf8"))
            })?;
            Ok((name.clone(), shown_prefix.join(&name), Arc::from(text)))
        })
        .collect()
}

impl Templates {
    /// Loads the theme's templates, then the site's `templates/` over them.
    pub fn load(config: &Config, lookup: Arc<Lookup>) -> Result<Templates> {
        let theme_shown = Path::new("themes").join(&config.theme).join("templates");
        let theme_files = match Theme::of(config) {
            Some(Theme::Folder(dir)) => read_dir(&dir.join("templates"), &theme_shown)?,
            Some(Theme::BuiltIn) => built_in_templates(&theme_shown)?,
            None => {
                return Err(Diagnostic::error(
                    "site.yaml",
                    crate::t!("template-no-theme", theme = config.theme),
                )
                .hint(crate::t!("template-no-theme-hint"))
                .into())
            }
        };
        let mut files: HashMap<String, (PathBuf, Arc<str>)> = HashMap::new();
        for (name, shown, text) in theme_files.into_iter().chain(read_dir(
            &config.root.join("templates"),
            Path::new("templates"),
        )?) {
            files.insert(name, (shown, text));
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".htm", ".xml"]);
        let engine = Arc::new(OnceLock::new());
        register(&mut tera, config, lookup, engine.clone());
        let mut sorted: Vec<(String, Arc<str>)> = files
            .iter()
            .map(|(n, (_, t))| (n.clone(), t.clone()))
            .collect();
        sorted.sort();
        let fingerprint = super::deps::hash_of(&sorted);
        let templates = Templates {
            tera: Arc::new(Tera::new()),
            fingerprint,
            files,
            reading_latest: HashSet::new(),
        };
        let result = tera.add_raw_templates(sorted.iter().map(|(n, t)| (n.as_str(), t.as_ref())));
        match result {
            Ok(()) => {
                // Every variable a template, its parents and its includes name, in any branch;
                // all of them when one dumps the whole context.
                let dumping = sorted.iter().any(|(_, t)| t.contains("__tera_context"));
                let reading_latest = sorted
                    .iter()
                    .map(|(name, _)| name)
                    .filter(|name| {
                        dumping
                            || tera
                                .get_template_variables(name)
                                .map_or(true, |vars| vars.contains("latest"))
                    })
                    .cloned()
                    .collect();
                let tera = Arc::new(tera);
                // Set once, just made: `set` cannot fail.
                let _ = engine.set(Arc::downgrade(&tera));
                Ok(Templates {
                    tera,
                    reading_latest,
                    ..templates
                })
            }
            Err(e) => Err(Error::many(templates.diagnose_load(&e))),
        }
    }

    /// The errors of loading the templates. tera checks every name a template uses (filters,
    /// tests, functions, components, included templates, blocks) once all are parsed, and
    /// reports the unknown ones as one text; each becomes a diagnostic on its file, line and
    /// column.
    fn diagnose_load(&self, err: &tera::Error) -> Vec<Diagnostic> {
        let tera::ErrorKind::Msg(text) = err.kind() else {
            return vec![self.diagnose(err, None)];
        };
        let reports = unknown_names(text);
        if reports.is_empty() {
            return vec![self.diagnose(err, None)];
        }
        reports
            .into_iter()
            .map(|(message, name, line, column)| {
                self.at_template(name, message.to_string(), line, column)
                    .hint(unknown_name_hint(message))
            })
            .collect()
    }

    /// An error at a line and column of the template `name`, on its file as the user knows it
    /// (the site's `templates/…` or the theme's), with the line shown.
    fn at_template(&self, name: &str, message: String, line: usize, column: usize) -> Diagnostic {
        match self.files.get(name) {
            Some((file, text)) => Diagnostic::error(file.clone(), message)
                .at(line, column)
                .with_source(text.clone()),
            None => Diagnostic::error(PathBuf::from(name), message).at(line, column),
        }
    }

    /// Whether rendering the template `name` may read the `latest` variable, which the
    /// preview then counts among what its output is made from. (`include_cached` fragments
    /// get only the variables passed to them, which the caller names.)
    pub fn reads_latest(&self, name: &str) -> bool {
        self.reading_latest.contains(name) || !self.files.contains_key(name)
    }

    /// Whether a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders a template; `source` names the content being rendered, for the message.
    pub fn render(&self, name: &str, context: &tera::Context, source: &str) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|e| Error::from(self.diagnose(&e, Some(source))))
    }

    /// A tera error as a diagnostic on the template file, line and column.
    pub fn diagnose(&self, err: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        let context = rendering.map_or(String::new(), |s| {
            crate::t!("template-while-rendering", what = s)
        });
        match err.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                let span = report.span();
                self.at_template(
                    report.filename(),
                    format!("{}{context}", report.message()),
                    span.start_line,
                    span.start_col + 1,
                )
                .hint(crate::t!("template-syntax-hint"))
            }
            tera::ErrorKind::TemplateNotFound(name) => {
                let file = rendering.unwrap_or("site.yaml");
                Diagnostic::error(file, crate::t!("template-missing", name = name))
                    .hint(crate::t!("template-missing-setting-hint"))
            }
            other => Diagnostic::general(crate::t!(
                "template-error",
                error = other.to_string(),
                context = context
            ))
            .hint(crate::t!("template-error-hint")),
        }
    }
}

/// What to do about a name tera did not find (its message names the kind of name).
fn unknown_name_hint(message: &str) -> String {
    if message.starts_with("Unknown template") {
        crate::t!("template-unknown-template-hint")
    } else if message.starts_with("Unknown component") {
        crate::t!("template-unknown-component-hint")
    } else if message.starts_with("Block") {
        crate::t!("template-unknown-block-hint")
    } else {
        crate::t!("template-unknown-name-hint")
    }
}

/// The reports in a message of tera's name checks: (message, template, line, column) for each
/// `error: …` followed by ` --> template:line:column` (the format of tera 2's reports).
fn unknown_names(text: &str) -> Vec<(&str, &str, usize, usize)> {
    let mut found = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        let place = lines
            .next()
            .and_then(|l| l.trim_start().strip_prefix("--> "));
        let mut parts = place.into_iter().flat_map(|p| p.rsplitn(3, ':'));
        let (column, line, name) = (parts.next(), parts.next(), parts.next());
        if let (Some(column), Some(line), Some(name)) = (column, line, name) {
            if let (Ok(line), Ok(column)) = (line.parse(), column.parse()) {
                found.push((message, name, line, column));
            }
        }
    }
    found
}

/// Parses the templates alone (no site data), to report their syntax errors.
pub fn check(config: &Config) -> Result<()> {
    let lookup = Lookup {
        pages: AHashMap::new().into(),
        sections: AHashMap::new().into(),
        links: Links::default().into(),
        globals: (Value::none(), Value::none()),
        fragments: Fragments::default(),
        images: None,
    };
    Templates::load(config, Arc::new(lookup)).map(|_| ())
}

fn register(tera: &mut Tera, config: &Config, lookup: Arc<Lookup>, engine: Engine) {
    let lang = config.lang;
    let l = lookup.clone();
    tera.register_function(
        "include_cached",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            include_cached(&kwargs, &l, &engine)
        },
    );
    // The date as HTML (escaped, `1<sup>er</sup>` in French), marked safe.
    tera.register_filter("date", move |value: &str, kwargs: Kwargs, _: &State| {
        date_filter(value, &kwargs, lang).map(|text| Value::safe_string(&html_ordinals(&text)))
    });
    let cfg = config.clone();
    let l = lookup.clone();
    tera.register_function(
        "get_url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            match path.strip_prefix("@/") {
                Some(rel) => {
                    super::deps::note(super::deps::Dep::Url(rel.to_string()));
                    read(&l.links).get(rel).map(str::to_string).ok_or_else(|| {
                        tera::Error::message(crate::t!("template-get-url-unknown", path = path))
                    })
                }
                None => Ok(cfg.permalink(path)),
            }
        },
    );
    let l = lookup.clone();
    tera.register_function(
        "get_page",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let path: String = kwargs.must_get("path")?;
            let rel = path.trim_start_matches("@/");
            super::deps::note(super::deps::Dep::Page(rel.to_string()));
            read(&l.pages).get(rel).cloned().ok_or_else(|| {
                tera::Error::message(crate::t!("template-get-page-unknown", path = rel))
            })
        },
    );
    let images = lookup.images.clone();
    tera.register_function(
        "resize_image",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            resize_image(&kwargs, images.as_deref())
        },
    );
    let l = lookup;
    tera.register_function(
        "get_section",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let path: String = kwargs.must_get("path")?;
            let rel = path.trim_start_matches("@/");
            super::deps::note(super::deps::Dep::Section(rel.to_string()));
            read(&l.sections).get(rel).cloned().ok_or_else(|| {
                tera::Error::message(crate::t!("template-get-section-unknown", path = rel))
            })
        },
    );
    let cfg = config.clone();
    tera.register_function(
        "get_taxonomy_url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let kind: String = kwargs.must_get("kind")?;
            let name: String = kwargs.must_get("name")?;
            Ok(cfg.permalink(&format!("{kind}/{}/", slugify(&name))))
        },
    );
}

/// `resize_image(path, width, height, op, format)` → `{url, width, height}`.
fn resize_image(kwargs: &Kwargs, images: Option<&crate::images::Images>) -> TeraResult<Value> {
    let path: String = kwargs.must_get("path")?;
    let width: Option<u32> = kwargs.get("width")?;
    let height: Option<u32> = kwargs.get("height")?;
    let op: Option<String> = kwargs.get("op")?;
    let format: Option<String> = kwargs.get("format")?;
    let op_name = op.as_deref().unwrap_or("fit");
    let op = crate::images::template::Op::parse(op_name)
        .ok_or_else(|| tera::Error::message(crate::t!("template-resize-bad-op", op = op_name)))?;
    if width.is_none() && height.is_none() {
        return Err(tera::Error::message(crate::t!("template-resize-no-size")));
    }
    let Some(images) = images else {
        return Err(tera::Error::message(crate::t!(
            "template-resize-unavailable"
        )));
    };
    images
        .resize(
            &path,
            width,
            height,
            op,
            format.as_deref().unwrap_or("auto"),
        )
        .map(|r| {
            let value = Value::from_serializable(&r);
            super::deps::note(super::deps::Dep::Resized {
                source: r.source,
                out: r.out,
                copy: r.copy,
            });
            value
        })
        .map_err(tera::Error::message)
}

/// The engine, for `include_cached`: set once the templates are loaded.
type Engine = Arc<OnceLock<Weak<Tera>>>;

/// `include_cached(template="partials/card.html", p=p, level=2)`: the template rendered with
/// only the variables given, `site` and `t`, and reused wherever it is asked for again with the
/// same variables during one build (a card depends only on its page, and a 10,000-article site
/// shows each card on four or five lists).
fn include_cached(kwargs: &Kwargs, lookup: &Lookup, engine: &Engine) -> TeraResult<Value> {
    let template: &str = kwargs.must_get("template")?;
    let tera = engine
        .get()
        .and_then(Weak::upgrade)
        .ok_or_else(|| tera::Error::message(crate::t!("template-include-not-loaded")))?;
    let mut vars: Vec<(&str, &Value)> = Vec::new();
    for (name, value) in kwargs.iter() {
        match name.as_str() {
            Some("template") => {}
            Some(name) => vars.push((name, value)),
            None => {
                return Err(tera::Error::message(crate::t!(
                    "template-include-name-variables"
                )))
            }
        }
    }
    lookup.fragments.get_or_render(template, &vars, || {
        let mut cx = tera::Context::new();
        cx.insert_value("site", lookup.globals.0.clone());
        cx.insert_value("t", lookup.globals.1.clone());
        for (name, value) in &vars {
            cx.insert_value(name.to_string(), (*value).clone());
        }
        tera.render(template, &cx).map_err(|e| {
            tera::Error::message(crate::t!(
                "template-include-failed",
                template = template,
                error = e.to_string()
            ))
        })
    })
}

fn date_filter(value: &str, kwargs: &Kwargs, lang: Lang) -> TeraResult<String> {
    let when = When::parse(value).map_err(tera::Error::message)?;
    let style = match kwargs.get::<&str>("format")?.unwrap_or("long") {
        "long" => DateStyle::Long,
        "short" => DateStyle::Short,
        "month" => DateStyle::Month,
        "iso" => DateStyle::Iso,
        other => {
            return Err(tera::Error::message(crate::t!(
                "template-date-bad-format",
                format = other
            )))
        }
    };
    Ok(format_date(when.date(), lang, style))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pins the format of tera's name checks, which `unknown_names` reads: a tera update that
    /// changes it fails here rather than leaving users a message without its place.
    #[test]
    fn tera_name_checks_are_read_as_places() {
        let mut tera = Tera::new();
        let err = tera
            .add_raw_templates([
                ("a.html", "{{ x | nope }}\n{{ y is odd }}{{ f() }}"),
                (
                    "b.html",
                    "{% extends \"a.html\" %}{% block absent %}{% endblock %}",
                ),
            ])
            .unwrap_err();
        let tera::ErrorKind::Msg(text) = err.kind() else {
            panic!("not a message: {err:?}");
        };
        assert_eq!(
            unknown_names(text),
            vec![
                ("Unknown filter `nope`", "a.html", 1, 8),
                ("Unknown function `f`", "a.html", 2, 18),
                (
                    "Block `absent` is not defined in any parent template",
                    "b.html",
                    1,
                    32
                ),
            ]
        );
    }
}
