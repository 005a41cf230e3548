//! The other spellings of a word that the index holds: "foretag" typed without å, ä and ö finds
//! "företag", and "företag" finds the texts that wrote "foretag".
//!
//! The index keeps no folded copy of the text for this. An automaton walks the catch-all
//! field's term dictionary and accepts every term that folds to the same ASCII letters, so the
//! variants found are scored with the statistics of the field they stand in. (A folded field
//! cost a fifth of the indexing time, and its statistics, over folded text, ranked the
//! documents it found poorly.)

use tantivy::schema::Field;
use tantivy::Searcher;
use tantivy_fst::Automaton;

/// The UTF-8 letters (all two bytes, 0xC3 and one of these) that fold to an ASCII letter: the
/// Swedish å, ä and ö, and the accents that turn up in Swedish text (idé, Citroën, Møller).
fn second_bytes(base: u8) -> &'static [u8] {
    match base {
        b'a' => &[0xA5, 0xA4, 0xA1, 0xA0, 0xA2], // å ä á à â
        b'o' => &[0xB6, 0xB3, 0xB2, 0xB4, 0xB8], // ö ó ò ô ø
        b'e' => &[0xA9, 0xA8, 0xAA, 0xAB],       // é è ê ë
        b'u' => &[0xBC, 0xBA, 0xB9, 0xBB],       // ü ú ù û
        b'i' => &[0xAD, 0xAC, 0xAE, 0xAF],       // í ì î ï
        b'c' => &[0xA7],                         // ç
        b'n' => &[0xB1],                         // ñ
        _ => &[],
    }
}

const LEAD_BYTE: u8 = 0xC3;

/// Accepts the terms that fold to `folded` letter by letter (`prefix`: that begin so).
struct SameLetters<'a> {
    folded: &'a [u8],
    prefix: bool,
}

/// (letters matched, inside a two-byte letter); `None` once no term can match.
type State = Option<(usize, bool)>;

impl Automaton for SameLetters<'_> {
    type State = State;

    fn start(&self) -> State {
        Some((0, false))
    }

    fn is_match(&self, state: &State) -> bool {
        *state == Some((self.folded.len(), false))
    }

    fn can_match(&self, state: &State) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &State, byte: u8) -> State {
        let (matched, inside) = (*state)?;
        if self.prefix && matched == self.folded.len() && !inside {
            return *state;
        }
        let base = *self.folded.get(matched)?;
        if inside {
            return second_bytes(base).contains(&byte).then_some((matched + 1, false));
        }
        if byte == base {
            Some((matched + 1, false))
        } else if byte == LEAD_BYTE && !second_bytes(base).is_empty() {
            Some((matched, true))
        } else {
            None
        }
    }
}

/// The ranges of the term dictionary the spellings of `folded` can stand in: the letters
/// before the first one with other spellings are fixed. The automaton's walk visits every
/// branch of each node it passes, so starting below the fixed letters spares it the widest
/// nodes of the dictionary, at and near its root.
fn term_ranges(folded: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
    let fixed = folded.iter().take_while(|&&byte| second_bytes(byte).is_empty()).count();
    let range_of = |prefix: &[u8]| {
        let mut end = prefix.to_vec();
        // ASCII, so the last byte has a successor.
        if let Some(last) = end.last_mut() {
            *last += 1;
        }
        (prefix.to_vec(), end)
    };
    match (fixed, folded.first()) {
        (_, None) => Vec::new(),
        (0, Some(&first)) => vec![range_of(&[first]), range_of(&[LEAD_BYTE])],
        _ => vec![range_of(&folded[..fixed])],
    }
}

/// `folded`, the spelling without å, ä, ö and accents, unless it is `exact` (whether the index
/// holds it is for the caller's term lookup to say).
pub fn without_diacritics(folded: &str, exact: &str) -> Option<String> {
    (folded != exact && folded.is_ascii()).then(|| folded.to_string())
}

