//! The clauses of a query that name no text: a range of a number (`start:[2009 TO 2010]`,
//! `grant:[1000000 TO *]`) and a facet's value (`region:`, `kommun:`, `fas:` …, matched
//! case-insensitively).

use std::ops::Bound;

use tantivy::query::{EmptyQuery, Query, RangeQuery};
use tantivy::query_grammar::UserInputBound;
use tantivy::Term;

use super::QueryBuilder;
use crate::error::Result;
use crate::index::schema;
use crate::search::facets;

impl QueryBuilder<'_> {
    pub(super) fn facet_query(
        &mut self,
        facet_field: schema::Facet,
        value: &str,
    ) -> Result<Box<dyn Query>> {
        let field = self.fields.selected(facet_field);
        // `okänd` is what `--region okänd` keeps; every document has a language.
        if facet_field != schema::Facet::Lang && facets::is_no_value(value) {
            return Ok(facets::or_without(Box::new(EmptyQuery), facet_field));
        }
        let matching = self.facet_values.matching(facet_field, value);
        if matching.is_empty() {
            let warning = self.facet_values.unknown_value(facet_field, value);
            if !self.warnings.contains(&warning) {
                self.warnings.push(warning);
            }
            return Ok(Box::new(EmptyQuery));
        }
        Ok(facets::any_value(field, &matching))
    }

    pub(super) fn convert_range(
        &self,
        field: &Option<String>,
        lower: &UserInputBound,
        upper: &UserInputBound,
    ) -> Result<Option<Box<dyn Query>>> {
        let name = field.as_deref().unwrap_or_default();
        let Some(number) = schema::resolve_range(name) else {
            return Err(
                self.error(format!("ranges work on grant, budget, start and slut, not \"{name}\""))
            );
        };
        let numeric = self.fields.number(number);
        let bound = |bound: &UserInputBound| -> Result<Bound<u64>> {
            let value = |text: &str| {
                text.trim().replace([' ', '_'], "").parse::<u64>().map_err(|_| {
                    self.error(format!("range bound \"{text}\" is not a whole number"))
                })
            };
            Ok(match bound {
                UserInputBound::Inclusive(text) => Bound::Included(value(text)?),
                UserInputBound::Exclusive(text) => Bound::Excluded(value(text)?),
                UserInputBound::Unbounded => Bound::Unbounded,
            })
        };
        let (lower, upper) = (bound(lower)?, bound(upper)?);
        if let (
            Bound::Included(low) | Bound::Excluded(low),
            Bound::Included(high) | Bound::Excluded(high),
        ) = (lower, upper)
        {
            // Reversed bounds match nothing; said so, the user sees the slip instead of an
            // empty list that looks like an answer.
            if low > high {
                return Err(
                    self.error(format!("the range of {name} is empty: {low} is more than {high}"))
                );
            }
        }
        let term = |value: u64| Term::from_field_u64(numeric, value);
        let (lower, upper) = match (lower.map(term), upper.map(term)) {
            // tantivy panics on a range open at both ends; `start:[* TO *]` means "has a start".
            (Bound::Unbounded, Bound::Unbounded) => {
                (Bound::Included(Term::from_field_u64(numeric, 0)), Bound::Unbounded)
            }
            bounds => bounds,
        };
        Ok(Some(Box::new(RangeQuery::new(lower, upper))))
    }
}
