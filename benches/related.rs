//! Scores `projsok similar` on the judged related-documents set in `benches/related/` (method:
//! `benches/related/README.md`), against two baselines written here and with each of its
//! ranking steps switched off in turn:
//!
//! - tf-idf cosine: every document's whole text, lower-cased words, `(1 + ln tf) · ln(N / df)`;
//! - BM25 more-like-this: the source's 25 words of highest tf·idf (in at least two documents)
//!   as a BM25 query (k1 1.2, b 0.75) over the same words, each weighted by its tf·idf, as
//!   Lucene's MoreLikeThis builds its query.
//!
//! `cargo bench --bench related` prints nDCG@10 and P@10 per ranker and the share of top-10
//! slots that are near-duplicates of the source or of a higher hit (word 5-shingles, Jaccard
//! ≥ 0.5; such a slot gains nothing in nDCG and P@10: the reader has seen it). `-- pool` prints
//! the documents still to judge: the top 10 of projsok, the tf-idf cosine and the BM25
//! more-like-this that `qrels.tsv` does not grade yet, each with its title and opening.
//!
//! The collection is the five seeds, the ESF pages in `benches/related/pages/` (as `esf/…`)
//! and g0vse (the folder named by PROJSOK_G0VSE); the index is built in target/related/ on
//! every run.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use projsok::index::writer::BuildOptions;
use projsok::ingest::build;
use projsok::search::similar::{self, Request, Scope, Source, Steps};
use projsok::search::{Engine, Filters};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const DEPTH: usize = 10;
/// Words of the more-like-this query, Lucene's default.
const MLT_TERMS: usize = 25;
const SHINGLE: usize = 5;
const DUPLICATE_JACCARD: f64 = 0.5;
/// Powers of the meanings' cosine tried beside the one `similar` uses.
const CONCEPT_POWERS: [f32; 3] = [1.0, 1.5, 2.5];

struct Query {
    id: String,
    path: String,
}

type Run = Vec<String>;

fn main() {
    let pool = std::env::args().any(|arg| arg == "pool");
    let reuse = std::env::args().any(|arg| arg == "reuse");
    let per_query = std::env::args().any(|arg| arg == "per-query");
    let work = Path::new(ROOT).join("target/related");
    let sources = prepare_sources(&work);
    let engine = match reuse.then(|| Engine::open(&work.join("index")).ok()).flatten() {
        Some(engine) => engine,
        None => build_index(&work, &sources),
    };
    let corpus = Corpus::read(&sources);
    eprintln!("baseline corpus: {} documents", corpus.docs.len());
    let queries = read_queries();
    let qrels = read_qrels();

    let engine = &engine;
    let projsok = |steps: Steps| {
        move |query: &Query| -> Run {
            let request = Request {
                source: Source::Id(query.path.clone()),
                scope: Scope::All,
                filters: Filters::default(),
                limit: DEPTH,
                collapse: false,
            };
            let found = similar::similar_with(engine, &request, steps)
                .unwrap_or_else(|err| panic!("similar {}: {err}", query.path));
            found.hits.into_iter().map(|hit| hit.doc.path).collect()
        }
    };
    let mut rankers: Vec<(String, Vec<Run>)> = Vec::new();
    let mut add = |name: &str, run: &dyn Fn(&Query) -> Run| {
        rankers.push((name.to_string(), queries.iter().map(run).collect()));
    };
    add("projsok similar", &projsok(Steps::ALL));
    add("projsok similar before issue 17", &projsok(Steps::NONE));
    add("tf-idf cosine", &|query| corpus.cosine(&query.path));
    add("BM25 more-like-this", &|query| corpus.more_like_this(&query.path));
    for (name, steps) in Steps::ALL.each_off() {
        add(&format!("projsok without {name}"), &projsok(steps));
    }
    for power in CONCEPT_POWERS {
        let steps = Steps { concept_power: power, ..Steps::ALL };
        add(&format!("projsok with the concepts' cosine to the power {power}"), &projsok(steps));
    }
    if pool {
        print_pool(&queries, &qrels, &rankers, &corpus);
        return;
    }
    report(&queries, &qrels, &rankers, &corpus);
    if per_query {
        report_per_query(&queries, &qrels, &rankers, &corpus);
    }
}

