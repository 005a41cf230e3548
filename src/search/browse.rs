//! Facet browsing: every value of a facet field with its document count, kommun counts grouped
//! under their ESF region, and a histogram of ESF-stöd, all for a query and filters.
//!
//! The histogram's brackets are half-open intervals of whole SEK, chosen to separate the
//! small förprojekteringar (typically a few hundred thousand kronor) from the large
//! genomförandeprojekt (millions):
//!
//! | key | range |
//! |---|---|
//! | `0-250000` | under 250 000 kr |
//! | `250000-500000` | 250 000 kr up to 500 000 kr |
//! | `500000-1000000` | 0,5 up to 1 Mkr |
//! | `1000000-2000000` | 1 up to 2 Mkr |
//! | `2000000-5000000` | 2 up to 5 Mkr |
//! | `5000000-10000000` | 5 up to 10 Mkr |
//! | `10000000-` | 10 Mkr and more |
//!
//! Documents that state no ESF-stöd are counted apart.

use std::collections::HashMap;

use tantivy::collector::{Collector, FacetCollector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fastfield::FacetReader;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::facets::sorted_counts;
use super::{request_query, search, Filters, Request, Results};
use crate::analysis::synonyms::Synonyms;
use crate::error::{Error, Result};
use crate::index::OpenIndex;
use crate::places;

/// One bracket of the ESF-stöd histogram: `min` up to (not including) `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bracket {
    pub min: u64,
    pub max: Option<u64>,
    /// Stable name for JSON and scripts: "min-max" in SEK ("10000000-" when open).
    pub key: &'static str,
    /// For people.
    pub label: &'static str,
}

pub const GRANT_BRACKETS: [Bracket; 7] = [
    Bracket { min: 0, max: Some(250_000), key: "0-250000", label: "under 250 000 kr" },
    Bracket {
        min: 250_000,
        max: Some(500_000),
        key: "250000-500000",
        label: "250 000 – 500 000 kr",
    },
    Bracket { min: 500_000, max: Some(1_000_000), key: "500000-1000000", label: "0,5 – 1 Mkr" },
    Bracket { min: 1_000_000, max: Some(2_000_000), key: "1000000-2000000", label: "1 – 2 Mkr" },
    Bracket { min: 2_000_000, max: Some(5_000_000), key: "2000000-5000000", label: "2 – 5 Mkr" },
    Bracket {
        min: 5_000_000, max: Some(10_000_000), key: "5000000-10000000", label: "5 – 10 Mkr"
    },
    Bracket { min: 10_000_000, max: None, key: "10000000-", label: "10 Mkr and more" },
];

/// Key and label of the documents without an ESF-stöd.
pub const NO_GRANT_KEY: &str = "none";
pub const NO_GRANT_LABEL: &str = "not stated";
/// The group of kommuner the gazetteer does not know.
pub const UNKNOWN_REGION: &str = "(unknown region)";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histogram {
    /// Matching documents.
    pub total: u64,
    /// Count per bracket, in [`GRANT_BRACKETS`] order.
    pub counts: Vec<(Bracket, u64)>,
    /// Matching documents that state no ESF-stöd.
    pub without: u64,
}

/// Kommun counts of one ESF region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionGroup {
    pub region: String,
    /// Matching documents that name at least one kommun of the region.
    pub count: u64,
    /// (kommun, documents), by count then name.
    pub kommuner: Vec<(String, u64)>,
}

/// The index of the bracket `grant` falls in.
fn bracket_of(grant: u64) -> usize {
    GRANT_BRACKETS
        .iter()
        .position(|bracket| bracket.max.is_none_or(|max| grant < max))
        .unwrap_or(GRANT_BRACKETS.len() - 1)
}

/// Counts matching documents per ESF-stöd bracket, the last slot for those without one.
struct GrantCounter;

struct SegmentGrantCounter {
    grants: Column<u64>,
    counts: Vec<u64>,
}

impl Collector for GrantCounter {
    type Fruit = Vec<u64>;
    type Child = SegmentGrantCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let grants = segment.fast_fields().u64("esf_grant_sek")?;
        Ok(SegmentGrantCounter { grants, counts: vec![0; GRANT_BRACKETS.len() + 1] })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u64>>) -> tantivy::Result<Vec<u64>> {
        let mut counts = vec![0; GRANT_BRACKETS.len() + 1];
        for fruit in fruits {
            counts.iter_mut().zip(fruit).for_each(|(sum, count)| *sum += count);
        }
        Ok(counts)
    }
}

impl SegmentCollector for SegmentGrantCounter {
    type Fruit = Vec<u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let slot = self.grants.first(doc).map(bracket_of).unwrap_or(GRANT_BRACKETS.len());
        self.counts[slot] += 1;
    }

    fn harvest(self) -> Vec<u64> {
        self.counts
    }
}

/// Counts matching documents per ESF region of the kommuner they name: a document naming
/// several kommuner of one region counts once for it.
struct RegionCounter;

struct SegmentRegionCounter {
    kommuner: FacetReader,
    /// Region of each kommun facet ordinal of the segment (an index into `regions`).
    region_of_ord: Vec<usize>,
    regions: Vec<String>,
    counts: Vec<u64>,
    seen: Vec<bool>,
}

