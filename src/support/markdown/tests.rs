use super::*;

fn keep(dest: &str) -> LinkOutput {
    LinkOutput::Url(dest.to_string())
}

#[test]
fn slugs_keep_letters_of_every_script() {
    assert_eq!(slugify("Session 3: Opening"), "session-3-opening");
    assert_eq!(slugify("  Élections — 2024  "), "élections-2024");
    assert_eq!(slugify("会议目标"), "会议目标");
    assert_eq!(slugify("???"), "section");
}

#[test]
fn outline_finds_headings_with_unique_ids_and_links() {
    let o = outline("## Aims\n\ntext [a](../x/)\n\n## Aims\n\n### Own {#custom}\n\n![i](p.svg)\n");
    let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["aims", "aims-1", "custom"]);
    let links: Vec<_> = o.links.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(links, ["../x/", "p.svg"]);
}

#[test]
fn render_gives_headings_the_outline_ids() {
    let html = render("## Aims\n\n## Aims\n", &keep).unwrap();
    assert!(html.contains(r#"<h2 id="aims">Aims</h2>"#), "{html}");
    assert!(html.contains(r#"<h2 id="aims-1">Aims</h2>"#), "{html}");
}

#[test]
fn bare_urls_read_left_to_right_and_other_links_follow_the_page() {
    let html = render(
        "انظر <https://example.org/a?b=1&c=2> و[النص](https://example.org/) و<info@example.org>",
        &keep,
    )
    .unwrap();
    assert!(
            html.contains(r#"<a dir="ltr" href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>"#),
            "{html}"
        );
    assert!(
        html.contains(r#"<a href="https://example.org/">النص</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a dir="ltr" href="mailto:info@example.org">"#),
        "{html}"
    );
    let hidden = render("See <https://example.org/x>.", &|_| LinkOutput::TextOnly).unwrap();
    assert_eq!(hidden.trim(), "<p>See https://example.org/x.</p>");
}

#[test]
fn hidden_link_keeps_text_and_loses_target() {
    let html = render("See [the secret note](../secret/) now.", &|_| {
        LinkOutput::TextOnly
    })
    .unwrap();
    assert_eq!(html.trim(), "<p>See the secret note now.</p>");
}

#[test]
fn hidden_image_keeps_its_alt_text_only() {
    let html = render(
        "Before ![the secret chart](../secret/chart.svg) after.",
        &|_| LinkOutput::TextOnly,
    )
    .unwrap();
    assert_eq!(html.trim(), "<p>Before the secret chart after.</p>");
}

#[test]
fn raw_html_nesting_counts_with_markdown_nesting() {
    let divs = "<div>\n".repeat(MAX_NESTING - 3);
    assert_eq!(outline(&format!("{divs}\n> > x\n")).too_deep_at, None);
    let deeper = format!("{divs}\n> > > x\n");
    assert_eq!(outline(&deeper).too_deep_at, Some(divs.len() + 7));
    let flood = format!("text\n\n{}", "<div>".repeat(20_000));
    assert_eq!(outline(&flood).too_deep_at, Some(6));
}

#[test]
fn pathological_nesting_is_noticed() {
    assert_eq!(outline("> > > deep\n").too_deep_at, None);
    let deep = format!("text\n\n{}deep\n", "> ".repeat(MAX_NESTING + 5));
    // The quote that opens one level too many starts after "text\n\n" and 48 "> ".
    assert_eq!(outline(&deep).too_deep_at, Some(6 + 2 * MAX_NESTING));
}

#[test]
fn a_heading_hidden_by_raw_html_is_reported() {
    // A quote left open in a tag makes the sanitizer read the heading's tag as part of
    // the attribute: its anchor goes (fuzzing found such shapes).
    let lost = render("<p title=\"x\n\n## Later\n", &keep).unwrap_err();
    assert_eq!(lost, "Later");
    assert!(render("<div title=x>\n\n## Later\n", &keep).is_ok());
}

#[test]
fn scripts_handlers_and_javascript_urls_are_removed() {
    let html = render(
            "<script>alert(1)</script>\n\n<a href=\"javascript:alert(1)\" onclick=\"x()\">x</a> [y](javascript:alert(2))",
            &keep,
        )
        .unwrap();
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("onclick"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
}

/// The same HTML, element for element and attribute for attribute, whatever the
/// serializer's choice of quotes and entities.
fn normalised(html: &str) -> String {
    let mut everything = ammonia::Builder::empty();
    everything
        .add_tags([
            "p",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "a",
            "img",
            "ul",
            "ol",
            "li",
            "em",
            "strong",
            "del",
            "code",
            "pre",
            "blockquote",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "hr",
            "br",
            "sup",
            "div",
            "section",
        ])
        .add_generic_attributes([
            "href", "src", "alt", "title", "id", "dir", "style", "start", "class",
        ])
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .url_schemes(HashSet::from([
            "http",
            "https",
            "mailto",
            "tel",
            "javascript",
            "data",
        ]));
    // The sanitizer rewrites table alignment `text-align: left` as `text-align:left`.
    everything
        .clean(html)
        .to_string()
        .replace("text-align: ", "text-align:")
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
    /// Plain Markdown skips the sanitizer; the page must be the one the sanitizer would
    /// have produced, and anything it would change must still go through it.
    #[test]
    fn markdown_without_raw_html_renders_as_the_sanitizer_would(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "# Title *one*\n\n", "## A & B < C > \"D\" 'E'\n\n", "### Own {#own-id}\n\n",
            "### Styled {.wide data-x=1}\n\n", "Plain text with **bold**, _em_ and ~~del~~.\n\n",
            "[site](https://example.org/a?b=1&c=2 \"t\")\n\n", "[rel](../m1/doc/)\n\n",
            "[bad](javascript:alert(1))\n\n", "[bad2](JaVaScRiPt:alert(1))\n\n",
            "<https://example.org/x>\n\n", "<mail@example.org>\n\n", "<javascript:alert(2)>\n\n",
            "![pic](p.png \"cap\")\n\n", "![data](data:image/png;base64,AAAA)\n\n",
            "- one\n- two\n\n", "3. three\n4. four\n\n", "> quoted 'text'\n\n",
            "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n", "```\ncode <x>\n```\n\n", "```rust\nfn main() {}\n```\n\n",
            "    indented\n\n", "Note[^1].\n\n[^1]: The note.\n\n", "---\n\n", "line  \nbreak\n\n",
            "`code` and \\<escaped\\>\n\n", "<b>raw</b> html\n\n", "<script>alert(3)</script>\n\n",
            "Smart \"quotes\" -- and --- dashes...\n\n", "中文 العربية Русский\n\n",
        ]), 1..8)
    ) {
        let body: String = parts.concat();
        let keep = |dest: &str| LinkOutput::Url(dest.to_string());
        let (direct, _) = render_with(&body, &keep, false, false).unwrap();
        let (sanitized, _) = render_with(&body, &keep, false, true).unwrap();
        proptest::prop_assert_eq!(normalised(&direct), normalised(&sanitized), "{}", body);
    }
}
