//! Command-line arguments (clap derive; the doc comments are the help) and their conversion
//! into validated per-command configurations. Nothing below `app` sees clap.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;
use std::sync::OnceLock;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::error::{ContextKind, ErrorKind};
use clap::{
    Arg, ArgAction, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum,
};

use projsok::config::views::{
    KwicConfig, KwicSettings, TermsConfig, TermsSettings, TrendsConfig, TrendsSettings,
    ViewSettings,
};
use projsok::config::{
    self, Choice, CompareConfig, CompareSettings, ExportConfig, ExportFormat, ExportSettings,
    FacetField, FacetsConfig, FacetsSettings, FilterSettings, Names, SearchConfig, SearchSettings,
    SimilarConfig, SimilarSettings, MAX_SIMILAR,
};
use projsok::document::SectionKind;
use projsok::error::{Error, Result};
use projsok::index::schema::Facet;
use projsok::search::compare::matrix::MAX_DOCUMENTS;
use projsok::search::kwic::KwicSort;
use projsok::search::similar::{Scope, Source};
use projsok::search::trends::{TrendBy, YearCount};
use projsok::search::Sort;

/// Full-text faceted search for Swedish ESF project documents.
#[derive(Debug, Parser)]
#[command(name = "projsok", version, about, long_about = None)]
pub struct Cli {
    /// When to colour the output [default: `color` in the config file, else auto: on a
    /// terminal unless NO_COLOR is set].
    #[arg(long, value_enum, global = true)]
    pub color: Option<ColorChoice>,
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands whose positional arguments are the words of one query: each reads it as
/// `search` does, `-umeå` included.
const QUERY_COMMANDS: [&str; 7] =
    ["search", "facets", "export", "trends", "terms", "kwic", "duplicates"];

/// The command line with the words of a query moved behind `--`, the flags before it:
/// `search socialt --limit 2 företagande -umeå` → `search --limit 2 -- socialt företagande
/// -umeå`. The words of a query may stand anywhere among the flags and start with a hyphen
/// (`-umeå` excludes); clap alone can have one or the other, since a positional that takes
/// hyphenated values also takes every flag after it. An argument is a flag when the subcommand
/// knows it (or it starts with `--`, so that clap reports an unknown one); anything else, and
/// everything after `--`, is a word.
pub fn query_words_last(args: Vec<OsString>) -> Vec<OsString> {
    let mut command = command();
    command.build();
    let mut args = args.into_iter();
    let mut out: Vec<OsString> = args.next().into_iter().collect();
    let subcommand = loop {
        let Some(arg) = args.next() else { return out };
        let flag = arg.to_str().and_then(|text| flag_takes_value(&command, text));
        out.push(arg.clone());
        match flag {
            Some(true) => out.extend(args.next()),
            Some(false) => {}
            None => break arg,
        }
    };
    let Some(subcommand) = subcommand
        .to_str()
        .filter(|name| QUERY_COMMANDS.contains(name))
        .and_then(|name| command.find_subcommand(name))
    else {
        out.extend(args);
        return out;
    };
    let mut words: Vec<OsString> = Vec::new();
    while let Some(arg) = args.next() {
        if arg == "--" {
            words.extend(args.by_ref());
            break;
        }
        match arg.to_str().and_then(|text| flag_takes_value(subcommand, text)) {
            Some(takes_value) => {
                out.push(arg);
                if takes_value {
                    out.extend(args.next());
                }
            }
            // `export arbete -n 1` searched "arbete -n 1": a short flag of another command
            // typed here is left to clap, which names it, rather than turned into words.
            None if arg.to_str().is_some_and(|text| is_short_flag_elsewhere(&command, text)) => {
                out.push(arg)
            }
            None => words.push(arg),
        }
    }
    if !words.is_empty() {
        out.push("--".into());
        out.extend(words);
    }
    out
}

/// Whether `arg` is one hyphen and one letter that some subcommand takes as a short flag
/// (`-n`, `-l`): as a query word it would exclude a single letter, which nobody means.
fn is_short_flag_elsewhere(command: &clap::Command, arg: &str) -> bool {
    let mut letters = arg.strip_prefix('-').unwrap_or_default().chars();
    let (Some(letter), None) = (letters.next(), letters.next()) else { return false };
    command
        .get_subcommands()
        .any(|subcommand| subcommand.get_arguments().any(|flag| flag.get_short() == Some(letter)))
}

/// Whether `arg` is a flag of `command` and, if so, whether the next argument is its value:
/// `Some(true)` for `--limit` or `-o`, `Some(false)` for `--json`, `--limit=2`, `-n20`,
/// `-kKiruna`, `-jc` or an unknown `--flag`, `None` for a word (`socialt`, `-umeå`, `-kommun`,
/// `-`).
fn flag_takes_value(command: &clap::Command, arg: &str) -> Option<bool> {
    let takes_value = |flag: &clap::Arg| flag.get_action().takes_values();
    if let Some(long) = arg.strip_prefix("--") {
        if long.is_empty() {
            return None;
        }
        let (name, inline_value) = match long.split_once('=') {
            Some((name, _)) => (name, true),
            None => (long, false),
        };
        let known = command.get_arguments().find(|flag| {
            flag.get_long() == Some(name)
                || flag.get_all_aliases().is_some_and(|aliases| aliases.contains(&name))
        });
        return Some(known.is_some_and(|flag| takes_value(flag) && !inline_value));
    }
    // A cluster of short flags is a flag only when each letter is one (`-jc`) and a value
    // joined to the last is a number or a name (`-n20`, `-kKiruna`): `-kommun` and `-projekt`
    // are words to exclude, not `-k ommun` and `-p rojekt`.
    let shorts = arg.strip_prefix('-').filter(|shorts| !shorts.is_empty())?;
    for (at, short) in shorts.char_indices() {
        let flag = command.get_arguments().find(|flag| flag.get_short() == Some(short))?;
        if takes_value(flag) {
            let joined = &shorts[at + short.len_utf8()..];
            if joined.is_empty() {
                return Some(true);
            }
            let number = joined.bytes().all(|byte| byte.is_ascii_digit());
            let name = joined.chars().next().is_some_and(char::is_uppercase);
            return (number || name).then_some(false);
        }
    }
    Some(false)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}

/// `-i/--index DIR`, the same on every command that reads or writes an index.
#[derive(Debug, Clone, Default, Args)]
pub struct IndexLocation {
    /// The index folder [default: $PROJSOK_INDEX, else `index` in the config file, else
    /// ./index].
    #[arg(short = 'i', long = "index", value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse documents and (re)build the index.
    Index(IndexArgs),
    /// Search the index: ranked hits with snippets, then facet counts.
    Search(SearchArgs),
    /// Print the parsed record of one document.
    Show(ShowArgs),
    /// Find the projects most like one document (or a pasted text) in their problem and aims.
    Similar(SimilarArgs),
    /// Compare two documents section by section, with their header facts side by side.
    Compare(CompareArgs),
    /// Count the documents per facet value (region, phase, kommun, ...) or ESF-stöd bracket.
    Facets(FacetsArgs),
    /// Write every field of the matching records as CSV or NDJSON.
    Export(ExportArgs),
    /// How the matching documents spread over years or facet values: a bar chart, CSV, JSON.
    Trends(TrendsArgs),
    /// The words that set the matching documents apart from the index or another set (G²).
    Terms(TermsArgs),
    /// Keyword in context: each place the best matches use a query word, aligned on it.
    Kwic(KwicArgs),
    /// List the clusters of near-duplicates (found when indexing) that have a matching
    /// document, largest first, with each member's similarity.
    Duplicates(DuplicatesArgs),
    /// Serve a local web page and JSON API for searching, comparing and exporting.
    Serve(ServeArgs),
    /// Describe an index: documents by format and language, facet values, size, how it was
    /// built.
    Info(InfoArgs),
    /// List the acronyms the indexed documents define, as searches expand them.
    Synonyms(SynonymsArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write every page into a folder.
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct InfoArgs {
    #[command(flatten)]
    pub index: IndexLocation,
    /// Print one JSON object instead of text.
    #[arg(short, long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write projsok.1 and a page per subcommand (projsok-search.1, ...) into this folder
    /// instead of printing projsok.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or folders to index (folders are walked).
    #[arg(default_value = "seeds")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub index: IndexLocation,
    /// Rebuild from scratch (the default; kept for scripts that say so explicitly).
    #[arg(long, conflicts_with = "update")]
    pub rebuild: bool,
    /// Change the live index in place: add new and changed files (by content hash), delete
    /// documents whose files are gone; documents outside the paths given whose files are there
    /// are kept. Builds a new index when there is none.
    #[arg(long)]
    pub update: bool,
    /// With --update: read and hash every file, also those whose size, times and inode are
    /// unchanged.
    #[arg(long, requires = "update")]
    pub verify: bool,
    /// Follow symbolic links met in the walk, also out of the folders given (links named on
    /// the command line are always followed).
    #[arg(long)]
    pub follow: bool,
    /// Exit with status 2 after the run when any file was skipped.
    #[arg(long)]
    pub strict: bool,
    /// Skip files larger than this: bytes, or with a suffix K, M or G (powers of 1024; KB,
    /// KiB and the like mean the same), e.g. 20M.
    #[arg(long, default_value = "20M", value_parser = parse_size, allow_negative_numbers = true)]
    pub max_size: u64,
    /// Do not index compound parts (to measure what decompounding brings).
    #[arg(long)]
    pub no_compounds: bool,
    /// Indexing memory budget in MiB, shared by the indexing threads.
    #[arg(long, default_value_t = 200, allow_negative_numbers = true,
          value_parser = |text: &str| number_in(text, 16, 16384))]
    pub memory_mb: u64,
    /// Indexing threads, 1 to 64 (default: the number of cores, at most 8).
    #[arg(long, allow_negative_numbers = true, value_parser = |text: &str| number_in(text, 1, 64))]
    pub threads: Option<u64>,
}

/// The facet filters: one repeatable flag per facet of the schema (`--region`, `--phase`, …),
/// named and explained by [`Facet`] itself, so that a new facet is a new flag without a line
/// here. clap's derive needs a field per flag; this builds the flags from [`Facet::ALL`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetFlags {
    /// The values given per facet; a facet whose flag was not given is absent.
    pub values: BTreeMap<Facet, Vec<String>>,
}

