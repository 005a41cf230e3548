//! Where an update finds the documents of an index on disk. A document's id is its path as
//! walked, relative to the working folder of the build that wrote it (`IndexMeta::base`), so a
//! relative id means something only against that folder. Read against the folder an update
//! happened to run in, the documents of other folders looked gone and were deleted, a folder
//! spelt another way (`/abs/seeds` for `seeds`) was indexed a second time, and a file of another
//! folder with the same relative path replaced a document.
//!
//! So: every id is read against one root; a walked file is the document at its place; a new
//! file gets an id relative to that root (or its absolute path, outside it); and only documents
//! under the paths walked can be gone: whether a file outside them is still there cannot be
//! told for sure (a moved folder, a share not mounted), so they stay.
//!
//! The root is the build's folder, unless the project was moved or copied: when that folder is
//! gone, or the index no longer lies in it, the root is the folder the walked files show, the one
//! against which the most of them are the relative ids the index holds (`/new/place/seeds/a.txt`
//! for the id `seeds/a.txt` shows `/new/place`). A copy holding the index must be read as the
//! copy; an index outside the project moved nowhere, and another folder with files of the same
//! relative paths is not taken for the build's folder while that folder is there. Failing
//! both, the root is the update's own working folder.

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
    /// The physical place of each folder of a walked file looked up so far.
    folders: HashMap<PathBuf, PathBuf>,
}

impl<'a> Located<'a> {
    /// `base` is the folder the index recorded, `here` the update's working folder, `index`
    /// the index's folder and `walked` the files the update found.
    pub fn new(
        indexed: &'a HashMap<String, Source>,
        base: Option<&Path>,
        here: PathBuf,
        index: &Path,
        walked: &[Found],
    ) -> Self {
        let base = base.filter(|base| base.is_dir());
        let index = std::fs::canonicalize(index).unwrap_or_else(|_| place(&here, index));
        let moved = |root: &Path| match base {
            None => true,
            Some(base) => {
                let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
                index.starts_with(root) && !index.starts_with(base)
            }
        };
        let may_have_moved = base.is_none_or(|base| !index.starts_with(base));
        let shown = may_have_moved
            .then(|| shown_root(indexed, &here, walked))
            .flatten()
            .filter(|root| moved(root));
        let root = shown.or_else(|| base.map(Path::to_path_buf)).unwrap_or_else(|| here.clone());
        // Walked files are compared by their physical places (see `physical`).
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        Located { indexed, root, here, by_place: None, folders: HashMap::new() }
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
        let physical = physical(&self.here, &found.path, &mut self.folders);
        self.by_place.as_ref().and_then(|by_place| by_place.get(&physical)).copied()
    }

    /// The id of a file the index does not hold: its physical path relative to the root, or
    /// absolute when it lies outside.
    pub fn new_id(&mut self, found: &Found) -> String {
        let found_at = physical(&self.here, &found.path, &mut self.folders);
        // Relative to `/` (a build run there), an absolute path is the readable id.
        let relative =
            found_at.strip_prefix(&self.root).ok().filter(|_| self.root.parent().is_some());
        slashed(relative.unwrap_or(&found_at))
    }

    /// The places of the paths an update walks, for [`Located::is_gone`]: where the file
    /// system leads (what the walk read), and as typed where that is the same folder (a link
    /// to it). A way back after a link (`link/../b`) read by name is another folder, whose
    /// documents the walk did not see: they must not look gone.
    pub fn walked_places(&self, paths: &[PathBuf]) -> Vec<PathBuf> {
        let mut places = Vec::new();
        for path in paths {
            let typed = place(&self.here, path);
            match std::fs::canonicalize(self.here.join(path)) {
                Ok(physical) => {
                    if std::fs::canonicalize(&typed).is_ok_and(|same| same == physical) {
                        places.push(typed);
                    }
                    places.push(physical);
                }
                // Gone: only its name says where it was.
                Err(_) => places.push(typed),
            }
        }
        places
    }

    /// The paths given under which the walk found no file, not even one skipped: with other
    /// paths that did, the one an unmounted share or an emptied mount point leaves.
    pub fn empty_paths(&self, paths: &[PathBuf], walked: &[&Path]) -> Vec<PathBuf> {
        let walked: Vec<PathBuf> = walked.iter().map(|path| place(&self.here, path)).collect();
        paths
            .iter()
            .filter(|path| {
                let places = self.walked_places(std::slice::from_ref(path));
                !walked.iter().any(|file| places.iter().any(|at| file.starts_with(at)))
            })
            .cloned()
            .collect()
    }

