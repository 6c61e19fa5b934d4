//! One audience rendered in memory — its pages side by side, each file handed to a sink, the
//! search records of the searchable ones, and the source check of its view — as `build`,
//! `check` and `serve` all need it.

use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use jiff::Timestamp;
use rayon::prelude::*;

use super::Prepared;
use crate::config::Audience;
use crate::plan::{self, Urls};
use crate::release;
use crate::search;
use crate::support::error::{Diagnostic, Failure};
use crate::support::progress::{self, Meter, Stage};

/// Receives each rendered file: its path in the audience folder and its bytes.
pub type Sink<'a> = &'a (dyn Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync);

/// Receives each file to copy: its path in the audience folder and its source.
pub type Copier<'a> = &'a (dyn Fn(&str, &Path) -> Result<(), Diagnostic> + Sync);

/// One audience rendered, before its search index is built.
pub struct Unindexed {
    pub pages: usize,
    pub copies: usize,
    pub warnings: Vec<Diagnostic>,
    /// What the search index is made of: one record per searchable page.
    pub records: Vec<search::Record>,
}

/// Render every page of one audience; `sink` receives each file (path, bytes) as it is made.
pub fn render_audience(
    prepared: &Prepared,
    audience: &Audience,
    as_of: Timestamp,
    sink: Sink<'_>,
    copy: Copier<'_>,
    meter: &Meter,
) -> Result<(usize, usize, Vec<Diagnostic>), Failure> {
    let rendered = render_unindexed(prepared, audience, as_of, sink, copy, meter)?;
    // The search index, from this audience's own pages only, one language after another;
    // each language's files are scanned and written before the next is built, so that
    // they do not wait in memory beside it.
    if prepared.site.config.search {
        let indexer = search::Indexer::new().map_err(Failure::single)?;
        let mut errors = Vec::new();
        for (lang, records) in search::by_language(rendered.records) {
            let files = meter
                .clock
                .time(Stage::Search, || indexer.bundle(&lang, records))
                .map_err(Failure::single)?;
            // Side by side: the sink scans each file too, and an index is thousands of
            // compressed files to inflate and read.
            errors.par_extend(
                files
                    .par_iter()
                    .filter_map(|(file, bytes)| sink(file, bytes).err()),
            );
        }
        Failure::check(errors)?;
    }
    Ok((rendered.pages, rendered.copies, rendered.warnings))
}

/// Render every page of one audience and copy its attachments, leaving the search index
/// to the caller (`plenary serve` builds it in the background).
pub fn render_unindexed(
    prepared: &Prepared,
    audience: &Audience,
    as_of: Timestamp,
    sink: Sink<'_>,
    copy: Copier<'_>,
    meter: &Meter,
) -> Result<Unindexed, Failure> {
    let clock = &meter.clock;
    let started = Instant::now();
    let view = release::view(&prepared.site, audience, as_of);
    let urls = Urls {
        base: audience.base_path(),
    };
    let plan = plan::plan(&view, &urls);
    clock.add(Stage::Release, started.elapsed());
    let bar = progress::bar(
        meter.show_bar,
        &audience.name,
        plan.pages.len() + plan.copies.len(),
    );
    let all: Vec<&plan::Planned<'_, '_>> = plan.pages.iter().collect();
    // The sources this audience sees are checked for pasted hidden text while its pages
    // render: an error fails the build as any content error does, before anything is
    // swapped in.
    let (pasted, pages) = rayon::join(
        || clock.time(Stage::Sources, || check_sources(prepared, &view)),
        || render_pages(prepared, &view, &urls, &all, sink, meter, &bar),
    );
    let mut errors = pasted;
    errors.extend(pages.errors);
    for (name, bytes) in &prepared.renderer.static_files {
        if let Err(e) = sink(&format!("static/{name}"), bytes) {
            errors.push(e);
        }
    }
    let copy_errors = Mutex::new(Vec::new());
    plan.copies.par_iter().for_each(|c| {
        if let Err(e) = copy(&c.file, &c.source) {
            copy_errors.lock().expect("unpoisoned").push(e);
        }
        bar.inc(1);
    });
    bar.finish_and_clear();
    errors.extend(copy_errors.into_inner().expect("unpoisoned"));
    Failure::check(errors)?;
    Ok(Unindexed {
        pages: plan.pages.len(),
        copies: plan.copies.len(),
        warnings: pages.warnings,
        records: pages.records,
    })
}

