//! Term vectors of a document's sections, for `similar` and `compare`.
//!
//! A vector counts the stems of a text exactly as the index holds them: every text goes through
//! [`analysis::SV`], the chain the text fields are indexed with, so a stem counted here is a
//! term that can be looked up in the index. Each stem remembers the surface forms it came from,
//! so that people are shown "nyanlända", not "nyanländ".
//!
//! How distinctive a stem is comes from the whole index: its document frequency in the `body`
//! catch-all, turned into BM25's idf, `ln(1 + (N - df + 0.5) / (df + 0.5))`, which stays
//! positive even for a stem every document has (small indexes would otherwise lose all terms).
//!
//! ```
//! use projsok::search::vectors::{is_word, TermCounts};
//!
//! let mut counts = TermCounts::default();
//! counts.add_text("Nyanlända kommer långsamt in på arbetsmarknaden. De nyanlända väntar.", 1.0);
//! assert_eq!(counts.count("nyanländ"), 2.0);
//! assert_eq!(counts.surface("nyanländ"), "nyanlända");
//! assert!(is_word("arbetsmarknad") && !is_word("de") && !is_word("2009"));
//! assert!(!is_word("the") && !is_word("onli") && is_word("labour"));
//! ```

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;
use std::sync::{Mutex, MutexGuard, PoisonError};

use foldhash::fast::RandomState;
use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, Term, TERMINATED};

use super::evidence::{self, Evidence};
use crate::analysis;
use crate::error::{Error, Result};
use crate::index::schema::Fields;
use crate::index::spread::Spread;
use crate::places;

/// A stem in more than this share of the documents is too common to mean a topic ...
const MAX_DOC_SHARE: f64 = 0.25;
/// ... once the index is large enough for shares to mean something.
const MIN_DOCS_FOR_SHARE: u64 = 100;
/// Stems shorter than this (in characters) say little about a topic: "af", "eu", "ca".
const MIN_WORD_CHARS: usize = 3;

/// Whether a stem can stand for a topic: long enough, free of digits (years, sums,
/// diarienummer and telephone numbers are no topic) and no English function word.
pub fn is_word(stem: &str) -> bool {
    stem.chars().count() >= MIN_WORD_CHARS
        && !stem.chars().any(|c| c.is_numeric())
        && !ENGLISH_FUNCTION_STEMS.contains(stem)
}

/// English function words of three letters or more, as written and as the English stemmer
/// leaves them ("only" → "onli"). The index's chains remove Swedish stop words only, so in the
/// corpus's few English documents "the", "and" and "will" are rare terms with a high idf, and
/// they were the top "shared" words of every English neighbour. None is a Swedish word that
/// carries a topic.
const ENGLISH_FUNCTION_WORDS: [&str; 88] = [
    "the", "and", "for", "with", "that", "this", "these", "those", "from", "are", "was", "were",
    "been", "being", "have", "has", "had", "having", "will", "would", "shall", "should", "can",
    "could", "may", "might", "must", "not", "but", "nor", "its", "our", "ours", "your", "yours",
    "their", "theirs", "them", "they", "she", "her", "hers", "his", "him", "who", "whom", "which",
    "what", "when", "where", "why", "how", "all", "any", "both", "each", "few", "more", "most",
    "other", "some", "such", "only", "own", "same", "than", "too", "very", "into", "onto", "over",
    "again", "further", "then", "once", "here", "there", "about", "above", "below", "after",
    "before", "between", "through", "during", "also", "does", "did",
];

static ENGLISH_FUNCTION_STEMS: std::sync::LazyLock<std::collections::HashSet<String>> =
    std::sync::LazyLock::new(|| {
        ENGLISH_FUNCTION_WORDS
            .iter()
            .flat_map(|word| {
                let stem = analysis::stemmer::stem(analysis::language::Lang::En, word).into_owned();
                [word.to_string(), stem]
            })
            .collect()
    });

/// Whether a word names a place: a kommun, a län or an ESF region says where, not what.
pub fn is_place(word: &str) -> bool {
    places::kommun(word).is_some()
        || places::region_of_lan(word).is_some()
        || places::region(word).is_some()
}

