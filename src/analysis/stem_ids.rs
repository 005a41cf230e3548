//! The [`SV`](super::SV) chain's stems of many texts as small numbers, each distinct word
//! stemmed once. For a query-time reader of hundreds of documents (`search::terms`): the
//! chain itself lower-cases, tests and stems every token again, and
//! [`index_tokens`](super::index_tokens) also splits every word it has not seen into
//! compound parts, which a fresh process has seen none of. Here a token costs a word lookup,
//! and its stem is a number the caller can count in a vector.

use std::collections::HashMap;

use foldhash::fast::RandomState;

use super::forms::word_stem;
use super::language::{self, Lang};
use super::tokenizer::for_each_word;

/// The stems met so far and, per stemming language, what each word gave.
#[derive(Debug, Default)]
pub struct StemIds {
    /// Keyed by the word as the tokenizer gives it; `None` for a word the chain drops.
    words: [HashMap<Box<str>, Option<u32>, RandomState>; 2],
    ids: HashMap<Box<str>, u32, RandomState>,
    stems: Vec<Box<str>>,
}

impl StemIds {
    /// Calls `emit(stem id, from, to)` for each token the [`SV`](super::SV) chain gives `text`,
    /// in its order, with the token's byte offsets in `text`.
    pub fn for_each_stem(&mut self, text: &str, mut emit: impl FnMut(u32, usize, usize)) {
        let lang = language::detect(text);
        for_each_word(text, |word, from, to, _| {
            if let Some(id) = self.word_id(lang, word) {
                emit(id, from, to);
            }
        });
    }

    fn word_id(&mut self, lang: Lang, word: &str) -> Option<u32> {
        let words = &mut self.words[lang as usize];
        if let Some(&id) = words.get(word) {
            return id;
        }
        let id = word_stem(lang, word).map(|stem| match self.ids.get(stem.as_str()) {
            Some(&id) => id,
            None => {
                let id = self.stems.len() as u32;
                self.stems.push(stem.clone().into_boxed_str());
                self.ids.insert(stem.into_boxed_str(), id);
                id
            }
        });
        words.insert(word.into(), id);
        id
    }

    /// The stem numbered `id`.
    ///
    /// # Panics
    /// On an id this table did not give: a programming error.
    pub fn stem(&self, id: u32) -> &str {
        &self.stems[id as usize]
    }

    /// Stems met: every id is below this.
    pub fn len(&self) -> usize {
        self.stems.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{tokens, SV};

    fn stems_and_offsets(ids: &mut StemIds, text: &str) -> Vec<(String, usize, usize)> {
        let mut out = Vec::new();
        let mut found = Vec::new();
        ids.for_each_stem(text, |id, from, to| found.push((id, from, to)));
        for (id, from, to) in found {
            out.push((ids.stem(id).to_string(), from, to));
        }
        out
    }

    #[test]
    fn the_stems_are_the_swedish_chains() {
        let texts = [
            include_str!("../../seeds/000_cea40166ddf3072c.txt"),
            include_str!("../../seeds/003_2b3fa1d7a6e76dce.txt"),
            "The projects support immigrants who are looking for employment in the northern \
             regions of the country, with SFI-undervisningen and Af:s matchningsarbetet.",
            "Å-\u{301} G-\u{301}",
            "",
        ];
        // One table for all the texts: what a word gave in one text it gives in the next.
        let mut ids = StemIds::default();
        for text in texts {
            let chain: Vec<(String, usize, usize)> = tokens(SV, text)
                .into_iter()
                .map(|token| (token.text, token.offset_from, token.offset_to))
                .collect();
            assert_eq!(stems_and_offsets(&mut ids, text), chain);
        }
    }

    #[test]
    fn a_stem_gets_one_id_whatever_word_gave_it() {
        let mut ids = StemIds::default();
        let mut found = Vec::new();
        ids.for_each_stem("Företagande och företagandet, FÖRETAGANDE", |id, _, _| {
            found.push(id)
        });
        assert_eq!(found.len(), 3);
        assert!(found.iter().all(|&id| id == found[0]));
        assert_eq!(ids.stem(found[0]), "företag");
        assert_eq!(ids.len(), 1);
    }
}
