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
use crate::analysis::language::Lang;
use crate::analysis::stemmer::stem;
use crate::text::fold;

/// A wildcard word: the letters and digits between its `*`s, lower-cased.
///
/// The index holds stems, not words ("utrikesfödda" stands there as "utrikesföd"), so the
/// letters that begin or end a word are matched as typed and as the Swedish stemmer cuts them:
/// `utrikesfödd*` also matches the terms that begin with the stem of "utrikesfödd", and
/// `*födda` those that end with the stem of "födda". A word's beginning typed past its stem
/// (`kvinno*`, `företagan*`) and one piece between two stars (`*ungdomar*`) match the stems the
/// stemmer cuts them to as well (see [`cut_stems`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pattern {
    /// The pieces between the stars; the first is what a word must start with, the last what
    /// it must end with (both empty when the pattern starts or ends with `*`).
    pieces: Vec<String>,
    /// The stem of the first piece where it differs, for a pattern that is a word's beginning
    /// and a star (`utrikesfödd*`): no other letters stand after it to keep the stemmer off it.
    stemmed_first: Option<String>,
    /// The stems of the last piece where they differ (`*födda`): as the end of a longer word,
    /// and as a word of its own ("födda" → "föd", "född").
    stemmed_last: Vec<String>,
    /// Of a word's beginning and a star (`kvinno*`) or one piece between two (`*ungdomar*`),
    /// the stems shorter than the piece that the words it begins or ends stand as (see
    /// [`cut_stems`]): "kvinnor" is indexed as "kvinn", which `kvinno*` does not begin.
    cut: Cut,
}

/// The stems a pattern's one piece was cut to, by where the piece stands.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Cut {
    /// `kvinno*`: a term is such a stem.
    Beginning(Vec<String>),
    /// `*ungdomar*`: a term ends with such a stem.
    Inside(Vec<String>),
    None,
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
        let stemmed = |piece: &str| {
            let stemmed = stem(Lang::Sv, piece);
            (!piece.is_empty() && stemmed != piece).then(|| stemmed.into_owned())
        };
        let last = &pieces[pieces.len() - 1];
        let stemmed_first = match pieces.as_slice() {
            [first, rest] if rest.is_empty() => stemmed(first),
            _ => None,
        };
        let mut stemmed_last: Vec<String> = stemmed_ending(last).into_iter().collect();
        stemmed_last.extend(stemmed(last).filter(|alone| !stemmed_last.contains(alone)));
        let cut = match pieces.as_slice() {
            [piece, end] if end.is_empty() => Cut::Beginning(cut_stems(piece, false)),
            [start, piece, end] if start.is_empty() && end.is_empty() => {
                Cut::Inside(cut_stems(piece, true))
            }
            _ => Cut::None,
        };
        Some(Pattern { stemmed_first, stemmed_last, cut, pieces })
    }

    /// The stems a word beginning with the typed letters stands as, where the stemmer cut
    /// into them (`företagan*`: "företag", for "företagande"): outside the dictionary's range
    /// after [`prefix`](Self::prefix), so looked up one by one. Empty for other patterns.
    pub fn cut_words(&self) -> &[String] {
        match &self.cut {
            Cut::Beginning(stems) => stems,
            Cut::Inside(_) | Cut::None => &[],
        }
    }

    /// What every matching word starts with (may be empty): the letters typed before the
    /// first star, or as much of them as their stem keeps.
    pub fn prefix(&self) -> &str {
        let typed = self.pieces[0].as_str();
        match &self.stemmed_first {
            Some(stemmed) => {
                let common = typed
                    .char_indices()
                    .zip(stemmed.chars())
                    .find(|((_, a), b)| a != b)
                    .map_or(typed.len().min(stemmed.len()), |((at, _), _)| at);
                &typed[..common]
            }
            None => typed,
        }
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
        let (first, last) = (self.pieces[0].as_str(), self.pieces[self.pieces.len() - 1].as_str());
        self.fits(word, first, last)
            || self.stemmed_first.as_deref().is_some_and(|first| self.fits(word, first, last))
            || self.stemmed_last.iter().any(|last| self.fits(word, first, last))
            || self.is_cut(word)
    }

    /// Whether `word` is a stem the stemmer cut into the piece: the whole word after a
    /// beginning (`kvinno*`: "kvinn"), a word's end between two stars (`*ungdomar*`:
    /// "fritidsungdom", of "fritidsungdomar").
    fn is_cut(&self, word: &str) -> bool {
        match &self.cut {
            Cut::Beginning(stems) => stems.iter().any(|stem| stem == word),
            Cut::Inside(stems) => stems.iter().any(|stem| word.ends_with(stem.as_str())),
            Cut::None => false,
        }
    }

    /// Whether `word` begins with `first`, has the middle pieces in order after it and ends
    /// with `last` after them.
    fn fits(&self, word: &str, first: &str, last: &str) -> bool {
        let Some(mut remaining) = word.strip_prefix(first) else { return false };
        if self.pieces.len() == 1 {
            return remaining.is_empty();
        }
        for piece in &self.pieces[1..self.pieces.len() - 1] {
            match remaining.find(piece.as_str()) {
                Some(at) => remaining = &remaining[at + piece.len()..],
                None => return false,
            }
        }
        remaining.ends_with(last)
    }
}

