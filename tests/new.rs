//! `plenary new`: a meeting, a document, a version and a translation created from the command
//! line pass `plenary check`; the author's comments and order in document.toml survive; nothing
//! is overwritten.

mod support;

use std::process::{Command, Output};

use support::TestSite;

fn new(site: &TestSite, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plenary"))
        .arg("new")
        .arg("--site")
        .arg(site.root())
        .args(args)
        .output()
        .unwrap()
}

fn ok(output: Output) -> String {
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}");
    stderr
}

#[test]
fn a_new_meeting_document_version_and_translation_pass_check_and_build() {
    let site = TestSite::standard();
    let created = ok(new(
        &site,
        &[
            "meeting",
            "autumn",
            "--start",
            "2024-10-07",
            "--end",
            "2024-10-09",
            "--timezone",
            "Africa/Nairobi",
            "--name",
            "Autumn Meeting",
            "--location",
            "Nairobi",
        ],
    ));
    assert!(
        created.contains("meetings/autumn/meeting.toml"),
        "{created}"
    );
    ok(new(
        &site,
        &[
            "document",
            "autumn/host-arrangements",
            "--kind",
            "briefing",
            "--session",
            "2",
            "--title",
            "Host Arrangements",
            "--date",
            "2024-09-01",
        ],
    ));
    site.version(
        "autumn/host-arrangements",
        1,
        "en",
        "Host Arrangements",
        "Badges are issued at the pavilion.\n",
    );
    let created = ok(new(
        &site,
        &["translation", "autumn/host-arrangements", "fr"],
    ));
    assert!(created.contains("v1.fr.md"), "{created}");
    let created = ok(new(
        &site,
        &[
            "version",
            "autumn/host-arrangements",
            "--date",
            "2024-09-20",
        ],
    ));
    assert!(
        created.contains("v2.en.md") && created.contains("v2.fr.md"),
        "{created}"
    );

    let folder = site.root().join("meetings/autumn/host-arrangements");
    // Each language's new version starts as the text of the one before.
    assert_eq!(
        std::fs::read_to_string(folder.join("v2.en.md")).unwrap(),
        std::fs::read_to_string(folder.join("v1.en.md")).unwrap()
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("v1.fr.md")).unwrap(),
        std::fs::read_to_string(folder.join("v1.en.md")).unwrap(),
        "a translation starts from the default language's text"
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("document.toml")).unwrap(),
        "kind = \"briefing\"\nsession = \"2\"\n\n[[versions]]\nnumber = 1\ndate = 2024-09-01\n\n[[versions]]\nnumber = 2\ndate = 2024-09-20\n"
    );
    let check = Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(["check", "--as-of", "2024-10-20", "--site"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let public = site.output("public", "2024-10-20");
    let page = public.read("en/meetings/autumn/host-arrangements/index.html");
    assert!(
        page.contains("Badges are issued at the pavilion."),
        "{page}"
    );
    assert!(public.exists("en/meetings/autumn/host-arrangements/v1/index.html"));
}

#[test]
fn comments_and_order_in_document_toml_survive_a_new_version() {
    let site = TestSite::standard();
    let written = "# Briefing for session 5: owner M. Varga.\nkind = \"briefing\"\ntopics = [\"governance\"]  # the committee's term\nsession = \"5\"\n\n[[versions]]\nnumber = 1\ndate = 2024-02-20   # issued at the bureau meeting\n\n[[versions]]\nnumber = 2\ndate = 2024-03-05\nnote = { en = \"Corrected the list of hosts.\" }\n";
    site.document("spring/hlgm", written);
    ok(new(
        &site,
        &["version", "spring/hlgm", "--date", "2024-03-20"],
    ));
    let after =
        std::fs::read_to_string(site.root().join("meetings/spring/hlgm/document.toml")).unwrap();
    assert_eq!(
        after,
        format!("{written}\n[[versions]]\nnumber = 3\ndate = 2024-03-20\n"),
        "everything written before stays byte for byte"
    );
}

#[test]
fn nothing_is_overwritten_and_mistakes_are_named() {
    let site = TestSite::standard();
    let before =
        std::fs::read_to_string(site.root().join("meetings/spring/hlgm/v2.en.md")).unwrap();
    for (args, expected) in [
        (
            vec!["translation", "spring/hlgm", "en"],
            "v2.en.md exists already: plenary new never overwrites",
        ),
        (
            vec!["translation", "spring/hlgm", "de"],
            "`de` is not one of the site's languages (en, fr, ar)",
        ),
        (
            vec!["document", "spring/hlgm", "--kind", "briefing"],
            "meetings/spring/hlgm exists already",
        ),
        (
            vec!["document", "spring/Notes", "--kind", "briefing"],
            "`Notes` cannot be a document folder",
        ),
        (
            vec!["document", "winter/notes", "--kind", "briefing"],
            "there is no meeting `winter`",
        ),
        (
            vec!["document", "spring/notes", "--kind", "memo"],
            "documents of kind `memo` have no release stages",
        ),
        (
            vec!["version", "spring/hlgm", "--date", "2024-03-01"],
            "version 3 would be dated 2024-03-01, before version 2",
        ),
        (
            vec!["version", "spring/hlgm", "--date", "5 March"],
            "--date `5 March` is not a date",
        ),
        (
            vec![
                "meeting",
                "autumn",
                "--start",
                "2024-10-09",
                "--end",
                "2024-10-07",
                "--timezone",
                "UTC",
            ],
            "ends (2024-10-07) before it starts",
        ),
        (
            vec![
                "meeting",
                "autumn",
                "--start",
                "2024-10-07",
                "--end",
                "2024-10-09",
                "--timezone",
                "Mars/Olympus",
            ],
            "`Mars/Olympus` is not a time zone",
        ),
    ] {
        let output = new(&site, &args);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    assert_eq!(
        std::fs::read_to_string(site.root().join("meetings/spring/hlgm/v2.en.md")).unwrap(),
        before
    );
    assert!(!site.root().join("meetings/spring/hlgm/v3.en.md").exists());
    assert!(!site.root().join("meetings/autumn").exists());
}
