//! `plenary check`: everything a build would check, for every audience, writing nothing.

use std::path::Path;

use jiff::Timestamp;

use crate::commands::build::{prepare, render_audience};
use crate::support::error::{Diagnostic, Failure};
use crate::support::progress::Meter;

/// Load, then render every audience's pages in memory and throw them away. Returns warnings.
pub fn check(site_dir: &Path, as_of: Timestamp) -> Result<Vec<Diagnostic>, Failure> {
    let prepared = prepare(site_dir)?;
    let mut warnings = prepared.warnings.clone();
    for audience in prepared.site.config.audiences.values() {
        let meter = Meter::default();
        let (_, _, found) = render_audience(
            &prepared,
            audience,
            as_of,
            &|_, _| Ok(()),
            &|_, _| Ok(()),
            &meter,
        )?;
        warnings.extend(found);
    }
    warnings.sort();
    warnings.dedup();
    Ok(warnings)
}
