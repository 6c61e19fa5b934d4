//! Every output file of one audience's build, with its URL and what goes in it.
//!
//! In: an [`AudienceView`]. Out: a [`Plan`] — pages to render and files to copy. URLs are
//! decided here and nowhere else, so links, listings, feeds and the sitemap agree.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::content::model::{Page as ContentPage, Translation};
use crate::release::{AudienceView, DocumentView, MeetingView};
use crate::support::xml::escaped_len;

mod planner;
pub mod sitemap_layout;
mod urls;

pub use planner::plan_only;
use planner::plan_pages;
pub use sitemap_layout::SitemapFile;
use sitemap_layout::{entry_bound, layout, MAX_BYTES, MAX_URLS};
pub use urls::{absolute, Urls, BUNDLE_DIR};

/// One page to render.
#[derive(Debug)]
pub struct Planned<'v, 's> {
    /// Output file, relative to the audience folder (`en/meetings/index.html`).
    pub file: String,
    pub url: String,
    pub kind: PageKind<'v, 's>,
}

impl Planned<'_, '_> {
    /// The Markdown file the page shows, for pages made from one.
    pub fn source(&self) -> Option<&std::path::Path> {
        match &self.kind {
            PageKind::Document(d) => Some(&d.translation.path),
            PageKind::Changes(c) => Some(&c.new.path),
            PageKind::Page { translation, .. } => Some(&translation.path),
            _ => None,
        }
    }
}

#[derive(Debug)]
pub enum PageKind<'v, 's> {
    /// `/index.html`: sends readers to their language.
    LanguageChooser,
    Home {
        lang: &'s str,
    },
    Meetings {
        lang: &'s str,
    },
    Meeting {
        lang: &'s str,
        meeting: &'v MeetingView<'s>,
    },
    Document(DocumentPage<'v, 's>),
    /// What changed in a version, from the one before it, in one language.
    Changes(ChangesPage<'v, 's>),
    Topics {
        lang: &'s str,
    },
    Topic {
        lang: &'s str,
        topic: &'v str,
    },
    Page {
        lang: &'s str,
        page: &'s ContentPage,
        translation: &'s Translation,
    },
    /// Which documents are translated, per meeting and language (restricted builds only).
    Coverage {
        lang: &'s str,
    },
    /// The search page: the form, and results found in the browser.
    Search {
        lang: &'s str,
    },
    Feed {
        lang: &'s str,
    },
    /// The Atom feed of one meeting's newly visible documents and versions.
    MeetingFeed {
        lang: &'s str,
        meeting: &'v MeetingView<'s>,
    },
    /// Every document of a meeting the audience sees, on one printable page; rendering it
    /// also makes its ZIP with the attachments ([`Urls::pack_archive`]).
    Pack {
        lang: &'s str,
        meeting: &'v MeetingView<'s>,
    },
    /// Every meeting as iCalendar events.
    Calendar {
        lang: &'s str,
    },
    /// One meeting's sessions as iCalendar events.
    MeetingCalendar {
        lang: &'s str,
        meeting: &'v MeetingView<'s>,
    },
    /// When each document becomes public, as iCalendar events (restricted builds only: its
    /// titles are not public).
    ReleaseCalendar {
        lang: &'s str,
    },
    /// `sitemap.xml`, or one file of a sitemap split in parts (see [`crate::render::sitemap`]).
    Sitemap(SitemapFile),
    Robots,
    /// `_headers`, for static hosts (see [`crate::render::headers`]).
    Headers,
    NotFound,
}

/// A document page: the latest visible version at the document's URL, or an archived one.
#[derive(Debug)]
pub struct DocumentPage<'v, 's> {
    pub lang: &'s str,
    pub meeting: &'v MeetingView<'s>,
    pub document: &'v DocumentView<'s>,
    /// Index into `document.versions` of the version whose text is shown.
    pub shown: usize,
    pub translation: &'s Translation,
    /// True on `v<N>/` pages; false at the document's own URL.
    pub archived: bool,
}

