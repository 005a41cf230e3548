//! What a search needs to know of each text field across the segments of an opened index,
//! read once: the BM25 statistics, and which segments have no terms in the field at all.
//!
//! tantivy works both out again for every query term. Asked for a field that a segment has no
//! terms in, it builds an empty term dictionary, each time; and a seeds + g0vse index has
//! eight section fields that its g0vse segments lack, searched by every query word. The reader
//! of an opened index never reloads, so what is read here stays true while it is open.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tantivy::index::SegmentId;
use tantivy::query::{
    Bm25StatisticsProvider, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::Field;
use tantivy::{DocId, Score, Searcher, SegmentReader, TantivyError, Term};

/// The statistics of the text fields of one opened index.
#[derive(Debug)]
pub struct FieldStatistics {
    total_docs: u64,
    total_tokens: HashMap<Field, u64>,
    absent: Arc<Absent>,
    segments: usize,
}

/// The (segment, field) pairs without a single term.
#[derive(Debug, Default)]
struct Absent(HashSet<(SegmentId, Field)>);

impl Absent {
    fn contains(&self, segment: &SegmentReader, field: Field) -> bool {
        !self.0.is_empty() && self.0.contains(&(segment.segment_id(), field))
    }
}

impl FieldStatistics {
    pub fn read(searcher: &Searcher, fields: &[Field]) -> tantivy::Result<FieldStatistics> {
        let mut total_tokens = HashMap::new();
        let mut absent = HashSet::new();
        for &field in fields {
            let mut tokens = 0;
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(field)?;
                if inverted.terms().num_terms() == 0 {
                    absent.insert((segment.segment_id(), field));
                }
                tokens += inverted.total_num_tokens();
            }
            total_tokens.insert(field, tokens);
        }
        let total_docs = searcher.segment_readers().iter().map(|s| u64::from(s.max_doc())).sum();
        Ok(FieldStatistics {
            total_docs,
            total_tokens,
            absent: Arc::new(Absent(absent)),
            segments: searcher.segment_readers().len(),
        })
    }

    /// The statistics tantivy scores with, for searches through `searcher` (the one they were
    /// read from).
    pub fn provider<'a>(&'a self, searcher: &'a Searcher) -> Provider<'a> {
        Provider { statistics: self, searcher }
    }

    /// `query` on `field`, skipping the segments without terms in the field; `None` when no
    /// segment has any.
    pub fn where_present(&self, field: Field, query: Box<dyn Query>) -> Option<Box<dyn Query>> {
        let absent_from =
            self.absent.0.iter().filter(|(_, absent_field)| *absent_field == field).count();
        match absent_from {
            0 => Some(query),
            all if all == self.segments => None,
            _ => Some(Box::new(WherePresent { query, field, absent: Arc::clone(&self.absent) })),
        }
    }
}

pub struct Provider<'a> {
    statistics: &'a FieldStatistics,
    searcher: &'a Searcher,
}

impl Bm25StatisticsProvider for Provider<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        match self.statistics.total_tokens.get(&field) {
            Some(&tokens) => Ok(tokens),
            None => self.searcher.total_num_tokens(field),
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.statistics.total_docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let mut doc_freq = 0;
        for segment in self.searcher.segment_readers() {
            if !self.statistics.absent.contains(segment, term.field()) {
                doc_freq += u64::from(segment.inverted_index(term.field())?.doc_freq(term)?);
            }
        }
        Ok(doc_freq)
    }
}

/// A query on one field that matches nothing, without asking, in segments lacking the field.
#[derive(Debug)]
struct WherePresent {
    query: Box<dyn Query>,
    field: Field,
    absent: Arc<Absent>,
}

impl Clone for WherePresent {
    fn clone(&self) -> Self {
        WherePresent {
            query: self.query.box_clone(),
            field: self.field,
            absent: Arc::clone(&self.absent),
        }
    }
}

impl Query for WherePresent {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(WherePresentWeight {
            weight: self.query.weight(scoring)?,
            field: self.field,
            absent: Arc::clone(&self.absent),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor);
    }
}

struct WherePresentWeight {
    weight: Box<dyn Weight>,
    field: Field,
    absent: Arc<Absent>,
}

impl Weight for WherePresentWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        if self.absent.contains(reader, self.field) {
            return Ok(Box::new(EmptyScorer));
        }
        self.weight.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.absent.contains(reader, self.field) {
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
    /// document has a `goal`.
    fn two_segments() -> (Searcher, Field, Field) {
        let mut builder = Schema::builder();
        let title = builder.add_text_field("title", TEXT);
        let body = builder.add_text_field("body", TEXT);
        builder.add_text_field("goal", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).expect("writer");
        writer.add_document(doc!(title => "matchning", body => "matchning stöd")).expect("add");
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
        let provider = statistics.provider(&searcher);
        for field in [title, body] {
            assert_eq!(
                provider.total_num_tokens(field).ok(),
                searcher.total_num_tokens(field).ok()
            );
            for word in ["matchning", "stöd", "saknas"] {
                let term = Term::from_field_text(field, word);
                assert_eq!(provider.doc_freq(&term).ok(), searcher.doc_freq(&term).ok(), "{word}");
            }
        }
        assert_eq!(provider.total_num_docs().ok(), Some(3));
    }

    #[test]
    fn a_query_where_present_finds_what_the_query_finds() {
        let (searcher, title, body) = two_segments();
        let statistics = FieldStatistics::read(&searcher, &[title, body]).expect("read");
        let term_query = |field, word| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, word), IndexRecordOption::Basic))
        };
        let wrapped =
            statistics.where_present(title, term_query(title, "matchning")).expect("some");
        assert_eq!(wrapped.count(&searcher).ok(), Some(1));
        assert!(format!("{wrapped:?}").starts_with("WherePresent"), "{wrapped:?}");
        let unwrapped =
            statistics.where_present(body, term_query(body, "matchning")).expect("some");
        assert_eq!(unwrapped.count(&searcher).ok(), Some(2));
        assert!(format!("{unwrapped:?}").starts_with("TermQuery"), "{unwrapped:?}");
        let goal = searcher.schema().get_field("goal").expect("goal");
        let statistics = FieldStatistics::read(&searcher, &[goal]).expect("read");
        assert!(statistics.where_present(goal, term_query(goal, "matchning")).is_none());
    }
}
