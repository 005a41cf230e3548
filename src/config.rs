//! The validated settings of each command that reads the index: [`SearchConfig`],
//! [`SimilarConfig`], [`CompareConfig`], [`FacetsConfig`] and [`ExportConfig`] (those of the
//! research views in [`views`]). The command
//! line and the web API fill in the same `…Settings` (the values as given) and build the
//! config from them; every rule between settings (`active_in` against `from_year`/`to_year`,
//! min ≤ max, the range of a limit, `terms` or a batch size) is checked here once, in the
//! constructor, so a config that exists is valid.
//!
//! A message names a setting the way its caller spells it ([`Names`]): `--min-grant` on the
//! command line, `min_grant` in the API.
//!
//! ```
//! use projsok::config::{FilterSettings, Names, SearchConfig, SearchSettings};
//!
//! let filters = FilterSettings { min_grant: Some(5), max_grant: Some(1), ..Default::default() };
//! let settings = SearchSettings { filters, ..SearchSettings::default() };
//! let error = SearchConfig::new(settings.clone(), Names::Parameters).unwrap_err();
//! assert_eq!(error.to_string(), "min_grant: 5 is more than max_grant 1");
//! let error = SearchConfig::new(settings, Names::Flags).unwrap_err();
//! assert_eq!(error.to_string(), "--min-grant: 5 is more than --max-grant 1");
//! ```

pub mod views;

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::path::PathBuf;

use crate::document::SectionKind;
use crate::error::{Error, Result};
use crate::index::schema::Facet;
pub use crate::output::export::RecordFormat;
use crate::search::browse::{FacetCount, Matching};
use crate::search::similar::{self, Scope, Source};
use crate::search::{Filters, Request, Sort};

/// Most hits one request returns; beyond it paging is the answer.
pub const MAX_LIMIT: usize = 10_000;
/// The most neighbours `similar` lists: each carries its record and shared terms (about 115 KB
/// a hit on g0vse, so 10 000 took 1.15 GB), and past the first few hundred they share little.
pub const MAX_SIMILAR: usize = 1_000;
/// The most text `similar` compares with: what `similar -` reads from standard input and the
/// body a POST to the API's `similar` may have. A project description is a few pages (the
/// longest g0vse document is 115 KB, the median 737 bytes); 50 MB took 14 s and 1.1 GB.
pub const PASTED_TEXT_MAX_SIZE: u64 = 1 << 20;
/// Hits (or neighbours) shown when no limit is given.
pub const DEFAULT_LIMIT: usize = 10;
/// How many distinctive terms `compare` may list per section and side.
pub const TERMS: RangeInclusive<u64> = 1..=100;
/// Distinctive terms listed when no number is given.
pub const DEFAULT_TERMS: u64 = 10;
/// Documents per OpenSearch bulk file when no number is given.
pub const DEFAULT_BATCH_SIZE: u64 = 1000;

/// How the caller names the settings, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    /// The command line's flags: `--min-grant`.
    Flags,
    /// The web API's query parameters: `min_grant`.
    Parameters,
}

impl Names {
    /// The setting `min-grant` as the caller writes it.
    pub fn of(self, setting: &str) -> String {
        match self {
            Names::Flags => format!("--{setting}"),
            Names::Parameters => setting.replace('-', "_"),
        }
    }
}

/// A setting that takes one of a few named values, spelled as on the command line (any case).
pub trait Choice: Sized {
    fn named(name: &str) -> Option<Self>;
}

impl Choice for Sort {
    fn named(name: &str) -> Option<Sort> {
        Some(match name.to_ascii_lowercase().as_str() {
            "score" => Sort::Score,
            "grant" => Sort::Grant,
            "budget" => Sort::Budget,
            "start" => Sort::Start,
            "grant-asc" => Sort::GrantAscending,
            "budget-asc" => Sort::BudgetAscending,
            "start-desc" => Sort::StartDescending,
            _ => return None,
        })
    }
}

