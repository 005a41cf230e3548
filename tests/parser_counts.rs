//! The parser sweep: every seed and every g0vse document parsed in process, counted by format,
//! by section kind (and section headings found in transcripts) and by warning kind. No parse
//! may panic, and the counts must be exactly those below and in benches/README.md ("Parser
//! counts"), so that a parser change shows what it moved as a diff to update.
//!
//! The corpus is the folder named by `PROJSOK_G0VSE`, or else the archive the g0vse tests
//! use, extracted into cargo's `CARGO_TARGET_TMPDIR`; without either the test prints a skip
//! notice and passes, and with `CI` set it fails.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::files_under;
use projsok::document::{self, decode, SectionKind};

const ARCHIVE: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/g0vse-regeringen.tar.gz");

/// What the sweep counts, as (row, count); the rows of benches/README.md's table.
const EXPECTED: &[(&str, usize)] = &[
    ("documents", 44402),
    ("format esf", 4),
    ("format plain", 44397),
    ("format transcript", 1),
    ("no sections (a title only)", 6461),
    ("no warnings", 44402),
    ("section accessibility", 4),
    ("section background", 5),
    ("section equality", 2),
    ("section goal", 4),
    ("section other", 37939),
    ("section purpose", 5),
    ("section summary", 4),
    ("section transnational", 4),
    ("transcript heading Bakgrund och analys Bakgrund", 1),
    ("transcript heading Mål och syfte", 1),
    ("transcript heading Målgruppen", 1),
];

/// The corpus folder, extracting the archive when no folder is named.
fn corpus() -> Option<PathBuf> {
    if let Some(folder) = std::env::var_os("PROJSOK_G0VSE") {
        return Some(PathBuf::from(folder));
    }
    if !Path::new(ARCHIVE).is_file() {
        assert!(std::env::var_os("CI").is_none(), "CI is set and {ARCHIVE} is missing");
        let _ = writeln!(
            std::io::stderr(),
            "tests/parser_counts.rs: SKIPPED, no PROJSOK_G0VSE and no corpus at {ARCHIVE}"
        );
        return None;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("parser-sweep");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove the last run's corpus");
    }
    std::fs::create_dir_all(&dir).unwrap();
    let status =
        Command::new("tar").arg("-xzf").arg(ARCHIVE).arg("-C").arg(&dir).status().expect("tar");
    assert!(status.success(), "tar -xzf {ARCHIVE} failed");
    Some(dir.join("g0vse"))
}

/// The name of a section kind as the JSON output writes it.
fn kind_name(kind: SectionKind) -> String {
    serde_json::to_value(kind).unwrap().as_str().unwrap().to_string()
}

/// A warning's kind: what it says before its first colon ("Programområde: missing from the
/// header" → "Programområde"), or all of it.
fn warning_kind(warning: &str) -> &str {
    warning.split(':').next().unwrap_or(warning).trim()
}

fn count(files: &[PathBuf]) -> BTreeMap<String, usize> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut add = |row: String| *counts.entry(row).or_default() += 1;
    for file in files {
        let bytes = std::fs::read(file).unwrap();
        add("documents".to_string());
        let Ok(decoded) = decode::decode(&bytes) else {
            add("not text".to_string());
            continue;
        };
        let parsed = document::parse(&file.to_string_lossy(), &decoded.text);
        let format = serde_json::to_value(parsed.doc.format).unwrap();
        add(format!("format {}", format.as_str().unwrap_or("none")));
        if parsed.doc.sections.is_empty() {
            add("no sections (a title only)".to_string());
        }
        if parsed.warnings.is_empty() && decoded.warning().is_none() {
            add("no warnings".to_string());
        }
        for section in &parsed.doc.sections {
            add(format!("section {}", kind_name(section.kind)));
            if parsed.doc.format == Some(document::Format::Transcript)
                && !section.heading.is_empty()
            {
                add(format!("transcript heading {}", section.heading));
            }
        }
        for warning in decoded.warning().iter().chain(&parsed.warnings) {
            add(format!("warning {}", warning_kind(warning)));
        }
    }
    counts
}

#[test]
fn every_seed_and_g0vse_document_parses_to_the_counted_sections_and_warnings() {
    let extracted = std::env::var_os("PROJSOK_G0VSE").is_none();
    let Some(corpus) = corpus() else { return };
    let mut files = files_under(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")));
    files.extend(files_under(&corpus));
    files.sort();
    let counts = count(&files);
    if extracted {
        std::fs::remove_dir_all(&corpus).expect("remove the extracted corpus");
    }
    let expected: BTreeMap<String, usize> =
        EXPECTED.iter().map(|(row, count)| (row.to_string(), *count)).collect();
    let table: Vec<String> =
        counts.iter().map(|(row, count)| format!("    (\"{row}\", {count}),")).collect();
    assert_eq!(counts, expected, "the counts now:\n{}", table.join("\n"));
}
