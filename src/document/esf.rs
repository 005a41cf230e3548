//! ESF project pages: page furniture, a title line, a header of labels glued to their values
//! ("ProjektfasFörprojektering", "Projektägaresaknas"), sections under whole-line headings and
//! bullet lists of cofinanciers, partners, participants and kommuner.
//!
//! A page is recognised by its header: at least [`MIN_LABELS`] different labels on neighbouring
//! lines. Labels may come in any order; "saknas" means the value is missing. Only known ESF
//! headings standing alone on a line start a section ([`HEADINGS`]); every other line, however
//! short or shouting ("ORSAKER", "DEL A: PROCESSEN"), is text of the section it stands in.
//! "Regionala prioriteringar" is a real ESF heading without a [`SectionKind`] of its own: it
//! starts a [`SectionKind::Other`] section that keeps its heading, so that its text does not
//! swell the section before it. A section that appears twice is kept once with both texts
//! joined; a section whose only text is "Inga uppgifter." is left out. List items are kept as
//! listed, duplicates included ("Barn och utbildningsförvaltningen" three times stands for three
//! different administrations).

use super::{text, values, Document, Format, Parsed, Section, SectionKind};

/// How many different header labels make a page an ESF project page.
const MIN_LABELS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Program,
    Phase,
    Owner,
    Contact,
    Email,
    Phone,
    Grant,
    Budget,
    Period,
    Region,
}

/// The header labels as printed, in page order.
const LABELS: [(&str, Field); 10] = [
    ("Programområde", Field::Program),
    ("Projektfas", Field::Phase),
    ("Projektägare", Field::Owner),
    ("Kontaktperson", Field::Contact),
    ("E-post", Field::Email),
    ("Telefonnummer", Field::Phone),
    ("Beviljat ESF-stöd", Field::Grant),
    ("Total projektbudget", Field::Budget),
    ("Projektperiod", Field::Period),
    ("Region", Field::Region),
];

fn label(field: Field) -> &'static str {
    LABELS.iter().find(|(_, f)| *f == field).map_or("", |(label, _)| label)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Cofinanciers,
    Partners,
    Participants,
    Kommuner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Heading {
    Section(SectionKind),
    List(List),
    /// Text between the header and the first heading.
    Untitled,
}

/// Every heading an ESF page is known to use. A line is a heading only if it equals one of
/// these exactly (surrounding spaces aside).
const HEADINGS: [(&str, Heading); 15] = [
    ("Sammanfattning", Heading::Section(SectionKind::Summary)),
    ("Bakgrund", Heading::Section(SectionKind::Background)),
    ("Syfte", Heading::Section(SectionKind::Purpose)),
    ("Målsättning", Heading::Section(SectionKind::Goal)),
    (
        "Tillgänglighet för personer med funktionsnedsättning",
        Heading::Section(SectionKind::Accessibility),
    ),
    // The older wording of the same heading.
    (
        "Tillgänglighet för personer med funktionshinder",
        Heading::Section(SectionKind::Accessibility),
    ),
    ("Jämställdhetsintegrering", Heading::Section(SectionKind::Equality)),
    ("Transnationellt samarbete", Heading::Section(SectionKind::Transnational)),
    ("Regionala prioriteringar", Heading::Section(SectionKind::Other)),
    ("Medfinansiärer", Heading::List(List::Cofinanciers)),
    ("Samarbetspartners", Heading::List(List::Partners)),
    ("Deltagande aktörer", Heading::List(List::Participants)),
    ("Deltagande aktör", Heading::List(List::Participants)),
    ("Kommun", Heading::List(List::Kommuner)),
    ("Kommuner", Heading::List(List::Kommuner)),
];

fn heading(line: &str) -> Option<(&'static str, Heading)> {
    let line = line.trim();
    HEADINGS.iter().find(|(text, _)| *text == line).copied()
}

/// Lines of the page itself, not of the project: printing logo, close button, language switch,
/// "Text rymdes ej,…" overflow notes.
fn is_furniture(line: &str) -> bool {
    let line = line.trim();
    matches!(
        line,
        "Logotyp på utskrifter" | "Stäng" | "Mer information och anmälan." | "In English"
    ) || line.starts_with("Text rymdes ej")
}

/// Event banners above the title, such as "3 december - Webbinarium om fattigdom i dagens
/// Sverige".
fn is_banner(line: &str) -> bool {
    let Some((day, rest)) = line.trim().split_once(' ') else {
        return false;
    };
    let day_ok = (1..=2).contains(&day.len()) && day.bytes().all(|b| b.is_ascii_digit());
    day_ok
        && crate::text::MONTHS.iter().any(|month| {
            rest.strip_prefix(month).is_some_and(|rest| {
                let rest = rest.trim_start();
                rest.starts_with("- ") || rest.starts_with("– ")
            })
        })
}

/// Whether `text` is an ESF project page.
pub(super) fn looks_like(text: &str) -> bool {
    find_header(&text::lines(text)).is_some_and(|header| header.distinct() >= MIN_LABELS)
}

/// A header line split into its field and value.
///
/// A label glued to lowercase letters is prose ("Regionen växer", "Regionala prioriteringar",
/// "Projektfasen", "ESF-stödet") when the letters are a Swedish ending, or when the field holds
/// a name, whose value starts with a capital; "saknas" and e-mail addresses are values.
fn header_line(line: &str) -> Option<(Field, &str)> {
    const ENDINGS: [&str; 20] = [
        "a", "e", "n", "t", "s", "en", "et", "er", "na", "ns", "ts", "ar", "al", "ala", "alt",
        "ens", "ets", "erna", "ernas", "arna",
    ];
    let line = line.trim();
    LABELS.iter().find_map(|(label, field)| {
        let rest = line.strip_prefix(label)?;
        let ending: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        let names = matches!(
            field,
            Field::Program | Field::Phase | Field::Owner | Field::Contact | Field::Region
        );
        let prose = rest.starts_with(char::is_lowercase)
            && !rest.starts_with("saknas")
            && !(*field == Field::Email && rest.contains('@'))
            && (names || ENDINGS.contains(&ending.as_str()));
        if prose {
            return None;
        }
        Some((*field, rest.trim().trim_start_matches(':').trim()))
    })
}

struct Header {
    /// Line index of the first header line.
    start: usize,
    /// Line index after the last header line.
    end: usize,
    entries: Vec<(Field, String)>,
}

impl Header {
    fn distinct(&self) -> usize {
        let mut fields: Vec<Field> = self.entries.iter().map(|(field, _)| *field).collect();
        fields.sort_by_key(|field| *field as u8);
        fields.dedup();
        fields.len()
    }
}

