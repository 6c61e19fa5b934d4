//! The leak guard: hidden content planted in the output by a template stops the build, is
//! found in every form a consumer could read (gzip, ZIP, JSON escapes, entities, %-escapes,
//! copies), and shared text and titles are not mistaken for leaks. `plenary audit` does the
//! same.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::Command;

use plenary::commands::build::prepare;
use plenary::guard::Guard;
use plenary::release::parse_as_of;
use plenary::support::archive::{self, Entry};
use support::{tree, TestSite};

/// Public, after the meeting: sees hlgm v1–v2 and the agenda, not the secret note or hlgm v3.
const AS_OF: &str = "2024-04-01";

const SECRET_TEXT: &str = "The quartermaster reviewed seventeen plumbago sequences before the delegations arrived in the harbour district";
const SHARED_TEXT: &str =
    "The Committee is invited to take note of this document and to provide guidance on next steps";

fn site() -> TestSite {
    let site = TestSite::standard();
    site.version(
        "spring/secret-note",
        1,
        "en",
        "Zanzibar Confidential Arrangements",
        &format!("{SECRET_TEXT}.\n\n{SHARED_TEXT}.\n"),
    );
    site.version(
        "spring/secret-note",
        1,
        "ar",
        "ترتيبات زنجبار السرية",
        "ناقشت اللجنة الجدول الزمني للمشاورات بشأن حوكمة الذكاء الاصطناعي والخيارات المتاحة للجنة بشأن الخطوات التالية.\n",
    );
    // A hidden attachment whose bytes hold an HTML entity (read for its words decoded only).
    site.file(
        "meetings/spring/secret-note/minutes.xml",
        "<p>Tom &amp; Jerry</p>\n",
    );
    // A third version of a visible document, issued after `AS_OF`.
    site.document(
        "spring/hlgm",
        "kind = \"briefing\"\nsession = \"5\"\ntopics = [\"governance\"]\n[[versions]]\nnumber = 1\ndate = 2024-02-20\n[[versions]]\nnumber = 2\ndate = 2024-03-05\n[[versions]]\nnumber = 3\ndate = 2024-04-10\n",
    );
    site.version(
        "spring/hlgm",
        3,
        "en",
        "High-Level Meeting Briefing",
        &format!("## Objective\n\nSecond text, corrected.\n\nA late addendum names the marine biologists who will chair the working group on coral.\n\n{SHARED_TEXT}.\n"),
    );
    // The agenda shares a paragraph with the hidden note: shared text proves nothing.
    site.version(
        "spring/agenda",
        1,
        "en",
        "Agenda",
        &format!("## Item 1\n\nSee [the briefing](../hlgm/).\n\n{SHARED_TEXT}.\n"),
    );
    site
}

fn plant(site: &TestSite, text: &str) {
    let base = TestSite::default_theme_file("templates/base.html");
    site.theme_file(
        "templates/base.html",
        &base.replace("</footer>", &format!("<p>{text}</p></footer>")),
    );
}

fn errors(site: &TestSite) -> Vec<String> {
    match site.build("", AS_OF) {
        Ok(_) => panic!("the guard should stop this build"),
        Err(failure) => failure.diagnostics.iter().map(|d| d.to_string()).collect(),
    }
}

#[test]
fn the_guard_passes_a_clean_build_with_shared_text_and_titles() {
    let site = site();
    let report = site.build("", AS_OF).unwrap();
    let public = report
        .guards
        .iter()
        .find(|g| g.audience == "public")
        .unwrap();
    assert!(public.files > 10, "{public:?}");
    assert!(
        public
            .looked_for
            .contains("1 hidden documents, 1 hidden versions"),
        "{public:?}"
    );
}

#[test]
fn hidden_text_that_reads_like_a_distribution_line_is_no_leak() {
    // Every document page shows its distribution, composed of several strings: "Members
    // (before meeting) and Public (after meeting)". A hidden note saying the same in a
    // sentence shares that run with public pages, and proves nothing.
    let site = site();
    site.version(
        "spring/secret-note",
        1,
        "en",
        "Zanzibar Confidential Arrangements",
        &format!("{SECRET_TEXT}.\n\nIt goes to Members before meeting and Public after meeting, as usual.\n"),
    );
    let report = site.build("", AS_OF);
    assert!(report.is_ok(), "{:#?}", report.err().map(|f| f.diagnostics));
}

