//! Sections in flowing text, as a PDF transcript carries them: "… Bakgrund och analys Bakgrund
//! Nyanlända invandrares …", "… kort sikt. B. Etablering Stockholm förslag till
//! genomförandeprojekt Mål och syfte Projektets huvudmål …".
//!
//! A known heading ([`HEADINGS`], written as listed or in capitals) starts a section where a
//! heading stands and a sentence follows it:
//! - it stands at the start of the text or of a line, after a sentence end, or after a short
//!   title that itself stands there ("B. Etablering Stockholm förslag till genomförandeprojekt",
//!   at most [`MAX_TITLE_WORDS`] words, the first capitalised, when a capitalised word
//!   follows); a number before it on its line ("2.", "3.1") belongs to the heading;
//! - a capitalised word follows it, or a bullet and a capitalised word, or a number and a
//!   lower-case word ("Resultat 31 av de 86 deltagarna …").
//!
//! So running prose starts none: "bakgrunden till detta", "Bakgrund och erfarenheter från …"
//! (a sentence that begins with a heading word), "enligt regionens Mål 3". Neither does a table
//! of contents: after "Innehåll" the headings are entries until a sentence ends or a listed
//! heading comes again (where the text itself begins); a heading followed by a page number
//! ("Bakgrund 3 Syfte 4") is an entry; and three or more headings in a row with nothing between
//! them are a table, not a heading. Two in a row ("Bakgrund och analys Bakgrund", a chapter and
//! its first section) are one heading, of the kind of the second.
//!
//! Part titles and headings outside the list ("Problemdefinition", "Önskat läge") stay in the
//! text of the section they stand in: headings are not indexed, the text is.

use super::{Section, SectionKind};

/// The headings that start a section in flowing text, with the kind of section they start.
/// The ESF pages' names ([`SectionKind::heading`]) are among them; the others keep their
/// heading in a [`SectionKind::Other`] section.
const HEADINGS: [(&str, SectionKind); 18] = [
    ("Sammanfattning", SectionKind::Summary),
    ("Bakgrund", SectionKind::Background),
    ("Bakgrund och analys", SectionKind::Background),
    ("Syfte", SectionKind::Purpose),
    ("Syfte och mål", SectionKind::Purpose),
    ("Mål och syfte", SectionKind::Purpose),
    ("Mål", SectionKind::Goal),
    ("Målsättning", SectionKind::Goal),
    ("Tillgänglighet för personer med funktionsnedsättning", SectionKind::Accessibility),
    ("Jämställdhetsintegrering", SectionKind::Equality),
    ("Transnationellt samarbete", SectionKind::Transnational),
    ("Målgrupp", SectionKind::Other),
    ("Målgruppen", SectionKind::Other),
    ("Målgrupper", SectionKind::Other),
    ("Genomförande", SectionKind::Other),
    ("Resultat", SectionKind::Other),
    ("Inledning", SectionKind::Other),
    ("Slutsatser", SectionKind::Other),
];

/// Words that open a table of contents.
const CONTENTS: [&str; 2] = ["Innehåll", "Innehållsförteckning"];

/// How many words a table of contents runs at most.
const MAX_CONTENTS_WORDS: usize = 150;

/// How many words a title before a heading has at most.
const MAX_TITLE_WORDS: usize = 8;

/// Headings in a row from this many on are a table of contents.
const TABLE_RUN: usize = 3;

/// A heading found in the text: its first word (a number before it included), one past its
/// last word, its kind, the names of the headings it runs together, and whether an entry of a
/// table of contents followed it (so that it was one too).
struct Start {
    first: usize,
    end: usize,
    kind: SectionKind,
    names: Vec<&'static str>,
    entry_follows: bool,
}