/// Letters put before a word's ending to stem it as the end of a longer word: the stemmer cuts
/// only after a word's first vowel and consonant, so "födda" alone keeps "född" where
/// "utrikesfödda" loses "da".
const BEFORE_ENDING: &str = "tab";

/// The fewest letters a stemmed ending keeps: less ("*ande" cut to nothing) would match any word.
const MIN_STEMMED_ENDING: usize = 3;

/// The stem of `ending` as the last letters of a longer word, where it differs.
fn stemmed_ending(ending: &str) -> Option<String> {
    if ending.is_empty() {
        return None;
    }
    let padded = format!("{BEFORE_ENDING}{ending}");
    let stemmed = stem(Lang::Sv, &padded);
    let kept = stemmed.strip_prefix(BEFORE_ENDING)?;
    (kept != ending && kept.chars().count() >= MIN_STEMMED_ENDING).then(|| kept.to_string())
}

/// The Swedish stemmer's endings (Snowball's first step): a piece typed may be the first
/// letters of one of them ("företagan" of "företagande").
const ENDINGS: [&str; 38] = [
    "a", "arna", "erna", "heterna", "orna", "ad", "e", "ade", "ande", "arne", "are", "aste", "en",
    "anden", "aren", "heten", "ern", "ar", "er", "heter", "or", "as", "arnas", "ernas", "ornas",
    "es", "ades", "andes", "ens", "arens", "hetens", "erns", "at", "andet", "het", "ast", "s", "",
];

/// The shortest piece whose cut stems are looked for: below it the stems cut are a few
/// letters that begin half the dictionary.
const MIN_CUT_PIECE: usize = 4;

