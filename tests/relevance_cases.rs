//! End-to-end cases of Swedish relevance: compounds, acronyms, diacritics. The seeds are indexed
//! together with pages of our own in the same formats (tests/data/pages).

use crate::common::*;

const PAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pages");
const JOBBSTEGET: &str = "pages/jobbsteget.txt";
const EGET_FORETAG: &str = "pages/eget-foretag.md";

fn indexed_with_pages(extra: &[&str]) -> Env {
    let env = Env::with_seeds();
    let pages = env.join("pages");
    std::fs::create_dir(&pages).unwrap();
    for entry in std::fs::read_dir(PAGES).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), pages.join(entry.file_name())).unwrap();
    }
    let mut args = vec!["index", "seeds", "pages"];
    args.extend_from_slice(extra);
    env.ok(&args);
    env
}

#[test]
fn matchning_finds_a_page_that_only_has_compounds_and_marks_them() {
    let env = indexed_with_pages(&[]);
    let result = env.search(&["matchning"]);
    let hit = result.hits.iter().find(|hit| hit.path == JOBBSTEGET).expect("compound page found");
    let snippet = hit.snippet.as_deref().unwrap();
    assert!(
        snippet.contains("«matchningsinsatser»") || snippet.contains("«matchningsarbetet»"),
        "{snippet}"
    );
    // Whole-word matches rank above the compound-only page.
    let rank = paths(&result).iter().position(|path| *path == JOBBSTEGET).unwrap();
    assert_eq!(rank, result.hits.len() - 1, "{:?}", paths(&result));
    assert_eq!(sorted_paths(&result), [JOBBSTEGET, S001, S003]);
}

#[test]
fn without_compounds_the_part_is_not_found() {
    let env = indexed_with_pages(&["--no-compounds"]);
    assert!(!paths(&env.search(&["matchning"])).contains(&JOBBSTEGET));
}

#[test]
fn foretagande_finds_socialt_foretagande_and_egenforetagande() {
    let env = indexed_with_pages(&[]);
    let result = env.search(&["företagande"]);
    assert!(paths(&result).contains(&S003), "{:?}", paths(&result));
    let hit = result.hits.iter().find(|hit| hit.path == EGET_FORETAG).expect("egenföretagande");
    assert!(hit.snippet.as_deref().unwrap().contains("«egenföretagande»"));
}

#[test]
fn svenska_for_invandrare_finds_seed_000_through_sfi() {
    let env = indexed_with_pages(&[]);
    let result = env.search(&["svenska för invandrare"]);
    assert!(paths(&result).contains(&S000), "{:?}", paths(&result));
    // Seed 000 says "SFI-undervisningen" and "SFI:n"; the acronym alone finds it too.
    assert!(paths(&env.search(&["sfi"])).contains(&S000));
}

#[test]
fn acronym_af_finds_arbetsformedlingen() {
    let env = indexed_with_pages(&[]);
    let literal = env.search(&["arbetsförmedlingen"]);
    let acronym = env.search(&["Af"]);
    for path in paths(&literal) {
        assert!(paths(&acronym).contains(&path), "{path} missing for Af");
    }
}

#[test]
fn diacritic_less_queries_work() {
    let env = indexed_with_pages(&[]);
    assert!(paths(&env.search(&["foretagande"])).contains(&S003));
    assert!(paths(&env.search(&["malsattning"])).contains(&S000));
    assert_eq!(sorted_paths(&env.search(&["gavle"])), [JOBBSTEGET]);
}

#[test]
fn a_query_with_diacritics_finds_text_written_without_them_below_exact_spelling() {
    let env = Env::with_seeds();
    std::fs::create_dir(env.join("ascii")).unwrap();
    let page = "# Stod till socialt foretagande i glesbygd\n\nProjektet ska stodja socialt \
                foretagande och kooperativ i inlandet.\n";
    std::fs::write(env.join("ascii/utan-prickar.md"), page).unwrap();
    env.ok(&["index", "seeds", "ascii"]);
    let result = env.search(&["socialt företagande"]);
    let found = paths(&result);
    let ascii = found.iter().position(|path| *path == "ascii/utan-prickar.md");
    let exact = found.iter().position(|path| *path == S003);
    assert!(ascii.is_some() && exact.is_some(), "{found:?}");
    assert!(exact < ascii, "exact spelling first: {found:?}");
    // And the other way round: the ASCII query finds both spellings.
    let result = env.search(&["foretagande"]);
    let found = sorted_paths(&result);
    assert!(found.contains(&"ascii/utan-prickar.md") && found.contains(&S003), "{found:?}");
}

#[test]
fn user_synonym_file_extends_the_table() {
    let env = indexed_with_pages(&[]);
    assert!(!paths(&env.search(&["zorbex"])).contains(&JOBBSTEGET));
    std::fs::write(env.join("mine.txt"), "zorbex = jobbcoacher\n").unwrap();
    let result = env.search(&["zorbex", "--synonyms", "mine.txt"]);
    assert_eq!(paths(&result), [JOBBSTEGET]);
    std::fs::write(env.join("bad.txt"), "just one form\n").unwrap();
    let stderr = env.fails(&["search", "x", "--synonyms", "bad.txt"], 2);
    assert!(stderr.contains("bad.txt line 1"), "{stderr}");
}

#[test]
fn a_count_and_an_order_by_value_match_what_a_ranked_search_matches() {
    // Unranked searches look the words up in the catch-all only (fewer clauses); they must
    // match the same documents: words only in a title or a section, compound parts, other
    // spellings, synonyms, phrases, exclusions.
    let env = indexed_with_pages(&[]);
    let queries = [
        "tillväxtfaktor",
        "jobbsteget",
        "matchning",
        "foretagande",
        "sfi",
        "socialt företagande",
        "\"svenska för invandrare\"",
        "nyanlända -malmö",
        "titel:mångfalden",
    ];
    for query in queries {
        let ranked = env.search(&[query, "--limit", "100"]);
        assert!(ranked.total > 0, "{query}");
        let counted = env.search(&[query, "--limit", "0"]);
        let by_grant = env.search(&[query, "--limit", "100", "--sort", "grant"]);
        assert_eq!(counted.total, ranked.total, "{query}");
        assert_eq!(counted.facets, ranked.facets, "{query}");
        assert_eq!(sorted_paths(&by_grant), sorted_paths(&ranked), "{query}");
    }
}

#[test]
fn a_word_scores_the_best_of_its_forms_not_their_sum() {
    // Summed, the literal "ESF" and three of its forms (Europeiska socialfonden, socialfonden,
    // ESF-rådet) in one short title scored 26.46 against 9.73 for the page about ESF.
    let env = indexed_with_pages(&[]);
    let result = env.search(&["ESF", "--limit", "2"]);
    assert_eq!(paths(&result), ["pages/esf-programmet.md", "pages/esf-namnen.md"]);
}
