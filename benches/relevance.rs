//! Scores projsok's ranking on the judged query set in `benches/relevance/` (method:
//! `benches/relevance/README.md`), for four analyzers side by side:
//!
//! - (a) plain: Snowball stemming only, what a stock Swedish analyzer does;
//! - (b) + compounds: compound parts indexed and searched;
//! - (c) + synonyms: the acronym and synonym table at query time;
//! - (d) full: compounds, synonyms, other spellings (with or without å, ä, ö), English reading,
//!   proximity.
//!
//! Beside them it scores two engines outside projsok, Xapian and PostgreSQL, from the runs that
//! `benches/relevance/engines.sh` recorded in `benches/relevance/runs/`.
//!
//! `cargo bench --bench relevance` prints nDCG@10 and recall@20 per analyzer and engine, one
//! table for the old queries (`queries.tsv`) and one for the new (`queries-new.tsv`), and every
//! query where the full analyzer loses a relevant document from its top 10 compared with plain:
//! for a loss to a less relevant document, that document, and which of the full analyzer's
//! switches, turned off alone or in pairs, bring the lost one back (the loss's cause).
//! `cargo bench --bench relevance -- pool` prints the documents still to judge: the union of the
//! top 20 of the full analyzer, Xapian and PostgreSQL (and the top 10 of each for the intended
//! spelling of a query typed without å/ä/ö or misspelt) that no qrels file grades yet. The corpus
//! is the five seeds plus g0vse (../shared/corpora, or a folder named by PROJSOK_G0VSE); indexes
//! are built in target/relevance/ on every run, or reused from the last with `-- reuse`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use projsok::analysis::synonyms::Synonyms;
use projsok::index::writer::BuildOptions;
use projsok::ingest::build;
use projsok::search::Engine;
use projsok::search::{self, QueryOptions, Request};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const DEPTH_NDCG: usize = 10;
const DEPTH_RECALL: usize = 20;
/// Pooled depth per ranker: the recall depth, so that every document a ranker returns in its
/// top 20 is judged and recall@20 compares the rankers on the same footing.
const POOL_DEPTH: usize = DEPTH_RECALL;
/// Pooled depth of a query's intended spelling (`queries-variants.tsv`), whose documents a
/// query typed without å/ä/ö or misspelt is meant to find.
const VARIANT_POOL_DEPTH: usize = 10;
/// The judgments of every round; a (query, document) pair is graded in one of them only.
const QRELS: [&str; 2] = ["qrels.tsv", "qrels-engines.tsv"];
/// The recorded runs of the engines outside projsok, by the name the tables give them.
const ENGINES: [(&str, &str); 2] =
    [("Xapian", "runs/xapian.tsv"), ("PostgreSQL", "runs/postgresql.tsv")];

struct Ranker {
    name: &'static str,
    compounds_index: bool,
    options: QueryOptions,
}

const RANKERS: [Ranker; 9] = [
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
    Ranker {
        name: "(d) without lemma forms",
        compounds_index: true,
        options: QueryOptions { lemmas: false, ..QueryOptions::FULL },
    },
    Ranker {
        name: "(d) without longer compounds",
        compounds_index: true,
        options: QueryOptions { longer_compounds: false, ..QueryOptions::FULL },
    },
    Ranker {
        name: "(d) without open compounds",
        compounds_index: true,
        options: QueryOptions { open_compounds: false, ..QueryOptions::FULL },
    },
    Ranker {
        name: "(d) without folding before stemming",
        compounds_index: true,
        options: QueryOptions { fold_before_stem: false, ..QueryOptions::FULL },
    },
    Ranker {
        name: "(d) without corrections",
        compounds_index: true,
        options: QueryOptions { corrections: false, ..QueryOptions::FULL },
    },
];

