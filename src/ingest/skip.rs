//! Why an entry was not indexed: every entry the walk or the read passes over is a [`Skip`]
//! with a [`Reason`], never an abort, and a run's counts add up (seen = indexed + skipped).

/// Why an entry was not indexed. The order is the order of the summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    Empty,
    Binary,
    TooLarge,
    UnreadableFile,
    UnreadableFolder,
    BrokenSymlink,
    SymlinkLoop,
    Duplicate,
    NonUtf8Name,
    NotRegular,
    Symlink,
    IndexFolder,
}

impl Reason {
    pub const ALL: [Reason; 12] = [
        Reason::Empty,
        Reason::Binary,
        Reason::TooLarge,
        Reason::UnreadableFile,
        Reason::UnreadableFolder,
        Reason::BrokenSymlink,
        Reason::SymlinkLoop,
        Reason::Duplicate,
        Reason::NonUtf8Name,
        Reason::NotRegular,
        Reason::Symlink,
        Reason::IndexFolder,
    ];

    /// The words used in warnings and the summary line.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Empty => "empty file",
            Reason::Binary => "binary file",
            Reason::TooLarge => "too large",
            Reason::UnreadableFile => "unreadable file",
            Reason::UnreadableFolder => "unreadable folder",
            Reason::BrokenSymlink => "broken symlink",
            Reason::SymlinkLoop => "symlink loop",
            Reason::Duplicate => "duplicate",
            Reason::NonUtf8Name => "non-UTF-8 name",
            Reason::NotRegular => "not a regular file",
            Reason::Symlink => "symlink not followed",
            Reason::IndexFolder => "projsok index",
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a file was not indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// The entry's id, or for a name that is not UTF-8 its path with the bad bytes escaped.
    pub id: String,
    pub reason: Reason,
    pub detail: String,
}

impl Skip {
    /// "seeds/x.pdf: binary file (PDF document)"
    pub fn line(&self) -> String {
        if self.detail.is_empty() {
            format!("{}: {}", self.id, self.reason)
        } else {
            format!("{}: {} ({})", self.id, self.reason, self.detail)
        }
    }
}

/// Skips counted by reason, in [`Reason`] order: "2 empty file, 1 binary file".
pub fn counts_by_reason(skipped: &[Skip]) -> Vec<(Reason, usize)> {
    Reason::ALL
        .into_iter()
        .map(|reason| (reason, skipped.iter().filter(|skip| skip.reason == reason).count()))
        .filter(|(_, count)| *count > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_as_words() {
        let skip =
            Skip { id: "a.pdf".into(), reason: Reason::Binary, detail: "PDF document".into() };
        assert_eq!(skip.line(), "a.pdf: binary file (PDF document)");
        let names: std::collections::HashSet<&str> =
            Reason::ALL.iter().map(|reason| reason.as_str()).collect();
        assert_eq!(names.len(), Reason::ALL.len());
    }
}
