// projsok's page: plain JavaScript, no build step. The URL's query string holds the whole
// state (query, filters, page, view, compared ids); every change goes through go(), which
// pushes it to the history and renders from it, so back/forward and bookmarks work.
"use strict";

const PAGE_SIZE = 10;
const FACETS = ["region", "phase", "program", "owner", "lang"];
const MULTI = ["region", "kommun", "phase", "program", "owner", "lang"];
const NUMBERS = ["min_grant", "max_grant", "min_budget", "max_budget", "active_in"];
const LABELS = {
  region: "Region", kommun: "Kommun", phase: "Projektfas", program: "Programområde",
  owner: "Projektägare", lang: "Språk",
  min_grant: "ESF-stöd från", max_grant: "ESF-stöd till", min_budget: "Budget från",
  max_budget: "Budget till", active_in: "Aktivt år",
};
const SECTIONS = {
  all: "Hela problembeskrivningen", summary: "Sammanfattning", background: "Bakgrund",
  purpose: "Syfte", goal: "Målsättning",
};
const LANGS = { sv: "svenska", en: "engelska" };

// ---- small helpers -------------------------------------------------------------------------

/** An element with attributes and children (strings become text: no HTML injection). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const sek = (n) => (n === null || n === undefined ? "–" : n.toLocaleString("sv-SE") + " kr");
const period = (r) => (r.period_start || r.period_end ? `${r.period_start || "?"} – ${r.period_end || "?"}` : "–");
const shortId = (path) => path.split("/").pop();

/** Text with «…» highlights as text nodes and <mark>s. */
function marked(text) {
  const out = [];
  const re = /«([^»]*)»/g;
  let at = 0;
  let m;
  while ((m = re.exec(text))) {
    out.push(text.slice(at, m.index), h("mark", {}, m[1]));
    at = re.lastIndex;
  }
  out.push(text.slice(at));
  return out;
}

/** Text with every word that matches one of `terms` (a term or its inflections) marked. */
function highlightTerms(text, terms) {
  const wanted = terms.map((t) => t.toLocaleLowerCase("sv"));
  const out = [];
  const re = /[\p{L}\p{N}]+/gu;
  let at = 0;
  let m;
  while ((m = re.exec(text))) {
    const word = m[0].toLocaleLowerCase("sv");
    const hit = wanted.some((t) => word === t || (t.length >= 4 && word.startsWith(t) && word.length - t.length <= 3));
    if (hit) {
      out.push(text.slice(at, m.index), h("mark", {}, m[0]));
      at = re.lastIndex;
    }
  }
  out.push(text.slice(at));
  return out;
}

// ---- state in the URL ----------------------------------------------------------------------

function state() {
  return new URLSearchParams(location.search);
}

/** The URL for `params` (a URLSearchParams), with empty values left out. */
function href(params) {
  const clean = new URLSearchParams();
  for (const [k, v] of params) if (v !== "") clean.append(k, v);
  const s = clean.toString();
  return s ? "/?" + s : "/";
}

/** A copy of the current state changed by `change(params)`. */
function with_(change) {
  const p = state();
  change(p);
  return href(p);
}

function go(url, replace) {
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render().then(() => { if (!replace) window.scrollTo(0, 0); });
}

/** A real link (keyboard, middle-click, bookmark) that renders in place when clicked. */
function link(url, attrs, ...children) {
  return h("a", { ...attrs, href: url, onclick: (e) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    go(url);
  } }, ...children);
}

/** The API query string of the search state: q and every filter (the API refuses a
 * parameter an endpoint does not take, so the facet counts get no sort). */
function filterParams(p, extra) {
  const api = new URLSearchParams();
  if (p.get("q")) api.set("q", p.get("q"));
  for (const key of MULTI) for (const v of p.getAll(key)) api.append(key, v);
  for (const key of NUMBERS) if (p.get(key)) api.set(key, p.get(key));
  for (const [k, v] of Object.entries(extra || {})) api.set(k, v);
  return api;
}

