//! Swedish decompounding: splits a lowercased word such as "matchningsarbetet" into the words it
//! is made of, so that a query for "matchning" or "arbete" finds it. The caller keeps the whole
//! word, indexes the parts in a field of their own and stems them like whole words.
//!
//! The lexicon (`compounds.fst`, embedded, 2.1 MB) holds 819,145 Swedish word forms expanded from
//! the hunspell sv_SE dictionary (LGPL-3.0, see `compounds.fst.LICENSE`;
//! `src/analysis/gen_compounds.py` rebuilds it). For every form it records whether the form may
//! begin, stand in the middle of or end a compound (hunspell's own compounding flags, which also
//! encode the linking morphemes -s-, -e-, -a-, -u-, -o-: "matchnings", "skatte", "kvinno",
//! "gatu", "arbets"), whether it is a word on its own, how often its lemma occurs in Swedish
//! government text, how a linking form becomes its word ("arbets" → "arbete") and an inflected
//! form its lemma ("arbetet" → "arbete").
//!
//! A split is one or more linking forms followed by a last word, every part at least
//! [`MIN_PART_CHARS`] letters as written. The split with the fewest parts wins, then the one whose
//! lemmas are most frequent. A word that is itself in the dictionary ("företagande",
//! "handledare", "arbetsförmedlingen") is split only when that is clearly better: its parts are on
//! average clearly more frequent than the word, are joined by a linking morpheme or are all long,
//! and it does not start with a particle ("undervisning", "framtid"). Otherwise it gives only a
//! long last part that users search by on its own ("långtidsarbetslösheten" → "arbetslöshet",
//! see [`SEARCHED_PART_MIN_CHARS`]). A short reviewed list in
//! the generator keeps lexicalised words such as "handledare" and "livsmedel" whole.
//!
//! Parts come out in the order of the word. A linking form comes out as the word it stands for;
//! the last part as it stands in the word, then its lemma when that differs, because the Snowball
//! stemmer does not bring all forms together ("marknaden" → "marknad" but "marknad" → "markn").
//! A part that is itself a compound is followed by its own parts, so every level can be queried:
//!
//! ```
//! use projsok::analysis::compounds::splitter;
//!
//! assert_eq!(
//!     splitter().split("arbetsmarknadsutbildning"),
//!     ["arbetsmarknad", "arbete", "marknad", "utbildning"]
//! );
//! assert_eq!(splitter().split("matchningsarbetet"), ["matchning", "arbetet", "arbete"]);
//! assert!(splitter().split("företagande").is_empty());
//! ```

use std::sync::OnceLock;

use fst::raw::{Fst, Node, Output};

/// Words of fewer letters are never split: below that a split would need parts that are too short
/// to be real words ("bilköp" stays whole, "hemtjänst" is considered).
pub const MIN_WORD_CHARS: usize = 7;
/// Every part has at least this many letters, which rules out most junk ("in", "ny", "ut").
pub const MIN_PART_CHARS: usize = 3;
/// Longer tokens are not words but run-together text or identifiers; they are never split. The
/// longest compounds in the government corpus have about 40 letters.
const MAX_WORD_BYTES: usize = 64;
/// Splits into more parts than this are junk in practice.
const MAX_PARTS: u8 = 4;
/// How deep parts of parts are split ("arbetsmarknadsutbildning" → "arbetsmarknad" → "arbete").
const MAX_DEPTH: u8 = 2;

/// A word in the dictionary is split only when its parts' lemmas are on average at least this
/// much more frequent than its own lemma, in units of a quarter of a doubling (4 = twice as often).
const LEXICALISED_MARGIN: i16 = 4;
/// …and either a part is joined by a linking morpheme, or every part has at least this many letters.
const LEXICALISED_MIN_PART_CHARS: usize = 4;
/// A dictionary word the rules above keep whole still gives its last part, when that is a word
/// users search by on its own: a long one ([`SEARCHED_PART_MIN_CHARS`] letters), met in the
/// corpus ([`SEARCHED_PART_MIN_FREQ`]) at least as often as the word itself, after a head of at
/// least [`LEXICALISED_MIN_PART_CHARS`] letters joined by a linking -s: "arbetslöshet" finds
/// "långtidsarbetslösheten", "sjukskrivna" "långtidssjukskrivna". A last part rarer than the
/// word is mostly another sense ("läggning" of "kartläggning"), one without a visible join
/// often no part at all ("nationer" of "kombinationer"), and an adjective in -ig a suffix
/// ("konkurrenskraftig"). The head is left out: the word is not about it ("arbete" must not
/// find every text that names Arbetsförmedlingen).
const SEARCHED_PART_MIN_CHARS: usize = 8;
/// round(4·log2(n+1)) of the last part's lemma, as [`Entry::lemma_freq`]: 8 is about 3 times.
const SEARCHED_PART_MIN_FREQ: i16 = 8;
/// Endings of the adjectives in -ig, which end compounds as suffixes do.
const ADJECTIVE_IG: [&str; 4] = ["ig", "iga", "igt", "igare"];

