//! The token filter that replaces each compound word by the Swedish stems of its parts (see
//! [`super::compounds`]), for the field that lets "matchning" find "matchningsarbetet". Words
//! that are not compounds are dropped: the whole words live in the other fields. Stemming
//! happens here, not in a later filter, so that parts with the same stem ("företagande" and its
//! lemma) are counted once.

use std::collections::VecDeque;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::compounds::splitter;
use super::language::Lang;
use super::stemmer::stem;

/// Emits the parts of lower-cased compound tokens at the compound's position and offsets.
#[derive(Clone, Copy, Default)]
pub struct CompoundPartsFilter;

impl TokenFilter for CompoundPartsFilter {
    type Tokenizer<T: Tokenizer> = CompoundPartsTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CompoundPartsTokenizer<T> {
        CompoundPartsTokenizer { inner }
    }
}

#[derive(Clone)]
pub struct CompoundPartsTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CompoundPartsTokenizer<T> {
    type TokenStream<'a> = CompoundPartsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CompoundPartsStream {
            tail: self.inner.token_stream(text),
            pending: VecDeque::new(),
            current: Token::default(),
        }
    }
}

pub struct CompoundPartsStream<S> {
    tail: S,
    pending: VecDeque<String>,
    current: Token,
}

impl<S: TokenStream> TokenStream for CompoundPartsStream<S> {
    fn advance(&mut self) -> bool {
        loop {
            if let Some(part) = self.pending.pop_front() {
                self.current.text = part;
                return true;
            }
            if !self.tail.advance() {
                return false;
            }
            let token = self.tail.token();
            let pending = &mut self.pending;
            splitter().for_each_part(&token.text, |part| {
                let stem = stem(Lang::Sv, part);
                if !pending.iter().any(|seen| seen.as_str() == stem) {
                    pending.push_back(stem.into_owned());
                }
            });
            if !self.pending.is_empty() {
                self.current = Token { text: String::new(), ..token.clone() };
            }
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}