/** The API query string of a ranked list: the filters and the sort order. */
function apiParams(p, extra) {
  const api = filterParams(p, extra);
  if (p.get("sort")) api.set("sort", p.get("sort"));
  if (p.get("exact")) api.set("exact", "1");
  return api;
}

/** "Menade du …?" for a query with a mistyped word; when the search ran corrected, what it
 * searched for and a link to the words as typed (exact). */
function spelling(p, results) {
  const fix = results.did_you_mean;
  if (!fix) return null;
  const query = (q) => with_((s) => { s.set("q", q); s.delete("page"); s.delete("exact"); });
  if (!fix.applied) {
    return h("p", { class: "spelling", id: "spelling" }, "Menade du ",
      link(query(fix.query), {}, h("q", {}, fix.query)), "?");
  }
  const typed = with_((s) => { s.set("exact", "1"); s.delete("page"); });
  return h("p", { class: "spelling", id: "spelling" }, "Visar träffar för ", h("q", {}, fix.query),
    ". ", link(typed, {}, "Sök i stället exakt efter ", h("q", {}, p.get("q") || "")));
}

async function api(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({ error: `svar ${res.status}` }));
  if (!res.ok) throw new Error(body.error || `svar ${res.status}`);
  return body;
}

/** Tells a screen reader what the view now shows, and names the tab after it (history and
 * bookmarks list each view apart). */
function setStatus(text) {
  document.getElementById("status").textContent = text;
  document.title = `${text} – projsok`;
}

function showError(main, err) {
  main.replaceChildren(h("div", { class: "error", role: "alert" }, h("strong", {}, "Fel: "), err.message));
}

// ---- rendering -------------------------------------------------------------------------------

let renderCount = 0;

async function render() {
  const p = state();
  const main = document.getElementById("main");
  const q = document.getElementById("q");
  if (document.activeElement !== q) q.value = p.get("q") || "";
  const mine = ++renderCount;
  const stale = () => mine !== renderCount;
  main.setAttribute("aria-busy", "true");
  try {
    const view = p.get("view") || "search";
    let content;
    if (view === "show") content = await renderRecord(p);
    else if (view === "similar") content = await renderSimilar(p);
    else if (view === "compare") content = await renderCompare(p);
    else if (view === "matrix") content = await renderMatrix(p);
    else if (view === "align") content = await renderAlign(p);
    else content = await renderSearch(p);
    if (stale()) return;
    main.replaceChildren(content);
  } catch (err) {
    if (stale()) return;
    showError(main, err);
    setStatus("Fel: " + err.message);
  } finally {
    if (!stale()) main.removeAttribute("aria-busy");
  }
}

function pickBar(p) {
  const picks = ["a", "b"].map((k) => p.get(k)).filter(Boolean);
  if (!picks.length) return null;
  const compare = picks.length === 2
    ? link(with_((s) => { s.set("view", "compare"); }), { class: "button", id: "compare-link" }, "Jämför valda")
    : h("span", {}, "Välj ett projekt till att jämföra med.");
  return h("div", { class: "picks", "aria-label": "Valda för jämförelse" },
    h("span", {}, "Jämför: "), picks.map((id) => h("code", {}, shortId(id))), " ", compare, " ",
    link(with_((s) => { s.delete("a"); s.delete("b"); }), {}, "Rensa val"));
}

function pickButton(p, path) {
  const a = p.get("a"), b = p.get("b");
  const picked = a === path || b === path;
  const url = with_((s) => {
    if (picked) {
      if (a === path) { s.delete("a"); if (b) { s.set("a", b); s.delete("b"); } } else s.delete("b");
    } else if (!a) s.set("a", path);
    else if (!b) s.set("b", path);
    else { s.set("a", b); s.set("b", path); }
  });
  return h("button", { type: "button", class: "pick", "aria-pressed": picked ? "true" : "false",
    onclick: () => go(url, true) }, picked ? "Vald för jämförelse" : "Jämför");
}

