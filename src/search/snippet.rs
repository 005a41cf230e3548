//! Snippets: the passage of a document that best shows why it matched, as text plus the byte
//! ranges to highlight. Sections are analysed with the same chain as the index, so a stemmed
//! or folded match is marked where it stands ("Matchningen" for "matchning").

use std::collections::BTreeSet;

use serde::Serialize;

use crate::analysis::compounds::splitter;
use crate::analysis::language::Lang;
use crate::analysis::stemmer::stem;
use crate::analysis::{self, fold};
use crate::document::{Document, SectionKind};

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
            let mut stems = Vec::new();
            let mut matches = Vec::new();
            for token in analysis::lowered_tokens(&section.text) {
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
                    matching_part(&token.text, &wanted)
                };
                if let Some(stem) = matched {
                    stems.push(stem);
                    matches.push((token.offset_from, token.offset_to));
                }
            }
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
            .take_while(|(_, end)| end - start <= SNIPPET_LEN - LEAD_IN)
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

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn cut(candidate: Candidate) -> Snippet {
    let text = candidate.text;
    let (first, _) = candidate.window;
    // Start at a word boundary a little before the first match, or at a sentence start.
    let mut start = floor_boundary(text, first.saturating_sub(LEAD_IN));
    if let Some(space) = text[start..first].find(char::is_whitespace) {
        if start > 0 {
            start += space + 1;
        }
    }
    if let Some(sentence) = text[start..first].rfind(". ") {
        start += sentence + 2;
    }
    let mut end = floor_boundary(text, (start + SNIPPET_LEN).min(text.len()));
    if end < text.len() {
        if let Some(space) = text[start..end].rfind(char::is_whitespace) {
            if start + space > first {
                end = start + space;
            }
        }
    }
    let slice = &text[start..end];
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < text.len() { "…" } else { "" };
    let shift = lead.len();
    let mut highlights: Vec<(usize, usize)> = Vec::new();
    for &(from, to) in candidate.matches.iter().filter(|(from, to)| *from >= start && *to <= end) {
        // Adjacent matched words read as one phrase: «socialt företagande».
        let (from, to) = (from - start + shift, to - start + shift);
        match highlights.last_mut() {
            // A hyphen-joined word and its parts overlap: one mark covers them.
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            Some(last)
                if text[last.1 + start - shift..from + start - shift]
                    .chars()
                    .all(|c| c.is_whitespace() || c == '-') =>
            {
                last.1 = to
            }
            _ => highlights.push((from, to)),
        }
    }
    Snippet {
        section: candidate.kind,
        text: format!("{lead}{}{tail}", collapse_whitespace_keep_len(slice)),
        highlights,
    }
}

/// Newlines inside a snippet would break the one-line layout; they become spaces (same byte
/// length, so highlight offsets stay valid).
fn collapse_whitespace_keep_len(text: &str) -> String {
    text.replace(['\n', '\r', '\t'], " ")
}

fn opening(doc: &Document) -> Option<Snippet> {
    let section = [SectionKind::Summary, SectionKind::Other, SectionKind::Purpose]
        .iter()
        .find_map(|kind| doc.sections.iter().find(|s| s.kind == *kind && !s.text.trim().is_empty()))
        .or_else(|| doc.sections.iter().find(|s| !s.text.trim().is_empty()))?;
    let text = section.text.trim();
    let mut end = floor_boundary(text, SNIPPET_LEN.min(text.len()));
    if end < text.len() {
        if let Some(space) = text[..end].rfind(char::is_whitespace) {
            end = space;
        }
    }
    let tail = if end < text.len() { "…" } else { "" };
    Some(Snippet {
        section: section.kind,
        text: format!("{}{tail}", collapse_whitespace_keep_len(&text[..end])),
        highlights: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
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
    fn no_match_gives_the_opening() {
        let doc = doc(&[(SectionKind::Summary, "Kort sammanfattning.")]);
        let snippet = best_snippet(&doc, &BTreeSet::new()).unwrap();
        assert_eq!(snippet.text, "Kort sammanfattning.");
        assert!(snippet.highlights.is_empty());
        assert_eq!(best_snippet(&Document::default(), &BTreeSet::new()), None);
    }
}
