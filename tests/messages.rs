//! Errors a user can act on, ids as users type them, sorted lists and terminal escapes
//! (issues 13 and 14), each through the binary with its exact output.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::wire::SortValue;
use crate::common::*;

/// Runs, asserts the exit code and that stderr is exactly `expected`.
fn fails_with(env: &Env, args: &[&str], code: i32, expected: &str) {
    let stderr = env.fails(args, code);
    assert_eq!(stderr, expected, "projsok {args:?}");
}

#[test]
fn an_index_that_is_a_file_is_refused_before_it_is_read_or_written() {
    let env = Env::with_seeds();
    fs::write(env.join("afile"), "not an index").unwrap();
    let refused = "projsok: --index afile: is a file, not an index folder\n";
    // It said "File exists (os error 17)" for index, and advised a rebuild of ./index for search.
    fails_with(&env, &["index", "seeds", "--index", "afile"], 2, refused);
    fails_with(&env, &["search", "sfi", "--index", "afile"], 2, refused);
    fails_with(&env, &["show", S000, "--index", "afile"], 2, refused);
    assert_eq!(fs::read_to_string(env.join("afile")).unwrap(), "not an index");
    fs::write(env.join("index"), "").unwrap();
    fails_with(
        &env,
        &["search", "sfi"],
        2,
        "projsok: index: is a file, not an index folder; name another with --index DIR\n",
    );
}

#[test]
fn an_empty_folder_gets_advice_that_works_and_keeps_no_lock_behind() {
    let env = Env::with_seeds();
    fs::remove_dir_all(env.join("seeds")).unwrap();
    // It said "index index: no index here; build one with: projsok index", and that failed.
    fails_with(
        &env,
        &["search", "sfi"],
        3,
        "projsok: index/: no index here; build one with: projsok index FOLDER...\n",
    );
    fails_with(
        &env,
        &["index"],
        2,
        "projsok: seeds: no such folder to index; name the files or folders: projsok index \
         FOLDER...\n",
    );
    fails_with(&env, &["index", "nothere"], 2, "projsok: nothere: no such file or folder\n");
    assert!(!env.join("index").exists(), "a failed run left index/ behind");
    fails_with(
        &env,
        &["search", "sfi", "--index", "elsewhere"],
        3,
        "projsok: elsewhere/: no index here; build one with: projsok index FOLDER... --index \
         elsewhere\n",
    );
    // A folder of one's own files: the build the advice named would be refused.
    fs::create_dir(env.join("mine")).unwrap();
    fs::write(env.join("mine/notes.txt"), "important").unwrap();
    fails_with(
        &env,
        &["search", "sfi", "--index", "mine"],
        3,
        "projsok: mine/: no index here, and the folder holds other files; name the index folder, \
         or a new folder to build one in\n",
    );
    assert_eq!(fs::read_to_string(env.join("mine/notes.txt")).unwrap(), "important");
}

#[test]
fn rebuild_advice_names_the_index_given() {
    let env = Env::with_seeds();
    env.ok(&["index", "seeds", "--index", "mine"]);
    fs::write(env.join("mine/CURRENT"), "gen-gone\n").unwrap();
    fails_with(
        &env,
        &["search", "sfi", "--index", "mine"],
        3,
        "projsok: mine/: generation gen-gone named by CURRENT is missing or incomplete; rebuild \
         with: projsok index FOLDER... --index mine\n",
    );
}

#[test]
fn a_damaged_current_is_quoted_short() {
    let env = Env::with_seeds();
    env.ok(&["index", "seeds", "--index", "mine"]);
    fs::write(env.join("mine/CURRENT"), "\u{1}".repeat(100_000)).unwrap();
    let shown = "\\u{1}".repeat(60);
    fails_with(
        &env,
        &["search", "sfi", "--index", "mine"],
        3,
        &format!(
            "projsok: mine/: CURRENT names no generation (\"{shown}…\" (99940 more characters)); \
             rebuild with: projsok index FOLDER... --index mine\n"
        ),
    );
}

#[test]
fn numeric_flags_say_what_number_they_take() {
    let env = Env::with_seeds();
    // clap said "unexpected argument '-1' found; tip: to pass '-1' as a value, use '-- -1'".
    for (args, expected) in [
        (&["search", "--limit", "-1"][..], "--limit -1: must be a positive number"),
        (&["search", "--offset", "-5"], "--offset -5: must be a positive number"),
        (&["search", "--from-year", "-2009"], "--from-year -2009: must be a positive number"),
        (&["search", "--min-grant", "-1"], "--min-grant -1: must be a positive number"),
        (&["facets", "--active-in", "-1"], "--active-in -1: must be a positive number"),
        (&["export", "--max-budget", "-1"], "--max-budget -1: must be a positive number"),
        (&["export", "--batch-size", "-1"], "--batch-size -1: must be a positive number"),
        (&["export", "--batch-size", "0"], "--batch-size 0: must be at least 1"),
        (&["similar", "x", "--limit", "-3"], "--limit -3: must be a positive number"),
        (
            &["compare", "a", "b", "--terms", "-1"],
            "--terms -1: must be a positive number, from 1 to 100",
        ),
        (&["compare", "a", "b", "--terms", "101"], "--terms 101: must be from 1 to 100"),
        (
            &["index", "--memory-mb", "-5"],
            "--memory-mb -5: must be a positive number, from 16 to 16384",
        ),
        (&["index", "--threads", "-1"], "--threads -1: must be a positive number, from 1 to 64"),
        (&["index", "--max-size", "-1"], "--max-size -1: must be a positive size like 20M"),
        (&["serve", "--port", "-1"], "--port -1: must be a positive number, from 0 to 65535"),
        (&["serve", "--port", "70000"], "--port 70000: must be from 0 to 65535"),
        (&["search", "--limit", "ten"], "--limit ten: must be a whole number"),
        (
            &["search", "--limit", "99999999999999999999"],
            "--limit 99999999999999999999: is too large",
        ),
    ] {
        fails_with(&env, args, 2, &format!("projsok: {expected}\n"));
    }
    assert!(!env.join("index").exists());
}

