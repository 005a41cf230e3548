use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = projsok::cli::Cli::parse();
    match projsok::app::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("projsok: {error}");
            ExitCode::from(projsok::app::exit_code(&error))
        }
    }
}
