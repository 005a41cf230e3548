//! The one error type of the library. Variants carry the path, field or query that failed;
//! nothing here prints.
//!
//! Every error reads `<what>: <why>` in plain words: the operating system's and tantivy's
//! errors are told by their kind ([`io_reason`], [`tantivy_reason`]), never by their debug
//! form or an "os error" number.
//!
//! ```
//! use projsok::error::Error;
//!
//! let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
//! assert_eq!(Error::io("seeds", missing).to_string(), "seeds: no such file or folder");
//! ```

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::TantivyError;

use crate::output::visible::{escaped, escaped_list};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug)]
pub enum Error {
    /// A file or folder could not be read or written.
    Io { path: PathBuf, source: io::Error },
    /// The query string could not be parsed or refers to something unknown.
    Query { query: String, message: String },
    /// A command-line value is out of range or unknown.
    Argument { name: String, message: String },
    /// The index is missing, locked, of another schema version or broken.
    Index { path: PathBuf, message: String },
    /// No document with this id in the index; `closest` are the ids most like it.
    NotFound { id: String, closest: Vec<String> },
    /// The file system holding the index filled up while it was written; what was written is
    /// removed again.
    StorageFull {
        /// The mount point of that file system.
        device: PathBuf,
        index: PathBuf,
        /// Whether a committed index was there before (and still is, unchanged).
        previous: bool,
    },
    /// Work stopped because its time budget ran out (see [`crate::search::budget`]).
    OverBudget { budget: Duration },
    /// Something that cannot go wrong did: a bug, not the input's fault.
    Internal { message: String },
}

/// Why something went wrong with an index, in plain words: a message, or a tantivy error told
/// by its kind.
pub struct Reason(String);

impl From<&str> for Reason {
    fn from(message: &str) -> Reason {
        Reason(message.to_string())
    }
}

impl From<String> for Reason {
    fn from(message: String) -> Reason {
        Reason(message)
    }
}

impl From<TantivyError> for Reason {
    fn from(err: TantivyError) -> Reason {
        Reason(tantivy_reason(&err))
    }
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }

    pub fn index(path: impl Into<PathBuf>, reason: impl Into<Reason>) -> Error {
        Error::Index { path: path.into(), message: reason.into().0 }
    }

    pub fn query(query: &str, message: impl std::fmt::Display) -> Error {
        Error::Query { query: query.to_string(), message: message.to_string() }
    }

    pub fn argument(name: &str, message: impl std::fmt::Display) -> Error {
        Error::Argument { name: name.to_string(), message: message.to_string() }
    }

    pub fn not_found(id: &str) -> Error {
        Error::NotFound { id: id.to_string(), closest: Vec::new() }
    }

    pub fn internal(message: impl std::fmt::Display) -> Error {
        Error::Internal { message: message.to_string() }
    }
}

/// A value read from a file or typed by a user as a one-line message shows it: quoted, with
/// control characters escaped, and cut to `MAX_QUOTED_CHARS` so a damaged file of megabytes
/// does not become a message of megabytes.
pub fn quoted_value(value: &str) -> String {
    const MAX_QUOTED_CHARS: usize = 60;
    match value.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((cut, _)) => {
            let shown = format!("{:?}", &value[..cut]);
            let rest = value[cut..].chars().count();
            format!("{}…\" ({rest} more characters)", &shown[..shown.len() - 1])
        }
        None => format!("{value:?}"),
    }
}

