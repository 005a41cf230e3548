//! How much of a multi-word query a document must have to match, and the order of those that
//! do: every word first, then most of the words by how much of the query they cover, then by
//! score.
//!
//! The rule: each counted word of the query (a word, a quoted phrase, a run of words that is
//! a synonym form; not stop words, not words in no document) weighs its idf,
//! `ln(1 + (N - n + 0.5) / (n + 0.5))` for `n` of `N` documents, so a rare word weighs more
//! than "samverkan". A document matches when the words it has weigh at least [`share`] of the
//! query's weight: one or two words in three for a query of two or three words, three in four
//! for four or more. A `+word` (or `AND`) must be there whatever the rest weigh.
//!
//! ```
//! use projsok::search::coverage::{share, Rule};
//!
//! assert_eq!(share(1), 1.0);
//! // "etableringskedja samverkan stockholm": the rare word and one of the common ones.
//! let rule = Rule::new(&[7.7, 2.7, 2.4]);
//! assert!(rule.matches(7.7 + 2.7) && rule.matches(7.7 + 2.4));
//! assert!(!rule.matches(2.7 + 2.4));
//! ```
//!
//! [`CoverageQuery`] matches by the rule. Ranked, its score orders documents by coverage tier
//! (every word above all others, then each percent of the weight covered) and within a tier by
//! the words' summed score: the tier is the score's binary exponent, the summed score its
//! mantissa (see [`encode`]), so tantivy's own top-k collector ranks by both and
//! [`decode`] gives the summed score back to show.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// The share of the query's weight a document must cover, for a query of `words` counted
/// words.
pub fn share(words: usize) -> f32 {
    match words {
        0 | 1 => 1.0,
        2 | 3 => 2.0 / 3.0,
        _ => 0.75,
    }
}

/// The idf weight of a word `doc_freq` of `total_docs` documents have (BM25's idf).
pub fn idf(doc_freq: u64, total_docs: u64) -> f32 {
    let (n, total) = (doc_freq as f64, total_docs.max(doc_freq) as f64);
    (1.0 + (total - n + 0.5) / (n + 0.5)).ln() as f32
}

/// The weight a document must cover out of a query's word weights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub total: f32,
    pub minimum: f32,
}

impl Rule {
    pub fn new(weights: &[f32]) -> Rule {
        let total: f32 = weights.iter().sum();
        // A hair under the share, so that words weighing exactly the share are enough despite
        // rounding in the sums.
        Rule { total, minimum: total * share(weights.len()) * (1.0 - 1e-5) }
    }

    /// Whether words weighing `covered` are enough.
    pub fn matches(&self, covered: f32) -> bool {
        covered >= self.minimum
    }

    /// Whether only a document with every word can match (no subset is enough).
    pub fn needs_all(&self, weights: &[f32]) -> bool {
        weights.iter().all(|weight| !self.matches(self.total - weight))
    }
}

/// The tier of a document with every word; documents without all of them are in the tier of
/// the whole percent of the weight they cover, 0 to 99.
pub const EVERY_WORD: u8 = 101;
/// Scores above this are ranked as equal within their tier (no query scores near it).
const SCORE_SCALE: f32 = 16.0;

/// One score that orders by `tier`, then by `score` (non-negative): `score` mapped monotonically
/// into [1, 2) and multiplied by 2^tier, which keeps all of the mantissa's precision.
pub fn encode(tier: u8, score: Score) -> Score {
    let score = score.max(0.0);
    let mantissa = (1.0 + score / (score + SCORE_SCALE)).min(2.0 - f32::EPSILON);
    mantissa * 2f32.powi(i32::from(tier))
}

/// The tier and the score [`encode`] made `encoded` of.
pub fn decode(encoded: Score) -> (u8, Score) {
    // Below 1 (or NaN) is no encoded score: a document matched outside the tiers.
    if encoded.is_nan() || encoded < 1.0 {
        return (0, 0.0);
    }
    let exponent = ((encoded.to_bits() >> 23) & 0xff) as i32 - 127;
    let mantissa = encoded / 2f32.powi(exponent);
    let score = SCORE_SCALE * (mantissa - 1.0) / (2.0 - mantissa);
    (exponent.clamp(0, i32::from(EVERY_WORD)) as u8, score)
}

