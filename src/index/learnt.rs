//! The acronym pairs a generation's documents agree on ([`Defined::resolve`]), each with the
//! way it is searched, and the synonym table searches expand them with: worked out when the
//! generation is written (`learnt.bin` in its folder), because resolving the definitions,
//! analysing their forms and counting the directions took about 90 % of the instructions of a
//! whole `projsok search` on g0vse.
//!
//! The acronym always finds its long form; the long form finds the acronym only where the
//! acronym's indexed stem is not far more common than the long form itself. A text that
//! defines "Square Kilometre Array (SKA)" taught the index a pair whose acronym is indexed as
//! "ska", the Swedish verb of some 22 000 documents: searched both ways, the exact phrase
//! "Square Kilometre Array" found all of them.
//!
//! A generation without a readable table (written before it existed, or damaged) has its
//! pairs worked out again by the process that opens it: the same answer, later.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::collector::Count;
use tantivy::query::{PhraseQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use xxhash_rust::xxh3::xxh3_64;

use super::acronyms::Defined;
use super::segments_key;
use crate::analysis::synonyms::{StoredTable, Synonyms};
use crate::analysis::{analyze, positioned, tokens, SV_QUERY};

/// The table's file in a generation's folder.
pub const FILE: &str = "learnt.bin";
/// The table's layout; a table of another version is not read.
const VERSION: u32 = 2;

/// How many times more documents the acronym's stem may be in than the long form (or, where
/// more, the documents that define the pair) for the long form to search the acronym too. The
/// pairs of g0vse that use the long form this way are at most a few times more common than it
/// (an acronym is written more often than its name is spelt out); those above twenty are
/// ordinary words ("ska", "fem", "mar").
pub const MAX_ACRONYM_SPREAD: u64 = 20;

/// What decides a pair's direction, counted in the catch-all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Direction {
    /// The acronym as the catch-all indexes it ("ska" for SKA).
    pub stem: String,
    /// Documents with the acronym's stem.
    pub acronym_documents: u64,
    /// Documents with the long form as a phrase; `None` where not counted because the
    /// acronym's are few enough whatever the long form's are.
    pub long_form_documents: Option<u64>,
    /// Documents that define the pair.
    pub defining: u64,
}

/// The live documents with `term`. Not the term's document frequency, which counts deleted
/// documents until their segment is merged away: an update would count otherwise than a
/// rebuild of the same files, and near the limit search a pair another way.
fn live_documents(searcher: &Searcher, term: Term) -> tantivy::Result<u64> {
    Ok(searcher.search(&TermQuery::new(term, IndexRecordOption::Basic), &Count)? as u64)
}

impl Direction {
    /// Counts `acronym` and `long_form` in `body`; `defining` documents define the pair.
    pub fn count(
        searcher: &Searcher,
        body: Field,
        acronym: &str,
        long_form: &str,
        defining: usize,
    ) -> tantivy::Result<Direction> {
        let defining = defining as u64;
        // Letters only: one stem, or none for a stop word (such pairs are not searched).
        let stem = analyze(SV_QUERY, acronym).next().unwrap_or_default();
        let acronym_documents = live_documents(searcher, Term::from_field_text(body, &stem))?;
        let mut direction =
            Direction { stem, acronym_documents, long_form_documents: None, defining };
        if direction.both_ways() {
            return Ok(direction);
        }
        // As a quoted phrase of the long form is searched.
        let stems = positioned(&tokens(SV_QUERY, long_form));
        let long_form_documents = match stems.as_slice() {
            [] => 0,
            [(_, stem)] => live_documents(searcher, Term::from_field_text(body, stem))?,
            _ => {
                let terms = stems
                    .iter()
                    .map(|(position, stem)| (*position, Term::from_field_text(body, stem)))
                    .collect();
                let phrase = PhraseQuery::new_with_offset(terms);
                searcher.search(&phrase, &Count)? as u64
            }
        };
        direction.long_form_documents = Some(long_form_documents);
        Ok(direction)
    }

    /// Whether the long form searches the acronym too.
    pub fn both_ways(&self) -> bool {
        self.acronym_documents <= MAX_ACRONYM_SPREAD * self.long_form_reach()
    }

    /// How many times more documents have the acronym's stem than the long form (or its
    /// defining documents, where more).
    pub fn ratio(&self) -> f64 {
        self.acronym_documents as f64 / self.long_form_reach() as f64
    }

