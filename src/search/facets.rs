//! Facet values present in the index, and facet counts over a result set.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use foldhash::fast::FixedState;
use tantivy::collector::{Collector, FacetCounts, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::query::{AllQuery, BooleanQuery, EmptyQuery, ExistsQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet as FacetPath, Field, IndexRecordOption};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader, Term};

use crate::index::schema::Facet;
use crate::places;
use crate::text;

/// Every value each facet field holds in the index, for case-insensitive matching of filters,
/// and each segment's facet columns for counting.
#[derive(Default, Clone)]
pub struct FacetValues {
    by_field: BTreeMap<Facet, Vec<String>>,
    segments: HashMap<SegmentId, Arc<SegmentFacets>>,
}

impl std::fmt::Debug for FacetValues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FacetValues").field("by_field", &self.by_field).finish_non_exhaustive()
    }
}

/// One segment's facet columns, in [`Facet::ALL`] order, with the value each ordinal stands
/// for: read once per opened index, so that counting is an array increment per document and
/// value, with no dictionary lookups per query.
struct SegmentFacets {
    columns: Vec<Option<Arc<FacetColumn>>>,
}

pub struct FacetColumn {
    column: StrColumn,
    values: Arc<[String]>,
    max_doc: DocId,
    /// Documents whose values were counted through the column itself.
    counted_through_column: AtomicU64,
    /// Laid out once counting through the column has cost about what laying it out costs (a
    /// pass over every document): a long-running process then counts with array reads, and a
    /// single search does not pay for a table it would not use again (tens of milliseconds
    /// on a million pages).
    by_doc: OnceLock<Arc<DocOrdinals>>,
    /// Per ordinal, where its value stands among every segment's values of the field
    /// ([`FacetValues::by_field`]), [`NOT_LISTED`] for no value: segments' counts are then
    /// summed in an array, not in a map by value.
    listed_at: OnceLock<Arc<[u32]>>,
}

/// The place of a value not among those listed (the empty value, or a segment read after
/// the list).
const NOT_LISTED: u32 = u32::MAX;

impl FacetColumn {
    /// The column's table, if it is laid out or now worth laying out.
    fn table(&self) -> Option<Arc<DocOrdinals>> {
        if let Some(table) = self.by_doc.get() {
            return Some(Arc::clone(table));
        }
        if self.counted_through_column.load(Ordering::Relaxed) < u64::from(self.max_doc) {
            return None;
        }
        let table =
            self.by_doc.get_or_init(|| Arc::new(DocOrdinals::read(&self.column, self.max_doc)));
        Some(Arc::clone(table))
    }

    /// Where each ordinal's value stands in `listed`, the sorted values of the field.
    fn listed_at(&self, listed: &[String]) -> Arc<[u32]> {
        let at = self.listed_at.get_or_init(|| {
            self.values
                .iter()
                .map(|value| match listed.binary_search(value) {
                    Ok(at) if !value.is_empty() => at as u32,
                    _ => NOT_LISTED,
                })
                .collect()
        });
        Arc::clone(at)
    }
}

/// Each document's value ordinals as plain arrays: counting looks a document up with one or
/// two array reads, where the column's own index searches a block (most documents of a mixed
/// collection have no region, phase or programme, and the column stores those sparsely).
enum DocOrdinals {
    /// No document has more than one value (region, phase, programme): `ords[doc]`, or
    /// [`NO_ORDINAL`]. One read per document, of a table half the size of the other form's,
    /// where counting a dense result set waits on memory.
    Single(Vec<u32>),
    /// `ords[starts[doc]..starts[doc + 1]]` (kommuner).
    Several { starts: Vec<u32>, ords: Vec<u32> },
}

/// A document without a value in a [`DocOrdinals::Single`] table: no count has its place.
const NO_ORDINAL: u32 = u32::MAX;

/// Documents whose ordinals are read from the column together when a table is laid out.
const READ_BATCH: u32 = 1024;

/// The value ordinals of a sorted run of `docs` in `column`, into `scratch`: `scratch.docs[i]`
/// has `scratch.ords[i]`, a document once per value. The column finds a sorted run's rows
/// block by block, several times faster than one document at a time.
fn read_ordinals(column: &StrColumn, docs: &[DocId], scratch: &mut Scratch) {
    let column = column.ords();
    let Scratch { docs: row_docs, rows, ords } = scratch;
    row_docs.clear();
    rows.clear();
    column.index.docids_to_rowids(docs, row_docs, rows);
    ords.clear();
    ords.resize(rows.len(), 0);
    column.values.get_vals(rows, ords);
}

