//! A document's fingerprint, computed when it is indexed: what `index::clusters` needs to find
//! near-duplicates and versions among all documents without reading any document again.
//!
//! - **Text signature**: a MinHash of the document's problem text (title and sections, less
//!   the accessibility, equality and transnational boilerplate every ESF page has, less the
//!   header and organisation lists) as word 3-shingles. Words are the text lower-cased and
//!   split on non-alphanumerics, the first steps of the index's analysis: two versions of a
//!   text share their word forms, so stemming would find nothing more here and would double
//!   the analysis cost of indexing. One-permutation hashing (one hash per shingle, its top
//!   bits choosing one of [`BINS`] bins that keeps its least value; empty bins filled from
//!   the next full one, Shrivastava and Li's rotation) costs one xxh3 per word where classic
//!   MinHash costs [`BINS`]; the share of equal bins estimates the Jaccard similarity of the
//!   two shingle sets. No crate: the MinHash crates on crates.io compute [`BINS`] hashes per
//!   shingle (which would put indexing over its budget) or pull in a hashing stack of their
//!   own, and this is sixty lines.
//! - **Owner** and **title key**, hashed: the projektägare, and the title's content words
//!   without the phase and genre words ("Förprojektering", "Lagrådsremiss", "Prop.") that
//!   tell two versions of a project or a bill apart.
//!
//! The fingerprint is a fast bytes column (`fingerprint`); its layout is [`Fingerprint::encode`].

use xxhash_rust::xxh3::xxh3_64;

use crate::document::{Document, SectionKind};

/// Bins of the text signature.
pub const BINS: usize = 64;
/// A bin as kept: the low 16 bits of its least 32-bit value (b-bit minwise hashing, Li and
/// König). Two unrelated bins agree by chance once in 65,536, which moves no estimate that
/// matters, and the column is half the size: 32-bit bins were 272 bytes a document of random
/// bits, 13 of g0vse's 59 MiB.
pub type Bin = u16;
/// Shingles below which a text has no signature: a title and a line are "similar"
/// to every page with those words, and say nothing about being the same text.
pub const MIN_SHINGLES: usize = 24;
/// Filled bins below which a text of many shingles is one line repeated.
const MIN_FILLED_BINS: usize = 8;
/// Words per shingle.
const SHINGLE_WORDS: usize = 3;
/// Title words that name a document's phase or genre, not its topic.
const TITLE_GENRE_WORDS: [&str; 24] = [
    "förprojektering",
    "förprojekt",
    "genomförande",
    "genomförandeprojekt",
    "genomförandefas",
    "lagrådsremiss",
    "utkast",
    "prop",
    "proposition",
    "promemoria",
    "kommittédirektiv",
    "tilläggsdirektiv",
    "dir",
    "sou",
    "och",
    "för",
    "med",
    "som",
    "till",
    "den",
    "det",
    "att",
    "från",
    "inom",
];
/// Content words a title key needs: a title of one word is shared by unrelated documents.
const MIN_TITLE_WORDS: usize = 2;

/// What `index::clusters` compares documents by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Hash of the projektägare, lower-cased; 0 for a document without one.
    pub owner: u64,
    /// Hash of the title's content words (sorted, unique); 0 for a title of too few.
    pub title: u64,
    /// The text's MinHash; `None` for a text of fewer than [`MIN_SHINGLES`] shingles.
    pub signature: Option<[Bin; BINS]>,
}

impl Fingerprint {
    pub fn of(doc: &Document) -> Fingerprint {
        let owner = match doc.owner.as_deref().map(str::trim) {
            Some(owner) if !owner.is_empty() => xxh3_64(owner.to_lowercase().as_bytes()) | 1,
            _ => 0,
        };
        let texts = std::iter::once(doc.title.as_str()).chain(
            doc.sections
                .iter()
                .filter(|section| {
                    !matches!(
                        section.kind,
                        SectionKind::Accessibility
                            | SectionKind::Equality
                            | SectionKind::Transnational
                    )
                })
                .map(|section| section.text.as_str()),
        );
        Fingerprint { owner, title: title_key(&doc.title), signature: signature(texts) }
    }

