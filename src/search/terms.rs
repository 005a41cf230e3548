//! Distinctive terms: the words that most set the documents a request matches apart from a
//! background (the whole index, or the documents of a second set of filters).
//!
//! **The statistic is Dunning's log-likelihood ratio G²** over document counts: for a stem, the
//! 2×2 table of documents of the set and of the background that have it or not,
//! `G² = 2 Σ O·ln(O/E)`, with `E` what the cell would hold if the stem were spread over both
//! alike. Why G² and not the alternatives:
//! - a ratio of shares (lift, Elasticsearch's JLH) puts a word in two documents of the set and
//!   none of the background first; G² grows with the evidence, so a word needs both a
//!   difference and the documents to show it;
//! - χ² assumes every cell's expectation is large; the rare words that distinguish a topic have
//!   expectations well under 5, where χ² overstates them and G² stays sound (Dunning 1993,
//!   *Accurate methods for the statistics of surprise and coincidence*);
//! - tf-idf ranks the words of one set, not a difference between two.
//!
//! Documents are counted, not occurrences: a word repeated forty times in one long bill says
//! less about a set than the same word once in each of forty projects, and occurrence counts
//! would let one long document speak for the set.
//!
//! What is counted: each document's title and sections (or the one section asked for) through
//! [`analysis::SV`], the chain the index is built with, so that stop words are out and a stem
//! is a term of the index. A compound is counted once, as itself: its parts are not counted
//! again as words of their own. Left out: stems under three letters or with digits, month and
//! weekday names, the ESF project-form vocabulary and the boilerplate the index learnt (see
//! [`super::evidence`]), the query's own words (every document of the set has them), and
//! stems over-represented in the background rather than the set.
//!
//! Every match counts. The candidate terms come from the text of at most [`SAMPLE`] documents
//! of the set (the first [`TEXT_CAP`] bytes of each), so that a query matching half of the
//! index stays interactive; a candidate must be in at least [`MIN_DOCS`] of them. The sample is
//! those with the lowest hashes of their files' bytes: spread over the set like a random draw,
//! and the same for every build of the same files, so that the form shown for a stem is too.
//! Its counts, in the set and in the background, are then exact: read from the term's posting
//! list over every match and every document of the background (the rest of the index, or
//! every document of the `--against` filters).
//!
//! On a large index ([`LARGE_INDEX`]) with a set larger than its sample, counting every
//! candidate took seconds (thousands of candidates, lists of up to every document); there the
//! candidates are first ranked by the G² their share of the sample would give, and only the
//! best are counted (150, or five times the terms asked for). Against `--against` filters the
//! background's share is read the same way, from at most [`OTHER_SAMPLE`] of its documents
//! (a year's or a region's share of a stem is not the index's). A term can then be missed only
//! when its share of a sample is far from its share of its set: in practice a near-tie at the
//! end of the list (tests/g0vse.rs runs this counting on g0vse against counting every
//! candidate); the terms shown keep exact counts.
//!
//! ```
//! use projsok::search::terms::g2;
//!
//! // 10 of 100 documents of the set have the word, 10 of 1,000 of the background.
//! assert_eq!(format!("{:.3}", g2(10, 100, 10, 1_000)), "22.908");
//! ```

use std::collections::{BTreeSet, HashMap};

use foldhash::fast::RandomState;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::Query;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED};

use super::budget::Checked;
use super::evidence::{self, Evidence};
use super::vectors::{is_word, most_frequent, DocFreqs};
use super::{request_query, request_query_as_typed, Engine, Filters, Request};
use crate::analysis::stem_ids::StemIds;
use crate::analysis::synonyms::Synonyms;
use crate::document::{Document, SectionKind};
use crate::error::{Error, Result};
use crate::index::schema::section_field;