/// The sections `compare` and `similar` can restrict to, by their Swedish or English names.
impl Choice for SectionKind {
    fn named(name: &str) -> Option<SectionKind> {
        Some(match name.to_ascii_lowercase().as_str() {
            "sammanfattning" | "summary" => SectionKind::Summary,
            "bakgrund" | "background" => SectionKind::Background,
            "syfte" | "purpose" => SectionKind::Purpose,
            "malsattning" | "goal" | "mal" => SectionKind::Goal,
            _ => return None,
        })
    }
}

impl Choice for Scope {
    fn named(name: &str) -> Option<Scope> {
        if name.eq_ignore_ascii_case("all") {
            return Some(Scope::All);
        }
        SectionKind::named(name).map(Scope::Section)
    }
}

/// What `facets` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetField {
    /// Documents per value of one facet.
    Facet(Facet),
    /// A histogram of ESF-stöd in SEK brackets.
    Grant,
}

impl Choice for FacetField {
    fn named(name: &str) -> Option<FacetField> {
        let name = name.to_ascii_lowercase();
        if name == "grant" {
            return Some(FacetField::Grant);
        }
        Facet::ALL.into_iter().find(|facet| facet.name() == name).map(FacetField::Facet)
    }
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Ndjson,
    Opensearch,
}

impl Choice for ExportFormat {
    fn named(name: &str) -> Option<ExportFormat> {
        Some(match name.to_ascii_lowercase().as_str() {
            "csv" => ExportFormat::Csv,
            "ndjson" => ExportFormat::Ndjson,
            "opensearch" => ExportFormat::Opensearch,
            _ => return None,
        })
    }
}

/// The filters as given; [`FilterSettings::check`] turns them into [`Filters`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterSettings {
    /// The values asked for per facet (a document matches one of a facet's values); a facet
    /// not in the map, or with no values, does not filter.
    pub facets: BTreeMap<Facet, Vec<String>>,
    pub from_year: Option<u64>,
    pub to_year: Option<u64>,
    /// The project period overlaps this year: from_year and to_year both, so neither may be
    /// given with it.
    pub active_in: Option<u64>,
    pub min_grant: Option<u64>,
    pub max_grant: Option<u64>,
    pub min_budget: Option<u64>,
    pub max_budget: Option<u64>,
}

impl FilterSettings {
    /// The filters, if the years and amounts are in order and every facet value is text.
    pub fn check(mut self, names: Names) -> Result<Filters> {
        if self.active_in.is_some() && (self.from_year.is_some() || self.to_year.is_some()) {
            let message =
                format!("cannot be used with {} or {}", names.of("from-year"), names.of("to-year"));
            return Err(Error::argument(&names.of("active-in"), message));
        }
        if let (Some(from), Some(to)) = (self.from_year, self.to_year) {
            if from > to {
                let message = format!("{from} is after {} {to}", names.of("to-year"));
                return Err(Error::argument(&names.of("from-year"), message));
            }
        }
        for (amount, min, max) in [
            ("grant", self.min_grant, self.max_grant),
            ("budget", self.min_budget, self.max_budget),
        ] {
            if let (Some(min), Some(max)) = (min, max) {
                if min > max {
                    let other = names.of(&format!("max-{amount}"));
                    let message = format!("{min} is more than {other} {max}");
                    return Err(Error::argument(&names.of(&format!("min-{amount}")), message));
                }
            }
        }
        let facets: Vec<(Facet, Vec<String>)> = Facet::ALL
            .into_iter()
            .map(|facet| (facet, self.facets.remove(&facet).unwrap_or_default()))
            .collect();
        for (facet, values) in &facets {
            if let Some(value) = values
                .iter()
                .find(|value| value.trim().is_empty() || value.chars().any(char::is_control))
            {
                return Err(Error::argument(
                    &names.of(facet.name()),
                    format!("invalid value {value:?}"),
                ));
            }
        }
        Ok(Filters {
            facets,
            from_year: self.active_in.or(self.from_year),
            to_year: self.active_in.or(self.to_year),
            min_grant: self.min_grant,
            max_grant: self.max_grant,
            min_budget: self.min_budget,
            max_budget: self.max_budget,
        })
    }
}

/// A search as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchSettings {
    pub query: String,
    pub filters: FilterSettings,
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    pub exact: bool,
    /// One document per cluster of near-duplicates (see `search::collapse`).
    pub collapse: bool,
}

