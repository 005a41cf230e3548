//! Sentence alignment against the judged set in `benches/alignment/`: ten page pairs written
//! for it (versions of one project, one problem in other words, different problems) whose
//! corresponding sentences were marked by reading before the aligner ran on them
//! (`judged.tsv`). Reports precision and recall of `compare --align` at its thresholds, per
//! kind of pair, the problem-description cosine of each pair (which the cluster threshold of
//! the matrix is read from), and a sweep of the thresholds, from which they were chosen.
//!
//! ```sh
//! cargo bench --bench alignment                          # seeds + the judged pages
//! PROJSOK_G0VSE=<g0vse folder> cargo bench --bench alignment   # with g0vse's idf as well
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use projsok::analysis::synonyms::Synonyms;
use projsok::index::writer::BuildOptions;
use projsok::ingest::build;
use projsok::search::compare::align::{align_with, Thresholds};
use projsok::search::compare::matrix::{matrix, CLUSTER_SIMILARITY};
use projsok::search::similar::find;
use projsok::search::vectors::DocFreqs;
use projsok::search::Engine;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

struct Judged {
    kind: String,
    a_sentences: usize,
    b_sentences: usize,
    links: BTreeSet<(usize, usize)>,
}

fn read_judged() -> BTreeMap<String, Judged> {
    let path = Path::new(ROOT).join("benches/alignment/judged.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path:?}: {err}"));
    let mut pairs: BTreeMap<String, Judged> = BTreeMap::new();
    for line in text.lines().filter(|line| !line.starts_with('#') && !line.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), 6, "{line}");
        let judged = pairs.entry(cells[0].to_string()).or_insert_with(|| Judged {
            kind: cells[1].to_string(),
            a_sentences: cells[2].parse().unwrap(),
            b_sentences: cells[3].parse().unwrap(),
            links: BTreeSet::new(),
        });
        if cells[4] != "-" {
            judged.links.insert((cells[4].parse().unwrap(), cells[5].parse().unwrap()));
        }
    }
    assert_eq!(pairs.len(), 10, "ten judged pairs");
    pairs
}

fn build_index(work: &Path) -> Engine {
    let dir = work.join("index");
    let here = std::env::current_dir().unwrap();
    std::env::set_current_dir(ROOT).unwrap();
    let mut paths = vec![PathBuf::from("seeds"), PathBuf::from("benches/alignment/pages")];
    if let Some(corpus) = std::env::var_os("PROJSOK_G0VSE") {
        paths.push(PathBuf::from(corpus));
    }
    let summary = build(&paths, &dir, BuildOptions::default()).expect("index the judged pages");
    std::env::set_current_dir(here).unwrap();
    eprintln!("indexed {} documents", summary.indexed);
    Engine::open(&dir).expect("open the new index")
}

