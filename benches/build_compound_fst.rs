//! Builds the compound lexicon `src/analysis/compounds.fst` from the sorted `form<TAB>value` lines
//! that `src/analysis/gen_compounds.py` prints. Run through that script's instructions; not part of a
//! normal build.

use std::io::{BufRead, BufReader, BufWriter};
use std::{env, fs::File, process::ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: build_compound_fst LEXICON.tsv OUT.fst");
        return ExitCode::from(2);
    };
    match build(input, output) {
        Ok(count) => {
            eprintln!("build_compound_fst: {count} forms written to {output}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("build_compound_fst: {e}");
            ExitCode::from(2)
        }
    }
}

fn build(input: &str, output: &str) -> Result<u64, Box<dyn std::error::Error>> {
    let reader = BufReader::new(File::open(input).map_err(|e| format!("{input}: {e}"))?);
    let writer = BufWriter::new(File::create(output).map_err(|e| format!("{output}: {e}"))?);
    let mut builder = fst::MapBuilder::new(writer)?;
    let mut count = 0;
    for (number, line) in reader.lines().enumerate() {
        let line = line?;
        let (form, value) =
            line.split_once('\t').ok_or_else(|| format!("{input}:{}: no tab", number + 1))?;
        let value: u64 = value.parse().map_err(|e| format!("{input}:{}: {e}", number + 1))?;
        builder.insert(form, value).map_err(|e| format!("{input}:{}: {e}", number + 1))?;
        count += 1;
    }
    builder.finish()?;
    Ok(count)
}
