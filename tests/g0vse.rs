//! The must-holds of `similar` and `compare` with realistic term weights, and a sweep of the
//! search path over words and phrases no one chose: the seeds indexed together with the g0vse
//! corpus (44 397 Markdown documents of the Swedish government).
//!
//! The corpus archive lies beside the repository, in `../shared/corpora/`. Without it the
//! tests print a skip notice (past the test harness's capture, so that it shows) and pass;
//! with the environment variable `CI` set they fail instead. The archive is extracted with the
//! system `tar` and indexed once per run of this binary, into `g0vse/` under cargo's
//! `CARGO_TARGET_TMPDIR`, replaced by the next run; the extracted text is read for its most
//! frequent words and sample phrases and removed once indexed.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use crate::common::wire::Compare;
use crate::common::wire::Similar;
use crate::common::wire::{self, Facets, Search};
use crate::common::{copy_tree, files_under, S000, S001, S002, S004, SEEDS};
use projsok::analysis::synonyms::Synonyms;
use projsok::index::schema;
use projsok::output::{human, Style};
use projsok::search::query::INFLECTIONS;
use projsok::search::terms::{self, Against, Counting, TermsRequest};
use projsok::search::{self, Request};

const ARCHIVE: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/g0vse-regeringen.tar.gz");

/// How many of the corpus's most frequent words the sweep searches.
const SWEEP_WORDS: usize = 3000;
/// How many two-word phrases (taken from documents spread over the corpus) it searches.
const SWEEP_PHRASES: usize = 300;

/// The indexed corpus and what the sweep searches in it.
struct Corpus {
    /// The folder holding `index/` built from `seeds/` and `g0vse/`.
    dir: PathBuf,
    /// The corpus's most frequent words (lower case), most frequent first.
    words: Vec<String>,
    /// Two adjacent words of documents spread over the corpus, one phrase a document.
    phrases: Vec<String>,
}

/// The indexed corpus, or `None` (after saying so) without the archive. Under CI a missing
/// archive is a failure: a suite that passes by skipping proves nothing.
fn corpus() -> Option<&'static Corpus> {
    // A failed build is kept too: every test retrying a 90-second build that failed (a full
    // disk, say) made one failure cost twenty minutes.
    static CORPUS: OnceLock<Result<Option<Corpus>, String>> = OnceLock::new();
    let built = CORPUS.get_or_init(|| {
        std::panic::catch_unwind(|| {
            if extracted_corpus().is_none() && !Path::new(ARCHIVE).is_file() {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "CI is set and the corpus archive {ARCHIVE} is missing: the g0vse tests cannot run"
                );
                // Straight to the stream: the harness shows captured output only on failure.
                let _ = writeln!(
                    std::io::stderr(),
                    "tests/g0vse.rs: SKIPPED, no corpus at {ARCHIVE} (with CI set this fails)"
                );
                return None;
            }
            Some(build())
        })
        .map_err(|payload| {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|text| text.to_string()));
            message.unwrap_or_else(|| "a panic without a message".to_string())
        })
    });
    match built {
        Ok(corpus) => corpus.as_ref(),
        Err(message) => panic!("the g0vse corpus could not be indexed: {message}"),
    }
}

/// The corpus already extracted, where `PROJSOK_G0VSE` names its `g0vse` folder (as
/// tests/parser_counts.rs takes it).
fn extracted_corpus() -> Option<PathBuf> {
    std::env::var_os("PROJSOK_G0VSE").map(PathBuf::from).filter(|folder| folder.is_dir())
}

fn build() -> Corpus {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("g0vse");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove the last run's corpus");
    }
    let seeds = dir.join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    for entry in std::fs::read_dir(SEEDS).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), seeds.join(entry.file_name())).unwrap();
    }
    let started = Instant::now();
    let status = match extracted_corpus() {
        // A copy, since the build removes the corpus it read.
        Some(folder) => {
            Command::new("cp").arg("-R").arg(&folder).arg(dir.join("g0vse")).status().expect("cp")
        }
        None => {
            Command::new("tar").arg("-xzf").arg(ARCHIVE).arg("-C").arg(&dir).status().expect("tar")
        }
    };
    assert!(status.success(), "reading the corpus from {ARCHIVE} or PROJSOK_G0VSE failed");
    let extracted = started.elapsed();
    // The words are counted while the index is built.
    let (output, (words, phrases)) = std::thread::scope(|scope| {
        let sampled = scope.spawn(|| words_and_phrases(&dir.join("g0vse")));
        let output = projsok(&dir, &["index", "seeds", "g0vse"]);
        (output, sampled.join().expect("count the corpus's words"))
    });
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary = stderr.lines().last().unwrap_or_default();
    eprintln!("g0vse: extracted in {:.1} s; {summary}", extracted.as_secs_f64());
    write_colon_words(&dir.join("g0vse"), &dir.join(COLON_WORDS));
    std::fs::remove_dir_all(dir.join("g0vse")).expect("remove the extracted corpus");
    Corpus { dir, words, phrases }
}

/// Words so frequent that a phrase of two of them says nothing (and may be all stop words).
const COMMON_WORDS: usize = 100;

/// The [`SWEEP_WORDS`] most frequent words of the corpus (runs of letters of at least two,
/// lower-cased; ties by the word) and [`SWEEP_PHRASES`] phrases: from documents evenly spread
/// over the corpus, the two adjacent words (at least three letters each, one space between,
/// not both stop words or among the [`COMMON_WORDS`] most frequent) nearest to the middle of
/// the text.
fn words_and_phrases(dir: &Path) -> (Vec<String>, Vec<String>) {
    let files = files_under(dir);
    let every = (files.len() / SWEEP_PHRASES).max(1);
    let mut counts: HashMap<String, u64> = HashMap::new();
    // Per sampled document, its adjacent word pairs, nearest to the middle first.
    let mut samples: Vec<Vec<(String, String)>> = Vec::new();
    for (number, file) in files.iter().enumerate() {
        let Ok(text) = std::fs::read_to_string(file) else { continue };
        for word in text.split(|c: char| !c.is_alphabetic()) {
            if word.chars().nth(1).is_none() {
                continue;
            }
            if word.chars().any(char::is_uppercase) {
                *counts.entry(word.to_lowercase()).or_default() += 1;
            } else if let Some(count) = counts.get_mut(word) {
                *count += 1;
            } else {
                counts.insert(word.to_string(), 1);
            }
        }
        if number % every == 0 {
            let raw: Vec<&str> = text.split(' ').collect();
            let is_word =
                |word: &str| word.chars().count() >= 3 && word.chars().all(char::is_alphabetic);
            let middle = raw.len() / 2;
            let mut pairs: Vec<usize> = (0..raw.len().saturating_sub(1))
                .filter(|&at| is_word(raw[at]) && is_word(raw[at + 1]))
                .collect();
            pairs.sort_by_key(|&at| at.abs_diff(middle));
            samples.push(
                pairs.iter().map(|&at| (raw[at].to_string(), raw[at + 1].to_string())).collect(),
            );
        }
    }
    let mut ranked: Vec<(String, u64)> = counts.into_iter().collect();
    ranked.sort_by(|(a, a_count), (b, b_count)| b_count.cmp(a_count).then_with(|| a.cmp(b)));
    let words: Vec<String> = ranked.into_iter().take(SWEEP_WORDS).map(|(word, _)| word).collect();
    let common = &words[..COMMON_WORDS.min(words.len())];
    // A stop word ("han", "dem") is common whatever its rank: a phrase of two finds nothing.
    let is_common = |word: &str| {
        common.contains(&word.to_lowercase())
            || projsok::analysis::tokens(projsok::analysis::SV_QUERY, word).is_empty()
    };
    let mut phrases = Vec::new();
    // A sampled document without such a pair passes its phrase on to the next one.
    let mut owed = 0;
    for pairs in samples {
        let mut wanted = 1 + owed;
        for (first, second) in pairs {
            if wanted == 0 {
                break;
            }
            if !(is_common(&first) && is_common(&second)) {
                phrases.push(format!("{first} {second}"));
                wanted -= 1;
            }
        }
        owed = wanted;
    }
    phrases.truncate(SWEEP_PHRASES);
    (words, phrases)
}

