//! What each audience's built site contains before, during and after a meeting.

mod support;
use support::TestSite;

const BRIEFING: &str = "en/meetings/spring/hlgm/index.html";

#[test]
fn members_see_a_briefing_from_its_issue_date_and_the_public_does_not() {
    let site = TestSite::standard();
    let members = site.output("members", "2024-02-21T12:00:00Z");
    assert!(members
        .read(BRIEFING)
        .contains("First text of the briefing"));
    let public = site.output("public", "2024-02-21T12:00:00Z");
    assert!(!public.exists(BRIEFING));
    assert!(public
        .files_containing("High-Level Meeting Briefing")
        .is_empty());
    assert!(
        public.files_containing("hlgm").is_empty(),
        "{:?}",
        public.files_containing("hlgm")
    );
}

#[test]
fn public_sees_nothing_one_minute_before_the_day_after_the_meeting() {
    let site = TestSite::standard();
    // The meeting ends 7 March in Puerto Rico (UTC−4): 8 March 00:00 local is 04:00 UTC.
    let public = site.output("public", "2024-03-08T03:59:00Z");
    assert!(!public.exists(BRIEFING));
    assert!(public
        .files_containing("High-Level Meeting Briefing")
        .is_empty());
}

#[test]
fn public_sees_the_briefing_at_the_boundary() {
    let site = TestSite::standard();
    let public = site.output("public", "2024-03-08T04:00:00Z");
    let page = public.read(BRIEFING);
    assert!(
        page.contains("Second text, corrected."),
        "latest visible version shown"
    );
    assert!(
        public.exists("en/meetings/spring/hlgm/v1/index.html"),
        "version 1 archived"
    );
    assert!(public
        .read("en/meetings/spring/hlgm/v1/index.html")
        .contains("First text of the briefing"));
    assert!(public
        .read("en/meetings/index.html")
        .contains("Spring Meeting"));
    assert!(public
        .read("en/meetings/spring/index.html")
        .contains("High-Level Meeting Briefing"));
}

#[test]
fn during_the_meeting_members_see_version_two_from_its_date_only() {
    let site = TestSite::standard();
    let before = site.output("members", "2024-03-05T03:59:00Z");
    assert!(before.read(BRIEFING).contains("First text"));
    assert!(
        !before.exists("en/meetings/spring/hlgm/v1/index.html"),
        "no archive while v1 is the latest"
    );
    assert!(!before
        .read(BRIEFING)
        .contains("Corrected the list of hosts"));
    let after = site.output("members", "2024-03-05T04:00:00Z");
    assert!(after.read(BRIEFING).contains("Second text"));
    assert!(after.exists("en/meetings/spring/hlgm/v1/index.html"));
}

#[test]
fn members_only_document_and_its_attachment_never_reach_the_public() {
    let site = TestSite::standard();
    let members = site.output("members", "2030-01-01");
    assert!(members.exists("en/meetings/spring/secret-note/index.html"));
    assert!(members.exists("meetings/spring/secret-note/plan.txt"));
    let public = site.output("public", "2030-01-01");
    for needle in [
        "secret-note",
        "Zanzibar",
        "Quartermaster plumbago",
        "zephyr-attachment-content",
        "plan.txt",
    ] {
        assert!(
            public.files_containing(needle).is_empty(),
            "`{needle}` leaked into {:?}",
            public.files_containing(needle)
        );
    }
}

