//! Load and latency of `projsok serve`, in process on loopback, bounded in count and time:
//!
//! 1. a warm `/api/search` made one at a time: median and p99 alone;
//! 2. 50 clients for 10 s on searches and facets (every answer must be a 200 with the expected
//!    body): requests per second;
//! 3. the same warm search timed while 50 clients ask for `similar`, once with every `similar`
//!    running at once (as before the cap) and once with the server's cap on heavy requests;
//! 4. first of all, while the process is fresh: 8 full `/api/export` downloads at once (read
//!    and dropped), and the process's peak RSS (`VmHWM`, Linux) before and after.
//!
//! `cargo run --release --example serve_load -- [INDEX]` (default: the seeds + g0vse index that
//! `cargo bench --bench relevance` builds in target/relevance/index-compounds).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use projsok::analysis::synonyms::Synonyms;
use projsok::serve::{router, serve_connections, Limits, Server};

const CLIENTS: usize = 50;
const DURATION: Duration = Duration::from_secs(10);
/// Warm single requests timed for the median and p99.
const SAMPLES: usize = 300;
const PATHS: [&str; 4] = [
    "/api/search?q=socialt+f%C3%B6retagande",
    "/api/search?q=matchning&region=Stockholm",
    "/api/search?q=nyanl%C3%A4ndas+etablering+arbetsmarknad&limit=10&offset=10",
    "/api/facets?q=spr%C3%A5kutbildning",
];

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// (status, body) of a GET; a failed connection panics, since it is a failure of the bench.
fn get(agent: &ureq::Agent, url: &str) -> (u16, String) {
    let mut response = agent.get(url).call().unwrap_or_else(|err| panic!("GET {url}: {err}"));
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap_or_default())
}

/// Starts a server over `dir` with `limits` on a runtime of its own; returns its base URL.
fn start(dir: &Path, limits: Limits) -> (tokio::runtime::Runtime, String) {
    let index = projsok::search::Engine::open(dir)
        .unwrap_or_else(|err| panic!("{err}: build it with `cargo bench --bench relevance`"));
    let server = Arc::new(Server::new(dir, index, Synonyms::built_in(), limits));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(serve_connections(listener, router(server), std::future::pending()));
    (runtime, base)
}

/// Median and p99 in milliseconds of `SAMPLES` sequential requests, each checked.
fn latency(agent: &ureq::Agent, url: &str, expected: &str) -> (f64, f64) {
    let mut times: Vec<Duration> = (0..SAMPLES)
        .map(|_| {
            let start = Instant::now();
            let (status, body) = get(agent, url);
            assert_eq!((status, body.as_str()), (200, expected), "{url}");
            start.elapsed()
        })
        .collect();
    times.sort();
    let ms = |at: usize| times[at].as_secs_f64() * 1e3;
    (ms(SAMPLES / 2), ms(SAMPLES * 99 / 100))
}

/// `CLIENTS` threads GET the URLs `pick` gives them until stopped; returns (answers, failures)
/// where a failure is any status but 200 or a body other than `check` accepts.
fn crowd(
    pick: impl Fn(usize) -> String + Send + Sync + 'static,
    check: impl Fn(usize, &str) -> bool + Send + Sync + 'static,
    stop: Arc<AtomicBool>,
) -> std::thread::JoinHandle<(u64, u64)> {
    let (pick, check) = (Arc::new(pick), Arc::new(check));
    std::thread::spawn(move || {
        let done = Arc::new(AtomicU64::new(0));
        let failed = Arc::new(AtomicU64::new(0));
        let clients: Vec<_> = (0..CLIENTS)
            .map(|client| {
                let (pick, check, stop) = (pick.clone(), check.clone(), stop.clone());
                let (done, failed) = (done.clone(), failed.clone());
                std::thread::spawn(move || {
                    let agent = agent();
                    let mut n = client;
                    while !stop.load(Ordering::Relaxed) {
                        let (status, body) = get(&agent, &pick(n));
                        if status == 200 && check(n, &body) {
                            done.fetch_add(1, Ordering::Relaxed);
                        } else {
                            failed.fetch_add(1, Ordering::Relaxed);
                        }
                        n += 1;
                    }
                })
            })
            .collect();
        for client in clients {
            client.join().expect("a client failed");
        }
        (done.load(Ordering::Relaxed), failed.load(Ordering::Relaxed))
    })
}

