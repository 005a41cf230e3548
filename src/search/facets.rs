//! Facet values present in the index, and facet counts over a result set.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use foldhash::fast::FixedState;
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

/// Per counted field: (value, number of documents), sorted as [`sorted_value_counts`].
pub type FieldCounts = Vec<Vec<(String, u64)>>;

/// One segment's counts per counted field: its value table and a count per value (`None`
/// when the segment has no such column).
pub type SegmentCounts = Vec<Option<(Arc<[String]>, Vec<u64>)>>;

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
        Ok(SegmentFacetCounter {
            facets,
            wanted: self.wanted.clone(),
            counts,
            pending: Vec::with_capacity(BATCH),
            scratch: Scratch::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentCounts>) -> tantivy::Result<FieldCounts> {
        let mut merged: Vec<HashMap<&str, u64, FixedState>> =
            vec![HashMap::default(); self.wanted.len()];
        for segment in &segments {
            for (into, counts) in merged.iter_mut().zip(segment) {
                let Some((values, counts)) = counts else { continue };
                for (value, &count) in values.iter().zip(counts) {
                    if count > 0 && !value.is_empty() {
                        *into.entry(value.as_str()).or_default() += count;
                    }
                }
            }
        }
        Ok(merged
            .into_iter()
            .map(|counts| {
                sorted_value_counts(
                    counts.into_iter().map(|(value, count)| (value.to_string(), count)).collect(),
                )
            })
            .collect())
    }
}

/// Documents whose facet values are looked up together: tantivy's columns find the values of
/// a sorted run of documents block by block, several times faster than one by one.
const BATCH: usize = 64;

pub struct SegmentFacetCounter {
    facets: Arc<SegmentFacets>,
    wanted: Vec<usize>,
    counts: Vec<Vec<u64>>,
    /// Matching documents not counted yet, in increasing order.
    pending: Vec<DocId>,
    scratch: Scratch,
}

/// Buffers reused from batch to batch.
#[derive(Default)]
struct Scratch {
    docs: Vec<DocId>,
    rows: Vec<u32>,
    ords: Vec<u64>,
}

impl SegmentFacetCounter {
    fn count_pending(&mut self) {
        let Scratch { docs, rows, ords } = &mut self.scratch;
        for (&at, counts) in self.wanted.iter().zip(&mut self.counts) {
            let Some(Some((column, _))) = self.facets.columns.get(at) else { continue };
            let column = column.ords();
            docs.clear();
            rows.clear();
            column.index.docids_to_rowids(&self.pending, docs, rows);
            ords.clear();
            ords.resize(rows.len(), 0);
            column.values.get_vals(rows, ords);
            for &ord in ords.iter() {
                if let Some(count) = counts.get_mut(ord as usize) {
                    *count += 1;
                }
            }
        }
        self.pending.clear();
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.pending.push(doc);
        if self.pending.len() == BATCH {
            self.count_pending();
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for chunk in docs.chunks(BATCH) {
            self.pending.extend_from_slice(chunk);
            if self.pending.len() >= BATCH {
                self.count_pending();
            }
        }
    }

    fn harvest(mut self) -> SegmentCounts {
        self.count_pending();
        let facets = self.facets;
        self.wanted
            .iter()
            .zip(self.counts)
            .map(|(&at, counts)| match facets.columns.get(at) {
                Some(Some((_, values))) => Some((Arc::clone(values), counts)),
                _ => None,
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
