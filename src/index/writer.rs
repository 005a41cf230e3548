//! Writes the index: [`Builder`] builds a new generation beside the live one and swaps it in
//! after the commit; [`Updater`] changes the live generation in place with one tantivy commit,
//! which is atomic. Both hold the folder's write lock for as long as they live.
//!
//! Debug builds have failpoints: with `PROJSOK_FAILPOINT=<name>` in the environment the process
//! aborts at that point, as if killed there (see `tests/reliability.rs`). The names are
//! `before-commit`, `after-commit` (tantivy committed, `projsok.json` not yet written),
//! `after-meta` (a rebuild's `CURRENT` not yet swapped) and `after-swap`.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use tantivy::indexer::{IndexWriterOptions, LogMergePolicy, MergePolicy, NoMergePolicy};
use tantivy::{Index, IndexWriter, Term};

use super::document::{to_tantivy, IndexDoc, Source};
use super::schema::{self, Fields, SCHEMA_VERSION};
use super::{IndexMeta, OpenIndex, CURRENT, META};
use crate::analysis;
use crate::document::Document;
use crate::error::{Error, Result};

const LOCK: &str = "write.lock";
const GENERATION_PREFIX: &str = "gen-";

/// How to build an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildOptions {
    pub compounds: bool,
    /// tantivy's indexing memory budget over all threads, in bytes.
    pub memory_budget: usize,
    pub threads: usize,
}

impl Default for BuildOptions {
    fn default() -> BuildOptions {
        BuildOptions { compounds: true, memory_budget: 200 << 20, threads: 2 }
    }
}

/// Segments with more documents than this are never merged by an update.
const UPDATE_MERGE_MAX_DOCS: usize = 10_000;

/// A writer with `options`' threads and memory budget, one merge at a time: a merge maps the
/// segments it reads, and several at once multiplied the memory of large builds.
fn open_writer(
    index: &Index,
    options: BuildOptions,
    policy: Box<dyn MergePolicy>,
) -> tantivy::Result<IndexWriter<IndexDoc>> {
    let threads = options.threads.max(1);
    let writer_options = IndexWriterOptions::builder()
        .num_worker_threads(threads)
        .memory_budget_per_thread(options.memory_budget / threads)
        .num_merge_threads(1)
        .build();
    let writer = index.writer_with_options(writer_options)?;
    writer.set_merge_policy(policy);
    Ok(writer)
}

/// Holds the folder's write lock while a new generation is built.
pub struct Builder {
    dir: PathBuf,
    generation: PathBuf,
    writer: IndexWriter<IndexDoc>,
    fields: Fields,
    options: BuildOptions,
    documents: u64,
    committed: bool,
    _lock: File,
}

/// Takes the folder's write lock, failing at once if another process holds it.
pub fn lock(dir: &Path) -> Result<File> {
    fs::create_dir_all(dir).map_err(|err| Error::io(dir, err))?;
    let path = dir.join(LOCK);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|err| Error::io(&path, err))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => {
            Err(Error::index(dir, "index is being written by another process"))
        }
        Err(std::fs::TryLockError::Error(err)) => Err(Error::io(&path, err)),
    }
}

impl Builder {
    /// Starts a new generation in `dir` (created if missing).
    pub fn create(dir: &Path, options: BuildOptions) -> Result<Builder> {
        let lock = lock(dir)?;
        remove_stale_generations(dir);
        let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let generation = dir.join(format!("{GENERATION_PREFIX}{stamp}-{}", std::process::id()));
        fs::create_dir(&generation).map_err(|err| Error::io(&generation, err))?;
        let index = Index::create_in_dir(&generation, schema::build())
            .map_err(|err| Error::index(dir, err))?;
        analysis::register(index.tokenizers());
        let fields = Fields::new(&index.schema()).map_err(|err| Error::index(dir, err))?;
        // A rebuild keeps the segments its threads flush: merging reads every segment back
        // through mmap, which took most of the memory and two fifths of the time of a
        // million-document build, and a search over the unmerged segments stays fast (see
        // benches/README.md).
        let writer = open_writer(&index, options, Box::new(NoMergePolicy))
            .map_err(|err| Error::index(dir, err))?;
        Ok(Builder {
            dir: dir.to_path_buf(),
            generation,
            writer,
            fields,
            options,
            documents: 0,
            committed: false,
            _lock: lock,
        })
    }

    /// Adds one parsed document.
    pub fn add(&mut self, doc: Document, source: Source) -> Result<()> {
        let tantivy_doc = to_tantivy(&self.fields, doc, source, self.options.compounds);
        self.writer.add_document(tantivy_doc).map_err(|err| Error::index(&self.dir, err))?;
        self.documents += 1;
        Ok(())
    }

    /// Commits the generation and makes it the live one.
    pub fn commit(mut self) -> Result<IndexMeta> {
        failpoint("before-commit");
        self.writer.commit().map_err(|err| Error::index(&self.dir, err))?;
        failpoint("after-commit");
        let meta = IndexMeta {
            schema_version: SCHEMA_VERSION,
            documents: self.documents,
            compounds: self.options.compounds,
        };
        write_meta(&self.generation, &meta)?;
        failpoint("after-meta");
        let name = self.generation.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        write_durably(&self.dir.join(CURRENT), name.as_bytes())?;
        self.committed = true;
        failpoint("after-swap");
        remove_stale_generations(&self.dir);
        Ok(meta)
    }
}

impl Drop for Builder {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.generation);
        }
    }
}

/// Changes the live generation in place: replaces, adds and deletes documents by path, then
/// commits once. A run killed before the commit leaves the last commit; tantivy removes the
/// orphaned files at the next commit.
pub struct Updater {
    dir: PathBuf,
    generation: PathBuf,
    writer: IndexWriter<IndexDoc>,
    fields: Fields,
    meta: IndexMeta,
    /// Path → content hash of every document in the live generation when it was opened.
    indexed: HashMap<String, Source>,
    _lock: File,
}

