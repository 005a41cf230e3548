//! The API's handlers: each reads its parameters into a config, makes the library call the
//! matching command makes, and answers what that command prints with `--json`.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use http_body::Body as _;

use super::params::{in_api_terms, path_id, Params, RawId, RawQuery};
use super::work::{blocking, caught, failpoint, Weight, Work, INTERNAL_ERROR};
use super::{error_body, json_body, stream, Shared};
use crate::config::{
    self, CompareConfig, CompareSettings, ExportConfig, ExportFormat, ExportSettings, ExportTarget,
    FacetsConfig, FacetsSettings, Names, SearchConfig, SearchSettings, SimilarConfig,
    SimilarSettings, PASTED_TEXT_MAX_SIZE,
};
use crate::error::{Error, Result};
use crate::ingest::user_file::size_words;
use crate::output::export::write_records;
use crate::output::facets::counts_json;
use crate::output::{
    alignment as alignment_output, compare as compare_output, json, matrix as matrix_output,
    similar as similar_output,
};
use crate::search::compare::matrix::MAX_DOCUMENTS;
use crate::search::similar::{self, Scope, Source};
use crate::search::{self, browse, compare, export, Sort};

pub(super) async fn api_search(
    State(server): State<Shared>,
    uri: Uri,
    query: RawQuery,
) -> Response {
    blocking(server, uri, Weight::Light, move |work| {
        failpoint("panic-search")?;
        failpoint("slow-search")?;
        let params = Params::new(query)?;
        let settings = SearchSettings {
            query: params.text("q")?,
            filters: params.filters()?,
            limit: params.number("limit")?.unwrap_or(config::DEFAULT_LIMIT),
            offset: params.number("offset")?.unwrap_or(0),
            sort: params.choice("sort")?.unwrap_or(Sort::Score),
            exact: params.flag("exact")?,
            collapse: params.flag("collapse")?,
        };
        params.no_others()?;
        let config = SearchConfig::new(settings, Names::Parameters)?;
        let request = config.request();
        let results = search::search(&work.index, &work.server.synonyms, request)?;
        json_body(&json::Search::new(&request.query, &results))
    })
    .await
}

pub(super) async fn api_show(
    State(server): State<Shared>,
    uri: Uri,
    id: RawId,
    query: RawQuery,
) -> Response {
    blocking(server, uri, Weight::Light, move |work| {
        let id = path_id(id)?;
        let params = Params::new(query)?;
        let (query, exact) = (params.text("q")?, params.flag("exact")?);
        params.no_others()?;
        let doc = search::show(&work.index, &id)?;
        let versions = search::collapse::versions(&work.index, &doc.path)?;
        let shown = json::Shown::new(&doc, &versions);
        if query.is_empty() {
            return json_body(&shown);
        }
        // The record marks what the search's snippets mark: the same reading of the query.
        let request = search::Request { query, exact, ..Default::default() };
        let highlights =
            search::section_highlights(&work.index, &work.server.synonyms, &doc, &request)?;
        json_body(&shown.marked(&doc, highlights))
    })
    .await
}

fn similar_response(work: &Work, params: &Params, source: Source) -> Result<Response> {
    failpoint("slow-similar")?;
    let settings = SimilarSettings {
        source,
        scope: params.choice("field")?.unwrap_or(Scope::All),
        filters: params.filters()?,
        limit: params.number("limit")?.unwrap_or(config::DEFAULT_LIMIT),
        collapse: params.flag("collapse")?,
    };
    params.no_others()?;
    let config = SimilarConfig::new(settings, Names::Parameters)?;
    let results = similar::similar(&work.index, config.request()).map_err(in_api_terms)?;
    json_body(&similar_output::Similar::from(&results))
}

pub(super) async fn api_similar(
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
        similar_response(&work, &Params::new(query)?, Source::Id(id))
    })
    .await
}

pub(super) async fn api_similar_text(
    State(server): State<Shared>,
    uri: Uri,
    query: RawQuery,
) -> Response {
    blocking(server, uri, Weight::Heavy, move |work| {
        let params = Params::new(query)?;
        let text = params.text("text")?;
        similar_response(&work, &params, Source::Text(text))
    })
    .await
}

/// The most of a too long body read (and dropped) before the 413, so that its client gets the
/// answer.
const UNREAD_BODY_MAX_SIZE: u64 = 16 * PASTED_TEXT_MAX_SIZE;