/// The file in the corpus folder listing every distinct `X:ending` word of the corpus texts
/// (see [`colon_words`]), written while the texts are there.
const COLON_WORDS: &str = "colon-words.txt";

fn write_colon_words(texts: &Path, list: &Path) {
    let mut found = std::collections::BTreeSet::new();
    let mut folders = vec![texts.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                found.extend(colon_words(&text));
            }
        }
    }
    let lines: Vec<String> = found.into_iter().collect();
    std::fs::write(list, lines.join("\n")).unwrap();
}

/// Words of letters or digits, a colon and lower-case letters (`ESF:s`, `Maj:ts`, `19:e`,
/// `mailto:ud`), standing alone: what a user copies out of a text into a query.
fn colon_words(text: &str) -> Vec<String> {
    let is_word = |c: char| c.is_alphanumeric();
    let mut out = Vec::new();
    for piece in text.split(|c: char| !is_word(c) && c != ':') {
        let Some((head, tail)) = piece.split_once(':') else { continue };
        if !head.is_empty()
            && !tail.is_empty()
            && tail.chars().all(char::is_lowercase)
            && head.chars().all(is_word)
        {
            out.push(piece.to_string());
        }
    }
    out
}

fn projsok(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_projsok"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("XDG_CONFIG_HOME", dir.join("no-config"))
        .output()
        .expect("run projsok")
}

