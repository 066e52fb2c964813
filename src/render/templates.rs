//! The tera 2 engine: the theme's templates, the site's overrides, ruche's functions and filters.
//!
//! In: the theme folder, the site's `templates/`, and the views (for `get_page` and friends).
//! Out: a ready [`Templates`], or diagnostics naming the template file, line and column.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use ahash::AHashMap;
use tera::{Kwargs, State, Tera, TeraResult, Value};
use walkdir::WalkDir;

use crate::config::Config;
use crate::content::Site;
use crate::error::{Diagnostic, Error, Result};
use crate::markdown::Links;
use crate::text::dates::{format_date, DateStyle, Lang, When};
use crate::text::slug::slugify;

/// What the template functions can look up. The views are behind locks so that the preview
/// can replace those of edited pages between two renders (read-only while rendering).
pub struct Lookup {
    /// Page views by source path relative to `content/`.
    pub pages: RwLock<AHashMap<String, Value>>,
    /// Section views by `_index.md` path relative to `content/`.
    pub sections: RwLock<AHashMap<String, Value>>,
    /// Source path → absolute URL.
    pub links: Links,
}

impl Lookup {
    /// Takes the new views of the pages `changed` and of the sections listing them.
    pub fn update(&self, site: &Site, changed: &[usize], views: &super::view::Views) {
        let mut pages = write(&self.pages);
        for &i in changed {
            pages.insert(site.pages[i].file.rel.clone(), views.pages[i].clone());
        }
        let mut sections = write(&self.sections);
        for s in site.sections_listing(changed) {
            let rel = super::section_rel(&site.sections[s].dir);
            sections.insert(rel, views.sections[s].clone());
        }
    }
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The loaded templates, with where each came from (for error messages).
pub struct Templates {
    /// The engine.
    pub tera: Tera,
    /// A fingerprint of every template's name and text.
    pub fingerprint: u64,
    files: HashMap<String, (PathBuf, Arc<str>)>,
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
        .filter_map(|e| e.ok())
    {
        if !entry.file_type().is_file()
            || crate::content::walk::is_ignored(&entry.file_name().to_string_lossy())
        {
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
            Diagnostic::error(shown_prefix.join(rel), "this template is not UTF-8 text")
                .hint("save it again as UTF-8")
        })?;
        out.push((name, shown_prefix.join(rel), Arc::from(text)));
    }
    Ok(out)
}

impl Templates {
    /// Loads the theme's templates, then the site's `templates/` over them.
    pub fn load(config: &Config, lookup: Arc<Lookup>) -> Result<Templates> {
        let theme_dir = config.theme_dir();
        if !theme_dir.is_dir() {
            return Err(Diagnostic::error(
                "site.yaml",
                format!("the theme `{}` was not found in `themes/`", config.theme),
            )
            .hint("check the `theme:` setting in site.yaml, or remove it to use the default theme")
            .into());
        }
        let mut files: HashMap<String, (PathBuf, Arc<str>)> = HashMap::new();
        let theme_shown = Path::new("themes").join(&config.theme).join("templates");
        for (name, shown, text) in read_dir(&theme_dir.join("templates"), &theme_shown)?
            .into_iter()
            .chain(read_dir(
                &config.root.join("templates"),
                Path::new("templates"),
            )?)
        {
            files.insert(name, (shown, text));
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".htm", ".xml"]);
        register(&mut tera, config, lookup);
        let mut sorted: Vec<(String, Arc<str>)> = files
            .iter()
            .map(|(n, (_, t))| (n.clone(), t.clone()))
            .collect();
        sorted.sort();
        let fingerprint = super::deps::hash_of(&sorted);
        let templates = Templates {
            tera: Tera::new(),
            fingerprint,
            files,
        };
        let result = tera.add_raw_templates(sorted.iter().map(|(n, t)| (n.as_str(), t.as_ref())));
        match result {
            Ok(()) => Ok(Templates { tera, ..templates }),
            Err(e) => Err(templates.diagnose(&e, None).into()),
        }
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
        let context = rendering.map_or(String::new(), |s| format!(" (while rendering {s})"));
        match err.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                let name = report.filename();
                let span = report.span();
                let (file, source) = self
                    .files
                    .get(name)
                    .map(|(p, t)| (p.clone(), Some(t.clone())))
                    .unwrap_or_else(|| (PathBuf::from(name), None));
                let mut d = Diagnostic::error(file, format!("{}{context}", report.message()))
                    .at(span.start_line, span.start_col + 1)
                    .hint("fix the template at this place; the tera syntax is described at https://keats.github.io/tera/");
                if let Some(source) = source {
                    d = d.with_source(source);
                }
                d
            }
            tera::ErrorKind::TemplateNotFound(name) => {
                let file = rendering.unwrap_or("site.yaml");
                Diagnostic::error(file, format!("the template `{name}` does not exist"))
                    .hint("check the `template:` setting, or add the file to your site's `templates/` folder")
            }
            other => Diagnostic::general(format!("template error: {other}{context}"))
                .hint("check the templates of your theme and of your site's `templates/` folder"),
        }
    }
}

/// Parses the templates alone (no site data), to report their syntax errors.
pub fn check(config: &Config) -> Result<()> {
    let lookup = Lookup {
        pages: AHashMap::new().into(),
        sections: AHashMap::new().into(),
        links: Links::default(),
    };
    Templates::load(config, Arc::new(lookup)).map(|_| ())
}

fn register(tera: &mut Tera, config: &Config, lookup: Arc<Lookup>) {
    let lang = config.lang;
    tera.register_filter("date", move |value: &str, kwargs: Kwargs, _: &State| {
        date_filter(value, &kwargs, lang)
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
                    l.links.get(rel).map(str::to_string).ok_or_else(|| {
                        tera::Error::message(format!(
                            "get_url: `{path}` is not a page or section of content/"
                        ))
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
            read(&l.pages)
                .get(rel)
                .cloned()
                .ok_or_else(|| tera::Error::message(format!("get_page: no page `content/{rel}`")))
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
                tera::Error::message(format!("get_section: no section `content/{rel}`"))
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

fn date_filter(value: &str, kwargs: &Kwargs, lang: Lang) -> TeraResult<String> {
    let when = When::parse(value).map_err(tera::Error::message)?;
    let style = match kwargs.get::<&str>("format")?.unwrap_or("long") {
        "long" => DateStyle::Long,
        "short" => DateStyle::Short,
        "month" => DateStyle::Month,
        "iso" => DateStyle::Iso,
        other => {
            return Err(tera::Error::message(format!(
                "date: unknown format `{other}`; use long, short, month or iso"
            )))
        }
    };
    Ok(format_date(when.date(), lang, style))
}
