//! Faults: a build killed at any moment leaves each audience's folder either as the previous
//! build left it or as the new build makes it — complete, never a mix — and the next build
//! cleans up after it.
//!
//! Audiences are swapped in one after another, so a kill between two swaps leaves one
//! audience at the new state and another at the old: each folder is a whole site, published
//! to its own host.

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const KILLS: u32 = 50;
const OLD: &str = "2026-06-10";
/// Later: more documents released to the public, new versions out.
const NEW: &str = "2026-12-01";

fn demo_site() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("site-content")
}

fn build(as_of: &str, out: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_plenary"));
    command
        .arg("build")
        .arg("--site")
        .arg(demo_site())
        .args(["--as-of", as_of, "--out"])
        .arg(out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    command
}

/// Each audience folder's files.
fn snapshot(out: &Path) -> BTreeMap<String, BTreeMap<String, Vec<u8>>> {
    ["members", "public"]
        .into_iter()
        .map(|audience| (audience.to_string(), support::tree(&out.join(audience))))
        .collect()
}

#[test]
fn a_build_killed_at_any_moment_leaves_old_or_new_output_never_a_mix() {
    let dir = tempfile::tempdir().unwrap();
    let reference = |as_of: &str| {
        let out = dir.path().join(format!("reference-{as_of}"));
        assert!(build(as_of, &out).status().unwrap().success());
        snapshot(&out)
    };
    let old = reference(OLD);
    let new = reference(NEW);
    assert_ne!(
        old["public"], new["public"],
        "the two as-of dates must differ in output"
    );

    // How long a build takes that replaces an output (the case a kill interrupts): the
    // median of three, since one run on a busy machine can be far off.
    let out = dir.path().join("out");
    assert!(build(OLD, &out).status().unwrap().success());
    let mut timings: Vec<Duration> = [NEW, OLD, NEW]
        .into_iter()
        .map(|as_of| {
            let started = Instant::now();
            assert!(build(as_of, &out).status().unwrap().success());
            started.elapsed()
        })
        .collect();
    timings.sort();
    let duration = timings[1];
    let mut current = new.clone();
    let mut outcomes = BTreeMap::new();
    for i in 0..KILLS {
        // Build towards the other state, so a swap shows as a change.
        let as_of = if current["public"] == new["public"] {
            OLD
        } else {
            NEW
        };
        let mut child = build(as_of, &out).spawn().unwrap();
        let at = if i % 5 == 4 {
            // Every fifth kill lands just after the first audience is swapped in, so the
            // moment between two swaps is always tried, however fast or slow the machine.
            kill_after_first_swap(&out, &mut child)
        } else {
            // The others are spread over the whole build and a little beyond, in an order
            // that jumps about.
            let at = duration.mul_f64(1.2 * f64::from((i * 37) % KILLS) / f64::from(KILLS));
            std::thread::sleep(at);
            at
        };
        let _ = child.kill();
        child.wait().unwrap();
        let now = snapshot(&out);
        for (audience, files) in &now {
            let state = if *files == old[audience] {
                "old"
            } else if *files == new[audience] {
                "new"
            } else {
                let stray: Vec<&String> = files
                    .keys()
                    .filter(|f| !old[audience].contains_key(*f) && !new[audience].contains_key(*f))
                    .take(5)
                    .collect();
                panic!(
                    "kill {i} after {at:?}: {audience} is neither the old nor the new output \
                     ({} files; not in either: {stray:?})",
                    files.len()
                );
            };
            *outcomes.entry(state).or_insert(0) += 1;
        }
        current = now;
        // Nothing but the audiences, plenary's marker and its hidden work folders.
        for entry in std::fs::read_dir(&out).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            assert!(
                ["members", "public", ".plenary-output"].contains(&name.as_str())
                    || name.ends_with(".plenary-new")
                    || name.ends_with(".plenary-old"),
                "kill {i}: unexpected {name} in the output folder"
            );
        }
    }
    eprintln!("{KILLS} kills over a {duration:?} build: audience folders found {outcomes:?}");
    // Kills landed both before and after swaps, or the test proved little.
    assert!(outcomes.len() == 2, "{outcomes:?}");

    // The next build finishes the job and leaves no work folders behind.
    assert!(build(NEW, &out).status().unwrap().success());
    assert_eq!(snapshot(&out), new);
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.contains(".plenary-new") && !n.contains(".plenary-old")),
        "{names:?}"
    );
}

