//! "Did you mean": a query word that no document has, or one far rarer than a word one or two
//! edits away, and the query with that word corrected.
//!
//! The neighbours are looked up where the words are, in the catch-all field's term dictionary of
//! stems: a Levenshtein automaton (transpositions cost one edit, as in "arbetsförmedlnigen")
//! walks it for the typed word and for its stem, since a typo can change what Snowball strips
//! ("matchnig" stems to "matchn", "matchning" to "matchning"). A stem found is given back an
//! ending of the typed word, the one that makes the word closest to what was typed and still
//! stems to it ("arbetsförmedling" + "en"), so the suggestion reads as the word the user meant.
//!
//! Only plain words are looked at: not phrases, fields, wildcards, excluded words or words in
//! capitals (acronyms), whose spelling the user chose on purpose, and not the names of
//! kommuner, län and regions, which are one edit from other places ("Västergötland",
//! "Östergötland") and from words ("Tjörn", "Björn"). A kommun's name is offered for a word
//! that is no place ("stckholm" → "Stockholm"), before a word as many edits away unless that
//! word's documents are more than [`PLACE_WEIGHT`] times the kommun's.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};
use tantivy_fst::Automaton;

use crate::analysis;
use crate::error::Result;
use crate::places;

/// Shorter words have too many neighbours one edit away for a guess to be right.
const MIN_WORD_CHARS: usize = 4;
/// From this many letters of the stem on, two edits away are a typo too.
const TWO_EDITS_FROM_CHARS: usize = 8;
/// A word in more documents than this is a word, not a typo.
pub const RARE_DOCS: usize = 3;
/// How many times more documents a neighbour needs than a rare word (not an absent one) has.
const FAR_MORE: u64 = 20;
/// How many documents a neighbour of an absent word needs: one document's odd word is no
/// better a guess than the typed one.
const MIN_SUPPORT: u64 = 2;
/// The longest word in capitals taken for an acronym: the acronyms the indexes learn are
/// mostly of two to five letters (KAA, UVAS, SMOCS).
const MAX_ACRONYM_CHARS: usize = 5;
/// Most words looked at in one query: each costs walks of the term dictionary.
const MAX_WORDS: usize = 8;

static ONE_EDIT: LazyLock<LevenshteinAutomatonBuilder> =
    LazyLock::new(|| LevenshteinAutomatonBuilder::new(1, true));
static TWO_EDITS: LazyLock<LevenshteinAutomatonBuilder> =
    LazyLock::new(|| LevenshteinAutomatonBuilder::new(2, true));

/// A query word and the word it most likely meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrected {
    pub typed: String,
    pub meant: String,
    /// Whether no document has the typed word's stem.
    pub absent: bool,
}

/// The query words of `text` that look mistyped, each with its correction. `is_typo` is asked
/// of each word whose stem few or no documents have (with whether none has it) before its
/// neighbours are looked for: a word found in another spelling or as a compound's part is no
/// typo, and walking the term dictionary for it would cost a hundred searches.
pub fn corrections(
    searcher: &Searcher,
    body: Field,
    text: &str,
    mut is_typo: impl FnMut(&str, bool) -> Result<bool>,
) -> Result<Vec<Corrected>> {
    let mut seen: Vec<&str> = Vec::new();
    let words = plain_words(text).into_iter().map(|range| &text[range]).filter(|typed| {
        let new = !seen.contains(typed);
        seen.push(typed);
        new && !is_acronym(typed)
            && places::kommun(typed).is_none()
            && places::region(typed).is_none()
    });
    let mut corrections = Vec::new();
    for typed in words.take(MAX_WORDS) {
        let Some(stem) = analysis::analyze(analysis::SV_QUERY, typed).next() else { continue };
        let docs = doc_freq(searcher, body, &stem);
        // A rare word the lexicon knows ("skolklimat": skol + klimat) is meant as typed;
        // only one that no document has may be a typo of a word of the lexicon.
        if docs > RARE_DOCS as u64 || (docs > 0 && is_known_word(&typed.to_lowercase())) {
            continue;
        }
        let absent = docs == 0;
        if !is_typo(typed, absent)? {
            continue;
        }
        let Some((meant, neighbour_docs)) = closest(searcher, body, typed, &stem) else {
            continue;
        };
        let needed = if absent { MIN_SUPPORT } else { docs * FAR_MORE };
        if neighbour_docs >= needed {
            corrections.push(Corrected { typed: typed.to_string(), meant, absent });
        }
    }
    Ok(corrections)
}

