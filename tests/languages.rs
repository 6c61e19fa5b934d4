//! Seven languages: CLDR dates and ranges on real pages, the stale notice, hreflang and the
//! switcher, the translation coverage page and matrix, and mistakes in a theme's locale.

mod support;
use plenary::commands::status::status;
use plenary::content::load::load;
use plenary::release::parse_as_of;
use support::TestSite;

const SEVEN: &[&str] = &["en", "ar", "es", "fr", "ru", "zh", "pt"];

/// The standard meeting (2–7 March 2024) with one briefing in all seven languages.
fn seven_language_site() -> TestSite {
    let site = TestSite::new();
    site.file(
        "site.toml",
        &support::SITE_TOML.replace(
            r#"languages = ["en", "fr", "ar"]"#,
            r#"languages = ["en", "ar", "es", "fr", "ru", "zh", "pt"]"#,
        ),
    );
    site.file("meetings/spring/meeting.toml", support::MEETING_TOML);
    site.document(
        "spring/brief",
        "kind = \"briefing\"\n[[versions]]\nnumber = 1\ndate = 2024-02-20\n",
    );
    for lang in SEVEN {
        site.version("spring/brief", 1, lang, &format!("Brief {lang}"), "Text.\n");
    }
    site
}

#[test]
fn dates_and_meeting_ranges_are_written_the_way_each_language_writes_them() {
    let site = seven_language_site();
    let public = site.output("public", "2024-04-01");
    // (language, the version's date, the meeting's dates 2–7 March 2024), from CLDR.
    let expected = [
        ("en", "20 February 2024", "2–7 March 2024"),
        ("ar", "20 فبراير 2024", "2–7 مارس 2024"),
        ("es", "20 de febrero de 2024", "2–7 de marzo de 2024"),
        ("fr", "20 février 2024", "2–7 mars 2024"),
        (
            "ru",
            "20 февраля 2024\u{202f}г.",
            "2–7 марта 2024\u{202f}г.",
        ),
        ("zh", "2024年2月20日", "2024年3月2日–7日"),
        ("pt", "20 de fevereiro de 2024", "2–7 de março de 2024"),
    ];
    for (lang, date, range) in expected {
        let page = public.read(&format!("{lang}/meetings/spring/brief/index.html"));
        assert!(
            page.contains(date),
            "{lang}: no `{date}` in the document page"
        );
        let meeting = public.read(&format!("{lang}/meetings/spring/index.html"));
        assert!(
            meeting.contains(range),
            "{lang}: no `{range}` on the meeting page"
        );
    }
}

