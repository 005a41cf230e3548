//! The index-time face of the [`SV`](super::SV) and [`PARTS`](super::PARTS) chains. tantivy
//! analyses every text once per field, and projsok puts each section into its own field and
//! into two catch-all fields; these tokenizers analyse a text once (see
//! [`super::index_tokens`]) and serve the other fields from a small per-thread cache of the
//! texts of the document being indexed. Their output equals the chains' exactly
//! (tested in `analysis`), so queries and snippets, which use the chains, stay in step.

use std::cell::RefCell;
use std::rc::Rc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use xxhash_rust::xxh3::xxh3_64;

use super::{index_tokens, IndexTokens, Morphology};

/// Texts remembered per indexing thread: a document's title, sections and list items.
const CACHE_TEXTS: usize = 64;

/// Which of a text's token lists a field receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Stems,
    Parts,
}

struct Entry {
    key: (usize, u64, Morphology),
    tokens: Rc<IndexTokens>,
}

thread_local! {
    static RECENT: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

fn analysed(text: &str, morphology: Morphology) -> Rc<IndexTokens> {
    let key = (text.len(), xxh3_64(text.as_bytes()), morphology);
    if let Some(tokens) = RECENT.with_borrow(|recent| {
        recent.iter().rev().find(|entry| entry.key == key).map(|entry| entry.tokens.clone())
    }) {
        return tokens;
    }
    let tokens = Rc::new(index_tokens(text, true, morphology));
    RECENT.with_borrow_mut(|recent| {
        if recent.len() == CACHE_TEXTS {
            recent.drain(..CACHE_TEXTS / 2);
        }
        recent.push(Entry { key, tokens: tokens.clone() });
    });
    tokens
}

/// A tokenizer giving one [`FieldKind`] of a text's index tokens, analysed with `morphology`.
#[derive(Debug, Clone, Copy)]
pub struct CachedTokenizer {
    pub kind: FieldKind,
    pub morphology: Morphology,
}

impl Tokenizer for CachedTokenizer {
    type TokenStream<'a> = CachedTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CachedTokenStream {
        CachedTokenStream {
            tokens: analysed(text, self.morphology),
            kind: self.kind,
            word: 0,
            part: 0,
            current: Token::default(),
        }
    }
}

pub struct CachedTokenStream {
    tokens: Rc<IndexTokens>,
    kind: FieldKind,
    /// The next word to give.
    word: usize,
    /// For [`FieldKind::Parts`], the next part of that word.
    part: usize,
    current: Token,
}

impl CachedTokenStream {
    /// The next token's word and, for [`FieldKind::Parts`], which of its parts.
    fn next_slot(&mut self) -> Option<(usize, Option<usize>)> {
        let words = self.tokens.words();
        if self.kind == FieldKind::Stems {
            words.get(self.word)?;
            self.word += 1;
            return Some((self.word - 1, None));
        }
        if !self.tokens.compounds() {
            return None;
        }
        loop {
            if self.part < words.get(self.word)?.forms.parts().count() {
                self.part += 1;
                return Some((self.word, Some(self.part - 1)));
            }
            self.word += 1;
            self.part = 0;
        }
    }
}

impl TokenStream for CachedTokenStream {
    fn advance(&mut self) -> bool {
        let Some((index, part)) = self.next_slot() else { return false };
        let word = &self.tokens.words()[index];
        let text = match part {
            Some(part) => word.forms.parts().nth(part).unwrap_or_default(),
            None => word.forms.stem(),
        };
        // Reusing the text buffer: no allocation per token.
        self.current.text.clear();
        self.current.text.push_str(text);
        self.current.offset_from = word.offset_from;
        self.current.offset_to = word.offset_to;
        self.current.position = word.position;
        self.current.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{tokens, PARTS, SV};

    fn stream(kind: FieldKind, text: &str) -> Vec<Token> {
        let mut tokenizer = CachedTokenizer { kind, morphology: Morphology::FULL };
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    #[test]
    fn serves_each_field_what_its_chain_gives() {
        let text = "Matchningsarbetet för nyanlända i Överkalix: SFI-undervisningen och Af:s stöd.";
        for _ in 0..2 {
            assert_eq!(stream(FieldKind::Stems, text), tokens(SV, text));
            assert_eq!(stream(FieldKind::Parts, text), tokens(PARTS, text));
        }
    }

    #[test]
    fn many_texts_keep_the_cache_bounded() {
        for n in 0..(CACHE_TEXTS * 3) {
            let text = format!("text nummer {n}");
            assert_eq!(stream(FieldKind::Stems, &text), tokens(SV, &text));
        }
        assert!(RECENT.with_borrow(|recent| recent.len()) <= CACHE_TEXTS);
    }
}
