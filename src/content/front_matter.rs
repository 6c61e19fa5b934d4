//! Splitting a Markdown file into its `+++` TOML front matter and its body.
//!
//! Files saved by Windows editors (CRLF, a byte-order mark) read the same as any other.

use std::path::Path;

use serde::Deserialize;

use crate::support::error::Diagnostic;

/// Front matter of a document version file: only what differs per language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionFrontMatter {
    /// The document's title in this language.
    pub title: String,
    /// One sentence shown in listings.
    #[serde(default)]
    pub summary: Option<String>,
    /// Hidden documents this file names on purpose (see [`FrontMatter::mentions`]).
    #[serde(default)]
    pub mentions: Vec<String>,
}

/// Front matter of a free-standing page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    /// The page title in this language.
    pub title: String,
    /// One sentence shown in listings.
    #[serde(default)]
    pub summary: Option<String>,
    /// Audiences the page is for; every audience when absent.
    #[serde(default)]
    pub audiences: Option<Vec<String>>,
    /// Hidden documents this page names on purpose (see [`FrontMatter::mentions`]).
    #[serde(default)]
    pub mentions: Vec<String>,
}

/// What every kind of front matter has.
pub trait FrontMatter: for<'de> Deserialize<'de> {
    fn title(&self) -> &str;
    fn summary(&self) -> Option<&str>;
    /// Documents and pages (`meetings/m77/host-arrangements`, `pages/handbook`) whose titles
    /// this file may name while an audience that sees the file cannot see them: an agenda
    /// announcing the briefings to come. Only their titles pass the source check here.
    fn mentions(&self) -> &[String];
}

impl FrontMatter for VersionFrontMatter {
    fn title(&self) -> &str {
        &self.title
    }
    fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn mentions(&self) -> &[String] {
        &self.mentions
    }
}

impl FrontMatter for PageFrontMatter {
    fn title(&self) -> &str {
        &self.title
    }
    fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn mentions(&self) -> &[String] {
        &self.mentions
    }
}

/// A Markdown file cut in two.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// Line number (1-based) of the first front-matter line.
    pub front_matter_line: usize,
    pub body: &'a str,
    /// Line number (1-based) of the first body line.
    pub body_line: usize,
}

/// Cut `text` (already normalised to `\n` line ends, without a BOM) at its `+++` lines.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let hint = "start the file with a line `+++`, then `title = \"…\"`, then a closing `+++` line";
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++ \n"))
    else {
        let message = if text.trim().is_empty() {
            "the file is empty"
        } else {
            "the file does not start with `+++` front matter"
        };
        return Err(Diagnostic::error(path.to_path_buf(), message)
            .at_line(1)
            .hint(hint));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front_matter = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let front_matter_line = 2;
            let body_line = front_matter_line + front_matter.matches('\n').count() + 1;
            return Ok(Split {
                front_matter,
                front_matter_line,
                body,
                body_line,
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(path.to_path_buf(), "the front matter is never closed")
            .at_line(1)
            .hint(hint),
    )
}

/// Parse front matter TOML into `T`, with errors located in the file.
pub fn parse<T: for<'de> Deserialize<'de>>(
    path: &Path,
    split: &Split<'_>,
) -> Result<T, Diagnostic> {
    toml::from_str(split.front_matter).map_err(|e| {
        Diagnostic::from_toml(path, split.front_matter, &e, split.front_matter_line - 1)
    })
}

/// Text as plenary reads it: no byte-order mark, `\n` line ends.
pub fn normalise(text: String) -> String {
    // Editors that add a mark to a file that has one leave two.
    let text = match text.trim_start_matches('\u{feff}') {
        rest if rest.len() == text.len() => text,
        rest => rest.to_string(),
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let text = "+++\ntitle = \"T\"\n+++\n## Body\n";
        let s = split(Path::new("v1.en.md"), text).unwrap();
        assert_eq!(s.front_matter, "title = \"T\"\n");
        assert_eq!(s.body, "## Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = split(Path::new("v1.en.md"), "+++\ntitle = \"T\"\n## Body\n").unwrap_err();
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn front_matter_error_names_the_file_line() {
        let text = "+++\ntitle = \"T\"\nauthor = \"x\"\n+++\n";
        let s = split(Path::new("v1.en.md"), text).unwrap();
        let err = parse::<VersionFrontMatter>(Path::new("v1.en.md"), &s).unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(
            err.message.contains("unknown field `author`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn bom_and_crlf_are_normalised() {
        assert_eq!(normalise("\u{feff}+++\r\nx\r\n".to_string()), "+++\nx\n");
    }
}
