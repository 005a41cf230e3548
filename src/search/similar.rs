//! Related projects: the documents most like a given one (or a pasted text) in what they say
//! about their problem and aims.
//!
//! A document's *problem description* is the text of its title and its problem-description
//! sections, each counted with its field's boost from [`crate::index::schema`] (so that the
//! one table of field weights serves search and similarity alike); everything else weighs
//! nothing:
//!
//! | text | weight | why |
//! |---|---|---|
//! | title | 3.0 | a project's own name for its topic (a few words, so "some" in all) |
//! | Sammanfattning | 2.0 | written to be read first; says what the project does |
//! | Syfte, Målsättning | 1.5 | the aims |
//! | Bakgrund | 1.2 | the problem, at length |
//! | other text | 1.0 | unknown headings, and the whole body of documents without sections |
//! | Tillgänglighet, Jämställdhetsintegrering, Transnationellt samarbete | 0 | boilerplate every ESF page has |
//! | header, contact details, partners, kommun lists | 0 | who and where, not what |
//!
//! Similarity is found in two stages, both on the stems the index holds (the source is analysed
//! with [`crate::analysis::SV`], the chain of the text fields):
//!
//! 1. **Candidates.** The source's most distinctive stems (at most [`MAX_TERMS`], ranked by
//!    tf·idf as Lucene's MoreLikeThis ranks them; no numbers, no stems under three letters,
//!    none that a quarter of a large index holds, no place names, and in a long source only
//!    stems it uses twice) are looked up in the problem-description fields. Every document
//!    holding one is scored with BM25F: its field frequencies are added up with the weights
//!    above before saturation, and its length is the weighted length of those fields.
//! 2. **Ranking.** The best [`RERANKED`] candidates are ranked by the cosine of their whole
//!    problem description's tf-idf vector with the source's (see [`super::vectors::Vector`]):
//!    all shared words count, not only the query's, and a document that talks about much
//!    else scores lower. The score shown is that cosine (0 to 1), the same number
//!    `compare` gives the two documents' problem descriptions. The terms shown per hit are
//!    the shared stems with the largest share of it, as the source writes them.
//!
//! Why not tantivy's `MoreLikeThisQuery`: it builds its vector from every stored field (the
//! boilerplate and kommun lists included), cannot weigh sections, returns the source itself
//! and, with its defaults, nothing at all on a small index. Why not a BooleanQuery of term
//! queries over the section fields: tantivy's BM25 takes a field's average length over all
//! documents, so in an index where most documents are plain text, a term in an ESF page's
//! Bakgrund scores next to nothing; and a term that stands in four sections of an ESF page
//! would count four times against once in a plain document. BM25F over the fields together
//! has neither problem.
//!
//! A document is never its own neighbour: hits with the source's path or the same file
//! content (an indexed copy; for a text source, a file of exactly that text) are left out.

use std::collections::{HashMap, HashSet};

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::postings::Postings;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Searcher, TantivyDocument, Term, TERMINATED};

use super::facets::FacetValues;
use super::vectors::{idf, is_place, is_word, DocFreqs, TermCounts, Vector};
use super::{filter_queries, Filters};
use crate::document::{self, Document, SectionKind};
use crate::error::{Error, Result};
use crate::index::schema::{section_field_name, Fields, TEXT_FIELDS};
use crate::index::OpenIndex;

/// Most stems in the query built from a source.
pub const MAX_TERMS: usize = 30;
/// Candidates of the first stage that the second ranks by cosine (at least; ten per hit asked).
pub const RERANKED: usize = 100;
/// Terms reported per hit as the reason it is similar.
pub const TERMS_PER_HIT: usize = 8;
/// The fields of a problem description; their weights are their search boosts.
pub const PROBLEM_FIELDS: [&str; 6] =
    ["title", "summary", "purpose", "goal", "background", "other"];
