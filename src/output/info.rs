//! `projsok info`: what an index holds, for people and as JSON.
//!
//! JSON format (one object): `index` (the folder as named), `index_from` (what named it:
//! `flag`, `environment` for `PROJSOK_INDEX`, `config` or `default`), `generation`, `schema_version`,
//! `documents`, `formats` (format → documents), `languages` (language → documents),
//! `facets` (facet → value → documents, every value, by count then name), `bytes` (of the
//! live generation's files), `segments`, `built_at` and `updated_at` (ISO 8601 UTC, `null`
//! when not recorded or never updated), `sources` (the paths of the last build or update) and
//! `analyzer`: `{"stemmer": "snowball-swedish", "compounds": true, "synonyms_built_in": 61,
//! "synonyms_file": null}`.

use std::io::{self, Write};
use std::path::Path;

use indexmap::IndexMap;
use serde::Serialize;

use super::human::{paint, BOLD};
use super::numbers::{count, decimal, grouped};
use super::visible::{escaped, escaped_list};
use super::Style;
use crate::index::schema::Facet;
use crate::search::info::IndexInfo;

/// Facet values listed per facet by the human output (JSON lists them all).
const VALUES_SHOWN: usize = 5;

/// The analysis an index is searched with: its own settings and the synonym tables of this run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analyzer {
    pub stemmer: &'static str,
    pub compounds: bool,
    pub synonyms_built_in: usize,
    pub synonyms_file: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Info<'a> {
    pub index: String,
    pub index_from: &'a str,
    pub generation: &'a str,
    pub schema_version: u32,
    pub documents: u64,
    pub formats: IndexMap<&'a str, u64>,
    pub languages: IndexMap<&'a str, u64>,
    pub facets: IndexMap<&'a str, IndexMap<&'a str, u64>>,
    pub bytes: u64,
    pub segments: usize,
    pub built_at: Option<String>,
    pub updated_at: Option<String>,
    pub sources: &'a [String],
    pub analyzer: &'a Analyzer,
}

impl<'a> Info<'a> {
    pub fn new(
        (dir, from): (&Path, &'a str),
        info: &'a IndexInfo,
        analyzer: &'a Analyzer,
    ) -> Info<'a> {
        let values = |values: &'a [(String, u64)]| {
            values.iter().map(|(value, count)| (value.as_str(), *count)).collect()
        };
        Info {
            index: dir.display().to_string(),
            index_from: from,
            generation: &info.generation,
            schema_version: info.meta.schema_version,
            documents: info.documents,
            formats: values(&info.formats),
            languages: values(languages(info)),
            facets: info
                .facets
                .iter()
                .map(|(facet, counts)| (facet.name(), values(counts)))
                .collect(),
            bytes: info.bytes,
            segments: info.segments,
            built_at: info.meta.built_at.map(iso_time),
            updated_at: info.meta.updated_at.map(iso_time),
            sources: &info.meta.sources,
            analyzer,
        }
    }
}

fn languages(info: &IndexInfo) -> &[(String, u64)] {
    info.facets
        .iter()
        .find(|(facet, _)| *facet == Facet::Lang)
        .map_or(&[], |(_, counts)| counts.as_slice())
}

