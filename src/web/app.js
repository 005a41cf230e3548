// projsok's page: plain JavaScript, no build step. The URL's query string holds the whole
// state (query, filters, page, view, compared ids), but for a pasted text, which its history
// entry keeps (see pastedText); every change goes through go(), which pushes it to the
// history and renders from it, so back/forward and bookmarks work. Links apply their change
// to the state at the click, and an answer to an older render is dropped (renderCount).
"use strict";

const PAGE_SIZE = 10;
const FACETS = ["kind", "region", "phase", "program", "owner", "lang"];
const MULTI = ["kind", "region", "kommun", "phase", "program", "owner", "lang"];
const NUMBERS = ["min_grant", "max_grant", "min_budget", "max_budget", "from_year", "to_year", "active_in"];
const AMOUNTS = ["min_grant", "max_grant", "min_budget", "max_budget"];
const LABELS = {
  region: "Region", kommun: "Kommun", phase: "Projektfas", program: "Programområde",
  owner: "Projektägare", lang: "Språk", kind: "Dokumenttyp",
  min_grant: "ESF-stöd från", max_grant: "ESF-stöd till", min_budget: "Budget från",
  max_budget: "Budget till", from_year: "Period från år", to_year: "Period till år", active_in: "Aktivt år",
};
const SECTIONS = {
  all: "Hela problembeskrivningen", summary: "Sammanfattning", background: "Bakgrund",
  purpose: "Syfte", goal: "Målsättning",
};
const LANGS = { sv: "svenska", en: "engelska" };
const KINDS = { esf: "ESF-projektsida", transcript: "transkript (PDF)", plain: "annat dokument" };
/** How the page names a facet value. */
const valueLabel = (field, value) =>
  (field === "lang" ? LANGS[value] : field === "kind" ? KINDS[value] : null) || value;
/** The facet value for documents without one (src/search/facets.rs, NO_VALUE). */
const NO_VALUE = "okänd";

// ---- small helpers -------------------------------------------------------------------------

/** An element with attributes and children (strings become text: no HTML injection). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
    else if (key === "style") el.style.cssText = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** A count as a person reads it, grouped the Swedish way ("44 402"), as sek() writes amounts. */
const num = (n) => Number(n).toLocaleString("sv-SE");
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
  // A pasted text is the source of the similar view without a document: a link to any other
  // view, or to a document's neighbours, leaves it behind (a record opened from a pasted
  // list showed the pasted text's neighbours as its own).
  const pasted = params.get("view") === "similar" && !params.get("id");
  const clean = new URLSearchParams();
  for (const [k, v] of params) if (v !== "" && (k !== "paste" || pasted)) clean.append(k, v);
  const s = clean.toString();
  return s ? "/?" + s : "/";
}

/** A copy of the current state changed by `change(params)`. */
function with_(change) {
  const p = state();
  change(p);
  return href(p);
}

/** Selectors for the element that has the focus, to find its like after a render, best
 * first: a hit's pick button, a facet value, a paging link (on the last page "next" is gone:
 * then the other one), or anything with an id. */
function focusKey() {
  const el = document.activeElement;
  if (!el || el === document.body) return [];
  const hit = el.closest("li.hit");
  if (hit && el.matches("button.pick")) return [`li.hit[data-path="${CSS.escape(hit.dataset.path)}"] button.pick`];
  if (el.dataset.facet) return [`a[data-facet="${el.dataset.facet}"][data-value="${CSS.escape(el.dataset.value)}"]`];
  if (el.closest(".paging") && el.rel) return [`.paging a[rel="${el.rel}"]`, ".paging a"];
  return el.id ? ["#" + CSS.escape(el.id)] : [];
}

// The page puts the scroll position back itself: the browser's own restoring runs before an
// asynchronous render has drawn the page it would scroll.
history.scrollRestoration = "manual";

/** Keeps where the current history entry is scrolled to, for back and forward. */
function rememberScroll() {
  history.replaceState({ ...(history.state || {}), scroll: [window.scrollX, window.scrollY] }, "", location.href);
}

/** The text pasted into "Klistra in en ansökan", kept in the history entry rather than in the
 * URL: a long application does not fit in one (a server refuses such a URL with 414). */
function pastedText() {
  return (history.state && history.state.pasted) || "";
}

/** Whether `url` shows the neighbours of a pasted text (paste=1), which the next entry keeps. */
const showsPasted = (url) => new URL(url, location.href).searchParams.get("paste") === "1";

/** Renders the state `url`; `pasted` is a newly pasted text, else a pasted text goes on to the
 * pages of its neighbours. Resolves when the page is drawn and the focus set. */
function go(url, replace, pasted) {
  const key = focusKey();
  const text = pasted || pastedText();
  const entry = showsPasted(url) && text ? { pasted: text } : null;
  if (replace) history.replaceState({ ...(history.state || {}), ...(entry || {}) }, "", url);
  else {
    rememberScroll();
    history.pushState(entry, "", url);
  }
  return render().then(() => {
    const again = key.map((css) => document.querySelector(css)).find(Boolean);
    if (again) again.focus({ preventScroll: !!replace });
    if (!replace && !again) {
      window.scrollTo(0, 0);
      // A new view: the keyboard goes on from its start, not from the top of the page.
      document.getElementById("main").focus({ preventScroll: true });
    }
  });
}

let scrollTimer = 0;
window.addEventListener("scroll", () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(rememberScroll, 150);
}, { passive: true });

/** Back or forward: the entry's view, scrolled to where the user left it. The position is read
 * before the render, whose changes of height scroll the page and would be remembered instead. */
function restore() {
  clearTimeout(scrollTimer);
  const [x, y] = (history.state && history.state.scroll) || [0, 0];
  render().then(() => window.scrollTo(x, y));
}

/** The URL of `target`: a URL, or a change of the state (see with_) made to the state as it is
 * now. */
const targetUrl = (target) => (typeof target === "function" ? with_(target) : target);

/** A real link (keyboard, middle-click, bookmark) that renders in place when clicked. A change
 * of the state is applied to the state at the click, not at the render: a second click before
 * the first one's answer has drawn the page builds on the first instead of undoing it. */
function link(target, attrs, ...children) {
  return h("a", { ...attrs, href: targetUrl(target), onclick: (e) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    go(targetUrl(target));
  } }, ...children);
}

/** The API query string of the search state: q, its reading (exact: as typed) and every
 * filter (the API refuses a parameter an endpoint does not take, so the facet counts get no
 * sort). */
function filterParams(p, extra) {
  const api = new URLSearchParams();
  if (p.get("q")) api.set("q", p.get("q"));
  if (p.get("exact")) api.set("exact", "1");
  for (const key of MULTI) for (const v of p.getAll(key)) api.append(key, v);
  for (const key of NUMBERS) if (p.get(key)) api.set(key, p.get(key));
  for (const [k, v] of Object.entries(extra || {})) api.set(k, v);
  return api;
}

