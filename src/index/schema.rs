//! The one place where field names, their aliases in queries, their options and their boosts
//! live.
//!
//! Boosts (applied to the section fields a query word is searched in):
//!
//! | field | boost | why |
//! |---|---|---|
//! | title | 3.0 | a project's own name for its topic |
//! | summary | 2.0 | Sammanfattning is written to be read first and says what the project does |
//! | purpose, goal | 1.5 | Syfte and Målsättning state the aims researchers compare |
//! | background | 1.2 | Bakgrund describes the problem, but at length and with digressions |
//! | body | 1.0 | the catch-all (every text, including unknown headings of ESF pages and the whole body of other documents): a base score for any match |
//! | partners | 0.6 | organisation names: a match says who, not what |
//! | accessibility, equality, transnational | 0.4 | boilerplate every ESF page must have |
//! | body_parts | 0.35 | a compound's part ("matchning" in "matchningsarbetet"): related, but less than the word itself |
//! | other spellings | 0.3 | a query word's spellings with and without å, ä and ö, looked up in `body` (see `search::spelling`): a fallback, ranked below exact spelling |

use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
    FAST, INDEXED, STORED, STRING,
};

use crate::analysis;
use crate::document::SectionKind;
use IndexRecordOption::{WithFreqs, WithFreqsAndPositions};

/// Bumped whenever fields, analyzers, stored records or the column encoding change (7: facet
/// columns without zstd; 8: transcripts read as running text and split at their headings, so
/// an old index holds their text in other fields; 9: each section's language in the record and
/// the `section_lang` field; 10: dictionary compounds split for their last part, hyphens at a
/// transcript's breaks read from the lexicon, the `kind` facet, the `fingerprint` column
/// near-duplicates and versions are found by; 11: the fingerprint's bins 16 bits, not 32;
/// 12: the `first_year` and `last_year` columns every year filter reads, a period's years or
/// the year inferred without one): an index of another version is refused with
/// "rebuild with: projsok index --rebuild".
pub const SCHEMA_VERSION: u32 = 12;

/// The columns of [`Fields::first_year`] and [`Fields::last_year`].
pub const FIRST_YEAR: &str = "first_year";
pub const LAST_YEAR: &str = "last_year";

/// A searchable text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextField {
    Title,
    Summary,
    Purpose,
    Goal,
    Background,
    Partners,
    Accessibility,
    Equality,
    Transnational,
    Body,
}

impl TextField {
    /// Every text field, in the order of the table above.
    pub const ALL: [TextField; 10] = [
        TextField::Title,
        TextField::Summary,
        TextField::Purpose,
        TextField::Goal,
        TextField::Background,
        TextField::Partners,
        TextField::Accessibility,
        TextField::Equality,
        TextField::Transnational,
        TextField::Body,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TextField::Title => "title",
            TextField::Summary => "summary",
            TextField::Purpose => "purpose",
            TextField::Goal => "goal",
            TextField::Background => "background",
            TextField::Partners => "partners",
            TextField::Accessibility => "accessibility",
            TextField::Equality => "equality",
            TextField::Transnational => "transnational",
            TextField::Body => "body",
        }
    }

    /// The boost of the table above.
    pub fn boost(self) -> f32 {
        match self {
            TextField::Title => 3.0,
            TextField::Summary => 2.0,
            TextField::Purpose | TextField::Goal => 1.5,
            TextField::Background => 1.2,
            TextField::Partners => 0.6,
            TextField::Accessibility | TextField::Equality | TextField::Transnational => 0.4,
            TextField::Body => 1.0,
        }
    }
}

/// Boost of a query word's other spellings (with or without å, ä and ö) in the catch-all.
pub const FOLDED_BOOST: f32 = 0.3;
/// Boost of the compound-parts catch-all field.
pub const PARTS_BOOST: f32 = 0.35;

/// A facet field: the one place its name is spelled. Adding one touches this enum and the
/// code that fills it (`index::document`), nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    Region,
    Phase,
    Kommun,
    Program,
    Owner,
    Lang,
    /// Which parser read the document: `esf` (an ESF project page), `transcript` (a PDF
    /// transcript) or `plain` (any other document); see [`Facet::kind_of`].
    Kind,
}

impl Facet {
    /// Every facet, in the order the CLI prints their counts.
    pub const ALL: [Facet; 7] = [
        Facet::Region,
        Facet::Phase,
        Facet::Kommun,
        Facet::Program,
        Facet::Owner,
        Facet::Lang,
        Facet::Kind,
    ];

