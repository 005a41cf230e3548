//! Inference of kommuner and ESF region from the place names in running Swedish text.
//!
//! The text is read once: it is cut into tokens (words, numbers, single punctuation marks, line
//! breaks) and every word is looked up in a lexicon of place names built on first use. A
//! lexicon entry may need further words ("Övre" + "Norrland", "Lilla" + "Edet"). What a match
//! means then depends on its neighbours:
//!
//! - "Kalmar län", "Region Skåne": the län, not the kommun.
//! - Kommun names that are also words or personal names (Mark, Vara, Lund, Berg, …) count only
//!   with a sign that a place is meant: "Marks kommun", "i Lund", or standing in a list next to
//!   another place ("Ale, Kungälv och Lilla Edet"). Next to a capitalised non-place word they
//!   are taken for a person ("Mark Rutte", "Anna Lund").
//! - Places in the names of institutions ("Lunds universitet", "Kammarrätten i Stockholm",
//!   "Stockholm Resilience Centre") and datelines ("Stockholm den 3 maj 2016") do not count:
//!   they say where something sits or was signed, not what the text is about.
//! - Regional authorities ("Länsstyrelsen i Hallands län", "Region Skåne") add weight but are
//!   not enough on their own: the government gives them national tasks.
//!
//! Each counted mention adds a weight to its ESF region: 1 for a kommun, län, landskap or
//! "…regionen", 2 for the name of an ESF region; a title counts twice. A region is inferred only
//! when it holds a clear majority of the weight, was named often enough for the length of the
//! text and on more than one line; see [`Tally::region`]. Tuned on Swedish government texts
//! (the g0vse corpus): about 2.6 % of them get a region, and in spot checks over nine in ten of
//! those were right.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use foldhash::fast::RandomState;

use crate::text::{self, is_letter};

use super::table::{genitive, KOMMUNER};
use super::{Inference, REGIONS};

/// Share of all place weight that the leading region must hold.
const MIN_SHARE: f64 = 0.75;
/// Mentions of the leading region needed before it is inferred…
const MIN_MENTIONS: u32 = 2;
/// …and at least one for every so many bytes of text, so that a long national text is not
/// given a region by a passing remark.
const BYTES_PER_MENTION: usize = 5000;
/// Lines that must mention the leading region (a title counts twice).
const MIN_LINES: u32 = 2;

/// Kommun names that are also common words, personal names or surnames: they count only with
/// context. (Habo and Hjo are short enough to turn up as abbreviations or foreign words.)
const AMBIGUOUS: [&str; 22] = [
    "Ale",
    "Berg",
    "Bjuv",
    "Bräcke",
    "Dorotea",
    "Eda",
    "Falkenberg",
    "Habo",
    "Hjo",
    "Kil",
    "Kinda",
    "Klippan",
    "Lund",
    "Mark",
    "Mora",
    "Nora",
    "Norberg",
    "Orsa",
    "Sala",
    "Salem",
    "Vara",
    "Vilhelmina",
];

/// Words after a kommun name that show it is the kommun ("Marks kommun").
const KOMMUN_CONTEXT_AFTER: [&str; 9] =
    ["kommun", "kommuns", "kommuner", "kommunerna", "stad", "stads", "tätort", "Kommun", "Stad"];

/// Words after a place name that make it part of the name of an institution, which says little
/// about where a text is about: "Lunds universitet", "Stockholms tingsrätt".
const INSTITUTION_AFTER: [&str; 7] =
    ["universitet", "universitets", "tekniska", "högskola", "högskolas", "tingsrätt", "tingsrätts"];

/// Regional authorities named after their area: "Länsstyrelsen i Hallands län", "Region Skåne".
/// The government gives them national tasks, so on their own they do not make a region, unless
/// someone visits them ("besöker Region Kronoberg").
const AUTHORITY_BEFORE: [&str; 4] =
    ["Länsstyrelsen", "Länsstyrelserna", "Landstinget", "Regionförbundet"];

/// Words before an authority's name that make it a place visited.
const VISIT_BEFORE: [&str; 4] = ["besöker", "besökte", "besöka", "besök"];

