//! The page in a real browser: headless Chromium driven through chromedriver's W3C WebDriver
//! endpoints (plain HTTP + JSON) against `projsok serve` on the seeds.
//!
//! Skips, saying so, when `chromium` or `chromedriver` is not on the PATH (Debian: `apt-get
//! install chromium chromium-driver`; `.ci/run` installs them); with the environment variable
//! `CI` set it fails instead, so that CI cannot pass without having run it. With
//! `PROJSOK_UPDATE_SCREENSHOTS=1` it rewrites the screenshots in docs/screenshots/ that the
//! README shows; otherwise they go to a temporary folder, so a test run leaves the tree clean.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{S000, S001, S002, S003, S004};
use crate::webutil::Served;
use serde_json::{json, Value};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

struct Driver {
    child: Child,
    base: String,
    session: String,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.agent.delete(&format!("{}/session/{}", self.base, self.session)).call();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn call(agent: &ureq::Agent, method: &str, url: &str, body: Option<Value>) -> Value {
    let response = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("POST", body) => agent
            .post(url)
            .header("content-type", "application/json")
            .send(body.unwrap_or_else(|| json!({})).to_string()),
        _ => agent.delete(url).call(),
    };
    let mut response = response.unwrap_or_else(|err| panic!("{method} {url}: {err}"));
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().expect("WebDriver answer");
    let value: Value = serde_json::from_str(&text).expect("WebDriver JSON");
    assert_eq!(status, 200, "{method} {url}: {value}");
    value["value"].clone()
}

impl Driver {
    fn start(chromium: &Path, chromedriver: &Path) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let base = format!("http://127.0.0.1:{port}");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let started = Instant::now();
        loop {
            let ready = agent
                .get(&format!("{base}/status"))
                .call()
                .ok()
                .and_then(|mut response| response.body_mut().read_to_string().ok())
                .and_then(|text| serde_json::from_str::<Value>(&text).ok())
                .is_some_and(|value| value["value"]["ready"] == json!(true));
            if ready {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(20), "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1000,700",
            "--lang=sv-SE",
        ]
        .iter()
        .map(|arg| arg.to_string())
        .chain([format!("--user-data-dir={}", profile.path().display())])
        .collect::<Vec<_>>();
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "goog:chromeOptions": {"binary": chromium.display().to_string(), "args": args}
        }}});
        let mut driver = Driver { child, base, session: String::new(), agent, _profile: profile };
        let session =
            call(&driver.agent, "POST", &format!("{}/session", driver.base), Some(capabilities));
        driver.session = session["sessionId"].as_str().expect("session id").to_string();
        driver
    }

    fn post(&self, path: &str, body: Value) -> Value {
        call(
            &self.agent,
            "POST",
            &format!("{}/session/{}{path}", self.base, self.session),
            Some(body),
        )
    }

    fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url }));
    }

    fn script(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": [] }))
    }

    fn find(&self, css: &str) -> String {
        let found = self.wait(&format!("!!document.querySelector({})", json!(css)), &json!(true));
        assert_eq!(found, json!(true));
        let element = self.post("/element", json!({"using": "css selector", "value": css}));
        element[ELEMENT].as_str().unwrap_or_else(|| panic!("{css}: {element}")).to_string()
    }

    fn click(&self, css: &str) {
        let element = self.find(css);
        self.post(&format!("/element/{element}/click"), json!({}));
    }

    fn type_text(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.post(&format!("/element/{element}/value"), json!({ "text": text }));
    }

    /// Polls `expression` until it equals `expected` (10 s); returns the last value.
    fn wait(&self, expression: &str, expected: &Value) -> Value {
        let started = Instant::now();
        loop {
            let value = self.script(&format!("return {expression};"));
            if &value == expected || started.elapsed() > Duration::from_secs(10) {
                return value;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Presses and releases `key` (a WebDriver key code such as "\u{E00C}", Escape) wherever
    /// the focus is.
    fn press(&self, key: &str) {
        let keys = json!([{ "type": "keyDown", "value": key }, { "type": "keyUp", "value": key }]);
        self.post(
            "/actions",
            json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": keys }] }),
        );
    }

    /// Runs `script` with a callback as its last argument and returns what it passes to it.
    fn script_async(&self, script: &str) -> Value {
        self.post("/execute/async", json!({ "script": script, "args": [] }))
    }

    /// Emulates `prefers-color-scheme: scheme` ("light" or "dark") through Chromium's DevTools.
    fn color_scheme(&self, scheme: &str) {
        let features = json!([{ "name": "prefers-color-scheme", "value": scheme }]);
        self.post(
            "/goog/cdp/execute",
            json!({ "cmd": "Emulation.setEmulatedMedia", "params": { "features": features } }),
        );
    }

    fn screenshot(&self, file: &Path) {
        let url = format!("{}/session/{}/screenshot", self.base, self.session);
        let encoded = call(&self.agent, "GET", &url, None);
        let png = base64(encoded.as_str().expect("base64 screenshot"));
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        std::fs::write(file, png).unwrap();
    }
}

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> =
        text.bytes().filter(|c| *c != b'=' && !c.is_ascii_whitespace()).map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let bits = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, d)| acc | (u32::from(*d) << (18 - 6 * i)));
        out.extend_from_slice(&bits.to_be_bytes()[1..chunk.len()]);
    }
    out
}

const HITS: &str = "[...document.querySelectorAll('#results li.hit')].map(e => e.dataset.path)";

/// Where screenshots go: docs/screenshots/ with `PROJSOK_UPDATE_SCREENSHOTS`, else a
/// temporary folder (kept alive by the first value) so that a test run leaves the tree clean.
fn screenshot_dir() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = if std::env::var_os("PROJSOK_UPDATE_SCREENSHOTS").is_some() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        dir
    } else {
        tmp.path().to_path_buf()
    };
    (tmp, dir)
}

#[test]
fn search_facets_and_compare_in_chromium() {
    let Some((chromium, chromedriver)) = browser() else { return };
    let served = Served::start();
    let driver = Driver::start(&chromium, &chromedriver);
    let (_shots_tmp, shots) = screenshot_dir();

    // Search by typing, as a user does.
    driver.goto(&served.url("/"));
    assert_eq!(
        driver.wait(&format!("{HITS}.length"), &json!(5)),
        json!(5),
        "the start page lists all"
    );
    // The transcript states no period nor grant: they are left out, not shown as dashes.
    let transcript = format!("return document.querySelector(\"li.hit[data-path='{S001}'] .facts\")?.textContent ?? null;");
    assert_eq!(driver.script(&transcript), json!("Stockholm · Förprojektering"));
    driver.type_text("#q", "socialt företagande\u{E007}");
    let first = driver.wait(
        &format!("{HITS}[0] + ' ' + location.search"),
        &json!(format!("{S003} ?q=socialt+f%C3%B6retagande")),
    );
    assert_eq!(first, json!(format!("{S003} ?q=socialt+f%C3%B6retagande")));
    let title =
        driver.script("return document.querySelector('#results li.hit .title').textContent;");
    assert_eq!(title, json!("INTRO"));
    let marked = driver
        .script("return document.querySelector('#results li.hit .snippet mark').textContent;");
    assert_eq!(marked, json!("socialt företagande"));
    let facts =
        driver.script("return document.querySelector('#results li.hit .facts').textContent;");
    assert_eq!(
        facts,
        json!("Övre Norrland · Genomförande · 2009-01-07 – 2010-12-31 · ESF-stöd 5\u{a0}978\u{a0}228 kr")
    );
    assert_eq!(
        driver.script("return document.title;"),
        json!("socialt företagande: 2 projekt – visar 1–2 – projsok")
    );
    assert_eq!(
        driver.script("return document.querySelector('main').getAttribute('aria-busy');"),
        json!(null)
    );

    // A region facet narrows the result and the URL says so.
    driver.click("#home");
    assert_eq!(driver.wait(&format!("{HITS}.length"), &json!(5)), json!(5));
    driver.click("a[data-facet='region'][data-value='Mellersta Norrland']");
    assert_eq!(driver.wait(HITS, &json!([S004])), json!([S004]));
    assert_eq!(driver.script("return location.search;"), json!("?region=Mellersta+Norrland"));
    let selected = driver
        .script("return document.querySelector(\"a[data-facet='region'].on\").dataset.value;");
    assert_eq!(selected, json!("Mellersta Norrland"));

    // Back to every project, pick two and compare them.
    driver.script("history.back(); return 0;");
    assert_eq!(
        driver.wait(&format!("{HITS}.length"), &json!(5)),
        json!(5),
        "back restores the list"
    );
    driver.click(&format!("li.hit[data-path='{S000}'] button.pick"));
    driver.wait(&format!("!!document.querySelector(\"li.hit[data-path='{S000}'] button.pick[aria-pressed=true]\")"), &json!(true));
    driver.click(&format!("li.hit[data-path='{S002}'] button.pick"));
    driver.click("#compare-link");
    let common =
        driver.wait("document.querySelector('#kommuner-common-count')?.textContent", &json!("29"));
    assert_eq!(common, json!("29"));
    let heading = driver.script("return document.querySelector('#kommuner-common').textContent;");
    assert_eq!(heading, json!("29 kommuner gemensamma"));
    let url = driver.script("return location.search;");
    let expected =
        format!("?a={}&b={}&view=compare", S000.replace('/', "%2F"), S002.replace('/', "%2F"));
    assert_eq!(url, json!(expected));
    driver.script("document.querySelector('.kommuner-common').scrollIntoView(); return 0;");

    // A mistyped word: the search runs corrected, says so, and offers the words as typed.
    driver.goto(&served.url("/?q=arbetsf%C3%B6rmedlnigen"));
    let said = driver.wait(
        "document.querySelector('#spelling')?.textContent",
        &json!(
            "Visar träffar för arbetsförmedlingen. Sök i stället exakt efter arbetsförmedlnigen"
        ),
    );
    assert_eq!(
        said,
        json!("Visar träffar för arbetsförmedlingen. Sök i stället exakt efter arbetsförmedlnigen")
    );
    driver.click("#spelling a");
    assert_eq!(
        driver.wait("document.querySelector('#total').dataset.total", &json!("0")),
        json!("0")
    );
    assert_eq!(
        driver.script("return location.search;"),
        json!("?q=arbetsf%C3%B6rmedlnigen&exact=1")
    );
    // Exact mode shows as a chip that turns it off, and as a ticked box that turns it on.
    let chip = driver
        .wait("document.querySelector('#exact-chip')?.textContent", &json!("Exakt som skrivet ✕"));
    assert_eq!(chip, json!("Exakt som skrivet ✕"));
    assert_eq!(driver.script("return document.querySelector('#exact').checked;"), json!(true));
    driver.click("#exact-chip");
    assert_eq!(
        driver.wait("location.search", &json!("?q=arbetsf%C3%B6rmedlnigen")),
        json!("?q=arbetsf%C3%B6rmedlnigen")
    );
    assert_eq!(
        driver.wait("document.querySelector('#total').dataset.total", &json!("5")),
        json!("5")
    );
    assert_eq!(driver.script("return !!document.querySelector('#exact-chip') || document.querySelector('#exact').checked;"), json!(false));
    driver.click("#exact");
    assert_eq!(
        driver.wait("location.search", &json!("?q=arbetsf%C3%B6rmedlnigen&exact=1")),
        json!("?q=arbetsf%C3%B6rmedlnigen&exact=1")
    );
    assert_eq!(
        driver.wait("document.querySelector('#total').dataset.total", &json!("0")),
        json!("0")
    );
    // A new query keeps exact mode as the user set it: typing one turned it off before.
    driver.script("document.querySelector('#q').value = ''; return 0;");
    driver.type_text("#q", "nyanlända\u{E007}");
    assert_eq!(
        driver.wait("location.search", &json!("?q=nyanl%C3%A4nda&exact=1")),
        json!("?q=nyanl%C3%A4nda&exact=1")
    );
    assert_eq!(
        driver.wait("document.querySelector('#total').dataset.total", &json!("3")),
        json!("3")
    );
    let exact = "return [document.querySelector('#exact').checked, \
                 document.querySelector('#exact-chip')?.textContent];";
    assert_eq!(driver.script(exact), json!([true, "Exakt som skrivet ✕"]));

    // One server and one browser for every page scenario: each starts from its own URL.
    every_view_passes_axe_in_light_and_dark(&driver, &served, &shots);
    the_phone_filter_drawer(&driver, &served, &shots);
    export_chooses_the_texts_and_asks_before_a_large_one(&driver, &served);
    compare_stacks_with_side_letters_on_a_phone(&driver, &served);
    errors_stay_inline_in_swedish_with_the_last_results(&driver, &served);
    every_api_error_reads_in_swedish(&driver, &served);
    an_empty_result_suggests_the_filter_to_drop(&driver, &served);
    the_searchs_warnings_show_in_swedish(&driver, &served);
    back_and_forward_restore_the_scroll_position(&driver, &served);
    a_page_past_the_end_says_so(&driver, &served);
    loading_focus_titles_and_favicon(&driver, &served);
    multi_select_facets_with_disjunctive_counts(&driver, &served);
    document_kinds_persist_in_the_url(&driver, &served);
    sort_control_applies_at_once(&driver, &served);
    ranges_from_bars_and_the_form(&driver, &served);
    long_lists_have_a_search_box_and_more(&driver, &served);
    similar_by_section_with_visible_filters_and_pasted_text(&driver, &served);
    every_view_fits_a_phone(&driver, &served, &shots);
    the_record_marks_query_words_lists_its_sections_and_inferred_values(&driver, &served);
    compare_names_swaps_and_marks_differences(&driver, &served);
}

