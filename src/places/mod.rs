//! Swedish kommuner, their län and ESF region, and inference of kommun and region from text.
//!
//! The gazetteer lists all 290 kommuner with their SCB kommunkod, generated from SCB's
//! kommun- och länsindelning by `src/places/gen_kommuner.py`. A document that names no Kommun list
//! or Region gets them inferred from the place names in its text, and the inferred fields are
//! recorded in [`Document::inferred`](crate::document::Document::inferred). Explicit values
//! always win. Region inference is conservative: a text that names places all over Sweden gets
//! no region, because a wrong region facet is worse than none.
//!
//! ```
//! use projsok::places;
//!
//! assert_eq!(places::kommun("Jokkmokks kommun").map(|k| k.code), Some("2510"));
//! let text = "Projektet drivs av Älvsbyns och Jokkmokks kommuner.\nMålgruppen är unga i Norrbotten.";
//! let inference = places::infer(text);
//! assert_eq!(inference.kommuner, ["Älvsbyn", "Jokkmokk"]);
//! assert_eq!(inference.region, Some("Övre Norrland"));
//! ```

mod infer;
mod region_names;
mod table;

use crate::document::Document;

/// The eight ESF regions (NUTS 2 areas) used by the Swedish ESF council.
pub const REGIONS: [&str; 8] = [
    "Övre Norrland",
    "Mellersta Norrland",
    "Norra Mellansverige",
    "Stockholm",
    "Östra Mellansverige",
    "Västsverige",
    "Småland och öarna",
    "Sydsverige",
];

/// Share of a document's recognised explicit kommuner that must lie in one region for the
/// document to get that region.
const KOMMUN_MAJORITY: f64 = 0.75;

/// One kommun with its län and ESF region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kommun {
    /// SCB kommunkod, four digits; the first two are the länskod.
    pub code: &'static str,
    pub name: &'static str,
    pub lan: &'static str,
    pub region: &'static str,
}

/// All 290 kommuner in kommunkod order.
pub fn kommuner() -> &'static [Kommun] {
    &table::KOMMUNER
}

/// Looks a kommun up by name, case-insensitively. Also accepts "Umeå kommun", "Göteborgs stad",
/// the genitive ("Jokkmokks kommun"), "Region Gotland", and names without diacritics ("Lulea")
/// when only one kommun fits.
pub fn kommun(name: &str) -> Option<&'static Kommun> {
    table::lookup(name)
}

/// The canonical name of the ESF region `name` stands for: the official name in any case and
/// with or without å, ä and ö, a short form ("Väst", "Syd", "ÖMS"), or a län or landskap of the
/// region ("Skåne", "Västerbottens län", "Norrbotten och Västerbotten"); `None` for anything
/// else.
pub fn region(name: &str) -> Option<&'static str> {
    region_names::region(name)
}

/// The ESF region of a län, given as "Västerbottens län", "Västerbotten" or in any case.
pub fn region_of_lan(lan: &str) -> Option<&'static str> {
    table::region_of_lan(lan)
}

/// The kommuner of an ESF region (any case), in kommunkod order; empty for an unknown region.
pub fn kommuner_in_region(name: &str) -> Vec<&'static Kommun> {
    let Some(region) = region(name) else { return Vec::new() };
    kommuner().iter().filter(|kommun| kommun.region == region).collect()
}

/// The places a text names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inference {
    /// Kommuner named in the text, in order of first mention.
    pub kommuner: Vec<&'static str>,
    /// The ESF region the text's place names clearly point to, if they do.
    pub region: Option<&'static str>,
}

/// Finds the kommuner a Swedish text names and the ESF region they point to, if one stands out.
pub fn infer(text: &str) -> Inference {
    let mut tally = infer::Tally::default();
    tally.scan(text);
    tally.into_inference()
}

/// The one region that every named kommun lies in, if all are known and there is one.
fn region_of_all(names: &[String]) -> Option<&'static str> {
    let mut regions = names.iter().map(|name| kommun(name).map(|kommun| kommun.region));
    let first = regions.next()??;
    regions.all(|region| region == Some(first)).then_some(first)
}

/// Replaces the explicit region and kommuner with the gazetteer's names ("Väst" → Västsverige,
/// "Malmö stad" → Malmö), keeping what was written in [`Document::as_written`]. A value that
/// names no region or kommun stays as written, with a warning.
fn normalise_explicit(doc: &mut Document) {
    if let Some(written) = doc.region.clone() {
        match region(&written) {
            Some(canonical) if canonical != written => {
                doc.keep_as_written("region", &written);
                doc.region = Some(canonical.to_string());
            }
            Some(_) => {}
            None => doc.warnings.push(format!(
                "Region: \"{written}\" is no ESF region ({}); kept as written",
                REGIONS.join(", ")
            )),
        }
    }
    let mut kommuner: Vec<String> = Vec::with_capacity(doc.kommuner.len());
    for written in std::mem::take(&mut doc.kommuner) {
        let name = match kommun(&written) {
            Some(found) => {
                if found.name != written {
                    doc.keep_as_written("kommuner", &written);
                }
                found.name.to_string()
            }
            None => {
                doc.warnings
                    .push(format!("Kommun: \"{written}\" is no Swedish kommun; kept as written"));
                written
            }
        };
        // "Malmö" and "Malmö stad" in one list are one kommun.
        if !kommuner.contains(&name) {
            kommuner.push(name);
        }
    }
    doc.kommuner = kommuner;
}

/// The region that all or a clear majority of the named kommuner lie in.
fn region_of_kommuner(names: &[String]) -> Option<&'static str> {
    let regions: Vec<&str> =
        names.iter().filter_map(|name| kommun(name)).map(|k| k.region).collect();
    REGIONS.into_iter().find(|&region| {
        let count = regions.iter().filter(|&&other| other == region).count();
        count > 0 && count as f64 >= KOMMUN_MAJORITY * regions.len() as f64
    })
}

/// Fills in `kommuner` and `region` where the document lacks them, recording what was inferred.
///
/// Explicit values always win. They are first rewritten in the gazetteer's names, which is not
/// inference (see [`normalise_explicit`]). A missing region comes from the explicit kommuner
/// when all or a clear majority of them lie in one region, and otherwise from the place names
/// in the title and every section; when those give none but every kommun the document names
/// lies in one region, it is that region, so that a kommun facet never contradicts the region
/// facet.
pub fn infer_missing(doc: &mut Document) {
    normalise_explicit(doc);
    let explicit_kommuner = !doc.kommuner.is_empty();
    if doc.region.is_none() && explicit_kommuner {
        if let Some(region) = region_of_kommuner(&doc.kommuner) {
            doc.region = Some(region.to_string());
            doc.inferred.push("region".to_string());
        }
    }
    if doc.region.is_some() && explicit_kommuner {
        return;
    }
    let mut tally = infer::Tally::default();
    tally.scan_title(&doc.title);
    for section in &doc.sections {
        tally.scan(&section.text);
    }
    let inference = tally.into_inference();
    if !explicit_kommuner && !inference.kommuner.is_empty() {
        doc.kommuner = inference.kommuner.iter().map(|name| name.to_string()).collect();
        doc.inferred.push("kommuner".to_string());
    }
    let region = inference.region.or_else(|| region_of_all(&doc.kommuner));
    if let (None, Some(region)) = (&doc.region, region) {
        doc.region = Some(region.to_string());
        doc.inferred.push("region".to_string());
    }
}

#[cfg(test)]
mod tests;
