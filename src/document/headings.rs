//! Sections in flowing text, as a PDF transcript carries them: "… Bakgrund och analys Bakgrund
//! Nyanlända invandrares …". A known heading starts a section where a heading stands: at the
//! start of the text, a line or a page, after a sentence end or a capitalised word (the title
//! of the part before it), and followed by a capitalised word. Running prose ("bakgrunden till
//! detta är …", "Syfte med projektet") starts none, and neither does a table of contents:
//! after "Innehåll" the headings listed are entries until a sentence ends or a listed heading
//! comes again (where the text itself begins). A heading followed by a number ("Resultat 3",
//! "Mål 2") is an entry too. Headings standing next to each other ("Bakgrund och analys
//! Bakgrund") are one heading, of the kind of the last.
//!
//! The section kinds and their names are those of the ESF pages ([`SectionKind::heading`]);
//! other known headings (Målgrupp, Genomförande, Resultat) start a section of kind
//! [`SectionKind::Other`] that keeps its heading.

use super::{Section, SectionKind};

/// Headings of flowing text beyond the ESF pages' own names, longest first where one begins
/// another.
const MORE_HEADINGS: [(&str, SectionKind); 9] = [
    ("Bakgrund och analys", SectionKind::Background),
    ("Syfte och mål", SectionKind::Purpose),
    ("Mål och syfte", SectionKind::Purpose),
    ("Mål", SectionKind::Goal),
    ("Målgrupper", SectionKind::Other),
    ("Målgrupp", SectionKind::Other),
    ("Genomförande", SectionKind::Other),
    ("Resultat", SectionKind::Other),
    ("Inledning", SectionKind::Other),
];

/// Kinds whose ESF heading also heads flowing text.
const ESF_KINDS: [SectionKind; 4] =
    [SectionKind::Summary, SectionKind::Background, SectionKind::Purpose, SectionKind::Goal];

/// Words that open a table of contents.
const CONTENTS: [&str; 3] = ["Innehåll", "Innehållsförteckning", "INNEHÅLLSFÖRTECKNING"];

/// How many words a table of contents runs at most.
const MAX_CONTENTS_WORDS: usize = 150;

/// A known heading at a word: its name, kind and how many words it has.
struct Match {
    name: &'static str,
    kind: SectionKind,
    words: usize,
}

/// `body` split into sections: the text before the first heading is one [`SectionKind::Other`]
/// section without a heading; each heading starts a section holding the text up to the next.
pub(super) fn sections(body: &str) -> Vec<Section> {
    let words = spans(body);
    let word = |at: usize| &body[words[at].0..words[at].1];
    let mut starts: Vec<(usize, usize, SectionKind)> = Vec::new(); // first word, words, kind
    let mut contents: Option<(usize, Vec<&str>)> = None; // where it began, headings listed
    let mut at = 0;
    while at < words.len() {
        if CONTENTS.contains(&word(at).trim_end_matches(':')) {
            contents = Some((at, Vec::new()));
            at += 1;
            continue;
        }
        if let Some((began, _)) = &contents {
            let ends_sentence = word(at).ends_with(['.', '!', '?']) && !word(at).ends_with("..");
            if at - began > MAX_CONTENTS_WORDS || (ends_sentence && at > began + 1) {
                contents = None;
            }
        }
        let Some(found) = heading_at(body, &words, at) else {
            at += 1;
            continue;
        };
        let next = at + found.words;
        let follows = words.get(next).is_some_and(|_| word(next).starts_with(char::is_uppercase));
        let continues_run = starts.last().is_some_and(|(first, count, _)| first + count == at);
        let stands = at == 0 || continues_run || stands_after(body, &words, at);
        let listed = match &mut contents {
            Some((_, listed)) if !listed.contains(&found.name) => {
                listed.push(found.name);
                true
            }
            Some(_) => {
                contents = None;
                false
            }
            None => false,
        };
        if stands && !listed && follows {
            if continues_run {
                let last = starts.last_mut().expect("a run continues a start");
                last.1 += found.words;
                last.2 = found.kind;
            } else {
                starts.push((at, found.words, found.kind));
            }
        }
        at = next;
    }
    let mut sections = Vec::new();
    let before_first = starts.first().map_or(body.len(), |(first, _, _)| words[*first].0);
    push(&mut sections, SectionKind::Other, "", &body[..before_first]);
    for (k, (first, count, kind)) in starts.iter().enumerate() {
        let heading = &body[words[*first].0..words[first + count - 1].1];
        let from = words[first + count - 1].1;
        let to = starts.get(k + 1).map_or(body.len(), |(next, _, _)| words[*next].0);
        push(&mut sections, *kind, heading, &body[from..to]);
    }
    sections
}

