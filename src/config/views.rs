//! The validated settings of the research views over a result set: [`TrendsConfig`],
//! [`TermsConfig`] and [`KwicConfig`]. Each takes the documents as a search does (a query and
//! its filters, checked by [`FilterSettings::check`]) and the view's own settings.
//!
//! `terms --against` names its background as one or more `name:value` items ("all" alone for
//! the whole index): a facet by any of its query names (`region:Stockholm`, `fas:Genomförande`,
//! `kommun:Umeå`, repeated to allow several values) and the years (`from-year:2015`,
//! `to-year:2020`, `active-in:2018`). The same words as the query syntax's field names, so the
//! background reads like a filter typed into a query, and one parameter carries it in the API.
//! The items take the place of the set's filters of the same kind; its other filters stay.
//!
//! ```
//! use projsok::config::views::against;
//! use projsok::config::Names;
//! use projsok::index::schema::Facet;
//! use projsok::search::terms::Against;
//!
//! let Against::Filters(filters) = against(&["region:Stockholm".into()], Names::Flags).unwrap()
//! else { panic!() };
//! assert_eq!(filters.facets.iter().find(|(f, _)| *f == Facet::Region).unwrap().1, ["Stockholm"]);
//! assert_eq!(against(&["all".into()], Names::Flags).unwrap(), Against::All);
//! let error = against(&["färg:blå".into()], Names::Flags).unwrap_err();
//! assert!(error.to_string().starts_with("--against färg:blå: "));
//! ```

use std::ops::RangeInclusive;

use super::{Choice, FilterSettings, Names, MAX_LIMIT};
use crate::document::SectionKind;
use crate::error::{Error, Result};
use crate::index::schema::{resolve_alias, Facet, Named};
use crate::search::kwic::{KwicRequest, KwicSort};
use crate::search::terms::{Against, TermsRequest};
use crate::search::trends::{TrendBy, TrendRequest, YearCount};
use crate::search::Request;

/// Terms `terms` lists when no number is given.
pub const DEFAULT_TERMS: usize = 30;
/// The most terms `terms` lists.
pub const MAX_TERMS: usize = 1_000;
/// Lines `kwic` prints when no number is given.
pub const DEFAULT_LINES: usize = 50;
/// Characters of context `kwic` shows on each side when no width is given.
pub const DEFAULT_WIDTH: usize = 40;
/// The widths of context `kwic` takes.
pub const WIDTHS: RangeInclusive<usize> = 1..=500;

/// The documents a view reads, as given: what a search takes, without its page and order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewSettings {
    pub query: String,
    pub filters: FilterSettings,
    pub exact: bool,
}

impl ViewSettings {
    fn request(mut self, names: Names) -> Result<Request> {
        lift_facets(&mut self.query, &mut self.filters);
        Ok(Request {
            query: self.query,
            filters: self.filters.check(names)?,
            exact: self.exact,
            limit: 0,
            snippets: false,
            facet_fields: Vec::new(),
            ..Request::default()
        })
    }
}

/// Moves the facets a plain query names (`kommun:Kiruna sfi`) into its filters (`-k Kiruna`):
/// they select the same documents, and a view treats them as filters, so that `terms
/// --against kommun:Umeå` puts Umeå in their place and `trends --share` counts the bucket's
/// documents of the same facets. Only where that reading is sure: a query of words and
/// fields alone (no parentheses, OR or NOT), each facet named once, not signed, and not also
/// given as a filter.
fn lift_facets(query: &mut String, filters: &mut FilterSettings) {
    let pieces: Vec<String> =
        crate::search::query::pieces(query).into_iter().map(|piece| piece.text).collect();
    let plain = pieces.iter().all(|piece| {
        !matches!(piece.as_str(), "OR" | "||" | "AND" | "&&" | "NOT") && !piece.contains(['(', ')'])
    });
    if !plain {
        return;
    }
    let facet_of = |piece: &str| -> Option<(Facet, String)> {
        let (name, value) = piece.split_once(':')?;
        let Some(Named::Facet(facet)) = resolve_alias(name) else { return None };
        let value = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value);
        (!value.is_empty() && !value.contains(['"', ':', '*'])).then(|| (facet, value.to_string()))
    };
    let named: Vec<Facet> =
        pieces.iter().filter_map(|piece| facet_of(piece)).map(|(f, _)| f).collect();
    let mut kept = Vec::new();
    for piece in pieces {
        match facet_of(&piece) {
            Some((facet, value))
                if named.iter().filter(|&&other| other == facet).count() == 1
                    && filters.facets.get(&facet).is_none_or(Vec::is_empty) =>
            {
                filters.facets.insert(facet, vec![value]);
            }
            _ => kept.push(piece),
        }
    }
    *query = kept.join(" ");
}