/** The API query string of a ranked list: the filters and the sort order. */
function apiParams(p, extra) {
  const api = filterParams(p, extra);
  if (p.get("sort")) api.set("sort", p.get("sort"));
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

/** What the API warned of (a stop word, a filter value no document has, a search relaxed to
 * some of the words), in Swedish; null when it warned of nothing the page does not say. The
 * command line prints these on standard error: without them, "och" or "Vara" found nothing
 * and the page said no more than that. */
function notices(warnings) {
  const said = (warnings || []).map(warningInSwedish).filter(Boolean);
  return said.length ? h("div", { class: "notices", id: "notices" }, said.map((text) => h("p", { class: "notice" }, text))) : null;
}

/** A problem to tell the user, in Swedish. */
class PageError extends Error {}

/** An API answer that is an error, said in Swedish (errors.js); `status` 0 is no answer. */
class ApiError extends PageError {
  constructor(status, message) {
    super(inSwedish(status, message));
    this.status = status;
  }
}

/** The API's answer to GET `path`, or to a POST of the text `posted`. */
async function api(path, posted) {
  let res;
  try {
    res = await fetch(path, posted === undefined ? { headers: { Accept: "application/json" } }
      : { method: "POST", body: posted, headers: { Accept: "application/json", "Content-Type": "text/plain; charset=utf-8" } });
  } catch (_) {
    throw new ApiError(0, "");
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body.error);
  return body;
}

/** Tells a screen reader what the view now shows, and names the tab after it (history and
 * bookmarks list each view apart). */
function setStatus(text) {
  document.getElementById("status").textContent = text;
  document.title = `${text} – projsok`;
}

/** The error above what the page showed before it, so that a mistyped query or a bad value
 * keeps the form as typed and the last results to go on from. */
function showError(main, err) {
  const message = err instanceof PageError ? err.message : "Sidan gick sönder här (ett fel i dess skript).";
  const kept = [...main.children].some((el) => el.id !== "page-error" && el.tagName !== "NOSCRIPT");
  const box = h("div", { class: "error", role: "alert", id: "page-error" }, h("strong", {}, "Fel: "), message,
    kept ? h("span", { class: "kept" }, " Nedan står det som visades innan.") : null);
  const old = document.getElementById("page-error");
  if (old) old.replaceWith(box); else main.prepend(box);
  return message;
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
  document.getElementById("loading").hidden = false;
  try {
    const view = p.get("view") || "search";
    let content;
    if (view === "show") content = await renderRecord(p);
    else if (view === "similar") content = await renderSimilar(p);
    else if (view === "compare") content = await renderCompare(p);
    else if (view === "matrix") content = await renderMatrix(p);
    else if (view === "align") content = await renderAlign(p);
    else if (view === "trends") content = await renderTrends(p);
    else if (view === "kwic") content = await renderKwic(p);
    else content = await renderSearch(p);
    if (stale()) return;
    main.replaceChildren(content);
    applyDrawer();
  } catch (err) {
    if (stale()) return;
    if (!(err instanceof PageError)) console.error(err);
    setStatus("Fel: " + showError(main, err));
  } finally {
    if (!stale()) {
      main.removeAttribute("aria-busy");
      document.getElementById("loading").hidden = true;
    }
  }
}

/** Titles of the documents the page has shown, so that the pick bar names them; kept for the
 * tab's session (a reload, a bookmark opened in the same tab). */
const TITLES = new Map(Object.entries(JSON.parse(sessionStorage.getItem("projsok-titles") || "{}")));
function rememberTitle(path, title) {
  if (!title || TITLES.get(path) === title) return;
  TITLES.set(path, title);
  try { sessionStorage.setItem("projsok-titles", JSON.stringify(Object.fromEntries(TITLES))); } catch (_) { /* full: names fall back to file names */ }
}

function pickBar(p) {
  const picks = ["a", "b"].map((k) => p.get(k)).filter(Boolean);
  if (!picks.length) return null;
  const compare = picks.length === 2
    ? link((s) => { s.set("view", "compare"); }, { class: "button", id: "compare-link" }, "Jämför valda")
    : h("span", {}, "Välj ett projekt till att jämföra med.");
  return h("div", { class: "picks", "aria-label": "Valda för jämförelse" },
    h("span", {}, "Jämför: "), picks.map((id) => h("span", { class: "picked", title: id }, TITLES.get(id) || shortId(id))), " ", compare, " ",
    link((s) => { s.delete("a"); s.delete("b"); }, {}, "Rensa val"));
}

function pickButton(p, path) {
  const picked = p.get("a") === path || p.get("b") === path;
  // The picks as they are at the click (another pick may not have drawn the page yet).
  const toggle = (s) => {
    const a = s.get("a"), b = s.get("b");
    if (a === path || b === path) {
      if (a === path) { s.delete("a"); if (b) { s.set("a", b); s.delete("b"); } } else s.delete("b");
    } else if (!a) s.set("a", path);
    else if (!b) s.set("b", path);
    else { s.set("a", b); s.set("b", path); }
  };
  return h("button", { type: "button", class: "pick", "aria-pressed": picked ? "true" : "false",
    onclick: () => go(with_(toggle), true) }, picked ? "Vald för jämförelse" : "Jämför");
}

/** A hit's facts, " · " between them; a period or grant the document does not state is left
 * out rather than shown as a bare dash (a transcript states neither). */
function hitFacts(hit) {
  const facts = [hit.region || "okänd region", hit.phase || "okänd fas"];
  if (hit.period_start || hit.period_end) facts.push(period(hit));
  if (hit.esf_grant_sek !== null && hit.esf_grant_sek !== undefined) facts.push("ESF-stöd " + sek(hit.esf_grant_sek));
  return facts.flatMap((fact, i) => (i ? [" · ", h("span", {}, fact)] : [h("span", {}, fact)]));
}

function hitView(p, hit, extra) {
  rememberTitle(hit.path, hit.title);
  const show = with_((s) => { s.set("view", "show"); s.set("id", hit.path); });
  const similar = with_((s) => { s.set("view", "similar"); s.set("id", hit.path); s.delete("text"); s.delete("paste"); s.delete("page"); });
  return h("li", { class: "hit", "data-path": hit.path },
    h("h3", {}, link(show, { class: "title" }, hit.title || shortId(hit.path))),
    h("p", { class: "facts" }, ...hitFacts(hit)),
    hit.snippet ? h("p", { class: "snippet" }, marked(hit.snippet)) : null,
    extra || null,
    h("p", { class: "actions" }, link(show, {}, "Visa projektet"), " ",
      link(similar, {}, "Liknande projekt"), " ", pickButton(p, hit.path),
      h("span", { class: "path" }, hit.path)));
}

let longLists = 0;

function facetList(p, field, counts, nested) {
  const selected = new Set(p.getAll(field));
  const items = Object.entries(counts || {});
  for (const v of selected) if (!(v in (counts || {}))) items.unshift([v, 0]);
  if (!items.length) return null;
  const list = h("ul", { class: "facet" });
  for (const [value, count] of items) {
    const on = selected.has(value);
    // Toggled in the state at the click: values chosen since this list was drawn stay chosen.
    const url = (s) => {
      const chosen = s.getAll(field);
      s.delete(field);
      for (const v of chosen) if (v !== value) s.append(field, v);
      if (!chosen.includes(value)) s.append(field, value);
      s.delete("page");
    };
    const label = valueLabel(field, value);
    const unknown = value === NO_VALUE;
    list.append(h("li", { class: unknown ? "unknown" : null },
      link(url, { class: on ? "on" : null, role: "checkbox", "aria-checked": on ? "true" : "false",
        // A checkbox toggles with Space, as its role tells a screen reader's user.
        onkeydown: (e) => { if (e.key === " ") { e.preventDefault(); go(with_(url)); } },
        "data-facet": field, "data-value": value,
        title: unknown ? `Dokument utan ${LABELS[field].toLocaleLowerCase("sv")}` : null },
        h("span", { class: "v" }, h("span", { class: "box", "aria-hidden": "true" }, on ? "☑" : "☐"), " ", label),
        h("span", { class: "n" }, count.toLocaleString("sv-SE"))),
      nested && !unknown ? nested(value) : null));
  }
  // Several values of one facet are ORed: the counts beside the unchosen ones are what each
  // would add (the API counts them without this facet's own filter).
  return h("section", { class: "facetgroup", "data-group": field }, h("h3", {}, LABELS[field]), longList(field, list));
}

/** Values shown before "visa fler" in a long list. */
const SHORT_LIST = 8;

/** A list of more than SHORT_LIST values (owners, a region's kommuner) with a search box that
 * narrows it and "visa fler"; chosen values always show. */
function longList(field, list) {
  const items = [...list.children];
  if (items.length <= SHORT_LIST) return list;
  let expanded = false;
  let typed = "";
  const more = h("button", { type: "button", class: "more", "aria-expanded": "false" });
  const update = () => {
    let shown = 0;
    for (const li of items) {
      const a = li.querySelector("a");
      const matches = !typed || a.dataset.value.toLocaleLowerCase("sv").includes(typed);
      const visible = matches && (expanded || typed || shown < SHORT_LIST || a.classList.contains("on"));
      li.hidden = !visible;
      if (visible) shown++;
    }
    more.hidden = !!typed;
    more.textContent = expanded ? "Visa färre" : `Visa fler (${items.length - SHORT_LIST} till)`;
    more.setAttribute("aria-expanded", String(expanded));
  };
  more.addEventListener("click", () => { expanded = !expanded; update(); });
  const id = `find-${field}-${++longLists}`;
  const search = h("input", { type: "search", id, class: "find", placeholder: "Sök i listan", autocomplete: "off",
    oninput: (e) => { typed = e.target.value.trim().toLocaleLowerCase("sv"); update(); } });
  update();
  return h("div", { class: "longlist" },
    h("label", { for: id, class: "sr" }, `Sök bland ${LABELS[field].toLocaleLowerCase("sv")}`), search, list, more);
}

/** The units an amount may be written in, longest first (src/text.rs, KRONOR_UNITS). */
const KRONOR_UNITS = [["mkr", 6], ["tkr", 3], ["sek", 0], ["kr", 0]];

/** An amount as Swedish text writes it, as the digits of whole kronor: "1 500 000", "1.500.000",
 * "1,5 Mkr", "500 tkr", "250 000 kr" (the command line's rule, src/text.rs, kronor); "" for
 * nothing typed, null when it is no amount of whole kronor. */
function kronor(text) {
  let typed = String(text || "").trim().toLocaleLowerCase("sv");
  if (!typed) return "";
  let zeros = 0;
  const unit = KRONOR_UNITS.find(([name]) => typed.endsWith(name));
  if (unit) { typed = typed.slice(0, -unit[0].length).trimEnd(); zeros = unit[1]; }
  const [whole, decimals, extra] = typed.split(",");
  if (extra !== undefined || (decimals !== undefined && !/^\d+$/.test(decimals))) return null;
  // Groups of three after the first, between spaces or points: "1 5" is no number.
  const groups = whole.split(/[\s.]/u);
  if (!groups.every((g, i) => /^\d+$/.test(g) && (i === 0 || g.length === 3))) return null;
  const fraction = decimals || "";
  if (/[^0]/.test(fraction.slice(zeros))) return null;
  const kept = fraction.slice(0, zeros);
  return (groups.join("") + kept + "0".repeat(zeros - kept.length)).replace(/^0+(?=\d)/, "");
}

const grouped = (digits) => (digits ? Number(digits).toLocaleString("sv-SE") : "");

/** The ESF-stöd histogram of `facets --field grant` as bars; a bar filters to its bracket. */
function grantBars(p, histogram) {
  const counts = Object.entries(histogram || {}).filter(([key]) => key !== "none");
  if (!counts.length) return null;
  const most = Math.max(1, ...counts.map(([, n]) => n));
  const label = (key) => {
    const [min, max] = key.split("-");
    const mkr = (n) => (Number(n) / 1e6).toLocaleString("sv-SE", { maximumFractionDigits: 2 });
    return max ? `${mkr(min)}–${mkr(max)} Mkr` : `${mkr(min)} Mkr och mer`;
  };
  return h("div", { class: "bars", role: "group", "aria-label": "ESF-stöd i intervall" },
    counts.map(([key, n]) => {
      const [min, max] = key.split("-");
      const url = (s) => {
        s.set("min_grant", min);
        if (max) s.set("max_grant", String(Number(max) - 1)); else s.delete("max_grant");
        s.delete("page");
      };
      const on = p.get("min_grant") === min && (p.get("max_grant") || "") === (max ? String(Number(max) - 1) : "");
      // The visible words are the link's name (a screen reader's user says what they see).
      return link(url, { class: on ? "bar on" : "bar", "data-bracket": key },
        h("span", { class: "barlabel" }, label(key)),
        h("span", { class: "track", "aria-hidden": "true" }, h("span", { class: "fill", style: `width:${(100 * n / most).toFixed(1)}%` })),
        h("span", { class: "n" }, n.toLocaleString("sv-SE")), h("span", { class: "sr" }, " projekt"));
    }),
    histogram.none ? h("p", { class: "terms" }, `${histogram.none.toLocaleString("sv-SE")} utan angivet ESF-stöd`) : null);
}

/** The checks the API makes, in Swedish and before asking it (its messages name parameters). */
function rangeProblem(values) {
  for (const name of AMOUNTS) if (values[name] === null) return `${LABELS[name]}: skriv ett belopp i hela kronor, t.ex. 500 000, 1,5 Mkr eller 500 tkr.`;
  for (const name of ["from_year", "to_year"]) {
    if (values[name] && !/^\d{4}$/.test(values[name])) return `${LABELS[name]}: skriv ett årtal med fyra siffror.`;
  }
  const pairs = [["min_grant", "max_grant", "ESF-stöd"], ["min_budget", "max_budget", "Budget"]];
  for (const [lo, hi, what] of pairs) {
    if (values[lo] && values[hi] && Number(values[lo]) > Number(values[hi])) return `${what}: "från" är större än "till".`;
  }
  if (values.from_year && values.to_year && Number(values.from_year) > Number(values.to_year)) return "Perioden: från-året är efter till-året.";
  return null;
}

function filterForm(p, histogram) {
  // No numeric keyboard for amounts: "1,5 Mkr" and "500 tkr" need letters.
  const amount = (name) => h("p", {},
    h("label", { for: "f-" + name }, LABELS[name]),
    h("span", { class: "unit" }, h("input", { id: "f-" + name, name, type: "text", autocomplete: "off",
      value: grouped(p.get(name) || ""), placeholder: "0",
      onblur: (e) => { const v = kronor(e.target.value); if (v) e.target.value = grouped(v); } }), " kr"));
  const year = (name) => h("p", {},
    h("label", { for: "f-" + name }, LABELS[name]),
    h("input", { id: "f-" + name, name, type: "text", inputmode: "numeric", maxlength: "4", value: p.get(name) || "", placeholder: "åååå" }));
  const problem = h("p", { class: "error", id: "range-error", role: "alert", hidden: true });
  return h("form", { class: "numbers", novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    const data = new FormData(e.target);
    const values = {};
    for (const name of AMOUNTS) values[name] = kronor(data.get(name));
    for (const name of ["from_year", "to_year"]) values[name] = String(data.get(name) || "").trim();
    const wrong = rangeProblem(values);
    if (wrong) { problem.textContent = wrong; problem.hidden = false; return; }
    go(with_((s) => {
      for (const [name, v] of Object.entries(values)) { if (v) s.set(name, v); else s.delete(name); }
      // A period range replaces the single year.
      if (values.from_year || values.to_year) s.delete("active_in");
      s.delete("page");
    }));
  } },
    h("h3", {}, "ESF-stöd"), grantBars(p, histogram),
    amount("min_grant"), amount("max_grant"),
    h("h3", {}, "Total budget"), amount("min_budget"), amount("max_budget"),
    h("h3", {}, "Projektperiod"), year("from_year"), year("to_year"),
    problem,
    h("button", { type: "submit", id: "apply-ranges" }, "Filtrera"));
}

