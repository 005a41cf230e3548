//! Ids for a terminal with their control characters made visible. Document texts lose their
//! escape sequences when they are read, but a document's id is its file's path, and a path may
//! hold any byte but `/` and NUL: a corpus from elsewhere could name a file so that printing it
//! sets the window title, writes the clipboard (OSC 52) or clears the screen. Text for people
//! writes every id through [`escaped`], which writes control characters as `\u{…}`, the way
//! Rust and JSON escape them.

use std::borrow::Cow;

/// `text` with its control characters, line breaks included, written as `\u{…}` (one id a
/// line in `search -l`: a line break inside an id would make two). A backslash that begins
/// `\u{` is written `\u{5c}`, so that no two ids print alike: a file named `a\u{9}b` and one
/// with a tab there.
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) && !text.contains(ESCAPE_START) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        if is_hidden(c) || (c == '\\' && text[at..].starts_with(ESCAPE_START)) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// How an escape begins.
const ESCAPE_START: &str = "\\u{";

/// `text` with the `\u{…}` that [`escaped`] writes read back, when it holds any: an id
/// copied from projsok's output names the document (`search -l | xargs -n1 projsok show`).
pub fn unescaped(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut any = false;
    while let Some(at) = rest.find("\\u{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        let decoded = after.find('}').and_then(|end| {
            let c = u32::from_str_radix(&after[..end], 16).ok().and_then(char::from_u32)?;
            Some((c, end))
        });
        match decoded.filter(|&(c, _)| is_hidden(c) || c == '\\') {
            Some((c, end)) => {
                out.push(c);
                any = true;
                rest = &after[end + 1..];
            }
            None => {
                out.push_str("\\u{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    any.then_some(out)
}

/// Ids joined by ", ", each [`escaped`].
pub fn escaped_list(ids: &[String]) -> String {
    ids.iter().map(|id| escaped(id)).collect::<Vec<_>>().join(", ")
}

/// `text` of several lines (a message) with its control characters but line breaks and tabs
/// written as `\u{…}`.
pub fn escaped_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_hidden(c) && c != '\n' && c != '\t') {
        return Cow::Borrowed(text);
    }
    let lines: Vec<Cow<str>> = text
        .split('\n')
        .map(|line| {
            let parts: Vec<Cow<str>> = line.split('\t').map(escaped).collect();
            Cow::Owned(parts.join("\t"))
        })
        .collect();
    Cow::Owned(lines.join("\n"))
}

/// A control character, or a mark that turns the direction of the text after it.
fn is_hidden(c: char) -> bool {
    c.is_control() || crate::text::is_direction_mark(c)
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
        assert_eq!(escaped("rapport\u{202e}fdp.exe"), "rapport\\u{202e}fdp.exe");
        assert_eq!(escaped_lines("a\u{1b}b\n\tc"), "a\\u{1b}b\n\tc");
        assert_eq!(escaped("Övre Norrland/ö.md"), "Övre Norrland/ö.md");
        for id in ["odd/esc\u{1b}]0;x\u{7}.md", "new\nline.md", "a\u{202e}b"] {
            assert_eq!(unescaped(&escaped(id)).as_deref(), Some(id));
        }
        assert_eq!(unescaped("plain.md"), None);
        // A name with an escape's text of its own prints apart from the one with the tab.
        assert_eq!(escaped("a\\u{9}b"), "a\\u{5c}u{9}b");
        assert_ne!(escaped("a\\u{9}b"), escaped("a\tb"));
        assert_eq!(unescaped(&escaped("a\\u{9}b")).as_deref(), Some("a\\u{9}b"));
        assert_eq!(escaped("mapp\\fil.md"), "mapp\\fil.md");
        assert_eq!(unescaped("a\\u{41}b\\u{zz}"), None);
        assert_eq!(unescaped("a\\u{9}b\\u{"), Some("a\tb\\u{".to_string()));
        let ids = ["a\nb.md".to_string(), "c\u{9b}.md".to_string()];
        assert_eq!(escaped_list(&ids), "a\\u{a}b.md, c\\u{9b}.md");
    }
}
