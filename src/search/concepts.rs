//! What two problem descriptions have in common beyond their shared words: the angle between
//! the sums of their stems' concept vectors (learnt at index time, see
//! [`crate::index::concepts`]), and the pairs of different words that link them.
//!
//! A description's *meaning* is its vector in the concepts' space, `Vᵀ d` for its stems'
//! weights `d` as in its tf-idf [`Vector`] (so the learnt boilerplate, the project-form
//! vocabulary and place names weigh what they weigh there), less its part along the direction
//! that every description leans towards (the corpus's centroid), made a unit vector. Two descriptions
//! that use other words for one problem have near meanings when their words are used together
//! in other documents.

use super::vectors::{same_word, DocFreqs, Vector};
use crate::error::Result;
use crate::index::concepts::{Concepts, DIMENSIONS};

/// Stems of each side, the weightiest first, among which linking pairs are looked for.
const LINK_CANDIDATES: usize = 25;
/// The least cosine of two stems' vectors for them to be shown as linked. Words of one wide
/// field are at 0.5 to 0.7 of each other ("social" and "trygg" 0.66), the words one problem is
/// described in higher ("nyanländ" and "etableringsinsats" 0.91); at 0.4 most of the pairs
/// shown for the related-documents set's sources were of the first kind or chance
/// ("utrikesfödda" and "yrkesroller").
pub const MIN_LINK_COSINE: f32 = 0.7;
/// Evidence (see [`DocFreqs::evidence`]) a stem needs to be shown in a link, as in the shared
/// words.
const SHOWN_EVIDENCE: f32 = 0.5;
/// Documents a stem must be in to be shown in a link: the vector of a rarer one is learnt
/// from the company it keeps in a handful of documents, and links it by chance ("självmant"
/// and "skyddsbehövande", 0.72, in five documents).
const MIN_LINK_DOCS: u32 = 20;
/// The share of the documents above which a stem is too general to be shown in a link: words
/// like "fler", "komma" or "samhället" are near the words of every field and explain nothing.
const MAX_LINK_SHARE: f64 = 0.02;

/// The unit meaning vector of a description; empty when none of its stems has a vector.
#[derive(Debug, Clone, Default)]
pub struct Meaning {
    unit: Vec<f32>,
}

impl Meaning {
    pub fn of(vector: &Vector, concepts: &Concepts) -> Meaning {
        let mut sum = vec![0f32; DIMENSIONS];
        let mut any = false;
        // The weights are in stem order, as the concepts' rows are.
        let mut from = 0;
        for (stem, weight) in vector.weights() {
            match concepts.row_from(stem, from) {
                Ok(row) => {
                    concepts.add_to(&mut sum, row, *weight);
                    any = true;
                    from = row + 1;
                }
                Err(next) => from = next,
            }
        }
        if !any {
            return Meaning::default();
        }
        concepts.fold_in(&mut sum);
        let centroid = concepts.centroid();
        let lean: f32 = sum.iter().zip(centroid).map(|(x, c)| x * c).sum();
        for (x, c) in sum.iter_mut().zip(centroid) {
            *x -= lean * c;
        }
        let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm <= f32::EPSILON {
            return Meaning::default();
        }
        Meaning { unit: sum.into_iter().map(|x| x / norm).collect() }
    }

    /// The cosine of two meanings, -1 to 1; `None` when either is empty (a text none of whose
    /// stems has a vector has no meaning to compare, which is not a meaning unlike the other).
    pub fn cosine(&self, other: &Meaning) -> Option<f32> {
        if self.unit.is_empty() || other.unit.is_empty() {
            return None;
        }
        Some(self.unit.iter().zip(&other.unit).map(|(x, y)| x * y).sum::<f32>().clamp(-1.0, 1.0))
    }

    pub fn is_empty(&self) -> bool {
        self.unit.is_empty()
    }
}

/// A word as shown: without soft hyphens and zero-width characters, which a text may carry
/// inside a word.
fn visible(word: &str) -> String {
    word.chars().filter(|&c| !crate::text::is_invisible(c)).collect()
}

/// A word of the source and a different word of the neighbour whose stems are used together
/// in the corpus, as each text writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub source: String,
    pub neighbour: String,
    /// The cosine of the two stems' vectors.
    pub cosine: f32,
}

/// The pairs of words, one only in `source` and one only in `neighbour`, that do most to make
/// their meanings near: by the product of their weights and their stems' cosine, each word in
/// one pair at most, at most `limit`, only pairs of at least [`MIN_LINK_COSINE`], and only words
/// that carry meaning. A word `shared` lists (the words shown as shared, which a stem only one
/// side has may still read as: "utanförskap", "utanförskapet") is no link: a link says what the
/// shared words do not.
pub fn links(
    source: &Vector,
    neighbour: &Vector,
    concepts: &Concepts,
    freqs: &DocFreqs,
    shared: &[String],
    limit: usize,
) -> Result<Vec<Link>> {
    let side = |of: &Vector, other: &Vector| -> Result<Vec<(String, f32, usize)>> {
        let mut kept = Vec::new();
        for (stem, weight) in of.only(other) {
            if kept.len() == LINK_CANDIDATES {
                break;
            }
            let Some(row) = concepts.row(&stem) else { continue };
            let docs = concepts.doc_freq(row);
            let general = f64::from(docs) > MAX_LINK_SHARE * concepts.counted() as f64;
            if docs < MIN_LINK_DOCS || general {
                continue;
            }
            if freqs.is_common(&stem)? || freqs.evidence(&stem, false)? < SHOWN_EVIDENCE {
                continue;
            }
            kept.push((stem, weight, row));
        }
        Ok(kept)
    };
    let (mine, theirs) = (side(source, neighbour)?, side(neighbour, source)?);
    let mut pairs = Vec::new();
    for (my_stem, my_weight, my_row) in &mine {
        for (their_stem, their_weight, their_row) in &theirs {
            let cosine = concepts.cosine(*my_row, *their_row);
            if cosine >= MIN_LINK_COSINE {
                // The geometric mean of the weights: one rare word in a long text must not
                // pair with everything.
                let weight = (my_weight * their_weight).sqrt() * cosine;
                pairs.push((weight, cosine, my_stem, their_stem));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.cmp(b.2)).then_with(|| a.3.cmp(b.3)));
    let mut shown: Vec<Link> = Vec::new();
    for (_, cosine, my_stem, their_stem) in pairs {
        if shown.len() == limit {
            break;
        }
        let (mine, theirs) = (source.surface(my_stem), neighbour.surface(their_stem));
        // Two forms of one word that the stemmer kept apart are one word, not a link.
        let alike = |a: &str, b: &str| a == b || same_word(a, b);
        let repeats = |link: &Link| alike(&link.source, &mine) || alike(&link.neighbour, &theirs);
        let in_shared = |word: &str| shared.iter().any(|term| alike(term, word));
        if alike(&mine, &theirs)
            || shown.iter().any(repeats)
            || in_shared(&mine)
            || in_shared(&theirs)
        {
            continue;
        }
        shown.push(Link { source: visible(&mine), neighbour: visible(&theirs), cosine });
    }
    Ok(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_without_a_meaning_is_not_compared() {
        let unit = Meaning { unit: vec![0.6, 0.8] };
        assert_eq!(unit.cosine(&unit), Some(1.0));
        assert_eq!(unit.cosine(&Meaning { unit: vec![0.8, -0.6] }), Some(0.0));
        assert_eq!(Meaning::default().cosine(&unit), None);
        assert_eq!(unit.cosine(&Meaning::default()), None);
    }
}
