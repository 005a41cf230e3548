//! Turns the user's query text into a tantivy query, analysing every word with the same chain
//! as the field it searches.
//!
//! tantivy's own QueryParser cannot do this: it has no search-time analyzer of its own, turns a
//! word that analyses to several tokens into a phrase, and knows nothing of boosts per field,
//! other spellings or Swedish readings. We reuse its grammar (AND/OR, "phrases", -exclusion,
//! field:term, boosts) and build the query ourselves:
//!
//! - an unfielded word searches every text field with its boost (see `index::schema`), plus its
//!   other spellings with or without å, ä and ö in the catch-all below them (see
//!   [`spelling`]), plus its English stem where that differs, all in one union;
//! - a word's synonym forms (see [`Synonyms`]) are its alternatives, weighed below it; a
//!   document scores the best form it has (a dis-max), not their sum;
//! - every term is looked up first (see [`TermLookup`]): clauses on terms no document has are
//!   left out;
//! - an excluded word, and every word of a search that ranks nothing, searches the catch-all
//!   only; an excluded word excludes its stem and spellings, not its synonyms;
//! - an acronym inflected after a colon (`ESF:s`, `Af:arna`, `4:e`) is a word, not a field (see
//!   [`INFLECTIONS`]);
//! - the top-level words follow the coverage rule (see [`coverage`]): every word, or enough
//!   of the query's idf weight, with `+word`, `AND` and `--exact` (see
//!   [`QueryBuilder::exact`]) requiring words; words in a group in parentheses are ANDed;
//!   several plain words also add an optional phrase match that lifts documents where they
//!   stand together;
//! - `region:`, `kommun:`, `fas:` … name facets and match their values case-insensitively.

use std::collections::{BTreeSet, HashMap};
use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery, TermSetQuery,
};
use tantivy::query_grammar::{
    self, Delimiter, Occur as UserOccur, UserInputAst, UserInputBound, UserInputLeaf,
    UserInputLiteral,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::best_of::BestOf;
use super::coverage::{self, CoverageQuery, Rule, Unit};
use super::facets::FacetValues;
use super::statistics::{FieldStatistics, TermLookup};
use super::wildcard::{self, Pattern};
use super::{spelling, QueryOptions};
use crate::analysis::decompound;
use crate::analysis::synonyms::Synonyms;
use crate::analysis::{self, tokens};
use crate::error::{Error, Result};
use crate::index::schema::{self, Fields, Named, TextField, FOLDED_BOOST, PARTS_BOOST};
use crate::places;

/// Weight of a synonym expansion relative to the literal words.
const SYNONYM_WEIGHT: f32 = 0.5;
/// Weight of "all the parts of a compound query word" relative to the word itself.
const QUERY_PARTS_BOOST: f32 = 0.2;
/// How far apart the parts of a compound query word may stand in a text.
const PARTS_SLOP: u32 = 3;
/// Query words shorter than this get no English reading.
const MIN_ENGLISH_READING: usize = 5;
/// Weight of an English reading of a query word relative to the Swedish one.
const ENGLISH_READING: f32 = 0.8;
/// Weight of the optional "words stand together" phrase added to multi-word queries.
const PROXIMITY_BOOST: f32 = 1.5;
const PROXIMITY_SLOP: u32 = 2;
/// Longest query accepted; longer input is almost certainly a pasted document.
pub const MAX_QUERY_LEN: usize = 2000;
/// Most words (and ranges) one query searches: each word is a union over every text field, its
/// spellings and synonyms, and a pasted paragraph is a job for `similar --text`.
pub const MAX_QUERY_WORDS: usize = 64;
/// Most words of the index one wildcard stands for.
pub const MAX_WILDCARD_WORDS: usize = 2000;
/// Most words of the index all the wildcards of one query stand for together.
pub const MAX_QUERY_WILDCARD_WORDS: usize = 5000;
/// Queries at most this long are quoted whole in an error; longer ones only around the error.
const QUOTED_WHOLE: usize = 60;
/// Characters quoted on each side of the place of an error in a longer query.
const QUOTED_AROUND: usize = 25;

/// The endings Swedish writes after a colon on an acronym, an abbreviation or a number
/// (`ESF:s`, `Af:arna`, `SFI:n`, `Maj:t`, `N:r`, `S:ta`, `4:e`, `1:a`, `sms:ade`): the
/// genitive, the definite and plural forms of every declension and their genitives, agent
/// nouns, verb forms, ordinals and the contractions older texts use. Such a word is the word it inflects, as the
/// tokenizer reads it in documents, not a field.
pub const INFLECTIONS: [&str; 43] = [
    "s", "n", "ns", "en", "ens", "et", "ets", "t", "ts", "ar", "ars", "arna", "arnas", "er", "ers",
    "erna", "ernas", "or", "ors", "orna", "ornas", "r", "rs", "rna", "rnas", "na", "nas", "an",
    "ans", "are", "ares", "aren", "arens", "e", "es", "a", "as", "o", "ta", "ade", "at", "ats",
    "ande",
];

/// A built query and the stems a snippet should highlight.
pub struct BuiltQuery {
    pub query: Box<dyn Query>,
    /// Swedish stems of every positive query word (what snippets mark).
    pub highlight: BTreeSet<String>,
    /// The document frequencies of the terms looked up while building (see
    /// [`QueryBuilder::look_up_terms`]).
    pub doc_freqs: HashMap<Term, u64>,
    /// What the user should know about how the query was read: stop words left out, a
    /// facet value (`fas:x`) no document has.
    pub warnings: Vec<String>,
    /// Whether documents may match without every word (see [`coverage`]): the score then
    /// carries the coverage tier, read with [`coverage::decode`].
    pub tiered: bool,
}

/// Builds queries against one opened index.
pub struct QueryBuilder<'a> {
    fields: &'a Fields,
    synonyms: &'a Synonyms,
    facet_values: &'a FacetValues,
    highlight: BTreeSet<String>,
    query_text: &'a str,
    options: QueryOptions,
    /// Whether the index stems through lemmas (see [`QueryBuilder::lemmas`]).
    lemmas: bool,
    relaxed: bool,
    /// Every word required, never relaxed (`--exact`).
    exact: bool,
    /// Whether clauses inside the top level are being converted (the coverage rule holds for
    /// the top-level words; a group in parentheses needs all of its words).
    nested: bool,
    /// The largest document frequency of the other spellings of the word being converted
    /// (see [`QueryBuilder::unit_weight`]).
    spelling_doc_freq: u64,
    /// Whether the built query is a [`CoverageQuery`].
    tiered: bool,
    /// Looks each term up before it is searched (see [`TermLookup`]); without it, every term
    /// is searched.
    lookup: Option<TermLookup<'a>>,
    /// Whether the search ranks by score; counts and orders by a value need only the matches.
    scored: bool,
    /// Words typed that are stop words only, so searched for nothing (see [`stop_word_notices`]).
    stop_words: Vec<String>,
    /// The words of the index each wildcard of the query stands for, found once per pattern.
    wildcards: HashMap<Pattern, Vec<String>>,
    /// Facet values of the query that no document has, said as warnings.
    warnings: Vec<String>,
}

