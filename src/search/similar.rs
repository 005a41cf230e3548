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
//! Compound words also count by their parts ("etableringsprocessen" speaks of "etablering"),
//! with the schema's boost of the compound-parts field (0.35) times their text's weight.
//!
//! Similarity is found in two stages, both on the stems the index holds (texts are analysed
//! with [`crate::analysis::SV`] and [`crate::analysis::PARTS`], the chains of the indexed
//! fields):
//!
//! 1. **Candidates.** The source's most distinctive stems (at most [`MAX_TERMS`], ranked by
//!    tf·idf as Lucene's MoreLikeThis ranks them; no numbers, no stems under three letters,
//!    none that a quarter of a large index holds, no place names, and in a long source only
//!    stems it uses twice) form a BooleanQuery of term queries, each boosted by its weight in
//!    the source, over the catch-all `body`, and a fifth as many again over the problem
//!    sections of the documents that have them (with `--field`, that section's field alone).
//!    The facet and numeric filters restrict it without scoring; the source's own path is
//!    excluded.
//! 2. **Ranking.** The best [`RERANKED`] candidates (and those of the sections) are ranked by the cosine of their whole
//!    problem description's tf-idf vector with the source's (see [`super::vectors::Vector`]):
//!    all shared words count, not only the query's, the boilerplate, partners and kommun
//!    lists in `body` count for nothing, and a document that talks about much else scores
//!    lower. Each stem weighs its tf-idf times its weight as evidence of a topic
//!    ([`super::evidence`]: the corpus's boilerplate learnt from the index, month names,
//!    common names and the ESF project-form vocabulary weigh little or nothing), in the query
//!    of the first stage too. The score shown is that cosine (0 to 1), the same number
//!    `compare` gives the two documents' problem descriptions, times the cosine of the two
//!    texts' meanings where the index has concepts (see [`Similarity`] and
//!    [`super::concepts`]), times [`substance_weight`] of the neighbour's running words
//!    (against the source's): a page of a title and a sentence shares all its few words with
//!    a source on its topic without saying anything about the problem. A candidate below
//!    [`MIN_SIMILARITY`] (a score of 0.00) is no neighbour. The terms shown per hit are the
//!    shared stems with the largest share of it, as the source writes them, one form per
//!    word and only those that carry meaning.
//! 3. **Versions and near-duplicates.** The source's versions as the index found them (the
//!    other members of its cluster of near-duplicates and the documents linked to it as
//!    versions, see [`crate::index::clusters`]: a bill and its lagrådsremiss, a copy, a
//!    Förprojektering and its Genomförande) are listed in [`Similar::versions`], never as
//!    neighbours. A hit in the cluster of a higher hit is collapsed into it
//!    ([`Hit::duplicates`]), so the hits shown are as many different documents: the one
//!    mechanism `--collapse` uses on search and export.
//!
//! Each of these steps can be switched off ([`Steps`]) so that `benches/related.rs` measures
//! what it brings on the judged related-documents set.
//!
//! Why not tantivy's `MoreLikeThisQuery`: it builds its vector from every stored field (the
//! boilerplate and kommun lists included), cannot weigh sections, returns the source itself
//! and, with its defaults (a term must occur twice in the source and in five documents),
//! nothing at all on a small index. Why not score the first stage over the section fields:
//! tantivy's BM25 takes a field's average length over all documents, so in an index where
//! most documents are plain text a term in an ESF page's Bakgrund scores next to nothing, and
//! a term in four sections of an ESF page would count four times against once in a plain
//! document; the catch-all is in every document, and the second stage weighs the sections.
//!
//! A document is never its own neighbour: hits with the source's path or the same file
//! content (an indexed copy; for a text source, a file of exactly that text) are left out.

use rayon::prelude::*;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, OwnedValue};
use tantivy::{DocAddress, Searcher, Term};

