//! The research views' handlers: `/api/trends`, `/api/terms` and `/api/kwic`, each answering
//! what its command prints with `--json`, from the parameters of a search (`q`, the filters,
//! `exact`) and its own.

use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;

use super::params::{Params, RawQuery};
use super::work::{blocking, Weight};
use super::{json_body, Shared};
use crate::config::views::{
    KwicConfig, KwicSettings, TermsConfig, TermsSettings, TrendsConfig, TrendsSettings,
    ViewSettings,
};
use crate::config::Names;
use crate::error::Result;
use crate::output::{kwic as kwic_output, terms as terms_output, trends as trends_output};
use crate::search::kwic::KwicSort;
use crate::search::terms::Against;
use crate::search::trends::TrendBy;
use crate::search::{kwic, terms, trends};

fn view(params: &Params) -> Result<ViewSettings> {
    Ok(ViewSettings {
        query: params.text("q")?,
        filters: params.filters()?,
        exact: params.flag("exact")?,
    })
}

pub(super) async fn api_trends(
    State(server): State<Shared>,
    uri: Uri,
    query: RawQuery,
) -> Response {
    blocking(server, uri, Weight::Light, move |work| {
        let params = Params::new(query)?;
        let settings = TrendsSettings {
            view: view(&params)?,
            by: params.choice("by")?.unwrap_or(TrendBy::Year),
            count: params.choice("count")?,
            share: params.flag("share")?,
        };
        params.no_others()?;
        let config = TrendsConfig::new(settings, Names::Parameters)?;
        let request = config.request();
        let trend = trends::trend(&work.index, &work.server.synonyms, request)?;
        json_body(&trends_output::Trends::new(&request.search.query, &trend))
    })
    .await
}

pub(super) async fn api_terms(State(server): State<Shared>, uri: Uri, query: RawQuery) -> Response {
    blocking(server, uri, Weight::Heavy, move |work| {
        let params = Params::new(query)?;
        let against = params.all("against");
        let settings = TermsSettings {
            view: view(&params)?,
            against: against.clone(),
            section: params.choice("section")?,
            limit: params.number("limit")?,
        };
        params.no_others()?;
        let config = TermsConfig::new(settings, Names::Parameters)?;
        let request = config.request();
        let found = terms::terms(&work.index, &work.server.synonyms, request)?;
        let against = if request.against == Against::All { Vec::new() } else { against };
        json_body(&terms_output::TermList::new(&request.search.query, &against, &found))
    })
    .await
}

pub(super) async fn api_kwic(State(server): State<Shared>, uri: Uri, query: RawQuery) -> Response {
    blocking(server, uri, Weight::Heavy, move |work| {
        let params = Params::new(query)?;
        let settings = KwicSettings {
            view: view(&params)?,
            width: params.number("width")?,
            limit: params.number("limit")?,
            sort: params.choice("sort")?.unwrap_or(KwicSort::Score),
        };
        params.no_others()?;
        let config = KwicConfig::new(settings, Names::Parameters)?;
        let request = config.request();
        let concordance = kwic::kwic(&work.index, &work.server.synonyms, request)?;
        json_body(&kwic_output::Kwic::new(&request.search.query, &concordance))
    })
    .await
}