impl<'a> QueryBuilder<'a> {
    pub fn new(
        fields: &'a Fields,
        facet_values: &'a FacetValues,
        synonyms: &'a Synonyms,
        query_text: &'a str,
    ) -> Self {
        QueryBuilder {
            fields,
            synonyms,
            facet_values,
            highlight: BTreeSet::new(),
            query_text,
            options: QueryOptions::FULL,
            lemmas: true,
            relaxed: false,
            exact: false,
            nested: false,
            spelling_doc_freq: 0,
            tiered: false,
            lookup: None,
            scored: true,
            stop_words: Vec::new(),
            wildcards: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    /// Looks the terms up in this searcher's index before they are searched: a clause on
    /// terms no document has is left out, the other spellings of query words are found there,
    /// and the search reads the document frequencies found ([`BuiltQuery::doc_freqs`]).
    /// Without it, words are searched as typed and every term is searched.
    pub fn look_up_terms(
        mut self,
        statistics: &'a FieldStatistics,
        searcher: &'a Searcher,
    ) -> Self {
        self.lookup = Some(TermLookup::new(statistics, searcher));
        self
    }

    /// Any one of the words without an operator is enough, instead of the share the coverage
    /// rule asks: the fallback when no document has that share.
    pub fn relaxed(mut self, relaxed: bool) -> Self {
        self.relaxed = relaxed;
        self
    }

    /// Every word without an operator is required, as if each had a `+`: no coverage rule.
    pub fn exact(mut self, exact: bool) -> Self {
        self.exact = exact;
        self
    }

    /// Builds for a search that does not rank by score (counts, facets, order by a value): the
    /// same documents match, found with fewer clauses.
    pub fn scored(mut self, scored: bool) -> Self {
        self.scored = scored;
        self
    }

    pub fn options(mut self, options: QueryOptions) -> Self {
        self.options = options;
        self
    }

    /// Stems the query words as an index built with or without lemmas did (see
    /// `analysis::lemmas`); with, unless told.
    pub fn lemmas(mut self, lemmas: bool) -> Self {
        self.lemmas = lemmas;
        self
    }

    /// The analysis of compound query words' parts: the index's stemming, no heads (a query
    /// word's parts are searched as a phrase, and heads have no place in one).
    fn morphology(&self) -> analysis::Morphology {
        analysis::Morphology { lemmas: self.lemmas, compound_heads: false }
    }

    /// Parses and builds the query. An empty or blank text matches every document.
    pub fn build(mut self) -> Result<BuiltQuery> {
        let text = self.query_text;
        if text.chars().count() > MAX_QUERY_LEN {
            return Err(Error::query(
                &text.chars().take(40).collect::<String>(),
                format!("longer than {MAX_QUERY_LEN} characters"),
            ));
        }
        if text.chars().any(|c| c.is_control() && !c.is_whitespace()) {
            return Err(Error::query(text, "contains control characters"));
        }
        if text.trim().is_empty() {
            return Ok(BuiltQuery {
                query: Box::new(AllQuery),
                highlight: BTreeSet::new(),
                doc_freqs: HashMap::new(),
                warnings: Vec::new(),
                tiered: false,
            });
        }
        let ast = inflected_words_not_fields(parse(text)?);
        let words = count_words(&ast);
        if words > MAX_QUERY_WORDS {
            return Err(self.error(format!(
                "{words} words are more than one query takes ({MAX_QUERY_WORDS}); to find \
                 projects like a text, use similar --text"
            )));
        }
        let converted = self.convert(&ast, false)?;
        let notices = stop_word_notices(&self.stop_words, converted.is_none());
        let query = converted.unwrap_or_else(|| Box::new(EmptyQuery));
        let doc_freqs = self.lookup.map(TermLookup::into_doc_freqs).unwrap_or_default();
        let mut warnings = notices;
        warnings.extend(self.warnings);
        Ok(BuiltQuery {
            query,
            highlight: self.highlight,
            doc_freqs,
            warnings,
            tiered: self.tiered,
        })
    }

    fn convert(&mut self, ast: &UserInputAst, negated: bool) -> Result<Option<Box<dyn Query>>> {
        match ast {
            UserInputAst::Clause(clauses) => self.convert_clauses(clauses, negated),
            UserInputAst::Boost(inner, boost) => Ok(self
                .convert(inner, negated)?
                .map(|query| boxed(BoostQuery::new(query, boost.into_inner() as f32)))),
            UserInputAst::Leaf(leaf) => self.convert_leaf(leaf, negated),
        }
    }

    fn convert_clauses(
        &mut self,
        clauses: &[(Option<UserOccur>, UserInputAst)],
        negated: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        let top = !self.nested;
        self.nested = true;
        let converted = self.convert_clause_list(clauses, negated, top);
        if top {
            self.nested = false;
        }
        converted
    }

    /// Whether the top-level words follow the coverage rule (see [`coverage`]): it needs the
    /// words' document frequencies, and `--exact` turns it off.
    fn covers(&self) -> bool {
        !self.exact && self.lookup.is_some()
    }

    fn convert_clause_list(
        &mut self,
        clauses: &[(Option<UserOccur>, UserInputAst)],
        negated: bool,
        top: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        // A query with OR keeps the plain boolean reading, relaxed or not; otherwise relaxing
        // the top level is the coverage rule's business (see `covered`).
        let explicit_or = clauses.iter().any(|(occur, _)| *occur == Some(UserOccur::Should));
        let covered_here = top && self.covers() && !explicit_or;
        let relax_here = self.relaxed && !covered_here;
        let occurs: Vec<Occur> = clauses
            .iter()
            .map(|(occur, _)| match occur {
                None if relax_here => Occur::Should,
                None | Some(UserOccur::Must) => Occur::Must,
                Some(UserOccur::Should) => Occur::Should,
                Some(UserOccur::MustNot) => Occur::MustNot,
            })
            .collect();
        let plain: Vec<Option<&UserInputLiteral>> = clauses
            .iter()
            .zip(&occurs)
            .map(|((user_occur, ast), occur)| {
                let implicit_or_must = *occur == Occur::Must || user_occur.is_none();
                implicit_or_must.then(|| plain_word(ast)).flatten()
            })
            .collect();
        let groups = self.synonym_groups(&plain);

        let mut subqueries: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // Per subquery: the weight of a counted word (see `coverage`), and whether it was typed
        // with `+` or `AND`.
        let mut counted: Vec<Option<(f32, bool)>> = Vec::new();
        let mut index = 0;
        while index < clauses.len() {
            self.spelling_doc_freq = 0;
            if let Some((last, expansions)) = groups.get(&index) {
                // Several words that together are a synonym form ("svenska för invandrare"):
                // all of them, or one of the other forms.
                let mut words: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for (_, ast) in &clauses[index..=*last] {
                    if let Some(query) = self.convert(ast, negated)? {
                        words.push((Occur::Must, query));
                    }
                }
                let Target::Text { fields, folded } = self.target_fields(None, negated)? else {
                    unreachable!("the default target is text")
                };
                let literal = vec![boxed(BooleanQuery::new(words))];
                let query = self.with_expansions(literal, expansions, &fields, folded, negated);
                let text: Vec<&str> = plain[index..=*last]
                    .iter()
                    .flatten()
                    .map(|literal| literal.phrase.as_str())
                    .collect();
                let required = clauses[index].0 == Some(UserOccur::Must);
                counted.push(self.unit_weight(&text.join(" ")).map(|weight| (weight, required)));
                subqueries.push((occurs[index], query));
                index = last + 1;
                continue;
            }
            let occur = occurs[index];
            let child_negated = negated ^ (occur == Occur::MustNot);
            let (user_occur, ast) = &clauses[index];
            let counts = matches!(user_occur, None | Some(UserOccur::Must)) && !child_negated;
            // A stop word alone ("och") converts to nothing and constrains nothing.
            if let Some(query) = self.convert(ast, child_negated)? {
                let weight = counted_text(ast).filter(|_| counts).and_then(|text| {
                    let required = *user_occur == Some(UserOccur::Must);
                    self.unit_weight(text).map(|weight| (weight, required))
                });
                counted.push(weight);
                subqueries.push((occur, query));
            }
            index += 1;
        }
        if subqueries.is_empty() {
            return Ok(None);
        }
        let words: Vec<&str> =
            plain.iter().flatten().map(|literal| literal.phrase.as_str()).collect();
        // The phrase only lifts scores; every document it matches has the words already.
        let mut lifts = Vec::new();
        if words.len() > 1 && self.options.proximity && self.scored {
            lifts.extend(self.proximity_query(&words.join(" ")));
        }
        if covered_here {
            if let Some(query) = self.covered(&mut subqueries, &counted, &mut lifts) {
                return Ok(Some(query));
            }
        }
        subqueries.extend(lifts.into_iter().map(|lift| (Occur::Should, lift)));
        if subqueries.iter().all(|(occur, _)| *occur == Occur::MustNot) {
            subqueries.push((Occur::Must, Box::new(AllQuery)));
        }
        if let [(Occur::Must | Occur::Should, _)] = subqueries.as_slice() {
            // One clause (a one-word query) is that clause; a BooleanQuery around it only adds a
            // layer of scorers.
            return Ok(subqueries.pop().map(|(_, query)| query));
        }
        Ok(Some(boxed(BooleanQuery::new(subqueries))))
    }

    /// The top-level clauses as a [`CoverageQuery`] when the coverage rule lets a document
    /// match without every counted word (or, relaxed, with any one of them); `None` when every
    /// word is needed anyway, which the plain conjunction finds faster. Other clauses that
    /// must match (a facet, a range, a wildcard, a group) are units of no weight that must
    /// match; exclusions stay outside.
    fn covered(
        &mut self,
        subqueries: &mut Vec<(Occur, Box<dyn Query>)>,
        counted: &[Option<(f32, bool)>],
        lifts: &mut Vec<Box<dyn Query>>,
    ) -> Option<Box<dyn Query>> {
        let weights: Vec<f32> = counted.iter().flatten().map(|(weight, _)| *weight).collect();
        if weights.len() < 2 {
            return None;
        }
        let rule = if self.relaxed {
            let lightest = weights.iter().copied().fold(f32::INFINITY, f32::min);
            Rule { total: weights.iter().sum(), minimum: lightest * (1.0 - 1e-5) }
        } else {
            Rule::new(&weights)
        };
        if !self.relaxed && rule.needs_all(&weights) {
            return None;
        }
        let mut units = Vec::new();
        let mut excluded = Vec::new();
        for ((occur, query), counted) in subqueries.drain(..).zip(counted) {
            match (occur, counted) {
                (Occur::MustNot, _) => excluded.push((Occur::MustNot, query)),
                (_, Some((weight, required))) => {
                    units.push(Unit { query, weight: *weight, required: *required })
                }
                (Occur::Must, None) => units.push(Unit { query, weight: 0.0, required: true }),
                (Occur::Should, None) => lifts.push(query),
            }
        }
        self.tiered = true;
        let query = boxed(CoverageQuery::new(units, std::mem::take(lifts), rule));
        if excluded.is_empty() {
            return Some(query);
        }
        excluded.push((Occur::Must, query));
        Some(boxed(BooleanQuery::new(excluded)))
    }

    /// The weight of a counted word of the query (see [`coverage`]): the idf of its rarest
    /// token in the catch-all, as typed or, when only its other spellings are in the index,
    /// of its commonest other spelling. `None` without a lookup, or for stop words only.
    fn unit_weight(&mut self, text: &str) -> Option<f32> {
        let lookup = self.lookup.as_mut()?;
        let body = self.fields.body;
        let doc_freqs: Vec<u64> = tokens(analysis::chain(analysis::SV_QUERY, self.lemmas), text)
            .iter()
            .map(|token| lookup.doc_freq(&Term::from_field_text(body, &token.text)))
            .collect();
        let typed = doc_freqs.iter().copied().min()?;
        let doc_freq = if typed == 0 { self.spelling_doc_freq } else { typed };
        let total = lookup.searcher().num_docs();
        Some(coverage::idf(doc_freq, total))
    }

    /// Runs of consecutive plain words that form a multi-word synonym form: first clause index
    /// → (last clause index, the group's other forms).
    fn synonym_groups(
        &self,
        plain: &[Option<&UserInputLiteral>],
    ) -> HashMap<usize, (usize, Vec<String>)> {
        let mut groups = HashMap::new();
        if !self.options.synonyms {
            return groups;
        }
        let mut run_start = 0;
        while run_start < plain.len() {
            if plain[run_start].is_none() {
                run_start += 1;
                continue;
            }
            let run_end =
                (run_start..plain.len()).find(|&i| plain[i].is_none()).unwrap_or(plain.len());
            // Stop words ("för") take no part in matching but stay inside a group.
            let words: Vec<(usize, String)> = (run_start..run_end)
                .filter_map(|i| {
                    let stems: Vec<String> =
                        analysis::analyze(analysis::SV_QUERY, &plain[i]?.phrase).collect();
                    (stems.len() == 1).then(|| (i, stems[0].clone()))
                })
                .collect();
            let mut at = 0;
            while at < words.len() {
                let stems: Vec<String> = words[at..].iter().map(|(_, stem)| stem.clone()).collect();
                match self.synonyms.longest_match(&stems) {
                    Some((used, expansions)) if used >= 2 => {
                        let expansions = expansions.into_iter().map(str::to_string).collect();
                        groups.insert(words[at].0, (words[at + used - 1].0, expansions));
                        at += used;
                    }
                    _ => at += 1,
                }
            }
            run_start = run_end;
        }
        groups
    }

    fn convert_leaf(
        &mut self,
        leaf: &UserInputLeaf,
        negated: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        match leaf {
            UserInputLeaf::Literal(literal) => self.convert_literal(literal, negated),
            UserInputLeaf::All => Ok(Some(Box::new(AllQuery))),
            UserInputLeaf::Range { field, lower, upper } => self.convert_range(field, lower, upper),
            UserInputLeaf::Set { .. } => Err(self.error("IN [...] sets are not supported")),
            UserInputLeaf::Exists { field } => {
                Err(self.error(format!("{field}:* (field exists) is not supported")))
            }
            UserInputLeaf::Regex { .. } => Err(self.error("regular expressions are not supported")),
        }
    }

    fn error(&self, message: impl std::fmt::Display) -> Error {
        Error::query(&quoted(self.query_text, None), message)
    }

    /// The text fields a literal searches, with boosts: the named one, or all default ones.
    /// An excluded (`negated`) word, and every word of a search that ranks nothing, is searched
    /// in the catch-all only: it is found, not scored, and the catch-all holds every text the
    /// other fields hold.
    fn target_fields(&self, field_name: Option<&str>, negated: bool) -> Result<Target> {
        let Some(name) = field_name else {
            if negated || !self.scored {
                return Ok(Target::Text { fields: vec![(self.fields.body, 1.0)], folded: true });
            }
            let fields = TextField::ALL
                .into_iter()
                .filter(|field| field.boost() > 0.0)
                .map(|field| (self.fields.text(field), field.boost()))
                .collect();
            return Ok(Target::Text { fields, folded: true });
        };
        let resolved = schema::resolve_alias(name).ok_or_else(|| {
            self.error(format!(
                "unknown field \"{name}\" (known: {})",
                schema::alias_names().join(", ")
            ))
        })?;
        Ok(match resolved {
            Named::Facet(facet) => Target::Facet(facet),
            Named::Text(field) => {
                Target::Text { fields: vec![(self.fields.text(field), 1.0)], folded: false }
            }
        })
    }

    fn convert_literal(
        &mut self,
        literal: &UserInputLiteral,
        negated: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        let target = self.target_fields(literal.field_name.as_deref(), negated)?;
        let (fields, folded) = match target {
            Target::Facet(facet_field) => {
                return self.facet_query(facet_field, &literal.phrase).map(Some)
            }
            Target::Text { fields, folded } => (fields, folded),
        };
        let wildcard = literal.delimiter == Delimiter::None && literal.phrase.contains('*');
        if literal.prefix || wildcard {
            let pattern = if literal.prefix {
                format!("{}*", literal.phrase)
            } else {
                literal.phrase.clone()
            };
            return self.wildcard_query(&fields, &pattern, !negated);
        }
        if literal.delimiter != Delimiter::None && literal.slop > 0 {
            // A sloppy phrase is matched by trying the placements of its words within the
            // slop, and a repeated word multiplies them: "arbete arbete …"~4294967295 took
            // gigabytes. Both bounds keep any one phrase cheap.
            if literal.slop > MAX_PHRASE_SLOP {
                return Err(self.error(format!(
                    "the slop after ~ must be at most {MAX_PHRASE_SLOP}, not {}",
                    literal.slop
                )));
            }
            let words = literal.phrase.split_whitespace().count();
            if words > MAX_SLOPPY_PHRASE_WORDS {
                return Err(self.error(format!(
                    "a phrase with ~ takes at most {MAX_SLOPPY_PHRASE_WORDS} words, not {words}"
                )));
            }
        }
        let reading = Reading {
            phrase: literal.delimiter != Delimiter::None,
            slop: literal.slop,
            highlight: !negated,
            typed: true,
        };
        let Some(literal_alternatives) =
            self.text_alternatives(&fields, folded, &literal.phrase, reading)
        else {
            return Ok(None);
        };
        let stems: Vec<String> = analysis::analyze(analysis::SV_QUERY, &literal.phrase).collect();
        let expansions: Vec<String> = if self.options.synonyms {
            self.synonyms.expansions(&stems).into_iter().map(str::to_string).collect()
        } else {
            Vec::new()
        };
        let query =
            self.with_expansions(literal_alternatives, &expansions, &fields, folded, negated);
        if negated && literal.delimiter != Delimiter::None {
            // tantivy 0.27's PhraseScorer asserts (in debug builds) on the seeks an exclusion
            // makes, which are valid; a union of two copies seeks it the plain way, and a
            // document matching the copies is excluded once all the same.
            let copies = vec![(Occur::Should, query.box_clone()), (Occur::Should, query)];
            return Ok(Some(boxed(BooleanQuery::new(copies))));
        }
        Ok(Some(query))
    }

    /// `literal` (its alternatives) OR the synonym expansions, each form weighed below it: a
    /// document scores the best of the forms it has (a dis-max), not their sum, so a short text
    /// that names "ESF", "ESF-rådet" and "Europeiska socialfonden" does not outrank one about
    /// the programme. An excluded word excludes what was typed, not its synonyms:
    /// `"svenska för invandrare" -sfi` asks for the texts that write it out.
    fn with_expansions(
        &mut self,
        mut alternatives: Alternatives,
        expansions: &[String],
        fields: &[(Field, f32)],
        folded: bool,
        negated: bool,
    ) -> Box<dyn Query> {
        if negated {
            return any_of(alternatives);
        }
        let mut forms = Vec::new();
        for expansion in expansions {
            // Only one-word expansions are marked in snippets: marking each word of a phrase
            // expansion would mark every "svenska" in a text.
            let single_word = analysis::analyze(analysis::SV_QUERY, expansion).count() == 1;
            let reading = Reading { phrase: true, slop: 0, highlight: single_word, typed: false };
            match self.text_alternatives(fields, folded, expansion, reading) {
                Some(expansion) if !expansion.is_empty() => {
                    forms.push(boosted(any_of(expansion), SYNONYM_WEIGHT))
                }
                _ => {}
            }
        }
        if forms.is_empty() {
            return any_of(alternatives);
        }
        if !alternatives.is_empty() {
            forms.insert(0, any_of(std::mem::take(&mut alternatives)));
        }
        if forms.len() == 1 {
            return forms.remove(0);
        }
        boxed(BestOf::new(forms))
    }

    /// The ways `text` is found in `fields` (each with its boost), the folded catch-all and the
    /// English reading, each boosted, for one union (see [`any_of`]). `None` when the text has
    /// no searchable words (stop words only); empty when its words are in no document (the
    /// clause then matches nothing, it does not vanish).
    fn text_alternatives(
        &mut self,
        fields: &[(Field, f32)],
        folded: bool,
        text: &str,
        reading: Reading,
    ) -> Option<Alternatives> {
        let Reading { phrase: is_phrase, slop, highlight, typed } = reading;
        let sv = tokens(analysis::chain(analysis::SV_QUERY, self.lemmas), text);
        if sv.is_empty() {
            if typed {
                self.stop_words.push(text.to_string());
            }
            return None;
        }
        if highlight {
            self.highlight.extend(sv.iter().map(|token| token.text.clone()));
        }
        let sv = positioned(&sv);
        // Short words are acronyms more often than English: "AMS" must not become "am".
        let long_enough = text.chars().filter(|c| c.is_alphabetic()).count() >= MIN_ENGLISH_READING;
        let en = if typed && self.options.folding && long_enough {
            positioned(&tokens(analysis::EN_QUERY, text))
        } else {
            sv.clone()
        };
        let mut alternatives = Alternatives::new();
        let english = en != sv;
        // Sections are recognised by their Swedish headings, so an English text's sections
        // stand in the catch-all: its English reading is searched there and in the title.
        let title_or_body = [self.fields.body, self.fields.text(TextField::Title)];
        for (field, boost) in fields {
            let mut terms_query = |reading: &[(usize, String)]| {
                let query = terms_query(*field, reading, is_phrase, slop)?;
                let terms: Vec<Term> =
                    reading.iter().map(|(_, text)| Term::from_field_text(*field, text)).collect();
                self.where_found(query, &terms)
            };
            if let Some(query) = terms_query(&sv) {
                alternatives.push(boosted(query, *boost));
            }
            if english && title_or_body.contains(field) {
                if let Some(query) = terms_query(&en) {
                    alternatives.push(boosted(query, boost * ENGLISH_READING));
                }
            }
        }
        if folded && self.options.compounds && sv.len() == 1 {
            let term = Term::from_field_text(self.fields.body_parts, &sv[0].1);
            let query = boxed(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
            if let Some(query) = self.where_found(query, &[term]) {
                alternatives.push(boosted(query, PARTS_BOOST));
            }
            // Not for synonym expansions (sent as phrases): they are someone else's word.
            if !is_phrase {
                let parts = self.parts_of_query_word(text);
                alternatives
                    .extend(parts.into_iter().map(|query| boosted(query, QUERY_PARTS_BOOST)));
            }
        }
        // Words and unquoted word groups only: spellings of a phrase would multiply.
        if folded && self.options.folding && (!is_phrase || sv.len() == 1) {
            let folded_chain = analysis::chain(analysis::FOLDED_QUERY, self.lemmas);
            let folded_reading = positioned(&tokens(folded_chain, text));
            let unstemmed = if self.options.fold_before_stem && typed {
                positioned(&tokens(analysis::FOLDED_WORDS_QUERY, text))
            } else {
                Vec::new()
            };
            let spellings = self.other_spellings(&folded_reading, &unstemmed, &sv, typed);
            alternatives.extend(spellings.into_iter().map(|query| boosted(query, FOLDED_BOOST)));
        }
        Some(alternatives)
    }

    /// `query`, left out where its `terms` are in no document (see [`TermLookup`]).
    fn where_found(&mut self, query: Box<dyn Query>, terms: &[Term]) -> Option<Box<dyn Query>> {
        match &mut self.lookup {
            Some(lookup) => lookup.where_found(query, terms),
            None => Some(query),
        }
    }

    /// The query words in the other spellings the index holds (see [`spelling`]): "foretag"
    /// typed in ASCII finds "företag", and "företag" finds "foretag". A word's spellings are
    /// alternatives of their own; a group of words needs each word in some spelling and at
    /// least one in another. Empty when no word has another spelling. `unstemmed`, the words
    /// folded before stemming, adds the spellings whose stem the folded stem misses.
    fn other_spellings(
        &mut self,
        folded_reading: &[(usize, String)],
        unstemmed: &[(usize, String)],
        exact: &[(usize, String)],
        typed: bool,
    ) -> Alternatives {
        let Some(lookup) = self.lookup.as_mut() else { return Alternatives::new() };
        let searcher = lookup.searcher();
        let body = self.fields.body;
        let mut any_other = false;
        let mut words: Vec<Vec<Term>> = Vec::new();
        for (position, folded) in folded_reading {
            let exact_stem = exact.iter().find(|(at, _)| at == position).map(|(_, stem)| stem);
            let exact = exact_stem.map_or("", |stem| stem.as_str());
            let mut candidates = if typed {
                spelling::other_spellings(searcher, body, folded, exact)
            } else {
                spelling::without_diacritics(folded, exact).into_iter().collect()
            };
            let word = unstemmed.iter().find(|(at, word)| at == position && word != folded);
            if let Some((_, word)) = word {
                for spelling in spelling::other_spellings(searcher, body, word, exact) {
                    if !candidates.contains(&spelling) {
                        candidates.push(spelling);
                    }
                }
            }
            let mut spellings: Vec<Term> = candidates
                .iter()
                .map(|spelling| Term::from_field_text(body, spelling))
                .filter(|term| lookup.in_index(term))
                .collect();
            if typed {
                for term in &spellings {
                    self.spelling_doc_freq = self.spelling_doc_freq.max(lookup.doc_freq(term));
                }
            }
            any_other |= !spellings.is_empty();
            if folded_reading.len() > 1 {
                spellings.extend(exact_stem.map(|stem| Term::from_field_text(body, stem)));
            }
            words.push(spellings);
        }
        if !any_other || words.iter().any(Vec::is_empty) {
            return Alternatives::new();
        }
        let mut either = |spellings: &[Term]| -> Alternatives {
            spellings
                .iter()
                .filter_map(|term| {
                    let query = boxed(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
                    lookup.where_found(query, std::slice::from_ref(term))
                })
                .collect()
        };
        match words.as_slice() {
            [one] => either(one),
            many => {
                let all = many.iter().map(|spellings| (Occur::Must, any_of(either(spellings))));
                vec![boxed(BooleanQuery::new(all.collect()))]
            }
        }
    }

    /// A compound query word also finds texts that write its parts apart, close together and
    /// in either order ("arbetsmarknads- och utbildningsfrågor", "utbildning på arbetsmarknaden"
    /// for "arbetsmarknadsutbildning"), ranked below the word itself. Parts anywhere in a text
    /// would be too loose: "arbetsintegrerande" is not any text with "arbete" and "integrera".
    fn parts_of_query_word(&mut self, word: &str) -> Alternatives {
        let lower = word.trim().to_lowercase();
        let parts = decompound::part_stems(&lower, self.morphology());
        let required = required_parts(&parts);
        if required.len() < 2 {
            return Alternatives::new();
        }
        let body = self.fields.body;
        let terms: Vec<Term> =
            required.iter().map(|part| Term::from_field_text(body, part)).collect();
        let phrase = |order: &mut dyn Iterator<Item = &Term>| -> Box<dyn Query> {
            let terms = order.cloned().enumerate().collect();
            Box::new(PhraseQuery::new_with_offset_and_slop(terms, PARTS_SLOP))
        };
        let either_order = [phrase(&mut terms.iter()), phrase(&mut terms.iter().rev())];
        either_order.into_iter().filter_map(|query| self.where_found(query, &terms)).collect()
    }

    fn proximity_query(&mut self, words: &str) -> Option<Box<dyn Query>> {
        let sv = positioned(&tokens(analysis::chain(analysis::SV_QUERY, self.lemmas), words));
        if sv.iter().map(|(position, _)| position).collect::<BTreeSet<_>>().len() < 2 {
            return None;
        }
        let body = self.fields.body;
        let terms: Vec<(usize, Term)> = sv
            .iter()
            .map(|(position, text)| (*position, Term::from_field_text(body, text)))
            .collect();
        let words: Vec<Term> = terms.iter().map(|(_, term)| term.clone()).collect();
        let phrase = boxed(PhraseQuery::new_with_offset_and_slop(terms, PROXIMITY_SLOP));
        let phrase = self.where_found(phrase, &words)?;
        Some(boxed(BoostQuery::new(phrase, PROXIMITY_BOOST)))
    }

    /// `matchn*`, `*arbete*`: the words of the index the pattern matches (see [`wildcard`]),
    /// searched as one set per field; a match scores the field's boost, however many of the
    /// words it has. Stems are matched, so a prefix is cut at most where the stemmer cuts.
    fn wildcard_query(
        &mut self,
        fields: &[(Field, f32)],
        text: &str,
        highlight: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        let Some(pattern) = Pattern::new(text) else { return Ok(None) };
        let words = match self.wildcards.get(&pattern) {
            Some(words) => words.clone(),
            None => {
                let words = self.expand_wildcard(&pattern)?;
                self.wildcards.insert(pattern, words.clone());
                words
            }
        };
        if words.is_empty() {
            return Ok(Some(Box::new(EmptyQuery)));
        }
        // The words found rank by the field they stand in, so the hits are scored, and a
        // snippet marks them like typed words.
        if highlight {
            self.highlight.extend(words.iter().cloned());
        }
        let per_field = fields.iter().map(|(field, boost)| {
            let terms = words.iter().map(|word| Term::from_field_text(*field, word));
            (Occur::Should, boosted(boxed(TermSetQuery::new(terms)), *boost))
        });
        Ok(Some(boxed(BooleanQuery::new(per_field.collect()))))
    }

    /// The words of the catch-all `pattern` matches, within the bounds of one wildcard and of
    /// all the query's wildcards together. Without a searcher to look them up in (a builder
    /// without [`QueryBuilder::look_up_terms`]), a wildcard matches no word.
    fn expand_wildcard(&self, pattern: &Pattern) -> Result<Vec<String>> {
        let Some(lookup) = &self.lookup else { return Ok(Vec::new()) };
        let words =
            wildcard::expand(lookup.searcher(), self.fields.body, pattern, MAX_WILDCARD_WORDS)
                .map_err(|too_many| {
                    let what = match pattern.display().strip_suffix('*') {
                        Some(prefix) if !prefix.contains('*') => format!("start with \"{prefix}\""),
                        _ => format!("match \"{}\"", pattern.display()),
                    };
                    self.error(format!(
                        "too many words {what} (more than {}); type more of the word",
                        too_many.limit
                    ))
                })?;
        let total = self.wildcards.values().map(Vec::len).sum::<usize>() + words.len();
        if total > MAX_QUERY_WILDCARD_WORDS {
            return Err(self.error(format!(
                "the wildcards stand for {total} words of the index together, more than one \
                 query takes ({MAX_QUERY_WILDCARD_WORDS}); type more of each word"
            )));
        }
        Ok(words)
    }

    fn facet_query(&mut self, facet_field: schema::Facet, value: &str) -> Result<Box<dyn Query>> {
        let field = self.fields.facet(facet_field);
        let matching = self.facet_values.matching(facet_field, value);
        if matching.is_empty() {
            let warning = self.facet_values.unknown_value(facet_field, value);
            if !self.warnings.contains(&warning) {
                self.warnings.push(warning);
            }
            return Ok(Box::new(EmptyQuery));
        }
        Ok(super::facets::any_value(field, &matching))
    }

    fn convert_range(
        &self,
        field: &Option<String>,
        lower: &UserInputBound,
        upper: &UserInputBound,
    ) -> Result<Option<Box<dyn Query>>> {
        let name = field.as_deref().unwrap_or_default();
        let Some(number) = schema::resolve_range(name) else {
            return Err(
                self.error(format!("ranges work on grant, budget, start and slut, not \"{name}\""))
            );
        };
        let numeric = self.fields.number(number);
        let bound = |bound: &UserInputBound| -> Result<Bound<Term>> {
            let value = |text: &str| {
                text.trim().replace([' ', '_'], "").parse::<u64>().map_err(|_| {
                    self.error(format!("range bound \"{text}\" is not a whole number"))
                })
            };
            Ok(match bound {
                UserInputBound::Inclusive(text) => {
                    Bound::Included(Term::from_field_u64(numeric, value(text)?))
                }
                UserInputBound::Exclusive(text) => {
                    Bound::Excluded(Term::from_field_u64(numeric, value(text)?))
                }
                UserInputBound::Unbounded => Bound::Unbounded,
            })
        };
        let (lower, upper) = match (bound(lower)?, bound(upper)?) {
            // tantivy panics on a range open at both ends; `start:[* TO *]` means "has a start".
            (Bound::Unbounded, Bound::Unbounded) => {
                (Bound::Included(Term::from_field_u64(numeric, 0)), Bound::Unbounded)
            }
            bounds => bounds,
        };
        Ok(Some(Box::new(RangeQuery::new(lower, upper))))
    }
}

/// The parts a text must have to stand for a compound, from the splitter's part stems: of an
/// inflected part and its lemma ("arbetet", "arbet") the lemma, and of a nested compound and its
/// own parts ("arbetsmarknad", "arbet", "marknad") the compound.
fn required_parts(parts: &[String]) -> Vec<&str> {
    let inflection_of = |longer: &str, shorter: &str| {
        longer.len() > shorter.len()
            && longer.starts_with(shorter)
            && longer.len() - shorter.len() <= 3
    };
    parts
        .iter()
        .filter(|part| {
            let is_inflected = parts.iter().any(|other| inflection_of(part, other));
            let is_nested = parts.iter().any(|other| {
                other.len() > part.len()
                    && other.contains(part.as_str())
                    && !inflection_of(other, part)
            });
            !is_inflected && !is_nested
        })
        .map(String::as_str)
        .collect()
}

/// The text of a clause that counts as a word of the query (see [`coverage`]): a word or a
/// quoted phrase, in every text field or one; not a facet value, a wildcard, a range or a group.
fn counted_text(ast: &UserInputAst) -> Option<&str> {
    let UserInputAst::Leaf(leaf) = ast else { return None };
    let UserInputLeaf::Literal(literal) = leaf.as_ref() else { return None };
    let wildcard = literal.delimiter == Delimiter::None && literal.phrase.contains('*');
    let text_field = match literal.field_name.as_deref() {
        None => true,
        Some(name) => {
            matches!(schema::resolve_alias(name), Some(Named::Text(_)))
        }
    };
    (text_field && !literal.prefix && !wildcard).then_some(literal.phrase.as_str())
}

/// A word typed without field, quotes or wildcard.
fn plain_word(ast: &UserInputAst) -> Option<&UserInputLiteral> {
    let UserInputAst::Leaf(leaf) = ast else { return None };
    let UserInputLeaf::Literal(literal) = leaf.as_ref() else { return None };
    (literal.field_name.is_none() && literal.delimiter == Delimiter::None && !literal.prefix)
        .then_some(literal)
}

/// How a text is searched: as a phrase (with a slop) or as words, and whether snippets mark
/// its stems.
#[derive(Debug, Clone, Copy)]
struct Reading {
    phrase: bool,
    slop: u32,
    highlight: bool,
    /// Typed by the user, not a form from the synonym table. The table is Swedish and spelled
    /// right: its forms get no English reading, and of their other spellings only the one
    /// without å, ä and ö (the judged queries rank the same without the rest).
    typed: bool,
}

enum Target {
    Facet(schema::Facet),
    Text { fields: Vec<(Field, f32)>, folded: bool },
}

fn boxed(query: impl Query) -> Box<dyn Query> {
    Box::new(query)
}

/// Queries any of which a document may match, each with its own boost.
type Alternatives = Vec<Box<dyn Query>>;

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    boxed(BoostQuery::new(query, boost))
}

/// One union of `alternatives`, scoring the sum of those a document matches. tantivy gives
/// every union a buffer of 4,096 scores per segment, set up for each search: a union of
/// unions (the word in its fields, its spellings, its synonyms) cost more to set up than to
/// run, so alternatives are gathered into one list rather than nested, which scores the same.
fn any_of(mut alternatives: Alternatives) -> Box<dyn Query> {
    match alternatives.len() {
        0 => Box::new(EmptyQuery),
        1 => alternatives.remove(0),
        _ => boxed(BooleanQuery::new(
            alternatives.into_iter().map(|query| (Occur::Should, query)).collect(),
        )),
    }
}

/// Token texts with positions relative to the first, as they stand in the index (stop words
/// leave gaps); a hyphen-joined word keeps the joined token and drops its parts.
fn positioned(tokens: &[tantivy::tokenizer::Token]) -> Vec<(usize, String)> {
    let first = tokens.first().map(|token| token.position).unwrap_or_default();
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut joined_until = 0;
    for token in tokens {
        if token.offset_from < joined_until {
            continue;
        }
        let is_joined = tokens.iter().any(|other| {
            other.position == token.position
                && other.offset_from == token.offset_from
                && other.offset_to < token.offset_to
        });
        if is_joined {
            joined_until = token.offset_to;
        }
        out.push((token.position - first, token.text.clone()));
    }
    out
}

/// The largest slop a phrase takes (`"a b"~50`).
const MAX_PHRASE_SLOP: u32 = 50;
/// The most words a phrase with a slop takes.
const MAX_SLOPPY_PHRASE_WORDS: usize = 12;

/// A term query for one token, a phrase for several (or an AND for several unquoted ones).
fn terms_query(
    field: Field,
    reading: &[(usize, String)],
    phrase: bool,
    slop: u32,
) -> Option<Box<dyn Query>> {
    match reading {
        [] => None,
        [(_, text)] => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        ))),
        _ if phrase => {
            let terms = reading
                .iter()
                .map(|(position, text)| (*position, Term::from_field_text(field, text)))
                .collect();
            Some(Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop)))
        }
        _ => Some(boxed(BooleanQuery::new(
            reading
                .iter()
                .map(|(_, text)| {
                    let query: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(field, text),
                        IndexRecordOption::WithFreqs,
                    ));
                    (Occur::Must, query)
                })
                .collect(),
        ))),
    }
}