/// Institutions named after the place they sit in: "Kammarrätten i Stockholm", "Högskolan i
/// Gävle", "Handelshögskolan i Stockholm", "Hovrätten över Skåne och Blekinge", and the titles
/// of their judges ("kammarrättslagman i Stockholm"). Matched, in any case, as the end of the
/// word two tokens before.
const INSTITUTION_BEFORE: [&str; 7] =
    ["rätten", "institutet", "högskolan", "universitetet", "stiftet", "lagman", "rådman"];

/// Institutions whose name puts the place right after them: "Högskolan Kristianstad",
/// "Högskolan Väst". Matched, in any case, as the end of the word before.
const INSTITUTION_JUST_BEFORE: [&str; 2] = ["högskolan", "universitetet"];

/// Words before a place name that show a place is meant ("i Lund", "besöker Mora").
const PLACE_CONTEXT_BEFORE: [&str; 10] =
    ["i", "I", "från", "Från", "till", "utanför", "Utanför", "besöker", "Besöker", "besökte"];

/// Tokens that join the items of a list of places.
const LIST_SEPARATORS: [&str; 7] = [",", "och", "samt", "eller", "/", "–", "-"];

/// Places that name a län or a larger area rather than a kommun, with their ESF region: the
/// short names of the län (the long ones are "<kommun or short name>s län"), landskap that lie
/// (all but a kommun or two) within one ESF region, and common names of areas. Landskap split
/// between regions (Uppland) and areas such as Norrland, Mälardalen and Bergslagen are left out
/// on purpose.
const AREAS: [(&str, &str); 37] = [
    ("Norrbotten", "Övre Norrland"),
    ("Västerbotten", "Övre Norrland"),
    ("Lappland", "Övre Norrland"),
    ("Tornedalen", "Övre Norrland"),
    ("Västernorrland", "Mellersta Norrland"),
    ("Jämtland", "Mellersta Norrland"),
    ("Ångermanland", "Mellersta Norrland"),
    ("Medelpad", "Mellersta Norrland"),
    ("Värmland", "Norra Mellansverige"),
    ("Dalarna", "Norra Mellansverige"),
    ("Gävleborg", "Norra Mellansverige"),
    ("Hälsingland", "Norra Mellansverige"),
    ("Gästrikland", "Norra Mellansverige"),
    ("Storstockholm", "Stockholm"),
    ("Södermanland", "Östra Mellansverige"),
    ("Sörmland", "Östra Mellansverige"),
    ("Östergötland", "Östra Mellansverige"),
    ("Västmanland", "Östra Mellansverige"),
    ("Närke", "Östra Mellansverige"),
    ("Halland", "Västsverige"),
    ("Bohuslän", "Västsverige"),
    ("Dalsland", "Västsverige"),
    ("Västergötland", "Västsverige"),
    ("Skaraborg", "Västsverige"),
    ("Sjuhärad", "Västsverige"),
    ("Fyrbodal", "Västsverige"),
    ("Storgöteborg", "Västsverige"),
    ("Västra Götaland", "Västsverige"),
    ("Västra Götalandsregionen", "Västsverige"),
    ("Kronoberg", "Småland och öarna"),
    ("Småland", "Småland och öarna"),
    ("Öland", "Småland och öarna"),
    ("Skåne", "Sydsverige"),
    ("Blekinge", "Sydsverige"),
    ("Österlen", "Sydsverige"),
    ("Öresundsregionen", "Sydsverige"),
    ("Stormalmö", "Sydsverige"),
];

/// The names of the ESF regions as they stand in text, first word in either case.
const REGION_NAMES: [(&str, &str); 13] = [
    ("Övre Norrland", "Övre Norrland"),
    ("övre Norrland", "Övre Norrland"),
    ("Mellersta Norrland", "Mellersta Norrland"),
    ("mellersta Norrland", "Mellersta Norrland"),
    ("Norra Mellansverige", "Norra Mellansverige"),
    ("norra Mellansverige", "Norra Mellansverige"),
    ("Östra Mellansverige", "Östra Mellansverige"),
    ("östra Mellansverige", "Östra Mellansverige"),
    ("Stockholmsregionen", "Stockholm"),
    ("Västsverige", "Västsverige"),
    ("Sydsverige", "Sydsverige"),
    ("Småland och öarna", "Småland och öarna"),
    ("Småland och Öarna", "Småland och öarna"),
];

