//! How deeply the raw HTML in a Markdown body nests.
//!
//! Markdown's own nesting shows in the parser's events, but raw HTML arrives as opaque text:
//! twenty thousand `<div>`s in a row are one HTML block to pulldown-cmark, and a tree that
//! deep overflows the stack of the HTML sanitizer and minifier, which recurse per level.
//! This follows the open elements the way a browser's parser roughly does, closely enough
//! to bound the depth: void elements and `/>` open nothing, an end tag closes up to the
//! nearest open element of its name, a stray end tag closes nothing.
//!
//! It also notices what would swallow the rest of the page: a `<script>`, `<style>`,
//! `<textarea>` (…) or `<!--` never closed turns everything after it into that element's
//! text, which the sanitizer then drops — and with it every later paragraph and anchor.

/// Elements that never have content, so never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements whose content is text up to their end tag, whatever it looks like.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Raw HTML left open, so that what follows it would vanish into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unclosed {
    /// `<!--` without its `-->`.
    Comment,
    /// A raw-text element (`style`, `script`…) without its end tag.
    RawText(String),
    /// A tag (`<span title="x`) without its `>`.
    Tag(String),
}

impl Unclosed {
    /// What it is, for a message: "a `<style>` element".
    pub fn described(&self) -> String {
        match self {
            Unclosed::Comment => "an HTML comment `<!--`".to_string(),
            Unclosed::RawText(name) => format!("a `<{name}>` element"),
            Unclosed::Tag(name) => format!("the HTML tag `<{name}`"),
        }
    }

    /// What would close it, for a hint.
    pub fn closer(&self) -> String {
        match self {
            Unclosed::Comment => "`-->`".to_string(),
            Unclosed::RawText(name) => format!("`</{name}>`"),
            Unclosed::Tag(_) => "`>` (and end any quoted value it opens)".to_string(),
        }
    }
}

/// The raw-HTML elements open at this point of a body.
#[derive(Debug, Default)]
pub struct OpenElements {
    stack: Vec<String>,
    /// Inside a comment (`<!--`) or raw-text element: what would close it.
    swallowing: Option<String>,
    /// A tag begun and not yet ended by its `>` (tags may span the lines of an HTML block).
    tag: Option<PartialTag>,
}

#[derive(Debug)]
struct PartialTag {
    name: String,
    closing: bool,
    /// The quote of the attribute value being read, if one is.
    quote: Option<char>,
    /// The last character outside quotes that was not whitespace (`=` before a value, `/`
    /// before `>`).
    last: char,
}

impl OpenElements {
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// What is left open here that would swallow what follows.
    pub fn open_construct(&self) -> Option<Unclosed> {
        if let Some(tag) = &self.tag {
            return Some(Unclosed::Tag(tag.name.clone()));
        }
        self.swallowing.as_deref().map(|closer| match closer {
            "-->" => Unclosed::Comment,
            _ => Unclosed::RawText(closer.trim_start_matches("</").to_string()),
        })
    }

    /// Inside a comment or a raw-text element: would text here vanish into it?
    pub fn swallowing(&self) -> bool {
        self.swallowing.is_some()
    }

    /// Is a tag begun and not yet ended by its `>`?
    pub fn in_tag(&self) -> bool {
        self.tag.is_some()
    }

    /// Take in one fragment of raw HTML (a line of an HTML block, or an inline tag).
    pub fn feed(&mut self, html: &str) {
        let mut rest = html;
        loop {
            if let Some(tag) = &mut self.tag {
                let Some(used) = tag.read(rest) else {
                    return;
                };
                rest = &rest[used..];
                let tag = self.tag.take().expect("just read");
                self.close(tag);
                continue;
            }
            if let Some(closer) = &self.swallowing {
                let lower = rest.to_ascii_lowercase();
                let Some(end) = lower.find(closer.as_str()) else {
                    return;
                };
                rest = &rest[end + closer.len()..];
                self.swallowing = None;
            }
            let Some(open) = rest.find('<') else {
                return;
            };
            rest = &rest[open + 1..];
            if let Some(comment) = rest.strip_prefix("!--") {
                self.swallowing = Some("-->".to_string());
                rest = comment;
                continue;
            }
            let closing = rest.starts_with('/');
            let name_start = usize::from(closing);
            // A tag name starts with a letter: `1<2` and `a < b` are text.
            if !rest[name_start..].starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let name_len = rest[name_start..]
                .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                .unwrap_or(rest.len() - name_start);
            self.tag = Some(PartialTag {
                name: rest[name_start..name_start + name_len].to_ascii_lowercase(),
                closing,
                quote: None,
                last: ' ',
            });
            rest = &rest[name_start + name_len..];
        }
    }

