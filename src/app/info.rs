//! `projsok info`: what the index holds and how it was built.

use std::process::ExitCode;

use super::search::synonyms_path;
use super::{index_dir, open_or_build, print};
use crate::cli::InfoArgs;
use projsok::analysis::synonyms::Synonyms;
use projsok::error::Result;
use projsok::output::info::{self, Analyzer};
use projsok::output::Style;
use projsok::search::info::describe;

pub fn run_info(args: &InfoArgs, style: Style) -> Result<ExitCode> {
    let index = open_or_build(&args.index)?;
    let (dir, origin) = index_dir(&args.index);
    let named = (dir.as_path(), origin.key());
    let told = (dir.as_path(), origin.describe());
    let described = describe(&index)?;
    let analyzer = Analyzer {
        stemmer: "snowball-swedish",
        compounds: described.meta.compounds,
        synonyms_built_in: Synonyms::built_in().groups().len(),
        synonyms_file: synonyms_path(None).map(|path| path.display().to_string()),
    };
    print(
        args.json,
        || info::Info::new(named, &described, &analyzer),
        |out| info::write_info(out, told, &described, &analyzer, style),
    )?;
    Ok(ExitCode::SUCCESS)
}