/// A redline: version `document.versions[index]` against the visible version before it,
/// both in `lang`.
#[derive(Debug)]
pub struct ChangesPage<'v, 's> {
    pub lang: &'s str,
    pub meeting: &'v MeetingView<'s>,
    pub document: &'v DocumentView<'s>,
    /// Index into `document.versions` of the newer version (never 0).
    pub index: usize,
    pub old: &'s Translation,
    pub new: &'s Translation,
}

/// The redlines a document has in `lang`: for each visible version after the first whose
/// text and the previous version's text are both in `lang`, (index, old, new).
pub fn changes_in<'s>(
    document: &DocumentView<'s>,
    lang: &str,
) -> Vec<(usize, &'s Translation, &'s Translation)> {
    let text = |i: usize| &*document.versions[i].version.translations[lang];
    (1..document.versions.len())
        .filter(|&i| has_changes(document, i, lang))
        .map(|i| (i, text(i - 1), text(i)))
        .collect()
}

/// Is there a redline of `document.versions[index]` in `lang` (see [`changes_in`])?
pub fn has_changes(document: &DocumentView<'_>, index: usize, lang: &str) -> bool {
    index > 0
        && index < document.versions.len()
        && [index - 1, index]
            .iter()
            .all(|&i| document.versions[i].version.translations.contains_key(lang))
}

/// A file copied as it is.
#[derive(Debug)]
pub struct Copy {
    pub file: String,
    pub source: PathBuf,
}

/// Everything one audience's build writes.
#[derive(Debug)]
pub struct Plan<'v, 's> {
    pub pages: Vec<Planned<'v, 's>>,
    pub copies: Vec<Copy>,
}

/// The language a document is read in at its own URL in `lang`: `lang` where any visible
/// version is translated into it, else none (listings then link to the default language).
pub fn document_languages<'s>(document: &DocumentView<'s>) -> BTreeSet<&'s str> {
    document
        .versions
        .iter()
        .flat_map(|v| v.version.translations.keys().map(String::as_str))
        .collect()
}

/// The version shown at a document's own URL in `lang`: the latest visible version that has
/// a translation in `lang` (older than the latest when the translation is stale).
pub fn shown_version(document: &DocumentView<'_>, lang: &str) -> Option<usize> {
    document
        .versions
        .iter()
        .rposition(|v| v.version.translations.contains_key(lang))
}

/// Topics that have at least one visible document, sorted.
pub fn visible_topics<'v>(view: &'v AudienceView<'_>) -> BTreeSet<&'v str> {
    view.documents()
        .flat_map(|(_, d)| d.meta.topics.iter().map(String::as_str))
        .collect()
}

/// Plan every page and copied file of the audience's build.
pub fn plan<'v, 's>(view: &'v AudienceView<'s>, urls: &Urls) -> Plan<'v, 's> {
    let mut pages = plan_pages(view, urls, None);
    for (url, file) in sitemap_files(view, urls, &pages) {
        pages.push(Planned {
            file: urls.file_for(&url),
            url,
            kind: PageKind::Sitemap(file),
        });
    }

    let mut copies = Vec::new();
    for (_, document) in view.documents() {
        for attachment in document.attachments {
            let url = urls.attachment(
                &document.meta.meeting,
                &document.meta.slug,
                &attachment.name,
            );
            copies.push(Copy {
                file: urls.file_for(&url),
                source: attachment.path.clone(),
            });
        }
    }
    Plan { pages, copies }
}

