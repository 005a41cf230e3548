//! Definite, genitive and plural forms that the Snowball stemmer leaves apart from their base
//! word, brought back to it through the hunspell lexicon of [`super::compounds`].
//!
//! Snowball's Swedish rules have no -et and no -t or -n after a vowel, so "arbetet" stays
//! "arbetet" while "arbete" becomes "arbet", and "projektet" misses "projekt"; they cut -er and
//! a final -s, so "insatser" becomes "insats" but "insats" "insat". The lexicon knows the lemma
//! of every form (the most frequent one in Swedish government text where a form has several):
//! a word whose lemma stands whole at its start, followed by a noun ending (definite, genitive,
//! plural and their combinations), is stemmed as its lemma. Adjectives keep Snowball's stems.
//! Everything else is stemmed as it stands, so the stem of a word is still a prefix of the word
//! (snippets rely on that).
//!
//! ```
//! use projsok::analysis::lemmas::base_form;
//!
//! assert_eq!(base_form("arbetet").as_deref(), Some("arbete"));
//! assert_eq!(base_form("invandrares").as_deref(), Some("invandra"));
//! assert_eq!(base_form("finns"), None);
//! ```

use super::compounds::splitter;

/// The endings a noun takes after its base form ("uppdrag|et", "arbete|t", "fråga|n",
/// "insats|erna") and the agent noun's endings after
/// its verb, which hunspell gives as its lemma ("invandra|res", "invandra|ren").
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
    let (lemma, _) = splitter().lemma(word)?;
    let ending = word.strip_prefix(lemma.as_str())?;
    if lemma.chars().count() < MIN_LEMMA_CHARS || !ENDINGS.contains(&ending) {
        return None;
    }
    let after_vowel = lemma.chars().last().is_some_and(is_vowel);
    // -n, -ns, -na, -t follow a vowel ("frågan", "områdena", "arbetet"); -en, -et, -er follow a
    // consonant ("marknaden", "uppdraget", "insatser"). The other way round they are other words
    // ("finns" is no genitive of "fin") or adjectives: "socialt företagande" is a term of its
    // own, not "sociala fonden".
    let fits = match ending.as_bytes()[0] {
        b'n' | b'r' | b't' => after_vowel,
        b'e' => !after_vowel,
        _ => true,
    };
    fits.then_some(lemma)
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'å' | 'ä' | 'ö' | 'é')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::language::Lang;
    use crate::analysis::stemmer::stem;

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
    fn then_both_stem_alike() {
        for (form, base) in [("arbetet", "arbete"), ("invandrares", "invandrare")] {
            let lemma = base_form(form).expect("a form of its base");
            assert_eq!(stem(Lang::Sv, &lemma), stem(Lang::Sv, base));
        }
    }

    #[test]
    fn other_words_are_not_forms() {
        // Function words and forms whose lexicon lemma does not stand at their start.
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
    fn the_base_is_a_prefix_of_the_word() {
        let text = include_str!("../../seeds/003_2b3fa1d7a6e76dce.txt").to_lowercase();
        let mut found = 0;
        for word in text.split(|c: char| !c.is_alphabetic()) {
            if let Some(base) = base_form(word) {
                assert!(word.starts_with(&base) && word.len() > base.len(), "{word} → {base}");
                found += 1;
            }
        }
        assert_eq!(found, 500, "forms in seed 003");
    }
}
