//! The fields of a document that come from analysis rather than from its text's structure:
//! the kommuner and region its place names point to (when it names none) and its language.

use crate::analysis::language;
use crate::document::Document;
use crate::places;

/// How much text (title, then sections) language detection is given: enough to tell Swedish
/// from English, little enough not to cost a second pass over a long report.
const LANGUAGE_SAMPLE: usize = 4000;

/// The language of a document's title and first sections, as the index records it.
pub fn language_of(doc: &Document) -> language::Lang {
    let mut sample = doc.title.clone();
    for section in &doc.sections {
        if sample.len() > LANGUAGE_SAMPLE {
            break;
        }
        sample.push('\n');
        sample.push_str(&section.text);
    }
    language::detect(&sample)
}

/// Sets the fields that come from analysis rather than the text's structure.
pub fn enrich(doc: &mut Document) {
    places::infer_missing(doc);
    let lang = language_of(doc);
    doc.lang = Some(lang.code().to_string());
    // The same rule the indexer's analysis applies to each section's text, so a section said
    // to be English is the one stemmed as English.
    doc.section_langs = doc
        .sections
        .iter()
        .map(|section| language::detect_decidable(&section.text).unwrap_or(lang).code().to_string())
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document;

    #[test]
    fn places_and_language_are_filled_in() {
        let text = "Unga i Jokkmokk\n\nProjektet drivs av Älvsbyns och Jokkmokks kommuner och \
                    vänder sig till unga som varken arbetar eller studerar i Norrbotten.";
        let mut doc = document::parse("a.txt", text).doc;
        enrich(&mut doc);
        assert_eq!(doc.kommuner, ["Jokkmokk", "Älvsbyn"]);
        assert_eq!(doc.region.as_deref(), Some("Övre Norrland"));
        assert_eq!(doc.inferred, ["kommuner", "region"]);
        assert_eq!(doc.lang.as_deref(), Some("sv"));
    }

    #[test]
    fn an_english_text_is_english() {
        let text = "Young people in work\n\nThe project helps young people who neither work nor \
                    study to find a job or return to school, together with local employers.";
        let mut doc = document::parse("a.txt", text).doc;
        enrich(&mut doc);
        assert_eq!(doc.lang.as_deref(), Some("en"));
        assert!(doc.kommuner.is_empty());
        assert_eq!(doc.region, None);
    }

    #[test]
    fn a_section_long_enough_to_tell_has_its_own_language_and_a_short_one_the_documents() {
        let page = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/languages/english-summary.txt"
        ))
        .unwrap();
        let mut doc = document::parse("a.txt", &page).doc;
        doc.sections[2].text = "Fler i arbete.".to_string();
        enrich(&mut doc);
        assert_eq!(doc.lang.as_deref(), Some("sv"));
        assert_eq!(doc.section_langs, ["en", "sv", "sv"]);
        doc.sections[1].text = "Short.".to_string();
        doc.sections[0].text = doc.sections[0].text.repeat(4);
        enrich(&mut doc);
        assert_eq!(
            (doc.lang.as_deref(), doc.section_langs.iter().map(String::as_str).collect::<Vec<_>>()),
            (Some("en"), vec!["en", "en", "en"])
        );
    }
}
