//! `projsok serve`: a local web page and a JSON API over the same library calls as the
//! command line.
//!
//! Every API answer is exactly what the matching command prints with `--json` (same serde
//! types, same trailing newline); errors are `{"error": "…"}` with a status that says whose
//! fault it is (see [`status`]):
//!
//! | status | when |
//! |---|---|
//! | 400 | bad input: an unbalanced query, a bad number, an unknown parameter value |
//! | 404 | an unknown id or route |
//! | 503 | the index cannot be read (missing, damaged, a full disk); the answer was not ready within the time budget; no place for a `similar` or `export` within it |
//! | 500 | a failure of the server itself: a bug, a panic, a write that cannot fail; the request is logged on standard error and the server goes on |
//!
//! Messages name the API's own parameters, not the command line's flags.
//!
//! Each request answers from the index's latest commit (see [`live`]). A client gets
//! [`HEADER_READ_TIMEOUT`] to send its request head; an answer not ready within the time
//! budget (`--timeout`) is a 503, and the work behind it stops at its next check of the
//! budget (see [`crate::search::budget`]), as it does when the client goes away; `similar`
//! and `export`, which read whole documents, run a few at a time ([`Limits`]) so that a
//! crowd of them leaves room for searches.
//!
//! | route | command |
//! |---|---|
//! | `GET /api/search?q=&region=&…&sort=&limit=&offset=&exact=` | `search --json` |
//! | `GET /api/show/{id}` | `show --json` |
//! | `GET /api/similar/{id}?field=&limit=&…` (or `?text=`) | `similar --json` |
//! | `GET /api/compare?a=&b=&section=&terms=` | `compare --json` |
//! | `GET /api/facets?q=&field=&by_region=1&…` | `facets --json` |
//! | `GET /api/export?format=csv\|ndjson&q=&…` | `export` |
//!
//! Filters take the command-line names without dashes (`region`, `phase`, `kommun`, `program`,
//! `owner`, `lang`, `from_year`, `to_year`, `active_in`, `min_grant`, `max_grant`,
//! `min_budget`, `max_budget`); facet filters repeat for several values. An id is looked up in
//! the index only, never as a file.

mod live;
mod stream;

use std::cell::{Cell, RefCell};
use std::net::SocketAddr;
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::export::write_records;
use super::facets::count as count_facets;
use super::open_or_build;
use super::search::load_synonyms;
use crate::analysis::synonyms::Synonyms;
use crate::cli::ServeArgs;
use crate::config::{
    self, Choice, CompareConfig, CompareSettings, ExportConfig, ExportFormat, ExportSettings,
    ExportTarget, FacetsConfig, FacetsSettings, FilterSettings, Names, SearchConfig,
    SearchSettings, SimilarConfig, SimilarSettings,
};
use crate::error::{Error, Result};
use crate::output::{self, compare as compare_output, json, similar as similar_output};
use crate::search::budget::{self, Budget};
use crate::search::similar::{self, Scope, Source};
use crate::search::{self, compare, export, Engine, Sort};
pub use live::LiveIndex;

const INDEX_HTML: &str = include_str!("../web/index.html");
const APP_JS: &str = include_str!("../web/app.js");
const STYLE_CSS: &str = include_str!("../web/style.css");

/// The page loads only its own files: no fonts, CDNs or trackers, and no inline script.
const CSP: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; \
                   base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// How long a client may take to send its request line and headers.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);

/// What keeps one kind of request from taking the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest an answer may take (waiting for a place included) before it is a 503.
    pub budget: Duration,
    /// How many `similar` and `export` requests run at once; more wait for a place.
    pub heavy_requests: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        // Half the cores: 50 clients asking for `similar` made every search wait seconds when
        // they could all run at once (benches/README.md).
        let cores = std::thread::available_parallelism().map_or(1, |cores| cores.get());
        Limits { budget: Duration::from_secs(10), heavy_requests: cores.div_ceil(2) }
    }
}

/// What every request shares: the live index, the synonym table and the limits.
pub struct Server {
    live: LiveIndex,
    pub synonyms: Synonyms,
    limits: Limits,
    heavy: Arc<tokio::sync::Semaphore>,
}

