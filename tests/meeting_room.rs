//! What delegates carry into the room: the timetable, calendars (read with PyPI's
//! `icalendar`, a parser we did not write), the briefing pack and a feed per meeting — each
//! holding exactly what the audience may see.

mod support;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::TestSite;

/// The standard site's meeting (San Juan, 2–7 March 2024, UTC−4) with a timetable: the
/// briefing `hlgm` is in session 5, the agenda in session 1.
const TIMETABLE: &str = r#"
[[sessions]]
id = "1"
title = { en = "Opening of the meeting", fr = "Ouverture de la réunion", ar = "افتتاح الاجتماع" }
start = 2024-03-04T09:30:00
end = 2024-03-04T10:30:00
room = { en = "Room A", fr = "Salle A" }

[[sessions]]
id = "5"
title = { en = "Financing the future", fr = "Financer l'avenir" }
start = 2024-03-05T14:00:00
end = 2024-03-05T17:00:00
room = "Room A"

[[sessions]]
id = "7"
title = "Side event on statistics"
start = 2024-03-05T14:00:00
end = 2024-03-05T15:00:00
room = "Room B"
"#;

fn with_timetable() -> TestSite {
    let site = TestSite::standard();
    site.file(
        "meetings/spring/meeting.toml",
        &format!("{}{TIMETABLE}", support::MEETING_TOML),
    );
    site
}

fn errors_of(site: &TestSite) -> Vec<String> {
    match site.build("public", "2024-04-01") {
        Ok(_) => panic!("the build should fail"),
        Err(failure) => failure
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                d.to_string()
                    .replace(&format!("{}/", site.root().display()), "")
            })
            .collect(),
    }
}

