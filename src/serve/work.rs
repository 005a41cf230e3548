//! How one request's work runs: off the async threads, within the time budget, a heavy one
//! only with a place; stopped when its answer is given up; a panic logged with its request and
//! answered 500.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{StatusCode, Uri};
use axum::response::Response;

use super::{error_body, status, Server, Shared};
use crate::error::Result;
use crate::search::budget::{self, Budget};
use crate::search::Engine;

/// Whether a request reads whole documents (and so runs a few at a time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Weight {
    Light,
    Heavy,
}

/// What a handler's work gets: the server and the index of the latest commit.
pub(super) struct Work<'a> {
    pub(super) server: &'a Server,
    pub(super) index: Arc<Engine>,
    /// A heavy request's place, for work that goes on after the answer has started (export).
    pub(super) place: Option<tokio::sync::OwnedSemaphorePermit>,
}

/// Runs the library call off the async threads (searching is CPU work), within the time
/// budget; a heavy request first waits for a place. The work runs under a [`Budget`] that is
/// stopped when the answer is given up, at the deadline or because the client went away, so
/// that it does not run on (holding its heavy place) after the 503.
pub(super) async fn blocking<F>(server: Shared, uri: Uri, weight: Weight, work: F) -> Response
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

pub(super) const INTERNAL_ERROR: &str =
    "internal error: this request failed; the server logged it and goes on serving";

thread_local! {
    /// Set while a request's work runs on this thread: its panics are reported by `caught`.
    static IN_REQUEST: Cell<bool> = const { Cell::new(false) };
    /// Where and why the request running on this thread panicked.
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keeps the message of a panic inside a request for `caught`, which logs it as one line with
/// the request; other panics print as they always do.
///
/// The command calls it once before serving; without it a panic still answers 500, but its
/// message and place are printed by the default hook, apart from the request's line.
pub fn report_panics_per_request() {
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
pub(super) fn caught<T>(uri: &Uri, work: impl FnOnce() -> T) -> std::result::Result<T, ()> {
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
pub(super) fn failpoint(name: &str) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::synonyms::Synonyms;
    use crate::document;
    use crate::index::document::Source;
    use crate::index::writer::{BuildOptions, Builder};
    use crate::serve::{json_body, Limits};

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
}
