//! Answers search requests as data: ranked hits with snippets and facet counts over every
//! matching document. Nothing here prints.

pub mod best_of;
pub mod browse;
pub mod budget;
pub mod collapse;
pub mod compare;
pub mod concepts;
pub mod correction;
pub mod coverage;
pub mod duplicates;
pub mod either_order;
pub mod engine;
pub mod evidence;
pub mod export;
pub mod facets;
pub mod info;
pub mod kwic;
pub mod query;
pub mod similar;
pub mod snippet;
pub mod spelling;
pub mod statistics;
pub mod terms;
pub mod trends;
pub mod vectors;
pub mod wildcard;

use std::collections::BTreeSet;
use std::ops::Bound;

use tantivy::collector::sort_key::{SortByStaticFastValue, SortByString};
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery};
use tantivy::schema::{Field, OwnedValue};
use tantivy::{DocAddress, DocId, Order, Score, Searcher, SegmentOrdinal, SegmentReader, Term};

use crate::analysis::language::Lang;
use crate::analysis::synonyms::Synonyms;
use crate::document::Document;
use crate::error::{Error, Result};
use crate::index::document::{StoredValues, STORED_THROUGH_RECORD, STORED_THROUGH_SECTIONS};
use crate::index::schema::{Facet, Fields, Number};
use crate::index::{record, OpenIndex};
pub use engine::Engine;
use facets::{FacetCounter, FacetValues};
use query::QueryBuilder;
pub use snippet::Snippet;

/// Facet fields counted for a search unless the request says otherwise.
pub const DEFAULT_FACETS: [Facet; 4] = [Facet::Region, Facet::Phase, Facet::Kommun, Facet::Program];

/// Facet and numeric filters. Values within one facet are ORed; different facets are ANDed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// (facet field, accepted values)
    pub facets: Vec<(Facet, Vec<String>)>,
    /// The years the document is counted in (its project period, or the year inferred without
    /// one: [`Document::counted_years`]) overlap [from_year, to_year].
    pub from_year: Option<u64>,
    pub to_year: Option<u64>,
    pub min_grant: Option<u64>,
    pub max_grant: Option<u64>,
    pub min_budget: Option<u64>,
    pub max_budget: Option<u64>,
}

impl Filters {
    /// These filters with `facet` keeping `values` instead (none: `facet` does not filter).
    pub fn with_facet(&self, facet: Facet, values: Vec<String>) -> Filters {
        let mut filters = self.clone();
        filters.facets.retain(|(kept, _)| *kept != facet);
        filters.facets.push((facet, values));
        filters
    }

    /// These filters with `other`'s in place of those of the same kind: each facet `other`
    /// names, and the years when it names any (a year range is one filter); the rest stay.
    /// What `terms --against region:Stockholm` compares a set of ESF projects of Övre Norrland
    /// with: ESF projects of Stockholm, not every document of Stockholm.
    pub fn overridden_by(&self, other: &Filters) -> Filters {
        let mut filters = self.clone();
        for (facet, values) in other.facets.iter().filter(|(_, values)| !values.is_empty()) {
            filters = filters.with_facet(*facet, values.clone());
        }
        if other.from_year.is_some() || other.to_year.is_some() {
            filters.from_year = other.from_year;
            filters.to_year = other.to_year;
        }
        filters
    }

    /// Whether `facet` filters at all.
    pub fn filters_on(&self, facet: Facet) -> bool {
        self.facets.iter().any(|(kept, values)| *kept == facet && !values.is_empty())
    }
}

/// Result order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Score,
    Grant,
    Budget,
    Start,
    /// The smallest ESF-stöd first.
    GrantAscending,
    /// The smallest budget first.
    BudgetAscending,
    /// The latest start first.
    StartDescending,
}

/// Which parts of the Swedish analysis a query uses; all on by default. Turning them off is
/// for measuring what each brings (the relevance bench), not for users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryOptions {
    /// Search the other spellings (with or without å, ä, ö) and the English reading of each
    /// word.
    pub folding: bool,
    /// With `folding`, also the spellings of each word folded before it is stemmed: "lulea"
    /// finds "Luleå", whose stem keeps the "a" that Snowball takes from "lulea".
    pub fold_before_stem: bool,
    /// Search compound parts (when the index has them).
    pub compounds: bool,
    /// Search the other definite, genitive and plural forms of each word's lemma, below the
    /// word itself ("arbete" finds "arbetet", see [`crate::analysis::lemmas`]).
    pub lemmas: bool,
    /// A compound word also finds the longer compounds it begins ("kompetensförsörjning" finds
    /// "kompetensförsörjningsbehov", see [`crate::analysis::compounds::CompoundSplitter::continues`]),
    /// below the word itself.
    pub longer_compounds: bool,
    /// Closed and open compounds meet: a compound word also finds its parts written apart
    /// ("utrikesfödda" finds "utrikes födda"), two words the compound joined from them, below
    /// the form typed (see `query::open_compounds`).
    pub open_compounds: bool,
    /// Expand synonyms and acronyms.
    pub synonyms: bool,
    /// Lift documents where the query words stand together.
    pub proximity: bool,
    /// Suggest a correction for a mistyped word, and search corrected when the query as
    /// typed finds nothing (see [`correction`]).
    pub corrections: bool,
}

