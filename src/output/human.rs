//! Human-readable output: compact, one block per hit, facet counts at the end.

use super::visible::{escaped, escaped_list};
use std::io::{self, Write};

use super::json::marked_snippet;
use super::numbers::{count, grouped};
use super::Style;
use crate::document::{Document, Format, SectionKind};
use crate::search::collapse::Version;
use crate::search::{Hit, Results, SortValue};

pub(crate) const BOLD: &str = "\x1b[1m";
pub(crate) const DIM: &str = "\x1b[2m";
pub(crate) const HIGHLIGHT: &str = "\x1b[1;33m";
const RESET: &str = "\x1b[0m";
/// Kommuner listed on a hit line before "and N more".
const KOMMUNER_SHOWN: usize = 5;
/// Facet values listed per field after a search.
const FACET_VALUES_SHOWN: usize = 10;
/// The line above the first hit, ranked by score, that lacks a word of the query.
pub const MOST_WORDS: &str = "Documents with most of the words, not all:";

pub(crate) fn paint(style: Style, code: &str, text: &str) -> String {
    if style.color {
        format!("{code}{text}{RESET}")
    } else {
        text.to_string()
    }
}

/// "Arjeplog, Arvidsjaur, Bjurholm, Boden, Dorotea and 24 more"
pub fn short_list(items: &[String], shown: usize) -> String {
    if items.len() <= shown {
        return items.join(", ");
    }
    format!("{} and {} more", items[..shown].join(", "), items.len() - shown)
}

pub(crate) fn period(doc: &Document) -> Option<String> {
    match (&doc.period_start, &doc.period_end) {
        (Some(start), Some(end)) => Some(format!("{start} – {end}")),
        (Some(start), None) => Some(format!("from {start}")),
        (None, Some(end)) => Some(format!("until {end}")),
        (None, None) => None,
    }
}

fn inferred_mark(doc: &Document, field: &str) -> &'static str {
    if doc.inferred.iter().any(|name| name == field) {
        " (inferred)"
    } else {
        ""
    }
}

/// An amount of SEK: 5978228 → "5 978 228 kr".
pub fn sek(amount: u64) -> String {
    format!("{} kr", super::numbers::grouped(amount))
}

pub fn write_search(
    out: &mut dyn Write,
    results: &Results,
    offset: usize,
    style: Style,
) -> io::Result<()> {
    // Ranked by score, the documents with every word come first: the line where they end.
    let ranked = results.hits.iter().all(|hit| hit.sort_value.is_none() && hit.score.is_some());
    let every_word_ends = (ranked && results.with_every_word < results.total)
        .then(|| results.with_every_word.checked_sub(offset))
        .flatten()
        .filter(|end| *end < results.hits.len());
    for (rank, hit) in results.hits.iter().enumerate() {
        if every_word_ends == Some(rank) {
            writeln!(out, "{}\n", paint(style, BOLD, MOST_WORDS))?;
        }
        let doc = &hit.doc;
        let title = paint(style, BOLD, &doc.title);
        match ranked_by(hit) {
            Some(value) => {
                writeln!(out, "{}. {title}  {}", offset + rank + 1, paint(style, DIM, &value))?
            }
            None => writeln!(out, "{}. {title}", offset + rank + 1)?,
        }
        let mut facts = vec![escaped(&doc.path).into_owned()];
        if let Some(region) = &doc.region {
            facts.push(format!("{region}{}", inferred_mark(doc, "region")));
        }
        facts.extend(doc.phase.clone());
        facts.extend(period(doc));
        writeln!(out, "   {}", facts.join(" · "))?;
        if !doc.kommuner.is_empty() {
            writeln!(
                out,
                "   Kommuner{}: {}",
                inferred_mark(doc, "kommuner"),
                short_list(&doc.kommuner, KOMMUNER_SHOWN)
            )?;
        }
        if let Some(snippet) = &hit.snippet {
            let (open, close) = if style.color { (HIGHLIGHT, RESET) } else { ("«", "»") };
            writeln!(
                out,
                "   {}: {}",
                snippet.section.heading(),
                marked_snippet(snippet, open, close)
            )?;
        }
        if let Some(versions) = hit.versions.as_ref().filter(|versions| !versions.is_empty()) {
            let and = count(versions.len() as u64, "version", "versions");
            writeln!(
                out,
                "   {}",
                paint(style, DIM, &format!("and {and}: {}", escaped_list(versions)))
            )?;
        }
        writeln!(out)?;
    }
    let shown = if results.hits.is_empty() {
        String::new()
    } else {
        let (first, last) = (offset + 1, offset + results.hits.len());
        format!(", showing {}–{}", grouped(first as u64), grouped(last as u64))
    };
    // A collapse counts clusters, the split documents: it is left out.
    let split = if results.with_every_word < results.total && results.documents.is_none() {
        format!(
            " ({} with every word, {} with most)",
            grouped(results.with_every_word as u64),
            grouped((results.total - results.with_every_word) as u64)
        )
    } else {
        String::new()
    };
    let matching = match results.documents {
        Some(documents) => format!(
            "{} ({} before collapsing near-duplicates)",
            count(results.total as u64, "matching document", "matching documents"),
            grouped(documents as u64)
        ),
        None => count(results.total as u64, "matching document", "matching documents"),
    };
    writeln!(out, "{matching}{split}{shown}")?;
    for (field, counts) in &results.facets {
        if counts.is_empty() {
            continue;
        }
        let listed: Vec<String> = counts
            .iter()
            .take(FACET_VALUES_SHOWN)
            .map(|(value, count)| format!("{value} {}", grouped(*count)))
            .collect();
        let more = counts.len().saturating_sub(FACET_VALUES_SHOWN);
        let more = if more > 0 { format!(" · … {more} more") } else { String::new() };
        writeln!(out, "{}: {}{more}", paint(style, BOLD, field.name()), listed.join(" · "))?;
    }
    Ok(())
}

