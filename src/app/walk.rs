//! Finds the files to index under the paths a user names, and reads them into documents.

use std::fs;
use std::path::{Path, PathBuf};

use crate::document::{self, Parsed};
use crate::error::{Error, Result};

/// A file found by the walk, with the id it gets in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// The path as walked from the argument, with `/` separators: `seeds/003_….txt`.
    pub id: String,
}

/// Why a file was not indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub id: String,
    pub reason: &'static str,
    pub detail: String,
}

fn id_for(root_arg: &Path, relative: &Path) -> String {
    let root = root_arg.to_string_lossy().replace('\\', "/");
    let root = root.trim_start_matches("./").trim_end_matches('/');
    let relative = relative.to_string_lossy().replace('\\', "/");
    match (root.is_empty() || root == ".", relative.is_empty()) {
        (true, _) => relative,
        (false, true) => root.to_string(),
        (false, false) => format!("{root}/{relative}"),
    }
}

/// Every file under `roots` in a stable (sorted) order; hidden files and folders are passed
/// over. A root that does not exist is an error: the user named it.
pub fn walk(roots: &[PathBuf]) -> Result<(Vec<Found>, Vec<Skip>)> {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    for root in roots {
        let metadata = fs::metadata(root).map_err(|err| Error::io(root, err))?;
        if metadata.is_file() {
            found.push(Found { path: root.clone(), id: id_for(root, Path::new("")) });
            continue;
        }
        let mut pending = vec![PathBuf::new()];
        while let Some(relative) = pending.pop() {
            let dir = root.join(&relative);
            let entries = match fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(err) => {
                    skipped.push(Skip {
                        id: id_for(root, &relative),
                        reason: "unreadable folder",
                        detail: err.to_string(),
                    });
                    continue;
                }
            };
            let mut names: Vec<_> = entries.flatten().map(|entry| entry.file_name()).collect();
            names.sort();
            let mut subdirs = Vec::new();
            for name in names {
                if name.to_string_lossy().starts_with('.') {
                    continue;
                }
                let child = relative.join(&name);
                let full = root.join(&child);
                match fs::metadata(&full) {
                    Ok(meta) if meta.is_dir() => subdirs.push(child),
                    Ok(meta) if meta.is_file() => {
                        found.push(Found { path: full, id: id_for(root, &child) })
                    }
                    Ok(_) => {}
                    Err(err) => skipped.push(Skip {
                        id: id_for(root, &child),
                        reason: "unreadable file",
                        detail: err.to_string(),
                    }),
                }
            }
            // Reverse so that popping visits folders in sorted order.
            pending.extend(subdirs.into_iter().rev());
        }
    }
    Ok((found, skipped))
}

/// Reads and parses one file. The bytes' hash identifies unchanged files for `--update`.
pub fn read(found: &Found) -> std::result::Result<(Parsed, u64), Skip> {
    let skip = |reason: &'static str, detail: String| Skip { id: found.id.clone(), reason, detail };
    let bytes = fs::read(&found.path).map_err(|err| skip("unreadable file", err.to_string()))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(skip("empty file", String::new()));
    }
    if bytes.iter().take(8192).any(|&byte| byte == 0) {
        return Err(skip("binary file", "contains NUL bytes".to_string()));
    }
    let text = std::str::from_utf8(&bytes).map_err(|err| {
        skip("not UTF-8 text", format!("invalid byte at offset {}", err.valid_up_to()))
    })?;
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    Ok((document::parse(&found.id, text), hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_paths_as_walked() {
        assert_eq!(id_for(Path::new("seeds"), Path::new("003.txt")), "seeds/003.txt");
        assert_eq!(id_for(Path::new("./seeds/"), Path::new("a/b.md")), "seeds/a/b.md");
        assert_eq!(id_for(Path::new("."), Path::new("x.txt")), "x.txt");
        assert_eq!(id_for(Path::new("seeds/x.txt"), Path::new("")), "seeds/x.txt");
    }
}