function hitView(p, hit, extra) {
  const show = with_((s) => { s.set("view", "show"); s.set("id", hit.path); });
  const similar = with_((s) => { s.set("view", "similar"); s.set("id", hit.path); s.delete("page"); });
  return h("li", { class: "hit", "data-path": hit.path },
    h("h3", {}, link(show, { class: "title" }, hit.title || shortId(hit.path))),
    h("p", { class: "facts" },
      h("span", {}, hit.region || "okänd region"), " · ", h("span", {}, hit.phase || "okänd fas"),
      " · ", h("span", {}, period(hit)), " · ", h("span", {}, "ESF-stöd ", sek(hit.esf_grant_sek))),
    hit.snippet ? h("p", { class: "snippet" }, marked(hit.snippet)) : null,
    extra || null,
    h("p", { class: "actions" }, link(show, {}, "Visa projektet"), " ",
      link(similar, {}, "Liknande projekt"), " ", pickButton(p, hit.path),
      h("span", { class: "path" }, hit.path)));
}

function facetList(p, field, counts, nested) {
  const selected = new Set(p.getAll(field));
  const items = Object.entries(counts || {});
  for (const v of selected) if (!(v in (counts || {}))) items.unshift([v, 0]);
  if (!items.length) return null;
  const list = h("ul", { class: "facet" });
  for (const [value, count] of items) {
    const on = selected.has(value);
    const url = with_((s) => {
      const rest = s.getAll(field).filter((v) => v !== value);
      s.delete(field);
      for (const v of rest) s.append(field, v);
      if (!on) s.append(field, value);
      s.delete("page");
    });
    const label = field === "lang" ? LANGS[value] || value : value;
    list.append(h("li", {},
      link(url, { class: on ? "on" : null, "aria-current": on ? "true" : null, "data-facet": field, "data-value": value },
        h("span", { class: "v" }, on ? "✓ " : "", label), h("span", { class: "n" }, count)),
      nested ? nested(value) : null));
  }
  return h("section", { class: "facetgroup" }, h("h3", {}, LABELS[field]), list);
}

function filterForm(p) {
  const field = (name, placeholder) => h("p", {},
    h("label", { for: "f-" + name }, LABELS[name]),
    h("input", { id: "f-" + name, name, type: "number", min: "0", inputmode: "numeric",
      value: p.get(name) || "", placeholder }));
  const sort = h("select", { id: "f-sort", name: "sort" },
    [["score", "relevans"], ["grant", "ESF-stöd"], ["budget", "budget"], ["start", "startdatum"]]
      .map(([v, l]) => h("option", { value: v, selected: (p.get("sort") || "score") === v }, l)));
  return h("form", { class: "numbers", onsubmit: (e) => {
    e.preventDefault();
    const data = new FormData(e.target);
    go(with_((s) => {
      for (const name of [...NUMBERS, "sort"]) {
        const v = String(data.get(name) || "").trim();
        if (v && !(name === "sort" && v === "score")) s.set(name, v); else s.delete(name);
      }
      s.delete("page");
    }));
  } },
    h("h3", {}, "Belopp och år"),
    field("min_grant", "kr"), field("max_grant", "kr"), field("min_budget", "kr"),
    field("max_budget", "kr"), field("active_in", "t.ex. 2009"),
    h("p", {}, h("label", { for: "f-sort" }, "Sortera efter"), sort),
    h("button", { type: "submit" }, "Filtrera"));
}

function selectedFilters(p) {
  const chips = [];
  for (const key of [...MULTI, ...NUMBERS]) {
    for (const v of p.getAll(key)) {
      const url = with_((s) => {
        const rest = s.getAll(key).filter((x) => x !== v);
        s.delete(key);
        for (const x of rest) s.append(key, x);
        s.delete("page");
      });
      chips.push(h("li", {}, link(url, { class: "chip", title: "Ta bort filtret" },
        `${LABELS[key]}: ${key === "lang" ? LANGS[v] || v : v} ✕`)));
    }
  }
  if (!chips.length) return null;
  return h("div", { class: "selected" }, h("span", {}, "Valda filter:"), h("ul", {}, chips),
    link(with_((s) => { for (const k of [...MULTI, ...NUMBERS]) s.delete(k); s.delete("page"); }), {}, "Rensa alla"));
}