/// `body` split into sections: the text before the first heading is one [`SectionKind::Other`]
/// section without a heading; each heading starts a section holding the text up to the next.
pub(super) fn sections(body: &str) -> Vec<Section> {
    let words = Words::new(body);
    let mut starts: Vec<Start> = Vec::new();
    let mut contents: Option<(usize, Vec<&str>)> = None; // where it began, headings listed
    let mut at = 0;
    while at < words.len() {
        if CONTENTS.iter().any(|name| same_words(&[words.word(at)], name)) {
            contents = Some((at, Vec::new()));
            at += 1;
            continue;
        }
        if let Some((began, _)) = &contents {
            if at - began > MAX_CONTENTS_WORDS || (at > began + 1 && ends_sentence(words.word(at)))
            {
                contents = None;
            }
        }
        let Some((name, kind, count)) = heading_at(&words, at) else {
            at += 1;
            continue;
        };
        let end = at + count;
        let first = if at > 0 && numbers_heading(&words, at - 1) { at - 1 } else { at };
        let listed = match &mut contents {
            Some((_, listed)) if !listed.contains(&name) => {
                listed.push(name);
                true
            }
            Some(_) => {
                contents = None;
                false
            }
            None => false,
        };
        let run = starts.last_mut().filter(|last| last.end == first && !last.names.contains(&name));
        let follows = sentence_follows(&words, end);
        if !listed && follows != Follows::No {
            match run {
                Some(last) => {
                    last.end = end;
                    last.kind = kind;
                    last.names.push(name);
                }
                None if stands(&words, first, follows) => {
                    starts.push(Start { first, end, kind, names: vec![name], entry_follows: false })
                }
                None => {}
            }
        } else if let Some(last) = run {
            last.entry_follows = true;
        }
        at = end;
    }
    starts.retain(|start| start.names.len() < TABLE_RUN && !start.entry_follows);

    let mut sections = Vec::new();
    let before_first = starts.first().map_or(body.len(), |start| words.from(start.first));
    push(&mut sections, SectionKind::Other, "", &body[..before_first]);
    for (k, start) in starts.iter().enumerate() {
        let heading = &body[words.from(start.first)..words.to(start.end - 1)];
        let to = starts.get(k + 1).map_or(body.len(), |next| words.from(next.first));
        let text = &body[words.to(start.end - 1)..to];
        push(&mut sections, start.kind, heading.trim_end_matches(':'), text);
    }
    sections
}

/// `text` up to its table of contents, if it has one: a title page's title.
pub(super) fn before_contents(text: &str) -> &str {
    let words = Words::new(text);
    (0..words.len())
        .find(|&at| CONTENTS.iter().any(|name| same_words(&[words.word(at)], name)))
        .map_or(text, |at| text[..words.from(at)].trim_end())
}

fn push(sections: &mut Vec<Section>, kind: SectionKind, heading: &str, text: &str) {
    let text = text.trim();
    if !text.is_empty() {
        sections.push(Section { kind, heading: heading.to_string(), text: text.to_string() });
    }
}

/// The known heading whose words start at word `at`, the longest if several do: its name,
/// kind and number of words.
fn heading_at(words: &Words, at: usize) -> Option<(&'static str, SectionKind, usize)> {
    HEADINGS
        .iter()
        .filter_map(|&(name, kind)| {
            let count = name.split(' ').count();
            let found = words.words(at, count)?;
            same_words(&found, name).then_some((name, kind, count))
        })
        .max_by_key(|(_, _, count)| *count)
}

/// Whether `found` are the words of `name`, as written or in capitals, a colon after the last
/// allowed.
fn same_words(found: &[&str], name: &str) -> bool {
    let mut found: Vec<&str> = found.to_vec();
    if let Some(last) = found.last_mut() {
        *last = last.strip_suffix(':').unwrap_or(last);
    }
    let upper = name.to_uppercase();
    found.iter().copied().eq(name.split(' ')) || found.iter().copied().eq(upper.split(' '))
}

/// Whether the word at `at` stands where a heading stands: at the start of the text or a line,
/// after a sentence end or a number, or after a short title that stands there when a
/// capitalised word follows the heading (a number and a lower-case word after a title are
/// prose: "Enligt regionens Mål 3 om …").
fn stands(words: &Words, at: usize, follows: Follows) -> bool {
    let boundary = |at: usize| {
        at == 0
            || words.line_break_before(at)
            || ends_sentence(words.word(at - 1))
            || is_number(words.word(at - 1))
    };
    if boundary(at) {
        return true;
    }
    if follows != Follows::Capitalised {
        return false;
    }
    // The title: the words back to the nearest boundary, a few, the first capitalised.
    let Some(title) = (at.saturating_sub(MAX_TITLE_WORDS)..at).rev().find(|&k| boundary(k)) else {
        return false;
    };
    capitalised(words.word(title))
        && (title..at).all(|k| !words.word(k).ends_with([',', ';']) && !is_number(words.word(k)))
}

