//! Reading the typed values of a project header: amounts in Swedish notation, ISO dates and
//! the project phase.
//!
//! The readers return `None` for what they cannot read; the caller turns that into a warning
//! that quotes the value.

/// The phases of an ESF project, as the project pages name them.
pub(super) const PHASES: [&str; 2] = ["Förprojektering", "Genomförande"];

/// Words that name a phase, lower case without spaces or hyphens, and the phase they name: the
/// pages' own words, the "förstudie" of other programmes and the 2014–2020 programme's "analys-
/// och planeringsfas".
const PHASE_STEMS: [(&str, usize); 8] = [
    ("förprojektering", 0),
    ("förprojekt", 0),
    ("förstudie", 0),
    ("analysochplanering", 0),
    ("planering", 0),
    ("analys", 0),
    ("genomförande", 1),
    ("implementering", 1),
];

/// What may follow a phase word: "Genomförandefas", "Förprojekteringsfasen", "förstudien".
const PHASE_ENDINGS: [&str; 14] = [
    "", "n", "t", "fas", "fasen", "sfas", "sfasen", "skede", "skedet", "sskede", "sskedet",
    "projekt", "sprojekt", "et",
];

/// The canonical name of the phase `value` names in any case, with or without å, ä and ö and
/// a "-fas" ending ("Genomförandefas" → "Genomförande", "förstudie" → "Förprojektering").
pub(super) fn phase(value: &str) -> Option<&'static str> {
    let key: String = value
        .trim()
        .trim_end_matches(['.', ','])
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c {
            'a' | 'å' | 'ä' => 'a',
            'o' | 'ö' => 'o',
            other => other,
        })
        .collect();
    PHASE_STEMS.iter().find_map(|&(stem, phase)| {
        let stem: String = stem.replace(['å', 'ä'], "a").replace('ö', "o");
        let ending = key.strip_prefix(&stem)?;
        PHASE_ENDINGS.contains(&ending).then_some(PHASES[phase])
    })
}

/// Reads an amount such as `"5 978 228 kr"`, `"1,2 Mkr"`, `"863 tkr"` or `"4.148.664 SEK"` as
/// whole kronor (rounded to the nearest krona).
///
/// Thousands are separated by spaces (also non-breaking and thin ones) or dots, decimals by a
/// comma, or by a dot that is not followed by exactly three digits. The unit may be missing
/// (kronor) or one of kr, kronor, SEK, :-, ,- (×1), tkr, tsek, ksek (×1 000), Mkr, MSEK, mnkr,
/// miljoner kronor (×1 000 000).
pub(super) fn amount_sek(value: &str) -> Option<u64> {
    let lower = value.trim().to_lowercase();
    let (number, scale) = split_unit(&lower);
    let (mantissa, decimals) = read_number(number)?;
    let numerator = mantissa.checked_mul(scale)?;
    let denominator = 10u128.checked_pow(decimals)?;
    u64::try_from((numerator + denominator / 2) / denominator).ok()
}

/// Units by the multiplier they stand for, longest spellings first so that "mkr" is not read as
/// "kr".
const UNITS: [(&str, u128); 18] = [
    ("miljoner kronor", 1_000_000),
    ("miljoner kr", 1_000_000),
    ("milj. kr", 1_000_000),
    ("milj kr", 1_000_000),
    ("mnkr", 1_000_000),
    ("msek", 1_000_000),
    ("mkr", 1_000_000),
    ("tusen kr", 1_000),
    ("ksek", 1_000),
    ("tsek", 1_000),
    ("tkr", 1_000),
    ("kronor", 1),
    ("kr.", 1),
    ("sek", 1),
    ("kr", 1),
    (":-", 1),
    (",-", 1),
    ("", 1),
];

