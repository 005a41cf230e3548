//! Output of `projsok compare`: two documents side by side.
//!
//! Human output is two columns under a label column and never wider than [`WIDTH`] characters
//! (counted as characters, not bytes: å is one column). JSON (`compare --json`), one object:
//!
//! ```json
//! {"a": Header, "b": Header,
//!  "sections": [{"section": "all", "heading": "Problem description", "score": 0.19,
//!                "shared_terms": [...], "only_a": [...], "only_b": [...]},
//!               {"section": "background", "heading": "Bakgrund", ...}, ...],
//!  "kommuner_common": [...], "kommuner_only_a": [...], "kommuner_only_b": [...],
//!  "facts": {"phase": {"a": "Förprojektering", "b": "Förprojektering", "same": true},
//!            "region": ..., "owner": ..., "program": ..., "period": ...,
//!            "esf_grant_sek": {"a": 634672, "b": 150000, "same": false},
//!            "total_budget_sek": ..., "kommuner": {"a": 29, "b": 29, "same": true},
//!            "periods_overlap": false}}
//! ```
//!
//! A `Header` holds a record's header fields (`show --json` without contact details and
//! sections). `section` is `all` for the whole problem description (see `similar`), else the
//! section kind as in `show --json`; `score` is the cosine similarity of the two texts' tf-idf
//! vectors, 0 to 1. A missing header value is `null`; `same` is true when both sides have the
//! same value or both lack it. `periods_overlap` is `null` when a period is unknown.

use super::visible::escaped;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::human::{paint, period, sek, BOLD, DIM};
use super::Style;
use crate::document::Document;
use crate::search::compare::{Comparison, SectionComparison};

/// The widest line of human output, in characters.
pub const WIDTH: usize = 100;
/// The label column, then two value columns with a gap between them.
const LABEL: usize = 22;
const GAP: usize = 2;
const COLUMN: usize = (WIDTH - LABEL - GAP) / 2;
const _: () = assert!(LABEL + COLUMN + GAP + COLUMN <= WIDTH);

/// The header fields of a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub path: String,
    pub title: String,
    pub format: Option<String>,
    pub program: Option<String>,
    pub phase: Option<String>,
    pub owner: Option<String>,
    pub region: Option<String>,
    pub kommuner: Vec<String>,
    pub esf_grant_sek: Option<u64>,
    pub total_budget_sek: Option<u64>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub lang: Option<String>,
    pub inferred: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// `all` for the whole problem description, else the section kind (`background`, …).
    pub section: String,
    pub heading: String,
    pub score: f32,
    pub shared_terms: Vec<String>,
    pub only_a: Vec<String>,
    pub only_b: Vec<String>,
}

/// One header fact of both documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair<T> {
    pub a: Option<T>,
    pub b: Option<T>,
    pub same: bool,
}

