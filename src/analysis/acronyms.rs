//! Acronyms a text defines: "det kommunala aktivitetsansvaret (KAA)" and the reverse, "KAA
//! (kommunala aktivitetsansvaret)". A definition is kept only when the acronym's letters are
//! the heads of the long form's words, in order: each word's initial, and the initials of a
//! compound's parts ("Arbetsförmedlingen" gives A and f, "aktivitetsansvaret" a and a).
//! Small words ("och", "för") may give their initial or nothing; one other word inside a long
//! form of three letters or more may give nothing ("Delegationen för unga och nyanlända till
//! arbete (Dua)": the name lost its N). Pure text in, definitions out; [`resolve`] weighs the
//! definitions of many documents against each other.
//!
//! ```
//! use projsok::analysis::acronyms::{definitions, Definition};
//!
//! let text = "Arbetet med det kommunala aktivitetsansvaret (KAA) och bilagan (se bilaga 2).";
//! assert_eq!(
//!     definitions(text),
//!     [Definition { acronym: "KAA".into(), long_form: "kommunala aktivitetsansvaret".into() }]
//! );
//! ```

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::compounds::splitter;
use super::{analyze, SV_QUERY};

/// One acronym and the long form a text gave it, both as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Definition {
    pub acronym: String,
    pub long_form: String,
}

/// Acronyms have this many letters at least and at most.
const MIN_LETTERS: usize = 2;
const MAX_LETTERS: usize = 8;
/// A capitalised token with one capital ("Dua", "Af") is taken for an acronym only this short;
/// longer ones are names ("(Göteborg)").
const MAX_ONE_CAPITAL: usize = 4;
/// Words looked at before the parenthesis, beyond the acronym's letters.
const EXTRA_WORDS: usize = 4;
/// A parenthesis farther than this from its opening is no acronym's.
const MAX_INNER_BYTES: usize = 200;

/// Words that may give their initial to an acronym or nothing ("FoU", "SIUS"); the articles
/// before a long form ("det kommunala …") are never part of it.
const SMALL_WORDS: [&str; 20] = [
    "och", "för", "i", "av", "till", "som", "med", "på", "om", "eller", "vid", "inom", "mot",
    "samt", "från", "under", "över", "of", "and", "for",
];
const ARTICLES: [&str; 6] = ["det", "den", "de", "en", "ett", "the"];

/// Every definition in `text`, in order of appearance, each once.
pub fn definitions(text: &str) -> Vec<Definition> {
    let mut found: Vec<Definition> = Vec::new();
    for (open, _) in text.match_indices('(') {
        let Some(inner) = parenthesised(&text[open + 1..]) else { continue };
        let definition = if is_acronym(inner.trim()) {
            forward(inner.trim(), &text[..open])
        } else {
            reverse(inner, &text[..open])
        };
        let Some(definition) = definition else { continue };
        let seen = found.iter().any(|known| {
            known.acronym == definition.acronym
                && known.long_form.to_lowercase() == definition.long_form.to_lowercase()
        });
        if !seen {
            found.push(definition);
        }
    }
    found
}

/// The text up to the parenthesis that closes at once, with no other parenthesis inside.
fn parenthesised(after: &str) -> Option<&str> {
    let close = after.find([')', '('])?;
    (close <= MAX_INNER_BYTES && after[close..].starts_with(')')).then(|| &after[..close])
}

/// "long form (ACR)": the fewest words before the parenthesis that make the acronym.
fn forward(acronym: &str, before: &str) -> Option<Definition> {
    let letters: Vec<char> = acronym.chars().flat_map(char::to_lowercase).collect();
    let words = words_before(before, letters.len() + EXTRA_WORDS);
    // Every window ends with the last word: when it cannot end a long form, none can, and
    // the compound splits of the heads are not worth working out.
    if words.last().is_none_or(|last| is_small(last)) {
        return None;
    }
    // Each word's heads once: the windows overlap, and splitting every word of every window
    // again was most of the acronym search's time.
    let heads: Vec<Vec<char>> = words.iter().map(|word| heads(word)).collect();
    (1..=words.len()).find_map(|count| {
        let from = words.len() - count;
        let long_form = &words[from..];
        makes_from(&letters, long_form, &heads[from..])
            .then(|| Definition { acronym: acronym.to_string(), long_form: long_form.join(" ") })
    })
}

