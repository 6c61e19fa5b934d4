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

/// How a byte starts: letters and digits by table, the rest by hand.
const WORD: u8 = 0;
const OTHER: u8 = 1;
const NON_ASCII: u8 = 2;

static CLASS: [u8; 256] = {
    let mut class = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        class[b] = if c >= 0x80 {
            NON_ASCII
        } else if c.is_ascii_alphanumeric() {
            WORD
        } else {
            OTHER
        };
        b += 1;
    }
    class
};

/// Every token of `text`, in order, into `out` (cleared first).
pub fn tokens(text: &str, out: &mut Vec<Token>) {
    read(text, false, out);
}

/// [`tokens`] of a Markdown body, leaving out the text of its links to other content of
/// the site: that text names what the link leads to (usually its title), it is not the
/// body's own words.
pub fn tokens_without_links(text: &str, out: &mut Vec<Token>) {
    read(text, true, out);
}

fn read(text: &str, without_links: bool, out: &mut Vec<Token>) {
    out.clear();
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
        match CLASS[usize::from(bytes[i])] {
            WORD => {
                i = word(text, i, &mut last_end, out);
                mark_break(out, &mut broken);
            }
            NON_ASCII => {
                let c = text[i..].chars().next().expect("a char boundary");
                let class = classify(c);
                if !class.alphanumeric {
                    i += c.len_utf8();
                } else if class.unspaced {
                    let end = i + c.len_utf8();
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
                    i = word(text, i, &mut last_end, out);
                    mark_break(out, &mut broken);
                }
            }
            _ => {
                broken |= is_block_boundary(bytes, i);
                if without_links {
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

/// The last token pushed starts after a block boundary if one has passed.
fn mark_break(out: &mut [Token], broken: &mut bool) {
    if let Some(last) = out.last_mut() {
        last.after_break = std::mem::take(broken);
    }
}

/// Read the spaced word starting at `start`; returns where it ends.
fn word(text: &str, start: usize, last_end: &mut usize, out: &mut Vec<Token>) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut hash = FNV_OFFSET;
    let mut letters = false;
    let mut digits = false;
    let mut capitals = 0u8;
    let mut chars = 0u16;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            letters |= b.is_ascii_alphabetic();
            digits |= b.is_ascii_digit();
            capitals = capitals.saturating_add(u8::from(b.is_ascii_uppercase()));
            hash = (hash ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(FNV_PRIME);
            i += 1;
        } else {
            let c = text[i..].chars().next().expect("a char boundary");
            let class = classify(c);
            if !class.alphanumeric || class.unspaced {
                break;
            }
            letters |= !class.digit;
            digits |= class.digit;
            capitals = capitals.saturating_add(u8::from(class.capital));
            hash = (hash ^ u64::from(u32::from(class.lower))).wrapping_mul(FNV_PRIME);
            i += c.len_utf8();
        }
        chars = chars.saturating_add(1);
    }
    let glued = *last_end != usize::MAX
        && start == *last_end + 1
        && matches!(bytes[start - 1], b'-' | b'/' | b'_' | b'.');
    out.push(Token {
        start: start as u32,
        end: i as u32,
        hash: finalise(hash),
        unspaced: false,
        glued,
        letters,
        digits,
        capitals,
        chars,
        after_break: false,
    });
    *last_end = i;
    i
}

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
/// block. One pass, the hashes rolling (a multiply-add per token and window size): this
/// reads every token of every text an audience sees.
pub fn windows(tokens: &[Token], mut f: impl FnMut(Window)) {
    let spaced_power = power(SPACED_WINDOW - 1);
    let unspaced_power = power(UNSPACED_WINDOW - 1);
    let (mut spaced, mut unspaced) = (0u64, 0u64);
    // Where the current block's tokens start, and the last unspaced token (+1; 0: none).
    let mut block = 0;
    let mut last_unspaced = 0;
    for (i, token) in tokens.iter().enumerate() {
        if token.after_break {
            block = i;
        }
        if token.unspaced {
            last_unspaced = i + 1;
        }
        if i >= SPACED_WINDOW {
            spaced = spaced.wrapping_sub(tokens[i - SPACED_WINDOW].hash.wrapping_mul(spaced_power));
        }
        if i >= UNSPACED_WINDOW {
            unspaced = unspaced.wrapping_sub(
                tokens[i - UNSPACED_WINDOW]
                    .hash
                    .wrapping_mul(unspaced_power),
            );
        }
        spaced = spaced.wrapping_mul(SEQUENCE_BASE).wrapping_add(token.hash);
        unspaced = unspaced
            .wrapping_mul(SEQUENCE_BASE)
            .wrapping_add(token.hash);
        if i + 1 >= SPACED_WINDOW {
            let first = i + 1 - SPACED_WINDOW;
            if block <= first && last_unspaced <= first {
                f(Window {
                    hash: finalise(spaced ^ SEQUENCE_SEED) & !1,
                    first,
                    len: SPACED_WINDOW,
                });
            }
        }
        if i + 1 >= UNSPACED_WINDOW {
            let first = i + 1 - UNSPACED_WINDOW;
            if block <= first && last_unspaced > first {
                f(Window {
                    hash: finalise(unspaced ^ SEQUENCE_SEED) | 1,
                    first,
                    len: UNSPACED_WINDOW,
                });
            }
        }
    }
}

/// `SEQUENCE_BASE` to the power `n`: the weight of the oldest token of a window of `n + 1`.
fn power(n: usize) -> u64 {
    (0..n).fold(1u64, |p, _| p.wrapping_mul(SEQUENCE_BASE))
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
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokens(text, &mut out);
        out.iter()
            .map(|t| &text[t.start as usize..t.end as usize])
            .collect()
    }

    fn hashes(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        tokens(text, &mut out);
        let mut found = Vec::new();
        windows(&out, |w| found.push(w.hash));
        found
    }

    #[test]
    fn punctuation_and_markup_are_not_tokens_and_do_not_end_a_run() {
        assert_eq!(
            words("The Committee, **noted**. Next:\n- item «cité» [link](../x/y/ \"t\") <b>bold</b> a&nbsp;b"),
            vec!["The", "Committee", "noted", "Next", "item", "cité", "link", "bold", "a", "b"]
        );
        let plain = hashes("the quartermaster reviewed seventeen plumbago sequences");
        assert_eq!(plain.len(), 1);
        for dressed in [
            "The quartermaster, reviewed. Seventeen plumbago sequences!",
            "**the quartermaster** reviewed\nseventeen *plumbago* sequences",
            "> the [quartermaster](https://example.org/q) reviewed seventeen plumbago sequences",
            "the quartermaster <em>reviewed</em> seventeen&nbsp;plumbago sequences",
            "THE QUARTERMASTER REVIEWED SEVENTEEN PLUMBAGO SEQUENCES",
        ] {
            assert_eq!(hashes(dressed), plain, "{dressed}");
        }
        assert_ne!(
            hashes("the quartermaster reviewed seventeen plumbago sequence"),
            plain
        );
    }

    #[test]
    fn a_run_stays_within_its_block() {
        let one = hashes("the quartermaster reviewed seventeen plumbago sequences");
        assert_eq!(
            hashes("the quartermaster reviewed\nseventeen plumbago sequences"),
            one,
            "a line break inside a paragraph"
        );
        for broken in [
            "the quartermaster reviewed\n\nseventeen plumbago sequences",
            "- the quartermaster reviewed\n- seventeen plumbago sequences",
            "1. the quartermaster reviewed\n2. seventeen plumbago sequences",
            "| the quartermaster reviewed | seventeen plumbago sequences |",
            "the quartermaster reviewed\n## seventeen plumbago sequences",
        ] {
            assert!(hashes(broken).is_empty(), "{broken}");
        }
    }

    #[test]
    fn chinese_is_read_character_by_character_across_line_breaks_and_punctuation() {
        assert_eq!(words("委员会，注意"), vec!["委", "员", "会", "注", "意"]);
        let one = hashes("主办方和顾问委员会注意到");
        assert_eq!(one.len(), 5, "12 characters: 5 windows of 8");
        assert_eq!(hashes("主办方\n和顾问，委员会。注意到"), one);
        // Numbers and Latin words inside Chinese are tokens too.
        assert_eq!(
            words("2025年WSIS审查"),
            vec!["2025", "年", "WSIS", "审", "查"]
        );
    }

    #[test]
    fn cyrillic_and_arabic_are_words_and_cyrillic_folds_case() {
        assert_eq!(
            hashes("Комитет принял к сведению этот доклад"),
            hashes("комитет ПРИНЯЛ к сведению, этот доклад.")
        );
        assert_eq!(
            words("ناقشت اللجنة، الجدول"),
            vec!["ناقشت", "اللجنة", "الجدول"]
        );
    }

    #[test]
    fn code_words_are_glued_tokens() {
        let text = "See IACDC/77/INF.3 and KX-7741. End. Next";
        let mut out = Vec::new();
        tokens(text, &mut out);
        let mut found = Vec::new();
        code_words(&out, |a, b| {
            found.push(&text[out[a].start as usize..out[b - 1].end as usize])
        });
        assert_eq!(
            found,
            vec!["See", "IACDC/77/INF.3", "and", "KX-7741", "End", "Next"]
        );
    }

    #[test]
    fn links_to_other_content_can_be_left_out_with_their_text() {
        let text = "See [the Budget Report](../budget/) and [ITU data](https://itu.int/x) or [below](#b) [[nested] text](@/pages/a/).";
        let mut out = Vec::new();
        tokens_without_links(text, &mut out);
        let kept: Vec<&str> = out
            .iter()
            .map(|t| &text[t.start as usize..t.end as usize])
            .collect();
        assert_eq!(kept, vec!["See", "and", "ITU", "data", "or", "below"]);
    }

    #[test]
    fn comments_and_unclosed_brackets_are_safe() {
        assert_eq!(words("a <!-- hidden note --> b"), vec!["a", "b"]);
        assert_eq!(words("a < b and x](y"), vec!["a", "b", "and", "x", "y"]);
        assert_eq!(words("x &unknown y & z"), vec!["x", "unknown", "y", "z"]);
    }
}
