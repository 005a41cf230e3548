//! The JSON API of `projsok serve`: every endpoint against the real binary on the seeds, with
//! exact values, byte-for-byte agreement with the command's `--json`, and bad input.

mod common;
mod webutil;

use common::{paths, S000, S002, S003, S004};
use projsok::output::compare::Compare;
use projsok::output::json::{Record, Search};
use projsok::output::similar::Similar;
use serde_json::Value;
use webutil::{agent, enc, get, Served};

fn ok(served: &Served, agent: &ureq::Agent, path: &str) -> String {
    let (status, content_type, body) = get(agent, &served.url(path));
    assert_eq!(status, 200, "GET {path}: {body}");
    assert!(content_type.starts_with("application/json"), "GET {path}: {content_type}");
    body
}

/// Asserts the status and a JSON `{"error": …}` body; returns the message.
fn error(served: &Served, agent: &ureq::Agent, path: &str, status: u16) -> String {
    let (got, content_type, body) = get(agent, &served.url(path));
    assert_eq!(got, status, "GET {path}: {body}");
    assert!(content_type.starts_with("application/json"), "GET {path}: {content_type}");
    let value: Value = serde_json::from_str(&body).expect("JSON error body");
    value["error"].as_str().expect("error message").to_string()
}

#[test]
fn search_matches_the_cli_and_filters() {
    let served = Served::start();
    let agent = agent();
    let body = ok(&served, &agent, &format!("/api/search?q={}", enc("socialt företagande")));
    let search: Search = serde_json::from_str(&body).unwrap();
    assert_eq!(paths(&search)[0], S003);
    assert_eq!(search.hits[0].title, "INTRO");
    assert!(search.hits[0].snippet.as_deref().unwrap().contains("«socialt företagande»"));
    // Exactly what the command prints.
    assert_eq!(body, served.env.ok(&["search", "--json", "socialt företagande"]));

    let all: Search = serde_json::from_str(&ok(&served, &agent, "/api/search")).unwrap();
    assert_eq!(all.total, 5);
    let region: Vec<(&str, u64)> =
        all.facets["region"].iter().map(|(value, count)| (value.as_str(), *count)).collect();
    assert_eq!(region, [("Övre Norrland", 3), ("Mellersta Norrland", 1), ("Stockholm", 1)]);

    let narrowed: Search = serde_json::from_str(&ok(
        &served,
        &agent,
        &format!("/api/search?region={}", enc("Mellersta Norrland")),
    ))
    .unwrap();
    assert_eq!(paths(&narrowed), [S004]);
    assert_eq!(narrowed.total, 1);

    // Repeated facet values are ORed, as on the command line; paging and sorting pass through.
    let path = format!(
        "/api/search?region={}&region=Stockholm&sort=grant&limit=1&offset=1",
        enc("Mellersta Norrland")
    );
    let body = ok(&served, &agent, &path);
    let cli = served.env.ok(&[
        "search",
        "--json",
        "--region",
        "Mellersta Norrland",
        "--region",
        "Stockholm",
        "--sort",
        "grant",
        "--limit",
        "1",
        "--offset",
        "1",
    ]);
    assert_eq!(body, cli);
    let paged: Search = serde_json::from_str(&body).unwrap();
    assert_eq!((paged.total, paged.hits.len()), (2, 1));

    let numbers = ok(&served, &agent, "/api/search?min_grant=1000000&active_in=2009");
    assert_eq!(
        numbers,
        served.env.ok(&["search", "--json", "--min-grant", "1000000", "--active-in", "2009"])
    );
}

#[test]
fn bad_input_is_a_400_with_the_message() {
    let served = Served::start();
    let agent = agent();
    let message = error(&served, &agent, &format!("/api/search?q={}", enc("\"unga vuxna")), 400);
    let cli = served.env.fails(&["search", "\"unga vuxna"], 2);
    assert_eq!(format!("projsok: {message}\n"), cli);
    assert!(message.contains("unga vuxna"), "{message}");

    let long = "a".repeat(10_000);
    let message = error(&served, &agent, &format!("/api/search?q={long}"), 400);
    assert!(message.contains("longer than"), "{message}");
    error(&served, &agent, &format!("/api/facets?q={long}"), 400);
    error(&served, &agent, &format!("/api/export?q={long}"), 400);

    let message = error(&served, &agent, "/api/search?limit=lots", 400);
    assert!(message.starts_with("limit:"), "{message}");
    error(&served, &agent, "/api/search?limit=10001", 400);
    error(&served, &agent, "/api/search?min_grant=5&max_grant=1", 400);
    error(&served, &agent, "/api/search?sort=random", 400);
    error(&served, &agent, "/api/search?active_in=2009&from_year=2008", 400);
    // An offset past the end is an empty page, as on the command line.
    let far: Search =
        serde_json::from_str(&ok(&served, &agent, &format!("/api/search?offset={}", u64::MAX)))
            .unwrap();
    assert_eq!((far.total, far.hits.len()), (5, 0));
    error(&served, &agent, "/api/compare?a=x", 400);
    error(&served, &agent, "/api/facets?field=phase&by_region=1", 400);
    error(&served, &agent, "/api/export?format=xml", 400);
    error(&served, &agent, "/api/nothing-here", 404);
}