    /// The schema field's name, which is also the facet's name in queries, URLs and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Facet::Region => "region",
            Facet::Phase => "phase",
            Facet::Kommun => "kommun",
            Facet::Program => "program",
            Facet::Owner => "owner",
            Facet::Lang => "lang",
            Facet::Kind => "kind",
        }
    }

    /// The schema field that the facet's filter, its query field (`lang:en`) and its counts
    /// read: the facet's own, but for a language every section's as well as the document's,
    /// so that `facets` counts what `--lang` and `lang:` keep (an English section of a
    /// Swedish page counts under both).
    pub fn selected_name(self) -> &'static str {
        match self {
            Facet::Lang => "section_lang",
            other => other.name(),
        }
    }

    /// What a filter on the facet keeps: the help of its command-line flag (`--region`).
    pub fn filter_help(self) -> &'static str {
        match self {
            Facet::Region => "Only this ESF region (repeat to allow several; okänd: documents without one)",
            Facet::Phase => {
                "Only this projektfas, e.g. Förprojektering or Genomförande (repeatable; okänd: none)"
            }
            Facet::Kommun => "Only projects in this kommun (repeatable; okänd: documents naming none)",
            Facet::Program => "Only this programområde (repeatable; okänd: none)",
            Facet::Owner => "Only this projektägare (repeatable; okänd: none)",
            Facet::Lang => {
                "Only documents in this language or with a section in it: sv or en \
                 (repeatable; lang: in a query and the lang facet count the same)"
            }
            Facet::Kind => {
                "Only this kind of document: esf (an ESF project page), transcript (a PDF \
                 transcript) or plain (any other) (repeatable)"
            }
        }
    }
}

impl Facet {
    /// The `kind` facet's value for a document read by `format`'s parser.
    pub fn kind_of(format: Option<crate::document::Format>) -> &'static str {
        use crate::document::Format;
        match format {
            Some(Format::Esf) => "esf",
            Some(Format::Transcript) => "transcript",
            Some(Format::Plain) | None => "plain",
        }
    }
}

impl std::fmt::Display for Facet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A numeric field: what ranges in queries, filters and sort orders work on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Number {
    Grant,
    Budget,
    StartYear,
    EndYear,
    /// The start as yyyymmdd.
    StartDate,
}

impl Number {
    pub const ALL: [Number; 5] =
        [Number::Grant, Number::Budget, Number::StartYear, Number::EndYear, Number::StartDate];

    pub fn name(self) -> &'static str {
        match self {
            Number::Grant => "esf_grant_sek",
            Number::Budget => "total_budget_sek",
            Number::StartYear => "start_year",
            Number::EndYear => "end_year",
            Number::StartDate => "start_date",
        }
    }
}

/// Query-syntax names of ranges (lower case) → numeric fields.
const RANGE_ALIASES: [(&str, Number); 9] = [
    ("grant", Number::Grant),
    ("stod", Number::Grant),
    ("stöd", Number::Grant),
    ("esf", Number::Grant),
    ("budget", Number::Budget),
    ("start", Number::StartYear),
    ("startar", Number::StartYear),
    ("slut", Number::EndYear),
    ("end", Number::EndYear),
];

/// The numeric field a range in a query names (in any case), or `None` when unknown.
pub fn resolve_range(name: &str) -> Option<Number> {
    let lower = name.to_lowercase();
    RANGE_ALIASES.iter().find(|(alias, _)| *alias == lower).map(|(_, number)| *number)
}

/// What a field name in a query stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Text(TextField),
    Facet(Facet),
}

/// Query-syntax names (Swedish and English) → fields.
const ALIASES: [(&str, Named); 36] = [
    ("titel", Named::Text(TextField::Title)),
    ("title", Named::Text(TextField::Title)),
    ("sammanfattning", Named::Text(TextField::Summary)),
    ("summary", Named::Text(TextField::Summary)),
    ("bakgrund", Named::Text(TextField::Background)),
    ("background", Named::Text(TextField::Background)),
    ("syfte", Named::Text(TextField::Purpose)),
    ("purpose", Named::Text(TextField::Purpose)),
    ("mal", Named::Text(TextField::Goal)),
    ("malsattning", Named::Text(TextField::Goal)),
    ("goal", Named::Text(TextField::Goal)),
    ("tillganglighet", Named::Text(TextField::Accessibility)),
    ("accessibility", Named::Text(TextField::Accessibility)),
    ("jamstalldhet", Named::Text(TextField::Equality)),
    ("equality", Named::Text(TextField::Equality)),
    ("transnationellt", Named::Text(TextField::Transnational)),
    ("transnational", Named::Text(TextField::Transnational)),
    ("ovrigt", Named::Text(TextField::Body)),
    ("other", Named::Text(TextField::Body)),
    ("partners", Named::Text(TextField::Partners)),
    ("samarbetspartners", Named::Text(TextField::Partners)),
    ("text", Named::Text(TextField::Body)),
    ("body", Named::Text(TextField::Body)),
    ("region", Named::Facet(Facet::Region)),
    ("kommun", Named::Facet(Facet::Kommun)),
    ("fas", Named::Facet(Facet::Phase)),
    ("projektfas", Named::Facet(Facet::Phase)),
    ("phase", Named::Facet(Facet::Phase)),
    ("program", Named::Facet(Facet::Program)),
    ("agare", Named::Facet(Facet::Owner)),
    ("owner", Named::Facet(Facet::Owner)),
    ("lang", Named::Facet(Facet::Lang)),
    // What `show` labels the language, so what a user copies from it.
    ("sprak", Named::Facet(Facet::Lang)),
    ("language", Named::Facet(Facet::Lang)),
    ("kind", Named::Facet(Facet::Kind)),
    ("typ", Named::Facet(Facet::Kind)),
];

