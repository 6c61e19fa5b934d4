//! Packs rendered after open pages are told to reload. A briefing pack holds a whole meeting:
//! re-rendering the five to seven packs a briefing's edit touches (each language that shows
//! its text) took the 10,000-document preview's edit → reload from 171–201 ms to 268–286 ms.
//! The editor looks at the page being edited; its meeting's packs follow a moment later, and
//! the next edit waits for them, so what is served is always what a build writes.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use super::{Files, Preview, Served};
use crate::commands::build::{self, PagesRendered, Prepared};
use crate::plan::{self, PageKind, Planned, Urls};
use crate::release::{self, AudienceView};
use crate::support::error::Failure;
use crate::support::progress::Meter;

impl Preview {
    /// Render the packs at `wanted` (left behind by the last update) into the served files.
    pub fn render_behind(&mut self, wanted: &BTreeSet<String>) -> Result<Arc<Files>, Failure> {
        let as_of = self.as_of;
        let current = self.current.as_mut().expect("an update came before");
        let prepared = &current.prepared;
        let view = release::view(&prepared.site, &current.audience, as_of);
        let urls = Urls {
            base: current.audience.base_path(),
        };
        // Only packs are left behind; the other pages' URLs need not be made.
        let packs = plan::plan_only(&view, &urls, &|kind| matches!(kind, PageKind::Pack { .. }));
        let pages: Vec<&Planned<'_, '_>> =
            packs.iter().filter(|p| wanted.contains(&p.url)).collect();
        let (rendered, _) = render_in_memory(prepared, &view, &urls, &pages)?;
        let mut files = (*current.files).clone();
        files.extend(rendered);
        current.files = Arc::new(files);
        Ok(Arc::clone(&current.files))
    }
}

/// Files rendered into memory, with their paths in the audience folder.
pub(super) type Rendered = Vec<(Arc<str>, Served)>;

/// `pages` rendered side by side into memory: each file with its bytes, and what rendering
/// reported; an error in any page fails them all.
pub(super) fn render_in_memory(
    prepared: &Prepared,
    view: &AudienceView<'_>,
    urls: &Urls,
    pages: &[&Planned<'_, '_>],
) -> Result<(Rendered, PagesRendered), Failure> {
    let files = Mutex::new(Vec::new());
    let rendered = build::render_pages(
        prepared,
        view,
        urls,
        pages,
        &|file, bytes| {
            files
                .lock()
                .expect("unpoisoned")
                .push((Arc::from(file), Served::Bytes(bytes.into())));
            Ok(())
        },
        &Meter::default(),
        &indicatif::ProgressBar::hidden(),
    );
    if !rendered.errors.is_empty() {
        return Err(Failure {
            diagnostics: rendered.errors,
        });
    }
    Ok((files.into_inner().expect("unpoisoned"), rendered))
}
