//! What templates see: plain serializable values built from the audience's view.
//!
//! Every string here is already in the page's language, every date already formatted and
//! every URL already decided, so templates only lay things out.

use jiff::civil::Date;
use serde::Serialize;

use super::i18n::Strings;
use crate::config::Config;
use crate::content::model::{Meeting, Translation};
use crate::plan::{absolute, document_languages, shown_version, Urls};
use crate::release::{AudienceView, DocumentView, MeetingView};
use crate::support::language::{capitalised, direction, endonym};

/// Shared by every page.
#[derive(Debug, Serialize)]
pub struct Base {
    pub lang: String,
    pub dir: &'static str,
    pub site_title: String,
    pub audience: String,
    pub restricted: bool,
    pub page_title: String,
    pub description: String,
    /// Absolute URL of this page.
    pub canonical: String,
    pub home_url: String,
    pub meetings_url: String,
    /// Empty when no topic has a visible document.
    pub topics_url: String,
    pub feed_url: String,
    /// The translation coverage page; empty outside restricted builds.
    pub coverage_url: String,
    /// The search page, where every page's search box leads.
    pub search_url: String,
    pub stylesheet_url: String,
    pub chooser_url: String,
    /// The languages this page exists in (the switcher and hreflang).
    pub alternates: Vec<LanguageLink>,
    /// Free-standing pages, for the footer.
    pub nav_pages: Vec<Link>,
    /// Which navigation item is current: home, meetings, topics, coverage or empty.
    pub section: &'static str,
    /// The UI strings (`t.key` in templates): shared, added to each page's context as is.
    #[serde(skip)]
    pub t: tera::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageLink {
    pub code: String,
    pub name: String,
    pub dir: &'static str,
    pub url: String,
    /// Absolute, for hreflang.
    pub absolute_url: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
    /// Set when the link leads to a page in another language than the current page.
    pub lang: Option<String>,
}

/// A meeting in a listing or at the top of its page.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingSummary {
    pub id: String,
    pub name: String,
    pub location: String,
    pub dates: String,
    pub start_iso: String,
    pub end_iso: String,
    pub timezone: String,
    /// The zone as people read it: "Atlantic Standard Time (GMT-4)".
    pub timezone_label: String,
    /// upcoming, in-progress or concluded, relative to the as-of instant.
    pub status: &'static str,
    pub status_label: String,
    pub url: String,
    pub document_count: usize,
    /// "12 documents", in the page's language. Labels like this one come ready-made: the
    /// theme's `replace` filters, once per listing entry, were 3% of a build's CPU.
    pub documents_label: String,
}

/// A document in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentEntry {
    pub title: String,
    pub summary: Option<String>,
    pub url: String,
    /// The language the link leads to; set only when it is not the page's language.
    pub fallback_lang: Option<String>,
    pub fallback_lang_name: Option<String>,
    /// Writing direction of the fallback language, so English text reads right on an Arabic page.
    pub fallback_dir: Option<&'static str>,
    /// "in English": the fallback language named in the page's language.
    pub fallback_label: Option<String>,
    pub kind: String,
    pub kind_label: String,
    pub session: String,
    /// "Session 2", in the page's language; empty when the document has no session.
    pub session_label: String,
    pub meeting_name: String,
    pub meeting_url: String,
    pub version: u32,
    /// "Version 3", in the page's language.
    pub version_label: String,
    pub date: String,
    pub date_iso: String,
}