/// Towns and forms that stand for a kommun of another name.
const KOMMUN_ALIASES: [(&str, &str); 5] = [
    ("Falu", "Falun"),
    ("Visby", "Gotland"),
    ("Sveg", "Härjedalen"),
    ("Malung", "Malung-Sälen"),
    ("Sälen", "Malung-Sälen"),
];

/// Kommuner whose name followed by "län" names their län ("Kalmar län", "Stockholms län").
const LAN_KOMMUNER: [&str; 6] =
    ["Stockholm", "Uppsala", "Jönköping", "Kalmar", "Gotland", "Örebro"];

/// What a lexicon entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A kommun, by position in the table.
    Kommun(usize),
    /// A län, landskap or other area within one ESF region, by position in [`REGIONS`].
    Area(usize),
    /// The name of an ESF region, by position in [`REGIONS`].
    Region(usize),
}

#[derive(Debug, Clone)]
struct Entry {
    place: Place,
    /// Words that must follow the key word, e.g. `["Norrland"]` after "Övre".
    rest: Vec<String>,
    ambiguous: bool,
}

type Lexicon = HashMap<String, Vec<Entry>, RandomState>;

/// Word → entries starting with that word, longest `rest` first.
static LEXICON: LazyLock<Lexicon> = LazyLock::new(build_lexicon);

/// The few lexicon words that begin in lower case ("övre Norrland"). Running text is mostly
/// lower-case words, and these spare them a hash lookup each.
static LOWER_CASE_KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    LEXICON.keys().filter(|key| starts_lower_case(key)).map(String::as_str).collect()
});

fn starts_lower_case(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_lowercase)
}

fn region_index(region: &str) -> usize {
    REGIONS.iter().position(|&known| known == region).expect("a known ESF region")
}

fn kommun_index(name: &str) -> usize {
    KOMMUNER.iter().position(|kommun| kommun.name == name).expect("a known kommun")
}

/// The words of a name in the nominative and in the genitive, which goes on the last word:
/// "Umeås", "Lilla Edets", "Västra Götalands".
fn name_forms(name: &str) -> [Vec<String>; 2] {
    let words: Vec<String> = name.split(' ').map(str::to_string).collect();
    let mut genitive_words = words.clone();
    if let Some(last) = genitive_words.last_mut() {
        *last = genitive(last);
    }
    [words, genitive_words]
}

fn build_lexicon() -> Lexicon {
    let mut lexicon = Lexicon::default();
    let mut add = |name: &str, place: Place, ambiguous: bool| {
        for mut words in name_forms(name) {
            let rest = words.split_off(1);
            let entries = lexicon.entry(words.remove(0)).or_default();
            if !entries.iter().any(|entry| entry.rest == rest) {
                entries.push(Entry { place, rest, ambiguous });
            }
        }
    };
    for (position, kommun) in KOMMUNER.iter().enumerate() {
        add(kommun.name, Place::Kommun(position), AMBIGUOUS.contains(&kommun.name));
    }
    for (alias, name) in KOMMUN_ALIASES {
        add(alias, Place::Kommun(kommun_index(name)), false);
    }
    for (area, region) in AREAS {
        add(area, Place::Area(region_index(region)), false);
    }
    for (name, region) in REGION_NAMES {
        add(name, Place::Region(region_index(region)), false);
    }
    for entries in lexicon.values_mut() {
        entries.sort_by_key(|entry| std::cmp::Reverse(entry.rest.len()));
    }
    lexicon
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Number,
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Token<'t> {
    text: &'t str,
    kind: Kind,
}

