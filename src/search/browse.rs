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

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fastfield::FacetReader;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::facets::NO_VALUE;
use super::Engine;
use super::{request_query, search, Filters, Request, RequestQuery, Results};
use crate::analysis::synonyms::Synonyms;
use crate::error::{Error, Result};
use crate::index::schema;
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
/// The group of kommuner whose document's region does not explain them: the document has no
/// region or another one, or the gazetteer does not know the kommun.
pub const UNKNOWN_REGION: &str = "okänd region";

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
    /// Matching documents of the region (the region facet's count); for [`UNKNOWN_REGION`],
    /// matching documents with a kommun counted there.
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
        let grants = segment.fast_fields().u64(schema::Number::Grant.name())?;
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

/// Counts matching documents per region facet value, and each region's kommuner: a kommun
/// counts under its document's region when the gazetteer puts it there, and under
/// [`UNKNOWN_REGION`] otherwise (the document has no region, another one, or the kommun is
/// unknown), so that no kommun count exceeds what its region explains.
struct RegionCounter;

/// Region group → (documents, kommun → documents).
type RegionCounts = HashMap<String, (u64, HashMap<String, u64>)>;

struct SegmentRegionCounter {
    regions: FacetReader,
    kommuner: FacetReader,
    region_names: Vec<String>,
    kommun_names: Vec<String>,
    counts: RegionCounts,
}

fn facet_names(reader: &FacetReader) -> tantivy::Result<Vec<String>> {
    let mut names = Vec::with_capacity(reader.num_facets());
    let mut facet = Facet::root();
    for ord in 0..reader.num_facets() as u64 {
        reader.facet_from_ord(ord, &mut facet)?;
        names.push(facet.to_path().first().map(|name| name.to_string()).unwrap_or_default());
    }
    Ok(names)
}

