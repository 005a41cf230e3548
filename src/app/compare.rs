//! `projsok compare`: two documents side by side.

use std::process::ExitCode;

use super::{open_or_build, print};
use crate::cli::CompareArgs;
use projsok::error::Result;
use projsok::output::{compare as compare_output, Style};
use projsok::search::compare;

pub fn run_compare(args: &CompareArgs, style: Style) -> Result<ExitCode> {
    let config = args.config()?;
    let index = open_or_build(&args.index)?;
    let comparison =
        compare::compare(&index, config.a(), config.b(), config.section(), config.terms())?;
    print(
        args.json,
        || compare_output::Compare::from(&comparison),
        |out| compare_output::write_human(out, &comparison, style),
    )?;
    Ok(ExitCode::SUCCESS)
}