use super::budget::{self, Checked};
use super::concepts::{Link, Meaning};
use super::evidence::Evidence;
use super::vectors::{idf, is_place, is_word, words, DocFreqs, TermCounts, Vector};
use super::{filter_queries, Engine, Filters};
use crate::analysis::language::Lang;
use crate::document::{self, Document, SectionKind};
use crate::error::{Error, Result};
use crate::index::document::{StoredValues, STORED_ALL};
use crate::index::schema::{section_field, Fields, TextField, PARTS_BOOST};
use crate::index::OpenIndex;

/// Most stems in the query built from a source.
pub const MAX_TERMS: usize = 30;
/// Candidates of the first stage that the second ranks by cosine (at least; ten per hit asked up
/// to 50 hits, then two more per hit).
pub const RERANKED: usize = 100;
/// Terms reported per hit as the reason it is similar.
pub const TERMS_PER_HIT: usize = 8;
/// Pairs of words linked by the concepts reported per hit.
pub const LINKS_PER_HIT: usize = 4;
/// The power of the meanings' cosine in a neighbour's score (see [`Similarity`]): on the
/// judged related-documents set 0.5 scores as well as 1 (nDCG@10 0.740 against 0.731) and a
/// meaning far off crushes less: a short directive's twin at words 0.76 and meaning 0.10 keeps
/// 0.24, not 0.08 (benches/README.md, "Concepts").
pub const CONCEPT_POWER: f32 = 0.5;
/// The least similarity of a neighbour: below it the score shows as 0.00, and the hit shares
/// only boilerplate, project-form vocabulary or words in every other document.
pub const MIN_SIMILARITY: f32 = 0.005;
/// The sections a problem is described in, searched for candidates beside the catch-all.
const PROBLEM_SECTIONS: [TextField; 4] =
    [TextField::Summary, TextField::Background, TextField::Purpose, TextField::Goal];
/// The share of the pool the problem sections give (a fifth: the 20 of 100).
const SECTION_POOL_SHARE: usize = 5;
/// Running words (beside the title) from which a document counts as having a text of its own.
const SUBSTANTIAL_WORDS: usize = 40;
/// Running words below which a neighbour is thin however short the source: a one-word text
/// does not make a title-only page a neighbour in full.
const THIN_WORDS: usize = 10;
/// A source of at least this many tokens is long enough to ask a term to occur twice.
const LONG_SOURCE_TOKENS: usize = 200;

/// The weight of the title in a problem description: its search boost.
pub fn title_weight() -> f32 {
    TextField::Title.boost()
}

