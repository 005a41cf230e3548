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
//! | 403 | a Host header that is not a loopback name, on a server bound to loopback (see [`serve_connections`]) |
//! | 404 | an unknown id or route |
//! | 413 | a posted text longer than `similar` compares with; one declared so (`Content-Length`) is refused before its body is read, and instead of `100 Continue` |
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
//! | `GET /api/show/{id}` (`?q=&exact=`: and `marked_sections`, the query's words marked as snippets mark them) | `show --json` |
//! | `GET /api/similar/{id}?field=&limit=&…` (or `?text=`) | `similar --json` |
//! | `POST /api/similar?field=&limit=&…` with the text as the body (at most [`crate::config::PASTED_TEXT_MAX_SIZE`]) | `similar --json --text` (`similar -`) |
//! | `GET /api/compare?a=&b=&section=&terms=` | `compare --json` |
//! | `GET /api/compare/align?a=&b=&section=` | `compare --align --json` |
//! | `GET /api/compare/matrix?id=&id=&…&section=` (or `?q=&…&limit=`) | `compare A B C --json` (`--from`) |
//! | `GET /api/facets?q=&field=&by_region=1&exact=&…` | `facets --json` |
//! | `GET /api/export?format=csv\|ndjson&q=&exact=&…` | `export` |
//!
//! Filters take the command-line names without dashes: each facet of the schema by its name
//! (`region`, `phase`, `kommun`, …; repeated for several values), and `from_year`, `to_year`,
//! `active_in`, `min_grant`, `max_grant`, `min_budget`, `max_budget`. An id is looked up in
//! the index only, never as a file.

mod api;
mod live;
mod params;
mod stream;
mod views;
mod work;

use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::analysis::synonyms::Synonyms;
use crate::error::{Error, Result};
use crate::output;
use crate::search::Engine;
use api::{
    api_compare, api_compare_align, api_compare_matrix, api_export, api_facets, api_search,
    api_show, api_similar, api_similar_posted, api_similar_text,
};
pub use live::LiveIndex;
pub use work::report_panics_per_request;

const INDEX_HTML: &str = include_str!("../web/index.html");
const APP_JS: &str = include_str!("../web/app.js");
const ERRORS_JS: &str = include_str!("../web/errors.js");
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

/// Accepts connections until `stop` completes (the command passes Ctrl-C). This is axum's
/// `serve` loop plus the header-read timeout it does not set: without one, a client that sends
/// half a request holds its connection (and a task) for as long as it likes.
pub async fn serve_connections(
    listener: tokio::net::TcpListener,
    app: Router,
    stop: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(stop);
    // On loopback (the default) the server answers only to loopback names: a page on another
    // site whose name its owner points at 127.0.0.1 (DNS rebinding) could otherwise read the
    // index through the user's browser. A server bound elsewhere was opened to a network on
    // purpose and is reached by names this one cannot know.
    let app = if listener.local_addr().is_ok_and(|addr| addr.ip().is_loopback()) {
        app.layer(axum::middleware::from_fn(loopback_hosts_only))
    } else {
        app
    };
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

async fn loopback_hosts_only(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request.headers().get(header::HOST).map(|value| value.to_str().unwrap_or("?"));
    match host {
        // HTTP/1.0 clients send no Host; a browser always does.
        None => next.run(request).await,
        Some(host) if is_loopback_host(host) => next.run(request).await,
        Some(host) => error_body(
            StatusCode::FORBIDDEN,
            format!("this server answers to 127.0.0.1, [::1] and localhost only, not to {host}"),
        ),
    }
}

/// Whether a Host header names this machine's loopback: `localhost`, `127.0.0.1` or `[::1]`,
/// with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(bracketed) => bracketed.split_once(']').map(|(name, _)| name).unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The page and the API.
pub fn router(server: Shared) -> Router {
    Router::new()
        .route("/", get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }))
        .route("/app.js", get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }))
        .route("/errors.js", get(|| async { asset("text/javascript; charset=utf-8", ERRORS_JS) }))
        .route("/style.css", get(|| async { asset("text/css; charset=utf-8", STYLE_CSS) }))
        .route("/api/search", get(api_search))
        .route("/api/show/{*id}", get(api_show))
        .route("/api/similar", get(api_similar_text).post(api_similar_posted))
        .route("/api/similar/{*id}", get(api_similar))
        .route("/api/compare", get(api_compare))
        .route("/api/compare/align", get(api_compare_align))
        .route("/api/compare/matrix", get(api_compare_matrix))
        .route("/api/facets", get(api_facets))
        .route("/api/export", get(api_export))
        .route("/api/trends", get(views::api_trends))
        .route("/api/terms", get(views::api_terms))
        .route("/api/kwic", get(views::api_kwic))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_are_loopback_hosts() {
        for host in ["localhost", "LOCALHOST:8080", "127.0.0.1", "127.0.0.1:7878", "127.1.2.3:1"] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in ["[::1]", "[::1]:7878"] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in ["evil.example", "evil.example:7878", "localhost.evil.example", "10.0.0.1:80"] {
            assert!(!is_loopback_host(host), "{host}");
        }
        for host in ["", "[::1", "[evil]:80", "?", "::1"] {
            assert!(!is_loopback_host(host), "{host}");
        }
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
}
