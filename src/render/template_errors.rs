//! Template errors as plenary's diagnostics: the theme file, the line and column tera points
//! at, its message, and that line of the template underlined. Built from tera's structured
//! report (message, template name, span), not from its printed text — except where tera
//! itself hands over only text (see [`reports_in_text`]).

use std::collections::BTreeMap;
use std::path::PathBuf;

use tera::{ErrorKind, ReportError};

use crate::support::error::Diagnostic;

/// Each template by name: the file it came from and its text.
pub type Sources = BTreeMap<String, (PathBuf, String)>;

const FIX: &str =
    "fix the template; `plenary check` reports template errors without writing anything";

/// The theme's templates did not compile.
pub fn compile(error: &tera::Error, sources: &Sources) -> Vec<Diagnostic> {
    diagnose(error, sources)
}

/// A page failed to render.
pub fn render(error: &tera::Error, sources: &Sources) -> Diagnostic {
    diagnose(error, sources)
        .into_iter()
        .next()
        .expect("one diagnostic at least")
}

fn diagnose(error: &tera::Error, sources: &Sources) -> Vec<Diagnostic> {
    let file = |name: &str| sources.get(name).map(|(path, _)| path.clone());
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            vec![located(report, sources)]
        }
        ErrorKind::CircularInclude { tpl, include_chain } => vec![Diagnostic::error(
            file(tpl),
            format!(
                "templates include each other in a loop: {}",
                include_chain.join(" → ")
            ),
        )
        .hint("remove one of these {% include %} tags: the loop would never end")],
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => vec![Diagnostic::error(
            file(tpl),
            format!(
                "templates extend each other in a loop: {} → {tpl}",
                inheritance_chain.join(" → ")
            ),
        )
        .hint("one of these {% extends %} tags must name a template that extends nothing")],
        ErrorKind::MissingParent { current, parent } => vec![Diagnostic::error(
            file(current),
            format!(
                "template error: `{current}` extends `{parent}`, which the theme does not have"
            ),
        )
        .hint(format!(
            "add templates/{parent} to the theme or correct the name in {{% extends %}}"
        ))],
        ErrorKind::Msg(text) => {
            let found = reports_in_text(text, sources);
            if found.is_empty() {
                vec![Diagnostic::error(None, format!("template error: {text}")).hint(FIX)]
            } else {
                found
            }
        }
        _ => vec![Diagnostic::error(None, format!("template error: {error}")).hint(FIX)],
    }
}

/// One report: the file, line and column, tera's message and the line underlined.
fn located(report: &ReportError, sources: &Sources) -> Diagnostic {
    let span = report.span();
    let at = Location {
        name: report.filename(),
        message: report.message(),
        line: span.start_line,
        column: span.start_col,
        width: if span.end_line == span.start_line {
            span.end_col.saturating_sub(span.start_col)
        } else {
            1
        },
    };
    at.diagnostic(sources)
}

struct Location<'a> {
    name: &'a str,
    message: &'a str,
    /// 1-based.
    line: usize,
    /// 0-based, in characters.
    column: usize,
    /// Characters underlined.
    width: usize,
}

impl Location<'_> {
    fn diagnostic(&self, sources: &Sources) -> Diagnostic {
        let source = sources.get(self.name);
        let mut diagnostic = Diagnostic::error(
            source.map(|(path, _)| path.clone()),
            format!("template error: {}", self.message.trim_end()),
        )
        .at(self.line, self.column + 1)
        .hint(match source.and_then(|(_, text)| self.still_open(text)) {
            Some((opener @ ("{{" | "{%" | "{#"), line)) => {
                let closer: String = opener.chars().rev().map(|c| if c == '{' { '}' } else { c }).collect();
                format!("the `{opener}` on line {line} is never closed: end it with `{closer}`")
            }
            Some((tag, line)) => format!(
                "`{{% {tag} %}}` from line {line} is still open here: close it with `{{% end{tag} %}}`"
            ),
            None => FIX.to_string(),
        });
        diagnostic.snippet = source
            .and_then(|(_, text)| self.snippet(text))
            .map(String::into_boxed_str);
        diagnostic
    }

    /// The template's line, numbered, with carets under the part at fault.
    fn snippet(&self, text: &str) -> Option<String> {
        // `split`, not `lines`: tera reports the end of input on the empty line after the
        // template's last line break.
        let line = text.split('\n').nth(self.line.checked_sub(1)?)?;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len());
        let lead: String = line
            .chars()
            .take(self.column)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        Some(format!(
            "{gutter} |\n{number} | {line}\n{gutter} | {lead}{}",
            "^".repeat(self.width.max(1))
        ))
    }
}

