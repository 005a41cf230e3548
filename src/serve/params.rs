//! A request's parameters in the library's terms: the query string read into the `…Settings`
//! of [`crate::config`], the path's id, and library messages in the API's words.

use std::str::FromStr;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query};
use axum::http::StatusCode;

use crate::config::{Choice, FilterSettings};
use crate::error::{Error, Result};
use crate::index::schema::Facet;

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

/// The query string as (name, value) pairs; empty values count as absent.
pub(super) struct Params(Vec<(String, String)>);

impl Params {
    pub(super) fn new(
        query: std::result::Result<Query<Vec<(String, String)>>, QueryRejection>,
    ) -> Result<Params> {
        match query {
            Ok(Query(pairs)) => {
                Ok(Params(pairs.into_iter().filter(|(_, value)| !value.is_empty()).collect()))
            }
            Err(rejection) => {
                Err(rejected("query string", rejection.status(), rejection.body_text()))
            }
        }
    }

    pub(super) fn one(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    pub(super) fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(key, _)| key == name).map(|(_, value)| value.clone()).collect()
    }

    pub(super) fn text(&self, name: &str) -> String {
        self.one(name).unwrap_or_default().to_string()
    }

    pub(super) fn required(&self, name: &str) -> Result<String> {
        self.one(name).map(str::to_string).ok_or_else(|| Error::argument(name, "missing"))
    }

    pub(super) fn number<T: FromStr>(&self, name: &str) -> Result<Option<T>> {
        self.one(name)
            .map(|value| {
                value.trim().parse().map_err(|_| {
                    Error::argument(name, format!("{value:?} is not a whole number in range"))
                })
            })
            .transpose()
    }

    pub(super) fn flag(&self, name: &str) -> bool {
        self.one(name).is_some_and(|value| !matches!(value, "0" | "false" | "no"))
    }

    pub(super) fn choice<E: Choice>(&self, name: &str) -> Result<Option<E>> {
        self.one(name)
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
            min_grant: self.number("min_grant")?,
            max_grant: self.number("max_grant")?,
            min_budget: self.number("min_budget")?,
            max_budget: self.number("max_budget")?,
        })
    }
}

pub(super) type RawQuery = std::result::Result<Query<Vec<(String, String)>>, QueryRejection>;
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
