//! How far each translation has kept up with its document: the one rule behind the
//! languages line of `plenary status`, its `--coverage` matrix and the coverage page of
//! restricted builds.

use std::fmt::Write;

use crate::status::Status;

/// A document in one language, against the newest version counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// Translated at the newest version.
    Current,
    /// Translated, but only up to this (older) version.
    Stale(u32),
    /// Not translated at all.
    Missing,
}

impl Coverage {
    /// From a document's versions, oldest first: each version's number and whether it has
    /// a text in the language.
    pub fn of(versions: impl DoubleEndedIterator<Item = (u32, bool)> + Clone) -> Coverage {
        let latest = versions.clone().next_back().map(|(n, _)| n);
        let translated = versions.rev().find(|(_, has)| *has).map(|(n, _)| n);
        match translated {
            None => Coverage::Missing,
            Some(n) if Some(n) == latest => Coverage::Current,
            Some(n) => Coverage::Stale(n),
        }
    }

    /// "current", "stale" or "missing": the word machines and stylesheets use.
    pub fn name(self) -> &'static str {
        match self {
            Coverage::Current => "current",
            Coverage::Stale(_) => "stale",
            Coverage::Missing => "missing",
        }
    }

    /// The newest version translated, if any, given the newest version counted.
    pub fn translated_up_to(self, latest: Option<u32>) -> Option<u32> {
        match self {
            Coverage::Current => latest,
            Coverage::Stale(n) => Some(n),
            Coverage::Missing => None,
        }
    }
}

/// Cell marks of the terminal matrix, readable without colour.
const CURRENT: &str = "✓";
const MISSING: &str = "·";

/// `plenary status --coverage`: per meeting, documents down, languages across. With
/// `colour`, current is green, stale yellow and missing red (ANSI), as well as marked.
pub fn matrix(status: &Status, languages: &[String], colour: bool) -> String {
    let paint = |text: String, code: &str| {
        if colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Translation coverage as of {}: {CURRENT} current, vN stale (translated up to version N), {MISSING} missing",
        status.as_of_utc()
    );
    for meeting in &status.meetings {
        let _ = writeln!(out, "\n{} · {}", meeting.id, meeting.name);
        if meeting.documents.is_empty() {
            let _ = writeln!(out, "  (no documents)");
            continue;
        }
        let width = meeting
            .documents
            .iter()
            .map(|d| slug(&d.path).chars().count())
            .max()
            .unwrap_or(0);
        let mut header = format!("  {:width$}", "");
        for lang in languages {
            let _ = write!(header, " {lang:>5}");
        }
        let _ = writeln!(out, "{}", header.trim_end());
        let mut current = vec![0usize; languages.len()];
        for document in &meeting.documents {
            let mut row = format!("  {:width$}", slug(&document.path));
            for (i, t) in document.translations.iter().enumerate() {
                let (mark, code) = match t.coverage {
                    Coverage::Current => {
                        current[i] += 1;
                        (CURRENT.to_string(), "32")
                    }
                    Coverage::Stale(n) => (format!("v{n}"), "33"),
                    Coverage::Missing => (MISSING.to_string(), "31"),
                };
                let _ = write!(row, " {}", paint(format!("{mark:>5}"), code));
            }
            let _ = writeln!(out, "{row}");
        }
        let total = meeting.documents.len();
        let mut footer = format!("  {:width$}", "current");
        for count in current {
            let _ = write!(footer, " {:>5}", format!("{count}/{total}"));
        }
        let _ = writeln!(out, "{footer}");
    }
    out
}

fn slug(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_follows_the_newest_version_with_a_text() {
        let of = |v: &[(u32, bool)]| Coverage::of(v.iter().copied());
        assert_eq!(of(&[(1, true), (2, true)]), Coverage::Current);
        assert_eq!(of(&[(1, true), (2, false)]), Coverage::Stale(1));
        assert_eq!(of(&[(1, false), (2, true), (3, false)]), Coverage::Stale(2));
        assert_eq!(of(&[(1, false), (2, false)]), Coverage::Missing);
        assert_eq!(of(&[]), Coverage::Missing);
        assert_eq!(Coverage::Current.translated_up_to(Some(3)), Some(3));
        assert_eq!(Coverage::Stale(2).translated_up_to(Some(3)), Some(2));
        assert_eq!(Coverage::Missing.translated_up_to(Some(3)), None);
    }
}
