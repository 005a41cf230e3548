//! Building an index from files (a new generation, swapped in whole) and bringing a live one in
//! line with them (`--update`: only files that changed are read and parsed).

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::acronyms::defined_in;
use super::located::Located;
use super::{content_hash, enrich, parse_bytes, read, read_bytes, walk};
use super::{Found, NoProgress, Progress, Reason, Skip, DEFAULT_MAX_SIZE};
use crate::document::Document;
use crate::error::{folder_name, Error, Result};
use crate::index::document::Source;
use crate::index::writer::{self, BuildOptions, Builder, Updater};
use crate::index::{self as index_store, phases};
use crate::output::numbers;

/// What an indexing run did.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Entries the walk reported: files to read plus entries skipped without reading.
    pub seen: usize,
    /// Documents written by this run (for an update: added + changed).
    pub indexed: usize,
    pub skipped: Vec<Skip>,
    pub seconds: f64,
    /// Set for `--update` runs.
    pub changes: Option<Changes>,
}

/// What `--update` changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
}

/// How the files of a run are found and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// Files larger than this are skipped.
    pub max_size: u64,
    /// Follow symbolic links met in the walk (`--follow`).
    pub follow: bool,
    /// `--update` reads and hashes every file instead of trusting unchanged stamps.
    pub verify: bool,
}

impl Default for Reading {
    fn default() -> Reading {
        Reading { max_size: DEFAULT_MAX_SIZE, follow: false, verify: false }
    }
}

/// Builds a new index in `dir` from `paths`, reading as by default and reporting nothing.
pub fn build(paths: &[PathBuf], dir: &Path, options: BuildOptions) -> Result<Summary> {
    rebuild(paths, dir, options, Reading::default(), &mut NoProgress)
}

/// Builds a new index in `dir` from `paths`, reporting progress and skips to `progress`; files
/// over `reading.max_size` bytes are skipped. The write lock is taken before the walk, so a
/// second run fails at once.
pub fn rebuild(
    paths: &[PathBuf],
    dir: &Path,
    options: BuildOptions,
    reading: Reading,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    let started = Instant::now();
    let mut builder = Builder::create(dir, options)?;
    builder.record_sources(paths);
    let (files, mut skipped) = walk_and_report(paths, dir, reading.follow, progress)?;
    let seen = files.len() + skipped.len();
    let mut indexed = 0;
    for found in &files {
        match read(found, reading.max_size) {
            Ok((mut parsed, content_hash)) => {
                enrich(&mut parsed.doc);
                let source = Source { content_hash, file_stamp: found.stamp };
                let doc = parsed.doc;
                builder.define(&doc.path, &doc.title, defined_in(&doc));
                builder.add(doc, source)?;
                indexed += 1;
            }
            Err(skip) => report_skip(skip, &mut skipped, progress),
        }
        progress.read(found);
    }
    progress.finished();
    if indexed == 0 {
        refuse_to_empty(dir, paths, seen)?;
    }
    let unrecorded = builder.unrecorded_previous().map(str::to_string);
    builder.commit()?;
    if let Some(name) = unrecorded {
        progress.notice(&format!(
            "left {} in place: it was written before projsok recorded the generations it \
             makes, so projsok cannot prove it is its own; remove it by hand",
            dir.join(name).display()
        ));
    }
    let seconds = started.elapsed().as_secs_f64();
    Ok(Summary { seen, indexed, skipped, seconds, changes: None })
}

/// A rebuild that read no document does not replace an index that holds some: an unmounted
/// share or a mistyped folder would otherwise wipe it (and a running `serve` would switch to
/// the empty one). The new generation is abandoned when the error drops the builder.
fn refuse_to_empty(dir: &Path, paths: &[PathBuf], seen: usize) -> Result<()> {
    let Ok(live) = index_store::open(dir) else { return Ok(()) };
    if live.meta.documents == 0 {
        return Ok(());
    }
    let named: Vec<String> = paths.iter().map(|path| path.display().to_string()).collect();
    Err(Error::argument(
        &named.join(" "),
        format!(
            "no document to index ({seen} seen); the index in {} keeps its {} documents",
            folder_name(dir),
            numbers::grouped(live.meta.documents)
        ),
    ))
}

