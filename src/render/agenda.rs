//! A meeting's documents as its page lists them: by session, then by kind in the order a
//! reader meets them. A meeting with a timetable lists its sessions in time order, each
//! with its time and room, documents or not (the annotated agenda); one without lists the
//! sessions its documents name, in natural order (2 before 10).

use serde::Serialize;

use super::context::{Builder, DocumentEntry};
use crate::content::model::Meeting;
use crate::release::{DocumentView, MeetingView};
use crate::support::sort::natural_key;

#[derive(Serialize)]
pub(super) struct Session {
    session: String,
    label: String,
    /// The fragment the section is linked by: `session-<id>` for a timetable's session (calendar
    /// events link to it), else `session-<position>`.
    anchor: String,
    /// From the timetable, in the page's language; empty for a session it does not list.
    time: String,
    start_iso: String,
    room: String,
    kinds: Vec<KindGroup>,
}

#[derive(Serialize)]
struct KindGroup {
    kind: String,
    label: String,
    documents: Vec<DocumentEntry>,
}

/// Kinds in the order a reader meets them at a meeting.
fn kind_rank(kind: &str) -> usize {
    [
        "agenda",
        "briefing",
        "presentation",
        "transcript",
        "summary",
        "communique",
    ]
    .iter()
    .position(|k| *k == kind)
    .unwrap_or(usize::MAX)
}

/// A meeting's documents grouped by session, then by kind: the timetable's sessions first,
/// in time order, then those it does not list (in natural order), then documents with none.
pub(super) fn sessions(b: &Builder<'_, '_>, meeting: &MeetingView<'_>) -> Vec<Session> {
    let m: &Meeting = meeting.meeting;
    let documents = in_agenda_order(meeting);
    let mut sessions: Vec<Session> = m.sessions.iter().map(|s| timetabled(b, m, s)).collect();
    for document in documents {
        let entry = b.entry(meeting, document);
        let at = match sessions
            .iter()
            .position(|s| s.session == document.meta.session)
        {
            Some(at) => at,
            None => {
                let label = if document.meta.session.is_empty() {
                    b.strings.get("session_none").to_string()
                } else {
                    b.session_label(&document.meta.session)
                };
                sessions.push(Session {
                    session: document.meta.session.clone(),
                    label,
                    // A timetable's sessions own `session-<id>`: a group it does not list
                    // is named apart, so that no id can collide with it.
                    anchor: if m.sessions.is_empty() {
                        format!("session-{}", sessions.len() + 1)
                    } else {
                        format!("documents-{}", sessions.len() + 1)
                    },
                    time: String::new(),
                    start_iso: String::new(),
                    room: String::new(),
                    kinds: Vec::new(),
                });
                sessions.len() - 1
            }
        };
        let session = &mut sessions[at];
        if session
            .kinds
            .last()
            .is_none_or(|k| k.kind != document.meta.kind)
        {
            let label = b.kind_label(&document.meta.kind);
            session.kinds.push(KindGroup {
                kind: document.meta.kind.clone(),
                label,
                documents: Vec::new(),
            });
        }
        session
            .kinds
            .last_mut()
            .expect("pushed above")
            .documents
            .push(entry);
    }
    sessions
}

/// A meeting's documents in the order its page lists them: by session (the timetable's in
/// time order, then others in natural order), then by kind, then by slug.
pub(super) fn in_agenda_order<'m, 's>(meeting: &'m MeetingView<'s>) -> Vec<&'m DocumentView<'s>> {
    let m: &Meeting = meeting.meeting;
    let listed = |session: &str| m.sessions.iter().position(|s| s.id == session);
    let mut documents: Vec<_> = meeting.documents.iter().collect();
    documents.sort_by(|x, y| {
        (
            listed(&x.meta.session).is_none(),
            listed(&x.meta.session),
            natural_key(&x.meta.session),
            kind_rank(&x.meta.kind),
            &x.meta.kind,
            &x.meta.slug,
        )
            .cmp(&(
                listed(&y.meta.session).is_none(),
                listed(&y.meta.session),
                natural_key(&y.meta.session),
                kind_rank(&y.meta.kind),
                &y.meta.kind,
                &y.meta.slug,
            ))
    });
    documents
}

/// A session of the timetable, before its documents are added.
fn timetabled(
    b: &Builder<'_, '_>,
    meeting: &Meeting,
    session: &crate::content::model::Session,
) -> Session {
    Session {
        session: session.id.clone(),
        label: b.session_title(meeting, &session.id),
        anchor: session_anchor(&session.id),
        time: b.strings.session_time(session, &meeting.timezone),
        start_iso: start_iso(session, &meeting.timezone),
        room: session
            .room
            .get(b.lang, &b.view.config.default_language)
            .to_string(),
        kinds: Vec::new(),
    }
}

/// When a session starts, as an instant (`2026-03-05T13:30:00Z`), for `<time datetime>`.
pub fn start_iso(session: &crate::content::model::Session, zone: &jiff::tz::TimeZone) -> String {
    session
        .start
        .to_zoned_datetime(zone.clone())
        .map(|z| z.timestamp().to_string())
        .unwrap_or_default()
}

/// The fragment a timetable's session is linked by: `session-` and its id, with anything but
/// letters, digits, `-` and `_` made a `-` (ids are free text).
pub fn session_anchor(id: &str) -> String {
    let id: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("session-{id}")
}
