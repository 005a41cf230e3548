//! Closed and open compounds meet: Swedish writes many compounds both ways ("utrikesfödda" and
//! "utrikes födda", "kortutbildade" and "kort utbildning"), and a user types one of them.
//!
//! - A closed compound query word also searches its parts as a phrase, in order and close
//!   together, each part in its Snowball stem and, for a participle last part, its noun in
//!   -ning ("kortutbildade" → "kort utbildning", which finds "kortare utbildning" too: Snowball
//!   gives both "kort"). The parts come from the lexicon's best split also where the splitter
//!   keeps the word whole, for the index (a lexicalised word such as "utrikesfödda").
//! - Two query words next to each other also search the compound joined from them, directly
//!   or with a linking form, where the lexicon reads it as a word or as a compound cut where
//!   the words meet (a missing space, "inomprojektet", is neither) and the index has it: the
//!   joined term is an alternative of both words, so a document that writes only
//!   "utrikesfödda" covers "utrikes födda".
//!
//! Both rank below the form the user typed.

use tantivy::query::{PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::alternatives::{boosted, boxed, Alternatives};
use super::word::WordReading;
use super::QueryBuilder;
use crate::analysis::compounds::{linking_forms, splitter, MIN_PART_CHARS, MIN_WORD_CHARS};
use crate::analysis::language::Lang;
use crate::analysis::stemmer::stem;
use crate::analysis::{self, tokenizer};

/// Weight of the open form of a closed compound query word, and of the closed form of two
/// query words, relative to the form typed: the same thing, written the other way.
pub(super) const OPEN_COMPOUND_BOOST: f32 = 0.5;
/// How far apart the parts of the open form may stand: "kort eller ingen utbildning" is not
/// "kortutbildade", "kortare utbildning" is.
const OPEN_SLOP: u32 = 1;
/// Most phrases one word's open forms make (parts times their variants).
const MAX_OPEN_FORMS: usize = 4;
/// Most joined compounds searched for one pair of words.
const MAX_JOINED: usize = 4;

/// Endings of a participle or verbal adjective whose verb makes a noun in -ning ("utbildade",
/// "utbildad" → "utbildning"; "anställda" has no "anställning" of this shape and is left).
const PARTICIPLE_ENDINGS: [&str; 4] = ["ade", "ad", "at", "ande"];

/// The parts of a lowercased single word as it may be written apart, each as the stems a part
/// may take; empty when the lexicon gives no split into parts of at least [`MIN_PART_CHARS`]
/// letters.
pub(super) fn open_parts(word: &str) -> Vec<Vec<String>> {
    if word.chars().count() < MIN_WORD_CHARS {
        return Vec::new();
    }
    let offsets = splitter().part_offsets(word);
    let pieces: Vec<&str> = if offsets.len() >= 2 {
        let mut pieces = Vec::new();
        for (i, from) in offsets.iter().enumerate() {
            let to = offsets.get(i + 1).copied().unwrap_or(word.len());
            pieces.push(&word[*from..to]);
        }
        pieces
    } else {
        match two_words(word) {
            Some((head, tail)) => vec![head, tail],
            None => return Vec::new(),
        }
    };
    let last = pieces.len() - 1;
    pieces
        .iter()
        .enumerate()
        .map(|(i, piece)| {
            let mut stems = vec![stem(Lang::Sv, piece).into_owned()];
            if i == last {
                for noun in nouns_of_participle(piece) {
                    let noun = stem(Lang::Sv, &noun).into_owned();
                    if !stems.contains(&noun) {
                        stems.push(noun);
                    }
                }
            }
            stems
        })
        .collect()
}

/// The parts of a word joined by hyphens ("socialt-företagande", "covid-19"), each in its stem: the query
/// searches the joined word, which only documents writing it so or closed have, and the parts
/// as a phrase are the open form most documents write. `None` for any other text.
fn hyphen_parts(text: &str) -> Option<Vec<Vec<String>>> {
    let word = text.trim().to_lowercase();
    let pieces: Vec<&str> = word.split(tokenizer::is_joining_hyphen).collect();
    // Digits too: "covid-19" is written "covid 19" as often, "2014-2020" "2014 2020".
    let word = |piece: &&str| !piece.is_empty() && piece.chars().all(char::is_alphanumeric);
    if pieces.len() < 2 || !pieces.iter().all(word) {
        return None;
    }
    // Each part as the index reads that word alone, and its lemma's other forms ("socialt",
    // "social"), as a typed phrase of them is read.
    pieces
        .iter()
        .map(|piece| {
            let reading = WordReading::new(piece);
            let mut stems = vec![analysis::analyze(analysis::SV_QUERY, piece).next()?];
            for other in reading.lemma_stems() {
                if !stems.contains(other) {
                    stems.push(other.clone());
                }
            }
            Some(stems)
        })
        .collect()
}

/// The split of `word` into two words of the lexicon, the first as short as it can be: what
/// the lexicon's compound flags do not cover ("utrikes" + "födda").
fn two_words(word: &str) -> Option<(&str, &str)> {
    let splitter = splitter();
    word.char_indices().skip(MIN_PART_CHARS).find_map(|(at, _)| {
        let (head, tail) = word.split_at(at);
        let long_enough = tail.chars().count() >= MIN_PART_CHARS;
        (long_enough && splitter.is_word(head) && splitter.is_word(tail)).then_some((head, tail))
    })
}

/// The nouns in -ning of a participle ("utbildade" → "utbildning") the lexicon knows.
fn nouns_of_participle(word: &str) -> Vec<String> {
    PARTICIPLE_ENDINGS
        .iter()
        .filter_map(|ending| word.strip_suffix(ending))
        .filter(|root| root.chars().count() >= MIN_PART_CHARS)
        .map(|root| format!("{root}ning"))
        .filter(|noun| splitter().is_word(noun))
        .collect()
}

/// The participles of a noun in -ning ("utbildning" → "utbildade", "utbildad"), as a closed
/// compound ends in them ("kortutbildade").
fn participles_of_noun(word: &str) -> Vec<String> {
    let Some(root) = word.strip_suffix("ning") else { return Vec::new() };
    ["ade", "ad"].iter().map(|ending| format!("{root}{ending}")).collect()
}

/// The compounds two lowercased words next to each other may be written as, as Snowball stems
/// (the first word also in its lemma and stem where those are words: "kortare" → "kort"),
/// joined directly or with a linking form, where the lexicon reads the whole as a word or cuts
/// it where the words meet; not yet checked against any index.
pub(super) fn joined_stems(first: &str, second: &str) -> Vec<String> {
    let splitter = splitter();
    let letters = |word: &str| {
        word.chars().count() >= MIN_PART_CHARS && word.chars().all(char::is_alphabetic)
    };
    let mut heads = vec![first.to_string()];
    heads.extend(splitter.lemma(first));
    let stemmed = stem(Lang::Sv, first);
    if splitter.is_word(&stemmed) {
        heads.push(stemmed.into_owned());
    }
    let mut tails = vec![second.to_string()];
    tails.extend(participles_of_noun(second));
    let mut joined: Vec<String> = Vec::new();
    for head in heads.iter().filter(|head| letters(head.as_str())) {
        for form in linking_forms(head) {
            for tail in tails.iter().filter(|tail| letters(tail.as_str())) {
                let compound = format!("{form}{tail}");
                let read = splitter.is_word(&compound)
                    || splitter.part_offsets(&compound).contains(&form.len());
                let compound = stem(Lang::Sv, &compound).into_owned();
                if read && !joined.contains(&compound) {
                    joined.push(compound);
                }
            }
        }
    }
    joined
}

impl QueryBuilder<'_> {
    /// The open forms of a closed compound query word (see the module's text), each a phrase
    /// of its parts: in the catch-all when the word searches it (it holds every other field's
    /// text), else in the fields the word was asked in ("titel:utrikesfödda" is a title that
    /// says "utrikes födda", not a text).
    pub(super) fn open_forms_of_word(
        &mut self,
        fields: &[(Field, f32)],
        reading: &WordReading,
        searched: &[String],
    ) -> Alternatives {
        let hyphenated = hyphen_parts(reading.text());
        let is_hyphenated = hyphenated.is_some();
        let parts = match hyphenated {
            Some(parts) => parts,
            None => {
                let Some(word) = reading.single_word() else { return Alternatives::new() };
                open_parts(&word)
            }
        };
        if parts.len() < 2 {
            return Alternatives::new();
        }
        let body = self.fields.body;
        let fields: Vec<(Field, f32)> = if fields.iter().any(|(field, _)| *field == body) {
            vec![(body, 1.0)]
        } else {
            fields.to_vec()
        };
        let mut phrases: Vec<Vec<String>> = vec![Vec::new()];
        for stems in &parts {
            phrases = phrases
                .iter()
                .flat_map(|phrase| {
                    stems.iter().map(move |stem| {
                        let mut longer = phrase.clone();
                        longer.push(stem.clone());
                        longer
                    })
                })
                .collect();
        }
        // A compound the splitter splits is already found by its parts (`searched`): of its
        // open forms only those with the noun of a participle are new. Not so a hyphenated
        // word's: its parts are searched in compounds, not written apart.
        if searched.len() >= 2 && !is_hyphenated {
            let as_written = &parts[parts.len() - 1][0];
            phrases.retain(|phrase| phrase.last() != Some(as_written));
        }
        phrases.truncate(MAX_OPEN_FORMS);
        let mut alternatives = Alternatives::new();
        for phrase in phrases {
            for (field, boost) in &fields {
                let terms: Vec<Term> =
                    phrase.iter().map(|stem| Term::from_field_text(*field, stem)).collect();
                let positioned = terms.iter().cloned().enumerate().collect();
                let query: Box<dyn Query> =
                    Box::new(PhraseQuery::new_with_offset_and_slop(positioned, OPEN_SLOP));
                if let Some(query) = self.where_found(query, &terms) {
                    alternatives.push(boosted(query, boost * OPEN_COMPOUND_BOOST));
                    self.highlight.extend(phrase.iter().cloned());
                }
            }
        }
        alternatives
    }

    /// The compounds the index holds that `first` and `second`, typed next to each other, may
    /// be written as (see [`joined_stems`]), in the title and the catch-all, below the words.
    pub(super) fn joined_forms(
        &mut self,
        first: &WordReading,
        second: &WordReading,
        fields: &[(Field, f32)],
    ) -> Alternatives {
        let (Some(first), Some(second)) = (first.single_word(), second.single_word()) else {
            return Alternatives::new();
        };
        let Some(lookup) = self.lookup.as_mut() else { return Alternatives::new() };
        let body = self.fields.body;
        let mut found: Vec<String> = joined_stems(&first, &second)
            .into_iter()
            .filter(|joined| lookup.in_index(&Term::from_field_text(body, joined)))
            .collect();
        found.truncate(MAX_JOINED);
        let title_or_body = self.title_or_body();
        let mut alternatives = Alternatives::new();
        for (field, boost) in fields.iter().filter(|(field, _)| title_or_body.contains(field)) {
            for joined in &found {
                let term = Term::from_field_text(*field, joined);
                let query = boxed(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
                if let Some(query) = self.where_found(query, &[term]) {
                    alternatives.push(boosted(query, boost * OPEN_COMPOUND_BOOST));
                }
            }
        }
        self.highlight.extend(found);
        alternatives
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(parts: &[&[&str]]) -> Vec<Vec<String>> {
        parts.iter().map(|stems| stems.iter().map(|s| s.to_string()).collect()).collect()
    }

    #[test]
    fn a_closed_compound_opens_into_its_parts_and_a_participle_into_its_noun() {
        assert_eq!(
            hyphen_parts("Kort-utbildade"),
            Some(owned(&[&["kort", "kortet"], &["utbild"]]))
        );
        assert_eq!(hyphen_parts("e-tjänster"), Some(owned(&[&["e"], &["tjänst", "tjänster"]])));
        assert_eq!(hyphen_parts("2019-2020"), Some(owned(&[&["2019"], &["2020"]])));
        assert_eq!(hyphen_parts("covid-19"), Some(owned(&[&["covid"], &["19"]])));
        assert_eq!(hyphen_parts("2019-"), None);
        assert_eq!(hyphen_parts("sfi"), None);
        assert_eq!(open_parts("utrikesfödda"), owned(&[&["utrik"], &["född"]]));
        assert_eq!(open_parts("kortutbildade"), owned(&[&["kort"], &["utbild", "utbildning"]]));
        assert_eq!(open_parts("information"), Vec::<Vec<String>>::new());
        assert_eq!(open_parts("kort"), Vec::<Vec<String>>::new());
    }

    #[test]
    fn two_words_join_directly_with_a_linking_form_and_as_participles() {
        let joined = joined_stems("utrikes", "födda");
        assert!(joined.contains(&"utrikesföd".to_string()), "{joined:?}");
        let joined = joined_stems("kortare", "utbildning");
        assert!(joined.contains(&"kortutbild".to_string()), "{joined:?}");
        assert!(joined_stems("ab", "utbildning").iter().all(|j| !j.starts_with("ab")));
        assert_eq!(joined_stems("sfi", "2"), Vec::<String>::new());
    }
}
