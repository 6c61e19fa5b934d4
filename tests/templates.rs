//! A theme author's mistakes, as tera 2 reports them through plenary's diagnostics: the
//! theme file, line and column, the line itself underlined, and a hint. A theme written for
//! tera 1 is told what changed and where the migration notes are.

mod support;

use support::TestSite;

/// The default `topic.html`, as shipped:
///
/// ```text
/// 1 {% extends "base.html" %}
/// 2 {% block main %}
/// 3 <p class="eyebrow"><a href="{{ topics_url }}">{{ t.nav_topics }}</a></p>
/// 4 <h1>{{ topic }}</h1>
/// ...
/// 7 {% endblock main %}
/// ```
fn topic_template() -> String {
    TestSite::default_theme_file("templates/topic.html")
}

/// Build a standard site whose `topic.html` has `from` replaced by `to`; the error messages,
/// with the site's folder taken off their paths.
fn errors_with(from: &str, to: &str) -> Vec<String> {
    let original = topic_template();
    assert!(original.contains(from), "topic.html no longer has `{from}`");
    let site = TestSite::standard();
    site.theme_file("templates/topic.html", &original.replacen(from, to, 1));
    match site.build("", "2024-04-01") {
        Ok(_) => panic!("a build with a broken template succeeded"),
        Err(failure) => {
            assert!(
                !site.out().join("public").exists(),
                "a failed build wrote output"
            );
            let root = format!("{}/", site.root().parent().unwrap().display());
            failure
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.to_string().replace(&root, ""))
                .collect()
        }
    }
}

fn assert_one(errors: &[String], expected: &str) {
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        errors[0],
        expected.trim_start_matches('\n'),
        "\n{}",
        errors[0]
    );
}

#[test]
fn an_undefined_variable_is_underlined_where_it_is_used() {
    let errors = errors_with("<h1>{{ topic }}</h1>", "<h1>{{ topik }}</h1>");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = &errors[0];
    assert!(
        error.starts_with(
            "error: themes/default/templates/topic.html:4:8: template error: \
             Variable `topik` is not defined. Available variables: "
        ),
        "{error}"
    );
    // The list of what is defined names what the author meant.
    assert!(error.contains(", topic, "), "{error}");
    assert!(
        error.ends_with(
            "\n  |\n4 | <h1>{{ topik }}</h1>\n  |        ^^^^^\n  hint: fix the template; \
             `plenary check` reports template errors without writing anything"
        ),
        "{error}"
    );
}

#[test]
fn an_unknown_filter_is_underlined() {
    assert_one(
        &errors_with("<h1>{{ topic }}</h1>", "<h1>{{ topic | shout }}</h1>"),
        r#"
error: themes/default/templates/topic.html:4:16: template error: Unknown filter `shout`
  |
4 | <h1>{{ topic | shout }}</h1>
  |                ^^^^^
  hint: fix the template; `plenary check` reports template errors without writing anything"#,
    );
}

