//! Text handling shared by the parsers: splitting text into lines whatever its line endings,
//! and joining the lines a parser keeps back into paragraphs.

/// Splits `text` into lines without their terminators. `\r\n`, `\n` and a lone `\r` all end a
/// line; a leading byte-order mark is dropped.
pub(super) fn lines(text: &str) -> Vec<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&text[start..i]);
                i += 1;
                start = i;
            }
            b'\r' => {
                lines.push(&text[start..i]);
                i += if bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// Joins lines into running text: trailing whitespace goes, runs of blank lines become one blank
/// line (a paragraph break), and blank lines at either end are dropped.
pub(super) fn join<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    let mut blank_pending = false;
    for line in lines {
        let line = line.trim_end();
        if line.trim_start().is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_pending { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank_pending = false;
    }
    out
}

/// Collapses every run of whitespace (including non-breaking spaces) into one space and trims.
pub(super) fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_accepts_every_line_ending() {
        assert_eq!(lines("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(lines("\u{feff}a\n\nb\n"), ["a", "", "b"]);
        assert_eq!(lines("\r\n"), [""]);
        assert!(lines("").is_empty());
    }

    #[test]
    fn join_keeps_paragraphs_and_drops_edges() {
        assert_eq!(join(["", "a  ", "b", "", "", " ", "c", ""]), "a\nb\n\nc");
        assert_eq!(join(["", " "]), "");
        assert_eq!(join([" • item"]), " • item");
    }

    #[test]
    fn squeeze_collapses_whitespace() {
        assert_eq!(squeeze(" Remiss\u{a0}av  förslag\t"), "Remiss av förslag");
    }
}
