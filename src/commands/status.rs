//! `plenary status`: the release calendar staff check before a meeting.
//!
//! For every document and audience: when it became (or becomes) visible, in UTC and in the
//! meeting's local time, which versions are visible at the as-of instant, and how far each
//! translation has kept up. This is a report for the secretariat, not an audience output, so
//! it reads the whole site; the instants come from `release`, the one place that decides them.

use std::fmt::Write;

use jiff::Timestamp;
use serde::Serialize;

use crate::content::coverage::Coverage;
use crate::content::model::{Document, Meeting, Site};
use crate::release::{audiences_seen, openings};

/// The whole report.
#[derive(Debug, Serialize)]
pub struct Status {
    pub as_of: String,
    pub meetings: Vec<MeetingStatus>,
    /// The leak guard's reviewed exceptions: every file's deliberate `mentions` of hidden
    /// documents, and the site's `[guard] allow` texts.
    pub guard: GuardExceptions,
}

#[derive(Debug, Serialize)]
pub struct GuardExceptions {
    /// (file relative to the site folder, what it names on purpose), by file.
    pub mentions: Vec<(String, Vec<String>)>,
    pub allow: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct MeetingStatus {
    pub id: String,
    pub name: String,
    pub start: String,
    pub end: String,
    pub timezone: String,
    pub documents: Vec<DocumentStatus>,
}

#[derive(Debug, Serialize)]
pub struct DocumentStatus {
    pub path: String,
    pub kind: String,
    pub session: String,
    pub audiences: Vec<AudienceStatus>,
    /// Per site language: "current", "stale" (with the version it is of) or "missing".
    pub translations: Vec<TranslationStatus>,
}

#[derive(Debug, Serialize)]
pub struct AudienceStatus {
    pub audience: String,
    /// Visible at the as-of instant.
    pub visible: bool,
    /// When the first version opens (or opened), RFC 3339: in UTC, and in the meeting's local
    /// time with its offset. `None` means never.
    pub opens_utc: Option<String>,
    pub opens_local: Option<String>,
    /// Version numbers visible at the as-of instant.
    pub visible_versions: Vec<u32>,
    /// Versions not yet visible that will be, with their opening instant (RFC 3339, UTC).
    pub upcoming_versions: Vec<(u32, String)>,
}

#[derive(Debug, Serialize)]
pub struct TranslationStatus {
    pub lang: String,
    /// "current", "stale" or "missing".
    pub state: &'static str,
    #[serde(skip)]
    pub coverage: Coverage,
    /// The newest version translated into this language, if any.
    pub version: Option<u32>,
}

/// Compute the report at `as_of`.
pub fn status(site: &Site, as_of: Timestamp) -> Status {
    let default = &site.config.default_language;
    let mut meetings: Vec<&Meeting> = site.meetings.iter().collect();
    meetings.sort_by_key(|m| (m.start, m.id.clone()));
    let meetings = meetings
        .into_iter()
        .map(|meeting| {
            let mut documents: Vec<&Document> = site
                .documents
                .iter()
                .filter(|d| d.meta.meeting == meeting.id)
                .collect();
            documents.sort_by(|a, b| a.meta.slug.cmp(&b.meta.slug));
            MeetingStatus {
                id: meeting.id.clone(),
                name: meeting.name.get(default, default).to_string(),
                start: meeting.start.to_string(),
                end: meeting.end.to_string(),
                timezone: meeting.timezone_name.clone(),
                documents: documents
                    .into_iter()
                    .map(|d| document_status(site, meeting, d, as_of))
                    .collect(),
            }
        })
        .collect();
    Status {
        as_of: as_of.to_string(),
        meetings,
        guard: guard_exceptions(site),
    }
}

fn guard_exceptions(site: &Site) -> GuardExceptions {
    let translations = site
        .documents
        .iter()
        .flat_map(|d| &d.versions)
        .flat_map(|v| v.translations.values())
        .chain(site.pages.iter().flat_map(|p| p.translations.values()));
    let mut mentions: Vec<(String, Vec<String>)> = translations
        .filter(|t| !t.mentions.is_empty())
        .map(|t| {
            let file = t.path.strip_prefix(&site.root).unwrap_or(&t.path);
            (
                file.to_string_lossy().replace('\\', "/"),
                t.mentions.clone(),
            )
        })
        .collect();
    mentions.sort();
    GuardExceptions {
        mentions,
        allow: site.config.guard_allow.clone(),
    }
}

fn document_status(
    site: &Site,
    meeting: &Meeting,
    document: &Document,
    as_of: Timestamp,
) -> DocumentStatus {
    let audiences = site
        .config
        .audiences
        .values()
        .map(|audience| {
            let receives = audiences_seen(&site.config, &audience.name);
            let opened = openings(&receives, meeting, document);
            let first = opened.iter().filter_map(|(_, t)| *t).min();
            AudienceStatus {
                audience: audience.name.clone(),
                visible: first.is_some_and(|t| t <= as_of),
                opens_utc: first.map(|t| t.to_string()),
                opens_local: first.map(|t| {
                    t.to_zoned_datetime(meeting.timezone.clone())
                        .strftime("%Y-%m-%dT%H:%M:%S%:z")
                        .to_string()
                }),
                visible_versions: opened
                    .iter()
                    .filter(|(_, t)| t.is_some_and(|t| t <= as_of))
                    .map(|(v, _)| v.number)
                    .collect(),
                upcoming_versions: opened
                    .iter()
                    .filter_map(|(v, t)| {
                        t.filter(|t| *t > as_of).map(|t| (v.number, t.to_string()))
                    })
                    .collect(),
            }
        })
        .collect();
    let translations = site
        .config
        .languages
        .iter()
        .map(|lang| {
            let coverage = Coverage::of(
                document
                    .versions
                    .iter()
                    .map(|v| (v.number, v.translations.contains_key(lang))),
            );
            TranslationStatus {
                lang: lang.clone(),
                state: coverage.name(),
                coverage,
                version: coverage.translated_up_to(document.versions.last().map(|v| v.number)),
            }
        })
        .collect();
    DocumentStatus {
        path: format!("meetings/{}/{}", document.meta.meeting, document.meta.slug),
        kind: document.meta.kind.clone(),
        session: document.meta.session.clone(),
        audiences,
        translations,
    }
}

fn utc(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// An RFC 3339 instant from the report, for people: meeting-local with the zone's
/// abbreviation, and UTC.
fn for_people(rfc3339: &str, zone: &str) -> (String, String) {
    match (rfc3339.parse::<Timestamp>(), jiff::tz::TimeZone::get(zone)) {
        (Ok(t), Ok(tz)) => (
            t.to_zoned_datetime(tz)
                .strftime("%Y-%m-%d %H:%M %Z")
                .to_string(),
            utc(t),
        ),
        _ => (rfc3339.to_string(), rfc3339.to_string()),
    }
}

impl Status {
    /// The as-of instant for people: "2026-06-10 00:00 UTC".
    pub fn as_of_utc(&self) -> String {
        self.as_of
            .parse::<Timestamp>()
            .map_or(self.as_of.clone(), utc)
    }
}

/// The report as a table for people.
pub fn human(status: &Status) -> String {
    let mut out = String::new();
    let as_of = status.as_of_utc();
    let _ = writeln!(out, "Release status as of {as_of}");
    for meeting in &status.meetings {
        let _ = writeln!(
            out,
            "\n{} · {} · {} – {} ({})",
            meeting.id, meeting.name, meeting.start, meeting.end, meeting.timezone
        );
        if meeting.documents.is_empty() {
            let _ = writeln!(out, "  (no documents)");
        }
        for document in &meeting.documents {
            let session = if document.session.is_empty() {
                String::new()
            } else {
                format!(", session {}", document.session)
            };
            let _ = writeln!(out, "  {} ({}{session})", document.path, document.kind);
            for a in &document.audiences {
                let when = match &a.opens_utc {
                    Some(at) => {
                        let (local, utc) = for_people(at, &meeting.timezone);
                        if a.visible {
                            format!("visible since {local} ({utc})")
                        } else {
                            format!("becomes visible {local} ({utc})")
                        }
                    }
                    None => "never".to_string(),
                };
                let mut versions = String::new();
                if !a.visible_versions.is_empty() {
                    let list: Vec<String> =
                        a.visible_versions.iter().map(|n| format!("v{n}")).collect();
                    versions = format!("  shows {}", list.join(", "));
                }
                for (n, at) in &a.upcoming_versions {
                    if a.visible {
                        let (local, utc) = for_people(at, &meeting.timezone);
                        let _ = write!(versions, "; v{n} from {local} ({utc})");
                    }
                }
                let _ = writeln!(out, "    {:<10} {when}{versions}", a.audience);
            }
            let langs: Vec<String> = document
                .translations
                .iter()
                .map(|t| match t.coverage {
                    Coverage::Stale(v) => format!("{} stale (v{v})", t.lang),
                    coverage => format!("{} {}", t.lang, coverage.name()),
                })
                .collect();
            let _ = writeln!(out, "    {:<10} {}", "languages", langs.join(" · "));
        }
    }
    let guard = &status.guard;
    let _ = writeln!(
        out,
        "\nLeak guard exceptions: {} file(s) name hidden documents on purpose, {} allowed text(s)",
        guard.mentions.len(),
        guard.allow.len()
    );
    for (file, names) in &guard.mentions {
        let _ = writeln!(out, "  {file} mentions {}", names.join(", "));
    }
    for text in &guard.allow {
        let _ = writeln!(out, "  [guard] allow: \"{text}\"");
    }
    out
}

/// Cell marks of the terminal matrix, readable without colour.
const CURRENT: &str = "✓";
const MISSING: &str = "·";

/// `plenary status --coverage`: per meeting, documents down, languages across. With
/// `colour`, current is green, stale yellow and missing red (ANSI), as well as marked.
pub fn coverage_matrix(status: &Status, languages: &[String], colour: bool) -> String {
    let paint = |text: String, code: &str| {
        if colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Translation coverage as of {}: {CURRENT} current, vN stale (translated up to version N), {MISSING} missing",
        status.as_of_utc()
    );
    for meeting in &status.meetings {
        let _ = writeln!(out, "\n{} · {}", meeting.id, meeting.name);
        if meeting.documents.is_empty() {
            let _ = writeln!(out, "  (no documents)");
            continue;
        }
        let width = meeting
            .documents
            .iter()
            .map(|d| slug(&d.path).chars().count())
            .max()
            .unwrap_or(0);
        let mut header = format!("  {:width$}", "");
        for lang in languages {
            let _ = write!(header, " {lang:>5}");
        }
        let _ = writeln!(out, "{}", header.trim_end());
        let mut current = vec![0usize; languages.len()];
        for document in &meeting.documents {
            let mut row = format!("  {:width$}", slug(&document.path));
            for (i, t) in document.translations.iter().enumerate() {
                let (mark, code) = match t.coverage {
                    Coverage::Current => {
                        current[i] += 1;
                        (CURRENT.to_string(), "32")
                    }
                    Coverage::Stale(n) => (format!("v{n}"), "33"),
                    Coverage::Missing => (MISSING.to_string(), "31"),
                };
                let _ = write!(row, " {}", paint(format!("{mark:>5}"), code));
            }
            let _ = writeln!(out, "{row}");
        }
        let total = meeting.documents.len();
        let mut footer = format!("  {:width$}", "current");
        for count in current {
            let _ = write!(footer, " {:>5}", format!("{count}/{total}"));
        }
        let _ = writeln!(out, "{footer}");
    }
    out
}

fn slug(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}
