//! The fragments `include_cached` renders: each once per render for one template and one set
//! of variables, and kept across the preview's patches while what they were made from stays.

use std::sync::Mutex;

use ahash::{AHashMap, AHashSet};
use tera::{TeraResult, Value};

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
    /// The variables' values, held so that no other value takes their addresses.
    held: Vec<Value>,
    deps: Vec<crate::render::deps::Dep>,
}

impl Fragments {
    /// Forgets the fragments that were made from a map or list no longer among `views` (a
    /// page's view built again is a new map) or that asked for anything through functions
    /// (which may answer otherwise now): those kept were made from what the next render
    /// still shows, and keep holding it.
    pub fn keep_current(&self, views: &crate::render::view::Views) {
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
    pub(super) fn get_or_render(
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
                crate::render::deps::note(dep.clone());
            }
            return Ok(made.html.clone());
        }
        let mark = crate::render::deps::mark();
        let html = Value::safe_string(&render()?);
        let made = Made {
            html: html.clone(),
            held: vars.iter().map(|(_, v)| (*v).clone()).collect(),
            deps: crate::render::deps::noted_since(mark),
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
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::collections::HashMap;

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
        use crate::render::deps::{note, recording, Dep};
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
    fn views(pages: Vec<Value>) -> crate::render::view::Views {
        crate::render::view::Views {
            pages,
            sections: Vec::new(),
            shallow_sections: Vec::new(),
            latest: Value::none(),
            site: Value::none(),
        }
    }
}