/// Cuts text into words (letters, joined by single hyphens), numbers and punctuation marks.
/// A line break is a punctuation mark too, so that a heading does not run into the next line.
fn tokenise(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::with_capacity(text.len() / 6);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let kind = if is_letter(c) {
            Kind::Word
        } else if c.is_ascii_digit() {
            Kind::Number
        } else if c.is_whitespace() && c != '\n' {
            continue;
        } else {
            Kind::Punct
        };
        let mut end = start + c.len_utf8();
        if kind != Kind::Punct {
            while let Some(&(at, next)) = chars.peek() {
                let continues = match kind {
                    Kind::Word if next == '-' => {
                        text[at + 1..].chars().next().is_some_and(char::is_alphabetic)
                    }
                    Kind::Word => is_letter(next),
                    _ => next.is_ascii_digit(),
                };
                if !continues {
                    break;
                }
                end = at + next.len_utf8();
                chars.next();
            }
        }
        tokens.push(Token { text: &text[start..end], kind });
    }
    tokens
}

fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none_or(|c| !c.is_uppercase())
}

/// One place name found in the text, covering tokens `start..end`.
#[derive(Debug, Clone, Copy)]
struct Mention {
    start: usize,
    end: usize,
    place: Place,
    /// Needs context before it counts.
    ambiguous: bool,
    /// Its neighbours show that a place is meant.
    context: bool,
    /// Part of the name of a person or an institution ("Lunds universitet"): not counted.
    institution: bool,
    /// Part of the name of a regional authority ("Region Skåne"): adds weight, but is not enough
    /// for a region on its own.
    authority: bool,
}

impl Mention {
    fn new(start: usize, end: usize, place: Place) -> Mention {
        Mention {
            start,
            end,
            place,
            ambiguous: false,
            context: false,
            institution: false,
            authority: false,
        }
    }
}

/// The lexicon entries that start with this word token.
fn entries(word: &str) -> Option<&'static [Entry]> {
    let found = if let Cow::Owned(recomposed) = text::recompose(word) {
        LEXICON.get(recomposed.as_str())
    } else if starts_lower_case(word) && !LOWER_CASE_KEYS.contains(&word) {
        None
    } else {
        LEXICON.get(word)
    };
    found.map(Vec::as_slice)
}

/// A lexicon entry matched in the text: what it names and the token after it.
#[derive(Debug, Clone, Copy)]
struct Match {
    place: Place,
    ambiguous: bool,
    end: usize,
}

/// The longest entry that matches at token `at`.
fn match_at(tokens: &[Token], at: usize) -> Option<Match> {
    let word = tokens[at].text;
    if let Some(found) = entries(word) {
        return found.iter().find_map(|entry| {
            let end = at + 1 + entry.rest.len();
            let follows = tokens.get(at + 1..end).is_some_and(|next| {
                next.iter()
                    .zip(&entry.rest)
                    .all(|(token, w)| token.kind == Kind::Word && token.text == w)
            });
            follows.then_some(Match { place: entry.place, ambiguous: entry.ambiguous, end })
        });
    }
    // "Umeåregionen", "Göteborgsområdet": the area around a kommun.
    let stem = ["regionen", "området"].iter().find_map(|suffix| word.strip_suffix(suffix))?;
    let stem = stem.strip_suffix('-').unwrap_or(stem);
    let entry = entries(stem)?.iter().find(|entry| entry.rest.is_empty() && !entry.ambiguous)?;
    let place = match entry.place {
        Place::Kommun(position) => Place::Area(region_index(KOMMUNER[position].region)),
        other => other,
    };
    Some(Match { place, ambiguous: false, end: at + 1 })
}

/// The places named in one text, before ambiguous names and lists are resolved.
fn mentions(tokens: &[Token]) -> Vec<Mention> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        let token = tokens[at];
        if token.kind != Kind::Word {
            at += 1;
            continue;
        }
        match match_at(tokens, at) {
            Some(matched) => {
                found.extend(read_mention(tokens, at, matched));
                at = matched.end;
            }
            None => {
                // "Göteborg-Stockholm", "Jämtland-Härjedalen": look at each part.
                if token.text.contains('-') {
                    let parts: Vec<Place> = token
                        .text
                        .split('-')
                        .filter_map(|part| {
                            let part = [Token { text: part, kind: Kind::Word }];
                            match match_at(&part, 0) {
                                Some(Match { place, ambiguous: false, .. }) => Some(place),
                                _ => None,
                            }
                        })
                        .collect();
                    // "Jämtland-Härjedalen" is the län, not the kommun Härjedalen.
                    let area = parts.iter().any(|place| matches!(place, Place::Area(_)));
                    for place in parts {
                        found.push(Mention::new(
                            at,
                            at + 1,
                            if area { as_area(place) } else { place },
                        ));
                    }
                }
                at += 1;
            }
        }
    }
    found
}