impl Location<'_> {
    /// For tera's "Unexpected end of input" and "Unknown tag" (an `{% end… %}` that does
    /// not match), which name neither tag: the innermost body tag still open where tera
    /// stopped, with its line, from a scan of the tags before that point.
    fn still_open<'t>(&self, text: &'t str) -> Option<(&'t str, usize)> {
        let line_start: usize = text
            .split_inclusive('\n')
            .take(self.line.saturating_sub(1))
            .map(str::len)
            .sum();
        let stop = text[line_start.min(text.len())..]
            .char_indices()
            .nth(self.column)
            .map_or(text.len(), |(at, _)| line_start + at);
        let stop = match self.message.trim_end() {
            "Unexpected end of input" => stop,
            // tera points at the tag's name; the tags open are those before its `{%`.
            "Unknown tag" if text[stop..].starts_with("end") => text[..stop].rfind("{%")?,
            _ => return None,
        };
        open_tags(&text[..stop]).pop()
    }
}

/// The body tags (`if`, `for`, `block`, …) opened and not yet closed in `text`, outermost
/// first, each with its line; last, a `{{`, `{%` or `{#` that is never closed, if any.
/// Comments and `{% raw %}` sections are skipped as tera skips them.
fn open_tags(text: &str) -> Vec<(&str, usize)> {
    let mut open: Vec<(&str, usize)> = Vec::new();
    let mut rest = text;
    while let Some(at) = ["{{", "{%", "{#"].iter().filter_map(|d| rest.find(d)).min() {
        let line = text[..text.len() - rest.len() + at].matches('\n').count() + 1;
        let opener = &rest[at..at + 2];
        let closer = match opener {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        let Some(end) = rest[at..].find(closer) else {
            open.push((opener, line));
            break;
        };
        let inside = rest[at + 2..at + end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        rest = &rest[at + end + 2..];
        if opener != "{%" {
            continue;
        }
        let tag = inside.split_whitespace().next().unwrap_or("");
        match tag {
            "raw" => match rest.find("endraw") {
                Some(end) => rest = &rest[end..],
                None => open.push((tag, line)),
            },
            "if" | "for" | "block" | "filter" | "component" => open.push((tag, line)),
            "set" | "set_global" if !inside.contains('=') => open.push(("set", line)),
            _ => {
                if let Some(closed) = tag.strip_prefix("end") {
                    if let Some(at) = open.iter().rposition(|(t, _)| *t == closed) {
                        open.truncate(at);
                    }
                }
            }
        }
    }
    open
}

/// tera 2.4 checks that every filter, test, function, component and included template a
/// theme names exists, and reports what it did not find as one message: each finding a
/// rustc-style report (`error: Unknown filter `x`` over ` --> page.html:3:10`), joined
/// by blank lines. Its error type carries no structured form of these (the syntax and
/// rendering errors it does carry, and [`located`] reads those), so the location is read
/// from the `-->` line of each report tera wrote. The change that would make this
/// unnecessary upstream: `finalize_templates` returning its `ReportError`s in an error
/// kind rather than their printed text.
fn reports_in_text(text: &str, sources: &Sources) -> Vec<Diagnostic> {
    text.split("\n\n")
        .filter_map(|report| {
            let message = report.lines().next()?.strip_prefix("error: ")?;
            let locus = report.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
            let mut parts = locus.rsplitn(3, ':');
            let column: usize = parts.next()?.parse().ok()?;
            let line: usize = parts.next()?.parse().ok()?;
            let name = parts.next()?;
            let width = report.lines().last().map_or(1, |l| l.matches('^').count());
            Some(
                Location {
                    name,
                    message,
                    line,
                    column: column.saturating_sub(1),
                    width,
                }
                .diagnostic(sources),
            )
        })
        .collect()
}