/// Runs and decodes `projsok ARGS --json`; `None` without the corpus.
fn json<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(
    args: &[&str],
) -> Option<T> {
    let corpus = corpus()?;
    let mut all = args.to_vec();
    all.push("--json");
    let output = projsok(&corpus.dir, &all);
    assert!(
        output.status.success(),
        "projsok {all:?}:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(wire::decode(&output.stdout))
}

fn paths(result: &Similar) -> Vec<&str> {
    result.hits.iter().map(|hit| hit.path.as_str()).collect()
}

#[test]
fn the_newcomer_projects_are_each_others_nearest_neighbour() {
    // Seed 000's nearest is seed 004 (refugees' integration in the inland kommuner), then
    // seed 001: the judged related-documents set (benches/related/qrels.tsv) grades both 2
    // for seed 000. By words alone the OECD study of foreign-born women's establishment
    // (graded 1) came between them; its meaning is further from seed 000's (0.57 against
    // 0.84).
    let Some(from_000) = json::<Similar>(&["similar", S000]) else { return };
    assert_eq!(paths(&from_000)[..2], [S004, S001], "{:#?}", paths(&from_000));
    assert!(!paths(&from_000).contains(&S000));
    let Some(from_001) = json::<Similar>(&["similar", S001]) else { return };
    assert_eq!(paths(&from_001)[0], S000, "{:#?}", paths(&from_001));
    assert!(!paths(&from_001).contains(&S001));
}

#[test]
fn the_problem_description_alone_finds_the_same_neighbour() {
    // Seed 000 without its header, kommun list and boilerplate sections: only the title and
    // Sammanfattning, Bakgrund, Syfte and Målsättning. The indexed page itself is a version of
    // the text (its problem description is the same), listed apart; the neighbours are the
    // page's own: seed 004 first (graded 2 for seed 000 in benches/related/qrels.tsv).
    let seed = std::fs::read_to_string(Path::new(SEEDS).join("000_cea40166ddf3072c.txt")).unwrap();
    let from = seed.find("Sammanfattning").unwrap();
    let to = seed.find("Tillgänglighet för personer").unwrap();
    let text = format!("N till N - från nyanländ till nyanställd\n\n{}", &seed[from..to]);
    let Some(result) = json::<Similar>(&["similar", "--limit", "3", "--text", &text]) else {
        return;
    };
    assert_eq!(result.source, None);
    assert_eq!(result.versions.len(), 1, "{:?}", result.versions);
    assert_eq!(result.versions[0].path, S000);
    assert!(result.versions[0].score.is_some_and(|score| score > 0.9), "{:?}", result.versions);
    assert_eq!(paths(&result)[0], S004);
    assert!(!paths(&result).contains(&S000));
}

#[test]
fn the_concepts_weigh_every_hit_and_link_different_words_of_one_problem() {
    let Some(result) = json::<Similar>(&["similar", S000]) else { return };
    for hit in &result.hits {
        let parts = &hit.similarity;
        let concepts = parts.concepts.unwrap_or_else(|| panic!("{} has no meaning", hit.path));
        let score = hit.score.unwrap();
        let product = parts.words * concepts.max(0.0).sqrt() * parts.substance;
        assert!((score - product).abs() < 1e-6, "{hit:?}");
    }
    // Seed 001 (the Stockholm establishment project) and seed 000 say "matchning" and
    // "arbetslinjen", "anställningsbarhet" and "validering": different words, used together.
    let Some(output) = run(&["similar", S000, "--limit", "2", "--explain"]) else { return };
    let text = String::from_utf8(output.stdout).unwrap();
    let linked: Vec<&str> = text.lines().filter(|line| line.contains("Linked:")).collect();
    assert_eq!(
        linked,
        [
            "   Linked: validering ~ kompetensutveckling",
            "   Linked: arbetslinjen ~ matchning, validering ~ anställningsbarhet, undervisningen ~ \
             tillgodogöra",
        ],
        "{text}"
    );
    assert!(text.contains("   Score: words 0,16 × meaning 0,84\n"), "{text}");
}

#[test]
fn an_index_without_its_concepts_file_ranks_by_words_and_says_so() {
    let Some(Corpus { dir, .. }) = corpus() else {
        eprintln!("skipped: no corpus at {ARCHIVE}");
        return;
    };
    let copy = tempfile::tempdir().unwrap();
    let index = copy.path().join("index");
    copy_tree(&dir.join("index"), &index);
    let file = files_under(&index).into_iter().find(|path| path.ends_with("concepts.bin"));
    std::fs::remove_file(file.expect("the index has concepts.bin")).unwrap();
    let index_arg = index.to_string_lossy().into_owned();
    let output = projsok(dir, &["similar", S000, "--json", "--index", &index_arg]);
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    let told = "projsok: the index has no readable concepts.bin: neighbours are ranked by shared \
                words alone; rebuild with: projsok index FOLDER... --index ";
    assert!(stderr.starts_with(told), "{stderr}");
    let result: Similar = wire::decode(&output.stdout);
    assert_eq!(paths(&result)[0], S004);
    assert!(result.hits.iter().all(|hit| hit.similarity.concepts.is_none()));
}

#[test]
fn compare_finds_the_common_kommuner_and_shared_problem_terms() {
    let Some(result) = json::<Compare>(&["compare", S000, S002]) else { return };
    assert_eq!(result.kommuner_common.len(), 29);
    assert_eq!(result.kommuner_common.first().map(String::as_str), Some("Arjeplog"));
    let background = result.sections.iter().find(|s| s.section == "background").unwrap();
    for term in ["födda", "invandrare", "arbetsmarknaden"] {
        assert!(background.shared_terms.contains(&term.to_string()), "{background:?}");
    }
    let purpose = result.sections.iter().find(|s| s.section == "purpose").unwrap();
    assert!(!purpose.shared_terms.is_empty(), "{purpose:?}");
}

#[test]
fn government_documents_find_neighbours_on_their_topic() {
    // Read and judged by hand: every expected neighbour is about the source's topic.
    let cases: [(&str, &[&str]); 2] = [
        (
            // An assignment to secure influenza vaccine for a pandemic: the renewed assignment
            // of 2025, the press release of 2025 (words 0.58, meaning 0.46: half of it is on
            // bird flu among animals, H5N1) and the pandemic vaccine assignment of 2015 (as
            // short as the source, so not damped as a thin page; words 0.37, meaning 0.96).
            "g0vse/regeringsuppdrag/2019/03/uppdrag-att-sakerstalla-tillgangen-pa-influensavaccin.md",
            &[
                "g0vse/regeringsuppdrag/2025/01/uppdrag-till-folkhalsomyndigheten-att-sakerstalla-tillgangen-till-influensavaccin.md",
                "g0vse/pressmeddelanden/2025/01/uppdrag-for-att-sakerstalla-tillgang-till-influensavaccin-vid-pandemier.md",
                "g0vse/regeringsuppdrag/2015/02/uppdrag-att-sakerstalla-tillgangen-till-pandemivaccin.md",
            ],
        ),
        (
            // The government's measures against honour-related violence and crime: the
            // article listing the same crime-prevention measures comes first.
            "g0vse/artiklar/2023/10/regeringens-satsningar-for-att-bekampa-hedersrelaterat-vald-och-forebygga-brott.md",
            &["g0vse/artiklar/2023/11/breda-satsningar-ska-forebygga-brott.md"],
        ),
    ];
    for (source, expected) in cases {
        let Some(result) = json::<Similar>(&["similar", source, "--limit", "5"]) else { return };
        assert_eq!(paths(&result)[..expected.len()], *expected, "{source}");
    }
    // An assignment on the establishment of newcomers (etableringsuppdraget): first the two
    // latest assignments to the state agencies to take newcomers in for internships (praktik),
    // a part of the establishment they share in meaning (0.90, 0.85), then the directive to
    // the delegation for young people and newcomers into work, whose words are nearer but
    // whose meaning is wider (0.66); all five nearest share the word "nyanlända".
    let source =
        "g0vse/regeringsuppdrag/2017/06/uppdrag-att-forbattra-genomforandet-av-etableringsuppdraget.md";
    let Some(result) = json::<Similar>(&["similar", source, "--limit", "5"]) else { return };
    let titles: Vec<&str> = result.hits.iter().map(|hit| hit.title.as_str()).collect();
    assert!(
        titles[..2].iter().all(|title| title.contains("nyanlända arbetssökande för praktik")),
        "{titles:?}"
    );
    assert_eq!(titles[2], "Tilläggsdirektiv till Delegationen för unga och nyanlända till arbete");
    for hit in &result.hits {
        assert!(hit.terms.contains(&"nyanlända".to_string()), "{}: {:?}", hit.title, hit.terms);
    }
    // Filters only ESF projects meet leave only seeds as neighbours of a government text.
    let Some(filtered) =
        json::<Similar>(&["similar", source, "--region", "Övre Norrland", "--min-grant", "1"])
    else {
        return;
    };
    assert!(!filtered.hits.is_empty());
    assert!(
        paths(&filtered).iter().all(|path| path.starts_with("seeds/")),
        "{:?}",
        paths(&filtered)
    );
}

// ---------------------------------------------------------------------------------------------
// The search path on text no one chose

/// The (limit, offset) pages the sweep renders: the default page and a deep one.
const SWEEP_PAGES: [(usize, usize); 2] = [(10, 0), (10, 100)];

/// Searches `query` on one page in process and renders it as `search` and `search --json`
/// do; panics (naming the query) on an error or output that is not what it must be. Returns
/// the total.
fn search_and_render(
    index: &projsok::search::Engine,
    synonyms: &Synonyms,
    query: &str,
    (limit, offset): (usize, usize),
) -> usize {
    let request = Request { query: query.to_string(), limit, offset, ..Request::default() };
    let results = search::search(index, synonyms, &request)
        .unwrap_or_else(|error| panic!("search {query:?} at offset {offset}: {error}"));
    assert_eq!(results.hits.len(), results.total.saturating_sub(offset).min(limit), "{query:?}");

    let mut human = Vec::new();
    human::write_search(&mut human, &results, offset, Style { color: false }).unwrap();
    let human = String::from_utf8(human).unwrap_or_else(|_| panic!("{query:?}: human not UTF-8"));
    assert!(!human.contains(|c: char| c.is_control() && c != '\n'), "{query:?}:\n{human}");
    let headings: Vec<&str> =
        human.lines().filter(|line| line.starts_with(|c: char| c.is_ascii_digit())).collect();
    for (rank, hit) in results.hits.iter().enumerate() {
        let heading = format!("{}. {}  score ", offset + rank + 1, hit.doc.title);
        assert!(
            headings.get(rank).is_some_and(|line| line.starts_with(&heading)),
            "{query:?}:\n{human}"
        );
        if let Some(snippet) = &hit.snippet {
            let line = format!("   {}: ", snippet.section.heading());
            assert!(human.contains(&line), "{query:?}: no snippet line {line:?}:\n{human}");
            for &(from, to) in &snippet.highlights {
                assert!(
                    from < to && snippet.text.get(from..to).is_some(),
                    "{query:?}: {snippet:?}"
                );
            }
        }
    }

    let mut json = Vec::new();
    let wire = projsok::output::json::Search::new(query, &results);
    projsok::output::write_json(&mut json, &wire).unwrap();
    assert_eq!(json.iter().filter(|&&byte| byte == b'\n').count(), 1, "{query:?}: not one line");
    let decoded: Search = serde_json::from_slice(&json)
        .unwrap_or_else(|error| panic!("{query:?}: JSON does not decode: {error}"));
    assert_eq!(decoded.total, results.total, "{query:?}");
    let decoded_paths: Vec<&str> = decoded.hits.iter().map(|hit| hit.path.as_str()).collect();
    let paths: Vec<&str> = results.hits.iter().map(|hit| hit.doc.path.as_str()).collect();
    assert_eq!(decoded_paths, paths, "{query:?}");
    results.total
}

/// Every one of the corpus's most frequent words and a phrase of documents all over it, on the
/// default page and a deep one, with snippets, rendered human and JSON: nothing panics, and
/// every output is whole. A phrase found in a document finds at least that document.
#[test]
fn the_most_frequent_words_and_sampled_phrases_search_and_render() {
    let Some(corpus) = corpus() else { return };
    assert_eq!(corpus.words.len(), SWEEP_WORDS);
    assert_eq!(corpus.phrases.len(), SWEEP_PHRASES);
    let index = projsok::search::Engine::open(&corpus.dir.join("index")).unwrap();
    let synonyms = Synonyms::built_in();
    let phrases: Vec<String> =
        corpus.phrases.iter().map(|phrase| format!("\"{phrase}\"")).collect();
    let queries: Vec<&str> = corpus.words.iter().chain(&phrases).map(String::as_str).collect();
    let started = Instant::now();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    let totals: Vec<usize> = std::thread::scope(|scope| {
        let workers: Vec<_> = queries
            .chunks(queries.len().div_ceil(threads))
            .map(|chunk| {
                let (index, synonyms) = (&index, &synonyms);
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|query| {
                            SWEEP_PAGES
                                .iter()
                                .map(|&page| search_and_render(index, synonyms, query, page))
                                .max()
                                .unwrap_or_default()
                        })
                        .collect::<Vec<usize>>()
                })
            })
            .collect();
        workers.into_iter().flat_map(|worker| worker.join().unwrap()).collect()
    });
    eprintln!(
        "sweep: {} queries × {} pages in {:.1} s",
        queries.len(),
        SWEEP_PAGES.len(),
        started.elapsed().as_secs_f64()
    );
    let missed: Vec<&str> = phrases
        .iter()
        .zip(&totals[corpus.words.len()..])
        .filter(|(_, total)| **total == 0)
        .map(|(phrase, _)| phrase.as_str())
        .collect();
    assert_eq!(missed, Vec::<&str>::new(), "phrases taken from documents found nothing");
}

