//! Concepts: which stems of the catch-all (`body`) are used in the same documents, learnt from
//! the indexed corpus itself when a generation is written (`concepts.bin` in its folder), so
//! that `similar` can link two texts that describe one problem in different words
//! ("etableringskedja" and "introduktion för nyanlända"; see `search::semantic`).
//!
//! The model is *random indexing* (Kanerva, Kristofersson and Holst 2000; Sahlgren 2005): every
//! document gets a random sparse index vector of [`DIMENSIONS`] with [`NONZEROS`] entries of ±1,
//! and a stem's vector is the sum of the index vectors of the documents it is in, each weighted
//! by `ln(1 + tf) / sqrt(length)` (a long report does not make all its words alike). Two stems'
//! vectors then have about the cosine of their rows of the term-document matrix: the random
//! projection stands for the matrix without ever holding it, in one pass over the postings,
//! with no model to download and no crate beyond tantivy. A truncated SVD of the same matrix
//! would need the matrix (44,000 documents × 90,000 stems) in memory and an iterative solver;
//! random indexing costs one add per posting and per nonzero.
//!
//! Only stems in at least [`MIN_DOCS`] documents and at most a quarter of them are modelled: a
//! rarer stem has too few documents for its vector to mean anything, a commoner one is in
//! documents of every topic. The vectors are centred (the mean stem vector, the pull of the
//! long reports every stem is in, is taken off) and normalised, then kept as bytes (`i8`, each
//! scaled to its largest entry) with their norm.
//!
//! The table is written whole or not at all, like `spread.bin`, and is counted again from the
//! whole index by every build and `--update` (the random contexts are the documents of the new
//! generation; a partial update of the vectors would mix two draws). An index without the
//! table, or whose table cannot be read, has none: [`read`] says `None` and `similar` ranks by
//! shared words alone.

use std::fs;
use std::io::Write;
use std::path::Path;

use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::termdict::TermMerger;
use tantivy::{DocSet, Searcher, TERMINATED};

/// The table's file in a generation's folder.
pub const FILE: &str = "concepts.bin";
/// The length of the vectors.
pub const DIMENSIONS: usize = 256;
/// The nonzero entries of a document's index vector.
const NONZEROS: usize = 8;
/// Documents a stem must be in to be modelled.
pub const MIN_DOCS: u64 = 5;
/// The largest share of the documents a modelled stem is in.
const MAX_DOC_SHARE: f64 = 0.25;
/// Documents an index needs before it is modelled at all.
const MIN_DOCS_FOR_SHARE: u64 = 100;
/// The table's first bytes: its kind and layout version.
const MAGIC: &[u8; 8] = b"PSKCNC01";

/// The stem vectors of a generation, as read from its `concepts.bin`:
/// `MAGIC | stems: u32 | offsets: (stems + 1) × u32 | stem bytes | norms: stems × f32 |
/// vectors: stems × DIMENSIONS × i8`, little-endian, stems in byte order. Read as one buffer
/// and looked up in place, so that opening it costs a `similar` no table building.
#[derive(Debug, Clone, PartialEq)]
pub struct Concepts {
    bytes: Vec<u8>,
    stems: usize,
    offsets_at: usize,
    stems_at: usize,
    norms_at: usize,
    vectors_at: usize,
}

impl Concepts {
    fn from_bytes(bytes: Vec<u8>) -> Option<Concepts> {
        if bytes.get(..MAGIC.len())? != MAGIC {
            return None;
        }
        let stems = u32_at(&bytes, MAGIC.len())? as usize;
        let offsets_at = MAGIC.len() + 4;
        let stems_at = offsets_at.checked_add(stems.checked_add(1)?.checked_mul(4)?)?;
        let stem_bytes = u32_at(&bytes, offsets_at + stems * 4)? as usize;
        let norms_at = stems_at.checked_add(stem_bytes)?;
        let vectors_at = norms_at.checked_add(stems.checked_mul(4)?)?;
        let end = vectors_at.checked_add(stems.checked_mul(DIMENSIONS)?)?;
        if end != bytes.len() {
            return None;
        }
        let concepts = Concepts { bytes, stems, offsets_at, stems_at, norms_at, vectors_at };
        // Offsets must rise and every stem must be text, in order: binary search relies on it.
        let mut previous: Option<&str> = None;
        for index in 0..stems {
            let (start, end) = (concepts.offset(index), concepts.offset(index + 1));
            if start > end || end > stem_bytes {
                return None;
            }
            let stem =
                std::str::from_utf8(&concepts.bytes[stems_at + start..stems_at + end]).ok()?;
            if previous.is_some_and(|previous| previous >= stem) {
                return None;
            }
            previous = Some(stem);
        }
        Some(concepts)
    }

