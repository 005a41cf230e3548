//! Document ids as people type them. An id is the document's path as walked from the
//! argument of `projsok index` (`seeds/003_….txt`); every command that takes an id also
//! accepts another spelling of that path:
//!
//! 1. the id itself;
//! 2. the same path spelt differently: `./seeds/x.txt`, `seeds//x.txt`, `other/../seeds/x.txt`;
//! 3. a path that ends with the id, or that the id ends with, part for part: an absolute
//!    path (`/home/me/projekt/seeds/x.txt` for `seeds/x.txt`) or a bare file name
//!    (`x.txt`, or `x` without its extension), when exactly one document matches that many
//!    parts. Several documents matching is an error that lists them.
//!
//! An id that matches nothing is an error that lists the closest ids: first those that hold
//! the typed name (without its extension), then by edit distance over the parts the two paths
//! can share (the file name for a bare name).
//!
//! Ids are looked up in the index only, never read as files (the web API passes them on).

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use super::OpenIndex;
use crate::error::{Error, Result};
use crate::text;

/// Ids listed as the closest when an id is not found.
const CLOSEST_SHOWN: usize = 3;
/// Ids listed when a name matches several documents.
const AMBIGUOUS_SHOWN: usize = 5;

/// The address of the document `typed` names (see the module doc).
pub fn resolve(index: &OpenIndex, searcher: &Searcher, typed: &str) -> Result<DocAddress> {
    if let Some(address) = lookup(index, searcher, typed)? {
        return Ok(address);
    }
    // A name copied from a file manager that writes decomposed letters (macOS) is the same
    // name; the walked id is as the file system spelt it, so both spellings are tried.
    let recomposed = crate::text::recompose(typed);
    if recomposed != typed {
        if let Some(address) = lookup(index, searcher, &recomposed)? {
            return Ok(address);
        }
    }
    // An id as projsok prints it, its control characters written as escapes.
    if let Some(id) = crate::output::visible::unescaped(typed) {
        if let Some(address) = lookup(index, searcher, &id)? {
            return Ok(address);
        }
    }
    let wanted = parts(&recomposed);
    if wanted.is_empty() {
        return Err(Error::not_found(typed));
    }
    let ids = all_ids(index, searcher)?;
    // Of the ids that match part for part, those that match the most parts; at equal parts,
    // a file name typed whole beats one matched without its extension.
    let mut best: Vec<&str> = Vec::new();
    let mut best_match = Match { parts: 0, whole_name: false };
    for id in &ids {
        let found = matching_parts(&wanted, &parts(&crate::text::recompose(id)));
        if found.parts == 0 || found < best_match {
            continue;
        }
        if found > best_match {
            best.clear();
            best_match = found;
        }
        best.push(id);
    }
    // The term dictionary still holds the ids of deleted documents until their segment is
    // merged away; only live documents count.
    let mut live = Vec::new();
    for id in best {
        if let Some(address) = lookup(index, searcher, id)? {
            live.push((id, address));
        }
    }
    match live.as_slice() {
        [(_, address)] => Ok(*address),
        [] => Err(Error::NotFound {
            id: typed.to_string(),
            closest: closest(index, searcher, &wanted, &ids)?,
        }),
        several => {
            let listed: Vec<&str> =
                several.iter().take(AMBIGUOUS_SHOWN).map(|(id, _)| *id).collect();
            let more = several.len().saturating_sub(AMBIGUOUS_SHOWN);
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            Err(Error::argument(
                typed,
                format!(
                    "{} documents match: {}{more}; give the whole id",
                    several.len(),
                    listed.join(", ")
                ),
            ))
        }
    }
}

/// The live document whose id is exactly `id`.
fn lookup(index: &OpenIndex, searcher: &Searcher, id: &str) -> Result<Option<DocAddress>> {
    let query =
        TermQuery::new(Term::from_field_text(index.fields.path, id), IndexRecordOption::Basic);
    let found = searcher
        .search(&query, &TopDocs::with_limit(1).order_by_score())
        .map_err(|err| Error::index(&index.dir, err))?;
    Ok(found.first().map(|(_, address)| *address))
}

