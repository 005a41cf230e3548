//! Glue between the command line and the library: one file per subcommand. Owns progress
//! bars, warnings, summaries and exit codes.

pub mod compare;
pub mod completions;
pub mod duplicates;
pub mod export;
pub mod facets;
pub mod index;
pub mod info;
pub mod search;
pub mod serve;
pub mod settings;
pub mod show;
pub mod similar;
pub mod synonyms;
pub mod views;

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{Cli, ColorChoice, Command, IndexArgs, IndexLocation};
use projsok::error::{Error, Result};
use projsok::index as index_store;
use projsok::index::writer::{self, BuildOptions};
use projsok::ingest::{self, Reading};
use projsok::output::Style;
use projsok::search::Engine;
use settings::Origin;

/// Exit status when `--fail-empty` is given and nothing matched.
pub const EXIT_NO_HITS: u8 = 1;
/// Exit status for usage and input errors, and for `index --strict` when a file was skipped.
pub const EXIT_USAGE: u8 = 2;
/// Exit status for a missing, locked, outdated or broken index.
pub const EXIT_INDEX: u8 = 3;

/// The folder `search` builds a missing index from, relative to the working directory.
const SEEDS: &str = "seeds";

/// The exit status for an error.
pub fn exit_code(error: &Error) -> u8 {
    match error {
        Error::Index { .. } | Error::StorageFull { .. } => EXIT_INDEX,
        _ => EXIT_USAGE,
    }
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    // The man page and completion scripts depend on nothing of the user's; a broken config
    // file must not keep them from being written.
    if !matches!(cli.command, Command::Completions(_) | Command::Man(_)) {
        settings::load()?;
    }
    let color = cli.color.or(settings::get().color).unwrap_or(ColorChoice::Auto);
    let style = Style { color: use_color(color) };
    let outcome = match cli.command {
        Command::Index(args) => index::run_index(&args),
        Command::Search(args) => search::run_search(&args, style),
        Command::Show(args) => show::run_show(&args, style),
        Command::Similar(args) => similar::run_similar(&args, style),
        Command::Compare(args) => compare::run_compare(&args, style),
        Command::Facets(args) => facets::run_facets(&args, style),
        Command::Export(args) => export::run_export(&args),
        Command::Trends(args) => views::run_trends(&args, style),
        Command::Terms(args) => views::run_terms(&args, style),
        Command::Kwic(args) => views::run_kwic(&args, style),
        Command::Duplicates(args) => duplicates::run_duplicates(&args, style),
        Command::Serve(args) => serve::run_serve(&args),
        Command::Info(args) => info::run_info(&args, style),
        Command::Synonyms(args) => synonyms::run_synonyms(&args),
        Command::Completions(args) => completions::run_completions(&args),
        Command::Man(args) => completions::run_man(&args),
    };
    match outcome {
        Err(Error::Io { source, .. }) if source.kind() == io::ErrorKind::BrokenPipe => {
            Ok(ExitCode::SUCCESS)
        }
        other => other,
    }
}

/// The index folder a command names, by flag, environment, config file or default.
pub(crate) fn index_dir(location: &IndexLocation) -> (PathBuf, Origin) {
    settings::get().index(location.dir.as_deref())
}

/// The limit when `--limit` is not given: the config file's, else the built-in one.
pub(crate) fn default_limit() -> usize {
    settings::get().limit.unwrap_or(projsok::config::DEFAULT_LIMIT)
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
                && io::stdout().is_terminal()
        }
    }
}

pub(crate) fn stdout_error(err: io::Error) -> Error {
    Error::io("standard output", err)
}

/// Prints a command's result on standard output and flushes it: as one JSON object
/// (`as_json` builds it) with `--json`, else as `as_human` writes it.
pub(crate) fn print<T: serde::Serialize>(
    json: bool,
    as_json: impl FnOnce() -> T,
    as_human: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> Result<()> {
    let mut out = io::stdout().lock();
    let written =
        if json { projsok::output::write_json(&mut out, &as_json()) } else { as_human(&mut out) };
    written.and_then(|()| io::Write::flush(&mut out)).map_err(stdout_error)
}

fn build_options(args: &IndexArgs) -> BuildOptions {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(8);
    BuildOptions {
        compounds: !args.no_compounds,
        memory_budget: (args.memory_mb as usize) << 20,
        threads: args.threads.map(|n| n as usize).unwrap_or(cores),
    }
}

/// Checks what `projsok index` was given before anything is written: a missing input would
/// fail the walk only after the index folder and its lock file were made.
fn check_index_args(args: &IndexArgs) -> Result<()> {
    let (dir, origin) = index_dir(&args.index);
    check_index_folder(&dir, origin)?;
    for path in &args.paths {
        if let Err(err) = std::fs::metadata(path) {
            if err.kind() == io::ErrorKind::NotFound && args.paths == [PathBuf::from(SEEDS)] {
                // `projsok index` alone reads seeds/: say so, not only that it is missing.
                return Err(Error::argument(
                    SEEDS,
                    "no such folder to index; name the files or folders: projsok index FOLDER...",
                ));
            }
            return Err(Error::io(path, err));
        }
    }
    Ok(())
}

/// An index path that names a file is refused before it is opened or written to, in the
/// words of whatever named it.
fn check_index_folder(dir: &Path, origin: Origin) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        let shown = dir.display();
        let (name, advice) = match origin {
            Origin::Default => ("index".to_string(), "; name another with --index DIR"),
            Origin::Flag => (format!("--index {shown}"), ""),
            Origin::Environment => (format!("PROJSOK_INDEX={shown}"), ""),
            Origin::ConfigFile => (format!("index = {shown} (config file)"), ""),
        };
        return Err(Error::argument(&name, format!("is a file, not an index folder{advice}")));
    }
    Ok(())
}

/// Opens the index a command names; when nothing names one (no flag, environment or config
/// file), `./index` is missing and `seeds/` is here (the README's first command in a fresh
/// checkout), builds it from the seeds first and says so. Several first commands started
/// together (a script, a page's parallel requests) wait for the one that builds.
pub(crate) fn open_or_build(location: &IndexLocation) -> Result<Engine> {
    let (dir, origin) = index_dir(location);
    let dir = dir.as_path();
    check_index_folder(dir, origin)?;
    let builds_default = origin == Origin::Default && Path::new(SEEDS).is_dir();
    if builds_default && !index_store::exists(dir) {
        writer::wait_for_writer(dir)?;
    }
    if builds_default && !index_store::exists(dir) {
        eprintln!("projsok: no index yet; building {} from {SEEDS}/", dir.display());
        let args = IndexArgs {
            paths: vec![PathBuf::from(SEEDS)],
            index: IndexLocation { dir: Some(dir.to_path_buf()) },
            rebuild: true,
            update: false,
            verify: false,
            follow: false,
            strict: false,
            max_size: ingest::DEFAULT_MAX_SIZE,
            no_compounds: false,
            memory_mb: 100,
            threads: None,
        };
        match index::index_and_report(
            &args.paths,
            dir,
            build_options(&args),
            Reading::default(),
            false,
        ) {
            Ok(_) => {}
            // Another first command took the lock between the wait and the build: its index
            // is the one to search.
            Err(err) if writer::is_busy(&err) => writer::wait_for_writer(dir)?,
            Err(err) => return Err(err),
        }
    }
    Engine::open(dir)
}
