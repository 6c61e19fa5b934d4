//! Reading a text file of the site as it will be published: UTF-8, no byte-order mark, `\n`
//! line ends, and none of the control characters a web page may not carry.

use std::fs;
use std::path::Path;

use super::front_matter;
use crate::support::error::{line_column, Diagnostic};

/// Read a UTF-8 text file, normalised (no BOM, `\n` line ends).
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = fs::read(path).map_err(|e| io_error(path, &e))?;
    decode_text(path, bytes)
}

/// The text of a file's bytes as [`read_text`] gives it, or why it is not fit to publish.
pub fn decode_text(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text = front_matter::normalise(text);
            match first_forbidden_control(&text) {
                None => Ok(text),
                Some((offset, c)) => {
                    let (line, column) = line_column(&text, offset);
                    Err(Diagnostic::error(
                        path.to_path_buf(),
                        format!(
                            "the file contains the invisible control character U+{:04X}, which \
                             no web page may carry",
                            u32::from(c)
                        ),
                    )
                    .at(line, column)
                    .hint(
                        "delete it: it usually comes from text pasted out of a PDF or a word \
                         processor",
                    ))
                }
            }
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(&e.into_bytes()[..offset]).into_owned();
            let (line, column) = line_column(&text, offset);
            Err(
                Diagnostic::error(path.to_path_buf(), "the file is not valid UTF-8")
                    .at(line, column)
                    .hint("save the file as UTF-8"),
            )
        }
    }
}

/// The first control character other than tab, line ends and form feed, and its offset:
/// HTML forbids them (NUL worst of all), and C1 controls in UTF-8 text are the sign of a
/// botched conversion from a Windows code page.
///
/// Read byte by byte, not character by character (which took 3% of a build's CPU): C0
/// controls and DEL are single bytes, and a C1 control (U+0080–U+009F) is 0xC2 followed by
/// 0x80–0x9F, a pair no other character's encoding contains.
///
/// Blocks of 32 bytes that hold none of those bytes (nor a tab, a carriage return or a form
/// feed) are passed over with a test the compiler turns into vector instructions; only the
/// rare block that does is read byte by byte.
fn first_forbidden_control(text: &str) -> Option<(usize, char)> {
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    let suspect = |b: u8| (b < 0x20 && b != b'\n') | (b == 0x7f) | (b == 0xc2);
    let forbidden_at = |i: usize| {
        let b = bytes[i];
        let c0 = (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f;
        let c1 = b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n));
        c0 || c1
    };
    let at = bytes
        .chunks(BLOCK)
        .enumerate()
        .filter(|(_, block)| block.iter().fold(false, |any, &b| any | suspect(b)))
        .find_map(|(n, block)| (n * BLOCK..n * BLOCK + block.len()).find(|&i| forbidden_at(i)))?;
    Some((at, text[at..].chars().next().unwrap_or_default()))
}

pub(super) fn io_error(path: &Path, err: &std::io::Error) -> Diagnostic {
    let hint = match err.kind() {
        std::io::ErrorKind::NotFound => "create it, or check the folder name",
        std::io::ErrorKind::PermissionDenied => "make it readable by the user running plenary",
        _ => "check that the file can be read",
    };
    Diagnostic::error(path.to_path_buf(), format!("cannot read: {err}")).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_controls_are_found_byte_by_byte_as_unicode_defines_them() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("aé{c}中b\u{9f}");
            let forbidden = c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}');
            let expected = if forbidden {
                (3, c)
            } else {
                (3 + c.len_utf8() + 3 + 1, '\u{9f}')
            };
            assert_eq!(
                first_forbidden_control(&text),
                Some(expected),
                "U+{:04X}",
                c as u32
            );
        }
        assert_eq!(first_forbidden_control("plain\ttext\r\n\u{c}"), None);
    }

    #[test]
    fn forbidden_controls_are_found_wherever_they_fall_in_a_block() {
        for offset in 0..100 {
            for c in ['\u{0}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}'] {
                let text = format!(
                    "{}{c}\tend\u{a0}",
                    "x\n".repeat(offset / 2) + &"y".repeat(offset % 2)
                );
                assert_eq!(
                    first_forbidden_control(&text),
                    Some((offset, c)),
                    "{offset} {c:?}"
                );
            }
            let clean = format!("{}\t\r\n\u{c}\u{a0}«é»\u{2028}", "z".repeat(offset));
            assert_eq!(first_forbidden_control(&clean), None, "{offset}");
        }
    }
}
