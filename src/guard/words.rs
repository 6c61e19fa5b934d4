//! Text as a reader sees it: words, and hashed runs of words ("windows").
//!
//! The same tokenizer reads hidden source text and every output file, so a run of hidden
//! text is recognised wherever it lands: in HTML (tags and entities break a run, as they
//! break the text), XML, JSON or a search index. A word is a maximal run of letters and
//! digits; words joined by whitespace and punctuation (any amount: minifying collapses
//! whitespace, and a full stop or comma does not protect a sentence) form a run. Markup
//! characters (`<`, `>`, `&`, `=`, brackets, braces, `|`, `\`, a backtick, U+2060 WORD
//! JOINER that marks inline markup in search text) end one.
//! Scripts written without spaces (Chinese, Japanese, Thai) are read in runs of characters.
//!
//! Not every window is kept: of each [`WINNOW`] consecutive windows the one with the smallest
//! hash is (winnowing, as in Schleimer, Wilkerson and Aiken's MOSS). Source and output select
//! alike, so any shared run of at least `WINDOW_WORDS + WINNOW - 1` words (or
//! `WINDOW_CHARS + WINNOW - 1` characters) is guaranteed to share a selected window, while
//! only about 2/(WINNOW+1) of the windows are stored and looked up.

use crate::support::language::written_without_spaces;

/// Words per window in spaced scripts.
pub const WINDOW_WORDS: usize = 6;
/// Characters per window in scripts written without spaces.
pub const WINDOW_CHARS: usize = 10;
/// Winnowing span: one window in each run of this many is selected.
pub const WINNOW: usize = 4;

/// A word: its byte range, whether only whitespace separates it from the previous word, and
/// its hash.
#[derive(Debug, Clone, Copy)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub joined: bool,
    pub hash: u64,
    /// Does it hold characters of a script written without spaces?
    pub unspaced: bool,
}

/// How the tokenizer treats a byte: ASCII by table (one load instead of a chain of
/// comparisons: this loop reads every byte of every output file), the rest decoded.
const ALNUM: u8 = 0;
/// Whitespace and punctuation: the run goes on.
const SPACE: u8 = 1;
/// Markup: the run ends.
const OTHER: u8 = 2;
const NON_ASCII: u8 = 3;

static CLASS: [u8; 256] = {
    let mut class = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        class[b] = if c >= 0x80 {
            NON_ASCII
        } else if c.is_ascii_alphanumeric() {
            ALNUM
        } else if matches!(
            c,
            b'<' | b'>' | b'&' | b'=' | b'[' | b']' | b'{' | b'}' | b'|' | b'\\' | b'`'
        ) || c.is_ascii_control() && !c.is_ascii_whitespace()
        {
            OTHER
        } else {
            SPACE
        };
        b += 1;
    }
    class
};

/// Call `f` for each word of `bytes`. Invalid UTF-8 separates words.
pub fn each_word(bytes: &[u8], mut f: impl FnMut(&Word)) {
    let n = bytes.len();
    let mut i = 0;
    let mut joined = false;
    loop {
        // Separators: whitespace keeps the next word joined to the last, anything else not.
        while i < n {
            match CLASS[usize::from(bytes[i])] {
                ALNUM => break,
                SPACE => i += 1,
                OTHER => match entity(&bytes[i..]) {
                    // A reference is read as the character it stands for: a quote or a
                    // non-breaking space keeps the run, as in the decoded form; `&lt;`,
                    // `&amp;` and the rest end it. Its name is never a word.
                    Some((len, keeps_run)) => {
                        joined &= keeps_run;
                        i += len;
                    }
                    None => {
                        joined = false;
                        i += 1;
                    }
                },
                _ => match decode_char(&bytes[i..]) {
                    Some((c, _)) if is_letter(c) => break,
                    Some((c, len)) => {
                        // Punctuation and spaces of any script keep the run; invisible
                        // format characters (U+2060 marks markup in search text) end it.
                        joined &= !is_format(c);
                        i += len;
                    }
                    None => {
                        joined = false;
                        i += 1;
                    }
                },
            }
        }
        if i == n {
            return;
        }
        // A word: ASCII letters in a tight loop, other characters decoded.
        let start = i;
        let mut unspaced = false;
        while i < n {
            match CLASS[usize::from(bytes[i])] {
                ALNUM => i += 1,
                NON_ASCII => match decode_char(&bytes[i..]) {
                    Some((c, len)) if is_letter(c) => {
                        unspaced |= written_without_spaces(c);
                        i += len;
                    }
                    _ => break,
                },
                _ => break,
            }
        }
        f(&Word {
            start,
            end: i,
            joined,
            hash: hash_range(bytes, start, i),
            unspaced,
        });
        joined = true;
    }
}

