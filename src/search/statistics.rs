//! What a search needs to know of each text field across the segments of an opened index,
//! read once, and of each term of a query, looked up once while the query is built.
//!
//! tantivy works both out again for every query term: the document frequency when it builds a
//! term's weight, and the term's place in each segment when it builds the segment's scorer.
//! Asked for a field that a segment has no terms in, it builds an empty term dictionary, each
//! time (a seeds + g0vse index has eight section fields that its g0vse segments lack). And
//! most terms a Swedish query searches are in no document at all: the English reading of a
//! Swedish word, a word in a section field of texts that have no such section. Looked up here
//! first, such a clause is left out, a segment without a term is skipped, and the weights take
//! the document frequencies found. The reader of an opened index never reloads, so what is
//! read here stays true while it is open.

use std::collections::HashMap;
use std::sync::Arc;

use foldhash::fast::FixedState;

use tantivy::index::{InvertedIndexReader, SegmentId};
use tantivy::query::{
    Bm25StatisticsProvider, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::Field;
use tantivy::{DocId, Score, Searcher, SegmentReader, TantivyError, Term};

/// A map by query term: hashed with foldhash, not SipHash, since a query looks up dozens of
/// terms (each word in every field) and no key comes from outside the process's own analysis.
pub type TermMap<V> = HashMap<Term, V, FixedState>;

/// The statistics of the text fields of one opened index.
#[derive(Debug)]
pub struct FieldStatistics {
    total_docs: u64,
    /// By field id: the text fields' readers and token counts.
    by_field: Vec<Option<FieldReaders>>,
    /// Each segment's place in the searcher.
    ordinals: Arc<HashMap<SegmentId, usize>>,
}

/// One text field in every segment.
struct FieldReaders {
    total_tokens: u64,
    /// By segment ordinal; `None` where the segment has no term in the field. Held here, a
    /// lookup takes neither the lock nor the map with which tantivy hands readers out.
    segments: Vec<Option<Arc<InvertedIndexReader>>>,
}

impl std::fmt::Debug for FieldReaders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let with_terms: Vec<bool> = self.segments.iter().map(Option::is_some).collect();
        f.debug_struct("FieldReaders")
            .field("total_tokens", &self.total_tokens)
            .field("with_terms", &with_terms)
            .finish()
    }
}

impl FieldStatistics {
    pub fn read(searcher: &Searcher, fields: &[Field]) -> tantivy::Result<FieldStatistics> {
        let mut by_field: Vec<Option<FieldReaders>> = Vec::new();
        for &field in fields {
            let mut readers = FieldReaders { total_tokens: 0, segments: Vec::new() };
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(field)?;
                readers.total_tokens += inverted.total_num_tokens();
                let has_terms = inverted.terms().num_terms() > 0;
                readers.segments.push(has_terms.then_some(inverted));
            }
            let at = field.field_id() as usize;
            if by_field.len() <= at {
                by_field.resize_with(at + 1, || None);
            }
            by_field[at] = Some(readers);
        }
        let segments = searcher.segment_readers();
        Ok(FieldStatistics {
            total_docs: segments.iter().map(|segment| u64::from(segment.max_doc())).sum(),
            by_field,
            ordinals: Arc::new(
                segments.iter().enumerate().map(|(at, s)| (s.segment_id(), at)).collect(),
            ),
        })
    }

    fn readers(&self, field: Field) -> Option<&FieldReaders> {
        self.by_field.get(field.field_id() as usize)?.as_ref()
    }

    /// The statistics tantivy scores with, for searches through `searcher` (the one they were
    /// read from), with the document frequencies a [`TermLookup`] found.
    pub fn provider<'a>(
        &'a self,
        searcher: &'a Searcher,
        doc_freqs: &'a TermMap<u64>,
    ) -> Provider<'a> {
        Provider { statistics: self, searcher, doc_freqs }
    }

    /// Per segment, the number of documents with `term`.
    fn doc_freqs(&self, searcher: &Searcher, term: &Term) -> tantivy::Result<Vec<u32>> {
        let Some(readers) = self.readers(term.field()) else {
            let segments = searcher.segment_readers();
            return segments
                .iter()
                .map(|segment| Ok(segment.inverted_index(term.field())?.doc_freq(term)?))
                .collect();
        };
        readers
            .segments
            .iter()
            .map(|reader| match reader {
                Some(reader) => Ok(reader.doc_freq(term)?),
                None => Ok(0),
            })
            .collect()
    }
}

/// The terms of one query being built, each looked up once in every segment.
pub struct TermLookup<'a> {
    statistics: &'a FieldStatistics,
    searcher: &'a Searcher,
    found: TermMap<(u64, Segments)>,
}

