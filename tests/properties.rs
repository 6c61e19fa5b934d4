//! Properties of the public build over random sites at random instants, boundaries included:
//!
//! (a) no leak: no marker of a hidden document or version appears in any output byte (and
//!     the leak guard, which runs in every build, finds nothing either);
//! (b) non-interference: the build is byte-identical to the build of the same site with every
//!     hidden document and version deleted (links to them turned into their plain text);
//! (c) monotonic: whatever is visible at T is visible at every later T', and every file of
//!     the build at T exists in the build at T';
//! and the visible set is the one the release rule, written out again independently here,
//! gives (so a wrong rule cannot hide behind properties that all trust it).
//!
//! Every text in a generated site carries a unique marker (`zqb` + document code + version +
//! language), so "a byte of a hidden document" can be searched for directly, independently
//! of the guard's own fingerprints.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use support::tree;

/// Zones west and east of UTC, with and without daylight saving, half-hour offsets, ones
/// that skip midnight (Santiago) and the extremes (Kiritimati +14, Pago Pago −11).
const ZONES: &[&str] = &[
    "America/New_York",
    "Europe/Lisbon",
    "Asia/Tokyo",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "America/Santiago",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "UTC",
    "Australia/Lord_Howe",
    "America/St_Johns",
];
const KINDS: &[&str] = &[
    "briefing",
    "agenda",
    "transcript",
    "summary",
    "presentation",
];
const TOPICS: &[&str] = &["governance", "health", "trade"];
const EXTRA_LANGUAGES: &[&str] = &["fr", "ar"];

const SITE_TOML: &str = r#"
title = { en = "Property Committee", fr = "Comité des propriétés", ar = "لجنة الخصائص" }
default_language = "en"
languages = ["en", "fr", "ar"]

[audiences.public]
base_url = "https://public.example.org/docs"

[audiences.members]
base_url = "https://members.example.org"
restricted = true
sees = ["public"]

[release]
briefing = ["members:on-issue", "public:after-meeting"]
summary = ["members:on-issue", "public:after-meeting"]
presentation = ["members:on-issue", "public:after-meeting"]
transcript = ["public:after-meeting"]
agenda = ["public:on-issue"]

# Every generated document carries this sentence; when the first to carry it is hidden, the
# source check would rightly call every later public copy a paste. A real site lists its
# shared boilerplate the same way.
[guard]
allow = ["of the document, long enough to read as prose for once."]
"#;

#[derive(Debug, Clone)]
struct MeetingSpec {
    zone: &'static str,
    start: Date,
    days: i64,
    public_from: Option<i64>,
}

#[derive(Debug, Clone)]
struct DocSpec {
    meeting: usize,
    kind: &'static str,
    /// An explicit release list instead of the kind's default.
    release: Option<Release>,
    /// Days from the meeting's start to version 1 (negative: before), then between versions.
    version_gaps: Vec<i64>,
    /// Languages besides English, per version.
    languages: Vec<Vec<&'static str>>,
    topics: Vec<&'static str>,
    attachment: bool,
    links: Vec<usize>,
}

#[derive(Debug, Clone, Copy)]
enum Release {
    MembersOnly,
    PublicOnIssue,
    PublicAfterMeeting,
    /// The public from this many days after the meeting ends.
    PublicFrom(i64),
}

#[derive(Debug, Clone)]
struct SiteSpec {
    meetings: Vec<MeetingSpec>,
    docs: Vec<DocSpec>,
    /// Picks the as-of among the site's boundary instants (reduced modulo their number).
    boundary: usize,
    /// Seconds added to the boundary: −1, 0 or +1, or a random offset.
    jitter: i64,
    /// Seconds from T to the later instant T'.
    later: i64,
}

fn meeting() -> impl Strategy<Value = MeetingSpec> {
    (
        prop::sample::select(ZONES),
        0i64..900,
        0i64..6,
        prop::option::weighted(0.2, 1i64..10),
    )
        .prop_map(|(zone, day, days, public_from)| MeetingSpec {
            zone,
            start: Date::constant(2024, 1, 1).checked_add(day.days()).unwrap(),
            days,
            public_from,
        })
}

fn release() -> impl Strategy<Value = Option<Release>> {
    prop::option::weighted(
        0.4,
        prop_oneof![
            Just(Release::MembersOnly),
            Just(Release::PublicOnIssue),
            Just(Release::PublicAfterMeeting),
            (-5i64..20).prop_map(Release::PublicFrom),
        ],
    )
}

