//! Many documents at once: the similarity of every pair, the closest pair and the clusters.
//!
//! A pair's similarity is the one `compare` gives two documents (and `similar` a neighbour):
//! the cosine of their tf-idf vectors over the problem description, or over one section. The
//! matrix is symmetric (each pair is computed once) with 1 on the diagonal; a pair where one
//! side lacks the section has no value. Clusters join documents whose similarity is at least
//! [`CLUSTER_SIMILARITY`] (single linkage: a chain of close pairs is one cluster), and each is
//! named by the distinctive words all its members share.

use std::collections::HashMap;

use super::section_counts;
use crate::document::{Document, SectionKind};
use crate::error::Result;
use crate::search::similar::Scope;
use crate::search::vectors::{words, DocFreqs, Vector};

/// Documents at least this similar belong in one cluster. From the judged set in
/// `benches/alignment/` indexed with g0vse: every version pair and every pair on the same
/// problem in other words scores 0.179 or more, every pair on different problems 0.173 or
/// less (`benches/README.md`); the margin is thin, so a cluster is a lead, not a verdict.
pub const CLUSTER_SIMILARITY: f32 = 0.175;

/// Most documents one matrix compares: beyond it the grid is unreadable and its cost (every
/// pair) grows with the square.
pub const MAX_DOCUMENTS: usize = 100;
/// Words naming a cluster.
const CLUSTER_WORDS: usize = 5;

#[derive(Debug, Clone)]
pub struct Matrix {
    pub docs: Vec<Document>,
    pub section: Option<SectionKind>,
    /// `scores[i][j]`: the similarity of documents i and j, `None` when one lacks the section.
    pub scores: Vec<Vec<Option<f32>>>,
    /// The most similar pair of different documents (i < j), if any pair has a score.
    pub closest: Option<(usize, usize)>,
    pub clusters: Vec<Cluster>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Indexes into `docs`, in order.
    pub members: Vec<usize>,
    /// The distinctive words every member has, most weighty first.
    pub words: Vec<String>,
}

/// The similarity matrix of `docs` over `section` (the problem description if `None`).
pub fn matrix(
    docs: Vec<Document>,
    section: Option<SectionKind>,
    freqs: &DocFreqs,
) -> Result<Matrix> {
    let mut vectors = Vec::with_capacity(docs.len());
    for doc in &docs {
        let counts = match section {
            Some(kind) => section_counts(doc, kind),
            None => Some(Scope::All.counts(doc)),
        };
        vectors.push(counts.map(|counts| Vector::new(counts, freqs)).transpose()?);
    }
    let n = docs.len();
    let mut scores = vec![vec![None; n]; n];
    let mut closest: Option<(f32, usize, usize)> = None;
    for i in 0..n {
        scores[i][i] = Some(1.0);
        for j in i + 1..n {
            let (Some(a), Some(b)) = (&vectors[i], &vectors[j]) else { continue };
            let score = a.cosine(b);
            scores[i][j] = Some(score);
            scores[j][i] = Some(score);
            if closest.is_none_or(|(best, _, _)| score > best) {
                closest = Some((score, i, j));
            }
        }
    }
    let clusters = clusters(&scores)
        .into_iter()
        .map(|members| {
            let words = shared_words(&members, &vectors, freqs)?;
            Ok(Cluster { members, words })
        })
        .collect::<Result<Vec<Cluster>>>()?;
    Ok(Matrix { docs, section, scores, closest: closest.map(|(_, i, j)| (i, j)), clusters })
}

/// Groups of two or more documents joined by pairs at least [`CLUSTER_SIMILARITY`] alike, in
/// the order of their first member.
fn clusters(scores: &[Vec<Option<f32>>]) -> Vec<Vec<usize>> {
    let n = scores.len();
    let mut root: Vec<usize> = (0..n).collect();
    fn find(root: &mut [usize], mut i: usize) -> usize {
        while root[i] != i {
            root[i] = root[root[i]];
            i = root[i];
        }
        i
    }
    for (i, row) in scores.iter().enumerate() {
        for (j, score) in row.iter().enumerate().skip(i + 1) {
            if score.is_some_and(|score| score >= CLUSTER_SIMILARITY) {
                let (ri, rj) = (find(&mut root, i), find(&mut root, j));
                root[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let r = find(&mut root, i);
        groups.entry(r).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    groups.sort_by_key(|group| group[0]);
    groups
}

/// The words every member's vector holds, by their summed weight.
fn shared_words(
    members: &[usize],
    vectors: &[Option<Vector>],
    freqs: &DocFreqs,
) -> Result<Vec<String>> {
    let Some(Some(first)) = members.first().map(|&i| &vectors[i]) else { return Ok(Vec::new()) };
    let mut ranked: Vec<(String, f32)> = first.only(&Vector::default());
    for &member in &members[1..] {
        let Some(vector) = &vectors[member] else { return Ok(Vec::new()) };
        let theirs: HashMap<String, f32> = vector.only(&Vector::default()).into_iter().collect();
        ranked.retain_mut(|(stem, weight)| match theirs.get(stem) {
            Some(w) => {
                *weight += w;
                true
            }
            None => false,
        });
    }
    ranked.sort_by(|(a_stem, a), (b_stem, b)| b.total_cmp(a).then_with(|| a_stem.cmp(b_stem)));
    words(ranked, |stem| first.surface(stem), freqs, CLUSTER_WORDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_chain_close_pairs_and_leave_loners_out() {
        let s = |x: f32| Some(x);
        let scores = vec![
            vec![s(1.0), s(0.3), s(0.0), s(0.1)],
            vec![s(0.3), s(1.0), s(0.26), s(0.0)],
            vec![s(0.0), s(0.26), s(1.0), None],
            vec![s(0.1), s(0.0), None, s(1.0)],
        ];
        assert_eq!(clusters(&scores), vec![vec![0, 1, 2]]);
        let apart = vec![vec![s(1.0), s(0.1)], vec![s(0.1), s(1.0)]];
        assert!(clusters(&apart).is_empty());
    }
}
