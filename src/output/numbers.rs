//! The interface's one language rule, for everything a person reads: messages, flags and
//! headings are English; the documents' own labels (Projektfas, Kommuner, ESF-stöd, the
//! region and phase names) stay Swedish as the pages write them; and every number is written
//! the Swedish way, thousands grouped by a space and decimals after a comma: `44 397
//! documents`, `score 23,84`, `5 978 228 kr`, `0,5–1 Mkr`, `9 394/s`. JSON, CSV and the web
//! API's data carry plain numbers (`23.84`, `5978228`), which programs read.
//!
//! ```
//! use projsok::output::numbers::{count, decimal, grouped};
//!
//! assert_eq!(grouped(44397), "44 397");
//! assert_eq!(decimal(23.8449, 2), "23,84");
//! assert_eq!(count(1, "bulk file", "bulk files"), "1 bulk file");
//! assert_eq!(count(12000, "document", "documents"), "12 000 documents");
//! ```

/// Thousands grouped by a space: 5978228 → "5 978 228".
pub fn grouped(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(digit);
    }
    out
}

/// A number with `places` decimals after a comma, its whole part grouped: 1234.5 → "1 234,50".
pub fn decimal(number: f64, places: usize) -> String {
    let text = format!("{:.places$}", number.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if number < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        "-"
    } else {
        ""
    };
    let whole = whole.parse::<u64>().map(grouped).unwrap_or_else(|_| whole.to_string());
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole},{fraction}")
    }
}

/// `count` and the noun it counts, in the singular for one: "1 bulk file", "2 bulk files".
pub fn count(count: u64, singular: &str, plural: &str) -> String {
    let noun = if count == 1 { singular } else { plural };
    format!("{} {noun}", grouped(count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_swedish_way() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1 000");
        assert_eq!(grouped(u64::MAX), "18 446 744 073 709 551 615");
        assert_eq!(decimal(0.0, 2), "0,00");
        assert_eq!(decimal(0.125, 2), "0,12");
        assert_eq!(decimal(-0.001, 2), "0,00");
        assert_eq!(decimal(-2.5, 1), "-2,5");
        assert_eq!(decimal(9394.4483, 0), "9 394");
        assert_eq!(decimal(1234.5, 2), "1 234,50");
        assert_eq!(count(0, "file", "files"), "0 files");
    }
}
