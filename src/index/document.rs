//! One parsed [`Document`] as a tantivy document: each text in its own field and in the
//! catch-all fields (analysed once for all of them, see `analysis::cached`), facets, numbers
//! and the stored record.
//!
//! [`IndexDoc`] implements tantivy's `Document` itself and owns the parsed document, pointing
//! each field at the text in it: tantivy queues up to 10,000 documents between the caller and
//! its indexing threads, and copies of every section (one per field, then one in the record)
//! made that queue the largest thing in memory. The stored sections are serialised on the
//! indexing thread, when tantivy asks for them.

use std::sync::OnceLock;

use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::document::{Document as TantivyDocumentTrait, ReferenceValue};
use tantivy::schema::document::{ReferenceValueLeaf, Value};
use tantivy::schema::{Facet, Field, OwnedValue};

use super::fingerprint::Fingerprint;
use super::record;
use super::schema::{section_field, Facet as FacetField, Fields, TextField};
use crate::document::{iso_date, Document};

/// What identifies the file a document came from, for `--update`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Source {
    /// xxh3 of the file's bytes.
    pub content_hash: u64,
    /// Size and modification time (see `ingest::walk`).
    pub file_stamp: u64,
}

/// A document ready for tantivy: the parsed document, and which of its texts go to which
/// fields. Boxed: tantivy's queue lays out room for 40,000 of them whenever a writer opens or
/// commits, and at 696 bytes inline that was 28 MB of fresh pages for every `--update`.
#[derive(Debug)]
pub struct IndexDoc(Box<Parts>);

#[derive(Debug, Default)]
struct Parts {
    doc: Document,
    values: Vec<(Field, Slot)>,
    facets: Vec<String>,
    /// The record without its sections (see `schema::build`).
    record: Vec<u8>,
    sections: OnceLock<Vec<u8>>,
    /// `fingerprint::Fingerprint`, encoded.
    fingerprint: Vec<u8>,
}

/// The stored values of a document up to the record: what a list of hits needs.
pub const STORED_THROUGH_RECORD: usize = 2;
/// The stored values up to the sections: what a snippet needs.
pub const STORED_THROUGH_SECTIONS: usize = 3;
/// Every stored value.
pub const STORED_ALL: usize = 4;

/// The first `VALUES` stored values of a document, in the order [`to_tantivy`] stores them:
/// path, record, sections, content hash. tantivy reads a stored document value by value, so
/// stopping early spares a list of hits the copy of every hit's sections (a government report's
/// are megabytes).
pub struct StoredValues<const VALUES: usize>(pub Vec<(Field, OwnedValue)>);

impl<const VALUES: usize> DocumentDeserialize for StoredValues<VALUES> {
    fn deserialize<'de, D>(mut deserializer: D) -> Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let mut values = Vec::with_capacity(VALUES);
        while values.len() < VALUES {
            match deserializer.next_field()? {
                Some(value) => values.push(value),
                None => break,
            }
        }
        Ok(StoredValues(values))
    }
}

/// Where a field value lives in its [`IndexDoc`].
#[derive(Debug, Clone, Copy)]
enum Slot {
    Path,
    Title,
    Section(usize),
    Name(NameList, usize),
    Facet(usize),
    Record,
    Sections,
    Fingerprint,
    U64(u64),
}

/// The lists of organisation names a document has.
#[derive(Debug, Clone, Copy)]
enum NameList {
    Partners,
    Cofinanciers,
    Participants,
}

/// One value of an [`IndexDoc`], borrowed.
#[derive(Debug, Clone)]
pub enum IndexValue<'a> {
    Str(&'a str),
    Facet(&'a str),
    Bytes(&'a [u8]),
    U64(u64),
}

impl<'a> Value<'a> for IndexValue<'a> {
    type ArrayIter = std::iter::Empty<IndexValue<'a>>;
    type ObjectIter = std::iter::Empty<(&'a str, IndexValue<'a>)>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        ReferenceValue::Leaf(match *self {
            IndexValue::Str(text) => ReferenceValueLeaf::Str(text),
            IndexValue::Facet(encoded) => ReferenceValueLeaf::Facet(encoded),
            IndexValue::Bytes(bytes) => ReferenceValueLeaf::Bytes(bytes),
            IndexValue::U64(number) => ReferenceValueLeaf::U64(number),
        })
    }
}

