//! The JSON API of `projsok serve`: every endpoint against the real binary on the seeds, with
//! exact values, byte-for-byte agreement with the command's `--json`, and bad input.

use crate::common::wire::Compare;
use crate::common::wire::Similar;
use crate::common::wire::{self, Record, Search};
use crate::common::{paths, S000, S002, S003, S004};
use crate::webutil::{agent, enc, get, Served};
use serde_json::Value;

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

/// POST `body` as text: (status, body).
fn post(served: &Served, agent: &ureq::Agent, path: &str, body: &[u8]) -> (u16, String) {
    let url = served.url(path);
    let mut response = agent
        .post(&url)
        .header("content-type", "text/plain; charset=utf-8")
        .send(body)
        .unwrap_or_else(|err| panic!("POST {path}: {err}"));
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().expect("UTF-8 body"))
}

#[test]
fn search_matches_the_cli_and_filters() {
    let served = Served::start();
    let agent = agent();
    let body = ok(&served, &agent, &format!("/api/search?q={}", enc("socialt företagande")));
    let search: Search = wire::decode(&body);
    assert_eq!(paths(&search)[0], S003);
    assert_eq!(search.hits[0].title, "INTRO");
    assert!(search.hits[0].snippet.as_deref().unwrap().contains("«socialt företagande»"));
    // Exactly what the command prints.
    assert_eq!(body, served.env.ok(&["search", "--json", "socialt företagande"]));
    // A replacement character sent as text (not bytes that fail to decode) is read as the
    // command reads it: between two words.
    let body = ok(&served, &agent, "/api/search?q=socialt%EF%BF%BDf%C3%B6retagande");
    assert_eq!(body, served.env.ok(&["search", "--json", "socialt\u{FFFD}företagande"]));
    assert_eq!(wire::decode::<Search>(&body).total, 2);

    let all: Search = wire::decode(ok(&served, &agent, "/api/search"));
    assert_eq!(all.total, 5);
    let region: Vec<(&str, u64)> =
        all.facets["region"].iter().map(|(value, count)| (value.as_str(), *count)).collect();
    assert_eq!(region, [("Övre Norrland", 3), ("Mellersta Norrland", 1), ("Stockholm", 1)]);

    let narrowed: Search = wire::decode(ok(
        &served,
        &agent,
        &format!("/api/search?region={}", enc("Mellersta Norrland")),
    ));
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
    let paged: Search = wire::decode(&body);
    assert_eq!((paged.total, paged.hits.len()), (2, 1));

    let numbers = ok(&served, &agent, "/api/search?min_grant=1000000&active_in=2009");
    assert_eq!(
        numbers,
        served.env.ok(&["search", "--json", "--min-grant", "1000000", "--active-in", "2009"])
    );
    // Amounts as the flags read them: a link written by hand with "1 Mkr" was a 400.
    for amount in ["1%20Mkr", "1%20000%20000", "1000%20tkr", "1,0Mkr"] {
        let url = format!("/api/search?min_grant={amount}&active_in=2009");
        assert_eq!(ok(&served, &agent, &url), numbers, "{amount}");
    }
    let message = error(&served, &agent, "/api/search?min_grant=1,5%20kr", 400);
    assert_eq!(message, "min_grant: \"1,5 kr\": is not a whole number of kronor");
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
        wire::decode(ok(&served, &agent, &format!("/api/search?offset={}", u64::MAX)));
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
    let record: Record = wire::decode(&body);
    assert_eq!(record.title, "INTRO");
    // An unencoded path works too.
    let plain: Record = wire::decode(ok(&served, &agent, &format!("/api/show/{S003}")));
    assert_eq!(plain, record);
    // With a query, each section's text marked as the search's snippets mark it.
    let shown: Value =
        serde_json::from_str(&ok(&served, &agent, &format!("/api/show/{S002}?q=utbildning")))
            .unwrap();
    let marked: Vec<&str> = shown["marked_sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|text| text.as_str().unwrap().split('«').skip(1))
        .map(|rest| rest.split_once('»').unwrap().0)
        .collect();
    assert_eq!(marked, ["yrkesutbildning", "arbetsmarknadsutbildningar", "utbildnings"]);
    assert_eq!(
        shown["sections"].as_array().unwrap().len(),
        shown["marked_sections"].as_array().unwrap().len()
    );
    let unmarked: Value = serde_json::from_str(&ok(
        &served,
        &agent,
        &format!("/api/show/{S002}?q=utbildning&exact=1"),
    ))
    .unwrap();
    assert!(unmarked["marked_sections"].to_string().contains("«utbildnings»"), "{unmarked}");

    // No id is near "nothing.txt": none is offered.
    let message = error(&served, &agent, "/api/show/seeds/nothing.txt", 404);
    assert_eq!(message, "seeds/nothing.txt: no document with this id in the index");
    let message = error(&served, &agent, "/api/show/seeds/003_2b3fa1d7a6e76dcf.txt", 404);
    assert_eq!(
        message,
        "seeds/003_2b3fa1d7a6e76dcf.txt: no document with this id in the index; closest: \
         seeds/003_2b3fa1d7a6e76dce.txt"
    );
    let message = error(&served, &agent, &format!("/api/show/{}?qq=sfi", enc(S003)), 400);
    assert_eq!(message, "qq: unknown parameter; this one takes exact, q");
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
    let similar: Similar = wire::decode(&body);
    assert_eq!(similar.source.as_deref(), Some(S000));
    assert_eq!(similar.hits.len(), 3);
    assert!(similar.hits.iter().all(|hit| hit.path != S000 && !hit.terms.is_empty()));

    let text = "nyanlända arbetsmarknad introduktion";
    let body = ok(&served, &agent, &format!("/api/similar?text={}", enc(text)));
    assert_eq!(body, served.env.ok(&["similar", "--json", "--text", text]));
    error(&served, &agent, "/api/similar?text=", 400);

    // A pasted application too long for a URL goes in a POST's body, the rest stays a parameter.
    let long = "nyanlända arbetsmarknad introduktion praktik ".repeat(1_400);
    assert_eq!(long.chars().count(), 63_000);
    let (status, body) = post(&served, &agent, "/api/similar?limit=3", long.as_bytes());
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, served.env.ok(&["similar", "--json", "--limit", "3", "--text", &long]));
    let (status, body) = post(&served, &agent, "/api/similar?limit=3&text=x", long.as_bytes());
    assert_eq!(status, 400, "{body}");
    let past_limit = vec![b'a'; (1 << 20) + 1];
    let (status, body) = post(&served, &agent, "/api/similar", &past_limit);
    assert_eq!(status, 413);
    assert_eq!(
        body,
        "{\"error\":\"text: longer than 1 MiB (1048576 bytes), the most similar compares with; \
         send a part of it\"}\n"
    );
    let (status, body) = post(&served, &agent, "/api/similar", b"\xff praktik");
    assert_eq!(
        (status, body.as_str()),
        (400, "{\"error\":\"text: not UTF-8 text (invalid byte at offset 0)\"}\n")
    );

    let body = ok(&served, &agent, &format!("/api/compare?a={}&b={}", enc(S000), enc(S002)));
    assert_eq!(body, served.env.ok(&["compare", "--json", S000, S002]));
    let compare: Compare = wire::decode(&body);
    assert_eq!(compare.kommuner_common.len(), 29);
    assert_eq!(compare.sections[0].section, "all");
    let message = error(&served, &agent, &format!("/api/compare?a={}&b=nope", enc(S000)), 404);
    assert!(message.contains("nope"), "{message}");
}