/// One counted word of a query: how it is found, what it weighs, whether it is required.
#[derive(Debug)]
pub struct Unit {
    pub query: Box<dyn Query>,
    pub weight: f32,
    pub required: bool,
}

impl Clone for Unit {
    fn clone(&self) -> Self {
        Unit { query: self.query.box_clone(), weight: self.weight, required: self.required }
    }
}

/// Matches the documents that cover enough of the units' weight (see [`Rule`]); `lifts` add
/// their score where they match a document that matches, and match nothing on their own.
#[derive(Debug)]
pub struct CoverageQuery {
    units: Vec<Unit>,
    lifts: Vec<Box<dyn Query>>,
    rule: Rule,
}

impl Clone for CoverageQuery {
    fn clone(&self) -> Self {
        let lifts = self.lifts.iter().map(|lift| lift.box_clone()).collect();
        CoverageQuery { units: self.units.clone(), lifts, rule: self.rule }
    }
}

impl CoverageQuery {
    /// `rule` is over the weights of `units`; at least one unit is required to match when the
    /// rule's minimum is zero.
    pub fn new(units: Vec<Unit>, lifts: Vec<Box<dyn Query>>, rule: Rule) -> CoverageQuery {
        CoverageQuery { units, lifts, rule }
    }
}

impl Query for CoverageQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let units = self
            .units
            .iter()
            .map(|unit| Ok((unit.query.weight(scoring)?, unit.weight, unit.required)))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let lifts = self
            .lifts
            .iter()
            .map(|lift| lift.weight(scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(CoverageWeight {
            units,
            lifts,
            rule: self.rule,
            scoring: scoring.is_scoring_enabled(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for unit in &self.units {
            unit.query.query_terms(visitor);
        }
        for lift in &self.lifts {
            lift.query_terms(visitor);
        }
    }
}

struct CoverageWeight {
    units: Vec<(Box<dyn Weight>, f32, bool)>,
    lifts: Vec<Box<dyn Weight>>,
    rule: Rule,
    scoring: bool,
}

impl CoverageWeight {
    fn coverage_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<CoverageScorer> {
        let mut units = Vec::with_capacity(self.units.len());
        for (weight, word_weight, required) in &self.units {
            units.push(UnitScorer {
                scorer: weight.scorer(reader, boost)?,
                weight: *word_weight,
                required: *required,
            });
        }
        let lifts = self
            .lifts
            .iter()
            .map(|lift| lift.scorer(reader, boost))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut scorer = CoverageScorer {
            units,
            lifts,
            rule: self.rule,
            scoring: self.scoring,
            doc: 0,
            score: 0.0,
            order: Vec::new(),
        };
        scorer.find_from(0);
        Ok(scorer)
    }
}

impl Weight for CoverageWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.coverage_scorer(reader, boost)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.coverage_scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!("document #{doc} does not match")));
        }
        let (tier, score) = decode(scorer.score());
        let mut explanation = Explanation::new("coverage tier, then summed score", score);
        explanation.add_context(format!("tier {tier}"));
        Ok(explanation)
    }
}

struct UnitScorer {
    scorer: Box<dyn Scorer>,
    weight: f32,
    required: bool,
}

struct CoverageScorer {
    units: Vec<UnitScorer>,
    lifts: Vec<Box<dyn Scorer>>,
    rule: Rule,
    scoring: bool,
    doc: DocId,
    score: Score,
    /// Scratch: unit indexes by their current document.
    order: Vec<usize>,
}

