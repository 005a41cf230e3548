//! Where an update finds the documents of an index on disk. A document's id is its path as
//! walked from the argument the user gave (`seeds/000_….txt`), so a relative id means
//! something only against the working folder of the build that wrote it (`IndexMeta::base`).
//! Read against the folder an update happens to run in, the seeds' files looked gone and
//! their documents were deleted; a folder spelt another way (`/abs/seeds` for `seeds`) was
//! indexed a second time.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use super::Found;
use crate::index::document::Source;

/// The places of an index's documents, and of the files an update walks.
pub struct Located<'a> {
    indexed: &'a HashMap<String, Source>,
    /// The folder relative ids are read against; `None` for an index that did not record it.
    base: Option<PathBuf>,
    here: PathBuf,
    /// Place → id of every indexed document, made when first needed.
    by_place: Option<HashMap<PathBuf, &'a str>>,
}

impl<'a> Located<'a> {
    pub fn new(indexed: &'a HashMap<String, Source>, base: Option<&Path>, here: PathBuf) -> Self {
        Located { indexed, base: base.map(Path::to_path_buf), here, by_place: None }
    }

    /// The id under which the index holds the file `found`, when it holds it: its own id when
    /// the update runs where the build ran, else the document at the same place.
    pub fn indexed_id(&mut self, found: &Found) -> Option<&'a str> {
        if self.base.as_deref() == Some(self.here.as_path()) || self.base.is_none() {
            if let Some((id, _)) = self.indexed.get_key_value(&found.id) {
                return Some(id.as_str());
            }
        }
        let found_at = place(&self.here, &found.path);
        if self.by_place.is_none() {
            let root = self.base.as_deref().unwrap_or(&self.here);
            let by_place =
                self.indexed.keys().map(|id| (place(root, Path::new(id)), id.as_str())).collect();
            self.by_place = Some(by_place);
        }
        self.by_place.as_ref().and_then(|by_place| by_place.get(&found_at).copied())
    }

    /// Whether the document `id`, which the update's walk did not meet, is to be removed: it
    /// lies under one of the paths walked (so its file is gone or now skipped), or its file is
    /// gone. An index that did not record where it was built keeps every document outside the
    /// paths walked: whether their files are there cannot be told.
    pub fn is_gone(&self, id: &str, walked: &[PathBuf]) -> bool {
        let Some(base) = &self.base else {
            return walked.iter().any(|path| Path::new(id).starts_with(path));
        };
        let document = place(base, Path::new(id));
        walked.iter().any(|path| document.starts_with(place(&self.here, path)))
            || std::fs::symlink_metadata(&document).is_err()
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
        assert_eq!(
            place(root, Path::new("./seeds/../seeds/a.txt")),
            Path::new("/data/projekt/seeds/a.txt")
        );
        assert_eq!(place(root, Path::new("/abs/b.txt")), Path::new("/abs/b.txt"));
        assert_eq!(place(root, Path::new("../x")), Path::new("/data/x"));
    }

    #[test]
    fn a_file_spelt_another_way_or_walked_from_elsewhere_is_the_document_it_was() {
        let held = indexed(&["seeds/a.txt", "/data/other/b.txt"]);
        let mut located = Located::new(&held, Some(Path::new("/data")), PathBuf::from("/data"));
        assert_eq!(located.indexed_id(&found("seeds/a.txt", "seeds/a.txt")), Some("seeds/a.txt"));
        let absolute = found("/data/seeds/a.txt", "/data/seeds/a.txt");
        assert_eq!(located.indexed_id(&absolute), Some("seeds/a.txt"));
        assert_eq!(
            located.indexed_id(&found("other/b.txt", "other/b.txt")),
            Some("/data/other/b.txt")
        );
        assert_eq!(located.indexed_id(&found("seeds/new.txt", "seeds/new.txt")), None);
        let mut elsewhere = Located::new(&held, Some(Path::new("/data")), PathBuf::from("/tmp"));
        assert_eq!(
            elsewhere.indexed_id(&found("../data/seeds/a.txt", "../data/seeds/a.txt")),
            Some("seeds/a.txt")
        );
        // The same relative id read from another folder is another file.
        assert_eq!(elsewhere.indexed_id(&found("seeds/a.txt", "seeds/a.txt")), None);
    }

    #[test]
    fn documents_outside_the_paths_walked_are_gone_only_when_their_files_are() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("seeds")).unwrap();
        std::fs::write(dir.path().join("seeds/a.txt"), "text").unwrap();
        let held = indexed(&["seeds/a.txt", "seeds/gone.txt", "other/c.txt"]);
        let walked = [dir.path().join("other")];
        let elsewhere = Located::new(&held, Some(dir.path()), PathBuf::from("/"));
        assert!(!elsewhere.is_gone("seeds/a.txt", &walked));
        assert!(elsewhere.is_gone("seeds/gone.txt", &walked));
        assert!(elsewhere.is_gone("other/c.txt", &walked));
        // Without the build's folder, only what lies under the paths walked can be gone.
        let unrecorded = Located::new(&held, None, dir.path().to_path_buf());
        assert!(!unrecorded.is_gone("seeds/gone.txt", &[PathBuf::from("other")]));
        assert!(unrecorded.is_gone("other/c.txt", &[PathBuf::from("other")]));
    }
}
