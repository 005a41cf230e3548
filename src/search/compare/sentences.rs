//! Swedish sentences: where one ends, for aligning two documents sentence by sentence.
//!
//! A sentence ends at `.`, `!`, `?` or `…` followed by white space (or the end of the text),
//! at a blank line, and before a line that starts a list item. The full stop of an
//! abbreviation ends nothing: "t.ex.", "bl.a.", "s.k.", "dvs.", "ca.", "p.g.a." and the like
//! stand inside sentences. The abbreviations that close a list ("etc.", "osv.", "m.m.",
//! "m.fl.") end a sentence only before a capital letter: "utbildning m.m. samt" runs on,
//! "socialisering etc. Man ses inte" (seed 000) is two sentences. A full stop with no space
//! after it ("3.5", "www.esf.se") is no end either.
//!
//! ```
//! use projsok::search::compare::sentences::split;
//!
//! let text = "Vi når bl.a. unga, t.ex. i Umeå. Ca 3.5 mkr går till s.k. coacher. Klart!";
//! let sentences: Vec<&str> = split(text).iter().map(|s| &text[s.start..s.end]).collect();
//! assert_eq!(sentences, ["Vi når bl.a. unga, t.ex. i Umeå.", "Ca 3.5 mkr går till s.k. coacher.", "Klart!"]);
//! ```

use std::ops::Range;

/// Abbreviations that stand inside a sentence, lower-cased, without their last full stop;
/// the letters of a spaced form ("t. ex.", "bl. a.") are read one word at a time.
const INNER: &[&str] = &[
    "t.ex", "ex", "bl.a", "bl", "s.k", "sk", "dvs", "d.v.s", "ca", "cirka", "resp", "inkl", "exkl",
    "p.g.a", "pga", "jfr", "enl", "ev", "f.d", "fd", "fr.o.m", "t.o.m", "nr", "kap", "st", "tel",
    "ang", "kl", "prof", "dr", "mkr", "tkr", "milj", "jmf", "bla", "tex",
];
/// Abbreviations that close a list, and so may close a sentence.
const CLOSING: [&str; 7] = ["etc", "osv", "o.s.v", "m.m", "mm", "m.fl", "mfl"];

/// One sentence: its byte range in the text, trimmed of white space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

impl Sentence {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// The sentences of `text`, in order; empty ones (white space, lone punctuation) are left out.
pub fn split(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (at, &(offset, c)) in chars.iter().enumerate() {
        let next = chars.get(at + 1).map(|&(_, c)| c);
        let end = offset + c.len_utf8();
        let ends = match c {
            '.' => {
                next.is_none_or(char::is_whitespace)
                    && !abbreviation_runs_on(text, offset, &chars[at + 1..])
            }
            '!' | '?' | '…' => next.is_none_or(char::is_whitespace),
            '\n' => paragraph_or_item_follows(&chars[at + 1..]),
            _ => false,
        };
        if ends {
            push(text, start..end, &mut sentences);
            start = end;
        }
    }
    push(text, start..text.len(), &mut sentences);
    sentences
}

fn push(text: &str, range: Range<usize>, sentences: &mut Vec<Sentence>) {
    let piece = &text[range.clone()];
    let trimmed = piece.trim();
    if !trimmed.chars().any(char::is_alphanumeric) {
        return;
    }
    let start = range.start + (piece.len() - piece.trim_start().len());
    sentences.push(Sentence { start, end: start + trimmed.len() });
}

/// Whether the full stop at `dot` belongs to an abbreviation the sentence goes on after.
fn abbreviation_runs_on(text: &str, dot: usize, after: &[(usize, char)]) -> bool {
    let word_start = text[..dot]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '"' || c == '”')
        .map(|(at, c)| at + c.len_utf8())
        .unwrap_or(0);
    let word = text[word_start..dot].to_lowercase();
    if word.is_empty() {
        return false;
    }
    let next_word = after.iter().map(|&(_, c)| c).find(|c| !c.is_whitespace());
    let capital_follows = next_word.is_some_and(char::is_uppercase);
    // A line break after the stop ends the sentence whatever stood before it.
    if after.iter().take_while(|(_, c)| c.is_whitespace()).any(|&(_, c)| c == '\n') {
        return false;
    }
    // "2. " at the start of a line numbers a list item.
    let line_start = text[..word_start].trim_end_matches([' ', '\t']);
    if word.chars().all(|c| c.is_ascii_digit())
        && (line_start.is_empty() || line_start.ends_with('\n'))
    {
        return true;
    }
    if CLOSING.contains(&word.as_str()) {
        return !capital_follows;
    }
    // One letter and a stop is an initial or part of a spaced abbreviation ("bl. a.").
    let one_letter = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    INNER.contains(&word.as_str()) || one_letter
}