impl CoverageScorer {
    /// Moves to the first matching document at or after `target`, as WAND does: with the units
    /// in the order of their current documents, the first document at which the units up to
    /// it weigh enough (and every required unit has reached it) is the first that can match;
    /// every unit before it moves up to it.
    fn find_from(&mut self, target: DocId) {
        for unit in &mut self.units {
            if unit.scorer.doc() < target {
                unit.scorer.seek(target);
            }
        }
        loop {
            self.order.clear();
            self.order.extend(0..self.units.len());
            let units = &self.units;
            self.order.sort_by_key(|&at| units[at].scorer.doc());
            let mut weighed = 0.0;
            let mut pivot = TERMINATED;
            for &at in &self.order {
                let unit = &self.units[at];
                if unit.scorer.doc() == TERMINATED {
                    break;
                }
                weighed += unit.weight;
                // The minimum may be zero (a fallback to any word): one unit is enough then.
                if self.rule.matches(weighed) {
                    pivot = unit.scorer.doc();
                    break;
                }
            }
            for unit in self.units.iter().filter(|unit| unit.required) {
                pivot = pivot.max(unit.scorer.doc());
            }
            if pivot == TERMINATED {
                self.doc = TERMINATED;
                return;
            }
            let mut behind = false;
            for unit in &mut self.units {
                if unit.scorer.doc() < pivot {
                    unit.scorer.seek(pivot);
                    behind = true;
                }
            }
            if behind {
                continue;
            }
            // Every unit is at the pivot or past it.
            let (mut covered, mut present, mut score) = (0.0, 0, 0.0);
            let mut required_missing = false;
            for unit in &mut self.units {
                if unit.scorer.doc() == pivot {
                    covered += unit.weight;
                    present += 1;
                    if self.scoring {
                        score += unit.scorer.score();
                    }
                } else if unit.required {
                    required_missing = true;
                }
            }
            if required_missing || !self.rule.matches(covered) {
                // Not enough here: move the units at the pivot on and look again.
                for unit in &mut self.units {
                    if unit.scorer.doc() == pivot {
                        unit.scorer.advance();
                    }
                }
                continue;
            }
            self.doc = pivot;
            if self.scoring {
                for lift in &mut self.lifts {
                    if lift.doc() < pivot {
                        lift.seek(pivot);
                    }
                    if lift.doc() == pivot {
                        score += lift.score();
                    }
                }
            }
            let tier = if present == self.units.len() {
                EVERY_WORD
            } else {
                (covered / self.rule.total * 100.0).floor().clamp(0.0, 99.0) as u8
            };
            self.score = encode(tier, score);
            return;
        }
    }
}

impl DocSet for CoverageScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let next = self.doc + 1;
        self.find_from(next);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.find_from(target);
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.units.iter().map(|unit| unit.scorer.size_hint()).max().unwrap_or(0)
    }
}

