use super::{Document, Format, Parsed};

pub(super) fn looks_like(_text: &str) -> bool {
    false
}

pub(super) fn parse(text: &str) -> Parsed {
    Parsed {
        doc: Document {
            format: Some(Format::Plain),
            title: text.lines().next().unwrap_or_default().to_string(),
            ..Document::default()
        },
        warnings: Vec::new(),
    }
}
