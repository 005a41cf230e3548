//! The character rules every stage shares: how decomposed letters are recomposed, how text is
//! folded to ASCII, and what counts as a letter. Parsing, analysis, place names and the query
//! syntax's field names all use these, so "Ma\u{30a}lsättning" typed, parsed from a PDF, looked
//! up as a kommun or folded for a query is one word everywhere.
//!
//! ```
//! use projsok::text::{fold, recompose};
//! assert_eq!(recompose("Ma\u{30a}lsa\u{308}ttning"), "Målsättning");
//! assert_eq!(fold("Målsättning för Övre Norrland"), "Malsattning for Ovre Norrland");
//! ```

use std::borrow::Cow;
use std::cell::RefCell;

use tantivy::tokenizer::{AsciiFoldingFilter, RawTokenizer, TextAnalyzer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// `text` in Unicode NFC: PDF text writes "å" as "a" and a combining ring, and some tools the
/// ångström sign (U+212B) for Å. Text already in NFC, as nearly all is, is returned as it is,
/// after one scan and no copy. The decision is the text's own, never its neighbours': a value
/// comes out the same whatever else its document holds.
pub fn recompose(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.nfc().collect())
}

thread_local! {
    static FOLDER: RefCell<TextAnalyzer> = RefCell::new(
        TextAnalyzer::builder(RawTokenizer::default()).filter(AsciiFoldingFilter).build(),
    );
}

/// `text` folded to ASCII ("företag" → "foretag") the way tantivy's `AsciiFoldingFilter` folds
/// the index's folded field, so a folded lookup anywhere agrees with what the index holds.
/// Case is kept.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    FOLDER.with_borrow_mut(|folder| {
        let mut stream = folder.token_stream(text);
        match stream.next() {
            Some(token) => token.text.clone(),
            None => String::new(),
        }
    })
}

