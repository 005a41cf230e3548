//! The query as people type and paste it, read as the grammar reads ASCII: typographic quotes
//! and dashes, fullwidth forms and invisible characters, and references whose colon is no
//! field's (`SFS 2010:800`, `kl 10:30`, `https://…`).
//!
//! Every character of the text read remembers the character of the typed text it comes from,
//! so that an error still points at what the user typed.

use unicode_normalization::UnicodeNormalization;

use super::grammar::INFLECTIONS;
use crate::index::schema;

/// The query text as the grammar reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Typed {
    pub text: String,
    /// For each character of `text`, the index of the typed character it comes from.
    origin: Vec<usize>,
    typed_len: usize,
}

impl Typed {
    /// The typed character index of character `at` of the text read (the end maps to the end).
    pub fn origin(&self, at: usize) -> usize {
        self.origin.get(at).copied().unwrap_or(self.typed_len)
    }
}

/// Quotes as word processors, Swedish and French typography write them; Swedish writes ” on
/// both sides.
fn is_quote(c: char) -> bool {
    matches!(c, '“' | '”' | '„' | '‟' | '«' | '»')
}

/// Reads `typed` (already recomposed, with ASCII spaces) as the grammar expects it.
pub(super) fn read(typed: &str) -> Typed {
    let typed_chars: Vec<char> = typed.chars().collect();
    let mut chars: Vec<(char, usize)> = Vec::new();
    let mut single_open = false;
    for (at, &c) in typed_chars.iter().enumerate() {
        if crate::text::is_invisible(c) {
            continue;
        }
        if is_quote(c) {
            chars.push(('"', at));
            continue;
        }
        let starts_word = chars.last().is_none_or(|&(before, _)| before == ' ' || before == '(');
        // Curly single quotes around words are quotes, ‘…’ and the Swedish ’…’ alike; a ’
        // inside or after a word that opens nothing is an apostrophe ("Sveriges’", "don’t").
        let closes_later = || typed_chars[at + 1..].contains(&'’');
        if c == '‘' || (c == '’' && (single_open || (starts_word && closes_later()))) {
            single_open = !single_open;
            chars.push(('"', at));
            continue;
        }
        // An en dash, em dash or minus sign where a word starts is the exclusion `-` typed by
        // a keyboard that corrects it; inside a word (2019–2020) it stays.
        if matches!(c, '–' | '—' | '−') && starts_word {
            chars.push(('-', at));
            continue;
        }
        // Fullwidth letters, digits and signs, ligatures: the compatibility form is the one
        // documents are read in.
        chars.extend(c.nfkc().map(|folded| (folded, at)));
    }
    let chars = joined_amounts(quote_references(loose_words(chars)));
    Typed {
        text: chars.iter().map(|&(c, _)| c).collect(),
        origin: chars.iter().map(|&(_, at)| at).collect(),
        typed_len: typed.chars().count(),
    }
}

/// Reads what pasted and hurried text writes as text, not as the grammar's: a dash or sign
/// standing alone between words ("Kiruna – Umeå", "sfi - umeå") is punctuation, not an
/// exclusion of nothing; signs doubled before a word ("--umeå") are the one next to it; and
/// `IN` not before a `[` is the word "in", not the grammar's set of values (`kommun: IN [Umeå
/// Luleå]`), which titles in capitals write ("LOGGA IN").
fn loose_words(mut chars: Vec<(char, usize)>) -> Vec<(char, usize)> {
    let mut in_quote = false;
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at].0;
        if matches!(c, ' ' | '(' | ')' | '"') {
            if c == '"' {
                in_quote = !in_quote;
            }
            at += 1;
            continue;
        }
        let end = (at..chars.len())
            .find(|&i| matches!(chars[i].0, ' ' | '(' | ')' | '"'))
            .unwrap_or(chars.len());
        let word: String = chars[at..end].iter().map(|&(c, _)| c).collect();
        // A sign before a phrase or a group (`-"a b"`, `+(a b)`) is the grammar's.
        let before_operand = chars.get(end).is_some_and(|&(c, _)| matches!(c, '"' | '('));
        let signs = word.chars().take_while(|c| matches!(c, '-' | '+')).count();
        if !in_quote && !before_operand && signs == end - at {
            chars[at..end].iter_mut().for_each(|(c, _)| *c = ' ');
        } else if !in_quote && signs > 1 {
            // Signs doubled before a word ("--umeå", "+-sfi"): the one next to it is meant.
            chars[at..at + signs - 1].iter_mut().for_each(|(c, _)| *c = ' ');
        }
        let before_set =
            chars[end..].iter().find(|&&(c, _)| c != ' ').is_some_and(|&(c, _)| c == '[');
        // The word without its sign and boost: `-IN`, `+IN`, `IN^2` are the word too.
        let core: String = word.chars().skip(signs).take_while(|&c| c != '^').collect();
        if !in_quote && (core == "IN" || core.ends_with(":IN")) && !before_set {
            let core_end = at + signs + core.chars().count();
            chars[core_end - 2..core_end].iter_mut().for_each(|(c, _)| *c = c.to_ascii_lowercase());
        }
        at = end;
    }
    chars
}

