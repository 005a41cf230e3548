//! `projsok similar`: the projects most like one document or a pasted text.

use std::io;
use std::process::ExitCode;

use super::{open_or_build, print};
use crate::cli::SimilarArgs;
use projsok::config::PASTED_TEXT_MAX_SIZE;
use projsok::error::{Error, Result};
use projsok::ingest::user_file::{self, size_words, Refusal};
use projsok::output::{similar as similar_output, Style};
use projsok::search::similar;

pub fn run_similar(args: &SimilarArgs, style: Style) -> Result<ExitCode> {
    let stdin_text = if args.text.is_none() && args.id.as_deref() == Some("-") {
        Some(read_stdin()?)
    } else {
        None
    };
    // A config file's `limit = 0` asks search for counts only; similar has no such answer, so
    // it keeps its own default then.
    let limit = Some(super::default_limit()).filter(|&limit| limit > 0);
    let config = args.config(stdin_text, limit.unwrap_or(projsok::config::DEFAULT_LIMIT))?;
    let index = open_or_build(&args.index)?;
    let results = similar::similar(&index, config.request())?;
    for warning in &results.warnings {
        eprintln!("projsok: {warning}");
    }
    print(
        args.json,
        || similar_output::Similar::from(&results),
        |out| similar_output::write_human(out, &results, style, args.explain),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn read_stdin() -> Result<String> {
    let bytes = user_file::read_at_most(io::stdin().lock(), 0, PASTED_TEXT_MAX_SIZE).map_err(
        |refusal| match refusal {
            Refusal::Io(err) => Error::io("standard input", err),
            _ => Error::argument(
                "standard input",
                format!(
                    "more than {} of text; similar reads at most that much (pass a part of it)",
                    size_words(PASTED_TEXT_MAX_SIZE)
                ),
            ),
        },
    )?;
    String::from_utf8(bytes).map_err(|err| {
        Error::argument(
            "standard input",
            format!("not UTF-8 text (invalid byte at offset {})", err.utf8_error().valid_up_to()),
        )
    })
}