impl Server {
    /// A server over the index folder `dir`, starting from `index`, which was opened from it.
    pub fn new(dir: &std::path::Path, index: Engine, synonyms: Synonyms, limits: Limits) -> Server {
        let heavy = Arc::new(tokio::sync::Semaphore::new(limits.heavy_requests.max(1)));
        Server { live: LiveIndex::new(dir, index), synonyms, limits, heavy }
    }
}

type Shared = Arc<Server>;

pub fn run_serve(args: &ServeArgs) -> Result<ExitCode> {
    let index = open_or_build(&args.index)?;
    let synonyms = load_synonyms(args.synonyms.as_deref())?;
    let limits = Limits { budget: Duration::from_secs(args.timeout), ..Limits::default() };
    let server = Server::new(&args.index, index, synonyms, limits);
    report_panics_per_request();
    // The main thread's stack, not tokio's 2 MiB: a request runs the same recursive query
    // parsing and building as the command line, and a stack overflow aborts the whole server.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(8 << 20)
        .build()
        .map_err(|err| {
            let reason = crate::error::io_reason(&err);
            Error::internal(format!("cannot start the server's threads: {reason}"))
        })?;
    let addr = SocketAddr::new(args.bind, args.port);
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|err| {
            let reason = crate::error::io_reason(&err);
            Error::argument("--port", format!("cannot listen on {addr}: {reason}"))
        })?;
        let bound = listener
            .local_addr()
            .map_err(|err| Error::internal(format!("no local address: {err}")))?;
        if !bound.ip().is_loopback() {
            eprintln!(
                "projsok: warning: listening on {bound}, which other machines can reach; \
                 anyone who can connect can read the whole index"
            );
        }
        let url = page_url(bound);
        eprintln!("projsok: serving {url} (Ctrl-C stops)");
        if args.open {
            open_browser(&url);
        }
        serve_connections(listener, router(Arc::new(server))).await;
        Ok::<(), Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Accepts connections until Ctrl-C. This is axum's `serve` loop plus the header-read timeout
/// it does not set: without one, a client that sends half a request holds its connection (and
/// a task) for as long as it likes.
pub async fn serve_connections(listener: tokio::net::TcpListener, app: Router) {
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    // Out of file descriptors and the like: pause rather than spin or stop.
                    eprintln!("projsok: cannot accept a connection: {err}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut stop => return,
        };
        // Answers are small and written at once; Nagle's delay would only add latency.
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            // A failed connection (reset, timed out) concerns that client only.
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The address to open: the unspecified address is reachable as loopback.
fn page_url(bound: SocketAddr) -> String {
    let ip = match bound.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => "127.0.0.1".parse().unwrap_or(ip),
        ip if ip.is_unspecified() => "::1".parse().unwrap_or(ip),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, bound.port()))
}

fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut command = std::process::Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else {
        std::process::Command::new("xdg-open")
    };
    if let Err(err) = command.arg(url).spawn() {
        eprintln!("projsok: cannot open a browser ({err}); open {url} yourself");
    }
}

/// The page and the API.
pub fn router(server: Shared) -> Router {
    Router::new()
        .route("/", get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }))
        .route("/app.js", get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }))
        .route("/style.css", get(|| async { asset("text/css; charset=utf-8", STYLE_CSS) }))
        .route("/api/search", get(api_search))
        .route("/api/show/{*id}", get(api_show))
        .route("/api/similar", get(api_similar_text))
        .route("/api/similar/{*id}", get(api_similar))
        .route("/api/compare", get(api_compare))
        .route("/api/facets", get(api_facets))
        .route("/api/export", get(api_export))
        .fallback(|| async { error_body(StatusCode::NOT_FOUND, "no such page or API route") })
        .with_state(server)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

fn error_body(status: StatusCode, message: impl std::fmt::Display) -> Response {
    let body = serde_json::json!({ "error": message.to_string() });
    (status, [(header::CONTENT_TYPE, "application/json")], format!("{body}\n")).into_response()
}

