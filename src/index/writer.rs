//! Builds a new index generation beside the live one and swaps it in after the commit.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use tantivy::{Index, IndexWriter};

use super::document::to_tantivy;
use super::schema::{self, Fields, SCHEMA_VERSION};
use super::{IndexMeta, CURRENT, META};
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

/// Holds the folder's write lock while a new generation is built.
pub struct Builder {
    dir: PathBuf,
    generation: PathBuf,
    writer: IndexWriter,
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
        let writer = index
            .writer_with_num_threads(options.threads.max(1), options.memory_budget)
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
    pub fn add(&mut self, doc: &Document, content_hash: u64) -> Result<()> {
        let tantivy_doc = to_tantivy(&self.fields, doc, content_hash, self.options.compounds);
        self.writer.add_document(tantivy_doc).map_err(|err| Error::index(&self.dir, err))?;
        self.documents += 1;
        Ok(())
    }

    /// Commits the generation and makes it the live one.
    pub fn commit(mut self) -> Result<IndexMeta> {
        self.writer.commit().map_err(|err| Error::index(&self.dir, err))?;
        let meta = IndexMeta {
            schema_version: SCHEMA_VERSION,
            documents: self.documents,
            compounds: self.options.compounds,
        };
        let meta_json = serde_json::to_vec_pretty(&meta).expect("IndexMeta serialises");
        write_durably(&self.generation.join(META), &meta_json)?;
        let name = self.generation.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        write_durably(&self.dir.join(CURRENT), name.as_bytes())?;
        self.committed = true;
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