impl Collector for RegionCounter {
    type Fruit = RegionCounts;
    type Child = SegmentRegionCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let regions = segment.facet_reader(schema::Facet::Region.name())?;
        let kommuner = segment.facet_reader(schema::Facet::Kommun.name())?;
        let region_names = facet_names(&regions)?;
        let kommun_names = facet_names(&kommuner)?;
        Ok(SegmentRegionCounter {
            regions,
            kommuner,
            region_names,
            kommun_names,
            counts: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<RegionCounts>) -> tantivy::Result<Self::Fruit> {
        let mut merged = RegionCounts::new();
        for fruit in fruits {
            for (region, (count, kommuner)) in fruit {
                let (sum, sums) = merged.entry(region).or_default();
                *sum += count;
                for (kommun, count) in kommuner {
                    *sums.entry(kommun).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentRegionCounter {
    type Fruit = RegionCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        let region = self
            .regions
            .facet_ords(doc)
            .next()
            .and_then(|ord| self.region_names.get(ord as usize))
            .filter(|region| places::REGIONS.contains(&region.as_str()));
        if let Some(region) = region {
            self.counts.entry(region.clone()).or_default().0 += 1;
        }
        let mut unexplained = false;
        for ord in self.kommuner.facet_ords(doc) {
            let Some(kommun) = self.kommun_names.get(ord as usize) else { continue };
            let explained = region.filter(|&region| region_of(kommun) == region.as_str());
            let group = explained.map_or(UNKNOWN_REGION, String::as_str);
            unexplained |= explained.is_none();
            let (_, kommuner) = self.counts.entry(group.to_string()).or_default();
            *kommuner.entry(kommun.clone()).or_default() += 1;
        }
        if unexplained {
            self.counts.entry(UNKNOWN_REGION.to_string()).or_default().0 += 1;
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.counts
    }
}

/// The ESF region of a kommun named as the index names it, or [`UNKNOWN_REGION`].
fn region_of(kommun: &str) -> &'static str {
    places::kommun(kommun).map_or(UNKNOWN_REGION, |kommun| kommun.region)
}

/// The documents a count is over: the query as typed, its filters, and whether it is read
/// exactly (`--exact`: no corrections, no learnt acronyms), as `search` reads it.
#[derive(Debug, Clone, Copy)]
pub struct Matching<'a> {
    pub query: &'a str,
    pub filters: &'a Filters,
    pub exact: bool,
}

impl<'a> Matching<'a> {
    /// The same query under other filters.
    fn filtered(self, filters: &'a Filters) -> Matching<'a> {
        Matching { filters, ..self }
    }
}

fn count_request(matching: Matching, facet_fields: Vec<schema::Facet>) -> Request {
    Request {
        query: matching.query.to_string(),
        filters: matching.filters.clone(),
        exact: matching.exact,
        limit: 0,
        snippets: false,
        facet_fields,
        ..Request::default()
    }
}

/// The counts of every value of `fields` over the documents matching `query` and `filters`,
/// exactly as `search` counts them.
pub fn facet_counts(
    engine: &Engine,
    synonyms: &Synonyms,
    matching: Matching,
    fields: &[schema::Facet],
) -> Result<Results> {
    search(engine, synonyms, &count_request(matching, fields.to_vec()))
}

/// Kommun counts grouped under their document's region, regions by document count then name;
/// kommuner their document's region does not explain come last, under [`UNKNOWN_REGION`]. A
/// kommun's counts over the groups add up to its facet count, and a region's group count is its
/// region facet count.
pub fn by_region(
    engine: &Engine,
    synonyms: &Synonyms,
    matching: Matching,
) -> Result<(Vec<RegionGroup>, Vec<String>)> {
    let request = count_request(matching, Vec::new());
    let index = engine.index();
    let RequestQuery { query: resolved, warnings, .. } =
        request_query(engine, synonyms, &request, false)?;
    let counts = index
        .searcher()
        .search(&resolved, &RegionCounter)
        .map_err(|err| Error::index(&index.dir, err))?;
    let mut groups: Vec<RegionGroup> = counts
        .into_iter()
        .map(|(region, (count, kommuner))| {
            let mut kommuner: Vec<(String, u64)> = kommuner.into_iter().collect();
            kommuner.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            RegionGroup { region, count, kommuner }
        })
        .collect();
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
    engine: &Engine,
    synonyms: &Synonyms,
    matching: Matching,
) -> Result<(Histogram, Vec<String>)> {
    let request = count_request(matching, Vec::new());
    let index = engine.index();
    let RequestQuery { query: resolved, warnings, .. } =
        request_query(engine, synonyms, &request, false)?;
    let counts = index
        .searcher()
        .search(&resolved, &GrantCounter)
        .map_err(|err| Error::index(&index.dir, err))?;
    let total = counts.iter().sum();
    let without = counts[GRANT_BRACKETS.len()];
    let counts = GRANT_BRACKETS.iter().copied().zip(counts).collect();
    Ok((Histogram { total, counts, without }, warnings))
}

/// The counts a `facets` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FacetCount {
    /// Documents per value of these facet fields.
    Fields(Vec<schema::Facet>),
    /// Kommun counts grouped under their ESF region.
    ByRegion,
    /// A histogram of ESF-stöd.
    Grant,
}

/// The counts `facets` answers with, in the form it asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Counts {
    Fields { total: usize, facets: Vec<(schema::Facet, Vec<(String, u64)>)> },
    ByRegion(Vec<RegionGroup>),
    Grant(Histogram),
}

/// Counts what `count` asks for over the documents matching `query` and `filters` (the
/// command and the web API both ask here); returns the counts and the query's warnings.
///
/// `disjunctive` counts as a faceted page needs them: the values of a facet that filters are
/// counted without that facet's own filter (what choosing one more value would add, since
/// values of one facet are ORed), kommuner by region without the kommun filter, and each
/// facet but language ends with [`NO_VALUE`] for the documents that have no value (those the
/// filter value `okänd` keeps), when there are any.
pub fn count(
    engine: &Engine,
    synonyms: &Synonyms,
    matching: Matching,
    count: &FacetCount,
    disjunctive: bool,
) -> Result<(Counts, Vec<String>)> {
    let filters = matching.filters;
    Ok(match count {
        FacetCount::ByRegion => {
            let without_kommun;
            let matching = if disjunctive {
                without_kommun = filters.with_facet(schema::Facet::Kommun, Vec::new());
                matching.filtered(&without_kommun)
            } else {
                matching
            };
            let (groups, warnings) = by_region(engine, synonyms, matching)?;
            (Counts::ByRegion(groups), warnings)
        }
        FacetCount::Grant => {
            let (histogram, warnings) = grant_histogram(engine, synonyms, matching)?;
            (Counts::Grant(histogram), warnings)
        }
        FacetCount::Fields(fields) => {
            let results = facet_counts(engine, synonyms, matching, fields)?;
            let mut facets = results.facets;
            if disjunctive {
                for (field, values) in &mut facets {
                    let others = filters.with_facet(*field, Vec::new());
                    if filters.filters_on(*field) {
                        let own =
                            facet_counts(engine, synonyms, matching.filtered(&others), &[*field])?;
                        *values = own.facets.into_iter().next().map(|(_, v)| v).unwrap_or_default();
                    }
                    if *field != schema::Facet::Lang {
                        let without = others.with_facet(*field, vec![NO_VALUE.to_string()]);
                        let missing =
                            facet_counts(engine, synonyms, matching.filtered(&without), &[])?.total;
                        if missing > 0 {
                            values.push((NO_VALUE.to_string(), missing as u64));
                        }
                    }
                }
            }
            (Counts::Fields { total: results.total, facets }, results.warnings)
        }
    })
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
