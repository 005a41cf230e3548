//! The parsed form of one project document, and the parsers that produce it.
//!
//! Three input shapes are recognised: ESF project pages (a glued label/value header, whole-line
//! section headings and bullet lists), PDF transcripts (numbered pages followed by a list of
//! unrelated "Läs mer" documents that must not be indexed) and any other text or Markdown file.
//! Parsing never fails on text: what cannot be read is reported in [`Parsed::warnings`].
//! This module knows nothing of tantivy or the terminal.
//!
//! ```
//! use projsok::document::{parse, Format};
//!
//! let page = "Ett projekt\n\
//!             ProjektfasGenomförande\n\
//!             Projektägaresaknas\n\
//!             Beviljat ESF-stöd1,2 Mkr\n\
//!             Projektperiod2011-02-01 till 2012-08-01\n";
//! let parsed = parse("sidor/ett.txt", page);
//! assert_eq!(parsed.doc.format, Some(Format::Esf));
//! assert_eq!(parsed.doc.title, "Ett projekt");
//! assert_eq!(parsed.doc.phase.as_deref(), Some("Genomförande"));
//! assert_eq!(parsed.doc.owner, None);
//! assert_eq!(parsed.doc.esf_grant_sek, Some(1_200_000));
//! assert_eq!(parsed.warnings[0], "Programområde: missing from the header");
//! ```

pub mod decode;
mod esf;
mod headings;
mod hyphenation;
mod pages;
mod plain;
mod text;
mod transcript;
mod values;

/// The project phases an ESF page names (a phase written otherwise is read as one of them).
pub const PHASES: [&str; 2] = values::PHASES;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Which parser read the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Esf,
    Transcript,
    Plain,
}

/// The named sections of an ESF project page, in page order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// Sammanfattning
    Summary,
    /// Bakgrund
    Background,
    /// Syfte
    Purpose,
    /// Målsättning
    Goal,
    /// Tillgänglighet för personer med funktionsnedsättning
    Accessibility,
    /// Jämställdhetsintegrering
    Equality,
    /// Transnationellt samarbete
    Transnational,
    /// Any other text: unknown headings of an ESF page, the whole body of other formats.
    Other,
}

impl SectionKind {
    pub const ALL: [SectionKind; 8] = [
        SectionKind::Summary,
        SectionKind::Background,
        SectionKind::Purpose,
        SectionKind::Goal,
        SectionKind::Accessibility,
        SectionKind::Equality,
        SectionKind::Transnational,
        SectionKind::Other,
    ];

    /// The heading as printed on an ESF page.
    pub fn heading(self) -> &'static str {
        match self {
            SectionKind::Summary => "Sammanfattning",
            SectionKind::Background => "Bakgrund",
            SectionKind::Purpose => "Syfte",
            SectionKind::Goal => "Målsättning",
            SectionKind::Accessibility => "Tillgänglighet för personer med funktionsnedsättning",
            SectionKind::Equality => "Jämställdhetsintegrering",
            SectionKind::Transnational => "Transnationellt samarbete",
            SectionKind::Other => "Övrigt",
        }
    }
}

/// One section of running text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub kind: SectionKind,
    /// The heading as it stood in the document (an unknown heading is kept here for `Other`).
    pub heading: String,
    pub text: String,
}

