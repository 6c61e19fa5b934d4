//! Visible texts that came first, read only where they may matter.
//!
//! A visible text dated no later than every hidden text can never be evidence of a run or a
//! code word ([`super::texts::Rank`]); it matters only if it holds a hidden title (titles
//! count wherever they appear), or one of the windows and code words that a later visible
//! text holds (it then shows that text was public first). On an archive these texts are
//! most of what an audience sees, and most hold none of that: a text is read only if it
//! holds a fragment of one, byte for byte (ASCII case aside), found by one multi-pattern
//! search, which is many times faster than reading it token by token.
//!
//! A fragment is part of a token written in characters that fold only to themselves (ASCII
//! letters and digits up to case, Chinese, Arabic) — a token of visible text equal to the
//! hidden one after folding holds the same bytes there. The two characters that fold to
//! ASCII from outside it (the Kelvin sign, a capital I with a dot) are searched for too.
//! Where a title, window or code word has no such fragment (a title all in Cyrillic
//! capitals and small letters), every early text is read.

use aho_corasick::AhoCorasick;
use rayon::prelude::*;

use super::chars::classify;
use super::hidden::{code_word_hash, is_code_word, read_hidden, Entry, Hidden, MIN_TITLE_TOKENS};
use super::observe;
use super::texts::{HiddenText, Texts, FIXED};
use super::tokens::{self, Token};

/// Characters outside ASCII whose lower case is ASCII (checked over every character in the
/// tests): a token holding one folds to ASCII bytes it does not hold.
const FOLD_TO_ASCII: [&str; 2] = ["\u{130}", "\u{212A}"];

/// The early texts that may hold evidence (a hidden title), of those at `early`: read in
/// rounds from the latest, each round only those holding a fragment of what is still
/// unsettled. A window a later text shares with the hidden one is usually boilerplate that
/// the first early texts read show was public first; it is then no longer searched for.
pub fn suspects(hidden: &Hidden, texts: &Texts<'_>, early: Vec<usize>) -> Vec<usize> {
    let observe = |&i: &usize| observe::observe(hidden, &texts.visible[i]).then_some(i);
    // Theme, site and meeting strings are few and always read: they count code words.
    let (fixed, mut rest): (Vec<usize>, Vec<usize>) = early
        .into_iter()
        .partition(|&i| texts.visible[i].rank == FIXED);
    let mut suspects: Vec<usize> = fixed.par_iter().filter_map(observe).collect();
    rest.sort_by_key(|&i| std::cmp::Reverse(texts.visible[i].rank));
    // Finding the fragments reads every hidden text again: worth it only when the early
    // texts are many times more (the usual case: a meeting's briefings against the archive).
    let bytes = |texts: &mut dyn Iterator<Item = &str>| texts.map(str::len).sum::<usize>();
    let hidden_bytes = bytes(&mut texts.hidden.iter().map(|t| t.text));
    let early_bytes = bytes(&mut rest.iter().map(|&i| texts.visible[i].text));
    let fragments = if hidden_bytes.saturating_mul(4) < early_bytes {
        Fragments::new(hidden, &texts.hidden)
    } else {
        Fragments { of: None }
    };
    let mut round = 1024;
    let mut from = 0;
    let mut filter = (usize::MAX, Filter::All);
    while from < rest.len() {
        let to = (from + round).min(rest.len());
        // Rebuilt when something was settled by the last round.
        let unsettled = fragments.unsettled();
        if unsettled != filter.0 {
            filter = (unsettled, fragments.filter());
        }
        suspects.par_extend(
            rest[from..to]
                .par_iter()
                .filter(|&&i| filter.1.passes(texts.visible[i].text))
                .filter_map(observe),
        );
        (from, round) = (to, round * 2);
    }
    suspects
}

