//! Hostile input: every case is a small site with one thing wrong (or dangerous) in it, and
//! the exact behaviour it must get — an error naming the file, the line and column where they
//! are known, and what to do; or safe output. A case that panics, or builds what it should
//! refuse, fails with its name.
//!
//! Cases are grouped by the file they attack, one test per group so groups run in parallel.
//! Each group prints its slowest case (no timing is asserted: machines differ).

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use support::{Output, TestSite};

/// What a case must produce.
enum Expect {
    /// The build fails with an error whose text (paths relative to the site folder) starts
    /// with `error: <location>` and contains the fragment.
    Error(&'static str, &'static str),
    /// The build succeeds, and the check holds of the public and members output.
    Builds(fn(&Output, &Output)),
}

struct Case {
    name: &'static str,
    edit: fn(&TestSite),
    expect: Expect,
}

use Expect::{Builds, Error};

/// As of this instant the test meeting (2–7 March 2024) is over: everything is public.
const AS_OF: &str = "2024-04-01";

fn run(cases: &[Case]) {
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, "");
    for case in cases {
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| check(case));
        let took = started.elapsed();
        if took > slowest.0 {
            slowest = (took, case.name);
        }
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(why)) => failures.push(format!("{}: {why}", case.name)),
            Err(_) => failures.push(format!("{}: panicked", case.name)),
        }
    }
    eprintln!(
        "{} cases; slowest: {} in {:.2?}",
        cases.len(),
        slowest.1,
        slowest.0
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

fn check(case: &Case) -> Result<(), String> {
    let site = TestSite::standard();
    (case.edit)(&site);
    if let Some(seeds) = std::env::var_os("PLENARY_FUZZ_SEEDS") {
        harvest_seeds(&site, Path::new(&seeds));
    }
    let result = site.build("", AS_OF);
    match (&case.expect, result) {
        (Error(location, says), Err(failure)) => {
            let root = format!("{}/", site.root().display());
            let errors: Vec<String> = failure
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.to_string().replace(&root, ""))
                .collect();
            let wanted = format!("error: {location}");
            if !errors
                .iter()
                .any(|e| e.starts_with(&wanted) && e.contains(says))
            {
                return Err(format!(
                    "expected an error at `{location}` saying `{says}`; got:\n{}",
                    errors.join("\n")
                ));
            }
            if let Some(bare) = errors.iter().find(|e| !e.contains("\n  hint: ")) {
                return Err(format!("an error says nothing about what to do: {bare}"));
            }
            if site.out().exists() && site.out().read_dir().map_or(0, |d| d.count()) > 1 {
                return Err("a failed build left output behind".into());
            }
            Ok(())
        }
        (Error(..), Ok(_)) => Err("the build should have failed, and succeeded".into()),
        (Builds(check), Ok(_)) => {
            let public = Output {
                dir: site.out().join("public"),
            };
            let members = Output {
                dir: site.out().join("members"),
            };
            check(&public, &members);
            Ok(())
        }
        (Builds(_), Err(failure)) => Err(format!("the build should succeed:\n{failure}")),
    }
}

/// Does any file of `output` contain `needle`?
fn anywhere(output: &Output, needle: &str) -> bool {
    !output.files_containing(needle).is_empty()
}

const DOC: &str = "kind = \"briefing\"\n[[versions]]\nnumber = 1\ndate = 2024-02-20\n";

/// Add a briefing `meeting/slug` with one English version.
fn one_version(s: &TestSite, id: &str, title: &str) {
    s.document(id, DOC);
    s.version(id, 1, "en", title, "text\n");
}

// ---------------------------------------------------------------------------------------------
// site.toml

fn replace_site(from: &str, to: &str) -> String {
    assert!(support::SITE_TOML.contains(from), "{from}");
    support::SITE_TOML.replace(from, to)
}

#[test]
fn site_toml() {
    run(&[
        Case {
            name: "unclosed string",
            edit: |s| s.file("site.toml", &replace_site("\"en\"\n", "\"en\n")),
            expect: Error("site.toml:3:", ""),
        },
        Case {
            name: "unknown key",
            edit: |s| {
                s.file(
                    "site.toml",
                    &format!("colour = \"red\"\n{}", support::SITE_TOML),
                )
            },
            expect: Error("site.toml:1:1:", "unknown field `colour`"),
        },
        Case {
            name: "missing title",
            edit: |s| {
                s.file(
                    "site.toml",
                    &replace_site("title = { en = \"Test Committee\", fr = \"Comité d'essai\", ar = \"لجنة الاختبار\" }\n", ""),
                )
            },
            expect: Error("site.toml", "title"),
        },
        Case {
            name: "default language not among the languages",
            edit: |s| {
                s.file(
                    "site.toml",
                    &replace_site("default_language = \"en\"", "default_language = \"de\""),
                )
            },
            expect: Error("site.toml", "`de`"),
        },
        Case {
            name: "unknown language code",
            edit: |s| {
                s.file(
                    "site.toml",
                    &replace_site(
                        "[\"en\", \"fr\", \"ar\"]",
                        "[\"en\", \"fr\", \"ar\", \"klingon\"]",
                    ),
                )
            },
            expect: Error("site.toml", "klingon"),
        },
        Case {
            name: "duplicate key",
            edit: |s| {
                s.file(
                    "site.toml",
                    &replace_site(
                        "default_language = \"en\"",
                        "default_language = \"en\"\ndefault_language = \"fr\"",
                    ),
                )
            },
            expect: Error("site.toml:4:", "duplicate key"),
        },
        Case {
            name: "release stage with an unknown moment",
            edit: |s| {
                s.file(
                    "site.toml",
                    &replace_site(
                        "\"public:after-meeting\"]\nagenda",
                        "\"public:whenever\"]\nagenda",
                    ),
                )
            },
            expect: Error("site.toml", "whenever"),
        },
        Case {
            name: "release stage naming an unknown audience",
            edit: |s| {
                s.file(
                    "site.toml",
                    &replace_site(
                        "agenda = [\"public:on-issue\"]",
                        "agenda = [\"press:on-issue\"]",
                    ),
                )
            },
            expect: Error("site.toml", "press"),
        },
        Case {
            name: "sees an unknown audience",
            edit: |s| {
                s.file(
                    "site.toml",
                    &replace_site("sees = [\"public\"]", "sees = [\"press\"]"),
                )
            },
            expect: Error("site.toml", "press"),
        },
        Case {
            name: "base_url that is not a URL",
            edit: |s| {
                s.file(
                    "site.toml",
                    &replace_site("\"https://public.example.org\"", "\"public example\""),
                )
            },
            expect: Error("site.toml", "base_url"),
        },
        Case {
            name: "no audiences",
            edit: |s| {
                s.file(
                    "site.toml",
                    "title = { en = \"T\" }\ndefault_language = \"en\"\nlanguages = [\"en\"]\n",
                )
            },
            expect: Error("site.toml", "audience"),
        },
        Case {
            name: "empty file",
            edit: |s| s.file("site.toml", ""),
            expect: Error("site.toml", ""),
        },
        Case {
            name: "a list where a table belongs",
            edit: |s| {
                s.file(
                    "site.toml",
                    &replace_site(
                        "[audiences.public]\nbase_url = \"https://public.example.org\"\n",
                        "",
                    )
                    .replace("[audiences.members]", "audiences = [1]\n[x]"),
                )
            },
            expect: Error("site.toml", ""),
        },
        Case {
            name: "byte order mark and CRLF line ends are read as any editor means them",
            edit: |s| {
                s.file(
                    "site.toml",
                    &format!("\u{feff}{}", support::SITE_TOML.replace('\n', "\r\n")),
                )
            },
            expect: Builds(|public, _| {
                assert!(public.read("en/index.html").contains("Test Committee"))
            }),
        },
    ]);
}

