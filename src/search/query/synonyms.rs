//! A query's synonym forms (see [`Synonyms`]): runs of words that together are a form, and
//! each word's or group's other forms as alternatives weighed below it.
//!
//! [`Synonyms`]: crate::analysis::synonyms::Synonyms

use std::collections::HashMap;

use tantivy::query::Query;
use tantivy::query_grammar::UserInputLiteral;
use tantivy::schema::Field;

use super::alternatives::SearchedAs;
use super::alternatives::{any_of, boosted, boxed, Alternatives};
use super::QueryBuilder;
use crate::search::best_of::BestOf;

/// Weight of a synonym expansion relative to the literal words.
const SYNONYM_WEIGHT: f32 = 0.5;

impl QueryBuilder<'_> {
    /// Runs of consecutive plain words that form a multi-word synonym form: first clause index
    /// → (last clause index, the group's other forms).
    pub(super) fn synonym_groups(
        &mut self,
        plain: &[Option<&UserInputLiteral>],
    ) -> HashMap<usize, (usize, Vec<String>)> {
        let mut groups = HashMap::new();
        if !self.options.synonyms {
            return groups;
        }
        let mut run_start = 0;
        while run_start < plain.len() {
            if plain[run_start].is_none() {
                run_start += 1;
                continue;
            }
            let run_end =
                (run_start..plain.len()).find(|&i| plain[i].is_none()).unwrap_or(plain.len());
            // Stop words ("för") take no part in matching but stay inside a group.
            let words: Vec<(usize, String)> = (run_start..run_end)
                .filter_map(|i| {
                    let reading = self.reading(&plain[i]?.phrase);
                    let [stem] = reading.tokens() else { return None };
                    Some((i, stem.text.clone()))
                })
                .collect();
            let mut at = 0;
            while at < words.len() {
                let stems: Vec<String> = words[at..].iter().map(|(_, stem)| stem.clone()).collect();
                match self.synonyms.longest_match(&stems) {
                    Some((used, expansions)) if used >= 2 => {
                        let expansions = expansions.into_iter().map(str::to_string).collect();
                        groups.insert(words[at].0, (words[at + used - 1].0, expansions));
                        at += used;
                    }
                    _ => at += 1,
                }
            }
            run_start = run_end;
        }
        groups
    }

    /// `literal` (its alternatives) OR the synonym expansions, each form weighed below it: a
    /// document scores the best of the forms it has (a dis-max), not their sum, so a short text
    /// that names "ESF", "ESF-rådet" and "Europeiska socialfonden" does not outrank one about
    /// the programme. An excluded word excludes what was typed, not its synonyms:
    /// `"svenska för invandrare" -sfi` asks for the texts that write it out.
    pub(super) fn with_expansions(
        &mut self,
        mut alternatives: Alternatives,
        expansions: &[String],
        fields: &[(Field, f32)],
        folded: bool,
        negated: bool,
    ) -> Box<dyn Query> {
        if negated || expansions.is_empty() {
            return any_of(alternatives);
        }
        // A stand-in for the typed word is searched where the word weighs most, the title, and
        // in the catch-all, which holds every section: in each of the ten text fields, a phrase
        // expansion cost more than the word itself in every document that has its words, and
        // its section scores changed no judged query's nDCG@10 or recall@20 (benches/README.md).
        let title_or_body = self.title_or_body();
        let mut searched: Vec<(Field, f32)> =
            fields.iter().filter(|(field, _)| title_or_body.contains(field)).copied().collect();
        if searched.is_empty() {
            searched = fields.to_vec();
        }
        let mut forms = Vec::new();
        for expansion in expansions {
            // Only one-word expansions are marked in snippets: marking each word of a phrase
            // expansion would mark every "svenska" in a text.
            let reading = self.reading(expansion);
            let words = reading.tokens().len();
            let searched_as =
                SearchedAs { phrase: true, slop: 0, highlight: words == 1, typed: false };
            // A phrase scores the sum of its words; as one word's stand-in it weighs one word,
            // or "unga som varken arbetar eller studerar" outranks a text that writes "UVAS".
            let weight = SYNONYM_WEIGHT / words.max(1) as f32;
            match self.text_alternatives(&searched, folded, &reading, searched_as) {
                Some(expansion) if !expansion.is_empty() => {
                    forms.push(boosted(any_of(expansion), weight))
                }
                _ => {}
            }
        }
        if forms.is_empty() {
            return any_of(alternatives);
        }
        if !alternatives.is_empty() {
            forms.insert(0, any_of(std::mem::take(&mut alternatives)));
        }
        if forms.len() == 1 {
            return forms.remove(0);
        }
        boxed(BestOf::new(forms))
    }
}