/// What the early texts may matter for, each with a fragment to search for: every hidden
/// title, and the windows and code words seen in a later visible text (marked by the first
/// pass). `None`: something has no fragment, and every early text is read.
struct Fragments<'h, 't> {
    /// The titles' fragments, and each window's or code word's.
    of: Option<(Vec<&'t str>, Later<'h, 't>)>,
}

type Later<'h, 't> = Vec<(&'h Entry, &'t str)>;

impl<'h, 't> Fragments<'h, 't> {
    fn new(hidden: &'h Hidden, texts: &[HiddenText<'t>]) -> Fragments<'h, 't> {
        type Found<'h, 't> = (Vec<&'t str>, Later<'h, 't>);
        let found: Option<Vec<Found<'h, 't>>> = texts
            .par_iter()
            .map_init(Vec::new, |toks, text| {
                read_hidden(text, toks);
                let mut titles = Vec::new();
                if text.is_title && toks.len() >= MIN_TITLE_TOKENS && !hidden.titles.is_empty() {
                    titles.push(fragment(text.text, toks)?);
                }
                let mut later = Vec::new();
                let mut missing = false;
                let mut take = |entry: Option<&'h Entry>, run: &[Token]| {
                    if let Some(entry) = entry.filter(|e| e.is_later()) {
                        match fragment(text.text, run) {
                            Some(f) => later.push((entry, f)),
                            None => missing = true,
                        }
                    }
                };
                tokens::windows(toks, |w| {
                    take(hidden.windows.get(w.hash), &toks[w.first..w.first + w.len]);
                });
                tokens::code_words(toks, |a, b| {
                    let word = &toks[a..b];
                    if is_code_word(word, text.text) {
                        take(hidden.code_words.get(code_word_hash(word)), word);
                    }
                });
                (!missing).then_some((titles, later))
            })
            .collect();
        let of = found.map(|found| {
            let (mut titles, mut later): Found<'h, 't> = (Vec::new(), Vec::new());
            for (t, l) in found {
                titles.extend(t);
                later.extend(l);
            }
            titles.sort_unstable();
            titles.dedup();
            (titles, later)
        });
        Fragments { of }
    }

    /// How many windows and code words are still to be looked for.
    fn unsettled(&self) -> usize {
        self.of.as_ref().map_or(0, |(_, later)| {
            later.iter().filter(|(e, _)| !e.is_settled()).count()
        })
    }

    /// Which early texts to read now.
    fn filter(&self) -> Filter {
        let Some((titles, later)) = &self.of else {
            return Filter::All;
        };
        let mut fragments: Vec<&str> = titles.clone();
        fragments.extend(
            later
                .iter()
                .filter(|(e, _)| !e.is_settled())
                .map(|(_, f)| *f),
        );
        fragments.sort_unstable();
        fragments.dedup();
        Filter::holding(&fragments).unwrap_or(Filter::All)
    }
}

/// Which early texts to read.
enum Filter {
    /// Those holding one of these fragments: the ones without an ASCII letter byte for
    /// byte, the others ASCII case aside.
    Holding {
        exact: Option<AhoCorasick>,
        cased: Option<AhoCorasick>,
    },
    /// Every one.
    All,
}

impl Filter {
    /// A filter for `fragments`; `None` if too large to build.
    ///
    /// Fragments without an ASCII letter (the digits of a document symbol, Chinese, Arabic)
    /// are searched for byte for byte: that search skips ahead with SIMD, where one that
    /// ignores case walks every byte, and the archive's older texts are most of what a
    /// build reads here (at the nightly instant of the 10,000-document corpus, 185 MB).
    fn holding(fragments: &[&str]) -> Option<Filter> {
        let (cased, exact): (Vec<&str>, Vec<&str>) = fragments
            .iter()
            .partition(|f| f.bytes().any(|b| b.is_ascii_alphabetic()));
        let exact = match exact.is_empty() {
            true => None,
            false => Some(AhoCorasick::new(&exact).ok()?),
        };
        let cased = match cased.is_empty() {
            true => None,
            false => {
                let mut cased = cased;
                cased.extend(FOLD_TO_ASCII);
                Some(
                    AhoCorasick::builder()
                        .ascii_case_insensitive(true)
                        .build(&cased)
                        .ok()?,
                )
            }
        };
        Some(Filter::Holding { exact, cased })
    }

    /// Must `text` be read?
    fn passes(&self, text: &str) -> bool {
        match self {
            Filter::Holding { exact, cased } => [exact, cased]
                .into_iter()
                .flatten()
                .any(|fragments| fragments.is_match(text)),
            Filter::All => true,
        }
    }
}

