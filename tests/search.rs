//! Search: each audience's Pagefind index is made from its own pages, and every page leads
//! to it. (Finding words in the browser, Chinese, Arabic and Russian included, is checked by
//! tests/browser/search.mjs.)

mod support;

use support::{inflated, Output, TestSite};

/// The search index of `output` as text: every file of `pagefind/`, gzip content inflated.
fn index_text(output: &Output) -> Vec<(String, String)> {
    output
        .files()
        .into_iter()
        .filter(|(path, _)| path.starts_with("pagefind/"))
        .map(|(path, bytes)| {
            (
                path,
                String::from_utf8_lossy(&inflated(&bytes)).into_owned(),
            )
        })
        .collect()
}

fn indexed_urls(output: &Output) -> Vec<String> {
    support::indexed_urls(&output.files())
}

#[test]
fn each_audience_searches_its_own_pages_and_nothing_else() {
    let site = TestSite::standard();
    let public = site.output("public", "2024-04-01");
    let members = site.output("members", "2024-04-01");

    // The current version of each document in each of its languages; archived versions,
    // redlines and listings are left out (they repeat what is indexed).
    assert_eq!(
        indexed_urls(&public),
        [
            "/en/meetings/spring/agenda/",
            "/en/meetings/spring/hlgm/",
            "/fr/meetings/spring/hlgm/",
        ]
    );
    assert_eq!(
        indexed_urls(&members),
        [
            "/en/meetings/spring/agenda/",
            "/en/meetings/spring/hlgm/",
            "/en/meetings/spring/secret-note/",
            "/fr/meetings/spring/hlgm/",
        ]
    );

    // One bundle per language that has something to find; Arabic has no page here.
    for (lang, has_bundle) in [("en", true), ("fr", true), ("ar", false)] {
        assert_eq!(
            public.exists(&format!("pagefind/{lang}/pagefind-entry.json")),
            has_bundle,
            "{lang}"
        );
    }
    let arabic = public.read("ar/search/index.html");
    assert!(
        arabic.contains(r#"data-language-names="{&quot;en&quot;:&quot;English&quot;,&quot;fr&quot;:&quot;Français&quot;}""#),
        "the search page offers the languages that have an index: {arabic}"
    );

    // The members-only note: its words are searchable by members, absent from the public index.
    let has = |output: &Output, words: &str| {
        index_text(output)
            .iter()
            .any(|(_, text)| text.contains(words))
    };
    assert!(has(&members, "Quartermaster plumbago sequence"));
    assert!(has(&members, "Zanzibar Confidential Arrangements"));
    assert!(!has(&public, "Quartermaster"));
    assert!(!has(&public, "Zanzibar"));
    assert!(!has(&public, "secret-note"));

    // Results show meeting, kind and version; the text is what the reader sees, links' text
    // included and their markup gone.
    let agenda = index_text(&public)
        .into_iter()
        .find(|(path, text)| {
            path.starts_with("pagefind/en/fragment/")
                && text.contains("/en/meetings/spring/agenda/")
        })
        .expect("the agenda's fragment")
        .1;
    for expected in [
        r#""meeting":"Spring Meeting""#,
        r#""kind":"Agenda""#,
        r#""version":"Version 1""#,
        // Link text kept, markup gone; U+2060 marks where a link's tags are on the page. The
        // note is hidden from the public: its link is plain text on the page, and here.
        "See \u{2060}the briefing\u{2060} and the note.",
    ] {
        assert!(agenda.contains(expected), "{expected} not in {agenda}");
    }
}

#[test]
fn every_page_has_a_search_box_leading_to_its_language_s_search_page() {
    let site = TestSite::standard();
    let public = site.output("public", "2024-04-01");
    for lang in ["en", "fr", "ar"] {
        let page = public.read(&format!("{lang}/search/index.html"));
        assert!(
            page.contains(r#"id="search-results""#),
            "{lang}: no results list"
        );
        assert!(
            page.contains(r#"data-bundle="/pagefind/""#),
            "{lang}: no index"
        );
        assert!(
            page.contains("<noscript>"),
            "{lang}: nothing without JavaScript"
        );
    }
    let mut pages = 0;
    for (path, bytes) in public.files() {
        // The briefing pack is a document to print or read offline, without the site's
        // navigation (its ZIP opens from disk, where a search form leads nowhere).
        if !path.ends_with(".html")
            || path == "index.html"
            || path == "404.html"
            || path.ends_with("/pack.html")
        {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let lang = &path[..2];
        assert!(
            html.contains(r#"<form role="search" class="search"#),
            "{path}: no search form"
        );
        assert!(
            html.contains(&format!(r#"action="/{lang}/search/" method="get""#)),
            "{path}: the search form does not lead to /{lang}/search/"
        );
        assert!(html.contains(r#"<input type="search""#), "{path}");
        pages += 1;
    }
    assert!(pages > 20, "only {pages} pages checked");
}

#[test]
fn a_site_may_turn_search_off() {
    let site = TestSite::standard();
    let config = site.root().join("site.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("search = false\n{text}")).unwrap();
    let public = site.output("public", "2024-04-01");
    assert!(public
        .files()
        .keys()
        .all(|path| !path.starts_with("pagefind/")));
    assert!(public.files_containing("role=\"search\"").is_empty());
    assert!(!public.exists("en/search/index.html"));
    assert!(public.exists("en/meetings/spring/hlgm/index.html"));
}

#[test]
fn search_is_not_a_page_name_a_site_may_take() {
    let site = TestSite::standard();
    site.file(
        "pages/search.en.md",
        "+++\ntitle = \"Search tips\"\n+++\nText.\n",
    );
    let failure = site.build("public", "2024-04-01").unwrap_err().to_string();
    assert!(failure.contains("search"), "{failure}");
    assert!(failure.contains("pages/search.en.md"), "{failure}");
}