/// Brings the live index in `dir` in line with `paths` without rebuilding: files whose content
/// hash is unchanged are not even parsed, changed and new ones are (re)indexed, and documents
/// under the paths given whose files are gone or now skipped are deleted, all in one commit.
/// Documents outside the paths given are kept (see [`super::located`]): updating one folder of
/// a larger index must not drop the others. Builds a new index when there is none.
pub fn update(
    paths: &[PathBuf],
    dir: &Path,
    options: BuildOptions,
    reading: Reading,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    if !index_store::exists(dir) {
        // Refused first: a folder that is not an index gets no promise of one.
        writer::check_index_folder(dir)?;
        progress
            .notice(&format!("{} holds no index to update; building a new one", folder_name(dir)));
        return rebuild(paths, dir, options, reading, progress);
    }
    let started = Instant::now();
    phases::mark("start");
    let mut updater = Updater::open(dir, options)?;
    phases::mark("open");
    updater.record_sources(paths);
    let (files, mut skipped) = walk_and_report(paths, dir, reading.follow, progress)?;
    phases::mark("walk");
    let seen = files.len() + skipped.len();
    let mut changes = Changes::default();
    let indexed = updater.take_indexed();
    // A working folder removed under the shell: absolute paths still name their files.
    let here = match std::env::current_dir() {
        Ok(here) => here,
        Err(_) if paths.iter().all(|path| path.is_absolute()) => PathBuf::from("/"),
        Err(err) => return Err(Error::io(".", err)),
    };
    let base = updater.base();
    let index_in_base = updater.index_in_base().map(str::to_string);
    let mut located =
        Located::new(&indexed, base.as_deref(), index_in_base.as_deref(), here, dir, &files);
    if let Some(root) = located.root() {
        updater.set_base(root);
    }
    let mut kept: HashSet<&str> = HashSet::with_capacity(files.len());
    // The content hashes of the new documents, to know a moved one (below).
    let mut added: HashSet<u64> = HashSet::new();
    // What the system refused to read now (permissions, an I/O error on a share): no
    // evidence that a file is gone. The walk's skips name paths as walked.
    let mut unreadable: Vec<PathBuf> = skipped
        .iter()
        .filter(|skip| is_unreadable(skip))
        .map(|skip| PathBuf::from(&skip.id))
        .collect();
    for walked in &files {
        let held_as = located.indexed_id(walked);
        let before = held_as.and_then(|id| indexed.get(id)).copied();
        // A file is the document at its place, under that document's id; a new one gets an id
        // read against the index's root (see `located`).
        let id = held_as.map_or_else(|| Cow::Owned(located.new_id(walked)), Cow::Borrowed);
        let renamed;
        let found = if id != walked.id {
            renamed = Found { id: id.into_owned(), ..walked.clone() };
            &renamed
        } else {
            walked
        };
        match read_if_changed(found, before, reading) {
            Ok(None) => {
                changes.unchanged += 1;
                kept.extend(held_as);
            }
            Ok(Some((mut doc, source))) => {
                enrich(&mut doc);
                updater.define(&doc.path, &doc.title, defined_in(&doc));
                updater.upsert(doc, source)?;
                match before {
                    Some(_) => changes.changed += 1,
                    None => {
                        changes.added += 1;
                        added.insert(source.content_hash);
                    }
                }
                kept.extend(held_as);
            }
            Err(skip) => {
                if is_unreadable(&skip) {
                    unreadable.push(walked.path.clone());
                }
                report_skip(skip, &mut skipped, progress)
            }
        }
        progress.read(found);
    }
    progress.finished();
    let mut walked_places = located.walked_places(paths);
    // Borrowed, not cloned: most of a large index lies outside the paths of a small update.
    let (mut gone, outside): (Vec<&str>, Vec<&str>) = indexed
        .keys()
        .map(String::as_str)
        .filter(|id| !kept.contains(id))
        .partition(|id| located.is_gone(id, &mut walked_places));
    // A document outside the paths whose file is gone while a new file has its very bytes
    // was moved there (a folder indexed by its absolute path, then moved): the new one
    // replaces it, rather than the index holding it twice.
    let (moved, outside): (Vec<&str>, Vec<&str>) = outside.into_iter().partition(|id| {
        indexed.get(*id).is_some_and(|source| added.contains(&source.content_hash))
            && located.is_surely_gone(id)
    });
    gone.extend(moved);
    let gone: Vec<String> = gone.into_iter().map(str::to_string).collect();
    let walked: Vec<&Path> = files
        .iter()
        .map(|found| found.path.as_path())
        .chain(skipped.iter().map(|skip| Path::new(&skip.id)))
        .collect();
    let mut unreadable_places = located.walked_places(&unreadable);
    let gone = kept_back(
        gone,
        |id| located.is_gone(id, &mut unreadable_places),
        progress,
        |kept| format!("kept {kept} that could not be read now (see the skipped above)"),
    );
    let empty = located.empty_paths(paths, &walked);
    let mut empty_places = located.walked_places(&empty);
    let named: Vec<String> = empty.iter().map(|path| path.display().to_string()).collect();
    // As for a path named alone (below): an unmounted share beside other folders.
    let gone = kept_back(
        gone,
        |id| seen > 0 && located.is_gone(id, &mut empty_places),
        progress,
        |kept| {
            format!(
                "kept {kept} under {}: no file there now (an unmounted share or an emptied \
                 folder?); rebuild to drop them",
                named.join(", ")
            )
        },
    );
    if seen == 0 && !gone.is_empty() {
        // As a rebuild refuses to empty an index: an unmounted share or a mistyped folder
        // would otherwise remove every document under it.
        let named: Vec<String> = paths.iter().map(|path| path.display().to_string()).collect();
        return Err(Error::argument(
            &named.join(" "),
            format!(
                "no document to index (0 seen); the index in {} keeps the {} under it (rebuild \
                 to drop them)",
                folder_name(dir),
                numbers::count(gone.len() as u64, "document", "documents")
            ),
        ));
    }
    // Below the paths given, a file that is not there where its folder shows nothing (an
    // empty mount point, a link to a share not mounted) may come back.
    let gone = kept_back(
        gone,
        |id| located.may_be_there(id),
        progress,
        |kept| {
            format!(
                "kept {kept} whose folders show no file now (an unmounted share or an emptied \
                 folder?); rebuild to drop them"
            )
        },
    );
    for id in &gone {
        updater.remove(id);
    }
    changes.removed = gone.len();
    if !outside.is_empty() {
        progress.notice(&format!(
            "kept {} whose files are outside the paths given (name their folders to update \
             them, or rebuild to drop them)",
            numbers::count(outside.len() as u64, "document", "documents")
        ));
    }
    phases::mark("read and compare");
    updater.commit()?;
    phases::mark("commit and tables");
    let seconds = started.elapsed().as_secs_f64();
    let indexed = changes.added + changes.changed;
    Ok(Summary { seen, indexed, skipped, seconds, changes: Some(changes) })
}