impl QueryOptions {
    pub const FULL: QueryOptions = QueryOptions {
        folding: true,
        fold_before_stem: true,
        compounds: true,
        lemmas: true,
        longer_compounds: true,
        open_compounds: true,
        synonyms: true,
        proximity: true,
        corrections: true,
    };
    /// Stemming alone: what a stock Snowball analyzer does.
    pub const PLAIN: QueryOptions = QueryOptions {
        folding: false,
        fold_before_stem: false,
        compounds: false,
        lemmas: false,
        longer_compounds: false,
        open_compounds: false,
        synonyms: false,
        proximity: false,
        corrections: false,
    };
}

impl Default for QueryOptions {
    fn default() -> QueryOptions {
        QueryOptions::FULL
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub options: QueryOptions,
    pub query: String,
    pub filters: Filters,
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    pub snippets: bool,
    pub facet_fields: Vec<Facet>,
    /// Every word required: no coverage rule (see [`coverage`]) and no fallback to some of
    /// the words.
    pub exact: bool,
    /// One document per cluster of near-duplicates (see [`collapse`]): the total counts
    /// clusters, each hit lists the others of its cluster that match as its versions.
    pub collapse: bool,
}

impl Default for Request {
    fn default() -> Request {
        Request {
            options: QueryOptions::FULL,
            query: String::new(),
            filters: Filters::default(),
            limit: 10,
            offset: 0,
            sort: Sort::Score,
            snippets: true,
            facet_fields: DEFAULT_FACETS.to_vec(),
            exact: false,
            collapse: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub doc: Document,
    /// The relevance score; `None` where nothing was ranked (a list by filters alone, or in
    /// the order of a value).
    pub score: Option<f32>,
    /// The value the hits are ordered by, when they are ordered by one.
    pub sort_value: Option<SortValue>,
    pub snippet: Option<Snippet>,
    /// With `--collapse`: the paths of the other matching documents of its cluster, best
    /// first; `None` without.
    pub versions: Option<Vec<String>>,
}

/// The value a hit was ordered by (`--sort grant|budget|start`), exact: amounts in whole SEK,
/// the start as its ISO date. `None` for a document without the value (those come last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SortValue {
    Grant(Option<u64>),
    Budget(Option<u64>),
    Start(Option<String>),
}

impl Sort {
    /// The column hits are ordered by and its order; `None` for the score.
    pub fn column(self) -> Option<(Number, Order)> {
        match self {
            Sort::Score => None,
            Sort::Grant => Some((Number::Grant, Order::Desc)),
            Sort::Budget => Some((Number::Budget, Order::Desc)),
            Sort::Start => Some((Number::StartDate, Order::Asc)),
            Sort::GrantAscending => Some((Number::Grant, Order::Asc)),
            Sort::BudgetAscending => Some((Number::Budget, Order::Asc)),
            Sort::StartDescending => Some((Number::StartDate, Order::Desc)),
        }
    }
}

impl SortValue {
    /// The value `doc` is ordered by under `sort`; `None` when ordered by score.
    pub fn of(doc: &Document, sort: Sort) -> Option<SortValue> {
        match sort {
            Sort::Score => None,
            Sort::Grant | Sort::GrantAscending => Some(SortValue::Grant(doc.esf_grant_sek)),
            Sort::Budget | Sort::BudgetAscending => Some(SortValue::Budget(doc.total_budget_sek)),
            Sort::Start | Sort::StartDescending => Some(SortValue::Start(doc.period_start.clone())),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Results {
    /// Matching documents in all (not only the page shown); with a collapse, clusters (a
    /// document in none its own).
    pub total: usize,
    /// With a collapse, the matching documents it folded into `total` clusters.
    pub documents: Option<usize>,
    /// Of `total`, the documents with every counted word of the query (see [`coverage`]);
    /// ranked by score, they come first. Equal to `total` when every word is required.
    pub with_every_word: usize,
    pub hits: Vec<Hit>,
    /// Per facet field in request order: (value, count) sorted by count, then value.
    pub facets: Vec<(Facet, Vec<(String, u64)>)>,
    /// Things the user should know, e.g. a filter value no document has.
    pub warnings: Vec<String>,
    /// The query with its mistyped words corrected, when some look mistyped.
    pub did_you_mean: Option<DidYouMean>,
}

/// A corrected query (see [`correction`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DidYouMean {
    pub query: String,
    /// Whether the results are those of the corrected query: the query as typed found nothing.
    pub applied: bool,
}

/// Runs a search request; when the query as typed finds nothing and a word of it looks
/// mistyped, runs it corrected (see [`correction`]).
pub fn search(engine: &Engine, synonyms: &Synonyms, request: &Request) -> Result<Results> {
    let results = search_as_typed(engine, synonyms, request)?;
    let (mut results, correction) = corrected(
        engine,
        synonyms,
        request,
        results,
        |corrected| search_as_typed(engine, synonyms, corrected),
        |results| results.total,
        |results| Ok(results.with_every_word),
    )?;
    if let Some(correction) = correction {
        correction.report(&mut results.warnings);
        results.did_you_mean = Some(correction.did_you_mean);
    }
    Ok(results)
}

/// What [`corrected`] made of a query with mistyped words: the warning that says it and the
/// corrected query.
struct Correction {
    warning: String,
    did_you_mean: DidYouMean,
}

impl Correction {
    /// Adds the warning where `search` puts it: first when the results are the corrected
    /// query's (it explains them all), last when it is only a suggestion.
    fn report(&self, warnings: &mut Vec<String>) {
        if warnings.contains(&self.warning) {
            return;
        }
        match self.did_you_mean.applied {
            true => warnings.insert(0, self.warning.clone()),
            false => warnings.push(self.warning.clone()),
        }
    }
}

/// The one decision every command makes about a query with mistyped words, so that each runs
/// the query `search` runs: `as_typed` (what `run` gave for `request`) is kept, or replaced by
/// what `run` gives for the corrected query when the query as typed finds nothing, or (a word
/// no document has) nothing with every word, and the corrected one does better. `total` gives
/// the matches of a run, `every_word` those with every word (asked only when it decides);
/// `None` when no word looks mistyped.
fn corrected<T>(
    engine: &Engine,
    synonyms: &Synonyms,
    request: &Request,
    as_typed: T,
    run: impl FnOnce(&Request) -> Result<T>,
    total: impl Fn(&T) -> usize,
    every_word: impl Fn(&T) -> Result<usize>,
) -> Result<(T, Option<Correction>)> {
    if request.exact || !request.options.corrections {
        return Ok((as_typed, None));
    }
    let searcher = engine.index().searcher();
    let body = engine.index().fields.body;
    // A word whose stem few or no documents have may still be found in another spelling or
    // as a compound's part ("lulea" finds Luleå, "arbetsformedlingen" Arbetsförmedlingen): it
    // is no typo then.
    let kept = correction::corrections(&searcher, body, &request.query, |typed, absent| {
        let found = matches_alone(engine, synonyms, request, typed)?;
        Ok(if absent { found == 0 } else { found <= correction::RARE_DOCS })
    })?;
    if kept.is_empty() {
        return Ok((as_typed, None));
    }
    let query = correction::corrected_text(&request.query, &kept);
    // A word no document has keeps every document from having every word: the search as
    // typed then shows at most those with some of them, and the corrected one may do better.
    let absent = kept.iter().any(|corrected| corrected.absent);
    let typed_total = total(&as_typed);
    if typed_total == 0 || (absent && every_word(&as_typed)? == 0) {
        let corrected = Request { query: query.clone(), ..request.clone() };
        let corrected_run = run(&corrected)?;
        let better = match typed_total {
            0 => total(&corrected_run) > 0,
            _ => every_word(&corrected_run)? > 0,
        };
        if better {
            let absent: Vec<String> = kept
                .iter()
                .filter(|corrected| corrected.absent)
                .map(|corrected| format!("{:?}", corrected.typed))
                .collect();
            let why = match absent.is_empty() {
                true => format!("{:?} found nothing", request.query),
                false => format!("no document has {}", absent.join(" or ")),
            };
            let warning = format!("showing results for {query:?}; {why}");
            let did_you_mean = DidYouMean { query, applied: true };
            return Ok((corrected_run, Some(Correction { warning, did_you_mean })));
        }
    }
    let warning = format!("did you mean {query:?}?");
    Ok((as_typed, Some(Correction { warning, did_you_mean: DidYouMean { query, applied: false } })))
}

/// How many documents `word` alone matches, read as the request reads its words.
fn matches_alone(
    engine: &Engine,
    synonyms: &Synonyms,
    request: &Request,
    word: &str,
) -> Result<usize> {
    let alone = Request {
        query: word.to_string(),
        filters: Filters::default(),
        limit: 0,
        offset: 0,
        snippets: false,
        facet_fields: Vec::new(),
        ..request.clone()
    };
    Ok(request_query_as_typed(engine, synonyms, &alone, false)?.matches)
}

fn search_as_typed(engine: &Engine, synonyms: &Synonyms, request: &Request) -> Result<Results> {
    // A test hook: the binary's answer to a bug (one line, exit 70) needs a bug to answer.
    #[cfg(debug_assertions)]
    if std::env::var_os("PROJSOK_FAILPOINT").is_some_and(|value| value == "panic-search") {
        panic!("failpoint panic-search");
    }
    let index = engine.index();
    let searcher = index.searcher();
    let ranked = request.limit > 0 && request.sort == Sort::Score;
    let synonyms = engine.synonyms(synonyms, !request.exact)?;
    let mut plan = QueryPlan::new(engine, &synonyms, request, ranked, &searcher)?;
    let mut built = plan.build(false)?;
    let mut results = collect(engine, &searcher, &built, request)?;
    if results.total == 0 && !request.exact && built.relaxable {
        let relaxed = plan.build(true)?;
        let relaxed_results = collect(engine, &searcher, &relaxed, request)?;
        if relaxed_results.total > 0 {
            plan.warnings.push(RELAXED.to_string());
            results = relaxed_results;
            built = relaxed;
        }
    }
    // Scores rank only where a word or wildcard was searched: filters alone and ranges give
    // every document the same score.
    let scored = ranked && !built.highlight.is_empty();
    let mut hits = Vec::with_capacity(results.ranked.len());
    let mut versions = results.versions.into_iter();
    for (mut score, address) in results.ranked {
        let versions = match (request.collapse, versions.next()) {
            (true, Some(others)) => Some(
                others
                    .into_iter()
                    .map(|address| collapse::path_of(&searcher, address))
                    .collect::<tantivy::Result<Vec<String>>>()
                    .map_err(|err| Error::index(&index.dir, err))?,
            ),
            (true, None) => Some(Vec::new()),
            (false, _) => None,
        };
        if built.tiered {
            score = coverage::decode(score).1;
        }
        // Snippets need the sections; a list of hits does not.
        let doc = load(&searcher, index, address, request.snippets)?;
        let snippet =
            if request.snippets { snippet::best_snippet(&doc, &built.highlight) } else { None };
        let sort_value = SortValue::of(&doc, request.sort);
        hits.push(Hit { doc, score: scored.then_some(score), sort_value, snippet, versions });
    }
    Ok(Results {
        total: results.total,
        documents: request.collapse.then_some(results.total + results.hidden),
        with_every_word: results.with_every_word,
        hits,
        facets: results.facets,
        warnings: plan.warnings,
        did_you_mean: None,
    })
}

/// The best matches of a request by score, with what marks them: the views that read the
/// matches' text ([`kwic`], [`terms`]) run the query `search` runs (corrected as `search`
/// corrects it), so they read the documents `search` lists first.
pub(crate) struct Ranked {
    pub searcher: Searcher,
    /// At most the request's limit, best first; the score is `None` for a list by filters alone.
    pub hits: Vec<(Option<f32>, DocAddress)>,
    /// Every match, not only those in `hits`.
    pub total: usize,
    /// Of `total`, the matches with every counted word (see [`Results::with_every_word`]).
    pub with_every_word: usize,
    /// Swedish stems of every positive query word (what a snippet marks).
    pub highlight: BTreeSet<String>,
    pub warnings: Vec<String>,
}

/// The best matches of `request` (see [`Ranked`]), its query corrected as [`search`] corrects
/// it, with the same warning.
pub(crate) fn ranked(engine: &Engine, synonyms: &Synonyms, request: &Request) -> Result<Ranked> {
    let as_typed = ranked_as_typed(engine, synonyms, request)?;
    let (mut ranked, correction) = corrected(
        engine,
        synonyms,
        request,
        as_typed,
        |corrected| ranked_as_typed(engine, synonyms, corrected),
        |ranked| ranked.total,
        |ranked| Ok(ranked.with_every_word),
    )?;
    if let Some(correction) = correction {
        correction.report(&mut ranked.warnings);
    }
    Ok(ranked)
}

/// The best matches of `request` as typed.
pub(crate) fn ranked_as_typed(
    engine: &Engine,
    synonyms: &Synonyms,
    request: &Request,
) -> Result<Ranked> {
    let index = engine.index();
    let searcher = index.searcher();
    let request = Request {
        offset: 0,
        sort: Sort::Score,
        facet_fields: Vec::new(),
        snippets: false,
        ..request.clone()
    };
    let synonyms = engine.synonyms(synonyms, !request.exact)?;
    let mut plan = QueryPlan::new(engine, &synonyms, &request, request.limit > 0, &searcher)?;
    let mut built = plan.build(false)?;
    let mut results = collect(engine, &searcher, &built, &request)?;
    if results.total == 0 && !request.exact && built.relaxable {
        let relaxed = plan.build(true)?;
        let relaxed_results = collect(engine, &searcher, &relaxed, &request)?;
        if relaxed_results.total > 0 {
            plan.warnings.push(RELAXED.to_string());
            results = relaxed_results;
            built = relaxed;
        }
    }
    let scored = !built.highlight.is_empty();
    let hits = results
        .ranked
        .into_iter()
        .map(|(score, address)| {
            let score = if built.tiered { coverage::decode(score).1 } else { score };
            (scored.then_some(score), address)
        })
        .collect();
    let warnings = plan.warnings;
    Ok(Ranked {
        searcher,
        hits,
        total: results.total,
        with_every_word: results.with_every_word,
        highlight: built.highlight,
        warnings,
    })
}

/// The warning when a search falls back from the share of the words the coverage rule asks
/// (all of them, for one word or two of even weight) to any of them.
const RELAXED: &str = "no document has all the words; showing those with some";

/// Builds the query of one request with its filters, all words or (relaxed) any of them, and
/// gathers the warnings the filters give. Shared by [`search`] and [`request_query`], so every
/// workflow means the same documents by the same request. One builder serves both builds, so
/// the relaxed one reuses what the first read and looked up (see [`QueryBuilder::build`]).
struct QueryPlan<'a> {
    builder: QueryBuilder<'a>,
    filters: Vec<Box<dyn Query>>,
    warnings: Vec<String>,
}

impl<'a> QueryPlan<'a> {
    /// `scored`: whether the documents are ranked by score (see [`QueryBuilder::scored`]);
    /// `synonyms` already over the acronyms the index learnt ([`Engine::synonyms`]).
    fn new(
        engine: &'a Engine,
        synonyms: &'a Synonyms,
        request: &'a Request,
        scored: bool,
        searcher: &'a Searcher,
    ) -> Result<Self> {
        let index = engine.index();
        let facet_values = engine.facet_values()?;
        let field_statistics = engine.field_statistics()?;
        let mut warnings = Vec::new();
        let filters = filter_queries(&index.fields, facet_values, &request.filters, &mut warnings);
        let options = QueryOptions {
            compounds: request.options.compounds && index.meta.compounds,
            ..request.options
        };
        let builder = QueryBuilder::new(&index.fields, facet_values, synonyms, &request.query)
            .options(options)
            .exact(request.exact)
            .scored(scored)
            .look_up_terms(field_statistics, searcher);
        Ok(QueryPlan { builder, filters, warnings })
    }