/// The status of a library error: the caller's fault, an unknown id, the index's state or
/// the time (try again later), or the server's own failure.
pub fn status(error: &Error) -> StatusCode {
    match error {
        Error::Query { .. } | Error::Argument { .. } => StatusCode::BAD_REQUEST,
        Error::NotFound { .. } => StatusCode::NOT_FOUND,
        Error::Index { .. } | Error::StorageFull { .. } | Error::OverBudget { .. } => {
            StatusCode::SERVICE_UNAVAILABLE
        }
        // A handler reads no file of the user's: an I/O error is the server's.
        Error::Io { .. } | Error::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The value as the command prints it with `--json`.
fn json_body<T: serde::Serialize>(value: &T) -> Result<Response> {
    let mut body = Vec::new();
    output::write_json(&mut body, value)
        .map_err(|err| Error::internal(format!("cannot write JSON: {err}")))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Whether a request reads whole documents (and so runs a few at a time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Weight {
    Light,
    Heavy,
}

/// What a handler's work gets: the server and the index of the latest commit.
struct Work<'a> {
    server: &'a Server,
    index: Arc<Engine>,
    /// A heavy request's place, for work that goes on after the answer has started (export).
    place: Option<tokio::sync::OwnedSemaphorePermit>,
}

/// Runs the library call off the async threads (searching is CPU work), within the time
/// budget; a heavy request first waits for a place. The work runs under a [`Budget`] that is
/// stopped when the answer is given up, at the deadline or because the client went away, so
/// that it does not run on (holding its heavy place) after the 503.
async fn blocking<F>(server: Shared, uri: Uri, weight: Weight, work: F) -> Response
where
    F: FnOnce(Work) -> Result<Response> + Send + 'static,
{
    let budget = Budget::new(server.limits.budget);
    // Dropped with this future: after the answer, or when the client's connection closes.
    let _stop = StopOnDrop(budget.clone());
    let deadline = tokio::time::Instant::from_std(Instant::now() + server.limits.budget);
    let seconds = server.limits.budget.as_secs_f64();
    let place = match weight {
        Weight::Light => None,
        Weight::Heavy => {
            match tokio::time::timeout_at(deadline, server.heavy.clone().acquire_owned()).await {
                Ok(Ok(place)) => Some(place),
                _ => {
                    let message = format!(
                        "the server is busy with other similar and export requests and found \
                         no place for this one within {seconds} s; try again later"
                    );
                    return error_body(StatusCode::SERVICE_UNAVAILABLE, message);
                }
            }
        }
    };
    let work_budget = budget.clone();
    let task = tokio::task::spawn_blocking(move || {
        let answered = caught(&uri, || {
            work_budget.run(|| {
                let index = server.live.get();
                match work(Work { server: &server, index, place }) {
                    Ok(response) => response,
                    // Whatever failed, it failed because the work was stopped.
                    Err(_) if work_budget.is_over() => over_budget(seconds),
                    Err(error) => {
                        let status = status(&error);
                        if status == StatusCode::INTERNAL_SERVER_ERROR {
                            eprintln!("projsok: GET {uri}: {error}");
                        }
                        error_body(status, &error)
                    }
                }
            })
        });
        answered.unwrap_or_else(|()| error_body(StatusCode::INTERNAL_SERVER_ERROR, INTERNAL_ERROR))
    });
    match tokio::time::timeout_at(deadline, task).await {
        Ok(Ok(response)) => response,
        // `caught` has reported the panic; only a cancelled task gets here.
        Ok(Err(_)) => error_body(StatusCode::INTERNAL_SERVER_ERROR, INTERNAL_ERROR),
        Err(_) => {
            budget.stop();
            over_budget(seconds)
        }
    }
}

/// Stops a request's work when the request is dropped.
struct StopOnDrop(Budget);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.stop();
    }
}

fn over_budget(seconds: f64) -> Response {
    error_body(
        StatusCode::SERVICE_UNAVAILABLE,
        format!(
            "the answer took longer than the server's time budget of {seconds} s; narrow the \
             query or ask for fewer results"
        ),
    )
}

const INTERNAL_ERROR: &str =
    "internal error: this request failed; the server logged it and goes on serving";

thread_local! {
    /// Set while a request's work runs on this thread: its panics are reported by `caught`.
    static IN_REQUEST: Cell<bool> = const { Cell::new(false) };
    /// Where and why the request running on this thread panicked.
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keeps the message of a panic inside a request for `caught`, which logs it as one line with
/// the request; other panics print as they always do.
fn report_panics_per_request() {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if IN_REQUEST.get() {
            let message = crate::error::panic_message(info).unwrap_or("no message");
            let place = info.location().map(|at| format!(" at {at}")).unwrap_or_default();
            PANIC.set(Some(format!("panicked{place}: {message}")));
        } else {
            previous(info);
        }
    }));
}

