//! A document page's values: its text at the shown version, the list of its versions with
//! their links and redlines, the notices of an archived or a not-yet-translated version,
//! and its speakers, attachments and topics.

use super::agenda::session_anchor;
use super::body::render_markdown;
use super::context::{
    human_size, ArchivedNotice, AttachmentLink, Builder, DocumentContext, Link, SpeakerLink,
    StaleNotice, VersionLink,
};
use crate::content::model::Version;
use crate::plan::DocumentPage;
use crate::support::error::Diagnostic;
use crate::support::language::endonym;
use crate::support::markdown::{self, Rendering};

pub(super) fn document(
    b: &Builder<'_, '_>,
    page: &DocumentPage<'_, '_>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<DocumentContext, Diagnostic> {
    document_linked_as(b, b, page, warnings)
}

/// [`document`] with the body's links resolved as `links` resolves them: the briefing pack
/// shows a text with no translation in the default language, linked as that language's
/// pages link, among labels in the pack's language.
pub(super) fn document_linked_as(
    b: &Builder<'_, '_>,
    links: &Builder<'_, '_>,
    page: &DocumentPage<'_, '_>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<DocumentContext, Diagnostic> {
    let (urls, lang) = (b.urls, b.lang);
    let document = page.document;
    let meeting = page.meeting;
    let (m, slug) = (meeting.meeting.id.as_str(), document.meta.slug.as_str());
    let translation = page.translation;
    let from_dir = format!("meetings/{m}/{slug}");
    let rendering = render_markdown(
        links,
        translation,
        &from_dir,
        warnings,
        document.meta.is_transcript(),
    )?;

    let history = History::of(b, page);
    let versions: Vec<VersionLink> = (0..=history.last).rev().map(|i| history.link(i)).collect();
    let shown = document.versions[page.shown].version;
    let current = page.archived.then(|| history.link(history.last));
    let version_date = b.strings.date(shown.date);
    let archived_notice = current
        .as_ref()
        .map(|current| archived_notice(b, shown, &version_date, current));
    let version_lines = versions
        .iter()
        .rev()
        .map(|v| {
            b.strings.format(
                "version_line",
                &[("number", &v.number.to_string()), ("date", &v.date)],
            )
        })
        .collect();
    let stale = (!page.archived && page.shown != history.last)
        .then(|| stale_notice(b, shown, history.link(history.last)));
    let listed = meeting.meeting.session(&document.meta.session);
    Ok(DocumentContext {
        title: translation.title.clone(),
        summary: translation.summary.clone(),
        content: rendering.html.clone(),
        speakers: speaker_links(&rendering),
        kind: document.meta.kind.clone(),
        kind_label: b.kind_label(&document.meta.kind),
        session: document.meta.session.clone(),
        session_label: b.session_title(meeting.meeting, &document.meta.session),
        session_time: listed
            .map(|s| b.strings.session_time(s, &meeting.meeting.timezone))
            .unwrap_or_default(),
        session_start_iso: listed
            .map(|s| super::agenda::start_iso(s, &meeting.meeting.timezone))
            .unwrap_or_default(),
        session_room: listed
            .map(|s| {
                s.room
                    .get(b.lang, &b.view.config.default_language)
                    .to_string()
            })
            .unwrap_or_default(),
        session_url: listed
            .map(|s| format!("{}#{}", b.urls.meeting(b.lang, m), session_anchor(&s.id))),
        meeting: b.meeting(meeting),
        distribution: b.distribution(meeting.meeting, document),
        version: shown.number,
        version_date,
        archived: page.archived,
        current,
        archived_notice,
        version_lines,
        stale,
        versions,
        languages: b.languages_of(meeting, document),
        attachments: document
            .attachments
            .iter()
            .map(|a| AttachmentLink {
                name: a.name.clone(),
                url: urls.attachment(m, slug, &a.name),
                size: human_size(a.size),
            })
            .collect(),
        topics: document
            .meta
            .topics
            .iter()
            .map(|t| Link {
                title: b.topic_name(t),
                url: urls.topic(lang, t),
                lang: None,
            })
            .collect(),
    })
}

/// The versions of the document a page shows, and the page's own URL among them.
struct History<'b, 'p> {
    b: &'b Builder<'b, 'b>,
    page: &'p DocumentPage<'p, 'p>,
    here: String,
    last: usize,
}

impl<'b, 'p> History<'b, 'p> {
    fn of(b: &'b Builder<'b, 'b>, page: &'p DocumentPage<'p, 'p>) -> Self {
        let (m, slug) = (
            page.meeting.meeting.id.as_str(),
            page.document.meta.slug.as_str(),
        );
        let here = if page.archived {
            let number = page.document.versions[page.shown].version.number;
            b.urls.version(b.lang, m, slug, number)
        } else {
            b.urls.document(b.lang, m, slug)
        };
        let last = page.document.versions.len() - 1;
        History {
            b,
            page,
            here,
            last,
        }
    }

    /// The link to version `index` (0 the oldest), in the page's language where it has a
    /// text, else in the default language.
    fn link(&self, index: usize) -> VersionLink {
        let (b, page, document) = (self.b, self.page, self.page.document);
        let (urls, lang, default) = (b.urls, b.lang, b.view.config.default_language.as_str());
        let (m, slug) = (
            page.meeting.meeting.id.as_str(),
            document.meta.slug.as_str(),
        );
        let version = document.versions[index].version;
        let link_lang = if version.translations.contains_key(lang) {
            lang
        } else {
            default
        };
        let url = if index == self.last {
            urls.document(link_lang, m, slug)
        } else {
            urls.version(link_lang, m, slug, version.number)
        };
        VersionLink {
            number: version.number,
            date: b.strings.date(version.date),
            date_iso: version.date.to_string(),
            label: b.version_label(version.number),
            note: version
                .note
                .exact_or(lang, default)
                .unwrap_or("")
                .to_string(),
            url: url.clone(),
            shown: index == page.shown,
            here: url == self.here,
            latest: index == self.last,
            lang: (link_lang != lang).then(|| link_lang.to_string()),
            changes: (index > 0)
                .then(|| {
                    let text = b
                        .strings
                        .format("changes_link", &[("number", &version.number.to_string())]);
                    super::changes::link(urls, document, index, lang, default, text)
                })
                .flatten(),
        }
    }
}

/// "This is version N of DATE", with a link to the current one.
fn archived_notice(
    b: &Builder<'_, '_>,
    shown: &Version,
    version_date: &str,
    current: &VersionLink,
) -> ArchivedNotice {
    ArchivedNotice {
        text: b.strings.format(
            "archived_notice",
            &[
                ("number", &shown.number.to_string()),
                ("date", version_date),
            ],
        ),
        link_text: b.strings.format(
            "archived_link",
            &[
                ("number", &current.number.to_string()),
                ("date", &current.date),
            ],
        ),
    }
}

/// "This translation is of version N; version M is out in LANGUAGE", with its link.
fn stale_notice(b: &Builder<'_, '_>, shown: &Version, latest: VersionLink) -> StaleNotice {
    let latest_lang = latest.lang.clone().unwrap_or_else(|| b.lang.to_string());
    StaleNotice {
        text: b.strings.format(
            "stale_notice",
            &[
                ("number", &shown.number.to_string()),
                ("latest", &latest.number.to_string()),
                ("date", &latest.date),
                ("language", endonym(&latest_lang)),
            ],
        ),
        link_text: b.strings.format(
            "stale_link",
            &[
                ("latest", &latest.number.to_string()),
                ("language", endonym(&latest_lang)),
            ],
        ),
        url: latest.url,
        lang: latest_lang,
    }
}

/// A transcript's speakers, each linked to their first turn.
fn speaker_links(rendering: &Rendering) -> Vec<SpeakerLink> {
    rendering
        .speakers
        .iter()
        .map(|s| SpeakerLink {
            name: s.name.clone(),
            role: s.role.clone(),
            role_wide: s
                .role
                .as_deref()
                .is_some_and(|r| r.chars().any(markdown::wide::is_wide)),
            url: format!("#{}", s.anchor),
        })
        .collect()
}
