//! How the frequent stems of the catch-all (`body`) spread over the documents: for each stem in
//! at least [`MIN_DOCS`] documents, how many hold it and how often it occurs in them. Counted
//! once when a generation is written (`spread.bin` in its folder) rather than by every
//! `similar`: judging a stem's spread reads its postings, and a `similar` weighs the thousands
//! of stems of its hundred candidates (`search::evidence` turns the counts into weights).
//!
//! An index written before the table existed, or whose table cannot be read, has none:
//! [`read`] says `None` and the search side counts the stems it needs itself.
//!
//! Counting reads the postings of every frequent stem, which is what the collection costs, not
//! what an `--update` changes: an update keeps the table it found ([`carried`]) until the
//! documents added, changed or removed since the count exceed [`RECOUNT_SHARE`] of those
//! counted. Why that share cannot move the weights it feeds (`similar`'s boilerplate
//! damping) materially: a stem's weight is its residual idf, clamped to 0–1 bit, and for a
//! stem in a small share of the documents that is close to log2 of its mean occurrences per
//! document holding it. The documents changed move that mean by at most their share of the
//! stem's documents; a stem in a tenth of the collection or more (where the boilerplate of
//! every topic is) sees at most a tenth of the changed share, 0.1 % of its documents, a
//! change of its weight below 0.002 bit. A rarer stem can be off by more, but it is rare: its
//! weight acts on few candidates, and a stem that reached [`MIN_DOCS`] after the count is not in
//! the table and is counted by the search side itself.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Index, SegmentReader, TERMINATED};

/// The table's file in a generation's folder.
pub const FILE: &str = "spread.bin";
/// Documents a stem must be in before its spread is counted: a rarer stem is in too few
/// documents to be in documents of every topic.
pub const MIN_DOCS: u64 = 50;
/// The share of the counted documents that may be added, changed or removed before an update
/// counts the table again (see the module's doc for why the weights stay put below it).
pub const RECOUNT_SHARE: f64 = 0.01;
/// The table's layout; a table of another version is not read.
const VERSION: u32 = 2;

/// Documents and occurrences of each frequent stem of the catch-all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    version: u32,
    /// stem → (documents holding it, its occurrences in them)
    stems: HashMap<String, (u64, u64)>,
    /// Live documents when the table was counted.
    counted: u64,
    /// Documents added, changed or removed by updates since.
    changed: u64,
}

impl Spread {
    /// Documents holding `stem` and its occurrences in them; `None` for a stem in fewer than
    /// [`MIN_DOCS`] documents when the table was counted.
    pub fn get(&self, stem: &str) -> Option<(u64, u64)> {
        self.stems.get(stem).copied()
    }

    pub fn len(&self) -> usize {
        self.stems.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }

    /// Documents added, changed or removed since the count.
    pub fn changed_since_count(&self) -> u64 {
        self.changed
    }
}

/// The table `found` kept for a generation whose update added, changed or removed `touched`
/// documents; `None` when the changes since its count would exceed [`RECOUNT_SHARE`] of the
/// counted documents and it must be counted again.
pub fn carried(found: Spread, touched: u64) -> Option<Spread> {
    let changed = found.changed.saturating_add(touched);
    let allowed = (found.counted as f64 * RECOUNT_SHARE).floor() as u64;
    (changed <= allowed).then_some(Spread { changed, ..found })
}