fn split_unit(lower: &str) -> (&str, u128) {
    // "SEK 1 200 000" puts the unit first.
    if let Some(rest) = lower.strip_prefix("sek") {
        return (rest.trim(), 1);
    }
    for (unit, scale) in UNITS {
        if let Some(rest) = lower.strip_suffix(unit) {
            return (rest.trim(), scale);
        }
    }
    (lower, 1)
}

/// Reads digits with thousands and decimal separators into (all digits as one integer, number of
/// decimals).
fn read_number(number: &str) -> Option<(u128, u32)> {
    // Split into digit groups and the one separator before each.
    let mut groups: Vec<(Option<char>, String)> = vec![(None, String::new())];
    let mut pending: Option<char> = None;
    for c in number.chars() {
        if c.is_ascii_digit() {
            if let Some(sep) = pending.take() {
                groups.push((Some(sep), String::new()));
            }
            groups.last_mut()?.1.push(c);
        } else if is_space(c) && pending == Some(' ') {
            // Doubled spaces are still one separator.
        } else if is_space(c) || c == '.' || c == ',' {
            // A separator must sit between digits, and only one at a time.
            if groups.last()?.1.is_empty() || pending.is_some() {
                return None;
            }
            pending = Some(if is_space(c) { ' ' } else { c });
        } else {
            return None;
        }
    }
    if pending.is_some() || groups[0].1.is_empty() {
        return None;
    }

    let decimal_at = match groups.last() {
        Some((Some(','), _)) => Some(groups.len() - 1),
        Some((Some('.'), digits)) if digits.len() != 3 => Some(groups.len() - 1),
        _ => None,
    };
    let integer_groups = decimal_at.unwrap_or(groups.len());
    for (sep, digits) in &groups[1..integer_groups] {
        if *sep == Some(',') || digits.len() != 3 {
            return None;
        }
    }
    if integer_groups > 1 && groups[0].1.len() > 3 {
        return None;
    }

    let digits: String = groups.iter().map(|(_, digits)| digits.as_str()).collect();
    if digits.len() > 30 {
        return None;
    }
    let decimals = decimal_at.map_or(0, |at| groups[at].1.len() as u32);
    Some((digits.parse().ok()?, decimals))
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}' || c == '\u{202f}' || c == '\u{2009}'
}

