//! Bytes → text: recognises binary files and decodes the text encodings older Swedish
//! documents come in.
//!
//! The rule, in order:
//!
//! 1. a magic number of a common binary format (PDF, ZIP and Office files, PNG, GIF, JPEG, …)
//!    → binary;
//! 2. a byte-order mark → UTF-8 or UTF-16 LE/BE as the mark says (the mark is dropped);
//! 3. a NUL byte anywhere → binary (UTF-16 without a mark is not recognised: it is rare and
//!    cannot be told from binary data reliably);
//! 4. valid UTF-8 → UTF-8;
//! 5. otherwise Windows-1252 (a superset of Latin-1 and what Swedish Windows wrote), unless the
//!    bytes hold more valid multi-byte UTF-8 characters than invalid sequences: then it is UTF-8
//!    with a few damaged bytes, decoded with U+FFFD in their place. Windows-1252 Swedish text
//!    almost never forms a valid multi-byte UTF-8 sequence ("ö" is a lone 0xF6), so the two
//!    cases separate cleanly without a statistical detector;
//! 6. terminal escape sequences (ECMA-48: CSI such as colours, `ESC [ 1 m`; OSC such as
//!    titles and links, `ESC ] … BEL`; the other string and two-character escapes) are
//!    removed: logs and captured terminal output carry them, and they are markup, not text. A
//!    text that had escapes and has no letter or digit left is binary;
//! 7. decoded text of which more than one character in twenty is a control character (other
//!    than tab, line breaks and form feed) → binary;
//! 8. the control characters left (BEL, backspace, DEL, C1) and the marks that turn the
//!    direction of the text after them (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) are
//!    removed: they show nothing, and printed they beep, erase the words before them on the
//!    line or make "gnp.exe" read "exe.png".
//!
//! The one ambiguity: Windows-1252 bytes that happen to be valid UTF-8 are read as UTF-8 ("Ö€"
//! is D6 80, which is U+0580). That needs every non-ASCII letter to be followed directly by
//! one or two of the punctuation characters in 0x80–0xBF (€, –, ”, …) and never by a letter,
//! space or ASCII punctuation. Swedish running text has "ö" (F6, never valid in UTF-8) and
//! letters beside letters, so its broken sequences outnumber any accidental valid ones.
//!
//! ```
//! use projsok::document::decode::{decode, Encoding};
//!
//! let decoded = decode(b"Socialt f\xf6retagande").unwrap();
//! assert_eq!(decoded.text, "Socialt företagande");
//! assert_eq!(decoded.encoding, Encoding::Windows1252);
//! assert_eq!(decode(b"%PDF-1.4\n...").unwrap_err(), "PDF document");
//! ```

use std::borrow::Cow;

/// The encoding a text was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-8 behind a byte-order mark.
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with byte-order mark",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// A file's text and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: Encoding,
    /// Bytes that were not valid in `encoding` and became U+FFFD.
    pub replaced: bool,
    /// Terminal escape sequences removed from the text.
    pub escapes: usize,
}

impl Decoded<'_> {
    /// A note for the document's warnings when the text was not plain valid UTF-8.
    pub fn warning(&self) -> Option<String> {
        let mut notes = match (self.encoding, self.replaced) {
            (Encoding::Utf8 | Encoding::Utf8Bom, false) => Vec::new(),
            (Encoding::Utf8 | Encoding::Utf8Bom, true) => {
                vec!["invalid UTF-8 bytes replaced by U+FFFD".to_string()]
            }
            (encoding, false) => vec![format!("decoded from {}", encoding.name())],
            (encoding, true) => {
                vec![format!("decoded from {}; invalid bytes replaced by U+FFFD", encoding.name())]
            }
        };
        match self.escapes {
            0 => {}
            1 => notes.push("1 terminal escape sequence removed".to_string()),
            count => notes.push(format!("{count} terminal escape sequences removed")),
        }
        (!notes.is_empty()).then(|| format!("text: {}", notes.join("; ")))
    }
}

/// Magic numbers of binary formats people keep beside their text files, with their names.
const MAGIC: [(&[u8], &str); 12] = [
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x89PNG", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xFF\xD8\xFF", "JPEG image"),
    (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "old Office document"),
    (b"\x1F\x8B", "gzip archive"),
    (b"7z\xBC\xAF\x27\x1C", "7-Zip archive"),
    (b"Rar!\x1A\x07", "RAR archive"),
    (b"\x7FELF", "executable"),
];

/// Control characters (other than whitespace) allowed per this many characters of text.
const CONTROL_RATIO: usize = 20;
/// Characters looked at for the control-character test.
const CONTROL_SAMPLE: usize = 8192;

/// Decodes `bytes` as text, or names the kind of binary data they are.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, &'static str> {
    if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(kind);
    }
    let mut decoded = decode_text(bytes)?;
    let (text, escapes) = strip_escapes(&decoded.text);
    if let Cow::Owned(text) = text {
        if !text.chars().any(char::is_alphanumeric) {
            return Err("terminal escape sequences and no words");
        }
        decoded.text = Cow::Owned(text);
        decoded.escapes = escapes;
    }
    if mostly_control(&decoded.text) {
        return Err("mostly control characters");
    }
    if decoded.text.chars().any(is_hidden_control) {
        decoded.text =
            Cow::Owned(decoded.text.chars().filter(|&c| !is_hidden_control(c)).collect());
    }
    Ok(decoded)
}