    /// owner (8 bytes LE), title key (8 bytes LE), then the signature's bins (2 bytes LE each)
    /// when there is one.
    pub fn encode(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(16 + 2 * BINS);
        bytes.extend_from_slice(&self.owner.to_le_bytes());
        bytes.extend_from_slice(&self.title.to_le_bytes());
        for bin in self.signature.iter().flatten() {
            bytes.extend_from_slice(&bin.to_le_bytes());
        }
        bytes
    }

    /// The fingerprint [`encode`](Self::encode) wrote; `None` for bytes of another layout.
    pub fn decode(bytes: &[u8]) -> Option<Fingerprint> {
        let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or([0; 8]));
        let signature = match bytes.len() {
            16 => None,
            len if len == 16 + 2 * BINS => {
                let mut bins = [0; BINS];
                for (bin, chunk) in bins.iter_mut().zip(bytes[16..].chunks_exact(2)) {
                    *bin = Bin::from_le_bytes(chunk.try_into().unwrap_or([0; 2]));
                }
                Some(bins)
            }
            _ => return None,
        };
        Some(Fingerprint { owner: word(0), title: word(8), signature })
    }
}

/// The estimated Jaccard similarity of the shingle sets of two signatures: the share of equal
/// bins.
pub fn similarity(a: &[Bin; BINS], b: &[Bin; BINS]) -> f32 {
    let equal = a.iter().zip(b).filter(|(a, b)| a == b).count();
    equal as f32 / BINS as f32
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty())
}

/// The MinHash of the word 3-shingles of `texts` (read as one text), by one-permutation
/// hashing with rotation densification.
pub fn signature<'a>(texts: impl Iterator<Item = &'a str>) -> Option<[Bin; BINS]> {
    let mut bins = [u32::MAX; BINS];
    let mut filled = [false; BINS];
    let mut window = [0u64; SHINGLE_WORDS];
    let mut seen = 0usize;
    let mut shingles = 0usize;
    let mut lower = String::new();
    for word in texts.flat_map(words) {
        // Most words are ASCII, and most of those lower-case already: char by char, the
        // lower-casing cost a quarter of a second of a g0vse build.
        let folded: &[u8] = if !word.is_ascii() {
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            lower.as_bytes()
        } else if word.bytes().any(|byte| byte.is_ascii_uppercase()) {
            lower.clear();
            lower.push_str(word);
            lower.make_ascii_lowercase();
            lower.as_bytes()
        } else {
            word.as_bytes()
        };
        window.rotate_left(1);
        window[SHINGLE_WORDS - 1] = xxh3_64(folded);
        seen += 1;
        if seen < SHINGLE_WORDS {
            continue;
        }
        // Combining the words' hashes is a hash of the shingle without hashing its text again.
        let hash = window
            .iter()
            .fold(0x9E37_79B9_7F4A_7C15u64, |acc, &word| (acc ^ word).wrapping_mul(0x100_0000_01B3))
            .rotate_left(29)
            .wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let bin = (hash >> 58) as usize;
        let value = hash as u32;
        shingles += 1;
        bins[bin] = bins[bin].min(value);
        filled[bin] = true;
    }
    // A line repeated many times has many shingles but few distinct ones, which fill few bins.
    let distinct_at_least = filled.iter().filter(|&&full| full).count();
    if shingles < MIN_SHINGLES || distinct_at_least < MIN_FILLED_BINS {
        return None;
    }
    let full = bins;
    for (at, bin) in bins.iter_mut().enumerate() {
        if filled[at] {
            continue;
        }
        // The next filled bin, with the distance mixed in, so that two texts share a filled
        // bin only where both borrowed it from the same place.
        let (distance, from) = (1..BINS)
            .map(|distance| (distance, (at + distance) % BINS))
            .find(|&(_, from)| filled[from])
            .unwrap_or((0, at));
        *bin = full[from].wrapping_add((distance as u32).wrapping_mul(0x9E37_79B9));
    }
    Some(bins.map(|bin| bin as Bin))
}

