//! Each word's index forms (its stem, the stem folded to ASCII and the stems of its compound
//! parts) worked out once per thread and remembered. Running text repeats its words: after the
//! first few thousand documents almost every word is a lookup instead of lower-casing, a stop
//! word test, stemming, folding and a walk through the compound lexicon.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::LazyLock;

use xxhash_rust::xxh3::Xxh3Builder;

use super::compounds::MIN_WORD_CHARS;
use super::decompound::split_part_stems;
use super::language::Lang;
use super::stemmer::stem;
use super::{fold, MAX_TOKEN_LEN, SWEDISH_STOP_WORDS};

/// What one word gives each kind of indexed field.
#[derive(Debug, PartialEq, Eq)]
pub struct WordForms {
    pub stem: String,
    /// `None` when folding leaves the stem as it is (every ASCII word).
    folded: Option<String>,
    /// The distinct stems of the word's compound parts; empty for a non-compound.
    pub parts: Box<[String]>,
}

impl WordForms {
    pub fn folded(&self) -> &str {
        self.folded.as_deref().unwrap_or(&self.stem)
    }
}

/// Distinct words remembered per thread and language before the memory is given back and
/// filled again; about 150 bytes each.
const CACHE_WORDS: usize = 250_000;

type FormsByWord = HashMap<Box<str>, Option<Rc<WordForms>>, Xxh3Builder>;

thread_local! {
    /// Keyed by the word as it stands in the text (case kept), one map per stemming language.
    static FORMS: RefCell<[FormsByWord; 2]> = const {
        RefCell::new([
            HashMap::with_hasher(Xxh3Builder::new()),
            HashMap::with_hasher(Xxh3Builder::new()),
        ])
    };
}

/// The forms of `word`, one word as `tokenizer::for_each_word` gives it, stemmed for `lang`;
/// `None` when the chains drop it (a stop word, or too long to be a word).
pub fn word_forms(lang: Lang, word: &str) -> Option<Rc<WordForms>> {
    let slot = lang as usize;
    if let Some(forms) = FORMS.with_borrow(|maps| maps[slot].get(word).cloned()) {
        return forms;
    }
    let forms = analyse_word(lang, word).map(Rc::new);
    FORMS.with_borrow_mut(|maps| {
        let map = &mut maps[slot];
        if map.len() >= CACHE_WORDS {
            *map = HashMap::with_hasher(Xxh3Builder::new());
        }
        map.insert(word.into(), forms.clone());
    });
    forms
}

/// What the chains do to one word of the tokenizer, then stemming, folding and splitting.
/// The chains' head is repeated here rather than run on the word: tokenising a word again is
/// not always the identity (a hyphen join can put a combining mark after a letter).
fn analyse_word(lang: Lang, word: &str) -> Option<WordForms> {
    if word.len() >= MAX_TOKEN_LEN {
        return None;
    }
    let lowered = lower_case(word);
    if is_stop_word(&lowered) {
        return None;
    }
    let stem = stem(lang, &lowered).into_owned();
    let folded = fold(&stem);
    let parts = if lowered.len() >= MIN_WORD_CHARS {
        split_part_stems(&lowered).into_boxed_slice()
    } else {
        Box::default()
    };
    Some(WordForms { folded: (folded != stem).then_some(folded), stem, parts })
}

/// Lower case as tantivy's `LowerCaser` writes it: character by character, so without the
/// final-sigma rule of `str::to_lowercase`.
fn lower_case(word: &str) -> String {
    if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        word.chars().flat_map(char::to_lowercase).collect()
    }
}

fn is_stop_word(lowered: &str) -> bool {
    static STOP_WORDS: LazyLock<HashSet<&str>> =
        LazyLock::new(|| SWEDISH_STOP_WORDS.into_iter().collect());
    STOP_WORDS.contains(lowered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_gets_stem_folded_stem_and_part_stems() {
        let forms = word_forms(Lang::Sv, "Matchningsarbetet").expect("a word");
        assert_eq!(forms.stem, "matchningsarbetet");
        assert_eq!(forms.folded(), "matchningsarbetet");
        assert_eq!(&*forms.parts, ["matchning", "arbetet", "arbet"]);
        let forms = word_forms(Lang::Sv, "Företagande").expect("a word");
        assert_eq!((forms.stem.as_str(), forms.folded()), ("företag", "foretag"));
        assert!(forms.parts.is_empty());
    }

    #[test]
    fn stop_words_and_overlong_words_have_no_forms() {
        assert_eq!(word_forms(Lang::Sv, "Och"), None);
        assert_eq!(word_forms(Lang::Sv, "OCH"), None);
        assert_eq!(word_forms(Lang::Sv, &"a".repeat(64)), None);
        assert!(word_forms(Lang::Sv, &"a".repeat(63)).is_some());
    }

    #[test]
    fn the_language_picks_the_stemmer_for_the_same_word() {
        let swedish = word_forms(Lang::Sv, "immigrants").expect("a word");
        let english = word_forms(Lang::En, "immigrants").expect("a word");
        assert_eq!(english.stem, "immigr");
        assert_ne!(swedish.stem, english.stem);
    }
}