/// A folder's name as messages show it: with a trailing `/`, so that the default index
/// folder `index` does not read as the word ("index/: no index here").
pub fn folder_name(path: &Path) -> String {
    let name = path.display().to_string();
    if name.ends_with('/') {
        name
    } else {
        format!("{name}/")
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {}", path.display(), io_reason(source)),
            Error::Query { query, message } => write!(f, "query {query:?}: {message}"),
            Error::Argument { name, message } => write!(f, "{name}: {message}"),
            Error::Index { path, message } => write!(f, "{}: {message}", folder_name(path)),
            Error::NotFound { id, closest } => {
                // On one line, whatever the ids hold (the message escapes no line break).
                write!(f, "{}: no document with this id in the index", escaped(id))?;
                if !closest.is_empty() {
                    write!(f, "; closest: {}", escaped_list(closest))?;
                }
                Ok(())
            }
            Error::StorageFull { device, index, previous } => {
                let outcome = if *previous {
                    "the previous index is unchanged"
                } else {
                    "no index was written"
                };
                write!(
                    f,
                    "no space left on {} while writing {}; {outcome}",
                    device.display(),
                    index.display()
                )
            }
            Error::OverBudget { budget } => {
                write!(f, "stopped: the time budget of {} s ran out", budget.as_secs_f64())
            }
            Error::Internal { message } => write!(f, "internal error: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// What went wrong, by the kind of the error, without "(os error N)".
pub fn io_reason(err: &io::Error) -> String {
    use io::ErrorKind::*;
    let plain = match err.kind() {
        NotFound => "no such file or folder",
        PermissionDenied => "permission denied",
        AlreadyExists => "already exists",
        NotADirectory => "not a folder",
        IsADirectory => "is a folder, not a file",
        DirectoryNotEmpty => "the folder is not empty",
        ReadOnlyFilesystem => "the file system is read-only",
        StorageFull => "no space left on the device",
        QuotaExceeded => "disk quota exceeded",
        FileTooLarge => "file too large",
        InvalidData => "not UTF-8 text",
        BrokenPipe => "the reader closed the pipe",
        Interrupted => "interrupted",
        OutOfMemory => "out of memory",
        TooManyLinks => "too many links",
        InvalidFilename => "invalid file name",
        _ => {
            // The operating system's own words, without the "(os error N)" Rust appends.
            let text = err.to_string();
            return match text.rfind(" (os error ") {
                Some(at) => lower_first(&text[..at]),
                None => lower_first(&text),
            };
        }
    };
    plain.to_string()
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A file name inside the index, for messages: the last part of tantivy's path.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().to_string())
}

/// What a tantivy error means for the user, by its kind; tantivy's own messages are debug
/// structures (`IoError { io_error: Os { … } }`).
pub fn tantivy_reason(err: &TantivyError) -> String {
    match err {
        // tantivy reads no text: invalid data is an index file that does not decode.
        TantivyError::IoError(err) if err.kind() == io::ErrorKind::InvalidData => {
            "the index files are damaged".to_string()
        }
        TantivyError::IoError(err) => io_reason(err),
        TantivyError::OpenDirectoryError(err) => match err {
            OpenDirectoryError::DoesNotExist(path) => {
                format!("{}: no such folder", path.display())
            }
            OpenDirectoryError::NotADirectory(path) => format!("{}: not a folder", path.display()),
            OpenDirectoryError::FailedToCreateTempDir(err) => {
                format!("cannot create a temporary folder: {}", io_reason(err))
            }
            OpenDirectoryError::IoError { io_error, directory_path } => {
                format!("{}: {}", directory_path.display(), io_reason(io_error))
            }
        },
        TantivyError::OpenReadError(err) => match err {
            OpenReadError::FileDoesNotExist(path) => {
                format!("index file {} is missing", file_name(path))
            }
            OpenReadError::IoError { io_error, filepath } => {
                format!("cannot read index file {}: {}", file_name(filepath), io_reason(io_error))
            }
            OpenReadError::IncompatibleIndex(_) => {
                "written by an incompatible version of the search library".to_string()
            }
        },
        TantivyError::OpenWriteError(err) => match err {
            OpenWriteError::FileAlreadyExists(path) => {
                format!("index file {} already exists", file_name(path))
            }
            OpenWriteError::IoError { io_error, filepath } => {
                format!("cannot write index file {}: {}", file_name(filepath), io_reason(io_error))
            }
        },
        TantivyError::LockFailure(LockError::LockBusy, _) => {
            "index is being written by another process".to_string()
        }
        TantivyError::LockFailure(LockError::IoError(err), _) => {
            format!("cannot take the index lock: {}", io_reason(err))
        }
        TantivyError::IncompatibleIndex(_) => {
            "written by an incompatible version of the search library".to_string()
        }
        TantivyError::DataCorruption(_) | TantivyError::DeserializeError(_) => {
            "the index files are damaged".to_string()
        }
        TantivyError::IndexAlreadyExists => "an index already exists here".to_string(),
        TantivyError::FieldNotFound(field) => format!("the index has no field {field:?}"),
        TantivyError::InvalidArgument(message)
        | TantivyError::SchemaError(message)
        | TantivyError::SystemError(message)
        | TantivyError::ErrorInThread(message)
        | TantivyError::InternalError(message) => {
            format!("the search library failed: {}", lower_first(message))
        }
        other => format!("the search library failed: {}", lower_first(&other.to_string())),
    }
}

/// The text a panic was raised with, for the one-line reports of the binary and the server;
/// `None` for a payload that is not text.
pub fn panic_message<'a>(info: &'a std::panic::PanicHookInfo<'_>) -> Option<&'a str> {
    let payload = info.payload();
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn quoted_values_are_escaped_and_cut() {
        assert_eq!(quoted_value("gen-1"), "\"gen-1\"");
        assert_eq!(quoted_value("a\u{1}b"), "\"a\\u{1}b\"");
        let long = "x".repeat(100);
        assert_eq!(quoted_value(&long), format!("\"{}…\" (40 more characters)", "x".repeat(60)));
        assert_eq!(quoted_value(&"å".repeat(60)), format!("{:?}", "å".repeat(60)));
    }

    #[test]
    fn io_errors_are_told_by_kind_without_os_error_numbers() {
        let os = |code| io::Error::from_raw_os_error(code);
        // EEXIST, ENOTDIR, ENOSPC, EACCES, EIO
        assert_eq!(io_reason(&os(17)), "already exists");
        assert_eq!(io_reason(&os(20)), "not a folder");
        assert_eq!(io_reason(&os(28)), "no space left on the device");
        assert_eq!(io_reason(&os(13)), "permission denied");
        assert_eq!(io_reason(&os(5)), "input/output error");
        assert_eq!(Error::io("afile", os(17)).to_string(), "afile: already exists");
    }

    #[test]
    fn tantivy_errors_are_plain_words() {
        let full = Arc::new(io::Error::from_raw_os_error(28));
        let write = TantivyError::OpenWriteError(OpenWriteError::IoError {
            io_error: full.clone(),
            filepath: PathBuf::from("/x/gen-1/meta.json"),
        });
        assert_eq!(
            tantivy_reason(&write),
            "cannot write index file meta.json: no space left on the device"
        );
        let missing = TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(PathBuf::from(
            "/x/gen-1/abc.store",
        )));
        assert_eq!(
            Error::index("idx", missing).to_string(),
            "idx/: index file abc.store is missing"
        );
        assert_eq!(tantivy_reason(&TantivyError::IoError(full)), "no space left on the device");
        let busy = TantivyError::LockFailure(LockError::LockBusy, None);
        assert_eq!(tantivy_reason(&busy), "index is being written by another process");
    }

    #[test]
    fn unknown_ids_list_the_closest() {
        assert_eq!(
            Error::not_found("x.txt").to_string(),
            "x.txt: no document with this id in the index"
        );
        let error = Error::NotFound {
            id: "x.txt".into(),
            closest: vec!["a/x1.txt".into(), "b/y.txt".into()],
        };
        assert_eq!(
            error.to_string(),
            "x.txt: no document with this id in the index; closest: a/x1.txt, b/y.txt"
        );
    }
}
