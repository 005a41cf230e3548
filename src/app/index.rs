//! `projsok index`: the progress bar and warnings on stderr while [`projsok::ingest`] builds or
//! updates the index, the summary line after it, and the exit status of `--strict`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::fmt;

use indicatif::{ProgressBar, ProgressState, ProgressStyle};

use super::{build_options, check_index_args, EXIT_USAGE};
use crate::cli::IndexArgs;
use projsok::error::Result;
use projsok::index::writer::BuildOptions;
use projsok::ingest::{self, counts_by_reason, Found, Progress, Reading, Reason, Skip, Summary};
use projsok::output::numbers;

pub(super) fn run_index(args: &IndexArgs) -> Result<ExitCode> {
    check_index_args(args)?;
    let options = build_options(args);
    let reading = Reading { max_size: args.max_size, follow: args.follow, verify: args.verify };
    let (dir, _) = super::index_dir(&args.index);
    let summary = index_and_report(&args.paths, &dir, options, reading, args.update)?;
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
    /// The count of the last "read" line of the plain log.
    logged: u64,
}

/// A bar's style from `template`, with the counts as the interface writes them: `{done}`,
/// `{all}` and `{rate}` grouped and whole (indicatif's own {pos}, {len} and {per_sec} print
/// 44397 and 9394.4483/s; see output::numbers).
pub(super) fn bar_style(template: &str) -> Option<ProgressStyle> {
    let grouped = |count: u64| numbers::grouped(count);
    let style = ProgressStyle::with_template(template).ok()?;
    Some(
        style
            .with_key("done", move |state: &ProgressState, out: &mut dyn fmt::Write| {
                let _ = write!(out, "{}", grouped(state.pos()));
            })
            .with_key("all", move |state: &ProgressState, out: &mut dyn fmt::Write| {
                let _ = write!(out, "{}", grouped(state.len().unwrap_or(0)));
            })
            .with_key("rate", move |state: &ProgressState, out: &mut dyn fmt::Write| {
                let _ = write!(out, "{}/s", grouped(state.per_sec().round() as u64));
            }),
    )
}

/// Documents from which a run without a terminal logs its progress.
const LOGGED: u64 = 1000;

impl Progress for Terminal {
    fn started(&mut self, total: usize) {
        self.total = total as u64;
        self.bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(self.total);
            if let Some(style) = bar_style("{bar:40} {done}/{all} documents ({rate}, {eta} left)") {
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
                if self.total >= LOGGED && self.done.is_multiple_of(tenth) {
                    self.log_read();
                }
            }
        }
    }

    fn finished(&mut self) {
        match self.bar.take() {
            Some(bar) => bar.finish_and_clear(),
            // The log ends at the count read, not at the last tenth before it.
            None if self.total >= LOGGED && self.logged != self.done => self.log_read(),
            None => {}
        }
    }

    fn notice(&mut self, message: &str) {
        self.warn(message);
    }
}

impl Terminal {
    fn log_read(&mut self) {
        let (done, total) = (numbers::grouped(self.done), numbers::grouped(self.total));
        eprintln!("projsok: read {done}/{total} documents");
        self.logged = self.done;
    }

    fn warn(&self, line: &str) {
        let line = projsok::output::visible::escaped_lines(line);
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
    let grouped = |count: usize| numbers::grouped(count as u64);
    let reasons: Vec<String> = counts_by_reason(&summary.skipped)
        .into_iter()
        .map(|(reason, count)| format!("{} {}", grouped(count), reason_words(reason, count)))
        .collect();
    let by_reason =
        if reasons.is_empty() { String::new() } else { format!(": {}", reasons.join(", ")) };
    let (seen, skipped) = (grouped(summary.seen), grouped(summary.skipped.len()));
    let counts = format!("({seen} seen, {skipped} skipped{by_reason})");
    let seconds = numbers::decimal(summary.seconds, 2);
    if let Some(changes) = summary.changes {
        return format!(
            "updated: {} added, {} changed, {} removed, {} unchanged {counts} in {seconds} s",
            grouped(changes.added),
            grouped(changes.changed),
            grouped(changes.removed),
            grouped(changes.unchanged),
        );
    }
    let rate = summary.indexed as f64 / summary.seconds.max(1e-9);
    let indexed = numbers::count(summary.indexed as u64, "document", "documents");
    format!("indexed {indexed} {counts} in {seconds} s, {} docs/s", numbers::decimal(rate, 0))
}

/// A reason for `count` skips, in the plural when it is not one: "1 empty file", "2 empty
/// files", "3 symlinks not followed".
fn reason_words(reason: Reason, count: usize) -> String {
    if count == 1 {
        return reason.to_string();
    }
    match reason {
        Reason::TooLarge => "too large".to_string(),
        Reason::Symlink => "symlinks not followed".to_string(),
        Reason::NotRegular => "not regular files".to_string(),
        Reason::IndexFolder => "projsok indexes".to_string(),
        other => format!("{other}s"),
    }
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
            "indexed 3 documents (6 seen, 3 skipped: 1 empty file, 2 binary files) in 1,00 s, \
             3 docs/s"
        );
        let changes = Changes { added: 1, changed: 2, removed: 4, unchanged: 0 };
        let update = Summary { changes: Some(changes), skipped: Vec::new(), seen: 3, ..summary };
        assert_eq!(
            summary_line(&update),
            "updated: 1 added, 2 changed, 4 removed, 0 unchanged (3 seen, 0 skipped) in 1,00 s"
        );
    }
}
