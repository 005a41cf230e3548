//! How much a stem counts as evidence that two documents address the same problem, beside its
//! idf: the weight [`super::vectors::Vector`] multiplies a stem's tf-idf with.
//!
//! - **Boilerplate**, learnt from the index: a word of the corpus's own procedure ("uppdraget",
//!   "senast", "redovisas", "framsida" of an image's alt text) is in documents of every topic
//!   about as often as chance puts it there, once or so in each, while a word of a topic comes
//!   in bursts: where it occurs at all it occurs again. Church and Gale's *residual idf*
//!   measures this: the observed idf less the idf a Poisson spread of the same number of
//!   occurrences would give, `log2(N / df) + log2(1 − e^(−cf / N))`, near 0 for a word spread
//!   like chance and about a bit or more for a topic word. A stem in at least
//!   [`MIN_SPREAD_DOCS`] documents weighs `ridf / FULL_RIDF` of itself, at most 1; a rarer stem
//!   is not spread over every topic and weighs in full. Month and weekday names (a small stop
//!   set, [`crate::text::MONTHS`] and [`WEEKDAYS`]) weigh nothing: every dated text has them.
//! - **Names** (a stem the text writes mostly with a capital, other than the places that
//!   [`super::vectors::Vector`] leaves out): agencies such as ISF or Trafikverket say who
//!   writes, not what about, so a name in at least [`MIN_SPREAD_DOCS`] documents weighs
//!   [`NAME_WEIGHT`]. A rarer name (a programme, a local partner) is specific evidence.
//! - **ESF project-form vocabulary** ([`PROJECT_FORM`]: förprojektering, genomförandeprojekt,
//!   målgruppen, workshops, …): every ESF application is written in it, whatever its problem,
//!   so it weighs [`PROJECT_FORM_WEIGHT`] and the problem's own words carry the match. An
//!   index of a few ESF pages cannot teach this vocabulary, so it is listed.
//!
//! ```
//! use projsok::search::evidence::{residual_idf, spread_weight};
//!
//! // A word once in each of 2,000 of 44,000 documents is spread like chance ...
//! assert!(residual_idf(2_000, 2_000, 44_000) < 0.05);
//! // ... one that occurs four times where it occurs is a topic.
//! assert!(residual_idf(500, 2_000, 44_000) > 1.9);
//! assert_eq!(spread_weight(2.0), 1.0);
//! ```

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::{analysis, text};

/// Which kinds of weak evidence are weighed down (`similar` weighs down both; the related
/// bench switches each off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    pub boilerplate: bool,
    pub project_form: bool,
}

impl Evidence {
    pub const ALL: Evidence = Evidence { boilerplate: true, project_form: true };
    pub const NONE: Evidence = Evidence { boilerplate: false, project_form: false };
}

/// Documents a stem must be in before its spread over them is judged: a rarer stem is in too
/// few documents to be in documents of every topic (the stems the index counts the spread of).
pub const MIN_SPREAD_DOCS: u64 = crate::index::spread::MIN_DOCS;
/// Residual idf (in bits) from which a stem counts in full.
pub const FULL_RIDF: f32 = 1.0;
/// The weight of a name of an organisation (or of anything the text writes with a capital).
pub const NAME_WEIGHT: f32 = 0.5;
/// The weight of the ESF project-form vocabulary.
pub const PROJECT_FORM_WEIGHT: f32 = 0.2;

/// Weekday names: with the month names, the dates of every kind of document.
pub const WEEKDAYS: [&str; 7] =
    ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"];

/// The words of the ESF application form and of running a project, whatever the problem.
pub const PROJECT_FORM: &[&str] = &[
    "projekt",
    "projektet",
    "förprojektering",
    "förstudie",
    "genomförandeprojekt",
    "genomförandefas",
    "genomförande",
    "projektledare",
    "projektgrupp",
    "projektägare",
    "styrgrupp",
    "referensgrupp",
    "målgrupp",
    "målgruppen",
    "delprojekt",
    "workshop",
    "workshops",
    "aktiviteter",
    "ansökan",
    "utlysning",
    "spridning",
    "implementering",
    "lärande",
    "utvärdering",
    "deltagare",
];

/// Church and Gale's residual idf of a stem `occurrences` times in `doc_freq` of `num_docs`
/// documents, in bits.
pub fn residual_idf(doc_freq: u64, occurrences: u64, num_docs: u64) -> f32 {
    let n = num_docs.max(doc_freq).max(1) as f64;
    let (df, cf) = (doc_freq.max(1) as f64, occurrences.max(doc_freq).max(1) as f64);
    let observed = (n / df).log2();
    let poisson = -(1.0 - (-cf / n).exp()).log2();
    (observed - poisson) as f32
}

/// The weight of a stem of this residual idf: its share of [`FULL_RIDF`], 0 to 1.
pub fn spread_weight(ridf: f32) -> f32 {
    (ridf / FULL_RIDF).clamp(0.0, 1.0)
}

fn stems(words: &[&str]) -> HashSet<String> {
    words
        .iter()
        .flat_map(|word| analysis::tokens(analysis::SV, word))
        .map(|token| token.text)
        .collect()
}

/// Whether `stem` is a month or weekday name.
pub fn is_calendar(stem: &str) -> bool {
    static STEMS: OnceLock<HashSet<String>> = OnceLock::new();
    STEMS.get_or_init(|| stems(&[&text::MONTHS[..], &WEEKDAYS[..]].concat())).contains(stem)
}

/// Whether `stem` is ESF project-form vocabulary.
pub fn is_project_form(stem: &str) -> bool {
    static STEMS: OnceLock<HashSet<String>> = OnceLock::new();
    STEMS.get_or_init(|| stems(PROJECT_FORM)).contains(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chance_spread_has_no_residual_idf_and_bursts_have_some() {
        assert!(residual_idf(1000, 1000, 40_000).abs() < 0.02);
        assert!((residual_idf(100, 400, 40_000) - 2.0).abs() < 0.02);
        // A word in every document, once each, is spread like chance too.
        assert!(residual_idf(40_000, 40_000, 40_000) < 0.01);
        assert!(residual_idf(0, 0, 0).is_finite());
    }

    #[test]
    fn spread_weight_saturates() {
        assert_eq!(spread_weight(-0.3), 0.0);
        assert_eq!(spread_weight(0.5), 0.5);
        assert_eq!(spread_weight(3.0), 1.0);
    }

    #[test]
    fn calendar_and_project_form_are_recognised_in_their_inflections() {
        let stem = |word: &str| analysis::tokens(analysis::SV, word)[0].text.clone();
        assert!(is_calendar(&stem("December")));
        assert!(is_project_form(&stem("förprojekteringen")));
        assert!(is_project_form(&stem("målgrupperna")));
        assert!(is_project_form(&stem("workshops")));
        assert!(!is_project_form(&stem("arbetsmarknaden")));
        assert!(!is_calendar(&stem("majoritet")));
    }
}
