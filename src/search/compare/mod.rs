//! Side-by-side comparison of two documents: how alike each pair of sections is, which
//! distinctive terms they share and which only one of them has, and their kommuner.
//!
//! Each section becomes a tf-idf vector over its stems (see [`super::vectors::Vector`]): a
//! stem weighs `ln(1 + tf) · idf`, with tf its count in the section (the parts of compounds
//! counted at the compound-parts boost) and idf from the whole index, so a word every document
//! uses counts for little and a repeated word does not drown the rest. Numbers, stems under
//! three letters and place names are left out. Two sections' similarity is the cosine
//! of their vectors, from 0 (no stem in common) to 1 (the same words in the same proportions).
//! Shared terms are ranked by their share of the cosine (the product of their two weights),
//! terms of one side only by their weight there: how distinctive they are in the whole index.
//!
//! Besides the sections both documents have, the whole problem description is compared as in
//! `similar` (the sections and title with [`super::similar`]'s weights, boilerplate left out),
//! so that a plain document without sections can be compared with an ESF page.
//!
//! Sentence by sentence ([`align`], with [`sentences`] splitting them) and many documents at
//! once ([`matrix`]) have modules of their own.

pub mod align;
pub mod matrix;
pub mod sentences;

use std::collections::HashMap;

use super::similar::{find, Scope};
use super::vectors::{words, DocFreqs, TermCounts, Vector};
use super::Engine;
use crate::analysis::synonyms::Synonyms;
use crate::document::{Document, SectionKind};
use crate::error::{Error, Result};
use crate::index::schema::PARTS_BOOST;

/// One section pair (or the whole problem description when `section` is `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct SectionComparison {
    pub section: Option<SectionKind>,
    /// Cosine similarity, 0 to 1.
    pub score: f32,
    pub shared_terms: Vec<String>,
    pub only_a: Vec<String>,
    pub only_b: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Comparison {
    pub a: Document,
    pub b: Document,
    pub sections: Vec<SectionComparison>,
    /// Kommuner both documents name, in `a`'s order.
    pub kommuner_common: Vec<String>,
    pub kommuner_only_a: Vec<String>,
    pub kommuner_only_b: Vec<String>,
}

/// All text of one kind in `doc`, sections of that kind joined (an ESF page can have several
/// unknown headings).
fn section_text(doc: &Document, kind: SectionKind) -> Option<String> {
    let texts: Vec<&str> = doc
        .sections
        .iter()
        .filter(|section| section.kind == kind && !section.text.trim().is_empty())
        .map(|section| section.text.as_str())
        .collect();
    (!texts.is_empty()).then(|| texts.join("\n\n"))
}

/// The stems of one section kind of `doc`.
pub(crate) fn section_counts(doc: &Document, kind: SectionKind) -> Option<TermCounts> {
    let text = section_text(doc, kind)?;
    let mut counts = TermCounts::default();
    counts.add_text_and_parts(&text, 1.0, PARTS_BOOST);
    Some(counts)
}

/// The two documents a pair of ids names; two ids of one document are refused as a matrix
/// refuses them, since a document compared with itself is alike everywhere and tells nothing.
fn find_pair(
    index: &crate::index::OpenIndex,
    searcher: &tantivy::Searcher,
    a_id: &str,
    b_id: &str,
) -> Result<(Document, Document)> {
    let (a, _) = find(index, searcher, a_id)?;
    let (b, _) = find(index, searcher, b_id)?;
    if a.path == b.path {
        return Err(named_twice(b_id, &b.path));
    }
    Ok((a, b))
}

/// The error for an id that names a document an earlier id named.
fn named_twice(id: &str, path: &str) -> Error {
    if id == path {
        Error::argument(id, "is named twice; compare different documents")
    } else {
        Error::argument(
            id,
            format!("names {path}, which is named already; compare different documents"),
        )
    }
}

