//! The indexing pipeline: files on disk to documents in the index.
//!
//! [`walk`] finds the files under the paths a user names, [`read`] reads and decodes one into a
//! parsed document, [`enrich`] adds what analysis infers (places, language), and [`rebuild`] or
//! [`update`] write them into the index, reporting as they go through a [`Progress`]. Whatever
//! cannot be indexed is a [`Skip`] with a [`Reason`], never an abort. Nothing here prints: the
//! command line's progress bar and summary line are `app`'s.
//!
//! ```
//! use projsok::ingest::{self, NoProgress, Reading};
//! use projsok::index::writer::BuildOptions;
//!
//! let docs = tempfile::tempdir()?;
//! std::fs::write(docs.path().join("a.txt"), "Unga i Jokkmokk\n\nUnga som söker arbete.")?;
//! std::fs::write(docs.path().join("b.txt"), "")?;
//! let index = docs.path().join("index");
//! let options = BuildOptions { threads: 1, ..BuildOptions::default() };
//! let paths = [docs.path().to_path_buf()];
//! let summary = ingest::rebuild(&paths, &index, options, Reading::default(), &mut NoProgress)?;
//! assert_eq!((summary.seen, summary.indexed), (2, 1));
//! assert_eq!(ingest::counts_by_reason(&summary.skipped), [(ingest::Reason::Empty, 1)]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod acronyms;
mod build;
mod enrich;
pub(crate) use enrich::language_of;
mod located;
mod progress;
mod read;
mod skip;
pub mod user_file;
mod walk;

pub use build::{build, rebuild, update, Changes, Reading, Summary};
pub use enrich::enrich;
pub use progress::{NoProgress, Progress};
pub use read::{content_hash, parse_bytes, read, read_bytes, DEFAULT_MAX_SIZE};
pub use skip::{counts_by_reason, Reason, Skip};
pub use walk::{walk, Found};

/// In a debug build with `PROJSOK_FAILPOINT=unreadable:NAME`, the file or folder named NAME
/// cannot be read, as a permission or a share's I/O error refuses it: tests run as root, whom
/// permissions do not stop.
fn refused_for_tests(path: &std::path::Path) -> Option<std::io::Error> {
    let failpoint = std::env::var_os("PROJSOK_FAILPOINT").filter(|_| cfg!(debug_assertions))?;
    let name = failpoint.to_str()?.strip_prefix("unreadable:")?;
    (path.file_name()? == name).then(|| std::io::Error::from(std::io::ErrorKind::PermissionDenied))
}