/// What follows a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Follows {
    /// A capitalised word, or a bullet and a capitalised word.
    Capitalised,
    /// A number and a lower-case word: "Resultat 31 av de 86 deltagarna".
    Number,
    /// Anything else: no sentence begins there.
    No,
}

/// Whether, and how, a sentence begins at word `at`.
fn sentence_follows(words: &Words, at: usize) -> Follows {
    let Some(first) = words.words(at, 1).map(|found| found[0]) else { return Follows::No };
    let second = words.words(at + 1, 1).map(|found| found[0]);
    let bullet = matches!(first, "-" | "–" | "•");
    if capitalised(first) || (bullet && second.is_some_and(capitalised)) {
        Follows::Capitalised
    } else if first.chars().all(|c| c.is_ascii_digit())
        && second.is_some_and(|word| word.starts_with(char::is_lowercase))
    {
        Follows::Number
    } else {
        Follows::No
    }
}

fn capitalised(word: &str) -> bool {
    word.starts_with(char::is_uppercase)
}

/// Whether `word` ends a sentence: a word ending in ".", "!", "?" or ":", other than a section
/// number ("2."), a single letter ("A."), an abbreviation ("t.ex.") or dot leaders.
fn ends_sentence(word: &str) -> bool {
    let Some(stem) = word.strip_suffix(['.', '!', '?', ':']) else { return false };
    let single_letter = stem.chars().count() == 1 && stem.starts_with(char::is_uppercase);
    let after_text =
        stem.chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == ')' || c == '"');
    after_text && !single_letter && !stem.contains('.') && !is_number(word)
}

/// Whether the number at `at` numbers the heading after it on the same line: "2." and "3.1"
/// do; a bare "6" only at the start of a line, since elsewhere it is the page number of the
/// entry before ("Resultat 6 Sammanfattning").
fn numbers_heading(words: &Words, at: usize) -> bool {
    let word = words.word(at);
    is_number(word)
        && !words.line_break_before(at + 1)
        && (word.contains('.') || at == 0 || words.line_break_before(at))
}

/// Whether `word` numbers a section or a part: "2", "2.", "3.1", "A.".
fn is_number(word: &str) -> bool {
    let stem = word.strip_suffix('.').unwrap_or(word);
    let mut chars = stem.chars();
    if let (Some(letter), None) = (chars.next(), chars.next()) {
        if letter.is_ascii_uppercase() {
            return word.ends_with('.');
        }
    }
    let groups: Vec<&str> = stem.split('.').collect();
    groups.len() <= 3
        && groups.iter().all(|group| {
            (1..=2).contains(&group.len()) && group.bytes().all(|b| b.is_ascii_digit())
        })
}

/// The byte ranges of the dot leaders in `text`, three dots or more: they separate an entry of a
/// table of contents from its page number even where no space does ("Sammanfattning.....3").
fn dot_leaders(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut from = None;
    for (at, byte) in text.bytes().enumerate().chain([(text.len(), b' ')]) {
        match (byte == b'.', from) {
            (true, None) => from = Some(at),
            (false, Some(start)) => {
                if at - start >= 3 {
                    runs.push(start..at);
                }
                from = None;
            }
            _ => {}
        }
    }
    runs
}

