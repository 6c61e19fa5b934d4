//! `plenary audit`: the leak guard over any folder, for a deploy step that checks what it is
//! about to publish, whoever built it.

use std::path::Path;

use jiff::Timestamp;

use crate::commands::build::{prepare, select_audiences};
use crate::guard::{Guard, Scan};
use crate::support::error::{Diagnostic, Failure};

/// What an audit looked for and found.
pub struct Audit {
    pub looked_for: String,
    pub scan: Scan,
    /// The findings as errors naming file and offset; empty when the folder is clean.
    pub findings: Vec<Diagnostic>,
}

/// Why an audit could not run.
pub enum AuditError {
    /// A bad `--audience` or a missing folder: the command was misused.
    Usage(String),
    /// The site does not load.
    Content(Failure),
}

/// Scan `path` for anything `audience` may not see at `as_of`.
pub fn audit(
    site: &Path,
    audience: &str,
    as_of: Timestamp,
    path: &Path,
) -> Result<Audit, AuditError> {
    if !path.is_dir() {
        return Err(AuditError::Usage(format!(
            "`{}` is not a folder; pass the audience's output folder, e.g. dist/public",
            path.display()
        )));
    }
    let prepared = prepare(site).map_err(AuditError::Content)?;
    let audiences =
        select_audiences(&prepared.site, &[audience.to_string()]).map_err(AuditError::Usage)?;
    let ui_text = prepared.renderer.ui_text(&prepared.site);
    let guard = Guard::new(
        &prepared.site,
        ui_text.iter().map(String::as_str).collect(),
        audiences[0],
        as_of,
    );
    let scan = guard
        .scan_dir(path)
        .map_err(|d| AuditError::Content(Failure::single(d)))?;
    Ok(Audit {
        looked_for: guard.summary(),
        findings: guard.diagnostics(path, &scan.findings),
        scan,
    })
}
