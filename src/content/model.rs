//! The loaded, validated content of a site: meetings, documents, versions, translations.
//!
//! A document's metadata ([`DocumentMeta`]) is kept apart from its versions so that the
//! release stage can hand later stages the metadata of a visible document together with
//! only its visible versions.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use crate::config::Config;
use crate::config::ReleaseEntry;
use crate::support::language::Localized;
use crate::support::markdown::{Memo, Outline, Prepared};

/// Everything loaded from `site-content/`.
#[derive(Debug)]
pub struct Site {
    /// The content folder.
    pub root: PathBuf,
    pub config: Config,
    pub meetings: Vec<Meeting>,
    pub documents: Vec<Document>,
    pub pages: Vec<Page>,
}

/// One meeting (`meetings/<id>/meeting.toml`).
#[derive(Debug, Clone)]
pub struct Meeting {
    /// Folder name.
    pub id: String,
    pub name: Localized,
    pub location: Localized,
    pub start: Date,
    pub end: Date,
    /// IANA name, as written.
    pub timezone_name: String,
    pub timezone: TimeZone,
    /// Moves the after-meeting opening to 00:00 of this date.
    pub public_from: Option<Date>,
    /// The timetable, by start time; empty for a meeting that lists no sessions.
    pub sessions: Vec<Session>,
}

impl Meeting {
    /// The session a document names, when the meeting's timetable lists it.
    pub fn session(&self, id: &str) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == id)
    }
}

/// One session of a meeting's timetable (`[[sessions]]` in `meeting.toml`).
#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    pub title: Localized,
    /// Local to the meeting's zone.
    pub start: DateTime,
    pub end: DateTime,
    /// Empty when the timetable gives no room.
    pub room: Localized,
}

/// A document with all its versions. Only `release` may look at `versions`.
#[derive(Debug)]
pub struct Document {
    pub meta: DocumentMeta,
    /// Sorted by number.
    pub versions: Vec<Version>,
    pub attachments: Vec<Attachment>,
}

/// What a document is, independent of its versions.
#[derive(Debug, Clone)]
pub struct DocumentMeta {
    /// Meeting id.
    pub meeting: String,
    /// Folder name.
    pub slug: String,
    pub kind: String,
    pub session: String,
    pub topics: Vec<String>,
    /// The document's own release list, or the site default for its kind.
    pub release: Vec<ReleaseEntry>,
}

/// The kind whose bodies are speaker turns (see `markdown::render_transcript`).
pub const TRANSCRIPT: &str = "transcript";

impl DocumentMeta {
    pub fn is_transcript(&self) -> bool {
        self.kind == TRANSCRIPT
    }
}

/// One numbered version of a document.
#[derive(Debug)]
pub struct Version {
    pub number: u32,
    pub date: Date,
    pub note: Localized,
    /// By language code.
    pub translations: BTreeMap<String, Arc<Translation>>,
}

/// One Markdown file: a version of a document (or a page) in one language.
#[derive(Debug)]
pub struct Translation {
    pub lang: String,
    pub path: PathBuf,
    pub title: String,
    pub summary: Option<String>,
    /// The Markdown body after the front matter.
    pub body: String,
    /// Line of the file where `body` starts (1-based), for error messages.
    pub body_line: usize,
    /// What the file names on purpose (front matter `mentions`): see
    /// [`crate::content::front_matter::FrontMatter::mentions`].
    pub mentions: Vec<String>,
    /// Line of the `mentions` key (1-based), or of the front matter when there is none.
    pub mentions_line: usize,
    /// Headings and links, found once at load.
    pub outline: Outline,
    /// The body rendered at load with its links left open, when it can be (see
    /// [`Prepared`]): every audience's page fills in its own links.
    pub prepared: Option<Prepared>,
    /// The body rendered, kept for other audiences whose links resolve alike: for bodies
    /// that could not be prepared.
    pub rendered: Memo,
}

/// A file shipped with a document, copied only where the document is visible.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub name: String,
    pub path: PathBuf,
    pub size: u64,
}

/// A free-standing page (`pages/<slug>.<lang>.md`).
#[derive(Debug)]
pub struct Page {
    pub slug: String,
    pub translations: BTreeMap<String, Arc<Translation>>,
    /// Audiences the page is for; `None` means every audience.
    pub audiences: Option<Vec<String>>,
}