#[test]
fn a_hidden_title_planted_in_a_template_stops_the_build_and_keeps_the_old_output() {
    let site = site();
    site.build("", AS_OF).unwrap();
    let before = tree(&site.out());
    plant(&site, "Zanzibar Confidential Arrangements");
    let found = errors(&site);
    assert!(
        found.iter().any(|e| e.contains("/public/en/index.html: byte ")
            && e.contains("contains the title of meetings/spring/secret-note version 1 (en), which the public audience may not see as of 2024-04-01T00:00:00Z")),
        "{found:#?}"
    );
    // One finding for each public page with the footer, every one of them.
    let footers = before
        .iter()
        .filter(|(path, bytes)| {
            path.starts_with("public/") && String::from_utf8_lossy(bytes).contains("</footer>")
        })
        .count();
    assert!(footers > 10);
    assert_eq!(
        found.iter().filter(|e| e.starts_with("error: ")).count(),
        footers,
        "{found:#?}"
    );
    // The members may see the note: nothing is reported for them.
    assert!(found.iter().all(|e| !e.contains("/members/")), "{found:#?}");
    // The hidden text itself is never repeated in the messages.
    assert!(found.iter().all(|e| !e.contains("Zanzibar")));
    assert_eq!(
        before,
        tree(&site.out()),
        "the previous output is untouched"
    );
}

#[test]
fn hidden_body_text_address_and_later_versions_are_found_in_templates() {
    let site = site();
    plant(&site, &format!("<em>Note:</em> {SECRET_TEXT}"));
    assert!(errors(&site)
        .iter()
        .any(|e| e.contains("contains the text of meetings/spring/secret-note version 1 (en)")));

    let site = self::site();
    plant(&site, "<a href=\"/en/meetings/spring/secret-note/\">x</a>");
    assert!(errors(&site)
        .iter()
        .any(|e| e.contains("contains the address of meetings/spring/secret-note")));

    let site = self::site();
    plant(&site, "<a href=\"/en/meetings/spring/hlgm/v3/\">next</a> the marine biologists who will chair the working group on coral");
    let found = errors(&site);
    assert!(
        found
            .iter()
            .any(|e| e.contains("the address of meetings/spring/hlgm version 3")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|e| e.contains("the text of meetings/spring/hlgm version 3 (en)")),
        "{found:#?}"
    );
}

