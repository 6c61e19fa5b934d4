//! Source text as the source check reads it: a sequence of tokens, whatever stands between
//! them.
//!
//! A token is a word of a spaced script (letters and digits, compared without case) or one
//! character of a script written without spaces (Chinese, Japanese, Thai). Punctuation,
//! whitespace and line breaks are not tokens and do not end a run: a pasted sentence is the
//! same tokens whether a full stop, a comma or a PDF's line break falls inside it. What a
//! reader never sees is skipped: a link's destination, an HTML tag or comment, an entity's
//! name. Emphasis markers are punctuation. A run stays within one block (a paragraph, list
//! item, table cell or heading), as a sentence does: common phrases that happen to meet
//! across two list items are not a pasted run.
//!
//! Runs are compared as windows: [`SPACED_WINDOW`] consecutive words, or
//! [`UNSPACED_WINDOW`] consecutive tokens of which at least one is a character of an
//! unspaced script. Every window is kept (no winnowing): the check must catch every run at
//! the threshold, not only longer ones.

use super::chars::classify;
use super::markup::{is_block_boundary, is_internal, skip_unseen};
use crate::guard::words::{finalise, FNV_OFFSET, FNV_PRIME};

/// Words in a window of a spaced script (the threshold: a 6-word run is evidence).
pub const SPACED_WINDOW: usize = 6;
/// Tokens in a window holding Chinese (or Japanese, Thai) characters.
pub const UNSPACED_WINDOW: usize = 8;

/// One token: its byte range in the text and a hash of its folded form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub hash: u64,
    /// A character of a script written without spaces.
    pub unspaced: bool,
    /// Joined to the previous token by one `-`, `/`, `_` or `.` and nothing else: part of
    /// one code word (`KX-7741`, `IACDC/77/INF.3`).
    pub glued: bool,
    /// Holds a letter (not only digits).
    pub letters: bool,
    /// Holds a digit.
    pub digits: bool,
    /// Capital letters in it (up to 255).
    pub capitals: u8,
    /// Characters in the token.
    pub chars: u16,
    /// A block boundary (paragraph, list item, table cell, heading) stands before it: no
    /// run goes on into it.
    pub after_break: bool,
}

/// Where a tokenizer puts the tokens it reads.
pub trait Sink {
    /// Are the texts of links to other content of the site left out? Then
    /// [`Sink::truncate`] takes a link's text back once its destination shows it is one.
    const LEAVES_OUT_LINKS: bool = false;
    fn push(&mut self, token: Token);
    /// Tokens pushed so far.
    fn len(&self) -> usize;
    /// Forget the tokens from the `len`th on (called only when leaving out links).
    fn truncate(&mut self, _len: usize) {}
}

impl Sink for Vec<Token> {
    fn push(&mut self, token: Token) {
        Vec::push(self, token);
    }
    fn len(&self) -> usize {
        Vec::len(self)
    }
}

/// A Markdown body's tokens without the text of its links to other content of the site.
struct WithoutLinks<'a>(&'a mut Vec<Token>);

impl Sink for WithoutLinks<'_> {
    const LEAVES_OUT_LINKS: bool = true;
    fn push(&mut self, token: Token) {
        self.0.push(token);
    }
    fn len(&self) -> usize {
        self.0.len()
    }
    fn truncate(&mut self, len: usize) {
        self.0.truncate(len);
    }
}

/// Every token of `text`, in order, into `out` (cleared first).
pub fn tokens(text: &str, out: &mut Vec<Token>) {
    out.clear();
    read(text, out);
}

/// [`tokens`] of a Markdown body, leaving out the text of its links to other content of
/// the site: that text names what the link leads to (usually its title), it is not the
/// body's own words.
pub fn tokens_without_links(text: &str, out: &mut Vec<Token>) {
    out.clear();
    read(text, &mut WithoutLinks(out));
}