#[test]
fn usage_errors_are_one_line() {
    let env = Env::with_seeds();
    fails_with(
        &env,
        &["index", "seeds", "--updat"],
        2,
        "projsok: --updat: unknown argument; did you mean --update?\n",
    );
    fails_with(
        &env,
        &["serach", "sfi"],
        2,
        "projsok: serach: unknown command; did you mean serve or search?\n",
    );
    fails_with(
        &env,
        &["search", "--sort", "size"],
        2,
        "projsok: --sort size: must be one of score, grant, budget, start, grant-asc, budget-asc, start-desc\n",
    );
    fails_with(
        &env,
        &["compare", "a"],
        2,
        "projsok: compare: give two or more document ids, or --from QUERY\n",
    );
    // A flag given no value said "must be one of " with an empty list.
    fails_with(&env, &["search", "sfi", "--region"], 2, "projsok: --region: a value is required\n");
    fails_with(&env, &["export", "-o"], 2, "projsok: --output: a value is required\n");
    // Help is still help.
    assert!(env.ok(&["search", "--help"]).contains("--limit <LIMIT>"));
}

#[test]
fn ids_resolve_as_typed_relative_absolute_or_bare() {
    let env = Env::indexed();
    let record = env.ok(&["show", "--json", S000]);
    let absolute = env.join(S000).display().to_string();
    for id in [
        &format!("./{S000}")[..],
        "seeds//000_cea40166ddf3072c.txt",
        &absolute,
        "000_cea40166ddf3072c.txt",
    ] {
        assert_eq!(env.ok(&["show", "--json", id]), record, "{id}");
    }
    let similar_as_indexed = env.ok(&["similar", "--json", S000]);
    assert_eq!(env.ok(&["similar", "--json", "000_cea40166ddf3072c.txt"]), similar_as_indexed);
    let compared = env.ok(&["compare", "--json", S000, S002]);
    assert_eq!(
        env.ok(&["compare", "--json", &absolute, "./seeds/002_e2cf07384f130b54.txt"]),
        compared
    );
    fails_with(
        &env,
        &["show", "seeds/000_cea40166ddf3072d.txt"],
        2,
        "projsok: seeds/000_cea40166ddf3072d.txt: no document with this id in the index; \
         closest: seeds/000_cea40166ddf3072c.txt\n",
    );
    fails_with(
        &env,
        &["show", "nonexist"],
        2,
        "projsok: nonexist: no document with this id in the index\n",
    );
    fails_with(
        &env,
        &["similar", "003.txt"],
        2,
        "projsok: 003.txt: no document with this id in the index; closest: \
         seeds/003_2b3fa1d7a6e76dce.txt\n",
    );
}

#[test]
fn a_bare_name_of_several_documents_lists_them() {
    let env = Env::with_seeds();
    fs::create_dir(env.join("other")).unwrap();
    fs::copy(env.join(S000), env.join("other/000_cea40166ddf3072c.txt")).unwrap();
    env.ok(&["index", "seeds", "other"]);
    fails_with(
        &env,
        &["show", "000_cea40166ddf3072c.txt"],
        2,
        "projsok: 000_cea40166ddf3072c.txt: 2 documents match: other/000_cea40166ddf3072c.txt, \
         seeds/000_cea40166ddf3072c.txt; give the whole id\n",
    );
    assert_eq!(env.show("./other/000_cea40166ddf3072c.txt").path, "other/000_cea40166ddf3072c.txt");
}

#[test]
fn sorted_lists_show_the_value_they_are_sorted_by() {
    let env = Env::indexed();
    // It printed "score 20080516.00" for a start of 2008-05-15.
    let started = env.ok(&["search", "--sort", "start", "--limit", "2"]);
    let firsts: Vec<&str> = started.lines().filter(|line| line.starts_with(['1', '2'])).collect();
    assert_eq!(
        firsts,
        [
            "1. Mångfalden som tillväxtfaktor för Umeåregionen  start 2008-05-15",
            "2. N till N - från nyanländ till nyanställd  start 2009-01-01"
        ]
    );
    let granted = env.ok(&["search", "--sort", "grant", "--limit", "5"]);
    let lines: Vec<&str> =
        granted.lines().filter(|line| line.starts_with(['1', '2', '5'])).collect();
    assert_eq!(lines[0], "1. INTRO  ESF-stöd 5 978 228 kr");
    assert_eq!(lines[2], "5. Förprojekteringsrapport Etablering Stockholm  ESF-stöd –");

    let json = env.search(&["--sort", "budget"]);
    let values: Vec<(Option<f64>, Option<SortValue>)> =
        json.hits.iter().map(|hit| (hit.score, hit.sort_value.clone())).collect();
    assert_eq!(
        values,
        [
            (None, Some(SortValue::Sek(15_532_492))),
            (None, Some(SortValue::Sek(4_148_664))),
            (None, Some(SortValue::Sek(863_026))),
            (None, Some(SortValue::Sek(200_000))),
            (None, None),
        ]
    );
    let by_start = env.search(&["--sort", "start", "--limit", "1"]);
    assert_eq!(by_start.hits[0].sort_value, Some(SortValue::Date("2008-05-15".into())));
}

