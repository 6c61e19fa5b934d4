//! Markdown → HTML with stable heading ids, resolved links and sanitized raw HTML.
//!
//! Loading calls [`outline`] once per file to learn its headings (anchor targets) and the
//! links it makes; rendering calls [`render`] with a resolver that knows the audience's view,
//! so a link to a document the audience cannot see is turned into its plain text.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

mod memo;
mod outline;
mod prepared;
mod raw_html;
mod text;
mod transcript;
pub mod wide;

pub use memo::{Memo, Rendering};
use outline::outline_of;
pub(crate) use outline::IdAllocator;
pub use outline::{outline, Heading, Outline, MAX_NESTING};
pub use prepared::Prepared;

pub use raw_html::Unclosed;
pub use text::plain_text;
pub use transcript::Speaker;

/// How a link destination is written in the rendered page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkOutput {
    /// Point the link at this URL.
    Url(String),
    /// Keep the link's text, drop the link (the target is hidden from this audience).
    TextOnly,
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The events of a body as every reader of its text takes them: parsed with [`options`], line
/// ends between Chinese characters dropped ([`wide`]). (Loading parses with offsets, for its
/// outline, and drops them after.)
pub(crate) fn events(body: &str) -> Vec<Event<'_>> {
    let mut events: Vec<Event> = Parser::new_ext(body, options()).collect();
    wide::drop_breaks(&mut events);
    events
}

/// A heading's anchor: lowercase, every run of characters that are not letters or digits
/// becomes one `-`. Letters of every script are kept, so Chinese and Arabic headings get
/// readable anchors too.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// The [`outline`] of a body and, parsed in the same pass, its HTML with links left open
/// ([`Prepared`]; `None` for a body that must be rendered per audience).
pub fn outline_and_prepare(body: &str, is_transcript: bool) -> (Outline, Option<Prepared>) {
    let parsed: Vec<_> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let mut outline = outline_of(&parsed);
    let mut events: Vec<Event> = parsed.into_iter().map(|(event, _)| event).collect();
    wide::drop_breaks(&mut events);
    let annotated = annotate(&mut events, is_transcript);
    outline.anchors.extend(annotated.turns.iter().cloned());
    let prepared = if annotated.sanitize {
        None
    } else {
        Prepared::new(events, annotated.speakers)
    };
    (outline, prepared)
}

/// Render a Markdown body to sanitized HTML. `resolve` maps each link or image destination
/// to what the page should contain; headings get the ids [`outline`] gives them.
///
/// Raw HTML can hide what follows it from the sanitizer (an unfinished tag, an unclosed
/// `<style>`); loading refuses the common shapes, and as a last check every heading must
/// keep its anchor: `Err` carries the text of the first heading lost.
pub fn render(body: &str, resolve: &dyn Fn(&str) -> LinkOutput) -> Result<String, String> {
    render_as(body, resolve, false).map(|(html, _)| html)
}

/// [`render`] a transcript: speaker turns anchored, procedural notes styled (see
/// [`transcript`]); also the speakers, each with the anchor of their first turn.
pub fn render_transcript(
    body: &str,
    resolve: &dyn Fn(&str) -> LinkOutput,
) -> Result<(String, Vec<Speaker>), String> {
    render_as(body, resolve, true)
}

fn render_as(
    body: &str,
    resolve: &dyn Fn(&str) -> LinkOutput,
    is_transcript: bool,
) -> Result<(String, Vec<Speaker>), String> {
    render_with(body, resolve, is_transcript, false)
}

/// [`render_as`]; `always_sanitize` sends even plain Markdown through the sanitizer (tests
/// compare both ways).
fn render_with(
    body: &str,
    resolve: &dyn Fn(&str) -> LinkOutput,
    is_transcript: bool,
    always_sanitize: bool,
) -> Result<(String, Vec<Speaker>), String> {
    let mut events = events(body);
    let Annotated {
        headings,
        speakers,
        sanitize,
        ..
    } = annotate(&mut events, is_transcript);
    let mut sanitize = sanitize || always_sanitize;

    // Links and images: rewrite destinations. Where the audience may not follow one, drop its
    // start and end tags so its text (an image's alt text) stays as plain text. Links and
    // images nest properly, so one stack says which end tags belong to dropped starts.
    let mut dropped: Vec<bool> = Vec::new();
    let unsafe_url = std::cell::Cell::new(false);
    let resolve = |dest: &str| {
        let output = resolve(dest);
        if let LinkOutput::Url(url) = &output {
            if !has_allowed_scheme(url) {
                unsafe_url.set(true);
            }
        }
        output
    };
    let events = events.into_iter().filter_map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => start_or_drop(&mut dropped, resolve(&dest_url), |url| {
            link_start(link_type, url, title, id)
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => start_or_drop(&mut dropped, resolve(&dest_url), |url| {
            Event::Start(Tag::Image {
                link_type,
                dest_url: url.into(),
                title,
                id,
            })
        }),
        Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
            (!dropped.pop().unwrap_or(false)).then_some(Event::End(end))
        }
        other => Some(other),
    });

    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    sanitize |= unsafe_url.get();
    if !sanitize {
        return Ok((html, speakers));
    }
    let clean = sanitizer().clean(&html).to_string();
    let mut rest = clean.as_str();
    for (id, text) in &headings {
        // Headings come out in order, so each is looked for after the one before.
        let attribute = format!(" id=\"{}\"", escape_attribute(id));
        match rest.find(&attribute) {
            Some(at) => rest = &rest[at + attribute.len()..],
            None => return Err(text.trim().to_string()),
        }
    }
    Ok((clean, speakers))
}