fn main() {
    let pool = std::env::args().any(|arg| arg == "pool");
    let work = Path::new(ROOT).join("target/relevance");
    let sources = prepare_sources(&work);
    let reuse = std::env::args().any(|arg| arg == "reuse");
    let plain_index = build_index(&work, &sources, false, reuse);
    let compound_index = build_index(&work, &sources, true, reuse);
    let queries = read_queries();
    let engines = read_runs();
    let synonyms = Synonyms::built_in();
    let run = |ranker: &Ranker, query: &str, limit: usize| {
        let index = if ranker.compounds_index { &compound_index } else { &plain_index };
        let request = Request {
            query: query.to_string(),
            options: ranker.options,
            limit,
            snippets: false,
            facet_fields: Vec::new(),
            ..Request::default()
        };
        search::search(index, &synonyms, &request).expect("query runs")
    };
    if pool {
        print_pool(&queries, &engines, &run);
    } else {
        for set in [Set::Old, Set::New] {
            let chosen: Vec<Query> = queries.iter().filter(|q| q.set == set).cloned().collect();
            score(set, &chosen, &engines, &run);
        }
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
///
/// With `reuse` (`-- reuse`), the indexes of the last run are opened instead: for measuring a
/// change that is made at query time only, several times over.
fn build_index(work: &Path, sources: &Path, compounds: bool, reuse: bool) -> Engine {
    let dir = work.join(if compounds { "index-compounds" } else { "index-plain" });
    if reuse {
        if let Ok(engine) = Engine::open(&dir) {
            eprintln!("reusing {}", dir.display());
            return engine;
        }
    }
    eprintln!("building {} …", dir.display());
    let here = std::env::current_dir().unwrap();
    std::env::set_current_dir(sources).unwrap();
    let options = BuildOptions { compounds, ..BuildOptions::default() };
    let summary = build(&[PathBuf::from("seeds"), PathBuf::from("g0vse")], &dir, options)
        .expect("index the corpus");
    std::env::set_current_dir(here).unwrap();
    eprintln!("indexed {} documents", summary.indexed);
    Engine::open(&dir).expect("open the new index")
}

fn read_tsv(name: &str) -> Vec<Vec<String>> {
    let path = Path::new(ROOT).join("benches/relevance").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path:?}: {err}"));
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| line.split('\t').map(str::to_string).collect())
        .collect()
}

/// The 38 queries written alongside the code, or the ones written before any engine ran them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Set {
    Old,
    New,
}

#[derive(Clone)]
struct Query {
    id: String,
    text: String,
    set: Set,
}

/// Old queries, then new ones, each in file order.
fn read_queries() -> Vec<Query> {
    [("queries.tsv", Set::Old), ("queries-new.tsv", Set::New)]
        .into_iter()
        .flat_map(|(file, set)| {
            read_tsv(file).into_iter().map(move |row| Query {
                id: row[0].clone(),
                text: row[2].clone(),
                set,
            })
        })
        .collect()
}

/// query id → document → grade (0, 1, 2), over every round's file.
fn read_qrels() -> HashMap<String, HashMap<String, u32>> {
    let mut qrels: HashMap<String, HashMap<String, u32>> = HashMap::new();
    for file in QRELS {
        for row in read_tsv(file) {
            let grade: u32 = row[2].trim().parse().expect("grade is 0, 1 or 2");
            let earlier = qrels.entry(row[0].clone()).or_default().insert(row[1].clone(), grade);
            assert!(earlier.is_none(), "{file}: {} {} is graded twice", row[0], row[1]);
        }
    }
    qrels
}

