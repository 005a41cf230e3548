//! Near-duplicates and versions among all the documents of a generation, worked out from their
//! fingerprints (`index::fingerprint`) each time a generation is written or updated, and kept
//! beside it (`clusters.bin`): every document's cluster id and its versions.
//!
//! - **Clusters**: two documents whose text signatures agree in at least
//!   [`DUPLICATE_SIMILARITY`] of their bins (an estimated Jaccard similarity of their word
//!   3-shingles) are near-duplicates, and the near-duplicate relation's connected components
//!   are the clusters: two copies of a directive, a page and its re-export. A document in no
//!   cluster is its own.
//! - **Versions** of a document: the other members of its cluster, and the documents with the
//!   same owner (projektägare; documents without one, the government's, are compared as one
//!   owner's) whose problem text is at least [`VERSION_SIMILARITY`] alike or whose title has
//!   the same content words (see `fingerprint::title_key`; a key shared by more than
//!   [`MAX_TITLE_SHARERS`] documents is a generic title, "Förlängd tid för uppdraget", and
//!   links nothing): a Förprojektering and its Genomförande, a bill and its lagrådsremiss.
//!
//! Candidate pairs come from locality-sensitive hashing: the signature cut into [`BANDS`]
//! bands of [`ROWS`] bins, two documents a candidate when a band is equal. A pair at 0.5 is
//! found with a probability of 1 − (1 − 0.5²)³² > 0.9999, one at 0.8 with more. Recomputed from
//! every live document on each commit, so an `--update` that adds, changes or deletes
//! documents leaves the clusters exactly as a rebuild would make them; it reads one fast
//! column per document, no stored text.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::columnar::BytesColumn;
use tantivy::{DocId, Index, Searcher, SegmentReader};

use super::fingerprint::Fingerprint;
use super::fingerprint::{similarity, Bin, BINS};

/// The table's file in a generation's folder.
pub const FILE: &str = "clusters.bin";
/// The estimated Jaccard similarity from which two texts are near-duplicates.
pub const DUPLICATE_SIMILARITY: f32 = 0.8;
/// The estimated Jaccard similarity from which two texts of one owner are versions.
pub const VERSION_SIMILARITY: f32 = 0.5;
/// Documents that may share a title key and be versions by it.
pub const MAX_TITLE_SHARERS: usize = 4;
/// Bands of the signature, and bins per band: `BANDS * ROWS == BINS`.
const BANDS: usize = 32;
const ROWS: usize = 2;
/// A bucket of more documents is a template many share: its members are compared with their
/// neighbours in path order and with its first, not pair by pair.
const MAX_BUCKET: usize = 300;
/// The table's layout; a table of another version is not read.
const VERSION: u32 = 1;

/// Why two documents are versions of each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LinkKind {
    /// In one cluster of near-duplicates.
    NearDuplicate,
    /// Same owner, problem text at least [`VERSION_SIMILARITY`] alike.
    SimilarText,
    /// Same owner, the same content words in the title.
    SimilarTitle,
}

impl LinkKind {
    pub fn name(self) -> &'static str {
        match self {
            LinkKind::NearDuplicate => "near-duplicate",
            LinkKind::SimilarText => "similar text",
            LinkKind::SimilarTitle => "similar title",
        }
    }
}

/// A version of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub path: String,
    pub kind: LinkKind,
    /// The estimated Jaccard similarity of the two texts; `None` where one has no signature.
    pub similarity: Option<f32>,
}

/// A cluster of near-duplicates: at least two documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// In path order, each with its estimated similarity to the first (1 for the first).
    pub members: Vec<(String, f32)>,
}

