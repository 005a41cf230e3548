//! Any other text, Markdown included: the title is the first level-one heading ("# …"), or else
//! the first non-empty line; everything else is the body, one [`SectionKind::Other`] section.
//!
//! Markup that would reach the index as noise is stripped lightly, line by line: heading marks,
//! list bullets, blockquote marks, emphasis, backslash escapes, table pipes and rules, and link
//! targets (`[text](url)` keeps `text`). Words are never dropped. A title that runs into
//! "Diarienummer: S2026/00062", as government assignments often do, is cut there and the
//! diarienummer opens the body. YAML front matter is skipped, its `title:` used when present.

use super::{text, Document, Format, Parsed, Section, SectionKind};

/// Parses any text. Never fails; an empty text gives an empty document and a warning.
pub(super) fn parse(text: &str) -> Parsed {
    let lines = text::lines(text);
    let mut doc = Document { format: Some(Format::Plain), ..Document::default() };
    let mut warnings = Vec::new();

    let (front_title, front_date, body_from) = front_matter(&lines);
    doc.date = front_date.map(str::to_string);
    let lines = &lines[body_from..];
    let title_at = match front_title {
        Some(_) => None,
        None => lines
            .iter()
            .position(|line| heading_level(line) == Some(1) && !strip_line(line).is_empty())
            .or_else(|| lines.iter().position(|line| !strip_line(line).trim().is_empty())),
    };

    let mut title = front_title.map(strip_line).unwrap_or_default();
    let mut skip = Vec::new();
    if let Some(at) = title_at {
        title = strip_line(lines[at]);
        skip.push(at);
        // A setext underline belongs to the title.
        if lines.get(at + 1).is_some_and(|line| is_underline(line)) {
            skip.push(at + 1);
        }
    }
    let mut title = text::squeeze(&title);
    let mut body_lines: Vec<String> = Vec::new();
    if let Some(at) = title.find("Diarienummer:").filter(|at| *at > 0) {
        body_lines.push(text::squeeze(&title[at..]));
        title = title[..at].trim_end().to_string();
    }
    body_lines.extend(
        lines
            .iter()
            .enumerate()
            .filter(|(i, line)| !skip.contains(i) && !is_rule(line))
            .map(|(_, line)| strip_line(line)),
    );

    doc.title = title;
    let body = text::join(body_lines.iter().map(String::as_str));
    if !body.is_empty() {
        doc.sections.push(Section { kind: SectionKind::Other, heading: String::new(), text: body });
    }
    if doc.title.is_empty() && doc.sections.is_empty() {
        warnings.push("no text".to_string());
    }
    Parsed { doc, warnings }
}

/// `title:` and `date:` of a leading `---` … `---` block, and the index of the first line
/// after the block.
fn front_matter<'a>(lines: &[&'a str]) -> (Option<&'a str>, Option<&'a str>, usize) {
    if lines.first().map(|line| line.trim_end()) != Some("---") {
        return (None, None, 0);
    }
    let Some(close) = lines.iter().skip(1).take(100).position(|line| {
        let line = line.trim_end();
        line == "---" || line == "..."
    }) else {
        return (None, None, 0);
    };
    let block = &lines[1..close + 1];
    let value = |key: &str| {
        block.iter().find_map(|line| {
            let value = line.strip_prefix(key)?.trim();
            Some(value.trim_matches(|c| c == '"' || c == '\''))
        })
    };
    let (title, date) = (value("title:"), value("date:"));
    (title.filter(|title| !title.is_empty()), date.filter(|date| !date.is_empty()), close + 2)
}

/// The level of an ATX heading line ("## Syfte" → 2).
fn heading_level(line: &str) -> Option<usize> {
    let line = line.trim_start();
    let level = line.bytes().take_while(|b| *b == b'#').count();
    let rest = &line[level..];
    ((1..=6).contains(&level) && (rest.is_empty() || rest.starts_with([' ', '\t'])))
        .then_some(level)
}

fn is_underline(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && (line.bytes().all(|b| b == b'=') || line.bytes().all(|b| b == b'-'))
}

/// A thematic break or a table separator row: markup only.
/// Asked of every line of every plain document, so it decides on the first character where it
/// can and allocates nothing (collecting the line without its spaces first was a twelfth of
/// the reading thread's time in a g0vse build).
fn is_rule(line: &str) -> bool {
    let line = line.trim();
    let mut marks = line.chars().filter(|c| !c.is_whitespace());
    match marks.next() {
        Some(mark @ ('-' | '*' | '_')) => {
            let mut count = 1;
            for c in marks {
                if c != mark {
                    return false;
                }
                count += 1;
            }
            count >= 3
        }
        Some('|') => {
            let mut dash = false;
            for c in marks {
                match c {
                    '-' => dash = true,
                    '|' | ':' => {}
                    _ => return false,
                }
            }
            dash
        }
        _ => false,
    }
}

