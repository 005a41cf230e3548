//! A query's wildcards (`matchn*`, `*arbete*`): the words of the index each stands for, within
//! the bounds of one wildcard and of one query.

use tantivy::query::{BooleanQuery, EmptyQuery, Occur, Query, TermSetQuery};
use tantivy::schema::Field;
use tantivy::Term;

use super::alternatives::{boosted, boxed};
use super::QueryBuilder;
use crate::error::Result;
use crate::search::wildcard::{self, Pattern};

/// Most words of the index one wildcard stands for.
pub const MAX_WILDCARD_WORDS: usize = 2000;
/// Most words of the index all the wildcards of one query stand for together.
pub const MAX_QUERY_WILDCARD_WORDS: usize = 5000;

impl QueryBuilder<'_> {
    /// `matchn*`, `*arbete*`: the words of the index the pattern matches (see [`wildcard`]),
    /// searched as one set per field; a match scores the field's boost, however many of the
    /// words it has. Stems are matched, so the letters that begin or end a word are matched
    /// as stemmed too (see [`Pattern`]).
    pub(super) fn wildcard_query(
        &mut self,
        fields: &[(Field, f32)],
        text: &str,
        highlight: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        let Some(pattern) = Pattern::new(text) else { return Ok(None) };
        let words = match self.wildcards.get(&pattern) {
            Some(words) => words.clone(),
            None => {
                let words = self.expand_wildcard(&pattern)?;
                self.wildcards.insert(pattern, words.clone());
                words
            }
        };
        if words.is_empty() {
            return Ok(Some(Box::new(EmptyQuery)));
        }
        // The words found rank by the field they stand in, so the hits are scored, and a
        // snippet marks them like typed words.
        if highlight {
            self.highlight.extend(words.iter().cloned());
        }
        let per_field = fields.iter().map(|(field, boost)| {
            let terms = words.iter().map(|word| Term::from_field_text(*field, word));
            (Occur::Should, boosted(boxed(TermSetQuery::new(terms)), *boost))
        });
        Ok(Some(boxed(BooleanQuery::new(per_field.collect()))))
    }

    /// The words of the catch-all `pattern` matches, within the bounds of one wildcard and of
    /// all the query's wildcards together. Without a searcher to look them up in (a builder
    /// without [`QueryBuilder::look_up_terms`]), a wildcard matches no word.
    pub(super) fn expand_wildcard(&self, pattern: &Pattern) -> Result<Vec<String>> {
        let Some(lookup) = &self.lookup else { return Ok(Vec::new()) };
        let words =
            wildcard::expand(lookup.searcher(), self.fields.body, pattern, MAX_WILDCARD_WORDS)
                .map_err(|too_many| {
                    let what = match pattern.display().strip_suffix('*') {
                        Some(prefix) if !prefix.contains('*') => format!("start with \"{prefix}\""),
                        _ => format!("match \"{}\"", pattern.display()),
                    };
                    self.error(format!(
                        "too many words {what} (more than {}); type more of the word",
                        too_many.limit
                    ))
                })?;
        let total = self.wildcards.values().map(Vec::len).sum::<usize>() + words.len();
        if total > MAX_QUERY_WILDCARD_WORDS {
            return Err(self.error(format!(
                "the wildcards stand for {total} words of the index together, more than one \
                 query takes ({MAX_QUERY_WILDCARD_WORDS}); type more of each word"
            )));
        }
        Ok(words)
    }
}
