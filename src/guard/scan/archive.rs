//! Reading inside ZIP archives as [`super::views`] reads inside gzip: each entry's name and
//! its content, inflated when it is deflated, become forms of the file of their own.
//!
//! The archive is walked from one local file header to the next (APPNOTE.TXT 4.3.7), not read
//! through its central directory as the zip crate's `ZipArchive` does: the guard must read an
//! archive that is cut off (a cut loses the central directory first: it is at the end) or
//! damaged as far as it goes, entries whose size only a data descriptor after them gives, and
//! it must know exactly which bytes each deflate stream took (see [`push_entries`]).

use std::borrow::Cow;
use std::ops::Range;

use flate2::{Decompress, FlushDecompress, Status};

use super::{push_plain, push_views, within, Reading, View};

/// A local file header's signature: where an entry begins.
const LOCAL: &[u8; 4] = b"PK\x03\x04";
/// The end of the central directory: the whole of an empty archive.
const END: &[u8; 4] = b"PK\x05\x06";
/// General purpose flags (APPNOTE 4.4.4): encrypted; sizes in a descriptor after the data.
const ENCRYPTED: u16 = 1;
const DESCRIPTOR: u16 = 1 << 3;
/// Compression methods (APPNOTE 4.4.5). Any other (bzip2, LZMA, zstd…) is read raw only.
const STORED: u16 = 0;
const DEFLATED: u16 = 8;

/// Do `bytes` begin as a ZIP archive does?
pub(super) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(LOCAL) || bytes.starts_with(END)
}

/// A local file header, read.
struct Local {
    flags: u16,
    method: u16,
    name: Range<usize>,
    /// Where the entry's data begins.
    data: usize,
    /// The length of its data, when the header gives it.
    size: Option<usize>,
}

/// The local file header at `at`, if the bytes hold all of it.
fn local(bytes: &[u8], at: usize) -> Option<Local> {
    let header = bytes.get(at..at.checked_add(30)?)?;
    let u16_at = |i: usize| u16::from_le_bytes([header[i], header[i + 1]]);
    let u32_at =
        |i: usize| u32::from_le_bytes([header[i], header[i + 1], header[i + 2], header[i + 3]]);
    let name = at + 30..at + 30 + usize::from(u16_at(26));
    let extra = bytes.get(name.end..name.end + usize::from(u16_at(28)))?;
    let flags = u16_at(6);
    let (compressed, original) = (u32_at(18), u32_at(22));
    let size = if flags & DESCRIPTOR != 0 && compressed == 0 {
        None
    } else if compressed == u32::MAX {
        zip64_size(extra, original == u32::MAX)
    } else {
        Some(u64::from(compressed))
    };
    Some(Local {
        flags,
        method: u16_at(8),
        data: name.end + extra.len(),
        name,
        size: size.map(|s| usize::try_from(s).unwrap_or(usize::MAX)),
    })
}

/// The compressed size in a ZIP64 extra field (APPNOTE 4.5.3), where a header too small for
/// it points: after the original size when that overflowed too.
fn zip64_size(mut extra: &[u8], after_original: bool) -> Option<u64> {
    while let [a, b, c, d, rest @ ..] = extra {
        let len = usize::from(u16::from_le_bytes([*c, *d]));
        let body = rest.get(..len)?;
        if u16::from_le_bytes([*a, *b]) == 1 {
            let at = if after_original { 8 } else { 0 };
            return Some(u64::from_le_bytes(body.get(at..at + 8)?.try_into().ok()?));
        }
        extra = &rest[len..];
    }
    None
}

