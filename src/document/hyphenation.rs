//! What a hyphen at the end of a line or page means, read from the lexicon: a word broken
//! there ("utvecklingsar-" + "betet"), a suspended compound ("arbetsmarknads-" + "och
//! utbildningsfrågor") or a hyphen the word has wherever it stands ("sfi-" +
//! "undervisningen", "covid-" + "pandemin").
//!
//! The parts joined are one word when the lexicon knows the whole, as a word or as a compound
//! its splitter reads (which weighs the parts by how often their lemmas occur in Swedish
//! government text): a part that is no word ("utvecklingsar") then does not hold it apart.
//! When the lexicon does not know the whole but knows what follows the hyphen as a word, the
//! hyphen was written, not made by the break.

use crate::analysis::compounds::splitter;

/// Words after which a trailing hyphen marks a suspended compound, not a broken word.
const CONJUNCTIONS: [&str; 4] = ["och", "eller", "samt", "respektive"];

/// What a hyphen at a break stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hyphen {
    /// A word broken at the break: the parts are joined without the hyphen.
    Broken,
    /// A compound whose last part is left to a later word: the hyphen stays, then a space.
    Suspended,
    /// A hyphen the word has: it stays, and the parts are joined by it.
    Written,
}

/// What the hyphen after `part` (the word before the break, hyphen removed) means when `next`
/// (the first word after the break, as written) follows.
pub(super) fn at_break(part: &str, next: &str) -> Hyphen {
    if suspends(next) {
        return Hyphen::Suspended;
    }
    let part = part.trim_start_matches(|c: char| !c.is_alphabetic()).to_lowercase();
    let next = next.trim_end_matches(|c: char| !c.is_alphabetic()).to_lowercase();
    let letters = |word: &str| !word.is_empty() && word.chars().all(char::is_alphabetic);
    if !letters(&part) || !letters(&next) {
        return Hyphen::Broken;
    }
    let splitter = splitter();
    let joined = format!("{part}{next}");
    let known = |word: &str| splitter.is_word(word) || splitter.part_offsets(word).len() > 1;
    if known(&joined) {
        return Hyphen::Broken;
    }
    if splitter.is_word(&next) {
        return Hyphen::Written;
    }
    Hyphen::Broken
}

/// Whether `word`, after a part ending in a hyphen, shows a suspended compound.
pub(super) fn suspends(word: &str) -> bool {
    word.starts_with(',') || CONJUNCTIONS.contains(&word.trim_end_matches([',', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexicon_tells_a_broken_word_from_a_written_hyphen() {
        let cases = [
            ("utvecklingsar", "betet", Hyphen::Broken),
            ("funktionsned", "sättning", Hyphen::Broken),
            ("sam", "ma", Hyphen::Broken),
            ("praktik", "perioden", Hyphen::Broken),
            ("arbetsmarknads", "och", Hyphen::Suspended),
            ("läs", "eller", Hyphen::Suspended),
            ("vård", ",", Hyphen::Suspended),
            ("sfi", "undervisningen", Hyphen::Written),
            ("e", "tjänster", Hyphen::Written),
            ("covid", "pandemin.", Hyphen::Written),
            ("kommunika", "tion", Hyphen::Broken),
            ("xqzvw", "yqxzv", Hyphen::Broken),
        ];
        for (part, next, expected) in cases {
            assert_eq!(at_break(part, next), expected, "{part}- {next}");
        }
    }
}
