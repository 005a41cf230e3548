//! Scores projsok's ranking on the judged query set in `benches/relevance/` (method:
//! `benches/relevance/README.md`), for four analyzers side by side:
//!
//! - (a) plain: Snowball stemming only, what a stock Swedish analyzer does;
//! - (b) + compounds: compound parts indexed and searched;
//! - (c) + synonyms: the acronym and synonym table at query time;
//! - (d) full: compounds, synonyms, other spellings (with or without å, ä, ö), English reading,
//!   proximity.
//!
//! `cargo bench --bench relevance` prints nDCG@10 and recall@20 per analyzer and every query
//! where the full analyzer loses a relevant document from its top 10 compared with plain.
//! `cargo bench --bench relevance -- pool` prints the pooled top results of all four for
//! judging. The corpus is the five seeds plus g0vse (../shared/corpora, or a folder named by
//! PROJSOK_G0VSE); indexes are cached in target/relevance/.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use projsok::analysis::synonyms::Synonyms;
use projsok::app::index::build;
use projsok::index::writer::BuildOptions;
use projsok::index::{self, OpenIndex};
use projsok::output::json::marked_snippet;
use projsok::search::{self, QueryOptions, Request};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const DEPTH_NDCG: usize = 10;
const DEPTH_RECALL: usize = 20;
const POOL_DEPTH: usize = 15;

struct Ranker {
    name: &'static str,
    compounds_index: bool,
    options: QueryOptions,
}

const RANKERS: [Ranker; 4] = [
    Ranker { name: "(a) plain Snowball", compounds_index: false, options: QueryOptions::PLAIN },
    Ranker {
        name: "(b) + compounds",
        compounds_index: true,
        options: QueryOptions { compounds: true, ..QueryOptions::PLAIN },
    },
    Ranker {
        name: "(c) + synonyms",
        compounds_index: false,
        options: QueryOptions { synonyms: true, ..QueryOptions::PLAIN },
    },
    Ranker { name: "(d) full analyzer", compounds_index: true, options: QueryOptions::FULL },
];

fn main() {
    let pool = std::env::args().any(|arg| arg == "pool");
    let work = Path::new(ROOT).join("target/relevance");
    let sources = prepare_sources(&work);
    let plain_index = build_index(&work, &sources, false);
    let compound_index = build_index(&work, &sources, true);
    let queries = read_queries();
    let synonyms = Synonyms::built_in();
    let run = |ranker: &Ranker, query: &str, limit: usize, snippets: bool| {
        let index = if ranker.compounds_index { &compound_index } else { &plain_index };
        let request = Request {
            query: query.to_string(),
            options: ranker.options,
            limit,
            snippets,
            facet_fields: Vec::new(),
            ..Request::default()
        };
        search::search(index, &synonyms, &request).expect("query runs")
    };
    if pool {
        print_pool(&queries, &run);
    } else {
        score(&queries, &run);
    }
}

/// Links `seeds` and `g0vse` side by side so that document ids are `seeds/…` and `g0vse/…`
/// wherever the corpus lives.
fn prepare_sources(work: &Path) -> PathBuf {
    let sources = work.join("sources");
    std::fs::create_dir_all(&sources).expect("create target/relevance");
    let corpus = match std::env::var_os("PROJSOK_G0VSE") {
        Some(dir) => PathBuf::from(dir),
        None => {
            let extracted = work.join("corpus/g0vse");
            if !extracted.is_dir() {
                let archive = Path::new(ROOT).join("../shared/corpora/g0vse-regeringen.tar.gz");
                assert!(archive.is_file(), "no corpus: set PROJSOK_G0VSE or provide {archive:?}");
                std::fs::create_dir_all(work.join("corpus")).unwrap();
                let status = Command::new("tar")
                    .arg("xzf")
                    .arg(&archive)
                    .arg("-C")
                    .arg(work.join("corpus"))
                    .status()
                    .expect("run tar");
                assert!(status.success(), "tar failed");
            }
            extracted
        }
    };
    for (name, target) in [("seeds", Path::new(ROOT).join("seeds")), ("g0vse", corpus)] {
        let link = sources.join(name);
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&target, &link).expect("link corpus");
    }
    sources
}

