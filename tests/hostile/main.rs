//! Hostile input: every case is a small site with one thing wrong (or dangerous) in it, and
//! the exact behaviour it must get — an error naming the file, the line and column where they
//! are known, and what to do; or safe output. A case that panics, or builds what it should
//! refuse, fails with its name.
//!
//! Cases are grouped by the file they attack, one test per group so groups run in parallel.
//! Each group prints its slowest case (no timing is asserted: machines differ).

#[path = "../support/mod.rs"]
mod support;

mod command_line;
mod config_files;
mod markdown;
mod names;
mod paths;
mod raw_html;
mod themes;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use support::{Output, TestSite};

/// What a case must produce.
enum Expect {
    /// The build fails with an error whose text (paths relative to the site folder) starts
    /// with `error: <location>` and contains the fragment.
    Error(&'static str, &'static str),
    /// The build succeeds, and the check holds of the public and members output.
    Builds(fn(&Output, &Output)),
}

struct Case {
    name: &'static str,
    edit: fn(&TestSite),
    expect: Expect,
}

use Expect::{Builds, Error};

/// As of this instant the test meeting (2–7 March 2024) is over: everything is public.
const AS_OF: &str = "2024-04-01";

fn run(cases: &[Case]) {
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, "");
    for case in cases {
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| check(case));
        let took = started.elapsed();
        if took > slowest.0 {
            slowest = (took, case.name);
        }
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(why)) => failures.push(format!("{}: {why}", case.name)),
            Err(_) => failures.push(format!("{}: panicked", case.name)),
        }
    }
    eprintln!(
        "{} cases; slowest: {} in {:.2?}",
        cases.len(),
        slowest.1,
        slowest.0
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

fn check(case: &Case) -> Result<(), String> {
    let site = TestSite::standard();
    (case.edit)(&site);
    if let Some(seeds) = std::env::var_os("PLENARY_FUZZ_SEEDS") {
        harvest_seeds(&site, Path::new(&seeds));
    }
    let result = site.build("", AS_OF);
    match (&case.expect, result) {
        (Error(location, says), Err(failure)) => {
            let root = format!("{}/", site.root().display());
            let errors: Vec<String> = failure
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.to_string().replace(&root, ""))
                .collect();
            let wanted = format!("error: {location}");
            if !errors
                .iter()
                .any(|e| e.starts_with(&wanted) && e.contains(says))
            {
                return Err(format!(
                    "expected an error at `{location}` saying `{says}`; got:\n{}",
                    errors.join("\n")
                ));
            }
            if let Some(bare) = errors.iter().find(|e| !e.contains("\n  hint: ")) {
                return Err(format!("an error says nothing about what to do: {bare}"));
            }
            if site.out().exists() && site.out().read_dir().map_or(0, |d| d.count()) > 1 {
                return Err("a failed build left output behind".into());
            }
            Ok(())
        }
        (Error(..), Ok(_)) => Err("the build should have failed, and succeeded".into()),
        (Builds(check), Ok(_)) => {
            let public = Output {
                dir: site.out().join("public"),
            };
            let members = Output {
                dir: site.out().join("members"),
            };
            check(&public, &members);
            Ok(())
        }
        (Builds(_), Err(failure)) => Err(format!("the build should succeed:\n{failure}")),
    }
}

/// Does any file of `output` contain `needle`?
fn anywhere(output: &Output, needle: &str) -> bool {
    !output.files_containing(needle).is_empty()
}

const DOC: &str = "kind = \"briefing\"\n[[versions]]\nnumber = 1\ndate = 2024-02-20\n";

/// Add a briefing `meeting/slug` with one English version.
fn one_version(s: &TestSite, id: &str, title: &str) {
    s.document(id, DOC);
    s.version(id, 1, "en", title, "text\n");
}

// ---------------------------------------------------------------------------------------------
// site.toml

fn replace_site(from: &str, to: &str) -> String {
    assert!(support::SITE_TOML.contains(from), "{from}");
    support::SITE_TOML.replace(from, to)
}

// ---------------------------------------------------------------------------------------------
// meeting.toml

const MEETING: &str = "meetings/spring/meeting.toml";

fn replace_meeting(from: &str, to: &str) -> String {
    assert!(support::MEETING_TOML.contains(from), "{from}");
    support::MEETING_TOML.replace(from, to)
}

// ---------------------------------------------------------------------------------------------
// document.toml

const HLGM: &str = "meetings/spring/hlgm/document.toml";

// ---------------------------------------------------------------------------------------------
// Version files (front matter + Markdown)

const V1: &str = "meetings/spring/hlgm/v1.en.md";

// ---------------------------------------------------------------------------------------------
// Names: folders and slugs that collide or cannot be addresses

// ---------------------------------------------------------------------------------------------
// Markdown: size, depth, patterns known to be slow, and raw HTML

fn body(s: &TestSite, text: &str) {
    s.version("spring/hlgm", 1, "en", "High-Level Meeting Briefing", text);
}

