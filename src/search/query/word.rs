//! How one text of a query (a word, a phrase, a synonym form) reads: its tokens under each
//! chain a search asks of it, positioned as they stand in the index, its synonym forms, the
//! parts a compound must have and its other spellings in the index.
//!
//! A word is read once per builder, whatever asks: the synonym groups, its alternatives, its
//! weight under the coverage rule, the proximity phrase, and the relaxed build after the first
//! (see [`QueryBuilder::build`](super::QueryBuilder::build)). Every chain runs through
//! [`analysed`], where a test counts them.

use std::cell::OnceCell;

use tantivy::schema::Field;
use tantivy::tokenizer::Token;
use tantivy::Searcher;

use super::morphology;
use crate::analysis::synonyms::Synonyms;
use crate::analysis::{self, decompound, lemmas, positioned, tokenizer};
use crate::search::spelling;

/// Query words shorter than this get no English reading.
const MIN_ENGLISH_READING: usize = 5;

/// One text's readings. The Swedish one is read at once (every use needs it); the others on
/// first use, each at most once.
pub(super) struct WordReading {
    text: String,
    /// The Swedish chain's tokens ([`analysis::SV_QUERY`]), hyphen-joined words and their parts
    /// both, as the chain gives them.
    tokens: Vec<Token>,
    /// The same, [`positioned`].
    stems: Vec<(usize, String)>,
    english: OnceCell<Vec<(usize, String)>>,
    folded: OnceCell<Vec<(usize, String)>>,
    unstemmed: OnceCell<Vec<(usize, String)>>,
    /// How many positions the text takes in the tokenizer, stop words included.
    positions: OnceCell<usize>,
    compound_parts: OnceCell<Vec<String>>,
    /// The stems of the other forms of the word's lemma (see [`lemmas::form_stems`]).
    lemma_stems: OnceCell<Vec<String>>,
    /// The index's longer compounds that begin with the word (see [`morphology`]).
    longer_compounds: OnceCell<Vec<String>>,
    synonym_forms: OnceCell<Vec<String>>,
    /// Of a typed word ([`SPELLINGS_TYPED`]) and of a synonym form: per folded token, the
    /// stem at its place and the other spellings to look for.
    spellings: [OnceCell<Vec<Spellings>>; 2],
}

/// The other spellings of one folded token of a text (see [`WordReading::spellings`]).
pub(super) struct Spellings {
    /// The Swedish stem at the token's place, if the chain kept one.
    pub(super) exact: Option<String>,
    pub(super) candidates: Vec<String>,
}

const SPELLINGS_TYPED: usize = 0;
const SPELLINGS_FORM: usize = 1;

impl WordReading {
    pub(super) fn new(text: &str) -> WordReading {
        let tokens = analysed(analysis::SV_QUERY, text);
        let stems = positioned(&tokens);
        WordReading {
            text: text.to_string(),
            tokens,
            stems,
            english: OnceCell::new(),
            folded: OnceCell::new(),
            unstemmed: OnceCell::new(),
            positions: OnceCell::new(),
            compound_parts: OnceCell::new(),
            lemma_stems: OnceCell::new(),
            longer_compounds: OnceCell::new(),
            synonym_forms: OnceCell::new(),
            spellings: [OnceCell::new(), OnceCell::new()],
        }
    }

    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// The Swedish tokens: empty for stop words only.
    pub(super) fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The Swedish stems, [`positioned`].
    pub(super) fn stems(&self) -> &[(usize, String)] {
        &self.stems
    }

    /// The stems' texts, every token (hyphen-joined words and their parts).
    pub(super) fn stem_texts(&self) -> Vec<String> {
        self.tokens.iter().map(|token| token.text.clone()).collect()
    }

    /// Whether the text is long enough for an English reading: short words are acronyms more
    /// often than English, and "AMS" must not become "am".
    pub(super) fn may_be_english(&self) -> bool {
        self.text.chars().filter(|c| c.is_alphabetic()).count() >= MIN_ENGLISH_READING
    }

    /// The English chain's reading ([`analysis::EN_QUERY`]), positioned.
    pub(super) fn english(&self) -> &[(usize, String)] {
        self.english.get_or_init(|| positioned(&analysed(analysis::EN_QUERY, &self.text)))
    }

