//! `--collapse`: one document per cluster of near-duplicates (see `index::clusters`), the
//! others of the cluster that match listed with it as its versions.
//!
//! What counts: with `--collapse` a total counts clusters (a document in no cluster is one of
//! its own), so that "N matching documents" is what paging through the list shows; the facet
//! counts and the count of documents with every word still count documents, as a filter on a
//! facet value keeps documents.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::schema::IndexRecordOption;
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED,
};

use super::Engine;
use crate::error::Result;
use crate::index::clusters::{Clusters, LinkKind};
use crate::index::fingerprint::Fingerprint;
use crate::index::schema::Fields;

/// A version of a document: a near-duplicate, or a document of its owner with a very similar
/// text or title (see [`crate::index::clusters`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub path: String,
    pub title: String,
    pub kind: LinkKind,
    /// The estimated Jaccard similarity of the two texts' word 3-shingles; `None` where one is
    /// too short to compare.
    pub similarity: Option<f32>,
}

/// The versions of the document at `path` as the index linked them, near-duplicates first,
/// each with its title.
pub fn versions(engine: &Engine, path: &str) -> Result<Vec<Version>> {
    let index = engine.index();
    let searcher = index.searcher();
    let mut versions = Vec::new();
    for link in engine.clusters()?.versions_of(path) {
        let address = crate::index::ids::resolve(index, &searcher, &link.path)?;
        let title = super::load(&searcher, index, address, false)?.title;
        versions.push(Version {
            path: link.path.clone(),
            title,
            kind: link.kind,
            similarity: link.similarity,
        });
    }
    Ok(versions)
}

/// The documents in clusters of several, by address: what a collapse looks a hit up in.
#[derive(Debug, Default)]
pub struct ClusterMembers {
    /// Per segment ordinal: segment-local document → cluster id.
    segments: Vec<Arc<HashMap<DocId, u32>>>,
}

impl ClusterMembers {
    /// Looks every clustered path up in every segment of `searcher` (a path is an indexed
    /// term: one lookup each, no document read).
    pub fn new(
        searcher: &Searcher,
        fields: &Fields,
        clusters: &Clusters,
    ) -> tantivy::Result<ClusterMembers> {
        let mut segments = Vec::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(fields.path)?;
            let mut members = HashMap::new();
            for (id, cluster) in clusters.clusters().iter().enumerate() {
                for (path, _) in &cluster.members {
                    let Some(info) = inverted.terms().get(path.as_bytes())? else { continue };
                    let mut postings =
                        inverted.read_postings_from_terminfo(&info, IndexRecordOption::Basic)?;
                    while postings.doc() != TERMINATED {
                        if segment.alive_bitset().is_none_or(|alive| alive.is_alive(postings.doc()))
                        {
                            members.insert(postings.doc(), id as u32);
                        }
                        postings.advance();
                    }
                }
            }
            segments.push(Arc::new(members));
        }
        Ok(ClusterMembers { segments })
    }

    /// The cluster of the document at `address`, when it is in one of several.
    pub fn cluster(&self, address: DocAddress) -> Option<u32> {
        self.segments.get(address.segment_ord as usize)?.get(&address.doc_id).copied()
    }

    /// A collector of the matching documents that are in clusters of several.
    pub fn matches(&self) -> ClusteredMatches {
        ClusteredMatches(self.segments.clone())
    }
}

/// Collects (address, cluster) of the matching documents in clusters of several.
pub struct ClusteredMatches(Vec<Arc<HashMap<DocId, u32>>>);

pub struct SegmentClusteredMatches {
    segment: SegmentOrdinal,
    members: Option<Arc<HashMap<DocId, u32>>>,
    found: Vec<(DocAddress, u32)>,
}

