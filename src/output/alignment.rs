//! Output of `projsok compare A B --align`: the sentences that correspond, then what each
//! side says alone.
//!
//! Human output: each aligned pair as a line with its score and tying words, then A's
//! sentence and B's in two columns of [`COLUMN`] characters, in the order of A's text; then
//! "What only A claims" and "What only B claims". No line is wider than 100 characters.
//!
//! JSON (`compare --align --json`), one object:
//!
//! ```json
//! {"a": Header, "b": Header, "section": "all",
//!  "min_score": 0.4, "min_shared": 2,
//!  "a_sentences": [{"section": 2, "kind": "background", "start": 0, "end": 80, "text": "…"}],
//!  "b_sentences": [...],
//!  "pairs": [{"a": 0, "b": 3, "score": 0.62, "ties": ["nyanlända", "sfi = svenska för invandrare"]}],
//!  "only_a": [1, 2], "only_b": [0]}
//! ```
//!
//! `Header` is `compare --json`'s. A sentence's `section` indexes the document's `sections` as
//! `show --json` lists them, and `start..end` is its byte range in that section's `text`;
//! `pairs[].a` and `only_a` index `a_sentences` (`b` likewise). `section` is `all` for the
//! problem description (Sammanfattning, Bakgrund, Syfte, Målsättning and other text).

use super::visible::escaped;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::compare::{pad, snake, wrap, Header};
use super::human::{paint, BOLD, DIM};
use super::numbers::{count, grouped};
use super::Style;
use crate::document::{Document, SectionKind};
use crate::search::compare::align::{Alignment, SentenceAt, MIN_SCORE, MIN_SHARED};

/// Each side's column, and the gap between them: 48 + 4 + 48 = 100.
pub const COLUMN: usize = 48;
const GAP: usize = 4;
const WIDTH: usize = COLUMN + GAP + COLUMN;
const _: () = assert!(WIDTH <= super::compare::WIDTH);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub section: usize,
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub score: f32,
    pub ties: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aligned {
    pub a: Header,
    pub b: Header,
    pub section: String,
    pub min_score: f32,
    pub min_shared: usize,
    pub a_sentences: Vec<Sentence>,
    pub b_sentences: Vec<Sentence>,
    pub pairs: Vec<Pair>,
    pub only_a: Vec<usize>,
    pub only_b: Vec<usize>,
}

/// `all`, or the section kind as `show --json` names it.
pub fn section_name(section: Option<SectionKind>) -> String {
    section.and_then(snake).unwrap_or_else(|| "all".to_string())
}

fn sentence(at: &SentenceAt) -> Sentence {
    Sentence {
        section: at.section,
        kind: snake(at.kind).unwrap_or_default(),
        start: at.start,
        end: at.end,
        text: at.text.clone(),
    }
}

impl Aligned {
    pub fn new(a: &Document, b: &Document, alignment: &Alignment) -> Aligned {
        Aligned {
            a: Header::from(a),
            b: Header::from(b),
            section: section_name(alignment.section),
            min_score: MIN_SCORE,
            min_shared: MIN_SHARED,
            a_sentences: alignment.a_sentences.iter().map(sentence).collect(),
            b_sentences: alignment.b_sentences.iter().map(sentence).collect(),
            pairs: alignment
                .pairs
                .iter()
                .map(|pair| Pair {
                    a: pair.a,
                    b: pair.b,
                    score: pair.score,
                    ties: pair.ties.clone(),
                })
                .collect(),
            only_a: alignment.only_a.clone(),
            only_b: alignment.only_b.clone(),
        }
    }
}

/// What was aligned: the section's heading, or the problem description.
pub fn scope_heading(section: Option<SectionKind>) -> &'static str {
    section.map_or("Problem description", SectionKind::heading)
}

pub fn write_human(
    out: &mut dyn Write,
    a: &Document,
    b: &Document,
    alignment: &Alignment,
    style: Style,
) -> io::Result<()> {
    two_columns(out, &format!("A  {}", escaped(&a.path)), &format!("B  {}", escaped(&b.path)))?;
    two_columns(out, &a.title, &b.title)?;
    writeln!(out)?;
    let summary = format!(
        "{}: {}, {} of A's {} and {} of B's {}",
        scope_heading(alignment.section),
        count(alignment.pairs.len() as u64, "aligned pair", "aligned pairs"),
        grouped(alignment.pairs.len() as u64),
        count(alignment.a_sentences.len() as u64, "sentence", "sentences"),
        grouped(alignment.pairs.len() as u64),
        grouped(alignment.b_sentences.len() as u64),
    );
    writeln!(out, "{}", paint(style, BOLD, &summary))?;
    let rule = format!(
        "(a pair shares at least {MIN_SHARED} analysed forms and scores at least {}: \
         the idf-weighted Dice overlap of stems, compound parts and synonyms, 0 to 1)",
        super::numbers::decimal(f64::from(MIN_SCORE), 2)
    );
    for line in wrap(&rule, WIDTH) {
        writeln!(out, "{}", paint(style, DIM, &line))?;
    }
    for pair in &alignment.pairs {
        writeln!(out)?;
        let ties = format!(
            "{}  {}",
            super::numbers::decimal(f64::from(pair.score), 2),
            pair.ties.join(", ")
        );
        for line in wrap(&ties, WIDTH) {
            writeln!(out, "{}", paint(style, DIM, &line))?;
        }
        two_columns(out, &alignment.a_sentences[pair.a].text, &alignment.b_sentences[pair.b].text)?;
    }
    for (label, sentences, only) in [
        ("What only A claims", &alignment.a_sentences, &alignment.only_a),
        ("What only B claims", &alignment.b_sentences, &alignment.only_b),
    ] {
        writeln!(out)?;
        writeln!(out, "{}", paint(style, BOLD, &format!("{label} ({})", only.len())))?;
        for &at in only {
            let lines = wrap(&sentences[at].text, WIDTH - 2);
            for (index, line) in lines.iter().enumerate() {
                let bullet = if index == 0 { "- " } else { "  " };
                writeln!(out, "{bullet}{line}")?;
            }
        }
    }
    Ok(())
}

/// Two texts side by side, each wrapped in its column.
fn two_columns(out: &mut dyn Write, a: &str, b: &str) -> io::Result<()> {
    let a_lines = wrap(a, COLUMN);
    let b_lines = wrap(b, COLUMN);
    for line in 0..a_lines.len().max(b_lines.len()) {
        let a = a_lines.get(line).map(String::as_str).unwrap_or("");
        let b = b_lines.get(line).map(String::as_str).unwrap_or("");
        let text = format!("{}{}{b}", pad(a, COLUMN), " ".repeat(GAP));
        writeln!(out, "{}", text.trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_columns_fit_a_hundred_characters() {
        let mut out = Vec::new();
        let long = format!("{} {}", "ö".repeat(70), "ordet ".repeat(30));
        two_columns(&mut out, &long, "kort").unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().all(|line| line.chars().count() <= 100), "{text}");
        assert_eq!(text.lines().next().unwrap().chars().count(), COLUMN + GAP + 4);
    }
}