/// One line without its block markup (heading marks, quote marks, bullets, table pipes) and
/// inline markup.
fn strip_line(line: &str) -> String {
    let mut rest = line.trim_start();
    while let Some(quoted) = rest.strip_prefix('>') {
        rest = quoted.trim_start();
    }
    if let Some(level) = heading_level(rest) {
        rest = rest[level..].trim();
        // Closing hashes: "## Syfte ##".
        let closed = rest.trim_end_matches('#');
        if closed.len() < rest.len() && (closed.is_empty() || closed.ends_with(' ')) {
            rest = closed.trim_end();
        }
    }
    for bullet in ["* ", "+ ", "- "] {
        if let Some(item) = rest.strip_prefix(bullet) {
            rest = item.trim_start();
            break;
        }
    }
    if rest.starts_with('|') {
        let cells: Vec<String> = rest
            .trim_matches('|')
            .split('|')
            .map(|cell| inline(cell.trim()))
            .filter(|cell| !cell.is_empty())
            .collect();
        return cells.join(" ");
    }
    inline(rest)
}

/// Removes inline markup: emphasis marks, link and image targets, backslash escapes.
fn inline(line: &str) -> String {
    if !line.contains(['\\', '!', '[', '*', '_']) {
        return line.to_string();
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(char::is_ascii_punctuation) => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '!' if chars.get(i + 1) == Some(&'[') => i += 1,
            '[' => match link_end(&chars, i) {
                Some((text_end, after)) => {
                    out.push_str(&inline(&chars[i + 1..text_end].iter().collect::<String>()));
                    i = after;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '*' | '_' => {
                let run = chars[i..].iter().take_while(|d| **d == c).count();
                let before = i.checked_sub(1).map(|k| chars[k]);
                let after = chars.get(i + run).copied();
                let opens = before.is_none_or(|b| !b.is_alphanumeric())
                    && after.is_some_and(|a| !a.is_whitespace());
                let closes = before.is_some_and(|b| !b.is_whitespace())
                    && after.is_none_or(|a| !a.is_alphanumeric());
                if run > 3 || !(opens || closes) {
                    chars[i..i + run].iter().for_each(|d| out.push(*d));
                }
                i += run;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// For a `[` at `open`: the index of its `]` and the index after the `(…)` target that must
/// follow it directly. Quoted link titles may hold parentheses.
fn link_end(chars: &[char], open: usize) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut close = None;
    for (k, c) in chars.iter().enumerate().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(k);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let (mut depth, mut quoted) = (0, false);
    for (k, c) in chars.iter().enumerate().skip(close + 1) {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    return Some((close, k + 1));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title_and_body(text: &str) -> (String, Option<String>) {
        let doc = parse(text).doc;
        assert_eq!(doc.format, Some(Format::Plain));
        (doc.title.clone(), doc.section(SectionKind::Other).map(str::to_string))
    }

    #[test]
    fn rules_are_thematic_breaks_and_table_separator_rows() {
        for rule in ["---", " - - - ", "***", "___", "-----", "|---|---|", "| :-- | --: |", "|-"] {
            assert!(is_rule(rule), "{rule:?}");
        }
        for line in ["--", "-*-", "- a -", "|", "| a | b |", "|:|", "--- text", "", "   ", "—"] {
            assert!(!is_rule(line), "{line:?}");
        }
    }

    #[test]
    fn title_from_the_first_level_one_heading() {
        let text = "Utkast\n\n# Uppdrag om tolkning\n\nRegeringen uppdrar åt Kammarkollegiet.\n\n## Bakgrund\n\nText.";
        let (title, body) = title_and_body(text);
        assert_eq!(title, "Uppdrag om tolkning");
        assert_eq!(
            body.as_deref(),
            Some("Utkast\n\nRegeringen uppdrar åt Kammarkollegiet.\n\nBakgrund\n\nText.")
        );
    }

    #[test]
    fn title_from_the_first_line_without_a_heading() {
        let (title, body) = title_and_body("\n  Minnesanteckningar  \nrad ett\n\nrad två\n");
        assert_eq!(title, "Minnesanteckningar");
        assert_eq!(body.as_deref(), Some("rad ett\n\nrad två"));
        // A lower heading first is still the first line.
        let (title, _) = title_and_body("## Innehåll\ntext");
        assert_eq!(title, "Innehåll");
        let (title, body) = title_and_body("Rubrik\n======\n\ntext");
        assert_eq!((title.as_str(), body.as_deref()), ("Rubrik", Some("text")));
    }

    #[test]
    fn diarienummer_is_cut_off_the_title() {
        let text = "# Uppdrag till Socialstyrelsen att genomföra insatser i linje med den nationella \
                    cancerstrateginDiarienummer:  S2026/00062\n\nRegeringen uppdrar åt Socialstyrelsen.";
        let (title, body) = title_and_body(text);
        assert_eq!(
            title,
            "Uppdrag till Socialstyrelsen att genomföra insatser i linje med den nationella \
             cancerstrategin"
        );
        assert_eq!(
            body.as_deref(),
            Some("Diarienummer: S2026/00062\n\nRegeringen uppdrar åt Socialstyrelsen.")
        );
        // A title that is nothing but the diarienummer stays.
        assert_eq!(title_and_body("# Diarienummer: S1").0, "Diarienummer: S1");
    }

    #[test]
    fn markup_is_stripped_lightly() {
        let text = "# **Titel** med _betoning_\n\
                    **Bakgrund**\n\
                    * stärka och utveckla,\n\
                    \x20 + Ny planskild spårkorsning\n\
                    - punkt\n\
                    1. Förbereda ett pilotprojekt.\n\
                    >> Citat med *betoning*.\n\
                    Se [(S2021/08239)](/regeringsuppdrag/2021/12/a/ \"Uppdrag (vaccin)\") och ![](/bild.png).\n\
                    Pressmeddelande: [Planen mot könsstympning](/press/2018/06/plan/)\n\
                    Tillväxtverket\\_att, dnr N2012/5930/ITP\\*, \\* inte punkt\n\
                    snake_case, 5 * 3, ___ och [1]\n\
                    \n\
                    |  |  |\n\
                    | --- | --- |\n\
                    | **Fond** | Miljoner SEK |\n\
                    | GCF | 8 000 |\n\
                    ---\n\
                    ## Slut ##";
        let (title, body) = title_and_body(text);
        assert_eq!(title, "Titel med betoning");
        assert_eq!(
            body.as_deref(),
            Some(
                "Bakgrund\n\
                 stärka och utveckla,\n\
                 Ny planskild spårkorsning\n\
                 punkt\n\
                 1. Förbereda ett pilotprojekt.\n\
                 Citat med betoning.\n\
                 Se (S2021/08239) och .\n\
                 Pressmeddelande: Planen mot könsstympning\n\
                 Tillväxtverket_att, dnr N2012/5930/ITP*, * inte punkt\n\
                 snake_case, 5 * 3, ___ och [1]\n\
                 \n\
                 Fond Miljoner SEK\n\
                 GCF 8 000\n\
                 Slut"
            )
        );
    }

    #[test]
    fn front_matter() {
        let (title, body) =
            title_and_body("---\ntitle: \"Från YAML\"\ndate: 2024\n---\n# Rubrik\ntext");
        assert_eq!((title.as_str(), body.as_deref()), ("Från YAML", Some("Rubrik\ntext")));
        let (title, _) = title_and_body("---\ndate: 2024\n---\n# Rubrik\ntext");
        assert_eq!(title, "Rubrik");
        // An unclosed block is text.
        assert_eq!(title_and_body("---\nlösryckt").0, "---");
    }

    #[test]
    fn a_front_matter_date_dates_a_document_without_a_period() {
        let mut doc = parse("---\ndate: \"2024-03-01\"\n---\n# Rubrik\ntext").doc;
        assert_eq!(doc.date.as_deref(), Some("2024-03-01"));
        doc.path = "arkiv/2019/ett.md".to_string();
        // The front matter goes before the folder.
        assert_eq!(doc.counted_years(), Some((2024, 2024)));
        doc.date = Some("i våras".to_string());
        assert_eq!(doc.counted_years(), Some((2019, 2019)));
        doc.period_start = Some("2016-01-01".to_string());
        doc.period_end = Some("2018-06-30".to_string());
        assert_eq!(doc.counted_years(), Some((2016, 2018)));
        assert_eq!(parse("# Rubrik\ntext").doc.counted_years(), None);
        assert_eq!(super::super::date_year("2024-03-01T10:00"), Some(2024));
        assert_eq!(super::super::date_year("20240"), None);
    }

    #[test]
    fn empty_text() {
        for text in ["", "\n \n", "#", "---\n---\n"] {
            let parsed = parse(text);
            assert_eq!(parsed.doc.title, "", "{text:?}");
            assert!(parsed.doc.sections.is_empty());
            assert_eq!(parsed.warnings, ["no text"]);
        }
        assert_eq!(title_and_body("#\n# \n# Riktig").0, "Riktig");
    }

    /// Parses every `.md` and `.txt` file under `PROJSOK_CORPUS_DIR` (for instance the g0vse
    /// corpus): `PROJSOK_CORPUS_DIR=… cargo test --release --lib corpus -- --ignored`.
    #[test]
    #[ignore = "needs PROJSOK_CORPUS_DIR"]
    fn corpus_parses_with_titles() {
        let Ok(root) = std::env::var("PROJSOK_CORPUS_DIR") else { return };
        let mut stack = vec![std::path::PathBuf::from(root)];
        let mut seen = 0;
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).unwrap().map(|entry| entry.unwrap().path()));
                continue;
            }
            if !path.extension().is_some_and(|ext| ext == "md" || ext == "txt") {
                continue;
            }
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            let doc = crate::document::parse(&path.to_string_lossy(), &text).doc;
            if !text.trim().is_empty() {
                assert!(!doc.title.is_empty(), "no title for {}", path.display());
            }
            assert!(!doc.title.contains("Diarienummer:") || doc.title.starts_with("Diarienummer:"));
            seen += 1;
        }
        eprintln!("{seen} files parsed");
    }
}
