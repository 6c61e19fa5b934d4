//! plenary builds with a patched tera (vendor/tera/PATCHED.md): variable lookups no longer
//! allocate to unescape JSON-pointer segments. These lookups must resolve exactly as tera
//! 1.20.1 resolves them, bracketed keys holding `/` and `~` included, at the top of a page,
//! inside a loop and inside a macro.

use serde_json::json;
use tera::{Context, Tera};

fn render(template: &str) -> String {
    let mut tera = Tera::default();
    tera.add_raw_templates([
        (
            "macros.html",
            r#"{% macro show(v) %}{{ v.b.c }}/{{ v["x/y"] }}/{{ v["p~q"] }}{% endmacro show %}"#,
        ),
        ("page.html", template),
    ])
    .unwrap();
    let context = Context::from_value(json!({
        "a": {
            "x/y": "slash",
            "p~q": "tilde",
            "p~1q": "escaped tilde",
            "b": { "c": "nested" },
            "list": [{ "name": "first" }, { "name": "second" }],
        },
        "items": [{ "b": { "c": "in a loop" }, "x/y": "loop slash" }],
    }))
    .unwrap();
    tera.render("page.html", &context).unwrap()
}

#[test]
fn dotted_and_bracketed_lookups_resolve_at_the_top_of_a_page() {
    assert_eq!(
        render(r#"{{ a.b.c }}|{{ a["x/y"] }}|{{ a["p~q"] }}|{{ a.list.1.name }}"#),
        "nested|slash|tilde|second"
    );
}

#[test]
fn lookups_resolve_inside_loops_and_macros() {
    assert_eq!(
        render(r#"{% for i in items %}{{ i.b.c }},{{ i["x/y"] }}{% endfor %}"#),
        "in a loop,loop slash"
    );
    assert_eq!(
        render(r#"{% import "macros.html" as m %}{{ m::show(v=a) }}"#),
        "nested/slash/tilde"
    );
}

#[test]
fn a_missing_key_is_still_an_error() {
    let mut tera = Tera::default();
    tera.add_raw_template("page.html", "{{ a.missing }}")
        .unwrap();
    let context = Context::from_value(json!({ "a": { "b": 1 } })).unwrap();
    let error = tera.render("page.html", &context).unwrap_err();
    let chain = format!("{error:?}");
    assert!(chain.contains("a.missing"), "{chain}");
}
