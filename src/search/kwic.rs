//! Concordance (keyword in context): every place the best matches of a request have a query
//! word, as the words to its left, the form that matched (the compound, inflection or spelling,
//! found as a snippet finds it: [`super::snippet::matches`]) and the words to its right.
//!
//! ```
//! use projsok::search::kwic::context;
//!
//! let text = "Projektet stärker kompetensförsörjningen i länet.";
//! let (left, right) = context(text, (19, 43), 10);
//! assert_eq!((left.as_str(), right.as_str()), ("t stärker ", " i länet."));
//! ```

use std::cmp::Ordering;

use super::{ranked, snippet, Engine, Request};
use crate::analysis::synonyms::Synonyms;
use crate::document::SectionKind;
use crate::error::Result;
use crate::text::fold;

/// The most documents whose lines are gathered (the best by score).
pub const MAX_DOCS: usize = 200;
/// The most lines gathered before sorting: a word in every sentence of a long report would
/// otherwise make one document every line.
const MAX_LINES: usize = 20_000;

/// The order of the lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum KwicSort {
    /// By the document's score, then where the line stands in it.
    #[default]
    Score,
    /// Alphabetically by the matched word and the words after it.
    Right,
    /// Alphabetically by the word before the match, then the one before that.
    Left,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicRequest {
    /// The documents (their limit plays no part).
    pub search: Request,
    /// Characters of context on either side.
    pub width: usize,
    /// Lines returned.
    pub limit: usize,
    pub sort: KwicSort,
}

/// One line of the concordance.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The document's id (its path).
    pub id: String,
    pub score: Option<f32>,
    /// The section the line is in; `None` for the title.
    pub section: Option<SectionKind>,
    /// Up to `width` characters before the match, on one line.
    pub left: String,
    /// The text that matched, as written.
    pub matched: String,
    /// Up to `width` characters after it.
    pub right: String,
    /// The query stem it matched.
    pub stem: String,
}

#[derive(Debug, Clone)]
pub struct Concordance {
    /// Documents the request matches.
    pub matches: usize,
    /// Documents read, the best by score: at most [`MAX_DOCS`], and in score order only as
    /// many as give the lines shown.
    pub docs_read: usize,
    /// Lines found in them, before the limit.
    pub lines_found: usize,
    pub lines: Vec<Line>,
    pub warnings: Vec<String>,
}

/// The concordance of the words of `request`'s query in its best matches.
pub fn kwic(engine: &Engine, synonyms: &Synonyms, request: &KwicRequest) -> Result<Concordance> {
    let search = Request { limit: MAX_DOCS, ..request.search.clone() };
    let set = ranked(engine, synonyms, &search)?;
    let mut lines = Vec::new();
    let mut lines_found = 0;
    let mut docs_read = 0;
    for (score, address) in &set.hits {
        // In score order the first documents give the lines shown: the rest need not be read.
        if request.sort == KwicSort::Score && lines.len() >= request.limit {
            break;
        }
        super::budget::check()?;
        docs_read += 1;
        let doc = super::load_record(&set.searcher, engine.index(), *address)?;
        // The title first: a word only there is a match too (it gave no line at all).
        let title = std::iter::once((None, doc.title.as_str()));
        let sections =
            doc.sections.iter().map(|section| (Some(section.kind), section.text.as_str()));
        for (kind, text) in title.chain(sections) {
            for (range, stem) in merged(text, snippet::whole_matches(text, &set.highlight)) {
                lines_found += 1;
                if lines.len() == MAX_LINES {
                    continue;
                }
                let (left, right) = context(text, range, request.width);
                lines.push(Line {
                    id: doc.path.clone(),
                    score: *score,
                    section: kind,
                    left,
                    matched: one_line(&text[range.0..range.1]),
                    right,
                    stem,
                });
            }
        }
    }
    match request.sort {
        KwicSort::Score => {}
        KwicSort::Right => lines.sort_by_key(right_key),
        KwicSort::Left => lines.sort_by(compare_left),
    }
    lines.truncate(request.limit);
    Ok(Concordance { matches: set.total, docs_read, lines_found, lines, warnings: set.warnings })
}

