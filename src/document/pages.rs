//! The pages of a printed document turned back into running text: the header and footer repeated
//! on every page are dropped, and a sentence or word that a page break or a line break cut is
//! put together again.
//!
//! A hyphen before a break followed by a word in lower case is read from the lexicon (see
//! [`hyphenation`]): a broken word is rejoined ("utvecklingsar-" + "betet"), a suspended
//! compound keeps its hyphen and a space ("arbetsmarknads- och utbildningsfrågor"), a hyphen the
//! word has keeps it without one ("sfi-undervisningen"), as after a capital or a digit ("EU-" +
//! "projekt"). A page that ends inside a sentence runs on into the next page with a space
//! instead of a paragraph break.
//!
//! ```text
//! ["Det fortsatta utvecklingsar-", "betet tas till vara."] → "Det fortsatta utvecklingsarbetet tas till vara."
//! ```

use super::hyphenation::{self, suspends, Hyphen};

/// U+00AD, the hyphen a word processor shows only where it breaks a line.
const SOFT_HYPHEN: char = '\u{ad}';

/// Fewest pages that must repeat a header or footer before it is taken as one.
const MIN_REPEATS: usize = 3;

/// Joins `pages` (each a page's lines, joined with `\n`, see [`without_running_lines`]) into
/// running text.
pub(super) fn join(pages: &[String]) -> String {
    let mut out = String::new();
    for page in pages {
        let page = join_lines(page);
        if page.is_empty() {
            continue;
        }
        if out.is_empty() {
            out = page;
        } else {
            out = glue(out, &page, "\n\n");
        }
    }
    out
}

/// The lines of one page as running text: a word broken at a line end is rejoined.
pub(super) fn join_lines(page: &str) -> String {
    let mut out = String::new();
    for line in page.split('\n').map(str::trim).filter(|line| !line.is_empty()) {
        out = if out.is_empty() { line.to_string() } else { glue(out, line, "\n") };
    }
    out
}

/// `before` followed by `after`, separated by `separator` unless the break cut a word or a
/// sentence. A page break (`"\n\n"`) inside a sentence becomes a space.
fn glue(mut before: String, after: &str, separator: &str) -> String {
    let next_word = after.split_whitespace().next().unwrap_or_default();
    let continues = next_word.chars().next().is_some_and(char::is_lowercase);
    // A soft hyphen only ever marks where a word may break, so a part ending in one is cut
    // mid-word whatever follows; left in, it splits the word for every reader of the text.
    if let Some(stem) = before.strip_suffix(SOFT_HYPHEN) {
        before.truncate(stem.len());
        before.push_str(after);
        return before;
    }
    if let Some(stem) = before.strip_suffix('-') {
        let lower = stem.chars().next_back().is_some_and(|c| c.is_alphabetic() && c.is_lowercase());
        if continues && lower {
            let part = stem.rsplit(char::is_whitespace).next().unwrap_or_default();
            match hyphenation::at_break(part, next_word) {
                Hyphen::Broken => {
                    before.pop();
                    before.push_str(after);
                    return before;
                }
                Hyphen::Written => {
                    before.push_str(after);
                    return before;
                }
                Hyphen::Suspended => {}
            }
        }
        let glued =
            stem.chars().next_back().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        if continues && glued {
            before.push_str(after);
            return before;
        }
    }
    if before.ends_with('-') && suspends(next_word) {
        before.push(' ');
        before.push_str(after);
        return before;
    }
    let sentence_ends = before.ends_with(['.', '!', '?', ':']);
    before.push_str(if separator != "\n" && continues && !sentence_ends { " " } else { separator });
    before.push_str(after);
    before
}