/// The field a query names (case-insensitive, å/ä/ö optional), or `None` when unknown.
pub fn resolve_alias(name: &str) -> Option<Named> {
    let folded = crate::text::fold(&name.to_lowercase());
    ALIASES.iter().find(|(alias, _)| *alias == folded).map(|(_, field)| *field)
}

/// The query-syntax names a user can type, for error messages.
pub fn alias_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = ALIASES.iter().map(|(alias, _)| *alias).collect();
    names.dedup();
    names
}

/// The text field holding a section of this kind; text under no known heading is in the
/// catch-all `body` only.
pub fn section_field(kind: SectionKind) -> Option<TextField> {
    Some(match kind {
        SectionKind::Summary => TextField::Summary,
        SectionKind::Background => TextField::Background,
        SectionKind::Purpose => TextField::Purpose,
        SectionKind::Goal => TextField::Goal,
        SectionKind::Accessibility => TextField::Accessibility,
        SectionKind::Equality => TextField::Equality,
        SectionKind::Transnational => TextField::Transnational,
        SectionKind::Other => return None,
    })
}

/// Handles to every field, resolved once per opened index.
#[derive(Debug, Clone)]
pub struct Fields {
    pub path: Field,
    pub record: Field,
    pub sections: Field,
    pub content_hash: Field,
    pub file_stamp: Field,
    /// `index::fingerprint`: what near-duplicates and versions are found by.
    pub fingerprint: Field,
    pub body: Field,
    pub body_parts: Field,
    pub esf_grant_sek: Field,
    pub total_budget_sek: Field,
    pub start_year: Field,
    pub end_year: Field,
    pub start_date: Field,
    /// The first and last year a document is counted in: its project period's, else the year
    /// inferred from its front matter `date:` or its `YYYY` folder. What `trends` counts and
    /// every year filter reads, so that a bar of a trend and its filter agree.
    pub first_year: Field,
    pub last_year: Field,
    /// The languages of a document and of its sections, which `--lang` filters on; the
    /// `lang` facet counts the document's own language only.
    pub section_lang: Field,
    /// In [`TextField::ALL`] order, which is the enum's.
    text: Vec<Field>,
    /// In [`Facet::ALL`] order, which is the enum's.
    facets: Vec<Field>,
}

impl Fields {
    pub fn new(schema: &Schema) -> tantivy::Result<Fields> {
        Ok(Fields {
            path: schema.get_field("path")?,
            record: schema.get_field("record")?,
            sections: schema.get_field("sections")?,
            content_hash: schema.get_field("content_hash")?,
            file_stamp: schema.get_field("file_stamp")?,
            fingerprint: schema.get_field("fingerprint")?,
            body: schema.get_field("body")?,
            body_parts: schema.get_field("body_parts")?,
            esf_grant_sek: schema.get_field(Number::Grant.name())?,
            total_budget_sek: schema.get_field(Number::Budget.name())?,
            start_year: schema.get_field(Number::StartYear.name())?,
            end_year: schema.get_field(Number::EndYear.name())?,
            start_date: schema.get_field(Number::StartDate.name())?,
            first_year: schema.get_field(FIRST_YEAR)?,
            last_year: schema.get_field(LAST_YEAR)?,
            section_lang: schema.get_field("section_lang")?,
            facets: Facet::ALL
                .into_iter()
                .map(|facet| schema.get_field(facet.name()))
                .collect::<tantivy::Result<_>>()?,
            text: TextField::ALL
                .into_iter()
                .map(|field| schema.get_field(field.name()))
                .collect::<tantivy::Result<_>>()?,
        })
    }

