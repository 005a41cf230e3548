//! Ids for a terminal with their control characters made visible. Document texts lose their
//! escape sequences when they are read, but a document's id is its file's path, and a path may
//! hold any byte but `/` and NUL: a corpus from elsewhere could name a file so that printing it
//! sets the window title, writes the clipboard (OSC 52) or clears the screen. Text for people
//! writes every id through [`escaped`], which writes control characters as `\u{…}`, the way
//! Rust and JSON escape them.

use std::borrow::Cow;

/// `text` with its control characters, line breaks included, written as `\u{…}` (one id a
/// line in `search -l`: a line break inside an id would make two).
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_of_an_id_are_written_as_escapes() {
        assert_eq!(
            escaped("odd/esc\u{1b}]0;x\u{7}.md\t\u{9b}"),
            "odd/esc\\u{1b}]0;x\\u{7}.md\\u{9}\\u{9b}"
        );
        assert_eq!(escaped("new\nline.md"), "new\\u{a}line.md");
        assert_eq!(escaped("Övre Norrland/ö.md"), "Övre Norrland/ö.md");
    }
}
