//! The acronyms each document of a generation defines (`analysis::acronyms`), kept in the
//! generation's `acronyms.json` so that searches expand them and `--update` can replace one
//! document's definitions without reading the others again.
//!
//! The file is JSON: `{"version": 1, "documents": [{"path", "title", "definitions":
//! [{"acronym", "long_form"}]}]}`, documents in path order, only those that define something.
//! Every generation of this schema has the file (an empty list when nothing is defined), so
//! a missing one is damage: read as none, it silently changed what acronyms find.
//! A rebuild writes it before `projsok.json`, so it is in place before `CURRENT` names the
//! generation. An update writes it before tantivy's commit and puts the old one back when the
//! commit fails; a run killed between the two leaves definitions of changes that did not
//! commit, which the next update replaces (it reads those files again) or drops (paths the
//! index does not hold).

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::rebuild_advice;
use crate::analysis::acronyms::{self, Definition, Resolved};
use crate::error::{Error, Result};

/// The file's name inside a generation.
pub const FILE: &str = "acronyms.json";
/// The version of its format; another version is read as damaged.
const VERSION: u32 = 1;

/// One document's definitions, with the title `projsok synonyms` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefinedIn {
    pub path: String,
    pub title: String,
    pub definitions: Vec<Definition>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    documents: Vec<DefinedIn>,
}

/// The definitions of every document of a generation, by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Defined {
    by_path: BTreeMap<String, DefinedIn>,
}

impl Defined {
    /// Records `definitions` as what `path` defines, replacing what it defined before.
    pub fn define(&mut self, path: &str, title: &str, definitions: Vec<Definition>) {
        if definitions.is_empty() {
            self.by_path.remove(path);
            return;
        }
        let defined = DefinedIn { path: path.to_string(), title: title.to_string(), definitions };
        self.by_path.insert(path.to_string(), defined);
    }

    pub fn remove(&mut self, path: &str) {
        self.by_path.remove(path);
    }

    /// Keeps the definitions of the documents `is_kept` says yes to.
    pub fn retain(&mut self, mut is_kept: impl FnMut(&str) -> bool) {
        self.by_path.retain(|path, _| is_kept(path));
    }

    pub fn documents(&self) -> impl Iterator<Item = &DefinedIn> {
        self.by_path.values()
    }

    /// The pairs the documents agree on and the acronyms they dispute (see
    /// [`acronyms::resolve`]), each with the documents that gave it.
    pub fn resolve(&self) -> Resolved<&DefinedIn> {
        acronyms::resolve(self.documents().map(|doc| (doc, &doc.definitions[..])))
    }

    /// Reads the file of `generation`. `dir` is the index folder, for the message.
    pub fn read(dir: &Path, generation: &Path) -> Result<Defined> {
        let bytes = read_file(dir, generation)?;
        Defined::decode(&bytes).ok_or_else(|| unreadable(dir, generation, "is damaged"))
    }

    fn decode(bytes: &[u8]) -> Option<Defined> {
        let stored: Stored = serde_json::from_slice(bytes).ok()?;
        if stored.version != VERSION {
            return None;
        }
        let by_path = stored.documents.into_iter().map(|doc| (doc.path.clone(), doc)).collect();
        Some(Defined { by_path })
    }

    /// The file's content.
    pub fn encode(&self) -> Vec<u8> {
        let stored =
            Stored { version: VERSION, documents: self.by_path.values().cloned().collect() };
        serde_json::to_vec(&stored).expect("definitions serialise")
    }
}

/// The bytes of the file of `generation`, which every generation has. `dir` is the index
/// folder, for the message.
pub fn read_file(dir: &Path, generation: &Path) -> Result<Vec<u8>> {
    match read_bytes(generation) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(unreadable(dir, generation, "is missing")),
        Err(err) => Err(Error::io(generation.join(FILE), err)),
    }
}

fn unreadable(dir: &Path, generation: &Path, what: &str) -> Error {
    let name = generation.file_name().unwrap_or_default().to_string_lossy();
    Error::index(dir, format!("{name}/{FILE} {what}; {}", rebuild_advice(dir)))
}

/// The file's bytes, or `None` when the generation has none (an update keeps the old ones to
/// put back).
pub fn read_bytes(generation: &Path) -> io::Result<Option<Vec<u8>>> {
    match fs::read(generation.join(FILE)) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kaa() -> Vec<Definition> {
        vec![Definition { acronym: "KAA".into(), long_form: "kommunala aktivitetsansvaret".into() }]
    }

    #[test]
    fn round_trip_replace_and_remove() {
        let dir = tempfile::tempdir().unwrap();
        let mut defined = Defined::default();
        defined.define("b.txt", "B", kaa());
        defined.define("a.txt", "A", kaa());
        defined.define("c.txt", "C", Vec::new());
        fs::write(dir.path().join(FILE), defined.encode()).unwrap();
        let read = Defined::read(dir.path(), dir.path()).unwrap();
        assert_eq!(read, defined);
        let paths: Vec<&str> = read.documents().map(|doc| doc.path.as_str()).collect();
        assert_eq!(paths, ["a.txt", "b.txt"]);
        let resolved = read.resolve();
        assert_eq!(resolved.pairs.len(), 1);
        let by: Vec<&str> = resolved.pairs[0].documents.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(by, ["A", "B"]);

        let mut changed = read.clone();
        changed.define("a.txt", "A", Vec::new());
        changed.retain(|path| path == "a.txt");
        assert_eq!(changed, Defined::default());
    }

    #[test]
    fn a_missing_or_damaged_file_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let err = Defined::read(dir.path(), dir.path()).unwrap_err().to_string();
        assert!(err.contains("acronyms.json is missing; rebuild with"), "{err}");
        fs::write(dir.path().join(FILE), r#"{"version": 2, "documents": []}"#).unwrap();
        let err = Defined::read(dir.path(), dir.path()).unwrap_err().to_string();
        assert!(err.contains("acronyms.json is damaged; rebuild with"), "{err}");
    }
}