/// Links the three folders side by side so that ids are `seeds/…`, `esf/…` and `g0vse/…`.
fn prepare_sources(work: &Path) -> PathBuf {
    let sources = work.join("sources");
    std::fs::create_dir_all(&sources).expect("create target/related");
    let corpus = std::env::var_os("PROJSOK_G0VSE")
        .map(PathBuf::from)
        .expect("PROJSOK_G0VSE names the g0vse folder");
    let pages = Path::new(ROOT).join("benches/related/pages");
    for (name, target) in
        [("seeds", Path::new(ROOT).join("seeds")), ("esf", pages), ("g0vse", corpus)]
    {
        let link = sources.join(name);
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&target, &link).expect("link corpus");
    }
    sources
}

fn build_index(work: &Path, sources: &Path) -> Engine {
    let dir = work.join("index");
    eprintln!("building {} …", dir.display());
    let here = std::env::current_dir().unwrap();
    std::env::set_current_dir(sources).unwrap();
    let roots = ["seeds", "esf", "g0vse"].map(PathBuf::from);
    let summary = build(&roots, &dir, BuildOptions::default()).expect("index the corpus");
    std::env::set_current_dir(here).unwrap();
    eprintln!("indexed {} documents", summary.indexed);
    Engine::open(&dir).expect("open the new index")
}

fn read_tsv(name: &str) -> Vec<Vec<String>> {
    let path = Path::new(ROOT).join("benches/related").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path:?}: {err}"));
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| line.split('\t').map(str::to_string).collect())
        .collect()
}

fn read_queries() -> Vec<Query> {
    let queries: Vec<Query> = read_tsv("queries.tsv")
        .into_iter()
        .map(|row| Query { id: row[0].clone(), path: row[1].clone() })
        .collect();
    assert!(queries.len() >= 20, "{} queries", queries.len());
    queries
}

/// (query id, path) → grade; a pair graded twice is an error.
fn read_qrels() -> HashMap<(String, String), u32> {
    let mut qrels = HashMap::new();
    for row in read_tsv("qrels.tsv") {
        let grade: u32 = row[2].parse().unwrap_or_else(|_| panic!("grade in {row:?}"));
        assert!(grade <= 2, "{row:?}");
        let old = qrels.insert((row[0].clone(), row[1].clone()), grade);
        assert!(old.is_none(), "graded twice: {row:?}");
    }
    qrels
}

/// The grade of each slot of `run`, 0 for a near-duplicate of the source or of a higher hit;
/// and how many slots were such duplicates.
fn gains(
    query: &Query,
    run: &Run,
    qrels: &HashMap<(String, String), u32>,
    corpus: &Corpus,
) -> (Vec<u32>, usize) {
    let mut seen = vec![query.path.as_str()];
    let mut duplicates = 0;
    let gains = run
        .iter()
        .take(DEPTH)
        .map(|path| {
            let repeat = seen.iter().any(|earlier| corpus.near_duplicates(earlier, path));
            seen.push(path);
            if repeat {
                duplicates += 1;
                0
            } else {
                qrels.get(&(query.id.clone(), path.clone())).copied().unwrap_or(0)
            }
        })
        .collect();
    (gains, duplicates)
}

fn dcg(gains: &[u32]) -> f64 {
    gains
        .iter()
        .enumerate()
        .map(|(rank, &gain)| (2f64.powi(gain as i32) - 1.0) / (rank as f64 + 2.0).log2())
        .sum()
}

/// nDCG@10 of each query (a column) for each ranker (a row).
fn report_per_query(
    queries: &[Query],
    qrels: &HashMap<(String, String), u32>,
    rankers: &[(String, Vec<Run>)],
    corpus: &Corpus,
) {
    let ids: Vec<&str> = queries.iter().map(|query| query.id.as_str()).collect();
    println!("\n| ranker | {} |", ids.join(" | "));
    println!("|---|{}", "---|".repeat(ids.len()));
    for (name, runs) in rankers {
        let scores: Vec<String> = queries
            .iter()
            .zip(runs)
            .map(|(query, run)| format!("{:.2}", ndcg(query, run, qrels, corpus).0))
            .collect();
        println!("| {name} | {} |", scores.join(" | "));
    }
}

