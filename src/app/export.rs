//! `projsok export`: every field of the matching records as CSV or NDJSON, to standard output
//! or a file.

use std::fs;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use indicatif::ProgressBar;

use super::search::load_synonyms;
use super::{open_or_build, stdout_error};
use crate::cli::ExportArgs;
use projsok::analysis::synonyms::Synonyms;
use projsok::config::{ExportTarget, RecordFormat};
use projsok::error::{Error, Result};
use projsok::output::export::{write_records, BOM, CSV_FIELD_COLUMNS};
use projsok::output::visible::escaped;
use projsok::output::{numbers, opensearch};
use projsok::search::{self, export, Engine};

/// An export written into the index folder could replace `CURRENT` or a generation's files and
/// leave the folder holding files projsok did not write: refused before anything is written.
pub(super) fn refuse_inside_index(
    (flag, what): (&str, &str),
    output: &Path,
    index_dir: &Path,
) -> Result<()> {
    let Ok(index) = fs::canonicalize(index_dir) else { return Ok(()) };
    let Ok(absolute) = std::path::absolute(output) else { return Ok(()) };
    // The output need not exist yet: resolve its nearest existing ancestor (symlinks included).
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return Ok(()),
        }
    }
    let Ok(mut resolved) = fs::canonicalize(existing) else { return Ok(()) };
    resolved.extend(rest.iter().rev());
    if resolved.starts_with(&index) {
        let place = if resolved == index { "is" } else { "is inside" };
        return Err(Error::argument(
            flag,
            format!(
                "{} {place} the index folder {}; write {what} elsewhere",
                output.display(),
                index_dir.display()
            ),
        ));
    }
    Ok(())
}

/// Exports of at least this many documents show a progress bar (on a terminal).
const BAR_FROM: usize = 1000;

pub fn run_export(args: &ExportArgs) -> Result<ExitCode> {
    let config = args.config()?;
    let index = open_or_build(&args.index)?;
    let written = match config.target() {
        ExportTarget::Records { output, .. } => output.as_deref(),
        ExportTarget::OpenSearch { dir, .. } => Some(dir.as_path()),
    };
    if let Some(written) = written {
        refuse_inside_index(("--output", "the export"), written, &super::index_dir(&args.index).0)?;
    }
    // Checked before the query runs, so that a wrong --output costs nothing and leaves nothing.
    match config.target() {
        ExportTarget::Records { output: Some(path), .. } => check_file_target(path, args.force)?,
        ExportTarget::Records { output: None, .. } => {}
        ExportTarget::OpenSearch { dir, .. } => check_folder_target(dir, args.force)?,
    }
    let synonyms = load_synonyms(args.synonyms.as_deref())?;
    let matches = export::matches(&index, &synonyms, config.request())?;
    for warning in &matches.warnings {
        eprintln!("projsok: {warning}");
    }
    let bar = (matches.addresses.len() >= BAR_FROM && io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(matches.addresses.len() as u64);
        if let Some(style) = super::index::bar_style("{bar:40} {done}/{all} records ({eta} left)") {
            bar.set_style(style);
        }
        bar
    });
    let (format, output) = match config.target() {
        ExportTarget::Records { format, output } => (*format, output.as_deref()),
        ExportTarget::OpenSearch { dir, batch_size } => {
            let batches = write_opensearch(dir, *batch_size, &synonyms, &matches, &index, &bar)?;
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            eprintln!(
                "projsok: wrote {} in {}, {} and {} to {}",
                numbers::count(matches.addresses.len() as u64, "document", "documents"),
                numbers::count(batches as u64, "bulk file", "bulk files"),
                opensearch::INDEX_FILE,
                opensearch::COMPOUND_WORDS_FILE,
                escaped(&dir.display().to_string())
            );
            return Ok(ExitCode::SUCCESS);
        }
    };
    let progress = || {
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    };
    let io_error = |err: io::Error| match output {
        Some(path) => Error::io(path, err),
        None => stdout_error(err),
    };
    let write = |out: &mut dyn Write| {
        let records = matches.records(&index).inspect(|_| progress());
        write_records(format, records, matches.versions.as_deref(), out, io_error)
    };
    match output {
        None => write(&mut io::stdout().lock())?,
        Some(path) => write_file(path, write)?,
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let (one, many) = match format {
        RecordFormat::Csv { .. } => ("row", "rows"),
        RecordFormat::Ndjson { .. } => ("record", "records"),
    };
    if let Some(path) = output {
        let written = numbers::count(matches.addresses.len() as u64, one, many);
        eprintln!("projsok: wrote {written} to {}", escaped(&path.display().to_string()));
    }
    Ok(ExitCode::SUCCESS)
}

