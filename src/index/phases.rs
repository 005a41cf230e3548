//! Timestamps of the phases of an index run, printed to stderr when `PROJSOK_PHASES` is set:
//! where an `--update` spends its time (walk, open, commit, each table) without a profiler.

use std::sync::OnceLock;
use std::time::Instant;

fn start() -> Option<&'static Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    START.get_or_init(|| std::env::var_os("PROJSOK_PHASES").map(|_| Instant::now())).as_ref()
}

/// Notes that the phase `name` ended, with the seconds since the first mark of the process.
pub fn mark(name: &str) {
    if let Some(start) = start() {
        eprintln!("phase {name}: {:.3} s", start.elapsed().as_secs_f64());
    }
}
