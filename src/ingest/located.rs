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
//! The root is the build's folder, unless the project was moved or copied with its index in it:
//! the build records where the index lay in its folder (`IndexMeta::index_in_base`), and the
//! index's place now says where the project is, while the original may still be there. An
//! index kept outside its project moved nowhere: another folder with files of the same
//! relative paths is another folder. When the build's folder is gone and nothing is recorded,
//! the walked files show the root: the update's own folder when some are ids there, else the
//! folder against which the most of them are ids (`/new/place/seeds/a.txt` for `seeds/a.txt`
//! shows `/new/place`). Failing that the root is not known: the update's folder stands in,
//! new files get absolute ids and the recorded folder is kept.
//!
//! Files are compared by their physical places (links and `..` resolved by the file system),
//! and a document under the paths walked is gone only when its file surely is: a folder that
//! shows nothing or cannot be read now (a share not mounted) is no evidence.

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
    /// Physical place → id of every indexed document, made when first needed: an index built
    /// through a link holds the link's name, and the walk may come by the folder itself.
    by_physical: Option<HashMap<PathBuf, &'a str>>,
    /// The physical place of each folder looked up so far.
    folders: HashMap<PathBuf, PathBuf>,
    /// Whether the root is known: not when the build's folder is gone and nothing shows where
    /// the project went. Then the update's folder stands in for reading, new files get
    /// absolute ids, and the index keeps the folder it recorded.
    known: bool,
}