#[test]
fn filter_only_lists_have_no_score_and_ranked_ones_do() {
    let env = Env::indexed();
    let listed = env.ok(&["search", "--region", "Mellersta Norrland"]);
    assert_eq!(
        listed.lines().next(),
        Some("1. Kompetensutveckling för Integration i mellersta Norrland (KIN)")
    );
    let json = env.search(&["--region", "Mellersta Norrland"]);
    assert_eq!(json.hits[0].score, None);
    assert_eq!(json.hits[0].sort_value, None);
    let ranked = env.search(&["socialt företagande"]);
    assert!(ranked.hits[0].score.is_some_and(|score| score > 1.0), "{:?}", ranked.hits[0].score);
    assert!(env
        .ok(&["search", "socialt företagande"])
        .lines()
        .next()
        .unwrap()
        .contains("  score "));
}

#[test]
fn a_text_with_terminal_escapes_is_indexed_without_them() {
    let env = Env::with_seeds();
    // 6 escapes in 60 characters were "mostly control characters" and skipped.
    fs::write(
        env.join("seeds/terminal.txt"),
        "\x1b[1mKooperativ\x1b[0m i \x1b[32mSmåland\x1b[0m\n\nSocialt \x1b[4mföretagande\x1b[0m.\n",
    )
    .unwrap();
    fs::write(env.join("seeds/only-escapes.txt"), "\x1b[31m----\x1b[0m\n").unwrap();
    let stderr = env.stderr(&["index", "seeds"]);
    assert!(
        stderr.contains(
            "seeds/only-escapes.txt: binary file (terminal escape sequences and no words)"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("terminal.txt"), "{stderr}");
    let record = env.show("seeds/terminal.txt");
    assert_eq!(record.title, "Kooperativ i Småland");
    assert_eq!(record.warnings, ["text: 6 terminal escape sequences removed"]);
    assert_eq!(paths(&env.search(&["kooperativ småland"])), ["seeds/terminal.txt"]);
}

#[test]
fn an_update_without_an_index_names_the_folder_it_builds() {
    let env = Env::with_seeds();
    // It said "no index in index to update; building one".
    let output = env.run(&["index", "seeds", "--update", "--index", "mine"]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut lines = stderr.lines();
    assert_eq!(lines.next(), Some("projsok: mine/ holds no index to update; building a new one"));
    assert!(lines.next().unwrap().starts_with("projsok: indexed 5 documents (5 seen, 0 skipped)"));
    assert_eq!(lines.next(), None);
    // A folder that is not an index is refused, with no promise of a build first.
    fs::create_dir(env.join("notes")).unwrap();
    fs::write(env.join("notes/todo.txt"), "mine").unwrap();
    fails_with(
        &env,
        &["index", "seeds", "--update", "--index", "notes"],
        2,
        "projsok: --index notes: the folder is not empty and holds no projsok index; nothing in \
         it was touched (name a new or empty folder)\n",
    );
    assert_eq!(fs::read_dir(env.join("notes")).unwrap().count(), 1);
}

/// Overwrites all but the ends of every stored-record file of the live generation of
/// `index`, which should be built with one thread (one segment, so the damage reaches every
/// record); the index still opens, and what needs no record still answers.
pub fn damage_stored_records(index: &std::path::Path) {
    let live = fs::read_to_string(index.join("CURRENT")).unwrap();
    let generation = index.join(live.trim());
    for entry in fs::read_dir(&generation).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|extension| extension == "store") {
            let mut bytes = fs::read(&path).unwrap();
            // The end holds the block index that opening the index reads.
            let end = bytes.len() - 1000;
            bytes[50..end].fill(b'A');
            fs::write(&path, bytes).unwrap();
        }
    }
}

#[test]
fn a_damaged_record_names_the_index_folder_given() {
    let env = Env::with_seeds();
    env.ok(&["index", "seeds", "--index", "mine", "--threads", "1"]);
    damage_stored_records(&env.join("mine"));
    assert!(env.ok(&["facets", "--index", "mine"]).starts_with("5 matching documents\n"));
    // It said "index/: not UTF-8 text" (the record's bytes did not decode).
    let damaged = "projsok: mine/: the index files are damaged; rebuild with: projsok index \
                   FOLDER... --index mine\n";
    for args in [
        &["show", S000, "--index", "mine"][..],
        &["search", "socialt", "--index", "mine"],
        &["similar", S000, "--index", "mine"],
        &["compare", S000, S001, "--index", "mine"],
        &["export", "--index", "mine"],
    ] {
        fails_with(&env, args, 3, damaged);
    }
    // The advice works.
    env.ok(&["index", "seeds", "--index", "mine"]);
    assert!(env.ok(&["show", S000, "--index", "mine"]).contains(S000));
}

#[test]
fn active_in_with_a_year_range_names_both_flags_in_every_command() {
    let env = Env::indexed();
    let expected = "projsok: --active-in: cannot be used with --from-year or --to-year\n";
    for years in [&["--from-year", "2009", "--to-year", "2011"][..], &["--to-year", "2011"]] {
        for command in [&["search", "x"][..], &["similar", S000], &["facets"], &["export"]] {
            let mut args = command.to_vec();
            args.extend(["--active-in", "2010"]);
            args.extend(years);
            fails_with(&env, &args, 2, expected);
        }
    }
}

#[test]
fn an_export_into_the_index_folder_is_refused_and_the_index_stays() {
    let env = Env::indexed();
    let current = fs::read(env.join("index/CURRENT")).unwrap();
    fails_with(
        &env,
        &["export", "--format", "csv", "-o", "index/CURRENT"],
        2,
        "projsok: --output: index/CURRENT is inside the index folder index; write the export \
         elsewhere\n",
    );
    fails_with(
        &env,
        &["export", "--format", "ndjson", "-o", "seeds/../index/new/x.ndjson"],
        2,
        "projsok: --output: seeds/../index/new/x.ndjson is inside the index folder index; write \
         the export elsewhere\n",
    );
    fails_with(
        &env,
        &["export", "--format", "opensearch", "-o", "index"],
        2,
        "projsok: --output: index is the index folder index; write the export elsewhere\n",
    );
    assert_eq!(fs::read(env.join("index/CURRENT")).unwrap(), current);
    assert!(!env.join("index/new").exists());
    assert_eq!(env.search(&["matchning"]).total, 2);
}

