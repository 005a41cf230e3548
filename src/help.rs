//! The prose of `--help` and the man pages that clap's derive cannot hold in a doc comment:
//! the query syntax, each subcommand's examples, and the man page's sections on filters, exit
//! status, environment and files. One text serves both, so they never disagree.

/// The query syntax, as `search`, `facets` and `export` take it.
pub const QUERY_SYNTAX: &str = "\
Query syntax:
  socialt företagande    documents with every word first, then those with most of them
  \"socialt företagande\"~2  a phrase, its words at most 2 apart
  +ungdomar, a AND b     a word every hit must have
  sfi OR sas, (a OR b) c alternatives, and groups
  -umeå, NOT umeå        excludes the word in every form (also a word starting with a short
                         flag's letter: -kommun is a word, -k Kiruna and -kKiruna filters)
  matchn*, *arbete*      wildcards over the words of the index
  titel:intro            one field: titel, sammanfattning, bakgrund, syfte, mal,
                         tillganglighet, jamstalldhet, transnationellt, ovrigt, partners, text
  kommun:Jokkmokk        a facet: region, kommun, fas, program, agare, lang
  stod:[1000000 TO *]    a range: stod, budget, start
  (nothing)              every document: filters alone list what they select
Words are stemmed (matchning finds matchningen), split as compounds and found with or
without å, ä and ö; acronyms find what they stand for (sfi, Af, ESF).";

pub const INDEX_EXAMPLES: &str = "\
Examples:
  projsok index seeds                     (re)build ./index from seeds/
  projsok index ~/esf -i ~/esf-index      build another index
  projsok index seeds --update            add new and changed files, drop removed ones";

pub const SEARCH_EXAMPLES: &str = "\
Examples:
  projsok search socialt företagande -n 5
  projsok search \"titel:intro OR syfte:\\\"socialt företagande\\\"\" -r \"Övre Norrland\"
  projsok search -k Jokkmokk -p Genomförande -l | xargs -n1 projsok show";

pub const SHOW_EXAMPLES: &str = "\
Examples:
  projsok show seeds/003_2b3fa1d7a6e76dce.txt
  projsok show 003_2b3fa1d7a6e76dce -j     a bare file name one document has";

pub const SIMILAR_EXAMPLES: &str = "\
Examples:
  projsok similar seeds/000_cea40166ddf3072c.txt -n 5
  projsok similar seeds/001_5529787c01511de8.txt -r \"Övre Norrland\" --field bakgrund
  projsok similar - < ny-ansokan.txt
  projsok similar seeds/004_2c34cdba5d9fc759.txt --collapse   fold each neighbour's versions
                                           (same projektägare, similar text or title) too";

pub const COMPARE_EXAMPLES: &str = "\
Examples:
  projsok compare seeds/000_cea40166ddf3072c.txt seeds/002_e2cf07384f130b54.txt
  projsok compare A B --section syfte --terms 5 -j";

pub const FACETS_EXAMPLES: &str = "\
Examples:
  projsok facets                           every value of every facet
  projsok facets matchning --field kommun --by-region
  projsok facets --field grant -p Genomförande
  projsok facets --disjunctive -r Stockholm -r Skåne   counts a faceted page shows";

pub const EXPORT_EXAMPLES: &str = "\
Examples:
  projsok export -o projekt.csv
  projsok export sfi -r Stockholm --format ndjson > sfi.ndjson
  projsok export --format opensearch -o os-export
  projsok export --collapse -o unika.csv   one row per cluster, a versions column of the rest";

pub const DUPLICATES_EXAMPLES: &str = "\
Near-duplicates are found when indexing: documents whose texts (title and sections, less the
ESF boilerplate sections) share at least 80 % of their word 3-shingles, estimated by MinHash.
A document's versions (`projsok show`) are its near-duplicates and the documents of its
projektägare with a similar text (50 %) or the same title words.

Examples:
  projsok duplicates                       every cluster, largest first
  projsok duplicates lagrådsremiss -n 3    clusters with a document that matches
  projsok duplicates -r Stockholm --csv > dubbletter.csv";

pub const TRENDS_EXAMPLES: &str = "\
Examples:
  projsok trends nyanlända                 matching projects per year they were active
  projsok trends nyanlända --count start --csv > per-år.csv
  projsok trends ungdomar --by region --share   each region's share that matches";

