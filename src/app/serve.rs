//! `projsok serve`: a local web page and a JSON API over the same library calls as the
//! command line.
//!
//! Every API answer is exactly what the matching command prints with `--json` (same serde
//! types, same trailing newline); errors are `{"error": "…"}` with a status that says whose
//! fault it is: 400 for bad input (an unbalanced query, a bad number), 404 for an unknown id
//! or route, 500 for an index problem.
//!
//! | route | command |
//! |---|---|
//! | `GET /api/search?q=&region=&…&sort=&limit=&offset=` | `search --json` |
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

use std::net::SocketAddr;
use std::process::ExitCode;
use std::str::FromStr;
use std::sync::Arc;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use clap::ValueEnum;

use super::export::{request as export_request, write_records};
use super::facets::count as count_facets;
use super::open_or_build;
use super::search::load_synonyms;
use crate::analysis::synonyms::Synonyms;
use crate::cli::{
    CompareArgs, ExportArgs, ExportFormat, FacetField, FacetsArgs, FilterArgs, SearchArgs,
    SectionArg, ServeArgs, SimilarArgs, SimilarField, SortArg,
};
use crate::error::{Error, Result};
use crate::index::OpenIndex;
use crate::output::{self, compare as compare_output, json, similar as similar_output};
use crate::search::{self, compare, export, similar};

const INDEX_HTML: &str = include_str!("../web/index.html");
const APP_JS: &str = include_str!("../web/app.js");
const STYLE_CSS: &str = include_str!("../web/style.css");

/// The page loads only its own files: no fonts, CDNs or trackers, and no inline script.
const CSP: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; \
                   base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// What every request shares: the open index and the synonym table.
pub struct Server {
    pub index: OpenIndex,
    pub synonyms: Synonyms,
}

type Shared = Arc<Server>;

pub fn run_serve(args: &ServeArgs) -> Result<ExitCode> {
    let index = open_or_build(&args.index)?;
    let synonyms = load_synonyms(args.synonyms.as_deref())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| Error::argument("serve", format!("cannot start the runtime: {err}")))?;
    let addr = SocketAddr::new(args.bind, args.port);
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|err| Error::argument("--port", format!("cannot listen on {addr}: {err}")))?;
        let bound = listener
            .local_addr()
            .map_err(|err| Error::argument("--port", format!("no local address: {err}")))?;
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
        let app = router(Arc::new(Server { index, synonyms }));
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|err| Error::argument("serve", err))
    })?;
    Ok(ExitCode::SUCCESS)
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