/// Whether `typed` is taken for an acronym, spelt as the user meant it ("UVAS" is no typo of
/// "Vas"): a short word in capitals. A longer one is a word typed with caps lock on, and
/// "ARBETSFÖRMEDLNIGEN" is the typo "arbetsförmedlnigen" is.
fn is_acronym(typed: &str) -> bool {
    typed.chars().all(char::is_uppercase) && typed.chars().count() <= MAX_ACRONYM_CHARS
}

/// `text` with every correction in place, at every place its word stands.
pub fn corrected_text(text: &str, corrections: &[Corrected]) -> String {
    let mut corrected = String::with_capacity(text.len());
    let mut from = 0;
    for range in plain_words(text) {
        let word = &text[range.clone()];
        if let Some(correction) = corrections.iter().find(|correction| correction.typed == word) {
            corrected.push_str(&text[from..range.start]);
            corrected.push_str(&correction.meant);
            from = range.end;
        }
    }
    corrected.push_str(&text[from..]);
    corrected
}

fn doc_freq(searcher: &Searcher, body: Field, stem: &str) -> u64 {
    searcher.doc_freq(&Term::from_field_text(body, stem)).unwrap_or(0)
}

/// How many edits a typo of `word` may hold.
fn allowed_edits(word: &str) -> u8 {
    if word.chars().count() >= TWO_EDITS_FROM_CHARS {
        2
    } else {
        1
    }
}