    /// A tag has ended: open or close what it names.
    fn close(&mut self, tag: PartialTag) {
        if tag.closing {
            if let Some(at) = self.stack.iter().rposition(|open| *open == tag.name) {
                self.stack.truncate(at);
            }
        } else if RAW_TEXT.contains(&tag.name.as_str()) {
            self.swallowing = Some(format!("</{}", tag.name));
        } else if tag.last != '/' && !VOID.contains(&tag.name.as_str()) {
            self.stack.push(tag.name);
        }
    }
}

impl PartialTag {
    /// Read on through the tag's attributes; the bytes used up to and including its `>`,
    /// or `None` if `text` ends first.
    fn read(&mut self, text: &str) -> Option<usize> {
        for (i, c) in text.char_indices() {
            match self.quote {
                Some(quote) if c == quote => self.quote = None,
                Some(_) => {}
                None => match c {
                    '>' => return Some(i + 1),
                    // A quote opens a value only right after `=`; elsewhere it is a
                    // character of a (malformed) attribute name.
                    '"' | '\'' if self.last == '=' => {
                        self.quote = Some(c);
                        self.last = c;
                    }
                    c if !c.is_whitespace() => self.last = c,
                    _ => {}
                },
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_after(html: &str) -> usize {
        let mut open = OpenElements::default();
        open.feed(html);
        open.depth()
    }

    #[test]
    fn elements_open_and_close_as_a_browser_would_nest_them() {
        assert_eq!(depth_after("<div><p>text</p></div>"), 0);
        assert_eq!(depth_after("<div><div><span>"), 3);
        assert_eq!(depth_after("<div><br><img src=x><hr/><x-y/>"), 1);
        // An end tag closes everything opened after its element; a stray one closes nothing.
        assert_eq!(depth_after("<div><b><i></div>"), 0);
        assert_eq!(depth_after("<div></span></span><div>"), 2);
        assert_eq!(depth_after("<DIV></div>"), 0);
        assert_eq!(depth_after("<!-- <div><div> --><div>"), 1);
        assert_eq!(depth_after("a < b and 1<2 <"), 0);
    }

    #[test]
    fn an_unclosed_comment_or_raw_text_element_swallows_the_rest() {
        let swallowing = |fragments: &[&str]| {
            let mut open = OpenElements::default();
            fragments.iter().for_each(|f| open.feed(f));
            open.open_construct()
        };
        assert_eq!(swallowing(&["<style>p{}</style>", "<div>"]), None);
        assert_eq!(
            swallowing(&["<STYLE>p{}", "<div></div>", "</Style >"]),
            None
        );
        assert_eq!(
            swallowing(&["<style>body{display:none}"]),
            Some(Unclosed::RawText("style".into()))
        );
        assert_eq!(
            swallowing(&["<script>", "<p>x</p>"]),
            Some(Unclosed::RawText("script".into()))
        );
        assert_eq!(swallowing(&["<!-- a", "b -->"]), None);
        assert_eq!(swallowing(&["<!-- a <div>"]), Some(Unclosed::Comment));
        // Tags inside a raw-text element are its text: they neither open nor close.
        let mut open = OpenElements::default();
        open.feed("<textarea><div><div></textarea>");
        assert_eq!((open.depth(), open.open_construct()), (0, None));
    }

    #[test]
    fn a_tag_may_span_fragments_but_an_unended_one_is_noticed() {
        let mut open = OpenElements::default();
        open.feed("<div\n");
        assert_eq!(open.open_construct(), Some(Unclosed::Tag("div".into())));
        open.feed("  class=\"a > b\">text");
        assert_eq!((open.depth(), open.in_tag()), (1, false));
        open.feed("<ocejbt data=\"x\"i");
        assert_eq!(open.open_construct(), Some(Unclosed::Tag("ocejbt".into())));
        // A quote not after `=` opens nothing; one after it runs to its match.
        let mut open = OpenElements::default();
        open.feed("<a b\"c>x</a><p title='it\"s'>");
        assert_eq!((open.depth(), open.in_tag()), (1, false));
    }

    #[test]
    fn twenty_thousand_divs_are_twenty_thousand_deep() {
        assert_eq!(depth_after(&"<div>".repeat(20_000)), 20_000);
    }
}