/// The lexicon, built by `src/analysis/gen_compounds.py`.
static LEXICON: &[u8] = include_bytes!("compounds.fst");

/// How a linking form becomes its word, or an inflected form its lemma: drop some bytes, append
/// one of these. Keep in sync with BASE_SUFFIXES in `src/analysis/gen_compounds.py`.
const BASE_SUFFIXES: [&str; 16] =
    ["", "a", "e", "o", "um", "el", "er", "en", "d", "n", "and", "dd", "mer", "ma", "s", "ot"];

/// The shared splitter over the embedded lexicon. Opening it only checks the fst header.
pub fn splitter() -> &'static CompoundSplitter {
    static SPLITTER: OnceLock<CompoundSplitter> = OnceLock::new();
    SPLITTER.get_or_init(|| {
        // The lexicon is compiled in and checked by the tests, so it cannot be malformed here.
        CompoundSplitter::new(LEXICON).expect("the embedded compound lexicon is a valid fst")
    })
}

/// Splits Swedish compounds with an immutable lexicon; cheap to share between threads.
pub struct CompoundSplitter {
    fst: Fst<&'static [u8]>,
}

/// One lexicon value, laid out by `src/analysis/gen_compounds.py`.
#[derive(Clone, Copy, Debug, Default)]
struct Entry(u64);

impl Entry {
    const BEGIN: u64 = 1;
    const MIDDLE: u64 = 2;
    const END: u64 = 4;
    const WORD: u64 = 8;
    /// A particle ("under", "fram", "över"): a dictionary word starting with it is not split.
    const PARTICLE: u64 = 16;
    /// A dictionary word whose parts mean something else ("handledare"): never split.
    const KEEP_WHOLE: u64 = 32;

    fn has(self, flag: u64) -> bool {
        self.0 & flag != 0
    }
    /// May this form come first (`first`) or later, but not last, in a compound?
    fn links(self, first: bool) -> bool {
        if first {
            self.has(Self::BEGIN)
        } else {
            self.has(Self::BEGIN | Self::MIDDLE)
        }
    }
    /// May this form end a compound? Only words on their own do.
    fn ends(self) -> bool {
        self.has(Self::END) && self.has(Self::WORD)
    }
    /// round(4·log2(n+1)) of how often the form's lemma occurs in the corpus.
    fn lemma_freq(self) -> i16 {
        ((self.0 >> 8) & 0xff) as i16
    }
    /// How a linking form becomes the word it stands for: bytes to strip, suffix to append.
    fn base(self) -> (usize, &'static str) {
        Self::edit(self.0 >> 16)
    }
    /// How an inflected form becomes its lemma.
    fn lemma(self) -> (usize, &'static str) {
        Self::edit(self.0 >> 24)
    }
    fn edit(bits: u64) -> (usize, &'static str) {
        let suffix = BASE_SUFFIXES.get(((bits >> 4) & 0xf) as usize).copied().unwrap_or("");
        ((bits & 0xf) as usize, suffix)
    }
    /// Does this form carry a linking morpheme, as "matchnings", "arbets" or "kvinno" do? A form
    /// that only lost a vowel ("skol" for "skola", "mot" for "mota") is no evidence of a compound.
    fn is_marked(self) -> bool {
        self.base().0 > 0
    }
}

/// The best split of the rest of a word from some position on.
#[derive(Clone, Copy, Default)]
struct Best {
    entry: Entry,
    /// Sum of the parts' lemma frequencies: breaks ties between splits with as many parts.
    score: i16,
    parts: u8,
    /// Fewest letters of any part.
    min_chars: u8,
    /// Does any part before the last one carry a linking morpheme?
    marked: bool,
    /// Where the part that starts here ends; the word's length for the last part.
    end: u8,
}

impl Best {
    fn better_than(&self, other: &Best) -> bool {
        other.parts == 0
            || self.parts < other.parts
            || (self.parts == other.parts && self.score > other.score)
    }
}

