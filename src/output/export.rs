//! Rows of `projsok export`.
//!
//! - **NDJSON**: one [`json::Record`](super::json::Record) per line, exactly as `show --json`
//!   prints it, sections included (`--no-sections`: an empty `sections` list).
//! - **CSV**: RFC 4180 (fields quoted when they hold a comma, quote or line break; CRLF line
//!   ends), UTF-8 with a byte order mark unless `--no-bom`, so that LibreOffice and Excel read
//!   å, ä and ö right (R's readr and Python's `utf-8-sig` skip the mark). A header row names
//!   the [`CSV_COLUMNS`]: the record's header fields under their JSON names, lists joined with
//!   `"; "`, then one column per section kind holding its text (several sections of a kind,
//!   such as the unknown headings of an ESF page under `other`, are joined by a blank line,
//!   each after its heading). `--no-sections` leaves the section columns out. Spreadsheets
//!   cut cells longer than 32 767 characters; long documents are whole in NDJSON. A cell that
//!   a spreadsheet would run as a formula starts with an apostrophe (see
//!   [`super::spreadsheet`]).
//! - With `--collapse`, one row per cluster of near-duplicates: NDJSON records get a
//!   `versions` field and CSV rows a last `versions` column, the paths of the cluster's other
//!   matching documents (joined with `"; "` in CSV).

use std::io::{self, Write};

use super::json::Record;
use super::spreadsheet::safe_cell;
use crate::document::{Document, SectionKind};
use crate::error::{Error, Result};

/// How an export's records are written into one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordFormat {
    Csv {
        sections: bool,
        bom: bool,
    },
    /// Without `sections`, each record's `sections` is empty (the header fields only).
    Ndjson {
        sections: bool,
    },
}

/// The UTF-8 byte order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes `records` in `format` to `out` (the command's file or standard output, the API's
/// download); `io_error` names where a failed write went.
pub fn write_records(
    format: RecordFormat,
    records: impl Iterator<Item = Result<Document>>,
    versions: Option<&[Vec<String>]>,
    out: &mut dyn Write,
    io_error: impl Fn(io::Error) -> Error,
) -> Result<()> {
    let versions_of =
        |at: usize| versions.map(|versions| versions.get(at).cloned().unwrap_or_default());
    match format {
        RecordFormat::Ndjson { sections } => {
            for (at, doc) in records.enumerate() {
                let mut doc = doc?;
                if !sections {
                    doc.sections.clear();
                }
                let record = Record::from(&doc);
                match versions_of(at) {
                    Some(paths) => {
                        let mut value = serde_json::to_value(&record)
                            .map_err(|err| Error::internal(format!("a record as JSON: {err}")))?;
                        if let Some(fields) = value.as_object_mut() {
                            fields.insert("versions".to_string(), paths.into());
                        }
                        super::write_json(out, &value).map_err(&io_error)?;
                    }
                    None => super::write_json(out, &record).map_err(&io_error)?,
                }
            }
        }
        RecordFormat::Csv { sections, bom } => {
            if bom {
                out.write_all(BOM).map_err(&io_error)?;
            }
            let mut csv =
                csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut *out);
            let csv_error = |err: csv::Error| io_error(csv_io(err));
            let mut columns = csv_columns(sections);
            if versions.is_some() {
                columns.push("versions");
            }
            csv.write_record(columns).map_err(csv_error)?;
            for (at, doc) in records.enumerate() {
                let mut row = csv_row(&doc?, sections);
                if let Some(paths) = versions_of(at) {
                    row.push(paths.join("; "));
                }
                csv.write_record(row.iter().map(|cell| safe_cell(cell).into_owned()))
                    .map_err(csv_error)?;
            }
            csv.flush().map_err(&io_error)?;
        }
    }
    out.flush().map_err(io_error)
}

/// The I/O error inside a CSV error (a broken pipe must stay one), or the error itself.
fn csv_io(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        kind => io::Error::other(format!("CSV: {kind:?}")),
    }
}

