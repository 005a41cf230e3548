//! `projsok completions` and `projsok man`: the shell completion script and the man page,
//! both generated from the command-line definition, so they never fall behind it.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::CommandFactory;

use super::stdout_error;
use crate::cli::{Cli, CompletionsArgs};
use projsok::error::Result;

pub fn run_completions(args: &CompletionsArgs) -> Result<ExitCode> {
    let mut command = Cli::command();
    let mut out = io::stdout().lock();
    clap_complete::generate(args.shell, &mut command, "projsok", &mut out);
    out.flush().map_err(stdout_error)?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_man() -> Result<ExitCode> {
    let man = clap_mangen::Man::new(Cli::command());
    let mut out = io::stdout().lock();
    man.render(&mut out).and_then(|()| out.flush()).map_err(stdout_error)?;
    Ok(ExitCode::SUCCESS)
}
