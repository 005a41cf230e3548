//! Sentence alignment: which sentences of two documents say the same thing, and what each
//! says alone ("what only A claims", "what only B claims").
//!
//! Each sentence becomes a set of analysed forms, read with the index's own chains
//! ([`analysis::SV`] for stems, [`analysis::PARTS`] for the parts of compounds) and the
//! built-in synonym table: "arbetsmarknaden" gives its stem and the parts "arbet" and
//! "marknad", "SFI" and "svenska för invandrare" meet in one synonym group. A form weighs its
//! idf in the whole index (a part [`PARTS_BOOST`] of that); numbers and stems under three
//! letters weigh nothing. Two sentences score the weighted Dice coefficient of their forms,
//! `2 · Σ shared min(wa, wb) / (Σ wa + Σ wb)`, from 0 (nothing in common) to 1 (the same
//! forms). Pairs are taken best first, each sentence in at most one pair, while the score is
//! at least [`MIN_SCORE`] and the pair shares at least [`MIN_SHARED`] forms; a sentence both
//! sides write word for word pairs at 1 whatever its forms. A sentence with fewer than
//! [`MIN_SHARED`] forms (a heading, a name, a phone number) that pairs with nothing is in no
//! "only" list: it could never have paired, so it is no claim of its side.
//!
//! The two thresholds come from the judged set in `benches/alignment/` (ten page pairs whose
//! corresponding sentences were marked by reading before the aligner ran on them), indexed with
//! g0vse for realistic idf: F1 is flat from 0.05 to 0.40 (0.65–0.67), and 0.40 has by far the
//! best precision there (0.96 against 0.69 at 0.05), so that an aligned pair can be trusted to
//! say the same thing; what it misses still stands, under "what only A claims". Two shared
//! forms keep a lone shared word from pairing two short sentences. See `benches/README.md`,
//! "Sentence alignment".

use std::collections::HashMap;

use super::sentences;
use crate::analysis::{self, synonyms::Synonyms};
use crate::document::{Document, SectionKind};
use crate::error::{Error, Result};
use crate::index::schema::PARTS_BOOST;
use crate::search::vectors::{is_word, DocFreqs};

/// The least score of an aligned pair (from the judged set, see the module doc).
pub const MIN_SCORE: f32 = 0.40;
/// The least number of forms an aligned pair shares: one shared word is a coincidence.
pub const MIN_SHARED: usize = 2;
/// The tying words listed per pair.
const MAX_TIES: usize = 6;

/// The sections aligned when no section is named: the problem description.
pub const PROBLEM_SECTIONS: [SectionKind; 5] = [
    SectionKind::Summary,
    SectionKind::Background,
    SectionKind::Purpose,
    SectionKind::Goal,
    SectionKind::Other,
];

/// One sentence of a side, where it stands: `section` indexes the document's sections (as
/// `show --json` lists them), `start..end` is its byte range in that section's text.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceAt {
    pub section: usize,
    pub kind: SectionKind,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Two sentences that say the same thing: indexes into the sides' sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub score: f32,
    /// The forms that tie them, heaviest first, as A writes them ("sfi = svenska för
    /// invandrare" where a synonym ties them).
    pub ties: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// The one section aligned, or `None` for the problem description ([`PROBLEM_SECTIONS`]).
    pub section: Option<SectionKind>,
    pub a_sentences: Vec<SentenceAt>,
    pub b_sentences: Vec<SentenceAt>,
    /// In the order of A's sentences.
    pub pairs: Vec<Pair>,
    /// Sentences of A in no pair, in order.
    pub only_a: Vec<usize>,
    pub only_b: Vec<usize>,
}

impl Alignment {
    /// The share of A's sentences that found a counterpart (0 when A has none).
    pub fn aligned_share_a(&self) -> f32 {
        share(self.pairs.len(), self.a_sentences.len())
    }

    pub fn aligned_share_b(&self) -> f32 {
        share(self.pairs.len(), self.b_sentences.len())
    }
}

fn share(part: usize, whole: usize) -> f32 {
    if whole == 0 {
        0.0
    } else {
        part as f32 / whole as f32
    }
}

/// One analysed form of a sentence: its weight and how the sentence writes it.
#[derive(Debug, Clone)]
struct Form {
    weight: f32,
    surface: String,
    /// For a synonym group, the stems of the form the sentence has: the same form on both sides
    /// ties them already as words, and counts once.
    stems: Option<String>,
}

/// Whether a shared key ties two sentences by itself: not a synonym group met in one form.
fn ties_by_itself(a: &Form, b: &Form) -> bool {
    a.stems.is_none() || a.stems != b.stems
}