/// The generation's clusters and versions. A `show` or `similar` needs one document's
/// versions, and decoding every document's (tens of thousands of paths on g0vse) cost 35 ms a
/// process: the versions stay encoded, one entry per document, found by its path's hash.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clusters {
    head: Head,
    /// Each document's path and versions (postcard), where `head.versions` points.
    blob: Vec<u8>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Head {
    version: u32,
    /// In the order of their first member's path.
    clusters: Vec<Cluster>,
    /// (xxh3 of a path, its cluster's place in `clusters`) for the documents in one, by hash.
    cluster_of: Vec<(u64, u32)>,
    /// (xxh3 of a path, start, end of its entry in the blob) for the documents with versions,
    /// by hash.
    versions: Vec<(u64, u32, u32)>,
}

fn path_hash(path: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(path.as_bytes())
}

impl Clusters {
    pub fn clusters(&self) -> &[Cluster] {
        &self.head.clusters
    }

    /// The cluster id of the document at `path`, when it is in a cluster of several.
    pub fn cluster_of(&self, path: &str) -> Option<usize> {
        let table = &self.head.cluster_of;
        let at = table.binary_search_by_key(&path_hash(path), |&(hash, _)| hash).ok()?;
        let id = table[at].1 as usize;
        // A hash is not the path: the cluster must hold it.
        let cluster = self.head.clusters.get(id)?;
        cluster.members.iter().any(|(member, _)| member == path).then_some(id)
    }

    pub fn cluster(&self, id: usize) -> Option<&Cluster> {
        self.head.clusters.get(id)
    }

    /// The versions of the document at `path`, most alike first.
    pub fn versions_of(&self, path: &str) -> Vec<Link> {
        let table = &self.head.versions;
        let Ok(at) = table.binary_search_by_key(&path_hash(path), |&(hash, _, _)| hash) else {
            return Vec::new();
        };
        let (_, start, end) = table[at];
        let Some(bytes) = self.blob.get(start as usize..end as usize) else { return Vec::new() };
        match postcard::from_bytes::<(String, Vec<Link>)>(bytes) {
            Ok((owner, links)) if owner == path => links,
            _ => Vec::new(),
        }
    }

    /// Documents in clusters of several.
    pub fn clustered_documents(&self) -> usize {
        self.head.cluster_of.len()
    }

    /// Documents with versions.
    pub fn documents_with_versions(&self) -> usize {
        self.head.versions.len()
    }
}

/// Works the clusters and versions out from the fingerprints of the live documents of
/// `index`'s committed segments. One segment is open at a time: its columns are mapped, and
/// held over the whole index they stayed resident beside the fingerprints of every document.
pub fn compute(index: &Index) -> tantivy::Result<Clusters> {
    let segments = index.searchable_segments()?;
    let live = segments.iter().map(|segment| segment.meta().num_docs() as usize).sum();
    let mut docs: Vec<(String, Fingerprint)> = Vec::with_capacity(live);
    for segment in segments {
        fingerprints(&SegmentReader::open(&segment)?, &mut docs)?;
    }
    Ok(group(docs))
}

/// [`compute`] over the segments `searcher` reads: for a generation whose table was not
/// written for them (an update killed after its commit, see [`read_key`]).
pub fn compute_for(searcher: &Searcher) -> tantivy::Result<Clusters> {
    let mut docs: Vec<(String, Fingerprint)> = Vec::with_capacity(searcher.num_docs() as usize);
    for segment in searcher.segment_readers() {
        fingerprints(segment, &mut docs)?;
    }
    Ok(group(docs))
}

