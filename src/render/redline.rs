//! Redlines: what changed from one version of a document to the next, as HTML in which
//! removed text is `<del>` and added text `<ins>`.
//!
//! Both versions are read as a sequence of blocks (headings, paragraphs, list items, table
//! rows, code), the blocks are compared first, and each changed paragraph is then compared
//! word by word — character by character in scripts written without spaces, where a
//! "word" would be a whole phrase. The comparison is of the text a reader sees: Markdown
//! markup, link targets and raw HTML are not part of it.
//!
//! Both texts are visible to the audience the page is built for (the plan makes a redline
//! only between two versions it may see), so nothing here can show more than the version
//! pages do.

use std::fmt::Write;

use similar::{capture_diff_slices, Algorithm, DiffOp};

use crate::support::language::written_without_spaces;

mod blocks;
use crate::support::xml::escape;
use blocks::{blocks, Block, Kind};

/// Above this many blocks (or tokens in a pair of paragraphs), the comparison keeps the
/// common beginning and end and marks the middle as replaced: a diff's cost grows with the
/// product of the sizes, and a build must finish on any input.
const MAX_ITEMS: usize = 20_000;

/// Where the page has markup between two pieces of text (emphasis, code, a line break), the
/// redline has `<wbr>`: invisible, but what joins text in the redline is then exactly what
/// joins it in the Markdown — which the leak guard relies on when it reads visible text from
/// the sources (text joined only here would be a run found nowhere it may look).
const MARK: char = '\u{1f}';

/// `text` escaped for HTML, its marks as `<wbr>`.
fn html_text(text: &str) -> String {
    text.split(MARK)
        .map(escape)
        .collect::<Vec<_>>()
        .join("<wbr>")
}

/// A redline and how much it changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Redline {
    pub html: String,
    /// Words (characters of unspaced scripts) added and removed.
    pub inserted: usize,
    pub deleted: usize,
    /// Whether anything at all is marked (punctuation counts no words).
    pub changed: bool,
}