impl TantivyDocumentTrait for IndexDoc {
    type Value<'a> = IndexValue<'a>;
    type FieldsValuesIter<'a> = Box<dyn Iterator<Item = (Field, IndexValue<'a>)> + 'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        let parts = &*self.0;
        Box::new(parts.values.iter().map(move |(field, slot)| (*field, parts.value(*slot))))
    }
}

impl Parts {
    fn value(&self, slot: Slot) -> IndexValue<'_> {
        let doc = &self.doc;
        match slot {
            Slot::Path => IndexValue::Str(&doc.path),
            Slot::Title => IndexValue::Str(&doc.title),
            Slot::Section(index) => IndexValue::Str(&doc.sections[index].text),
            Slot::Name(list, index) => IndexValue::Str(&self.names(list)[index]),
            Slot::Facet(index) => IndexValue::Facet(&self.facets[index]),
            Slot::Record => IndexValue::Bytes(&self.record),
            Slot::Sections => IndexValue::Bytes(
                self.sections.get_or_init(|| record::encode_sections(&doc.sections)),
            ),
            Slot::Fingerprint => IndexValue::Bytes(&self.fingerprint),
            Slot::U64(number) => IndexValue::U64(number),
        }
    }

    fn names(&self, list: NameList) -> &[String] {
        match list {
            NameList::Partners => &self.doc.partners,
            NameList::Cofinanciers => &self.doc.cofinanciers,
            NameList::Participants => &self.doc.participants,
        }
    }

    /// Sends one text to its own field (if it has one) and to the catch-all fields.
    fn add_shared_text(
        &mut self,
        fields: &Fields,
        field: Option<Field>,
        slot: Slot,
        compounds: bool,
    ) {
        if let Some(field) = field {
            self.values.push((field, slot));
        }
        self.values.push((fields.body, slot));
        if compounds {
            self.values.push((fields.body_parts, slot));
        }
    }

    fn add_facet(&mut self, field: Field, facet: Facet) {
        self.facets.push(facet.encoded_str().to_string());
        self.values.push((field, Slot::Facet(self.facets.len() - 1)));
    }

    fn add_u64(&mut self, field: Field, number: u64) {
        self.values.push((field, Slot::U64(number)));
    }
}

fn facet(value: &str) -> Facet {
    Facet::from_path([value])
}

/// "YYYY-MM-DD" as the sortable number yyyymmdd.
fn sortable_date(date: &str) -> Option<u64> {
    iso_date(date).map(|(year, month, day)| year * 10_000 + month * 100 + day)
}

/// The tantivy document for one parsed document.
pub fn to_tantivy(
    fields: &Fields,
    mut doc: Document,
    source: Source,
    compounds: bool,
) -> Result<IndexDoc, record::Unencodable> {
    let mut out = Parts { record: record::encode_record(&mut doc)?, ..Parts::default() };
    // The stored values first, in the order `StoredValues` counts on.
    out.values.push((fields.path, Slot::Path));
    out.values.push((fields.record, Slot::Record));
    out.values.push((fields.sections, Slot::Sections));
    out.add_u64(fields.content_hash, source.content_hash);
    out.add_u64(fields.file_stamp, source.file_stamp);
    out.fingerprint = Fingerprint::of(&doc).encode();
    out.values.push((fields.fingerprint, Slot::Fingerprint));

    out.add_shared_text(fields, Some(fields.text(TextField::Title)), Slot::Title, compounds);
    for (index, section) in doc.sections.iter().enumerate() {
        let field = section_field(section.kind).map(|field| fields.text(field));
        out.add_shared_text(fields, field, Slot::Section(index), compounds);
    }
    let partners = Some(fields.text(TextField::Partners));
    for (list, names) in [
        (NameList::Partners, &doc.partners),
        (NameList::Cofinanciers, &doc.cofinanciers),
        (NameList::Participants, &doc.participants),
    ] {
        for index in 0..names.len() {
            out.add_shared_text(fields, partners, Slot::Name(list, index), compounds);
        }
    }

    let facets = [
        (FacetField::Region, doc.region.as_slice()),
        (FacetField::Phase, doc.phase.as_slice()),
        (FacetField::Program, doc.program.as_slice()),
        (FacetField::Owner, doc.owner.as_slice()),
        (FacetField::Lang, doc.lang.as_slice()),
        (FacetField::Kommun, doc.kommuner.as_slice()),
        (FacetField::Kind, &[FacetField::kind_of(doc.format).to_string()]),
    ];
    for (which, values) in facets {
        let field = fields.facet(which);
        let mut seen: Vec<&str> = Vec::new();
        for value in values {
            // A facet value twice would count the document twice.
            if !value.is_empty() && !seen.contains(&value.as_str()) {
                seen.push(value);
                out.add_facet(field, facet(value));
            }
        }
    }

    let mut langs: Vec<&str> = Vec::new();
    for lang in doc.lang.iter().chain(&doc.section_langs) {
        if !langs.contains(&lang.as_str()) {
            langs.push(lang);
            out.add_facet(fields.section_lang, facet(lang));
        }
    }

    if let Some(grant) = doc.esf_grant_sek {
        out.add_u64(fields.esf_grant_sek, grant);
    }
    if let Some(budget) = doc.total_budget_sek {
        out.add_u64(fields.total_budget_sek, budget);
    }
    let (start_year, end_year) = doc.period_years();
    if let Some(year) = start_year {
        out.add_u64(fields.start_year, year);
    }
    if let Some(year) = end_year {
        out.add_u64(fields.end_year, year);
    }
    if let Some((first, last)) = doc.counted_years() {
        out.add_u64(fields.first_year, first);
        out.add_u64(fields.last_year, last);
    }
    if let Some(date) = doc.period_start.as_deref().and_then(sortable_date) {
        out.add_u64(fields.start_date, date);
    }
    out.doc = doc;
    Ok(IndexDoc(Box::new(out)))
}