/// Everything projsok knows about one document. Missing header values ("saknas") are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The path as walked from the indexing argument, e.g. `seeds/003_2b3fa1d7a6e76dce.txt`.
    pub path: String,
    pub format: Option<Format>,
    pub title: String,
    /// Programområde, e.g. "Programområde 2 Ökat arbetskraftsutbud".
    pub program: Option<String>,
    /// Projektfas, e.g. "Förprojektering" or "Genomförande".
    pub phase: Option<String>,
    /// Projektägare.
    pub owner: Option<String>,
    /// Kontaktperson.
    pub contact: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Beviljat ESF-stöd in whole SEK.
    pub esf_grant_sek: Option<u64>,
    /// Total projektbudget in whole SEK.
    pub total_budget_sek: Option<u64>,
    /// Projektperiod start, ISO date (YYYY-MM-DD).
    pub period_start: Option<String>,
    /// Projektperiod end, ISO date (YYYY-MM-DD).
    pub period_end: Option<String>,
    /// ESF region, e.g. "Övre Norrland".
    pub region: Option<String>,
    pub sections: Vec<Section>,
    /// Medfinansiärer.
    pub cofinanciers: Vec<String>,
    /// Samarbetspartners.
    pub partners: Vec<String>,
    /// Deltagande aktörer.
    pub participants: Vec<String>,
    /// Kommun list.
    pub kommuner: Vec<String>,
    /// Detected language of the whole text ("sv", "en"); set by the indexer, not the parser.
    pub lang: Option<String>,
    /// Names of fields whose value was inferred rather than read, e.g. `["region", "kommuner"]`.
    pub inferred: Vec<String>,
    /// Header and list values as the page wrote them, by field ("phase", "region",
    /// "kommuner"), where projsok replaced them with the canonical name ("Malmö stad" →
    /// "Malmö"); fields it left as written are not listed.
    pub as_written: BTreeMap<String, Vec<String>>,
    /// What could not be parsed or was read with a fallback ([`Parsed::warnings`] and the
    /// decoder's note); set by the indexer. Records stored before this field existed have none.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// The language of each section, in [`Document::sections`] order: its own where it is long
    /// enough to tell, else the document's; set by the indexer.
    #[serde(default)]
    pub section_langs: Vec<String>,
    /// The `date:` of a Markdown front matter, as written.
    #[serde(default)]
    pub date: Option<String>,
}

impl Document {
    /// The project's first and last year: from the period's ISO dates, a missing end taken from
    /// the start and the other way round (how the index and the exports read a period).
    pub fn period_years(&self) -> (Option<u64>, Option<u64>) {
        let year = |date: &Option<String>| iso_date(date.as_deref()?).map(|(year, _, _)| year);
        let (start, end) = (year(&self.period_start), year(&self.period_end));
        (start.or(end), end.or(start))
    }

    /// The years the document is counted in (by `trends` and every year filter): its project
    /// period's, else one year inferred from its front matter `date:` or, failing that, from a
    /// `YYYY` folder of its path.
    pub fn counted_years(&self) -> Option<(u64, u64)> {
        match self.period_years() {
            (Some(first), Some(last)) => Some((first, last.max(first))),
            _ => self.inferred_year().map(|year| (year, year)),
        }
    }

    /// The year of a document without a project period: its front matter `date:`, else the
    /// last `YYYY` folder of its path.
    pub fn inferred_year(&self) -> Option<u64> {
        self.date.as_deref().and_then(date_year).or_else(|| folder_year(&self.path))
    }

    /// Records that `field` was written `value` before projsok replaced it with its canonical
    /// name.
    pub fn keep_as_written(&mut self, field: &str, value: &str) {
        self.as_written.entry(field.to_string()).or_default().push(value.to_string());
    }

    /// The text of the first section of `kind`, if any.
    pub fn section(&self, kind: SectionKind) -> Option<&str> {
        self.sections
            .iter()
            .find(|section| section.kind == kind)
            .map(|section| section.text.as_str())
    }
}

/// The years a date of a document is taken from: a project period of "0209" (for 2009) or
/// "9999" would stretch every trend over centuries of empty years.
pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<u64> = 1900..=2100;

/// The year a front matter `date:` opens with ("2024", "2024-03-01", "2024-03-01T10:00").
pub fn date_year(date: &str) -> Option<u64> {
    let date = date.trim().trim_matches(|c| c == '"' || c == '\'');
    let digits: String = date.chars().take_while(char::is_ascii_digit).collect();
    let year: u64 = (digits.len() == 4).then(|| digits.parse().ok())??;
    PLAUSIBLE_YEARS.contains(&year).then_some(year)
}

/// The year of a `YYYY` folder of `path` (the last one, the file's own name aside): how the
/// dated collections (press releases, articles) file their documents.
pub fn folder_year(path: &str) -> Option<u64> {
    let folders = path.rsplit_once(['/', '\\']).map(|(folders, _)| folders)?;
    folders
        .rsplit(['/', '\\'])
        .filter(|folder| folder.len() == 4 && folder.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|folder| folder.parse::<u64>().ok())
        .find(|year| PLAUSIBLE_YEARS.contains(year))
}

/// (year, month, day) of a "YYYY-MM-DD" date.
pub fn iso_date(date: &str) -> Option<(u64, u64, u64)> {
    let mut parts = date.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Some((year, month, day))
}

/// A parsed document and what could not be parsed in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub doc: Document,
    pub warnings: Vec<String>,
}