#[test]
fn the_timetable_is_on_the_meeting_page_and_each_document_names_its_session() {
    let site = with_timetable();
    let out = site.output("public", "2024-04-01");
    let page = out.read("en/meetings/spring/index.html");
    let opening = page
        .find("Opening of the meeting")
        .expect("session 1 listed");
    let financing = page.find("Financing the future").expect("session 5 listed");
    let side = page
        .find("Side event on statistics")
        .expect("session 7 listed");
    assert!(opening < financing && financing < side, "in time order");
    // Local times of the meeting's zone, with its offset as English writes it.
    assert!(
        page.contains("Monday, 4 March 2024, 9:30\u{202f}am–10:30\u{202f}am (GMT-4)"),
        "{page}"
    );
    assert!(page.contains("Room: Room A"));
    assert!(page.contains(r#"id="session-5""#));
    // A session without documents is listed, and says so.
    let side_section = &page[side..];
    assert!(side_section.contains("No documents yet."));
    // French writes the offset as UTC and the day its own way.
    let fr = out.read("fr/meetings/spring/hlgm/index.html");
    assert!(
        fr.contains("Financer l’avenir") || fr.contains("Financer l&#39;avenir"),
        "{fr}"
    );
    assert!(
        fr.contains("mardi 5 mars 2024, 14:00–17:00 (UTC-4)"),
        "{fr}"
    );
    assert!(fr.contains(r##"href="/fr/meetings/spring/#session-5""##));
    // Arabic: the title in the default language where the timetable has none.
    let ar = out.read("ar/meetings/spring/index.html");
    assert!(ar.contains("افتتاح الاجتماع") && ar.contains("Financing the future"));
}

#[test]
fn timetable_mistakes_are_errors_with_file_line_and_hint() {
    let site = TestSite::standard();
    site.file(
        "meetings/spring/meeting.toml",
        &format!(
            "{}{}",
            support::MEETING_TOML,
            r#"
[[sessions]]
id = "1"
title = "Reversed"
start = 2024-03-04T10:30:00
end = 2024-03-04T09:30:00

[[sessions]]
id = "2"
title = "After the meeting"
start = 2024-03-08T09:00:00
end = 2024-03-08T10:00:00

[[sessions]]
id = "3"
title = "Morning"
start = 2024-03-05T09:00:00
end = 2024-03-05T12:00:00

[[sessions]]
id = "4"
title = "Overlapping, no room"
start = 2024-03-05T11:00:00
end = 2024-03-05T13:00:00

[[sessions]]
id = "3"
title = "Twice"
start = 2024-03-06T09:00:00
end = 2024-03-06T10:00:00

[[sessions]]
id = "6"
title = "With an offset"
start = 2024-03-06T11:00:00-04:00
end = 2024-03-06T12:00:00
"#
        ),
    );
    let found = errors_of(&site);
    let expected = [
        "meetings/spring/meeting.toml:12:7: session `1` ends (2024-03-04T09:30:00) before it starts",
        "meetings/spring/meeting.toml:17:9: session `2` at 2024-03-08T09:00:00 is outside the meeting's days (2024-03-02 to 2024-03-07)",
        "meetings/spring/meeting.toml:26:1: session `4` (2024-03-05T11:00:00 to 2024-03-05T13:00:00) overlaps session `3`",
        "meetings/spring/meeting.toml:32:1: session `3` is listed twice",
        "meetings/spring/meeting.toml:41:9: session start `2024-03-06T11:00:00-04:00` has an offset",
    ];
    for expected in expected {
        let hit = found
            .iter()
            .find(|m| m.contains(expected))
            .unwrap_or_else(|| panic!("no error {expected:?} in {found:#?}"));
        assert!(hit.contains("\n  hint: "), "{hit}");
    }
    assert_eq!(found.len(), expected.len(), "{found:#?}");

    // With a sound timetable, a document naming a session it lacks is the error.
    let site = with_timetable();
    site.document(
        "spring/late",
        "kind = \"agenda\"\nsession = \"9\"\n[[versions]]\nnumber = 1\ndate = 2024-02-01\n",
    );
    site.version("spring/late", 1, "en", "Late", "Text.\n");
    let found = errors_of(&site);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("error: meetings/spring/late/document.toml:2:11: session `9` is not in meeting `spring`'s timetable"),
        "{found:#?}"
    );
    assert!(
        found[0].contains(r#"hint: its meeting.toml lists sessions "1", "5", "7""#),
        "{found:#?}"
    );
}

/// The calendars of a built audience, read by tests/tools/calendars.py with `icalendar`
/// (local times shown in `zone`), or `None` where Python lacks the package and CI is not
/// asking (CI installs it: .ci/tools).
fn calendars(dir: &Path, zone: &str) -> Option<BTreeMap<String, Vec<Value>>> {
    let has_parser = Command::new("python3")
        .args(["-c", "import icalendar"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_parser {
        assert!(
            std::env::var("CI").is_err(),
            "CI needs python3 with icalendar (bash .ci/tools installs it)"
        );
        eprintln!("SKIPPED: no python3 icalendar (pip install icalendar==7.3.2)");
        return None;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/calendars.py");
    let run = Command::new("python3")
        .arg(script)
        .arg(dir)
        .arg(zone)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "icalendar refused a calendar: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    Some(serde_json::from_slice(&run.stdout).unwrap())
}

fn field<'v>(event: &'v Value, name: &str) -> &'v str {
    event[name].as_str().unwrap_or_default()
}

#[test]
fn calendars_parse_and_hold_exactly_the_visible_meetings_and_sessions() {
    let site = with_timetable();
    // Before the meeting: the public sees the agenda, not the briefings.
    let public = site.output("public", "2024-02-25");
    let Some(cals) = calendars(&public.dir, "America/Puerto_Rico") else {
        return;
    };
    let site_cal = &cals["en/calendar.ics"];
    assert_eq!(site_cal.len(), 1);
    assert_eq!(field(&site_cal[0], "summary"), "Spring Meeting");
    assert_eq!(field(&site_cal[0], "start"), "2024-03-02");
    assert_eq!(
        field(&site_cal[0], "end"),
        "2024-03-08",
        "all day, end exclusive"
    );
    let sessions = &cals["en/meetings/spring/calendar.ics"];
    let shown: Vec<(&str, &str, &str)> = sessions
        .iter()
        .map(|e| (field(e, "summary"), field(e, "start"), field(e, "end")))
        .collect();
    assert_eq!(
        shown,
        [
            (
                "Spring Meeting: Opening of the meeting",
                "2024-03-04T09:30",
                "2024-03-04T10:30"
            ),
            (
                "Spring Meeting: Financing the future",
                "2024-03-05T14:00",
                "2024-03-05T17:00"
            ),
            (
                "Spring Meeting: Side event on statistics",
                "2024-03-05T14:00",
                "2024-03-05T15:00"
            ),
        ]
    );
    assert_eq!(field(&sessions[0], "location"), "Room A, San Juan");
    assert_eq!(
        field(&sessions[1], "url"),
        "https://public.example.org/en/meetings/spring/#session-5"
    );
    // The agenda is public on issue and listed under its session; the briefing is not yet.
    assert!(field(&sessions[0], "description").contains("Agenda"));
    assert!(!field(&sessions[1], "description").contains("High-Level"));
    let fr = &cals["fr/meetings/spring/calendar.ics"];
    assert_eq!(
        field(&fr[1], "summary"),
        "Réunion de printemps : Financer l'avenir"
    );
    // UIDs are the same across languages (one event) and across builds.
    let uid: Vec<&str> = sessions.iter().map(|e| field(e, "uid")).collect();
    assert_eq!(uid, fr.iter().map(|e| field(e, "uid")).collect::<Vec<_>>());
    assert_eq!(uid[1], "spring/session/5@public.example.org");
    // No release calendar in the public build: its titles are not public.
    assert!(
        !cals.keys().any(|k| k.ends_with("releases.ics")),
        "{:?}",
        cals.keys()
    );
    for (path, events) in &cals {
        let text = serde_json::to_string(events).unwrap();
        for hidden in [
            "High-Level Meeting Briefing",
            "Zanzibar",
            "secret-note",
            "hlgm",
        ] {
            assert!(!text.contains(hidden), "{path} names {hidden}");
        }
    }
}

#[test]
fn members_get_the_release_calendar_of_when_each_document_becomes_public() {
    let site = with_timetable();
    let members = site.output("members", "2024-02-25");
    let Some(cals) = calendars(&members.dir, "UTC") else {
        return;
    };
    let releases = &cals["en/releases.ics"];
    let when: Vec<(&str, &str)> = releases
        .iter()
        .map(|e| (field(e, "summary"), field(e, "start")))
        .collect();
    // The briefing opens to the public the day after the meeting, 00:00 in San Juan (UTC−4);
    // the agenda opened on issue; the members-only note never does, so it has no event.
    assert_eq!(
        when,
        [
            ("Public release: Agenda", "2024-02-01T04:00"),
            (
                "Public release: High-Level Meeting Briefing",
                "2024-03-08T04:00"
            ),
        ]
    );
    let page = members.read("en/meetings/spring/index.html");
    assert!(page.contains(r#"href="/en/releases.ics""#));
    assert!(page.contains(r#"href="webcal://members.example.org/en/meetings/spring/calendar.ics""#));
}

#[test]
fn a_hidden_title_pasted_into_a_session_title_fails_the_public_build() {
    let site = TestSite::standard();
    site.file(
        "meetings/spring/meeting.toml",
        &format!(
            "{}\n[[sessions]]\nid = \"1\"\ntitle = \"Opening\"\nstart = 2024-03-04T09:00:00\nend = 2024-03-04T10:00:00\n\n[[sessions]]\nid = \"5\"\ntitle = \"Zanzibar Confidential Arrangements\"\nstart = 2024-03-05T09:00:00\nend = 2024-03-05T10:00:00\n",
            support::MEETING_TOML
        ),
    );
    let found = errors_of(&site);
    assert!(
        found
            .iter()
            .any(|m| m.contains("meetings/spring/meeting.toml")
                && m.contains("meetings/spring/secret-note")),
        "{found:#?}"
    );
    assert!(!site.out().join("public").exists(), "nothing written");
}

#[test]
fn each_meeting_has_a_feed_of_its_own_documents() {
    let site = with_timetable();
    site.file(
        "meetings/autumn/meeting.toml",
        "name = \"Autumn Meeting\"\nstart = 2024-10-01\nend = 2024-10-02\ntimezone = \"UTC\"\n",
    );
    site.document(
        "autumn/outlook",
        "kind = \"agenda\"\n[[versions]]\nnumber = 1\ndate = 2024-09-01\n",
    );
    site.version("autumn/outlook", 1, "en", "Autumn Outlook", "Text.\n");
    let out = site.output("public", "2024-10-05");
    let spring = out.read("en/meetings/spring/feed.xml");
    let autumn = out.read("en/meetings/autumn/feed.xml");
    assert!(spring.contains("<title>Spring Meeting: new documents</title>"));
    assert!(spring.contains("High-Level Meeting Briefing") && !spring.contains("Autumn Outlook"));
    assert!(autumn.contains("Autumn Outlook") && !autumn.contains("High-Level"));
    assert!(out.read("en/feed.xml").contains("Autumn Outlook"));
    let page = out.read("en/meetings/spring/index.html");
    assert!(page.contains(
        r#"<link rel="alternate" type="application/atom+xml" title="Follow this meeting (Atom feed)" href="/en/meetings/spring/feed.xml">"#
    ));
}

/// The entries of a ZIP, name → bytes, read with the zip crate.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        out.insert(entry.name().unwrap().to_string(), data);
    }
    out
}

#[test]
fn the_pack_holds_every_visible_document_and_its_zip_is_the_same_on_every_build() {
    let site = with_timetable();
    site.file("meetings/spring/hlgm/annex.csv", "year,amount\n2024,12\n");
    let out = site.output("members", "2024-03-06");
    let pack = out.read("en/meetings/spring/pack.html");
    // Agenda order: session 1's agenda, then session 5's briefing, and the note (no session).
    let agenda = pack.find(r#"id="doc-agenda""#).expect("agenda");
    let briefing = pack.find(r#"id="doc-hlgm""#).expect("briefing");
    let note = pack
        .find(r#"id="doc-secret-note""#)
        .expect("members see the note");
    assert!(agenda < briefing && briefing < note);
    assert!(
        pack.contains("Second text, corrected."),
        "the shown version"
    );
    assert!(
        pack.contains("Version 2: 5 March 2024"),
        "the Document Administration block"
    );
    let ids: Vec<&str> = pack
        .split(" id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    let unique: std::collections::BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "every id once: {ids:?}");
    assert!(
        ids.contains(&"objective"),
        "a body's ids as on its own page: {ids:?}"
    );
    // French: the briefing at its French version, the note in English and marked so.
    let fr = out.read("fr/meetings/spring/pack.html");
    assert!(fr.contains("Premier texte."), "{fr}");
    assert!(fr.contains("Non traduit : affiché en English."), "{fr}");
    assert!(fr.contains(r#"<div class="prose" lang="en" dir="ltr">"#));

    let zip_path = "en/meetings/spring/briefing-pack-spring-en.zip";
    let first = std::fs::read(out.dir.join(zip_path)).unwrap();
    let entries = unzip(&first);
    let names: Vec<&str> = entries.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "spring-en/hlgm/annex.csv",
            "spring-en/index.html",
            "spring-en/secret-note/plan.txt"
        ]
    );
    let offline = String::from_utf8(entries["spring-en/index.html"].clone()).unwrap();
    assert!(
        offline.contains(r#"href="hlgm/annex.csv""#),
        "attachments inside the ZIP"
    );
    assert!(offline.contains(r#"href="https://members.example.org/en/meetings/spring/""#));
    assert!(
        !offline.contains(r#"href="/"#),
        "no link that needs a server"
    );
    site.build("members", "2024-03-06").unwrap();
    let second = std::fs::read(out.dir.join(zip_path)).unwrap();
    assert!(first == second, "byte-identical across builds");
}

#[test]
fn the_public_pack_before_release_holds_nothing_hidden() {
    let site = with_timetable();
    let out = site.output("public", "2024-02-25");
    let pack = out.read("en/meetings/spring/pack.html");
    assert!(pack.contains("Agenda"));
    let zip = std::fs::read(
        out.dir
            .join("en/meetings/spring/briefing-pack-spring-en.zip"),
    )
    .unwrap();
    let mut everything = pack.into_bytes();
    for (name, bytes) in unzip(&zip) {
        everything.extend(name.into_bytes());
        everything.extend(bytes);
    }
    let text = String::from_utf8_lossy(&everything);
    for hidden in [
        "High-Level Meeting Briefing",
        "First text",
        "Zanzibar",
        "Quartermaster",
        "secret-note",
        "hlgm",
        "zephyr",
    ] {
        assert!(!text.contains(hidden), "the public pack holds {hidden}");
    }
}

#[test]
fn a_pack_is_written_again_exactly_when_one_of_its_documents_changes() {
    use std::os::unix::fs::MetadataExt;
    let site = with_timetable();
    site.file(
        "meetings/autumn/meeting.toml",
        "name = \"Autumn Meeting\"\nstart = 2024-10-01\nend = 2024-10-02\ntimezone = \"UTC\"\n",
    );
    site.document(
        "autumn/outlook",
        "kind = \"agenda\"\n[[versions]]\nnumber = 1\ndate = 2024-09-01\n",
    );
    site.version("autumn/outlook", 1, "en", "Autumn Outlook", "Text.\n");
    let inode = |path: &str| {
        std::fs::metadata(site.out().join("public").join(path))
            .unwrap()
            .ino()
    };
    let spring = "en/meetings/spring/briefing-pack-spring-en.zip";
    let autumn = "en/meetings/autumn/briefing-pack-autumn-en.zip";
    site.build("public", "2024-10-05").unwrap();
    let before = (inode(spring), inode(autumn));
    // The same content again: both packs are the files they were (the output swap keeps a
    // file whose bytes come out the same).
    site.build("public", "2024-10-05").unwrap();
    assert_eq!((inode(spring), inode(autumn)), before);
    // One spring document edited: the spring pack is new, the autumn one untouched.
    site.version(
        "spring/hlgm",
        2,
        "en",
        "High-Level Meeting Briefing",
        "## Objective\n\nSecond text, corrected again.\n",
    );
    site.build("public", "2024-10-05").unwrap();
    assert_ne!(inode(spring), before.0, "the spring pack is written again");
    assert_eq!(inode(autumn), before.1, "the autumn pack is kept");
    let out = support::Output {
        dir: site.out().join("public"),
    };
    assert!(out
        .read("en/meetings/spring/pack.html")
        .contains("corrected again"));
}

#[test]
fn the_guard_reads_the_pack_and_inside_its_zip() {
    let site = with_timetable();
    // A theme that writes a hidden title into the pack: the program's own leak, which only the
    // output scan can catch (no source holds the text).
    let pack = TestSite::default_theme_file("templates/pack.html");
    site.theme_file(
        "templates/pack.html",
        &pack.replace(
            "</main>",
            "<p>{{ \"Zanzibar Confidential \" ~ \"Arrangements\" }}</p></main>",
        ),
    );
    let found = match site.build("public", "2024-02-25") {
        Ok(_) => panic!("the guard should stop this build"),
        Err(failure) => failure
            .diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    };
    assert!(found.contains("en/meetings/spring/pack.html"), "{found}");
    assert!(
        found.contains("briefing-pack-spring-en.zip") && found.contains("inside zip"),
        "{found}"
    );
    assert!(
        found.contains("secret-note"),
        "names the hidden document: {found}"
    );
}

#[test]
fn a_site_may_turn_the_packs_off() {
    let site = with_timetable();
    site.file(
        "site.toml",
        &format!("packs = false\n{}", support::SITE_TOML),
    );
    let out = site.output("members", "2024-03-06");
    assert!(!out.exists("en/meetings/spring/pack.html"));
    assert!(!out.exists("en/meetings/spring/briefing-pack-spring-en.zip"));
    let page = out.read("en/meetings/spring/index.html");
    assert!(!page.contains("pack"), "no link to a pack: {page}");
    assert!(
        out.exists("en/meetings/spring/calendar.ics"),
        "calendars stay"
    );
}