fn doc(meetings: usize, docs: usize) -> impl Strategy<Value = DocSpec> {
    (
        0..meetings,
        prop::sample::select(KINDS),
        release(),
        (-40i64..8, prop::collection::vec(0i64..12, 0..3)),
        prop::collection::vec(prop::sample::subsequence(EXTRA_LANGUAGES, 0..=2), 3),
        prop::sample::subsequence(TOPICS, 0..=2),
        prop::bool::weighted(0.3),
        prop::collection::vec(0..docs, 0..3),
    )
        .prop_map(
            |(meeting, kind, release, (first, gaps), languages, topics, attachment, links)| {
                let mut version_gaps = vec![first];
                version_gaps.extend(gaps);
                DocSpec {
                    meeting,
                    kind,
                    release,
                    languages: languages[..version_gaps.len()].to_vec(),
                    version_gaps,
                    topics,
                    attachment,
                    links,
                }
            },
        )
}

fn site() -> impl Strategy<Value = SiteSpec> {
    (1usize..=3, 1usize..=7)
        .prop_flat_map(|(meetings, docs)| {
            (
                prop::collection::vec(meeting(), meetings),
                prop::collection::vec(doc(meetings, docs), docs),
                any::<usize>(),
                prop_oneof![Just(-1i64), Just(0), Just(1), -90_000i64..90_000],
                prop_oneof![Just(0i64), Just(1), 0i64..(60 * 86_400)],
            )
        })
        .prop_map(|(meetings, docs, boundary, jitter, later)| SiteSpec {
            meetings,
            docs,
            boundary,
            jitter,
            later,
        })
}

/// A fixed-length code per document, so no marker is a prefix of another.
fn code(doc: usize) -> String {
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    format!("{}{}", letters[doc / 26] as char, letters[doc % 26] as char)
}

fn end(m: &MeetingSpec) -> Date {
    m.start.checked_add(m.days.days()).unwrap()
}

fn version_dates(spec: &SiteSpec, d: &DocSpec) -> Vec<Date> {
    let mut date = spec.meetings[d.meeting].start;
    d.version_gaps
        .iter()
        .map(|gap| {
            date = date.checked_add(gap.days()).unwrap();
            date
        })
        .collect()
}

/// Which documents and versions to write: (doc, version number) → kept.
type Keep<'a> = &'a dyn Fn(usize, u32) -> bool;

/// Write the site; `keep` chooses the documents and versions, and links to documents not kept
/// become their plain text.
fn write_site(root: &Path, spec: &SiteSpec, keep: Keep<'_>) {
    let file = |path: &str, text: &str| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    file("site.toml", SITE_TOML);
    for (i, m) in spec.meetings.iter().enumerate() {
        let public_from = m
            .public_from
            .map(|days| {
                format!(
                    "public_from = {}\n",
                    end(m).checked_add(days.days()).unwrap()
                )
            })
            .unwrap_or_default();
        file(
            &format!("meetings/m{i}/meeting.toml"),
            &format!(
                "name = {{ en = \"Meeting {i}\", fr = \"Réunion {i}\" }}\nlocation = \"City {i}\"\nstart = {}\nend = {}\ntimezone = \"{}\"\n{public_from}",
                m.start,
                end(m),
                m.zone
            ),
        );
    }
    for (d, doc) in spec.docs.iter().enumerate() {
        if !keep(d, 1) {
            continue;
        }
        let c = code(d);
        let dir = format!("meetings/m{}/d-{c}", doc.meeting);
        let release = match doc.release {
            None => String::new(),
            Some(Release::MembersOnly) => "release = [\"members:on-issue\"]\n".into(),
            Some(Release::PublicOnIssue) => "release = [\"public:on-issue\"]\n".into(),
            Some(Release::PublicAfterMeeting) => {
                "release = [\"members:on-issue\", \"public:after-meeting\"]\n".into()
            }
            Some(Release::PublicFrom(days)) => {
                let date = end(&spec.meetings[doc.meeting])
                    .checked_add(days.days())
                    .unwrap();
                format!("release = [\"members:on-issue\", \"public:{date}\"]\n")
            }
        };
        let topics: Vec<String> = doc.topics.iter().map(|t| format!("\"{t}\"")).collect();
        let mut toml = format!(
            "kind = \"{}\"\nsession = \"1\"\ntopics = [{}]\n{release}",
            doc.kind,
            topics.join(", ")
        );
        for (n, date) in version_dates(spec, doc).iter().enumerate() {
            let number = n as u32 + 1;
            if !keep(d, number) {
                continue;
            }
            toml.push_str(&format!("[[versions]]\nnumber = {number}\ndate = {date}\n"));
            for lang in std::iter::once(&"en").chain(&doc.languages[n]) {
                let links: Vec<String> = doc
                    .links
                    .iter()
                    .map(|&t| {
                        let text = format!("link zql{c}{}", code(t));
                        let target = &spec.docs[t];
                        if keep(t, 1) {
                            format!("[{text}](@/meetings/m{}/d-{}/)", target.meeting, code(t))
                        } else {
                            text
                        }
                    })
                    .collect();
                file(
                    &format!("{dir}/v{number}.{lang}.md"),
                    &format!(
                        "+++\ntitle = \"Document zqt{c}{number}{lang}\"\nsummary = \"Summary zqs{c}{number}{lang}\"\n+++\n## Part zqh{c}{number}{lang}\n\nBody zqb{c}{number}{lang} of the document, long enough to read as prose for once.\n\nSee {}.\n",
                        links.join(" and ")
                    ),
                );
            }
        }
        file(&format!("{dir}/document.toml"), &toml);
        if doc.attachment {
            file(
                &format!("{dir}/annex-{c}.txt"),
                &format!("zqa{c} attachment\n"),
            );
        }
    }
}

