//! Facet values a user can trust, end to end: values written in other forms are indexed under
//! the gazetteer's names with the written form kept, filters and facet field queries match
//! without case and å/ä/ö, an unknown value gets "did you mean", and `--by-region` agrees with
//! the region facet.

use crate::common::wire::{self, ByRegion};
use crate::common::*;

/// The seeds plus seed 003 rewritten with a short region, a phase variant and kommuner written
/// as pages write them, one of them no kommun.
fn with_variants() -> Env {
    let env = Env::with_seeds();
    let page = std::fs::read_to_string(env.join(S003))
        .unwrap()
        .replace("ProjektfasGenomförande", "ProjektfasGenomförandefas")
        .replace("RegionÖvre Norrland", "RegionVäst")
        .replace(
            " • Jokkmokk\n • Skellefteå\n • Älvsbyn",
            " • Malmö stad\n • Göteborgs Stad\n • Atlantis",
        );
    std::fs::write(env.join("seeds/005_variants.txt"), page).unwrap();
    env.ok(&["index", "seeds"]);
    env
}

#[test]
fn written_values_are_indexed_under_their_canonical_names_and_kept() {
    let env = with_variants();
    let record = env.show("seeds/005_variants.txt");
    assert_eq!(record.region.as_deref(), Some("Västsverige"));
    assert_eq!(record.phase.as_deref(), Some("Genomförande"));
    assert_eq!(record.kommuner, ["Malmö", "Göteborg", "Atlantis"]);
    let written: Vec<(&str, Vec<&str>)> = record
        .as_written
        .iter()
        .map(|(field, values)| (field.as_str(), values.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        written,
        [
            ("kommuner", vec!["Malmö stad", "Göteborgs Stad"]),
            ("phase", vec!["Genomförandefas"]),
            ("region", vec!["Väst"]),
        ]
    );
    assert_eq!(record.warnings, ["Kommun: \"Atlantis\" is no Swedish kommun; kept as written"]);
    assert!(record.inferred.is_empty());
    let human = env.ok(&["show", "seeds/005_variants.txt"]);
    assert!(
        human.ends_with(
            "\nAs written:\n- kommuner: Malmö stad, Göteborgs Stad\n- phase: Genomförandefas\n\
             - region: Väst\n\nWarnings:\n- Kommun: \"Atlantis\" is no Swedish kommun; kept as \
             written\n"
        ),
        "{human}"
    );
    // The canonical names are what filters find.
    for filter in
        [["--region", "Västsverige"], ["--kommun", "Malmö"], ["--kommun", "Göteborgs stad"]]
    {
        assert_eq!(paths(&env.search(&filter)), ["seeds/005_variants.txt"], "{filter:?}");
    }
}

#[test]
fn filters_and_facet_fields_ignore_case_and_diacritics() {
    let env = Env::indexed();
    let ovre = [S000, S002, S003];
    assert_eq!(sorted_paths(&env.search(&["--region", "ovre norrland"])), ovre);
    assert_eq!(sorted_paths(&env.search(&["--region", "ÖVRE NORRLAND"])), ovre);
    assert_eq!(sorted_paths(&env.search(&["region:\"ovre norrland\""])), ovre);
    assert_eq!(sorted_paths(&env.search(&["--kommun", "Skelleftea"])), ovre);
    assert_eq!(sorted_paths(&env.search(&["kommun:skelleftea"])), ovre);
    assert_eq!(sorted_paths(&env.search(&["fas:forprojektering"])), [S000, S001, S002]);
    assert_eq!(sorted_paths(&env.search(&["--phase", "forprojektering"])), [S000, S001, S002]);
    assert_eq!(sorted_paths(&env.search(&["fas:genomforande"])), [S003, S004]);
    assert_eq!(
        sorted_paths(&env.search(&["--region", "mellersta norrland", "--lang", "SV"])),
        [S004]
    );
}

#[test]
fn an_unknown_value_gets_the_nearest_values() {
    let env = Env::indexed();
    let cases: [(&[&str], &str); 6] = [
        (
            &["--region", "ovre norland"],
            "projsok: no document has region \"ovre norland\"; did you mean Övre Norrland?\n",
        ),
        (
            &["kommun:Skeleftea"],
            "projsok: no document has kommun \"Skeleftea\"; did you mean Skellefteå or Sollefteå?\n",
        ),
        (
            &["--phase", "genomfora"],
            "projsok: no document has phase \"genomfora\"; did you mean Genomförande?\n",
        ),
        (&["fas:genomföra"], "projsok: no document has phase \"genomföra\"; did you mean Genomförande?\n"),
        (&["--lang", "sw"], "projsok: no document has lang \"sw\"; did you mean sv?\n"),
        (&["--region", "Atlantis"], "projsok: no document has region \"Atlantis\"\n"),
    ];
    for (args, expected) in cases {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        let output = env.run(&all);
        assert!(output.status.success(), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), expected, "{args:?}");
        assert_eq!(String::from_utf8_lossy(&output.stdout), "0 matching documents\n", "{args:?}");
    }
}

#[test]
fn many_unknown_values_of_one_facet_are_one_warning() {
    let env = Env::indexed();
    let three =
        env.run(&["search", "--kommun", "Atlantis", "--kommun", "Lemuria", "--kommun", "Mu"]);
    assert_eq!(
        String::from_utf8_lossy(&three.stderr),
        "projsok: no document has kommun \"Atlantis\"\n\
         projsok: no document has kommun \"Lemuria\"\n\
         projsok: no document has kommun \"Mu\"\n"
    );
    let mut args = vec!["search".to_string(), "--kommun".into(), "Skellefteå".into()];
    for number in 0..2000 {
        args.extend(["--kommun".to_string(), format!("Ort{number}")]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let many = env.run(&args);
    assert!(many.status.success());
    assert_eq!(
        String::from_utf8_lossy(&many.stderr),
        "projsok: no document has kommun \"Ort0\", \"Ort1\", \"Ort2\" or 1997 more of the values given\n"
    );
    assert!(String::from_utf8_lossy(&many.stdout).contains("3 matching documents"));
}

#[test]
fn by_region_counts_add_up_with_an_unknown_region_group() {
    let env = with_variants();
    let grouped: ByRegion = wire::decode(env.ok(&["facets", "--by-region", "--json"]));
    let counts: Vec<(&str, u64)> =
        grouped.iter().map(|(region, group)| (region.as_str(), group.count)).collect();
    assert_eq!(
        counts,
        [
            ("Övre Norrland", 3),
            ("Mellersta Norrland", 1),
            ("Stockholm", 1),
            ("Västsverige", 1),
            ("okänd region", 1)
        ]
    );
    let kommuner = |region: &str| -> Vec<(&str, u64)> {
        grouped[region].kommun.iter().map(|(kommun, count)| (kommun.as_str(), *count)).collect()
    };
    assert_eq!(kommuner("Västsverige"), [("Göteborg", 1)]);
    assert_eq!(kommuner("okänd region"), [("Atlantis", 1), ("Malmö", 1)]);
    assert_eq!(
        kommuner("Övre Norrland")[..3],
        [("Jokkmokk", 3), ("Skellefteå", 3), ("Älvsbyn", 3)]
    );
    let human = env.ok(&["facets", "--by-region"]);
    assert!(
        human.ends_with("\n\nokänd region (1 document)\n  Atlantis  1\n  Malmö     1\n"),
        "{human}"
    );
}