/// Everything the document template shows.
#[derive(Debug, Serialize)]
pub struct DocumentContext {
    pub title: String,
    pub summary: Option<String>,
    pub content: String,
    /// In transcripts: who speaks, each linking to their first turn.
    pub speakers: Vec<SpeakerLink>,
    pub kind: String,
    pub kind_label: String,
    pub session: String,
    /// "Session 2", or the session's title in its meeting's timetable; empty when the
    /// document has no session.
    pub session_label: String,
    /// When the session takes place, from the timetable ("Thursday, 5 March 2026, 09:30–12:30
    /// (GMT-4)"); empty when the timetable does not list it.
    pub session_time: String,
    pub session_start_iso: String,
    /// Where, from the timetable; empty when it gives no room.
    pub session_room: String,
    /// The session's section on the meeting page, when the timetable lists it.
    pub session_url: Option<String>,
    pub meeting: MeetingSummary,
    pub distribution: String,
    /// The version whose text is shown.
    pub version: u32,
    pub version_date: String,
    pub archived: bool,
    /// Set on archived pages: the current version and its URL in this language (or the default).
    pub current: Option<VersionLink>,
    /// Set on archived pages: what the notice says, and the words of its link to `current`.
    pub archived_notice: Option<ArchivedNotice>,
    /// The Document Administration block's lines, oldest first: "Version 1: 20 February 2024".
    pub version_lines: Vec<String>,
    /// Set when this translation is older than the latest visible version.
    pub stale: Option<StaleNotice>,
    /// Every visible version, newest first.
    pub versions: Vec<VersionLink>,
    pub languages: Vec<LanguageLink>,
    pub attachments: Vec<AttachmentLink>,
    pub topics: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct ArchivedNotice {
    pub text: String,
    pub link_text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VersionLink {
    pub number: u32,
    pub date: String,
    pub date_iso: String,
    pub label: String,
    pub note: String,
    pub url: String,
    /// The version shown on this page.
    pub shown: bool,
    /// The link leads to this very page.
    pub here: bool,
    pub latest: bool,
    /// Set when the linked page is in another language.
    pub lang: Option<String>,
    /// The redline of this version against the one before it, where there is one.
    pub changes: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpeakerLink {
    pub name: String,
    pub role: Option<String>,
    /// The role is Chinese or Japanese: it goes in full-width parentheses, as the transcript
    /// writes it (`主席` → `（主席）`, not `(主席)`).
    pub role_wide: bool,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StaleNotice {
    pub text: String,
    pub link_text: String,
    pub url: String,
    pub lang: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttachmentLink {
    pub name: String,
    pub url: String,
    pub size: String,
}

/// Builds contexts for one audience and language.
pub struct Builder<'a, 's> {
    pub view: &'a AudienceView<'s>,
    pub urls: &'a Urls,
    pub strings: &'a Strings,
    pub lang: &'a str,
    /// Keep rendered Markdown for other audiences ([`Renderer::share_markdown`]).
    ///
    /// [`Renderer::share_markdown`]: super::Renderer::share_markdown
    pub share_markdown: bool,
}

impl<'a, 's> Builder<'a, 's> {
    fn config(&self) -> &'s Config {
        self.view.config
    }

    fn default_language(&self) -> &'s str {
        &self.config().default_language
    }

    fn t(&self, key: &str) -> String {
        self.strings.get(key).to_string()
    }

    pub fn base(
        &self,
        page_title: String,
        description: String,
        url: &str,
        alternates: Vec<LanguageLink>,
        section: &'static str,
    ) -> Base {
        let config = self.config();
        let lang = self.lang;
        Base {
            lang: lang.to_string(),
            dir: direction(lang),
            site_title: config.title.get(lang, self.default_language()).to_string(),
            audience: self.view.audience.name.clone(),
            restricted: self.view.audience.restricted,
            page_title,
            description,
            canonical: self.absolute(url),
            home_url: self.urls.home(lang),
            meetings_url: self.urls.meetings(lang),
            topics_url: if self.view.has_topics {
                self.urls.topics(lang)
            } else {
                String::new()
            },
            feed_url: self.urls.feed(lang),
            coverage_url: if self.view.audience.restricted {
                self.urls.coverage(lang)
            } else {
                String::new()
            },
            search_url: if config.search {
                self.urls.search(lang)
            } else {
                String::new()
            },
            stylesheet_url: self.urls.static_file("style.css"),
            chooser_url: self.urls.chooser(),
            alternates,
            nav_pages: self
                .view
                .pages
                .iter()
                .map(|page| {
                    let (translation, page_lang) = match page.translations.get(lang) {
                        Some(t) => (t, lang),
                        None => (
                            &page.translations[self.default_language()],
                            self.default_language(),
                        ),
                    };
                    Link {
                        title: translation.title.clone(),
                        url: self.urls.page(page_lang, &page.slug),
                        lang: (page_lang != lang).then(|| page_lang.to_string()),
                    }
                })
                .collect(),
            section,
            t: self.strings.value.clone(),
        }
    }

    /// `url` (a root-relative path) as an absolute URL on the audience's base URL.
    pub fn absolute(&self, url: &str) -> String {
        absolute(self.view, self.urls, url)
    }

    /// Links to the same page in every site language (pages that exist everywhere).
    pub fn every_language(&self, url_for: impl Fn(&str) -> String) -> Vec<LanguageLink> {
        self.language_links(self.config().languages.iter().map(String::as_str), url_for)
    }

    pub fn language_links<'l>(
        &self,
        langs: impl Iterator<Item = &'l str>,
        url_for: impl Fn(&str) -> String,
    ) -> Vec<LanguageLink> {
        langs
            .map(|code| {
                let url = url_for(code);
                LanguageLink {
                    code: code.to_string(),
                    name: endonym(code).to_string(),
                    dir: direction(code),
                    absolute_url: self.absolute(&url),
                    url,
                    current: code == self.lang,
                }
            })
            .collect()
    }

    pub fn meeting(&self, meeting: &MeetingView<'s>) -> MeetingSummary {
        let m: &Meeting = meeting.meeting;
        let lang = self.lang;
        let default = self.default_language();
        let today = self.view.as_of.to_zoned_datetime(m.timezone.clone()).date();
        let status = if today < m.start {
            "upcoming"
        } else if today <= m.end {
            "in-progress"
        } else {
            "concluded"
        };
        MeetingSummary {
            id: m.id.clone(),
            name: m.name.get(lang, default).to_string(),
            location: m.location.get(lang, default).to_string(),
            dates: self.strings.date_range(m.start, m.end),
            start_iso: m.start.to_string(),
            end_iso: m.end.to_string(),
            timezone: m.timezone_name.clone(),
            timezone_label: self
                .strings
                .time_zone(&m.timezone_name, &m.timezone, m.start),
            status,
            status_label: self.t(&format!("status_{}", status.replace('-', "_"))),
            url: self.urls.meeting(lang, &m.id),
            document_count: meeting.documents.len(),
            documents_label: self.strings.format(
                "documents_count",
                &[("count", &meeting.documents.len().to_string())],
            ),
        }
    }

    /// "Session 2" ("第2场会议"); a session named in words ("Wrap-up", "Opening") as written,
    /// since no language's number pattern fits it; empty for a document outside any session.
    pub fn session_label(&self, session: &str) -> String {
        if session.is_empty() {
            String::new()
        } else if session.bytes().all(|b| b.is_ascii_digit()) {
            self.strings
                .format("session_label", &[("session", session)])
        } else {
            session.to_string()
        }
    }

    /// A session's title from its meeting's timetable; [`Self::session_label`] for a
    /// session the timetable does not list.
    pub fn session_title(&self, meeting: &Meeting, session: &str) -> String {
        match meeting.session(session) {
            Some(s) => s.title.get(self.lang, self.default_language()).to_string(),
            None => self.session_label(session),
        }
    }

    /// "Version 3".
    pub fn version_label(&self, number: u32) -> String {
        self.strings
            .format("version_label", &[("number", &number.to_string())])
    }

    /// A topic's name in the page's language, or its slug as words if site.toml names none.
    pub fn topic_name(&self, topic: &str) -> String {
        self.view.config.topics.get(topic).map_or_else(
            || crate::content::load::topic_fallback_name(topic),
            |name| {
                name.get(self.lang, &self.view.config.default_language)
                    .to_string()
            },
        )
    }

    pub fn kind_label(&self, kind: &str) -> String {
        let key = format!("kind_{kind}");
        let label = self.strings.get(&key);
        if label == key {
            // A kind the theme has no word for: show it as written, capitalised.
            capitalised(kind)
        } else {
            label.to_string()
        }
    }

    /// A listing entry: the document in this language where it exists, else the default.
    pub fn entry(&self, meeting: &MeetingView<'s>, document: &DocumentView<'s>) -> DocumentEntry {
        let lang = self.lang;
        let default = self.default_language();
        let (shown, link_lang) = match shown_version(document, lang) {
            Some(index) => (index, lang),
            None => (document.versions.len() - 1, default),
        };
        let translation: &Translation = &document.versions[shown].version.translations[link_lang];
        let latest = document.latest().version;
        let fallback = link_lang != lang;
        DocumentEntry {
            title: translation.title.clone(),
            summary: translation.summary.clone(),
            url: self
                .urls
                .document(link_lang, &meeting.meeting.id, &document.meta.slug),
            fallback_lang: fallback.then(|| link_lang.to_string()),
            fallback_lang_name: fallback.then(|| endonym(link_lang).to_string()),
            fallback_dir: fallback.then(|| direction(link_lang)),
            fallback_label: fallback.then(|| {
                self.strings
                    .format("in_language", &[("language", endonym(link_lang))])
            }),
            kind: document.meta.kind.clone(),
            kind_label: self.kind_label(&document.meta.kind),
            session: document.meta.session.clone(),
            session_label: self.session_title(meeting.meeting, &document.meta.session),
            meeting_name: meeting.meeting.name.get(lang, default).to_string(),
            meeting_url: self.urls.meeting(lang, &meeting.meeting.id),
            version: latest.number,
            version_label: self.version_label(latest.number),
            date: self.strings.date(latest.date),
            date_iso: latest.date.to_string(),
        }
    }

    /// "Members (before meeting) and Public (after meeting)", from the release entries.
    pub fn distribution(&self, meeting: &Meeting, document: &DocumentView<'s>) -> String {
        let first_issue: Option<Date> = document.versions.first().map(|v| v.version.date);
        let before_meeting = first_issue.is_some_and(|d| d < meeting.start);
        self.strings
            .distribution(&document.meta.release, before_meeting)
    }

    pub fn languages_of(
        &self,
        meeting: &MeetingView<'s>,
        document: &DocumentView<'s>,
    ) -> Vec<LanguageLink> {
        let present = document_languages(document);
        let ordered = self
            .config()
            .languages
            .iter()
            .map(String::as_str)
            .filter(|l| present.contains(l));
        self.language_links(ordered, |code| {
            self.urls
                .document(code, &meeting.meeting.id, &document.meta.slug)
        })
    }
}

/// A file size the way people read it.
pub fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{:.0} KB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}
