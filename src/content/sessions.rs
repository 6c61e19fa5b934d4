//! A meeting's timetable: the `[[sessions]]` of its `meeting.toml`, checked as strictly as
//! dates are. A session's times are local to the meeting's zone, within the meeting's days,
//! in order; two sessions overlap only in different rooms (parallel working groups).

use std::path::Path;

use jiff::civil::{Date, DateTime};
use toml::value::Datetime;
use toml::Spanned;

use super::load::Loader;
use super::model::{Meeting, Session};
use super::raw::RawSession;
use crate::support::error::{line_column, Diagnostic};

/// Where the sessions' errors point: the meeting.toml and its text.
struct Source<'s> {
    path: &'s Path,
    text: &'s str,
}

impl Source<'_> {
    fn error(&self, at: usize, message: String) -> Diagnostic {
        let (line, column) = line_column(self.text, at);
        Diagnostic::error(self.path.to_path_buf(), message).at(line, column)
    }
}

/// A session with the place of its entry, for errors that compare two sessions.
struct Placed {
    session: Session,
    at: usize,
}

impl Loader<'_> {
    /// The meeting's sessions by start time, each checked; `None` when any has an error (all
    /// are reported): the meeting is then not loaded, as with its other errors, so that its
    /// documents are not also reported for naming a session the timetable failed to give.
    pub(super) fn sessions(
        &mut self,
        path: &Path,
        text: &str,
        days: (Date, Date),
        raw: Vec<Spanned<RawSession>>,
    ) -> Option<Vec<Session>> {
        let errors_before = self.diagnostics.error_count();
        let source = Source { path, text };
        let mut placed: Vec<Placed> = Vec::new();
        for entry in raw {
            let at = entry.span().start;
            if let Some(session) = self.session(&source, days, entry.into_inner()) {
                if let Some(first) = placed.iter().find(|p| p.session.id == session.id) {
                    let (line, _) = line_column(text, first.at);
                    self.diagnostics.push(
                        source
                            .error(at, format!("session `{}` is listed twice", session.id))
                            .hint(format!(
                                "the first is at line {line}; give each session its own id"
                            )),
                    );
                    continue;
                }
                placed.push(Placed { session, at });
            }
        }
        placed.sort_by(|a, b| {
            (a.session.start, &a.session.id).cmp(&(b.session.start, &b.session.id))
        });
        self.check_overlaps(&source, &placed);
        (self.diagnostics.error_count() == errors_before)
            .then(|| placed.into_iter().map(|p| p.session).collect())
    }

    fn session(
        &mut self,
        source: &Source<'_>,
        days: (Date, Date),
        raw: RawSession,
    ) -> Option<Session> {
        let id = raw.id.get_ref().clone();
        if id.trim().is_empty() {
            self.diagnostics.push(
                source
                    .error(raw.id.span().start, "a session's `id` is empty".to_string())
                    .hint("write the id documents give in `session = \"…\"`, e.g. id = \"5\""),
            );
            return None;
        }
        let start = self.local_time(source, &raw.start, "start");
        let end = self.local_time(source, &raw.end, "end");
        let title = self.localized(source.path, Some(raw.title));
        let room = self.localized(source.path, raw.room);
        let (start, end) = (start?, end?);
        if end <= start {
            self.diagnostics.push(
                source
                    .error(
                        raw.end.span().start,
                        format!("session `{id}` ends ({end}) before it starts ({start})"),
                    )
                    .hint("write `end` after `start`, both as local times of the meeting's zone"),
            );
            return None;
        }
        let (first, last) = days;
        for (value, time) in [(&raw.start, start), (&raw.end, end)] {
            if time.date() < first || time.date() > last {
                self.diagnostics.push(
                    source
                        .error(value.span().start, format!("session `{id}` at {time} is outside the meeting's days ({first} to {last})"))
                        .hint("a session takes place between the meeting's `start` and `end` dates"),
                );
                return None;
            }
        }
        Some(Session {
            id,
            title,
            start,
            end,
            room,
        })
    }

    /// A local date and time (2026-03-05T09:30:00): no offset, since the meeting's zone
    /// decides it, and a time, since a session is not a day.
    fn local_time(
        &mut self,
        source: &Source<'_>,
        value: &Spanned<Datetime>,
        what: &str,
    ) -> Option<DateTime> {
        let written = value.get_ref();
        let hint = "write a local date and time such as 2026-03-05T09:30:00; the meeting's `timezone` gives its offset";
        let parsed = match (&written.date, &written.time, &written.offset) {
            (Some(d), Some(t), None) => DateTime::new(
                d.year as i16,
                d.month as i8,
                d.day as i8,
                t.hour as i8,
                t.minute as i8,
                t.second.unwrap_or(0) as i8,
                0,
            )
            .map_err(|e| format!("session {what} `{written}` is not a date and time: {e}")),
            (_, _, Some(_)) => Err(format!("session {what} `{written}` has an offset")),
            _ => Err(format!(
                "session {what} `{written}` needs a date and a time"
            )),
        };
        parsed
            .map_err(|message| {
                self.diagnostics
                    .push(source.error(value.span().start, message).hint(hint))
            })
            .ok()
    }

    /// Sessions in one room, or without one, may not overlap; `placed` is sorted by start.
    fn check_overlaps(&mut self, source: &Source<'_>, placed: &[Placed]) {
        for (i, later) in placed.iter().enumerate() {
            let clash = placed[..i].iter().find(|earlier| {
                earlier.session.end > later.session.start
                    && (earlier.session.room.is_empty()
                        || later.session.room.is_empty()
                        || earlier.session.room == later.session.room)
            });
            if let Some(earlier) = clash {
                let (line, _) = line_column(source.text, earlier.at);
                self.diagnostics.push(
                    source
                        .error(
                            later.at,
                            format!(
                                "session `{}` ({} to {}) overlaps session `{}` ({} to {}, line {line})",
                                later.session.id,
                                later.session.start,
                                later.session.end,
                                earlier.session.id,
                                earlier.session.start,
                                earlier.session.end
                            ),
                        )
                        .hint("correct the times, or give sessions that run in parallel their different `room`s"),
                );
            }
        }
    }

    /// The document's `session`: free text, or one of the ids the meeting's timetable lists
    /// when it lists any (a session it does not list is an error, with the ids it has).
    pub(super) fn session_of(
        &mut self,
        path: &Path,
        text: &str,
        meeting: &Meeting,
        raw: Option<&Spanned<String>>,
    ) -> String {
        let Some(raw) = raw else {
            return String::new();
        };
        let id = raw.get_ref().as_str();
        if !meeting.sessions.is_empty() && !id.is_empty() && meeting.session(id).is_none() {
            let ids: Vec<String> = meeting
                .sessions
                .iter()
                .map(|s| format!("\"{}\"", s.id))
                .collect();
            let source = Source { path, text };
            self.diagnostics.push(
                source
                    .error(
                        raw.span().start,
                        format!(
                            "session `{id}` is not in meeting `{}`'s timetable",
                            meeting.id
                        ),
                    )
                    .hint(format!(
                        "its meeting.toml lists sessions {}",
                        ids.join(", ")
                    )),
            );
        }
        id.to_string()
    }
}
