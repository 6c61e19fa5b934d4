//! What a long build shows while it works, and where its time went.
//!
//! A progress bar per audience when a person is watching (stderr is a terminal, not CI), and
//! the CPU time of each stage of rendering, summed over the threads that share the pages:
//! the stages run interleaved page by page on every core, so wall-clock laps cannot tell them
//! apart.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Whether to draw progress bars: only for a person at a terminal.
pub fn wanted() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// A bar counting an audience's files, or nothing when `shown` is false.
pub fn bar(shown: bool, audience: &str, files: usize) -> ProgressBar {
    if !shown {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len} files, {eta} left")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_prefix(audience.to_string());
    bar
}

/// What watches one audience's rendering: the stage clock, and whether to draw a bar.
#[derive(Debug, Default)]
pub struct Meter {
    pub clock: StageClock,
    pub show_bar: bool,
}

/// The stages of rendering an audience, timed on every thread.
#[derive(Debug, Clone, Copy)]
pub enum Stage {
    /// The audience's view of the site and the plan of its pages.
    Release,
    /// Page contexts, Markdown and templates.
    Render,
    /// minify-html.
    Minify,
    /// Building the search index (Pagefind).
    Search,
    /// The leak guard reading each file.
    Scan,
    /// The leak guard comparing the sources an audience sees with those it may not.
    Sources,
    /// Writing files (and copying attachments) into the staging folder.
    Write,
}

const STAGES: [(Stage, &str); 7] = [
    (Stage::Release, "release and plan"),
    (Stage::Render, "render"),
    (Stage::Minify, "minify"),
    (Stage::Search, "search index"),
    (Stage::Scan, "leak scan"),
    (Stage::Sources, "source check"),
    (Stage::Write, "write"),
];

/// CPU nanoseconds per stage, added to from any thread.
#[derive(Debug, Default)]
pub struct StageClock {
    nanos: [AtomicU64; 7],
}

impl StageClock {
    /// Run `f`, counting its time against `stage`.
    pub fn time<T>(&self, stage: Stage, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let value = f();
        self.add(stage, started.elapsed());
        value
    }

    pub fn add(&self, stage: Stage, took: Duration) {
        let nanos = u64::try_from(took.as_nanos()).unwrap_or(u64::MAX);
        self.nanos[stage as usize].fetch_add(nanos, Ordering::Relaxed);
    }

    /// Each stage's time and share of the total, largest first.
    pub fn shares(&self) -> Vec<(&'static str, Duration, f64)> {
        let times: Vec<(&str, u64)> = STAGES
            .iter()
            .map(|(stage, name)| (*name, self.nanos[*stage as usize].load(Ordering::Relaxed)))
            .collect();
        let total: u64 = times.iter().map(|(_, n)| n).sum::<u64>().max(1);
        let mut shares: Vec<_> = times
            .into_iter()
            .map(|(name, n)| (name, Duration::from_nanos(n), n as f64 / total as f64))
            .collect();
        shares.sort_by_key(|share| std::cmp::Reverse(share.1));
        shares
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_and_name_the_largest_first() {
        let clock = StageClock::default();
        clock.add(Stage::Render, Duration::from_millis(300));
        clock.add(Stage::Write, Duration::from_millis(100));
        clock.add(Stage::Render, Duration::from_millis(300));
        let shares = clock.shares();
        assert_eq!(shares[0].0, "render");
        assert_eq!(shares[0].1, Duration::from_millis(600));
        assert!((shares[0].2 - 600.0 / 700.0).abs() < 1e-9);
        assert!((shares.iter().map(|s| s.2).sum::<f64>() - 1.0).abs() < 1e-9);
    }
}
