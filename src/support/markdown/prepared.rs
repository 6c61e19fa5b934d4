//! A body rendered once, at load, with its links left open for each audience to fill.
//!
//! What a page's Markdown becomes depends on the audience only through its links: a link
//! to something the audience may see points at it, a link to something hidden keeps only
//! its text. Everything else — headings and their ids, paragraphs, tables, transcript marks —
//! is the same for every audience and page. Loading parses each file anyway (to learn its
//! headings and links); it renders it in the same pass, writing a mark where each link opens
//! and closes, and rendering a page only copies the HTML between the marks and writes or
//! leaves out each link's tags. Bodies the sanitizer must see (raw HTML, footnotes…) and
//! bodies with images (whose alt text is written differently when the image is dropped)
//! are not prepared: they are rendered per audience as before.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::{has_allowed_scheme, link_start, LinkOutput, Rendering, Speaker};

/// Written where a link opens or closes, then cut out. No body holds it: loading refuses
/// control characters, and a body that somehow does is not prepared.
const MARK: char = '\0';

/// A body's HTML with a slot where each link opens and closes.
#[derive(Debug)]
pub struct Prepared {
    html: String,
    slots: Vec<Slot>,
    speakers: Vec<Speaker>,
}

#[derive(Debug)]
struct Slot {
    /// Byte offset in `html`.
    at: usize,
    /// The link opening here, or `None` for the end of the innermost open link.
    opens: Option<Link>,
}

#[derive(Debug)]
struct Link {
    link_type: LinkType,
    dest: String,
    title: String,
}

impl Prepared {
    /// Render `events` (headings already given their ids, transcript turns marked) with a
    /// slot for each link; `None` where this body cannot be prepared.
    pub(super) fn new(events: Vec<Event<'_>>, speakers: Vec<Speaker>) -> Option<Prepared> {
        let preparable = |event: &Event| match event {
            Event::Start(Tag::Image { .. }) => false,
            Event::Text(text) | Event::Code(text) => !text.contains(MARK),
            _ => true,
        };
        if !events.iter().all(preparable) {
            return None;
        }
        let mut opened = Vec::new();
        let events = events.into_iter().map(|event| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                opened.push(Some(Link {
                    link_type,
                    dest: dest_url.into_string(),
                    title: title.into_string(),
                }));
                Event::InlineHtml(CowStr::from(MARK))
            }
            Event::End(TagEnd::Link) => {
                opened.push(None);
                Event::InlineHtml(CowStr::from(MARK))
            }
            other => other,
        });
        let mut marked = String::new();
        pulldown_cmark::html::push_html(&mut marked, events);
        // One mark per link tag, nothing else: otherwise the body goes the ordinary way.
        if marked.matches(MARK).count() != opened.len() {
            return None;
        }
        let mut html = String::with_capacity(marked.len());
        let mut pieces = marked.split(MARK);
        html.push_str(pieces.next().unwrap_or(""));
        let mut slots = Vec::with_capacity(opened.len());
        for (piece, opens) in pieces.zip(opened) {
            slots.push(Slot {
                at: html.len(),
                opens,
            });
            html.push_str(piece);
        }
        Some(Prepared {
            html,
            slots,
            speakers,
        })
    }

    /// The HTML for `resolve`, as [`super::render`] would write it; `None` when a link
    /// resolves to a URL the sanitizer would remove (the body must then go through it).
    pub fn fill(&self, resolve: &dyn Fn(&str) -> LinkOutput) -> Option<Rendering> {
        let mut html = String::with_capacity(self.html.len() + self.slots.len() * 24);
        let mut links = Vec::with_capacity(self.slots.len() / 2);
        // Whether each open link was written, for its end tag.
        let mut written: Vec<bool> = Vec::new();
        let mut from = 0;
        for slot in &self.slots {
            html.push_str(&self.html[from..slot.at]);
            from = slot.at;
            let Some(link) = &slot.opens else {
                if written.pop().unwrap_or(false) {
                    html.push_str("</a>");
                }
                continue;
            };
            let answer = resolve(&link.dest);
            match &answer {
                LinkOutput::Url(url) if !has_allowed_scheme(url) => return None,
                LinkOutput::Url(url) => {
                    write_start(&mut html, link, url);
                    written.push(true);
                }
                LinkOutput::TextOnly => written.push(false),
            }
            links.push((link.dest.clone(), answer));
        }
        html.push_str(&self.html[from..]);
        Some(Rendering {
            links,
            html,
            speakers: self.speakers.clone(),
        })
    }
}

/// A link's start tag exactly as [`super::render`] writes it.
fn write_start(html: &mut String, link: &Link, url: &str) {
    let start = link_start(
        link.link_type,
        url.to_string(),
        CowStr::Borrowed(&link.title),
        CowStr::Borrowed(""),
    );
    pulldown_cmark::html::push_html(html, std::iter::once(start));
}

#[cfg(test)]
mod tests {
    use super::super::{outline_and_prepare, render_as};
    use super::*;

