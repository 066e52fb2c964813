//! Counting the words of running text (for reading times).

/// Words of running text, counted exactly as `text.split_whitespace().count()` does (the
/// narrow no-break spaces of French typography separate words too), without building each word:
/// that iterator was a tenth of the Markdown pass.
pub(crate) fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let (space, len) = match BYTE_CLASS[usize::from(bytes[i])] {
            NOT_SPACE => (false, 1),
            SPACE => (true, 1),
            _ => {
                let c = text[i..].chars().next().unwrap_or_default();
                (c.is_whitespace(), c.len_utf8())
            }
        };
        words += usize::from(!space && !in_word);
        in_word = !space;
        i += len;
    }
    words
}

const NOT_SPACE: u8 = 0;
const SPACE: u8 = 1;
const DECODE: u8 = 2;

/// What one byte says of whitespace ([`char::is_whitespace`]): ASCII spaces are spaces; the
/// other spaces of Unicode all begin with C2, E1, E2 or E3 (U+0085, U+00A0, U+1680, U+2000 to
/// U+3000), so only characters beginning with those are decoded. Any other byte is part of a
/// character that is not a space (inside a word, its next bytes change nothing).
const BYTE_CLASS: [u8; 256] = {
    let mut table = [NOT_SPACE; 256];
    let spaces = [b' ', b'\t', b'\n', 0x0B, 0x0C, b'\r'];
    let mut k = 0;
    while k < spaces.len() {
        table[spaces[k] as usize] = SPACE;
        k += 1;
    }
    let leads = [0xC2, 0xE1, 0xE2, 0xE3];
    k = 0;
    while k < leads.len() {
        table[leads[k] as usize] = DECODE;
        k += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            "   ",
            "un",
            " deux  mots ",
            "Pourquoi\u{202F}? Parce\u{a0}que\tvoilà\n\x0bfin\x0c.",
            "«\u{202F}Bonjour\u{202F}»\r\nà tous\u{3000}!",
        ] {
            assert_eq!(
                super::count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_counts_as_split_whitespace_counts_it(
            text in "[a-zé€ \t\n\r\x0b\x0c\u{85}\u{a0}\u{1680}\u{2009}\u{2028}\u{202f}\u{205f}\u{3000}’«🐝\u{e1}\u{1e9e}]{0,30}"
        ) {
            proptest::prop_assert_eq!(super::count_words(&text), text.split_whitespace().count());
        }
    }
}
