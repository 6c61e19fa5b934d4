//! Reading output the way any consumer could: raw bytes, inside gzip, and with HTML entities,
//! JSON/JavaScript escapes and %-escapes decoded.

use std::borrow::Cow;
use std::io::Read;

use flate2::read::MultiGzDecoder;

/// How far into nested gzip the scan goes.
const MAX_GZIP_DEPTH: u8 = 2;
/// Decompressed content beyond this is not read (a guard must not be a gzip bomb's victim).
const MAX_INFLATED_BYTES: u64 = 1 << 30;

/// One readable form of a file's bytes.
pub struct View<'b> {
    pub bytes: Cow<'b, [u8]>,
    /// How it was read: "" for the raw bytes, else e.g. "inside gzip, after decoding escapes".
    pub how: String,
}

/// Every form of `bytes` worth scanning: the bytes themselves, their decoded form when it
/// differs, and the same for gzip content inside.
pub fn views(bytes: &[u8]) -> Vec<View<'_>> {
    let mut out = Vec::new();
    push_views(Cow::Borrowed(bytes), String::new(), 0, &mut out);
    out
}

fn push_views<'b>(bytes: Cow<'b, [u8]>, how: String, depth: u8, out: &mut Vec<View<'b>>) {
    if depth < MAX_GZIP_DEPTH && bytes.starts_with(&[0x1f, 0x8b]) {
        if let Some(inflated) = gunzip(&bytes) {
            let inner = if how.is_empty() {
                "inside gzip".to_string()
            } else {
                format!("{how}, inside gzip")
            };
            push_views(Cow::Owned(inflated), inner, depth + 1, out);
        }
    }
    if let Some(decoded) = decode(&bytes) {
        let decoded_how = if how.is_empty() {
            "after decoding entities and escapes".to_string()
        } else {
            format!("{how}, after decoding entities and escapes")
        };
        out.push(View {
            bytes: Cow::Owned(decoded),
            how: decoded_how,
        });
    }
    out.push(View { bytes, how });
}

fn gunzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut inflated = Vec::new();
    MultiGzDecoder::new(bytes)
        .take(MAX_INFLATED_BYTES)
        .read_to_end(&mut inflated)
        .ok()?;
    Some(inflated)
}

/// `bytes` with HTML character references (`&amp;`, `&#20013;`, `&#x4e2d;`), JSON and
/// JavaScript escapes (`\u4e2d`, `\"`, `\/`) and %-escapes (`%E4%B8%AD`) decoded, or `None`
/// when there is nothing to decode. Decoding is lenient: anything malformed stays as it is.
pub fn decode(bytes: &[u8]) -> Option<Vec<u8>> {
    let first = memchr_any(bytes, 0)?;
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..first]);
    let mut i = first;
    let mut changed = false;
    while i < bytes.len() {
        let decoded = match bytes[i] {
            b'&' => entity(&bytes[i..]),
            b'\\' => escape(&bytes[i..]),
            b'%' => percent(&bytes[i..]),
            _ => None,
        };
        match decoded {
            Some((c, used)) => {
                push_char(&mut out, c);
                i += used;
                changed = true;
            }
            None => {
                let next = memchr_any(bytes, i + 1).unwrap_or(bytes.len());
                out.extend_from_slice(&bytes[i..next]);
                i = next;
            }
        }
    }
    changed.then_some(out)
}

/// A decoded unit: a character, or one raw byte (a %-escape of part of a UTF-8 sequence).
enum Unit {
    Char(char),
    Byte(u8),
}