/// The weight of a section in a problem description: its field's search boost; text under
/// other headings weighs as the catch-all that holds it; the boilerplate sections nothing.
pub fn section_weight(kind: SectionKind) -> f32 {
    match kind {
        SectionKind::Accessibility | SectionKind::Equality | SectionKind::Transnational => 0.0,
        kind => section_field(kind).unwrap_or(TextField::Body).boost(),
    }
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
    /// The stems of `doc` within this scope, each occurrence counted with its text's weight,
    /// and the parts of its compounds with [`PARTS_BOOST`] of that.
    pub fn counts(self, doc: &Document) -> TermCounts {
        self.counts_and_substance(doc).0
    }

    /// [`Scope::counts`], and how many running words (see [`TermCounts::lowercase_tokens`])
    /// the document has in this scope beside its title: a deadline extension, a list of
    /// consultation bodies or a title-only page has next to none.
    pub fn counts_and_substance(self, doc: &Document) -> (TermCounts, usize) {
        let mut counts = TermCounts::default();
        let add = |counts: &mut TermCounts, text: &str, weight: f32| {
            counts.add_text_and_parts(text, weight, weight * PARTS_BOOST);
        };
        if self == Scope::All && !doc.title.is_empty() {
            add(&mut counts, &doc.title, title_weight());
        }
        let title_words = counts.lowercase_tokens();
        for section in &doc.sections {
            let weight = match self {
                Scope::All => section_weight(section.kind),
                Scope::Section(kind) if kind == section.kind => 1.0,
                Scope::Section(_) => 0.0,
            };
            if weight > 0.0 {
                add(&mut counts, &section.text, weight);
            }
        }
        let substance = counts.lowercase_tokens() - title_words;
        (counts, substance)
    }

    /// The fields candidates are looked up in, each with how many it gives: the catch-all,
    /// which every document has, and (for the whole problem description) the problem sections
    /// of the documents that have them; or the one section's field. The sections give their
    /// own few because in the catch-all BM25 weighs an ESF page (a long body of boilerplate,
    /// partners and kommun lists) down against short government texts: seed 001's nearest
    /// neighbour, seed 000, was not among its 100 best in the catch-all once its project
    /// vocabulary weighed little.
    fn candidate_fields(self, fields: &Fields, pool: usize) -> Vec<(Vec<Field>, usize)> {
        match self.section_field() {
            Some(field) => vec![(vec![fields.text(field)], pool)],
            None if self == Scope::All => {
                let sections = PROBLEM_SECTIONS.iter().map(|&field| fields.text(field)).collect();
                vec![(vec![fields.body], pool), (sections, pool / SECTION_POOL_SHARE)]
            }
            None => vec![(vec![fields.body], pool)],
        }
    }

    fn section_field(self) -> Option<TextField> {
        match self {
            Scope::All => None,
            Scope::Section(kind) => section_field(kind),
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
    /// Fold a hit's versions (same owner, a very similar text or title, see
    /// [`crate::index::clusters`]) into it as well as its near-duplicates, which are always
    /// folded.
    pub collapse: bool,
}

/// One stem of the query built from the source.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryTerm {
    pub stem: String,
    /// The stem as the source writes it most often.
    pub word: String,
    /// The stem's weight in the query: ln(1 + tf) in the source, times idf, times its weight
    /// as evidence (see [`super::evidence`]).
    pub weight: f32,
    /// Documents in the index holding the stem.
    pub doc_freq: u64,
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub doc: Document,
    pub score: f32,
    /// What the score is made of.
    pub similarity: Similarity,
    /// The source's words that contributed most to the score, most first.
    pub terms: Vec<String>,
    /// Pairs of different words, the source's and the hit's, that the concepts link, most
    /// first (see [`super::concepts::links`]).
    pub links: Vec<Link>,
    /// Lower-ranked documents that are near-duplicates of this one (a bill and its
    /// lagrådsremiss, two copies of a directive), collapsed into it, by path.
    pub duplicates: Vec<String>,
}

/// What a neighbour's score is made of: the cosine of the two problem descriptions' words,
/// times the cosine of their meanings to the power [`CONCEPT_POWER`] (see
/// [`super::concepts`]; `None` where the index has no concepts, either text is not Swedish or
/// has no stem with a vector), times the damping of a thin neighbour.
///
/// The meanings' cosine multiplies rather than adds: among candidates that share the source's
/// words, nearly all are about its field (their meanings at 0.5 to 0.9 of the source's), and
/// what sets them apart is whether their words are used for the same problem. A neighbour
/// that shares words but whose text as a whole is about something else ("Lärosätena får bättre
/// förutsättningar…" for a page on social enterprises: words 0.32, meanings 0.18) falls, and
/// one that says the same in fewer shared words rises past it. Added to the words' cosine
/// instead, the meanings crowded the words out at any weight that changed a ranking
/// (benches/README.md, "Concepts").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarity {
    pub words: f32,
    pub concepts: Option<f32>,
    /// The damping of a neighbour with little text of its own, 0 to 1 (see
    /// [`substance_weight`]).
    pub substance: f32,
    /// The power the meanings' cosine is taken to; 0 leaves it out.
    pub concept_power: f32,
}

impl Similarity {
    pub fn score(&self) -> f32 {
        let concepts = match self.concepts {
            Some(concepts) => concepts.max(0.0).powf(self.concept_power),
            None => 1.0,
        };
        self.words * concepts * self.substance
    }
}

pub use super::collapse::Version;
use crate::index::clusters::{LinkKind, DUPLICATE_SIMILARITY};
use crate::index::fingerprint::{self, Fingerprint};

