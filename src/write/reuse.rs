//! Files of the previous output reused in the new one: a file that comes out byte for byte
//! as it was is hard-linked from the old folder instead of written again.
//!
//! Creating a file costs far more than linking one, above all on disk (0.5–1 ms of kernel
//! time per file on ext4), and a link keeps the file's inode and modification time, so a
//! deploy by rsync or similar sends only what changed. Nothing is trusted to a record of an
//! earlier build: the old file's bytes are compared with the new ones every time, and only
//! a plain file reached without following any symlink is linked (a symlink planted in the
//! old output must not make the new output share a file that lives elsewhere).

use std::path::Path;

/// The output folder being replaced, open.
#[cfg(target_os = "linux")]
pub struct Previous {
    dir: rustix::fd::OwnedFd,
}

#[cfg(target_os = "linux")]
impl Previous {
    /// The folder at `target`, if it is a real folder (not a symlink to one).
    pub fn open(target: &Path) -> Option<Previous> {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let dir = rustix::fs::open(target, flags, Mode::empty()).ok()?;
        Some(Previous { dir })
    }

    /// Link the old `relative` file to `new` if it holds exactly `bytes`; false if it does
    /// not, or could not be linked (the caller writes the file).
    pub fn link_if_same(&self, relative: &str, bytes: &[u8], new: &Path) -> bool {
        use rustix::fs::{AtFlags, FileType, Mode, OFlags, ResolveFlags, CWD};
        use std::os::unix::fs::MetadataExt as _;
        let resolve = ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS;
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        // Kernels before 5.6 lack openat2: nothing is linked, everything written.
        let Ok(fd) = rustix::fs::openat2(&self.dir, relative, flags, Mode::empty(), resolve) else {
            return false;
        };
        let Ok(stat) = rustix::fs::fstat(&fd) else {
            return false;
        };
        if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile
            || stat.st_size != bytes.len() as i64
        {
            return false;
        }
        let mut file = std::fs::File::from(fd);
        if !reads_exactly(&mut file, bytes) {
            return false;
        }
        if rustix::fs::linkat(&self.dir, relative, CWD, new, AtFlags::empty()).is_err() {
            return false;
        }
        // The link is made by name: make sure it is the file just compared (the old folder
        // did not change under us), or write the file after all.
        let linked = std::fs::symlink_metadata(new)
            .is_ok_and(|m| m.ino() == stat.st_ino && m.dev() == stat.st_dev);
        if !linked {
            let _ = std::fs::remove_file(new);
        }
        linked
    }
}

/// Elsewhere nothing is linked: every file is written.
#[cfg(not(target_os = "linux"))]
pub struct Previous;

#[cfg(not(target_os = "linux"))]
impl Previous {
    pub fn open(_: &Path) -> Option<Previous> {
        None
    }

    pub fn link_if_same(&self, _: &str, _: &[u8], _: &Path) -> bool {
        false
    }
}

/// Does reading `file` to its end give exactly `bytes`?
#[cfg(target_os = "linux")]
fn reads_exactly(file: &mut std::fs::File, bytes: &[u8]) -> bool {
    use std::io::Read as _;
    let mut buffer = [0u8; 16 * 1024];
    let mut rest = bytes;
    loop {
        match file.read(&mut buffer) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && buffer[..n] == rest[..n] => rest = &rest[n..],
            Ok(_) | Err(_) => return false,
        }
    }
}
