//! Finds the files to index under the paths a user names.
//!
//! The walk reports every entry it looks at exactly once, either as a file to index
//! ([`Found`]) or as a [`Skip`]. Symbolic links met in the walk are not followed (a link out
//! of the tree indexed `/etc/shadow`), as in ripgrep and fd, unless `--follow` asks; a path
//! named on the command line is followed, since the user chose it. Every folder is entered once
//! (tracked by device and inode), so a followed link back up the tree is a "symlink loop" and a
//! second route to a folder or file already seen is a "duplicate". The index folder is never
//! walked, whichever path leads to it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::{self, Metadata};
use std::io;
use std::path::{Component, Path, PathBuf};

use super::user_file;
use super::{Reason, Skip};
use crate::error::{Error, Result};
use crate::index::writer;

/// A file found by the walk, with the id it gets in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// The path as walked from the argument, with `/` separators: `seeds/003_….txt`.
    pub id: String,
    /// The size, times and inode as the walk saw them (see `stamp_of`): `--update`
    /// compares it without a second `stat` per file. Taken before the file is read, so a change
    /// in between makes the next update read the file again, never miss it.
    pub stamp: u64,
    /// The size as the walk saw it: `--update --max-size` skips an unchanged file over the
    /// limit as a rebuild would, without reading it.
    pub size: u64,
}