/// The units an amount may end in (see [`crate::text::kronor`]).
const AMOUNT_UNITS: [&str; 4] = ["kr", "tkr", "mkr", "sek"];

/// Joins an amount that a range bound writes with spaces, as Swedish writes amounts
/// (`stod:>=1 500 000`, `budget:<2,5 Mkr`, `stod:[1,5 Mkr TO 5 Mkr]`), into the one word the
/// grammar reads as the bound. A space ends a word of a query: `stod:>=1 500 000` was the
/// bound 1 and the words "500" and "000", a search for projects of more than one krona
/// relaxed to some of those words. After `>`, `>=`, `<` or `<=`, groups of three digits join a
/// first group of one to three, and a unit joins the number; inside brackets every word but
/// `TO` joins its neighbours.
fn joined_amounts(chars: Vec<(char, usize)>) -> Vec<(char, usize)> {
    // The words outside quotes, as (start, end) in `chars`.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut in_quote = false;
    let mut at = 0;
    while at < chars.len() {
        if chars[at].0 == '"' {
            in_quote = !in_quote;
        }
        if chars[at].0 == ' ' || in_quote {
            at += 1;
            continue;
        }
        let end =
            (at..chars.len()).find(|&i| matches!(chars[i].0, ' ' | '"')).unwrap_or(chars.len());
        words.push((at, end));
        at = end;
    }
    let text = |(start, end): (usize, usize)| -> String {
        chars[start..end].iter().map(|&(c, _)| c).collect()
    };
    // The spaces to drop, by index in `chars`: one space between two words joins them.
    let mut dropped = Vec::new();
    let joinable = |left: (usize, usize), right: (usize, usize)| right.0 == left.1 + 1;
    let mut index = 0;
    while index < words.len() {
        let word = text(words[index]);
        let unsigned = word.trim_start_matches(['+', '-']);
        let Some((name, rest)) = unsigned.split_once(':') else {
            index += 1;
            continue;
        };
        let amount = matches!(
            schema::resolve_range(name),
            Some(schema::Number::Grant | schema::Number::Budget)
        );
        if !amount {
            index += 1;
            continue;
        }
        if rest.starts_with(['[', '{']) {
            // Every word up to the one that closes the range.
            let mut last = index;
            while !text(words[last]).ends_with([']', '}']) && last + 1 < words.len() {
                last += 1;
            }
            for pair in index..last {
                let (left, right) = (text(words[pair]), text(words[pair + 1]));
                let to = |word: &str| word.trim_end_matches([']', '}']) == "TO";
                if !to(&left) && !to(&right) && joinable(words[pair], words[pair + 1]) {
                    dropped.push(words[pair].1);
                }
            }
            index = last + 1;
            continue;
        }
        let bound = rest.trim_start_matches(['>', '<', '=']);
        if bound.len() == rest.len() || bound.is_empty() {
            index += 1;
            continue;
        }
        let mut next = index + 1;
        let grouping = (1..=3).contains(&bound.len()) && bound.bytes().all(|b| b.is_ascii_digit());
        while grouping
            && next < words.len()
            && joinable(words[next - 1], words[next])
            && text(words[next]).len() == 3
            && text(words[next]).bytes().all(|b| b.is_ascii_digit())
        {
            dropped.push(words[next - 1].1);
            next += 1;
        }
        let numeric = bound.bytes().all(|b| b.is_ascii_digit() || b == b',');
        if numeric
            && next < words.len()
            && joinable(words[next - 1], words[next])
            && AMOUNT_UNITS.contains(&text(words[next]).to_lowercase().as_str())
        {
            dropped.push(words[next - 1].1);
            next += 1;
        }
        index = next;
    }
    chars.into_iter().enumerate().filter(|(at, _)| !dropped.contains(at)).map(|(_, c)| c).collect()
}