    /// The documents with the long form, or those that define the pair where more (a long
    /// form split across a line is no phrase).
    pub fn long_form_reach(&self) -> u64 {
        self.long_form_documents.unwrap_or(0).max(self.defining).max(1)
    }
}

/// One pair the documents agree on and its direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearntPair {
    pub acronym: String,
    pub long_form: String,
    pub direction: Direction,
}

/// A generation's learnt pairs, in [`Defined::resolve`]'s order, and their synonym table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Learnt {
    version: u32,
    /// The hash of the acronyms file the pairs were resolved from: an update killed after its
    /// commit leaves a table of the definitions before it, which must not be read as current.
    acronyms: u64,
    /// The hash of the segments (and their deletions) the directions were counted over: the
    /// same definitions over other documents can go other ways.
    segments: u64,
    pub pairs: Vec<LearntPair>,
    table: StoredTable,
}

impl Learnt {
    /// Resolves `defined` and counts each pair's direction in the searcher's `body`.
    pub fn compute(searcher: &Searcher, body: Field, defined: &Defined) -> tantivy::Result<Learnt> {
        let resolved = defined.resolve();
        let pairs = resolved
            .pairs
            .iter()
            .map(|pair| {
                let definition = &pair.definition;
                let (acronym, long_form) = (&definition.acronym, &definition.long_form);
                let direction =
                    Direction::count(searcher, body, acronym, long_form, pair.documents.len())?;
                Ok(LearntPair { acronym: acronym.clone(), long_form: long_form.clone(), direction })
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        let table = Synonyms::of_learnt(pairs.iter().map(|pair| {
            (pair.acronym.as_str(), pair.long_form.as_str(), pair.direction.both_ways())
        }));
        let acronyms = xxh3_64(&defined.encode());
        let segments = segments_key(searcher);
        Ok(Learnt { version: VERSION, acronyms, segments, pairs, table: table.stored() })
    }

    /// Whether the pairs were resolved from `acronyms_file`, the bytes of the generation's
    /// acronyms file (see [`super::acronyms`]), and counted over the searcher's documents.
    pub fn is_of(&self, acronyms_file: &[u8], searcher: &Searcher) -> bool {
        self.acronyms == xxh3_64(acronyms_file) && self.segments == segments_key(searcher)
    }

    /// The synonym table of the pairs, each searched its way.
    pub fn table(&self) -> Synonyms {
        // `compute` stores a whole table and `read` refuses any other.
        Synonyms::from_stored(self.table.clone()).unwrap_or_default()
    }
}

/// Writes the table: the xxh3 of its bytes, then the bytes, so that a damaged table that
/// still decodes is not read.
pub fn write(generation: &Path, learnt: &Learnt) -> std::io::Result<()> {
    let bytes = postcard::to_allocvec(learnt).map_err(std::io::Error::other)?;
    super::write_table(generation, FILE, &[&xxh3_64(&bytes).to_le_bytes(), &bytes])
}

/// The generation's table, or `None` when it has none that this version reads.
pub fn read(generation: &Path) -> Option<Learnt> {
    let stored = fs::read(generation.join(FILE)).ok()?;
    let (sum, bytes) = stored.split_at_checked(8)?;
    if u64::from_le_bytes(sum.try_into().ok()?) != xxh3_64(bytes) {
        return None;
    }
    let learnt: Learnt = postcard::from_bytes(bytes).ok()?;
    let readable =
        learnt.version == VERSION && Synonyms::from_stored(learnt.table.clone()).is_some();
    readable.then_some(learnt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn direction(acronym: u64, long_form: Option<u64>, defining: u64) -> Direction {
        let stem = "ska".to_string();
        Direction { stem, acronym_documents: acronym, long_form_documents: long_form, defining }
    }

    #[test]
    fn the_long_form_searches_an_acronym_at_most_twenty_times_as_common() {
        assert!(direction(20, None, 1).both_ways());
        assert!(!direction(21, Some(0), 0).both_ways());
        assert!(direction(200, Some(10), 3).both_ways());
        assert!(!direction(201, Some(10), 3).both_ways());
        assert!(direction(201, Some(3), 11).both_ways());
        assert_eq!(direction(22_271, Some(1), 1).ratio(), 22_271.0);
        assert_eq!(direction(30, Some(0), 0).ratio(), 30.0);
        assert_eq!(direction(300, Some(4), 2).ratio(), 75.0);
    }
}