/// The most documents of a set whose text is read for candidate terms.
pub const SAMPLE: usize = 200;
/// The most bytes of one document's text that are read.
pub const TEXT_CAP: usize = 30_000;
/// The fewest documents of the set a term must be in.
const MIN_DOCS: u64 = 2;
/// A set at least this many times smaller than a posting list is counted by seeking its
/// documents in the list; a larger one by testing the list's documents against its bits.
const SEEK_RATIO: u64 = 8;
/// From this many documents on, an index is large enough that counting every candidate's
/// posting lists exactly is most of the run (seconds on a million documents, thousands of
/// candidates over lists of up to every document): when only part of the set was read, its
/// candidates are ranked by the G² their sampled share gives and only the best are counted.
/// Below it (g0vse's 44,000 documents) every candidate is counted, in tens of milliseconds.
pub const LARGE_INDEX: u64 = 100_000;
/// The most documents of an `--against` set whose share of each candidate is counted to rank
/// a large index's candidates.
const OTHER_SAMPLE: usize = 500;
/// Of a large index's candidates, at least this many times the terms asked for are counted.
const COUNTED_PER_TERM: usize = 5;
/// ... and at least this many.
const COUNTED_LEAST: usize = 150;
/// ... and, to fill the list when the best by sample are not over-represented after all, at
/// most this many times as many.
const COUNTED_MOST: usize = 3;
/// Below this learnt boilerplate weight (see [`evidence::spread_weight`]) a stem is the
/// corpus's procedure, not a topic.
const MIN_EVIDENCE: f32 = 0.5;

/// How the candidates' posting lists are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// Every candidate, exactly.
    Every,
    /// Where only part of the set was read, the candidates ranked by the G² of their share of
    /// the sample, and only the best counted: what [`terms`] does on a [`LARGE_INDEX`].
    BestBySample,
}

impl Counting {
    /// What an index of `num_docs` documents is counted with.
    pub fn for_index(num_docs: u64) -> Counting {
        if num_docs >= LARGE_INDEX {
            Counting::BestBySample
        } else {
            Counting::Every
        }
    }
}

/// What the set is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Against {
    /// Every document of the index (the set's own included: it is a small part of it).
    All,
    /// The documents of the same query under the request's filters with these in place of
    /// those of the same kind (see [`Filters::overridden_by`]).
    Filters(Filters),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermsRequest {
    /// The set (its limit plays no part).
    pub search: Request,
    pub against: Against,
    /// Only this section's text; `None` for the whole document.
    pub section: Option<SectionKind>,
    /// Terms returned.
    pub limit: usize,
}

/// One distinctive term.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub stem: String,
    /// The stem as the set writes it most often.
    pub word: String,
    /// Documents of the set that have it.
    pub docs: u64,
    /// Documents of the background that have it.
    pub background_docs: u64,
    pub g2: f64,
}

#[derive(Debug, Clone)]
pub struct Terms {
    /// Documents the request matches.
    pub matches: usize,
    /// Documents of the set: every match (with `section`, every match with text in it),
    /// counted from the posting lists.
    pub set_docs: u64,
    /// The section counted, whose documents both sides are; `None` for the whole text.
    pub section: Option<SectionKind>,
    /// Documents of the set whose text was read for candidate terms (at most [`SAMPLE`], by
    /// content hash).
    pub sampled: u64,
    /// Documents of the background.
    pub background_docs: u64,
    /// Candidates whose posting lists were counted.
    pub counted: usize,
    /// By G², highest first.
    pub terms: Vec<Term>,
    pub warnings: Vec<String>,
}

/// G² of a stem in `a` of `n_set` documents of the set and `c` of `n_background` of the
/// background. 0 when either set is empty.
pub fn g2(a: u64, n_set: u64, c: u64, n_background: u64) -> f64 {
    let (a, c) = (a.min(n_set) as f64, c.min(n_background) as f64);
    let (n1, n2) = (n_set as f64, n_background as f64);
    let total = n1 + n2;
    if n1 == 0.0 || n2 == 0.0 {
        return 0.0;
    }
    let with = a + c;
    let without = total - with;
    let cells = [
        (a, n1 * with / total),
        (n1 - a, n1 * without / total),
        (c, n2 * with / total),
        (n2 - c, n2 * without / total),
    ];
    2.0 * cells
        .iter()
        .filter(|(observed, _)| *observed > 0.0)
        .map(|(observed, expected)| observed * (observed / expected).ln())
        .sum::<f64>()
}

