//! Output of `projsok duplicates`: clusters of near-duplicates with their members.
//!
//! JSON (`duplicates --json`), one object:
//!
//! ```json
//! {"total": 2, "documents": 5, "clusters": [{"id": 0, "size": 3, "members": [
//!   {"path": "…", "title": "…", "similarity": 1.0, "matches": true}, …]}], "warnings": []}
//! ```
//!
//! `total` counts the clusters with a matching document, `documents` their members; each
//! member's `similarity` is its estimated Jaccard similarity (word 3-shingles) to the
//! cluster's first member, and `matches` whether it matches the query and filters. CSV: one
//! row per member (`cluster,size,path,title,similarity,matches`).

use super::visible::escaped;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::human::{paint, BOLD, DIM};
use super::numbers::{count, decimal};
use super::Style;
use crate::search::duplicates::Duplicates as Results;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Duplicates {
    pub total: usize,
    pub documents: usize,
    pub clusters: Vec<Cluster>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    pub id: usize,
    pub size: usize,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub path: String,
    pub title: String,
    pub similarity: f32,
    pub matches: bool,
}

impl From<&Results> for Duplicates {
    fn from(results: &Results) -> Duplicates {
        Duplicates {
            total: results.total,
            documents: results.documents,
            clusters: results
                .clusters
                .iter()
                .map(|cluster| Cluster {
                    id: cluster.id,
                    size: cluster.members.len(),
                    members: cluster
                        .members
                        .iter()
                        .map(|member| Member {
                            path: member.path.clone(),
                            title: member.title.clone(),
                            similarity: member.similarity,
                            matches: member.matches,
                        })
                        .collect(),
                })
                .collect(),
            warnings: results.warnings.clone(),
        }
    }
}

pub fn write_human(
    out: &mut dyn Write,
    results: &Results,
    offset: usize,
    style: Style,
) -> io::Result<()> {
    for (rank, cluster) in results.clusters.iter().enumerate() {
        let least = cluster.members.iter().map(|member| member.similarity).fold(1.0f32, f32::min);
        writeln!(
            out,
            "{}. {}  {}",
            offset + rank + 1,
            paint(style, BOLD, &count(cluster.members.len() as u64, "document", "documents")),
            paint(style, DIM, &format!("similarity ≥ {}", decimal(least.into(), 2)))
        )?;
        for member in &cluster.members {
            // A member the query does not find is shown for the cluster's sake, dimmed.
            let line = format!(
                "{}  {} ({})",
                decimal(member.similarity.into(), 2),
                member.title,
                escaped(&member.path)
            );
            let line = if member.matches { line } else { paint(style, DIM, &line) };
            writeln!(out, "   {line}")?;
        }
        writeln!(out)?;
    }
    let clusters = count(results.total as u64, "cluster", "clusters");
    let documents = count(results.documents as u64, "document", "documents");
    writeln!(out, "{clusters} of near-duplicates, {documents}")?;
    Ok(())
}

pub fn write_csv(out: &mut dyn Write, results: &Results) -> io::Result<()> {
    writeln!(out, "cluster,size,path,title,similarity,matches")?;
    for cluster in &results.clusters {
        for member in &cluster.members {
            writeln!(
                out,
                "{},{},{},{},{:.4},{}",
                cluster.id,
                cluster.members.len(),
                quote(&member.path),
                quote(&member.title),
                member.similarity,
                member.matches
            )?;
        }
    }
    Ok(())
}

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}
