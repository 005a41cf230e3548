//! The stored record of a document, written at indexing and read back by every search: the
//! document without its sections, and the sections apart (see `schema::build` for why they
//! are two values). Both are postcard, serde's compact binary form.
//!
//! Encoding the record can fail only in theory (postcard into a growing buffer fails for a
//! sequence of unknown length or a `Serialize` impl that reports an error, and [`Document`]'s
//! derived one does neither), so it reports instead of panicking. The sections are encoded by
//! hand, in postcard's layout, because tantivy asks for them on its indexing thread, where an
//! error has nowhere to go; a test holds the two layouts equal.
//! Decoding can fail: an index written by a projsok whose `Document` differs (the schema
//! version should have caught it) or damaged on disk.

use crate::document::{Document, Section};

/// A stored value that does not decode as this projsok's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Damaged;

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a stored record is damaged")
    }
}

/// The record of `doc` without its sections; `doc` is handed back as it came.
pub fn encode_record(doc: &mut Document) -> Result<Vec<u8>, Unencodable> {
    // The sections are moved out and back, not cloned: a government report's are megabytes.
    let sections = std::mem::take(&mut doc.sections);
    let record = postcard::to_allocvec(&*doc);
    doc.sections = sections;
    record.map_err(|_| Unencodable)
}

/// A document whose record does not encode (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unencodable;

impl std::fmt::Display for Unencodable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("its record does not encode")
    }
}

/// The sections as postcard would encode them: a varint count, then per section the kind's
/// variant index as a varint and two length-prefixed strings.
pub fn encode_sections(sections: &[Section]) -> Vec<u8> {
    let length = sections.iter().map(|s| s.heading.len() + s.text.len() + 12).sum::<usize>();
    let mut out = Vec::with_capacity(length + 10);
    push_varint(&mut out, sections.len() as u64);
    for section in sections {
        push_varint(&mut out, section.kind as u64);
        for text in [&section.heading, &section.text] {
            push_varint(&mut out, text.len() as u64);
            out.extend_from_slice(text.as_bytes());
        }
    }
    out
}

/// LEB128, postcard's varint: seven bits a byte, low first, the high bit set on all but the last.
fn push_varint(out: &mut Vec<u8>, mut number: u64) {
    while number >= 0x80 {
        out.push((number as u8) | 0x80);
        number >>= 7;
    }
    out.push(number as u8);
}

/// The document of a record, with no sections.
pub fn decode_record(bytes: &[u8]) -> Result<Document, Damaged> {
    postcard::from_bytes(bytes).map_err(|_| Damaged)
}

pub fn decode_sections(bytes: &[u8]) -> Result<Vec<Section>, Damaged> {
    postcard::from_bytes(bytes).map_err(|_| Damaged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Format, SectionKind};

    fn full_document() -> Document {
        Document {
            path: "seeds/ä ö/\u{0}x.txt".to_string(),
            format: Some(Format::Transcript),
            title: "Nyanlända\u{a0}i arbete «test»".to_string(),
            program: Some(String::new()),
            phase: Some("Genomförande".to_string()),
            owner: Some("Arbetsförmedlingen".to_string()),
            esf_grant_sek: Some(u64::MAX),
            total_budget_sek: Some(0),
            period_start: Some("2009-01-07".to_string()),
            region: Some("Övre Norrland".to_string()),
            sections: vec![
                Section {
                    kind: SectionKind::Background,
                    heading: "Bakgrund".to_string(),
                    text: "x".repeat(70_000),
                },
                Section {
                    kind: SectionKind::Other,
                    heading: String::new(),
                    text: "🙂".to_string(),
                },
            ],
            kommuner: vec!["Umeå".to_string(), "Malå".to_string()],
            partners: vec![String::new()],
            ..Document::default()
        }
    }

    #[test]
    fn a_record_and_its_sections_decode_to_what_was_encoded() {
        let mut doc = full_document();
        let record = encode_record(&mut doc).unwrap();
        assert_eq!(doc, full_document(), "the sections are handed back");
        let sections = encode_sections(&doc.sections);
        let mut decoded = decode_record(&record).unwrap();
        assert!(decoded.sections.is_empty());
        decoded.sections = decode_sections(&sections).unwrap();
        assert_eq!(decoded, full_document());
    }

    #[test]
    fn damaged_bytes_are_told_not_panicked_on() {
        let mut doc = full_document();
        let record = encode_record(&mut doc).unwrap();
        assert_eq!(decode_record(&record[..record.len() / 2]), Err(Damaged));
        assert_eq!(decode_record(&[0xff; 3]), Err(Damaged));
        assert_eq!(decode_sections(&[0x05]), Err(Damaged));
        assert_eq!(Damaged.to_string(), "a stored record is damaged");
    }

    #[test]
    fn sections_are_encoded_as_postcard_encodes_them() {
        let mut sections = full_document().sections;
        for kind in SectionKind::ALL {
            sections.push(Section { kind, heading: "h".repeat(200), text: "é".repeat(9_000) });
        }
        for count in [0, 1, 2, 127, 128, 300] {
            let some: Vec<Section> = sections.iter().cycle().take(count).cloned().collect();
            assert_eq!(encode_sections(&some), postcard::to_allocvec(&some).unwrap(), "{count}");
        }
        assert_eq!(encode_sections(&[]), [0]);
        let one = [Section { kind: SectionKind::Purpose, heading: "S".into(), text: "åb".into() }];
        assert_eq!(encode_sections(&one), [1, 2, 1, b'S', 3, 0xc3, 0xa5, b'b']);
    }
}
