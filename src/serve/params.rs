//! A request's parameters in the library's terms: the query string read into the `…Settings`
//! of [`crate::config`], the path's id, and library messages in the API's words.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::str::FromStr;

use axum::extract::rejection::PathRejection;
use axum::extract::Path;
use axum::http::StatusCode;

use crate::config::{Choice, FilterSettings};
use crate::error::{Error, Result};
use crate::index::schema::Facet;
use crate::text;

/// The command-line flags that the library's searches name in their messages (a section a
/// document lacks), each of which the API takes as a parameter of the same name.
const FLAGS: [&str; 2] = ["field", "section"];

/// A library error in the API's words: the flags it names become parameter names.
pub(super) fn in_api_terms(error: Error) -> Error {
    match error {
        Error::Argument { name, message } => {
            Error::Argument { name: api_words(&name), message: api_words(&message) }
        }
        other => other,
    }
}

fn api_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("--") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let length =
            after.find(|c: char| !(c.is_ascii_lowercase() || c == '-')).unwrap_or(after.len());
        let flag = &after[..length];
        if FLAGS.contains(&flag) {
            out.push_str(&flag.replace('-', "_"));
            rest = &after[length..];
        } else {
            out.push_str("--");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The query string as (name, value) pairs; empty values count as absent. A handler asks for
/// each parameter it takes, then calls [`Params::no_others`], so a misspelt name (`regoin=`) is
/// refused rather than silently searching without its filter.
pub(super) struct Params {
    pairs: Vec<(String, String)>,
    asked: RefCell<BTreeSet<String>>,
}

impl Params {
    pub(super) fn new(RawQuery(query): RawQuery) -> Result<Params> {
        let pairs = decode_pairs(query.as_deref().unwrap_or(""))?;
        if let Some((_, value)) = pairs.iter().find(|(name, _)| name.is_empty()) {
            return Err(Error::argument(
                "query string",
                format!("a value without a parameter name (={value})"),
            ));
        }
        Ok(Params { pairs, asked: RefCell::default() })
    }

    fn given(&self, name: &str) -> Vec<&str> {
        self.asked.borrow_mut().insert(name.to_string());
        self.pairs
            .iter()
            .filter(|(key, value)| key == name && !value.is_empty())
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// A parameter that takes one value. Given twice alike it is one value; given with two
    /// values it is refused, as no single answer could be right.
    fn one(&self, name: &str) -> Result<Option<&str>> {
        let values = self.given(name);
        let Some(&first) = values.first() else {
            return Ok(None);
        };
        if let Some(other) = values.iter().find(|value| **value != first) {
            return Err(Error::argument(
                name,
                format!("given twice, as {first:?} and {other:?}; give it once"),
            ));
        }
        Ok(Some(first))
    }

    pub(super) fn all(&self, name: &str) -> Vec<String> {
        self.given(name).into_iter().map(str::to_string).collect()
    }

    pub(super) fn text(&self, name: &str) -> Result<String> {
        Ok(self.one(name)?.unwrap_or_default().to_string())
    }

    pub(super) fn required(&self, name: &str) -> Result<String> {
        self.one(name)?.map(str::to_string).ok_or_else(|| Error::argument(name, "missing"))
    }

    pub(super) fn number<T: FromStr>(&self, name: &str) -> Result<Option<T>> {
        self.one(name)?
            .map(|value| {
                value.trim().parse().map_err(|_| {
                    Error::argument(name, format!("{value:?} is not a whole number in range"))
                })
            })
            .transpose()
    }

    /// An amount of kronor as Swedish text writes it ("1,5 Mkr", "1 500 000"), as the command
    /// line's --min-grant reads it: a link written by hand is as readable as the flag.
    pub(super) fn kronor(&self, name: &str) -> Result<Option<u64>> {
        self.one(name)?
            .map(|value| {
                text::kronor(value)
                    .map_err(|why| Error::argument(name, format!("{value:?}: {why}")))
            })
            .transpose()
    }

    pub(super) fn flag(&self, name: &str) -> Result<bool> {
        match self.one(name)? {
            None | Some("0" | "false" | "no" | "off") => Ok(false),
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some(value) => Err(Error::argument(
                name,
                format!("{value:?} is neither true nor false (give 1 or 0, true or false)"),
            )),
        }
    }

    pub(super) fn choice<E: Choice>(&self, name: &str) -> Result<Option<E>> {
        self.one(name)?
            .map(|value| {
                E::named(value)
                    .ok_or_else(|| Error::argument(name, format!("unknown value {value:?}")))
            })
            .transpose()
    }

    pub(super) fn filters(&self) -> Result<FilterSettings> {
        Ok(FilterSettings {
            facets: Facet::ALL.into_iter().map(|facet| (facet, self.all(facet.name()))).collect(),
            from_year: self.number("from_year")?,
            to_year: self.number("to_year")?,
            active_in: self.number("active_in")?,
            min_grant: self.kronor("min_grant")?,
            max_grant: self.kronor("max_grant")?,
            min_budget: self.kronor("min_budget")?,
            max_budget: self.kronor("max_budget")?,
        })
    }

    /// Refuses the first parameter the handler never asked for, naming the nearest one it takes.
    pub(super) fn no_others(&self) -> Result<()> {
        let asked = self.asked.borrow();
        let Some((unknown, _)) = self.pairs.iter().find(|(name, _)| !asked.contains(name)) else {
            return Ok(());
        };
        let nearest = asked
            .iter()
            .map(|known| (text::edit_distance(unknown, known), known))
            // One changed letter of a one-letter name is any name: `x` is not a misspelt `q`.
            .filter(|&(distance, known)| {
                let shorter = known.chars().count().min(unknown.chars().count());
                distance <= (known.chars().count() / 3).max(1) && distance < shorter
            })
            .min();
        let message = match nearest {
            Some((_, known)) => format!("unknown parameter; did you mean {known}?"),
            None if asked.is_empty() => "unknown parameter; this route takes none".to_string(),
            None => {
                let names: Vec<&str> = asked.iter().map(String::as_str).collect();
                format!("unknown parameter; this one takes {}", names.join(", "))
            }
        };
        Err(Error::argument(unknown, message))
    }
}

pub(super) use axum::extract::RawQuery;

/// The pairs of a query string (`application/x-www-form-urlencoded`: `+` is a space, `%XX` a
/// byte). Bytes that are not UTF-8 are refused, naming their parameter: a lossy decoder would
/// search for the replacement characters it put in their place, a question nobody asked. A
/// U+FFFD sent as text (`%EF%BF%BD`) is text like any other, read as the command line reads it.
fn decode_pairs(query: &str) -> Result<Vec<(String, String)>> {
    let not_text = |name: &str| {
        Error::argument(name, "not UTF-8 text (percent-encoded bytes that do not decode)")
    };
    let mut pairs = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = decode_component(name).ok_or_else(|| not_text("query string"))?;
        let value = decode_component(value).ok_or_else(|| not_text(&name))?;
        pairs.push((name, value));
    }
    Ok(pairs)
}

/// One name or value of a query string, decoded; `None` when its bytes are not UTF-8.
fn decode_component(text: &str) -> Option<String> {
    let raw = text.as_bytes();
    let mut bytes = Vec::with_capacity(raw.len());
    let mut at = 0;
    while at < raw.len() {
        let hex = |offset: usize| raw.get(at + offset).and_then(|c| (*c as char).to_digit(16));
        match raw[at] {
            b'+' => bytes.push(b' '),
            b'%' => match (hex(1), hex(2)) {
                (Some(high), Some(low)) => {
                    bytes.push((high * 16 + low) as u8);
                    at += 2;
                }
                // A % without two hex digits stands for itself, as browsers read it.
                _ => bytes.push(b'%'),
            },
            byte => bytes.push(byte),
        }
        at += 1;
    }
    String::from_utf8(bytes).ok()
}
pub(super) type RawId = std::result::Result<Path<String>, PathRejection>;

pub(super) fn path_id(id: RawId) -> Result<String> {
    id.map(|Path(id)| id)
        .map_err(|rejection| rejected("id", rejection.status(), rejection.body_text()))
}

/// axum's rejection of a parameter as a library error. Most are the client's (a query string
/// or id that does not decode: 400), but a route that lost its path parameter is the
/// server's own failure and must not answer 400 as if the client had erred.
fn rejected(name: &str, status: StatusCode, text: String) -> Error {
    if status.is_server_error() {
        Error::internal(format!("{name}: {text}"))
    } else {
        Error::argument(name, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejection_is_the_clients_fault_unless_axum_says_it_is_the_servers() {
        let client = rejected("id", StatusCode::BAD_REQUEST, "Invalid URL".into());
        assert_eq!(client.to_string(), "id: Invalid URL");
        assert_eq!(crate::serve::status(&client), StatusCode::BAD_REQUEST);
        let server = rejected("id", StatusCode::INTERNAL_SERVER_ERROR, "No paths".into());
        assert_eq!(server.to_string(), "internal error: id: No paths");
        assert_eq!(crate::serve::status(&server), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn query_strings_decode_as_forms_and_refuse_only_bytes_that_are_not_utf8() {
        let pairs =
            decode_pairs("q=socialt+f%C3%B6retagande&region=%C3%96vre%20Norrland&&x=").unwrap();
        let expected = [("q", "socialt företagande"), ("region", "Övre Norrland"), ("x", "")];
        let expected: Vec<(String, String)> =
            expected.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        assert_eq!(pairs, expected);
        // A replacement character sent as text is text.
        assert_eq!(decode_pairs("q=a%EF%BF%BDb").unwrap(), [("q".into(), "a\u{FFFD}b".into())]);
        assert_eq!(
            decode_pairs("q=100%&n=%4").unwrap(),
            [("q".into(), "100%".into()), ("n".into(), "%4".into())]
        );
        assert_eq!(decode_pairs("=x").unwrap(), [(String::new(), "x".into())]);
        let refused = decode_pairs("q=%ff%fe").unwrap_err().to_string();
        assert_eq!(refused, "q: not UTF-8 text (percent-encoded bytes that do not decode)");
        let refused = decode_pairs("%C3=1").unwrap_err().to_string();
        assert_eq!(
            refused,
            "query string: not UTF-8 text (percent-encoded bytes that do not decode)"
        );
    }

    #[test]
    fn api_words_turn_known_flags_into_parameters_only() {
        assert_eq!(
            api_words("--field: a.txt has no Syfte section"),
            "field: a.txt has no Syfte section"
        );
        assert_eq!(api_words("--section: b.txt has no Bakgrund"), "section: b.txt has no Bakgrund");
        // The configs name the API's parameters themselves (see `config::Names`).
        assert_eq!(api_words("--limit: 1 --offset"), "--limit: 1 --offset");
        assert_eq!(api_words("a --nothing-known b -- c--"), "a --nothing-known b -- c--");
    }
}