/// How much of an existing file is read to tell whether projsok wrote it.
const HEAD_BYTES: u64 = 4096;

/// The first bytes of `path`, or nothing when it cannot be read.
fn head_of(path: &Path) -> Vec<u8> {
    let mut head = Vec::new();
    let read = fs::File::open(path).and_then(|file| file.take(HEAD_BYTES).read_to_end(&mut head));
    if read.is_err() {
        head.clear();
    }
    head
}

/// Whether a file starts as projsok's CSV or NDJSON records do: replacing it loses nothing
/// that another run cannot write again. The whole CSV header, or the first record's fields in
/// projsok's order: `{"path":` alone begins many tools' logs.
fn is_record_export(head: &[u8]) -> bool {
    let text = head.strip_prefix(BOM).unwrap_or(head);
    let csv_header = CSV_FIELD_COLUMNS.join(",");
    let csv = text.strip_prefix(csv_header.as_bytes()).is_some_and(|rest| {
        rest.starts_with(b",") || rest.starts_with(b"\r\n") || rest.starts_with(b"\n")
    });
    csv || is_ndjson_record(text)
}

/// Whether the first line of `text` holds the first fields of a record in their order (the
/// head read may end inside a long record, so not all of them).
fn is_ndjson_record(text: &[u8]) -> bool {
    let line = text.split(|&byte| byte == b'\n').next().unwrap_or_default();
    if !line.starts_with(br#"{"path":"#) {
        return false;
    }
    let mut rest = line;
    CSV_FIELD_COLUMNS[..6].iter().all(|field| {
        let key = format!("\"{field}\":");
        let at = rest.windows(key.len()).position(|window| window == key.as_bytes());
        at.inspect(|&at| rest = &rest[at + key.len()..]).is_some()
    })
}

/// `--output FILE` may replace an earlier export, or anything with --force; never a folder.
fn check_file_target(path: &Path, force: bool) -> Result<()> {
    let Ok(meta) = fs::metadata(path) else { return Ok(()) };
    if meta.is_dir() {
        return Err(Error::argument(
            "--output",
            format!("{} is a folder, not a file (opensearch writes into folders)", path.display()),
        ));
    }
    // An empty file holds nothing to lose (an export that matched nothing writes one).
    if !meta.is_file() || force || meta.len() == 0 || is_record_export(&head_of(path)) {
        return Ok(());
    }
    Err(Error::argument(
        "--output",
        format!("{} exists and is no projsok export; --force replaces it", path.display()),
    ))
}

/// The OpenSearch folder must be new, empty or an earlier export (its index definition names
/// projsok's analyzers); --force lets it be any folder, where only projsok's own file names
/// are written and removed.
fn check_folder_target(dir: &Path, force: bool) -> Result<()> {
    let Ok(meta) = fs::metadata(dir) else { return Ok(()) };
    if !meta.is_dir() {
        return Err(Error::argument(
            "--output",
            format!("{} is a file; opensearch writes into a folder", dir.display()),
        ));
    }
    let empty = fs::read_dir(dir).map_err(|err| Error::io(dir, err))?.next().is_none();
    if empty || force || is_opensearch_export(dir) {
        return Ok(());
    }
    Err(Error::argument(
        "--output",
        format!(
            "{} holds files and no earlier projsok export; nothing in it was touched (--force \
             writes projsok's files into it)",
            dir.display()
        ),
    ))
}

fn is_opensearch_export(dir: &Path) -> bool {
    let head = head_of(&dir.join(opensearch::INDEX_FILE));
    String::from_utf8_lossy(&head).contains(opensearch::ANALYZER_MARK)
}

/// Whether `name` is one projsok gives a bulk file: `bulk-00001.ndjson`, not `bulk-1.ndjson`.
fn is_bulk_file_name(name: &str) -> bool {
    let number = name.strip_prefix("bulk-").and_then(|rest| rest.strip_suffix(".ndjson"));
    number
        .filter(|number| number.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|number| number.parse::<usize>().ok())
        .is_some_and(|number| number > 0 && opensearch::bulk_file_name(number) == name)
}

