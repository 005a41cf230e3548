//! Swedish text analysis: the token chains shared by indexing, queries and snippets.
//!
//! Every chain starts with [`tokenizer::WordTokenizer`] (words, hyphen joins, colon
//! inflections, recomposed å/ä/ö), lower-cases, drops Swedish stop words and stems with the
//! rust-stemmers Snowball stemmer ([`stemmer::SnowballFilter`]). Chains are registered with a
//! tantivy index under the names below; this module does no I/O and knows no schema.
//!
//! ```
//! use projsok::analysis::{analyze, SV_QUERY};
//! let stems: Vec<String> = analyze(SV_QUERY, "Matchningen av arbetssökande").collect();
//! assert_eq!(stems, ["matchning", "arbetssök"]);
//! ```

pub mod acronyms;
pub mod cached;
pub mod compounds;
pub mod decompound;
pub mod forms;
pub mod language;
pub mod lemmas;
pub mod stem_ids;
pub mod stemmer;
pub mod synonyms;
pub mod tokenizer;

use std::cell::RefCell;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, StopWordFilter, TextAnalyzer, Token,
    TokenizerManager,
};

use cached::{CachedTokenizer, FieldKind};
use decompound::CompoundPartsFilter;
use forms::WordForms;
use language::Lang;
use stemmer::{SnowballFilter, StemLanguage};
use tokenizer::WordTokenizer;

/// Stemmed words with å/ä/ö kept; language detected per text value (section, title).
pub const SV: &str = "projsok_sv";
/// As [`SV`] but always Swedish: for queries, which are too short to detect.
pub const SV_QUERY: &str = "projsok_sv_query";
/// As [`SV_QUERY`] with the English stemmer: a query's second reading for English documents.
pub const EN_QUERY: &str = "projsok_en_query";
/// The stemmed parts of compound words only ("matchningsarbetet" → matchning, arbetet, arbet).
pub const PARTS: &str = "projsok_parts";
/// As [`SV_QUERY`], then folded to ASCII: a query's folded reading, from which
/// `search::spelling` finds the other spellings of its words.
pub const FOLDED_QUERY: &str = "projsok_folded_query";
/// As [`FOLDED_QUERY`] without stemming: Snowball takes the "a" of "lulea" ("lule") but
/// leaves "luleå" whole, so only the word folded before stemming meets the indexed "luleå".
pub const FOLDED_WORDS_QUERY: &str = "projsok_folded_words_query";

/// Tokens longer than this (in bytes) are URLs, hashes or glued garbage, not words.
pub(crate) const MAX_TOKEN_LEN: usize = 64;

/// Swedish stop words: the Snowball list that tantivy's `StopWordFilter::new(Language::Swedish)`
/// uses, copied out because tantivy does not expose it, so that exports (OpenSearch) can name
/// the same words. Every chain here removes exactly these; a test holds them to tantivy's list.
pub const SWEDISH_STOP_WORDS: [&str; 114] = [
    "och", "det", "att", "i", "en", "jag", "hon", "som", "han", "på", "den", "med", "var", "sig",
    "för", "så", "till", "är", "men", "ett", "om", "hade", "de", "av", "icke", "mig", "du",
    "henne", "då", "sin", "nu", "har", "inte", "hans", "honom", "skulle", "hennes", "där", "min",
    "man", "ej", "vid", "kunde", "något", "från", "ut", "när", "efter", "upp", "vi", "dem", "vara",
    "vad", "över", "än", "dig", "kan", "sina", "här", "ha", "mot", "alla", "under", "någon",
    "eller", "allt", "mycket", "sedan", "ju", "denna", "själv", "detta", "åt", "utan", "varit",
    "hur", "ingen", "mitt", "ni", "bli", "blev", "oss", "din", "dessa", "några", "deras", "blir",
    "mina", "samma", "vilken", "er", "sådan", "vår", "blivit", "dess", "inom", "mellan", "sådant",
    "varför", "varje", "vilka", "ditt", "vem", "vilket", "sitt", "sådana", "vart", "dina", "vars",
    "vårt", "våra", "ert", "era", "vilkas",
];

