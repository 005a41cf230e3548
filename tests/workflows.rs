//! End-to-end tests of the researcher and evaluator workflows on the seeds: `similar`,
//! `compare`, `facets`, `export`, the numeric filters and `--sort`, `completions` and `man`.

use std::fs;
use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::common::wire::Compare;
use crate::common::wire::Record;
use crate::common::wire::Similar;
use crate::common::wire::{ByRegion, Facets};
use crate::common::*;
use indexmap::IndexMap;
use projsok::output::export::csv_columns;

/// The 29 kommuner of Övre Norrland, which seeds 000 and 002 both list.
const OVRE_NORRLAND: [&str; 29] = [
    "Arjeplog",
    "Arvidsjaur",
    "Bjurholm",
    "Boden",
    "Dorotea",
    "Gällivare",
    "Haparanda",
    "Jokkmokk",
    "Kalix",
    "Kiruna",
    "Luleå",
    "Lycksele",
    "Malå",
    "Nordmaling",
    "Norsjö",
    "Pajala",
    "Piteå",
    "Robertsfors",
    "Skellefteå",
    "Sorsele",
    "Storuman",
    "Umeå",
    "Vilhelmina",
    "Vindeln",
    "Vännäs",
    "Åsele",
    "Älvsbyn",
    "Överkalix",
    "Övertorneå",
];

fn similar(env: &Env, args: &[&str]) -> Similar {
    let mut all = vec!["similar", "--json"];
    all.extend_from_slice(args);
    wire::decode(env.ok(&all))
}

fn similar_paths(result: &Similar) -> Vec<&str> {
    result.hits.iter().map(|hit| hit.path.as_str()).collect()
}

fn compare(env: &Env, args: &[&str]) -> Compare {
    let mut all = vec!["compare", "--json"];
    all.extend_from_slice(args);
    wire::decode(env.ok(&all))
}

fn facets(env: &Env, args: &[&str]) -> Facets {
    let mut all = vec!["facets", "--json"];
    all.extend_from_slice(args);
    wire::decode(env.ok(&all))
}

fn counts(facets: &Facets, field: &str) -> Vec<(String, u64)> {
    facets[field].iter().map(|(value, count)| (value.clone(), *count)).collect()
}

fn pairs(expected: &[(&str, u64)]) -> Vec<(String, u64)> {
    expected.iter().map(|(value, count)| (value.to_string(), *count)).collect()
}

