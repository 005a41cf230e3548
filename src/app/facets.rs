//! `projsok facets`: document counts per facet value, kommuner by region, ESF-stöd histogram.

use std::io::{self, Write};
use std::process::ExitCode;

use super::search::load_synonyms;
use super::{open_or_build, stdout_error};
use crate::analysis::synonyms::Synonyms;
use crate::cli::FacetsArgs;
use crate::config::{FacetCount, FacetsConfig};
use crate::error::Result;
use crate::index::schema::Facet;
use crate::output::{self, facets as facets_output, Style};
use crate::search::browse::{self, Histogram, RegionGroup};
use crate::search::Engine;

/// The counts `facets` answers with, in the form its arguments ask for.
pub(crate) enum Counts {
    Fields { total: usize, facets: Vec<(Facet, Vec<(String, u64)>)> },
    ByRegion(Vec<RegionGroup>),
    Grant(Histogram),
}

impl Counts {
    /// The `facets --json` object.
    pub(crate) fn to_json(&self) -> serde_json::Result<serde_json::Value> {
        match self {
            Counts::Fields { facets, .. } => serde_json::to_value(facets_output::facets(facets)),
            Counts::ByRegion(groups) => serde_json::to_value(facets_output::by_region(groups)),
            Counts::Grant(histogram) => serde_json::to_value(facets_output::histogram(histogram)),
        }
    }
}

/// Counts what `config` asks for (shared with `serve`); returns the counts and the warnings.
pub(crate) fn count(
    config: &FacetsConfig,
    index: &Engine,
    synonyms: &Synonyms,
) -> Result<(Counts, Vec<String>)> {
    let (query, filters) = (config.query(), config.filters());
    Ok(match config.count() {
        FacetCount::ByRegion => {
            let (groups, warnings) = browse::by_region(index, synonyms, query, filters)?;
            (Counts::ByRegion(groups), warnings)
        }
        FacetCount::Grant => {
            let (histogram, warnings) = browse::grant_histogram(index, synonyms, query, filters)?;
            (Counts::Grant(histogram), warnings)
        }
        FacetCount::Fields(fields) => {
            let results = browse::facet_counts(index, synonyms, query, filters, fields)?;
            (Counts::Fields { total: results.total, facets: results.facets }, results.warnings)
        }
    })
}

pub fn run_facets(args: &FacetsArgs, style: Style) -> Result<ExitCode> {
    let config = args.config()?;
    let index = open_or_build(&args.index)?;
    let synonyms = load_synonyms(args.synonyms.as_deref())?;
    let (counts, warnings) = count(&config, &index, &synonyms)?;
    let mut out = io::stdout().lock();
    let written = match &counts {
        _ if args.json => counts
            .to_json()
            .map_err(io::Error::from)
            .and_then(|value| output::write_json(&mut out, &value)),
        Counts::Fields { total, facets } => {
            facets_output::write_facets(&mut out, *total, facets, style)
        }
        Counts::ByRegion(groups) => facets_output::write_by_region(&mut out, groups, style),
        Counts::Grant(histogram) => facets_output::write_histogram(&mut out, histogram, style),
    };
    for warning in &warnings {
        eprintln!("projsok: {warning}");
    }
    written.and_then(|()| out.flush()).map_err(stdout_error)?;
    Ok(ExitCode::SUCCESS)
}