/// `ESF:s`, `Af:arna`, `4:e` … read as the word they inflect (what the tokenizer makes of
/// them in texts), not as a value of the field `ESF`. A real field (`titel:s`) stays a field.
fn inflected_words_not_fields(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, clause)| (occur, inflected_words_not_fields(clause)))
                .collect(),
        ),
        UserInputAst::Boost(inner, boost) => {
            UserInputAst::Boost(Box::new(inflected_words_not_fields(*inner)), boost)
        }
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(mut literal) => {
                if let Some(word) = inflected_word(&literal) {
                    literal.phrase = word;
                    literal.field_name = None;
                }
                UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)))
            }
            other => UserInputAst::Leaf(Box::new(other)),
        },
    }
}

/// The word of `ESF:s` (`ESF`), when the literal is such a word rather than a field's value.
fn inflected_word(literal: &UserInputLiteral) -> Option<String> {
    let name = literal.field_name.as_deref()?;
    if literal.delimiter != Delimiter::None
        || literal.prefix
        || schema::resolve_alias(name).is_some()
    {
        return None;
    }
    let ending = literal.phrase.trim_end_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    INFLECTIONS.contains(&ending.as_str()).then(|| name.to_string())
}

/// The words and ranges of a query, each of which becomes its own clauses.
fn count_words(ast: &UserInputAst) -> usize {
    match ast {
        UserInputAst::Clause(clauses) => {
            clauses.iter().map(|(_, clause)| count_words(clause)).sum()
        }
        UserInputAst::Boost(inner, _) => count_words(inner),
        UserInputAst::Leaf(_) => 1,
    }
}