/// The word `typed` most likely meant, and how many documents have its stem: of the words
/// fewest edits from `typed` whose stems are in the index, the one with the shortest ending
/// after its stem (a stem that is a whole word is surer than "match" + "ig"), then the one in
/// most documents, then the first in order.
fn closest(searcher: &Searcher, body: Field, typed: &str, stem: &str) -> Option<(String, u64)> {
    let lower = typed.to_lowercase();
    if lower.chars().count() < MIN_WORD_CHARS {
        return None;
    }
    let mut stems: BTreeMap<String, u64> = BTreeMap::new();
    for near in [lower.as_str(), stem] {
        if near.chars().count() < MIN_WORD_CHARS {
            continue;
        }
        let builder = if allowed_edits(near) == 2 { &*TWO_EDITS } else { &*ONE_EDIT };
        let automaton = Edits(builder.build_dfa(near));
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(body) else { continue };
            let Ok(mut stream) = inverted.terms().search(&automaton).into_stream() else {
                continue;
            };
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else { continue };
                if term != stem {
                    *stems.entry(term.to_string()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
    }
    let limit = usize::from(allowed_edits(&lower));
    let docs_of = |stem: &str| doc_freq(searcher, body, stem);
    let is_place = |word: &str| places::kommun(word).is_some() || places::region(word).is_some();
    let from_stems = stems.into_keys().filter_map(|candidate| {
        let (word, edits, docs) = spelt_out(&lower, &candidate, docs_of)?;
        let ending = word.len().saturating_sub(candidate.len());
        // A stem spelt out with the typed ending can be no word ("skolplikat", "tredubbl"):
        // only a word of the lexicon is offered.
        let offered = edits <= limit && !is_place(&word) && is_known_word(&word);
        offered.then_some((edits, ending, std::cmp::Reverse(docs), word))
    });
    // An edit near the ending can move the stem several letters ("dagliggen" stems to
    // "dagligg", "dagligen" to "dag"), which no walk of the stems finds: the lexicon's words
    // are walked as typed too, each offered where documents have its stem.
    let builder = if limit == 2 { &*TWO_EDITS } else { &*ONE_EDIT };
    let lexicon = analysis::compounds::splitter().words_matching(Edits(builder.build_dfa(&lower)));
    let from_words = lexicon.into_iter().filter_map(|word| {
        let candidate = analysis::analyze(analysis::SV_QUERY, &word).next()?;
        let docs = docs_of(&candidate);
        let offered = candidate != stem && docs > 0 && word != lower && !is_place(&word);
        let ending = word.len().saturating_sub(candidate.len());
        offered.then(|| (edit_distance(&lower, &word), ending, std::cmp::Reverse(docs), word))
    });
    // A kommun's name mistyped ("stckholm", "kirna") is what people search by here: the names
    // are offered too, and before a word as many edits away ("kina").
    let from_places = places::kommuner().iter().filter_map(|kommun| {
        let name = kommun.name.to_lowercase();
        let edits = edit_distance(&lower, &name);
        if edits == 0 || edits > limit {
            return None;
        }
        // Most names stand in the genitive ("Filipstads kommun"), which can stem apart from the
        // name ("filipstad" against "filipst"): the documents of either count.
        let docs = [name.clone(), format!("{name}s")]
            .iter()
            .filter_map(|form| analysis::analyze(analysis::SV_QUERY, form).next())
            .map(|candidate| docs_of(&candidate))
            .max();
        let docs = docs.filter(|&docs| docs > 0)?;
        Some((edits, std::cmp::Reverse(docs), kommun.name.to_string()))
    });
    let word = from_stems.chain(from_words).min();
    let place = from_places.min();
    let (word, docs) = match (word, place) {
        // As near as a word, the kommun unless it is far rarer ("kirna": Kiruna's 57 documents
        // against China's 200; "maljö": miljö's thousands against Malmö's hundreds).
        (
            Some((edits, _, std::cmp::Reverse(docs), word)),
            Some((place_edits, std::cmp::Reverse(place_docs), place)),
        ) => {
            if edits < place_edits || (edits == place_edits && docs > place_docs * PLACE_WEIGHT) {
                (word, docs)
            } else {
                (place, place_docs)
            }
        }
        (Some((_, _, std::cmp::Reverse(docs), word)), None) => (word, docs),
        (None, Some((_, std::cmp::Reverse(docs), place))) => (place, docs),
        (None, None) => return None,
    };
    Some((capitalised_as(typed, word), docs))
}

/// How many times its documents a kommun's name counts against a word as many edits away:
/// people search this index by place, so a mistyped place is likelier than its documents
/// alone say, but not than a word far more common ("laund": land, not Lund).
const PLACE_WEIGHT: u64 = 5;

/// Whether the lexicon has the lowercased `word`, on its own or as a compound of its words.
fn is_known_word(word: &str) -> bool {
    let lexicon = analysis::compounds::splitter();
    lexicon.is_word(word) || !lexicon.split(word).is_empty()
}

/// The word closest to `typed` made of the term `candidate` (itself, or with an ending of
/// `typed`) whose stem documents have: with its edits and how many documents have its stem.
/// A term can be a stem of other words ("jämställdhet" of "jämställdhets") while the word
/// itself stems shorter ("jämställd"), so what counts is the stem the word analyses to.
fn spelt_out(
    typed: &str,
    candidate: &str,
    docs_of: impl Fn(&str) -> u64,
) -> Option<(String, usize, u64)> {
    let endings = typed.char_indices().map(|(at, _)| at).chain(std::iter::once(typed.len()));
    endings
        .map(|at| format!("{candidate}{}", &typed[at..]))
        .filter_map(|word| {
            let stem = analysis::analyze(analysis::SV_QUERY, &word).next()?;
            let docs = docs_of(&stem);
            (docs > 0).then(|| (edit_distance(typed, &word), word, docs))
        })
        .min_by(|a, b| {
            a.0.cmp(&b.0).then_with(|| a.1.len().cmp(&b.1.len())).then_with(|| a.1.cmp(&b.1))
        })
        .map(|(edits, word, docs)| (word, edits, docs))
}

/// Edits from `a` to `b`: insertions, deletions, substitutions and swaps of two neighbouring
/// letters, one each (the optimal string alignment distance).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let width = b.len() + 1;
    let mut table = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            table[i * width + j] = match (i, j) {
                (0, j) => j,
                (i, 0) => i,
                _ => {
                    let cost = usize::from(a[i - 1] != b[j - 1]);
                    let mut best = (table[(i - 1) * width + j] + 1)
                        .min(table[i * width + j - 1] + 1)
                        .min(table[(i - 1) * width + j - 1] + cost);
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                        best = best.min(table[(i - 2) * width + j - 2] + 1);
                    }
                    best
                }
            };
        }
    }
    table[a.len() * width + b.len()]
}

/// `word` in capitals when `typed` is, else with a capital first letter when `typed` has one.
fn capitalised_as(typed: &str, word: String) -> String {
    if typed.chars().count() > 1 && typed.chars().all(char::is_uppercase) {
        return word.to_uppercase();
    }
    match typed.chars().next() {
        Some(first) if first.is_uppercase() => {
            let mut chars = word.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or(word)
        }
        _ => word,
    }
}

