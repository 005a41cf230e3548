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

mod esf;
mod plain;
mod text;
mod transcript;
mod values;

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
}

impl Document {
    /// The text of the first section of `kind`, if any.
    pub fn section(&self, kind: SectionKind) -> Option<&str> {
        self.sections
            .iter()
            .find(|section| section.kind == kind)
            .map(|section| section.text.as_str())
    }
}

/// A parsed document and what could not be parsed in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub doc: Document,
    pub warnings: Vec<String>,
}

/// Parses one document's text. `path` becomes [`Document::path`]; the format is recognised from
/// the text itself, not from the file name. Decomposed å, ä, ö (and é, ü) are recomposed first,
/// so every string in the document is in composed form.
pub fn parse(path: &str, text: &str) -> Parsed {
    let text = text::recompose(text);
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