/// The Swedish stop words every chain removes ([`SWEDISH_STOP_WORDS`]).
pub fn swedish_stop_words() -> &'static [&'static str] {
    &SWEDISH_STOP_WORDS
}

fn stop_words() -> StopWordFilter {
    StopWordFilter::remove(SWEDISH_STOP_WORDS.iter().map(|word| word.to_string()))
}

fn stemmed(language: StemLanguage) -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .filter(stop_words())
        .filter(SnowballFilter::new(language))
        .build()
}

fn parts() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .filter(stop_words())
        .filter(CompoundPartsFilter)
        .build()
}

fn folded_query(stem: bool) -> TextAnalyzer {
    let lowered = TextAnalyzer::builder(WordTokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .filter(stop_words());
    if stem {
        lowered
            .filter(SnowballFilter::new(StemLanguage::Fixed(Lang::Sv)))
            .filter(AsciiFoldingFilter)
            .build()
    } else {
        lowered.filter(AsciiFoldingFilter).build()
    }
}

/// The analyzer registered under `name`.
///
/// # Panics
/// On a name that is not one of this module's constants: that is a programming error.
pub fn analyzer(name: &str) -> TextAnalyzer {
    match name {
        SV => stemmed(StemLanguage::Detect),
        SV_QUERY => stemmed(StemLanguage::Fixed(Lang::Sv)),
        EN_QUERY => stemmed(StemLanguage::Fixed(Lang::En)),
        PARTS => parts(),
        FOLDED_QUERY => folded_query(true),
        FOLDED_WORDS_QUERY => folded_query(false),
        other => panic!("unknown analyzer {other}"),
    }
}

/// Registers every projsok analyzer; tantivy's registry lives in memory, so call this after
/// each `Index::open_in_dir`. The indexed fields get the one-pass equivalents of their chains
/// (see [`cached`]).
pub fn register(manager: &TokenizerManager) {
    for name in [SV_QUERY, EN_QUERY, FOLDED_QUERY] {
        manager.register(name, analyzer(name));
    }
    for (name, kind) in [(SV, FieldKind::Stems), (PARTS, FieldKind::Parts)] {
        manager.register(name, TextAnalyzer::from(CachedTokenizer { kind }));
    }
}

thread_local! {
    /// The chains up to (not including) stemming, for [`lowered_tokens`].
    static LOWERED: RefCell<TextAnalyzer> = RefCell::new(
        TextAnalyzer::builder(WordTokenizer)
            .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
            .filter(LowerCaser)
            .filter(stop_words())
            .build(),
    );
}

/// The words one text value gives the indexed fields, from one pass of analysis: each field
/// kind's tokens are exactly what the [`SV`] and [`PARTS`] chains give for the text
/// (a test holds them together), without tokenising, detecting the language and stemming once
/// per field.
#[derive(Debug, Clone, Default)]
pub struct IndexTokens {
    words: Vec<IndexedWord>,
    compounds: bool,
}

/// One word of a text and where it stands.
#[derive(Debug, Clone)]
pub struct IndexedWord {
    pub offset_from: usize,
    pub offset_to: usize,
    pub position: usize,
    pub forms: WordForms,
}

impl IndexedWord {
    fn token(&self, text: &str) -> Token {
        Token {
            offset_from: self.offset_from,
            offset_to: self.offset_to,
            position: self.position,
            text: text.to_string(),
            position_length: 1,
        }
    }
}

impl IndexTokens {
    pub fn words(&self) -> &[IndexedWord] {
        &self.words
    }

    /// Whether the compound parts count (`index_tokens(.., true)`).
    pub fn compounds(&self) -> bool {
        self.compounds
    }

    pub fn part_count(&self) -> usize {
        if self.compounds {
            self.words.iter().map(|word| word.forms.parts().count()).sum()
        } else {
            0
        }
    }

    /// What the [`SV`] chain gives.
    pub fn stems(&self) -> Vec<Token> {
        self.words.iter().map(|word| word.token(word.forms.stem())).collect()
    }

    /// What the [`PARTS`] chain gives (nothing without compounds).
    pub fn parts(&self) -> Vec<Token> {
        if !self.compounds {
            return Vec::new();
        }
        let parts =
            self.words.iter().flat_map(|word| word.forms.parts().map(|part| word.token(part)));
        parts.collect()
    }
}

/// The words of `text`, lower-cased, stop words removed, not stemmed: the common head of every
/// chain, for callers that stem only the words they need (snippets).
pub fn lowered_tokens(text: &str) -> Vec<Token> {
    LOWERED.with_borrow_mut(|lowered| {
        let mut stream = lowered.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.clone());
        }
        out
    })
}