/// BM25's inverse document frequency of a term in `doc_freq` of `num_docs` documents.
pub fn idf(doc_freq: u64, num_docs: u64) -> f32 {
    let (df, n) = (doc_freq as f64, num_docs.max(doc_freq) as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln() as f32
}

/// The surface forms of one stem, lower-cased, with how often each was written.
type Forms = HashMap<String, u32, RandomState>;

/// Weighted stem counts of one or more texts, with the surface forms each stem came from.
/// The maps hash with foldhash, not SipHash: `similar` counts every word of a hundred
/// documents. Its seed is random per process, like SipHash's, so a pasted text cannot be
/// written to collide; no output depends on the maps' order.
#[derive(Debug, Clone, Default)]
pub struct TermCounts {
    counts: BTreeMap<String, f32>,
    surfaces: HashMap<String, Forms, RandomState>,
    /// Occurrences written with a capital first letter, per stem.
    capitalised: HashMap<String, u32, RandomState>,
    /// Tokens counted, unweighted.
    tokens: usize,
    /// Tokens written with a lower-case first letter: words rather than names.
    lowercase_tokens: usize,
    /// Surface forms of compound parts: the compounds they came from.
    part_surfaces: HashMap<String, Forms, RandomState>,
}

impl TermCounts {
    /// Counts the stems of `text`, each occurrence as `weight`.
    pub fn add_text(&mut self, text: &str, weight: f32) {
        self.add_analysed(text, weight, None);
    }

    /// Counts the stemmed parts of the compounds of `text` ("matchningsarbetet" → matchning,
    /// arbetet, arbet), each as `weight`. A part is shown as the compound it came from only
    /// when the text never has it as a word of its own.
    pub fn add_parts(&mut self, text: &str, weight: f32) {
        self.add_parts_of(text, &analysis::index_tokens(text, true), weight);
    }

    /// [`add_text`](Self::add_text) and then [`add_parts`](Self::add_parts) with
    /// `parts_weight`, from one analysis of the text: `similar` counts a hundred documents
    /// this way per request.
    pub fn add_text_and_parts(&mut self, text: &str, weight: f32, parts_weight: f32) {
        self.add_analysed(text, weight, Some(parts_weight));
    }

    fn add_analysed(&mut self, text: &str, weight: f32, parts_weight: Option<f32>) {
        let analysed = analysis::index_tokens(text, parts_weight.is_some());
        for word in analysed.words() {
            self.count_word(word.forms.stem(), text.get(word.offset_from..word.offset_to), weight);
        }
        let Some(parts_weight) = parts_weight else { return };
        // The parts after all the words, as two separate calls added them: a stem that is a
        // word and a part gets its sum in the same order, so scores stay the same to the bit.
        self.add_parts_of(text, &analysed, parts_weight);
    }

    fn add_parts_of(&mut self, text: &str, analysed: &analysis::IndexTokens, weight: f32) {
        for word in analysed.words() {
            let surface = text.get(word.offset_from..word.offset_to);
            for part in word.forms.parts() {
                self.count_part(part, surface, weight);
            }
        }
    }

    fn count_word(&mut self, stem: &str, surface: Option<&str>, weight: f32) {
        self.tokens += 1;
        add_to(&mut self.counts, stem, weight);
        let Some(surface) = surface else { return };
        if surface.chars().next().is_some_and(char::is_uppercase) {
            add_to(&mut self.capitalised, stem, 1);
        } else {
            self.lowercase_tokens += 1;
        }
        count_surface(&mut self.surfaces, stem, surface);
    }

    fn count_part(&mut self, part: &str, surface: Option<&str>, weight: f32) {
        add_to(&mut self.counts, part, weight);
        if let Some(surface) = surface {
            count_surface(&mut self.part_surfaces, part, surface);
        }
    }

    /// The weighted count of `stem` (0 when absent).
    pub fn count(&self, stem: &str) -> f32 {
        self.counts.get(stem).copied().unwrap_or_default()
    }

    /// Every stem with its weighted count, in stem order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, f32)> {
        self.counts.iter().map(|(stem, count)| (stem.as_str(), *count))
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Tokens counted, whatever their weight.
    pub fn tokens(&self) -> usize {
        self.tokens
    }

    /// Tokens written with a lower-case first letter, whatever their weight: the running
    /// words of a text, without the names of its lists.
    pub fn lowercase_tokens(&self) -> usize {
        self.lowercase_tokens
    }

    /// Whether `stem` is mostly written with a capital letter: a name rather than a word.
    pub fn is_name(&self, stem: &str) -> bool {
        let seen: u32 = self.surfaces.get(stem).map(|forms| forms.values().sum()).unwrap_or(0);
        let capitalised = self.capitalised.get(stem).copied().unwrap_or(0);
        seen > 0 && capitalised * 2 > seen
    }

    /// The stem as people wrote it: its most frequent surface form (lower-cased), the shorter
    /// and then the alphabetically first one on a tie. The stem itself if it was never seen.
    pub fn surface(&self, stem: &str) -> String {
        self.word_surface(stem)
            .or_else(|| most_frequent(self.part_surfaces.get(stem)?))
            .unwrap_or_else(|| stem.to_string())
    }

    /// The stem's most frequent form as a word of its own, if the text has it as one.
    pub fn word_surface(&self, stem: &str) -> Option<String> {
        most_frequent(self.surfaces.get(stem)?)
    }
}

/// A map from words to counts that is asked far more often for a word it has than for a new
/// one: [`add_to`] allocates the key only for a new word.
trait WordMap<V> {
    fn value_mut(&mut self, word: &str) -> Option<&mut V>;
    fn insert_new(&mut self, word: String, value: V);
}

impl<V> WordMap<V> for BTreeMap<String, V> {
    fn value_mut(&mut self, word: &str) -> Option<&mut V> {
        self.get_mut(word)
    }
    fn insert_new(&mut self, word: String, value: V) {
        self.insert(word, value);
    }
}

impl<V, S: std::hash::BuildHasher> WordMap<V> for HashMap<String, V, S> {
    fn value_mut(&mut self, word: &str) -> Option<&mut V> {
        self.get_mut(word)
    }
    fn insert_new(&mut self, word: String, value: V) {
        self.insert(word, value);
    }
}

fn add_to<V: std::ops::AddAssign + Copy>(map: &mut impl WordMap<V>, word: &str, amount: V) {
    match map.value_mut(word) {
        Some(value) => *value += amount,
        None => map.insert_new(word.to_string(), amount),
    }
}

/// Counts `surface`, lower-cased, among the forms of `stem`.
fn count_surface(forms: &mut HashMap<String, Forms, RandomState>, stem: &str, surface: &str) {
    let lowered = if surface.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(surface.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(surface)
    };
    let forms = match forms.get_mut(stem) {
        Some(forms) => forms,
        None => forms.entry(stem.to_string()).or_default(),
    };
    add_to(forms, &lowered, 1);
}

/// The most frequent form, the shorter and then the alphabetically first one on a tie.
pub(crate) fn most_frequent<S>(forms: &HashMap<String, u32, S>) -> Option<String> {
    forms
        .iter()
        .max_by(|(a, a_count), (b, b_count)| {
            a_count
                .cmp(b_count)
                .then_with(|| b.chars().count().cmp(&a.chars().count()))
                .then_with(|| b.cmp(a))
        })
        .map(|(form, _)| form.clone())
}

/// Documents whose occurrences of a stem are counted to judge its spread: enough for a mean,
/// few enough that a stem in every document costs no more than a rare one.
const SPREAD_SAMPLE: u64 = 2_000;

/// Document frequencies of stems in the `body` catch-all, and their weight as evidence (see
/// [`evidence`]), looked up once each.
pub struct DocFreqs<'a> {
    searcher: &'a Searcher,
    body: Field,
    num_docs: u64,
    evidence: Evidence,
    /// The spread counted at index time, when the generation has it.
    counted: Option<&'a Spread>,
    /// One entry per stem asked for: `similar` asks about every stem of a hundred documents,
    /// several times each, so one foldhash lookup answers all of a stem's questions. Shared by
    /// the threads that weigh `similar`'s candidates, in shards so that they seldom wait for
    /// each other.
    known: [Mutex<HashMap<String, Known, RandomState>>; SHARDS],
    shard_hasher: RandomState,
}

