//! Writes the index: [`Builder`] builds a new generation beside the live one and swaps it in
//! after the commit; [`Updater`] changes the live generation in place with one tantivy commit,
//! which is atomic. Both hold the folder's write lock for as long as they live.
//!
//! projsok deletes only what it can prove it wrote. Before it makes a generation it adds the
//! name to the folder's `GENERATIONS` record, and the generation holds a `projsok-generation`
//! marker with its name; a stale generation is removed only when both say so, never because
//! of a name. A folder that is not empty and holds no index is refused untouched.
//!
//! A full file system, however tantivy reports it, is one [`Error::StorageFull`]; a rebuild's
//! partial generation is removed. An update that fails (a full disk or any other error) removes
//! the files it wrote into the live generation, so that the space is free again at once: the
//! files that were not there when it began, that tantivy's `.managed.json` says tantivy wrote,
//! and that the committed `meta.json` does not use; `.managed.json` is put back as it was. A
//! file the user put in the generation meanwhile is in no record and stays.
//!
//! Debug builds have failpoints: with `PROJSOK_FAILPOINT=<name>` in the environment the process
//! aborts at that point, as if killed there (see `tests/reliability.rs`). The names are
//! `before-commit`, `after-segments` (an update's new segments are written, tantivy's commit
//! not yet made), `after-commit` (tantivy committed, `projsok.json` not yet written),
//! `after-merge` (a rebuild's first merge after its commit has ended, the generation not live
//! yet), `after-meta` (a rebuild's `CURRENT` not yet swapped) and `after-swap`. `disk-full` does not
//! abort: the write of a rebuild's `projsok.json` (after tantivy's commit, so the generation
//! holds segments) or an update's tantivy commit at `after-segments` fails as on a full disk.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use tantivy::columnar::BytesColumn;
use tantivy::index::SegmentId;
use tantivy::indexer::{IndexWriterOptions, LogMergePolicy, MergePolicy, NoMergePolicy};
use tantivy::{Index, IndexWriter, Term};

use super::acronyms::{self, Defined};
use super::document::{to_tantivy, IndexDoc, Source};
use super::learnt::{self, Learnt};
use super::schema::{self, Fields, SCHEMA_VERSION};
use super::{clusters, concepts, phases, spread};
use super::{IndexMeta, OpenIndex, CURRENT, META};
use crate::analysis;
use crate::analysis::acronyms::Definition;
use crate::document::Document;
use crate::error::{Error, Result};

const LOCK: &str = "write.lock";
const GENERATION_PREFIX: &str = "gen-";
/// The index folder's record of the generations projsok made in it, one name a line.
const GENERATIONS: &str = "GENERATIONS";
/// The file in each generation projsok made that holds the generation's name.
const MARKER: &str = "projsok-generation";

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

/// How many bytes of segments one merge after a rebuild may read, as a multiple of the
/// indexing memory budget: a merge maps every file it reads, so its inputs count in the
/// process's memory until it ends. 2.5 × the default 200 MB keeps a million-page build under
/// 1 GiB and leaves about 16 segments of its 76 (see benches/README.md).
fn merge_input_bytes(options: BuildOptions) -> u64 {
    options.memory_budget as u64 * 5 / 2
}

/// Segments a rebuild may leave unmerged. Each indexing thread flushes a segment at the end,
/// so a collection that fits in the budget leaves one per thread (g0vse + seeds: 2 with the
/// default 2 threads). Merging those two rewrote the whole index after the last document
/// (about 3 s of wall time of a build of g0vse, issue 20's regression) for queries 4 % faster
/// (whole-process `search --json`, 15.2 → 14.6 ms). A build that flushed many times is what
/// merging is for: 100,000 pages left 8, where the per-segment costs of a query (the
/// did-you-mean's dictionary walk, scorer setup, term lookups) made it 2.8× slower than its 2
/// merged segments (benches/README.md). 4 lets the final flushes of up to four threads stand
/// and merges any build that flushed at its budget more than twice on the default two.
const UNMERGED_SEGMENTS: usize = 4;

/// The groups of segments to merge, each of two or more and reading at most `max_bytes`:
/// smallest first, each group filled until the next segment would not fit. A rebuild's
/// segments are about equal (each thread flushes at its memory budget), so this packs as many
/// as fit into each merge.
fn merge_groups<T: Copy>(segments: &[(T, u64)], max_bytes: u64) -> Vec<Vec<T>> {
    let mut by_size: Vec<(T, u64)> = segments.to_vec();
    by_size.sort_by_key(|&(_, bytes)| bytes);
    let mut groups = Vec::new();
    let (mut group, mut group_bytes) = (Vec::new(), 0u64);
    for (segment, bytes) in by_size {
        if !group.is_empty() && group_bytes + bytes > max_bytes {
            groups.push(std::mem::take(&mut group));
            group_bytes = 0;
        }
        group.push(segment);
        group_bytes += bytes;
    }
    groups.push(group);
    groups.retain(|group| group.len() > 1);
    groups
}

/// The bytes of each segment's files in `generation`, by the segment's id as tantivy names its
/// files.
fn segment_bytes(generation: &Path) -> io::Result<HashMap<String, u64>> {
    let mut bytes: HashMap<String, u64> = HashMap::new();
    for entry in fs::read_dir(generation)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some((id, _)) = name.to_str().and_then(|name| name.split_once('.')) else { continue };
        if id.len() != 32 || !id.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            continue; // meta.json, projsok.json and the like
        }
        *bytes.entry(id.to_string()).or_default() += entry.metadata()?.len();
    }
    Ok(bytes)
}

/// Merges the committed segments of `writer`'s index into as few as merges of at most
/// `max_bytes` of input make, one merge at a time (each ends before the next maps its
/// inputs). Every query looks its terms up, and the did-you-mean walks its dictionary, in every
/// segment: a million-page rebuild left 76. Each merge is its own tantivy commit; a run killed
/// in between leaves a generation that is not live yet (see [`Builder::commit`]).
fn merge_segments(
    writer: &mut IndexWriter<IndexDoc>,
    generation: &Path,
    max_bytes: u64,
) -> Result<(), Box<dyn std::error::Error>> {
    loop {
        let sizes = segment_bytes(generation)?;
        let segments: Vec<(SegmentId, u64)> = writer
            .index()
            .searchable_segment_metas()?
            .iter()
            .map(|meta| (meta.id(), sizes.get(&meta.id().uuid_string()).copied().unwrap_or(0)))
            .collect();
        let groups = merge_groups(&segments, max_bytes);
        if groups.is_empty() {
            // tantivy leaves the merged-away files behind until asked: they would double the
            // generation's size on disk.
            writer.garbage_collect_files().wait()?;
            return Ok(());
        }
        for group in groups {
            writer.merge(&group).wait()?;
            failpoint("after-merge");
        }
    }
}

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

