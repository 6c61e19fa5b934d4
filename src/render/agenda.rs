//! A meeting's documents as its page lists them: by session (in natural order: 2 before
//! 10), then by kind in the order a reader meets them.

use serde::Serialize;

use super::context::{Builder, DocumentEntry};
use crate::release::MeetingView;
use crate::support::sort::natural_key;

#[derive(Serialize)]
pub(super) struct Session {
    session: String,
    label: String,
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

/// A meeting's documents grouped by session (in natural order: 2 before 10), then by kind.
pub(super) fn sessions(b: &Builder<'_, '_>, meeting: &MeetingView<'_>) -> Vec<Session> {
    let mut documents: Vec<_> = meeting.documents.iter().collect();
    documents.sort_by(|x, y| {
        (
            natural_key(&x.meta.session),
            kind_rank(&x.meta.kind),
            &x.meta.kind,
            &x.meta.slug,
        )
            .cmp(&(
                natural_key(&y.meta.session),
                kind_rank(&y.meta.kind),
                &y.meta.kind,
                &y.meta.slug,
            ))
    });
    let mut sessions: Vec<Session> = Vec::new();
    for document in documents {
        let entry = b.entry(meeting, document);
        if sessions
            .last()
            .is_none_or(|s| s.session != document.meta.session)
        {
            let label = if document.meta.session.is_empty() {
                b.strings.get("session_none").to_string()
            } else {
                b.session_label(&document.meta.session)
            };
            sessions.push(Session {
                session: document.meta.session.clone(),
                label,
                kinds: Vec::new(),
            });
        }
        let session = sessions.last_mut().expect("pushed above");
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
