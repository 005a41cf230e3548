//! PDF transcripts as a document viewer prints them: the document title, viewer furniture
//! ("Storlek: px", "Starta visningen från sidan:", `Download "…"`, "Transkript"), then the pages
//! as lines that start with consecutive page numbers ("1 …", "2 …"), then a list of unrelated
//! documents that must not be indexed. Each unrelated entry is a title line, the title repeated
//! with an excerpt, and "Läs mer".
//!
//! The list starts at the entry ending in the first "Läs mer" (its title when the excerpt
//! repeats and extends it, else the excerpt); nothing from it is kept. Page markers
//! are only the next expected number, so an entry starting with a digit is never a page. The
//! pages become running text without their running header and footer, words and sentences cut
//! by a page break put together again ([`pages`]), and that text is split at the headings it
//! carries ([`headings`]). The title is the longest
//! of the viewer title, the download name and a short first page that begin alike: for
//! "Förprojekteringsrapport" with a first page "Förprojekteringsrapport Etablering Stockholm",
//! the latter. The phase is inferred from the title and listed in [`Document::inferred`].

use super::{headings, pages, text, Document, Format, Parsed};

/// A first page longer than this is text, not a title page.
const MAX_TITLE_PAGE_CHARS: usize = 200;

/// Viewer lines that belong to no document.
fn is_furniture(line: &str) -> bool {
    let line = line.trim();
    matches!(
        line,
        "Storlek: px" | "Starta visningen från sidan:" | "Transkript" | "Save this PDF as:"
    ) || download_name(line).is_some()
        || text::squeeze(line) == "WORD PNG TXT JPG"
}

/// `Download "Förprojekteringsrapport"` → `Förprojekteringsrapport`.
fn download_name(line: &str) -> Option<&str> {
    let name = line.trim().strip_prefix("Download \"")?.strip_suffix('"')?;
    Some(name.trim())
}

/// `"12 text"` → `(12, "text")`; a page number is 1 to 4 digits followed by a space or nothing,
/// and not by what makes the number part of a sentence: "4 av 10 arbetsgivare", "4 procent".
fn page_number(line: &str) -> Option<(u32, &str)> {
    let line = line.trim();
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let rest = &line[digits..];
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let rest = rest.trim();
    if counts_something(rest) {
        return None;
    }
    Some((line[..digits].parse().ok()?, rest))
}

/// Whether `rest`, after a number, makes the number a count: "av 10 …", "procent", "%".
fn counts_something(rest: &str) -> bool {
    let mut words = rest.split_whitespace();
    match words.next() {
        Some("av" | "of") => {
            words.next().is_some_and(|word| word.starts_with(|c: char| c.is_ascii_digit()))
        }
        Some(word) => {
            matches!(word.trim_end_matches([',', '.']), "%" | "procent" | "procentenheter")
        }
        None => false,
    }
}

/// Whether `text` is a viewer transcript: a "Transkript" line followed by page 1, or the viewer
/// furniture near the top.
pub(super) fn looks_like(text: &str) -> bool {
    let lines = text::lines(text);
    let top: Vec<&str> =
        lines.iter().map(|line| line.trim()).filter(|line| !line.is_empty()).take(20).collect();
    let page_one_follows = top.windows(2).any(|pair| {
        pair[0] == "Transkript" && page_number(pair[1]).is_some_and(|(number, _)| number == 1)
    });
    let furniture = top
        .iter()
        .filter(|line| matches!(**line, "Storlek: px" | "Starta visningen från sidan:"))
        .count();
    page_one_follows || furniture == 2
}

