//! Findings of the source check, and the errors a secretary acts on: the visible file and
//! line, the hidden document (its path in the site: build logs only, never an output), the
//! audience, and when that audience may see it. The hidden text itself is never repeated.

use std::path::PathBuf;

use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::texts::{HiddenSource, VisibleText};
use crate::release::AudienceView;
use crate::support::error::Diagnostic;

/// Findings reported in full; beyond this they are counted.
pub const MAX_REPORTED: usize = 50;

/// Which rule a finding broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    Title,
    /// A run of words.
    Run,
    /// A run of characters of Chinese (or another script written without spaces).
    Characters,
    CodeWord,
}

/// Hidden text in a visible source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The visible file.
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub rule: Rule,
    /// Tokens long (words, or characters of Chinese).
    pub tokens: usize,
    /// The hidden file, relative to the site folder.
    pub hidden: String,
    /// The hidden document or page, as `mentions` names it.
    pub thing: String,
    pub opens: Option<(Timestamp, String)>,
}

impl Finding {
    pub fn new(
        visible: &VisibleText<'_>,
        source: &HiddenSource,
        rule: Rule,
        start: usize,
        tokens: usize,
    ) -> Finding {
        let (line, column) = locate(visible, start);
        Finding {
            path: visible.path.clone(),
            line,
            column,
            rule,
            tokens,
            hidden: source.file.clone(),
            thing: source.thing.clone(),
            opens: source.opens.clone(),
        }
    }
}

/// Line and column (1-based, in characters) of byte `start` of `visible.text` in its file.
fn locate(visible: &VisibleText<'_>, start: usize) -> (usize, usize) {
    let text = visible.text;
    match &visible.body {
        Some((body_line, _)) => {
            let before = &text[..start];
            let line = body_line + before.matches('\n').count();
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (line, column)
        }
        // A title, summary or note: found again in its file (they are written there as
        // TOML strings, usually verbatim).
        None => {
            let file = std::fs::read_to_string(&visible.path).unwrap_or_default();
            let file = file.replace("\r\n", "\n");
            let Some(at) = file.find(text) else {
                return (1, 1);
            };
            let before = &file[..at + start];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (line, column)
        }
    }
}

/// The findings as errors.
pub fn diagnostics(view: &AudienceView<'_>, findings: &[Finding]) -> Vec<Diagnostic> {
    let audience = &view.audience.name;
    let mut out: Vec<Diagnostic> = findings
        .iter()
        .take(MAX_REPORTED)
        .map(|f| {
            let what = match f.rule {
                Rule::Title => "the title".to_string(),
                Rule::Run => format!("{} words of the text", f.tokens),
                Rule::Characters => format!("{} characters of the text", f.tokens),
                Rule::CodeWord => "a word that no other visible text has, from the text".to_string(),
            };
            let message = format!(
                "{what} of {}, which the {audience} audience {}",
                f.hidden,
                when(f.opens.as_ref())
            );
            let hint = match f.rule {
                Rule::Title => format!(
                    "remove it; or, if this file announces the document on purpose, add `mentions = [\"{}\"]` to its front matter",
                    f.thing
                ),
                Rule::Run | Rule::Characters => "remove the pasted text; if it is boilerplate every document carries, list the exact text in site.toml under `[guard] allow`".to_string(),
                Rule::CodeWord => "a code word, symbol or name that is not public yet: remove it, or, if it is public, list it in site.toml under `[guard] allow`".to_string(),
            };
            Diagnostic::error(f.path.clone(), message)
                .at(f.line, f.column)
                .hint(hint)
        })
        .collect();
    if findings.len() > MAX_REPORTED {
        out.push(Diagnostic::error(
            None,
            format!(
                "… and {} more places with text the {audience} audience may not see yet",
                findings.len() - MAX_REPORTED
            ),
        ));
    }
    out
}

/// When the audience may see a hidden thing: "may not see until 2026-06-20 00:00 in
/// America/Lima (2026-06-20T05:00:00Z)".
fn when(opens: Option<&(Timestamp, String)>) -> String {
    match opens {
        Some((at, zone)) => {
            let local = TimeZone::get(zone)
                .map(|tz| {
                    at.to_zoned_datetime(tz)
                        .strftime("%Y-%m-%d %H:%M")
                        .to_string()
                })
                .unwrap_or_else(|_| at.to_string());
            format!("may not see until {local} in {zone} ({at})")
        }
        None => "never sees: no release entry opens it to that audience".to_string(),
    }
}