/// "ACR (long form)": every word inside makes the acronym, articles aside.
fn reverse(inner: &str, before: &str) -> Option<Definition> {
    let acronym = before.trim_end().rsplit(char::is_whitespace).next()?;
    if !is_acronym(acronym) || before.trim_end().len() == before.len() {
        return None;
    }
    let mut words: Vec<&str> = Vec::new();
    for word in inner.split_whitespace() {
        if !is_word(word) {
            return None;
        }
        words.push(word);
    }
    let start = words.iter().take_while(|word| is_article(word)).count();
    let long_form = &words[start..];
    let letters: Vec<char> = acronym.chars().flat_map(char::to_lowercase).collect();
    (long_form.len() <= letters.len() + EXTRA_WORDS && makes(&letters, long_form))
        .then(|| Definition { acronym: acronym.to_string(), long_form: long_form.join(" ") })
}

/// A token that can be an acronym: letters only, capitalised, and either two capitals or short.
fn is_acronym(token: &str) -> bool {
    let count = token.chars().count();
    let capitals = token.chars().filter(|c| c.is_uppercase()).count();
    (MIN_LETTERS..=MAX_LETTERS).contains(&count)
        && token.chars().all(char::is_alphabetic)
        && token.chars().next().is_some_and(char::is_uppercase)
        && (capitals >= 2 || count <= MAX_ONE_CAPITAL)
}

/// A word of a long form: letters and hyphens ("introduktions-", "ESF-rådet").
fn is_word(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && word.chars().all(|c| c.is_alphabetic() || c == '-')
}

fn is_small(word: &str) -> bool {
    SMALL_WORDS.contains(&word.to_lowercase().as_str())
}

fn is_article(word: &str) -> bool {
    ARTICLES.contains(&word.to_lowercase().as_str())
}

/// Up to `limit` words that run up to the end of `before`, separated by white space only: a
/// comma, a full stop or a number ends the run.
fn words_before(before: &str, limit: usize) -> Vec<&str> {
    let mut words = Vec::new();
    let mut rest = before.trim_end();
    if rest.len() == before.len() && !before.is_empty() {
        // "ord(KAA)": the parenthesis is glued to a word, which is no definition.
        return words;
    }
    while words.len() < limit {
        let space = rest.char_indices().rev().find(|(_, c)| c.is_whitespace());
        let start = space.map_or(0, |(at, c)| at + c.len_utf8());
        let word = &rest[start..];
        if !is_word(word) {
            break;
        }
        words.push(word);
        let earlier = rest[..start].trim_end();
        if earlier.len() == start {
            break;
        }
        rest = earlier;
        if rest.is_empty() {
            break;
        }
    }
    words.reverse();
    words
}

/// The letters a word can give, in order: its initial, then the initials of its hyphenated
/// pieces and compound parts.
fn heads(word: &str) -> Vec<char> {
    let mut heads = Vec::new();
    for piece in word.split('-').filter(|piece| !piece.is_empty()) {
        let lower = piece.to_lowercase();
        for at in part_starts(&lower) {
            heads.extend(lower[at..].chars().next());
        }
    }
    heads
}

/// Byte offsets where the compound parts of a lower-cased word start, 0 first.
fn part_starts(lower: &str) -> Vec<usize> {
    splitter().part_offsets(lower)
}

/// Whether `words`, in order, make `letters`: the first and the last word give letters, every
/// word other than a small one gives its initial, and at most one inner word gives nothing
/// when there are three letters or more.
fn makes(letters: &[char], words: &[&str]) -> bool {
    if !can_make(words) {
        return false;
    }
    let heads: Vec<Vec<char>> = words.iter().map(|word| heads(word)).collect();
    makes_from(letters, words, &heads)
}

/// Whether `words` may be a long form at all: they start and end with a word that gives a
/// letter.
fn can_make(words: &[&str]) -> bool {
    let (Some(first), Some(last)) = (words.first(), words.last()) else { return false };
    !(is_small(first) || is_small(last) || is_article(first))
}