    fn offset(&self, index: usize) -> usize {
        u32_at(&self.bytes, self.offsets_at + index * 4).unwrap_or_default() as usize
    }

    /// The modelled stems.
    pub fn len(&self) -> usize {
        self.stems
    }

    pub fn is_empty(&self) -> bool {
        self.stems == 0
    }

    /// The `index`th stem in byte order.
    pub fn stem(&self, index: usize) -> &str {
        std::str::from_utf8(self.stem_bytes(index)).unwrap_or_default()
    }

    /// The bytes of the `index`th stem (checked to be text when the table was read).
    fn stem_bytes(&self, index: usize) -> &[u8] {
        let (start, end) = (self.offset(index), self.offset(index + 1));
        &self.bytes[self.stems_at + start..self.stems_at + end]
    }

    /// Where `stem` is in the table, if it is modelled.
    pub fn position(&self, stem: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.stems);
        while low < high {
            let middle = (low + high) / 2;
            // Bytes, not text: the order is the same and a `similar` looks up thousands.
            match self.stem_bytes(middle).cmp(stem.as_bytes()) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle),
            }
        }
        None
    }

    /// Adds `weight` times the unit vector of the stem at `index` to `sum`.
    pub fn add_to(&self, index: usize, weight: f32, sum: &mut [f32; DIMENSIONS]) {
        let start = self.norms_at + index * 4;
        let norm = f32::from_le_bytes(self.bytes[start..start + 4].try_into().unwrap_or_default());
        if norm <= 0.0 {
            return;
        }
        let scale = weight / norm;
        let vector = &self.bytes[self.vectors_at + index * DIMENSIONS..][..DIMENSIONS];
        for (sum, &byte) in sum.iter_mut().zip(vector) {
            *sum += f32::from(byte as i8) * scale;
        }
    }

    /// The cosine of the stems at `a` and `b`.
    pub fn cosine(&self, a: usize, b: usize) -> f32 {
        let vector =
            |index: usize| &self.bytes[self.vectors_at + index * DIMENSIONS..][..DIMENSIONS];
        let norm = |index: usize| {
            let start = self.norms_at + index * 4;
            f32::from_le_bytes(self.bytes[start..start + 4].try_into().unwrap_or_default())
        };
        let dot: i32 = vector(a)
            .iter()
            .zip(vector(b))
            .map(|(&x, &y)| i32::from(x as i8) * i32::from(y as i8))
            .sum();
        let norms = norm(a) * norm(b);
        if norms > 0.0 {
            dot as f32 / norms
        } else {
            0.0
        }
    }
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