/// A POST's request head, then what the server answers within 5 s (its first bytes: the
/// status line tells all).
fn answer_to_head(served: &Served, head: &str) -> String {
    use std::io::{Read, Write};
    let address = served.base.trim_start_matches("http://").to_string();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
    let mut answer = vec![0; 4096];
    let read = stream.read(&mut answer).unwrap_or(0);
    String::from_utf8_lossy(&answer[..read]).into_owned()
}

#[test]
fn a_body_declared_too_long_is_refused_before_it_is_sent() {
    let served = Served::start();
    let head = |expect: &str| {
        format!(
            "POST /api/similar HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n\
             Content-Length: {}\r\n{expect}\r\n",
            (1 << 20) + 1
        )
    };
    // Before, the server waited for the body it was going to refuse (a 503 after the time
    // budget, here nothing within 5 s), and answered "Expect: 100-continue" with the 100.
    for expect in ["", "Expect: 100-continue\r\n"] {
        let answer = answer_to_head(&served, &head(expect));
        assert!(answer.starts_with("HTTP/1.1 413 Payload Too Large\r\n"), "{expect:?}: {answer:?}");
        assert!(
            answer.ends_with(
                "{\"error\":\"text: longer than 1 MiB (1048576 bytes), the most similar \
                 compares with; send a part of it\"}\n"
            ),
            "{expect:?}: {answer:?}"
        );
    }
    // A body within the limit that asks first is let in and answered.
    let text = "nyanlända arbetsmarknad";
    let head = format!(
        "POST /api/similar?limit=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n\
         Expect: 100-continue\r\n\r\n",
        text.len()
    );
    assert_eq!(answer_to_head(&served, &head), "HTTP/1.1 100 Continue\r\n\r\n");
    assert_eq!(served.log(), Vec::<String>::new());
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
    // Streamed as it is written, not built first.
    let response = agent.get(&served.url("/api/export?format=csv")).call().unwrap();
    let encoding = response.headers().get("transfer-encoding").map(|value| value.to_str().unwrap());
    assert_eq!(encoding, Some("chunked"));
    assert!(response.headers().get("content-length").is_none());

    let path = format!("/api/export?format=ndjson&region={}", enc("Övre Norrland"));
    let (status, content_type, ndjson) = get(&agent, &served.url(&path));
    assert_eq!((status, content_type.as_str()), (200, "application/x-ndjson"));
    assert_eq!(
        ndjson,
        served.env.ok(&["export", "--format", "ndjson", "--region", "Övre Norrland"])
    );
    assert_eq!(ndjson.lines().count(), 3);

    // Without the sections' texts, as the page's export offers.
    let (status, _, bare) = get(&agent, &served.url("/api/export?format=ndjson&no_sections=1"));
    assert_eq!(status, 200);
    assert_eq!(bare, served.env.ok(&["export", "--format", "ndjson", "--no-sections"]));
    let records: Vec<Record> = bare.lines().map(wire::decode).collect();
    assert_eq!(records.len(), 5);
    assert!(records.iter().all(|record| record.sections.is_empty()));
}

