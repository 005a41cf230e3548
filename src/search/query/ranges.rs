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
        let typed = typed_range(lower, upper);
        if name.is_empty() {
            // `<5` as typed: a range of nothing named.
            return Err(self.error(format!(
                "{typed} needs a field: stod:{typed} or budget:{typed} in kronor (stod is \
                 ESF-stöd), start:{typed} or slut:{typed} in years"
            )));
        }
        let Some(number) = schema::resolve_range(name) else {
            return Err(self.error(format!(
                "{name}: takes no range; a range needs {RANGE_FIELDS}, as in stod:{typed}"
            )));
        };
        let numeric = self.fields.number(number);
        let amount = matches!(number, schema::Number::Grant | schema::Number::Budget);
        let bound = |bound: &UserInputBound| -> Result<Bound<u64>> {
            let value = |text: &str| {
                if amount {
                    return crate::text::kronor(text).map_err(|why| {
                        // The amount's own examples have spaces, which end a word of a query.
                        let why = if why.starts_with("is ") {
                            why
                        } else {
                            format!(
                                "is not an amount in kronor, as in {name}:>=1500000 or \
                                 {name}:>=1,5Mkr (decimals after a comma)"
                            )
                        };
                        self.error(format!("{name}:{typed}: the bound \"{text}\" {why}"))
                    });
                }
                text.trim().replace([' ', '_'], "").parse::<u64>().map_err(|_| {
                    self.error(format!(
                        "{name}:{typed}: the bound \"{text}\" is not a year, as in {name}:[2009 TO 2010]"
                    ))
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

/// The fields a range may name, as a message lists them.
const RANGE_FIELDS: &str = "stod (ESF-stöd) or budget in kronor, start or slut in years";

/// A range as the query wrote it: `<5`, `>=2009`, `[1 TO *]`, `{1 TO 5}`.
fn typed_range(lower: &UserInputBound, upper: &UserInputBound) -> String {
    use UserInputBound::{Exclusive, Inclusive, Unbounded};
    match (lower, upper) {
        (Unbounded, Exclusive(high)) => format!("<{high}"),
        (Unbounded, Inclusive(high)) => format!("<={high}"),
        (Exclusive(low), Unbounded) => format!(">{low}"),
        (Inclusive(low), Unbounded) => format!(">={low}"),
        _ => {
            let end = |bound: &UserInputBound| match bound {
                Inclusive(text) | Exclusive(text) => text.clone(),
                Unbounded => "*".to_string(),
            };
            let open = if matches!(lower, Exclusive(_)) { '{' } else { '[' };
            let close = if matches!(upper, Exclusive(_)) { '}' } else { ']' };
            format!("{open}{} TO {}{close}", end(lower), end(upper))
        }
    }
}