#[test]
fn an_unclosed_block_names_the_tag_left_open() {
    assert_one(
        &errors_with("{% endblock main %}", ""),
        r#"
error: themes/default/templates/topic.html:8:1: template error: Unexpected end of input
  |
8 | 
  | ^
  hint: `{% block %}` from line 2 is still open here: close it with `{% endblock %}`"#,
    );
    assert_one(
        &errors_with("<h1>{{ topic }}</h1>", "<h1>{% if topic %}{{ topic }}</h1>"),
        r#"
error: themes/default/templates/topic.html:7:4: template error: Unknown tag
  |
7 | {% endblock main %}
  |    ^^^^^^^^
  hint: `{% if %}` from line 4 is still open here: close it with `{% endif %}`"#,
    );
    assert_one(
        &errors_with("{% endblock main %}", "{{ topic "),
        r#"
error: themes/default/templates/topic.html:7:9: template error: Unexpected end of input
  |
7 | {{ topic 
  |         ^
  hint: the `{{` on line 7 is never closed: end it with `}}`"#,
    );
}

#[test]
fn an_unknown_tag_is_not_blamed_on_an_open_block() {
    assert_one(
        &errors_with("<h1>{{ topic }}</h1>", "<h1>{% frob %}</h1>"),
        r#"
error: themes/default/templates/topic.html:4:8: template error: Unknown tag
  |
4 | <h1>{% frob %}</h1>
  |        ^^^^
  hint: fix the template; `plenary check` reports template errors without writing anything"#,
    );
}

#[test]
fn a_missing_include_is_underlined() {
    assert_one(
        &errors_with(
            "<h1>{{ topic }}</h1>",
            "<h1>{{ topic }}</h1>{% include \"sidebar.html\" %}",
        ),
        r#"
error: themes/default/templates/topic.html:4:32: template error: Unknown template `sidebar.html`
  |
4 | <h1>{{ topic }}</h1>{% include "sidebar.html" %}
  |                                ^^^^^^^^^^^^^^
  hint: fix the template; `plenary check` reports template errors without writing anything"#,
    );
}

#[test]
fn a_type_error_in_a_filter_is_found_when_the_page_renders() {
    assert_one(
        &errors_with("<h1>{{ topic }}</h1>", "<h1>{{ topic | round }}</h1>"),
        r#"
error: themes/default/templates/topic.html:4:8: template error: Invalid type for the value, expected `f64` but got `string`
  |
4 | <h1>{{ topic | round }}</h1>
  |        ^^^^^
  hint: fix the template; `plenary check` reports template errors without writing anything"#,
    );
}

#[test]
fn several_unknown_names_are_each_reported_at_their_place() {
    let errors = errors_with(
        "<h1>{{ topic }}</h1>",
        "<h1>{{ topic | shout }}</h1>\n{{ topic is loud }}",
    );
    let places: Vec<&str> = errors
        .iter()
        .map(|e| e.split(": template error").next().unwrap())
        .collect();
    assert_eq!(
        places,
        [
            "error: themes/default/templates/topic.html:4:16",
            "error: themes/default/templates/topic.html:5:13"
        ],
        "{errors:#?}"
    );
}

#[test]
fn a_theme_written_for_tera_1_is_told_what_changed_and_where_to_read() {
    let site = TestSite::standard();
    site.theme_file("templates/base.html", "");
    let theme = site
        .root()
        .parent()
        .unwrap()
        .join("themes/default/templates");
    std::fs::remove_dir_all(&theme).unwrap();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tera1-theme/templates"
    );
    std::fs::create_dir_all(&theme).unwrap();
    for entry in std::fs::read_dir(fixture).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), theme.join(entry.file_name())).unwrap();
    }
    let root = format!("{}/", site.root().parent().unwrap().display());
    let failure = site
        .build("", "2024-04-01")
        .expect_err("a tera 1 theme built");
    let errors: Vec<String> = failure
        .diagnostics
        .iter()
        .map(|d| d.to_string().replace(&root, ""))
        .collect();
    let migration: Vec<&String> = errors
        .iter()
        .filter(|e| e.contains("this theme is written for tera 1; plenary now uses tera 2: "))
        .collect();
    for (place, change) in [
        ("macros.html:1:1", "macros are gone"),
        ("home.html:2:1", "imports are gone"),
        ("base.html:19:111", "tests take keyword arguments"),
    ] {
        assert!(
            migration
                .iter()
                .any(|e| e.contains(&format!("templates/{place}: ")) && e.contains(change)),
            "no `{change}` at {place} in {errors:#?}"
        );
    }
    assert!(
        migration.iter().all(|e| e.ends_with(
            "hint: see README.md, \"Themes written before tera 2\" for every change a theme needs"
        )),
        "{migration:#?}"
    );
    // The migration notes the hint points at exist.
    let readme = include_str!("../README.md");
    assert!(readme.contains("\n### Themes written before tera 2\n"));
}
