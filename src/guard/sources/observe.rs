//! The first pass: every visible text read once, token by token, recording where each hidden
//! window and code word is seen and which texts may hold evidence.
//!
//! This pass reads every token an audience is shown, so nothing is kept that the next token
//! does not need: no list of tokens, only the last few hashes for the rolling windows, the
//! current group of glued tokens for code words, and the hidden titles that have begun.

use std::sync::atomic::Ordering;

use super::hidden::{code_word_hash, is_code_word, Entry, Hidden, MIN_TITLE_TOKENS};
use super::texts::{VisibleText, FIXED};
use super::tokens::{self, Roller, Sink, Token};

/// Record what `visible` holds of the hidden texts; is any of it possibly evidence here?
pub fn observe(hidden: &Hidden, visible: &VisibleText<'_>) -> bool {
    let mut reader = Reader {
        hidden,
        visible,
        roller: Roller::default(),
        recent: [0; MIN_TITLE_TOKENS],
        count: 0,
        block: 0,
        group: Vec::new(),
        titles: Vec::new(),
        counted: Vec::new(),
        suspect: false,
    };
    tokens::read(visible.text, &mut reader);
    reader.end_group();
    reader.suspect
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
    /// The current group of glued tokens: a code word when it ends.
    group: Vec<Token>,
    /// Hidden titles begun and not yet contradicted: (title, tokens matched).
    titles: Vec<(u32, usize)>,
    /// Code word entries this text has counted as one of their holders.
    counted: Vec<*const Entry>,
    suspect: bool,
}

impl Sink for Reader<'_, '_> {
    fn push(&mut self, token: Token) {
        let i = self.count;
        self.count += 1;
        if token.after_break {
            self.block = i;
        }
        let (hidden, rank) = (self.hidden, self.visible.rank);
        let mut suspect = false;
        self.roller.push(&token, |w| {
            if let Some(entry) = hidden.windows.get(w.hash) {
                suspect |= entry.seen(rank);
            }
        });
        if !token.glued {
            self.end_group();
        }
        self.group.push(token);
        if !hidden.titles.is_empty() {
            suspect |= self.titles(&token, i);
        }
        self.suspect |= suspect;
    }

    fn len(&self) -> usize {
        self.count
    }
}

impl Reader<'_, '_> {
    /// Take the group of glued tokens that has ended: is it a hidden code word?
    fn end_group(&mut self) {
        let group = &self.group[..];
        if group.is_empty() {
            return;
        }
        let (hidden, visible) = (self.hidden, self.visible);
        if visible.rank == FIXED {
            hidden.seen_in_fixed(code_word_hash(group));
        } else if is_code_word(group, visible.text) {
            if let Some(entry) = hidden.code_words.get(code_word_hash(group)) {
                let later = entry.seen(visible.rank);
                if !self.counted.contains(&(entry as *const _)) {
                    self.counted.push(entry);
                    // Saturating at 2: only "one visible text" matters.
                    let _ = entry
                        .holders
                        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                            (n < 2).then_some(n + 1)
                        });
                }
                self.suspect |= later;
            }
        }
        self.group.clear();
    }

    /// Follow the hidden titles with token `i`; has one been read whole?
    fn titles(&mut self, token: &Token, i: usize) -> bool {
        let hidden = self.hidden;
        let mut whole = false;
        // Titles begun: still matching, and whole?
        self.titles.retain_mut(|(title, matched)| {
            let expected = &hidden.titles[*title as usize].tokens;
            if token.after_break || expected[*matched] != token.hash {
                return false;
            }
            *matched += 1;
            whole |= *matched == expected.len();
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
                        whole = true;
                    } else {
                        self.titles.push((title, MIN_TITLE_TOKENS));
                    }
                }
            }
        }
        whole
    }
}
