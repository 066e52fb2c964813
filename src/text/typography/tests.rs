use super::French;
use std::borrow::Cow;

/// Runs one block of chunks through a fresh state and joins the output.
fn fr(chunks: &[&str]) -> String {
    let mut state = French::new();
    chunks.iter().map(|chunk| state.apply(chunk)).collect()
}

/// One chunk, with `_` standing for U+202F and `~` for U+00A0 in the expected text.
fn check(input: &str, expected: &str) {
    let expected = expected.replace('_', "\u{202F}").replace('~', "\u{A0}");
    assert_eq!(fr(&[input]), expected, "input: {input:?}");
}

#[test]
fn narrow_space_before_semicolon_exclamation_question() {
    check("Bonjour !", "Bonjour_!");
    check("Vraiment ? Oui ; non.", "Vraiment_? Oui_; non.");
}

#[test]
fn no_break_space_before_colon() {
    check("Lieu : Paris", "Lieu~: Paris");
    check("Lieu: Paris", "Lieu~: Paris");
    check("À retenir :", "À retenir~:");
}

#[test]
fn glued_marks_get_a_space() {
    check("Bonjour!", "Bonjour_!");
    check("Pourquoi?", "Pourquoi_?");
    check("a;b; c", "a;b_; c");
}

#[test]
fn several_spaces_or_the_wrong_one_are_replaced_by_one() {
    check("Bonjour   !", "Bonjour_!");
    check("Bonjour\u{A0}!", "Bonjour_!");
    check("Lieu\u{202F}: Paris", "Lieu~: Paris");
    check("Bonjour \u{A0} ?", "Bonjour_?");
}

#[test]
fn right_spaces_are_not_doubled() {
    check("Bonjour\u{202F}!", "Bonjour_!");
    check("Lieu\u{A0}: Paris", "Lieu~: Paris");
    check("«\u{202F}oui\u{202F}»", "«_oui_»");
}

#[test]
fn groups_get_one_space_before_the_group() {
    check("Quoi?!", "Quoi_?!");
    check("Quoi ?!", "Quoi_?!");
    check("Incroyable!!!", "Incroyable_!!!");
    check("Hein ?!? Non.", "Hein_?!? Non.");
}

#[test]
fn tokens_that_are_not_prose_are_left_alone() {
    for text in [
        "(?)",
        "[!]",
        "à 10:30 et 12:00",
        "https://x.org",
        "mailto:x@y.org",
        r"C:\Users",
        "a:b",
        "Yahoo!Mail",
        "Super :) et ;-) et :D",
        "Super:)",
    ] {
        check(text, text);
    }
}

#[test]
fn question_inside_brackets_gets_its_space() {
    check("(vraiment?)", "(vraiment_?)");
}

#[test]
fn mark_at_the_start_of_a_block_is_left_alone() {
    check("! Attention", "! Attention");
    check("  : rien", "  : rien");
}

#[test]
fn guillemets_get_narrow_spaces_inside() {
    check("« Bonjour »", "«_Bonjour_»");
    check("«Bonjour»", "«_Bonjour_»");
    check("«  Bonjour  »", "«_Bonjour_»");
    check("« Bonjour ! »", "«_Bonjour_!_»");
}

#[test]
fn curly_quotes_become_guillemets() {
    check("Il a dit “bonjour”.", "Il a dit «_bonjour_».");
    check("“Vraiment ?”", "«_Vraiment_?_»");
}

#[test]
fn quotes_inside_quotes_stay_english() {
    check("“Il a dit “oui” hier”", "«_Il a dit “oui” hier_»");
    check("« Il a dit “oui” hier »", "«_Il a dit “oui” hier_»");
}

#[test]
fn unpaired_quotes_from_smart_punctuation_are_placed_by_their_neighbours() {
    // Smart punctuation turns a `"` it cannot pair (spaced, French style, or the last of
    // an odd number) into `“`.
    check("Il dit “ bonjour “ !", "Il dit «_bonjour_»_!");
    check("“Il a dit “oui” hier“", "«_Il a dit “oui” hier_»");
    check("Il dit ” bonjour ”.", "Il dit «_bonjour_».");
}

#[test]
fn quote_after_a_colon_opens_and_gets_its_spaces() {
    check("Il a dit:“oui”.", "Il a dit~: «_oui_».");
    check("Il a dit : “oui”.", "Il a dit~: «_oui_».");
    assert_eq!(
        fr(&["Il a dit:", "“", "oui", "”"]),
        "Il a dit\u{A0}: «\u{202F}oui\u{202F}»"
    );
}

#[test]
fn quote_glued_to_a_word_outside_a_quotation_is_kept() {
    check("Un écran de 27“.", "Un écran de 27“.");
    check("Un écran de 27”.", "Un écran de 27”.");
}

#[test]
fn guillemets_typed_inside_a_quotation_are_kept() {
    check("« Il a dit « oui » hier »", "«_Il a dit «_oui_» hier_»");
}

#[test]
fn quotes_before_inline_markup_open() {
    // `"*Titre*"`: the opening quote ends its chunk, the closing one starts another.
    assert_eq!(fr(&["Lisez ", "“"]), "Lisez «\u{202F}");
    assert_eq!(
        fr(&["Lisez “", "Titre", "”"]),
        "Lisez «\u{202F}Titre\u{202F}»"
    );
}

#[test]
fn apostrophes_and_plain_text_are_untouched() {
    check(
        "L’été de l’ESS, c’est l'affaire de tous.",
        "L’été de l’ESS, c’est l'affaire de tous.",
    );
    check("Il dit \"bonjour\".", "Il dit \"bonjour\".");
}