// ---------------------------------------------------------------------------------------------
// meeting.toml

const MEETING: &str = "meetings/spring/meeting.toml";

fn replace_meeting(from: &str, to: &str) -> String {
    assert!(support::MEETING_TOML.contains(from), "{from}");
    support::MEETING_TOML.replace(from, to)
}

#[test]
fn meeting_toml() {
    run(&[
        Case {
            name: "syntax error",
            edit: |s| {
                s.file(
                    MEETING,
                    &replace_meeting("location = \"San Juan\"", "location = San Juan"),
                )
            },
            expect: Error("meetings/spring/meeting.toml:3:12:", ""),
        },
        Case {
            name: "unknown key",
            edit: |s| {
                s.file(
                    MEETING,
                    &format!("{}venue = \"x\"\n", support::MEETING_TOML),
                )
            },
            expect: Error("meetings/spring/meeting.toml:7:1:", "unknown field `venue`"),
        },
        Case {
            name: "missing start",
            edit: |s| s.file(MEETING, &replace_meeting("start = 2024-03-02\n", "")),
            expect: Error("meetings/spring/meeting.toml", "start"),
        },
        Case {
            name: "missing time zone",
            edit: |s| {
                s.file(
                    MEETING,
                    &replace_meeting("timezone = \"America/Puerto_Rico\"\n", ""),
                )
            },
            expect: Error("meetings/spring/meeting.toml", "timezone"),
        },
        Case {
            name: "unknown time zone",
            edit: |s| {
                s.file(
                    MEETING,
                    &replace_meeting("America/Puerto_Rico", "Atlantis/Capital"),
                )
            },
            expect: Error(
                "meetings/spring/meeting.toml:6:12:",
                "unknown time zone `Atlantis/Capital`",
            ),
        },
        Case {
            name: "a UTC offset instead of a zone",
            edit: |s| s.file(MEETING, &replace_meeting("America/Puerto_Rico", "+04:00")),
            expect: Error("meetings/spring/meeting.toml:6:12:", "+04:00"),
        },
        Case {
            name: "impossible date",
            edit: |s| {
                s.file(
                    MEETING,
                    &replace_meeting("end = 2024-03-07", "end = 2024-02-30"),
                )
            },
            expect: Error("meetings/spring/meeting.toml:5:", ""),
        },
        Case {
            name: "date as prose",
            edit: |s| {
                s.file(
                    MEETING,
                    &replace_meeting("end = 2024-03-07", "end = \"7 March 2024\""),
                )
            },
            expect: Error("meetings/spring/meeting.toml:5:7:", ""),
        },
        Case {
            name: "date with a time",
            edit: |s| {
                s.file(
                    MEETING,
                    &replace_meeting("end = 2024-03-07", "end = 2024-03-07T18:00:00"),
                )
            },
            expect: Error("meetings/spring/meeting.toml:5:", ""),
        },
        Case {
            name: "ends before it starts",
            edit: |s| {
                s.file(
                    MEETING,
                    &replace_meeting("end = 2024-03-07", "end = 2024-03-01"),
                )
            },
            expect: Error("meetings/spring/meeting.toml", "before"),
        },
        Case {
            name: "empty file",
            edit: |s| s.file(MEETING, ""),
            expect: Error("meetings/spring/meeting.toml", ""),
        },
        Case {
            name: "whitespace only",
            edit: |s| s.file(MEETING, " \n\t\n"),
            expect: Error("meetings/spring/meeting.toml", ""),
        },
        Case {
            name: "name in an unknown language",
            edit: |s| {
                s.file(
                    MEETING,
                    &replace_meeting("fr = \"Réunion de printemps\"", "de = \"Frühjahrstagung\""),
                )
            },
            expect: Error("meetings/spring/meeting.toml", "`de`"),
        },
        Case {
            name: "a meeting folder without meeting.toml",
            edit: |s| {
                one_version(s, "autumn/report", "Report");
            },
            expect: Error("meetings/autumn", "meeting.toml"),
        },
        Case {
            name: "byte order mark and CRLF",
            edit: |s| {
                s.file(
                    MEETING,
                    &format!("\u{feff}{}", support::MEETING_TOML.replace('\n', "\r\n")),
                )
            },
            expect: Builds(|public, _| assert!(public.exists("en/meetings/spring/index.html"))),
        },
        Case {
            name: "a meeting that ends in a time zone where the day after skips midnight",
            // Samoa skipped 30 December 2011 entirely.
            edit: |s| {
                s.file(MEETING, "name = \"Apia\"\nstart = 2011-12-27\nend = 2011-12-29\ntimezone = \"Pacific/Apia\"\n")
            },
            expect: Builds(
                |public, _| assert!(public.exists("en/meetings/spring/hlgm/index.html")),
            ),
        },
    ]);
}

// ---------------------------------------------------------------------------------------------
// document.toml

const HLGM: &str = "meetings/spring/hlgm/document.toml";