#[derive(Debug, Clone)]
pub struct Similar {
    /// The source's id; `None` for a text.
    pub source: Option<String>,
    pub source_title: String,
    /// The query, most distinctive stem first.
    pub terms: Vec<QueryTerm>,
    pub hits: Vec<Hit>,
    /// Near-duplicates of the source, most alike first: listed apart, never as neighbours.
    pub versions: Vec<Version>,
    /// Things the user should know, e.g. a filter value no document has.
    pub warnings: Vec<String>,
}

impl Similar {
    /// The query's words as the source writes them, without repeats (a compound's parts all
    /// read as the compound; forms of one word are one word, see
    /// [`super::vectors::same_word`]).
    pub fn source_words(&self) -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for term in &self.terms {
            if !words.iter().any(|shown| super::vectors::same_word(shown, &term.word)) {
                words.push(term.word.clone());
            }
        }
        words
    }
}

/// The record and content hash of the document with this id (or another spelling of it: see
/// [`crate::index::ids`]).
pub fn find(index: &OpenIndex, searcher: &Searcher, id: &str) -> Result<(Document, Option<u64>)> {
    let address = crate::index::ids::resolve(index, searcher, id)?;
    stored(index, searcher, address)
}

fn stored(
    index: &OpenIndex,
    searcher: &Searcher,
    address: DocAddress,
) -> Result<(Document, Option<u64>)> {
    let StoredValues(stored) = searcher
        .doc::<StoredValues<STORED_ALL>>(address)
        .map_err(|err| super::damaged(index, crate::error::tantivy_reason(&err)))?;
    let hash = stored.iter().find_map(|(field, value)| match value {
        OwnedValue::U64(hash) if *field == index.fields.content_hash => Some(*hash),
        _ => None,
    });
    Ok((super::record_of(&stored, index, true)?, hash))
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
        // A pasted text may hold tens of thousands of stems, each looked up in the index.
        budget::check()?;
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
        let evidence = freqs.evidence(stem, counts.is_name(stem))?;
        if evidence <= 0.0 {
            continue;
        }
        let idf = idf(doc_freq, num_docs) * evidence;
        let term = QueryTerm { stem: stem.to_string(), word, weight: tf.ln_1p() * idf, doc_freq };
        ranked.push((tf * idf, term));
    }
    ranked.sort_by(|(a, a_term), (b, b_term)| {
        b.total_cmp(a).then_with(|| a_term.stem.cmp(&b_term.stem))
    });
    ranked.truncate(MAX_TERMS);
    let terms: Vec<QueryTerm> = ranked.into_iter().map(|(_, term)| term).collect();
    Ok(terms)
}

/// How much a neighbour's similarity counts, by its running words beside the title: in full
/// from [`SUBSTANTIAL_WORDS`] (or from as many as the source's own, when the source has
/// fewer), below that by the square root of its share of them. A page of a title and a
/// sentence ("Förlängd tid för uppdraget") shares all its few words with a source on its topic
/// and so reaches a high cosine without saying anything about the problem; but a neighbour as
/// long as a short source says as much as the source does (the 2015 assignment on pandemic
/// vaccine, 35 running words, for its 2019 successor of 25).
pub fn substance_weight(words: usize, source_words: usize) -> f32 {
    let substantial = source_words.clamp(THIN_WORDS, SUBSTANTIAL_WORDS);
    (words as f32 / substantial as f32).min(1.0).sqrt()
}

/// The first stage's query: the weighted terms in `field`, within the filters, never the
/// document at `path`. Filters only select, so that they add nothing to the scores.
fn candidate_query(
    terms: &[QueryTerm],
    searched: &[Field],
    filters: Vec<Box<dyn Query>>,
    fields: &Fields,
    path: Option<&str>,
) -> BooleanQuery {
    let words: Vec<(Occur, Box<dyn Query>)> = terms
        .iter()
        .flat_map(|term| searched.iter().map(move |&field| (term, field)))
        .map(|(term, field)| {
            let query = TermQuery::new(
                Term::from_field_text(field, &term.stem),
                IndexRecordOption::WithFreqs,
            );
            (
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(query), term.weight)) as Box<dyn Query>,
            )
        })
        .collect();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, Box::new(BooleanQuery::new(words)))];
    for filter in filters {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
    }
    if let Some(path) = path {
        let own =
            TermQuery::new(Term::from_field_text(fields.path, path), IndexRecordOption::Basic);
        clauses.push((Occur::MustNot, Box::new(own)));
    }
    BooleanQuery::new(clauses)
}

