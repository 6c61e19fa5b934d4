//! Command-line mistakes and output folders plenary must refuse.

use super::*;

#[test]
fn command_line_and_output_folder() {
    let commands = [
        Command {
            name: "output to the root folder",
            setup: |_| build_args("/"),
            status: 1,
            says: "will not write its output to the root folder",
        },
        Command {
            name: "output to the home folder",
            setup: |s| {
                std::fs::create_dir_all(s.dir.path().join("home")).unwrap();
                build_args("{dir}/home")
            },
            status: 1,
            says: "will not write its output to your home folder",
        },
        Command {
            name: "output to the site folder",
            setup: |_| build_args("{site}"),
            status: 1,
            says: "the output folder contains",
        },
        Command {
            name: "output to a parent of the site folder",
            setup: |_| build_args("{dir}"),
            status: 1,
            says: "the output folder contains",
        },
        Command {
            name: "output inside the site folder",
            setup: |_| build_args("{site}/dist"),
            status: 1,
            says: "the output folder is inside",
        },
        Command {
            name: "output to a folder of someone else's files",
            setup: |s| {
                let mine = s.dir.path().join("mine");
                std::fs::create_dir_all(&mine).unwrap();
                std::fs::write(mine.join("thesis.docx"), "precious").unwrap();
                build_args("{dir}/mine")
            },
            status: 1,
            says: "not empty and was not created by plenary",
        },
        Command {
            name: "output through a symlink",
            setup: |s| {
                std::fs::create_dir_all(s.dir.path().join("real")).unwrap();
                std::os::unix::fs::symlink(s.dir.path().join("real"), s.dir.path().join("link"))
                    .unwrap();
                build_args("{dir}/link")
            },
            status: 1,
            says: "the output folder is a symlink",
        },
        Command {
            name: "output onto a file",
            setup: |s| {
                std::fs::write(s.dir.path().join("file"), "x").unwrap();
                build_args("{dir}/file")
            },
            status: 1,
            says: "exists and is not a folder",
        },
        Command {
            name: "an unknown audience",
            setup: |_| {
                let mut args = build_args("{dir}/dist");
                args.extend(["--audience".into(), "press".into()]);
                args
            },
            status: 2,
            says: "press",
        },
        Command {
            name: "an impossible as-of date",
            setup: |_| {
                [
                    "build",
                    "--site",
                    "{site}",
                    "--as-of",
                    "2024-02-30",
                    "--out",
                    "{dir}/dist",
                ]
                .map(String::from)
                .to_vec()
            },
            status: 2,
            says: "2024-02-30",
        },
        Command {
            name: "an as-of in prose",
            setup: |_| {
                [
                    "build",
                    "--site",
                    "{site}",
                    "--as-of",
                    "next tuesday",
                    "--out",
                    "{dir}/dist",
                ]
                .map(String::from)
                .to_vec()
            },
            status: 2,
            says: "next tuesday",
        },
        Command {
            name: "a site folder that does not exist",
            setup: |_| {
                [
                    "build",
                    "--site",
                    "{dir}/nowhere",
                    "--as-of",
                    "2024-04-01",
                    "--out",
                    "{dir}/dist",
                ]
                .map(String::from)
                .to_vec()
            },
            // A usage error: the command names a folder that is not there.
            status: 2,
            says: "nowhere` does not exist",
        },
        Command {
            name: "a site folder without site.toml",
            setup: |s| {
                std::fs::remove_file(s.root().join("site.toml")).unwrap();
                build_args("{dir}/dist")
            },
            status: 1,
            says: "site.toml",
        },
        Command {
            name: "an unknown subcommand",
            setup: |_| vec!["publish".into()],
            status: 2,
            says: "publish",
        },
    ];
    let mut failures = Vec::new();
    for command in &commands {
        let site = TestSite::standard();
        let args = (command.setup)(&site);
        let before = support::tree(site.dir.path());
        let output = plenary(&site, &args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let after = support::tree(site.dir.path());
        if output.status.code() != Some(command.status) || !stderr.contains(command.says) {
            failures.push(format!(
                "{}: exit {:?}, expected {}; stderr:\n{stderr}",
                command.name,
                output.status.code(),
                command.status
            ));
        } else if before != after {
            failures.push(format!(
                "{}: files changed although the build was refused",
                command.name
            ));
        } else if output.status.code() == Some(1) && !stderr.contains("hint:") {
            failures.push(format!("{}: no hint in\n{stderr}", command.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
