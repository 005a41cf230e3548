//! `projsok show`: the parsed record of one document.

use std::process::ExitCode;

use super::{open_or_build, print};
use crate::cli::ShowArgs;
use projsok::error::Result;
use projsok::output::{human, json, Style};
use projsok::search;

pub fn run_show(args: &ShowArgs, style: Style) -> Result<ExitCode> {
    let index = open_or_build(&args.index)?;
    let doc = search::show(&index, &args.id)?;
    let versions = search::collapse::versions(&index, &doc.path)?;
    print(
        args.json,
        || json::Shown::new(&doc, &versions),
        |out| human::write_record(out, &doc, &versions, style),
    )?;
    Ok(ExitCode::SUCCESS)
}