/// What the user is told about typed words that are stop words: they are not searched, a
/// query of nothing else finds nothing, and a stop word that names a kommun ("Vara") is
/// searched as the kommun with `kommun:`.
fn stop_word_notices(stop_words: &[String], nothing_searched: bool) -> Vec<String> {
    let kommun = |word: &str| {
        places::kommuner().iter().find(|kommun| kommun.name.to_lowercase() == word.to_lowercase())
    };
    let suggestions: Vec<String> = stop_words
        .iter()
        .flat_map(|text| text.split_whitespace())
        .filter_map(kommun)
        .map(|kommun| format!("kommun:{}", kommun.name))
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect();
    let advice = match suggestions.as_slice() {
        [] => String::new(),
        kommuner => format!("; to search the kommun, use {}", kommuner.join(" or ")),
    };
    if nothing_searched && !stop_words.is_empty() {
        let words: Vec<String> = stop_words.iter().map(|word| format!("\"{word}\"")).collect();
        return vec![format!(
            "the query has only stop words ({}), which are not searched, so nothing matches{advice}",
            words.join(", ")
        )];
    }
    if suggestions.is_empty() {
        return Vec::new();
    }
    let words: Vec<String> = stop_words
        .iter()
        .filter(|text| text.split_whitespace().any(|word| kommun(word).is_some()))
        .map(|word| format!("\"{word}\""))
        .collect();
    vec![format!("{} is a stop word and is not searched{advice}", words.join(", "))]
}

