//! Command-line arguments (clap derive; the doc comments are the help) and their conversion
//! into validated per-command configurations. Nothing below `app` sees clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::{Error, Result};
use crate::search::{Filters, Request, Sort};

/// Full-text faceted search for Swedish ESF project documents.
#[derive(Debug, Parser)]
#[command(name = "projsok", version, about, long_about = None)]
pub struct Cli {
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse documents and (re)build the index.
    Index(IndexArgs),
    /// Search the index: ranked hits with snippets, then facet counts.
    Search(SearchArgs),
    /// Print the parsed record of one document.
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or folders to index (folders are walked).
    #[arg(default_value = "seeds")]
    pub paths: Vec<PathBuf>,
    /// Index folder.
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Rebuild from scratch (the default; kept for scripts that say so explicitly).
    #[arg(long, conflicts_with = "update")]
    pub rebuild: bool,
    /// Change the live index in place: add new and changed files (by content hash), delete
    /// documents whose files are gone. Builds a new index when there is none.
    #[arg(long)]
    pub update: bool,
    /// Exit with status 2 after the run when any file was skipped.
    #[arg(long)]
    pub strict: bool,
    /// Skip files larger than this: bytes, or with a suffix K, M or G (powers of 1024; KB,
    /// KiB and the like mean the same), e.g. 20M.
    #[arg(long, default_value = "20M", value_parser = parse_size)]
    pub max_size: u64,
    /// Do not index compound parts (to measure what decompounding brings).
    #[arg(long)]
    pub no_compounds: bool,
    /// Indexing memory budget in MiB, shared by the indexing threads.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(16..=16384))]
    pub memory_mb: u64,
    /// Indexing threads (default: the number of cores, at most 8).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub threads: Option<u64>,
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only this ESF region (repeat to allow several).
    #[arg(long)]
    pub region: Vec<String>,
    /// Only this projektfas, e.g. Förprojektering or Genomförande (repeatable).
    #[arg(long)]
    pub phase: Vec<String>,
    /// Only projects in this kommun (repeatable).
    #[arg(long)]
    pub kommun: Vec<String>,
    /// Only this programområde (repeatable).
    #[arg(long)]
    pub program: Vec<String>,
    /// Only this projektägare (repeatable).
    #[arg(long)]
    pub owner: Vec<String>,
    /// Only documents in this language: sv or en (repeatable).
    #[arg(long)]
    pub lang: Vec<String>,
    /// Only projects running in or after this year.
    #[arg(long)]
    pub from_year: Option<u64>,
    /// Only projects running in or before this year.
    #[arg(long)]
    pub to_year: Option<u64>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words (ANDed), "phrases", OR, -exclusion, field:term (titel, sammanfattning,
    /// bakgrund, syfte, mal, region, kommun, fas, ...). Empty lists every matching document.
    #[arg(default_value = "", allow_hyphen_values = true)]
    pub query: String,
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Hits to show.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// A synonym table of your own (lines like "sfi = svenska för invandrare"), added to the
    /// built-in one. Default: ~/.config/projsok/synonyms.txt when it exists.
    #[arg(long)]
    pub synonyms: Option<PathBuf>,
    /// Exit with status 1 when nothing matches.
    #[arg(long)]
    pub fail_empty: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The document id: its path as indexed, e.g. seeds/003_2b3fa1d7a6e76dce.txt.
    pub id: String,
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    #[arg(long)]
    pub json: bool,
}

/// A size in bytes: "20000", "512K", "20M", "20MB", "1GiB" (suffixes are powers of 1024 and
/// case-insensitive).
pub fn parse_size(text: &str) -> std::result::Result<u64, String> {
    let text = text.trim();
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, suffix) = text.split_at(digits);
    let number: u64 = number.parse().map_err(|_| format!("{text:?} is not a size like 20M"))?;
    let shift = match suffix.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("unknown unit {suffix:?} (use K, M or G)")),
    };
    number.checked_mul(1 << shift).ok_or_else(|| format!("{text:?} is too large"))
}

/// Most hits one request returns; beyond it paging is the answer.
pub const MAX_LIMIT: usize = 10_000;

impl FilterArgs {
    pub fn to_filters(&self) -> Result<Filters> {
        if let (Some(from), Some(to)) = (self.from_year, self.to_year) {
            if from > to {
                return Err(Error::argument(
                    "--from-year",
                    format!("{from} is after --to-year {to}"),
                ));
            }
        }
        for value in
            [&self.region, &self.phase, &self.kommun, &self.program, &self.owner, &self.lang]
                .into_iter()
                .flatten()
        {
            if value.trim().is_empty() || value.chars().any(char::is_control) {
                return Err(Error::argument("filter", format!("invalid value {value:?}")));
            }
        }
        Ok(Filters {
            facets: vec![
                ("region", self.region.clone()),
                ("phase", self.phase.clone()),
                ("kommun", self.kommun.clone()),
                ("program", self.program.clone()),
                ("owner", self.owner.clone()),
                ("lang", self.lang.clone()),
            ],
            from_year: self.from_year,
            to_year: self.to_year,
            ..Filters::default()
        })
    }
}

impl SearchArgs {
    pub fn to_request(&self) -> Result<Request> {
        if self.limit > MAX_LIMIT {
            return Err(Error::argument(
                "--limit",
                format!("{} is more than {MAX_LIMIT}; page with --offset", self.limit),
            ));
        }
        Ok(Request {
            query: self.query.clone(),
            filters: self.filters.to_filters()?,
            limit: self.limit,
            offset: self.offset,
            sort: Sort::Score,
            ..Request::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("20000"), Ok(20_000));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("20M"), Ok(20 << 20));
        assert_eq!(parse_size("20mb"), Ok(20 << 20));
        assert_eq!(parse_size("1 GiB"), Ok(1 << 30));
        assert!(parse_size("M").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("5T").is_err());
        assert!(parse_size("99999999999999999G").is_err());
    }
}
