//! Trends: how the documents a request matches spread over the years of their project period,
//! or over the values of one facet, counted in one pass over the matches' fast columns (no
//! record is read).
//!
//! A document's years are those of its project period (every year from start to end, or the
//! start year alone with [`YearCount::Start`]). A document without a period (a press release,
//! a bill) has its year inferred at index time from its front matter `date:` or the folder it
//! lies in (a `YYYY` folder, as in `pressmeddelanden/2024/03/…`), counted and marked as
//! inferred. The years are the index's `first_year` and `last_year` columns, the ones every
//! year filter reads, so that a bar and the search with its year give the same documents. The
//! rest are counted apart ([`Trend::without`]), never dropped, so that in start mode the buckets
//! and the rest add up to the number of matches.
//!
//! With `share`, each bucket also holds how many documents of the same filters (and no query)
//! are in it, so that a topic's rise can be told from the corpus growing.

use std::collections::BTreeMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::Facet as FacetPath;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::budget::Checked;
use super::{request_query, Engine, Request};
use crate::analysis::synonyms::Synonyms;
use crate::error::{Error, Result};
use crate::index::schema::{Facet, Number, FIRST_YEAR, LAST_YEAR};

/// What the buckets are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrendBy {
    Year,
    Facet(Facet),
}

/// How a project period is counted per year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum YearCount {
    /// In every year the project is active.
    #[default]
    Active,
    /// In its start year only: each document once.
    Start,
}

/// A trend request: the documents of `search` (its limit, offset and sort play no part).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendRequest {
    pub search: Request,
    pub by: TrendBy,
    pub count: YearCount,
    pub share: bool,
}

/// One bucket: a year (as digits) or a facet value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub label: String,
    /// Matching documents in the bucket.
    pub count: u64,
    /// Of `count`, those whose year was inferred from their folder.
    pub inferred: u64,
    /// With `share`: the documents of the same filters without the query in the bucket.
    pub of_all: Option<u64>,
}

impl Bucket {
    /// `count` as a share of `of_all`, when both are known and `of_all` is not 0.
    pub fn share(&self) -> Option<f64> {
        self.of_all.filter(|all| *all > 0).map(|all| self.count as f64 / all as f64)
    }
}

#[derive(Debug, Clone)]
pub struct Trend {
    pub by: TrendBy,
    pub count: YearCount,
    /// Documents the request matches (as `search` counts them).
    pub total: usize,
    /// Years in order, every year between the first and the last (empty years at 0); facet
    /// values by count, then value.
    pub buckets: Vec<Bucket>,
    /// The matches with no year (or no value of the facet).
    pub without: Bucket,
    pub warnings: Vec<String>,
}

/// Counts the matches of `request` per bucket.
pub fn trend(engine: &Engine, synonyms: &Synonyms, request: &TrendRequest) -> Result<Trend> {
    let matched = count(engine, synonyms, &request.search, request)?;
    let background = match request.share {
        true => {
            let all = Request { query: String::new(), ..request.search.clone() };
            Some(count(engine, synonyms, &all, request)?.counts)
        }
        false => None,
    };
    let of_all = |key: &Key| background.as_ref().map(|all| all.get(key).map_or(0, |c| c.count));
    let mut buckets: Vec<Bucket> = Vec::new();
    let mut without =
        Bucket { label: String::new(), count: 0, inferred: 0, of_all: of_all(&Key::Without) };
    let mut keys: Vec<&Key> = matched.counts.keys().collect();
    if request.by == TrendBy::Year {
        // Every year between the first and the last, so a chart's gaps are years at 0.
        let years: Vec<u64> = keys
            .iter()
            .filter_map(|key| if let Key::Year(y) = key { Some(*y) } else { None })
            .collect();
        if let (Some(&first), Some(&last)) = (years.iter().min(), years.iter().max()) {
            for year in first..=last {
                let key = Key::Year(year);
                let counted = matched.counts.get(&key).copied().unwrap_or_default();
                buckets.push(Bucket {
                    label: year.to_string(),
                    count: counted.count,
                    inferred: counted.inferred,
                    of_all: of_all(&key),
                });
            }
        }
    } else {
        keys.sort_by(|a, b| {
            let count = |key: &Key| matched.counts[key].count;
            count(b).cmp(&count(a)).then_with(|| a.cmp(b))
        });
        for key in keys {
            if let Key::Value(value) = key {
                let counted = matched.counts[key];
                buckets.push(Bucket {
                    label: value.clone(),
                    count: counted.count,
                    inferred: counted.inferred,
                    of_all: of_all(key),
                });
            }
        }
    }
    if let Some(counted) = matched.counts.get(&Key::Without) {
        without.count = counted.count;
    }
    Ok(Trend {
        by: request.by,
        count: request.count,
        total: matched.total,
        buckets,
        without,
        warnings: matched.warnings,
    })
}

/// A bucket's key while counting.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key {
    Year(u64),
    Value(String),
    Without,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counted {
    count: u64,
    inferred: u64,
}