const SORTS = [["score", "relevans"], ["grant", "ESF-stöd, störst först"], ["grant-asc", "ESF-stöd, minst först"],
  ["budget", "budget, störst först"], ["budget-asc", "budget, minst först"], ["start", "start, tidigast först"],
  ["start-desc", "start, senast först"]];

/** The order of the hits, applied as soon as it is chosen (projects without the value last). */
function sortControl(p) {
  const current = p.get("sort") || "score";
  return h("p", { class: "sort" }, h("label", { for: "sort" }, "Sortera efter "),
    h("select", { id: "sort", onchange: (e) => {
      const v = e.target.value;
      go(with_((s) => { if (v === "score") s.delete("sort"); else s.set("sort", v); s.delete("page"); }));
    } }, SORTS.map(([v, l]) => h("option", { value: v, selected: current === v }, l))));
}

/** Every chosen filter value: its name as the page says it, the state without it, and the
 * change of a state that drops it. */
function activeFilters(p) {
  const active = [];
  for (const key of [...MULTI, ...NUMBERS]) {
    for (const v of p.getAll(key)) {
      const drop = (s) => {
        const rest = s.getAll(key).filter((x) => x !== v);
        s.delete(key);
        for (const x of rest) s.append(key, x);
        s.delete("page");
      };
      const without = new URLSearchParams(p);
      drop(without);
      active.push({ label: `${LABELS[key]}: ${AMOUNTS.includes(key) ? grouped(v) + " kr" : valueLabel(key, v)}`, without, drop });
    }
  }
  return active;
}

/** The chosen filters as chips that remove them; `withExact` adds the search's exact mode,
 * which narrows a search as a filter does (a view that reads no query has none). */
function selectedFilters(p, withExact) {
  const chips = activeFilters(p).map((f) =>
    h("li", {}, link(f.drop, { class: "chip", title: "Ta bort filtret" }, `${f.label} ✕`)));
  if (withExact && p.get("exact")) {
    chips.unshift(h("li", {}, link((s) => { s.delete("exact"); s.delete("page"); },
      { class: "chip", id: "exact-chip", title: "Sök igen med träffar med de flesta orden, rättade ord och inlärda förkortningar" }, `${EXACT_LABEL} ✕`)));
  }
  if (!chips.length) return null;
  return h("div", { class: "selected" }, h("span", {}, "Valda filter:"), h("ul", {}, chips),
    link((s) => { for (const k of [...MULTI, ...NUMBERS, "exact"]) s.delete(k); s.delete("page"); }, {}, "Rensa alla"));
}

const EXACT_LABEL = "Exakt som skrivet";

/** Exact mode (the API's exact=1): the words as typed, without inflections, synonyms or
 * corrections; applied as soon as it is ticked. */
function exactControl(p) {
  return h("p", { class: "sort exact" }, h("input", { type: "checkbox", id: "exact", checked: !!p.get("exact"),
    "aria-describedby": "exact-help", onchange: (e) => {
      const on = e.target.checked;
      go(with_((s) => { if (on) s.set("exact", "1"); else s.delete("exact"); s.delete("page"); }));
    } }), " ", h("label", { for: "exact" }, EXACT_LABEL),
  h("span", { class: "sr", id: "exact-help" }, ": bara träffar med varje ord, utan rättade ord och inlärda förkortningar (synonymlistan gäller)"));
}

