//! Transparent huge pages: on while a site loads, off while its pages render.
//!
//! The loaded site (every file's Markdown and its prepared HTML: 2.7 GB at 50,000
//! documents) is allocated once and read through to the end; on 2 MB pages it takes fewer
//! faults to make and fewer address translations to read. Rendering is the other way
//! round: mimalloc's heaps come and go per file, and on huge pages the kernel zeroes (and,
//! when memory is fragmented, first compacts) 2 MB at a time for each — 8% of a build's CPU
//! time went to zeroing pages. The figures, and huge pages throughout or only after loading
//! (both dropped), are in BENCHMARKS.md, issue 28, "What changed, and each change's
//! measurement".

/// Huge pages for what the process allocates from now on.
pub fn on() {
    set(true);
}

/// 4 KB pages for what the process allocates from now on (what is already on huge pages
/// stays there). Failure only means huge pages stay on.
pub fn off() {
    set(false);
}

fn set(huge: bool) {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(!huge);
}