/// Puts quotes around a word whose colon names no field and cannot: a number or another word
/// with a digit or sign before the colon (`2010:800`, `2019/20:1`, `10:30`), or an address
/// (`https://…`). Quoted, it is the phrase of its words, as in documents. A word whose name is a
/// field, a field's value in quotes, a range, a wildcard or an inflected number (`4:e`) stays
/// as the grammar reads it.
fn quote_references(chars: Vec<(char, usize)>) -> Vec<(char, usize)> {
    let mut out = Vec::with_capacity(chars.len() + 4);
    let mut in_quote = false;
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at].0;
        let word_start = !in_quote && !matches!(c, ' ' | '(' | ')' | '"');
        if !word_start {
            if c == '"' {
                in_quote = !in_quote;
            }
            out.push(chars[at]);
            at += 1;
            continue;
        }
        let end = (at..chars.len())
            .find(|&i| matches!(chars[i].0, ' ' | '(' | ')'))
            .unwrap_or(chars.len());
        let word: String = chars[at..end].iter().map(|&(c, _)| c).collect();
        match reference(&word) {
            Some((start, len)) => {
                let origin = |offset: usize| chars[at + offset].1;
                out.extend(chars[at..at + start].iter().copied());
                out.push(('"', origin(start)));
                out.extend(chars[at + start..at + start + len].iter().copied());
                out.push(('"', chars[at + start + len - 1].1));
                out.extend(chars[at + start + len..end].iter().copied());
            }
            None => {
                in_quote ^= word.chars().filter(|&c| c == '"').count() % 2 == 1;
                out.extend(chars[at..end].iter().copied());
            }
        }
        at = end;
    }
    out
}