#[test]
fn a_stale_translation_names_the_newer_version_its_date_and_links_it() {
    let site = TestSite::standard();
    let public = site.output("public", "2024-04-01");
    let french = public.read("fr/meetings/spring/hlgm/index.html");
    assert!(
        french.contains(
            "La présente traduction correspond à la version 1. La version 2 du 5 mars 2024 est disponible dans une autre langue (English)."
        ),
        "{french}"
    );
    assert!(french.contains("Lire la version 2 (English)"));
    assert!(french.contains(r#"href="/en/meetings/spring/hlgm/" hreflang="en""#));
}

/// The `hreflang` values of a page's alternate links, and the languages its switcher offers.
fn hreflangs(page: &str) -> (Vec<String>, Vec<String>) {
    let values = |marker: &str, text: &str| -> Vec<String> {
        text.split(marker)
            .skip(1)
            .map(|rest| {
                let value = rest.split([' ', '>']).next().unwrap_or("");
                value.trim_matches('"').to_string()
            })
            .collect()
    };
    let head = &page[..page.find("</head>").unwrap()];
    let switcher = page
        .find(r#"class="languages""#)
        .map_or("", |at| &page[at..at + page[at..].find("</nav>").unwrap()]);
    (values("hreflang=", head), values(" lang=", switcher))
}

#[test]
fn hreflang_and_the_switcher_offer_exactly_the_languages_a_page_exists_in() {
    let site = TestSite::standard();
    let public = site.output("public", "2024-04-01");
    for page in [
        "en/meetings/spring/hlgm/index.html",
        "fr/meetings/spring/hlgm/index.html",
    ] {
        let (head, switcher) = hreflangs(&public.read(page));
        assert_eq!(head, ["en", "fr", "x-default"], "{page}");
        assert_eq!(switcher, ["en", "fr"], "{page}");
    }
    // Listings exist in every language.
    let (head, switcher) = hreflangs(&public.read("ar/meetings/spring/index.html"));
    assert_eq!(head, ["en", "fr", "ar", "x-default"]);
    assert_eq!(switcher, ["en", "fr", "ar"]);
    // The agenda exists in English only: no alternates to offer, no switcher.
    let (head, switcher) = hreflangs(&public.read("en/meetings/spring/agenda/index.html"));
    assert_eq!(head, ["en"]);
    assert!(switcher.is_empty());
    assert!(!public.exists("fr/meetings/spring/agenda/index.html"));
}

#[test]
fn the_coverage_page_is_for_members_and_built_from_what_they_may_see() {
    let site = TestSite::standard();
    // Issued after the as-of instant below: members may not see it yet.
    site.document(
        "spring/later",
        "kind = \"briefing\"\n[[versions]]\nnumber = 1\ndate = 2024-03-20\n",
    );
    site.version(
        "spring/later",
        1,
        "en",
        "Ultramarine Later Paper",
        "Text.\n",
    );

    let members = site.output("members", "2024-03-01");
    let page = members.read("en/translations/index.html");
    assert!(page.contains("<h1>Translation coverage</h1>"));
    assert!(page.contains("High-Level Meeting Briefing"));
    assert!(page.contains("Zanzibar Confidential Arrangements"));
    assert!(
        !page.contains("Ultramarine"),
        "a document not yet issued has a row"
    );
    // Members see only version 1 of the briefing before 5 March: French is current then.
    let row = |page: &str, title: &str| -> String {
        let at = page.find(title).unwrap();
        page[at..at + page[at..].find("</tr>").unwrap()].to_string()
    };
    let hlgm = row(&page, "High-Level Meeting Briefing");
    assert!(
        hlgm.contains(
            r#"<td class="cov-current"><a href="/fr/meetings/spring/hlgm/" hreflang="fr">Current</a>"#
        ),
        "{hlgm}"
    );
    assert!(
        hlgm.contains(r#"<td class="cov-missing">Missing</td>"#),
        "{hlgm}"
    );
    assert!(members
        .read("fr/translations/index.html")
        .contains("État des traductions"));
    assert!(members
        .read("en/index.html")
        .contains(r#"<a href="/en/translations/">Translations</a>"#));

    // Once version 2 is out, the French text is stale.
    let members = site.output("members", "2024-03-06");
    let hlgm = row(
        &members.read("en/translations/index.html"),
        "High-Level Meeting Briefing",
    );
    assert!(
        hlgm.contains(
            r#"<td class="cov-stale"><a href="/fr/meetings/spring/hlgm/" hreflang="fr">Up to version 1</a>"#
        ),
        "{hlgm}"
    );

    // The public build has no such page and no link to one.
    let public = site.output("public", "2024-04-01");
    assert!(!public.exists("en/translations/index.html"));
    assert!(public.files_containing("/translations/").is_empty());
}

#[test]
fn status_prints_the_coverage_matrix_per_meeting() {
    let site = TestSite::standard();
    let loaded = load(&site.root()).unwrap();
    let report = status(&loaded.site, parse_as_of("2024-03-06").unwrap());
    let text =
        plenary::commands::status::coverage_matrix(&report, &loaded.site.config.languages, false);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Translation coverage as of 2024-03-06 00:00 UTC"));
    let body = lines[2..].join("\n");
    assert_eq!(
        body,
        "spring · Spring Meeting\n                 en    fr    ar\n  \
         agenda          ✓     ·     ·\n  \
         hlgm            ✓    v1     ·\n  \
         secret-note     ✓     ·     ·\n  \
         current       3/3   0/3   0/3"
    );
    let coloured =
        plenary::commands::status::coverage_matrix(&report, &loaded.site.config.languages, true);
    assert!(coloured.contains("\x1b[33m   v1\x1b[0m"), "stale is yellow");
    assert!(
        coloured.contains("\x1b[32m    ✓\x1b[0m"),
        "current is green"
    );
}

#[test]
fn a_date_locale_that_names_no_locale_is_an_error_at_its_line() {
    let site = TestSite::standard();
    let french = TestSite::default_theme_file("i18n/fr.toml");
    let mut lines: Vec<&str> = french.lines().collect();
    lines.insert(3, "locale = \"fr_FR.UTF-8\"");
    site.theme_file("i18n/fr.toml", &lines.join("\n"));
    let failure = site.build("public", "2024-04-01").unwrap_err().to_string();
    assert!(failure.contains("i18n/fr.toml:4"), "{failure}");
    assert!(
        failure.contains("`fr_FR.UTF-8` is not a BCP 47 locale"),
        "{failure}"
    );
}
