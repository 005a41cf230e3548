//! `projsok search`: ranked hits with snippets and facet counts.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::io::{self, Write};

use super::{open_or_build, print, settings, stdout_error, EXIT_NO_HITS};
use crate::cli::SearchArgs;
use projsok::analysis::synonyms::Synonyms;
use projsok::error::{Error, Result};
use projsok::ingest::user_file::{self, size_words, Refusal};
use projsok::output::visible::escaped;
use projsok::output::{facets as facets_output, human, json, Style};
use projsok::search::{self, export, Engine, Request};

pub fn run_search(args: &SearchArgs, style: Style) -> Result<ExitCode> {
    let config = args.config(super::default_limit())?;
    let request = config.request();
    let index = open_or_build(&args.index)?;
    let synonyms = load_synonyms(args.synonyms.as_deref())?;
    if args.files_with_matches {
        return list_ids(args, &index, &synonyms, request);
    }
    if args.count {
        return count(args, &index, &synonyms, request);
    }
    let results = search::search(&index, &synonyms, request)?;
    for warning in &results.warnings {
        eprintln!("projsok: {warning}");
    }
    print(
        args.json,
        || json::Search::new(&request.query, &results),
        |out| human::write_search(out, &results, request.offset, style),
    )?;
    if args.fail_empty && results.total == 0 {
        return Ok(ExitCode::from(EXIT_NO_HITS));
    }
    Ok(ExitCode::SUCCESS)
}

/// `-l`: the ids of every match, one a line, in the order of the hits (a page of them when
/// `--limit` or `--offset` is given).
fn list_ids(
    args: &SearchArgs,
    index: &Engine,
    synonyms: &Synonyms,
    request: &Request,
) -> Result<ExitCode> {
    let matches = export::matches(index, synonyms, request)?;
    for warning in &matches.warnings {
        eprintln!("projsok: {warning}");
    }
    let mut out = io::stdout().lock();
    let page = matches.paths.iter().skip(args.offset).take(args.limit.unwrap_or(usize::MAX));
    for path in page {
        let written = if args.null {
            out.write_all(path.as_bytes()).and_then(|()| out.write_all(b"\0"))
        } else {
            writeln!(out, "{}", escaped(path))
        };
        written.map_err(stdout_error)?;
    }
    out.flush().map_err(stdout_error)?;
    Ok(exit_status(args, matches.paths.len()))
}

/// `-c`: the number of matches, as digits a script can read (with `--json`, the total and
/// the facet counts).
fn count(
    args: &SearchArgs,
    index: &Engine,
    synonyms: &Synonyms,
    request: &Request,
) -> Result<ExitCode> {
    let request = Request { limit: 0, offset: 0, snippets: false, ..request.clone() };
    let results = search::search(index, synonyms, &request)?;
    for warning in &results.warnings {
        eprintln!("projsok: {warning}");
    }
    print(
        args.json,
        || json::Count { total: results.total, facets: facets_output::facets(&results.facets) },
        |out| writeln!(out, "{}", results.total),
    )?;
    Ok(exit_status(args, results.total))
}

fn exit_status(args: &SearchArgs, total: usize) -> ExitCode {
    if args.fail_empty && total == 0 {
        ExitCode::from(EXIT_NO_HITS)
    } else {
        ExitCode::SUCCESS
    }
}

/// The user's table in effect: the one named (flag, else the config file's `synonyms`),
/// else `synonyms.txt` in the config folder when it exists.
pub fn synonyms_path(named: Option<&Path>) -> Option<PathBuf> {
    let named = named.map(Path::to_path_buf).or_else(|| settings::get().synonyms.clone());
    named.or_else(|| {
        Some(settings::config_folder()?.join("synonyms.txt")).filter(|path| path.is_file())
    })
}

/// What named the synonym table, for its errors: the flag, the config file's key or nothing
/// (the default file speaks for itself).
fn synonyms_named(flag: Option<&Path>) -> &'static str {
    match (flag, &settings::get().synonyms) {
        (Some(_), _) => "--synonyms",
        (None, Some(_)) => "synonyms (config file)",
        (None, None) => "synonyms",
    }
}

/// A synonyms table is a few hundred lines; a file this size is something else named by
/// mistake (read whole, `/dev/zero` grew the process by 300 MB/s).
pub const SYNONYMS_MAX_SIZE: u64 = 1 << 20;

/// The built-in table plus the user's (named, or at the default location if it exists).
pub fn load_synonyms(named: Option<&Path>) -> Result<Synonyms> {
    let mut table = Synonyms::built_in();
    let Some(path) = synonyms_path(named) else { return Ok(table) };
    let bytes = user_file::read_regular(&path, SYNONYMS_MAX_SIZE).map_err(|refusal| {
        let why = match refusal {
            Refusal::NotRegular(kind) => format!("not a regular file ({kind})"),
            Refusal::TooLarge(_) => {
                format!(
                    "over {}, the most a synonyms table may hold",
                    size_words(SYNONYMS_MAX_SIZE)
                )
            }
            Refusal::Io(err) => return Error::io(&path, err),
        };
        Error::argument(synonyms_named(named), format!("{}: {why}", path.display()))
    })?;
    let text = String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        Error::argument(
            synonyms_named(named),
            format!("{}: not UTF-8 text (invalid byte at offset {offset})", path.display()),
        )
    })?;
    if let Some(bad) = table.add_table(&text).first() {
        return Err(Error::argument(
            synonyms_named(named),
            format!("{} line {}: {}", path.display(), bad.line, bad.message),
        ));
    }
    Ok(table)
}
