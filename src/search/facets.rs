//! Facet values present in the index, and facet counts over a result set.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tantivy::collector::{Collector, FacetCounts, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::index::schema::FACET_FIELDS;

/// Every value each facet field holds in the index, for case-insensitive matching of filters,
/// and each segment's facet columns for counting.
#[derive(Default, Clone)]
pub struct FacetValues {
    by_field: BTreeMap<&'static str, Vec<String>>,
    segments: HashMap<SegmentId, Arc<SegmentFacets>>,
}

impl std::fmt::Debug for FacetValues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FacetValues").field("by_field", &self.by_field).finish_non_exhaustive()
    }
}

/// One segment's facet columns, in [`FACET_FIELDS`] order, with the value each ordinal stands
/// for: read once per opened index, so that counting is an array increment per document and
/// value, with no dictionary lookups per query.
struct SegmentFacets {
    columns: Vec<Option<(StrColumn, Arc<[String]>)>>,
}

impl SegmentFacets {
    fn read(segment: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let mut columns = Vec::new();
        for name in FACET_FIELDS {
            let Some(column) = segment.fast_fields().str(name)? else {
                columns.push(None);
                continue;
            };
            let mut values = Vec::with_capacity(column.num_terms());
            let mut stream = column.dictionary().stream()?;
            while stream.advance() {
                let value = Facet::from_encoded(stream.key().to_vec())
                    .ok()
                    .and_then(|facet| facet.to_path().first().map(|value| value.to_string()));
                values.push(value.unwrap_or_default());
            }
            columns.push(Some((column, values.into())));
        }
        Ok(SegmentFacets { columns })
    }
}

impl FacetValues {
    /// Reads every segment's facet columns and their values (a few hundred: cheap).
    pub fn read(searcher: &Searcher) -> tantivy::Result<FacetValues> {
        let mut segments = HashMap::new();
        for segment in searcher.segment_readers() {
            segments.insert(segment.segment_id(), Arc::new(SegmentFacets::read(segment)?));
        }
        let mut by_field: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
        for (at, name) in FACET_FIELDS.into_iter().enumerate() {
            let mut values: Vec<String> = segments
                .values()
                .filter_map(|facets| facets.columns.get(at)?.as_ref())
                .flat_map(|(_, values)| values.iter().filter(|value| !value.is_empty()).cloned())
                .collect();
            values.sort();
            values.dedup();
            by_field.insert(name, values);
        }
        Ok(FacetValues { by_field, segments })
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

/// Counts the values of several facet fields over the matching documents in one pass, with
/// the columns and value tables [`FacetValues`] read when the index was opened. (tantivy's
/// `FacetCollector` walks each segment's facet dictionary on every query, and looks every
/// counted value up again when it hands the counts over.)
pub struct FacetCounter<'a> {
    values: &'a FacetValues,
    /// Positions in [`FACET_FIELDS`] of the fields to count.
    wanted: Vec<usize>,
}

impl<'a> FacetCounter<'a> {
    /// Counts `fields` (names from [`FACET_FIELDS`]; others are counted as empty).
    pub fn new(values: &'a FacetValues, fields: &[&str]) -> FacetCounter<'a> {
        let wanted = fields
            .iter()
            .map(|name| FACET_FIELDS.iter().position(|known| known == name).unwrap_or(usize::MAX))
            .collect();
        FacetCounter { values, wanted }
    }
}

/// Per counted field: value → number of documents.
pub type FieldCounts = Vec<HashMap<String, u64>>;

impl Collector for FacetCounter<'_> {
    type Fruit = FieldCounts;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let facets = match self.values.segments.get(&segment.segment_id()) {
            Some(facets) => facets.clone(),
            None => Arc::new(SegmentFacets::read(segment)?),
        };
        let counts = self
            .wanted
            .iter()
            .map(|&at| match facets.columns.get(at) {
                Some(Some((_, values))) => vec![0; values.len()],
                _ => Vec::new(),
            })
            .collect();
        Ok(SegmentFacetCounter { facets, wanted: self.wanted.clone(), counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<FieldCounts>) -> tantivy::Result<FieldCounts> {
        let mut merged: FieldCounts = vec![HashMap::new(); self.wanted.len()];
        for segment in segments {
            for (into, counts) in merged.iter_mut().zip(segment) {
                for (value, count) in counts {
                    *into.entry(value).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

pub struct SegmentFacetCounter {
    facets: Arc<SegmentFacets>,
    wanted: Vec<usize>,
    counts: Vec<Vec<u64>>,
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = FieldCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (&at, counts) in self.wanted.iter().zip(&mut self.counts) {
            if let Some(Some((column, _))) = self.facets.columns.get(at) {
                for ord in column.ords().values_for_doc(doc) {
                    if let Some(count) = counts.get_mut(ord as usize) {
                        *count += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> FieldCounts {
        self.wanted
            .iter()
            .zip(self.counts)
            .map(|(&at, counts)| match self.facets.columns.get(at) {
                Some(Some((_, values))) => values
                    .iter()
                    .zip(counts)
                    .filter(|(value, count)| *count > 0 && !value.is_empty())
                    .map(|(value, count)| (value.clone(), count))
                    .collect(),
                _ => HashMap::new(),
            })
            .collect()
    }
}

/// Counts per value, sorted by count (descending) then value.
pub fn sorted_value_counts(counts: HashMap<String, u64>) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = counts.into_iter().collect();
    out.sort_by(|(a_value, a_count), (b_value, b_count)| {
        b_count.cmp(a_count).then_with(|| a_value.cmp(b_value))
    });
    out
}

/// Counts per value of tantivy's `FacetCollector`, sorted as [`sorted_value_counts`].
pub fn sorted_counts(counts: &FacetCounts) -> Vec<(String, u64)> {
    let by_value = counts.get("/").filter_map(|(facet, count)| {
        facet.to_path().first().map(|value| (value.to_string(), count))
    });
    sorted_value_counts(by_value.collect())
}