impl Default for SearchSettings {
    fn default() -> SearchSettings {
        SearchSettings {
            query: String::new(),
            filters: FilterSettings::default(),
            limit: DEFAULT_LIMIT,
            offset: 0,
            sort: Sort::Score,
            exact: false,
            collapse: false,
        }
    }
}

/// A checked search: at most [`MAX_LIMIT`] hits, filters in order.
#[derive(Debug, Clone)]
pub struct SearchConfig {
    request: Request,
}

impl SearchConfig {
    pub fn new(settings: SearchSettings, names: Names) -> Result<SearchConfig> {
        if settings.limit > MAX_LIMIT {
            let message = format!(
                "{} is more than {MAX_LIMIT}; page with {}",
                settings.limit,
                names.of("offset")
            );
            return Err(Error::argument(&names.of("limit"), message));
        }
        let request = Request {
            query: settings.query,
            filters: settings.filters.check(names)?,
            limit: settings.limit,
            offset: settings.offset,
            sort: settings.sort,
            exact: settings.exact,
            collapse: settings.collapse,
            ..Request::default()
        };
        Ok(SearchConfig { request })
    }

    pub fn request(&self) -> &Request {
        &self.request
    }
}

/// A `similar` as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimilarSettings {
    pub source: Source,
    pub scope: Scope,
    pub filters: FilterSettings,
    pub limit: usize,
    /// Fold each hit's versions into it, not only its near-duplicates.
    pub collapse: bool,
}

/// A checked `similar`: 1 to [`MAX_SIMILAR`] neighbours of an id or of a text that is not blank.
#[derive(Debug, Clone)]
pub struct SimilarConfig {
    request: similar::Request,
}

impl SimilarConfig {
    pub fn new(settings: SimilarSettings, names: Names) -> Result<SimilarConfig> {
        if settings.limit == 0 || settings.limit > MAX_SIMILAR {
            let message = format!("{} is not between 1 and {MAX_SIMILAR}", settings.limit);
            return Err(Error::argument(&names.of("limit"), message));
        }
        if let Source::Text(text) = &settings.source {
            if text.trim().is_empty() {
                // On the command line the text may come from --text or standard input.
                let name = match names {
                    Names::Flags => "similar",
                    Names::Parameters => "text",
                };
                return Err(Error::argument(name, "the text to compare is empty"));
            }
        }
        let request = similar::Request {
            source: settings.source,
            scope: settings.scope,
            filters: settings.filters.check(names)?,
            limit: settings.limit,
            collapse: settings.collapse,
        };
        Ok(SimilarConfig { request })
    }

    pub fn request(&self) -> &similar::Request {
        &self.request
    }
}

/// A `compare` as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareSettings {
    pub a: String,
    pub b: String,
    pub section: Option<SectionKind>,
    pub terms: u64,
}

/// A checked `compare`: a number of terms within [`TERMS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareConfig {
    a: String,
    b: String,
    section: Option<SectionKind>,
    terms: usize,
}

impl CompareConfig {
    pub fn new(settings: CompareSettings, names: Names) -> Result<CompareConfig> {
        let terms = settings.terms;
        let (min, max) = (TERMS.start(), TERMS.end());
        let terms =
            usize::try_from(terms).ok().filter(|_| TERMS.contains(&terms)).ok_or_else(|| {
                Error::argument(
                    &names.of("terms"),
                    format!("{terms} is not between {min} and {max}"),
                )
            })?;
        Ok(CompareConfig { a: settings.a, b: settings.b, section: settings.section, terms })
    }

    pub fn a(&self) -> &str {
        &self.a
    }

    pub fn b(&self) -> &str {
        &self.b
    }

    pub fn section(&self) -> Option<SectionKind> {
        self.section
    }

    pub fn terms(&self) -> usize {
        self.terms
    }
}

/// A `facets` as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetsSettings {
    pub query: String,
    /// The one field to count; every facet field when `None`.
    pub field: Option<FacetField>,
    pub by_region: bool,
    /// Count as a faceted page does (see [`crate::search::browse::count`]).
    pub disjunctive: bool,
    pub filters: FilterSettings,
    /// Read the query as typed (see [`SearchSettings::exact`]).
    pub exact: bool,
}

