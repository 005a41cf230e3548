//! Definite, genitive and plural forms that the Snowball stemmer leaves apart from their base
//! word, brought back to it through the hunspell lexicon of [`super::compounds`].
//!
//! Snowball's Swedish rules have no -et and no -t or -n after a vowel, so "arbetet" stays
//! "arbetet" while "arbete" becomes "arbet", and "projektet" misses "projekt"; "invandrare"
//! loses -are but "invandrares" only its -es. The lexicon knows the lemma of every form: a word
//! whose lemma stands whole at its start, followed by a noun ending (definite, genitive, plural
//! and their combinations), is a form of that lemma. Adjectives are left to Snowball.
//!
//! The index keeps Snowball's stems; a query word searches the stems of its lemma's other
//! forms as well (see [`form_stems`]), below the word as typed. A lemma in the index would merge
//! the stems for good and change every score; at query time a lemma-only match can weigh less
//! than the literal one, and the step can be switched off per query.
//!
//! ```
//! use projsok::analysis::lemmas::{base_form, form_stems};
//!
//! assert_eq!(base_form("arbetet").as_deref(), Some("arbete"));
//! assert_eq!(base_form("finns"), None);
//! assert_eq!(form_stems("arbete"), ["arbetet", "arbeten"]);
//! ```

use super::compounds::splitter;
use super::language::Lang;
use super::stemmer::stem;

/// The endings a noun takes after its base form ("uppdrag|et", "arbete|t", "fråga|n",
/// "insats|erna") and the agent noun's endings after its verb, which hunspell gives as its
/// lemma ("invandra|res", "invandra|ren").
const ENDINGS: [&str; 31] = [
    "t", "ts", "et", "ets", "n", "ns", "na", "nas", "en", "ens", "s", "er", "ers", "erna", "ernas",
    "r", "rs", "rna", "rnas", "ar", "ars", "arna", "arnas", "or", "ors", "orna", "ornas", "re",
    "res", "ren", "rens",
];

/// Shorter lemmas are mostly function words whose "forms" in hunspell are other words ("hu" for
/// "hur", "ha" for "han").
const MIN_LEMMA_CHARS: usize = 3;
/// Shorter words are left to Snowball: "bort" is no form of "bor", nor "hans" of "ha".
const MIN_FORM_CHARS: usize = 5;

/// The base word that `word` (lowercased) is a definite, genitive or plural form of, where the
/// lexicon knows it and the base stands whole at the word's start; None otherwise.
pub fn base_form(word: &str) -> Option<String> {
    if word.chars().count() < MIN_FORM_CHARS {
        return None;
    }
    let lemma = splitter().lemma(word)?;
    let ending = word.strip_prefix(lemma.as_str())?;
    if lemma.chars().count() < MIN_LEMMA_CHARS || !ENDINGS.contains(&ending) {
        return None;
    }
    fits(&lemma, ending).then_some(lemma)
}

/// The endings that make `base` a form whose [`base_form`] it is, found from one walk of the
/// lexicon to the base, not one walk to each form.
fn endings_of(base: &str) -> Vec<&'static str> {
    let base_chars = base.chars().count();
    let mut endings = splitter().forms_of(base, &ENDINGS);
    endings.retain(|ending| {
        base_chars + ending.chars().count() >= MIN_FORM_CHARS && fits(base, ending)
    });
    endings
}

/// Whether a noun `ending` can follow `lemma`.
fn fits(lemma: &str, ending: &str) -> bool {
    let after_vowel = lemma.chars().last().is_some_and(is_vowel);
    // -n, -ns, -na, -t follow a vowel ("frågan", "områdena", "arbetet"); -en, -et, -er follow a
    // consonant ("marknaden", "uppdraget", "insatser"). The other way round they are other words
    // ("finns" is no genitive of "fin") or adjectives: "socialt företagande" is a term of its
    // own, not "sociala fonden".
    match ending.as_bytes().first() {
        // A verb's supine ("invandra|t"), not a noun's definite form.
        Some(b't') if lemma.ends_with('a') => false,
        Some(b'n' | b'r' | b't') => after_vowel,
        Some(b'e') => !after_vowel,
        _ => true,
    }
}

