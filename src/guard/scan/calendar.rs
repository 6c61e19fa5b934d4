//! iCalendar files (RFC 5545) as a calendar application reads them. A writer folds every line
//! longer than 75 octets with a line break and a space, anywhere, even inside a word, and
//! escapes `,` `;` `\` and line breaks in text: a hidden title could lie across a fold, where
//! no scan of the bytes as written would see it.

/// The text of an iCalendar file unfolded and unescaped, or `None` if `bytes` are not one.
pub(super) fn unfolded(bytes: &[u8]) -> Option<Vec<u8>> {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if !start.starts_with(b"BEGIN:VCALENDAR") {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < start.len() {
        match &start[i..] {
            // A fold: CRLF (or a bare LF, which lenient readers accept) and one space or tab.
            [b'\r', b'\n', b' ' | b'\t', ..] => i += 3,
            [b'\n', b' ' | b'\t', ..] => i += 2,
            [b'\\', b'n' | b'N', ..] => {
                out.push(b'\n');
                i += 2;
            }
            [b'\\', c @ (b'\\' | b',' | b';'), ..] => {
                out.push(*c);
                i += 2;
            }
            [c, ..] => {
                out.push(*c);
                i += 1;
            }
            [] => break,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_joined_and_text_escapes_read() {
        let ics = b"BEGIN:VCALENDAR\r\nSUMMARY:Zanzibar Confi\r\n dential Arrangements\\, note\\; the\\nend\r\nEND:VCALENDAR\r\n";
        let text = String::from_utf8(unfolded(ics).unwrap()).unwrap();
        assert!(
            text.contains("SUMMARY:Zanzibar Confidential Arrangements, note; the\nend"),
            "{text}"
        );
        assert_eq!(unfolded(b"<html>BEGIN:VCALENDAR"), None);
    }
}