/// A sentence's forms by key: a stem, or `=N` for synonym group N.
type Forms = HashMap<String, Form>;

/// When two sentences are a pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub min_score: f32,
    pub min_shared: usize,
}

impl Thresholds {
    /// [`MIN_SCORE`] and [`MIN_SHARED`].
    pub const DEFAULT: Thresholds = Thresholds { min_score: MIN_SCORE, min_shared: MIN_SHARED };
}

/// Aligns the sentences of `a` and `b` within `section` (the problem description if `None`).
pub fn align(
    a: &Document,
    b: &Document,
    section: Option<SectionKind>,
    freqs: &DocFreqs,
    synonyms: &Synonyms,
) -> Result<Alignment> {
    align_with(a, b, section, freqs, synonyms, Thresholds::DEFAULT)
}

/// As [`align`], with thresholds of the caller's (the judged-set bench sweeps them).
pub fn align_with(
    a: &Document,
    b: &Document,
    section: Option<SectionKind>,
    freqs: &DocFreqs,
    synonyms: &Synonyms,
    thresholds: Thresholds,
) -> Result<Alignment> {
    if let Some(kind) = section {
        // As the section comparison says: one side empty would list the other's every
        // sentence as its claims alone.
        for doc in [a, b] {
            if !doc.sections.iter().any(|s| s.kind == kind && !s.text.trim().is_empty()) {
                return Err(Error::argument(
                    "--section",
                    format!("{} has no {} section", doc.path, kind.heading()),
                ));
            }
        }
    }
    let groups = GroupIndex::new(synonyms);
    let (a_sentences, a_forms) = side(a, section, freqs, synonyms, &groups)?;
    let (b_sentences, b_forms) = side(b, section, freqs, synonyms, &groups)?;

    // Only sentences that share a form can pair: look them up by form rather than scoring
    // every pair (two long documents have a thousand sentences each).
    let mut by_form: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, b_form) in b_forms.iter().enumerate() {
        for key in b_form.keys() {
            by_form.entry(key.as_str()).or_default().push(j);
        }
    }
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    let mut meets = vec![0usize; b_forms.len()];
    for (i, a_form) in a_forms.iter().enumerate() {
        let mut met: Vec<usize> = Vec::new();
        for key in a_form.keys() {
            for &j in by_form.get(key.as_str()).map(Vec::as_slice).unwrap_or_default() {
                if meets[j] == 0 {
                    met.push(j);
                }
                meets[j] += 1;
            }
        }
        for j in met {
            let sharing = std::mem::take(&mut meets[j]);
            if sharing < thresholds.min_shared {
                continue;
            }
            let (score, shared) = dice(a_form, &b_forms[j]);
            if score >= thresholds.min_score && shared >= thresholds.min_shared {
                candidates.push((score, i, j));
            }
        }
    }
    // A sentence both sides write word for word pairs whatever its forms: a heading, a name or
    // a number has too few to pair by score, and listing it as said by each side alone is false.
    let mut b_by_text: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, sentence) in b_sentences.iter().enumerate() {
        b_by_text.entry(normalised(&sentence.text)).or_default().push(j);
    }
    for (i, sentence) in a_sentences.iter().enumerate() {
        let same = b_by_text.get(&normalised(&sentence.text)).map(Vec::as_slice);
        for &j in same.unwrap_or_default() {
            candidates.push((1.0, i, j));
        }
    }
    // Best first; ties go to the earlier sentences, so the result does not depend on hashing.
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut a_used = vec![false; a_sentences.len()];
    let mut b_used = vec![false; b_sentences.len()];
    let mut pairs = Vec::new();
    for (score, i, j) in candidates {
        if a_used[i] || b_used[j] {
            continue;
        }
        a_used[i] = true;
        b_used[j] = true;
        pairs.push(Pair { a: i, b: j, score, ties: ties(&a_forms[i], &b_forms[j]) });
    }
    pairs.sort_by_key(|pair| pair.a);
    // A sentence with fewer forms than a pair must share (a heading, a phone number) could
    // never pair, so it is no claim of one side: it stays among the sentences, not the lists.
    let unused = |used: &[bool], forms: &[Forms]| {
        let comparable = |i: usize| forms[i].len() >= thresholds.min_shared;
        used.iter().enumerate().filter(|&(i, u)| !*u && comparable(i)).map(|(i, _)| i).collect()
    };
    Ok(Alignment {
        section,
        only_a: unused(&a_used, &a_forms),
        only_b: unused(&b_used, &b_forms),
        a_sentences,
        b_sentences,
        pairs,
    })
}