impl FacetFlags {
    /// The short flags of the facets typed most, the same on every command (`-r`, `-p`, `-k`).
    fn short(facet: Facet) -> Option<char> {
        match facet {
            Facet::Region => Some('r'),
            Facet::Phase => Some('p'),
            Facet::Kommun => Some('k'),
            _ => None,
        }
    }

    /// The flag's value name, as clap's derive writes it: the name in capitals (`REGION`).
    fn value_name(facet: Facet) -> &'static str {
        static NAMES: OnceLock<Vec<String>> = OnceLock::new();
        let names = NAMES
            .get_or_init(|| Facet::ALL.iter().map(|facet| facet.name().to_uppercase()).collect());
        let at = Facet::ALL.iter().position(|listed| *listed == facet).unwrap_or_default();
        &names[at]
    }
}

impl Args for FacetFlags {
    fn augment_args(command: clap::Command) -> clap::Command {
        Facet::ALL.into_iter().fold(command, |command, facet| {
            command.arg(
                Arg::new(facet.name())
                    .long(facet.name())
                    .short(FacetFlags::short(facet))
                    .value_name(FacetFlags::value_name(facet))
                    .help(facet.filter_help())
                    .action(ArgAction::Append)
                    .value_parser(clap::value_parser!(String)),
            )
        })
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        FacetFlags::augment_args(command)
    }
}

impl FromArgMatches for FacetFlags {
    fn from_arg_matches(matches: &ArgMatches) -> std::result::Result<FacetFlags, clap::Error> {
        let mut flags = FacetFlags::default();
        flags.update_from_arg_matches(matches)?;
        Ok(flags)
    }

    fn update_from_arg_matches(
        &mut self,
        matches: &ArgMatches,
    ) -> std::result::Result<(), clap::Error> {
        for facet in Facet::ALL {
            let given = matches.try_get_many::<String>(facet.name()).map_err(|err| {
                clap::Error::raw(ErrorKind::ArgumentConflict, format!("--{facet}: {err}"))
            })?;
            if let Some(values) = given {
                self.values.insert(facet, values.cloned().collect());
            }
        }
        Ok(())
    }
}

/// `facets --field`: a facet of the schema by its name, or `grant`.
#[derive(Debug, Clone, Copy)]
struct FacetFieldParser;

impl FacetFieldParser {
    fn names() -> impl Iterator<Item = PossibleValue> {
        let grant = PossibleValue::new("grant").help("A histogram of ESF-stöd in SEK brackets");
        Facet::ALL.into_iter().map(|facet| PossibleValue::new(facet.name())).chain([grant])
    }
}

