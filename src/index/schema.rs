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
/// columns without zstd): an index of another version is refused with "rebuild with: projsok
/// index --rebuild".
pub const SCHEMA_VERSION: u32 = 8;

/// The searchable text fields and their boosts, in the order of the table above.
pub const TEXT_FIELDS: [(&str, f32); 10] = [
    ("title", 3.0),
    ("summary", 2.0),
    ("purpose", 1.5),
    ("goal", 1.5),
    ("background", 1.2),
    ("partners", 0.6),
    ("accessibility", 0.4),
    ("equality", 0.4),
    ("transnational", 0.4),
    ("body", 1.0),
];

/// Boost of a query word's other spellings (with or without å, ä and ö) in the catch-all.
pub const FOLDED_BOOST: f32 = 0.3;
/// Boost of the compound-parts catch-all field.
pub const PARTS_BOOST: f32 = 0.35;

/// Facet fields, in the order the CLI prints their counts.
pub const FACET_FIELDS: [&str; 6] = ["region", "phase", "kommun", "program", "owner", "lang"];

/// Query-syntax names (Swedish and English) → field names.
const ALIASES: [(&str, &str); 32] = [
    ("titel", "title"),
    ("title", "title"),
    ("sammanfattning", "summary"),
    ("summary", "summary"),
    ("bakgrund", "background"),
    ("background", "background"),
    ("syfte", "purpose"),
    ("purpose", "purpose"),
    ("mal", "goal"),
    ("malsattning", "goal"),
    ("goal", "goal"),
    ("tillganglighet", "accessibility"),
    ("accessibility", "accessibility"),
    ("jamstalldhet", "equality"),
    ("equality", "equality"),
    ("transnationellt", "transnational"),
    ("transnational", "transnational"),
    ("ovrigt", "body"),
    ("other", "body"),
    ("partners", "partners"),
    ("samarbetspartners", "partners"),
    ("text", "body"),
    ("body", "body"),
    ("region", "region"),
    ("kommun", "kommun"),
    ("fas", "phase"),
    ("projektfas", "phase"),
    ("phase", "phase"),
    ("program", "program"),
    ("agare", "owner"),
    ("owner", "owner"),
    ("lang", "lang"),
];

/// The field a query names (case-insensitive, å/ä/ö optional), or `None` when unknown.
pub fn resolve_alias(name: &str) -> Option<&'static str> {
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
pub fn section_field_name(kind: SectionKind) -> Option<&'static str> {
    Some(match kind {
        SectionKind::Summary => "summary",
        SectionKind::Background => "background",
        SectionKind::Purpose => "purpose",
        SectionKind::Goal => "goal",
        SectionKind::Accessibility => "accessibility",
        SectionKind::Equality => "equality",
        SectionKind::Transnational => "transnational",
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
    pub body: Field,
    pub body_parts: Field,
    pub esf_grant_sek: Field,
    pub total_budget_sek: Field,
    pub start_year: Field,
    pub end_year: Field,
    pub start_date: Field,
    schema: Schema,
}

impl Fields {
    pub fn new(schema: &Schema) -> tantivy::Result<Fields> {
        Ok(Fields {
            path: schema.get_field("path")?,
            record: schema.get_field("record")?,
            sections: schema.get_field("sections")?,
            content_hash: schema.get_field("content_hash")?,
            file_stamp: schema.get_field("file_stamp")?,
            body: schema.get_field("body")?,
            body_parts: schema.get_field("body_parts")?,
            esf_grant_sek: schema.get_field("esf_grant_sek")?,
            total_budget_sek: schema.get_field("total_budget_sek")?,
            start_year: schema.get_field("start_year")?,
            end_year: schema.get_field("end_year")?,
            start_date: schema.get_field("start_date")?,
            schema: schema.clone(),
        })
    }

    /// A field by its schema name. Only called with names from this module.
    pub fn named(&self, name: &str) -> Field {
        self.schema.get_field(name).unwrap_or_else(|_| panic!("schema has no field {name}"))
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
    for (name, _) in TEXT_FIELDS {
        builder.add_text_field(name, text_options(analysis::SV, WithFreqsAndPositions));
    }
    // The compound parts serve single words only, never phrases: no positions, which makes
    // indexing noticeably cheaper.
    builder.add_text_field("body_parts", text_options(analysis::PARTS, WithFreqs));
    for name in FACET_FIELDS {
        builder.add_facet_field(name, FacetOptions::default());
    }
    let numeric = NumericOptions::default() | FAST | INDEXED;
    for name in ["esf_grant_sek", "total_budget_sek", "start_year", "end_year", "start_date"] {
        builder.add_u64_field(name, numeric.clone());
    }
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_resolve_with_or_without_diacritics() {
        assert_eq!(resolve_alias("titel"), Some("title"));
        assert_eq!(resolve_alias("Målsättning"), Some("goal"));
        assert_eq!(resolve_alias("mal"), Some("goal"));
        assert_eq!(resolve_alias("ägare"), Some("owner"));
        assert_eq!(resolve_alias("nope"), None);
    }

    #[test]
    fn every_alias_names_a_schema_field() {
        let schema = build();
        for (alias, field) in ALIASES {
            assert!(schema.get_field(field).is_ok(), "{alias} → {field}");
        }
        assert!(Fields::new(&schema).is_ok());
    }
}