/// Every valid `YYYY-MM-DD` date in `value`, in order, and every date-shaped token that is not a
/// real date (such as `2009-13-01`).
pub(super) fn iso_dates(value: &str) -> (Vec<String>, Vec<String>) {
    let (mut valid, mut invalid) = (Vec::new(), Vec::new());
    let bytes = value.as_bytes();
    let mut i = 0;
    while i + 10 <= bytes.len() {
        let candidate = &bytes[i..i + 10];
        let shaped = candidate.iter().enumerate().all(|(k, b)| {
            if k == 4 || k == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
        let bounded = (i == 0 || !bytes[i - 1].is_ascii_digit())
            && bytes.get(i + 10).is_none_or(|b| !b.is_ascii_digit());
        if shaped && bounded {
            // The ten bytes are ASCII, so the slice sits on character boundaries.
            let date = &value[i..i + 10];
            if is_real_date(date) {
                valid.push(date.to_string());
            } else {
                invalid.push(date.to_string());
            }
            i += 10;
        } else {
            i += 1;
        }
    }
    (valid, invalid)
}

fn is_real_date(date: &str) -> bool {
    let number = |range: std::ops::Range<usize>| date[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_kronor() {
        assert_eq!(amount_sek("634\u{a0}672 kr"), Some(634_672));
        assert_eq!(amount_sek("5 978 228 kr"), Some(5_978_228));
        assert_eq!(amount_sek("150 000 kr"), Some(150_000));
        assert_eq!(amount_sek("4.148.664 SEK"), Some(4_148_664));
        assert_eq!(amount_sek("SEK 1 200 000"), Some(1_200_000));
        assert_eq!(amount_sek("200000"), Some(200_000));
        assert_eq!(amount_sek("150 000:-"), Some(150_000));
        assert_eq!(amount_sek("12 kronor"), Some(12));
        assert_eq!(amount_sek("1 \u{a0}000 kr"), Some(1_000));
        assert_eq!(amount_sek("1 234,50 kr"), Some(1_235));
        assert_eq!(amount_sek("1.234,4 kr"), Some(1_234));
        assert_eq!(amount_sek("7\u{202f}520\u{2009}000 kr"), Some(7_520_000));
    }

    #[test]
    fn amounts_with_scale() {
        assert_eq!(amount_sek("1,2 Mkr"), Some(1_200_000));
        assert_eq!(amount_sek("1,2 MSEK"), Some(1_200_000));
        assert_eq!(amount_sek("19,8 miljoner kronor"), Some(19_800_000));
        assert_eq!(amount_sek("1.5 Mkr"), Some(1_500_000));
        assert_eq!(amount_sek("3 Mkr"), Some(3_000_000));
        assert_eq!(amount_sek("863 tkr"), Some(863_000));
        assert_eq!(amount_sek("863,5 tkr"), Some(863_500));
        assert_eq!(amount_sek("2 500 tkr"), Some(2_500_000));
    }

    #[test]
    fn unreadable_amounts() {
        for value in [
            "",
            "kr",
            "saknas",
            "ca 2 Mkr",
            "1,2,3 kr",
            "1 .000 kr",
            "12 34 kr",
            "1,234.5 kr",
            "2009 123 kr",
            "-5 kr",
            "5 kr extra",
            "99999999999999999999999999999 kr",
            "1,2 Mkr och 3 Mkr",
        ] {
            assert_eq!(amount_sek(value), None, "{value:?}");
        }
    }

    #[test]
    fn phases_in_every_written_form() {
        let cases = [
            ("Förprojektering", "Förprojektering"),
            ("förprojektering", "Förprojektering"),
            ("FÖRPROJEKTERING", "Förprojektering"),
            ("Forprojektering", "Förprojektering"),
            ("Förprojekteringsfas", "Förprojektering"),
            ("Förprojekteringsfasen", "Förprojektering"),
            ("förstudie", "Förprojektering"),
            ("Förstudien", "Förprojektering"),
            ("Förstudiefas", "Förprojektering"),
            ("Analys- och planeringsfas", "Förprojektering"),
            ("Analys och planering", "Förprojektering"),
            ("Planeringsfas", "Förprojektering"),
            ("Genomförande", "Genomförande"),
            (" genomförande. ", "Genomförande"),
            ("Genomforande", "Genomförande"),
            ("Genomförandefas", "Genomförande"),
            ("Genomförandefasen", "Genomförande"),
            ("genomförande-fas", "Genomförande"),
            ("Genomförandeprojekt", "Genomförande"),
            ("Implementeringsfas", "Genomförande"),
        ];
        for (value, expected) in cases {
            assert_eq!(phase(value), Some(expected), "{value:?}");
        }
        for value in ["", "Avslutad", "fas", "Förprojekteringar", "Genomförandet av", "Uppföljning"]
        {
            assert_eq!(phase(value), None, "{value:?}");
        }
    }

    #[test]
    fn dates() {
        let (valid, invalid) = iso_dates("2009-01-07 till 2010-12-31");
        assert_eq!(valid, ["2009-01-07", "2010-12-31"]);
        assert!(invalid.is_empty());
        let (valid, invalid) = iso_dates("2012-02-29–2011-02-29, 2009-13-01 och 12009-01-01");
        assert_eq!(valid, ["2012-02-29"]);
        assert_eq!(invalid, ["2011-02-29", "2009-13-01"]);
        assert_eq!(iso_dates("år 2009 till 2010"), (vec![], vec![]));
        assert_eq!(iso_dates("å2009-01-01ö").0, ["2009-01-01"]);
    }
}
