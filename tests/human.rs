//! The human output of every reading command on the seeds, held to exact expected text in
//! `tests/data/human/`. A change to the layout, the ranking or a parser shows up here as a line
//! diff. After a deliberate change, `PROJSOK_UPDATE_EXPECTED=1 cargo test --test integration
//! human::` rewrites the files; read their diff before committing it.

use std::path::Path;

use crate::common::*;

/// `(expected file, arguments)`, run in a folder holding the seeds indexed into `index/`.
const CASES: &[(&str, &[&str])] = &[
    ("search_matchning.txt", &["search", "matchning", "--limit", "2"]),
    ("search_socialt_foretagande.txt", &["search", "socialt företagande"]),
    ("search_filter_only.txt", &["search", "--region", "Övre Norrland", "--limit", "2"]),
    ("search_no_hits.txt", &["search", "kvantfysik"]),
    ("show_esf_page.txt", &["show", S003]),
    ("show_transcript.txt", &["show", S001]),
    ("similar.txt", &["similar", S003, "--limit", "2"]),
    ("similar_explain.txt", &["similar", S003, "--limit", "2", "--explain"]),
    ("compare.txt", &["compare", S000, S002]),
    ("facets.txt", &["facets"]),
    ("facets_by_region.txt", &["facets", "--by-region"]),
];

#[test]
fn the_reading_commands_print_exactly_the_expected_text() {
    let env = Env::indexed();
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/human");
    let update = std::env::var_os("PROJSOK_UPDATE_EXPECTED").is_some();
    let mut differences = Vec::new();
    for (name, args) in CASES {
        let actual = env.ok(args);
        let path = folder.join(name);
        if update {
            std::fs::write(&path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        if actual != expected {
            differences.push(format!("projsok {}\n{}", args.join(" "), diff(&expected, &actual)));
        }
    }
    assert!(
        differences.is_empty(),
        "output differs from tests/data/human:\n{}",
        differences.join("\n")
    );
}

/// A line diff: `-` lines expected only, `+` lines printed only, a context line either side.
fn diff(expected: &str, actual: &str) -> String {
    let (old, new): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    // Longest common subsequence table, from the end.
    let mut common = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            common[i][j] = if old[i] == new[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let mut lines = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            lines.push(format!("  {}", old[i]));
            (i, j) = (i + 1, j + 1);
        } else if i < old.len() && (j == new.len() || common[i + 1][j] >= common[i][j + 1]) {
            lines.push(format!("- {}", old[i]));
            i += 1;
        } else {
            lines.push(format!("+ {}", new[j]));
            j += 1;
        }
    }
    let changed: Vec<usize> = (0..lines.len()).filter(|&at| !lines[at].starts_with("  ")).collect();
    let keep = |at: usize| changed.iter().any(|&c| c.abs_diff(at) <= 1);
    let mut shown = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        if keep(at) {
            shown.push(line.as_str());
        } else if shown.last() != Some(&"  …") {
            shown.push("  …");
        }
    }
    shown.join("\n")
}

#[test]
fn the_diff_shows_changed_lines_with_context() {
    assert_eq!(diff("a\nb\nc\nd\ne\n", "a\nb\nX\nd\ne\n"), "  …\n  b\n- c\n+ X\n  d\n  …");
    assert_eq!(diff("a\n", "a\nb\n"), "  a\n+ b");
    assert_eq!(diff("", ""), "");
}
