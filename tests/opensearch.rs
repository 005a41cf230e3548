//! `projsok export --format opensearch`, end to end through the binary on the seeds: the files
//! parse, every document is in exactly one batch under field names the mapping knows, and the
//! stop words, compound words, synonyms and boosts are projsok's own.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{Env, S000, S001, S002, S003, S004};
use projsok::analysis::compounds::splitter;
use projsok::analysis::swedish_stop_words;
use projsok::analysis::synonyms::Synonyms;
use projsok::index::schema::{Facet, TextField, FOLDED_BOOST, PARTS_BOOST};
use projsok::output::opensearch::{
    synonym_rules, BulkAction, BulkDocument, ANALYZER, INDEX_NAME, SEARCH_ANALYZER, WORD_LIST_PATH,
};
use serde_json::Value;

fn index_json(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("index.json")).expect("index.json");
    serde_json::from_str(&text).expect("index.json is JSON")
}

/// The bulk files in the folder, by name.
fn bulk_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with("bulk-"))
        .collect();
    names.sort();
    names
}

/// The (action, document) pairs of one bulk file, checking that every line is JSON and that
/// the file ends with a newline, as the bulk API requires.
fn read_bulk(path: &Path) -> Vec<(BulkAction, BulkDocument, Value)> {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.ends_with('\n'), "{} does not end with a newline", path.display());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len() % 2, 0, "{}: an action without its document", path.display());
    lines
        .chunks(2)
        .map(|pair| {
            let action: BulkAction = serde_json::from_str(pair[0]).expect("action line");
            let raw: Value = serde_json::from_str(pair[1]).expect("document line");
            let doc: BulkDocument = serde_json::from_str(pair[1]).expect("document fields");
            (action, doc, raw)
        })
        .collect()
}

#[test]
fn every_document_once_across_batches_under_mapped_names() {
    let env = Env::indexed();
    let stderr = env.run(&["export", "--format", "opensearch", "-o", "os", "--batch-size", "2"]);
    assert!(stderr.status.success());
    let dir = env.join("os");
    assert_eq!(bulk_files(&dir), ["bulk-00001.ndjson", "bulk-00002.ndjson", "bulk-00003.ndjson"]);

    let definition = index_json(&dir);
    let properties = definition["mappings"]["properties"].as_object().expect("properties");
    let mut ids = Vec::new();
    for (number, name) in bulk_files(&dir).iter().enumerate() {
        let pairs = read_bulk(&dir.join(name));
        assert_eq!(pairs.len(), if number < 2 { 2 } else { 1 }, "{name}");
        for (action, doc, raw) in pairs {
            assert_eq!(action.index.index, INDEX_NAME);
            assert_eq!(action.index.id, doc.path);
            for key in raw.as_object().unwrap().keys() {
                assert!(properties.contains_key(key), "{key} in {name} is not in the mapping");
            }
            ids.push(doc.path);
        }
    }
    ids.sort();
    assert_eq!(ids, [S000, S001, S002, S003, S004]);

    // The documents hold what `export --format ndjson` holds for them.
    let doc = read_bulk(&dir.join("bulk-00001.ndjson")).remove(0).1;
    let record = env.show(&doc.path);
    assert_eq!(doc.title, record.title);
    assert_eq!(doc.region, record.region);
    assert_eq!(doc.esf_grant_sek, record.esf_grant_sek);
    assert_eq!(doc.period_start, record.period_start);
    let kinds: BTreeSet<&str> = record.sections.iter().map(|s| s.section.as_str()).collect();
    for section in &record.sections {
        let held = match section.section.as_str() {
            "summary" => &doc.summary,
            "background" => &doc.background,
            "purpose" => &doc.purpose,
            "goal" => &doc.goal,
            "accessibility" => &doc.accessibility,
            "equality" => &doc.equality,
            "transnational" => &doc.transnational,
            _ => &doc.body,
        };
        assert!(held.contains(&section.text), "{kinds:?}: {} text missing", section.section);
    }
}

