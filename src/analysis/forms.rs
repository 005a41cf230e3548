//! Each word's index forms (its stem and the stems of its compound parts) worked out once and
//! remembered. Running text repeats its words: after the first few thousand documents almost
//! every word is a lookup instead of lower-casing, a stop word test, stemming and a walk
//! through the compound lexicon.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::{LazyLock, Mutex};

use foldhash::fast::FixedState;

use super::compounds::MIN_WORD_CHARS;
use super::decompound::split_part_stems;
use super::language::Lang;
use super::stemmer::stem;
use super::{MAX_TOKEN_LEN, SWEDISH_STOP_WORDS};

/// Between the forms in their one string; no word holds it.
const SEPARATOR: char = '\0';

/// What one word gives each kind of indexed field, held in one string ("stem␀part␀part"): the
/// caches hold the whole vocabulary, several times over, and one allocation per word keeps
/// them small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordForms(Rc<str>);

impl WordForms {
    pub fn stem(&self) -> &str {
        self.0.split(SEPARATOR).next().unwrap_or_default()
    }

    /// The distinct stems of the word's compound parts; none for a non-compound.
    pub fn parts(&self) -> impl Iterator<Item = &str> {
        self.0.split(SEPARATOR).skip(1)
    }
}

/// The one string of [`WordForms`].
fn joined(stem: &str, parts: &[String]) -> Box<str> {
    let mut out = stem.to_string();
    for part in parts {
        out.push(SEPARATOR);
        out.push_str(part);
    }
    out.into_boxed_str()
}

/// Distinct words remembered per cache and language before the memory is given back and
/// filled again; about 100 bytes each.
const CACHE_WORDS: usize = 250_000;

/// foldhash hashes a short word in a few nanoseconds; these maps are asked for every word of
/// every text. The seed is fixed so that it can be built in a `const`.
const WORD_HASHER: FixedState = FixedState::with_seed(0x70726f6a736f6b);

type FormsByWord<T> = HashMap<Box<str>, Option<T>, FixedState>;

thread_local! {
    /// Keyed by the word as it stands in the text (case kept), one map per stemming language.
    static FORMS: RefCell<[FormsByWord<WordForms>; 2]> = const {
        RefCell::new([
            HashMap::with_hasher(WORD_HASHER),
            HashMap::with_hasher(WORD_HASHER),
        ])
    };
}

/// What any thread has worked out, asked on a thread's first sight of a word: the indexing
/// threads meet the same vocabulary, and splitting it once is enough. Each thread keeps its own
/// copies, so the hot path takes no lock and shares no reference count.
static SHARED: Mutex<[FormsByWord<Box<str>>; 2]> =
    Mutex::new([HashMap::with_hasher(WORD_HASHER), HashMap::with_hasher(WORD_HASHER)]);

/// The forms of `word`, one word as `tokenizer::for_each_word` gives it, stemmed for `lang`;
/// `None` when the chains drop it (a stop word, or too long to be a word).
pub fn word_forms(lang: Lang, word: &str) -> Option<WordForms> {
    let slot = lang as usize;
    if let Some(forms) = FORMS.with_borrow(|maps| maps[slot].get(word).cloned()) {
        return forms;
    }
    let forms = shared_forms(slot, lang, word).map(|joined| WordForms(Rc::from(joined)));
    FORMS.with_borrow_mut(|maps| remember(&mut maps[slot], word, forms.clone()));
    forms
}

fn shared_forms(slot: usize, lang: Lang, word: &str) -> Option<Box<str>> {
    let known = SHARED.lock().ok().and_then(|maps| maps[slot].get(word).cloned());
    if let Some(forms) = known {
        return forms;
    }
    let forms = analyse_word(lang, word);
    if let Ok(mut maps) = SHARED.lock() {
        remember(&mut maps[slot], word, forms.clone());
    }
    forms
}

/// Inserts into a cache that is emptied when full: the memory stays bounded, and the words
/// that matter come back at once.
fn remember<T>(map: &mut FormsByWord<T>, word: &str, forms: Option<T>) {
    if map.len() >= CACHE_WORDS {
        *map = HashMap::with_hasher(WORD_HASHER);
    }
    map.insert(word.into(), forms);
}

/// What the chains do to one word of the tokenizer, then stemming and splitting.
/// The chains' head is repeated here rather than run on the word: tokenising a word again is
/// not always the identity (a hyphen join can put a combining mark after a letter).
fn analyse_word(lang: Lang, word: &str) -> Option<Box<str>> {
    let (lowered, stem) = lowered_and_stem(lang, word)?;
    let parts =
        if lowered.len() >= MIN_WORD_CHARS { split_part_stems(&lowered) } else { Vec::new() };
    Some(joined(&stem, &parts))
}

/// The stem the [`SV`](super::SV) chain gives `word` (one word as `tokenizer::for_each_word`
/// gives it), without its compound parts and without the caches: for a caller that keeps its
/// own and has no use for the parts, whose lexicon walk costs more than the stemming.
pub fn word_stem(lang: Lang, word: &str) -> Option<String> {
    lowered_and_stem(lang, word).map(|(_, stem)| stem)
}

fn lowered_and_stem(lang: Lang, word: &str) -> Option<(String, String)> {
    if word.len() >= MAX_TOKEN_LEN {
        return None;
    }
    let lowered = lower_case(word);
    if is_stop_word(&lowered) {
        return None;
    }
    let stem = stem(lang, &lowered).into_owned();
    Some((lowered, stem))
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

    fn parts(forms: &WordForms) -> Vec<&str> {
        forms.parts().collect()
    }

    #[test]
    fn a_word_gets_its_stem_and_part_stems() {
        let forms = word_forms(Lang::Sv, "Matchningsarbetet").expect("a word");
        assert_eq!(forms.stem(), "matchningsarbetet");
        assert_eq!(parts(&forms), ["matchning", "arbetet", "arbet"]);
        let forms = word_forms(Lang::Sv, "Företagande").expect("a word");
        assert_eq!(forms.stem(), "företag");
        assert!(parts(&forms).is_empty());
        let forms = word_forms(Lang::Sv, "egenföretagande").expect("a word");
        assert_eq!(forms.stem(), "egenföretag");
        assert_eq!(parts(&forms), ["egen", "företag"]);
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
        assert_eq!(english.stem(), "immigr");
        assert_ne!(swedish.stem(), english.stem());
    }

    #[test]
    fn a_thread_gets_what_another_worked_out() {
        let forms_text = || word_forms(Lang::Sv, "Samverkansprojekten").map(|f| f.0.to_string());
        let first = std::thread::spawn(forms_text).join().expect("no panic");
        let second = forms_text();
        assert_eq!(first, second);
        assert!(SHARED.lock().expect("not poisoned")[Lang::Sv as usize]
            .contains_key("Samverkansprojekten"));
    }
}