/// Runs `work`; a panic is reported as one line on standard error naming the request, and
/// returned as `Err`.
fn caught<T>(uri: &Uri, work: impl FnOnce() -> T) -> std::result::Result<T, ()> {
    IN_REQUEST.set(true);
    let outcome = panic::catch_unwind(AssertUnwindSafe(work));
    IN_REQUEST.set(false);
    outcome.map_err(|payload| {
        let what = PANIC.take().unwrap_or_else(|| {
            let message = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
            format!("panicked: {}", message.unwrap_or("no message"))
        });
        eprintln!("projsok: GET {uri}: {}", what.replace(['\n', '\r'], " "));
    })
}

/// Debug builds only: with `PROJSOK_FAILPOINT=<name>` in the environment the named request
/// misbehaves, for tests: `panic-search` panics inside `/api/search`; `slow-search` and
/// `slow-similar` make `/api/search` and `/api/similar` work for five seconds, in steps of
/// 10 ms that each check the time budget as the library's long loops do.
fn failpoint(name: &str) -> Result<()> {
    if !cfg!(debug_assertions)
        || std::env::var_os("PROJSOK_FAILPOINT").is_none_or(|value| value != name)
    {
        return Ok(());
    }
    match name {
        "slow-search" | "slow-similar" => {
            for _ in 0..500 {
                budget::check()?;
                std::thread::sleep(Duration::from_millis(10));
            }
            Ok(())
        }
        _ => panic!("failpoint {name}"),
    }
}

/// The command-line flags that the library's searches name in their messages (a section a
/// document lacks), each of which the API takes as a parameter of the same name.
const FLAGS: [&str; 2] = ["field", "section"];

/// A library error in the API's words: the flags it names become parameter names.
fn in_api_terms(error: Error) -> Error {
    match error {
        Error::Argument { name, message } => {
            Error::Argument { name: api_words(&name), message: api_words(&message) }
        }
        other => other,
    }
}

fn api_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("--") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let length =
            after.find(|c: char| !(c.is_ascii_lowercase() || c == '-')).unwrap_or(after.len());
        let flag = &after[..length];
        if FLAGS.contains(&flag) {
            out.push_str(&flag.replace('-', "_"));
            rest = &after[length..];
        } else {
            out.push_str("--");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The query string as (name, value) pairs; empty values count as absent.
struct Params(Vec<(String, String)>);

impl Params {
    fn new(
        query: std::result::Result<Query<Vec<(String, String)>>, QueryRejection>,
    ) -> Result<Params> {
        match query {
            Ok(Query(pairs)) => {
                Ok(Params(pairs.into_iter().filter(|(_, value)| !value.is_empty()).collect()))
            }
            Err(rejection) => Err(Error::argument("query string", rejection.body_text())),
        }
    }

    fn one(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(key, _)| key == name).map(|(_, value)| value.clone()).collect()
    }

    fn text(&self, name: &str) -> String {
        self.one(name).unwrap_or_default().to_string()
    }

    fn required(&self, name: &str) -> Result<String> {
        self.one(name).map(str::to_string).ok_or_else(|| Error::argument(name, "missing"))
    }

    fn number<T: FromStr>(&self, name: &str) -> Result<Option<T>> {
        self.one(name)
            .map(|value| {
                value.trim().parse().map_err(|_| {
                    Error::argument(name, format!("{value:?} is not a whole number in range"))
                })
            })
            .transpose()
    }

    fn flag(&self, name: &str) -> bool {
        self.one(name).is_some_and(|value| !matches!(value, "0" | "false" | "no"))
    }

    fn choice<E: Choice>(&self, name: &str) -> Result<Option<E>> {
        self.one(name)
            .map(|value| {
                E::named(value)
                    .ok_or_else(|| Error::argument(name, format!("unknown value {value:?}")))
            })
            .transpose()
    }

    fn filters(&self) -> Result<FilterSettings> {
        Ok(FilterSettings {
            region: self.all("region"),
            phase: self.all("phase"),
            kommun: self.all("kommun"),
            program: self.all("program"),
            owner: self.all("owner"),
            lang: self.all("lang"),
            from_year: self.number("from_year")?,
            to_year: self.number("to_year")?,
            active_in: self.number("active_in")?,
            min_grant: self.number("min_grant")?,
            max_grant: self.number("max_grant")?,
            min_budget: self.number("min_budget")?,
            max_budget: self.number("max_budget")?,
        })
    }
}

