//! Names that cannot be addresses.

use super::*;

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