fn run_with_stdin(env: &Env, args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_projsok"))
        .args(args)
        .current_dir(env.path())
        .env("NO_COLOR", "1")
        .env("XDG_CONFIG_HOME", env.join("no-config"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run projsok");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn longest_line(text: &str) -> usize {
    text.lines().map(|line| line.chars().count()).max().unwrap_or(0)
}

#[test]
fn similar_pairs_the_two_newcomer_projects_and_never_returns_the_source() {
    let env = Env::indexed();
    let result = similar(&env, &[S000]);
    assert_eq!(result.source.as_deref(), Some(S000));
    assert_eq!(result.source_title, "N till N - från nyanländ till nyanställd");
    assert_eq!(similar_paths(&result)[0], S001, "{:?}", similar_paths(&result));
    let mut others = similar_paths(&result);
    others.sort();
    assert_eq!(others, [S001, S002, S003, S004]);
    for pair in result.hits.windows(2) {
        assert!(pair[0].score >= pair[1].score);
    }
    for hit in &result.hits {
        let score = hit.score.expect("similar hits are ranked");
        assert!((0.0..=1.0).contains(&score), "{score}");
        assert!(!hit.terms.is_empty() && hit.terms.len() <= 8, "{:?}", hit.terms);
        assert_eq!(hit.snippet, None);
    }
    // The hit carries the search hit's fields.
    assert_eq!(result.hits[0].title, "Förprojekteringsrapport Etablering Stockholm");
    assert_eq!(result.hits[0].region.as_deref(), Some("Stockholm"));

    let back = similar(&env, &[S001]);
    assert_eq!(similar_paths(&back)[0], S000, "{:?}", similar_paths(&back));
    assert!(!similar_paths(&back).contains(&S001));
}

#[test]
fn similar_terms_are_words_as_written() {
    let env = Env::indexed();
    let result = similar(&env, &[S000, "--limit", "1"]);
    assert_eq!(result.hits.len(), 1);
    // Surface forms from the source, not stems ("nyanländ") and no numbers.
    assert!(result.hits[0].terms.contains(&"nyanlända".to_string()), "{:?}", result.hits[0].terms);
    for term in result.source_terms.iter().chain(&result.hits[0].terms) {
        assert!(term.chars().count() >= 3 && !term.chars().any(|c| c.is_ascii_digit()), "{term}");
    }
}

#[test]
fn an_index_of_five_documents_has_no_concepts_and_similar_says_so() {
    let env = Env::indexed();
    // Concepts are learnt from an index of a thousand documents or more: here every score is
    // the words' cosine alone.
    let result = similar(&env, &[S000]);
    assert!(!result.hits.is_empty());
    for hit in &result.hits {
        assert_eq!(hit.similarity.concepts, None, "{}", hit.path);
        assert!(hit.links.is_empty(), "{}", hit.path);
    }
    let explained = env.ok(&["similar", S000, "--limit", "1", "--explain"]);
    let score_line = explained.lines().find(|line| line.trim_start().starts_with("Score:"));
    assert_eq!(score_line, Some("   Score: words 0,13 × meaning – (no concepts)"), "{explained}");
    assert!(!explained.contains("Linked:"), "{explained}");
    // Without --explain the score is not taken apart.
    assert!(!env.ok(&["similar", S000, "--limit", "1"]).contains("Score:"));
}

#[test]
fn similar_filters_and_fields_restrict_the_hits() {
    let env = Env::indexed();
    let norrland = similar(&env, &[S000, "--region", "Övre Norrland"]);
    let mut paths = similar_paths(&norrland);
    paths.sort();
    assert_eq!(paths, [S002, S003]);

    let granted = similar(&env, &[S000, "--min-grant", "1000000"]);
    let mut paths = similar_paths(&granted);
    paths.sort();
    assert_eq!(paths, [S003, S004]);

    // Only ESF pages have a Sammanfattning: the transcript cannot be a neighbour by it (its
    // Bakgrund it can). Seeds 002 and 003 share only words worth a score of 0.00 with seed
    // 000's Sammanfattning (compare shows "Sammanfattning similarity 0.00"), so they are no
    // neighbours by it.
    let summary = similar(&env, &[S000, "--field", "sammanfattning"]);
    assert_eq!(similar_paths(&summary), [S004]);
    let background = similar(&env, &[S000, "--field", "bakgrund"]);
    let mut paths = similar_paths(&background);
    paths.sort();
    assert_eq!(paths, [S001, S002, S003, S004]);

    let stderr = env.fails(&["similar", S001, "--field", "sammanfattning"], 2);
    assert!(stderr.contains("has no Sammanfattning section"), "{stderr}");
}

#[test]
fn similar_accepts_free_text_and_standard_input() {
    let env = Env::indexed();
    let text = "Nyanlända invandrare kommer för långsamt in på arbetsmarknaden. Vi vill \
                förbättra samverkan mellan Arbetsförmedlingen, kommunen och SFI under \
                introduktionsperioden.";
    let result = similar(&env, &["--text", text]);
    assert_eq!(result.source, None);
    assert!(!result.hits.is_empty());
    assert!(result.source_terms.contains(&"nyanlända".to_string()), "{:?}", result.source_terms);

    // A file piped in is compared like its indexed copy, which is never its own neighbour.
    let seed = std::fs::read(env.join(S000)).unwrap();
    let output = run_with_stdin(&env, &["similar", "--json", "-"], &seed);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let piped: Similar = wire::decode(&output.stdout);
    assert_eq!(piped.source, None);
    assert_eq!(similar_paths(&piped), similar_paths(&similar(&env, &[S000])));

    let output = run_with_stdin(&env, &["similar", "-"], b"  \n");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("empty"));
}

#[test]
fn similar_human_output_and_errors() {
    let env = Env::indexed();
    let out = env.ok(&["similar", S001, "--limit", "2"]);
    assert!(out.starts_with(&format!("Projects like {S001}")), "{out}");
    assert!(out.contains("1. N till N - från nyanländ till nyanställd  score 0,"), "{out}");
    assert!(out.contains("   Shared: "), "{out}");
    assert!(!out.contains("3. "), "{out}");
    assert!(!out.contains('\x1b'), "{out}");

    let stderr = env.fails(&["similar", "seeds/nope.txt"], 2);
    assert!(stderr.contains("no document with this id"), "{stderr}");
    env.fails(&["similar", S000, "--limit", "0"], 2);
    env.fails(&["similar"], 2);
    env.fails(&["similar", S000, "--text", "x"], 2);
    env.fails(&["similar", S000, "--field", "rubrik"], 2);
}

#[test]
fn compare_lists_the_kommuner_and_shared_terms_of_seeds_000_and_002() {
    let env = Env::indexed();
    let result = compare(&env, &[S000, S002]);
    assert_eq!(result.a.path, S000);
    assert_eq!(result.b.title, "Mångfalden som tillväxtfaktor för Umeåregionen");
    assert_eq!(result.kommuner_common, OVRE_NORRLAND);
    assert!(result.kommuner_only_a.is_empty() && result.kommuner_only_b.is_empty());

    let sections: Vec<&str> = result.sections.iter().map(|s| s.section.as_str()).collect();
    assert_eq!(
        sections,
        ["all", "summary", "background", "purpose", "goal", "accessibility", "transnational"]
    );
    for section in &result.sections {
        assert!((0.0..=1.0).contains(&section.score), "{section:?}");
        assert!(section.only_a.len() <= 10 && section.only_b.len() <= 10);
    }
    let background = &result.sections[2];
    assert_eq!(background.heading, "Bakgrund");
    // Both describe the problem of "utrikes födda" and people moving away from the region.
    for term in ["födda", "flytta"] {
        assert!(background.shared_terms.contains(&term.to_string()), "{background:?}");
    }
    assert!(!result.sections[3].shared_terms.is_empty(), "Syfte shares no terms");
    assert!(background.only_b.contains(&"umeåregionen".to_string()), "{background:?}");

    let facts = &result.facts;
    assert_eq!(facts.phase.a.as_deref(), Some("Förprojektering"));
    assert!(facts.phase.same && facts.region.same && facts.program.same);
    assert_eq!((facts.esf_grant_sek.a, facts.esf_grant_sek.b), (Some(634672), Some(150000)));
    assert_eq!((facts.total_budget_sek.a, facts.total_budget_sek.b), (Some(863026), Some(200000)));
    assert_eq!(facts.owner.b.as_deref(), Some("VIVA kompetenscentrum"));
    assert!(!facts.owner.same);
    assert_eq!(facts.period.a.as_deref(), Some("2009-01-01 – 2009-06-30"));
    assert_eq!(facts.periods_overlap, Some(false));
    assert_eq!((facts.kommuner.a, facts.kommuner.b), (Some(29), Some(29)));
}

#[test]
fn compare_score_of_the_whole_description_is_the_similar_score() {
    let env = Env::indexed();
    let compared = compare(&env, &[S000, S001]);
    // The transcript's Bakgrund and Mål och syfte are compared beside the whole problem
    // description, which comes first.
    let sections: Vec<&str> = compared.sections.iter().map(|s| s.section.as_str()).collect();
    assert_eq!(sections, ["all", "background", "purpose"]);
    let found = similar(&env, &[S000]);
    let hit = found.hits.iter().find(|hit| hit.path == S001).unwrap();
    let score = hit.score.expect("similar hits are ranked");
    assert!((compared.sections[0].score - score).abs() < 1e-6);
    assert_eq!(compared.kommuner_common, Vec::<String>::new());
    assert_eq!(compared.facts.periods_overlap, None);
}

#[test]
fn compare_section_restricts_and_errors_name_the_missing_section() {
    let env = Env::indexed();
    let result = compare(&env, &[S003, S004, "--section", "syfte", "--terms", "3"]);
    assert_eq!(result.sections.len(), 1);
    assert_eq!(result.sections[0].section, "purpose");
    assert!(result.sections[0].only_a.len() == 3 && result.sections[0].only_b.len() == 3);
    let stderr = env.fails(&["compare", S000, S001, "--section", "sammanfattning"], 2);
    assert!(stderr.contains(S001) && stderr.contains("no Sammanfattning section"), "{stderr}");
    let stderr = env.fails(&["compare", S000, "seeds/nope.txt"], 2);
    assert!(stderr.contains("no document with this id"), "{stderr}");
    env.fails(&["compare", S000], 2);
}

#[test]
fn compare_human_output_fits_100_columns() {
    let env = Env::indexed();
    let out = env.ok(&["compare", S000, S002]);
    assert!(out.contains("In common (29)"), "{out}");
    assert!(out.contains("Övertorneå"), "{out}");
    assert!(out.contains("Bakgrund  similarity 0,"), "{out}");
    assert!(out.contains("Beviljat ESF-stöd     634 672 kr"), "{out}");
    assert!(!out.contains('\x1b'));
    for pair in [[S000, S002], [S003, S004], [S001, S004], [S004, S003]] {
        let out = env.ok(&["compare", pair[0], pair[1]]);
        assert!(longest_line(&out) <= 100, "{pair:?}: {}\n{out}", longest_line(&out));
    }
}

#[test]
fn facets_count_every_value_sorted_by_count_then_name() {
    let env = Env::indexed();
    let all = facets(&env, &[]);
    assert_eq!(
        all.keys().collect::<Vec<_>>(),
        ["region", "phase", "kommun", "program", "owner", "lang", "kind"]
    );
    assert_eq!(
        counts(&all, "region"),
        pairs(&[("Övre Norrland", 3), ("Mellersta Norrland", 1), ("Stockholm", 1)])
    );
    assert_eq!(counts(&all, "phase"), pairs(&[("Förprojektering", 3), ("Genomförande", 2)]));
    assert_eq!(
        counts(&all, "program"),
        pairs(&[
            ("Programområde 2 Ökat arbetskraftsutbud", 3),
            ("Programområde 1 Kompetensförsörjning", 1)
        ])
    );
    assert_eq!(
        counts(&all, "owner"),
        pairs(&[
            ("Kommunalförbundet Partnerskap Inland- Akademi i Norr", 1),
            ("Kommunledningskontoret", 1),
            ("VIVA kompetenscentrum", 1)
        ])
    );
    assert_eq!(counts(&all, "lang"), pairs(&[("sv", 5)]));
    let kommun = counts(&all, "kommun");
    assert_eq!(kommun.len(), 33);
    assert_eq!(
        kommun[..4],
        pairs(&[("Jokkmokk", 3), ("Skellefteå", 3), ("Älvsbyn", 3), ("Arjeplog", 2)])
    );
    assert_eq!(
        kommun[29..],
        pairs(&[("Kramfors", 1), ("Sollefteå", 1), ("Stockholm", 1), ("Strömsund", 1)])
    );

    let one = facets(&env, &["--field", "phase", "--kommun", "Jokkmokk"]);
    assert_eq!(one.keys().collect::<Vec<_>>(), ["phase"]);
    assert_eq!(counts(&one, "phase"), pairs(&[("Förprojektering", 2), ("Genomförande", 1)]));
    let queried = facets(&env, &["titel:intro OR titel:kin", "--field", "region"]);
    assert_eq!(
        counts(&queried, "region"),
        pairs(&[("Mellersta Norrland", 1), ("Övre Norrland", 1)])
    );
}

#[test]
fn facets_group_kommuner_by_region() {
    let env = Env::indexed();
    let out = env.ok(&["facets", "--by-region", "--json"]);
    let grouped: ByRegion = wire::decode(&out);
    assert_eq!(
        grouped.keys().collect::<Vec<_>>(),
        ["Övre Norrland", "Mellersta Norrland", "Stockholm"]
    );
    let ovre = &grouped["Övre Norrland"];
    assert_eq!(ovre.count, 3);
    assert_eq!(ovre.kommun.len(), 29);
    assert_eq!(ovre.kommun["Jokkmokk"], 3);
    assert_eq!(ovre.kommun["Umeå"], 2);
    let mellersta = &grouped["Mellersta Norrland"];
    assert_eq!(mellersta.count, 1);
    let expected: IndexMap<String, u64> = [("Kramfors", 1), ("Sollefteå", 1), ("Strömsund", 1)]
        .map(|(k, n)| (k.to_string(), n))
        .into();
    assert_eq!(mellersta.kommun, expected);
    assert_eq!(grouped["Stockholm"].count, 1);

    let human = env.ok(&["facets", "--by-region"]);
    assert!(human.starts_with("Övre Norrland (3 documents)\n  Jokkmokk "), "{human}");
    assert!(human.contains("\nMellersta Norrland (1 document)\n"), "{human}");
    env.fails(&["facets", "--by-region", "--field", "phase"], 2);
}

#[test]
fn facets_grant_histogram_counts_each_bracket() {
    let env = Env::indexed();
    let histogram = facets(&env, &["--field", "grant"]);
    assert_eq!(
        counts(&histogram, "grant"),
        pairs(&[
            ("0-250000", 1),
            ("250000-500000", 0),
            ("500000-1000000", 1),
            ("1000000-2000000", 0),
            ("2000000-5000000", 1),
            ("5000000-10000000", 1),
            ("10000000-", 0),
            ("none", 1),
        ])
    );
    // The user's own range narrows the brackets.
    let narrowed =
        facets(&env, &["--field", "grant", "--min-grant", "600000", "--max-grant", "5000000"]);
    let narrowed: u64 = counts(&narrowed, "grant").iter().map(|(_, n)| n).sum();
    assert_eq!(narrowed, 2);

    let human = env.ok(&["facets", "--field", "grant"]);
    assert!(human.starts_with("ESF-stöd (5 matching documents)\n"), "{human}");
    assert!(human.contains("  under 250 000 kr      1  █"), "{human}");
    assert!(human.contains("  250 000 – 500 000 kr  0\n"), "{human}");
    assert!(human.contains("  not stated            1  █"), "{human}");
}

#[test]
fn facets_human_output_lists_fields_with_aligned_counts() {
    let env = Env::indexed();
    let out = env.ok(&["facets"]);
    assert!(out.starts_with("5 matching documents\n\nregion (3 values)\n"), "{out}");
    assert!(out.contains("  Övre Norrland       3\n  Mellersta Norrland  1\n"), "{out}");
    assert!(out.contains("lang (1 value)\n  sv  5\n"), "{out}");
    let coloured = env.ok(&["--color", "always", "facets"]);
    assert!(coloured.contains("\x1b[1mregion (3 values)\x1b[0m"), "{coloured}");
    assert!(!out.contains('\x1b'));
}

#[test]
fn sort_orders_hits_by_grant_budget_and_start() {
    let env = Env::indexed();
    assert_eq!(paths(&env.search(&["--sort", "grant"])), [S003, S004, S000, S002, S001]);
    assert_eq!(paths(&env.search(&["--sort", "budget"])), [S003, S004, S000, S002, S001]);
    assert_eq!(paths(&env.search(&["--sort", "start"])), [S002, S000, S003, S004, S001]);
    assert_eq!(paths(&env.search(&["--sort", "score", "socialt företagande"]))[0], S003);
    env.fails(&["search", "--sort", "size"], 2);
}

#[test]
fn equal_sort_values_are_in_path_order_on_every_page() {
    let env = Env::with_seeds();
    let page = fs::read_to_string(env.join(S003)).unwrap();
    // Written out of path order, so the indexing order is not the answer.
    for (name, word) in [("tie-c", "keramik"), ("tie-a", "akvarell"), ("tie-b", "broderi")] {
        fs::write(env.join(&format!("seeds/{name}.txt")), format!("{page}\n{word}\n")).unwrap();
    }
    env.ok(&["index", "seeds"]);
    let (a, b, c) = ("seeds/tie-a.txt", "seeds/tie-b.txt", "seeds/tie-c.txt");
    assert_eq!(paths(&env.search(&["--sort", "grant", "--limit", "5"])), [S003, a, b, c, S004]);
    assert_eq!(paths(&env.search(&["--sort", "budget", "--limit", "2", "--offset", "2"])), [b, c]);
}

#[test]
fn numeric_filters_select_by_grant_budget_and_period() {
    let env = Env::indexed();
    assert_eq!(sorted_paths(&env.search(&["--active-in", "2009"])), [S000, S003]);
    assert_eq!(sorted_paths(&env.search(&["--active-in", "2012"])), [S004]);
    assert_eq!(sorted_paths(&env.search(&["--min-grant", "1000000"])), [S003, S004]);
    assert_eq!(sorted_paths(&env.search(&["--max-grant", "700000"])), [S000, S002]);
    assert_eq!(sorted_paths(&env.search(&["--min-budget", "5000000"])), [S003]);
    assert_eq!(
        sorted_paths(&env.search(&["--min-budget", "300000", "--max-budget", "5000000"])),
        [S000, S004]
    );
    let stderr = env.fails(&["search", "--min-grant", "5", "--max-grant", "1"], 2);
    assert!(stderr.contains("--min-grant"), "{stderr}");
    env.fails(&["search", "--active-in", "2009", "--from-year", "2008"], 2);
    env.fails(&["search", "--min-budget", "lots"], 2);

    // Amounts as Swedish text writes them, on the flags and in a query's range (before, all
    // but the first were refused as no whole number).
    for grant in ["1000000", "1 000 000", "1\u{a0}000\u{a0}000 kr", "1.000.000", "1 Mkr", "1,0 Mkr"]
    {
        assert_eq!(sorted_paths(&env.search(&["--min-grant", grant])), [S003, S004], "{grant}");
    }
    assert_eq!(sorted_paths(&env.search(&["--min-grant", "1000 tkr"])), [S003, S004]);
    assert_eq!(sorted_paths(&env.search(&["--max-grant", "0,7 Mkr"])), [S000, S002]);
    assert_eq!(
        sorted_paths(&env.search(&["--min-budget", "300 tkr", "--max-budget", "5 Mkr"])),
        [S000, S004]
    );
    assert_eq!(sorted_paths(&env.search(&["stod:>=1Mkr"])), [S003, S004]);
    assert_eq!(sorted_paths(&env.search(&["stod:[0,6Mkr TO 0,7Mkr]"])), [S000]);
    assert_eq!(sorted_paths(&env.search(&["budget:<=5Mkr budget:>=300tkr"])), [S000, S004]);
    // With spaces, as amounts are written: one bound, not the bound 1 and the words "500" and
    // "000" (which found seed 002, granted 150 000 kr, in a search relaxed to some words).
    for query in ["stod:>=1 500 000", "stod:>=1 Mkr", "stod:>=1,5 Mkr", "stod:[1 500 000 TO *]"] {
        assert_eq!(sorted_paths(&env.search(&[query])), [S003, S004], "{query}");
    }
    assert_eq!(sorted_paths(&env.search(&["stod:>=500 tkr"])), [S000, S003, S004]);
    assert_eq!(sorted_paths(&env.search(&["stod:[0,6 Mkr TO 0,7 Mkr]"])), [S000]);
    let example = "as in 1500000, \"1 500 000\", \"1,5 Mkr\" or \"500 tkr\"";
    for (amount, said) in [
        ("1,5 kr", "is not a whole number of kronor".to_string()),
        ("1.5 Mkr", format!("write the decimals after a comma, {example}")),
        ("1 5", format!("must be an amount in kronor, {example}")),
    ] {
        let stderr = env.fails(&["search", "--min-grant", amount], 2);
        assert_eq!(stderr, format!("projsok: --min-grant {amount}: {said}\n"));
    }
}

fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows = reader
        .records()
        .map(|record| record.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

#[test]
fn export_csv_reads_back_with_every_field_and_aao_intact() {
    let env = Env::indexed();
    let output = env.run(&["export", "--format", "csv"]);
    assert!(output.status.success());
    let bytes = output.stdout;
    assert!(bytes.starts_with(b"\xEF\xBB\xBFpath,format,title,"), "{:?}", &bytes[..20]);
    assert!(bytes.windows(2).any(|pair| pair == b"\r\n"));
    let (header, rows) = read_csv(&bytes);
    assert_eq!(header, csv_columns(true));
    assert_eq!(rows.len(), 5);
    // Every row is the full width, and the order is stable: by path on an empty query.
    let order: Vec<&str> = rows.iter().map(|row| row[0].as_str()).collect();
    assert_eq!(order, [S000, S001, S002, S003, S004]);
    assert!(rows.iter().all(|row| row.len() == header.len()));
    let column = |name: &str| header.iter().position(|column| column == name).unwrap();
    let first = &rows[0];
    assert_eq!(first[column("title")], "N till N - från nyanländ till nyanställd");
    assert_eq!(first[column("esf_grant_sek")], "634672");
    assert_eq!(first[column("region")], "Övre Norrland");
    assert_eq!(first[column("kommuner")].split("; ").collect::<Vec<_>>(), OVRE_NORRLAND);
    assert!(first[column("background")].starts_with("Det är många gånger svårt för målgruppen"));
    assert!(first[column("background")].contains('\n'));
    assert_eq!(rows[1][column("esf_grant_sek")], "");
    assert_eq!(rows[1][column("inferred")], "phase; kommuner; region");
    assert_eq!(rows[2][column("owner")], "VIVA kompetenscentrum");
}

#[test]
fn csv_cells_a_spreadsheet_would_run_as_formulas_are_text() {
    let env = Env::with_seeds();
    std::fs::create_dir(env.join("pages")).unwrap();
    let titles =
        ["=HYPERLINK(\"http://example.org/?x=\"&A1,\"Klicka\")", "+SUM(1+1)", "@A1", "Tredje"];
    for (n, title) in titles.iter().enumerate() {
        let text = format!("# {title}\n\nVi arbetar med arbetsmarknad och kompetens.\n");
        std::fs::write(env.join(&format!("pages/{n}.md")), text).unwrap();
    }
    env.ok(&["index", "pages"]);
    let (header, rows) = read_csv(&env.run(&["export", "--format", "csv"]).stdout);
    let title = header.iter().position(|column| column == "title").unwrap();
    let exported: Vec<&str> = rows.iter().map(|row| row[title].as_str()).collect();
    assert_eq!(
        exported,
        ["'=HYPERLINK(\"http://example.org/?x=\"&A1,\"Klicka\")", "'+SUM(1+1)", "'@A1", "Tredje"]
    );
    let ids = ["pages/0.md", "pages/1.md", "pages/2.md", "pages/3.md"];
    let matrix = env.ok(&[&["compare", "--csv"][..], &ids].concat());
    let (_, rows) = read_csv(matrix.as_bytes());
    let titles: Vec<&str> = rows.iter().map(|row| row[1].as_str()).collect();
    assert_eq!(titles, exported);
}

#[test]
fn export_options_file_sort_filters_and_no_bom() {
    let env = Env::indexed();
    let out = env.ok(&["export", "-o", "out.csv", "--no-bom", "--no-sections", "--sort", "grant"]);
    assert_eq!(out, "");
    let bytes = std::fs::read(env.join("out.csv")).unwrap();
    assert!(bytes.starts_with(b"path,"));
    let (header, rows) = read_csv(&bytes);
    assert_eq!(header.len(), 20);
    let order: Vec<&str> = rows.iter().map(|row| row[0].as_str()).collect();
    assert_eq!(order, [S003, S004, S000, S002, S001]);
    assert!(!env.join("out.csv.partial").exists());

    let filtered = env.run(&["export", "--phase", "Genomförande", "--min-grant", "5000000"]);
    let (_, rows) = read_csv(&filtered.stdout);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], S003);
    env.fails(&["export", "--format", "xml"], 2);
    env.fails(&["export", "-o", "no/such/folder/out.csv"], 2);
}

