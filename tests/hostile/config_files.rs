//! Broken, incomplete or misspelled TOML in site.toml, meeting.toml and document.toml, and version files that disagree with it.

use super::*;

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
