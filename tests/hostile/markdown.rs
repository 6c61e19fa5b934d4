//! Markdown that is hostile to the parser or the page.

use super::*;

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