/// The first run of header lines with enough different labels, or else the run with the most.
fn find_header(lines: &[&str]) -> Option<Header> {
    let mut best: Option<Header> = None;
    let mut i = 0;
    while i < lines.len() {
        if header_line(lines[i]).is_none() || is_region_title(lines, i) {
            i += 1;
            continue;
        }
        let header = read_header(lines, i);
        i = header.end;
        if header.distinct() >= MIN_LABELS {
            return Some(header);
        }
        if best.as_ref().is_none_or(|best| header.distinct() > best.distinct()) {
            best = Some(header);
        }
    }
    best
}

/// Whether line `i`, which reads as a Region line, is the page's title: "Region Skånes
/// strategiska arbete" above "ProgramområdeProgramområde 2". A page glues its labels to their
/// values and ends its header with Region, so a Region line with a space after the label and
/// more labels below it starts no header.
fn is_region_title(lines: &[&str], i: usize) -> bool {
    let line = lines[i].trim();
    let spaced =
        line.strip_prefix("Region").is_some_and(|rest| rest.starts_with(char::is_whitespace));
    let next = lines[i + 1..].iter().find(|line| !line.trim().is_empty());
    spaced && next.is_some_and(|next| header_line(next).is_some())
}

/// Reads header lines from `start`, which holds a label. Blank lines are skipped; an unlabelled
/// line directly below a value and followed by another label continues that value (a wrapped
/// owner name); anything else ends the header.
fn read_header(lines: &[&str], start: usize) -> Header {
    let mut entries: Vec<(Field, String)> = Vec::new();
    let (mut end, mut i) = (start, start);
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() {
            i += 1;
            continue;
        }
        if let Some((field, value)) = header_line(line) {
            entries.push((field, value.to_string()));
            i += 1;
            end = i;
            continue;
        }
        let after_value = i == end;
        let next = lines[i + 1..].iter().find(|line| !line.trim().is_empty());
        let continues = after_value
            && heading(line).is_none()
            && !is_furniture(line)
            && next.is_some_and(|next| header_line(next).is_some());
        match entries.last_mut() {
            Some((_, value)) if continues => {
                value.push(' ');
                value.push_str(line.trim());
                i += 1;
                end = i;
            }
            _ => break,
        }
    }
    Header { start, end, entries }
}

/// Parses an ESF project page. Never fails: what cannot be read is left `None` and reported.
pub(super) fn parse(text: &str) -> Parsed {
    let lines = text::lines(text);
    let mut doc = Document { format: Some(Format::Esf), ..Document::default() };
    let mut warnings = Vec::new();

    let body_start = match find_header(&lines) {
        Some(header) => {
            match title_before(&lines[..header.start]) {
                Some(title) => doc.title = text::squeeze(title),
                None => warnings.push("title: no title line above the header".to_string()),
            }
            read_fields(&header, &mut doc, &mut warnings);
            header.end
        }
        None => {
            warnings.push("header: no Programområde, Projektfas, … labels found".to_string());
            let title =
                lines.iter().position(|line| !line.trim().is_empty() && !is_furniture(line));
            if let Some(at) = title {
                doc.title = text::squeeze(lines[at]);
            }
            title.map_or(lines.len(), |at| at + 1)
        }
    };
    read_body(&lines[body_start..], &mut doc, &mut warnings);
    Parsed { doc, warnings }
}

/// The title is the last line above the header that is not page furniture.
fn title_before<'a>(lines: &[&'a str]) -> Option<&'a str> {
    lines
        .iter()
        .rev()
        .copied()
        .find(|line| !line.trim().is_empty() && !is_furniture(line) && !is_banner(line))
}

fn read_fields(header: &Header, doc: &mut Document, warnings: &mut Vec<String>) {
    let mut seen: Vec<(Field, &str)> = Vec::new();
    for (field, value) in &header.entries {
        let (field, value) = (*field, value.as_str());
        let label = label(field);
        if let Some((_, first)) = seen.iter().find(|(seen, _)| *seen == field) {
            warnings.push(format!(
                "{label}: appears twice in the header; the first value \"{first}\" is kept"
            ));
            continue;
        }
        seen.push((field, value));
        if value.is_empty() {
            warnings.push(format!("{label}: no value"));
            continue;
        }
        if value.split_whitespace().all(|word| word.eq_ignore_ascii_case("saknas")) {
            continue;
        }
        // "Gävle  kommun" and "Gävle kommun" are one owner, one facet value.
        let value_string = Some(text::squeeze(value));
        match field {
            Field::Program => doc.program = value_string,
            Field::Phase => doc.phase = Some(read_phase(value, doc, warnings)),
            Field::Owner => doc.owner = value_string,
            Field::Contact => doc.contact = value_string,
            Field::Email => {
                if !value.contains('@') {
                    warnings.push(format!("{label}: \"{value}\" is not an e-mail address"));
                }
                doc.email = value_string;
            }
            Field::Phone => doc.phone = value_string,
            Field::Grant => doc.esf_grant_sek = amount(label, value, warnings),
            Field::Budget => doc.total_budget_sek = amount(label, value, warnings),
            Field::Period => read_period(value, doc, warnings),
            Field::Region => doc.region = value_string,
        }
    }
    for (label, field) in LABELS {
        if !seen.iter().any(|(seen, _)| *seen == field) {
            warnings.push(format!("{label}: missing from the header"));
        }
    }
}

/// The canonical name of a Projektfas written "Genomförandefas" or "förstudie"; a value that
/// names no phase is kept as written, with a warning.
fn read_phase(value: &str, doc: &mut Document, warnings: &mut Vec<String>) -> String {
    match values::phase(value) {
        Some(phase) => {
            if phase != value {
                doc.keep_as_written("phase", value);
            }
            phase.to_string()
        }
        None => {
            warnings.push(format!(
                "Projektfas: \"{value}\" is no known phase ({}); kept as written",
                values::PHASES.join(", ")
            ));
            value.to_string()
        }
    }
}

fn amount(label: &str, value: &str, warnings: &mut Vec<String>) -> Option<u64> {
    let amount = values::amount_sek(value);
    if amount.is_none() {
        warnings.push(format!("{label}: cannot read amount \"{value}\""));
    }
    amount
}

