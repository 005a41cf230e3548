//! Language detection with an allow-list: projsok stems Swedish and English, and nothing else.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use whatlang::{Detector, Lang as WhatLang};

/// The languages projsok analyses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Sv,
    En,
}

impl Lang {
    /// The ISO 639-1 code stored in the `lang` facet.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }
}

/// Below this many bytes a guess is noise; such text counts as Swedish, the corpus language.
const MIN_DETECT_LEN: usize = 80;
/// Detection reads a prefix only: language does not change mid-section, and whatlang's cost
/// grows with length.
const DETECT_PREFIX_LEN: usize = 2000;

static DETECTOR: LazyLock<Detector> =
    LazyLock::new(|| Detector::with_allowlist(vec![WhatLang::Swe, WhatLang::Eng]));

/// The language of `text`, Swedish unless the text is long enough and reliably English.
pub fn detect(text: &str) -> Lang {
    if text.len() < MIN_DETECT_LEN {
        return Lang::Sv;
    }
    let mut end = text.len().min(DETECT_PREFIX_LEN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match DETECTOR.detect(&text[..end]) {
        Some(info) if info.lang() == WhatLang::Eng && info.confidence() > 0.5 => Lang::En,
        _ => Lang::Sv,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_text() {
        let text = "Projektet ska underlätta etablering på arbetsmarknaden för nyanlända \
                    invandrare genom bättre samverkan mellan kommuner och myndigheter.";
        assert_eq!(detect(text), Lang::Sv);
    }

    #[test]
    fn english_text() {
        let text = "The project will make it easier for newly arrived immigrants to enter \
                    the labour market through better cooperation between municipalities.";
        assert_eq!(detect(text), Lang::En);
    }

    #[test]
    fn short_text_is_swedish() {
        assert_eq!(detect("The project"), Lang::Sv);
        assert_eq!(detect(""), Lang::Sv);
    }

    #[test]
    fn long_multibyte_text_is_cut_on_a_char_boundary() {
        let text = "å".repeat(3000);
        assert_eq!(detect(&text), Lang::Sv);
    }
}