impl<'a> Located<'a> {
    /// `base` is the folder the index recorded and `index_in_base` where the index lay in it,
    /// `here` the update's working folder, `index` the index's folder and `walked` the files
    /// the update found.
    pub fn new(
        indexed: &'a HashMap<String, Source>,
        base: Option<&Path>,
        index_in_base: Option<&str>,
        here: PathBuf,
        index: &Path,
        walked: &[Found],
    ) -> Self {
        let canonical =
            |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| place(&here, path));
        let base = base.filter(|base| base.is_dir()).map(canonical);
        let index = canonical(index);
        // Where the project is now if the index moved with it: the index minus where it lay.
        let carried = index_in_base.and_then(|relative| {
            let depth = relative.split('/').count();
            let root = index.ancestors().nth(depth)?;
            (index.strip_prefix(root).ok()? == Path::new(relative)).then(|| root.to_path_buf())
        });
        // Counted only where the records leave the root in doubt: each walked file's folders.
        let votes = || Votes::of(indexed, &here, walked);
        let mut known = true;
        let root = match (base, carried) {
            // Copied or moved with its index: the walked files are its, unless they show
            // only the build's folder (the index folder alone was moved).
            (Some(base), Some(carried)) if carried != base => {
                let votes = votes();
                if votes.for_root(&carried) > 0 || votes.for_root(&base) == 0 {
                    carried
                } else {
                    base
                }
            }
            (Some(base), _) => base,
            (None, Some(carried)) => carried,
            // The build's folder gone, and nothing recorded of where the index lay in it.
            // The update's own folder when some walked files are ids there (run from inside
            // the moved project), else the folder that explains the most of them.
            (None, None) => {
                let votes = votes();
                if votes.for_root(&here) > 0 {
                    here.clone()
                } else {
                    votes.most().unwrap_or_else(|| {
                        known = false;
                        here.clone()
                    })
                }
            }
        };
        let root = canonical(&root);
        let folders = HashMap::new();
        Located { indexed, root, here, by_place: None, by_physical: None, folders, known }
    }

    #[cfg(test)]
    fn root_read(&self) -> &Path {
        &self.root
    }

    /// The folder the ids are read against, for the index to record; `None` when it is not
    /// known (see [`Located::known`]).
    pub fn root(&self) -> Option<&Path> {
        self.known.then_some(self.root.as_path())
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
        // The ids a file at this place has when the index holds it by its plain place,
        // relative to the root or absolute: looked up before every document's place is
        // worked out (a second at a million documents). Not for a name that is not UTF-8,
        // whose id would be a lossy spelling that another name may have.
        let plain = found_at.to_str().is_some();
        let relative = found_at.strip_prefix(&self.root).ok().map(slashed);
        let ids = relative.into_iter().chain([slashed(&found_at)]).filter(|_| plain);
        for id in ids {
            if let Some((id, _)) = self.indexed.get_key_value(&id) {
                return Some(id.as_str());
            }
        }
        let root = &self.root;
        let by_place = self.by_place.get_or_insert_with(|| {
            self.indexed.keys().map(|id| (place(root, Path::new(id)), id.as_str())).collect()
        });
        if let Some(&id) = by_place.get(&found_at) {
            return Some(id);
        }
        let found_physically = physical(&self.here, &found.path, &mut self.folders);
        if let Some(&id) = by_place.get(&found_physically) {
            return Some(id);
        }
        if self.by_physical.is_none() {
            let mut by_physical = HashMap::with_capacity(self.indexed.len());
            for id in self.indexed.keys() {
                by_physical.insert(physical(root, Path::new(id), &mut self.folders), id.as_str());
            }
            self.by_physical = Some(by_physical);
        }
        let by_physical = self.by_physical.as_ref()?;
        if let Some(&id) = by_physical.get(&found_physically) {
            return Some(id);
        }
        // A path given that is a link to an indexed file: that file's document.
        let target = std::fs::canonicalize(self.here.join(&found.path)).ok()?;
        by_place.get(&target).or_else(|| by_physical.get(&target)).copied()
    }

    /// The id of a file the index does not hold: its physical path relative to the root, or
    /// absolute when it lies outside.
    pub fn new_id(&mut self, found: &Found) -> String {
        let found_at = physical(&self.here, &found.path, &mut self.folders);
        // Relative to `/` (a build run there), an absolute path is the readable id.
        let relative = found_at
            .strip_prefix(&self.root)
            .ok()
            .filter(|_| self.known && self.root.parent().is_some());
        slashed(relative.unwrap_or(&found_at))
    }

    /// The places of the paths an update walks, for [`Located::is_gone`]: where the file
    /// system leads (what the walk read), and as typed where that is the same folder (a link
    /// to it). A way back after a link (`link/../b`) read by name is another folder, whose
    /// documents the walk did not see: they must not look gone.
    pub fn walked_places(&self, paths: &[PathBuf]) -> WalkedPlaces {
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
        WalkedPlaces { places, verdicts: HashMap::new() }
    }

    /// The paths given under which the walk found no file, not even one skipped: with other
    /// paths that did, the one an unmounted share or an emptied mount point leaves.
    pub fn empty_paths(&self, paths: &[PathBuf], walked: &[&Path]) -> Vec<PathBuf> {
        // A file shows a path when one of the path's places is among the file's ancestors:
        // looked up per file, not compared with every path's places per file (a thousand
        // folders of a million files took minutes).
        let places: Vec<WalkedPlaces> =
            paths.iter().map(|path| self.walked_places(std::slice::from_ref(path))).collect();
        let mut paths_at: HashMap<&Path, Vec<usize>> = HashMap::new();
        for (n, places) in places.iter().enumerate() {
            for at in &places.places {
                paths_at.entry(at.as_path()).or_default().push(n);
            }
        }
        let mut shown = vec![false; paths.len()];
        let mut unshown = paths.len();
        for file in walked {
            if unshown == 0 {
                break;
            }
            let file = place(&self.here, file);
            for n in file.ancestors().filter_map(|at| paths_at.get(at)).flatten() {
                if !shown[*n] {
                    shown[*n] = true;
                    unshown -= 1;
                }
            }
        }
        paths.iter().zip(shown).filter(|(_, shown)| !shown).map(|(path, _)| path.clone()).collect()
    }

    /// Whether the file of the document `id` is surely gone: the system says there is no such
    /// file, and the nearest folder above it that is there can be read and holds something.
    /// A folder refused (a permission, an I/O error) or an empty one (a share not mounted
    /// leaves its mount point empty) is no evidence.
    pub fn is_surely_gone(&self, id: &str) -> bool {
        let path = place(&self.root, Path::new(id));
        is_not_found(&path) && folder_above_shows_files(&path)
    }

    /// Whether the document `id`, which the walk did not meet, may still have its file: the
    /// system does not say the file is there, nor that it surely is not (see
    /// [`Located::is_surely_gone`]). A file that is there and was skipped is not in doubt.
    pub fn may_be_there(&self, id: &str) -> bool {
        let path = place(&self.root, Path::new(id));
        match std::fs::symlink_metadata(&path) {
            Ok(_) => false,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                !folder_above_shows_files(&path)
            }
            Err(_) => true,
        }
    }

    /// Whether the document `id`, which the update's walk did not meet, is gone: it lies
    /// under one of the `walked` places, so its file is gone or now skipped.
    pub fn is_gone(&mut self, id: &str, walked: &mut WalkedPlaces) -> bool {
        let Some((folder, name)) = folder_and_name(id) else {
            return self.is_gone_by_place(id, &walked.places);
        };
        if let Some(verdict) = walked.verdicts.get(folder) {
            return verdict.holds(name);
        }
        // The folder as `physical` reads it: `lf/./x.txt` is in `lf/.`, which does not resolve
        // when `lf` is a file.
        let typed = self.root.join(id);
        let Some(typed_folder) = typed.parent() else {
            return self.is_gone_by_place(id, &walked.places);
        };
        let verdict = FolderVerdict::of(&self.root, typed_folder, &walked.places);
        let gone = verdict.holds(name);
        walked.verdicts.insert(folder.to_string(), verdict);
        gone
    }

    /// [`Located::is_gone`] worked out from the document's own place and physical place.
    fn is_gone_by_place(&mut self, id: &str, walked: &[PathBuf]) -> bool {
        let document = place(&self.root, Path::new(id));
        if walked.iter().any(|path| document.starts_with(path)) {
            return true;
        }
        // Named through a link when it was indexed: where its folder physically is.
        let physically = physical(&self.root, Path::new(id), &mut self.folders);
        physically != document && walked.iter().any(|path| physically.starts_with(path))
    }
}