/// [`makes`] with each word's [`heads`] worked out already.
fn makes_from(letters: &[char], words: &[&str], heads: &[Vec<char>]) -> bool {
    if !can_make(words) {
        return false;
    }
    let small: Vec<bool> = words.iter().map(|word| is_small(word)).collect();
    let skips = usize::from(letters.len() >= 3);
    matches(letters, heads, &small, skips)
}

fn matches(letters: &[char], heads: &[Vec<char>], small: &[bool], skips: usize) -> bool {
    let Some((word_heads, rest)) = heads.split_first() else { return letters.is_empty() };
    let inner = !rest.is_empty();
    let may_skip = small[0] || (skips > 0 && inner);
    if may_skip {
        let skips = if small[0] { skips } else { skips - 1 };
        if matches(letters, rest, &small[1..], skips) {
            return true;
        }
    }
    let Some((&initial, more)) = word_heads.split_first() else { return false };
    if letters.first() != Some(&initial) {
        return false;
    }
    // The word gives its initial and then the heads of some of its later parts, in order.
    let given_max = if small[0] { 0 } else { more.len() };
    (0..=given_max.min(letters.len() - 1)).any(|extra| {
        is_subsequence(&letters[1..1 + extra], more)
            && matches(&letters[1 + extra..], rest, &small[1..], skips)
    })
}

fn is_subsequence(needle: &[char], haystack: &[char]) -> bool {
    let mut haystack = haystack.iter();
    needle.iter().all(|letter| haystack.any(|head| head == letter))
}

/// The pairs many documents' definitions make, each acronym with one long form. `defined` is
/// each document's definitions. Acronyms are compared without case and long forms by their
/// analysed words, so "kommunala aktivitetsansvarets" is "kommunala aktivitetsansvaret". An
/// acronym given different long forms keeps the one that more than half of the documents
/// defining it give; without such a majority it is dropped.
pub fn resolve<'a, D>(defined: impl IntoIterator<Item = (D, &'a [Definition])>) -> Resolved<D>
where
    D: Copy + Eq,
{
    let mut by_acronym: HashMap<String, Vec<LongForm<'a, D>>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for (document, definitions) in defined {
        for definition in definitions {
            let acronym = definition.acronym.to_lowercase();
            let long = analyze(SV_QUERY, &definition.long_form).collect::<Vec<_>>();
            let forms = by_acronym.entry(acronym.clone()).or_insert_with(|| {
                order.push(acronym);
                Vec::new()
            });
            match forms.iter_mut().find(|(key, ..)| *key == long) {
                Some((_, _, documents)) if !documents.contains(&document) => {
                    documents.push(document)
                }
                Some(_) => {}
                None => forms.push((long, definition, vec![document])),
            }
        }
    }
    let mut resolved = Resolved { pairs: Vec::new(), dropped: Vec::new(), unused: Vec::new() };
    for acronym in order {
        let forms = by_acronym.remove(&acronym).unwrap_or_default();
        let total: usize = forms.iter().map(|(_, _, documents)| documents.len()).sum();
        let winner = forms.iter().position(|(_, _, documents)| documents.len() * 2 > total);
        match winner {
            Some(at) => {
                let (_, definition, documents) = &forms[at];
                let pair = Pair { definition: (*definition).clone(), documents: documents.clone() };
                match unusable(&acronym, documents.len()) {
                    Some(why) => resolved.unused.push((pair, why)),
                    None => resolved.pairs.push(pair),
                }
            }
            None => resolved.dropped.push(
                forms
                    .into_iter()
                    .map(|(_, definition, documents)| Pair {
                        definition: definition.clone(),
                        documents,
                    })
                    .collect(),
            ),
        }
    }
    resolved
}

/// Fewest letters of an acronym that one document's definition makes usable: a shorter one is
/// an ordinary word as often as not ("if", "no", "so" of one document each made `if` find
/// "intellektuell funktionsnedsättning").
const MIN_LETTERS_OF_ONE_DOCUMENT: usize = 3;

/// Why a pair the documents agree on is not used at query time, or `None` when it is.
fn unusable(acronym: &str, documents: usize) -> Option<Unused> {
    // A stop word is never searched, so an acronym spelt as one ("ATT", "SIN") cannot be.
    if super::SWEDISH_STOP_WORDS.contains(&acronym) {
        return Some(Unused::StopWord);
    }
    (acronym.chars().count() < MIN_LETTERS_OF_ONE_DOCUMENT && documents < 2)
        .then_some(Unused::ShortAndRare)
}

