//! Language detection with an allow-list: projsok stems Swedish and English, and nothing else.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::sync::{LazyLock, Mutex, PoisonError};

use foldhash::fast::FixedState;

use serde::{Deserialize, Serialize};
use whatlang::{Detector, Lang as WhatLang};
use xxhash_rust::xxh3::xxh3_64;

/// The languages projsok analyses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Sv,
    En,
}

impl Lang {
    /// The language of an ISO 639-1 code, in any case.
    pub fn of_code(code: &str) -> Option<Lang> {
        [Lang::Sv, Lang::En].into_iter().find(|lang| lang.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The ISO 639-1 code stored in the `lang` facet.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }
}

/// Below this many bytes a guess is noise; such text counts as Swedish, the corpus language.
const MIN_DETECT_LEN: usize = 80;
/// Detection reads a prefix only: language does not change mid-section, whatlang's cost grows
/// with length, and a few hundred letters tell Swedish from English reliably.
const DETECT_PREFIX_LEN: usize = 600;
/// Texts remembered per thread: the indexer analyses each section for several fields.
const CACHE_SIZE: usize = 64;
/// Prefixes remembered by all threads together. The reading thread detects each section's
/// language when it enriches the document, and an indexing thread analyses the same section
/// up to tantivy's queue of 10,000 documents later; a document has about two texts long enough
/// to detect (its language sample and a section), so this many cover the queue.
const SHARED_SIZE: usize = 1 << 15;

static DETECTOR: LazyLock<Detector> =
    LazyLock::new(|| Detector::with_allowlist(vec![WhatLang::Swe, WhatLang::Eng]));

thread_local! {
    /// (hash of the detected prefix, its language), newest last.
    static RECENT: RefCell<Vec<(u64, Lang)>> = const { RefCell::new(Vec::new()) };
}

/// Languages of prefixes by their hash, the oldest dropped first beyond `capacity`.
struct Shared {
    langs: HashMap<u64, Lang, FixedState>,
    order: VecDeque<u64>,
    capacity: usize,
}

impl Shared {
    fn new(capacity: usize) -> Shared {
        Shared { langs: HashMap::default(), order: VecDeque::new(), capacity }
    }

    fn get(&self, key: u64) -> Option<Lang> {
        self.langs.get(&key).copied()
    }