/// The area a place lies in: a kommun's region, or the place itself.
fn as_area(place: Place) -> Place {
    match place {
        Place::Kommun(position) => Place::Area(region_index(KOMMUNER[position].region)),
        other => other,
    }
}

/// What the words around a place name found at token `at` make of it, or `None` for a place
/// and date line or a postal address.
fn read_mention(tokens: &[Token], at: usize, matched: Match) -> Option<Mention> {
    let Match { place, ambiguous, end } = matched;
    let text_at = |at: usize| tokens.get(at).map(|token| token.text);
    let word_at =
        |at: usize| tokens.get(at).filter(|token| token.kind == Kind::Word).map(|t| t.text);
    let word_back = |count: usize| at.checked_sub(count).and_then(word_at);
    let before = word_back(1);
    let after = word_at(end);
    let ends_with_any = |word: &str, names: &[&str]| {
        let word = word.to_lowercase();
        names.iter().any(|name| word.ends_with(&name.to_lowercase()))
    };
    let named_by = |names: &[&str]| {
        before.is_some_and(|word| ["i", "över", "på"].contains(&word))
            && word_back(2).is_some_and(|word| ends_with_any(word, names))
    };
    // "SE-103 33 Stockholm", "100 12 Stockholm": a postal address, where a letter goes, not what
    // the text is about.
    let postal =
        at >= 2 && tokens[at - 1].kind == Kind::Number && tokens[at - 2].kind == Kind::Number;
    if postal {
        return None;
    }
    let visited = |count: usize| word_back(count).is_some_and(|word| VISIT_BEFORE.contains(&word));
    // "Mark- och miljödomstolen", "Stockholms- och Göteborgsregionen": part of a compound.
    let compound =
        text_at(end) == Some("-") && matches!(text_at(end + 1), Some("och" | "eller" | ","));

    let mut mention = Mention { ambiguous, ..Mention::new(at, end, place) };
    mention.institution = after.is_some_and(|word| INSTITUTION_AFTER.contains(&word))
        || text_at(end) == Some("+")
        || compound
        || named_by(&INSTITUTION_BEFORE)
        || before.is_some_and(|word| ends_with_any(word, &INSTITUTION_JUST_BEFORE));
    let authority_just_before = before.is_some_and(|word| AUTHORITY_BEFORE.contains(&word));
    mention.authority = before == Some("Region") && !visited(2)
        || authority_just_before && !visited(2)
        || named_by(&AUTHORITY_BEFORE) && !visited(3);
    let Place::Kommun(position) = place else { return Some(mention) };

    let kommun = &KOMMUNER[position];
    let lan = matches!(after, Some("län" | "läns")) && LAN_KOMMUNER.contains(&kommun.name);
    // The län before 1998: "Göteborgs och Bohus län".
    let old_lan = after == Some("och") && word_at(end + 1) == Some("Bohus");
    // "Region Uppsala", "Länsstyrelsen i Kalmar", "Landstinget i Uppsala": an authority of the
    // län. Gotland's region is also its kommun.
    let regional =
        (before == Some("Region") || authority_just_before || named_by(&AUTHORITY_BEFORE))
            && kommun.name != "Gotland";
    if lan || old_lan || regional {
        // "Kalmar län", "Region Uppsala": the län, not the kommun.
        mention.place = Place::Area(region_index(kommun.region));
    } else if is_dateline(tokens, end) {
        return None;
    }
    mention.context = after.is_some_and(|word| KOMMUN_CONTEXT_AFTER.contains(&word))
        || before.is_some_and(|word| PLACE_CONTEXT_BEFORE.contains(&word));
    let foreign = |word: Option<&str>| {
        word.is_some_and(|word| is_capitalised(word) && entries(word).is_none() && word != "Region")
    };
    // "Mark Rutte", "Troels Lund Poulsen"; "Stockholm Resilience Centre", "Göteborg Energi": a
    // person, or an organisation whose seat says little about the text. And "Anna Lund".
    if !mention.context && (foreign(after) || ambiguous && foreign(before)) {
        mention.institution = true;
    }
    Some(mention)
}