#[test]
fn export_ndjson_has_one_full_record_per_line() {
    let env = Env::indexed();
    let out = env.ok(&["export", "--format", "ndjson"]);
    let records: Vec<Record> = out.lines().map(wire::decode).collect();
    assert_eq!(records.len(), 5);
    assert_eq!(records[0], env.show(S000));
    assert!(records.iter().all(|record| !record.sections.is_empty()));
    let stockholm = env.ok(&["export", "--format", "ndjson", "--region", "Stockholm"]);
    assert_eq!(stockholm.lines().count(), 1);
    let none = env.ok(&["export", "--format", "ndjson", "--active-in", "1990"]);
    assert_eq!(none, "");
    // --no-sections: the same records with no sections.
    let bare = env.ok(&["export", "--format", "ndjson", "--no-sections"]);
    let bare: Vec<Record> = bare.lines().map(wire::decode).collect();
    let expected: Vec<Record> =
        records.into_iter().map(|record| Record { sections: Vec::new(), ..record }).collect();
    assert_eq!(bare, expected);
}

#[test]
fn completions_and_man_page() {
    let env = Env::with_seeds();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = env.ok(&["completions", shell]);
        assert!(script.contains("search") && script.contains("similar"), "{shell}");
    }
    env.fails(&["completions", "cmd"], 2);
    let man = env.ok(&["man"]);
    assert!(man.contains(".TH projsok 1"), "{man}");
    assert!(man.contains("similar"));
}

