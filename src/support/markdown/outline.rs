//! What a Markdown file holds that others may point at or that must be checked: its
//! headings with unique ids, its other anchors, its links, and where it nests too deep or
//! leaves raw HTML open.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::raw_html::{OpenElements, Unclosed};
use super::{is_inline, options, slugify};

/// What a Markdown file contains that other files can refer to or that must be checked.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// Headings in order; `id` is unique within the file.
    pub headings: Vec<Heading>,
    /// The other ids the page gives that a link may point at: footnotes (their labels) and,
    /// in a transcript, every turn (`turn-1`, `turn-2`…).
    pub anchors: Vec<String>,
    /// Every link and image destination, with the byte offset it appears at in the body.
    pub links: Vec<(String, usize)>,
    /// Byte offset where nesting (lists, quotes, emphasis…) first goes deeper than
    /// [`MAX_NESTING`], if it does.
    pub too_deep_at: Option<usize>,
    /// A comment or raw-text element (`<!--`, `script`, `style`…) the body opens and never
    /// closes, and the byte offset of the raw HTML that opens it: the rest of the page
    /// would vanish into it.
    pub unclosed: Option<(usize, Unclosed)>,
}

/// How deeply blocks and inlines may nest. Real documents stay under ten; the HTML
/// sanitizer and minifier recurse per level, so a pathological file could exhaust the stack.
pub const MAX_NESTING: usize = 48;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
}

impl Outline {
    pub fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id) || self.anchors.iter().any(|a| a == id)
    }
}

/// Headings and links of a Markdown body.
pub fn outline(body: &str) -> Outline {
    let events: Vec<_> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    outline_of(&events)
}

pub(super) fn outline_of(events: &[(Event<'_>, Range<usize>)]) -> Outline {
    let mut outline = Outline::default();
    let mut ids = IdAllocator::default();
    let mut in_heading: Option<(u8, Option<String>, String)> = None;
    let mut depth = 0usize;
    let mut raw_html = OpenElements::default();
    // What raw HTML has left open (a comment, a raw-text element, a tag) and where.
    let mut open_construct: Option<(usize, Unclosed)> = None;
    for (event, range) in events {
        match event {
            Event::Start(tag) => {
                depth += 1;
                // A comment or `<style>` may hold text within its paragraph or HTML block;
                // a new block inside it would vanish.
                if raw_html.swallowing() && !is_inline(tag) {
                    outline.unclosed = outline.unclosed.take().or(open_construct.clone());
                }
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                // A tag may span the lines of an HTML block, not run past its end.
                if *end == TagEnd::HtmlBlock && raw_html.in_tag() {
                    outline.unclosed = outline.unclosed.take().or(open_construct.clone());
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let was_open = raw_html.open_construct().is_some();
                raw_html.feed(html);
                open_construct = match (was_open, raw_html.open_construct()) {
                    (false, Some(what)) => Some((range.start, what)),
                    (_, None) => None,
                    (true, Some(_)) => open_construct.take(),
                };
                if matches!(event, Event::InlineHtml(_)) && raw_html.in_tag() {
                    outline.unclosed = outline.unclosed.take().or(open_construct.clone());
                }
            }
            _ => {}
        }
        if depth + raw_html.depth() > MAX_NESTING && outline.too_deep_at.is_none() {
            outline.too_deep_at = Some(range.start);
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                in_heading = Some((
                    level_number(*level),
                    id.as_ref().map(|s| s.to_string()),
                    String::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text)) = in_heading.take() {
                    let id = ids.allocate(explicit.unwrap_or_else(|| slugify(&text)));
                    outline.headings.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        id,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = &mut in_heading {
                    text.push_str(t);
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                outline.links.push((dest_url.to_string(), range.start));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                outline.anchors.push(label.to_string());
            }
            _ => {}
        }
    }
    // Anything still open at the end swallows the rest of the page.
    outline.unclosed = outline.unclosed.or(open_construct);
    outline
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Hands out unique ids within one page: repeats get `-1`, `-2`, …
#[derive(Default)]
pub(crate) struct IdAllocator {
    used: BTreeMap<String, usize>,
}

impl IdAllocator {
    pub(crate) fn allocate(&mut self, base: String) -> String {
        let count = self.used.entry(base.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            base
        } else {
            let id = format!("{base}-{}", *count - 1);
            self.used.insert(id.clone(), 1);
            id
        }
    }
}
