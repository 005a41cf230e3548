//! Load and latency of `projsok serve`, in process on loopback: 50 clients for 10 seconds
//! (every answer must be a 200 with the expected total), then the median and p95 of a warm
//! `/api/search` request made one at a time.
//!
//! `cargo run --release --example serve_load -- [INDEX]` (default: the seeds + g0vse index that
//! `cargo bench --bench relevance` builds in target/relevance/index-compounds).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use projsok::analysis::synonyms::Synonyms;
use projsok::app::serve::{router, Server};

const CLIENTS: usize = 50;
const DURATION: Duration = Duration::from_secs(10);
/// Warm single requests timed for the median.
const SAMPLES: usize = 300;
const PATHS: [&str; 4] = [
    "/api/search?q=socialt+f%C3%B6retagande",
    "/api/search?q=matchning&region=Stockholm",
    "/api/search?q=nyanl%C3%A4ndas+etablering+arbetsmarknad&limit=10&offset=10",
    "/api/facets?q=spr%C3%A5kutbildning",
];

fn main() {
    let dir = std::env::args_os().nth(1).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/relevance/index-compounds")
    });
    let index = projsok::index::open(&dir)
        .unwrap_or_else(|err| panic!("{err}: build it with `cargo bench --bench relevance`"));
    let documents = index.meta.documents;
    let server = Arc::new(Server { index, synonyms: Synonyms::built_in() });
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(async move { axum::serve(listener, router(server)).await });
    println!("{documents} documents, serving {base}");

    let agent = || -> ureq::Agent {
        ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(30))).build().into()
    };
    // The expected body size of each path, from one request before the load.
    let one = agent();
    let expected: Vec<usize> = PATHS
        .iter()
        .map(|path| {
            let body =
                one.get(&format!("{base}{path}")).call().unwrap().body_mut().read_to_string();
            body.unwrap().len()
        })
        .collect();

    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (stop, done, base, expected) =
                (stop.clone(), done.clone(), base.clone(), expected.clone());
            std::thread::spawn(move || {
                let agent = agent();
                let mut n = client;
                while !stop.load(Ordering::Relaxed) {
                    let which = n % PATHS.len();
                    let url = format!("{base}{}", PATHS[which]);
                    let mut response =
                        agent.get(&url).call().unwrap_or_else(|err| panic!("GET {url}: {err}"));
                    assert_eq!(response.status().as_u16(), 200, "{url}");
                    let body = response.body_mut().read_to_string().unwrap();
                    assert_eq!(body.len(), expected[which], "{url}: another answer under load");
                    done.fetch_add(1, Ordering::Relaxed);
                    n += 1;
                }
            })
        })
        .collect();
    std::thread::sleep(DURATION);
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().expect("a client failed");
    }
    let total = done.load(Ordering::Relaxed);
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "load: {CLIENTS} clients, {total} requests in {seconds:.1} s ({:.0}/s), no errors",
        total as f64 / seconds
    );

    let url = format!("{base}{}", PATHS[0]);
    let mut times: Vec<Duration> = (0..SAMPLES)
        .map(|_| {
            let start = Instant::now();
            let body = one.get(&url).call().unwrap().body_mut().read_to_string().unwrap();
            assert_eq!(body.len(), expected[0]);
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "warm search {:?}: median {:.2} ms, p95 {:.2} ms over {SAMPLES} requests",
        PATHS[0],
        times[SAMPLES / 2].as_secs_f64() * 1e3,
        times[SAMPLES * 95 / 100].as_secs_f64() * 1e3
    );
}