/// Parses one document's text. `path` becomes [`Document::path`]; the format is recognised from
/// the text itself, not from the file name. Decomposed letters are recomposed first
/// ([`crate::text::recompose`]), so every string in the document is in composed form.
pub fn parse(path: &str, text: &str) -> Parsed {
    let text = crate::text::recompose(text);
    let text = text.as_ref();
    let mut parsed = if esf::looks_like(text) {
        esf::parse(text)
    } else if transcript::looks_like(text) {
        transcript::parse(text)
    } else {
        plain::parse(text)
    };
    parsed.doc.path = path.to_string();
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEEDS: [(&str, &str, Format); 5] = [
        (
            "seeds/000_cea40166ddf3072c.txt",
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/000_cea40166ddf3072c.txt")),
            Format::Esf,
        ),
        (
            "seeds/001_5529787c01511de8.txt",
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/001_5529787c01511de8.txt")),
            Format::Transcript,
        ),
        (
            "seeds/002_e2cf07384f130b54.txt",
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/002_e2cf07384f130b54.txt")),
            Format::Esf,
        ),
        (
            "seeds/003_2b3fa1d7a6e76dce.txt",
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/003_2b3fa1d7a6e76dce.txt")),
            Format::Esf,
        ),
        (
            "seeds/004_2c34cdba5d9fc759.txt",
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/004_2c34cdba5d9fc759.txt")),
            Format::Esf,
        ),
    ];

    #[test]
    fn the_format_comes_from_the_text_not_the_name() {
        for (path, text, format) in SEEDS {
            assert_eq!(parse(path, text).doc.format, Some(format), "{path}");
            assert_eq!(parse("renamed.md", text).doc.format, Some(format), "{path} renamed");
        }
        let markdown = "# Om projektfaser\n\nProjektfasen styrs av Region och Projektägare.\n";
        assert_eq!(parse("seeds/000_x.txt", markdown).doc.format, Some(Format::Plain));
        assert_eq!(parse("a.txt", "").doc.format, Some(Format::Plain));
    }

    #[test]
    fn every_parser_survives_garbage() {
        // Pieces that steer the parsers into their branches, mixed with arbitrary bytes.
        const PIECES: [&str; 34] = [
            "Programområde",
            "Projektfas",
            "Projektägare",
            "saknas",
            "Kontaktperson",
            "E-post",
            "Telefonnummer",
            "Beviljat ESF-stöd",
            "Total projektbudget",
            "Projektperiod",
            "Region",
            "Sammanfattning",
            "Bakgrund",
            "Kommun",
            "Samarbetspartners",
            " • ",
            "- ",
            "Transkript",
            "Storlek: px",
            "Starta visningen från sidan:",
            "Läs mer",
            "Download \"",
            "# ",
            "**",
            "[",
            "](",
            ")",
            "\\",
            "2009-01-01",
            " till ",
            "1,2 Mkr",
            "\u{a0}",
            "a\u{30a}",
            "\u{fffd}",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let mut bytes = Vec::new();
            for _ in 0..next() % 120 {
                match next() % 8 {
                    0..=2 => bytes.extend_from_slice(PIECES[(next() % 34) as usize].as_bytes()),
                    3 => bytes.push(b'\n'),
                    4 => bytes.extend_from_slice(b"\r\n"),
                    5 => bytes.extend_from_slice((next() % 30).to_string().as_bytes()),
                    _ => bytes.push(next() as u8),
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            let parsed = parse("garbage.txt", &text);
            assert!(parsed.doc.format.is_some());
            esf::parse(&text);
            transcript::parse(&text);
            plain::parse(&text);
        }
    }

    #[test]
    fn damaged_seeds_never_panic() {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as usize
        };
        for (_, text, _) in SEEDS {
            let bytes = text.as_bytes();
            for _ in 0..200 {
                // Cut out, duplicate or swap arbitrary byte ranges, ignoring character bounds.
                let (a, b) = (next() % bytes.len(), next() % bytes.len());
                let (from, to) = (a.min(b), a.max(b));
                let damaged = match next() % 3 {
                    0 => [&bytes[..from], &bytes[to..]].concat(),
                    1 => [&bytes[..to], &bytes[from..]].concat(),
                    _ => [&bytes[to..], &bytes[..from], &bytes[from..to]].concat(),
                };
                parse("damaged.txt", &String::from_utf8_lossy(&damaged));
            }
        }
    }
}