impl<'a> TermLookup<'a> {
    pub fn new(statistics: &'a FieldStatistics, searcher: &'a Searcher) -> TermLookup<'a> {
        TermLookup { statistics, searcher, found: TermMap::default() }
    }

    /// `query`, which can match only where all of `terms` stand: `None` when no segment has
    /// them all, and skipping the segments that lack one. A term that cannot be read leaves
    /// the query as it is: the search reads it again and reports the error.
    pub fn where_found(&mut self, query: Box<dyn Query>, terms: &[Term]) -> Option<Box<dyn Query>> {
        let segment_count = self.searcher.segment_readers().len();
        let mut holding = Segments::all(segment_count);
        for term in terms {
            match self.find(term) {
                Ok((_, segments)) => holding.keep_also_in(segments),
                Err(_) => return Some(query),
            }
        }
        if holding.is_empty() {
            None
        } else if holding.count() == segment_count {
            Some(query)
        } else {
            let ordinals = Arc::clone(&self.statistics.ordinals);
            Some(Box::new(InSegments { query, segments: Arc::new(holding), ordinals }))
        }
    }

    /// The searcher the terms are looked up in.
    pub fn searcher(&self) -> &'a Searcher {
        self.searcher
    }

    /// Whether some document has `term`; a term that cannot be read counts as there (the search
    /// reads it again and reports the error).
    pub fn in_index(&mut self, term: &Term) -> bool {
        self.find(term).map_or(true, |(doc_freq, _)| *doc_freq > 0)
    }

    /// The number of documents with `term`; 0 for a term that cannot be read.
    pub fn doc_freq(&mut self, term: &Term) -> u64 {
        self.find(term).map_or(0, |(doc_freq, _)| *doc_freq)
    }

    fn find(&mut self, term: &Term) -> tantivy::Result<&(u64, Segments)> {
        if !self.found.contains_key(term) {
            let per_segment = self.statistics.doc_freqs(self.searcher, term)?;
            let total = per_segment.iter().map(|&doc_freq| u64::from(doc_freq)).sum();
            let segments = Segments::where_nonzero(&per_segment);
            self.found.insert(term.clone(), (total, segments));
        }
        Ok(&self.found[term])
    }

    /// The document frequencies found so far, for [`FieldStatistics::provider`].
    pub fn doc_freqs(&self) -> TermMap<u64> {
        self.found.iter().map(|(term, (doc_freq, _))| (term.clone(), *doc_freq)).collect()
    }
}

/// A set of segments by their ordinals in the searcher.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Segments(Vec<bool>);

impl Segments {
    fn all(count: usize) -> Segments {
        Segments(vec![true; count])
    }

    fn where_nonzero(doc_freqs: &[u32]) -> Segments {
        Segments(doc_freqs.iter().map(|&doc_freq| doc_freq > 0).collect())
    }

    fn keep_also_in(&mut self, other: &Segments) {
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            *mine &= *theirs;
        }
    }

    fn count(&self) -> usize {
        self.0.iter().filter(|&&holds| holds).count()
    }

    fn is_empty(&self) -> bool {
        self.count() == 0
    }

    fn contains(&self, ordinal: usize) -> bool {
        self.0.get(ordinal).copied().unwrap_or(false)
    }
}

pub struct Provider<'a> {
    statistics: &'a FieldStatistics,
    searcher: &'a Searcher,
    doc_freqs: &'a TermMap<u64>,
}

impl Bm25StatisticsProvider for Provider<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        match self.statistics.readers(field) {
            Some(readers) => Ok(readers.total_tokens),
            None => self.searcher.total_num_tokens(field),
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.statistics.total_docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        if let Some(&doc_freq) = self.doc_freqs.get(term) {
            return Ok(doc_freq);
        }
        let per_segment = self.statistics.doc_freqs(self.searcher, term)?;
        Ok(per_segment.into_iter().map(u64::from).sum())
    }
}

/// A query that matches nothing, without looking, in the segments that lack one of its terms.
#[derive(Debug)]
struct InSegments {
    query: Box<dyn Query>,
    segments: Arc<Segments>,
    ordinals: Arc<HashMap<SegmentId, usize>>,
}

impl Clone for InSegments {
    fn clone(&self) -> Self {
        InSegments {
            query: self.query.box_clone(),
            segments: Arc::clone(&self.segments),
            ordinals: Arc::clone(&self.ordinals),
        }
    }
}

impl Query for InSegments {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(InSegmentsWeight {
            weight: self.query.weight(scoring)?,
            segments: Arc::clone(&self.segments),
            ordinals: Arc::clone(&self.ordinals),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor);
    }
}

