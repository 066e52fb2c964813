//! The tera 2 engine: the theme's templates, the site's overrides, ruche's functions and filters.
//!
//! In: the theme folder, the site's `templates/`, and the views (for `get_page` and friends).
//! Out: a ready [`Templates`], or diagnostics naming the template file, line and column.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock, Weak};

use ahash::{AHashMap, AHashSet};
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
    /// Source path → absolute URL (replaced when the preview gives a page a new address).
    pub links: RwLock<Links>,
    /// The `site` and `t` variables, which fragments get too.
    pub globals: (Value, Value),
    /// What `include_cached` rendered during this render.
    pub fragments: Fragments,
}

/// The fragments `include_cached` rendered, each once per render for one template and one set
/// of variables.
#[derive(Default)]
pub struct Fragments {
    /// Rendered fragments by template and variables, with the variables' values (a map or list
    /// is told apart by its address, and holding it keeps that address from being taken by
    /// another while the render lasts) and what the fragment asked for through functions
    /// (noted again for every output that shows it, for the preview's dependencies).
    made: Mutex<AHashMap<String, Made>>,
}

struct Made {
    /// A safe string: each reuse shares it.
    html: Value,
    held: Vec<Value>,
    deps: Vec<super::deps::Dep>,
}

impl Fragments {
    /// Forgets the fragments that were made from a map or list no longer among `views` (a
    /// page's view built again is a new map) or that asked for anything through functions
    /// (which may answer otherwise now): those kept were made from what the next render
    /// still shows, and keep holding it.
    pub fn keep_current(&self, views: &super::view::Views) {
        let current: AHashSet<usize> = views
            .pages
            .iter()
            .chain(&views.sections)
            .chain(&views.shallow_sections)
            .filter_map(address)
            .collect();
        lock(&self.made).retain(|_, made| {
            made.deps.is_empty()
                && made
                    .held
                    .iter()
                    .all(|v| address(v).is_none_or(|a| current.contains(&a)))
        });
    }

    /// `template` rendered by `render` with the variables `vars`, or as already rendered.
    fn get_or_render(
        &self,
        template: &str,
        vars: &[(&str, &Value)],
        render: impl FnOnce() -> TeraResult<String>,
    ) -> TeraResult<Value> {
        let mut key = String::with_capacity(template.len() + 24 * vars.len());
        key.push_str(template);
        for (name, value) in vars {
            key.push('\0');
            key.push_str(name);
            key.push('=');
            push_key_value(&mut key, value);
        }
        if let Some(made) = lock(&self.made).get(&key) {
            for dep in &made.deps {
                super::deps::note(dep.clone());
            }
            return Ok(made.html.clone());
        }
        let mark = super::deps::mark();
        let html = Value::safe_string(&render()?);
        let made = Made {
            html: html.clone(),
            held: vars.iter().map(|(_, v)| (*v).clone()).collect(),
            deps: super::deps::noted_since(mark),
        };
        lock(&self.made).insert(key, made);
        Ok(html)
    }
}

/// Writes `value` into a fragment's key without a text of its own in between (the key is made
/// for every card of every list). A map or list is told apart by its address; anything else by
/// its kind and its text, with the text's length first, so that no text can pass for the
/// variables after it.
fn push_key_value(key: &mut String, value: &Value) {
    use std::fmt::Write as _;
    let address = address(value);
    let (kind, safe) = (value.name(), value.is_safe());
    // Writing to a `String` cannot fail.
    let _ = match (address, value.as_str(), value.as_i64(), value.as_bool()) {
        (Some(address), ..) => write!(key, "@{address:x}"),
        (_, Some(text), ..) => write!(key, "{kind}{safe}:{}:{text}", text.len()),
        (_, _, Some(n), _) => write!(key, "{kind}:{n}"),
        (_, _, _, Some(b)) => write!(key, "{kind}:{b}"),
        _ => {
            let shown = value.to_string();
            write!(key, "{kind}{safe}:{}:{shown}", shown.len())
        }
    };
}