    fn build(&mut self, relaxed: bool) -> Result<query::BuiltQuery> {
        let mut built = self.builder.build(relaxed)?;
        for warning in built.warnings.drain(..) {
            if !self.warnings.contains(&warning) {
                self.warnings.push(warning);
            }
        }
        if !self.filters.is_empty() {
            let mut clauses = vec![(Occur::Must, built.query)];
            // A filter adds nothing to a score, which must stay what the coverage tier made it
            // (see `coverage::encode`).
            let filter = |filter: &dyn Query| -> Box<dyn Query> {
                if built.tiered {
                    Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0))
                } else {
                    filter.box_clone()
                }
            };
            clauses.extend(self.filters.iter().map(|query| (Occur::Must, filter(&**query))));
            built.query = Box::new(BooleanQuery::new(clauses));
        }
        Ok(built)
    }
}

/// The query [`search`] runs for `request`, filters included: all the words, or some of them
/// when no document has all (as `search` relaxes it), its mistyped words corrected when
/// `search` corrects them, with the warnings `search` gives. For the workflows that need every
/// match or counts of their own (`export`, `facets`, `trends`, `duplicates`); `scored` when the
/// matches are ranked by score (see [`QueryBuilder::scored`]).
pub(crate) fn request_query(
    engine: &Engine,
    synonyms: &Synonyms,
    request: &Request,
    scored: bool,
) -> Result<RequestQuery> {
    let as_typed = request_query_as_typed(engine, synonyms, request, scored)?;
    let (mut resolved, correction) = corrected(
        engine,
        synonyms,
        request,
        as_typed,
        |corrected| request_query_as_typed(engine, synonyms, corrected, scored),
        |resolved| resolved.matches,
        |resolved| resolved.with_every_word(engine),
    )?;
    if let Some(correction) = correction {
        correction.report(&mut resolved.warnings);
    }
    Ok(resolved)
}

/// The query of `request` as typed (see [`request_query`]).
fn request_query_as_typed(
    engine: &Engine,
    synonyms: &Synonyms,
    request: &Request,
    scored: bool,
) -> Result<RequestQuery> {
    let index = engine.index();
    let searcher = index.searcher();
    let synonyms = engine.synonyms(synonyms, !request.exact)?;
    let mut plan = QueryPlan::new(engine, &synonyms, request, scored, &searcher)?;
    let count = |query: &dyn Query| {
        searcher
            .search(query, &budget::Checked::new(Count))
            .map_err(|err| Error::index(&index.dir, err))
    };
    let built = plan.build(false)?;
    let query = built.query;
    let matches = count(&*query)?;
    if matches == 0 && !request.exact && built.relaxable {
        let relaxed = plan.build(true)?;
        let matches = count(&*relaxed.query)?;
        if matches > 0 {
            plan.warnings.push(RELAXED.to_string());
            let (query, tiered, highlight) = (relaxed.query, relaxed.tiered, relaxed.highlight);
            let query_text = request.query.clone();
            return Ok(RequestQuery {
                query,
                warnings: plan.warnings,
                matches,
                tiered,
                highlight,
                query_text,
            });
        }
    }
    let (tiered, highlight, query_text) = (built.tiered, built.highlight, request.query.clone());
    Ok(RequestQuery { query, warnings: plan.warnings, matches, tiered, highlight, query_text })
}

/// What [`request_query`] resolves a request to.
pub(crate) struct RequestQuery {
    pub query: Box<dyn Query>,
    pub warnings: Vec<String>,
    /// How many documents `query` matches: counted anyway to decide whether to relax, so
    /// whoever needs the number does not count again.
    pub matches: usize,
    /// Swedish stems of every positive query word (what a snippet marks).
    pub highlight: BTreeSet<String>,
    /// The query text run: as typed, or as corrected.
    pub query_text: String,
    /// Whether `query` is a [`coverage::CoverageQuery`], whose scores tell the matches with
    /// every word.
    tiered: bool,
}

impl RequestQuery {
    /// Of the matches, those with every counted word of the query (see [`coverage`]).
    fn with_every_word(&self, engine: &Engine) -> Result<usize> {
        if !self.tiered {
            return Ok(self.matches);
        }
        let index = engine.index();
        let counted = index
            .searcher()
            .search(&*self.query, &budget::Checked::new(EveryWordCount))
            .map_err(|err| Error::index(&index.dir, err))?;
        Ok(counted.min(self.matches))
    }
}

/// What one run of the collectors gives: the page's addresses, the total, the facet counts.
struct Collected {
    ranked: Vec<(f32, DocAddress)>,
    /// With a collapse, per hit of `ranked`: the other matches of its cluster.
    versions: Vec<Vec<DocAddress>>,
    /// With a collapse, the matching documents it folded away.
    hidden: usize,
    total: usize,
    with_every_word: usize,
    facets: Vec<(Facet, Vec<(String, u64)>)>,
}

fn collect(
    engine: &Engine,
    searcher: &Searcher,
    built: &query::BuiltQuery,
    request: &Request,
) -> Result<Collected> {
    let index = engine.index();
    let query = &*built.query;
    let num_docs = searcher.num_docs() as usize;
    let every_word = built.tiered.then_some(EveryWordCount);
    let counters = (
        budget::Checked::new(Count),
        FacetCounter::new(engine.facet_values()?, &request.facet_fields),
        every_word,
    );
    let members = if request.collapse { Some(engine.cluster_members()?) } else { None };
    let clustered = match members {
        Some(members) => searcher
            .search(query, &members.matches())
            .map_err(|err| Error::index(&index.dir, err))?,
        None => Vec::new(),
    };
    let hidden = collapse::hidden(&clustered);
    // A collapse cuts the page out after it: the first offset + limit + hidden matches hold
    // the page's clusters whatever it hides.
    let (offset, limit) = match members {
        Some(_) => (0, request.offset.saturating_add(request.limit).saturating_add(hidden)),
        None => (request.offset, request.limit),
    };
    let page_end = offset.saturating_add(limit).min(num_docs);
    let wants_page = request.limit > 0 && request.offset < num_docs;
    let top_limit = page_end.saturating_sub(offset).max(1);
    let top_docs = TopDocs::with_limit(top_limit).and_offset(offset);
    let (ranked, (total, counts, every_word)): (Vec<(f32, DocAddress)>, _) =
        match (wants_page, request.sort) {
            (false, _) => (
                Vec::new(),
                searcher.search(query, &counters).map_err(|err| Error::index(&index.dir, err))?,
            ),
            // A list by filters alone has no scores to rank by: in path order, not in the order
            // the indexing threads happened to add the documents, which differs between builds.
            (true, Sort::Score) if built.highlight.is_empty() => {
                let by_path = top_docs.order_by_string_fast_field("path", Order::Asc);
                let (ranked, fruit) = searcher
                    .search(query, &(by_path, counters))
                    .map_err(|err| Error::index(&index.dir, err))?;
                let ranked = ranked.into_iter().map(|(_, address)| (0.0, address)).collect();
                (ranked, fruit)
            }
            (true, Sort::Score) => searcher
                .search_with_statistics_provider(
                    query,
                    &(top_docs.order_by_score(), counters),
                    &engine.field_statistics()?.provider(searcher, &built.doc_freqs),
                )
                .map_err(|err| Error::index(&index.dir, err))?,
            (true, sort) => {
                let (number, order) = sort.column().unwrap_or((Number::StartDate, Order::Asc));
                // Equal values (two projects with the same grant, every document without a
                // budget) are in path order, so a page holds the same documents in every build.
                let by_value = top_docs.order_by((
                    (SortByStaticFastValue::<u64>::for_field(number.name()), order),
                    (SortByString::for_field("path"), Order::Asc),
                ));
                let (ranked, fruit) = searcher
                    .search(query, &(by_value, counters))
                    .map_err(|err| Error::index(&index.dir, err))?;
                // The hit's value is read from its record (see `SortValue`): a score is an f32, which
                // holds neither a date nor an amount over 16.7 million exactly.
                let ranked = ranked.into_iter().map(|(_, address)| (0.0, address)).collect();
                (ranked, fruit)
            }
        };
    let facets = request.facet_fields.iter().copied().zip(counts).collect();
    let (ranked, versions, total) = match members {
        Some(members) => {
            let kept = collapse::collapse(ranked, |(_, address)| members.cluster(*address));
            let page: Vec<_> = kept.into_iter().skip(request.offset).take(request.limit).collect();
            let by_cluster = collapse::by_cluster(&clustered);
            let mut ranked = Vec::with_capacity(page.len());
            let mut versions = Vec::with_capacity(page.len());
            for (hit, others) in page {
                let others = others.into_iter().map(|(_, address)| address).collect();
                let cluster = members.cluster(hit.1).and_then(|cluster| by_cluster.get(&cluster));
                let matched = cluster.map_or(&[][..], Vec::as_slice);
                let listed = collapse::every_version(searcher, matched, hit.1, others)
                    .map_err(|err| Error::index(&index.dir, err))?;
                versions.push(listed);
                ranked.push(hit);
            }
            (ranked, versions, total - hidden)
        }
        None => (ranked, Vec::new(), total),
    };
    let with_every_word = every_word.unwrap_or(total).min(total);
    Ok(Collected { ranked, versions, hidden, total, with_every_word, facets })
}

/// Counts the matches of a [`coverage::CoverageQuery`] that have every word, by the tier their
/// score carries.
struct EveryWordCount;

struct SegmentEveryWordCount(usize);

impl Collector for EveryWordCount {
    type Fruit = usize;
    type Child = SegmentEveryWordCount;

