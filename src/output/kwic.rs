//! Output of `projsok kwic`: concordance lines aligned on the match for people, CSV, and JSON.
//!
//! JSON (`kwic --json`, and `/api/kwic`), one object: `{"query": "…", "matches": 7,
//! "docs_read": 7, "lines_found": 31, "lines": [{"id": "seeds/…", "section": "summary",
//! "left": "… stärker ", "match": "kompetensförsörjningen", "right": " i länet …", "stem":
//! "kompetensförsörjning", "score": 3.2}, …], "warnings": ["…"]}`; `section` is "title" for
//! the title; `score` is absent where nothing was ranked; `warnings` are those the command prints (a corrected query first).
//!
//! CSV: `id,section,left,match,right,score`.

use super::visible::escaped;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::human::{paint, DIM, HIGHLIGHT};
use super::numbers::{count, grouped};
use super::Style;
use crate::document::SectionKind;
use crate::search::kwic::Concordance;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kwic {
    pub query: String,
    pub matches: usize,
    pub docs_read: usize,
    pub lines_found: usize,
    pub lines: Vec<Line>,
    /// What the command says on standard error: a corrected query, words left out.
    #[serde(default)]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub id: String,
    pub section: String,
    pub left: String,
    #[serde(rename = "match")]
    pub matched: String,
    pub right: String,
    pub stem: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
}

/// The section's JSON name, and "title" for the title.
fn section_name(kind: Option<SectionKind>) -> String {
    let Some(kind) = kind else { return "title".to_string() };
    serde_json::to_value(kind)
        .ok()
        .and_then(|value| value.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl Kwic {
    pub fn new(query: &str, concordance: &Concordance) -> Kwic {
        Kwic {
            query: query.to_string(),
            matches: concordance.matches,
            docs_read: concordance.docs_read,
            lines_found: concordance.lines_found,
            warnings: concordance.warnings.clone(),
            lines: concordance
                .lines
                .iter()
                .map(|line| Line {
                    id: line.id.clone(),
                    section: section_name(line.section),
                    left: line.left.clone(),
                    matched: line.matched.clone(),
                    right: line.right.clone(),
                    stem: line.stem.clone(),
                    score: line.score,
                })
                .collect(),
        }
    }
}

pub fn write_csv(out: &mut dyn Write, concordance: &Concordance) -> io::Result<()> {
    let header = ["id", "section", "left", "match", "right", "score"];
    let mut rows = vec![header.iter().map(|name| name.to_string()).collect::<Vec<_>>()];
    for line in &concordance.lines {
        rows.push(vec![
            line.id.clone(),
            section_name(line.section),
            line.left.clone(),
            line.matched.clone(),
            line.right.clone(),
            line.score.map(|score| format!("{score:.4}")).unwrap_or_default(),
        ]);
    }
    super::write_csv(out, &rows)
}

/// `width`: the characters of context on each side, which the left column is padded to.
pub fn write_human(
    out: &mut dyn Write,
    concordance: &Concordance,
    width: usize,
    style: Style,
) -> io::Result<()> {
    let shown = concordance.lines.len() as u64;
    let lines = if concordance.lines_found > concordance.lines.len() {
        format!("{} of {}", grouped(shown), count(concordance.lines_found as u64, "line", "lines"))
    } else {
        count(shown, "line", "lines")
    };
    let docs = if concordance.docs_read == concordance.matches {
        count(concordance.matches as u64, "matching document", "matching documents")
    } else {
        format!(
            "the best {} of {} matching documents",
            grouped(concordance.docs_read as u64),
            grouped(concordance.matches as u64)
        )
    };
    let heading = format!("{lines} in {docs}");
    writeln!(out, "{}", paint(style, DIM, &heading))?;
    for line in &concordance.lines {
        let pad = width.saturating_sub(line.left.chars().count());
        let right_pad = width.saturating_sub(line.right.chars().count());
        let matched = if style.color {
            paint(style, HIGHLIGHT, &line.matched)
        } else {
            format!("«{}»", line.matched)
        };
        let text = format!(
            "{}{}{matched}{}{}  {}",
            " ".repeat(pad),
            line.left,
            line.right,
            " ".repeat(right_pad),
            paint(style, DIM, &escaped(&line.id))
        );
        writeln!(out, "{}", text.trim_end())?;
    }
    Ok(())
}