/// The address of a map's or list's contents, shared by every clone of the value.
fn address(value: &Value) -> Option<usize> {
    match (value.as_map(), value.as_array()) {
        (Some(map), _) => Some(map as *const tera::Map as usize),
        (_, Some(list)) => Some(list.as_ptr() as usize),
        _ => None,
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
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
    lock.read().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
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
        let context = rendering.map_or(String::new(), |s| format!(" (while rendering {s})"));
        match err.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                let span = report.span();
                self.at_template(
                    report.filename(),
                    format!("{}{context}", report.message()),
                    span.start_line,
                    span.start_col + 1,
                )
                .hint("fix the template at this place; the tera syntax is described at https://keats.github.io/tera/")
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

/// What to do about a name tera did not find (its message names the kind of name).
fn unknown_name_hint(message: &str) -> &'static str {
    if message.starts_with("Unknown template") {
        "check the name: templates are looked for in your site's `templates/` folder, then in the theme's `templates/`"
    } else if message.starts_with("Unknown component") {
        "check the name: components are the `{% component name(...) %}` of your theme's and your site's templates"
    } else if message.starts_with("Block") {
        "check the name: a block replaces a block of the same name in the template this one extends"
    } else {
        "check the spelling: templates can use tera's filters, tests and functions (https://keats.github.io/tera/), ruche's `date` filter, and its functions `get_page`, `get_section`, `get_url`, `get_taxonomy_url` and `include_cached`"
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
                    read(&l.links).get(rel).map(str::to_string).ok_or_else(|| {
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
        .ok_or_else(|| tera::Error::message("include_cached: the templates are not loaded yet"))?;
    let mut vars: Vec<(&str, &Value)> = Vec::new();
    for (name, value) in kwargs.iter() {
        match name.as_str() {
            Some("template") => {}
            Some(name) => vars.push((name, value)),
            None => return Err(tera::Error::message("include_cached: name each variable")),
        }
    }
    lookup.fragments.get_or_render(template, &vars, || {
        let mut cx = tera::Context::new();
        cx.insert_value("site", lookup.globals.0.clone());
        cx.insert_value("t", lookup.globals.1.clone());
        for (name, value) in &vars {
            cx.insert_value(name.to_string(), (*value).clone());
        }
        tera.render(template, &cx)
            .map_err(|e| tera::Error::message(format!("include_cached: `{template}` failed: {e}")))
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
            return Err(tera::Error::message(format!(
                "date: unknown format `{other}`; use long, short, month or iso"
            )))
        }
    };
    Ok(format_date(when.date(), lang, style))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn render_counting(
        fragments: &Fragments,
        vars: &[(&str, &Value)],
        count: &Cell<usize>,
    ) -> String {
        let html = format!("card {}", count.get());
        fragments
            .get_or_render("card.html", vars, || {
                count.set(count.get() + 1);
                Ok(html)
            })
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    }

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

    #[test]
    fn a_fragment_is_rendered_once_per_template_and_variables() {
        let fragments = Fragments::default();
        let count = Cell::new(0);
        let page =
            Value::from_serializable(&[("title", "A")].into_iter().collect::<HashMap<_, _>>());
        let (two, three) = (Value::from(2), Value::from(3));
        let first = render_counting(&fragments, &[("p", &page), ("level", &two)], &count);
        let again = render_counting(&fragments, &[("p", &page.clone()), ("level", &two)], &count);
        assert_eq!(
            (first.as_str(), again.as_str(), count.get()),
            ("card 0", "card 0", 1)
        );
        render_counting(&fragments, &[("p", &page), ("level", &three)], &count);
        assert_eq!(count.get(), 2, "another level is another fragment");
        // An equal page that is another value (another page with the same fields) is not
        // taken for this one.
        let twin =
            Value::from_serializable(&[("title", "A")].into_iter().collect::<HashMap<_, _>>());
        render_counting(&fragments, &[("p", &twin), ("level", &two)], &count);
        assert_eq!(count.get(), 3);
        // A text and a number that print alike are not the same variable.
        render_counting(
            &fragments,
            &[("p", &page), ("level", &Value::from("2"))],
            &count,
        );
        assert_eq!(count.get(), 4);
        // Nor is a text that reads like the key of more variables.
        let (a, b) = (Value::from("x"), Value::from("y"));
        render_counting(&fragments, &[("a", &a), ("b", &b)], &count);
        let forged = format!("x\0b={}{}:y", b.name(), b.is_safe());
        render_counting(&fragments, &[("a", &Value::from(forged))], &count);
        assert_eq!(count.get(), 6);
        // Made from a view the next render still shows: kept; else forgotten.
        fragments.keep_current(&views(vec![page.clone()]));
        render_counting(&fragments, &[("p", &page), ("level", &two)], &count);
        assert_eq!(count.get(), 6, "the page's view is current");
        render_counting(&fragments, &[("a", &a), ("b", &b)], &count);
        assert_eq!(count.get(), 6, "texts are no views");
        fragments.keep_current(&views(vec![twin.clone()]));
        render_counting(&fragments, &[("p", &page), ("level", &two)], &count);
        assert_eq!(count.get(), 7, "the page's view was built again");
    }

    #[test]
    fn a_reused_fragment_notes_again_what_it_asked_for() {
        use super::super::deps::{note, recording, Dep};
        let fragments = Fragments::default();
        let page = Value::from(vec![Value::from(1)]);
        let vars = [("p", &page)];
        let render = || {
            fragments.get_or_render("card.html", &vars, || {
                note(Dep::Page("actualites/a.md".into()));
                Ok("card".to_string())
            })
        };
        let (_, first) = recording(render);
        let (_, second) = recording(render);
        assert_eq!(first, vec![Dep::Page("actualites/a.md".into())]);
        assert_eq!(second, first);
        // What the page gives may have changed: the fragment is not kept for the next render,
        // though the value it was made from is still current.
        fragments.keep_current(&views(vec![page.clone()]));
        assert!(lock(&fragments.made).is_empty());
    }

    /// Views with these pages' and nothing else.
    fn views(pages: Vec<Value>) -> super::super::view::Views {
        super::super::view::Views {
            pages,
            sections: Vec::new(),
            shallow_sections: Vec::new(),
            latest: Value::none(),
            site: Value::none(),
        }
    }
}
