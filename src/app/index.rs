//! `projsok index`: walk, parse, infer places, detect language, then build and swap in a new
//! index (the default) or change the live one in place (`--update`).

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use super::walk::{self, Found, Reason, Skip};
use crate::analysis::language;
use crate::document::Document;
use crate::error::{folder_name, Result};
use crate::index::document::Source;
use crate::index::writer::{self, BuildOptions, Builder, Updater};
use crate::index::{self as index_store};
use crate::places;

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
        Reading { max_size: walk::DEFAULT_MAX_SIZE, follow: false, verify: false }
    }
}

/// Sets the fields that come from analysis rather than the text's structure.
pub fn enrich(doc: &mut Document) {
    places::infer_missing(doc);
    let mut sample = doc.title.clone();
    for section in &doc.sections {
        if sample.len() > 4000 {
            break;
        }
        sample.push('\n');
        sample.push_str(&section.text);
    }
    doc.lang = Some(language::detect(&sample).code().to_string());
}

/// Builds a new index in `dir` from `paths`, reading as by default.
pub fn build(paths: &[PathBuf], dir: &Path, options: BuildOptions) -> Result<Summary> {
    rebuild(paths, dir, options, Reading::default())
}

/// Builds a new index in `dir` from `paths`, reporting progress and skips on stderr; files
/// over `reading.max_size` bytes are skipped. The write lock is taken before the walk, so a second run
/// fails at once.
pub fn rebuild(
    paths: &[PathBuf],
    dir: &Path,
    options: BuildOptions,
    reading: Reading,
) -> Result<Summary> {
    let started = Instant::now();
    let mut builder = Builder::create(dir, options)?;
    let (files, mut skipped, progress) = walk_and_report(paths, dir, reading.follow)?;
    let seen = files.len() + skipped.len();
    let mut indexed = 0;
    for found in &files {
        match walk::read(found, reading.max_size) {
            Ok((mut parsed, content_hash)) => {
                enrich(&mut parsed.doc);
                let source = Source { content_hash, file_stamp: found.stamp };
                builder.add(parsed.doc, source)?;
                indexed += 1;
            }
            Err(skip) => progress.skip(skip, &mut skipped),
        }
        progress.step();
    }
    progress.finish();
    let unrecorded = builder.unrecorded_previous().map(str::to_string);
    builder.commit()?;
    if let Some(name) = unrecorded {
        eprintln!(
            "projsok: left {} in place: it was written before projsok recorded the generations \
             it makes, so projsok cannot prove it is its own; remove it by hand",
            dir.join(name).display()
        );
    }
    let seconds = started.elapsed().as_secs_f64();
    Ok(Summary { seen, indexed, skipped, seconds, changes: None })
}

/// Brings the live index in `dir` in line with `paths` without rebuilding: files whose content
/// hash is unchanged are not even parsed, changed and new ones are (re)indexed, and documents
/// whose files are gone (or now skipped) are deleted, all in one commit. Builds a new index
/// when there is none.
pub fn update(
    paths: &[PathBuf],
    dir: &Path,
    options: BuildOptions,
    reading: Reading,
) -> Result<Summary> {
    if !index_store::exists(dir) {
        // Refused first: a folder that is not an index gets no promise of one.
        writer::check_index_folder(dir)?;
        eprintln!("projsok: {} holds no index to update; building a new one", folder_name(dir));
        return rebuild(paths, dir, options, reading);
    }
    let started = Instant::now();
    let mut updater = Updater::open(dir, options)?;
    let (files, mut skipped, progress) = walk_and_report(paths, dir, reading.follow)?;
    let seen = files.len() + skipped.len();
    let mut changes = Changes::default();
    let mut kept: HashSet<&str> = HashSet::with_capacity(files.len());
    for found in &files {
        let before = updater.indexed().get(&found.id).copied();
        match read_if_changed(found, before, reading) {
            Ok(None) => {
                changes.unchanged += 1;
                kept.insert(&found.id);
            }
            Ok(Some((mut doc, source))) => {
                enrich(&mut doc);
                updater.upsert(doc, source)?;
                match before {
                    Some(_) => changes.changed += 1,
                    None => changes.added += 1,
                }
                kept.insert(&found.id);
            }
            Err(skip) => progress.skip(skip, &mut skipped),
        }
        progress.step();
    }
    progress.finish();
    let gone: Vec<String> =
        updater.indexed().keys().filter(|id| !kept.contains(id.as_str())).cloned().collect();
    for id in &gone {
        updater.remove(id);
    }
    changes.removed = gone.len();
    updater.commit()?;
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
    if !reading.verify && indexed.is_some_and(|source| source.file_stamp == file_stamp) {
        return Ok(None);
    }
    let bytes = walk::read_bytes(found, reading.max_size)?;
    let content_hash = walk::content_hash(&bytes);
    if indexed.is_some_and(|source| source.content_hash == content_hash) {
        return Ok(None);
    }
    let parsed = walk::parse_bytes(found, &bytes)?;
    Ok(Some((parsed.doc, Source { content_hash, file_stamp })))
}