/// The whitespace-separated words of a text (dot leaders separating too), by byte range.
struct Words<'a> {
    text: &'a str,
    spans: Vec<(usize, usize)>,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Words<'a> {
        let mut spans = Vec::new();
        let mut start = None;
        let leaders = dot_leaders(text);
        let mut leader = leaders.iter().peekable();
        for (at, c) in text.char_indices() {
            while leader.next_if(|run| run.end <= at).is_some() {}
            let in_leader = leader.peek().is_some_and(|run| run.contains(&at));
            let separates = c.is_whitespace() || in_leader;
            match (separates, start) {
                (true, Some(from)) => {
                    spans.push((from, at));
                    start = None;
                }
                (false, None) => start = Some(at),
                _ => {}
            }
        }
        if let Some(from) = start {
            spans.push((from, text.len()));
        }
        Words { text, spans }
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    fn word(&self, at: usize) -> &'a str {
        let (from, to) = self.spans[at];
        &self.text[from..to]
    }

    /// `count` words from `at`, if there are that many.
    fn words(&self, at: usize, count: usize) -> Option<Vec<&'a str>> {
        let end = at.checked_add(count).filter(|end| *end <= self.len())?;
        Some((at..end).map(|k| self.word(k)).collect())
    }

    fn from(&self, at: usize) -> usize {
        self.spans[at].0
    }

    fn to(&self, at: usize) -> usize {
        self.spans[at].1
    }

    fn line_break_before(&self, at: usize) -> bool {
        at > 0 && self.text[self.spans[at - 1].1..self.spans[at].0].contains('\n')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (kind, heading, text) of each section.
    fn found(body: &str) -> Vec<(SectionKind, String, String)> {
        sections(body).into_iter().map(|s| (s.kind, s.heading, s.text)).collect()
    }

    fn section(kind: SectionKind, heading: &str, text: &str) -> (SectionKind, String, String) {
        (kind, heading.to_string(), text.to_string())
    }

    fn other(text: &str) -> Vec<(SectionKind, String, String)> {
        vec![section(SectionKind::Other, "", text)]
    }

    #[test]
    fn headings_where_headings_stand() {
        assert_eq!(
            found(
                "A. Förprojektering Etablering Stockholm Bakgrund och analys Bakgrund Nyanlända \
                 invandrares etablering går långsamt. Syfte och mål Syftet med projektet är \
                 arbete.\n\nMålgrupp Unga vuxna."
            ),
            [
                section(SectionKind::Other, "", "A. Förprojektering Etablering Stockholm"),
                section(
                    SectionKind::Background,
                    "Bakgrund och analys Bakgrund",
                    "Nyanlända invandrares etablering går långsamt."
                ),
                section(SectionKind::Purpose, "Syfte och mål", "Syftet med projektet är arbete."),
                section(SectionKind::Other, "Målgrupp", "Unga vuxna."),
            ]
        );
        assert_eq!(
            found("SAMMANFATTNING Projektet lyckades."),
            [section(SectionKind::Summary, "SAMMANFATTNING", "Projektet lyckades.")]
        );
        assert_eq!(
            found("Slut. Målsättning: Alla i arbete."),
            [
                section(SectionKind::Other, "", "Slut."),
                section(SectionKind::Goal, "Målsättning", "Alla i arbete.")
            ]
        );
    }

    #[test]
    fn a_title_and_a_number_before_a_heading() {
        // Seed 001's page 7: a part title ending in a lower-case word before the heading.
        assert_eq!(
            found(
                "på kort sikt. B. Etablering Stockholm förslag till genomförandeprojekt Mål och \
                 syfte Projektets huvudmål ska vara kort."
            ),
            [
                section(
                    SectionKind::Other,
                    "",
                    "på kort sikt. B. Etablering Stockholm förslag till genomförandeprojekt"
                ),
                section(
                    SectionKind::Purpose,
                    "Mål och syfte",
                    "Projektets huvudmål ska vara kort."
                ),
            ]
        );
        assert_eq!(
            found("Klart. 2. Bakgrund och analys Inom vården. 3.1 Resultat 31 av 86 fick arbete."),
            [
                section(SectionKind::Other, "", "Klart."),
                section(SectionKind::Background, "2. Bakgrund och analys", "Inom vården."),
                section(SectionKind::Other, "3.1 Resultat", "31 av 86 fick arbete."),
            ]
        );
        // A bullet list after the heading.
        assert_eq!(
            found("Syfte - Utveckla kedjan"),
            [section(SectionKind::Purpose, "Syfte", "- Utveckla kedjan")]
        );
    }

    #[test]
    fn running_prose_starts_no_section() {
        for prose in [
            "Bakgrunden till detta är enkel. Bakgrund till projektet finns.",
            "Bakgrund och erfarenheter från tidigare projekt visade att praktik hjälper.",
            "inom ramen för Etablering Stockholm Syfte med Etablering Stockholm - Utveckla",
            "Enligt regionens Mål 3 om kompetensförsörjning ska fler validera.",
            "Arbetet beskrivs närmare under Resultat nedan.",
            "Programmets Mål 2 Konkurrenskraft gäller.",
            "Vi har i många år, sedan Resultat Projektet",
            "Slutet. Resultat",
            "Mål och",
            "utan sammanhängande mål och syfte. En brist",
        ] {
            assert_eq!(found(prose), other(prose), "{prose}");
        }
    }

    #[test]
    fn dot_leaders_without_spaces_keep_the_heading_after_the_contents() {
        assert_eq!(
            found(
                "Rapport X Innehåll Sammanfattning........3 Bakgrund........4\n\nSammanfattning \
                 Projektet gav arbete åt tjugo deltagare.\n\nBakgrund Arbetslösheten var hög."
            ),
            [
                section(
                    SectionKind::Other,
                    "",
                    "Rapport X Innehåll Sammanfattning........3 Bakgrund........4"
                ),
                section(
                    SectionKind::Summary,
                    "Sammanfattning",
                    "Projektet gav arbete åt tjugo deltagare."
                ),
                section(SectionKind::Background, "Bakgrund", "Arbetslösheten var hög."),
            ]
        );
        assert_eq!(dot_leaders("a...b.c..d.... "), [1..4, 10..14]);
    }

    #[test]
    fn a_table_of_contents_is_no_heading_run() {
        assert_eq!(
            found(
                "Rapport Innehåll Sammanfattning Bakgrund Syfte Resultat Sammanfattning Projektet \
                 har nått målen. Bakgrund Arbetslösheten var hög."
            ),
            [
                section(
                    SectionKind::Other,
                    "",
                    "Rapport Innehåll Sammanfattning Bakgrund Syfte Resultat"
                ),
                section(SectionKind::Summary, "Sammanfattning", "Projektet har nått målen."),
                section(SectionKind::Background, "Bakgrund", "Arbetslösheten var hög."),
            ]
        );
        // Without "Innehåll": three headings in a row are a table, the repeated one a heading.
        assert_eq!(
            found("Rapport Sammanfattning Bakgrund Syfte Sammanfattning Det gick bra."),
            [
                section(SectionKind::Other, "", "Rapport Sammanfattning Bakgrund Syfte"),
                section(SectionKind::Summary, "Sammanfattning", "Det gick bra."),
            ]
        );
        // Page numbers, numbered entries and dot leaders.
        for table in [
            "Innehåll Sammanfattning 3 Bakgrund 4 Syfte och mål 5",
            "Innehållsförteckning 1. Sammanfattning 2. Bakgrund 3. Resultat",
            "Innehåll\nSammanfattning .......... 2\nMålsättning .......... 2",
            "Innehåll Sammanfattning........3 Bakgrund........4",
            "Sammanfattning 3 Bakgrund 4 Resultat 5",
            "Sammanfattning Bakgrund 3",
        ] {
            assert_eq!(found(table), other(table), "{table}");
        }
        assert_eq!(
            found("Innehåll 1. Sammanfattning 2. Bakgrund 1. Sammanfattning Det gick bra."),
            [
                section(SectionKind::Other, "", "Innehåll 1. Sammanfattning 2. Bakgrund"),
                section(SectionKind::Summary, "1. Sammanfattning", "Det gick bra."),
            ]
        );
    }

    #[test]
    fn the_title_page_ends_at_its_contents() {
        assert_eq!(before_contents("Rapport om X\nInnehåll\nSammanfattning 2"), "Rapport om X");
        assert_eq!(before_contents("Rapport om X"), "Rapport om X");
        assert_eq!(before_contents("INNEHÅLL: Bakgrund"), "");
    }

    #[test]
    fn sentence_ends_and_numbers() {
        for word in ["sikt.", "klart!", "varför?", "Nuläge:", "(SFI).", "2019."] {
            assert!(ends_sentence(word), "{word}");
        }
        for word in ["2.", "A.", "t.ex.", "Sammanfattning...", "..........", "ord", "-"] {
            assert!(!ends_sentence(word), "{word}");
        }
        for word in ["2", "2.", "3.1", "3.1.2", "B."] {
            assert!(is_number(word), "{word}");
        }
        for word in ["2019", "B", "a.", "1.2.3.4", "", "."] {
            assert!(!is_number(word), "{word}");
        }
    }

    #[test]
    fn never_panics() {
        for text in [
            "",
            " ",
            "Mål",
            "Mål och",
            "Innehåll",
            "Innehåll Mål Mål X",
            "Bakgrund\u{a0}Å",
            "1. Mål",
            ". Mål Å",
        ] {
            sections(text);
            before_contents(text);
        }
    }
}
