//! The tantivy index on disk: schema, safe rebuilds and opening with a schema-version check.
//!
//! An index folder holds generations: `CURRENT` names the live one (`gen-…/`, a tantivy index
//! plus `projsok.json`). A rebuild writes a new generation beside the live one and swaps
//! `CURRENT` by an atomic rename only after tantivy's commit, so a run killed at any moment
//! leaves the previous index searchable. `write.lock` is an OS file lock held by the writing
//! process; it dies with the process, so no stale lock blocks the next run.

pub mod acronyms;
pub mod clusters;
pub mod concepts;
pub mod document;
pub mod fingerprint;
pub mod ids;
pub mod learnt;
pub mod phases;
mod reading;
pub mod record;
pub mod schema;
pub mod spread;
pub mod writer;

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::columnar::BytesColumn;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher};

use crate::analysis;
use crate::error::{Error, Result};
use schema::{Fields, SCHEMA_VERSION};

/// Every term of a dictionary-encoded column (a `str` or `bytes` fast field), in ordinal order,
/// as `decode` makes it: one pass over the compressed dictionary. Looking each document's
/// ordinal up instead decompresses a block per document; it was a quarter of an `--update`
/// of one file at 100,000 pages (the clusters read every path and fingerprint).
pub(crate) fn terms_by_ordinal<T>(
    column: &BytesColumn,
    mut decode: impl FnMut(&[u8]) -> T,
) -> std::io::Result<Vec<T>> {
    let mut terms = Vec::with_capacity(column.num_terms());
    let mut stream = column.dictionary().stream()?;
    while stream.advance() {
        terms.push(decode(stream.key()));
    }
    Ok(terms)
}

/// The segments of `searcher` and their deleted documents, as one number: what a table
/// written beside a generation was worked out over (see `learnt`, `clusters`).
pub(crate) fn segments_key(searcher: &Searcher) -> u64 {
    let segments = searcher.segment_readers().iter();
    key_of(segments.map(|segment| (segment.segment_id().uuid_string(), segment.num_deleted_docs())))
}

/// [`segments_key`] of the segments `index` has committed.
pub(crate) fn committed_segments_key(index: &Index) -> tantivy::Result<u64> {
    let metas = index.searchable_segment_metas()?;
    Ok(key_of(metas.iter().map(|meta| (meta.id().uuid_string(), meta.num_deleted_docs()))))
}

fn key_of(segments: impl Iterator<Item = (String, u32)>) -> u64 {
    let mut segments: Vec<(String, u32)> = segments.collect();
    segments.sort();
    let text: Vec<String> =
        segments.iter().map(|(id, deleted)| format!("{id}:{deleted}")).collect();
    xxhash_rust::xxh3::xxh3_64(text.join(",").as_bytes())
}

const CURRENT: &str = "CURRENT";
const META: &str = "projsok.json";
/// The advice every "this index cannot be read" message ends with: the command that
/// rebuilds the index in `dir` (`--index` named unless it is the default).
/// Writes a table of the generation (`parts` one after the other) into its folder, whole or
/// not at all: a reader meets the old table or the new one, never a part of it.
pub(crate) fn write_table(generation: &Path, name: &str, parts: &[&[u8]]) -> std::io::Result<()> {
    use std::io::Write;
    let partial = generation.join(format!("{name}.partial"));
    let mut file = fs::File::create(&partial)?;
    for part in parts {
        file.write_all(part)?;
    }
    file.sync_all()?;
    fs::rename(&partial, generation.join(name))
}

pub fn rebuild_advice(dir: &Path) -> String {
    format!("rebuild with: {}", index_command(dir))
}

/// `projsok index FOLDER...`, with `--index DIR` unless `dir` is the default: the command
/// that (re)builds the index in `dir`. The folders are the user's to name; the index does not
/// record them.
pub fn index_command(dir: &Path) -> String {
    if dir == Path::new("index") {
        "projsok index FOLDER...".to_string()
    } else {
        format!("projsok index FOLDER... --index {}", dir.display())
    }
}