async function renderSearch(p) {
  const page = Math.max(1, parseInt(p.get("page") || "1", 10) || 1);
  const offset = (page - 1) * PAGE_SIZE;
  const [results, facets, regions] = await Promise.all([
    api("/api/search?" + apiParams(p, { limit: PAGE_SIZE, offset })),
    api("/api/facets?" + filterParams(p)),
    api("/api/facets?" + filterParams(p, { by_region: 1 })),
  ]);
  const from = results.total ? offset + 1 : 0;
  const to = Math.min(offset + results.hits.length, results.total);
  const summary = results.total
    ? `${results.total} projekt – visar ${from}–${to}`
    : "Inga projekt matchar.";
  setStatus(p.get("q") ? `${p.get("q")}: ${summary}` : summary);

  const kommuner = (region) => {
    const group = regions[region];
    if (!group) return null;
    const counts = Object.fromEntries(Object.entries(group.kommun));
    const list = facetList(p, "kommun", counts);
    if (!list) return null;
    const details = h("details", { class: "kommuner", open: p.getAll("kommun").some((k) => k in counts) },
      h("summary", {}, `Kommuner (${Object.keys(counts).length})`), list.querySelector("ul"));
    return details;
  };
  const side = h("aside", { class: "facets", "aria-label": "Filter" },
    h("h2", {}, "Avgränsa"),
    FACETS.map((field) => facetList(p, field, facets[field], field === "region" ? kommuner : null)),
    filterForm(p));

  const exportLink = (format, label) =>
    h("a", { href: "/api/export?" + apiParams(p, { format }), download: `projsok.${format}`, class: "button" }, label);
  const pages = Math.ceil(results.total / PAGE_SIZE);
  const pageLink = (n, label, rel) => link(with_((s) => { if (n > 1) s.set("page", n); else s.delete("page"); }),
    { rel, "aria-label": `Sida ${n}` }, label);
  const paging = pages > 1 ? h("nav", { class: "paging", "aria-label": "Sidor" },
    page > 1 ? pageLink(page - 1, "← Föregående", "prev") : null,
    h("span", {}, `Sida ${page} av ${pages}`),
    page < pages ? pageLink(page + 1, "Nästa →", "next") : null) : null;

  const list = h("ol", { id: "results", class: "hits", start: from || 1 },
    results.hits.map((hit) => hitView(p, hit)));
  return h("div", { class: "layout" }, side,
    h("section", { class: "results", "aria-label": "Träffar" },
      pickBar(p), selectedFilters(p), spelling(p, results),
      h("div", { class: "resulthead" },
        h("h2", { id: "total", "data-total": results.total }, summary),
        h("p", { class: "export" }, "Exportera träffarna: ", exportLink("csv", "CSV"), " ", exportLink("ndjson", "NDJSON"),
          " ", results.total >= 2 ? link(with_((s) => { s.set("view", "matrix"); s.delete("page"); }), { class: "button", id: "matrix-link" }, "Likhetsmatris") : null)),
      list, paging));
}

function back() {
  const url = with_((s) => { s.delete("view"); s.delete("id"); });
  return h("p", { class: "back" }, link(url, {}, "← Till sökningen"));
}

