//! Output of `projsok terms`: a table for people, CSV, and JSON.
//!
//! JSON (`terms --json`, and `/api/terms`), one object: `{"query": "nyanlända", "against":
//! "all", "matches": 312, "set_docs": 312, "sampled": 200, "background_docs": 44090, "terms":
//! [{"word": "etablering", "stem": "etablering", "docs": 96, "background_docs": 221, "g2":
//! 598.243}, …]}`. `against` is `"all"` or the `--against` items as given; `set_docs` the
//! documents of the set (every match; with `--section`, every match that has the section),
//! `docs` those of them with the term; `sampled` the documents of the set whose text was read
//! for candidate terms (at most 200: those with the
//! lowest content hashes, the same in every build); `background_docs` at the top is the size of
//! the background, in each term the background's documents with it. Every count is exact.
//! `warnings` are those the command prints (a corrected query first).
//!
//! CSV: `word,stem,docs,set_docs,background_docs,background_total,g2`.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::human::{paint, BOLD};
use super::numbers::{count, decimal, grouped};
use super::Style;
use crate::search::terms::Terms;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermList {
    pub query: String,
    pub against: serde_json::Value,
    pub matches: usize,
    pub set_docs: u64,
    pub sampled: u64,
    pub background_docs: u64,
    pub terms: Vec<Term>,
    /// What the command says on standard error: a corrected query, words left out.
    #[serde(default)]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Term {
    pub word: String,
    pub stem: String,
    pub docs: u64,
    pub background_docs: u64,
    pub g2: f64,
}

impl TermList {
    /// `against`: the `--against` items as given (empty for the whole index).
    pub fn new(query: &str, against: &[String], terms: &Terms) -> TermList {
        let against = match against {
            [] => serde_json::Value::from("all"),
            items => serde_json::Value::from(items.to_vec()),
        };
        TermList {
            query: query.to_string(),
            against,
            matches: terms.matches,
            set_docs: terms.set_docs,
            sampled: terms.sampled,
            background_docs: terms.background_docs,
            warnings: terms.warnings.clone(),
            terms: terms
                .terms
                .iter()
                .map(|term| Term {
                    word: term.word.clone(),
                    stem: term.stem.clone(),
                    docs: term.docs,
                    background_docs: term.background_docs,
                    g2: (term.g2 * 1000.0).round() / 1000.0,
                })
                .collect(),
        }
    }
}

pub fn write_csv(out: &mut dyn Write, terms: &Terms) -> io::Result<()> {
    let header = ["word", "stem", "docs", "set_docs", "background_docs", "background_total", "g2"];
    let mut rows = vec![header.iter().map(|name| name.to_string()).collect::<Vec<_>>()];
    for term in &terms.terms {
        rows.push(vec![
            term.word.clone(),
            term.stem.clone(),
            term.docs.to_string(),
            terms.set_docs.to_string(),
            term.background_docs.to_string(),
            terms.background_docs.to_string(),
            format!("{:.3}", term.g2),
        ]);
    }
    super::write_csv(out, &rows)
}

/// `against`: how the background was named, for the heading ("the whole index" or the items).
pub fn write_human(
    out: &mut dyn Write,
    terms: &Terms,
    against: &[String],
    style: Style,
) -> io::Result<()> {
    let having = match terms.section {
        Some(kind) => format!(" with a {} section", kind.heading()),
        None => String::new(),
    };
    let set = count(terms.set_docs, "matching document", "matching documents") + &having;
    let documents = count(terms.background_docs, "document", "documents") + &having;
    let background = match against {
        [] => format!("the rest of the index ({documents})"),
        items => format!("{} ({documents})", items.join(" ")),
    };
    let heading = format!("Distinctive terms of {set} against {background}, by G²");
    writeln!(out, "{}", paint(style, BOLD, &heading))?;
    // The counts are exact either way; what a reader should know is that a word of the set
    // may be missing when its candidates came from part of it.
    let read = if terms.sampled == terms.set_docs {
        "candidate terms from every matching document".to_string()
    } else {
        format!(
            "candidate terms from {} of them, a sample by content hash; every count exact",
            grouped(terms.sampled)
        )
    };
    writeln!(out, "{read}")?;
    if terms.terms.is_empty() {
        writeln!(out, "No term sets them apart.")?;
        return Ok(());
    }
    let rows: Vec<[String; 4]> = terms
        .terms
        .iter()
        .map(|term| {
            [
                term.word.clone(),
                format!("{}/{}", grouped(term.docs), grouped(terms.set_docs)),
                format!("{}/{}", grouped(term.background_docs), grouped(terms.background_docs)),
                decimal(term.g2, 1),
            ]
        })
        .collect();
    let header =
        ["term".to_string(), "set".to_string(), "background".to_string(), "G²".to_string()];
    let widths: Vec<usize> = (0..4)
        .map(|column| {
            rows.iter().chain([&header]).map(|row| row[column].chars().count()).max().unwrap_or(0)
        })
        .collect();
    for (at, row) in [&header].into_iter().chain(rows.iter()).enumerate() {
        let pad = |column: usize| widths[column] - row[column].chars().count();
        let line = format!(
            "  {}{}  {}{}  {}{}  {}{}",
            row[0],
            " ".repeat(pad(0)),
            " ".repeat(pad(1)),
            row[1],
            " ".repeat(pad(2)),
            row[2],
            " ".repeat(pad(3)),
            row[3],
        );
        if at == 0 {
            writeln!(out, "{}", paint(style, super::human::DIM, &line))?;
        } else {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}