/// What projsok records beside tantivy's own files in a generation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexMeta {
    pub schema_version: u32,
    pub documents: u64,
    /// Whether compound parts were indexed (`projsok index --no-compounds` turns it off).
    pub compounds: bool,
    /// When the generation was built, in whole seconds since 1970 UTC (absent in indexes
    /// built before it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub built_at: Option<u64>,
    /// When `--update` last changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<u64>,
    /// The files and folders of the last build or update, as absolute paths when they could
    /// be resolved.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The working folder of the build, against which the documents' relative paths are
    /// read: an update run from another folder must find their files where they are (absent
    /// in indexes built before it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// The index folder relative to `base`, when it lies in it: a project moved or copied
    /// with its index in it is found again by where the index now is (absent when the index
    /// lies elsewhere, and in indexes built before it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_in_base: Option<String>,
}

/// The index folder `dir` relative to `base`, `/` between its parts, when it lies in it.
pub fn index_in(base: &Path, dir: &Path) -> Option<String> {
    let dir = fs::canonicalize(dir).ok()?;
    let base = fs::canonicalize(base).ok()?;
    let relative = dir.strip_prefix(&base).ok()?;
    let parts: Vec<String> =
        relative.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// An opened, searchable index generation.
pub struct OpenIndex {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    pub meta: IndexMeta,
    pub dir: PathBuf,
    /// The live generation's folder inside `dir`.
    pub generation: PathBuf,
}

impl OpenIndex {
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }
}

/// Segments from which a search runs on several threads: below it, handing segments to other
/// threads costs more than it saves (a g0vse-sized index has two or three).
const PARALLEL_SEARCH_SEGMENTS: usize = 8;

/// Large indexes (a rebuild's merges read at most 2.5× the memory budget each, so a million
/// pages keep about 16 segments) search their segments on all cores.
fn search_segments_in_parallel(index: &mut Index) {
    let segments = index.searchable_segment_metas().map_or(0, |metas| metas.len());
    let cores = std::thread::available_parallelism().map_or(1, |cores| cores.get()).min(8);
    if segments >= PARALLEL_SEARCH_SEGMENTS && cores > 1 {
        // On failure the search stays on one thread, which is correct, only slower.
        let _ = index.set_multithread_executor(cores);
    }
}

/// Whether `dir` holds a committed projsok index.
pub fn exists(dir: &Path) -> bool {
    dir.join(CURRENT).is_file()
}

/// Which commit of an index folder is live: the generation `CURRENT` names and the identity of
/// its `projsok.json`, the last file a rebuild or an update writes. Two equal versions mean no
/// commit happened in between; a reader compares them to know when to reopen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    generation: String,
    meta: (u64, u64, Option<std::time::SystemTime>),
}

/// The live version of `dir`, or `None` while it has no readable `CURRENT` or record.
pub fn version(dir: &Path) -> Option<Version> {
    let generation = fs::read_to_string(dir.join(CURRENT)).ok()?.trim().to_string();
    let record = fs::metadata(dir.join(&generation).join(META)).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&record);
    #[cfg(not(unix))]
    let inode = 0;
    Some(Version { generation, meta: (inode, record.len(), record.modified().ok()) })
}

fn current_generation(dir: &Path) -> Result<PathBuf> {
    let name = fs::read_to_string(dir.join(CURRENT)).map_err(|err| {
        if err.kind() == std::io::ErrorKind::NotFound {
            // A folder of the user's own files would refuse the build this advice names.
            let refused = writer::check_index_folder(dir).is_err_and(|err| !writer::is_busy(&err));
            if refused {
                Error::index(
                    dir,
                    "no index here, and the folder holds other files; name the index folder, or \
                     a new folder to build one in",
                )
            } else {
                Error::index(dir, format!("no index here; build one with: {}", index_command(dir)))
            }
        } else {
            let reason = crate::error::io_reason(&err);
            Error::index(dir, format!("cannot read {CURRENT}: {reason}; {}", rebuild_advice(dir)))
        }
    })?;
    let name = name.trim();
    // No file system names a folder longer than 255 bytes; a longer CURRENT is damaged.
    if name.is_empty() || name.len() > 255 || name.contains(['/', '\\']) || name.starts_with('.') {
        let name = crate::error::quoted_value(name);
        return Err(Error::index(
            dir,
            format!("{CURRENT} names no generation ({name}); {}", rebuild_advice(dir)),
        ));
    }
    Ok(dir.join(name))
}

