//! Taxonomies: the terms pages are filed under (`tags`, `categories`, …), hashtags included.
//!
//! In: the pages' front matter terms and the `#Hashtags` found in their text. Out: for each
//! taxonomy of site.yaml, its terms (one per slug: `Coopsday` and `coopsday` are one term,
//! shown as the spelling most pages use) with their pages, newest first.

use std::borrow::Cow;
use std::collections::BTreeMap;

use ahash::AHashMap;
use rayon::prelude::*;

use super::Page;
use crate::text::slug::slugify;

/// One term and its pages.
#[derive(Debug, Clone)]
pub struct Term {
    /// Display name.
    pub name: String,
    /// URL segment.
    pub slug: String,
    /// Pages filed under it, newest first (indexes into `Site::pages`).
    pub pages: Vec<usize>,
}

/// A taxonomy and its terms, sorted by slug.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Its name, also its URL segment and front matter key.
    pub name: String,
    /// Its terms.
    pub terms: Vec<Term>,
}

impl Taxonomy {
    /// The term with this slug.
    pub fn term(&self, slug: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.slug == slug)
    }
}

/// The terms of one page for one taxonomy, hashtags included for `tags`, one per slug.
pub fn page_terms<'a>(page: &'a Page, taxonomy: &str) -> Vec<&'a str> {
    page_terms_by(page, taxonomy, |term| Cow::Owned(slugify(term)))
}

/// [`page_terms`], with the slugs from `slug_of` (a table made once for the site, say).
pub fn page_terms_by<'a, 's>(
    page: &'a Page,
    taxonomy: &str,
    slug_of: impl Fn(&str) -> Cow<'s, str>,
) -> Vec<&'a str> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for term in written_terms(page, taxonomy) {
        let slug = slug_of(term);
        if !slug.is_empty() && !seen.contains(&slug) {
            seen.push(slug);
            out.push(term);
        }
    }
    out
}

/// Every term a page carries for one taxonomy, as written, hashtags included for `tags`:
/// spellings of one term and empty slugs are not sorted out.
pub fn written_terms<'a>(page: &'a Page, taxonomy: &str) -> impl Iterator<Item = &'a str> {
    let written = page.meta.taxonomies.get(taxonomy).into_iter().flatten();
    let tags = taxonomy == "tags";
    let hashtags = page.rendered.hashtags.iter().filter(move |_| tags);
    written.chain(hashtags).map(String::as_str)
}

/// Builds every taxonomy named in site.yaml. `by_date` lists every page, newest first.
pub fn build(names: &[String], pages: &[Page], by_date: &[usize]) -> Vec<Taxonomy> {
    names
        .par_iter()
        .map(|name| build_one(name, pages, by_date))
        .collect()
}

/// Files page `i`, just added to the site, under each term it carries when that is a term
/// the site has, written the way the term is shown: what [`build`] would give once the terms'
/// pages are put back in order ([`reorder`]), the shown spelling only gaining a page. Returns
/// false, changing nothing, for a new term or another spelling: [`build`] decides those.
pub fn file_new_page(taxonomies: &mut [Taxonomy], pages: &[Page], i: usize) -> bool {
    let mut spots = Vec::new();
    for (t, taxonomy) in taxonomies.iter().enumerate() {
        for term in page_terms(&pages[i], &taxonomy.name) {
            let slug = slugify(term);
            let found = taxonomy
                .terms
                .binary_search_by(|known| known.slug.as_str().cmp(&slug));
            match found {
                Ok(k) if taxonomy.terms[k].name == term => spots.push((t, k)),
                _ => return false,
            }
        }
    }
    for (t, k) in spots {
        taxonomies[t].terms[k].pages.push(i);
    }
    true
}

/// Puts each term's pages back in the order of `by_date` (every page, newest first), after
/// pages moved without a term gained or lost: what [`build`] would give, without gathering the
/// terms again (the preview does this after a new date).
pub fn reorder(taxonomies: &mut [Taxonomy], by_date: &[usize]) {
    let mut rank = vec![0; by_date.len()];
    for (k, &i) in by_date.iter().enumerate() {
        rank[i] = k;
    }
    for taxonomy in taxonomies {
        taxonomy
            .terms
            .par_iter_mut()
            .for_each(|term| term.pages.sort_unstable_by_key(|&i| rank[i]));
    }
}

