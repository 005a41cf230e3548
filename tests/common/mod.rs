//! A small harness for running the real `projsok` binary against a fresh index.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod wire;

use wire::{Record, Search};

pub const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
pub const S000: &str = "seeds/000_cea40166ddf3072c.txt";
pub const S001: &str = "seeds/001_5529787c01511de8.txt";
pub const S002: &str = "seeds/002_e2cf07384f130b54.txt";
pub const S003: &str = "seeds/003_2b3fa1d7a6e76dce.txt";
pub const S004: &str = "seeds/004_2c34cdba5d9fc759.txt";

/// A scratch folder holding a copy of the seeds and (after `index`) an index.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    /// A folder with `seeds/` copied in, not yet indexed.
    pub fn with_seeds() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let seeds = dir.path().join("seeds");
        std::fs::create_dir(&seeds).unwrap();
        for entry in std::fs::read_dir(SEEDS).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), seeds.join(entry.file_name())).unwrap();
        }
        Env { dir }
    }

    /// The seeds, indexed into `index/`.
    pub fn indexed() -> Env {
        let env = Env::with_seeds();
        env.ok(&["index", "seeds"]);
        env
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_projsok"))
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env("XDG_CONFIG_HOME", self.dir.path().join("no-config"))
            .env_remove("PROJSOK_INDEX")
            .output()
            .expect("run projsok")
    }

    /// Runs whatever the exit, and returns what was written to standard error.
    pub fn stderr(&self, args: &[&str]) -> String {
        String::from_utf8_lossy(&self.run(args).stderr).into_owned()
    }

    /// Runs and asserts success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "projsok {args:?} failed with {:?}\nstdout:\n{}\nstderr:\n{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 output")
    }

    /// Runs and asserts the exit code; returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let output = self.run(args);
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        assert_eq!(output.status.code(), Some(code), "projsok {args:?}\nstderr:\n{stderr}");
        assert!(!stderr.contains("panicked"), "projsok {args:?} panicked:\n{stderr}");
        stderr
    }

    pub fn search(&self, args: &[&str]) -> Search {
        let mut all = vec!["search", "--json"];
        all.extend_from_slice(args);
        wire::decode(self.ok(&all))
    }

    pub fn show(&self, id: &str) -> Record {
        wire::decode(self.ok(&["show", "--json", id]))
    }
}

pub fn paths(search: &Search) -> Vec<&str> {
    search.hits.iter().map(|hit| hit.path.as_str()).collect()
}

pub fn sorted_paths(search: &Search) -> Vec<&str> {
    let mut paths = paths(search);
    paths.sort();
    paths
}

/// The facet counts of one field as (value, count) pairs in output order.
pub fn facet<'a>(search: &'a Search, field: &str) -> Vec<(&'a str, u64)> {
    search.facets[field].iter().map(|(value, count)| (value.as_str(), *count)).collect()
}

/// Every file under `dir`, sorted (the order the corpus sweeps depend on).
/// Copies the folder `from` and everything in it to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                folders.push(entry.path());
            } else {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    files
}
