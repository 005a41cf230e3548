//! The query's grammar: tantivy's, read with our checks before it (unbalanced quotes and
//! parentheses, nesting), with errors said in the user's terms and places, and the reading of
//! the tree it gives that the builder needs (inflected acronyms are words, which clauses are
//! words, how many words).

use tantivy::query_grammar::{self, Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};

use super::typed;
use crate::error::{Error, Result};
use crate::index::schema::{self, Named};

/// Queries at most this long are quoted whole in an error; longer ones only around the error.
const QUOTED_WHOLE: usize = 60;
/// Characters quoted on each side of the place of an error in a longer query.
const QUOTED_AROUND: usize = 25;

/// The endings Swedish writes after a colon on an acronym, an abbreviation or a number
/// (`ESF:s`, `Af:arna`, `SFI:n`, `Maj:t`, `N:r`, `S:ta`, `4:e`, `1:a`, `sms:ade`): the
/// genitive, the definite and plural forms of every declension and their genitives, agent
/// nouns, verb forms, ordinals and the contractions older texts use. Such a word is the word it inflects, as the
/// tokenizer reads it in documents, not a field.
pub const INFLECTIONS: [&str; 43] = [
    "s", "n", "ns", "en", "ens", "et", "ets", "t", "ts", "ar", "ars", "arna", "arnas", "er", "ers",
    "erna", "ernas", "or", "ors", "orna", "ornas", "r", "rs", "rna", "rnas", "na", "nas", "an",
    "ans", "are", "ares", "aren", "arens", "e", "es", "a", "as", "o", "ta", "ade", "at", "ats",
    "ande",
];

/// Parses with tantivy's grammar; on failure, says in our words what is wrong and where.
pub(super) fn parse(text: &str) -> Result<UserInputAst> {
    // The grammar splits words at ASCII spaces only; text pasted from PDFs and web pages has
    // no-break and other Unicode spaces between its words. One character for one keeps every
    // position an error names (in the recomposed text: a field name or facet value typed with
    // a decomposed å is the field or value).
    let spaced: String = crate::text::recompose(text)
        .chars()
        .map(|c| if c.is_whitespace() && c != ' ' { ' ' } else { c })
        .collect();
    let typed = typed::read(&spaced);
    let fail = |problem: Problem| {
        let problem = Problem { at: typed.origin(problem.at), what: problem.what };
        Err(Error::query(&quoted(&spaced, Some(problem.at)), problem))
    };
    let text = typed.text.as_str();
    if let Some(problem) = unbalanced(text) {
        return fail(problem);
    }
    match query_grammar::parse_query(text) {
        Ok(ast) if !boosts_in_range(&ast, 1.0) => {
            fail(Problem { at: boost_out_of_range_at(text), what: boost_rule() })
        }
        Ok(ast) => Ok(ast),
        Err(_) => fail(diagnose(text).unwrap_or_else(|| {
            // The lenient parser knows where it gave up, not why: say where.
            let (_, errors) = query_grammar::parse_query_lenient(text);
            let at = errors.first().map_or(0, |error| char_index(text, error.pos));
            Problem { at, what: "the query cannot be read here".to_string() }
        })),
    }
}

/// The largest weight a query may give a word, boosts around boosts multiplied: more than any
/// weighting a person means (^2, ^10), and far from where scores stop being finite numbers
/// (nested ^100000000 made every score infinite, and ^0 made a hit score nothing).
const MAX_BOOST: f64 = 1000.0;

fn boost_rule() -> String {
    format!(
        "a boost ^ must follow a word and be more than 0 and at most {MAX_BOOST} (boosts \
         around boosts multiply), as in arbete^2"
    )
}

fn boosts_in_range(ast: &UserInputAst, outer: f64) -> bool {
    match ast {
        UserInputAst::Clause(clauses) => {
            clauses.iter().all(|(_, clause)| boosts_in_range(clause, outer))
        }
        UserInputAst::Boost(inner, boost) => {
            let weight = outer * boost.0;
            boost.0 > 0.0 && weight <= MAX_BOOST && boosts_in_range(inner, weight)
        }
        UserInputAst::Leaf(_) => true,
    }
}

/// Where to point at a boost out of range: the first whose own number is, else the last
/// (the one that multiplied the weight past the limit).
fn boost_out_of_range_at(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let carets: Vec<usize> = (0..chars.len()).filter(|&at| chars[at] == '^').collect();
    let own_number = |at: usize| -> f64 {
        let number: String =
            chars[at + 1..].iter().take_while(|c| c.is_ascii_digit() || **c == '.').collect();
        number.parse().unwrap_or(0.0)
    };
    carets
        .iter()
        .copied()
        .find(|&at| !(own_number(at) > 0.0 && own_number(at) <= MAX_BOOST))
        .or(carets.last().copied())
        .unwrap_or(0)
}