impl TypedValueParser for FacetFieldParser {
    type Value = FacetField;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&Arg>,
        value: &OsStr,
    ) -> std::result::Result<FacetField, clap::Error> {
        // clap's own parser of a list of names: its errors and suggestions are those of every
        // other flag with values.
        let name =
            PossibleValuesParser::new(FacetFieldParser::names()).parse_ref(command, arg, value)?;
        FacetField::named(&name).ok_or_else(|| {
            clap::Error::raw(ErrorKind::InvalidValue, format!("{name}: not a facet field"))
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(FacetFieldParser::names()))
    }
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    #[command(flatten)]
    pub facets: FacetFlags,
    /// Only projects running in or after this year.
    #[arg(long, allow_negative_numbers = true, value_parser = natural)]
    pub from_year: Option<u64>,
    /// Only projects running in or before this year.
    #[arg(long, allow_negative_numbers = true, value_parser = natural)]
    pub to_year: Option<u64>,
    /// Only projects running at some time in this year (the project period overlaps it).
    // Not clap's conflicts_with_all: config checks it for the API too, and clap's message named
    // nothing when both years were given ("cannot be used with:").
    #[arg(long, value_name = "YEAR", allow_negative_numbers = true, value_parser = natural)]
    pub active_in: Option<u64>,
    /// Only projects granted at least this much ESF-stöd, in SEK (1500000, "1 500 000", "1,5 Mkr", "500 tkr").
    #[arg(long, value_name = "SEK", allow_negative_numbers = true, value_parser = amount)]
    pub min_grant: Option<u64>,
    /// Only projects granted at most this much ESF-stöd, in SEK (1500000, "1 500 000", "1,5 Mkr", "500 tkr").
    #[arg(long, value_name = "SEK", allow_negative_numbers = true, value_parser = amount)]
    pub max_grant: Option<u64>,
    /// Only projects with a total budget of at least this much, in SEK (1500000, "1 500 000", "1,5 Mkr", "500 tkr").
    #[arg(long, value_name = "SEK", allow_negative_numbers = true, value_parser = amount)]
    pub min_budget: Option<u64>,
    /// Only projects with a total budget of at most this much, in SEK (1500000, "1 500 000", "1,5 Mkr", "500 tkr").
    #[arg(long, value_name = "SEK", allow_negative_numbers = true, value_parser = amount)]
    pub max_budget: Option<u64>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words, "phrases", +required, OR, -exclusion, field:term (titel,
    /// sammanfattning, bakgrund, syfte, mal, region, kommun, fas, ...). Documents with every
    /// word come first, then those with most of them (see --exact). Several arguments are one
    /// query, as if quoted together. Empty lists every matching document.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub index: IndexLocation,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Hits to show [default: `limit` in the config file, else 10].
    #[arg(short = 'n', long, allow_negative_numbers = true, value_parser = count)]
    pub limit: Option<usize>,
    /// Hits to skip (for paging).
    #[arg(long, default_value_t = 0, allow_negative_numbers = true, value_parser = count)]
    pub offset: usize,
    /// Print one JSON object instead of text.
    #[arg(short, long)]
    pub json: bool,
    /// A synonym table of your own (lines like "sfi = svenska för invandrare"), added to the
    /// built-in one. Default: ~/.config/projsok/synonyms.txt when it exists.
    #[arg(long)]
    pub synonyms: Option<PathBuf>,
    /// Print only the ids of the matching documents, one a line (every match, in order, unless
    /// -n or --offset is given).
    #[arg(short = 'l', long, conflicts_with_all = ["count", "json"])]
    pub files_with_matches: bool,
    /// With -l: end each id with a NUL byte instead of a line break, for `xargs -0` (without
    /// it, control characters in an id, line breaks included, are written as \u{…}).
    #[arg(short = '0', long, requires = "files_with_matches")]
    pub null: bool,
    /// Print only the number of matching documents (with --json: the total and the facet
    /// counts).
    #[arg(short, long)]
    pub count: bool,
    /// Exit with status 1 when nothing matches.
    #[arg(long)]
    pub fail_empty: bool,
    /// Only documents with every word, as typed: no documents with most of them, no fallback to
    /// some, no spelling corrections, no acronyms learnt from the documents (the synonym
    /// tables still apply).
    #[arg(long)]
    pub exact: bool,
    /// Order of the hits: by relevance, by ESF-stöd or total budget (largest first), or by
    /// start date (earliest first); grant-asc and budget-asc smallest first, start-desc latest
    /// first. Documents without the value come last.
    #[arg(long, value_enum, default_value_t = SortArg::Score)]
    pub sort: SortArg,
    /// One document per cluster of near-duplicates, with "and N versions" (JSON: `versions`,
    /// their paths). The total counts clusters; the facet counts still count documents.
    #[arg(long)]
    pub collapse: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The document id: its path as indexed, e.g. seeds/003_2b3fa1d7a6e76dce.txt.
    pub id: String,
    #[command(flatten)]
    pub index: IndexLocation,
    /// Print one JSON object instead of text.
    #[arg(short, long)]
    pub json: bool,
}

/// The acronym pairs the index learnt: "long form (ACR)" and "ACR (long form)" in a document's
/// text. A search for one form also finds the other, ranked below literal matches. An acronym
/// defined with different long forms keeps the one more than half of its documents give, or is
/// dropped. Your synonyms file overrides: a line "KAA = kommunalt aktivitetsansvar" replaces
/// what the documents say, "KAA = KAA" drops the pair.
#[derive(Debug, Args)]
pub struct SynonymsArgs {
    #[command(flatten)]
    pub index: IndexLocation,
    /// Your own synonym table, to mark the pairs it overrides (default: the config file's
    /// `synonyms`, else ~/.config/projsok/synonyms.txt when it exists).
    #[arg(long)]
    pub synonyms: Option<PathBuf>,
    /// Print one JSON object instead of text.
    #[arg(short, long)]
    pub json: bool,
}

/// Result order on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    Score,
    Grant,
    Budget,
    Start,
    GrantAsc,
    BudgetAsc,
    StartDesc,
}

impl SortArg {
    pub fn to_sort(self) -> Sort {
        match self {
            SortArg::Score => Sort::Score,
            SortArg::Grant => Sort::Grant,
            SortArg::Budget => Sort::Budget,
            SortArg::Start => Sort::Start,
            SortArg::GrantAsc => Sort::GrantAscending,
            SortArg::BudgetAsc => Sort::BudgetAscending,
            SortArg::StartDesc => Sort::StartDescending,
        }
    }
}

#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// The document id (its path as indexed), or - to read a text from standard input.
    #[arg(required_unless_present = "text", conflicts_with = "text")]
    pub id: Option<String>,
    /// A text (e.g. a new application) to find the nearest projects of, instead of an id.
    #[arg(long)]
    pub text: Option<String>,
    /// Compare only this section (in the source and in the other documents), or the whole
    /// problem description: Sammanfattning, Bakgrund, Syfte, Målsättning and the title.
    #[arg(long, value_enum, default_value_t = SimilarField::All)]
    pub field: SimilarField,
    /// Neighbours to show [default: `limit` in the config file, else 10].
    #[arg(short = 'n', long, allow_negative_numbers = true, value_parser = count)]
    pub limit: Option<usize>,
    #[command(flatten)]
    pub index: IndexLocation,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Print one JSON object instead of text.
    #[arg(short, long)]
    pub json: bool,
    /// Fold each neighbour's versions (same projektägare, a very similar text or title) into
    /// it too; near-duplicates are always folded ("and N versions", JSON `duplicates`).
    #[arg(long)]
    pub collapse: bool,
    /// Show what each score is made of: the cosine of the shared words, the cosine of the two
    /// texts' meanings (the concepts learnt from the index), and the pairs of different words
    /// that the concepts link (JSON has them always: `similarity`, `links`).
    #[arg(long)]
    pub explain: bool,
}

