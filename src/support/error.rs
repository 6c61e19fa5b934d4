//! Diagnostics a person can act on.
//!
//! Every problem plenary reports is a [`Diagnostic`]: the file it is about, the line and
//! column where the parser knows them, what is wrong and what to do about it. Loading
//! collects all of them before giving up, so an author fixes a whole run's worth at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is: errors stop the build, warnings are printed and ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the content, the theme or the command line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the problem is in, as the user named it (relative to where they ran plenary).
    pub path: Option<PathBuf>,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column, where known.
    pub column: Option<usize>,
    pub message: String,
    /// The line at fault, underlined where the problem is (template errors).
    // The texts are boxed, not `String`s: written once, never grown, and a diagnostic is the
    // error of many `Result`s, which stay small this way.
    pub snippet: Option<Box<str>>,
    /// What to do about it.
    pub hint: Option<Box<str>>,
}

impl Diagnostic {
    pub fn error(path: impl Into<Option<PathBuf>>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            snippet: None,
            hint: None,
        }
    }

    pub fn warning(path: impl Into<Option<PathBuf>>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into().into_boxed_str());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A TOML parse or shape error, located in `path` at the span the parser reports.
    /// `line_offset` is the number of lines before the TOML text starts in the file
    /// (front matter sits one line below the opening `+++`).
    pub fn from_toml(path: &Path, source: &str, err: &toml::de::Error, line_offset: usize) -> Self {
        let message = err.message().trim().to_string();
        let hint = if message.contains("unknown field") {
            "remove the key or correct its spelling"
        } else if message.contains("missing field") {
            "add the missing key"
        } else if message.contains("invalid type") {
            "check the value's type: text in quotes, dates as YYYY-MM-DD, lists in [ ]"
        } else {
            "fix the TOML at this line (https://toml.io explains the syntax)"
        };
        let mut diagnostic = Diagnostic::error(path.to_path_buf(), message).hint(hint);
        if let Some(span) = err.span() {
            let (line, column) = line_column(source, span.start);
            diagnostic = diagnostic.at(line + line_offset, column);
        }
        diagnostic
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: ")?;
        if let Some(path) = &self.path {
            write!(f, "{}", path.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(column) = self.column {
                    write!(f, ":{column}")?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(snippet) = &self.snippet {
            write!(f, "\n{snippet}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The diagnostics of a run that failed: at least one of them is an error.
#[derive(Debug, Clone)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    pub fn single(diagnostic: Diagnostic) -> Self {
        Failure {
            diagnostics: vec![diagnostic],
        }
    }

    /// Errors gathered from work done side by side: none is success; else all of them, in
    /// order and without repeats, so that the same failure reads the same on every run.
    pub fn check(mut errors: Vec<Diagnostic>) -> Result<(), Failure> {
        if errors.is_empty() {
            return Ok(());
        }
        errors.sort();
        errors.dedup();
        Err(Failure {
            diagnostics: errors,
        })
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.diagnostics {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}

impl From<Diagnostic> for Failure {
    fn from(diagnostic: Diagnostic) -> Self {
        Failure::single(diagnostic)
    }
}

/// A collector that loading threads through: push problems, check at the end.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// How many errors so far: a step that compares it before and after knows whether it
    /// found any.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Sorted so the report reads file by file, whatever order the work happened in.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one_in_characters() {
        let text = "a\nbé c\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 2), (2, 1));
        assert_eq!(line_column(text, 5), (2, 3));
    }

    #[test]
    fn display_names_file_line_and_hint() {
        let d = Diagnostic::error(PathBuf::from("a/b.toml"), "bad")
            .at(3, 4)
            .hint("fix it");
        assert_eq!(d.to_string(), "error: a/b.toml:3:4: bad\n  hint: fix it");
    }
}
