//! Snippets: the passage of a document that best shows why it matched, as text plus the byte
//! ranges to highlight. Sections are analysed with the same chain as the index, so a stemmed
//! or folded match is marked where it stands ("Matchningen" for "matchning").

use std::collections::BTreeSet;

use serde::Serialize;

use crate::analysis;
use crate::analysis::compounds::splitter;
use crate::analysis::language::Lang;
use crate::analysis::stemmer::stem;
use crate::document::{Document, SectionKind};
use crate::text::fold;

/// Longest snippet, in bytes of text (about two lines of a terminal).
const SNIPPET_LEN: usize = 220;
/// Context kept before the first match of the chosen window.
const LEAD_IN: usize = 50;

/// A passage of one section with highlight ranges (byte offsets into `text`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub section: SectionKind,
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

/// How much a match in each section says about the document's topic: the summary and aims
/// describe it, the boilerplate sections every ESF page has do not.
fn preference(kind: SectionKind) -> f32 {
    match kind {
        SectionKind::Summary => 1.0,
        SectionKind::Purpose | SectionKind::Goal => 0.8,
        SectionKind::Background | SectionKind::Other => 0.5,
        SectionKind::Accessibility | SectionKind::Equality | SectionKind::Transnational => 0.2,
    }
}

struct Candidate<'a> {
    kind: SectionKind,
    text: &'a str,
    matches: Vec<(usize, usize)>,
    window: (usize, usize),
    score: f32,
}

/// The best snippet of `doc` for the query stems `highlight`; the opening of the document when
/// nothing matches (a filter-only search).
pub fn best_snippet(doc: &Document, highlight: &BTreeSet<String>) -> Option<Snippet> {
    let wanted: BTreeSet<String> = highlight.iter().map(|stem| fold(stem)).collect();
    let mut best: Option<Candidate> = None;
    if !wanted.is_empty() {
        for section in &doc.sections {
            let (matches, stems): (Vec<(usize, usize)>, Vec<String>) =
                folded_matches(&section.text, &wanted).into_iter().unzip();
            if matches.is_empty() {
                continue;
            }
            let (window, window_score) = best_window(&matches, &stems);
            let score = window_score * preference(section.kind);
            if best.as_ref().is_none_or(|current| score > current.score) {
                best = Some(Candidate {
                    kind: section.kind,
                    text: &section.text,
                    matches,
                    window,
                    score,
                });
            }
        }
    }
    match best {
        Some(candidate) => Some(cut(candidate)),
        None => opening(doc),
    }
}

/// [`matches`] with overlapping ones (a hyphenated word and its parts, which match apart) as
/// one, the whole: what the record and the concordance mark.
pub fn whole_matches(text: &str, highlight: &BTreeSet<String>) -> Vec<((usize, usize), String)> {
    let mut out: Vec<((usize, usize), String)> = Vec::new();
    for (range, stem) in matches(text, highlight) {
        match out.last_mut() {
            Some((last, _)) if range.0 < last.1 => last.1 = last.1.max(range.1),
            _ => out.push((range, stem)),
        }
    }
    out
}

/// Where `text` has a word the query stems `highlight` match (as a snippet marks them: a
/// stemmed, folded or compound form), as byte ranges of `text` with the stem each matched.
pub fn matches(text: &str, highlight: &BTreeSet<String>) -> Vec<((usize, usize), String)> {
    let wanted: BTreeSet<String> = highlight.iter().map(|stem| fold(stem)).collect();
    folded_matches(text, &wanted)
}

/// [`matches`] for stems already folded.
fn folded_matches(text: &str, wanted: &BTreeSet<String>) -> Vec<((usize, usize), String)> {
    let mut found = Vec::new();
    if wanted.is_empty() {
        return found;
    }
    for token in analysis::lowered_tokens(text) {
        // Snowball only cuts endings, so a word can match a stem only if it contains it;
        // that test spares stemming almost every word.
        let folded_word = fold(&token.text);
        if !wanted.iter().any(|stem| folded_word.contains(stem.as_str())) {
            continue;
        }
        let folded = fold(&stem(Lang::Sv, &token.text));
        let matched = if wanted.contains(&folded) {
            Some(folded)
        } else {
            matching_part(&token.text, wanted)
        };
        if let Some(stem) = matched {
            found.push(((token.offset_from, token.offset_to), stem));
        }
    }
    found
}