#[test]
fn the_page_is_served_with_its_assets() {
    let served = Served::start();
    let agent = agent();
    let (status, content_type, html) = get(&agent, &served.url("/"));
    assert_eq!((status, content_type.as_str()), (200, "text/html; charset=utf-8"));
    assert!(html.contains("<html lang=\"sv\"") && html.contains("/app.js"));
    assert!(html.contains("<script src=\"/errors.js\" defer></script>"));
    let assets = [
        ("/app.js", "text/javascript"),
        ("/errors.js", "text/javascript"),
        ("/style.css", "text/css"),
    ];
    for (path, kind) in assets {
        let (status, content_type, body) = get(&agent, &served.url(path));
        assert_eq!(status, 200, "{path}");
        assert!(content_type.starts_with(kind), "{path}: {content_type}");
        // Offline: nothing loaded from elsewhere (the SVG namespace is a name, never fetched).
        let body = body.replace("\"http://www.w3.org/2000/svg\"", "");
        assert!(!body.contains("https://") && !body.contains("http://"), "{path} links out");
    }
}

/// Every validation error the API gives, in the API's own parameter names: none names a
/// command-line flag.
#[test]
fn every_validation_error_names_the_api_parameter() {
    let served = Served::start();
    let agent = agent();
    let (s000, s003) = (enc(S000), enc(S003));
    let cases = [
        (
            "/api/search?limit=10001".to_string(),
            "limit: 10001 is more than 10000; page with offset",
        ),
        ("/api/search?limit=lots".to_string(), "limit: \"lots\" is not a whole number in range"),
        ("/api/search?offset=-1".to_string(), "offset: \"-1\" is not a whole number in range"),
        (
            "/api/search?from_year=2010&to_year=2009".to_string(),
            "from_year: 2010 is after to_year 2009",
        ),
        (
            "/api/search?min_grant=5&max_grant=1".to_string(),
            "min_grant: 5 is more than max_grant 1",
        ),
        (
            "/api/search?min_budget=5&max_budget=1".to_string(),
            "min_budget: 5 is more than max_budget 1",
        ),
        (
            "/api/search?active_in=2009&to_year=2010".to_string(),
            "active_in: cannot be used with from_year or to_year",
        ),
        ("/api/search?sort=random".to_string(), "sort: unknown value \"random\""),
        ("/api/search?region=%20".to_string(), "region: invalid value \" \""),
        ("/api/facets?kommun=a%01b".to_string(), "kommun: invalid value \"a\\u{1}b\""),
        (format!("/api/similar/{s000}?limit=0"), "limit: 0 is not between 1 and 1000"),
        (format!("/api/similar/{s000}?limit=1001"), "limit: 1001 is not between 1 and 1000"),
        (format!("/api/similar/{s000}?field=nothing"), "field: unknown value \"nothing\""),
        ("/api/similar?text=%20".to_string(), "text: the text to compare is empty"),
        ("/api/similar".to_string(), "text: the text to compare is empty"),
        ("/api/compare?a=x".to_string(), "b: missing"),
        ("/api/compare?b=x".to_string(), "a: missing"),
        (format!("/api/compare?a={s000}&b={s003}&terms=0"), "terms: 0 is not between 1 and 100"),
        (format!("/api/compare?a={s000}&b={s003}&section=x"), "section: unknown value \"x\""),
        (
            "/api/facets?field=phase&by_region=1".to_string(),
            "by_region: groups kommun counts; use it with field=kommun or without field",
        ),
        ("/api/facets?field=nope".to_string(), "field: unknown value \"nope\""),
        (
            "/api/export?format=opensearch".to_string(),
            "format: opensearch is a folder of files, written by the command `projsok export`; \
             the API exports csv or ndjson",
        ),
        ("/api/export?format=xml".to_string(), "format: unknown value \"xml\""),
        ("/api/export?sort=x".to_string(), "sort: unknown value \"x\""),
        (
            "/api/export?max_grant=x".to_string(),
            "max_grant: \"x\": must be an amount in kronor, as in 1500000, \"1 500 000\", \"1,5 Mkr\" \
             or \"500 tkr\"",
        ),
        (
            "/api/search?q=sfi&regoin=Stockholm".to_string(),
            "regoin: unknown parameter; did you mean region?",
        ),
        ("/api/search?regoin=".to_string(), "regoin: unknown parameter; did you mean region?"),
        ("/api/search?q=a&q=b".to_string(), "q: given twice, as \"a\" and \"b\"; give it once"),
        (
            format!("/api/similar/{s000}?field=syfte&field=bakgrund"),
            "field: given twice, as \"syfte\" and \"bakgrund\"; give it once",
        ),
        (
            "/api/facets?by_region=maybe".to_string(),
            "by_region: \"maybe\" is neither true nor false (give 1 or 0, true or false)",
        ),
        (
            "/api/search?q=%ff%fe".to_string(),
            "q: not UTF-8 text (percent-encoded bytes that do not decode)",
        ),
        ("/api/search?=x".to_string(), "query string: a value without a parameter name (=x)"),
        // One changed letter of a one-letter name is no misspelling.
        (
            "/api/compare?a=x&b=y&c=1".to_string(),
            "c: unknown parameter; this one takes a, b, section, terms",
        ),
        (format!("/api/compare/matrix?q=arbete&id={s000}"), "q: give ids or q, not both"),
        (
            "/api/compare?a=x&b=y&zzz=1".to_string(),
            "zzz: unknown parameter; this one takes a, b, section, terms",
        ),
        (
            format!("/api/similar/{s000}?text=x"),
            "text: unknown parameter; this one takes active_in, collapse, field, from_year, kind, \
             kommun, lang, limit, max_budget, max_grant, min_budget, min_grant, owner, phase, \
             program, region, to_year",
        ),
    ];
    for (path, expected) in &cases {
        assert_eq!(error(&served, &agent, path, 400), *expected, "GET {path}");
    }
    // Errors that depend on the document name the parameter too.
    for path in [
        format!("/api/similar/{}?field=sammanfattning", enc(NO_SUMMARY)),
        format!("/api/compare?a={}&b={s003}&section=sammanfattning", enc(NO_SUMMARY)),
    ] {
        let message = error(&served, &agent, &path, 400);
        let name = if path.contains("similar") { "field" } else { "section" };
        assert_eq!(
            message,
            format!("{name}: {NO_SUMMARY} has no Sammanfattning section"),
            "{path}"
        );
    }
}