/// The parts of the ranking that can be switched off one by one, to measure what each brings
/// (`benches/related.rs`). `similar` runs with all of them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Steps {
    /// Documents with little problem text of their own are damped.
    pub damp_thin: bool,
    /// The corpus's own boilerplate is kept out of the vectors.
    pub boilerplate: bool,
    /// Near-duplicates are collapsed, the source's own versions listed apart.
    pub collapse_duplicates: bool,
    /// ESF project-form vocabulary does not carry the match.
    pub project_form: bool,
    /// The power of the meanings' cosine in a neighbour's score (see [`Similarity`]); 0 for
    /// words alone.
    pub concept_power: f32,
}

impl Steps {
    pub const ALL: Steps = Steps {
        damp_thin: true,
        boilerplate: true,
        collapse_duplicates: true,
        project_form: true,
        concept_power: CONCEPT_POWER,
    };
    /// The ranking before any of the steps: the plain cosine of the problem descriptions.
    pub const NONE: Steps = Steps {
        damp_thin: false,
        boilerplate: false,
        collapse_duplicates: false,
        project_form: false,
        concept_power: 0.0,
    };

    /// Each step's name with the steps that are left when it alone is switched off.
    pub fn each_off(self) -> Vec<(&'static str, Steps)> {
        vec![
            ("damping of thin documents", Steps { damp_thin: false, ..self }),
            ("learnt boilerplate", Steps { boilerplate: false, ..self }),
            ("duplicate collapsing", Steps { collapse_duplicates: false, ..self }),
            ("project-form damping", Steps { project_form: false, ..self }),
            ("concepts", Steps { concept_power: 0.0, ..self }),
        ]
    }
}

/// A candidate of the first stage as read from the index.
// A hundred or so, each moved once: boxing the large variant would only add allocations.
#[allow(clippy::large_enum_variant)]
enum Candidate {
    /// The source itself (a copy, a version of it): never a neighbour.
    Same,
    /// A near-duplicate of a pasted text.
    Version(Version),
    /// A document to rank, with its similarity to the source and its first-stage score.
    Weighed { similarity: Similarity, score: f32, doc: Document, vector: Vector },
}

/// The documents most like the request's source, best first.
pub fn similar(engine: &Engine, request: &Request) -> Result<Similar> {
    similar_with(engine, request, Steps::ALL)
}