/// `similar` of a text sent as the request's body, for texts too long for a URL (a pasted
/// application of 50 000 characters is past what servers and browsers take in one); the other
/// parameters stay in the query string.
pub(super) async fn api_similar_posted(
    State(server): State<Shared>,
    uri: Uri,
    query: RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let text = match posted_text(&headers, body, server.limits.budget).await {
        Ok(text) => text,
        Err(refused) => return refused,
    };
    blocking(server, uri, Weight::Heavy, move |work| {
        // `text=` beside a body is refused as a parameter this route does not take.
        similar_response(&work, &Params::new(query)?, Source::Text(text))
    })
    .await
}

/// The body as UTF-8 text of at most [`PASTED_TEXT_MAX_SIZE`] bytes, read within `budget`. A
/// body declared longer (`Content-Length`) is refused (413) before a byte of it is read: a
/// client that asked `Expect: 100-continue` gets the 413 instead of the 100 and sends nothing,
/// and what another sends anyway is drained in the background (see [`drain`]). A body of no
/// declared length is refused once it is longer, after it has been read to its end, unkept:
/// a client that is still sending when the connection closes sees a broken pipe, not the
/// answer. One of more than [`UNREAD_BODY_MAX_SIZE`] is not waited for.
async fn posted_text(
    headers: &HeaderMap,
    mut body: Body,
    budget: std::time::Duration,
) -> std::result::Result<String, Response> {
    let too_long = || {
        error_body(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "text: longer than {} ({PASTED_TEXT_MAX_SIZE} bytes), the most similar compares \
                 with; send a part of it",
                size_words(PASTED_TEXT_MAX_SIZE)
            ),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > PASTED_TEXT_MAX_SIZE) {
        // Polling the body is what makes hyper send "100 Continue": left unpolled, the client
        // that waits for it never sends the body.
        let expects_continue = headers
            .get(header::EXPECT)
            .is_some_and(|value| value.as_bytes().eq_ignore_ascii_case(b"100-continue"));
        if !expects_continue && declared.is_some_and(|length| length <= UNREAD_BODY_MAX_SIZE) {
            tokio::spawn(drain(body, budget));
        }
        return Err(too_long());
    }
    let read = async {
        let mut bytes = Vec::new();
        let mut length = 0u64;
        while let Some(frame) =
            std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await
        {
            let frame = frame.map_err(|err| {
                error_body(StatusCode::BAD_REQUEST, format!("text: the body broke off: {err}"))
            })?;
            if let Ok(data) = frame.into_data() {
                length += data.len() as u64;
                if length > UNREAD_BODY_MAX_SIZE {
                    return Err(too_long());
                }
                if length <= PASTED_TEXT_MAX_SIZE {
                    bytes.extend_from_slice(&data);
                }
            }
        }
        if length > PASTED_TEXT_MAX_SIZE {
            return Err(too_long());
        }
        Ok(bytes)
    };
    let bytes = tokio::time::timeout(budget, read).await.map_err(|_| {
        error_body(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "text: the body did not arrive within the server's time budget of {} s",
                budget.as_secs_f64()
            ),
        )
    })??;
    String::from_utf8(bytes).map_err(|err| {
        error_body(
            StatusCode::BAD_REQUEST,
            format!(
                "text: not UTF-8 text (invalid byte at offset {})",
                err.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Reads and drops the rest of a refused body, within `budget`, while the 413 goes out: the
/// connection's socket is closed only after its client has sent what it meant to, so that the
/// client reads the answer instead of a reset (closing a socket with unread data resets it).
async fn drain(mut body: Body, budget: std::time::Duration) {
    let read = async {
        let mut length = 0u64;
        while let Some(Ok(frame)) =
            std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await
        {
            length += frame.data_ref().map_or(0, |data| data.len() as u64);
            if length > UNREAD_BODY_MAX_SIZE {
                return;
            }
        }
    };
    let _ = tokio::time::timeout(budget, read).await;
}

pub(super) async fn api_compare(
    State(server): State<Shared>,
    uri: Uri,
    query: RawQuery,
) -> Response {
    blocking(server, uri, Weight::Light, move |work| {
        let params = Params::new(query)?;
        let settings = CompareSettings {
            a: params.required("a")?,
            b: params.required("b")?,
            section: params.choice("section")?,
            terms: params.number("terms")?.unwrap_or(config::DEFAULT_TERMS),
        };
        params.no_others()?;
        let config = CompareConfig::new(settings, Names::Parameters)?;
        let (a, b) = (config.a(), config.b());
        let comparison = compare::compare(&work.index, a, b, config.section(), config.terms())
            .map_err(in_api_terms)?;
        json_body(&compare_output::Compare::from(&comparison))
    })
    .await
}

/// `section`: a section kind, or `all` (or none) for the problem description.
fn compare_section(params: &Params) -> Result<Option<crate::document::SectionKind>> {
    match params.text("section")?.as_str() {
        "" | "all" => Ok(None),
        _ => params.choice("section"),
    }
}

pub(super) async fn api_compare_align(
    State(server): State<Shared>,
    uri: Uri,
    query: RawQuery,
) -> Response {
    blocking(server, uri, Weight::Light, move |work| {
        let params = Params::new(query)?;
        let (a, b) = (params.required("a")?, params.required("b")?);
        let section = compare_section(&params)?;
        params.no_others()?;
        let (a, b, alignment) =
            compare::align_documents(&work.index, &a, &b, section, &work.server.synonyms)
                .map_err(in_api_terms)?;
        json_body(&alignment_output::Aligned::new(&a, &b, &alignment))
    })
    .await
}

pub(super) async fn api_compare_matrix(
    State(server): State<Shared>,
    uri: Uri,
    query: RawQuery,
) -> Response {
    blocking(server, uri, Weight::Heavy, move |work| {
        let params = Params::new(query)?;
        let section = compare_section(&params)?;
        let mut ids = params.all("id");
        if ids.is_empty() {
            let filters = params.filters()?.check(Names::Parameters)?;
            let limit: usize = params.number("limit")?.unwrap_or(config::DEFAULT_LIMIT);
            if !(2..=MAX_DOCUMENTS).contains(&limit) {
                return Err(Error::argument(
                    "limit",
                    format!("{limit} is not between 2 and {MAX_DOCUMENTS}"),
                ));
            }
            // The first hits of the list the page shows: its order and its reading of the query.
            let request = search::Request {
                query: params.text("q")?,
                filters,
                limit,
                sort: params.choice("sort")?.unwrap_or(Sort::Score),
                exact: params.flag("exact")?,
                ..Default::default()
            };
            params.no_others()?;
            let synonyms = &work.server.synonyms;
            ids = compare::ids_from_query(&work.index, synonyms, "q", &request)?;
        } else {
            if !params.text("q")?.is_empty() {
                return Err(Error::argument("q", "give ids or q, not both"));
            }
            if ids.len() < 2 || ids.len() > MAX_DOCUMENTS {
                return Err(Error::argument("id", format!("give 2 to {MAX_DOCUMENTS} ids, or q")));
            }
            // Ids name the documents; filters beside them would be ignored.
            params.no_others()?;
        }
        let matrix = compare::matrix_of(&work.index, &ids, section).map_err(in_api_terms)?;
        json_body(&matrix_output::MatrixOut::from(&matrix))
    })
    .await
}

pub(super) async fn api_facets(
    State(server): State<Shared>,
    uri: Uri,
    query: RawQuery,
) -> Response {
    blocking(server, uri, Weight::Light, move |work| {
        let params = Params::new(query)?;
        let settings = FacetsSettings {
            query: params.text("q")?,
            field: params.choice("field")?,
            by_region: params.flag("by_region")?,
            disjunctive: params.flag("disjunctive")?,
            filters: params.filters()?,
            exact: params.flag("exact")?,
        };
        params.no_others()?;
        let config = FacetsConfig::new(settings, Names::Parameters)?;
        let synonyms = &work.server.synonyms;
        let (counts, _warnings) = browse::count(
            &work.index,
            synonyms,
            config.matching(),
            config.count(),
            config.disjunctive(),
        )?;
        let value = counts_json(&counts)
            .map_err(|err| Error::internal(format!("cannot write JSON: {err}")))?;
        json_body(&value)
    })
    .await
}

/// The export is written while the client downloads it: the matches are found within the time
/// budget (so that bad input is still a 400), then the records stream out one at a time and
/// the request keeps its heavy place until the last is sent.
pub(super) async fn api_export(
    State(server): State<Shared>,
    uri: Uri,
    query: RawQuery,
) -> Response {
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
            query: params.text("q")?,
            filters: params.filters()?,
            sort: params.choice("sort")?.unwrap_or(Sort::Score),
            format,
            sections: !params.flag("no_sections")?,
            bom: !params.flag("no_bom")?,
            collapse: params.flag("collapse")?,
            exact: params.flag("exact")?,
            ..ExportSettings::default()
        };
        params.no_others()?;
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
            let written = caught(&uri, || {
                write_records(
                    format,
                    matches.records(&index),
                    matches.versions.as_deref(),
                    &mut out,
                    |err| Error::io("standard output", err),
                )
            });
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
