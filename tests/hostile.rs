//! Hostile input: every case is a small site with one thing wrong (or dangerous) in it, and
//! the exact behaviour it must get — an error naming the file, the line and column where they
//! are known, and what to do; or safe output. A case that panics, or builds what it should
//! refuse, fails with its name.
//!
//! Cases are grouped by the file they attack, one test per group so groups run in parallel.
//! Each group prints its slowest case (no timing is asserted: machines differ).

mod support;

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
            edit: |s| s.file("site.toml", &format!("colour = \"red\"\n{}", support::SITE_TOML)),
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
            edit: |s| s.file("site.toml", &replace_site("default_language = \"en\"", "default_language = \"de\"")),
            expect: Error("site.toml", "`de`"),
        },
        Case {
            name: "unknown language code",
            edit: |s| s.file("site.toml", &replace_site("[\"en\", \"fr\", \"ar\"]", "[\"en\", \"fr\", \"ar\", \"klingon\"]")),
            expect: Error("site.toml", "klingon"),
        },
        Case {
            name: "duplicate key",
            edit: |s| s.file("site.toml", &replace_site("default_language = \"en\"", "default_language = \"en\"\ndefault_language = \"fr\"")),
            expect: Error("site.toml:4:", "duplicate key"),
        },
        Case {
            name: "release stage with an unknown moment",
            edit: |s| s.file("site.toml", &replace_site("\"public:after-meeting\"]\nagenda", "\"public:whenever\"]\nagenda")),
            expect: Error("site.toml", "whenever"),
        },
        Case {
            name: "release stage naming an unknown audience",
            edit: |s| s.file("site.toml", &replace_site("agenda = [\"public:on-issue\"]", "agenda = [\"press:on-issue\"]")),
            expect: Error("site.toml", "press"),
        },
        Case {
            name: "sees an unknown audience",
            edit: |s| s.file("site.toml", &replace_site("sees = [\"public\"]", "sees = [\"press\"]")),
            expect: Error("site.toml", "press"),
        },
        Case {
            name: "base_url that is not a URL",
            edit: |s| s.file("site.toml", &replace_site("\"https://public.example.org\"", "\"public example\"")),
            expect: Error("site.toml", "base_url"),
        },
        Case {
            name: "no audiences",
            edit: |s| s.file("site.toml", "title = { en = \"T\" }\ndefault_language = \"en\"\nlanguages = [\"en\"]\n"),
            expect: Error("site.toml", "audience"),
        },
        Case {
            name: "empty file",
            edit: |s| s.file("site.toml", ""),
            expect: Error("site.toml", ""),
        },
        Case {
            name: "a list where a table belongs",
            edit: |s| s.file("site.toml", &replace_site("[audiences.public]\nbase_url = \"https://public.example.org\"\n", "")
                .replace("[audiences.members]", "audiences = [1]\n[x]")),
            expect: Error("site.toml", ""),
        },
        Case {
            name: "byte order mark and CRLF line ends are read as any editor means them",
            edit: |s| s.file("site.toml", &format!("\u{feff}{}", support::SITE_TOML.replace('\n', "\r\n"))),
            expect: Builds(|public, _| assert!(public.read("en/index.html").contains("Test Committee"))),
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
            edit: |s| s.file(MEETING, &replace_meeting("location = \"San Juan\"", "location = San Juan")),
            expect: Error("meetings/spring/meeting.toml:3:12:", ""),
        },
        Case {
            name: "unknown key",
            edit: |s| s.file(MEETING, &format!("{}venue = \"x\"\n", support::MEETING_TOML)),
            expect: Error("meetings/spring/meeting.toml:7:1:", "unknown field `venue`"),
        },
        Case {
            name: "missing start",
            edit: |s| s.file(MEETING, &replace_meeting("start = 2024-03-02\n", "")),
            expect: Error("meetings/spring/meeting.toml", "start"),
        },
        Case {
            name: "missing time zone",
            edit: |s| s.file(MEETING, &replace_meeting("timezone = \"America/Puerto_Rico\"\n", "")),
            expect: Error("meetings/spring/meeting.toml", "timezone"),
        },
        Case {
            name: "unknown time zone",
            edit: |s| s.file(MEETING, &replace_meeting("America/Puerto_Rico", "Atlantis/Capital")),
            expect: Error("meetings/spring/meeting.toml:6:12:", "unknown time zone `Atlantis/Capital`"),
        },
        Case {
            name: "a UTC offset instead of a zone",
            edit: |s| s.file(MEETING, &replace_meeting("America/Puerto_Rico", "+04:00")),
            expect: Error("meetings/spring/meeting.toml:6:12:", "+04:00"),
        },
        Case {
            name: "impossible date",
            edit: |s| s.file(MEETING, &replace_meeting("end = 2024-03-07", "end = 2024-02-30")),
            expect: Error("meetings/spring/meeting.toml:5:", ""),
        },
        Case {
            name: "date as prose",
            edit: |s| s.file(MEETING, &replace_meeting("end = 2024-03-07", "end = \"7 March 2024\"")),
            expect: Error("meetings/spring/meeting.toml:5:7:", ""),
        },
        Case {
            name: "date with a time",
            edit: |s| s.file(MEETING, &replace_meeting("end = 2024-03-07", "end = 2024-03-07T18:00:00")),
            expect: Error("meetings/spring/meeting.toml:5:", ""),
        },
        Case {
            name: "ends before it starts",
            edit: |s| s.file(MEETING, &replace_meeting("end = 2024-03-07", "end = 2024-03-01")),
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
            edit: |s| s.file(MEETING, &replace_meeting("fr = \"Réunion de printemps\"", "de = \"Frühjahrstagung\"")),
            expect: Error("meetings/spring/meeting.toml", "`de`"),
        },
        Case {
            name: "a meeting folder without meeting.toml",
            edit: |s| {
                s.document("autumn/report", DOC);
                s.version("autumn/report", 1, "en", "Report", "Text.\n");
            },
            expect: Error("meetings/autumn", "meeting.toml"),
        },
        Case {
            name: "byte order mark and CRLF",
            edit: |s| s.file(MEETING, &format!("\u{feff}{}", support::MEETING_TOML.replace('\n', "\r\n"))),
            expect: Builds(|public, _| assert!(public.exists("en/meetings/spring/index.html"))),
        },
        Case {
            name: "a meeting that ends in a time zone where the day after skips midnight",
            // Samoa skipped 30 December 2011 entirely.
            edit: |s| s.file(MEETING, "name = \"Apia\"\nstart = 2011-12-27\nend = 2011-12-29\ntimezone = \"Pacific/Apia\"\n"),
            expect: Builds(|public, _| assert!(public.exists("en/meetings/spring/hlgm/index.html"))),
        },
    ]);
}