    fn put(&mut self, key: u64, lang: Lang) {
        if self.langs.insert(key, lang).is_some() {
            return;
        }
        self.order.push_back(key);
        if self.order.len() > self.capacity {
            if let Some(oldest) = self.order.pop_front() {
                self.langs.remove(&oldest);
            }
        }
    }
}

/// What the indexing threads find of the reading thread's detections (see [`SHARED_SIZE`]):
/// without it, every section's language was detected twice while indexing.
static SHARED: LazyLock<Mutex<Shared>> = LazyLock::new(|| Mutex::new(Shared::new(SHARED_SIZE)));

/// The language of a prefix by its hash, as another thread found it.
fn shared_get(key: u64) -> Option<Lang> {
    SHARED.lock().unwrap_or_else(PoisonError::into_inner).get(key)
}

fn shared_put(key: u64, lang: Lang) {
    SHARED.lock().unwrap_or_else(PoisonError::into_inner).put(key, lang);
}

/// The language of `text` where it is long enough to tell (see [`detect`]), else `None`.
pub fn detect_decidable(text: &str) -> Option<Lang> {
    (text.len() >= MIN_DETECT_LEN).then(|| detect(text))
}

/// The language of `text`, Swedish unless the text is long enough and reliably English.
pub fn detect(text: &str) -> Lang {
    if text.len() < MIN_DETECT_LEN {
        return Lang::Sv;
    }
    let mut end = text.len().min(DETECT_PREFIX_LEN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let prefix = &text[..end];
    let key = xxh3_64(prefix.as_bytes());
    let cached = RECENT.with_borrow(|recent| {
        recent.iter().rev().find(|(hash, _)| *hash == key).map(|(_, lang)| *lang)
    });
    let opens_with = cached.unwrap_or_else(|| {
        let lang = shared_get(key).unwrap_or_else(|| {
            let lang = detect_window(prefix);
            shared_put(key, lang);
            lang
        });
        RECENT.with_borrow_mut(|recent| {
            if recent.len() == CACHE_SIZE {
                recent.remove(0);
            }
            recent.push((key, lang));
        });
        lang
    });
    // An English title block or abstract can open a Swedish text (an EU document's heading
    // above its Swedish summary). English is rare here, so only then are the middle and the
    // end read too, and the text is English only if two of the three windows say so.
    if opens_with == Lang::En && text.len() >= 3 * DETECT_PREFIX_LEN {
        let english = [text.len() / 2 - DETECT_PREFIX_LEN / 2, text.len() - DETECT_PREFIX_LEN]
            .into_iter()
            .filter(|&start| detect_window(window(text, start)) == Lang::En)
            .count();
        if english == 0 {
            return Lang::Sv;
        }
    }
    opens_with
}

/// The language of one window of text: the function words' vote, else whatlang.
fn detect_window(text: &str) -> Lang {
    match function_word_vote(text) {
        Some(lang) => lang,
        None => match DETECTOR.detect(text) {
            Some(info) if info.lang() == WhatLang::Eng && info.confidence() > 0.5 => Lang::En,
            _ => Lang::Sv,
        },
    }
}

/// The [`DETECT_PREFIX_LEN`] bytes of `text` from `start`, both ends moved back to a character
/// boundary.
fn window(text: &str, start: usize) -> &str {
    let boundary = |mut at: usize| {
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = boundary(start.min(text.len()));
    &text[start..boundary((start + DETECT_PREFIX_LEN).min(text.len()))]
}

/// Function words a text needs before the vote decides its language…
const MIN_VOTES: u32 = 5;
/// …and how many times the other language's it must have.
const VOTE_MARGIN: u32 = 5;

const SWEDISH_FUNCTION_WORDS: [&str; 12] =
    ["och", "att", "som", "för", "det", "är", "på", "med", "av", "en", "till", "inte"];
const ENGLISH_FUNCTION_WORDS: [&str; 12] =
    ["the", "and", "of", "to", "is", "in", "that", "for", "with", "are", "on", "this"];

/// A cheap first opinion: text full of one language's function words and free of the other's,
/// or without any English one, needs no trigram statistics. `None` when the words do not
/// decide it.
fn function_word_vote(text: &str) -> Option<Lang> {
    let (mut swedish, mut english) = (0u32, 0u32);
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if word.len() > 4 || word.is_empty() {
            continue;
        }
        let lowered;
        let word = if word.chars().any(char::is_uppercase) {
            lowered = word.to_lowercase();
            lowered.as_str()
        } else {
            word
        };
        if SWEDISH_FUNCTION_WORDS.contains(&word) {
            swedish += 1;
        } else if ENGLISH_FUNCTION_WORDS.contains(&word) {
            english += 1;
        }
    }
    // One language's words outnumbering the other's many times over decide it: Swedish has
    // "in" and "on" too, and names bring an English "the" into Swedish text.
    let decides = |ours: u32, theirs: u32| ours >= MIN_VOTES && ours >= VOTE_MARGIN * theirs;
    // English prose of this length always has some of its function words; a text with none
    // is Swedish, or a list of names and numbers, which the Swedish chain handles as well.
    if english == 0 || decides(swedish, english) {
        Some(Lang::Sv)
    } else if decides(english, swedish) {
        Some(Lang::En)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_text() {
        let text = "Projektet ska underlätta etablering på arbetsmarknaden för nyanlända \
                    invandrare genom bättre samverkan mellan kommuner och myndigheter.";
        assert_eq!(detect(text), Lang::Sv);
    }

    #[test]
    fn english_text() {
        let text = "The project will make it easier for newly arrived immigrants to enter \
                    the labour market through better cooperation between municipalities.";
        assert_eq!(detect(text), Lang::En);
    }

    #[test]
    fn mixed_text_goes_to_whatlang() {
        assert_eq!(function_word_vote("och att som för det the and"), None);
        assert_eq!(
            function_word_vote("Arbetsförmedlingen, Skellefteå kommun, Region Västerbotten"),
            Some(Lang::Sv)
        );
        assert_eq!(function_word_vote("the"), None);
        assert_eq!(function_word_vote("och att som för det är på med av the and"), None);
        let swedish = "och att som för det är på med av en till inte och att som för det är på \
                       med av en till inte och att som för det är på med av en in";
        assert_eq!(function_word_vote(swedish), Some(Lang::Sv));
        assert_eq!(function_word_vote("Och Att Som För Det"), Some(Lang::Sv));
        assert_eq!(function_word_vote("och att som för det är"), Some(Lang::Sv));
        assert_eq!(function_word_vote("the and of to is this"), Some(Lang::En));
    }

    #[test]
    fn an_english_heading_over_swedish_text_is_swedish() {
        let english = "The Regulatory Scrutiny Board has examined the proposal for a Council \
                       decision and the impact assessment that goes with it, and it finds that \
                       the report is of sufficient quality for the purposes of the decision. ";
        let swedish = "Haagkonferensen för internationell privaträtt antog konventionen och \
                       regeringen välkomnar förslaget, som är viktigt för att det ska bli \
                       enklare för den som har ett hyresavtal i ett annat land. ";
        let mixed = format!("{}{}", english.repeat(3), swedish.repeat(8));
        assert_eq!(detect(&mixed), Lang::Sv);
        assert_eq!(detect(&english.repeat(12)), Lang::En);
        // Mostly English with a Swedish close stays English.
        let mostly = format!("{}{}", english.repeat(10), swedish.repeat(2));
        assert_eq!(detect(&mostly), Lang::En);
    }

    #[test]
    fn a_language_detected_on_one_thread_is_found_on_another() {
        let text = "The project will make it easier for newly arrived immigrants to enter \
                    the labour market through better cooperation between municipalities, \
                    and this text is written for the test of the shared cache alone.";
        let key = xxh3_64(text.as_bytes());
        assert_eq!(std::thread::spawn(move || detect(text)).join().unwrap(), Lang::En);
        assert_eq!(shared_get(key), Some(Lang::En));
    }

    #[test]
    fn the_shared_languages_drop_the_oldest_beyond_their_capacity() {
        let mut shared = Shared::new(2);
        shared.put(1, Lang::Sv);
        shared.put(2, Lang::En);
        shared.put(1, Lang::Sv);
        shared.put(3, Lang::Sv);
        assert_eq!(
            (shared.get(1), shared.get(2), shared.get(3)),
            (None, Some(Lang::En), Some(Lang::Sv))
        );
        assert_eq!((shared.langs.len(), shared.order.len()), (2, 2));
    }

    #[test]
    fn short_text_is_swedish() {
        assert_eq!(detect("The project"), Lang::Sv);
        assert_eq!(detect(""), Lang::Sv);
    }

    #[test]
    fn long_multibyte_text_is_cut_on_a_char_boundary() {
        let text = "å".repeat(3000);
        assert_eq!(detect(&text), Lang::Sv);
    }
}