/// The sections `similar --field` can restrict to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SimilarField {
    All,
    #[value(alias = "summary")]
    Sammanfattning,
    #[value(alias = "background")]
    Bakgrund,
    #[value(alias = "purpose")]
    Syfte,
    #[value(alias = "goal", alias = "mal")]
    Malsattning,
}

/// The sections `compare --section` can restrict to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SectionArg {
    #[value(alias = "summary")]
    Sammanfattning,
    #[value(alias = "background")]
    Bakgrund,
    #[value(alias = "purpose")]
    Syfte,
    #[value(alias = "goal", alias = "mal")]
    Malsattning,
    /// The whole problem description.
    All,
}

impl SectionArg {
    /// The one section, or `None` for the whole problem description.
    pub fn section(self) -> Option<SectionKind> {
        match self {
            SectionArg::Sammanfattning => Some(SectionKind::Summary),
            SectionArg::Bakgrund => Some(SectionKind::Background),
            SectionArg::Syfte => Some(SectionKind::Purpose),
            SectionArg::Malsattning => Some(SectionKind::Goal),
            SectionArg::All => None,
        }
    }
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The documents (ids as indexed): two side by side, three or more as a similarity matrix.
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// Compare only this section (all: the whole problem description).
    #[arg(long, value_enum)]
    pub section: Option<SectionArg>,
    /// Distinctive terms listed per section and side.
    #[arg(long, default_value_t = config::DEFAULT_TERMS, allow_negative_numbers = true,
          value_parser = |text: &str| number_in(text, *config::TERMS.start(), *config::TERMS.end()))]
    pub terms: u64,
    #[command(flatten)]
    pub index: IndexLocation,
    /// Print one JSON object instead of text.
    #[arg(short, long)]
    pub json: bool,
    // The flags of aligned and many-document comparison (issue 23), kept together.
    /// Two documents: pair their sentences that say the same thing, then what each says alone.
    #[arg(long)]
    pub align: bool,
    /// A matrix of the documents this query finds first (same syntax as search).
    #[arg(long, value_name = "QUERY", conflicts_with = "ids")]
    pub from: Option<String>,
    /// With --from: how many documents the matrix holds.
    #[arg(short = 'n', long, value_name = "N", requires = "from", allow_negative_numbers = true,
          value_parser = |text: &str| number_in(text, 2, MAX_DOCUMENTS as u64).map(|n| n as usize))]
    pub limit: Option<usize>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Print the matrix as CSV (a header row of paths, then one row per document).
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// Also write an evaluator's report: one self-contained HTML file.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Let --report replace a file projsok did not write.
    #[arg(long, requires = "report")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct FacetsArgs {
    /// Count only documents matching this query (same syntax as search; several arguments are
    /// one query). Empty counts all.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// The one field to count (default: every facet field).
    #[arg(long, value_parser = FacetFieldParser)]
    pub field: Option<FacetField>,
    /// Group the kommun counts under their ESF region.
    #[arg(long)]
    pub by_region: bool,
    /// Count as a faceted page does: a filtered facet's values without its own filter (what
    /// adding each would give), and each facet's documents without a value as "okänd".
    #[arg(long)]
    pub disjunctive: bool,
    #[command(flatten)]
    pub index: IndexLocation,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Only documents with every word, as typed (as for search).
    #[arg(long)]
    pub exact: bool,
    /// A synonym table of your own, as for search.
    #[arg(long)]
    pub synonyms: Option<PathBuf>,
    /// Print one JSON object instead of text.
    #[arg(short, long)]
    pub json: bool,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// One row per document, one column per field, lists joined with "; ".
    Csv,
    /// One JSON record per line, as `show --json` prints it.
    Ndjson,
    /// An OpenSearch/Elasticsearch index definition and bulk files, written into the folder
    /// given with -o (see README, "Scale-out to OpenSearch").
    Opensearch,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Export only documents matching this query (same syntax as search; several arguments
    /// are one query). Empty exports all.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// What to write: CSV rows, NDJSON records, or an OpenSearch index definition and bulk
    /// files.
    #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
    pub format: FormatArg,
    /// Write to this file instead of standard output (opensearch: into this folder, required;
    /// bulk files of an earlier export there are replaced). An existing file is replaced only
    /// when it is an earlier export, a folder used only when empty or an earlier export.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Let --output replace a file projsok did not write, or write into a folder that holds
    /// other files (only projsok's own file names there are written and removed).
    #[arg(long, requires = "output")]
    pub force: bool,
    /// opensearch: documents per bulk file.
    #[arg(long, default_value_t = config::DEFAULT_BATCH_SIZE, value_name = "N",
          allow_negative_numbers = true,
          value_parser = |text: &str| number_in(text, 1, u64::MAX))]
    pub batch_size: u64,
    /// Leave out the sections' texts: no section columns in CSV, an empty `sections` list in
    /// NDJSON (header fields only).
    #[arg(long)]
    pub no_sections: bool,
    /// CSV: no UTF-8 byte order mark (the mark makes spreadsheets read å, ä and ö right).
    #[arg(long)]
    pub no_bom: bool,
    /// Order of the rows (ties by path).
    #[arg(long, value_enum, default_value_t = SortArg::Score)]
    pub sort: SortArg,
    #[command(flatten)]
    pub index: IndexLocation,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// A synonym table of your own, as for search.
    #[arg(long)]
    pub synonyms: Option<PathBuf>,
    /// One row per cluster of near-duplicates, with a `versions` column (NDJSON: field) of
    /// the other matching members' paths.
    #[arg(long)]
    pub collapse: bool,
    /// Only documents with every word, as typed (as for search).
    #[arg(long)]
    pub exact: bool,
}

#[derive(Debug, Args)]
pub struct DuplicatesArgs {
    /// Only clusters with a document matching this query (same syntax as search; several
    /// arguments are one query). Empty lists every cluster.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub index: IndexLocation,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Only documents with every word, as typed (as for search).
    #[arg(long)]
    pub exact: bool,
    /// Clusters to show [default: `limit` in the config file, else 10].
    #[arg(short = 'n', long, allow_negative_numbers = true, value_parser = count)]
    pub limit: Option<usize>,
    /// Clusters to skip (for paging).
    #[arg(long, default_value_t = 0, allow_negative_numbers = true, value_parser = count)]
    pub offset: usize,
    /// Print one JSON object instead of text.
    #[arg(short, long)]
    pub json: bool,
    /// Print one CSV row per member (cluster, size, path, title, similarity, matches).
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// A synonym table of your own, as for search.
    #[arg(long)]
    pub synonyms: Option<PathBuf>,
}

