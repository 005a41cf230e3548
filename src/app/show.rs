//! `projsok show`: the parsed record of one document.

use std::io::{self, Write};
use std::process::ExitCode;

use super::{open_or_build, stdout_error};
use crate::cli::ShowArgs;
use crate::error::Result;
use crate::output::{self, human, json, Style};
use crate::search;

pub fn run_show(args: &ShowArgs, style: Style) -> Result<ExitCode> {
    let index = open_or_build(&args.index)?;
    let doc = search::show(&index, &args.id)?;
    let mut out = io::stdout().lock();
    if args.json {
        output::write_json(&mut out, &json::Record::from(&doc))
    } else {
        human::write_record(&mut out, &doc, style)
    }
    .and_then(|()| out.flush())
    .map_err(stdout_error)?;
    Ok(ExitCode::SUCCESS)
}