fn guard_findings(site: &TestSite, file: &str, content: &[u8]) -> Vec<String> {
    let prepared = prepare(&site.root()).unwrap();
    let public = &prepared.site.config.audiences["public"];
    let ui_text = prepared.renderer.ui_text(&prepared.site);
    let guard = Guard::new(
        &prepared.site,
        ui_text.iter().map(String::as_str).collect(),
        public,
        parse_as_of(AS_OF).unwrap(),
    );
    guard
        .scan_bytes(Path::new(file), content)
        .into_iter()
        .map(|f| format!("{} @{} [{}]: {}", f.file.display(), f.offset, f.how, f.what))
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn gzip_named(bytes: &[u8], name: &str) -> Vec<u8> {
    let mut encoder = flate2::GzBuilder::new()
        .filename(name)
        .write(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A ZIP archive of (name, content) entries, as plenary writes one.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let entries = entries
        .iter()
        .map(|(name, bytes)| Entry {
            name: name.to_string(),
            bytes: bytes.to_vec(),
        })
        .collect();
    archive::zip(entries).unwrap()
}

/// Distinct words enough that compressing them leaves thousands of bytes.
fn filler() -> String {
    (0..5000)
        .map(|i| format!("w{}", i * 7919 % 10007))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first half of a file, as an interrupted upload leaves it.
fn cut_off(bytes: &[u8]) -> Vec<u8> {
    bytes[..bytes.len() / 2].to_vec()
}

#[test]
fn hidden_content_is_found_in_every_form_a_reader_could_decode() {
    let site = site();
    let escaped: String = SECRET_TEXT
        .chars()
        .map(|c| {
            if c == 'e' {
                "\\u0065".to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("search/index.json", format!("{{\"t\":\"{escaped}\"}}").into_bytes(), "after decoding entities and escapes"),
        ("search/part.pf_fragment", gzip(format!("<p>{SECRET_TEXT}</p>").as_bytes()), "inside gzip"),
        ("feed.xml", "<title>&#90;anzibar Confidential Arrangements</title>".as_bytes().to_vec(), "after decoding entities and escapes"),
        ("links.txt", b"https://x/en/meetings/spring/secret%2Dnote/".to_vec(), "after decoding entities and escapes"),
        ("ar.html", "<p>ناقشت اللجنة الجدول الزمني للمشاورات بشأن حوكمة الذكاء الاصطناعي والخيارات المتاحة</p>".as_bytes().to_vec(), ""),
        ("ar-title.html", "<h1>ترتيبات زنجبار السرية</h1>".as_bytes().to_vec(), ""),
        ("deep.gz", gzip(&gzip(b"meetings/spring/secret-note/plan.txt")), "inside gzip, inside gzip"),
        // Text a gzip file carries outside its compressed content: the header's file name,
        // bytes after the member; and a second member, and a stream cut off after the secret.
        ("named.gz", gzip_named(b"nothing to see", "Zanzibar Confidential Arrangements.txt"), ""),
        ("trailer.gz", [gzip(b"nothing to see"), SECRET_TEXT.as_bytes().to_vec()].concat(), ""),
        ("members.gz", [gzip(b"nothing to see"), gzip(SECRET_TEXT.as_bytes())].concat(), "inside gzip"),
        ("cut.gz", cut_off(&gzip(format!("{SECRET_TEXT} {}", filler()).as_bytes())), "inside gzip"),
        // ZIP: an entry's content, its name, gzip and ZIP inside, a cut-off archive, a copy
        // of a hidden attachment inside (its name is the attachment's: not quoted).
        ("pack.zip", zip(&[("pack/index.html", b"<h1>Zanzibar Confidential Arrangements</h1>")]), "inside zip, entry \"pack/index.html\""),
        ("named.zip", zip(&[("Zanzibar Confidential Arrangements.txt", b"nothing to see")]), ""),
        ("gz-in.zip", zip(&[("search/part.gz", &gzip(SECRET_TEXT.as_bytes()))]), "inside zip, entry \"search/part.gz\", inside gzip"),
        ("zip-in.zip", zip(&[("inner.zip", &zip(&[("secret.html", SECRET_TEXT.as_bytes())]))]), "inside zip, entry \"inner.zip\", inside zip, entry \"secret.html\""),
        ("cut.zip", cut_off(&zip(&[("a.html", SECRET_TEXT.as_bytes()), ("b.txt", filler().as_bytes())])), "inside zip, entry \"a.html\""),
        ("copies.zip", zip(&[("plan.txt", b"zephyr-attachment-content\n")]), "inside zip, entry 1"),
        ("renamed.bin", b"zephyr-attachment-content\n".to_vec(), ""),
        // A calendar folds its lines at 75 octets, inside a word if need be.
        ("calendar.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Spring Meeting: Zanzibar Confi\r\n dential Arrangements\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".to_vec(), "after unfolding calendar lines"),
        ("copy.html", b"<p>Tom &amp; Jerry</p>\n".to_vec(), ""),
    ];
    for (file, content, how) in cases {
        let found = guard_findings(&site, file, &content);
        assert!(!found.is_empty(), "{file}: nothing found");
        assert!(
            found.iter().any(|f| f.contains(&format!("[{how}]"))),
            "{file}: {found:#?}"
        );
        assert!(
            found.iter().all(|f| f.contains("secret-note")),
            "{file}: {found:#?}"
        );
    }
}

/// Put `bytes` into the theme's `static/` folder, which every build copies to its output.
fn plant_static(site: &TestSite, name: &str, bytes: &[u8]) {
    site.theme_file(&format!("static/{name}"), "");
    std::fs::write(
        site.dir.path().join("themes/default/static").join(name),
        bytes,
    )
    .unwrap();
}

#[test]
fn a_hidden_title_in_a_zip_in_the_output_stops_the_build_and_the_message_names_the_entry() {
    let site = site();
    let page = b"<h1>Zanzibar Confidential Arrangements</h1>";
    plant_static(&site, "pack.zip", &zip(&[("pack/index.html", page)]));
    // An entry whose name is a hidden title: the messages name it by its place.
    let notes = zip(&[(
        "Zanzibar Confidential Arrangements.txt",
        SECRET_TEXT.as_bytes(),
    )]);
    plant_static(&site, "notes.zip", &notes);
    let found = errors(&site);
    let has = |file: &str, rest: &str| {
        found
            .iter()
            .any(|e| e.contains(&format!("/public/static/{file}: byte ")) && e.contains(rest))
    };
    assert!(
        has("pack.zip", " (inside zip, entry \"pack/index.html\"): contains the title of meetings/spring/secret-note version 1 (en), which the public audience may not see"),
        "{found:#?}"
    );
    assert!(
        has("notes.zip", " (inside zip, entry 1): contains the text of meetings/spring/secret-note version 1 (en)"),
        "{found:#?}"
    );
    assert!(
        has(
            "notes.zip",
            ": contains the title of meetings/spring/secret-note version 1 (en)"
        ),
        "{found:#?}"
    );
    assert!(found.iter().all(|e| !e.contains("Zanzibar")), "{found:#?}");
}

/// A visible attachment is visible text in every form the guard reads it: a sentence of a
/// hidden text that a visible compressed file also holds (gzip; a Word file, inside its ZIP)
/// proves nothing.
#[test]
fn text_inside_a_visible_compressed_attachment_is_visible_text() {
    let site = site();
    let xml = format!("<w:p><w:t>{SECRET_TEXT}.</w:t></w:p>");
    let attachments = [
        ("data.xml.gz", gzip(xml.as_bytes())),
        ("annex.docx", zip(&[("word/document.xml", xml.as_bytes())])),
    ];
    let folder = site.root().join("meetings/spring/agenda");
    for (name, bytes) in &attachments {
        std::fs::write(folder.join(name), bytes).unwrap();
    }
    let report = site.build("", AS_OF);
    assert!(report.is_ok(), "{:#?}", report.err().map(|f| f.diagnostics));
    let copied = site.out().join("public/meetings/spring/agenda");
    for (name, bytes) in &attachments {
        assert_eq!(&std::fs::read(copied.join(name)).unwrap(), bytes);
    }
}

#[test]
fn visible_text_titles_and_near_misses_are_not_findings() {
    let site = site();
    for content in [
        format!("<p>{SHARED_TEXT}</p>"),
        "<h1>High-Level Meeting Briefing</h1><p>Second text, corrected.</p>".to_string(),
        "/en/meetings/spring/secret-notes/ meetings/spring/secret-note-2/ the quartermaster reviewed seventeen".to_string(),
        "Zanzibar Confidential Arrangementsx".to_string(),
    ] {
        assert_eq!(guard_findings(&site, "page.html", content.as_bytes()), Vec::<String>::new(), "{content}");
    }
}

/// Dates are written out by the theme, in no visible text: a hidden Chinese text that
/// mentions the day a visible version was issued (a window of ten characters, as the pages
/// write that date; alone in a paragraph, so it is sure to be one the guard looks for) is
/// no leak.
#[test]
fn a_hidden_text_mentioning_a_date_the_pages_show_is_not_a_leak() {
    let site = site();
    site.file(
        "site.toml",
        &support::SITE_TOML.replace(r#"["en", "fr", "ar"]"#, r#"["en", "fr", "ar", "zh"]"#),
    );
    site.version(
        "spring/hlgm",
        1,
        "zh",
        "高级别会议简报",
        "## 目标\n\n简报的第一稿。\n",
    );
    site.version(
        "spring/secret-note",
        1,
        "zh",
        "桑给巴尔机密安排",
        "委员会于2024年2月20日审议了本文件并同意继续讨论。\n\n2024年2月20日\n",
    );
    if let Err(failure) = site.build("", AS_OF) {
        let errors: Vec<String> = failure.diagnostics.iter().map(|d| d.to_string()).collect();
        panic!("{errors:#?}");
    }
    let page = site.out().join("public/zh/meetings/spring/hlgm/index.html");
    let page = std::fs::read_to_string(&page).unwrap();
    assert!(
        page.contains("2024年2月20日"),
        "the page writes the date so: {page}"
    );
}

/// The verdict reads the visible texts of the document a page belongs to first (by its path),
/// then everything else: a path only says where to look, never what is innocent.
#[test]
fn where_a_suspect_is_found_does_not_change_the_verdict() {
    let site = site();
    for file in [
        "page.html",
        "en/meetings/spring/agenda/index.html",
        "en/meetings/spring/hlgm/v3/index.html",
        "en/meetings/spring/secret-note/index.html",
        "en/meetings/autumn/agenda/index.html",
    ] {
        let shared = format!("<p>{SHARED_TEXT}</p>");
        assert_eq!(
            guard_findings(&site, file, shared.as_bytes()),
            Vec::<String>::new(),
            "{file}"
        );
        let secret = format!("<p>{SECRET_TEXT}</p>");
        let found = guard_findings(&site, file, secret.as_bytes());
        assert!(
            !found.is_empty()
                && found
                    .iter()
                    .all(|f| f.contains("the text of meetings/spring/secret-note")),
            "{file}: {found:#?}"
        );
    }
}

fn plenary(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn audit_checks_any_folder_and_exits_one_on_a_hit() {
    let site = site();
    site.build("", AS_OF).unwrap();
    let root = site.root();
    let root = root.to_str().unwrap();
    let public = site.out().join("public");
    let members = site.out().join("members");

    let clean = plenary(&[
        "audit",
        "--site",
        root,
        "--audience",
        "public",
        "--as-of",
        AS_OF,
        public.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&clean.stderr);
    assert_eq!(clean.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("no hidden content in"), "{stderr}");

    // The members build, about to be published to the public by mistake.
    let wrong = plenary(&[
        "audit",
        "--site",
        root,
        "--audience",
        "public",
        "--as-of",
        AS_OF,
        members.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert_eq!(wrong.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("meetings/spring/secret-note"), "{stderr}");
    assert!(stderr.contains("do not publish it"), "{stderr}");

    let unknown = plenary(&[
        "audit",
        "--site",
        root,
        "--audience",
        "press",
        public.to_str().unwrap(),
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    let missing = plenary(&[
        "audit",
        "--site",
        root,
        "--audience",
        "public",
        "/nonexistent/folder",
    ]);
    assert_eq!(missing.status.code(), Some(2));
}