/// A source of at least this many tokens is long enough to ask a term to occur twice.
const LONG_SOURCE_TOKENS: usize = 200;
/// BM25 parameters (tantivy's own values).
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// The weight of a field in a problem description: its search boost if it is one of
/// [`PROBLEM_FIELDS`], else 0.
pub fn field_weight(field: &str) -> f32 {
    if !PROBLEM_FIELDS.contains(&field) {
        return 0.0;
    }
    TEXT_FIELDS.iter().find(|(name, _)| *name == field).map(|(_, boost)| *boost).unwrap_or(0.0)
}

/// The weight of a section in a problem description.
pub fn section_weight(kind: SectionKind) -> f32 {
    field_weight(section_field_name(kind))
}

/// Which part of the documents a similarity looks at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    /// The whole problem description (the weighted sections and the title).
    #[default]
    All,
    /// One section in the source and in the targets.
    Section(SectionKind),
}

impl Scope {
    /// The stems of `doc` within this scope, each occurrence counted with its text's weight.
    pub fn counts(self, doc: &Document) -> TermCounts {
        let mut counts = TermCounts::default();
        if self == Scope::All && !doc.title.is_empty() {
            counts.add_text(&doc.title, field_weight("title"));
        }
        for section in &doc.sections {
            let weight = match self {
                Scope::All => section_weight(section.kind),
                Scope::Section(kind) if kind == section.kind => 1.0,
                Scope::Section(_) => 0.0,
            };
            if weight > 0.0 {
                counts.add_text(&section.text, weight);
            }
        }
        counts
    }

    /// The index fields searched within this scope, with their weights.
    fn target_fields(self, fields: &Fields) -> Vec<(Field, f32)> {
        match self {
            Scope::All => {
                PROBLEM_FIELDS.iter().map(|name| (fields.named(name), field_weight(name))).collect()
            }
            Scope::Section(kind) => vec![(fields.named(section_field_name(kind)), 1.0)],
        }
    }
}

/// What to find neighbours of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// An indexed document, by id (its path as indexed).
    Id(String),
    /// Free text, e.g. a new application; parsed like a file, so an ESF page keeps its sections.
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub source: Source,
    pub scope: Scope,
    pub filters: Filters,
    pub limit: usize,
}

/// One stem of the query built from the source.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryTerm {
    pub stem: String,
    /// The stem as the source writes it most often.
    pub word: String,
    /// The stem's weight in the query: (1 + ln tf) in the source, times idf.
    pub weight: f32,
    /// Documents in the index holding the stem.
    pub doc_freq: u64,
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub doc: Document,
    pub score: f32,
    /// The source's words that contributed most to the score, most first.
    pub terms: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Similar {
    /// The source's id; `None` for a text.
    pub source: Option<String>,
    pub source_title: String,
    /// The query, most distinctive stem first.
    pub terms: Vec<QueryTerm>,
    pub hits: Vec<Hit>,
    /// Things the user should know, e.g. a filter value no document has.
    pub warnings: Vec<String>,
}

/// The record and content hash of the document with this id.
pub fn find(searcher: &Searcher, fields: &Fields, id: &str) -> Result<(Document, Option<u64>)> {
    let query = TermQuery::new(Term::from_field_text(fields.path, id), IndexRecordOption::Basic);
    let found = searcher
        .search(&query, &TopDocs::with_limit(1).order_by_score())
        .map_err(|err| Error::index("index", err))?;
    match found.first() {
        Some((_, address)) => stored(searcher, fields, *address),
        None => Err(Error::NotFound { id: id.to_string() }),
    }
}

fn stored(
    searcher: &Searcher,
    fields: &Fields,
    address: DocAddress,
) -> Result<(Document, Option<u64>)> {
    let stored: TantivyDocument =
        searcher.doc(address).map_err(|err| Error::index("index", err))?;
    let hash = stored.get_first(fields.content_hash).and_then(|value| value.as_u64());
    let bytes = stored
        .get_first(fields.record)
        .and_then(|value| value.as_bytes())
        .ok_or_else(|| Error::index("index", "a document has no stored record"))?;
    let doc = serde_json::from_slice(bytes).map_err(|err| Error::index("index", err))?;
    Ok((doc, hash))
}