/// The places of some paths an update walks ([`Located::walked_places`]), with what each
/// folder of documents asked about so far holds of them: a large index's documents share few
/// folders, and working out each document's place and physical place was most of an update
/// of one file at a million documents.
pub struct WalkedPlaces {
    places: Vec<PathBuf>,
    verdicts: HashMap<String, FolderVerdict>,
}

/// An id's folder (as written in it; `""` for the root, `"/"` for the file system's) and file
/// name, when the name is a plain one.
fn folder_and_name(id: &str) -> Option<(&str, &str)> {
    let (folder, name) = match id.rsplit_once('/') {
        Some(("", name)) => ("/", name),
        Some(split) => split,
        None => ("", id),
    };
    (!name.is_empty() && name != "." && name != "..").then_some((folder, name))
}

/// What one folder of documents holds of some walked places: a document in it is gone when
/// the folder lies under one of them, by its place or its physical place, or when one is that
/// document's file ([`Located::is_gone_by_place`] per document, worked out once a folder).
struct FolderVerdict {
    whole: bool,
    /// The names of the walked places that are files of the folder.
    names: Vec<std::ffi::OsString>,
}

impl FolderVerdict {
    /// `typed_folder` is the parent of the root joined with an id of the folder.
    fn of(root: &Path, typed_folder: &Path, walked: &[PathBuf]) -> FolderVerdict {
        let at = place(root, typed_folder);
        // As `physical` finds a document's folder.
        let physically = std::fs::canonicalize(typed_folder).unwrap_or_else(|_| at.clone());
        let places = if physically == at { vec![at] } else { vec![at, physically] };
        let whole = places.iter().any(|place| walked.iter().any(|path| place.starts_with(path)));
        let names = walked
            .iter()
            .filter(|path| places.iter().any(|place| path.parent() == Some(place.as_path())))
            .filter_map(|path| path.file_name().map(std::ffi::OsStr::to_os_string))
            .collect();
        FolderVerdict { whole, names }
    }

    fn holds(&self, name: &str) -> bool {
        self.whole || self.names.iter().any(|walked| walked.as_os_str() == name)
    }
}

fn is_not_found(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_err_and(|err| err.kind() == std::io::ErrorKind::NotFound)
}

