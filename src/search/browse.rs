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

use super::{search, Filters, Request, Results};
use crate::analysis::synonyms::Synonyms;
use crate::error::Result;
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

fn count_only(query: &str, filters: Filters, facet_fields: Vec<&'static str>) -> Request {
    Request {
        query: query.to_string(),
        filters,
        limit: 0,
        snippets: false,
        facet_fields,
        ..Request::default()
    }
}

/// The counts of every value of `fields` over the documents matching `query` and `filters`.
pub fn facet_counts(
    index: &OpenIndex,
    synonyms: &Synonyms,
    query: &str,
    filters: &Filters,
    fields: &[&'static str],
) -> Result<Results> {
    search(index, synonyms, &count_only(query, filters.clone(), fields.to_vec()))
}

/// Kommun counts grouped under their region, regions by document count then name; kommuner
/// the gazetteer does not know come last, under [`UNKNOWN_REGION`].
pub fn by_region(
    index: &OpenIndex,
    synonyms: &Synonyms,
    query: &str,
    filters: &Filters,
) -> Result<(Vec<RegionGroup>, Vec<String>)> {
    let results = facet_counts(index, synonyms, query, filters, &["kommun"])?;
    let counts = results.facets.into_iter().next().map(|(_, counts)| counts).unwrap_or_default();
    let mut groups: Vec<RegionGroup> = Vec::new();
    let mut unknown: Vec<(String, u64)> = Vec::new();
    for (name, count) in counts {
        match places::kommun(&name) {
            Some(kommun) => match groups.iter_mut().find(|group| group.region == kommun.region) {
                Some(group) => group.kommuner.push((name, count)),
                None => groups.push(RegionGroup {
                    region: kommun.region.to_string(),
                    count: 0,
                    kommuner: vec![(name, count)],
                }),
            },
            None => unknown.push((name, count)),
        }
    }
    if !unknown.is_empty() {
        groups.push(RegionGroup {
            region: UNKNOWN_REGION.to_string(),
            count: 0,
            kommuner: unknown,
        });
    }
    for group in &mut groups {
        // A document naming several kommuner of a region counts once for the region.
        let mut narrowed = filters.clone();
        let names = group.kommuner.iter().map(|(name, _)| name.clone()).collect();
        narrowed.facets.push(("kommun", names));
        group.count =
            search(index, synonyms, &count_only(query, narrowed, Vec::new()))?.total as u64;
    }
    let unknown_last = |group: &RegionGroup| group.region == UNKNOWN_REGION;
    groups.sort_by(|a, b| {
        unknown_last(a)
            .cmp(&unknown_last(b))
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| a.region.cmp(&b.region))
    });
    Ok((groups, results.warnings))
}

/// The ESF-stöd histogram of the documents matching `query` and `filters`.
pub fn grant_histogram(
    index: &OpenIndex,
    synonyms: &Synonyms,
    query: &str,
    filters: &Filters,
) -> Result<(Histogram, Vec<String>)> {
    let all = search(index, synonyms, &count_only(query, filters.clone(), Vec::new()))?;
    let mut counts = Vec::new();
    for bracket in GRANT_BRACKETS {
        // The bracket within the user's own --min-grant/--max-grant.
        let min = bracket.min.max(filters.min_grant.unwrap_or(0));
        let max = match (bracket.max.map(|max| max - 1), filters.max_grant) {
            (Some(own), Some(user)) => Some(own.min(user)),
            (own, user) => own.or(user),
        };
        let count = if max.is_some_and(|max| max < min) {
            0
        } else {
            let narrowed = Filters { min_grant: Some(min), max_grant: max, ..filters.clone() };
            search(index, synonyms, &count_only(query, narrowed, Vec::new()))?.total as u64
        };
        counts.push((bracket, count));
    }
    let total = all.total as u64;
    let with_grant: u64 = counts.iter().map(|(_, count)| count).sum();
    let histogram = Histogram { total, counts, without: total.saturating_sub(with_grant) };
    Ok((histogram, all.warnings))
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
}
