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
    /// Are its words worth reading? Not when another form shows all they could (see
    /// [`views`]); it is still compared with the hidden attachments as a whole.
    pub words: bool,
}

/// Every form of `bytes` worth scanning: the bytes themselves, their decoded form when it
/// differs, and the same for gzip content inside.
///
/// When the only escapes in some bytes are HTML entities for markup characters (`&amp;`,
/// `&#39;`, `&quot;`, `&lt;`, `&gt;`, `&nbsp;`, each with its `;`) — what the theme's escaping
/// puts in every French page with an apostrophe — the bytes as written are not read: their
/// words and windows are the decoded form's. Such an entity and the character it stands for
/// both separate words and break a run, so every run of words is the same in both forms; the
/// raw form only adds the entity's own word (`amp`, `39`), alone in its run. A name is found
/// in the decoded form wherever it is in the raw one, unless its text could cross an entity
/// (see [`may_cross_entity`]): for those, `raw_too` asks for both forms. Either way every
/// form is returned, so that each can be compared whole with the hidden attachments.
pub fn views(bytes: &[u8], raw_too: bool) -> Vec<View<'_>> {
    let mut out = Vec::new();
    push_views(Cow::Borrowed(bytes), String::new(), 0, raw_too, &mut out);
    out
}

/// Could `needle` (a name the guard looks for) lie across an HTML entity in raw bytes, so
/// that only the raw form shows it? If it holds an `&`, or begins with an entity's tail
/// (`amp;…`, `39;…`).
pub fn may_cross_entity(needle: &str) -> bool {
    let entity_tail = |head: &str| {
        let numeric = head.trim_start_matches('#').trim_start_matches(['x', 'X']);
        NAMED
            .iter()
            .any(|(name, _)| name.ends_with(head.as_bytes()))
            || numeric.bytes().all(|b| b.is_ascii_hexdigit())
    };
    needle.contains('&')
        || needle
            .split_once(';')
            .is_some_and(|(head, _)| entity_tail(head))
}

fn push_views<'b>(
    bytes: Cow<'b, [u8]>,
    how: String,
    depth: u8,
    raw_too: bool,
    out: &mut Vec<View<'b>>,
) {
    if depth < MAX_GZIP_DEPTH && bytes.starts_with(&[0x1f, 0x8b]) {
        if let Some(inflated) = gunzip(&bytes) {
            let inner = if how.is_empty() {
                "inside gzip".to_string()
            } else {
                format!("{how}, inside gzip")
            };
            push_views(Cow::Owned(inflated.bytes), inner, depth + 1, raw_too, out);
            if inflated.opaque {
                out.push(View {
                    bytes,
                    how,
                    words: false,
                });
                return;
            }
        }
    }
    let mut markup_only = false;
    if let Some(decoded) = decode(&bytes) {
        markup_only = decoded.markup_only;
        let decoded_how = if how.is_empty() {
            "after decoding entities and escapes".to_string()
        } else {
            format!("{how}, after decoding entities and escapes")
        };
        out.push(View {
            bytes: Cow::Owned(decoded.bytes),
            how: decoded_how,
            words: true,
        });
    }
    out.push(View {
        bytes,
        how,
        words: raw_too || !markup_only,
    });
}

/// Gzip content, inflated.
struct Inflated {
    bytes: Vec<u8>,
    /// Do the compressed bytes hold no text that the inflated ones do not? True of the usual
    /// file: one member, read to its end, nothing after it, and no name, comment or extra
    /// field in its header. Its deflate stream is either coded (no text a reader could see)
    /// or stored blocks, whose bytes are the inflated ones. Reading the words of such
    /// bytes — and of their "decoded" form, escapes found by chance in coded data — finds
    /// only chance runs, and cost a third of the guard's time on a site with a search index
    /// (tens of thousands of compressed fragments).
    opaque: bool,
}

fn gunzip(bytes: &[u8]) -> Option<Inflated> {
    // Header flags that carry text (RFC 1952 §2.3.1): FEXTRA, FNAME, FCOMMENT.
    const TEXT_FIELDS: u8 = 0x04 | 0x08 | 0x10;
    let mut inflated = Vec::new();
    let mut member = flate2::bufread::GzDecoder::new(bytes);
    let read = (&mut member)
        .take(MAX_INFLATED_BYTES)
        .read_to_end(&mut inflated);
    let whole = read.is_ok() && (inflated.len() as u64) < MAX_INFLATED_BYTES;
    if whole && member.get_ref().is_empty() {
        return Some(Inflated {
            bytes: inflated,
            opaque: bytes[3] & TEXT_FIELDS == 0,
        });
    }
    if whole {
        // Several members, or bytes after the first: every member a reader would inflate.
        let mut all = Vec::new();
        let _ = MultiGzDecoder::new(bytes)
            .take(MAX_INFLATED_BYTES)
            .read_to_end(&mut all);
        if all.len() > inflated.len() {
            inflated = all;
        }
    }
    // Else a damaged or cut-off stream: what inflated before the damage, as `zcat` shows it
    // (`read_to_end` keeps what it read before an error).
    (!inflated.is_empty()).then_some(Inflated {
        bytes: inflated,
        opaque: false,
    })
}

/// Bytes with their escapes decoded.
pub struct Decoded {
    pub bytes: Vec<u8>,
    /// Was every escape a terminated HTML entity for a character that separates words
    /// anyway: `&`, `<`, `>`, `"`, `'` or a no-break space?
    pub markup_only: bool,
}

/// `bytes` with HTML character references (`&amp;`, `&#20013;`, `&#x4e2d;`), JSON and
/// JavaScript escapes (`\u4e2d`, `\"`, `\/`) and %-escapes (`%E4%B8%AD`) decoded, or `None`
/// when there is nothing to decode. Decoding is lenient: anything malformed stays as it is.
pub fn decode(bytes: &[u8]) -> Option<Decoded> {
    let first = memchr_any(bytes, 0)?;
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..first]);
    let mut i = first;
    let mut changed = false;
    let mut markup_only = true;
    while i < bytes.len() {
        let decoded = match bytes[i] {
            b'&' => entity(&bytes[i..]),
            b'\\' => escape(&bytes[i..]),
            b'%' => percent(&bytes[i..]),
            _ => None,
        };
        match decoded {
            Some((c, used)) => {
                markup_only &= bytes[i] == b'&'
                    && bytes[i + used - 1] == b';'
                    && matches!(c, Unit::Char('&' | '<' | '>' | '"' | '\'' | '\u{a0}'));
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
    changed.then_some(Decoded {
        bytes: out,
        markup_only,
    })
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
    let name = &s[1..];
    NAMED.iter().find_map(|(n, c)| {
        let rest = name.strip_prefix(*n)?;
        let used = 1 + n.len() + usize::from(rest.first() == Some(&b';'));
        Some((Unit::Char(*c), used))
    })
}

/// Named references; the minifier may drop the `;` of the common ones.
const NAMED: [(&[u8], char); 6] = [
    (b"amp", '&'),
    (b"lt", '<'),
    (b"gt", '>'),
    (b"quot", '"'),
    (b"apos", '\''),
    (b"nbsp", '\u{a0}'),
];

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
mod tests;
