//! Query latency in process: p50, p95 and p99 of top-10 searches with facet counts for region,
//! phase, kommun and program, over a fixed list of queries, without and with snippets, on the
//! seeds + g0vse index (the one `cargo bench --bench relevance` builds in target/relevance/),
//! or on the index named by `PROJSOK_BENCH_INDEX` (the synthetic scale indexes). Every query
//! must find documents in the g0vse index, and every query's hit count must be the same in
//! every round, so a faster run that finds less fails. A last line times the searches that find
//! nothing with every word and fall back to some of them (each must, in the g0vse index).
//!
//! `cargo bench --bench queries`
//! `PROJSOK_BENCH_INDEX=DIR cargo bench --bench queries`

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use projsok::analysis::synonyms::Synonyms;
use projsok::index;
use projsok::index::schema::Facet;
use projsok::search::{self, Engine, Filters, Request};
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::QueryParser;
use tantivy::TantivyDocument;

// The allocator the projsok binary runs with (src/main.rs), `serve` included: the bench measures
// searches as users run them.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const QUERIES: [&str; 14] = [
    "sfi",                                 // acronym
    "Af",                                  // acronym with synonyms
    "matchning",                           // single topic word
    "försörjningsstöd",                    // single topic word
    "arbetsmarknadsutbildning",            // compound
    "språkutbildning",                     // compound split at query time
    "socialt företagande",                 // multiword topic
    "nyanländas etablering arbetsmarknad", // multiword, inflected
    "\"svenska för invandrare\"",          // phrase
    "\"våld i nära relationer\"",          // phrase
    "foretagande",                         // no diacritics
    "titel:utredning",                     // field
    "matchning -bostäder",                 // exclusion
    "",                                    // filter-only (with --region below)
];
/// Queries no document has every word of: the search falls back to some of the words (words
/// the corpus lacks beside real ones; a typo is not among them, since it is corrected instead).
const RELAXED_QUERIES: [&str; 3] =
    ["matchning exoplaneter", "sfi kvantkromodynamik", "socialt företagande xyzzy"];
/// The warning of a search that fell back (see `search::search`).
const RELAXED_WARNING: &str = "no document has all the words; showing those with some";
const ROUNDS: usize = 100;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn main() {
    let (dir, g0vse) = match std::env::var_os("PROJSOK_BENCH_INDEX") {
        Some(dir) => (PathBuf::from(dir), false),
        None => {
            (Path::new(env!("CARGO_MANIFEST_DIR")).join("target/relevance/index-compounds"), true)
        }
    };
    let index = Engine::open(&dir)
        .unwrap_or_else(|err| panic!("{err}: build it first with `cargo bench --bench relevance`"));
    if g0vse {
        assert!(index.index().meta.documents > 44_000, "the seeds + g0vse index");
    }
    println!("{}: {} documents", dir.display(), index.index().meta.documents);
    let synonyms = Synonyms::built_in();
    let baseline = plain_tantivy_p50(index.index(), false);
    let faceted_baseline = plain_tantivy_p50(index.index(), true);
    for (limit, snippets) in [(0, false), (10, false), (10, true)] {
        let mut times = Vec::new();
        let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); QUERIES.len()];
        let mut expected_totals: Vec<Option<usize>> = vec![None; QUERIES.len()];
        for round in 0..ROUNDS + 1 {
            for (n, query) in QUERIES.iter().enumerate() {
                let filters = if query.is_empty() {
                    Filters {
                        facets: vec![(Facet::Region, vec!["Övre Norrland".into()])],
                        ..Filters::default()
                    }
                } else {
                    Filters::default()
                };
                let request = Request {
                    query: query.to_string(),
                    filters,
                    limit,
                    snippets,
                    ..Request::default()
                };
                let started = Instant::now();
                let results = search::search(&index, &synonyms, &request).expect("query runs");
                let elapsed = started.elapsed();
                assert!(results.total > 0 || !g0vse, "{query:?} finds documents");
                assert_eq!(results.hits.len(), results.total.min(limit));
                assert_eq!(results.facets.len(), 4);
                match expected_totals[n] {
                    Some(total) => assert_eq!(total, results.total, "{query:?}"),
                    None => expected_totals[n] = Some(results.total),
                }
                if round > 0 {
                    times.push(elapsed);
                    per_query[n].push(elapsed);
                }
            }
        }
        let found: usize = expected_totals.iter().flatten().sum();
        assert!(found > 0, "the queries find documents");
        times.sort();
        println!(
            "{}: p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms over {} searches",
            match (limit, snippets) {
                (0, _) => "total + 4 facet counts, no hits",
                (_, false) => "top-10 + 4 facet counts",
                (_, true) => "top-10 + 4 facet counts + 10 snippets",
            },
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.95).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3,
            times.len()
        );
        if (limit, snippets) == (10, false) {
            // Where a change in the median comes from.
            let medians: Vec<String> = QUERIES
                .iter()
                .zip(&mut per_query)
                .map(|(query, times)| {
                    times.sort();
                    format!("{query:?} {:.3}", percentile(times, 0.5).as_secs_f64() * 1e3)
                })
                .collect();
            println!("  p50 ms per query: {}", medians.join(", "));
            let ratio = percentile(&times, 0.5).as_secs_f64() / baseline.as_secs_f64();
            println!(
                "baseline, plain tantivy top-10 on the catch-all field alone (no readings, \
                 spellings, synonyms, facets): p50 {:.3} ms; projsok/baseline p50 {ratio:.1}",
                baseline.as_secs_f64() * 1e3
            );
            // Not "baseline…": benches/scale.sh reads the plain figure off that line.
            let ratio = percentile(&times, 0.5).as_secs_f64() / faceted_baseline.as_secs_f64();
            println!(
                "with the 4 facet counts (tantivy's FacetCollector), plain tantivy top-10: p50 \
                 {:.3} ms; projsok/that p50 {ratio:.1}",
                faceted_baseline.as_secs_f64() * 1e3
            );
        }
    }
    relaxed_fallback(&index, &synonyms, g0vse);
}