impl Scorer for CoverageScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index, Searcher};

    #[test]
    fn the_share_follows_the_number_of_words() {
        assert_eq!([1, 2, 3, 4, 9].map(share), [1.0, 2.0 / 3.0, 2.0 / 3.0, 0.75, 0.75]);
    }

    #[test]
    fn a_rare_word_weighs_more() {
        assert!(idf(10, 44_402) > 2.0 * idf(3_000, 44_402));
        assert_eq!(format!("{:.3}", idf(1, 2)), "0.693");
        // A frequency above the total (a stale count) is not a negative weight.
        assert!(idf(5, 3) > 0.0);
    }

    #[test]
    fn of_two_words_the_rarer_alone_is_enough_only_at_twice_the_weight() {
        let rule = Rule::new(&[4.0, 2.0]);
        assert!(rule.matches(4.0) && !rule.matches(2.0));
        assert!(!rule.needs_all(&[4.0, 2.0]));
        let even = Rule::new(&[3.0, 2.0]);
        assert!(!even.matches(3.0));
        assert!(even.needs_all(&[3.0, 2.0]));
        assert!(Rule::new(&[5.0]).needs_all(&[5.0]));
    }

    #[test]
    fn encoded_scores_order_by_tier_then_score_and_decode_back() {
        let mut encoded =
            [(EVERY_WORD, 0.5), (99, 80.0), (99, 3.25), (66, 400.0), (0, 0.0), (EVERY_WORD, 24.6)]
                .map(|(tier, score)| (encode(tier, score), (tier, score)));
        encoded.sort_by(|a, b| b.0.total_cmp(&a.0));
        let order: Vec<(u8, f32)> = encoded.iter().map(|(_, original)| *original).collect();
        assert_eq!(
            order,
            [(EVERY_WORD, 24.6), (EVERY_WORD, 0.5), (99, 80.0), (99, 3.25), (66, 400.0), (0, 0.0)]
        );
        for (value, (tier, score)) in encoded {
            let (decoded_tier, decoded) = decode(value);
            assert_eq!(decoded_tier, tier);
            assert!((decoded - score).abs() < 1e-3 * score.max(1.0), "{decoded} for {score}");
        }
        assert_eq!(decode(f32::NAN), (0, 0.0));
        assert_eq!(decode(0.0), (0, 0.0));
    }

    /// Words a, b, c weighing 4, 2 and 2; documents 0 to 5 have "a b c", "a b", "b c", "a",
    /// "c", "a c".
    fn corpus() -> (Searcher, tantivy::schema::Field) {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).expect("writer");
        for text in ["a b c", "a b", "b c", "a", "c", "a c"] {
            writer.add_document(doc!(body => text)).expect("add");
        }
        writer.commit().expect("commit");
        (index.reader().expect("reader").searcher(), body)
    }

    fn units(body: tantivy::schema::Field, words: &[(&str, f32, bool)]) -> Vec<Unit> {
        words
            .iter()
            .map(|(word, weight, required)| Unit {
                query: Box::new(TermQuery::new(
                    Term::from_field_text(body, word),
                    IndexRecordOption::WithFreqs,
                )),
                weight: *weight,
                required: *required,
            })
            .collect()
    }

    fn ranked(searcher: &Searcher, query: &CoverageQuery) -> Vec<(u8, u32)> {
        let top = searcher.search(query, &TopDocs::with_limit(10).order_by_score()).expect("top");
        top.into_iter().map(|(score, address)| (decode(score).0, address.doc_id)).collect()
    }

    #[test]
    fn documents_match_by_the_weight_they_cover_and_rank_by_tier() {
        let (searcher, body) = corpus();
        let words = [("a", 4.0, false), ("b", 2.0, false), ("c", 2.0, false)];
        let rule = Rule::new(&[4.0, 2.0, 2.0]);
        let query = CoverageQuery::new(units(body, &words), Vec::new(), rule);
        // 6 of 8 needed: "a b c" first, then "a b" and "a c" (75 %); not "b c", "a" or "c".
        assert_eq!(searcher.search(&query, &Count).expect("count"), 3);
        let found = ranked(&searcher, &query);
        assert_eq!(found[0], (EVERY_WORD, 0));
        let mut rest = found[1..].to_vec();
        rest.sort();
        assert_eq!(rest, [(75, 1), (75, 5)]);
    }

    #[test]
    fn a_required_word_must_be_there_and_a_zero_minimum_takes_any_word() {
        let (searcher, body) = corpus();
        let words = [("a", 4.0, false), ("b", 2.0, false), ("c", 2.0, true)];
        let query =
            CoverageQuery::new(units(body, &words), Vec::new(), Rule::new(&[4.0, 2.0, 2.0]));
        assert_eq!(ranked(&searcher, &query).len(), 2, "a b c and a c");
        let any = Rule { total: 8.0, minimum: 0.0 };
        let words = [("a", 4.0, false), ("b", 2.0, false), ("c", 2.0, false)];
        let query = CoverageQuery::new(units(body, &words), Vec::new(), any);
        assert_eq!(searcher.search(&query, &Count).expect("count"), 6);
        let counted = searcher.search(&query, &Count).expect("count");
        let explained = query.explain(&searcher, tantivy::DocAddress::new(0, 4)).expect("explain");
        assert_eq!(counted, ranked(&searcher, &query).len());
        assert!(explained.to_pretty_json().contains("tier 25"), "{}", explained.to_pretty_json());
    }
}