/// Whether the nearest folder above `path` that is there can be read and holds something: a
/// file missing there is gone. Not so in a folder refused, an empty one, or behind a link
/// whose target is missing (a share not mounted behind it).
fn folder_above_shows_files(path: &Path) -> bool {
    let mut folder = path.parent();
    while let Some(at) = folder {
        match std::fs::read_dir(at) {
            Ok(mut entries) => return entries.next().is_some(),
            Err(_) if std::fs::symlink_metadata(at).is_ok_and(|meta| meta.is_symlink()) => {
                return false
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => folder = at.parent(),
            Err(_) => return false,
        }
    }
    false
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

/// The folders against which walked files are relative ids of the index, each with how many
/// files it explains so: every folder a file's path can be cut at, not only the deepest
/// (`old/seeds/a.txt` and `seeds/a.txt` may both be ids).
struct Votes {
    by_root: HashMap<PathBuf, usize>,
}

impl Votes {
    fn of(indexed: &HashMap<String, Source>, here: &Path, walked: &[Found]) -> Votes {
        let mut by_root: HashMap<PathBuf, usize> = HashMap::new();
        for found in walked {
            let found_at = place(here, &found.path);
            let mut root = found_at.clone();
            while root.pop() {
                let Ok(relative) = found_at.strip_prefix(&root) else { break };
                if indexed.contains_key(&slashed(relative)) {
                    *by_root.entry(root.clone()).or_default() += 1;
                }
            }
        }
        Votes { by_root }
    }

    fn for_root(&self, root: &Path) -> usize {
        self.by_root.get(root).copied().unwrap_or(0)
    }

    /// The folder that explains the most files; of equals the shallower (more of each path
    /// is an id), then by name, so that every run gives the same.
    fn most(&self) -> Option<PathBuf> {
        self.by_root
            .iter()
            .max_by(|(a, x), (b, y)| {
                x.cmp(y).then(b.components().count().cmp(&a.components().count())).then(b.cmp(a))
            })
            .map(|(root, _)| root.clone())
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
        let mut located =
            Located::new(&held, Some(&root), Some("index"), root.clone(), &index, &[]);
        assert_eq!(located.indexed_id(&found("seeds/a.txt", "seeds/a.txt")), Some("seeds/a.txt"));
        let absolute = root.join("seeds/a.txt").display().to_string();
        assert_eq!(located.indexed_id(&found(&absolute, &absolute)), Some("seeds/a.txt"));
        assert_eq!(located.indexed_id(&found("seeds/new.txt", "seeds/new.txt")), None);

        let up = found("../data/seeds/a.txt", "../data/seeds/a.txt");
        let same_name = found("seeds/a.txt", "seeds/a.txt");
        let walked = [up.clone(), same_name.clone()];
        let mut elsewhere =
            Located::new(&held, Some(&root), Some("index"), other.clone(), &index, &walked);
        assert_eq!(elsewhere.root_read(), root);
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
        // Updated from elsewhere, with nothing recorded of where the index lay.
        for index in ["/moved/projekt/index", "/var/projsok"] {
            let here = PathBuf::from("/");
            let mut located =
                Located::new(&held, Some(gone), None, here, Path::new(index), &walked);
            assert_eq!(located.root_read(), Path::new("/moved/projekt"));
            assert_eq!(located.indexed_id(&walked[0]), Some("seeds/a.txt"));
            let mut walked = located.walked_places(&[PathBuf::from("/moved/projekt/seeds")]);
            assert!(located.is_gone("seeds/b.txt", &mut walked));
            assert!(!located.is_gone("other/c.txt", &mut walked));
        }
        // The index moved with it: where the index is says where the project is.
        let here = PathBuf::from("/");
        let index = Path::new("/moved/projekt/index");
        let located = Located::new(&held, Some(gone), Some("index"), here, index, &[]);
        assert_eq!(located.root_read(), Path::new("/moved/projekt"));
        // Nothing walked that the index holds and nothing recorded: the update's folder.
        let here = PathBuf::from("/moved/projekt");
        let mut located = Located::new(&held, Some(gone), None, here.clone(), index, &[]);
        assert_eq!(located.root_read(), here);
        // Not known: recorded nowhere, and a new file's id is absolute.
        assert_eq!(located.root(), None);
        assert_eq!(located.new_id(&found("nytt/a.md", "nytt/a.md")), "/moved/projekt/nytt/a.md");
        assert_eq!(located.indexed_id(&found("seeds/a.txt", "seeds/a.txt")), Some("seeds/a.txt"));
        // A file explains several folders (`old/seeds/a.txt` and `seeds/a.txt` both ids): the
        // one that explains the most files.
        let held = indexed(&["seeds/a.txt", "old/seeds/a.txt", "old/seeds/b.txt"]);
        let walked =
            ["/v/seeds/a.txt", "/v/old/seeds/a.txt", "/v/old/seeds/b.txt"].map(|p| found(p, p));
        let located = Located::new(&held, Some(gone), None, PathBuf::from("/"), index, &walked);
        assert_eq!(located.root_read(), Path::new("/v"));
    }

    #[test]
    fn a_copied_project_holding_its_index_is_read_as_the_copy() {
        let dir = tempfile::tempdir().unwrap();
        let dir = std::fs::canonicalize(dir.path()).unwrap();
        let (original, copy) = (dir.join("t1"), dir.join("t2"));
        std::fs::create_dir_all(original.join("index")).unwrap();
        std::fs::create_dir_all(copy.join("index")).unwrap();
        let held = indexed(&["seeds/a.txt"]);
        let file = copy.join("seeds/a.txt").display().to_string();
        let walked = [found(&file, &file)];
        let index = copy.join("index");
        let mut located =
            Located::new(&held, Some(&original), Some("index"), copy.clone(), &index, &walked);
        assert_eq!(located.root_read(), copy);
        assert_eq!(located.indexed_id(&walked[0]), Some("seeds/a.txt"));
        // Only the index folder was moved: the files walked are still the build folder's.
        let moved = dir.join("elsewhere/index");
        std::fs::create_dir_all(&moved).unwrap();
        let in_original = original.join("seeds/a.txt").display().to_string();
        let walked = [found(&in_original, &in_original)];
        let located =
            Located::new(&held, Some(&original), Some("index"), dir.clone(), &moved, &walked);
        assert_eq!(located.root_read(), original);
        // An index kept outside the project: another folder with the project's layout is
        // not the project, wherever the index lies.
        let outside = dir.join("pix");
        let walked = [found(&file, &file)];
        let mut located =
            Located::new(&held, Some(&original), None, dir.clone(), &outside, &walked);
        assert_eq!(located.root_read(), original);
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
        let mut located =
            Located::new(&held, Some(&here), Some("p/index"), here.clone(), &index, &[]);
        assert_eq!(located.indexed_id(&found("la/x.txt", "la/x.txt")), Some("p/a/x.txt"));
        assert_eq!(located.new_id(&found("la/new.txt", "la/new.txt")), "p/a/new.txt");
        // `..` after a link leads out of the link's target, as the walk reads it.
        assert_eq!(located.new_id(&found("la/../b/new.txt", "b/new.txt")), "p/b/new.txt");
        let mut walked = located.walked_places(&[PathBuf::from("la/../b")]);
        assert!(located.is_gone("p/b/y.txt", &mut walked));
        assert!(!located.is_gone("p/a/x.txt", &mut walked));
        let mut walked = located.walked_places(&[PathBuf::from("la")]);
        assert!(located.is_gone("p/a/x.txt", &mut walked));

        // Indexed through the link, walked by the folder itself: the same documents.
        let held = indexed(&["la/x.txt", "la/y.txt"]);
        let mut located =
            Located::new(&held, Some(&here), Some("p/index"), here.clone(), &index, &[]);
        assert_eq!(located.indexed_id(&found("p/a/x.txt", "p/a/x.txt")), Some("la/x.txt"));
        let mut walked = located.walked_places(&[PathBuf::from("p/a")]);
        assert!(located.is_gone("la/y.txt", &mut walked));
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_verdict_says_what_each_document_s_own_places_say() {
        let dir = tempfile::tempdir().unwrap();
        let here = std::fs::canonicalize(dir.path()).unwrap();
        for folder in ["p/a", "p/b", "q"] {
            std::fs::create_dir_all(here.join(folder)).unwrap();
        }
        for file in ["p/a/x.txt", "p/b/y.txt", "q/z.txt", "w.txt"] {
            std::fs::write(here.join(file), "text").unwrap();
        }
        std::os::unix::fs::symlink(here.join("p/a"), here.join("la")).unwrap();
        std::os::unix::fs::symlink(here.join("p/a/x.txt"), here.join("q/lx.txt")).unwrap();
        std::os::unix::fs::symlink(here.join("w.txt"), here.join("lf")).unwrap();
        let absolute = here.join("p/b/y.txt").display().to_string();
        let mut ids = vec![
            "p/a/x.txt",
            "la/x.txt",
            "./p/b/y.txt",
            "p/a/../b/y.txt",
            "la/../b/y.txt",
            "q/lx.txt",
            "q/z.txt",
            "w.txt",
            "../elsewhere/v.txt",
            "/no/such/u.txt",
            "p/a/",
            "p/a/.",
            "p/gone/t.txt",
            "la/gone.txt",
            "/w.txt",
            "./lf/./x.txt",
            "lf//lx.txt",
            "la/v.txt/./lx.txt",
            "./la/./x.txt",
        ];
        ids.push(&absolute);
        let held = indexed(&ids);
        let index = here.join("index");
        let mut located = Located::new(&held, Some(&here), None, here.clone(), &index, &[]);
        let walked_paths = [
            "p",
            "p/a",
            "la",
            "la/../b",
            "p/a/x.txt",
            "la/x.txt",
            "q/lx.txt",
            "w.txt",
            ".",
            "/",
            "p/b/",
            "p/gone",
            "q",
            "nonexistent",
        ];
        let mut compared = 0;
        // Twice over, each time with fresh walked places and their own verdicts.
        for _ in 0..2 {
            for walked in walked_paths {
                let mut walked = located.walked_places(&[PathBuf::from(walked)]);
                for id in &ids {
                    let by_place = located.is_gone_by_place(id, &walked.places);
                    let gone = located.is_gone(id, &mut walked);
                    assert_eq!(gone, by_place, "{id} under {:?}", walked.places);
                    compared += usize::from(by_place);
                }
            }
        }
        assert_eq!(compared, 2 * 85);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_name_that_is_not_utf8_is_not_the_document_of_its_lossy_spelling() {
        use std::os::unix::ffi::OsStringExt;
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let held = indexed(&["proj/b/n\u{FFFD}x.md"]);
        let mut located =
            Located::new(&held, Some(&root), None, PathBuf::from("/"), &root.join("i"), &[]);
        let mut name = root.join("proj/b").into_os_string().into_vec();
        name.extend_from_slice(b"/n\xffx.md");
        let path = PathBuf::from(std::ffi::OsString::from_vec(name));
        let walked = Found { path, id: String::new(), stamp: 0, size: 0 };
        assert_eq!(located.indexed_id(&walked), None);
        let spelt = root.join("proj/b/n\u{FFFD}x.md").display().to_string();
        assert_eq!(located.indexed_id(&found(&spelt, "")), Some("proj/b/n\u{FFFD}x.md"));
    }

    #[cfg(unix)]
    #[test]
    fn a_path_is_empty_when_no_walked_file_lies_under_any_of_its_places() {
        let dir = tempfile::tempdir().unwrap();
        let here = std::fs::canonicalize(dir.path()).unwrap();
        for folder in ["a/deep", "b", "c"] {
            std::fs::create_dir_all(here.join(folder)).unwrap();
        }
        std::os::unix::fs::symlink(here.join("a"), here.join("la")).unwrap();
        let held = indexed(&[]);
        let located = Located::new(&held, Some(&here), None, here.clone(), &here.join("i"), &[]);
        let paths: Vec<PathBuf> =
            ["a", "b", "la", "c", "b/../a/", "a/deep/f.txt", "/", "a/deep/g.txt", "nowhere"]
                .map(PathBuf::from)
                .to_vec();
        let walked = [Path::new("a/deep/f.txt"), Path::new("b/../a/x.txt")];
        let empty = located.empty_paths(&paths, &walked);
        assert_eq!(empty, ["b", "c", "a/deep/g.txt", "nowhere"].map(PathBuf::from));
        assert_eq!(located.empty_paths(&paths, &[]), paths);
    }

    #[test]
    fn only_documents_under_the_paths_walked_can_be_gone() {
        let held = indexed(&["seeds/a.txt", "other/c.txt"]);
        let here = PathBuf::from("/data");
        let mut located = Located::new(&held, None, None, here, Path::new("/data/index"), &[]);
        let mut walked = located.walked_places(&[PathBuf::from("./other")]);
        assert!(located.is_gone("other/c.txt", &mut walked));
        assert!(!located.is_gone("seeds/a.txt", &mut walked));
        assert!(located
            .is_gone("seeds/a.txt", &mut located.walked_places(&[PathBuf::from("/data/seeds/")])));
    }
}
