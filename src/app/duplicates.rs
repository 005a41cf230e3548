//! `projsok duplicates`: the clusters of near-duplicates with a matching document.

use std::io::{self, Write};
use std::process::ExitCode;

use super::search::load_synonyms;
use super::{open_or_build, print, stdout_error};
use crate::cli::DuplicatesArgs;
use projsok::error::Result;
use projsok::output::{duplicates as duplicates_output, Style};
use projsok::search::duplicates;

pub fn run_duplicates(args: &DuplicatesArgs, style: Style) -> Result<ExitCode> {
    let config = args.config(super::default_limit())?;
    let request = config.request();
    let index = open_or_build(&args.index)?;
    let synonyms = load_synonyms(args.synonyms.as_deref())?;
    let results = duplicates::duplicates(&index, &synonyms, request)?;
    for warning in &results.warnings {
        eprintln!("projsok: {warning}");
    }
    if args.csv {
        let mut out = io::stdout().lock();
        duplicates_output::write_csv(&mut out, &results)
            .and_then(|()| out.flush())
            .map_err(stdout_error)?;
        return Ok(ExitCode::SUCCESS);
    }
    print(
        args.json,
        || duplicates_output::Duplicates::from(&results),
        |out| duplicates_output::write_human(out, &results, request.offset, style),
    )?;
    Ok(ExitCode::SUCCESS)
}
