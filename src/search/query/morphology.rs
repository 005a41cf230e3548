//! Forms of a query word that Snowball's stem does not reach, searched below the word itself:
//! the other definite, genitive and plural forms of its lemma (see [`lemmas`]) and the longer
//! compounds of the index that begin with it ("kompetensförsörjning" →
//! "kompetensförsörjningsbehov", "elevhälsa" → "elevhälsoteamet"). The index holds the parts
//! of a compound one by one, so a compound query word meets a longer compound only here.
//!
//! [`lemmas`]: crate::analysis::lemmas

use tantivy::schema::Field;
use tantivy::Searcher;

use crate::analysis::compounds::{linking_forms, splitter};
use crate::analysis::decompound;
use crate::search::wildcard::successor;

/// Weight of another form of a query word's lemma relative to the word as typed: the same
/// noun, but the user wrote this form.
pub(super) const LEMMA_BOOST: f32 = 0.7;
/// Weight of a longer compound beginning with a query word: about the word, and more.
pub(super) const LONGER_COMPOUND_BOOST: f32 = 0.5;
/// Most longer compounds searched for one word: more would be a wildcard, not a word.
const MAX_LONGER: usize = 16;
/// Most terms looked at after one linking form per segment: a common head ("arbets-") begins
/// thousands, and a word that begins so many is no word users search for its compounds.
const MAX_SCANNED: usize = 2000;
/// Shorter words are compounds too rarely to be worth the walk.
const MIN_WORD_CHARS: usize = 8;

/// The terms of `field` (Snowball stems) that are `word` (lowercased, a compound) in a linking
/// form followed by a word that ends a compound, other than `own` (the word's stem); sorted,
/// at most [`MAX_LONGER`].
pub(super) fn longer_compounds(
    searcher: &Searcher,
    field: Field,
    word: &str,
    own: &str,
) -> Vec<String> {
    if word.chars().count() < MIN_WORD_CHARS || decompound::part_stems(word).is_empty() {
        return Vec::new();
    }
    let mut found: Vec<String> = Vec::new();
    for form in linking_forms(word) {
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else { continue };
            let from = form.as_bytes();
            let Ok(mut stream) =
                inverted.terms().range().ge(from).lt(successor(from)).into_stream()
            else {
                continue;
            };
            let mut scanned = 0;
            while stream.advance() && scanned < MAX_SCANNED {
                scanned += 1;
                let Ok(term) = std::str::from_utf8(stream.key()) else { continue };
                let Some(rest) = term.strip_prefix(form.as_str()) else { continue };
                // A term found in an earlier segment is not walked in the lexicon again.
                let new = term != own && !found.iter().any(|t| t == term);
                if new && splitter().continues(rest) {
                    found.push(term.to_string());
                }
            }
        }
    }
    found.sort();
    found.truncate(MAX_LONGER);
    found
}