/// Marks the empty folder `generation` as projsok's and creates the tantivy index in it.
fn start_generation(
    generation: &Path,
    name: &str,
    options: BuildOptions,
) -> std::result::Result<(IndexWriter<IndexDoc>, Fields), Box<dyn std::error::Error>> {
    write_durably_io(&generation.join(MARKER), name.as_bytes())?;
    let index = Index::create_in_dir(generation, schema::build())?;
    analysis::register(index.tokenizers());
    let fields = Fields::new(&index.schema())?;
    // No merging while the threads index: tantivy's background merges, several at once,
    // mapped the segments they read, which took most of the memory and two fifths of the time
    // of a million-document build. The commit merges them afterwards, one bounded merge at a
    // time (`merge_segments`).
    let writer = open_writer(&index, options, Box::new(NoMergePolicy))?;
    Ok((writer, fields))
}

/// Holds the folder's write lock while a new generation is built.
pub struct Builder {
    dir: PathBuf,
    generation: PathBuf,
    writer: IndexWriter<IndexDoc>,
    fields: Fields,
    options: BuildOptions,
    documents: u64,
    sources: Vec<String>,
    acronyms: Defined,
    committed: bool,
    /// Whether a committed index was there before this run.
    previous: bool,
    /// The live generation when it is not in `GENERATIONS` (an index of the layout before the
    /// record): left in place after the swap, since nothing proves projsok wrote it.
    unrecorded_previous: Option<String>,
    _lock: File,
}

/// Why a write was refused while another process writes the folder.
pub const BUSY: &str = "index is being written by another process";

/// Whether `err` is the refusal of a write because another process holds the lock.
pub fn is_busy(err: &Error) -> bool {
    matches!(err, Error::Index { message, .. } if message == BUSY)
}

/// Blocks while another process holds `dir`'s write lock; returns at once when none does or
/// the folder has no lock file. Nothing is written.
pub fn wait_for_writer(dir: &Path) -> Result<()> {
    let path = dir.join(LOCK);
    let file = match File::open(&path) {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(Error::io(&path, err)),
    };
    // A shared lock waits for the writer's exclusive one and is released at once.
    file.lock_shared().map_err(|err| Error::io(&path, err))
}

/// Whether another process holds `dir`'s write lock now.
fn is_being_written(dir: &Path) -> bool {
    let Ok(file) = File::open(dir.join(LOCK)) else { return false };
    matches!(file.try_lock_shared(), Err(std::fs::TryLockError::WouldBlock))
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
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::index(dir, BUSY)),
        Err(std::fs::TryLockError::Error(err)) => Err(Error::io(&path, err)),
    }
}