impl DuplicatesArgs {
    /// The config of the search whose matches pick the clusters; `default_limit` is the
    /// number of clusters when `--limit` is not given.
    pub fn config(&self, default_limit: usize) -> Result<SearchConfig> {
        let settings = SearchSettings {
            query: query_text(&self.query),
            filters: self.filters.settings(),
            limit: self.limit.unwrap_or(default_limit),
            offset: self.offset,
            exact: self.exact,
            ..SearchSettings::default()
        };
        SearchConfig::new(settings, Names::Flags)
    }
}

/// What `trends` counts per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrendByArg {
    /// The years of the project period (else a YYYY folder of the path).
    Year,
    Region,
    Phase,
    Program,
    Kommun,
}

/// How `trends --by year` counts a project period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum YearCountArg {
    /// In every year the project is active.
    Active,
    /// In its start year only (the counts then add up to search's total).
    Start,
}

/// The order of `kwic` lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KwicSortArg {
    /// By the document's score, then the line's place in it.
    Score,
    /// By the matched word and the words after it.
    Right,
    /// By the words before the match, the nearest first.
    Left,
}

/// What the research views (trends, terms, kwic) read: the documents of a search.
#[derive(Debug, Args)]
pub struct ViewArgs {
    #[command(flatten)]
    pub index: IndexLocation,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Only documents with every word, as typed (as for search).
    #[arg(long)]
    pub exact: bool,
    /// A synonym table of your own, as for search.
    #[arg(long)]
    pub synonyms: Option<PathBuf>,
    /// Print one JSON object instead of text.
    #[arg(short, long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV rows (with a header) for a spreadsheet instead of text.
    #[arg(long)]
    pub csv: bool,
}

#[derive(Debug, Args)]
pub struct TrendsArgs {
    /// Count only documents matching this query (same syntax as search; several arguments are
    /// one query). Empty counts all.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// Buckets: years of the project period, or the values of a facet.
    #[arg(long, value_enum, default_value_t = TrendByArg::Year)]
    pub by: TrendByArg,
    /// With --by year: count a project in every year it is active, or in its start year only.
    #[arg(short, long, value_enum)]
    pub count: Option<YearCountArg>,
    /// Also each bucket's share of all documents in it (the same filters, no query), so that a
    /// topic's rise is not just the corpus growing.
    #[arg(long)]
    pub share: bool,
    #[command(flatten)]
    pub view: ViewArgs,
}

#[derive(Debug, Args)]
pub struct TermsArgs {
    /// The set whose terms to find (same syntax as search; several arguments are one query).
    /// Empty takes every document of the filters.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// The background: `all` (the rest of the index, the default) or the same query under
    /// other filters, as name:value items (region:Stockholm, fas:Genomförande, kommun:Umeå,
    /// from-year:2015, to-year:2020, active-in:2018) in place of the set's filters of the same
    /// kind, the set's other filters kept; repeat to give several.
    #[arg(long, value_name = "all|NAME:VALUE")]
    pub against: Vec<String>,
    /// Only this section's text.
    #[arg(long, value_enum)]
    pub section: Option<SectionArg>,
    /// Terms to list [default: 30].
    #[arg(short = 'n', long, allow_negative_numbers = true, value_parser = count)]
    pub limit: Option<usize>,
    #[command(flatten)]
    pub view: ViewArgs,
}

#[derive(Debug, Args)]
pub struct KwicArgs {
    /// The words whose contexts to show (same syntax as search; several arguments are one
    /// query).
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// Characters of context on each side [default: 40].
    #[arg(long, allow_negative_numbers = true, value_parser = count)]
    pub width: Option<usize>,
    /// Lines to show [default: 50].
    #[arg(short = 'n', long, allow_negative_numbers = true, value_parser = count)]
    pub limit: Option<usize>,
    /// Order of the lines.
    #[arg(long, value_enum, default_value_t = KwicSortArg::Score)]
    pub sort: KwicSortArg,
    #[command(flatten)]
    pub view: ViewArgs,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub index: IndexLocation,
    /// The port to listen on (0 picks a free one; the address is printed either way).
    #[arg(long, default_value_t = 7700, allow_negative_numbers = true, value_parser = port)]
    pub port: u16,
    /// The address to listen on. Anything but a loopback address lets other machines read the
    /// index (there is no login), so it prints a warning.
    #[arg(long, default_value = "127.0.0.1", value_parser = bind_address)]
    pub bind: std::net::IpAddr,
    /// Open the page in the default browser once the server listens.
    #[arg(long)]
    pub open: bool,
    /// Seconds a request may take before it is answered 503 (an export's download may take
    /// longer; finding its records may not).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// A synonym table of your own, as for search.
    #[arg(long)]
    pub synonyms: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// A size in bytes: "20000", "512K", "1.5M", "20MB", "1GiB" (suffixes are powers of 1024 and
/// case-insensitive). A comma is refused: "20,000" may be twenty thousand or twenty.
pub fn parse_size(text: &str) -> std::result::Result<u64, String> {
    let text = text.trim();
    if text.starts_with('-') {
        return Err("must be a positive size like 20M".to_string());
    }
    let digits =
        text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(text.len());
    let (number, suffix) = text.split_at(digits);
    let shift = match suffix.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("unknown unit {suffix:?} (use K, M or G)")),
    };
    if number.contains(',') {
        return Err(format!("{text:?}: write the size without a comma, like 20000 or 1.5M"));
    }
    let not_a_size = || format!("{text:?} is not a size like 20M");
    if let Ok(whole) = number.parse::<u64>() {
        return whole.checked_mul(1 << shift).ok_or_else(|| format!("{text:?} is too large"));
    }
    let valid = number.matches('.').count() == 1 && number.len() > 1;
    let value: f64 = number.parse().ok().filter(|_| valid).ok_or_else(not_a_size)?;
    let bytes = (value * (1u64 << shift) as f64).round();
    // Below 2^53 every whole number of bytes is exact in an f64.
    if bytes >= (1u64 << 53) as f64 {
        return Err(format!("{text:?} is too large"));
    }
    Ok(bytes as u64)
}

/// An address to listen on: an IP address, or `localhost` (the IPv4 loopback: the name is what
/// people type, and resolving it could name another machine).
fn bind_address(text: &str) -> std::result::Result<std::net::IpAddr, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("localhost") {
        return Ok(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
    }
    // An IPv6 address as a URL writes it.
    let text = text.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')).unwrap_or(text);
    text.parse()
        .map_err(|_| format!("{text:?} is no IP address (like 127.0.0.1 or ::1) nor localhost"))
}

/// The query typed as several arguments (`projsok search socialt företagande`): one query, the
/// words joined by spaces as the shell split them.
pub fn query_text(words: &[String]) -> String {
    words.join(" ")
}