/// The human description: a line per property, then a line per facet with its commonest
/// values.
pub fn write_info(
    out: &mut dyn Write,
    (dir, from): (&Path, &str),
    info: &IndexInfo,
    analyzer: &Analyzer,
    style: Style,
) -> io::Result<()> {
    let listed = |values: &[(String, u64)]| {
        let items: Vec<String> =
            values.iter().map(|(value, count)| format!("{value} {}", grouped(*count))).collect();
        match items.len() {
            0 => "–".to_string(),
            n if n > VALUES_SHOWN => {
                format!("{} · … {} more", items[..VALUES_SHOWN].join(" · "), n - VALUES_SHOWN)
            }
            _ => items.join(" · "),
        }
    };
    let label = |name: &str| paint(style, BOLD, &format!("{name:<12}"));
    writeln!(out, "{} {} ({from})", label("index"), escaped(&dir.display().to_string()))?;
    writeln!(out, "{} {}", label("documents"), grouped(info.documents))?;
    writeln!(out, "{} {}", label("formats"), listed(&info.formats))?;
    writeln!(out, "{} {}", label("languages"), listed(languages(info)))?;
    let built = match info.meta.built_at {
        Some(at) => human_time(at),
        None => "– (not recorded by the projsok that built it)".to_string(),
    };
    writeln!(out, "{} {built}", label("built"))?;
    if let Some(at) = info.meta.updated_at {
        writeln!(out, "{} {}", label("updated"), human_time(at))?;
    }
    let sources = if info.meta.sources.is_empty() {
        "– (not recorded)".to_string()
    } else {
        escaped_list(&info.meta.sources)
    };
    writeln!(out, "{} {sources}", label("from"))?;
    writeln!(
        out,
        "{} {} ({}) in {}",
        label("size"),
        count(info.bytes, "byte", "bytes"),
        size_words(info.bytes),
        count(info.segments as u64, "segment", "segments")
    )?;
    writeln!(out, "{} {} ({})", label("schema"), info.meta.schema_version, info.generation)?;
    let compounds = if analyzer.compounds { "on" } else { "off (--no-compounds)" };
    let synonyms = match &analyzer.synonyms_file {
        Some(file) => format!("built-in ({} groups) and {file}", analyzer.synonyms_built_in),
        None => format!("built-in ({} groups)", analyzer.synonyms_built_in),
    };
    writeln!(out, "{} Swedish Snowball stemmer, compound parts {compounds}", label("analyzer"))?;
    writeln!(out, "{} {synonyms}", label("synonyms"))?;
    writeln!(out, "{}", paint(style, BOLD, "facets"))?;
    for (facet, values) in &info.facets {
        let heading = format!("{facet} ({})", count(values.len() as u64, "value", "values"));
        writeln!(out, "  {heading:<20} {}", listed(values))?;
    }
    Ok(())
}

/// Bytes in the unit that reads best, Swedish decimals: "1,4 MiB".
fn size_words(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    let mut size = bytes as f64;
    if size < 1024.0 {
        return count(bytes, "byte", "bytes");
    }
    let mut unit = "B";
    for name in UNITS {
        if size < 1024.0 {
            break;
        }
        size /= 1024.0;
        unit = name;
    }
    format!("{} {unit}", decimal(size, 1))
}

/// Seconds since 1970 as ISO 8601 UTC: "2026-12-02T20:01:33Z".
pub fn iso_time(seconds: u64) -> String {
    let (date, (hour, minute, second)) = civil(seconds);
    format!("{date}T{hour:02}:{minute:02}:{second:02}Z")
}

/// Seconds since 1970 for people: "2026-12-02 20:01 UTC".
fn human_time(seconds: u64) -> String {
    let (date, (hour, minute, _)) = civil(seconds);
    format!("{date} {hour:02}:{minute:02} UTC")
}

/// The date (ISO) and time of day of a moment, by Howard Hinnant's days-to-civil algorithm.
fn civil(seconds: u64) -> (String, (u64, u64, u64)) {
    let days = (seconds / 86_400) as i64;
    let of_day = seconds % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let date = format!("{year:04}-{month:02}-{day:02}");
    (date, (of_day / 3600, of_day % 3600 / 60, of_day % 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_written_in_utc() {
        assert_eq!(iso_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_time(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_time(1_796_242_893), "2026-12-02T20:21:33Z");
        assert_eq!(human_time(1_796_242_893), "2026-12-02 20:21 UTC");
    }

    #[test]
    fn sizes_read_in_their_unit() {
        assert_eq!(size_words(1), "1 byte");
        assert_eq!(size_words(1023), "1 023 bytes");
        assert_eq!(size_words(1536), "1,5 KiB");
        assert_eq!(size_words(3 << 30), "3,0 GiB");
    }
}