/// A mark that turns the direction of the text after it (LRM, RLM, the embeddings,
/// overrides and isolates): invisible, and a name ending "…\u{202e}dm.exe" shows as "exe.md".
pub fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Characters that show nothing (zero-width spaces and joiners, the word joiner, U+FEFF, the
/// soft hyphen): pasted from web pages and PDFs inside words, where the documents' tokenizer
/// never sees them, and left inside the words of documents.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// A letter of a word: alphabetic, or a combining mark (a decomposed "å" is two characters).
pub fn is_letter(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

/// The Swedish month names, as dates write them: page banners ("3 mars 2009") and the dates
/// every kind of document carries.
pub const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// The Levenshtein distance in characters: how far a typed facet value, document id or
/// parameter name is from one that exists.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, a_char) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != *b_char);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The units an amount may be written in, longest first (a "tkr" is no "kr" of "t").
const KRONOR_UNITS: [(&str, usize); 4] = [("mkr", 6), ("tkr", 3), ("sek", 0), ("kr", 0)];

/// An amount of kronor as Swedish text writes it, in whole kronor: `1500000`, `1 500 000`
/// (spaces, no-break or thin spaces between groups of three), `1.500.000`, `1,5 Mkr`, `500 tkr`,
/// `250 000 kr` (units in any case, with or without a space). The decimals after a comma
/// must come to whole kronor (`1,5 kr` is refused, `1,2345 Mkr` is 1 234 500). The error says
/// what to write instead, for a message after the flag or field that took it.
///
/// ```
/// assert_eq!(projsok::text::kronor("1,5 Mkr"), Ok(1_500_000));
/// assert_eq!(projsok::text::kronor("1 500 000 kr"), Ok(1_500_000));
/// ```
pub fn kronor(text: &str) -> std::result::Result<u64, String> {
    let example = "as in 1500000, \"1 500 000\", \"1,5 Mkr\" or \"500 tkr\"";
    let lower = text.trim().to_lowercase();
    let (number, zeros) = KRONOR_UNITS
        .iter()
        .find_map(|(unit, zeros)| lower.strip_suffix(unit).map(|number| (number, *zeros)))
        .unwrap_or((lower.as_str(), 0));
    let number = number.trim_end_matches(|c: char| c.is_whitespace());
    if number.starts_with('-') {
        return Err("must be a positive number".to_string());
    }
    let (whole, decimals) = match number.split_once(',') {
        Some((whole, decimals)) => (whole, Some(decimals)),
        None => (number, None),
    };
    // Groups of three after the first, between spaces or points: "1 5" is no number.
    let groups: Vec<&str> = whole.split(|c: char| c.is_whitespace() || c == '.').collect();
    let grouped = groups.iter().enumerate().all(|(i, group)| {
        let size = if i == 0 { 1..=usize::MAX } else { 3..=3 };
        size.contains(&group.len()) && group.bytes().all(|b| b.is_ascii_digit())
    });
    let decimals_ok =
        decimals.is_none_or(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
    if !grouped || !decimals_ok {
        // "1.5 Mkr" as English writes it: a point between digits that groups no thousands.
        let decimal_point = decimals.is_none()
            && whole.matches('.').count() == 1
            && whole.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        return Err(if decimal_point {
            format!("write the decimals after a comma, {example}")
        } else {
            format!("must be an amount in kronor, {example}")
        });
    }
    let decimals = decimals.unwrap_or("");
    let (kept, rest) = decimals.split_at(decimals.len().min(zeros));
    if rest.bytes().any(|b| b != b'0') {
        return Err("is not a whole number of kronor".to_string());
    }
    let digits = format!("{}{kept}{}", groups.concat(), "0".repeat(zeros - kept.len()));
    digits.parse::<u64>().map_err(|_| "is too large".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kronor_reads_amounts_as_swedish_text_writes_them() {
        let cases = [
            ("1500000", 1_500_000),
            ("1 500 000", 1_500_000),
            ("1\u{a0}500\u{a0}000", 1_500_000),
            ("1\u{202f}500\u{202f}000 kr", 1_500_000),
            ("1.500.000", 1_500_000),
            ("1,5 Mkr", 1_500_000),
            ("1,5Mkr", 1_500_000),
            ("1,5 mkr", 1_500_000),
            ("0,25 MKR", 250_000),
            ("1,2345 Mkr", 1_234_500),
            ("2 Mkr", 2_000_000),
            ("500 tkr", 500_000),
            ("1,5 tkr", 1_500),
            ("250 000 kr", 250_000),
            ("250000kr", 250_000),
            ("2,00 kr", 2),
            ("1 500 SEK", 1_500),
            (" 0 ", 0),
            ("18446744073709551615", u64::MAX),
        ];
        for (text, expected) in cases {
            assert_eq!(kronor(text), Ok(expected), "{text:?}");
        }
        let example = "as in 1500000, \"1 500 000\", \"1,5 Mkr\" or \"500 tkr\"";
        let refused = [
            ("1,5 kr", "is not a whole number of kronor".to_string()),
            ("1,2345678 Mkr", "is not a whole number of kronor".to_string()),
            ("1.5 Mkr", format!("write the decimals after a comma, {example}")),
            ("-5", "must be a positive number".to_string()),
            ("1 5", format!("must be an amount in kronor, {example}")),
            ("15 00", format!("must be an amount in kronor, {example}")),
            ("", format!("must be an amount in kronor, {example}")),
            ("Mkr", format!("must be an amount in kronor, {example}")),
            ("1,", format!("must be an amount in kronor, {example}")),
            ("1,5,0 Mkr", format!("must be an amount in kronor, {example}")),
            ("fem", format!("must be an amount in kronor, {example}")),
            ("18446744073709551616", "is too large".to_string()),
        ];
        for (text, expected) in refused {
            assert_eq!(kronor(text), Err(expected), "{text:?}");
        }
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("målsättning", "malsattning"), 2);
        assert_eq!(edit_distance("norland", "norrland"), 1);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn recompose_writes_decomposed_letters_as_one_character() {
        assert_eq!(recompose("Ma\u{30a}lsa\u{308}ttning"), "Målsättning");
        assert_eq!(
            recompose("O\u{308}vre Norrland, ide\u{301}, mu\u{308}sli"),
            "Övre Norrland, idé, müsli"
        );
        assert_eq!(recompose("A\u{30a}NGE"), "ÅNGE");
        // A mark with nothing to combine with stays.
        assert_eq!(recompose("\u{308}x\u{30a}"), "\u{308}x\u{30a}");
    }

    #[test]
    fn recompose_borrows_text_without_combining_marks() {
        assert!(matches!(recompose("Målsättning"), Cow::Borrowed(_)));
        assert!(matches!(recompose("plain ascii"), Cow::Borrowed(_)));
        assert!(matches!(recompose(""), Cow::Borrowed(_)));
        // The ångström sign is Å in NFC, whatever the rest of the text holds.
        assert_eq!(recompose("\u{212b}SELE"), "ÅSELE");
        assert_eq!(recompose("\u{212b}sele, Ma\u{30a}l"), "Åsele, Mål");
    }

    #[test]
    fn fold_drops_the_diacritics_of_swedish_and_its_neighbours() {
        assert_eq!(fold("företag"), "foretag");
        assert_eq!(fold("MÅLSÄTTNING"), "MALSATTNING");
        assert_eq!(
            fold("Malmö, Tromsø, Åre, café, Müller, Århus"),
            "Malmo, Tromso, Are, cafe, Muller, Arhus"
        );
        assert_eq!(fold("matchning"), "matchning");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn fold_agrees_with_the_folded_field_on_decomposed_text() {
        assert_eq!(recompose("Umea\u{30a}"), "Umeå");
        assert_eq!(fold(&recompose("Umea\u{30a}")), "Umea");
        // e with a ring has no composed form: the mark stays, and folding keeps it too.
        assert_eq!(fold(&recompose("Ume\u{30a}")), "Ume\u{30a}");
    }

    #[test]
    fn letters_include_combining_marks_and_exclude_digits_and_hyphens() {
        assert!(['a', 'Å', 'ö', 'é', '\u{30a}', '\u{308}', 'ß'].into_iter().all(is_letter));
        assert!(!['1', '-', ' ', ':', '\u{ad}', '_'].into_iter().any(is_letter));
    }

    #[test]
    fn no_input_panics() {
        for text in
            ["\u{0}", "\u{10ffff}", "\u{308}\u{308}\u{308}", "a\u{301}\u{302}\u{303}", "\u{feff}"]
        {
            let _ = fold(&recompose(text));
        }
    }
}