/// The most distinctive fragment of `run`: its longest stretch of self-folding characters
/// in one token, one with a digit first (a document symbol is rarer than a word). Of a
/// stretch that mixes ASCII letters and digits (`D009992`), the digits (`009992`) when
/// there are at least [`MIN_DIGITS`] of them: as rare, and searched for byte for byte.
fn fragment<'t>(text: &'t str, run: &[Token]) -> Option<&'t str> {
    let mut best: Option<(bool, usize, &str)> = None;
    for token in run {
        let word = &text[token.start as usize..token.end as usize];
        let mut start = None;
        for (at, c) in word.char_indices().chain([(word.len(), ' ')]) {
            match (folds_to_itself(c) && at < word.len(), start) {
                (true, None) => start = Some(at),
                (false, Some(from)) => {
                    let piece = without_letters(&word[from..at]);
                    let score = (piece.bytes().any(|b| b.is_ascii_digit()), piece.len());
                    if best.is_none_or(|(d, l, _)| score > (d, l)) {
                        best = Some((score.0, score.1, piece));
                    }
                    start = None;
                }
                _ => {}
            }
        }
    }
    best.map(|(_, _, piece)| piece)
}

/// Digits in a row that make a fragment on their own.
const MIN_DIGITS: usize = 4;

/// The longest run of ASCII digits in `piece` if it has letters too and the run is at
/// least [`MIN_DIGITS`] long; else `piece`.
fn without_letters(piece: &str) -> &str {
    if !piece.bytes().any(|b| b.is_ascii_alphabetic()) {
        return piece;
    }
    piece
        .split(|c: char| !c.is_ascii_digit())
        .max_by_key(|digits| digits.len())
        .filter(|digits| digits.len() >= MIN_DIGITS)
        .unwrap_or(piece)
}

/// Does every character that folds as `c` does have `c`'s bytes (ASCII case aside, and but
/// for [`FOLD_TO_ASCII`])?
fn folds_to_itself(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    let class = classify(c);
    class.alphanumeric && class.lower == c && !c.is_lowercase() && !c.is_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_listed_characters_fold_into_a_self_folding_one() {
        let mut into: Vec<char> = Vec::new();
        for c in ('\u{80}'..='\u{D7FF}').chain('\u{E000}'..='\u{10FFFF}') {
            let class = classify(c);
            if class.alphanumeric && class.lower != c && folds_to_itself(class.lower) {
                into.push(c);
            }
        }
        let listed: Vec<char> = FOLD_TO_ASCII.iter().flat_map(|s| s.chars()).collect();
        assert_eq!(into, listed);
    }

    #[test]
    fn a_fragment_is_the_rarest_looking_self_folding_stretch() {
        fn pick(text: &str) -> Option<&str> {
            let mut toks = Vec::new();
            tokens::tokens(text, &mut toks);
            fragment(text, &toks)
        }
        assert_eq!(pick("Document D009992: Survey resilience"), Some("009992"));
        assert_eq!(pick("Annex A12 of the report"), Some("A12"));
        assert_eq!(
            pick("Host arrangements for the meeting"),
            Some("arrangements")
        );
        assert_eq!(pick("Évaluation économique"), Some("valuation"));
        assert_eq!(pick("文件 专家移民"), Some("文"));
        assert_eq!(pick("وثيقة اعتماد"), Some("اعتماد"));
        assert_eq!(pick("Доклад Комитета"), None);
    }

    #[test]
    fn text_holding_a_fragment_in_another_case_passes() {
        let filter = Filter::holding(&["009992", "valuation", "kestrel", "草案"]).expect("builds");
        assert!(filter.passes("see D009992 below"));
        assert!(filter.passes("ÉVALUATION"));
        assert!(filter.passes("\u{212A}ESTREL"));
        assert!(filter.passes("决议草案"));
        assert!(!filter.passes("nothing of it here, d00999 2, 草 案"));
        assert!(!Filter::holding(&[]).expect("builds").passes("anything"));
    }

    #[test]
    fn without_letters_only_fragments_searched_byte_for_byte() {
        let filter = Filter::holding(&["009992", "草案"]).expect("builds");
        assert!(matches!(
            &filter,
            Filter::Holding {
                exact: Some(_),
                cased: None
            }
        ));
        // The characters folding to ASCII letters matter only to fragments with letters.
        assert!(!filter.passes("\u{212A}ESTREL \u{130}"));
        assert!(filter.passes("symbol 009992"));
    }
}