/// Top-10 searches with facet counts that find nothing with every word and search again with
/// some: the fallback's cost on top of the first search.
fn relaxed_fallback(index: &Engine, synonyms: &Synonyms, g0vse: bool) {
    let mut times = Vec::new();
    let mut expected_totals: Vec<Option<usize>> = vec![None; RELAXED_QUERIES.len()];
    for round in 0..ROUNDS + 1 {
        for (n, query) in RELAXED_QUERIES.iter().enumerate() {
            let request =
                Request { query: query.to_string(), snippets: false, ..Request::default() };
            let started = Instant::now();
            let results = search::search(index, synonyms, &request).expect("query runs");
            let elapsed = started.elapsed();
            if g0vse {
                assert!(results.total > 0, "{query:?} finds documents");
                assert!(results.warnings.iter().any(|w| w == RELAXED_WARNING), "{query:?}");
            }
            match expected_totals[n] {
                Some(total) => assert_eq!(total, results.total, "{query:?}"),
                None => expected_totals[n] = Some(results.total),
            }
            if round > 0 {
                times.push(elapsed);
            }
        }
    }
    times.sort();
    println!(
        "relaxed fallback (no document has every word), top-10 + 4 facet counts: p50 {:.3} ms, \
         p95 {:.3} ms over {} searches",
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.95).as_secs_f64() * 1e3,
        times.len()
    );
}

/// The same words through tantivy's own query parser on the catch-all field only, ANDed, top
/// 10 with their stored documents loaded: what a search costs without projsok's query
/// building, in the same run. With `facets`, also tantivy's `FacetCollector` over the four
/// facets projsok counts: how much of the ratio counting every match's facets makes.
fn plain_tantivy_p50(index: &index::OpenIndex, facets: bool) -> Duration {
    let mut parser = QueryParser::for_index(&index.index, vec![index.fields.body]);
    parser.set_conjunction_by_default();
    let searcher = index.searcher();
    let facet_collector = |facet: Facet| {
        let mut collector = FacetCollector::for_field(facet.name());
        collector.add_facet("/");
        collector
    };
    let mut times = Vec::new();
    for round in 0..ROUNDS + 1 {
        for query in QUERIES.iter().filter(|query| !query.is_empty()) {
            let started = Instant::now();
            let (parsed, _) = parser.parse_query_lenient(query);
            let top_and_total = (TopDocs::with_limit(10).order_by_score(), Count);
            let (top, total) = if facets {
                let [region, phase, kommun, program] = search::DEFAULT_FACETS.map(facet_collector);
                let collectors = (top_and_total, region, phase, (kommun, program));
                let (top_and_total, ..) = searcher.search(&parsed, &collectors).expect("runs");
                top_and_total
            } else {
                searcher.search(&parsed, &top_and_total).expect("query runs")
            };
            for (_, address) in &top {
                let _: TantivyDocument = searcher.doc(*address).expect("stored document");
            }
            let elapsed = started.elapsed();
            assert_eq!(top.len(), total.min(10));
            if round > 0 {
                times.push(elapsed);
            }
        }
    }
    times.sort();
    percentile(&times, 0.5)
}