/// Walks `paths` (passing over the index folder `dir`), prints a warning for each entry the
/// walk skipped, and starts the progress display over the files found.
fn walk_and_report(
    paths: &[PathBuf],
    dir: &Path,
    follow: bool,
) -> Result<(Vec<Found>, Vec<Skip>, Progress)> {
    let (files, skipped) = walk::walk(paths, follow, Some(dir))?;
    let progress = Progress::new(files.len() as u64);
    for skip in &skipped {
        progress.warn(&format!("skipped {}", skip.line()));
    }
    Ok((files, skipped, progress))
}

/// A bar on a terminal, a log line every tenth of the way otherwise.
struct Progress {
    bar: Option<ProgressBar>,
    total: u64,
    done: std::cell::Cell<u64>,
}

impl Progress {
    fn new(total: u64) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total);
            if let Ok(style) = ProgressStyle::with_template(
                "{bar:40} {pos}/{len} documents ({per_sec}, {eta} left)",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress { bar, total, done: std::cell::Cell::new(0) }
    }

    fn step(&self) {
        let done = self.done.get() + 1;
        self.done.set(done);
        match &self.bar {
            Some(bar) => bar.inc(1),
            None => {
                let tenth = (self.total / 10).max(1);
                if self.total >= 1000 && done.is_multiple_of(tenth) {
                    eprintln!("projsok: read {done}/{} documents", self.total);
                }
            }
        }
    }

    /// Prints the skip's one warning line and records it.
    fn skip(&self, skip: Skip, skipped: &mut Vec<Skip>) {
        self.warn(&format!("skipped {}", skip.line()));
        skipped.push(skip);
    }

    fn warn(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(format!("projsok: {line}")),
            None => eprintln!("projsok: {line}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Skips counted by reason, in [`Reason`] order: "2 empty file, 1 binary file".
pub fn counts_by_reason(skipped: &[Skip]) -> Vec<(Reason, usize)> {
    Reason::ALL
        .into_iter()
        .map(|reason| (reason, skipped.iter().filter(|skip| skip.reason == reason).count()))
        .filter(|(_, count)| *count > 0)
        .collect()
}

/// One line: "indexed 5 documents (6 seen, 1 skipped: 1 empty file) in 0.21 s, 24 docs/s", or
/// for an update "updated: 1 added, 2 changed, 0 removed, 3 unchanged (6 seen, 0 skipped) in
/// 0.05 s".
pub fn summary_line(summary: &Summary) -> String {
    let reasons: Vec<String> = counts_by_reason(&summary.skipped)
        .into_iter()
        .map(|(reason, count)| format!("{count} {reason}"))
        .collect();
    let by_reason =
        if reasons.is_empty() { String::new() } else { format!(": {}", reasons.join(", ")) };
    let counts = format!("({} seen, {} skipped{by_reason})", summary.seen, summary.skipped.len());
    if let Some(changes) = summary.changes {
        return format!(
            "updated: {} added, {} changed, {} removed, {} unchanged {counts} in {:.2} s",
            changes.added, changes.changed, changes.removed, changes.unchanged, summary.seconds
        );
    }
    let rate = summary.indexed as f64 / summary.seconds.max(1e-9);
    format!(
        "indexed {} documents {counts} in {:.2} s, {:.0} docs/s",
        summary.indexed, summary.seconds, rate
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip(reason: Reason) -> Skip {
        Skip { id: "x".to_string(), reason, detail: String::new() }
    }

    #[test]
    fn verify_reads_files_whose_stamp_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "Ny text om kooperativ").unwrap();
        let found = Found { path, id: "a.txt".to_string(), stamp: 7 };
        // What the index holds: the same stamp, other bytes (a rewrite the stamp cannot see).
        let indexed = Source { content_hash: 1, file_stamp: 7 };
        let trusting = Reading::default();
        assert!(read_if_changed(&found, Some(indexed), trusting).unwrap().is_none());
        let verifying = Reading { verify: true, ..trusting };
        let (doc, source) = read_if_changed(&found, Some(indexed), verifying).unwrap().unwrap();
        assert_eq!(doc.title, "Ny text om kooperativ");
        assert_eq!(source.content_hash, walk::content_hash(b"Ny text om kooperativ"));
        let same = Source { content_hash: source.content_hash, file_stamp: 7 };
        assert!(read_if_changed(&found, Some(same), verifying).unwrap().is_none());
    }

    #[test]
    fn summary_lines_count_by_reason() {
        let summary = Summary {
            seen: 6,
            indexed: 3,
            skipped: vec![skip(Reason::Binary), skip(Reason::Empty), skip(Reason::Binary)],
            seconds: 1.0,
            changes: None,
        };
        assert_eq!(
            summary_line(&summary),
            "indexed 3 documents (6 seen, 3 skipped: 1 empty file, 2 binary file) in 1.00 s, \
             3 docs/s"
        );
        let changes = Changes { added: 1, changed: 2, removed: 4, unchanged: 0 };
        let update = Summary { changes: Some(changes), skipped: Vec::new(), seen: 3, ..summary };
        assert_eq!(
            summary_line(&update),
            "updated: 1 added, 2 changed, 4 removed, 0 unchanged (3 seen, 0 skipped) in 1.00 s"
        );
    }
}