/// splitmix64: a document's index vector is drawn from the hash of its content, so that the
/// same corpus gives the same vectors however its documents fell into segments (indexing runs
/// on several threads).
fn mix(mut state: u64) -> u64 {
    state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    state = (state ^ (state >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    state = (state ^ (state >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    state ^ (state >> 31)
}

/// The nonzero entries of a document's index vector: (dimension, sign).
fn index_vector(content_hash: u64) -> [(usize, f32); NONZEROS] {
    let mut state = mix(content_hash);
    let mut entries = [(0, 0.0); NONZEROS];
    for entry in &mut entries {
        state = mix(state);
        let sign = if state & 1 == 0 { 1.0 } else { -1.0 };
        *entry = ((state >> 1) as usize % DIMENSIONS, sign);
    }
    entries
}

/// Learns the vectors of the stems of `field` in the searcher's documents; `content_hash` names
/// the fast field that tells documents apart by their content.
pub fn count(searcher: &Searcher, field: Field, content_hash: &str) -> tantivy::Result<Concepts> {
    let num_docs = searcher.num_docs();
    if num_docs < MIN_DOCS_FOR_SHARE {
        // A handful of documents teach nothing about words: the stems they all share would be
        // "alike" ("både ~ nya" in the five seeds).
        return Ok(centred(Vec::new(), Vec::new()));
    }
    let max_docs = (num_docs as f64 * MAX_DOC_SHARE) as u64;
    let segments = searcher.segment_readers();
    let inverted = segments
        .iter()
        .map(|segment| segment.inverted_index(field))
        .collect::<tantivy::Result<Vec<_>>>()?;
    // A document's weight: 1 / sqrt(its length in the field), by segment.
    let lengths = segments
        .iter()
        .map(|segment| segment.get_fieldnorms_reader(field))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let hashes = segments
        .iter()
        .map(|segment| segment.fast_fields().u64(content_hash))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let streams = inverted
        .iter()
        .map(|inverted| inverted.terms().stream())
        .collect::<std::io::Result<Vec<_>>>()?;
    let mut merger = TermMerger::new(streams);
    let mut stems: Vec<String> = Vec::new();
    let mut unit: Vec<f32> = Vec::new();
    let mut sum = [0f32; DIMENSIONS];
    while merger.advance() {
        let Ok(stem) = std::str::from_utf8(merger.key()) else { continue };
        if !crate::search::vectors::is_word(stem) {
            continue;
        }
        let infos: Vec<(usize, tantivy::postings::TermInfo)> =
            merger.current_segment_ords_and_term_infos().collect();
        let docs: u64 = infos.iter().map(|(_, info)| u64::from(info.doc_freq)).sum();
        if docs < MIN_DOCS || docs > max_docs {
            continue;
        }
        let stem = stem.to_string();
        sum.fill(0.0);
        for (segment, info) in infos {
            let alive = segments[segment].alive_bitset();
            let mut postings = inverted[segment]
                .read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
            while postings.doc() != TERMINATED {
                let doc = postings.doc();
                if alive.is_none_or(|alive| alive.is_alive(doc)) {
                    let length = lengths[segment].fieldnorm(doc).max(1) as f32;
                    let weight = (postings.term_freq() as f32).ln_1p() / length.sqrt();
                    // A document without a hash (none is written so) is told apart by its place.
                    let context = hashes[segment]
                        .first(doc)
                        .unwrap_or_else(|| ((segment as u64) << 32) | u64::from(doc));
                    for (dimension, sign) in index_vector(context) {
                        sum[dimension] += sign * weight;
                    }
                }
                postings.advance();
            }
        }
        let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm <= 0.0 {
            continue;
        }
        stems.push(stem);
        unit.extend(sum.iter().map(|x| x / norm));
    }
    Ok(centred(stems, unit))
}

/// The table of `stems` with their unit vectors (`unit`, [`DIMENSIONS`] each) less their mean.
fn centred(stems: Vec<String>, mut unit: Vec<f32>) -> Concepts {
    let mut mean = [0f32; DIMENSIONS];
    for vector in unit.chunks(DIMENSIONS) {
        for (mean, x) in mean.iter_mut().zip(vector) {
            *mean += x / stems.len() as f32;
        }
    }
    let mut norms = Vec::with_capacity(stems.len());
    let mut vectors = Vec::with_capacity(unit.len());
    for vector in unit.chunks_mut(DIMENSIONS) {
        for (x, mean) in vector.iter_mut().zip(mean) {
            *x -= mean;
        }
        let largest = vector.iter().fold(0f32, |largest, x| largest.max(x.abs()));
        let scale = if largest > 0.0 { 127.0 / largest } else { 0.0 };
        let bytes: Vec<i8> = vector.iter().map(|x| (x * scale).round() as i8).collect();
        let norm = bytes.iter().map(|&b| f32::from(b) * f32::from(b)).sum::<f32>().sqrt();
        norms.push(norm);
        vectors.extend(bytes.into_iter().map(|b| b as u8));
    }
    let mut bytes = MAGIC.to_vec();
    bytes.extend((stems.len() as u32).to_le_bytes());
    let mut offset = 0u32;
    bytes.extend(offset.to_le_bytes());
    for stem in &stems {
        offset += stem.len() as u32;
        bytes.extend(offset.to_le_bytes());
    }
    for stem in &stems {
        bytes.extend(stem.as_bytes());
    }
    for norm in norms {
        bytes.extend(norm.to_le_bytes());
    }
    bytes.extend(vectors);
    Concepts::from_bytes(bytes).expect("a table just laid out reads back")
}

/// Writes the table into the generation's folder, whole or not at all (a reader meets the old
/// table or the new one).
pub fn write(generation: &Path, concepts: &Concepts) -> std::io::Result<()> {
    let partial = generation.join(format!("{FILE}.partial"));
    let mut file = fs::File::create(&partial)?;
    file.write_all(&concepts.bytes)?;
    file.sync_all()?;
    fs::rename(&partial, generation.join(FILE))
}

/// The generation's table, or `None` when it has none that this version reads.
pub fn read(generation: &Path) -> Option<Concepts> {
    Concepts::from_bytes(fs::read(generation.join(FILE)).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, FAST, TEXT};
    use tantivy::{doc, Index};

    fn index_of(texts: &[&str]) -> (Index, Field) {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT);
        let hash = builder.add_u64_field("content_hash", FAST);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (n, text) in texts.iter().enumerate() {
            writer.add_document(doc!(body => *text, hash => mix(n as u64))).unwrap();
            if n == texts.len() / 2 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        (index, body)
    }

    #[test]
    fn stems_of_the_same_documents_are_alike_and_others_are_not() {
        // "skola" and "elev" share their 40 documents, "hamn" and "fartyg" theirs; "rare" is in
        // three documents only; "och" in every document (more than a quarter of 200). Five
        // documents are too few to model.
        let (small, body) = index_of(&["skola elev"; 5]);
        assert!(count(&small.reader().unwrap().searcher(), body, "content_hash")
            .unwrap()
            .is_empty());
        let mut texts = Vec::new();
        for n in 0..200 {
            texts.push(match n % 5 {
                0 => "skola elev och",
                1 => "hamn fartyg och",
                2 if n < 15 => "rare och",
                _ => "och",
            });
        }
        let (index, body) = index_of(&texts);
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let concepts = count(&searcher, body, "content_hash").unwrap();
        let stems: Vec<&str> = (0..concepts.len()).map(|n| concepts.stem(n)).collect();
        assert_eq!(stems, ["elev", "fartyg", "hamn", "skola"]);
        let at = |stem| concepts.position(stem).unwrap();
        assert_eq!(concepts.position("rare"), None);
        assert_eq!(concepts.position("och"), None);
        assert!(concepts.cosine(at("skola"), at("elev")) > 0.99);
        assert!(concepts.cosine(at("hamn"), at("fartyg")) > 0.99);
        assert!(concepts.cosine(at("skola"), at("hamn")) < 0.0);
        assert!((concepts.cosine(at("skola"), at("skola")) - 1.0).abs() < 1e-4);
    }

    #[test]
    fn a_table_reads_back_and_a_damaged_or_missing_one_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let concepts = centred(
            vec!["arbete".into(), "skola".into()],
            [[1.0; DIMENSIONS], [0.5; DIMENSIONS]].concat(),
        );
        write(dir.path(), &concepts).unwrap();
        let back = read(dir.path()).unwrap();
        assert_eq!(back, concepts);
        assert_eq!(back.position("skola"), Some(1));
        assert_eq!(back.position("arbet"), None);
        let mut damaged = concepts.bytes.clone();
        damaged.truncate(damaged.len() - 1);
        fs::write(dir.path().join(FILE), &damaged).unwrap();
        assert_eq!(read(dir.path()), None);
        fs::write(dir.path().join(FILE), b"PSKCNC01\xff\xff\xff\xff").unwrap();
        assert_eq!(read(dir.path()), None);
        fs::remove_file(dir.path().join(FILE)).unwrap();
        assert_eq!(read(dir.path()), None);
    }
}