impl Builder {
    /// Starts a new generation in `dir` (created if missing).
    pub fn create(dir: &Path, options: BuildOptions) -> Result<Builder> {
        check_index_folder(dir)?;
        let previous = super::exists(dir);
        let failed = |err: &(dyn std::error::Error + 'static)| write_failure(dir, previous, err);
        let lock = lock(dir)?;
        let mut recorded = remove_stale_generations(dir).map_err(|err| failed(&err))?;
        let live = fs::read_to_string(dir.join(CURRENT)).unwrap_or_default();
        let live = live.trim();
        let unrecorded_previous =
            (previous && !recorded.iter().any(|name| name == live)).then(|| live.to_string());
        let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let name = format!("{GENERATION_PREFIX}{stamp}-{}", std::process::id());
        let generation = dir.join(&name);
        // Recorded before it exists: a run killed in between leaves a name to drop, never a
        // folder nobody can prove is projsok's.
        recorded.push(name.clone());
        record_generations(dir, &recorded).map_err(|err| failed(&err))?;
        fs::create_dir(&generation).map_err(|err| failed(&err))?;
        // This run made the folder, so it may remove it again if the rest fails.
        let started = start_generation(&generation, &name, options).map_err(|err| {
            let error = failed(err.as_ref());
            abandon_generation(dir, &generation);
            error
        })?;
        let (writer, fields) = started;
        Ok(Builder {
            dir: dir.to_path_buf(),
            generation,
            writer,
            fields,
            options,
            documents: 0,
            sources: Vec::new(),
            acronyms: Defined::default(),
            committed: false,
            previous,
            unrecorded_previous,
            _lock: lock,
        })
    }

    /// The live generation this rebuild replaces but leaves in place, when it predates the
    /// `GENERATIONS` record.
    pub fn unrecorded_previous(&self) -> Option<&str> {
        self.unrecorded_previous.as_deref()
    }

    fn failed(&self, err: &(dyn std::error::Error + 'static)) -> Error {
        write_failure(&self.dir, self.previous, err)
    }

    /// Records the paths the generation is built from, for `projsok info`.
    pub fn record_sources(&mut self, paths: &[PathBuf]) {
        self.sources = source_names(paths);
    }

    /// Adds one parsed document.
    pub fn add(&mut self, doc: Document, source: Source) -> Result<()> {
        let tantivy_doc = encoded(&self.fields, doc, source, self.options.compounds)?;
        self.writer.add_document(tantivy_doc).map_err(|err| self.failed(&err))?;
        self.documents += 1;
        Ok(())
    }

    /// Records the acronyms the document at `path` defines.
    pub fn define(&mut self, path: &str, title: &str, definitions: Vec<Definition>) {
        self.acronyms.define(path, title, definitions);
    }

    /// Commits the generation and makes it the live one.
    pub fn commit(mut self) -> Result<IndexMeta> {
        failpoint("before-commit");
        self.writer.commit().map_err(|err| self.failed(&err))?;
        failpoint("after-commit");
        // Only the count is kept: a segment's meta held here would keep its files alive
        // through the merge's garbage collection.
        let segments =
            self.writer.index().searchable_segment_metas().map_err(|err| self.failed(&err))?.len();
        if segments > UNMERGED_SEGMENTS {
            let max_bytes = merge_input_bytes(self.options);
            merge_segments(&mut self.writer, &self.generation, max_bytes)
                .map_err(|err| self.failed(err.as_ref()))?;
        }
        write_tables(self.writer.index(), &self.fields, &self.generation, &self.acronyms, None)
            .map_err(|err| self.failed(&err))?;
        let base = std::env::current_dir().ok();
        let meta = IndexMeta {
            schema_version: SCHEMA_VERSION,
            documents: self.documents,
            compounds: self.options.compounds,
            built_at: Some(seconds_now()),
            updated_at: None,
            sources: std::mem::take(&mut self.sources),
            base: base.as_ref().map(|dir| dir.to_string_lossy().into_owned()),
            index_in_base: base.as_deref().and_then(|base| super::index_in(base, &self.dir)),
        };
        injected_full_disk().map_err(|err| self.failed(&err))?;
        let acronyms = self.generation.join(acronyms::FILE);
        write_durably_io(&acronyms, &self.acronyms.encode()).map_err(|err| self.failed(&err))?;
        write_meta(&self.generation, &meta).map_err(|err| self.failed(&err))?;
        honour_umask(&self.generation).map_err(|err| self.failed(&err))?;
        failpoint("after-meta");
        let name = self.generation.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        write_durably(&self.dir.join(CURRENT), name.as_bytes()).map_err(|err| self.failed(&err))?;
        self.committed = true;
        failpoint("after-swap");
        // The new index is live; a clean-up that fails now leaves files for the next run.
        let _ = remove_stale_generations(&self.dir);
        Ok(meta)
    }
}

impl Drop for Builder {
    fn drop(&mut self) {
        if !self.committed {
            abandon_generation(&self.dir, &self.generation);
        }
    }
}

/// Changes the live generation in place: replaces, adds and deletes documents by path, then
/// commits once. A run killed before the commit leaves the last commit; tantivy removes the
/// orphaned files at the next commit.
pub struct Updater {
    dir: PathBuf,
    generation: PathBuf,
    /// `None` once committed; a writer still here when the updater drops failed.
    writer: Option<IndexWriter<IndexDoc>>,
    fields: Fields,
    meta: IndexMeta,
    sources: Vec<String>,
    /// Path → content hash of every document in the live generation when it was opened.
    indexed: HashMap<String, Source>,
    /// The live generation as this run found it, for a failed run to put back.
    before: Before,
    acronyms: Defined,
    /// The acronyms file as this run found it (`None`: there was none), once this run has
    /// written its own: a failed commit puts it back.
    acronyms_before: Option<Option<Vec<u8>>>,
    /// The clusters' key as this run found it, once this run has marked the table as not of
    /// the segments to come (see [`Updater::commit`]): a failed commit puts it back.
    clusters_key_before: Option<Option<u64>>,
    /// Documents upserted or removed: what the tables carried over from the last count
    /// ([`spread::carried`]) are judged by.
    touched: u64,
    _lock: File,
}

impl Updater {
    /// Takes the write lock and opens the live generation of `dir` for changes.
    pub fn open(dir: &Path, mut options: BuildOptions) -> Result<Updater> {
        let lock = lock(dir)?;
        remove_stale_generations(dir).map_err(|err| write_failure(dir, true, &err))?;
        let OpenIndex { index, fields, meta, generation, reader, .. } =
            super::open_for_update(dir)?;
        // Compound parts are the default, so only `--no-compounds` says anything: on an index
        // with them it asks for a change. An index without them keeps that without the flag.
        if meta.compounds && !options.compounds {
            return Err(Error::argument(
                "--no-compounds",
                "the index was built with compound parts; rebuild to change that",
            ));
        }
        options.compounds = meta.compounds;
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
        let before = Before::take(&generation).map_err(|err| Error::io(&generation, err))?;
        let mut acronyms = Defined::read(dir, &generation)?;
        // Definitions of documents a killed run did not commit are not the index's.
        acronyms.retain(|path| indexed.contains_key(path));
        Ok(Updater {
            dir: dir.to_path_buf(),
            generation,
            writer: Some(writer),
            fields,
            meta,
            sources: Vec::new(),
            indexed,
            before,
            acronyms,
            acronyms_before: None,
            clusters_key_before: None,
            touched: 0,
            _lock: lock,
        })
    }

    /// Records the paths of this update, for `projsok info`.
    pub fn record_sources(&mut self, paths: &[PathBuf]) {
        self.sources = source_names(paths);
    }

    /// Path → source of every document the index held when opened, handed to the caller
    /// that decides what changed.
    pub fn take_indexed(&mut self) -> HashMap<String, Source> {
        std::mem::take(&mut self.indexed)
    }

    /// The folder the documents' relative paths are read against (see [`IndexMeta::base`]).
    pub fn base(&self) -> Option<PathBuf> {
        self.meta.base.as_deref().map(PathBuf::from)
    }

    /// Where the index folder lay in its base, as the build recorded it (see
    /// [`IndexMeta::index_in_base`]).
    pub fn index_in_base(&self) -> Option<&str> {
        self.meta.index_in_base.as_deref()
    }

    /// Records the folder this update read the ids against, and where the index lies in it,
    /// for the next one.
    pub fn set_base(&mut self, base: &Path) {
        self.meta.base = Some(base.to_string_lossy().into_owned());
        self.meta.index_in_base = super::index_in(base, &self.dir);
    }

    /// Adds `doc`, replacing any document with the same path.
    pub fn upsert(&mut self, doc: Document, source: Source) -> Result<()> {
        self.touched += 1;
        self.delete(&doc.path);
        let tantivy_doc = encoded(&self.fields, doc, source, self.meta.compounds)?;
        let Some(writer) = &self.writer else { return Err(committed_already()) };
        writer.add_document(tantivy_doc).map_err(|err| write_failure(&self.dir, true, &err))?;
        Ok(())
    }

    /// Records the acronyms the document at `path` defines, replacing what it defined before
    /// (an [`Updater::upsert`] leaves them as they were).
    pub fn define(&mut self, path: &str, title: &str, definitions: Vec<Definition>) {
        self.acronyms.define(path, title, definitions);
    }

    /// Deletes the document with this path, if any, and the acronyms it defined.
    pub fn remove(&mut self, path: &str) {
        self.touched += 1;
        self.acronyms.remove(path);
        self.delete(path);
    }

    fn delete(&mut self, path: &str) {
        if let Some(writer) = &self.writer {
            writer.delete_term(Term::from_field_text(self.fields.path, path));
        }
    }

    /// Commits every change at once and waits for the merges it starts. A failed commit
    /// leaves the last one standing, and the files it wrote are removed when the updater drops.
    pub fn commit(mut self) -> Result<IndexMeta> {
        failpoint("before-commit");
        self.write_acronyms()?;
        // The clusters' table is written after the commit: until then it is of the documents
        // before, and a run killed in between must leave it known as such, whatever key the
        // generation had (none, in one written before the keys).
        let key = clusters::read_key(&self.generation);
        write_clusters_key(&self.generation, clusters::NO_SEGMENTS)
            .map_err(|err| write_failure(&self.dir, true, &err))?;
        self.clusters_key_before = Some(key);
        let Some(writer) = self.writer.as_mut() else { return Err(committed_already()) };
        let committed = writer.prepare_commit().and_then(|prepared| {
            failpoint("after-segments");
            injected_full_disk()?;
            prepared.commit()
        });
        if let Err(err) = committed {
            return Err(write_failure(&self.dir, true, &err));
        }
        phases::mark("tantivy commit");
        failpoint("after-commit");
        let Some(writer) = self.writer.take() else { return Err(committed_already()) };
        let index = writer.index().clone();
        // Without waiting, merges are cancelled when the writer drops and segments pile up
        // over many updates.
        writer.wait_merging_threads().map_err(|err| Error::index(&self.dir, err))?;
        phases::mark("merges");
        let reader = index.reader().map_err(|err| Error::index(&self.dir, err))?;
        let carried =
            spread::read(&self.generation).and_then(|found| spread::carried(found, self.touched));
        // The concepts are learnt again exactly when the spread is counted again.
        let carried = carried.and_then(|spread| Some((spread, concepts::read(&self.generation)?)));
        write_tables(&index, &self.fields, &self.generation, &self.acronyms, carried)
            .map_err(|err| write_failure(&self.dir, true, &err))?;
        let sources = std::mem::take(&mut self.sources);
        let sources = if sources.is_empty() { self.meta.sources.clone() } else { sources };
        let meta = IndexMeta {
            documents: reader.searcher().num_docs(),
            updated_at: Some(seconds_now()),
            sources,
            ..self.meta.clone()
        };
        write_meta(&self.generation, &meta)?;
        honour_umask(&self.generation)?;
        Ok(meta)
    }
}

impl Drop for Updater {
    fn drop(&mut self) {
        let Some(writer) = self.writer.take() else { return };
        let index = writer.index().clone();
        // Every indexing thread and merge has ended before their files are looked at; an
        // error here changes nothing about what may be removed.
        let _ = writer.wait_merging_threads();
        self.before.restore(&self.generation, &index);
        self.restore_acronyms();
        self.restore_clusters_key();
    }
}

impl Updater {
    /// Writes the acronyms file, keeping the one it replaces for a failed commit to restore.
    fn write_acronyms(&mut self) -> Result<()> {
        let path = self.generation.join(acronyms::FILE);
        let found = acronyms::read_bytes(&self.generation).map_err(|err| Error::io(&path, err))?;
        let bytes = self.acronyms.encode();
        if found.as_deref() == Some(&bytes[..]) {
            return Ok(());
        }
        self.acronyms_before = Some(found);
        write_durably_io(&path, &bytes).map_err(|err| write_failure(&self.dir, true, &err))
    }

    /// Puts back the clusters' key this run marked.
    fn restore_clusters_key(&self) {
        let Some(before) = self.clusters_key_before else { return };
        let _ = match before {
            Some(key) => write_clusters_key(&self.generation, key),
            None => fs::remove_file(self.generation.join(clusters::KEY_FILE)),
        };
    }

    /// Puts back the acronyms file this run replaced.
    fn restore_acronyms(&self) {
        let Some(before) = &self.acronyms_before else { return };
        let path = self.generation.join(acronyms::FILE);
        let _ = match before {
            Some(bytes) => write_durably_io(&path, bytes),
            None => fs::remove_file(&path),
        };
    }
}

/// Counts the committed generation's stem spread (see [`spread`]), learns its concepts (see
/// [`concepts`]), resolves its learnt acronym pairs (see [`learnt`]) and works out its clusters
/// and versions (see [`clusters`]) into its folder. They read the index apart from each other,
/// and nothing else runs after the last document is committed: the clusters get a core of
/// their own, the concepts another beside the spread and the learnt pairs. The spread, the
/// concepts and the clusters open one segment at a time, so that what they map of the index
/// is not resident all at once beside the clusters' fingerprints; the learnt pairs search the
/// whole index, little of it. A spread and concepts an update carries over are written as they
/// are, not counted.
fn write_tables(
    index: &Index,
    fields: &Fields,
    generation: &Path,
    acronyms: &Defined,
    carried: Option<(spread::Spread, concepts::Concepts)>,
) -> tantivy::Result<()> {
    let segments = super::committed_segments_key(index)?;
    let (carried_spread, carried_concepts) = match carried {
        Some((spread, concepts)) => (Some(spread), Some(concepts)),
        None => (None, None),
    };
    let (spread, learnt, clusters, concepts) = std::thread::scope(|scope| {
        let clusters = scope.spawn(|| {
            let clusters = clusters::compute(index);
            phases::mark("clusters");
            clusters
        });
        let concepts = scope.spawn(|| {
            let concepts = match carried_concepts {
                Some(carried) => Ok(carried),
                None => {
                    let schema = index.schema();
                    concepts::compute(
                        index,
                        fields.body,
                        schema.get_field_name(fields.content_hash),
                    )
                }
            };
            phases::mark("concepts");
            concepts
        });
        let spread = match carried_spread {
            Some(carried) => Ok(carried),
            None => spread::count(index, fields.body),
        };
        phases::mark("spread");
        let learnt = index
            .reader()
            .and_then(|reader| Learnt::compute(&reader.searcher(), fields.body, acronyms));
        phases::mark("learnt");
        let panicked = |what: &str| {
            tantivy::TantivyError::InternalError(format!("the {what}' thread panicked"))
        };
        let clusters = clusters.join().unwrap_or_else(|_| Err(panicked("clusters")));
        let concepts = concepts.join().unwrap_or_else(|_| Err(panicked("concepts")));
        (spread, learnt, clusters, concepts)
    });
    spread::write(generation, &spread?)?;
    concepts::write(generation, &concepts?)?;
    learnt::write(generation, &learnt?)?;
    clusters::write(generation, &clusters?)?;
    write_clusters_key(generation, segments)?;
    phases::mark("tables written");
    Ok(())
}

fn committed_already() -> Error {
    Error::internal("the update was used after its commit")
}

/// The live generation as an update found it: what a failed update must leave behind.
struct Before {
    names: HashSet<OsString>,
    /// The content of tantivy's record of the files it wrote.
    managed: Option<Vec<u8>>,
}

/// tantivy's record of every file it wrote in a generation.
const MANAGED: &str = ".managed.json";

impl Before {
    fn take(generation: &Path) -> io::Result<Before> {
        let mut names = HashSet::new();
        for entry in fs::read_dir(generation)? {
            names.insert(entry?.file_name());
        }
        let managed = fs::read(generation.join(MANAGED)).ok();
        Ok(Before { names, managed })
    }

    /// Removes the files a failed update wrote, and only those: new since [`Before::take`],
    /// written by tantivy (in its record) and not used by the committed `meta.json`. When the
    /// record or `meta.json` cannot be read, nothing is provably the update's and all stays.
    fn restore(&self, generation: &Path, index: &Index) {
        let Some(written) = fs::read(generation.join(MANAGED))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<HashSet<PathBuf>>(&bytes).ok())
        else {
            return;
        };
        let Ok(committed) = index.load_metas() else { return };
        let used = committed.list_segment_files();
        let Ok(entries) = fs::read_dir(generation) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let path = Path::new(&name);
            let ours = !self.names.contains(&name)
                && written.contains(path)
                && !used.contains(path)
                && path != Path::new("meta.json")
                && entry.file_type().is_ok_and(|kind| kind.is_file());
            if ours {
                let _ = fs::remove_file(entry.path());
            }
        }
        if let Some(managed) = &self.managed {
            if fs::read(generation.join(MANAGED)).ok().as_ref() != Some(managed) {
                let _ = write_durably_io(&generation.join(MANAGED), managed);
            }
        }
    }
}