/// These searches panicked ("start byte index … is not a char boundary; it is inside
/// '\u{a0}'" in src/search/snippet.rs): a snippet's lead-in began with a no-break space, and
/// the snippet was cut one byte into it.
#[test]
fn searches_whose_snippets_start_after_a_no_break_space() {
    let Some(corpus) = corpus() else { return };
    let cases: [(&[&str], &str); 6] = [
        (&["digitalisering"], "486 matching documents, showing 1–10"),
        (&["covid", "--limit", "100"], "568 matching documents, showing 1–100"),
        (&["granskning"], "1 003 matching documents, showing 1–10"),
        (
            &["bidrag", "--limit", "50", "--offset", "100"],
            "2 071 matching documents, showing 101–150",
        ),
        (&["behov", "--limit", "141"], "8 846 matching documents, showing 1–141"),
        (&["arbetslöshet", "--limit", "319"], "400 matching documents, showing 1–319"),
    ];
    for (args, summary) in cases {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        let output = projsok(&corpus.dir, &all);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "projsok {all:?}:\n{stderr}");
        let stdout = String::from_utf8(output.stdout).expect("UTF-8");
        assert!(stdout.lines().any(|line| line == summary), "projsok {all:?}:\n{stdout}");
    }
    // The page that panicked first: its snippet starts after the U+00A0, which stays.
    let page =
        "g0vse/artiklar/2015/06/digitaliseringen-driver-fram-forandringar-i-alla-sammanhang.md";
    let found = json::<Search>(&["search", "digitalisering"]).unwrap();
    let hit = found.hits.iter().find(|hit| hit.path == page).expect("the page is on page 1");
    assert_eq!(
        hit.snippet.as_deref(),
        Some(
            "…tema på Innovationsrådets senaste\u{a0}möte\u{a0}var «digitalisering». Vad är \
             «digitalisering» för dig? Det digitala är en dimension.Tidigare hade vi människor \
             tid och rum att förhålla oss till, nu har vi även det…"
        )
    );
}

/// Runs `projsok ARGS` on the corpus index; `None` (after saying so) without the corpus.
fn run(args: &[&str]) -> Option<std::process::Output> {
    let Some(Corpus { dir, .. }) = corpus() else {
        eprintln!("skipped: no corpus at {ARCHIVE}");
        return None;
    };
    Some(projsok(dir, args))
}

/// The standard error of `projsok ARGS`, which must fail with exit code 2.
fn query_error(args: &[&str]) -> Option<String> {
    let output = run(args)?;
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(2), "projsok {args:?}: {stderr}");
    Some(stderr)
}

#[test]
fn every_inflected_acronym_of_the_corpus_is_searched_as_its_word() {
    let Some(Corpus { dir, .. }) = corpus() else {
        eprintln!("skipped: no corpus at {ARCHIVE}");
        return;
    };
    let index = projsok::search::Engine::open(&dir.join("index")).unwrap();
    let synonyms = Synonyms::built_in();
    let count = |query: &str| -> Result<usize, String> {
        let request = Request { query: query.to_string(), limit: 0, ..Request::default() };
        search::search(&index, &synonyms, &request)
            .map(|results| results.total)
            .map_err(|error| error.to_string())
    };
    let list = std::fs::read_to_string(dir.join(COLON_WORDS)).unwrap();
    let (mut inflected, mut references, mut fields) = (0, 0, 0);
    let mut totals: HashMap<&str, usize> = HashMap::new();
    for word in list.lines() {
        let (head, ending) = word.split_once(':').unwrap();
        if schema::resolve_alias(head).is_some() {
            continue;
        }
        if INFLECTIONS.contains(&ending) {
            inflected += 1;
            let total = count(word).unwrap_or_else(|error| panic!("{word}: {error}"));
            let expected = *totals.entry(head).or_insert_with(|| count(head).unwrap());
            assert_eq!(total, expected, "{word} finds what {head} finds");
        } else if !head.chars().all(char::is_alphabetic) {
            // "19:de": a number names no field, so the word is text, read as its quoted form.
            references += 1;
            let quoted = format!("\"{word}\"");
            assert_eq!(count(word), count(&quoted), "{word}");
        } else {
            // "mailto:ud", "Presskontakt:stefan": no inflection, so a field, and an unknown one.
            fields += 1;
            let error = count(word).expect_err(word);
            assert!(error.contains(&format!("unknown field \"{head}\"")), "{word}: {error}");
        }
    }
    assert_eq!((inflected, references, fields), (402, 1, 68));
}

#[test]
fn inflected_acronyms_in_queries_find_what_the_acronym_finds() {
    let Some(esf) = json::<Search>(&["search", "ESF målgrupper"]) else { return };
    let Some(inflected) = json::<Search>(&["search", "ESF:s", "målgrupper"]) else { return };
    assert_eq!((inflected.total, esf.total), (6, 6));
    assert_eq!(inflected.hits, esf.hits);
    for (word, acronym) in [("Af:s uppdrag", "Af uppdrag"), ("SKL:s", "SKL"), ("EU:s", "EU")] {
        let Some(inflected) = json::<Search>(&["search", word]) else { return };
        let Some(plain) = json::<Search>(&["search", acronym]) else { return };
        assert_eq!(inflected.total, plain.total, "{word}");
    }
    let Some(stderr) = query_error(&["search", "ESF:sverige"]) else { return };
    assert!(
        stderr.starts_with("projsok: query \"ESF:sverige\": unknown field \"ESF\""),
        "{stderr}"
    );
}

#[test]
fn a_trend_bar_drills_into_as_many_documents_as_it_counts() {
    let Some(trend) = json::<serde_json::Value>(&["trends", "ungdomar"]) else { return };
    let bar = |year: &str| {
        let bucket = trend["buckets"].as_array().unwrap().iter().find(|b| b["label"] == year);
        bucket.map(|b| (b["count"].as_u64().unwrap(), b["inferred"].as_u64().unwrap()))
    };
    // Before the year filters read the inferred years: 0, 0, 0 and 1.
    for (year, count, inferred) in
        [("2010", 25, 25), ("2011", 30, 29), ("2019", 26, 26), ("2024", 170, 170)]
    {
        assert_eq!(bar(year), Some((count, inferred)), "{year}");
        let searched =
            json::<serde_json::Value>(&["search", "ungdomar", "--active-in", year, "-c"]).unwrap();
        assert_eq!(searched["total"].as_u64(), Some(count), "{year}");
    }
    // A background of a year had none of its documents before (0 against 369).
    let terms =
        json::<serde_json::Value>(&["terms", "ungdomar", "--against", "from-year:2024", "-n", "1"])
            .unwrap();
    assert_eq!(
        (terms["set_docs"].as_u64(), terms["background_docs"].as_u64()),
        (Some(1045), Some(369))
    );
}

