//! Languages per section: an ESF page whose Sammanfattning is English, another all Swedish
//! (`tests/data/languages/`), indexed with the seeds.

use crate::common::*;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/languages");
const ENGLISH_SUMMARY: &str = "languages/english-summary.txt";
const SWEDISH: &str = "languages/svenska.txt";

fn indexed() -> Env {
    let env = Env::with_seeds();
    let folder = env.join("languages");
    std::fs::create_dir(&folder).unwrap();
    for entry in std::fs::read_dir(DATA).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), folder.join(entry.file_name())).unwrap();
    }
    env.ok(&["index", "seeds", "languages"]);
    env
}

#[test]
fn an_english_summary_is_an_english_section_of_a_swedish_document() {
    let env = indexed();
    let record = env.show(ENGLISH_SUMMARY);
    assert_eq!(record.lang.as_deref(), Some("sv"));
    let langs: Vec<(&str, Option<&str>)> = record
        .sections
        .iter()
        .map(|section| (section.section.as_str(), section.lang.as_deref()))
        .collect();
    assert_eq!(
        langs,
        [("summary", Some("en")), ("background", Some("sv")), ("purpose", Some("sv"))]
    );
    let swedish = env.show(SWEDISH);
    let langs: Vec<Option<&str>> =
        swedish.sections.iter().map(|section| section.lang.as_deref()).collect();
    assert_eq!(langs, [Some("sv")]);
}

#[test]
fn lang_en_finds_a_document_with_an_english_section_and_lang_sv_finds_it_too() {
    let env = indexed();
    // The page's `lang` (its facet value) is its main language, Swedish (above); `--lang`
    // also looks at the languages of its sections.
    let english = env.search(&["--lang", "en"]);
    assert_eq!((english.total, paths(&english)), (1, vec![ENGLISH_SUMMARY]));
    let swedish = env.search(&["--lang", "sv", "--limit", "0"]);
    assert_eq!(swedish.total, 7);
    let both = env.search(&["--lang", "EN", "--lang", "sv", "--limit", "0"]);
    assert_eq!((both.total, both.warnings.len()), (7, 0));
    let unknown = env.search(&["--lang", "de", "--limit", "0"]);
    assert_eq!(
        (unknown.total, unknown.warnings),
        (0, vec!["no document has lang \"de\"".to_string()])
    );
}

#[test]
fn the_english_summary_is_stemmed_as_english() {
    let env = indexed();
    // English Snowball stems "employers" to "employ"; Swedish would leave "employer".
    let hits = env.search(&["employ"]);
    assert_eq!(paths(&hits), [ENGLISH_SUMMARY]);
}