/// A sentence's text as compared word for word: lower case, spaces collapsed, no closing
/// punctuation.
fn normalised(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.join(" ").trim_end_matches(['.', '!', '?', ':', ';']).to_lowercase()
}

/// The weighted Dice coefficient of two sentences' forms, and how many forms they share.
fn dice(a: &Forms, b: &Forms) -> (f32, usize) {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut shared_weight = 0.0;
    let mut shared = 0;
    for (key, form) in small {
        if let Some(other) = large.get(key).filter(|other| ties_by_itself(form, other)) {
            shared_weight += form.weight.min(other.weight);
            shared += 1;
        }
    }
    // A synonym group met in the same form on both sides is left out of the whole as well.
    let same_form = |forms: &Forms, others: &Forms| -> f32 {
        forms
            .iter()
            .filter(|(key, form)| {
                others.get(*key).is_some_and(|other| !ties_by_itself(form, other))
            })
            .map(|(_, form)| form.weight)
            .sum()
    };
    let total: f32 = a.values().chain(b.values()).map(|form| form.weight).sum::<f32>()
        - same_form(a, b)
        - same_form(b, a);
    if total <= 0.0 {
        return (0.0, 0);
    }
    ((2.0 * shared_weight / total).clamp(0.0, 1.0), shared)
}