/// What the hit is ranked by, as the hit line shows it: "score 24,60", "ESF-stöd 5 978 228
/// kr", "start 2008-05-15"; `None` where nothing was ranked.
fn ranked_by(hit: &Hit) -> Option<String> {
    let missing = || "–".to_string();
    match &hit.sort_value {
        Some(SortValue::Grant(amount)) => {
            Some(format!("ESF-stöd {}", amount.map(sek).unwrap_or_else(missing)))
        }
        Some(SortValue::Budget(amount)) => {
            Some(format!("budget {}", amount.map(sek).unwrap_or_else(missing)))
        }
        Some(SortValue::Start(date)) => {
            Some(format!("start {}", date.clone().unwrap_or_else(missing)))
        }
        None => {
            hit.score.map(|score| format!("score {}", super::numbers::decimal(score.into(), 2)))
        }
    }
}

pub fn write_record(
    out: &mut dyn Write,
    doc: &Document,
    versions: &[Version],
    style: Style,
) -> io::Result<()> {
    writeln!(out, "{}", paint(style, BOLD, &doc.title))?;
    writeln!(out, "{}", escaped(&doc.path))?;
    let marked = |value: Option<&String>, field: &str| {
        value.map(|value| format!("{value}{}", inferred_mark(doc, field)))
    };
    let rows: [(&str, Option<String>); 11] = [
        ("Programområde", doc.program.clone()),
        ("Projektfas", marked(doc.phase.as_ref(), "phase")),
        ("Projektägare", doc.owner.clone()),
        ("Kontaktperson", doc.contact.clone()),
        ("E-post", doc.email.clone()),
        ("Telefon", doc.phone.clone()),
        ("Beviljat ESF-stöd", doc.esf_grant_sek.map(sek)),
        ("Total projektbudget", doc.total_budget_sek.map(sek)),
        ("Projektperiod", period(doc)),
        ("Region", marked(doc.region.as_ref(), "region")),
        ("Språk", doc.lang.clone()),
    ];
    // An ESF page has every one of these fields, so a missing one is worth a "–"; another
    // document shows the fields it has.
    let esf = doc.format == Some(Format::Esf);
    writeln!(out)?;
    for (label, value) in rows {
        match value {
            Some(value) => writeln!(out, "{:<20} {value}", format!("{label}:"))?,
            None if esf => writeln!(out, "{:<20} –", format!("{label}:"))?,
            None => {}
        }
    }
    let lists = [
        ("Kommun", &doc.kommuner, inferred_mark(doc, "kommuner")),
        ("Samarbetspartners", &doc.partners, ""),
        ("Medfinansiärer", &doc.cofinanciers, ""),
        ("Deltagande aktörer", &doc.participants, ""),
    ];
    for (label, items, mark) in lists {
        if !items.is_empty() {
            writeln!(out, "{:<20} {}{mark}", format!("{label}:"), items.join(", "))?;
        }
    }
    if !versions.is_empty() {
        writeln!(out, "\n{}", paint(style, BOLD, "Versions:"))?;
        for version in versions {
            let alike = why_a_version(version);
            writeln!(
                out,
                "- {} ({})  {}",
                version.title,
                escaped(&version.path),
                paint(style, DIM, &alike)
            )?;
        }
    }
    for section in &doc.sections {
        let heading = if section.kind == SectionKind::Other {
            section.heading.as_str()
        } else {
            section.kind.heading()
        };
        // A plain document's text stands under no heading of its own.
        if heading.is_empty() {
            writeln!(out, "\n{}", section.text.trim())?;
        } else {
            writeln!(out, "\n{}\n{}", paint(style, BOLD, heading), section.text.trim())?;
        }
    }
    if !doc.as_written.is_empty() {
        writeln!(out, "\n{}", paint(style, BOLD, "As written:"))?;
        for (field, values) in &doc.as_written {
            writeln!(out, "- {field}: {}", values.join(", "))?;
        }
    }
    if !doc.warnings.is_empty() {
        writeln!(out, "\n{}", paint(style, BOLD, "Warnings:"))?;
        for warning in &doc.warnings {
            writeln!(out, "- {warning}")?;
        }
    }
    Ok(())
}

/// Why a document is a version of another, for people: "similar text, similarity 0,59".
pub(crate) fn why_a_version(version: &Version) -> String {
    match version.similarity {
        Some(alike) => format!(
            "{}, similarity {}",
            version.kind.name(),
            super::numbers::decimal(alike.into(), 2)
        ),
        None => version.kind.name().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_by_thousands() {
        assert_eq!(sek(5978228), "5 978 228 kr");
        assert_eq!(sek(150000), "150 000 kr");
        assert_eq!(sek(7), "7 kr");
    }

    #[test]
    fn long_lists_are_shortened() {
        let items: Vec<String> = (1..=7).map(|n| format!("k{n}")).collect();
        assert_eq!(short_list(&items, 5), "k1, k2, k3, k4, k5 and 2 more");
        assert_eq!(short_list(&items[..2], 5), "k1, k2");
    }
}