/// Counts the spread of every stem of `field` in at least [`MIN_DOCS`] of the committed
/// documents of `index`.
///
/// One segment is open at a time, and each is closed before the next opens: the postings it
/// reads are mapped, and a reader held over all of them kept every frequent stem's postings of
/// the whole index resident in the process (about half the catch-all's postings), which with
/// the clusters' table made the peak of a million-page build (benches/README.md, Scale).
pub fn count(index: &Index, field: Field) -> tantivy::Result<Spread> {
    let segments = index.searchable_segments()?;
    // A stem in MIN_DOCS documents of the index is in at least its share of them in some
    // segment: only those are summed over every segment.
    let per_segment = MIN_DOCS.div_ceil(segments.len().max(1) as u64);
    let mut stems: HashMap<String, (u64, u64)> = HashMap::new();
    let mut counted = 0u64;
    for segment in &segments {
        let reader = SegmentReader::open(segment)?;
        counted += u64::from(reader.num_docs());
        let inverted = reader.inverted_index(field)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            if u64::from(stream.value().doc_freq) < per_segment {
                continue;
            }
            if let Ok(stem) = std::str::from_utf8(stream.key()) {
                stems.entry(stem.to_string()).or_default();
            }
        }
    }
    for segment in &segments {
        let reader = SegmentReader::open(segment)?;
        let inverted = reader.inverted_index(field)?;
        for (stem, (docs, occurrences)) in stems.iter_mut() {
            let Some(info) = inverted.terms().get(stem.as_bytes())? else { continue };
            let mut postings =
                inverted.read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
            while postings.doc() != TERMINATED {
                *docs += 1;
                *occurrences += u64::from(postings.term_freq());
                postings.advance();
            }
        }
    }
    stems.retain(|_, (docs, _)| *docs >= MIN_DOCS);
    Ok(Spread { version: VERSION, stems, counted, changed: 0 })
}

/// Writes the table into the generation's folder, whole or not at all (a reader meets the old
/// table or the new one).
pub fn write(generation: &Path, spread: &Spread) -> std::io::Result<()> {
    let bytes = postcard::to_allocvec(spread).map_err(std::io::Error::other)?;
    super::write_table(generation, FILE, &[&bytes])
}

/// The generation's table, or `None` when it has none that this version reads.
pub fn read(generation: &Path) -> Option<Spread> {
    let bytes = fs::read(generation.join(FILE)).ok()?;
    let spread: Spread = postcard::from_bytes(&bytes).ok()?;
    (spread.version == VERSION).then_some(spread)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index};

    #[test]
    fn counts_documents_and_occurrences_of_frequent_stems_only() {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for n in 0..60 {
            // "common" in all 60 documents, twice in every third; "rare" in 10.
            let text = match (n % 3, n < 10) {
                (0, true) => "common common rare",
                (0, false) => "common common",
                (_, true) => "common rare",
                (_, false) => "common",
            };
            writer.add_document(doc!(body => text)).unwrap();
            if n == 30 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        assert_eq!(index.searchable_segments().unwrap().len(), 2);
        let spread = count(&index, body).unwrap();
        assert_eq!(spread.get("common"), Some((60, 80)));
        assert_eq!(spread.get("rare"), None);
        assert_eq!(spread.len(), 1);
        assert_eq!((spread.counted, spread.changed), (60, 0));
    }

    #[test]
    fn updates_keep_the_count_until_a_hundredth_of_the_documents_changed() {
        let mut counted = Spread { version: VERSION, counted: 1_000, ..Spread::default() };
        counted.stems.insert("arbete".to_string(), (120, 300));
        let once = carried(counted.clone(), 4).unwrap();
        assert_eq!(once.changed_since_count(), 4);
        assert_eq!(once.get("arbete"), Some((120, 300)));
        let twice = carried(once, 6).unwrap();
        assert_eq!(twice.changed_since_count(), 10);
        assert_eq!(carried(twice, 1), None);
        assert_eq!(carried(counted.clone(), 11), None);
        // Fewer than a hundred documents: every change counts again.
        assert_eq!(carried(Spread { counted: 99, ..counted }, 1), None);
    }

    #[test]
    fn a_table_reads_back_and_a_damaged_or_missing_one_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let mut spread = Spread { version: VERSION, counted: 500, changed: 3, ..Spread::default() };
        spread.stems.insert("arbete".to_string(), (120, 300));
        write(dir.path(), &spread).unwrap();
        assert_eq!(read(dir.path()), Some(spread));
        fs::write(dir.path().join(FILE), b"\xff\xff\xff").unwrap();
        assert_eq!(read(dir.path()), None);
        fs::remove_file(dir.path().join(FILE)).unwrap();
        assert_eq!(read(dir.path()), None);
    }
}