/// Whether the tokens from `at` on close a place and date line: "Stockholm den 3 maj 2016",
/// "Kulturhuset, Stockholm, fredag den 9 maj", "Stockholm, Köpenhamn och Oslo den 15 november
/// 1976". Such a line says where a text was signed or spoken, not what it is about.
fn is_dateline(tokens: &[Token], mut at: usize) -> bool {
    const WEEKDAYS: [&str; 7] =
        ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"];
    let text_at = |at: usize| tokens.get(at).map(|token| token.text);
    while matches!(text_at(at), Some("," | "och")) && text_at(at + 1).is_some_and(is_capitalised) {
        at += 2;
    }
    if text_at(at) == Some(",") {
        at += 1;
    }
    if text_at(at).is_some_and(|word| WEEKDAYS.contains(&word)) {
        at += 1;
    }
    text_at(at) == Some("den") && tokens.get(at + 1).is_some_and(|token| token.kind == Kind::Number)
}

/// Settles what the neighbours of each mention show, and keeps the mentions that count:
/// ambiguous names standing in a list next to an accepted place get context ("Ale, Kungälv och
/// Lilla Edet"), repeating until nothing changes; list items after an institution's place
/// belong to it ("Hovrätten över Skåne och Blekinge"), and so do those after an authority's.
fn resolve(tokens: &[Token], mut found: Vec<Mention>) -> Vec<Mention> {
    let separated = |left: &Mention, right: &Mention| {
        right.start == left.end + 1 && LIST_SEPARATORS.contains(&tokens[left.end].text)
    };
    for i in 1..found.len() {
        // "Region Jämtland Härjedalen", "Jämtland/Härjedalen": a kommun's name right after an
        // area's is part of the area's name.
        let (left, right) = (&found[i - 1], &found[i]);
        let joined =
            right.start == left.end || right.start == left.end + 1 && tokens[left.end].text == "/";
        if joined && matches!(left.place, Place::Area(_)) {
            found[i].place = as_area(found[i].place);
            found[i].authority |= found[i - 1].authority;
            found[i].context = true;
        }
    }
    for i in 1..found.len() {
        if separated(&found[i - 1], &found[i]) {
            found[i].institution |= found[i - 1].institution;
            found[i].authority |= found[i - 1].authority;
        }
    }
    found.retain(|mention| !mention.institution);
    let accepted = |mention: &Mention| !mention.ambiguous || mention.context;
    loop {
        let mut changed = false;
        for i in 0..found.len() {
            if accepted(&found[i]) {
                continue;
            }
            let next = found.get(i + 1).filter(|next| accepted(next) && separated(&found[i], next));
            let previous = i
                .checked_sub(1)
                .map(|j| &found[j])
                .filter(|previous| accepted(previous) && separated(previous, &found[i]));
            if next.is_some() || previous.is_some() {
                found[i].context = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    found.retain(accepted);
    found
}

/// Place mentions added up over one or more texts.
#[derive(Debug, Default)]
pub(super) struct Tally {
    /// Kommuner in order of first mention.
    kommuner: Vec<usize>,
    /// Weight of the mentions of each region.
    weight: [u32; 8],
    /// Number of mentions of each region, leaving out regional authorities.
    mentions: [u32; 8],
    /// Number of lines that mention each region.
    lines: [u32; 8],
    /// The last line that mentioned each region, numbered over all texts from 1.
    last_line: [usize; 8],
    line: usize,
    bytes: usize,
}

impl Tally {
    /// Adds the places named in `text`.
    pub(super) fn scan(&mut self, text: &str) {
        self.scan_weighted(text, 1);
    }

    /// Adds the places named in a title, which count twice: a title names what the text is about.
    pub(super) fn scan_title(&mut self, title: &str) {
        self.scan_weighted(title, 2);
    }

    fn scan_weighted(&mut self, text: &str, factor: u32) {
        self.bytes += text.len();
        self.line += 1;
        let tokens = tokenise(text);
        let mut counted = 0;
        for mention in resolve(&tokens, mentions(&tokens)) {
            self.line +=
                tokens[counted..mention.start].iter().filter(|token| token.text == "\n").count();
            counted = mention.start;
            let (region, weight) = match mention.place {
                Place::Kommun(position) => {
                    if !self.kommuner.contains(&position) {
                        self.kommuner.push(position);
                    }
                    (region_index(KOMMUNER[position].region), 1)
                }
                Place::Area(region) => (region, 1),
                Place::Region(region) => (region, 2),
            };
            self.weight[region] += weight * factor;
            if mention.authority {
                continue;
            }
            self.mentions[region] += factor;
            if self.last_line[region] != self.line {
                self.last_line[region] = self.line;
                self.lines[region] += factor;
            }
        }
        self.line += tokens[counted..].iter().filter(|token| token.text == "\n").count();
    }

    /// The region that holds at least [`MIN_SHARE`] of all place weight, was named at least
    /// [`MIN_MENTIONS`] times and once per [`BYTES_PER_MENTION`], and on more than one line: a
    /// single sentence about a region in a long text is a passing remark.
    pub(super) fn region(&self) -> Option<&'static str> {
        let total: u32 = self.weight.iter().sum();
        let (best, &weight) = self.weight.iter().enumerate().max_by_key(|&(_, weight)| weight)?;
        let clear = f64::from(weight) >= MIN_SHARE * f64::from(total);
        let needed =
            MIN_MENTIONS.max(u32::try_from(self.bytes / BYTES_PER_MENTION).unwrap_or(u32::MAX));
        let enough = self.mentions[best] >= needed && self.lines[best] >= MIN_LINES;
        (total > 0 && clear && enough).then_some(REGIONS[best])
    }

    pub(super) fn into_inference(self) -> Inference {
        let region = self.region();
        Inference {
            kommuner: self.kommuner.iter().map(|&position| KOMMUNER[position].name).collect(),
            region,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::places::infer;

    fn words(text: &str) -> Vec<&str> {
        tokenise(text).iter().map(|token| token.text).collect()
    }

    #[test]
    fn tokenise_keeps_hyphenated_names_and_splits_punctuation() {
        assert_eq!(
            words("Malung-Sälen, Dals-Ed och Luleå–Boden (2009-01-01) EU:s"),
            [
                "Malung-Sälen",
                ",",
                "Dals-Ed",
                "och",
                "Luleå",
                "–",
                "Boden",
                "(",
                "2009",
                "-",
                "01",
                "-",
                "01",
                ")",
                "EU",
                ":",
                "s"
            ]
        );
        assert_eq!(words("Stock- holm"), ["Stock", "-", "holm"]);
        assert_eq!(words("Övre\r\nNorrland"), ["Övre", "\n", "Norrland"]);
        assert!(words("").is_empty());
        assert_eq!(words(" \t\n "), ["\n"]);
    }

    #[test]
    fn decomposed_letters_are_recomposed() {
        let text = "Projektet drivs i Ume\u{61}\u{30a} och Lule\u{61}\u{30a} kommuner.";
        assert_eq!(words(text)[3], "Ume\u{61}\u{30a}");
        assert_eq!(infer(text).kommuner, ["Umeå", "Luleå"]);
    }

    #[test]
    fn random_input_does_not_panic() {
        // A fixed pseudo-random walk over characters that matter to the tokeniser.
        let alphabet: Vec<char> =
            "aåÅöÖ- –,.\n0\u{30a}\u{308}UmeåLundMarkkommunlänRegion".chars().collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..500 {
            let mut text = String::new();
            for _ in 0..64 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            let _ = infer(&text);
        }
    }

    #[test]
    fn lexicon_knows_every_kommun_and_its_genitive() {
        for kommun in KOMMUNER.iter() {
            let [name, genitive] = name_forms(kommun.name);
            let text =
                format!("Projektet i {} och i {} kommun.", name.join(" "), genitive.join(" "));
            assert_eq!(infer(&text).kommuner, [kommun.name], "{text}");
        }
    }
}