impl DocOrdinals {
    fn read(column: &StrColumn, max_doc: DocId) -> DocOrdinals {
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut ords = Vec::new();
        let (mut docs, mut scratch) = (Vec::new(), Scratch::default());
        for batch_start in (0..max_doc).step_by(READ_BATCH as usize) {
            docs.clear();
            docs.extend(batch_start..max_doc.min(batch_start + READ_BATCH));
            read_ordinals(column, &docs, &mut scratch);
            let mut at = 0;
            for &doc in &docs {
                starts.push(ords.len() as u32);
                while at < scratch.docs.len() && scratch.docs[at] == doc {
                    ords.push(scratch.ords[at] as u32);
                    at += 1;
                }
            }
        }
        starts.push(ords.len() as u32);
        if starts.windows(2).all(|pair| pair[1] - pair[0] <= 1) {
            let single = starts
                .windows(2)
                .map(|pair| if pair[1] > pair[0] { ords[pair[0] as usize] } else { NO_ORDINAL })
                .collect();
            return DocOrdinals::Single(single);
        }
        DocOrdinals::Several { starts, ords }
    }

    /// Adds one to the count of each of `doc`'s values.
    fn count(&self, doc: DocId, counts: &mut [u64]) {
        let doc = doc as usize;
        match self {
            DocOrdinals::Single(ords) => {
                if let Some(count) = ords.get(doc).and_then(|&ord| counts.get_mut(ord as usize)) {
                    *count += 1;
                }
            }
            DocOrdinals::Several { starts, ords } => {
                let (Some(&start), Some(&end)) = (starts.get(doc), starts.get(doc + 1)) else {
                    return;
                };
                for &ord in &ords[start as usize..end as usize] {
                    if let Some(count) = counts.get_mut(ord as usize) {
                        *count += 1;
                    }
                }
            }
        }
    }
}

impl SegmentFacets {
    fn read(segment: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let mut columns = Vec::new();
        for facet in Facet::ALL {
            let Some(column) = segment.fast_fields().str(facet.selected_name())? else {
                columns.push(None);
                continue;
            };
            let mut values = Vec::with_capacity(column.num_terms());
            let mut stream = column.dictionary().stream()?;
            while stream.advance() {
                let value = FacetPath::from_encoded(stream.key().to_vec())
                    .ok()
                    .and_then(|facet| facet.to_path().first().map(|value| value.to_string()));
                values.push(value.unwrap_or_default());
            }
            columns.push(Some(Arc::new(FacetColumn {
                column,
                values: values.into(),
                max_doc: segment.max_doc(),
                counted_through_column: AtomicU64::new(0),
                by_doc: OnceLock::new(),
                listed_at: OnceLock::new(),
            })));
        }
        Ok(SegmentFacets { columns })
    }

    fn column(&self, at: usize) -> Option<&Arc<FacetColumn>> {
        self.columns.get(at)?.as_ref()
    }
}

impl FacetValues {
    /// Reads every segment's facet columns and their values (a few hundred: cheap).
    pub fn read(searcher: &Searcher) -> tantivy::Result<FacetValues> {
        let mut segments = HashMap::new();
        for segment in searcher.segment_readers() {
            segments.insert(segment.segment_id(), Arc::new(SegmentFacets::read(segment)?));
        }
        let mut by_field: BTreeMap<Facet, Vec<String>> = BTreeMap::new();
        for (at, facet) in Facet::ALL.into_iter().enumerate() {
            let mut values: Vec<String> = segments
                .values()
                .filter_map(|facets| facets.column(at))
                .flat_map(|column| column.values.iter().filter(|value| !value.is_empty()).cloned())
                .collect();
            values.sort();
            values.dedup();
            by_field.insert(facet, values);
        }
        Ok(FacetValues { by_field, segments })
    }