/** For a search that found nothing: the chosen filter whose removal finds the most, with what
 * it finds (or, when none alone finds any, every filter's); null without filters. */
async function dropSuggestion(p) {
  const active = activeFilters(p);
  // Exact mode narrows a search as a filter does, and is offered for dropping as one.
  if (p.get("exact")) {
    const drop = (s) => { s.delete("exact"); s.delete("page"); };
    const without = new URLSearchParams(p);
    drop(without);
    active.unshift({ label: EXACT_LABEL, without, drop });
  }
  if (!active.length) return null;
  const total = (state_) => api("/api/search?" + apiParams(state_, { limit: 0 })).then((r) => r.total);
  const totals = await Promise.all(active.map((f) => total(f.without)));
  let best = 0;
  totals.forEach((n, i) => { if (n > totals[best]) best = i; });
  const projects = (n) => `${n.toLocaleString("sv-SE")} projekt`;
  if (totals[best] > 0) {
    return h("p", { class: "suggestion", id: "suggestion" }, "Ta bort filtret ",
      h("q", {}, link(active[best].drop, { id: "drop-filter" }, active[best].label)),
      ` så blir det ${projects(totals[best])}.`);
  }
  const none = new URLSearchParams(p);
  for (const k of [...MULTI, ...NUMBERS]) none.delete(k);
  none.delete("page");
  const unfiltered = active.length > 1 ? await total(none) : 0;
  return h("p", { class: "suggestion", id: "suggestion" }, unfiltered
    ? ["Inget filter ensamt ger träffar; ", link(href(none), { id: "drop-filter" }, "utan alla filter"), ` blir det ${projects(unfiltered)}.`]
    : "Inte heller utan filtren finns det träffar: pröva andra ord.");
}

async function renderSearch(p) {
  const page = Math.max(1, parseInt(p.get("page") || "1", 10) || 1);
  const offset = (page - 1) * PAGE_SIZE;
  // The histogram counts without the grant range itself, as the facets count without their own
  // filter: each bar is what choosing it gives.
  const histogramParams = filterParams(p, { field: "grant" });
  histogramParams.delete("min_grant");
  histogramParams.delete("max_grant");
  const [results, facets, regions, histogram] = await Promise.all([
    api("/api/search?" + apiParams(p, { limit: PAGE_SIZE, offset })),
    api("/api/facets?" + filterParams(p, { disjunctive: 1 })),
    api("/api/facets?" + filterParams(p, { by_region: 1, disjunctive: 1 })),
    api("/api/facets?" + histogramParams),
  ]);
  const pages = Math.ceil(results.total / PAGE_SIZE);
  const pastEnd = results.total > 0 && page > pages;
  const from = results.hits.length ? offset + 1 : 0;
  const to = Math.min(offset + results.hits.length, results.total);
  const summary = !results.total ? "Inga projekt matchar."
    : pastEnd ? `${num(results.total)} projekt – sidan ${num(page)} finns inte`
      : `${num(results.total)} projekt – visar ${num(from)}–${num(to)}`;
  const suggestion = results.total ? null : await dropSuggestion(p).catch(() => null);
  setStatus(p.get("q") ? `${p.get("q")}: ${summary}` : summary);

  const kommuner = (region) => {
    const group = regions[region];
    if (!group) return null;
    // A kommun is listed under the region its documents give, but counted as choosing it
    // counts: its documents with no region (or another) too.
    const own = (facets.kommun || {});
    const counts = Object.fromEntries(Object.entries(group.kommun).map(([k, n]) => [k, own[k] ?? n]));
    const list = facetList(p, "kommun", counts);
    if (!list) return null;
    const details = h("details", { class: "kommuner", open: p.getAll("kommun").some((k) => k in counts) },
      h("summary", {}, `Kommuner (${Object.keys(counts).length})`), list.querySelector(".longlist, ul"));
    return details;
  };
  const side = h("aside", { class: "facets", id: "filters", tabindex: "-1", "aria-labelledby": "filters-heading" },
    h("div", { class: "drawer-head" }, h("h2", { id: "filters-heading" }, "Avgränsa"),
      h("button", { type: "button", class: "drawer-only", id: "close-filters", onclick: () => closeDrawer(true) }, "Stäng")),
    FACETS.map((field) => facetList(p, field, facets[field], field === "region" ? kommuner : null)),
    filterForm(p, histogram.grant),
    h("p", { class: "drawer-only drawer-foot" }, h("button", { type: "button", id: "show-results", onclick: () => {
      closeDrawer(false);
      document.getElementById("total").focus();
    } }, results.total ? `Visa ${results.total.toLocaleString("sv-SE")} projekt` : "Visa resultatet")));
  const chosen = activeFilters(p).length;

  const pageLink = (n, label, rel) => link((s) => { if (n > 1) s.set("page", n); else s.delete("page"); },
    { rel }, label, rel === "last" ? null : h("span", { class: "sr" }, ` (sida ${n})`));
  const beyond = pastEnd ? h("p", { id: "past-end" }, `Träffarna räcker till sida ${num(pages)}. `,
    pageLink(pages, `Gå till sida ${num(pages)}`, "last")) : null;
  const paging = pages > 1 && !pastEnd ? h("nav", { class: "paging", "aria-label": "Sidor" },
    page > 1 ? pageLink(page - 1, "← Föregående", "prev") : null,
    h("span", {}, `Sida ${num(page)} av ${num(pages)}`),
    page < pages ? pageLink(page + 1, "Nästa →", "next") : null) : null;

  const list = h("ol", { id: "results", class: "hits", start: from || 1 },
    results.hits.map((hit) => hitView(p, hit)));
  const viewLink = (view, id, label) =>
    link((s) => { s.set("view", view); s.delete("page"); }, { class: "button", id }, label);
  const views = h("p", { class: "export views" }, "Se också: ", viewLink("trends", "trends-link", "Trender"),
    " ", p.get("q") ? viewLink("kwic", "kwic-link", "Konkordans") : null);
  const termList = results.total ? distinctiveTerms(p) : null;
  return h("div", { class: results.total ? "layout with-terms" : "layout" }, side,
    h("section", { class: "results", "aria-label": "Träffar" },
      // On a phone the filters are a drawer over the hits, opened by this button.
      h("button", { type: "button", class: "filter-button", id: "filter-button", "aria-controls": "filters",
        "aria-expanded": "false", onclick: openDrawer },
        `Filter${chosen ? ` (${chosen} ${chosen === 1 ? "valt" : "valda"})` : ""}`),
      pickBar(p), selectedFilters(p, true), spelling(p, results), notices(results.warnings),
      h("div", { class: "resulthead" },
        h("h2", { id: "total", "data-total": results.total, tabindex: "-1" }, summary), sortControl(p), exactControl(p),
        exportControl(p, results.total),
        h("p", { class: "export" }, link((s) => { s.set("view", "similar"); s.delete("id"); s.delete("page"); }, { class: "button", id: "paste-link" }, "Klistra in en ansökan"),
          " ", results.total >= 2 ? link((s) => { s.set("view", "matrix"); s.delete("page"); }, { class: "button", id: "matrix-link" }, "Likhetsmatris") : null)),
      suggestion, views, beyond, list, paging), termList);
}

// ---- export ------------------------------------------------------------------------------

/** Whether an export includes the sections' texts: the user's last choice, for this tab. */
let exportSections = sessionStorage.getItem("projsok-export-sections") !== "0";

/** How many documents an export may have before the page asks first: index.html's
 * data-export-warn (5 000: a whole g0vse export with its texts is some hundred megabytes). */
const exportWarnAt = () => Number(document.documentElement.dataset.exportWarn) || 5000;

/** CSV and NDJSON links of the current result, a choice of whether the sections' texts go
 * with it, and a warning to confirm before an export of more than exportWarnAt() documents. */
