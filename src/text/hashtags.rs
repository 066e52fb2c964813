//! Hashtags in running text.
//!
//! In: one text chunk of a document (never code, a link or a heading: the Markdown pass keeps
//! those away) and the character just before it. Out: where each `#Hashtag` is in the chunk
//! and its name, so the caller can link it to the tag's page and add the tag to the page.
//!
//! A hashtag is a `#` that starts a word, followed by a letter, then letters, digits, `_` or
//! `-`: `#Coopsday`, `(#ESS)`, `#Économie-sociale`. A `#` inside a token is not one: `C#`,
//! `a#b`, `x.org/#frag`, `&#233;`, `##x`; nor is a `#` followed by a digit (`#1`, a rank).

use std::ops::Range;

/// One hashtag found in a text chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hashtag {
    /// The byte range of `#Word` in the chunk.
    pub range: Range<usize>,
    /// The tag as written, without the `#`: `Word`.
    pub name: String,
}

/// Finds the hashtags of `text`, in order; `prev` is the character just before `text` in the
/// document (the end of the previous text event), `None` at the start of a block.
pub(crate) fn find_hashtags(text: &str, prev: Option<char>) -> Vec<Hashtag> {
    let mut found = Vec::new();
    let mut before = prev;
    let mut pos = 0;
    while let Some(c) = text[pos..].chars().next() {
        let after_hash = pos + c.len_utf8();
        let len = if c == '#' && can_precede(before) {
            tag_len(&text[after_hash..])
        } else {
            0
        };
        if len == 0 {
            before = Some(c);
            pos = after_hash;
            continue;
        }
        let end = after_hash + len;
        found.push(Hashtag {
            range: pos..end,
            name: text[after_hash..end].to_string(),
        });
        before = text[..end].chars().next_back();
        pos = end;
    }
    found
}

/// The length in bytes of the tag name at the start of `rest` (just after a `#`), 0 if
/// there is none.
fn tag_len(rest: &str) -> usize {
    let mut chars = rest.char_indices();
    match chars.next() {
        Some((_, first)) if first.is_alphabetic() => {}
        _ => return 0,
    }
    let end = chars
        .find(|&(_, c)| !is_tag_char(c))
        .map_or(rest.len(), |(i, _)| i);
    // A hyphen or underscore at the end is punctuation after the tag: `#ESS-`, `#ESS_`.
    rest[..end].trim_end_matches(['-', '_']).len()
}

/// Whether `c` continues a tag name. Combining accents count, so a name typed in decomposed
/// form (`e` + U+0301, as some macOS tools produce) is not cut before its accent.
fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-' || ('\u{300}'..='\u{36F}').contains(&c)
}

/// Whether a `#` after `before` starts a word: at the start, after a space, after opening
/// punctuation or after an elided article (`l’#ESS`), but not inside a token (after a letter,
/// digit, `&`, `/`, `#` …).
fn can_precede(before: Option<char>) -> bool {
    let Some(c) = before else {
        return true;
    };
    c.is_whitespace()
        || matches!(
            c,
            '(' | '[' | '{' | '«' | '‹' | '“' | '„' | '‘' | '"' | '’' | '\''
        )
}

#[cfg(test)]
mod tests {
    use super::{find_hashtags, Hashtag};
    use proptest::prelude::*;

    /// The names found in `text` at the start of a block.
    fn names(text: &str) -> Vec<String> {
        find_hashtags(text, None)
            .into_iter()
            .map(|t| t.name)
            .collect()
    }

    #[test]
    fn a_hashtag_gives_its_byte_range_and_name() {
        let text = "Bravo #Coopsday !";
        let tags = find_hashtags(text, None);
        assert_eq!(
            tags,
            vec![Hashtag {
                range: 6..15,
                name: "Coopsday".to_string()
            }]
        );
        assert_eq!(&text[tags[0].range.clone()], "#Coopsday");
    }

    #[test]
    fn hashtags_after_opening_punctuation() {
        assert_eq!(names("(#ESS)"), ["ESS"]);
        assert_eq!(names("[#ESS]"), ["ESS"]);
        assert_eq!(names("«\u{202F}#ESS\u{202F}»"), ["ESS"]);
        assert_eq!(names("“#ESS”"), ["ESS"]);
        assert_eq!(names("à\u{A0}#ESS"), ["ESS"]);
    }

    #[test]
    fn accents_hyphens_and_underscores_are_part_of_the_name() {
        assert_eq!(
            names("Vive #Économie-sociale, et #vie_coop."),
            ["Économie-sociale", "vie_coop"]
        );
        assert_eq!(names("#e\u{301}te\u{301}"), ["e\u{301}te\u{301}"]);
    }

    #[test]
    fn trailing_hyphen_or_underscore_is_not_part_of_the_name() {
        let tags = find_hashtags("#ESS- et #Scop_", None);
        assert_eq!(tags[0].range, 0..4);
        assert_eq!(tags[0].name, "ESS");
        assert_eq!(tags[1].name, "Scop");
    }

    #[test]
    fn hashtag_after_an_elided_article() {
        assert_eq!(names("Vive l’#ESS et l'#Économie"), ["ESS", "Économie"]);
    }

    #[test]
    fn several_hashtags_in_one_chunk() {
        assert_eq!(
            names("#un #deux\t#trois\n#quatre"),
            ["un", "deux", "trois", "quatre"]
        );
    }

    #[test]
    fn not_hashtags() {
        for text in [
            "#1",
            "n° #42",
            "C#",
            "F# et C#",
            "a#b",
            "##x",
            "#",
            "# titre",
            "x.org/#frag",
            "https://x.org/#frag",
            "&#233;",
            "#-x",
            "#_x",
        ] {
            assert_eq!(names(text), Vec::<String>::new(), "in {text:?}");
        }
    }

    #[test]
    fn a_hash_right_after_a_hashtag_starts_no_other() {
        assert_eq!(names("#ESS#Scop"), ["ESS"]);
    }

    #[test]
    fn the_previous_chunk_decides_at_the_start() {
        assert_eq!(find_hashtags("#ESS", Some('a')), []);
        assert_eq!(find_hashtags("#ESS", Some('/')), []);
        assert_eq!(find_hashtags("#ESS", Some(' ')).len(), 1);
        assert_eq!(find_hashtags("#ESS", None).len(), 1);
    }

    proptest! {
        #[test]
        fn ranges_point_at_the_names(text in any::<String>(), prev in any::<Option<char>>()) {
            let mut last_end = 0;
            for tag in find_hashtags(&text, prev) {
                prop_assert!(tag.range.start >= last_end);
                let expected = format!("#{}", tag.name);
                prop_assert_eq!(text.get(tag.range.clone()), Some(expected.as_str()));
                prop_assert!(tag.name.starts_with(char::is_alphabetic));
                prop_assert!(!tag.name.ends_with(['-', '_']));
                last_end = tag.range.end;
            }
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "#",
            "##",
            "#é",
            "é#",
            "#\u{301}",
            "# #",
            "#a-",
            "#-",
            "🐝#abeille",
            "#🐝",
        ] {
            find_hashtags(text, None);
            find_hashtags(text, Some('#'));
        }
    }
}