/// The pick bar names the projects by title; compare swaps its sides, marks each fact same or
/// different in words, and jumps to a section.
fn compare_names_swaps_and_marks_differences(driver: &Driver, served: &Served) {
    driver.goto(&served.url("/"));
    assert_eq!(driver.wait(TOTAL, &json!("5")), json!("5"));
    driver.click(&format!("li.hit[data-path='{S000}'] button.pick"));
    // The click renders the list again: the next button is the new one.
    let pressed = format!(
        "!!document.querySelector(\"li.hit[data-path='{S000}'] button.pick[aria-pressed=true]\")"
    );
    assert_eq!(driver.wait(&pressed, &json!(true)), json!(true));
    driver.click(&format!("li.hit[data-path='{S003}'] button.pick"));
    let picked = driver.wait(
        "[...document.querySelectorAll('.picks .picked')].map(e => e.textContent).join(' | ')",
        &json!("N till N - från nyanländ till nyanställd | INTRO"),
    );
    assert_eq!(picked, json!("N till N - från nyanländ till nyanställd | INTRO"));
    // The pick button keeps the focus where the user acted.
    assert_eq!(
        driver.script("return document.activeElement.closest('li.hit')?.dataset.path ?? null;"),
        json!(S003)
    );
    driver.click("#compare-link");
    let heads = "[...document.querySelectorAll('.facts-table thead th')].map(e => e.textContent)";
    let before = json!(["A: N till N - från nyanländ till nyanställd", "B: INTRO"]);
    assert_eq!(driver.wait(heads, &before), before);
    let phase =
        driver.script("return document.querySelector('.facts-table tbody tr th').textContent;");
    assert_eq!(phase, json!("Projektfas ≠ olika"));
    let region = driver
        .script("return document.querySelectorAll('.facts-table tbody tr th')[1].textContent;");
    assert_eq!(region, json!("Region = lika"));
    driver.click("#swap");
    let after = json!(["A: INTRO", "B: N till N - från nyanländ till nyanställd"]);
    assert_eq!(driver.wait(heads, &after), after);
    let url = driver.script("return new URLSearchParams(location.search).get('a');");
    assert_eq!(url, json!(S003));
    driver.click(".compare .toc li:nth-child(2) a");
    let focused = driver.wait("document.activeElement.classList.contains('pair')", &json!(true));
    assert_eq!(focused, json!(true));
    // A value one side does not state is neither alike nor different: the transcript (seed
    // 001) states no ESF-stöd.
    let url =
        format!("/?view=compare&a={}&b={}", S000.replace('/', "%2F"), S001.replace('/', "%2F"));
    driver.goto(&served.url(&url));
    let rows = "[...document.querySelectorAll('.facts-table tbody tr th')].map(e => e.textContent)";
    let grant = format!("{rows}.includes('ESF-stöd okänt')");
    assert_eq!(
        driver.wait(&grant, &json!(true)),
        json!(true),
        "{}",
        driver.script(&format!("return {rows};"))
    );
}

/// A record opened from a search marks the query's words, has a table of contents that jumps
/// to each section, and marks the values projsok inferred.
fn the_record_marks_query_words_lists_its_sections_and_inferred_values(
    driver: &Driver,
    served: &Served,
) {
    let s001 = S001.replace('/', "%2F");
    driver.goto(&served.url(&format!("/?q=m%C3%A5lgruppen&view=show&id={s001}")));
    driver.find("article.record .toc");
    let toc =
        driver.script("return [...document.querySelectorAll('.toc a')].map(a => a.textContent);");
    assert_eq!(
        toc,
        json!(["Inledning", "Bakgrund och analys Bakgrund", "Målgruppen", "Mål och syfte"])
    );
    driver.click(".toc li:nth-child(3) a");
    assert_eq!(driver.wait("document.activeElement.id", &json!("avsnitt-3")), json!("avsnitt-3"));
    let marked = driver.script(
        "return [...new Set([...document.querySelectorAll('.record .text mark')].map(m => m.textContent.toLowerCase()))];",
    );
    // Inflected forms, and what the query's compound parts (mål, grupp) match, as the search's
    // snippets mark them («arbetsgrupperna» in this document's snippet).
    let expected = json!([
        "målgruppens",
        "mål",
        "gruppledare",
        "grupp",
        "gruppen",
        "styrgruppen",
        "arbetsgrupp",
        "arbetsgrupper",
        "arbetsgrupperna",
        "arbetsgruppen",
        "målgruppen",
        "målgrupp",
        "grupper",
        "målen"
    ]);
    assert_eq!(marked, expected, "inflected forms and compounds");
    let inferred = driver.script("return [...document.querySelectorAll('.record .inferred')].map(e => e.parentElement.textContent);");
    assert_eq!(
        inferred,
        json!(["Förprojektering (härlett)", "Stockholm (härlett)", "Kommuner (härledda)"])
    );
    // The record marks compounds of the query word, which the snippet of the same search marks.
    let s002 = S002.replace('/', "%2F");
    let snippet = driver.script_async(&format!(
        "const done = arguments[arguments.length - 1]; \
         fetch('/api/search?q=utbildning').then(r => r.json()).then(r => done( \
           [...r.hits.find(h => h.path === '{S002}').snippet.matchAll(/«([^»]*)»/g)].map(m => m[1])));",
    ));
    assert_eq!(snippet, json!(["yrkesutbildning"]));
    driver.goto(&served.url(&format!("/?q=utbildning&view=show&id={s002}")));
    driver.find("article.record .text mark");
    let marked = driver.script(
        "return [...document.querySelectorAll('.record .text mark')].map(m => m.textContent.toLowerCase());",
    );
    assert_eq!(marked, json!(["yrkesutbildning", "arbetsmarknadsutbildningar", "utbildnings"]));
}

/// A view of the page as the view tests open it.
struct View {
    name: &'static str,
    /// Its URL on the seeds.
    url: String,
    /// An element that shows it has rendered.
    ready: &'static str,
    /// The tab's title it has.
    title: &'static str,
    /// A text pasted into "Klistra in en ansökan" on the page at `url`, for the view that only
    /// a paste opens (the text is kept in the history entry, not in the URL).
    paste: Option<&'static str>,
}

/// Every view of the page.
fn views() -> Vec<View> {
    let (s000, s002) = (S000.replace('/', "%2F"), S002.replace('/', "%2F"));
    let view = |name, url: String, ready, title| View { name, url, ready, title, paste: None };
    vec![
        view(
            "search",
            "/?q=arbetsmarknad".to_string(),
            "#total",
            "arbetsmarknad: 5 projekt – visar 1–5 – projsok",
        ),
        view(
            "record",
            format!("/?view=show&id={s000}&q=nyanl%C3%A4nda"),
            "article.record",
            "Projektet N till N - från nyanländ till nyanställd – projsok",
        ),
        view(
            "similar",
            format!("/?view=similar&id={s000}"),
            "li.hit",
            "Liknande projekt som N till N - från nyanländ till nyanställd: 1–4 – projsok",
        ),
        View {
            name: "pasted",
            url: "/?view=similar".to_string(),
            ready: "li.hit",
            title: "Liknande projekt som den inklistrade texten: 1–4 – projsok",
            paste: Some("nyanlända arbetsmarknaden praktik kommun"),
        },
        view(
            "compare",
            format!("/?view=compare&a={s000}&b={s002}"),
            "#kommuner-common-count",
            "Jämförelse: N till N - från nyanländ till nyanställd och Mångfalden som tillväxtfaktor för Umeåregionen – projsok",
        ),
        view(
            "trends",
            "/?q=nyanl%C3%A4nda&view=trends".to_string(),
            "#trend-chart",
            "Trender: 3 projekt per år – projsok",
        ),
        view(
            "kwic",
            "/?q=nyanl%C3%A4nda&view=kwic".to_string(),
            "#kwic-lines",
            "Konkordans: 86 rader – projsok",
        ),
        view(
            "matrix",
            "/?view=matrix".to_string(),
            "#heatmap",
            "Likhetsmatris för 5 projekt – projsok",
        ),
        view(
            "align",
            format!("/?view=align&a={s000}&b={s002}"),
            "div.align",
            "Mening för mening: N till N - från nyanländ till nyanställd och Mångfalden som tillväxtfaktor för Umeåregionen, 0 par – projsok",
        ),
    ]
}

/// Opens `view` (pasting its text, if it has one) and waits until it has rendered.
fn open(driver: &Driver, served: &Served, view: &View) {
    let Some(text) = view.paste else {
        return open_view(driver, served, &view.url, view.ready);
    };
    open_view(driver, served, &view.url, "#paste");
    driver.type_text("#paste", text);
    driver.click("#paste-search");
    driver.find(view.ready);
    driver.wait("document.querySelector('main').hasAttribute('aria-busy')", &json!(false));
    // The paste scrolls to the neighbours; a screenshot shows the view from its top as others.
    driver.script("window.scrollTo(0, 0); return 0;");
}

/// Opens a view and waits until it has rendered, the distinctive terms beside a search too.
fn open_view(driver: &Driver, served: &Served, url: &str, ready: &str) {
    driver.goto(&served.url(url));
    driver.find(ready);
    driver.wait("document.querySelector('main').hasAttribute('aria-busy')", &json!(false));
    let terms_read = "!document.querySelector('#terms')?.textContent.includes('Läser')";
    assert_eq!(driver.wait(terms_read, &json!(true)), json!(true));
}

/// axe-core's browser build, which `.ci/run` installs with npm into target/npm; the test loads
/// it into the page, the binary never ships it. `None` (having said so) when it is missing and
/// CI is not set.
fn axe_core() -> Option<String> {
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/npm/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&file) {
        Ok(source) => Some(source),
        Err(err) => {
            let missing = format!(
                "no axe-core at {} ({err}; `npm install --prefix target/npm axe-core@4`)",
                file.display()
            );
            assert!(std::env::var_os("CI").is_none(), "CI is set and there is {missing}");
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                format!("tests/browser.rs: accessibility check SKIPPED, {missing}\n").as_bytes(),
            );
            None
        }
    }
}

/// axe-core's serious and critical violations on the page as shown, each as "rule: elements".
fn axe_violations(driver: &Driver, axe: &str) -> Value {
    let loaded = driver.script(&format!("{axe}\n;return typeof axe.run;"));
    assert_eq!(loaded, json!("function"), "axe-core did not load into the page");
    driver.script_async(
        "const done = arguments[arguments.length - 1]; \
         axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations \
           .filter(v => v.impact === 'serious' || v.impact === 'critical') \
           .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')))) \
           .catch(e => done(['axe failed: ' + e]));",
    )
}