function exportControl(p, total) {
  const url = (format) => "/api/export?" + apiParams(p, exportSections ? { format } : { format, no_sections: 1 });
  const links = [["csv", "CSV"], ["ndjson", "NDJSON"]].map(([format, label]) =>
    h("a", { href: url(format), download: `projsok.${format}`, class: "button", id: "export-" + format,
      "data-format": format, onclick: (e) => ask(e, format) }, label));
  const warning = h("div", { class: "export-warning", id: "export-warning", role: "alert", hidden: true });
  const cancel = (back) => {
    warning.hidden = true;
    warning.replaceChildren();
    if (back) back.focus();
  };
  function ask(e, format) {
    if (total <= exportWarnAt()) return;
    e.preventDefault();
    const from = e.currentTarget;
    const anyway = h("a", { href: url(format), download: `projsok.${format}`, class: "button", id: "export-anyway",
      onclick: () => cancel(from) }, "Exportera ändå");
    warning.replaceChildren(h("p", {}, `Exporten blir ${total.toLocaleString("sv-SE")} dokument, fler än `,
      `${exportWarnAt().toLocaleString("sv-SE")}, ${exportSections ? "med avsnittens texter" : "utan avsnittens texter"}: `,
      "filen kan bli stor och ta en stund att hämta."),
    h("p", { class: "actions" }, anyway, h("button", { type: "button", class: "pick", id: "export-cancel", onclick: () => cancel(from) }, "Avbryt")));
    warning.hidden = false;
    anyway.focus();
  }
  const box = h("input", { type: "checkbox", id: "export-sections", checked: exportSections, onchange: (e) => {
    exportSections = e.target.checked;
    sessionStorage.setItem("projsok-export-sections", exportSections ? "1" : "0");
    for (const a of links) a.href = url(a.dataset.format);
    cancel(null);
  } });
  return h("div", { class: "export", id: "export" }, h("span", {}, "Exportera träffarna: "), links[0], " ", links[1], " ",
    h("label", { for: "export-sections", class: "export-sections" }, box, " med avsnittens texter"), warning);
}

// ---- the filter drawer of a phone ----------------------------------------------------------

/** The width at which the filters leave the side of the hits for a drawer (style.css). */
const PHONE = window.matchMedia("(max-width: 760px)");

/** Whether the drawer is open; kept across renders, so that choosing a value in it leaves it
 * open on the new result. */
let drawerOpen = false;

/** Puts the page in the drawer's state: open, the filters are a modal dialog and the rest of
 * the page is inert (the keyboard stays in the drawer until it is closed); closed, or on a
 * wide screen, nothing is inert and the filters are an ordinary part of the page. */
function applyDrawer() {
  const filters = document.getElementById("filters");
  const open = drawerOpen && !!filters && PHONE.matches;
  if (!filters) drawerOpen = false;
  for (const el of [document.querySelector("header.top"), document.querySelector("a.skip"),
    ...document.querySelectorAll("#main .layout > :not(#filters)")]) {
    if (el) el.inert = open;
  }
  document.body.classList.toggle("drawer-open", open);
  if (!filters) return;
  filters.classList.toggle("open", open);
  if (open) {
    filters.setAttribute("role", "dialog");
    filters.setAttribute("aria-modal", "true");
  } else {
    filters.removeAttribute("role");
    filters.removeAttribute("aria-modal");
  }
  const button = document.getElementById("filter-button");
  if (button) button.setAttribute("aria-expanded", String(open));
}

function openDrawer() {
  drawerOpen = true;
  applyDrawer();
  document.getElementById("close-filters").focus();
}

/** Closes the drawer; `refocus` takes the focus back to the button that opened it. */
function closeDrawer(refocus) {
  if (!drawerOpen) return;
  drawerOpen = false;
  applyDrawer();
  if (refocus) document.getElementById("filter-button")?.focus();
}

document.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && drawerOpen) {
    e.preventDefault();
    closeDrawer(true);
  }
});
// A click beside the drawer (on the dimmed, inert page) closes it, as a tap does on a phone.
document.addEventListener("click", (e) => {
  if (drawerOpen && PHONE.matches && !e.target.closest("#filters, #filter-button")) closeDrawer(true);
});
// Turned to a wide screen, the drawer is the side column again.
PHONE.addEventListener("change", applyDrawer);

/** "Utmärkande ord": the terms that set the matches apart (/api/terms), filled in when they
 * come so the hits do not wait for them; a click adds the term to the query. */
function distinctiveTerms(p) {
  const box = h("aside", { class: "distinctive", id: "terms", "aria-label": "Utmärkande ord" },
    h("h2", {}, "Utmärkande ord"), h("p", { class: "help" }, "Läser träffarna …"));
  api("/api/terms?" + filterParams(p, { limit: 15 })).then((r) => {
    const add = (word) => with_((s) => { s.set("q", `${s.get("q") || ""} ${word}`.trim()); s.delete("page"); });
    const items = r.terms.map((t) => h("li", {},
      link(add(t.word), { class: "term", title: `i ${t.docs} av ${r.set_docs} träffar, ${t.background_docs} av ${r.background_docs} övriga; G² ${t.g2.toLocaleString("sv-SE")}` },
        h("span", {}, t.word), h("span", { class: "n" }, `${t.docs}/${r.set_docs}`))));
    box.replaceChildren(h("h2", {}, "Utmärkande ord"),
      items.length ? h("ul", { class: "facet" }, items) : h("p", { class: "help" }, "Inga ord skiljer ut träffarna."),
      h("p", { class: "help" }, "Klicka för att lägga till ordet i sökningen. Log-likelihood (G²) mot resten av indexet."));
  }).catch((err) => box.replaceChildren(h("h2", {}, "Utmärkande ord"), h("p", { class: "help" }, err.message)));
  return box;
}

const TREND_BY = { year: "År", region: "Region", phase: "Projektfas", program: "Programområde", kommun: "Kommun" };

/** Width of a year's bar, in the chart's units. */
const YEAR_BAR = 34;

/** The bar chart of `buckets` per year, drawn to fit `room` pixels. Its labels keep a readable
 * size however many years there are: when the years are too many to label each, every Nth has
 * its year and count, and every bar its own in its tooltip (the table below has them all). */
function yearChart(buckets, value, share, room) {
  // Margins that hold half a label as wide as "1 234" (1.7 em) at the size text is drawn:
  // centred on the first or last bar, a label wider than the margin was cut ("1945" lost its
  // "1" at 360 px). The size grows as the chart shrinks, so the margins are found in turns.
  const bars = YEAR_BAR * buckets.length;
  let left = 40, right = 10;
  for (let turn = 0; turn < 3; turn++) {
    const half = 1.7 * 11 * Math.max(1, (left + bars + right) / Math.max(1, room));
    left = Math.max(40, half);
    right = Math.max(10, half);
  }
  const width = left + bars + right;
  // The SVG shrinks to fit; its units grow in proportion so that text stays 11 px on screen.
  const scale = Math.min(1, Math.max(1, room) / width);
  const font = 11 / scale;
  const height = Math.round(180 / scale), top = Math.round(font + 5), bottom = Math.round(2 * font + 14);
  // A label ("2009", or a count such as "1 234") is about 3 em wide with its margin.
  const every = Math.max(1, Math.ceil((3 * font) / YEAR_BAR));
  const most = Math.max(0, ...buckets.map(value)) || 1;
  const drawn = buckets.map((b, i) => {
    const hgt = Math.round((value(b) / most) * height);
    const x = left + i * YEAR_BAR;
    const label = share ? `${(100 * (b.share || 0)).toLocaleString("sv-SE", { maximumFractionDigits: 1 })} %` : b.count.toLocaleString("sv-SE");
    const labelled = i % every === 0;
    // A longer count than the margins hold is kept inside too (about 0.6 em a character).
    const inside = (text) => {
      const half = 0.32 * font * String(text).length;
      return Math.min(Math.max(x + YEAR_BAR / 2, half), width - half);
    };
    return svg("g", { class: labelled ? "bar labelled" : "bar", "data-label": b.label, "data-count": b.count },
      svg("rect", { x: x + 4, y: top + height - hgt, width: YEAR_BAR - 8, height: hgt, fill: b.inferred ? "#7aa6d6" : "#0b5cad" },
        svg("title", {}, `${b.label}: ${b.count} projekt${b.inferred ? ` (${b.inferred} med år ur mappen)` : ""}`)),
      labelled ? [
        svg("text", { x: inside(label), y: top + height - hgt - 3, "text-anchor": "middle", "font-size": font }, label),
        svg("text", { x: inside(b.label), y: top + height + font + 3, "text-anchor": "middle", "font-size": font }, b.label)] : null);
  });
  return svg("svg", { id: "trend-chart", viewBox: `0 0 ${width} ${top + height + bottom}`, width, role: "img",
    "aria-label": every > 1 ? `Stapeldiagram: projekt per år, vart ${every}:e år utskrivet` : "Stapeldiagram: projekt per år" },
    svg("line", { x1: left, x2: width - right, y1: top + height, y2: top + height, stroke: "currentColor" }), drawn);
}

