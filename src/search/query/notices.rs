//! What the user is told about the words of a query that are not searched.

use std::collections::BTreeSet;

use super::word::WordReading;
use super::QueryBuilder;
use tantivy::tokenizer::Token;

use crate::analysis::{self, tokenizer};
use crate::places;

impl QueryBuilder<'_> {
    /// Notes a typed phrase whose first or last words are stop words, which its search loses.
    pub(super) fn note_phrase_edges(&mut self, reading: &WordReading) {
        let text = reading.text();
        let words = tokenizer::split_words(text);
        let is_stop_word = |word: &Token| analysis::lowered_tokens(&word.text).is_empty();
        let Some(first) = words.iter().position(|word| !is_stop_word(word)) else { return };
        let last = words.iter().rposition(|word| !is_stop_word(word)).unwrap_or(first);
        let edges: Vec<String> = (words[..first].iter().chain(&words[last + 1..]))
            .map(|word| word.text.clone())
            .collect();
        if edges.is_empty() {
            return;
        }
        let searched = &text[words[first].offset_from..words[last].offset_to];
        let note = phrase_edge_stop_words(text, &edges, searched);
        if !self.warnings.contains(&note) {
            self.warnings.push(note);
        }
    }
}

/// What the user is told about typed words that are stop words: they are not searched, a
/// query of nothing else finds nothing, and a stop word that names a kommun ("Vara") is
/// searched as the kommun with `kommun:`.
pub(super) fn stop_word_notices(stop_words: &[String], nothing_searched: bool) -> Vec<String> {
    // A word too long to be indexed is no stop word: say what it is.
    let (long, stop_words): (Vec<String>, Vec<String>) =
        stop_words.iter().cloned().partition(|text| {
            text.split_whitespace().any(|word| word.len() >= analysis::MAX_TOKEN_LEN)
        });
    let mut notices: Vec<String> = long
        .iter()
        .map(|text| {
            let shown: String = text.chars().take(40).collect();
            let shown = if shown.len() < text.len() { format!("{shown}…") } else { shown };
            format!(
                "\"{shown}\" is longer than a word can be ({} bytes) and is not searched{}",
                analysis::MAX_TOKEN_LEN,
                if nothing_searched && stop_words.is_empty() { ", so nothing matches" } else { "" }
            )
        })
        .collect();
    notices.extend(stop_words_only(&stop_words, nothing_searched));
    notices
}

fn stop_words_only(stop_words: &[String], nothing_searched: bool) -> Vec<String> {
    let kommun = |word: &str| {
        places::kommuner().iter().find(|kommun| kommun.name.to_lowercase() == word.to_lowercase())
    };
    let suggestions: Vec<String> = stop_words
        .iter()
        .flat_map(|text| text.split_whitespace())
        .filter_map(kommun)
        .map(|kommun| format!("kommun:{}", kommun.name))
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect();
    let advice = match suggestions.as_slice() {
        [] => String::new(),
        kommuner => format!("; to search the kommun, use {}", kommuner.join(" or ")),
    };
    if nothing_searched && !stop_words.is_empty() {
        // Punctuation alone ("%", "–") is no word at all, and calling it a stop word misleads.
        let (words, signs): (Vec<&String>, Vec<&String>) =
            stop_words.iter().partition(|text| text.chars().any(char::is_alphanumeric));
        let quoted = |texts: &[&String]| {
            texts.iter().map(|text| format!("\"{text}\"")).collect::<Vec<_>>().join(", ")
        };
        if words.is_empty() {
            return vec![format!(
                "the query has no letters or digits ({}), so nothing matches",
                quoted(&signs)
            )];
        }
        return vec![format!(
            "the query has only stop words ({}), which are not searched, so nothing matches{advice}",
            quoted(&words)
        )];
    }
    if suggestions.is_empty() {
        return Vec::new();
    }
    let words: Vec<String> = stop_words
        .iter()
        .filter(|text| text.split_whitespace().any(|word| kommun(word).is_some()))
        .map(|word| format!("\"{word}\""))
        .collect();
    vec![format!("{} is a stop word and is not searched{advice}", words.join(", "))]
}

/// What the user is told of a stop word typed as required (`+och`, `invandrare AND och`).
pub(super) fn required_stop_word(word: &str) -> String {
    format!(
        "\"{word}\" is a stop word: stop words are not indexed, so it is required of no document"
    )
}

/// What the user is told of a phrase whose first or last words are stop words, when `edges`
/// are those words: the phrase is searched without them ("för invandrare" as "invandrare").
/// A stop word inside a phrase keeps its place, so "svenska för invandrare" needs none.
pub(super) fn phrase_edge_stop_words(phrase: &str, edges: &[String], searched: &str) -> String {
    let quoted: Vec<String> = edges.iter().map(|word| format!("\"{word}\"")).collect();
    let verb = if edges.len() == 1 { "is a stop word" } else { "are stop words" };
    format!(
        "{} {verb}: stop words are not indexed, so the phrase \"{phrase}\" is searched as \"{searched}\"",
        quoted.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_stop_words_and_a_phrase_s_edges_are_reported() {
        assert_eq!(
            required_stop_word("och"),
            "\"och\" is a stop word: stop words are not indexed, so it is required of no document"
        );
        let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(
            phrase_edge_stop_words("för invandrare", &owned(&["för"]), "invandrare"),
            "\"för\" is a stop word: stop words are not indexed, so the phrase \"för \
             invandrare\" is searched as \"invandrare\""
        );
        assert_eq!(
            phrase_edge_stop_words("och för sfi i", &owned(&["och", "för", "i"]), "sfi"),
            "\"och\", \"för\", \"i\" are stop words: stop words are not indexed, so the \
             phrase \"och för sfi i\" is searched as \"sfi\""
        );
    }

    #[test]
    fn stop_words_are_reported_with_the_kommun_they_name() {
        let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(
            stop_word_notices(&owned(&["Vara"]), true),
            ["the query has only stop words (\"Vara\"), which are not searched, so nothing \
              matches; to search the kommun, use kommun:Vara"]
        );
        assert_eq!(
            stop_word_notices(&owned(&["och", "för"]), true),
            ["the query has only stop words (\"och\", \"för\"), which are not searched, so \
              nothing matches"]
        );
        assert_eq!(
            stop_word_notices(&owned(&["vara", "och"]), false),
            ["\"vara\" is a stop word and is not searched; to search the kommun, use kommun:Vara"]
        );
        assert!(stop_word_notices(&owned(&["och"]), false).is_empty());
        assert_eq!(
            stop_word_notices(&owned(&["%", "–"]), true),
            ["the query has no letters or digits (\"%\", \"–\"), so nothing matches"]
        );
        let long = "arbetsmarknadsutbildningsinsatsernasamordningsförbundsverksamheten";
        assert_eq!(
            stop_word_notices(&owned(&[long]), true),
            ["\"arbetsmarknadsutbildningsinsatsernasamor…\" is longer than a word can be (64 \
              bytes) and is not searched, so nothing matches"]
        );
        assert_eq!(
            stop_word_notices(&owned(&[long, "och"]), true),
            [
                "\"arbetsmarknadsutbildningsinsatsernasamor…\" is longer than a word can be (64 \
                 bytes) and is not searched",
                "the query has only stop words (\"och\"), which are not searched, so nothing \
                 matches"
            ]
        );
        assert_eq!(
            stop_word_notices(&owned(&["%", "och"]), true),
            ["the query has only stop words (\"och\"), which are not searched, so nothing matches"]
        );
    }
}
