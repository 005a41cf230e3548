//! `compare … --report FILE.html`: an evaluator's report, one self-contained HTML file.
//!
//! No external resource (no script, font, image or style sheet from elsewhere: the styles are
//! inline and the heat map is inline SVG), so the file can be attached to a memo, opened
//! offline and printed. It holds the header facts of the documents side by side, the kommuner
//! they have in common, the aligned passages of a pair (the two documents, or the closest pair
//! of many) with each aligned sentence highlighted in its section and numbered as its pair,
//! and the similarity matrix as a heat map and a table. The `generator` meta tag marks a file
//! projsok wrote, so that a later report may replace it (see `app/compare.rs`).

use std::fmt::Write as _;

use super::alignment::scope_heading;
use super::human::{period, sek};
use crate::document::Document;
use crate::search::compare::align::{Alignment, SentenceAt, MIN_SCORE, MIN_SHARED};
use crate::search::compare::matrix::{Matrix, CLUSTER_SIMILARITY};

/// The tag that marks a report projsok wrote.
pub const GENERATOR: &str = "<meta name=\"generator\" content=\"projsok compare --report\">";

const STYLE: &str = "
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,sans-serif;color:#1b1b1b;margin:0 auto;padding:1.5rem;max-width:60rem}
h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.15rem;margin:1.8rem 0 .6rem;border-bottom:1px solid #ccc}
h3{font-size:1rem;margin:1rem 0 .3rem}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.4rem 0}
td,th{border:1px solid #ccc;padding:.25rem .4rem;vertical-align:top;text-align:left;overflow-wrap:anywhere}
th{background:#f2f2f2;font-weight:600}
.differ{background:#fff4d6}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.cols>div{min-width:0;overflow-wrap:anywhere}
mark{background:#d9ecff;border-radius:2px;padding:0 .1rem}
.only{text-decoration:underline dotted #b55;text-underline-offset:3px}
sup{color:#235;font-weight:600}
.ties{color:#555;font-size:.9em}
svg{max-width:100%;height:auto}
.note{color:#555;font-size:.9em}
@media print{body{padding:0;max-width:none}h2{break-after:avoid}tr,.cols>div p{break-inside:avoid}}
@page{size:A4;margin:16mm}
";

/// Everything a report shows: the documents' matrix, and the pair aligned.
pub struct Report<'a> {
    pub matrix: &'a Matrix,
    /// The two documents aligned, as indexes into the matrix's documents, with their alignment.
    pub aligned: Option<(usize, usize, &'a Alignment)>,
}

/// Text with `&`, `<`, `>` and quotes escaped, for HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "–".to_string())
}

/// The whole report as one HTML document.
pub fn render(report: &Report) -> String {
    let docs = &report.matrix.docs;
    let mut html = String::new();
    let title = match docs.as_slice() {
        [a, b] => format!("{} · {}", a.title, b.title),
        _ => format!("{} projects compared", docs.len()),
    };
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">{GENERATOR}\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{}</title><style>{STYLE}</style></head><body>\n\
         <h1>{}</h1>\n",
        escape(&title),
        escape(&title)
    );
    facts(&mut html, docs);
    kommuner(&mut html, docs);
    if let Some((a, b, alignment)) = report.aligned {
        passages(&mut html, &docs[a], &docs[b], a, b, alignment);
    }
    matrix(&mut html, report.matrix);
    html.push_str("</body></html>\n");
    html
}

fn facts(html: &mut String, docs: &[Document]) {
    html.push_str("<h2>Header facts</h2>\n<table><thead><tr><th></th>");
    for (index, doc) in docs.iter().enumerate() {
        let _ = write!(html, "<th>{}. {}</th>", index + 1, escape(&doc.title));
    }
    html.push_str("</tr></thead><tbody>\n");
    type Value = fn(&Document) -> String;
    let rows: [(&str, Value); 9] = [
        ("Document", |doc| doc.path.clone()),
        ("Projektfas", |doc| or_dash(doc.phase.clone())),
        ("Region", |doc| or_dash(doc.region.clone())),
        ("Projektägare", |doc| or_dash(doc.owner.clone())),
        ("Programområde", |doc| or_dash(doc.program.clone())),
        ("Projektperiod", |doc| or_dash(period(doc))),
        ("Beviljat ESF-stöd", |doc| or_dash(doc.esf_grant_sek.map(sek))),
        ("Total projektbudget", |doc| or_dash(doc.total_budget_sek.map(sek))),
        ("Kommuner", |doc| doc.kommuner.len().to_string()),
    ];
    for (label, value) in rows {
        let values: Vec<String> = docs.iter().map(value).collect();
        let differ = values.windows(2).any(|pair| pair[0] != pair[1]);
        let class = if differ { " class=\"differ\"" } else { "" };
        let _ = write!(html, "<tr{class}><th>{}</th>", escape(label));
        for value in values {
            let _ = write!(html, "<td>{}</td>", escape(&value));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody></table>\n<p class=\"note\">Rows that differ are shaded.</p>\n");
}

fn kommuner(html: &mut String, docs: &[Document]) {
    html.push_str("<h2>Kommuner in common</h2>\n");
    let key = |name: &str| name.trim().to_lowercase();
    let mut named: Vec<(String, Vec<usize>)> = Vec::new();
    for (index, doc) in docs.iter().enumerate() {
        for name in &doc.kommuner {
            match named.iter_mut().find(|(known, _)| key(known) == key(name)) {
                Some((_, by)) if !by.contains(&index) => by.push(index),
                Some(_) => {}
                None => named.push((name.clone(), vec![index])),
            }
        }
    }
    let all: Vec<&str> = named
        .iter()
        .filter(|(_, by)| by.len() == docs.len())
        .map(|(name, _)| name.as_str())
        .collect();
    let list = |names: &[&str]| {
        if names.is_empty() {
            "–".to_string()
        } else {
            escape(&names.join(", "))
        }
    };
    let _ = writeln!(html, "<p><b>Named by all ({}):</b> {}</p>", all.len(), list(&all));
    if docs.len() == 2 {
        for (side, label) in [(0, "Only in 1"), (1, "Only in 2")] {
            let only: Vec<&str> = named
                .iter()
                .filter(|(_, by)| by == &[side])
                .map(|(name, _)| name.as_str())
                .collect();
            let _ = writeln!(html, "<p><b>{label} ({}):</b> {}</p>", only.len(), list(&only));
        }
    } else {
        let some: Vec<String> = named
            .iter()
            .filter(|(_, by)| by.len() > 1 && by.len() < docs.len())
            .map(|(name, by)| {
                let members: Vec<String> = by.iter().map(|m| (m + 1).to_string()).collect();
                format!("{name} ({})", members.join(", "))
            })
            .collect();
        let some: Vec<&str> = some.iter().map(String::as_str).collect();
        let _ = writeln!(html, "<p><b>Named by some ({}):</b> {}</p>", some.len(), list(&some));
    }
}

fn passages(
    html: &mut String,
    a: &Document,
    b: &Document,
    a_at: usize,
    b_at: usize,
    alignment: &Alignment,
) {
    let _ = writeln!(
        html,
        "<h2>Aligned passages: {} and {}, {}</h2>\n<p class=\"note\">{} of {} sentences of {} \
         correspond to {} of {} sentences of {} (a pair shares at least {MIN_SHARED} analysed forms \
         and scores at least {}). Corresponding sentences are highlighted and numbered \
         alike; sentences with no counterpart are underlined.</p>",
        a_at + 1,
        b_at + 1,
        escape(&scope_heading(alignment.section).to_lowercase()),
        alignment.pairs.len(),
        alignment.a_sentences.len(),
        a_at + 1,
        alignment.pairs.len(),
        alignment.b_sentences.len(),
        b_at + 1,
        super::numbers::decimal(f64::from(MIN_SCORE), 2),
    );
    let mut a_pair = vec![None; alignment.a_sentences.len()];
    let mut b_pair = vec![None; alignment.b_sentences.len()];
    for (number, pair) in alignment.pairs.iter().enumerate() {
        a_pair[pair.a] = Some(number + 1);
        b_pair[pair.b] = Some(number + 1);
    }
    html.push_str("<div class=\"cols\">");
    for (doc, sentences, numbers, at) in
        [(a, &alignment.a_sentences, &a_pair, a_at), (b, &alignment.b_sentences, &b_pair, b_at)]
    {
        let _ = write!(html, "<div><h3>{}. {}</h3>", at + 1, escape(&doc.title));
        side(html, doc, sentences, numbers);
        html.push_str("</div>");
    }
    html.push_str(
        "</div>\n<h3>Pairs</h3>\n<table><thead><tr><th style=\"width:3rem\">#</th>\
                   <th style=\"width:4rem\">Score</th><th>Tied by</th></tr></thead><tbody>\n",
    );
    for (number, pair) in alignment.pairs.iter().enumerate() {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td class=\"ties\">{}</td></tr>",
            number + 1,
            super::numbers::decimal(f64::from(pair.score), 2),
            escape(&pair.ties.join(", "))
        );
    }
    html.push_str("</tbody></table>\n");
}

/// The sections a side's sentences stand in, each aligned sentence marked with its pair.
fn side(html: &mut String, doc: &Document, sentences: &[SentenceAt], numbers: &[Option<usize>]) {
    let mut section = None;
    let mut at = 0;
    for (index, sentence) in sentences.iter().enumerate() {
        if section != Some(sentence.section) {
            if let Some(open) = section {
                let text: &str = &doc.sections[open].text;
                let _ = write!(html, "{}</p>", escape(text.get(at..).unwrap_or_default()));
            }
            section = Some(sentence.section);
            at = 0;
            let _ = write!(html, "<h4>{}</h4><p>", escape(sentence.kind.heading()));
        }
        let text: &str = &doc.sections[sentence.section].text;
        html.push_str(&escape(text.get(at..sentence.start).unwrap_or_default()));
        let inner = escape(&sentence.text);
        match numbers[index] {
            Some(number) => {
                let _ = write!(html, "<mark><sup>{number}</sup> {inner}</mark>");
            }
            None => {
                let _ = write!(html, "<span class=\"only\">{inner}</span>");
            }
        }
        at = sentence.end;
    }
    if let Some(open) = section {
        let text: &str = &doc.sections[open].text;
        let _ = write!(html, "{}</p>", escape(text.get(at..).unwrap_or_default()));
    }
}

/// The colour of a similarity: white at 0 to dark blue at 1.
pub fn heat(score: f32) -> String {
    let t = score.clamp(0.0, 1.0);
    let channel = |from: f32, to: f32| (from + (to - from) * t).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        channel(255.0, 24.0),
        channel(255.0, 76.0),
        channel(255.0, 150.0)
    )
}

fn matrix(html: &mut String, matrix: &Matrix) {
    let n = matrix.docs.len();
    let _ = writeln!(
        html,
        "<h2>Similarity, {}</h2>\n<p class=\"note\">The cosine of the documents' tf-idf vectors, \
         0 (nothing in common) to 1 (the same words in the same proportions). Clusters join \
         documents at least {} alike.</p>",
        escape(&scope_heading(matrix.section).to_lowercase()),
        super::numbers::decimal(f64::from(CLUSTER_SIMILARITY), 3)
    );
    let cell = 36;
    let size = 30 + cell * n;
    let _ = write!(
        html,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size}\" \
         viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"similarity heat map\">"
    );
    for i in 0..n {
        let _ = write!(
            html,
            "<text x=\"{}\" y=\"20\" font-size=\"12\" text-anchor=\"middle\">{}</text>\
             <text x=\"24\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
            30 + cell * i + cell / 2,
            i + 1,
            30 + cell * i + cell / 2 + 4,
            i + 1
        );
        for j in 0..n {
            let score = matrix.scores[i][j];
            let fill = score.map_or_else(|| "#eeeeee".to_string(), heat);
            let label =
                score.map_or_else(|| "–".to_string(), |s| super::numbers::decimal(f64::from(s), 2));
            let ink = if score.unwrap_or(0.0) > 0.55 { "#fff" } else { "#000" };
            let _ = write!(
                html,
                "<rect x=\"{}\" y=\"{}\" width=\"{cell}\" height=\"{cell}\" fill=\"{fill}\" \
                 stroke=\"#fff\"><title>{} · {}: {label}</title></rect>\
                 <text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{ink}\">{label}</text>",
                30 + cell * j,
                30 + cell * i,
                i + 1,
                j + 1,
                30 + cell * j + cell / 2,
                30 + cell * i + cell / 2 + 4,
            );
        }
    }
    html.push_str("</svg>\n<table><tbody>\n");
    for (index, doc) in matrix.docs.iter().enumerate() {
        let _ = writeln!(
            html,
            "<tr><td style=\"width:3rem\">{}</td><td>{}</td><td>{}</td></tr>",
            index + 1,
            escape(&doc.title),
            escape(&doc.path)
        );
    }
    html.push_str("</tbody></table>\n");
    if let Some((a, b)) = matrix.closest {
        let score = matrix.scores[a][b].unwrap_or_default();
        let _ = writeln!(
            html,
            "<p><b>Closest pair:</b> {} and {} ({})</p>",
            a + 1,
            b + 1,
            super::numbers::decimal(f64::from(score), 2)
        );
    }
    for cluster in &matrix.clusters {
        let members: Vec<String> = cluster.members.iter().map(|m| (m + 1).to_string()).collect();
        let _ = writeln!(
            html,
            "<p><b>Cluster:</b> {} <span class=\"ties\">{}</span></p>",
            members.join(", "),
            escape(&cluster.words.join(", "))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_leaves_no_markup() {
        assert_eq!(
            escape("<a href=\"x\">Å & 'ö'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Å &amp; &#39;ö&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn heat_runs_from_white_to_blue() {
        assert_eq!(heat(0.0), "#ffffff");
        assert_eq!(heat(1.0), "#184c96");
        assert_eq!(heat(7.0), heat(1.0));
    }
}