/// A whole number from `min` to `max` for a numeric flag. Flags take their values through this
/// (and `allow_negative_numbers`) rather than clap's parsers: clap reads `--limit -1` as an
/// unknown flag `-1` and suggests `-- -1`, which is no answer.
pub fn number_in(text: &str, min: u64, max: u64) -> std::result::Result<u64, String> {
    let text = text.trim();
    let range =
        if max == u64::MAX { format!("at least {min}") } else { format!("from {min} to {max}") };
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    match text.parse::<u64>() {
        Ok(number) if (min..=max).contains(&number) => Ok(number),
        Ok(_) => Err(format!("must be {range}")),
        Err(_) if text.strip_prefix('-').is_some_and(digits) => {
            Err(if min <= 1 && max == u64::MAX {
                "must be a positive number".to_string()
            } else {
                format!("must be a positive number, {range}")
            })
        }
        Err(_) if digits(text) && max == u64::MAX => Err("is too large".to_string()),
        Err(_) if digits(text) => Err(format!("is too large: must be {range}")),
        Err(_) => Err("must be a whole number".to_string()),
    }
}

/// A count or a value that may be 0 (`--limit`, `--offset`).
fn count(text: &str) -> std::result::Result<usize, String> {
    let number = number_in(text, 0, u64::MAX)?;
    usize::try_from(number).map_err(|_| "is too large".to_string())
}

/// A year or an amount of SEK.
fn natural(text: &str) -> std::result::Result<u64, String> {
    number_in(text, 0, u64::MAX)
}

/// An amount of kronor as Swedish text writes it (see `projsok::text::kronor`).
fn amount(text: &str) -> std::result::Result<u64, String> {
    projsok::text::kronor(text)
}

fn port(text: &str) -> std::result::Result<u16, String> {
    let number = number_in(text, 0, u16::MAX.into())?;
    u16::try_from(number).map_err(|_| "is too large".to_string())
}

/// The command-line definition with the help text the derive cannot hold: each subcommand's
/// examples (and the query syntax for the commands that take a query) after its options.
/// `--help`, the completion scripts and the man pages are all made from this.
pub fn command() -> clap::Command {
    use crate::help;
    let pages: [(&str, &[&str]); 16] = [
        ("index", &[help::INDEX_EXAMPLES]),
        ("search", &[help::QUERY_SYNTAX, help::SEARCH_EXAMPLES]),
        ("show", &[help::SHOW_EXAMPLES]),
        ("similar", &[help::SIMILAR_EXAMPLES]),
        ("compare", &[help::COMPARE_EXAMPLES]),
        ("facets", &[help::QUERY_SYNTAX, help::FACETS_EXAMPLES]),
        ("export", &[help::QUERY_SYNTAX, help::EXPORT_EXAMPLES]),
        ("trends", &[help::QUERY_SYNTAX, help::TRENDS_EXAMPLES]),
        ("terms", &[help::QUERY_SYNTAX, help::TERMS_EXAMPLES]),
        ("kwic", &[help::QUERY_SYNTAX, help::KWIC_EXAMPLES]),
        ("duplicates", &[help::QUERY_SYNTAX, help::DUPLICATES_EXAMPLES]),
        ("serve", &[help::SERVE_EXAMPLES]),
        ("info", &[help::INFO_EXAMPLES]),
        ("synonyms", &[help::SYNONYMS_EXAMPLES]),
        ("completions", &[help::COMPLETIONS_EXAMPLES]),
        ("man", &[help::MAN_EXAMPLES]),
    ];
    let command = Cli::command().after_help(help::EXAMPLES);
    pages.into_iter().fold(command, |command, (name, texts)| {
        command.mut_subcommand(name, |subcommand| subcommand.after_help(texts.join("\n\n")))
    })
}

/// Parses the command line. Help and version are printed as clap prints them; any other
/// problem is returned as one line in the form of every other error, `<what>: <why>`, where
/// clap would print a block with a usage summary.
pub fn parse() -> std::result::Result<Cli, String> {
    let args = query_words_last(std::env::args_os().collect());
    command()
        .try_get_matches_from(args)
        .and_then(|matches| Cli::from_arg_matches(&matches))
        .map_err(|err| match err.kind() {
            ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => err.exit(),
            _ => one_line(&err),
        })
}

/// clap's error as `<what>: <why>`, from its context rather than its rendered text.
fn one_line(err: &clap::Error) -> String {
    let context = |kind: ContextKind| err.get(kind).map(ToString::to_string);
    // "--limit <LIMIT>" → "--limit"
    let argument = context(ContextKind::InvalidArg)
        .map(|name| name.split(' ').next().unwrap_or_default().to_string());
    let value = context(ContextKind::InvalidValue).unwrap_or_default();
    let suggestion =
        [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand, ContextKind::SuggestedValue]
            .into_iter()
            .find_map(context)
            .map(|suggested| match suggested.rsplit_once(", ") {
                Some((first, last)) => format!("; did you mean {first} or {last}?"),
                None => format!("; did you mean {suggested}?"),
            })
            .unwrap_or_default();
    let what = |fallback: &str| match &argument {
        Some(argument) if !value.is_empty() => format!("{argument} {value}"),
        Some(argument) => argument.clone(),
        None => fallback.to_string(),
    };
    match err.kind() {
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(err).map(ToString::to_string).unwrap_or_default();
            format!("{}: {why}", what("value"))
        }
        ErrorKind::InvalidValue => match context(ContextKind::ValidValue) {
            // clap gives an empty list of valid values for a flag given no value at all.
            Some(valid) if !valid.is_empty() => {
                format!("{}: must be one of {valid}{suggestion}", what("value"))
            }
            _ => format!("{}: a value is required", what("value")),
        },
        ErrorKind::UnknownArgument => format!("{}: unknown argument{suggestion}", what("argument")),
        ErrorKind::InvalidSubcommand => {
            let command = context(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("{command}: unknown command{suggestion}")
        }
        ErrorKind::MissingRequiredArgument => {
            format!("{}: required, not given", what("argument"))
        }
        _ => {
            // The first line of clap's own text, without its "error: ".
            let text = err.render().to_string();
            let line = text.lines().next().unwrap_or_default();
            format!("{}{suggestion}", line.strip_prefix("error: ").unwrap_or(line))
        }
    }
}

impl FilterArgs {
    fn settings(&self) -> FilterSettings {
        FilterSettings {
            facets: self.facets.values.clone(),
            from_year: self.from_year,
            to_year: self.to_year,
            active_in: self.active_in,
            min_grant: self.min_grant,
            max_grant: self.max_grant,
            min_budget: self.min_budget,
            max_budget: self.max_budget,
        }
    }
}