/// Documents per stem over a set, with the surface forms the stems came from.
#[derive(Default)]
struct SetCounts {
    docs: u64,
    stems: StemIds,
    /// Per stem id: documents with it.
    per_stem: Vec<u64>,
    /// Per stem id: the last document (1-based, in reading order) that counted it.
    last_doc: Vec<u64>,
    /// Per stem id: its surface forms as written (case kept: folded once, at the end). Hashed
    /// with foldhash: this map is asked for every token read, SipHash was a tenth of the run.
    surfaces: Vec<HashMap<Box<str>, u32, RandomState>>,
}

impl SetCounts {
    fn add(&mut self, doc: &Document, section: Option<SectionKind>) {
        self.docs += 1;
        let mut budget = TEXT_CAP;
        if section.is_none() {
            self.read(&doc.title, &mut budget);
        }
        for part in &doc.sections {
            if section.is_none_or(|kind| kind == part.kind) {
                self.read(&part.text, &mut budget);
            }
        }
    }

    fn read(&mut self, text: &str, budget: &mut usize) {
        if *budget == 0 {
            return;
        }
        let mut end = text.len().min(*budget);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        *budget -= end;
        let text = &text[..end];
        let doc = self.docs;
        let SetCounts { stems, per_stem, last_doc, surfaces, .. } = self;
        stems.for_each_stem(text, |id, from, to| {
            let id = id as usize;
            if id == per_stem.len() {
                per_stem.push(0);
                last_doc.push(0);
                surfaces.push(HashMap::default());
            }
            if last_doc[id] != doc {
                last_doc[id] = doc;
                per_stem[id] += 1;
            }
            if let Some(surface) = text.get(from..to) {
                match surfaces[id].get_mut(surface) {
                    Some(count) => *count += 1,
                    None => {
                        surfaces[id].insert(surface.into(), 1);
                    }
                }
            }
        });
    }

    /// Each stem with the documents that have it.
    fn per_stem(&self) -> impl Iterator<Item = (u32, &str, u64)> {
        let ids = 0..self.per_stem.len() as u32;
        ids.map(|id| (id, self.stems.stem(id), self.per_stem[id as usize]))
    }

    /// The stem's most frequent surface form, lower-cased.
    fn word(&self, id: u32) -> Option<String> {
        let mut lowered: HashMap<String, u32> = HashMap::new();
        for (surface, count) in self.surfaces.get(id as usize)? {
            *lowered.entry(surface.to_lowercase()).or_default() += count;
        }
        most_frequent(&lowered)
    }
}

/// The documents a query matches, per segment in document order: a set whose size and
/// members are known, so that a posting list can be counted over it.
struct DocSet {
    /// Per segment ordinal, the matching documents, ascending.
    segments: Vec<Vec<DocId>>,
    /// Per segment ordinal, a bit per document: whether it is in the set.
    members: Vec<Vec<u64>>,
    len: u64,
}

impl DocSet {
    fn collect(engine: &Engine, searcher: &Searcher, query: &dyn Query) -> Result<DocSet> {
        let index = engine.index();
        let segments = searcher
            .search(query, &Checked::new(AllDocs))
            .map_err(|err| Error::index(&index.dir, err))?;
        let members = searcher
            .segment_readers()
            .iter()
            .zip(&segments)
            .map(|(reader, docs)| {
                let mut member = vec![0u64; (reader.max_doc() as usize).div_ceil(64)];
                for &doc in docs {
                    member[doc as usize / 64] |= 1 << (doc % 64);
                }
                member
            })
            .collect();
        let len = segments.iter().map(|docs| docs.len() as u64).sum();
        Ok(DocSet { segments, members, len })
    }