/// "2009-01-01 till 2009-06-30". A lone date is kept as the start, or as the end when "till"
/// stands before it.
fn read_period(value: &str, doc: &mut Document, warnings: &mut Vec<String>) {
    let label = label(Field::Period);
    let (dates, invalid) = values::iso_dates(value);
    for date in &invalid {
        warnings.push(format!("{label}: {date} is not a date"));
    }
    let year = |date: &str| date.get(..4).and_then(|year| year.parse::<u64>().ok());
    let (dates, implausible): (Vec<String>, Vec<String>) = dates
        .into_iter()
        .partition(|date| year(date).is_some_and(|year| super::PLAUSIBLE_YEARS.contains(&year)));
    for date in &implausible {
        let (from, to) = (super::PLAUSIBLE_YEARS.start(), super::PLAUSIBLE_YEARS.end());
        warnings.push(format!("{label}: {date} is not a year from {from} to {to}, left out"));
    }
    match dates.as_slice() {
        [] => warnings.push(format!("{label}: cannot read dates in \"{value}\"")),
        [date] => {
            let before = value.split(date.as_str()).next().unwrap_or_default();
            if before.to_lowercase().contains("till") {
                doc.period_end = Some(date.clone());
            } else {
                doc.period_start = Some(date.clone());
            }
            warnings.push(format!("{label}: only one date in \"{value}\""));
        }
        [start, end, rest @ ..] => {
            if start > end {
                warnings.push(format!("{label}: ends before it starts in \"{value}\""));
            }
            if !rest.is_empty() {
                warnings.push(format!("{label}: more than two dates in \"{value}\""));
            }
            doc.period_start = Some(start.clone());
            doc.period_end = Some(end.clone());
        }
    }
}

struct Block<'a> {
    heading: &'a str,
    kind: Heading,
    lines: Vec<&'a str>,
}

fn read_body(lines: &[&str], doc: &mut Document, warnings: &mut Vec<String>) {
    let mut blocks: Vec<Block> = Vec::new();
    for line in lines {
        if is_furniture(line) {
            continue;
        }
        if let Some((heading, kind)) = heading(line) {
            blocks.push(Block { heading, kind, lines: Vec::new() });
            continue;
        }
        match blocks.last_mut() {
            Some(block) => block.lines.push(line),
            None if line.trim().is_empty() => {}
            None => blocks.push(Block { heading: "", kind: Heading::Untitled, lines: vec![line] }),
        }
    }

    let has_summary = blocks.iter().any(|b| b.kind == Heading::Section(SectionKind::Summary));
    // How often each heading appeared, in page order, for the duplicate warnings.
    let mut counts: Vec<(&str, bool, usize)> = Vec::new();
    for block in blocks {
        let (heading, kind) = match block.kind {
            Heading::Untitled if !has_summary => {
                warnings.push(
                    "Sammanfattning: heading missing; the text above the first heading is taken \
                     as the summary"
                        .to_string(),
                );
                ("Sammanfattning", SectionKind::Summary)
            }
            Heading::Untitled => {
                warnings.push("text above the first heading kept as an untitled section".into());
                ("", SectionKind::Other)
            }
            Heading::List(list) => {
                let items = list_items(&block.lines);
                if items.is_empty() {
                    warnings.push(format!("{}: heading without items", block.heading));
                }
                count(&mut counts, block.heading, true);
                list_mut(doc, list).extend(items);
                continue;
            }
            Heading::Section(kind) => (block.heading, kind),
        };
        let body = text::join(block.lines.iter().copied());
        if is_placeholder(&body) {
            continue;
        }
        if body.is_empty() {
            warnings.push(format!("{heading}: heading without text"));
            continue;
        }
        count(&mut counts, heading, false);
        match doc.sections.iter_mut().find(|s| s.kind == kind && s.heading == heading) {
            Some(section) => {
                section.text.push_str("\n\n");
                section.text.push_str(&body);
            }
            None => doc.sections.push(Section { kind, heading: heading.to_string(), text: body }),
        }
    }
    for (heading, is_list, times) in counts {
        if times > 1 {
            let what = if is_list { "lists" } else { "texts" };
            warnings.push(format!("{heading}: appears {times} times; the {what} are joined"));
        }
    }
}

fn count<'a>(counts: &mut Vec<(&'a str, bool, usize)>, heading: &'a str, is_list: bool) {
    match counts.iter_mut().find(|(seen, _, _)| *seen == heading) {
        Some((_, _, times)) => *times += 1,
        None => counts.push((heading, is_list, 1)),
    }
}

/// Text that stands for "nothing here".
fn is_placeholder(text: &str) -> bool {
    matches!(text.trim(), "Inga uppgifter." | "Inga uppgifter" | "saknas")
}

fn list_mut(doc: &mut Document, list: List) -> &mut Vec<String> {
    match list {
        List::Cofinanciers => &mut doc.cofinanciers,
        List::Partners => &mut doc.partners,
        List::Participants => &mut doc.participants,
        List::Kommuner => &mut doc.kommuner,
    }
}

/// Items of a bullet list (" • item"). A line without a bullet directly below an item continues
/// it; in a list without bullets every line is an item.
fn list_items(lines: &[&str]) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    let mut in_item = false;
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            in_item = false;
            continue;
        }
        match strip_bullet(line) {
            Some("") => {}
            Some(item) => {
                items.push(item.to_string());
                in_item = true;
            }
            None => match items.last_mut() {
                Some(item) if in_item => {
                    item.push(' ');
                    item.push_str(line);
                }
                _ => items.push(line.to_string()),
            },
        }
    }
    items
}

