//! What readers expect of a document site: redlines between versions, transcripts with
//! speaker anchors, feeds, the sitemap, robots.txt and the 404 page.

mod support;

use support::TestSite;

const BRIEFING: &str = "en/meetings/spring/hlgm/index.html";
const REDLINE: &str = "en/meetings/spring/hlgm/changes/v2/index.html";

/// The standard site with a French version 2 and a Chinese-language site.
fn site_with_translated_revision() -> TestSite {
    let site = TestSite::standard();
    site.version(
        "spring/hlgm",
        2,
        "fr",
        "Note sur la réunion de haut niveau",
        "## Objectif\n\nPremier texte, corrigé.\n",
    );
    site
}

#[test]
fn a_redline_shows_what_changed_word_by_word_and_is_linked_from_the_history() {
    let site = TestSite::standard();
    let public = site.output("public", "2024-04-01");
    let redline = public.read(REDLINE);
    assert!(
        redline.contains("<h1>Changes in version 2</h1>"),
        "{redline}"
    );
    assert!(
        redline.contains("From version 1 (20 February 2024) to version 2 (5 March 2024)"),
        "{redline}"
    );
    assert!(redline.contains("Corrected the list of hosts."), "the note");
    assert!(
        redline.contains(
            "<p><del>First</del><ins>Second</ins> text<del> of the briefing</del><ins>, corrected</ins>.</p>"
        ),
        "{redline}"
    );
    assert!(
        redline.contains("Words added: 2. Words removed: 4."),
        "{redline}"
    );
    assert!(
        redline.contains(r#"href="/en/meetings/spring/hlgm/v1/""#),
        "links the old version"
    );
    let page = public.read(BRIEFING);
    assert!(
        page.contains(r#"href="/en/meetings/spring/hlgm/changes/v2/">What changed</a>"#),
        "the version history links the redline"
    );
    // French has version 1 only: no French redline, and the French page's history links
    // the English one, marked as English.
    assert!(!public.exists("fr/meetings/spring/hlgm/changes/v2/index.html"));
    let french = public.read("fr/meetings/spring/hlgm/index.html");
    assert!(
        french.contains(
            r#"href="/en/meetings/spring/hlgm/changes/v2/" hreflang="en">Voir les modifications</a>"#
        ),
        "{french}"
    );
}

#[test]
fn redlines_exist_in_each_language_that_has_both_versions_and_list_each_other() {
    let site = site_with_translated_revision();
    let public = site.output("public", "2024-04-01");
    let french = public.read("fr/meetings/spring/hlgm/changes/v2/index.html");
    assert!(french.contains("Modifications de la version 2"));
    assert!(
        french.contains("<p>Premier texte<ins>, corrigé</ins>.</p>"),
        "{french}"
    );
    assert!(french.contains(
        r#"<link rel="alternate" hreflang="en" href="https://public.example.org/en/meetings/spring/hlgm/changes/v2/">"#
    ));
    let sitemap = public.read("sitemap.xml");
    assert!(sitemap
        .contains("<loc>https://public.example.org/fr/meetings/spring/hlgm/changes/v2/</loc>"));
}

#[test]
fn no_redline_for_a_version_the_audience_cannot_see_yet() {
    let site = TestSite::standard();
    // Members see version 2 from 5 March (its date) and the public from 8 March.
    let members = site.output("members", "2024-03-04");
    assert!(!members.exists(REDLINE));
    assert!(members.files_containing("changes/v2").is_empty());
    let members = site.output("members", "2024-03-06");
    assert!(members.exists(REDLINE));
    let public = site.output("public", "2024-03-06");
    assert!(!public.exists(REDLINE));
    assert!(public.files_containing("Corrected the list").is_empty());
}

#[test]
fn a_redline_joins_no_text_that_markup_kept_apart() {
    // Both versions set part of a sentence in italics or bold. The hidden note happens to
    // contain the sentence without the markup: the redline must not write it joined (the
    // leak guard would rightly stop the build: it is text the public sees nowhere else).
    let site = TestSite::standard();
    site.version(
        "spring/hlgm",
        1,
        "en",
        "High-Level Meeting Briefing",
        "## Objective\n\n第一部分*委员会批准了*咨询文件和报告。\n",
    );
    site.version(
        "spring/hlgm",
        2,
        "en",
        "High-Level Meeting Briefing",
        "## Objective\n\n第一部分**委员会批准了**咨询文件和报告，\n",
    );
    // Written after both versions (so the source check, rightly, sees the briefing's text
    // as public first, not as pasted from the note).
    site.document(
        "spring/secret-note",
        "kind = \"briefing\"\nrelease = [\"members:on-issue\"]\n[[versions]]\nnumber = 1\ndate = 2024-03-06\n",
    );
    site.version(
        "spring/secret-note",
        1,
        "en",
        "Zanzibar Confidential Arrangements",
        "会议记录：委员会批准了咨询文件和报告的修订版本。\n",
    );
    let public = site.output("public", "2024-04-01");
    let redline = public.read(REDLINE);
    assert!(
        redline.contains("第一部分<wbr>委员会批准了<wbr>咨询文件和报告<del>。</del><ins>，</ins>"),
        "{redline}"
    );
    assert!(redline.contains("Only punctuation or symbols changed."));
}

const TRANSCRIPT: &str = "\
## Proceedings

**Ms. Helena Varga (Chair):** Good morning. I give the floor to the Secretariat.

**Ms. Priya Raman (Secretariat):** Thank you, Chair.

**Mr. Julien Marchetti (Delegate, France)**: France supports the proposal.

**Ms. Helena Varga (Chair):** Thank you. It is so decided.

[The Chair closed the item at 12:40]

A paragraph that **starts in bold** is not a turn.

[END OF TRANSCRIPTION]
";

fn site_with_transcript() -> TestSite {
    let site = TestSite::standard();
    site.document(
        "spring/transcript",
        "kind = \"transcript\"\nsession = \"5\"\n[[versions]]\nnumber = 1\ndate = 2024-03-07\n",
    );
    site.version(
        "spring/transcript",
        1,
        "en",
        "Transcript of Session 5",
        TRANSCRIPT,
    );
    site
}

#[test]
fn transcript_turns_get_anchors_and_the_speakers_are_listed_once() {
    let site = site_with_transcript();
    let page = site
        .output("public", "2024-04-01")
        .read("en/meetings/spring/transcript/index.html");
    for n in 1..=4 {
        assert!(
            page.contains(&format!(r#"<p id="turn-{n}" class="turn">"#)),
            "turn {n}: {page}"
        );
    }
    assert!(
        !page.contains(r#"id="turn-5""#),
        "bold inside a paragraph is not a turn"
    );
    let speakers = &page[page
        .find(r#"class="speakers""#)
        .expect("a list of speakers")..];
    let speakers = &speakers[..speakers.find("</nav>").unwrap()];
    assert_eq!(
        speakers.matches("<li>").count(),
        3,
        "each speaker once: {speakers}"
    );
    assert!(speakers.contains(
        r##"<a href="#turn-1"><bdi>Ms. Helena Varga</bdi></a> <span class="role">(<bdi>Chair</bdi>)</span>"##
    ));
    assert!(speakers.contains(r##"<a href="#turn-3"><bdi>Mr. Julien Marchetti</bdi></a>"##));
    assert!(page.contains(r#"<p class="procedural-mark">The Chair closed the item at 12:40</p>"#));
    assert!(page.contains(r#"<p class="end-mark">END OF TRANSCRIPTION</p>"#));
    assert!(!page.contains("[END OF TRANSCRIPTION]"), "not shown raw");
}

#[test]
fn other_documents_are_not_read_as_transcripts() {
    let site = TestSite::standard();
    site.version(
        "spring/agenda",
        1,
        "en",
        "Agenda",
        "**Note:** bold label.\n\n[a bracketed aside]\n",
    );
    let page = site
        .output("public", "2024-04-01")
        .read("en/meetings/spring/agenda/index.html");
    assert!(!page.contains("turn-1") && !page.contains(r#"class="speakers""#));
    assert!(page.contains("[a bracketed aside]"));
}

#[test]
fn the_feed_announces_each_version_when_it_became_visible_with_its_note() {
    let site = TestSite::standard();
    let feed = site.output("public", "2024-04-01").read("en/feed.xml");
    let entry = &feed[feed.find("Version 2").expect("an entry for version 2")..];
    let entry = &entry[..entry.find("</entry>").unwrap()];
    // Visible to the public from the day after the meeting in San Juan (UTC−4).
    assert!(entry.contains("2024-03-08T04:00:00Z"), "{entry}");
    assert!(entry.contains("Corrected the list of hosts."), "{entry}");
    let members = site.output("members", "2024-04-01").read("en/feed.xml");
    assert!(
        members.contains("2024-03-05T04:00:00Z"),
        "members saw version 2 on its date"
    );
}

#[test]
fn not_found_page_offers_every_home_and_robots_close_the_members_site() {
    let site = TestSite::standard();
    let public = site.output("public", "2024-04-01");
    let missing = public.read("404.html");
    for (home, name) in [
        ("/en/", "English"),
        ("/fr/", "Français"),
        ("/ar/", "العربية"),
    ] {
        assert!(
            missing.contains(&format!(r#"href="{home}""#)) && missing.contains(name),
            "{home}: {missing}"
        );
    }
    assert!(public
        .read("robots.txt")
        .contains("Sitemap: https://public.example.org/sitemap.xml"));
    let members = site.output("members", "2024-04-01");
    // Closed to robots, and no sitemap advertised to them.
    assert_eq!(members.read("robots.txt"), "User-agent: *\nDisallow: /\n");
}

#[test]
fn a_redline_does_not_tell_a_link_to_something_hidden_from_plain_text() {
    // The agenda links a members-only note. The public redline must be byte for byte the one
    // of a site where that note does not exist and the link is its plain text.
    let agenda = |site: &TestSite, link: &str| {
        site.document(
            "spring/agenda",
            "kind = \"agenda\"\nsession = \"1\"\n[[versions]]\nnumber = 1\ndate = 2024-02-01\n[[versions]]\nnumber = 2\ndate = 2024-02-02\n",
        );
        for (number, word) in [(1, "Draft"), (2, "Final")] {
            site.version(
                "spring/agenda",
                number,
                "en",
                "Agenda",
                &format!("## Item 1\n\n{word} list; see {link} for *details* of the item.\n"),
            );
        }
    };
    let with_hidden = TestSite::standard();
    agenda(&with_hidden, "[the note](../secret-note/)");
    let without = TestSite::standard();
    without.remove("meetings/spring/secret-note");
    agenda(&without, "the note");
    let page = "en/meetings/spring/agenda/changes/v2/index.html";
    let a = with_hidden.output("public", "2024-04-01").read(page);
    let b = without.output("public", "2024-04-01").read(page);
    assert!(a.contains("<del>Draft</del><ins>Final</ins>"), "{a}");
    assert_eq!(a, b);
}
