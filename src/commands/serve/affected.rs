//! Which pages an edit of some Markdown files changes: the pages that show their text. The
//! preview renders only these again when an edit leaves titles and links as they were.

use std::collections::BTreeSet;
use std::ffi::OsStr;

use crate::plan::{shown_version, PageKind, Planned};

/// Does a page of this kind show the text of any of these files?
pub(super) fn shows_any(kind: &PageKind<'_, '_>, paths: &BTreeSet<&OsStr>, default: &str) -> bool {
    match kind {
        PageKind::Document(d) => paths.contains(d.translation.path.as_os_str()),
        PageKind::Changes(c) => {
            paths.contains(c.old.path.as_os_str()) || paths.contains(c.new.path.as_os_str())
        }
        PageKind::Page { translation, .. } => paths.contains(translation.path.as_os_str()),
        // A pack holds each of its documents at the version its page shows, in the pack's
        // language or else the default one: only the packs showing an edited text change.
        PageKind::Pack { lang, meeting } => meeting.documents.iter().any(|d| {
            let shown = match shown_version(d, lang) {
                Some(at) => d.versions[at].version.translations.get(*lang),
                None => d.latest().version.translations.get(default),
            };
            shown.is_some_and(|t| paths.contains(t.path.as_os_str()))
        }),
        _ => false,
    }
}

/// The language whose search index holds the page; empty for pages search does not hold.
pub(super) fn page_lang<'a>(page: &'a Planned<'_, '_>) -> &'a str {
    match &page.kind {
        PageKind::Document(d) => d.lang,
        PageKind::Changes(c) => c.lang,
        PageKind::Page { lang, .. } => lang,
        _ => "",
    }
}
