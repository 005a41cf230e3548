//! Renders results for people (colour on a terminal, «…» markers otherwise) and as JSON. Never
//! opens the index; every function writes to the writer it is given.

pub mod alignment;
pub mod compare;
pub mod duplicates;
pub mod export;
pub mod facets;
pub mod human;
pub mod info;
pub mod json;
pub mod kwic;
pub mod matrix;
pub mod numbers;
pub mod opensearch;
pub mod report;
pub mod similar;
pub mod spreadsheet;
pub mod terms;
pub mod trends;
pub mod visible;

use std::io::{self, Write};

/// How highlights and headings are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

/// Writes `value` as one line of JSON.
pub fn write_json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    // `From` keeps the kind of an I/O error (a closed pipe must stay `BrokenPipe`).
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}

/// Writes CSV rows (RFC 4180, CRLF line ends, a header first) as a spreadsheet reads them.
pub(crate) fn write_csv(out: &mut dyn Write, rows: &[Vec<String>]) -> io::Result<()> {
    let mut csv =
        csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut *out);
    for row in rows {
        let row = row.iter().map(|cell| spreadsheet::safe_cell(cell).into_owned());
        csv.write_record(row).map_err(|err| match err.into_kind() {
            csv::ErrorKind::Io(err) => err,
            other => io::Error::other(format!("{other:?}")),
        })?;
    }
    csv.flush()
}
