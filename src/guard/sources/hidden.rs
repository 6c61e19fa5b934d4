//! What the hidden texts hold, ready to look up while every visible text is read once:
//! their windows, their code words and their titles, each with the earliest hidden text
//! that has it.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU32, Ordering};

use rayon::prelude::*;

use super::texts::{HiddenText, Rank, FIXED};
use super::tokens::{self, Token};
use crate::guard::index::{Bits, HashedMap};

/// A code word shorter than this many characters is not distinctive enough to be evidence
/// on its own.
pub const MIN_CODE_WORD_CHARS: usize = 5;
/// A title of fewer tokens is too common a phrase to be evidence wherever it appears.
pub const MIN_TITLE_TOKENS: usize = 3;

/// The earliest hidden text holding a window or a code word, and what visible texts hold it.
pub struct Entry {
    pub rank: Rank,
    pub source: u32,
    /// The lowest rank of a visible text holding it ([`Rank::MAX`] for none yet).
    pub seen_from: AtomicI64,
    /// Visible texts holding it (code words only; stops counting at 2).
    pub holders: AtomicU32,
    /// Seen in a visible text that came after the hidden one: it may be evidence there.
    pub later: AtomicBool,
}

impl Entry {
    fn new(rank: Rank, source: u32) -> Entry {
        Entry {
            rank,
            source,
            seen_from: AtomicI64::new(Rank::MAX),
            holders: AtomicU32::new(0),
            later: AtomicBool::new(false),
        }
    }

    /// Seen in a visible text of `rank`: did that text come after the hidden one (may it be
    /// evidence there)?
    pub fn seen(&self, rank: Rank) -> bool {
        self.seen_from.fetch_min(rank, Ordering::Relaxed);
        rank > self.rank
    }

    /// Held by a visible text that came after the hidden one, and not as part of a title.
    pub fn mark_later(&self) {
        if !self.later.load(Ordering::Relaxed) {
            self.later.store(true, Ordering::Relaxed);
        }
    }

    /// Has a visible text that came after the hidden one held it?
    pub fn is_later(&self) -> bool {
        self.later.load(Ordering::Relaxed)
    }

    /// Can it no longer be evidence anywhere: held by a visible text that came no later than
    /// the hidden one, or (a code word) by two visible texts?
    pub fn is_settled(&self) -> bool {
        !self.is_evidence() || self.holders.load(Ordering::Relaxed) >= 2
    }

    /// Is a window with this entry evidence: does no visible text that came first hold it?
    pub fn is_evidence(&self) -> bool {
        self.rank < self.seen_from.load(Ordering::Relaxed)
    }
}

/// A hidden title, as tokens.
pub struct Title {
    pub tokens: Vec<u64>,
    pub source: u32,
}

/// Hash-keyed entries with a filter in front: most lookups are answered by one bit test.
#[derive(Default)]
pub struct Table {
    at: HashedMap<u64, u32>,
    pub entries: Vec<Entry>,
    bits: Bits,
}

impl Table {
    fn build(found: Vec<Found>) -> Table {
        let mut table = Table::default();
        table.at.reserve(found.len());
        for (hash, rank, source) in found {
            match table.at.get(&hash) {
                Some(&i) => {
                    let entry = &mut table.entries[i as usize];
                    if (rank, source) < (entry.rank, entry.source) {
                        (entry.rank, entry.source) = (rank, source);
                    }
                }
                None => {
                    table.at.insert(hash, table.entries.len() as u32);
                    table.entries.push(Entry::new(rank, source));
                }
            }
        }
        table.bits = Bits::with(table.at.keys().copied());
        table
    }

    pub fn get(&self, hash: u64) -> Option<&Entry> {
        if !self.bits.may_contain(hash) {
            return None;
        }
        self.at.get(&hash).map(|&i| &self.entries[i as usize])
    }

    /// Never evidence: text a reviewer allowed.
    fn allow(&mut self, hash: u64) {
        if let Some(&i) = self.at.get(&hash) {
            self.entries[i as usize].rank = Rank::MAX;
        }
    }

    fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A window or code word found in hidden text: its hash, the text's rank and source.
type Found = (u64, Rank, u32);

/// Everything hidden, compiled.
pub struct Hidden {
    pub windows: Table,
    pub code_words: Table,
    pub titles: Vec<Title>,
    /// The hash of a title's first [`MIN_TITLE_TOKENS`] tokens → titles starting so.
    title_keys: HashedMap<u64, Vec<u32>>,
    title_bits: Bits,
}

/// The hash a code word is known by: its tokens, combined when there are several.
pub fn code_word_hash(tokens: &[Token]) -> u64 {
    match tokens {
        [one] => one.hash,
        many => tokens::combine(many) ^ 0x5bd1_e995,
    }
}

/// Is this group of glued tokens shaped like a coined word: a code word (`KESTREL`,
/// `KX-7741`), a document symbol (`IACDC/77/INF.3`), an acronym or a product name — with a
/// digit or at least two capitals, and at least [`MIN_CODE_WORD_CHARS`] characters?
///
/// Dictionary-shaped words (lower case, or capitalised at most once) never are: measured on
/// the demo at seven instants from before its first meeting to after its last, the plain
/// rule ("a word of 7+ letters that hidden text has and exactly one visible text") flagged 60
/// distinct words, every one an ordinary word (`specific`, `Spanish`, `compartidos`,
/// `الحكومات`); a small site has few texts, so most words are rare in it. None of them had a
/// coined shape. Names written as ordinary words are left to the title and run rules.
pub fn is_code_word(tokens: &[Token], text: &str) -> bool {
    // Most words are neither: answered from the first token alone.
    if let [one] = tokens {
        if !one.digits && one.capitals < 2 {
            return false;
        }
    }
    let letters = tokens.iter().any(|t| t.letters && !t.unspaced);
    let coined = tokens.iter().any(|t| t.digits)
        || tokens.iter().map(|t| u32::from(t.capitals)).sum::<u32>() >= 2;
    if !letters || !coined {
        return false;
    }
    let (start, end) = (
        tokens[0].start as usize,
        tokens[tokens.len() - 1].end as usize,
    );
    text[start..end].chars().count() >= MIN_CODE_WORD_CHARS
}

fn title_key(tokens: impl Iterator<Item = u64>) -> u64 {
    tokens
        .take(MIN_TITLE_TOKENS)
        .fold(0x51_7cc1_b727_220a_u64, |h, t| {
            h.wrapping_mul(0x9fb2_1c65_1e98_df25) ^ t
        })
}

impl Hidden {
    /// Compile the hidden texts. `visible_titles` are hashes of every visible title's tokens
    /// (a hidden title equal to one is no evidence); `allowed` the `[guard] allow` texts.
    pub fn compile(
        texts: &[HiddenText<'_>],
        ranks: &[Rank],
        visible_titles: &HashSet<u64>,
        allowed: &[String],
    ) -> Hidden {
        let read: Vec<(Vec<Found>, Vec<Found>, Option<Title>)> = texts
            .par_iter()
            .map_init(Vec::new, |toks, hidden| {
                let rank = ranks[hidden.source as usize];
                read_hidden(hidden, toks);
                let mut windows = Vec::with_capacity(toks.len());
                tokens::windows(toks, |w| windows.push((w.hash, rank, hidden.source)));
                let mut words = Vec::new();
                tokens::code_words(toks, |a, b| {
                    if is_code_word(&toks[a..b], hidden.text) {
                        words.push((code_word_hash(&toks[a..b]), rank, hidden.source));
                    }
                });
                let title = (hidden.is_title && toks.len() >= MIN_TITLE_TOKENS)
                    .then(|| Title {
                        tokens: toks.iter().map(|t| t.hash).collect(),
                        source: hidden.source,
                    })
                    .filter(|t| !visible_titles.contains(&sequence_hash(&t.tokens)));
                (windows, words, title)
            })
            .collect();
        let mut all_windows = Vec::new();
        let mut all_words = Vec::new();
        let mut titles = Vec::new();
        for (windows, words, title) in read {
            all_windows.extend(windows);
            all_words.extend(words);
            titles.extend(title);
        }
        let (mut windows, mut code_words) =
            rayon::join(|| Table::build(all_windows), || Table::build(all_words));
        let mut toks = Vec::new();
        let mut allowed_titles = HashSet::new();
        for text in allowed {
            tokens::tokens(text, &mut toks);
            tokens::windows(&toks, |w| windows.allow(w.hash));
            tokens::code_words(&toks, |a, b| code_words.allow(code_word_hash(&toks[a..b])));
            allowed_titles.insert(sequence_hash(
                &toks.iter().map(|t| t.hash).collect::<Vec<_>>(),
            ));
        }
        titles.retain(|t| !allowed_titles.contains(&sequence_hash(&t.tokens)));
        titles.sort_by(|a, b| (a.source, &a.tokens).cmp(&(b.source, &b.tokens)));
        titles.dedup_by(|a, b| a.tokens == b.tokens);
        let mut title_keys: HashedMap<u64, Vec<u32>> = HashedMap::default();
        for (i, title) in titles.iter().enumerate() {
            title_keys
                .entry(title_key(title.tokens.iter().copied()))
                .or_default()
                .push(i as u32);
        }
        let title_bits = Bits::with(title_keys.keys().copied());
        Hidden {
            windows,
            code_words,
            titles,
            title_keys,
            title_bits,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.windows.is_empty() && self.code_words.is_empty() && self.titles.is_empty()
    }

    /// The rank of the earliest hidden text a window or code word is kept for: a visible
    /// text of this rank or lower is never evidence of one.
    pub fn earliest_rank(&self) -> Rank {
        let entries = self.windows.entries.iter().chain(&self.code_words.entries);
        entries.map(|e| e.rank).min().unwrap_or(Rank::MAX)
    }

    /// Count the theme's and the site's fixed words as seen in visible text, twice: a code
    /// word the theme has is never distinctive.
    pub fn seen_in_fixed(&self, hash: u64) {
        if let Some(entry) = self.code_words.get(hash) {
            entry.seen(FIXED);
            entry.holders.store(2, Ordering::Relaxed);
        }
    }

    /// The hidden titles whose first [`MIN_TITLE_TOKENS`] tokens may be `first` (their
    /// hashes): compare them to be sure.
    pub fn titles_starting(&self, first: impl Iterator<Item = u64>) -> &[u32] {
        let key = title_key(first);
        if !self.title_bits.may_contain(key) {
            return &[];
        }
        self.title_keys.get(&key).map_or(&[], Vec::as_slice)
    }

    /// The hidden titles that start at token `at` of `toks`, each with its length.
    pub fn titles_at(&self, toks: &[Token], at: usize, mut found: impl FnMut(u32, usize)) {
        let Some(first) = toks.get(at..at + MIN_TITLE_TOKENS) else {
            return;
        };
        for &i in self.titles_starting(first.iter().map(|t| t.hash)) {
            let title = &self.titles[i as usize];
            let Some(run) = toks.get(at..at + title.tokens.len()) else {
                continue;
            };
            if tokens::unbroken(run) && run.iter().zip(&title.tokens).all(|(t, h)| t.hash == *h) {
                found(i, title.tokens.len());
            }
        }
    }
}

/// The tokens of a hidden text, as the check knows it by: a body without the text of its
/// links to other content (that names what it links to, it is not the body's own words).
pub fn read_hidden(text: &HiddenText<'_>, toks: &mut Vec<Token>) {
    if text.is_body {
        tokens::tokens_without_links(text.text, toks);
    } else {
        tokens::tokens(text.text, toks);
    }
}

/// One hash of a whole sequence of token hashes (titles compared whole).
pub fn sequence_hash(tokens: &[u64]) -> u64 {
    tokens.iter().fold(tokens.len() as u64, |h, t| {
        h.wrapping_mul(0x9fb2_1c65_1e98_df25) ^ t
    })
}