#[test]
fn mapping_types_copy_to_and_analyzers() {
    let env = Env::indexed();
    env.ok(&["export", "--format", "opensearch", "-o", "os"]);
    let definition = index_json(&env.join("os"));
    assert_eq!(bulk_files(&env.join("os")), ["bulk-00001.ndjson"]);
    let properties = &definition["mappings"]["properties"];
    assert_eq!(definition["mappings"]["dynamic"], "strict");
    for name in TextField::ALL.map(TextField::name) {
        let field = &properties[name];
        assert_eq!(field["type"], "text", "{name}");
        assert_eq!(field["analyzer"], ANALYZER, "{name}");
        assert_eq!(field["search_analyzer"], SEARCH_ANALYZER, "{name}");
        assert_eq!(field["fields"]["folded"]["type"], "text", "{name}");
        assert_eq!(field["fields"]["parts"]["type"], "text", "{name}");
        let copied = if name == "body" { Value::Null } else { serde_json::json!(["body"]) };
        assert_eq!(field["copy_to"], copied, "{name}");
    }
    for name in Facet::ALL.map(Facet::name).into_iter().chain(["path"]) {
        assert_eq!(properties[name]["type"], "keyword", "{name}");
    }
    for (name, kind) in [
        ("esf_grant_sek", "long"),
        ("total_budget_sek", "long"),
        ("start_year", "integer"),
        ("end_year", "integer"),
        ("first_year", "integer"),
        ("last_year", "integer"),
        ("period_start", "date"),
        ("period_end", "date"),
    ] {
        assert_eq!(properties[name]["type"], kind, "{name}");
    }

    // Every analyzer a field names is defined, and every filter an analyzer names is either
    // defined or built in.
    let analysis = &definition["settings"]["analysis"];
    let built_in = ["lowercase", "flatten_graph", "asciifolding"];
    for (name, field) in properties.as_object().unwrap() {
        let mut named = vec![&field["analyzer"], &field["search_analyzer"]];
        if let Some(subfields) = field["fields"].as_object() {
            for subfield in subfields.values() {
                named.extend([&subfield["analyzer"], &subfield["search_analyzer"]]);
            }
        }
        for analyzer in named.into_iter().filter_map(Value::as_str) {
            let definition = &analysis["analyzer"][analyzer];
            assert!(definition.is_object(), "{name}: analyzer {analyzer} is not defined");
            assert!(analysis["tokenizer"][definition["tokenizer"].as_str().unwrap()].is_object());
            for filter in definition["filter"].as_array().unwrap() {
                let filter = filter.as_str().unwrap();
                assert!(
                    built_in.contains(&filter) || analysis["filter"][filter].is_object(),
                    "{analyzer}: filter {filter} is not defined"
                );
            }
        }
    }
}

