//! The names people give the eight ESF regions: the official name in any case, with or without
//! å, ä and ö, the short forms of project pages and reports ("Väst", "Skåne", "ÖMS"), and the
//! län or landskap a region consists of ("Norrbotten och Västerbotten").

use super::table::{normalise, region_of_lan};
use super::REGIONS;
use crate::text::fold;

/// Short and informal forms, lower case, with the region they stand for. Forms built from the
/// official name ("östra mellansverige", "esf-region stockholm") and single län ("skåne",
/// "västerbottens län") are found without this table.
const SHORT_FORMS: [(&str, &str); 44] = [
    ("övre norr", "Övre Norrland"),
    ("norra norrland", "Övre Norrland"),
    ("ön", "Övre Norrland"),
    ("norrbotten och västerbotten", "Övre Norrland"),
    ("västerbotten och norrbotten", "Övre Norrland"),
    ("norrbotten-västerbotten", "Övre Norrland"),
    ("mellersta norr", "Mellersta Norrland"),
    ("mittnorrland", "Mellersta Norrland"),
    ("mn", "Mellersta Norrland"),
    ("västernorrland och jämtland", "Mellersta Norrland"),
    ("jämtland och västernorrland", "Mellersta Norrland"),
    ("jämtland härjedalen", "Mellersta Norrland"),
    ("jämtland-härjedalen", "Mellersta Norrland"),
    ("norra mellan", "Norra Mellansverige"),
    ("nms", "Norra Mellansverige"),
    ("värmland, dalarna och gävleborg", "Norra Mellansverige"),
    ("dalarna, gävleborg och värmland", "Norra Mellansverige"),
    ("gävleborg, dalarna och värmland", "Norra Mellansverige"),
    ("sthlm", "Stockholm"),
    ("stockholmsregionen", "Stockholm"),
    ("storstockholm", "Stockholm"),
    ("stockholm stad och län", "Stockholm"),
    ("östra mellan", "Östra Mellansverige"),
    ("öms", "Östra Mellansverige"),
    ("väst", "Västsverige"),
    ("västra sverige", "Västsverige"),
    ("västra götaland och halland", "Västsverige"),
    ("halland och västra götaland", "Västsverige"),
    ("västra götalandsregionen", "Västsverige"),
    ("vgr", "Västsverige"),
    ("småland", "Småland och öarna"),
    ("småland & öarna", "Småland och öarna"),
    ("småland med öarna", "Småland och öarna"),
    ("småland o öarna", "Småland och öarna"),
    ("småland/öarna", "Småland och öarna"),
    ("smöa", "Småland och öarna"),
    ("smö", "Småland och öarna"),
    ("syd", "Sydsverige"),
    ("södra sverige", "Sydsverige"),
    ("skåne och blekinge", "Sydsverige"),
    ("blekinge och skåne", "Sydsverige"),
    ("skåne-blekinge", "Sydsverige"),
    ("skåne/blekinge", "Sydsverige"),
    ("öresundsregionen", "Sydsverige"),
];

/// Words before a region's name that do not change what it names: "ESF-region Väst",
/// "Region Skåne", "regionen Övre Norrland".
const PREFIXES: [&str; 5] = ["esf-regionen ", "esf-region ", "esf region ", "regionen ", "region "];

/// The ESF region `name` stands for, or `None`. The official name is matched in any case and
/// without diacritics, then the short forms, then the name of a län (or its short name).
pub(super) fn region(name: &str) -> Option<&'static str> {
    let key = normalise(name);
    let key = key.trim_end_matches(['.', ',', ';']).trim();
    let key = PREFIXES.iter().find_map(|prefix| key.strip_prefix(prefix)).unwrap_or(key).trim();
    // "Västsveriges", "Övre Norrlands": the genitive of a name.
    exact_or_short(key).or_else(|| exact_or_short(key.strip_suffix('s')?))
}

fn exact_or_short(key: &str) -> Option<&'static str> {
    FOLDED_NAMES.get(fold(key).as_str()).copied().or_else(|| region_of_lan(key))
}

/// The official names and the short forms by their folded spelling, built once: `similar`
/// asks for the region of every capitalised word of a hundred documents, and folding the 52
/// names at each call was an eighth of its time.
static FOLDED_NAMES: std::sync::LazyLock<std::collections::HashMap<String, &'static str>> =
    std::sync::LazyLock::new(|| {
        let mut names = std::collections::HashMap::new();
        // An official name wins over a short form folded alike, and the first of two short
        // forms over the second, as when the lists were searched in order.
        for &(form, region) in &SHORT_FORMS {
            names.entry(fold(form)).or_insert(region);
        }
        for region in REGIONS {
            names.insert(fold(&normalise(region)), region);
        }
        names
    });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_short_form_names_a_region_and_is_listed_once() {
        for (at, (form, region)) in SHORT_FORMS.iter().enumerate() {
            assert!(REGIONS.contains(region), "{form}: {region}");
            assert_eq!(*form, normalise(form), "{form} is not in lookup form");
            let again = SHORT_FORMS.iter().skip(at + 1).find(|(other, _)| other == form);
            assert_eq!(again, None, "{form} is listed twice");
        }
        for region in REGIONS {
            let forms = SHORT_FORMS.iter().filter(|(_, named)| *named == region).count();
            assert!(forms >= 2, "{region} has {forms} short forms");
        }
    }

    #[test]
    fn every_region_in_every_written_form() {
        for official in REGIONS {
            let lower = official.to_lowercase();
            let forms = [
                official.to_string(),
                lower.clone(),
                official.to_uppercase(),
                fold(&lower),
                format!("  {official} "),
                format!("ESF-region {official}"),
                format!("Region {lower}"),
                format!("{official}."),
            ];
            for form in forms {
                assert_eq!(region(&form), Some(official), "{form:?}");
            }
        }
    }

    #[test]
    fn short_forms_lan_and_landskap() {
        let cases = [
            ("Väst", "Västsverige"),
            ("ESF-region Väst", "Västsverige"),
            ("Skåne", "Sydsverige"),
            ("Region Skåne", "Sydsverige"),
            ("Syd", "Sydsverige"),
            ("Blekinge län", "Sydsverige"),
            ("Norrbotten och Västerbotten", "Övre Norrland"),
            ("ovre norr", "Övre Norrland"),
            ("Västerbottens län", "Övre Norrland"),
            ("Jämtland Härjedalen", "Mellersta Norrland"),
            ("Region Jämtland Härjedalen", "Mellersta Norrland"),
            ("Västernorrland", "Mellersta Norrland"),
            ("NMS", "Norra Mellansverige"),
            ("Dalarna", "Norra Mellansverige"),
            ("Sthlm", "Stockholm"),
            ("Stockholms län", "Stockholm"),
            ("ÖMS", "Östra Mellansverige"),
            ("Östergötland", "Östra Mellansverige"),
            ("Småland", "Småland och öarna"),
            ("Småland & öarna", "Småland och öarna"),
            ("Kalmar län", "Småland och öarna"),
            ("Region Gotland", "Småland och öarna"),
            ("Västra Götalandsregionen", "Västsverige"),
            ("Västsveriges", "Västsverige"),
            ("Östra Mellansveriges", "Östra Mellansverige"),
        ];
        for (form, expected) in cases {
            assert_eq!(region(form), Some(expected), "{form:?}");
        }
    }

    #[test]
    fn what_is_no_region() {
        for form in ["", "Norrland", "Nationellt", "Sverige", "Region", "Umeå", "Mälardalen", "x"]
        {
            assert_eq!(region(form), None, "{form:?}");
        }
    }
}
