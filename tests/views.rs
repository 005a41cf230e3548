//! The research views (trends, terms, kwic) end to end: exact counts on the seeds and on the
//! pages of tests/data/views (four ESF pages in two regions, a press release filed under
//! 2019/05 and an undated text).

use std::path::Path;

use serde_json::{json, Value};

use crate::common::{copy_tree, Env};

const VIEWS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/views");

/// The view pages indexed into `index/`, as `views/…`.
fn views() -> Env {
    let env = Env { dir: tempfile::tempdir().unwrap() };
    copy_tree(Path::new(VIEWS), &env.join("views"));
    env.ok(&["index", "views"]);
    env
}

fn json(env: &Env, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    serde_json::from_str(&env.ok(&all)).expect("JSON")
}

fn buckets(trend: &Value) -> Vec<(String, u64, u64)> {
    trend["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["label"].as_str().unwrap().to_string(),
                b["count"].as_u64().unwrap(),
                b["inferred"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn total(env: &Env, query: &str) -> u64 {
    env.ok(&["search", "-c", query]).trim().parse().unwrap()
}

fn sum(trend: &Value) -> u64 {
    buckets(trend).iter().map(|(_, count, _)| count).sum::<u64>()
        + trend["without"]["count"].as_u64().unwrap()
}

#[test]
fn start_years_add_up_to_the_search_total_on_the_seeds() {
    let env = Env::indexed();
    let trend = json(&env, &["trends", "--count", "start"]);
    let expected = [("2008", 1, 0), ("2009", 2, 0), ("2010", 0, 0), ("2011", 1, 0)];
    let expected: Vec<(String, u64, u64)> =
        expected.iter().map(|(y, c, i)| (y.to_string(), *c, *i)).collect();
    assert_eq!(buckets(&trend), expected);
    assert_eq!(trend["without"], json!({"label": "utan år", "count": 1, "inferred": 0}));
    assert_eq!((trend["total"].as_u64().unwrap(), sum(&trend)), (5, total(&env, "")));
    let trend = json(&env, &["trends", "--count", "start", "arbetsmarknad"]);
    assert_eq!(sum(&trend), total(&env, "arbetsmarknad"));
    assert_eq!(trend["total"].as_u64(), Some(total(&env, "arbetsmarknad")));
}

#[test]
fn trends_count_active_years_and_infer_a_year_from_the_folder() {
    let env = views();
    let active = json(&env, &["trends", "vävning"]);
    let expected = [("2015", 2, 0), ("2016", 3, 0), ("2017", 2, 0), ("2018", 1, 0), ("2019", 1, 1)];
    let expected: Vec<(String, u64, u64)> =
        expected.iter().map(|(y, c, i)| (y.to_string(), *c, *i)).collect();
    assert_eq!(buckets(&active), expected);
    assert_eq!(active["count"], "active");
    let start = json(&env, &["trends", "vävning", "--count", "start"]);
    assert_eq!(sum(&start), 5);
    assert_eq!(sum(&start), total(&env, "vävning"));
    assert_eq!(
        env.ok(&["trends", "vävning", "--count", "start", "--csv"]),
        "bucket,count,inferred\r\n2015,2,0\r\n2016,1,0\r\n2017,0,0\r\n2018,0,0\r\n2019,1,1\r\n\
         utan år,1,0\r\n"
    );
    assert_eq!(
        env.ok(&["trends", "vävning", "--count", "start"]),
        "5 matching documents, per start year of the project period\n\
         \x20 2015     2  ████████████████████████████████████████\n\
         \x20 2016     1  ████████████████████\n\
         \x20 2017     0\n\
         \x20 2018     0\n\
         \x20 2019     1  ████████████████████  (1 inferred)\n\
         \x20 utan år  1\n\
         inferred: no project period; the year of the document's YYYY folder\n"
    );
}

#[test]
fn each_seed_year_bar_is_the_search_with_that_year() {
    let env = Env::indexed();
    let active = json(&env, &["trends"]);
    let expected = [("2008", 1), ("2009", 2), ("2010", 1), ("2011", 1), ("2012", 1)];
    let bars: Vec<(String, u64)> =
        buckets(&active).into_iter().map(|(label, count, _)| (label, count)).collect();
    let expected_bars: Vec<(String, u64)> =
        expected.iter().map(|(year, count)| (year.to_string(), *count)).collect();
    assert_eq!(bars, expected_bars);
    for (year, count) in expected {
        let searched = env.ok(&["search", "-c", "--active-in", year]);
        assert_eq!(searched.trim().parse::<u64>().unwrap(), count, "{year}");
    }
}

#[test]
fn a_trend_bar_drills_into_as_many_documents_as_it_counts() {
    // The 2019 bar is the press release filed under 2019/05, a year inferred: the year filters
    // read the years trends counts, so that a click on a bar lists its documents.
    let env = views();
    let active = json(&env, &["trends", "vävning"]);
    for (year, count) in [("2015", 2), ("2016", 3), ("2017", 2), ("2018", 1), ("2019", 1)] {
        let bar = buckets(&active).into_iter().find(|(label, ..)| label == year).unwrap();
        assert_eq!(bar.1, count, "{year}");
        let searched = env.ok(&["search", "-c", "vävning", "--active-in", year]);
        assert_eq!(searched.trim().parse::<u64>().unwrap(), count, "{year}");
    }
    let from = env.ok(&["search", "-c", "vävning", "--from-year", "2019"]);
    assert_eq!(from.trim(), "1");
    let to = env.ok(&["search", "-c", "vävning", "--to-year", "2015"]);
    assert_eq!(to.trim(), "2");
    // The undated text is in no year.
    let found = json(&env, &["search", "vävning", "--from-year", "1900"]);
    let paths: Vec<&str> =
        found["hits"].as_array().unwrap().iter().map(|hit| hit["path"].as_str().unwrap()).collect();
    assert!(!paths.contains(&"views/odaterat/vavning.md"), "{paths:?}");
    assert_eq!(paths.len(), 4);
    let terms = json(&env, &["terms", "vävning", "--against", "from-year:2019"]);
    assert_eq!((terms["set_docs"].as_u64(), terms["background_docs"].as_u64()), (Some(5), Some(1)));
}

#[test]
fn an_excluded_word_marks_none_of_its_forms() {
    // "ungdomar" is also searched as its open form "ung dom", which the index holds (c.md), so
    // its stems were marked even with the word excluded: «unga» in a.md.
    let env = Env { dir: tempfile::tempdir().unwrap() };
    std::fs::create_dir_all(env.join("texter")).unwrap();
    std::fs::write(env.join("texter/a.md"), "# Stöd\n\nArbetslösa unga får stöd.\n").unwrap();
    std::fs::write(env.join("texter/c.md"), "# Domar\n\nEn ung dom och unga domar.\n").unwrap();
    env.ok(&["index", "texter"]);
    assert_eq!(
        env.ok(&["kwic", "arbetslösa NOT ungdomar", "--width", "10"]),
        "1 line in 1 matching document\n\
         \x20         «Arbetslösa» unga får   texter/a.md\n"
    );
    let found = json(&env, &["search", "arbetslösa NOT ungdomar"]);
    assert_eq!(found["hits"][0]["snippet"], "«Arbetslösa» unga får stöd.");
}

#[test]
fn trends_by_region_give_each_bucket_its_share() {
    let env = views();
    let trend = json(&env, &["trends", "vävning", "--by", "region", "--share"]);
    assert_eq!(
        trend["buckets"],
        json!([
            {"label": "Övre Norrland", "count": 2, "inferred": 0, "all": 2, "share": 1.0},
            {"label": "Stockholm", "count": 1, "inferred": 0, "all": 2, "share": 0.5},
        ])
    );
    assert_eq!(
        trend["without"],
        json!({"label": "utan region", "count": 2, "inferred": 0, "all": 2, "share": 1.0})
    );
    assert_eq!(trend.get("count"), None);
}

#[test]
fn terms_against_other_filters_keep_the_sets_other_filters() {
    let env = Env::indexed();
    // The seeds' three Förprojekteringar against those of Övre Norrland (two); before, against
    // every project of Övre Norrland (three, one a Genomförande).
    let terms =
        json(&env, &["terms", "-p", "Förprojektering", "--against", "region:Övre Norrland"]);
    assert_eq!((terms["set_docs"].as_u64(), terms["background_docs"].as_u64()), (Some(3), Some(2)));
    let region = json(&env, &["terms", "-r", "Stockholm", "--against", "region:Övre Norrland"]);
    assert_eq!(
        (region["set_docs"].as_u64(), region["background_docs"].as_u64()),
        (Some(1), Some(3))
    );
}

#[test]
fn a_facet_typed_in_the_query_is_the_views_filter() {
    let env = Env::indexed();
    let typed = json(&env, &["terms", "kommun:Stockholm", "--against", "kommun:Jokkmokk"]);
    let flagged = json(&env, &["terms", "-k", "Stockholm", "--against", "kommun:Jokkmokk"]);
    // Before: the background was Jokkmokk's documents that are also Stockholm's: none.
    assert_eq!(typed["background_docs"], json!(3));
    assert_eq!(typed["background_docs"], flagged["background_docs"]);
    assert_eq!(typed["terms"], flagged["terms"]);
    // Before: the Stockholm project's share of every Förprojektering, a third.
    let share =
        |args: &[&str]| json(&env, &[&["trends", "--by", "phase", "--share"], args].concat());
    let (typed, flagged) = (share(&["region:Stockholm"]), share(&["-r", "Stockholm"]));
    assert_eq!(typed["buckets"], flagged["buckets"]);
    assert_eq!(typed["buckets"][0]["share"], json!(1.0));
}

#[test]
fn terms_of_a_section_count_the_documents_that_have_it() {
    let env = Env::with_seeds();
    std::fs::create_dir_all(env.join("texter")).unwrap();
    let report = "# Rapport om Norrbotten\n\nEn rapport utan avsnitt om bygdens arbetsmarknad.\n";
    std::fs::write(env.join("texter/rapport.md"), report).unwrap();
    env.ok(&["index", "seeds", "texter"]);
    let terms = json(&env, &["terms", "-r", "Övre Norrland", "--section", "bakgrund"]);
    // Before: 4, the report (in Övre Norrland by its Norrbotten) among them, which has no
    // Bakgrund and so counted as a document of the set without any of its words.
    assert_eq!((terms["set_docs"].as_u64(), terms["background_docs"].as_u64()), (Some(3), Some(2)));
    let human = env.ok(&["terms", "-r", "Övre Norrland", "--section", "bakgrund", "-n", "1"]);
    assert!(
        human.starts_with(
            "Distinctive terms of 3 matching documents with a Bakgrund section against the rest \
             of the index (2 documents with a Bakgrund section), by G²\n"
        ),
        "{human}"
    );
    let stderr = env.stderr(&["terms", "bygdens", "--section", "syfte"]);
    assert_eq!(stderr, "projsok: none of the 1 matching documents has a Syfte section\n");
}

#[test]
fn kwic_reads_the_title_too() {
    let env = Env { dir: tempfile::tempdir().unwrap() };
    std::fs::create_dir_all(env.join("texter")).unwrap();
    std::fs::write(env.join("texter/a.md"), "# Vävstugan i byn\n\nEn text om annat.\n").unwrap();
    env.ok(&["index", "texter"]);
    // Before: "0 lines in 1 matching document".
    let found = json(&env, &["kwic", "vävstugan", "--width", "5"]);
    assert_eq!(
        found["lines"],
        json!([{"id": "texter/a.md", "section": "title", "left": "", "match": "Vävstugan",
                "right": " i by", "stem": found["lines"][0]["stem"], "score": found["lines"][0]["score"]}])
    );
}

#[test]
fn terms_against_another_region_have_the_g2_of_their_table() {
    let env = views();
    let terms = json(&env, &["terms", "-r", "Övre Norrland", "--against", "region:Stockholm"]);
    assert_eq!((terms["set_docs"].as_u64(), terms["background_docs"].as_u64()), (Some(2), Some(2)));
    // A set this small is read whole for its candidates.
    assert_eq!(terms["sampled"].as_u64(), Some(2));
    assert_eq!(terms["against"], json!(["region:Stockholm"]));
    let rows: Vec<(String, u64, u64, f64)> = terms["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["word"].as_str().unwrap().to_string(),
                t["docs"].as_u64().unwrap(),
                t["background_docs"].as_u64().unwrap(),
                t["g2"].as_f64().unwrap(),
            )
        })
        .collect();
    // 2 of 2 against 0 of 2: 2·(2 ln 2 + 2 ln 2) = 5.545; 2 of 2 against 1 of 2:
    // 2·(2 ln(2/1.5) + ln(1/1.5) + ln(1/0.5)) = 1.726.
    let expected = [
        ("fjällbyarna", 2, 0, 5.545),
        ("fjällnära", 2, 0, 5.545),
        ("textilslöjd", 2, 0, 5.545),
        ("vävning", 2, 1, 1.726),
    ];
    let expected: Vec<(String, u64, u64, f64)> =
        expected.iter().map(|(w, a, c, g)| (w.to_string(), *a, *c, *g)).collect();
    assert_eq!(rows, expected);
    let csv = env.ok(&[
        "terms",
        "-r",
        "Övre Norrland",
        "--against",
        "region:Stockholm",
        "--csv",
        "-n",
        "1",
    ]);
    assert_eq!(
        csv,
        "word,stem,docs,set_docs,background_docs,background_total,g2\r\n\
         fjällbyarna,fjällby,2,2,0,2,5.545\r\n"
    );
}

/// 250 pages on a weaving workshop and 20 on a coding club. The stem "kooperativ" is in 45 of
/// the workshop's: nine write "kooperativen" four times (listed in `heavy.lst`), 36 write
/// "kooperativa" once. 36 occurrences each: the form shown depends on which 200 of the 250
/// pages the sample reads.
fn sampled_pages(env: &Env) {
    let dir = env.join("pages");
    std::fs::create_dir_all(&dir).unwrap();
    let (mut heavy, mut light) = (Vec::new(), Vec::new());
    for i in 0..250 {
        let name = format!("pages/{i:03}.txt");
        let word = if i % 5 == 4 && heavy.len() < 9 {
            heavy.push(name.clone());
            "kooperativen kooperativen kooperativen kooperativen"
        } else {
            light.push(name.clone());
            if i % 5 < 2 && i < 90 {
                "kooperativa"
            } else {
                "föreningen"
            }
        };
        let craft = ["textilier", "garnet", "mönster", "ullen", "färgning"][i % 5];
        let text = format!(
            "Vävstuga nummer {i}\n\nSammanfattning\n\nVävstugan drivs av {word} i byn. \
             Deltagarna lär sig {craft} och vävning.\n"
        );
        std::fs::write(env.join(&name), text).unwrap();
    }
    for i in 0..20 {
        let name = format!("pages/bg{i:02}.txt");
        let text = format!(
            "Kodstuga nummer {i}\n\nSammanfattning\n\nUnga lär sig programmering i kodstugan.\n"
        );
        std::fs::write(env.join(&name), text).unwrap();
        light.push(name);
    }
    std::fs::write(env.join("heavy.lst"), heavy.join("\n")).unwrap();
    std::fs::write(env.join("light.lst"), light.join("\n")).unwrap();
}

#[test]
fn terms_read_the_same_sample_whatever_order_the_index_holds_the_pages_in() {
    let env = Env { dir: tempfile::tempdir().unwrap() };
    sampled_pages(&env);
    let list = |name: &str| -> Vec<String> {
        std::fs::read_to_string(env.join(name)).unwrap().lines().map(str::to_string).collect()
    };
    // Three builds of the same files: at once, the nine heavy pages first and the rest added,
    // and the heavy pages added last. Each holds the pages in another document order.
    env.ok(&["index", "pages", "--index", "at-once"]);
    for (first, index) in [("heavy.lst", "heavy-first"), ("light.lst", "heavy-last")] {
        let mut args = vec!["index".to_string()];
        args.extend(list(first));
        args.extend(["--index".to_string(), index.to_string()]);
        env.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
        env.ok(&["index", "--update", "pages", "--index", index]);
    }
    let terms = |index: &str| env.ok(&["terms", "vävstuga", "--json", "--index", index]);
    let at_once = terms("at-once");
    assert_eq!(terms("heavy-first"), at_once);
    assert_eq!(terms("heavy-last"), at_once);
    let found: Value = serde_json::from_str(&at_once).unwrap();
    assert_eq!(
        (found["set_docs"].as_u64(), found["sampled"].as_u64(), found["background_docs"].as_u64()),
        (Some(250), Some(200), Some(20))
    );
    // The counts are exact over all 250; the form is the sample's (the lowest content hashes).
    assert_eq!(
        found["terms"],
        json!([{"word": "kooperativa", "stem": "kooperativ", "docs": 45, "background_docs": 0,
                "g2": 7.606}])
    );
}

#[test]
fn terms_refuse_a_background_they_cannot_read() {
    let env = views();
    let error = env.fails(&["terms", "--against", "färg:blå"], 2);
    assert_eq!(
        error,
        "projsok: --against färg:blå: \"färg\" is not a facet (region, phase, kommun, program, \
         owner, lang, kind) nor from-year, to-year or active-in\n"
    );
    let error = env.fails(&["trends", "--by", "region", "--count", "start"], 2);
    assert_eq!(
        error,
        "projsok: --count: counts years only; leave it out with --by other than year\n"
    );
    let error = env.fails(&["kwic"], 2);
    assert_eq!(
        error,
        "projsok: QUERY: a concordance needs a query: the words whose contexts to show\n"
    );
}

#[test]
fn kwic_lines_hold_the_compound_that_matched() {
    let env = views();
    let kwic = json(&env, &["kwic", "textilslöjd", "--sort", "right", "--width", "12"]);
    let lines: Vec<(String, String, String, String)> = kwic["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["left"].as_str().unwrap().to_string(),
                l["match"].as_str().unwrap().to_string(),
                l["right"].as_str().unwrap().to_string(),
                l["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("vävning och ", "textilslöjd", " i en fjälln", "views/esf/vavstuga.txt"),
        ("g i bygdens ", "textilslöjd", ", en text ut", "views/odaterat/vavning.md"),
        ("g i skolans ", "textilslöjd", ".", "views/pressmeddelanden/2019/05/vavstolar.md"),
        ("", "Textilslöjden", " ger arbete ", "views/esf/fjallslojd.txt"),
    ];
    let expected: Vec<(String, String, String, String)> = expected
        .iter()
        .map(|(l, m, r, id)| (l.to_string(), m.to_string(), r.to_string(), id.to_string()))
        .collect();
    assert_eq!(lines, expected);
    let csv = env.ok(&["kwic", "textilslöjden", "--csv", "--width", "8", "-n", "1"]);
    assert!(csv.starts_with("id,section,left,match,right,score\r\n"), "{csv}");
}

#[test]
fn the_api_answers_each_view_as_its_command_prints_it() {
    use crate::webutil::{agent, enc, get, Served};
    let served = Served::start_in(views(), &[], &[]);
    let agent = agent();
    for (path, args) in [
        (
            format!("/api/trends?q={}&count=start", enc("vävning")),
            vec!["trends", "vävning", "--count", "start"],
        ),
        (
            format!(
                "/api/terms?region={}&against={}",
                enc("Övre Norrland"),
                enc("region:Stockholm")
            ),
            vec!["terms", "-r", "Övre Norrland", "--against", "region:Stockholm"],
        ),
        (
            format!("/api/kwic?q={}&width=12&sort=right", enc("textilslöjd")),
            vec!["kwic", "textilslöjd", "--width", "12", "--sort", "right"],
        ),
    ] {
        let (status, content_type, body) = get(&agent, &served.url(&path));
        assert_eq!(status, 200, "{path}: {body}");
        assert!(content_type.starts_with("application/json"), "{path}: {content_type}");
        let mut command = args;
        command.extend(["--index", "index", "--json"]);
        let printed: Value = serde_json::from_str(&served.env.ok(&command)).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), printed, "{path}");
    }
    for (path, message) in [
        ("/api/kwic", "q: a concordance needs a query: the words whose contexts to show"),
        ("/api/trends?by=owner", "by: unknown value \"owner\""),
        (
            "/api/trends?by=region&count=start",
            "count: counts years only; leave it out with by other than year",
        ),
        (
            "/api/terms?against=region",
            "against region: give name:value, as region:Stockholm, or all",
        ),
        ("/api/kwic?q=x&width=0", "width: 0 is not between 1 and 500"),
        ("/api/kwic?q=x&wdth=3", "wdth: unknown parameter; did you mean width?"),
    ] {
        let (status, _, body) = get(&agent, &served.url(path));
        assert_eq!(status, 400, "{path}: {body}");
        let value: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(value["error"], message, "{path}");
    }
}

