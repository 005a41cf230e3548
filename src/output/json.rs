//! JSON wire types: their own serde structs, so the format is stable whatever the library's
//! internal types do. The format is documented in README.md ("JSON output").
//!
//! - `search --json`: `{"query", "total", "with_every_word", "hits": [Hit], "facets":
//!   {"region": {"value": n}}, "warnings": [text], "did_you_mean": {"query", "applied"} or
//!   null}`; `with_every_word` is how many of the
//!   `total` matches have every word of the query (the others have most of them, as the
//!   coverage rule in README.md's query syntax says; ranked by score, those with every word
//!   come first); a hit's `score` is null where nothing was ranked (filters alone, `--sort`),
//!   and its `sort_value` is the value `--sort` orders by: whole SEK or an ISO date, else
//!   null. `did_you_mean` is the query with its mistyped words corrected; `applied` when the
//!   hits are the corrected query's, because the query as typed found nothing.
//! - `show --json`: one [`Shown`]: the [`Record`] with every section's text, and (for a
//!   document that has some) `versions`:
//!   `[{"path", "title", "kind", "similarity"}]`, the document's versions as the index linked
//!   them (`kind` `near-duplicate`, `similar text` or `similar title`; `similarity` the
//!   estimated Jaccard similarity of the two texts' word 3-shingles, null where one is too
//!   short to compare).
//! - `search --count --json`: `{"total", "facets"}`, the same counts as a search's.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::search::{Hit as SearchHit, Results, Snippet, SortValue as SearchSortValue};

/// The value a hit was ordered by: an amount in whole SEK or an ISO date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SortValue {
    Sek(u64),
    Date(String),
}

impl SortValue {
    fn of(value: &SearchSortValue) -> Option<SortValue> {
        match value {
            SearchSortValue::Grant(amount) | SearchSortValue::Budget(amount) => {
                amount.map(SortValue::Sek)
            }
            SearchSortValue::Start(date) => date.clone().map(SortValue::Date),
        }
    }
}

/// `search --count --json`: the number of matches and the facet counts of them all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    pub total: usize,
    pub facets: IndexMap<String, IndexMap<String, u64>>,
}

/// One search hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub path: String,
    pub title: String,
    /// Null where nothing was ranked.
    pub score: Option<f32>,
    /// The value of `--sort grant|budget|start`; null when ordered by score or the document
    /// has no such value.
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
    /// The snippet with matched words between « and ».
    pub snippet: Option<String>,
    /// The section the snippet comes from (summary, background, …).
    pub snippet_section: Option<String>,
    /// With `--collapse`: the paths of the other matching documents of its cluster of
    /// near-duplicates, folded into this hit; absent without `--collapse`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versions: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Search {
    pub query: String,
    /// Matching documents; with `--collapse`, clusters of near-duplicates (a document in none
    /// its own).
    pub total: usize,
    /// With `--collapse`: the matching documents before collapsing; absent without.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents: Option<usize>,
    /// Of `total`, the matches with every word of the query; ranked by score, they come first.
    #[serde(default)]
    pub with_every_word: usize,
    pub hits: Vec<Hit>,
    /// Facet field → value → number of matching documents, in count order.
    pub facets: IndexMap<String, IndexMap<String, u64>>,
    /// What the user should know about the answer (the same lines human output prints on
    /// standard error): a filter value no document has, words left out as stop words, a
    /// search relaxed to some of the words.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// The query with its mistyped words corrected; null when none look mistyped.
    #[serde(default)]
    pub did_you_mean: Option<DidYouMean>,
}

/// A corrected query: `applied` when the hits are its hits, because the query as typed found
/// nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DidYouMean {
    pub query: String,
    pub applied: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub section: String,
    pub heading: String,
    /// "sv" or "en": the section's own where it is long enough to tell, else the document's.
    #[serde(default)]
    pub lang: Option<String>,
    pub text: String,
}

/// The full record of one document (`show --json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Values as the page wrote them where projsok replaced them with the canonical name:
    /// `{"kommuner": ["Malmö stad"], "region": ["Väst"]}`.
    #[serde(default)]
    pub as_written: IndexMap<String, Vec<String>>,
    /// What could not be parsed, or was read with a fallback encoding.
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// A version of a shown document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Version {
    pub path: String,
    pub title: String,
    pub kind: String,
    pub similarity: Option<f32>,
}

impl From<&crate::search::collapse::Version> for Version {
    fn from(version: &crate::search::collapse::Version) -> Version {
        Version {
            path: version.path.clone(),
            title: version.title.clone(),
            kind: version.kind.name().to_string(),
            similarity: version.similarity,
        }
    }
}

/// `show --json` and `/api/show/{id}`: the record and its versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shown {
    #[serde(flatten)]
    pub record: Record,
    /// Absent for a document without versions, so that a record reads as `export` writes it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<Version>,
    /// `/api/show/{id}?q=` only: each section's text (one per `sections`) with « » around the
    /// words the query matches, as a search's snippets mark them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marked_sections: Option<Vec<String>>,
}

