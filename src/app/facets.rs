//! `projsok facets`: document counts per facet value, kommuner by region, ESF-stöd histogram.

use std::io::{self, Write};
use std::process::ExitCode;

use super::search::load_synonyms;
use super::{open_or_build, stdout_error};
use crate::cli::{FacetField, FacetsArgs};
use crate::error::{Error, Result};
use crate::index::schema::FACET_FIELDS;
use crate::output::{self, facets as facets_output, Style};
use crate::search::browse;

pub fn run_facets(args: &FacetsArgs, style: Style) -> Result<ExitCode> {
    let filters = args.filters.to_filters()?;
    let fields: Vec<&'static str> = match args.field {
        None => FACET_FIELDS.to_vec(),
        Some(FacetField::Region) => vec!["region"],
        Some(FacetField::Phase) => vec!["phase"],
        Some(FacetField::Kommun) => vec!["kommun"],
        Some(FacetField::Program) => vec!["program"],
        Some(FacetField::Owner) => vec!["owner"],
        Some(FacetField::Lang) => vec!["lang"],
        Some(FacetField::Grant) => Vec::new(),
    };
    if args.by_region && !matches!(args.field, None | Some(FacetField::Kommun)) {
        return Err(Error::argument(
            "--by-region",
            "groups kommun counts; use it with --field kommun or alone",
        ));
    }
    let index = open_or_build(&args.index)?;
    let synonyms = load_synonyms(args.synonyms.as_deref())?;
    let mut out = io::stdout().lock();
    let (written, warnings) = if args.by_region {
        let (groups, warnings) = browse::by_region(&index, &synonyms, &args.query, &filters)?;
        let written = if args.json {
            output::write_json(&mut out, &facets_output::by_region(&groups))
        } else {
            facets_output::write_by_region(&mut out, &groups, style)
        };
        (written, warnings)
    } else if args.field == Some(FacetField::Grant) {
        let (histogram, warnings) =
            browse::grant_histogram(&index, &synonyms, &args.query, &filters)?;
        let written = if args.json {
            output::write_json(&mut out, &facets_output::histogram(&histogram))
        } else {
            facets_output::write_histogram(&mut out, &histogram, style)
        };
        (written, warnings)
    } else {
        let results = browse::facet_counts(&index, &synonyms, &args.query, &filters, &fields)?;
        let written = if args.json {
            output::write_json(&mut out, &facets_output::facets(&results.facets))
        } else {
            facets_output::write_facets(&mut out, results.total, &results.facets, style)
        };
        (written, results.warnings)
    };
    for warning in &warnings {
        eprintln!("projsok: {warning}");
    }
    written.and_then(|()| out.flush()).map_err(stdout_error)?;
    Ok(ExitCode::SUCCESS)
}