/// The most distinctive stems of `counts`, at most [`MAX_TERMS`], ranked by tf·idf as
/// Lucene's MoreLikeThis ranks them. A stem must be in at least `min_doc_freq` documents (an
/// indexed source's stems that no other document has find nothing), and in a long source it
/// must occur twice: a word said once is no topic. Names of places are left out.
pub fn select_terms(
    counts: &TermCounts,
    freqs: &DocFreqs,
    min_doc_freq: u64,
) -> Result<Vec<QueryTerm>> {
    let num_docs = freqs.num_docs();
    let min_tf = if counts.tokens() >= LONG_SOURCE_TOKENS { 2.0 } else { 0.0 };
    let mut ranked = Vec::new();
    for (stem, tf) in counts.iter() {
        if !is_word(stem) || tf < min_tf {
            continue;
        }
        let doc_freq = freqs.doc_freq(stem)?;
        if doc_freq < min_doc_freq.max(1) {
            continue;
        }
        if freqs.is_common(stem)? {
            continue;
        }
        let word = counts.surface(stem);
        if counts.is_name(stem) && is_place(&word) {
            continue;
        }
        let idf = idf(doc_freq, num_docs);
        let term =
            QueryTerm { stem: stem.to_string(), word, weight: (1.0 + tf.ln()) * idf, doc_freq };
        ranked.push((tf * idf, term));
    }
    ranked.sort_by(|(a, a_term), (b, b_term)| {
        b.total_cmp(a).then_with(|| a_term.stem.cmp(&b_term.stem))
    });
    ranked.truncate(MAX_TERMS);
    let terms: Vec<QueryTerm> = ranked.into_iter().map(|(_, term)| term).collect();
    Ok(terms)
}

/// A candidate of the first stage with its BM25F score.
struct Scored {
    score: f32,
    address: DocAddress,
}

/// Scores every document holding a query term in a target field, with BM25F.
fn score_all(
    searcher: &Searcher,
    terms: &[QueryTerm],
    targets: &[(Field, f32)],
    allowed: Option<&HashSet<DocAddress>>,
) -> tantivy::Result<Vec<Scored>> {
    let num_docs = searcher.num_docs().max(1) as f32;
    let mut total_len = 0.0f32;
    for segment in searcher.segment_readers() {
        for &(field, weight) in targets {
            total_len += weight * segment.inverted_index(field)?.total_num_tokens() as f32;
        }
    }
    let average_len = (total_len / num_docs).max(1.0);
    let mut scored = Vec::new();
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        // Weighted frequency of each query term in each candidate document.
        let mut frequencies: HashMap<u32, Vec<f32>> = HashMap::new();
        for &(field, weight) in targets {
            let inverted = segment.inverted_index(field)?;
            for (index, term) in terms.iter().enumerate() {
                let term = Term::from_field_text(field, &term.stem);
                let Some(mut postings) =
                    inverted.read_postings(&term, IndexRecordOption::WithFreqs)?
                else {
                    continue;
                };
                while postings.doc() != TERMINATED {
                    let entry =
                        frequencies.entry(postings.doc()).or_insert_with(|| vec![0.0; terms.len()]);
                    entry[index] += weight * postings.term_freq() as f32;
                    postings.advance();
                }
            }
        }
        let norms = targets
            .iter()
            .map(|&(field, weight)| Ok((segment.get_fieldnorms_reader(field)?, weight)))
            .collect::<tantivy::Result<Vec<_>>>()?;
        for (doc, frequencies) in frequencies {
            let address = DocAddress::new(segment_ord as u32, doc);
            if segment.alive_bitset().is_some_and(|alive| !alive.is_alive(doc))
                || allowed.is_some_and(|allowed| !allowed.contains(&address))
            {
                continue;
            }
            let len: f32 =
                norms.iter().map(|(norm, weight)| weight * norm.fieldnorm(doc) as f32).sum();
            let norm = K1 * (1.0 - B + B * len / average_len);
            let score = frequencies
                .iter()
                .zip(terms)
                .filter(|(tf, _)| **tf > 0.0)
                .map(|(&tf, term)| term.weight * tf * (K1 + 1.0) / (tf + norm))
                .sum();
            scored.push(Scored { score, address });
        }
    }
    scored.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.address.cmp(&b.address)));
    Ok(scored)
}