/// Every view, in the light and the dark colour scheme, has no serious or critical axe-core
/// violation (contrast included).
fn every_view_passes_axe_in_light_and_dark(driver: &Driver, served: &Served, shots: &Path) {
    let Some(axe) = axe_core() else { return };
    driver.post("/window/rect", json!({"width": 1400, "height": 900}));
    for scheme in ["light", "dark"] {
        driver.color_scheme(scheme);
        for view in views() {
            let name = view.name;
            open(driver, served, &view);
            let dark = driver.script("return matchMedia('(prefers-color-scheme: dark)').matches;");
            assert_eq!(dark, json!(scheme == "dark"));
            let found = axe_violations(driver, &axe);
            assert_eq!(found, json!([]), "{name} in the {scheme} scheme");
            if scheme == "dark" && ["search", "compare"].contains(&name) {
                driver.screenshot(&shots.join(format!("{name}-dark.png")));
            }
        }
    }
    driver.color_scheme("light");
    driver.post("/window/rect", json!({"width": 1000, "height": 700}));
}

/// At 390 px (a phone) no view is wider than the window; each view's screenshot at 1400 px
/// and at 390 px.
fn every_view_fits_a_phone(driver: &Driver, served: &Served, shots: &Path) {
    for (width, suffix) in [(1400, ""), (390, "-390")] {
        driver.post("/window/rect", json!({"width": width, "height": 900}));
        for view in views() {
            let name = view.name;
            open(driver, served, &view);
            assert_eq!(driver.script("return document.title;"), json!(view.title), "{name}");
            let fits =
                driver.script("return document.documentElement.scrollWidth <= window.innerWidth;");
            let widths =
                driver.script("return [document.documentElement.scrollWidth, window.innerWidth];");
            assert_eq!(fits, json!(true), "{name} at {width} px overflows: {widths}");
            driver.screenshot(&shots.join(format!("{name}{suffix}.png")));
            if name == "align" {
                let said = driver.script("return document.querySelector('#no-pairs').textContent;");
                assert_eq!(said, json!("Ingen mening i A motsvarar någon i B."));
            }
            if name == "kwic" {
                // The matched words in sight, however narrow the window.
                let in_sight = driver.script(
                    "const box = document.querySelector('.kwic-scroll').getBoundingClientRect(); \
                     const m = document.querySelector('#kwic-lines td.match').getBoundingClientRect(); \
                     return m.left >= box.left && m.right <= box.right;",
                );
                assert_eq!(in_sight, json!(true), "the concordance's match at {width} px");
            }
            if name == "search" {
                // The filters: a button on a phone, beside the hits on a laptop.
                let shown = driver.script(
                    "return getComputedStyle(document.querySelector('#filter-button')).display !== 'none';",
                );
                assert_eq!(shown, json!(width == 390), "filter button at {width} px");
                // On a phone the hits have the whole width: the distinctive terms come after.
                let full = driver.script(
                    "const m = getComputedStyle(document.querySelector('main')); \
                     const inner = document.querySelector('main').clientWidth - parseFloat(m.paddingLeft) - parseFloat(m.paddingRight); \
                     return ['section.results', '#terms'].map(css => \
                       Math.round(document.querySelector(css).getBoundingClientRect().width) === Math.round(inner));",
                );
                assert_eq!(full, json!([width == 390, width == 390]), "widths at {width} px");
            }
        }
    }
    driver.post("/window/rect", json!({"width": 1000, "height": 700}));
}

/// "Liknande projekt" shows the filter it keeps as a chip that removes it, searches by the
/// section chosen, and finds the projects nearest to a pasted text.
fn similar_by_section_with_visible_filters_and_pasted_text(driver: &Driver, served: &Served) {
    let s000 = S000.replace('/', "%2F");
    driver.goto(&served.url(&format!("/?view=similar&id={s000}&region=%C3%96vre+Norrland")));
    assert_eq!(driver.wait(HITS, &json!([S003, S002])), json!([S003, S002]));
    let chips = driver.script(
        "return [...document.querySelectorAll('.selected .chip')].map(c => c.textContent);",
    );
    assert_eq!(chips, json!(["Region: Övre Norrland ✕"]));
    driver.click(".selected .chip");
    assert_eq!(
        driver.wait(&format!("{HITS}.length"), &json!(4)),
        json!(4),
        "the region filter is gone"
    );
    assert_eq!(driver.script("return location.search;"), json!(format!("?view=similar&id={s000}")));
    driver.script(
        "const s = document.querySelector('#similar-by'); s.value = 'purpose'; \
         s.dispatchEvent(new Event('change')); return 0;",
    );
    let by_purpose =
        driver.wait("location.search", &json!(format!("?view=similar&id={s000}&by=purpose")));
    assert_eq!(by_purpose, json!(format!("?view=similar&id={s000}&by=purpose")));
    let api = served.url(&format!("/api/similar/{s000}?field=purpose&limit=11"));
    let expected: Value =
        serde_json::from_str(&crate::webutil::get(&crate::webutil::agent(), &api).2).unwrap();
    let expected: Vec<Value> =
        expected["hits"].as_array().unwrap().iter().map(|h| h["path"].clone()).collect();
    assert_eq!(driver.wait(HITS, &json!(expected)), json!(expected));
    // Only the sections the source has are offered (the transcript has no Målsättning).
    let options = "[...document.querySelectorAll('#similar-by option')].map(o => o.value)";
    assert_eq!(
        driver.script(&format!("return {options};")),
        json!(["all", "background", "purpose", "goal"])
    );
    driver.goto(&served.url(&format!("/?view=similar&id={}", S001.replace('/', "%2F"))));
    driver.find("li.hit");
    assert_eq!(
        driver.script(&format!("return {options};")),
        json!(["all", "background", "purpose"])
    );
    driver.goto(&served.url(&format!("/?view=similar&id={s000}&by=purpose")));
    driver.find("li.hit");
    // Each hit compares with the source in one click.
    driver.click("li.hit .compare-with");
    let view = driver.wait("new URLSearchParams(location.search).get('view')", &json!("compare"));
    assert_eq!(view, json!("compare"));

    // A pasted text: from the search page's link, the nearest projects with shared words.
    driver.goto(&served.url("/"));
    driver.click("#paste-link");
    driver.type_text("#paste", "nyanlända arbetsmarknaden praktik kommun");
    driver.click("#paste-search");
    let nearest = json!([S003, S000, S001, S004]);
    assert_eq!(driver.wait(HITS, &nearest), nearest);
    let shared = driver.script("return document.querySelector('li.hit .terms').textContent;");
    assert_eq!(shared, json!("Gemensamma ord: praktik, arbetsmarknaden, kommun, arbete"));
    let bar = driver.script("return document.querySelector('li.hit .scorebar .fill').style.width;");
    assert_eq!(bar, json!("100%"));
    assert_eq!(
        driver.script("return document.querySelector('#paste').value;"),
        json!("nyanlända arbetsmarknaden praktik kommun")
    );
    // The text is not in the URL, and the page says so; a link opened elsewhere lacks it.
    assert_eq!(driver.script("return location.search;"), json!("?view=similar&paste=1"));
    let help = driver.script("return document.querySelector('#paste-help').textContent;");
    assert_eq!(
        help,
        json!("Texten sparas inte i länken: en länk eller ett bokmärke till resultatet har den inte med sig.")
    );
    // An application longer than a URL takes (63 000 characters) is sent in the body.
    driver.script(
        "document.querySelector('#paste').value = 'nyanlända arbetsmarknaden praktik kommun '.repeat(1500); return 0;",
    );
    driver.click("#paste-search");
    let heading = "document.querySelector('.similar h2 q')?.textContent.length";
    assert_eq!(driver.wait(heading, &json!(81)), json!(81));
    assert_eq!(driver.wait(&format!("{HITS}.length"), &json!(4)), json!(4));
    // Pasted from the form below the last neighbours, the view goes up to the new ones.
    let at_results = "document.activeElement.id === 'similar-heading' && \
         document.activeElement.getBoundingClientRect().top > -1 && \
         document.activeElement.getBoundingClientRect().top < innerHeight / 2";
    assert_eq!(
        driver.wait(at_results, &json!(true)),
        json!(true),
        "{}",
        driver.script("return [document.activeElement.id, document.activeElement.tagName, document.activeElement.getBoundingClientRect().top, scrollY, innerHeight];")
    );
    assert!(driver.script("return scrollY;").as_f64().unwrap() > 0.0, "the form was scrolled to");
    assert_eq!(driver.script("return !!document.querySelector('#page-error');"), json!(false));
    assert_eq!(driver.script("return location.search;"), json!("?view=similar&paste=1"));
    // A neighbour's record, and that record's own neighbours, leave the pasted text behind:
    // with "paste" kept, the record's "Liknande projekt" showed the pasted text's list.
    let links = "[...document.querySelectorAll('#results li.hit a')].map(a => a.getAttribute('href')).filter(h => h.includes('view=show'))";
    let links = driver.script(&format!("return {links};"));
    let links = links.as_array().unwrap();
    assert!(
        !links.is_empty() && links.iter().all(|l| !l.as_str().unwrap().contains("paste")),
        "{links:?}"
    );
    // On a phone (360 px) the neighbours and the form fit the width.
    driver.post("/window/rect", json!({"width": 360, "height": 800}));
    let fits = "document.documentElement.scrollWidth <= window.innerWidth";
    assert_eq!(driver.wait(fits, &json!(true)), json!(true), "the pasted text's view at 360 px");
    driver.post("/window/rect", json!({"width": 1000, "height": 700}));
    // Back to the short text's entry: its own text and neighbours again.
    driver.script("history.back(); return 0;");
    assert_eq!(driver.wait(heading, &json!(40)), json!(40));
    assert_eq!(driver.wait(HITS, &nearest), nearest);
    // (The same URL again would be a reload, which keeps the tab's entry and its text.)
    driver.goto(&served.url("/?paste=1&view=similar"));
    let lost = driver.wait(
        "document.querySelector('#paste-lost')?.textContent",
        &json!("Den inklistrade texten finns inte i länken. Klistra in den igen."),
    );
    assert_eq!(lost, json!("Den inklistrade texten finns inte i länken. Klistra in den igen."));
    // Past the API's limit: said in Swedish before sending.
    driver.script("document.querySelector('#paste').value = 'a'.repeat(1048577); return 0;");
    driver.click("#paste-search");
    let said = driver.wait(
        "document.querySelector('form.paste .error').textContent",
        &json!("Texten är längre än 1 MiB (ungefär en miljon tecken), det mesta som jämförs. Klistra in en del av den."),
    );
    assert_eq!(
        said,
        json!("Texten är längre än 1 MiB (ungefär en miljon tecken), det mesta som jämförs. Klistra in en del av den.")
    );
    // A page past the end says so instead of showing nothing.
    driver.goto(&served.url("/?view=similar&text=nyanl%C3%A4nda+arbetsmarknaden&page=3"));
    let past = json!("Inga fler liknande projekt: de räcker till sida 1. Gå till sida 1");
    let said = driver.wait("document.querySelector('#no-similar')?.textContent", &past);
    assert_eq!(said, past);
    driver.click("#no-similar a");
    assert_eq!(
        driver.wait("new URLSearchParams(location.search).get('page')", &Value::Null),
        Value::Null
    );
    assert_eq!(driver.wait(&format!("{HITS}.length"), &json!(3)), json!(3));
}

/// A region's 29 kommuner: 8 shown, "visa fler" the rest, the search box narrows.
fn long_lists_have_a_search_box_and_more(driver: &Driver, served: &Served) {
    driver.goto(&served.url("/"));
    assert_eq!(driver.wait(TOTAL, &json!("5")), json!("5"));
    driver.script("document.querySelector('details.kommuner').open = true; return 0;");
    let visible = "[...document.querySelectorAll('details.kommuner')[0].querySelectorAll('li')].filter(li => !li.hidden).map(li => li.querySelector('a').dataset.value)";
    assert_eq!(driver.script(&format!("return {visible}.length;")), json!(8));
    driver.click("details.kommuner button.more");
    assert_eq!(driver.wait(&format!("{visible}.length"), &json!(29)), json!(29));
    assert_eq!(
        driver.script("return document.querySelector('details.kommuner button.more').textContent;"),
        json!("Visa färre")
    );
    driver.type_text("details.kommuner input.find", "lu");
    assert_eq!(driver.wait(visible, &json!(["Luleå"])), json!(["Luleå"]));
    // Choosing from the narrowed list filters as any facet value does.
    driver.click("details.kommuner a[data-value='Luleå']");
    assert_eq!(
        driver.wait("location.search", &json!("?kommun=Lule%C3%A5")),
        json!("?kommun=Lule%C3%A5")
    );
    assert_eq!(driver.wait(TOTAL, &json!("2")), json!("2"));
}