struct InSegmentsWeight {
    weight: Box<dyn Weight>,
    segments: Arc<Segments>,
    ordinals: Arc<HashMap<SegmentId, usize>>,
}

impl InSegmentsWeight {
    /// Only segments known to lack a term are skipped: one the lookup never saw is searched.
    fn skips(&self, reader: &SegmentReader) -> bool {
        self.ordinals.get(&reader.segment_id()).is_some_and(|&at| !self.segments.contains(at))
    }
}

impl Weight for InSegmentsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        if self.skips(reader) {
            return Ok(Box::new(EmptyScorer));
        }
        self.weight.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.skips(reader) {
            return Err(TantivyError::InvalidArgument(format!("document #{doc} does not match")));
        }
        self.weight.explain(reader, doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index};

    /// Two segments: the first has text in both fields, the second in `body` only; no
    /// document has a `goal`, and only the first segment has "etablering".
    fn two_segments() -> (Searcher, Field, Field) {
        let mut builder = Schema::builder();
        let title = builder.add_text_field("title", TEXT);
        let body = builder.add_text_field("body", TEXT);
        builder.add_text_field("goal", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).expect("writer");
        writer.add_document(doc!(title => "matchning", body => "matchning stöd")).expect("add");
        writer.add_document(doc!(body => "etablering")).expect("add");
        writer.commit().expect("commit");
        writer.add_document(doc!(body => "matchning")).expect("add");
        writer.add_document(doc!(body => "stöd")).expect("add");
        writer.commit().expect("commit");
        (index.reader().expect("reader").searcher(), title, body)
    }

    #[test]
    fn statistics_equal_tantivys_own() {
        let (searcher, title, body) = two_segments();
        assert_eq!(searcher.segment_readers().len(), 2);
        let statistics = FieldStatistics::read(&searcher, &[title, body]).expect("read");
        let mut lookup = TermLookup::new(&statistics, &searcher);
        let terms: Vec<Term> = [title, body]
            .into_iter()
            .flat_map(|field| {
                ["matchning", "stöd", "etablering", "saknas"]
                    .map(|word| Term::from_field_text(field, word))
            })
            .collect();
        for term in &terms {
            lookup.find(term).expect("read");
        }
        let found = lookup.doc_freqs();
        let nothing_found = TermMap::default();
        for doc_freqs in [&found, &nothing_found] {
            let provider = statistics.provider(&searcher, doc_freqs);
            for term in &terms {
                assert_eq!(provider.doc_freq(term).ok(), searcher.doc_freq(term).ok(), "{term:?}");
            }
            for field in [title, body] {
                let tokens = searcher.total_num_tokens(field).ok();
                assert_eq!(provider.total_num_tokens(field).ok(), tokens);
            }
            assert_eq!(provider.total_num_docs().ok(), Some(4));
        }
    }

    #[test]
    fn a_query_where_found_finds_what_the_query_finds() {
        let (searcher, title, body) = two_segments();
        let goal = searcher.schema().get_field("goal").expect("goal");
        let statistics = FieldStatistics::read(&searcher, &[title, body, goal]).expect("read");
        let mut lookup = TermLookup::new(&statistics, &searcher);
        let mut where_found = |field, words: &[&str]| {
            let terms: Vec<Term> =
                words.iter().map(|word| Term::from_field_text(field, word)).collect();
            let query: Box<dyn Query> = match terms.as_slice() {
                [term] => Box::new(TermQuery::new(term.clone(), IndexRecordOption::Basic)),
                _ => Box::new(tantivy::query::PhraseQuery::new(terms.clone())),
            };
            let expected = query.count(&searcher).expect("counts");
            let found = lookup.where_found(query, &terms);
            let count = found.as_ref().map_or(0, |query| query.count(&searcher).expect("counts"));
            assert_eq!(count, expected, "{words:?}");
            found.map(|query| -> String {
                format!("{query:?}").chars().take_while(|c| c.is_alphabetic()).collect()
            })
        };
        // In one of the two segments, by field or by term: skipped in the other.
        assert_eq!(where_found(title, &["matchning"]).as_deref(), Some("InSegments"));
        assert_eq!(where_found(body, &["etablering"]).as_deref(), Some("InSegments"));
        // In both: as it is.
        assert_eq!(where_found(body, &["matchning"]).as_deref(), Some("TermQuery"));
        assert_eq!(where_found(body, &["matchning", "stöd"]).as_deref(), Some("PhraseQuery"));
        // In neither: left out.
        assert_eq!(where_found(body, &["saknas"]), None);
        assert_eq!(where_found(body, &["etablering", "saknas"]), None);
        assert_eq!(where_found(goal, &["matchning"]), None);
    }
}
