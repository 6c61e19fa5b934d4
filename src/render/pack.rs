//! The briefing pack: every document of a meeting the audience may see, at the version its
//! page shows, on one printable page (`<lang>/meetings/<m>/pack.html`), and that page with
//! the documents' attachments in a ZIP that opens from the file system, without a server.
//!
//! The page is rendered once; the ZIP's copy of it differs only in its links: its style
//! sheet is written into it, attachments point into the archive (`<slug>/<name>`) and other
//! pages of the site to their absolute URLs. The ZIP is deterministic (see [`crate::support::archive`]), so an unchanged pack
//! comes out byte for byte as before and the writer keeps the old file.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use serde::Serialize;

use super::agenda::in_agenda_order;
use super::context::{Builder, DocumentContext};
use super::document_page;
use crate::plan::{absolute, shown_version, DocumentPage, Urls};
use crate::release::{AudienceView, MeetingView};
use crate::support::archive::{self, Entry};
use crate::support::error::Diagnostic;
use crate::support::language::{direction, endonym};

/// One document of the pack.
#[derive(Serialize)]
pub(super) struct PackDocument {
    /// The fragment of its section: `doc-<slug>`; its headings' ids start with it too.
    anchor: String,
    /// The language of its text, which is the default language where the page's has none.
    lang: String,
    dir: &'static str,
    /// "Not translated: shown in English." where the text is not in the page's language.
    fallback: Option<String>,
    doc: DocumentContext,
}

/// The pack's documents in agenda order, each at the version its own page shows. A text
/// in the default language (no translation) has its links resolved as the default
/// language's pages resolve them (`in_default`): a link to another document's heading must
/// lead to that document in the language whose headings the text names.
pub(super) fn documents(
    b: &Builder<'_, '_>,
    in_default: &Builder<'_, '_>,
    meeting: &MeetingView<'_>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<PackDocument>, Diagnostic> {
    let default = b.view.config.default_language.as_str();
    let mut out = Vec::new();
    let mut ids = Ids::default();
    for document in in_agenda_order(meeting) {
        let (shown, lang) = match shown_version(document, b.lang) {
            Some(shown) => (shown, b.lang),
            None => (document.versions.len() - 1, default),
        };
        let page = DocumentPage {
            lang,
            meeting,
            document,
            shown,
            translation: &document.versions[shown].version.translations[lang],
            archived: false,
        };
        // One render of the body, linked as its own language's pages link it.
        let links = if lang == b.lang { b } else { in_default };
        let mut doc = document_page::document_linked_as(b, links, &page, warnings)?;
        let anchor = format!("doc-{}", document.meta.slug);
        doc.content = ids.unique(&doc.content);
        out.push(PackDocument {
            anchor,
            lang: lang.to_string(),
            dir: direction(lang),
            fallback: (lang != b.lang).then(|| {
                b.strings
                    .format("pack_in_language", &[("language", endonym(lang))])
            }),
            doc,
        });
    }
    Ok(out)
}

/// The ids of the pack's page, so that each stays unique: two briefings with an "Objective"
/// heading share one page here. A body keeps its ids where no earlier one took them — the
/// same as on its own page, so the page shows no sequence of words its documents' pages do
/// not (a prefix such as `agenda-` before `item-4-financing-…` would, and the leak guard
/// rightly asks where a new run of words comes from) — and an id taken before gets a number,
/// `objective-2`, with the body's own links to it.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
}

impl Ids {
    fn unique(&mut self, html: &str) -> String {
        static MARKS: LazyLock<AhoCorasick> =
            LazyLock::new(|| AhoCorasick::new([" id=\"", "href=\"#"]).expect("two plain patterns"));
        let mut renamed: HashMap<String, String> = HashMap::new();
        for found in MARKS
            .find_iter(html)
            .filter(|f| f.pattern().as_usize() == 0)
        {
            let value = &html[found.end()..];
            let Some(id) = value.split('"').next() else {
                continue;
            };
            if self.used.insert(id.to_string()) {
                continue;
            }
            let fresh = (2..)
                .map(|n| format!("{id}-{n}"))
                .find(|candidate| !self.used.contains(candidate))
                .expect("some number is free");
            self.used.insert(fresh.clone());
            renamed.insert(id.to_string(), fresh);
        }
        if renamed.is_empty() {
            return html.to_string();
        }
        let mut out = String::with_capacity(html.len() + 64);
        let mut at = 0;
        for found in MARKS.find_iter(html) {
            let value_start = found.end();
            let id = html[value_start..].split('"').next().unwrap_or("");
            if let Some(fresh) = renamed.get(id) {
                out.push_str(&html[at..value_start]);
                out.push_str(fresh);
                at = value_start + id.len();
            }
        }
        out.push_str(&html[at..]);
        out
    }
}