function factsTable(rows) {
  return h("dl", { class: "header" }, rows.filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

async function renderRecord(p) {
  const id = p.get("id") || "";
  const r = await api("/api/show/" + encodeURIComponent(id));
  setStatus(`Projektet ${r.title}`);
  const list = (title, items) => items && items.length
    ? h("section", {}, h("h3", {}, title), h("ul", { class: "plain" }, items.map((x) => h("li", {}, x)))) : null;
  return h("article", { class: "record" }, back(),
    h("h2", {}, r.title || shortId(r.path)),
    h("p", { class: "actions" },
      link(with_((s) => { s.set("view", "similar"); }), {}, "Liknande projekt"), " ", pickButton(p, r.path)),
    pickBar(p),
    factsTable([["Programområde", r.program], ["Projektfas", r.phase], ["Projektägare", r.owner],
      ["Kontaktperson", r.contact], ["E-post", r.email], ["Telefon", r.phone],
      ["ESF-stöd", sek(r.esf_grant_sek)], ["Total budget", sek(r.total_budget_sek)],
      ["Period", period(r)], ["Region", r.region], ["Språk", LANGS[r.lang] || r.lang],
      ["Fil", r.path]]),
    list("Kommuner", r.kommuner), list("Samarbetspartners", r.partners),
    list("Medfinansiärer", r.cofinanciers), list("Deltagare", r.participants),
    versionsList(r.versions),
    r.sections.map((s) => h("section", { class: "text" }, h("h3", {}, s.heading), h("p", {}, s.text))));
}

// The document's versions as the index linked them: near-duplicates, and documents of the
// same projektägare with a similar text or title.
const VERSION_KINDS = { "near-duplicate": "nästan identisk", "similar text": "liknande text",
  "similar title": "liknande titel" };
function versionsList(versions) {
  if (!versions || !versions.length) return null;
  return h("section", { class: "versions" }, h("h3", {}, "Versioner"),
    h("ul", { class: "plain" }, versions.map((v) => h("li", {},
      link(with_((s) => { s.set("view", "show"); s.set("id", v.path); }), {}, v.title || shortId(v.path)),
      " ", h("span", { class: "terms" }, VERSION_KINDS[v.kind] || v.kind,
        v.similarity === null ? "" : ", likhet " + v.similarity.toLocaleString("sv-SE",
          { minimumFractionDigits: 2, maximumFractionDigits: 2 }))))));
}

async function renderSimilar(p) {
  const id = p.get("id") || "";
  const api_ = new URLSearchParams();
  for (const key of MULTI) for (const v of p.getAll(key)) api_.append(key, v);
  const r = await api("/api/similar/" + encodeURIComponent(id) + "?" + api_);
  setStatus(`${r.hits.length} liknande projekt`);
  return h("div", { class: "similar" }, back(),
    h("h2", {}, "Liknande projekt som ", h("q", {}, r.source_title)),
    h("p", { class: "terms" }, "Utgår från orden: ", r.source_terms.slice(0, 15).join(", ")),
    pickBar(p),
    h("ol", { id: "results", class: "hits" }, r.hits.map((hit) =>
      hitView(p, hit, h("p", { class: "terms" }, "Gemensamma ord: ", hit.terms.join(", "))))));
}

async function renderCompare(p) {
  const a = p.get("a"), b = p.get("b");
  if (!a || !b) throw new Error("välj två projekt att jämföra");
  const [c, ra, rb] = await Promise.all([
    api("/api/compare?" + new URLSearchParams({ a, b })),
    api("/api/show/" + encodeURIComponent(a)),
    api("/api/show/" + encodeURIComponent(b)),
  ]);
  setStatus(`Jämförelse: ${c.kommuner_common.length} kommuner gemensamma`);
  const fact = (label, pair, fmt) => {
    const f = fmt || ((x) => (x === null || x === undefined ? "–" : x));
    return h("tr", { class: pair.same ? "same" : "differs" },
      h("th", { scope: "row" }, label), h("td", {}, f(pair.a)), h("td", {}, f(pair.b)));
  };
  const facts = h("table", { class: "facts-table" },
    h("thead", {}, h("tr", {}, h("td", {}),
      h("th", { scope: "col" }, link(with_((s) => { s.set("view", "show"); s.set("id", a); }), {}, c.a.title)),
      h("th", { scope: "col" }, link(with_((s) => { s.set("view", "show"); s.set("id", b); }), {}, c.b.title)))),
    h("tbody", {},
      fact("Projektfas", c.facts.phase), fact("Region", c.facts.region), fact("Projektägare", c.facts.owner),
      fact("Programområde", c.facts.program), fact("Period", c.facts.period),
      fact("ESF-stöd", c.facts.esf_grant_sek, sek), fact("Total budget", c.facts.total_budget_sek, sek),
      fact("Antal kommuner", c.facts.kommuner),
      h("tr", {}, h("th", { scope: "row" }, "Perioderna överlappar"),
        h("td", { colspan: 2 }, c.facts.periods_overlap === null ? "okänt" : c.facts.periods_overlap ? "ja" : "nej"))));
  const textOf = (record, kind) => (record.sections.find((s) => s.section === kind) || {}).text || "";
  const sections = c.sections.filter((s) => s.section !== "all").map((s) => h("section", { class: "pair" },
    h("h3", {}, s.heading, h("span", { class: "score" }, ` likhet ${(s.score * 100).toFixed(0)} %`)),
    h("p", { class: "terms" }, "Gemensamma ord: ", s.shared_terms.length ? s.shared_terms.map((t) => h("mark", {}, t)).reduce((acc, x) => acc.concat(acc.length ? [", ", x] : [x]), []) : "inga"),
    h("div", { class: "columns" },
      h("div", {}, h("p", { class: "terms" }, "Bara vänster: ", s.only_a.join(", ") || "–"),
        h("p", { class: "text" }, highlightTerms(textOf(ra, s.section), s.shared_terms))),
      h("div", {}, h("p", { class: "terms" }, "Bara höger: ", s.only_b.join(", ") || "–"),
        h("p", { class: "text" }, highlightTerms(textOf(rb, s.section), s.shared_terms))))));
  const whole = c.sections.find((s) => s.section === "all");
  return h("div", { class: "compare" }, back(),
    h("h2", {}, "Jämförelse"),
    h("p", {}, link(with_((s) => { s.set("view", "align"); }), { class: "button", id: "align-link" }, "Mening för mening")),
    whole ? h("p", {}, `Likhet i hela problembeskrivningen: ${(whole.score * 100).toFixed(0)} %. Gemensamma ord: ${whole.shared_terms.join(", ")}`) : null,
    facts,
    h("section", { class: "kommuner-common" },
      h("h3", { id: "kommuner-common" }, h("span", { "data-count": c.kommuner_common.length, id: "kommuner-common-count" }, c.kommuner_common.length), " kommuner gemensamma"),
      h("p", {}, c.kommuner_common.join(", ") || "–"),
      c.kommuner_only_a.length ? h("p", {}, "Bara vänster: ", c.kommuner_only_a.join(", ")) : null,
      c.kommuner_only_b.length ? h("p", {}, "Bara höger: ", c.kommuner_only_b.join(", ")) : null),
    sections);
}

// ---- many projects: the heat map, and two projects sentence by sentence --------------------

const SVG = "http://www.w3.org/2000/svg";

/** An SVG element with attributes and children. */
function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) if (child !== null && child !== undefined) el.append(child);
  return el;
}

