//! `projsok index`: the progress bar and warnings on stderr while [`projsok::ingest`] builds or
//! updates the index, the summary line after it, and the exit status of `--strict`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};

use super::{build_options, check_index_args, EXIT_USAGE};
use crate::cli::IndexArgs;
use projsok::error::Result;
use projsok::index::writer::BuildOptions;
use projsok::ingest::{self, counts_by_reason, Found, Progress, Reading, Skip, Summary};

pub(super) fn run_index(args: &IndexArgs) -> Result<ExitCode> {
    check_index_args(args)?;
    let options = build_options(args);
    let reading = Reading { max_size: args.max_size, follow: args.follow, verify: args.verify };
    let summary = index_and_report(&args.paths, &args.index, options, reading, args.update)?;
    if args.strict && !summary.skipped.is_empty() {
        // The index is written; the status tells scripts that some input was left out.
        eprintln!("projsok: --strict: {} skipped; see the warnings above", summary.skipped.len());
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    Ok(ExitCode::SUCCESS)
}

/// Builds the index in `dir` from `paths` (or with `update`, updates it) with the progress and
/// warnings on stderr, then prints the summary line.
pub(super) fn index_and_report(
    paths: &[PathBuf],
    dir: &Path,
    options: BuildOptions,
    reading: Reading,
    update: bool,
) -> Result<Summary> {
    let mut progress = Terminal::default();
    let summary = if update {
        ingest::update(paths, dir, options, reading, &mut progress)?
    } else {
        ingest::rebuild(paths, dir, options, reading, &mut progress)?
    };
    eprintln!("projsok: {}", summary_line(&summary));
    Ok(summary)
}

/// A bar on a terminal, a log line every tenth of the way otherwise; warnings go above the bar.
#[derive(Default)]
struct Terminal {
    bar: Option<ProgressBar>,
    total: u64,
    done: u64,
}

impl Progress for Terminal {
    fn started(&mut self, total: usize) {
        self.total = total as u64;
        self.bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(self.total);
            if let Ok(style) = ProgressStyle::with_template(
                "{bar:40} {pos}/{len} documents ({per_sec}, {eta} left)",
            ) {
                bar.set_style(style);
            }
            bar
        });
    }

    fn skipped(&mut self, skip: &Skip) {
        self.warn(&format!("skipped {}", skip.line()));
    }

    fn read(&mut self, _found: &Found) {
        self.done += 1;
        match &self.bar {
            Some(bar) => bar.inc(1),
            None => {
                let tenth = (self.total / 10).max(1);
                if self.total >= 1000 && self.done.is_multiple_of(tenth) {
                    eprintln!("projsok: read {}/{} documents", self.done, self.total);
                }
            }
        }
    }

    fn finished(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    fn notice(&mut self, message: &str) {
        self.warn(message);
    }
}

impl Terminal {
    fn warn(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(format!("projsok: {line}")),
            None => eprintln!("projsok: {line}"),
        }
    }
}

/// One line: "indexed 5 documents (6 seen, 1 skipped: 1 empty file) in 0.21 s, 24 docs/s", or
/// for an update "updated: 1 added, 2 changed, 0 removed, 3 unchanged (6 seen, 0 skipped) in
/// 0.05 s".
pub fn summary_line(summary: &Summary) -> String {
    let reasons: Vec<String> = counts_by_reason(&summary.skipped)
        .into_iter()
        .map(|(reason, count)| format!("{count} {reason}"))
        .collect();
    let by_reason =
        if reasons.is_empty() { String::new() } else { format!(": {}", reasons.join(", ")) };
    let counts = format!("({} seen, {} skipped{by_reason})", summary.seen, summary.skipped.len());
    if let Some(changes) = summary.changes {
        return format!(
            "updated: {} added, {} changed, {} removed, {} unchanged {counts} in {:.2} s",
            changes.added, changes.changed, changes.removed, changes.unchanged, summary.seconds
        );
    }
    let rate = summary.indexed as f64 / summary.seconds.max(1e-9);
    format!(
        "indexed {} documents {counts} in {:.2} s, {:.0} docs/s",
        summary.indexed, summary.seconds, rate
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use projsok::ingest::{Changes, Reason};

    fn skip(reason: Reason) -> Skip {
        Skip { id: "x".to_string(), reason, detail: String::new() }
    }

    #[test]
    fn summary_lines_count_by_reason() {
        let summary = Summary {
            seen: 6,
            indexed: 3,
            skipped: vec![skip(Reason::Binary), skip(Reason::Empty), skip(Reason::Binary)],
            seconds: 1.0,
            changes: None,
        };
        assert_eq!(
            summary_line(&summary),
            "indexed 3 documents (6 seen, 3 skipped: 1 empty file, 2 binary file) in 1.00 s, \
             3 docs/s"
        );
        let changes = Changes { added: 1, changed: 2, removed: 4, unchanged: 0 };
        let update = Summary { changes: Some(changes), skipped: Vec::new(), seen: 3, ..summary };
        assert_eq!(
            summary_line(&update),
            "updated: 1 added, 2 changed, 4 removed, 0 unchanged (3 seen, 0 skipped) in 1.00 s"
        );
    }
}
