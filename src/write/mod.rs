//! Writing output safely: into a temporary folder beside the target, swapped in whole.
//!
//! In: the output folder and, per audience, files to write. Out: `<out>/<audience>/`
//! replaced by the new build, or, if anything fails, the previous output untouched.
//! plenary marks folders it creates and refuses to write into (or delete) anything else.

mod remove;
mod reuse;

use remove::remove_tree;

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::support::error::Diagnostic;

/// The file that marks a folder as plenary's output.
pub const MARKER: &str = ".plenary-output";
const MARKER_TEXT: &str =
    "This folder is written by plenary. Its audience folders are replaced on every build.\n";

/// Check that `out` is a folder plenary may write into, given the site and theme folders,
/// and create it (with its marker) if needed.
pub fn prepare_output(out: &Path, protected: &[&Path]) -> Result<PathBuf, Diagnostic> {
    let refuse = |message: String, hint: &str| {
        Err(Diagnostic::error(out.to_path_buf(), message).hint(hint.to_string()))
    };
    if out.as_os_str().is_empty() {
        return refuse("the output folder is empty".into(), "pass --out DIR");
    }
    let absolute = absolute_path(out);
    if absolute.parent().is_none() {
        return refuse(
            "plenary will not write its output to the root folder".into(),
            "choose a folder of its own, such as dist/",
        );
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if absolute_path(&home) == absolute {
            return refuse(
                "plenary will not write its output to your home folder".into(),
                "choose a folder of its own, such as dist/",
            );
        }
    }
    for folder in protected {
        let folder = absolute_path(folder);
        let parent = folder
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| folder.clone());
        if folder.starts_with(&absolute) || parent == absolute {
            return refuse(
                format!(
                    "the output folder contains {} (or is its parent folder)",
                    folder.display()
                ),
                "write the output beside the site, e.g. --out dist",
            );
        }
        if absolute.starts_with(&folder) {
            return refuse(
                format!("the output folder is inside {}", folder.display()),
                "write the output beside the site, e.g. --out dist",
            );
        }
    }
    match fs::symlink_metadata(out) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return refuse(
                "the output folder is a symlink".into(),
                "pass the real folder, so plenary never writes through a link",
            );
        }
        Ok(meta) if !meta.is_dir() => {
            return refuse(
                "the output path exists and is not a folder".into(),
                "remove it or choose another --out",
            )
        }
        Ok(_) => {
            let is_empty = fs::read_dir(out).map_err(|e| io(out, &e))?.next().is_none();
            if !is_empty && !out.join(MARKER).is_file() {
                return refuse(
                    "the output folder is not empty and was not created by plenary".into(),
                    "choose an empty or new folder; plenary only replaces output it wrote itself",
                );
            }
        }
        Err(_) => fs::create_dir_all(out).map_err(|e| io(out, &e))?,
    }
    fs::write(out.join(MARKER), MARKER_TEXT).map_err(|e| io(out, &e))?;
    Ok(out.to_path_buf())
}

/// `path` made absolute and lexically normalised (`..` removed) without touching the disk
/// beyond canonicalizing the longest existing prefix, so symlinked folders compare right.
pub fn absolute_path(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut normal = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::ParentDir => {
                normal.pop();
            }
            std::path::Component::CurDir => {}
            other => normal.push(other),
        }
    }
    // Canonicalize the part that exists; keep the rest as written.
    let mut existing = normal.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut result = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        result.push(name);
    }
    result
}

/// A new audience folder being written, beside its final place.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    /// Set by the first write that fails: the rest are skipped (one "disk full" is enough to
    /// report) and the folder can no longer be committed.
    failed: AtomicBool,
    /// The output this one replaces, if there is one: a file that comes out byte for byte
    /// as it was there is hard-linked from it instead of written again.
    previous: Option<reuse::Previous>,
}

