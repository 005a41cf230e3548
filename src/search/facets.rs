//! Facet values present in the index, and facet counts over a result set.

use std::collections::BTreeMap;

use tantivy::collector::FacetCounts;
use tantivy::schema::Facet;
use tantivy::Searcher;

use crate::index::schema::{Fields, FACET_FIELDS};

/// Every value each facet field holds in the index, for case-insensitive matching of filters.
#[derive(Debug, Default, Clone)]
pub struct FacetValues {
    by_field: BTreeMap<&'static str, Vec<String>>,
}

impl FacetValues {
    /// Reads the facet terms of every segment (a few hundred terms: cheap).
    pub fn read(searcher: &Searcher, fields: &Fields) -> tantivy::Result<FacetValues> {
        let mut by_field: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
        for name in FACET_FIELDS {
            let field = fields.named(name);
            let mut values = Vec::new();
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(field)?;
                let mut stream = inverted.terms().stream()?;
                while stream.advance() {
                    if let Ok(facet) = Facet::from_encoded(stream.key().to_vec()) {
                        if let Some(value) = facet.to_path().first() {
                            values.push(value.to_string());
                        }
                    }
                }
            }
            values.sort();
            values.dedup();
            by_field.insert(name, values);
        }
        Ok(FacetValues { by_field })
    }

    /// The indexed spelling of `value` in facet `field`, matched case-insensitively.
    pub fn canonical(&self, field: &str, value: &str) -> Option<&str> {
        let wanted = value.trim().to_lowercase();
        self.by_field
            .get(field)?
            .iter()
            .find(|known| known.to_lowercase() == wanted)
            .map(String::as_str)
    }

    pub fn values(&self, field: &str) -> &[String] {
        self.by_field.get(field).map(Vec::as_slice).unwrap_or_default()
    }
}

/// Counts per value, sorted by count (descending) then value.
pub fn sorted_counts(counts: &FacetCounts) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = counts
        .get("/")
        .filter_map(|(facet, count)| {
            facet.to_path().first().map(|value| (value.to_string(), count))
        })
        .collect();
    out.sort_by(|(a_value, a_count), (b_value, b_count)| {
        b_count.cmp(a_count).then_with(|| a_value.cmp(b_value))
    });
    out
}