fn version_mismatch(dir: &Path, version: u64) -> Error {
    Error::index(
        dir,
        format!(
            "schema version {version} but this projsok reads version {SCHEMA_VERSION}; {}",
            rebuild_advice(dir)
        ),
    )
}

/// Opens the live generation of the index in `dir` for searching.
///
/// Writers never wait for readers: a rebuild may swap `CURRENT` and remove the old generation,
/// and an update may commit and remove merged-away segment files, between our reading the
/// names and opening the files. The open then fails, and a second try finds a complete index.
/// Once opened, an index stays readable after its files are removed (they are held open).
/// Opening writes nothing and takes no exclusive lock (see `reading`), so anyone who can read
/// the folder can search it.
pub fn open(dir: &Path) -> Result<OpenIndex> {
    open_with(dir, Purpose::Search)
}

/// Opens the live generation for [`writer::Updater`], through tantivy's own directory.
fn open_for_update(dir: &Path) -> Result<OpenIndex> {
    open_with(dir, Purpose::Update)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Search,
    Update,
}

fn open_with(dir: &Path, purpose: Purpose) -> Result<OpenIndex> {
    const TRIES: usize = 3;
    let mut tries = 1;
    loop {
        match open_generation(dir, current_generation(dir)?, purpose) {
            Err(_) if tries < TRIES => tries += 1,
            outcome => return outcome,
        }
    }
}

fn open_generation(dir: &Path, generation: PathBuf, purpose: Purpose) -> Result<OpenIndex> {
    let meta_path = generation.join(META);
    let name = generation.file_name().unwrap_or_default().to_string_lossy().to_string();
    let meta_text = fs::read_to_string(&meta_path).map_err(|err| {
        let problem = if err.kind() == std::io::ErrorKind::NotFound {
            format!("generation {name} named by {CURRENT} is missing or incomplete")
        } else {
            format!("cannot read {name}/{META}: {}", crate::error::io_reason(&err))
        };
        Error::index(dir, format!("{problem}; {}", rebuild_advice(dir)))
    })?;
    let meta: IndexMeta = serde_json::from_str(&meta_text).map_err(|_| {
        // Another version's record may not parse as ours; a number tells which case it is.
        let version = serde_json::from_str::<serde_json::Value>(&meta_text)
            .ok()
            .and_then(|value| value.get("schema_version")?.as_u64());
        match version {
            Some(version) => version_mismatch(dir, version),
            None => Error::index(dir, format!("{name}/{META} is damaged; {}", rebuild_advice(dir))),
        }
    })?;
    if meta.schema_version != SCHEMA_VERSION {
        return Err(version_mismatch(dir, meta.schema_version.into()));
    }
    let opened = match purpose {
        Purpose::Search => reading::ReadingDirectory::open(&generation).and_then(Index::open),
        Purpose::Update => Index::open_in_dir(&generation),
    };
    let mut index = opened.map_err(|err| {
        let reason = crate::error::tantivy_reason(&err);
        Error::index(dir, format!("{reason}; {}", rebuild_advice(dir)))
    })?;
    analysis::register(index.tokenizers());
    search_segments_in_parallel(&mut index);
    let fields = Fields::new(&index.schema()).map_err(|_| {
        Error::index(dir, format!("fields differ from this projsok's; {}", rebuild_advice(dir)))
    })?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|err| Error::index(dir, err))?;
    Ok(OpenIndex { index, reader, fields, meta, dir: dir.to_path_buf(), generation })
}