/// The Swedish stems of the other forms of `word`'s lemma (its base word and the base's
/// definite, genitive and plural forms), where they differ from `word`'s own stem; empty for a
/// word the lexicon does not know as a noun form. "arbete" → ["arbetet"], "projektet" →
/// ["projekt"], "invandrare" → ["invandrar"].
pub fn form_stems(word: &str) -> Vec<String> {
    let word = word.to_lowercase();
    let own = stem(Lang::Sv, &word).into_owned();
    let base = base_form(&word).unwrap_or_else(|| word.clone());
    if base.chars().count() < MIN_LEMMA_CHARS {
        return Vec::new();
    }
    let mut forms = vec![base.clone()];
    forms.extend(endings_of(&base).into_iter().map(|ending| format!("{base}{ending}")));
    if forms.len() == 1 {
        // The base has no forms the lexicon knows: no noun, or no word of the lexicon.
        return Vec::new();
    }
    let mut stems: Vec<String> = Vec::new();
    for form in &forms {
        let stemmed = stem(Lang::Sv, form);
        if stemmed != own && !stems.iter().any(|seen| *seen == stemmed) {
            stems.push(stemmed.into_owned());
        }
    }
    stems
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'å' | 'ä' | 'ö' | 'é')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `form_stems` finds a base's forms from one walk to the base; `base_form` reads each form
    /// on its own. Over every word of the lexicon, both find the same forms.
    #[test]
    fn the_forms_walked_from_the_base_are_those_base_form_finds() {
        let words = splitter().words_matching(fst::automaton::AlwaysMatch);
        let mut each: std::collections::HashMap<String, Vec<&str>> = Default::default();
        for form in &words {
            if let Some(base) = base_form(form) {
                let ending = &form[base.len()..];
                each.entry(base).or_default().push(ending);
            }
        }
        // Every word, and the lemmas that are no word of their own ("antigen").
        let lemmas: Vec<String> = each.keys().cloned().collect();
        let bases =
            words.iter().chain(&lemmas).filter(|word| word.chars().count() >= MIN_LEMMA_CHARS);
        let mut with_forms = 0;
        for base in bases {
            let mut walked = endings_of(base);
            walked.sort_unstable();
            let mut found = each.get(base).cloned().unwrap_or_default();
            found.sort_unstable();
            assert_eq!(walked, found, "{base}");
            with_forms += usize::from(!walked.is_empty());
        }
        assert!(with_forms > 10_000, "{with_forms} of {}", words.len());
    }

    #[test]
    fn definite_genitive_and_plural_forms_find_their_base() {
        let cases = [
            ("arbetet", "arbete"),
            ("arbetets", "arbete"),
            ("uppdraget", "uppdrag"),
            ("projektet", "projekt"),
            ("projektets", "projekt"),
            ("invandrares", "invandra"),
            ("invandraren", "invandra"),
            ("insatser", "insats"),
            ("insatserna", "insats"),
            ("frågan", "fråga"),
            ("området", "område"),
            ("områdena", "område"),
            ("samhällets", "samhälle"),
            ("rådet", "råd"),
        ];
        for (word, base) in cases {
            assert_eq!(base_form(word).as_deref(), Some(base), "{word}");
        }
    }

    #[test]
    fn other_words_are_not_forms() {
        for word in [
            "finns",
            "socialt",
            "effektivt",
            "fanns",
            "hans",
            "bort",
            "det",
            "mot",
            "medlen",
            "ekonomiska",
            "nya",
            "egna",
            "arbete",
            "projekt",
            "",
            "å",
            "arbetet2",
        ] {
            assert_eq!(base_form(word), None, "{word:?}");
        }
    }

    #[test]
    fn a_word_reaches_the_stems_its_forms_have_and_its_own_does_not() {
        assert_eq!(form_stems("arbete"), ["arbetet", "arbeten"]);
        assert_eq!(form_stems("Arbetet"), ["arbet", "arbeten"]);
        assert_eq!(form_stems("projekt"), ["projektet"]);
        assert_eq!(form_stems("uppdrag"), ["uppdraget"]);
        assert_eq!(form_stems("arbetsgivare"), ["arbetsgivar"]);
        // The lexicon's lemma of the agent noun is its verb; the verb's supine is left out.
        assert_eq!(form_stems("invandrare"), ["invandrar"]);
        assert_eq!(form_stems("invandrares"), ["invandr"]);
    }

    #[test]
    fn words_without_noun_forms_reach_nothing() {
        for word in ["finns", "och", "socialt", "ekonomiska", "", "å", "xqzw", "arbetet2"] {
            assert!(form_stems(word).is_empty(), "{word:?}: {:?}", form_stems(word));
        }
    }
}
