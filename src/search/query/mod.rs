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
//!   [`spelling`](super::spelling)), plus its English stem where that differs, all in one union;
//! - a word's synonym forms (see [`Synonyms`]) are its alternatives, weighed below it; a
//!   document scores the best form it has (a dis-max), not their sum;
//! - every term is looked up first (see [`TermLookup`]): clauses on terms no document has are
//!   left out;
//! - an excluded word, and every word of a search that ranks nothing, searches the catch-all
//!   only; an excluded word excludes its stem and spellings, not its synonyms;
//! - an acronym inflected after a colon (`ESF:s`, `Af:arna`, `4:e`) is a word, not a field (see
//!   [`INFLECTIONS`]);
//! - the top-level words follow the coverage rule (see [`coverage`](super::coverage)): every word, or enough
//!   of the query's idf weight, with `+word`, `AND` and `--exact` (see
//!   [`QueryBuilder::exact`]) requiring words; words in a group in parentheses are ANDed;
//!   several plain words also add an optional phrase match that lifts documents where they
//!   stand together;
//! - `region:`, `kommun:`, `fas:` … name facets and match their values case-insensitively.
//!
//! This module walks the tree the grammar gives and holds the builder; each job has a file:
//! `grammar.rs` (parsing and its errors), `word.rs` (how a word reads under each chain),
//! `alternatives.rs` (the ways a word is found), `synonyms.rs`, `covering.rs` (the coverage
//! rule), `proximity.rs`, `wildcards.rs`, `ranges.rs` (ranges and facet values),
//! `morphology.rs` (lemma forms, longer compounds), `open_compounds.rs` (closed and open
//! compounds meet) and `notices.rs` (what is said of stop words).

