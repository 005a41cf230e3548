//! `projsok search`: ranked hits with snippets and facet counts.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{open_or_build, print, EXIT_NO_HITS};
use crate::cli::SearchArgs;
use projsok::analysis::synonyms::Synonyms;
use projsok::error::{Error, Result};
use projsok::ingest::user_file::{self, size_words, Refusal};
use projsok::output::{human, json, Style};
use projsok::search;

pub fn run_search(args: &SearchArgs, style: Style) -> Result<ExitCode> {
    let config = args.config()?;
    let request = config.request();
    let index = open_or_build(&args.index)?;
    let synonyms = load_synonyms(args.synonyms.as_deref())?;
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

/// The user's own table when none is named: `$XDG_CONFIG_HOME/projsok/synonyms.txt`, else
/// `~/.config/projsok/synonyms.txt`.
fn default_synonyms_path() -> Option<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(config.join("projsok").join("synonyms.txt"))
}

/// A synonyms table is a few hundred lines; a file this size is something else named by
/// mistake (read whole, `/dev/zero` grew the process by 300 MB/s).
pub const SYNONYMS_MAX_SIZE: u64 = 1 << 20;

/// The built-in table plus the user's (named, or at the default location if it exists).
pub fn load_synonyms(named: Option<&Path>) -> Result<Synonyms> {
    let mut table = Synonyms::built_in();
    let path = match named {
        Some(path) => path.to_path_buf(),
        None => match default_synonyms_path().filter(|path| path.is_file()) {
            Some(path) => path,
            None => return Ok(table),
        },
    };
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
        Error::argument("--synonyms", format!("{}: {why}", path.display()))
    })?;
    let text = String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        Error::argument(
            "--synonyms",
            format!("{}: not UTF-8 text (invalid byte at offset {offset})", path.display()),
        )
    })?;
    if let Some(bad) = table.add_table(&text).first() {
        return Err(Error::argument(
            "--synonyms",
            format!("{} line {}: {}", path.display(), bad.line, bad.message),
        ));
    }
    Ok(table)
}