/// Path → source of every live document, from the fast columns (no stored record is read).
fn indexed_sources(searcher: &tantivy::Searcher) -> tantivy::Result<HashMap<String, Source>> {
    let mut indexed = HashMap::with_capacity(searcher.num_docs() as usize);
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(paths) = fast.str("path")? else { continue };
        let paths = BytesColumn::from(paths);
        let hashes = fast.u64("content_hash")?;
        let stamps = fast.u64("file_stamp")?;
        let by_ord =
            super::terms_by_ordinal(&paths, |bytes| String::from_utf8_lossy(bytes).into_owned())?;
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

/// Aborts a debug build at the named point when `PROJSOK_FAILPOINT` names it (a test hook).
fn failpoint(name: &str) {
    if cfg!(debug_assertions) && std::env::var_os("PROJSOK_FAILPOINT").is_some_and(|v| v == name) {
        std::process::abort();
    }
}

fn seconds_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs())
}

/// The paths as absolute ones where they resolve (`info` is read from other folders), else
/// as given; names that are not UTF-8 are written lossily, as ids are never.
fn source_names(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|path| fs::canonicalize(path).unwrap_or_else(|_| path.clone()))
        .map(|path| path.to_string_lossy().into_owned())
        .collect()
}

fn write_meta(generation: &Path, meta: &IndexMeta) -> Result<()> {
    let meta_json = serde_json::to_vec_pretty(meta).expect("IndexMeta serialises");
    write_durably(&generation.join(META), &meta_json)
}