/// The query as an error quotes it: whole when short, else only the part around `at` (a
/// character index), or its start when the error has no place.
fn quoted(text: &str, at: Option<usize>) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= QUOTED_WHOLE {
        return text.to_string();
    }
    let at = at.unwrap_or(0).min(chars.len());
    let from = at.saturating_sub(QUOTED_AROUND);
    let to = (at + QUOTED_AROUND).min(chars.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.extend(&chars[from..to]);
    if to < chars.len() {
        out.push('…');
    }
    out
}

/// Parses with tantivy's grammar; on failure, says in our words what is wrong and where.
fn parse(text: &str) -> Result<UserInputAst> {
    // The grammar splits words at ASCII spaces only; text pasted from PDFs and web pages has
    // no-break and other Unicode spaces between its words. One character for one keeps every
    // position an error names (in the recomposed text: a field name or facet value typed with
    // a decomposed å is the field or value).
    let spaced: String = crate::text::recompose(text)
        .chars()
        .map(|c| if c.is_whitespace() && c != ' ' { ' ' } else { c })
        .collect();
    let text = spaced.as_str();
    if let Some(problem) = unbalanced(text) {
        return Err(Error::query(&quoted(text, Some(problem.at)), problem));
    }
    match query_grammar::parse_query(text) {
        Ok(ast) => Ok(ast),
        Err(_) => {
            let problem = diagnose(text).unwrap_or_else(|| {
                // The lenient parser knows where it gave up, not why: say where.
                let (_, errors) = query_grammar::parse_query_lenient(text);
                let at = errors.first().map_or(0, |error| char_index(text, error.pos));
                Problem { at, what: "the query cannot be read here".to_string() }
            });
            Err(Error::query(&quoted(text, Some(problem.at)), problem))
        }
    }
}