#[test]
fn the_views_read_an_exclusion_as_search_does() {
    let env = Env::indexed();
    let (with, without) = (total(&env, "arbetsmarknad"), total(&env, "arbetsmarknad -sfi"));
    assert_eq!((with, without), (5, 2));
    for (view, field) in [("trends", "total"), ("terms", "matches"), ("kwic", "matches")] {
        // The excluded word first too, where clap took it for a flag.
        for args in [[view, "-sfi", "arbetsmarknad"], [view, "arbetsmarknad", "-sfi"]] {
            assert_eq!(json(&env, &args)[field].as_u64(), Some(without), "{args:?}");
        }
        assert_eq!(json(&env, &[view, "arbetsmarknad"])[field].as_u64(), Some(with), "{view}");
    }
}

#[test]
fn the_api_runs_the_corrected_query_search_runs() {
    use crate::webutil::{agent, enc, get, Served};
    let served = Served::start_in(Env::indexed(), &[], &[]);
    let agent = agent();
    let q = enc("matchnig företgande");
    let warning = "showing results for \"matchning företagande\"; no document has \"matchnig\" \
                   or \"företgande\"";
    let (status, _, body) = get(&agent, &served.url(&format!("/api/search?q={q}")));
    let search: Value = serde_json::from_str(&body).unwrap();
    assert_eq!((status, search["total"].as_u64()), (200, Some(2)));
    assert_eq!(search["warnings"], json!([warning]));
    let (status, _, ndjson) = get(&agent, &served.url(&format!("/api/export?q={q}&format=ndjson")));
    let ids: Vec<String> = ndjson
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap()["path"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(
        (status, ids),
        (200, vec![crate::common::S003.to_string(), crate::common::S001.to_string()])
    );
    for (view, field) in [("trends", "total"), ("terms", "matches"), ("kwic", "matches")] {
        let (status, _, body) = get(&agent, &served.url(&format!("/api/{view}?q={q}")));
        let answer: Value = serde_json::from_str(&body).unwrap();
        assert_eq!((status, answer[field].as_u64()), (200, Some(2)), "{view}: {body}");
        assert_eq!(answer["warnings"], json!([warning]), "{view}");
    }
}
