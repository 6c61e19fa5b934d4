//! `meeting.toml` and `document.toml` as written: serde structs that refuse unknown keys.

use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

use crate::support::language::RawLocalized;

/// `meetings/<id>/meeting.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeeting {
    /// Meeting name, per language.
    pub name: RawLocalized,
    /// Where it takes place, per language.
    #[serde(default)]
    pub location: Option<RawLocalized>,
    /// First day, local to the meeting.
    pub start: Spanned<Datetime>,
    /// Last day, local to the meeting.
    pub end: Spanned<Datetime>,
    /// IANA time zone name, e.g. "America/Puerto_Rico".
    pub timezone: Spanned<String>,
    /// Moves the after-meeting release to 00:00 of this date (e.g. a postponed meeting).
    #[serde(default)]
    pub public_from: Option<Spanned<Datetime>>,
    /// The timetable: sessions documents name in `session = "…"`.
    #[serde(default)]
    pub sessions: Vec<Spanned<RawSession>>,
}

/// One `[[sessions]]` entry of a meeting's timetable.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSession {
    /// What documents write in `session = "…"`: "5", "opening".
    pub id: Spanned<String>,
    /// Per language.
    pub title: RawLocalized,
    /// Local date and time in the meeting's zone, without an offset: 2026-03-05T09:30:00.
    pub start: Spanned<Datetime>,
    /// Same form as `start`; after it.
    pub end: Spanned<Datetime>,
    /// Where, per language; sessions in different rooms may run at the same time.
    #[serde(default)]
    pub room: Option<RawLocalized>,
}

/// `meetings/<id>/<slug>/document.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDocument {
    /// briefing, transcript, summary, presentation, agenda, …
    pub kind: Spanned<String>,
    /// Agenda item or session number: free text, or one of the meeting's `[[sessions]]` ids
    /// when it lists any.
    #[serde(default)]
    pub session: Option<Spanned<String>>,
    /// Topic slugs.
    #[serde(default)]
    pub topics: Vec<Spanned<String>>,
    /// Overrides the site's default release entries for this kind.
    #[serde(default)]
    pub release: Option<Vec<Spanned<String>>>,
    /// Every version, each with its date.
    #[serde(default)]
    pub versions: Vec<Spanned<RawVersion>>,
}

/// One `[[versions]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVersion {
    /// 1, 2, 3…
    pub number: Spanned<i64>,
    /// Date of issue, local to the meeting.
    pub date: Spanned<Datetime>,
    /// What changed, per language.
    #[serde(default)]
    pub note: Option<RawLocalized>,
}