impl CompoundSplitter {
    fn new(bytes: &'static [u8]) -> Result<Self, fst::Error> {
        Ok(CompoundSplitter { fst: Fst::new(bytes)? })
    }

    /// Number of word forms in the lexicon.
    pub fn len(&self) -> usize {
        self.fst.len()
    }

    /// Is the lexicon empty? Never, for the embedded one.
    pub fn is_empty(&self) -> bool {
        self.fst.len() == 0
    }

    /// Every lexicon form that can be a part of a compound (begin it, stand in its middle or end
    /// it) and has at least [`MIN_PART_CHARS`] letters, in byte order: the word list for
    /// engines whose decompounders match dictionary substrings (OpenSearch's
    /// `dictionary_decompounder`).
    pub fn part_words(&self) -> Vec<String> {
        use fst::Streamer;
        let mut words = Vec::new();
        let mut stream = self.fst.stream();
        while let Some((bytes, output)) = stream.next() {
            let entry = Entry(output.value());
            if !(entry.has(Entry::BEGIN | Entry::MIDDLE) || entry.ends()) {
                continue;
            }
            if let Ok(word) = std::str::from_utf8(bytes) {
                if word.chars().count() >= MIN_PART_CHARS {
                    words.push(word.to_string());
                }
            }
        }
        words
    }

    /// The words of the lexicon on their own (not parts only) that `automaton` accepts, in
    /// byte order: the spellings a typo may have meant, as written, whatever their stems.
    pub fn words_matching<A: fst::Automaton>(&self, automaton: A) -> Vec<String> {
        use fst::{IntoStreamer, Streamer};
        let mut words = Vec::new();
        let mut stream = self.fst.search(automaton).into_stream();
        while let Some((bytes, output)) = stream.next() {
            if Entry(output.value()).has(Entry::WORD) {
                if let Ok(word) = std::str::from_utf8(bytes) {
                    words.push(word.to_string());
                }
            }
        }
        words
    }

    /// The dictionary lemma of a lowercased inflected word ("arbetet" → "arbete", "medlen" →
    /// "medel"); None for a word that is not in the lexicon or is its own lemma.
    pub fn lemma(&self, word: &str) -> Option<String> {
        let bytes = word.as_bytes();
        if bytes.len() > MAX_WORD_BYTES {
            return None;
        }
        let entry = self.lookup(bytes).filter(|entry| entry.has(Entry::WORD))?;
        let mut buf = [0u8; MAX_WORD_BYTES + 8];
        edited(bytes, entry.lemma(), &mut buf).map(str::to_string)
    }