/// Analyses `text` once for every indexed field; `compounds: false` leaves the parts out.
pub fn index_tokens(text: &str, compounds: bool) -> IndexTokens {
    let lang = language::detect(text);
    let mut words = Vec::new();
    tokenizer::for_each_word(text, |word, offset_from, offset_to, position| {
        if let Some(forms) = forms::word_forms(lang, word) {
            words.push(IndexedWord { offset_from, offset_to, position, forms });
        }
    });
    IndexTokens { words, compounds }
}

thread_local! {
    /// Built analyzers by name: building one allocates its stop-word set.
    static ANALYZERS: RefCell<Vec<(&'static str, TextAnalyzer)>> = const { RefCell::new(Vec::new()) };
}

/// All tokens of `text` under analyzer `name`, with positions and byte offsets.
pub fn tokens(name: &str, text: &str) -> Vec<Token> {
    ANALYZERS.with_borrow_mut(|analyzers| {
        let position = match analyzers.iter().position(|(known, _)| *known == name) {
            Some(position) => position,
            None => {
                let built = analyzer(name);
                let name = [SV, SV_QUERY, EN_QUERY, FOLDED_QUERY, FOLDED_WORDS_QUERY, PARTS]
                    .into_iter()
                    .find(|known| *known == name)
                    .expect("analyzer() accepted the name");
                analyzers.push((name, built));
                analyzers.len() - 1
            }
        };
        let mut stream = analyzers[position].1.token_stream(text);
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push(token.clone());
        }
        tokens
    })
}

/// Token texts with positions relative to the first, as they stand in the index (stop words
/// leave gaps); a hyphen-joined word keeps the joined token and drops its parts.
pub fn positioned(tokens: &[Token]) -> Vec<(usize, String)> {
    let first = tokens.first().map(|token| token.position).unwrap_or_default();
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut joined_until = 0;
    for token in tokens {
        if token.offset_from < joined_until {
            continue;
        }
        let is_joined = tokens.iter().any(|other| {
            other.position == token.position
                && other.offset_from == token.offset_from
                && other.offset_to < token.offset_to
        });
        if is_joined {
            joined_until = token.offset_to;
        }
        out.push((token.position - first, token.text.clone()));
    }
    out
}