    /// Whether the file of the document `id` is there (a link counts, even a broken one).
    pub fn file_exists(&self, id: &str) -> bool {
        std::fs::symlink_metadata(place(&self.root, Path::new(id))).is_ok()
    }

    /// Whether the document `id`, which the update's walk did not meet, is gone: it lies
    /// under one of the `walked` places, so its file is gone or now skipped.
    pub fn is_gone(&self, id: &str, walked: &[PathBuf]) -> bool {
        let document = place(&self.root, Path::new(id));
        walked.iter().any(|path| document.starts_with(path))
    }
}

/// Where the file at `path` is: its folder with links and `..` resolved by the file system
/// (`link/../b` is the folder beside the link's target, not beside the link), its own name
/// kept (a file that is a link is the document of that name). `folders` caches the folders.
fn physical(here: &Path, path: &Path, folders: &mut HashMap<PathBuf, PathBuf>) -> PathBuf {
    let typed = here.join(path);
    let (Some(folder), Some(name)) = (typed.parent(), typed.file_name()) else {
        return place(here, path);
    };
    let folder = match folders.get(folder) {
        Some(resolved) => resolved.clone(),
        None => {
            let resolved = std::fs::canonicalize(folder).unwrap_or_else(|_| place(here, folder));
            folders.insert(folder.to_path_buf(), resolved.clone());
            resolved
        }
    };
    folder.join(name)
}

