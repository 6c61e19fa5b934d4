//! The context of each kind of page: which template, which values.

use serde::Serialize;
use std::sync::Arc;
use tera::Context;

use super::context::{
    human_size, ArchivedNotice, AttachmentLink, Base, Builder, DocumentContext, DocumentEntry,
    LanguageLink, Link, MeetingSummary, SpeakerLink, StaleNotice, VersionLink,
};
use super::Renderer;

use crate::content::links::{self, Target};
use crate::content::model::Translation;
use crate::error::Diagnostic;
use crate::language::endonym;
use crate::markdown::{self, LinkOutput};
use crate::plan::{
    alternates, document_languages, ChangesPage, DocumentPage, PageKind, Planned, Urls,
};
use crate::release::{AudienceView, MeetingView};
use crate::sort::natural_key;

/// Makes a page's [`Base`] from its title, description and navigation section (its URL and
/// language alternates are the page's own).
type MakeBase<'f> = &'f dyn Fn(String, String, &'static str) -> Base;

/// How many of the newest documents the home page lists.
const LATEST_ON_HOME: usize = 12;

/// Template name and context for an HTML page.
pub fn context(
    renderer: &Renderer,
    view: &AudienceView<'_>,
    urls: &Urls,
    page: &Planned<'_, '_>,
    kind: &PageKind<'_, '_>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(&'static str, Context), Diagnostic> {
    let lang = match kind {
        PageKind::Home { lang }
        | PageKind::Meetings { lang }
        | PageKind::Meeting { lang, .. }
        | PageKind::Topics { lang }
        | PageKind::Topic { lang, .. }
        | PageKind::Coverage { lang }
        | PageKind::Search { lang }
        | PageKind::Page { lang, .. } => lang,
        PageKind::Document(d) => d.lang,
        PageKind::Changes(c) => c.lang,
        _ => view.config.default_language.as_str(),
    };
    let b = Builder {
        view,
        urls,
        strings: renderer.strings(lang),
        lang,
        share_markdown: renderer.share_markdown,
    };
    let alternate_links = |b: &Builder<'_, '_>| -> Vec<LanguageLink> {
        let pairs = alternates(view, urls, kind);
        b.language_links(pairs.iter().map(|(l, _)| l.as_str()), |l| {
            pairs
                .iter()
                .find(|(p, _)| p == l)
                .map(|(_, u)| u.clone())
                .unwrap_or_default()
        })
    };
    let site_title = view
        .config
        .title
        .get(lang, &view.config.default_language)
        .to_string();

    let base = |title: String, description: String, section: &'static str| {
        b.base(title, description, &page.url, alternate_links(&b), section)
    };
    let (template, ctx) = match kind {
        PageKind::LanguageChooser => chooser(&b, &page.url, site_title),
        PageKind::NotFound => not_found(&b, &page.url),
        PageKind::Home { .. } => home(&b, &base, site_title),
        PageKind::Meetings { .. } => meetings(&b, &base),
        PageKind::Meeting { meeting, .. } => meeting_page(&b, &base, meeting),
        PageKind::Topics { .. } => topics(&b, &base),
        PageKind::Topic { topic, .. } => topic_page(&b, &base, topic),
        PageKind::Page { translation, .. } => reader_page(&b, &base, translation, warnings)?,
        PageKind::Document(doc) => document_page(&b, &base, doc, warnings)?,
        PageKind::Changes(changes) => changes_page(&b, &base, changes),
        PageKind::Coverage { .. } => coverage(&b, &base),
        PageKind::Search { .. } => search(&b, &base),
        PageKind::Feed { .. } | PageKind::Sitemap(_) | PageKind::Robots | PageKind::Headers => {
            unreachable!("not an HTML page")
        }
    };
    Ok((template, ctx))
}

/// The root page: each language's home, and the script that picks the reader's.
fn chooser(b: &Builder<'_, '_>, url: &str, site_title: String) -> (&'static str, Context) {
    let languages = b.every_language(|l| b.urls.home(l));
    let base = b.base(site_title.clone(), String::new(), url, Vec::new(), "");
    let titles: Vec<(String, String, &str)> = b
        .view
        .config
        .languages
        .iter()
        .map(|l| {
            (
                l.clone(),
                b.view
                    .config
                    .title
                    .get(l, &b.view.config.default_language)
                    .to_string(),
                crate::language::direction(l),
            )
        })
        .collect();
    // For the redirect script, in an attribute (escaped by the template): the script is a
    // file of its own, so a Content-Security-Policy without 'unsafe-inline' allows it.
    let homes: std::collections::BTreeMap<&str, &str> = languages
        .iter()
        .map(|l| (l.code.as_str(), l.url.as_str()))
        .collect();
    let homes_json = serde_json::to_string(&homes).expect("plain strings");
    let values = [
        ("languages", to_value(&languages)),
        ("titles", to_value(&titles)),
        ("homes_json", to_value(&homes_json)),
        (
            "chooser_script_url",
            to_value(&b.urls.static_file("chooser.js")),
        ),
    ];
    ("chooser.html", with(base, values))
}

/// `404.html`: the way back to each language's home.
fn not_found(b: &Builder<'_, '_>, url: &str) -> (&'static str, Context) {
    let homes: Vec<Link> = b
        .view
        .config
        .languages
        .iter()
        .map(|l| Link {
            title: endonym(l).to_string(),
            url: b.urls.home(l),
            lang: Some(l.clone()),
        })
        .collect();
    let base = b.base(
        b.strings.get("not_found_title").to_string(),
        String::new(),
        url,
        Vec::new(),
        "",
    );
    ("404.html", with(base, [("homes", to_value(&homes))]))
}

/// A language's home: meetings now and recent, and the newest documents.
fn home(b: &Builder<'_, '_>, base: MakeBase<'_>, site_title: String) -> (&'static str, Context) {
    let meetings: Vec<MeetingSummary> = b.view.meetings.iter().map(|m| b.meeting(m)).collect();
    let (current, past): (Vec<_>, Vec<_>) =
        meetings.into_iter().partition(|m| m.status != "concluded");
    let mut current = current;
    current.reverse(); // soonest first
    let recent: Vec<_> = past.into_iter().take(3).collect();
    // Only documents released no earlier than the twelfth newest can be among the
    // twelve: entries are made for those alone, not for the whole archive.
    let mut instants: Vec<jiff::Timestamp> = b
        .view
        .documents()
        .map(|(_, d)| d.latest().visible_from)
        .collect();
    let cutoff = (instants.len() > LATEST_ON_HOME).then(|| {
        *instants
            .select_nth_unstable_by(LATEST_ON_HOME - 1, |a, b| b.cmp(a))
            .1
    });
    let mut latest: Vec<(jiff::Timestamp, DocumentEntry)> = b
        .view
        .documents()
        .filter(|(_, d)| cutoff.is_none_or(|c| d.latest().visible_from >= c))
        .map(|(m, d)| (d.latest().visible_from, b.entry(m, d)))
        .collect();
    latest.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| b.1.date_iso.cmp(&a.1.date_iso))
            .then_with(|| a.1.url.cmp(&b.1.url))
    });
    let latest: Vec<DocumentEntry> = latest
        .into_iter()
        .take(LATEST_ON_HOME)
        .map(|(_, e)| e)
        .collect();
    let base = base(site_title.clone(), String::new(), "home");
    (
        "home.html",
        with(
            base,
            [
                ("current_meetings", to_value(&current)),
                ("recent_meetings", to_value(&recent)),
                ("latest", to_value(&latest)),
            ],
        ),
    )
}