/// Writes `path` through a temporary file and a rename, so readers see the old or the new
/// content, never a torn one.
fn write_durably(path: &Path, bytes: &[u8]) -> Result<()> {
    write_durably_io(path, bytes).map_err(|err| Error::io(path, err))
}

/// Writes the key of the segments the clusters' table of `generation` was worked out over
/// (see [`clusters::KEY_FILE`]).
fn write_clusters_key(generation: &Path, key: u64) -> io::Result<()> {
    write_durably_io(&generation.join(clusters::KEY_FILE), &key.to_le_bytes())
}

fn write_durably_io(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension("tmp");
    let mut file = File::create(&tmp)?;
    file.write_all(bytes).and_then(|()| file.sync_all())?;
    fs::rename(&tmp, path)?;
    if let Some(parent) = path.parent() {
        // The rename is durable only once the folder entry is.
        let _ = File::open(parent).and_then(|dir| dir.sync_all());
    }
    Ok(())
}

/// Files that keep an empty folder in version control. The repository's own `index/` holds a
/// `.gitignore`, and a folder holding only such a file is empty for `--index`: refusing it
/// broke the first `projsok search` of a fresh checkout. They are never touched; a folder of
/// that name is no placeholder.
const PLACEHOLDERS: [&str; 3] = [".gitignore", ".gitkeep", ".keep"];

/// Refuses to write into a folder that holds something other than a projsok index: a rebuild
/// adds files to it and removes generations, and a folder named by mistake must come out
/// untouched. An index of the layout before `GENERATIONS` has `CURRENT`; a first run killed
/// after taking the lock left only `write.lock`.
pub fn check_index_folder(dir: &Path) -> Result<()> {
    let refuse = |why: &str| Error::argument(&format!("--index {}", dir.display()), why);
    let metadata = match fs::metadata(dir) {
        Ok(metadata) => metadata,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(Error::io(dir, err)),
    };
    if !metadata.is_dir() {
        return Err(refuse("is a file, not a folder"));
    }
    let entries = fs::read_dir(dir).map_err(|err| Error::io(dir, err))?;
    let is_placeholder = |entry: &fs::DirEntry| {
        let name = entry.file_name();
        PLACEHOLDERS.iter().any(|placeholder| name == *placeholder)
            && entry.file_type().is_ok_and(|kind| kind.is_file())
    };
    let names: Vec<_> = entries
        .flatten()
        .filter(|entry| !is_placeholder(entry))
        .map(|entry| entry.file_name())
        .collect();
    // A first build that failed leaves only the lock and its (emptied) record.
    let only_bookkeeping = names.iter().all(|name| name == LOCK || name == GENERATIONS)
        && fs::read_to_string(dir.join(GENERATIONS))
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .all(|line| line.is_empty() || line.starts_with(GENERATION_PREFIX));
    if holds_an_index(dir) || only_bookkeeping {
        return Ok(());
    }
    // A first build under way shows a half-made folder; it is projsok's, only busy.
    if is_being_written(dir) {
        return Err(Error::index(dir, BUSY));
    }
    Err(refuse(
        "the folder is not empty and holds no projsok index; nothing in it was touched (name a \
         new or empty folder)",
    ))
}