/// Locks over the known stems (a power of two).
const SHARDS: usize = 16;

/// What is known of one stem.
#[derive(Clone, Copy)]
struct Known {
    doc_freq: u64,
    /// Its weight as evidence before the weight of names, once asked for.
    weight: Option<f32>,
}

impl<'a> DocFreqs<'a> {
    pub fn new(searcher: &'a Searcher, fields: &Fields) -> DocFreqs<'a> {
        DocFreqs::weighing(searcher, fields, Evidence::ALL, None)
    }

    /// Frequencies that weigh down only the kinds of weak evidence named, reading the stems'
    /// spread from `counted` where it has them.
    pub fn weighing(
        searcher: &'a Searcher,
        fields: &Fields,
        evidence: Evidence,
        counted: Option<&'a Spread>,
    ) -> DocFreqs<'a> {
        DocFreqs {
            searcher,
            body: fields.body,
            num_docs: searcher.num_docs(),
            evidence,
            counted,
            known: std::array::from_fn(|_| Mutex::new(HashMap::default())),
            shard_hasher: RandomState::default(),
        }
    }

    /// The known stems of `stem`'s shard. A poisoned lock still holds good entries: each is
    /// written whole.
    fn shard(&self, stem: &str) -> MutexGuard<'_, HashMap<String, Known, RandomState>> {
        let shard = self.shard_hasher.hash_one(stem) as usize % SHARDS;
        self.known[shard].lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How much `stem` counts as evidence of a topic, 0 to 1, beside its idf (see
    /// [`evidence`]); `name` says whether the text writes it mostly with a capital.
    pub fn evidence(&self, stem: &str, name: bool) -> Result<f32> {
        Ok(self.doc_freq_and_evidence(stem, name)?.1)
    }

    /// [`DocFreqs::doc_freq`] and [`DocFreqs::evidence`] in one lookup.
    pub fn doc_freq_and_evidence(&self, stem: &str, name: bool) -> Result<(u64, f32)> {
        let known = self.known(stem)?;
        let weight = match known.weight {
            Some(weight) => weight,
            None => {
                let weight = self.weight(stem, known.doc_freq)?;
                if let Some(entry) = self.shard(stem).get_mut(stem) {
                    entry.weight = Some(weight);
                }
                weight
            }
        };
        if weight == 0.0 {
            return Ok((known.doc_freq, 0.0));
        }
        // The factors in the order they were always multiplied in, so that scores stay the
        // same to the bit.
        let mut evidence = weight;
        if self.evidence.boilerplate && name && known.doc_freq >= evidence::MIN_SPREAD_DOCS {
            evidence *= evidence::NAME_WEIGHT;
        }
        if self.evidence.project_form && evidence::is_project_form(stem) {
            evidence *= evidence::PROJECT_FORM_WEIGHT;
        }
        Ok((known.doc_freq, evidence))
    }

    /// The weight of `stem` as evidence but for the weight of names: none for a month or
    /// weekday name, its spread's weight otherwise (when boilerplate is weighed).
    fn weight(&self, stem: &str, doc_freq: u64) -> Result<f32> {
        if !self.evidence.boilerplate {
            return Ok(1.0);
        }
        if evidence::is_calendar(stem) {
            return Ok(0.0);
        }
        self.spread_weight(stem, doc_freq)
    }

    /// [`evidence::spread_weight`] of `stem`, from its occurrences in (a sample of) the
    /// documents holding it.
    fn spread_weight(&self, stem: &str, doc_freq: u64) -> Result<f32> {
        if doc_freq < evidence::MIN_SPREAD_DOCS {
            return Ok(1.0);
        }
        if let Some((docs, occurrences)) = self.counted.and_then(|counted| counted.get(stem)) {
            let ridf = evidence::residual_idf(docs, occurrences, self.num_docs);
            return Ok(evidence::spread_weight(ridf));
        }
        let term = Term::from_field_text(self.body, stem);
        let (mut docs, mut occurrences) = (0u64, 0u64);
        for segment in self.searcher.segment_readers() {
            let inverted =
                segment.inverted_index(self.body).map_err(|err| Error::index("index", err))?;
            let postings = inverted
                .read_postings(&term, IndexRecordOption::WithFreqs)
                .map_err(|err| Error::index("index", crate::error::io_reason(&err)))?;
            let Some(mut postings) = postings else { continue };
            while postings.doc() != TERMINATED && docs < SPREAD_SAMPLE {
                docs += 1;
                occurrences += u64::from(postings.term_freq());
                postings.advance();
            }
            if docs >= SPREAD_SAMPLE {
                break;
            }
        }
        // The sample's occurrences per document, for all the documents holding the stem.
        let estimated = (occurrences as f64 * doc_freq as f64 / docs.max(1) as f64) as u64;
        Ok(evidence::spread_weight(evidence::residual_idf(doc_freq, estimated, self.num_docs)))
    }

    /// Documents in the index.
    pub fn num_docs(&self) -> u64 {
        self.num_docs
    }

    /// Remembers the document frequency of `stem` in `body` that the caller read from its
    /// posting lists, so that [`DocFreqs::doc_freq`] need not look the term up again.
    pub fn knowing(&self, stem: &str, doc_freq: u64) {
        self.shard(stem).entry(stem.to_string()).or_insert(Known { doc_freq, weight: None });
    }

    fn known(&self, stem: &str) -> Result<Known> {
        if let Some(&known) = self.shard(stem).get(stem) {
            return Ok(known);
        }
        let term = Term::from_field_text(self.body, stem);
        let doc_freq = self.searcher.doc_freq(&term).map_err(|err| Error::index("index", err))?;
        let known = Known { doc_freq, weight: None };
        self.shard(stem).insert(stem.to_string(), known);
        Ok(known)
    }

    /// Documents whose text holds `stem`.
    pub fn doc_freq(&self, stem: &str) -> Result<u64> {
        Ok(self.known(stem)?.doc_freq)
    }

    /// Whether `stem` is too common to say anything about a topic: in more than a quarter of
    /// the documents of an index of at least a hundred.
    pub fn is_common(&self, stem: &str) -> Result<bool> {
        let share = self.doc_freq(stem)? as f64 / self.num_docs.max(1) as f64;
        Ok(self.num_docs >= MIN_DOCS_FOR_SHARE && share > MAX_DOC_SHARE)
    }

    /// The idf of `stem` in this index.
    pub fn idf(&self, stem: &str) -> Result<f32> {
        Ok(idf(self.doc_freq(stem)?, self.num_docs))
    }
}

/// A tf-idf vector: stem → `ln(1 + tf) · idf`, with the surface forms of its source text.
/// Numbers, stems under three letters, place names (see [`is_place`]) and stems no document
/// of the index has as a word are left out. The tf is weighted (see [`TermCounts::add_text`]),
/// so it is smoothed with ln(1 + tf) rather than 1 + ln tf, which has no sense below 1.
#[derive(Debug, Clone, Default)]
pub struct Vector {
    /// stem → weight, in stem order: a cosine is a merge of two sorted lists, and sums in the
    /// order a map by stem would give.
    weights: Vec<(String, f32)>,
    norm: f32,
    counts: TermCounts,
}

impl Vector {
    /// The tf-idf vector of `counts`.
    pub fn new(counts: TermCounts, freqs: &DocFreqs) -> Result<Vector> {
        let mut weights = Vec::new();
        for (stem, tf) in counts.iter() {
            if !is_word(stem) || tf <= 0.0 {
                continue;
            }
            let name = counts.is_name(stem);
            if name && is_place(&counts.surface(stem)) {
                continue;
            }
            // A stem no document has as a word (a compound part, a new word in a pasted
            // text) can be shared with no document.
            let (doc_freq, evidence) = freqs.doc_freq_and_evidence(stem, name)?;
            if doc_freq == 0 {
                continue;
            }
            if evidence > 0.0 {
                let weight = tf.ln_1p() * idf(doc_freq, freqs.num_docs()) * evidence;
                weights.push((stem.to_string(), weight));
            }
        }
        let norm = weights.iter().map(|(_, weight)| weight * weight).sum::<f32>().sqrt();
        Ok(Vector { weights, norm, counts })
    }