/// The query stem that one of the lower-cased `word`'s compound parts matches, so that the whole compound is
/// marked («matchningsarbetet» for "matchning").
fn matching_part(lower: &str, wanted: &BTreeSet<String>) -> Option<String> {
    let mut found = None;
    splitter().for_each_part(lower, |part| {
        if found.is_none() {
            let part_stem = fold(&stem(Lang::Sv, part));
            if wanted.contains(&part_stem) {
                found = Some(part_stem);
            }
        }
    });
    found
}

/// The window of at most [`SNIPPET_LEN`] bytes with the most distinct matched query words;
/// `stems[i]` is the query stem that `matches[i]` matched.
fn best_window(matches: &[(usize, usize)], stems: &[String]) -> ((usize, usize), f32) {
    let mut best = ((matches[0].0, matches[0].1), 0.0);
    for (index, &(start, _)) in matches.iter().enumerate() {
        let in_window: Vec<&(usize, usize)> = matches[index..]
            .iter()
            .take_while(|(_, end)| end.saturating_sub(start) <= SNIPPET_LEN - LEAD_IN)
            .collect();
        let distinct: BTreeSet<&String> = stems[index..index + in_window.len()].iter().collect();
        // Different query words together explain a hit better than one word repeated.
        let score = distinct.len() as f32 * 3.0 + in_window.len().min(3) as f32;
        if score > best.1 {
            let end = in_window.last().map(|(_, end)| *end).unwrap_or(start);
            best = ((start, end), score);
        }
    }
    best
}

/// The char boundary at or before `at` (a byte offset that may fall inside a character such as
/// U+00A0, which the corpus is full of).
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The byte range of `text` a snippet shows for a window whose first match starts at `first`:
/// from a word or sentence start a little before it, at most [`SNIPPET_LEN`] bytes, ending at
/// a word end where one is after the first match. Both ends are char boundaries.
fn passage(text: &str, first: usize) -> (usize, usize) {
    let first = floor_boundary(text, first);
    let mut start = floor_boundary(text, first.saturating_sub(LEAD_IN));
    if start > 0 {
        // Whitespace is not always one byte (U+00A0, U+2009, U+3000): step over the whole
        // character.
        if let Some((at, space)) =
            text[start..first].char_indices().find(|(_, c)| c.is_whitespace())
        {
            start += at + space.len_utf8();
        }
    }
    if let Some(sentence) = text[start..first].rfind(". ") {
        start += sentence + ". ".len();
    }
    let mut end = floor_boundary(text, start + SNIPPET_LEN);
    if end < text.len() {
        if let Some(space) = text[start..end].rfind(char::is_whitespace) {
            if start + space > first {
                end = start + space;
            }
        }
    }
    (start, end)
}

fn cut(candidate: Candidate) -> Snippet {
    let text = candidate.text;
    let (start, end) = passage(text, candidate.window.0);
    let mut highlights: Vec<(usize, usize)> = Vec::new();
    for &(from, to) in candidate.matches.iter().filter(|(from, to)| *from >= start && *to <= end) {
        match highlights.last_mut() {
            // A hyphen-joined word and its parts overlap: one mark covers them.
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            // Adjacent matched words read as one phrase: «socialt företagande».
            Some(last)
                if text
                    .get(last.1..from)
                    .is_some_and(|gap| gap.chars().all(|c| c.is_whitespace() || c == '-')) =>
            {
                last.1 = to
            }
            _ => highlights.push((from, to)),
        }
    }
    let highlights: Vec<(usize, usize)> =
        highlights.iter().map(|(from, to)| (from - start, to - start)).collect();
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < text.len() { "…" } else { "" };
    one_line(candidate.kind, lead, &text[start..end], tail, &highlights)
}