/// Why a learnt pair is listed but not searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unused {
    /// One or two letters, defined by one document only.
    ShortAndRare,
    /// Spelt as a Swedish stop word, which searches leave out.
    StopWord,
}

impl Unused {
    /// Why, for people.
    pub fn reason(self) -> &'static str {
        match self {
            Unused::ShortAndRare => "under three letters and defined by one document",
            Unused::StopWord => "spelt as a stop word, which is not searched",
        }
    }
}

/// One long form of an acronym: its analysed words, its first definition, its documents.
type LongForm<'a, D> = (Vec<String>, &'a Definition, Vec<D>);

/// What [`resolve`] made of the definitions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved<D> {
    /// Each kept acronym with its long form and the documents that define it so.
    pub pairs: Vec<Pair<D>>,
    /// Acronyms without a majority: every long form given, with its documents.
    pub dropped: Vec<Vec<Pair<D>>>,
    /// Pairs the documents agree on that searches do not use, and why.
    pub unused: Vec<(Pair<D>, Unused)>,
}

/// A definition and the documents that gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair<D> {
    pub definition: Definition,
    pub documents: Vec<D>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        definitions(text).into_iter().map(|d| (d.acronym, d.long_form)).collect()
    }

    fn one(acronym: &str, long_form: &str) -> Vec<(String, String)> {
        vec![(acronym.to_string(), long_form.to_string())]
    }

    #[test]
    fn the_definitions_of_swedish_reports() {
        assert_eq!(
            pairs("Insatser för unga som varken arbetar eller studerar (UVAS) i kommunen."),
            one("UVAS", "unga som varken arbetar eller studerar")
        );
        assert_eq!(
            pairs("Ansvaret enligt det kommunala aktivitetsansvaret (KAA) ligger hos kommunen."),
            one("KAA", "kommunala aktivitetsansvaret")
        );
        assert_eq!(
            pairs("Samverkan med Delegationen för unga och nyanlända till arbete (Dua)."),
            one("Dua", "Delegationen för unga och nyanlända till arbete")
        );
        assert_eq!(
            pairs("Deltagarna får särskilt introduktions- och uppföljningsstöd (SIUS)."),
            one("SIUS", "särskilt introduktions- och uppföljningsstöd")
        );
        assert_eq!(
            pairs("Kontakt med Arbetsförmedlingen (Af) sker varje vecka."),
            one("Af", "Arbetsförmedlingen")
        );
        assert_eq!(
            pairs("Projektet finansieras av Europeiska socialfonden (ESF)."),
            one("ESF", "Europeiska socialfonden")
        );
        assert_eq!(
            pairs("inom forskning och utveckling (FoU)"),
            one("FoU", "forskning och utveckling")
        );
    }

    #[test]
    fn the_reverse_form() {
        assert_eq!(
            pairs("Kommunen ansvarar för KAA (kommunala aktivitetsansvaret) enligt skollagen."),
            one("KAA", "kommunala aktivitetsansvaret")
        );
        assert_eq!(
            pairs("Målgruppen är UVAS (unga som varken arbetar eller studerar)."),
            one("UVAS", "unga som varken arbetar eller studerar")
        );
        assert_eq!(
            pairs("Ansvaret för KAA (det kommunala aktivitetsansvaret) är kommunens."),
            one("KAA", "kommunala aktivitetsansvaret")
        );
    }

    #[test]
    fn parentheses_that_define_nothing() {
        for text in [
            "Resultaten redovisas i rapporten (se bilaga 2).",
            "Utvärderingen gjordes av kommunen (2019).",
            "Enligt förordningen (SFS 2010:197) gäller detta.",
            "Flera aktörer (t.ex. kommuner och regioner) deltar.",
            "det kommunala aktivitetsansvaret (kaa) gäller",
            "Projektet drivs i Göteborg (Göteborgs stad).",
            "Verksamheten pågick länge (Stockholm).",
            "Samarbetet med kommunerna (KAA) fortsatte.",
            "unga som varken arbetar eller studerar(UVAS)",
            "Ett (1) projekt, (a) och (b) samt tomma () och (",
            "KAA (kommunala aktivitetsansvaret, se ovan)",
        ] {
            assert_eq!(pairs(text), [], "{text}");
        }
    }

    #[test]
    fn a_sentence_end_or_number_bounds_the_long_form() {
        assert_eq!(pairs("Kommunala. Aktivitetsansvaret (KAA)"), []);
        assert_eq!(pairs("Satsningen 2019 aktivitetsansvaret (SA)"), []);
        assert_eq!(
            pairs("Det gäller. Kommunala aktivitetsansvaret (KAA) och KAA (kommunala aktivitetsansvaret)."),
            one("KAA", "Kommunala aktivitetsansvaret")
        );
    }

    #[test]
    fn wide_spaces_separate_words() {
        assert_eq!(
            pairs("det kommunala\u{a0}aktivitetsansvaret\u{2003}(KAA)"),
            one("KAA", "kommunala aktivitetsansvaret")
        );
    }

    #[test]
    fn a_two_letter_acronym_skips_no_word() {
        assert_eq!(pairs("arbetet med nya förmedlingar (Af)"), []);
    }

    #[test]
    fn random_text_does_not_panic() {
        let pieces = [
            "(", ")", "KAA", "å", "ö-", "-", " ", "och", "Ä", "1", ".", "\u{301}", "((", "ß",
            "\u{a0}", "\u{2003}",
        ];
        let mut state = 7u64;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..12 {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            let _ = definitions(&text);
        }
    }

    fn definition(acronym: &str, long_form: &str) -> Definition {
        Definition { acronym: acronym.into(), long_form: long_form.into() }
    }

    #[test]
    fn a_clear_majority_wins_and_a_tie_is_dropped() {
        let kaa = [definition("KAA", "kommunala aktivitetsansvaret")];
        let kaa_genitive = [definition("KAA", "kommunala aktivitetsansvarets")];
        let other = [definition("KAA", "kommunens arbete med aktiviteter")];
        let dua = [definition("Dua", "Delegationen för unga till arbete")];
        let dua_other = [definition("DUA", "Delegationen för unga och nyanlända till arbete")];
        let resolved = resolve([
            (1, &kaa[..]),
            (2, &kaa_genitive[..]),
            (3, &other[..]),
            (4, &dua[..]),
            (5, &dua_other[..]),
        ]);
        assert_eq!(
            resolved.pairs,
            [Pair {
                definition: definition("KAA", "kommunala aktivitetsansvaret"),
                documents: vec![1, 2]
            }]
        );
        assert_eq!(
            resolved.dropped,
            [vec![
                Pair {
                    definition: definition("Dua", "Delegationen för unga till arbete"),
                    documents: vec![4]
                },
                Pair {
                    definition: definition(
                        "DUA",
                        "Delegationen för unga och nyanlända till arbete"
                    ),
                    documents: vec![5]
                },
            ]]
        );
    }

    #[test]
    fn short_acronyms_of_one_document_and_stop_words_are_listed_not_used() {
        let intellectual = [definition("IF", "intellektuell funktionsnedsättning")];
        let ombudsman = [definition("DO", "Diskrimineringsombudsmannen")];
        let treaty = [definition("ATT", "Arms Trade Treaty")];
        let kaa = [definition("KAA", "kommunala aktivitetsansvaret")];
        let resolved = resolve([
            (1, &intellectual[..]),
            (2, &ombudsman[..]),
            (3, &ombudsman[..]),
            (4, &treaty[..]),
            (5, &kaa[..]),
        ]);
        let used: Vec<&str> =
            resolved.pairs.iter().map(|pair| pair.definition.acronym.as_str()).collect();
        assert_eq!(used, ["DO", "KAA"]);
        let unused: Vec<(&str, Unused)> = resolved
            .unused
            .iter()
            .map(|(pair, why)| (pair.definition.acronym.as_str(), *why))
            .collect();
        assert_eq!(unused, [("IF", Unused::ShortAndRare), ("ATT", Unused::StopWord)]);
    }

    #[test]
    fn a_document_counts_once() {
        let twice = [
            definition("KAA", "kommunala aktivitetsansvaret"),
            definition("KAA", "kommunala aktivitetsansvaret"),
        ];
        let resolved = resolve([(1, &twice[..])]);
        assert_eq!(resolved.pairs[0].documents, [1]);
    }
}