/// One taxonomy. A site uses a few hundred terms thousands of times: each spelling is
/// slugified and looked up once, then terms are numbered in the order they are met and sorted
/// by slug at the end.
fn build_one(name: &str, pages: &[Page], by_date: &[usize]) -> Taxonomy {
    struct Found<'p> {
        slug: String,
        spellings: BTreeMap<&'p str, usize>,
        pages: Vec<usize>,
    }
    let mut found: Vec<Found> = Vec::new();
    let mut by_slug: AHashMap<String, usize> = AHashMap::new();
    let mut by_spelling: AHashMap<&str, Option<usize>> = AHashMap::new();
    let mut seen = Vec::new();
    for &i in by_date {
        seen.clear();
        for term in written_terms(&pages[i], name) {
            let number = *by_spelling.entry(term).or_insert_with(|| {
                let slug = slugify(term);
                (!slug.is_empty()).then(|| {
                    let next = found.len();
                    *by_slug.entry(slug.clone()).or_insert_with(|| {
                        found.push(Found {
                            slug,
                            spellings: BTreeMap::new(),
                            pages: Vec::new(),
                        });
                        next
                    })
                })
            });
            let Some(k) = number.filter(|k| !seen.contains(k)) else {
                continue;
            };
            seen.push(k);
            *found[k].spellings.entry(term).or_default() += 1;
            found[k].pages.push(i);
        }
    }
    found.sort_unstable_by(|a, b| a.slug.cmp(&b.slug));
    Taxonomy {
        name: name.to_string(),
        terms: found
            .into_iter()
            .map(|f| Term {
                name: most_used(&f.spellings),
                slug: f.slug,
                pages: f.pages,
            })
            .collect(),
    }
}

/// The spelling used most; ties go to the first in alphabetical order, so builds are stable.
fn most_used(spellings: &BTreeMap<&str, usize>) -> String {
    let mut best: Option<(&str, usize)> = None;
    for (&s, &n) in spellings {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((s, n));
        }
    }
    best.map(|(s, _)| s.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Page, PageMeta, SourceFile};
    use std::sync::Arc;

    fn page(tags: &[&str], hashtags: &[&str]) -> Page {
        let mut meta = PageMeta::default();
        meta.taxonomies.insert(
            "tags".into(),
            tags.iter().map(std::string::ToString::to_string).collect(),
        );
        let rendered = crate::markdown::Rendered {
            hashtags: hashtags
                .iter()
                .map(std::string::ToString::to_string)
                .collect(),
            ..Default::default()
        };
        Page {
            file: SourceFile {
                path: "x".into(),
                shown: "x".into(),
                rel: "x.md".into(),
                text: Arc::from(""),
                body_start: 0,
                body_line: 1,
                generation: 0,
            },
            meta: Arc::new(meta),
            path: "x/".into(),
            section: 0,
            assets: vec![],
            rendered: Arc::new(rendered),
        }
    }

    #[test]
    fn a_new_page_under_known_terms_is_filed_as_a_build_would() {
        let terms = |tax: &[Taxonomy]| {
            tax[0]
                .terms
                .iter()
                .map(|t| (t.name.clone(), t.slug.clone(), t.pages.clone()))
                .collect::<Vec<_>>()
        };
        let mut pages = vec![
            page(&["Coopsday", "Formation"], &["coopsday"]),
            page(&[], &["Coopsday", "ESS"]),
        ];
        let names = ["tags".to_string()];
        let mut tax = build(&names, &pages, &[1, 0]);
        // Newest of the three: first in every list.
        pages.push(page(&["Formation"], &["ESS", "Coopsday"]));
        let by_date = [2, 1, 0];
        assert!(file_new_page(&mut tax, &pages, 2));
        reorder(&mut tax, &by_date);
        assert_eq!(terms(&tax), terms(&build(&names, &pages, &by_date)));
        // Another spelling may change how the term is shown; a new term adds one: both are
        // left to `build`, and nothing is filed.
        for (tags, hashtags) in [
            (&["formation"][..], &[][..]),
            (&["Formation"], &["Nouveau"]),
        ] {
            pages.push(page(tags, hashtags));
            let before = terms(&tax);
            assert!(!file_new_page(&mut tax, &pages, pages.len() - 1));
            assert_eq!(terms(&tax), before);
            pages.pop();
        }
    }

    #[test]
    fn case_variants_and_hashtags_make_one_term() {
        let pages = vec![
            page(&["Coopsday", "Formation"], &["coopsday"]),
            page(&[], &["Coopsday", "ESS"]),
        ];
        let tax = build(&["tags".into()], &pages, &[0, 1]);
        let slugs: Vec<&str> = tax[0].terms.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs, vec!["coopsday", "ess", "formation"]);
        let coopsday = tax[0].term("coopsday").unwrap();
        assert_eq!(coopsday.name, "Coopsday");
        assert_eq!(coopsday.pages, vec![0, 1]);
    }
}
