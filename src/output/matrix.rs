//! Output of `projsok compare A B C …` and `compare --from QUERY`: the similarity matrix.
//!
//! Human output: the documents numbered with their titles, then a grid of two-decimal
//! similarities (blocks of [`BLOCK`] columns, so no line is wider than 100 characters), the
//! closest pair and the clusters with the words they share. CSV (`--csv`): a header row
//! `path,title,` then every path, and one row per document, the similarity empty where a
//! document lacks the section. JSON (`--json`), one object:
//!
//! ```json
//! {"section": "all", "cluster_similarity": 0.175,
//!  "documents": [{"path": "seeds/000_….txt", "title": "…"}, ...],
//!  "scores": [[1.0, 0.13, null], [0.13, 1.0, 0.02], [null, 0.02, 1.0]],
//!  "closest": {"a": 0, "b": 1, "score": 0.13},
//!  "clusters": [{"members": [0, 1], "words": ["introduktion", "…"]}]}
//! ```
//!
//! `scores` is symmetric with 1 on the diagonal; `null` where one of the two lacks the
//! section. `closest` is `null` when no pair has a score. Indexes point into `documents`.

use super::visible::escaped;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::alignment::section_name;
use super::compare::wrap;
use super::human::{paint, BOLD, DIM};
use super::Style;
use crate::search::compare::matrix::{Matrix, CLUSTER_SIMILARITY};

/// Grid columns per block: 4 for the row number, then 5 per column.
pub const BLOCK: usize = 19;
const _: () = assert!(4 + 5 * BLOCK <= 100);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Closest {
    pub a: usize,
    pub b: usize,
    pub score: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterOut {
    pub members: Vec<usize>,
    pub words: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatrixOut {
    pub section: String,
    pub cluster_similarity: f32,
    pub documents: Vec<Entry>,
    pub scores: Vec<Vec<Option<f32>>>,
    pub closest: Option<Closest>,
    pub clusters: Vec<ClusterOut>,
}

impl From<&Matrix> for MatrixOut {
    fn from(matrix: &Matrix) -> MatrixOut {
        MatrixOut {
            section: section_name(matrix.section),
            cluster_similarity: CLUSTER_SIMILARITY,
            documents: matrix
                .docs
                .iter()
                .map(|doc| Entry { path: doc.path.clone(), title: doc.title.clone() })
                .collect(),
            scores: matrix.scores.clone(),
            closest: matrix
                .closest
                .and_then(|(a, b)| Some(Closest { a, b, score: matrix.scores[a][b]? })),
            clusters: matrix
                .clusters
                .iter()
                .map(|cluster| ClusterOut {
                    members: cluster.members.clone(),
                    words: cluster.words.clone(),
                })
                .collect(),
        }
    }
}

fn cell(score: Option<f32>) -> String {
    score.map_or_else(|| "–".to_string(), |score| super::numbers::decimal(f64::from(score), 2))
}

pub fn write_human(out: &mut dyn Write, matrix: &Matrix, style: Style) -> io::Result<()> {
    let heading = format!(
        "Similarity of {} documents, {} (cosine of tf-idf vectors, 0 to 1)",
        matrix.docs.len(),
        super::alignment::scope_heading(matrix.section).to_lowercase()
    );
    writeln!(out, "{}", paint(style, BOLD, &heading))?;
    for (index, doc) in matrix.docs.iter().enumerate() {
        let number = format!("{:>3} ", index + 1);
        let text = format!("{}  {}", doc.title, escaped(&doc.path));
        for (line_index, line) in wrap(&text, 100 - number.len()).iter().enumerate() {
            let lead = if line_index == 0 { number.clone() } else { " ".repeat(number.len()) };
            writeln!(out, "{lead}{line}")?;
        }
    }
    let n = matrix.docs.len();
    for block in (0..n).step_by(BLOCK) {
        let columns = block..(block + BLOCK).min(n);
        writeln!(out)?;
        let mut head = " ".repeat(4);
        for column in columns.clone() {
            head.push_str(&format!("{:>5}", column + 1));
        }
        writeln!(out, "{}", paint(style, DIM, &head))?;
        for row in 0..n {
            let mut line = format!("{:>3} ", row + 1);
            for column in columns.clone() {
                line.push_str(&format!("{:>5}", cell(matrix.scores[row][column])));
            }
            writeln!(out, "{line}")?;
        }
    }
    writeln!(out)?;
    match matrix.closest {
        Some((a, b)) => {
            writeln!(out, "Closest pair: {} and {} ({})", a + 1, b + 1, cell(matrix.scores[a][b]))?
        }
        None => writeln!(out, "Closest pair: none (no two documents have the section)")?,
    }
    if matrix.clusters.is_empty() {
        writeln!(
            out,
            "Clusters (similarity ≥ {}): none",
            super::numbers::decimal(f64::from(CLUSTER_SIMILARITY), 3)
        )?;
    }
    for cluster in &matrix.clusters {
        let members: Vec<String> = cluster.members.iter().map(|m| (m + 1).to_string()).collect();
        let words =
            if cluster.words.is_empty() { "–".to_string() } else { cluster.words.join(", ") };
        let text = format!(
            "Cluster (similarity ≥ {}): {}  {}",
            super::numbers::decimal(f64::from(CLUSTER_SIMILARITY), 3),
            members.join(", "),
            words
        );
        for line in wrap(&text, 100) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// The matrix as CSV (RFC 4180 quoting, LF line ends).
pub fn write_csv(out: &mut dyn Write, matrix: &Matrix) -> io::Result<()> {
    let mut header = vec![quote("path"), quote("title")];
    header.extend(matrix.docs.iter().map(|doc| quote(&doc.path)));
    writeln!(out, "{}", header.join(","))?;
    for (row, doc) in matrix.docs.iter().enumerate() {
        let mut fields = vec![quote(&doc.path), quote(&doc.title)];
        fields.extend(
            matrix.scores[row]
                .iter()
                .map(|score| score.map(|s| format!("{s:.4}")).unwrap_or_default()),
        );
        writeln!(out, "{}", fields.join(","))?;
    }
    Ok(())
}

fn quote(field: &str) -> String {
    let field = super::spreadsheet::safe_cell(field);
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(quote("seeds/000.txt"), "seeds/000.txt");
        assert_eq!(quote("N till N, \"nu\""), "\"N till N, \"\"nu\"\"\"");
        assert_eq!(quote("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    }

    #[test]
    fn a_block_of_the_grid_fits_a_hundred_characters() {
        assert_eq!(cell(None), "–");
        assert_eq!(cell(Some(0.126)), "0,13");
    }
}