/// The ZIP of a pack: `page` (the pack as the site serves it) made to work offline, and
/// every attachment of its documents, all in one folder named after the meeting.
pub(super) fn archive(
    view: &AudienceView<'_>,
    urls: &Urls,
    meeting: &MeetingView<'_>,
    lang: &str,
    page: &[u8],
    stylesheet: &[u8],
) -> Result<Vec<u8>, Diagnostic> {
    let folder = pack_folder(meeting, lang);
    let mut entries = Vec::new();
    // Where each attachment's link leads inside the archive.
    let mut inside: HashMap<String, String> = HashMap::new();
    for document in &meeting.documents {
        let slug = &document.meta.slug;
        for attachment in document.attachments {
            let url = urls.attachment(&meeting.meeting.id, slug, &attachment.name);
            let encoded = url.rsplit_once('/').map_or(url.as_str(), |(_, name)| name);
            inside.insert(url.clone(), format!("{slug}/{encoded}"));
            // Read here, not planned as a copy: the archive holds the bytes themselves.
            let bytes = fs::read(&attachment.path).map_err(|e| {
                Diagnostic::error(
                    attachment.path.clone(),
                    format!("cannot read it for the briefing pack: {e}"),
                )
            })?;
            entries.push(Entry {
                name: format!("{folder}/{slug}/{}", attachment.name),
                bytes,
            });
        }
    }
    let html = offline(view, urls, page, &inside, stylesheet);
    entries.push(Entry {
        name: format!("{folder}/index.html"),
        bytes: html,
    });
    archive::zip(entries).map_err(|e| {
        Diagnostic::error(
            std::path::PathBuf::from(format!("meetings/{}", meeting.meeting.id)),
            format!("cannot write the briefing pack's ZIP: {e}"),
        )
    })
}

/// The pack's page as a file opened from disk reads it, in one pass over it: the style sheet
/// written into the page (online, the site's Content-Security-Policy allows no inline style,
/// so the page links it), attachments linked `inside` the archive, and every other link of
/// the site by its absolute URL, which a file on disk cannot reach by path.
fn offline(
    view: &AudienceView<'_>,
    urls: &Urls,
    page: &[u8],
    inside: &HashMap<String, String>,
    stylesheet: &[u8],
) -> Vec<u8> {
    static LINKS: LazyLock<AhoCorasick> =
        LazyLock::new(|| AhoCorasick::new(["href=\"", "src=\""]).expect("two plain patterns"));
    let sheet_link = format!(
        r#"<link rel="stylesheet" href="{}">"#,
        urls.static_file(super::PACK_STYLESHEET)
    );
    let site = absolute(view, urls, &urls.base);
    let mut out = Vec::with_capacity(page.len() + stylesheet.len() + 4096);
    let mut at = 0;
    for found in LINKS.find_iter(page) {
        if found.start() < at {
            continue;
        }
        let value_start = found.end();
        let Some(length) = page[value_start..].iter().position(|&b| b == b'"') else {
            break;
        };
        let value = String::from_utf8_lossy(&page[value_start..value_start + length]);
        let tag_start = page[..found.start()].iter().rposition(|&b| b == b'<');
        if let Some(tag) = tag_start.filter(|&t| page[t..].starts_with(sheet_link.as_bytes())) {
            out.extend_from_slice(&page[at..tag]);
            out.extend_from_slice(b"<style>\n");
            out.extend_from_slice(stylesheet);
            out.extend_from_slice(b"</style>");
            at = tag + sheet_link.len();
            continue;
        }
        let rewritten = match inside.get(value.as_ref()) {
            Some(relative) => Some(relative.clone()),
            None => value
                .strip_prefix(urls.base.as_str())
                .map(|rest| format!("{site}{rest}")),
        };
        if let Some(rewritten) = rewritten {
            out.extend_from_slice(&page[at..value_start]);
            out.extend_from_slice(rewritten.as_bytes());
            at = value_start + length;
        }
    }
    out.extend_from_slice(&page[at..]);
    out
}

/// The folder everything in a pack's ZIP is in: unzipped, it does not spill into the
/// delegate's downloads.
fn pack_folder(meeting: &MeetingView<'_>, lang: &str) -> String {
    format!("{}-{lang}", meeting.meeting.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_taken_by_an_earlier_document_is_numbered_with_its_links() {
        let mut ids = Ids::default();
        let first = r##"<h2 id="objective">Objective</h2><p><a href="#objective">up</a></p>"##;
        assert_eq!(ids.unique(first), first, "the first keeps its ids");
        assert_eq!(
            ids.unique(r##"<h2 id="objective">Objective</h2><h2 id="annex">Annex</h2><p><a href="#objective">up</a> <a href="/en/#objective">away</a></p>"##),
            r##"<h2 id="objective-2">Objective</h2><h2 id="annex">Annex</h2><p><a href="#objective-2">up</a> <a href="/en/#objective">away</a></p>"##
        );
    }
}