/// What is wrong with a query, and where (a character index).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    at: usize,
    what: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at character {})", self.what, self.at + 1)
    }
}

fn problem(at: usize, what: impl Into<String>) -> Option<Problem> {
    Some(Problem { at, what: what.into() })
}

/// The character index of a byte offset (the lenient parser counts bytes).
fn char_index(text: &str, byte: usize) -> usize {
    text.char_indices().take_while(|(at, _)| *at < byte).count()
}

/// One piece of a query outside quotes: a word, an operator, a parenthesis or a quoted phrase
/// with what follows its closing quote (`~2`, `^3`), with the character index it starts at.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    at: usize,
    text: String,
}

fn pieces(text: &str) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut current: Option<Piece> = None;
    let mut in_quote = false;
    for (at, c) in text.chars().enumerate() {
        let separate = !in_quote && (c == '(' || c == ')');
        if separate || (!in_quote && c.is_whitespace()) {
            out.extend(current.take());
            if separate {
                out.push(Piece { at, text: c.to_string() });
            }
            continue;
        }
        if c == '"' {
            in_quote = !in_quote;
        }
        current.get_or_insert_with(|| Piece { at, text: String::new() }).text.push(c);
    }
    out.extend(current);
    out
}

/// Names the first problem the grammar stumbles on, in the user's terms.
fn diagnose(text: &str) -> Option<Problem> {
    let pieces = pieces(text);
    let is_operator = |piece: &Piece| matches!(piece.text.as_str(), "AND" | "OR" | "&&" | "||");
    let mut in_range = false;
    for (index, piece) in pieces.iter().enumerate() {
        let before = index.checked_sub(1).map(|i| &pieces[i]);
        let after = pieces.get(index + 1);
        if is_operator(piece) {
            let word_before =
                before.is_some_and(|b| !is_operator(b) && b.text != "(" && b.text != "NOT");
            let word_after = after.is_some_and(|a| !is_operator(a) && a.text != ")");
            if !word_before || !word_after {
                return problem(piece.at, format!("{} needs a word on each side", piece.text));
            }
        }
        if piece.text == "NOT" && after.is_none_or(|a| is_operator(a) || a.text == ")") {
            return problem(piece.at, "NOT needs a word after it");
        }
        if let Some(found) = diagnose_piece(piece, after, &mut in_range) {
            return Some(found);
        }
    }
    None
}

