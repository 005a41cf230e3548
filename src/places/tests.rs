//! Tests of the public API: lookups, inference on the seeds and on texts read by hand, and
//! [`infer_missing`].

use super::*;
use crate::document::{Section, SectionKind};

const SEED_000: &str = include_str!("../../seeds/000_cea40166ddf3072c.txt");
const SEED_001: &str = include_str!("../../seeds/001_5529787c01511de8.txt");
const SEED_002: &str = include_str!("../../seeds/002_e2cf07384f130b54.txt");
const SEED_003: &str = include_str!("../../seeds/003_2b3fa1d7a6e76dce.txt");
const SEED_004: &str = include_str!("../../seeds/004_2c34cdba5d9fc759.txt");

/// The bullet list under the "Kommun" heading of an ESF page.
fn kommun_list(page: &str) -> Vec<String> {
    page.lines()
        .skip_while(|line| *line != "Kommun")
        .skip(1)
        .map(str::trim)
        .skip_while(|line| line.is_empty())
        .map_while(|line| line.strip_prefix("• "))
        .map(str::to_string)
        .collect()
}

/// The value of the glued "Region…" header line of an ESF page.
fn region_line(page: &str) -> Option<String> {
    page.lines().find_map(|line| line.strip_prefix("Region")).map(str::to_string)
}

/// A stand-in for the ESF parser: title, Region, Kommun list and the whole page as one section.
fn esf_document(page: &str) -> Document {
    let title = page.lines().map(str::trim).filter(|line| !line.is_empty()).nth(1).unwrap_or("");
    Document {
        title: title.to_string(),
        region: region_line(page),
        kommuner: kommun_list(page),
        sections: vec![Section {
            kind: SectionKind::Other,
            heading: String::new(),
            text: page.to_string(),
        }],
        ..Document::default()
    }
}

/// A document with a title and one section of text, and nothing explicit.
fn plain_document(title: &str, text: &str) -> Document {
    Document {
        title: title.to_string(),
        sections: vec![Section {
            kind: SectionKind::Other,
            heading: String::new(),
            text: text.to_string(),
        }],
        ..Document::default()
    }
}