/// The byte ranges of the plain words of a query: letters only (a sentence's punctuation after
/// them aside), outside quotes, not a field (`titel:…`), not excluded (`-word`, `NOT word`), no
/// wildcard or boost, not an operator.
fn plain_words(text: &str) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut quoted = false;
    let mut after_not = false;
    let mut start = 0;
    for piece in text.split_inclusive(char::is_whitespace).chain(std::iter::once("")) {
        let (at, trimmed) = (start, piece.trim_end());
        start += piece.len();
        let quotes = trimmed.matches('"').count();
        let was_quoted = quoted;
        if quotes % 2 == 1 {
            quoted = !quoted;
        }
        let excluded = std::mem::replace(&mut after_not, trimmed == "NOT");
        if was_quoted || quotes > 0 || trimmed.starts_with('-') || excluded {
            continue;
        }
        let lead = trimmed.len() - trimmed.trim_start_matches(['+', '(']).len();
        // A boost is not part of the word: "arbetsförmedlnigen^2" is corrected as the word is.
        let unboosted = match trimmed[lead..].rsplit_once('^') {
            Some((word, boost)) if !boost.is_empty() && boost.parse::<f64>().is_ok() => word,
            _ => &trimmed[lead..],
        };
        let word = unboosted.trim_end_matches([')', '.', ',', '?', '!', ';']);
        let is_operator = matches!(word, "AND" | "OR" | "NOT");
        if word.chars().count() >= MIN_WORD_CHARS
            && word.chars().all(char::is_alphabetic)
            && !is_operator
        {
            words.push(at + lead..at + lead + word.len());
        }
    }
    words
}

/// A Levenshtein DFA as the term dictionary's automaton, and the lexicon's.
struct Edits(DFA);

impl fst::Automaton for Edits {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

impl Automaton for Edits {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        plain_words(text).into_iter().map(|range| &text[range]).collect()
    }

    #[test]
    fn only_plain_words_are_looked_at() {
        assert_eq!(
            words(
                "+matchnig (socialt OR företgande) -arbete \"sfi kursen\" titel:ungdom komp* x^2"
            ),
            ["matchnig", "socialt", "företgande"]
        );
        assert_eq!(words("ab cde"), Vec::<&str>::new());
        assert_eq!(words("\"ett två\" tre fyra"), ["fyra"]);
        assert_eq!(words("matchnig? NOT ungdommar, (arbete)."), ["matchnig", "arbete"]);
        // A boost is not part of the word; a caret without a number leaves it unread.
        assert_eq!(words("matchnig^2 (ungdommar)^1.5 företgande^x"), ["matchnig", "ungdommar"]);
    }

    #[test]
    fn a_stem_is_spelt_out_with_the_typed_ending_closest_to_the_typed_word() {
        let indexed =
            |stem: &str| u64::from(["arbetsförmedling", "matchning", "jämställd"].contains(&stem));
        assert_eq!(
            spelt_out("arbetsförmedlnigen", "arbetsförmedling", indexed),
            Some(("arbetsförmedlingen".to_string(), 1, 1))
        );
        let matchning = spelt_out("matchnig", "matchning", indexed);
        assert_eq!(matchning, Some(("matchning".to_string(), 1, 1)));
        // The term is the stem of "jämställdhets"; the word it spells stems to "jämställd".
        assert_eq!(
            spelt_out("jämställhdet", "jämställdhet", indexed),
            Some(("jämställdhet".to_string(), 1, 1))
        );
        assert_eq!(capitalised_as("Matchnig", "matchning".into()), "Matchning");
        assert_eq!(capitalised_as("matchnig", "matchning".into()), "matchning");
        assert_eq!(capitalised_as("MATCHNIG", "matchning".into()), "MATCHNING");
    }

    #[test]
    fn only_short_words_in_capitals_are_acronyms() {
        assert!(is_acronym("UVAS"));
        assert!(is_acronym("SMOCS"));
        assert!(!is_acronym("SMOCSX"));
        assert!(!is_acronym("ARBETSFÖRMEDLNIGEN"));
        assert!(!is_acronym("Uvas"));
    }

    #[test]
    fn only_words_of_the_lexicon_are_known() {
        for word in ["skolklimat", "tredubbelt", "bandelar", "elitstödets", "arbetsförmedlingen"]
        {
            assert!(is_known_word(word), "{word}");
        }
        for spelt_out in ["skolplikat", "tredubbl", "särregl", "arbetsförmedlnigen"] {
            assert!(!is_known_word(spelt_out), "{spelt_out}");
        }
    }

    #[test]
    fn swapped_letters_are_one_edit() {
        assert_eq!(edit_distance("arbetsförmedlnigen", "arbetsförmedlingen"), 1);
        assert_eq!(edit_distance("ungdommar", "ungdomar"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }

    #[test]
    fn corrections_are_put_in_place() {
        let corrected = |typed: &str, meant: &str| Corrected {
            typed: typed.into(),
            meant: meant.into(),
            absent: true,
        };
        let corrections =
            [corrected("matchnig", "matchning"), corrected("företgande", "företagande")];
        assert_eq!(
            corrected_text("+matchnig och företgande \"matchnig\" matchnig", &corrections),
            "+matchning och företagande \"matchnig\" matchning"
        );
    }
}