/// Every meeting the audience may see.
fn meetings(b: &Builder<'_, '_>, base: MakeBase<'_>) -> (&'static str, Context) {
    let meetings: Vec<MeetingSummary> = b.view.meetings.iter().map(|m| b.meeting(m)).collect();
    let base = base(
        b.strings.get("meetings_title").to_string(),
        String::new(),
        "meetings",
    );
    (
        "meetings.html",
        with(base, [("meetings", to_value(&meetings))]),
    )
}

/// One meeting: its documents, session by session.
fn meeting_page(
    b: &Builder<'_, '_>,
    base: MakeBase<'_>,
    meeting: &MeetingView<'_>,
) -> (&'static str, Context) {
    let summary = b.meeting(meeting);
    let sessions = sessions(b, meeting);
    let base = base(summary.name.clone(), summary.location.clone(), "meetings");
    (
        "meeting.html",
        with(
            base,
            [
                ("meeting", to_value(&summary)),
                ("sessions", to_value(&sessions)),
            ],
        ),
    )
}

/// Every topic with a visible document, with how many.
fn topics(b: &Builder<'_, '_>, base: MakeBase<'_>) -> (&'static str, Context) {
    let mut topics: Vec<(Link, usize)> = crate::plan::visible_topics(b.view)
        .into_iter()
        .map(|topic| {
            let count = b
                .view
                .documents()
                .filter(|(_, d)| d.meta.topics.iter().any(|t| t == topic))
                .count();
            (
                Link {
                    title: topic_name(b, topic),
                    url: b.urls.topic(b.lang, topic),
                    lang: None,
                },
                count,
            )
        })
        .collect();
    topics.sort_by_key(|(link, _)| link.title.to_lowercase());
    let topics: Vec<serde_json::Value> = topics
        .into_iter()
        .map(|(l, c)| serde_json::json!({"title": l.title, "url": l.url, "count": c}))
        .collect();
    let base = base(
        b.strings.get("nav_topics").to_string(),
        String::new(),
        "topics",
    );
    ("topics.html", with(base, [("topics", to_value(&topics))]))
}