#[derive(Default, Clone, Copy)]
struct Counts {
    found: usize,
    right: usize,
    judged: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.found += other.found;
        self.right += other.right;
        self.judged += other.judged;
    }
    fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.right as f64 / self.found as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.judged == 0 {
            1.0
        } else {
            self.right as f64 / self.judged as f64
        }
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn main() {
    let judged = read_judged();
    let work = std::env::temp_dir().join(format!("projsok-alignment-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let engine = build_index(&work);
    let index = engine.index();
    let searcher = index.searcher();
    let freqs = DocFreqs::new(&searcher, &index.fields);
    let synonyms = Synonyms::built_in();
    let docs: BTreeMap<String, _> = judged
        .keys()
        .map(|pair| {
            let side = |s: &str| {
                find(index, &searcher, &format!("benches/alignment/pages/{pair}_{s}.txt"))
                    .unwrap()
                    .0
            };
            (pair.clone(), (side("a"), side("b")))
        })
        .collect();

    let run = |thresholds: Thresholds| -> BTreeMap<String, Counts> {
        let mut by_pair = BTreeMap::new();
        for (pair, (a, b)) in &docs {
            let alignment = align_with(a, b, None, &freqs, &synonyms, thresholds).unwrap();
            let truth = &judged[pair];
            assert_eq!(
                (alignment.a_sentences.len(), alignment.b_sentences.len()),
                (truth.a_sentences, truth.b_sentences),
                "pair {pair}: the splitter disagrees with the judged sentence count"
            );
            let found: BTreeSet<(usize, usize)> =
                alignment.pairs.iter().map(|pair| (pair.a, pair.b)).collect();
            let right = found.intersection(&truth.links).count();
            by_pair.insert(
                pair.clone(),
                Counts { found: found.len(), right, judged: truth.links.len() },
            );
        }
        by_pair
    };

    let shipped = run(Thresholds::DEFAULT);
    println!(
        "Sentence alignment, judged set (min score {:.2}, min shared forms {}):\n",
        Thresholds::DEFAULT.min_score,
        Thresholds::DEFAULT.min_shared
    );
    println!("pair  kind                 judged  found  right  precision  recall  cosine");
    let mut by_kind: BTreeMap<String, Counts> = BTreeMap::new();
    let mut total = Counts::default();
    let pair_docs: Vec<_> = docs.values().flat_map(|(a, b)| [a.clone(), b.clone()]).collect();
    let cosines = matrix(pair_docs, None, &freqs).unwrap();
    for (number, (pair, counts)) in shipped.iter().enumerate() {
        let kind = &judged[pair].kind;
        let cosine = cosines.scores[2 * number][2 * number + 1].unwrap_or_default();
        println!(
            "{pair}    {kind:<20} {:>6} {:>6} {:>6} {:>10.2} {:>7.2} {:>7.2}",
            counts.judged,
            counts.found,
            counts.right,
            counts.precision(),
            counts.recall(),
            cosine
        );
        by_kind.entry(kind.clone()).or_default().add(*counts);
        total.add(*counts);
    }
    println!();
    for (kind, counts) in &by_kind {
        println!(
            "{kind:<20} precision {:.2}  recall {:.2}  ({} found, {} right, {} judged)",
            counts.precision(),
            counts.recall(),
            counts.found,
            counts.right,
            counts.judged
        );
    }
    println!(
        "{:<20} precision {:.2}  recall {:.2}  F1 {:.2}",
        "all",
        total.precision(),
        total.recall(),
        total.f1()
    );
    let kinds: Vec<(&str, f32)> = judged
        .values()
        .enumerate()
        .map(|(n, j)| (j.kind.as_str(), cosines.scores[2 * n][2 * n + 1].unwrap_or_default()))
        .collect();
    let related_min = kinds
        .iter()
        .filter(|(k, _)| *k != "different problems")
        .map(|(_, c)| *c)
        .fold(1.0, f32::min);
    let different_max = kinds
        .iter()
        .filter(|(k, _)| *k == "different problems")
        .map(|(_, c)| *c)
        .fold(0.0, f32::max);
    println!(
        "\ncosine: lowest related pair {related_min:.3}, highest unrelated pair {different_max:.3}, \
         cluster threshold {CLUSTER_SIMILARITY}"
    );

    println!("\nsweep: min score × min shared forms → precision / recall / F1");
    let mut best = (0.0, Thresholds::DEFAULT);
    for min_shared in 1..=3 {
        let mut line = format!("shared ≥ {min_shared}:");
        for step in 1..=9 {
            let min_score = step as f32 * 0.05;
            let mut counts = Counts::default();
            for pair_counts in run(Thresholds { min_score, min_shared }).values() {
                counts.add(*pair_counts);
            }
            line.push_str(&format!(
                "  {min_score:.2} {:.2}/{:.2}/{:.2}",
                counts.precision(),
                counts.recall(),
                counts.f1()
            ));
            if counts.f1() > best.0 + 1e-9 {
                best = (counts.f1(), Thresholds { min_score, min_shared });
            }
        }
        println!("{line}");
    }
    println!(
        "best F1 {:.2} at min score {:.2}, min shared {}",
        best.0, best.1.min_score, best.1.min_shared
    );
    let _ = std::fs::remove_dir_all(&work);
}