/// The redline from `old` to `new` (Markdown bodies).
pub fn redline(old: &str, new: &str) -> Redline {
    let (mut old, mut new) = (blocks(old), blocks(new));
    // The body's top heading level becomes `<h2>`, under the page's own `<h1>` (both
    // versions alike, so equal headings stay equal).
    let top = old
        .iter()
        .chain(&new)
        .filter_map(|b| match b.kind {
            Kind::Heading(level) => Some(level),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    for block in old.iter_mut().chain(new.iter_mut()) {
        if let Kind::Heading(level) = &mut block.kind {
            *level = (*level + 2 - top).min(6);
        }
    }
    let mut shown = Vec::new();
    for op in diff(&old, &new) {
        let (old, new) = (&old[op.old_range()], &new[op.new_range()]);
        match op {
            DiffOp::Equal { .. } => shown.extend(old.iter().map(Shown::Same)),
            DiffOp::Delete { .. } => shown.extend(old.iter().map(Shown::Deleted)),
            DiffOp::Insert { .. } => shown.extend(new.iter().map(Shown::Inserted)),
            DiffOp::Replace { .. } => {
                // Blocks edited in place pair up one to one; what is left over was removed
                // or added whole.
                let paired = old
                    .iter()
                    .zip(new)
                    .take_while(|(o, n)| o.kind == n.kind)
                    .count();
                shown.extend(
                    old.iter()
                        .zip(new)
                        .take(paired)
                        .map(|(old, new)| Shown::Edited { old, new }),
                );
                shown.extend(old[paired..].iter().map(Shown::Deleted));
                shown.extend(new[paired..].iter().map(Shown::Inserted));
            }
        }
    }
    let mut out = Redline::default();
    let mut rest = shown.as_slice();
    while let Some(first) = rest.first() {
        // Runs of table rows make one table; runs of blocks added (or removed) whole, one
        // `<ins>` (or `<del>`).
        let run = 1 + rest[1..]
            .iter()
            .take_while(|s| first.groups_with(s))
            .count();
        let (group, after) = rest.split_at(run);
        match first {
            _ if first.block().kind.is_row() => table(&mut out, group),
            Shown::Inserted(_) | Shown::Deleted(_) => whole(&mut out, group),
            Shown::Same(block) => block.write(&mut out.html, &html_text(&block.text)),
            Shown::Edited { old, new } => {
                let inline = words(&old.text, &new.text, &mut out);
                new.write(&mut out.html, &inline);
            }
        }
        rest = after;
    }
    // Text is escaped, so these can only be the marks written here.
    out.changed = out.html.contains("<ins") || out.html.contains("<del");
    out
}

/// How a block of either version appears in the redline.
enum Shown<'b> {
    Same(&'b Block),
    Inserted(&'b Block),
    Deleted(&'b Block),
    Edited { old: &'b Block, new: &'b Block },
}

impl<'b> Shown<'b> {
    /// The block as it is now (or was, if deleted).
    fn block(&self) -> &'b Block {
        match *self {
            Shown::Same(b) | Shown::Inserted(b) | Shown::Deleted(b) => b,
            Shown::Edited { new, .. } => new,
        }
    }

    /// Is `other` written together with `self`: rows in one table, whole changes of one
    /// kind in one wrapper?
    fn groups_with(&self, other: &Shown<'_>) -> bool {
        if self.block().kind.is_row() {
            return other.block().kind.is_row();
        }
        !other.block().kind.is_row()
            && matches!(
                (self, other),
                (Shown::Inserted(_), Shown::Inserted(_)) | (Shown::Deleted(_), Shown::Deleted(_))
            )
    }
}

/// Blocks added or removed whole, all one or all the other.
fn whole(out: &mut Redline, group: &[Shown<'_>]) {
    let tag = match group[0] {
        Shown::Inserted(_) => "ins",
        _ => "del",
    };
    let _ = write!(out.html, "<{tag} class=\"block\">");
    for shown in group {
        let block = shown.block();
        let counted = words_in(&block.text);
        match shown {
            Shown::Inserted(_) => out.inserted += counted,
            _ => out.deleted += counted,
        }
        block.write(&mut out.html, &html_text(&block.text));
    }
    let _ = write!(out.html, "</{tag}>");
}

/// A run of table rows as one table: rows added or removed whole are marked cell by cell,
/// rows edited in place are compared cell by cell.
fn table(out: &mut Redline, rows: &[Shown<'_>]) {
    out.html.push_str("<table><tbody>");
    let row = |out: &mut Redline, block: &Block, class: &str, cells: Vec<String>| {
        let cell = if block.kind == Kind::Row(true) {
            "th"
        } else {
            "td"
        };
        let _ = write!(out.html, "<tr{class}>");
        for inner in cells {
            let _ = write!(out.html, "<{cell}>{inner}</{cell}>");
        }
        out.html.push_str("</tr>");
    };
    let marked = |tag: &str, block: &Block, count: &mut usize| -> Vec<String> {
        *count += words_in(&block.text);
        block
            .cells
            .iter()
            .map(|c| format!("<{tag}>{}</{tag}>", html_text(c)))
            .collect()
    };
    for shown in rows {
        match *shown {
            Shown::Same(b) => row(out, b, "", b.cells.iter().map(|c| html_text(c)).collect()),
            Shown::Inserted(b) => {
                let cells = marked("ins", b, &mut out.inserted);
                row(out, b, " class=\"inserted\"", cells);
            }
            Shown::Deleted(b) => {
                let cells = marked("del", b, &mut out.deleted);
                row(out, b, " class=\"deleted\"", cells);
            }
            Shown::Edited { old, new } if old.cells.len() == new.cells.len() => {
                let cells = old
                    .cells
                    .iter()
                    .zip(&new.cells)
                    .map(|(o, n)| words(o, n, out))
                    .collect();
                row(out, new, "", cells);
            }
            Shown::Edited { old, new } => {
                let cells = marked("del", old, &mut out.deleted);
                row(out, old, " class=\"deleted\"", cells);
                let cells = marked("ins", new, &mut out.inserted);
                row(out, new, " class=\"inserted\"", cells);
            }
        }
    }
    out.html.push_str("</tbody></table>");
}

/// How many words (characters of unspaced scripts) `text` holds.
fn words_in(text: &str) -> usize {
    tokens(text).iter().filter(|t| t.is_word()).count()
}

/// A piece of text the word-level comparison treats as one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Token<'t> {
    text: &'t str,
    word: bool,
}

impl Token<'_> {
    fn is_word(&self) -> bool {
        self.word
    }
}

/// Words (runs of letters and digits), single characters of unspaced scripts, runs of
/// whitespace, and single other characters (punctuation).
fn tokens(text: &str) -> Vec<Token<'_>> {
    #[derive(PartialEq)]
    enum Class {
        Word,
        Space,
        Alone,
    }
    let class = |c: char| {
        if written_without_spaces(c) {
            Class::Alone
        } else if c.is_alphanumeric() {
            Class::Word
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Alone
        }
    };
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let kind = class(c);
        let mut end = start + c.len_utf8();
        if kind != Class::Alone {
            while let Some(&(i, next)) = chars.peek() {
                if class(next) != kind {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
        }
        out.push(Token {
            text: &text[start..end],
            word: kind == Class::Word || (kind == Class::Alone && c.is_alphanumeric()),
        });
    }
    out
}

/// `old` changed into `new`, word by word, as escaped HTML; counts what changed into `out`.
fn words(old: &str, new: &str, out: &mut Redline) -> String {
    let (old, new) = (tokens(old), tokens(new));
    let ops = diff(&old, &new);
    let mut html = String::new();
    // A change still open: the old and new tokens it spans so far. Changes separated only by
    // a space read as one ("<del>Preliminary figures</del><ins>Confirmed figures</ins>"),
    // not as a zip of single words.
    let mut open: Option<(Vec<Token<'_>>, Vec<Token<'_>>)> = None;
    for (i, op) in ops.iter().enumerate() {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        if let DiffOp::Equal { .. } = op {
            let kept = &old[old_range];
            let between_changes = open.is_some()
                && kept.iter().all(|t| t.text.trim().is_empty())
                && ops
                    .get(i + 1)
                    .is_some_and(|next| !matches!(next, DiffOp::Equal { .. }));
            if let (true, Some((o, n))) = (between_changes, open.as_mut()) {
                o.extend_from_slice(kept);
                n.extend_from_slice(kept);
                continue;
            }
            if let Some((o, n)) = open.take() {
                out.deleted += changed(&mut html, "del", &o);
                out.inserted += changed(&mut html, "ins", &n);
            }
            html.push_str(&html_text(&kept.iter().map(|t| t.text).collect::<String>()));
            continue;
        }
        let (o, n) = open.get_or_insert_with(Default::default);
        o.extend_from_slice(&old[old_range]);
        n.extend_from_slice(&new[new_range]);
    }
    if let Some((o, n)) = open {
        out.deleted += changed(&mut html, "del", &o);
        out.inserted += changed(&mut html, "ins", &n);
    }
    html
}

/// Write `tokens` inside `<tag>`; how many words they hold.
fn changed(html: &mut String, tag: &str, tokens: &[Token<'_>]) -> usize {
    if tokens.is_empty() {
        return 0;
    }
    let text: String = tokens.iter().map(|t| t.text).collect();
    if text.chars().all(|c| c == MARK) {
        // Only markup changed here: nothing to show as added or removed. Removed marks are
        // gone from the new text too; added ones stay, as they are in it.
        if tag == "ins" {
            html.push_str(&html_text(&text));
        }
        return 0;
    }
    let _ = write!(html, "<{tag}>{}</{tag}>", html_text(&text));
    tokens.iter().filter(|t| t.is_word()).count()
}

/// The edit script from `old` to `new`. Within [`MAX_ITEMS`] a real diff; beyond, the common
/// beginning and end kept and the middle replaced (exact, deterministic, linear).
fn diff<T: Eq + std::hash::Hash + Ord>(old: &[T], new: &[T]) -> Vec<DiffOp> {
    if old.len() <= MAX_ITEMS && new.len() <= MAX_ITEMS {
        return capture_diff_slices(Algorithm::Patience, old, new);
    }
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut ops = Vec::new();
    if prefix > 0 {
        ops.push(DiffOp::Equal {
            old_index: 0,
            new_index: 0,
            len: prefix,
        });
    }
    let (old_len, new_len) = (old.len() - prefix - suffix, new.len() - prefix - suffix);
    if old_len > 0 || new_len > 0 {
        ops.push(DiffOp::Replace {
            old_index: prefix,
            old_len,
            new_index: prefix,
            new_len,
        });
    }
    if suffix > 0 {
        ops.push(DiffOp::Equal {
            old_index: old.len() - suffix,
            new_index: new.len() - suffix,
            len: suffix,
        });
    }
    ops
}

#[cfg(test)]
mod tests;