/// The languages a planned page exists in, with each one's URL: the switcher, hreflang and
/// the sitemap all read this.
pub fn alternates(
    view: &AudienceView<'_>,
    urls: &Urls,
    kind: &PageKind<'_, '_>,
) -> Vec<(String, String)> {
    let every = |url_for: &dyn Fn(&str) -> String| -> Vec<(String, String)> {
        view.config
            .languages
            .iter()
            .map(|l| (l.clone(), url_for(l)))
            .collect()
    };
    match kind {
        PageKind::Home { .. } => every(&|l| urls.home(l)),
        PageKind::Meetings { .. } => every(&|l| urls.meetings(l)),
        PageKind::Meeting { meeting, .. } => every(&|l| urls.meeting(l, &meeting.meeting.id)),
        PageKind::Pack { meeting, .. } => every(&|l| urls.pack(l, &meeting.meeting.id)),
        PageKind::Topics { .. } => every(&|l| urls.topics(l)),
        PageKind::Coverage { .. } => every(&|l| urls.coverage(l)),
        PageKind::Search { .. } => every(&|l| urls.search(l)),
        PageKind::Topic { topic, .. } => every(&|l| urls.topic(l, topic)),
        PageKind::Page { page, .. } => view
            .config
            .languages
            .iter()
            .filter(|l| page.translations.contains_key(*l))
            .map(|l| (l.clone(), urls.page(l, &page.slug)))
            .collect(),
        PageKind::Document(page) => {
            let (m, slug) = (
                page.meeting.meeting.id.as_str(),
                page.document.meta.slug.as_str(),
            );
            if page.archived {
                let version = page.document.versions[page.shown].version;
                view.config
                    .languages
                    .iter()
                    .filter(|l| version.translations.contains_key(*l))
                    .map(|l| (l.clone(), urls.version(l, m, slug, version.number)))
                    .collect()
            } else {
                let present = document_languages(page.document);
                view.config
                    .languages
                    .iter()
                    .filter(|l| present.contains(l.as_str()))
                    .map(|l| (l.clone(), urls.document(l, m, slug)))
                    .collect()
            }
        }
        PageKind::Changes(page) => {
            let (m, slug) = (
                page.meeting.meeting.id.as_str(),
                page.document.meta.slug.as_str(),
            );
            let number = page.document.versions[page.index].version.number;
            view.config
                .languages
                .iter()
                .filter(|l| has_changes(page.document, page.index, l))
                .map(|l| (l.clone(), urls.changes(l, m, slug, number)))
                .collect()
        }
        PageKind::LanguageChooser
        | PageKind::Feed { .. }
        | PageKind::MeetingFeed { .. }
        | PageKind::Calendar { .. }
        | PageKind::MeetingCalendar { .. }
        | PageKind::ReleaseCalendar { .. }
        | PageKind::Sitemap(_)
        | PageKind::Robots
        | PageKind::Headers
        | PageKind::NotFound => Vec::new(),
    }
}

/// Whether a planned page is listed: every HTML page a reader may land on.
pub fn listed(kind: &PageKind<'_, '_>) -> bool {
    !matches!(
        kind,
        PageKind::Feed { .. }
            | PageKind::MeetingFeed { .. }
            | PageKind::Pack { .. }
            | PageKind::Calendar { .. }
            | PageKind::MeetingCalendar { .. }
            | PageKind::ReleaseCalendar { .. }
            | PageKind::Sitemap(_)
            | PageKind::Robots
            | PageKind::Headers
            | PageKind::NotFound
    )
}

/// The sitemap files of a site whose other pages are `pages`: each one's URL and what it holds.
fn sitemap_files(
    view: &AudienceView<'_>,
    urls: &Urls,
    pages: &[Planned<'_, '_>],
) -> Vec<(String, SitemapFile)> {
    let listed = pages.iter().filter(|p| listed(&p.kind)).count();
    // Every URL in an entry, its alternates' too, is the absolute URL of a planned page
    // (the origin counted whole, the base path twice: a bound, not a measure).
    let origin = escaped_len(&absolute(view, urls, &urls.base));
    let longest_url = origin + pages.iter().map(|p| escaped_len(&p.url)).max().unwrap_or(0);
    let longest_lang = view.config.languages.iter().map(|l| escaped_len(l)).max();
    let bound = entry_bound(
        longest_url,
        longest_lang.unwrap_or(0),
        view.config.languages.len(),
    );
    layout(listed, bound, MAX_URLS, MAX_BYTES)
        .into_iter()
        .map(|file| {
            let url = match file {
                SitemapFile::Whole | SitemapFile::Index { .. } => {
                    format!("{}sitemap.xml", urls.base)
                }
                SitemapFile::Part { number, .. } => format!("{}sitemap-{number}.xml", urls.base),
            };
            (url, file)
        })
        .collect()
}

#[cfg(test)]
mod tests;