impl Collector for RegionCounter {
    type Fruit = HashMap<String, u64>;
    type Child = SegmentRegionCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let kommuner = segment.facet_reader("kommun")?;
        let mut regions: Vec<String> = Vec::new();
        let mut region_of_ord = Vec::with_capacity(kommuner.num_facets());
        let mut facet = Facet::root();
        for ord in 0..kommuner.num_facets() as u64 {
            kommuner.facet_from_ord(ord, &mut facet)?;
            let name = facet.to_path().first().map(|name| name.to_string()).unwrap_or_default();
            let region = region_of(&name);
            let index = match regions.iter().position(|known| *known == region) {
                Some(index) => index,
                None => {
                    regions.push(region.to_string());
                    regions.len() - 1
                }
            };
            region_of_ord.push(index);
        }
        let counts = vec![0; regions.len()];
        let seen = vec![false; regions.len()];
        Ok(SegmentRegionCounter { kommuner, region_of_ord, regions, counts, seen })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<String, u64>>) -> tantivy::Result<Self::Fruit> {
        let mut merged = HashMap::new();
        for fruit in fruits {
            for (region, count) in fruit {
                *merged.entry(region).or_default() += count;
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentRegionCounter {
    type Fruit = HashMap<String, u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.seen.iter_mut().for_each(|seen| *seen = false);
        for ord in self.kommuner.facet_ords(doc) {
            if let Some(&region) = self.region_of_ord.get(ord as usize) {
                if !self.seen[region] {
                    self.seen[region] = true;
                    self.counts[region] += 1;
                }
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.regions.into_iter().zip(self.counts).filter(|(_, count)| *count > 0).collect()
    }
}

/// The ESF region of a kommun named as the index names it, or [`UNKNOWN_REGION`].
fn region_of(kommun: &str) -> &'static str {
    places::kommun(kommun).map_or(UNKNOWN_REGION, |kommun| kommun.region)
}

fn count_request(query: &str, filters: &Filters, facet_fields: Vec<&'static str>) -> Request {
    Request {
        query: query.to_string(),
        filters: filters.clone(),
        limit: 0,
        snippets: false,
        facet_fields,
        ..Request::default()
    }
}

/// The counts of every value of `fields` over the documents matching `query` and `filters`,
/// exactly as `search` counts them.
pub fn facet_counts(
    index: &OpenIndex,
    synonyms: &Synonyms,
    query: &str,
    filters: &Filters,
    fields: &[&'static str],
) -> Result<Results> {
    search(index, synonyms, &count_request(query, filters, fields.to_vec()))
}

/// Kommun counts grouped under their region, regions by document count then name; kommuner
/// the gazetteer does not know come last, under [`UNKNOWN_REGION`].
pub fn by_region(
    index: &OpenIndex,
    synonyms: &Synonyms,
    query: &str,
    filters: &Filters,
) -> Result<(Vec<RegionGroup>, Vec<String>)> {
    let request = count_request(query, filters, Vec::new());
    let (resolved, warnings) = request_query(index, synonyms, &request, false)?;
    let mut kommun_counts = FacetCollector::for_field("kommun");
    kommun_counts.add_facet(Facet::root());
    let (kommun_counts, region_counts) = index
        .searcher()
        .search(&resolved, &(kommun_counts, RegionCounter))
        .map_err(|err| Error::index(&index.dir, err))?;
    let mut groups: Vec<RegionGroup> = Vec::new();
    for (name, count) in sorted_counts(&kommun_counts) {
        let region = region_of(&name);
        match groups.iter_mut().find(|group| group.region == region) {
            Some(group) => group.kommuner.push((name, count)),
            None => groups.push(RegionGroup {
                region: region.to_string(),
                count: region_counts.get(region).copied().unwrap_or_default(),
                kommuner: vec![(name, count)],
            }),
        }
    }
    let unknown_last = |group: &RegionGroup| group.region == UNKNOWN_REGION;
    groups.sort_by(|a, b| {
        unknown_last(a)
            .cmp(&unknown_last(b))
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| a.region.cmp(&b.region))
    });
    Ok((groups, warnings))
}

/// The ESF-stöd histogram of the documents matching `query` and `filters`.
pub fn grant_histogram(
    index: &OpenIndex,
    synonyms: &Synonyms,
    query: &str,
    filters: &Filters,
) -> Result<(Histogram, Vec<String>)> {
    let request = count_request(query, filters, Vec::new());
    let (resolved, warnings) = request_query(index, synonyms, &request, false)?;
    let counts = index
        .searcher()
        .search(&resolved, &GrantCounter)
        .map_err(|err| Error::index(&index.dir, err))?;
    let total = counts.iter().sum();
    let without = counts[GRANT_BRACKETS.len()];
    let counts = GRANT_BRACKETS.iter().copied().zip(counts).collect();
    Ok((Histogram { total, counts, without }, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_are_contiguous_and_keys_match_bounds() {
        for pair in GRANT_BRACKETS.windows(2) {
            assert_eq!(pair[0].max, Some(pair[1].min));
        }
        assert_eq!(GRANT_BRACKETS[0].min, 0);
        assert_eq!(GRANT_BRACKETS.last().unwrap().max, None);
        for bracket in GRANT_BRACKETS {
            let max = bracket.max.map(|max| max.to_string()).unwrap_or_default();
            assert_eq!(bracket.key, format!("{}-{max}", bracket.min));
        }
    }

    #[test]
    fn grants_fall_in_half_open_brackets() {
        assert_eq!(bracket_of(0), 0);
        assert_eq!(bracket_of(249_999), 0);
        assert_eq!(bracket_of(250_000), 1);
        assert_eq!(bracket_of(634_672), 2);
        assert_eq!(bracket_of(5_978_228), 5);
        assert_eq!(bracket_of(10_000_000), 6);
        assert_eq!(bracket_of(u64::MAX), 6);
    }
}
