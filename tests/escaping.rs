//! Titles and text with markup characters are escaped wherever they land.

mod support;
use support::TestSite;

const HOSTILE: &str = r#"</script><b onmouseover='alert(1)'>]]> & \"q\""#;

/// The standard site, its pages minified or not (`minify` in site.toml).
fn standard_site(minify: bool) -> TestSite {
    let site = TestSite::standard();
    if minify {
        let config = site.root().join("site.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, format!("minify = true\n{text}")).unwrap();
    }
    site
}

#[test]
fn hostile_title_is_escaped_in_html_attributes_and_xml() {
    // minify-html rewrites entities its own way: check what each way writes.
    for (minify, heading) in [
        (
            false,
            "<h1>&lt;/script&gt;&lt;b onmouseover=&#39;alert(1)&#39;&gt;]]&gt; &amp; &quot;q&quot;</h1>",
        ),
        (
            true,
            "<h1>&lt;/script>&lt;b onmouseover='alert(1)'>]]> & \"q\"</h1>",
        ),
    ] {
        hostile_title_is_escaped(minify, heading);
    }
}

fn hostile_title_is_escaped(minify: bool, heading: &str) {
    let site = standard_site(minify);
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
        // Legacy references without their semicolon are parse errors for validators.
        for legacy in ["&LT", "&GT", "&AMP", "&QUOT"] {
            assert!(!text.contains(legacy), "{path}: `{legacy}` without `;`");
        }
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
    assert!(page.contains(heading), "minify = {minify}: {page}");
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
    for (minify, title) in [
        (
            false,
            "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; · Test Committee</title>",
        ),
        (
            true,
            "<title>&lt;/title><script>alert(1)</script> · Test Committee</title>",
        ),
    ] {
        title_cannot_close_the_title_element(minify, title);
    }
}

fn title_cannot_close_the_title_element(minify: bool, title: &str) {
    let site = standard_site(minify);
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
    assert!(page.contains(title), "minify = {minify}: {page}");
}
