//! Links, images and symlinks that climb out of the site.

use super::*;

#[test]
fn paths() {
    run(&[
        Case {
            name: "a link climbing out of the site",
            edit: |s| body(s, "[x](../../../../../etc/passwd)\n"),
            expect: Error("meetings/spring/hlgm/v1.en.md:", "etc/passwd"),
        },
        Case {
            name: "a site-absolute link climbing out",
            edit: |s| body(s, "[x](@/../../etc/passwd)\n"),
            expect: Error("meetings/spring/hlgm/v1.en.md:", ""),
        },
        Case {
            name: "a link with percent-encoded dots",
            edit: |s| body(s, "[x](%2e%2e/%2e%2e/%2e%2e/etc/passwd)\n"),
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:4:1:",
                "`%2e%2e/%2e%2e/%2e%2e/etc/passwd` does not name a document",
            ),
        },
        Case {
            name: "an image path climbing out of the site",
            edit: |s| {
                outside(s);
                body(s, "![x](../../../../secret-outside.txt)\n");
            },
            expect: Error("meetings/spring/hlgm/v1.en.md:", ""),
        },
        Case {
            name: "an absolute file path as an image",
            edit: |s| body(s, "![x](/etc/passwd)\n"),
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:4:1:",
                "`/etc/passwd` starts with `/`",
            ),
        },
        Case {
            name: "a file: URL",
            edit: |s| {
                let target = outside(s);
                body(
                    s,
                    &format!("[x](file://{0}) ![y](file://{0})\n", target.display()),
                );
            },
            expect: Builds(|public, members| {
                nothing_from_outside(public, members);
                assert!(!page(public).contains("href=file:"));
            }),
        },
        Case {
            name: "a symlinked version file leading out",
            edit: |s| {
                let target = outside(s);
                std::fs::remove_file(s.root().join(V1)).unwrap();
                std::os::unix::fs::symlink(target, s.root().join(V1)).unwrap();
            },
            expect: Error(
                "meetings/spring/hlgm/v1.en.md:",
                "leads outside the site folder",
            ),
        },
        Case {
            name: "a symlinked attachment leading out",
            edit: |s| {
                let target = outside(s);
                std::os::unix::fs::symlink(target, s.root().join("meetings/spring/hlgm/leak.txt"))
                    .unwrap();
            },
            expect: Error(
                "meetings/spring/hlgm/leak.txt:",
                "leads outside the site folder",
            ),
        },
        Case {
            name: "a symlinked meeting folder leading out",
            edit: |s| {
                let elsewhere = s.dir.path().join("elsewhere");
                std::fs::create_dir_all(&elsewhere).unwrap();
                std::fs::write(elsewhere.join("meeting.toml"), support::MEETING_TOML).unwrap();
                std::os::unix::fs::symlink(&elsewhere, s.root().join("meetings/autumn")).unwrap();
            },
            expect: Error("meetings/autumn:", "leads outside the site folder"),
        },
        Case {
            name: "a symlink loop",
            edit: |s| {
                std::os::unix::fs::symlink(
                    s.root().join("meetings/spring/loop"),
                    s.root().join("meetings/spring/loop"),
                )
                .unwrap();
            },
            expect: Error("meetings/spring/loop:", ""),
        },
        Case {
            name: "a symlink inside the site is followed",
            edit: |s| {
                s.file("meetings/spring/agenda/shared.txt", "inside-the-site\n");
                std::os::unix::fs::symlink(
                    s.root().join("meetings/spring/agenda/shared.txt"),
                    s.root().join("meetings/spring/hlgm/plan.txt"),
                )
                .unwrap();
            },
            expect: Builds(|_, members| assert!(anywhere(members, "inside-the-site"))),
        },
        Case {
            name: "an unreadable version file",
            edit: |s| {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(s.root().join(V1), std::fs::Permissions::from_mode(0o000))
                    .unwrap();
                if std::fs::read(s.root().join(V1)).is_ok() {
                    // Running as root: permissions do not stop reading. Make it a folder instead.
                    std::fs::remove_file(s.root().join(V1)).unwrap();
                    std::fs::create_dir(s.root().join(V1)).unwrap();
                }
            },
            expect: Error("meetings/spring/hlgm/v1.en.md", ""),
        },
    ]);
}
