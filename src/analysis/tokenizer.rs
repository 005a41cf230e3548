//! Splits text into words the way Swedish project texts need it.
//!
//! - A word is a run of letters, digits and combining marks; decomposed å/ä/ö (common in PDF
//!   text) are recomposed, and soft hyphens inside words are dropped.
//! - Words joined by hyphens ("SFI-undervisningen") give each part at its own position plus the
//!   joined word (hyphens removed) at the first part's position, so both "sfi" and
//!   "sfiundervisningen" find it and a phrase of the parts still matches.
//! - The inflection after a colon on abbreviations ("Af:s", "SFI:n", "EU:s") is cut off, so the
//!   abbreviation itself is the token.

use std::borrow::Cow;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::text;

const SOFT_HYPHEN: char = '\u{AD}';
/// Longest colon suffix treated as an inflection ("Af:arna" is the longest in use).
const MAX_COLON_SUFFIX: usize = 4;

/// The word tokenizer at the head of every projsok analyzer.
#[derive(Clone, Default)]
pub struct WordTokenizer;

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream {
        WordTokenStream { tokens: split_words(text), next: 0 }
    }
}

/// Tokens are produced eagerly: hyphenated words need look-ahead, and texts are per field value.
pub struct WordTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for WordTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    text::is_letter(c) || c.is_numeric() || c == SOFT_HYPHEN
}

/// A hyphen that joins two words into one ("SFI-undervisningen"), as the tokenizer reads it.
pub fn is_joining_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// A run of word characters, as byte offsets into the text.
#[derive(Clone, Copy)]
struct Span {
    from: usize,
    to: usize,
}

/// Finds the next word span starting at or after `from`.
fn next_span(text: &str, from: usize) -> Option<Span> {
    let rest = &text[from..];
    let start = from + rest.find(is_word_char)?;
    let len = text[start..].find(|c: char| !is_word_char(c)).unwrap_or(text.len() - start);
    Some(Span { from: start, to: start + len })
}

/// The length of an inflection suffix like ":s" or ":n" right after a word, or 0.
fn colon_suffix_len(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    let Some(after) = rest.strip_prefix(':') else { return 0 };
    let letters = after.find(|c: char| !c.is_alphabetic()).unwrap_or(after.len());
    let suffix = &after[..letters];
    if letters == 0 || suffix.chars().count() > MAX_COLON_SUFFIX {
        return 0;
    }
    // "kl:10" or "Ex:ett exempel" are not inflections: the suffix must be lower case letters
    // and must end the word.
    let ends_word = after[letters..].chars().next().is_none_or(|c| !is_word_char(c));
    if ends_word && suffix.chars().all(char::is_lowercase) {
        1 + letters
    } else {
        0
    }
}

fn clean_word(raw: &str) -> Cow<'_, str> {
    if raw.is_ascii() || !raw.contains(SOFT_HYPHEN) {
        return text::recompose(raw);
    }
    let without: String = raw.chars().filter(|&c| c != SOFT_HYPHEN).collect();
    Cow::Owned(text::recompose(&without).into_owned())
}

/// The word joined to the one ending at `end` by a hyphen ("SFI-undervisningen"), if any.
fn joined_span(text: &str, end: usize) -> Option<Span> {
    let hyphen = text[end..].chars().next().filter(|&c| is_joining_hyphen(c))?;
    let after = end + hyphen.len_utf8();
    text[after..].chars().next().filter(|&c| is_word_char(c))?;
    next_span(text, after)
}

/// Splits `text` into word tokens with positions and byte offsets.
pub fn split_words(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for_each_word(text, |word, from, to, position| {
        tokens.push(Token {
            offset_from: from,
            offset_to: to,
            position,
            text: word.to_string(),
            position_length: 1,
        });
    });
    tokens
}