/// Compares two documents; `section` restricts the comparison to one section kind, `terms` is
/// how many terms each list holds.
pub fn compare(
    engine: &Engine,
    a_id: &str,
    b_id: &str,
    section: Option<SectionKind>,
    terms: usize,
) -> Result<Comparison> {
    let index = engine.index();
    let searcher = index.searcher();
    let (a, b) = find_pair(index, &searcher, a_id, b_id)?;
    let freqs = DocFreqs::new(&searcher, &index.fields);

    let mut pairs: Vec<(Option<SectionKind>, TermCounts, TermCounts)> = Vec::new();
    match section {
        Some(kind) => {
            let missing = |doc: &Document| {
                Error::argument(
                    "--section",
                    format!("{} has no {} section", doc.path, kind.heading()),
                )
            };
            let a_counts = section_counts(&a, kind).ok_or_else(|| missing(&a))?;
            let b_counts = section_counts(&b, kind).ok_or_else(|| missing(&b))?;
            pairs.push((Some(kind), a_counts, b_counts));
        }
        None => {
            pairs.push((None, Scope::All.counts(&a), Scope::All.counts(&b)));
            for kind in SectionKind::ALL {
                if let (Some(a_counts), Some(b_counts)) =
                    (section_counts(&a, kind), section_counts(&b, kind))
                {
                    pairs.push((Some(kind), a_counts, b_counts));
                }
            }
        }
    }
    let mut sections = Vec::new();
    for (kind, a_counts, b_counts) in pairs {
        let a_vector = Vector::new(a_counts, &freqs)?;
        let b_vector = Vector::new(b_counts, &freqs)?;
        sections.push(SectionComparison {
            section: kind,
            score: a_vector.cosine(&b_vector),
            shared_terms: words(
                a_vector.shared(&b_vector),
                |stem| a_vector.shared_surface(&b_vector, stem),
                &freqs,
                terms,
            )?,
            only_a: words(a_vector.only(&b_vector), |stem| a_vector.surface(stem), &freqs, terms)?,
            only_b: words(b_vector.only(&a_vector), |stem| b_vector.surface(stem), &freqs, terms)?,
        });
    }

    let key = |name: &str| name.trim().to_lowercase();
    let in_b: HashMap<String, ()> = b.kommuner.iter().map(|name| (key(name), ())).collect();
    let in_a: HashMap<String, ()> = a.kommuner.iter().map(|name| (key(name), ())).collect();
    let mut kommuner_common = Vec::new();
    let mut kommuner_only_a = Vec::new();
    for name in &a.kommuner {
        let list =
            if in_b.contains_key(&key(name)) { &mut kommuner_common } else { &mut kommuner_only_a };
        if !list.contains(name) {
            list.push(name.clone());
        }
    }
    let mut kommuner_only_b: Vec<String> = Vec::new();
    for name in &b.kommuner {
        if !in_a.contains_key(&key(name)) && !kommuner_only_b.contains(name) {
            kommuner_only_b.push(name.clone());
        }
    }
    Ok(Comparison { a, b, sections, kommuner_common, kommuner_only_a, kommuner_only_b })
}

/// Two documents aligned sentence by sentence (see [`align`]) within `section`, the problem
/// description if `None`.
pub fn align_documents(
    engine: &Engine,
    a_id: &str,
    b_id: &str,
    section: Option<SectionKind>,
    synonyms: &Synonyms,
) -> Result<(Document, Document, align::Alignment)> {
    let index = engine.index();
    let searcher = index.searcher();
    let (a, b) = find_pair(index, &searcher, a_id, b_id)?;
    let freqs = DocFreqs::new(&searcher, &index.fields);
    let alignment = align::align(&a, &b, section, &freqs, synonyms)?;
    Ok((a, b, alignment))
}

/// The similarity matrix of the documents `ids` name (see [`matrix`]).
pub fn matrix_of(
    engine: &Engine,
    ids: &[String],
    section: Option<SectionKind>,
) -> Result<matrix::Matrix> {
    let index = engine.index();
    let searcher = index.searcher();
    let mut docs: Vec<Document> = Vec::with_capacity(ids.len());
    for id in ids {
        let (doc, _) = find(index, &searcher, id)?;
        if docs.iter().any(|known| known.path == doc.path) {
            return Err(named_twice(id, &doc.path));
        }
        docs.push(doc);
    }
    let freqs = DocFreqs::new(&searcher, &index.fields);
    matrix::matrix(docs, section, &freqs)
}

/// The documents a search finds first (its `limit`), by path, for a matrix of a result set;
/// `name` is how the caller names the query in an error (`--from`, `q`).
pub fn ids_from_query(
    engine: &Engine,
    synonyms: &Synonyms,
    name: &str,
    request: &super::Request,
) -> Result<Vec<String>> {
    let query = &request.query;
    let results = super::search(engine, synonyms, request)?;
    let ids: Vec<String> = results.hits.into_iter().map(|hit| hit.doc.path).collect();
    if ids.len() < 2 {
        return Err(Error::argument(
            name,
            format!(
                "{query:?} finds {}; a matrix needs two",
                crate::output::numbers::count(ids.len() as u64, "document", "documents")
            ),
        ));
    }
    Ok(ids)
}
