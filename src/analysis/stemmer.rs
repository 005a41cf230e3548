//! The Snowball stemmer of rust-stemmers as a tantivy token filter: the one stemmer projsok
//! uses for indexing, queries, compound parts and snippets.

use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

use rust_stemmers::{Algorithm, Stemmer};
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::language::{self, Lang};
use super::lemmas;

static SWEDISH: LazyLock<Arc<Stemmer>> =
    LazyLock::new(|| Arc::new(Stemmer::create(Algorithm::Swedish)));
static ENGLISH: LazyLock<Arc<Stemmer>> =
    LazyLock::new(|| Arc::new(Stemmer::create(Algorithm::English)));

/// Which stemmer a [`SnowballFilter`] applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StemLanguage {
    Fixed(Lang),
    /// Detect the language of each text value (a section, a title) before stemming it.
    Detect,
}

/// Stems a single word with the stemmer for `lang`.
pub fn stem(lang: Lang, word: &str) -> Cow<'_, str> {
    stemmer(lang).stem(word)
}

/// Stems a single word for `lang`; with `lemmas`, a Swedish definite, genitive or plural form
/// as its base word (see [`lemmas`]).
pub fn stem_word(lang: Lang, word: &str, lemmas: bool) -> Cow<'_, str> {
    if lemmas && lang == Lang::Sv {
        if let Some(base) = lemmas::base_form(word) {
            return Cow::Owned(stem(lang, &base).into_owned());
        }
    }
    stem(lang, word)
}

fn stemmer(lang: Lang) -> &'static Stemmer {
    match lang {
        Lang::Sv => &SWEDISH,
        Lang::En => &ENGLISH,
    }
}

/// Token filter applying the Snowball stemmer; expects lower-cased tokens.
#[derive(Clone)]
pub struct SnowballFilter {
    language: StemLanguage,
    lemmas: bool,
}

impl SnowballFilter {
    /// Snowball alone.
    pub fn new(language: StemLanguage) -> SnowballFilter {
        SnowballFilter { language, lemmas: false }
    }

    /// Snowball, with Swedish forms of a dictionary word stemmed as the word when `lemmas`
    /// (see [`stem_word`]).
    pub fn with_lemmas(language: StemLanguage, lemmas: bool) -> SnowballFilter {
        SnowballFilter { language, lemmas }
    }
}

impl TokenFilter for SnowballFilter {
    type Tokenizer<T: Tokenizer> = SnowballTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> SnowballTokenizer<T> {
        SnowballTokenizer { language: self.language, lemmas: self.lemmas, inner }
    }
}

#[derive(Clone)]
pub struct SnowballTokenizer<T> {
    language: StemLanguage,
    lemmas: bool,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for SnowballTokenizer<T> {
    type TokenStream<'a> = SnowballTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let lang = match self.language {
            StemLanguage::Fixed(lang) => lang,
            StemLanguage::Detect => language::detect(text),
        };
        SnowballTokenStream {
            tail: self.inner.token_stream(text),
            lang,
            lemmas: self.lemmas && lang == Lang::Sv,
        }
    }
}

pub struct SnowballTokenStream<S> {
    tail: S,
    lang: Lang,
    lemmas: bool,
}

impl<S: TokenStream> TokenStream for SnowballTokenStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Cow::Owned(stemmed) = stem_word(self.lang, &token.text, self.lemmas) {
            token.text = stemmed;
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_stems() {
        assert_eq!(stem(Lang::Sv, "matchningen"), "matchning");
        assert_eq!(stem(Lang::Sv, "företagande"), "företag");
        // Snowball has no -et suffix: the definite neuter stays whole, one reason for the
        // compound lexicon's base forms.
        assert_eq!(stem(Lang::Sv, "arbetet"), "arbetet");
        assert_eq!(stem(Lang::Sv, "arbete"), "arbet");
    }

    #[test]
    fn lemmas_bring_definite_forms_to_their_base() {
        assert_eq!(stem_word(Lang::Sv, "arbetet", true), "arbet");
        assert_eq!(stem_word(Lang::Sv, "arbetet", false), "arbetet");
        assert_eq!(stem_word(Lang::Sv, "invandrares", true), "invandr");
        assert_eq!(stem_word(Lang::Sv, "invandrares", false), "invandrar");
        assert_eq!(stem_word(Lang::Sv, "insatser", true), stem(Lang::Sv, "insats"));
        // English words are left to the English stemmer.
        assert_eq!(stem_word(Lang::En, "projects", true), "project");
    }

    #[test]
    fn english_stems() {
        assert_eq!(stem(Lang::En, "immigrants"), "immigr");
    }
}