impl Choice for TrendBy {
    fn named(name: &str) -> Option<TrendBy> {
        let name = name.to_lowercase();
        if matches!(name.as_str(), "year" | "år" | "ar") {
            return Some(TrendBy::Year);
        }
        match resolve_alias(&name)? {
            Named::Facet(
                facet @ (Facet::Region | Facet::Phase | Facet::Program | Facet::Kommun),
            ) => Some(TrendBy::Facet(facet)),
            _ => None,
        }
    }
}

impl Choice for YearCount {
    fn named(name: &str) -> Option<YearCount> {
        Some(match name.to_ascii_lowercase().as_str() {
            "active" => YearCount::Active,
            "start" => YearCount::Start,
            _ => return None,
        })
    }
}

impl Choice for KwicSort {
    fn named(name: &str) -> Option<KwicSort> {
        Some(match name.to_ascii_lowercase().as_str() {
            "score" => KwicSort::Score,
            "right" => KwicSort::Right,
            "left" => KwicSort::Left,
            _ => return None,
        })
    }
}

/// A `trends` as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendsSettings {
    pub view: ViewSettings,
    pub by: TrendBy,
    /// `None` when not given: active years.
    pub count: Option<YearCount>,
    pub share: bool,
}

#[derive(Debug, Clone)]
pub struct TrendsConfig {
    request: TrendRequest,
}

impl TrendsConfig {
    pub fn new(settings: TrendsSettings, names: Names) -> Result<TrendsConfig> {
        if settings.count.is_some() && settings.by != TrendBy::Year {
            return Err(Error::argument(
                &names.of("count"),
                format!("counts years only; leave it out with {} other than year", names.of("by")),
            ));
        }
        let request = TrendRequest {
            search: settings.view.request(names)?,
            by: settings.by,
            count: settings.count.unwrap_or_default(),
            share: settings.share,
        };
        Ok(TrendsConfig { request })
    }

    pub fn request(&self) -> &TrendRequest {
        &self.request
    }
}

/// A `terms` as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermsSettings {
    pub view: ViewSettings,
    /// The `--against` items as given (empty: the whole index).
    pub against: Vec<String>,
    pub section: Option<SectionKind>,
    pub limit: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct TermsConfig {
    request: TermsRequest,
}

impl TermsConfig {
    pub fn new(settings: TermsSettings, names: Names) -> Result<TermsConfig> {
        let limit = settings.limit.unwrap_or(DEFAULT_TERMS);
        if !(1..=MAX_TERMS).contains(&limit) {
            return Err(Error::argument(
                &names.of("limit"),
                format!("{limit} is not between 1 and {MAX_TERMS}"),
            ));
        }
        let request = TermsRequest {
            against: against(&settings.against, names)?,
            search: settings.view.request(names)?,
            section: settings.section,
            limit,
        };
        Ok(TermsConfig { request })
    }

    pub fn request(&self) -> &TermsRequest {
        &self.request
    }
}

/// The background `--against` names (see the module doc).
pub fn against(items: &[String], names: Names) -> Result<Against> {
    let flag = names.of("against");
    if items.is_empty() || (items.len() == 1 && items[0].trim().eq_ignore_ascii_case("all")) {
        return Ok(Against::All);
    }
    let mut filters = FilterSettings::default();
    for item in items {
        let refuse = |why: &str| Error::argument(&format!("{flag} {item}"), why);
        let Some((name, value)) = item.split_once(':') else {
            return Err(refuse("give name:value, as region:Stockholm, or all"));
        };
        let (name, value) = (name.trim(), value.trim());
        let year = || -> Result<u64> {
            value.parse().map_err(|_| refuse(&format!("{value:?} is not a year")))
        };
        match name.to_lowercase().replace('_', "-").as_str() {
            "from-year" => filters.from_year = Some(year()?),
            "to-year" => filters.to_year = Some(year()?),
            "active-in" => filters.active_in = Some(year()?),
            "all" => return Err(refuse("all stands alone")),
            _ => match resolve_alias(name) {
                Some(Named::Facet(facet)) => {
                    filters.facets.entry(facet).or_default().push(value.to_string())
                }
                _ => {
                    let known: Vec<&str> = Facet::ALL.iter().map(|facet| facet.name()).collect();
                    return Err(refuse(&format!(
                        "{name:?} is not a facet ({}) nor from-year, to-year or active-in",
                        known.join(", ")
                    )));
                }
            },
        }
    }
    Ok(Against::Filters(filters.check(names)?))
}

