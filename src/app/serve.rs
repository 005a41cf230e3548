//! `projsok serve`: opens the index, binds the address, prints it (and opens a browser when
//! asked), and serves the page and the API of [`projsok::serve`] until Ctrl-C.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use projsok::error::{self, Error, Result};
use projsok::serve::{report_panics_per_request, router, serve_connections, Limits, Server};

use super::open_or_build;
use super::search::load_synonyms;
use crate::cli::ServeArgs;

pub fn run_serve(args: &ServeArgs) -> Result<ExitCode> {
    let index = open_or_build(&args.index)?;
    let synonyms = load_synonyms(args.synonyms.as_deref())?;
    let limits = Limits { budget: Duration::from_secs(args.timeout), ..Limits::default() };
    let server = Server::new(&super::index_dir(&args.index).0, index, synonyms, limits);
    report_panics_per_request();
    // The main thread's stack, not tokio's 2 MiB: a request runs the same recursive query
    // parsing and building as the command line, and a stack overflow aborts the whole server.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(8 << 20)
        .build()
        .map_err(|err| {
            let reason = error::io_reason(&err);
            Error::internal(format!("cannot start the server's threads: {reason}"))
        })?;
    let addr = SocketAddr::new(args.bind, args.port);
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|err| {
            let reason = error::io_reason(&err);
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
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        serve_connections(listener, router(Arc::new(server)), stop).await;
        Ok::<(), Error>(())
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
