//! The context of a redline page: what changed in a version, from the one before it.

use serde::Serialize;

use super::context::{Builder, Link, MeetingSummary};
use crate::plan::{has_changes, ChangesPage, Urls};
use crate::release::DocumentView;
use crate::render::redline::redline;

/// Everything the changes template shows.
#[derive(Debug, Serialize)]
pub struct ChangesContext {
    /// The document's title in the newer version.
    pub title: String,
    /// "Changes in version 2".
    pub heading: String,
    /// "From version 1 (20 February 2024) to version 2 (3 March 2024)".
    pub span: String,
    pub kind_label: String,
    pub meeting: MeetingSummary,
    pub note: String,
    /// "12 words added, 3 removed", or that nothing in the text changed.
    pub counts: String,
    pub content: String,
    pub old: Link,
    pub new: Link,
    pub document: Link,
}

pub fn context(b: &Builder<'_, '_>, page: &ChangesPage<'_, '_>) -> ChangesContext {
    let (urls, lang, default) = (b.urls, b.lang, b.view.config.default_language.as_str());
    let document = page.document;
    let (m, slug) = (
        page.meeting.meeting.id.as_str(),
        document.meta.slug.as_str(),
    );
    let (old, new) = (
        document.versions[page.index - 1].version,
        document.versions[page.index].version,
    );
    let last = document.versions.len() - 1;
    let version_url = |index: usize, number: u32| {
        if index == last {
            urls.document(lang, m, slug)
        } else {
            urls.version(lang, m, slug, number)
        }
    };
    let label = |number: u32| {
        b.strings
            .format("version_label", &[("number", &number.to_string())])
    };
    let diff = redline(&page.old.body, &page.new.body);
    let counts = if !diff.changed {
        b.strings.get("changes_none").to_string()
    } else if diff.inserted + diff.deleted == 0 {
        b.strings.get("changes_punctuation").to_string()
    } else {
        b.strings.format(
            "changes_counts",
            &[
                ("inserted", &diff.inserted.to_string()),
                ("deleted", &diff.deleted.to_string()),
            ],
        )
    };
    ChangesContext {
        title: page.new.title.clone(),
        heading: b
            .strings
            .format("changes_title", &[("number", &new.number.to_string())]),
        span: b.strings.format(
            "changes_span",
            &[
                ("old", &old.number.to_string()),
                ("old_date", &b.strings.date(old.date)),
                ("new", &new.number.to_string()),
                ("new_date", &b.strings.date(new.date)),
            ],
        ),
        kind_label: b.kind_label(&document.meta.kind),
        meeting: b.meeting(page.meeting),
        note: new.note.exact_or(lang, default).unwrap_or("").to_string(),
        counts,
        content: diff.html,
        old: Link {
            title: label(old.number),
            url: version_url(page.index - 1, old.number),
            lang: None,
        },
        new: Link {
            title: label(new.number),
            url: version_url(page.index, new.number),
            lang: None,
        },
        document: Link {
            title: page.new.title.clone(),
            url: urls.document(lang, m, slug),
            lang: None,
        },
    }
}

/// Where the redline of `document.versions[index]` is read from a page in `lang`: in `lang`
/// if it exists there, else in the default language (marked with it), else nowhere.
pub fn link(
    urls: &Urls,
    document: &DocumentView<'_>,
    index: usize,
    lang: &str,
    default: &str,
    text: String,
) -> Option<Link> {
    let number = document.versions[index].version.number;
    let (m, slug) = (document.meta.meeting.as_str(), document.meta.slug.as_str());
    [lang, default]
        .into_iter()
        .find(|l| has_changes(document, index, l))
        .map(|l| Link {
            title: text,
            url: urls.changes(l, m, slug, number),
            lang: (l != lang).then(|| l.to_string()),
        })
}