/// Problems inside one piece: a colon without a field, a field without a value, a range
/// bracket alone, a slop or boost that is not a number. `in_range` tells whether a range's
/// `[` or `{` opened in an earlier piece is still open.
fn diagnose_piece(piece: &Piece, after: Option<&Piece>, in_range: &mut bool) -> Option<Problem> {
    let chars: Vec<char> = piece.text.chars().collect();
    let at = |offset: usize| piece.at + offset;
    let start = chars.iter().take_while(|c| matches!(c, '-' | '+')).count();
    let quoted = chars.get(start) == Some(&'"');
    if !quoted {
        if let Some(colon) = chars.iter().position(|&c| c == ':') {
            if colon == start {
                return problem(at(colon), "':' must follow a field name, as in titel:arbete");
            }
            match chars.get(colon + 1) {
                Some(':') => {
                    return problem(
                        at(colon + 1),
                        "':' must follow a field name, as in titel:arbete",
                    )
                }
                None if after.is_none_or(|a| a.text == ")") => {
                    let field: String = chars[start..colon].iter().collect();
                    return problem(at(colon), format!("{field}: needs a word after it"));
                }
                _ => {}
            }
        }
        for (offset, &c) in chars.iter().enumerate() {
            match c {
                '[' | '{' if offset == 0 || chars[offset - 1] != ':' => {
                    return problem(at(offset), "a range needs a field, as in start:[2009 TO 2010]")
                }
                '[' | '{' => *in_range = true,
                ']' | '}' if !*in_range => {
                    return problem(
                        at(offset),
                        format!("'{c}' closes no range; a range reads start:[2009 TO 2010]"),
                    )
                }
                ']' | '}' => *in_range = false,
                _ => {}
            }
        }
    }
    let closing_quote = if quoted { chars.iter().rposition(|&c| c == '"') } else { None };
    let tail_from = closing_quote.map_or(start, |quote| quote + 1);
    for (offset, &c) in chars.iter().enumerate().skip(tail_from) {
        let number: String =
            chars[offset + 1..].iter().take_while(|c| c.is_ascii_digit() || **c == '.').collect();
        if c == '~' && quoted && offset + 1 < chars.len() && number.parse::<u32>().is_err() {
            return problem(
                at(offset),
                format!("the slop after ~ must be a whole number up to {}", u32::MAX),
            );
        }
        if c == '^' {
            let positive =
                number.parse::<f64>().is_ok_and(|boost| boost > 0.0 && boost.is_finite());
            if offset == 0 || !positive {
                return problem(
                    at(offset),
                    "a boost ^ must follow a word and be a positive number, as in arbete^2",
                );
            }
        }
    }
    None
}