#[test]
fn stop_words_compound_words_synonyms_and_boosts_are_projsoks_own() {
    let env = Env::indexed();
    std::fs::write(env.join("mine.txt"), "nav = nationellt nav\nsfi = sfi-utbildning\n").unwrap();
    env.ok(&["export", "--format", "opensearch", "-o", "os", "--synonyms", "mine.txt"]);
    let dir = env.join("os");
    let definition = index_json(&dir);
    let filters = &definition["settings"]["analysis"]["filter"];

    let stop_words: Vec<&str> = filters["projsok_stop"]["stopwords"]
        .as_array()
        .unwrap()
        .iter()
        .map(|word| word.as_str().unwrap())
        .collect();
    assert_eq!(stop_words, swedish_stop_words());
    assert!(stop_words.contains(&"och"));

    let decompounder = &filters["projsok_decompounder"];
    assert_eq!(decompounder["type"], "dictionary_decompounder");
    assert_eq!(decompounder["word_list_path"], WORD_LIST_PATH);
    let words = std::fs::read_to_string(dir.join("compound_words.txt")).unwrap();
    let words: Vec<&str> = words.lines().collect();
    let own = splitter().part_words();
    assert_eq!(words.len(), own.len());
    assert!(words.iter().zip(&own).all(|(file, own)| file == own));
    assert!(words.contains(&"matchnings"));

    let mut table = Synonyms::built_in();
    assert!(table.add_table("nav = nationellt nav\nsfi = sfi-utbildning\n").is_empty());
    let rules: Vec<&str> = filters["projsok_synonyms"]["synonyms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| rule.as_str().unwrap())
        .collect();
    assert_eq!(rules, synonym_rules(&table));
    assert!(rules.contains(&"sfi, svenska för invandrare, sfi-utbildning"));
    assert!(rules.contains(&"nav, nationellt nav"));
    assert_eq!(filters["projsok_synonyms"]["type"], "synonym_graph");

    let meta = &definition["mappings"]["_meta"];
    let fields: Vec<String> =
        TextField::ALL.map(|field| format!("{}^{}", field.name(), field.boost())).into();
    assert_eq!(meta["multi_match_fields"], serde_json::json!(fields));
    assert_eq!(meta["multi_match_fields"][0], "title^3");
    assert_eq!(meta["multi_match_fields"][1], "summary^2");
    assert_eq!(
        meta["fallback_fields"],
        serde_json::json!([
            format!("body.folded^{FOLDED_BOOST}"),
            format!("body.parts^{PARTS_BOOST}")
        ])
    );
    assert_eq!(meta["projsok_schema_version"], projsok::index::schema::SCHEMA_VERSION);
}

#[test]
fn query_filters_pick_the_documents_and_old_batches_go() {
    let env = Env::indexed();
    env.ok(&["export", "--format", "opensearch", "-o", "os", "--batch-size", "1"]);
    assert_eq!(bulk_files(&env.join("os")).len(), 5);
    let expected =
        env.search(&["socialt företagande", "--region", "Övre Norrland", "--limit", "100"]);
    env.ok(&[
        "export",
        "socialt företagande",
        "--region",
        "Övre Norrland",
        "--format",
        "opensearch",
        "-o",
        "os",
    ]);
    let files = bulk_files(&env.join("os"));
    let mut ids: Vec<String> = files
        .iter()
        .flat_map(|name| read_bulk(&env.join("os").join(name)))
        .map(|(action, _, _)| action.index.id)
        .collect();
    ids.sort();
    let mut hits: Vec<String> = expected.hits.iter().map(|hit| hit.path.clone()).collect();
    hits.sort();
    assert!(!hits.is_empty());
    assert_eq!(ids, hits);
    assert!(files.len() <= 1, "stale bulk files left: {files:?}");
}

#[test]
fn opensearch_needs_a_folder_and_a_positive_batch_size() {
    let env = Env::indexed();
    let stderr = env.fails(&["export", "--format", "opensearch"], 2);
    assert!(stderr.contains("-o DIR"), "{stderr}");
    env.fails(&["export", "--format", "opensearch", "-o", "os", "--batch-size", "0"], 2);
    std::fs::write(env.join("file"), "").unwrap();
    env.fails(&["export", "--format", "opensearch", "-o", "file"], 2);
}

#[test]
fn a_folder_of_other_files_is_refused_untouched_and_force_replaces_only_projsoks_names() {
    let env = Env::indexed();
    let dir = env.join("mine");
    std::fs::create_dir(&dir).unwrap();
    let users = ["bulk-0001.ndjson", "bulk-1.ndjson", "bulk-x.ndjson", "index.json", "notes.txt"];
    for name in users {
        std::fs::write(dir.join(name), format!("user {name}")).unwrap();
    }
    let stderr = env.fails(&["export", "--format", "opensearch", "-o", "mine"], 2);
    assert_eq!(
        stderr,
        "projsok: --output: mine holds files and no earlier projsok export; nothing in it was \
         touched (--force writes projsok's files into it)\n"
    );
    for name in users {
        assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), format!("user {name}"));
    }
    env.ok(&["export", "--format", "opensearch", "-o", "mine", "--force"]);
    // The user's own bulk-like names stay; projsok's index.json replaced theirs.
    for name in ["bulk-0001.ndjson", "bulk-1.ndjson", "bulk-x.ndjson", "notes.txt"] {
        assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), format!("user {name}"));
    }
    assert!(index_json(&dir)["settings"]["analysis"]["tokenizer"]["projsok_words"].is_object());
    let mut files = bulk_files(&dir);
    files.sort();
    assert_eq!(files, ["bulk-00001.ndjson", "bulk-0001.ndjson", "bulk-1.ndjson", "bulk-x.ndjson"]);
    // Now an earlier export: a second run needs no --force.
    env.ok(&["export", "--format", "opensearch", "-o", "mine", "--batch-size", "2"]);
    let mut files = bulk_files(&dir);
    files.sort();
    assert_eq!(
        files,
        [
            "bulk-00001.ndjson",
            "bulk-00002.ndjson",
            "bulk-00003.ndjson",
            "bulk-0001.ndjson",
            "bulk-1.ndjson",
            "bulk-x.ndjson"
        ]
    );
}