/// A character of step 8: a control character but tab, line breaks and form feed (pages of a
/// transcript), or a direction mark.
fn is_hidden_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        || crate::text::is_direction_mark(c)
}

fn decode_text(bytes: &[u8]) -> Result<Decoded<'_>, &'static str> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, replaced) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if text.contains('\0') {
            return Err("contains NUL characters");
        }
        let encoding = if encoding == encoding_rs::UTF_16LE {
            Encoding::Utf16Le
        } else if encoding == encoding_rs::UTF_16BE {
            Encoding::Utf16Be
        } else {
            Encoding::Utf8Bom
        };
        return Ok(Decoded { text, encoding, replaced, escapes: 0 });
    }
    if bytes.contains(&0) {
        return Err("contains NUL bytes");
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding: Encoding::Utf8,
            replaced: false,
            escapes: 0,
        });
    }
    if looks_like_damaged_utf8(bytes) {
        return Ok(Decoded {
            text: String::from_utf8_lossy(bytes),
            encoding: Encoding::Utf8,
            replaced: true,
            escapes: 0,
        });
    }
    let (text, replaced) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    Ok(Decoded { text, encoding: Encoding::Windows1252, replaced, escapes: 0 })
}

const ESC: char = '\x1b';
/// The one-character (C1) forms of "ESC [" and "ESC ]", which UTF-8 text can hold.
const C1_CSI: char = '\u{9b}';
const C1_OSC: char = '\u{9d}';

/// `text` without its terminal escape sequences, and how many there were. A sequence the
/// text breaks off (a CSI interrupted by a letter outside its grammar, a string escape with no
/// terminator) is removed up to where it breaks, so no escape eats the text after it: an
/// unterminated string stops at the end of its line.
fn strip_escapes(text: &str) -> (Cow<'_, str>, usize) {
    if !text.contains([ESC, C1_CSI, C1_OSC]) {
        return (Cow::Borrowed(text), 0);
    }
    let mut out = String::with_capacity(text.len());
    let mut escapes = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let kind = match c {
            ESC => match chars.peek() {
                Some('[') => Some('['),
                Some(']' | 'P' | 'X' | '^' | '_') => Some(']'),
                Some(_) | None => None,
            },
            C1_CSI => Some('['),
            C1_OSC => Some(']'),
            _ => {
                out.push(c);
                continue;
            }
        };
        escapes += 1;
        if c == ESC && kind.is_some() {
            chars.next();
        }
        match kind {
            // CSI: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, one final byte
            // 0x40–0x7E.
            Some('[') => {
                while chars.next_if(|c| ('\x30'..='\x3f').contains(c)).is_some() {}
                while chars.next_if(|c| ('\x20'..='\x2f').contains(c)).is_some() {}
                chars.next_if(|c| ('\x40'..='\x7e').contains(c));
            }
            // OSC, DCS, SOS, PM, APC: a string ended by BEL or ST (ESC \\).
            Some(_) => {
                while let Some(c) = chars.next_if(|c| *c != '\n') {
                    if c == '\x07' || c == '\u{9c}' {
                        break;
                    }
                    if c == ESC && chars.next_if_eq(&'\\').is_some() {
                        break;
                    }
                }
            }
            // Two-character and nF escapes: intermediate bytes 0x20–0x2F, then one final byte
            // 0x30–0x7E ("ESC ( B", "ESC 7", "ESC c"); a lone ESC is dropped alone.
            None => {
                while chars.next_if(|c| ('\x20'..='\x2f').contains(c)).is_some() {}
                chars.next_if(|c| ('\x30'..='\x7e').contains(c));
            }
        }
    }
    (Cow::Owned(out), escapes)
}

/// More valid multi-byte UTF-8 characters than invalid sequences.
fn looks_like_damaged_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    multibyte > invalid
}

