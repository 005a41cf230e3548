//! The one error type of the library. Variants carry the path, field or query that failed;
//! nothing here prints.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug)]
pub enum Error {
    /// A file or folder could not be read or written.
    Io { path: PathBuf, source: std::io::Error },
    /// The query string could not be parsed or refers to something unknown.
    Query { query: String, message: String },
    /// A command-line value is out of range or unknown.
    Argument { name: String, message: String },
    /// The index is missing, locked, of another schema version or broken.
    Index { path: PathBuf, message: String },
    /// No document with this id in the index.
    NotFound { id: String },
    /// The file system holding the index filled up while it was written; what was written is
    /// removed again.
    StorageFull {
        /// The mount point of that file system.
        device: PathBuf,
        index: PathBuf,
        /// Whether a committed index was there before (and still is, unchanged).
        previous: bool,
    },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }

    pub fn index(path: impl Into<PathBuf>, message: impl std::fmt::Display) -> Error {
        Error::Index { path: path.into(), message: message.to_string() }
    }

    pub fn query(query: &str, message: impl std::fmt::Display) -> Error {
        Error::Query { query: query.to_string(), message: message.to_string() }
    }

    pub fn argument(name: &str, message: impl std::fmt::Display) -> Error {
        Error::Argument { name: name.to_string(), message: message.to_string() }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {}", path.display(), source),
            Error::Query { query, message } => write!(f, "query {query:?}: {message}"),
            Error::Argument { name, message } => write!(f, "{name}: {message}"),
            Error::Index { path, message } => write!(f, "index {}: {}", path.display(), message),
            Error::NotFound { id } => write!(f, "no document with id {id:?} in the index"),
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