impl<T: PartialEq> Pair<T> {
    fn new(a: Option<T>, b: Option<T>) -> Pair<T> {
        let same = a == b;
        Pair { a, b, same }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub phase: Pair<String>,
    pub region: Pair<String>,
    pub owner: Pair<String>,
    pub program: Pair<String>,
    /// "2009-01-01 – 2009-06-30"
    pub period: Pair<String>,
    pub esf_grant_sek: Pair<u64>,
    pub total_budget_sek: Pair<u64>,
    /// Number of kommuner each names.
    pub kommuner: Pair<usize>,
    pub periods_overlap: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Compare {
    pub a: Header,
    pub b: Header,
    pub sections: Vec<Section>,
    pub kommuner_common: Vec<String>,
    pub kommuner_only_a: Vec<String>,
    pub kommuner_only_b: Vec<String>,
    pub facts: Facts,
}

pub(crate) fn snake(value: impl Serialize) -> Option<String> {
    serde_json::to_value(value).ok().and_then(|value| value.as_str().map(str::to_string))
}

impl From<&Document> for Header {
    fn from(doc: &Document) -> Header {
        Header {
            path: doc.path.clone(),
            title: doc.title.clone(),
            format: doc.format.and_then(snake),
            program: doc.program.clone(),
            phase: doc.phase.clone(),
            owner: doc.owner.clone(),
            region: doc.region.clone(),
            kommuner: doc.kommuner.clone(),
            esf_grant_sek: doc.esf_grant_sek,
            total_budget_sek: doc.total_budget_sek,
            period_start: doc.period_start.clone(),
            period_end: doc.period_end.clone(),
            lang: doc.lang.clone(),
            inferred: doc.inferred.clone(),
        }
    }
}

/// The human heading of a compared section.
pub fn heading(section: &SectionComparison) -> &'static str {
    match section.section {
        Some(kind) => kind.heading(),
        None => "Problem description",
    }
}

impl From<&SectionComparison> for Section {
    fn from(section: &SectionComparison) -> Section {
        Section {
            section: section.section.and_then(snake).unwrap_or_else(|| "all".to_string()),
            heading: heading(section).to_string(),
            score: section.score,
            shared_terms: section.shared_terms.clone(),
            only_a: section.only_a.clone(),
            only_b: section.only_b.clone(),
        }
    }
}

/// Whether two ISO-dated periods overlap; `None` when either lacks a start or an end. ISO
/// dates compare correctly as text.
fn overlap(a: &Document, b: &Document) -> Option<bool> {
    let (a_start, a_end) = (a.period_start.as_deref()?, a.period_end.as_deref()?);
    let (b_start, b_end) = (b.period_start.as_deref()?, b.period_end.as_deref()?);
    Some(a_start <= b_end && b_start <= a_end)
}

impl Facts {
    pub fn new(a: &Document, b: &Document) -> Facts {
        Facts {
            phase: Pair::new(a.phase.clone(), b.phase.clone()),
            region: Pair::new(a.region.clone(), b.region.clone()),
            owner: Pair::new(a.owner.clone(), b.owner.clone()),
            program: Pair::new(a.program.clone(), b.program.clone()),
            period: Pair::new(period(a), period(b)),
            esf_grant_sek: Pair::new(a.esf_grant_sek, b.esf_grant_sek),
            total_budget_sek: Pair::new(a.total_budget_sek, b.total_budget_sek),
            kommuner: Pair::new(Some(a.kommuner.len()), Some(b.kommuner.len())),
            periods_overlap: overlap(a, b),
        }
    }
}

impl From<&Comparison> for Compare {
    fn from(comparison: &Comparison) -> Compare {
        Compare {
            a: Header::from(&comparison.a),
            b: Header::from(&comparison.b),
            sections: comparison.sections.iter().map(Section::from).collect(),
            kommuner_common: comparison.kommuner_common.clone(),
            kommuner_only_a: comparison.kommuner_only_a.clone(),
            kommuner_only_b: comparison.kommuner_only_b.clone(),
            facts: Facts::new(&comparison.a, &comparison.b),
        }
    }
}

/// How the numbers and lists of a section are computed, printed once above them: the
/// similarity is over every word (a common word weighs little), the shared terms are the
/// heaviest words both use, so a pair can share words and still be hardly alike.
const SIMILARITY_LEGEND: &str = "similarity: the cosine of the two texts' tf-idf vectors, 0 to 1 \
     (idf from the whole index: a word most documents use weighs almost nothing); shared terms: \
     the words both use, by their share of it";

/// A similarity with two decimals; one above 0 that would print as 0.00 is "<0.01", since
/// the texts do share words.
pub fn similarity(score: f32) -> String {
    let shown = super::numbers::decimal(f64::from(score), 2);
    if score > 0.0 && shown == "0,00" {
        "<0,01".to_string()
    } else {
        shown
    }
}

/// Splits `text` into lines of at most `width` characters, at spaces where it can; a word
/// longer than a line is cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let needed = if line_len == 0 { word.len() } else { line_len + 1 + word.len() };
            if needed <= width {
                if line_len > 0 {
                    line.push(' ');
                }
                line.extend(word.iter());
                line_len = needed;
                break;
            }
            if line_len > 0 {
                lines.push(std::mem::take(&mut line));
                line_len = 0;
                continue;
            }
            let rest = word.split_off(width);
            lines.push(word.iter().collect());
            word = rest;
        }
    }
    if line_len > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` padded with spaces to `width` characters.
pub(crate) fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(len)))
}

/// One row: a label and two cells, each wrapped in its column.
fn row(out: &mut dyn Write, label: &str, a: &str, b: &str, style: Style) -> io::Result<()> {
    let labels = wrap(label, LABEL - 1);
    let a_lines = wrap(a, COLUMN);
    let b_lines = wrap(b, COLUMN);
    let height = labels.len().max(a_lines.len()).max(b_lines.len());
    for line in 0..height {
        let label = labels.get(line).map(String::as_str).unwrap_or("");
        let a = a_lines.get(line).map(String::as_str).unwrap_or("");
        let b = b_lines.get(line).map(String::as_str).unwrap_or("");
        let text = format!("{}{}{}{b}", pad(label, LABEL), pad(a, COLUMN), " ".repeat(GAP));
        // Colour goes around the padded label so that it does not shift the columns.
        let text = text.trim_end();
        if style.color && !label.is_empty() {
            let (label_part, rest) =
                text.split_at(text.char_indices().nth(LABEL).map_or(text.len(), |(at, _)| at));
            writeln!(out, "{}{rest}", paint(style, DIM, label_part))?;
        } else {
            writeln!(out, "{text}")?;
        }
    }
    Ok(())
}

/// A labelled list wrapped to the full width, continuation lines indented under the items.
fn list(out: &mut dyn Write, label: &str, items: &[String], style: Style) -> io::Result<()> {
    let text = if items.is_empty() { "–".to_string() } else { items.join(", ") };
    let indent = LABEL;
    for (index, line) in wrap(&text, WIDTH - indent).into_iter().enumerate() {
        if index == 0 {
            writeln!(out, "{}{line}", paint(style, DIM, &pad(label, indent)))?;
        } else {
            writeln!(out, "{}{line}", " ".repeat(indent))?;
        }
    }
    Ok(())
}

fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "–".to_string())
}

pub fn write_human(out: &mut dyn Write, comparison: &Comparison, style: Style) -> io::Result<()> {
    let (a, b) = (&comparison.a, &comparison.b);
    row(out, "", "A", "B", style)?;
    row(out, "Document", &escaped(&a.path), &escaped(&b.path), style)?;
    row(out, "Title", &a.title, &b.title, style)?;
    let facts: [(&str, String, String); 8] = [
        ("Projektfas", or_dash(a.phase.clone()), or_dash(b.phase.clone())),
        ("Region", or_dash(a.region.clone()), or_dash(b.region.clone())),
        ("Projektägare", or_dash(a.owner.clone()), or_dash(b.owner.clone())),
        ("Programområde", or_dash(a.program.clone()), or_dash(b.program.clone())),
        ("Projektperiod", or_dash(period(a)), or_dash(period(b))),
        ("Beviljat ESF-stöd", or_dash(a.esf_grant_sek.map(sek)), or_dash(b.esf_grant_sek.map(sek))),
        (
            "Total projektbudget",
            or_dash(a.total_budget_sek.map(sek)),
            or_dash(b.total_budget_sek.map(sek)),
        ),
        ("Kommuner", a.kommuner.len().to_string(), b.kommuner.len().to_string()),
    ];
    for (label, a_value, b_value) in facts {
        row(out, label, &a_value, &b_value, style)?;
    }
    writeln!(out)?;
    list(
        out,
        &format!("In common ({})", comparison.kommuner_common.len()),
        &comparison.kommuner_common,
        style,
    )?;
    list(out, "Only in A", &comparison.kommuner_only_a, style)?;
    list(out, "Only in B", &comparison.kommuner_only_b, style)?;

    writeln!(out)?;
    for line in wrap(SIMILARITY_LEGEND, WIDTH) {
        writeln!(out, "{}", paint(style, DIM, &line))?;
    }
    for section in &comparison.sections {
        writeln!(out)?;
        let title = format!("{}  similarity {}", heading(section), similarity(section.score));
        writeln!(out, "{}", paint(style, BOLD, &title))?;
        list(out, "Shared terms", &section.shared_terms, style)?;
        let height = section.only_a.len().max(section.only_b.len());
        for line in 0..height {
            let label = if line == 0 { "Only in A / B" } else { "" };
            let a_term = section.only_a.get(line).map(String::as_str).unwrap_or("");
            let b_term = section.only_b.get(line).map(String::as_str).unwrap_or("");
            row(out, label, a_term, b_term, style)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("Övre Norrland och Stockholm", 13), ["Övre Norrland", "och Stockholm"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("  a  b ", 10), ["a b"]);
    }

    #[test]
    fn columns_fit_the_width() {
        let mut out = Vec::new();
        let long = "å".repeat(150);
        row(&mut out, "Projektägare med ett långt namn", &long, &long, Style { color: false })
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().all(|line| line.chars().count() <= WIDTH), "{text}");
        assert_eq!(text.lines().count(), 4);
    }

    #[test]
    fn a_similarity_above_zero_never_prints_as_zero() {
        assert_eq!(similarity(0.0), "0,00");
        assert_eq!(similarity(0.004), "<0,01");
        assert_eq!(similarity(0.005), "<0,01");
        assert_eq!(similarity(0.0051), "0,01");
        assert_eq!(similarity(0.071), "0,07");
    }

    #[test]
    fn pad_counts_characters() {
        assert_eq!(pad("åäö", 5), "åäö  ");
        assert_eq!(pad("abcdef", 3), "abcdef");
    }
}