    fn for_segment(&self, _: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<Self::Child> {
        Ok(SegmentEveryWordCount(0))
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, counts: Vec<usize>) -> tantivy::Result<usize> {
        Ok(counts.into_iter().sum())
    }
}

impl SegmentCollector for SegmentEveryWordCount {
    type Fruit = usize;

    fn collect(&mut self, _: DocId, score: Score) {
        if coverage::decode(score).0 == coverage::EVERY_WORD {
            self.0 += 1;
        }
    }

    fn harvest(self) -> usize {
        self.0
    }
}

/// The stored record of one document of `index`.
pub fn load_record(
    searcher: &Searcher,
    index: &OpenIndex,
    address: DocAddress,
) -> Result<Document> {
    load(searcher, index, address, true)
}

/// The stored record, its sections read only when asked for (see [`record_of`]).
fn load(
    searcher: &Searcher,
    index: &OpenIndex,
    address: DocAddress,
    sections: bool,
) -> Result<Document> {
    let read_error = |err| damaged(index, crate::error::tantivy_reason(&err));
    if sections {
        let StoredValues(values) =
            searcher.doc::<StoredValues<STORED_THROUGH_SECTIONS>>(address).map_err(read_error)?;
        record_of(&values, index, true)
    } else {
        let StoredValues(values) =
            searcher.doc::<StoredValues<STORED_THROUGH_RECORD>>(address).map_err(read_error)?;
        record_of(&values, index, false)
    }
}

/// A stored record of `index` that cannot be read: what is wrong and how to mend it.
pub(crate) fn damaged(index: &OpenIndex, reason: impl std::fmt::Display) -> Error {
    Error::index(&index.dir, format!("{reason}; {}", crate::index::rebuild_advice(&index.dir)))
}

/// The record of a document's stored values; without `sections`, the sections are left empty
/// (what a list of hits shows needs none of them).
pub(crate) fn record_of(
    stored: &[(Field, OwnedValue)],
    index: &OpenIndex,
    sections: bool,
) -> Result<Document> {
    let fields = &index.fields;
    let bytes = |wanted: Field| {
        stored
            .iter()
            .find_map(|(field, value)| match value {
                OwnedValue::Bytes(bytes) if *field == wanted => Some(bytes.as_slice()),
                _ => None,
            })
            .ok_or_else(|| damaged(index, "a document has no stored record"))
    };
    let damaged_record = |reason: record::Damaged| damaged(index, reason);
    let mut doc = record::decode_record(bytes(fields.record)?).map_err(damaged_record)?;
    if sections {
        doc.sections = record::decode_sections(bytes(fields.sections)?).map_err(damaged_record)?;
    }
    Ok(doc)
}

/// The record of the document with this id (its path as indexed, or another spelling of it:
/// see [`crate::index::ids`]).
pub fn show(engine: &Engine, id: &str) -> Result<Document> {
    let index = engine.index();
    let searcher = index.searcher();
    let address = crate::index::ids::resolve(index, &searcher, id)?;
    load_record(&searcher, index, address)
}

/// Where each of `doc`'s sections has a word that `request`'s query matches, as a search's
/// snippets mark them (stemmed, folded and compound forms, the query read as the search reads
/// it): per section, the byte ranges of its text, in order and not overlapping.
pub fn section_highlights(
    engine: &Engine,
    synonyms: &Synonyms,
    doc: &Document,
    request: &Request,
) -> Result<Vec<Vec<(usize, usize)>>> {
    let resolved = request_query(engine, synonyms, request, false)?;
    let ranges = |text: &str| -> Vec<(usize, usize)> {
        snippet::whole_matches(text, &resolved.highlight).into_iter().map(|(at, _)| at).collect()
    };
    Ok(doc.sections.iter().map(|section| ranges(&section.text)).collect())
}

fn u64_range(field: tantivy::schema::Field, min: Option<u64>, max: Option<u64>) -> Box<dyn Query> {
    let bound = |value: Option<u64>| match value {
        Some(value) => Bound::Included(Term::from_field_u64(field, value)),
        None => Bound::Unbounded,
    };
    Box::new(RangeQuery::new(bound(min), bound(max)))
}

/// The most unknown values of one facet that are named one warning each (with the values
/// nearest to them); past it, one warning names the first few, so a list pasted with 2,000
/// names gives one line, not 2,000.
const UNKNOWN_VALUES_NAMED: usize = 3;

fn unknown_values(facet_values: &FacetValues, facet: Facet, unknown: &[&str]) -> Vec<String> {
    if unknown.len() <= UNKNOWN_VALUES_NAMED {
        return unknown.iter().map(|value| facet_values.unknown_value(facet, value)).collect();
    }
    let named: Vec<String> =
        unknown[..UNKNOWN_VALUES_NAMED].iter().map(|value| format!("{value:?}")).collect();
    let more = unknown.len() - UNKNOWN_VALUES_NAMED;
    vec![format!("no document has {facet} {} or {more} more of the values given", named.join(", "))]
}

fn filter_queries(
    fields: &Fields,
    facet_values: &FacetValues,
    filters: &Filters,
    warnings: &mut Vec<String>,
) -> Vec<Box<dyn Query>> {
    let mut queries: Vec<Box<dyn Query>> = Vec::new();
    for &(facet, ref values) in &filters.facets {
        if values.is_empty() {
            continue;
        }
        let mut indexed = Vec::new();
        let mut unknown = Vec::new();
        let mut section_langs = Vec::new();
        let mut without = false;
        for value in values {
            if facet != Facet::Lang && facets::is_no_value(value) {
                without = true;
                continue;
            }
            let matching = facet_values.matching(facet, value);
            if facet == Facet::Lang {
                // A language no document is mostly written in may still be a section's.
                if let Some(lang) = Lang::of_code(value) {
                    section_langs.push(lang.code());
                    continue;
                }
            }
            if matching.is_empty() {
                unknown.push(value.as_str());
            }
            indexed.extend(matching);
        }
        warnings.extend(unknown_values(facet_values, facet, &unknown));
        if facet == Facet::Lang {
            section_langs.extend(indexed);
            queries.push(facets::any_value(fields.section_lang, &section_langs));
            continue;
        }
        let any = facets::any_value(fields.facet(facet), &indexed);
        queries.push(if without { facets::or_without(any, facet) } else { any });
    }
    // The years trends counts, an inferred year included, so that a bar drills into its
    // documents.
    if filters.from_year.is_some() {
        queries.push(u64_range(fields.last_year, filters.from_year, None));
    }
    if filters.to_year.is_some() {
        queries.push(u64_range(fields.first_year, None, filters.to_year));
    }
    if filters.min_grant.is_some() || filters.max_grant.is_some() {
        queries.push(u64_range(fields.esf_grant_sek, filters.min_grant, filters.max_grant));
    }
    if filters.min_budget.is_some() || filters.max_budget.is_some() {
        queries.push(u64_range(fields.total_budget_sek, filters.min_budget, filters.max_budget));
    }
    queries
}