/// What is wrong with a query, and where (a character index).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    at: usize,
    what: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at character {})", self.what, self.at + 1)
    }
}

fn problem(at: usize, what: impl Into<String>) -> Option<Problem> {
    Some(Problem { at, what: what.into() })
}

/// The character index of a byte offset (the lenient parser counts bytes).
fn char_index(text: &str, byte: usize) -> usize {
    text.char_indices().take_while(|(at, _)| *at < byte).count()
}

/// One piece of a query outside quotes: a word, an operator, a parenthesis or a quoted phrase
/// with what follows its closing quote (`~2`, `^3`), with the character index it starts at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub(crate) at: usize,
    pub(crate) text: String,
}

pub(crate) fn pieces(text: &str) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut current: Option<Piece> = None;
    let mut in_quote = false;
    for (at, c) in text.chars().enumerate() {
        let separate = !in_quote && (c == '(' || c == ')');
        if separate || (!in_quote && c.is_whitespace()) {
            out.extend(current.take());
            if separate {
                out.push(Piece { at, text: c.to_string() });
            }
            continue;
        }
        if c == '"' {
            in_quote = !in_quote;
        }
        current.get_or_insert_with(|| Piece { at, text: String::new() }).text.push(c);
    }
    out.extend(current);
    out
}

/// Names the first problem the grammar stumbles on, in the user's terms.
fn diagnose(text: &str) -> Option<Problem> {
    let pieces = pieces(text);
    let is_operator = |piece: &Piece| matches!(piece.text.as_str(), "AND" | "OR" | "&&" | "||");
    let mut in_range = None;
    for (index, piece) in pieces.iter().enumerate() {
        let before = index.checked_sub(1).map(|i| &pieces[i]);
        let after = pieces.get(index + 1);
        if is_operator(piece) {
            let word_before =
                before.is_some_and(|b| !is_operator(b) && b.text != "(" && b.text != "NOT");
            let word_after = after.is_some_and(|a| !is_operator(a) && a.text != ")");
            if !word_before || !word_after {
                return problem(piece.at, format!("{} needs a word on each side", piece.text));
            }
        }
        if piece.text == "NOT" && after.is_none_or(|a| is_operator(a) || a.text == ")") {
            return problem(piece.at, "NOT needs a word after it");
        }
        if let Some(found) = diagnose_piece(piece, after, &mut in_range) {
            return Some(found);
        }
    }
    in_range.map(|open| Problem {
        at: open,
        what: "this range is not closed: a range reads start:[2009 TO 2010] or stod:[1000000 TO *]"
            .to_string(),
    })
}

