//! The words of a Markdown body without its markup: what search indexes.

use pulldown_cmark::{Event, Parser, TagEnd};

/// Where inline markup began or ended: U+2060 WORD JOINER, invisible and without effect on
/// how letters join. The leak guard reads it as it reads a tag on a page (a run of text
/// stops there); Pagefind indexes the words on each side as well as the whole.
const INLINE_EDGE: char = '\u{2060}';

/// The text a reader sees, blocks on lines of their own. Raw HTML is left out (its tags are
/// not words); link and image text stay, whatever the link leads to. The edges of inline
/// markup stay marked: `**approved**the` is not one word here any more than on the page.
pub fn plain_text(body: &str) -> String {
    let mut text = String::with_capacity(body.len());
    for event in Parser::new_ext(body, super::options()) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::Code(t) => {
                text.push(INLINE_EDGE);
                text.push_str(&t);
                text.push(INLINE_EDGE);
            }
            Event::Start(tag) if super::is_inline(&tag) => text.push(INLINE_EDGE),
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough)
            | Event::End(TagEnd::Link | TagEnd::Image)
            | Event::InlineHtml(_) => text.push(INLINE_EDGE),
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
    use super::{plain_text, INLINE_EDGE};

    #[test]
    fn markup_goes_words_stay() {
        let text = plain_text(
            "## Aims & <b>scope</b>\n\nSee [the *note*](../n/) and `code`.\nNext line.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        );
        assert_eq!(
            text.replace(INLINE_EDGE, "|"),
            "Aims & |scope|\nSee |the |note|| and |code|. Next line.\na\nb\n1\n2\n"
        );
    }
}