#[test]
fn show_looks_up_ids_in_the_index_only() {
    let served = Served::start();
    let agent = agent();
    let body = ok(&served, &agent, &format!("/api/show/{}", enc(S003)));
    assert_eq!(body, served.env.ok(&["show", "--json", S003]));
    let record: Record = serde_json::from_str(&body).unwrap();
    assert_eq!(record.title, "INTRO");
    // An unencoded path works too.
    let plain: Record = serde_json::from_str(&ok(&served, &agent, &format!("/api/show/{S003}")))
        .expect("show JSON");
    assert_eq!(plain, record);

    let message = error(&served, &agent, "/api/show/seeds/nothing.txt", 404);
    assert_eq!(
        message,
        "seeds/nothing.txt: no document with this id in the index; closest: \
         seeds/000_cea40166ddf3072c.txt, seeds/001_5529787c01511de8.txt, \
         seeds/002_e2cf07384f130b54.txt"
    );
    for id in ["../../etc/passwd", "/etc/passwd", "seeds/../../../etc/passwd"] {
        error(&served, &agent, &format!("/api/show/{}", enc(id)), 404);
        error(&served, &agent, &format!("/api/similar/{}", enc(id)), 404);
    }
    // The file really exists beside the index: still only an id lookup.
    error(&served, &agent, "/api/show/seeds", 404);
}

#[test]
fn similar_and_compare_match_the_cli() {
    let served = Served::start();
    let agent = agent();
    let body = ok(&served, &agent, &format!("/api/similar/{}?limit=3", enc(S000)));
    assert_eq!(body, served.env.ok(&["similar", "--json", "--limit", "3", S000]));
    let similar: Similar = serde_json::from_str(&body).unwrap();
    assert_eq!(similar.source.as_deref(), Some(S000));
    assert_eq!(similar.hits.len(), 3);
    assert!(similar.hits.iter().all(|hit| hit.hit.path != S000 && !hit.terms.is_empty()));

    let text = "nyanlända arbetsmarknad introduktion";
    let body = ok(&served, &agent, &format!("/api/similar?text={}", enc(text)));
    assert_eq!(body, served.env.ok(&["similar", "--json", "--text", text]));
    error(&served, &agent, "/api/similar?text=", 400);

    let body = ok(&served, &agent, &format!("/api/compare?a={}&b={}", enc(S000), enc(S002)));
    assert_eq!(body, served.env.ok(&["compare", "--json", S000, S002]));
    let compare: Compare = serde_json::from_str(&body).unwrap();
    assert_eq!(compare.kommuner_common.len(), 29);
    assert_eq!(compare.sections[0].section, "all");
    let message = error(&served, &agent, &format!("/api/compare?a={}&b=nope", enc(S000)), 404);
    assert!(message.contains("nope"), "{message}");
}

#[test]
fn facets_match_the_cli() {
    let served = Served::start();
    let agent = agent();
    let body = ok(&served, &agent, "/api/facets");
    assert_eq!(body, served.env.ok(&["facets", "--json"]));
    let facets: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        facets["region"],
        serde_json::json!({"Övre Norrland": 3, "Mellersta Norrland": 1, "Stockholm": 1})
    );
    for (path, args) in [
        ("/api/facets?by_region=1", vec!["facets", "--json", "--by-region"]),
        ("/api/facets?field=grant", vec!["facets", "--json", "--field", "grant"]),
        (
            "/api/facets?q=nyanl%C3%A4nda&field=phase",
            vec!["facets", "--json", "--field", "phase", "nyanlända"],
        ),
    ] {
        assert_eq!(ok(&served, &agent, path), served.env.ok(&args), "{path}");
    }
}

#[test]
fn export_matches_the_cli() {
    let served = Served::start();
    let agent = agent();
    let (status, content_type, csv) = get(&agent, &served.url("/api/export?format=csv"));
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/csv; charset=utf-8");
    assert_eq!(csv, served.env.ok(&["export", "--format", "csv"]));
    let mut reader =
        csv::ReaderBuilder::new().from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    assert!(reader.headers().unwrap().iter().any(|column| column == "path"));
    assert_eq!(reader.records().count(), 5);

    let path = format!("/api/export?format=ndjson&region={}", enc("Övre Norrland"));
    let (status, content_type, ndjson) = get(&agent, &served.url(&path));
    assert_eq!((status, content_type.as_str()), (200, "application/x-ndjson"));
    assert_eq!(
        ndjson,
        served.env.ok(&["export", "--format", "ndjson", "--region", "Övre Norrland"])
    );
    assert_eq!(ndjson.lines().count(), 3);
}

#[test]
fn the_page_is_served_with_its_assets() {
    let served = Served::start();
    let agent = agent();
    let (status, content_type, html) = get(&agent, &served.url("/"));
    assert_eq!((status, content_type.as_str()), (200, "text/html; charset=utf-8"));
    assert!(html.contains("<html lang=\"sv\">") && html.contains("/app.js"));
    for (path, kind) in [("/app.js", "text/javascript"), ("/style.css", "text/css")] {
        let (status, content_type, body) = get(&agent, &served.url(path));
        assert_eq!(status, 200, "{path}");
        assert!(content_type.starts_with(kind), "{path}: {content_type}");
        // Offline: nothing loaded from elsewhere.
        assert!(!body.contains("https://") && !body.contains("http://"), "{path} links out");
    }
}
