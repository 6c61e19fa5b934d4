//! Reading output the way any consumer could: raw bytes, inside gzip and ZIP archives,
//! iCalendar lines unfolded, and with HTML entities, JSON/JavaScript escapes and %-escapes
//! decoded.

mod archive;
mod calendar;

use std::borrow::Cow;
use std::io::Read;

use flate2::read::MultiGzDecoder;

/// How far into nested archives the scan goes: gzip in gzip, gzip or ZIP in a ZIP entry (a
/// Word file in a ZIP of attachments), ZIP in gzip.
const MAX_NESTING: u8 = 2;
/// Decompressed content beyond this, summed over all the archives in one file, is not read (a
/// guard must not be a zip or gzip bomb's victim).
const MAX_INFLATED_BYTES: u64 = 1 << 30;
/// ZIP entries read in one file, summed over nested archives. Each gives a few views, and a
/// file's views are counted in a `u16` (`guard::Suspects`): 4,096 entries make well under
/// 65,536 of them, and far more than a pack of attachments or an office file holds.
const MAX_ZIP_ENTRIES: usize = 4096;

/// One readable form of a file's bytes.
pub struct View<'b> {
    pub bytes: Cow<'b, [u8]>,
    /// How it was read: "" for the raw bytes, else e.g. "inside gzip, after decoding escapes".
    pub how: String,
    /// Are its words worth reading? Not when another form shows all they could (see
    /// [`views`]); it is still compared with the hidden attachments as a whole.
    pub words: bool,
}

/// What is left to read of one file, and how.
struct Reading<'q> {
    raw_too: bool,
    /// May a name found inside the file (a ZIP entry's) be written in a `how`?
    quotable: &'q dyn Fn(&[u8]) -> bool,
    /// Of [`MAX_INFLATED_BYTES`].
    inflated_left: u64,
    /// Of [`MAX_ZIP_ENTRIES`].
    entries_left: usize,
}

/// Every form of `bytes` worth scanning: the bytes themselves, their decoded form when it
/// differs, and the same for the content of gzip files and ZIP entries inside (and for the
/// names of ZIP entries). A ZIP entry is named in a form's `how` by its name when
/// `quotable(name)` (a name holding hidden text is not written into a message), else by its
/// place in the archive.
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
pub fn views<'b>(
    bytes: &'b [u8],
    raw_too: bool,
    quotable: &dyn Fn(&[u8]) -> bool,
) -> Vec<View<'b>> {
    read(
        bytes,
        Reading {
            raw_too,
            quotable,
            inflated_left: MAX_INFLATED_BYTES,
            entries_left: MAX_ZIP_ENTRIES,
        },
    )
}

/// The forms of `bytes` within what `reading` has left to read.
fn read<'b>(bytes: &'b [u8], mut reading: Reading<'_>) -> Vec<View<'b>> {
    let mut out = Vec::new();
    push_views(
        Cow::Borrowed(bytes),
        String::new(),
        0,
        &mut reading,
        &mut out,
    );
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
    reading: &mut Reading,
    out: &mut Vec<View<'b>>,
) {
    if depth < MAX_NESTING && bytes.starts_with(&[0x1f, 0x8b]) {
        if let Some(inflated) = gunzip(&bytes, &mut reading.inflated_left) {
            let inner = within(&how, "inside gzip");
            push_views(Cow::Owned(inflated.bytes), inner, depth + 1, reading, out);
            if inflated.opaque {
                out.push(View {
                    bytes,
                    how,
                    words: false,
                });
                return;
            }
        }
    } else if depth < MAX_NESTING && archive::is_zip(&bytes) {
        if let Some(uncoded) = archive::push_entries(&bytes, &how, depth, reading, out) {
            // Its words are read in `uncoded`, the same bytes less the coded ones.
            push_plain(Cow::Owned(uncoded), how.clone(), reading.raw_too, out);
            out.push(View {
                bytes,
                how,
                words: false,
            });
            return;
        }
    }
    if let Some(unfolded) = calendar::unfolded(&bytes) {
        push_plain(
            Cow::Owned(unfolded),
            within(&how, "after unfolding calendar lines"),
            reading.raw_too,
            out,
        );
    }
    push_plain(bytes, how, reading.raw_too, out);
}

/// `bytes` as they are, and decoded; the words of both read unless the decoded form shows all
/// the raw one could ([`views`]).
fn push_plain<'b>(bytes: Cow<'b, [u8]>, how: String, raw_too: bool, out: &mut Vec<View<'b>>) {
    let mut markup_only = false;
    if let Some(decoded) = decode(&bytes) {
        markup_only = decoded.markup_only;
        out.push(View {
            bytes: Cow::Owned(decoded.bytes),
            how: within(&how, "after decoding entities and escapes"),
            words: true,
        });
    }
    out.push(View {
        bytes,
        how,
        words: raw_too || !markup_only,
    });
}

/// `how`, one step further in ("inside gzip, inside zip, entry 2").
fn within(how: &str, step: &str) -> String {
    if how.is_empty() {
        step.to_string()
    } else {
        format!("{how}, {step}")
    }
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

/// Gzip content, inflated: at most `*left` bytes, which it reduces by what it inflates.
fn gunzip(bytes: &[u8], left: &mut u64) -> Option<Inflated> {
    // Header flags that carry text (RFC 1952 §2.3.1): FEXTRA, FNAME, FCOMMENT.
    const TEXT_FIELDS: u8 = 0x04 | 0x08 | 0x10;
    let limit = *left;
    let mut inflated = Vec::new();
    let mut member = flate2::bufread::GzDecoder::new(bytes);
    let read = (&mut member).take(limit).read_to_end(&mut inflated);
    let whole = read.is_ok() && (inflated.len() as u64) < limit;
    let opaque = if whole && member.get_ref().is_empty() {
        bytes[3] & TEXT_FIELDS == 0
    } else {
        if whole {
            // Several members, or bytes after the first: every member a reader would inflate.
            let mut all = Vec::new();
            let _ = MultiGzDecoder::new(bytes).take(limit).read_to_end(&mut all);
            if all.len() > inflated.len() {
                inflated = all;
            }
        }
        // Else a damaged or cut-off stream: what inflated before the damage, as `zcat` shows
        // it (`read_to_end` keeps what it read before an error).
        if inflated.is_empty() {
            return None;
        }
        false
    };
    *left -= inflated.len() as u64;
    Some(Inflated {
        bytes: inflated,
        opaque,
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