/// Every token of `text`, in order, into `out`.
pub fn read<S: Sink>(text: &str, out: &mut S) {
    // Where each open `[` stands in `out`.
    let mut brackets: Vec<usize> = Vec::new();
    // Has a block boundary passed since the last token?
    let mut broken = false;
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    // Where the last token ended, to tell whether the next is glued to it.
    let mut last_end = usize::MAX;
    while i < n {
        let b = bytes[i];
        match (ASCII[usize::from(b)] & ALNUM != 0, b >= 0x80) {
            (true, _) => {
                let token = word(text, i, last_end, std::mem::take(&mut broken));
                (i, last_end) = (token.end as usize, token.end as usize);
                out.push(token);
            }
            (false, true) => {
                let (c, len) = char_at(bytes, i);
                let class = classify(c);
                if !class.alphanumeric {
                    i += len;
                } else if class.unspaced {
                    let end = i + len;
                    out.push(Token {
                        start: i as u32,
                        end: end as u32,
                        hash: finalise(u64::from(u32::from(c)) ^ UNSPACED_SEED),
                        unspaced: true,
                        glued: false,
                        letters: true,
                        digits: false,
                        capitals: 0,
                        chars: 1,
                        after_break: std::mem::take(&mut broken),
                    });
                    last_end = usize::MAX;
                    i = end;
                } else {
                    let token = word(text, i, last_end, std::mem::take(&mut broken));
                    (i, last_end) = (token.end as usize, token.end as usize);
                    out.push(token);
                }
            }
            // A space is the commonest byte between tokens, and ends nothing.
            (false, false) if b == b' ' => i += 1,
            (false, false) => {
                broken |= is_block_boundary(bytes, i);
                if S::LEAVES_OUT_LINKS {
                    match bytes[i] {
                        b'[' if brackets.len() < 32 => brackets.push(out.len()),
                        b']' => {
                            let opened = brackets.pop();
                            if let (Some(at), Some(b'(')) = (opened, bytes.get(i + 1)) {
                                let end = skip_unseen(bytes, i);
                                if is_internal(&text[i + 2..end.saturating_sub(1).max(i + 2)]) {
                                    out.truncate(at);
                                }
                                i = end;
                                continue;
                            }
                        }
                        _ => {}
                    }
                }
                i = skip_unseen(bytes, i);
            }
        }
    }
}

/// The spaced word starting at `start`.
///
/// The word is hashed as its folded (lower-case) UTF-8 bytes, eight at a time: a byte at a
/// time would make every word wait on a chain of multiplies, and this reads every word an
/// audience is shown. ASCII (most words of most languages here) is read by table, folded
/// eight bytes at once; a word with other letters is folded character by character.
fn word(text: &str, start: usize, last_end: usize, after_break: bool) -> Token {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut seen = 0u8;
    let mut capitals = 0u32;
    while let Some(&b) = bytes.get(i) {
        let flags = ASCII[usize::from(b)];
        if flags & ALNUM == 0 {
            break;
        }
        seen |= flags;
        capitals += u32::from(flags & UPPER != 0);
        i += 1;
    }
    let mut hash = Folded::default();
    let mut chars = i - start;
    if bytes.get(i).is_some_and(|&b| b >= 0x80) {
        // Not ASCII all through: fold what was read so far, then character by character.
        bytes[start..i].iter().for_each(|&b| hash.byte(b | 0x20));
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                let flags = ASCII[usize::from(b)];
                if flags & ALNUM == 0 {
                    break;
                }
                seen |= flags;
                capitals += u32::from(flags & UPPER != 0);
                hash.byte(b | 0x20);
                i += 1;
            } else {
                let (c, len) = char_at(bytes, i);
                let class = classify(c);
                if !class.alphanumeric || class.unspaced {
                    break;
                }
                seen |= if class.digit { DIGIT } else { LETTER };
                capitals += u32::from(class.capital);
                let mut utf8 = [0; 4];
                class
                    .lower
                    .encode_utf8(&mut utf8)
                    .bytes()
                    .for_each(|b| hash.byte(b));
                i += len;
            }
            chars += 1;
        }
    } else {
        // ASCII letters and digits fold by setting 0x20 (digits already have it). Eight
        // bytes are loaded at once, and those past the word masked off.
        let mut p = start;
        while p < i {
            let take = (i - p).min(8);
            let eight = match bytes.get(p..p + 8) {
                Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
                None => bytes[p..i]
                    .iter()
                    .rev()
                    .fold(0, |w, &b| w << 8 | u64::from(b)),
            };
            hash.chunk((eight | 0x2020_2020_2020_2020) & (u64::MAX >> (64 - 8 * take)));
            p += take;
        }
    }
    let glued = last_end != usize::MAX
        && start == last_end + 1
        && matches!(bytes[start - 1], b'-' | b'/' | b'_' | b'.');
    Token {
        start: start as u32,
        end: i as u32,
        hash: hash.finish(),
        unspaced: false,
        glued,
        letters: seen & LETTER != 0,
        digits: seen & DIGIT != 0,
        capitals: capitals.min(255) as u8,
        chars: chars.min(usize::from(u16::MAX)) as u16,
        after_break,
    }
}