/// When `word` is a reference to quote: where the part to quote starts (after a sign `-`, `+`,
/// or a field's colon) and how many characters it has (without a `^` boost after it).
fn reference(word: &str) -> Option<(usize, usize)> {
    if word.contains(['"', '\\', '*']) {
        return None;
    }
    let chars: Vec<char> = word.chars().collect();
    let sign = chars.iter().take_while(|c| matches!(c, '-' | '+')).count();
    let colon = chars.iter().position(|&c| c == ':')?;
    let name: String = chars[sign..colon].iter().collect();
    let rest: String = chars[colon + 1..].iter().collect();
    if name.is_empty() || rest.is_empty() || rest.starts_with(['[', '{', ':']) {
        return None;
    }
    if schema::resolve_alias(&name).is_some() {
        // A field's word with a colon of its own (`titel:2010:800`, `text:ESF:s`) is the
        // field's phrase of that word, as the word alone is read: the grammar takes one colon.
        let boost = rest.find('^').map_or(rest.chars().count(), |at| rest[..at].chars().count());
        let word: String = rest.chars().take(boost).collect();
        let (head, ending) = word.split_once(':')?;
        let inflected = INFLECTIONS.contains(&ending.to_lowercase().as_str());
        let numbered = !head.is_empty() && !head.chars().all(char::is_alphabetic);
        return (!ending.is_empty() && (inflected || numbered)).then_some((colon + 1, boost));
    }
    let address = rest.starts_with("//") && name.chars().all(char::is_alphabetic);
    let numbered = !name.chars().all(char::is_alphabetic);
    if !(address || numbered) || INFLECTIONS.contains(&rest.to_lowercase().as_str()) {
        return None;
    }
    let body = chars.iter().position(|&c| c == '^').unwrap_or(chars.len()) - sign;
    // A boost before the colon ("^:1", "a^2:3") is no reference's end: the grammar says why.
    if body <= colon - sign {
        return None;
    }
    Some((sign, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(typed: &str) -> String {
        read(typed).text
    }

    #[test]
    fn amounts_of_a_range_written_with_spaces_are_one_bound() {
        assert_eq!(text("stod:>=1 500 000"), "stod:>=1500000");
        assert_eq!(text("sfi stöd:>=1 500 000 kr umeå"), "sfi stöd:>=1500000kr umeå");
        assert_eq!(text("budget:<2,5 Mkr sfi"), "budget:<2,5Mkr sfi");
        assert_eq!(text("-stod:>500 tkr"), "-stod:>500tkr");
        assert_eq!(text("stod:[1,5 Mkr TO 5 Mkr]"), "stod:[1,5Mkr TO 5Mkr]");
        assert_eq!(text("budget:{1 000 000 TO *} sfi"), "budget:{1000000 TO *} sfi");
        // Years, other fields, words that are no groups of three, quotes: as typed.
        assert_eq!(text("start:>=2009 100"), "start:>=2009 100");
        assert_eq!(text("stod:>=1500000 100 deltagare"), "stod:>=1500000 100 deltagare");
        assert_eq!(text("stod:>=15 00"), "stod:>=15 00");
        assert_eq!(text("\"stod:>=1 500\""), "\"stod:>=1 500\"");
        assert_eq!(text("arbete 500 000"), "arbete 500 000");
        assert_eq!(text("stod:>=  1 500"), "stod:>=  1 500");
    }

    #[test]
    fn typographic_marks_are_their_ascii_counterparts() {
        assert_eq!(text("”utrikes födda”"), "\"utrikes födda\"");
        assert_eq!(text("“a b” „c d“ «e f»"), "\"a b\" \"c d\" \"e f\"");
        assert_eq!(text("sfi –umeå (−lund) —malmö"), "sfi -umeå (-lund) -malmö");
        assert_eq!(text("‘socialt företagande’ ’a b’"), "\"socialt företagande\" \"a b\"");
        assert_eq!(text("Sveriges’ don’t"), "Sveriges’ don’t");
        assert_eq!(text("2019–2020"), "2019–2020");
        assert_eq!(text("ｕｎｇｄｏｍａｒ"), "ungdomar");
        assert_eq!(text("ＥＳＦ：ｓ"), "ESF:s");
        assert_eq!(text("ung\u{200B}domar soft\u{00AD}hyphen"), "ungdomar softhyphen");
        assert_eq!(text("ﬁnansiering"), "finansiering");
    }

    #[test]
    fn references_are_quoted_and_fields_are_not() {
        let cases = [
            ("SFS 2010:800", "SFS \"2010:800\""),
            ("2010:800", "\"2010:800\""),
            ("Prop. 2019/20:1", "Prop. \"2019/20:1\""),
            ("kl 10:30", "kl \"10:30\""),
            ("https://www.regeringen.se", "\"https://www.regeringen.se\""),
            ("-2010:800^2 (SOU 2019:40)", "-\"2010:800\"^2 (SOU \"2019:40\")"),
            ("titel:arbete", "titel:arbete"),
            ("titel:2010:800", "titel:\"2010:800\""),
            ("-text:ESF:s^2", "-text:\"ESF:s\"^2"),
            ("text:ESF:sverige", "text:ESF:sverige"),
            ("titel:ESF:", "titel:ESF:"),
            ("titel:#:ö", "titel:\"#:ö\""),
            ("Kiruna - Umeå", "Kiruna   Umeå"),
            ("sfi -- umeå + x -", "sfi    umeå   x  "),
            ("\"a - b\" -c", "\"a - b\" -c"),
            ("sfi -\"a b\" +(c d) -)", "sfi -\"a b\" +(c d)  )"),
            ("LOGGA IN", "LOGGA in"),
            ("kommun: IN [Umeå Luleå] IN", "kommun: IN [Umeå Luleå] in"),
            ("INTRO (IN)", "INTRO (in)"),
            ("titel:IN", "titel:in"),
            ("sfi --umeå +-x", "sfi  -umeå  -x"),
            ("sfi -IN +IN IN^2 (-IN)", "sfi -in +in in^2 (-in)"),
            ("titel:-IN", "titel:-IN"),
            ("text:år:ål^2", "text:år:ål^2"),
            ("titel:2010:å", "titel:\"2010:å\""),
            ("titl:arbete", "titl:arbete"),
            ("ESF:s 4:e", "ESF:s 4:e"),
            ("2010:\"800\"", "2010:\"800\""),
            ("\"a 2010:800\" 10:", "\"a 2010:800\" 10:"),
            ("start:[2009 TO 2010] 2010:[1 TO 2]", "start:[2009 TO 2010] 2010:[1 TO 2]"),
            ("2010:8*", "2010:8*"),
            // A boost before the colon (found by tests/fuzz.rs: it underflowed).
            ("^:1", "^:1"),
            ("-^2:3", "-^2:3"),
            ("a^2:3", "a^2:3"),
        ];
        for (typed, expected) in cases {
            assert_eq!(text(typed), expected, "{typed}");
        }
    }

    #[test]
    fn every_character_read_points_at_the_one_typed() {
        let typed = read("”a” 10:3\u{200B}0 x");
        assert_eq!(typed.text, "\"a\" \"10:30\" x");
        let origins: Vec<usize> =
            (0..=typed.text.chars().count()).map(|at| typed.origin(at)).collect();
        assert_eq!(origins, [0, 1, 2, 3, 4, 4, 5, 6, 7, 9, 9, 10, 11, 12]);
    }
}
