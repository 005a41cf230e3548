//! A bug that panics anyway reaches the user as one line and exit status 70, with the
//! backtrace only on request. The bug is a debug build's failpoint: with
//! `PROJSOK_FAILPOINT=panic-search`, `search::search` panics.

use crate::common::Env;

const INTERNAL_ERROR: i32 = 70;

fn search_with_failpoint(env: &Env, backtrace: Option<&str>) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_projsok"));
    command
        .args(["search", "sfi"])
        .current_dir(env.path())
        .env("NO_COLOR", "1")
        .env("XDG_CONFIG_HOME", env.join("no-config"))
        .env("PROJSOK_FAILPOINT", "panic-search")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    if let Some(value) = backtrace {
        command.env("RUST_BACKTRACE", value);
    }
    command.output().expect("run projsok")
}

#[test]
fn a_panic_is_one_line_and_exit_70_with_the_backtrace_on_request() {
    let env = Env::indexed();
    let output = search_with_failpoint(&env, None);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if cfg!(debug_assertions) {
        assert_eq!(output.status.code(), Some(INTERNAL_ERROR), "{stderr}");
        assert_eq!(
            stderr,
            format!(
                "projsok: internal error: failpoint panic-search (at src/search/mod.rs:{}); \
                 please report it\n",
                failpoint_line()
            )
        );
        assert!(output.stdout.is_empty());
        // With RUST_BACKTRACE the standard report comes first, backtrace included.
        let output = search_with_failpoint(&env, Some("1"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(INTERNAL_ERROR), "{stderr}");
        assert!(stderr.contains("panicked at src/search/mod.rs:"), "{stderr}");
        assert!(stderr.contains("stack backtrace:"), "{stderr}");
        let last = stderr.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("projsok: internal error: failpoint panic-search (at "),
            "{stderr}"
        );
    } else {
        // Release builds have no failpoints: the variable changes nothing.
        assert!(output.status.success(), "{stderr}");
        assert_eq!(env.ok(&["search", "sfi"]), String::from_utf8_lossy(&output.stdout));
    }
}

/// The line of the failpoint's `panic!`, read from the source, so that moving it does not
/// break the test while the message still must name it.
fn failpoint_line() -> usize {
    let source = include_str!("../src/search/mod.rs");
    source
        .lines()
        .position(|line| line.contains("panic!(\"failpoint panic-search\")"))
        .expect("the failpoint is in src/search/mod.rs")
        + 1
}