    /// Those of `endings` after which `lemma` (lowercased) makes a word of the lexicon whose
    /// lemma it is ("uppdrag" + "et", "insats" + "erna"): `lemma` is walked once and each ending
    /// from where it stops, as [`CompoundSplitter::lemma`] of each form would find.
    pub fn forms_of<'e>(&self, lemma: &str, endings: &[&'e str]) -> Vec<&'e str> {
        let Some((node, out)) = self.walk(self.fst.root(), Output::zero(), lemma.as_bytes()) else {
            return Vec::new();
        };
        let mut form = [0u8; MAX_WORD_BYTES + 8];
        let mut found_lemma = [0u8; MAX_WORD_BYTES + 8];
        if lemma.len() > MAX_WORD_BYTES {
            return Vec::new();
        }
        form[..lemma.len()].copy_from_slice(lemma.as_bytes());
        let mut forms = Vec::new();
        for &ending in endings {
            let len = lemma.len() + ending.len();
            if len > MAX_WORD_BYTES {
                continue;
            }
            let Some(entry) = self
                .walk(node, out, ending.as_bytes())
                .and_then(|(node, out)| Self::entry_at(node, out))
                .filter(|entry| entry.has(Entry::WORD))
            else {
                continue;
            };
            form[lemma.len()..len].copy_from_slice(ending.as_bytes());
            if edited(&form[..len], entry.lemma(), &mut found_lemma) == Some(lemma) {
                forms.push(ending);
            }
        }
        forms
    }

    /// Whether a lowercased word is a word of the lexicon on its own (any inflected form).
    pub fn is_word(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        bytes.len() <= MAX_WORD_BYTES
            && self.lookup(bytes).is_some_and(|entry| entry.has(Entry::WORD))
    }

    /// Whether `rest`, the Swedish stem of what follows a word in a longer term of the index,
    /// is a word that can end a compound, as it stands or with an ending Snowball takes off
    /// ("behov" of "kompetensförsörjningsbehov", "team" of "elevhälsoteam" from "elevhälsoteamet");
    /// shorter ones are endings, not words ("en" of "arbetsmarknaden").
    pub fn continues(&self, rest: &str) -> bool {
        if rest.chars().count() < MIN_CONTINUATION_CHARS {
            return false;
        }
        // `rest` is walked once and each ending from where it stops: most terms after a common
        // head are no beginning of a lexicon word, and none of the 22 endings is tried then.
        let Some((node, out)) = self.walk(self.fst.root(), Output::zero(), rest.as_bytes()) else {
            return false;
        };
        STEMMED_ENDINGS.iter().any(|ending| {
            self.walk(node, out, ending.as_bytes())
                .and_then(|(node, out)| Self::entry_at(node, out))
                .is_some_and(Entry::ends)
        })
    }

    /// The parts of a lowercased, not yet stemmed word, or nothing when it is not a compound.
    ///
    /// Allocates only when there are parts. See [`CompoundSplitter::for_each_part`] for a
    /// version that never allocates.
    pub fn split(&self, word: &str) -> Vec<String> {
        let mut parts = Vec::new();
        self.for_each_part(word, |part| parts.push(part.to_string()));
        parts
    }

    /// Calls `f` with each part of `word`, in order, as [`CompoundSplitter::split`] returns them;
    /// never calls it when the word is not a compound. Does not allocate.
    ///
    /// A word is not split when it has fewer than [`MIN_WORD_CHARS`] letters, contains anything
    /// but letters, or has no split into lexicon words of at least [`MIN_PART_CHARS`] letters.
    pub fn for_each_part(&self, word: &str, mut f: impl FnMut(&str)) {
        self.split_into(word, 0, &mut f);
    }

    /// Byte offsets where the parts of a lowercased word's best split begin, 0 first, also for
    /// a word the dictionary keeps whole ("arbetsförmedlingen" → 0, 6): where an acronym finds
    /// its letters ("Af"). Only `[0]` when the word has no split.
    pub fn part_offsets(&self, word: &str) -> Vec<usize> {
        let mut offsets = vec![0];
        let Some(best) = self.best_split_of(word) else { return offsets };
        let mut start = usize::from(best[0].end);
        while start < word.len() {
            offsets.push(start);
            start = usize::from(best[start].end);
        }
        offsets
    }

    /// [`CompoundSplitter::best_split`] of a word that may be split at all.
    fn best_split_of(&self, word: &str) -> Option<[Best; MAX_WORD_BYTES + 1]> {
        let bytes = word.as_bytes();
        if bytes.len() < MIN_WORD_CHARS || bytes.len() > MAX_WORD_BYTES {
            return None;
        }
        // chars_before[i]: how many letters precede byte i, for the letter counts of parts.
        let mut chars_before = [0u8; MAX_WORD_BYTES + 1];
        let mut chars = 0u8;
        for (i, c) in word.char_indices() {
            if !c.is_alphabetic() {
                return None;
            }
            chars_before[i] = chars;
            chars += 1;
        }
        chars_before[bytes.len()] = chars;
        if usize::from(chars) < MIN_WORD_CHARS {
            return None;
        }
        self.best_split(bytes, &chars_before)
    }

    fn split_into(&self, word: &str, depth: u8, f: &mut dyn FnMut(&str)) {
        let bytes = word.as_bytes();
        let Some(best) = self.best_split_of(word) else { return };
        if let Some(whole) = self.lookup(bytes) {
            if whole.has(Entry::WORD) && !Self::clearly_better(whole, &best[0]) {
                if let Some(start) = Self::searched_last_part(word, whole, &best) {
                    let mut buf = [0u8; MAX_WORD_BYTES + 8];
                    f(&word[start..]);
                    if let Some(lemma) =
                        edited(&bytes[start..], best[start].entry.lemma(), &mut buf)
                    {
                        f(lemma);
                    }
                }
                return;
            }
        }
        let mut start = 0;
        while start < bytes.len() {
            let Best { end, entry, .. } = best[start];
            let end = usize::from(end);
            let mut buf = [0u8; MAX_WORD_BYTES + 8];
            if end == bytes.len() {
                // The last part as it stands, then its lemma: the Snowball stemmer does not
                // always bring them together ("marknaden" → "marknad", "marknad" → "markn").
                let last = &word[start..];
                f(last);
                if let Some(lemma) = edited(&bytes[start..], entry.lemma(), &mut buf) {
                    f(lemma);
                }
                if depth + 1 < MAX_DEPTH {
                    self.split_into(last, depth + 1, f);
                }
            } else {
                // A linking form as the word it stands for: "arbets" → "arbete".
                let head = &word[start..end];
                let base = edited(head.as_bytes(), entry.base(), &mut buf).unwrap_or(head);
                f(base);
                if depth + 1 < MAX_DEPTH {
                    self.split_into(base, depth + 1, f);
                }
            }
            start = end;
        }
    }

    /// Is splitting a word that is in the dictionary on its own clearly better than keeping it?
    /// `first` is the best split's first part.
    fn clearly_better(whole: Entry, first: &Best) -> bool {
        let mean = first.score / i16::from(first.parts.max(1));
        !whole.has(Entry::KEEP_WHOLE)
            && !first.entry.has(Entry::PARTICLE)
            && mean >= whole.lemma_freq() + LEXICALISED_MARGIN
            && (first.marked || usize::from(first.min_chars) >= LEXICALISED_MIN_PART_CHARS)
    }

    /// Where the last part of a dictionary word kept whole begins, when the word gives that
    /// part (see [`SEARCHED_PART_MIN_CHARS`]); `best` is its best split.
    fn searched_last_part(
        word: &str,
        whole: Entry,
        best: &[Best; MAX_WORD_BYTES + 1],
    ) -> Option<usize> {
        let first = &best[0];
        if whole.has(Entry::KEEP_WHOLE)
            || first.entry.has(Entry::PARTICLE)
            || first.parts != 2
            || usize::from(first.min_chars) < LEXICALISED_MIN_PART_CHARS
        {
            return None;
        }
        let start = usize::from(first.end);
        let (head, last) = (word.get(..start)?, word.get(start..)?);
        let long = last.chars().count() >= SEARCHED_PART_MIN_CHARS;
        let adjective = ADJECTIVE_IG.iter().any(|ending| last.ends_with(ending));
        let freq = best[start].entry.lemma_freq();
        let frequent = freq >= SEARCHED_PART_MIN_FREQ && freq >= whole.lemma_freq();
        (long && head.ends_with('s') && !adjective && frequent).then_some(start)
    }

    /// Whether a lowercased word that is in the dictionary on its own gives only its last part
    /// (see [`SEARCHED_PART_MIN_CHARS`]): for reading samples of those splits.
    pub fn split_for_last_part(&self, word: &str) -> bool {
        let Some(best) = self.best_split_of(word) else { return false };
        self.lookup(word.as_bytes()).is_some_and(|whole| {
            whole.has(Entry::WORD)
                && !Self::clearly_better(whole, &best[0])
                && Self::searched_last_part(word, whole, &best).is_some()
        })
    }

    /// The best split of `word`, indexed by byte position: `best[0]` describes the first part and
    /// `best[best[0].end]` the next. None when there is no split into at least two parts.
    fn best_split(
        &self,
        word: &[u8],
        chars_before: &[u8; MAX_WORD_BYTES + 1],
    ) -> Option<[Best; MAX_WORD_BYTES + 1]> {
        let n = word.len();
        let total = usize::from(chars_before[n]);
        let mut best = [Best::default(); MAX_WORD_BYTES + 1];
        let mut any_rest = false;
        // Backwards, so that best[end] is known when a part ending there is seen. A part after
        // the first starts at least MIN_PART_CHARS letters in and leaves as many for the last.
        for start in (0..n).rev() {
            let before = usize::from(chars_before[start]);
            if !is_char_start(word[start])
                || total - before < MIN_PART_CHARS
                || (start > 0 && before < MIN_PART_CHARS)
                || (start == 0 && !any_rest)
            {
                continue;
            }
            let mut here = Best::default();
            self.prefixes(word, start, |end, entry| {
                let chars = chars_before[end] - chars_before[start];
                if usize::from(chars) < MIN_PART_CHARS {
                    return;
                }
                let candidate = if end == n {
                    if start == 0 || !entry.ends() {
                        return;
                    }
                    Best {
                        parts: 1,
                        score: entry.lemma_freq(),
                        min_chars: chars,
                        marked: false,
                        end: end as u8,
                        entry,
                    }
                } else {
                    let rest = best[end];
                    if rest.parts == 0 || rest.parts >= MAX_PARTS || !entry.links(start == 0) {
                        return;
                    }
                    Best {
                        parts: rest.parts + 1,
                        score: rest.score + entry.lemma_freq(),
                        min_chars: rest.min_chars.min(chars),
                        marked: rest.marked || entry.is_marked(),
                        end: end as u8,
                        entry,
                    }
                };
                if candidate.better_than(&here) {
                    here = candidate;
                }
            });
            any_rest |= here.parts > 0;
            best[start] = here;
        }
        (best[0].parts >= 2).then_some(best)
    }

    /// Calls `f(end, entry)` for every lexicon form that `word[start..end]` is.
    fn prefixes(&self, word: &[u8], start: usize, mut f: impl FnMut(usize, Entry)) {
        let mut node = self.fst.root();
        let mut out = Output::zero();
        for (i, &b) in word[start..].iter().enumerate() {
            let Some(t) = node.find_input(b).map(|i| node.transition(i)) else { return };
            out = out.cat(t.out);
            node = self.fst.node(t.addr);
            if node.is_final() {
                f(start + i + 1, Entry(out.cat(node.final_output()).value()));
            }
        }
    }

    fn lookup(&self, word: &[u8]) -> Option<Entry> {
        let mut node = self.fst.root();
        let mut out = Output::zero();
        for &b in word {
            let t = node.transition(node.find_input(b)?);
            out = out.cat(t.out);
            node = self.fst.node(t.addr);
        }
        Self::entry_at(node, out)
    }

    /// The node `bytes` lead to from `node` (reached with `out`), and the output there; `None`
    /// when no lexicon form goes on so.
    fn walk<'f>(
        &'f self,
        mut node: Node<'f>,
        mut out: Output,
        bytes: &[u8],
    ) -> Option<(Node<'f>, Output)> {
        for &b in bytes {
            let t = node.transition(node.find_input(b)?);
            out = out.cat(t.out);
            node = self.fst.node(t.addr);
        }
        Some((node, out))
    }

    /// The entry of the form that ends at `node`, if one does.
    fn entry_at(node: Node<'_>, out: Output) -> Option<Entry> {
        node.is_final().then(|| Entry(out.cat(node.final_output()).value()))
    }
}

