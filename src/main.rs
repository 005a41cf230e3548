mod app;
mod cli;
mod help;

use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;
use std::sync::OnceLock;

// Indexing allocates a small string per token; mimalloc makes that markedly cheaper than the
// system allocator (see benches/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit status for a bug in projsok (EX_SOFTWARE of sysexits.h): a panic.
const EXIT_INTERNAL: u8 = 70;

/// The first panic of the process, as one line; a panic in a worker thread often brings a
/// second one ("a scoped thread panicked") to the main thread, which says less.
static FIRST_PANIC: OnceLock<String> = OnceLock::new();

fn main() -> ExitCode {
    record_panics();
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        let cli = match cli::parse() {
            Ok(cli) => cli,
            Err(message) => {
                eprintln!("projsok: {message}");
                return Ok(ExitCode::from(app::EXIT_USAGE));
            }
        };
        app::run(cli)
    }));
    match outcome {
        Ok(Ok(code)) => code,
        Ok(Err(error)) => {
            // A message may name a file: its name's control characters are made visible.
            let message = error.to_string();
            eprintln!("projsok: {}", projsok::output::visible::escaped_lines(&message));
            ExitCode::from(app::exit_code(&error))
        }
        Err(_) => {
            let what = FIRST_PANIC.get().map_or("unknown panic", String::as_str);
            eprintln!("projsok: internal error: {what}; please report it");
            ExitCode::from(EXIT_INTERNAL)
        }
    }
}

/// Replaces the default panic message (several lines and a note about backtraces, which
/// tell a user nothing) by a record of the first panic, which `main` prints as one line.
/// With `RUST_BACKTRACE` set the default report, backtrace included, is printed as well.
fn record_panics() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let message = projsok::error::panic_message(info).unwrap_or("panic without a message");
        // Assertion messages span lines; the report is one.
        let mut line = message.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(location) = info.location() {
            line.push_str(&format!(" (at {}:{})", location.file(), location.line()));
        }
        let _ = FIRST_PANIC.set(line);
        if std::env::var_os("RUST_BACKTRACE").is_some_and(|value| value != "0") {
            default(info);
        }
    }));
}