fn page(public: &Output) -> String {
    public.read("en/meetings/spring/hlgm/v1/index.html")
}

// ---------------------------------------------------------------------------------------------
// Raw HTML and text that must be escaped: nothing an author writes runs in a reader's browser

/// The theme's own scripts: how many `<script>` elements each file of the standard site's
/// public output holds (the language chooser has one).
/// How many `<script>` and `<form>` elements (the search box) the theme itself puts in
/// each file of a clean build: hostile content may add none.
fn theme_elements() -> &'static BTreeMap<String, (usize, usize)> {
    static ELEMENTS: OnceLock<BTreeMap<String, (usize, usize)>> = OnceLock::new();
    ELEMENTS.get_or_init(|| {
        let site = TestSite::standard();
        let mut elements = BTreeMap::new();
        for audience in ["public", "members"] {
            for (path, bytes) in site.output(audience, AS_OF).files() {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let tags = tags(&text);
                let count = |name: &str| tags.iter().filter(|t| t.name == name).count();
                let seen = elements.entry(path).or_insert((0, 0));
                *seen = (seen.0.max(count("script")), seen.1.max(count("form")));
            }
        }
        elements
    })
}

/// A start tag as a browser would see it: name and attributes, lowercased.
struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
}

/// The start tags of an HTML or XML text, the way a browser tokenizes them: the text inside
/// `title`, `textarea`, `script` and `style`, comments and CDATA sections holds no tags.
fn tags(text: &str) -> Vec<Tag> {
    let lower = text.to_lowercase();
    let bytes = lower.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(at) = lower[i..].find('<').map(|p| p + i) {
        let rest = &lower[at..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(lower.len(), |e| at + e + 3);
            continue;
        }
        if rest.starts_with("<![cdata[") {
            i = rest.find("]]>").map_or(lower.len(), |e| at + e + 3);
            continue;
        }
        if !bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic) {
            i = at + 1;
            continue;
        }
        // The tag runs to the first `>` outside quotes.
        let mut end = at + 1;
        let mut quote = None;
        while end < bytes.len() {
            match (quote, bytes[end]) {
                (None, b'>') => break,
                (None, q @ (b'"' | b'\'')) => quote = Some(q),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            end += 1;
        }
        let inside = &lower[at + 1..end];
        let name_end = inside
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(inside.len());
        let tag = Tag {
            name: inside[..name_end].to_string(),
            attributes: attributes(&inside[name_end..]),
        };
        i = end;
        if matches!(tag.name.as_str(), "title" | "textarea" | "script" | "style") {
            let close = format!("</{}", tag.name);
            i = lower[end..].find(&close).map_or(lower.len(), |e| end + e);
        }
        found.push(tag);
    }
    found
}

fn attributes(mut s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if s.is_empty() {
            return out;
        }
        let name_end = s
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(s.len());
        let name = s[..name_end].to_string();
        s = s[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = s.strip_prefix('=') {
            let after = after.trim_start();
            let (v, rest) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = after[1..].find(q).map_or(after.len(), |e| e + 1);
                    (&after[1..close], after.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let e = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..e], &after[e..])
                }
            };
            value = v.to_string();
            s = rest;
        }
        out.push((name, value));
    }
}