/// The token texts of `text` under analyzer `name`.
pub fn analyze(name: &str, text: &str) -> impl Iterator<Item = String> {
    tokens(name, text).into_iter().map(|token| token.text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::RawTokenizer;

    fn texts(name: &str, text: &str) -> Vec<String> {
        analyze(name, text).collect()
    }

    #[test]
    fn swedish_chain_stems_and_drops_stop_words() {
        assert_eq!(
            texts(SV_QUERY, "Socialt företagande och matchningen i Övre Norrland"),
            ["socialt", "företag", "matchning", "övr", "norrland"]
        );
    }

    #[test]
    fn inflected_and_cased_forms_meet() {
        assert_eq!(texts(SV_QUERY, "Matchningen"), texts(SV_QUERY, "matchning"));
        assert_eq!(texts(SV, "FÖRETAGANDE"), texts(SV_QUERY, "företagande"));
    }

    #[test]
    fn hyphenated_abbreviation_is_findable_by_its_part() {
        let tokens = texts(SV, "SFI-undervisningen");
        assert_eq!(tokens, ["sfiundervisning", "sfi", "undervisning"]);
    }

    #[test]
    fn folded_chain_drops_diacritics_after_stemming() {
        assert_eq!(texts(FOLDED_QUERY, "matchning"), ["matchning"]);
        assert_eq!(texts(FOLDED_QUERY, "foretagande malsattning"), ["foretag", "malsattning"]);
        assert_eq!(texts(FOLDED_QUERY, "Luleå lulea"), ["lulea", "lule"]);
    }

    #[test]
    fn folded_words_chain_folds_without_stemming() {
        assert_eq!(texts(FOLDED_WORDS_QUERY, "Luleå och Västerås"), ["lulea", "vasteras"]);
        assert_eq!(texts(FOLDED_WORDS_QUERY, "lulea"), ["lulea"]);
        let tokens = tokens(FOLDED_WORDS_QUERY, "i Umeå");
        assert_eq!((tokens[0].position, tokens[0].offset_from), (1, 2));
    }

    #[test]
    fn parts_chain_gives_stemmed_parts_of_compounds_only() {
        assert_eq!(
            texts(PARTS, "matchningsarbetet och egenföretagande i kommunen"),
            ["matchning", "arbetet", "arbet", "egen", "företag"]
        );
        assert!(texts(PARTS, "företagande information").is_empty());
        let tokens = tokens(PARTS, "om matchningsinsatser");
        assert!(tokens.iter().all(|t| (t.position, t.offset_from, t.offset_to) == (1, 3, 21)));
    }

    #[test]
    fn one_pass_index_tokens_equal_the_registered_chains() {
        let texts = [
            include_str!("../../seeds/000_cea40166ddf3072c.txt"),
            include_str!("../../seeds/003_2b3fa1d7a6e76dce.txt"),
            "The projects support immigrants who are looking for employment in the northern \
             regions of the country, with SFI-undervisningen and Af:s matchningsarbetet.",
            // A hyphen join that puts a combining mark after a letter (found by tests/fuzz.rs).
            "Å-\u{301} G-\u{301}",
            "",
        ];
        for text in texts {
            let one_pass = index_tokens(text, true);
            assert_eq!(one_pass.stems(), tokens(SV, text));
            assert_eq!(one_pass.parts(), tokens(PARTS, text));
            assert_eq!(one_pass.part_count(), one_pass.parts().len());
            assert!(index_tokens(text, false).parts().is_empty());
        }
    }

    #[test]
    fn english_text_gets_the_english_stemmer() {
        let text = "The projects support immigrants who are looking for employment in the \
                    northern regions of the country.";
        assert!(texts(SV, text).contains(&"immigr".to_string()));
        assert_eq!(texts(EN_QUERY, "immigrants"), ["immigr"]);
    }

    #[test]
    fn positions_and_offsets_survive_the_chain() {
        let tokens = tokens(SV, "och Arbetsförmedlingen");
        assert_eq!(tokens.len(), 1);
        assert_eq!((tokens[0].position, tokens[0].offset_from, tokens[0].offset_to), (1, 4, 23));
    }

    #[test]
    fn stop_words_are_tantivys_swedish_list() {
        use tantivy::tokenizer::Language;
        let mut ours = TextAnalyzer::builder(RawTokenizer::default()).filter(stop_words()).build();
        let mut tantivys = TextAnalyzer::builder(RawTokenizer::default())
            .filter(StopWordFilter::new(Language::Swedish).unwrap())
            .build();
        let kept =
            |analyzer: &mut TextAnalyzer, word: &str| analyzer.token_stream(word).next().is_some();
        for word in SWEDISH_STOP_WORDS.iter().chain(&["företag", "arbete", "sverige", "the"]) {
            assert_eq!(kept(&mut ours, word), kept(&mut tantivys, word), "{word}");
        }
        assert!(SWEDISH_STOP_WORDS.iter().all(|word| !kept(&mut tantivys, word)));
    }
}
