//! Bad input: every error names its file (and line where known), all are reported together,
//! and the exit status is 1 for content errors and 2 for usage errors.

mod support;
use std::process::Command;

use support::TestSite;

fn errors(site: &TestSite) -> Vec<String> {
    match site.build("", "2024-04-01") {
        Ok(_) => panic!("the build should fail"),
        Err(failure) => failure
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect(),
    }
}

fn relative(site: &TestSite, message: &str) -> String {
    message.replace(&format!("{}/", site.root().display()), "")
}

#[test]
fn all_document_errors_of_a_run_are_reported_together_with_file_and_line() {
    let site = TestSite::standard();
    // 1: unknown key in document.toml; 2: a version file with no [[versions]] entry;
    // 3: a [[versions]] entry with no file; 4: unknown language; 5: unclosed front matter.
    site.document(
        "spring/agenda",
        "kind = \"agenda\"\ncolour = \"red\"\n[[versions]]\nnumber = 1\ndate = 2024-02-01\n",
    );
    site.version("spring/hlgm", 3, "en", "Third", "text\n");
    site.document(
        "spring/extra",
        "kind = \"briefing\"\n[[versions]]\nnumber = 1\ndate = 2024-02-01\n",
    );
    site.version("spring/secret-note", 1, "de", "Geheim", "text\n");
    site.file(
        "meetings/spring/hlgm/v1.fr.md",
        "+++\ntitle = \"x\"\n\nno closing line\n",
    );
    let found: Vec<String> = errors(&site).iter().map(|m| relative(&site, m)).collect();
    let expected = [
        "error: meetings/spring/agenda/document.toml:2:1: unknown field `colour`, expected one of `kind`, `session`, `topics`, `release`, `versions`",
        "error: meetings/spring/extra/document.toml:2:1: version 1 has no file",
        "error: meetings/spring/hlgm/v1.fr.md:1: the front matter is never closed",
        "error: meetings/spring/hlgm/v3.en.md: there is no [[versions]] entry with number = 3 in document.toml",
        "error: meetings/spring/secret-note/v1.de.md: language `de` is not one of the site's languages",
    ];
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for (found, expected) in found.iter().zip(expected) {
        assert!(
            found.starts_with(expected),
            "\nfound:    {found}\nexpected: {expected}"
        );
        assert!(
            found.contains("\n  hint: "),
            "every error says what to do: {found}"
        );
    }
}

#[test]
fn duplicate_version_numbers_and_unknown_audiences_are_errors() {
    let site = TestSite::standard();
    site.document(
        "spring/hlgm",
        "kind = \"briefing\"\nrelease = [\"press:on-issue\"]\n[[versions]]\nnumber = 1\ndate = 2024-02-20\n[[versions]]\nnumber = 1\ndate = 2024-03-05\n",
    );
    site.remove("meetings/spring/hlgm/v2.en.md");
    let found = errors(&site);
    assert!(
        found.iter().any(|m| m
            .contains("document.toml:2:12: release entry `press:on-issue` names audience `press`")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|m| m.contains("document.toml:7:10: version 1 is listed twice")),
        "{found:#?}"
    );
}

#[test]
fn a_kind_without_release_stages_fails_closed() {
    let site = TestSite::standard();
    site.document(
        "spring/slides",
        "kind = \"presentation\"\n[[versions]]\nnumber = 1\ndate = 2024-02-01\n",
    );
    site.version("spring/slides", 1, "en", "Slides", "text\n");
    let found = errors(&site);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]
            .contains("document.toml:1:8: documents of kind `presentation` have no release stages"),
        "{}",
        found[0]
    );
}

#[test]
fn bad_meeting_dates_and_time_zones_name_the_line() {
    let site = TestSite::standard();
    site.file(
        "meetings/spring/meeting.toml",
        "name = \"Spring\"\nstart = 2024-03-02\nend = 2024-02-30\ntimezone = \"Mars/Olympus\"\n",
    );
    let found = errors(&site);
    assert!(found[0].contains("meeting.toml:3:"), "{found:#?}");
    let site = TestSite::standard();
    site.file(
        "meetings/spring/meeting.toml",
        "name = \"Spring\"\nstart = 2024-03-02\nend = 2024-03-07\ntimezone = \"Mars/Olympus\"\n",
    );
    let found = errors(&site);
    assert!(
        found[0].contains("meeting.toml:4:12: unknown time zone `Mars/Olympus`"),
        "{found:#?}"
    );
}