/// Whether `dir` is an index projsok wrote: its `CURRENT` names a generation there that holds
/// a tantivy index, or its `GENERATIONS` lists a generation that carries its marker. A user's
/// file that merely happens to be called `CURRENT` is not enough.
fn holds_an_index(dir: &Path) -> bool {
    let current = fs::read_to_string(dir.join(CURRENT)).unwrap_or_default();
    let current = current.trim();
    let names_a_generation = current.starts_with(GENERATION_PREFIX)
        && !current.contains(['/', '\\'])
        && !current.contains("..")
        && dir.join(current).join("meta.json").is_file();
    names_a_generation
        || recorded_generations(dir).iter().any(|name| is_marked(&dir.join(name), name))
}

/// The generations `GENERATIONS` lists; names that are not a generation's (an edited record)
/// are dropped, so no path out of the folder can be reached through it.
fn recorded_generations(dir: &Path) -> Vec<String> {
    let text = fs::read_to_string(dir.join(GENERATIONS)).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|name| {
            name.starts_with(GENERATION_PREFIX)
                && !name.contains(['/', '\\'])
                && !name.contains("..")
        })
        .map(str::to_string)
        .collect()
}

fn record_generations(dir: &Path, names: &[String]) -> Result<(), io::Error> {
    let mut text = names.join("\n");
    text.push('\n');
    write_durably_io(&dir.join(GENERATIONS), text.as_bytes())
}

/// Removes a generation this run made and did not commit, and its name from the record; what
/// fails here (a full disk) the next run's clean-up finishes.
fn abandon_generation(dir: &Path, generation: &Path) {
    let _ = fs::remove_dir_all(generation);
    let name = generation.file_name().unwrap_or_default();
    let mut recorded = recorded_generations(dir);
    recorded.retain(|recorded| std::ffi::OsStr::new(recorded) != name);
    let _ = record_generations(dir, &recorded);
}

/// Whether `dir` is an index projsok wrote: its `CURRENT` names a generation marked as
/// projsok's, or one of the layout before the markers (a generation with tantivy's
/// `meta.json`). A walk passes over such folders: their JSON and segments are no documents.
/// Never a proof that projsok may delete in it (see `is_marked`).
pub fn is_index_folder(dir: &Path) -> bool {
    let Ok(current) = fs::read_to_string(dir.join(CURRENT)) else { return false };
    let name = current.trim();
    let marked =
        !name.is_empty() && !name.contains(['/', '\\']) && is_marked(&dir.join(name), name);
    marked || holds_an_index(dir)
}

/// Whether `path` is a folder (not a link) whose marker holds `name`.
fn is_marked(path: &Path, name: &str) -> bool {
    fs::symlink_metadata(path).is_ok_and(|meta| meta.is_dir())
        && fs::read_to_string(path.join(MARKER)).is_ok_and(|marker| marker == name)
}

/// Removes the temporary file of a marker whose write was cut short (`write_durably_io`
/// creates it, then renames it), when it is the folder's only entry and holds a beginning of
/// the generation's name: a kill between the two steps left it, and nothing else proves the
/// folder is projsok's.
fn remove_unfinished_marker(path: &Path, name: &str) {
    let temporary = Path::new(MARKER).with_extension("tmp");
    let Ok(entries) = fs::read_dir(path) else { return };
    let entries: Vec<_> = entries.take(2).collect();
    let [Ok(entry)] = entries.as_slice() else { return };
    let only_the_marker = entry.file_name() == temporary.as_os_str()
        && entry.file_type().is_ok_and(|kind| kind.is_file())
        && fs::read(entry.path()).is_ok_and(|bytes| name.as_bytes().starts_with(&bytes));
    if only_the_marker {
        let _ = fs::remove_file(entry.path());
    }
}

/// Removes the generations projsok recorded making here other than the live one: leftovers of
/// killed runs and replaced indexes. Returns the record as it stands after. Only called with
/// the write lock held.
fn remove_stale_generations(dir: &Path) -> Result<Vec<String>, io::Error> {
    let recorded = recorded_generations(dir);
    if recorded.is_empty() {
        return Ok(recorded);
    }
    let live = fs::read_to_string(dir.join(CURRENT)).unwrap_or_default();
    let live = live.trim();
    let mut kept = Vec::with_capacity(recorded.len());
    for name in recorded {
        let path = dir.join(&name);
        if name != live {
            if is_marked(&path, &name) {
                let _ = fs::remove_dir_all(&path);
            } else {
                // A run killed before its marker was in place left an empty folder, or one
                // holding only the marker's temporary file; a folder with anything else in it
                // is not provably ours.
                remove_unfinished_marker(&path, &name);
                let _ = fs::remove_dir(&path);
            }
        }
        if fs::symlink_metadata(&path).is_ok() {
            kept.push(name);
        }
    }
    record_generations(dir, &kept)?;
    Ok(kept)
}

/// The error for a write into the index `dir` that failed with `err`. A full file system is
/// named as such whichever way tantivy reports it: as an io error, inside another error's text,
/// or only as an indexing thread that died (so a file system left without space decides too).
/// `doc` for tantivy; a record that does not encode is a bug (see `record`), told with the path.
fn encoded(fields: &Fields, doc: Document, source: Source, compounds: bool) -> Result<IndexDoc> {
    let path = doc.path.clone();
    to_tantivy(fields, doc, source, compounds)
        .map_err(|reason| Error::internal(format!("{path}: {reason}")))
}