/// `pages` without the words that begin (a header) or end (a footer) most of them alike, page
/// numbers aside: "Slutrapport Brobygget sid 2 av 9 …" on every page loses
/// "Slutrapport Brobygget sid # av #".
pub(super) fn without_running_lines(pages: &[String]) -> Vec<String> {
    let words: Vec<Vec<&str>> =
        pages.iter().map(|page| page.split_whitespace().collect()).collect();
    let threshold = MIN_REPEATS.max(pages.len().div_ceil(2) + 1);
    if pages.len() < threshold {
        return pages.to_vec();
    }
    let header = running(&words, threshold, true);
    let footer = running(&words, threshold, false);
    pages
        .iter()
        .zip(&words)
        .map(|(page, page_words)| {
            let starts = header.as_ref().is_some_and(|run| masked_eq(page_words, run, true));
            let ends = footer.as_ref().is_some_and(|run| masked_eq(page_words, run, false));
            if !starts && !ends {
                return page.clone();
            }
            let from = if starts { header.as_ref().map_or(0, Vec::len) } else { 0 };
            let to = page_words.len() - if ends { footer.as_ref().map_or(0, Vec::len) } else { 0 };
            cut(page, from, to.max(from))
        })
        .collect()
}

/// The longest run of words (digits masked) that starts (or ends) at least `threshold` pages,
/// and as many as the shorter runs: pages whose last lines read alike ("… har text. Sida 4
/// (12)") must not make the footer one that the other pages lack.
fn running(pages: &[Vec<&str>], threshold: usize, at_start: bool) -> Option<Vec<String>> {
    let mut found: Option<Vec<String>> = None;
    let mut found_on = 0;
    let mut n = 0;
    loop {
        n += 1;
        let mut counts: std::collections::HashMap<Vec<String>, usize> = Default::default();
        for page in pages {
            // A page that is nothing but the run is no evidence: it may be a title page.
            if let Some(run) = edge(page, n, at_start).filter(|_| page.len() > n) {
                *counts.entry(run.iter().map(|word| mask(word)).collect()).or_default() += 1;
            }
        }
        let best = counts.into_iter().filter(|(_, count)| *count >= threshold);
        match best.max_by_key(|(_, count)| *count) {
            Some((run, count)) if found.is_none() || count >= found_on => {
                found = Some(run);
                found_on = count;
            }
            _ => return found,
        }
    }
}

/// The first (or last) `n` words of `page`.
fn edge<'p, 'a>(page: &'p [&'a str], n: usize, at_start: bool) -> Option<&'p [&'a str]> {
    if at_start {
        page.get(..n)
    } else {
        page.len().checked_sub(n).map(|from| &page[from..])
    }
}

/// Whether `page` starts (or ends) with the masked `run`.
fn masked_eq(page: &[&str], run: &[String], at_start: bool) -> bool {
    if page.len() <= run.len() {
        return false;
    }
    let part = edge(page, run.len(), at_start).unwrap_or_default();
    part.iter().zip(run).all(|(word, masked)| mask(word) == *masked)
}

/// `word` with every run of digits replaced by one `#`, so "sid 3 av 12", "sid 4 av 12" and
/// "sid 10 av 12" match.
fn mask(word: &str) -> String {
    let mut masked = String::with_capacity(word.len());
    for c in word.chars() {
        if !c.is_ascii_digit() {
            masked.push(c);
        } else if !masked.ends_with('#') {
            masked.push('#');
        }
    }
    masked
}