#[test]
fn terms_count_every_match_and_the_whole_rest() {
    let Some(terms) = json::<serde_json::Value>(&["terms", "-r", "Stockholm", "-n", "1"]) else {
        return;
    };
    // Before: the best 200 of the 737 read, counted against 44 202 documents (the index less 200).
    let sizes =
        ["matches", "set_docs", "sampled", "background_docs"].map(|key| terms[key].as_u64());
    assert_eq!(sizes, [Some(737), Some(737), Some(200), Some(44_402 - 737)]);
    // The stem and its counts are exact; the form shown is the commonest in the sample read,
    // the 200 lowest content hashes, which are the same in every build.
    let top = &terms["terms"][0];
    assert_eq!((top["stem"].as_str(), top["word"].as_str()), (Some("besök"), Some("besökte")));
    assert_eq!(
        (terms["terms"][0]["docs"].as_u64(), terms["terms"][0]["background_docs"].as_u64()),
        (Some(152), Some(1419))
    );
}

#[test]
fn the_large_index_counting_shows_what_counting_every_candidate_shows() {
    // g0vse is under `LARGE_INDEX`, so `terms` counts every candidate there; the counting a
    // million pages get is run here on purpose, on sets larger than the sample.
    let Some(Corpus { dir, .. }) = corpus() else { return };
    let engine = projsok::search::Engine::open(&dir.join("index")).unwrap();
    let synonyms = Synonyms::built_in();
    let stockholm = search::Filters {
        facets: vec![(schema::Facet::Region, vec!["Stockholm".to_string()])],
        ..search::Filters::default()
    };
    let from_2024 = search::Filters { from_year: Some(2024), ..search::Filters::default() };
    let request = |query: &str, filters: &search::Filters, against: &Against, limit: usize| {
        let search =
            Request { query: query.to_string(), filters: filters.clone(), ..Request::default() };
        TermsRequest { search, against: against.clone(), section: None, limit }
    };
    let (none, all) = (search::Filters::default(), Against::All);
    let cases = [
        ("ungdomar", ("ungdomar", &none, &all, 10), (1045, 2789, 150, 0)),
        ("-r Stockholm", ("", &stockholm, &all, 10), (737, 3105, 150, 1)),
        ("nyanlända -n 40", ("nyanlända", &none, &all, 40), (312, 2663, 200, 0)),
        (
            "ungdomar --against from-year:2024",
            ("ungdomar", &none, &Against::Filters(from_2024), 10),
            // Before the other set's share was sampled: 9 of the 10 missed, "landsting"
            // (G² 41.0, in none of 2024's documents) among them.
            (1045, 2789, 150, 2),
        ),
    ];
    for (name, (query, filters, against, limit), expected) in cases {
        let asked = request(query, filters, against, limit);
        let count = |request: &TermsRequest, counting| {
            terms::terms_counted(&engine, &synonyms, request, counting).unwrap()
        };
        let every = count(&asked, Counting::Every);
        let ranked = count(&asked, Counting::BestBySample);
        let every_term = count(&request(query, filters, against, 100_000), Counting::Every);
        let exact: HashMap<&str, &terms::Term> =
            every_term.terms.iter().map(|term| (term.stem.as_str(), term)).collect();
        // What the ranked counting shows is exact: the counts of counting every candidate.
        for term in &ranked.terms {
            assert_eq!(Some(&term), exact.get(term.stem.as_str()), "{name}");
        }
        // It misses only terms of about the G² of its last (within 5 %): near-ties that the
        // sample ordered the other way.
        let shown: BTreeSet<&str> = ranked.terms.iter().map(|term| term.stem.as_str()).collect();
        let last = ranked.terms.last().unwrap().g2;
        let missed: Vec<&terms::Term> =
            every.terms.iter().filter(|term| !shown.contains(term.stem.as_str())).collect();
        for term in &missed {
            assert!(term.g2 <= last * 1.05, "{name}: {} {} against {last}", term.stem, term.g2);
        }
        assert_eq!(
            (ranked.set_docs, ranked.sampled, every.counted, ranked.counted, missed.len()),
            (expected.0, 200, expected.1, expected.2, expected.3),
            "{name}"
        );
        assert_eq!(ranked.terms.len(), limit, "{name}");
    }
}

#[test]
fn references_and_typographic_marks_read_as_their_quoted_and_ascii_forms() {
    // Each as typed, its form in ASCII with quotes, and what both find.
    let cases = [
        ("SFS 2010:800", "SFS \"2010:800\"", 3),
        ("2010:800", "\"2010:800\"", 176),
        ("Prop. 2019/20:1", "Prop. \"2019/20:1\"", 1),
        ("kl 10:30", "kl \"10:30\"", 23),
        ("\u{201d}utrikes födda\u{201d}", "\"utrikes födda\"", 89),
        ("«utrikes födda»", "\"utrikes födda\"", 89),
        ("\u{ff55}\u{ff4e}\u{ff47}\u{ff44}\u{ff4f}\u{ff4d}\u{ff41}\u{ff52}", "ungdomar", 1045),
        ("ung\u{200b}domar", "ungdomar", 1045),
        ("sfi \u{2013}umeå", "sfi -umeå", 105),
    ];
    for (typed, ascii, expected) in cases {
        let Some(typed_result) = json::<Search>(&["search", "-n", "0", typed]) else { return };
        let Some(ascii_result) = json::<Search>(&["search", "-n", "0", ascii]) else { return };
        assert_eq!((typed_result.total, ascii_result.total), (expected, expected), "{typed}");
    }
}

#[test]
fn the_lang_facet_counts_what_its_filter_and_field_keep_and_okand_is_a_field_value() {
    let english = |args: &[&str]| -> Option<u64> {
        let mut all = vec!["facets"];
        all.extend(args);
        Some(json::<Facets>(&all)?.get("lang")?.get("en").copied().unwrap_or(0))
    };
    let total = |args: &[&str]| -> usize {
        let mut all = vec!["search", "-n", "0"];
        all.extend(args);
        json::<Search>(&all).unwrap().total
    };
    // 247 documents are mostly English; 19 Swedish ones more have an English section.
    let Some(all) = english(&[]) else { return };
    assert_eq!(all, 266);
    assert_eq!(
        (total(&["--lang", "en"]), total(&["lang:en"]), total(&["språk:en"])),
        (266, 266, 266)
    );
    assert_eq!((english(&["--lang", "en"]), english(&["lang:en"])), (Some(266), Some(266)));
    assert_eq!((total(&["region:okänd"]), total(&["-r", "okänd"])), (42_473, 42_473));
    assert_eq!((total(&["kommun:okänd"]), total(&["--kommun", "okänd"])), (42_218, 42_218));
}

#[test]
fn an_excluded_word_keeps_its_synonyms() {
    // "sfi" and "svenska för invandrare" are one synonym group: excluding one form leaves the
    // texts that write only the other.
    let Some(written_out) = json::<Search>(&["search", "\"svenska för invandrare\" -sfi"]) else {
        return;
    };
    let Some(acronym) = json::<Search>(&["search", "sfi -\"svenska för invandrare\""]) else {
        return;
    };
    // Before: 0 and 0.
    assert_eq!((written_out.total, acronym.total), (16, 51));
    let written_out_paths: Vec<&str> =
        written_out.hits.iter().map(|hit| hit.path.as_str()).collect();
    assert!(acronym.hits.iter().all(|hit| !written_out_paths.contains(&hit.path.as_str())));
}