impl SearchArgs {
    /// The config; `default_limit` is the limit when `--limit` is not given.
    pub fn config(&self, default_limit: usize) -> Result<SearchConfig> {
        let settings = SearchSettings {
            query: query_text(&self.query),
            filters: self.filters.settings(),
            limit: self.limit.unwrap_or(default_limit),
            offset: self.offset,
            sort: self.sort.to_sort(),
            exact: self.exact,
            collapse: self.collapse,
        };
        SearchConfig::new(settings, Names::Flags)
    }
}

impl SimilarArgs {
    /// The config; `stdin_text` is the text read from standard input when the id is `-`,
    /// `default_limit` the limit when `--limit` is not given.
    pub fn config(
        &self,
        stdin_text: Option<String>,
        default_limit: usize,
    ) -> Result<SimilarConfig> {
        let source = match (&self.text, self.id.as_deref()) {
            (Some(text), _) => Source::Text(text.clone()),
            (None, Some("-")) => Source::Text(stdin_text.unwrap_or_default()),
            (None, Some(id)) => Source::Id(id.to_string()),
            (None, None) => {
                return Err(Error::argument("similar", "give a document id, - or --text"))
            }
        };
        let scope = match self.field {
            SimilarField::All => Scope::All,
            SimilarField::Sammanfattning => Scope::Section(SectionKind::Summary),
            SimilarField::Bakgrund => Scope::Section(SectionKind::Background),
            SimilarField::Syfte => Scope::Section(SectionKind::Purpose),
            SimilarField::Malsattning => Scope::Section(SectionKind::Goal),
        };
        // The config file's limit is search's too; for similar it is taken up to similar's own.
        let limit = self.limit.unwrap_or(default_limit.min(MAX_SIMILAR));
        let settings = SimilarSettings {
            source,
            scope,
            filters: self.filters.settings(),
            limit,
            collapse: self.collapse,
        };
        SimilarConfig::new(settings, Names::Flags)
    }
}

impl CompareArgs {
    /// The two documents side by side (`compare A B`, with or without --align).
    pub fn config(&self) -> Result<CompareConfig> {
        let [a, b] = self.ids.as_slice() else {
            return Err(Error::argument("compare", "give two document ids"));
        };
        let settings = CompareSettings {
            a: a.clone(),
            b: b.clone(),
            section: self.section.and_then(SectionArg::section),
            terms: self.terms,
        };
        CompareConfig::new(settings, Names::Flags)
    }

    /// The section of a matrix or an alignment: `None` for the problem description.
    pub fn section(&self) -> Option<SectionKind> {
        self.section.and_then(SectionArg::section)
    }

    /// The filters of --from, checked; an error if they are given without it.
    pub fn query_filters(&self) -> Result<projsok::search::Filters> {
        let settings = self.filters.settings();
        if self.from.is_none() && settings != FilterSettings::default() {
            return Err(Error::argument("compare", "filters need --from QUERY"));
        }
        settings.check(Names::Flags)
    }
}

impl FacetsArgs {
    pub fn config(&self) -> Result<FacetsConfig> {
        let settings = FacetsSettings {
            query: query_text(&self.query),
            field: self.field,
            by_region: self.by_region,
            disjunctive: self.disjunctive,
            filters: self.filters.settings(),
            exact: self.exact,
        };
        FacetsConfig::new(settings, Names::Flags)
    }
}

impl ExportArgs {
    pub fn config(&self) -> Result<ExportConfig> {
        let settings = ExportSettings {
            query: query_text(&self.query),
            filters: self.filters.settings(),
            sort: self.sort.to_sort(),
            format: match self.format {
                FormatArg::Csv => ExportFormat::Csv,
                FormatArg::Ndjson => ExportFormat::Ndjson,
                FormatArg::Opensearch => ExportFormat::Opensearch,
            },
            output: self.output.clone(),
            batch_size: self.batch_size,
            sections: !self.no_sections,
            bom: !self.no_bom,
            collapse: self.collapse,
            exact: self.exact,
        };
        ExportConfig::new(settings, Names::Flags)
    }
}

impl ViewArgs {
    fn settings(&self, query: &[String]) -> ViewSettings {
        ViewSettings {
            query: query_text(query),
            filters: self.filters.settings(),
            exact: self.exact,
        }
    }
}

impl TrendsArgs {
    pub fn config(&self) -> Result<TrendsConfig> {
        let by = match self.by {
            TrendByArg::Year => TrendBy::Year,
            TrendByArg::Region => TrendBy::Facet(Facet::Region),
            TrendByArg::Phase => TrendBy::Facet(Facet::Phase),
            TrendByArg::Program => TrendBy::Facet(Facet::Program),
            TrendByArg::Kommun => TrendBy::Facet(Facet::Kommun),
        };
        let count = self.count.map(|count| match count {
            YearCountArg::Active => YearCount::Active,
            YearCountArg::Start => YearCount::Start,
        });
        let settings =
            TrendsSettings { view: self.view.settings(&self.query), by, count, share: self.share };
        TrendsConfig::new(settings, Names::Flags)
    }
}

impl TermsArgs {
    pub fn config(&self) -> Result<TermsConfig> {
        let settings = TermsSettings {
            view: self.view.settings(&self.query),
            against: self.against.clone(),
            section: self.section.and_then(SectionArg::section),
            limit: self.limit,
        };
        TermsConfig::new(settings, Names::Flags)
    }
}

