//! The domain synonym and acronym table applied at query time.
//!
//! A table is plain text, one group of equivalent forms per line separated by " = ", `#`
//! comments. Forms are matched on their analysed stems (the query chain), so case, inflection,
//! colon endings and stop words do not matter. The built-in table ships in `synonyms.txt`; users
//! add their own on top. Below both lie the acronyms an index learnt from its documents
//! ([`Synonyms::with_learnt`]): a learnt pair counts only while neither of its forms is in the
//! tables, so a user's line for an acronym replaces what the documents said ("KAA = KAA" drops
//! it).

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{analyze, SV_QUERY};

const BUILT_IN: &str = include_str!("synonyms.txt");

/// A loaded table: groups of forms, and each form's stem sequence → its group.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    /// Shared, so that a search laying the index's learnt pairs under a table (every search
    /// does) copies no table.
    forms: Arc<Forms>,
    /// The pairs an index learnt, consulted for forms the table does not have.
    learnt: Option<Arc<Synonyms>>,
}

#[derive(Debug, Clone, Default)]
struct Forms {
    groups: Vec<Vec<String>>,
    by_stems: HashMap<Vec<String>, usize>,
    longest: usize,
}

/// A table's groups and keys as they are stored, so that a table built once (an index's
/// learnt pairs) is not analysed again by every process that reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredTable {
    groups: Vec<Vec<String>>,
    /// Each key's stems and its group, sorted: the same table stores the same bytes.
    keys: Vec<(Vec<String>, usize)>,
}

/// A line of a table that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub line: usize,
    pub message: String,
}

impl Synonyms {
    /// The built-in table.
    pub fn built_in() -> Synonyms {
        let mut table = Synonyms::default();
        let bad = table.add_table(BUILT_IN);
        debug_assert!(bad.is_empty(), "built-in synonym table has bad lines: {bad:?}");
        table
    }

    /// A table of acronym pairs, each (acronym, long form).
    pub fn of_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Synonyms {
        let mut table = Synonyms::default();
        for (acronym, long_form) in pairs {
            table.add_group(vec![acronym.to_string(), long_form.to_string()]);
        }
        table
    }

