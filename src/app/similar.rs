//! `projsok similar`: the projects most like one document or a pasted text.

use std::io::{self, Read};
use std::process::ExitCode;

use super::{open_or_build, print};
use crate::cli::SimilarArgs;
use crate::error::{Error, Result};
use crate::output::{similar as similar_output, Style};
use crate::search::similar;

pub fn run_similar(args: &SimilarArgs, style: Style) -> Result<ExitCode> {
    let stdin_text = if args.text.is_none() && args.id.as_deref() == Some("-") {
        Some(read_stdin()?)
    } else {
        None
    };
    let request = args.to_request(stdin_text)?;
    let index = open_or_build(&args.index)?;
    let results = similar::similar(&index, &request)?;
    for warning in &results.warnings {
        eprintln!("projsok: {warning}");
    }
    print(
        args.json,
        || similar_output::Similar::from(&results),
        |out| similar_output::write_human(out, &results, style),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn read_stdin() -> Result<String> {
    let mut bytes = Vec::new();
    io::stdin().read_to_end(&mut bytes).map_err(|err| Error::io("standard input", err))?;
    String::from_utf8(bytes).map_err(|err| {
        Error::argument(
            "standard input",
            format!("not UTF-8 text (invalid byte at offset {})", err.utf8_error().valid_up_to()),
        )
    })
}
