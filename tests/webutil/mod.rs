//! `projsok serve` on a fresh index of the seeds, for the API and browser tests. The server is
//! killed when the handle is dropped, so it never outlives its test.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use crate::common::Env;

pub struct Served {
    pub env: Env,
    /// "http://127.0.0.1:PORT" (no trailing slash).
    pub base: String,
    /// Every line the server has written to standard error so far.
    pub stderr: Arc<Mutex<Vec<String>>>,
    child: Child,
}

impl Served {
    /// Indexes the seeds and starts `projsok serve --port 0` on them.
    pub fn start() -> Served {
        Served::start_in(Env::indexed(), &[], &[])
    }

    /// Starts `projsok serve --port 0 --index index` in `env` with more arguments and
    /// environment variables.
    pub fn start_in(env: Env, args: &[&str], vars: &[(&str, &str)]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_projsok"))
            .args(["serve", "--port", "0", "--index", "index"])
            .args(args)
            .current_dir(env.path())
            .env("NO_COLOR", "1")
            .env("XDG_CONFIG_HOME", env.join("no-config"))
            .envs(vars.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start projsok serve");
        let stderr = child.stderr.take().expect("stderr");
        let (send, receive) = mpsc::channel();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let kept = lines.clone();
        // Reads the address line, then keeps draining stderr so the server never blocks on it.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                kept.lock().unwrap().push(line.clone());
                if let Some(at) = line.find("http://") {
                    let url = line[at..].split_whitespace().next().unwrap_or("").to_string();
                    let _ = send.send(url);
                }
            }
        });
        let url = match receive.recv_timeout(Duration::from_secs(30)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                panic!("projsok serve printed no address within 30 s");
            }
        };
        Served { env, base: url.trim_end_matches('/').to_string(), stderr: lines, child }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server's standard error lines after the address line.
    pub fn log(&self) -> Vec<String> {
        let lines = self.stderr.lock().unwrap();
        lines.iter().skip_while(|line| !line.contains("http://")).skip(1).cloned().collect()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Percent-encodes a query-string or path value.
pub fn enc(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// An HTTP agent that returns error statuses as responses, not as errors.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// GET: (status, content type, body).
pub fn get(agent: &ureq::Agent, url: &str) -> (u16, String, String) {
    let mut response = agent.get(url).call().unwrap_or_else(|err| panic!("GET {url}: {err}"));
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = response.body_mut().read_to_string().expect("UTF-8 body");
    (status, content_type, body)
}
