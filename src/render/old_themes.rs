//! Themes written for tera 1 (plenary before its move to tera 2) fail to compile with errors
//! that do not say why: `{% macro %}` is simply an unknown tag to tera 2. When a theme does
//! not compile, each tera 1 feature it uses is named here, with what replaced it.

use crate::support::error::Diagnostic;

use super::template_errors::Sources;

/// Where the README explains the move.
const NOTES: &str = "README.md, \"Themes written before tera 2\"";

/// A tag (`{% macro … %}`) or filter/test (`| as_str`, `is starting_with("…")`) of tera 1
/// that tera 2 no longer has, and what to write instead.
struct Gone {
    kind: Kind,
    name: &'static str,
    instead: &'static str,
}

#[derive(PartialEq)]
enum Kind {
    Tag,
    Filter,
    /// A test called with a positional argument: tera 2 tests take keyword arguments.
    PositionalTest,
}

const GONE: &[Gone] = &[
    Gone {
        kind: Kind::Tag,
        name: "macro",
        instead: "macros are gone: define `{% component name(arg) %}…{% endcomponent name %}` \
                  and call it as `{{<name arg={value} />}}`",
    },
    Gone {
        kind: Kind::Tag,
        name: "import",
        instead: "imports are gone: components are global, call them without importing",
    },
    Gone {
        kind: Kind::Tag,
        name: "set_global",
        instead: "`set_global` is gone: use `set`, or build the list in one expression \
                  (`[x for x in xs]`)",
    },
    Gone {
        kind: Kind::Filter,
        name: "as_str",
        instead: "the filter `as_str` is now `str`",
    },
    Gone {
        kind: Kind::Filter,
        name: "linebreaksbr",
        instead: "the filter `linebreaksbr` is now `newlines_to_br`",
    },
    Gone {
        kind: Kind::Filter,
        name: "divisibleby",
        instead: "the test `divisibleby` is now `divisible_by`",
    },
    Gone {
        kind: Kind::Filter,
        name: "concat",
        instead: "the filter `concat` is gone: write `[...a, ...b]`",
    },
    Gone {
        kind: Kind::Filter,
        name: "slice",
        instead: "the filter `slice` is gone: write `list[start:end]`",
    },
    Gone {
        kind: Kind::PositionalTest,
        name: "starting_with",
        instead: "tests take keyword arguments: `is starting_with(pat=\"…\")`",
    },
    Gone {
        kind: Kind::PositionalTest,
        name: "ending_with",
        instead: "tests take keyword arguments: `is ending_with(pat=\"…\")`",
    },
    Gone {
        kind: Kind::PositionalTest,
        name: "containing",
        instead: "tests take keyword arguments: `is containing(pat=\"…\")`",
    },
];

/// Each tera 1 feature each template uses, at its first use in that template.
pub fn features(sources: &Sources) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (path, text) in sources.values() {
        for gone in GONE {
            let Some(offset) = first_use(text, gone) else {
                continue;
            };
            let (line, column) = crate::support::error::line_column(text, offset);
            found.push(
                Diagnostic::error(
                    path.clone(),
                    format!(
                        "this theme is written for tera 1; plenary now uses tera 2: {}",
                        gone.instead
                    ),
                )
                .at(line, column)
                .hint(format!("see {NOTES} for every change a theme needs")),
            );
        }
    }
    found
}

/// Byte offset of the first use of `gone` in a template.
fn first_use(text: &str, gone: &Gone) -> Option<usize> {
    match gone.kind {
        // `{%`, an optional `-`, spaces, then the tag's name as a whole word.
        Kind::Tag => occurrences(text, "{%").find(|&at| {
            let rest = text[at + 2..].trim_start_matches('-').trim_start();
            word_at(rest, gone.name)
        }),
        // `|`, spaces, the filter's name; `is`, spaces, the test's name.
        Kind::Filter => occurrences(text, "|")
            .find(|&at| word_at(text[at + 1..].trim_start(), gone.name))
            .or_else(|| {
                occurrences(text, " is ").find(|&at| {
                    let rest = text[at + 4..].trim_start();
                    word_at(
                        rest.strip_prefix("not ").unwrap_or(rest).trim_start(),
                        gone.name,
                    )
                })
            }),
        // `starting_with("…")`: a quote right after the parenthesis, where tera 2 wants `pat=`.
        Kind::PositionalTest => occurrences(text, gone.name).find(|&at| {
            let rest = text[at + gone.name.len()..].trim_start();
            rest.strip_prefix('(')
                .is_some_and(|args| args.trim_start().starts_with(['"', '\'']))
        }),
    }
}

fn occurrences<'a>(text: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(needle).map(|(at, _)| at)
}

/// `text` starts with `word`, not followed by more of an identifier.
fn word_at(text: &str, word: &str) -> bool {
    text.strip_prefix(word).is_some_and(|rest| {
        !rest
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[cfg(test)]
mod tests {
    use super::features;
    use std::path::PathBuf;

    fn found(template: &str) -> Vec<String> {
        let sources = [(
            "page.html".to_string(),
            (PathBuf::from("templates/page.html"), template.to_string()),
        )]
        .into();
        features(&sources)
            .iter()
            .map(|d| format!("{}:{} {}", d.line.unwrap(), d.column.unwrap(), d.message))
            .collect()
    }

    #[test]
    fn tera_1_macros_imports_and_positional_tests_are_named_where_they_are() {
        let old = "{% import \"macros.html\" as m %}\n\
                   {%- macro item(x) %}{{ x | as_str }}{% endmacro item %}\n\
                   {% if lang is not starting_with(\"zh\") %}{% endif %}";
        let found = found(old);
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found[0].starts_with("2:1 ") && found[0].contains("macros are gone"));
        assert!(found[1].starts_with("1:1 ") && found[1].contains("imports are gone"));
        assert!(found[2].starts_with("2:26 ") && found[2].contains("`as_str` is now `str`"));
        assert!(found[3].starts_with("3:19 ") && found[3].contains("keyword arguments"));
    }

    #[test]
    fn tera_2_templates_and_lookalike_words_are_not_flagged() {
        let new = "{% component item(x) %}{{ x | str }}{% endcomponent item %}\n\
                   {% if lang is not starting_with(pat=\"zh\") %}{% endif %}\n\
                   {% set macros = 1 %}{{ imported | macro_name }}<p>import | concat_all</p>";
        assert_eq!(found(new), Vec::<String>::new());
    }
}