/// The parsed document and source of a file that differs from what the index holds; `None`
/// when it is the same: the same stamp (size, modification and inode change time, inode: not
/// even read, unless `reading.verify`), or the same bytes.
fn read_if_changed(
    found: &Found,
    indexed: Option<Source>,
    reading: Reading,
) -> std::result::Result<Option<(Document, Source)>, Skip> {
    let file_stamp = found.stamp;
    if found.size > reading.max_size {
        // Unchanged or not: over this run's limit, as a rebuild with it would skip it.
        let detail = format!("{} bytes, over the --max-size of {}", found.size, reading.max_size);
        return Err(Skip { id: found.id.clone(), reason: Reason::TooLarge, detail });
    }
    if !reading.verify && indexed.is_some_and(|source| source.file_stamp == file_stamp) {
        return Ok(None);
    }
    let bytes = read_bytes(found, reading.max_size)?;
    let content_hash = content_hash(&bytes);
    if indexed.is_some_and(|source| source.content_hash == content_hash) {
        return Ok(None);
    }
    let parsed = parse_bytes(found, &bytes)?;
    Ok(Some((parsed.doc, Source { content_hash, file_stamp })))
}

/// Walks `paths` (passing over the index folder `dir`) and reports the number of files found
/// and each entry the walk skipped.
fn walk_and_report(
    paths: &[PathBuf],
    dir: &Path,
    follow: bool,
    progress: &mut dyn Progress,
) -> Result<(Vec<Found>, Vec<Skip>)> {
    let (files, skipped) = walk(paths, follow, Some(dir))?;
    progress.started(files.len());
    for skip in &skipped {
        progress.skipped(skip);
    }
    Ok((files, skipped))
}

/// `gone` without the documents `may_remain` keeps, with `note` told how many it kept.
fn kept_back(
    gone: Vec<String>,
    mut may_remain: impl FnMut(&str) -> bool,
    progress: &mut dyn Progress,
    note: impl Fn(&str) -> String,
) -> Vec<String> {
    let (kept, gone): (Vec<String>, Vec<String>) = gone.into_iter().partition(|id| may_remain(id));
    if !kept.is_empty() {
        progress.notice(&note(&numbers::count(kept.len() as u64, "document", "documents")));
    }
    gone
}

fn is_unreadable(skip: &Skip) -> bool {
    matches!(skip.reason, Reason::UnreadableFile | Reason::UnreadableFolder)
}

/// Reports a skip met while reading and records it.
fn report_skip(skip: Skip, skipped: &mut Vec<Skip>, progress: &mut dyn Progress) {
    progress.skipped(&skip);
    skipped.push(skip);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_reads_files_whose_stamp_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "Ny text om kooperativ").unwrap();
        let found = Found { path, id: "a.txt".to_string(), stamp: 7, size: 21 };
        // What the index holds: the same stamp, other bytes (a rewrite the stamp cannot see).
        let indexed = Source { content_hash: 1, file_stamp: 7 };
        let trusting = Reading::default();
        assert!(read_if_changed(&found, Some(indexed), trusting).unwrap().is_none());
        let verifying = Reading { verify: true, ..trusting };
        let (doc, source) = read_if_changed(&found, Some(indexed), verifying).unwrap().unwrap();
        assert_eq!(doc.title, "Ny text om kooperativ");
        assert_eq!(source.content_hash, content_hash(b"Ny text om kooperativ"));
        let same = Source { content_hash: source.content_hash, file_stamp: 7 };
        assert!(read_if_changed(&found, Some(same), verifying).unwrap().is_none());
    }
}