/// The stems shorter than `piece` that a word with `piece` in it stands as when the stemmer
/// cut into its letters: of `piece` and `piece` completed to each ending it may begin, the
/// stems that `piece` begins with and is longer than ("ungdomar" → "ungdom", "kvinno" →
/// "kvinn" of "kvinnor", "företagan" → "företag"), as a word and, `as_end`, as the end of a
/// longer word, which the stemmer may cut further ("kvinn" → "kvin" in "yrkeskvinnor").
fn cut_stems(piece: &str, as_end: bool) -> Vec<String> {
    if piece.chars().count() < MIN_CUT_PIECE {
        return Vec::new();
    }
    let mut completions: BTreeSet<&str> = BTreeSet::new();
    for ending in ENDINGS {
        for (at, _) in ending.char_indices().chain(std::iter::once((ending.len(), ' '))) {
            let (typed, rest) = ending.split_at(at);
            if piece.ends_with(typed) {
                completions.insert(rest);
            }
        }
    }
    let mut cut: BTreeSet<String> = BTreeSet::new();
    for rest in completions {
        let word = format!("{piece}{rest}");
        let padded = format!("{BEFORE_ENDING}{word}");
        let ended =
            as_end.then(|| stem(Lang::Sv, &padded).strip_prefix(BEFORE_ENDING).map(str::to_string));
        for stemmed in
            [Some(stem(Lang::Sv, &word).into_owned()), ended.flatten()].into_iter().flatten()
        {
            let kept = stemmed.chars().count() >= MIN_STEMMED_ENDING;
            if kept && stemmed.len() < piece.len() && piece.starts_with(stemmed.as_str()) {
                cut.insert(stemmed);
            }
        }
    }
    cut.into_iter().collect()
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
    let folds = prefix.is_empty() && pattern.is_ascii();
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
            // Without a prefix every word is read anyway: one typed without å, ä and ö
            // (`*foretag`) is matched against the words folded too, as after a prefix below.
            let folded_match = || folds && !word.is_ascii() && pattern.matches(&fold(word));
            if (pattern.matches(word) || folded_match()) && !found.contains(word) {
                if found.len() == limit {
                    return Err(TooMany { limit });
                }
                found.insert(word.to_string());
            }
        }
    }
    for word in pattern.cut_words() {
        let held = searcher.segment_readers().iter().any(|segment| {
            let Ok(inverted) = segment.inverted_index(field) else { return false };
            inverted.terms().get(word.as_bytes()).ok().flatten().is_some()
        });
        if held && !found.contains(word) {
            if found.len() == limit {
                return Err(TooMany { limit });
            }
            found.insert(word.clone());
        }
    }
    if pattern.is_ascii() {
        // `foretag*` typed without å, ä and ö stands for the words with them too, as a word
        // typed so does (see `spelling`). After a prefix, the words that fold to it are
        // walked; without one, the pass above folded them.
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
    fn the_letters_that_begin_or_end_a_word_match_as_stemmed_too() {
        // "utrikesfödda" and "samarbete" stand in the index as these stems.
        assert!(pattern("utrikesfödd*").matches("utrikesföd"));
        assert!(pattern("utrikesfödd*").matches("utrikesfödd"));
        assert_eq!(pattern("utrikesfödd*").prefix(), "utrikesföd");
        assert!(pattern("*födda").matches("utrikesföd"));
        assert!(pattern("*födda").matches("född"));
        assert!(pattern("*arbete").matches("samarbet"));
        assert!(!pattern("*arbete").matches("samarbetsavtal"));
        // Before letters that follow, the letters are kept as typed.
        assert!(!pattern("s*födda*").matches("sutrikesföd"));
        assert!(!pattern("utrikesfödd*a").matches("utrikesföda"));
        assert_eq!(pattern("utrikesfödd*a").prefix(), "utrikesfödd");
        assert_eq!(pattern("matchn*").prefix(), "matchn");
        assert_eq!(stemmed_ending("födda").as_deref(), Some("föd"));
        assert_eq!(stemmed_ending("ande"), None);
        assert_eq!(stemmed_ending("arbet"), None);
    }

    #[test]
    fn a_piece_the_stemmer_cuts_into_matches_the_stems_it_cuts_to() {
        assert_eq!(cut_stems("ungdomar", true), ["ungdom"]);
        assert_eq!(cut_stems("kvinno", false), ["kvinn"]);
        assert_eq!(cut_stems("kvinnor", true), ["kvin", "kvinn"]);
        assert_eq!(cut_stems("företagan", false), ["företag"]);
        assert_eq!(cut_stems("födda", true), ["föd", "född"]);
        assert_eq!(cut_stems("arbete", true), ["arbet"]);
        assert_eq!(cut_stems("ung", true), Vec::<String>::new());
        assert_eq!(pattern("företagan*").cut_words(), ["företag"]);
        assert!(pattern("kvinno*").matches("kvinn"));
        assert!(pattern("kvinno*").matches("kvinnorörels"));
        assert!(!pattern("kvinno*").matches("kvinnlig"));
        assert!(pattern("*ungdomar*").matches("fritidsungdom"));
        assert!(pattern("*ungdomar*").matches("ungdom"));
        assert!(!pattern("*ungdomar*").matches("ungdomsarbetslös"));
        assert!(pattern("*födda*").matches("utrikesföd"));
        assert_eq!(pattern("*ungdomar*").cut_words(), Vec::<String>::new());
        assert_eq!(pattern("s*m*d").cut_words(), Vec::<String>::new());
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