/// What follows a word in a longer compound is a word of at least this many letters.
const MIN_CONTINUATION_CHARS: usize = 4;

/// Endings Swedish Snowball takes off a word (its step 1, the commonest), to read a stem back
/// as a word of the lexicon.
const STEMMED_ENDINGS: [&str; 22] = [
    "", "a", "e", "en", "er", "ar", "or", "et", "ande", "ende", "are", "het", "heten", "s", "ad",
    "ade", "at", "arna", "erna", "orna", "aren", "erns",
];

/// The forms `word` (lowercased) takes at the head of a longer compound: with a linking -s
/// ("kompetensförsörjnings-"), with -o, -e or -u for its final -a ("elevhälso-", "skol-" is
/// too short a change to tell), and as it stands ("projekt-").
pub fn linking_forms(word: &str) -> Vec<String> {
    let mut forms = vec![format!("{word}s"), word.to_string()];
    if let Some(stem) = word.strip_suffix('a') {
        forms.extend(["o", "e", "u"].iter().map(|link| format!("{stem}{link}")));
    }
    forms
}

/// `form` with `strip` bytes dropped and `suffix` appended, written into `buf`; None when that is
/// the form itself or would not be a word.
fn edited<'b>(
    form: &[u8],
    (strip, suffix): (usize, &str),
    buf: &'b mut [u8; MAX_WORD_BYTES + 8],
) -> Option<&'b str> {
    if (strip == 0 && suffix.is_empty()) || strip >= form.len() {
        return None;
    }
    let kept = &form[..form.len() - strip];
    let len = kept.len() + suffix.len();
    buf.get_mut(..kept.len())?.copy_from_slice(kept);
    buf.get_mut(kept.len()..len)?.copy_from_slice(suffix.as_bytes());
    // Cutting a word at a byte boundary that the lexicon chose and appending ASCII stays UTF-8,
    // unless the lexicon is wrong; then there is no lemma rather than a panic.
    std::str::from_utf8(&buf[..len]).ok()
}

