//! What list templates receive besides the views: the paginator of each page of a section or
//! term list, the taxonomy and term values, and the URLs of a list's pages.

use tera::Value;

use super::Renderer;
use crate::content::taxonomy::{Taxonomy, Term};

/// `actualites/` page 1 → `actualites/`; page 3 → `actualites/page/3/`.
pub fn pager_path(base: &str, number: usize) -> String {
    if number <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{number}/")
    }
}

/// The `paginator` of one page of a list: its pages' views, its place, and links to the
/// others.
#[derive(serde::Serialize)]
struct Paginator {
    /// The views, passed through by tera's serialiser (shared, not copied).
    pages: Vec<Value>,
    current: usize,
    total_pages: usize,
    total_items: usize,
    paginate_by: usize,
    first: String,
    path: String,
    last: String,
    previous: Option<String>,
    next: Option<String>,
}

/// The `paginator` of page `number` of the list at `base`, showing `items`.
pub(super) fn paginator(
    r: &Renderer,
    base: &str,
    items: &[usize],
    number: usize,
    total: usize,
    count: usize,
    per: usize,
) -> Value {
    let config = &r.site.config;
    let url = |n: usize| config.permalink(&pager_path(base, n));
    Value::from_serializable(&Paginator {
        pages: items.iter().map(|&i| r.views.pages[i].clone()).collect(),
        current: number,
        total_pages: total,
        total_items: count,
        paginate_by: per,
        first: url(1),
        path: config.url_path(base),
        last: url(total),
        previous: (number > 1).then(|| url(number - 1)),
        next: (number < total).then(|| url(number + 1)),
    })
}

/// The `taxonomy` variable of a taxonomy's pages.
pub(super) fn taxonomy_value(r: &Renderer, taxonomy: &Taxonomy) -> Value {
    let mut map = tera::Map::new();
    map.insert("name".into(), Value::from(taxonomy.name.clone()));
    map.insert(
        "permalink".into(),
        Value::from(r.site.config.permalink(&format!("{}/", taxonomy.name))),
    );
    Value::from(map)
}

/// A term as its list and its own pages show it.
pub(super) fn term_value(r: &Renderer, taxonomy: &Taxonomy, term: &Term) -> Value {
    let config = &r.site.config;
    let base = format!("{}/{}/", taxonomy.name, term.slug);
    let mut map = tera::Map::new();
    map.insert("name".into(), Value::from(term.name.clone()));
    map.insert("slug".into(), Value::from(term.slug.clone()));
    map.insert("permalink".into(), Value::from(config.permalink(&base)));
    map.insert("count".into(), Value::from(term.pages.len()));
    map.insert(
        "feed_url".into(),
        Value::from(config.permalink(&format!("{base}atom.xml"))),
    );
    Value::from(map)
}