/// Wait until one audience folder is replaced (or the build ends), and say when that was.
fn kill_after_first_swap(out: &Path, child: &mut std::process::Child) -> Duration {
    use std::os::unix::fs::MetadataExt;
    let inode = |audience: &str| {
        std::fs::symlink_metadata(out.join(audience))
            .map(|m| m.ino())
            .ok()
    };
    let before = [inode("members"), inode("public")];
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() && [inode("members"), inode("public")] == before {
        std::thread::sleep(Duration::from_micros(50));
    }
    started.elapsed()
}

/// What a build run inside a small file system of its own printed and left behind.
struct Outcome {
    /// The output folder after the first build, which fitted.
    before: BTreeMap<String, Vec<u8>>,
    /// The output folder after the second build.
    after: BTreeMap<String, Vec<u8>>,
    status: i32,
    stderr: String,
}

/// Build `OLD` into a fresh tmpfs of `size_kb`, run `between` (shell) on it, then build
/// `NEW` over it. The tmpfs lives in a private mount namespace (`unshare`), so it vanishes
/// with the test whatever happens and needs no root on the host.
fn build_twice_on_tmpfs(size_kb: u64, between: &str) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let (mount, copies) = (dir.path().join("mount"), dir.path().join("copies"));
    std::fs::create_dir_all(&mount).unwrap();
    std::fs::create_dir_all(&copies).unwrap();
    let script = format!(
        r#"set -e
        mount -t tmpfs -o size={size_kb}k plenary-test "$MNT"
        "$PLENARY" build --site "$SITE" --as-of {OLD} --out "$MNT/out" 2>/dev/null
        cp -a "$MNT/out" "$COPIES/before"
        {between}
        status=0
        "$PLENARY" build --site "$SITE" --as-of {NEW} --out "$MNT/out" 2>"$COPIES/stderr" || status=$?
        echo $status >"$COPIES/status"
        cp -a "$MNT/out" "$COPIES/after""#
    );
    let run = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
        .env("MNT", &mount)
        .env("COPIES", &copies)
        .env("SITE", demo_site())
        .env("PLENARY", env!("CARGO_BIN_EXE_plenary"))
        .output()
        .expect("unshare (util-linux) runs");
    assert!(
        run.status.success(),
        "could not set up the file system: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let read = |name: &str| std::fs::read_to_string(copies.join(name)).unwrap();
    Outcome {
        before: support::tree(&copies.join("before")),
        after: support::tree(&copies.join("after")),
        status: read("status").trim().parse().unwrap(),
        stderr: read("stderr"),
    }
}

/// Space the demo's output takes on a tmpfs, in KiB: a 4 KiB page at least per file.
fn demo_output_kb() -> u64 {
    let dir = tempfile::tempdir().unwrap();
    assert!(build(OLD, dir.path()).status().unwrap().success());
    support::tree(dir.path())
        .values()
        .map(|bytes| (bytes.len() as u64).div_ceil(4096).max(1) * 4)
        .sum()
}

impl Outcome {
    /// The second build failed with exit status 1 and a message saying all of `says`, and
    /// left the output exactly as the first build made it (no work folders either).
    fn failed_leaving_the_old_output(&self, says: &[&str]) {
        assert_eq!(self.status, 1, "{}", self.stderr);
        for fragment in says {
            assert!(
                self.stderr.contains(fragment),
                "no `{fragment}` in:\n{}",
                self.stderr
            );
        }
        assert!(!self.before.is_empty());
        assert_eq!(
            self.after, self.before,
            "the old output, whole and unchanged"
        );
    }
}

#[test]
fn a_full_disk_is_a_clear_error_and_the_old_output_stays() {
    // Room for one output and half of another, then filled up: files that come out as they
    // were are hard-linked from the old output and need no space, so the second build runs
    // out of it at the first file that changed.
    let fill = r#"dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null || true"#;
    build_twice_on_tmpfs(demo_output_kb() * 3 / 2, fill).failed_leaving_the_old_output(&[
        "No space left on device",
        "the disk is full: free some space; the previous output is unchanged",
    ]);
}

#[test]
fn a_read_only_output_folder_is_a_clear_error_and_the_old_output_stays() {
    build_twice_on_tmpfs(demo_output_kb() * 4, r#"mount -o remount,ro "$MNT""#)
        .failed_leaving_the_old_output(&[
            "Read-only file system",
            "the output folder is on a read-only file system",
        ]);
}