type RawQuery = std::result::Result<Query<Vec<(String, String)>>, QueryRejection>;
type RawId = std::result::Result<Path<String>, PathRejection>;

async fn api_search(State(server): State<Shared>, uri: Uri, query: RawQuery) -> Response {
    blocking(server, uri, Weight::Light, move |work| {
        failpoint("panic-search")?;
        failpoint("slow-search")?;
        let params = Params::new(query)?;
        let settings = SearchSettings {
            query: params.text("q"),
            filters: params.filters()?,
            limit: params.number("limit")?.unwrap_or(config::DEFAULT_LIMIT),
            offset: params.number("offset")?.unwrap_or(0),
            sort: params.choice("sort")?.unwrap_or(Sort::Score),
            exact: params.flag("exact"),
        };
        let config = SearchConfig::new(settings, Names::Parameters)?;
        let request = config.request();
        let results = search::search(&work.index, &work.server.synonyms, request)?;
        json_body(&json::Search::new(&request.query, &results))
    })
    .await
}

fn path_id(id: RawId) -> Result<String> {
    id.map(|Path(id)| id).map_err(|rejection| Error::argument("id", rejection.body_text()))
}

async fn api_show(State(server): State<Shared>, uri: Uri, id: RawId) -> Response {
    blocking(server, uri, Weight::Light, move |work| {
        let doc = search::show(&work.index, &path_id(id)?)?;
        json_body(&json::Record::from(&doc))
    })
    .await
}

fn similar_response(work: &Work, params: &Params, id: Option<String>) -> Result<Response> {
    failpoint("slow-similar")?;
    let settings = SimilarSettings {
        source: id.map_or_else(|| Source::Text(params.text("text")), Source::Id),
        scope: params.choice("field")?.unwrap_or(Scope::All),
        filters: params.filters()?,
        limit: params.number("limit")?.unwrap_or(config::DEFAULT_LIMIT),
    };
    let config = SimilarConfig::new(settings, Names::Parameters)?;
    let results = similar::similar(&work.index, config.request()).map_err(in_api_terms)?;
    json_body(&similar_output::Similar::from(&results))
}

async fn api_similar(
    State(server): State<Shared>,
    uri: Uri,
    id: RawId,
    query: RawQuery,
) -> Response {
    blocking(server, uri, Weight::Heavy, move |work| {
        let id = path_id(id)?;
        // "-" means standard input on the command line; here it is just an unknown id.
        if id == "-" {
            return Err(Error::not_found(&id));
        }
        similar_response(&work, &Params::new(query)?, Some(id))
    })
    .await
}

async fn api_similar_text(State(server): State<Shared>, uri: Uri, query: RawQuery) -> Response {
    blocking(server, uri, Weight::Heavy, move |work| {
        similar_response(&work, &Params::new(query)?, None)
    })
    .await
}

async fn api_compare(State(server): State<Shared>, uri: Uri, query: RawQuery) -> Response {
    blocking(server, uri, Weight::Light, move |work| {
        let params = Params::new(query)?;
        let settings = CompareSettings {
            a: params.required("a")?,
            b: params.required("b")?,
            section: params.choice("section")?,
            terms: params.number("terms")?.unwrap_or(config::DEFAULT_TERMS),
        };
        let config = CompareConfig::new(settings, Names::Parameters)?;
        let (a, b) = (config.a(), config.b());
        let comparison = compare::compare(&work.index, a, b, config.section(), config.terms())
            .map_err(in_api_terms)?;
        json_body(&compare_output::Compare::from(&comparison))
    })
    .await
}