/// The character at byte `i` of valid UTF-8, and its length: decoded by hand, as slicing a
/// `str` checks the boundary again for every character.
fn char_at(bytes: &[u8], i: usize) -> (char, usize) {
    let b = u32::from(bytes[i]);
    let next = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0x80) & 0x3F);
    let (code, len) = match b {
        0..=0x7F => (b, 1),
        0xC0..=0xDF => ((b & 0x1F) << 6 | next(1), 2),
        0xE0..=0xEF => ((b & 0x0F) << 12 | next(1) << 6 | next(2), 3),
        _ => ((b & 0x07) << 18 | next(1) << 12 | next(2) << 6 | next(3), 4),
    };
    (
        char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER),
        len,
    )
}

/// A word's hash over its folded bytes, taken eight at a time.
#[derive(Default)]
struct Folded {
    hash: u64,
    /// Bytes not yet taken, little-endian, and how many.
    pending: u64,
    filled: u32,
    len: u64,
}

impl Folded {
    fn byte(&mut self, b: u8) {
        self.pending |= u64::from(b) << (8 * self.filled);
        self.filled += 1;
        if self.filled == 8 {
            self.chunk(self.pending);
            (self.pending, self.filled) = (0, 0);
        }
    }

    /// Eight bytes (or the last few, zero-padded), when no byte is pending.
    fn chunk(&mut self, bytes: u64) {
        self.hash = (self.hash ^ bytes).wrapping_mul(FNV_PRIME).rotate_left(23) ^ FNV_OFFSET;
        self.len += 1;
    }

    fn finish(mut self) -> u64 {
        if self.filled > 0 {
            self.chunk(self.pending);
        }
        finalise(self.hash ^ self.len)
    }
}

/// ASCII bytes by what they are in a word.
const ALNUM: u8 = 1;
const LETTER: u8 = 2;
const DIGIT: u8 = 4;
const UPPER: u8 = 8;

static ASCII: [u8; 256] = {
    let mut flags = [0; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        flags[b] = if c.is_ascii_digit() {
            ALNUM | DIGIT
        } else if c.is_ascii_uppercase() {
            ALNUM | LETTER | UPPER
        } else if c.is_ascii_lowercase() {
            ALNUM | LETTER
        } else {
            0
        };
        b += 1;
    }
    flags
};

/// Is `run` within one block?
pub fn unbroken(run: &[Token]) -> bool {
    run[1..].iter().all(|t| !t.after_break)
}

/// A window: its hash and the index of its first token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub hash: u64,
    pub first: usize,
    pub len: usize,
}

/// Every window of `tokens`, in the order they end: each run of [`SPACED_WINDOW`] words,
/// and each run of [`UNSPACED_WINDOW`] tokens holding an unspaced character, within one
/// block.
pub fn windows(tokens: &[Token], mut f: impl FnMut(Window)) {
    let mut roller = Roller::default();
    for token in tokens {
        roller.push(token, &mut f);
    }
}