/// The words `from..to` of `page` with the page's own line breaks between them.
fn cut(page: &str, from: usize, to: usize) -> String {
    let mut kept = Vec::new();
    let mut index = 0;
    for line in page.split('\n') {
        let words: Vec<&str> = line
            .split_whitespace()
            .enumerate()
            .filter(|(at, _)| (from..to).contains(&(index + at)))
            .map(|(_, word)| word)
            .collect();
        index += line.split_whitespace().count();
        if !words.is_empty() {
            kept.push(words.join(" "));
        }
    }
    kept.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|text| text.to_string()).collect()
    }

    #[test]
    fn a_word_broken_at_a_page_break_is_rejoined() {
        assert_eq!(
            join(&pages(&["i det fortsatta utvecklingsar-", "betet och läggas"])),
            "i det fortsatta utvecklingsarbetet och läggas"
        );
        assert_eq!(
            join(&pages(&["Ord med radbryt-\nning inne.", "Nästa sida."])),
            "Ord med radbrytning inne.\n\nNästa sida."
        );
    }

    #[test]
    fn suspended_compounds_keep_their_hyphen() {
        for (pages_text, expected) in [
            (["arbetsmarknads-", "och utbildningsfrågor"], "arbetsmarknads- och utbildningsfrågor"),
            (["sfi-", "undervisningen"], "sfi-undervisningen"),
            (["läs-", "eller skrivsvårigheter"], "läs- eller skrivsvårigheter"),
            (["EU-", "projekt"], "EU-projekt"),
            (["2014-", "talet"], "2014-talet"),
            (["Slut-", "Rapport"], "Slut-\n\nRapport"),
        ] {
            assert_eq!(join(&pages(&pages_text)), expected);
        }
        assert_eq!(join(&pages(&["samhälls-\noch arbetsliv"])), "samhälls- och arbetsliv");
    }

    #[test]
    fn a_sentence_runs_across_a_page_break() {
        assert_eq!(join(&pages(&["ska vara", "självförsörjande."])), "ska vara självförsörjande.");
        assert_eq!(join(&pages(&["Slut.", "ny mening"])), "Slut.\n\nny mening");
        assert_eq!(join(&pages(&["Rubrik", "Text."])), "Rubrik\n\nText.");
        // A line break inside a page stays a line break.
        assert_eq!(join(&pages(&["rad ett\nrad två"])), "rad ett\nrad två");
        assert_eq!(join(&pages(&["", "  ", "a"])), "a");
    }

    #[test]
    fn running_headers_and_footers_are_removed() {
        let bodies = ["Ett projekt.", "Två mål.", "Tre deltagare", "fick arbete."];
        let texts: Vec<String> = (1..=4)
            .zip(bodies)
            .map(|(n, body)| format!("Slutrapport Brobygget\n{body}\nsid {n} av 4"))
            .collect();
        let clean = |texts: &[String]| join(&without_running_lines(texts));
        assert_eq!(clean(&texts), "Ett projekt.\n\nTvå mål.\n\nTre deltagare fick arbete.");
        // Two pages of four are no running header.
        let texts = pages(&["Alfa beta ett.", "Alfa beta två.", "Gamma.", "Delta."]);
        assert_eq!(clean(&texts), "Alfa beta ett.\n\nAlfa beta två.\n\nGamma.\n\nDelta.");
        // A page that is only the header keeps it.
        let texts = pages(&["Rapport", "Rapport A.", "Rapport B.", "Rapport C."]);
        assert_eq!(clean(&texts), "Rapport\n\nA.\n\nB.\n\nC.");
    }

    #[test]
    fn a_soft_hyphen_at_a_break_is_dropped_and_the_word_rejoined() {
        assert_eq!(
            join(&pages(&["i det fortsatta utvecklingsar\u{ad}", "betet och läggas"])),
            "i det fortsatta utvecklingsarbetet och läggas"
        );
        assert_eq!(join(&pages(&["Ord med radbryt\u{ad}\nning."])), "Ord med radbrytning.");
    }

    #[test]
    fn a_footer_with_two_digit_page_numbers_is_removed() {
        let texts: Vec<String> = (1..=12)
            .map(|n| match n {
                9 => "Det fortsatta utvecklingsar-\nSida 9 (12)".to_string(),
                10 => "betet tas till vara.\nSida 10 (12)".to_string(),
                n => format!("Sidan {n} har text.\nSida {n} (12)"),
            })
            .collect();
        let text = join(&without_running_lines(&texts));
        assert!(!text.contains("Sida"), "{text}");
        assert_eq!(text.matches("Det fortsatta utvecklingsarbetet tas till vara.").count(), 1);
        assert_eq!(mask("10"), mask("3"));
        assert_eq!(mask("(12)"), "(#)");
    }

    #[test]
    fn never_panics() {
        for texts in
            [vec![], vec!["-"], vec!["-", "-"], vec!["a-", "", "b"], vec!["1 2", "1 2", "1 2"]]
        {
            join(&pages(&texts));
        }
    }
}