    /// At most `most` documents of the set, the same ones whichever build of the same files
    /// the index is: those with the lowest content hashes (a hash of the file's bytes), then
    /// paths. The hash spreads them over the set like a random draw, and unlike the index's
    /// document order it does not depend on how the documents were split into segments. The
    /// best by score would read the documents most like the query, and an empty query has no
    /// best at all.
    fn sample(&self, searcher: &Searcher, most: usize) -> tantivy::Result<Vec<DocAddress>> {
        if self.len as usize <= most {
            return Ok(self.addresses().collect());
        }
        let mut hashed = Vec::with_capacity(self.len as usize);
        for (ord, docs) in self.segments.iter().enumerate() {
            let segment = searcher.segment_reader(ord as u32);
            let hashes = segment.fast_fields().u64("content_hash")?;
            let address = |doc: DocId| DocAddress::new(ord as u32, doc);
            hashed.extend(
                docs.iter().map(|&doc| (hashes.first(doc).unwrap_or_default(), address(doc))),
            );
        }
        hashed.select_nth_unstable_by_key(most - 1, |(hash, _)| *hash);
        let boundary = hashed[most - 1].0;
        // Files with the same bytes may still differ by path (a title from the file name):
        // at the boundary, the path decides which are read.
        let mut sample: Vec<DocAddress> =
            hashed[..most].iter().filter(|(hash, _)| *hash < boundary).map(|(_, a)| *a).collect();
        let mut tied = Vec::new();
        for &(hash, address) in &hashed {
            if hash == boundary {
                tied.push((super::collapse::path_of(searcher, address)?, address));
            }
        }
        tied.sort();
        let wanted = most - sample.len();
        sample.extend(tied.into_iter().take(wanted).map(|(_, address)| address));
        Ok(sample)
    }

    /// The documents of the set with text in `field`.
    fn having(self, searcher: &Searcher, field: tantivy::schema::Field) -> tantivy::Result<DocSet> {
        let mut kept = Vec::with_capacity(self.len as usize);
        for (ord, docs) in self.segments.iter().enumerate() {
            let norms = searcher.segment_reader(ord as u32).get_fieldnorms_reader(field)?;
            let address = |doc: DocId| DocAddress::new(ord as u32, doc);
            kept.extend(
                docs.iter().filter(|&&doc| norms.fieldnorm(doc) > 0).map(|&doc| address(doc)),
            );
        }
        Ok(DocSet::of(searcher, &kept))
    }

    /// The set of `addresses` alone.
    fn of(searcher: &Searcher, addresses: &[DocAddress]) -> DocSet {
        let readers = searcher.segment_readers();
        let mut segments = vec![Vec::new(); readers.len()];
        for address in addresses {
            segments[address.segment_ord as usize].push(address.doc_id);
        }
        let members = readers
            .iter()
            .zip(&mut segments)
            .map(|(reader, docs)| {
                docs.sort_unstable();
                let mut member = vec![0u64; (reader.max_doc() as usize).div_ceil(64)];
                for &doc in docs.iter() {
                    member[doc as usize / 64] |= 1 << (doc % 64);
                }
                member
            })
            .collect();
        DocSet { segments, members, len: addresses.len() as u64 }
    }

    fn addresses(&self) -> impl Iterator<Item = DocAddress> + '_ {
        self.segments
            .iter()
            .enumerate()
            .flat_map(|(ord, docs)| docs.iter().map(move |&doc| DocAddress::new(ord as u32, doc)))
    }
}

/// The live documents of the index with text in `field`.
fn with_field(searcher: &Searcher, field: tantivy::schema::Field) -> tantivy::Result<u64> {
    let mut count = 0;
    for reader in searcher.segment_readers() {
        let norms = reader.get_fieldnorms_reader(field)?;
        let alive = reader.alive_bitset();
        count += (0..reader.max_doc())
            .filter(|&doc| {
                alive.is_none_or(|alive| alive.is_alive(doc)) && norms.fieldnorm(doc) > 0
            })
            .count() as u64;
    }
    Ok(count)
}