/// The README's first command in a fresh checkout: `index/` holds only the repository's
/// `.gitignore`, and `projsok search` builds the index there from `seeds/` and answers.
#[test]
fn a_fresh_checkout_builds_its_index_beside_the_gitignore_and_searches() {
    let env = Env::with_seeds();
    let gitignore = concat!(env!("CARGO_MANIFEST_DIR"), "/index/.gitignore");
    fs::create_dir(env.join("index")).unwrap();
    fs::copy(gitignore, env.join("index/.gitignore")).unwrap();
    let output = env.run(&["search", "socialt företagande", "--limit", "1"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(stderr.lines().next(), Some("projsok: no index yet; building index from seeds/"));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout.lines().nth(1),
        Some("   seeds/003_2b3fa1d7a6e76dce.txt · Övre Norrland · Genomförande · 2009-01-07 – 2010-12-31")
    );
    assert_eq!(
        fs::read_to_string(env.join("index/.gitignore")).unwrap(),
        fs::read_to_string(gitignore).unwrap()
    );
    assert_eq!(env.search(&["socialt företagande"]).total, 2);
}

/// An id typed without its extension, or through `..`, names the document as the whole id does.
#[test]
fn ids_resolve_without_their_extension_and_through_dot_dot() {
    let env = Env::indexed();
    for typed in [
        "003_2b3fa1d7a6e76dce",
        "seeds/003_2b3fa1d7a6e76dce",
        "seeds/x/../003_2b3fa1d7a6e76dce.txt",
    ] {
        assert_eq!(env.show(typed).path, S003, "{typed}");
    }
    assert_eq!(
        env.fails(&["show", "003_2b3fa1d7a6e76dce.md"], 2),
        "projsok: 003_2b3fa1d7a6e76dce.md: no document with this id in the index; closest: \
         seeds/003_2b3fa1d7a6e76dce.txt\n"
    );
}

/// An empty filter value names its flag, and a number too large for any count says only that.
#[test]
fn empty_filter_values_and_huge_numbers_name_their_flag() {
    let env = Env::indexed();
    assert_eq!(
        env.fails(&["search", "--kommun", ""], 2),
        "projsok: --kommun: invalid value \"\"\n"
    );
    assert_eq!(
        env.fails(&["search", "x", "--region", "Stockholm", "--phase", " "], 2),
        "projsok: --phase: invalid value \" \"\n"
    );
    assert_eq!(
        env.fails(&["search", "x", "--offset", "99999999999999999999"], 2),
        "projsok: --offset 99999999999999999999: is too large\n"
    );
}

/// Facet values and field names typed with decomposed letters (as PDF text and macOS write
/// them) filter as the composed ones do, and values that differ only in case are one value.
#[test]
fn decomposed_and_differently_cased_facet_values_filter_alike() {
    let env = Env::with_seeds();
    let page = fs::read_to_string(env.join(&format!("seeds/{}", &S003["seeds/".len()..]))).unwrap();
    for (name, owner) in [("a.txt", "SKELLEFTEÅ KOMMUN"), ("b.txt", "Skellefteå kommun")] {
        let text =
            page.replace("ProjektägareKommunledningskontoret", &format!("Projektägare{owner}"));
        fs::write(env.join(&format!("seeds/{name}")), text).unwrap();
    }
    env.ok(&["index", "seeds"]);
    let total = |args: &[&str]| env.search(args).total;
    assert_eq!(total(&["--region", "Övre Norrland"]), 5);
    assert_eq!(total(&["--region", "O\u{308}vre Norrland"]), 5);
    assert_eq!(total(&["--kommun", "A\u{308}lvsbyn"]), 5);
    assert_eq!(total(&["kommun:A\u{308}lvsbyn"]), 5);
    assert_eq!(total(&["a\u{308}gare:kommunledningskontoret"]), 1);
    assert_eq!(total(&["--owner", "Skellefteå kommun"]), 2);
    assert_eq!(total(&["--owner", "skelleftea kommun"]), 2);
    assert_eq!(total(&["--owner", "SKELLEFTEA\u{30a} KOMMUN"]), 2);
}

/// A whole file name wins over names that match it only without an extension, and a name
/// typed composed finds the file whose name the file system holds decomposed.
#[test]
fn whole_file_names_win_and_decomposed_file_names_resolve() {
    let env = Env::with_seeds();
    fs::create_dir(env.join("d")).unwrap();
    for name in ["rapport", "rapport.txt", "rapport.txt.md", "ma\u{30a}lsa\u{308}ttning.txt"] {
        fs::write(env.join(&format!("d/{name}")), format!("# {name}\n\nEn rapport om arbete.\n"))
            .unwrap();
    }
    env.ok(&["index", "d"]);
    assert_eq!(env.show("rapport.txt").path, "d/rapport.txt");
    assert_eq!(env.show("rapport.txt.md").path, "d/rapport.txt.md");
    assert_eq!(env.show("målsättning.txt").path, "d/ma\u{30a}lsa\u{308}ttning.txt");
    assert_eq!(env.show("d/målsättning").path, "d/ma\u{30a}lsa\u{308}ttning.txt");
    assert_eq!(env.show("rapport").path, "d/rapport");
}

/// Three first commands of a fresh checkout started together: one builds the index, the
/// others wait for it, and all three answer the same.
#[test]
fn first_commands_started_together_wait_for_the_one_that_builds() {
    let env = Env::with_seeds();
    fs::create_dir(env.join("index")).unwrap();
    fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/index/.gitignore"),
        env.join("index/.gitignore"),
    )
    .unwrap();
    let started: Vec<_> = (0..3)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_projsok"))
                .args(["search", "socialt företagande", "--limit", "1"])
                .current_dir(env.path())
                .env("NO_COLOR", "1")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<Output> =
        started.into_iter().map(|child| child.wait_with_output().unwrap()).collect();
    for output in &outputs {
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(output.stdout, outputs[0].stdout);
    }
    assert_eq!(
        String::from_utf8_lossy(&outputs[0].stdout).lines().next(),
        Some("1. INTRO  score 22,40")
    );
}