fn name(found: Option<&'static Kommun>) -> Option<&'static str> {
    found.map(|kommun| kommun.name)
}

#[test]
fn kommun_is_found_in_any_case_and_with_kommun_or_stad() {
    assert_eq!(name(kommun("Umeå")), Some("Umeå"));
    assert_eq!(name(kommun("umeå")), Some("Umeå"));
    assert_eq!(name(kommun("UMEÅ")), Some("Umeå"));
    assert_eq!(name(kommun("  Umeå kommun ")), Some("Umeå"));
    assert_eq!(name(kommun("Umeå\u{a0}kommun")), Some("Umeå"));
    assert_eq!(name(kommun("Göteborgs stad")), Some("Göteborg"));
    assert_eq!(name(kommun("Stockholms stad")), Some("Stockholm"));
    assert_eq!(name(kommun("Region Gotland")), Some("Gotland"));
    assert_eq!(name(kommun("Falu kommun")), Some("Falun"));
    assert_eq!(kommun("Jokkmokk").map(|kommun| kommun.code), Some("2510"));
}

#[test]
fn kommun_accepts_the_genitive() {
    assert_eq!(name(kommun("Umeås kommun")), Some("Umeå"));
    assert_eq!(name(kommun("Jokkmokks kommun")), Some("Jokkmokk"));
    assert_eq!(name(kommun("Jokkmokks")), Some("Jokkmokk"));
    assert_eq!(name(kommun("Vännäs kommun")), Some("Vännäs"));
    assert_eq!(name(kommun("Robertsfors kommun")), Some("Robertsfors"));
    assert_eq!(name(kommun("Lilla Edets kommun")), Some("Lilla Edet"));
    assert_eq!(name(kommun("Upplands Väsbys kommun")), Some("Upplands Väsby"));
    assert_eq!(name(kommun("Malung-Sälens kommun")), Some("Malung-Sälen"));
    assert_eq!(name(kommun("Dals-Eds kommun")), Some("Dals-Ed"));
    assert_eq!(name(kommun("östra göinge kommun")), Some("Östra Göinge"));
    assert_eq!(name(kommun("Marks kommun")), Some("Mark"));
}

#[test]
fn kommun_accepts_names_without_diacritics_when_unambiguous() {
    assert_eq!(name(kommun("Umea")), Some("Umeå"));
    assert_eq!(name(kommun("Lulea")), Some("Luleå"));
    assert_eq!(name(kommun("Goteborgs stad")), Some("Göteborg"));
    assert_eq!(name(kommun("Malmo")), Some("Malmö"));
    assert_eq!(name(kommun("Ornskoldsvik")), Some("Örnsköldsvik"));
    // Habo and Håbo are both kommuner: the exact spelling decides, a folded one cannot.
    assert_eq!(name(kommun("Habo")), Some("Habo"));
    assert_eq!(name(kommun("Håbo kommun")), Some("Håbo"));
    assert_eq!(name(kommun("Habos kommun")), Some("Habo"));
}

#[test]
fn kommun_rejects_what_is_no_kommun() {
    for unknown in
        ["", "kommun", "Oslo", "Norrland", "Norrbotten", "Stockholms län", "Umeåregionen"]
    {
        assert_eq!(kommun(unknown), None, "{unknown:?}");
    }
}

#[test]
fn region_names_are_canonical_in_any_case() {
    assert_eq!(region("övre norrland"), Some("Övre Norrland"));
    assert_eq!(region(" SMÅLAND OCH ÖARNA "), Some("Småland och öarna"));
    assert_eq!(region("Stockholm"), Some("Stockholm"));
    assert_eq!(region("Norrland"), None);
}

#[test]
fn kommuner_in_region_partition_the_table() {
    assert_eq!(kommuner_in_region("Övre Norrland").len(), 29);
    assert_eq!(kommuner_in_region("mellersta norrland").len(), 15);
    assert_eq!(kommuner_in_region("Stockholm").len(), 26);
    assert_eq!(kommuner_in_region("Sydsverige").len(), 38);
    assert_eq!(kommuner_in_region("Nowhere").len(), 0);
    let total: usize = REGIONS.iter().map(|region| kommuner_in_region(region).len()).sum();
    assert_eq!(total, 290);
    assert_eq!(kommuner().len(), 290);
}

#[test]
fn seed_kommun_lists_are_found_in_their_region() {
    let seeds = [(SEED_000, 29), (SEED_002, 29), (SEED_003, 3), (SEED_004, 3)];
    for (page, count) in seeds {
        let names = kommun_list(page);
        let region = region_line(page).expect("an ESF seed names its region");
        assert_eq!(names.len(), count, "{names:?}");
        for name in &names {
            let found = kommun(name).unwrap_or_else(|| panic!("{name} is a kommun"));
            assert_eq!(found.name, name);
            assert_eq!(found.region, region, "{name}");
        }
    }
    assert_eq!(kommun_list(SEED_003), ["Jokkmokk", "Skellefteå", "Älvsbyn"]);
    assert_eq!(kommun_list(SEED_004), ["Kramfors", "Sollefteå", "Strömsund"]);
    assert_eq!(kommun("Jokkmokk").map(|kommun| kommun.region), Some("Övre Norrland"));
    assert_eq!(kommun("Kramfors").map(|kommun| kommun.region), Some("Mellersta Norrland"));
}

#[test]
fn seed_001_transcript_is_about_stockholm() {
    // The parser cuts the trailing "Läs mer" list of other documents. With the list the
    // region is the same, but the other documents add their kommuner.
    let cut = SEED_001.find("\nProcesstöd och samordning.").expect("the line is in the seed");
    let inference = infer(&SEED_001[..cut]);
    assert_eq!(inference, Inference { kommuner: vec!["Stockholm"], region: Some("Stockholm") });
    let inference = infer(SEED_001);
    assert_eq!(inference.region, Some("Stockholm"));
    assert_eq!(inference.kommuner, ["Stockholm", "Arvika", "Östersund", "Örnsköldsvik"]);
    let mut doc = plain_document("Förprojekteringsrapport", &SEED_001[..cut]);
    infer_missing(&mut doc);
    assert_eq!(doc.kommuner, ["Stockholm"]);
    assert_eq!(doc.region.as_deref(), Some("Stockholm"));
    assert_eq!(doc.inferred, ["kommuner", "region"]);
}

#[test]
fn explicit_values_of_esf_seeds_win() {
    for page in [SEED_000, SEED_002, SEED_003, SEED_004] {
        let mut doc = esf_document(page);
        let before = doc.clone();
        infer_missing(&mut doc);
        assert_eq!(doc, before);
        assert!(doc.inferred.is_empty());
    }
    // Seed 004 names places in Övre Norrland in its text, but its Region and Kommun list say
    // Mellersta Norrland.
    let mut doc = esf_document(SEED_004);
    infer_missing(&mut doc);
    assert_eq!(doc.region.as_deref(), Some("Mellersta Norrland"));
}

#[test]
fn explicit_region_is_normalised_without_counting_as_inferred() {
    let mut doc = esf_document(SEED_003);
    doc.region = Some("ÖVRE NORRLAND".to_string());
    infer_missing(&mut doc);
    assert_eq!(doc.region.as_deref(), Some("Övre Norrland"));
    assert!(doc.inferred.is_empty());

    // An explicit value that is no ESF region is kept as it stands.
    let mut doc = esf_document(SEED_003);
    doc.region = Some("Nationellt".to_string());
    infer_missing(&mut doc);
    assert_eq!(doc.region.as_deref(), Some("Nationellt"));
}

#[test]
fn explicit_kommuner_decide_the_missing_region() {
    let mut doc = esf_document(SEED_004);
    doc.region = None;
    infer_missing(&mut doc);
    assert_eq!(doc.kommuner, ["Kramfors", "Sollefteå", "Strömsund"]);
    assert_eq!(doc.region.as_deref(), Some("Mellersta Norrland"));
    assert_eq!(doc.inferred, ["region"]);

    // Kommuner spread over regions leave the region to the text, which names none here.
    let mut doc = plain_document("Nätverk", "Ett nätverk för hela landet.");
    doc.kommuner = vec!["Malmö".into(), "Göteborg".into(), "Stockholm".into(), "Umeå".into()];
    infer_missing(&mut doc);
    assert_eq!(doc.region, None);
    assert!(doc.inferred.is_empty());
}

#[test]
fn a_jamtland_project_is_in_mellersta_norrland() {
    let text = "Projektet genomförs i Östersunds kommun i samarbete med Krokom och Åre. \
                Arbetslösheten bland unga i Jämtland är hög.\n\
                Erfarenheterna ska spridas till övriga kommuner i Jämtlands län.";
    let inference = infer(text);
    assert_eq!(inference.kommuner, ["Östersund", "Krokom", "Åre"]);
    assert_eq!(inference.region, Some("Mellersta Norrland"));

    let mut doc = plain_document("Unga i arbete i Jämtland", text);
    infer_missing(&mut doc);
    assert_eq!(doc.kommuner, ["Östersund", "Krokom", "Åre"]);
    assert_eq!(doc.region.as_deref(), Some("Mellersta Norrland"));
    assert_eq!(doc.inferred, ["kommuner", "region"]);
}

#[test]
fn ordinary_words_are_no_places() {
    assert_eq!(infer("Rätten att bygga på mark och vatten ska prövas."), Inference::default());
    assert_eq!(
        infer("Mark och vatten. Vara en del av något. Berg och dalar."),
        Inference::default()
    );
    assert_eq!(
        infer("Natos generalsekreterare Mark Rutte och Anna Lund talade."),
        Inference::default()
    );
    assert_eq!(
        infer("Frågan prövas av Mark- och miljödomstolen i Mark- och miljöverket."),
        Inference::default()
    );
}

#[test]
fn ambiguous_names_count_with_context() {
    assert_eq!(infer("Marks kommun och Vara kommun deltar.").kommuner, ["Mark", "Vara"]);
    assert_eq!(infer("Besöket i Lund och resan till Mora.").kommuner, ["Lund", "Mora"]);
    assert_eq!(
        infer("Ale, Kungälv och Lilla Edet samverkar.").kommuner,
        ["Ale", "Kungälv", "Lilla Edet"]
    );
    assert_eq!(infer("Kils och Kristinehamns kommuner.").kommuner, ["Kil", "Kristinehamn"]);
}

#[test]
fn genitives_and_multi_word_names_are_found() {
    assert_eq!(infer("Umeås näringsliv växer.").kommuner, ["Umeå"]);
    assert_eq!(infer("I Stockholms stad bor många.").kommuner, ["Stockholm"]);
    assert_eq!(
        infer("Upplands Väsby, Upplands-Bro och Östra Göinge.").kommuner,
        ["Upplands Väsby", "Upplands-Bro", "Östra Göinge"]
    );
    assert_eq!(
        infer("Lilla Edets kommun och Dals-Eds kommun.").kommuner,
        ["Lilla Edet", "Dals-Ed"]
    );
    // "Lilla" and "Upplands" alone name nothing.
    assert_eq!(infer("Lilla huset i Upplands skogar."), Inference::default());
}

#[test]
fn lan_and_region_names_count_for_the_region_only() {
    let inference = infer("Projektet i Norrbottens län.\nVästerbotten och Norrbotten samverkar.");
    assert_eq!(inference, Inference { kommuner: vec![], region: Some("Övre Norrland") });
    let inference = infer("Kalmar län och Kronobergs län.\nHela Småland och öarna.");
    assert_eq!(inference, Inference { kommuner: vec![], region: Some("Småland och öarna") });
    let inference = infer("Stöd i mellersta Norrland.\nEn satsning för Mellersta Norrland.");
    assert_eq!(inference.region, Some("Mellersta Norrland"));
    let inference = infer("Umeåregionen växer.\nUmeåregionen består av sex kommuner.");
    assert_eq!(inference, Inference { kommuner: vec![], region: Some("Övre Norrland") });
}

#[test]
fn a_national_text_gets_no_region() {
    let text = "Regeringen satsar på arbetsmarknaden i hela landet. Satsningen gäller Malmö, \
                Göteborg, Stockholm och Umeå.\nÄven Malmö och Göteborg får mer resurser.";
    let inference = infer(text);
    assert_eq!(inference.kommuner, ["Malmö", "Göteborg", "Stockholm", "Umeå"]);
    assert_eq!(inference.region, None);
}

#[test]
fn one_passing_mention_gives_no_region() {
    assert_eq!(infer("Ett möte hölls i Umeå.").region, None);
    // Two mentions in one sentence of a longer text are still a passing remark.
    let text = format!(
        "{}Nyindustrialiseringen i Norrbotten och Västerbottens län.",
        "Energi. ".repeat(40)
    );
    assert_eq!(infer(&text).region, None);
}

#[test]
fn datelines_institutions_and_authorities_are_not_the_subject() {
    assert_eq!(infer("Stockholm den 3 maj 2016\nMagdalena Andersson"), Inference::default());
    assert_eq!(infer("Kulturhuset, Stockholm, fredag den 9 maj 2025."), Inference::default());
    let signed = "Stockholm, Köpenhamn, Helsingfors och Oslo den 15 november 1976";
    assert_eq!(infer(signed), Inference::default());
    let institutions = "Stockholm Resilience Centre vid Stockholms universitet.\n\
                        Kammarrätten i Stockholm avslog. Stockholm+50 förbereds.";
    assert_eq!(infer(institutions), Inference::default());
    // A national task for a länsstyrelse is not about its län; a visit is.
    let task =
        "Uppdrag till Länsstyrelsen i Hallands län.\nLänsstyrelsen i Hallands län ska samordna.";
    assert_eq!(infer(task).region, None);
    let visit = "Ministern besöker Region Kronoberg.\nBesöket i Region Kronoberg börjar i Växjö.";
    assert_eq!(infer(visit).region, Some("Småland och öarna"));
}

// Government texts from the g0vse corpus, read by hand.

#[test]
fn g0vse_visit_to_kalmar_lan() {
    // pressmeddelanden/2025/09/civilminister-erik-slottner-besoker-kalmar-och-monsteras-...
    let title = "Civilminister Erik Slottner besöker Kalmar och Mönsterås samt deltar i \
                 Oskarshamns prideparad";
    let text = "På torsdagen deltar civilminister Erik Slottner på Region Kalmars medarbetardag \
                för att prata om AI och digitalisering. Under fredagen besöker han \
                E-hälsomyndigheten, Länsstyrelsen i Kalmar län och Mönsterås kommun. Besöket i \
                länet avslutas med att civilministern på lördagen deltar i Oskarshamns prideparad.";
    let mut doc = plain_document(title, text);
    infer_missing(&mut doc);
    assert_eq!(doc.kommuner, ["Kalmar", "Mönsterås", "Oskarshamn"]);
    assert_eq!(doc.region.as_deref(), Some("Småland och öarna"));
}

#[test]
fn g0vse_kommuner_from_all_over_sweden() {
    // pressmeddelanden/2025/10/socialtjanstministern-samlar-kommuner-for-att-starka-samverkan
    let title = "Socialtjänstministern samlar kommuner för att stärka samverkan";
    let text = "På mötet kommer följande kommuner finnas representerade: Avesta, \
                Bengtsfors/Mellerud, Berg, Fagersta, Falköping, Flen, Gävle, Kalix, Karlskrona, \
                Knivsta, Kumla, Malmö, Mölndal, Norrköping, Pajala, Gotland, Salem, Ulricehamn, \
                Vännäs, Västervik, Växjö, Årjäng, Öckerö och Örnsköldsvik.";
    let mut doc = plain_document(title, text);
    infer_missing(&mut doc);
    assert_eq!(doc.kommuner.len(), 25);
    assert!(
        doc.kommuner.iter().any(|name| name == "Berg")
            && doc.kommuner.iter().any(|name| name == "Salem")
    );
    assert_eq!(doc.region, None);
    assert_eq!(doc.inferred, ["kommuner"]);
}

#[test]
fn g0vse_court_case_in_stockholm_courts() {
    // internationella-mr-granskningar-av-sverige/2007/09/europadomstolens-dom-...-nitschke
    let title = "Europadomstolens dom (2007-09-27) i målet Dödsboet Nitschke mot Sverige";
    let text = "Nitschke överklagade beslutet till Länsrätten i Stockholms län, som lämnade \
                överklagandet utan bifall.\nProcessen fortsatte i Kammarrätten i Stockholm, som \
                avslog överklagandet i september 2000.";
    let mut doc = plain_document(title, text);
    infer_missing(&mut doc);
    assert!(doc.kommuner.is_empty());
    assert_eq!(doc.region, None);
    assert!(doc.inferred.is_empty());
}

#[test]
fn g0vse_university_names_are_no_places() {
    // pressmeddelanden/2023/12/korta-kurser-for-yrkesverksamma-...
    let text = "Regeringen har i regleringsbreven för 2024 beslutat att medlen ska fördelas till \
                Uppsala universitet, Lunds universitet, Umeå universitet, Linköpings universitet, \
                Kungl. tekniska högskolan, Luleå tekniska universitet, Mälardalens universitet.\n\
                | Uppsala universitet | 4,5 |\n| Lunds universitet | 4 |\n| Umeå universitet | 2,5 |";
    assert_eq!(infer(text), Inference::default());
}

#[test]
fn names_of_regions_and_organisations_do_not_tag_their_kommun() {
    // Each was a kommun tag on g0vse documents (see benches/README.md, "Place inference
    // precision").
    let cases = [
        "Region Jämtland Härjedalen får 12 miljoner kronor.",
        "Medel till Region Jämtland/Härjedalen för att pröva nya arbetssätt.",
        "Fellesrådet (Jämtland Härjedalen-Tröndelag) samordnar.",
        "Samverkan med Jämtland-Härjedalen.",
        "| Högskolan Kristianstad | 100 000 |",
        "Stiftelsen högskolan i Jönköping ska också ingå.",
        "Hon är civilekonom från Handelshögskolan i Stockholm.",
        "Peder Liljeqvist, kammarrättslagman i Stockholm, är utsedd.",
        "Regeringskansliet, 103 33 Stockholm",
        "Uppdrag till Länsstyrelsen i Kalmar.",
        "Landstinget i Uppsala och Länsstyrelsen Gävleborg.",
        "Stockholms läns landsting och Uppsala läns landsting.",
        "Göteborgs och Bohus län hade många invånare.",
        "Stockholms universitet, Lunds universitet och Umeå universitet.",
        "Region Uppsala, Region Örebro län och Region Kalmar län.",
    ];
    for text in cases {
        assert_eq!(infer(text).kommuner, Vec::<&str>::new(), "{text}");
    }
    // The kommun itself still counts, also beside such names.
    assert_eq!(
        infer("Härjedalens kommun och Region Jämtland Härjedalen.").kommuner,
        ["Härjedalen"]
    );
    assert_eq!(infer("Vinterbete i Härjedalen.").kommuner, ["Härjedalen"]);
    assert_eq!(infer("Region Gotland driver skolan.").kommuner, ["Gotland"]);
    assert_eq!(infer("Kalmar kommun och Kalmar län.").kommuner, ["Kalmar"]);
    assert_eq!(infer("Högskolan i Gävle ligger i Gävle.").kommuner, ["Gävle"]);
}

#[test]
fn kommun_sweep_every_name_in_every_written_form() {
    // What project pages write in their Kommun lists, generated for all 290 kommuner.
    let forms = |name: &str| {
        let lower = name.to_lowercase();
        let genitive =
            if lower.ends_with(['s', 'x', 'z']) { name.to_string() } else { format!("{name}s") };
        let mut forms = vec![
            name.to_string(),
            lower.clone(),
            name.to_uppercase(),
            format!(" {name}\u{a0}"),
            format!("{name} kommun"),
            format!("{name} Kommun"),
            format!("{genitive} kommun"),
            format!("{genitive} Kommun"),
            format!("{} kommun", genitive.to_lowercase()),
            format!("{name} stad"),
            format!("{genitive} stad"),
            format!("{genitive} Stad"),
            format!("{genitive} kommuns"),
            genitive.clone(),
            name.replace(' ', "-"),
            name.replace('-', " "),
        ];
        // Without å, ä and ö, except where two kommuner then read alike (Habo, Håbo).
        if name != "Håbo" && name != "Habo" {
            forms.push(crate::text::fold(name));
            forms.push(format!("{} kommun", crate::text::fold(&genitive)));
        }
        forms
    };
    let mut checked = 0;
    for expected in kommuner() {
        for form in forms(expected.name) {
            assert_eq!(kommun(&form).map(|found| found.name), Some(expected.name), "{form:?}");
            checked += 1;
        }
    }
    assert_eq!(checked, 290 * 18 - 2 * 2);
    assert_eq!(name(kommun("Falu kommun")), Some("Falun"));
    assert_eq!(name(kommun("Falu")), Some("Falun"));
    assert_eq!(name(kommun("Region Gotland")), Some("Gotland"));
    assert_eq!(name(kommun("Malmö stad")), Some("Malmö"));
    assert_eq!(name(kommun("Göteborgs Stad")), Some("Göteborg"));
    assert_eq!(name(kommun("umeå")), Some("Umeå"));
}

#[test]
fn explicit_values_are_normalised_and_kept_as_written() {
    let mut doc = esf_document(SEED_003);
    doc.region = Some("Väst".to_string());
    doc.kommuner = vec![
        "Malmö stad".to_string(),
        "Göteborgs Stad".to_string(),
        "Falu kommun".to_string(),
        "umeå".to_string(),
        "Region Gotland".to_string(),
        "Malmö".to_string(),
        "Jokkmokk".to_string(),
        "Atlantis kommun".to_string(),
    ];
    infer_missing(&mut doc);
    assert_eq!(doc.region.as_deref(), Some("Västsverige"));
    assert_eq!(
        doc.kommuner,
        ["Malmö", "Göteborg", "Falun", "Umeå", "Gotland", "Jokkmokk", "Atlantis kommun"]
    );
    let written: Vec<(&str, Vec<&str>)> = doc
        .as_written
        .iter()
        .map(|(field, values)| (field.as_str(), values.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        written,
        [
            (
                "kommuner",
                vec!["Malmö stad", "Göteborgs Stad", "Falu kommun", "umeå", "Region Gotland"]
            ),
            ("region", vec!["Väst"]),
        ]
    );
    assert_eq!(doc.warnings, ["Kommun: \"Atlantis kommun\" is no Swedish kommun; kept as written"]);
    assert!(doc.inferred.is_empty());
}

#[test]
fn kommuner_all_in_one_region_give_the_missing_region() {
    let mut doc = plain_document("Ett möte", "Ett möte hölls i Umeå.");
    infer_missing(&mut doc);
    assert_eq!(doc.kommuner, ["Umeå"]);
    assert_eq!(doc.region.as_deref(), Some("Övre Norrland"));
    assert_eq!(doc.inferred, ["kommuner", "region"]);

    // Kommuner in two regions give none.
    let mut doc = plain_document("Två möten", "Möten hölls i Umeå och i Malmö.");
    infer_missing(&mut doc);
    assert_eq!(doc.region, None);
    assert_eq!(doc.inferred, ["kommuner"]);

    // An explicit list decides by the kommuner the gazetteer knows.
    let mut doc = plain_document("Nätverk", "Ett nätverk.");
    doc.kommuner = vec!["Umeå".into(), "Atlantis".into()];
    infer_missing(&mut doc);
    assert_eq!(doc.region.as_deref(), Some("Övre Norrland"));
    assert_eq!(doc.inferred, ["region"]);
}