/// Collects every matching document's id, per segment.
struct AllDocs;

struct SegmentDocs(Vec<DocId>);

impl Collector for AllDocs {
    type Fruit = Vec<Vec<DocId>>;
    type Child = SegmentDocs;

    fn for_segment(&self, _: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<SegmentDocs> {
        Ok(SegmentDocs(Vec::new()))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<DocId>>) -> tantivy::Result<Vec<Vec<DocId>>> {
        Ok(fruits)
    }
}

impl SegmentCollector for SegmentDocs {
    type Fruit = Vec<DocId>;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.0.push(doc);
    }

    fn harvest(self) -> Vec<DocId> {
        self.0
    }
}

/// Of the live documents with `term`, those in `set` and those not in it (deleted documents
/// are still in a posting list until their segment is merged); then the lists' length, deleted
/// documents included, which is the term's document frequency as tantivy gives it.
fn count_postings(
    searcher: &Searcher,
    term: &tantivy::Term,
    set: &DocSet,
) -> tantivy::Result<(u64, u64, u64)> {
    let (mut inside, mut outside, mut lengths) = (0, 0, 0);
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let inverted = reader.inverted_index(term.field())?;
        let docs = &set.segments[ord];
        let alive = reader.alive_bitset();
        let Some(info) = inverted.get_term_info(term)? else {
            continue;
        };
        let listed = u64::from(info.doc_freq);
        lengths += listed;
        if alive.is_none() && (docs.len() as u64) * SEEK_RATIO <= listed {
            // A set much smaller than the list: seek each of its documents (the skip list
            // passes over the blocks between them) and count the rest as the list's length.
            let mut postings =
                inverted.read_postings_from_terminfo(&info, IndexRecordOption::Basic)?;
            let found = count_seeking(&mut postings, docs);
            inside += found;
            outside += listed - found;
            continue;
        }
        // Otherwise every block of the list is decoded anyway: test its documents against the
        // set's bits a block at a time, without the per-document cursor of a `SegmentPostings`.
        let member = &set.members[ord];
        let mut block =
            inverted.read_block_postings_from_terminfo(&info, IndexRecordOption::Basic)?;
        let (mut found, mut rest) = (0u64, 0u64);
        loop {
            let listed_here = block.docs();
            if listed_here.is_empty() {
                break;
            }
            match alive {
                None => {
                    for &doc in listed_here {
                        found += (member[doc as usize / 64] >> (doc % 64)) & 1;
                    }
                }
                Some(alive) => {
                    for &doc in listed_here {
                        let bit = (member[doc as usize / 64] >> (doc % 64)) & 1;
                        found += bit;
                        rest += u64::from(bit == 0 && alive.is_alive(doc));
                    }
                }
            }
            block.advance();
        }
        inside += found;
        outside += if alive.is_none() { listed - found } else { rest };
    }
    Ok((inside, outside, lengths))
}

/// Of `docs` (ascending), those `postings` holds.
fn count_seeking(postings: &mut impl tantivy::DocSet, docs: &[DocId]) -> u64 {
    let mut found = 0;
    for &doc in docs {
        let mut at = postings.doc();
        if at < doc {
            at = postings.seek(doc);
        }
        if at == TERMINATED {
            break;
        }
        if at == doc {
            found += 1;
        }
    }
    found
}

fn read_sample(
    engine: &Engine,
    searcher: &Searcher,
    sample: &[DocAddress],
    section: Option<SectionKind>,
) -> Result<SetCounts> {
    let mut counts = SetCounts::default();
    for address in sample {
        super::budget::check()?;
        let doc = super::load_record(searcher, engine.index(), *address)?;
        counts.add(&doc, section);
    }
    Ok(counts)
}

/// The terms that set the matches of `request` apart from its background.
pub fn terms(engine: &Engine, synonyms: &Synonyms, request: &TermsRequest) -> Result<Terms> {
    let counting = Counting::for_index(engine.index().searcher().num_docs());
    terms_counted(engine, synonyms, request, counting)
}

