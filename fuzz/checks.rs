//! What the fuzz targets check, shared with `tests/fuzz_replay.rs`, which runs every input
//! of the committed corpus and every past finding through the same code in `cargo test`.
//!
//! Beyond "does not panic", each check asserts what must hold of the output for any input.

use std::path::Path;

use plenary::content::front_matter::{self, PageFrontMatter, VersionFrontMatter};
use plenary::content::links::{self, Target};
use plenary::content::text_file;
use plenary::support::markdown::{self, LinkOutput};

/// A Markdown file's bytes, read the way a version or page file is: decoded, cut at its
/// `+++` lines, its front matter parsed as either kind, its body outlined.
pub fn front_matter(data: &[u8]) {
    let path = Path::new("meetings/m1/doc/v1.en.md");
    let text = match text_file::decode_text(path, data.to_vec()) {
        Ok(text) => text,
        Err(diagnostic) => return located(&diagnostic, data.len()),
    };
    assert!(!text.contains('\r') && !text.starts_with('\u{feff}'));
    let split = match front_matter::split(path, &text) {
        Ok(split) => split,
        Err(diagnostic) => return located(&diagnostic, text.len()),
    };
    // The two parts are the file, less its `+++` lines, in order.
    let lines = text.matches('\n').count() + 1;
    assert!(split.front_matter_line == 2 && split.body_line <= lines + 1);
    // The opening `+++\n` and a closing `+++`, which may end the file without a newline.
    assert!(text.len() >= split.front_matter.len() + split.body.len() + 7);
    let errors = [
        front_matter::parse::<VersionFrontMatter>(path, &split).err(),
        front_matter::parse::<PageFrontMatter>(path, &split).err(),
    ];
    for diagnostic in errors.iter().flatten() {
        located(diagnostic, text.len());
    }
    let outline = markdown::outline(split.body);
    for (_, offset) in &outline.links {
        assert!(*offset <= split.body.len());
    }
}

/// A Markdown body rendered for a page: links resolved (some to hidden targets), raw HTML
/// sanitized. Whatever the input, nothing in the output can run, and every heading the
/// outline promised has its anchor.
pub fn markdown(data: &[u8]) {
    // Loading reads the body first: text it refuses (invalid UTF-8, control characters)
    // never reaches rendering.
    let Ok(body) = text_file::decode_text(Path::new("v1.en.md"), data.to_vec()) else {
        return;
    };
    let body = body.as_str();
    let resolve = |dest: &str| match links::classify(dest, "meetings/m1/doc") {
        Ok(Target::External) => LinkOutput::Url(dest.to_string()),
        // Some targets are hidden from the audience: the link goes, its text stays.
        Ok(_) if dest.len() % 3 == 0 => LinkOutput::TextOnly,
        Ok(_) => LinkOutput::Url("/en/meetings/m1/other/".to_string()),
        Err(_) => LinkOutput::TextOnly,
    };
    let outline = markdown::outline(body);
    if outline.too_deep_at.is_some() || outline.unclosed.is_some() {
        // Loading refuses the document: it is never rendered.
        return;
    }
    let Ok(html) = markdown::render(body, &resolve) else {
        // The build stops with an error naming the document and the heading it lost.
        return;
    };
    inert(&html);
    for heading in outline.headings {
        if heading
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            assert!(
                html.contains(&format!(" id=\"{}\"", heading.id)),
                "heading `{}` lost its id `{}`",
                heading.text,
                heading.id
            );
        }
    }
}

/// No element, attribute or URL in `html` that a browser would run. Reads the markup the
/// way the serializer writes it: attribute values in double quotes, which may hold `<`.
pub fn inert(html: &str) {
    let lower = html.to_ascii_lowercase();
    let mut chars = lower.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '<' {
            continue;
        }
        let name: String = std::iter::from_fn(|| {
            chars.next_if(|(_, c)| c.is_ascii_alphanumeric() || *c == '/' || *c == '!')
        })
        .map(|(_, c)| c)
        .collect();
        let name = name.trim_start_matches('/');
        assert!(
            !["script", "iframe", "object", "embed", "style", "form", "svg", "math", "base"]
                .contains(&name),
            "<{name}> survived: {html}"
        );
        loop {
            while chars
                .next_if(|(_, c)| c.is_whitespace() || *c == '/')
                .is_some()
            {}
            match chars.peek() {
                None => return,
                Some((_, '>')) => break,
                _ => {}
            }
            let attribute: String = std::iter::from_fn(|| {
                chars.next_if(|(_, c)| !c.is_whitespace() && !matches!(c, '=' | '>' | '/'))
            })
            .map(|(_, c)| c)
            .collect();
            let mut value = String::new();
            if chars.next_if(|(_, c)| *c == '=').is_some() {
                if chars.next_if(|(_, c)| *c == '"').is_some() {
                    value = std::iter::from_fn(|| chars.next_if(|(_, c)| *c != '"'))
                        .map(|(_, c)| c)
                        .collect();
                    chars.next();
                } else {
                    value = std::iter::from_fn(|| {
                        chars.next_if(|(_, c)| !c.is_whitespace() && *c != '>')
                    })
                    .map(|(_, c)| c)
                    .collect();
                }
            }
            check_attribute(&attribute, &value, html);
        }
    }
}

fn check_attribute(name: &str, value: &str, html: &str) {
    assert!(
        !name.starts_with("on"),
        "event handler {name} survived: {html}"
    );
    assert!(
        name != "style" || !value.contains("url(") && !value.contains("expression("),
        "style {value} survived: {html}"
    );
    if matches!(
        name,
        "href" | "src" | "action" | "formaction" | "srcset" | "xlink:href"
    ) {
        let scheme = url_scheme(value);
        assert!(
            scheme.is_none_or(|s| ["http", "https", "mailto", "tel"].contains(&s.as_str())),
            "{name}=\"{value}\" survived: {html}"
        );
    }
}

/// The scheme a browser reads in an attribute's URL, as the serializer wrote it: entities
/// decoded (it writes only these three), leading spaces and controls dropped, tabs and line
/// breaks removed, then letters, digits, `+`, `-` and `.` up to a `:`, starting with a
/// letter. Anything else before a `:` makes the URL relative.
fn url_scheme(value: &str) -> Option<String> {
    let decoded = value
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    let url: String = decoded
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = url.split_once(':')?;
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    is_scheme.then(|| scheme.to_ascii_lowercase())
}

/// An error names the file and, where it gives a line, one inside the text.
fn located(diagnostic: &plenary::support::error::Diagnostic, len: usize) {
    assert!(diagnostic.path.is_some() && diagnostic.is_error());
    if let Some(line) = diagnostic.line {
        assert!(
            line >= 1 && line <= len + 1,
            "line {line} of a {len}-byte file"
        );
    }
    assert!(!diagnostic.to_string().is_empty());
}