/// Whether a line break ends a sentence: a blank line follows, or a list item.
fn paragraph_or_item_follows(after: &[(usize, char)]) -> bool {
    let mut rest = after.iter().map(|&(_, c)| c).skip_while(|c| *c == ' ' || *c == '\t');
    match rest.next() {
        None | Some('\n') | Some('\r') => true,
        Some('-' | '•' | '*' | '–' | '·') => rest.next().is_some_and(char::is_whitespace),
        Some(c) if c.is_ascii_digit() => {
            let mut rest = rest.skip_while(char::is_ascii_digit);
            matches!(rest.next(), Some('.' | ')')) && rest.next().is_some_and(char::is_whitespace)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).iter().map(|sentence| &text[sentence.range()]).collect()
    }

    #[test]
    fn full_stops_question_and_exclamation_marks_end_sentences() {
        assert_eq!(
            sentences("Det är svårt. Hur gör jag? Vi ska lyckas! Slut"),
            ["Det är svårt.", "Hur gör jag?", "Vi ska lyckas!", "Slut"]
        );
    }

    #[test]
    fn inner_abbreviations_never_end_a_sentence() {
        for text in [
            "Målgruppen är t.ex. Unga vuxna i Umeå.",
            "Vi når bl.a. Kvinnor och män.",
            "Projektet har ca. 40 deltagare.",
            "Vi anställer s.k. Lotsar i kommunen.",
            "Arbetet, dvs. Kartläggningen, tar tid.",
            "Vi når bl. a. Unga och t. ex. Äldre.",
            "Det gäller fr.o.m. Januari i år.",
            "Insatsen kostar 3.5 mkr enligt www.esf.se i år.",
        ] {
            assert_eq!(sentences(text), [text], "{text}");
        }
    }

    #[test]
    fn closing_abbreviations_end_a_sentence_only_before_a_capital() {
        assert_eq!(sentences("Jobb, bostad m.m. samt fritid."), ["Jobb, bostad m.m. samt fritid."]);
        assert_eq!(sentences("Jobb osv. och mer."), ["Jobb osv. och mer."]);
        assert_eq!(
            sentences("Jobb, socialisering etc. Man ses inte som en resurs."),
            ["Jobb, socialisering etc.", "Man ses inte som en resurs."]
        );
    }

    #[test]
    fn paragraphs_and_list_items_end_sentences_but_wrapped_lines_do_not() {
        assert_eq!(
            sentences(
                "Första stycket\n\nAndra stycket som\nfortsätter här\n- en punkt\n2. en till"
            ),
            ["Första stycket", "Andra stycket som\nfortsätter här", "- en punkt", "2. en till"]
        );
    }

    #[test]
    fn offsets_are_trimmed_byte_ranges() {
        let text = "  Åtta år.   Öppet ";
        assert_eq!(split(text), [Sentence { start: 2, end: 12 }, Sentence { start: 15, end: 21 }]);
        assert!(split("").is_empty());
        assert!(split(" . ! \n\n ?").is_empty());
    }

    #[test]
    fn any_text_splits_into_ranges_on_char_boundaries() {
        for text in ["a.", ".", "...", "t.", "t.ex.", "\n- ", "1.", "é.\u{301}", "x.\n\n.y", "bl.a"]
        {
            for sentence in split(text) {
                assert!(text.get(sentence.range()).is_some(), "{text:?}");
                assert!(sentence.start < sentence.end);
            }
        }
    }
}
