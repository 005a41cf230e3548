//! Output of `projsok similar`: ranked neighbours with the words that made them similar.
//!
//! JSON (`similar --json`), one object:
//!
//! ```json
//! {"source": "seeds/000_….txt", "source_title": "N till N - …",
//!  "source_terms": ["nyanlända", "introduktion", …],
//!  "versions": [{"path": "g0vse/…", "title": "…", "score": 0.97}],
//!  "hits": [{"path": …, "title": …, "score": 0.41, …every field of a search hit…,
//!            "terms": ["nyanlända", "etablering", …], "duplicates": ["g0vse/…"],
//!            "lexical": 0.38, "meaning": 0.61,
//!            "links": [{"source": "etableringsuppdraget", "neighbour": "introduktion",
//!                       "cosine": 0.52}]}]}
//! ```
//!
//! `source` is `null` for a text given with `--text` or on standard input. `source_terms` is
//! the query built from the source, most distinctive first. Each hit carries the fields of a
//! `search --json` hit (its `snippet` is `null`) plus `terms`: the source's words that
//! contributed most to its score, most first, and `duplicates`: the paths of lower-ranked
//! documents that are near-duplicates of it (their problem descriptions' cosine is at least
//! 0.9), collapsed into it. `versions` are the near-duplicates of the source itself, most alike
//! first, with that cosine as `score`; they are not among the hits. `lexical` is the cosine of
//! the two problem descriptions' tf-idf vectors, `meaning` the cosine of their meanings (the
//! concepts learnt at index time; 0 for an index without them), and `score` their blend damped
//! for a thin neighbour; `links` are the word pairs, one in each text and not in the other,
//! whose concept vectors linked the two (their cosine), strongest first.

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
    pub score: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    #[serde(flatten)]
    pub hit: json::Hit,
    pub terms: Vec<String>,
    pub duplicates: Vec<String>,
    pub lexical: f32,
    pub meaning: f32,
    pub links: Vec<Link>,
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
                    score: version.score,
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
                    }),
                    terms: hit.terms.clone(),
                    duplicates: hit.duplicates.clone(),
                    lexical: hit.lexical,
                    meaning: hit.meaning,
                    links: hit
                        .links
                        .iter()
                        .map(|link| Link {
                            source: link.source.clone(),
                            neighbour: link.neighbour.clone(),
                            cosine: link.cosine,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// The hits with their shared words; with `explain`, also the two parts of each score and the
/// concept links that joined the texts beside their shared words.
pub fn write_human(
    out: &mut dyn Write,
    results: &Results,
    style: Style,
    explain: bool,
) -> io::Result<()> {
    let source = match &results.source {
        Some(id) => format!("{id} ({})", results.source_title),
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
            writeln!(
                out,
                "   {} ({})  {}",
                version.path,
                version.title,
                paint(style, DIM, &format!("score {:.2}", version.score))
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
        let mut facts = vec![doc.path.clone()];
        facts.extend(doc.region.clone());
        facts.extend(doc.phase.clone());
        facts.extend(period(doc));
        writeln!(out, "   {}", facts.join(" · "))?;
        writeln!(out, "   Shared: {}", hit.terms.join(", "))?;
        if explain {
            let decimal = |value: f32| super::numbers::decimal(value.into(), 2);
            writeln!(
                out,
                "   Score: words {} · concepts {}",
                decimal(hit.lexical),
                decimal(hit.meaning)
            )?;
            let links: Vec<String> = hit
                .links
                .iter()
                .map(|link| {
                    format!("{} ~ {} ({})", link.source, link.neighbour, decimal(link.cosine))
                })
                .collect();
            if !links.is_empty() {
                writeln!(out, "   Concepts: {}", links.join(", "))?;
            }
        }
        if !hit.duplicates.is_empty() {
            writeln!(out, "   Near-duplicates: {}", hit.duplicates.join(", "))?;
        }
        writeln!(out)?;
    }
    if results.hits.is_empty() {
        writeln!(out, "No similar documents.")?;
    }
    Ok(())
}