    /// The indexed values that `value` of facet `field` stands for (recomposed first): every
    /// value equal to it in any case ("Skellefteå kommun" and "SKELLEFTEÅ KOMMUN"), else those
    /// equal with or without å, ä and ö where they are one word ("ovre norrland",
    /// "Skelleftea"), else the gazetteer's name for a region or kommun ("Väst", "Malmö stad").
    /// Empty when no document has it.
    pub fn matching(&self, field: Facet, value: &str) -> Vec<&str> {
        let Some(known) = self.by_field.get(&field) else { return Vec::new() };
        let value = text::recompose(value.trim());
        let wanted = value.to_lowercase();
        let same_case: Vec<&str> = known
            .iter()
            .filter(|known| known.to_lowercase() == wanted)
            .map(String::as_str)
            .collect();
        if !same_case.is_empty() {
            return same_case;
        }
        // Values that fold alike but are different words (Håbo, Habo) are no match for a
        // spelling that is neither; values that differ only in case are one value.
        let folded = fold(&wanted);
        let alike: Vec<&str> = known
            .iter()
            .filter(|known| fold(&known.to_lowercase()) == folded)
            .map(String::as_str)
            .collect();
        if let Some(first) = alike.first().map(|value| value.to_lowercase()) {
            if alike.iter().all(|value| value.to_lowercase() == first) {
                return alike;
            }
        }
        let named = match field {
            Facet::Region => places::region(&value),
            Facet::Kommun => places::kommun(&value).map(|kommun| kommun.name),
            _ => None,
        };
        named
            .and_then(|named| known.iter().find(|known| *known == named))
            .map(String::as_str)
            .into_iter()
            .collect()
    }

    /// The warning for a `value` of `field` that no document has, naming the values of the
    /// index nearest to it by edit distance (without case and diacritics), if any are near:
    /// `no document has region "Ovre Norland"; did you mean Övre Norrland?`.
    pub fn unknown_value(&self, field: Facet, value: &str) -> String {
        let nearest = self.nearest(field, value);
        let mut warning = format!("no document has {field} \"{value}\"");
        if let Some((last, first)) = nearest.split_last() {
            let first = first.join(", ");
            let joined =
                if first.is_empty() { last.to_string() } else { format!("{first} or {last}") };
            warning.push_str(&format!("; did you mean {joined}?"));
        }
        warning
    }

    /// Up to three values of `field` nearest to `value`, nearest first: at most a third of the
    /// longer word's letters apart (at least one), or starting with what was typed.
    fn nearest(&self, field: Facet, value: &str) -> Vec<&str> {
        let wanted = fold(&value.trim().to_lowercase());
        if wanted.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(usize, &str)> = self
            .values(field)
            .iter()
            .filter_map(|known| {
                let candidate = fold(&known.to_lowercase());
                let distance = text::edit_distance(&wanted, &candidate);
                let longer = wanted.chars().count().max(candidate.chars().count());
                let allowed = (longer / 3).max(1);
                let prefix = wanted.chars().count() >= 3 && candidate.starts_with(&wanted);
                (distance <= allowed || prefix).then_some((distance, known.as_str()))
            })
            .collect();
        scored.sort();
        scored.into_iter().take(3).map(|(_, known)| known).collect()
    }

    pub fn values(&self, field: Facet) -> &[String] {
        self.by_field.get(&field).map(Vec::as_slice).unwrap_or_default()
    }
}

/// Lower-cased text folded to ASCII, for matching values typed without å, ä and ö.
fn fold(lower: &str) -> String {
    text::fold(lower)
}

/// The query for the documents whose facet `field` holds any of the indexed `values` (from
/// [`FacetValues::matching`]); nothing matches when there are none.
pub(crate) fn any_value(field: Field, values: &[&str]) -> Box<dyn Query> {
    if values.is_empty() {
        return Box::new(EmptyQuery);
    }
    let alternatives = values.iter().map(|value| {
        let term = Term::from_facet(field, &FacetPath::from_path([*value]));
        let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
        (Occur::Should, query)
    });
    Box::new(BooleanQuery::new(alternatives.collect()))
}

/// The facet value that stands for "no value": `--phase okänd` keeps the documents that state
/// no phase, and the disjunctive counts of `facets` name that bucket so (Swedish, as the
/// documents' labels and [`crate::search::browse::UNKNOWN_REGION`] are). No facet of the corpus
/// holds it as a value; language has none, as every document has one.
pub const NO_VALUE: &str = "okänd";

/// Whether a filter value asks for the documents without a value: `okänd`, also typed
/// without ä, as every facet value may be.
pub fn is_no_value(value: &str) -> bool {
    fold(&value.trim().to_lowercase()) == fold(NO_VALUE)
}

/// `any` or the documents whose `facet` holds no value at all.
pub(crate) fn or_without(any: Box<dyn Query>, facet: Facet) -> Box<dyn Query> {
    let all: Box<dyn Query> = Box::new(AllQuery);
    let with_value: Box<dyn Query> = Box::new(ExistsQuery::new(facet.name().to_string(), false));
    let without: Box<dyn Query> =
        Box::new(BooleanQuery::new(vec![(Occur::Must, all), (Occur::MustNot, with_value)]));
    Box::new(BooleanQuery::new(vec![(Occur::Should, any), (Occur::Should, without)]))
}