/// Problems inside one piece: a colon without a field, a field without a value, a range
/// bracket alone, a slop or boost that is not a number. `in_range` tells where a range's
/// `[` or `{` opened in an earlier piece is still open.
fn diagnose_piece(
    piece: &Piece,
    after: Option<&Piece>,
    in_range: &mut Option<usize>,
) -> Option<Problem> {
    let chars: Vec<char> = piece.text.chars().collect();
    let at = |offset: usize| piece.at + offset;
    let start = chars.iter().take_while(|c| matches!(c, '-' | '+')).count();
    let quoted = chars.get(start) == Some(&'"');
    if !quoted {
        if let Some(colon) = chars.iter().position(|&c| c == ':') {
            if colon == start {
                return problem(at(colon), "':' must follow a field name, as in titel:arbete");
            }
            match chars.get(colon + 1) {
                Some(':') => {
                    return problem(
                        at(colon + 1),
                        "':' must follow a field name, as in titel:arbete",
                    )
                }
                None if after.is_none_or(|a| a.text == ")") => {
                    let field: String = chars[start..colon].iter().collect();
                    return problem(at(colon), format!("{field}: needs a word after it"));
                }
                Some(_) if chars[colon + 1..].contains(&':') => {
                    let second = colon + 1 + chars[colon + 1..].iter().position(|&c| c == ':')?;
                    let field: String = chars[start..colon].iter().collect();
                    return problem(
                        at(second),
                        format!("a word of {field}: cannot hold a ':'; quote it, as in {field}:\"10:30\""),
                    );
                }
                Some('-') => {
                    let field: String = chars[start..colon].iter().collect();
                    return problem(
                        at(colon + 1),
                        format!("to exclude a word of {field}, put the - before the field, as in -{field}:arbete"),
                    );
                }
                _ => {}
            }
        }
        // A phrase opens at the start of a word or right after a field's colon, not inside
        // a word ("sfi\"sas\"").
        if let Some(quote) = chars.iter().position(|&c| c == '"') {
            if chars[quote - 1] != ':' {
                return problem(
                    at(quote),
                    "a quote must begin a word (or follow a field name, as in titel:\"sociala \
                     företag\"): put a space before it",
                );
            }
        }
        for (offset, &c) in chars.iter().enumerate() {
            match c {
                '[' | '{' if offset == 0 || chars[offset - 1] != ':' => {
                    return problem(at(offset), "a range needs a field, as in start:[2009 TO 2010]")
                }
                '[' | '{' => *in_range = Some(at(offset)),
                ']' | '}' if in_range.is_none() => {
                    return problem(
                        at(offset),
                        format!("'{c}' closes no range; a range reads start:[2009 TO 2010]"),
                    )
                }
                ']' | '}' => *in_range = None,
                _ => {}
            }
        }
    }
    let phrase = quoted || chars.contains(&'"');
    let closing_quote = if phrase { chars.iter().rposition(|&c| c == '"') } else { None };
    let tail_from = closing_quote.map_or(start, |quote| quote + 1);
    // After a phrase only its slop (~2) or boost (^2) may follow without a space.
    if let Some(&c) = closing_quote.and_then(|quote| chars.get(quote + 1)) {
        if c != '~' && c != '^' {
            return problem(
                at(tail_from),
                "a phrase's closing quote must end the word: put a space after it",
            );
        }
    }
    for (offset, &c) in chars.iter().enumerate().skip(tail_from) {
        let number: String =
            chars[offset + 1..].iter().take_while(|c| c.is_ascii_digit() || **c == '.').collect();
        if c == '~' && quoted && offset + 1 < chars.len() && number.parse::<u32>().is_err() {
            return problem(
                at(offset),
                format!("the slop after ~ must be a whole number up to {}", u32::MAX),
            );
        }
        if c == '^' {
            let positive =
                number.parse::<f64>().is_ok_and(|boost| boost > 0.0 && boost.is_finite());
            if offset == 0 || !positive {
                return problem(at(offset), boost_rule());
            }
        }
    }
    None
}

/// The deepest nesting of parentheses a query may have. The grammar and the query built from it
/// recurse once per level: 400 levels overflowed a server thread's stack and aborted the
/// whole server, and no one writes more than a handful.
const MAX_NESTING: usize = 32;

/// tantivy's grammar accepts some unbalanced input silently; users deserve to hear about it.
/// Nesting deeper than [`MAX_NESTING`] is refused here too, before the grammar recurses.
fn unbalanced(text: &str) -> Option<Problem> {
    let quotes: Vec<usize> =
        text.chars().enumerate().filter(|(_, c)| *c == '"').map(|(at, _)| at).collect();
    if quotes.len() % 2 == 1 {
        return problem(quotes[quotes.len() - 1], "unbalanced double quote");
    }
    let mut open: Vec<usize> = Vec::new();
    for (at, c) in text.chars().enumerate() {
        match c {
            '(' if open.len() == MAX_NESTING => {
                return problem(at, format!("more than {MAX_NESTING} parentheses nested"))
            }
            '(' => open.push(at),
            ')' if open.pop().is_none() => return problem(at, "unbalanced ')'"),
            _ => {}
        }
    }
    open.first().and_then(|&at| problem(at, "unbalanced '(': a closing ')' is missing"))
}

/// The query as an error quotes it: whole when short, else only the part around `at` (a
/// character index), or its start when the error has no place.
pub(super) fn quoted(text: &str, at: Option<usize>) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= QUOTED_WHOLE {
        return text.to_string();
    }
    let at = at.unwrap_or(0).min(chars.len());
    let from = at.saturating_sub(QUOTED_AROUND);
    let to = (at + QUOTED_AROUND).min(chars.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.extend(&chars[from..to]);
    if to < chars.len() {
        out.push('…');
    }
    out
}