/** White at 0 to dark blue at 1, as the report's heat map (src/output/report.rs). */
function heat(score) {
  const t = Math.min(1, Math.max(0, score));
  const ch = (from, to) => Math.round(from + (to - from) * t).toString(16).padStart(2, "0");
  return "#" + ch(255, 24) + ch(255, 76) + ch(255, 150);
}

async function renderMatrix(p) {
  const ids = p.getAll("id");
  const query = ids.length
    ? new URLSearchParams(ids.map((id) => ["id", id]))
    : filterParams(p, { limit: p.get("limit") || PAGE_SIZE });
  const section = p.get("section");
  if (section) query.set("section", section);
  const m = await api("/api/compare/matrix?" + query);
  const n = m.documents.length;
  setStatus(`Likhetsmatris för ${n} projekt`);
  const cell = 40, margin = 34, size = margin + cell * n;
  const alignUrl = (i, j) => with_((s) => {
    s.set("view", "align"); s.set("a", m.documents[i].path); s.set("b", m.documents[j].path);
  });
  const cells = [];
  for (let i = 0; i < n; i++) {
    cells.push(svg("text", { x: margin + cell * i + cell / 2, y: 22, "text-anchor": "middle", "font-size": 12 }, String(i + 1)));
    cells.push(svg("text", { x: 26, y: margin + cell * i + cell / 2 + 4, "text-anchor": "end", "font-size": 12 }, String(i + 1)));
    for (let j = 0; j < n; j++) {
      const score = m.scores[i][j];
      const label = score === null ? "–" : score.toFixed(2);
      const x = margin + cell * j, y = margin + cell * i;
      const open = i === j ? null : () => go(alignUrl(i, j));
      cells.push(svg("g", { class: i === j ? "cell diagonal" : "cell", "data-a": i, "data-b": j, onclick: open || (() => {}) },
        svg("rect", { x, y, width: cell, height: cell, fill: score === null ? "#eeeeee" : heat(score), stroke: "#fff" },
          svg("title", {}, `${m.documents[i].title} · ${m.documents[j].title}: ${label}`)),
        svg("text", { x: x + cell / 2, y: y + cell / 2 + 4, "text-anchor": "middle", "font-size": 11,
          fill: (score || 0) > 0.55 ? "#fff" : "#000" }, label)));
    }
  }
  const map = svg("svg", { id: "heatmap", width: size, height: size, viewBox: `0 0 ${size} ${size}`, role: "img",
    "aria-label": "Likhetsmatris" }, cells);
  const closest = m.closest
    ? h("p", { id: "closest" }, "Mest lika: ", link(alignUrl(m.closest.a, m.closest.b), {},
      `${m.closest.a + 1} och ${m.closest.b + 1}`), ` (${m.closest.score.toFixed(2)})`)
    : null;
  return h("div", { class: "matrix" }, back(),
    h("h2", {}, `Likhet mellan ${n} projekt`),
    h("p", { class: "terms" }, `${SECTIONS[m.section] || m.section}: cosinus av tf-idf-vektorerna, 0–1. Klicka på en ruta för att jämföra mening för mening.`),
    map, closest,
    m.clusters.map((c) => h("p", { class: "cluster" }, "Grupp: ", c.members.map((i) => i + 1).join(", "),
      h("span", { class: "terms" }, " – " + c.words.join(", ")))),
    h("ol", { class: "matrix-docs" }, m.documents.map((d) =>
      h("li", {}, link(with_((s) => { s.set("view", "show"); s.set("id", d.path); }), {}, d.title || shortId(d.path))))));
}