mod alternatives;
mod covering;
mod grammar;
pub(crate) use grammar::pieces;
mod morphology;
mod notices;
mod open_compounds;
mod proximity;
mod ranges;
mod synonyms;
mod typed;
mod wildcards;
mod word;

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, Query};
use tantivy::query_grammar::{
    Delimiter, Occur as UserOccur, UserInputAst, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::Field;
use tantivy::Searcher;

use super::facets::FacetValues;
use super::statistics::{FieldStatistics, TermLookup, TermMap};
use super::wildcard::Pattern;
use super::QueryOptions;
use crate::analysis::synonyms::Synonyms;
use crate::error::{Error, Result};
use crate::index::schema::{self, Fields, Named, TextField};
use alternatives::{boxed, SearchedAs};
pub use grammar::INFLECTIONS;
use grammar::{count_words, counted_text, inflected_words_not_fields, parse, plain_word, quoted};
use notices::stop_word_notices;
pub use wildcards::{MAX_QUERY_WILDCARD_WORDS, MAX_WILDCARD_WORDS};
use word::WordReading;

/// Longest query accepted; longer input is almost certainly a pasted document.
pub const MAX_QUERY_LEN: usize = 2000;
/// Most words (and ranges) one query searches: each word is a union over every text field, its
/// spellings and synonyms, and a pasted paragraph is a job for `similar --text`.
pub const MAX_QUERY_WORDS: usize = 64;

/// A built query and the stems a snippet should highlight.
pub struct BuiltQuery {
    pub query: Box<dyn Query>,
    /// Swedish stems of every positive query word (what snippets mark).
    pub highlight: BTreeSet<String>,
    /// The document frequencies of the terms looked up while building (see
    /// [`QueryBuilder::look_up_terms`]).
    pub doc_freqs: TermMap<u64>,
    /// What the user should know about how the query was read: stop words left out, a
    /// facet value (`fas:x`) no document has.
    pub warnings: Vec<String>,
    /// Whether documents may match without every word (see [`coverage`](super::coverage)): the score then
    /// carries the coverage tier, read with [`coverage::decode`](super::coverage::decode).
    pub tiered: bool,
    /// Whether the relaxed build (see [`QueryBuilder::build`]) can match documents this one
    /// does not: false when no word could be dropped (one word, a phrase, every word
    /// required), so a search that found nothing need not search again.
    pub relaxable: bool,
}

/// Builds queries against one opened index.
pub struct QueryBuilder<'a> {
    fields: &'a Fields,
    synonyms: &'a Synonyms,
    facet_values: &'a FacetValues,
    highlight: BTreeSet<String>,
    query_text: &'a str,
    options: QueryOptions,
    relaxed: bool,
    /// Every word required, never relaxed (`--exact`).
    exact: bool,
    /// Whether clauses inside the top level are being converted (the coverage rule holds for
    /// the top-level words; a group in parentheses needs all of its words).
    nested: bool,
    /// The largest document frequency of the other spellings of the word being converted
    /// (see [`QueryBuilder::unit_weight`]).
    spelling_doc_freq: u64,
    /// Whether the built query is a [`CoverageQuery`](super::coverage::CoverageQuery).
    tiered: bool,
    /// Whether building relaxed changes a clause list (see [`BuiltQuery::relaxable`]).
    relaxable: bool,
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
    /// The query's tree, parsed by the first build for every later one; `None` before it.
    parsed: Option<Rc<UserInputAst>>,
    /// How each text of the query reads, by the text (see [`word`]): worked out once however
    /// often and in however many builds the text is searched.
    readings: HashMap<String, Rc<WordReading>>,
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
            relaxed: false,
            exact: false,
            nested: false,
            spelling_doc_freq: 0,
            tiered: false,
            relaxable: false,
            lookup: None,
            scored: true,
            stop_words: Vec::new(),
            wildcards: HashMap::new(),
            warnings: Vec::new(),
            parsed: None,
            readings: HashMap::new(),
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

    /// Parses and builds the query. An empty or blank text matches every document. `relaxed`,
    /// any one of the words without an operator is enough, instead of the share the coverage
    /// rule asks: the fallback when no document has that share.
    ///
    /// A second build (the relaxed one after the first) reuses what the first worked out: the
    /// parsed tree, every word's reading (see [`word`]), the terms looked up and the words of
    /// each wildcard. Only the query is put together anew.
    pub fn build(&mut self, relaxed: bool) -> Result<BuiltQuery> {
        let Some(ast) = self.parsed()? else {
            return Ok(BuiltQuery {
                query: Box::new(AllQuery),
                highlight: BTreeSet::new(),
                doc_freqs: TermMap::default(),
                warnings: Vec::new(),
                tiered: false,
                relaxable: false,
            });
        };
        self.relaxed = relaxed;
        let converted = self.convert(&ast, false)?;
        if converted.is_none() && !self.query_text.chars().any(char::is_alphanumeric) {
            // Signs standing alone are read as punctuation (see `typed`), which leaves the
            // grammar no word to tell of: tell of the text.
            if self.stop_words.is_empty() {
                self.stop_words.push(self.query_text.trim().to_string());
            }
        }
        let notices = stop_word_notices(&self.stop_words, converted.is_none());
        self.stop_words.clear();
        let query = converted.unwrap_or_else(|| Box::new(EmptyQuery));
        let doc_freqs = self.lookup.as_ref().map(TermLookup::doc_freqs).unwrap_or_default();
        let mut warnings = notices;
        warnings.append(&mut self.warnings);
        Ok(BuiltQuery {
            query,
            highlight: std::mem::take(&mut self.highlight),
            doc_freqs,
            warnings,
            tiered: std::mem::take(&mut self.tiered),
            relaxable: std::mem::take(&mut self.relaxable),
        })
    }

    /// The query's tree, checked and parsed on the first call; `None` for a blank text.
    fn parsed(&mut self) -> Result<Option<Rc<UserInputAst>>> {
        if let Some(ast) = &self.parsed {
            return Ok(Some(Rc::clone(ast)));
        }
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
            return Ok(None);
        }
        let ast = inflected_words_not_fields(parse(text)?);
        let words = count_words(&ast);
        if words > MAX_QUERY_WORDS {
            return Err(self.error(format!(
                "{words} words are more than one query takes ({MAX_QUERY_WORDS}); to find \
                 projects like a text, use similar --text"
            )));
        }
        let ast = Rc::new(ast);
        self.parsed = Some(Rc::clone(&ast));
        Ok(Some(ast))
    }

    /// How `text` reads (see [`WordReading`]), read on first use.
    fn reading(&mut self, text: &str) -> Rc<WordReading> {
        if let Some(reading) = self.readings.get(text) {
            return Rc::clone(reading);
        }
        let reading = Rc::new(WordReading::new(text));
        self.readings.insert(text.to_string(), Rc::clone(&reading));
        reading
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

    /// Whether the top-level words follow the coverage rule (see
    /// [`coverage`](crate::search::coverage)): it needs the words' document frequencies, and
    /// `--exact` turns it off.
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
        // Relaxed, a word without an operator here becomes optional (see `covered` for the
        // top level).
        self.relaxable |= !covered_here && clauses.iter().any(|(occur, _)| occur.is_none());
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
        let mut joined = self.joined_pairs(&plain, &groups, negated)?;

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
                let readings: Vec<Rc<WordReading>> = plain[index..=*last]
                    .iter()
                    .flatten()
                    .map(|literal| self.reading(&literal.phrase))
                    .collect();
                let readings: Vec<&WordReading> = readings.iter().map(Rc::as_ref).collect();
                let required = clauses[index].0 == Some(UserOccur::Must);
                counted.push(self.unit_weight(&readings).map(|weight| (weight, required)));
                subqueries.push((occurs[index], query));
                index = last + 1;
                continue;
            }
            let occur = occurs[index];
            let child_negated = negated ^ (occur == Occur::MustNot);
            let (user_occur, ast) = &clauses[index];
            let counts = matches!(user_occur, None | Some(UserOccur::Must)) && !child_negated;
            // A stop word alone ("och") converts to nothing and constrains nothing.
            if let Some(mut query) = self.convert(ast, child_negated)? {
                if let Some(mut closed) = joined.remove(&index) {
                    closed.insert(0, query);
                    query = alternatives::any_of(closed);
                }
                let weight = counted_text(ast).filter(|_| counts).and_then(|text| {
                    let required = *user_occur == Some(UserOccur::Must);
                    let reading = self.reading(text);
                    self.unit_weight(&[&reading]).map(|weight| (weight, required))
                });
                counted.push(weight);
                subqueries.push((occur, query));
            } else if *user_occur == Some(UserOccur::Must) && !child_negated {
                // `+och` asks of every document a word no document has in the index: said,
                // or the query silently finds what it finds without the word.
                if let Some(word) = counted_text(ast) {
                    let note = notices::required_stop_word(word);
                    if !self.warnings.contains(&note) {
                        self.warnings.push(note);
                    }
                }
            }
            index += 1;
        }
        if subqueries.is_empty() {
            return Ok(None);
        }
        // The phrase only lifts scores; every document it matches has the words already.
        let mut lifts = Vec::new();
        let words = plain.iter().flatten().count();
        if words > 1 && self.options.proximity && self.scored {
            let readings: Vec<Rc<WordReading>> =
                plain.iter().flatten().map(|literal| self.reading(&literal.phrase)).collect();
            let readings: Vec<&WordReading> = readings.iter().map(Rc::as_ref).collect();
            lifts.extend(self.proximity_query(&readings));
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

    /// Per clause, the compounds it and the plain word beside it may be written as (see
    /// [`open_compounds`]): an alternative of both words, so that a document with the compound
    /// covers both.
    fn joined_pairs(
        &mut self,
        plain: &[Option<&UserInputLiteral>],
        groups: &HashMap<usize, (usize, Vec<String>)>,
        negated: bool,
    ) -> Result<HashMap<usize, alternatives::Alternatives>> {
        let mut joined: HashMap<usize, alternatives::Alternatives> = HashMap::new();
        if !self.options.open_compounds || negated || self.lookup.is_none() {
            return Ok(joined);
        }
        let in_group = |index: usize| {
            groups.iter().any(|(first, (last, _))| (*first..=*last).contains(&index))
        };
        let Target::Text { fields, .. } = self.target_fields(None, negated)? else {
            unreachable!("the default target is text")
        };
        for index in 1..plain.len() {
            let (Some(first), Some(second)) = (plain[index - 1], plain[index]) else { continue };
            let unquoted = |literal: &UserInputLiteral| {
                literal.delimiter == Delimiter::None
                    && literal.field_name.is_none()
                    && !literal.prefix
                    && !literal.phrase.contains('*')
            };
            if !unquoted(first) || !unquoted(second) || in_group(index - 1) || in_group(index) {
                continue;
            }
            let (first, second) = (self.reading(&first.phrase), self.reading(&second.phrase));
            let forms = self.joined_forms(&first, &second, &fields);
            if forms.is_empty() {
                continue;
            }
            let copies: alternatives::Alternatives = forms.iter().map(|q| q.box_clone()).collect();
            joined.entry(index - 1).or_default().extend(copies);
            joined.entry(index).or_default().extend(forms);
        }
        Ok(joined)
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

    /// `stod:5978228`, `slut:2010` or `stod:>=` as typed: a number or a sign after a range's
    /// field is a range written wrong, not a word of an unknown field (`ESF:sverige`, the
    /// acronym with a colon, still is one).
    fn no_range_value(&self, name: &str, value: &str) -> Result<()> {
        let Some(number) = schema::resolve_range(name) else { return Ok(()) };
        if !value.is_empty()
            && !value.starts_with(|c: char| c.is_ascii_digit() || "<>=".contains(c))
        {
            return Ok(());
        }
        let example = match number {
            schema::Number::Grant | schema::Number::Budget => {
                format!("{name}:>=1500000 or {name}:[1Mkr TO 5Mkr]")
            }
            _ => format!("{name}:>=2009 or {name}:[2009 TO 2010]"),
        };
        Err(self.error(format!("{name}: takes a range, as in {example}")))
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
        // `*` is every document; `**`, typed by a hand that meant the same, found none.
        let only_stars = !literal.phrase.is_empty() && literal.phrase.chars().all(|c| c == '*');
        if only_stars && literal.field_name.is_none() && literal.delimiter == Delimiter::None {
            return Ok(Some(Box::new(AllQuery)));
        }
        if let Some(name) = literal.field_name.as_deref() {
            self.no_range_value(name, &literal.phrase)?;
        }
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
        let is_pattern = |word: &str| word.contains('*') && word.chars().any(char::is_alphanumeric);
        if literal.delimiter != Delimiter::None && literal.phrase.split_whitespace().any(is_pattern)
        {
            // The chain drops the star, so the phrase would silently search the letters
            // before it as a whole word ("ut*" read as stop words only); stars alone ("**")
            // are no pattern and find nothing, as before.
            return Err(self.error(format!(
                "a wildcard does not work inside quotes: \"{}\"; drop the quotes or the *",
                literal.phrase
            )));
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
        let searched_as = SearchedAs {
            phrase: literal.delimiter != Delimiter::None,
            slop: literal.slop,
            highlight: !negated,
            typed: true,
        };
        let reading = self.reading(&literal.phrase);
        let Some(literal_alternatives) =
            self.text_alternatives(&fields, folded, &reading, searched_as)
        else {
            return Ok(None);
        };
        let mut expansions: Vec<String> = Vec::new();
        if self.options.synonyms {
            expansions.extend_from_slice(reading.synonym_forms(self.synonyms));
            // A hyphenated word has the synonyms of its parts written apart
            // ("socialt-företagande" those of "socialt företagande").
            let hyphen = crate::analysis::tokenizer::is_joining_hyphen;
            if literal.delimiter == Delimiter::None && literal.phrase.contains(hyphen) {
                let apart = literal.phrase.replace(hyphen, " ");
                for form in self.reading(&apart).synonym_forms(self.synonyms) {
                    if !expansions.contains(form) {
                        expansions.push(form.clone());
                    }
                }
            }
            // "arbetsformedlingen" has the synonyms of the word it spells (see
            // `accented_word`), as it has its other readings.
            let spelled = self.options.folding && literal.delimiter == Delimiter::None;
            if let Some((word, _)) = spelled.then(|| self.accented_word(&reading)).flatten() {
                for form in self.reading(&word).synonym_forms(self.synonyms) {
                    if !expansions.contains(form) {
                        expansions.push(form.clone());
                    }
                }
            }
        }
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
}

enum Target {
    Facet(schema::Facet),
    Text { fields: Vec<(Field, f32)>, folded: bool },
}

/// The largest slop a phrase takes (`"a b"~50`).
const MAX_PHRASE_SLOP: u32 = 50;
/// The most words a phrase with a slop takes.
const MAX_SLOPPY_PHRASE_WORDS: usize = 12;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;
    use crate::document::{Document, Section, SectionKind};
    use crate::index::document::searcher_of;

    fn project(path: &str, title: &str, text: &str) -> Document {
        Document {
            path: path.into(),
            title: title.into(),
            sections: vec![Section {
                kind: SectionKind::Summary,
                heading: "Sammanfattning".into(),
                text: text.into(),
            }],
            ..Document::default()
        }
    }

    /// Two projects, neither with every word of "socialt företag matchning".
    fn two_projects() -> (Searcher, Fields) {
        searcher_of(vec![
            project("a.txt", "Socialt företag i Umeå", "Ett socialt företag."),
            project("b.txt", "Matchning", "Matchning mot arbetsmarknaden."),
        ])
    }

    #[test]
    fn both_builds_read_each_text_once_and_the_relaxed_one_is_what_a_fresh_builder_builds() {
        let (searcher, fields) = two_projects();
        let facet_values = FacetValues::read(&searcher).expect("facet values");
        let text_fields: Vec<Field> = TextField::ALL.into_iter().map(|f| fields.text(f)).collect();
        let statistics = FieldStatistics::read(&searcher, &text_fields).expect("statistics");
        let synonyms = Synonyms::built_in();
        let text = "socialt företag matchning";
        let builder = || {
            QueryBuilder::new(&fields, &facet_values, &synonyms, text)
                .look_up_terms(&statistics, &searcher)
        };
        let count = |built: &BuiltQuery| built.query.count(&searcher).expect("counts");

        word::take_analyses();
        let mut reused = builder();
        let strict = reused.build(false).expect("builds");
        let relaxed = reused.build(true).expect("builds");
        let analyses = word::take_analyses();
        assert_eq!((count(&strict), count(&relaxed)), (0, 2));
        let twice: Vec<_> = analyses.iter().filter(|(_, n)| **n > 1).collect();
        assert_eq!(twice, []);
        let read = |text: &str| -> Vec<&str> {
            let chains = analyses.keys().filter(|(_, read)| read == text);
            chains.map(|(chain, _)| *chain).collect()
        };
        let typed = [
            word::COMPOUND_PARTS,
            word::LEMMAS,
            analysis::EN_QUERY,
            analysis::FOLDED_QUERY,
            analysis::FOLDED_WORDS_QUERY,
            analysis::SV_QUERY,
            word::TOKENIZER,
        ];
        assert_eq!(read("socialt"), typed);
        assert_eq!(read("företag"), typed);
        assert_eq!(read("matchning"), typed);
        // The other forms of "socialt företag", phrases from the table: Swedish, spelled right.
        assert_eq!(read("sociala företag"), [analysis::SV_QUERY]);
        assert_eq!(read("sociala arbetskooperativ"), [analysis::SV_QUERY]);
        assert_eq!(analyses.len(), 3 * typed.len() + 3);

        let mut fresh = builder();
        let fresh_relaxed = fresh.build(true).expect("builds");
        assert_eq!(format!("{:?}", relaxed.query), format!("{:?}", fresh_relaxed.query));
        assert_eq!(relaxed.highlight, fresh_relaxed.highlight);
        assert_eq!(relaxed.doc_freqs, fresh_relaxed.doc_freqs);
        assert_eq!((relaxed.tiered, fresh_relaxed.tiered), (true, true));
        assert_eq!(strict.highlight, relaxed.highlight);
    }

    #[test]
    fn a_query_is_relaxable_where_relaxing_makes_a_word_optional() {
        let (searcher, fields) = two_projects();
        let facet_values = FacetValues::read(&searcher).expect("facet values");
        let text_fields: Vec<Field> = TextField::ALL.into_iter().map(|f| fields.text(f)).collect();
        let statistics = FieldStatistics::read(&searcher, &text_fields).expect("statistics");
        let synonyms = Synonyms::built_in();
        let relaxable = |text: &str| {
            let mut builder = QueryBuilder::new(&fields, &facet_values, &synonyms, text)
                .look_up_terms(&statistics, &searcher);
            let strict = builder.build(false).expect("builds");
            let relaxed = builder.build(true).expect("builds");
            let unchanged = format!("{:?}", strict.query) == format!("{:?}", relaxed.query);
            assert_eq!(strict.relaxable, !unchanged, "{text}");
            strict.relaxable
        };
        let cases = [
            ("matchning", false),
            ("\"socialt företag\"", false),
            ("matchning kommun:Umeå", false),
            ("matchning OR umeå", false),
            ("", false),
            ("socialt företag matchning", true),
            ("matchning umeå", true),
            ("(matchning umeå) OR stöd", true),
            ("matchning -umeå", false),
        ];
        for (text, expected) in cases {
            assert_eq!(relaxable(text), expected, "{text}");
        }
    }
}
