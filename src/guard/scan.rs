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
mod tests {
    use super::super::index::{Hit, Index, Name};
    use super::super::words::{self, Windows};
    use super::*;
    use proptest::prelude::*;

    fn decoded(s: &str) -> String {
        String::from_utf8(decode(s.as_bytes()).map_or_else(|| s.as_bytes().to_vec(), |d| d.bytes))
            .unwrap()
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
    fn markup_entities_alone_leave_the_raw_form_unread() {
        let markup = "<p>Note d&#39;information &amp; &quot;annexe&quot; &lt;b&gt;&nbsp;x</p>";
        assert!(decode(markup.as_bytes()).unwrap().markup_only);
        // The forms whose words are read.
        let forms = |text: &'static str, raw_too| -> Vec<String> {
            views(text.as_bytes(), raw_too)
                .into_iter()
                .filter(|v| v.words)
                .map(|v| v.how)
                .collect()
        };
        assert_eq!(
            forms(markup, false),
            ["after decoding entities and escapes"]
        );
        assert_eq!(forms(markup, true).len(), 2);
        // Anything else is read both ways: a letter (`&#90;` is Z), an unterminated entity,
        // a %-escape (a space), a JSON escape.
        for text in [
            "&#90;anzibar &amp;",
            "R&amp D",
            "a%20b &amp;",
            "\\\"q\\\" &amp;",
        ] {
            assert_eq!(forms(text, false).len(), 2, "{text}");
        }
    }

    #[test]
    fn names_that_could_lie_across_an_entity_are_spotted() {
        for needle in ["R&D programme", "amp;budget", "39;s", ";x", "p;a", "x27;y"] {
            assert!(may_cross_entity(needle), "{needle}");
        }
        for needle in [
            "meetings/m77/budget",
            "Budget; revised",
            "Zanzibar Arrangements",
        ] {
            assert!(!may_cross_entity(needle), "{needle}");
        }
    }

    /// Words that reach output escaped (by the theme's own escaping): apostrophes,
    /// ampersands, quotes, angle brackets.
    const WORDS: [&str; 14] = [
        "committee",
        "d'information",
        "l'ordre",
        "R&D",
        "\"quoted\"",
        "a<b",
        "budget",
        "the",
        "review",
        "2024",
        "sessions",
        "Zanzibar",
        "plan",
        "x",
    ];

    fn found(index: &Index, text: &[u8]) -> std::collections::BTreeSet<String> {
        let mut keys = std::collections::BTreeSet::new();
        index.scan(text, Windows::Selected, |hit| {
            keys.insert(match hit {
                Hit::Window { hash, .. } => format!("window {hash}"),
                Hit::Name { name, .. } => format!("name {name}"),
            });
        });
        keys
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The claim that lets the raw form go unread: in bytes whose only escapes are markup
        /// entities, whatever the raw form shows (a run of hidden words, a hidden name that
        /// could not lie across an entity) the decoded form shows too.
        #[test]
        fn the_decoded_form_shows_all_the_raw_form_shows(
            hidden in proptest::collection::vec(0..WORDS.len(), 6..40),
            cut in (0usize..40, 1usize..40),
            names in proptest::collection::vec((0usize..40, 1usize..5), 1..6),
            seps in proptest::collection::vec(0usize..4, 40),
        ) {
            let words: Vec<&str> = hidden.iter().map(|&i| WORDS[i]).collect();
            let mut index = Index::default();
            let source = words.join(" ");
            words::each_window(source.as_bytes(), |h, _| {
                index.windows.insert(h, 0);
            });
            for (n, &(at, len)) in names.iter().enumerate() {
                let at = at % words.len();
                let needle = words[at..(at + len).min(words.len())].join(" ");
                if !may_cross_entity(&needle) {
                    index.add_name(Name { needle, whole_word: n % 2 == 0, source: 0 });
                }
            }
            index.seal();
            // The page: a cut of the hidden words, separated as a page might separate them.
            let (from, take) = (cut.0 % words.len(), cut.1);
            let mut page = String::from("<p>");
            for (i, word) in words.iter().enumerate().skip(from).take(take) {
                page.push_str(&crate::render::escape_html(word));
                page.push_str(["  ", " ", "\n", "&nbsp;"][seps[i]]);
            }
            page.push_str("</p>");
            let raw = page.as_bytes();
            let Some(decoded) = decode(raw) else { return Ok(()) };
            prop_assert!(decoded.markup_only);
            let (in_raw, in_decoded) = (found(&index, raw), found(&index, &decoded.bytes));
            prop_assert!(in_raw.is_subset(&in_decoded), "{page}: {in_raw:?} vs {in_decoded:?}");
        }
    }