async function renderAlign(p) {
  const a = p.get("a"), b = p.get("b");
  if (!a || !b) throw new Error("välj två projekt att jämföra");
  const query = new URLSearchParams({ a, b });
  if (p.get("section")) query.set("section", p.get("section"));
  const r = await api("/api/compare/align?" + query);
  setStatus(`${r.pairs.length} meningar motsvarar varandra`);
  const rows = r.pairs.map((pair) => h("tr", { class: "aligned-pair" },
    h("td", {}, r.a_sentences[pair.a].text),
    h("td", {}, r.b_sentences[pair.b].text),
    h("td", { class: "terms" }, pair.score.toFixed(2), h("br", {}), pair.ties.join(", "))));
  const only = (label, id, sentences, list) => h("section", { class: "only", id },
    h("h3", {}, `${label} (${list.length})`),
    h("ul", {}, list.map((i) => h("li", {}, sentences[i].text))));
  return h("div", { class: "align" }, back(),
    h("h2", {}, "Mening för mening"),
    h("p", { class: "terms" }, `Ett par delar minst ${r.min_shared} ordformer och har minst ${r.min_score.toFixed(2)} i poäng (idf-viktad överlappning av stammar, sammansättningsdelar och synonymer).`),
    h("table", { class: "facts-table aligned" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, r.a.title), h("th", { scope: "col" }, r.b.title), h("th", { scope: "col" }, "Poäng, ord"))),
      h("tbody", {}, rows)),
    h("div", { class: "columns" },
      only("Bara vänster", "only-a", r.a_sentences, r.only_a),
      only("Bara höger", "only-b", r.b_sentences, r.only_b)));
}

// ---- start -----------------------------------------------------------------------------------

window.addEventListener("popstate", render);
document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = document.getElementById("q").value;
    go(with_((s) => { s.set("q", q); for (const k of ["page", "view", "id", "exact"]) s.delete(k); }));
  });
  render();
});