/// Writes the OpenSearch export into `dir`: the index definition, the compound word list and
/// the bulk files, `batch_size` documents each. Bulk files of an earlier export are removed
/// first, so that loading `bulk-*.ndjson` never loads stale documents. Returns the number of
/// bulk files.
fn write_opensearch(
    dir: &Path,
    batch_size: usize,
    synonyms: &Synonyms,
    matches: &export::Matches,
    index: &Engine,
    bar: &Option<ProgressBar>,
) -> Result<usize> {
    fs::create_dir_all(dir).map_err(|err| Error::io(dir, err))?;
    let entries = fs::read_dir(dir).map_err(|err| Error::io(dir, err))?;
    for entry in entries {
        let path = entry.map_err(|err| Error::io(dir, err))?.path();
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        if is_bulk_file_name(name) && path.is_file() {
            fs::remove_file(&path).map_err(|err| Error::io(&path, err))?;
        }
    }
    let definition = opensearch::index_definition(synonyms);
    let path = dir.join(opensearch::INDEX_FILE);
    write_file(&path, |out| {
        serde_json::to_writer_pretty(&mut *out, &definition)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out))
            .map_err(|err| Error::io(&path, err))
    })?;
    let path = dir.join(opensearch::COMPOUND_WORDS_FILE);
    write_file(&path, |out| {
        for word in opensearch::compound_words() {
            writeln!(out, "{word}").map_err(|err| Error::io(&path, err))?;
        }
        Ok(())
    })?;
    let mut batches = 0;
    for batch in matches.addresses.chunks(batch_size) {
        batches += 1;
        let path = dir.join(opensearch::bulk_file_name(batches));
        write_file(&path, |out| {
            for address in batch {
                let doc = search::load_record(&matches.searcher, index.index(), *address)?;
                let io_error = |err| Error::io(&path, err);
                projsok::output::write_json(out, &opensearch::BulkAction::new(&doc))
                    .map_err(io_error)?;
                projsok::output::write_json(out, &opensearch::BulkDocument::from(&doc))
                    .map_err(io_error)?;
                if let Some(bar) = bar {
                    bar.inc(1);
                }
            }
            Ok(())
        })?;
    }
    Ok(batches)
}

/// Writes through `FILE.partial` and renames it at the end, so that a failed export leaves no
/// truncated file under the name asked for.
/// Why the file at `path` cannot be started, in the user's terms: the folder they named, or a
/// leftover they can remove, rather than the temporary name alone.
fn unwritable(path: &Path, partial: &Path, err: std::io::Error) -> Error {
    let folder = path.parent().filter(|parent| !parent.as_os_str().is_empty());
    match err.kind() {
        std::io::ErrorKind::NotFound if folder.is_some_and(|folder| !folder.is_dir()) => {
            let folder = folder.unwrap_or(Path::new("."));
            Error::argument(&path.display().to_string(), format!("no folder {}", folder.display()))
        }
        std::io::ErrorKind::AlreadyExists => Error::argument(
            &path.display().to_string(),
            format!(
                "{} is in the way (left by an interrupted run, or not projsok's); remove it and \
                 run again",
                partial.display()
            ),
        ),
        _ => Error::io(partial, err),
    }
}

pub(super) fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    // A FIFO, a device or a link to one (`-o /dev/stdout`) is written to where it is: a file
    // renamed over it would replace it.
    if fs::metadata(path).is_ok_and(|meta| !meta.is_file() && !meta.is_dir()) {
        let file =
            fs::OpenOptions::new().write(true).open(path).map_err(|err| Error::io(path, err))?;
        let mut out = BufWriter::new(file);
        write(&mut out)?;
        return out.flush().map_err(|err| Error::io(path, err));
    }
    let mut partial = PathBuf::from(path);
    partial.as_mut_os_string().push(".partial");
    // A new file only: never through a link someone put under this name, nor over a file this
    // run did not create (a leftover is named in the error, for its owner to remove).
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&partial)
        .map_err(|err| unwritable(path, &partial, err))?;
    let mut out = BufWriter::new(file);
    let written = write(&mut out).and_then(|()| {
        let file = out.into_inner().map_err(|err| Error::io(&partial, err.into_error()))?;
        file.sync_all().map_err(|err| Error::io(&partial, err))
    });
    match written {
        Ok(()) => fs::rename(&partial, path).map_err(|err| Error::io(path, err)),
        Err(err) => {
            let _ = fs::remove_file(&partial);
            Err(err)
        }
    }
}
