//! Which pages search finds, and what it reads of each.

use super::body::link_output;
use super::context::Builder;
use super::Renderer;
use crate::plan::{PageKind, Planned, Urls};
use crate::release::AudienceView;
use crate::support::markdown::{plain_text, LinkOutput};

/// The search record of `page`: documents at their own URL (their current version in that
/// language; archived versions and redlines would only repeat it) and free-standing pages.
/// Listings are not searched: they only repeat titles.
pub fn record(
    renderer: &Renderer,
    view: &AudienceView<'_>,
    urls: &Urls,
    page: &Planned<'_, '_>,
) -> Option<Record> {
    if !view.config.search {
        return None;
    }
    let (lang, translation) = match &page.kind {
        PageKind::Document(d) if !d.archived => (d.lang, d.translation),
        PageKind::Page {
            lang, translation, ..
        } => (*lang, *translation),
        _ => return None,
    };
    let b = Builder {
        view,
        urls,
        strings: renderer.strings(lang),
        lang,
        share_markdown: false,
    };
    let (meeting, kind, version) = match &page.kind {
        PageKind::Document(d) => {
            let number = d.document.versions[d.shown].version.number;
            (
                // The name alone: the full summary formats dates this record does not show.
                d.meeting
                    .meeting
                    .name
                    .get(lang, &view.config.default_language)
                    .to_string(),
                b.kind_label(&d.document.meta.kind),
                b.strings
                    .format("version_label", &[("number", &number.to_string())]),
            )
        }
        _ => (String::new(), String::new(), String::new()),
    };
    let mut text = String::with_capacity(translation.body.len() + 256);
    for part in [Some(&translation.title), translation.summary.as_ref()]
        .into_iter()
        .flatten()
    {
        text.push_str(part);
        text.push('\n');
    }
    let from_dir = match &page.kind {
        PageKind::Document(d) => {
            format!("meetings/{}/{}", d.meeting.meeting.id, d.document.meta.slug)
        }
        _ => "pages".to_string(),
    };
    let kept = |dest: &str| link_output(&b, dest, &from_dir) != LinkOutput::TextOnly;
    text.push_str(&plain_text(&translation.body, &kept));
    Some(Record {
        url: page.url.clone(),
        lang: lang.to_string(),
        title: translation.title.clone(),
        meeting,
        kind,
        version,
        text,
    })
}

/// One searchable page: what the search stage indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The page's URL, as links to it are written.
    pub url: String,
    /// Its language: Pagefind keeps one index per language, stemmed and segmented for it.
    pub lang: String,
    pub title: String,
    /// Shown under the title in results.
    pub meeting: String,
    pub kind: String,
    pub version: String,
    /// The text to search: title, summary and body, without markup.
    pub text: String,
}