/// The hash of a title's content words, or 0 for a title of fewer than [`MIN_TITLE_WORDS`].
pub fn title_key(title: &str) -> u64 {
    let mut content: Vec<String> = words(title)
        .map(str::to_lowercase)
        .filter(|word| word.chars().count() >= 3)
        .filter(|word| !word.chars().any(|c| c.is_ascii_digit()))
        .filter(|word| !TITLE_GENRE_WORDS.contains(&word.as_str()))
        .collect();
    content.sort();
    content.dedup();
    if content.len() < MIN_TITLE_WORDS {
        return 0;
    }
    xxh3_64(content.join(" ").as_bytes()) | 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(words: usize, offset: usize) -> String {
        (offset..offset + words).map(|n| format!("ord{n}")).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn identical_texts_have_equal_signatures_and_disjoint_ones_share_next_to_nothing() {
        let a = signature(std::iter::once(text(400, 0).as_str())).unwrap();
        let b = signature(std::iter::once(text(400, 0).as_str())).unwrap();
        let c = signature(std::iter::once(text(400, 10_000).as_str())).unwrap();
        assert_eq!(similarity(&a, &b), 1.0);
        assert_eq!(similarity(&a, &c), 0.0);
    }

    #[test]
    fn the_estimate_follows_the_share_of_shared_shingles() {
        // 1 000 words against the same with the last 250 replaced: 748 of 1 248 distinct
        // shingles shared, a Jaccard of 0.60; 38 of the 64 bins agree.
        let a = signature(std::iter::once(text(1_000, 0).as_str())).unwrap();
        let b = format!("{} {}", text(750, 0), text(250, 50_000));
        let b = signature(std::iter::once(b.as_str())).unwrap();
        assert_eq!(similarity(&a, &b), 0.59375);
    }

    #[test]
    fn case_and_punctuation_do_not_tell_two_texts_apart() {
        let words = text(100, 0);
        let shouting = words.to_uppercase().replace(' ', ", ");
        assert_eq!(
            signature(std::iter::once(words.as_str())),
            signature(std::iter::once(shouting.as_str()))
        );
    }

    #[test]
    fn swedish_capitals_fold_as_ascii_ones_do() {
        let lower: Vec<String> = (0..60).map(|n| format!("åtgärd{n} ord{n}")).collect();
        let mixed: Vec<String> = (0..60).map(|n| format!("ÅTGÄRD{n} Ord{n}")).collect();
        let other: Vec<String> = (0..60).map(|n| format!("atgard{n} ord{n}")).collect();
        let of = |words: &[String]| signature(std::iter::once(words.join(" ").as_str()));
        assert_eq!(of(&lower), of(&mixed));
        assert_ne!(of(&lower), of(&other));
    }

    #[test]
    fn short_texts_have_no_signature() {
        assert_eq!(signature(std::iter::once(text(25, 0).as_str())), None);
        assert!(signature(std::iter::once(text(26, 0).as_str())).is_some());
    }

    #[test]
    fn title_keys_ignore_phase_and_genre_words() {
        assert_eq!(
            title_key("Förprojektering: Vägen till arbete i Kalmar"),
            title_key("Vägen till arbete i Kalmar – genomförande")
        );
        assert_eq!(
            title_key("Lagrådsremiss: Nya utstationeringsregler"),
            title_key("Prop. 2016/17:107 Nya utstationeringsregler")
        );
        assert_ne!(title_key("Vägen till arbete i Kalmar"), title_key("Vägen till arbete i Borås"));
        assert_eq!(title_key("Förprojektering"), 0);
        assert_eq!(title_key("Lagrådsremiss om X"), 0);
    }

    #[test]
    fn fingerprints_read_back_as_written() {
        let with = Fingerprint {
            owner: 7,
            title: 9,
            signature: signature(std::iter::once(text(100, 0).as_str())),
        };
        let without = Fingerprint { owner: 0, title: 3, signature: None };
        assert_eq!(with.encode().len(), 16 + 2 * BINS);
        assert_eq!(Fingerprint::decode(&with.encode()), Some(with));
        assert_eq!(Fingerprint::decode(&without.encode()), Some(without));
        assert_eq!(Fingerprint::decode(&[1, 2, 3]), None);
        // The 32-bit bins of schema version 10.
        assert_eq!(Fingerprint::decode(&[0; 16 + 4 * BINS]), None);
    }
}