/// Most spellings of one word searched: more would be noise, not spellings.
const MAX_SPELLINGS: usize = 8;

/// The terms of `field` in any segment that fold to `folded` (an ASCII word), except `exact`.
///
/// A word typed with å, ä or ö (or an accent) was typed by someone who has them: the other
/// spelling worth searching is then the one without them, a single candidate for the caller to
/// look up. Only a word typed in plain ASCII needs the walk over every spelling with them.
pub fn other_spellings(
    searcher: &Searcher,
    field: Field,
    folded: &str,
    exact: &str,
) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    if !folded.is_ascii() {
        return found;
    }
    if !exact.is_ascii() {
        return without_diacritics(folded, exact).into_iter().collect();
    }
    walk_same_letters(searcher, field, folded, false, |term| {
        if term != exact && !found.iter().any(|known| known == term) {
            found.push(term.to_string());
        }
        true
    });
    found.sort();
    found.truncate(MAX_SPELLINGS);
    found
}

/// The terms of `field` in any segment, other than plain ASCII ones, that begin with letters
/// folding to `folded` (an ASCII prefix): what a wildcard typed without å, ä and ö
/// (`foretag*`) stands for beside the words it matches as typed. Calls `found` with each, in
/// order per segment; stops when `found` returns false.
pub fn spellings_starting(
    searcher: &Searcher,
    field: Field,
    folded: &str,
    mut found: impl FnMut(&str) -> bool,
) {
    if folded.is_empty()
        || !folded.is_ascii()
        || !folded.bytes().any(|b| !second_bytes(b).is_empty())
    {
        return;
    }
    walk_same_letters(searcher, field, folded, true, |term| term.is_ascii() || found(term));
}

/// Calls `visit` with every term of `field`, segment by segment, whose letters fold to
/// `folded` (with `prefix`, that begin with such letters), until `visit` returns false.
fn walk_same_letters(
    searcher: &Searcher,
    field: Field,
    folded: &str,
    prefix: bool,
    mut visit: impl FnMut(&str) -> bool,
) {
    let automaton = SameLetters { folded: folded.as_bytes(), prefix };
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else { continue };
        for (from, to) in term_ranges(folded.as_bytes()) {
            let ranged = inverted.terms().search(&automaton).ge(&from).lt(&to);
            let Ok(mut stream) = ranged.into_stream() else { continue };
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else { continue };
                if !visit(term) {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepts(folded: &str, term: &str) -> bool {
        let automaton = SameLetters { folded: folded.as_bytes(), prefix: false };
        let mut state = automaton.start();
        for &byte in term.as_bytes() {
            state = automaton.accept(&state, byte);
        }
        automaton.is_match(&state)
    }

    #[test]
    fn term_ranges_start_below_the_fixed_letters() {
        let range = |from: &str, to: &str| (from.as_bytes().to_vec(), to.as_bytes().to_vec());
        assert_eq!(term_ranges(b"sfi"), [range("sf", "sg")]);
        assert_eq!(term_ranges(b"foretag"), [range("f", "g")]);
        let lead = (vec![LEAD_BYTE], vec![LEAD_BYTE + 1]);
        assert_eq!(term_ranges(b"arbete"), [range("a", "b"), lead]);
        assert_eq!(term_ranges(b"bbb"), [range("bbb", "bbc")]);
        assert!(term_ranges(b"").is_empty());
    }

    #[test]
    fn accepts_every_spelling_that_folds_to_the_word() {
        assert!(accepts("foretag", "företag"));
        assert!(accepts("foretag", "foretag"));
        assert!(accepts("malsattning", "målsättning"));
        assert!(accepts("ide", "idé"));
        assert!(!accepts("foretag", "företagen"));
        assert!(!accepts("foretag", "föret"));
        assert!(!accepts("foretag", "faretag"));
        assert!(!accepts("sa", "sÄ"));
        assert!(!accepts("a", "\u{c3}"));
    }
}