/// The windows of a text read token by token. The hashes roll (a multiply-add per token
/// and window size): this reads every token of every text an audience sees.
#[derive(Default)]
pub struct Roller {
    /// The last tokens' hashes, by index modulo the ring's length.
    recent: [u64; UNSPACED_WINDOW],
    /// Tokens pushed.
    count: usize,
    spaced: u64,
    unspaced: u64,
    /// Where the current block's tokens start, and the last unspaced token (+1; 0: none).
    block: usize,
    last_unspaced: usize,
}

impl Roller {
    /// Take the next token; `f` gets the windows it ends.
    pub fn push(&mut self, token: &Token, mut f: impl FnMut(Window)) {
        let i = self.count;
        self.count += 1;
        if token.after_break {
            self.block = i;
        }
        if token.unspaced {
            self.last_unspaced = i + 1;
        }
        let ring = |k: usize| k % UNSPACED_WINDOW;
        if i >= SPACED_WINDOW {
            let leaving = self.recent[ring(i - SPACED_WINDOW)];
            self.spaced = self.spaced.wrapping_sub(leaving.wrapping_mul(SPACED_POWER));
        }
        if i >= UNSPACED_WINDOW {
            // The ring's slot for `i` still holds the token leaving this window.
            let leaving = self.recent[ring(i)];
            self.unspaced = self
                .unspaced
                .wrapping_sub(leaving.wrapping_mul(UNSPACED_POWER));
        }
        self.recent[ring(i)] = token.hash;
        self.spaced = self
            .spaced
            .wrapping_mul(SEQUENCE_BASE)
            .wrapping_add(token.hash);
        self.unspaced = self
            .unspaced
            .wrapping_mul(SEQUENCE_BASE)
            .wrapping_add(token.hash);
        if i + 1 >= SPACED_WINDOW {
            let first = i + 1 - SPACED_WINDOW;
            if self.block <= first && self.last_unspaced <= first {
                f(Window {
                    hash: finalise(self.spaced ^ SEQUENCE_SEED) & !1,
                    first,
                    len: SPACED_WINDOW,
                });
            }
        }
        if i + 1 >= UNSPACED_WINDOW {
            let first = i + 1 - UNSPACED_WINDOW;
            if self.block <= first && self.last_unspaced > first {
                f(Window {
                    hash: finalise(self.unspaced ^ SEQUENCE_SEED) | 1,
                    first,
                    len: UNSPACED_WINDOW,
                });
            }
        }
    }
}

/// The weights of the oldest token of a window.
const SPACED_POWER: u64 = power(SPACED_WINDOW - 1);
const UNSPACED_POWER: u64 = power(UNSPACED_WINDOW - 1);

/// `SEQUENCE_BASE` to the power `n`: the weight of the oldest token of a window of `n + 1`.
const fn power(n: usize) -> u64 {
    let mut p = 1u64;
    let mut k = 0;
    while k < n {
        p = p.wrapping_mul(SEQUENCE_BASE);
        k += 1;
    }
    p
}

/// One hash of a sequence of tokens.
pub fn combine(run: &[Token]) -> u64 {
    finalise(
        run.iter()
            .fold(SEQUENCE_SEED, |h, t| h.wrapping_mul(SEQUENCE_BASE) ^ t.hash),
    )
}

/// The code words of `tokens`: maximal groups of glued tokens, as (first, past the last).
pub fn code_words(tokens: &[Token], mut f: impl FnMut(usize, usize)) {
    let mut at = 0;
    while at < tokens.len() {
        let mut end = at + 1;
        while end < tokens.len() && tokens[end].glued {
            end += 1;
        }
        f(at, end);
        at = end;
    }
}

const UNSPACED_SEED: u64 = 0xc2b2_ae3d_27d4_eb4f;
const SEQUENCE_SEED: u64 = 0x2545_f491_4f6c_dd1d;
const SEQUENCE_BASE: u64 = 0x9fb2_1c65_1e98_df25;

#[cfg(test)]
mod tests;
