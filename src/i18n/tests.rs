//! The catalogue test: every language says every message, with the same values, and every
//! message the code asks for exists.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

use super::*;

/// Each message of a language's catalogue with the variables it uses.
fn messages(language: &Language) -> BTreeMap<String, BTreeSet<String>> {
    let mut all = BTreeMap::new();
    for (file, text) in &language.sources {
        let resource = fluent_syntax::parser::parse(text.as_str()).unwrap_or_else(|(_, errors)| {
            panic!("i18n/{}: {errors:?}", file.display());
        });
        for entry in resource.body {
            if let ast::Entry::Message(message) = entry {
                let mut variables = BTreeSet::new();
                if let Some(pattern) = &message.value {
                    pattern_variables(pattern, &mut variables);
                }
                let id = message.id.name.to_string();
                assert!(
                    all.insert(id.clone(), variables).is_none(),
                    "`{id}` is written twice in the {} catalogue",
                    language.tag
                );
            }
        }
    }
    all
}

fn pattern_variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Inline(inline) => inline_variables(inline, out),
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                pattern_variables(&variant.value, out);
            }
        }
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, out);
            }
        }
        _ => {}
    }
}

/// The text of every Rust and JavaScript file under `src/`.
fn code() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut text = String::new();
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "rs" || e == "js") {
            // Comments may show how `t!` is called with made-up ids.
            let file = std::fs::read_to_string(path).unwrap();
            for line in file.lines().filter(|l| !l.trim_start().starts_with("//")) {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    text
}

/// The ids the code asks for with `t!("id"`.
fn ids_in_code(code: &str) -> BTreeSet<String> {
    let pattern = regex::Regex::new(r#"t!\(\s*"([a-z0-9-]+)""#).unwrap();
    pattern
        .captures_iter(code)
        .map(|c| c[1].to_string())
        .collect()
}

#[test]
fn every_language_says_every_message_with_the_same_values() {
    let catalogue = catalogue();
    let tags: Vec<&str> = catalogue.languages.iter().map(|l| l.tag.as_str()).collect();
    assert!(tags.contains(&"en") && tags.contains(&"fr"), "{tags:?}");
    let english = messages(&catalogue.languages[catalogue.fallback]);
    assert!(english.len() > 20, "the English catalogue is nearly empty");
    for language in &catalogue.languages {
        let theirs = messages(language);
        let missing: Vec<&String> = english
            .keys()
            .filter(|id| !theirs.contains_key(*id))
            .collect();
        let extra: Vec<&String> = theirs
            .keys()
            .filter(|id| !english.contains_key(*id))
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "the {} catalogue lacks {missing:?} and has {extra:?} that English has not",
            language.tag
        );
        for (id, variables) in &english {
            assert_eq!(
                &theirs[id], variables,
                "`{id}` uses other values in {} than in English",
                language.tag
            );
        }
    }
}

#[test]
fn every_message_the_code_asks_for_exists_and_every_message_is_used() {
    let code = code();
    let english = messages(&catalogue().languages[catalogue().fallback]);
    let asked = ids_in_code(&code);
    assert!(asked.len() > 20, "{asked:?}");
    let unknown: Vec<&String> = asked
        .iter()
        .filter(|id| !english.contains_key(*id))
        .collect();
    assert!(unknown.is_empty(), "no catalogue has {unknown:?}");
    // Some ids are named by the code without `t!` (the overlay's labels, a message chosen
    // from a table): they appear as a string literal.
    let unused: Vec<&String> = english
        .keys()
        .filter(|id| !asked.contains(*id) && !code.contains(&format!("\"{id}\"")))
        .collect();
    assert!(unused.is_empty(), "no code uses {unused:?}");
}

#[test]
fn a_language_is_found_by_its_tag_its_region_or_its_locale_and_others_get_english() {
    let catalogue = catalogue();
    let tag = |index: Option<usize>| index.map(|i| catalogue.languages[i].tag.as_str());
    assert_eq!(tag(catalogue.find("fr")), Some("fr"));
    assert_eq!(tag(catalogue.find("fr-CA")), Some("fr"));
    assert_eq!(tag(catalogue.find("fr_BE")), Some("fr"));
    assert_eq!(tag(catalogue.find("EN")), Some("en"));
    assert_eq!(tag(catalogue.find("de")), None);
    assert_eq!(tag(catalogue.find("")), None);
}

#[test]
fn values_are_placed_without_invisible_marks_and_numbers_choose_the_plural() {
    let en = |count: usize| text_for("en", "count-errors", &[("count", count.arg())]);
    let fr = |count: usize| text_for("fr", "count-errors", &[("count", count.arg())]);
    assert_eq!(en(1), "1 error");
    assert_eq!(en(3), "3 errors");
    assert_eq!(fr(1), "1 erreur");
    assert_eq!(fr(3), "3 erreurs");
    let file = Path::new("content/a.md");
    let written = text_for("fr", "new-written", &[("file", file.arg())]);
    assert_eq!(written, "Écrit : content/a.md");
    assert_eq!(text_for("fr", "no-such-message", &[]), "no-such-message");
}