fn push_char(out: &mut Vec<u8>, unit: Unit) {
    match unit {
        Unit::Char(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        Unit::Byte(b) => out.push(b),
    }
}

fn memchr_any(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr3(b'&', b'\\', b'%', bytes.get(from..)?).map(|p| p + from)
}

fn entity(s: &[u8]) -> Option<(Unit, usize)> {
    let end = s.iter().take(12).position(|&b| b == b';');
    if let Some(rest) = s.strip_prefix(b"&#") {
        let end = end?;
        let digits = std::str::from_utf8(&rest[..end - 2]).ok()?;
        let code = match digits.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => digits.parse().ok()?,
        };
        return Some((Unit::Char(char::from_u32(code)?), end + 1));
    }
    // Named references; the minifier may drop the `;` of the common ones.
    const NAMED: [(&[u8], char); 6] = [
        (b"amp", '&'),
        (b"lt", '<'),
        (b"gt", '>'),
        (b"quot", '"'),
        (b"apos", '\''),
        (b"nbsp", '\u{a0}'),
    ];
    let name = &s[1..];
    NAMED.iter().find_map(|(n, c)| {
        let rest = name.strip_prefix(*n)?;
        let used = 1 + n.len() + usize::from(rest.first() == Some(&b';'));
        Some((Unit::Char(*c), used))
    })
}

fn escape(s: &[u8]) -> Option<(Unit, usize)> {
    let c = match s.get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'\'' => '\'',
        b'n' => '\n',
        b't' => '\t',
        b'u' => {
            let high = hex4(s.get(2..6)?)?;
            if (0xD800..0xDC00).contains(&high) {
                // A surrogate pair: \uD83D\uDE00.
                if s.get(6..8)? != b"\\u" {
                    return None;
                }
                let low = hex4(s.get(8..12)?)?;
                let code = 0x10000 + ((high - 0xD800) << 10) + (low.checked_sub(0xDC00)?);
                return Some((Unit::Char(char::from_u32(code)?), 12));
            }
            return Some((Unit::Char(char::from_u32(high)?), 6));
        }
        _ => return None,
    };
    Some((Unit::Char(c), 2))
}

fn hex4(bytes: &[u8]) -> Option<u32> {
    u32::from_str_radix(std::str::from_utf8(bytes).ok()?, 16).ok()
}

fn percent(s: &[u8]) -> Option<(Unit, usize)> {
    let hex = std::str::from_utf8(s.get(1..3)?).ok()?;
    let byte = u8::from_str_radix(hex, 16).ok()?;
    Some((Unit::Byte(byte), 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(s: &str) -> String {
        String::from_utf8(decode(s.as_bytes()).unwrap_or_else(|| s.as_bytes().to_vec())).unwrap()
    }

    #[test]
    fn entities_escapes_and_percent_escapes_decode() {
        assert_eq!(decoded("Rules &amp; procedures"), "Rules & procedures");
        assert_eq!(decoded("Rules &amp procedures"), "Rules & procedures");
        assert_eq!(decoded("&#20013;&#x6587; &lt;b&gt;"), "中文 <b>");
        assert_eq!(
            decoded(r#"{"t":"\u4e2d\u6587 \"x\" a\/b \ud83d\ude00"}"#),
            "{\"t\":\"中文 \"x\" a/b 😀\"}"
        );
        assert_eq!(decoded("/q=%E4%B8%AD%E6%96%87"), "/q=中文");
    }

    #[test]
    fn malformed_sequences_stay_as_they_are() {
        for s in [
            "100% sure",
            "&unknown; &#xZZ; &#;",
            r"C:\path \u12",
            "%",
            "&",
        ] {
            assert_eq!(decoded(s), s);
        }
    }

    #[test]
    fn gzip_content_is_read() {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder
            .write_all(b"{\"title\":\"Secret \\u4e2d\"}")
            .unwrap();
        let gz = encoder.finish().unwrap();
        let all = views(&gz);
        let hows: Vec<&str> = all.iter().map(|v| v.how.as_str()).collect();
        assert_eq!(
            hows,
            vec![
                "inside gzip, after decoding entities and escapes",
                "inside gzip",
                ""
            ]
        );
        assert_eq!(&*all[0].bytes, "{\"title\":\"Secret 中\"}".as_bytes());
    }
}
