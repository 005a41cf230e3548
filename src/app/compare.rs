//! `projsok compare`: two documents side by side.

use std::io::{self, Write};
use std::process::ExitCode;

use super::{open_or_build, stdout_error};
use crate::cli::CompareArgs;
use crate::error::Result;
use crate::output::{self, compare as compare_output, Style};
use crate::search::compare;

pub fn run_compare(args: &CompareArgs, style: Style) -> Result<ExitCode> {
    let index = open_or_build(&args.index)?;
    let section = args.section.map(|section| section.kind());
    let comparison = compare::compare(&index, &args.a, &args.b, section, args.terms as usize)?;
    let mut out = io::stdout().lock();
    if args.json {
        output::write_json(&mut out, &compare_output::Compare::from(&comparison))
    } else {
        compare_output::write_human(&mut out, &comparison, style)
    }
    .and_then(|()| out.flush())
    .map_err(stdout_error)?;
    Ok(ExitCode::SUCCESS)
}