impl Updater {
    /// Takes the write lock and opens the live generation of `dir` for changes.
    pub fn open(dir: &Path, options: BuildOptions) -> Result<Updater> {
        let lock = lock(dir)?;
        remove_stale_generations(dir);
        let OpenIndex { index, fields, meta, generation, reader, .. } = super::open(dir)?;
        if meta.compounds != options.compounds {
            let built = if meta.compounds { "with" } else { "without" };
            return Err(Error::argument(
                "--update",
                format!("the index was built {built} compound parts; rebuild to change that"),
            ));
        }
        let searcher = reader.searcher();
        let indexed = indexed_sources(&searcher).map_err(|err| Error::index(dir, err))?;
        // The small segments that updates add are merged among themselves; the large ones of
        // the rebuild are left alone, so that an update stays as cheap as its changes.
        let mut policy = LogMergePolicy::default();
        policy.set_max_docs_before_merge(UPDATE_MERGE_MAX_DOCS);
        let writer =
            open_writer(&index, options, Box::new(policy)).map_err(|err| Error::index(dir, err))?;
        // A run killed inside tantivy's commit leaves files of a commit that never happened,
        // such as a segment's deletions under the opstamp this run is about to reach; writing
        // that file again would fail. Removing what no commit uses makes the next run whole.
        writer.garbage_collect_files().wait().map_err(|err| Error::index(dir, err))?;
        Ok(Updater {
            dir: dir.to_path_buf(),
            generation,
            writer,
            fields,
            meta,
            indexed,
            _lock: lock,
        })
    }

    /// Path → source of every document the index held when opened.
    pub fn indexed(&self) -> &HashMap<String, Source> {
        &self.indexed
    }

    /// Adds `doc`, replacing any document with the same path.
    pub fn upsert(&mut self, doc: Document, source: Source) -> Result<()> {
        self.remove(&doc.path);
        let tantivy_doc = to_tantivy(&self.fields, doc, source, self.meta.compounds);
        self.writer.add_document(tantivy_doc).map_err(|err| Error::index(&self.dir, err))?;
        Ok(())
    }

    /// Deletes the document with this path, if any.
    pub fn remove(&mut self, path: &str) {
        self.writer.delete_term(Term::from_field_text(self.fields.path, path));
    }

    /// Commits every change at once and waits for the merges it starts.
    pub fn commit(mut self) -> Result<IndexMeta> {
        failpoint("before-commit");
        self.writer.commit().map_err(|err| Error::index(&self.dir, err))?;
        failpoint("after-commit");
        let index = self.writer.index().clone();
        // Without waiting, merges are cancelled when the writer drops and segments pile up
        // over many updates.
        self.writer.wait_merging_threads().map_err(|err| Error::index(&self.dir, err))?;
        let reader = index.reader().map_err(|err| Error::index(&self.dir, err))?;
        let meta = IndexMeta { documents: reader.searcher().num_docs(), ..self.meta };
        write_meta(&self.generation, &meta)?;
        Ok(meta)
    }
}

/// Aborts a debug build at the named point when `PROJSOK_FAILPOINT` names it (a test hook).
/// Path → source of every live document, from the fast columns (no stored record is read).
fn indexed_sources(searcher: &tantivy::Searcher) -> tantivy::Result<HashMap<String, Source>> {
    let mut indexed = HashMap::with_capacity(searcher.num_docs() as usize);
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(paths) = fast.str("path")? else { continue };
        let hashes = fast.u64("content_hash")?;
        let stamps = fast.u64("file_stamp")?;
        // One pass over the (compressed) dictionary; looking each ordinal up would decompress a
        // block per document.
        let mut by_ord = Vec::with_capacity(paths.num_terms());
        let mut terms = paths.dictionary().stream()?;
        while terms.advance() {
            by_ord.push(String::from_utf8_lossy(terms.key()).into_owned());
        }
        for doc_id in segment.doc_ids_alive() {
            let Some(ord) = paths.term_ords(doc_id).next() else { continue };
            let Some(path) = by_ord.get(ord as usize) else { continue };
            let source = Source {
                content_hash: hashes.first(doc_id).unwrap_or_default(),
                file_stamp: stamps.first(doc_id).unwrap_or_default(),
            };
            indexed.insert(path.clone(), source);
        }
    }
    Ok(indexed)
}

fn failpoint(name: &str) {
    if cfg!(debug_assertions) && std::env::var_os("PROJSOK_FAILPOINT").is_some_and(|v| v == name) {
        std::process::abort();
    }
}

fn write_meta(generation: &Path, meta: &IndexMeta) -> Result<()> {
    let meta_json = serde_json::to_vec_pretty(meta).expect("IndexMeta serialises");
    write_durably(&generation.join(META), &meta_json)
}

/// Writes `path` through a temporary file and a rename, so readers see the old or the new
/// content, never a torn one.
fn write_durably(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    let mut file = File::create(&tmp).map_err(|err| Error::io(&tmp, err))?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|err| Error::io(&tmp, err))?;
    fs::rename(&tmp, path).map_err(|err| Error::io(path, err))?;
    if let Some(parent) = path.parent() {
        // The rename is durable only once the folder entry is.
        let _ = File::open(parent).and_then(|dir| dir.sync_all());
    }
    Ok(())
}

/// Removes generations other than the live one: leftovers of killed runs and replaced indexes.
/// Only called with the write lock held.
fn remove_stale_generations(dir: &Path) {
    let live = fs::read_to_string(dir.join(CURRENT)).unwrap_or_default();
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(GENERATION_PREFIX) && name != live.trim() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}