fn is_char_start(b: u8) -> bool {
    b & 0xc0 != 0x80
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_stemmers::{Algorithm, Stemmer};

    #[test]
    fn a_continuation_is_a_word_that_ends_compounds_as_it_stands_or_with_an_ending() {
        let splitter = splitter();
        // As it stands, and with an ending Snowball took off ("arbet" + "e").
        assert!(splitter.continues("behov"));
        assert!(splitter.continues("team"));
        assert!(splitter.continues("arbet"));
        // Too short, and no beginning of any lexicon word.
        assert!(!splitter.continues("en"));
        assert!(!splitter.continues("qxzvw"));
    }

    #[test]
    fn part_offsets_split_words_kept_whole_too() {
        let splitter = splitter();
        assert!(splitter.split("arbetsförmedlingen").is_empty());
        assert_eq!(splitter.part_offsets("arbetsförmedlingen"), [0, 6]);
        assert_eq!(splitter.part_offsets("aktivitetsansvaret"), [0, 10]);
        assert_eq!(splitter.part_offsets("uppföljningsstöd"), [0, 13]);
        assert_eq!(splitter.part_offsets("kommunala"), [0]);
        assert_eq!(splitter.part_offsets("ko"), [0]);
    }

    fn split(word: &str) -> Vec<String> {
        splitter().split(word)
    }

    #[test]
    fn lexicon_opens() {
        assert!(splitter().len() > 800_000, "{} forms", splitter().len());
    }

    #[test]
    fn part_words_can_begin_or_end_a_compound() {
        let words = splitter().part_words();
        for word in ["matchnings", "arbetet", "marknad", "utbildning", "arbets"] {
            assert!(words.binary_search(&word.to_string()).is_ok(), "{word}");
        }
        assert!(words.iter().all(|word| word.chars().count() >= MIN_PART_CHARS));
        assert!(words.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(words.len() > 100_000 && words.len() <= splitter().len());
    }

    #[test]
    fn esf_compounds() {
        let cases: &[(&str, &[&str])] = &[
            ("matchningsarbetet", &["matchning", "arbetet", "arbete"]),
            ("matchningsinsatser", &["matchning", "insatser", "insats"]),
            ("arbetsmarknadsutbildning", &["arbetsmarknad", "arbete", "marknad", "utbildning"]),
            ("egenföretagande", &["egen", "företagande", "företaga"]),
            ("socialförsäkringen", &["social", "försäkringen", "försäkring"]),
            ("kompetensförsörjningsbehov", &["kompetens", "försörjning", "behov"]),
            ("invandrarbakgrund", &["invandrar", "bakgrund"]),
            ("försörjningsstöd", &["försörjning", "stöd"]),
            ("ungdomsarbetslöshet", &["ungdom", "arbetslöshet"]),
            ("integrationsarbete", &["integration", "arbete"]),
            ("samverkansmodeller", &["samverkan", "modeller", "modell"]),
            ("kvinnojourer", &["kvinna", "jourer", "jour"]),
            ("handledarutbildning", &["handledare", "utbildning"]),
            ("arbetsförmedlingskontor", &["arbetsförmedling", "kontor"]),
            (
                "kompetensutvecklingsinsatser",
                &["kompetensutveckling", "kompetens", "utveckling", "insatser", "insats"],
            ),
            (
                "arbetsmarknadspolitiska",
                &["arbetsmarknad", "arbete", "marknad", "politiska", "politisk"],
            ),
        ];
        for (word, parts) in cases {
            assert_eq!(split(word), *parts, "{word}");
        }
    }

    #[test]
    fn dictionary_compounds_split_when_clearly_better() {
        // A dictionary word with a linking morpheme and frequent parts splits...
        assert_eq!(split("arbetsmarknaden"), ["arbete", "marknaden", "marknad"]);
        assert_eq!(split("polismyndigheten"), ["polis", "myndigheten", "myndighet"]);
        // ...but the employment agency's name is far more frequent than "förmedling" is: a
        // query for "arbete" must not find every text that names Arbetsförmedlingen.
        assert!(split("arbetsförmedlingen").is_empty());
    }

    #[test]
    fn dictionary_compounds_give_the_last_part_users_search_by() {
        assert_eq!(split("långtidsarbetslösheten"), ["arbetslösheten", "arbetslöshet"]);
        assert_eq!(split("långtidssjukskrivna"), ["sjukskrivna", "sjukskriven"]);
        assert!(splitter().split_for_last_part("långtidsarbetslöshet"));
        // A short last part is as often a homograph ("dagen" of "riksdagen"), a rarer one
        // another sense ("läggning" of "kartläggning"), one without a linking -s no part
        // ("nationer"), an adjective in -ig a suffix; "orientering" is rarer in the lexicon's
        // counts than "samhällsorientering".
        for word in [
            "riksdagen",
            "kartläggningen",
            "skuldsättning",
            "samhällsorientering",
            "kombinationer",
            "konkurrenskraftiga",
        ] {
            assert!(split(word).is_empty(), "{word}");
        }
        assert!(!splitter().split_for_last_part("matchningsarbetet"));
    }

    #[test]
    fn ordinary_words_stay_whole() {
        for word in [
            "företagande",
            "samarbete",
            "information",
            "kommunerna",
            "regeringen",
            "handledare",
            "handledarskap",
            "handläggning",
            "människor",
            "utbildning",
            "projektet",
            "stockholm",
            "nyanlända",
            // A particle starts a lexicalised derivation, not a compound.
            "undervisning",
            "framtiden",
            "övergången",
            "efterfrågan",
            "genomsnitt",
            // Suffix-like last words.
            "värdefulla",
            "arbetslösa",
        ] {
            assert_eq!(split(word), Vec::<String>::new(), "{word}");
        }
    }

    #[test]
    fn edge_cases_do_not_split() {
        for word in [
            "",
            "ååå",
            "hemtjä",             // shorter than MIN_WORD_CHARS
            "matchning2arbetet",  // digits
            "sfi-undervisningen", // the tokenizer splits hyphens
            "matchnings arbetet",
            "Matchningsarbetet", // the caller lowercases
            "arbetsmarknadsutbildningarbetsmarknadsutbildningarbetsmarknadsutbildningarbetsmarknad",
        ] {
            assert_eq!(split(word), Vec::<String>::new(), "{word:?}");
        }
    }

    /// The caller stems every part with the same Snowball stemmer as whole words, so a part must
    /// stem like the word a user would type.
    #[test]
    fn parts_stem_like_natural_queries() {
        let stemmer = Stemmer::create(Algorithm::Swedish);
        let cases = [
            ("matchningsarbetet", "matchning"),
            ("matchningsarbetet", "arbete"),
            ("matchningsinsatser", "insatser"),
            ("arbetsmarknadsutbildning", "arbetsmarknad"),
            ("arbetsmarknadsutbildning", "arbete"),
            ("arbetsmarknadsutbildning", "marknad"),
            ("arbetsmarknadsutbildning", "utbildning"),
            ("arbetsmarknadsutbildningar", "utbildningar"),
            ("egenföretagande", "företagande"),
            ("socialförsäkringen", "försäkring"),
            ("kompetensförsörjningsbehov", "kompetens"),
            ("kompetensförsörjningsbehov", "försörjning"),
            ("kompetensförsörjningsbehov", "behov"),
            ("invandrarbakgrund", "invandrare"),
            ("invandrarbakgrund", "bakgrund"),
            ("försörjningsstöd", "stöd"),
            ("ungdomsarbetslöshet", "ungdom"),
            ("ungdomsarbetslöshet", "arbetslöshet"),
            ("integrationsarbete", "integration"),
            ("samverkansmodeller", "samverkan"),
            ("samverkansmodeller", "modeller"),
            ("kvinnojourer", "kvinna"),
            ("hälsofrämjande", "hälsa"),
            ("skolgång", "skola"),
        ];
        for (word, query) in cases {
            let want = stemmer.stem(query);
            let parts = split(word);
            assert!(
                parts.iter().any(|part| stemmer.stem(part) == want),
                "{word}: no part of {parts:?} stems to {want:?} like {query:?}"
            );
        }
    }

    #[test]
    fn for_each_part_matches_split() {
        let mut parts = Vec::new();
        splitter()
            .for_each_part("kompetensförsörjningsbehov", |part| parts.push(part.to_owned()));
        assert_eq!(parts, split("kompetensförsörjningsbehov"));
        splitter().for_each_part("information", |_| panic!("not a compound"));
    }

    /// Random strings over Swedish letters, other scripts, digits and punctuation must not panic,
    /// and every part that comes out is a non-empty string of letters.
    #[test]
    fn random_input_never_panics() {
        const PIECES: &[&str] = &[
            "a",
            "e",
            "s",
            "o",
            "u",
            "n",
            "r",
            "t",
            "å",
            "ä",
            "ö",
            "é",
            "ß",
            "ﬁ",
            "İ",
            "ω",
            "中",
            "🙂",
            "-",
            "1",
            " ",
            "\u{301}",
            "arbets",
            "marknad",
            "s",
            "utbildning",
            "ning",
            "e",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            // xorshift64: deterministic, no dependency.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = next() % 24;
            let word: String =
                (0..len).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
            for part in split(&word) {
                assert!(!part.is_empty() && part.chars().all(char::is_alphabetic), "{word:?}");
            }
        }
    }
}
