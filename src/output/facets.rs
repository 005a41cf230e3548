//! Output of `projsok facets`: document counts per facet value.
//!
//! JSON (`facets --json`), one object, values in output order (by count, then name):
//!
//! - per field: `{"region": {"Övre Norrland": 3, "Mellersta Norrland": 1}, "phase": {…}, …}`
//! - `--field grant`: `{"grant": {"0-250000": 1, "250000-500000": 0, …, "10000000-": 0,
//!   "none": 1}}`: every bracket (see `search::browse`), then the documents without ESF-stöd.
//! - `--by-region`: `{"Övre Norrland": {"count": 3, "kommun": {"Jokkmokk": 3, …}}, …}`, where
//!   `count` is the region facet's count and each kommun is counted under its document's region;
//!   kommuner that their document's region does not explain (no region, another region, or a
//!   kommun the gazetteer does not know) are under `"okänd region"`.

use std::io::{self, Write};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::human::{paint, BOLD};
use super::numbers::{count, grouped};
use super::Style;
use crate::index::schema::Facet;
use crate::search::browse::{Counts, Histogram, RegionGroup, NO_GRANT_KEY, NO_GRANT_LABEL};

/// Field → value → documents.
pub type Facets = IndexMap<String, IndexMap<String, u64>>;

/// Region → its count and kommun counts.
pub type ByRegion = IndexMap<String, Region>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    pub count: u64,
    pub kommun: IndexMap<String, u64>,
}

/// Longest bar of the histogram, in characters.
const BAR: usize = 40;

/// The `facets --json` object of `counts`, whichever form they have.
pub fn counts_json(counts: &Counts) -> serde_json::Result<serde_json::Value> {
    match counts {
        Counts::Fields { facets: counts, .. } => serde_json::to_value(facets(counts)),
        Counts::ByRegion(groups) => serde_json::to_value(by_region(groups)),
        Counts::Grant(counts) => serde_json::to_value(histogram(counts)),
    }
}

pub fn facets(counts: &[(Facet, Vec<(String, u64)>)]) -> Facets {
    counts
        .iter()
        .map(|(field, values)| (field.name().to_string(), values.iter().cloned().collect()))
        .collect()
}

pub fn histogram(histogram: &Histogram) -> Facets {
    let mut values: IndexMap<String, u64> =
        histogram.counts.iter().map(|(bracket, count)| (bracket.key.to_string(), *count)).collect();
    values.insert(NO_GRANT_KEY.to_string(), histogram.without);
    IndexMap::from([("grant".to_string(), values)])
}

pub fn by_region(groups: &[RegionGroup]) -> ByRegion {
    groups
        .iter()
        .map(|group| {
            let kommun = group.kommuner.iter().cloned().collect();
            (group.region.clone(), Region { count: group.count, kommun })
        })
        .collect()
}

/// Values and counts in two aligned columns, indented by `indent`.
fn table(out: &mut dyn Write, values: &[(String, u64)], indent: usize) -> io::Result<()> {
    let width = values.iter().map(|(value, _)| value.chars().count()).max().unwrap_or(0);
    let digits = values.iter().map(|(_, count)| grouped(*count).len()).max().unwrap_or(1);
    for (value, count) in values {
        let pad = width - value.chars().count();
        let count = grouped(*count);
        writeln!(out, "{}{value}{}  {count:>digits$}", " ".repeat(indent), " ".repeat(pad))?;
    }
    Ok(())
}

pub fn write_facets(
    out: &mut dyn Write,
    total: usize,
    counts: &[(Facet, Vec<(String, u64)>)],
    style: Style,
) -> io::Result<()> {
    writeln!(out, "{}", count(total as u64, "matching document", "matching documents"))?;
    for (field, values) in counts {
        writeln!(out)?;
        let heading = format!("{field} ({})", count(values.len() as u64, "value", "values"));
        writeln!(out, "{}", paint(style, BOLD, &heading))?;
        table(out, values, 2)?;
    }
    Ok(())
}

pub fn write_histogram(out: &mut dyn Write, histogram: &Histogram, style: Style) -> io::Result<()> {
    let matching = count(histogram.total, "matching document", "matching documents");
    let heading = format!("ESF-stöd ({matching})");
    writeln!(out, "{}", paint(style, BOLD, &heading))?;
    let mut rows: Vec<(&str, u64)> =
        histogram.counts.iter().map(|(bracket, count)| (bracket.label, *count)).collect();
    rows.push((NO_GRANT_LABEL, histogram.without));
    let width = rows.iter().map(|(label, _)| label.chars().count()).max().unwrap_or(0);
    let digits = rows.iter().map(|(_, count)| grouped(*count).len()).max().unwrap_or(1);
    let most = rows.iter().map(|(_, count)| *count).max().unwrap_or(0).max(1);
    for (label, count) in rows {
        let shown = grouped(count);
        let pad = width - label.chars().count();
        // Any non-zero count gets at least one block, so that it is seen.
        let blocks = ((count as usize * BAR).div_ceil(most as usize)).min(BAR);
        let bar = "█".repeat(blocks);
        let line = format!("  {label}{}  {shown:>digits$}  {bar}", " ".repeat(pad));
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

pub fn write_by_region(
    out: &mut dyn Write,
    groups: &[RegionGroup],
    style: Style,
) -> io::Result<()> {
    for (index, group) in groups.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        let heading = format!("{} ({})", group.region, count(group.count, "document", "documents"));
        writeln!(out, "{}", paint(style, BOLD, &heading))?;
        table(out, &group.kommuner, 2)?;
    }
    if groups.is_empty() {
        writeln!(out, "No kommuner.")?;
    }
    Ok(())
}