#[test]
fn document_toml() {
    run(&[
        Case {
            name: "syntax error",
            edit: |s| s.document("spring/hlgm", "kind = \"briefing\n"),
            expect: Error(
                "meetings/spring/hlgm/document.toml:1:17:",
                "invalid basic string",
            ),
        },
        Case {
            name: "unknown key",
            edit: |s| s.document("spring/hlgm", &format!("colour = 1\n{DOC}")),
            expect: Error(
                "meetings/spring/hlgm/document.toml:1:1:",
                "unknown field `colour`",
            ),
        },
        Case {
            name: "missing kind",
            edit: |s| {
                s.document(
                    "spring/hlgm",
                    "[[versions]]\nnumber = 1\ndate = 2024-02-20\n",
                )
            },
            expect: Error(HLGM, "kind"),
        },
        Case {
            name: "a kind with no release stages",
            edit: |s| s.document("spring/hlgm", &DOC.replace("briefing", "memo")),
            expect: Error(
                "meetings/spring/hlgm/document.toml:1:8:",
                "no release stages",
            ),
        },
        Case {
            name: "no versions",
            edit: |s| s.document("spring/hlgm", "kind = \"briefing\"\n"),
            expect: Error(HLGM, "version"),
        },
        Case {
            name: "version number zero",
            edit: |s| s.document("spring/hlgm", &DOC.replace("number = 1", "number = 0")),
            expect: Error("meetings/spring/hlgm/document.toml:3:", ""),
        },
        Case {
            name: "negative version number",
            edit: |s| s.document("spring/hlgm", &DOC.replace("number = 1", "number = -1")),
            expect: Error("meetings/spring/hlgm/document.toml:3:", ""),
        },
        Case {
            name: "version number as text",
            edit: |s| s.document("spring/hlgm", &DOC.replace("number = 1", "number = \"1\"")),
            expect: Error("meetings/spring/hlgm/document.toml:3:", ""),
        },
        Case {
            name: "a version listed twice",
            edit: |s| {
                s.document(
                    "spring/hlgm",
                    &format!("{DOC}[[versions]]\nnumber = 1\ndate = 2024-02-21\n"),
                )
            },
            expect: Error(
                "meetings/spring/hlgm/document.toml:6:",
                "version 1 is listed twice",
            ),
        },
        Case {
            name: "a version without a date",
            edit: |s| {
                s.document(
                    "spring/hlgm",
                    "kind = \"briefing\"\n[[versions]]\nnumber = 1\n",
                )
            },
            expect: Error(HLGM, "date"),
        },
        Case {
            name: "impossible version date",
            edit: |s| s.document("spring/hlgm", &DOC.replace("2024-02-20", "2024-13-01")),
            expect: Error("meetings/spring/hlgm/document.toml:4:", ""),
        },
        Case {
            name: "version date as prose",
            edit: |s| {
                s.document(
                    "spring/hlgm",
                    &DOC.replace("2024-02-20", "\"20 February 2024\""),
                )
            },
            expect: Error("meetings/spring/hlgm/document.toml:4:8:", ""),
        },
        Case {
            name: "release entry naming an unknown audience",
            edit: |s| {
                s.document(
                    "spring/hlgm",
                    &DOC.replace(
                        "\n[[versions]]",
                        "\nrelease = [\"press:on-issue\"]\n[[versions]]",
                    ),
                )
            },
            expect: Error("meetings/spring/hlgm/document.toml:2:12:", "`press`"),
        },
        Case {
            name: "release entry without a colon",
            edit: |s| {
                s.document(
                    "spring/hlgm",
                    &DOC.replace("\n[[versions]]", "\nrelease = [\"public\"]\n[[versions]]"),
                )
            },
            expect: Error("meetings/spring/hlgm/document.toml:2:", "public"),
        },
        Case {
            name: "release entry with an unknown moment",
            edit: |s| {
                s.document(
                    "spring/hlgm",
                    &DOC.replace(
                        "\n[[versions]]",
                        "\nrelease = [\"public:tomorrow\"]\n[[versions]]",
                    ),
                )
            },
            expect: Error("meetings/spring/hlgm/document.toml:2:", "tomorrow"),
        },
        Case {
            name: "topics as a string",
            edit: |s| {
                s.document(
                    "spring/hlgm",
                    &DOC.replace("\n[[versions]]", "\ntopics = \"governance\"\n[[versions]]"),
                )
            },
            expect: Error("meetings/spring/hlgm/document.toml:2:10:", ""),
        },
        Case {
            name: "version note in an unknown language",
            edit: |s| s.document("spring/hlgm", &format!("{DOC}note = {{ de = \"Neu\" }}\n")),
            expect: Error(HLGM, "`de`"),
        },
        Case {
            name: "empty document.toml",
            edit: |s| s.document("spring/hlgm", ""),
            expect: Error(HLGM, ""),
        },
        Case {
            name: "a document folder without document.toml",
            edit: |s| s.remove("meetings/spring/hlgm/document.toml"),
            expect: Error("meetings/spring/hlgm", "document.toml"),
        },
        Case {
            name: "a listed version with no file in any language",
            edit: |s| {
                s.document("spring/hlgm", &format!("{DOC}[[versions]]\nnumber = 2\ndate = 2024-03-05\n[[versions]]\nnumber = 3\ndate = 2024-03-06\n"))
            },
            expect: Error(
                "meetings/spring/hlgm/document.toml:8:1:",
                "version 3 has no file",
            ),
        },
    ]);
}

// ---------------------------------------------------------------------------------------------
// Version files (front matter + Markdown)

const V1: &str = "meetings/spring/hlgm/v1.en.md";

#[test]
fn version_files() {
    run(&[
        Case {
            name: "front matter never closed",
            edit: |s| s.file(V1, "+++\ntitle = \"x\"\n\ntext\n"),
            expect: Error("meetings/spring/hlgm/v1.en.md:1:", "never closed"),
        },
        Case {
            name: "no front matter",
            edit: |s| s.file(V1, "Just text.\n"),
            expect: Error(V1, "front matter"),
        },
        Case {
            name: "empty file",
            edit: |s| s.file(V1, ""),
            expect: Error(V1, ""),
        },
        Case {
            name: "whitespace only",
            edit: |s| s.file(V1, "\n \n\t\n"),
            expect: Error(V1, ""),
        },
        Case {
            name: "front matter syntax error, line counted in the file",
            edit: |s| s.file(V1, "+++\ntitle = \"x\"\nsummary = \n+++\ntext\n"),
            expect: Error("meetings/spring/hlgm/v1.en.md:3:", ""),
        },
        Case {
            name: "unknown key in front matter",
            edit: |s| s.file(V1, "+++\ntitle = \"x\"\nauthor = \"me\"\n+++\ntext\n"),
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:3:1:",
                "unknown field `author`",
            ),
        },
        Case {
            name: "missing title",
            edit: |s| s.file(V1, "+++\nsummary = \"x\"\n+++\ntext\n"),
            expect: Error(V1, "title"),
        },
        Case {
            name: "empty title",
            edit: |s| s.file(V1, "+++\ntitle = \"  \"\n+++\ntext\n"),
            expect: Error(V1, "title"),
        },
        Case {
            name: "a file name without a language",
            edit: |s| s.file("meetings/spring/hlgm/v1.md", "+++\ntitle = \"x\"\n+++\n"),
            expect: Error("meetings/spring/hlgm/v1.md", ""),
        },
        Case {
            name: "a file name without a version number",
            edit: |s| s.file("meetings/spring/hlgm/vx.en.md", "+++\ntitle = \"x\"\n+++\n"),
            expect: Error("meetings/spring/hlgm/vx.en.md", ""),
        },
        Case {
            name: "an upper-case language code",
            edit: |s| s.file("meetings/spring/hlgm/v1.EN.md", "+++\ntitle = \"x\"\n+++\n"),
            expect: Error("meetings/spring/hlgm/v1.EN.md", ""),
        },
        Case {
            name: "an unknown language",
            edit: |s| s.version("spring/hlgm", 1, "de", "Geheim", "text\n"),
            expect: Error("meetings/spring/hlgm/v1.de.md", "`de`"),
        },
        Case {
            name: "a version file with no [[versions]] entry",
            edit: |s| s.version("spring/hlgm", 9, "en", "Nine", "text\n"),
            expect: Error("meetings/spring/hlgm/v9.en.md", "number = 9"),
        },
        Case {
            name: "a file name with leading zeros",
            edit: |s| {
                s.file(
                    "meetings/spring/hlgm/v01.en.md",
                    "+++\ntitle = \"x\"\n+++\n",
                )
            },
            expect: Error("meetings/spring/hlgm/v01.en.md", ""),
        },
        Case {
            name: "invalid UTF-8",
            edit: |s| {
                std::fs::write(
                    s.root().join(V1),
                    b"+++\ntitle = \"x\"\n+++\n\xff\xfe bad\n",
                )
                .unwrap()
            },
            expect: Error(V1, "UTF-8"),
        },
        Case {
            name: "UTF-16 file from a Windows editor",
            edit: |s| {
                let text: Vec<u8> = "\u{feff}+++\ntitle = \"x\"\n+++\ntext\n"
                    .encode_utf16()
                    .flat_map(|u| u.to_le_bytes())
                    .collect();
                std::fs::write(s.root().join(V1), text).unwrap()
            },
            expect: Error(V1, "UTF-8"),
        },
        Case {
            name: "byte order mark, CRLF and front matter delimiters with trailing spaces",
            edit: |s| {
                s.file(
                    V1,
                    "\u{feff}+++ \r\ntitle = \"Windows Title\"\r\n+++\r\nBody line.\r\n",
                )
            },
            expect: Builds(|public, _| {
                let page = public.read("en/meetings/spring/hlgm/v1/index.html");
                assert!(page.contains("Windows Title") && page.contains("Body line."));
                assert!(!page.contains('\u{feff}') && !page.contains('\r'));
            }),
        },
        Case {
            // Found by fuzzing: one mark was removed and the second hid the `+++`.
            name: "two byte order marks",
            edit: |s| {
                s.file(
                    V1,
                    "\u{feff}\u{feff}+++\ntitle = \"Twice Marked\"\n+++\nBody.\n",
                )
            },
            expect: Builds(|public, _| {
                let page = public.read("en/meetings/spring/hlgm/v1/index.html");
                assert!(page.contains("Twice Marked") && !page.contains('\u{feff}'));
            }),
        },
        Case {
            name: "YAML front matter is named, not misread",
            edit: |s| s.file(V1, "---\ntitle: x\n---\ntext\n"),
            expect: Error(V1, "+++"),
        },
    ]);
}