    /// A table of learnt acronym pairs, each (acronym, long form, whether the long form
    /// finds the acronym too): a one-way pair's long form is a form of the acronym's group
    /// but no key of it, so the acronym expands to it and it expands to nothing.
    pub fn of_learnt<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str, bool)>) -> Synonyms {
        let mut table = Synonyms::default();
        for (acronym, long_form, both_ways) in pairs {
            if both_ways {
                table.add_group(vec![acronym.to_string(), long_form.to_string()]);
                continue;
            }
            table.add_group(vec![acronym.to_string()]);
            let table = Arc::make_mut(&mut table.forms);
            if let Some(&group) = table.by_stems.get(&stems(acronym)) {
                let forms = &mut table.groups[group];
                let key = stems(long_form);
                if !key.is_empty() && !forms.iter().any(|form| self::stems(form) == key) {
                    forms.push(long_form.to_string());
                }
            }
        }
        table
    }

    /// The groups and keys of this table (not of its learnt table).
    pub fn stored(&self) -> StoredTable {
        let mut keys: Vec<(Vec<String>, usize)> =
            self.forms.by_stems.iter().map(|(stems, &group)| (stems.clone(), group)).collect();
        keys.sort();
        StoredTable { groups: self.forms.groups.clone(), keys }
    }

    /// The table `stored` was made from; `None` when a key names a group it does not have.
    pub fn from_stored(stored: StoredTable) -> Option<Synonyms> {
        let StoredTable { groups, keys } = stored;
        if keys.iter().any(|(_, group)| *group >= groups.len()) {
            return None;
        }
        let longest = keys.iter().map(|(stems, _)| stems.len()).max().unwrap_or_default();
        let by_stems = keys.into_iter().collect();
        Some(Synonyms { forms: Arc::new(Forms { groups, by_stems, longest }), learnt: None })
    }

    /// This table over `learnt`, whose groups count where none of their forms is in this one.
    pub fn with_learnt(mut self, learnt: Arc<Synonyms>) -> Synonyms {
        self.learnt = Some(learnt);
        self
    }

    /// Whether the learnt group of `form` is replaced by this table: the table has one of its
    /// forms.
    pub fn overrides(&self, learnt_forms: &[String]) -> bool {
        learnt_forms.iter().any(|form| self.forms.by_stems.contains_key(&stems(form)))
    }

    /// Adds the groups of a table in the text format; returns the lines it could not use.
    pub fn add_table(&mut self, text: &str) -> Vec<BadLine> {
        let mut bad = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let forms: Vec<String> = line
                .split('=')
                .map(|form| form.trim().to_string())
                .filter(|f| !f.is_empty())
                .collect();
            if forms.len() < 2 {
                bad.push(BadLine {
                    line: index + 1,
                    message: "a group needs at least two forms separated by \" = \"".to_string(),
                });
                continue;
            }
            self.add_group(forms);
        }
        bad
    }

    fn add_group(&mut self, forms: Vec<String>) {
        let table = Arc::make_mut(&mut self.forms);
        // A form already in a group joins that group, so user tables extend built-in ones.
        let existing = forms.iter().find_map(|form| table.by_stems.get(&stems(form)).copied());
        let group = existing.unwrap_or_else(|| {
            table.groups.push(Vec::new());
            table.groups.len() - 1
        });
        for form in forms {
            let key = stems(&form);
            if key.is_empty() || table.by_stems.contains_key(&key) {
                continue;
            }
            table.longest = table.longest.max(key.len());
            table.by_stems.insert(key, group);
            table.groups[group].push(form);
        }
    }

    /// The other forms of the group whose form has exactly these stems.
    pub fn expansions(&self, stems: &[String]) -> Vec<&str> {
        self.expansions_of(None, stems)
    }

    /// As [`expansions`](Self::expansions) for a query word `typed` as it was written: a
    /// learnt one-word form (an acronym) expands only when `typed` is that form, not any word
    /// with its stem. "MAR" (medicinskt ansvarig för rehabilitering) is indexed as "mar",
    /// the stem of "mars", and "FEMA" as "fem": matched on stems, every text about March or
    /// five found them. The tables' forms are matched on stems as before: their forms were
    /// chosen by hand, inflections included.
    pub fn expansions_typed(&self, typed: &str, stems: &[String]) -> Vec<&str> {
        self.expansions_of(Some(typed), stems)
    }

    fn expansions_of(&self, typed: Option<&str>, stems: &[String]) -> Vec<&str> {
        let Some(&group) = self.forms.by_stems.get(stems) else {
            return self.learnt_expansions(typed, stems);
        };
        let key = stems.to_vec();
        self.forms.groups[group]
            .iter()
            .filter(|form| self::stems(form) != key)
            .map(String::as_str)
            .collect()
    }

    fn learnt_expansions(&self, typed: Option<&str>, stems: &[String]) -> Vec<&str> {
        let Some(learnt) = &self.learnt else { return Vec::new() };
        let Some(&group) = learnt.forms.by_stems.get(stems) else { return Vec::new() };
        if self.overrides(&learnt.forms.groups[group]) {
            return Vec::new();
        }
        if let (Some(typed), [_]) = (typed, stems) {
            let forms = &learnt.forms.groups[group];
            let matched = forms.iter().filter(|form| self::stems(form) == stems);
            if !matched.into_iter().any(|form| is_typed_as(typed, form)) {
                return Vec::new();
            }
        }
        learnt.expansions(stems)
    }

    /// Longest match at the start of `words` (each word given as its stem): (words used,
    /// expansions). Longer forms win, so "sveriges kommuner och regioner" is one match.
    pub fn longest_match(&self, words: &[String]) -> Option<(usize, Vec<&str>)> {
        let learnt_longest = self.learnt.as_ref().map_or(0, |learnt| learnt.forms.longest);
        let longest = self.forms.longest.max(learnt_longest);
        (1..=longest.min(words.len())).rev().find_map(|len| {
            let expansions = self.expansions(&words[..len]);
            (!expansions.is_empty()).then_some((len, expansions))
        })
    }

    /// The groups of equivalent forms, each in the order its forms were added (built-in first).
    pub fn groups(&self) -> &[Vec<String>] {
        &self.forms.groups
    }

    pub fn is_empty(&self) -> bool {
        self.forms.groups.is_empty()
    }
}

