use std::process::ExitCode;

// Indexing allocates a small string per token; mimalloc makes that markedly cheaper than the
// system allocator (see benches/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match projsok::cli::parse() {
        Ok(cli) => cli,
        Err(message) => {
            eprintln!("projsok: {message}");
            return ExitCode::from(projsok::app::EXIT_USAGE);
        }
    };
    match projsok::app::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("projsok: {error}");
            ExitCode::from(projsok::app::exit_code(&error))
        }
    }
}