async fn api_facets(State(server): State<Shared>, uri: Uri, query: RawQuery) -> Response {
    blocking(server, uri, Weight::Light, move |work| {
        let params = Params::new(query)?;
        let settings = FacetsSettings {
            query: params.text("q"),
            field: params.choice("field")?,
            by_region: params.flag("by_region"),
            filters: params.filters()?,
        };
        let config = FacetsConfig::new(settings, Names::Parameters)?;
        let (counts, _warnings) = count_facets(&config, &work.index, &work.server.synonyms)?;
        let value =
            counts.to_json().map_err(|err| Error::internal(format!("cannot write JSON: {err}")))?;
        json_body(&value)
    })
    .await
}

/// The export is written while the client downloads it: the matches are found within the time
/// budget (so that bad input is still a 400), then the records stream out one at a time and
/// the request keeps its heavy place until the last is sent.
async fn api_export(State(server): State<Shared>, uri: Uri, query: RawQuery) -> Response {
    let runtime = tokio::runtime::Handle::current();
    blocking(server, uri.clone(), Weight::Heavy, move |work| {
        let params = Params::new(query)?;
        let format = params.choice("format")?.unwrap_or(ExportFormat::Csv);
        let (content_type, file) =
            match format {
                ExportFormat::Csv => ("text/csv; charset=utf-8", "projsok.csv"),
                ExportFormat::Ndjson => ("application/x-ndjson", "projsok.ndjson"),
                ExportFormat::Opensearch => return Err(Error::argument(
                    "format",
                    "opensearch is a folder of files, written by the command `projsok export`; \
                     the API exports csv or ndjson",
                )),
            };
        let settings = ExportSettings {
            query: params.text("q"),
            filters: params.filters()?,
            sort: params.choice("sort")?.unwrap_or(Sort::Score),
            format,
            sections: !params.flag("no_sections"),
            bom: !params.flag("no_bom"),
            ..ExportSettings::default()
        };
        let config = ExportConfig::new(settings, Names::Parameters)?;
        let ExportTarget::Records { format, .. } = *config.target() else {
            return Err(Error::internal("an export of the API went to a folder"));
        };
        let matches = export::matches(&work.index, &work.server.synonyms, config.request())?;
        let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file}\""))
            .map_err(|err| Error::internal(format!("cannot name the download: {err}")))?;
        let (body, mut out) = stream::channel(runtime);
        let Work { index, place, .. } = work;
        tokio::task::spawn_blocking(move || {
            let _place = place;
            let written =
                caught(&uri, || write_records(format, None, &index, &matches, &mut out, || {}));
            match written {
                Ok(Ok(())) => {}
                Ok(Err(_)) if out.client_gone => {}
                Ok(Err(err)) => {
                    eprintln!("projsok: GET {uri}: export stopped: {err}");
                    out.fail(err.to_string());
                }
                // `caught` has reported it.
                Err(()) => out.fail(INTERNAL_ERROR.to_string()),
            }
        });
        Ok((
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            body,
        )
            .into_response())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document;
    use crate::index::document::Source;
    use crate::index::writer::{BuildOptions, Builder};

    fn server(limits: Limits) -> (tempfile::TempDir, Shared) {
        let dir = tempfile::tempdir().unwrap();
        let mut builder = Builder::create(dir.path(), BuildOptions::default()).unwrap();
        let parsed = document::parse("a.txt", "Matchning\n\nOm matchning.\n");
        builder.add(parsed.doc, Source::default()).unwrap();
        builder.commit().unwrap();
        let index = Engine::open(dir.path()).unwrap();
        let server = Arc::new(Server::new(dir.path(), index, Synonyms::built_in(), limits));
        (dir, server)
    }

    async fn answer(server: &Shared) -> (StatusCode, String) {
        let uri: Uri = "/api/similar?text=x".parse().unwrap();
        let response = blocking(server.clone(), uri, Weight::Heavy, |work| {
            json_body(&work.index.index().searcher().num_docs())
        })
        .await;
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    #[test]
    fn a_heavy_request_waits_for_a_place_and_gives_up_at_the_budget() {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
        let limits = Limits { budget: Duration::from_millis(300), heavy_requests: 1 };
        let (_dir, server) = server(limits);
        runtime.block_on(async {
            assert_eq!(answer(&server).await, (StatusCode::OK, "1\n".to_string()));
            let place = server.heavy.clone().acquire_owned().await.unwrap();
            let started = Instant::now();
            let (status, body) = answer(&server).await;
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(
                body,
                "{\"error\":\"the server is busy with other similar and export requests and \
                 found no place for this one within 0.3 s; try again later\"}\n"
            );
            assert!(started.elapsed() >= Duration::from_millis(300));
            // A place freed while waiting is taken.
            let freeing = tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(100)).await;
                drop(place);
            });
            assert_eq!(answer(&server).await, (StatusCode::OK, "1\n".to_string()));
            freeing.await.unwrap();
        });
    }

    #[test]
    fn every_error_has_the_status_of_whose_fault_it_is() {
        let missing = || std::io::Error::from(std::io::ErrorKind::NotFound);
        let full = Error::StorageFull { device: "/".into(), index: "idx".into(), previous: true };
        let cases = [
            (Error::query("(a", "unbalanced"), 400),
            (Error::argument("limit", "10001 is more than 10000"), 400),
            (Error::not_found("x.txt"), 404),
            (Error::index("idx", "the index files are damaged"), 503),
            (full, 503),
            (Error::OverBudget { budget: Duration::from_secs(1) }, 503),
            (Error::io("x", missing()), 500),
            (Error::internal("cannot write JSON"), 500),
        ];
        for (error, code) in cases {
            assert_eq!(status(&error).as_u16(), code, "{error}");
        }
    }

    /// A step of work that checks its budget every 10 ms for five seconds; `steps` counts
    /// the steps it made.
    fn five_seconds_of_work(
        steps: Arc<std::sync::atomic::AtomicUsize>,
    ) -> impl FnOnce(Work) -> Result<Response> + Send + 'static {
        move |_work| {
            for _ in 0..500 {
                budget::check()?;
                steps.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(10));
            }
            json_body(&"done")
        }
    }

    #[test]
    fn work_over_the_budget_stops_and_gives_its_place_back() {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
        let limits = Limits { budget: Duration::from_millis(200), heavy_requests: 1 };
        let (_dir, server) = server(limits);
        let steps = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        runtime.block_on(async {
            let uri: Uri = "/api/similar?text=x".parse().unwrap();
            let work = five_seconds_of_work(steps.clone());
            let response = blocking(server.clone(), uri, Weight::Heavy, work).await;
            assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
            // Had the work run on, its place would be taken for five seconds.
            let waited = Duration::from_secs(2);
            let place = tokio::time::timeout(waited, server.heavy.clone().acquire_owned()).await;
            assert!(place.is_ok(), "the stopped work kept its place");
        });
        assert!(steps.load(std::sync::atomic::Ordering::Relaxed) < 500);
    }

    #[test]
    fn work_whose_client_went_away_stops_and_gives_its_place_back() {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
        let limits = Limits { budget: Duration::from_secs(60), heavy_requests: 1 };
        let (_dir, server) = server(limits);
        let steps = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        runtime.block_on(async {
            let uri: Uri = "/api/similar?text=x".parse().unwrap();
            let work = five_seconds_of_work(steps.clone());
            // hyper drops a request's future when its connection closes.
            let request = tokio::spawn(blocking(server.clone(), uri, Weight::Heavy, work));
            while steps.load(std::sync::atomic::Ordering::Relaxed) == 0 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            request.abort();
            let waited = Duration::from_secs(2);
            let place = tokio::time::timeout(waited, server.heavy.clone().acquire_owned()).await;
            assert!(place.is_ok(), "the abandoned work kept its place");
        });
        assert!(steps.load(std::sync::atomic::Ordering::Relaxed) < 500);
    }

    #[test]
    fn api_words_turn_known_flags_into_parameters_only() {
        assert_eq!(
            api_words("--field: a.txt has no Syfte section"),
            "field: a.txt has no Syfte section"
        );
        assert_eq!(api_words("--section: b.txt has no Bakgrund"), "section: b.txt has no Bakgrund");
        // The configs name the API's parameters themselves (see `config::Names`).
        assert_eq!(api_words("--limit: 1 --offset"), "--limit: 1 --offset");
        assert_eq!(api_words("a --nothing-known b -- c--"), "a --nothing-known b -- c--");
    }
}