/// `ESF:s`, `Af:arna`, `4:e` … read as the word they inflect (what the tokenizer makes of
/// them in texts), not as a value of the field `ESF`. A real field (`titel:s`) stays a field.
pub(super) fn inflected_words_not_fields(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, clause)| (occur, inflected_words_not_fields(clause)))
                .collect(),
        ),
        UserInputAst::Boost(inner, boost) => {
            UserInputAst::Boost(Box::new(inflected_words_not_fields(*inner)), boost)
        }
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(mut literal) => {
                if let Some(word) = inflected_word(&literal) {
                    literal.phrase = word;
                    literal.field_name = None;
                }
                UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)))
            }
            other => UserInputAst::Leaf(Box::new(other)),
        },
    }
}

/// The word of `ESF:s` (`ESF`), when the literal is such a word rather than a field's value.
fn inflected_word(literal: &UserInputLiteral) -> Option<String> {
    let name = literal.field_name.as_deref()?;
    if literal.delimiter != Delimiter::None
        || literal.prefix
        || schema::resolve_alias(name).is_some()
    {
        return None;
    }
    let ending = literal.phrase.trim_end_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    INFLECTIONS.contains(&ending.as_str()).then(|| name.to_string())
}

/// The words and ranges of a query, each of which becomes its own clauses.
pub(super) fn count_words(ast: &UserInputAst) -> usize {
    match ast {
        UserInputAst::Clause(clauses) => {
            clauses.iter().map(|(_, clause)| count_words(clause)).sum()
        }
        UserInputAst::Boost(inner, _) => count_words(inner),
        UserInputAst::Leaf(_) => 1,
    }
}

/// The text of a clause that counts as a word of the query (see [`coverage`](crate::search::coverage)): a word or a
/// quoted phrase, in every text field or one; not a facet value, a wildcard, a range or a group.
pub(super) fn counted_text(ast: &UserInputAst) -> Option<&str> {
    // A boost weighs a word's score, not its place in the coverage rule (`sfi^2 arbete` was
    // read as needing both words).
    if let UserInputAst::Boost(inner, _) = ast {
        return counted_text(inner);
    }
    let UserInputAst::Leaf(leaf) = ast else { return None };
    let UserInputLeaf::Literal(literal) = leaf.as_ref() else { return None };
    let wildcard = literal.delimiter == Delimiter::None && literal.phrase.contains('*');
    let text_field = match literal.field_name.as_deref() {
        None => true,
        Some(name) => {
            matches!(schema::resolve_alias(name), Some(Named::Text(_)))
        }
    };
    (text_field && !literal.prefix && !wildcard).then_some(literal.phrase.as_str())
}