fn write_failure(dir: &Path, previous: bool, err: &(dyn std::error::Error + 'static)) -> Error {
    if is_storage_full(err) || free_bytes(dir).is_some_and(|free| free < NEARLY_FULL) {
        return Error::StorageFull { device: mount_point(dir), index: dir.to_path_buf(), previous };
    }
    if let Some(err) = err.downcast_ref::<tantivy::TantivyError>() {
        return Error::index(dir, crate::error::tantivy_reason(err));
    }
    if let Some(err) = err.downcast_ref::<io::Error>() {
        return Error::index(dir, crate::error::io_reason(err));
    }
    Error::index(dir, err.to_string())
}

/// Free space below which a failed write is taken for a full disk: less than one segment file.
const NEARLY_FULL: u64 = 1 << 20;

fn is_storage_full(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(err) = cause {
        if let Some(io_error) = err.downcast_ref::<io::Error>() {
            if io_error.kind() == io::ErrorKind::StorageFull || is_enospc(io_error) {
                return true;
            }
        }
        let text = err.to_string();
        if text.contains("No space left") || text.contains("StorageFull") {
            return true;
        }
        cause = err.source();
    }
    false
}

#[cfg(unix)]
fn is_enospc(err: &io::Error) -> bool {
    err.raw_os_error() == Some(libc::ENOSPC)
}

#[cfg(not(unix))]
fn is_enospc(_err: &io::Error) -> bool {
    false
}

/// Bytes an unprivileged user may still write on the file system holding `path`.
#[cfg(unix)]
fn free_bytes(path: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    let mut stat = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `path` is NUL-terminated and `stat` is valid for statvfs to fill; it is read only
    // when statvfs reports success.
    let stat = unsafe {
        if libc::statvfs(path.as_ptr(), stat.as_mut_ptr()) != 0 {
            return None;
        }
        stat.assume_init()
    };
    #[allow(clippy::unnecessary_cast)] // the field types differ between platforms
    Some(stat.f_bavail as u64 * stat.f_frsize as u64)
}

#[cfg(not(unix))]
fn free_bytes(_path: &Path) -> Option<u64> {
    None
}

/// The mount point of the file system holding `path` (the longest mount point above it), or
/// the path itself where the mounts cannot be read.
fn mount_point(path: &Path) -> PathBuf {
    let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mounts = fs::read_to_string("/proc/self/mounts").unwrap_or_default();
    mounts
        .lines()
        .filter_map(|line| line.split(' ').nth(1))
        // The table writes a space in a mount point as \040.
        .map(|mount| PathBuf::from(mount.replace("\\040", " ")))
        .filter(|mount| canonical.starts_with(mount))
        .max_by_key(|mount| mount.as_os_str().len())
        .unwrap_or(canonical)
}

/// With `PROJSOK_FAILPOINT=disk-full` in a debug build, the error a full disk gives.
fn injected_full_disk() -> io::Result<()> {
    if cfg!(debug_assertions)
        && std::env::var_os("PROJSOK_FAILPOINT").is_some_and(|v| v == "disk-full")
    {
        return Err(io::Error::new(io::ErrorKind::StorageFull, "No space left on device"));
    }
    Ok(())
}

/// tantivy writes `meta.json` and `.managed.json` through a temporary file, which is created
/// 0600 whatever the umask, so another user could not search an index they may read. They get
/// the mode of `projsok.json`, which was created as the umask says.
#[cfg(unix)]
fn honour_umask(generation: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let reference = generation.join(META);
    let mode = fs::metadata(&reference).map_err(|err| Error::io(&reference, err))?.permissions();
    let mode = mode.mode() & 0o777;
    if mode == 0o600 {
        return Ok(());
    }
    let entries = fs::read_dir(generation).map_err(|err| Error::io(generation, err))?;
    for entry in entries.flatten() {
        let is_private_file = entry
            .metadata()
            .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o777 == 0o600);
        if is_private_file {
            let path = entry.path();
            fs::set_permissions(&path, fs::Permissions::from_mode(mode))
                .map_err(|err| Error::io(&path, err))?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn honour_umask(_generation: &Path) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document;

    fn doc(n: usize) -> Document {
        let text = format!("Projekt {n}\n\nOm matchning och arbete i projekt nummer {n}.\n");
        document::parse(&format!("doc-{n}.txt"), &text).doc
    }

    /// A rebuild on one thread: two threads share a few documents between one or two segments,
    /// as they happen to take them.
    fn build(dir: &Path, docs: std::ops::Range<usize>) {
        let options = BuildOptions { threads: 1, ..BuildOptions::default() };
        let mut builder = Builder::create(dir, options).unwrap();
        for n in docs {
            builder.add(doc(n), Source::default()).unwrap();
        }
        builder.commit().unwrap();
    }

    /// A rebuild of `count` documents that flushed a segment after each, as a large build does
    /// at its memory budget.
    fn build_in_segments(dir: &Path, count: usize) {
        let mut builder = Builder::create(dir, BuildOptions::default()).unwrap();
        for n in 0..count {
            builder.add(doc(n), Source::default()).unwrap();
            builder.writer.commit().unwrap();
        }
        assert_eq!(segment_ids(&builder).len(), count);
        builder.commit().unwrap();
    }

    fn segments(dir: &Path) -> usize {
        super::super::open(dir).unwrap().index.searchable_segment_metas().unwrap().len()
    }

    fn documents(dir: &Path) -> u64 {
        super::super::open(dir).unwrap().searcher().num_docs()
    }

    /// The ids of the committed segments of the generation being built.
    fn segment_ids(builder: &Builder) -> Vec<SegmentId> {
        let metas = builder.writer.index().searchable_segment_metas().unwrap();
        metas.iter().map(|meta| meta.id()).collect()
    }

    #[test]
    fn merges_are_packed_smallest_first_up_to_the_byte_limit() {
        // A rebuild's equal segments: 8 of 91 MB into merges of at most 500 MB.
        let equal: Vec<(usize, u64)> = (0..8).map(|n| (n, 91)).collect();
        assert_eq!(merge_groups(&equal, 500), vec![vec![0, 1, 2, 3, 4], vec![5, 6, 7]]);
        // 76 of them (a million pages): 15 merges of 5, one left as it is, 16 segments.
        let million: Vec<(usize, u64)> = (0..76).map(|n| (n, 95)).collect();
        let groups = merge_groups(&million, 500);
        assert_eq!(groups.len(), 15);
        assert!(groups.iter().all(|group| group.len() == 5));
        assert_eq!(76 - groups.iter().map(|group| group.len() - 1).sum::<usize>(), 16);
        // Mixed sizes: the small ones join, the one that fits with nothing stays alone.
        let mixed = [(0, 400), (1, 10), (2, 480), (3, 20), (4, 30)];
        assert_eq!(merge_groups(&mixed, 500), vec![vec![1, 3, 4, 0]]);
        assert!(merge_groups(&[(0, 10)], 500).is_empty());
        assert!(merge_groups::<usize>(&[], 500).is_empty());
        // A segment larger than a merge may read is never merged.
        assert!(merge_groups(&[(0, 600), (1, 700)], 500).is_empty());
    }

    #[test]
    fn the_merge_step_leaves_as_few_segments_as_its_byte_limit_allows() {
        let dir = tempfile::tempdir().unwrap();
        let mut builder = Builder::create(dir.path(), BuildOptions::default()).unwrap();
        // A commit per document: six segments, as six flushes of a large build leave.
        for n in 0..6 {
            builder.add(doc(n), Source::default()).unwrap();
            builder.writer.commit().unwrap();
        }
        assert_eq!(segment_ids(&builder).len(), 6);
        let sizes = segment_bytes(&builder.generation).unwrap();
        let largest = segment_ids(&builder).iter().map(|id| sizes[&id.uuid_string()]).max();
        // Room for three of them in one merge: two merges of three.
        let generation = builder.generation.clone();
        merge_segments(&mut builder.writer, &generation, 3 * largest.unwrap()).unwrap();
        assert_eq!(segment_ids(&builder).len(), 2);
        builder.commit().unwrap();
        // Two are within what a rebuild leaves unmerged: the commit merges no more.
        assert_eq!(segments(dir.path()), 2);
        assert_eq!(documents(dir.path()), 6);
        // Every merged file not used any more is gone: two segments' files, no more.
        let live = super::super::open(dir.path()).unwrap().generation;
        assert_eq!(segment_bytes(&live).unwrap().len(), 2);
    }

    #[test]
    fn a_rebuild_merges_only_above_its_bound_of_segments() {
        let dir = tempfile::tempdir().unwrap();
        build_in_segments(dir.path(), UNMERGED_SEGMENTS);
        assert_eq!(segments(dir.path()), UNMERGED_SEGMENTS);
        // One more, and the commit's merge step (200 MB budget) takes them all into one.
        build_in_segments(dir.path(), UNMERGED_SEGMENTS + 1);
        assert_eq!(segments(dir.path()), 1);
        assert_eq!(documents(dir.path()), UNMERGED_SEGMENTS as u64 + 1);
        let live = super::super::open(dir.path()).unwrap().generation;
        assert_eq!(segment_bytes(&live).unwrap().len(), 1);
    }

    #[test]
    fn a_rebuild_on_one_thread_leaves_one_segment_and_updates_keep_at_most_seven() {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path(), 0..40);
        assert_eq!(segments(dir.path()), 1);
        // Each update adds a segment; tantivy's log merge policy merges the segments under
        // 10,000 documents when there are eight (its default), the rebuild's of 40 among them,
        // so the count cycles through 1 to 7.
        for update in 1..=20 {
            let mut updater = Updater::open(dir.path(), BuildOptions::default()).unwrap();
            updater.upsert(doc(100 + update), Source::default()).unwrap();
            updater.commit().unwrap();
            assert_eq!(segments(dir.path()), update % 7 + 1, "after update {update}");
        }
        assert_eq!(documents(dir.path()), 60);
    }

    #[test]
    fn updates_carry_the_spread_and_concepts_over_until_a_hundredth_changed_then_count_them() {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path(), 0..200);
        let spread = |dir: &Path| {
            let live = super::super::open(dir).unwrap().generation;
            let found = spread::read(&live).unwrap();
            // The concepts are learnt again exactly when the spread is counted again.
            assert_eq!(concepts::read(&live).unwrap().counted(), found.get("matchning").unwrap().0);
            (found.changed_since_count(), found.get("matchning"))
        };
        assert_eq!(spread(dir.path()), (0, Some((200, 200))));
        // 200 documents: two may change before a recount. Carried over, the table still says
        // 200 documents although the index now holds 201.
        let update = |n: usize| {
            let mut updater = Updater::open(dir.path(), BuildOptions::default()).unwrap();
            updater.upsert(doc(n), Source::default()).unwrap();
            updater.commit().unwrap();
        };
        update(1_000);
        assert_eq!(spread(dir.path()), (1, Some((200, 200))));
        update(1_001);
        assert_eq!(spread(dir.path()), (2, Some((200, 200))));
        // A third change is more than a hundredth of the 200 counted: counted again.
        update(1_002);
        assert_eq!(documents(dir.path()), 203);
        assert_eq!(spread(dir.path()), (0, Some((203, 203))));
    }

    #[test]
    fn a_rebuild_interrupted_between_its_merges_leaves_the_previous_index() {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path(), 0..3);
        let mut builder = Builder::create(dir.path(), BuildOptions::default()).unwrap();
        for n in 10..14 {
            builder.add(doc(n), Source::default()).unwrap();
            builder.writer.commit().unwrap();
        }
        let first_two = segment_ids(&builder)[..2].to_vec();
        builder.writer.merge(&first_two).wait().unwrap();
        assert_eq!(segment_ids(&builder).len(), 3);
        let interrupted = builder.generation.clone();
        // As a kill leaves it: no clean-up of the generation being built.
        builder.committed = true;
        drop(builder);
        assert!(interrupted.is_dir());
        assert_eq!(documents(dir.path()), 3);
        let engine = crate::search::Engine::open(dir.path()).unwrap();
        let request = crate::search::Request { query: "matchning".into(), ..Default::default() };
        let synonyms = crate::analysis::synonyms::Synonyms::built_in();
        let results = crate::search::search(&engine, &synonyms, &request).unwrap();
        assert_eq!(results.total, 3);
        // The next rebuild removes what the interrupted one left, and its own segment is live.
        build(dir.path(), 10..14);
        assert!(!interrupted.exists());
        assert_eq!(documents(dir.path()), 4);
        assert_eq!(segments(dir.path()), 1);
    }
}