impl Staging {
    /// Start writing `<out>/<audience>`; a leftover staging folder from a killed build is cleared.
    pub fn new(out: &Path, audience: &str) -> Result<Staging, Diagnostic> {
        let dir = out.join(format!(".{audience}.plenary-new"));
        if fs::symlink_metadata(&dir).is_ok() {
            remove_tree(&dir).map_err(|e| io(&dir, &e))?;
        }
        fs::create_dir_all(&dir).map_err(|e| io(&dir, &e))?;
        let target = out.join(audience);
        let previous = reuse::Previous::open(&target);
        Ok(Staging {
            dir,
            target,
            failed: AtomicBool::new(false),
            previous,
        })
    }

    /// Write one file (path relative to the audience folder, `/`-separated).
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if self.failed.load(Ordering::Relaxed) {
            return Ok(());
        }
        let path = self.path_of(relative)?;
        let written = match path.parent() {
            Some(parent) => create_folder(parent),
            None => Ok(()),
        }
        .and_then(|()| {
            if let Some(previous) = &self.previous {
                if previous.link_if_same(relative, bytes, &path) {
                    return Ok(());
                }
            }
            fs::File::create(&path)?.write_all(bytes)
        });
        written.map_err(|e| {
            self.failed.store(true, Ordering::Relaxed);
            // Name the file where the reader will look for it, not the hidden work folder.
            io(&self.target.join(relative), &e)
        })
    }

    fn path_of(&self, relative: &str) -> Result<PathBuf, Diagnostic> {
        // Output paths come from slugs that loading checked; refuse anything that could
        // still climb out, as a last line of defence.
        if relative
            .split('/')
            .any(|p| p.is_empty() || p == ".." || p == ".")
            || relative.starts_with('/')
        {
            return Err(Diagnostic::error(
                None,
                format!("refusing to write `{relative}`: not a plain relative path"),
            ));
        }
        Ok(self.dir.join(relative))
    }

    /// Make sure everything is on disk before the swap makes it visible.
    pub fn sync(&self) -> Result<(), Diagnostic> {
        if let Ok(dir) = fs::File::open(&self.dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    }

    /// Put the new folder in place of the old one, then delete the old one.
    pub fn commit(self) -> Result<(), Diagnostic> {
        assert!(
            !self.failed.load(Ordering::Relaxed),
            "a staging folder with failed writes is never committed"
        );
        let old = self.target.with_file_name(format!(
            ".{}.plenary-old",
            self.target
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("out")
        ));
        if fs::symlink_metadata(&old).is_ok() {
            remove_tree(&old).map_err(|e| io(&old, &e))?;
        }
        if fs::symlink_metadata(&self.target).is_ok() {
            if exchange(&self.dir, &self.target).is_ok() {
                // The new output is in place in one step; the old one now sits at `dir`.
                fs::rename(&self.dir, &old).map_err(|e| io(&old, &e))?;
            } else {
                fs::rename(&self.target, &old).map_err(|e| io(&self.target, &e))?;
                fs::rename(&self.dir, &self.target).map_err(|e| io(&self.target, &e))?;
            }
            remove_tree(&old).map_err(|e| io(&old, &e))?;
        } else {
            fs::rename(&self.dir, &self.target).map_err(|e| io(&self.target, &e))?;
        }
        Ok(())
    }

    /// Throw the new folder away (the build failed).
    pub fn abandon(self) {
        let _ = remove_tree(&self.dir);
    }
}

/// Make sure the folder `dir` exists. Most pages are the one file in a folder of their own
/// whose parent exists already, so that case costs one `mkdir`, not a `stat` and a `mkdir`.
fn create_folder(dir: &Path) -> std::io::Result<()> {
    match fs::create_dir(dir) {
        // Something other than a folder there makes writing the file inside it fail.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(_) => fs::create_dir_all(dir),
        Ok(()) => Ok(()),
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "no atomic exchange",
    ))
}

fn io(path: &Path, err: &std::io::Error) -> Diagnostic {
    let hint = match err.raw_os_error() {
        Some(28) => "the disk is full: free some space; the previous output is unchanged",
        Some(30) => "the output folder is on a read-only file system: build into a writable folder (--out); the previous output is unchanged",
        Some(13) => "the output folder is not writable: check its permissions; the previous output is unchanged",
        _ => "check the output folder; the previous output is unchanged",
    };
    Diagnostic::error(path.to_path_buf(), format!("cannot write: {err}")).hint(hint)
}