/// A line of `/proc/self/status` ("VmHWM:     93960 kB"), or "n/a" where there is none.
fn status_line(name: &str) -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|line| line.starts_with(name));
    line.map_or_else(
        || format!("{name} n/a"),
        |line| line.split_whitespace().collect::<Vec<_>>().join(" "),
    )
}

/// `EXPORTS` whole ndjson exports at once, each body read and dropped; (bytes of each export,
/// seconds until the last is done). Every download must be a 200 of the same length.
fn exports(base: &str) -> (u64, f64) {
    const EXPORTS: usize = 8;
    let started = Instant::now();
    let downloads: Vec<_> = (0..EXPORTS)
        .map(|_| {
            let url = format!("{base}/api/export?format=ndjson");
            std::thread::spawn(move || {
                let mut response = agent().get(&url).call().expect("export");
                assert_eq!(response.status().as_u16(), 200, "{url}");
                std::io::copy(&mut response.body_mut().as_reader(), &mut std::io::sink()).unwrap()
            })
        })
        .collect();
    let sizes: Vec<u64> = downloads.into_iter().map(|download| download.join().unwrap()).collect();
    assert!(sizes.iter().all(|&size| size == sizes[0] && size > 0), "{sizes:?}");
    (sizes[0], started.elapsed().as_secs_f64())
}

fn main() {
    let dir = std::env::args_os().nth(1).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/relevance/index-compounds")
    });
    let capped = Limits::default();
    let uncapped = Limits { heavy_requests: 1 << 20, ..capped };
    let (_runtime, base) = start(&dir, capped);
    let one = agent();
    let before = status_line("VmHWM:");
    let (bytes, seconds) = exports(&base);
    println!(
        "8 exports at once ({bytes} bytes each, all done in {seconds:.1} s): peak RSS {before} \
         before, {} after",
        status_line("VmHWM:")
    );
    let expected: Vec<String> =
        PATHS.iter().map(|path| get(&one, &format!("{base}{path}")).1).collect();
    let search_url = format!("{base}{}", PATHS[0]);
    let (p50, p99) = latency(&one, &search_url, &expected[0]);
    println!("search alone: p50 {p50:.2} ms, p99 {p99:.2} ms over {SAMPLES} requests");

    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let pick_base = base.clone();
    let lengths: Vec<usize> = expected.iter().map(String::len).collect();
    let mixed = crowd(
        move |n| format!("{pick_base}{}", PATHS[n % PATHS.len()]),
        move |n, body| body.len() == lengths[n % PATHS.len()],
        stop.clone(),
    );
    std::thread::sleep(DURATION);
    stop.store(true, Ordering::Relaxed);
    let (done, failed) = mixed.join().unwrap();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "searches and facets: {CLIENTS} clients, {done} requests in {seconds:.1} s ({:.0}/s), \
         {failed} failed",
        done as f64 / seconds
    );

    // Documents to ask `similar` about: the first page of an everything-search.
    let all: serde_json::Value =
        serde_json::from_str(&get(&one, &format!("{base}/api/search?limit=200")).1).unwrap();
    let ids: Vec<String> = all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["path"].as_str().unwrap().replace('/', "%2F"))
        .collect();
    assert_eq!(ids.len(), 200);
    for (name, limits) in [("every similar at once", uncapped), ("capped", capped)] {
        let (_runtime, base) = start(&dir, limits);
        let search_url = format!("{base}{}", PATHS[0]);
        let (ids, stop) = (ids.clone(), Arc::new(AtomicBool::new(false)));
        let started = Instant::now();
        let similar = crowd(
            move |n| format!("{base}/api/similar/{}", ids[n % ids.len()]),
            |_, body| body.contains("\"hits\""),
            stop.clone(),
        );
        std::thread::sleep(Duration::from_secs(2));
        let (p50, p99) = latency(&one, &search_url, &expected[0]);
        stop.store(true, Ordering::Relaxed);
        let (done, failed) = similar.join().unwrap();
        println!(
            "search under {CLIENTS} similar clients ({name}, {} at a time): p50 {p50:.2} ms, \
             p99 {p99:.2} ms; {done} similar answered in {:.1} s, {failed} failed",
            limits.heavy_requests.min(CLIENTS),
            started.elapsed().as_secs_f64()
        );
    }
}