// ---------------------------------------------------------------------------------------------
// Names: folders and slugs that collide or cannot be addresses

#[test]
fn names() {
    run(&[
        Case {
            // Slugs are lowercase ASCII, so two can never differ only in case.
            name: "two documents whose slugs differ only in case",
            edit: |s| {
                one_version(s, "spring/HLGM", "Upper");
            },
            expect: Error(
                "meetings/spring/HLGM:",
                "document folder name `HLGM` is not a lowercase slug",
            ),
        },
        Case {
            name: "two documents whose slugs differ only in Unicode normalization",
            edit: |s| {
                one_version(s, "spring/caf\u{e9}", "Composed");
                one_version(s, "spring/cafe\u{301}", "Decomposed");
            },
            expect: Error("meetings/spring/caf", "is not a lowercase slug"),
        },
        Case {
            name: "two meetings whose ids differ only in case",
            edit: |s| {
                s.file("meetings/Spring/meeting.toml", support::MEETING_TOML);
            },
            expect: Error(
                "meetings/Spring:",
                "meeting folder name `Spring` is not a lowercase slug",
            ),
        },
        Case {
            name: "a slug with a space",
            edit: |s| {
                one_version(s, "spring/high level", "Spaced");
            },
            expect: Error("meetings/spring/high level", ""),
        },
        Case {
            name: "a slug with a percent sign",
            edit: |s| {
                one_version(s, "spring/100%", "Percent");
            },
            expect: Error("meetings/spring/100%", ""),
        },
        Case {
            // Version pages live below their document (`hlgm/v1/`), so this clashes with none.
            name: "a document slug that looks like a version",
            edit: |s| {
                one_version(s, "spring/v1", "Clash");
            },
            expect: Builds(|public, _| {
                assert!(public
                    .read("en/meetings/spring/v1/index.html")
                    .contains("Clash"));
                assert!(public
                    .read("en/meetings/spring/hlgm/v1/index.html")
                    .contains("First text"));
            }),
        },
        Case {
            name: "a document folder directly under meetings",
            edit: |s| s.file("meetings/stray.md", "+++\ntitle = \"x\"\n+++\n"),
            expect: Error("meetings/stray.md", ""),
        },
        Case {
            name: "hidden files and editor leftovers are ignored",
            edit: |s| {
                s.file("meetings/spring/hlgm/.v1.en.md.swp", "\0\0binary");
                s.file("meetings/spring/.DS_Store", "\0\0binary");
                s.file(".git/config", "[core]\n");
            },
            expect: Builds(|public, _| {
                assert!(!public
                    .files()
                    .keys()
                    .any(|k| k.contains(".swp") || k.contains(".DS_Store") || k.contains(".git")))
            }),
        },
        Case {
            name: "a page slug that differs only in case from another",
            edit: |s| {
                s.file("pages/about.en.md", "+++\ntitle = \"About\"\n+++\nText.\n");
                s.file(
                    "pages/About.en.md",
                    "+++\ntitle = \"About 2\"\n+++\nText.\n",
                );
            },
            expect: Error("pages/About.en.md:", "`About` cannot be a page name"),
        },
    ]);
}

// ---------------------------------------------------------------------------------------------
// Markdown: size, depth, patterns known to be slow, and raw HTML

fn body(s: &TestSite, text: &str) {
    s.version("spring/hlgm", 1, "en", "High-Level Meeting Briefing", text);
}

fn page(public: &Output) -> String {
    public.read("en/meetings/spring/hlgm/v1/index.html")
}

#[test]
fn markdown() {
    run(&[
        Case {
            name: "a 10 MB document",
            edit: |s| {
                body(
                    s,
                    &"A paragraph of ordinary text about the meeting, repeated at length.\n\n"
                        .repeat(150_000),
                )
            },
            expect: Builds(|public, _| assert!(page(public).len() > 10_000_000)),
        },
        Case {
            name: "lists nested 10,000 deep",
            edit: |s| {
                body(
                    s,
                    &(0..10_000)
                        .map(|i| format!("{}- item\n", "  ".repeat(i)))
                        .collect::<String>(),
                )
            },
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:28:49:",
                "nest too deeply here (more than 48 open elements)",
            ),
        },
        Case {
            name: "block quotes nested 50,000 deep",
            edit: |s| body(s, &format!("{} deep\n", ">".repeat(50_000))),
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:4:49:",
                "nest too deeply here",
            ),
        },
        Case {
            // Found by fuzzing: one HTML block to the Markdown parser, a stack overflow (an
            // abort no panic handler catches) in the sanitizer.
            name: "raw HTML divs nested 20,000 deep",
            edit: |s| body(s, &format!("Text.\n\n{}\n", "<div>".repeat(20_000))),
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:6:1:",
                "lists, quotes, emphasis or HTML elements nest too deeply here",
            ),
        },
        Case {
            name: "raw HTML spans nested 20,000 deep inside a paragraph",
            edit: |s| body(s, &format!("Text {} text\n", "<span>".repeat(20_000))),
            expect: Error("meetings/spring/hlgm/v1.en.md:4:", "nest too deeply here"),
        },
        Case {
            name: "raw HTML opened and closed 20,000 times is fine",
            edit: |s| {
                body(
                    s,
                    &format!("{}\n", "<div><span>x</span></div>".repeat(20_000)),
                )
            },
            expect: Builds(|public, _| {
                let html = page(public);
                assert_eq!(html.matches("<div><span>x</span></div>").count(), 20_000);
            }),
        },
        Case {
            name: "lists nested 20 deep are fine",
            edit: |s| {
                body(
                    s,
                    &(0..20)
                        .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
                        .collect::<String>(),
                )
            },
            expect: Builds(|public, _| assert!(page(public).contains("item 19"))),
        },
        Case {
            name: "50,000 unclosed link brackets",
            edit: |s| body(s, &"[".repeat(50_000)),
            expect: Builds(|public, _| assert!(page(public).contains("[[[["))),
        },
        Case {
            name: "alternating emphasis markers",
            edit: |s| body(s, &"*a _".repeat(20_000)),
            expect: Builds(|_, _| {}),
        },
        Case {
            name: "backtick runs of every length",
            edit: |s| {
                body(
                    s,
                    &(1..400).map(|n| "`".repeat(n) + "x").collect::<String>(),
                )
            },
            expect: Builds(|_, _| {}),
        },
        Case {
            name: "many unmatched HTML-looking openers",
            edit: |s| body(s, &"<a ".repeat(30_000)),
            expect: Builds(|public, _| assert!(!page(public).contains("<a <a"))),
        },
        Case {
            name: "thousands of link reference definitions",
            edit: |s| {
                body(
                    s,
                    &(0..5_000)
                        .map(|i| format!("[r{i}]: https://example.org/{i}\n"))
                        .collect::<String>(),
                )
            },
            expect: Builds(|_, _| {}),
        },
        Case {
            name: "a table with 2,000 columns",
            edit: |s| {
                body(
                    s,
                    &format!(
                        "{}\n{}\n{}\n",
                        "|h".repeat(2_000),
                        "|-".repeat(2_000),
                        "|c".repeat(2_000)
                    ),
                )
            },
            expect: Builds(|public, _| assert!(page(public).contains("<table"))),
        },
        Case {
            name: "a line of 1 MB with no spaces",
            edit: |s| body(s, &"x".repeat(1 << 20)),
            expect: Builds(|_, _| {}),
        },
        Case {
            name: "a NUL character",
            edit: |s| body(s, "line one\nbefore\0after\n"),
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:5:7:",
                "control character U+0000",
            ),
        },
        Case {
            name: "a C1 control character from a botched Windows-1252 conversion",
            edit: |s| body(s, "smart \u{93}quotes\u{94}\n"),
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:4:7:",
                "control character U+0093",
            ),
        },
        Case {
            name: "a control character in a title",
            edit: |s| s.file(V1, "+++\ntitle = \"bell\u{7}\"\n+++\n"),
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:2:",
                "control character U+0007",
            ),
        },
        Case {
            name: "tabs, form feeds and bidirectional marks are text",
            edit: |s| body(s, "col\tumn\n\u{c}\nالنص \u{200f}(RTL)\n"),
            expect: Builds(|public, _| assert!(page(public).contains("(RTL)"))),
        },
    ]);
}