/// A checked `facets`: filters in order, and grouping by region only for kommun counts.
#[derive(Debug, Clone)]
pub struct FacetsConfig {
    query: String,
    filters: Filters,
    count: FacetCount,
    disjunctive: bool,
    exact: bool,
}

impl FacetsConfig {
    pub fn new(settings: FacetsSettings, names: Names) -> Result<FacetsConfig> {
        let filters = settings.filters.check(names)?;
        if settings.by_region
            && !matches!(settings.field, None | Some(FacetField::Facet(Facet::Kommun)))
        {
            let message = match names {
                Names::Flags => "groups kommun counts; use it with --field kommun or alone",
                Names::Parameters => {
                    "groups kommun counts; use it with field=kommun or without field"
                }
            };
            return Err(Error::argument(&names.of("by-region"), message));
        }
        let count = match settings.field {
            _ if settings.by_region => FacetCount::ByRegion,
            None => FacetCount::Fields(Facet::ALL.to_vec()),
            Some(FacetField::Facet(facet)) => FacetCount::Fields(vec![facet]),
            Some(FacetField::Grant) => FacetCount::Grant,
        };
        let disjunctive = settings.disjunctive;
        if disjunctive && count == FacetCount::Grant {
            let message = match names {
                Names::Flags => "counts facet values; it does not apply to --field grant",
                Names::Parameters => "counts facet values; it does not apply to field=grant",
            };
            return Err(Error::argument(&names.of("disjunctive"), message));
        }
        let (query, exact) = (settings.query, settings.exact);
        Ok(FacetsConfig { query, filters, count, disjunctive, exact })
    }

    /// The documents counted.
    pub fn matching(&self) -> Matching<'_> {
        Matching { query: &self.query, filters: &self.filters, exact: self.exact }
    }

    pub fn count(&self) -> &FacetCount {
        &self.count
    }

    pub fn disjunctive(&self) -> bool {
        self.disjunctive
    }
}

/// An `export` as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSettings {
    pub query: String,
    pub filters: FilterSettings,
    pub sort: Sort,
    pub format: ExportFormat,
    /// The file (for OpenSearch: the folder) to write; standard output when `None`.
    pub output: Option<PathBuf>,
    /// OpenSearch: documents per bulk file.
    pub batch_size: u64,
    /// CSV: the section text columns.
    pub sections: bool,
    /// CSV: a UTF-8 byte order mark first.
    pub bom: bool,
    /// One document per cluster of near-duplicates (see `search::collapse`).
    pub collapse: bool,
    /// Read the query as typed (see [`SearchSettings::exact`]).
    pub exact: bool,
}

impl Default for ExportSettings {
    fn default() -> ExportSettings {
        ExportSettings {
            query: String::new(),
            filters: FilterSettings::default(),
            sort: Sort::Score,
            format: ExportFormat::Csv,
            output: None,
            batch_size: DEFAULT_BATCH_SIZE,
            sections: true,
            bom: true,
            collapse: false,
            exact: false,
        }
    }
}

/// Where an export goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportTarget {
    /// The records in one file, or on standard output when `None`.
    Records { format: RecordFormat, output: Option<PathBuf> },
    /// An OpenSearch index definition and bulk files of `batch_size` documents in `dir`.
    OpenSearch { dir: PathBuf, batch_size: usize },
}

/// A checked `export`: filters in order, a folder for OpenSearch, bulk files of at least one
/// document.
#[derive(Debug, Clone)]
pub struct ExportConfig {
    request: Request,
    target: ExportTarget,
}

