//! The semantic part of `similar`: how near two problem descriptions are in what their words
//! are used with across the corpus, beside the words they share.
//!
//! A text's *meaning* is the sum of the concept vectors ([`crate::index::concepts`]) of its
//! stems, each weighted as in its tf-idf [`Vector`] (so boilerplate, project-form vocabulary
//! and names weigh in it as little as in the lexical cosine), normalised. Two texts on
//! "etableringskedja" and "introduktion för nyanlända" share few stems but their stems are used
//! in the same documents, so their meanings are near. The cosine of two meanings, below zero
//! taken as zero, is blended with the lexical cosine by [`super::similar`].
//!
//! What linked two texts is shown as *concept links*: pairs of a source word the neighbour does
//! not have and a neighbour word the source does not have whose vectors are near, ranked by
//! their weights in the two texts times that nearness ("etableringsuppdraget ~ introduktion").

use super::vectors::{DocFreqs, Vector, SHOWN_EVIDENCE};
use crate::error::Result;
use crate::index::concepts::{Concepts, DIMENSIONS};

/// Words of each text (the heaviest not in the other) looked at for concept links.
const LINK_CANDIDATES: usize = 40;
/// The least cosine of two stems for a link to be shown: about two and a half times the spread
/// of the cosine of two unrelated stems (1 / sqrt(DIMENSIONS) = 0.06 for random vectors).
const LINK_COSINE: f32 = 0.15;

/// A text's normalised sum of concept vectors; zero when none of its stems is modelled.
#[derive(Debug, Clone)]
pub struct Meaning(Box<[f32; DIMENSIONS]>);

impl Meaning {
    /// The meaning of the text of `vector`.
    pub fn of(concepts: &Concepts, vector: &Vector) -> Meaning {
        let mut sum = Box::new([0f32; DIMENSIONS]);
        for (stem, weight) in vector.weights() {
            if let Some(index) = concepts.position(stem) {
                concepts.add_to(index, weight, &mut sum);
            }
        }
        let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            sum.iter_mut().for_each(|x| *x /= norm);
        }
        Meaning(sum)
    }

    /// The cosine of two meanings, 0 to 1 (a negative cosine is no likeness).
    pub fn cosine(&self, other: &Meaning) -> f32 {
        let dot: f32 = self.0.iter().zip(other.0.iter()).map(|(a, b)| a * b).sum();
        dot.clamp(0.0, 1.0)
    }
}

/// A source word and a neighbour word, neither in the other text, used in the same documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub source: String,
    pub neighbour: String,
    /// The cosine of their concept vectors.
    pub cosine: f32,
}

/// The `limit` strongest concept links between the texts of `source` and `neighbour`, one per
/// word on either side.
pub fn links(
    concepts: &Concepts,
    source: &Vector,
    neighbour: &Vector,
    freqs: &DocFreqs,
    limit: usize,
) -> Result<Vec<Link>> {
    let own = |vector: &Vector, other: &Vector| -> Result<Vec<(String, f32, usize)>> {
        let mut own = Vec::new();
        for (stem, weight) in vector.only(other) {
            if own.len() == LINK_CANDIDATES {
                break;
            }
            let Some(index) = concepts.position(&stem) else { continue };
            if freqs.is_common(&stem)? || freqs.evidence(&stem, false)? < SHOWN_EVIDENCE {
                continue;
            }
            own.push((stem, weight, index));
        }
        Ok(own)
    };
    let (theirs, ours) = (own(neighbour, source)?, own(source, neighbour)?);
    let mut pairs = Vec::new();
    for (a, a_weight, a_index) in &ours {
        for (b, b_weight, b_index) in &theirs {
            let cosine = concepts.cosine(*a_index, *b_index);
            if cosine >= LINK_COSINE {
                pairs.push((a_weight * b_weight * cosine, a, b, cosine));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(y.1)).then_with(|| x.2.cmp(y.2)));
    let mut links: Vec<Link> = Vec::new();
    let (mut used_a, mut used_b) = (Vec::new(), Vec::new());
    for (_, a, b, cosine) in pairs {
        if links.len() == limit {
            break;
        }
        let (source_word, neighbour_word) = (source.surface(a), neighbour.surface(b));
        let repeats = |used: &Vec<String>, word: &str| {
            used.iter().any(|shown: &String| super::vectors::same_word(shown, word))
        };
        if repeats(&used_a, &source_word)
            || repeats(&used_b, &neighbour_word)
            || super::vectors::same_word(&source_word, &neighbour_word)
        {
            continue;
        }
        used_a.push(source_word.clone());
        used_b.push(neighbour_word.clone());
        links.push(Link { source: source_word, neighbour: neighbour_word, cosine });
    }
    Ok(links)
}
