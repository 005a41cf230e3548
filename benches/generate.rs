//! Writes N synthetic ESF project pages for the scale benchmark: the real page format, facets
//! drawn from the kommun gazetteer, sections of realistic length built from the vocabulary of a
//! real Swedish corpus with its word frequencies. Deterministic for a given seed.
//!
//! `cargo run --release --example generate -- N OUT_DIR CORPUS_DIR [SEED]`
//! (pages go 1,000 to a folder: OUT_DIR/0000/000000.txt …)

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use projsok::output::human::sek;
use projsok::places::{kommuner, kommuner_in_region, REGIONS};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Corpus files read to learn the vocabulary; enough for stable frequencies.
const VOCABULARY_FILES: usize = 5_000;
const VOCABULARY_WORDS: usize = 60_000;

struct Vocabulary {
    words: Vec<String>,
    /// Cumulative frequencies, for sampling by binary search.
    cumulative: Vec<u64>,
}

impl Vocabulary {
    fn learn(corpus: &Path) -> Vocabulary {
        let mut files = Vec::new();
        collect(corpus, &mut files);
        files.sort();
        let step = (files.len() / VOCABULARY_FILES).max(1);
        let mut counts: HashMap<String, u64> = HashMap::new();
        for file in files.iter().step_by(step) {
            let Ok(text) = std::fs::read_to_string(file) else { continue };
            for word in text.split(|c: char| !c.is_alphabetic()).filter(|w| w.chars().count() > 1) {
                *counts.entry(word.to_lowercase()).or_insert(0) += 1;
            }
        }
        let mut ranked: Vec<(String, u64)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        ranked.truncate(VOCABULARY_WORDS);
        let mut total = 0;
        let cumulative = ranked
            .iter()
            .map(|(_, count)| {
                total += count;
                total
            })
            .collect();
        Vocabulary { words: ranked.into_iter().map(|(word, _)| word).collect(), cumulative }
    }

    fn word(&self, rng: &mut StdRng) -> &str {
        let total = *self.cumulative.last().expect("a vocabulary");
        let target = rng.random_range(0..total);
        let index = self.cumulative.partition_point(|&sum| sum <= target);
        &self.words[index.min(self.words.len() - 1)]
    }

    fn paragraph(&self, rng: &mut StdRng, words: usize) -> String {
        let mut out = String::new();
        let mut left = words;
        while left > 0 {
            let sentence = rng.random_range(8..20).min(left);
            for n in 0..sentence {
                let word = self.word(rng);
                if n == 0 {
                    let mut chars = word.chars();
                    if let Some(first) = chars.next() {
                        out.extend(first.to_uppercase());
                        out.push_str(chars.as_str());
                    }
                } else {
                    out.push(' ');
                    out.push_str(word);
                }
            }
            out.push_str(". ");
            left -= sentence;
        }
        out.trim_end().to_string()
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn page(vocabulary: &Vocabulary, rng: &mut StdRng, n: usize) -> String {
    let region = REGIONS[rng.random_range(0..REGIONS.len())];
    let candidates = kommuner_in_region(region);
    let count = rng.random_range(1..=candidates.len().min(6));
    let mut chosen: Vec<&str> =
        (0..count).map(|_| candidates[rng.random_range(0..candidates.len())].name).collect();
    chosen.sort();
    chosen.dedup();
    let phase = if rng.random_bool(0.3) { "Förprojektering" } else { "Genomförande" };
    let program = if rng.random_bool(0.5) {
        "Programområde 1 Kompetensförsörjning"
    } else {
        "Programområde 2 Ökat arbetskraftsutbud"
    };
    let grant: u64 = rng.random_range(100_000..10_000_000);
    let budget = grant + rng.random_range(0..grant * 2);
    let year = rng.random_range(2008..2015);
    let months = rng.random_range(6..36);
    let (end_year, end_month) = (year + (months / 12), 1 + months % 12);
    let title_words = rng.random_range(3..8);
    let title = vocabulary.paragraph(rng, title_words);
    let mut out = String::new();
    let _ = write!(
        out,
        "Logotyp på utskrifter\n\n{} (projekt {n})\n\nProgramområde{program}\nProjektfas{phase}\n\
         ProjektägareKommun {}\nKontaktpersonsaknas\nE-postinfo{n}@example.se\n\
         Telefonnummer010-{n:06}\nBeviljat ESF-stöd{}\nTotal projektbudget{}\n\
         Projektperiod{year}-02-01 till {end_year}-{end_month:02}-28\nRegion{region}\nIn English\n\n",
        title.trim_end_matches('.'),
        chosen[0],
        sek(grant),
        sek(budget),
    );
    let sections = [
        ("Sammanfattning", 60..120),
        ("Bakgrund", 200..500),
        ("Syfte", 40..100),
        ("Målsättning", 50..150),
        ("Tillgänglighet för personer med funktionsnedsättning", 40..80),
        ("Jämställdhetsintegrering", 40..80),
        ("Transnationellt samarbete", 20..40),
    ];
    for (heading, words) in sections {
        let length = rng.random_range(words);
        let _ = write!(out, "{heading}\n\n{}\n\n", vocabulary.paragraph(rng, length));
    }
    out.push_str("Kommun\n\n");
    for kommun in chosen {
        let _ = writeln!(out, " • {kommun}");
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: generate N OUT_DIR CORPUS_DIR [SEED]");
        std::process::exit(2);
    }
    let count: usize = args[1].parse().expect("N is a number");
    let out = PathBuf::from(&args[2]);
    let seed: u64 = args.get(4).map(|s| s.parse().expect("SEED is a number")).unwrap_or(7);
    assert_eq!(kommuner().len(), 290, "the gazetteer");
    let vocabulary = Vocabulary::learn(Path::new(&args[3]));
    let mut rng = StdRng::seed_from_u64(seed);
    let mut bytes = 0;
    for n in 0..count {
        let folder = out.join(format!("{:04}", n / 1000));
        if n % 1000 == 0 {
            std::fs::create_dir_all(&folder).expect("create output folder");
        }
        let text = page(&vocabulary, &mut rng, n);
        bytes += text.len();
        std::fs::write(folder.join(format!("{n:06}.txt")), text).expect("write page");
    }
    println!("{count} pages, {bytes} bytes");
}
