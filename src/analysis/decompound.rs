//! The token filter that replaces each compound word by the Swedish stems of its parts (see
//! [`super::compounds`]), for the field that lets "matchning" find "matchningsarbetet". Words
//! that are not compounds are dropped: the whole words live in the other fields. Stemming
//! happens here, not in a later filter, so that parts with the same stem ("företagande" and its
//! lemma) are counted once.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use xxhash_rust::xxh3::Xxh3Builder;

use super::compounds::{splitter, MIN_WORD_CHARS};
use super::language::Lang;
use super::stemmer::stem_word;
use super::Morphology;

/// Emits the parts of lower-cased compound tokens at the compound's position and offsets,
/// analysed with `morphology`.
#[derive(Clone, Copy)]
pub struct CompoundPartsFilter {
    pub morphology: Morphology,
}

impl TokenFilter for CompoundPartsFilter {
    type Tokenizer<T: Tokenizer> = CompoundPartsTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CompoundPartsTokenizer<T> {
        CompoundPartsTokenizer { inner, morphology: self.morphology }
    }
}

#[derive(Clone)]
pub struct CompoundPartsTokenizer<T> {
    inner: T,
    morphology: Morphology,
}

impl<T: Tokenizer> Tokenizer for CompoundPartsTokenizer<T> {
    type TokenStream<'a> = CompoundPartsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CompoundPartsStream {
            tail: self.inner.token_stream(text),
            morphology: self.morphology,
            pending: VecDeque::new(),
            current: Token::default(),
        }
    }
}

/// Distinct words remembered per thread; running text repeats its words, and splitting is the
/// dearest step of indexing.
const CACHE_WORDS: usize = 200_000;

type PartStemsByWord = HashMap<String, Rc<[String]>, Xxh3Builder>;

/// The [`Morphology`]s [`part_stems`] keeps a cache for.
const MORPHOLOGIES: usize = 4;

thread_local! {
    static PART_STEMS: RefCell<[PartStemsByWord; MORPHOLOGIES]> = const {
        RefCell::new([const { HashMap::with_hasher(Xxh3Builder::new()) }; MORPHOLOGIES])
    };
}

/// The distinct Swedish stems of `word`'s compound parts (empty for a non-compound).
pub fn part_stems(word: &str, morphology: Morphology) -> Rc<[String]> {
    let Morphology { lemmas, compound_heads } = morphology;
    let slot = 2 * usize::from(lemmas) + usize::from(compound_heads);
    if let Some(stems) = PART_STEMS.with_borrow(|caches| caches[slot].get(word).cloned()) {
        return stems;
    }
    let stems: Rc<[String]> = split_part_stems(word, morphology).into();
    PART_STEMS.with_borrow_mut(|caches| {
        let cache = &mut caches[slot];
        if cache.len() >= CACHE_WORDS {
            cache.clear();
        }
        cache.insert(word.to_string(), stems.clone());
    });
    stems
}

/// The distinct Swedish stems of `word`'s compound parts, worked out without a cache; with
/// `compound_heads`, the stems of its leading compounds follow.
pub fn split_part_stems(word: &str, morphology: Morphology) -> Vec<String> {
    let mut stems: Vec<String> = Vec::new();
    let mut add = |part: &str| {
        let stem = stem_word(Lang::Sv, part, morphology.lemmas);
        if !stems.iter().any(|seen| seen.as_str() == stem) {
            stems.push(stem.into_owned());
        }
    };
    splitter().for_each_part(word, &mut add);
    if morphology.compound_heads {
        splitter().for_each_head(word, &mut add);
    }
    stems
}

pub struct CompoundPartsStream<S> {
    tail: S,
    morphology: Morphology,
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
            if token.text.len() < MIN_WORD_CHARS {
                continue;
            }
            let stems = part_stems(&token.text, self.morphology);
            self.pending.extend(stems.iter().cloned());
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
