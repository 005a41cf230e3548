//! Output of `projsok similar`: ranked neighbours with the words that made them similar.
//!
//! JSON (`similar --json`), one object:
//!
//! ```json
//! {"source": "seeds/000_….txt", "source_title": "N till N - …",
//!  "source_terms": ["nyanlända", "introduktion", …],
//!  "versions": [{"path": "g0vse/…", "title": "…", "kind": "near-duplicate", "score": 0.97}],
//!  "hits": [{"path": …, "title": …, "score": 0.41, …every field of a search hit…,
//!            "terms": ["nyanlända", "etablering", …], "duplicates": ["g0vse/…"]}]}
//! ```
//!
//! `source` is `null` for a text given with `--text` or on standard input. `source_terms` is
//! the query built from the source, most distinctive first. Each hit carries the fields of a
//! `search --json` hit (its `snippet` is `null`) plus `terms`: the source's words that
//! contributed most to its score, most first, and `duplicates`: the paths of lower-ranked
//! documents in its cluster of near-duplicates (see `index::clusters`), collapsed into it.
//! `versions` are the source's own versions as the index linked them, near-duplicates first:
//! `kind` is `near-duplicate`, `similar text` or `similar title` (same owner), `score` the
//! estimated Jaccard similarity of the two texts' word 3-shingles (null where one is too short
//! to compare); they are not among the hits.

use super::visible::{escaped, escaped_list};
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::human::{paint, period, short_list, BOLD, DIM};
use super::json;
use super::Style;
use crate::search::similar::Similar as Results;
use crate::search::Hit as SearchHit;

/// Source words listed above the hits in human output.
const SOURCE_TERMS_SHOWN: usize = 12;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Similar {
    pub source: Option<String>,
    pub source_title: String,
    pub source_terms: Vec<String>,
    pub versions: Vec<Version>,
    pub hits: Vec<Hit>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Version {
    pub path: String,
    pub title: String,
    pub kind: String,
    pub score: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    #[serde(flatten)]
    pub hit: json::Hit,
    pub terms: Vec<String>,
    pub similarity: Similarity,
    pub links: Vec<Link>,
    pub duplicates: Vec<String>,
}

/// What a hit's score is made of (see `search::similar::Similarity`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Similarity {
    pub words: f32,
    pub concepts: Option<f32>,
    pub substance: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub source: String,
    pub neighbour: String,
    pub cosine: f32,
}

impl From<&Results> for Similar {
    fn from(results: &Results) -> Similar {
        Similar {
            source: results.source.clone(),
            source_title: results.source_title.clone(),
            source_terms: results.source_words(),
            versions: results
                .versions
                .iter()
                .map(|version| Version {
                    path: version.path.clone(),
                    title: version.title.clone(),
                    kind: version.kind.name().to_string(),
                    score: version.similarity,
                })
                .collect(),
            hits: results
                .hits
                .iter()
                .map(|hit| Hit {
                    hit: json::Hit::from(&SearchHit {
                        doc: hit.doc.clone(),
                        score: Some(hit.score),
                        sort_value: None,
                        snippet: None,
                        versions: None,
                    }),
                    terms: hit.terms.clone(),
                    similarity: Similarity {
                        words: hit.similarity.words,
                        concepts: hit.similarity.concepts,
                        substance: hit.similarity.substance,
                    },
                    links: hit
                        .links
                        .iter()
                        .map(|link| Link {
                            source: link.source.clone(),
                            neighbour: link.neighbour.clone(),
                            cosine: link.cosine,
                        })
                        .collect(),
                    duplicates: hit.duplicates.clone(),
                })
                .collect(),
        }
    }
}

/// The ranked neighbours; with `explain`, what each score is made of and the words the
/// concepts link.
pub fn write_human(
    out: &mut dyn Write,
    results: &Results,
    style: Style,
    explain: bool,
) -> io::Result<()> {
    let source = match &results.source {
        Some(id) => format!("{} ({})", escaped(id), results.source_title),
        None => "the text".to_string(),
    };
    writeln!(out, "Projects like {}", paint(style, BOLD, &source))?;
    let words = results.source_words();
    if !words.is_empty() {
        writeln!(
            out,
            "{}",
            paint(style, DIM, &format!("by {}", short_list(&words, SOURCE_TERMS_SHOWN)))
        )?;
    }
    writeln!(out)?;
    if !results.versions.is_empty() {
        writeln!(out, "Versions of it:")?;
        for version in &results.versions {
            let alike = super::human::why_a_version(version);
            writeln!(
                out,
                "   {} ({})  {}",
                escaped(&version.path),
                version.title,
                paint(style, DIM, &alike)
            )?;
        }
        writeln!(out)?;
    }
    for (rank, hit) in results.hits.iter().enumerate() {
        let doc = &hit.doc;
        writeln!(
            out,
            "{}. {}  {}",
            rank + 1,
            paint(style, BOLD, &doc.title),
            paint(style, DIM, &format!("score {}", super::numbers::decimal(hit.score.into(), 2)))
        )?;
        let mut facts = vec![escaped(&doc.path).into_owned()];
        facts.extend(doc.region.clone());
        facts.extend(doc.phase.clone());
        facts.extend(period(doc));
        writeln!(out, "   {}", facts.join(" · "))?;
        writeln!(out, "   Shared: {}", hit.terms.join(", "))?;
        if explain {
            write_explanation(out, hit, style)?;
        }
        if !hit.duplicates.is_empty() {
            let and = super::numbers::count(hit.duplicates.len() as u64, "version", "versions");
            writeln!(out, "   and {and}: {}", escaped_list(&hit.duplicates))?;
        }
        writeln!(out)?;
    }
    if results.hits.is_empty() {
        writeln!(out, "No similar documents.")?;
    }
    Ok(())
}

/// "Score: words 0.40 × meaning 0.80 × substance 0.71" and "Linked: a ~ b, …".
fn write_explanation(
    out: &mut dyn Write,
    hit: &crate::search::similar::Hit,
    style: Style,
) -> io::Result<()> {
    let decimal = |value: f32| super::numbers::decimal(value.into(), 2);
    let similarity = &hit.similarity;
    let mut factors = vec![format!("words {}", decimal(similarity.words))];
    match similarity.concepts {
        Some(concepts) => factors.push(format!("meaning {}", decimal(concepts))),
        None => factors.push("meaning – (no concepts)".to_string()),
    }
    if similarity.substance < 1.0 {
        factors.push(format!("little text of its own {}", decimal(similarity.substance)));
    }
    writeln!(out, "   {}", paint(style, DIM, &format!("Score: {}", factors.join(" × "))))?;
    if !hit.links.is_empty() {
        let links: Vec<String> =
            hit.links.iter().map(|link| format!("{} ~ {}", link.source, link.neighbour)).collect();
        writeln!(out, "   Linked: {}", links.join(", "))?;
    }
    Ok(())
}