#[test]
fn an_opensearch_export_without_a_folder_names_the_format_flag() {
    let env = Env::indexed();
    let expected = "projsok: --format: opensearch writes a folder: give -o DIR\n";
    fails_with(&env, &["export", "--format", "opensearch"], 2, expected);
}

#[test]
fn an_export_replaces_an_earlier_export_but_no_other_file_without_force() {
    let env = Env::indexed();
    std::fs::write(env.join("thesis.csv"), "my thesis\n").unwrap();
    let stderr = env.fails(&["export", "-o", "thesis.csv"], 2);
    assert_eq!(
        stderr,
        "projsok: --output: thesis.csv exists and is no projsok export; --force replaces it\n"
    );
    assert_eq!(std::fs::read_to_string(env.join("thesis.csv")).unwrap(), "my thesis\n");
    assert!(!env.join("thesis.csv.partial").exists());
    // An earlier export of either format is replaced, with or without its byte order mark.
    for format in [&["--format", "csv"][..], &["--format", "ndjson"], &["--no-bom"]] {
        env.ok(&[&["export", "-o", "out", "sfi"][..], format].concat());
        env.ok(&[&["export", "-o", "out", "matchning"][..], format].concat());
    }
    env.ok(&["export", "-o", "thesis.csv", "--force", "sfi"]);
    assert!(std::fs::read_to_string(env.join("thesis.csv")).unwrap().contains("path,format,"));
    // Files that only begin like one are the user's.
    std::fs::write(env.join("mine.ndjson"), "{\"path\":\"/home/me\",\"comment\":\"x\"}\n").unwrap();
    std::fs::write(env.join("mine.csv"), "path,format,title,my own columns\n1,2,3,4\n").unwrap();
    for (file, format) in [("mine.ndjson", "ndjson"), ("mine.csv", "csv")] {
        let stderr = env.fails(&["export", "--format", format, "-o", file], 2);
        assert!(stderr.contains("is no projsok export; --force replaces it"), "{stderr}");
    }
    // An export that matched nothing (an empty NDJSON file) is replaced by the next.
    env.ok(&["export", "--format", "ndjson", "-o", "none.ndjson", "--exact", "xyzzyqq"]);
    assert_eq!(std::fs::read(env.join("none.ndjson")).unwrap().len(), 0);
    env.ok(&["export", "--format", "ndjson", "-o", "none.ndjson", "sfi"]);
    let output = env.run(&["export", "-o", "one.csv", "titel:INTRO"]);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "projsok: wrote 1 row to one.csv\n");
}

#[test]
fn an_export_onto_a_folder_is_refused_before_anything_is_written() {
    let env = Env::indexed();
    std::fs::create_dir(env.join("folder")).unwrap();
    let stderr = env.fails(&["export", "-o", "folder"], 2);
    assert_eq!(
        stderr,
        "projsok: --output: folder is a folder, not a file (opensearch writes into folders)\n"
    );
    assert!(!env.join("folder.partial").exists());
    assert_eq!(std::fs::read_dir(env.join("folder")).unwrap().count(), 0);
}

#[test]
fn a_rebuild_that_finds_no_document_keeps_the_index_it_would_replace() {
    let env = Env::indexed();
    std::fs::create_dir(env.join("empty")).unwrap();
    let stderr = env.fails(&["index", "empty", "--index", "index"], 2);
    assert_eq!(
        stderr.lines().last().unwrap(),
        "projsok: empty: no document to index (0 seen); the index in index/ keeps its 5 documents"
    );
    assert_eq!(env.search(&["", "-n", "10"]).total, 5);
    // An update of it would remove the documents under it: refused as well.
    env.ok(&["index", "seeds", "empty", "--index", "both"]);
    fs::rename(env.join("seeds"), env.join("unmounted")).unwrap();
    fs::create_dir_all(env.join("seeds")).unwrap();
    let stderr = env.fails(&["index", "seeds", "--update", "--index", "both"], 2);
    assert_eq!(
        stderr.lines().last().unwrap(),
        "projsok: seeds: no document to index (0 seen); the index in both/ keeps the 5 documents \
         under it (rebuild to drop them)"
    );
    assert_eq!(env.search(&["", "--index", "both"]).total, 5);
    fs::remove_dir(env.join("seeds")).unwrap();
    fs::rename(env.join("unmounted"), env.join("seeds")).unwrap();
    // A new index may well start empty.
    env.ok(&["index", "empty", "--index", "fresh"]);
}

