//! The top-level words under the coverage rule (see [`coverage`]): each counted word's weight,
//! and the [`CoverageQuery`] they make when a document may match without every word.

use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::Term;

use super::alternatives::boxed;
use super::word::WordReading;
use super::QueryBuilder;
use crate::search::coverage::{self, CoverageQuery, Rule, Unit};

impl QueryBuilder<'_> {
    /// The top-level clauses as a [`CoverageQuery`] when the coverage rule lets a document
    /// match without every counted word (or, relaxed, with any one of them); `None` when every
    /// word is needed anyway, which the plain conjunction finds faster. Other clauses that
    /// must match (a facet, a range, a wildcard, a group) are units of no weight that must
    /// match; exclusions stay outside.
    pub(super) fn covered(
        &mut self,
        subqueries: &mut Vec<(Occur, Box<dyn Query>)>,
        counted: &[Option<(f32, bool)>],
        lifts: &mut Vec<Box<dyn Query>>,
    ) -> Option<Box<dyn Query>> {
        let weights: Vec<f32> = counted.iter().flatten().map(|(weight, _)| *weight).collect();
        if weights.len() < 2 {
            return None;
        }
        // Relaxed, any one of the words is enough.
        self.relaxable = true;
        let rule = if self.relaxed {
            let lightest = weights.iter().copied().fold(f32::INFINITY, f32::min);
            Rule { total: weights.iter().sum(), minimum: lightest * (1.0 - 1e-5) }
        } else {
            Rule::new(&weights)
        };
        if !self.relaxed && rule.needs_all(&weights) {
            return None;
        }
        let mut units = Vec::new();
        let mut excluded = Vec::new();
        for ((occur, query), counted) in subqueries.drain(..).zip(counted) {
            match (occur, counted) {
                (Occur::MustNot, _) => excluded.push((Occur::MustNot, query)),
                (_, Some((weight, required))) => {
                    units.push(Unit { query, weight: *weight, required: *required })
                }
                (Occur::Must, None) => units.push(Unit { query, weight: 0.0, required: true }),
                (Occur::Should, None) => lifts.push(query),
            }
        }
        self.tiered = true;
        let query = boxed(CoverageQuery::new(units, std::mem::take(lifts), rule));
        if excluded.is_empty() {
            return Some(query);
        }
        excluded.push((Occur::Must, query));
        Some(boxed(BooleanQuery::new(excluded)))
    }

    /// The weight of a counted word of the query (see [`coverage`]), or of the words of a
    /// synonym group together: the idf of its rarest token in the catch-all, as typed or, when
    /// only its other spellings are in the index, of its commonest other spelling. `None`
    /// without a lookup, or for stop words only.
    pub(super) fn unit_weight(&mut self, words: &[&WordReading]) -> Option<f32> {
        let lookup = self.lookup.as_mut()?;
        let body = self.fields.body;
        let doc_freqs: Vec<u64> = words
            .iter()
            .flat_map(|word| word.tokens())
            .map(|token| lookup.doc_freq(&Term::from_field_text(body, &token.text)))
            .collect();
        let typed = doc_freqs.iter().copied().min()?;
        let doc_freq = if typed == 0 { self.spelling_doc_freq } else { typed };
        let total = lookup.searcher().num_docs();
        Some(coverage::idf(doc_freq, total))
    }
}