/// Parses a transcript. Never fails; a transcript without numbered pages is reported.
pub(super) fn parse(text: &str) -> Parsed {
    let lines = text::lines(text);
    let mut doc = Document { format: Some(Format::Transcript), ..Document::default() };
    let mut warnings = Vec::new();

    let first = lines.iter().position(|line| !line.trim().is_empty() && !is_furniture(line));
    let viewer_title = first.map(|at| lines[at].trim()).unwrap_or_default();
    let download = lines.iter().find_map(|line| download_name(line));
    // Pages follow "Transkript", or else the last furniture line, or else the title.
    let start = lines
        .iter()
        .position(|line| line.trim() == "Transkript")
        .or_else(|| lines.iter().take(20).rposition(|line| is_furniture(line)))
        .or(first)
        .map_or(lines.len(), |at| at + 1);
    let end = related_start(&lines, start);

    let mut pages: Vec<String> = Vec::new();
    let mut before_pages: Vec<&str> = Vec::new();
    for line in &lines[start..end] {
        let line = line.trim();
        if line.is_empty() || is_furniture(line) {
            continue;
        }
        match page_number(line) {
            Some((number, rest)) if number as usize == pages.len() + 1 => {
                pages.push(rest.to_string())
            }
            _ => match pages.last_mut() {
                Some(page) => {
                    page.push('\n');
                    page.push_str(line);
                }
                None => before_pages.push(line),
            },
        }
    }
    if pages.is_empty() {
        warnings.push("transcript: no numbered pages found".to_string());
    }

    let pages = pages::without_running_lines(&pages);
    let first_page = pages.first().map(|page| pages::join_lines(page));
    doc.title = choose_title(viewer_title, download, first_page.as_deref());
    if doc.title.is_empty() {
        warnings.push("title: no title line".to_string());
    }
    let body = text::join(before_pages.into_iter().chain(["", &pages::join(&pages)]));
    doc.sections = headings::sections(&body);
    if let Some(phase) = phase_of(&doc.title) {
        doc.phase = Some(phase.to_string());
        doc.inferred.push("phase".to_string());
    }
    Parsed { doc, warnings }
}

/// Index of the first line of the unrelated-documents list at or after `from`, or `lines.len()`.
fn related_start(lines: &[&str], from: usize) -> usize {
    let kept: Vec<usize> = (from..lines.len()).filter(|&i| !lines[i].trim().is_empty()).collect();
    for (k, &i) in kept.iter().enumerate() {
        let line = lines[i].trim();
        if line == "Läs mer" {
            // The entry ending here is an excerpt, with its title above it when it repeats it.
            let excerpt = k.checked_sub(1).map(|k| kept[k]);
            let title = k.checked_sub(2).map(|k| kept[k]);
            return match (title, excerpt) {
                (Some(title), Some(excerpt)) if repeats(lines[title], lines[excerpt]) => title,
                (_, Some(excerpt)) => excerpt,
                _ => i,
            };
        }
    }
    lines.len()
}

/// Whether `next` is `line` followed by more words, as an excerpt repeats its entry's title.
fn repeats(line: &str, next: &str) -> bool {
    let (line, next) = (line.trim(), next.trim());
    line.chars().count() >= 3
        && next.strip_prefix(line).is_some_and(|rest| rest.starts_with(char::is_whitespace))
}

/// The longest of the viewer title, the download name and a short first page, among those that
/// begin with the viewer title.
fn choose_title(viewer: &str, download: Option<&str>, first_page: Option<&str>) -> String {
    let first_page = first_page
        .map(headings::before_contents)
        .filter(|page| page.chars().count() <= MAX_TITLE_PAGE_CHARS)
        .map(text::squeeze);
    let viewer = text::squeeze(viewer);
    let viewer_lower = viewer.to_lowercase();
    let mut title = viewer.clone();
    for candidate in download.map(text::squeeze).into_iter().chain(first_page) {
        if candidate.to_lowercase().starts_with(&viewer_lower)
            && candidate.chars().count() > title.chars().count()
        {
            title = candidate;
        }
    }
    title
}

