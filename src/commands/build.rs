//! One run of the pipeline: load → release → plan → render → write, for each audience.
//!
//! Rendering is parallel and writes into a staging folder per audience; only when every
//! audience has rendered without error are the staging folders swapped in.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use rayon::prelude::*;

use crate::config::Audience;
use crate::content::load::{self, Loaded};
use crate::content::model::Site;
use crate::guard::{Guard, Scan};
use crate::render::{theme, Renderer};
use crate::support::error::{Diagnostic, Failure};
use crate::support::huge_pages;
use crate::support::progress::{Meter, Stage};
use crate::write::{self, Staging};

mod rendering;
pub use rendering::{
    check_sources, render_audience, render_pages, render_unindexed, Copier, PagesRendered, Sink,
    Unindexed,
};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub site: PathBuf,
    /// Audiences to build; empty means every audience.
    pub audiences: Vec<String>,
    pub as_of: Timestamp,
    pub out: PathBuf,
    /// Draw a progress bar per audience on stderr (see [`crate::support::progress::wanted`]).
    pub progress: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Report {
    pub warnings: Vec<Diagnostic>,
    /// Per audience: name, pages written, files copied.
    pub audiences: Vec<(String, usize, usize)>,
    /// Per audience: what the leak guard looked for and read.
    pub guards: Vec<GuardReport>,
    /// Wall-clock time of each phase, in order (`plenary build --timings`).
    pub timings: Vec<(String, std::time::Duration)>,
}

/// The leak guard's work on one audience's output.
#[derive(Debug)]
pub struct GuardReport {
    pub audience: String,
    /// What it looked for ([`Guard::summary`]).
    pub looked_for: String,
    pub files: usize,
    pub bytes: u64,
    /// Fingerprinting plus scanning, summed over threads.
    pub took: std::time::Duration,
}

/// A site loaded with its theme, ready to build for any audience.
pub struct Prepared {
    pub site: Site,
    pub renderer: Renderer,
    pub warnings: Vec<Diagnostic>,
}

/// Load the site and compile its theme.
pub fn prepare(site_dir: &Path) -> Result<Prepared, Failure> {
    let Loaded { site, mut warnings } = load::load(site_dir)?;
    let theme = theme::load(&site.root, &site.config.theme)?;
    let renderer = Renderer::new(&theme, &site.config)?;
    warnings.extend(Renderer::missing_strings(&theme, &site.config));
    Ok(Prepared {
        site,
        renderer,
        warnings,
    })
}

/// The audiences named (all when `names` is empty), or a usage error.
pub fn select_audiences<'a>(site: &'a Site, names: &[String]) -> Result<Vec<&'a Audience>, String> {
    if names.is_empty() {
        return Ok(site.config.audiences.values().collect());
    }
    names
        .iter()
        .map(|name| {
            site.config.audiences.get(name).ok_or_else(|| {
                format!(
                    "unknown audience `{name}`; this site's audiences are: {}",
                    crate::config::names(site.config.audiences.keys())
                )
            })
        })
        .collect()
}

/// Build the site for the chosen audiences into `<out>/<audience>/`.
///
/// Audiences render one after the other, each with every core, unless one document is most
/// of the site's text (see [`dominated_by_one_document`]).
pub fn build(options: &BuildOptions) -> Result<Report, Failure> {
    let started = Instant::now();
    huge_pages::on();
    let prepared = prepare(&options.site);
    huge_pages::off();
    let mut prepared = prepared?;
    let mut timings = vec![("load content and theme".to_string(), started.elapsed())];
    let audiences = select_audiences(&prepared.site, &options.audiences)
        .map_err(|m| Failure::single(Diagnostic::error(None, m)))?;
    prepared.renderer.share_markdown = audiences.len() > 1;
    let theme_dir = prepared
        .site
        .root
        .parent()
        .unwrap_or(Path::new("."))
        .join("themes");
    let out = write::prepare_output(&options.out, &[&prepared.site.root, &theme_dir])
        .map_err(Failure::single)?;

    let stage_one =
        |audience: &&Audience| stage(&prepared, audience, options.as_of, &out, options.progress);
    let results: Vec<Result<Staged, Failure>> = if dominated_by_one_document(&prepared.site) {
        audiences.par_iter().map(stage_one).collect()
    } else {
        audiences.iter().map(stage_one).collect()
    };
    let mut report = Report {
        warnings: prepared.warnings.clone(),
        ..Report::default()
    };
    if cfg!(feature = "unguarded-for-benchmarks") {
        report.warnings.push(
            Diagnostic::warning(
                None,
                "this binary was compiled with `unguarded-for-benchmarks`: its leak guard looks for nothing",
            )
            .hint("it exists to measure the guard's cost; never publish what it builds"),
        );
    }
    let mut staged = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(audience) => staged.push(audience),
            Err(failure) => errors.extend(failure.diagnostics),
        }
    }
    if let Err(failure) = Failure::check(errors) {
        staged.into_iter().for_each(|s| s.staging.abandon());
        return Err(failure);
    }
    // Every audience rendered: only now does any output change.
    let swapping = Instant::now();
    for audience in staged {
        audience.staging.sync().map_err(Failure::single)?;
        audience.staging.commit().map_err(Failure::single)?;
        report.warnings.extend(audience.warnings);
        report
            .audiences
            .push((audience.name.clone(), audience.pages, audience.copies));
        report.guards.push(audience.guard);
        timings.extend(audience.timings);
    }
    report.warnings.sort();
    report.warnings.dedup();
    timings.push(("swap the new output in".to_string(), swapping.elapsed()));
    report.timings = timings;
    Ok(report)
}

