//! Which pages search finds, and what it reads of each.

use std::sync::Arc;

use super::body::link_output;
use super::context::Builder;
use super::Renderer;
use crate::content::model::Translation;
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
    // The file shown, as the site holds it: the record keeps it to make its text later.
    let (lang, source) = match &page.kind {
        PageKind::Document(d) if !d.archived => (
            d.lang,
            &d.document.versions[d.shown].version.translations[d.lang],
        ),
        PageKind::Page { lang, page, .. } => (*lang, &page.translations[*lang]),
        _ => return None,
    };
    let translation: &Translation = source;
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
    let from_dir = match &page.kind {
        PageKind::Document(d) => {
            format!("meetings/{}/{}", d.meeting.meeting.id, d.document.meta.slug)
        }
        _ => "pages".to_string(),
    };
    // The links this audience's page shows as plain text (to what it cannot see), decided
    // now, while the audience's view is at hand; the text itself is made when the record's
    // language is indexed.
    let mut text_only: Vec<String> = translation
        .outline
        .links
        .iter()
        .map(|(dest, _)| dest)
        .filter(|dest| link_output(&b, dest, &from_dir) == LinkOutput::TextOnly)
        .cloned()
        .collect();
    text_only.sort_unstable();
    text_only.dedup();
    Some(Record {
        url: page.url.clone(),
        lang: lang.to_string(),
        title: translation.title.clone(),
        meeting,
        kind,
        version,
        source: Arc::clone(source),
        text_only,
    })
}

/// One searchable page: what the search stage indexes.
#[derive(Debug, Clone)]
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
    /// The file whose text is searched, and the destinations of its links that the page
    /// shows as plain text, sorted. Every record of a build waits until the last page is
    /// rendered; the text (190 MB at 10,000 documents) is made only when its language is
    /// indexed, one language at a time.
    source: Arc<Translation>,
    text_only: Vec<String>,
}

impl Record {
    /// The text to search: title, summary and body, without markup.
    pub fn text(&self) -> String {
        let source = &*self.source;
        let mut text = String::with_capacity(source.body.len() + 256);
        for part in [Some(&source.title), source.summary.as_ref()]
            .into_iter()
            .flatten()
        {
            text.push_str(part);
            text.push('\n');
        }
        let kept = |dest: &str| {
            self.text_only
                .binary_search_by(|shown| shown.as_str().cmp(dest))
                .is_err()
        };
        text.push_str(&plain_text(&source.body, &kept));
        text
    }
}

#[cfg(test)]
impl Record {
    /// The record of an English page whose body is `body`, every link shown as a link.
    pub fn of_body(url: &str, body: &str) -> Record {
        use crate::support::markdown::{outline_and_prepare, Memo};
        let (outline, prepared) = outline_and_prepare(body, false);
        let title = "A briefing".to_string();
        Record {
            url: url.to_string(),
            lang: "en".to_string(),
            title: title.clone(),
            meeting: "M76".to_string(),
            kind: "briefing".to_string(),
            version: "1".to_string(),
            source: Arc::new(Translation {
                lang: "en".to_string(),
                path: "pages/a.en.md".into(),
                title,
                summary: None,
                mentions: Vec::new(),
                mentions_line: 1,
                outline,
                body: body.to_string(),
                body_line: 1,
                prepared,
                rendered: Memo::default(),
            }),
            text_only: Vec::new(),
        }
    }
}
