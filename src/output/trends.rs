//! Output of `projsok trends`: a bar chart for people, CSV, and JSON.
//!
//! JSON (`trends --json`, and `/api/trends`), one object:
//! `{"query": "…", "by": "year", "count": "active", "total": 12, "buckets": [{"label": "2015",
//! "count": 3, "inferred": 0, "all": 10, "share": 0.3}, …], "without": {"label": "utan år",
//! "count": 1, "inferred": 0}, "warnings": ["…"]}`: `by` is `year`, `region`, `phase`,
//! `program` or `kommun`; `count` (`active` or `start`) only by year; `all` and `share` only
//! with `--share` (`share` absent where `all` is 0). `inferred` counts the documents whose year came from their folder;
//! `warnings` are those the command prints (a corrected query first).
//!
//! CSV: `bucket,count,inferred` (with `--share` also `all,share`), one row per bucket, then the
//! row of the documents without a year or value.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::human::{paint, BOLD, HIGHLIGHT};
use super::numbers::{count, decimal, grouped};
use super::Style;
use crate::index::schema::Facet;
use crate::search::trends::{Bucket as TrendBucket, Trend, TrendBy, YearCount};

/// Longest bar, in characters.
const BAR: usize = 40;

/// The label of the documents without a year or value.
pub fn without_label(by: TrendBy) -> &'static str {
    match by {
        TrendBy::Year => "utan år",
        TrendBy::Facet(Facet::Region) => "utan region",
        TrendBy::Facet(Facet::Phase) => "utan fas",
        TrendBy::Facet(Facet::Program) => "utan programområde",
        TrendBy::Facet(Facet::Kommun) => "utan kommun",
        TrendBy::Facet(_) => "utan värde",
    }
}

pub fn by_name(by: TrendBy) -> &'static str {
    match by {
        TrendBy::Year => "year",
        TrendBy::Facet(facet) => facet.name(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trends {
    pub query: String,
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<String>,
    pub total: usize,
    pub buckets: Vec<Bucket>,
    pub without: Bucket,
    /// What the command says on standard error: a corrected query, words left out.
    #[serde(default)]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    pub label: String,
    pub count: u64,
    pub inferred: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
}

impl From<&TrendBucket> for Bucket {
    fn from(bucket: &TrendBucket) -> Bucket {
        Bucket {
            label: bucket.label.clone(),
            count: bucket.count,
            inferred: bucket.inferred,
            all: bucket.of_all,
            share: bucket.share(),
        }
    }
}

impl Trends {
    pub fn new(query: &str, trend: &Trend) -> Trends {
        let mut without = Bucket::from(&trend.without);
        without.label = without_label(trend.by).to_string();
        Trends {
            query: query.to_string(),
            by: by_name(trend.by).to_string(),
            count: (trend.by == TrendBy::Year).then(|| count_name(trend.count).to_string()),
            total: trend.total,
            buckets: trend.buckets.iter().map(Bucket::from).collect(),
            without,
            warnings: trend.warnings.clone(),
        }
    }
}

fn count_name(count: YearCount) -> &'static str {
    match count {
        YearCount::Active => "active",
        YearCount::Start => "start",
    }
}

pub fn write_csv(out: &mut dyn Write, trend: &Trend, share: bool) -> io::Result<()> {
    let wire = Trends::new("", trend);
    let mut header = vec!["bucket".to_string(), "count".to_string(), "inferred".to_string()];
    if share {
        header.extend(["all".to_string(), "share".to_string()]);
    }
    let mut rows = vec![header];
    for bucket in wire.buckets.iter().chain([&wire.without]) {
        let mut row =
            vec![bucket.label.clone(), bucket.count.to_string(), bucket.inferred.to_string()];
        if share {
            row.push(bucket.all.map(|all| all.to_string()).unwrap_or_default());
            row.push(bucket.share.map(|share| format!("{share:.6}")).unwrap_or_default());
        }
        rows.push(row);
    }
    super::write_csv(out, &rows)
}

pub fn write_human(
    out: &mut dyn Write,
    trend: &Trend,
    share: bool,
    style: Style,
) -> io::Result<()> {
    let what = match trend.by {
        TrendBy::Year => match trend.count {
            YearCount::Active => "per year of the project period (every year active)".to_string(),
            YearCount::Start => "per start year of the project period".to_string(),
        },
        TrendBy::Facet(facet) => format!("per {}", facet.name()),
    };
    let heading =
        format!("{}, {what}", count(trend.total as u64, "matching document", "matching documents"));
    writeln!(out, "{}", paint(style, BOLD, &heading))?;
    let without =
        TrendBucket { label: without_label(trend.by).to_string(), ..trend.without.clone() };
    let rows: Vec<&TrendBucket> = trend.buckets.iter().chain([&without]).collect();
    let width = rows.iter().map(|bucket| bucket.label.chars().count()).max().unwrap_or(0);
    let digits = rows.iter().map(|bucket| grouped(bucket.count).len()).max().unwrap_or(1);
    let all_digits = rows
        .iter()
        .filter_map(|bucket| bucket.of_all)
        .map(|all| grouped(all).len())
        .max()
        .unwrap_or(1);
    // Bars measure the share when shares are asked for, else the count; the documents without
    // a year get no bar (they are no point of the trend).
    let size = |bucket: &TrendBucket| -> f64 {
        if share {
            bucket.share().unwrap_or(0.0)
        } else {
            bucket.count as f64
        }
    };
    let most = trend.buckets.iter().map(size).fold(0.0, f64::max);
    for (at, bucket) in rows.iter().enumerate() {
        let is_without = at == rows.len() - 1;
        let pad = width - bucket.label.chars().count();
        let mut line =
            format!("  {}{}  {:>digits$}", bucket.label, " ".repeat(pad), grouped(bucket.count));
        if share {
            let all = bucket.of_all.map(grouped).unwrap_or_default();
            let percent = bucket
                .share()
                .map(|share| format!("{} %", decimal(share * 100.0, 1)))
                .unwrap_or_else(|| "–".to_string());
            line.push_str(&format!(" of {all:>all_digits$}  {percent:>7}"));
        }
        if !is_without && most > 0.0 {
            let value = size(bucket);
            let blocks = if value > 0.0 {
                ((value / most * BAR as f64).ceil() as usize).clamp(1, BAR)
            } else {
                0
            };
            line.push_str("  ");
            line.push_str(&paint(style, HIGHLIGHT, &"█".repeat(blocks)));
        }
        if bucket.inferred > 0 {
            line.push_str(&format!("  ({} inferred)", grouped(bucket.inferred)));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    if trend.buckets.iter().any(|bucket| bucket.inferred > 0) {
        let note = "inferred: no project period; the year of the document's YYYY folder";
        writeln!(out, "{}", paint(style, super::human::DIM, note))?;
    }
    Ok(())
}