#[test]
fn document_page_has_administration_block_versions_and_languages() {
    let site = TestSite::standard();
    let page = site.output("public", "2024-04-01").read(BRIEFING);
    assert!(page.contains("Document Administration"));
    assert!(
        page.contains("Members (before meeting) and Public (after meeting)"),
        "distribution in words"
    );
    assert!(page.contains("Version 1: 20 February 2024"));
    assert!(page.contains("Version 2: 5 March 2024"));
    assert!(
        page.contains("Corrected the list of hosts."),
        "version note"
    );
    assert!(
        page.contains(r#"href="/en/meetings/spring/hlgm/v1/""#),
        "history links the archive"
    );
    assert!(page.contains("Français"), "languages it exists in");
}

#[test]
fn stale_translation_names_and_links_the_newer_version() {
    let site = TestSite::standard();
    let public = site.output("public", "2024-04-01");
    let french = public.read("fr/meetings/spring/hlgm/index.html");
    assert!(
        french.contains("Premier texte"),
        "the French page shows the v1 translation"
    );
    assert!(
        french.contains(r#"href="/en/meetings/spring/hlgm/""#),
        "links the newer version"
    );
    assert!(french.contains("notice-stale"));
    assert!(
        !public.exists("ar/meetings/spring/hlgm/index.html"),
        "no Arabic translation, no Arabic page"
    );
    let arabic_listing = public.read("ar/meetings/spring/index.html");
    assert!(
        arabic_listing.contains(r#"href="/en/meetings/spring/hlgm/""#),
        "listing falls back to English"
    );
    assert!(arabic_listing.contains(r#"hreflang="en""#));
    assert!(arabic_listing.contains(r#"<a class="doc-title" href="/en/meetings/spring/hlgm/" hreflang="en" lang="en" dir="ltr">High-Level Meeting Briefing"#), "English title isolated as left-to-right on an Arabic page");
}

#[test]
fn html_lang_and_dir_are_right_for_every_language() {
    let site = TestSite::standard();
    let public = site.output("public", "2024-04-01");
    assert!(public
        .read("ar/index.html")
        .starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"));
    assert!(public
        .read("fr/index.html")
        .starts_with("<!DOCTYPE html>\n<html lang=\"fr\" dir=\"ltr\">"));
    assert!(public
        .read(BRIEFING)
        .starts_with("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"));
}

#[test]
fn restricted_build_has_banner_noindex_and_closed_robots() {
    let site = TestSite::standard();
    let members = site.output("members", "2024-04-01");
    let page = members.read(BRIEFING);
    assert!(
        page.contains(r#"<meta name="robots" content="noindex, nofollow">"#),
        "{}",
        &page[..400]
    );
    assert!(page.contains(r#"class="banner""#));
    assert_eq!(members.read("robots.txt"), "User-agent: *\nDisallow: /\n");
    let public = site.output("public", "2024-04-01");
    assert!(!public.read(BRIEFING).contains("noindex"));
    assert!(!public.read(BRIEFING).contains(r#"class="banner""#));
    assert!(public
        .read("robots.txt")
        .contains("Sitemap: https://public.example.org/sitemap.xml"));
}

#[test]
fn every_language_has_home_meetings_topics_and_feed() {
    let site = TestSite::standard();
    let public = site.output("public", "2024-04-01");
    for lang in ["en", "fr", "ar"] {
        for page in [
            "index.html",
            "meetings/index.html",
            "meetings/spring/index.html",
            "topics/governance/index.html",
            "feed.xml",
        ] {
            assert!(public.exists(&format!("{lang}/{page}")), "{lang}/{page}");
        }
    }
    assert!(
        public.exists("index.html") && public.exists("404.html") && public.exists("sitemap.xml")
    );
    assert!(public
        .read("sitemap.xml")
        .contains("https://public.example.org/fr/meetings/spring/hlgm/"));
}

#[test]
fn feed_dates_entries_when_they_became_public() {
    let site = TestSite::standard();
    let feed = site.output("public", "2024-04-01").read("en/feed.xml");
    assert!(
        feed.contains("<updated>2024-03-08T04:00:00Z</updated>"),
        "{feed}"
    );
    let members_feed = site.output("members", "2024-04-01").read("en/feed.xml");
    assert!(
        members_feed.contains("<updated>2024-02-20T04:00:00Z</updated>"),
        "{members_feed}"
    );
}

#[test]
fn pages_are_built_per_language_and_may_be_restricted() {
    let site = TestSite::standard();
    site.file(
        "pages/about.en.md",
        "+++\ntitle = \"About us\"\n+++\nWe advise.\n",
    );
    site.file(
        "pages/about.fr.md",
        "+++\ntitle = \"À propos\"\n+++\nNous conseillons.\n",
    );
    site.file(
        "pages/handbook.en.md",
        "+++\ntitle = \"Members handbook\"\naudiences = [\"members\"]\n+++\nInternal.\n",
    );
    let public = site.output("public", "2024-04-01");
    assert!(public
        .read("fr/about/index.html")
        .contains("Nous conseillons."));
    assert!(!public.exists("ar/about/index.html"));
    assert!(public.files_containing("handbook").is_empty());
    assert!(site
        .output("members", "2024-04-01")
        .read("en/handbook/index.html")
        .contains("Internal."));
}
