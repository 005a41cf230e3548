//! What the user is told about the words of a query that are not searched.

use std::collections::BTreeSet;

use crate::places;

/// What the user is told about typed words that are stop words: they are not searched, a
/// query of nothing else finds nothing, and a stop word that names a kommun ("Vara") is
/// searched as the kommun with `kommun:`.
pub(super) fn stop_word_notices(stop_words: &[String], nothing_searched: bool) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(
            stop_word_notices(&owned(&["%", "och"]), true),
            ["the query has only stop words (\"och\"), which are not searched, so nothing matches"]
        );
    }
}