fn strip_bullet(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix(['•', '·', '▪']) {
        return Some(rest.trim());
    }
    let rest = line.strip_prefix(['-', '–', '*'])?;
    rest.starts_with(char::is_whitespace).then(|| rest.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse as parse_any;

    const SEED_000: &str =
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/000_cea40166ddf3072c.txt"));
    const SEED_002: &str =
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/002_e2cf07384f130b54.txt"));
    const SEED_003: &str =
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/003_2b3fa1d7a6e76dce.txt"));
    const SEED_004: &str =
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/004_2c34cdba5d9fc759.txt"));

    /// Asserts a section's heading, length in characters and first and last words.
    #[track_caller]
    fn assert_section(
        section: &Section,
        kind: SectionKind,
        heading: &str,
        chars: usize,
        start: &str,
        end: &str,
    ) {
        assert_eq!((section.kind, section.heading.as_str()), (kind, heading));
        assert_eq!(section.text.chars().count(), chars, "length of {heading}");
        assert!(section.text.starts_with(start), "{heading} starts {:?}", &section.text[..80]);
        assert!(section.text.ends_with(end), "{heading} ends with {end:?}");
    }

    #[track_caller]
    fn assert_list(list: &[String], len: usize, first: &str, last: &str) {
        assert_eq!(list.len(), len, "{list:?}");
        assert_eq!((list[0].as_str(), list[len - 1].as_str()), (first, last));
    }

    #[test]
    fn seed_000() {
        let parsed = parse_any("seeds/000_cea40166ddf3072c.txt", SEED_000);
        assert_eq!(parsed.warnings, Vec::<String>::new());
        let doc = parsed.doc;
        assert_eq!(doc.path, "seeds/000_cea40166ddf3072c.txt");
        assert_eq!(doc.format, Some(Format::Esf));
        assert_eq!(doc.title, "N till N - från nyanländ till nyanställd");
        assert_eq!(doc.program.as_deref(), Some("Programområde 2 Ökat arbetskraftsutbud"));
        assert_eq!(doc.phase.as_deref(), Some("Förprojektering"));
        assert_eq!(doc.owner, None);
        assert_eq!(doc.contact.as_deref(), Some("Anna Viklund"));
        assert_eq!(doc.email.as_deref(), Some("anna.viklund@arbetsformedlingen.se"));
        assert_eq!(doc.phone.as_deref(), Some("010-487 09 44"));
        assert_eq!(doc.esf_grant_sek, Some(634_672));
        assert_eq!(doc.total_budget_sek, Some(863_026));
        assert_eq!(doc.period_start.as_deref(), Some("2009-01-01"));
        assert_eq!(doc.period_end.as_deref(), Some("2009-06-30"));
        assert_eq!(doc.region.as_deref(), Some("Övre Norrland"));
        assert_eq!((doc.lang.as_deref(), doc.inferred.len()), (None, 0));

        let s = &doc.sections;
        assert_eq!(s.len(), 6);
        assert_section(
            &s[0],
            SectionKind::Summary,
            "Sammanfattning",
            289,
            "Projektet ämnar undersöka förutsättningarna",
            "komma in på arbetsmarknaden i regionen.",
        );
        assert_section(
            &s[1],
            SectionKind::Background,
            "Bakgrund",
            5568,
            "Det är många gånger svårt för målgruppen",
            "deltagande myndigheter och organisationer ut?",
        );
        assert_section(
            &s[2],
            SectionKind::Purpose,
            "Syfte",
            1171,
            "För Förprojekteringsfas (denna ansökan):\nSyftet med denna",
            "flytta till storstadsområdena i södra Sverige.",
        );
        assert_section(
            &s[3],
            SectionKind::Goal,
            "Målsättning",
            1370,
            "De övergripande målsättningarna med denna förprojektering är:",
            "väl förankrat och förberett genomförandeprojekt.",
        );
        assert_section(
            &s[4],
            SectionKind::Accessibility,
            "Tillgänglighet för personer med funktionsnedsättning",
            606,
            "Tillgänglighetsaspekten kommer under förprojekteringsfasen",
            "mer utförligt i den kommande genomförandeansökan.",
        );
        assert_section(
            &s[5],
            SectionKind::Transnational,
            "Transnationellt samarbete",
            118,
            "Möjligheten för och inriktningen på transnationella aktiviteter",
            "utredas vidare under förprojekteringsfasen.",
        );
        assert_eq!(doc.section(SectionKind::Equality), None);

        assert!(doc.cofinanciers.is_empty() && doc.participants.is_empty());
        assert_eq!(
            doc.partners,
            [
                "Företagarna i Norrbotten",
                "Kommunförbundet Norrbotten",
                "Mottagningsenheten OS",
                "Regionförbundet Västerbottens län"
            ]
        );
        assert_list(&doc.kommuner, 29, "Arjeplog", "Övertorneå");
        assert_eq!(doc.kommuner[10], "Luleå");
    }

    #[test]
    fn seed_002() {
        let parsed = parse_any("002.txt", SEED_002);
        assert_eq!(parsed.warnings, Vec::<String>::new());
        let doc = parsed.doc;
        assert_eq!(doc.format, Some(Format::Esf));
        assert_eq!(doc.title, "Mångfalden som tillväxtfaktor för Umeåregionen");
        assert_eq!(doc.program.as_deref(), Some("Programområde 2 Ökat arbetskraftsutbud"));
        assert_eq!(doc.phase.as_deref(), Some("Förprojektering"));
        assert_eq!(doc.owner.as_deref(), Some("VIVA kompetenscentrum"));
        assert_eq!(doc.contact, None);
        assert_eq!(doc.email.as_deref(), Some("asa.kling@umea.se"));
        assert_eq!(doc.phone.as_deref(), Some("090-164133"));
        assert_eq!(doc.esf_grant_sek, Some(150_000));
        assert_eq!(doc.total_budget_sek, Some(200_000));
        assert_eq!(doc.period_start.as_deref(), Some("2008-05-15"));
        assert_eq!(doc.period_end.as_deref(), Some("2008-08-30"));
        assert_eq!(doc.region.as_deref(), Some("Övre Norrland"));

        let s = &doc.sections;
        assert_eq!(s.len(), 6);
        assert_section(
            &s[0],
            SectionKind::Summary,
            "Sammanfattning",
            1385,
            "Umeåregionen består av sex kommuner",
            "fortsatt dynamisk utveckling av Umeåregionen.",
        );
        // The "Text rymdes ej,…" note below the truncated text is page furniture.
        assert_section(
            &s[1],
            SectionKind::Background,
            "Bakgrund",
            7907,
            "Umeåregionen som består av Umeå, Bjurholms",
            "möten med de större arbetsgivarnas HR-avdelningar och",
        );
        assert!(s[1].text.contains("\n• Undermålig kommunikation mellan aktörerna.\n"));
        assert_section(
            &s[2],
            SectionKind::Purpose,
            "Syfte",
            363,
            "Projektet är en förstudie som skall bilda",
            "möjlighet att utvecklas och själva växa.",
        );
        assert_section(
            &s[3],
            SectionKind::Goal,
            "Målsättning",
            1126,
            "Projektet är en förstudie och ska genomföra aktiviteter",
            "Umeåregionen växer med mångfalden som tillväxtfaktor.",
        );
        assert_section(
            &s[4],
            SectionKind::Accessibility,
            "Tillgänglighet för personer med funktionsnedsättning",
            1201,
            "En mycket viktig delgrupp för projektet",
            "med invandrarbakgrund eller om anpassningar måste göras.",
        );
        // Jämställdhetsintegrering only says "Inga uppgifter." and is left out.
        assert_section(
            &s[5],
            SectionKind::Transnational,
            "Transnationellt samarbete",
            249,
            "Projektet har med all säkerhet behov av internationella kontakter.",
            "värda att kontakta för en eventuell framtida samverkan.",
        );
        assert!(!serde_json::to_string(&doc).unwrap().contains("Inga uppgifter"));

        assert_eq!(doc.partners, ["Integrationsdirektör, Umeå", "KFUM Umeå"]);
        assert!(doc.cofinanciers.is_empty() && doc.participants.is_empty());
        assert_list(&doc.kommuner, 29, "Arjeplog", "Övertorneå");
    }

    #[test]
    fn seed_003() {
        let parsed = parse_any("003.txt", SEED_003);
        assert_eq!(parsed.warnings, Vec::<String>::new());
        let doc = parsed.doc;
        assert_eq!(doc.format, Some(Format::Esf));
        // Below the "Stäng" button and the webinar banner.
        assert_eq!(doc.title, "INTRO");
        assert_eq!(doc.program.as_deref(), Some("Programområde 2 Ökat arbetskraftsutbud"));
        assert_eq!(doc.phase.as_deref(), Some("Genomförande"));
        assert_eq!(doc.owner.as_deref(), Some("Kommunledningskontoret"));
        assert_eq!(doc.contact.as_deref(), Some("Magdalena Fjellner"));
        assert_eq!(doc.email.as_deref(), Some("Magdalena.Fjellner@jokkmokk.se"));
        assert_eq!(doc.phone.as_deref(), Some("0971-17184"));
        assert_eq!(doc.esf_grant_sek, Some(5_978_228));
        assert_eq!(doc.total_budget_sek, Some(15_532_492));
        assert_eq!(doc.period_start.as_deref(), Some("2009-01-07"));
        assert_eq!(doc.period_end.as_deref(), Some("2010-12-31"));
        assert_eq!(doc.region.as_deref(), Some("Övre Norrland"));

        let s = &doc.sections;
        assert_eq!(s.len(), 8);
        assert_section(
            &s[0],
            SectionKind::Summary,
            "Sammanfattning",
            299,
            "Projekt INTRO är ett strategiskt samarbete",
            "dels modeller för socialt företagande.",
        );
        // Short shouting lines such as "ORSAKER" and "KONSEKVENSER:" are text, not headings.
        assert_section(
            &s[1],
            SectionKind::Background,
            "Bakgrund",
            7884,
            "Citat deltagare: - Efter fyra års anställning",
            "samhällsnivå (produktionsbortfall, hög kostnad etc).",
        );
        assert!(s[1].text.contains("\n\nORSAKER\n- Negativa attityder"));
        assert_section(
            &s[2],
            SectionKind::Purpose,
            "Syfte",
            1400,
            "Syftet är att bidra till att reducera det utanförskap",
            "gott exempel skapas som gör att syftet på sikt uppnås.",
        );
        assert_section(
            &s[3],
            SectionKind::Other,
            "Regionala prioriteringar",
            768,
            "I enlighet med den regionala planen för Övre Norrland",
            "transnationell nivå\n-Mervärde/additionalitet",
        );
        assert_section(
            &s[4],
            SectionKind::Goal,
            "Målsättning",
            3895,
            "ÖVERGRIPANDE MÅL:\nAtt underlätta etableringen",
            "med deltagargruppen representerad är genomförda och dokumenterade",
        );
        assert_section(
            &s[5],
            SectionKind::Accessibility,
            "Tillgänglighet för personer med funktionsnedsättning",
            1749,
            "Projektet har hela sin fokus på att göra arbetsmarknaden tillgänglig",
            "möjlighet att delta i besöken utomlands.",
        );
        assert_section(
            &s[6],
            SectionKind::Equality,
            "Jämställdhetsintegrering",
            1917,
            "Projektet vill utveckla nya och beprövade metoder",
            "hur Trappan ska användas i projektets olika delar.",
        );
        assert_section(
            &s[7],
            SectionKind::Transnational,
            "Transnationellt samarbete",
            3075,
            "Projektet kommer att samarbeta med två verksamheter/partnerorganisationer",
            "till ökad förståelse och integrering i ett större sammanhang.",
        );

        assert_list(
            &doc.cofinanciers,
            6,
            "Arbetsförmedlingen i Gällivare",
            "Tillväxt och kommunikation",
        );
        assert_list(&doc.partners, 8, "Arbetsförmedlingen i Gällivare", "Älvsby folkhögskola");
        assert_eq!(doc.partners[6], "Solkraft Skellefteå kommun Enheten för Försörjningsstöd");
        assert!(doc.participants.is_empty());
        assert_eq!(doc.kommuner, ["Jokkmokk", "Skellefteå", "Älvsbyn"]);
    }

    #[test]
    fn seed_004() {
        let parsed = parse_any("004.txt", SEED_004);
        assert_eq!(parsed.warnings, Vec::<String>::new());
        let doc = parsed.doc;
        assert_eq!(doc.format, Some(Format::Esf));
        assert_eq!(doc.title, "Kompetensutveckling för Integration i mellersta Norrland (KIN)");
        assert_eq!(doc.program.as_deref(), Some("Programområde 1 Kompetensförsörjning"));
        assert_eq!(doc.phase.as_deref(), Some("Genomförande"));
        assert_eq!(
            doc.owner.as_deref(),
            Some("Kommunalförbundet Partnerskap Inland- Akademi i Norr")
        );
        assert_eq!(doc.contact.as_deref(), Some("Anneli Von Wachenfeldt"));
        assert_eq!(doc.email.as_deref(), Some("anneli@akademinorr.se"));
        assert_eq!(doc.phone.as_deref(), Some("0620682741"));
        assert_eq!(doc.esf_grant_sek, Some(4_148_664));
        assert_eq!(doc.total_budget_sek, Some(4_148_664));
        assert_eq!(doc.period_start.as_deref(), Some("2011-02-01"));
        assert_eq!(doc.period_end.as_deref(), Some("2012-08-01"));
        assert_eq!(doc.region.as_deref(), Some("Mellersta Norrland"));

        let s = &doc.sections;
        assert_eq!(s.len(), 7);
        assert_section(
            &s[0],
            SectionKind::Summary,
            "Sammanfattning",
            939,
            "Vi lever in glest befolkad region.",
            "den tillväxtfaktor som utlandsfödda personer utgör.",
        );
        // Truncated text stays as it is: no full stop, "inträdepå", a goal list without "1.".
        assert_section(
            &s[1],
            SectionKind::Background,
            "Bakgrund",
            7913,
            "Landsbygd och mindre tätorter kämpar med låga födelsetal",
            "kunskap om att tala genom tolk och samtalsmetodik",
        );
        assert!(s[1].text.contains("nyanlända kommunmedborgare inträdepå den svenska"));
        assert_section(
            &s[2],
            SectionKind::Purpose,
            "Syfte",
            501,
            "Projektet syftar till att etablera strategisk samverkan",
            "långsiktiga projekt tillhörande programområde 2.",
        );
        assert_section(
            &s[3],
            SectionKind::Goal,
            "Målsättning",
            795,
            "Att målgruppen erhållit kompetensutveckling i enlighet med behov",
            "gäller flyktingars integration i våra samhällen.",
        );
        assert_section(
            &s[4],
            SectionKind::Accessibility,
            "Tillgänglighet för personer med funktionsnedsättning",
            3335,
            "Projektet ska genomföras på ett sådant sätt",
            "ger samma förutsättningar oavsett funktionshinder.",
        );
        assert_section(
            &s[5],
            SectionKind::Equality,
            "Jämställdhetsintegrering",
            1794,
            "Könsuppdelad statistik saknas men vi känner till",
            "stor och betydande roll som informationsbärare.",
        );
        assert_section(
            &s[6],
            SectionKind::Transnational,
            "Transnationellt samarbete",
            702,
            "En av Akademi Norrs tillväxtskapare",
            "användas i ett framtida projekt i programområde 2.",
        );

        assert!(doc.cofinanciers.is_empty());
        // Duplicates are kept as listed.
        assert_list(
            &doc.partners,
            13,
            "Arbetsmarknadsenheten",
            "utbildnings och fritidsförvaltningen",
        );
        let repeated = "Barn och utbildningsförvaltningen";
        assert_eq!(doc.partners.iter().filter(|p| *p == repeated).count(), 3);
        assert_eq!(
            doc.participants,
            [
                "Arbetsförmedlingen Kramfors",
                "Arbetsförmedlingen Sollefteå",
                "Arbetsförmedlingen Strömsund"
            ]
        );
        assert_eq!(doc.kommuner, ["Kramfors", "Sollefteå", "Strömsund"]);
    }

    /// A page of another project written for these tests, in the seeds' layout.
    const OWN_PAGE: &str = "Logotyp på utskrifter

Stäng

12 mars - Webbinarium om språkstöd

Mer information och anmälan.

Språkstöd i vården

ProgramområdeProgramområde 1 Kompetensförsörjning
ProjektfasGenomförande
ProjektägareRegion Gävleborg, Hälso- och
sjukvårdsförvaltningen
KontaktpersonEva Ek
E-posteva.ek@example.se
Telefonnummer026-15 50 00
Beviljat ESF-stöd2\u{a0}345\u{a0}678 kr
Total projektbudget4 000 000 kr
Projektperiod2015-09-01 till 2018-08-31
RegionNorra Mellansverige
In English

Sammanfattning

Undersköterskor med annat modersmål får språkstöd på arbetsplatsen.

Bakgrund

Många anställda saknar yrkessvenska.
Indikatorer:
- Antal deltagare

Syfte

Syftet är att stärka kompetensen.

Regionala prioriteringar

Projektet följer den regionala planen.

Målsättning

Alla deltagare ska klara språktestet.

Tillgänglighet för personer med funktionsnedsättning

Lokalerna är tillgängliga.

Jämställdhetsintegrering

Inga uppgifter.

Transnationellt samarbete

Inga uppgifter.

Medfinansiärer

 • Region Gävleborg

Samarbetspartners

 • Folkuniversitetet
 • Kommunal Gävleborg

Deltagande aktörer

 • Gävle sjukhus

Kommun

 • Gävle
 • Sandviken";

    #[test]
    fn own_page_in_the_seed_layout() {
        let parsed = parse_any("own.txt", OWN_PAGE);
        assert_eq!(parsed.warnings, Vec::<String>::new());
        let doc = parsed.doc;
        assert_eq!(doc.format, Some(Format::Esf));
        assert_eq!(doc.title, "Språkstöd i vården");
        assert_eq!(doc.program.as_deref(), Some("Programområde 1 Kompetensförsörjning"));
        // The wrapped owner name is joined.
        assert_eq!(
            doc.owner.as_deref(),
            Some("Region Gävleborg, Hälso- och sjukvårdsförvaltningen")
        );
        assert_eq!(doc.contact.as_deref(), Some("Eva Ek"));
        assert_eq!(doc.phone.as_deref(), Some("026-15 50 00"));
        assert_eq!((doc.esf_grant_sek, doc.total_budget_sek), (Some(2_345_678), Some(4_000_000)));
        assert_eq!(doc.period_start.as_deref(), Some("2015-09-01"));
        assert_eq!(doc.period_end.as_deref(), Some("2018-08-31"));
        assert_eq!(doc.region.as_deref(), Some("Norra Mellansverige"));
        let headings: Vec<(SectionKind, &str)> =
            doc.sections.iter().map(|s| (s.kind, s.heading.as_str())).collect();
        assert_eq!(
            headings,
            [
                (SectionKind::Summary, "Sammanfattning"),
                (SectionKind::Background, "Bakgrund"),
                (SectionKind::Purpose, "Syfte"),
                (SectionKind::Other, "Regionala prioriteringar"),
                (SectionKind::Goal, "Målsättning"),
                (
                    SectionKind::Accessibility,
                    "Tillgänglighet för personer med funktionsnedsättning"
                ),
            ]
        );
        assert_eq!(
            doc.section(SectionKind::Background),
            Some("Många anställda saknar yrkessvenska.\nIndikatorer:\n- Antal deltagare")
        );
        assert_eq!(doc.section(SectionKind::Other), Some("Projektet följer den regionala planen."));
        assert_eq!(doc.cofinanciers, ["Region Gävleborg"]);
        assert_eq!(doc.partners, ["Folkuniversitetet", "Kommunal Gävleborg"]);
        assert_eq!(doc.participants, ["Gävle sjukhus"]);
        assert_eq!(doc.kommuner, ["Gävle", "Sandviken"]);
    }

    #[test]
    fn crlf_and_decomposed_letters_parse_alike() {
        let expected = parse_any("own.txt", OWN_PAGE);
        let crlf = OWN_PAGE.replace('\n', "\r\n");
        assert_eq!(parse_any("own.txt", &crlf), expected);
        let decomposed =
            OWN_PAGE.replace('å', "a\u{30a}").replace('ä', "a\u{308}").replace('ö', "o\u{308}");
        assert_eq!(parse_any("own.txt", &decomposed), expected);
    }

    #[test]
    fn a_title_that_starts_with_region_is_the_title() {
        let page = OWN_PAGE.replace("Språkstöd i vården", "Region Gävleborgs språkstöd i vården");
        let parsed = parse_any("own.txt", &page);
        assert_eq!(parsed.doc.title, "Region Gävleborgs språkstöd i vården");
        assert_eq!(parsed.doc.region.as_deref(), Some("Norra Mellansverige"));
        assert_eq!(parsed.warnings, Vec::<String>::new());
        // A Region line that ends a header, spaced or not, is still the region.
        let spaced = OWN_PAGE.replace("RegionNorra", "Region Norra");
        assert_eq!(
            parse_any("own.txt", &spaced).doc.region.as_deref(),
            Some("Norra Mellansverige")
        );
    }

    #[test]
    fn header_values_have_their_spaces_squeezed() {
        let page = OWN_PAGE
            .replace("Region Gävleborg, Hälso-", "Region\u{a0} Gävleborg,  Hälso-")
            .replace("Eva Ek", " Eva   Ek");
        let doc = parse_any("own.txt", &page).doc;
        assert_eq!(
            doc.owner.as_deref(),
            Some("Region Gävleborg, Hälso- och sjukvårdsförvaltningen")
        );
        assert_eq!(doc.contact.as_deref(), Some("Eva Ek"));
    }

    #[test]
    fn labels_in_another_order_and_a_missing_region() {
        let page = "Omställning i Gävle\n\
                    Projektperiod2016-01-01 till 2017-12-31\n\
                    Beviljat ESF-stöd1,2 Mkr\n\
                    ProjektfasGenomförande\n\
                    Total projektbudgetsaknas\n\
                    KontaktpersonOla Berg\n\
                    ProjektägareGävle kommun\n\
                    \n\
                    Sammanfattning\n\
                    \n\
                    Kort text.\n";
        let parsed = parse_any("order.txt", page);
        assert_eq!(
            parsed.warnings,
            [
                "Programområde: missing from the header",
                "E-post: missing from the header",
                "Telefonnummer: missing from the header",
                "Region: missing from the header",
            ]
        );
        let doc = parsed.doc;
        assert_eq!(doc.title, "Omställning i Gävle");
        assert_eq!(doc.phase.as_deref(), Some("Genomförande"));
        assert_eq!(doc.owner.as_deref(), Some("Gävle kommun"));
        assert_eq!(doc.contact.as_deref(), Some("Ola Berg"));
        assert_eq!(doc.esf_grant_sek, Some(1_200_000));
        assert_eq!(doc.total_budget_sek, None);
        assert_eq!(doc.period_start.as_deref(), Some("2016-01-01"));
        assert_eq!(doc.period_end.as_deref(), Some("2017-12-31"));
        assert!(doc.region.is_none() && doc.program.is_none() && doc.email.is_none());
        assert_eq!(doc.section(SectionKind::Summary), Some("Kort text."));
    }

    #[test]
    fn broken_values_are_warned_about() {
        let page = "Trasigt projekt\n\
                    ProjektfasGenomförande\n\
                    Beviljat ESF-stödca två miljoner\n\
                    Total projektbudget1,2,3 kr\n\
                    Projektperiod2011-02-01 till\n\
                    E-postsaknas\n\
                    Telefonnummer\n\
                    Region:  Stockholm\n\
                    RegionSydsverige\n\
                    ProgramområdeProgramområde 2\n\
                    Projektägaresaknas\n\
                    Kontaktpersonsaknas saknas\n\
                    Sammanfattning\n\
                    Text.\n";
        let parsed = parse_any("broken.txt", page);
        assert_eq!(
            parsed.warnings,
            [
                "Beviljat ESF-stöd: cannot read amount \"ca två miljoner\"",
                "Total projektbudget: cannot read amount \"1,2,3 kr\"",
                "Projektperiod: only one date in \"2011-02-01 till\"",
                "Telefonnummer: no value",
                "Region: appears twice in the header; the first value \"Stockholm\" is kept",
            ]
        );
        let doc = parsed.doc;
        assert_eq!((doc.esf_grant_sek, doc.total_budget_sek), (None, None));
        assert_eq!(
            (doc.period_start.as_deref(), doc.period_end.as_deref()),
            (Some("2011-02-01"), None)
        );
        assert!(doc.email.is_none() && doc.phone.is_none());
        assert!(doc.owner.is_none() && doc.contact.is_none());
        assert_eq!(doc.region.as_deref(), Some("Stockholm"));
        assert_eq!(doc.section(SectionKind::Summary), Some("Text."));
    }

    #[test]
    fn periods() {
        let period = |value: &str| {
            let mut doc = Document::default();
            let mut warnings = Vec::new();
            read_period(value, &mut doc, &mut warnings);
            (doc.period_start, doc.period_end, warnings)
        };
        let date = |d: &str| Some(d.to_string());
        assert_eq!(
            period("2009-01-01 till 2009-06-30"),
            (date("2009-01-01"), date("2009-06-30"), vec![])
        );
        assert_eq!(
            period("2009-01-01 – 2009-06-30"),
            (date("2009-01-01"), date("2009-06-30"), vec![])
        );
        assert_eq!(
            period("till 2009-06-30"),
            (
                None,
                date("2009-06-30"),
                vec!["Projektperiod: only one date in \"till 2009-06-30\"".into()]
            )
        );
        assert_eq!(
            period("0209-01-07 till 2010-12-31"),
            (
                None,
                date("2010-12-31"),
                vec![
                    "Projektperiod: 0209-01-07 is not a year from 1900 to 2100, left out".into(),
                    "Projektperiod: only one date in \"0209-01-07 till 2010-12-31\"".into()
                ]
            )
        );
        assert_eq!(
            period("2009-06-30 till 2009-01-01"),
            (
                date("2009-06-30"),
                date("2009-01-01"),
                vec![
                    "Projektperiod: ends before it starts in \"2009-06-30 till 2009-01-01\"".into()
                ]
            )
        );
        assert_eq!(
            period("2009-02-30 till 2009-06-30"),
            (
                None,
                date("2009-06-30"),
                vec![
                    "Projektperiod: 2009-02-30 is not a date".to_string(),
                    "Projektperiod: only one date in \"2009-02-30 till 2009-06-30\"".to_string(),
                ]
            )
        );
        assert_eq!(
            period("hösten 2009"),
            (None, None, vec!["Projektperiod: cannot read dates in \"hösten 2009\"".into()])
        );
    }

    #[test]
    fn duplicated_and_missing_headings() {
        let page = "Dubbelt\n\
                    ProjektfasGenomförande\n\
                    ProjektägareNågon\n\
                    RegionStockholm\n\
                    In English\n\
                    \n\
                    Projektet börjar utan rubrik.\n\
                    \n\
                    Bakgrund\n\
                    Först.\n\
                    Syfte\n\
                    Bakgrund\n\
                    Sedan.\n\
                    Samarbetspartners\n\
                    \u{2022} A\n\
                    Samarbetspartners\n\
                    \u{2022} B\n\
                    Kommun\n";
        let parsed = parse_any("dup.txt", page);
        let doc = &parsed.doc;
        assert_eq!(doc.title, "Dubbelt");
        assert_eq!(
            doc.sections,
            [
                Section {
                    kind: SectionKind::Summary,
                    heading: "Sammanfattning".into(),
                    text: "Projektet börjar utan rubrik.".into()
                },
                Section {
                    kind: SectionKind::Background,
                    heading: "Bakgrund".into(),
                    text: "Först.\n\nSedan.".into()
                },
            ]
        );
        assert_eq!(doc.partners, ["A", "B"]);
        assert!(doc.kommuner.is_empty());
        assert_eq!(
            parsed.warnings[7..],
            [
                "Sammanfattning: heading missing; the text above the first heading is taken as the summary",
                "Syfte: heading without text",
                "Kommun: heading without items",
                "Bakgrund: appears 2 times; the texts are joined",
                "Samarbetspartners: appears 2 times; the lists are joined",
            ]
        );
    }

    #[test]
    fn prose_that_starts_like_a_label_is_text() {
        let page = "Norrut\n\
                    ProjektfasGenomförande\n\
                    Projektägaresaknas\n\
                    RegionÖvre Norrland\n\
                    \n\
                    Regionen växer och Projektfasen är kort.\n\
                    Projektägaren heter Norrut AB.\n\
                    E-posten besvaras inom en dag.\n\
                    \n\
                    Regionala prioriteringar\n\
                    Länsövergripande.\n";
        let parsed = parse(page);
        assert_eq!(parsed.doc.region.as_deref(), Some("Övre Norrland"));
        assert_eq!(parsed.doc.owner, None);
        assert_eq!(
            parsed.doc.sections,
            [
                Section {
                    kind: SectionKind::Summary,
                    heading: "Sammanfattning".into(),
                    text: "Regionen växer och Projektfasen är kort.\n\
                           Projektägaren heter Norrut AB.\n\
                           E-posten besvaras inom en dag."
                        .into()
                },
                Section {
                    kind: SectionKind::Other,
                    heading: "Regionala prioriteringar".into(),
                    text: "Länsövergripande.".into()
                },
            ]
        );
        assert_eq!(header_line("Region: stockholm"), Some((Field::Region, "stockholm")));
        assert_eq!(
            header_line("E-postasa.kling@umea.se"),
            Some((Field::Email, "asa.kling@umea.se"))
        );
        assert_eq!(
            header_line("Kontaktpersonsaknas saknas"),
            Some((Field::Contact, "saknas saknas"))
        );
        assert_eq!(header_line("Regionala prioriteringar"), None);
        assert_eq!(header_line("Beviljat ESF-stödet räckte."), None);
        assert_eq!(header_line("Beviljat ESF-stödca 2 Mkr"), Some((Field::Grant, "ca 2 Mkr")));
    }

    #[test]
    fn untitled_text_when_the_summary_exists() {
        let page = "T\nProjektfasX\nProjektägareY\nRegionZ\nlös rad\nSammanfattning\nS.\n";
        let parsed = parse(page);
        assert_eq!(parsed.doc.sections[0].heading, "");
        assert_eq!(parsed.doc.sections[0].text, "lös rad");
        assert_eq!(parsed.doc.section(SectionKind::Summary), Some("S."));
        assert!(parsed
            .warnings
            .contains(&"text above the first heading kept as an untitled section".into()));
    }

    #[test]
    fn replacement_characters_and_truncation_are_kept() {
        let page = OWN_PAGE.replace("yrkessvenska.", "yrkessv\u{fffd}nska och");
        let doc = parse_any("fffd.txt", &page).doc;
        assert_eq!(
            doc.section(SectionKind::Background),
            Some("Många anställda saknar yrkessv\u{fffd}nska och\nIndikatorer:\n- Antal deltagare")
        );
    }

    #[test]
    fn detection() {
        assert!(looks_like(SEED_000) && looks_like(SEED_003) && looks_like(OWN_PAGE));
        // Headings alone, or prose about a project's phase, are not a header.
        assert!(!looks_like("Sammanfattning\nBakgrund\nSyfte\n"));
        assert!(!looks_like("Projektfasen var kort.\nRegionen växer.\nTelefon saknas.\n"));
        // Labels far apart are not one header.
        assert!(!looks_like("Projektfas X\n\nText\nRegion Y\n\nText\nProjektägare Z\n"));
        // Two labels are not enough.
        assert!(!looks_like("ProjektfasGenomförande\nRegionStockholm\n"));
        assert!(looks_like("ProjektfasGenomförande\nRegionStockholm\nProjektägareX\n"));
        assert!(!looks_like(""));
    }

    #[test]
    fn without_a_header() {
        let parsed = parse("Logotyp på utskrifter\nEtt namn\nSammanfattning\nText.\n");
        assert_eq!(parsed.doc.title, "Ett namn");
        assert_eq!(parsed.doc.section(SectionKind::Summary), Some("Text."));
        assert_eq!(parsed.warnings, ["header: no Programområde, Projektfas, … labels found"]);
    }

    #[test]
    fn banners_and_bullets() {
        assert!(is_banner("3 december - Webbinarium om fattigdom i dagens Sverige"));
        assert!(is_banner("12 mars – Konferens"));
        assert!(!is_banner("3 december var det möte"));
        assert!(!is_banner("INTRO"));
        assert_eq!(strip_bullet("• Gävle"), Some("Gävle"));
        assert_eq!(strip_bullet("- Gävle"), Some("Gävle"));
        assert_eq!(strip_bullet("-Gävle"), None);
        assert_eq!(
            list_items(&[
                " • Solkraft Skellefteå kommun",
                "   Enheten för Försörjningsstöd",
                "",
                "Utan punkt"
            ]),
            ["Solkraft Skellefteå kommun Enheten för Försörjningsstöd", "Utan punkt"]
        );
    }
}
