//! Slugs: any text in (a title, a taxonomy term, a heading), a URL segment out.
//!
//! The segment is lowercase ASCII letters and digits in runs joined by single hyphens
//! (`Vie coopérative` → `vie-cooperative`), or empty when the text has no letter or digit at
//! all; the caller picks the fallback then, because only it knows what a sensible one is.
//! A segment is at most [`MAX_LEN`] bytes: it becomes a folder name, and file systems refuse
//! names past 255 bytes (a pasted paragraph as a tag once failed a whole build).

/// The longest slug, in bytes: long enough for any real title, far below the 255-byte limit
/// of a file name.
pub(crate) const MAX_LEN: usize = 100;

/// Turns `s` into a URL segment matching `^[a-z0-9]+(-[a-z0-9]+)*$`, or `""`.
///
/// Letters and digits of any script are transliterated to ASCII with `deunicode`
/// (`Œuvre` → `oeuvre`, `Ελλάδα` → `ellada`). Everything else (spaces, punctuation,
/// apostrophes, symbols, emoji) only separates words: `Coop'HLM` → `coop-hlm`, and
/// `Bravo 🎉` → `bravo` rather than a word made from the emoji's name.
pub(crate) fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // A separator is only written once the next word starts, so runs collapse to one
    // hyphen and none is left at either end.
    let mut separate = false;
    for c in s.chars() {
        if !c.is_alphanumeric() {
            separate = true;
            continue;
        }
        let mut buf = [0; 4];
        let ascii: &str = if c.is_ascii() {
            c.encode_utf8(&mut buf)
        } else {
            // An unknown character transliterates to nothing: it then just separates words.
            deunicode::deunicode_char(c).unwrap_or("")
        };
        push_word(&mut out, ascii, &mut separate);
        if out.len() > MAX_LEN {
            break;
        }
    }
    truncate(out)
}

/// Cuts a slug longer than [`MAX_LEN`] at the last hyphen that keeps at least half of it,
/// else at the limit, so that it stays a valid slug.
fn truncate(mut slug: String) -> String {
    if slug.len() <= MAX_LEN {
        return slug;
    }
    // ASCII only, so every byte index is a char boundary.
    slug.truncate(MAX_LEN);
    if let Some(hyphen) = slug.rfind('-').filter(|&i| i >= MAX_LEN / 2) {
        slug.truncate(hyphen);
    }
    let kept = slug.trim_end_matches('-').len();
    slug.truncate(kept);
    slug
}

/// Appends the letters and digits of `ascii`, lowercased; any other byte separates words.
fn push_word(out: &mut String, ascii: &str, separate: &mut bool) {
    for b in ascii.bytes() {
        let b = b.to_ascii_lowercase();
        if b.is_ascii_lowercase() || b.is_ascii_digit() {
            if *separate && !out.is_empty() {
                out.push('-');
            }
            *separate = false;
            out.push(char::from(b));
        } else {
            *separate = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::slugify;
    use proptest::prelude::*;

    #[test]
    fn french_titles() {
        assert_eq!(slugify("Vie coopérative"), "vie-cooperative");
        assert_eq!(slugify("Coop'HLM"), "coop-hlm");
        assert_eq!(slugify("Œuvre à l’été"), "oeuvre-a-l-ete");
        assert_eq!(slugify("Fab City Hub Paris"), "fab-city-hub-paris");
        assert_eq!(
            slugify("Ça déménage : l’ÉTÉ des Scop !"),
            "ca-demenage-l-ete-des-scop"
        );
    }

    #[test]
    fn dates_and_digits_survive() {
        assert_eq!(slugify("2025-07-01 Formation"), "2025-07-01-formation");
        assert_eq!(slugify("  10 ans  "), "10-ans");
    }

    #[test]
    fn symbols_only_give_an_empty_slug() {
        assert_eq!(slugify(""), "");
        assert_eq!(slugify("!!! --- ???"), "");
        assert_eq!(slugify("🎉🐝"), "");
    }

    #[test]
    fn symbols_separate_words() {
        assert_eq!(slugify("Bravo 🎉 à tous"), "bravo-a-tous");
        assert_eq!(slugify("a---b__c"), "a-b-c");
        assert_eq!(slugify("#Coopsday"), "coopsday");
    }

    #[test]
    fn long_texts_are_cut_at_a_word_within_the_limit() {
        let paragraph = "Une très longue phrase collée comme étiquette ".repeat(20);
        let slug = slugify(&paragraph);
        assert!(slug.len() <= super::MAX_LEN && slug.len() >= super::MAX_LEN / 2);
        assert!(slug.starts_with("une-tres-longue-phrase") && !slug.ends_with('-'));
        let word = "a".repeat(10_000);
        assert_eq!(slugify(&word), "a".repeat(super::MAX_LEN));
    }

    #[test]
    fn other_scripts_are_transliterated() {
        assert_eq!(slugify("Straße"), "strasse");
        assert_eq!(slugify("Ελλάδα"), "ellada");
    }

    fn is_slug(s: &str) -> bool {
        s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
    }

    proptest! {
        #[test]
        fn output_is_always_a_slug_or_empty(s in any::<String>()) {
            let slug = slugify(&s);
            prop_assert!(slug.is_empty() || is_slug(&slug), "{s:?} gave {slug:?}");
            prop_assert!(slug.len() <= super::MAX_LEN);
        }

        #[test]
        fn output_is_a_slug_for_latin_text(s in "[a-zA-Zàéèçœ’' !?.-]{0,40}") {
            let slug = slugify(&s);
            prop_assert!(slug.is_empty() || is_slug(&slug), "{s:?} gave {slug:?}");
        }

        #[test]
        fn slugify_is_idempotent(s in any::<String>()) {
            let once = slugify(&s);
            prop_assert_eq!(slugify(&once), once.clone());
        }
    }
}