/// The deepest nesting of parentheses a query may have. The grammar and the query built from it
/// recurse once per level: 400 levels overflowed a server thread's stack and aborted the
/// whole server, and no one writes more than a handful.
const MAX_NESTING: usize = 32;

/// tantivy's grammar accepts some unbalanced input silently; users deserve to hear about it.
/// Nesting deeper than [`MAX_NESTING`] is refused here too, before the grammar recurses.
fn unbalanced(text: &str) -> Option<Problem> {
    let quotes: Vec<usize> =
        text.chars().enumerate().filter(|(_, c)| *c == '"').map(|(at, _)| at).collect();
    if quotes.len() % 2 == 1 {
        return problem(quotes[quotes.len() - 1], "unbalanced double quote");
    }
    let mut open: Vec<usize> = Vec::new();
    for (at, c) in text.chars().enumerate() {
        match c {
            '(' if open.len() == MAX_NESTING => {
                return problem(at, format!("more than {MAX_NESTING} parentheses nested"))
            }
            '(' => open.push(at),
            ')' if open.pop().is_none() => return problem(at, "unbalanced ')'"),
            _ => {}
        }
    }
    open.first().and_then(|&at| problem(at, "unbalanced '(': a closing ')' is missing"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(problem: Option<Problem>) -> Option<String> {
        problem.map(|problem| problem.to_string())
    }

    #[test]
    fn unbalanced_input_is_named() {
        assert_eq!(
            named(unbalanced("\"socialt företagande")),
            Some("unbalanced double quote (at character 1)".into())
        );
        assert_eq!(
            named(unbalanced("(a OR b")),
            Some("unbalanced '(': a closing ')' is missing (at character 1)".into())
        );
        assert_eq!(named(unbalanced("a) b")), Some("unbalanced ')' (at character 2)".into()));
        assert_eq!(unbalanced("(a OR b) \"c d\""), None);
        let deep = |levels: usize| format!("{}a{}", "-(".repeat(levels), ")".repeat(levels));
        assert_eq!(unbalanced(&deep(32)), None);
        assert_eq!(
            named(unbalanced(&deep(33))),
            Some("more than 32 parentheses nested (at character 66)".into())
        );
    }

    /// The message of the query error `text` gives.
    fn parse_error(text: &str) -> String {
        match parse(text) {
            Ok(ast) => panic!("{text:?} parsed as {ast:?}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn grammar_errors_say_what_and_where_in_our_words() {
        let cases = [
            ("AND", "query \"AND\": AND needs a word on each side (at character 1)"),
            ("a OR", "query \"a OR\": OR needs a word on each side (at character 3)"),
            ("a AND OR b", "query \"a AND OR b\": AND needs a word on each side (at character 3)"),
            ("(OR a)", "query \"(OR a)\": OR needs a word on each side (at character 2)"),
            ("a NOT", "query \"a NOT\": NOT needs a word after it (at character 3)"),
            (
                "]",
                "query \"]\": ']' closes no range; a range reads start:[2009 TO 2010] (at character 1)",
            ),
            (
                "::",
                "query \"::\": ':' must follow a field name, as in titel:arbete (at character 1)",
            ),
            ("titel:", "query \"titel:\": titel: needs a word after it (at character 6)"),
            (
                "\"socialt företagande\"~99999999999999999999",
                "query \"\\\"socialt företagande\\\"~99999999999999999999\": the slop after ~ must \
                 be a whole number up to 4294967295 (at character 22)",
            ),
            (
                "a^-1",
                "query \"a^-1\": a boost ^ must follow a word and be a positive number, as in \
                 arbete^2 (at character 2)",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_error(text), expected, "{text}");
        }
    }

    #[test]
    fn long_queries_are_quoted_around_the_error_only() {
        let text = format!("{} AND", "matchning ".repeat(20));
        assert_eq!(
            parse_error(&text),
            "query \"…ing matchning matchning  AND\": AND needs a word on each side (at \
             character 202)"
        );
        assert_eq!(quoted(&"a".repeat(61), None), format!("{}…", "a".repeat(25)));
        assert_eq!(quoted("kort", Some(3)), "kort");
    }

    #[test]
    fn inflected_acronyms_are_words_and_fields_stay_fields() {
        let read = |text: &str| format!("{:?}", inflected_words_not_fields(parse(text).unwrap()));
        assert_eq!(read("ESF:s målgrupper"), format!("{:?}", parse("ESF målgrupper").unwrap()));
        for (inflected, word) in [("Af:arna", "Af"), ("SKL:s", "SKL"), ("4:e", "4"), ("N:r", "N")] {
            assert_eq!(read(inflected), format!("{:?}", parse(word).unwrap()), "{inflected}");
        }
        assert_eq!(read("titel:s"), format!("{:?}", parse("titel:s").unwrap()));
        assert_eq!(read("ESF:sverige"), format!("{:?}", parse("ESF:sverige").unwrap()));
        assert_eq!(read("ESF:\"s\""), format!("{:?}", parse("ESF:\"s\"").unwrap()));
    }

    #[test]
    fn stop_words_are_reported_with_the_kommun_they_name() {
        let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(
            stop_word_notices(&owned(&["Vara"]), true),
            ["the query has only stop words (\"Vara\"), which are not searched, so nothing \
              matches; to search the kommun, use kommun:Vara"]
        );
        assert_eq!(
            stop_word_notices(&owned(&["och", "för"]), true),
            ["the query has only stop words (\"och\", \"för\"), which are not searched, so \
              nothing matches"]
        );
        assert_eq!(
            stop_word_notices(&owned(&["vara", "och"]), false),
            ["\"vara\" is a stop word and is not searched; to search the kommun, use kommun:Vara"]
        );
        assert!(stop_word_notices(&owned(&["och"]), false).is_empty());
    }

    #[test]
    fn words_and_phrases_count_for_the_coverage_rule_and_nothing_else_does() {
        let counted = |text: &str| -> Vec<Option<String>> {
            let UserInputAst::Clause(clauses) = parse(text).unwrap() else { panic!("{text}") };
            clauses.iter().map(|(_, ast)| counted_text(ast).map(str::to_string)).collect()
        };
        assert_eq!(
            counted("validering \"utländsk kompetens\" titel:stöd"),
            [Some("validering".into()), Some("utländsk kompetens".into()), Some("stöd".into())]
        );
        assert_eq!(
            counted("kommun:Umeå matchn* (a b) start:[2009 TO 2010]"),
            [None, None, None, None]
        );
    }

    #[test]
    fn hyphenated_query_word_keeps_the_joined_token() {
        let reading = positioned(&tokens(analysis::SV_QUERY, "SFI-undervisningen i skolan"));
        assert_eq!(reading, [(0, "sfiundervisning".to_string()), (3, "skol".to_string())]);
    }

    #[test]
    fn required_parts_keep_lemmas_and_whole_nested_compounds() {
        let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(
            required_parts(&owned(&["matchning", "arbetet", "arbet"])),
            ["matchning", "arbet"]
        );
        assert_eq!(
            required_parts(&owned(&["arbetsmarknad", "arbet", "markn", "utbildning"])),
            ["arbetsmarknad", "utbildning"]
        );
        assert_eq!(required_parts(&owned(&["språk", "utbildning"])), ["språk", "utbildning"]);
    }
}
