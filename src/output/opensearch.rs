//! `projsok export --format opensearch`: an index definition and bulk files for OpenSearch or
//! Elasticsearch, for collections that outgrow one machine. Pure data: the caller writes files.
//!
//! - [`index_definition`] (`index.json`): `settings.analysis` reproducing projsok's Swedish
//!   chain as closely as those engines allow, `mappings` with one text field per section (with
//!   `.folded` and `.parts` sub-fields), keyword facets, numbers and dates, and a `_meta` naming
//!   the schema version and the boosted `multi_match` field list ([`multi_match_fields`], from
//!   [`TextField::boost`], the one place boosts live).
//! - [`compound_words`] (`compound_words.txt`): the `dictionary_decompounder` word list, one
//!   word a line. It has hundreds of thousands of words, too many to inline in the settings, so
//!   the settings name it by [`WORD_LIST_PATH`], relative to the OpenSearch config folder, where
//!   it must be copied on every node before the index is created.
//! - [`BulkAction`] + [`BulkDocument`]: the two lines of the bulk API for each document.
//!
//! What the engines cannot reproduce: the language detection (English texts get the Swedish
//! stemmer), the recomposition of decomposed å/ä/ö (needs the ICU plugin) and projsok's own
//! compound splitter, which picks the best split and maps linking forms to their words;
//! `dictionary_decompounder` emits every lexicon word it finds inside a word, the word itself
//! included. Synonyms apply at search time only, as in projsok.
//!
//! ```
//! use projsok::output::opensearch::multi_match_fields;
//! assert_eq!(multi_match_fields()[..2], ["title^3", "summary^2"]);
//! ```

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::analysis::compounds::{self, MIN_PART_CHARS, MIN_WORD_CHARS};
use crate::analysis::swedish_stop_words;
use crate::analysis::synonyms::Synonyms;
use crate::document::{Document, SectionKind};
use crate::index::schema::{
    section_field, Facet, TextField, FOLDED_BOOST, PARTS_BOOST, SCHEMA_VERSION,
};

/// The index name in the bulk action lines and the README's curl commands.
pub const INDEX_NAME: &str = "projsok";
/// The index definition file in the export folder.
pub const INDEX_FILE: &str = "index.json";
/// The compound word list in the export folder.
pub const COMPOUND_WORDS_FILE: &str = "compound_words.txt";
/// A name only projsok's index definition holds: how an earlier export is recognised.
pub const ANALYZER_MARK: &str = "projsok_stemmer";
/// Where the settings expect the word list, relative to the OpenSearch config folder.
pub const WORD_LIST_PATH: &str = "analysis/projsok_compound_words.txt";

/// The analyzer of the text fields (index time).
pub const ANALYZER: &str = "swedish_projsok";
/// Its search-time twin, with the synonyms.
pub const SEARCH_ANALYZER: &str = "swedish_projsok_search";
const FOLDED_ANALYZER: &str = "swedish_projsok_folded";
const FOLDED_SEARCH_ANALYZER: &str = "swedish_projsok_folded_search";
const PARTS_ANALYZER: &str = "swedish_projsok_parts";

/// Longest token kept, as in projsok (which counts bytes; the engines count characters).
const MAX_TOKEN_LEN: usize = 64;
/// Longest part the decompounder looks for; the longest linking forms have about 20 letters.
const MAX_SUBWORD_CHARS: usize = 30;

/// Position gap between the values of a list (several sections of a kind, partners), so that
/// a phrase never matches across two values.
const POSITION_GAP: u32 = 100;

/// `"field^boost"` for every searchable text field, in [`TextField::ALL`] order: the fields of a
/// `multi_match` query that ranks as projsok does.
pub fn multi_match_fields() -> Vec<String> {
    TextField::ALL.map(|field| format!("{}^{}", field.name(), field.boost())).into()
}

/// The fallback fields at projsok's lower boosts: diacritic-less spelling and compound parts.
pub fn fallback_fields() -> Vec<String> {
    vec![format!("body.folded^{FOLDED_BOOST}"), format!("body.parts^{PARTS_BOOST}")]
}