/// The character reference (`&amp;`, `&#39;`) `bytes` starts with, if it does: its length,
/// and whether the character it stands for keeps a run going. The raw and decoded forms of a
/// page must make the same runs (`scan::views` reads only one of them when they hold the
/// same words), so a reference ends a run exactly when its character does.
pub(super) fn entity(bytes: &[u8]) -> Option<(usize, bool)> {
    if bytes.first() != Some(&b'&') {
        return None;
    }
    let name = bytes[1..]
        .iter()
        .take(32)
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
        .count();
    if name == 0 || bytes.get(1 + name) != Some(&b';') {
        return None;
    }
    let keeps_run = matches!(
        &bytes[1..1 + name],
        b"quot"
            | b"#34"
            | b"#x22"
            | b"apos"
            | b"#39"
            | b"#x27"
            | b"nbsp"
            | b"#160"
            | b"#xa0"
            | b"#xA0"
    );
    Some((name + 2, keeps_run))
}

/// An invisible formatting character (Unicode category Cf, the common ones): U+2060 WORD
/// JOINER is how search text marks where inline markup stood.
fn is_format(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// A letter or digit. The common scripts are answered by range before asking Unicode's
/// tables, which are slow; either way the answer is `char::is_alphanumeric`'s.
fn is_letter(c: char) -> bool {
    match c {
        '\u{4E00}'..='\u{9FFF}'
        | '\u{0410}'..='\u{044F}'
        | '\u{0621}'..='\u{063A}'
        | '\u{0641}'..='\u{064A}' => true,
        '\u{00C0}'..='\u{00FF}' => c != '\u{00D7}' && c != '\u{00F7}',
        '\u{2000}'..='\u{206F}'
        | '\u{3000}'..='\u{3003}'
        | '\u{3008}'..='\u{3020}'
        | '\u{FF01}'..='\u{FF0F}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// A fast hash of a word's bytes, eight at a time.
#[cfg(test)]
pub(super) fn hash_bytes(bytes: &[u8]) -> u64 {
    hash_range(bytes, 0, bytes.len())
}

/// [`hash_bytes`] of `bytes[start..end]`, reading its last (partial) eight bytes as one load
/// from the text around it where the text goes on that far: copying a tail of one to seven
/// bytes aside costs a call and a stalled load, on every word of every output file.
fn hash_range(bytes: &[u8], start: usize, end: usize) -> u64 {
    let mut h = FNV_OFFSET ^ (end - start) as u64;
    let mut at = start;
    while at + 8 <= end {
        h = (h.rotate_left(5) ^ eight(&bytes[at..at + 8])).wrapping_mul(FNV_PRIME);
        at += 8;
    }
    let left = end - at;
    let tail = match bytes.get(at..at + 8) {
        // Keep the word's bytes (little-endian: the low ones), zero the rest.
        Some(next) if left > 0 => eight(next) & (u64::MAX >> (64 - 8 * left)),
        Some(_) => 0,
        None => {
            let mut tail = [0u8; 8];
            tail[..left].copy_from_slice(&bytes[at..end]);
            u64::from_le_bytes(tail)
        }
    };
    (h.rotate_left(5) ^ tail).wrapping_mul(FNV_PRIME)
}

fn eight(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes.try_into().expect("eight bytes"))
}

/// Call `f(hash, start)` for every selected window of `bytes`: runs of [`WINDOW_WORDS`]
/// joined words, and runs of [`WINDOW_CHARS`] characters inside words of unspaced scripts.
pub fn each_window(bytes: &[u8], f: impl FnMut(u64, usize)) {
    read(bytes, Windows::Selected, |_, _| {}, f);
}

/// Is this window hash one of characters in an unspaced script (else of words)? The lowest
/// bit says.
pub fn is_unspaced_window(hash: u64) -> bool {
    hash & 1 == 1
}

/// Could `text` hold a window of an unspaced script? Only if it has a character of one: a
/// quick byte test on UTF-8 lead bytes, never wrongly "no".
pub fn may_hold_unspaced(text: &[u8]) -> bool {
    text.windows(2).any(|w| match w[0] {
        0xE0 | 0xE1 | 0xE3..=0xE9 | 0xEF | 0xF0 => true,
        0xE2 => w[1] >= 0xBA,
        _ => false,
    })
}

/// Which windows [`read`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Windows {
    /// The winnowed selection: what is stored and looked up.
    Selected,
    /// Every window: to tell whether a given window occurs in a text at all.
    All,
}

/// One pass over `bytes`: `on_word(word, previous word)` for each word, `on_window(hash,
/// start)` for each selected window.
pub fn read(
    bytes: &[u8],
    windows: Windows,
    mut on_word: impl FnMut(&Word, Option<&Word>),
    mut on_window: impl FnMut(u64, usize),
) {
    // The last WINDOW_WORDS words of the run, in a ring; the window hash rolls: each word
    // multiplies in, the one leaving takes its term out (one multiply-add per word).
    // POWER = BASE^(WINDOW_WORDS-1): the weight of the oldest word's term.
    let power = (1..WINDOW_WORDS).fold(1u64, |p, _| p.wrapping_mul(WORD_BASE));
    let mut recent = [(0u64, 0usize); WINDOW_WORDS];
    let mut rolling = 0u64;
    let mut run = 0usize;
    let mut previous: Option<Word> = None;
    let mut spaced = Winnower::new(windows);
    each_word(bytes, |w| {
        on_word(w, previous.as_ref());
        previous = Some(*w);
        if !w.joined {
            spaced.finish(&mut on_window);
            run = 0;
            rolling = 0;
        }
        let slot = run % WINDOW_WORDS;
        if run >= WINDOW_WORDS {
            rolling = rolling.wrapping_sub(recent[slot].0.wrapping_mul(power));
        }
        rolling = rolling.wrapping_mul(WORD_BASE).wrapping_add(w.hash);
        recent[slot] = (w.hash, w.start);
        run += 1;
        if run >= WINDOW_WORDS {
            let first = recent[run % WINDOW_WORDS].1;
            spaced.push(finalise(rolling ^ SPACED_SEED) & !1, first, &mut on_window);
        }
        if w.unspaced {
            char_windows(&bytes[w.start..w.end], w.start, windows, &mut on_window);
        }
    });
    spaced.finish(&mut on_window);
}

/// Robust winnowing over one run of consecutive windows.
struct Winnower {
    /// Report every window instead ([`Windows::All`]).
    all: bool,
    ring: [(u64, usize); WINNOW],
    len: usize,
    /// Offset of the last window emitted in this run.
    emitted: Option<usize>,
}

impl Winnower {
    fn new(windows: Windows) -> Winnower {
        Winnower {
            all: windows == Windows::All,
            ring: [(0, 0); WINNOW],
            len: 0,
            emitted: None,
        }
    }

    fn push(&mut self, hash: u64, offset: usize, emit: &mut impl FnMut(u64, usize)) {
        if self.all {
            return emit(hash, offset);
        }
        self.ring.rotate_left(1);
        self.ring[WINNOW - 1] = (hash, offset);
        self.len += 1;
        if self.len >= WINNOW {
            self.select(&self.ring.clone(), emit);
        }
    }

    /// End of the run: a run shorter than the span still yields its smallest window.
    fn finish(&mut self, emit: &mut impl FnMut(u64, usize)) {
        if self.len > 0 && self.len < WINNOW {
            let ring = self.ring;
            self.select(&ring[WINNOW - self.len..], emit);
        }
        self.len = 0;
        self.emitted = None;
    }

    /// Emit the smallest hash of `span` (the rightmost on ties) unless already emitted.
    fn select(&mut self, span: &[(u64, usize)], emit: &mut impl FnMut(u64, usize)) {
        let mut best = span[0];
        for &candidate in &span[1..] {
            if candidate.0 <= best.0 {
                best = candidate;
            }
        }
        if self.emitted != Some(best.1) {
            self.emitted = Some(best.1);
            emit(best.0, best.1);
        }
    }
}

/// The hash of the first two words of `text` (the second `0` if there is one word), and the
/// bytes before the first word: the key under which a name is looked up.
pub fn name_key(text: &str) -> Option<((u64, u64), usize)> {
    let mut first: Option<Word> = None;
    let mut second: Option<Word> = None;
    each_word(text.as_bytes(), |w| {
        if first.is_none() {
            first = Some(*w);
        } else if second.is_none() {
            second = Some(*w);
        }
    });
    let first = first?;
    Some(((first.hash, second.map_or(0, |w| w.hash)), first.start))
}

/// The windows of one word of an unspaced script, with a rolling hash over its characters.
fn char_windows(word: &[u8], at: usize, windows: Windows, emit: &mut impl FnMut(u64, usize)) {
    // POWER = BASE^(WINDOW_CHARS-1), to take the oldest character out of the hash.
    const BASE: u64 = 0x100_0000_01b3;
    let power = (1..WINDOW_CHARS).fold(1u64, |p, _| p.wrapping_mul(BASE));
    let mut window = [(0u64, 0usize); WINDOW_CHARS];
    let mut hash = 0u64;
    let mut winnower = Winnower::new(windows);
    let mut i = 0;
    let mut n = 0;
    while i < word.len() {
        let (code, len) = if word[i] < 0x80 {
            (u64::from(word[i]), 1)
        } else {
            // Words hold only characters each_word decoded, so this does not fail.
            decode_char(&word[i..]).map_or((0, 1), |(c, len)| (u64::from(c), len))
        };
        let code = code + 1;
        let slot = n % WINDOW_CHARS;
        if n >= WINDOW_CHARS {
            hash = hash.wrapping_sub(window[slot].0.wrapping_mul(power));
        }
        hash = hash.wrapping_mul(BASE).wrapping_add(code);
        window[slot] = (code, i);
        if n + 1 >= WINDOW_CHARS {
            let start = window[(n + 1) % WINDOW_CHARS].1;
            winnower.push(finalise(hash ^ UNSPACED_SEED) | 1, at + start, emit);
        }
        i += len;
        n += 1;
    }
    winnower.finish(emit);
}

/// The character starting `bytes` (whose first byte is not ASCII) and its length.
fn decode_char(bytes: &[u8]) -> Option<(char, usize)> {
    let (len, initial) = match bytes[0] {
        0xC2..=0xDF => (2, u32::from(bytes[0] & 0x1F)),
        0xE0..=0xEF => (3, u32::from(bytes[0] & 0x0F)),
        0xF0..=0xF4 => (4, u32::from(bytes[0] & 0x07)),
        _ => return None,
    };
    let mut code = initial;
    for &b in bytes.get(1..len)? {
        if b & 0xC0 != 0x80 {
            return None;
        }
        code = (code << 6) | u32::from(b & 0x3F);
    }
    // Overlong forms and surrogates are not characters.
    let shortest = match len {
        2 => 0x80,
        3 => 0x800,
        _ => 0x10000,
    };
    if code < shortest {
        return None;
    }
    char::from_u32(code).map(|c| (c, len))
}

pub(super) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
pub(super) const FNV_PRIME: u64 = 0x0100_0000_01b3;
const SPACED_SEED: u64 = 0x9e37_79b9_7f4a_7c15;
const UNSPACED_SEED: u64 = 0xc2b2_ae3d_27d4_eb4f;

/// The base of the rolling hash over a run's word hashes (odd, so multiplying loses nothing).
const WORD_BASE: u64 = 0x9fb2_1c65_1e98_df25;

/// Spread the bits, so that the smallest hashes (winnowing) and hash-map buckets are fair.
pub(super) fn finalise(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests;