/// Calls `emit(word, from, to, position)` for each token [`split_words`] gives, in its order,
/// without allocating for the common word that needs no cleaning and has no hyphen join.
pub fn for_each_word(text: &str, mut emit: impl FnMut(&str, usize, usize, usize)) {
    let mut position = 0;
    let mut cursor = 0;
    while let Some(first) = next_span(text, cursor) {
        let Some(second) = joined_span(text, first.to) else {
            cursor = first.to + colon_suffix_len(text, first.to);
            let word = clean_word(&text[first.from..first.to]);
            // A "word" of soft hyphens only cleans to nothing and is no word.
            if !word.is_empty() {
                emit(&word, first.from, first.to, position);
                position += 1;
            }
            continue;
        };
        // Collect the hyphen-joined parts: "a-b-c".
        let mut spans = vec![first, second];
        while let Some(next) = joined_span(text, spans[spans.len() - 1].to) {
            spans.push(next);
        }
        let end = spans[spans.len() - 1].to;
        cursor = end + colon_suffix_len(text, end);

        let (spans, words): (Vec<Span>, Vec<Cow<str>>) = spans
            .iter()
            .map(|span| (*span, clean_word(&text[span.from..span.to])))
            .filter(|(_, word)| !word.is_empty())
            .unzip();
        let Some(&first) = spans.first() else { continue };
        let end = spans.last().map_or(first.to, |span| span.to);
        if spans.len() > 1 {
            emit(&words.concat(), first.from, end, position);
        }
        for (span, word) in spans.iter().zip(&words) {
            emit(word, span.from, span.to, position);
            position += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(String, usize, usize, usize)> {
        split_words(text)
            .into_iter()
            .map(|t| (t.text, t.position, t.offset_from, t.offset_to))
            .collect()
    }

    fn words(text: &str) -> Vec<String> {
        split_words(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn splits_on_non_letters() {
        assert_eq!(
            words("Socialt företagande, i Övre Norrland!"),
            ["Socialt", "företagande", "i", "Övre", "Norrland"]
        );
    }

    #[test]
    fn hyphenated_words_give_whole_and_parts() {
        assert_eq!(
            texts("om SFI-undervisningen här"),
            [
                ("om".to_string(), 0, 0, 2),
                ("SFIundervisningen".to_string(), 1, 3, 21),
                ("SFI".to_string(), 1, 3, 6),
                ("undervisningen".to_string(), 2, 7, 21),
                ("här".to_string(), 3, 22, 26),
            ]
        );
    }

    #[test]
    fn suspended_hyphen_is_not_a_join() {
        assert_eq!(words("läns- och kommunalnivå"), ["läns", "och", "kommunalnivå"]);
    }

    #[test]
    fn colon_inflection_is_cut() {
        assert_eq!(
            words("Af:s uppdrag, SFI:n och ESF:s mål"),
            ["Af", "uppdrag", "SFI", "och", "ESF", "mål"]
        );
        assert_eq!(texts("EU:s")[0], ("EU".to_string(), 0, 0, 2));
    }

    #[test]
    fn colon_that_is_not_inflection_splits() {
        assert_eq!(words("Syfte:Att kl:10"), ["Syfte", "Att", "kl", "10"]);
    }

    #[test]
    fn decomposed_letters_are_recomposed() {
        let decomposed = "fo\u{308}retagande ma\u{30a}l";
        assert_eq!(words(decomposed), ["företagande", "mål"]);
        assert_eq!(split_words(decomposed)[0].offset_to, "fo\u{308}retagande".len());
    }

    #[test]
    fn soft_hyphen_inside_word_is_dropped() {
        assert_eq!(words("arbets\u{ad}marknaden"), ["arbetsmarknaden"]);
        assert!(words("\u{ad} \u{ad}\u{ad}").is_empty());
        assert_eq!(words("\u{ad}-ord"), ["ord"]);
    }

    #[test]
    fn edge_cases() {
        assert!(words("").is_empty());
        assert!(words(" -- : ,.- ").is_empty());
        assert_eq!(words("a-"), ["a"]);
        assert_eq!(words("-a"), ["a"]);
        assert_eq!(words("x:"), ["x"]);
        assert_eq!(words("2009-01-01"), ["20090101", "2009", "01", "01"]);
    }

    #[test]
    fn never_panics_on_odd_text() {
        let samples =
            ["\u{308}\u{308}", "a\u{ad}", "\u{ad}", "ä:ö:å", "Å-\u{308}", "::s", "x:ss:s"];
        for sample in samples {
            for token in split_words(sample) {
                assert!(token.offset_from <= token.offset_to);
                assert!(sample.is_char_boundary(token.offset_from));
                assert!(sample.is_char_boundary(token.offset_to));
            }
        }
    }
}