/// An attribute value as a URL parser reads it: entities decoded, whitespace and control
/// characters dropped (`java&#9;script:` is `javascript:` to a browser).
fn as_url(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        if let Some(entity) = rest.strip_prefix("&#") {
            let end = entity.find(';').unwrap_or(entity.len());
            let code = entity[..end].strip_prefix('x').map_or_else(
                || entity[..end].parse().ok(),
                |hex| u32::from_str_radix(hex, 16).ok(),
            );
            if let Some(decoded) = code.and_then(char::from_u32) {
                out.push(decoded);
                rest = entity.get(end + 1..).unwrap_or("");
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect()
}

/// No script but the theme's, no event handler, no script URL, no frame, form or base
/// element anywhere in the output.
fn inert(output: &Output) {
    for (path, bytes) in output.files() {
        // Calendars are plain text (RFC 5545 has no markup, hence no escaping): a title holds
        // `<script>` as written, and is served as text/calendar with nosniff (the deploy check
        // asks for both), which no browser runs. Their text is checked below instead.
        if path.ends_with(".ics") {
            calendar_text(&path, &String::from_utf8_lossy(&bytes));
            continue;
        }
        inert_text(&path, &String::from_utf8_lossy(&bytes));
    }
}

/// A calendar keeps hostile text to its values: every line is a property or a fold, so no
/// title can add a property (an ATTACH or a URL of its own) or end the event early.
fn calendar_text(path: &str, text: &str) {
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        let name: String = line
            .chars()
            .take_while(|c| c.is_ascii_uppercase() || *c == '-')
            .collect();
        assert!(
            line.starts_with(' ')
                || [
                    "BEGIN",
                    "END",
                    "VERSION",
                    "PRODID",
                    "CALSCALE",
                    "NAME",
                    "X-WR-CALNAME",
                    "SOURCE",
                    "REFRESH-INTERVAL",
                    "X-PUBLISHED-TTL",
                    "UID",
                    "DTSTAMP",
                    "DTSTART",
                    "DTEND",
                    "SUMMARY",
                    "LOCATION",
                    "DESCRIPTION",
                    "URL",
                    "TRANSP"
                ]
                .contains(&name.as_str()),
            "{path}: a line no calendar of plenary writes: {line}"
        );
    }
    assert!(
        !text.contains('\n') || text.matches('\n').count() == text.matches("\r\n").count(),
        "{path}: a bare line break"
    );
}

fn inert_text(path: &str, text: &str) {
    {
        let tags = tags(text);
        let count = |name: &str| tags.iter().filter(|t| t.name == name).count();
        let (scripts, forms) = theme_elements().get(path).copied().unwrap_or((0, 0));
        assert!(
            count("script") <= scripts,
            "{path} has a script the theme did not put there"
        );
        assert!(
            count("form") <= forms,
            "{path} has a form the theme did not put there"
        );
        for tag in &tags {
            assert!(
                !matches!(
                    tag.name.as_str(),
                    "iframe" | "object" | "embed" | "base" | "frame"
                ),
                "{path} has a <{}> element",
                tag.name
            );
            for (name, value) in &tag.attributes {
                assert!(!name.starts_with("on"), "{path}: <{} {name}=…>", tag.name);
                let url = as_url(value);
                for scheme in ["javascript:", "vbscript:", "data:text"] {
                    assert!(
                        !url.starts_with(scheme),
                        "{path}: <{} {name}={value}>",
                        tag.name
                    );
                }
            }
            if tag.name == "meta" {
                assert!(
                    !tag.attributes
                        .iter()
                        .any(|(n, v)| n == "http-equiv" && v == "refresh"),
                    "{path} has a meta refresh"
                );
            }
        }
    }
}

fn both_inert(public: &Output, members: &Output) {
    inert(public);
    inert(members);
}

// ---------------------------------------------------------------------------------------------
// Paths: links, images and symlinks that lead out of the site

/// A file outside the site folder that no build may read or publish.
fn outside(s: &TestSite) -> std::path::PathBuf {
    let path = s.dir.path().join("secret-outside.txt");
    std::fs::write(&path, "outside-the-site-7f3a\n").unwrap();
    path
}

fn nothing_from_outside(public: &Output, members: &Output) {
    assert!(!anywhere(public, "outside-the-site-7f3a"));
    assert!(!anywhere(members, "outside-the-site-7f3a"));
}

// ---------------------------------------------------------------------------------------------
// The command line and the output folder: refused before anything is written

struct Command {
    name: &'static str,
    /// Prepares the scene and returns the arguments (`{site}`, `{dir}` are replaced).
    setup: fn(&TestSite) -> Vec<String>,
    status: i32,
    says: &'static str,
}

fn plenary(site: &TestSite, args: &[String]) -> std::process::Output {
    let dir = site.dir.path().display().to_string();
    let root = site.root().display().to_string();
    std::process::Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(
            args.iter()
                .map(|a| a.replace("{site}", &root).replace("{dir}", &dir)),
        )
        .env("HOME", site.dir.path().join("home"))
        .output()
        .unwrap()
}

fn build_args(out: &str) -> Vec<String> {
    [
        "build",
        "--site",
        "{site}",
        "--as-of",
        "2024-04-01",
        "--out",
        out,
    ]
    .map(String::from)
    .to_vec()
}

// ---------------------------------------------------------------------------------------------
// Themes

/// Copy the case's content files into a fuzz seed corpus (`fuzz/README.md` says how to use
/// it): each Markdown file whole for `front_matter` and its body for `markdown`; each TOML
/// file as a Markdown file's front matter.
fn harvest_seeds(site: &TestSite, seeds: &Path) {
    use std::hash::{Hash, Hasher};
    let save = |target: &str, bytes: &[u8]| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut hasher);
        let dir = seeds.join(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{:016x}", hasher.finish())), bytes).unwrap();
    };
    for entry in walkdir::WalkDir::new(site.root()).into_iter().flatten() {
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        if bytes.len() > 64 * 1024 {
            continue;
        }
        match entry.path().extension().and_then(|e| e.to_str()) {
            Some("md") => {
                save("front_matter", &bytes);
                let text = String::from_utf8_lossy(&bytes);
                let body = text.splitn(3, "+++\n").nth(2).unwrap_or(&text);
                save("markdown", body.as_bytes());
            }
            Some("toml") => {
                let mut wrapped = b"+++\n".to_vec();
                wrapped.extend_from_slice(&bytes);
                wrapped.extend_from_slice(b"\n+++\nBody.\n");
                save("front_matter", &wrapped);
            }
            _ => {}
        }
    }
}