/// [`terms`], with the candidates counted as `counting` says whatever the index's size.
pub fn terms_counted(
    engine: &Engine,
    synonyms: &Synonyms,
    request: &TermsRequest,
    counting: Counting,
) -> Result<Terms> {
    let index = engine.index();
    let searcher = index.searcher();
    let resolved = request_query(engine, synonyms, &request.search, false)?;
    let mut warnings = resolved.warnings.clone();
    // The field the counts are read from: the section's own field, else the catch-all. With
    // a section, both sides are the documents that have it: a government report has no
    // Bakgrund, and counting it as a document without the word made every word of the few
    // ESF pages of a set look distinctive.
    let section = request.section.and_then(section_field).map(|field| index.fields.text(field));
    let field = section.unwrap_or(index.fields.body);
    let having = |set: DocSet| match section {
        Some(field) => set.having(&searcher, field).map_err(|err| Error::index(&index.dir, err)),
        None => Ok(set),
    };
    let set = having(DocSet::collect(engine, &searcher, &*resolved.query)?)?;
    if let (Some(kind), 0) = (request.section, set.len) {
        warnings.push(format!(
            "none of the {} matching documents has a {} section",
            resolved.matches,
            kind.heading()
        ));
    }
    let sample = set.sample(&searcher, SAMPLE).map_err(|err| Error::index(&index.dir, err))?;
    let candidates = read_sample(engine, &searcher, &sample, request.section)?;
    let freqs = DocFreqs::weighing(&searcher, &index.fields, Evidence::ALL, engine.spread());
    let other = match &request.against {
        Against::All => None,
        Against::Filters(filters) => {
            // The same query as the set's, corrected or not, so that the two sets differ by
            // their filters only.
            let query = resolved.query_text.clone();
            let filters = request.search.filters.overridden_by(filters);
            let other = Request { filters, query, ..request.search.clone() };
            let other = request_query_as_typed(engine, synonyms, &other, false)?;
            for warning in other.warnings.iter() {
                if !warnings.contains(warning) {
                    warnings.push(warning.clone());
                }
            }
            Some(having(DocSet::collect(engine, &searcher, &*other.query)?)?)
        }
    };
    let background_docs = match (&other, section) {
        (Some(other), _) => other.len,
        (None, Some(field)) => {
            with_field(&searcher, field).map_err(|err| Error::index(&index.dir, err))? - set.len
        }
        (None, None) => searcher.num_docs().saturating_sub(set.len),
    };
    let index_error = |err| Error::index(&index.dir, err);
    let mut kept_candidates: Vec<(u32, &str)> = candidates
        .per_stem()
        .filter(|&(_, stem, sampled)| {
            sampled >= MIN_DOCS.min(sample.len() as u64) && kept(stem, &resolved.highlight)
        })
        .map(|(id, stem, _)| (id, stem))
        .collect();
    let ranked = set.len > sample.len() as u64 && counting == Counting::BestBySample;
    let counted_least = if ranked {
        // The other set's share is sampled too: documents of another year or region have a
        // stem in their own share, not in the index's ("landsting" is in none of 2024's).
        let other_sample = match &other {
            Some(other) => {
                let sample = other.sample(&searcher, OTHER_SAMPLE).map_err(index_error)?;
                Some(DocSet::of(&searcher, &sample))
            }
            None => None,
        };
        let mut ranking = Vec::with_capacity(kept_candidates.len());
        for &(id, stem) in &kept_candidates {
            super::budget::check()?;
            let (listed, evidence) = if field == index.fields.body {
                freqs.doc_freq_and_evidence(stem, false)?
            } else {
                let term = tantivy::Term::from_field_text(field, stem);
                let listed = searcher.doc_freq(&term).map_err(index_error)?;
                (listed, freqs.evidence(stem, false)?)
            };
            // Boilerplate is dropped below whatever its counts: it takes no place in the ranking.
            if evidence < MIN_EVIDENCE {
                continue;
            }
            let sampled = candidates.per_stem[id as usize];
            let (sample_len, all) = (sample.len() as u64, searcher.num_docs());
            let other_share = match (&other, &other_sample) {
                (Some(other), Some(other_sample)) => {
                    let term = tantivy::Term::from_field_text(field, stem);
                    let found =
                        count_postings(&searcher, &term, other_sample).map_err(index_error)?.0;
                    Some(Share { found, read: other_sample.len, of: other.len })
                }
                _ => None,
            };
            let estimated = estimate(sampled, sample_len, set.len, listed, all, other_share);
            ranking.push((estimated, id, stem));
        }
        ranking.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.cmp(b.2)));
        kept_candidates = ranking.into_iter().map(|(_, id, stem)| (id, stem)).collect();
        (request.limit * COUNTED_PER_TERM).max(COUNTED_LEAST)
    } else {
        kept_candidates.len()
    };
    let mut terms = Vec::new();
    let mut counted_candidates = 0;
    for (counted, &(id, stem)) in kept_candidates.iter().enumerate() {
        // Past the least, counting goes on only until the list is full: the rest ranked lower
        // by their sample.
        if counted >= counted_least
            && (terms.len() >= request.limit || counted >= counted_least * COUNTED_MOST)
        {
            break;
        }
        super::budget::check()?;
        counted_candidates += 1;
        let term = tantivy::Term::from_field_text(field, stem);
        let (docs, rest, listed) = count_postings(&searcher, &term, &set).map_err(index_error)?;
        if field == index.fields.body {
            freqs.knowing(stem, listed);
        }
        let other_docs = match &other {
            Some(other) => count_postings(&searcher, &term, other).map_err(index_error)?.0,
            None => rest,
        };
        // Over-represented in the set, not in the background.
        if docs < MIN_DOCS
            || (docs as f64) * (background_docs as f64) <= (other_docs as f64) * (set.len as f64)
        {
            continue;
        }
        if freqs.evidence(stem, false)? < MIN_EVIDENCE {
            continue;
        }
        let word = candidates.word(id).unwrap_or_else(|| stem.to_string());
        terms.push(Term {
            stem: stem.to_string(),
            word,
            docs,
            background_docs: other_docs,
            g2: g2(docs, set.len, other_docs, background_docs),
        });
    }
    terms.sort_by(|a, b| b.g2.total_cmp(&a.g2).then_with(|| a.stem.cmp(&b.stem)));
    terms.truncate(request.limit);
    Ok(Terms {
        matches: resolved.matches,
        set_docs: set.len,
        section: request.section.filter(|kind| section_field(*kind).is_some()),
        sampled: sample.len() as u64,
        background_docs,
        counted: counted_candidates,
        terms,
        warnings,
    })
}

