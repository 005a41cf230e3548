//! Reading the files a user points projsok at (documents, a synonyms table): regular files
//! only, and never more than a limit, so that `/dev/zero`, a FIFO or a runaway log can neither
//! hang a run nor fill the memory.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refusal {
    /// A FIFO, device, socket or folder; the words say which.
    NotRegular(&'static str),
    /// Over the limit; the size (or, for a file that grew while read, the bytes seen).
    TooLarge(u64),
    Io(io::Error),
}

/// Opens `path` without blocking on a FIFO that has no writer: the type is checked on the open
/// file, so a file swapped for a FIFO after the walk looked at it is refused, not waited on.
fn open(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// What kind of file a non-regular one is, in words.
pub fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// The bytes of the regular file `path`, refusing one of more than `limit` bytes without
/// reading it whole.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    let file = open(path).map_err(Refusal::Io)?;
    let metadata = file.metadata().map_err(Refusal::Io)?;
    if !metadata.is_file() {
        return Err(Refusal::NotRegular(kind_of(metadata.file_type())));
    }
    if metadata.len() > limit {
        return Err(Refusal::TooLarge(metadata.len()));
    }
    read_at_most(file, metadata.len(), limit)
}

/// Everything `reader` gives, unless that is more than `limit` bytes.
pub fn read_at_most(reader: impl Read, expected: u64, limit: u64) -> Result<Vec<u8>, Refusal> {
    let mut bytes = Vec::with_capacity(expected.min(limit) as usize);
    // One byte more than allowed tells a stream (or a file that grew) over the limit.
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(Refusal::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// "1 MiB", "64 KiB", "300 bytes": a limit in the words the documentation uses.
pub fn size_words(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_up_to_the_limit_and_refuses_beyond() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"abcd").unwrap();
        assert_eq!(read_regular(&path, 4).unwrap(), b"abcd");
        assert!(matches!(read_regular(&path, 3), Err(Refusal::TooLarge(4))));
        assert!(matches!(read_regular(dir.path(), 10), Err(Refusal::NotRegular("a folder"))));
        let missing = read_regular(&dir.path().join("missing"), 10);
        assert!(matches!(missing, Err(Refusal::Io(err)) if err.kind() == io::ErrorKind::NotFound));
        assert!(matches!(read_at_most(&b"12345"[..], 0, 4), Err(Refusal::TooLarge(5))));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn devices_and_fifos_are_refused_without_blocking() {
        let zero = read_regular(Path::new("/dev/zero"), 1 << 20);
        assert!(matches!(zero, Err(Refusal::NotRegular("a character device"))));
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        assert!(matches!(read_regular(&fifo, 10), Err(Refusal::NotRegular("a FIFO"))));
    }

    #[test]
    fn sizes_read_as_words() {
        assert_eq!(size_words(1 << 20), "1 MiB");
        assert_eq!(size_words(20 << 20), "20 MiB");
        assert_eq!(size_words(64 << 10), "64 KiB");
        assert_eq!(size_words(1000), "1000 bytes");
        assert_eq!(size_words(2 << 30), "2 GiB");
    }
}
