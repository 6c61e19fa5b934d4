//! The leak guard: a second line of defence behind [`crate::release`].
//!
//! Visibility is decided once, at the source; every output is built from the audience's own
//! view. The guard does not trust that. It fingerprints everything the audience may *not* see
//! (titles in every language, addresses, attachment names and contents, distinctive runs of
//! body text) and reads every byte of a finished output folder, including the content of gzip
//! files and ZIP archives and text behind HTML entities, JSON escapes and %-escapes. A build
//! with any hit is not published; `plenary audit` runs the same scan over any folder.

mod fingerprint;
mod index;
mod scan;
pub mod sources;
mod words;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Audience;
use crate::content::model::Site;
use crate::release;
use crate::support::error::Diagnostic;
use fingerprint::Key;
pub use fingerprint::{content_hash, Fingerprints, Source};
use words::Windows;

/// Findings reported in full; beyond this they are counted.
const MAX_REPORTED: usize = 50;

/// Everything one audience must not see, ready to scan for.
pub struct Guard<'s> {
    site: &'s Site,
    audience: &'s Audience,
    ui_text: Vec<&'s str>,
    as_of: Timestamp,
    fingerprints: Fingerprints,
    /// Hidden attachment sizes, to hash only the output files that could be one.
    sizes: BTreeMap<u64, Vec<usize>>,
    /// Must bytes holding only markup entities be read as written too? Only when some name
    /// could lie across an entity ([`scan::views`]).
    raw_too: bool,
    pub prepared_in: Duration,
}

/// One piece of hidden content found in an output file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// Relative to the scanned folder.
    pub file: PathBuf,
    /// Byte offset in the form of the file described by `how`.
    pub offset: usize,
    /// "" for the raw bytes, else how the file was read ("inside gzip", …).
    pub how: String,
    /// What was found: `the title of meetings/m77/x version 1 (en)`. The hidden text itself
    /// is never repeated: build logs may be read by more people than the members build.
    pub what: String,
}

/// The fingerprints found in one file, before checking them against visible text. Kept
/// small: shared sentences can make millions of these on a large site.
struct Suspects {
    file: PathBuf,
    /// How each view of the file was read ("" for the raw bytes).
    views: Vec<String>,
    /// (fingerprint, offset, view).
    hits: Vec<(Key, usize, u16)>,
    /// Copies of hidden attachments (always leaks): (which hidden file, view).
    copies: Vec<(usize, u16)>,
}

/// A build being scanned as it writes.
pub struct Watch<'g, 's> {
    guard: &'g Guard<'s>,
    /// Time spent scanning, summed over threads.
    busy: Mutex<Duration>,
    suspects: Mutex<Vec<Suspects>>,
    seen: Mutex<BTreeSet<String>>,
    bytes: Mutex<u64>,
}

impl Watch<'_, '_> {
    /// Scan a file about to be written (path relative to the audience folder).
    pub fn file(&self, relative: &str, content: &[u8]) {
        if self.guard.fingerprints.index.is_empty() && self.guard.fingerprints.files.is_empty() {
            // Nothing is hidden from this audience: there is nothing to look for.
            *self.bytes.lock().expect("unpoisoned") += content.len() as u64;
            self.seen
                .lock()
                .expect("unpoisoned")
                .insert(relative.to_string());
            return;
        }
        let started = Instant::now();
        let path = PathBuf::from(relative);
        let suspects = self.guard.suspects(&path, content);
        *self.bytes.lock().expect("unpoisoned") += content.len() as u64;
        self.seen
            .lock()
            .expect("unpoisoned")
            .insert(relative.to_string());
        if !suspects.hits.is_empty() || !suspects.copies.is_empty() {
            self.suspects.lock().expect("unpoisoned").push(suspects);
        }
        *self.busy.lock().expect("unpoisoned") += started.elapsed();
    }

    /// Decide on everything watched. Every byte a build writes passes through
    /// [`Watch::file`] (the build's only writer, `Staging`, is fed by it;
    /// `tests/guard.rs` checks that the files watched are exactly the files written), so the
    /// folder is not walked again: on a large site that walk alone costs more than a tenth
    /// of a second per ten thousand files.
    pub fn finish(self) -> Scan {
        let started = Instant::now();
        let seen = self.seen.into_inner().expect("unpoisoned");
        let mut findings = self
            .guard
            .confirm(self.suspects.into_inner().expect("unpoisoned"));
        findings.sort();
        Scan {
            files: seen.len(),
            bytes: self.bytes.into_inner().expect("unpoisoned"),
            findings,
            took: self.busy.into_inner().expect("unpoisoned") + started.elapsed(),
        }
    }
}

/// What a scan looked at and found.
#[derive(Debug, Default)]
pub struct Scan {
    pub files: usize,
    pub bytes: u64,
    pub findings: Vec<Finding>,
    /// Time spent (for a watched build: summed over the threads that scanned).
    pub took: Duration,
}

