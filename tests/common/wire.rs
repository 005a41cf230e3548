//! The JSON output formats as the tests expect them, written out here instead of borrowed from
//! `projsok::output`: a test that decodes into the library's own structs follows any change to
//! them. [`decode`] also re-encodes what it read and requires the same JSON back, so a field
//! added, renamed or dropped fails a test.

use std::fmt::Debug;

use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Decodes `text` into `T`, panicking (with the difference) unless `T` holds every field of it
/// and nothing else.
pub fn decode<T: DeserializeOwned + Serialize + Debug>(text: impl AsRef<[u8]>) -> T {
    let text = text.as_ref();
    let value: serde_json::Value = serde_json::from_slice(text)
        .unwrap_or_else(|error| panic!("not JSON ({error}): {}", String::from_utf8_lossy(text)));
    let decoded: T = serde_json::from_value(value.clone()).unwrap_or_else(|error| {
        panic!("JSON of another format ({error}): {}", String::from_utf8_lossy(text))
    });
    let again = serde_json::to_value(&decoded).expect("re-encodes");
    assert_eq!(again, value, "fields missing from or added to the format");
    decoded
}

/// The value a hit was ordered by: an amount in whole SEK or an ISO date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SortValue {
    Sek(u64),
    Date(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hit {
    pub path: String,
    pub title: String,
    pub score: Option<f64>,
    pub sort_value: Option<SortValue>,
    pub region: Option<String>,
    pub phase: Option<String>,
    pub program: Option<String>,
    pub owner: Option<String>,
    pub kommuner: Vec<String>,
    pub esf_grant_sek: Option<u64>,
    pub total_budget_sek: Option<u64>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub lang: Option<String>,
    pub inferred: Vec<String>,
    pub snippet: Option<String>,
    pub snippet_section: Option<String>,
    /// With `--collapse` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versions: Option<Vec<String>>,
}

/// `search --json` and `/api/search`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Search {
    pub query: String,
    pub total: usize,
    /// With `--collapse` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents: Option<usize>,
    pub with_every_word: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    pub warnings: Vec<String>,
    pub did_you_mean: Option<DidYouMean>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DidYouMean {
    pub query: String,
    pub applied: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub section: String,
    pub heading: String,
    pub lang: Option<String>,
    pub text: String,
}

/// `show --json` and `/api/show/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub path: String,
    pub format: Option<String>,
    pub title: String,
    pub program: Option<String>,
    pub phase: Option<String>,
    pub owner: Option<String>,
    pub contact: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub esf_grant_sek: Option<u64>,
    pub total_budget_sek: Option<u64>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub region: Option<String>,
    pub kommuner: Vec<String>,
    pub partners: Vec<String>,
    pub cofinanciers: Vec<String>,
    pub participants: Vec<String>,
    pub lang: Option<String>,
    pub inferred: Vec<String>,
    pub sections: Vec<Section>,
    pub as_written: IndexMap<String, Vec<String>>,
    pub warnings: Vec<String>,
    /// `show --json` of a document with versions only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<Version>,
}

/// `similar --json`: a search hit and the words it shares with the source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimilarHit {
    pub path: String,
    pub title: String,
    pub score: Option<f64>,
    pub sort_value: Option<SortValue>,
    pub region: Option<String>,
    pub phase: Option<String>,
    pub program: Option<String>,
    pub owner: Option<String>,
    pub kommuner: Vec<String>,
    pub esf_grant_sek: Option<u64>,
    pub total_budget_sek: Option<u64>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub lang: Option<String>,
    pub inferred: Vec<String>,
    pub snippet: Option<String>,
    pub snippet_section: Option<String>,
    pub terms: Vec<String>,
    pub similarity: SimilarityParts,
    pub links: Vec<ConceptLink>,
    pub duplicates: Vec<String>,
}

/// `similar --json`: what a hit's score is made of (score = words × √concepts × substance).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimilarityParts {
    pub words: f64,
    pub concepts: Option<f64>,
    pub substance: f64,
}

/// `similar --json`: a word of the source and a different word of the hit that the concepts
/// link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConceptLink {
    pub source: String,
    pub neighbour: String,
    pub cosine: f64,
}

/// `similar --json`: a near-duplicate of the source, listed apart from the hits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimilarVersion {
    pub path: String,
    pub title: String,
    pub kind: String,
    pub score: Option<f64>,
}