    /// Stemmed, then folded to ASCII ([`analysis::FOLDED_QUERY`]), positioned.
    pub(super) fn folded(&self) -> &[(usize, String)] {
        self.folded.get_or_init(|| positioned(&analysed(analysis::FOLDED_QUERY, &self.text)))
    }

    /// Folded before stemming ([`analysis::FOLDED_WORDS_QUERY`]), positioned.
    pub(super) fn unstemmed(&self) -> &[(usize, String)] {
        self.unstemmed
            .get_or_init(|| positioned(&analysed(analysis::FOLDED_WORDS_QUERY, &self.text)))
    }

    /// How many positions the text takes when words follow it: the tokenizer's count, which
    /// the chains' tokens do not tell where the text ends in a stop word.
    pub(super) fn positions(&self) -> usize {
        *self.positions.get_or_init(|| {
            count(TOKENIZER, &self.text);
            let words = tokenizer::split_words(&self.text);
            words.last().map_or(0, |token| token.position + 1)
        })
    }

    /// The parts a text must have to stand for the compound the text is (see
    /// [`required_parts`]); fewer than two when it is none.
    pub(super) fn compound_parts(&self) -> &[String] {
        self.compound_parts.get_or_init(|| {
            count(COMPOUND_PARTS, &self.text);
            let parts = decompound::part_stems(&self.text.trim().to_lowercase());
            required_parts(&parts).into_iter().map(str::to_string).collect()
        })
    }

    /// The text's one word, lowercased and not stemmed; None for several words or none.
    pub(super) fn single_word(&self) -> Option<String> {
        if self.stems.len() != 1 {
            return None;
        }
        match analysis::lowered_tokens(&self.text).as_slice() {
            [token] => Some(token.text.clone()),
            _ => None,
        }
    }

    /// The stems of the other definite, genitive and plural forms of the word's lemma that its
    /// own stem misses ("arbete" → "arbetet"); empty for several words.
    pub(super) fn lemma_stems(&self) -> &[String] {
        self.lemma_stems.get_or_init(|| {
            count(LEMMAS, &self.text);
            self.single_word().map(|word| lemmas::form_stems(&word)).unwrap_or_default()
        })
    }

    /// The terms of `body` in `searcher` that are longer compounds beginning with the word
    /// (the same for every call); empty for several words and for a word that is no compound.
    pub(super) fn longer_compounds(&self, searcher: &Searcher, body: Field) -> &[String] {
        self.longer_compounds.get_or_init(|| {
            let Some(word) = self.single_word() else { return Vec::new() };
            let own = &self.stems[0].1;
            morphology::longer_compounds(searcher, body, &word, own)
        })
    }

    /// The text's synonym forms in `synonyms` (the same table for every call).
    pub(super) fn synonym_forms(&self, synonyms: &Synonyms) -> &[String] {
        self.synonym_forms.get_or_init(|| {
            let forms = synonyms.expansions_typed(&self.text, &self.stem_texts());
            forms.into_iter().map(str::to_string).collect()
        })
    }

    /// Per token of the [`folded`](Self::folded) reading, its Swedish stem and the spellings to
    /// look for in the catch-all `body` of `searcher` (the same for every call): of a `typed`
    /// word every spelling the index has that folds alike (and, `with_unstemmed`, those of the
    /// word folded before stemming), of a synonym form only the one without diacritics (see
    /// [`spelling`]).
    pub(super) fn spellings(
        &self,
        searcher: &Searcher,
        body: Field,
        typed: bool,
        with_unstemmed: bool,
    ) -> &[Spellings] {
        let cell = &self.spellings[if typed { SPELLINGS_TYPED } else { SPELLINGS_FORM }];
        cell.get_or_init(|| {
            let unstemmed: &[(usize, String)] =
                if with_unstemmed && typed { self.unstemmed() } else { &[] };
            let mut out = Vec::new();
            for (position, folded) in self.folded() {
                let exact = self.stems.iter().find(|(at, _)| at == position).map(|(_, stem)| stem);
                let exact_text = exact.map_or("", |stem| stem.as_str());
                let mut candidates = if typed {
                    spelling::other_spellings(searcher, body, folded, exact_text)
                } else {
                    spelling::without_diacritics(folded, exact_text).into_iter().collect()
                };
                let word = unstemmed.iter().find(|(at, word)| at == position && word != folded);
                if let Some((_, word)) = word {
                    for spelling in spelling::other_spellings(searcher, body, word, exact_text) {
                        if !candidates.contains(&spelling) {
                            candidates.push(spelling);
                        }
                    }
                }
                out.push(Spellings { exact: exact.cloned(), candidates });
            }
            out
        })
    }
}

