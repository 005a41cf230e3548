//! `projsok trends`, `terms` and `kwic`: the research views over the documents of a search,
//! each as text, JSON (`--json`) or CSV (`--csv`).

use std::io::{self, Write};
use std::process::ExitCode;

use super::search::load_synonyms;
use super::{open_or_build, stdout_error};
use crate::cli::{KwicArgs, TermsArgs, TrendsArgs, ViewArgs};
use projsok::error::Result;
use projsok::output::{kwic as kwic_output, terms as terms_output, trends as trends_output, Style};
use projsok::search::{kwic, terms, trends};

/// How a view is printed.
enum Form {
    Human,
    Json,
    Csv,
}

fn form(view: &ViewArgs) -> Form {
    match (view.json, view.csv) {
        (true, _) => Form::Json,
        (false, true) => Form::Csv,
        (false, false) => Form::Human,
    }
}

fn warn(warnings: &[String]) {
    for warning in warnings {
        eprintln!("projsok: {warning}");
    }
}

fn write_out(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    write(&mut out).and_then(|()| out.flush()).map_err(stdout_error)?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_trends(args: &TrendsArgs, style: Style) -> Result<ExitCode> {
    let config = args.config()?;
    let request = config.request();
    let engine = open_or_build(&args.view.index)?;
    let synonyms = load_synonyms(args.view.synonyms.as_deref())?;
    let trend = trends::trend(&engine, &synonyms, request)?;
    warn(&trend.warnings);
    let query = &request.search.query;
    write_out(|out| match form(&args.view) {
        Form::Json => projsok::output::write_json(out, &trends_output::Trends::new(query, &trend)),
        Form::Csv => trends_output::write_csv(out, &trend, request.share),
        Form::Human => trends_output::write_human(out, &trend, request.share, style),
    })
}

pub fn run_terms(args: &TermsArgs, style: Style) -> Result<ExitCode> {
    let config = args.config()?;
    let request = config.request();
    let engine = open_or_build(&args.view.index)?;
    let synonyms = load_synonyms(args.view.synonyms.as_deref())?;
    let found = terms::terms(&engine, &synonyms, request)?;
    warn(&found.warnings);
    let query = &request.search.query;
    let against: Vec<String> = match request.against {
        terms::Against::All => Vec::new(),
        terms::Against::Filters(_) => args.against.clone(),
    };
    write_out(|out| match form(&args.view) {
        Form::Json => {
            projsok::output::write_json(out, &terms_output::TermList::new(query, &against, &found))
        }
        Form::Csv => terms_output::write_csv(out, &found),
        Form::Human => terms_output::write_human(out, &found, &against, style),
    })
}

pub fn run_kwic(args: &KwicArgs, style: Style) -> Result<ExitCode> {
    let config = args.config()?;
    let request = config.request();
    let engine = open_or_build(&args.view.index)?;
    let synonyms = load_synonyms(args.view.synonyms.as_deref())?;
    let concordance = kwic::kwic(&engine, &synonyms, request)?;
    warn(&concordance.warnings);
    let query = &request.search.query;
    write_out(|out| match form(&args.view) {
        Form::Json => {
            projsok::output::write_json(out, &kwic_output::Kwic::new(query, &concordance))
        }
        Form::Csv => kwic_output::write_csv(out, &concordance),
        Form::Human => kwic_output::write_human(out, &concordance, request.width, style),
    })
}
