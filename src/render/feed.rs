//! The Atom feeds of each language, the site's and each meeting's: one entry per document
//! version, dated when it became visible to the audience — so the public feed announces a
//! briefing the day after the meeting, not on the day the members saw it.

use std::fmt::Write;

use jiff::Timestamp;

use crate::plan::{absolute, shown_version, Urls};
use crate::release::{AudienceView, MeetingView};
use crate::render::i18n::Strings;
use crate::support::language::endonym;
use crate::support::xml::escape;

/// Entries per feed: readers poll often, so the newest are enough.
const ENTRIES: usize = 50;

/// One entry: a version as it became visible, linked in the feed's language or else in
/// the default language.
struct Entry<'v> {
    when: Timestamp,
    url: String,
    title: String,
    summary: String,
    link_lang: &'v str,
}

/// The feed for `strings.lang`: of the whole site, or of one meeting's documents.
pub fn atom(
    view: &AudienceView<'_>,
    urls: &Urls,
    strings: &Strings,
    meeting: Option<&MeetingView<'_>>,
) -> String {
    let lang = strings.lang.as_str();
    let default = view.config.default_language.as_str();
    let mut entries = entries(view, urls, strings, meeting.map(|m| m.meeting.id.as_str()));
    entries.sort_by(|a, b| b.when.cmp(&a.when).then_with(|| a.url.cmp(&b.url)));
    entries.truncate(ENTRIES);
    let updated = entries.first().map_or(view.as_of, |e| e.when);

    let site_title = view.config.title.get(lang, default);
    let (title, home, self_url) = match meeting {
        None => (
            strings.format("feed_title", &[("site", site_title)]),
            absolute(view, urls, &urls.home(lang)),
            absolute(view, urls, &urls.feed(lang)),
        ),
        Some(m) => {
            let id = &m.meeting.id;
            (
                strings.format(
                    "meeting_feed_title",
                    &[("meeting", m.meeting.name.get(lang, default))],
                ),
                absolute(view, urls, &urls.meeting(lang, id)),
                absolute(view, urls, &urls.meeting_feed(lang, id)),
            )
        }
    };
    let mut xml = String::new();
    let _ = writeln!(xml, r#"<?xml version="1.0" encoding="utf-8"?>"#);
    let _ = writeln!(
        xml,
        r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{}">"#,
        escape(lang)
    );
    let _ = writeln!(xml, "<title>{}</title>", escape(&title));
    let _ = writeln!(xml, "<id>{}</id>", escape(&self_url));
    let _ = writeln!(xml, r#"<link rel="self" href="{}"/>"#, escape(&self_url));
    let _ = writeln!(
        xml,
        r#"<link rel="alternate" type="text/html" href="{}"/>"#,
        escape(&home)
    );
    let _ = writeln!(
        xml,
        "<updated>{}</updated>",
        updated.strftime("%Y-%m-%dT%H:%M:%SZ")
    );
    let _ = writeln!(xml, "<author><name>{}</name></author>", escape(site_title));
    for entry in entries {
        write_entry(&mut xml, view, urls, lang, entry);
    }
    xml.push_str("</feed>\n");
    xml
}

/// Every visible version of every visible document (of `only` that meeting), unsorted.
fn entries<'v>(
    view: &'v AudienceView<'_>,
    urls: &Urls,
    strings: &'v Strings,
    only: Option<&str>,
) -> Vec<Entry<'v>> {
    let lang = strings.lang.as_str();
    let default = view.config.default_language.as_str();
    let mut entries = Vec::new();
    let documents = view
        .documents()
        .filter(|(m, _)| only.is_none_or(|id| m.meeting.id == id));
    for (meeting, document) in documents {
        for (index, visible) in document.versions.iter().enumerate() {
            let version = visible.version;
            let link_lang = if version.translations.contains_key(lang) {
                lang
            } else {
                default
            };
            let translation = &version.translations[link_lang];
            let is_latest = index + 1 == document.versions.len();
            let url = if is_latest && shown_version(document, lang) == Some(index) {
                urls.document(lang, &meeting.meeting.id, &document.meta.slug)
            } else if is_latest {
                urls.document(link_lang, &meeting.meeting.id, &document.meta.slug)
            } else {
                urls.version(
                    link_lang,
                    &meeting.meeting.id,
                    &document.meta.slug,
                    version.number,
                )
            };
            let title = if version.number > 1 {
                format!(
                    "{} ({})",
                    translation.title,
                    strings.format("version_label", &[("number", &version.number.to_string())])
                )
            } else {
                translation.title.clone()
            };
            let note = version.note.exact_or(lang, default).map(str::to_string);
            let summary = note
                .or_else(|| translation.summary.clone())
                .unwrap_or_else(|| meeting.meeting.name.get(lang, default).to_string());
            entries.push(Entry {
                when: visible.visible_from,
                url,
                title,
                summary,
                link_lang,
            });
        }
    }
    entries
}

fn write_entry(
    xml: &mut String,
    view: &AudienceView<'_>,
    urls: &Urls,
    lang: &str,
    entry: Entry<'_>,
) {
    let absolute_url = absolute(view, urls, &entry.url);
    let _ = writeln!(xml, "<entry>");
    let _ = writeln!(xml, "<title>{}</title>", escape(&entry.title));
    let _ = writeln!(
        xml,
        r#"<link rel="alternate" type="text/html" hreflang="{}" href="{}"/>"#,
        escape(entry.link_lang),
        escape(&absolute_url)
    );
    let _ = writeln!(xml, "<id>{}</id>", escape(&absolute_url));
    let _ = writeln!(
        xml,
        "<updated>{}</updated>",
        entry.when.strftime("%Y-%m-%dT%H:%M:%SZ")
    );
    let summary = if entry.link_lang != lang {
        format!("{} ({})", entry.summary, endonym(entry.link_lang))
    } else {
        entry.summary
    };
    let _ = writeln!(xml, "<summary>{}</summary>", escape(&summary));
    let _ = writeln!(xml, "</entry>");
}