impl ExportConfig {
    pub fn new(settings: ExportSettings, names: Names) -> Result<ExportConfig> {
        let request = Request {
            query: settings.query,
            filters: settings.filters.check(names)?,
            sort: settings.sort,
            snippets: false,
            facet_fields: Vec::new(),
            collapse: settings.collapse,
            exact: settings.exact,
            ..Request::default()
        };
        // `-o -` is standard output, as for every tool that takes -o (it wrote a file named "-").
        let output = settings.output.filter(|path| path.as_os_str() != "-");
        let format = match settings.format {
            ExportFormat::Csv => {
                RecordFormat::Csv { sections: settings.sections, bom: settings.bom }
            }
            ExportFormat::Ndjson => RecordFormat::Ndjson { sections: settings.sections },
            ExportFormat::Opensearch => {
                let Some(dir) = output else {
                    let message = "opensearch writes a folder: give -o DIR";
                    return Err(Error::argument(&names.of("format"), message));
                };
                if settings.batch_size == 0 {
                    return Err(Error::argument(&names.of("batch-size"), "must be at least 1"));
                }
                let batch_size = usize::try_from(settings.batch_size).unwrap_or(usize::MAX);
                let target = ExportTarget::OpenSearch { dir, batch_size };
                return Ok(ExportConfig { request, target });
            }
        };
        let target = ExportTarget::Records { format, output };
        Ok(ExportConfig { request, target })
    }

    /// The search behind the export: every match, no snippets or facets.
    pub fn request(&self) -> &Request {
        &self.request
    }