#[test]
fn mistyped_words_are_corrected_to_the_corpus_words_and_places_never() {
    // (typed, corrected, hits): before the adversarial pass "arbetsmarknadn" ran as the
    // non-word "arbetsmarknadenn" (2 hits) and "jämställhdet" as "jämställdhett" (271).
    for (typed, meant) in [
        ("arbetsmarknadn", "arbetsmarknaden"),
        ("jämställhdet", "jämställdhet"),
        ("Arbetsförmedlnigen", "Arbetsförmedlingen"),
        ("matchnig?", "matchning?"),
        // A kommun's name mistyped is offered as the kommun, before a word as near ("kina").
        ("stckholm", "Stockholm"),
        ("kirna", "Kiruna"),
        ("Götebrog", "Göteborg"),
        // Names the documents write in the genitive, whose stem is not the name's: before,
        // "fristad", "tröstad" and nothing.
        ("fiipstad", "Filipstad"),
        ("ströstad", "Strömstad"),
        ("östhmmar", "Östhammar"),
        // A word far more common than the kommun as near: before, Lund and Malmö.
        ("laund", "land"),
        ("maljö", "miljö"),
    ] {
        let Some(found) = json::<Search>(&["search", typed]) else { return };
        let Some(right) = json::<Search>(&["search", meant]) else { return };
        let corrected = found.did_you_mean.expect(typed);
        assert_eq!((corrected.query.as_str(), corrected.applied), (meant, true));
        assert_eq!(found.total, right.total, "{typed}");
    }
    // Kommun and region names are taken as typed: "Västergötland" ran as "Östergötland" (129
    // hits of the wrong province), "Tjörn" suggested "Björn".
    for place in ["Västergötland", "Tjörn", "Hylte", "Tomelilla", "Orust", "Kävlinge"] {
        let Some(found) = json::<Search>(&["search", place]) else { return };
        assert_eq!(found.did_you_mean, None, "{place}");
    }
    // Found through the spelling without å, ä and ö: no typo.
    let Some(folded) = json::<Search>(&["search", "arbetsformedlingen"]) else { return };
    assert_eq!(folded.did_you_mean, None);
}

#[test]
fn a_kommun_that_is_a_stop_word_is_suggested_as_a_kommun() {
    let Some(vara) = json::<Search>(&["search", "Vara"]) else { return };
    assert_eq!(vara.total, 0);
    assert_eq!(
        vara.warnings,
        ["the query has only stop words (\"Vara\"), which are not searched, so nothing matches; \
          to search the kommun, use kommun:Vara"]
    );
    let Some(kommun) = json::<Search>(&["search", "kommun:Vara"]) else { return };
    assert_eq!(kommun.total, 2);
}

#[test]
fn wildcards_expand_through_the_dictionary_within_bounds() {
    let Some(matchn) = json::<Search>(&["search", "matchn*"]) else { return };
    assert_eq!(matchn.total, 71);
    let Some(stderr) = query_error(&["search", "e*"]) else { return };
    assert_eq!(
        stderr,
        "projsok: query \"e*\": too many words start with \"e\" (more than 2000); type more of \
         the word\n"
    );
    // The query that took 18.5 s of CPU: sixty copies of e* and r*, refused at once.
    let many = format!("{} {}", "(e*) ".repeat(60), "(r*) ".repeat(60));
    let started = Instant::now();
    let Some(stderr) = query_error(&["search", &many]) else { return };
    assert!(stderr.contains("too many words start with \"e\""), "{stderr}");
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    // The letters that begin or end a word match its stem too, and an ASCII pattern folds
    // wherever its star is. Before: 0, 0, 0, 1 (and 3 668 for "*företag").
    let mut totals = Vec::new();
    for pattern in ["utrikesfödd*", "*födda", "*arbete", "*foretag", "*företag"] {
        let Some(found) = json::<Search>(&["search", pattern, "--limit", "0"]) else { return };
        totals.push(found.total);
    }
    assert_eq!(totals, [20, 317, 9908, 3668, 3668]);
}

/// Every 4,000th id of the corpus index, spelt `./id` and as its bare file name, resolves to
/// that document; a bare name that several documents share is refused with their count.
#[test]
fn ids_resolve_in_every_spelling_over_the_corpus() {
    let Some(Corpus { dir, .. }) = corpus() else {
        eprintln!("skipped: no corpus at {ARCHIVE}");
        return;
    };
    let index = projsok::index::open(&dir.join("index")).expect("open the corpus index");
    let searcher = index.searcher();
    let mut ids = Vec::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(index.fields.path).unwrap();
        let mut terms = inverted.terms().stream().unwrap();
        while terms.advance() {
            ids.push(String::from_utf8(terms.key().to_vec()).unwrap());
        }
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 44_402);
    let name = |id: &str| id.rsplit('/').next().unwrap().to_string();
    let mut sharing = std::collections::HashMap::new();
    for id in &ids {
        *sharing.entry(name(id)).or_insert(0) += 1;
    }
    let resolved = |typed: &str| {
        projsok::index::ids::resolve(&index, &searcher, typed)
            .map(|address| projsok::search::load_record(&searcher, &index, address).unwrap().path)
    };
    let (mut by_name, mut shared) = (0, 0);
    for id in ids.iter().step_by(4000) {
        assert_eq!(resolved(&format!("./{id}")).unwrap(), *id);
        match sharing[&name(id)] {
            1 => {
                assert_eq!(resolved(&name(id)).unwrap(), *id);
                by_name += 1;
            }
            count => {
                let message = resolved(&name(id)).unwrap_err().to_string();
                assert!(message.contains(&format!("{count} documents match: ")), "{message}");
                shared += 1;
            }
        }
    }
    eprintln!("ids: {by_name} resolved by bare name, {shared} bare names shared");
    assert!(by_name > 0);
}

#[test]
fn kommun_counts_by_region_add_up_to_the_facets() {
    use crate::common::wire::{ByRegion, Facets};
    let Some(grouped) = json::<ByRegion>(&["facets", "--by-region"]) else { return };
    let Some(kommuner) = json::<Facets>(&["facets", "--field", "kommun"]) else { return };
    let Some(regions) = json::<Facets>(&["facets", "--field", "region"]) else { return };
    // Every region group is its region facet's count, and the unknown group comes last.
    let counts: Vec<(&str, u64)> =
        grouped.iter().map(|(region, group)| (region.as_str(), group.count)).collect();
    let (unknown, known) = counts.split_last().expect("groups");
    assert_eq!(unknown.0, "okänd region");
    let facet: Vec<(&str, u64)> =
        regions["region"].iter().map(|(region, count)| (region.as_str(), *count)).collect();
    assert_eq!(known, facet);
    // A kommun's counts over the groups add up to its facet count, each within its group.
    let mut sums: std::collections::BTreeMap<&str, u64> = Default::default();
    for group in grouped.values() {
        for (kommun, count) in &group.kommun {
            assert!(*count <= group.count, "{kommun} {count} > {}", group.count);
            *sums.entry(kommun.as_str()).or_default() += count;
        }
    }
    let facet: std::collections::BTreeMap<&str, u64> =
        kommuner["kommun"].iter().map(|(kommun, count)| (kommun.as_str(), *count)).collect();
    assert_eq!(sums, facet);
    assert!(facet.len() > 250, "{} kommuner", facet.len());
    // "Region Jämtland Härjedalen" no longer tags the kommun: 8 documents name it.
    assert_eq!(facet["Härjedalen"], 8);
}