    /// Each stem with its weight, in stem order.
    pub fn weights(&self) -> &[(String, f32)] {
        &self.weights
    }

    /// The weights of the stems both vectors hold, in stem order, as (stem, mine, theirs).
    fn both<'v>(&'v self, other: &'v Vector) -> impl Iterator<Item = (&'v str, f32, f32)> {
        let mut theirs = other.weights.iter().peekable();
        self.weights.iter().filter_map(move |(stem, weight)| {
            while theirs.next_if(|(their_stem, _)| their_stem < stem).is_some() {}
            theirs
                .next_if(|(their_stem, _)| their_stem == stem)
                .map(|(_, their_weight)| (stem.as_str(), *weight, *their_weight))
        })
    }

    /// The cosine of the angle between two vectors, 0 to 1.
    pub fn cosine(&self, other: &Vector) -> f32 {
        let dot: f32 = self.both(other).map(|(_, weight, theirs)| weight * theirs).sum();
        let norms = self.norm * other.norm;
        if norms > 0.0 && dot > 0.0 {
            (dot / norms).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// The stems both vectors hold, by their share of the cosine, as (stem, product).
    pub fn shared(&self, other: &Vector) -> Vec<(String, f32)> {
        let mut shared: Vec<(String, f32)> = self
            .both(other)
            .map(|(stem, weight, theirs)| (stem.to_string(), weight * theirs))
            .collect();
        sort_ranked(&mut shared);
        shared
    }

    /// The stems only this vector holds, by weight.
    pub fn only(&self, other: &Vector) -> Vec<(String, f32)> {
        let mut only: Vec<(String, f32)> = self
            .weights
            .iter()
            .filter(|(stem, _)| {
                other.weights.binary_search_by(|(theirs, _)| theirs.cmp(stem)).is_err()
            })
            .map(|(stem, weight)| (stem.clone(), *weight))
            .collect();
        sort_ranked(&mut only);
        only
    }

    /// The stem as this vector's text writes it.
    pub fn surface(&self, stem: &str) -> String {
        self.counts.surface(stem)
    }

    /// A stem both vectors hold, as a word of its own in either text if it is one there (the
    /// compound it is part of otherwise).
    pub fn shared_surface(&self, other: &Vector, stem: &str) -> String {
        self.counts
            .word_surface(stem)
            .or_else(|| other.counts.word_surface(stem))
            .unwrap_or_else(|| self.surface(stem))
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }
}

/// Evidence (see [`DocFreqs::evidence`]) below which a stem is not shown as a reason: it
/// counts, a little, but says nothing a reader could act on.
const SHOWN_EVIDENCE: f32 = 0.5;
/// Letters two forms of one word share at the least, and letters either may have beyond them
/// at the most: "uppdrag", "uppdrar" and "uppdraget"; "projekt" and "projektet"; not "arbete"
/// and "arbetsmarknaden".
const SHARED_PREFIX: usize = 5;
const OTHER_ENDING: usize = 3;

/// Whether two shown words are forms of one word that the stemmer kept apart (or a compound
/// part shown beside the word): the longer one adds no more than an ending.
pub fn same_word(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let shared = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    shared >= SHARED_PREFIX && a.len() - shared <= OTHER_ENDING && b.len() - shared <= OTHER_ENDING
}

/// The first `limit` distinct words of ranked stems, as `surface` writes them, leaving out
/// stems too common to mean anything (they still count in the cosine, with their low idf),
/// weak evidence (boilerplate, project-form vocabulary) and repeats (the parts of one compound
/// may all read as that compound; "projekt" and "projektet" are one word).
pub fn words(
    ranked: Vec<(String, f32)>,
    surface: impl Fn(&str) -> String,
    freqs: &DocFreqs,
    limit: usize,
) -> Result<Vec<String>> {
    let mut words: Vec<String> = Vec::new();
    for (stem, _) in ranked {
        if words.len() >= limit {
            break;
        }
        let word = surface(&stem);
        if words.iter().any(|shown| same_word(shown, &word)) || freqs.is_common(&stem)? {
            continue;
        }
        if freqs.evidence(&stem, false)? >= SHOWN_EVIDENCE {
            words.push(word);
        }
    }
    Ok(words)
}

fn sort_ranked(terms: &mut [(String, f32)]) {
    terms.sort_by(|(a_stem, a), (b_stem, b)| b.total_cmp(a).then_with(|| a_stem.cmp(b_stem)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_long_enough_and_not_numbers() {
        assert!(is_word("etablering"));
        assert!(is_word("sfi"));
        assert!(!is_word("af"));
        assert!(!is_word("2008"));
        assert!(!is_word("3080034"));
        assert!(!is_word("covid19"));
    }

    #[test]
    fn idf_falls_with_document_frequency_and_stays_positive() {
        assert!(idf(1, 1000) > idf(10, 1000));
        assert!(idf(1000, 1000) > 0.0);
        assert!((idf(1, 1) - (1.0f32 + 0.5 / 1.5).ln()).abs() < 1e-6);
        // A free text's stem may be missing from the index, or counted in more documents
        // than a stale reader knows of: never NaN.
        assert!(idf(0, 0).is_finite() && idf(5, 3).is_finite());
    }

    #[test]
    fn counts_are_weighted_and_surfaces_are_the_most_frequent_form() {
        let mut counts = TermCounts::default();
        counts.add_text("Etableringen av nyanlända. Etablering tar tid.", 2.0);
        counts.add_text("Etableringen", 0.5);
        assert_eq!(counts.count("etablering"), 4.5);
        assert_eq!(counts.surface("etablering"), "etableringen");
        assert_eq!(counts.surface("okänd"), "okänd");
        assert_eq!(counts.count("okänd"), 0.0);
        assert_eq!(counts.tokens(), 6);
    }

    #[test]
    fn compound_parts_count_and_read_as_their_compound_unless_seen_alone() {
        let mut counts = TermCounts::default();
        counts.add_parts("Matchningsarbetet pågår.", 0.5);
        assert_eq!(counts.count("matchning"), 0.5);
        assert_eq!(counts.surface("matchning"), "matchningsarbetet");
        assert_eq!(counts.word_surface("matchning"), None);
        counts.add_text("Matchningen", 1.0);
        assert_eq!(counts.surface("matchning"), "matchningen");
    }

    #[test]
    fn names_are_mostly_capitalised() {
        let mut counts = TermCounts::default();
        counts.add_text("Stockholm och Boden. I Stockholm finns en bod, två bodar och mark.", 1.0);
        assert!(counts.is_name("stockholm"));
        assert!(!counts.is_name("mark"));
        assert!(!counts.is_name("saknas"));
    }

    #[test]
    fn forms_of_one_word_are_one_word() {
        assert!(same_word("projekt", "projektet"));
        assert!(same_word("uppdrag", "uppdrar"));
        assert!(same_word("uppdraget", "uppdrar"));
        assert!(same_word("etablering", "etablering"));
        assert!(!same_word("arbete", "arbetsmarknaden"));
        assert!(!same_word("sfi", "sfi-lärare"));
        assert!(!same_word("nyanlända", "nyanländas etablering"));
        assert!(!same_word("social", "socialtjänsten"));
    }

    #[test]
    fn surface_ties_go_to_the_shorter_form() {
        let mut counts = TermCounts::default();
        counts.add_text("Matchningen och matchning", 1.0);
        assert_eq!(counts.surface("matchning"), "matchning");
    }
}