    fn gzip(content: &[u8], name: Option<&str>) -> Vec<u8> {
        use std::io::Write;
        let mut builder = flate2::GzBuilder::new();
        if let Some(name) = name {
            builder = builder.filename(name);
        }
        let mut encoder = builder.write(Vec::new(), flate2::Compression::fast());
        encoder.write_all(content).unwrap();
        encoder.finish().unwrap()
    }

    /// (how, are its words read) of each form of `bytes`.
    fn read_forms(bytes: &[u8]) -> Vec<(String, bool)> {
        views(bytes, false)
            .into_iter()
            .map(|v| (v.how, v.words))
            .collect()
    }

    #[test]
    fn the_compressed_bytes_of_a_plain_gzip_file_are_not_read_for_words() {
        // Coded data full of `&`, `%` and `\`, which once gave a "decoded" form of noise.
        let noise: Vec<u8> = (0..4000u32)
            .flat_map(|i| format!("{}&{}%{}\\ ", i * 7919 % 10007, i, i * 31).into_bytes())
            .collect();
        let gz = gzip(&noise, None);
        assert!(gz.contains(&b'%') && gz.contains(&b'&'));
        assert_eq!(
            read_forms(&gz),
            [
                (
                    "inside gzip, after decoding entities and escapes".to_string(),
                    true
                ),
                ("inside gzip".to_string(), true),
                (String::new(), false)
            ]
        );
    }

    #[test]
    fn gzip_files_with_text_outside_their_content_are_read_whole() {
        let last_read = |bytes: &[u8]| read_forms(bytes).last().unwrap().clone();
        let raw = (String::new(), true);
        // A file name in the header.
        assert_eq!(last_read(&gzip(b"content", Some("Secret agenda.txt"))), raw);
        // Two members: both inflated, and the bytes read.
        let two = [gzip(b"first part ", None), gzip(b"second part", None)].concat();
        assert_eq!(&*views(&two, false)[0].bytes, b"first part second part");
        assert_eq!(last_read(&two), raw);
        // Bytes after the member that are not gzip: the member inflated, the bytes read.
        let trailing = [gzip(b"first part", None), b"Secret trailer".to_vec()].concat();
        assert_eq!(&*views(&trailing, false)[0].bytes, b"first part");
        assert_eq!(last_read(&trailing), raw);
        // Cut off: what inflated before the cut, and the bytes.
        let long: Vec<u8> = (0..20_000u32)
            .flat_map(|i| format!("w{} ", i * 7919 % 10007).into_bytes())
            .collect();
        let whole = gzip(&long, None);
        let cut = &whole[..whole.len() / 2];
        let inflated = &views(cut, false)[0];
        assert_eq!(inflated.how, "inside gzip");
        assert!(inflated.bytes.len() > 1000 && long.starts_with(&inflated.bytes));
        assert_eq!(last_read(cut), raw);
    }

    #[test]
    fn gzip_content_is_read() {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder
            .write_all(b"{\"title\":\"Secret \\u4e2d\"}")
            .unwrap();
        let gz = encoder.finish().unwrap();
        let all = views(&gz, false);
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