/** Trends: the matches per year or facet value as an inline SVG bar chart and a table. */
async function renderTrends(p) {
  const by = TREND_BY[p.get("by")] ? p.get("by") : "year";
  const extra = { by };
  if (by === "year" && p.get("count") === "start") extra.count = "start";
  if (p.get("share")) extra.share = "1";
  const api_ = filterParams(p, extra);
  const r = await api("/api/trends?" + api_);
  setStatus(`Trender: ${num(r.total)} projekt per ${TREND_BY[by].toLocaleLowerCase("sv")}`);
  const rows = r.buckets.concat([r.without]);
  const value = (b) => (extra.share ? (b.share || 0) : b.count);
  const most = Math.max(0, ...r.buckets.map(value)) || 1;
  let chart;
  if (by === "year") {
    const main = document.getElementById("main"), style = getComputedStyle(main);
    const room = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    chart = yearChart(r.buckets, value, !!extra.share, room);
  } else {
    const width = 560, rowH = 22, labelW = 200;
    const bars = r.buckets.map((b, i) => {
      const w = Math.round((value(b) / most) * (width - labelW - 60));
      return svg("g", { class: "bar", "data-label": b.label, "data-count": b.count },
        svg("text", { x: labelW - 6, y: i * rowH + 15, "text-anchor": "end", "font-size": 12 }, b.label),
        svg("rect", { x: labelW, y: i * rowH + 4, width: w, height: rowH - 8, fill: "#0b5cad" }, svg("title", {}, `${b.label}: ${b.count}`)),
        svg("text", { x: labelW + w + 4, y: i * rowH + 15, "font-size": 12 }, String(b.count)));
    });
    chart = svg("svg", { id: "trend-chart", viewBox: `0 0 ${width} ${rowH * r.buckets.length + 4}`, width, role: "img",
      "aria-label": `Stapeldiagram: projekt per ${TREND_BY[by].toLocaleLowerCase("sv")}` }, bars);
  }
  const choose = (key, val) => with_((s) => { if (val) s.set(key, val); else s.delete(key); });
  const byLinks = h("p", { class: "actions" }, "Per: ", Object.entries(TREND_BY).map(([key, label]) =>
    key === by ? h("strong", {}, label) : link(choose("by", key === "year" ? "" : key), { class: "trend-by", "data-by": key }, label)),
    by === "year" ? link(choose("count", p.get("count") === "start" ? "" : "start"), { id: "count-link" },
      p.get("count") === "start" ? "Alla aktiva år" : "Bara startår") : null,
    link(choose("share", p.get("share") ? "" : "1"), { id: "share-link" }, p.get("share") ? "Antal" : "Andel av alla"));
  const table = h("table", { class: "facts-table", id: "trend-table" },
    h("thead", {}, h("tr", {}, h("th", {}, TREND_BY[by]), h("th", {}, "Projekt"), extra.share ? [h("th", {}, "Av alla"), h("th", {}, "Andel")] : null, h("th", {}, "År ur mappen"))),
    h("tbody", {}, rows.map((b) => h("tr", {}, h("td", {}, b.label), h("td", {}, num(b.count)),
      extra.share ? [h("td", {}, b.all === undefined || b.all === null ? "" : num(b.all)), h("td", {}, b.share === undefined ? "–" : `${(100 * b.share).toLocaleString("sv-SE", { maximumFractionDigits: 1 })} %`)] : null,
      h("td", {}, b.inferred || "")))));
  return h("div", { class: "trends" }, back(),
    h("h2", { id: "trend-total", "data-total": r.total }, `${num(r.total)} projekt per ${TREND_BY[by].toLocaleLowerCase("sv")}`),
    ofWhat(p, r.warnings), byLinks, chart, table);
}

/** Concordance: each use of the query's words in the best matches, aligned on the match. */
async function renderKwic(p) {
  const api_ = filterParams(p, { limit: 100, width: 50 });
  const sort = ["right", "left"].includes(p.get("kwic_sort")) ? p.get("kwic_sort") : "score";
  if (sort !== "score") api_.set("sort", sort);
  const r = await api("/api/kwic?" + api_);
  setStatus(`Konkordans: ${num(r.lines.length)} rader`);
  const sortLink = (key, label) => key === sort ? h("strong", {}, label)
    : link((s) => { if (key === "score") s.delete("kwic_sort"); else s.set("kwic_sort", key); }, { class: "kwic-sort", "data-sort": key }, label);
  const record = (id) => with_((s) => { s.set("view", "show"); s.set("id", id); });
  const lines = h("table", { class: "kwic-lines", id: "kwic-lines" }, h("tbody", {}, r.lines.map((l) => h("tr", {},
    h("td", { class: "left" }, l.left), h("td", { class: "match" }, h("mark", {}, l.match)), h("td", { class: "right" }, l.right),
    h("td", { class: "path" }, link(record(l.id), {}, shortId(l.id)))))));
  // Lines keep their alignment on the match: narrower than the lines, the table scrolls in
  // its own box (focusable, so a keyboard scrolls it too) instead of widening the page.
  const scroller = h("div", { class: "kwic-scroll", tabindex: "0", role: "region", "aria-label": "Konkordansens rader" }, lines);
  // Narrower than its lines (a phone), the box starts scrolled to the matched words, which are
  // what the reader came for, with the contexts to either side.
  requestAnimationFrame(() => {
    const match = scroller.querySelector("td.match");
    if (match && scroller.scrollWidth > scroller.clientWidth) {
      scroller.scrollLeft = match.offsetLeft + match.offsetWidth / 2 - scroller.clientWidth / 2;
    }
  });
  return h("div", { class: "kwic" }, back(),
    h("h2", { id: "kwic-total", "data-lines": r.lines.length }, `${num(r.lines.length)} av ${num(r.lines_found)} rader i ${num(r.docs_read)} av ${num(r.matches)} projekt`),
    ofWhat(p, r.warnings),
    h("p", { class: "actions" }, "Ordna: ", sortLink("score", "Efter relevans"), sortLink("right", "Efter ordet och högerled"), sortLink("left", "Efter vänsterled")),
    scroller);
}

/** What a view of the matches (trends, the concordance) is of: the query and the chosen
 * filters, as the search shows them and removable alike, so the chart or the lines are never
 * read as those of every project. */
function ofWhat(p, warnings) {
  const q = p.get("q") || "";
  return [h("p", { class: "of-what", id: "of-what" }, q ? ["Sökfråga: ", h("q", {}, q)] : "Alla projekt (ingen sökfråga)"),
    selectedFilters(p, true), correctionOf(p, warnings), notices(warnings)];
}

/** The correction the matches were found with, said as the search says it: trends and the
 * concordance get it only as a warning, and without it "kirna" charted Kiruna's projects
 * under "Sökfråga: kirna". */
function correctionOf(p, warnings) {
  for (const warning of warnings || []) {
    const shown = /^showing results for "((?:[^"\\]|\\.)*)"; /.exec(warning);
    const meant = /^did you mean "((?:[^"\\]|\\.)*)"\?$/.exec(warning);
    const m = shown || meant;
    if (m) return spelling(p, { did_you_mean: { query: JSON.parse(`"${m[1]}"`), applied: Boolean(shown) } });
  }
  return null;
}

function back() {
  const url = with_((s) => { for (const k of ["view", "id", "text", "paste", "by", "page"]) s.delete(k); });
  return h("p", { class: "back" }, link(url, {}, "← Till sökningen"));
}

