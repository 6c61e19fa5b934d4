//! Titles and text with markup characters are escaped wherever they land.

mod support;
use support::TestSite;

const HOSTILE: &str = r#"</script><b onmouseover='alert(1)'>]]> & \"q\""#;

#[test]
fn hostile_title_is_escaped_in_html_attributes_and_xml() {
    let site = TestSite::standard();
    site.version(
        "spring/agenda",
        1,
        "en",
        HOSTILE,
        "Body with <script>alert(2)</script> and <img src=x onerror=alert(3)>.\n",
    );
    let public = site.output("public", "2024-04-01");
    for (path, bytes) in public.files() {
        let text = without_title_element(&String::from_utf8_lossy(&bytes));
        assert!(!text.contains("<b onmouseover"), "{path}: unescaped title");
        assert!(
            !text.contains("alert(2)") && !text.contains("onerror"),
            "{path}: raw HTML not sanitized"
        );
        if path.ends_with(".xml") {
            assert!(
                !text.contains("]]>"),
                "{path}: `]]>` must not appear in XML text"
            );
        }
    }
    let feed = public.read("en/feed.xml");
    assert!(feed.contains("<title>&lt;/script&gt;&lt;b onmouseover=&apos;alert(1)&apos;&gt;]]&gt; &amp; &quot;q&quot;</title>"), "{feed}");
    let page = public.read("en/meetings/spring/agenda/index.html");
    assert!(
        page.contains("<h1>&lt;/script>&lt;b onmouseover='alert(1)'>]]> & \"q\"</h1>"),
        "{page}"
    );
}

/// `<title>` holds raw text (RCDATA): markup characters there are inert as long as the element
/// cannot be closed early, which the page check below asserts separately.
fn without_title_element(html: &str) -> String {
    match (html.find("<title>"), html.find("</title>")) {
        (Some(start), Some(end)) if start < end => format!("{}{}", &html[..start], &html[end..]),
        _ => html.to_string(),
    }
}

#[test]
fn a_title_cannot_close_the_title_element() {
    let site = TestSite::standard();
    site.version(
        "spring/agenda",
        1,
        "en",
        "</title><script>alert(1)</script>",
        "Body.\n",
    );
    let page = site
        .output("public", "2024-04-01")
        .read("en/meetings/spring/agenda/index.html");
    assert_eq!(page.matches("</title>").count(), 1, "{page}");
    assert!(
        page.contains("<title>&lt;/title><script>alert(1)</script> · Test Committee</title>"),
        "{page}"
    );
}