/// Every instant the site's releases turn on.
fn boundaries(spec: &SiteSpec) -> Vec<Timestamp> {
    let mut out = BTreeSet::new();
    for (i, m) in spec.meetings.iter().enumerate() {
        let zone = TimeZone::get(m.zone).unwrap();
        let day = |date: Date| plenary::release::start_of_day(date, &zone);
        out.insert(day(m.start));
        out.insert(day(end(m).checked_add(1.day()).unwrap()));
        if let Some(days) = m.public_from {
            out.insert(day(end(m).checked_add(days.days()).unwrap()));
        }
        for doc in spec.docs.iter().filter(|d| d.meeting == i) {
            for date in version_dates(spec, doc) {
                out.insert(day(date));
            }
            if let Some(Release::PublicFrom(days)) = doc.release {
                out.insert(day(end(m).checked_add(days.days()).unwrap()));
            }
        }
    }
    out.into_iter().collect()
}

/// (document, version) pairs the public should see at `at`, by the rule of SPEC §2 written
/// out again here, independently of `plenary::release`: a version is visible once one of the
/// public's release entries is open and its own date has come, days starting at 00:00 in the
/// meeting's zone (or the first instant after, where a zone skips midnight).
fn expected(spec: &SiteSpec, at: Timestamp) -> BTreeSet<(usize, u32)> {
    let mut out = BTreeSet::new();
    for (d, doc) in spec.docs.iter().enumerate() {
        let m = &spec.meetings[doc.meeting];
        let zone = TimeZone::get(m.zone).unwrap();
        let day = |date: Date| {
            date.to_zoned_datetime(zone.clone())
                .unwrap()
                .start_of_day()
                .unwrap()
                .timestamp()
        };
        let after_meeting = match m.public_from {
            Some(days) => day(end(m).checked_add(days.days()).unwrap()),
            None => day(end(m).checked_add(1.day()).unwrap()),
        };
        let dates = version_dates(spec, doc);
        // When the public's entry opens, if the public has one.
        let opens = match doc.release {
            Some(Release::MembersOnly) => None,
            Some(Release::PublicOnIssue) => Some(day(dates[0])),
            Some(Release::PublicAfterMeeting) => Some(after_meeting),
            Some(Release::PublicFrom(days)) => Some(day(end(m).checked_add(days.days()).unwrap())),
            None => match doc.kind {
                "agenda" => Some(day(dates[0])),
                _ => Some(after_meeting),
            },
        };
        for (n, date) in dates.iter().enumerate() {
            if opens.is_some_and(|opens| opens.max(day(*date)) <= at) {
                out.insert((d, n as u32 + 1));
            }
        }
    }
    out
}

/// (document, version) pairs the public sees at `at`, by the library's one decision.
fn visible(root: &Path, at: Timestamp) -> BTreeSet<(usize, u32)> {
    let loaded = plenary::content::load::load(root).expect("the generated site loads");
    let site = &loaded.site;
    let view = plenary::release::view(site, &site.config.audiences["public"], at);
    view.documents()
        .flat_map(|(_, d)| {
            let doc = d.meta.slug.trim_start_matches("d-");
            let bytes = doc.as_bytes();
            let index = (bytes[0] - b'a') as usize * 26 + (bytes[1] - b'a') as usize;
            d.versions.iter().map(move |v| (index, v.version.number))
        })
        .collect()
}

fn build(root: &Path, out: &Path, at: Timestamp) -> BTreeMap<String, Vec<u8>> {
    let result = plenary::commands::build::build(&plenary::commands::build::BuildOptions {
        site: root.to_path_buf(),
        audiences: vec!["public".into()],
        as_of: at,
        out: out.to_path_buf(),
        progress: false,
    });
    if let Err(failure) = result {
        panic!("the build failed (the leak guard runs in every build):\n{failure}");
    }
    tree(&out.join("public"))
}