function factsTable(rows) {
  return h("dl", { class: "header" }, rows.filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

async function renderRecord(p) {
  const id = p.get("id") || "";
  // With the query, the API marks in each section what a search's snippets mark.
  const query = new URLSearchParams();
  if (p.get("q")) query.set("q", p.get("q"));
  if (p.get("exact")) query.set("exact", "1");
  const r = await api("/api/show/" + encodeURIComponent(id) + (p.get("q") ? "?" + query : ""));
  rememberTitle(r.path, r.title);
  setStatus(`Projektet ${r.title}`);
  const markedText = new Map((r.marked_sections || []).map((text, i) => [r.sections[i], text]));
  // Values projsok read from the title or the text rather than from a labelled field.
  const inferred = new Set(r.inferred || []);
  const value = (key, v) => (inferred.has(key) && v !== null && v !== undefined && v !== ""
    ? h("span", {}, v, " ", h("span", { class: "inferred", title: "Härlett ur texten, inte angivet i dokumentet" }, "(härlett)"))
    : v);
  const list = (key, title, items) => items && items.length
    ? h("section", {}, h("h3", {}, title, inferred.has(key) ? h("span", { class: "inferred" }, " (härledda)") : null),
      h("ul", { class: "plain" }, items.map((x) => h("li", {}, x)))) : null;
  const sections = r.sections.filter((s) => s.text);
  const anchor = (i) => `avsnitt-${i + 1}`;
  const headingOf = (s, i) => s.heading || (i === 0 ? "Inledning" : `Avsnitt ${i + 1}`);
  const toc = sections.length > 1 ? h("nav", { class: "toc", "aria-label": "Innehåll" }, h("h3", {}, "Innehåll"),
    h("ol", {}, sections.map((s, i) => h("li", {}, h("a", { href: "#" + anchor(i), onclick: (e) => {
      e.preventDefault();
      const target = document.getElementById(anchor(i));
      target.scrollIntoView();
      target.focus();
    } }, headingOf(s, i)))))) : null;
  return h("article", { class: "record" }, back(),
    h("h2", {}, r.title || shortId(r.path)),
    h("p", { class: "actions" },
      link((s) => { s.set("view", "similar"); s.delete("page"); }, {}, "Liknande projekt"), " ", pickButton(p, r.path)),
    pickBar(p),
    factsTable([["Programområde", value("program", r.program)], ["Projektfas", value("phase", r.phase)],
      ["Projektägare", value("owner", r.owner)],
      ["Kontaktperson", r.contact], ["E-post", r.email], ["Telefon", r.phone],
      ["ESF-stöd", sek(r.esf_grant_sek)], ["Total budget", sek(r.total_budget_sek)],
      ["Period", period(r)], ["Region", value("region", r.region)], ["Språk", LANGS[r.lang] || r.lang],
      ["Fil", r.path]]),
    toc,
    list("kommuner", "Kommuner", r.kommuner), list("partners", "Samarbetspartners", r.partners),
    list("cofinanciers", "Medfinansiärer", r.cofinanciers), list("participants", "Deltagare", r.participants),
    versionsList(r.versions),
    sections.map((s, i) => h("section", { class: "text", id: anchor(i), tabindex: "-1" },
      h("h3", {}, headingOf(s, i)), h("p", {}, markedText.has(s) ? marked(markedText.get(s)) : s.text))));
}

/** What "Liknande projekt" can search by: the API's `field`. */
const SIMILAR_BY = [["all", "Hela problembeskrivningen"], ["background", "Bakgrund"], ["purpose", "Syfte"], ["goal", "Målsättning"]];

/** The most text the API compares with (src/config.rs, PASTED_TEXT_MAX_SIZE), in bytes of UTF-8. */
const PASTED_TEXT_MAX_SIZE = 1 << 20;

/** The pasted-application form. The text is sent in the request's body and kept in this tab's
 * history (back, forward, a reload), not in the URL, which it may not fit. */
function pasteForm(p, text) {
  const id = "paste";
  return h("form", { class: "paste", onsubmit: (e) => {
    e.preventDefault();
    const typed = e.target.querySelector("textarea").value.trim();
    const err = e.target.querySelector(".error");
    const wrong = !typed ? "Klistra in en text först."
      : new TextEncoder().encode(typed).length > PASTED_TEXT_MAX_SIZE
        ? "Texten är längre än 1 MiB (ungefär en miljon tecken), det mesta som jämförs. Klistra in en del av den." : null;
    if (wrong) { err.hidden = false; err.textContent = wrong; return; }
    go(with_((s) => { s.set("view", "similar"); s.delete("id"); s.delete("text"); s.set("paste", "1"); s.delete("page"); }), false, typed)
      .then(() => {
        // The neighbours are what the user asked for: the view goes to them, not back to the
        // button, which is now below them.
        const heading = document.getElementById("similar-heading");
        if (!heading) return;
        heading.focus({ preventScroll: true });
        heading.scrollIntoView({ block: "start" });
      });
  } },
    h("label", { for: id }, "Klistra in en ansökan (eller annan text) för att hitta de närmaste projekten"),
    h("textarea", { id, name: "text", rows: "5", "aria-describedby": "paste-help" }, text),
    h("p", { class: "help", id: "paste-help" }, "Texten sparas inte i länken: en länk eller ett bokmärke till resultatet har den inte med sig."),
    h("p", { class: "error", role: "alert", hidden: true }),
    h("button", { type: "submit", id: "paste-search" }, "Hitta liknande projekt"));
}

// The document's versions as the index linked them: near-duplicates, and documents of the
// same projektägare with a similar text or title.
const VERSION_KINDS = { "near-duplicate": "nästan identisk", "similar text": "liknande text",
  "similar title": "liknande titel" };
function versionsList(versions) {
  if (!versions || !versions.length) return null;
  return h("section", { class: "versions" }, h("h3", {}, "Versioner"),
    h("ul", { class: "plain" }, versions.map((v) => h("li", {},
      link((s) => { s.set("view", "show"); s.set("id", v.path); }, {}, v.title || shortId(v.path)),
      " ", h("span", { class: "terms" }, VERSION_KINDS[v.kind] || v.kind,
        v.similarity === null ? "" : ", likhet " + v.similarity.toLocaleString("sv-SE",
          { minimumFractionDigits: 2, maximumFractionDigits: 2 }))))));
}

async function renderSimilar(p) {
  const id = p.get("id") || "";
  // A link of an older page may still carry a short text in the URL.
  const text = (p.get("paste") === "1" && pastedText()) || p.get("text") || "";
  const by = p.get("by") || "all";
  const page = Math.max(1, parseInt(p.get("page") || "1", 10) || 1);
  if (!id && !text) {
    setStatus("Klistra in en ansökan");
    // A link to a pasted text's neighbours opened elsewhere: the text stayed where it was pasted.
    const lost = p.get("paste") === "1"
      ? h("p", { class: "help", id: "paste-lost" }, "Den inklistrade texten finns inte i länken. Klistra in den igen.") : null;
    return h("div", { class: "similar" }, back(), h("h2", {}, "Liknande projekt"), lost, pasteForm(p, ""));
  }
  const query = new URLSearchParams();
  for (const key of MULTI) for (const v of p.getAll(key)) query.append(key, v);
  for (const key of NUMBERS) if (p.get(key)) query.set(key, p.get(key));
  if (by !== "all") query.set("field", by);
  // The API has no offset: ask for this page's end and show its last PAGE_SIZE.
  query.set("limit", page * PAGE_SIZE + 1);
  // The source's sections, to offer only those it has: by one it lacks the API finds nothing.
  const [r, sections] = await Promise.all(text
    ? [api("/api/similar?" + query, text), []]
    : [api("/api/similar/" + encodeURIComponent(id) + "?" + query),
      api("/api/show/" + encodeURIComponent(id)).then((d) => d.sections.filter((s) => s.text).map((s) => s.section))]);
  const offered = SIMILAR_BY.filter(([v]) => v === "all" || v === by || sections.includes(v));
  const hits = r.hits.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const hasMore = r.hits.length > page * PAGE_SIZE;
  const from = hits.length ? (page - 1) * PAGE_SIZE + 1 : 0;
  const source = text ? "den inklistrade texten" : r.source_title || shortId(id);
  setStatus(hits.length ? `Liknande projekt som ${source}: ${num(from)}–${num(from + hits.length - 1)}` : `Inga projekt liknar ${source}`);
  const top = Math.max(...r.hits.map((x) => x.score), 1e-9);
  const chooser = h("p", { class: "similar-by" }, h("label", { for: "similar-by" }, "Jämför utifrån "),
    h("select", { id: "similar-by", onchange: (e) => go(with_((s) => {
      if (e.target.value === "all") s.delete("by"); else s.set("by", e.target.value); s.delete("page");
    })) }, offered.map(([v, l]) => h("option", { value: v, selected: by === v }, l))));
  const pageLink = (n, label, rel) => link((s) => { if (n > 1) s.set("page", n); else s.delete("page"); },
    { rel }, label, rel === "last" ? null : h("span", { class: "sr" }, ` (sida ${n})`));
  const paging = page > 1 || hasMore ? h("nav", { class: "paging", "aria-label": "Sidor" },
    page > 1 ? pageLink(page - 1, "← Föregående", "prev") : null, h("span", {}, `Sida ${page}`),
    hasMore ? pageLink(page + 1, "Nästa →", "next") : null) : null;
  const compareWith = (hit) => id
    ? link((s) => { s.set("view", "compare"); s.set("a", id); s.set("b", hit.path); s.delete("page"); },
      { class: "compare-with" }, "jämför med källan")
    : null;
  return h("div", { class: "similar" }, back(),
    h("h2", { id: "similar-heading", tabindex: "-1" }, "Liknande projekt som ", h("q", {}, text ? (text.length > 80 ? text.slice(0, 80) + "…" : text) : r.source_title)),
    chooser, selectedFilters(p), notices(r.warnings),
    h("p", { class: "terms" }, "Utgår från orden: ", r.source_terms.slice(0, 15).join(", ")),
    pickBar(p),
    hits.length ? null : h("p", { id: "no-similar" }, page > 1 && r.hits.length
      ? [`Inga fler liknande projekt: de räcker till sida ${Math.ceil(r.hits.length / PAGE_SIZE)}. `,
        pageLink(Math.ceil(r.hits.length / PAGE_SIZE), `Gå till sida ${Math.ceil(r.hits.length / PAGE_SIZE)}`, "last")]
      : "Inga liknande projekt med de här filtren."),
    h("ol", { id: "results", class: "hits", start: from || 1 }, hits.map((hit) =>
      hitView(p, hit, [
        h("p", { class: "scorebar", title: `likhet ${hit.score.toFixed(3)}` },
          h("span", { class: "track", "aria-hidden": "true" }, h("span", { class: "fill", style: `width:${(100 * hit.score / top).toFixed(1)}%` })),
          h("span", { class: "n" }, `likhet ${hit.score.toLocaleString("sv-SE", { maximumFractionDigits: 2, minimumFractionDigits: 2 })}`)),
        h("p", { class: "terms" }, "Gemensamma ord: ", hit.terms.map((t) => h("mark", {}, t)).reduce((acc, x) => acc.concat(acc.length ? [", ", x] : [x]), [])),
        compareWith(hit)]))),
    paging, text ? pasteForm(p, text) : null);
}

/** The letter that names a side of a comparison: "A" or "B" stays true when the two columns
 * stack on a phone, where "left" and "right" would not. */
const sideTag = (side) => h("span", { class: "sidetag side-" + side.toLowerCase() }, side, h("span", { class: "sr" }, ":"));

async function renderCompare(p) {
  const a = p.get("a"), b = p.get("b");
  if (!a || !b) throw new PageError("Välj två projekt att jämföra.");
  const [c, ra, rb] = await Promise.all([
    api("/api/compare?" + new URLSearchParams({ a, b })),
    api("/api/show/" + encodeURIComponent(a)),
    api("/api/show/" + encodeURIComponent(b)),
  ]);
  setStatus(`Jämförelse: ${c.a.title} och ${c.b.title}`);
  const fact = (label, pair, fmt) => {
    const missing = (x) => x === null || x === undefined;
    const f = fmt || ((x) => (missing(x) ? "–" : x));
    // Two values the documents do not state are no likeness.
    const known = !missing(pair.a) && !missing(pair.b);
    const mark = !known ? "okänt" : pair.same ? "= lika" : "≠ olika";
    return h("tr", { class: !known ? "unknown" : pair.same ? "same" : "differs" },
      h("th", { scope: "row" }, label, " ", h("span", { class: "badge" }, mark)),
      h("td", { "data-side": "A" }, f(pair.a)), h("td", { "data-side": "B" }, f(pair.b)));
  };
  const facts = h("table", { class: "facts-table" },
    h("thead", {}, h("tr", {}, h("td", {}),
      h("th", { scope: "col" }, sideTag("A"), " ", link((s) => { s.set("view", "show"); s.set("id", a); }, {}, c.a.title)),
      h("th", { scope: "col" }, sideTag("B"), " ", link((s) => { s.set("view", "show"); s.set("id", b); }, {}, c.b.title)))),
    h("tbody", {},
      fact("Projektfas", c.facts.phase), fact("Region", c.facts.region), fact("Projektägare", c.facts.owner),
      fact("Programområde", c.facts.program), fact("Period", c.facts.period),
      fact("ESF-stöd", c.facts.esf_grant_sek, sek), fact("Total budget", c.facts.total_budget_sek, sek),
      fact("Antal kommuner", c.facts.kommuner),
      h("tr", {}, h("th", { scope: "row" }, "Perioderna överlappar"),
        h("td", { colspan: 2 }, c.facts.periods_overlap === null ? "okänt" : c.facts.periods_overlap ? "ja" : "nej"))));
  const textOf = (record, kind) => (record.sections.find((s) => s.section === kind) || {}).text || "";
  rememberTitle(a, c.a.title);
  rememberTitle(b, c.b.title);
  const pairs = c.sections.filter((s) => s.section !== "all");
  const jump = pairs.length > 1 ? h("nav", { class: "toc", "aria-label": "Avsnitt" }, h("h3", {}, "Avsnitt"),
    h("ol", {}, pairs.map((s) => h("li", {}, h("a", { href: "#par-" + s.section, onclick: (e) => {
      e.preventDefault();
      const target = document.getElementById("par-" + s.section);
      target.scrollIntoView();
      target.focus();
    } }, s.heading))))) : null;
  const swap = link((s) => { s.set("a", b); s.set("b", a); }, { class: "button", id: "swap" }, "⇄ Byt sida");
  const sections = pairs.map((s) => h("section", { class: "pair", id: "par-" + s.section, tabindex: "-1" },
    h("h3", {}, s.heading, h("span", { class: "score" }, ` likhet ${(s.score * 100).toFixed(0)} %`)),
    h("p", { class: "terms" }, "Gemensamma ord: ", s.shared_terms.length ? s.shared_terms.map((t) => h("mark", {}, t)).reduce((acc, x) => acc.concat(acc.length ? [", ", x] : [x]), []) : "inga"),
    h("div", { class: "columns" },
      h("div", {}, h("p", { class: "side" }, sideTag("A"), " ", c.a.title), h("p", { class: "terms" }, "Bara i A: ", s.only_a.join(", ") || "–"),
        h("p", { class: "text" }, highlightTerms(textOf(ra, s.section), s.shared_terms))),
      h("div", {}, h("p", { class: "side" }, sideTag("B"), " ", c.b.title), h("p", { class: "terms" }, "Bara i B: ", s.only_b.join(", ") || "–"),
        h("p", { class: "text" }, highlightTerms(textOf(rb, s.section), s.shared_terms))))));
  const whole = c.sections.find((s) => s.section === "all");
  return h("div", { class: "compare" }, back(),
    h("h2", {}, "Jämförelse"),
    h("p", { class: "actions" }, link((s) => { s.set("view", "align"); }, { class: "button", id: "align-link" }, "Mening för mening"), " ", swap),
    whole ? h("p", {}, `Likhet i hela problembeskrivningen: ${(whole.score * 100).toFixed(0)} %. Gemensamma ord: ${whole.shared_terms.join(", ")}`) : null,
    facts, jump,
    h("section", { class: "kommuner-common" },
      h("h3", { id: "kommuner-common" }, h("span", { "data-count": c.kommuner_common.length, id: "kommuner-common-count" }, c.kommuner_common.length), " kommuner gemensamma"),
      h("p", {}, c.kommuner_common.join(", ") || "–"),
      c.kommuner_only_a.length ? h("p", {}, "Bara i A: ", c.kommuner_only_a.join(", ")) : null,
      c.kommuner_only_b.length ? h("p", {}, "Bara i B: ", c.kommuner_only_b.join(", ")) : null),
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
    : apiParams(p, { limit: p.get("limit") || PAGE_SIZE });
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
      h("li", {}, link((s) => { s.set("view", "show"); s.set("id", d.path); }, {}, d.title || shortId(d.path))))));
}