/// The project phase a title names: "Förprojekteringsrapport", "Förstudie" → "Förprojektering",
/// "Slutrapport genomförande" → "Genomförande". The word that comes first wins.
pub(super) fn phase_of(title: &str) -> Option<&'static str> {
    const WORDS: [(&str, &str); 3] = [
        ("förprojekter", "Förprojektering"),
        ("förstudie", "Förprojektering"),
        ("genomförande", "Genomförande"),
    ];
    let lower = title.to_lowercase();
    WORDS
        .iter()
        .filter_map(|(word, phase)| lower.find(word).map(|at| (at, *phase)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, phase)| phase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse as parse_any, SectionKind};

    const SEED_001: &str =
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/001_5529787c01511de8.txt"));

    #[test]
    fn seed_001() {
        let parsed = parse_any("seeds/001_5529787c01511de8.txt", SEED_001);
        assert_eq!(parsed.warnings, Vec::<String>::new());
        let doc = &parsed.doc;
        assert_eq!(doc.format, Some(Format::Transcript));
        assert_eq!(doc.title, "Förprojekteringsrapport Etablering Stockholm");
        assert_eq!(doc.phase.as_deref(), Some("Förprojektering"));
        assert_eq!(doc.inferred, ["phase"]);
        let empty = Document {
            path: doc.path.clone(),
            format: doc.format,
            title: doc.title.clone(),
            phase: doc.phase.clone(),
            sections: doc.sections.clone(),
            inferred: doc.inferred.clone(),
            ..Document::default()
        };
        assert_eq!(*doc, empty, "no header fields or lists in a transcript");

        // Every heading of the transcript's section list, where it stands: page 2 opens part A
        // with "Bakgrund och analys Bakgrund", page 5 has "Målgruppen" after a sentence end,
        // page 7 closes part A and opens part B with its title and "Mål och syfte". The
        // subheadings outside the list ("Problemdefinition", "Syfte med Etablering Stockholm",
        // "Önskat läge") stay in the text; see benches/README.md, "Transcript sections".
        let found: Vec<(SectionKind, &str, usize)> = doc
            .sections
            .iter()
            .map(|s| (s.kind, s.heading.as_str(), s.text.chars().count()))
            .collect();
        assert_eq!(
            found,
            [
                (SectionKind::Other, "", 85),
                (SectionKind::Background, "Bakgrund och analys Bakgrund", 12_162),
                (SectionKind::Other, "Målgruppen", 7_383),
                (SectionKind::Purpose, "Mål och syfte", 12_606),
            ]
        );
        assert_eq!(
            doc.sections[0].text,
            "Förprojekteringsrapport Etablering Stockholm\n\nA. Förprojektering Etablering Stockholm"
        );
        let [background, target_group, purpose] = [1, 2, 3].map(|at| &doc.sections[at].text);
        assert!(background.starts_with("Nyanlända invandrares etablering"));
        assert!(background.ends_with("Även i detta arbete har staden haft konsultstöd."));
        assert!(target_group.starts_with("Som nyanländ menas i detta sammanhang"));
        assert!(target_group.ends_with(
            "förändringar som kan ske på kort sikt. B. Etablering Stockholm förslag till \
             genomförandeprojekt"
        ));
        assert!(purpose.starts_with("Projektets huvudmål ska vara att förkorta etableringstiden"));
        assert!(purpose.ends_with("en relativ ung grupp som är i behov av systematiskt komplette-"));
        // The word broken at the page break 10/11 is one word, and the sentence runs on.
        assert!(purpose.contains(
            "ska tas till vara i det fortsatta utvecklingsarbetet och läggas till grund för en \
             gemensam matchningsorganisation"
        ));
        // Page 2 ends inside a sentence that page 3 ends: no page break, no page number.
        assert!(background.contains("50% av alla nyanlända ska vara självförsörjande 18 månader"));
        let paragraphs: Vec<usize> =
            doc.sections.iter().map(|s| s.text.matches("\n\n").count()).collect();
        assert_eq!(paragraphs, [1, 2, 2, 3]);

        // Nothing of the viewer or of the unrelated documents after page 11.
        let json = serde_json::to_string(doc).unwrap();
        for absent in [
            "Läs mer",
            "Storlek: px",
            "Starta visningen",
            "Download",
            "Transkript",
            "Processtöd och samordning.",
            "slutrapport stockholm oktober 2008",
            "Utvärdering av den centrala överenskommelsen",
            "UNGA IN SLUTUTVÄRDERING",
            "Somali Information and Business Centre",
        ] {
            assert!(!json.contains(absent), "{absent:?} leaked into the document");
        }
        // Page 7 itself cites the report "Processtöd och samordning för att skapa en
        // sammanhållen kedja…"; that mention is text of the transcript and stays.
        assert_eq!(json.matches("Processtöd och samordning").count(), 1);
        assert!(target_group.contains("från projektet Processtöd och samordning för att skapa"));
    }

    /// A transcript written for these tests: a page that runs over two lines, and a first
    /// unrelated entry that starts with the next page number.
    const OWN: &str = "Slutrapport genomförande