/// Push the forms of every entry of the ZIP archive `bytes` (within `how`), and return the
/// archive's bytes with those of each deflate stream that inflated to its end zeroed, or
/// `None` when there were none: what is left to read for words in the raw archive.
///
/// The raw bytes hold the headers (binary), the names in both directories, any comment or
/// extra field, and each entry's data. A deflate stream is coded: its words are chance runs
/// (as in gzip, [`super::Inflated::opaque`]), and all that it holds is in its inflated form;
/// zeroed (a control byte ends a run of words, as coded data does), its bytes no longer cost
/// the time of reading them or of decoding "escapes" found in them by chance. Everything
/// else is read as it is. That includes stored entries: their bytes are text, and the
/// entry's own form shows them alone, but here they are read in place, joined to the name
/// that comes right before them in a header with no extra field — a run of words can begin
/// in one and end in the other, and only the raw bytes show it. A stream cut off or damaged
/// before its end, or inflated beyond the file's allowance, is not zeroed either: its
/// inflated form does not show all it holds.
// A `Cow` rather than a slice: when it borrows the file, stored entries' forms borrow too.
#[allow(clippy::ptr_arg)]
pub(super) fn push_entries<'b>(
    bytes: &Cow<'b, [u8]>,
    how: &str,
    depth: u8,
    reading: &mut Reading,
    out: &mut Vec<View<'b>>,
) -> Option<Vec<u8>> {
    let part = |range: Range<usize>| match bytes {
        Cow::Borrowed(b) => Cow::Borrowed(&b[range]),
        Cow::Owned(b) => Cow::Owned(b[range].to_vec()),
    };
    let zip = within(how, "inside zip");
    let mut coded = Vec::new();
    let (mut at, mut number) = (0, 0);
    // Each local header in turn, wherever it is: after a damaged entry or a descriptor of
    // unknown length, the next one is found by its signature.
    while let Some(found) = memchr::memmem::find(&bytes[at..], LOCAL) {
        let Some(entry) = local(bytes, at + found) else {
            break; // cut off inside a header
        };
        if reading.entries_left == 0 {
            break;
        }
        reading.entries_left -= 1;
        number += 1;
        let name = &bytes[entry.name.clone()];
        let label = if (reading.quotable)(name) {
            format!("entry {:?}", String::from_utf8_lossy(name))
        } else {
            format!("entry {number}")
        };
        push_plain(
            part(entry.name.clone()),
            format!("{zip}, the name of {label}"),
            reading.raw_too,
            out,
        );
        let inside = format!("{zip}, {label}");
        // Where the next header is looked for: after this entry's data when its end is known.
        at = entry.data;
        let end = entry
            .size
            .map(|size| entry.data.saturating_add(size).min(bytes.len()));
        match (entry.method, entry.flags & ENCRYPTED != 0) {
            // Encrypted: nothing to read but the raw bytes.
            (_, true) => at = end.unwrap_or(at),
            (DEFLATED, false) => {
                let (content, took) = inflate(&bytes[entry.data..], &mut reading.inflated_left);
                if let Some(took) = took {
                    coded.push(entry.data..entry.data + took);
                    at += took;
                }
                if !content.is_empty() {
                    push_views(Cow::Owned(content), inside, depth + 1, reading, out);
                }
            }
            (STORED, false) => {
                // Unknown without a size: the rest of the raw bytes are read anyway.
                if let Some(end) = end.filter(|&end| end > entry.data) {
                    push_views(part(entry.data..end), inside, depth + 1, reading, out);
                    at = end;
                }
            }
            _ => at = end.unwrap_or(at),
        }
    }
    if coded.is_empty() {
        return None;
    }
    let mut uncoded = bytes.to_vec();
    for range in coded {
        uncoded[range].fill(0);
    }
    Some(uncoded)
}

/// Inflate the deflate stream `data` begins with, at most `*left` bytes of it (which it
/// reduces by what it inflates): what it gives, and how many bytes of `data` the stream took
/// when it came to its end. A stream cut off or damaged gives what it inflated before.
fn inflate(data: &[u8], left: &mut u64) -> (Vec<u8>, Option<usize>) {
    let limit = usize::try_from(*left).unwrap_or(usize::MAX);
    let mut stream = Decompress::new(false);
    let mut inflated = Vec::new();
    let took = loop {
        if inflated.len() == inflated.capacity() {
            // Room grows with what came so far, as a `Vec` grows, but never past the limit.
            let room = limit
                .saturating_sub(inflated.len())
                .min(inflated.len().max(1 << 15));
            if room == 0 {
                break None;
            }
            inflated.reserve_exact(room);
        }
        let (was_in, was_out) = (stream.total_in(), stream.total_out());
        let rest = &data[was_in as usize..];
        match stream.decompress_vec(rest, &mut inflated, FlushDecompress::None) {
            Ok(Status::StreamEnd) => break Some(stream.total_in() as usize),
            Ok(_) if (stream.total_in(), stream.total_out()) != (was_in, was_out) => {}
            _ => break None,
        }
    };
    let took = took.filter(|_| inflated.len() <= limit);
    inflated.truncate(limit);
    *left -= inflated.len() as u64;
    (inflated, took)
}