#[test]
fn an_update_of_one_folder_keeps_the_documents_of_another_whose_files_are_there() {
    let env = Env::with_seeds();
    fs::create_dir_all(env.join("a")).unwrap();
    fs::create_dir_all(env.join("b")).unwrap();
    for (folder, n) in [("a", 1), ("a", 2), ("b", 3)] {
        let text = format!("Rubrik {n}\n\nEtt dokument om blåbär nummer {n}.\n");
        fs::write(env.join(&format!("{folder}/doc{n}.txt")), text).unwrap();
    }
    env.ok(&["index", "a", "b", "--index", "idx"]);
    fs::remove_file(env.join("a/doc2.txt")).unwrap();
    let stderr = env.stderr(&["index", "a", "--update", "--index", "idx"]);
    assert!(stderr.contains("updated: 0 added, 0 changed, 1 removed, 1 unchanged"), "{stderr}");
    assert!(
        stderr.contains(
            "projsok: kept 1 document whose files are outside the paths given (name their \
             folders to update them, or rebuild to drop them)"
        ),
        "{stderr}"
    );
    let found = env.search(&["blåbär", "--index", "idx"]);
    assert_eq!(sorted_paths(&found), ["a/doc1.txt", "b/doc3.txt"]);
    // Outside the paths given nothing is removed, even a document whose file seems gone (a
    // share not mounted, a folder moved): naming the folder removes it.
    fs::remove_file(env.join("b/doc3.txt")).unwrap();
    let stderr = env.stderr(&["index", "a", "--update", "--index", "idx"]);
    assert!(stderr.contains("updated: 0 added, 0 changed, 0 removed, 1 unchanged"), "{stderr}");
    assert_eq!(
        sorted_paths(&env.search(&["blåbär", "--index", "idx"])),
        ["a/doc1.txt", "b/doc3.txt"]
    );
    // An emptied folder looks like one not mounted: refused; with a file in it, the gone one
    // is removed.
    let stderr = env.fails(&["index", "b", "--update", "--index", "idx"], 2);
    assert!(stderr.contains("keeps the 1 document under it (rebuild to drop them)"), "{stderr}");
    // Named beside a folder with files, the emptied one keeps its documents too.
    let stderr = env.stderr(&["index", "a", "b", "--update", "--index", "idx"]);
    assert!(
        stderr.contains(
            "projsok: kept 1 document under b: no file there now (an unmounted share or an \
             emptied folder?); rebuild to drop them"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("updated: 0 added, 0 changed, 0 removed, 1 unchanged"), "{stderr}");
    fs::write(env.join("b/doc4.txt"), "Rubrik 4\n\nOm lingon.\n").unwrap();
    let stderr = env.stderr(&["index", "b", "--update", "--index", "idx"]);
    assert!(stderr.contains("updated: 1 added, 0 changed, 1 removed, 0 unchanged"), "{stderr}");
    assert_eq!(sorted_paths(&env.search(&["blåbär", "--index", "idx"])), ["a/doc1.txt"]);
}

/// Runs projsok in `folder` (not the test's own), asserts success and returns stderr.
fn run_in(folder: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_projsok"))
        .args(args)
        .current_dir(folder)
        .env("NO_COLOR", "1")
        .env_remove("PROJSOK_INDEX")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn an_update_from_another_folder_or_with_another_spelling_keeps_each_document_once() {
    let env = Env::with_seeds();
    fs::create_dir_all(env.join("other")).unwrap();
    fs::write(env.join("other/a.md"), "# Testdokument om matchning\n").unwrap();
    env.ok(&["index", "seeds", "other", "--index", "idx"]);
    let outside = tempfile::tempdir().unwrap();
    let other = env.join("other").display().to_string();
    let index = env.join("idx").display().to_string();
    // From another folder: the seeds' relative ids are read against the build's folder, so
    // their files are there and they stay; other/a.md, walked as an absolute path, is the
    // document it was.
    let stderr = run_in(outside.path(), &["index", &other, "--update", "--index", &index]);
    assert!(stderr.contains("updated: 0 added, 0 changed, 0 removed, 1 unchanged"), "{stderr}");
    assert!(
        stderr.contains("kept 5 documents whose files are outside the paths given"),
        "{stderr}"
    );
    assert_eq!(env.search(&["", "--index", "idx"]).total, 6);
    // Another spelling of the same folder, from inside it: nothing added twice.
    let seeds = env.join("seeds");
    let stderr = run_in(&seeds, &["index", ".", "--update", "--index", "../idx"]);
    assert!(stderr.contains("updated: 0 added, 0 changed, 0 removed, 5 unchanged"), "{stderr}");
    let absolute = seeds.display().to_string();
    env.ok(&["index", &absolute, "--update", "--index", "idx"]);
    let all = env.search(&["", "--index", "idx", "-n", "10"]);
    assert_eq!(all.total, 6);
    assert!(paths(&all).iter().all(|path| !path.starts_with('/')), "{:?}", paths(&all));
    // A file changed and walked by another spelling is updated in place.
    fs::write(env.join("other/a.md"), "# Testdokument om blåbär\n").unwrap();
    let stderr = run_in(outside.path(), &["index", &other, "--update", "--index", &index]);
    assert!(stderr.contains("updated: 0 added, 1 changed, 0 removed, 0 unchanged"), "{stderr}");
    assert_eq!(paths(&env.search(&["blåbär", "--index", "idx"])), ["other/a.md"]);

    // A file of another folder with the same relative path is another document: it gets its
    // own id (absolute, outside the index's folder), and the first stays.
    fs::create_dir_all(outside.path().join("other")).unwrap();
    fs::write(outside.path().join("other/a.md"), "# Annat dokument om lingon\n").unwrap();
    let stderr = run_in(outside.path(), &["index", "other", "--update", "--index", &index]);
    assert!(stderr.contains("updated: 1 added, 0 changed, 0 removed, 0 unchanged"), "{stderr}");
    assert_eq!(paths(&env.search(&["blåbär", "--index", "idx"])), ["other/a.md"]);
    let elsewhere = outside.path().join("other/a.md").display().to_string();
    assert_eq!(paths(&env.search(&["lingon", "--index", "idx"])), [elsewhere.as_str()]);
    // Updated from the index's folder, every document is still there.
    env.ok(&["index", "seeds", "--update", "--index", "idx"]);
    assert_eq!(env.search(&["", "--index", "idx"]).total, 7);
}

#[test]
fn an_update_after_the_project_folder_moved_keeps_every_document() {
    let env = Env::with_seeds();
    let project = env.join("project");
    fs::create_dir_all(project.join("more")).unwrap();
    fs::rename(env.join("seeds"), project.join("seeds")).unwrap();
    fs::write(project.join("more/m.md"), "# Mer om matchning\n").unwrap();
    run_in(&project, &["index", "seeds", "more", "--index", "ix"]);
    let moved = env.join("moved");
    fs::rename(&project, &moved).unwrap();
    let stderr = run_in(&moved, &["index", "more", "--update", "--index", "ix"]);
    assert!(stderr.contains("updated: 0 added, 0 changed, 0 removed, 1 unchanged"), "{stderr}");
    let stderr = run_in(&moved, &["index", "seeds", "--update", "--index", "ix"]);
    assert!(stderr.contains("updated: 0 added, 0 changed, 0 removed, 5 unchanged"), "{stderr}");
    let all = env.search(&["", "--index", "moved/ix", "-n", "10"]);
    assert_eq!(all.total, 6);

    // Moved again and updated from another folder, by absolute paths: the walked files show
    // where the project now is.
    let again = env.join("again");
    fs::rename(&moved, &again).unwrap();
    let outside = tempfile::tempdir().unwrap();
    let (seeds, index) = (again.join("seeds"), again.join("ix"));
    let args = ["index", "--update", &seeds.display().to_string(), "--index"];
    let stderr = run_in(outside.path(), &[&args[..], &[&index.display().to_string()]].concat());
    assert!(stderr.contains("updated: 0 added, 0 changed, 0 removed, 5 unchanged"), "{stderr}");
    assert_eq!(env.search(&["", "--index", "again/ix"]).total, 6);

    // A copy of the project with its index in it is the copy's, while the original is there.
    let copy = env.join("copy");
    for file in files_under(&again) {
        let to = copy.join(file.strip_prefix(&again).unwrap());
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(&file, to).unwrap();
    }
    fs::write(copy.join("more/m.md"), "# Mer om blåbär\n").unwrap();
    let stderr = run_in(&copy, &["index", "seeds", "more", "--update", "--index", "ix"]);
    assert!(stderr.contains("updated: 0 added, 1 changed, 0 removed, 5 unchanged"), "{stderr}");
    let all = env.search(&["", "--index", "copy/ix", "-n", "10"]);
    assert_eq!(all.total, 6);
    assert!(paths(&all).iter().all(|path| !path.starts_with('/')), "{:?}", paths(&all));
    assert_eq!(env.search(&["blåbär", "--exact", "--index", "again/ix"]).total, 0);
}

#[cfg(unix)]
#[test]
fn an_update_through_a_link_adds_and_removes_the_files_the_link_leads_to() {
    let env = Env::with_seeds();
    std::os::unix::fs::symlink(env.join("seeds"), env.join("link")).unwrap();
    env.ok(&["index", "seeds", "--index", "idx"]);
    fs::copy(env.join("seeds/000_cea40166ddf3072c.txt"), env.join("seeds/new.txt")).unwrap();
    fs::remove_file(env.join("seeds/001_5529787c01511de8.txt")).unwrap();
    let stderr = |args: &[&str]| String::from_utf8_lossy(&env.run(args).stderr).into_owned();
    let stderr_of_link = stderr(&["index", "link", "--update", "--index", "idx"]);
    let expected = "updated: 1 added, 0 changed, 1 removed, 4 unchanged";
    assert!(stderr_of_link.contains(expected), "{stderr_of_link}");
    let stderr = stderr(&["index", "seeds", "--update", "--index", "idx"]);
    assert!(stderr.contains("updated: 0 added, 0 changed, 0 removed, 5 unchanged"), "{stderr}");
    let all = env.search(&["", "--index", "idx", "-n", "10"]);
    assert!(sorted_paths(&all).contains(&"seeds/new.txt"), "{:?}", sorted_paths(&all));
    assert_eq!(all.total, 5);
    // Built through the link, updated by the folder itself: the same documents.
    env.ok(&["index", "link", "--index", "by-link"]);
    let by_link = env.stderr(&["index", "seeds", "--update", "--index", "by-link"]);
    assert!(by_link.contains("updated: 0 added, 0 changed, 0 removed, 5 unchanged"), "{by_link}");
}

#[cfg(unix)]
#[test]
fn a_way_back_after_a_link_names_the_files_the_walk_reads() {
    let env = Env::with_seeds();
    fs::create_dir_all(env.join("p/a")).unwrap();
    fs::rename(env.join("seeds"), env.join("p/b")).unwrap();
    std::os::unix::fs::symlink(env.join("p/a"), env.join("la")).unwrap();
    // `la/../b` is p/b (beside the link's target); read by name it was a folder b that
    // does not exist, and an update of p/b indexed every file a second time.
    env.ok(&["index", "la/../b", "--index", "idx"]);
    let all = env.search(&["", "--index", "idx", "-n", "10"]);
    assert!(paths(&all).iter().all(|path| path.starts_with("p/b/")), "{:?}", paths(&all));
    let stderr = env.stderr(&["index", "p/b", "--update", "--index", "idx"]);
    assert!(stderr.contains("updated: 0 added, 0 changed, 0 removed, 5 unchanged"), "{stderr}");
    // A folder b where the way back reads by name: the update of la/../b leaves it alone.
    fs::create_dir_all(env.join("b")).unwrap();
    fs::write(env.join("b/egen.md"), "# Egen fil om lingon\n").unwrap();
    env.ok(&["index", "b", "--update", "--index", "idx"]);
    let stderr = env.stderr(&["index", "la/../b", "--update", "--index", "idx"]);
    assert!(stderr.contains("updated: 0 added, 0 changed, 0 removed, 5 unchanged"), "{stderr}");
    assert_eq!(paths(&env.search(&["lingon", "--index", "idx"])), ["b/egen.md"]);
}

#[test]
fn a_folder_indexed_by_its_absolute_path_and_moved_is_not_indexed_twice() {
    let env = Env::with_seeds();
    let absolute = env.join("seeds").display().to_string();
    env.ok(&["index", &absolute, "--index", "idx"]);
    fs::rename(env.join("seeds"), env.join("moved")).unwrap();
    fs::write(env.join("moved/new.md"), "# Ny fil om matchning\n").unwrap();
    let stderr = env.stderr(&["index", "moved", "--update", "--index", "idx"]);
    // The five files have the bytes of the documents whose files are gone: moved, not new.
    assert!(stderr.contains("updated: 6 added, 0 changed, 5 removed, 0 unchanged"), "{stderr}");
    let all = env.search(&["", "--index", "idx", "-n", "10"]);
    assert_eq!(all.total, 6);
    assert!(paths(&all).iter().all(|path| path.starts_with("moved/")), "{:?}", paths(&all));
}

#[test]
fn a_folder_with_the_project_s_layout_is_not_the_project_whose_index_lies_elsewhere() {
    // The project in work/, its index beside it in pix/, and another folder rapport/ with a
    // file of the same name: updating that folder must leave the project's documents be.
    let env = Env::with_seeds();
    fs::create_dir_all(env.join("work")).unwrap();
    fs::rename(env.join("seeds"), env.join("work/rapport")).unwrap();
    fs::create_dir_all(env.join("rapport")).unwrap();
    fs::write(env.join("rapport/000_cea40166ddf3072c.txt"), "# Annan fil om lingon\n").unwrap();
    let index = env.join("pix").display().to_string();
    run_in(&env.join("work"), &["index", "rapport", "--index", &index]);
    let stderr = env.stderr(&["index", "rapport", "--update", "--index", "pix"]);
    assert!(stderr.contains("updated: 1 added, 0 changed, 0 removed, 0 unchanged"), "{stderr}");
    let all = env.search(&["", "--index", "pix", "-n", "10"]);
    assert_eq!(all.total, 6);
    let shown = env.ok(&["show", "rapport/000_cea40166ddf3072c.txt", "--index", "pix"]);
    assert!(!shown.contains("lingon"), "{shown}");
}

#[test]
fn a_share_not_mounted_keeps_its_documents_when_a_copy_of_one_turns_up_elsewhere() {
    let env = Env::with_seeds();
    fs::create_dir_all(env.join("share")).unwrap();
    fs::create_dir_all(env.join("local")).unwrap();
    fs::rename(env.join("seeds"), env.join("share/r")).unwrap();
    env.ok(&["index", "share", "local"]);
    // The share's mount point empty, a file of it copied to local/ earlier.
    fs::rename(env.join("share/r"), env.join("away")).unwrap();
    fs::copy(env.join("away/003_2b3fa1d7a6e76dce.txt"), env.join("local/kopia.txt")).unwrap();
    let stderr = env.stderr(&["index", "local", "--update"]);
    assert!(stderr.contains("updated: 1 added, 0 changed, 0 removed, 0 unchanged"), "{stderr}");
    assert_eq!(env.search(&[""]).total, 6);
}

#[cfg(unix)]
#[test]
fn a_share_below_a_path_given_keeps_its_documents_while_it_is_not_mounted() {
    // proj/sub an emptied mount point, proj/share a link to a share that is not there.
    let env = Env::with_seeds();
    fs::create_dir_all(env.join("proj/sub")).unwrap();
    fs::create_dir_all(env.join("remote")).unwrap();
    fs::rename(env.join("seeds/000_cea40166ddf3072c.txt"), env.join("proj/sub/a.txt")).unwrap();
    fs::rename(env.join("seeds/001_5529787c01511de8.txt"), env.join("remote/b.txt")).unwrap();
    fs::rename(env.join("seeds/002_e2cf07384f130b54.txt"), env.join("proj/c.txt")).unwrap();
    std::os::unix::fs::symlink(env.join("remote"), env.join("proj/share")).unwrap();
    env.ok(&["index", "proj", "--follow"]);
    assert_eq!(env.search(&[""]).total, 3);
    fs::rename(env.join("proj/sub/a.txt"), env.join("a.txt")).unwrap();
    fs::rename(env.join("remote"), env.join("unmounted")).unwrap();
    let stderr = env.stderr(&["index", "proj", "--update", "--follow"]);
    assert!(
        stderr.contains("projsok: kept 2 documents whose folders show no file now"),
        "{stderr}"
    );
    assert!(stderr.contains("0 removed"), "{stderr}");
    assert_eq!(env.search(&[""]).total, 3);
    // A file deleted beside others is gone.
    fs::write(env.join("proj/d.txt"), "# D\n\nOm lingon.\n").unwrap();
    env.ok(&["index", "proj", "--update", "--follow"]);
    fs::remove_file(env.join("proj/c.txt")).unwrap();
    let stderr = env.stderr(&["index", "proj", "--update", "--follow"]);
    assert!(stderr.contains("1 removed"), "{stderr}");
}

#[test]
fn a_moved_project_with_a_copy_of_a_folder_inside_it_keeps_both() {
    // seeds/ and old/seeds/ hold files of the same names; the project is moved, its index
    // kept beside it (so nothing says where the index lay in it).
    let env = Env::with_seeds();
    fs::create_dir_all(env.join("p/old/seeds")).unwrap();
    fs::rename(env.join("seeds"), env.join("p/seeds")).unwrap();
    for file in files_under(&env.join("p/seeds")) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        fs::write(env.join("p/old/seeds").join(&name), format!("# Gammal {name}\n")).unwrap();
    }
    let index = env.join("pix").display().to_string();
    run_in(&env.join("p"), &["index", "seeds", "old", "--index", &index]);
    fs::rename(env.join("p"), env.join("moved")).unwrap();
    let stderr = run_in(&env.join("moved"), &["index", "old", "--update", "--index", &index]);
    assert!(stderr.contains("updated: 0 added, 0 changed, 0 removed, 5 unchanged"), "{stderr}");
    let stderr = run_in(&env.join("moved"), &["index", ".", "--update", "--index", &index]);
    assert!(stderr.contains("updated: 0 added, 0 changed, 0 removed, 10 unchanged"), "{stderr}");
    let shown = env.ok(&["show", "seeds/000_cea40166ddf3072c.txt", "--index", "pix"]);
    assert!(!shown.contains("Gammal"), "{shown}");
    // A path given that is a link to an indexed file is that file's document.
    #[cfg(unix)]
    {
        let target = env.join("moved/seeds/003_2b3fa1d7a6e76dce.txt");
        std::os::unix::fs::symlink(target, env.join("moved/L")).unwrap();
        let stderr = run_in(&env.join("moved"), &["index", "L", "--update", "--index", &index]);
        assert!(stderr.contains("updated: 0 added, 0 changed, 0 removed, 1 unchanged"), "{stderr}");
    }
}

#[test]
fn another_index_inside_the_walked_folders_is_passed_over_and_named() {
    let env = Env::with_seeds();
    fs::create_dir_all(env.join("work")).unwrap();
    env.ok(&["index", "seeds", "--index", "work/index"]);
    fs::write(env.join("work/notes.md"), "# Anteckningar om matchning\n").unwrap();
    let output = env.run(&["index", "work", "--index", "all"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "projsok: skipped work/index: projsok index (another index's files are no documents)"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("indexed 1 document (2 seen, 1 skipped: 1 projsok index)"), "{stderr}");
    assert_eq!(paths(&env.search(&["", "--index", "all"])), ["work/notes.md"]);
    // An index of the layout before the markers and the record of generations is one too.
    let generation = fs::read_to_string(env.join("work/index/CURRENT")).unwrap();
    fs::remove_file(env.join("work/index/GENERATIONS")).unwrap();
    fs::remove_file(env.join("work/index").join(generation.trim()).join("projsok-generation"))
        .unwrap();
    let stderr = env.stderr(&["index", "work", "--index", "all"]);
    assert!(stderr.contains("indexed 1 document (2 seen, 1 skipped: 1 projsok index)"), "{stderr}");
    let stderr = env.fails(&["index", "work/index", "--index", "all"], 2);
    assert_eq!(
        stderr.trim_end(),
        "projsok: work/index: is a projsok index folder; its files are no documents (name the \
         documents' folders)"
    );
}

#[test]
fn control_characters_in_a_file_name_reach_the_terminal_only_as_escapes() {
    let env = Env::with_seeds();
    fs::create_dir_all(env.join("odd")).unwrap();
    fs::write(env.join("odd/esc\u{1b}]0;owned\u{7}red.md"), "# Esc\n\nOm matchning.\n").unwrap();
    fs::write(env.join("odd/new\nline.md"), "# Ny rad\n\nOm matchning.\n").unwrap();
    env.ok(&["index", "odd", "--index", "idx"]);
    let human = env.ok(&["search", "matchning", "--index", "idx"]);
    assert!(!human.contains('\u{1b}') && !human.contains('\u{7}'), "{human:?}");
    assert!(human.contains("odd/esc\\u{1b}]0;owned\\u{7}red.md"), "{human}");
    let kwic = env.ok(&["kwic", "matchning", "--index", "idx"]);
    assert!(kwic.contains("odd/esc\\u{1b}]0;owned\\u{7}red.md"), "{kwic}");
    let listed = env.ok(&["search", "-l", "matchning", "--index", "idx"]);
    let mut lines: Vec<&str> = listed.lines().collect();
    lines.sort();
    assert_eq!(lines, ["odd/esc\\u{1b}]0;owned\\u{7}red.md", "odd/new\\u{a}line.md"]);
    let null = env.ok(&["search", "-l", "-0", "matchning", "--index", "idx"]);
    let mut ids: Vec<&str> = null.split_terminator('\0').collect();
    ids.sort();
    assert_eq!(ids, ["odd/esc\u{1b}]0;owned\u{7}red.md", "odd/new\nline.md"]);
    // JSON escapes them itself, and keeps the id as it is.
    assert_eq!(sorted_paths(&env.search(&["matchning", "--index", "idx"])), ids);

    // Copies of one seed under odd names are versions of each other, listed on one line.
    fs::create_dir_all(env.join("copies")).unwrap();
    for name in ["plain.txt", "esc\u{1b}]0;owned\u{7}.txt", "ny\nrad.txt"] {
        fs::copy(env.join("seeds/003_2b3fa1d7a6e76dce.txt"), env.join("copies").join(name))
            .unwrap();
    }
    env.ok(&["index", "copies", "seeds", "--index", "copies-idx"]);
    let collapsed = env.ok(&["search", "", "--collapse", "--index", "copies-idx", "-n", "10"]);
    let similar = env.ok(&["similar", "seeds/000_cea40166ddf3072c.txt", "--index", "copies-idx"]);
    let info = env.ok(&["info", "--index", "copies-idx"]);
    for (what, output) in [("search", &collapsed), ("similar", &similar), ("info", &info)] {
        assert!(!output.contains('\u{1b}') && !output.contains('\u{7}'), "{what}: {output:?}");
    }
    // The ids as printed name their documents, and a near miss is told on one line.
    for listed in env.ok(&["search", "-l", "", "--index", "copies-idx"]).lines() {
        env.ok(&["show", listed, "--index", "copies-idx"]);
    }
    let stderr = env.fails(&["show", "copies/ny\nrat.txt", "--index", "copies-idx"], 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for output in [&collapsed, &similar] {
        assert!(output.contains("copies/ny\\u{a}rad.txt"), "{output}");
        assert!(output.contains("copies/esc\\u{1b}]0;owned\\u{7}.txt"), "{output}");
    }
}

#[test]
fn similar_lists_at_most_a_thousand_neighbours() {
    let env = Env::indexed();
    let stderr = env.fails(&["similar", "seeds/000_cea40166ddf3072c.txt", "-n", "1001"], 2);
    assert_eq!(stderr.trim_end(), "projsok: --limit: 1001 is not between 1 and 1000");
    env.ok(&["similar", "seeds/000_cea40166ddf3072c.txt", "-n", "1000"]);
}