/// What a body's HTML holds whatever the audience, set in its events: headings given the
/// ids [`outline`] computes (so anchors checked at load exist), a transcript's turns marked.
struct Annotated {
    /// Each heading's id and text, in order.
    headings: Vec<(String, String)>,
    speakers: Vec<Speaker>,
    /// A transcript's turn anchors, in order.
    turns: Vec<String>,
    /// Raw HTML, footnotes and the like: the page must go through the sanitizer.
    sanitize: bool,
}

fn annotate(events: &mut [Event<'_>], is_transcript: bool) -> Annotated {
    let mut ids = IdAllocator::default();
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id, .. }) = &events[i] {
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let new_id = ids.allocate(explicit.unwrap_or_else(|| slugify(&text)));
            headings.push((new_id.clone(), text));
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(new_id));
            }
            i = j;
        }
        i += 1;
    }
    // What pulldown-cmark writes from plain Markdown is escaped already and needs the
    // sanitizer only for unsafe link schemes (checked as links resolve).
    let sanitize = events.iter().any(needs_sanitizer);
    let (speakers, turns) = if is_transcript {
        transcript::mark(events, &mut ids)
    } else {
        (Vec::new(), Vec::new())
    };
    Annotated {
        headings,
        speakers,
        turns,
        sanitize,
    }
}

/// The event that opens a link to `url`.
fn link_start<'a>(
    link_type: LinkType,
    url: String,
    title: CowStr<'a>,
    id: CowStr<'a>,
) -> Event<'a> {
    match link_type {
        // A bare URL or address reads left to right whatever the page's direction: on an
        // Arabic page its slashes and dots would otherwise be reordered.
        LinkType::Autolink | LinkType::Email => {
            let scheme = if link_type == LinkType::Email {
                "mailto:"
            } else {
                ""
            };
            let href = escape_html_attribute(&format!("{scheme}{url}"));
            Event::InlineHtml(format!("<a dir=\"ltr\" href=\"{href}\">").into())
        }
        _ => Event::Start(Tag::Link {
            link_type,
            dest_url: url.into(),
            title,
            id,
        }),
    }
}

/// Would the sanitizer change what pulldown-cmark writes for this event? Raw HTML, classes
/// (footnotes, heading attributes, a code block's language) and form controls it would;
/// everything else pulldown-cmark escapes itself.
fn needs_sanitizer(event: &Event) -> bool {
    match event {
        Event::Html(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::TaskListMarker(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_) => true,
        Event::Start(tag) => match tag {
            Tag::Heading { classes, attrs, .. } => !classes.is_empty() || !attrs.is_empty(),
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => !info.is_empty(),
            Tag::FootnoteDefinition(_) | Tag::MetadataBlock(_) => true,
            _ => false,
        },
        _ => false,
    }
}

/// Is `url` relative, or absolute with a scheme the sanitizer keeps (http, https, mailto, tel)?
fn has_allowed_scheme(url: &str) -> bool {
    let end = url.find([':', '/', '?', '#']);
    match end {
        Some(at) if url[at..].starts_with(':') => {
            let scheme = url[..at].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

/// Text for a double-quoted attribute we write ourselves (the sanitizer then rewrites it).
fn escape_html_attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An attribute value as the sanitizer writes it.
fn escape_attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('\u{a0}', "&nbsp;")
}

/// The start tag for a link or image to `output`, or nothing if the audience may not follow it;
/// `dropped` remembers which, for the matching end tag.
fn start_or_drop<'a>(
    dropped: &mut Vec<bool>,
    output: LinkOutput,
    start: impl FnOnce(String) -> Event<'a>,
) -> Option<Event<'a>> {
    match output {
        LinkOutput::Url(url) => {
            dropped.push(false);
            Some(start(url))
        }
        LinkOutput::TextOnly => {
            dropped.push(true);
            None
        }
    }
}

/// Raw HTML in Markdown is allowed only as far as it is harmless: no scripts, no event
/// handlers, no `javascript:` URLs, no styles that could hide or fake content.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_generic_attributes(["id", "dir"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("th", ["style"])
            .add_tags(["ins", "del", "mark", "figure", "figcaption", "section"])
            // The marks transcripts get (see `transcript`); nothing else may style content.
            .add_allowed_classes("p", ["turn", "end-mark", "procedural-mark"])
            .link_rel(None)
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]));
        // Table cell alignment from Markdown is the only inline style kept.
        builder.filter_style_properties(HashSet::from(["text-align"]));
        builder
    })
}

/// Tags that live inside a paragraph.
pub(crate) fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

#[cfg(test)]
mod tests;