/// A word typed without field, quotes or wildcard.
pub(super) fn plain_word(ast: &UserInputAst) -> Option<&UserInputLiteral> {
    let UserInputAst::Leaf(leaf) = ast else { return None };
    let UserInputLeaf::Literal(literal) = leaf.as_ref() else { return None };
    (literal.field_name.is_none() && literal.delimiter == Delimiter::None && !literal.prefix)
        .then_some(literal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(problem: Option<Problem>) -> Option<String> {
        problem.map(|problem| problem.to_string())
    }

    #[test]
    fn unbalanced_input_is_named() {
        assert_eq!(
            named(unbalanced("\"socialt företagande")),
            Some("unbalanced double quote (at character 1)".into())
        );
        assert_eq!(
            named(unbalanced("(a OR b")),
            Some("unbalanced '(': a closing ')' is missing (at character 1)".into())
        );
        assert_eq!(named(unbalanced("a) b")), Some("unbalanced ')' (at character 2)".into()));
        assert_eq!(unbalanced("(a OR b) \"c d\""), None);
        let deep = |levels: usize| format!("{}a{}", "-(".repeat(levels), ")".repeat(levels));
        assert_eq!(unbalanced(&deep(32)), None);
        assert_eq!(
            named(unbalanced(&deep(33))),
            Some("more than 32 parentheses nested (at character 66)".into())
        );
    }

    #[test]
    fn boosts_must_be_positive_and_bounded_also_when_nested() {
        let message = boost_rule();
        for (text, at) in
            [("sfi^0", 4), ("sfi^1001", 4), ("(sfi^100)^100", 10), ("a^2 (b^0.5)^0", 12)]
        {
            assert_eq!(
                parse_error(text),
                format!("query {text:?}: {message} (at character {at})"),
                "{text}"
            );
        }
        for text in ["sfi^1000", "(sfi^100)^10", "a^0.001", "\"a b\"^3", "(a^2 b)^2"] {
            assert!(parse(text).is_ok(), "{text}");
        }
    }

    /// The message of the query error `text` gives.
    fn parse_error(text: &str) -> String {
        match parse(text) {
            Ok(ast) => panic!("{text:?} parsed as {ast:?}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn grammar_errors_say_what_and_where_in_our_words() {
        let cases = [
            ("AND", "query \"AND\": AND needs a word on each side (at character 1)"),
            ("a OR", "query \"a OR\": OR needs a word on each side (at character 3)"),
            ("a AND OR b", "query \"a AND OR b\": AND needs a word on each side (at character 3)"),
            ("(OR a)", "query \"(OR a)\": OR needs a word on each side (at character 2)"),
            ("a NOT", "query \"a NOT\": NOT needs a word after it (at character 3)"),
            (
                "]",
                "query \"]\": ']' closes no range; a range reads start:[2009 TO 2010] (at character 1)",
            ),
            (
                "::",
                "query \"::\": ':' must follow a field name, as in titel:arbete (at character 1)",
            ),
            ("titel:", "query \"titel:\": titel: needs a word after it (at character 6)"),
            (
                "titel:-arbete",
                "query \"titel:-arbete\": to exclude a word of titel, put the - before the \
                 field, as in -titel:arbete (at character 7)",
            ),
            (
                "titel:och:att",
                "query \"titel:och:att\": a word of titel: cannot hold a ':'; quote it, as in \
                 titel:\"10:30\" (at character 10)",
            ),
            (
                "titel:-",
                "query \"titel:-\": to exclude a word of titel, put the - before the field, as \
                 in -titel:arbete (at character 7)",
            ),
            (
                "sfi\"sas\"",
                "query \"sfi\\\"sas\\\"\": a quote must begin a word (or follow a field name, \
                 as in titel:\"sociala företag\"): put a space before it (at character 4)",
            ),
            (
                "\"sfi\"sas",
                "query \"\\\"sfi\\\"sas\": a phrase's closing quote must end the word: put a \
                 space after it (at character 6)",
            ),
            (
                "titel:\"a b\"c",
                "query \"titel:\\\"a b\\\"c\": a phrase's closing quote must end the word: put \
                 a space after it (at character 12)",
            ),
            (
                "\"socialt företagande\"~99999999999999999999",
                "query \"\\\"socialt företagande\\\"~99999999999999999999\": the slop after ~ must \
                 be a whole number up to 4294967295 (at character 22)",
            ),
            (
                "a^-1",
                "query \"a^-1\": a boost ^ must follow a word and be more than 0 and at most 1000 \
                 (boosts around boosts multiply), as in \
                 arbete^2 (at character 2)",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_error(text), expected, "{text}");
        }
    }

    #[test]
    fn long_queries_are_quoted_around_the_error_only() {
        let text = format!("{} AND", "matchning ".repeat(20));
        assert_eq!(
            parse_error(&text),
            "query \"…ing matchning matchning  AND\": AND needs a word on each side (at \
             character 202)"
        );
        assert_eq!(quoted(&"a".repeat(61), None), format!("{}…", "a".repeat(25)));
        assert_eq!(quoted("kort", Some(3)), "kort");
    }

    #[test]
    fn inflected_acronyms_are_words_and_fields_stay_fields() {
        let read = |text: &str| format!("{:?}", inflected_words_not_fields(parse(text).unwrap()));
        assert_eq!(read("ESF:s målgrupper"), format!("{:?}", parse("ESF målgrupper").unwrap()));
        for (inflected, word) in [("Af:arna", "Af"), ("SKL:s", "SKL"), ("4:e", "4"), ("N:r", "N")] {
            assert_eq!(read(inflected), format!("{:?}", parse(word).unwrap()), "{inflected}");
        }
        assert_eq!(read("titel:s"), format!("{:?}", parse("titel:s").unwrap()));
        assert_eq!(read("ESF:sverige"), format!("{:?}", parse("ESF:sverige").unwrap()));
        assert_eq!(read("ESF:\"s\""), format!("{:?}", parse("ESF:\"s\"").unwrap()));
    }

    #[test]
    fn words_and_phrases_count_for_the_coverage_rule_and_nothing_else_does() {
        let counted = |text: &str| -> Vec<Option<String>> {
            let UserInputAst::Clause(clauses) = parse(text).unwrap() else { panic!("{text}") };
            clauses.iter().map(|(_, ast)| counted_text(ast).map(str::to_string)).collect()
        };
        assert_eq!(
            counted("validering \"utländsk kompetens\" titel:stöd"),
            [Some("validering".into()), Some("utländsk kompetens".into()), Some("stöd".into())]
        );
        assert_eq!(
            counted("kommun:Umeå matchn* (a b) start:[2009 TO 2010]"),
            [None, None, None, None]
        );
    }
}