    /// A resolver that hides, keeps or rewrites each destination according to `choices`,
    /// picked by the destination's length, so one body meets several answers.
    fn resolver(choices: &[u8]) -> impl Fn(&str) -> LinkOutput + '_ {
        move |dest: &str| match choices[dest.len() % choices.len()] % 4 {
            0 => LinkOutput::TextOnly,
            1 => LinkOutput::Url(dest.to_string()),
            2 => LinkOutput::Url(format!("/fr/{dest}?a=1&b=\"2\"")),
            _ => LinkOutput::Url(format!("https://example.org/{dest}#x")),
        }
    }

    #[test]
    fn links_are_filled_for_each_audience() {
        let body =
            "# Aims\n\nSee [the report](../m1/report/ \"Report\") and <https://example.org/x>.\n";
        let (_, prepared) = outline_and_prepare(body, false);
        let prepared = prepared.expect("plain Markdown is prepared");
        let hidden = prepared.fill(&|_: &str| LinkOutput::TextOnly).unwrap();
        assert_eq!(
            hidden.html,
            "<h1 id=\"aims\">Aims</h1>\n<p>See the report and https://example.org/x.</p>\n"
        );
        let shown = prepared
            .fill(&|dest: &str| LinkOutput::Url(format!("/en/{dest}")))
            .unwrap();
        assert_eq!(
            shown.html,
            "<h1 id=\"aims\">Aims</h1>\n<p>See <a href=\"/en/../m1/report/\" title=\"Report\">the report</a> \
             and <a dir=\"ltr\" href=\"/en/https://example.org/x\">https://example.org/x</a>.</p>\n"
        );
        assert_eq!(shown.links.len(), 2);
    }

    #[test]
    fn bodies_the_sanitizer_or_images_need_are_not_prepared() {
        for body in [
            "<b>raw</b>\n",
            "Note[^1].\n\n[^1]: The note.\n",
            "![pic](p.png)\n",
            "```rust\nfn main() {}\n```\n",
        ] {
            assert!(outline_and_prepare(body, false).1.is_none(), "{body}");
        }
    }

    #[test]
    fn a_link_to_a_scheme_the_sanitizer_removes_is_not_filled() {
        let (_, prepared) = outline_and_prepare("[x](javascript:alert(1))\n", false);
        let prepared = prepared.unwrap();
        assert!(prepared
            .fill(&|d: &str| LinkOutput::Url(d.to_string()))
            .is_none());
        assert!(prepared.fill(&|_: &str| LinkOutput::TextOnly).is_some());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Whatever the body and however its links resolve, a prepared body filled in is
        /// byte for byte the page rendering it for that audience gives, and asks about the
        /// same links in the same order.
        #[test]
        fn a_filled_body_is_the_rendered_body(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "# Title *one*\n\n", "## A & B < C > \"D\" 'E'\n\n", "### Own {#own-id}\n\n",
                "## Title *one*\n\n", "Plain text with **bold**, _em_ and ~~del~~.\n\n",
                "[site](https://example.org/a?b=1&c=2 \"t & 'q'\")\n\n", "[rel](../m1/doc/)\n\n",
                "[**strong** `code`](../m1/doc/#part)\n\n", "[empty]()\n\n", "[ref][r]\n\n[r]: ../m2/x/\n\n",
                "[bad](javascript:alert(1))\n\n", "<https://example.org/x?a&b>\n\n", "<mail@example.org>\n\n",
                "- [one](a/)\n- two [three](bb/)\n\n", "> quoted [link](ccc/)\n\n",
                "| a | [b](dd/) |\n|:--|--:|\n| [1](e/) | 2 |\n\n", "```\ncode [not](a/) <x>\n```\n\n",
                "    indented\n\n", "---\n\n", "line  \nbreak [x](ffff/)\n\n", "`code` and \\<escaped\\>\n\n",
                "Smart \"quotes\" -- and --- dashes...\n\n", "中文 [العربية](gg/) Русский\n\n",
                "**Ms. A (Chair):** Opening [the item](h/).\n\n", "[The meeting rose at 12.40]\n\n", "**Mr. B**: Thanks [x](ii/).\n\n",
            ]), 1..10),
            choices in proptest::collection::vec(0u8..4, 1..6),
            transcript in proptest::bool::ANY,
        ) {
            let body: String = parts.concat();
            let resolve = resolver(&choices);
            let (_, prepared) = outline_and_prepare(&body, transcript);
            let prepared = prepared.expect("none of these bodies needs the sanitizer");
            let asked = std::cell::RefCell::new(Vec::new());
            let recording = |dest: &str| {
                let answer = resolve(dest);
                asked.borrow_mut().push((dest.to_string(), answer.clone()));
                answer
            };
            let rendered = render_as(&body, &recording, transcript);
            match prepared.fill(&resolve) {
                Some(filled) => {
                    let (html, speakers) = rendered.unwrap();
                    proptest::prop_assert_eq!(&filled.html, &html, "{}", body);
                    proptest::prop_assert_eq!(filled.speakers, speakers);
                    proptest::prop_assert_eq!(filled.links, asked.into_inner());
                }
                // Only a link the sanitizer would rewrite sends the body the ordinary way.
                None => proptest::prop_assert!(
                    asked.borrow().iter().any(|(_, answer)| matches!(answer, LinkOutput::Url(u) if !has_allowed_scheme(u))),
                    "{}", body
                ),
            }
        }
    }
}