/// A version of a shown record (`show --json`), and of a cluster's member
/// (`duplicates --json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    pub path: String,
    pub title: String,
    pub kind: String,
    pub similarity: Option<f64>,
}

/// `duplicates --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duplicates {
    pub total: usize,
    pub documents: usize,
    pub clusters: Vec<DuplicateCluster>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuplicateCluster {
    pub id: usize,
    pub size: usize,
    pub members: Vec<DuplicateMember>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuplicateMember {
    pub path: String,
    pub title: String,
    pub similarity: f64,
    pub matches: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Similar {
    pub source: Option<String>,
    pub source_title: String,
    pub source_terms: Vec<String>,
    pub versions: Vec<SimilarVersion>,
    pub hits: Vec<SimilarHit>,
}

/// The header fields of a compared record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub path: String,
    pub title: String,
    pub format: Option<String>,
    pub program: Option<String>,
    pub phase: Option<String>,
    pub owner: Option<String>,
    pub region: Option<String>,
    pub kommuner: Vec<String>,
    pub esf_grant_sek: Option<u64>,
    pub total_budget_sek: Option<u64>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub lang: Option<String>,
    pub inferred: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparedSection {
    pub section: String,
    pub heading: String,
    pub score: f64,
    pub shared_terms: Vec<String>,
    pub only_a: Vec<String>,
    pub only_b: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair<T> {
    pub a: Option<T>,
    pub b: Option<T>,
    pub same: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    pub phase: Pair<String>,
    pub region: Pair<String>,
    pub owner: Pair<String>,
    pub program: Pair<String>,
    pub period: Pair<String>,
    pub esf_grant_sek: Pair<u64>,
    pub total_budget_sek: Pair<u64>,
    pub kommuner: Pair<usize>,
    pub periods_overlap: Option<bool>,
}

/// `compare --json` and `/api/compare`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compare {
    pub a: Header,
    pub b: Header,
    pub sections: Vec<ComparedSection>,
    pub kommuner_common: Vec<String>,
    pub kommuner_only_a: Vec<String>,
    pub kommuner_only_b: Vec<String>,
    pub facts: Facts,
}

/// `facets --json`: field → value → documents, in count order.
pub type Facets = IndexMap<String, IndexMap<String, u64>>;

/// `facets --by-region --json`: region → its count and kommun counts.
pub type ByRegion = IndexMap<String, Region>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub count: u64,
    pub kommun: IndexMap<String, u64>,
}

#[test]
fn decode_refuses_a_field_added_to_or_dropped_from_the_format() {
    let record = r#"{"count": 3, "kommun": {"Umeå": 3}}"#;
    assert_eq!(decode::<Region>(record).count, 3);
    let added = r#"{"count": 3, "kommun": {"Umeå": 3}, "lan": "Västerbotten"}"#;
    assert!(std::panic::catch_unwind(|| decode::<Region>(added)).is_err());
    let hit = r#"{"path": "a", "title": "t", "score": null, "sort_value": null, "region": null,
        "phase": null, "program": null, "owner": null, "kommuner": [], "esf_grant_sek": null,
        "total_budget_sek": null, "period_start": null, "period_end": null, "lang": null,
        "inferred": [], "snippet": null, "snippet_section": null}"#;
    assert_eq!(decode::<Hit>(hit).path, "a");
    // An Option field that disappears decodes as None; re-encoding it tells.
    let dropped = hit.replace(r#""snippet_section": null"#, r#""snippet_sectio": null"#);
    assert!(std::panic::catch_unwind(|| decode::<Hit>(&dropped)).is_err());
    let without = hit.replace(r#", "snippet_section": null"#, "");
    assert!(std::panic::catch_unwind(|| decode::<Hit>(&without)).is_err());
}

/// `search --count --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Count {
    pub total: usize,
    pub facets: IndexMap<String, IndexMap<String, u64>>,
}

/// `info --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Info {
    pub index: String,
    pub index_from: String,
    pub generation: String,
    pub schema_version: u32,
    pub documents: u64,
    pub formats: IndexMap<String, u64>,
    pub languages: IndexMap<String, u64>,
    pub facets: IndexMap<String, IndexMap<String, u64>>,
    pub bytes: u64,
    pub segments: usize,
    pub built_at: Option<String>,
    pub updated_at: Option<String>,
    pub sources: Vec<String>,
    pub analyzer: Analyzer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Analyzer {
    pub stemmer: String,
    pub compounds: bool,
    pub synonyms_built_in: usize,
    pub synonyms_file: Option<String>,
}
