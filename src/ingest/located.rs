//! Where an update finds the documents of an index on disk. A document's id is its path as
//! walked, relative to the working folder of the build that wrote it (`IndexMeta::base`), so a
//! relative id means something only against that folder. Read against the folder an update
//! happened to run in, the documents of other folders looked gone and were deleted, a folder
//! spelt another way (`/abs/seeds` for `seeds`) was indexed a second time, and a file of another
//! folder with the same relative path replaced a document.
//!
//! So: every id is read against one root (the build's folder while it exists, else the
//! update's own: a project folder that was moved or renamed); a walked file is the document at
//! its place; a new file gets an id relative to that root (or its absolute path, outside it);
//! and only documents under the paths walked can be gone: whether a file outside them is still
//! there cannot be told for sure (a moved folder, a share not mounted), so they stay.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use super::Found;
use crate::index::document::Source;

/// The places of an index's documents, and of the files an update walks.
pub struct Located<'a> {
    indexed: &'a HashMap<String, Source>,
    /// The folder ids are read against.
    root: PathBuf,
    here: PathBuf,
    /// Place → id of every indexed document, made when first needed.
    by_place: Option<HashMap<PathBuf, &'a str>>,
}

impl<'a> Located<'a> {
    /// `base` is the folder the index recorded; `here` the update's working folder.
    pub fn new(indexed: &'a HashMap<String, Source>, base: Option<&Path>, here: PathBuf) -> Self {
        let root =
            base.filter(|base| base.is_dir()).map_or_else(|| here.clone(), Path::to_path_buf);
        Located { indexed, root, here, by_place: None }
    }

    /// The folder the ids are read against, for the index to record.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The id under which the index holds the file `found`, when it holds it: the document
    /// at the file's place (as typed, else with links resolved).
    pub fn indexed_id(&mut self, found: &Found) -> Option<&'a str> {
        if self.root == self.here {
            if let Some((id, _)) = self.indexed.get_key_value(&found.id) {
                return Some(id.as_str());
            }
        }
        let found_at = place(&self.here, &found.path);
        let root = &self.root;
        let by_place = self.by_place.get_or_insert_with(|| {
            self.indexed.keys().map(|id| (place(root, Path::new(id)), id.as_str())).collect()
        });
        if let Some(&id) = by_place.get(&found_at) {
            return Some(id);
        }
        // A folder named through a link: the build's folder is the physical one.
        let resolved = std::fs::canonicalize(&found.path).ok()?;
        by_place.get(&resolved).copied()
    }

    /// The id of a file the index does not hold: its path relative to the root, or its
    /// absolute path when it lies outside.
    pub fn new_id<'f>(&self, found: &'f Found) -> Cow<'f, str> {
        if self.root == self.here {
            return Cow::Borrowed(&found.id);
        }
        let found_at = place(&self.here, &found.path);
        let id = match found_at.strip_prefix(&self.root) {
            Ok(relative) => slashed(relative),
            Err(_) => slashed(&found_at),
        };
        Cow::Owned(id)
    }

    /// Whether the document `id`, which the update's walk did not meet, is gone: it lies
    /// under one of the paths walked, so its file is gone or now skipped.
    pub fn is_gone(&self, id: &str, walked: &[PathBuf]) -> bool {
        let document = place(&self.root, Path::new(id));
        walked.iter().any(|path| document.starts_with(place(&self.here, path)))
    }
}

/// `path` read against `root`, with `.` and `..` taken out by their names (no file system
/// lookup: a document whose folder is gone still has a place).
pub fn place(root: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in root.join(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A path as an id: its parts joined by `/`.
fn slashed(path: &Path) -> String {
    let parts: Vec<Cow<str>> = path
        .components()
        .filter_map(|component| match component {
            Component::Normal(name) => Some(name.to_string_lossy()),
            _ => None,
        })
        .collect();
    let joined = parts.join("/");
    if path.has_root() {
        format!("/{joined}")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(path: &str, id: &str) -> Found {
        Found { path: PathBuf::from(path), id: id.to_string(), stamp: 0 }
    }

    fn indexed(ids: &[&str]) -> HashMap<String, Source> {
        let source = Source { content_hash: 0, file_stamp: 0 };
        ids.iter().map(|id| (id.to_string(), source)).collect()
    }

    #[test]
    fn a_place_is_read_by_the_names_of_its_parts() {
        let root = Path::new("/data/projekt");
        let place_of = |path: &str| place(root, Path::new(path));
        assert_eq!(place_of("./seeds/../seeds/a.txt"), Path::new("/data/projekt/seeds/a.txt"));
        assert_eq!(place_of("/abs/b.txt"), Path::new("/abs/b.txt"));
        assert_eq!(place_of("../x"), Path::new("/data/x"));
    }

    #[test]
    fn a_file_spelt_another_way_or_walked_from_elsewhere_is_the_document_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let (root, other) = (dir.path().join("data"), dir.path().join("tmp"));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(&other).unwrap();
        let held = indexed(&["seeds/a.txt"]);
        let mut located = Located::new(&held, Some(&root), root.clone());
        assert_eq!(located.indexed_id(&found("seeds/a.txt", "seeds/a.txt")), Some("seeds/a.txt"));
        let absolute = root.join("seeds/a.txt").display().to_string();
        assert_eq!(located.indexed_id(&found(&absolute, &absolute)), Some("seeds/a.txt"));
        assert_eq!(located.indexed_id(&found("seeds/new.txt", "seeds/new.txt")), None);

        let mut elsewhere = Located::new(&held, Some(&root), other.clone());
        let up = found("../data/seeds/a.txt", "../data/seeds/a.txt");
        assert_eq!(elsewhere.indexed_id(&up), Some("seeds/a.txt"));
        // The same relative path from another folder is another file, with an id of its own.
        let same_name = found("seeds/a.txt", "seeds/a.txt");
        assert_eq!(elsewhere.indexed_id(&same_name), None);
        assert_eq!(elsewhere.new_id(&same_name), format!("{}/seeds/a.txt", other.display()));
        let inside = found("../data/more/b.txt", "../data/more/b.txt");
        assert_eq!(elsewhere.new_id(&inside), "more/b.txt");
    }

    #[test]
    fn a_moved_build_folder_reads_the_ids_against_the_update_s_folder() {
        let held = indexed(&["seeds/a.txt"]);
        let here = PathBuf::from("/moved/projekt");
        let mut located = Located::new(&held, Some(Path::new("/no/such/folder")), here.clone());
        assert_eq!(located.root(), here);
        assert_eq!(located.indexed_id(&found("seeds/a.txt", "seeds/a.txt")), Some("seeds/a.txt"));
    }

    #[test]
    fn only_documents_under_the_paths_walked_can_be_gone() {
        let held = indexed(&["seeds/a.txt", "other/c.txt"]);
        let located = Located::new(&held, None, PathBuf::from("/data"));
        let walked = [PathBuf::from("./other")];
        assert!(located.is_gone("other/c.txt", &walked));
        assert!(!located.is_gone("seeds/a.txt", &walked));
        assert!(located.is_gone("seeds/a.txt", &[PathBuf::from("/data/seeds/")]));
    }
}