fn push(sections: &mut Vec<Section>, kind: SectionKind, heading: &str, text: &str) {
    let text = text.trim();
    if !text.is_empty() {
        sections.push(Section { kind, heading: heading.to_string(), text: text.to_string() });
    }
}

/// Whether the word at `at` stands where a heading stands: at a line start, after a sentence
/// end, or after a capitalised word.
fn stands_after(body: &str, words: &[(usize, usize)], at: usize) -> bool {
    let previous = &body[words[at - 1].0..words[at - 1].1];
    body[words[at - 1].1..words[at].0].contains('\n')
        || previous.ends_with(['.', '!', '?', ':'])
        || previous.starts_with(char::is_uppercase)
}

/// The known heading whose words start at word `at`, the longest if several do.
fn heading_at(body: &str, words: &[(usize, usize)], at: usize) -> Option<Match> {
    let esf = ESF_KINDS.iter().map(|kind| (kind.heading(), *kind));
    esf.chain(MORE_HEADINGS)
        .filter_map(|(name, kind)| {
            let count = name.split(' ').count();
            let found = words.get(at..at + count)?;
            let text = &body[found[0].0..found[count - 1].1];
            let same = text.split_whitespace().eq(name.split(' '))
                || text.split_whitespace().eq(name.to_uppercase().split(' '));
            same.then_some(Match { name, kind, words: count })
        })
        .max_by_key(|found| found.words)
}

/// Byte ranges of the whitespace-separated words of `text`.
fn spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
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
    spans
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
            found("Sammanfattning Projektet lyckades."),
            [section(SectionKind::Summary, "Sammanfattning", "Projektet lyckades.")]
        );
        assert_eq!(
            found("SAMMANFATTNING Projektet lyckades."),
            [section(SectionKind::Summary, "SAMMANFATTNING", "Projektet lyckades.")]
        );
    }

    #[test]
    fn running_prose_starts_no_section() {
        for prose in [
            "Bakgrunden till detta är enkel. Bakgrund till projektet finns.",
            "inom ramen för Etablering Stockholm Syfte med Etablering Stockholm - Utveckla",
            "enligt Sammanfattning i rapporten. Resultat 40 deltagare fick arbete.",
            "Programmets Mål 2 Konkurrenskraft gäller.",
            "som har Resultat Projektet",
            "Slutet. Resultat",
        ] {
            assert_eq!(found(prose), [section(SectionKind::Other, "", prose)], "{prose}");
        }
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
        // Page numbers and leaders in the table, which a sentence ends.
        assert_eq!(
            found(
                "Innehåll Sammanfattning... 3 Bakgrund 4 Detta är en rapport. Mål Alla i arbete."
            ),
            [
                section(
                    SectionKind::Other,
                    "",
                    "Innehåll Sammanfattning... 3 Bakgrund 4 Detta är en rapport."
                ),
                section(SectionKind::Goal, "Mål", "Alla i arbete."),
            ]
        );
    }

    #[test]
    fn never_panics() {
        for text in ["", " ", "Mål", "Mål och", "Innehåll", "Innehåll Mål Mål X", "Bakgrund\u{a0}Å"]
        {
            sections(text);
        }
        assert_eq!(found("Mål och"), [section(SectionKind::Other, "", "Mål och")]);
    }
}