/// One topic's documents.
fn topic_page(b: &Builder<'_, '_>, base: MakeBase<'_>, topic: &str) -> (&'static str, Context) {
    let documents: Vec<DocumentEntry> = b
        .view
        .documents()
        .filter(|(_, d)| d.meta.topics.iter().any(|t| t == topic))
        .map(|(m, d)| b.entry(m, d))
        .collect();
    let name = topic_name(b, topic);
    let base = base(name.clone(), String::new(), "topics");
    (
        "topic.html",
        with(
            base,
            [
                ("topic", to_value(&name)),
                ("documents", to_value(&documents)),
            ],
        ),
    )
}

/// A page of `pages/` (about, contact…).
fn reader_page(
    b: &Builder<'_, '_>,
    base: MakeBase<'_>,
    translation: &Translation,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(&'static str, Context), Diagnostic> {
    let content = render_markdown(b, translation, "pages", warnings, false)?;
    let base = base(
        translation.title.clone(),
        translation.summary.clone().unwrap_or_default(),
        "",
    );
    Ok((
        "page.html",
        with(
            base,
            [
                ("title", to_value(&translation.title)),
                ("content", to_value(&content.html)),
            ],
        ),
    ))
}

/// A document at its latest visible version, or an archived one.
fn document_page(
    b: &Builder<'_, '_>,
    base: MakeBase<'_>,
    doc: &DocumentPage<'_, '_>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(&'static str, Context), Diagnostic> {
    let context = document(b, doc, warnings)?;
    let base = base(
        context.title.clone(),
        context.summary.clone().unwrap_or_default(),
        "meetings",
    );
    Ok(("document.html", with(base, [("doc", to_value(&context))])))
}

/// A redline: what changed between two versions.
fn changes_page(
    b: &Builder<'_, '_>,
    base: MakeBase<'_>,
    changes: &ChangesPage<'_, '_>,
) -> (&'static str, Context) {
    let context = super::changes::context(b, changes);
    let base = base(
        format!("{}: {}", context.heading, context.title),
        context.span.clone(),
        "meetings",
    );
    (
        "changes.html",
        with(base, [("changes", to_value(&context))]),
    )
}

/// How far each translation has kept up (restricted builds).
fn coverage(b: &Builder<'_, '_>, base: MakeBase<'_>) -> (&'static str, Context) {
    let context = super::coverage::context(b);
    let base = base(
        b.strings.get("coverage_title").to_string(),
        String::new(),
        "coverage",
    );
    (
        "coverage.html",
        with(base, [("coverage", to_value(&context))]),
    )
}

/// The search page, with the languages that have an index.
fn search(b: &Builder<'_, '_>, base: MakeBase<'_>) -> (&'static str, Context) {
    let base = base(
        b.strings.get("search_title").to_string(),
        String::new(),
        "search",
    );
    // The languages search has an index for, named for results in another language.
    let names: std::collections::BTreeMap<&str, &str> = b
        .view
        .config
        .languages
        .iter()
        .filter(|l| b.view.written_in.contains(l.as_str()))
        .map(|l| (l.as_str(), endonym(l)))
        .collect();
    let values = [
        ("bundle_url", to_value(&b.urls.search_bundle())),
        ("script_url", to_value(&b.urls.static_file("search.js"))),
        (
            "language_names",
            to_value(&serde_json::to_string(&names).expect("plain strings")),
        ),
    ];
    ("search.html", with(base, values))
}

fn to_value<T: Serialize>(value: &T) -> tera::Value {
    tera::Value::from_serializable(value)
}

/// A page's values for its template: the base values, the page's own values and the UI
/// strings (`t`), each turned into a template value once.
fn with<const N: usize>(base: Base, values: [(&str, tera::Value); N]) -> Context {
    let t = base.t.clone();
    let mut context = Context::from_serialize(&base).expect("a struct of plain data");
    for (key, value) in values {
        context.insert_value(key.to_string(), value);
    }
    context.insert_value("t", t);
    context
}

fn topic_name(b: &Builder<'_, '_>, topic: &str) -> String {
    b.view.config.topics.get(topic).map_or_else(
        || crate::content::load::topic_fallback_name(topic),
        |name| {
            name.get(b.lang, &b.view.config.default_language)
                .to_string()
        },
    )
}

#[derive(Serialize)]
struct Session {
    session: String,
    label: String,
    kinds: Vec<KindGroup>,
}

#[derive(Serialize)]
struct KindGroup {
    kind: String,
    label: String,
    documents: Vec<DocumentEntry>,
}

/// Kinds in the order a reader meets them at a meeting.
fn kind_rank(kind: &str) -> usize {
    [
        "agenda",
        "briefing",
        "presentation",
        "transcript",
        "summary",
        "communique",
    ]
    .iter()
    .position(|k| *k == kind)
    .unwrap_or(usize::MAX)
}

/// A meeting's documents grouped by session (in natural order: 2 before 10), then by kind.
fn sessions(b: &Builder<'_, '_>, meeting: &crate::release::MeetingView<'_>) -> Vec<Session> {
    let mut documents: Vec<_> = meeting.documents.iter().collect();
    documents.sort_by(|x, y| {
        (
            natural_key(&x.meta.session),
            kind_rank(&x.meta.kind),
            &x.meta.kind,
            &x.meta.slug,
        )
            .cmp(&(
                natural_key(&y.meta.session),
                kind_rank(&y.meta.kind),
                &y.meta.kind,
                &y.meta.slug,
            ))
    });
    let mut sessions: Vec<Session> = Vec::new();
    for document in documents {
        let entry = b.entry(meeting, document);
        if sessions
            .last()
            .is_none_or(|s| s.session != document.meta.session)
        {
            let label = if document.meta.session.is_empty() {
                b.strings.get("session_none").to_string()
            } else {
                b.session_label(&document.meta.session)
            };
            sessions.push(Session {
                session: document.meta.session.clone(),
                label,
                kinds: Vec::new(),
            });
        }
        let session = sessions.last_mut().expect("pushed above");
        if session
            .kinds
            .last()
            .is_none_or(|k| k.kind != document.meta.kind)
        {
            let label = b.kind_label(&document.meta.kind);
            session.kinds.push(KindGroup {
                kind: document.meta.kind.clone(),
                label,
                documents: Vec::new(),
            });
        }
        session
            .kinds
            .last_mut()
            .expect("pushed above")
            .documents
            .push(entry);
    }
    sessions
}

fn document(
    b: &Builder<'_, '_>,
    page: &DocumentPage<'_, '_>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<DocumentContext, Diagnostic> {
    let (urls, lang, default) = (b.urls, b.lang, b.view.config.default_language.as_str());
    let document = page.document;
    let meeting = page.meeting;
    let (m, slug) = (meeting.meeting.id.as_str(), document.meta.slug.as_str());
    let translation = page.translation;
    let last = document.versions.len() - 1;
    let from_dir = format!("meetings/{m}/{slug}");
    let rendering = render_markdown(
        b,
        translation,
        &from_dir,
        warnings,
        document.meta.is_transcript(),
    )?;

    let here = if page.archived {
        urls.version(lang, m, slug, document.versions[page.shown].version.number)
    } else {
        urls.document(lang, m, slug)
    };
    let version_link = |index: usize| -> VersionLink {
        let version = document.versions[index].version;
        let link_lang = if version.translations.contains_key(lang) {
            lang
        } else {
            default
        };
        let url = if index == last {
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
            here: url == here,
            latest: index == last,
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
    };
    let versions: Vec<VersionLink> = (0..=last).rev().map(version_link).collect();
    let shown = document.versions[page.shown].version;
    let current = page.archived.then(|| version_link(last));
    let version_date = b.strings.date(shown.date);
    let archived_notice = current.as_ref().map(|current| ArchivedNotice {
        text: b.strings.format(
            "archived_notice",
            &[
                ("number", &shown.number.to_string()),
                ("date", &version_date),
            ],
        ),
        link_text: b.strings.format(
            "archived_link",
            &[
                ("number", &current.number.to_string()),
                ("date", &current.date),
            ],
        ),
    });
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
    let stale = (!page.archived && page.shown != last).then(|| {
        let latest = version_link(last);
        let latest_lang = latest.lang.clone().unwrap_or_else(|| lang.to_string());
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
    });
    let _ = document_languages;
    Ok(DocumentContext {
        title: translation.title.clone(),
        summary: translation.summary.clone(),
        content: rendering.html.clone(),
        speakers: rendering
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
            .collect(),
        kind: document.meta.kind.clone(),
        kind_label: b.kind_label(&document.meta.kind),
        session: document.meta.session.clone(),
        session_label: b.session_label(&document.meta.session),
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
                title: topic_name(b, t),
                url: urls.topic(lang, t),
                lang: None,
            })
            .collect(),
    })
}

/// Where a link written in a file of `from_dir` leads for this audience and language, or
/// [`LinkOutput::TextOnly`] when its target is hidden from the audience (or was reported
/// broken when loading: never emit a link that could not be checked).
pub(super) fn link_output(b: &Builder<'_, '_>, dest: &str, from_dir: &str) -> LinkOutput {
    let (view, urls, lang) = (b.view, b.urls, b.lang);
    let default = view.config.default_language.as_str();
    let with_anchor = |url: String, anchor: &Option<String>| match anchor {
        Some(a) => format!("{url}#{a}"),
        None => url,
    };
    let Ok(target) = links::classify(dest, from_dir) else {
        return LinkOutput::TextOnly;
    };
    let url = match target {
        Target::External => Some(dest.to_string()),
        Target::SamePage { anchor } => Some(format!("#{anchor}")),
        // A link to nowhere is no link: the reader gets its text.
        Target::Placeholder => None,
        Target::Home => Some(urls.home(lang)),
        Target::Meetings => Some(urls.meetings(lang)),
        Target::Meeting { id } => view.meeting(&id).map(|_| urls.meeting(lang, &id)),
        Target::Document {
            meeting,
            slug,
            anchor,
        } => view.document(&meeting, &slug).map(|d| {
            let link_lang = if document_languages(d).contains(lang) {
                lang
            } else {
                default
            };
            with_anchor(urls.document(link_lang, &meeting, &slug), &anchor)
        }),
        Target::Attachment {
            meeting,
            slug,
            name,
        } => view
            .document(&meeting, &slug)
            .filter(|d| d.attachments.iter().any(|a| a.name == name))
            .map(|_| urls.attachment(&meeting, &slug, &name)),
        Target::Page { slug, anchor } => view.page(&slug).map(|p| {
            let link_lang = if p.translations.contains_key(lang) {
                lang
            } else {
                default
            };
            with_anchor(urls.page(link_lang, &slug), &anchor)
        }),
    };
    url.map_or(LinkOutput::TextOnly, LinkOutput::Url)
}

/// Markdown → HTML for this audience: links resolve through the view, so a link to a
/// document the audience cannot see keeps its text and loses its target. A rendering made
/// for another audience or page is reused where every link resolves alike ([`markdown::Memo`]).
fn render_markdown(
    b: &Builder<'_, '_>,
    translation: &Translation,
    from_dir: &str,
    warnings: &mut Vec<Diagnostic>,
    transcript: bool,
) -> Result<Arc<markdown::Rendering>, Diagnostic> {
    let (view, path, body) = (b.view, &translation.path, translation.body.as_str());
    let resolve = |dest: &str| link_output(b, dest, from_dir);
    let filled = translation.prepared.as_ref().and_then(|p| p.fill(&resolve));
    let rendered = match filled {
        Some(filled) => Ok(Arc::new(filled)),
        None => translation
            .rendered
            .get_or_render(&resolve, b.share_markdown, |resolve| {
                if transcript {
                    markdown::render_transcript(body, resolve)
                } else {
                    markdown::render(body, resolve).map(|html| (html, Vec::new()))
                }
            }),
    };
    let rendering = rendered.map_err(|lost| {
        Diagnostic::error(
            path.to_path_buf(),
            format!("the raw HTML in this file hides part of it from the page: the heading `{lost}` and what follows it do not survive"),
        )
        .hint("look for a tag, comment or `<style>`/`<script>` element in the raw HTML before that heading that is left unfinished or unclosed")
    })?;
    let hidden = rendering.links.iter().filter(|(dest, output)| {
        *output == LinkOutput::TextOnly
            && links::classify(dest, from_dir).is_ok_and(|t| t != Target::Placeholder)
    });
    for (dest, _) in hidden {
        warnings.push(
            Diagnostic::warning(path.to_path_buf(), format!("the link `{dest}` leads to something the `{}` audience cannot see yet; its text is kept without the link", view.audience.name))
                .hint("nothing to do if that is intended: the link appears once the target is released"),
        );
    }
    Ok(rendering)
}
