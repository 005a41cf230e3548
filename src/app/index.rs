//! `projsok index`: walk, parse, infer places, detect language, build and swap in the index.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use super::walk::{self, Skip};
use crate::analysis::language;
use crate::document::Document;
use crate::error::Result;
use crate::index::writer::{BuildOptions, Builder};
use crate::places;

/// What an indexing run did.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub seen: usize,
    pub indexed: usize,
    pub skipped: Vec<Skip>,
    pub seconds: f64,
}

/// Sets the fields that come from analysis rather than the text's structure.
pub fn enrich(doc: &mut Document) {
    places::infer_missing(doc);
    let mut sample = doc.title.clone();
    for section in &doc.sections {
        if sample.len() > 4000 {
            break;
        }
        sample.push('\n');
        sample.push_str(&section.text);
    }
    doc.lang = Some(language::detect(&sample).code().to_string());
}

/// Builds a new index in `dir` from `paths`, reporting progress and skips on stderr.
pub fn build(paths: &[PathBuf], dir: &Path, options: BuildOptions) -> Result<Summary> {
    let started = Instant::now();
    let (files, mut skipped) = walk::walk(paths)?;
    let seen = files.len() + skipped.len();
    let mut builder = Builder::create(dir, options)?;
    let progress = Progress::new(files.len() as u64);
    let mut indexed = 0;
    for found in &files {
        match walk::read(found) {
            Ok((mut parsed, hash)) => {
                enrich(&mut parsed.doc);
                builder.add(&parsed.doc, hash)?;
                indexed += 1;
            }
            Err(skip) => {
                progress.warn(&format!("skipped {}: {}{}", skip.id, skip.reason, detail(&skip)));
                skipped.push(skip);
            }
        }
        progress.step();
    }
    progress.finish();
    builder.commit()?;
    Ok(Summary { seen, indexed, skipped, seconds: started.elapsed().as_secs_f64() })
}

fn detail(skip: &Skip) -> String {
    if skip.detail.is_empty() {
        String::new()
    } else {
        format!(" ({})", skip.detail)
    }
}

/// A bar on a terminal, a log line every tenth of the way otherwise.
struct Progress {
    bar: Option<ProgressBar>,
    total: u64,
    done: std::cell::Cell<u64>,
}

impl Progress {
    fn new(total: u64) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total);
            if let Ok(style) = ProgressStyle::with_template(
                "{bar:40} {pos}/{len} documents ({per_sec}, {eta} left)",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress { bar, total, done: std::cell::Cell::new(0) }
    }

    fn step(&self) {
        let done = self.done.get() + 1;
        self.done.set(done);
        match &self.bar {
            Some(bar) => bar.inc(1),
            None => {
                let tenth = (self.total / 10).max(1);
                if self.total >= 1000 && done.is_multiple_of(tenth) {
                    eprintln!("projsok: read {done}/{} documents", self.total);
                }
            }
        }
    }

    fn warn(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(format!("projsok: {line}")),
            None => eprintln!("projsok: {line}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// One line: "indexed 5 documents (5 seen, 0 skipped) in 0.21 s, 24 docs/s".
pub fn summary_line(summary: &Summary) -> String {
    let mut reasons: Vec<(&str, usize)> = Vec::new();
    for skip in &summary.skipped {
        match reasons.iter_mut().find(|(reason, _)| *reason == skip.reason) {
            Some((_, count)) => *count += 1,
            None => reasons.push((skip.reason, 1)),
        }
    }
    let by_reason = if reasons.is_empty() {
        String::new()
    } else {
        let parts: Vec<String> =
            reasons.iter().map(|(reason, n)| format!("{n} {reason}")).collect();
        format!(": {}", parts.join(", "))
    };
    let rate = summary.indexed as f64 / summary.seconds.max(1e-9);
    format!(
        "indexed {} documents ({} seen, {} skipped{by_reason}) in {:.2} s, {:.0} docs/s",
        summary.indexed,
        summary.seen,
        summary.skipped.len(),
        summary.seconds,
        rate
    )
}