/// Matches with only spaces between them (the words of a phrase, "socialt företagande") as
/// one: one line, not one per word. `matches` are whole already (see [`snippet::whole_matches`]).
fn merged(text: &str, matches: Vec<((usize, usize), String)>) -> Vec<((usize, usize), String)> {
    let mut out: Vec<((usize, usize), String)> = Vec::with_capacity(matches.len());
    for (range, stem) in matches {
        match out.last_mut() {
            Some((last, _))
                if text.get(last.1..range.0).is_some_and(|between| {
                    !between.is_empty() && between.chars().all(|c| c == ' ')
                }) =>
            {
                last.1 = range.1
            }
            _ => out.push((range, stem)),
        }
    }
    out
}

/// Up to `width` characters of `text` on each side of the byte range `at`, each on one line
/// (line breaks and other control characters as spaces).
pub fn context(text: &str, at: (usize, usize), width: usize) -> (String, String) {
    let before = &text[..at.0];
    let after = &text[at.1..];
    let left_start = before.char_indices().rev().nth(width.saturating_sub(1)).map_or(0, |(i, _)| i);
    let left = if width == 0 { "" } else { &before[left_start..] };
    let right_end = after.char_indices().nth(width).map_or(after.len(), |(i, _)| i);
    (one_line(left), one_line(&after[..right_end]))
}

/// A stretch of text as one line: line breaks and controls as spaces, and without the
/// characters that show nothing (a soft hyphen inside "försörjnings\u{ad}stöd" made it a form
/// of its own when lines were sorted or pivoted, and shifted the columns on a terminal).
fn one_line(text: &str) -> String {
    text.chars()
        .filter(|&c| !crate::text::is_invisible(c))
        .map(|c| if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') { ' ' } else { c })
        .collect()
}

fn right_key(line: &Line) -> (String, String, String) {
    (fold(&line.matched.to_lowercase()), fold(&line.right.to_lowercase()), line.id.clone())
}

/// Words to the left, nearest first.
fn left_words(line: &Line) -> Vec<String> {
    line.left.split_whitespace().rev().map(|word| fold(&word.to_lowercase())).collect()
}

fn compare_left(a: &Line, b: &Line) -> Ordering {
    left_words(a).cmp(&left_words(b)).then_with(|| right_key(a).cmp(&right_key(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_counts_characters_not_bytes() {
        let text = "Åtgärder för äldre\narbetslösa på landsbygden";
        let at = text.find("arbetslösa").unwrap();
        let (left, right) = context(text, (at, at + "arbetslösa".len()), 6);
        assert_eq!(left, "äldre ");
        assert_eq!(right, " på la");
        let first = (0, "Åtgärder".len());
        assert_eq!(context(text, first, 5), (String::new(), " för ".to_string()));
        assert_eq!(context(text, first, 0), (String::new(), String::new()));
    }

    #[test]
    fn the_words_of_a_phrase_are_one_match() {
        let text = "socialt företagande, socialt. företagande";
        let mut matches: Vec<((usize, usize), String)> = ["socialt", "företagande"]
            .iter()
            .flat_map(|word| text.match_indices(word))
            .map(|(start, word)| ((start, start + word.len()), word.to_string()))
            .collect();
        matches.sort();
        let ranges: Vec<&str> =
            merged(text, matches).into_iter().map(|(range, _)| &text[range.0..range.1]).collect();
        assert_eq!(ranges, ["socialt företagande", "socialt", "företagande"]);
    }

    #[test]
    fn a_line_shows_no_invisible_characters() {
        assert_eq!(
            one_line("försörjnings\u{ad}stöd\nRegerings\u{200b}kansliet"),
            "försörjningsstöd Regeringskansliet"
        );
    }

    #[test]
    fn lines_sort_by_the_word_nearest_the_match() {
        let line = |left: &str, right: &str| Line {
            id: "a".to_string(),
            score: None,
            section: Some(SectionKind::Other),
            left: left.to_string(),
            matched: "stöd".to_string(),
            right: right.to_string(),
            stem: "stöd".to_string(),
        };
        let mut lines =
            [line("ger ökat ", " x"), line("ett aktivt ", " b"), line("ett ökat ", " a")];
        lines.sort_by(compare_left);
        let lefts: Vec<&str> = lines.iter().map(|line| line.left.as_str()).collect();
        assert_eq!(lefts, ["ett aktivt ", "ett ökat ", "ger ökat "]);
    }
}