/// The ESF-stöd histogram as bars that filter, amounts typed with spaces, a period range, and a
/// range the wrong way round told in Swedish beside the form, the results kept.
fn ranges_from_bars_and_the_form(driver: &Driver, served: &Served) {
    driver.goto(&served.url("/"));
    assert_eq!(driver.wait(TOTAL, &json!("5")), json!("5"));
    let bars = driver.script(
        "return [...document.querySelectorAll('.bar')].map(b => b.dataset.bracket + ' ' + b.querySelector('.n').textContent);",
    );
    assert_eq!(
        bars,
        json!([
            "0-250000 1",
            "250000-500000 0",
            "500000-1000000 1",
            "1000000-2000000 0",
            "2000000-5000000 1",
            "5000000-10000000 1",
            "10000000- 0"
        ])
    );
    // A bar's name is the words it shows.
    assert_eq!(
        driver.script(
            "return document.querySelector(\".bar[data-bracket='2000000-5000000']\").textContent;"
        ),
        json!("2–5 Mkr1 projekt")
    );
    driver.click(".bar[data-bracket='2000000-5000000']");
    assert_eq!(driver.wait(HITS, &json!([S004])), json!([S004]));
    assert_eq!(
        driver.script("return location.search;"),
        json!("?min_grant=2000000&max_grant=4999999")
    );
    // The bars count without the grant range: the other brackets still show what they hold.
    assert_eq!(
        driver.script(
            "return document.querySelector(\".bar[data-bracket='0-250000'] .n\").textContent;"
        ),
        json!("1")
    );
    assert_eq!(
        driver.script("return document.querySelector('#f-min_grant').value;"),
        json!("2\u{a0}000\u{a0}000")
    );

    driver.goto(&served.url("/"));
    assert_eq!(driver.wait(TOTAL, &json!("5")), json!("5"));
    driver.type_text("#f-min_grant", "500 000");
    driver.type_text("#f-from_year", "2009");
    driver.type_text("#f-to_year", "2010");
    driver.click("#apply-ranges");
    assert_eq!(driver.wait(TOTAL, &json!("2")), json!("2"));
    assert_eq!(driver.script(&format!("return {HITS};")), json!([S000, S003]));
    assert_eq!(
        driver.script("return location.search;"),
        json!("?min_grant=500000&from_year=2009&to_year=2010")
    );
    let chips = driver.script(
        "return [...document.querySelectorAll('.selected .chip')].map(c => c.textContent);",
    );
    assert_eq!(
        chips,
        json!([
            "ESF-stöd från: 500\u{a0}000 kr ✕",
            "Period från år: 2009 ✕",
            "Period till år: 2010 ✕"
        ])
    );

    // Wrong way round: a Swedish message by the form, the URL and the results as they were.
    driver.type_text("#f-max_grant", "1000");
    driver.click("#apply-ranges");
    let said =
        driver.wait("document.querySelector('#range-error')?.hidden === false", &json!(true));
    assert_eq!(said, json!(true));
    assert_eq!(
        driver.script("return document.querySelector('#range-error').textContent;"),
        json!("ESF-stöd: \"från\" är större än \"till\".")
    );
    assert_eq!(driver.script(&format!("return {HITS};")), json!([S000, S003]));
    assert_eq!(
        driver.script("return document.querySelector('#f-max_grant').value;"),
        json!("1\u{a0}000"),
        "typed, formatted, kept"
    );

    // Amounts as Swedish text writes them: a decimal comma, Mkr, tkr or kr, spaces between
    // the thousands (before, "1,5 Mkr" was refused as no amount).
    let read = driver.script(
        "return ['1,5 Mkr', '1 500 000', '1\\u00a0500\\u00a0000 kr', '500 tkr', '0,25 mkr', \
         '1.500.000', '1,2345 Mkr', '2,00 kr', '1,5 kr', '1.5 Mkr', '15 00', 'fem', 'kr', ''].map(kronor);",
    );
    assert_eq!(
        read,
        json!([
            "1500000", "1500000", "1500000", "500000", "250000", "1500000", "1234500", "2", null,
            null, null, null, null, ""
        ])
    );
    driver.goto(&served.url("/"));
    assert_eq!(driver.wait(TOTAL, &json!("5")), json!("5"));
    driver.type_text("#f-min_grant", "1,5 Mkr");
    driver.type_text("#f-max_budget", "20 000 tkr");
    driver.click("#apply-ranges");
    assert_eq!(
        driver.wait("location.search", &json!("?min_grant=1500000&max_budget=20000000")),
        json!("?min_grant=1500000&max_budget=20000000")
    );
    assert_eq!(driver.wait(TOTAL, &json!("2")), json!("2"));
    let chips = driver.script(
        "return [...document.querySelectorAll('.selected .chip')].map(c => c.textContent);",
    );
    assert_eq!(
        chips,
        json!([
            "ESF-stöd från: 1\u{a0}500\u{a0}000 kr ✕",
            "Budget till: 20\u{a0}000\u{a0}000 kr ✕"
        ])
    );
    driver.type_text("#f-max_grant", "1,5 kr");
    driver.click("#apply-ranges");
    let said = "document.querySelector('#range-error')?.hidden === false ? \
                document.querySelector('#range-error').textContent : null";
    let expected = json!(
        "ESF-stöd till: skriv ett belopp i hela kronor, t.ex. 500 000, 1,5 Mkr eller 500 tkr."
    );
    assert_eq!(driver.wait(said, &expected), expected);
}

/// The results header's sort: chosen, it reorders at once and the URL keeps it.
fn sort_control_applies_at_once(driver: &Driver, served: &Served) {
    driver.goto(&served.url("/"));
    assert_eq!(driver.wait(TOTAL, &json!("5")), json!("5"));
    let choose = |value: &str| {
        driver.script(&format!(
            "const s = document.querySelector('#sort'); s.value = '{value}'; \
             s.dispatchEvent(new Event('change')); return 0;"
        ));
    };
    choose("grant-asc");
    let ascending = json!([S002, S000, S004, S003, S001]);
    assert_eq!(driver.wait(HITS, &ascending), ascending, "smallest ESF-stöd first, none last");
    assert_eq!(driver.script("return location.search;"), json!("?sort=grant-asc"));
    choose("start-desc");
    let latest = json!([S004, S003, S000, S002, S001]);
    assert_eq!(driver.wait(HITS, &latest), latest);
    assert_eq!(driver.script("return document.querySelector('#sort').value;"), json!("start-desc"));
    choose("score");
    assert_eq!(driver.wait("location.search", &json!("")), json!(""));
}

/// The kind facet: ESF project pages apart from transcripts, kept in the URL across a reload.
fn document_kinds_persist_in_the_url(driver: &Driver, served: &Served) {
    driver.goto(&served.url("/"));
    assert_eq!(driver.wait(TOTAL, &json!("5")), json!("5"));
    let kinds = driver.script(
        "return [...document.querySelectorAll(\"a[data-facet='kind']\")].map(a => a.textContent);",
    );
    assert_eq!(kinds, json!(["☐ ESF-projektsida4", "☐ transkript (PDF)1"]));
    driver.click("a[data-facet='kind'][data-value='esf']");
    assert_eq!(driver.wait(TOTAL, &json!("4")), json!("4"));
    assert_eq!(driver.script("return location.search;"), json!("?kind=esf"));
    driver.goto(&served.url("/?kind=esf"));
    assert_eq!(driver.wait(TOTAL, &json!("4")), json!("4"));
    assert!(!driver.script(&format!("return {HITS};")).as_array().unwrap().contains(&json!(S001)));
    let chip = driver.script("return document.querySelector('.selected .chip').textContent;");
    assert_eq!(chip, json!("Dokumenttyp: ESF-projektsida ✕"));
    // The transcript still counts what choosing it too adds.
    assert_eq!(facet_count(driver, "kind", "transcript"), json!("1"));
    // A value is a checkbox to assistive technology, and Space toggles it as it would one.
    driver.type_text("a[data-facet='kind'][data-value='transcript']", " ");
    assert_eq!(driver.wait(TOTAL, &json!("5")), json!("5"));
    assert_eq!(driver.script("return location.search;"), json!("?kind=esf&kind=transcript"));
}

const TOTAL: &str = "document.querySelector('#total')?.dataset.total";

/// The count the page shows beside a facet value.
fn facet_count(driver: &Driver, field: &str, value: &str) -> Value {
    driver.script(&format!(
        "return document.querySelector(\"a[data-facet='{field}'][data-value='{value}'] .n\")?.textContent ?? null;"
    ))
}

/// Two regions ORed, their counts kept while chosen, and the "okänd" bucket's count what
/// clicking it gives.
fn multi_select_facets_with_disjunctive_counts(driver: &Driver, served: &Served) {
    driver.goto(&served.url("/"));
    assert_eq!(driver.wait(TOTAL, &json!("5")), json!("5"));
    driver.click("a[data-facet='region'][data-value='Övre Norrland']");
    assert_eq!(driver.wait(TOTAL, &json!("3")), json!("3"));
    // Stockholm still says what choosing it adds, not the 0 the narrowed result has.
    assert_eq!(facet_count(driver, "region", "Stockholm"), json!("1"));
    assert_eq!(facet_count(driver, "region", "Mellersta Norrland"), json!("1"));
    driver.click("a[data-facet='region'][data-value='Stockholm']");
    assert_eq!(driver.wait(TOTAL, &json!("4")), json!("4"), "values of one facet are ORed");
    assert_eq!(
        driver.script("return location.search;"),
        json!("?region=%C3%96vre+Norrland&region=Stockholm")
    );
    let checked = driver.script(
        "return [...document.querySelectorAll(\"a[data-facet='region'][aria-checked=true]\")].map(a => a.dataset.value);",
    );
    assert_eq!(checked, json!(["Övre Norrland", "Stockholm"]));
    // Facets AND: the owner bucket "okänd" among the two regions is 2, and clicking gives 2.
    assert_eq!(facet_count(driver, "owner", "okänd"), json!("2"));
    assert_eq!(facet_count(driver, "program", "okänd"), json!("1"));
    driver.click("a[data-facet='owner'][data-value='okänd']");
    assert_eq!(driver.wait(TOTAL, &json!("2")), json!("2"));
    assert_eq!(driver.script(&format!("return {HITS};")), json!([S000, S001]));
    // Unchecking a value takes it out of the URL and the result.
    driver.click("a[data-facet='region'][data-value='Stockholm']");
    assert_eq!(driver.wait(TOTAL, &json!("1")), json!("1"));
    assert_eq!(driver.script(&format!("return {HITS};")), json!([S000]));

    // Two clicks in a row, the second before the first one's answer has drawn the page: both
    // values stay chosen, in the URL and in the list drawn last.
    driver.goto(&served.url("/"));
    assert_eq!(driver.wait(TOTAL, &json!("5")), json!("5"));
    driver.script(
        "for (const v of ['Övre Norrland', 'Stockholm']) \
           document.querySelector(`a[data-facet='region'][data-value='${v}']`).click(); \
         return 0;",
    );
    assert_eq!(driver.wait(TOTAL, &json!("4")), json!("4"));
    assert_eq!(
        driver.script("return location.search;"),
        json!("?region=%C3%96vre+Norrland&region=Stockholm")
    );
    let checked = driver.wait(
        "[...document.querySelectorAll(\"a[data-facet='region'][aria-checked=true]\")].map(a => a.dataset.value)",
        &json!(["Övre Norrland", "Stockholm"]),
    );
    assert_eq!(checked, json!(["Övre Norrland", "Stockholm"]));
    // So do two chips removed, and two projects picked, in a row.
    driver.script(
        "for (const c of [...document.querySelectorAll('.selected .chip')]) c.click(); return 0;",
    );
    assert_eq!(driver.wait(TOTAL, &json!("5")), json!("5"));
    assert_eq!(driver.script("return location.search;"), json!(""));
    driver.script(&format!(
        "for (const p of ['{S000}', '{S002}']) document.querySelector(`li.hit[data-path='${{p}}'] button.pick`).click(); return 0;"
    ));
    let picks = format!("?a={}&b={}", S000.replace('/', "%2F"), S002.replace('/', "%2F"));
    assert_eq!(driver.wait("location.search", &json!(picks)), json!(picks));
    assert_eq!(driver.wait("!!document.querySelector('#compare-link')", &json!(true)), json!(true));
}