/// Adds the path and fingerprint of every live document of `segment` to `docs`.
fn fingerprints(
    segment: &SegmentReader,
    docs: &mut Vec<(String, Fingerprint)>,
) -> tantivy::Result<()> {
    let fast = segment.fast_fields();
    let (Some(paths), Some(prints)) = (fast.str("path")?, fast.bytes("fingerprint")?) else {
        return Ok(());
    };
    let paths = BytesColumn::from(paths);
    // A path is one live document's (a segment holds another with it only deleted), so each
    // is moved out once; a fingerprint may be several documents' (copies of one text).
    let mut path_of = super::terms_by_ordinal(&paths, |bytes| {
        std::str::from_utf8(bytes).ok().map(str::to_string)
    })?;
    let print_of = super::terms_by_ordinal(&prints, Fingerprint::decode)?;
    // In path order (the dictionary's), so that each segment adds a sorted run and `group`'s
    // sort by path merges runs: sorting a million documents from scratch was a tenth of an
    // update's CPU.
    let mut by_path: Vec<(u64, DocId)> = segment
        .doc_ids_alive()
        .filter_map(|doc| Some((paths.term_ords(doc).next()?, doc)))
        .collect();
    by_path.sort_unstable();
    for (path_ord, doc) in by_path {
        let Some(print_ord) = prints.term_ords(doc).next() else { continue };
        let Some(Some(print)) = print_of.get(print_ord as usize) else { continue };
        let Some(slot) = path_of.get_mut(path_ord as usize) else { continue };
        let path = match slot.take() {
            Some(path) => path,
            None => {
                let mut bytes = Vec::new();
                paths.ord_to_bytes(path_ord, &mut bytes)?;
                match String::from_utf8(bytes) {
                    Ok(path) => path,
                    Err(_) => continue,
                }
            }
        };
        docs.push((path, print.clone()));
    }
    Ok(())
}

pub fn group(mut docs: Vec<(String, Fingerprint)>) -> Clusters {
    docs.sort_by(|a, b| a.0.cmp(&b.0));
    let pairs = candidate_pairs(&docs);
    let mut parent: Vec<u32> = (0..docs.len() as u32).collect();
    let mut links: HashMap<u32, Vec<Found>> = HashMap::new();
    let mut link = |a: u32, b: u32, kind: LinkKind, alike: Option<f32>| {
        links.entry(a).or_default().push((b, kind, alike));
        links.entry(b).or_default().push((a, kind, alike));
    };
    let text_similarity = |a: usize, b: usize| match (&docs[a].1.signature, &docs[b].1.signature) {
        (Some(a), Some(b)) => Some(similarity(a, b)),
        _ => None,
    };
    for &(a, b) in &pairs {
        let Some(alike) = text_similarity(a as usize, b as usize) else { continue };
        if alike >= DUPLICATE_SIMILARITY {
            union(&mut parent, a, b);
        } else if alike >= VERSION_SIMILARITY
            && docs[a as usize].1.owner == docs[b as usize].1.owner
        {
            link(a, b, LinkKind::SimilarText, Some(alike));
        }
    }
    // Sorted, not a map of every document's title: a group is a run of equal keys, its
    // members in path order.
    let mut by_title: Vec<(u64, u64, u32)> = docs
        .iter()
        .enumerate()
        .filter(|(_, (_, print))| print.title != 0)
        .map(|(at, (_, print))| (print.owner, print.title, at as u32))
        .collect();
    by_title.sort_unstable();
    let titled = by_title.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1));
    for group in titled.filter(|group| (2..=MAX_TITLE_SHARERS).contains(&group.len())) {
        for (i, &(_, _, a)) in group.iter().enumerate() {
            for &(_, _, b) in &group[i + 1..] {
                link(a, b, LinkKind::SimilarTitle, text_similarity(a as usize, b as usize));
            }
        }
    }

    // A component's root is its first member (see `union`), so the components come out in
    // the order of their first members, each in path order, from one pass in path order; the
    // documents alone in theirs (nearly all) get no entry.
    let roots: Vec<u32> = (0..docs.len() as u32).map(|at| find(&mut parent, at)).collect();
    let mut sizes = vec![0u32; docs.len()];
    for &root in &roots {
        sizes[root as usize] += 1;
    }
    let mut component_of: HashMap<u32, usize> = HashMap::new();
    let mut components: Vec<Vec<u32>> = Vec::new();
    for (at, &root) in roots.iter().enumerate() {
        if sizes[root as usize] > 1 {
            let next = components.len();
            let id = *component_of.entry(root).or_insert(next);
            if id == next {
                components.push(Vec::with_capacity(sizes[root as usize] as usize));
            }
            components[id].push(at as u32);
        }
    }
    let mut clusters = Clusters::default();
    clusters.head.version = VERSION;
    for (id, members) in components.iter().enumerate() {
        let first = members[0] as usize;
        let cluster = Cluster {
            members: members
                .iter()
                .map(|&at| {
                    let alike = text_similarity(first, at as usize).unwrap_or(1.0);
                    (docs[at as usize].0.clone(), alike)
                })
                .collect(),
        };
        for &at in members {
            clusters.head.cluster_of.push((path_hash(&docs[at as usize].0), id as u32));
            for &other in members.iter().filter(|&&other| other != at) {
                let alike = text_similarity(at as usize, other as usize);
                links.entry(at).or_default().push((other, LinkKind::NearDuplicate, alike));
            }
        }
        clusters.head.clusters.push(cluster);
    }
    clusters.head.cluster_of.sort_unstable();
    let mut links: Vec<(u32, Vec<Found>)> = links.into_iter().collect();
    links.sort_unstable_by_key(|(at, _)| *at);
    for (at, mut found) in links {
        // A pair linked twice keeps its strongest reason (the kinds are in that order).
        found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        found.dedup_by_key(|link| link.0);
        let mut versions: Vec<Link> = found
            .into_iter()
            .map(|(other, kind, similarity)| Link {
                path: docs[other as usize].0.clone(),
                kind,
                similarity,
            })
            .collect();
        versions.sort_by(|a, b| {
            a.kind
                .cmp(&b.kind)
                .then(b.similarity.unwrap_or(0.0).total_cmp(&a.similarity.unwrap_or(0.0)))
                .then_with(|| a.path.cmp(&b.path))
        });
        let path = &docs[at as usize].0;
        let start = clusters.blob.len() as u32;
        let entry = postcard::to_allocvec(&(path, &versions)).unwrap_or_default();
        clusters.blob.extend_from_slice(&entry);
        clusters.head.versions.push((path_hash(path), start, clusters.blob.len() as u32));
    }
    clusters.head.versions.sort_unstable();
    clusters
}

