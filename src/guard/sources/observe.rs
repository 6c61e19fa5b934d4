//! The first pass: every visible text read once, token by token, recording where each hidden
//! window and code word is seen and which texts may hold evidence.
//!
//! This pass reads every token an audience is shown, so nothing is kept that the next token
//! does not need: no list of tokens, only the last few hashes for the rolling windows, the
//! current group of glued tokens for code words, the hidden titles that have begun, and the
//! few hits found.

use std::sync::atomic::Ordering;

use super::hidden::{code_word_hash, is_code_word, Entry, Hidden, MIN_TITLE_TOKENS};
use super::texts::{VisibleText, FIXED};
use super::tokens::{self, Roller, Sink, Token};

/// Record what `visible` holds of the hidden texts; is any of it possibly evidence here?
///
/// A window or code word this text came after the hidden one to hold is marked as such
/// ([`Entry::is_later`]) unless it lies in a hidden title the text holds: that is reported
/// (or named on purpose) as the title, and is not evidence of its own.
pub fn observe(hidden: &Hidden, visible: &VisibleText<'_>) -> bool {
    let mut reader = Reader {
        hidden,
        visible,
        roller: Roller::default(),
        recent: [0; MIN_TITLE_TOKENS],
        count: 0,
        block: 0,
        group: Vec::new(),
        group_start: 0,
        titles: Vec::new(),
        counted: Vec::new(),
        later: Vec::new(),
        in_titles: Vec::new(),
    };
    tokens::read(visible.text, &mut reader);
    reader.end_group();
    let in_title = |&(first, len): &(usize, usize)| {
        reader
            .in_titles
            .iter()
            .any(|&(start, end)| start <= first && first + len <= end)
    };
    let mut suspect = !reader.in_titles.is_empty();
    for (entry, span) in &reader.later {
        if !in_title(span) {
            entry.mark_later();
            suspect = true;
        }
    }
    suspect
}

struct Reader<'h, 'v> {
    hidden: &'h Hidden,
    visible: &'v VisibleText<'v>,
    roller: Roller,
    /// The last tokens' hashes, for a title's first tokens.
    recent: [u64; MIN_TITLE_TOKENS],
    count: usize,
    /// Where the current block's tokens start.
    block: usize,
    /// The current group of glued tokens (a code word when it ends), and its first token.
    group: Vec<Token>,
    group_start: usize,
    /// Hidden titles begun and not yet contradicted: (title, tokens matched).
    titles: Vec<(u32, usize)>,
    /// Code word entries this text has counted as one of their holders.
    counted: Vec<*const Entry>,
    /// Windows and code words held here that came after the hidden text: (entry, (first
    /// token, tokens)).
    later: Vec<(&'h Entry, (usize, usize))>,
    /// Hidden titles held here, as token ranges.
    in_titles: Vec<(usize, usize)>,
}

impl<'h> Sink for Reader<'h, '_> {
    fn push(&mut self, token: Token) {
        let i = self.count;
        self.count += 1;
        if token.after_break {
            self.block = i;
        }
        let (hidden, rank) = (self.hidden, self.visible.rank);
        let later = &mut self.later;
        self.roller.push(&token, |w| {
            if let Some(entry) = hidden.windows.get(w.hash) {
                if entry.seen(rank) {
                    later.push((entry, (w.first, w.len)));
                }
            }
        });
        if !token.glued {
            self.end_group();
        }
        if self.group.is_empty() {
            self.group_start = i;
        }
        self.group.push(token);
        if !hidden.titles.is_empty() {
            self.titles(&token, i);
        }
    }

    fn len(&self) -> usize {
        self.count
    }
}

impl<'h> Reader<'h, '_> {
    /// Take the group of glued tokens that has ended: is it a hidden code word?
    fn end_group(&mut self) {
        let group = &self.group[..];
        if group.is_empty() {
            return;
        }
        let hidden: &'h Hidden = self.hidden;
        let visible = self.visible;
        if visible.rank == FIXED {
            hidden.seen_in_fixed(code_word_hash(group));
        } else if is_code_word(group, visible.text) {
            if let Some(entry) = hidden.code_words.get(code_word_hash(group)) {
                if entry.seen(visible.rank) {
                    self.later.push((entry, (self.group_start, group.len())));
                }
                if !self.counted.contains(&(entry as *const _)) {
                    self.counted.push(entry);
                    // Saturating at 2: only "one visible text" matters.
                    let _ = entry
                        .holders
                        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                            (n < 2).then_some(n + 1)
                        });
                }
            }
        }
        self.group.clear();
    }

    /// Follow the hidden titles with token `i`.
    fn titles(&mut self, token: &Token, i: usize) {
        let hidden = self.hidden;
        let in_titles = &mut self.in_titles;
        // Titles begun: still matching, and whole?
        self.titles.retain_mut(|(title, matched)| {
            let expected = &hidden.titles[*title as usize].tokens;
            if token.after_break || expected[*matched] != token.hash {
                return false;
            }
            *matched += 1;
            if *matched == expected.len() {
                in_titles.push((i + 1 - expected.len(), i + 1));
            }
            *matched < expected.len()
        });
        self.recent[i % MIN_TITLE_TOKENS] = token.hash;
        // Titles beginning with the last few tokens, within this block.
        if i + 1 >= self.block + MIN_TITLE_TOKENS {
            let first = i + 1 - MIN_TITLE_TOKENS;
            let key = (first..=i).map(|k| self.recent[k % MIN_TITLE_TOKENS]);
            for &title in hidden.titles_starting(key) {
                let expected = &hidden.titles[title as usize].tokens;
                let begun = (first..=i).map(|k| self.recent[k % MIN_TITLE_TOKENS]);
                if expected.iter().copied().take(MIN_TITLE_TOKENS).eq(begun) {
                    if expected.len() == MIN_TITLE_TOKENS {
                        self.in_titles.push((first, i + 1));
                    } else {
                        self.titles.push((title, MIN_TITLE_TOKENS));
                    }
                }
            }
        }
    }
}