/// nDCG@10 of one run, and its gains and near-duplicate slots.
fn ndcg(
    query: &Query,
    run: &Run,
    qrels: &HashMap<(String, String), u32>,
    corpus: &Corpus,
) -> (f64, Vec<u32>, usize) {
    let (gains, repeats) = gains(query, run, qrels, corpus);
    let mut ideal: Vec<u32> = qrels
        .iter()
        .filter(|((id, path), _)| *id == query.id && *path != query.path)
        .map(|(_, &grade)| grade)
        .collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    ideal.truncate(DEPTH);
    let best = dcg(&ideal);
    let score = if best > 0.0 { dcg(&gains) / best } else { 0.0 };
    (score, gains, repeats)
}

fn report(
    queries: &[Query],
    qrels: &HashMap<(String, String), u32>,
    rankers: &[(String, Vec<Run>)],
    corpus: &Corpus,
) {
    println!("| ranker | nDCG@10 | P@10 | near-duplicate slots | unjudged slots |");
    println!("|---|---|---|---|---|");
    for (name, runs) in rankers {
        let (mut ndcg, mut precision, mut duplicates, mut slots, mut unjudged) =
            (0.0, 0.0, 0, 0, 0);
        for (query, run) in queries.iter().zip(runs) {
            let (score, gains, repeats) = self::ndcg(query, run, qrels, corpus);
            ndcg += score;
            precision += gains.iter().filter(|&&gain| gain > 0).count() as f64 / DEPTH as f64;
            duplicates += repeats;
            slots += run.len().min(DEPTH);
            unjudged += run
                .iter()
                .take(DEPTH)
                .filter(|path| !qrels.contains_key(&(query.id.clone(), (*path).clone())))
                .count();
        }
        let n = queries.len() as f64;
        println!(
            "| {name} | {:.3} | {:.3} | {:.1}% ({duplicates}/{slots}) | {unjudged} |",
            ndcg / n,
            precision / n,
            100.0 * duplicates as f64 / slots.max(1) as f64
        );
    }
}

fn print_pool(
    queries: &[Query],
    qrels: &HashMap<(String, String), u32>,
    rankers: &[(String, Vec<Run>)],
    corpus: &Corpus,
) {
    for (index, query) in queries.iter().enumerate() {
        let mut pooled = BTreeSet::new();
        for (_, runs) in rankers {
            for path in runs[index].iter().take(DEPTH) {
                if !qrels.contains_key(&(query.id.clone(), path.clone())) {
                    pooled.insert(path.clone());
                }
            }
        }
        for path in pooled {
            println!("{}\t{path}\t{}", query.id, corpus.opening(&path));
        }
    }
}

/// Every file of the collection as plain lower-cased words: the baselines' view.
struct Corpus {
    docs: Vec<PlainDoc>,
    by_path: HashMap<String, usize>,
    doc_freq: HashMap<String, u32>,
    postings: HashMap<String, Vec<(u32, u32)>>,
    average_len: f64,
}

struct PlainDoc {
    path: String,
    text: String,
    words: Vec<String>,
    counts: BTreeMap<String, u32>,
    norm: f64,
}

impl Corpus {
    fn read(sources: &Path) -> Corpus {
        let mut files = Vec::new();
        for root in ["seeds", "esf", "g0vse"] {
            walk(sources, Path::new(root), &mut files);
        }
        files.sort();
        let mut docs: Vec<PlainDoc> = files
            .into_iter()
            .filter_map(|path| {
                let bytes = std::fs::read(sources.join(&path)).ok()?;
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let words = plain_words(&text);
                let mut counts = BTreeMap::new();
                for word in &words {
                    *counts.entry(word.clone()).or_insert(0) += 1;
                }
                Some(PlainDoc { path, text, words, counts, norm: 0.0 })
            })
            .collect();
        let mut doc_freq: HashMap<String, u32> = HashMap::new();
        let mut postings: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
        for (number, doc) in docs.iter().enumerate() {
            for (word, &tf) in &doc.counts {
                *doc_freq.entry(word.clone()).or_insert(0) += 1;
                postings.entry(word.clone()).or_default().push((number as u32, tf));
            }
        }
        let n = docs.len() as f64;
        for doc in &mut docs {
            doc.norm = doc
                .counts
                .iter()
                .map(|(word, &tf)| tf_idf(tf, doc_freq[word], n).powi(2))
                .sum::<f64>()
                .sqrt();
        }
        let average_len = docs.iter().map(|doc| doc.words.len() as f64).sum::<f64>() / n;
        let by_path = docs.iter().enumerate().map(|(i, doc)| (doc.path.clone(), i)).collect();
        Corpus { docs, by_path, doc_freq, postings, average_len }
    }