/// A link found from one document: the other's place in `docs`, why, how alike.
type Found = (u32, LinkKind, Option<f32>);

/// Pairs of documents (by their place in `docs`, lower first) that share a band.
///
/// Sorted, not hashed: each band's (bins, document) keys sorted bring a bucket's members
/// together in document order, and the pairs of all bands sorted and deduplicated are the set.
/// Thirty-two maps of buckets and a set of pairs, all SipHash, took 0.8 s of a g0vse build.
fn candidate_pairs(docs: &[(String, Fingerprint)]) -> Vec<(u32, u32)> {
    let signed: Vec<(u32, &[Bin; BINS])> = docs
        .iter()
        .enumerate()
        .filter_map(|(at, (_, print))| {
            print.signature.as_ref().map(|signature| (at as u32, signature))
        })
        .collect();
    // Every band's key of every signed document, band after band, from one read of the
    // signatures: band by band, each pass read four bytes of every document's 128.
    let count = signed.len();
    let mut band_keys = vec![0u32; BANDS * count];
    for (i, &(_, signature)) in signed.iter().enumerate() {
        for (band, rows) in signature.chunks_exact(ROWS).enumerate() {
            band_keys[band * count + i] =
                rows.iter().fold(0u32, |key, &bin| key << Bin::BITS | u32::from(bin));
        }
    }
    let mut pairs: Vec<u64> = Vec::new();
    // (key, document) as one number, the key above: sorted by key, a bucket's members are
    // a run, in document order.
    let mut keyed: Vec<u64> = Vec::with_capacity(count);
    let mut scratch: Vec<u64> = Vec::with_capacity(count);
    for keys in band_keys.chunks_exact(count.max(1)) {
        keyed.clear();
        keyed.extend(
            keys.iter().zip(&signed).map(|(&key, &(at, _))| u64::from(key) << 32 | u64::from(at)),
        );
        sort_by_high_half(&mut keyed, &mut scratch);
        let key = |entry: &u64| (entry >> 32) as u32;
        let at = |entry: &u64| *entry as u32;
        for run in keyed.chunk_by(|a, b| key(a) == key(b)).filter(|run| run.len() > 1) {
            let pair = |a: u32, b: u32| u64::from(a) << 32 | u64::from(b);
            if run.len() <= MAX_BUCKET {
                for (i, a) in run.iter().enumerate() {
                    pairs.extend(run[i + 1..].iter().map(|b| pair(at(a), at(b))));
                }
            } else {
                pairs.extend(run.windows(2).map(|two| pair(at(&two[0]), at(&two[1]))));
                pairs.extend(run[1..].iter().map(|b| pair(at(&run[0]), at(b))));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs.into_iter().map(|pair| ((pair >> 32) as u32, pair as u32)).collect()
}

/// Sorts `values` by their upper 32 bits, keeping the order of equal ones: two passes of a
/// 16-bit radix sort. A comparison sort of each band's keys was a tenth of an update's CPU
/// at 100,000 documents.
fn sort_by_high_half(values: &mut Vec<u64>, scratch: &mut Vec<u64>) {
    let mut counts = vec![0u32; 1 << 16];
    for shift in [32, 48] {
        let digit = |value: u64| (value >> shift) as u16 as usize;
        counts.fill(0);
        for &value in values.iter() {
            counts[digit(value)] += 1;
        }
        let mut start = 0;
        for count in counts.iter_mut() {
            (*count, start) = (start, start + *count);
        }
        scratch.clear();
        scratch.resize(values.len(), 0);
        for &value in values.iter() {
            let slot = &mut counts[digit(value)];
            scratch[*slot as usize] = value;
            *slot += 1;
        }
        std::mem::swap(values, scratch);
    }
}

fn find(parent: &mut [u32], mut at: u32) -> u32 {
    while parent[at as usize] != at {
        parent[at as usize] = parent[parent[at as usize] as usize];
        at = parent[at as usize];
    }
    at
}

fn union(parent: &mut [u32], a: u32, b: u32) {
    let (a, b) = (find(parent, a), find(parent, b));
    // The lower root stays, so a component's root is its first document in path order.
    if a != b {
        parent[a.max(b) as usize] = a.min(b);
    }
}

const _: () = assert!(BANDS * ROWS == BINS);
// A band's bins are one u32 key in `candidate_pairs`.
const _: () = assert!(ROWS * Bin::BITS as usize <= 32);

/// Writes the table into the generation's folder, whole or not at all: the head's length (8
/// bytes LE), the head (postcard), the blob.
pub fn write(generation: &Path, clusters: &Clusters) -> std::io::Result<()> {
    let head = postcard::to_allocvec(&clusters.head).map_err(std::io::Error::other)?;
    let length = (head.len() as u64).to_le_bytes();
    super::write_table(generation, FILE, &[&length, &head, &clusters.blob])
}

/// The file beside the table with the key of the segments it was worked out over
/// (`index::segments_key`). It is written after the table, so a run killed between the two
/// leaves a key that does not match and the table is worked out again; a generation written
/// before the key existed has none, and its table is read as it is.
pub const KEY_FILE: &str = "clusters.key";

/// A key no segments have: the table is not of the generation's segments.
pub const NO_SEGMENTS: u64 = 0;

/// The key written beside the table (its segments' key, little-endian), if a whole one is there.
pub fn read_key(generation: &Path) -> Option<u64> {
    let bytes = fs::read(generation.join(KEY_FILE)).ok()?;
    Some(u64::from_le_bytes(bytes.try_into().ok()?))
}

/// Why a generation's table cannot be read.
#[derive(Debug)]
pub enum Unreadable {
    /// No file: every generation this version opens was written with one.
    Missing,
    /// A file that is not a whole table of this version.
    Damaged,
    Io(std::io::Error),
}

/// The generation's table.
pub fn read(generation: &Path) -> Result<Clusters, Unreadable> {
    let mut bytes = fs::read(generation.join(FILE)).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => Unreadable::Missing,
        _ => Unreadable::Io(err),
    })?;
    let (head, end) = decode_head(&bytes).ok_or(Unreadable::Damaged)?;
    let blob = bytes.split_off(end);
    // A table cut short still decodes its head: what the head points at must be there.
    let fits =
        head.versions.iter().all(|&(_, start, end)| start <= end && end as usize <= blob.len())
            && head.cluster_of.iter().all(|&(_, id)| (id as usize) < head.clusters.len());
    if !fits {
        return Err(Unreadable::Damaged);
    }
    Ok(Clusters { head, blob })
}

/// The head of a table of this version and where the blob after it begins.
fn decode_head(bytes: &[u8]) -> Option<(Head, usize)> {
    let length = u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?);
    let end = usize::try_from(length).ok()?.checked_add(8)?;
    let head: Head = postcard::from_bytes(bytes.get(8..end)?).ok()?;
    (head.version == VERSION).then_some((head, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::fingerprint::signature;

    fn words(range: std::ops::Range<usize>) -> String {
        range.map(|n| format!("ord{n}")).collect::<Vec<_>>().join(" ")
    }

    fn print(owner: u64, title: u64, text: &str) -> Fingerprint {
        Fingerprint { owner, title, signature: signature(std::iter::once(text)) }
    }

    #[test]
    fn copies_cluster_and_one_owners_rewrites_are_versions() {
        let base = words(0..400);
        // The same text with its last 20 words changed: a near-duplicate.
        let copy = format!("{} {}", words(0..380), words(9_000..9_020));
        // A quarter of it rewritten, by the same owner and (in other words) by another.
        let rewrite = format!("{} {}", words(0..300), words(5_000..5_100));
        let other_rewrite = format!("{} {}", words(0..300), words(6_000..6_100));
        let docs = vec![
            ("a".to_string(), print(1, 0, &base)),
            ("b".to_string(), print(1, 0, &copy)),
            ("c".to_string(), print(1, 0, &rewrite)),
            ("d".to_string(), print(2, 0, &other_rewrite)),
            ("e".to_string(), print(2, 0, &words(20_000..20_400))),
            // Same owner and title key as e, texts too short to compare.
            ("f".to_string(), print(2, 77, "kort")),
            ("g".to_string(), print(2, 77, "text")),
        ];
        let clusters = group(docs);
        assert_eq!(clusters.clusters().len(), 1);
        let members: Vec<&str> =
            clusters.clusters()[0].members.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(members, ["a", "b"]);
        assert_eq!(clusters.cluster_of("b"), Some(0));
        assert_eq!(clusters.cluster_of("c"), None);
        let kinds = |path: &str| -> Vec<(String, LinkKind)> {
            clusters.versions_of(path).iter().map(|link| (link.path.clone(), link.kind)).collect()
        };
        assert_eq!(
            kinds("a"),
            [("b".to_string(), LinkKind::NearDuplicate), ("c".to_string(), LinkKind::SimilarText)]
        );
        assert_eq!(kinds("d"), []);
        assert_eq!(kinds("e"), []);
        assert_eq!(kinds("f"), [("g".to_string(), LinkKind::SimilarTitle)]);
        assert_eq!(clusters.versions_of("g")[0].similarity, None);
    }

    #[test]
    fn a_title_many_documents_share_links_none_of_them() {
        let docs = (0..=MAX_TITLE_SHARERS)
            .map(|n| (format!("doc{n}"), print(0, 5, "x")))
            .collect::<Vec<_>>();
        assert_eq!(group(docs).documents_with_versions(), 0);
    }

    #[test]
    fn a_template_shared_by_many_still_clusters_every_copy() {
        let text = words(0..300);
        let docs = (0..MAX_BUCKET + 50)
            .map(|n| (format!("doc{n:04}"), print(0, 0, &text)))
            .collect::<Vec<_>>();
        let clusters = group(docs);
        assert_eq!(clusters.clusters().len(), 1);
        assert_eq!(clusters.clusters()[0].members.len(), MAX_BUCKET + 50);
    }

    /// The pairs as the buckets of each band define them, by maps and a set.
    fn pairs_by_maps(docs: &[(String, Fingerprint)]) -> Vec<(u32, u32)> {
        let mut pairs = std::collections::BTreeSet::new();
        for band in 0..BANDS {
            let mut buckets: HashMap<&[Bin], Vec<u32>> = HashMap::new();
            for (at, (_, print)) in docs.iter().enumerate() {
                if let Some(signature) = &print.signature {
                    let rows = &signature[band * ROWS..(band + 1) * ROWS];
                    buckets.entry(rows).or_default().push(at as u32);
                }
            }
            for members in buckets.values().filter(|members| members.len() > 1) {
                if members.len() <= MAX_BUCKET {
                    for (i, &a) in members.iter().enumerate() {
                        pairs.extend(members[i + 1..].iter().map(|&b| (a, b)));
                    }
                } else {
                    pairs.extend(members.windows(2).map(|pair| (pair[0], pair[1])));
                    pairs.extend(members[1..].iter().map(|&b| (members[0], b)));
                }
            }
        }
        pairs.into_iter().collect()
    }

    #[test]
    fn candidate_pairs_are_the_pairs_of_every_bands_buckets() {
        // Texts that share some shingles, a template bucket larger than MAX_BUCKET, and
        // documents without a signature between them.
        let mut docs: Vec<(String, Fingerprint)> = (0..MAX_BUCKET + 20)
            .map(|n| (format!("t{n:04}"), print(0, 0, &words(0..200))))
            .collect();
        for n in 0..120 {
            let text =
                format!("{} {}", words(n % 7 * 50..n % 7 * 50 + 150), words(n * 10..n * 10 + 40));
            docs.push((format!("v{n:04}"), print(0, 0, &text)));
            docs.push((format!("w{n:04}"), print(0, 0, "kort")));
        }
        let expected = pairs_by_maps(&docs);
        assert_eq!(expected.len(), 3_751);
        assert_eq!(candidate_pairs(&docs), expected);
    }

    #[test]
    fn tables_read_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let docs = vec![
            ("a".to_string(), print(1, 0, &words(0..100))),
            ("b".to_string(), print(1, 0, &words(0..100))),
        ];
        let clusters = group(docs);
        write(dir.path(), &clusters).unwrap();
        assert_eq!(read(dir.path()).ok(), Some(clusters));
    }

    #[test]
    fn a_table_missing_cut_short_or_of_noise_is_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(read(dir.path()), Err(Unreadable::Missing)));
        let docs = vec![
            ("a".to_string(), print(1, 0, &words(0..100))),
            ("b".to_string(), print(1, 0, &words(0..100))),
        ];
        write(dir.path(), &group(docs)).unwrap();
        let whole = fs::read(dir.path().join(FILE)).unwrap();
        for bytes in [&whole[..whole.len() - 1], &whole[..8], &b"not a table"[..], &[]] {
            fs::write(dir.path().join(FILE), bytes).unwrap();
            assert!(matches!(read(dir.path()), Err(Unreadable::Damaged)), "{bytes:?}");
        }
    }
}