/// Header-field columns of the CSV, in order.
pub const CSV_FIELD_COLUMNS: [&str; 20] = [
    "path",
    "format",
    "title",
    "program",
    "phase",
    "owner",
    "contact",
    "email",
    "phone",
    "esf_grant_sek",
    "total_budget_sek",
    "period_start",
    "period_end",
    "region",
    "kommuner",
    "partners",
    "cofinanciers",
    "participants",
    "lang",
    "inferred",
];

/// Section columns of the CSV, in [`SectionKind::ALL`] order.
pub const CSV_SECTION_COLUMNS: [&str; 8] = [
    "summary",
    "background",
    "purpose",
    "goal",
    "accessibility",
    "equality",
    "transnational",
    "other",
];

/// Separator of list items within one CSV cell.
pub const LIST_SEPARATOR: &str = "; ";

/// All CSV columns: the header fields, then (unless left out) the sections.
pub fn csv_columns(sections: bool) -> Vec<&'static str> {
    let mut columns = CSV_FIELD_COLUMNS.to_vec();
    if sections {
        columns.extend(CSV_SECTION_COLUMNS);
    }
    columns
}

fn snake(value: impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|value| value.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The CSV cells of one document, in [`csv_columns`] order.
pub fn csv_row(doc: &Document, sections: bool) -> Vec<String> {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let number = |value: Option<u64>| value.map(|value| value.to_string()).unwrap_or_default();
    let mut row = vec![
        doc.path.clone(),
        doc.format.map(snake).unwrap_or_default(),
        doc.title.clone(),
        text(&doc.program),
        text(&doc.phase),
        text(&doc.owner),
        text(&doc.contact),
        text(&doc.email),
        text(&doc.phone),
        number(doc.esf_grant_sek),
        number(doc.total_budget_sek),
        text(&doc.period_start),
        text(&doc.period_end),
        text(&doc.region),
        doc.kommuner.join(LIST_SEPARATOR),
        doc.partners.join(LIST_SEPARATOR),
        doc.cofinanciers.join(LIST_SEPARATOR),
        doc.participants.join(LIST_SEPARATOR),
        text(&doc.lang),
        doc.inferred.join(LIST_SEPARATOR),
    ];
    if sections {
        for kind in SectionKind::ALL {
            let texts: Vec<String> = doc
                .sections
                .iter()
                .filter(|section| section.kind == kind)
                .map(|section| {
                    let heading = section.heading.trim();
                    if kind == SectionKind::Other && !heading.is_empty() {
                        format!("{heading}\n{}", section.text.trim())
                    } else {
                        section.text.trim().to_string()
                    }
                })
                .collect();
            row.push(texts.join("\n\n"));
        }
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Section;

    #[test]
    fn rows_have_one_cell_per_column() {
        let doc = Document {
            path: "a.txt".to_string(),
            kommuner: vec!["Umeå".to_string(), "Vännäs".to_string()],
            esf_grant_sek: Some(150_000),
            sections: vec![
                Section {
                    kind: SectionKind::Other,
                    heading: "Regionalt".to_string(),
                    text: "x".to_string(),
                },
                Section {
                    kind: SectionKind::Background,
                    heading: "Bakgrund".to_string(),
                    text: " b ".to_string(),
                },
                Section { kind: SectionKind::Other, heading: String::new(), text: "y".to_string() },
            ],
            ..Document::default()
        };
        let row = csv_row(&doc, true);
        assert_eq!(row.len(), csv_columns(true).len());
        assert_eq!(row[14], "Umeå; Vännäs");
        assert_eq!(row[9], "150000");
        assert_eq!(row[10], "");
        assert_eq!(row[21], "b");
        assert_eq!(row[27], "Regionalt\nx\n\ny");
        assert_eq!(csv_row(&doc, false).len(), CSV_FIELD_COLUMNS.len());
    }
}