/// The browser, or `None` (having said why) when there is none and CI is not set.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let chromium = on_path(&["chromium", "chromium-browser", "google-chrome"]);
    let chromedriver = on_path(&["chromedriver"]);
    let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
        let missing = "no chromium/chromedriver (install Debian's chromium and chromium-driver)";
        assert!(std::env::var_os("CI").is_none(), "CI is set and there is {missing}");
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            format!("tests/browser.rs: SKIPPED, {missing} (with CI set this fails)\n").as_bytes(),
        );
        return None;
    };
    Some((chromium, chromedriver))
}

/// Aligned sentence pairs of the judged pages 01_a and 01_b in an index of the seeds and them.
const ALIGNED_01: usize = 5;

#[test]
fn heat_map_cells_open_the_aligned_view_in_chromium() {
    let Some((chromium, chromedriver)) = browser() else { return };
    let env = crate::common::Env::with_seeds();
    std::fs::create_dir(env.join("pages")).unwrap();
    for name in ["01_a.txt", "01_b.txt"] {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/alignment/pages").join(name);
        std::fs::copy(from, env.join("pages").join(name)).unwrap();
    }
    env.ok(&["index", "seeds", "pages"]);
    let served = Served::start_in(env, &[], &[]);
    let driver = Driver::start(&chromium, &chromedriver);
    let agent = crate::webutil::agent();
    let aligned = |a: &str, b: &str| -> Value {
        let url = served.url(&format!(
            "/api/compare/align?a={}&b={}",
            crate::webutil::enc(a),
            crate::webutil::enc(b)
        ));
        serde_json::from_str(&crate::webutil::get(&agent, &url).2).unwrap()
    };
    let version = aligned("pages/01_a.txt", "pages/01_b.txt");
    assert_eq!(version["pairs"].as_array().unwrap().len(), ALIGNED_01);

    // Every project as a heat map, from the search page's link.
    driver.goto(&served.url("/"));
    driver.click("#matrix-link");
    let cells = "document.querySelectorAll('#heatmap g.cell').length";
    assert_eq!(driver.wait(cells, &json!(49)), json!(49), "7 × 7 cells");
    let diagonal = driver.script(
        "return [...document.querySelectorAll('#heatmap g.diagonal text')].map(t => t.textContent);",
    );
    assert_eq!(diagonal, json!(vec!["1.00"; 7]));
    // The numbers along the axes take the page's text colour: black on the dark page before.
    driver.color_scheme("dark");
    let axes = "return [...document.querySelectorAll('#heatmap > text')].every(t => \
         getComputedStyle(t).fill === getComputedStyle(document.body).color);";
    assert_eq!(driver.script(axes), json!(true));
    driver.color_scheme("light");
    let docs = driver.script(
        "return [...document.querySelectorAll('.matrix-docs li a')].map(a => a.getAttribute('href'));",
    );
    let docs: Vec<String> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|href| {
            let href = href.as_str().unwrap();
            let id = href.split("id=").nth(1).unwrap().split('&').next().unwrap();
            id.replace("%2F", "/")
        })
        .collect();
    let a = docs.iter().position(|d| d == "pages/01_a.txt").unwrap();
    let b = docs.iter().position(|d| d == "pages/01_b.txt").unwrap();
    // The closest pair is the version pair, and it is named.
    let closest = driver.script("return document.querySelector('#closest').textContent;");
    assert!(closest.as_str().unwrap().contains(&format!("{} och {}", a.min(b) + 1, a.max(b) + 1)));
    // Into a folder that goes with the test: a shot per run piled up in the temporary folder.
    let shots = tempfile::tempdir().unwrap();
    driver.screenshot(&shots.path().join("matrix.png"));

    // Its cell opens the two side by side, a row per aligned pair.
    driver.script(&format!(
        "document.querySelector(\"#heatmap g.cell[data-a='{a}'][data-b='{b}']\")\
         .dispatchEvent(new MouseEvent('click', {{bubbles: true}})); return 0;"
    ));
    let view = driver.wait("new URLSearchParams(location.search).get('view')", &json!("align"));
    assert_eq!(view, json!("align"));
    let rows = "document.querySelectorAll('tr.aligned-pair').length";
    assert_eq!(driver.wait(rows, &json!(ALIGNED_01)), json!(ALIGNED_01));
    let first = driver.script("return document.querySelector('tr.aligned-pair td').textContent;");
    assert_eq!(first, version["a_sentences"][0]["text"]);
    let only_a = "document.querySelectorAll('#only-a li').length";
    let expected = version["only_a"].as_array().unwrap().len();
    assert_eq!(driver.wait(only_a, &json!(expected)), json!(expected));

    // From the two-project comparison too.
    driver.goto(&served.url("/?a=pages%2F01_a.txt&b=pages%2F01_b.txt&view=compare"));
    driver.click("#align-link");
    assert_eq!(driver.wait(rows, &json!(ALIGNED_01)), json!(ALIGNED_01));
}

#[test]
fn the_report_renders_and_prints_without_overflow_in_chromium() {
    let Some((chromium, chromedriver)) = browser() else { return };
    let env = crate::common::Env::indexed();
    env.ok(&["compare", S000, S002, S003, S004, "--report", "report.html"]);
    let driver = Driver::start(&chromium, &chromedriver);
    driver.goto(&format!("file://{}", env.join("report.html").display()));
    let title =
        driver.wait("document.querySelector('h1')?.textContent", &json!("4 projects compared"));
    assert_eq!(title, json!("4 projects compared"));
    // Rendered: the heat map has its 16 cells, the passages their two columns.
    assert_eq!(driver.script("return document.querySelectorAll('svg rect').length;"), json!(16));
    assert_eq!(driver.script("return document.querySelectorAll('.cols > div').length;"), json!(2));
    // Nothing wider than the window, at a laptop's width and at an A4 page's (794 px).
    for width in [1000, 794, 600] {
        driver.post("/window/rect", json!({"width": width, "height": 700}));
        let overflow = driver.script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
        );
        assert_eq!(overflow, json!(0), "horizontal overflow at {width} px");
    }
    // Printed: a PDF (W3C WebDriver's print), A4 portrait.
    let pdf = driver
        .post("/print", json!({"page": {"width": 21.0, "height": 29.7}, "shrinkToFit": false}));
    let pdf = base64(pdf.as_str().expect("base64 PDF"));
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    // And after printing, no element sticks out of the narrowest window.
    let widest = driver.script(
        "const w = document.documentElement.clientWidth; \
         return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1).length;",
    );
    assert_eq!(widest, json!(0));
}

const BARS: &str =
    "[...document.querySelectorAll('#trend-chart g.bar')].map(g => g.dataset.label + ':' + g.dataset.count)";

#[test]
fn trends_terms_and_kwic_views_in_chromium() {
    let Some((chromium, chromedriver)) = browser() else { return };
    let served = Served::start();
    let driver = Driver::start(&chromium, &chromedriver);
    let (_shots_tmp, shots) = screenshot_dir();
    // Each view is photographed as it settles, at the width of the other screenshots.
    driver.post("/window/rect", json!({"width": 1400, "height": 900}));
    let settled = || {
        driver.wait("document.querySelector('main').hasAttribute('aria-busy')", &json!(false));
    };

    // Trends: a bar per year of the project period, then per region.
    driver.goto(&served.url("/?q=nyanl%C3%A4nda&view=trends"));
    let years = json!(["2009:1", "2010:0", "2011:1", "2012:1"]);
    assert_eq!(driver.wait(BARS, &years), years);
    settled();
    driver.screenshot(&shots.join("trends.png"));
    assert_eq!(
        driver.script(
            "return document.querySelector('#trend-table tbody tr:last-child').textContent;"
        ),
        json!("utan år1")
    );
    // Many years (1980–2040): the chart fits the page with labels that are readable and do not
    // overlap (every Nth year), and every bar keeps its count in its tooltip.
    let many_years = "const buckets = Array.from({ length: 61 }, (_, i) => ({ label: String(1980 + i), count: i })); \
         const room = document.querySelector('.trends').clientWidth; \
         document.querySelector('#trend-chart').replaceWith(yearChart(buckets, (b) => b.count, false, room)); \
         const labels = [...document.querySelectorAll('#trend-chart g.bar text:last-child')] \
           .map((t) => t.getBoundingClientRect()); \
         const apart = labels.every((r, i) => i === 0 || labels[i - 1].right + 4 <= r.left); \
         const titles = [...document.querySelectorAll('#trend-chart g.bar title')].map((t) => t.textContent); \
         const box = document.querySelector('#trend-chart').getBoundingClientRect(); \
         const within = [...document.querySelectorAll('#trend-chart text')].map((t) => t.getBoundingClientRect()) \
           .every((r) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5); \
         return [labels.length, apart, Math.round(labels[0].height), \
           box.width <= room, titles.length, titles[7], within];";
    let drawn = driver.script(many_years);
    // `within`: every label inside the chart (the first and last had been cut at its edges).
    assert_eq!(drawn, json!([31, true, 13, true, 61, "1987: 7 projekt", true]), "at 1400 px");
    driver.post("/window/rect", json!({"width": 390, "height": 900}));
    let drawn = driver.script(many_years);
    // 11 labels before the margins held half a label: the first and last were cut.
    assert_eq!(drawn, json!([9, true, 12, true, 61, "1987: 7 projekt", true]), "at 390 px");
    driver.post("/window/rect", json!({"width": 1400, "height": 900}));
    driver.click("a.trend-by[data-by='region']");
    let regions = json!(["Mellersta Norrland:1", "Stockholm:1", "Övre Norrland:1"]);
    assert_eq!(driver.wait(BARS, &regions), regions);
    assert_eq!(
        driver.script("return location.search;"),
        json!("?q=nyanl%C3%A4nda&view=trends&by=region")
    );

    // Distinctive terms beside the results: a click adds the term to the query.
    driver.goto(&served.url("/?q=nyanl%C3%A4nda"));
    let first = "document.querySelector('#terms a.term span')?.textContent";
    assert_eq!(driver.wait(first, &json!("bra")), json!("bra"));
    settled();
    driver.screenshot(&shots.join("terms.png"));
    driver.click("#terms a.term");
    assert_eq!(
        driver.wait("location.search", &json!("?q=nyanl%C3%A4nda+bra")),
        json!("?q=nyanl%C3%A4nda+bra")
    );
    assert_eq!(
        driver.wait("document.querySelector('#total')?.dataset.total", &json!("3")),
        json!("3")
    );

    // The concordance, aligned on the matched word, from the link over the results.
    let kwic_link = "document.querySelector('#kwic-link')?.getAttribute('href')";
    let expected = json!("/?q=nyanl%C3%A4nda+bra&view=kwic");
    assert_eq!(driver.wait(kwic_link, &expected), expected);
    driver.goto(&served.url("/?q=nyanl%C3%A4nda&view=kwic"));
    let lines = "document.querySelector('#kwic-total')?.dataset.lines";
    // 85 before titles were read: seed 000's is "N till N - från nyanländ till nyanställd".
    assert_eq!(driver.wait(lines, &json!("86")), json!("86"));
    let matched = driver.script(
        "return [...document.querySelectorAll('#kwic-lines td.match')].slice(0, 3).map(e => e.textContent);",
    );
    assert_eq!(matched, json!(["nyanländ", "nyanlända", "nyanlända"]));
    settled();
    driver.screenshot(&shots.join("kwic.png"));
    driver.click("a.kwic-sort[data-sort='right']");
    assert_eq!(
        driver.wait("location.search", &json!("?q=nyanl%C3%A4nda&view=kwic&kwic_sort=right")),
        json!("?q=nyanl%C3%A4nda&view=kwic&kwic_sort=right")
    );
    trends_and_kwic_show_their_query_and_filters(&driver, &served);
}

const CHIPS: &str = "[...document.querySelectorAll('.selected .chip')].map(c => c.textContent)";
const OF_WHAT: &str = "document.querySelector('#of-what')?.textContent";