/// Is one Markdown file at least a quarter of all the site's Markdown? Then rendering it
/// is most of each audience's time, on one core, and audiences render side by side so it
/// renders for all of them at once: a site with one 10 MB document builds in 1.0-1.4 s
/// instead of 1.8-2.2 s. Otherwise side by side costs more than it gains: the 10,000-document
/// corpus took 12% longer (15% more CPU), two renders at once fighting over caches and the
/// allocator.
fn dominated_by_one_document(site: &Site) -> bool {
    let sizes = site
        .documents
        .iter()
        .flat_map(|d| &d.versions)
        .flat_map(|v| v.translations.values())
        .chain(site.pages.iter().flat_map(|p| p.translations.values()))
        .map(|t| t.body.len());
    let (total, largest) = sizes.fold((0, 0), |(total, largest), size| {
        (total + size, largest.max(size))
    });
    largest >= 1 << 20 && largest * 4 >= total
}

/// One audience rendered into its staging folder, checked, ready to swap in.
struct Staged {
    name: String,
    staging: Staging,
    pages: usize,
    copies: usize,
    warnings: Vec<Diagnostic>,
    guard: GuardReport,
    timings: Vec<(String, Duration)>,
}

/// Render one audience into its staging folder under the leak guard's watch; on failure
/// the staging folder is already gone.
fn stage(
    prepared: &Prepared,
    audience: &Audience,
    as_of: Timestamp,
    out: &Path,
    show_bar: bool,
) -> Result<Staged, Failure> {
    let mut clock = Instant::now();
    let mut timings = Vec::new();
    let mut lap = |phase: &str| {
        timings.push((format!("{}: {phase}", audience.name), clock.elapsed()));
        clock = Instant::now();
    };
    let staging = Staging::new(out, &audience.name).map_err(Failure::single)?;
    // The leak guard reads every file as it is written, before the output is swapped in.
    let ui_text = prepared.renderer.ui_text(&prepared.site);
    let ui_text = ui_text.iter().map(String::as_str).collect();
    let guard = Guard::new(&prepared.site, ui_text, audience, guard_as_of(as_of));
    lap("fingerprint what it may not see");
    let watch = guard.watch();
    let meter = Meter {
        show_bar,
        ..Meter::default()
    };
    let clock = &meter.clock;
    let rendered = render_audience(
        prepared,
        audience,
        as_of,
        &|file, bytes| {
            clock.time(Stage::Scan, || watch.file(file, bytes));
            clock.time(Stage::Write, || staging.write(file, bytes))
        },
        &|file, source| {
            let bytes = clock
                .time(Stage::Write, || std::fs::read(source))
                .map_err(|e| {
                    Diagnostic::error(source.to_path_buf(), format!("cannot read: {e}"))
                })?;
            clock.time(Stage::Scan, || watch.file(file, &bytes));
            clock.time(Stage::Write, || staging.write(file, &bytes))
        },
        &meter,
    );
    lap("render, scan and write");
    let shares = clock.shares();
    let checked = rendered.and_then(|rendered| {
        let report = guarded(&guard, watch.finish(), audience, &staging.dir)?;
        Ok((rendered, report))
    });
    lap("leak guard verdict");
    // Where the CPU time of rendering went, summed over threads, listed after the laps.
    for (stage, took, share) in shares {
        let share = share * 100.0;
        let phase = format!(
            "{}:   {stage} ({share:.0}% of rendering's CPU time)",
            audience.name
        );
        timings.push((phase, took));
    }
    match checked {
        Ok(((pages, copies, warnings), guard)) => Ok(Staged {
            name: audience.name.clone(),
            staging,
            pages,
            copies,
            warnings,
            guard,
            timings,
        }),
        Err(failure) => {
            staging.abandon();
            Err(failure)
        }
    }
}

/// The instant the leak guard takes what the audience may see at: the build's own, except
/// in a binary compiled to measure the guard's cost (`bench/guard.sh`), where it looks as of
/// the year 2200, when every document of an archive has long been released, and so has
/// nothing to look for. Never in a binary that publishes.
fn guard_as_of(as_of: Timestamp) -> Timestamp {
    if cfg!(feature = "unguarded-for-benchmarks") {
        Timestamp::from_second(7_258_118_400).expect("2200-01-01 is a valid instant")
    } else {
        as_of
    }
}

/// Finish the leak guard's work on a freshly rendered audience folder: any hidden content in
/// it fails the build, before anything is published.
fn guarded(
    guard: &Guard<'_>,
    scan: Scan,
    audience: &Audience,
    dir: &Path,
) -> Result<GuardReport, Failure> {
    if !scan.findings.is_empty() {
        return Err(Failure {
            diagnostics: guard.diagnostics(&audience_dir(dir, audience), &scan.findings),
        });
    }
    Ok(GuardReport {
        audience: audience.name.clone(),
        looked_for: guard.summary(),
        files: scan.files,
        bytes: scan.bytes,
        took: guard.prepared_in + scan.took,
    })
}

/// Name findings by the folder the output would have gone to, not the staging folder.
fn audience_dir(staging: &Path, audience: &Audience) -> PathBuf {
    staging.with_file_name(&audience.name)
}

#[cfg(test)]
mod tests;