impl Collector for ClusteredMatches {
    type Fruit = Vec<(DocAddress, u32)>;
    type Child = SegmentClusteredMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let members = self.0.get(segment as usize).filter(|members| !members.is_empty()).cloned();
        Ok(SegmentClusteredMatches { segment, members, found: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentClusteredMatches {
    type Fruit = Vec<(DocAddress, u32)>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(&cluster) = self.members.as_ref().and_then(|members| members.get(&doc)) {
            self.found.push((DocAddress::new(self.segment, doc), cluster));
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.found
    }
}

/// The path of the document at `address`, from its fast column.
pub fn path_of(searcher: &Searcher, address: DocAddress) -> tantivy::Result<String> {
    let mut path = String::new();
    let segment = searcher.segment_reader(address.segment_ord);
    if let Some(column) = segment.fast_fields().str("path")? {
        if let Some(ord) = column.term_ords(address.doc_id).next() {
            column.ord_to_str(ord, &mut path)?;
        }
    }
    Ok(path)
}

/// The fingerprint of the document at `address`, from its fast column.
pub fn fingerprint_at(searcher: &Searcher, address: DocAddress) -> Option<Fingerprint> {
    let segment = searcher.segment_reader(address.segment_ord);
    let column = segment.fast_fields().bytes("fingerprint").ok()??;
    let ord = column.term_ords(address.doc_id).next()?;
    let mut bytes = Vec::new();
    column.ord_to_bytes(ord, &mut bytes).ok()?;
    Fingerprint::decode(&bytes)
}

/// How many matching documents a collapse hides: per cluster, all its matches but one.
pub fn hidden(matched: &[(DocAddress, u32)]) -> usize {
    let mut per_cluster: HashMap<u32, usize> = HashMap::new();
    for (_, cluster) in matched {
        *per_cluster.entry(*cluster).or_default() += 1;
    }
    per_cluster.values().map(|count| count - 1).sum()
}

/// The matches in clusters (see [`ClusterMembers::matches`]) by cluster.
pub fn by_cluster(clustered: &[(DocAddress, u32)]) -> HashMap<u32, Vec<DocAddress>> {
    let mut members: HashMap<u32, Vec<DocAddress>> = HashMap::new();
    for &(address, cluster) in clustered {
        members.entry(cluster).or_default().push(address);
    }
    members
}

/// The versions a hit lists: `ranked_after` (the matches of its cluster ranked below it on the
/// stretch ranked, in rank order), then every other match of its cluster, `matched`, in path
/// order. So each hit lists its cluster's every match whatever the page: the stretch ranked is
/// only as long as the page needs.
pub fn every_version(
    searcher: &Searcher,
    matched: &[DocAddress],
    hit: DocAddress,
    mut ranked_after: Vec<DocAddress>,
) -> tantivy::Result<Vec<DocAddress>> {
    let mut rest = Vec::new();
    for &address in matched {
        if address != hit && !ranked_after.contains(&address) {
            rest.push((path_of(searcher, address)?, address));
        }
    }
    rest.sort();
    ranked_after.extend(rest.into_iter().map(|(_, address)| address));
    Ok(ranked_after)
}

/// Keeps the first of each cluster in `ranked` (best first), each with the others of its
/// cluster that follow it: (kept, its versions in rank order).
pub fn collapse<T>(ranked: Vec<T>, cluster_of: impl Fn(&T) -> Option<u32>) -> Vec<(T, Vec<T>)> {
    let mut kept: Vec<(T, Vec<T>)> = Vec::with_capacity(ranked.len());
    let mut first_of: HashMap<u32, usize> = HashMap::new();
    for item in ranked {
        match cluster_of(&item) {
            Some(cluster) => match first_of.get(&cluster) {
                Some(&at) => kept[at].1.push(item),
                None => {
                    first_of.insert(cluster, kept.len());
                    kept.push((item, Vec::new()));
                }
            },
            None => kept.push((item, Vec::new())),
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_best_of_each_cluster_stays_with_the_others_behind_it() {
        let ranked =
            vec![("a", None), ("b", Some(1)), ("c", Some(2)), ("d", Some(1)), ("e", Some(1))];
        let kept = collapse(ranked, |item| item.1);
        let names: Vec<(&str, Vec<&str>)> = kept
            .iter()
            .map(|(item, others)| (item.0, others.iter().map(|other| other.0).collect()))
            .collect();
        assert_eq!(names, [("a", vec![]), ("b", vec!["d", "e"]), ("c", vec![])]);
    }

    #[test]
    fn a_collapse_hides_all_but_one_match_per_cluster() {
        let at = |doc| DocAddress::new(0, doc);
        assert_eq!(hidden(&[(at(1), 4), (at(2), 4), (at(3), 4), (at(5), 9)]), 2);
        assert_eq!(hidden(&[]), 0);
    }
}