fn first_difference(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> String {
    let paths: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for path in paths {
        match (a.get(path), b.get(path)) {
            (Some(x), Some(y)) if x == y => continue,
            (Some(x), Some(y)) => {
                let at = x
                    .iter()
                    .zip(y)
                    .position(|(p, q)| p != q)
                    .unwrap_or(x.len().min(y.len()));
                let from = at.saturating_sub(80);
                return format!(
                    "{path} differs at byte {at}:\n  with hidden: {}\n  without:     {}",
                    String::from_utf8_lossy(&x[from..(at + 80).min(x.len())]),
                    String::from_utf8_lossy(&y[from..(at + 80).min(y.len())])
                );
            }
            (x, _) => {
                return format!(
                    "{path} only {}",
                    if x.is_some() {
                        "with hidden documents"
                    } else {
                        "without"
                    }
                )
            }
        }
    }
    "no difference".into()
}

fn check(spec: &SiteSpec) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write_site(&root, spec, &|_, _| true);

    let boundaries = boundaries(spec);
    let t = boundaries[spec.boundary % boundaries.len()]
        .checked_add(spec.jitter.seconds())
        .unwrap();
    let later = t.checked_add(spec.later.seconds()).unwrap();
    let shown = visible(&root, t);
    prop_assert_eq!(&shown, &expected(spec, t), "the release rule at {}", t);
    let output = build(&root, &dir.path().join("out"), t);

    // (a) No marker of anything hidden, in any file, in any form the build writes.
    let all_bytes: Vec<u8> = output
        .iter()
        .flat_map(|(path, bytes)| path.bytes().chain(support::inflated(bytes)))
        .collect();
    let haystack = String::from_utf8_lossy(&all_bytes);
    for (d, doc) in spec.docs.iter().enumerate() {
        let c = code(d);
        let doc_shown = shown.contains(&(d, 1));
        if !doc_shown {
            for needle in [format!("/d-{c}/"), format!("zqa{c}"), format!("annex-{c}")] {
                prop_assert!(
                    !haystack.contains(&needle),
                    "hidden document {c}: `{needle}` is in the output at {t}"
                );
            }
        }
        for number in 1..=doc.version_gaps.len() as u32 {
            if shown.contains(&(d, number)) {
                continue;
            }
            for marker in ["zqt", "zqs", "zqh", "zqb"] {
                let needle = format!("{marker}{c}{number}");
                prop_assert!(
                    !haystack.contains(&needle),
                    "hidden version {c} v{number}: `{needle}` is in the output at {t}"
                );
            }
            let page = format!("/d-{c}/v{number}/");
            prop_assert!(
                !haystack.contains(&page),
                "hidden version {c} v{number}: its page is in the output at {t}"
            );
        }
    }

    // (b) Identical to the build of the site without the hidden documents and versions.
    let bare = dir.path().join("bare");
    write_site(&bare, spec, &|d, n| shown.contains(&(d, n)));
    let without = build(&bare, &dir.path().join("out-bare"), t);
    prop_assert!(
        output == without,
        "the output depends on hidden documents at {t}: {}",
        first_difference(&output, &without)
    );

    // (c) Monotonic: nothing disappears later.
    let shown_later = visible(&root, later);
    prop_assert!(
        shown.is_subset(&shown_later),
        "visible at {t} but not at {later}: {:?}",
        shown.difference(&shown_later).collect::<Vec<_>>()
    );
    let output_later = build(&root, &dir.path().join("out-later"), later);
    // The search index's files are named by their content, which grows: what must not shrink
    // is the set of pages it finds.
    let missing: Vec<&String> = output
        .keys()
        .filter(|p| !p.starts_with("pagefind/") && !output_later.contains_key(*p))
        .collect();
    prop_assert!(
        missing.is_empty(),
        "files at {t} missing at {later}: {missing:?}"
    );
    let (found, found_later) = (
        support::indexed_urls(&output),
        support::indexed_urls(&output_later),
    );
    let unfound: Vec<&String> = found.iter().filter(|u| !found_later.contains(u)).collect();
    prop_assert!(
        unfound.is_empty(),
        "search finds {unfound:?} at {t} but not at {later}"
    );
    Ok(())
}

fn run(cases: u32) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    if let Err(e) = runner.run(&site(), |spec| check(&spec)) {
        panic!("{e}");
    }
}

#[test]
fn public_builds_never_leak_never_depend_on_hidden_content_and_only_grow() {
    run(256);
}

/// `cargo test --release --test properties -- --ignored`
#[test]
#[ignore = "10,000 random sites: run with --ignored, in release mode"]
fn ten_thousand_random_sites() {
    run(10_000);
}
