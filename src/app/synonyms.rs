//! `projsok synonyms`: the acronym pairs the index learnt from its documents, each with the
//! documents that define it, the ones a synonyms table overrides marked, and the acronyms
//! dropped because their documents disagree, and the pairs searches leave out (see
//! [`projsok::analysis::acronyms::Unused`]).
//!
//! `--json` prints one object: `{"learnt": [{"acronym", "long_form", "overridden", "one_way",
//! "acronym_documents", "long_form_documents", "documents": [{"path", "title"}]}], "dropped":
//! [{"acronym", "long_forms": [{"long_form", "documents"}]}], "unused": [{"acronym",
//! "long_form", "reason", "documents"}]}`; `overridden` is true when the built-in or the
//! user's table has one of the pair's forms, which then decides; `one_way` is true when the
//! long form does not search the acronym, whose stem is in `acronym_documents` documents, over
//! twenty times `long_form_documents` (the long form as a phrase; `null` where not counted)
//! and the defining documents (see [`projsok::index::learnt`]).

use projsok::output::visible::escaped;
use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

use super::search::load_synonyms;
use super::{open_or_build, print};
use crate::cli::SynonymsArgs;
use projsok::analysis::acronyms::{Pair, Resolved};
use projsok::analysis::synonyms::Synonyms;
use projsok::error::Result;
use projsok::index::acronyms::DefinedIn;
use projsok::index::learnt::{LearntPair, MAX_ACRONYM_SPREAD};
use projsok::output::numbers::grouped;

/// Documents listed under a pair in the human form; `--json` lists all.
const DOCUMENTS_SHOWN: usize = 3;

pub fn run_synonyms(args: &SynonymsArgs) -> Result<ExitCode> {
    let engine = open_or_build(&args.index)?;
    let table = load_synonyms(args.synonyms.as_deref())?;
    let resolved = engine.acronyms()?.resolve();
    let listing = Listing::new(&resolved, &table, &engine.learnt()?.pairs);
    print(args.json, || &listing, |out| listing.write_human(out))?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct Listing<'a> {
    learnt: Vec<Learnt<'a>>,
    dropped: Vec<Dropped<'a>>,
    unused: Vec<UnusedPair<'a>>,
}

#[derive(Serialize)]
struct UnusedPair<'a> {
    acronym: &'a str,
    long_form: &'a str,
    reason: &'static str,
    documents: Vec<Source<'a>>,
}

#[derive(Serialize)]
struct Learnt<'a> {
    acronym: &'a str,
    long_form: &'a str,
    overridden: bool,
    one_way: bool,
    #[serde(skip)]
    stem: &'a str,
    #[serde(skip)]
    reach: u64,
    acronym_documents: u64,
    long_form_documents: Option<u64>,
    documents: Vec<Source<'a>>,
}

#[derive(Serialize)]
struct Dropped<'a> {
    acronym: &'a str,
    long_forms: Vec<LongForm<'a>>,
}

#[derive(Serialize)]
struct LongForm<'a> {
    long_form: &'a str,
    documents: Vec<Source<'a>>,
}

#[derive(Serialize)]
struct Source<'a> {
    path: &'a str,
    title: &'a str,
}

fn sources<'a>(pair: &Pair<&'a DefinedIn>) -> Vec<Source<'a>> {
    pair.documents.iter().map(|doc| Source { path: &doc.path, title: &doc.title }).collect()
}

impl<'a> Listing<'a> {
    fn new(
        resolved: &'a Resolved<&'a DefinedIn>,
        table: &Synonyms,
        directions: &'a [LearntPair],
    ) -> Listing<'a> {
        let learnt = resolved
            .pairs
            .iter()
            .zip(directions)
            .map(|(pair, LearntPair { direction, .. })| {
                let definition = &pair.definition;
                let forms = [definition.acronym.clone(), definition.long_form.clone()];
                Learnt {
                    acronym: &definition.acronym,
                    long_form: &definition.long_form,
                    overridden: table.overrides(&forms),
                    one_way: !direction.both_ways(),
                    stem: &direction.stem,
                    reach: direction.long_form_reach(),
                    acronym_documents: direction.acronym_documents,
                    long_form_documents: direction.long_form_documents,
                    documents: sources(pair),
                }
            })
            .collect();
        let dropped = resolved
            .dropped
            .iter()
            .map(|forms| Dropped {
                acronym: forms.first().map_or("", |pair| pair.definition.acronym.as_str()),
                long_forms: forms
                    .iter()
                    .map(|pair| LongForm {
                        long_form: &pair.definition.long_form,
                        documents: sources(pair),
                    })
                    .collect(),
            })
            .collect();
        let unused = resolved
            .unused
            .iter()
            .map(|(pair, why)| UnusedPair {
                acronym: &pair.definition.acronym,
                long_form: &pair.definition.long_form,
                reason: why.reason(),
                documents: sources(pair),
            })
            .collect();
        Listing { learnt, dropped, unused }
    }

    fn write_human(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.learnt.is_empty() && self.dropped.is_empty() && self.unused.is_empty() {
            return writeln!(out, "The indexed documents define no acronyms.");
        }
        for pair in &self.learnt {
            let note = if pair.overridden {
                "  [your or the built-in table decides]".to_string()
            } else if pair.one_way {
                format!(
                    "  [one-way: \"{}\" is in {} documents, over {MAX_ACRONYM_SPREAD} times the \
                     {} with the long form; {} finds the long form, the long form does not find {}]",
                    pair.stem,
                    grouped(pair.acronym_documents),
                    grouped(pair.reach),
                    pair.acronym,
                    pair.acronym
                )
            } else {
                String::new()
            };
            writeln!(out, "{} = {}{note}", pair.acronym, pair.long_form)?;
            write_sources(out, &pair.documents)?;
        }
        if !self.dropped.is_empty() {
            writeln!(out, "\nDropped, their documents disagree:")?;
        }
        for dropped in &self.dropped {
            for form in &dropped.long_forms {
                writeln!(out, "{} = {}", dropped.acronym, form.long_form)?;
                write_sources(out, &form.documents)?;
            }
        }
        if !self.unused.is_empty() {
            writeln!(out, "\nNot searched (add them to your synonyms file to use them):")?;
        }
        for pair in &self.unused {
            writeln!(out, "{} = {}  [{}]", pair.acronym, pair.long_form, pair.reason)?;
            write_sources(out, &pair.documents)?;
        }
        let unused = match self.unused.len() {
            0 => String::new(),
            n => format!(", {n} not searched"),
        };
        let one_way = match self.learnt.iter().filter(|pair| pair.one_way).count() {
            0 => String::new(),
            n => format!(" ({n} one-way)"),
        };
        writeln!(
            out,
            "\n{} learnt{one_way}, {} dropped{unused}. Override in your synonyms file: \"ACR = long form\" \
             replaces a pair, \"ACR = ACR\" drops it.",
            self.learnt.len(),
            self.dropped.len()
        )
    }
}

fn write_sources(out: &mut dyn Write, documents: &[Source]) -> io::Result<()> {
    for doc in documents.iter().take(DOCUMENTS_SHOWN) {
        writeln!(out, "    {}  {}", escaped(doc.path), doc.title)?;
    }
    if documents.len() > DOCUMENTS_SHOWN {
        writeln!(out, "    … and {} more", documents.len() - DOCUMENTS_SHOWN)?;
    }
    Ok(())
}