pub const TERMS_EXAMPLES: &str = "\
Examples:
  projsok terms ungdomar                   what sets projects on young people apart
  projsok terms -r 'Övre Norrland' --against region:Stockholm
  projsok terms matchning --section syfte -n 10 --csv

Every match counts. Candidate terms come from the text of at most 200 matching documents: those
whose files have the lowest content hashes, spread over the set like a random draw and the same in
every build of the same files (the heading says how many; `sampled` in JSON). Each candidate's
counts in the set and in the background are then exact, over every match and the whole
background.";

pub const KWIC_EXAMPLES: &str = "\
Examples:
  projsok kwic kompetensförsörjning        every use, aligned on the word
  projsok kwic arbetsmarknad --sort right --width 30
  projsok kwic sfi -r Stockholm --csv > sfi.csv";

pub const SERVE_EXAMPLES: &str = "\
Examples:
  projsok serve --open
  projsok serve -i /srv/esf-index --port 8080";

pub const INFO_EXAMPLES: &str = "\
Examples:
  projsok info
  projsok info -j -i ~/esf-index";

pub const SYNONYMS_EXAMPLES: &str = "\
Examples:
  projsok synonyms
  projsok synonyms -j -i ~/esf-index | jq '.learnt[].acronym'";

pub const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  projsok completions bash > ~/.local/share/bash-completion/completions/projsok
  projsok completions zsh > ~/.zfunc/_projsok
  projsok completions fish > ~/.config/fish/completions/projsok.fish";

pub const MAN_EXAMPLES: &str = "\
Examples:
  projsok man > ~/.local/share/man/man1/projsok.1
  projsok man --dir ~/.local/share/man/man1    projsok.1 and projsok-search.1, ...";

/// The examples of the whole tool, for `projsok --help` and projsok(1).
pub const EXAMPLES: &str = "\
Examples:
  projsok search socialt företagande       build ./index from seeds/ on first use, search it
  projsok search sfi -k Kiruna -c          how many documents match
  projsok show seeds/003_2b3fa1d7a6e76dce.txt
  projsok info                             what the index holds";

/// The man page's FILTERS section.
pub const FILTERS: &str = "\
Every command that lists documents (search, similar, facets, export, trends, terms, kwic) takes
the same filters.
-r/--region, -p/--phase, -k/--kommun, --program, --owner and --lang keep documents with that
value; repeating a flag ORs its values, different flags AND. Values match without case and with
or without å, ä and ö, regions and kommuner also by short forms (--region väst); a value no
document has is a warning naming the nearest values. --from-year, --to-year and --active-in
keep projects whose period overlaps the years; --min-grant, --max-grant, --min-budget and
--max-budget keep amounts in whole SEK, inclusive.";

/// The man page's EXIT STATUS section.
pub const EXIT_STATUS: &str = "\
0   success (also a search with no hits, and a closed output pipe)
1   search --fail-empty found nothing
2   usage or input error: bad arguments, query or config file, a missing path, an unknown
    document id, index --strict after a skipped file
3   index problem: no index, locked by another writer, other schema version, damaged, disk full
70  internal error (a bug in projsok)";

/// The man page's ENVIRONMENT section.
pub const ENVIRONMENT: &str = "\
PROJSOK_INDEX    the index folder when -i/--index is not given (before the config file)
XDG_CONFIG_HOME  the folder of projsok/config.toml and projsok/synonyms.txt (default ~/.config)
HOME             where ~/.config is
NO_COLOR         set and not empty: no colour unless --color or the config file asks for it
RUST_BACKTRACE   1: an internal error also prints its backtrace";

/// The man page's FILES section.
pub const FILES: &str = "\
./index          the index when nothing else names one
./seeds          the demo documents; search builds ./index from them when there is no
                 index anywhere (it says so on standard error)
$XDG_CONFIG_HOME/projsok/config.toml
                 settings, TOML: index = \"DIR\", limit = N, synonyms = \"FILE\",
                 color = \"auto\" | \"always\" | \"never\"; relative paths are the file's
                 folder's, ~/ is the home folder
$XDG_CONFIG_HOME/projsok/synonyms.txt
                 your synonym groups, used when neither --synonyms nor the config names one";
