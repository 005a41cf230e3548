//! Looks at the compound splitter from the outside, without criterion.
//!
//! `cargo run --release --example compounds -- split < words.txt` prints `word<TAB>parts` for every
//! word that splits (one lowercased word a line), for reading samples of splits;
//! `-- searched < words.txt` only the dictionary words split for the last part users search by
//! (see `CompoundSplitter::split_for_last_part`).
//!
//! `cargo run --release --example compounds -- bench [words.txt]` times opening the lexicon and
//! splitting: non-compounds, compounds and, given a file, its words as they come.

use std::io::{self, BufRead, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use projsok::analysis::compounds::splitter;

const NON_COMPOUNDS: &[&str] = &[
    "information",
    "kommunerna",
    "regeringen",
    "handledare",
    "människor",
    "utbildning",
    "projektet",
    "stockholm",
    "nyanlända",
    "företagande",
    "samarbete",
    "deltagarna",
    "verksamheten",
    "organisationer",
    "möjligheter",
    "utvecklingen",
    "individerna",
    "arbetsförmedlingen",
    "situationen",
    "kunskaper",
];
const COMPOUNDS: &[&str] = &[
    "matchningsarbetet",
    "matchningsinsatser",
    "arbetsmarknadsutbildning",
    "egenföretagande",
    "socialförsäkringen",
    "kompetensförsörjningsbehov",
    "invandrarbakgrund",
    "försörjningsstöd",
    "ungdomsarbetslöshet",
    "integrationsarbete",
    "samverkansmodeller",
    "arbetsmarknaden",
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("split") => split_stdin(|word| !splitter().split(word).is_empty()),
        Some("searched") => split_stdin(|word| splitter().split_for_last_part(word)),
        Some("bench") => bench(args.get(1).map(String::as_str)),
        _ => {
            eprintln!(
                "usage: compounds split < words.txt | compounds searched < words.txt | \
                 compounds bench [words.txt]"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("compounds: {e}");
            ExitCode::from(2)
        }
    }
}

/// Prints `word<TAB>parts` for each word of standard input that `chosen` keeps.
fn split_stdin(chosen: impl Fn(&str) -> bool) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    for line in io::stdin().lock().lines() {
        let word = line?;
        if chosen(word.trim()) {
            let parts = splitter().split(word.trim());
            writeln!(out, "{}\t{}", word.trim(), parts.join(" "))?;
        }
    }
    out.flush()
}

fn bench(file: Option<&str>) -> io::Result<()> {
    let started = Instant::now();
    let forms = splitter().len();
    println!("open: {:?} for {forms} forms", started.elapsed());

    report("non-compounds", &NON_COMPOUNDS.iter().map(|w| w.to_string()).collect::<Vec<_>>());
    report("compounds", &COMPOUNDS.iter().map(|w| w.to_string()).collect::<Vec<_>>());
    if let Some(file) = file {
        let text = std::fs::read_to_string(file)?;
        let words: Vec<String> = text.lines().map(str::to_string).collect();
        report(file, &words);
    }
    Ok(())
}

/// Splits the words over and over for about a second and prints words per second.
fn report(label: &str, words: &[String]) {
    let mut calls = 0u64;
    let mut parts = 0u64;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(1) {
        for word in words {
            splitter().for_each_part(std::hint::black_box(word), |_| parts += 1);
        }
        calls += words.len() as u64;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{label}: {:.0} words/s ({calls} words, {parts} parts, {:.0} ns/word)",
        calls as f64 / seconds,
        seconds * 1e9 / calls as f64
    );
}