/// The synonym table as Solr rules ("sfi, svenska för invandrare"), one group a rule.
pub fn synonym_rules(synonyms: &Synonyms) -> Vec<String> {
    synonyms
        .groups()
        .iter()
        .filter(|group| group.len() >= 2)
        .map(|group| {
            let forms: Vec<String> = group.iter().map(|form| escape_rule(form)).collect();
            forms.join(", ")
        })
        .collect()
}

/// A form with the characters the Solr rule format treats specially escaped.
fn escape_rule(form: &str) -> String {
    let mut out = String::with_capacity(form.len());
    for c in form.trim().chars() {
        if matches!(c, ',' | '=' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The `dictionary_decompounder` word list: every lexicon form that can be part of a compound.
pub fn compound_words() -> Vec<String> {
    compounds::splitter().part_words()
}

fn text_field(copy_to: &[&str]) -> Value {
    let mut field = json!({
        "type": "text",
        "analyzer": ANALYZER,
        "search_analyzer": SEARCH_ANALYZER,
        "position_increment_gap": POSITION_GAP,
        "fields": {
            "folded": {
                "type": "text",
                "analyzer": FOLDED_ANALYZER,
                "search_analyzer": FOLDED_SEARCH_ANALYZER,
            },
            "parts": {
                "type": "text",
                "analyzer": PARTS_ANALYZER,
                "search_analyzer": SEARCH_ANALYZER,
            },
        },
    });
    if !copy_to.is_empty() {
        field["copy_to"] = json!(copy_to);
    }
    field
}

/// The mapping's properties: every field a [`BulkDocument`] can hold, and only those.
fn properties() -> serde_json::Map<String, Value> {
    let mut properties = serde_json::Map::new();
    properties.insert("path".into(), json!({ "type": "keyword" }));
    properties.insert("format".into(), json!({ "type": "keyword" }));
    for field in TextField::ALL {
        let copy_to: &[&str] = if field == TextField::Body { &[] } else { &["body"] };
        properties.insert(field.name().into(), text_field(copy_to));
    }
    // projsok searches co-financiers and participants as partners.
    for name in ["cofinanciers", "participants"] {
        properties
            .insert(name.into(), json!({ "type": "keyword", "copy_to": ["partners", "body"] }));
    }
    for facet in Facet::ALL {
        properties.insert(facet.name().into(), json!({ "type": "keyword" }));
    }
    for name in ["contact", "email", "phone", "inferred"] {
        properties.insert(name.into(), json!({ "type": "keyword" }));
    }
    for name in ["esf_grant_sek", "total_budget_sek"] {
        properties.insert(name.into(), json!({ "type": "long" }));
    }
    for name in ["start_year", "end_year", "first_year", "last_year"] {
        properties.insert(name.into(), json!({ "type": "integer" }));
    }
    for name in ["period_start", "period_end"] {
        properties.insert(
            name.into(),
            json!({ "type": "date", "format": "strict_date", "ignore_malformed": true }),
        );
    }
    properties
}

/// The whole `index.json`: settings (analysis) and mappings.
pub fn index_definition(synonyms: &Synonyms) -> Value {
    let index_chain = json!([
        "projsok_hyphen_joins",
        "flatten_graph",
        "lowercase",
        "projsok_length",
        "projsok_stop",
        "projsok_stemmer"
    ]);
    let mut folded_chain = index_chain.clone();
    folded_chain.as_array_mut().expect("a list").push(json!("asciifolding"));
    let search_chain = json!([
        "lowercase",
        "projsok_length",
        "projsok_synonyms",
        "projsok_stop",
        "projsok_stemmer"
    ]);
    let mut folded_search_chain = search_chain.clone();
    folded_search_chain.as_array_mut().expect("a list").push(json!("asciifolding"));
    let parts_chain = json!([
        "projsok_hyphen_joins",
        "flatten_graph",
        "lowercase",
        "projsok_length",
        "projsok_stop",
        "projsok_decompounder",
        "projsok_stemmer"
    ]);
    let char_filter = json!(["projsok_soft_hyphen", "projsok_colon_inflection"]);
    let analyzer = |filters: &Value| {
        json!({
            "type": "custom",
            "char_filter": char_filter,
            "tokenizer": "projsok_words",
            "filter": filters,
        })
    };
    json!({
        "settings": {
            "analysis": {
                "char_filter": {
                    // Soft hyphens (from PDF text) inside words are dropped.
                    "projsok_soft_hyphen": { "type": "mapping", "mappings": ["\\u00AD=>"] },
                    // "Af:s", "SFI:n": the inflection after a colon is cut off.
                    "projsok_colon_inflection": {
                        "type": "pattern_replace",
                        "pattern": "(?<=[\\p{L}\\p{N}]):\\p{L}{1,4}(?![\\p{L}\\p{N}])",
                        "replacement": "",
                    },
                },
                "tokenizer": {
                    // Runs of letters and digits, hyphens kept only between them; one match per gap, so
                    // no empty tokens.
                    "projsok_words": {
                        "type": "pattern",
                        "pattern": "(?:[^\\p{L}\\p{N}\\p{M}-]|-(?![\\p{L}\\p{N}])|(?<![\\p{L}\\p{N}\\p{M}])-)+",
                    },
                },
                "filter": {
                    // "SFI-undervisningen": the hyphenated word, its parts and the joined word.
                    "projsok_hyphen_joins": {
                        "type": "word_delimiter_graph",
                        "preserve_original": true,
                        "catenate_all": true,
                        "split_on_case_change": false,
                        "split_on_numerics": false,
                        "stem_english_possessive": false,
                    },
                    "projsok_length": { "type": "length", "max": MAX_TOKEN_LEN },
                    "projsok_stop": { "type": "stop", "stopwords": swedish_stop_words() },
                    "projsok_stemmer": { "type": "snowball", "language": "Swedish" },
                    "projsok_decompounder": {
                        "type": "dictionary_decompounder",
                        "word_list_path": WORD_LIST_PATH,
                        "min_word_size": MIN_WORD_CHARS,
                        "min_subword_size": MIN_PART_CHARS,
                        "max_subword_size": MAX_SUBWORD_CHARS,
                        "only_longest_match": false,
                    },
                    "projsok_synonyms": {
                        "type": "synonym_graph",
                        "synonyms": synonym_rules(synonyms),
                    },
                },
                "analyzer": {
                    ANALYZER: analyzer(&index_chain),
                    SEARCH_ANALYZER: analyzer(&search_chain),
                    FOLDED_ANALYZER: analyzer(&folded_chain),
                    FOLDED_SEARCH_ANALYZER: analyzer(&folded_search_chain),
                    PARTS_ANALYZER: analyzer(&parts_chain),
                },
            },
        },
        "mappings": {
            "dynamic": "strict",
            "_meta": {
                "projsok_schema_version": SCHEMA_VERSION,
                "multi_match_fields": multi_match_fields(),
                "fallback_fields": fallback_fields(),
                "note": "Query with multi_match over multi_match_fields (analyzer swedish_projsok_search) \
                         and add fallback_fields as should clauses; see projsok's README, \
                         \"Scale-out to OpenSearch\".",
            },
            "properties": properties(),
        },
    })
}

/// The action line of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkAction {
    pub index: BulkTarget,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkTarget {
    #[serde(rename = "_index")]
    pub index: String,
    #[serde(rename = "_id")]
    pub id: String,
}

impl BulkAction {
    pub fn new(doc: &Document) -> BulkAction {
        BulkAction { index: BulkTarget { index: INDEX_NAME.to_string(), id: doc.path.clone() } }
    }
}

/// One document as indexed: the field names of the mapping. Each text is held once: the
/// catch-all `body` holds only text under no known heading, and the mapping copies the other
/// text fields into it (`copy_to`), as projsok's `body` holds every text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkDocument {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub background: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purpose: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goal: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accessibility: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub equality: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transnational: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cofinanciers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kommun: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The `kind` facet (esf, transcript, plain), which the mapping names with the others.
    #[serde(default)]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inferred: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub esf_grant_sek: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_budget_sek: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_year: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_year: Option<u32>,
    /// The years `--from-year`, `--to-year` and `--active-in` read (see
    /// [`Document::counted_years`]): the period's, or the year inferred without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_year: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_year: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_end: Option<String>,
}

fn texts(doc: &Document, kind: SectionKind) -> Vec<String> {
    doc.sections
        .iter()
        .filter(|section| section.kind == kind && !section.text.trim().is_empty())
        .map(|section| section.text.clone())
        .collect()
}

fn present(value: &Option<String>) -> Option<String> {
    value.clone().filter(|value| !value.is_empty())
}

fn distinct(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        if !value.is_empty() && !out.contains(value) {
            out.push(value.clone());
        }
    }
    out
}

impl From<&Document> for BulkDocument {
    fn from(doc: &Document) -> BulkDocument {
        let (start_year, end_year) = doc.period_years();
        let (first_year, last_year) = doc.counted_years().unzip();
        let mut out = BulkDocument {
            path: doc.path.clone(),
            format: doc.format.and_then(|format| {
                serde_json::to_value(format).ok().and_then(|v| v.as_str().map(str::to_string))
            }),
            title: doc.title.clone(),
            body: texts(doc, SectionKind::Other),
            partners: doc.partners.clone(),
            cofinanciers: doc.cofinanciers.clone(),
            participants: doc.participants.clone(),
            region: present(&doc.region),
            phase: present(&doc.phase),
            kommun: distinct(&doc.kommuner),
            program: present(&doc.program),
            owner: present(&doc.owner),
            lang: present(&doc.lang),
            kind: Facet::kind_of(doc.format).to_string(),
            contact: doc.contact.clone(),
            email: doc.email.clone(),
            phone: doc.phone.clone(),
            inferred: doc.inferred.clone(),
            esf_grant_sek: doc.esf_grant_sek,
            total_budget_sek: doc.total_budget_sek,
            start_year: start_year.and_then(|year| u32::try_from(year).ok()),
            end_year: end_year.and_then(|year| u32::try_from(year).ok()),
            first_year: first_year.and_then(|year| u32::try_from(year).ok()),
            last_year: last_year.and_then(|year| u32::try_from(year).ok()),
            period_start: doc.period_start.clone(),
            period_end: doc.period_end.clone(),
            ..BulkDocument::default()
        };
        for kind in SectionKind::ALL {
            let field = match section_field(kind) {
                Some(TextField::Summary) => &mut out.summary,
                Some(TextField::Background) => &mut out.background,
                Some(TextField::Purpose) => &mut out.purpose,
                Some(TextField::Goal) => &mut out.goal,
                Some(TextField::Accessibility) => &mut out.accessibility,
                Some(TextField::Equality) => &mut out.equality,
                Some(TextField::Transnational) => &mut out.transnational,
                _ => continue,
            };
            *field = texts(doc, kind);
        }
        out
    }
}

/// The name of the `number`th bulk file (from 1).
pub fn bulk_file_name(number: usize) -> String {
    format!("bulk-{number:05}.ndjson")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Section;

    #[test]
    fn mapping_holds_every_document_field() {
        let doc = Document {
            path: "a.txt".into(),
            title: "t".into(),
            region: Some("Övre Norrland".into()),
            kommuner: vec!["Umeå".into(), "Umeå".into()],
            period_start: Some("2015-01-01".into()),
            sections: SectionKind::ALL
                .iter()
                .map(|&kind| Section { kind, heading: String::new(), text: "x".into() })
                .collect(),
            partners: vec!["p".into()],
            cofinanciers: vec!["c".into()],
            participants: vec!["q".into()],
            inferred: vec!["region".into()],
            esf_grant_sek: Some(1),
            total_budget_sek: Some(2),
            ..Document::default()
        };
        let bulk = BulkDocument::from(&doc);
        assert_eq!(bulk.kommun, ["Umeå"]);
        assert_eq!((bulk.start_year, bulk.end_year), (Some(2015), Some(2015)));
        assert_eq!(bulk.body, ["x"]);
        let value = serde_json::to_value(&bulk).unwrap();
        let properties = properties();
        for key in value.as_object().unwrap().keys() {
            assert!(properties.contains_key(key), "{key} is not mapped");
        }
    }

    #[test]
    fn rules_are_solr_lines() {
        let rules = synonym_rules(&Synonyms::built_in());
        assert!(rules.contains(&"sfi, svenska för invandrare".to_string()));
        assert_eq!(escape_rule("a,b=>c"), "a\\,b\\=\\>c");
    }

    #[test]
    fn copied_fields_exist() {
        let properties = properties();
        for field in TextField::ALL.into_iter().filter(|field| *field != TextField::Body) {
            assert_eq!(properties[field.name()]["copy_to"], json!(["body"]));
        }
    }
}