/// engine name → query id → ranked paths, from the recorded runs (`qid rank path`).
type Runs = Vec<(&'static str, HashMap<String, Vec<String>>)>;

fn read_runs() -> Runs {
    ENGINES
        .iter()
        .map(|&(name, file)| {
            let mut ranked: HashMap<String, Vec<(usize, String)>> = HashMap::new();
            for row in read_tsv(file) {
                let rank: usize =
                    row[1].parse().unwrap_or_else(|_| panic!("{file}: rank {:?}", row[1]));
                ranked.entry(row[0].clone()).or_default().push((rank, row[2].clone()));
            }
            let runs = ranked
                .into_iter()
                .map(|(id, mut hits)| {
                    hits.sort();
                    (id, hits.into_iter().map(|(_, path)| path).collect())
                })
                .collect();
            (name, runs)
        })
        .collect()
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
    set: Set,
    queries: &[Query],
    engines: &Runs,
    run: &dyn Fn(&Ranker, &str, usize) -> search::Results,
) {
    let qrels = read_qrels();
    let names: Vec<&str> = RANKERS
        .iter()
        .map(|ranker| ranker.name)
        .chain(engines.iter().map(|(name, _)| *name))
        .collect();
    let mut totals: Vec<(f64, f64)> = vec![(0.0, 0.0); names.len()];
    let mut per_query: Vec<(String, Vec<(f64, f64)>)> = Vec::new();
    let mut losses: Vec<(&str, String)> = Vec::new();
    let empty = HashMap::new();
    let nothing = Vec::new();
    for Query { id, text: query, .. } in queries {
        let judged = qrels.get(id).unwrap_or(&empty);
        let mut rankings: Vec<Vec<String>> = RANKERS
            .iter()
            .map(|ranker| {
                let results = run(ranker, query, DEPTH_RECALL);
                results.hits.iter().map(|hit| hit.doc.path.clone()).collect()
            })
            .collect();
        rankings.extend(engines.iter().map(|(_, runs)| runs.get(id).unwrap_or(&nothing).clone()));
        let mut row = Vec::new();
        for (index, ranked) in rankings.iter().enumerate() {
            let (n, r) = (ndcg(ranked, judged), recall(ranked, judged));
            totals[index].0 += n;
            totals[index].1 += r;
            row.push((n, r));
        }
        per_query.push((format!("{id} {query}"), row));
        let top10: Vec<BTreeSet<&String>> =
            rankings.iter().map(|ranked| ranked.iter().take(DEPTH_NDCG).collect()).collect();
        // A relevant document of plain's top 10 that full's lacks is a loss unless full put a
        // document judged at least as relevant in its place.
        let grade = |path: &String| judged.get(path).copied().unwrap_or(0);
        let mut lost: Vec<&String> =
            top10[0].difference(&top10[3]).copied().filter(|p| grade(p) > 0).collect();
        let mut gained: Vec<&String> = top10[3].difference(&top10[0]).copied().collect();
        lost.sort_by_key(|path| std::cmp::Reverse(grade(path)));
        gained.sort_by_key(|path| std::cmp::Reverse(grade(path)));
        for (index, path) in lost.iter().enumerate() {
            let replacement = gained.get(index);
            let replaced_by = replacement.map_or(0, |path| grade(path));
            let verdict = if replaced_by >= grade(path) { "displaced" } else { "LOST" };
            let mut line = format!(
                "{id} {query:?}: {path} (grade {}) → replaced by a grade-{replaced_by} document",
                grade(path)
            );
            if let Some(replacement) = replacement.filter(|_| verdict == "LOST") {
                let rank = rankings[3].iter().position(|p| p == *path);
                let rank = rank.map_or("past 20".to_string(), |rank| format!("{}", rank + 1));
                line += &format!(" ({replacement}); the lost one ranks {rank} in (d); ");
                line += &loss_steps(query, path, run);
            }
            losses.push((verdict, line));
        }
    }
    let count = queries.len() as f64;
    let title = match set {
        Set::Old => "old queries (queries.tsv)",
        Set::New => "new queries (queries-new.tsv), written before any engine ran them",
    };
    println!("\n## {} {title}\n", queries.len());
    println!("| ranker | nDCG@10 | recall@20 |\n|---|---|---|");
    for (name, (ndcg_sum, recall_sum)) in names.iter().zip(&totals) {
        println!("| {name} | {:.3} | {:.3} |", ndcg_sum / count, recall_sum / count);
    }
    println!("\nnDCG@10 / recall@20 per query (a b c d Xapian PostgreSQL):");
    for (query, values) in &per_query {
        // An empty f64 sum is -0.0; abs keeps "-0.00" out of the table.
        let cells: Vec<String> =
            values.iter().map(|(n, r)| format!("{:.2}/{:.2}", n.abs(), r.abs())).collect();
        println!("  {query:<50} {}", cells.join(" "));
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
    if set == Set::Old {
        assert!(totals[3].0 > totals[0].0, "the full analyzer must beat plain Snowball on nDCG@10");
    }
}

/// The switches of the full analyzer a loss of `path` from its top 10 comes from: each
/// switch turned off alone, and where none brings it back, each pair of them.
fn loss_steps(
    query: &str,
    path: &String,
    run: &dyn Fn(&Ranker, &str, usize) -> search::Results,
) -> String {
    type Switch = (&'static str, fn(&mut QueryOptions));
    const SWITCHES: [Switch; 8] = [
        ("folding", |o| o.folding = false),
        ("compound parts", |o| o.compounds = false),
        ("lemma forms", |o| o.lemmas = false),
        ("longer compounds", |o| o.longer_compounds = false),
        ("open compounds", |o| o.open_compounds = false),
        ("synonyms", |o| o.synonyms = false),
        ("proximity", |o| o.proximity = false),
        ("corrections", |o| o.corrections = false),
    ];
    let back_without = |off: &[usize]| {
        let mut options = QueryOptions::FULL;
        for &switch in off {
            (SWITCHES[switch].1)(&mut options);
        }
        let ranker = Ranker { name: "", compounds_index: true, options };
        run(&ranker, query, DEPTH_NDCG).hits.iter().any(|hit| hit.doc.path == *path)
    };
    let singles: Vec<&str> =
        (0..SWITCHES.len()).filter(|&a| back_without(&[a])).map(|a| SWITCHES[a].0).collect();
    if !singles.is_empty() {
        return format!("back with {} off", singles.join(" or "));
    }
    let mut pairs = Vec::new();
    for (a, (first, _)) in SWITCHES.iter().enumerate() {
        for (b, (second, _)) in SWITCHES.iter().enumerate().skip(a + 1) {
            if back_without(&[a, b]) {
                pairs.push(format!("{first} and {second}"));
            }
        }
    }
    if pairs.is_empty() {
        "back with no one or two switches off".to_string()
    } else {
        format!("back with {} off", pairs.join(", or "))
    }
}

/// The pairs still to judge: the top 20 of the full analyzer, Xapian and PostgreSQL, and the
/// top 10 of each for the query's intended spelling, that no qrels file grades; with the finders
/// named (a judge works from a copy without that column).
fn print_pool(
    queries: &[Query],
    engines: &Runs,
    run: &dyn Fn(&Ranker, &str, usize) -> search::Results,
) {
    let qrels = read_qrels();
    let variants = read_tsv("queries-variants.tsv");
    let empty = HashMap::new();
    println!("qid\tquery\tpath\tfound by");
    for Query { id, text: query, .. } in queries {
        let judged = qrels.get(id).unwrap_or(&empty);
        let mut pooled: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let spellings =
            variants.iter().filter(|row| row[1] == *id).map(|row| (&row[0], &row[2], "~"));
        for (run_id, text, mark) in std::iter::once((id, query, "")).chain(spellings) {
            let depth = if mark.is_empty() { POOL_DEPTH } else { VARIANT_POOL_DEPTH };
            let full = run(&RANKERS[3], text, depth);
            for (rank, hit) in full.hits.iter().enumerate() {
                pooled
                    .entry(hit.doc.path.clone())
                    .or_default()
                    .push(format!("{mark}d{}", rank + 1));
            }
            for (name, runs) in engines {
                for (rank, path) in runs.get(run_id).into_iter().flatten().take(depth).enumerate() {
                    pooled
                        .entry(path.clone())
                        .or_default()
                        .push(format!("{mark}{name}{}", rank + 1));
                }
            }
        }
        for (path, finders) in pooled.iter().filter(|(path, _)| !judged.contains_key(*path)) {
            println!("{id}\t{query}\t{path}\t{}", finders.join(","));
        }
    }
}