/// The trends and the concordance say what they are of: the query, and each filter and exact
/// mode as the search's chip that removes it (before, neither view showed either).
fn trends_and_kwic_show_their_query_and_filters(driver: &Driver, served: &Served) {
    let trend_total = "document.querySelector('#trend-total')?.dataset.total";
    driver.goto(&served.url("/?q=nyanl%C3%A4nda&view=trends&region=%C3%96vre+Norrland&exact=1"));
    assert_eq!(driver.wait(trend_total, &json!("1")), json!("1"));
    assert_eq!(driver.script(&format!("return {OF_WHAT};")), json!("Sökfråga: nyanlända"));
    let chips = json!(["Exakt som skrivet ✕", "Region: Övre Norrland ✕"]);
    assert_eq!(driver.script(&format!("return {CHIPS};")), chips);
    driver.click(".selected a.chip:not(#exact-chip)");
    let search = json!("?q=nyanl%C3%A4nda&view=trends&exact=1");
    assert_eq!(driver.wait("location.search", &search), search);
    assert_eq!(driver.wait(trend_total, &json!("3")), json!("3"));
    driver.click("#exact-chip");
    let search = json!("?q=nyanl%C3%A4nda&view=trends");
    assert_eq!(driver.wait("location.search", &search), search);
    assert_eq!(driver.wait(&format!("{CHIPS}.length"), &json!(0)), json!(0));
    driver.goto(&served.url("/?view=trends&kind=esf"));
    assert_eq!(driver.wait(trend_total, &json!("4")), json!("4"));
    assert_eq!(
        driver.script(&format!("return {OF_WHAT};")),
        json!("Alla projekt (ingen sökfråga)")
    );
    assert_eq!(
        driver.script(&format!("return {CHIPS};")),
        json!(["Dokumenttyp: ESF-projektsida ✕"])
    );

    let lines = "document.querySelector('#kwic-total')?.dataset.lines";
    driver.goto(&served.url("/?q=nyanl%C3%A4nda&view=kwic&region=%C3%96vre+Norrland"));
    assert_eq!(driver.wait(lines, &json!("3")), json!("3"));
    assert_eq!(driver.script(&format!("return {OF_WHAT};")), json!("Sökfråga: nyanlända"));
    assert_eq!(driver.script(&format!("return {CHIPS};")), json!(["Region: Övre Norrland ✕"]));
    driver.click(".selected a.chip");
    let search = json!("?q=nyanl%C3%A4nda&view=kwic");
    assert_eq!(driver.wait("location.search", &search), search);
    assert_eq!(driver.wait(lines, &json!("86")), json!("86"));

    // A mistyped word: the chart and the lines are of the corrected search, and say so as the
    // search does (before, they showed the corrected matches under the word as typed).
    let spelling = "document.querySelector('#spelling')?.textContent";
    let said =
        json!("Visar träffar för arbetsförmedlingen. Sök i stället exakt efter arbetsförmedlnigen");
    for view in ["trends", "kwic"] {
        driver.goto(&served.url(&format!("/?q=arbetsf%C3%B6rmedlnigen&view={view}")));
        assert_eq!(driver.wait(spelling, &said), said, "{view}");
    }
}

const PAGE_ERROR: &str = "document.querySelector('#page-error')?.textContent ?? null";

/** A query the API refuses: said in Swedish above the results it had, the form as typed. */
fn errors_stay_inline_in_swedish_with_the_last_results(driver: &Driver, served: &Served) {
    driver.goto(&served.url("/?q=nyanl%C3%A4nda"));
    assert_eq!(driver.wait(TOTAL, &json!("3")), json!("3"));
    let before = driver.script(&format!("return {HITS};"));
    driver.script("document.querySelector('#q').value = ''; return 0;");
    driver.type_text("#q", "\"unga vuxna\u{E007}");
    let said =
        "Fel: Sökfrågan går inte att läsa: ett citattecken (\") saknar sitt par (vid tecken 1). \
                Nedan står det som visades innan.";
    assert_eq!(driver.wait(PAGE_ERROR, &json!(said)), json!(said));
    assert_eq!(driver.script(&format!("return {HITS};")), before, "the last results stay");
    assert_eq!(driver.script("return document.querySelector('#q').value;"), json!("\"unga vuxna"));
    assert_eq!(driver.script("return location.search;"), json!("?q=%22unga+vuxna"));
    assert_eq!(
        driver.script("return document.querySelector('#page-error').getAttribute('role');"),
        json!("alert")
    );
    let english =
        driver.script("return /query|unbalanced|character/.test(document.body.innerText);");
    assert_eq!(english, json!(false));
    // Corrected, the search replaces the message with its results.
    driver.script("document.querySelector('#q').value = ''; return 0;");
    driver.type_text("#q", "\"unga vuxna\"\u{E007}");
    assert_eq!(driver.wait(PAGE_ERROR, &Value::Null), Value::Null);
    // A replacement character typed (pasted from a badly decoded PDF) is no error: it stands
    // between words, as on the command line.
    driver.script("document.querySelector('#q').value = ''; return 0;");
    driver.type_text("#q", "socialt\u{FFFD}företagande\u{E007}");
    assert_eq!(
        driver.wait(TOTAL, &json!("2")),
        json!("2"),
        "{}",
        driver.script("return [location.search, document.querySelector('#q').value, document.querySelector('main').innerText.slice(0, 300)];")
    );
    assert_eq!(driver.script(&format!("return {PAGE_ERROR};")), Value::Null);

    // A bad value in a bookmarked URL: no results to keep, the filter named as the form names it.
    driver.goto(&served.url("/?q=arbete&min_grant=abc"));
    let said = "Fel: ESF-stöd från: \"abc\" är inget belopp i kronor; skriv t.ex. 1500000, 1 500 \
                000, 1,5 Mkr eller 500 tkr.";
    assert_eq!(driver.wait(PAGE_ERROR, &json!(said)), json!(said));
    assert_eq!(driver.script("return document.title;"), json!(format!("{said} – projsok")));
}

/// What the API says for each kind of bad request, as the page says it: every message has its
/// Swedish sentence, none falls back to the catch-all.
fn every_api_error_reads_in_swedish(driver: &Driver, served: &Served) {
    let agent = crate::webutil::agent();
    let cases = [
        ("/api/search?q=(a", "Sökfrågan går inte att läsa: en parentes öppnas men stängs aldrig (vid tecken 1)."),
        ("/api/search?q=a)", "Sökfrågan går inte att läsa: en ) stänger ingen parentes (vid tecken 2)."),
        ("/api/search?q=AND", "Sökfrågan går inte att läsa: AND behöver ett ord på var sida (vid tecken 1)."),
        ("/api/search?q=NOT", "Sökfrågan går inte att läsa: NOT behöver ett ord efter sig (vid tecken 1)."),
        ("/api/search?q=titel:", "Sökfrågan går inte att läsa: titel: behöver ett ord efter sig, t.ex. titel:arbete (vid tecken 6)."),
        ("/api/search?q=titel:-arbete", "Sökfrågan går inte att läsa: för att utesluta ett ord i titel, sätt - före fältet, t.ex. -titel:arbete (vid tecken 7)."),
        ("/api/search?q=titel:och:att", "Sökfrågan går inte att läsa: ett ord i titel: kan inte innehålla kolon; sätt det inom citattecken, t.ex. titel:\"10:30\" (vid tecken 10)."),
        ("/api/search?q=sfi%22sas%22", "Sökfrågan går inte att läsa: ett citattecken ska börja ett ord (eller stå efter ett fältnamn, t.ex. titel:\"sociala företag\"): sätt ett mellanslag före det (vid tecken 4)."),
        ("/api/search?q=%22sfi%22sas", "Sökfrågan går inte att läsa: frasens avslutande citattecken ska avsluta ordet: sätt ett mellanslag efter det (vid tecken 6)."),
        ("/api/search?q=%5E", "Sökfrågan går inte att läsa: en förstärkning ^ ska stå efter ett ord och vara större än 0 och högst 1000, t.ex. arbete^2 (vid tecken 1)."),
        ("/api/search?q=start:[2010+TO+2009]", "Sökfrågan går inte att läsa: intervallet för start är tomt: 2010 är större än 2009."),
        // A range sign without a field, a field without ranges, bounds that are no amount or
        // year: before, "<5" said "ranges work on grant, budget, start and slut, not \"\"".
        ("/api/search?q=%3C5", "Sökfrågan går inte att läsa: <5 behöver ett fält: stod:<5 eller budget:<5 i kronor (stod är ESF-stöd), start:<5 eller slut:<5 i år."),
        ("/api/search?q=%3E%3D2009", "Sökfrågan går inte att läsa: >=2009 behöver ett fält: stod:>=2009 eller budget:>=2009 i kronor (stod är ESF-stöd), start:>=2009 eller slut:>=2009 i år."),
        ("/api/search?q=x:[1+TO+2]", "Sökfrågan går inte att läsa: fältet x tar inget intervall; ett intervall behöver stod (ESF-stöd) eller budget i kronor, start eller slut i år, t.ex. stod:[1 TO 2]."),
        ("/api/search?q=stod:5978228", "Sökfrågan går inte att läsa: fältet stod tar ett intervall, t.ex. stod:>=1500000 eller stod:[1Mkr TO 5Mkr]."),
        ("/api/search?q=budget:[abc+TO+5]", "Sökfrågan går inte att läsa: gränsen \"abc\" i budget:[abc TO 5] är inget belopp i kronor; skriv t.ex. budget:>=1500000 eller budget:>=1,5Mkr (decimaler efter komma)."),
        ("/api/search?q=stod:%3E%3D1,5kr", "Sökfrågan går inte att läsa: gränsen \"1,5kr\" i stod:>=1,5kr är inte ett helt antal kronor; skriv ett belopp i hela kronor."),
        ("/api/search?q=stod:%3E%3D99999999999999999999", "Sökfrågan går inte att läsa: gränsen \"99999999999999999999\" i stod:>=99999999999999999999 är för stor."),
        ("/api/search?q=start:%3Eabc", "Sökfrågan går inte att läsa: gränsen \"abc\" i start:>abc är inget årtal; skriv t.ex. start:[2009 TO 2010]."),
        ("/api/search?q=budget:[1+TO", "Sökfrågan går inte att läsa: intervallet stängs aldrig; ett intervall skrivs start:[2009 TO 2010] eller stod:[1000000 TO *] (vid tecken 8)."),
        ("/api/search?q=%22arbe*%22", "Sökfrågan går inte att läsa: * fungerar inte inuti citattecken; ta bort citattecknen eller *."),
        ("/api/search?q=a&min_grant=5&max_grant=1", "ESF-stöd från: 5 är större än esf-stöd till (1)."),
        ("/api/search?min_grant=x", "ESF-stöd från: \"x\" är inget belopp i kronor; skriv t.ex. 1500000, 1 500 000, 1,5 Mkr eller 500 tkr."),
        ("/api/search?max_budget=1,5%20kr", "Budget till: \"1,5 kr\" är inte ett helt antal kronor."),
        ("/api/search?from_year=2010&to_year=2009", "Period från år: 2010 är efter period till år (2009)."),
        ("/api/search?q=a&sort=x", "Sorteringen: värdet \"x\" finns inte."),
        ("/api/search?q=a&limit=10001", "Antalet träffar: 10001 är fler än 10000."),
        ("/api/kwic", "Sökfrågan: konkordansen visar var sökfrågans ord står, så den behöver en sökfråga: skriv den i sökrutan."),
        ("/api/show/nope", "Projektet finns inte i indexet (det kan ha tagits bort när indexet byggdes om)."),
        ("/api/nope", "Sidan finns inte."),
    ];
    driver.goto(&served.url("/"));
    assert_eq!(driver.wait(TOTAL, &json!("5")), json!("5"));
    for (path, swedish) in cases {
        let (status, _, body) = crate::webutil::get(&agent, &served.url(path));
        let message: Value = serde_json::from_str(&body).unwrap();
        let said = driver.script(&format!(
            "return inSwedish({status}, {});",
            serde_json::to_string(&message["error"]).unwrap()
        ));
        assert_eq!(said, json!(swedish), "{path}: {body}");
    }
    let unknown_field = driver.script(
        "return inSwedish(400, 'query \"foo:bar\": unknown field \"foo\" (known: titel, syfte)');",
    );
    assert_eq!(
        unknown_field,
        json!("Sökfrågan går inte att läsa: fältet \"foo\" finns inte (fälten är titel, syfte).")
    );
    // A posted text past the limit (413), as the API says it.
    let too_long = crate::webutil::agent()
        .post(&served.url("/api/similar"))
        .send(&vec![b'a'; (1 << 20) + 1][..])
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    let message: Value = serde_json::from_str(&too_long).unwrap();
    let said = driver.script(&format!("return inSwedish(413, {});", message["error"]));
    assert_eq!(
        said,
        json!("Texten: den är längre än 1 MiB (ungefär en miljon tecken), det mesta som jämförs; klistra in en del av den.")
    );
    assert_eq!(
        driver.script("return inSwedish(0, '');"),
        json!("Servern svarar inte. Körs projsok serve fortfarande?")
    );
}

