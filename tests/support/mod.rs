//! A small site written inline into a temporary folder, built with the library.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use plenary::commands::build::{build, BuildOptions, Report};
use plenary::release::parse_as_of;
use plenary::support::error::Failure;

pub const SITE_TOML: &str = r#"
title = { en = "Test Committee", fr = "Comité d'essai", ar = "لجنة الاختبار" }
default_language = "en"
languages = ["en", "fr", "ar"]

[audiences.public]
base_url = "https://public.example.org"

[audiences.members]
base_url = "https://members.example.org"
restricted = true
sees = ["public"]

[release]
briefing = ["members:on-issue", "public:after-meeting"]
agenda = ["public:on-issue"]
transcript = ["public:after-meeting"]

[topics]
governance = { en = "Governance", fr = "Gouvernance", ar = "الحوكمة" }
"#;

/// A meeting in Puerto Rico (UTC−4), 2 to 7 March 2024: the public may see its briefings
/// from 2024-03-08T04:00:00Z.
pub const MEETING_TOML: &str = r#"
name = { en = "Spring Meeting", fr = "Réunion de printemps" }
location = "San Juan"
start = 2024-03-02
end = 2024-03-07
timezone = "America/Puerto_Rico"
"#;

pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    /// An empty site folder with `site.toml`.
    pub fn new() -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().unwrap(),
        };
        site.file("site.toml", SITE_TOML);
        site
    }

    /// The usual test site: one meeting with a two-version briefing (en, fr for v1 only; v2 en),
    /// an agenda, a members-only note, and a briefing that links to the note.
    pub fn standard() -> TestSite {
        let site = TestSite::new();
        site.file("meetings/spring/meeting.toml", MEETING_TOML);
        site.document(
            "spring/hlgm",
            "kind = \"briefing\"\nsession = \"5\"\ntopics = [\"governance\"]\n[[versions]]\nnumber = 1\ndate = 2024-02-20\n[[versions]]\nnumber = 2\ndate = 2024-03-05\nnote = { en = \"Corrected the list of hosts.\" }\n",
        );
        site.version(
            "spring/hlgm",
            1,
            "en",
            "High-Level Meeting Briefing",
            "## Objective\n\nFirst text of the briefing.\n",
        );
        site.version(
            "spring/hlgm",
            1,
            "fr",
            "Note sur la réunion de haut niveau",
            "## Objectif\n\nPremier texte.\n",
        );
        site.version(
            "spring/hlgm",
            2,
            "en",
            "High-Level Meeting Briefing",
            "## Objective\n\nSecond text, corrected.\n",
        );
        site.document(
            "spring/agenda",
            "kind = \"agenda\"\nsession = \"1\"\n[[versions]]\nnumber = 1\ndate = 2024-02-01\n",
        );
        site.version(
            "spring/agenda",
            1,
            "en",
            "Agenda",
            "## Item 1\n\nSee [the briefing](../hlgm/) and [the note](../secret-note/).\n",
        );
        site.document("spring/secret-note", "kind = \"briefing\"\nrelease = [\"members:on-issue\"]\n[[versions]]\nnumber = 1\ndate = 2024-02-10\n");
        site.version(
            "spring/secret-note",
            1,
            "en",
            "Zanzibar Confidential Arrangements",
            "Quartermaster plumbago sequence.\n",
        );
        site.file(
            "meetings/spring/secret-note/plan.txt",
            "zephyr-attachment-content\n",
        );
        site
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site-content")
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("dist")
    }

    pub fn file(&self, path: &str, text: &str) {
        let path = self.root().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Override one file of the theme (`templates/base.html`), in a copy of the default theme
    /// beside the site (made on first use).
    pub fn theme_file(&self, path: &str, text: &str) {
        let theme = self.dir.path().join("themes/default");
        if !theme.exists() {
            for (file, bytes) in plenary::render::theme::DEFAULT_THEME_FILES {
                fs::create_dir_all(theme.join(file).parent().unwrap()).unwrap();
                fs::write(theme.join(file), bytes).unwrap();
            }
        }
        fs::write(theme.join(path), text).unwrap();
    }

    /// A file of the default theme, as shipped.
    pub fn default_theme_file(path: &str) -> String {
        let (_, bytes) = plenary::render::theme::DEFAULT_THEME_FILES
            .iter()
            .find(|(file, _)| *file == path)
            .unwrap_or_else(|| panic!("no {path} in the default theme"));
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    pub fn remove(&self, path: &str) {
        let path = self.root().join(path);
        if path.is_dir() {
            fs::remove_dir_all(path).unwrap();
        } else {
            fs::remove_file(path).unwrap();
        }
    }

    /// `meetings/<meeting/slug>/document.toml`.
    pub fn document(&self, id: &str, toml: &str) {
        self.file(&format!("meetings/{id}/document.toml"), toml);
    }

    pub fn version(&self, id: &str, number: u32, lang: &str, title: &str, body: &str) {
        self.file(
            &format!("meetings/{id}/v{number}.{lang}.md"),
            &format!("+++\ntitle = \"{title}\"\n+++\n{body}"),
        );
    }

    /// Build one audience (or all when `audience` is empty) as of `as_of`.
    pub fn build(&self, audience: &str, as_of: &str) -> Result<Report, Failure> {
        self.build_into(&self.out(), audience, as_of)
    }

    pub fn build_into(&self, out: &Path, audience: &str, as_of: &str) -> Result<Report, Failure> {
        let audiences = if audience.is_empty() {
            vec![]
        } else {
            vec![audience.to_string()]
        };
        build(&BuildOptions {
            site: self.root(),
            audiences,
            as_of: parse_as_of(as_of).unwrap(),
            out: out.to_path_buf(),
            progress: false,
        })
    }

    /// Build and return the audience's output.
    pub fn output(&self, audience: &str, as_of: &str) -> Output {
        if let Err(failure) = self.build(audience, as_of) {
            panic!("build failed:\n{failure}");
        }
        Output {
            dir: self.out().join(audience),
        }
    }
}

/// One audience's built folder.
pub struct Output {
    pub dir: PathBuf,
}

impl Output {
    pub fn exists(&self, path: &str) -> bool {
        self.dir.join(path).exists()
    }

    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Every file, relative path → bytes.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        tree(&self.dir)
    }

    /// Every file whose bytes contain `needle`.
    pub fn files_containing(&self, needle: &str) -> Vec<String> {
        self.files()
            .into_iter()
            .filter(|(path, bytes)| {
                path.contains(needle) || bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
            })
            .map(|(path, _)| path)
            .collect()
    }
}

/// Every file under `dir`, relative path → bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// `bytes`, inflated if they are gzip (Pagefind's index files are): what a reader of the
/// file can get out of it.
pub fn inflated(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return bytes.to_vec();
    }
    let mut out = Vec::new();
    match flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut out) {
        Ok(_) => out,
        Err(_) => bytes.to_vec(),
    }
}

/// The pages a build's search index holds: Pagefind writes one fragment per page, with its URL.
pub fn indexed_urls(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut urls: Vec<String> = files
        .iter()
        .filter(|(path, _)| path.starts_with("pagefind/") && path.contains("/fragment/"))
        .map(|(path, bytes)| {
            let text = String::from_utf8_lossy(&inflated(bytes)).into_owned();
            let at = text
                .find(r#""url":""#)
                .unwrap_or_else(|| panic!("{path}: no url"));
            let rest = &text[at + 7..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect();
    urls.sort();
    urls
}
