//! Every input of the fuzz seed corpus and every past fuzz finding, run through the fuzz
//! targets' own checks (`fuzz/checks.rs`) as part of `cargo test`, so a finding once fixed
//! stays fixed without a nightly toolchain or libFuzzer.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;
use std::time::{Duration, Instant};

/// Run `check` on each file of `fuzz/<folder>/<target>`; how many there were, and the
/// slowest.
fn replay(folder: &str, target: &str, check: fn(&[u8])) -> (usize, Duration) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder)
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    let mut slowest = Duration::ZERO;
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let started = Instant::now();
        if std::panic::catch_unwind(|| check(&bytes)).is_err() {
            panic!("{} fails the {target} check", file.display());
        }
        slowest = slowest.max(started.elapsed());
    }
    (files.len(), slowest)
}

#[test]
fn the_seed_corpus_passes_the_fuzz_checks() {
    let (front_matter, slow_a) = replay("corpus", "front_matter", checks::front_matter);
    let (markdown, slow_b) = replay("corpus", "markdown", checks::markdown);
    // Markdown bodies are also whole files with front matter: both ways round.
    replay("corpus", "front_matter", checks::markdown);
    eprintln!(
        "seeds: {front_matter} front matter, {markdown} markdown; slowest {:?}",
        slow_a.max(slow_b)
    );
    assert!(
        front_matter >= 100 && markdown >= 40,
        "the corpus went missing"
    );
}

#[test]
fn past_fuzz_findings_stay_fixed() {
    let (markdown, _) = replay("regressions", "markdown", checks::markdown);
    let (front_matter, _) = replay("regressions", "front_matter", checks::front_matter);
    assert!(markdown >= 3 && front_matter >= 1);
}

#[test]
fn the_inertness_check_can_fail() {
    // The check the fuzzer relies on must notice what it is there to notice.
    for html in [
        "<p><script>alert(1)</script></p>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" JavaScript:alert(1)\">x</a>",
        "<img src=x onerror=alert(1)>",
        "<div title=\"<ok>\" onclick=\"x()\">",
        "<svg><a xlink:href=\"javascript:x\">",
        "<a href=\"java\tscript:x\">",
        "<a href=\"\u{1}javascript:x\">",
        "<a href=\"vbscript:x\">",
    ] {
        assert!(
            std::panic::catch_unwind(|| checks::inert(html)).is_err(),
            "{html} passed"
        );
    }
    // A colon after something that cannot be a scheme makes a relative URL.
    checks::inert("<a href=\"&amp;\u{fffd}sscript:alert(1)\">x</a><a href=\"../a:b/\">y</a>");
    checks::inert("<p title=\"a onclick=x <script>\"><a href=\"/en/x/#y\">ok</a> 1 &lt; 2</p>");
}