/// The folder against which the most walked files are relative ids of the index, if any is.
fn shown_root(indexed: &HashMap<String, Source>, here: &Path, walked: &[Found]) -> Option<PathBuf> {
    let mut votes: HashMap<PathBuf, usize> = HashMap::new();
    for found in walked {
        let found_at = place(here, &found.path);
        let mut root = found_at.clone();
        while root.pop() {
            let Ok(relative) = found_at.strip_prefix(&root) else { break };
            if indexed.contains_key(&slashed(relative)) {
                *votes.entry(root.clone()).or_default() += 1;
                break;
            }
        }
    }
    // Ties go to the deeper folder, then by name, so that the answer is the same every run.
    votes
        .into_iter()
        .max_by(|(a, x), (b, y)| {
            x.cmp(y).then(a.components().count().cmp(&b.components().count())).then(b.cmp(a))
        })
        .map(|(root, _)| root)
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
        Found { path: PathBuf::from(path), id: id.to_string(), stamp: 0, size: 0 }
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
        let index = root.join("index");
        let mut located = Located::new(&held, Some(&root), root.clone(), &index, &[]);
        assert_eq!(located.indexed_id(&found("seeds/a.txt", "seeds/a.txt")), Some("seeds/a.txt"));
        let absolute = root.join("seeds/a.txt").display().to_string();
        assert_eq!(located.indexed_id(&found(&absolute, &absolute)), Some("seeds/a.txt"));
        assert_eq!(located.indexed_id(&found("seeds/new.txt", "seeds/new.txt")), None);

        let up = found("../data/seeds/a.txt", "../data/seeds/a.txt");
        let same_name = found("seeds/a.txt", "seeds/a.txt");
        let walked = [up.clone(), same_name.clone()];
        let mut elsewhere = Located::new(&held, Some(&root), other.clone(), &index, &walked);
        assert_eq!(elsewhere.root(), root);
        assert_eq!(elsewhere.indexed_id(&up), Some("seeds/a.txt"));
        // The same relative path in another folder is another file, with an id of its own,
        // while the build's folder is there and holds the index.
        assert_eq!(elsewhere.indexed_id(&same_name), None);
        assert_eq!(elsewhere.new_id(&same_name), format!("{}/seeds/a.txt", other.display()));
        let inside = found("../data/more/b.txt", "../data/more/b.txt");
        assert_eq!(elsewhere.new_id(&inside), "more/b.txt");
    }

    #[test]
    fn a_moved_build_folder_is_the_one_the_walked_files_show() {
        let held = indexed(&["seeds/a.txt", "seeds/b.txt", "other/c.txt"]);
        let gone = Path::new("/no/such/folder");
        let walked = [found("/moved/projekt/seeds/a.txt", "/moved/projekt/seeds/a.txt")];
        // Updated from elsewhere, the index inside the project or not.
        for index in ["/moved/projekt/index", "/var/projsok"] {
            let here = PathBuf::from("/");
            let mut located = Located::new(&held, Some(gone), here, Path::new(index), &walked);
            assert_eq!(located.root(), Path::new("/moved/projekt"));
            assert_eq!(located.indexed_id(&walked[0]), Some("seeds/a.txt"));
            assert!(located.is_gone(
                "seeds/b.txt",
                &located.walked_places(&[PathBuf::from("/moved/projekt/seeds")])
            ));
            assert!(!located.is_gone(
                "other/c.txt",
                &located.walked_places(&[PathBuf::from("/moved/projekt/seeds")])
            ));
        }
        // Nothing walked that the index holds: the update's folder.
        let here = PathBuf::from("/moved/projekt");
        let index = Path::new("/moved/projekt/index");
        let mut located = Located::new(&held, Some(gone), here.clone(), index, &[]);
        assert_eq!(located.root(), here);
        assert_eq!(located.indexed_id(&found("seeds/a.txt", "seeds/a.txt")), Some("seeds/a.txt"));
    }

    #[test]
    fn a_copied_project_holding_its_index_is_read_as_the_copy() {
        let dir = tempfile::tempdir().unwrap();
        let (original, copy) = (dir.path().join("t1"), dir.path().join("t2"));
        std::fs::create_dir_all(&original).unwrap();
        std::fs::create_dir_all(copy.join("index")).unwrap();
        let held = indexed(&["seeds/a.txt"]);
        let file = copy.join("seeds/a.txt").display().to_string();
        let walked = [found(&file, &file)];
        let index = copy.join("index");
        let mut located = Located::new(&held, Some(&original), copy.clone(), &index, &walked);
        assert_eq!(located.root(), std::fs::canonicalize(&copy).unwrap());
        assert_eq!(located.indexed_id(&walked[0]), Some("seeds/a.txt"));
        // An index outside both folders stays with the build's folder.
        let outside = dir.path().join("elsewhere");
        let mut located = Located::new(&held, Some(&original), copy.clone(), &outside, &walked);
        assert_eq!(located.root(), original);
        assert_eq!(located.indexed_id(&walked[0]), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_named_through_a_link_is_the_folder_the_link_leads_to() {
        let dir = tempfile::tempdir().unwrap();
        let here = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(here.join("p/a")).unwrap();
        std::fs::create_dir_all(here.join("p/b")).unwrap();
        std::os::unix::fs::symlink(here.join("p/a"), here.join("la")).unwrap();
        let held = indexed(&["p/a/x.txt", "p/b/y.txt"]);
        let index = here.join("p/index");
        let mut located = Located::new(&held, Some(&here), here.clone(), &index, &[]);
        assert_eq!(located.indexed_id(&found("la/x.txt", "la/x.txt")), Some("p/a/x.txt"));
        assert_eq!(located.new_id(&found("la/new.txt", "la/new.txt")), "p/a/new.txt");
        // `..` after a link leads out of the link's target, as the walk reads it.
        assert_eq!(located.new_id(&found("la/../b/new.txt", "b/new.txt")), "p/b/new.txt");
        let walked = located.walked_places(&[PathBuf::from("la/../b")]);
        assert!(located.is_gone("p/b/y.txt", &walked));
        assert!(!located.is_gone("p/a/x.txt", &walked));
        let walked = located.walked_places(&[PathBuf::from("la")]);
        assert!(located.is_gone("p/a/x.txt", &walked));
    }

    #[test]
    fn only_documents_under_the_paths_walked_can_be_gone() {
        let held = indexed(&["seeds/a.txt", "other/c.txt"]);
        let here = PathBuf::from("/data");
        let located = Located::new(&held, None, here, Path::new("/data/index"), &[]);
        let walked = located.walked_places(&[PathBuf::from("./other")]);
        assert!(located.is_gone("other/c.txt", &walked));
        assert!(!located.is_gone("seeds/a.txt", &walked));
        assert!(located
            .is_gone("seeds/a.txt", &located.walked_places(&[PathBuf::from("/data/seeds/")])));
    }
}
