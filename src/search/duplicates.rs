//! `projsok duplicates`: the clusters of near-duplicates (see `index::clusters`) that have a
//! document matching a query and filters, largest first.

use super::collapse::path_of;
use super::{request_query, Engine, Request};
use crate::analysis::synonyms::Synonyms;
use crate::error::{Error, Result};

/// A document of a cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub path: String,
    pub title: String,
    /// Its estimated Jaccard similarity to the cluster's first document (1 for the first).
    pub similarity: f32,
    /// Whether it matches the request (every member does without a query or filters).
    pub matches: bool,
}

/// A cluster of near-duplicates.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// The cluster id, as `index::clusters` numbers them.
    pub id: usize,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Duplicates {
    /// Clusters with a matching document, in all (not only those shown).
    pub total: usize,
    /// The documents of those clusters.
    pub documents: usize,
    /// Up to the request's limit, largest first (ties in the order of their first path).
    pub clusters: Vec<Cluster>,
    pub warnings: Vec<String>,
}

/// The clusters with a document matching `request` (its query and filters; its limit is the
/// number of clusters listed, its offset the clusters skipped).
pub fn duplicates(engine: &Engine, synonyms: &Synonyms, request: &Request) -> Result<Duplicates> {
    let index = engine.index();
    let searcher = index.searcher();
    let clusters = engine.clusters()?;
    let mut matching: Vec<Option<Vec<String>>> = vec![None; clusters.clusters().len()];
    let mut warnings = Vec::new();
    let everything = request.query.trim().is_empty() && request.filters == Default::default();
    if everything {
        matching.iter_mut().for_each(|slot| *slot = Some(Vec::new()));
    } else {
        let found = request_query(engine, synonyms, request, false)?;
        warnings = found.warnings;
        let members = engine.cluster_members()?;
        let matched = searcher
            .search(&*found.query, &members.matches())
            .map_err(|err| Error::index(&index.dir, err))?;
        for (address, cluster) in matched {
            let path = path_of(&searcher, address).map_err(|err| Error::index(&index.dir, err))?;
            matching[cluster as usize].get_or_insert_with(Vec::new).push(path);
        }
    }
    let mut ids: Vec<usize> = (0..matching.len()).filter(|&id| matching[id].is_some()).collect();
    let size = |id: usize| clusters.cluster(id).map_or(0, |cluster| cluster.members.len());
    // Ids are in the order of the clusters' first paths: a stable sort keeps it among equals.
    ids.sort_by_key(|&id| std::cmp::Reverse(size(id)));
    let total = ids.len();
    let documents = ids.iter().map(|&id| size(id)).sum();
    let mut listed = Vec::new();
    for &id in ids.iter().skip(request.offset).take(request.limit) {
        let Some(cluster) = clusters.cluster(id) else { continue };
        let matched = matching[id].as_deref().unwrap_or_default();
        let mut members = Vec::with_capacity(cluster.members.len());
        for (path, similarity) in &cluster.members {
            let address = crate::index::ids::resolve(index, &searcher, path)?;
            let title = super::load(&searcher, index, address, false)?.title;
            let matches = everything || matched.contains(path);
            members.push(Member { path: path.clone(), title, similarity: *similarity, matches });
        }
        listed.push(Cluster { id, members });
    }
    Ok(Duplicates { total, documents, clusters: listed, warnings })
}
