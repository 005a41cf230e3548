//! The live generation of an index folder for a long-running reader: every request asks
//! [`LiveIndex::get`], which reopens the index when a rebuild or an update has committed since
//! the last open, so that the next request answers from the new commit.
//!
//! Requests in flight keep the generation they started with (an `Arc`); the old generation's
//! files — mapped and open, even after a rebuild deleted them — are released when the last of
//! those requests ends, and only then is its disk space freed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::index::{self, Version};
use crate::search::Engine;

pub struct LiveIndex {
    dir: PathBuf,
    state: Mutex<State>,
}

struct State {
    /// The version `index` was opened at (`None`: opened while it could not be read).
    version: Option<Version>,
    index: Arc<Engine>,
    /// The version that last failed to open, reported once rather than on every request.
    failed: Option<Version>,
}

impl LiveIndex {
    /// Follows `dir`, starting from `index`, which was opened from it.
    pub fn new(dir: &Path, index: Engine) -> LiveIndex {
        // Read after the open: a commit in between makes the first request reopen, which is
        // merely redundant.
        let version = index::version(dir);
        LiveIndex {
            dir: dir.to_path_buf(),
            state: Mutex::new(State { version, index: Arc::new(index), failed: None }),
        }
    }

    /// The index of the latest commit. When that commit cannot be opened (a damaged or
    /// half-removed generation), the previous one keeps answering and the problem is reported
    /// on standard error once.
    pub fn get(&self) -> Arc<Engine> {
        // Read before opening: a commit that lands during the open is seen by the next request.
        let version = index::version(&self.dir);
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if version.is_some() && version != state.version && version != state.failed {
            match Engine::open(&self.dir) {
                Ok(opened) => {
                    state.index = Arc::new(opened);
                    state.version = version;
                    state.failed = None;
                }
                Err(err) => {
                    eprintln!("projsok: {err}; answering from the index opened before");
                    state.failed = version;
                }
            }
        }
        state.index.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document;
    use crate::index::document::Source;
    use crate::index::writer::{BuildOptions, Builder};

    fn build(dir: &Path, count: usize) {
        let mut builder = Builder::create(dir, BuildOptions::default()).unwrap();
        for n in 0..count {
            let text = format!("Projekt {n}\n\nOm matchning och arbete nummer {n}.\n");
            let parsed = document::parse(&format!("doc-{n}.txt"), &text);
            builder.add(parsed.doc, Source::default()).unwrap();
        }
        builder.commit().unwrap();
    }

    #[test]
    fn a_rebuild_is_seen_by_the_next_get_and_the_old_generation_is_released() {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path(), 2);
        let live = LiveIndex::new(dir.path(), Engine::open(dir.path()).unwrap());
        let first = live.get();
        assert_eq!(first.index().searcher().num_docs(), 2);
        assert!(Arc::ptr_eq(&first, &live.get()), "no commit, no reopen");

        build(dir.path(), 3);
        let second = live.get();
        assert_eq!(second.index().searcher().num_docs(), 3);
        assert_ne!(first.index().generation, second.index().generation);
        // The request that still holds the old generation can still read it.
        assert_eq!(first.index().searcher().num_docs(), 2);
        let weak = Arc::downgrade(&first);
        drop(first);
        assert!(weak.upgrade().is_none(), "the old generation is still held");
    }

    #[test]
    fn a_broken_commit_keeps_the_previous_index_answering() {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path(), 2);
        let live = LiveIndex::new(dir.path(), Engine::open(dir.path()).unwrap());
        let generation = live.get().index().generation.clone();
        std::fs::create_dir(dir.path().join("gen-empty")).unwrap();
        std::fs::write(dir.path().join("gen-empty/projsok.json"), "{").unwrap();
        std::fs::write(dir.path().join("CURRENT"), "gen-empty").unwrap();
        assert_eq!(live.get().index().generation, generation);
        assert_eq!(live.get().index().searcher().num_docs(), 2);
    }
}