/// Builds the index afresh on every run: an index left by an earlier build of projsok opens
/// fine but may hold what an older analyzer made of the texts.
fn build_index(work: &Path, sources: &Path, compounds: bool) -> OpenIndex {
    let dir = work.join(if compounds { "index-compounds" } else { "index-plain" });
    eprintln!("building {} …", dir.display());
    let here = std::env::current_dir().unwrap();
    std::env::set_current_dir(sources).unwrap();
    let options = BuildOptions { compounds, ..BuildOptions::default() };
    let summary = build(&[PathBuf::from("seeds"), PathBuf::from("g0vse")], &dir, options)
        .expect("index the corpus");
    std::env::set_current_dir(here).unwrap();
    eprintln!("indexed {} documents", summary.indexed);
    index::open(&dir).expect("open the new index")
}

fn read_tsv(name: &str) -> Vec<Vec<String>> {
    let path = Path::new(ROOT).join("benches/relevance").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path:?}: {err}"));
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| line.split('\t').map(str::to_string).collect())
        .collect()
}

/// (id, query) in file order.
fn read_queries() -> Vec<(String, String)> {
    read_tsv("queries.tsv").into_iter().map(|row| (row[0].clone(), row[2].clone())).collect()
}

/// query id → document → grade (0, 1, 2).
fn read_qrels() -> HashMap<String, HashMap<String, u32>> {
    let mut qrels: HashMap<String, HashMap<String, u32>> = HashMap::new();
    for row in read_tsv("qrels.tsv") {
        let grade: u32 = row[2].trim().parse().expect("grade is 0, 1 or 2");
        qrels.entry(row[0].clone()).or_default().insert(row[1].clone(), grade);
    }
    qrels
}

fn dcg(grades: impl Iterator<Item = u32>) -> f64 {
    grades
        .enumerate()
        .map(|(rank, grade)| (2f64.powi(grade as i32) - 1.0) / ((rank + 2) as f64).log2())
        .sum()
}

fn ndcg(ranked: &[String], judged: &HashMap<String, u32>) -> f64 {
    let actual =
        dcg(ranked.iter().take(DEPTH_NDCG).map(|path| judged.get(path).copied().unwrap_or(0)));
    let mut ideal: Vec<u32> = judged.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let best = dcg(ideal.into_iter().take(DEPTH_NDCG));
    if best == 0.0 {
        0.0
    } else {
        actual / best
    }
}

fn recall(ranked: &[String], judged: &HashMap<String, u32>) -> f64 {
    let relevant: BTreeSet<&String> =
        judged.iter().filter(|(_, g)| **g > 0).map(|(p, _)| p).collect();
    if relevant.is_empty() {
        return 0.0;
    }
    let found = ranked.iter().take(DEPTH_RECALL).filter(|path| relevant.contains(path)).count();
    found as f64 / relevant.len() as f64
}