impl<'s> Guard<'s> {
    /// Fingerprint what `audience` may not see at `as_of`. `ui_text` is the theme's UI strings.
    pub fn new(
        site: &'s Site,
        ui_text: Vec<&'s str>,
        audience: &'s Audience,
        as_of: Timestamp,
    ) -> Guard<'s> {
        let started = Instant::now();
        let view = release::view(site, audience, as_of);
        let mut fingerprints = fingerprint::collect(site, &view, &ui_text);
        // A hidden attachment identical to a visible one proves nothing.
        let visible_sizes: BTreeSet<u64> = view
            .documents()
            .flat_map(|(_, d)| d.attachments.iter().map(|a| a.size))
            .collect();
        if fingerprints
            .files
            .iter()
            .any(|f| visible_sizes.contains(&f.size))
        {
            let visible: BTreeSet<u64> = view
                .documents()
                .flat_map(|(_, d)| d.attachments.iter())
                .filter(|a| fingerprints.files.iter().any(|f| f.size == a.size))
                .filter_map(|a| std::fs::read(&a.path).ok())
                .map(|bytes| content_hash(&bytes))
                .collect();
            fingerprints.files.retain(|f| !visible.contains(&f.hash));
        }
        let mut sizes: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
        for (i, file) in fingerprints.files.iter().enumerate() {
            sizes.entry(file.size).or_default().push(i);
        }
        let raw_too = fingerprints
            .index
            .names
            .iter()
            .any(|n| scan::may_cross_entity(&n.needle));
        Guard {
            site,
            audience,
            ui_text,
            as_of,
            fingerprints,
            sizes,
            raw_too,
            prepared_in: started.elapsed(),
        }
    }

    /// The fingerprints, for reports and tests.
    pub fn fingerprints(&self) -> &Fingerprints {
        &self.fingerprints
    }

    /// One line on what the guard looks for.
    pub fn summary(&self) -> String {
        let f = &self.fingerprints;
        format!(
            "{} names and {} text windows of {} hidden documents, {} hidden versions of visible ones, {} hidden pages and {} hidden attachments",
            f.index.names.len(),
            f.index.windows.len(),
            f.hidden_documents,
            f.hidden_versions,
            f.hidden_pages,
            f.files.len()
        )
    }

    /// Read every file under `dir` (symlinks are not followed; their targets are read as text).
    pub fn scan_dir(&self, dir: &Path) -> Result<Scan, Diagnostic> {
        let started = Instant::now();
        let (mut scan, suspects) = self.scan_paths(dir)?;
        scan.findings = self.confirm(suspects);
        scan.took = started.elapsed();
        Ok(scan)
    }

    /// Scan the files under `dir`; the findings are not confirmed yet.
    fn scan_paths(&self, dir: &Path) -> Result<(Scan, Vec<Suspects>), Diagnostic> {
        let mut paths = Vec::new();
        for entry in WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                Diagnostic::error(
                    e.path().map(Path::to_path_buf),
                    format!("cannot read the folder to check it: {e}"),
                )
            })?;
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            if !entry.file_type().is_dir() {
                paths.push((entry.path().to_path_buf(), relative.to_path_buf()));
            }
        }
        let bytes = Mutex::new(0u64);
        let suspects: Result<Vec<Suspects>, Diagnostic> = paths
            .par_iter()
            .map(|(path, relative)| {
                let content = read(path)?;
                *bytes.lock().expect("unpoisoned") += content.len() as u64;
                Ok(self.suspects(relative, &content))
            })
            .collect();
        let scan = Scan {
            files: paths.len(),
            bytes: bytes.into_inner().expect("unpoisoned"),
            ..Scan::default()
        };
        Ok((scan, suspects?))
    }

    /// Every hidden thing in one file's content.
    pub fn scan_bytes(&self, file: &Path, content: &[u8]) -> Vec<Finding> {
        self.confirm(vec![self.suspects(file, content)])
    }

    /// Start watching a build: each file is scanned as it is written ([`Watch::file`]), and
    /// [`Watch::finish`] scans whatever reached the folder some other way.
    pub fn watch(&self) -> Watch<'_, 's> {
        Watch {
            guard: self,
            busy: Mutex::new(Duration::ZERO),
            suspects: Mutex::new(Vec::new()),
            seen: Mutex::new(BTreeSet::new()),
            bytes: Mutex::new(0),
        }
    }

    /// Every fingerprint in one file's content, each once: at its first place, raw bytes
    /// first (so a finding names the plainest form the content appears in).
    fn suspects(&self, file: &Path, content: &[u8]) -> Suspects {
        let mut suspects = Suspects {
            file: file.to_path_buf(),
            views: Vec::new(),
            hits: Vec::new(),
            copies: Vec::new(),
        };
        let mut seen = HashSet::new();
        let quotable = |name: &[u8]| !self.mentions_hidden(name);
        for (v, view) in scan::views(content, self.raw_too, &quotable)
            .iter()
            .rev()
            .enumerate()
        {
            suspects.views.push(view.how.clone());
            // A form whose words are another's (`scan::views`) may still be a copy.
            if view.words {
                self.fingerprints
                    .index
                    .scan(&view.bytes, Windows::Selected, |hit| {
                        let key = hit.key();
                        if seen.insert(key) {
                            suspects.hits.push((key, hit.offset(), v as u16));
                        }
                    });
            }
            self.copies_of(&view.bytes, v as u16, &mut suspects);
        }
        suspects
    }

    /// Does `text` (the name of a file inside an archive) hold anything the guard looks for,
    /// visible elsewhere or not? Such a name is not written into a message: messages never
    /// repeat hidden text.
    fn mentions_hidden(&self, text: &[u8]) -> bool {
        let mut found = false;
        self.fingerprints
            .index
            .scan(text, Windows::All, |_| found = true);
        found
    }

    /// Is `bytes` (one form of a file) a copy of a hidden attachment?
    fn copies_of(&self, bytes: &[u8], view: u16, suspects: &mut Suspects) {
        if let Some(candidates) = self.sizes.get(&(bytes.len() as u64)) {
            let hash = content_hash(bytes);
            for &i in candidates {
                if self.fingerprints.files[i].hash == hash {
                    suspects.copies.push((i, view));
                }
            }
        }
    }

    /// The suspects that are leaks: those whose fingerprint occurs in no visible text. One
    /// finding per hidden thing per file, at its first place.
    fn confirm(&self, suspects: Vec<Suspects>) -> Vec<Finding> {
        let keys: BTreeSet<Key> = suspects
            .iter()
            .flat_map(|s| s.hits.iter().map(|h| h.0))
            .collect();
        let innocent = if keys.is_empty() {
            BTreeSet::new()
        } else {
            let view = release::view(self.site, self.audience, self.as_of);
            let near = suspects
                .iter()
                .filter_map(|s| document_page(&s.file))
                .collect();
            fingerprint::visible_among(
                self.site,
                &view,
                &self.ui_text,
                &self.fingerprints.index,
                &keys,
                &near,
            )
        };
        let index = &self.fingerprints.index;
        let mut findings = Vec::new();
        for s in suspects {
            let finding = |offset: usize, view: u16, what: String| Finding {
                file: s.file.clone(),
                offset,
                how: s.views[view as usize].clone(),
                what,
            };
            for &(key, offset, view) in s.hits.iter().filter(|h| !innocent.contains(&h.0)) {
                let source = match key {
                    Key::Window(hash) => index.windows[&hash],
                    Key::Name(i) => index.names[i as usize].source,
                };
                let source = &self.fingerprints.sources[source as usize];
                findings.push(finding(
                    offset,
                    view,
                    format!("the {} of {}", source.what, source.of),
                ));
            }
            for &(i, view) in &s.copies {
                let what = format!(
                    "a copy of the attachment {}",
                    self.fingerprints.files[i].source
                );
                findings.push(finding(0, view, what));
            }
        }
        findings.sort();
        let mut seen = BTreeSet::new();
        findings.retain(|f| seen.insert((f.file.clone(), f.what.clone())));
        findings
    }

    /// The findings as errors, the first [`MAX_REPORTED`] in full.
    pub fn diagnostics(&self, root: &Path, findings: &[Finding]) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = findings
            .iter()
            .take(MAX_REPORTED)
            .map(|f| {
                let at = if f.how.is_empty() {
                    format!("byte {}", f.offset)
                } else {
                    format!("byte {} ({})", f.offset, f.how)
                };
                Diagnostic::error(
                    root.join(&f.file),
                    format!(
                        "{at}: contains {}, which the {} audience may not see as of {}",
                        f.what, self.audience.name, self.as_of
                    ),
                )
                .hint("a template, theme file or feature is publishing hidden content; fix it before publishing")
            })
            .collect();
        if findings.len() > MAX_REPORTED {
            out.push(Diagnostic::error(
                root.to_path_buf(),
                format!("… and {} more findings", findings.len() - MAX_REPORTED),
            ));
        }
        out
    }
}

/// The document a file of a document's pages belongs to, by its path
/// (`en/meetings/m77/budget/v2/index.html` → `("m77", "budget")`): only a hint of where to
/// look first for visible text that explains a suspect.
fn document_page(file: &Path) -> Option<(&str, &str)> {
    let parts: Vec<&str> = file.iter().filter_map(|p| p.to_str()).collect();
    let at = parts.iter().position(|p| *p == "meetings")?;
    // The slug is a folder: `meetings/m77/index.html` is the meeting's own page.
    match parts.get(at + 1..at + 4)? {
        [meeting, slug, _] => Some((meeting, slug)),
        _ => None,
    }
}

fn read(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let io = |e: std::io::Error| {
        Diagnostic::error(
            path.to_path_buf(),
            format!("cannot read it to check it: {e}"),
        )
    };
    let meta = std::fs::symlink_metadata(path).map_err(io)?;
    if meta.file_type().is_symlink() {
        // A link's target can name hidden things too; it is not followed.
        let target = std::fs::read_link(path).map_err(io)?;
        return Ok(target.to_string_lossy().into_owned().into_bytes());
    }
    std::fs::read(path).map_err(io)
}
