//! The fields of a document that come from analysis rather than from its text's structure:
//! the kommuner and region its place names point to (when it names none) and its language.

use crate::analysis::language;
use crate::document::Document;
use crate::places;

/// How much text (title, then sections) language detection is given: enough to tell Swedish
/// from English, little enough not to cost a second pass over a long report.
const LANGUAGE_SAMPLE: usize = 4000;

/// Sets the fields that come from analysis rather than the text's structure.
pub fn enrich(doc: &mut Document) {
    places::infer_missing(doc);
    let mut sample = doc.title.clone();
    for section in &doc.sections {
        if sample.len() > LANGUAGE_SAMPLE {
            break;
        }
        sample.push('\n');
        sample.push_str(&section.text);
    }
    doc.lang = Some(language::detect(&sample).code().to_string());
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
}
