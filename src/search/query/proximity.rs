//! The optional phrase of a multi-word query that lifts documents where its words stand
//! together.

use std::collections::BTreeSet;

use tantivy::query::{BoostQuery, PhraseQuery, Query};
use tantivy::Term;

use super::alternatives::boxed;
use super::word::{joined_tokens, WordReading};
use super::QueryBuilder;
use crate::analysis::positioned;

/// Weight of the optional "words stand together" phrase added to multi-word queries.
const PROXIMITY_BOOST: f32 = 1.5;
const PROXIMITY_SLOP: u32 = 2;

impl QueryBuilder<'_> {
    /// The phrase of `words` (the plain words of one clause list, in order) with a slop, lifted;
    /// `None` when fewer than two places of it have a stem, or no document has them all.
    pub(super) fn proximity_query(&mut self, words: &[&WordReading]) -> Option<Box<dyn Query>> {
        let sv = positioned(&joined_tokens(words));
        if sv.iter().map(|(position, _)| position).collect::<BTreeSet<_>>().len() < 2 {
            return None;
        }
        let body = self.fields.body;
        let terms: Vec<(usize, Term)> = sv
            .iter()
            .map(|(position, text)| (*position, Term::from_field_text(body, text)))
            .collect();
        let words: Vec<Term> = terms.iter().map(|(_, term)| term.clone()).collect();
        let phrase = boxed(PhraseQuery::new_with_offset_and_slop(terms, PROXIMITY_SLOP));
        let phrase = self.where_found(phrase, &words)?;
        Some(boxed(BoostQuery::new(phrase, PROXIMITY_BOOST)))
    }
}
