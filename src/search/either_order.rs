//! A query for two words near each other in either order: what two tantivy phrase queries with
//! a slop, one for each order, match and score, from one walk of the two words' postings.
//!
//! The parts of a compound query word are searched so ("arbetsmarknad" and "utbildning" for
//! "arbetsmarknadsutbildning"). As two phrase queries, each intersected the two words' postings
//! and read their positions in every document that has both: at a hundred thousand pages, twice
//! the cost of the word itself.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// Documents where `first` and `second` (of one field) stand within `slop` of each other as a
/// phrase of the two would, in either order. A document scores what the phrase of each order
/// it matches scores, summed, as the two phrases in one union would.
#[derive(Debug, Clone)]
pub struct EitherOrder {
    first: Term,
    second: Term,
    slop: u32,
}

impl EitherOrder {
    pub fn new(first: Term, second: Term, slop: u32) -> EitherOrder {
        assert_eq!(first.field(), second.field(), "both words of one field");
        EitherOrder { first, second, slop }
    }
}

impl Query for EitherOrder {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        // A phrase's weight sums its words' idf: the same for both orders.
        let similarity = match scoring {
            EnableScoring::Enabled { statistics_provider, .. } => Some(Bm25Weight::for_terms(
                statistics_provider,
                &[self.first.clone(), self.second.clone()],
            )?),
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(EitherOrderWeight { query: self.clone(), similarity }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.first, true);
        visitor(&self.second, true);
    }
}

struct EitherOrderWeight {
    query: EitherOrder,
    /// `None` when the search does not score.
    similarity: Option<Bm25Weight>,
}

impl EitherOrderWeight {
    fn either_order_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<EitherOrderScorer>> {
        let field = self.query.first.field();
        let inverted = reader.inverted_index(field)?;
        let positions = IndexRecordOption::WithFreqsAndPositions;
        let Some(first) = inverted.read_postings(&self.query.first, positions)? else {
            return Ok(None);
        };
        let Some(second) = inverted.read_postings(&self.query.second, positions)? else {
            return Ok(None);
        };
        let fieldnorms = match &self.similarity {
            Some(_) => reader.fieldnorms_readers().get_field(field)?,
            None => None,
        };
        let mut scorer = EitherOrderScorer {
            first,
            second,
            slop: self.query.slop,
            similarity: self.similarity.as_ref().map(|weight| weight.boost_by(boost)),
            fieldnorms: fieldnorms
                .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1)),
            counts: (0, 0),
            first_positions: Vec::new(),
            second_positions: Vec::new(),
            shifted: Vec::new(),
            doc: 0,
        };
        scorer.doc = scorer.next_match();
        Ok(Some(scorer))
    }
}

impl Weight for EitherOrderWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.either_order_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!("document #{doc} does not match")));
        }
        Ok(Explanation::new("two words near each other in either order", scorer.score()))
    }
}

struct EitherOrderScorer {
    first: SegmentPostings,
    second: SegmentPostings,
    slop: u32,
    similarity: Option<Bm25Weight>,
    fieldnorms: FieldNormReader,
    /// How often the current document has the words near in the order given, and the other.
    counts: (u32, u32),
    first_positions: Vec<u32>,
    second_positions: Vec<u32>,
    shifted: Vec<u32>,
    doc: DocId,
}

impl EitherOrderScorer {
    /// The first document from where both postings stand on that has the words near.
    fn next_match(&mut self) -> DocId {
        loop {
            let (mut first, mut second) = (self.first.doc(), self.second.doc());
            while first != second {
                if first < second {
                    first = self.first.seek(second);
                } else {
                    second = self.second.seek(first);
                }
            }
            if first == TERMINATED || self.count_near() {
                return first;
            }
            self.first.advance();
        }
    }

    /// Counts the current document's near pairs in each order, as a phrase of the two words
    /// does (see [`phrase_count`]).
    fn count_near(&mut self) -> bool {
        self.first.positions(&mut self.first_positions);
        self.second.positions(&mut self.second_positions);
        let first = (&self.first_positions[..], self.first.size_hint());
        let second = (&self.second_positions[..], self.second.size_hint());
        let in_order = phrase_count(first, second, self.slop, &mut self.shifted);
        let reversed = phrase_count(second, first, self.slop, &mut self.shifted);
        self.counts = (in_order, reversed);
        in_order > 0 || reversed > 0
    }
}

/// The matches of the phrase of two words, each given as (its positions in the document, the
/// number of documents of the segment with it): the first word's positions shifted one place
/// on, against the second's. The count is not symmetric, and a phrase takes its left side
/// from the word in fewer documents (the first of the phrase on a tie), as its intersection
/// orders them: so does this. `shifted` is a buffer.
fn phrase_count(
    (first, first_docs): (&[u32], u32),
    (second, second_docs): (&[u32], u32),
    slop: u32,
    shifted: &mut Vec<u32>,
) -> u32 {
    shifted.clear();
    shifted.extend(first.iter().map(|position| position + 1));
    if first_docs <= second_docs {
        count_with_slop(shifted, second, slop)
    } else {
        count_with_slop(second, shifted, slop)
    }
}

/// tantivy's count of a two-word phrase's matches with a slop (`intersection_count_with_slop`
/// in its phrase scorer, MIT licence), which the counts must equal for the scores to: each
/// right position pairs with the last left one at most `slop` from it, once; `left` and
/// `right` do not swap.
fn count_with_slop(left: &[u32], right: &[u32], slop: u32) -> u32 {
    let (mut left_at, mut right_at, mut count) = (0, 0, 0);
    while left_at < left.len() && right_at < right.len() {
        let (left_value, right_value) = (left[left_at], right[right_at]);
        if left_value.abs_diff(right_value) <= slop {
            while left_at + 1 < left.len() && left[left_at + 1] <= right_value {
                left_at += 1;
            }
            count += 1;
            left_at += 1;
            right_at += 1;
        } else if left_value < right_value {
            left_at += 1;
        } else {
            right_at += 1;
        }
    }
    count
}