/// The snippet `lead` + `passage` + `tail` on one line: line breaks, tabs and other control
/// characters, and the Unicode line and paragraph separators, become spaces, which would
/// otherwise break the one-line layout. `highlights` are byte ranges of `passage`; they are
/// moved to the text built, and one that does not lie on character boundaries is dropped
/// rather than cut a character in two.
fn one_line(
    section: SectionKind,
    lead: &str,
    passage: &str,
    tail: &str,
    highlights: &[(usize, usize)],
) -> Snippet {
    let mut text = String::with_capacity(lead.len() + passage.len() + tail.len());
    text.push_str(lead);
    // moved[i] is where byte i of `passage` lands, for each char boundary i.
    let mut moved = vec![None; passage.len() + 1];
    for (at, c) in passage.char_indices() {
        moved[at] = Some(text.len());
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            text.push(' ');
        } else {
            text.push(c);
        }
    }
    moved[passage.len()] = Some(text.len());
    text.push_str(tail);
    let highlights = highlights
        .iter()
        .filter_map(|&(from, to)| {
            let from = (*moved.get(from)?)?;
            let to = (*moved.get(to)?)?;
            (from < to).then_some((from, to))
        })
        .collect();
    Snippet { section, text, highlights }
}

fn opening(doc: &Document) -> Option<Snippet> {
    let section = [SectionKind::Summary, SectionKind::Other, SectionKind::Purpose]
        .iter()
        .find_map(|kind| doc.sections.iter().find(|s| s.kind == *kind && !s.text.trim().is_empty()))
        .or_else(|| doc.sections.iter().find(|s| !s.text.trim().is_empty()))?;
    let text = section.text.trim();
    let mut end = floor_boundary(text, SNIPPET_LEN);
    if end < text.len() {
        if let Some(space) = text[..end].rfind(char::is_whitespace) {
            end = space;
        }
    }
    let tail = if end < text.len() { "…" } else { "" };
    Some(one_line(section.kind, "", &text[..end], tail, &[]))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::document::Section;

    fn doc(sections: &[(SectionKind, &str)]) -> Document {
        Document {
            sections: sections
                .iter()
                .map(|(kind, text)| Section {
                    kind: *kind,
                    heading: kind.heading().to_string(),
                    text: text.to_string(),
                })
                .collect(),
            ..Document::default()
        }
    }

    fn stems(words: &[&str]) -> BTreeSet<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    fn marked(snippet: &Snippet) -> Vec<&str> {
        snippet.highlights.iter().map(|(from, to)| &snippet.text[*from..*to]).collect()
    }

    #[test]
    fn marks_inflected_forms_in_the_best_section() {
        let doc = doc(&[
            (SectionKind::Accessibility, "Matchning nämns här i förbigående."),
            (
                SectionKind::Summary,
                "Projektet utvecklar Matchningen mellan arbetsgivare och sökande.",
            ),
        ]);
        let snippet = best_snippet(&doc, &stems(&["matchning"])).unwrap();
        assert_eq!(snippet.section, SectionKind::Summary);
        assert_eq!(marked(&snippet), ["Matchningen"]);
    }

    #[test]
    fn diacritic_less_query_marks_the_real_spelling() {
        let doc = doc(&[(SectionKind::Other, "Om socialt företagande i norr.")]);
        let snippet = best_snippet(&doc, &stems(&["foretag"])).unwrap();
        assert_eq!(marked(&snippet), ["företagande"]);
    }

    #[test]
    fn long_text_is_cut_around_the_match_with_ellipses() {
        let long = format!("{} socialt företagande {}", "ord ".repeat(100), "mer ".repeat(100));
        let doc = doc(&[(SectionKind::Other, long.as_str())]);
        let snippet = best_snippet(&doc, &stems(&["företag"])).unwrap();
        assert!(snippet.text.starts_with('…') && snippet.text.ends_with('…'));
        assert_eq!(marked(&snippet), ["företagande"]);
        assert!(snippet.text.len() <= SNIPPET_LEN + 2 * '…'.len_utf8());
    }

    #[test]
    fn adjacent_matches_are_marked_as_one() {
        let doc = doc(&[(SectionKind::Summary, "modeller för socialt företagande i norr")]);
        let snippet = best_snippet(&doc, &stems(&["socialt", "företag"])).unwrap();
        assert_eq!(marked(&snippet), ["socialt företagande"]);
    }

    #[test]
    fn a_compound_is_marked_whole_for_its_part() {
        let doc = doc(&[(SectionKind::Goal, "Vi förbättrar matchningsarbetet i regionen.")]);
        let snippet = best_snippet(&doc, &stems(&["matchning"])).unwrap();
        assert_eq!(marked(&snippet), ["matchningsarbetet"]);
    }

    #[test]
    fn hyphenated_word_and_its_parts_are_one_mark() {
        let doc = doc(&[(SectionKind::Background, "Hur kan SFI-undervisningen utvecklas?")]);
        let snippet = best_snippet(&doc, &stems(&["sfi", "undervisning"])).unwrap();
        assert_eq!(marked(&snippet), ["SFI-undervisningen"]);
    }

    #[test]
    fn a_lead_in_after_a_no_break_space_starts_after_the_whole_character() {
        // `projsok search digitalisering` panicked on g0vse pages: the lead-in's first
        // whitespace was U+00A0 (two bytes) and the snippet started inside it.
        let text = format!("{}digitalisering slut", "a\u{a0}".repeat(60));
        let doc = doc(&[(SectionKind::Other, text.as_str())]);
        let snippet = best_snippet(&doc, &stems(&[&stem(Lang::Sv, "digitalisering")])).unwrap();
        assert_eq!(snippet.text, format!("…{}digitalisering slut", "a\u{a0}".repeat(16)));
        assert_eq!(marked(&snippet), ["digitalisering"]);
    }

    #[test]
    fn line_and_paragraph_separators_become_spaces() {
        let doc =
            doc(&[(SectionKind::Summary, "Ett\u{2028}socialt\r\nföretagande\u{2029}\u{85}här")]);
        let snippet = best_snippet(&doc, &stems(&["socialt", "företag"])).unwrap();
        assert_eq!(snippet.text, "Ett socialt  företagande  här");
        assert_eq!(marked(&snippet), ["socialt  företagande"]);
        let opening = best_snippet(&doc, &BTreeSet::new()).unwrap();
        assert_eq!(opening.text, "Ett socialt  företagande  här");
    }

    /// Every Unicode whitespace character (category Zs, the line and paragraph separators and
    /// the control characters that are whitespace), and the invisible U+FEFF and U+200B.
    const WHITESPACE: [char; 27] = [
        ' ', '\u{a0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}',
        '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200a}', '\u{202f}',
        '\u{205f}', '\u{3000}', '\u{2028}', '\u{2029}', '\u{feff}', '\t', '\n', '\u{b}', '\u{c}',
        '\r', '\u{85}', '\u{200b}',
    ];

    /// Words of 1- to 4-byte characters and combining marks between any whitespace.
    fn wide_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => "[a-zåäö]{1,12}",
            2 => proptest::sample::select(WHITESPACE.to_vec()).prop_map(String::from),
            1 => "[\u{300}-\u{36f}\u{591}\u{64b}\u{93c}\u{20d0}\u{fe20}]",
            1 => "[\u{80}-\u{7ff}]{1,4}",
            1 => "[\u{800}-\u{fffd}]{1,4}",
            1 => "[\u{10000}-\u{10ffff}]{1,4}",
            1 => "[.,:;!?-]",
        ];
        proptest::collection::vec(piece, 0..200).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn snippets_of_any_text_are_one_line_on_char_boundaries(
            text in wide_text(),
            picks in proptest::collection::vec(any::<proptest::sample::Index>(), 0..3),
        ) {
            // Query stems are drawn from the text's own words, so that matches happen.
            let words: Vec<String> =
                analysis::lowered_tokens(&text).iter().map(|token| stem(Lang::Sv, &token.text).into_owned()).collect();
            let wanted: BTreeSet<String> = if words.is_empty() {
                BTreeSet::new()
            } else {
                picks.iter().map(|pick| pick.get(&words).clone()).collect()
            };
            let doc = doc(&[(SectionKind::Background, text.as_str())]);
            if let Some(snippet) = best_snippet(&doc, &wanted) {
                prop_assert!(!snippet.text.contains(|c: char| c.is_control()), "{:?}", snippet.text);
                prop_assert!(snippet.text.len() <= SNIPPET_LEN + 2 * '…'.len_utf8());
                for &(from, to) in &snippet.highlights {
                    prop_assert!(from < to && snippet.text.get(from..to).is_some(), "{snippet:?}");
                }
            }
        }
    }

    #[test]
    fn no_match_gives_the_opening() {
        let doc = doc(&[(SectionKind::Summary, "Kort sammanfattning.")]);
        let snippet = best_snippet(&doc, &BTreeSet::new()).unwrap();
        assert_eq!(snippet.text, "Kort sammanfattning.");
        assert!(snippet.highlights.is_empty());
        assert_eq!(best_snippet(&Document::default(), &BTreeSet::new()), None);
    }
}