/// The tokens of several texts that follow one another, each after a space, as the Swedish
/// chain reads the whole: a word's tokens shifted by the positions and bytes of the texts
/// before it. The tokenizer splits at every space and each filter of the chain reads one token
/// at a time, so no reading crosses from one text into the next.
pub(super) fn joined_tokens(readings: &[&WordReading]) -> Vec<Token> {
    let mut out = Vec::new();
    let (mut position, mut byte) = (0, 0);
    for reading in readings {
        out.extend(reading.tokens.iter().map(|token| Token {
            position: token.position + position,
            offset_from: token.offset_from + byte,
            offset_to: token.offset_to + byte,
            ..token.clone()
        }));
        position += reading.positions();
        byte += reading.text.len() + 1;
    }
    out
}

/// Counted in tests beside the chains' names: the tokenizer alone, and the compound splitter.
pub(super) const TOKENIZER: &str = "tokenizer";
pub(super) const COMPOUND_PARTS: &str = "compound parts";
pub(super) const LEMMAS: &str = "lemmas";

/// `chain`'s tokens of `text`.
fn analysed(chain: &'static str, text: &str) -> Vec<Token> {
    count(chain, text);
    analysis::tokens(chain, text)
}

#[cfg(test)]
thread_local! {
    /// How often each chain read each text, on this thread.
    static ANALYSES: std::cell::RefCell<std::collections::BTreeMap<(&'static str, String), usize>> =
        const { std::cell::RefCell::new(std::collections::BTreeMap::new()) };
}

#[cfg(test)]
fn count(chain: &'static str, text: &str) {
    ANALYSES.with_borrow_mut(|counts| *counts.entry((chain, text.to_string())).or_default() += 1);
}

#[cfg(not(test))]
fn count(_: &'static str, _: &str) {}

/// The analyses made on this thread since the last call: (chain, text) → how many times.
#[cfg(test)]
pub(super) fn take_analyses() -> std::collections::BTreeMap<(&'static str, String), usize> {
    ANALYSES.with_borrow_mut(std::mem::take)
}

/// The parts a text must have to stand for a compound, from the splitter's part stems: of an
/// inflected part and its lemma ("arbetet", "arbet") the lemma, and of a nested compound and its
/// own parts ("arbetsmarknad", "arbet", "marknad") the compound.
pub(super) fn required_parts(parts: &[String]) -> Vec<&str> {
    let inflection_of = |longer: &str, shorter: &str| {
        longer.len() > shorter.len()
            && longer.starts_with(shorter)
            && longer.len() - shorter.len() <= 3
    };
    parts
        .iter()
        .filter(|part| {
            let is_inflected = parts.iter().any(|other| inflection_of(part, other));
            let is_nested = parts.iter().any(|other| {
                other.len() > part.len()
                    && other.contains(part.as_str())
                    && !inflection_of(other, part)
            });
            !is_inflected && !is_nested
        })
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::analysis::tokens;

    /// (text, position, byte offsets) of each token.
    fn described(tokens: &[Token]) -> Vec<(String, usize, usize, usize)> {
        tokens
            .iter()
            .map(|token| (token.text.clone(), token.position, token.offset_from, token.offset_to))
            .collect()
    }

    /// Whether the words' readings, joined, are the Swedish chain's reading of the words
    /// joined by spaces, as the proximity phrase read them before each word was read once.
    fn joined_reads_as_whole(words: &[&str], cache: &mut HashMap<String, WordReading>) -> bool {
        for word in words {
            if !cache.contains_key(*word) {
                cache.insert(word.to_string(), WordReading::new(word));
            }
        }
        let readings: Vec<&WordReading> = words.iter().map(|word| &cache[*word]).collect();
        let whole = tokens(analysis::SV_QUERY, &words.join(" "));
        described(&joined_tokens(&readings)) == described(&whole)
    }

    #[test]
    fn joined_readings_are_the_reading_of_the_joined_text() {
        let mut cache = HashMap::new();
        let read = |words: &[&str], cache: &mut HashMap<String, WordReading>| {
            let readings: Vec<WordReading> = words.iter().map(|w| WordReading::new(w)).collect();
            assert!(joined_reads_as_whole(words, cache), "{words:?}");
            positioned(&joined_tokens(&readings.iter().collect::<Vec<_>>()))
        };
        let owned = |stems: &[(usize, &str)]| -> Vec<(usize, String)> {
            stems.iter().map(|(at, stem)| (*at, stem.to_string())).collect()
        };
        // A stop word leaves its place, one that ends a word ("arbete/och") too, and so does
        // a token too long to be a word.
        assert_eq!(
            read(&["socialt", "och", "företagande"], &mut cache),
            owned(&[(0, "socialt"), (2, "företag")])
        );
        assert_eq!(read(&["arbete/och", "stöd"], &mut cache), owned(&[(0, "arbet"), (2, "stöd")]));
        assert_eq!(
            read(&["SFI-undervisningen", "ESF:s", "mål"], &mut cache),
            owned(&[(0, "sfiundervisning"), (2, "esf"), (3, "mål")])
        );
        assert_eq!(read(&["och", "i", "att"], &mut cache), owned(&[]));
        let long = "x".repeat(70);
        assert_eq!(read(&["stöd", &long, "mål"], &mut cache), owned(&[(0, "stöd"), (2, "mål")]));
        // Every three words in a row of the seeds, as a query would type them.
        let seeds = [
            include_str!("../../../seeds/000_cea40166ddf3072c.txt"),
            include_str!("../../../seeds/001_5529787c01511de8.txt"),
            include_str!("../../../seeds/002_e2cf07384f130b54.txt"),
            include_str!("../../../seeds/003_2b3fa1d7a6e76dce.txt"),
            include_str!("../../../seeds/004_2c34cdba5d9fc759.txt"),
        ];
        let mut windows = 0;
        for seed in seeds {
            let words: Vec<&str> = seed.split_whitespace().collect();
            for window in words.windows(3) {
                assert!(joined_reads_as_whole(window, &mut cache), "{window:?}");
                windows += 1;
            }
        }
        assert_eq!(windows, 14_426);
    }

    #[test]
    fn a_text_is_read_once_by_each_chain_it_is_asked_for() {
        take_analyses();
        let reading = WordReading::new("Arbetsmarknadsutbildningen");
        for _ in 0..2 {
            assert_eq!(reading.stem_texts(), ["arbetsmarknadsutbildning"]);
            assert_eq!(reading.english(), [(0, "arbetsmarknadsutbildningen".to_string())]);
            assert_eq!(reading.folded(), [(0, "arbetsmarknadsutbildning".to_string())]);
            assert_eq!(reading.positions(), 1);
            assert_eq!(reading.compound_parts(), ["arbetsmarkn", "utbildning"]);
        }
        let text = "Arbetsmarknadsutbildningen".to_string();
        let counted: Vec<(&str, String, usize)> =
            take_analyses().into_iter().map(|((chain, text), n)| (chain, text, n)).collect();
        assert_eq!(
            counted,
            [
                (COMPOUND_PARTS, text.clone(), 1),
                (analysis::EN_QUERY, text.clone(), 1),
                (analysis::FOLDED_QUERY, text.clone(), 1),
                (analysis::SV_QUERY, text.clone(), 1),
                (TOKENIZER, text, 1),
            ]
        );
    }

    #[test]
    fn hyphenated_query_word_keeps_the_joined_token() {
        let reading = positioned(&tokens(analysis::SV_QUERY, "SFI-undervisningen i skolan"));
        assert_eq!(reading, [(0, "sfiundervisning".to_string()), (3, "skolan".to_string())]);
    }

    #[test]
    fn required_parts_keep_lemmas_and_whole_nested_compounds() {
        let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(
            required_parts(&owned(&["matchning", "arbetet", "arbet"])),
            ["matchning", "arbet"]
        );
        assert_eq!(
            required_parts(&owned(&["arbetsmarknad", "arbet", "markn", "utbildning"])),
            ["arbetsmarknad", "utbildning"]
        );
        assert_eq!(required_parts(&owned(&["språk", "utbildning"])), ["språk", "utbildning"]);
    }
}