// ---------------------------------------------------------------------------------------------
// Raw HTML and text that must be escaped: nothing an author writes runs in a reader's browser

/// The theme's own scripts: how many `<script>` elements each file of the standard site's
/// public output holds (the language chooser has one).
/// How many `<script>` and `<form>` elements (the search box) the theme itself puts in
/// each file of a clean build: hostile content may add none.
fn theme_elements() -> &'static BTreeMap<String, (usize, usize)> {
    static ELEMENTS: OnceLock<BTreeMap<String, (usize, usize)>> = OnceLock::new();
    ELEMENTS.get_or_init(|| {
        let site = TestSite::standard();
        let mut elements = BTreeMap::new();
        for audience in ["public", "members"] {
            for (path, bytes) in site.output(audience, AS_OF).files() {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let tags = tags(&text);
                let count = |name: &str| tags.iter().filter(|t| t.name == name).count();
                let seen = elements.entry(path).or_insert((0, 0));
                *seen = (seen.0.max(count("script")), seen.1.max(count("form")));
            }
        }
        elements
    })
}

/// A start tag as a browser would see it: name and attributes, lowercased.
struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
}

/// The start tags of an HTML or XML text, the way a browser tokenizes them: the text inside
/// `title`, `textarea`, `script` and `style`, comments and CDATA sections holds no tags.
fn tags(text: &str) -> Vec<Tag> {
    let lower = text.to_lowercase();
    let bytes = lower.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(at) = lower[i..].find('<').map(|p| p + i) {
        let rest = &lower[at..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(lower.len(), |e| at + e + 3);
            continue;
        }
        if rest.starts_with("<![cdata[") {
            i = rest.find("]]>").map_or(lower.len(), |e| at + e + 3);
            continue;
        }
        if !bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic) {
            i = at + 1;
            continue;
        }
        // The tag runs to the first `>` outside quotes.
        let mut end = at + 1;
        let mut quote = None;
        while end < bytes.len() {
            match (quote, bytes[end]) {
                (None, b'>') => break,
                (None, q @ (b'"' | b'\'')) => quote = Some(q),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            end += 1;
        }
        let inside = &lower[at + 1..end];
        let name_end = inside
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(inside.len());
        let tag = Tag {
            name: inside[..name_end].to_string(),
            attributes: attributes(&inside[name_end..]),
        };
        i = end;
        if matches!(tag.name.as_str(), "title" | "textarea" | "script" | "style") {
            let close = format!("</{}", tag.name);
            i = lower[end..].find(&close).map_or(lower.len(), |e| end + e);
        }
        found.push(tag);
    }
    found
}

fn attributes(mut s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if s.is_empty() {
            return out;
        }
        let name_end = s
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(s.len());
        let name = s[..name_end].to_string();
        s = s[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = s.strip_prefix('=') {
            let after = after.trim_start();
            let (v, rest) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = after[1..].find(q).map_or(after.len(), |e| e + 1);
                    (&after[1..close], after.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let e = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..e], &after[e..])
                }
            };
            value = v.to_string();
            s = rest;
        }
        out.push((name, value));
    }
}