fn stems(form: &str) -> Vec<String> {
    analyze(SV_QUERY, form).collect()
}

/// Whether the query word `typed` is `form` in any case, or `form` with a colon ending
/// ("KAA:s", "KAA:n", "ESF:en"), the way Swedish inflects an acronym. A plain "s" is no
/// ending here: "mars" is not "MAR" in the genitive.
fn is_typed_as(typed: &str, form: &str) -> bool {
    let (typed, form) = (typed.trim().to_lowercase(), form.trim().to_lowercase());
    let Some(rest) = typed.strip_prefix(form.as_str()) else { return false };
    if rest.is_empty() {
        return true;
    }
    // The query's grammar lets through as a word only the colon endings Swedish writes.
    let ending = rest.strip_prefix(':').unwrap_or_default();
    !ending.is_empty() && ending.chars().all(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn built_in_table_maps_acronyms_both_ways() {
        let table = Synonyms::built_in();
        assert_eq!(table.expansions(&stems("SFI")), ["svenska för invandrare"]);
        assert_eq!(table.expansions(&stems("Svenska för invandrare")), ["sfi"]);
        assert!(table.expansions(&stems("Af")).contains(&"arbetsförmedlingen"));
        assert!(table.expansions(&stems("Arbetsförmedlingens")).contains(&"af"));
        assert_eq!(table.expansions(&stems("FK")), ["försäkringskassan"]);
        assert!(table.expansions(&stems("ESF")).contains(&"europeiska socialfonden"));
        assert!(table.expansions(&stems("SKR")).contains(&"skl"));
    }

    #[test]
    fn longest_form_wins() {
        let table = Synonyms::built_in();
        let words = stems("sveriges kommuner och regioner i norr");
        let (used, expansions) = table.longest_match(&words).unwrap();
        assert_eq!(used, 3);
        assert!(expansions.contains(&"skr"));
        assert_eq!(table.longest_match(&s(&["okänt"])), None);
    }

    #[test]
    fn user_table_extends_and_reports_bad_lines() {
        let mut table = Synonyms::built_in();
        let bad =
            table.add_table("# mine\nsfi = sfi-utbildning\nensamt ord\nnav = nationellt nav\n");
        assert_eq!(
            bad,
            [BadLine {
                line: 3,
                message: "a group needs at least two forms separated by \" = \"".into()
            }]
        );
        assert!(table.expansions(&stems("sfi")).contains(&"sfi-utbildning"));
        assert_eq!(table.expansions(&stems("nav")), ["nationellt nav"]);
    }

    #[test]
    fn learnt_pairs_count_where_the_tables_say_nothing() {
        let learnt = Arc::new(Synonyms::of_pairs([
            ("KAA", "kommunala aktivitetsansvaret"),
            ("Af", "arbetsförmedlingens fonder"),
            ("UVAS", "unga som varken arbetar eller studerar"),
        ]));
        let mut user = Synonyms::built_in();
        assert!(user.add_table("uvas = UVAS\n").is_empty());
        let table = user.with_learnt(learnt);
        assert_eq!(table.expansions(&stems("KAA")), ["kommunala aktivitetsansvaret"]);
        assert_eq!(table.expansions(&stems("kommunala aktivitetsansvarets")), ["KAA"]);
        let words = stems("kommunala aktivitetsansvaret i Malmö");
        assert_eq!(table.longest_match(&words), Some((2, vec!["KAA"])));
        // The built-in table knows "af", the user's "uvas": the documents are not asked.
        assert!(!table.expansions(&stems("Af")).contains(&"arbetsförmedlingens fonder"));
        assert_eq!(table.expansions(&stems("arbetsförmedlingens fonder")), Vec::<&str>::new());
        assert_eq!(table.expansions(&stems("UVAS")), Vec::<&str>::new());
        assert_eq!(
            table.expansions(&stems("unga som varken arbetar eller studerar")),
            Vec::<&str>::new()
        );
        assert_eq!(table.groups().len(), Synonyms::built_in().groups().len() + 1);
    }

    #[test]
    fn a_one_way_pair_expands_the_acronym_only() {
        let learnt = Arc::new(Synonyms::of_learnt([
            ("SKA", "Square Kilometre Array", false),
            ("KAA", "kommunala aktivitetsansvaret", true),
        ]));
        let table = Synonyms::built_in().with_learnt(learnt);
        assert_eq!(table.expansions(&stems("SKA")), ["Square Kilometre Array"]);
        assert_eq!(table.expansions(&stems("Square Kilometre Array")), Vec::<&str>::new());
        assert_eq!(table.longest_match(&stems("square kilometre array")), None);
        assert_eq!(table.expansions(&stems("kommunala aktivitetsansvaret")), ["KAA"]);
        assert_eq!(table.expansions(&stems("KAA")), ["kommunala aktivitetsansvaret"]);
    }

    #[test]
    fn a_learnt_acronym_expands_only_for_the_acronym_as_typed() {
        let learnt = Arc::new(Synonyms::of_learnt([
            ("MAR", "medicinskt ansvarig för rehabilitering", false),
            ("FEMA", "Federal Emergency Management Agency", false),
            ("KAA", "kommunala aktivitetsansvaret", true),
        ]));
        let table = Synonyms::built_in().with_learnt(learnt);
        let mar = ["medicinskt ansvarig för rehabilitering"];
        assert_eq!(table.expansions_typed("MAR", &stems("MAR")), mar);
        assert_eq!(table.expansions_typed("mar", &stems("mar")), mar);
        assert_eq!(table.expansions_typed("MAR:s", &stems("MAR:s")), mar);
        // "mars" and "fem" share the acronyms' stems, "mar" and "fem".
        assert_eq!(stems("mars"), stems("MAR"));
        assert_eq!(table.expansions_typed("mars", &stems("mars")), Vec::<&str>::new());
        assert_eq!(table.expansions_typed("fem", &stems("fem")), Vec::<&str>::new());
        assert_eq!(table.expansions_typed("MAR:", &stems("MAR:")), Vec::<&str>::new());
        assert_eq!(table.expansions_typed("MARs", &stems("MARs")), Vec::<&str>::new());
        assert_eq!(
            table.expansions_typed("FEMA", &stems("FEMA")),
            ["Federal Emergency Management Agency"]
        );
        assert_eq!(
            table.expansions_typed("KAA:s", &stems("KAA:s")),
            ["kommunala aktivitetsansvaret"]
        );
        assert_eq!(
            table.expansions_typed("aktivitetsansvarets", &stems("kommunala aktivitetsansvarets")),
            ["KAA"]
        );
        // The built-in table's forms still match on stems.
        assert_eq!(table.expansions_typed("SFI:s", &stems("SFI:s")), ["svenska för invandrare"]);
        assert!(table
            .expansions_typed("Arbetsförmedlingens", &stems("Arbetsförmedlingens"))
            .contains(&"af"));
    }

    #[test]
    fn a_stored_table_expands_as_the_one_it_was_stored_from() {
        let learnt = Synonyms::of_learnt([
            ("SKA", "Square Kilometre Array", false),
            ("KAA", "kommunala aktivitetsansvaret", true),
        ]);
        let stored = learnt.stored();
        assert_eq!(stored, Synonyms::from_stored(stored.clone()).unwrap().stored());
        let table =
            Synonyms::built_in().with_learnt(Arc::new(Synonyms::from_stored(stored).unwrap()));
        assert_eq!(table.expansions(&stems("SKA")), ["Square Kilometre Array"]);
        assert_eq!(table.expansions(&stems("Square Kilometre Array")), Vec::<&str>::new());
        assert_eq!(table.expansions(&stems("KAA")), ["kommunala aktivitetsansvaret"]);
        assert_eq!(
            table.longest_match(&stems("kommunala aktivitetsansvaret i")).map(|m| m.0),
            Some(2)
        );
        // A key naming a group the table lacks is no table.
        let mut broken = learnt.stored();
        broken.keys[0].1 = 7;
        assert!(Synonyms::from_stored(broken).is_none());
    }

    #[test]
    fn every_built_in_form_analyses_to_words() {
        for line in BUILT_IN.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            for form in line.split('=') {
                assert!(!stems(form).is_empty(), "{form:?} has no searchable words");
            }
        }
    }
}
