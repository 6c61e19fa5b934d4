//! Broken templates.

use super::*;

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
