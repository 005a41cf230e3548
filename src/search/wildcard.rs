//! Wildcard words (`matchn*`, `*arbete*`) expanded into the words of the index that match them.
//!
//! A wildcard is matched once against the term dictionary of the catch-all field, which holds
//! every word any other text field holds, and the words found are searched as a set. Compiling
//! a regular expression for each field instead cost a full pass over every field's
//! dictionary per wildcard, and a query of many short prefixes took tens of seconds. A prefix
//! narrows the pass to the dictionary's range of words starting with it; a wildcard that
//! matches more than a bounded number of words is refused rather than searched.
//!
//! ```
//! use projsok::search::wildcard::Pattern;
//!
//! let pattern = Pattern::new("Matchn*").unwrap();
//! assert!(pattern.matches("matchning") && !pattern.matches("omatchning"));
//! assert!(Pattern::new("*arbet*").unwrap().matches("samarbete"));
//! assert_eq!(Pattern::new("*-*"), None);
//! ```

use std::collections::BTreeSet;

use tantivy::schema::Field;
use tantivy::Searcher;

use super::spelling;
use crate::text::fold;

/// A wildcard word: the letters and digits between its `*`s, lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pattern {
    /// The pieces between the stars; the first is what a word must start with, the last what
    /// it must end with (both empty when the pattern starts or ends with `*`).
    pieces: Vec<String>,
}

impl Pattern {
    /// The pattern of `text`, or `None` when it has no letter or digit to match (`*`, `*-*`).
    pub fn new(text: &str) -> Option<Pattern> {
        let lowered = text.to_lowercase();
        let pieces: Vec<String> = lowered
            .split('*')
            .map(|piece| piece.chars().filter(|c| c.is_alphanumeric()).collect())
            .collect();
        if pieces.iter().all(String::is_empty) {
            return None;
        }
        Some(Pattern { pieces })
    }

    /// What every matching word starts with (may be empty).
    pub fn prefix(&self) -> &str {
        &self.pieces[0]
    }

    /// The pattern as the user would write it, stars included.
    pub fn display(&self) -> String {
        self.pieces.join("*")
    }

    /// Whether every letter of the pattern is ASCII: typed without å, ä and ö.
    pub fn is_ascii(&self) -> bool {
        self.pieces.iter().all(|piece| piece.is_ascii())
    }

    pub fn matches(&self, word: &str) -> bool {
        let Some((first, rest)) = self.pieces.split_first() else { return false };
        let Some(mut remaining) = word.strip_prefix(first.as_str()) else { return false };
        let Some((last, middle)) = rest.split_last() else { return remaining.is_empty() };
        for piece in middle {
            match remaining.find(piece.as_str()) {
                Some(at) => remaining = &remaining[at + piece.len()..],
                None => return false,
            }
        }
        remaining.ends_with(last.as_str())
    }
}

/// More words match a wildcard than one search takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooMany {
    pub limit: usize,
}

/// The words of `field` in any segment that `pattern` matches, in order; at most `limit`.
/// A dictionary that cannot be read contributes nothing (the search itself reports it).
pub fn expand(
    searcher: &Searcher,
    field: Field,
    pattern: &Pattern,
    limit: usize,
) -> Result<Vec<String>, TooMany> {
    let mut found: BTreeSet<String> = BTreeSet::new();
    let prefix = pattern.prefix().as_bytes();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else { continue };
        let dictionary = inverted.terms();
        let mut range = dictionary.range();
        if !prefix.is_empty() {
            range = range.ge(prefix).lt(successor(prefix));
        }
        let Ok(mut stream) = range.into_stream() else { continue };
        while stream.advance() {
            let Ok(word) = std::str::from_utf8(stream.key()) else { continue };
            if pattern.matches(word) && !found.contains(word) {
                if found.len() == limit {
                    return Err(TooMany { limit });
                }
                found.insert(word.to_string());
            }
        }
    }
    if pattern.is_ascii() {
        // `foretag*` typed without å, ä and ö stands for the words with them too, as a word
        // typed so does (see `spelling`). Only after a prefix: without one, every word of the
        // dictionary would be folded.
        let mut too_many = false;
        spelling::spellings_starting(searcher, field, pattern.prefix(), |word| {
            if found.contains(word) || !pattern.matches(&fold(word)) {
                return true;
            }
            too_many = found.len() == limit;
            if !too_many {
                found.insert(word.to_string());
            }
            !too_many
        });
        if too_many {
            return Err(TooMany { limit });
        }
    }
    Ok(found.into_iter().collect())
}

/// The first byte string after every string starting with `prefix` (UTF-8 never has a 0xFF
/// byte, so the last byte can always be raised).
pub(crate) fn successor(prefix: &[u8]) -> Vec<u8> {
    let mut next = prefix.to_vec();
    if let Some(last) = next.last_mut() {
        *last = last.saturating_add(1);
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> Pattern {
        Pattern::new(text).unwrap()
    }

    #[test]
    fn prefix_infix_and_suffix_patterns_match_whole_words() {
        assert!(pattern("arbet*").matches("arbet"));
        assert!(pattern("arbet*").matches("arbetsmarknad"));
        assert!(!pattern("arbet*").matches("samarbet"));
        assert!(pattern("*arbet").matches("samarbet"));
        assert!(!pattern("*arbet").matches("arbetsmarknad"));
        assert!(pattern("*mark*").matches("arbetsmarknad"));
        assert!(pattern("a*a").matches("aa"));
        assert!(!pattern("a*a").matches("a"));
        assert!(pattern("s*m*d").matches("samordnad"));
        assert!(!pattern("s*m*d").matches("samordna"));
    }

    #[test]
    fn only_letters_and_digits_are_matched() {
        assert_eq!(pattern("Före-tag*").prefix(), "företag");
        assert_eq!(pattern("*Ö*").display(), "*ö*");
        assert_eq!(Pattern::new("**"), None);
    }

    #[test]
    fn the_range_after_a_prefix_covers_every_longer_word() {
        assert_eq!(successor(b"ab"), b"ac");
        assert!("förfrågan".as_bytes() < successor("förf".as_bytes()).as_slice());
        assert!("förg".as_bytes() >= successor("förf".as_bytes()).as_slice());
        assert!(successor("ö".as_bytes()).as_slice() > "öööö".as_bytes());
    }
}
