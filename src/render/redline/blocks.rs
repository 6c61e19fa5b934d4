//! A Markdown body as a redline compares it: a sequence of blocks (headings, paragraphs,
//! list items, table rows, code), each with the text a reader sees.

use std::fmt::Write;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::MARK;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Kind {
    Heading(u8),
    Paragraph,
    Item,
    /// A table row; `true` for the header row.
    Row(bool),
    Code,
}

impl Kind {
    pub(super) fn is_row(self) -> bool {
        matches!(self, Kind::Row(_))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct Block {
    pub(super) kind: Kind,
    /// A row's cells joined by ` | `.
    pub(super) text: String,
    /// A row's cells (empty for other blocks).
    pub(super) cells: Vec<String>,
}

impl Block {
    /// The block as HTML around `inner` (escaped text, perhaps with `<ins>`/`<del>`).
    pub(super) fn write(&self, html: &mut String, inner: &str) {
        let _ = match self.kind {
            Kind::Heading(level) => write!(html, "<h{level}>{inner}</h{level}>"),
            Kind::Paragraph => write!(html, "<p>{inner}</p>"),
            Kind::Item => write!(html, "<p class=\"item\">{inner}</p>"),
            Kind::Row(_) => unreachable!("rows are written by `table`"),
            Kind::Code => write!(html, "<pre><code>{inner}</code></pre>"),
        };
    }
}

/// The blocks of a Markdown body, with their text as a reader sees it.
pub(super) fn blocks(body: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    let mut flush = |current: &mut Option<Block>| {
        if let Some(mut block) = current.take() {
            if block.kind.is_row() {
                block.text = block.cells.join(" | ");
            } else if block.kind != Kind::Code {
                block.text = block.text.split_whitespace().collect::<Vec<_>>().join(" ");
            }
            if !block.text.trim().is_empty() {
                out.push(block);
            }
        }
    };
    let start = |current: &mut Option<Block>, kind: Kind| {
        *current = Some(Block {
            kind,
            text: String::new(),
            cells: Vec::new(),
        });
    };
    for event in crate::support::markdown::events(body) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current);
                start(&mut current, Kind::Heading(level as u8));
            }
            Event::Start(Tag::Item) => {
                flush(&mut current);
                start(&mut current, Kind::Item);
            }
            // A loose list item's first paragraph is the item itself.
            Event::Start(Tag::Paragraph)
                if current
                    .as_ref()
                    .is_some_and(|b| b.kind == Kind::Item && b.text.is_empty()) => {}
            Event::Start(Tag::Paragraph) => {
                flush(&mut current);
                start(&mut current, Kind::Paragraph);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                flush(&mut current);
                start(&mut current, Kind::Code);
            }
            Event::Start(Tag::TableHead) => {
                flush(&mut current);
                start(&mut current, Kind::Row(true));
            }
            Event::Start(Tag::TableRow) => {
                flush(&mut current);
                start(&mut current, Kind::Row(false));
            }
            // A cell's text is collected in `text`, then moved into `cells`.
            Event::End(TagEnd::TableCell) => {
                if let Some(block) = current.as_mut() {
                    let cell = block.text.split_whitespace().collect::<Vec<_>>().join(" ");
                    block.cells.push(cell);
                    block.text.clear();
                }
            }
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => flush(&mut current),
            Event::Text(text) => {
                let block = current.get_or_insert_with(|| Block {
                    kind: Kind::Paragraph,
                    text: String::new(),
                    cells: Vec::new(),
                });
                block.text.push_str(&text);
            }
            Event::Code(text) => {
                if let Some(block) = current.as_mut() {
                    block.text.push(MARK);
                    block.text.push_str(&text);
                    block.text.push(MARK);
                }
            }
            Event::SoftBreak => {
                if let Some(block) = current.as_mut() {
                    block.text.push(' ');
                }
            }
            // Not links and images: one to something the audience cannot see is plain text
            // on the page, and the redline must not differ by whether it was a link (that
            // would tell a hidden document exists; `tests/properties.rs` checks it).
            Event::HardBreak
            | Event::InlineHtml(_)
            | Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {
                if let Some(block) = current.as_mut() {
                    block.text.push(MARK);
                }
            }
            _ => {}
        }
    }
    flush(&mut current);
    out
}
