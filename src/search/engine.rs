//! The search side of an opened index: the index itself and the tables every search reads
//! from it, worked out on first use and kept while the index is open (a reader never reloads,
//! so they cannot go stale). They live here, not in `index`, because they are search's own
//! structures; `index` knows nothing of how it is searched.

use std::borrow::Cow;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use tantivy::schema::Field;

use super::collapse::ClusterMembers;
use super::facets::FacetValues;
use super::statistics::FieldStatistics;
use crate::analysis::synonyms::Synonyms;
use crate::error::{Error, Result};
use crate::index::acronyms::{self, Defined};
use crate::index::clusters::{self, Clusters};
use crate::index::concepts::{self, Concepts};
use crate::index::learnt::{self, Learnt};
use crate::index::schema::TextField;
use crate::index::spread::{self, Spread};
use crate::index::{self, OpenIndex};

/// An opened index and what searching it needs read once.
pub struct Engine {
    index: OpenIndex,
    facet_values: OnceLock<FacetValues>,
    field_statistics: OnceLock<FieldStatistics>,
    spread: OnceLock<Option<Spread>>,
    concepts: OnceLock<Option<Concepts>>,
    clusters: OnceLock<Clusters>,
    cluster_members: OnceLock<ClusterMembers>,
    acronyms: OnceLock<Defined>,
    learnt: OnceLock<Learnt>,
    learnt_table: OnceLock<Arc<Synonyms>>,
}

impl Engine {
    pub fn new(index: OpenIndex) -> Engine {
        Engine {
            index,
            facet_values: OnceLock::new(),
            field_statistics: OnceLock::new(),
            spread: OnceLock::new(),
            concepts: OnceLock::new(),
            clusters: OnceLock::new(),
            cluster_members: OnceLock::new(),
            acronyms: OnceLock::new(),
            learnt: OnceLock::new(),
            learnt_table: OnceLock::new(),
        }
    }

    /// Opens the live generation of the index in `dir` (see [`index::open`]).
    pub fn open(dir: &Path) -> Result<Engine> {
        index::open(dir).map(Engine::new)
    }

    pub fn index(&self) -> &OpenIndex {
        &self.index
    }

    /// The facet values present in the index.
    pub(crate) fn facet_values(&self) -> Result<&FacetValues> {
        if let Some(values) = self.facet_values.get() {
            return Ok(values);
        }
        let index = &self.index;
        let values =
            FacetValues::read(&index.searcher()).map_err(|err| Error::index(&index.dir, err))?;
        Ok(self.facet_values.get_or_init(|| values))
    }

    /// The frequent stems' spread over the documents, counted when the generation was
    /// written; `None` for a generation without the table (see [`spread`]).
    pub fn spread(&self) -> Option<&Spread> {
        self.spread.get_or_init(|| spread::read(&self.index.generation)).as_ref()
    }

    /// The stems' concept vectors learnt when the generation was written; `None` for a
    /// generation without them (see [`concepts`]).
    pub fn concepts(&self) -> Option<&Concepts> {
        self.concepts.get_or_init(|| concepts::read(&self.index.generation)).as_ref()
    }

    /// The near-duplicate clusters and versions worked out when the generation was written
    /// (see [`clusters`]). A generation without a readable table is damaged: read as no
    /// clusters, it would say "no duplicates" and collapse nothing.
    pub fn clusters(&self) -> Result<&Clusters> {
        if let Some(clusters) = self.clusters.get() {
            return Ok(clusters);
        }
        let index = &self.index;
        let table = clusters::read(&index.generation).map_err(|unreadable| {
            let name = index.generation.file_name().unwrap_or_default().to_string_lossy();
            let file = clusters::FILE;
            let advice = index::rebuild_advice(&index.dir);
            match unreadable {
                clusters::Unreadable::Missing => {
                    Error::index(&index.dir, format!("{name}/{file} is missing; {advice}"))
                }
                clusters::Unreadable::Damaged => {
                    Error::index(&index.dir, format!("{name}/{file} is damaged; {advice}"))
                }
                clusters::Unreadable::Io(err) => Error::io(index.generation.join(file), err),
            }
        })?;
        // An update killed after its commit, before its tables: the table is of the documents
        // before it.
        let searcher = index.searcher();
        let table = match clusters::read_key(&index.generation) {
            Some(key) if key != index::segments_key(&searcher) => {
                clusters::compute_for(&searcher).map_err(|err| Error::index(&index.dir, err))?
            }
            _ => table,
        };
        Ok(self.clusters.get_or_init(|| table))
    }

    /// The clustered documents by address, for `--collapse`.
    pub(crate) fn cluster_members(&self) -> Result<&ClusterMembers> {
        if let Some(members) = self.cluster_members.get() {
            return Ok(members);
        }
        let index = &self.index;
        let members = ClusterMembers::new(&index.searcher(), &index.fields, self.clusters()?)
            .map_err(|err| Error::index(&index.dir, err))?;
        Ok(self.cluster_members.get_or_init(|| members))
    }

    /// The text fields' statistics, for scoring.
    pub(crate) fn field_statistics(&self) -> Result<&FieldStatistics> {
        if let Some(statistics) = self.field_statistics.get() {
            return Ok(statistics);
        }
        let index = &self.index;
        let fields = &index.fields;
        let text_fields: Vec<Field> = TextField::ALL
            .into_iter()
            .map(|field| fields.text(field))
            .chain([fields.body_parts])
            .collect();
        let statistics = FieldStatistics::read(&index.searcher(), &text_fields)
            .map_err(|err| Error::index(&index.dir, err))?;
        Ok(self.field_statistics.get_or_init(|| statistics))
    }

    /// The acronyms each document of the index defines.
    pub fn acronyms(&self) -> Result<&Defined> {
        if let Some(defined) = self.acronyms.get() {
            return Ok(defined);
        }
        let defined = Defined::read(&self.index.dir, &self.index.generation)?;
        Ok(self.acronyms.get_or_init(|| defined))
    }

    /// The acronym pairs the documents agree on, each with its direction (see [`learnt`]):
    /// as the generation stored them, or worked out again where it has no table of its
    /// current definitions.
    pub fn learnt(&self) -> Result<&Learnt> {
        if let Some(learnt) = self.learnt.get() {
            return Ok(learnt);
        }
        let index = &self.index;
        let generation = &index.generation;
        let defined = acronyms::read_file(&index.dir, generation)?;
        let searcher = index.searcher();
        let stored = learnt::read(generation).filter(|learnt| learnt.is_of(&defined, &searcher));
        let learnt = match stored {
            Some(learnt) => learnt,
            None => Learnt::compute(&searcher, index.fields.body, self.acronyms()?)
                .map_err(|err| Error::index(&index.dir, err))?,
        };
        Ok(self.learnt.get_or_init(|| learnt))
    }

    /// `table` over the acronym pairs the documents agree on, as every search expands them;
    /// without `learnt` (`--exact`), `table` alone.
    pub fn synonyms<'a>(&self, table: &'a Synonyms, learnt: bool) -> Result<Cow<'a, Synonyms>> {
        if !learnt {
            return Ok(Cow::Borrowed(table));
        }
        let learnt = match self.learnt_table.get() {
            Some(learnt) => learnt,
            None => {
                let learnt = Arc::new(self.learnt()?.table());
                self.learnt_table.get_or_init(|| learnt)
            }
        };
        if learnt.is_empty() {
            return Ok(Cow::Borrowed(table));
        }
        Ok(Cow::Owned(table.clone().with_learnt(learnt.clone())))
    }
}