/// An attribute value as a URL parser reads it: entities decoded, whitespace and control
/// characters dropped (`java&#9;script:` is `javascript:` to a browser).
fn as_url(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        if let Some(entity) = rest.strip_prefix("&#") {
            let end = entity.find(';').unwrap_or(entity.len());
            let code = entity[..end].strip_prefix('x').map_or_else(
                || entity[..end].parse().ok(),
                |hex| u32::from_str_radix(hex, 16).ok(),
            );
            if let Some(decoded) = code.and_then(char::from_u32) {
                out.push(decoded);
                rest = entity.get(end + 1..).unwrap_or("");
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect()
}

/// No script but the theme's, no event handler, no script URL, no frame, form or base
/// element anywhere in the output.
fn inert(output: &Output) {
    for (path, bytes) in output.files() {
        inert_text(&path, &String::from_utf8_lossy(&bytes));
    }
}

fn inert_text(path: &str, text: &str) {
    {
        let tags = tags(text);
        let count = |name: &str| tags.iter().filter(|t| t.name == name).count();
        let (scripts, forms) = theme_elements().get(path).copied().unwrap_or((0, 0));
        assert!(
            count("script") <= scripts,
            "{path} has a script the theme did not put there"
        );
        assert!(
            count("form") <= forms,
            "{path} has a form the theme did not put there"
        );
        for tag in &tags {
            assert!(
                !matches!(
                    tag.name.as_str(),
                    "iframe" | "object" | "embed" | "base" | "frame"
                ),
                "{path} has a <{}> element",
                tag.name
            );
            for (name, value) in &tag.attributes {
                assert!(!name.starts_with("on"), "{path}: <{} {name}=…>", tag.name);
                let url = as_url(value);
                for scheme in ["javascript:", "vbscript:", "data:text"] {
                    assert!(
                        !url.starts_with(scheme),
                        "{path}: <{} {name}={value}>",
                        tag.name
                    );
                }
            }
            if tag.name == "meta" {
                assert!(
                    !tag.attributes
                        .iter()
                        .any(|(n, v)| n == "http-equiv" && v == "refresh"),
                    "{path} has a meta refresh"
                );
            }
        }
    }
}

#[test]
fn the_inertness_check_catches_what_a_browser_would_run() {
    let caught = |html: &str| std::panic::catch_unwind(|| inert_text("x.html", html)).is_err();
    for bad in [
        "<p>text<script>alert(1)</script>",
        "<title>t</title><SCRIPT src=x></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<a href='x' onClick=\"y\">",
        "<a href=\"&#106;avascript:alert(1)\">",
        "<a href=\"java&#x09;script:alert(1)\">",
        "<a href=\" javascript:alert(1)\">",
        "<a href=vbscript:x>",
        "<iframe src=x>",
        "<form action=x>",
        "<base href=x>",
        "<meta http-equiv=refresh content=0>",
        "<!-- c --><svg onload=x>",
    ] {
        assert!(caught(bad), "missed: {bad}");
    }
    for fine in [
        "<title>&lt;script> <script>alert(1)</script></title>",
        "<p>javascript:alert(1) as text, onerror=x as text</p>",
        "<!-- <script> -->",
        "<![CDATA[<script>]]>",
        "<a href=\"/en/javascript-guide/\" title=\"on one page\">",
        "<textarea><script></textarea>",
    ] {
        assert!(!caught(fine), "false alarm: {fine}");
    }
}

fn both_inert(public: &Output, members: &Output) {
    inert(public);
    inert(members);
}

#[test]
fn raw_html_and_escaping() {
    run(&[
        Case {
            name: "a script element",
            edit: |s| body(s, "Before <script>alert(1)</script> after.\n"),
            expect: Builds(both_inert),
        },
        Case {
            // Found by fuzzing: the sanitizer dropped everything after an unclosed raw-text
            // element, silently, with the headings later links point at.
            name: "a style element never closed",
            edit: |s| body(s, "Before.\n\n<style>body{display:none}\n\n## Later heading\n\nAfter.\n"),
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:6:1:",
                "a `<style>` element starts here and is not closed within its paragraph or HTML block: the page after it would vanish into it",
            ),
        },
        Case {
            name: "a script element never closed, inline",
            edit: |s| body(s, "Before <script>alert(1) and the rest.\n"),
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:4:8:",
                "a `<script>` element starts here and is not closed within its paragraph",
            ),
        },
        Case {
            name: "an HTML comment never closed",
            edit: |s| body(s, "Before.\n\n<!-- draft note\n\nAfter.\n"),
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:6:1:",
                "an HTML comment `<!--` starts here and is not closed within its paragraph",
            ),
        },
        Case {
            // Found by fuzzing: the page's next tags were read as the attributes of a tag
            // left without its `>`, and a heading lost its anchor.
            name: "an HTML tag never finished",
            edit: |s| body(s, "<div>\n<span title=\"x\n\n## Heading\n\nText.\n"),
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:5:1:",
                "the HTML tag `<span` starts here and is not closed within its paragraph",
            ),
        },
        Case {
            name: "an HTML tag spread over lines is fine",
            edit: |s| body(s, "<div\n  class=\"note\"\n  title=\"a > b\">\nInside.\n</div>\n\n## Heading\n"),
            expect: Builds(|public, _| {
                let html = page(public);
                assert!(html.contains("Inside.") && html.contains("id=\"heading\""), "{html}");
            }),
        },
        Case {
            // Found by fuzzing: closed, but only after a heading that vanished into it.
            name: "a style element closed only after the next heading",
            edit: |s| body(s, "Text <style>p{}\n\n## Heading\n\nMore </style> text.\n"),
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:4:6:",
                "a `<style>` element starts here and is not closed within its paragraph",
            ),
        },
        Case {
            // Found by fuzzing: tag soup the load-time checks pass, after which the sanitizer
            // keeps nothing. The last check, every heading keeping its anchor, stops it.
            name: "raw HTML that hides the rest of the document from the sanitizer",
            edit: |s| body(s, include_str!("../fuzz/regressions/markdown/object-soup-hides-everything")),
            expect: Error(
                "meetings/spring/hlgm/v1.en.md: the raw HTML in this file hides part of it",
                "the heading `Headinxeect>d",
            ),
        },
        Case {
            name: "a closed style element is removed and the text after it stays",
            edit: |s| body(s, "<style>body{display:none}</style>\n\nAfter the style.\n"),
            expect: Builds(|public, _| {
                let html = page(public);
                assert!(html.contains("After the style.") && !html.contains("display:none"));
            }),
        },
        Case {
            name: "a script block",
            edit: |s| body(s, "<script>\nalert(1)\n</script>\n\nAfter.\n"),
            expect: Builds(both_inert),
        },
        Case {
            name: "event handlers",
            edit: |s| {
                body(s, "<img src=\"x.png\" onerror=\"alert(1)\"> <b onclick=alert(1)>b</b> <div onmouseover='x'>d</div>\n")
            },
            expect: Builds(both_inert),
        },
        Case {
            name: "a javascript: link in Markdown",
            edit: |s| {
                body(
                    s,
                    "[click](javascript:alert(1)) and [again](JaVaScRiPt:alert(1))\n",
                )
            },
            expect: Builds(both_inert),
        },
        Case {
            name: "a javascript: link hidden by entities and whitespace",
            edit: |s| {
                body(s, "<a href=\"&#106;avascript:alert(1)\">x</a> <a href=\" javascript:alert(1)\">y</a> <a href=\"java\tscript:alert(1)\">z</a>\n")
            },
            expect: Builds(both_inert),
        },
        Case {
            name: "a vbscript: and a data: link",
            edit: |s| {
                body(s, "[a](vbscript:msgbox) [b](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n")
            },
            expect: Builds(|public, members| {
                both_inert(public, members);
                assert!(!anywhere(public, "data:text/html"));
            }),
        },
        Case {
            name: "an iframe, an object and an embed",
            edit: |s| {
                body(s, "<iframe src=\"https://evil.example\"></iframe><object data=\"x\"></object><embed src=\"x\">\n")
            },
            expect: Builds(both_inert),
        },
        Case {
            name: "an SVG with onload",
            edit: |s| body(s, "<svg onload=\"alert(1)\"><circle r=\"1\"/></svg>\n"),
            expect: Builds(both_inert),
        },
        Case {
            name: "a style element and style attributes",
            edit: |s| {
                body(
                    s,
                    "<style>body{display:none}</style><p style=\"position:fixed\">x</p>\n",
                )
            },
            expect: Builds(|public, _| {
                assert!(!page(public).contains("display:none"));
                assert!(!page(public).contains("position:fixed"));
            }),
        },
        Case {
            name: "a form that could phish a password",
            edit: |s| {
                body(
                    s,
                    "<form action=\"https://evil.example\"><input type=\"password\"></form>\n",
                )
            },
            expect: Builds(|public, _| {
                // The theme's own search box is the only form, and has no password field.
                let html = page(public);
                assert_eq!(html.matches("<form").count(), 1, "{html}");
                assert!(!html.contains("password") && !anywhere(public, "evil.example"));
            }),
        },
        Case {
            name: "a meta refresh and a base element",
            edit: |s| {
                body(s, "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\"><base href=\"https://evil.example/\">\n")
            },
            expect: Builds(|public, _| assert!(!anywhere(public, "evil.example"))),
        },
        Case {
            name: "an unclosed comment swallowing the page",
            edit: |s| body(s, "Visible <!-- never closed\n\nStill text.\n"),
            expect: Builds(|public, _| {
                assert!(public
                    .read("en/meetings/spring/hlgm/v1/index.html")
                    .contains("</footer>"))
            }),
        },
        Case {
            name: "a title that closes the script element",
            edit: |s| {
                s.file(
                    V1,
                    "+++\ntitle = \"</script><script>alert(1)</script>\"\n+++\ntext\n",
                )
            },
            expect: Builds(both_inert),
        },
        Case {
            name: "a title with quotes and angle brackets, in attributes too",
            edit: |s| {
                s.file(
                    V1,
                    "+++\ntitle = \"\\\"><img src=x onerror=alert(1)> & 'q'\"\n+++\ntext\n",
                )
            },
            expect: Builds(|public, members| {
                both_inert(public, members);
                assert!(public
                    .read("en/meetings/spring/hlgm/v1/index.html")
                    .contains("&lt;img"));
            }),
        },
        Case {
            name: "a title that ends an XML CDATA section",
            edit: |s| s.file(V1, "+++\ntitle = \"Data ]]> <evil/> & more\"\n+++\ntext\n"),
            expect: Builds(|public, _| {
                for (path, bytes) in public
                    .files()
                    .into_iter()
                    .filter(|(p, _)| p.ends_with(".xml"))
                {
                    let text = String::from_utf8(bytes).unwrap();
                    assert!(!text.contains("<evil/>"), "{path}");
                }
            }),
        },
        Case {
            name: "a summary with markup and an ampersand",
            edit: |s| {
                s.file(V1, "+++\ntitle = \"T\"\nsummary = \"<b>bold</b> & <script>x</script>\"\n+++\ntext\n")
            },
            expect: Builds(both_inert),
        },
        Case {
            name: "a version note with markup",
            edit: |s| {
                s.document("spring/hlgm", "kind = \"briefing\"\n[[versions]]\nnumber = 1\ndate = 2024-02-20\nnote = { en = \"<script>alert(1)</script>\" }\n[[versions]]\nnumber = 2\ndate = 2024-03-05\n")
            },
            expect: Builds(both_inert),
        },
        Case {
            name: "a meeting name with markup",
            edit: |s| {
                s.file(
                    MEETING,
                    &replace_meeting(
                        "en = \"Spring Meeting\"",
                        "en = \"<script>alert(1)</script>\"",
                    ),
                )
            },
            expect: Builds(both_inert),
        },
        Case {
            name: "a site title with markup",
            edit: |s| {
                s.file(
                    "site.toml",
                    &replace_site(
                        "en = \"Test Committee\"",
                        "en = \"</title><script>alert(1)</script>\"",
                    ),
                )
            },
            expect: Builds(both_inert),
        },
        Case {
            name: "an autolink with a script URL",
            edit: |s| body(s, "<javascript:alert(1)>\n"),
            expect: Builds(both_inert),
        },
        Case {
            name: "an image with a script URL",
            edit: |s| body(s, "![x](javascript:alert(1))\n"),
            expect: Builds(both_inert),
        },
    ]);
}