fn mostly_control(text: &str) -> bool {
    let (mut chars, mut control) = (0usize, 0usize);
    for c in text.chars().take(CONTROL_SAMPLE) {
        chars += 1;
        if c.is_control() && !c.is_whitespace() {
            control += 1;
        }
    }
    control * CONTROL_RATIO > chars
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> (String, Encoding, bool) {
        let decoded = decode(bytes).unwrap();
        (decoded.text.into_owned(), decoded.encoding, decoded.replaced)
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for unit in text.encode_utf16() {
            let pair = if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() };
            bytes.extend_from_slice(&pair);
        }
        bytes
    }

    #[test]
    fn utf8_with_and_without_mark() {
        assert_eq!(text("Målsättning".as_bytes()), ("Målsättning".into(), Encoding::Utf8, false));
        let marked = [b"\xEF\xBB\xBF".as_slice(), "Målsättning".as_bytes()].concat();
        assert_eq!(text(&marked), ("Målsättning".into(), Encoding::Utf8Bom, false));
    }

    #[test]
    fn utf16_by_its_mark() {
        let sample = "Socialt företagande i Övre Norrland\n";
        assert_eq!(text(&utf16(sample, false)), (sample.into(), Encoding::Utf16Le, false));
        assert_eq!(text(&utf16(sample, true)), (sample.into(), Encoding::Utf16Be, false));
    }

    #[test]
    fn windows_1252_swedish() {
        let (decoded, encoding, replaced) = text(b"F\xf6retagande p\xe5 \xc5land \x96 \x84ja\x93");
        assert_eq!(decoded, "Företagande på Åland – „ja“");
        assert_eq!((encoding, replaced), (Encoding::Windows1252, false));
    }

    #[test]
    fn utf8_with_a_damaged_byte_stays_utf8() {
        let bytes = ["Målsättning för företagande".as_bytes(), b"\xff", "ännu mer text".as_bytes()]
            .concat();
        let (decoded, encoding, replaced) = text(&bytes);
        assert_eq!(decoded, "Målsättning för företagande\u{fffd}ännu mer text");
        assert_eq!((encoding, replaced), (Encoding::Utf8, true));
    }

    #[test]
    fn binary_formats_are_named() {
        assert_eq!(decode(b"%PDF-1.7\n%\xe2\xe3"), Err("PDF document"));
        assert_eq!(decode(b"PK\x03\x04\x14\x00"), Err("ZIP archive or Office document"));
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n"), Err("PNG image"));
        assert_eq!(decode(b"GIF89a\x01\x00"), Err("GIF image"));
        assert_eq!(decode(b"\xFF\xD8\xFF\xE0"), Err("JPEG image"));
        assert_eq!(decode(b"text\0more"), Err("contains NUL bytes"));
        assert_eq!(decode(&utf16("a\0b", false)), Err("contains NUL characters"));
        assert_eq!(decode(b"\x01\x02\x03\x04 abc"), Err("mostly control characters"));
    }

    #[test]
    fn terminal_escapes_are_removed_and_counted() {
        // The case from issue 14: six escapes in a short text were "mostly control characters".
        let log = "\x1b[1mSocialt\x1b[0m f\x1b[32mö\x1b[0mretagande i \x1b[1;31mUmeå\x1b[0m\n";
        let decoded = decode(log.as_bytes()).unwrap();
        assert_eq!(decoded.text, "Socialt företagande i Umeå\n");
        assert_eq!(decoded.escapes, 6);
        assert_eq!(decoded.warning().as_deref(), Some("text: 6 terminal escape sequences removed"));
        assert_eq!(
            strip_escapes("a\x1b]0;title\x07b\x1b]8;;http://x\x1b\\c\x1b]8;;\x1b\\d"),
            ("abcd".into(), 3)
        );
        assert_eq!(strip_escapes("a\x1b(Bb\x1b7c\x1b=d\x1b"), ("abcd".into(), 4));
        assert_eq!(strip_escapes("a\u{9b}2Jb\u{9d}t\u{9c}c"), ("abc".into(), 2));
        // Broken sequences end where they break: at a character outside the grammar, or at the
        // end of the line for a string without terminator.
        assert_eq!(strip_escapes("a\x1b[12\u{e5}b"), ("a\u{e5}b".into(), 1));
        assert_eq!(strip_escapes("a\x1b]0;no end\nnext line"), ("a\nnext line".into(), 1));
        assert_eq!(strip_escapes("plain"), (Cow::Borrowed("plain"), 0));
    }

    #[test]
    fn stray_control_characters_and_direction_marks_are_removed() {
        let words = " Socialt företagande i Umeå, Luleå och Kiruna: ".repeat(3);
        let typed =
            format!("Titel \u{202e} gnp.exe bell\u{7}{words}del\u{7f}\u{85}\u{8}\tslut\u{c}");
        let decoded = decode(typed.as_bytes()).unwrap();
        assert_eq!(decoded.text, format!("Titel  gnp.exe bell{words}del\tslut\u{c}"));
    }

    #[test]
    fn text_of_escapes_without_words_is_binary() {
        assert_eq!(decode(b"\x1b[31m----\x1b[0m\n"), Err("terminal escape sequences and no words"));
        // Escapes removed, the stray control characters left still make binary data.
        assert_eq!(
            decode(&b"\x1b[0m\x07\x08\x01\x02 x".repeat(50)),
            Err("mostly control characters")
        );
        let bell = "\x1b[1mRubrik\x1b[0m om socialt företagande\x07";
        assert_eq!(
            text(bell.as_bytes()),
            ("Rubrik om socialt företagande".into(), Encoding::Utf8, false)
        );
    }

    #[test]
    fn form_feeds_and_tabs_are_text() {
        let sample = "Sida 1\x0c\tSida 2\r\n".repeat(10);
        assert_eq!(text(sample.as_bytes()).0, sample);
    }

    #[test]
    fn warnings_say_what_was_not_plain_utf8() {
        assert_eq!(decode(b"plain").unwrap().warning(), None);
        assert_eq!(
            decode(b"f\xf6re").unwrap().warning().as_deref(),
            Some("text: decoded from Windows-1252")
        );
    }
}
