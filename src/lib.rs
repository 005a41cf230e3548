//! projsok: full-text faceted search for Swedish ESF project documents.
//!
//! The pipeline is parse → analyse → index → search → output:
//! [`document`] turns a file's text into a [`document::Document`], [`places`] infers missing
//! kommun and region facets, [`analysis`] holds the Swedish token chains, [`index`] owns the
//! tantivy schema and the safe writer, [`search`] answers requests as data and [`output`]
//! renders that data for people or as JSON. [`ingest`] runs the pipeline from files on disk to
//! the index: walk, read, enrich, build or update. [`config`] checks a command's settings
//! once, whether they came from the command line or the web API, and [`serve`] answers that
//! API over HTTP. The binary (`src/main.rs`, with its `cli` and `app` modules) glues them to
//! the command line. [`text`] holds the character rules (recomposition, folding, letters)
//! that all of them share.

pub mod analysis;
pub mod config;
pub mod document;
pub mod error;
pub mod index;
pub mod ingest;
pub mod output;
pub mod places;
pub mod search;
pub mod serve;
pub mod text;

pub use error::{Error, Result};