    fn doc(&self, path: &str) -> &PlainDoc {
        let number = self.by_path.get(path).unwrap_or_else(|| panic!("no file {path}"));
        &self.docs[*number]
    }

    /// The best documents by `scores`, never the source or a copy of its text.
    fn ranked(&self, source: &str, scores: HashMap<u32, f64>) -> Run {
        let own = &self.doc(source).text;
        let mut ranked: Vec<(u32, f64)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        ranked
            .into_iter()
            .map(|(number, _)| &self.docs[number as usize])
            .filter(|doc| doc.path != source && doc.text != *own)
            .take(DEPTH)
            .map(|doc| doc.path.clone())
            .collect()
    }

    fn cosine(&self, source: &str) -> Run {
        let doc = self.doc(source);
        let n = self.docs.len() as f64;
        let mut scores: HashMap<u32, f64> = HashMap::new();
        for (word, &tf) in &doc.counts {
            let weight = tf_idf(tf, self.doc_freq[word], n);
            for &(other, other_tf) in &self.postings[word] {
                let theirs = tf_idf(other_tf, self.doc_freq[word], n);
                *scores.entry(other).or_default() += weight * theirs;
            }
        }
        for (other, score) in scores.iter_mut() {
            *score /= (doc.norm * self.docs[*other as usize].norm).max(f64::MIN_POSITIVE);
        }
        self.ranked(source, scores)
    }

    fn more_like_this(&self, source: &str) -> Run {
        let doc = self.doc(source);
        let n = self.docs.len() as f64;
        let mut terms: Vec<(&String, f64)> = doc
            .counts
            .iter()
            .filter(|(word, _)| self.doc_freq[*word] >= 2)
            .map(|(word, &tf)| (word, tf as f64 * idf(self.doc_freq[word], n)))
            .collect();
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        terms.truncate(MLT_TERMS);
        let top = terms.first().map(|(_, weight)| *weight).unwrap_or(1.0);
        let (k1, b) = (1.2, 0.75);
        let mut scores: HashMap<u32, f64> = HashMap::new();
        for (word, weight) in terms {
            let bm25_idf = (1.0
                + (n - self.doc_freq[word] as f64 + 0.5) / (self.doc_freq[word] as f64 + 0.5))
                .ln();
            for &(other, tf) in &self.postings[word] {
                let len = self.docs[other as usize].words.len() as f64;
                let tf = tf as f64;
                let norm = tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * len / self.average_len));
                *scores.entry(other).or_default() += weight / top * bm25_idf * norm;
            }
        }
        self.ranked(source, scores)
    }

    fn shingles(&self, path: &str) -> HashSet<Vec<&str>> {
        let words: Vec<&str> = self.doc(path).words.iter().map(String::as_str).collect();
        if words.len() < SHINGLE {
            return std::iter::once(words).collect();
        }
        words.windows(SHINGLE).map(<[&str]>::to_vec).collect()
    }

    fn near_duplicates(&self, a: &str, b: &str) -> bool {
        if !self.by_path.contains_key(a) || !self.by_path.contains_key(b) {
            return false;
        }
        let (a, b) = (self.shingles(a), self.shingles(b));
        let shared = a.intersection(&b).count() as f64;
        let union = (a.len() + b.len()) as f64 - shared;
        union > 0.0 && shared / union >= DUPLICATE_JACCARD
    }

    /// The title and opening of a document on one line, for judging.
    fn opening(&self, path: &str) -> String {
        let Some(number) = self.by_path.get(path) else { return "(not in the walk)".into() };
        let doc = &self.docs[*number];
        let text: String = doc.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let cut: String = text.chars().take(600).collect();
        format!("[{} words] {cut}", doc.words.len())
    }
}

fn walk(sources: &Path, relative: &Path, files: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(sources.join(relative)) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = relative.join(&name);
        if sources.join(&path).is_dir() {
            walk(sources, &path, files);
        } else {
            files.push(path.to_string_lossy().into_owned());
        }
    }
}

fn plain_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= 2 && !word.chars().any(|c| c.is_numeric()))
        .map(str::to_lowercase)
        .collect()
}

fn idf(doc_freq: u32, n: f64) -> f64 {
    (n / doc_freq as f64).ln()
}

fn tf_idf(tf: u32, doc_freq: u32, n: f64) -> f64 {
    (1.0 + (tf as f64).ln()) * idf(doc_freq, n)
}
