//! Links between documents: resolved per language, hidden targets unlinked, missing targets errors.

mod support;
use support::TestSite;

#[test]
fn link_to_a_hidden_document_keeps_its_text_loses_its_target_and_warns() {
    let site = TestSite::standard();
    let report = site.build("public", "2024-04-01").unwrap();
    let agenda = std::fs::read_to_string(
        site.out()
            .join("public/en/meetings/spring/agenda/index.html"),
    )
    .unwrap();
    assert!(agenda.contains("and the note."), "text kept: {agenda}");
    assert!(!agenda.contains("secret-note"));
    assert!(
        agenda.contains(r#"<a href="/en/meetings/spring/hlgm/">the briefing</a>"#),
        "visible target linked"
    );
    assert!(report
        .warnings
        .iter()
        .any(|w| w.message.contains("../secret-note/")
            && w.path.as_ref().unwrap().ends_with("v1.en.md")));
    let members = site.output("members", "2024-04-01");
    assert!(members
        .read("en/meetings/spring/agenda/index.html")
        .contains(r#"<a href="/en/meetings/spring/secret-note/">the note</a>"#));
}

#[test]
fn link_resolves_to_the_page_language_or_falls_back_to_the_default() {
    let site = TestSite::standard();
    site.version(
        "spring/agenda",
        1,
        "fr",
        "Ordre du jour",
        "## Point 1\n\nVoir [la note](@/meetings/spring/hlgm/) et [ordre](../agenda/#point-1).\n",
    );
    site.version(
        "spring/agenda",
        1,
        "ar",
        "جدول الأعمال",
        "انظر [المذكرة](../hlgm/).\n",
    );
    let public = site.output("public", "2024-04-01");
    let french = public.read("fr/meetings/spring/agenda/index.html");
    assert!(
        french.contains(r#"href="/fr/meetings/spring/hlgm/""#),
        "French translation exists"
    );
    assert!(french.contains(r#"href="/fr/meetings/spring/agenda/#point-1""#));
    let arabic = public.read("ar/meetings/spring/agenda/index.html");
    assert!(
        arabic.contains(r#"href="/en/meetings/spring/hlgm/""#),
        "no Arabic translation: English"
    );
}

#[test]
fn link_to_nothing_fails_the_build_with_file_and_line() {
    let site = TestSite::standard();
    site.version(
        "spring/agenda",
        1,
        "en",
        "Agenda",
        "Intro.\n\nSee [gone](../no-such-document/).\n",
    );
    let failure = site.build("", "2024-04-01").unwrap_err();
    let error = failure.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert!(error
        .path
        .as_ref()
        .unwrap()
        .ends_with("meetings/spring/agenda/v1.en.md"));
    assert_eq!(error.line, Some(6), "{error}");
    assert!(error.message.contains("no-such-document"), "{error}");
}

#[test]
fn missing_anchor_and_links_out_of_the_site_are_errors() {
    let site = TestSite::standard();
    site.version(
        "spring/agenda",
        1,
        "en",
        "Agenda",
        "[a](../hlgm/#no-such-heading) [b](../../../../../etc/passwd) [c](/etc/passwd)\n",
    );
    let failure = site.build("", "2024-04-01").unwrap_err();
    let messages: Vec<String> = failure.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(
        messages[0].contains("no heading with the anchor `no-such-heading`"),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("leads outside the site")),
        "{messages:#?}"
    );
}

#[test]
fn attachment_links_are_copied_only_with_their_document() {
    let site = TestSite::standard();
    site.file(
        "meetings/spring/hlgm/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.version(
        "spring/hlgm",
        2,
        "en",
        "High-Level Meeting Briefing",
        "## Objective\n\n![Chart](chart.svg)\n",
    );
    let members = site.output("members", "2024-03-06");
    assert!(members
        .read("en/meetings/spring/hlgm/index.html")
        .contains(r#"src="/meetings/spring/hlgm/chart.svg""#));
    assert!(members.exists("meetings/spring/hlgm/chart.svg"));
    let public = site.output("public", "2024-03-06");
    assert!(!public.exists("meetings/spring/hlgm/chart.svg"));
}