/// No hits: the filter whose removal finds the most, with its count, and "menade du".
fn an_empty_result_suggests_the_filter_to_drop(driver: &Driver, served: &Served) {
    // Without the kind 1 project, without the region 2: the region is the one to drop.
    driver.goto(&served.url("/?q=nyanlnda&kind=esf&region=Stockholm"));
    assert_eq!(driver.wait(TOTAL, &json!("0")), json!("0"));
    let suggestion = "document.querySelector('#suggestion')?.textContent";
    let expected = json!("Ta bort filtret Region: Stockholm så blir det 2 projekt.");
    assert_eq!(driver.wait(suggestion, &expected), expected);
    assert_eq!(
        driver.script("return document.querySelector('#spelling').textContent;"),
        json!("Menade du nyanlända?")
    );
    driver.click("#drop-filter");
    assert_eq!(driver.wait(TOTAL, &json!("2")), json!("2"), "the count said is what it gives");
    assert_eq!(driver.script("return location.search;"), json!("?q=nyanlnda&kind=esf"));

    // When no single filter finds anything, dropping them all is offered, with its count.
    driver.goto(&served.url("/?q=nyanlnda&owner=VIVA+kompetenscentrum&min_grant=100000000"));
    let expected = json!("Inget filter ensamt ger träffar; utan alla filter blir det 3 projekt.");
    assert_eq!(driver.wait(suggestion, &expected), expected);

    // Exact mode is dropped as a filter is: before, a typo searched exactly was a dead end.
    driver.goto(&served.url("/?q=nyanlnda&exact=1"));
    assert_eq!(driver.wait(TOTAL, &json!("0")), json!("0"));
    let expected = json!("Ta bort filtret Exakt som skrivet så blir det 3 projekt.");
    assert_eq!(driver.wait(suggestion, &expected), expected);
    driver.click("#drop-filter");
    assert_eq!(driver.wait(TOTAL, &json!("3")), json!("3"));
}

const NOTICES: &str = "[...document.querySelectorAll('#notices .notice')].map(n => n.textContent)";

/// What the command line says on standard error of a query (a stop word, a filter value no
/// document has, a search relaxed to some of the words) the page says in Swedish above the
/// hits, and in the trends and the concordance too: before, it showed none of it, and "och"
/// or "Vara" found nothing without a word of why.
fn the_searchs_warnings_show_in_swedish(driver: &Driver, served: &Served) {
    let cases = [
        (
            "/?q=och",
            "0",
            "Sökfrågan har bara stoppord (\"och\"), som inte söks, så inget projekt matchar.",
        ),
        (
            "/?q=Vara",
            "0",
            "Sökfrågan har bara stoppord (\"Vara\"), som inte söks, så inget projekt matchar. \
             För att söka kommunen, skriv kommun:Vara.",
        ),
        (
            "/?q=%25",
            "0",
            "Sökfrågan har inga bokstäver eller siffror (\"%\"), så inget projekt matchar.",
        ),
        (
            "/?q=invandrare+%2Boch",
            "4",
            "\"och\" är ett stoppord: stoppord söks inte, så inget projekt kan krävas ha det. Ta \
             bort + eller AND framför det.",
        ),
        (
            "/?q=%22f%C3%B6r+invandrare%22",
            "4",
            "\"för\" är ett stoppord: stoppord söks inte, så frasen \"för invandrare\" söks som \
             \"invandrare\".",
        ),
        (
            "/?q=praktik+stockholm+ume%C3%A5",
            "4",
            "Inget projekt har alla orden: här visas de som har några av dem.",
        ),
        ("/?kommun=Jokmokk", "0", "Inget projekt har kommun \"Jokmokk\". Menade du Jokkmokk?"),
        ("/?region=Norrland", "0", "Inget projekt har region \"Norrland\"."),
    ];
    // Each said as the page says it (a render each would double this test's time)...
    let agent = crate::webutil::agent();
    driver.goto(&served.url("/"));
    assert_eq!(driver.wait(TOTAL, &json!("5")), json!("5"));
    for (url, total, said) in cases {
        let api = url.replacen("/?", "/api/search?limit=0&", 1);
        let (status, _, body) = crate::webutil::get(&agent, &served.url(&api));
        let answer: Value = serde_json::from_str(&body).unwrap();
        assert_eq!((status, answer["total"].to_string()), (200, total.to_string()), "{url}");
        let shown = driver.script(&format!(
            "return {}.map(warningInSwedish).filter(Boolean);",
            answer["warnings"]
        ));
        assert_eq!(shown, json!([said]), "{url}");
    }
    // ... and shown above the hits, accessible in both colour schemes.
    driver.goto(&served.url("/?q=Vara"));
    assert_eq!(driver.wait(NOTICES, &json!([cases[1].2])), json!([cases[1].2]));
    if let Some(axe) = axe_core() {
        for scheme in ["light", "dark"] {
            driver.color_scheme(scheme);
            assert_eq!(axe_violations(driver, &axe), json!([]), "a notice in the {scheme} scheme");
        }
        driver.color_scheme("light");
    }
    // A correction is said once, by "Menade du", not again as a notice.
    driver.goto(&served.url("/?q=arbetsf%C3%B6rmedlnigen"));
    driver.find("#spelling");
    assert_eq!(driver.script(&format!("return {NOTICES};")), json!([]));
    let more = driver.script(
        "return [inSwedish, warningInSwedish].length && [\
           warningInSwedish('no document has kommun \"a\", \"b\", \"c\" or 2 more of the values given'), \
           warningInSwedish('x.txt has no words that other documents share'), \
           warningInSwedish('\"aaaa…\" is longer than a word can be (255 bytes) and is not searched, so nothing matches'), \
           warningInSwedish('no document has phase \"genomför\"; did you mean Genomförande or Förprojektering?'), \
           warningInSwedish('something new')];",
    );
    assert_eq!(
        more,
        json!([
            "Inget projekt har kommun \"a\", \"b\", \"c\" eller 2 till av de valda värdena.",
            "x.txt har inga ord som andra dokument också har.",
            "\"aaaa…\" är längre än ett ord kan vara (255 byte) och söks inte, så inget projekt matchar.",
            "Inget projekt har projektfas \"genomför\". Menade du Genomförande eller Förprojektering?",
            "Sökningen gav en anmärkning som sidan inte kan återge på svenska."
        ])
    );
    // The trends and the concordance say theirs too.
    for (url, ready) in
        [("/?q=och&view=trends", "#trend-total"), ("/?q=och&view=kwic", "#kwic-total")]
    {
        driver.goto(&served.url(url));
        driver.find(ready);
        let said = json!([
            "Sökfrågan har bara stoppord (\"och\"), som inte söks, så inget projekt matchar."
        ]);
        assert_eq!(driver.wait(NOTICES, &said), said, "{url}");
    }
}

const SCROLLED: &str = "Math.round(window.scrollY)";

/// Back and forward return each view scrolled where the user left it.
fn back_and_forward_restore_the_scroll_position(driver: &Driver, served: &Served) {
    driver.goto(&served.url("/"));
    assert_eq!(driver.wait(TOTAL, &json!("5")), json!("5"));
    driver.script("document.querySelectorAll('li.hit')[4].scrollIntoView(); return 0;");
    let left_at = driver.script(&format!("return {SCROLLED};"));
    assert!(left_at.as_i64().unwrap() > 300, "the list is scrolled: {left_at}");
    driver.click("#results li.hit:nth-child(5) .title");
    driver.find("article.record");
    assert_eq!(driver.wait(SCROLLED, &json!(0)), json!(0), "a new view starts at its top");
    driver.script("window.scrollTo(0, 250); return 0;");
    // The position is kept once the scrolling has stopped for a moment.
    let kept = driver.wait("JSON.stringify(history.state?.scroll)", &json!("[0,250]"));
    assert_eq!(kept, json!("[0,250]"));
    driver.script("history.back(); return 0;");
    assert_eq!(driver.wait(SCROLLED, &left_at), left_at, "back to the list where it was");
    assert_eq!(driver.script(&format!("return {HITS}.length;")), json!(5));
    driver.script("history.forward(); return 0;");
    assert_eq!(
        driver.wait(SCROLLED, &json!(250)),
        json!(250),
        "forward to the record where it was"
    );
    assert_eq!(driver.script("return !!document.querySelector('article.record');"), json!(true));
}

/// A page number past the last page says so and links to the last page.
fn a_page_past_the_end_says_so(driver: &Driver, served: &Served) {
    driver.goto(&served.url("/?page=3"));
    let said = driver.wait(
        "document.querySelector('#past-end')?.textContent",
        &json!("Träffarna räcker till sida 1. Gå till sida 1"),
    );
    assert_eq!(said, json!("Träffarna räcker till sida 1. Gå till sida 1"));
    assert_eq!(
        driver.script("return document.querySelector('#total').textContent;"),
        json!("5 projekt – sidan 3 finns inte")
    );
    driver.click("#past-end a");
    assert_eq!(driver.wait(&format!("{HITS}.length"), &json!(5)), json!(5));
    assert_eq!(driver.script("return location.search;"), json!(""));
    // Counts and page numbers are grouped the Swedish way, as the export's warning groups its
    // count: a heading said "44402 projekt" of g0vse beside "44 402 dokument".
    driver.goto(&served.url("/?page=12345"));
    let total = "document.querySelector('#total')?.textContent";
    let said = json!("5 projekt – sidan 12\u{a0}345 finns inte");
    assert_eq!(driver.wait(total, &said), said);
    assert_eq!(
        driver.script("return [num(44402), num(1000000)];"),
        json!(["44\u{a0}402", "1\u{a0}000\u{a0}000"])
    );
}

/// A slow answer shows "Hämtar …"; the focus stays on the facet value clicked; the tab has a
/// favicon that is an image.
fn loading_focus_titles_and_favicon(driver: &Driver, served: &Served) {
    driver.goto(&served.url("/"));
    assert_eq!(driver.wait(TOTAL, &json!("5")), json!("5"));
    assert_eq!(driver.script("return document.querySelector('#loading').hidden;"), json!(true));
    // Every answer a second late, as on a slow connection.
    driver.script(
        "window.quickFetch = window.fetch; \
         window.fetch = (...a) => new Promise(r => setTimeout(r, 1000)).then(() => window.quickFetch(...a)); \
         return 0;",
    );
    driver.click("a[data-facet='region'][data-value='Stockholm']");
    let loading = "(() => { const l = document.querySelector('#loading'); \
                   return !l.hidden && getComputedStyle(l).visibility === 'visible' ? l.textContent : null; })()";
    assert_eq!(driver.wait(loading, &json!("Hämtar …")), json!("Hämtar …"));
    assert_eq!(driver.wait(TOTAL, &json!("1")), json!("1"));
    assert_eq!(driver.script("return document.querySelector('#loading').hidden;"), json!(true));
    driver.script("window.fetch = window.quickFetch; return 0;");
    assert_eq!(
        driver.script("return document.activeElement.dataset.value ?? null;"),
        json!("Stockholm")
    );
    assert_eq!(
        driver.script("return document.activeElement.getAttribute('aria-checked');"),
        json!("true")
    );

    let icon = driver.script_async(
        "const done = arguments[arguments.length - 1]; \
         const link = document.querySelector('link[rel=icon]'); \
         const img = new Image(); img.onload = () => done(link.href.slice(0, 19) + ' ' + img.naturalWidth); \
         img.onerror = () => done('not an image'); img.src = link.href;",
    );
    assert_eq!(icon, json!("data:image/svg+xml, 16"));
}

