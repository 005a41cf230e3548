//! Every document matching a request, in a stable order, for export: the addresses only, so
//! that the caller can load and write one record at a time however many there are.

use std::cmp::Ordering;

use tantivy::collector::TopDocs;
use tantivy::{DocAddress, Order, Searcher};

use super::budget::{self, Checked};
use super::{request_query, Engine, Request, RequestQuery, Sort};
use crate::analysis::synonyms::Synonyms;
use crate::document::Document;
use crate::error::{Error, Result};
use crate::index::schema::Number;
use crate::index::OpenIndex;

/// Paths read between two checks of the time budget.
const CHECK_EVERY: usize = 4096;

/// The matching documents of a request, in order.
pub struct Matches {
    pub searcher: Searcher,
    pub addresses: Vec<DocAddress>,
    /// The path (id) of each address, in the same order.
    pub paths: Vec<String>,
    /// With `collapse`: per address, the paths of the other matches of its cluster of
    /// near-duplicates, which are not among the addresses (see [`super::collapse`]).
    pub versions: Option<Vec<Vec<String>>>,
    pub warnings: Vec<String>,
}

impl Matches {
    /// The matched records, loaded one at a time as they are asked for.
    pub fn records<'a>(
        &'a self,
        engine: &'a Engine,
    ) -> impl Iterator<Item = Result<Document>> + 'a {
        let index = engine.index();
        self.addresses.iter().map(|address| super::load_record(&self.searcher, index, *address))
    }
}

/// Every document `search` would find for `request` (its limit and offset are ignored; no
/// document has all the words, then those with some), ordered by
/// `request.sort`: by score as `search` ranks its hits (see [`by_score`]); ESF-stöd or budget
/// from the highest, start date from the earliest, documents without the value last, ties by
/// path.
pub fn matches(engine: &Engine, synonyms: &Synonyms, request: &Request) -> Result<Matches> {
    let index = engine.index();
    let searcher = index.searcher();
    if request.sort == Sort::Score {
        return by_score(engine, synonyms, request);
    }
    let index_error = |err: tantivy::TantivyError| Error::index(&index.dir, err);
    let RequestQuery { query, warnings, matches: count } =
        request_query(engine, synonyms, request, false)?;
    if count == 0 {
        let versions = request.collapse.then(Vec::new);
        return Ok(Matches {
            searcher,
            addresses: Vec::new(),
            paths: Vec::new(),
            versions,
            warnings,
        });
    }
    let top = TopDocs::with_limit(count);
    // (key, address) with the key oriented so that larger comes first.
    let (number, order) = request.sort.column().unwrap_or((Number::StartDate, Order::Asc));
    let field = number.name();
    let sign = if order == Order::Desc { 1.0 } else { -1.0 };
    let keyed: Vec<(Option<f64>, DocAddress)> = searcher
        .search(&query, &Checked::new(top.order_by_fast_field::<u64>(field, order)))
        .map_err(index_error)?
        .into_iter()
        .map(|(value, address)| (value.map(|value| sign * value as f64), address))
        .collect();
    let paths = paths(index, &searcher, &keyed)?;
    let mut order: Vec<usize> = (0..keyed.len()).collect();
    order.sort_by(|&a, &b| {
        let by_key = match (keyed[a].0, keyed[b].0) {
            (Some(a), Some(b)) => b.total_cmp(&a),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by_key.then_with(|| paths[a].cmp(&paths[b]))
    });
    let addresses: Vec<DocAddress> = order.iter().map(|&at| keyed[at].1).collect();
    let mut paths: Vec<Option<String>> = paths.into_iter().map(Some).collect();
    let paths: Vec<String> = order.iter().map(|&at| paths[at].take().unwrap_or_default()).collect();
    if !request.collapse {
        return Ok(Matches { searcher, addresses, paths, versions: None, warnings });
    }
    collapsed(engine, searcher, addresses, paths, warnings)
}

/// The matches with each cluster of near-duplicates kept at its first.
fn collapsed(
    engine: &Engine,
    searcher: Searcher,
    addresses: Vec<DocAddress>,
    paths: Vec<String>,
    warnings: Vec<String>,
) -> Result<Matches> {
    let clusters = engine.clusters();
    let kept =
        super::collapse::collapse(addresses.into_iter().zip(paths).collect(), |(_, path)| {
            clusters.cluster_of(path).map(|id| id as u32)
        });
    let mut addresses = Vec::with_capacity(kept.len());
    let mut paths = Vec::with_capacity(kept.len());
    let mut versions = Vec::with_capacity(kept.len());
    for ((address, path), others) in kept {
        addresses.push(address);
        paths.push(path);
        versions.push(others.into_iter().map(|(_, path)| path).collect());
    }
    Ok(Matches { searcher, addresses, paths, versions: Some(versions), warnings })
}

/// The matches ranked as `search` ranks its hits, with its statistics and its order of equal
/// scores: `-l` lists the ids of the hits `--json` shows, in their order. Ranked apart, the
/// list scored with the segment's own statistics and put equal scores in path order.
fn by_score(engine: &Engine, synonyms: &Synonyms, request: &Request) -> Result<Matches> {
    let index = engine.index();
    // Collapsed below, with the other members of each cluster kept as its versions.
    let every =
        Request { limit: index.searcher().num_docs() as usize, collapse: false, ..request.clone() };
    let super::Ranked { searcher, hits, warnings, .. } = super::ranked(engine, synonyms, &every)?;
    let keyed: Vec<(Option<f64>, DocAddress)> =
        hits.into_iter().map(|(score, address)| (score.map(f64::from), address)).collect();
    let paths = paths(index, &searcher, &keyed)?;
    let addresses: Vec<DocAddress> = keyed.iter().map(|(_, address)| *address).collect();
    if !request.collapse {
        return Ok(Matches { searcher, addresses, paths, versions: None, warnings });
    }
    collapsed(engine, searcher, addresses, paths, warnings)
}

/// The path of each document, read from the fast field rather than the stored record.
fn paths(
    index: &OpenIndex,
    searcher: &Searcher,
    keyed: &[(Option<f64>, DocAddress)],
) -> Result<Vec<String>> {
    let index_error = |err: tantivy::TantivyError| Error::index(&index.dir, err);
    let mut columns = Vec::new();
    for segment in searcher.segment_readers() {
        columns.push(segment.fast_fields().str("path").map_err(index_error)?);
    }
    let mut paths = Vec::with_capacity(keyed.len());
    for (n, (_, address)) in keyed.iter().enumerate() {
        if n % CHECK_EVERY == 0 {
            budget::check()?;
        }
        let mut path = String::new();
        if let Some(column) = &columns[address.segment_ord as usize] {
            if let Some(ord) = column.term_ords(address.doc_id).next() {
                column
                    .ord_to_str(ord, &mut path)
                    .map_err(|err| Error::index(&index.dir, crate::error::io_reason(&err)))?;
            }
        }
        paths.push(path);
    }
    Ok(paths)
}