// ---------------------------------------------------------------------------------------------
// Paths: links, images and symlinks that lead out of the site

/// A file outside the site folder that no build may read or publish.
fn outside(s: &TestSite) -> std::path::PathBuf {
    let path = s.dir.path().join("secret-outside.txt");
    std::fs::write(&path, "outside-the-site-7f3a\n").unwrap();
    path
}

fn nothing_from_outside(public: &Output, members: &Output) {
    assert!(!anywhere(public, "outside-the-site-7f3a"));
    assert!(!anywhere(members, "outside-the-site-7f3a"));
}

#[test]
fn paths() {
    run(&[
        Case {
            name: "a link climbing out of the site",
            edit: |s| body(s, "[x](../../../../../etc/passwd)\n"),
            expect: Error("meetings/spring/hlgm/v1.en.md:", "etc/passwd"),
        },
        Case {
            name: "a site-absolute link climbing out",
            edit: |s| body(s, "[x](@/../../etc/passwd)\n"),
            expect: Error("meetings/spring/hlgm/v1.en.md:", ""),
        },
        Case {
            name: "a link with percent-encoded dots",
            edit: |s| body(s, "[x](%2e%2e/%2e%2e/%2e%2e/etc/passwd)\n"),
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:4:1:",
                "`%2e%2e/%2e%2e/%2e%2e/etc/passwd` does not name a document",
            ),
        },
        Case {
            name: "an image path climbing out of the site",
            edit: |s| {
                outside(s);
                body(s, "![x](../../../../secret-outside.txt)\n");
            },
            expect: Error("meetings/spring/hlgm/v1.en.md:", ""),
        },
        Case {
            name: "an absolute file path as an image",
            edit: |s| body(s, "![x](/etc/passwd)\n"),
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:4:1:",
                "`/etc/passwd` starts with `/`",
            ),
        },
        Case {
            name: "a file: URL",
            edit: |s| {
                let target = outside(s);
                body(
                    s,
                    &format!("[x](file://{0}) ![y](file://{0})\n", target.display()),
                );
            },
            expect: Builds(|public, members| {
                nothing_from_outside(public, members);
                assert!(!page(public).contains("href=file:"));
            }),
        },
        Case {
            name: "a symlinked version file leading out",
            edit: |s| {
                let target = outside(s);
                std::fs::remove_file(s.root().join(V1)).unwrap();
                std::os::unix::fs::symlink(target, s.root().join(V1)).unwrap();
            },
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:",
                "leads outside the site folder",
            ),
        },
        Case {
            name: "a symlinked attachment leading out",
            edit: |s| {
                let target = outside(s);
                std::os::unix::fs::symlink(target, s.root().join("meetings/spring/hlgm/leak.txt"))
                    .unwrap();
            },
            expect: Error(
                "meetings/spring/hlgm/leak.txt:",
                "leads outside the site folder",
            ),
        },
        Case {
            name: "a symlinked meeting folder leading out",
            edit: |s| {
                let elsewhere = s.dir.path().join("elsewhere");
                std::fs::create_dir_all(&elsewhere).unwrap();
                std::fs::write(elsewhere.join("meeting.toml"), support::MEETING_TOML).unwrap();
                std::os::unix::fs::symlink(&elsewhere, s.root().join("meetings/autumn")).unwrap();
            },
            expect: Error("meetings/autumn:", "leads outside the site folder"),
        },
        Case {
            name: "a symlink loop",
            edit: |s| {
                std::os::unix::fs::symlink(
                    s.root().join("meetings/spring/loop"),
                    s.root().join("meetings/spring/loop"),
                )
                .unwrap();
            },
            expect: Error("meetings/spring/loop:", ""),
        },
        Case {
            name: "a symlink inside the site is followed",
            edit: |s| {
                s.file("meetings/spring/agenda/shared.txt", "inside-the-site\n");
                std::os::unix::fs::symlink(
                    s.root().join("meetings/spring/agenda/shared.txt"),
                    s.root().join("meetings/spring/hlgm/plan.txt"),
                )
                .unwrap();
            },
            expect: Builds(|_, members| assert!(anywhere(members, "inside-the-site"))),
        },
        Case {
            name: "an unreadable version file",
            edit: |s| {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(s.root().join(V1), std::fs::Permissions::from_mode(0o000))
                    .unwrap();
                if std::fs::read(s.root().join(V1)).is_ok() {
                    // Running as root: permissions do not stop reading. Make it a folder instead.
                    std::fs::remove_file(s.root().join(V1)).unwrap();
                    std::fs::create_dir(s.root().join(V1)).unwrap();
                }
            },
            expect: Error("meetings/spring/hlgm/v1.en.md", ""),
        },
    ]);
}

// ---------------------------------------------------------------------------------------------
// The command line and the output folder: refused before anything is written

struct Command {
    name: &'static str,
    /// Prepares the scene and returns the arguments (`{site}`, `{dir}` are replaced).
    setup: fn(&TestSite) -> Vec<String>,
    status: i32,
    says: &'static str,
}

fn plenary(site: &TestSite, args: &[String]) -> std::process::Output {
    let dir = site.dir.path().display().to_string();
    let root = site.root().display().to_string();
    std::process::Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(
            args.iter()
                .map(|a| a.replace("{site}", &root).replace("{dir}", &dir)),
        )
        .env("HOME", site.dir.path().join("home"))
        .output()
        .unwrap()
}