impl KwicArgs {
    pub fn config(&self) -> Result<KwicConfig> {
        let sort = match self.sort {
            KwicSortArg::Score => KwicSort::Score,
            KwicSortArg::Right => KwicSort::Right,
            KwicSortArg::Left => KwicSort::Left,
        };
        let settings = KwicSettings {
            view: self.view.settings(&self.query),
            width: self.width,
            limit: self.limit,
            sort,
        };
        KwicConfig::new(settings, Names::Flags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reordered(args: &[&str]) -> Vec<String> {
        let args = args.iter().map(OsString::from).collect();
        query_words_last(args).into_iter().map(|arg| arg.into_string().unwrap()).collect()
    }

    #[test]
    fn query_words_go_behind_the_flags() {
        assert_eq!(
            reordered(&["projsok", "search", "socialt", "--limit", "2", "företagande", "-umeå"]),
            ["projsok", "search", "--limit", "2", "--", "socialt", "företagande", "-umeå"]
        );
        assert_eq!(
            reordered(&["projsok", "--color", "never", "export", "-o", "x.csv", "sfi", "--json"]),
            ["projsok", "--color", "never", "export", "-o", "x.csv", "--json", "--", "sfi"]
        );
        assert_eq!(
            reordered(&["projsok", "facets", "--limit=2", "-", "--", "--x", "-h"]),
            ["projsok", "facets", "--limit=2", "--", "-", "--x", "-h"]
        );
        assert_eq!(reordered(&["projsok", "search", "-h"]), ["projsok", "search", "-h"]);
        assert_eq!(
            reordered(&["projsok", "search", "--no-such-flag"]),
            ["projsok", "search", "--no-such-flag"]
        );
        assert_eq!(
            reordered(&["projsok", "similar", "-", "--text", "a b"]),
            ["projsok", "similar", "-", "--text", "a b"]
        );
    }

    fn parsed(args: &[&str]) -> Command {
        let matches = command().try_get_matches_from(args).unwrap();
        Cli::from_arg_matches(&matches).unwrap().command
    }

    #[test]
    fn every_facet_of_the_schema_is_a_repeatable_filter_flag() {
        let args =
            ["projsok", "search", "--region", "Stockholm", "--lang", "sv", "--region", "Väst"];
        let Command::Search(search) = parsed(&args) else { panic!("not a search") };
        let expected: BTreeMap<Facet, Vec<String>> = [
            (Facet::Region, vec!["Stockholm".to_string(), "Väst".to_string()]),
            (Facet::Lang, vec!["sv".to_string()]),
        ]
        .into();
        assert_eq!(search.filters.facets.values, expected);
        let command = Cli::command();
        for name in ["search", "similar", "facets", "export"] {
            let subcommand = command.find_subcommand(name).unwrap();
            for facet in Facet::ALL {
                let flag = subcommand
                    .get_arguments()
                    .find(|flag| flag.get_long() == Some(facet.name()))
                    .unwrap_or_else(|| panic!("{name} has no --{facet}"));
                let help = flag.get_help().map(ToString::to_string);
                assert_eq!(help.as_deref(), Some(facet.filter_help()), "{name} --{facet}");
                let value_name = flag.get_value_names().map(|names| names[0].to_string());
                assert_eq!(value_name, Some(facet.name().to_uppercase()), "{name} --{facet}");
            }
        }
    }

    #[test]
    fn facets_field_is_a_facet_of_the_schema_or_grant() {
        let field = |name: &str| match parsed(&["projsok", "facets", "--field", name]) {
            Command::Facets(facets) => facets.field,
            _ => panic!("not facets"),
        };
        assert_eq!(field("kommun"), Some(FacetField::Facet(Facet::Kommun)));
        assert_eq!(field("lang"), Some(FacetField::Facet(Facet::Lang)));
        assert_eq!(field("grant"), Some(FacetField::Grant));
        let error = Cli::try_parse_from(["projsok", "facets", "--field", "regio"]).unwrap_err();
        assert_eq!(
            one_line(&error),
            "--field regio: must be one of region, phase, kommun, program, owner, lang, kind, grant; \
             did you mean region?"
        );
    }

    #[test]
    fn every_option_of_every_subcommand_says_what_it_does() {
        let command = command();
        let mut undescribed = Vec::new();
        for subcommand in command.get_subcommands() {
            for arg in subcommand.get_arguments() {
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    undescribed.push(format!("{} {}", subcommand.get_name(), arg.get_id()));
                }
            }
            let examples = subcommand.get_after_help().map(ToString::to_string);
            let named = subcommand.get_name();
            if named != "help" {
                let examples = examples.unwrap_or_default();
                assert!(examples.contains("Examples:\n  projsok "), "{named} has no examples");
            }
        }
        assert_eq!(undescribed, Vec::<String>::new());
    }

    #[test]
    fn short_flags_are_the_same_on_every_subcommand() {
        let command = command();
        let expected = [
            ('n', "limit"),
            ('j', "json"),
            ('i', "index"),
            ('r', "region"),
            ('k', "kommun"),
            ('p', "phase"),
            ('l', "files-with-matches"),
            ('c', "count"),
            ('o', "output"),
            ('0', "null"),
        ];
        let mut seen = 0;
        for subcommand in command.get_subcommands() {
            for arg in subcommand.get_arguments() {
                let Some(short) = arg.get_short() else { continue };
                let long = arg.get_long().unwrap_or_default();
                assert!(
                    expected.contains(&(short, long)),
                    "{} -{short} is --{long}",
                    subcommand.get_name()
                );
                seen += 1;
            }
            for (short, long) in expected {
                let has_long = subcommand.get_arguments().any(|arg| arg.get_long() == Some(long));
                let has_short =
                    subcommand.get_arguments().any(|arg| arg.get_short() == Some(short));
                assert_eq!(
                    has_long,
                    has_short,
                    "{} --{long} without -{short}",
                    subcommand.get_name()
                );
            }
        }
        assert_eq!(seen, 63);
    }

    #[test]
    fn a_word_after_a_hyphen_is_no_cluster_of_short_flags() {
        assert_eq!(
            reordered(&["projsok", "search", "integration", "-kommun", "-k", "Kiruna", "-n20"]),
            ["projsok", "search", "-k", "Kiruna", "-n20", "--", "integration", "-kommun"]
        );
        assert_eq!(
            reordered(&["projsok", "search", "-kÖstersund", "-rVäst", "-kiruna", "-Kiruna"]),
            ["projsok", "search", "-kÖstersund", "-rVäst", "--", "-kiruna", "-Kiruna"]
        );
        assert_eq!(
            reordered(&["projsok", "search", "-jc", "sfi", "-projekt", "-lista"]),
            ["projsok", "search", "-jc", "--", "sfi", "-projekt", "-lista"]
        );
        for view in ["trends", "terms", "kwic", "duplicates"] {
            assert_eq!(
                reordered(&["projsok", view, "-ungdomar", "--json", "sfi"]),
                ["projsok", view, "--json", "--", "-ungdomar", "sfi"]
            );
        }
        // Another command's short flag stays a flag, for clap to refuse by name.
        assert_eq!(
            reordered(&["projsok", "export", "arbete", "-n", "1", "-x"]),
            ["projsok", "export", "-n", "--", "arbete", "1", "-x"]
        );
    }

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("20000"), Ok(20_000));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("20M"), Ok(20 << 20));
        assert_eq!(parse_size("20mb"), Ok(20 << 20));
        assert_eq!(parse_size("1 GiB"), Ok(1 << 30));
        assert_eq!(parse_size("1.5M"), Ok(1_572_864));
        assert_eq!(
            parse_size("20,000"),
            Err("\"20,000\": write the size without a comma, like 20000 or 1.5M".to_string())
        );
        assert_eq!(parse_size(".5K"), Ok(512));
        assert!(parse_size("1.2.3M").is_err());
        assert!(parse_size(".M").is_err());
        assert!(parse_size("M").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("5T").is_err());
        assert!(parse_size("99999999999999999G").is_err());
    }

    #[test]
    fn localhost_binds_the_loopback() {
        assert_eq!(bind_address("localhost").unwrap().to_string(), "127.0.0.1");
        assert_eq!(bind_address("::1").unwrap().to_string(), "::1");
        assert_eq!(bind_address("[::1]").unwrap().to_string(), "::1");
        assert!(bind_address("example.org").is_err());
    }
}
