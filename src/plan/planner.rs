//! The pages of one audience's build, planned in the order they are rendered: each
//! language's own pages, then every document's, then the files every site has. A preview
//! plans only the pages an edit changes ([`plan_only`]).

use std::collections::BTreeSet;

use super::{
    changes_in, shown_version, visible_topics, ChangesPage, DocumentPage, PageKind, Planned, Urls,
};
use crate::release::{AudienceView, DocumentView, MeetingView};

/// Only the pages `keep` accepts, as [`plan`](super::plan) plans them (no sitemaps, no copies): what a
/// preview renders again after an edit, without making every other page's URL.
pub fn plan_only<'v, 's>(
    view: &'v AudienceView<'s>,
    urls: &Urls,
    keep: &dyn Fn(&PageKind<'v, 's>) -> bool,
) -> Vec<Planned<'v, 's>> {
    plan_pages(view, urls, Some(keep))
}

pub(super) fn plan_pages<'v, 's>(
    view: &'v AudienceView<'s>,
    urls: &Urls,
    keep: Option<&dyn Fn(&PageKind<'v, 's>) -> bool>,
) -> Vec<Planned<'v, 's>> {
    let mut planner = Planner {
        urls,
        keep,
        pages: Vec::new(),
    };
    planner.push(|| urls.chooser(), PageKind::LanguageChooser);
    let topics = visible_topics(view);
    for lang in &view.config.languages {
        planner.language_pages(view, lang, &topics);
    }
    for meeting in &view.meetings {
        for document in &meeting.documents {
            for lang in &view.config.languages {
                planner.document_pages(meeting, document, lang);
            }
        }
    }
    planner.push(|| format!("{}robots.txt", urls.base), PageKind::Robots);
    planner.push(|| format!("{}_headers", urls.base), PageKind::Headers);
    planner.push(|| format!("{}404.html", urls.base), PageKind::NotFound);
    planner.pages
}

/// The pages planned so far, in the order they are planned.
struct Planner<'u, 'v, 's> {
    urls: &'u Urls,
    /// Which pages to plan (all when `None`).
    keep: Option<&'u dyn Fn(&PageKind<'v, 's>) -> bool>,
    pages: Vec<Planned<'v, 's>>,
}

impl<'v, 's> Planner<'_, 'v, 's> {
    fn push(&mut self, url: impl FnOnce() -> String, kind: PageKind<'v, 's>) {
        if self.keep.is_some_and(|keep| !keep(&kind)) {
            return;
        }
        let url = url();
        self.pages.push(Planned {
            file: self.urls.file_for(&url),
            url,
            kind,
        });
    }

    /// A language's home, lists, feed, search, topics, meetings and reader pages.
    fn language_pages(
        &mut self,
        view: &'v AudienceView<'s>,
        lang: &'s str,
        topics: &BTreeSet<&'v str>,
    ) {
        let urls = self.urls;
        self.push(|| urls.home(lang), PageKind::Home { lang });
        self.push(|| urls.meetings(lang), PageKind::Meetings { lang });
        self.push(|| urls.feed(lang), PageKind::Feed { lang });
        self.push(|| urls.calendar(lang), PageKind::Calendar { lang });
        if view.audience.restricted {
            self.push(|| urls.coverage(lang), PageKind::Coverage { lang });
            self.push(
                || urls.release_calendar(lang),
                PageKind::ReleaseCalendar { lang },
            );
        }
        if view.config.search {
            self.push(|| urls.search(lang), PageKind::Search { lang });
        }
        if !topics.is_empty() {
            self.push(|| urls.topics(lang), PageKind::Topics { lang });
        }
        for topic in topics {
            self.push(|| urls.topic(lang, topic), PageKind::Topic { lang, topic });
        }
        for meeting in &view.meetings {
            let id = &meeting.meeting.id;
            self.push(
                || urls.meeting(lang, id),
                PageKind::Meeting { lang, meeting },
            );
            self.push(
                || urls.meeting_calendar(lang, id),
                PageKind::MeetingCalendar { lang, meeting },
            );
            self.push(
                || urls.meeting_feed(lang, id),
                PageKind::MeetingFeed { lang, meeting },
            );
            if view.config.packs && !meeting.documents.is_empty() {
                self.push(|| urls.pack(lang, id), PageKind::Pack { lang, meeting });
            }
        }
        for page in &view.pages {
            if let Some(translation) = page.translations.get(lang) {
                self.push(
                    || urls.page(lang, &page.slug),
                    PageKind::Page {
                        lang,
                        page,
                        translation,
                    },
                );
            }
        }
    }

    /// A document's pages in one language: its latest version, its redlines and its
    /// earlier versions.
    fn document_pages(
        &mut self,
        meeting: &'v MeetingView<'s>,
        document: &'v DocumentView<'s>,
        lang: &'s str,
    ) {
        let urls = self.urls;
        let (m, slug) = (meeting.meeting.id.as_str(), document.meta.slug.as_str());
        if let Some(shown) = shown_version(document, lang) {
            let translation = &document.versions[shown].version.translations[lang];
            let page = DocumentPage {
                lang,
                meeting,
                document,
                shown,
                translation,
                archived: false,
            };
            self.push(|| urls.document(lang, m, slug), PageKind::Document(page));
        }
        for (index, old, new) in changes_in(document, lang) {
            let number = document.versions[index].version.number;
            let page = ChangesPage {
                lang,
                meeting,
                document,
                index,
                old,
                new,
            };
            self.push(
                || urls.changes(lang, m, slug, number),
                PageKind::Changes(page),
            );
        }
        let earlier = &document.versions[..document.versions.len() - 1];
        for (index, visible) in earlier.iter().enumerate() {
            if let Some(translation) = visible.version.translations.get(lang) {
                let page = DocumentPage {
                    lang,
                    meeting,
                    document,
                    shown: index,
                    translation,
                    archived: true,
                };
                self.push(
                    || urls.version(lang, m, slug, visible.version.number),
                    PageKind::Document(page),
                );
            }
        }
    }
}