fn build_args(out: &str) -> Vec<String> {
    [
        "build",
        "--site",
        "{site}",
        "--as-of",
        "2024-04-01",
        "--out",
        out,
    ]
    .map(String::from)
    .to_vec()
}

#[test]
fn command_line_and_output_folder() {
    let commands = [
        Command {
            name: "output to the root folder",
            setup: |_| build_args("/"),
            status: 1,
            says: "will not write its output to the root folder",
        },
        Command {
            name: "output to the home folder",
            setup: |s| {
                std::fs::create_dir_all(s.dir.path().join("home")).unwrap();
                build_args("{dir}/home")
            },
            status: 1,
            says: "will not write its output to your home folder",
        },
        Command {
            name: "output to the site folder",
            setup: |_| build_args("{site}"),
            status: 1,
            says: "the output folder contains",
        },
        Command {
            name: "output to a parent of the site folder",
            setup: |_| build_args("{dir}"),
            status: 1,
            says: "the output folder contains",
        },
        Command {
            name: "output inside the site folder",
            setup: |_| build_args("{site}/dist"),
            status: 1,
            says: "the output folder is inside",
        },
        Command {
            name: "output to a folder of someone else's files",
            setup: |s| {
                let mine = s.dir.path().join("mine");
                std::fs::create_dir_all(&mine).unwrap();
                std::fs::write(mine.join("thesis.docx"), "precious").unwrap();
                build_args("{dir}/mine")
            },
            status: 1,
            says: "not empty and was not created by plenary",
        },
        Command {
            name: "output through a symlink",
            setup: |s| {
                std::fs::create_dir_all(s.dir.path().join("real")).unwrap();
                std::os::unix::fs::symlink(s.dir.path().join("real"), s.dir.path().join("link"))
                    .unwrap();
                build_args("{dir}/link")
            },
            status: 1,
            says: "the output folder is a symlink",
        },
        Command {
            name: "output onto a file",
            setup: |s| {
                std::fs::write(s.dir.path().join("file"), "x").unwrap();
                build_args("{dir}/file")
            },
            status: 1,
            says: "exists and is not a folder",
        },
        Command {
            name: "an unknown audience",
            setup: |_| {
                let mut args = build_args("{dir}/dist");
                args.extend(["--audience".into(), "press".into()]);
                args
            },
            status: 2,
            says: "press",
        },
        Command {
            name: "an impossible as-of date",
            setup: |_| {
                [
                    "build",
                    "--site",
                    "{site}",
                    "--as-of",
                    "2024-02-30",
                    "--out",
                    "{dir}/dist",
                ]
                .map(String::from)
                .to_vec()
            },
            status: 2,
            says: "2024-02-30",
        },
        Command {
            name: "an as-of in prose",
            setup: |_| {
                [
                    "build",
                    "--site",
                    "{site}",
                    "--as-of",
                    "next tuesday",
                    "--out",
                    "{dir}/dist",
                ]
                .map(String::from)
                .to_vec()
            },
            status: 2,
            says: "next tuesday",
        },
        Command {
            name: "a site folder that does not exist",
            setup: |_| {
                [
                    "build",
                    "--site",
                    "{dir}/nowhere",
                    "--as-of",
                    "2024-04-01",
                    "--out",
                    "{dir}/dist",
                ]
                .map(String::from)
                .to_vec()
            },
            // A usage error: the command names a folder that is not there.
            status: 2,
            says: "nowhere` does not exist",
        },
        Command {
            name: "a site folder without site.toml",
            setup: |s| {
                std::fs::remove_file(s.root().join("site.toml")).unwrap();
                build_args("{dir}/dist")
            },
            status: 1,
            says: "site.toml",
        },
        Command {
            name: "an unknown subcommand",
            setup: |_| vec!["publish".into()],
            status: 2,
            says: "publish",
        },
    ];
    let mut failures = Vec::new();
    for command in &commands {
        let site = TestSite::standard();
        let args = (command.setup)(&site);
        let before = support::tree(site.dir.path());
        let output = plenary(&site, &args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let after = support::tree(site.dir.path());
        if output.status.code() != Some(command.status) || !stderr.contains(command.says) {
            failures.push(format!(
                "{}: exit {:?}, expected {}; stderr:\n{stderr}",
                command.name,
                output.status.code(),
                command.status
            ));
        } else if before != after {
            failures.push(format!(
                "{}: files changed although the build was refused",
                command.name
            ));
        } else if output.status.code() == Some(1) && !stderr.contains("hint:") {
            failures.push(format!("{}: no hint in\n{stderr}", command.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

// ---------------------------------------------------------------------------------------------
// Themes

#[test]
fn themes() {
    run(&[
        Case {
            name: "a template syntax error names the template and line",
            edit: |s| {
                s.theme_file("templates/topic.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ topic \n{% endblock main %}\n")
            },
            expect: Error(
                "",
                "templates/topic.html:4:1: template error: Found `{` but expected }}.",
            ),
        },
        Case {
            name: "an unknown filter names the template",
            edit: |s| {
                s.theme_file("templates/topic.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ topic | no_such_filter }}\n{% endblock main %}\n")
            },
            expect: Error("", "topic.html"),
        },
        Case {
            name: "an unknown variable names the template",
            edit: |s| {
                s.theme_file("templates/topic.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ no_such_variable.field }}\n{% endblock main %}\n")
            },
            expect: Error("", "topic.html"),
        },
        Case {
            name: "a template that includes itself",
            edit: |s| s.theme_file("templates/topic.html", "{% include \"topic.html\" %}\n"),
            expect: Error(
                "",
                "templates include each other in a loop: topic.html → topic.html",
            ),
        },
        Case {
            name: "templates that include each other in a loop, inside blocks and conditions",
            edit: |s| {
                s.theme_file(
                    "templates/loop-a.html",
                    "{% if true %}{% include \"loop-b.html\" %}{% endif %}\n",
                );
                s.theme_file(
                    "templates/loop-b.html",
                    "{% for x in [1] %}{% include \"loop-a.html\" %}{% endfor %}\n",
                );
            },
            expect: Error("", "loop-a.html → loop-b.html → loop-a.html"),
        },
    ]);
}

/// Copy the case's content files into a fuzz seed corpus (`fuzz/README.md` says how to use
/// it): each Markdown file whole for `front_matter` and its body for `markdown`; each TOML
/// file as a Markdown file's front matter.
fn harvest_seeds(site: &TestSite, seeds: &Path) {
    use std::hash::{Hash, Hasher};
    let save = |target: &str, bytes: &[u8]| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut hasher);
        let dir = seeds.join(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{:016x}", hasher.finish())), bytes).unwrap();
    };
    for entry in walkdir::WalkDir::new(site.root()).into_iter().flatten() {
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        if bytes.len() > 64 * 1024 {
            continue;
        }
        match entry.path().extension().and_then(|e| e.to_str()) {
            Some("md") => {
                save("front_matter", &bytes);
                let text = String::from_utf8_lossy(&bytes);
                let body = text.splitn(3, "+++\n").nth(2).unwrap_or(&text);
                save("markdown", body.as_bytes());
            }
            Some("toml") => {
                let mut wrapped = b"+++\n".to_vec();
                wrapped.extend_from_slice(&bytes);
                wrapped.extend_from_slice(b"\n+++\nBody.\n");
                save("front_matter", &wrapped);
            }
            _ => {}
        }
    }
}
