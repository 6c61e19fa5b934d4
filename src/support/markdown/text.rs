//! The words of a Markdown body without its markup: what search indexes.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Where inline markup begins and ends: a space, so that Pagefind indexes the words on each
/// side apart, and U+2060 WORD JOINER (invisible) on the markup's side, which the leak guard
/// reads as it reads a tag on a page (a run of text stops there) and Pagefind keeps.
const EDGE_OPEN: &str = " \u{2060}";
const EDGE_CLOSE: &str = "\u{2060} ";

/// The text a reader sees, blocks on lines of their own. Raw HTML is left out (its tags are
/// not words); link and image text stay, whatever the link leads to. The edges of inline
/// markup stay marked as on the page: `**approved**the` is not one word here either, and a
/// link is marked only where `kept(destination)` says the page keeps it (a link to what the
/// audience cannot see is plain text there).
pub fn plain_text(body: &str, kept: &dyn Fn(&str) -> bool) -> String {
    let mut text = String::with_capacity(body.len());
    // Per open link or image: is it on the page?
    let mut links: Vec<bool> = Vec::new();
    let edge = |text: &mut String, on_page: bool, mark: &str| {
        if on_page {
            text.push_str(mark);
        }
    };
    for event in super::events(body) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::Code(t) => {
                text.push_str(EDGE_OPEN);
                text.push_str(&t);
                text.push_str(EDGE_CLOSE);
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let on_page = kept(&dest_url);
                links.push(on_page);
                edge(&mut text, on_page, EDGE_OPEN);
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let on_page = links.pop().unwrap_or(false);
                edge(&mut text, on_page, EDGE_CLOSE);
            }
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => {
                text.push_str(EDGE_OPEN)
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {
                text.push_str(EDGE_CLOSE)
            }
            // A raw tag may open or close: mark both sides.
            Event::InlineHtml(_) => {
                text.push_str(EDGE_CLOSE);
                text.push_str(EDGE_OPEN);
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) => text.push('\n'),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::{plain_text, EDGE_CLOSE, EDGE_OPEN};

    #[test]
    fn markup_goes_words_stay() {
        let body = "## Aims & <b>scope</b>\n\nSee [the *note*](../n/) and `code`.\nNext line.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let shown = |text: String| text.replace(EDGE_CLOSE, "]").replace(EDGE_OPEN, "[");
        assert_eq!(
            shown(plain_text(body, &|_| true)),
            "Aims & ][scope][\nSee [the [note]] and [code]. Next line.\na\nb\n1\n2\n"
        );
        // A link the page does not keep leaves no edge, as it leaves no tag.
        assert!(shown(plain_text(body, &|dest| dest != "../n/")).contains("See the [note] and"));
    }
}