#[test]
fn kommun_names_typed_without_diacritics_find_the_kommun() {
    // Snowball stems "lulea" to "lule" but leaves "luleå" whole, so folding the stem never met
    // the index; the word is folded before stemming too, and then read as the word it spells
    // ("luleå", with its compounds). Before: 0, 0, 0; then 107, 44, 47.
    let mut totals = Vec::new();
    for word in ["lulea", "luleå", "vasteras", "västerås", "skelleftea", "skellefteå"] {
        let Some(found) = json::<Search>(&["search", word, "--limit", "0"]) else { return };
        totals.push(found.total);
    }
    assert_eq!(totals, [109, 109, 45, 45, 47, 47]);
}

#[test]
fn words_typed_without_diacritics_have_the_readings_of_the_words_with_them() {
    // Before, the ASCII words found 20, 3 018 and 872 documents: their own stems and the
    // other spellings of them, not the compound parts and lemma forms of the spelt word.
    let mut totals = Vec::new();
    for word in [
        "utrikesfodda",
        "utrikesfödda",
        "foretagande",
        "företagande",
        "jamstalldhet",
        "jämställdhet",
    ] {
        let Some(found) = json::<Search>(&["search", word, "--limit", "0"]) else { return };
        totals.push(found.total);
    }
    assert_eq!(totals, [101, 101, 3910, 3910, 1223, 1223]);
}

#[test]
fn the_corpus_has_its_clusters_of_near_duplicates_and_a_bill_its_lagradsremiss() {
    let Some(found) = json::<wire::Duplicates>(&["duplicates", "-n", "1"]) else { return };
    // Counted once with this fingerprint (64 bins, word 3-shingles, 0.8): the largest is
    // fifteen identical press releases "Nya ambassadörer till Sverige".
    assert_eq!((found.total, found.documents), (1366, 2912));
    assert_eq!(found.clusters[0].size, 15);
    assert!(found.clusters[0]
        .members
        .iter()
        .all(|member| member.title == "Nya ambassadörer till Sverige"));
    let remiss = "g0vse/rattsliga-dokument/lagradsremiss/2016/12/lagradsremiss-nya-utstationeringsregler2.md";
    let Some(record) = json::<wire::Record>(&["show", remiss]) else { return };
    let versions: Vec<(&str, &str)> = record
        .versions
        .iter()
        .map(|version| (version.path.as_str(), version.kind.as_str()))
        .collect();
    assert_eq!(
        versions,
        [("g0vse/rattsliga-dokument/proposition/2017/02/prop.-201617107.md", "similar text")]
    );
    let Some(plain) = json::<Search>(&["search", "lagrådsremiss", "-n", "0"]) else { return };
    let Some(collapsed) = json::<Search>(&["search", "lagrådsremiss", "-n", "0", "--collapse"])
    else {
        return;
    };
    assert_eq!((plain.total, collapsed.total, collapsed.documents), (2425, 2411, Some(2425)));
}

/// Of the corpus's frequent words of at least eight letters, sixty spread over the list, each
/// with the two letters at its middle swapped (where they differ): typos no one chose.
fn swapped_letter_words(words: &[String]) -> Vec<String> {
    let long: Vec<&String> = words.iter().filter(|word| word.chars().count() >= 8).collect();
    // Room for the words whose middle letters are equal, which are passed over.
    let step = (long.len() / 80).max(1);
    long.iter()
        .step_by(step)
        .filter_map(|word| {
            let mut letters: Vec<char> = word.chars().collect();
            let middle = letters.len() / 2;
            (letters[middle - 1] != letters[middle]).then(|| {
                letters.swap(middle - 1, middle);
                letters.into_iter().collect()
            })
        })
        .take(60)
        .collect()
}

#[test]
fn a_swapped_letter_word_is_counted_and_listed_alike() {
    let Some(Corpus { dir, words, .. }) = corpus() else {
        eprintln!("skipped: no corpus at {ARCHIVE}");
        return;
    };
    let typos = swapped_letter_words(words);
    assert_eq!(typos.len(), 60);
    let mut corrected = 0;
    for typo in &typos {
        let count = projsok(dir, &["search", "-c", typo]);
        let list = projsok(dir, &["search", "-l", typo]);
        let said = String::from_utf8_lossy(&count.stderr).to_string();
        let total: usize = String::from_utf8_lossy(&count.stdout).trim().parse().expect(typo);
        let listed = String::from_utf8_lossy(&list.stdout).lines().count();
        assert_eq!(
            (listed, String::from_utf8_lossy(&list.stderr)),
            (total, said.clone().into()),
            "{typo}"
        );
        corrected += usize::from(said.contains("showing results for"));
    }
    // 58 are corrected (53 before the lexicon's words were walked as typed); before `-l` ran
    // the corrected query, the corrected ones counted and listed differently.
    assert_eq!(corrected, 58, "{typos:?}");
}

#[test]
fn a_fielded_compound_finds_its_open_form_in_that_field_only() {
    let total = |query: &str| json::<Search>(&["search", "--limit", "0", query]).map(|s| s.total);
    // Before: 89, 89 and 21 (the open form was searched in the catch-all).
    let Some(open) = total("titel:\"utrikes födda\"") else { return };
    assert_eq!(open, 20);
    assert_eq!(total("titel:utrikesfödda"), Some(20));
    assert_eq!(total("syfte:utrikesfödda"), Some(1));
    assert_eq!(total("titel:kortutbildade"), Some(2));
    // Typed without å, ä and ö, a fielded word finds what it finds with them (before: 0).
    assert_eq!(total("titel:halsa"), Some(239));
    assert_eq!(total("titel:hälsa"), Some(239));
    assert_eq!(total("titel:foretag"), Some(482));
    assert_eq!(total("titel:utrikesfodda"), Some(20));
}

#[test]
fn a_long_form_searches_its_learnt_acronym_only_where_the_acronym_is_no_common_word() {
    let total = |args: &[&str]| {
        let mut all = vec!["search", "--limit", "0"];
        all.extend_from_slice(args);
        json::<Search>(&all).map(|s| s.total)
    };
    // Before: 22 271 ("ska"), 753 ("fem"), 3 794 ("mar", the stem of "mars").
    let Some(ska) = total(&["\"Square Kilometre Array\""]) else { return };
    assert_eq!(ska, 1);
    assert_eq!(total(&["\"Federal Emergency Management Agency\""]), Some(2));
    assert_eq!(total(&["\"medicinskt ansvarig för rehabilitering\""]), Some(5));
    // An acronym still finds its long form, and a pair of a rare acronym goes both ways;
    // --exact searches neither way.
    assert_eq!(total(&["ESV"]), Some(169));
    assert_eq!(total(&["ESV", "--exact"]), Some(59));
    assert_eq!(total(&["Ekonomistyrningsverket"]), Some(169));
    assert_eq!(total(&["Ekonomistyrningsverket", "--exact"]), Some(162));
    let Some(listing) = json::<serde_json::Value>(&["synonyms"]) else { return };
    let learnt = listing["learnt"].as_array().unwrap();
    let one_way: Vec<&str> = learnt
        .iter()
        .filter(|pair| pair["one_way"] == true)
        .map(|pair| pair["acronym"].as_str().unwrap())
        .collect();
    assert_eq!((learnt.len(), one_way.len()), (599, 27));
    let expected = [
        "FEMA", "SEA", "BNP", "WTO", "FaR", "ICCAT", "LVU", "DAC", "TUFF", "MAR", "JANE", "ITP",
        "Ds", "UNITAR", "Sida", "SARS", "SKA", "ILO", "FAS", "SAK", "ULF", "OECD", "VETA", "ViS",
        "MENA", "IAEA", "KIN",
    ];
    assert_eq!(one_way, expected);
}