/// Counts the values of several facet fields over the matching documents in one pass, with
/// the columns and value tables [`FacetValues`] read when the index was opened. (tantivy's
/// `FacetCollector` walks each segment's facet dictionary on every query, and looks every
/// counted value up again when it hands the counts over.)
pub struct FacetCounter<'a> {
    values: &'a FacetValues,
    /// Positions in [`Facet::ALL`] of the fields to count.
    wanted: Vec<usize>,
}

impl<'a> FacetCounter<'a> {
    /// Counts `fields`.
    pub fn new(values: &'a FacetValues, fields: &[Facet]) -> FacetCounter<'a> {
        let wanted = fields.iter().map(|facet| *facet as usize).collect();
        FacetCounter { values, wanted }
    }
}

/// Per counted field: (value, number of documents), sorted as [`sorted_value_counts`].
pub type FieldCounts = Vec<Vec<(String, u64)>>;

/// One segment's counts per counted field: its value table and a count per value (`None`
/// when the segment has no such column).
pub type SegmentCounts = Vec<Option<(Arc<FacetColumn>, Vec<u64>)>>;

impl Collector for FacetCounter<'_> {
    type Fruit = FieldCounts;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let facets = match self.values.segments.get(&segment.segment_id()) {
            Some(facets) => facets.clone(),
            None => Arc::new(SegmentFacets::read(segment)?),
        };
        let columns = self
            .wanted
            .iter()
            .map(|&at| {
                let column = facets.column(at)?;
                Some(CountedColumn {
                    table: column.table(),
                    counts: vec![0; column.values.len()],
                    column: Arc::clone(column),
                    counted_through_column: 0,
                })
            })
            .collect();
        Ok(SegmentFacetCounter {
            columns,
            pending: Vec::with_capacity(COUNT_BATCH),
            scratch: Scratch::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentCounts>) -> tantivy::Result<FieldCounts> {
        let no_values = Vec::new();
        let merged = self.wanted.iter().enumerate().map(|(counted, &at)| {
            let listed = self.values.by_field.get(&Facet::ALL[at]).unwrap_or(&no_values);
            let mut totals = vec![0u64; listed.len()];
            let mut unlisted: HashMap<&str, u64, FixedState> = HashMap::default();
            for segment in &segments {
                let Some(Some((column, counts))) = segment.get(counted) else { continue };
                let listed_at = column.listed_at(listed);
                for ((&count, &listed_at), value) in
                    counts.iter().zip(&*listed_at).zip(&*column.values)
                {
                    if count == 0 {
                        continue;
                    }
                    match totals.get_mut(listed_at as usize) {
                        Some(total) => *total += count,
                        None if !value.is_empty() => *unlisted.entry(value).or_default() += count,
                        None => {}
                    }
                }
            }
            // `listed` is sorted, so its places order equal counts by value, as
            // `sorted_value_counts` does, with no string compared.
            let mut by_count: Vec<(u64, usize)> = totals
                .into_iter()
                .enumerate()
                .filter(|&(_, count)| count > 0)
                .map(|(at, count)| (count, at))
                .collect();
            by_count.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let mut counts: Vec<(String, u64)> =
                by_count.into_iter().map(|(count, at)| (listed[at].clone(), count)).collect();
            if !unlisted.is_empty() {
                counts
                    .extend(unlisted.into_iter().map(|(value, count)| (value.to_string(), count)));
                sort_by_count(&mut counts);
            }
            counts
        });
        Ok(merged.collect())
    }
}

pub struct SegmentFacetCounter {
    /// Per counted field, `None` when the segment has no such column.
    columns: Vec<Option<CountedColumn>>,
    /// Matching documents not counted yet, in increasing order.
    pending: Vec<DocId>,
    scratch: Scratch,
}

struct CountedColumn {
    column: Arc<FacetColumn>,
    /// The column's table, if laid out; else the column itself is read.
    table: Option<Arc<DocOrdinals>>,
    counts: Vec<u64>,
    counted_through_column: u64,
}

/// Documents counted together, one column after the other: a column's reads of a batch do
/// not wait on each other, where one document's reads of every column, between the scorers'
/// work on the next, each waited on memory (a fifth of a search's time at 100,000 pages), and
/// a column without a table finds a sorted run's rows block by block (see [`read_ordinals`]).
const COUNT_BATCH: usize = 64;

/// Buffers reused from batch to batch.
#[derive(Default)]
struct Scratch {
    /// The document of each ordinal.
    docs: Vec<DocId>,
    rows: Vec<u32>,
    ords: Vec<u64>,
}

impl CountedColumn {
    fn count(&mut self, docs: &[DocId], scratch: &mut Scratch) {
        if let Some(table) = &self.table {
            for &doc in docs {
                table.count(doc, &mut self.counts);
            }
            return;
        }
        read_ordinals(&self.column.column, docs, scratch);
        for &ord in &scratch.ords {
            if let Some(count) = self.counts.get_mut(ord as usize) {
                *count += 1;
            }
        }
        self.counted_through_column += docs.len() as u64;
    }
}

impl SegmentFacetCounter {
    fn count_pending(&mut self) {
        for column in self.columns.iter_mut().flatten() {
            column.count(&self.pending, &mut self.scratch);
        }
        self.pending.clear();
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.pending.push(doc);
        if self.pending.len() == COUNT_BATCH {
            self.count_pending();
        }
    }

