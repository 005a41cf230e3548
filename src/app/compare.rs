//! `projsok compare`: two documents side by side (`--align`: sentence by sentence), or many
//! as a similarity matrix (three or more ids, or `--from QUERY`), and `--report FILE.html`.

use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use super::export::{refuse_inside_index, write_file};
use super::search::load_synonyms;
use super::{open_or_build, print, stdout_error};
use crate::cli::CompareArgs;
use projsok::error::{Error, Result};
use projsok::output::report::{self, Report, GENERATOR};
use projsok::output::{
    alignment as alignment_output, compare as compare_output, matrix as matrix_output, Style,
};
use projsok::search::compare::matrix::MAX_DOCUMENTS;
use projsok::search::Request;
use projsok::search::{compare, Engine};

pub fn run_compare(args: &CompareArgs, style: Style) -> Result<ExitCode> {
    let filters = args.query_filters()?;
    let many = args.from.is_some() || args.ids.len() > 2;
    if args.ids.len() < 2 && args.from.is_none() {
        return Err(Error::argument("compare", "give two or more document ids, or --from QUERY"));
    }
    if args.ids.len() > MAX_DOCUMENTS {
        let given = args.ids.len();
        return Err(Error::argument(
            "compare",
            format!("a matrix holds at most {MAX_DOCUMENTS} documents; {given} ids were given"),
        ));
    }
    if args.limit.is_some() && args.from.is_none() {
        return Err(Error::argument(
            "--limit",
            "sets how many documents --from QUERY takes; with ids, the ids given are compared",
        ));
    }
    if args.align && many {
        return Err(Error::argument("--align", "aligns two documents; give exactly two ids"));
    }
    if args.csv && !many {
        return Err(Error::argument("--csv", "prints a matrix; give three or more ids or --from"));
    }
    if let Some(path) = &args.report {
        refuse_inside_index(("--report", "the report"), path, &super::index_dir(&args.index).0)?;
        check_report_target(path, args.force)?;
    }
    let index = open_or_build(&args.index)?;
    let synonyms = load_synonyms(None)?;
    let section = args.section();
    if many {
        let ids = match &args.from {
            Some(query) => {
                let limit = args.limit.unwrap_or(projsok::config::DEFAULT_LIMIT);
                let request =
                    Request { query: query.clone(), filters, limit, ..Default::default() };
                compare::ids_from_query(&index, &synonyms, "--from", &request)?
            }
            None => args.ids.clone(),
        };
        let matrix = compare::matrix_of(&index, &ids, section)?;
        if args.csv {
            let mut out = io::stdout().lock();
            matrix_output::write_csv(&mut out, &matrix)
                .and_then(|()| out.flush())
                .map_err(stdout_error)?;
        } else {
            print(
                args.json,
                || matrix_output::MatrixOut::from(&matrix),
                |out| matrix_output::write_human(out, &matrix, style),
            )?;
        }
        if let Some(path) = &args.report {
            let aligned = match matrix.closest {
                Some((a, b)) => {
                    let (_, _, alignment) =
                        compare::align_documents(&index, &ids[a], &ids[b], section, &synonyms)?;
                    Some((a, b, alignment))
                }
                None => None,
            };
            let aligned = aligned.as_ref().map(|(a, b, alignment)| (*a, *b, alignment));
            write_report(path, &Report { matrix: &matrix, aligned })?;
        }
        return Ok(ExitCode::SUCCESS);
    }

    let config = args.config()?;
    if args.align {
        let (a, b, alignment) =
            compare::align_documents(&index, config.a(), config.b(), section, &synonyms)?;
        print(
            args.json,
            || alignment_output::Aligned::new(&a, &b, &alignment),
            |out| alignment_output::write_human(out, &a, &b, &alignment, style),
        )?;
    } else {
        let comparison =
            compare::compare(&index, config.a(), config.b(), config.section(), config.terms())?;
        print(
            args.json,
            || compare_output::Compare::from(&comparison),
            |out| compare_output::write_human(out, &comparison, style),
        )?;
    }
    if let Some(path) = &args.report {
        pair_report(path, &index, config.a(), config.b(), section, &synonyms)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn pair_report(
    path: &Path,
    index: &Engine,
    a: &str,
    b: &str,
    section: Option<projsok::document::SectionKind>,
    synonyms: &projsok::analysis::synonyms::Synonyms,
) -> Result<()> {
    let (_, _, alignment) = compare::align_documents(index, a, b, section, synonyms)?;
    let matrix = compare::matrix_of(index, &[a.to_string(), b.to_string()], section)?;
    write_report(path, &Report { matrix: &matrix, aligned: Some((0, 1, &alignment)) })
}

/// A report may replace a report projsok wrote, or anything with --force; never a folder.
fn check_report_target(path: &Path, force: bool) -> Result<()> {
    // Checked before the comparison is printed, so a typo costs no screenful.
    if let Some(folder) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        if !folder.is_dir() {
            return Err(Error::argument("--report", format!("no folder {}", folder.display())));
        }
    }
    let Ok(meta) = fs::metadata(path) else { return Ok(()) };
    if meta.is_dir() {
        return Err(Error::argument("--report", format!("{} is a folder", path.display())));
    }
    if !meta.is_file() || force {
        return Ok(());
    }
    let mut head = Vec::new();
    let read = fs::File::open(path).and_then(|file| file.take(4096).read_to_end(&mut head));
    if read.is_err() || !String::from_utf8_lossy(&head).contains(GENERATOR) {
        return Err(Error::argument(
            "--report",
            format!("{} exists and is no projsok report; --force replaces it", path.display()),
        ));
    }
    Ok(())
}

fn write_report(path: &Path, report: &Report) -> Result<()> {
    let html = report::render(report);
    write_file(path, |out| out.write_all(html.as_bytes()).map_err(|err| Error::io(path, err)))?;
    eprintln!("projsok: wrote the report to {}", path.display());
    Ok(())
}