impl Shown {
    pub fn new(doc: &Document, versions: &[crate::search::collapse::Version]) -> Shown {
        Shown {
            record: Record::from(doc),
            versions: versions.iter().map(Version::from).collect(),
            marked_sections: None,
        }
    }

    /// With each section's text marked at `highlights` (byte ranges, one list per section).
    pub fn marked(mut self, doc: &Document, highlights: Vec<Vec<(usize, usize)>>) -> Shown {
        let marked = doc.sections.iter().zip(highlights).map(|(section, highlights)| {
            let text = section.text.clone();
            marked_snippet(&Snippet { section: section.kind, text, highlights }, "«", "»")
        });
        self.marked_sections = Some(marked.collect());
        self
    }
}

fn snake(value: impl Serialize) -> Option<String> {
    serde_json::to_value(value).ok().and_then(|value| value.as_str().map(str::to_string))
}

/// The snippet text with « » around each highlight.
pub fn marked_snippet(snippet: &Snippet, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(snippet.text.len() + 8);
    let mut at = 0;
    for &(from, to) in &snippet.highlights {
        // A range off the text or inside a character is skipped rather than cut it.
        if from < at || snippet.text.get(from..to).is_none() {
            continue;
        }
        out.push_str(&snippet.text[at..from]);
        out.push_str(open);
        out.push_str(&snippet.text[from..to]);
        out.push_str(close);
        at = to;
    }
    out.push_str(&snippet.text[at..]);
    out
}

impl From<&SearchHit> for Hit {
    fn from(hit: &SearchHit) -> Hit {
        let doc = &hit.doc;
        Hit {
            path: doc.path.clone(),
            title: doc.title.clone(),
            score: hit.score,
            sort_value: hit.sort_value.as_ref().and_then(SortValue::of),
            region: doc.region.clone(),
            phase: doc.phase.clone(),
            program: doc.program.clone(),
            owner: doc.owner.clone(),
            kommuner: doc.kommuner.clone(),
            esf_grant_sek: doc.esf_grant_sek,
            total_budget_sek: doc.total_budget_sek,
            period_start: doc.period_start.clone(),
            period_end: doc.period_end.clone(),
            lang: doc.lang.clone(),
            inferred: doc.inferred.clone(),
            snippet: hit.snippet.as_ref().map(|snippet| marked_snippet(snippet, "«", "»")),
            snippet_section: hit.snippet.as_ref().and_then(|snippet| snake(snippet.section)),
            versions: hit.versions.clone(),
        }
    }
}

impl Search {
    pub fn new(query: &str, results: &Results) -> Search {
        Search {
            query: query.to_string(),
            total: results.total,
            documents: results.documents,
            with_every_word: results.with_every_word,
            hits: results.hits.iter().map(Hit::from).collect(),
            facets: results
                .facets
                .iter()
                .map(|(field, counts)| (field.name().to_string(), counts.iter().cloned().collect()))
                .collect(),
            warnings: results.warnings.clone(),
            did_you_mean: results.did_you_mean.as_ref().map(|corrected| DidYouMean {
                query: corrected.query.clone(),
                applied: corrected.applied,
            }),
        }
    }
}

impl From<&Document> for Record {
    fn from(doc: &Document) -> Record {
        Record {
            path: doc.path.clone(),
            format: doc.format.and_then(snake),
            title: doc.title.clone(),
            program: doc.program.clone(),
            phase: doc.phase.clone(),
            owner: doc.owner.clone(),
            contact: doc.contact.clone(),
            email: doc.email.clone(),
            phone: doc.phone.clone(),
            esf_grant_sek: doc.esf_grant_sek,
            total_budget_sek: doc.total_budget_sek,
            period_start: doc.period_start.clone(),
            period_end: doc.period_end.clone(),
            region: doc.region.clone(),
            kommuner: doc.kommuner.clone(),
            partners: doc.partners.clone(),
            cofinanciers: doc.cofinanciers.clone(),
            participants: doc.participants.clone(),
            lang: doc.lang.clone(),
            inferred: doc.inferred.clone(),
            sections: doc
                .sections
                .iter()
                .enumerate()
                .map(|(index, section)| Section {
                    section: snake(section.kind).unwrap_or_default(),
                    heading: section.heading.clone(),
                    lang: doc.section_langs.get(index).cloned(),
                    text: section.text.clone(),
                })
                .collect(),
            as_written: doc
                .as_written
                .iter()
                .map(|(field, values)| (field.clone(), values.clone()))
                .collect(),
            warnings: doc.warnings.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::SectionKind;

    #[test]
    fn snippet_marks_each_highlight() {
        let snippet = Snippet {
            section: SectionKind::Summary,
            text: "om socialt företagande här".to_string(),
            highlights: vec![(3, 10), (11, 23)],
        };
        assert_eq!(marked_snippet(&snippet, "«", "»"), "om «socialt» «företagande» här");
    }
}