impl DocSet for EitherOrderScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.first.advance();
        self.doc = self.next_match();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.first.seek(target);
        self.doc = self.next_match();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.first.size_hint().min(self.second.size_hint())
    }
}

impl Scorer for EitherOrderScorer {
    fn score(&mut self) -> Score {
        let Some(similarity) = &self.similarity else { return 1.0 };
        let fieldnorm_id = self.fieldnorms.fieldnorm_id(self.doc);
        // An order without a match adds 0.0, which leaves the other's score as it is, bit for
        // bit, as the union that had only the other phrase matching.
        let score_of =
            |count: u32| if count > 0 { similarity.score(fieldnorm_id, count) } else { 0.0 };
        let (in_order, reversed) = self.counts;
        score_of(in_order) + score_of(reversed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index};

    /// An index of `segments`' texts in a field `body`, one commit and segment each.
    fn searcher_of(segments: &[&[&str]]) -> (tantivy::Searcher, tantivy::schema::Field) {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).expect("writer");
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        for texts in segments {
            for text in *texts {
                writer.add_document(doc!(body => *text)).expect("add");
            }
            writer.commit().expect("commit");
        }
        (index.reader().expect("reader").searcher(), body)
    }

    /// Every order and distance of two words up to beyond the slop (a phrase's slop counts
    /// from the place after the first word: four apart in order, three reversed), repeated
    /// pairs, texts with one word or none, and segments where either word is the rarer (a
    /// phrase counts from the rarer word's positions): for every slop up to five and both
    /// orders of the words, the query matches and scores as the two phrase queries in one
    /// union do, boosted as the parts of a compound are.
    #[test]
    fn matches_and_scores_as_the_two_phrases_of_either_order() {
        let segments: [&[&str]; 3] = [
            &[
                "arbete utbildning",
                "utbildning arbete",
                "arbete x utbildning",
                "arbete x x x utbildning",
                "arbete x x x x utbildning",
                "utbildning x x x arbete",
                "utbildning x x x x arbete",
                "arbete utbildning arbete utbildning x arbete",
                "arbete arbete arbete utbildning utbildning",
                "utbildning",
                "arbete x x x x x x x x",
                "annat",
                "utbildning x arbete x x x x x x x x x x x x x x utbildning",
            ],
            &["arbete arbete utbildning utbildning", "arbete"],
            &["utbildning utbildning x arbete arbete", "utbildning", "utbildning x"],
        ];
        let (searcher, body) = searcher_of(&segments);
        assert_eq!(searcher.segment_readers().len(), 3);
        let term = |word: &str| Term::from_field_text(body, word);
        let found = |query: &dyn Query| -> Vec<(u32, u32, String)> {
            let top = searcher.search(query, &TopDocs::with_limit(30).order_by_score());
            let mut top: Vec<(u32, u32, String)> = top
                .expect("top")
                .into_iter()
                .map(|(score, at)| (at.segment_ord, at.doc_id, format!("{score:.6}")))
                .collect();
            top.sort();
            top
        };
        for slop in 0..=5 {
            let phrase = |words: [&str; 2]| -> Box<dyn Query> {
                let terms = words.iter().map(|word| term(word)).enumerate().collect();
                let phrase = PhraseQuery::new_with_offset_and_slop(terms, slop);
                Box::new(BoostQuery::new(Box::new(phrase), 0.2))
            };
            let theirs = BooleanQuery::new(vec![
                (Occur::Should, phrase(["arbete", "utbildning"])),
                (Occur::Should, phrase(["utbildning", "arbete"])),
            ]);
            let expected = found(&theirs);
            for (first, second) in [("arbete", "utbildning"), ("utbildning", "arbete")] {
                let ours = EitherOrder::new(term(first), term(second), slop);
                let ours = BoostQuery::new(Box::new(ours), 0.2);
                assert_eq!(found(&ours), expected, "slop {slop}, {first} first");
            }
        }
        let ours =
            BoostQuery::new(Box::new(EitherOrder::new(term("arbete"), term("utbildning"), 3)), 0.2);
        let matched: Vec<(u32, u32)> =
            found(&ours).iter().map(|(at, doc, _)| (*at, *doc)).collect();
        let first_segment = [0, 1, 2, 3, 5, 7, 8, 12].map(|doc| (0, doc));
        assert_eq!(matched, [&first_segment[..], &[(1, 0), (2, 0)]].concat());
        assert_eq!(searcher.search(&ours, &Count).expect("count"), 10);
        // Seeking, as an intersection does, lands on the next match.
        let weight = ours.weight(EnableScoring::enabled_from_searcher(&searcher)).expect("weight");
        let mut scorer = weight.scorer(searcher.segment_reader(0), 1.0).expect("scorer");
        let steps = [scorer.seek(4), scorer.advance(), scorer.seek(9), scorer.seek(9)];
        assert_eq!(steps, [5, 7, 12, 12]);
        assert_eq!(scorer.advance(), TERMINATED);
    }

    #[test]
    fn a_word_no_document_has_matches_nothing() {
        let (searcher, body) = searcher_of(&[&["arbete utbildning"]]);
        let term = |word: &str| Term::from_field_text(body, word);
        let query = EitherOrder::new(term("arbete"), term("saknas"), 3);
        assert_eq!(searcher.search(&query, &Count).expect("count"), 0);
    }
}
