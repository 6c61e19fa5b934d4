//! The context of each kind of page: which template, which values.

use serde::Serialize;
use tera::Context;

use super::body::render_markdown;
use super::context::{Base, Builder, DocumentEntry, LanguageLink, Link, MeetingSummary};
use super::{agenda, document_page, pack, Renderer};

use crate::content::model::Translation;
use crate::plan::{alternates, ChangesPage, DocumentPage, PageKind, Planned, Urls};
use crate::release::{AudienceView, MeetingView};
use crate::support::error::Diagnostic;
use crate::support::language::endonym;

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
        | PageKind::Pack { lang, .. }
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
        PageKind::Pack { meeting, .. } => {
            let default = view.config.default_language.as_str();
            let in_default = Builder {
                strings: renderer.strings(default),
                lang: default,
                ..b
            };
            pack_page(&b, &in_default, &base, meeting, warnings)?
        }
        PageKind::Topics { .. } => topics(&b, &base),
        PageKind::Topic { topic, .. } => topic_page(&b, &base, topic),
        PageKind::Page { translation, .. } => reader_page(&b, &base, translation, warnings)?,
        PageKind::Document(doc) => document_page(&b, &base, doc, warnings)?,
        PageKind::Changes(changes) => changes_page(&b, &base, changes),
        PageKind::Coverage { .. } => coverage(&b, &base),
        PageKind::Search { .. } => search(&b, &base),
        PageKind::Feed { .. }
        | PageKind::MeetingFeed { .. }
        | PageKind::Calendar { .. }
        | PageKind::MeetingCalendar { .. }
        | PageKind::ReleaseCalendar { .. }
        | PageKind::Sitemap(_)
        | PageKind::Robots
        | PageKind::Headers => {
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
                crate::support::language::direction(l),
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

/// Every document of a meeting on one page, to print or read offline.
fn pack_page(
    b: &Builder<'_, '_>,
    in_default: &Builder<'_, '_>,
    base: MakeBase<'_>,
    meeting: &MeetingView<'_>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(&'static str, Context), Diagnostic> {
    let summary = b.meeting(meeting);
    let documents = pack::documents(b, in_default, meeting, warnings)?;
    let title = b
        .strings
        .format("pack_title", &[("meeting", &summary.name)]);
    let archive_url = b.urls.pack_archive(b.lang, &summary.id);
    let base = base(title, summary.location.clone(), "meetings");
    Ok((
        "pack.html",
        with(
            base,
            [
                ("meeting", to_value(&summary)),
                ("documents", to_value(&documents)),
                ("archive_url", to_value(&archive_url)),
                (
                    "pack_stylesheet_url",
                    to_value(&b.urls.static_file(super::PACK_STYLESHEET)),
                ),
            ],
        ),
    ))
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
    let sessions = agenda::sessions(b, meeting);
    let follow = b.follow(meeting);
    let base = base(summary.name.clone(), summary.location.clone(), "meetings");
    (
        "meeting.html",
        with(
            base,
            [
                ("meeting", to_value(&summary)),
                ("sessions", to_value(&sessions)),
                ("follow", to_value(&follow)),
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
                    title: b.topic_name(topic),
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
    let name = b.topic_name(topic);
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
    let context = document_page::document(b, doc, warnings)?;
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