/// A stem's documents in a sample of a set: `found` of the `read` documents of a set of `of`.
#[derive(Debug, Clone, Copy)]
struct Share {
    found: u64,
    read: u64,
    of: u64,
}

impl Share {
    /// The set's documents with the stem, if the whole set had it in the sample's share.
    fn scaled(self) -> u64 {
        if self.read == 0 {
            return 0;
        }
        (self.found as f64 * self.of as f64 / self.read as f64).round() as u64
    }
}

/// The G² a stem in `sampled` of the `sample_len` documents read of a set would have if the
/// set had it in the same share; against the rest of the index, the background has the rest of
/// the `listed` documents with it; against another set, the share of that set's sample. 0
/// where that shows it under-represented.
fn estimate(
    sampled: u64,
    sample_len: u64,
    set_len: u64,
    listed: u64,
    num_docs: u64,
    other: Option<Share>,
) -> f64 {
    if sample_len == 0 {
        return 0.0;
    }
    let docs = Share { found: sampled, read: sample_len, of: set_len }.scaled();
    let docs = docs.min(listed).min(set_len);
    let (background, background_len) = match other {
        Some(other) => (other.scaled().min(listed), other.of),
        None => (listed - docs, num_docs.saturating_sub(set_len)),
    };
    if (docs as f64) * (background_len as f64) <= (background as f64) * (set_len as f64) {
        return 0.0;
    }
    g2(docs, set_len, background, background_len)
}