/// The documents most like the request's source, best first.
pub fn similar(index: &OpenIndex, request: &Request) -> Result<Similar> {
    let searcher = index.searcher();
    let fields = &index.fields;
    let index_error = |err: tantivy::TantivyError| Error::index(&index.dir, err);
    let (doc, id, hash) = match &request.source {
        Source::Id(id) => {
            let (doc, hash) = find(&searcher, fields, id)?;
            (doc, Some(id.clone()), hash)
        }
        Source::Text(text) => {
            let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
            (document::parse("-", text).doc, None, Some(hash))
        }
    };
    let name = id.clone().unwrap_or_else(|| "the text".to_string());
    let counts = request.scope.counts(&doc);
    if let (Scope::Section(kind), true) = (request.scope, counts.is_empty()) {
        return Err(Error::argument(
            "--field",
            format!("{name} has no {} section", kind.heading()),
        ));
    }
    let freqs = DocFreqs::new(&searcher, fields);
    let terms = select_terms(&counts, &freqs, if id.is_some() { 2 } else { 1 })?;
    let mut similar = Similar {
        source: id.clone(),
        source_title: doc.title.clone(),
        terms,
        hits: Vec::new(),
        warnings: Vec::new(),
    };
    if similar.terms.is_empty() {
        similar.warnings.push(format!("{name} has no words that other documents share"));
        return Ok(similar);
    }

    let facet_values = FacetValues::read(&searcher, fields).map_err(index_error)?;
    let filters = filter_queries(fields, &facet_values, &request.filters, &mut similar.warnings);
    let allowed = if filters.is_empty() {
        None
    } else {
        let clauses: Vec<(Occur, Box<dyn Query>)> =
            filters.into_iter().map(|query| (Occur::Must, query)).collect();
        Some(searcher.search(&BooleanQuery::new(clauses), &DocSetCollector).map_err(index_error)?)
    };
    let targets = request.scope.target_fields(fields);
    let scored =
        score_all(&searcher, &similar.terms, &targets, allowed.as_ref()).map_err(index_error)?;
    let source_vector = Vector::new(counts, &freqs)?;
    let pool = RERANKED.max(request.limit.saturating_mul(10));
    let mut reranked = Vec::new();
    for candidate in scored {
        if reranked.len() >= pool {
            break;
        }
        let (doc, doc_hash) = stored(&searcher, fields, candidate.address)?;
        if Some(&doc.path) == id.as_ref() || (hash.is_some() && doc_hash == hash) {
            continue;
        }
        let vector = Vector::new(request.scope.counts(&doc), &freqs)?;
        reranked.push((source_vector.cosine(&vector), candidate.score, doc, vector));
    }
    reranked.sort_by(|a, b| {
        b.0.total_cmp(&a.0).then_with(|| b.1.total_cmp(&a.1)).then_with(|| a.2.path.cmp(&b.2.path))
    });
    for (score, _, doc, vector) in reranked.into_iter().take(request.limit) {
        let terms = source_vector
            .shared(&vector)
            .into_iter()
            .take(TERMS_PER_HIT)
            .map(|(stem, _)| source_vector.surface(&stem))
            .collect();
        similar.hits.push(Hit { doc, score, terms });
    }
    Ok(similar)
}
