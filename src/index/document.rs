//! One parsed [`Document`] as a tantivy document: each text in its own field and in the
//! catch-all fields (analysed once for all of them, see `analysis::cached`), facets, numbers
//! and the stored record.

use tantivy::schema::{Facet, Field};
use tantivy::TantivyDocument;

use super::schema::{section_field_name, Fields};
use crate::document::Document;

/// Adds one text value to its own field (if it has one) and to the catch-all fields.
fn add_text(
    out: &mut TantivyDocument,
    fields: &Fields,
    field: Option<Field>,
    text: &str,
    compounds: bool,
) {
    if let Some(field) = field {
        out.add_text(field, text);
    }
    out.add_text(fields.body, text);
    out.add_text(fields.body_folded, text);
    if compounds {
        out.add_text(fields.body_parts, text);
    }
}

fn facet(value: &str) -> Facet {
    Facet::from_path([value])
}

/// Parses "YYYY-MM-DD" into (year, yyyymmdd).
fn date_parts(date: &str) -> Option<(u64, u64)> {
    let mut parts = date.splitn(3, '-');
    let year: u64 = parts.next()?.parse().ok()?;
    let month: u64 = parts.next()?.parse().ok()?;
    let day: u64 = parts.next()?.parse().ok()?;
    Some((year, year * 10_000 + month * 100 + day))
}

/// The tantivy document for one parsed document.
pub fn to_tantivy(
    fields: &Fields,
    doc: &Document,
    content_hash: u64,
    compounds: bool,
) -> TantivyDocument {
    let mut out = TantivyDocument::default();
    out.add_text(fields.path, &doc.path);
    out.add_bytes(fields.record, &serde_json::to_vec(doc).expect("Document serialises"));
    out.add_u64(fields.content_hash, content_hash);

    add_text(&mut out, fields, Some(fields.named("title")), &doc.title, compounds);
    for section in &doc.sections {
        let field = section_field_name(section.kind).map(|name| fields.named(name));
        add_text(&mut out, fields, field, &section.text, compounds);
    }
    let partners = Some(fields.named("partners"));
    for name in doc.partners.iter().chain(&doc.cofinanciers).chain(&doc.participants) {
        add_text(&mut out, fields, partners, name, compounds);
    }

    let facets = [
        ("region", doc.region.as_slice()),
        ("phase", doc.phase.as_slice()),
        ("program", doc.program.as_slice()),
        ("owner", doc.owner.as_slice()),
        ("lang", doc.lang.as_slice()),
        ("kommun", doc.kommuner.as_slice()),
    ];
    for (name, values) in facets {
        let field = fields.named(name);
        let mut seen: Vec<&str> = Vec::new();
        for value in values {
            // A facet value twice would count the document twice.
            if !value.is_empty() && !seen.contains(&value.as_str()) {
                seen.push(value);
                out.add_facet(field, facet(value));
            }
        }
    }

    if let Some(grant) = doc.esf_grant_sek {
        out.add_u64(fields.esf_grant_sek, grant);
    }
    if let Some(budget) = doc.total_budget_sek {
        out.add_u64(fields.total_budget_sek, budget);
    }
    let start = doc.period_start.as_deref().and_then(date_parts);
    let end = doc.period_end.as_deref().and_then(date_parts);
    if let Some((year, date)) = start {
        out.add_u64(fields.start_year, year);
        out.add_u64(fields.start_date, date);
    }
    if let Some((year, _)) = end.or(start) {
        out.add_u64(fields.end_year, year);
    }
    if end.is_some() && start.is_none() {
        out.add_u64(fields.start_year, end.map(|(year, _)| year).unwrap_or_default());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_split_into_year_and_sortable_number() {
        assert_eq!(date_parts("2009-01-07"), Some((2009, 20090107)));
        assert_eq!(date_parts("2009"), None);
        assert_eq!(date_parts("x-y-z"), None);
    }
}