/// Whether a stem can be shown as a term at all (see the module doc).
fn kept(stem: &str, query_stems: &BTreeSet<String>) -> bool {
    is_word(stem)
        && !evidence::is_calendar(stem)
        && !evidence::is_project_form(stem)
        && !query_stems.contains(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g2_matches_the_table_worked_by_hand() {
        // Set: 10 of 100 documents have the word; background: 10 of 1,000.
        // N = 1,100, 20 with the word. Expected: set 100·20/1100 = 1.818182 with and
        // 98.181818 without; background 18.181818 with and 981.818182 without.
        // G² = 2·(10 ln(10/1.818182) + 90 ln(90/98.181818) + 10 ln(10/18.181818)
        //        + 990 ln(990/981.818182))
        //    = 2·(17.047481 − 7.831024 − 5.978370 + 8.215815) = 22.907804
        let by_hand = 2.0
            * (10.0 * (10.0f64 / (100.0 * 20.0 / 1100.0)).ln()
                + 90.0 * (90.0f64 / (100.0 * 1080.0 / 1100.0)).ln()
                + 10.0 * (10.0f64 / (1000.0 * 20.0 / 1100.0)).ln()
                + 990.0 * (990.0f64 / (1000.0 * 1080.0 / 1100.0)).ln());
        assert!((g2(10, 100, 10, 1_000) - by_hand).abs() < 1e-9);
        assert!((by_hand - 22.907804).abs() < 1e-6);
        assert_eq!(format!("{:.3}", g2(10, 100, 10, 1_000)), "22.908");
    }

    #[test]
    fn the_estimate_scales_the_sampled_share_to_the_set() {
        // 20 of 200 sampled: 1,000 of the set's 10,000; the rest of the 3,000 listed are the
        // background's 90,000.
        assert_eq!(
            estimate(20, 200, 10_000, 3_000, 100_000, None),
            g2(1_000, 10_000, 2_000, 90_000)
        );
        // Against 40,000 other documents, 3 of the 500 read of them: 240 of them.
        let other = Share { found: 3, read: 500, of: 40_000 };
        assert_eq!(
            estimate(20, 200, 10_000, 3_000, 100_000, Some(other)),
            g2(1_000, 10_000, 240, 40_000)
        );
        // None of the other set's sample: 0 however many the index has.
        let none = Share { found: 0, read: 500, of: 40_000 };
        assert_eq!(
            estimate(20, 200, 10_000, 3_000, 100_000, Some(none)),
            g2(1_000, 10_000, 0, 40_000)
        );
        // 2 of 200 is 100 of the set, under the background's 2,900 of 90,000: not ranked.
        assert_eq!(estimate(2, 200, 10_000, 3_000, 100_000, None), 0.0);
        // A sampled share that scales past the list's length (the sample's chance): capped at
        // the list's 500, none outside.
        assert_eq!(estimate(20, 200, 10_000, 500, 100_000, None), g2(500, 10_000, 0, 90_000));
        assert_eq!(estimate(5, 0, 10_000, 500, 100_000, None), 0.0);
    }

    #[test]
    fn g2_of_an_even_spread_is_zero_and_empty_cells_count_nothing() {
        assert!(g2(5, 50, 10, 100).abs() < 1e-12);
        assert_eq!(g2(0, 0, 3, 10), 0.0);
        // Every document of the set has it, none of the background: 2·(2 ln(2/1) + 2 ln(2/1)).
        let expected = 2.0 * (2.0 * 2.0f64.ln() + 2.0 * 2.0f64.ln());
        assert!((g2(2, 2, 0, 2) - expected).abs() < 1e-12);
    }
}
