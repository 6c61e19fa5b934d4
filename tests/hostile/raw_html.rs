//! Raw HTML and escaping: nothing in the output can run.

use super::*;

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
            edit: |s| body(s, include_str!("../../fuzz/regressions/markdown/object-soup-hides-everything")),
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