struct Counts {
    total: usize,
    counts: BTreeMap<Key, Counted>,
    warnings: Vec<String>,
}

fn count(
    engine: &Engine,
    synonyms: &Synonyms,
    search: &Request,
    request: &TrendRequest,
) -> Result<Counts> {
    let index = engine.index();
    let searcher = index.searcher();
    let resolved = request_query(engine, synonyms, search, false)?;
    let collector = BucketCollector { by: request.by, count: request.count };
    let counts = searcher
        .search(&*resolved.query, &Checked::new(collector))
        .map_err(|err| Error::index(&index.dir, err))?;
    Ok(Counts { total: resolved.matches, counts, warnings: resolved.warnings })
}

pub use crate::document::folder_year;

struct BucketCollector {
    by: TrendBy,
    count: YearCount,
}

struct SegmentBuckets {
    by: TrendBy,
    count: YearCount,
    /// The years every year filter reads too (see [`crate::document::Document::counted_years`]).
    first: Option<Column<u64>>,
    last: Option<Column<u64>>,
    /// Whether the document has a period: without one its years were inferred.
    start: Option<Column<u64>>,
    end: Option<Column<u64>>,
    facet: Option<StrColumn>,
    /// Per facet value ordinal of the segment, its documents.
    by_ord: Vec<u64>,
    counts: BTreeMap<Key, Counted>,
}

impl Collector for BucketCollector {
    type Fruit = BTreeMap<Key, Counted>;
    type Child = SegmentBuckets;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentBuckets> {
        let fast = segment.fast_fields();
        let year = |name: &str| match self.by {
            TrendBy::Year => fast.u64(name).ok(),
            TrendBy::Facet(_) => None,
        };
        let (first, last) = (year(FIRST_YEAR), year(LAST_YEAR));
        let (start, end) = (year(Number::StartYear.name()), year(Number::EndYear.name()));
        let facet = match self.by {
            TrendBy::Year => None,
            TrendBy::Facet(facet) => fast.str(facet.name())?,
        };
        let by_ord = vec![0; facet.as_ref().map_or(0, |column| column.num_terms())];
        Ok(SegmentBuckets {
            by: self.by,
            count: self.count,
            first,
            last,
            start,
            end,
            facet,
            by_ord,
            counts: BTreeMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut merged: BTreeMap<Key, Counted> = BTreeMap::new();
        for fruit in fruits {
            for (key, counted) in fruit {
                let into = merged.entry(key).or_default();
                into.count += counted.count;
                into.inferred += counted.inferred;
            }
        }
        Ok(merged)
    }
}

impl SegmentBuckets {
    fn add(&mut self, key: Key, inferred: bool) {
        let counted = self.counts.entry(key).or_default();
        counted.count += 1;
        counted.inferred += u64::from(inferred);
    }
}

impl SegmentCollector for SegmentBuckets {
    type Fruit = BTreeMap<Key, Counted>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let TrendBy::Facet(_) = self.by {
            let mut any = false;
            if let Some(column) = &self.facet {
                for ord in column.term_ords(doc) {
                    if let Some(slot) = self.by_ord.get_mut(ord as usize) {
                        *slot += 1;
                        any = true;
                    }
                }
            }
            if !any {
                self.add(Key::Without, false);
            }
            return;
        }
        let first = self.first.as_ref().and_then(|column| column.first(doc));
        let last = self.last.as_ref().and_then(|column| column.first(doc));
        let Some(first) = first else { return self.add(Key::Without, false) };
        let last = last.unwrap_or(first).max(first);
        let has =
            |column: &Option<Column<u64>>| column.as_ref().and_then(|c| c.first(doc)).is_some();
        let inferred = !has(&self.start) && !has(&self.end);
        let last = if self.count == YearCount::Start { first } else { last };
        for year in first..=last {
            self.add(Key::Year(year), inferred);
        }
    }

    fn harvest(mut self) -> Self::Fruit {
        if let Some(column) = &self.facet {
            let mut bytes = Vec::new();
            for (ord, &docs) in self.by_ord.iter().enumerate() {
                if docs == 0 {
                    continue;
                }
                bytes.clear();
                if column.dictionary().ord_to_term(ord as u64, &mut bytes).unwrap_or(false) {
                    let value = FacetPath::from_encoded(bytes.clone())
                        .ok()
                        .and_then(|facet| facet.to_path().first().map(|value| value.to_string()))
                        .unwrap_or_default();
                    let counted = self.counts.entry(Key::Value(value)).or_default();
                    counted.count += docs;
                }
            }
        }
        self.counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_folder_dates_a_document() {
        assert_eq!(folder_year("g0vse/pressmeddelanden/2024/03/ett.md"), Some(2024));
        assert_eq!(folder_year("arkiv/2019/x/2021/ett.md"), Some(2021));
        assert_eq!(folder_year("uttalanden/20222/11/ett.md"), None);
        assert_eq!(folder_year("prop.-20181964.md"), None);
        assert_eq!(folder_year("seeds/2024.txt"), None);
        assert_eq!(folder_year("gamla/1066/ett.md"), None);
    }
}