/// The id of the file at `relative` under the argument `root_arg`: the path with `/` between
/// its parts, `.` parts and doubled separators left out and `..` taken with the part before
/// it (`.//seeds` and `seeds/./` are `seeds`). On Unix a backslash is a letter of a name.
fn id_for(root_arg: &Path, relative: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for component in root_arg.join(relative).components() {
        match component {
            Component::Prefix(prefix) => {
                parts.push(prefix.as_os_str().to_string_lossy().into_owned())
            }
            Component::RootDir => absolute = true,
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.last().is_some_and(|part| part != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..".to_string());
                }
            }
            Component::Normal(name) => parts.push(name.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// A name that is not UTF-8, with its bad bytes shown as `\xNN`.
fn escaped(path: &Path) -> String {
    let debug = format!("{:?}", path.as_os_str());
    debug.trim_matches('"').to_string()
}

/// What identifies a file or folder whichever path leads to it: device and inode on Unix,
/// a hash of the canonical path elsewhere.
type FileKey = (u64, u64);

#[cfg(unix)]
fn file_key(_path: &Path, metadata: &Metadata) -> Option<FileKey> {
    use std::os::unix::fs::MetadataExt;
    Some((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn file_key(path: &Path, _metadata: &Metadata) -> Option<FileKey> {
    let canonical = fs::canonicalize(path).ok()?;
    Some((xxhash_rust::xxh3::xxh3_64(canonical.as_os_str().as_encoded_bytes()), 0))
}

/// "Too many levels of symbolic links"; std has no stable `ErrorKind` for it yet.
#[cfg(target_os = "linux")]
const ELOOP: i32 = 40;
#[cfg(not(target_os = "linux"))]
const ELOOP: i32 = 62;

/// Why `fs::metadata` (which follows links) failed on an entry.
fn metadata_failure(path: &Path, err: &io::Error) -> (Reason, String) {
    let is_link = fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink());
    if is_link && err.kind() == io::ErrorKind::NotFound {
        let target = fs::read_link(path).map(|target| target.display().to_string());
        return (Reason::BrokenSymlink, target.map(|t| format!("to {t}")).unwrap_or_default());
    }
    if is_link && err.raw_os_error().is_some_and(|code| code == ELOOP) {
        return (Reason::SymlinkLoop, "the link leads back to itself".to_string());
    }
    (Reason::UnreadableFile, err.to_string())
}

/// The walk's state: what it found, what it skipped and which files and folders it has seen.
struct Walker {
    found: Vec<Found>,
    skipped: Vec<Skip>,
    seen: HashMap<FileKey, String>,
    /// The index folder, passed over like a hidden one: `projsok index .` must not read the
    /// index it is writing.
    excluded: Option<Excluded>,
    follow: bool,
}

/// The index folder as the walk recognises it: by device and inode (a bind mount, another
/// spelling) and by its canonical path (for what a followed link points into).
struct Excluded {
    key: Option<FileKey>,
    canonical: PathBuf,
    /// As the user named it, for messages.
    named: PathBuf,
}

impl Excluded {
    fn new(dir: &Path) -> Option<Excluded> {
        let canonical = fs::canonicalize(dir).ok()?;
        let key = fs::metadata(&canonical).ok().and_then(|meta| file_key(&canonical, &meta));
        Some(Excluded { key, canonical, named: dir.to_path_buf() })
    }

    fn contains(&self, path: &Path) -> bool {
        fs::canonicalize(path).is_ok_and(|canonical| canonical.starts_with(&self.canonical))
    }
}

impl Walker {
    fn skip(&mut self, id: String, reason: Reason, detail: impl Into<String>) {
        self.skipped.push(Skip { id, reason, detail: detail.into() });
    }

    /// Records `key` as seen under `id`; a second sighting is a duplicate.
    fn first_sighting(&mut self, key: Option<FileKey>, id: &str) -> bool {
        let Some(key) = key else { return true };
        match self.seen.get(&key) {
            Some(first) => {
                let detail = format!("same as {first}");
                self.skip(id.to_string(), Reason::Duplicate, detail);
                false
            }
            None => {
                self.seen.insert(key, id.to_string());
                true
            }
        }
    }

    fn walk_root(&mut self, root: &Path) -> Result<()> {
        let metadata = fs::metadata(root).map_err(|err| Error::io(root, err))?;
        if let Some(index) = self.excluded.as_ref().filter(|index| index.contains(root)) {
            return Err(Error::argument(
                &root.display().to_string(),
                format!(
                    "is the index folder {} or inside it; projsok does not index its own files",
                    index.named.display()
                ),
            ));
        }
        let id = id_for(root, Path::new(""));
        if metadata.is_dir() && writer::is_index_folder(root) {
            return Err(Error::argument(
                &root.display().to_string(),
                "is a projsok index folder; its files are no documents (name the documents' folders)",
            ));
        }
        if !metadata.is_dir() {
            if metadata.is_file() {
                if self.first_sighting(file_key(root, &metadata), &id) {
                    let stamp = stamp_of(&metadata);
                    let size = metadata.len();
                    self.found.push(Found { path: root.to_path_buf(), id, stamp, size });
                }
            } else {
                self.skip(id, Reason::NotRegular, user_file::kind_of(metadata.file_type()));
            }
            return Ok(());
        }
        let key = file_key(root, &metadata);
        if !self.first_sighting(key, &id) {
            return Ok(());
        }
        // Each pending folder carries the keys of the folders above it, to tell a loop from
        // a second route.
        let mut pending = vec![(PathBuf::new(), key.into_iter().collect::<Vec<_>>())];
        while let Some((relative, ancestors)) = pending.pop() {
            let mut subdirs = Vec::new();
            self.walk_folder(root, &relative, &ancestors, &mut subdirs);
            // Reverse so that popping visits folders in sorted order.
            pending.extend(subdirs.into_iter().rev());
        }
        Ok(())
    }

    fn walk_folder(
        &mut self,
        root: &Path,
        relative: &Path,
        ancestors: &[FileKey],
        subdirs: &mut Vec<(PathBuf, Vec<FileKey>)>,
    ) {
        let dir = root.join(relative);
        let listed = super::refused_for_tests(&dir).map_or_else(|| fs::read_dir(&dir), Err);
        let entries = match listed {
            Ok(entries) => entries,
            Err(err) => {
                return self.skip(id_for(root, relative), Reason::UnreadableFolder, err.to_string())
            }
        };
        let mut names: Vec<_> = entries.flatten().map(|entry| entry.file_name()).collect();
        names.sort();
        for name in names {
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let child = relative.join(&name);
            let full = root.join(&child);
            if name.to_str().is_none() {
                self.skip_non_utf8(root, &child, &full);
                continue;
            }
            let id = id_for(root, &child);
            let is_link = fs::symlink_metadata(&full).is_ok_and(|meta| meta.is_symlink());
            if is_link && !self.follow {
                let target = fs::read_link(&full).map(|target| target.display().to_string());
                let to = target.map(|target| format!("to {target}; ")).unwrap_or_default();
                self.skip(id, Reason::Symlink, format!("{to}--follow follows links"));
                continue;
            }
            if is_link && self.excluded.as_ref().is_some_and(|index| index.contains(&full)) {
                continue;
            }
            let metadata = match fs::metadata(&full) {
                Ok(metadata) => metadata,
                Err(err) => {
                    let (reason, detail) = metadata_failure(&full, &err);
                    self.skip(id, reason, detail);
                    continue;
                }
            };
            let key = file_key(&full, &metadata);
            if metadata.is_dir()
                && key.is_some()
                && self.excluded.as_ref().is_some_and(|index| index.key == key)
            {
                continue;
            }
            if metadata.is_dir() && writer::is_index_folder(&full) {
                self.skip(id, Reason::IndexFolder, "another index's files are no documents");
            } else if metadata.is_dir() {
                if let Some(key) = key.as_ref().filter(|key| ancestors.contains(key)) {
                    let above = self.seen.get(key).cloned().unwrap_or_default();
                    self.skip(id, Reason::SymlinkLoop, format!("leads back to {above}"));
                } else if self.first_sighting(key, &id) {
                    let mut chain = ancestors.to_vec();
                    chain.extend(key);
                    subdirs.push((child, chain));
                }
            } else if !metadata.is_file() {
                self.skip(id, Reason::NotRegular, user_file::kind_of(metadata.file_type()));
            } else if self.first_sighting(key, &id) {
                let (stamp, size) = (stamp_of(&metadata), metadata.len());
                self.found.push(Found { path: full, id, stamp, size });
            }
        }
    }

    /// Ids are strings that `show` takes back, so a name that is not UTF-8 cannot have one.
    fn skip_non_utf8(&mut self, root: &Path, child: &Path, full: &Path) {
        let shown = escaped(&root.join(child));
        let is_dir = fs::metadata(full).is_ok_and(|meta| meta.is_dir());
        let detail = if is_dir { "folder not entered; rename it" } else { "rename it" };
        self.skip(shown, Reason::NonUtf8Name, detail);
    }
}

/// Every file under `roots` in a stable (sorted) order, and every entry that cannot be
/// indexed; hidden files and folders and the folder `index` (the index being written) are
/// passed over, and links met in the walk are followed only when `follow` says so. A root that
/// does not exist, or lies in the index folder, is an error: the user named it.
pub fn walk(
    roots: &[PathBuf],
    follow: bool,
    index: Option<&Path>,
) -> Result<(Vec<Found>, Vec<Skip>)> {
    let excluded = index.and_then(Excluded::new);
    let mut walker =
        Walker { found: Vec::new(), skipped: Vec::new(), seen: HashMap::new(), excluded, follow };
    for root in roots {
        walker.walk_root(&as_walked(root))?;
    }
    Ok((walker.found, walker.skipped))
}

/// `root` spelt so that its ids name the files the walk reads: a `..` after a link leads out of
/// the link's target (`link/../b` is the folder beside the target), where reading the `..` by
/// name gives a folder that may not exist. Such a path is spelt physically, relative to the
/// working folder when inside it; any other keeps the user's spelling.
fn as_walked(root: &Path) -> Cow<'_, Path> {
    if !root.components().any(|component| component == Component::ParentDir) {
        return Cow::Borrowed(root);
    }
    let (Ok(here), Ok(physical)) = (std::env::current_dir(), fs::canonicalize(root)) else {
        return Cow::Borrowed(root);
    };
    if super::located::place(&here, root) == physical {
        return Cow::Borrowed(root);
    }
    match physical.strip_prefix(&here) {
        Ok(relative) if !relative.as_os_str().is_empty() => Cow::Owned(relative.to_path_buf()),
        Ok(_) => Cow::Owned(PathBuf::from(".")),
        Err(_) => Cow::Owned(physical),
    }
}

/// A cheap fingerprint of a file, after git's index: `--update` reads only files whose stamp
/// changed. Size and modification time alone miss a rewrite that keeps them (`touch -r`, tools
/// that restore the mtime); the inode change time cannot be set back by a user, and the inode
/// (with the device) changes when a file is replaced by another. 0 when the file system gives
/// no modification time, which never matches.
fn stamp_of(metadata: &Metadata) -> u64 {
    let Ok(modified) = metadata.modified() else { return 0 };
    let nanos = modified.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let mut key = Vec::with_capacity(64);
    key.extend_from_slice(&metadata.len().to_le_bytes());
    key.extend_from_slice(&nanos.to_le_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        key.extend_from_slice(&metadata.ctime().to_le_bytes());
        key.extend_from_slice(&metadata.ctime_nsec().to_le_bytes());
        key.extend_from_slice(&metadata.ino().to_le_bytes());
        key.extend_from_slice(&metadata.dev().to_le_bytes());
    }
    xxhash_rust::xxh3::xxh3_64(&key).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn ids_are_paths_as_walked() {
        assert_eq!(id_for(Path::new("seeds"), Path::new("003.txt")), "seeds/003.txt");
        assert_eq!(id_for(Path::new("./seeds/"), Path::new("a/b.md")), "seeds/a/b.md");
        assert_eq!(id_for(Path::new("."), Path::new("x.txt")), "x.txt");
        assert_eq!(id_for(Path::new("seeds/x.txt"), Path::new("")), "seeds/x.txt");
        // An empty variable in a script's path, a trailing dot, a way back.
        assert_eq!(id_for(Path::new(".//seeds"), Path::new("x.txt")), "seeds/x.txt");
        assert_eq!(id_for(Path::new("seeds/."), Path::new("x.txt")), "seeds/x.txt");
        assert_eq!(id_for(Path::new("./seeds/../seeds"), Path::new("x.txt")), "seeds/x.txt");
        assert_eq!(id_for(Path::new("../up"), Path::new("x.txt")), "../up/x.txt");
        assert_eq!(id_for(Path::new("/data//seeds/"), Path::new("x.txt")), "/data/seeds/x.txt");
        #[cfg(unix)]
        assert_eq!(id_for(Path::new("zip"), Path::new("mapp\\fil.md")), "zip/mapp\\fil.md");
    }

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/a.txt"), "a").unwrap();
        fs::write(dir.path().join("b.txt"), "b").unwrap();
        fs::write(dir.path().join(".hidden"), "h").unwrap();
        dir
    }

    fn ids(found: &[Found]) -> Vec<&str> {
        found.iter().map(|found| found.id.as_str()).collect()
    }

    #[test]
    fn walks_sorted_and_passes_hidden_files_over() {
        let dir = tree();
        let (found, skipped) = walk(&[dir.path().to_path_buf()], false, None).unwrap();
        let root = id_for(dir.path(), Path::new(""));
        assert_eq!(ids(&found), [format!("{root}/b.txt"), format!("{root}/sub/a.txt")]);
        assert!(skipped.is_empty());
    }

    #[test]
    fn the_index_folder_is_passed_over() {
        let dir = tree();
        let index = dir.path().join("sub");
        let (found, skipped) = walk(&[dir.path().to_path_buf()], false, Some(&index)).unwrap();
        assert_eq!(found.len(), 1);
        assert!(found[0].id.ends_with("b.txt"));
        assert!(skipped.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn links_loops_and_second_routes() {
        use std::os::unix::fs::symlink;
        let dir = tree();
        symlink("..", dir.path().join("sub/up")).unwrap();
        symlink("sub", dir.path().join("twin")).unwrap();
        symlink("nowhere.txt", dir.path().join("broken.txt")).unwrap();
        symlink("self.txt", dir.path().join("self.txt")).unwrap();
        symlink("b.txt", dir.path().join("c.txt")).unwrap();
        let root = dir.path().to_path_buf();
        let (found, skipped) = walk(std::slice::from_ref(&root), true, None).unwrap();
        let prefix = id_for(&root, Path::new(""));
        let strip = |id: &str| id.strip_prefix(&format!("{prefix}/")).unwrap_or(id).to_string();
        assert_eq!(found.iter().map(|f| strip(&f.id)).collect::<Vec<_>>(), ["b.txt", "sub/a.txt"]);
        let mut reasons: Vec<(String, Reason)> =
            skipped.iter().map(|skip| (strip(&skip.id), skip.reason)).collect();
        reasons.sort();
        assert_eq!(
            reasons,
            [
                ("broken.txt".to_string(), Reason::BrokenSymlink),
                ("c.txt".to_string(), Reason::Duplicate),
                ("self.txt".to_string(), Reason::SymlinkLoop),
                ("sub/up".to_string(), Reason::SymlinkLoop),
                ("twin".to_string(), Reason::Duplicate),
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_only_when_asked() {
        use std::os::unix::fs::symlink;
        let dir = tree();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.txt"), "s").unwrap();
        symlink(outside.path(), dir.path().join("out")).unwrap();
        symlink(outside.path().join("secret.txt"), dir.path().join("secret.txt")).unwrap();
        let root = dir.path().to_path_buf();
        let prefix = format!("{}/", id_for(&root, Path::new("")));
        let strip = |id: &str| id.strip_prefix(&prefix).unwrap_or(id).to_string();
        let (found, skipped) = walk(std::slice::from_ref(&root), false, None).unwrap();
        assert_eq!(found.iter().map(|f| strip(&f.id)).collect::<Vec<_>>(), ["b.txt", "sub/a.txt"]);
        let skips: Vec<(String, Reason)> =
            skipped.iter().map(|skip| (strip(&skip.id), skip.reason)).collect();
        assert_eq!(
            skips,
            [("out".to_string(), Reason::Symlink), ("secret.txt".to_string(), Reason::Symlink)]
        );
        assert_eq!(
            skipped[1].detail,
            format!("to {}; --follow follows links", outside.path().join("secret.txt").display())
        );
        let (found, skipped) = walk(std::slice::from_ref(&root), true, None).unwrap();
        let ids: Vec<String> = found.iter().map(|f| strip(&f.id)).collect();
        // A folder's files come before its subfolders, so the link inside `out` is the second.
        assert_eq!(ids, ["b.txt", "secret.txt", "sub/a.txt"]);
        assert_eq!(skipped.len(), 1);
        assert_eq!(
            (strip(&skipped[0].id), skipped[0].reason),
            ("out/secret.txt".into(), Reason::Duplicate)
        );
        // A link named on the command line is followed.
        let named = dir.path().join("out");
        let (found, _) = walk(std::slice::from_ref(&named), false, None).unwrap();
        assert_eq!(found.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn the_index_folder_is_never_walked_whichever_path_leads_there() {
        use std::os::unix::fs::symlink;
        let dir = tree();
        let index = dir.path().join("sub");
        symlink("sub/a.txt", dir.path().join("into-index.txt")).unwrap();
        symlink("sub", dir.path().join("index-again")).unwrap();
        let root = dir.path().to_path_buf();
        let (found, skipped) = walk(std::slice::from_ref(&root), true, Some(&index)).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].id.ends_with("/b.txt"));
        assert!(skipped.is_empty(), "{skipped:?}");
        let spelled = dir.path().join("sub/../sub/");
        let error =
            walk(std::slice::from_ref(&spelled), false, Some(&index)).unwrap_err().to_string();
        assert_eq!(
            error,
            format!(
                "{}: is the index folder {} or inside it; projsok does not index its own files",
                spelled.display(),
                index.display()
            )
        );
        let inside = walk(&[index.join("a.txt")], false, Some(&index));
        assert!(inside.is_err());
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_skipped_with_escapes() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let name = OsStr::from_bytes(b"f\xf6retag.txt");
        if fs::write(dir.path().join(name), "text").is_err() {
            eprintln!("this file system refuses names that are not UTF-8; nothing to test");
            return;
        }
        let (found, skipped) = walk(&[dir.path().to_path_buf()], false, None).unwrap();
        assert!(found.is_empty());
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].reason, Reason::NonUtf8Name);
        assert!(skipped[0].id.ends_with("f\\xF6retag.txt"), "{}", skipped[0].id);
    }
}