#[test]
fn a_meeting_or_document_that_fails_to_load_does_not_bury_its_error_under_broken_links() {
    let site = TestSite::standard();
    site.file("meetings/autumn/meeting.toml", "name = \"Autumn\"\nstart = 2024-09-02\nend = 2024-09-05\ntimezone = \"Europe/The_Hague\"\n");
    site.document(
        "autumn/report",
        "kind = \"briefing\"\n[[versions]]\nnumber = 1\ndate = 2024-08-01\n",
    );
    site.version("autumn/report", 1, "en", "Report", "Text.\n");
    site.document("spring/broken", "kind = \"briefing\"\n[[versions]\n");
    site.version("spring/broken", 1, "en", "Broken", "Text.\n");
    site.version(
        "spring/agenda",
        1,
        "en",
        "Agenda",
        "See [the report](@/meetings/autumn/report/), [the meeting](@/meetings/autumn/), [the broken one](../broken/) and [nothing](../nothing/).\n",
    );
    let found: Vec<String> = errors(&site).iter().map(|e| relative(&site, e)).collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        found[0]
            .contains("meetings/autumn/meeting.toml:4:12: unknown time zone `Europe/The_Hague`"),
        "{found:#?}"
    );
    assert!(
        found[1].contains("meetings/spring/agenda/v1.en.md:"),
        "{found:#?}"
    );
    assert!(
        found[1].contains("meetings/spring/nothing, which is not a document"),
        "{found:#?}"
    );
    assert!(
        found[2].contains(
            "meetings/spring/broken/document.toml:2:12: unclosed array table, expected `]`"
        ),
        "{found:#?}"
    );
}

#[test]
fn broken_site_toml_stops_at_once_with_its_line() {
    let site = TestSite::standard();
    site.file(
        "site.toml",
        &support::SITE_TOML.replace("default_language = \"en\"", "default_language = \"en"),
    );
    let found = errors(&site);
    assert_eq!(found.len(), 1);
    assert!(found[0].contains("site.toml:3:"), "{}", found[0]);
}

#[test]
fn a_template_error_names_the_template() {
    let site = TestSite::standard();
    site.theme_file("templates/topic.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ topic | no_such_filter }}\n{% endblock main %}\n");
    let found = errors(&site);
    assert!(found[0].contains("topic.html"), "{found:#?}");
}

fn plenary(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn exit_status_is_one_for_content_errors_and_two_for_usage_errors() {
    let site = TestSite::standard();
    site.version("spring/agenda", 1, "en", "Agenda", "[x](../nowhere/)\n");
    let root = site.root();
    let out = site.out();
    let content = plenary(&[
        "build",
        "--site",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2024-04-01",
    ]);
    assert_eq!(content.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&content.stderr);
    assert!(
        stderr.contains("agenda/v1.en.md:4:1: `../nowhere/` links to meetings/spring/nowhere"),
        "{stderr}"
    );
    assert!(!out.join("public").exists());

    assert_eq!(
        plenary(&["build", "--as-of", "someday"]).status.code(),
        Some(2)
    );
    assert_eq!(plenary(&["build", "--frobnicate"]).status.code(), Some(2));
    assert_eq!(
        plenary(&["build", "--site", "/no/such/folder"])
            .status
            .code(),
        Some(2)
    );
    let site = TestSite::standard();
    let root = site.root();
    let unknown = plenary(&[
        "build",
        "--site",
        root.to_str().unwrap(),
        "--audience",
        "press",
        "--out",
        site.out().to_str().unwrap(),
    ]);
    assert_eq!(
        unknown.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&unknown.stderr)
    );
    let check = plenary(&[
        "check",
        "--site",
        root.to_str().unwrap(),
        "--as-of",
        "2024-04-01",
    ]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(!site.out().exists(), "check writes nothing");
}

#[test]
fn pathological_nesting_is_an_error_not_a_crash() {
    let site = TestSite::standard();
    let body = format!("Intro.\n\n{}deep\n", "> ".repeat(5000));
    site.version("spring/agenda", 1, "en", "Agenda", &body);
    let found = errors(&site);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains(
            "agenda/v1.en.md:6:97: lists, quotes, emphasis or HTML elements nest too deeply"
        ),
        "{}",
        found[0]
    );
}

#[test]
fn every_broken_link_of_many_files_is_reported_at_its_own_line_and_column_in_file_order() {
    let site = TestSite::standard();
    // Files are checked side by side and a link's place is worked out only for a problem:
    // each error must still name its own file, line and column, in file order.
    let body = |n: usize| {
        format!(
            "Intro paragraph.\n\nA [fine link](#intro) and\nsome text, [broken {n}](../missing-{n}/).\n\n## Intro\n\nÉtendue — [anchor {n}](#nowhere-{n}) here.\n"
        )
    };
    for n in 1..=6 {
        let id = format!("spring/note-{n}");
        site.document(
            &id,
            "kind = \"briefing\"\n[[versions]]\nnumber = 1\ndate = 2024-02-01\n",
        );
        site.version(&id, 1, "en", &format!("Note {n}"), &body(n));
    }
    let found: Vec<String> = errors(&site).iter().map(|e| relative(&site, e)).collect();
    let expected: Vec<String> = (1..=6)
        .flat_map(|n| {
            // The body starts on line 4 of the file, after three lines of front matter.
            [
                format!("meetings/spring/note-{n}/v1.en.md:7:12: `../missing-{n}/` links to meetings/spring/missing-{n}"),
                format!("meetings/spring/note-{n}/v1.en.md:11:11: `#nowhere-{n}`: this file has no heading"),
            ]
        })
        .collect();
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for (found, expected) in found.iter().zip(&expected) {
        assert!(
            found.contains(expected),
            "{found}\nshould contain\n{expected}"
        );
    }
}