    pub fn facet(&self, facet: Facet) -> Field {
        self.facets[facet as usize]
    }

    /// The field of [`Facet::selected_name`].
    pub fn selected(&self, facet: Facet) -> Field {
        match facet {
            Facet::Lang => self.section_lang,
            other => self.facet(other),
        }
    }

    pub fn number(&self, number: Number) -> Field {
        match number {
            Number::Grant => self.esf_grant_sek,
            Number::Budget => self.total_budget_sek,
            Number::StartYear => self.start_year,
            Number::EndYear => self.end_year,
            Number::StartDate => self.start_date,
        }
    }

    pub fn text(&self, field: TextField) -> Field {
        self.text[field as usize]
    }
}

fn text_options(analyzer: &str, record: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(analyzer).set_index_option(record),
    )
}

/// Builds the projsok schema.
pub fn build() -> Schema {
    let mut builder = Schema::builder();
    builder.add_text_field("path", STRING | STORED | FAST);
    // The record without its sections, and the sections apart: a list of hits reads only the
    // first, and a government report's sections are megabytes. Both are postcard, serde's
    // compact binary form: a list of hits parses ten records, and JSON made that a tenth of a
    // search's time.
    builder.add_bytes_field("record", STORED);
    builder.add_bytes_field("sections", STORED);
    // Fast columns, so that `--update` learns what the index holds without reading records.
    builder.add_u64_field("content_hash", STORED | FAST);
    builder.add_u64_field("file_stamp", FAST);
    // A column, so that the clusters of a generation are worked out without reading a record.
    builder.add_bytes_field("fingerprint", FAST);
    for field in TextField::ALL {
        builder.add_text_field(field.name(), text_options(analysis::SV, WithFreqsAndPositions));
    }
    // The compound parts serve single words only, never phrases: no positions, which makes
    // indexing noticeably cheaper.
    builder.add_text_field("body_parts", text_options(analysis::PARTS, WithFreqs));
    for facet in Facet::ALL {
        builder.add_facet_field(facet.name(), FacetOptions::default());
    }
    builder.add_facet_field("section_lang", FacetOptions::default());
    let numeric = NumericOptions::default() | FAST | INDEXED;
    for number in Number::ALL {
        builder.add_u64_field(number.name(), numeric.clone());
    }
    builder.add_u64_field(FIRST_YEAR, numeric.clone());
    builder.add_u64_field(LAST_YEAR, numeric);
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_resolve_with_or_without_diacritics() {
        assert_eq!(resolve_alias("titel"), Some(Named::Text(TextField::Title)));
        assert_eq!(resolve_alias("Målsättning"), Some(Named::Text(TextField::Goal)));
        assert_eq!(resolve_alias("mal"), Some(Named::Text(TextField::Goal)));
        assert_eq!(resolve_alias("ägare"), Some(Named::Facet(Facet::Owner)));
        assert_eq!(resolve_alias("nope"), None);
    }

    #[test]
    fn facets_are_listed_in_their_enum_order() {
        let schema = build();
        let fields = Fields::new(&schema).unwrap();
        for (at, facet) in Facet::ALL.into_iter().enumerate() {
            assert_eq!(facet as usize, at);
            assert_eq!(schema.get_field_name(fields.facet(facet)), facet.name());
        }
    }

    #[test]
    fn text_fields_are_listed_in_their_enum_order() {
        let schema = build();
        let fields = Fields::new(&schema).unwrap();
        for (at, field) in TextField::ALL.into_iter().enumerate() {
            assert_eq!(field as usize, at);
            assert_eq!(schema.get_field_name(fields.text(field)), field.name());
        }
        assert_eq!(fields.text(TextField::Body), fields.body);
    }

    #[test]
    fn ranges_resolve_in_any_case_to_their_field() {
        let schema = build();
        let fields = Fields::new(&schema).unwrap();
        assert_eq!(resolve_range("Stöd"), Some(Number::Grant));
        assert_eq!(resolve_range("SLUT"), Some(Number::EndYear));
        assert_eq!(resolve_range("startar"), Some(Number::StartYear));
        assert_eq!(resolve_range("year"), None);
        for number in Number::ALL {
            assert_eq!(schema.get_field_name(fields.number(number)), number.name());
        }
    }

    #[test]
    fn every_field_has_the_aliases_of_its_own_name() {
        for field in TextField::ALL {
            assert_eq!(resolve_alias(field.name()), Some(Named::Text(field)), "{field:?}");
        }
        for facet in Facet::ALL {
            assert_eq!(resolve_alias(facet.name()), Some(Named::Facet(facet)), "{facet:?}");
        }
    }
}