/// [`similar`] with only some of its steps.
pub fn similar_with(engine: &Engine, request: &Request, steps: Steps) -> Result<Similar> {
    let index = engine.index();
    let searcher = index.searcher();
    let fields = &index.fields;
    let (doc, id, hash) = match &request.source {
        Source::Id(id) => {
            let (doc, hash) = find(index, &searcher, id)?;
            let id = doc.path.clone();
            (doc, Some(id), hash)
        }
        Source::Text(text) => {
            let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
            (document::parse("-", text).doc, None, Some(hash))
        }
    };
    let name = id.clone().unwrap_or_else(|| "the text".to_string());
    let (counts, source_substance) = request.scope.counts_and_substance(&doc);
    if let (Scope::Section(kind), true) = (request.scope, counts.is_empty()) {
        return Err(Error::argument(
            "--field",
            format!("{name} has no {} section", kind.heading()),
        ));
    }
    let evidence = Evidence { boilerplate: steps.boilerplate, project_form: steps.project_form };
    let freqs = DocFreqs::weighing(&searcher, fields, evidence, engine.spread());
    let terms = select_terms(&counts, &freqs, if id.is_some() { 2 } else { 1 })?;
    let mut similar = Similar {
        source: id.clone(),
        source_title: doc.title.clone(),
        terms,
        hits: Vec::new(),
        versions: Vec::new(),
        warnings: Vec::new(),
    };
    if similar.terms.is_empty() {
        similar.warnings.push(format!("{name} has no words that other documents share"));
        return Ok(similar);
    }

    let clusters = engine.clusters()?;
    let text_signature = match id {
        None => Fingerprint::of(&doc).signature,
        Some(_) => None,
    };
    let source_links = match (&id, steps.collapse_duplicates) {
        (Some(id), true) => clusters.versions_of(id),
        _ => Vec::new(),
    };
    if let (Some(id), true) = (&id, steps.collapse_duplicates) {
        similar.versions = super::collapse::versions(engine, id)?;
    }
    let facet_values = engine.facet_values()?;
    let filters = filter_queries(fields, facet_values, &request.filters, &mut similar.warnings);
    // Ten candidates a hit for the first few dozen hits; beyond that two more a hit, since
    // every candidate is read whole and analysed (about 1.5 ms each): `-n 500` reranked 5 000
    // documents and took 7.7 s.
    let limit = request.limit;
    let pool = RERANKED.max(limit.saturating_mul(10)).min(limit.saturating_mul(2) + 4 * RERANKED);
    let source_vector = Vector::new(counts, &freqs)?;
    // The concepts are learnt from a Swedish corpus: its few English documents share one
    // direction whatever they are about, so a text in another language is weighed by words.
    let swedish = |doc: &Document| {
        let lang = match doc.lang.as_deref() {
            Some(code) => Lang::of_code(code),
            None => Some(crate::ingest::language_of(doc)),
        };
        lang == Some(Lang::Sv)
    };
    let concepts = engine.concepts().filter(|_| steps.concept_power > 0.0 && swedish(&doc));
    if steps.concept_power > 0.0
        && engine.concepts().is_none()
        && searcher.num_docs() >= crate::index::concepts::MIN_MODEL_DOCS as u64
    {
        // An index written before concepts existed (or whose file is damaged) ranks by words
        // alone, which its user should know.
        similar.warnings.push(format!(
            "the index has no readable {}: neighbours are ranked by shared words alone; {}",
            crate::index::concepts::FILE,
            crate::index::rebuild_advice(&index.dir)
        ));
    }
    let source_meaning = concepts
        .map(|concepts| Meaning::of(&source_vector, concepts))
        .filter(|meaning| !meaning.is_empty());
    let mut seen = std::collections::HashSet::new();
    let mut candidates = Vec::new();
    for (field, limit) in request.scope.candidate_fields(fields, pool) {
        let filters = filters.iter().map(|filter| filter.box_clone()).collect();
        let query = candidate_query(&similar.terms, &field, filters, fields, id.as_deref());
        let found = searcher
            .search(&query, &Checked::new(TopDocs::with_limit(limit).order_by_score()))
            .map_err(|err| Error::index(&index.dir, err))?;
        for (score, address) in found {
            if seen.insert(address) {
                candidates.push((score, address));
            }
        }
    }
    // Reading, analysing and weighing the candidates is most of a `similar`, and each is on
    // its own: they are weighed on all cores (the budget goes with them), then ranked in their
    // order.
    let budget = budget::current();
    let read = |&(score, address): &(f32, DocAddress)| -> Result<Candidate> {
        budget::check()?;
        let (doc, doc_hash) = stored(index, &searcher, address)?;
        if hash.is_some() && doc_hash == hash {
            return Ok(Candidate::Same);
        }
        if source_links.iter().any(|link| link.path == doc.path) {
            return Ok(Candidate::Same);
        }
        // A pasted text has no cluster of its own: its near-duplicates are found by
        // fingerprint, as indexing finds them.
        let text_alike = match (&text_signature, steps.collapse_duplicates) {
            (Some(signature), true) => super::collapse::fingerprint_at(&searcher, address)
                .and_then(|print| print.signature)
                .map(|other| fingerprint::similarity(signature, &other))
                .filter(|alike| *alike >= DUPLICATE_SIMILARITY),
            _ => None,
        };
        if let Some(alike) = text_alike {
            return Ok(Candidate::Version(Version {
                path: doc.path.clone(),
                title: doc.title.clone(),
                kind: LinkKind::NearDuplicate,
                similarity: Some(alike),
            }));
        }
        let (counts, substance) = request.scope.counts_and_substance(&doc);
        let vector = Vector::new(counts, &freqs)?;
        let words = source_vector.cosine(&vector);
        let concepts = match (concepts, &source_meaning) {
            (Some(concepts), Some(meaning)) if swedish(&doc) => {
                meaning.cosine(&Meaning::of(&vector, concepts))
            }
            _ => None,
        };
        let substance =
            if steps.damp_thin { substance_weight(substance, source_substance) } else { 1.0 };
        let similarity =
            Similarity { words, concepts, substance, concept_power: steps.concept_power };
        Ok(Candidate::Weighed { similarity, score, doc, vector })
    };
    let read: Vec<Result<Candidate>> = candidates
        .par_iter()
        .map(|candidate| match &budget {
            Some(budget) => budget.run(|| read(candidate)),
            None => read(candidate),
        })
        .collect();
    let mut reranked = Vec::new();
    for candidate in read {
        let (similarity, score, doc, vector) = match candidate? {
            Candidate::Same => continue,
            Candidate::Version(version) => {
                similar.versions.push(version);
                continue;
            }
            Candidate::Weighed { similarity, score, doc, vector } => {
                (similarity, score, doc, vector)
            }
        };
        if similarity.score() < MIN_SIMILARITY {
            // It shares only words that weigh next to nothing: no neighbour, however few
            // better ones there are.
            continue;
        }
        reranked.push((similarity, score, doc, vector));
    }
    reranked.sort_by(|a, b| {
        b.0.score()
            .total_cmp(&a.0.score())
            .then_with(|| b.1.total_cmp(&a.1))
            .then_with(|| a.2.path.cmp(&b.2.path))
    });
    // The cluster of each hit kept, by the hit's place.
    let mut kept: Vec<Option<usize>> = Vec::new();
    for (similarity, _, doc, vector) in reranked {
        let cluster = clusters.cluster_of(&doc.path);
        if steps.collapse_duplicates && cluster.is_some() {
            if let Some(original) = kept.iter().position(|earlier| *earlier == cluster) {
                similar.hits[original].duplicates.push(doc.path);
                continue;
            }
        }
        if request.collapse {
            let linked = |hit: &Hit| {
                clusters.versions_of(&hit.doc.path).iter().any(|link| link.path == doc.path)
            };
            if let Some(original) = similar.hits.iter().position(linked) {
                similar.hits[original].duplicates.push(doc.path);
                continue;
            }
        }
        if similar.hits.len() == request.limit {
            // Past the last hit only its duplicates are still looked for.
            if steps.collapse_duplicates {
                continue;
            }
            break;
        }
        let surface = |stem: &str| source_vector.shared_surface(&vector, stem);
        let terms = words(source_vector.shared(&vector), surface, &freqs, TERMS_PER_HIT)?;
        let links = match concepts.filter(|_| similarity.concepts.is_some()) {
            Some(concepts) => super::concepts::links(
                &source_vector,
                &vector,
                concepts,
                &freqs,
                &terms,
                LINKS_PER_HIT,
            )?,
            None => Vec::new(),
        };
        similar.hits.push(Hit {
            doc,
            score: similarity.score(),
            similarity,
            terms,
            links,
            duplicates: Vec::new(),
        });
        kept.push(cluster);
    }
    Ok(similar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thin_neighbours_are_damped_against_the_substance_of_the_source() {
        assert_eq!(substance_weight(40, 500), 1.0);
        assert_eq!(substance_weight(10, 500), 0.5);
        assert_eq!(substance_weight(0, 500), 0.0);
        // A source of 25 running words: a neighbour of 25 says as much, one of 4 does not.
        assert_eq!(substance_weight(25, 25), 1.0);
        assert_eq!(substance_weight(4, 16), 0.5);
        // A source of a word or two still damps a page of fewer than ten.
        assert_eq!(substance_weight(0, 0), 0.0);
        assert_eq!(substance_weight(10, 1), 1.0);
        assert!((substance_weight(5, 0) - 0.5f32.sqrt()).abs() < 1e-6);
    }
}