/// The status of a library error: the caller's fault, an unknown id, or ours.
pub fn status(error: &Error) -> StatusCode {
    match error {
        Error::Query { .. } | Error::Argument { .. } => StatusCode::BAD_REQUEST,
        Error::NotFound { .. } => StatusCode::NOT_FOUND,
        Error::Index { .. } | Error::StorageFull { .. } => StatusCode::SERVICE_UNAVAILABLE,
        Error::Io { .. } => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The value as the command prints it with `--json`.
fn json_body<T: serde::Serialize>(value: &T) -> Result<Response> {
    let mut body = Vec::new();
    output::write_json(&mut body, value)
        .map_err(|err| Error::argument("serve", format!("cannot write JSON: {err}")))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Runs the library call off the async threads (searching is CPU work).
async fn blocking<F>(server: Shared, work: F) -> Response
where
    F: FnOnce(&Server) -> Result<Response> + Send + 'static,
{
    match tokio::task::spawn_blocking(move || work(&server)).await {
        Ok(Ok(response)) => response,
        Ok(Err(error)) => error_body(status(&error), &error),
        Err(_) => error_body(StatusCode::INTERNAL_SERVER_ERROR, "the request failed"),
    }
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

    fn choice<E: ValueEnum>(&self, name: &str) -> Result<Option<E>> {
        self.one(name)
            .map(|value| {
                E::from_str(value, true)
                    .map_err(|_| Error::argument(name, format!("unknown value {value:?}")))
            })
            .transpose()
    }

    fn filters(&self) -> Result<FilterArgs> {
        Ok(FilterArgs {
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

/// The index folder is not used by the handlers (the index is open); arguments need one.
fn no_index() -> std::path::PathBuf {
    std::path::PathBuf::new()
}

type RawQuery = std::result::Result<Query<Vec<(String, String)>>, QueryRejection>;

async fn api_search(State(server): State<Shared>, query: RawQuery) -> Response {
    blocking(server, move |server| {
        let params = Params::new(query)?;
        if params.one("active_in").is_some()
            && (params.one("from_year").is_some() || params.one("to_year").is_some())
        {
            return Err(Error::argument("active_in", "cannot be used with from_year or to_year"));
        }
        let args = SearchArgs {
            query: params.text("q"),
            index: no_index(),
            filters: params.filters()?,
            limit: params.number("limit")?.unwrap_or(10),
            offset: params.number("offset")?.unwrap_or(0),
            json: true,
            synonyms: None,
            fail_empty: false,
            sort: params.choice("sort")?.unwrap_or(SortArg::Score),
        };
        let request = args.to_request()?;
        let results = search::search(&server.index, &server.synonyms, &request)?;
        json_body(&json::Search::new(&request.query, &results))
    })
    .await
}

fn path_id(id: std::result::Result<Path<String>, PathRejection>) -> Result<String> {
    id.map(|Path(id)| id).map_err(|rejection| Error::argument("id", rejection.body_text()))
}

async fn api_show(
    State(server): State<Shared>,
    id: std::result::Result<Path<String>, PathRejection>,
) -> Response {
    blocking(server, move |server| {
        let doc = search::show(&server.index, &path_id(id)?)?;
        json_body(&json::Record::from(&doc))
    })
    .await
}

fn similar_response(server: &Server, params: &Params, id: Option<String>) -> Result<Response> {
    let args = SimilarArgs {
        text: if id.is_none() { Some(params.text("text")) } else { None },
        id,
        field: params.choice("field")?.unwrap_or(SimilarField::All),
        limit: params.number("limit")?.unwrap_or(10),
        index: no_index(),
        filters: params.filters()?,
        json: true,
    };
    let request = args.to_request(None)?;
    let results = similar::similar(&server.index, &request)?;
    json_body(&similar_output::Similar::from(&results))
}

async fn api_similar(
    State(server): State<Shared>,
    id: std::result::Result<Path<String>, PathRejection>,
    query: RawQuery,
) -> Response {
    blocking(server, move |server| {
        let id = path_id(id)?;
        // "-" means standard input on the command line; here it is just an unknown id.
        if id == "-" {
            return Err(Error::NotFound { id });
        }
        similar_response(server, &Params::new(query)?, Some(id))
    })
    .await
}

async fn api_similar_text(State(server): State<Shared>, query: RawQuery) -> Response {
    blocking(server, move |server| similar_response(server, &Params::new(query)?, None)).await
}

async fn api_compare(State(server): State<Shared>, query: RawQuery) -> Response {
    blocking(server, move |server| {
        let params = Params::new(query)?;
        let args = CompareArgs {
            a: params.required("a")?,
            b: params.required("b")?,
            section: params.choice::<SectionArg>("section")?,
            terms: params.number("terms")?.unwrap_or(10),
            index: no_index(),
            json: true,
        };
        if !(1..=100).contains(&args.terms) {
            return Err(Error::argument(
                "terms",
                format!("{} is not between 1 and 100", args.terms),
            ));
        }
        let section = args.section.map(|section| section.kind());
        let comparison =
            compare::compare(&server.index, &args.a, &args.b, section, args.terms as usize)?;
        json_body(&compare_output::Compare::from(&comparison))
    })
    .await
}

async fn api_facets(State(server): State<Shared>, query: RawQuery) -> Response {
    blocking(server, move |server| {
        let params = Params::new(query)?;
        let args = FacetsArgs {
            query: params.text("q"),
            field: params.choice::<FacetField>("field")?,
            by_region: params.flag("by_region"),
            index: no_index(),
            filters: params.filters()?,
            synonyms: None,
            json: true,
        };
        let (counts, _warnings) = count_facets(&args, &server.index, &server.synonyms)?;
        let value = counts
            .to_json()
            .map_err(|err| Error::argument("serve", format!("cannot write JSON: {err}")))?;
        json_body(&value)
    })
    .await
}

async fn api_export(State(server): State<Shared>, query: RawQuery) -> Response {
    blocking(server, move |server| {
        let params = Params::new(query)?;
        let args = ExportArgs {
            query: params.text("q"),
            format: params.choice("format")?.unwrap_or(ExportFormat::Csv),
            output: None,
            no_sections: params.flag("no_sections"),
            no_bom: params.flag("no_bom"),
            sort: params.choice("sort")?.unwrap_or(SortArg::Score),
            index: no_index(),
            filters: params.filters()?,
            synonyms: None,
            batch_size: 1000,
        };
        let request = export_request(&args)?;
        let matches = export::matches(&server.index, &server.synonyms, &request)?;
        let mut body = Vec::new();
        write_records(&args, &server.index, &matches, &mut body, || {})?;
        let (content_type, file) = match args.format {
            ExportFormat::Csv => ("text/csv; charset=utf-8", "projsok.csv"),
            ExportFormat::Ndjson => ("application/x-ndjson", "projsok.ndjson"),
            ExportFormat::Opensearch => {
                return Err(Error::argument("format", "the page exports csv or ndjson"))
            }
        };
        let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file}\""))
            .map_err(|err| Error::argument("serve", err))?;
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