async function renderAlign(p) {
  const a = p.get("a"), b = p.get("b");
  if (!a || !b) throw new PageError("Välj två projekt att jämföra.");
  const query = new URLSearchParams({ a, b });
  if (p.get("section")) query.set("section", p.get("section"));
  const r = await api("/api/compare/align?" + query);
  setStatus(`Mening för mening: ${r.a.title} och ${r.b.title}, ${r.pairs.length} par`);
  const rows = r.pairs.map((pair) => h("tr", { class: "aligned-pair" },
    h("td", { "data-side": "A" }, r.a_sentences[pair.a].text),
    h("td", { "data-side": "B" }, r.b_sentences[pair.b].text),
    h("td", { class: "terms" }, pair.score.toFixed(2), h("br", {}), pair.ties.join(", "))));
  const only = (label, id, sentences, list) => h("section", { class: "only", id },
    h("h3", {}, `${label} (${list.length})`),
    h("ul", {}, list.map((i) => h("li", {}, sentences[i].text))));
  return h("div", { class: "align" }, back(),
    h("h2", {}, "Mening för mening"),
    h("p", { class: "terms" }, `Ett par delar minst ${r.min_shared} ordformer och har minst ${r.min_score.toFixed(2)} i poäng (idf-viktad överlappning av stammar, sammansättningsdelar och synonymer).`),
    rows.length ? h("table", { class: "facts-table aligned" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, sideTag("A"), " ", r.a.title), h("th", { scope: "col" }, sideTag("B"), " ", r.b.title), h("th", { scope: "col" }, "Poäng, ord"))),
      h("tbody", {}, rows))
      : [h("ul", { class: "sides" }, h("li", {}, sideTag("A"), " ", r.a.title), h("li", {}, sideTag("B"), " ", r.b.title)),
        h("p", { id: "no-pairs" }, "Ingen mening i A motsvarar någon i B.")],
    h("div", { class: "columns" },
      only("Bara i A", "only-a", r.a_sentences, r.only_a),
      only("Bara i B", "only-b", r.b_sentences, r.only_b)));
}

// ---- start -----------------------------------------------------------------------------------

window.addEventListener("popstate", restore);
// A reload or a visit elsewhere and back keeps the position too.
window.addEventListener("pagehide", rememberScroll);
document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = document.getElementById("q").value;
    // Exact mode stays as the user set it: it is how they read queries, not a part of this one.
    go(with_((s) => { s.set("q", q); for (const k of ["page", "view", "id"]) s.delete(k); }));
  });
  restore();
});
