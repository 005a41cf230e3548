//! Reading one file found by the walk into a parsed document: bounded, regular files only,
//! decoded and parsed, with the hash of its bytes that `--update` compares.

use super::user_file::{self, Refusal};
use super::{Found, Reason, Skip};
use crate::document::{self, decode, Parsed};

/// Files larger than this are skipped unless `--max-size` says otherwise.
pub const DEFAULT_MAX_SIZE: u64 = 20 << 20;

/// Reads a file's bytes, refusing one over `max_size` without reading it whole, and one that
/// is no longer a regular file (replaced by a FIFO or device since the walk).
pub fn read_bytes(found: &Found, max_size: u64) -> std::result::Result<Vec<u8>, Skip> {
    let skip = |reason: Reason, detail: String| Skip { id: found.id.clone(), reason, detail };
    if let Some(err) = super::refused_for_tests(&found.path) {
        return Err(skip(Reason::UnreadableFile, err.to_string()));
    }
    user_file::read_regular(&found.path, max_size).map_err(|refusal| match refusal {
        Refusal::NotRegular(kind) => skip(Reason::NotRegular, kind.to_string()),
        Refusal::TooLarge(size) => {
            skip(Reason::TooLarge, format!("{size} bytes, over the --max-size of {max_size}"))
        }
        Refusal::Io(err) => skip(Reason::UnreadableFile, err.to_string()),
    })
}

/// The hash of a file's bytes that `--update` compares.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Decodes and parses one file's bytes. The decoder's note joins the parser's warnings in
/// [`document::Document::warnings`].
pub fn parse_bytes(found: &Found, bytes: &[u8]) -> std::result::Result<Parsed, Skip> {
    let skip = |reason: Reason, detail: String| Skip { id: found.id.clone(), reason, detail };
    if bytes.is_empty() {
        return Err(skip(Reason::Empty, String::new()));
    }
    let decoded = decode::decode(bytes).map_err(|kind| skip(Reason::Binary, kind.to_string()))?;
    if decoded.text.trim().is_empty() {
        return Err(skip(Reason::Empty, "whitespace only".to_string()));
    }
    let mut parsed = document::parse(&found.id, &decoded.text);
    parsed.warnings.splice(0..0, decoded.warning());
    parsed.doc.warnings = parsed.warnings.clone();
    Ok(parsed)
}

/// Reads and parses one file, with the hash of its bytes.
pub fn read(found: &Found, max_size: u64) -> std::result::Result<(Parsed, u64), Skip> {
    let bytes = read_bytes(found, max_size)?;
    let parsed = parse_bytes(found, &bytes)?;
    Ok((parsed, content_hash(&bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn reading_refuses_large_empty_and_binary_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            fs::write(&path, bytes).unwrap();
            Found { path, id: name.to_string(), stamp: 0, size: bytes.len() as u64 }
        };
        let reason = |found: &Found| read(found, 100).map(|_| ()).unwrap_err().reason;
        assert_eq!(reason(&file("big.txt", &[b'a'; 101])), Reason::TooLarge);
        assert_eq!(reason(&file("empty.txt", b"")), Reason::Empty);
        assert_eq!(reason(&file("blank.txt", b" \n\t\r\n")), Reason::Empty);
        assert_eq!(reason(&file("bom.txt", b"\xEF\xBB\xBF\n")), Reason::Empty);
        assert_eq!(reason(&file("a.png", b"\x89PNG\r\n\x1a\n")), Reason::Binary);
        let (parsed, hash) = read(&file("ok.txt", b"F\xf6retagande"), 100).unwrap();
        assert_eq!(parsed.doc.title, "Företagande");
        assert_eq!(parsed.doc.warnings, ["text: decoded from Windows-1252"]);
        assert_eq!(hash, content_hash(b"F\xf6retagande"));
        assert!(read(&file("limit.txt", &[b'a'; 100]), 100).is_ok());
    }
}