/// Every id in the index's term dictionary, sorted, without repeats.
fn all_ids(index: &OpenIndex, searcher: &Searcher) -> Result<Vec<String>> {
    let read_error = |err: std::io::Error| Error::index(&index.dir, err.to_string());
    let mut ids = Vec::new();
    for segment in searcher.segment_readers() {
        let inverted = segment
            .inverted_index(index.fields.path)
            .map_err(|err| Error::index(&index.dir, err))?;
        let mut stream = inverted.terms().stream().map_err(read_error)?;
        while stream.advance() {
            if let Ok(id) = std::str::from_utf8(stream.key()) {
                ids.push(id.to_string());
            }
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// A path's parts: `./a//b/`, `/a/b` and `a/c/../b` are all `[a, b]` (`..` is resolved in the
/// text, as the id was walked, without asking the file system).
fn parts(path: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    for part in path.split('/').filter(|part| !part.is_empty() && *part != ".") {
        if part == ".." {
            parts.pop();
        } else {
            parts.push(part);
        }
    }
    parts
}

/// How a typed path matches an id: how many parts they share, and whether the file name is
/// the same whole (not only without an extension). Ordered: more parts, then a whole name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Match {
    parts: usize,
    whole_name: bool,
}

/// How two paths match when the shorter is the end of the longer (0 parts otherwise). The
/// file names may differ by one's extension (`x` for `x.txt`).
fn matching_parts(a: &[&str], b: &[&str]) -> Match {
    let none = Match { parts: 0, whole_name: false };
    let shared = a.len().min(b.len());
    if shared == 0 {
        return none;
    }
    let (a, b) = (&a[a.len() - shared..], &b[b.len() - shared..]);
    let folders_match = a[..shared - 1] == b[..shared - 1];
    let (typed_name, id_name) = (a[shared - 1], b[shared - 1]);
    if folders_match && same_file_name(typed_name, id_name) {
        Match { parts: shared, whole_name: typed_name == id_name }
    } else {
        none
    }
}

/// Whether two file names are the same name, or one is the other without its extension.
fn same_file_name(a: &str, b: &str) -> bool {
    a == b || file_stem(a) == Some(b) || file_stem(b) == Some(a)
}

/// A file name without its extension; `None` for a name without one (or only one, `.txt`).
fn file_stem(name: &str) -> Option<&str> {
    name.rsplit_once('.').map(|(stem, _)| stem).filter(|stem| !stem.is_empty())
}

/// The live ids most like `wanted`, compared over the parts both can have.
fn closest(
    index: &OpenIndex,
    searcher: &Searcher,
    wanted: &[&str],
    ids: &[String],
) -> Result<Vec<String>> {
    let mut ranked: Vec<(bool, usize, &str)> = ids
        .iter()
        .filter_map(|id| {
            let id_parts = parts(id);
            let shared = wanted.len().min(id_parts.len());
            let typed_tail = wanted[wanted.len() - shared..].join("/");
            let id_tail = id_parts[id_parts.len() - shared..].join("/");
            // A name typed in part ("003") is closest to the ids that hold that part.
            let stem = typed_tail.rsplit_once('.').map_or(typed_tail.as_str(), |(stem, _)| stem);
            let holds_it = !stem.is_empty() && id_tail.contains(stem);
            let distance = text::edit_distance(&typed_tail, &id_tail);
            // Beyond a third of the typed letters changed, an id is no likelier than any
            // other: "nonexist" is not "close" to "nnnnn.md".
            let near = distance <= (typed_tail.chars().count() / 3).max(1);
            (holds_it || near).then_some((!holds_it, distance, id.as_str()))
        })
        .collect();
    ranked.sort_unstable();
    let mut shown = Vec::new();
    for (_, _, id) in ranked {
        if shown.len() == CLOSEST_SHOWN {
            break;
        }
        if lookup(index, searcher, id)?.is_some() {
            shown.push(id.to_string());
        }
    }
    Ok(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_into_parts_whatever_their_spelling() {
        assert_eq!(parts("./seeds//x.txt"), ["seeds", "x.txt"]);
        assert_eq!(parts("/home/me/seeds/x.txt/"), ["home", "me", "seeds", "x.txt"]);
        assert_eq!(parts("x.txt"), ["x.txt"]);
        assert!(parts("./").is_empty());
        assert_eq!(parts("/home/me/other/../seeds/./x.txt"), ["home", "me", "seeds", "x.txt"]);
        assert!(parts("../..").is_empty());
    }

    #[test]
    fn the_shorter_path_must_be_the_end_of_the_longer() {
        let id = ["seeds", "x.txt"];
        let parts = |a: &[&str], b: &[&str]| matching_parts(a, b).parts;
        assert_eq!(parts(&["home", "me", "seeds", "x.txt"], &id), 2);
        assert_eq!(parts(&["x.txt"], &id), 1);
        assert_eq!(parts(&["seeds", "x.txt"], &["g0", "seeds", "x.txt"]), 2);
        assert_eq!(parts(&["other", "x.txt"], &id), 0);
        assert_eq!(parts(&["y.txt"], &id), 0);
        assert_eq!(parts(&["x"], &id), 1);
        assert_eq!(parts(&["seeds", "x"], &id), 2);
        assert_eq!(parts(&["x.md"], &id), 0);
        assert_eq!(parts(&["txt"], &id), 0);
        assert_eq!(parts(&[".txt"], &["seeds", ".txt"]), 1);
    }

    #[test]
    fn a_whole_file_name_beats_one_without_its_extension() {
        let whole = matching_parts(&["rapport.txt"], &["d", "rapport.txt"]);
        let stem_of_id = matching_parts(&["rapport.txt"], &["d", "rapport.txt.md"]);
        let stem_typed = matching_parts(&["rapport.txt"], &["d", "rapport"]);
        assert_eq!(whole, Match { parts: 1, whole_name: true });
        assert_eq!(stem_of_id, Match { parts: 1, whole_name: false });
        assert!(whole > stem_of_id && whole > stem_typed);
    }
}