const DRAWER: &str = "(() => { const f = document.querySelector('#filters'); \
    return [getComputedStyle(f).display !== 'none', f.getAttribute('role'), \
            document.querySelector('#filter-button').getAttribute('aria-expanded'), \
            document.querySelector('header.top').inert, document.querySelector('section.results').inert]; })()";

/// On a phone the filters are a drawer over the hits: opened by the button, a modal dialog
/// while open (the page behind inert), closed by Esc, its close button, or "Visa N projekt",
/// each time giving the focus back; at a laptop's width they are the side column.
fn the_phone_filter_drawer(driver: &Driver, served: &Served, shots: &Path) {
    driver.post("/window/rect", json!({"width": 390, "height": 800}));
    driver.goto(&served.url("/"));
    assert_eq!(driver.wait(TOTAL, &json!("5")), json!("5"));
    let closed = json!([false, null, "false", false, false]);
    let open = json!([true, "dialog", "true", true, true]);
    assert_eq!(driver.script(&format!("return {DRAWER};")), closed);
    driver.click("#filter-button");
    assert_eq!(driver.wait(DRAWER, &open), open);
    assert_eq!(driver.script("return document.activeElement.id;"), json!("close-filters"));
    // Over the hits, not beside or below them.
    let over = driver.script(
        "const r = document.querySelector('#filters').getBoundingClientRect(); \
         return [r.top, r.right, document.elementFromPoint(r.left + r.width / 2, 300).closest('#filters') !== null];",
    );
    assert_eq!(over, json!([0, 390, true]));
    let sideways = driver.script(
        "const f = document.querySelector('#filters'); return f.scrollWidth - f.clientWidth;",
    );
    assert_eq!(sideways, json!(0), "the drawer's form fits it");
    driver.screenshot(&shots.join("search-filters-390.png"));
    // Tab moves on inside the drawer.
    driver.press("\u{E004}");
    assert_eq!(driver.script("return !!document.activeElement.closest('#filters');"), json!(true));
    let axe = axe_core();
    if let Some(axe) = &axe {
        assert_eq!(axe_violations(driver, axe), json!([]), "the open drawer");
    }

    // A value chosen in the drawer: the result changes behind it, the drawer and focus stay.
    driver.click("a[data-facet='region'][data-value='Stockholm']");
    assert_eq!(driver.wait(TOTAL, &json!("1")), json!("1"));
    assert_eq!(driver.script(&format!("return {DRAWER};")), open);
    assert_eq!(
        driver.script("return document.activeElement.dataset.value ?? null;"),
        json!("Stockholm")
    );
    assert_eq!(
        driver.script("return document.querySelector('#show-results').textContent;"),
        json!("Visa 1 projekt")
    );
    driver.press("\u{E00C}");
    assert_eq!(driver.wait(DRAWER, &closed), closed, "Esc closes it");
    assert_eq!(driver.script("return document.activeElement.id;"), json!("filter-button"));
    assert_eq!(
        driver.script("return document.activeElement.textContent;"),
        json!("Filter (1 valt)")
    );
    driver.click("#filter-button");
    assert_eq!(driver.wait(DRAWER, &open), open);
    driver.click("#close-filters");
    assert_eq!(driver.wait(DRAWER, &closed), closed, "the close button closes it");
    assert_eq!(driver.script("return document.activeElement.id;"), json!("filter-button"));
    driver.click("#filter-button");
    assert_eq!(driver.wait(DRAWER, &open), open);
    driver.click("#show-results");
    assert_eq!(driver.wait(DRAWER, &closed), closed);
    assert_eq!(driver.script("return document.activeElement.id;"), json!("total"));
    // The closed drawer holds no focus: Tab from the button goes on into the results.
    driver.click("#filter-button");
    driver.click("#close-filters");
    driver.press("\u{E004}");
    assert_eq!(
        driver.script("return document.activeElement.closest('#filters') === null;"),
        json!(true)
    );

    // Opened, then widened to a laptop: the side column, nothing inert.
    driver.click("#filter-button");
    assert_eq!(driver.wait(DRAWER, &open), open);
    driver.post("/window/rect", json!({"width": 1000, "height": 700}));
    let side = json!([true, null, "false", false, false]);
    assert_eq!(driver.wait(DRAWER, &side), side);
}

/// On a phone, compare's columns stack and every value says which project it belongs to by
/// the letter the column heads give each project.
fn compare_stacks_with_side_letters_on_a_phone(driver: &Driver, served: &Served) {
    let (s000, s003) = (S000.replace('/', "%2F"), S003.replace('/', "%2F"));
    driver.post("/window/rect", json!({"width": 390, "height": 800}));
    open_view(
        driver,
        served,
        &format!("/?view=compare&a={s000}&b={s003}"),
        "#kommuner-common-count",
    );
    let heads = driver.script(
        "return [...document.querySelectorAll('.facts-table thead th')].map(e => e.textContent);",
    );
    assert_eq!(heads, json!(["A: N till N - från nyanländ till nyanställd", "B: INTRO"]));
    let phase = driver.script(
        "return [...document.querySelectorAll('.facts-table tbody tr:first-child td')] \
           .map(td => getComputedStyle(td, '::before').content + td.textContent);",
    );
    assert_eq!(phase, json!(["\"A: \"Förprojektering", "\"B: \"Genomförande"]));
    // Stacked: B's value under A's, not beside it.
    let stacked = driver.script(
        "const [a, b] = document.querySelectorAll('.facts-table tbody tr:first-child td'); \
         return b.getBoundingClientRect().top >= a.getBoundingClientRect().bottom;",
    );
    assert_eq!(stacked, json!(true));
    let sides = driver.script(
        "return [...document.querySelector('.pair').querySelectorAll('.side, .columns > div > .terms')] \
           .map(e => e.textContent.split(':')[0]);",
    );
    assert_eq!(sides, json!(["A", "Bara i A", "B", "Bara i B"]));
    let columns = driver.script(
        "const [a, b] = document.querySelectorAll('.pair .columns > div'); \
         return b.getBoundingClientRect().top >= a.getBoundingClientRect().bottom;",
    );
    assert_eq!(columns, json!(true));
    if let Some(axe) = axe_core() {
        assert_eq!(axe_violations(driver, &axe), json!([]), "compare on a phone");
    }
    driver.post("/window/rect", json!({"width": 1000, "height": 700}));
}

const EXPORT_HREFS: &str =
    "[...document.querySelectorAll('#export a.button')].map(a => a.getAttribute('href'))";

/// Export: with or without the sections' texts (the links and the file follow the box), and
/// over the threshold (5 000 documents; lowered in the page to reach it with the seeds) a
/// warning to confirm first, which "Avbryt" takes back.
fn export_chooses_the_texts_and_asks_before_a_large_one(driver: &Driver, served: &Served) {
    driver.goto(&served.url("/?q=nyanl%C3%A4nda"));
    assert_eq!(driver.wait(TOTAL, &json!("3")), json!("3"));
    let with_texts = json!([
        "/api/export?q=nyanl%C3%A4nda&format=csv",
        "/api/export?q=nyanl%C3%A4nda&format=ndjson"
    ]);
    assert_eq!(driver.script(&format!("return {EXPORT_HREFS};")), with_texts);
    driver.click("#export-sections");
    let without = json!([
        "/api/export?q=nyanl%C3%A4nda&format=csv&no_sections=1",
        "/api/export?q=nyanl%C3%A4nda&format=ndjson&no_sections=1"
    ]);
    assert_eq!(driver.wait(EXPORT_HREFS, &without), without);
    let agent = crate::webutil::agent();
    let header = |href: &str| {
        let (status, _, body) = crate::webutil::get(&agent, &served.url(href));
        assert_eq!(status, 200, "{href}");
        body.lines().next().unwrap().trim_start_matches('\u{feff}').split(',').count()
    };
    assert_eq!(header("/api/export?q=nyanl%C3%A4nda&format=csv"), 28, "20 fields and 8 sections");
    assert_eq!(header("/api/export?q=nyanl%C3%A4nda&format=csv&no_sections=1"), 20);
    let sections = |href: &str| -> Vec<usize> {
        let (_, _, body) = crate::webutil::get(&agent, &served.url(href));
        body.lines()
            .map(|line| {
                let record: Value = serde_json::from_str(line).unwrap();
                record["sections"].as_array().unwrap().len()
            })
            .collect()
    };
    assert_eq!(sections(without[1].as_str().unwrap()), vec![0, 0, 0]);
    // The choice stays for the next result.
    driver.click("a[data-facet='region'][data-value='Stockholm']");
    assert_eq!(driver.wait(TOTAL, &json!("1")), json!("1"));
    assert_eq!(
        driver.script("return document.querySelector('#export-sections').checked;"),
        json!(false)
    );

    // 3 documents are not many; past the threshold the page asks first.
    driver.goto(&served.url("/?q=nyanl%C3%A4nda"));
    assert_eq!(driver.wait(TOTAL, &json!("3")), json!("3"));
    assert_eq!(driver.script("return document.documentElement.dataset.exportWarn;"), json!("5000"));
    driver.script("document.documentElement.dataset.exportWarn = '2'; return 0;");
    driver.click("#export-csv");
    let warning = "document.querySelector('#export-warning:not([hidden])')?.textContent ?? null";
    let said = json!(
        "Exporten blir 3 dokument, fler än 2, utan avsnittens texter: filen kan bli stor och ta en \
         stund att hämta.Exportera ändåAvbryt"
    );
    assert_eq!(driver.wait(warning, &said), said);
    assert_eq!(
        driver.script("return location.search;"),
        json!("?q=nyanl%C3%A4nda"),
        "nothing left"
    );
    assert_eq!(driver.script("return document.activeElement.id;"), json!("export-anyway"));
    assert_eq!(
        driver.script("return document.querySelector('#export-anyway').getAttribute('href');"),
        json!("/api/export?q=nyanl%C3%A4nda&format=csv&no_sections=1")
    );
    driver.click("#export-cancel");
    assert_eq!(driver.wait(warning, &Value::Null), Value::Null);
    assert_eq!(driver.script("return document.activeElement.id;"), json!("export-csv"));
    driver.click("#export-sections");
    driver.click("#export-ndjson");
    let said = json!(
        "Exporten blir 3 dokument, fler än 2, med avsnittens texter: filen kan bli stor och ta en \
         stund att hämta.Exportera ändåAvbryt"
    );
    assert_eq!(driver.wait(warning, &said), said);
    driver.script("document.documentElement.dataset.exportWarn = '5000'; return 0;");
    driver.click("#export-cancel");
}

/// Paging keeps the focus on the paging links: "Nästa" on a middle page, and on the last
/// page, where there is no "Nästa", the other link of the same bar.
#[test]
fn paging_keeps_the_focus_in_chromium() {
    let Some((chromium, chromedriver)) = browser() else { return };
    let env = crate::common::Env::with_seeds();
    // The seeds and two copies of them under other names: 15 documents, two pages.
    for copy in ["copy1", "copy2"] {
        std::fs::create_dir(env.join(copy)).unwrap();
        for entry in std::fs::read_dir(env.join("seeds")).unwrap() {
            let path = entry.unwrap().path();
            let name = format!("{copy}_{}", path.file_name().unwrap().to_str().unwrap());
            std::fs::copy(&path, env.join(copy).join(name)).unwrap();
        }
    }
    env.ok(&["index", "seeds", "copy1", "copy2"]);
    let served = Served::start_in(env, &[], &[]);
    let driver = Driver::start(&chromium, &chromedriver);
    driver.goto(&served.url("/"));
    let total = "document.querySelector('#total')?.textContent";
    assert_eq!(
        driver.wait(total, &json!("15 projekt – visar 1–10")),
        json!("15 projekt – visar 1–10")
    );
    driver.click(".paging a[rel='next']");
    assert_eq!(
        driver.wait(total, &json!("15 projekt – visar 11–15")),
        json!("15 projekt – visar 11–15")
    );
    let focused = "document.activeElement.closest('.paging') ? document.activeElement.getAttribute('rel') : null";
    assert_eq!(driver.wait(focused, &json!("prev")), json!("prev"), "no next on the last page");
    assert_eq!(driver.script("return location.search;"), json!("?page=2"));
    driver.click(".paging a[rel='prev']");
    assert_eq!(
        driver.wait(total, &json!("15 projekt – visar 1–10")),
        json!("15 projekt – visar 1–10")
    );
    assert_eq!(driver.wait(focused, &json!("next")), json!("next"));
}
