//! The tantivy index on disk: schema, safe rebuilds and opening with a schema-version check.
//!
//! An index folder holds generations: `CURRENT` names the live one (`gen-…/`, a tantivy index
//! plus `projsok.json`). A rebuild writes a new generation beside the live one and swaps
//! `CURRENT` by an atomic rename only after tantivy's commit, so a run killed at any moment
//! leaves the previous index searchable. `write.lock` is an OS file lock held by the writing
//! process; it dies with the process, so no stale lock blocks the next run.

mod document;
pub mod schema;
pub mod writer;

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher};

use crate::analysis;
use crate::error::{Error, Result};
use schema::{Fields, SCHEMA_VERSION};

const CURRENT: &str = "CURRENT";
const META: &str = "projsok.json";

/// What projsok records beside tantivy's own files in a generation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexMeta {
    pub schema_version: u32,
    pub documents: u64,
    /// Whether compound parts were indexed (`projsok index --no-compounds` turns it off).
    pub compounds: bool,
}

/// An opened, searchable index generation.
pub struct OpenIndex {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    pub meta: IndexMeta,
    pub dir: PathBuf,
    /// The facet values present, read on first use (the reader never reloads).
    pub facet_values: std::sync::OnceLock<crate::search::facets::FacetValues>,
}

impl OpenIndex {
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }
}

/// Whether `dir` holds a committed projsok index.
pub fn exists(dir: &Path) -> bool {
    dir.join(CURRENT).is_file()
}

fn current_generation(dir: &Path) -> Result<PathBuf> {
    let name = fs::read_to_string(dir.join(CURRENT)).map_err(|err| {
        if err.kind() == std::io::ErrorKind::NotFound {
            Error::index(dir, "no index here; build one with: projsok index")
        } else {
            Error::io(dir.join(CURRENT), err)
        }
    })?;
    let name = name.trim();
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(Error::index(dir, format!("CURRENT names no generation ({name:?})")));
    }
    Ok(dir.join(name))
}

/// Opens the live generation of the index in `dir` for searching.
pub fn open(dir: &Path) -> Result<OpenIndex> {
    let generation = current_generation(dir)?;
    let meta_path = generation.join(META);
    let meta_text = fs::read_to_string(&meta_path).map_err(|err| Error::io(&meta_path, err))?;
    let meta: IndexMeta = serde_json::from_str(&meta_text).map_err(|_| {
        Error::index(
            dir,
            "written by another projsok version; rebuild with: projsok index --rebuild",
        )
    })?;
    if meta.schema_version != SCHEMA_VERSION {
        return Err(Error::index(
            dir,
            format!(
                "schema version {} but this projsok reads version {SCHEMA_VERSION}; \
                 rebuild with: projsok index --rebuild",
                meta.schema_version
            ),
        ));
    }
    let index = Index::open_in_dir(&generation).map_err(|err| Error::index(dir, err))?;
    analysis::register(index.tokenizers());
    let fields = Fields::new(&index.schema()).map_err(|_| {
        Error::index(
            dir,
            "fields differ from this projsok's; rebuild with: projsok index --rebuild",
        )
    })?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|err| Error::index(dir, err))?;
    Ok(OpenIndex {
        index,
        reader,
        fields,
        meta,
        dir: dir.to_path_buf(),
        facet_values: std::sync::OnceLock::new(),
    })
}
