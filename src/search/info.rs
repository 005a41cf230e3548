//! What an index holds, for `projsok info` and nothing else: its documents by format, the
//! counts of every facet value (the language is a facet), its size on disk and the record of
//! how it was built ([`IndexMeta`]). Nothing here prints.

use std::collections::BTreeMap;
use std::path::Path;

use tantivy::DocAddress;

use super::{browse, Engine, Filters};
use crate::analysis::synonyms::Synonyms;
use crate::document::Format;
use crate::error::{Error, Result};
use crate::index::schema::Facet;
use crate::index::IndexMeta;

/// The description of one index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexInfo {
    /// The live generation's folder name.
    pub generation: String,
    pub meta: IndexMeta,
    pub documents: u64,
    /// Documents per format (`esf`, `transcript`, `plain`, as `show --json` names them),
    /// most first, then by name.
    pub formats: Vec<(String, u64)>,
    /// Every value of every facet with its document count, as `facets` counts them.
    pub facets: Vec<(Facet, Vec<(String, u64)>)>,
    /// Bytes of the live generation's files.
    pub bytes: u64,
    pub segments: usize,
}

/// Describes the index `engine` has open. Reads every stored record once (without its
/// sections) to count the formats, which the index has no field for.
pub fn describe(engine: &Engine) -> Result<IndexInfo> {
    let index = engine.index();
    let searcher = index.searcher();
    let mut formats: BTreeMap<&str, u64> = BTreeMap::new();
    for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in segment.doc_ids_alive() {
            let address = DocAddress::new(ordinal as u32, doc);
            let record = super::load(&searcher, index, address, false)?;
            *formats.entry(format_name(record.format)).or_default() += 1;
        }
    }
    let mut formats: Vec<(String, u64)> =
        formats.into_iter().map(|(name, count)| (name.to_string(), count)).collect();
    // Stable: names stay in order among equal counts.
    formats.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    let no_filters = Filters::default();
    let everything = browse::Matching { query: "", filters: &no_filters, exact: false };
    let all = browse::facet_counts(engine, &Synonyms::built_in(), everything, &Facet::ALL)?;
    let bytes = folder_bytes(&index.generation).map_err(|err| Error::io(&index.generation, err))?;
    Ok(IndexInfo {
        generation: index.generation.file_name().unwrap_or_default().to_string_lossy().into_owned(),
        meta: index.meta.clone(),
        documents: searcher.num_docs(),
        formats,
        facets: all.facets,
        bytes,
        segments: searcher.segment_readers().len(),
    })
}

/// The format's name as JSON writes it; "unknown" for a record without one.
fn format_name(format: Option<Format>) -> &'static str {
    match format {
        Some(Format::Esf) => "esf",
        Some(Format::Transcript) => "transcript",
        Some(Format::Plain) => "plain",
        None => "unknown",
    }
}

/// The bytes of the files under `dir` (a generation holds no links or subfolders of its own
/// but is walked whole anyway).
fn folder_bytes(dir: &Path) -> std::io::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            total += folder_bytes(&entry.path())?;
        } else if kind.is_file() {
            total += entry.metadata()?.len();
        }
    }
    Ok(total)
}