/// The source check ([`crate::guard::sources`]) of one audience's view: errors for every
/// place a person pasted what it may not see into what it sees.
pub fn check_sources(prepared: &Prepared, view: &release::AudienceView<'_>) -> Vec<Diagnostic> {
    if cfg!(feature = "unguarded-for-benchmarks") {
        return Vec::new();
    }
    let ui_text = prepared.renderer.ui_text(&prepared.site);
    let fixed: Vec<&str> = ui_text.iter().map(String::as_str).collect();
    crate::guard::sources::check(&prepared.site, view, &fixed)
}

/// What rendering some pages gave: errors and warnings (sorted, without repeats) and the
/// search records of the searchable ones.
pub struct PagesRendered {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    pub records: Vec<search::Record>,
}

/// How long a page takes to render, roughly: 0 for pages about one thing, more for pages
/// about many.
fn expected_cost(kind: &plan::PageKind<'_, '_>) -> u8 {
    use plan::PageKind;
    match kind {
        PageKind::Sitemap(_) => 3,
        PageKind::Feed { .. } | PageKind::Coverage { .. } | PageKind::Pack { .. } => 2,
        PageKind::Home { .. }
        | PageKind::Meetings { .. }
        | PageKind::Topics { .. }
        | PageKind::Topic { .. } => 1,
        _ => 0,
    }
}

/// Render `pages` side by side; `sink` receives each one.
pub fn render_pages(
    prepared: &Prepared,
    view: &release::AudienceView<'_>,
    urls: &Urls,
    pages: &[&plan::Planned<'_, '_>],
    sink: Sink<'_>,
    meter: &Meter,
    bar: &indicatif::ProgressBar,
) -> PagesRendered {
    let clock = &meter.clock;
    let warnings = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    let searchable = Mutex::new(Vec::new());
    // Pages that take longest first: the sitemap (every URL of the site), feeds and
    // listings. Rendered last, the sitemap alone kept one core busy for its 0.4 s while the
    // other had nothing left to do. The order changes nothing written.
    let mut pages = pages.to_vec();
    pages.sort_by_key(|page| std::cmp::Reverse(expected_cost(&page.kind)));
    // One page per piece of work: rayon otherwise hands each thread a long run of pages to
    // go through alone, and a thread that finishes early has nothing left to take. With
    // the briefing packs (a meeting's documents again, in one page) one core went through
    // the last 11 s of a 14 s build by itself (perf, 10,000 documents).
    pages.par_iter().with_max_len(1).for_each(|page| {
        let started = Instant::now();
        let result = render_isolated(prepared, view, urls, page).and_then(|rendered| {
            clock.add(Stage::Minify, rendered.minify);
            clock.add(
                Stage::Render,
                started.elapsed().saturating_sub(rendered.minify),
            );
            warnings
                .lock()
                .expect("no panics while holding the lock")
                .extend(rendered.warnings);
            if let Some(record) = rendered.search {
                searchable.lock().expect("unpoisoned").push(record);
            }
            sink(&page.file, &rendered.bytes)?;
            match &rendered.also {
                Some((file, bytes)) => sink(file, bytes),
                None => Ok(()),
            }
        });
        bar.inc(1);
        if let Err(e) = result {
            errors
                .lock()
                .expect("no panics while holding the lock")
                .push(e);
        }
    });
    let mut errors = errors.into_inner().expect("unpoisoned");
    errors.sort();
    errors.dedup();
    let mut warnings = warnings.into_inner().expect("unpoisoned");
    warnings.sort();
    warnings.dedup();
    PagesRendered {
        errors,
        warnings,
        records: searchable.into_inner().expect("unpoisoned"),
    }
}

/// Render one page; a panic while rendering it becomes an error naming its source.
fn render_isolated(
    prepared: &Prepared,
    view: &release::AudienceView<'_>,
    urls: &Urls,
    page: &plan::Planned<'_, '_>,
) -> Result<crate::render::Rendered, Diagnostic> {
    crate::support::isolate::isolated(|| {
        #[cfg(test)]
        super::tests::panic_if_asked(&page.file);
        prepared.renderer.render(view, urls, page)
    })
    .unwrap_or_else(|panic| {
        Err(Diagnostic::error(
            page.source().map(Path::to_path_buf),
            format!("plenary failed while rendering `{}`: {panic}", page.file),
        )
        .hint(
            "this is a bug in plenary, not in your content; please report it with this \
                 file attached. The rest of the build was checked, and the output left as it was",
        ))
    })
}