Storlek: px
Starta visningen från sidan:

Download \"Slutrapport genomförande\"

Transkript

1 Slutrapport genomförande Projekt Brobygget

2 Sammanfattning Projektet har

fortsatt på sidan två.

3 Resultat 40 deltagare fick arbete.

4 steg till arbete. En guide

4 steg till arbete. En guide Fyra steg till arbete, en guide för handläggare

Läs mer

Annan rapport

Annan rapport med utdrag

Läs mer";

    #[test]
    fn an_entry_starting_with_the_next_page_number_is_not_a_page() {
        let parsed = parse_any("own.txt", OWN);
        assert_eq!(parsed.warnings, Vec::<String>::new());
        let doc = parsed.doc;
        assert_eq!(doc.title, "Slutrapport genomförande Projekt Brobygget");
        assert_eq!(doc.phase.as_deref(), Some("Genomförande"));
        // "Resultat" at a page start, followed by a number and a lower-case word, is a heading.
        assert_eq!(
            sections(&doc),
            [
                (SectionKind::Other, "", "Slutrapport genomförande Projekt Brobygget"),
                (SectionKind::Summary, "Sammanfattning", "Projektet har\nfortsatt på sidan två."),
                (SectionKind::Other, "Resultat", "40 deltagare fick arbete."),
            ]
        );
    }

    /// (kind, heading, text) of each section of `doc`.
    fn sections(doc: &Document) -> Vec<(SectionKind, &str, &str)> {
        doc.sections.iter().map(|s| (s.kind, s.heading.as_str(), s.text.as_str())).collect()
    }

    /// The transcripts written in seed 001's shape, in `tests/data/transcripts/`.
    fn written(name: &str) -> Parsed {
        let path = format!("{}/tests/data/transcripts/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        parse_any(&path, &text)
    }

    #[test]
    fn a_heading_repeated_by_its_text_a_count_a_two_digit_footer_and_a_soft_hyphen() {
        let parsed = written("slutrapport-arbetsvagen.txt");
        assert_eq!(parsed.warnings, Vec::<String>::new());
        let later: Vec<String> = (7..=12)
            .map(|n| format!("Sidan {n} beskriver arbetet i projektet under år {}.", 2010 + n / 4))
            .collect();
        let results = format!(
            "Tjugo deltagare har fått arbete och tolv har börjat studera.\n\n{}",
            later.join("\n\n")
        );
        assert_eq!(
            sections(&parsed.doc),
            [
                (SectionKind::Other, "", "Slutrapport Arbetsvägen\nEtt projekt i Sundsvall"),
                (
                    SectionKind::Summary,
                    "Sammanfattning",
                    "Projektet har gett arbete åt tjugo deltagare och stärkt samarbetet med \
                     arbetsgivarna i regionen.\n\nProjektets mål\nProjektets mål är att fler unga \
                     ska få ett arbete. Enligt enkäten svarade\n4 av 10 arbetsgivare att de vill \
                     ta emot praktikanter."
                ),
                (
                    SectionKind::Background,
                    "Bakgrund",
                    "Arbetslösheten bland unga i Sundsvall har länge varit hög, och det fortsatta \
                     utvecklingsarbetet har skett tillsammans med kommunen."
                ),
                (SectionKind::Other, "Resultat", results.as_str()),
            ]
        );
    }

    #[test]
    fn a_footer_on_every_page_and_a_table_of_contents_with_page_numbers() {
        // "Slutrapport Brobygget sid 3 av 6" ends every page; "sam-" + "ma" and "praktik-" +
        // "perioden" are broken at a page break, "funktionsned-" + "sättning" at a line
        // break; "arbetsmarknads-" + "och utbildningsfrågor" is a suspended compound broken at
        // a line break; "Bakgrunden till det" and "Bakgrund och erfarenheter från" are prose.
        let parsed = written("slutrapport-brobygget.txt");
        assert_eq!(parsed.warnings, Vec::<String>::new());
        let doc = &parsed.doc;
        assert_eq!(
            doc.title,
            "Slutrapport Brobygget Ett samverkansprojekt mellan Västerås stad och \
             Arbetsförmedlingen 2016-2018"
        );
        assert_eq!(doc.phase, None);
        assert_eq!(
            sections(doc),
            [
                (
                    SectionKind::Other,
                    "",
                    "Slutrapport Brobygget Ett samverkansprojekt mellan Västerås stad och \
                     Arbetsförmedlingen 2016-2018\n\nInnehåll Sammanfattning 3 Bakgrund 3 Syfte \
                     och mål 4 Målgrupp 4 Genomförande 5 Resultat 6"
                ),
                (
                    SectionKind::Summary,
                    "Sammanfattning",
                    "Brobygget har under två år gett 212 unga vuxna stöd på vägen mot arbete \
                     eller studier. Av deltagarna fick 74 ett arbete och 51 började studera."
                ),
                (
                    SectionKind::Background,
                    "Bakgrund",
                    "I Västerås var ungdomsarbetslösheten 2015 högre än i riket. Bakgrunden till \
                     det är främst att många unga saknar fullständiga gymnasiebetyg. Dessutom \
                     har arbetsmarknads- och utbildningsfrågor hanterats av olika förvaltningar \
                     utan gemensam plan. Kommunen och Arbetsförmedlingen ville därför pröva en \
                     modell där handläggare från båda organisationerna arbetar i samma lokal."
                ),
                (
                    SectionKind::Purpose,
                    "Syfte och mål",
                    "Syftet med projektet var att korta tiden i arbetslöshet för unga vuxna. \
                     Målet var att hälften av deltagarna skulle gå vidare till arbete eller \
                     studier inom ett år."
                ),
                (
                    SectionKind::Other,
                    "Målgrupp",
                    "Unga vuxna mellan 18 och 24 år som varit inskrivna på Arbetsförmedlingen i \
                     minst sex månader. Många i målgruppen har läs- eller skrivsvårigheter eller \
                     en funktionsnedsättning som inte tidigare utretts. Målgruppen var större än \
                     vi räknade med, och fler kvinnor än män sökte sig till projektet."
                ),
                (
                    SectionKind::Other,
                    "Genomförande",
                    "Varje deltagare fick en egen handläggare och en plan som följdes upp \
                     varannan vecka. Arbetet bedrevs i tre steg: kartläggning, praktik och \
                     matchning mot arbetsgivare. Bakgrund och erfarenheter från tidigare projekt \
                     i regionen visade att praktik utan handledning sällan leder till arbete, och \
                     därför fick varje deltagare en handledare på arbetsplatsen. Handledarna \
                     utbildades av projektet under två dagar och följdes sedan upp av projektets \
                     coacher under hela praktikperioden."
                ),
                (
                    SectionKind::Other,
                    "Resultat",
                    "Av de 212 deltagarna gick 125 vidare till arbete eller studier, det vill \
                     säga 59 procent. Målet om hälften nåddes därmed. Deltagare som gjorde \
                     praktik fick arbete oftare än de som inte gjorde det. Arbetssättet har efter \
                     projekttiden förts in i den ordinarie verksamheten."
                ),
            ]
        );
    }

    #[test]
    fn a_running_header_numbered_headings_and_a_part_title() {
        // "Förstudie Kompetenslyft Skåne 2(5)" heads every page; the numbered table of
        // contents without page numbers ends where "1. Sammanfattning" comes again;
        // "kompetensut-" + "vecklingen" is broken and "hälso-" + "och sjukvården" suspended at
        // a page break; "Förslag till genomförandeprojekt" is a part title before "Mål och
        // syfte"; "regionens Mål 3 om" is prose.
        let parsed = written("forstudie-kompetenslyft.txt");
        assert_eq!(parsed.warnings, Vec::<String>::new());
        let doc = &parsed.doc;
        assert_eq!(doc.title, "Förstudie Kompetenslyft Skåne");
        assert_eq!(doc.phase.as_deref(), Some("Förprojektering"));
        assert_eq!(
            sections(doc),
            [
                (
                    SectionKind::Other,
                    "",
                    "Rapport från förstudien, april 2019\n\nInnehållsförteckning 1. \
                     Sammanfattning 2. Bakgrund och analys 3. Mål och syfte 4. Genomförande"
                ),
                (
                    SectionKind::Summary,
                    "1. Sammanfattning",
                    "Förstudien har kartlagt behovet av kompetensutveckling bland \
                     undersköterskor och vårdbiträden i fem skånska kommuner. Den visar att var \
                     tredje anställd saknar den utbildning som tjänsten kräver. Syftet med \
                     förstudien var också att pröva hur ett genomförandeprojekt kan organiseras."
                ),
                (
                    SectionKind::Background,
                    "2. Bakgrund och analys",
                    "Inom vård- och omsorgssektorn i Skåne går en stor del av personalen i \
                     pension de närmaste tio åren. Enligt regionens Mål 3 om kompetensförsörjning \
                     ska fler anställda validera sin kompetens. Arbetsgivarna vittnar om att \
                     bakgrunden till bristen är både låga ingångslöner och få vägar till \
                     kompetensutvecklingen på arbetstid. Förstudien intervjuade 48 chefer och \
                     112 anställda. De flesta anställda vill utbilda sig men saknar tid, och \
                     många chefer har svårt att ersätta den som går på kurs. Samma mönster finns \
                     i hela regionen, även inom hälso- och sjukvården. Förslag till \
                     genomförandeprojekt"
                ),
                (
                    SectionKind::Purpose,
                    "Mål och syfte",
                    "Genomförandeprojektet ska ge 300 anställda en validering och en individuell \
                     utbildningsplan. Projektet ska också ta fram en modell för utbildning på \
                     arbetstid som kommunerna kan använda efter projektets slut."
                ),
                (
                    SectionKind::Other,
                    "MÅLGRUPP",
                    "Tillsvidareanställda undersköterskor och vårdbiträden i de fem kommunerna, \
                     med förtur för dem som saknar gymnasieexamen från vård- och \
                     omsorgsprogrammet."
                ),
                (
                    SectionKind::Other,
                    "4. Genomförande",
                    "Utbildningen ges av kommunernas vuxenutbildning i samarbete med \
                     arbetsgivarna. Varje deltagare får en handledare på arbetsplatsen och en \
                     studievägledare."
                ),
            ]
        );
    }

    #[test]
    fn pages_of_lines_and_a_table_of_contents_with_dot_leaders() {
        // Pages that run over lines: "EU-" + "projekt" and "kom-" + "muner" are broken,
        // "vård-" + "och omsorgsyrken" suspended at a line break; the title page ends at its
        // table of contents; "under Resultat nedan" is prose, "Resultat 31 av" a heading.
        let parsed = written("delrapport-vagen-in.txt");
        assert_eq!(parsed.warnings, Vec::<String>::new());
        let doc = &parsed.doc;
        assert_eq!(
            doc.title,
            "Delrapport Vägen in Ett EU-projekt för nyanlända kvinnor i Gävleborg"
        );
        assert_eq!(
            sections(doc),
            [
                (
                    SectionKind::Other,
                    "",
                    "Delrapport Vägen in\nEtt EU-projekt för nyanlända kvinnor i Gävleborg\n\
                     Innehåll\nSammanfattning .......... 2\nMålsättning .......... 2\n\
                     Målgrupper .......... 3\nResultat .......... 3"
                ),
                (
                    SectionKind::Summary,
                    "Sammanfattning",
                    "Vägen in har under det första året nått 86 kvinnor som varit i Sverige \
                     kortare än tre år. Projektet kombinerar svenska för invandrare med praktik i \
                     vård- och omsorgsyrken och i handeln. Arbetet beskrivs närmare under \
                     Resultat nedan."
                ),
                (
                    SectionKind::Goal,
                    "Målsättning",
                    "Minst 40 procent av deltagarna ska ha ett arbete eller studera vidare vid \
                     projektets slut. Projektet ska också sprida arbetssättet till fler kommuner \
                     i länet."
                ),
                (
                    SectionKind::Other,
                    "Målgrupper",
                    "Kvinnor mellan 20 och 64 år som har uppehållstillstånd och är inskrivna i \
                     etableringsprogrammet. Många har kort utbildning från hemlandet och en del \
                     har små barn."
                ),
                (
                    SectionKind::Other,
                    "Resultat",
                    "31 av de 86 deltagarna har gått vidare till arbete eller studier. Bland dem \
                     som gjort praktik i handeln fick nästan hälften en anställning, vilket är \
                     fler än förväntat."
                ),
            ]
        );
    }

    #[test]
    fn the_lexicon_decides_each_hyphen_at_a_break() {
        // Broken words the lexicon knows whole ("kompetensut-" + "vecklingen", "utvecklingsar-"
        // + "betet" across a page, "handledar-" + "utbildning"); hyphens the words have, the
        // whole unknown and the second part a word ("sfi-" + "undervisningen", "covid-" +
        // "pandemin", "e-" + "tjänster"); suspended compounds before "och".
        let parsed = written("slutrapport-sfi-bron.txt");
        assert_eq!(parsed.warnings, Vec::<String>::new());
        assert_eq!(
            sections(&parsed.doc),
            [
                (SectionKind::Other, "", "Slutrapport Sfi-bron Ett projekt i Borlänge 2019-2021"),
                (
                    SectionKind::Summary,
                    "Sammanfattning",
                    "Sfi-bron har kombinerat sfi-undervisningen med praktik för 64 deltagare. \
                     Under covid-pandemin flyttades en del av kompetensutvecklingen till nätet, \
                     och ansökningar gjordes som e-tjänster. Det fortsatta utvecklingsarbetet \
                     sker i kommunen."
                ),
                (
                    SectionKind::Background,
                    "Bakgrund",
                    "Många deltagare saknade kontakt med arbetsgivare. Arbetsmarknads- och \
                     utbildningsfrågor hanterades av olika förvaltningar, och hälso- och \
                     sjukvården sökte personal. Projektet har arbetat med handledarutbildning \
                     på arbetsplatserna."
                ),
            ]
        );
    }

    /// A transcript written in seed 001's shape: a table of contents, a footer on every page,
    /// words broken at a page and at a line break, a suspended compound at a line end.
    const WRITTEN: &str = "Slutrapport Brobygget
Transkript
1 Slutrapport Brobygget
2 Innehåll Sammanfattning Bakgrund Resultat Brobygget sid 2 av 5
3 Sammanfattning Projektet gav arbete åt fyrtio del-
tagare. Bakgrund Arbetsmarknads-
och utbildningsfrågor var utvecklings- Brobygget sid 3 av 5
4 områden i kommunen. Resultat Fyrtio fick arbete. Brobygget sid 4 av 5
5 Projektet avslutades. Brobygget sid 5 av 5
";

    #[test]
    fn a_written_transcript_reads_as_its_sections() {
        let doc = parse_any("written.txt", WRITTEN).doc;
        let found: Vec<(SectionKind, &str, &str)> =
            doc.sections.iter().map(|s| (s.kind, s.heading.as_str(), s.text.as_str())).collect();
        assert_eq!(
            found,
            [
                (
                    SectionKind::Other,
                    "",
                    "Slutrapport Brobygget\n\nInnehåll Sammanfattning Bakgrund Resultat"
                ),
                (
                    SectionKind::Summary,
                    "Sammanfattning",
                    "Projektet gav arbete åt fyrtio deltagare."
                ),
                (
                    SectionKind::Background,
                    "Bakgrund",
                    "Arbetsmarknads- och utbildningsfrågor var utvecklingsområden i kommunen."
                ),
                (SectionKind::Other, "Resultat", "Fyrtio fick arbete.\n\nProjektet avslutades."),
            ]
        );
    }

    #[test]
    fn an_entry_found_by_its_read_more_line() {
        // The excerpt does not repeat the title, and the list is cut at the excerpt.
        let text = "Rapport\nTranskript\n1 Rapport om X\n2 Text.\nUtdrag ur annat\nLäs mer\n";
        let doc = parse_any("x.txt", text).doc;
        assert_eq!(doc.section(SectionKind::Other), Some("Rapport om X\n\nText."));
        assert_eq!(doc.title, "Rapport om X");
        assert_eq!((doc.phase, doc.inferred.len()), (None, 0));
    }

    #[test]
    fn page_numbers_must_follow_each_other() {
        let text = "R\nTranskript\n1 Ett\n3 tre är inte två\n2 Två\n2 två igen\n";
        let doc = parse(text).doc;
        assert_eq!(
            doc.section(SectionKind::Other),
            Some("Ett\n3 tre är inte två\n\nTvå\n2 två igen")
        );
    }

    #[test]
    fn titles() {
        // A long first page is text, not a title.
        let long = format!("Rapport {}", "ord ".repeat(60));
        assert_eq!(choose_title("Rapport", None, Some(&long)), "Rapport");
        // A first page that does not begin with the viewer title is not a title either.
        assert_eq!(choose_title("Rapport", None, Some("1(20) Datum Rapport")), "Rapport");
        assert_eq!(
            choose_title("Handlingsplan", Some("Handlingsplan 2016-2018"), Some("1(20) Datum")),
            "Handlingsplan 2016-2018"
        );
        assert_eq!(choose_title("", None, None), "");
        let parsed = parse("\n\nTranskript\n");
        assert_eq!(parsed.doc.title, "");
        assert_eq!(
            parsed.warnings,
            ["transcript: no numbered pages found", "title: no title line"]
        );
    }

    #[test]
    fn phases() {
        assert_eq!(phase_of("Förprojekteringsrapport"), Some("Förprojektering"));
        assert_eq!(phase_of("FÖRSTUDIE om X"), Some("Förprojektering"));
        assert_eq!(phase_of("Slutrapport genomförande"), Some("Genomförande"));
        assert_eq!(phase_of("Förstudie inför genomförandeprojekt"), Some("Förprojektering"));
        assert_eq!(phase_of("Genomförandeplan efter förstudie"), Some("Genomförande"));
        assert_eq!(phase_of("Utvärdering"), None);
    }

    #[test]
    fn detection() {
        assert!(looks_like(SEED_001) && looks_like(OWN));
        assert!(looks_like("Titel\nTranskript\n\n1 Sida ett\n"));
        assert!(looks_like("Titel\nStorlek: px\nStarta visningen från sidan:\n"));
        assert!(!looks_like("Titel\nTranskript\n2 Sida två\n"));
        assert!(!looks_like("Transkript av intervju\n1 Fråga\n"));
        assert!(!looks_like(""));
    }

    #[test]
    fn page_numbers() {
        assert_eq!(page_number("12 text"), Some((12, "text")));
        assert_eq!(page_number("7"), Some((7, "")));
        assert_eq!(page_number("2013-05-24. Verksamhetsinriktning"), None);
        assert_eq!(page_number("1(23) Sammanfattning"), None);
        assert_eq!(page_number("12345 text"), None);
        assert_eq!(page_number("text"), None);
        assert_eq!(page_number("4 av 10 arbetsgivare"), None);
        assert_eq!(page_number("4 procent av deltagarna"), None);
        assert_eq!(page_number("4 av oss"), Some((4, "av oss")));
    }
}
