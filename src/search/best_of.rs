//! A query that matches what any of its alternatives matches and scores the best of them (a
//! dis-max without tie-breaker): a word and its synonym forms.
//!
//! tantivy's own `DisjunctionMaxQuery` is a union scorer with a buffer of 4,096 scores per
//! segment, set up for every search; a word has a handful of forms, and walking them in step
//! costs less than setting that up.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

#[derive(Debug)]
pub struct BestOf(Vec<Box<dyn Query>>);

impl BestOf {
    pub fn new(alternatives: Vec<Box<dyn Query>>) -> BestOf {
        BestOf(alternatives)
    }
}

impl Clone for BestOf {
    fn clone(&self) -> Self {
        BestOf(self.0.iter().map(|query| query.box_clone()).collect())
    }
}

impl Query for BestOf {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self.0.iter().map(|query| query.weight(scoring));
        Ok(Box::new(BestOfWeight(weights.collect::<tantivy::Result<_>>()?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for query in &self.0 {
            query.query_terms(visitor);
        }
    }
}

struct BestOfWeight(Vec<Box<dyn Weight>>);

impl Weight for BestOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.0.len());
        for weight in &self.0 {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                scorers.push(scorer);
            }
        }
        let doc = first(&scorers);
        Ok(Box::new(BestOfScorer { scorers, doc }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!("document #{doc} does not match")));
        }
        Ok(Explanation::new("best of the alternatives", scorer.score()))
    }
}

struct BestOfScorer {
    scorers: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

fn first(scorers: &[Box<dyn Scorer>]) -> DocId {
    scorers.iter().map(|scorer| scorer.doc()).min().unwrap_or(TERMINATED)
}

impl DocSet for BestOfScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        for scorer in &mut self.scorers {
            if scorer.doc() == self.doc {
                scorer.advance();
            }
        }
        self.doc = first(&self.scorers);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for scorer in &mut self.scorers {
            if scorer.doc() < target {
                scorer.seek(target);
            }
        }
        self.doc = first(&self.scorers);
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers.iter().map(|scorer| scorer.size_hint()).fold(0, u32::saturating_add)
    }
}

impl Scorer for BestOfScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        self.scorers
            .iter_mut()
            .filter(|scorer| scorer.doc() == doc)
            .map(|scorer| scorer.score())
            .fold(0.0, Score::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BoostQuery, DisjunctionMaxQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index};

    #[test]
    fn matches_and_scores_as_tantivys_dis_max() {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).expect("writer");
        for text in ["esf", "esf socialfonden socialfonden", "socialfonden", "annat", "esf esf"] {
            writer.add_document(doc!(body => text)).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let term = |word: &str| -> Box<dyn Query> {
            let term = Term::from_field_text(body, word);
            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
        };
        let forms = || vec![term("esf"), Box::new(BoostQuery::new(term("socialfonden"), 0.5))];
        let ours = BestOf::new(forms());
        let theirs = DisjunctionMaxQuery::new(forms());
        assert_eq!(searcher.search(&ours, &Count).expect("count"), 4);
        let top = |query: &dyn Query| {
            let found = searcher.search(query, &TopDocs::with_limit(5).order_by_score());
            let found = found.expect("top");
            found.into_iter().map(|(score, at)| (format!("{score:.4}"), at.doc_id)).collect()
        };
        let ranked: Vec<(String, u32)> = top(&ours);
        assert_eq!(ranked, top(&theirs));
        assert_eq!(ranked.iter().map(|(_, doc)| *doc).collect::<Vec<_>>()[..2], [4, 0]);
    }
}