/// `docs` indexed in memory, one segment, compounds off (for tests that need a real index).
#[cfg(test)]
pub(crate) fn searcher_of(docs: Vec<Document>) -> (tantivy::Searcher, Fields) {
    searcher_of_segments(vec![docs])
}

/// Each of `segments` indexed in memory as a segment of its own (one commit each).
#[cfg(test)]
pub(crate) fn searcher_of_segments(segments: Vec<Vec<Document>>) -> (tantivy::Searcher, Fields) {
    let tantivy_schema = super::schema::build();
    let fields = Fields::new(&tantivy_schema).expect("projsok schema");
    let index = tantivy::Index::create_in_ram(tantivy_schema);
    crate::analysis::register(index.tokenizers());
    let mut writer = index.writer_with_num_threads(1, 15_000_000).expect("writer");
    let docs = segments.into_iter().flat_map(|docs| docs.into_iter().map(Some).chain([None]));
    for (n, doc) in docs.enumerate() {
        let Some(doc) = doc else {
            writer.commit().expect("committed");
            continue;
        };
        let source = Source { content_hash: n as u64 + 7, file_stamp: 9 };
        writer
            .add_document(to_tantivy(&fields, doc, source, false).expect("encodes"))
            .expect("added");
    }
    (index.reader().expect("reader").searcher(), fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Section, SectionKind};

    #[test]
    fn stored_values_stop_after_the_ones_asked_for() {
        let doc = Document {
            path: "a.txt".into(),
            title: "Matchning".into(),
            sections: vec![Section {
                kind: SectionKind::Summary,
                heading: "Sammanfattning".into(),
                text: "Projektet stärker matchningen.".into(),
            }],
            ..Document::default()
        };
        let (searcher, fields) = searcher_of(vec![doc]);
        let address = tantivy::DocAddress::new(0, 0);
        let stored_fields = |values: Vec<(Field, OwnedValue)>| -> Vec<Field> {
            values.into_iter().map(|(field, _)| field).collect()
        };

        let StoredValues(values) =
            searcher.doc::<StoredValues<STORED_THROUGH_RECORD>>(address).expect("stored");
        assert_eq!(stored_fields(values), [fields.path, fields.record]);
        let StoredValues(values) =
            searcher.doc::<StoredValues<STORED_THROUGH_SECTIONS>>(address).expect("stored");
        assert_eq!(stored_fields(values), [fields.path, fields.record, fields.sections]);
        let StoredValues(values) =
            searcher.doc::<StoredValues<STORED_ALL>>(address).expect("stored");
        assert_eq!(values.last(), Some(&(fields.content_hash, OwnedValue::U64(7))));
        assert_eq!(values.len(), STORED_ALL);
    }

    #[test]
    fn dates_split_into_year_and_sortable_number() {
        assert_eq!(iso_date("2009-01-07").map(|(year, ..)| year), Some(2009));
        assert_eq!(sortable_date("2009-01-07"), Some(20090107));
        assert_eq!(sortable_date("2009"), None);
        assert_eq!(sortable_date("x-y-z"), None);
    }
}