/// `projsok search --limit 0 ARGS --json`; `None` without the corpus.
fn searched(args: &[&str]) -> Option<Search> {
    let mut all = vec!["search", "--limit", "0"];
    all.extend_from_slice(args);
    json::<Search>(&all)
}

#[test]
fn a_learnt_acronym_expands_for_itself_not_for_a_word_with_its_stem() {
    // "mars" stems to "mar", as MAR (medicinskt ansvarig för rehabilitering) does.
    let Some(mars) = searched(&["mars"]) else { return };
    let Some(exact) = searched(&["mars", "--exact"]) else { return };
    assert_eq!((mars.total, exact.total), (3821, 3821));
    assert_eq!(searched(&["MAR"]).map(|s| s.total), Some(3823));
    assert_eq!(searched(&["mar"]).map(|s| s.total), Some(3823));
    assert_eq!(searched(&["MAR:s"]).map(|s| s.total), Some(3823));
    // The index holds "fem" for FEMA: the acronym finds its long form and every "fem".
    assert_eq!(searched(&["fem"]).map(|s| s.total), Some(753));
    assert_eq!(searched(&["FEMA"]).map(|s| s.total), Some(753));
}

#[test]
fn a_word_in_capitals_is_corrected_as_in_lower_case() {
    for (typed, meant, total) in [
        ("ARBETSFÖRMEDLNIGEN", "ARBETSFÖRMEDLINGEN", 552),
        ("JÄMSTÄLLHDET", "JÄMSTÄLLDHET", 1223),
        ("jämställhdet", "jämställdhet", 1223),
    ] {
        let Some(found) = searched(&[typed]) else { return };
        let corrected = found.did_you_mean.expect(typed);
        assert_eq!((corrected.query.as_str(), corrected.applied), (meant, true), "{typed}");
        assert_eq!(found.total, total, "{typed}");
    }
}

#[test]
fn typographic_dashes_quotes_and_a_field_s_colon_word_read_as_typed_in_ascii() {
    let Some(en_dash) = searched(&["sfi –umeå"]) else { return };
    assert_eq!(en_dash.total, 105);
    assert_eq!(searched(&["sfi —umeå"]).map(|s| s.total), Some(105));
    assert_eq!(searched(&["‘socialt företagande’"]).map(|s| s.total), Some(9));
    assert_eq!(searched(&["’socialt företagande’"]).map(|s| s.total), Some(9));
    assert_eq!(searched(&["titel:2010:800"]).map(|s| s.total), Some(1));
    assert_eq!(searched(&["text:ESF:s"]).map(|s| s.total), Some(57));
}

#[test]
fn a_required_stop_word_and_a_phrase_s_edge_stop_word_are_noted() {
    let Some(required) = searched(&["invandrare +och"]) else { return };
    assert_eq!(required.total, 261);
    assert_eq!(
        required.warnings,
        ["\"och\" is a stop word: stop words are not indexed, so it is required of no document"]
    );
    let Some(phrase) = searched(&["\"för invandrare\""]) else { return };
    assert_eq!(phrase.total, 261);
    assert_eq!(
        phrase.warnings,
        ["\"för\" is a stop word: stop words are not indexed, so the phrase \"för invandrare\" \
          is searched as \"invandrare\""]
    );
    let Some(inside) = searched(&["\"svenska för invandrare\""]) else { return };
    assert_eq!(inside.warnings, Vec::<String>::new());
}

/// How many of the corpus's frequent words the typo sweep mistypes.
const TYPO_WORDS: usize = 200;

/// `word` with one edit, chosen by `random`: two neighbouring letters swapped, a letter left
/// out, doubled or replaced by another.
fn mistyped(word: &str, random: &mut impl FnMut(usize) -> usize) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let at = random(chars.len() - 1);
    match random(4) {
        0 => chars.swap(at, at + 1),
        1 => {
            chars.remove(at);
        }
        2 => chars.insert(at, chars[at]),
        _ => {
            let letters: Vec<char> = "aeioulnrstdkgm".chars().filter(|&c| c != chars[at]).collect();
            chars[at] = letters[random(letters.len())];
        }
    }
    chars.into_iter().collect()
}

#[test]
fn one_edit_typos_of_frequent_words_are_corrected() {
    let Some(Corpus { dir, words, .. }) = corpus() else {
        eprintln!("skipped: no corpus at {ARCHIVE}");
        return;
    };
    for (typed, meant) in
        [("dagliggen", "dagligen"), ("byggandeet", "byggandet"), ("registrerede", "registrerade")]
    {
        let Some(found) = searched(&[typed]) else { return };
        assert_eq!(found.did_you_mean.map(|d| d.query).as_deref(), Some(meant), "{typed}");
    }
    let index = projsok::search::Engine::open(&dir.join("index")).unwrap();
    let synonyms = Synonyms::built_in();
    // A fixed linear congruential sequence: the same typos every run.
    let mut state: u64 = 0x5eed;
    let mut random = |below: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % below
    };
    let long: Vec<&String> = words.iter().filter(|word| word.chars().count() >= 7).collect();
    let (mut corrected, mut as_typed, mut missed) = (0, 0, Vec::new());
    for _ in 0..TYPO_WORDS {
        let word = long[random(long.len())];
        let typed = mistyped(word, &mut random);
        let request = Request { query: typed.clone(), limit: 0, ..Request::default() };
        let results = search::search(&index, &synonyms, &request).unwrap();
        match (&results.did_you_mean, results.total) {
            (Some(_), _) => corrected += 1,
            (None, 0) => missed.push(typed),
            (None, _) => as_typed += 1,
        }
    }
    // Before the lexicon's words were walked as typed, 22 of 200 typos of this kind went
    // uncorrected and found nothing; left: an English word, names, a compound's first part.
    assert_eq!((corrected, as_typed), (184, 11));
    assert_eq!(
        missed,
        ["ctuncil", "roaencrantz", "strålsäkerhetsmyndighheten", "juustitie", "jusitie"]
    );
}

#[test]
fn a_wildcard_finds_every_document_with_a_word_it_begins_or_is_inside() {
    let total = |query: &str| searched(&[query]).map(|s| s.total);
    let Some(kvinnor) = total("kvinnor") else { return };
    // Before: 491, 3, 80, 404, 0 (the letters typed matched against stems only). The words
    // alone find more than what their letters begin or are inside: also the compounds they
    // end ("socialföretagande") through the parts field.
    let wildcards = ["kvinno*", "företagan*", "*ungdomar*", "*kvinnor*", "*födda*", "*arbete*"];
    let found: Vec<(&str, usize)> =
        wildcards.iter().map(|wildcard| (*wildcard, total(wildcard).unwrap())).collect();
    assert_eq!(
        found,
        [
            ("kvinno*", 1273),
            ("företagan*", 3018),
            ("*ungdomar*", 627),
            ("*kvinnor*", 1229),
            ("*födda*", 317),
            ("*arbete*", 12639),
        ]
    );
    assert_eq!(kvinnor, 1258);
}