#[test]
fn unchanged_chunks_are_borrowed() {
    let mut state = French::new();
    assert!(matches!(
        state.apply_cow("Rien à faire ici."),
        Cow::Borrowed(_)
    ));
    assert!(matches!(state.apply_cow("Bonjour !"), Cow::Owned(_)));
}

#[test]
fn space_in_the_next_chunk_is_replaced() {
    assert_eq!(fr(&["Bonjour", " !"]), "Bonjour\u{202F}!");
    assert_eq!(fr(&["Lieu", " : Paris"]), "Lieu\u{A0}: Paris");
}

#[test]
fn mark_glued_to_the_previous_chunk_gets_a_space() {
    assert_eq!(fr(&["lien", "!"]), "lien\u{202F}!");
    assert_eq!(fr(&["Lieu", ":"]), "Lieu\u{A0}:");
}

#[test]
fn space_written_by_the_previous_chunk_is_not_doubled() {
    assert_eq!(fr(&["Bonjour ", "!"]), "Bonjour !");
    assert_eq!(fr(&["Bonjour\u{202F}", "!"]), "Bonjour\u{202F}!");
}

#[test]
fn quotes_split_into_their_own_chunks() {
    // Smart punctuation gives each quote its own text event.
    assert_eq!(
        fr(&["Il a dit ", "“", "bonjour", "”", " !"]),
        "Il a dit «\u{202F}bonjour\u{202F}»\u{202F}!"
    );
    assert_eq!(fr(&["«", " Bonjour »"]), "«\u{202F}Bonjour\u{202F}»");
}

#[test]
fn reset_forgets_the_previous_character() {
    let mut state = French::new();
    assert_eq!(state.apply("Fin du paragraphe"), "Fin du paragraphe");
    state.reset();
    assert_eq!(state.apply("! Début"), "! Début");
}

#[test]
fn reset_closes_a_quotation_left_open() {
    let mut state = French::new();
    assert_eq!(
        state.apply("“Premier paragraphe"),
        "«\u{202F}Premier paragraphe"
    );
    state.reset();
    assert_eq!(state.apply("“Second”"), "«\u{202F}Second\u{202F}»");
}

#[test]
fn line_break_then_mark_is_left_alone() {
    let mut state = French::new();
    state.apply("Bonjour");
    state.observe("\n");
    assert_eq!(state.apply("! suite"), "! suite");
}

#[test]
fn observed_code_counts_as_the_previous_text() {
    let mut state = French::new();
    state.apply("Lancez ");
    state.observe("ruche build");
    assert_eq!(state.apply("!"), "\u{202F}!");
}

#[test]
fn odd_quote_sequences_found_by_proptest_are_stable() {
    for text in ["«’:“", "““»"] {
        let once = fr(&[text]);
        assert_eq!(fr(&[&once]), once, "{text:?}");
    }
}

#[test]
fn never_panics_on_odd_input() {
    for text in [
        "", " ", "«", "»", "”", "“", "::::", "!?!?", "« »", "\u{202F}", "é!", "😀?",
    ] {
        let mut state = French::new();
        state.apply(text);
        state.apply(text);
    }
}

mod properties {
    use super::French;
    use proptest::prelude::*;

    /// Text made of the characters typography cares about, and a few others.
    fn prose() -> impl Strategy<Value = String> {
        "[a-zé0-9 \u{A0}\u{202F};:!?«»“”()/\\\\.,’'\n-]{0,40}"
    }

    proptest! {
        #[test]
        fn never_panics_on_any_chunks(chunks in prop::collection::vec(any::<String>(), 0..5)) {
            let mut state = French::new();
            for chunk in &chunks {
                state.apply(chunk);
            }
        }

        #[test]
        fn letters_digits_and_line_breaks_are_kept_in_order(text in prose()) {
            let out = French::new().apply(&text);
            let kept = |s: &str| -> String {
                s.chars().filter(|c| c.is_alphanumeric() || *c == '\n').collect()
            };
            prop_assert_eq!(kept(&out), kept(&text));
        }

        #[test]
        fn applying_twice_changes_nothing_more(text in prose()) {
            let once = French::new().apply(&text);
            let twice = French::new().apply(&once);
            prop_assert_eq!(twice, once);
        }

        #[test]
        fn rewriting_by_runs_equals_rewriting_by_characters(
            chunks in prop::collection::vec(prose(), 1..4),
            open in any::<bool>(),
        ) {
            let mut fast = French::new();
            if open {
                // Start right after an opening quote, where spaces are dropped.
                fast.apply("«");
            }
            let mut slow = fast.clone();
            for chunk in &chunks {
                prop_assert_eq!(fast.rewrite(chunk), slow.rewrite_by_char(chunk));
            }
        }

        #[test]
        fn chunks_without_marks_or_quotes_are_unchanged(text in "[a-zA-Zé0-9 ,.’'()\n-]{0,40}") {
            prop_assert_eq!(French::new().apply(&text), text);
        }
    }
}

#[test]
fn titles_get_the_bodys_curled_quotes_and_french_spacing() {
    assert_eq!(super::title("L'avril", false), "L’avril");
    assert_eq!(super::title("Il a dit \"oui\"", false), "Il a dit “oui”");
    assert_eq!(
        super::title("Coop'HLM : \"la fête\"", true),
        "Coop’HLM\u{a0}: «\u{202f}la fête\u{202f}»"
    );
    assert_eq!(super::title("Sans guillemets", true), "Sans guillemets");
}
