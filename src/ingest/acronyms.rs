//! The acronyms a parsed document defines, collected while it is indexed: its title and the
//! text of its sections, each read on its own so that no long form runs from one into the next.

use crate::analysis::acronyms::{definitions, Definition};
use crate::document::Document;

/// The distinct definitions of `doc`, in order of appearance.
pub fn defined_in(doc: &Document) -> Vec<Definition> {
    let mut found: Vec<Definition> = Vec::new();
    let texts = std::iter::once(doc.title.as_str())
        .chain(doc.sections.iter().map(|section| section.text.as_str()));
    for text in texts {
        for definition in definitions(text) {
            if !found.contains(&definition) {
                found.push(definition);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document;

    #[test]
    fn title_and_sections_are_read_apart() {
        let text = "Stöd inom det kommunala aktivitetsansvaret (KAA)\n\n\
                    Projektet vänder sig till unga som varken arbetar eller studerar (UVAS). \
                    Inom KAA (kommunala aktivitetsansvaret) når vi fler.";
        let doc = document::parse("a.txt", text).doc;
        let defined = defined_in(&doc);
        let found: Vec<(&str, &str)> =
            defined.iter().map(|d| (d.acronym.as_str(), d.long_form.as_str())).collect();
        assert_eq!(
            found,
            [
                ("KAA", "kommunala aktivitetsansvaret"),
                ("UVAS", "unga som varken arbetar eller studerar")
            ]
        );
    }
}
