//! `projsok facets`: document counts per facet value, kommuner by region, ESF-stöd histogram.

use std::io::{self, Write};
use std::process::ExitCode;

use super::search::load_synonyms;
use super::{open_or_build, stdout_error};
use crate::cli::FacetsArgs;
use projsok::error::Result;
use projsok::output::{self, facets as facets_output, Style};
use projsok::search::browse::{self, Counts};

pub fn run_facets(args: &FacetsArgs, style: Style) -> Result<ExitCode> {
    let config = args.config()?;
    let index = open_or_build(&args.index)?;
    let synonyms = load_synonyms(args.synonyms.as_deref())?;
    let (counts, warnings) =
        browse::count(&index, &synonyms, config.matching(), config.count(), config.disjunctive())?;
    let mut out = io::stdout().lock();
    let written = match &counts {
        _ if args.json => facets_output::counts_json(&counts)
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