    fn harvest(mut self) -> SegmentCounts {
        self.count_pending();
        self.columns
            .into_iter()
            .map(|column| {
                let column = column?;
                if column.table.is_none() {
                    column
                        .column
                        .counted_through_column
                        .fetch_add(column.counted_through_column, Ordering::Relaxed);
                }
                Some((Arc::clone(&column.column), column.counts))
            })
            .collect()
    }
}

/// Counts per value, sorted by count (descending) then value.
pub fn sorted_value_counts(counts: HashMap<String, u64>) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = counts.into_iter().collect();
    sort_by_count(&mut out);
    out
}

fn sort_by_count(counts: &mut [(String, u64)]) {
    counts.sort_unstable_by(|(a_value, a_count), (b_value, b_count)| {
        b_count.cmp(a_count).then_with(|| a_value.cmp(b_value))
    });
}

/// Counts per value of tantivy's `FacetCollector`, sorted as [`sorted_value_counts`].
pub fn sorted_counts(counts: &FacetCounts) -> Vec<(String, u64)> {
    let by_value = counts.get("/").filter_map(|(facet, count)| {
        facet.to_path().first().map(|value| (value.to_string(), count))
    });
    sorted_value_counts(by_value.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn okand_is_no_value_with_or_without_its_accent() {
        for typed in ["okänd", "OKÄND", " okand ", "Okand"] {
            assert!(is_no_value(typed), "{typed}");
        }
        for typed in ["okänt", "okända", "ok", ""] {
            assert!(!is_no_value(typed), "{typed}");
        }
    }
    use crate::document::Document;
    use crate::index::document::{searcher_of, searcher_of_segments};

    #[test]
    fn values_match_without_case_and_diacritics_and_unknown_ones_get_the_nearest() {
        let docs =
            [("Övre Norrland", "Skellefteå"), ("Västsverige", "Malmö"), ("Sydsverige", "Habo")];
        let docs = docs.into_iter().enumerate().map(|(n, (region, kommun))| Document {
            path: format!("{n}.txt"),
            title: "Projekt".into(),
            region: Some(region.into()),
            kommuner: vec![kommun.into(), "Håbo".into()],
            phase: Some("Genomförande".into()),
            ..Document::default()
        });
        let (searcher, _) = searcher_of(docs.collect());
        let values = FacetValues::read(&searcher).expect("facet values");
        assert_eq!(values.matching(Facet::Region, "ovre norrland"), ["Övre Norrland"]);
        assert_eq!(values.matching(Facet::Region, "ÖVRE NORRLAND"), ["Övre Norrland"]);
        assert_eq!(values.matching(Facet::Region, "O\u{308}vre Norrland"), ["Övre Norrland"]);
        assert_eq!(values.matching(Facet::Region, "Väst"), ["Västsverige"]);
        assert_eq!(values.matching(Facet::Kommun, "Skelleftea"), ["Skellefteå"]);
        assert_eq!(values.matching(Facet::Kommun, "Malmö stad"), ["Malmö"]);
        assert_eq!(values.matching(Facet::Phase, "genomforande"), ["Genomförande"]);
        // Two values fold alike: only the exact spelling picks one.
        assert_eq!(values.matching(Facet::Kommun, "habo"), ["Habo"]);
        assert_eq!(values.matching(Facet::Kommun, "Håbo"), ["Håbo"]);
        assert_eq!(values.matching(Facet::Kommun, "Habö"), Vec::<&str>::new());
        assert!(values.matching(Facet::Region, "Stockholm").is_empty());
        assert_eq!(
            values.unknown_value(Facet::Region, "ovre norland"),
            "no document has region \"ovre norland\"; did you mean Övre Norrland?"
        );
        assert_eq!(
            values.unknown_value(Facet::Kommun, "Hobo"),
            "no document has kommun \"Hobo\"; did you mean Habo or Håbo?"
        );
        assert_eq!(
            values.unknown_value(Facet::Phase, "genomför"),
            "no document has phase \"genomför\"; did you mean Genomförande?"
        );
        assert_eq!(
            values.unknown_value(Facet::Region, "Atlantis"),
            "no document has region \"Atlantis\""
        );
        assert_eq!(values.unknown_value(Facet::Lang, ""), "no document has lang \"\"");
    }

    #[test]
    fn counts_through_the_column_and_through_the_table_agree() {
        let regions = [Some("Övre Norrland"), None, Some("Stockholm"), Some("Övre Norrland")];
        let docs = regions.into_iter().enumerate().map(|(n, region)| Document {
            path: format!("{n}.txt"),
            title: "Projekt".into(),
            region: region.map(str::to_string),
            // Two kommuner for the first document, one for the second, none for the rest.
            kommuner: ["Umeå", "Luleå"].iter().take(2 - n.min(2)).map(|k| k.to_string()).collect(),
            ..Document::default()
        });
        let (searcher, _) = searcher_of(docs.collect());
        let values = FacetValues::read(&searcher).expect("facet values");
        let counter = FacetCounter::new(&values, &[Facet::Region, Facet::Kommun, Facet::Phase]);
        let expected: FieldCounts = vec![
            vec![("Övre Norrland".into(), 2), ("Stockholm".into(), 1)],
            vec![("Umeå".into(), 2), ("Luleå".into(), 1)],
            vec![],
        ];
        // The first count reads the columns and passes the segment's four documents: the
        // second lays the tables out and counts with them.
        for _ in 0..3 {
            assert_eq!(searcher.search(&AllQuery, &counter).expect("counts"), expected);
        }
        let facets = values.segments.values().next().expect("one segment");
        let table = |facet: Facet| facets.column(facet as usize)?.by_doc.get().cloned();
        // A region per document at most: one ordinal each. Two kommuner for the first: runs.
        assert!(matches!(table(Facet::Region).as_deref(), Some(DocOrdinals::Single(_))));
        assert!(matches!(table(Facet::Kommun).as_deref(), Some(DocOrdinals::Several { .. })));
    }

    /// Segments' counts are summed by each value's place among all the values read, and
    /// segments read after them (their values unlisted) still count each of their values.
    #[test]
    fn counts_of_several_segments_add_up_by_value() {
        let doc = |n: u64, region: &str, kommuner: &[&str]| Document {
            path: format!("{n}.txt"),
            title: "Projekt".into(),
            region: Some(region.into()),
            kommuner: kommuner.iter().map(|k| k.to_string()).collect(),
            ..Document::default()
        };
        let first =
            vec![doc(1, "Övre Norrland", &["Umeå", "Luleå"]), doc(2, "Stockholm", &["Umeå"])];
        let second = vec![
            doc(3, "Stockholm", &["Kiruna"]),
            doc(4, "Västsverige", &["Luleå"]),
            doc(5, "Västsverige", &[]),
        ];
        let (earlier, _) = searcher_of(first.clone());
        let (both, _) = searcher_of_segments(vec![first, second]);
        assert_eq!(both.segment_readers().len(), 2);
        let expected: FieldCounts = vec![
            vec![("Stockholm".into(), 2), ("Västsverige".into(), 2), ("Övre Norrland".into(), 1)],
            vec![("Luleå".into(), 2), ("Umeå".into(), 2), ("Kiruna".into(), 1)],
        ];
        let fields = [Facet::Region, Facet::Kommun];
        let values = FacetValues::read(&both).expect("facet values");
        let counted = both.search(&AllQuery, &FacetCounter::new(&values, &fields));
        assert_eq!(counted.expect("counts"), expected);
        // Values of another index with the first documents only: no segment of `both` is
        // among them, and Västsverige and Kiruna are in no list.
        let earlier = FacetValues::read(&earlier).expect("facet values");
        let counted = both.search(&AllQuery, &FacetCounter::new(&earlier, &fields));
        assert_eq!(counted.expect("counts"), expected);
    }
}
