//! The integration tests: one binary, a module per theme (as ripgrep's tests are), so that
//! tantivy and the rest are linked once instead of once per file.

mod common;
mod webutil;

mod acronyms;
mod browser;
mod command_line;
mod comparison;
mod duplicates;
mod facet_values;
mod fuzz;
mod g0vse;
mod human;
mod internal_error;
mod languages;
mod messages;
mod opensearch;
mod parser_counts;
mod relevance_cases;
mod reliability;
mod search;
mod views;
mod web_api;
mod workflows;