fn score(
    queries: &[(String, String)],
    run: &dyn Fn(&Ranker, &str, usize, bool) -> search::Results,
) {
    let qrels = read_qrels();
    let mut totals: Vec<(f64, f64)> = vec![(0.0, 0.0); RANKERS.len()];
    let mut per_query: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut losses: Vec<(&str, String)> = Vec::new();
    let empty = HashMap::new();
    for (id, query) in queries {
        let judged = qrels.get(id).unwrap_or(&empty);
        let mut top10: Vec<BTreeSet<String>> = Vec::new();
        for (index, ranker) in RANKERS.iter().enumerate() {
            let results = run(ranker, query, DEPTH_RECALL, false);
            let ranked: Vec<String> = results.hits.iter().map(|hit| hit.doc.path.clone()).collect();
            let n = ndcg(&ranked, judged);
            totals[index].0 += n;
            totals[index].1 += recall(&ranked, judged);
            per_query.entry(format!("{id} {query}")).or_default().push(n);
            top10.push(ranked.iter().take(DEPTH_NDCG).cloned().collect());
        }
        // A relevant document of plain's top 10 that full's lacks is a loss unless full put a
        // document judged at least as relevant in its place.
        let grade = |path: &String| judged.get(path).copied().unwrap_or(0);
        let mut lost: Vec<&String> =
            top10[0].difference(&top10[3]).filter(|p| grade(p) > 0).collect();
        let mut gained: Vec<u32> = top10[3].difference(&top10[0]).map(grade).collect();
        lost.sort_by_key(|path| std::cmp::Reverse(grade(path)));
        gained.sort_unstable_by(|a, b| b.cmp(a));
        for (index, path) in lost.iter().enumerate() {
            let replaced_by = gained.get(index).copied().unwrap_or(0);
            let verdict = if replaced_by >= grade(path) { "displaced" } else { "LOST" };
            losses.push((
                verdict,
                format!(
                    "{id} {query:?}: {path} (grade {}) → replaced by a grade-{replaced_by} document",
                    grade(path)
                ),
            ));
        }
    }
    let count = queries.len() as f64;
    println!("| analyzer | nDCG@10 | recall@20 |\n|---|---|---|");
    for (ranker, (ndcg_sum, recall_sum)) in RANKERS.iter().zip(&totals) {
        println!("| {} | {:.3} | {:.3} |", ranker.name, ndcg_sum / count, recall_sum / count);
    }
    println!("\nnDCG@10 per query (a b c d):");
    for (query, values) in &per_query {
        let cells: Vec<String> = values.iter().map(|v| format!("{:.2}", v.abs())).collect();
        println!("  {query:<45} {}", cells.join(" "));
    }
    let real: Vec<&String> =
        losses.iter().filter(|(verdict, _)| *verdict == "LOST").map(|(_, line)| line).collect();
    println!(
        "\nrelevant documents in plain's top 10 but not in full's: {} ({} displaced by documents \
         judged at least as relevant, {} lost to less relevant ones)",
        losses.len(),
        losses.len() - real.len(),
        real.len()
    );
    for (verdict, line) in &losses {
        println!("  {verdict:<9} {line}");
    }
    assert_eq!(per_query.len(), queries.len(), "every query was scored");
    assert!(totals[3].0 > totals[0].0, "the full analyzer must beat plain Snowball on nDCG@10");
}

fn print_pool(
    queries: &[(String, String)],
    run: &dyn Fn(&Ranker, &str, usize, bool) -> search::Results,
) {
    println!("qid\tquery\tpath\trankers\ttitle\tsnippet");
    for (id, query) in queries {
        let mut pooled: BTreeMap<String, (Vec<String>, String, String)> = BTreeMap::new();
        for (index, ranker) in RANKERS.iter().enumerate() {
            let results = run(ranker, query, POOL_DEPTH, true);
            for (rank, hit) in results.hits.iter().enumerate() {
                let entry = pooled.entry(hit.doc.path.clone()).or_insert_with(|| {
                    let snippet = hit
                        .snippet
                        .as_ref()
                        .map(|snippet| marked_snippet(snippet, "«", "»"))
                        .unwrap_or_default();
                    (Vec::new(), hit.doc.title.clone(), snippet)
                });
                entry.0.push(format!("{}{}", ["a", "b", "c", "d"][index], rank + 1));
            }
        }
        for (path, (rankers, title, snippet)) in pooled {
            let clean = |text: &str| text.replace(['\t', '\n'], " ");
            println!(
                "{id}\t{query}\t{path}\t{}\t{}\t{}",
                rankers.join(","),
                clean(&title),
                clean(&snippet)
            );
        }
    }
}