/// A `kwic` as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicSettings {
    pub view: ViewSettings,
    pub width: Option<usize>,
    pub limit: Option<usize>,
    pub sort: KwicSort,
}

#[derive(Debug, Clone)]
pub struct KwicConfig {
    request: KwicRequest,
}

impl KwicConfig {
    pub fn new(settings: KwicSettings, names: Names) -> Result<KwicConfig> {
        if settings.view.query.trim().is_empty() {
            let query = match names {
                Names::Flags => "QUERY",
                Names::Parameters => "q",
            };
            return Err(Error::argument(
                query,
                "a concordance needs a query: the words whose contexts to show",
            ));
        }
        let width = settings.width.unwrap_or(DEFAULT_WIDTH);
        if !WIDTHS.contains(&width) {
            return Err(Error::argument(
                &names.of("width"),
                format!("{width} is not between {} and {}", WIDTHS.start(), WIDTHS.end()),
            ));
        }
        let limit = settings.limit.unwrap_or(DEFAULT_LINES);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(Error::argument(
                &names.of("limit"),
                format!("{limit} is not between 1 and {MAX_LIMIT}"),
            ));
        }
        let request = KwicRequest {
            search: settings.view.request(names)?,
            width,
            limit,
            sort: settings.sort,
        };
        Ok(KwicConfig { request })
    }

    pub fn request(&self) -> &KwicRequest {
        &self.request
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_are_named_as_the_query_syntax_names_facets() {
        assert_eq!(TrendBy::named("Year"), Some(TrendBy::Year));
        assert_eq!(TrendBy::named("fas"), Some(TrendBy::Facet(Facet::Phase)));
        assert_eq!(TrendBy::named("kommun"), Some(TrendBy::Facet(Facet::Kommun)));
        assert_eq!(TrendBy::named("owner"), None);
        assert_eq!(KwicSort::named("LEFT"), Some(KwicSort::Left));
    }

    #[test]
    fn a_plain_querys_facets_are_its_filters() {
        let lifted = |query: &str, kommun: Option<&str>| {
            let mut filters = FilterSettings::default();
            if let Some(kommun) = kommun {
                filters.facets.insert(Facet::Kommun, vec![kommun.to_string()]);
            }
            let mut query = query.to_string();
            lift_facets(&mut query, &mut filters);
            let facets: Vec<(Facet, Vec<String>)> = filters.facets.into_iter().collect();
            (query, facets)
        };
        let kiruna = |value: &str| vec![(Facet::Kommun, vec![value.to_string()])];
        assert_eq!(lifted("kommun:Kiruna sfi", None), ("sfi".to_string(), kiruna("Kiruna")));
        assert_eq!(
            lifted("sfi region:\"Övre Norrland\"", None),
            ("sfi".to_string(), vec![(Facet::Region, vec!["Övre Norrland".to_string()])])
        );
        // Left as typed: a facet also filtered, named twice, signed, or in a query with OR.
        for (query, kommun) in [
            ("kommun:Kiruna sfi", Some("Umeå")),
            ("kommun:Kiruna kommun:Umeå", None),
            ("-kommun:Kiruna sfi", None),
            ("kommun:Kiruna OR sfi", None),
            ("titel:sfi", None),
        ] {
            let (kept, _) = lifted(query, kommun);
            assert_eq!(kept, query, "{query}");
        }
    }

    #[test]
    fn against_reads_facets_and_years() {
        let items = ["region:Stockholm".to_string(), "from-year:2016".to_string()];
        let Against::Filters(filters) = against(&items, Names::Parameters).unwrap() else {
            panic!("filters expected")
        };
        assert_eq!(filters.from_year, Some(2016));
        let error = against(&["region".to_string()], Names::Parameters).unwrap_err();
        assert_eq!(
            error.to_string(),
            "against region: give name:value, as region:Stockholm, or all"
        );
        let error = against(&["from-year:x".to_string()], Names::Flags).unwrap_err();
        assert_eq!(error.to_string(), "--against from-year:x: \"x\" is not a year");
    }

    #[test]
    fn count_is_for_years_only() {
        let settings = TrendsSettings {
            view: ViewSettings::default(),
            by: TrendBy::Facet(Facet::Region),
            count: Some(YearCount::Start),
            share: false,
        };
        let error = TrendsConfig::new(settings, Names::Flags).unwrap_err();
        assert_eq!(
            error.to_string(),
            "--count: counts years only; leave it out with --by other than year"
        );
    }
}