/// A seed without a Sammanfattning section (the transcript: its sections are Bakgrund, Mål och
/// syfte and Målgruppen).
const NO_SUMMARY: &str = crate::common::S001;

/// Asserts that the server logs exactly `count` lines within a few seconds; returns them.
fn await_log(served: &Served, count: usize) -> Vec<String> {
    for _ in 0..100 {
        if served.log().len() >= count {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let log = served.log();
    assert_eq!(log.len(), count, "{log:#?}");
    log
}

#[cfg(debug_assertions)]
#[test]
fn a_panic_in_a_handler_is_logged_and_answered_500_and_the_server_goes_on() {
    let served = Served::start_in(
        crate::common::Env::indexed(),
        &[],
        &[("PROJSOK_FAILPOINT", "panic-search")],
    );
    let agent = agent();
    let internal = "internal error: this request failed; the server logged it and goes on serving";
    assert_eq!(error(&served, &agent, "/api/search?q=matchning", 500), internal);
    let record: Record = wire::decode(ok(&served, &agent, &format!("/api/show/{}", enc(S003))));
    assert_eq!(record.title, "INTRO");
    assert_eq!(error(&served, &agent, "/api/search?q=sfi&limit=2", 500), internal);
    let log = await_log(&served, 2);
    for (line, request) in log.iter().zip(["/api/search?q=matchning", "/api/search?q=sfi&limit=2"])
    {
        let prefix = format!("projsok: GET {request}: panicked at src/serve/work.rs:");
        assert!(line.starts_with(&prefix), "{line}");
        assert!(line.ends_with(": failpoint panic-search"), "{line}");
    }
}

#[cfg(debug_assertions)]
#[test]
fn an_answer_over_the_time_budget_is_a_503_and_others_are_served_meanwhile() {
    let served = Served::start_in(
        crate::common::Env::indexed(),
        &["--timeout", "1"],
        &[("PROJSOK_FAILPOINT", "slow-search")],
    );
    let url = served.url("/api/search?q=matchning");
    let started = std::time::Instant::now();
    let slow = std::thread::spawn(move || {
        let (status, _, body) = get(&agent(), &url);
        (status, body, started.elapsed())
    });
    std::thread::sleep(std::time::Duration::from_millis(200));
    let facets: Value = serde_json::from_str(&ok(&served, &agent(), "/api/facets")).unwrap();
    assert_eq!(facets["phase"], serde_json::json!({"Förprojektering": 3, "Genomförande": 2}));
    assert!(started.elapsed().as_secs_f64() < 1.0, "the slow search held up another request");
    let (status, body, took) = slow.join().unwrap();
    assert_eq!(status, 503);
    let value: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        value["error"],
        "the answer took longer than the server's time budget of 1 s; narrow the query or ask \
         for fewer results"
    );
    assert!(took.as_secs_f64() >= 1.0 && took.as_secs_f64() < 2.5, "{took:?}");
}

/// The server's own failures are 5xx, never a 400: a damaged index is a 503 that says what
/// to do, and the server goes on answering what it can.
#[test]
fn a_damaged_index_is_a_503_not_the_clients_fault() {
    let env = crate::common::Env::with_seeds();
    env.ok(&["index", "seeds", "--threads", "1"]);
    crate::messages::damage_stored_records(&env.join("index"));
    let served = Served::start_in(env, &[], &[]);
    let agent = agent();
    let damaged = "index/: the index files are damaged; rebuild with: projsok index FOLDER...";
    for path in [
        format!("/api/show/{}", enc(S000)),
        "/api/search?q=socialt".to_string(),
        format!("/api/similar/{}", enc(S000)),
        "/api/similar?text=socialt+f%C3%B6retagande".to_string(),
    ] {
        assert_eq!(error(&served, &agent, &path, 503), damaged, "{path}");
    }
    // What needs no stored record still answers.
    let facets: Value = serde_json::from_str(&ok(&served, &agent, "/api/facets")).unwrap();
    assert_eq!(facets["phase"], serde_json::json!({"Förprojektering": 3, "Genomförande": 2}));
}

/// Requests over the budget stop their work: the heavy places the slow `similar` requests
/// held are free as soon as they are answered 503, so an export right after them is served.
/// Had their work run on (five seconds), the export would find no place within its budget.
#[cfg(debug_assertions)]
#[test]
fn work_over_the_time_budget_stops_and_frees_its_heavy_place() {
    let served = Served::start_in(
        crate::common::Env::indexed(),
        &["--timeout", "1"],
        &[("PROJSOK_FAILPOINT", "slow-similar")],
    );
    // More than the places of any machine (half its cores): every place is taken.
    let crowd: Vec<_> = (0..32)
        .map(|_| {
            let url = served.url("/api/similar?text=matchning");
            std::thread::spawn(move || get(&agent(), &url))
        })
        .collect();
    let mut messages: Vec<String> = crowd
        .into_iter()
        .map(|request| {
            let (status, _, body) = request.join().unwrap();
            assert_eq!(status, 503, "{body}");
            let value: Value = serde_json::from_str(&body).unwrap();
            value["error"].as_str().unwrap().to_string()
        })
        .collect();
    messages.sort();
    messages.dedup();
    assert!(
        messages.contains(
            &"the answer took longer than the server's time budget of 1 s; narrow the query or \
              ask for fewer results"
                .to_string()
        ),
        "{messages:#?}"
    );
    let agent = agent();
    let (status, content_type, body) = get(&agent, &served.url("/api/export?format=ndjson"));
    assert_eq!((status, content_type.as_str()), (200, "application/x-ndjson"), "{body}");
    assert_eq!(body.lines().count(), 5);
    assert_eq!(served.log(), Vec::<String>::new());
}

#[test]
fn a_client_that_never_finishes_its_request_head_is_disconnected() {
    use std::io::{Read, Write};
    let served = Served::start();
    let address = served.base.trim_start_matches("http://").to_string();
    let partial = std::thread::spawn({
        let address = address.clone();
        move || {
            let mut stream = std::net::TcpStream::connect(&address).unwrap();
            stream.write_all(b"GET /api/search?q=sfi HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
            stream
        }
    });
    let silent = std::net::TcpStream::connect(&address).unwrap();
    let started = std::time::Instant::now();
    for mut stream in [partial.join().unwrap(), silent] {
        stream.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("the server closes the connection");
        assert_eq!(String::from_utf8_lossy(&answer), "");
    }
    let waited = started.elapsed().as_secs_f64();
    assert!((4.5..8.0).contains(&waited), "closed after {waited:.1} s");
    // Meanwhile and after, complete requests are answered.
    let search: Search = wire::decode(ok(&served, &agent(), "/api/search"));
    assert_eq!(search.total, 5);
}

/// The files the process has open or mapped.
fn held_files(pid: u32) -> Vec<String> {
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
    let mut held: Vec<String> =
        maps.lines().filter_map(|line| Some(line[line.find('/')?..].to_string())).collect();
    for entry in std::fs::read_dir(format!("/proc/{pid}/fd")).unwrap().flatten() {
        if let Ok(target) = std::fs::read_link(entry.path()) {
            held.push(target.to_string_lossy().into_owned());
        }
    }
    held
}

fn total(served: &Served, agent: &ureq::Agent, query: &str) -> usize {
    let body = ok(served, agent, &format!("/api/search?q={}", enc(query)));
    wire::decode::<Search>(&body).total
}

#[cfg(target_os = "linux")]
#[test]
fn the_server_follows_rebuilds_and_updates_and_lets_the_old_files_go() {
    let served = Served::start();
    let agent = agent();
    let index = served.env.join("index");
    let generation = || std::fs::read_to_string(index.join("CURRENT")).unwrap();
    let first = generation();
    assert_eq!(total(&served, &agent, ""), 5);
    assert_eq!(total(&served, &agent, "blåbärssoppa"), 0);
    let held = held_files(served.pid());
    assert!(held.iter().any(|file| file.contains(&first)), "{held:#?}");

    std::fs::create_dir(served.env.join("extra")).unwrap();
    let page = "Blåbärssoppa i Jokkmokk\n\nSammanfattning\n\nBlåbärssoppa serveras.\n";
    std::fs::write(served.env.join("extra/soppa.txt"), page).unwrap();
    served.env.ok(&["index", "seeds", "extra"]);
    let second = generation();
    assert_ne!(first, second);
    // The next request answers from the new generation.
    assert_eq!(total(&served, &agent, ""), 6);
    assert_eq!(total(&served, &agent, "blåbärssoppa"), 1);
    assert!(!index.join(&first).exists());
    let held = held_files(served.pid());
    assert!(held.iter().all(|file| !file.contains(&first)), "{held:#?}");
    assert!(held.iter().any(|file| file.contains(&second)), "{held:#?}");

    // An update commits in place: same generation, new answers, merged-away files let go.
    std::fs::write(served.env.join("extra/soppa.txt"), page.replace("soppa", "paj")).unwrap();
    std::fs::write(served.env.join("extra/mer.txt"), "Mer blåbärssoppa\n\nOch mer.\n").unwrap();
    served.env.ok(&["index", "--update", "seeds", "extra"]);
    assert_eq!(generation(), second);
    assert_eq!(total(&served, &agent, ""), 7);
    assert_eq!(total(&served, &agent, "blåbärssoppa"), 1);
    assert_eq!(total(&served, &agent, "blåbärspaj"), 1);
    // Only documents under the paths given are removed when their files are gone (a folder
    // with no file left keeps its documents: it may be a share not mounted).
    std::fs::remove_file(served.env.join("extra/soppa.txt")).unwrap();
    served.env.ok(&["index", "--update", "seeds", "extra"]);
    assert_eq!(total(&served, &agent, ""), 6);
    let held = held_files(served.pid());
    let deleted: Vec<&String> = held.iter().filter(|file| file.ends_with("(deleted)")).collect();
    assert!(deleted.is_empty(), "the server holds deleted files: {deleted:#?}");
}

#[test]
fn a_deeply_nested_query_is_refused_and_the_server_goes_on() {
    let served = Served::start();
    let agent = agent();
    // 400 levels aborted the server: a stack overflow is not a panic the handler can catch.
    let deep = format!("{}a{}", "-(".repeat(400), ")".repeat(400));
    let message = error(&served, &agent, &format!("/api/search?q={}", enc(&deep)), 400);
    assert!(message.ends_with(": more than 32 parentheses nested (at character 66)"), "{message}");
    let within = format!("{}matchning{}", "(".repeat(32), ")".repeat(32));
    let found: Search =
        wire::decode(ok(&served, &agent, &format!("/api/search?q={}", enc(&within))));
    assert_eq!(found.total, 2);
}

/// `disjunctive=1`: every value a chosen facet shows is what choosing it instead gives, every
/// other facet's value what adding it gives, and "okänd" what the filter value okänd gives;
/// swept over every value of every facet, with and without a second facet chosen.
#[test]
fn disjunctive_facet_counts_agree_with_clicking() {
    let served = Served::start();
    let agent = agent();
    let total = |query: &str| -> u64 {
        let search: Search = wire::decode(ok(&served, &agent, &format!("/api/search?{query}")));
        search.total as u64
    };
    let chosen = [
        vec![("region", "Övre Norrland")],
        vec![("region", "Övre Norrland"), ("region", "Stockholm"), ("owner", "okänd")],
        vec![("phase", "Genomförande"), ("program", "okänd")],
    ];
    let mut checked = 0;
    for filters in chosen {
        let query = |pairs: &[(&str, &str)]| -> String {
            pairs.iter().map(|(k, v)| format!("{k}={}", enc(v))).collect::<Vec<_>>().join("&")
        };
        let body = ok(&served, &agent, &format!("/api/facets?disjunctive=1&{}", query(&filters)));
        let counts: Value = serde_json::from_str(&body).unwrap();
        for (field, values) in counts.as_object().unwrap() {
            for (value, count) in values.as_object().unwrap() {
                let mut clicked: Vec<(&str, &str)> =
                    filters.iter().copied().filter(|(k, _)| k != field).collect();
                clicked.push((field.as_str(), value.as_str()));
                assert_eq!(
                    total(&query(&clicked)),
                    count.as_u64().unwrap(),
                    "{field}={value} under {filters:?}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 84);
    let body = ok(&served, &agent, "/api/facets?disjunctive=1&region=Stockholm&field=region");
    assert_eq!(
        body,
        "{\"region\":{\"Övre Norrland\":3,\"Mellersta Norrland\":1,\"Stockholm\":1}}\n"
    );
    let error = error(&served, &agent, "/api/facets?disjunctive=1&field=grant", 400);
    assert_eq!(error, "disjunctive: counts facet values; it does not apply to field=grant");
    // The command counts alike.
    let cli = served.env.ok(&["facets", "--json", "--disjunctive", "--region", "Stockholm"]);
    assert_eq!(cli, ok(&served, &agent, "/api/facets?disjunctive=1&region=Stockholm"));
}

#[test]
fn a_server_on_loopback_answers_loopback_names_only() {
    use std::io::{Read, Write};
    let served = Served::start();
    let address = served.base.trim_start_matches("http://").to_string();
    let answer = |host: &str| {
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        let request =
            format!("GET /api/search?q=sfi HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    };
    let refused = answer("evil.example");
    assert!(refused.starts_with("HTTP/1.1 403 "), "{refused}");
    assert!(refused.ends_with(
        "{\"error\":\"this server answers to 127.0.0.1, [::1] and localhost only, not to \
         evil.example\"}\n"
    ));
    let port = address.rsplit(':').next().unwrap();
    for host in [address.clone(), format!("localhost:{port}")] {
        assert!(answer(&host).starts_with("HTTP/1.1 200 "), "{host}");
    }
}

#[test]
fn exact_reads_the_query_as_typed_in_facets_export_and_duplicates_too() {
    let served = Served::start();
    let agent = agent();
    let env = &served.env;
    // "matchnig" is corrected to "matchning" (2 seeds), unless read exactly.
    assert_eq!(env.ok(&["search", "-c", "matchnig"]), "2\n");
    assert_eq!(env.ok(&["search", "-c", "matchnig", "--exact"]), "0\n");
    let phases = "{\"phase\":{\"Förprojektering\":1,\"Genomförande\":1}}\n";
    assert_eq!(env.ok(&["facets", "matchnig", "--field", "phase", "--json"]), phases);
    let exact = env.ok(&["facets", "matchnig", "--field", "phase", "--json", "--exact"]);
    assert_eq!(exact, "{\"phase\":{}}\n");
    let (status, _, body) = get(&agent, &served.url("/api/facets?q=matchnig&field=phase&exact=1"));
    assert_eq!((status, body.as_str()), (200, "{\"phase\":{}}\n"));
    assert_eq!(env.ok(&["export", "matchnig", "--format", "ndjson"]).lines().count(), 2);
    assert_eq!(env.ok(&["export", "matchnig", "--format", "ndjson", "--exact"]), "");
    let (status, _, body) =
        get(&agent, &served.url("/api/export?q=matchnig&format=ndjson&exact=1"));
    assert_eq!((status, body.as_str()), (200, ""));
    let (status, _, body) = get(&agent, &served.url("/api/export?q=matchnig&format=ndjson"));
    assert_eq!((status, body.lines().count()), (200, 2));
    env.ok(&["duplicates", "matchnig", "--exact"]);
    // The page's matrix of "the first hits" reads the query as its list does.
    let (status, _, body) = get(&agent, &served.url("/api/compare/matrix?q=matchnig&sort=grant"));
    assert_eq!(status, 200, "{body}");
    let (status, _, body) = get(&agent, &served.url("/api/compare/matrix?q=matchnig&exact=1"));
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("finds 0 documents; a matrix needs two"), "{body}");
}
