//! Deleting a folder and everything in it: the one way output, work and leftover folders
//! are removed.
//!
//! Each build deletes the output it replaced — 45,000 files in 45,000 folders for the
//! 10,000-document corpus. Subfolders go side by side, and on Linux every step works
//! relative to the open parent folder (`openat`, `unlinkat`) with the entry types the
//! folder listing gives: no path is walked from the root again and nothing is `stat`ed.
//! A symlink is removed, never followed, either way.

use std::fs;
use std::path::Path;

use rayon::prelude::*;

/// Delete `dir` (or whatever else is at that path) and everything in it.
pub fn remove_tree(dir: &Path) -> std::io::Result<()> {
    if !fs::symlink_metadata(dir)?.is_dir() {
        return fs::remove_file(dir);
    }
    empty(dir)?;
    fs::remove_dir(dir)
}

#[cfg(target_os = "linux")]
fn empty(dir: &Path) -> std::io::Result<()> {
    use rustix::fs::{Mode, CWD};
    let fd = rustix::fs::openat(CWD, dir, folder_flags(), Mode::empty())?;
    empty_open(fd).map_err(std::io::Error::from)
}

#[cfg(target_os = "linux")]
fn folder_flags() -> rustix::fs::OFlags {
    use rustix::fs::OFlags;
    OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC
}

/// Delete everything in the open folder `fd`.
#[cfg(target_os = "linux")]
fn empty_open(fd: rustix::fd::OwnedFd) -> rustix::io::Result<()> {
    use rustix::fs::{AtFlags, Dir, FileType, Mode};
    let mut listing = Dir::new(fd)?;
    let mut entries = Vec::new();
    while let Some(entry) = listing.read() {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_bytes() == b"." || name.to_bytes() == b".." {
            continue;
        }
        entries.push((name.to_owned(), entry.file_type()));
    }
    let parent = listing.fd()?;
    entries.par_iter().try_for_each(|(name, kind)| {
        let kind = match kind {
            // Some file systems leave the type out of their listings: ask, without following.
            FileType::Unknown => FileType::from_raw_mode(
                rustix::fs::statat(parent, name.as_c_str(), AtFlags::SYMLINK_NOFOLLOW)?.st_mode,
            ),
            known => *known,
        };
        if kind == FileType::Directory {
            let child = rustix::fs::openat(parent, name.as_c_str(), folder_flags(), Mode::empty())?;
            empty_open(child)?;
            rustix::fs::unlinkat(parent, name.as_c_str(), AtFlags::REMOVEDIR)
        } else {
            rustix::fs::unlinkat(parent, name.as_c_str(), AtFlags::empty())
        }
    })
}

#[cfg(not(target_os = "linux"))]
fn empty(dir: &Path) -> std::io::Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        // The entry's own type: a symlink is removed, never followed.
        if entry.file_type()?.is_dir() {
            empty(&entry.path())?;
            fs::remove_dir(entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn removes_nested_folders_and_files_but_not_what_a_symlink_points_at() {
        let tmp = tempfile::tempdir().unwrap();
        let kept = tmp.path().join("kept");
        fs::create_dir(&kept).unwrap();
        fs::write(kept.join("precious.txt"), "keep me").unwrap();
        let tree = tmp.path().join("tree");
        for dir in ["a/b/c", "a/d", "e"] {
            fs::create_dir_all(tree.join(dir)).unwrap();
        }
        for file in ["a/b/c/index.html", "a/d/x", "a/y", "z"] {
            fs::write(tree.join(file), file).unwrap();
        }
        std::os::unix::fs::symlink(&kept, tree.join("a/link-to-kept")).unwrap();
        std::os::unix::fs::symlink(kept.join("precious.txt"), tree.join("e/file-link")).unwrap();

        remove_tree(&tree).unwrap();

        assert!(!tree.exists());
        assert_eq!(
            fs::read_to_string(kept.join("precious.txt")).unwrap(),
            "keep me"
        );
    }

    #[test]
    fn a_symlink_at_the_top_is_removed_itself() {
        let tmp = tempfile::tempdir().unwrap();
        let kept = tmp.path().join("kept");
        fs::create_dir(&kept).unwrap();
        fs::write(kept.join("f"), "x").unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&kept, &link).unwrap();

        remove_tree(&link).unwrap();

        assert!(fs::symlink_metadata(&link).is_err());
        assert!(kept.join("f").is_file());
    }
}