    pub fn target(&self) -> &ExportTarget {
        &self.target
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(error: Error) -> String {
        error.to_string()
    }

    fn filter_error(filters: FilterSettings, names: Names) -> String {
        message(filters.check(names).unwrap_err())
    }

    #[test]
    fn names_are_flags_or_parameters() {
        assert_eq!(Names::Flags.of("min-grant"), "--min-grant");
        assert_eq!(Names::Parameters.of("min-grant"), "min_grant");
        assert_eq!(Names::Parameters.of("limit"), "limit");
    }

    #[test]
    fn active_in_stands_alone() {
        for (from_year, to_year) in [(Some(2008), None), (None, Some(2010))] {
            let filters =
                FilterSettings { active_in: Some(2009), from_year, to_year, ..Default::default() };
            assert_eq!(
                filter_error(filters.clone(), Names::Parameters),
                "active_in: cannot be used with from_year or to_year"
            );
            assert_eq!(
                filter_error(filters, Names::Flags),
                "--active-in: cannot be used with --from-year or --to-year"
            );
        }
        let filters = FilterSettings { active_in: Some(2009), ..Default::default() };
        let checked = filters.check(Names::Flags).unwrap();
        assert_eq!((checked.from_year, checked.to_year), (Some(2009), Some(2009)));
    }

    #[test]
    fn from_year_is_not_after_to_year() {
        let filters =
            FilterSettings { from_year: Some(2010), to_year: Some(2009), ..Default::default() };
        assert_eq!(
            filter_error(filters.clone(), Names::Flags),
            "--from-year: 2010 is after --to-year 2009"
        );
        assert_eq!(
            filter_error(filters, Names::Parameters),
            "from_year: 2010 is after to_year 2009"
        );
        let filters =
            FilterSettings { from_year: Some(2009), to_year: Some(2009), ..Default::default() };
        let checked = filters.check(Names::Flags).unwrap();
        assert_eq!((checked.from_year, checked.to_year), (Some(2009), Some(2009)));
    }

    #[test]
    fn minimum_amounts_are_not_more_than_maximums() {
        let grant = FilterSettings { min_grant: Some(5), max_grant: Some(1), ..Default::default() };
        assert_eq!(
            filter_error(grant.clone(), Names::Flags),
            "--min-grant: 5 is more than --max-grant 1"
        );
        assert_eq!(filter_error(grant, Names::Parameters), "min_grant: 5 is more than max_grant 1");
        let budget =
            FilterSettings { min_budget: Some(5), max_budget: Some(1), ..Default::default() };
        assert_eq!(
            filter_error(budget.clone(), Names::Flags),
            "--min-budget: 5 is more than --max-budget 1"
        );
        assert_eq!(
            filter_error(budget, Names::Parameters),
            "min_budget: 5 is more than max_budget 1"
        );
        let equal = FilterSettings { min_grant: Some(5), max_grant: Some(5), ..Default::default() };
        assert_eq!(equal.check(Names::Flags).unwrap().min_grant, Some(5));
    }

    #[test]
    fn facet_values_are_text() {
        let blank = FilterSettings {
            facets: [(Facet::Phase, vec![" ".into()])].into(),
            ..Default::default()
        };
        assert_eq!(filter_error(blank, Names::Flags), "--phase: invalid value \" \"");
        let control = FilterSettings {
            facets: [(Facet::Kommun, vec!["a\u{1}b".into()])].into(),
            ..Default::default()
        };
        assert_eq!(filter_error(control, Names::Parameters), "kommun: invalid value \"a\\u{1}b\"");
        let fine = FilterSettings {
            facets: [(Facet::Region, vec!["Stockholm".into()])].into(),
            ..Default::default()
        };
        let checked = fine.check(Names::Flags).unwrap();
        assert_eq!(checked.facets[0], (Facet::Region, vec!["Stockholm".to_string()]));
        // Every facet is listed, in schema order, a facet not asked for with no values.
        let listed: Vec<Facet> = checked.facets.iter().map(|(facet, _)| *facet).collect();
        assert_eq!(listed, Facet::ALL);
        assert!(checked.facets[1..].iter().all(|(_, values)| values.is_empty()));
    }

    #[test]
    fn a_search_returns_at_most_max_limit_hits() {
        let settings = SearchSettings { limit: MAX_LIMIT + 1, ..SearchSettings::default() };
        assert_eq!(
            message(SearchConfig::new(settings.clone(), Names::Flags).unwrap_err()),
            "--limit: 10001 is more than 10000; page with --offset"
        );
        assert_eq!(
            message(SearchConfig::new(settings, Names::Parameters).unwrap_err()),
            "limit: 10001 is more than 10000; page with offset"
        );
        let settings = SearchSettings { limit: MAX_LIMIT, offset: 3, ..SearchSettings::default() };
        let config = SearchConfig::new(settings, Names::Flags).unwrap();
        assert_eq!((config.request().limit, config.request().offset), (MAX_LIMIT, 3));
    }

    fn similar_settings(source: Source, limit: usize) -> SimilarSettings {
        SimilarSettings {
            source,
            scope: Scope::All,
            filters: FilterSettings::default(),
            limit,
            collapse: false,
        }
    }

    #[test]
    fn similar_shows_one_to_max_similar_neighbours() {
        for limit in [0, MAX_SIMILAR + 1] {
            let settings = similar_settings(Source::Id("a.txt".into()), limit);
            assert_eq!(
                message(SimilarConfig::new(settings.clone(), Names::Flags).unwrap_err()),
                format!("--limit: {limit} is not between 1 and 1000")
            );
            assert_eq!(
                message(SimilarConfig::new(settings, Names::Parameters).unwrap_err()),
                format!("limit: {limit} is not between 1 and 1000")
            );
        }
        let settings = similar_settings(Source::Id("a.txt".into()), MAX_SIMILAR);
        assert_eq!(
            SimilarConfig::new(settings, Names::Flags).unwrap().request().limit,
            MAX_SIMILAR
        );
    }

    #[test]
    fn similar_needs_a_text_that_is_not_blank() {
        let settings = similar_settings(Source::Text(" \n".into()), 10);
        assert_eq!(
            message(SimilarConfig::new(settings.clone(), Names::Flags).unwrap_err()),
            "similar: the text to compare is empty"
        );
        assert_eq!(
            message(SimilarConfig::new(settings, Names::Parameters).unwrap_err()),
            "text: the text to compare is empty"
        );
    }

    #[test]
    fn compare_lists_one_to_a_hundred_terms() {
        let settings =
            |terms| CompareSettings { a: "a".into(), b: "b".into(), section: None, terms };
        for terms in [0, 101, u64::MAX] {
            assert_eq!(
                message(CompareConfig::new(settings(terms), Names::Parameters).unwrap_err()),
                format!("terms: {terms} is not between 1 and 100")
            );
        }
        assert_eq!(
            message(CompareConfig::new(settings(0), Names::Flags).unwrap_err()),
            "--terms: 0 is not between 1 and 100"
        );
        assert_eq!(CompareConfig::new(settings(100), Names::Flags).unwrap().terms(), 100);
        assert_eq!(CompareConfig::new(settings(1), Names::Flags).unwrap().terms(), 1);
    }

    #[test]
    fn facets_group_by_region_only_kommun_counts() {
        let settings = |field| FacetsSettings { field, by_region: true, ..Default::default() };
        assert_eq!(
            message(
                FacetsConfig::new(settings(Some(FacetField::Facet(Facet::Phase))), Names::Flags)
                    .unwrap_err()
            ),
            "--by-region: groups kommun counts; use it with --field kommun or alone"
        );
        assert_eq!(
            message(
                FacetsConfig::new(settings(Some(FacetField::Grant)), Names::Parameters)
                    .unwrap_err()
            ),
            "by_region: groups kommun counts; use it with field=kommun or without field"
        );
        for field in [None, Some(FacetField::Facet(Facet::Kommun))] {
            let config = FacetsConfig::new(settings(field), Names::Flags).unwrap();
            assert_eq!(config.count(), &FacetCount::ByRegion);
        }
        let every = FacetsConfig::new(FacetsSettings::default(), Names::Flags).unwrap();
        assert_eq!(every.count(), &FacetCount::Fields(Facet::ALL.to_vec()));
        let grant = FacetsSettings { field: Some(FacetField::Grant), ..Default::default() };
        assert_eq!(FacetsConfig::new(grant, Names::Flags).unwrap().count(), &FacetCount::Grant);
    }

    #[test]
    fn an_opensearch_export_needs_a_folder_and_a_batch_size() {
        let settings = ExportSettings { format: ExportFormat::Opensearch, ..Default::default() };
        assert_eq!(
            message(ExportConfig::new(settings.clone(), Names::Flags).unwrap_err()),
            "--format: opensearch writes a folder: give -o DIR"
        );
        let settings = ExportSettings { output: Some("out".into()), ..settings };
        let empty = ExportSettings { batch_size: 0, ..settings.clone() };
        assert_eq!(
            message(ExportConfig::new(empty, Names::Flags).unwrap_err()),
            "--batch-size: must be at least 1"
        );
        let config = ExportConfig::new(settings.clone(), Names::Flags).unwrap();
        assert_eq!(
            config.target(),
            &ExportTarget::OpenSearch { dir: "out".into(), batch_size: 1000 }
        );
        let to_standard_output = ExportSettings { output: Some("-".into()), ..settings.clone() };
        assert_eq!(
            message(ExportConfig::new(to_standard_output, Names::Flags).unwrap_err()),
            "--format: opensearch writes a folder: give -o DIR"
        );
        let csv = ExportSettings { bom: false, output: Some("-".into()), ..Default::default() };
        let config = ExportConfig::new(csv, Names::Parameters).unwrap();
        let format = RecordFormat::Csv { sections: true, bom: false };
        assert_eq!(config.target(), &ExportTarget::Records { format, output: None });
        assert!(!config.request().snippets && config.request().facet_fields.is_empty());
    }

    #[test]
    fn choices_are_named_in_any_case_with_their_aliases() {
        assert_eq!(Sort::named("Grant"), Some(Sort::Grant));
        assert_eq!(Sort::named("grant-asc"), Some(Sort::GrantAscending));
        assert_eq!(Sort::named("start-desc"), Some(Sort::StartDescending));
        assert_eq!(Sort::named("start-asc"), None);
        assert_eq!(Sort::named("relevance"), None);
        assert_eq!(SectionKind::named("mal"), Some(SectionKind::Goal));
        assert_eq!(SectionKind::named("BAKGRUND"), Some(SectionKind::Background));
        assert_eq!(SectionKind::named("all"), None);
        assert_eq!(Scope::named("all"), Some(Scope::All));
        assert_eq!(Scope::named("purpose"), Some(Scope::Section(SectionKind::Purpose)));
        assert_eq!(FacetField::named("kommun"), Some(FacetField::Facet(Facet::Kommun)));
        assert_eq!(ExportFormat::named("NDJSON"), Some(ExportFormat::Ndjson));
        assert_eq!(ExportFormat::named("json"), None);
    }
}