/// The shared forms, heaviest first, as A writes them (and B, where a synonym ties them).
fn ties(a: &Forms, b: &Forms) -> Vec<String> {
    let mut shared: Vec<(f32, &str, String)> = a
        .iter()
        .filter_map(|(key, form)| {
            let other = b.get(key).filter(|other| ties_by_itself(form, other))?;
            let word = if key.starts_with('=') && form.surface != other.surface {
                format!("{} = {}", form.surface, other.surface)
            } else {
                form.surface.clone()
            };
            Some((form.weight.min(other.weight), key.as_str(), word))
        })
        .collect();
    shared.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(y.1)));
    let mut words: Vec<String> = Vec::new();
    for (_, _, word) in shared {
        if words.len() < MAX_TIES && !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// The synonym group of each form of the table, by the form's stems.
struct GroupIndex {
    of_form: HashMap<String, usize>,
}

impl GroupIndex {
    fn new(synonyms: &Synonyms) -> GroupIndex {
        let mut of_form = HashMap::new();
        for (group, forms) in synonyms.groups().iter().enumerate() {
            for form in forms {
                of_form.insert(form.to_lowercase(), group);
            }
        }
        GroupIndex { of_form }
    }

    /// The group of the form whose other forms are `expansions`.
    fn group(&self, expansions: &[&str]) -> Option<usize> {
        expansions.iter().find_map(|form| self.of_form.get(&form.to_lowercase()).copied())
    }
}

/// The sentences of one side within `section`, and the forms of each.
fn side(
    doc: &Document,
    section: Option<SectionKind>,
    freqs: &DocFreqs,
    synonyms: &Synonyms,
    groups: &GroupIndex,
) -> Result<(Vec<SentenceAt>, Vec<Forms>)> {
    let mut sentences = Vec::new();
    let mut forms = Vec::new();
    for (index, doc_section) in doc.sections.iter().enumerate() {
        let wanted = match section {
            Some(kind) => doc_section.kind == kind,
            None => PROBLEM_SECTIONS.contains(&doc_section.kind),
        };
        if !wanted {
            continue;
        }
        let text = doc_section.text.as_str();
        let split = sentences::split(text);
        let mut section_forms: Vec<Forms> = vec![Forms::new(); split.len()];
        let sentence_of = |offset: usize| split.partition_point(|s| s.end <= offset);
        // The whole section is analysed at once, so its language is detected on all of it.
        let stems = analysis::tokens(analysis::SV, text);
        let mut stems_by_sentence: Vec<Vec<(String, usize, usize)>> = vec![Vec::new(); split.len()];
        for token in &stems {
            let at = sentence_of(token.offset_from);
            if at < split.len() {
                stems_by_sentence[at].push((
                    token.text.clone(),
                    token.offset_from,
                    token.offset_to,
                ));
            }
            if at >= split.len() || !is_word(&token.text) {
                continue;
            }
            let weight = freqs.idf(&token.text)?;
            let surface = text[token.offset_from..token.offset_to].to_lowercase();
            add(&mut section_forms[at], token.text.clone(), Form { weight, surface, stems: None });
        }
        for token in analysis::tokens(analysis::PARTS, text) {
            let at = sentence_of(token.offset_from);
            if at >= split.len() || !is_word(&token.text) || freqs.doc_freq(&token.text)? == 0 {
                continue;
            }
            let weight = freqs.idf(&token.text)? * PARTS_BOOST;
            let surface = text[token.offset_from..token.offset_to].to_lowercase();
            add(&mut section_forms[at], token.text, Form { weight, surface, stems: None });
        }
        for (at, stems) in stems_by_sentence.iter().enumerate() {
            let words: Vec<String> = stems.iter().map(|(stem, _, _)| stem.clone()).collect();
            let mut from = 0;
            while from < words.len() {
                let Some((len, expansions)) = synonyms.longest_match(&words[from..]) else {
                    from += 1;
                    continue;
                };
                if let Some(group) = groups.group(&expansions) {
                    let mut weight: f32 = 0.0;
                    for word in &words[from..from + len] {
                        weight = weight.max(freqs.idf(word)?);
                    }
                    let (start, end) = (stems[from].1, stems[from + len - 1].2);
                    let form = Form {
                        weight,
                        surface: text[start..end].to_lowercase(),
                        stems: Some(words[from..from + len].join(" ")),
                    };
                    add(&mut section_forms[at], format!("={group}"), form);
                }
                from += len;
            }
        }
        for (sentence, sentence_forms) in split.iter().zip(section_forms) {
            sentences.push(SentenceAt {
                section: index,
                kind: doc_section.kind,
                start: sentence.start,
                end: sentence.end,
                text: text[sentence.range()].to_string(),
            });
            forms.push(sentence_forms);
        }
    }
    Ok((sentences, forms))
}

/// Adds a form, keeping the heavier reading when a sentence has it twice (a word and a part).
fn add(forms: &mut Forms, key: String, form: Form) {
    if form.weight <= 0.0 {
        return;
    }
    match forms.get_mut(&key) {
        Some(known) if known.weight >= form.weight => {}
        Some(known) => *known = form,
        None => {
            forms.insert(key, form);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(entries: &[(&str, f32)]) -> Forms {
        entries
            .iter()
            .map(|(key, weight)| {
                (key.to_string(), Form { weight: *weight, surface: key.to_string(), stems: None })
            })
            .collect()
    }

    #[test]
    fn dice_weighs_shared_forms_against_all() {
        let a = forms(&[("nyanländ", 2.0), ("arbetsmarknad", 1.0)]);
        let b = forms(&[("nyanländ", 1.0), ("arbetsmarknad", 1.0), ("bostad", 2.0)]);
        // 2 · (1 + 1) / (3 + 4)
        assert_eq!(dice(&a, &b), (4.0 / 7.0, 2));
        assert_eq!(dice(&a, &a), (1.0, 2));
        assert_eq!(dice(&a, &forms(&[])), (0.0, 0));
        assert_eq!(dice(&forms(&[]), &forms(&[])), (0.0, 0));
    }

    #[test]
    fn ties_are_heaviest_first_and_synonyms_show_both_sides() {
        let mut a = forms(&[("nyanländ", 2.0), ("bostad", 1.0)]);
        let mut b = forms(&[("nyanländ", 1.5), ("bostad", 1.0)]);
        let group = |surface: &str, stems: &str| Form {
            weight: 3.0,
            surface: surface.into(),
            stems: Some(stems.into()),
        };
        a.insert("=0".into(), group("sfi", "sfi"));
        b.insert("=0".into(), group("svenska för invandrare", "svensk invandr"));
        assert_eq!(ties(&a, &b), ["sfi = svenska för invandrare", "nyanländ", "bostad"]);
        // One form on both sides ties as the word, not again as its group.
        b.insert("=0".into(), group("sfi:n", "sfi"));
        a.insert("sfi".into(), Form { weight: 3.0, surface: "sfi".into(), stems: None });
        b.insert("sfi".into(), Form { weight: 3.0, surface: "sfi:n".into(), stems: None });
        assert_eq!(ties(&a, &b), ["sfi", "nyanländ", "bostad"]);
        assert_eq!(dice(&a, &b).1, 3);
    }

    #[test]
    fn a_form_keeps_its_heavier_reading() {
        let mut sentence = Forms::new();
        let form =
            |weight: f32, surface: &str| Form { weight, surface: surface.into(), stems: None };
        add(&mut sentence, "marknad".into(), form(0.5, "arbetsmarknaden"));
        add(&mut sentence, "marknad".into(), form(2.0, "marknaden"));
        add(&mut sentence, "marknad".into(), form(0.7, "marknadsföring"));
        add(&mut sentence, "noll".into(), form(0.0, "noll"));
        assert_eq!(sentence.len(), 1);
        assert_eq!(sentence["marknad"].surface, "marknaden");
    }
}
