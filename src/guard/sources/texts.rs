//! The texts the source check compares: what an audience may not see (hidden) and what it
//! will be shown (visible), each with its file and its place in time.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::Timestamp;

use crate::content::model::{Document, Meeting, Site, Translation};
use crate::release::{self, AudienceView};

/// When a text was written, as the direction rule orders texts: a run or word that a hidden
/// text shares with a visible text of lower or equal rank was public first, and proves
/// nothing. Documents are ranked by their version's date.
pub type Rank = i64;
/// Strings of `site.toml`, `meeting.toml` and the theme: public facts that documents quote.
pub const FIXED: Rank = i64::MIN;
/// A hidden page has no date: every dated visible document may have come before it.
pub const HIDDEN_PAGE: Rank = i64::MAX - 1;
/// A visible page has no date either: it never came first.
pub const VISIBLE_PAGE: Rank = i64::MAX;

pub fn dated(date: Date) -> Rank {
    i64::from(date.year()) * 512 + i64::from(date.month()) * 32 + i64::from(date.day())
}

/// Something the audience may not see, named as an author names it.
#[derive(Debug, Clone)]
pub struct HiddenSource {
    /// The file, relative to the site folder: `meetings/m77/x/v1.en.md`.
    pub file: String,
    /// What a `mentions` entry or a link names: `meetings/m77/x` or `pages/handbook`.
    pub thing: String,
    pub rank: Rank,
    /// When the audience may see it: the instant and the meeting's zone; `None` for never.
    pub opens: Option<(Timestamp, String)>,
}

/// One hidden text: a title, a summary, a body or a version note.
pub struct HiddenText<'s> {
    pub source: u32,
    pub text: &'s str,
    pub is_title: bool,
    /// A Markdown body: its links' texts to other content are not its own words.
    pub is_body: bool,
}

/// One visible text, where it is written and when.
pub struct VisibleText<'s> {
    pub text: &'s str,
    pub rank: Rank,
    /// The file it is in.
    pub path: PathBuf,
    /// For a Markdown body: its first line in the file, and the folder links are relative
    /// to (`meetings/m76/agenda`). `None` for a string found by searching the file.
    pub body: Option<(usize, String)>,
    /// What this file names on purpose (front matter `mentions`).
    pub mentions: &'s [String],
    pub is_title: bool,
}

/// Everything the check compares for one audience.
pub struct Texts<'s> {
    pub sources: Vec<HiddenSource>,
    pub hidden: Vec<HiddenText<'s>>,
    pub visible: Vec<VisibleText<'s>>,
}

/// Gather the hidden and visible texts of `view`. `fixed` is the theme's UI strings.
pub fn gather<'s>(site: &'s Site, view: &AudienceView<'s>, fixed: &[&'s str]) -> Texts<'s> {
    let mut texts = Texts {
        sources: Vec::new(),
        hidden: Vec::new(),
        visible: Vec::new(),
    };
    let shown: BTreeMap<(&str, &str), BTreeSet<u32>> = view
        .documents()
        .map(|(m, d)| {
            let numbers = d.versions.iter().map(|v| v.version.number).collect();
            ((m.meeting.id.as_str(), d.meta.slug.as_str()), numbers)
        })
        .collect();
    let receives = release::audiences_seen(&site.config, &view.audience.name);
    let meetings: BTreeMap<&str, &Meeting> =
        site.meetings.iter().map(|m| (m.id.as_str(), m)).collect();
    for document in &site.documents {
        let meta = &document.meta;
        let Some(meeting) = meetings.get(meta.meeting.as_str()) else {
            continue;
        };
        let numbers = shown.get(&(meta.meeting.as_str(), meta.slug.as_str()));
        let opens = release::openings(&receives, meeting, document);
        for (version, opens) in opens {
            let rank = dated(version.date);
            if numbers.is_some_and(|n| n.contains(&version.number)) {
                texts.visible_version(site, document, version.number, rank);
            } else {
                let opens = opens.map(|t| (t, meeting.timezone_name.clone()));
                texts.hidden_version(site, document, version.number, rank, opens);
            }
        }
    }
    let shown_pages: BTreeSet<&str> = view.pages.iter().map(|p| p.slug.as_str()).collect();
    for page in &site.pages {
        let visible = shown_pages.contains(page.slug.as_str());
        for translation in page.translations.values() {
            if visible {
                texts.visible_translation(translation, VISIBLE_PAGE, "pages".to_string());
            } else {
                let source = texts.source(
                    site,
                    &translation.path,
                    format!("pages/{}", page.slug),
                    HIDDEN_PAGE,
                    None,
                );
                texts.hidden_translation(translation, source);
            }
        }
    }
    texts.fixed(site, fixed);
    texts
}

impl<'s> Texts<'s> {
    fn source(
        &mut self,
        site: &Site,
        path: &Path,
        thing: String,
        rank: Rank,
        opens: Option<(Timestamp, String)>,
    ) -> u32 {
        let file = path.strip_prefix(&site.root).unwrap_or(path);
        self.sources.push(HiddenSource {
            file: file.to_string_lossy().replace('\\', "/"),
            thing,
            rank,
            opens,
        });
        (self.sources.len() - 1) as u32
    }

    fn hidden_version(
        &mut self,
        site: &Site,
        document: &'s Document,
        number: u32,
        rank: Rank,
        opens: Option<(Timestamp, String)>,
    ) {
        let meta = &document.meta;
        let thing = format!("meetings/{}/{}", meta.meeting, meta.slug);
        let version = &document.versions[document
            .versions
            .iter()
            .position(|v| v.number == number)
            .expect("the version exists")];
        for translation in version.translations.values() {
            let source = self.source(site, &translation.path, thing.clone(), rank, opens.clone());
            self.hidden_translation(translation, source);
        }
        let toml = site.root.join(&thing).join("document.toml");
        let source = self.source(site, &toml, thing, rank, opens);
        for note in version.note.values() {
            self.hidden.push(HiddenText {
                source,
                text: note,
                is_title: false,
                is_body: false,
            });
        }
    }

    fn hidden_translation(&mut self, t: &'s Translation, source: u32) {
        self.hidden.push(HiddenText {
            source,
            text: &t.title,
            is_title: true,
            is_body: false,
        });
        if let Some(summary) = &t.summary {
            self.hidden.push(HiddenText {
                source,
                text: summary,
                is_title: false,
                is_body: false,
            });
        }
        self.hidden.push(HiddenText {
            source,
            text: &t.body,
            is_title: false,
            is_body: true,
        });
    }

    fn visible_version(&mut self, site: &Site, document: &'s Document, number: u32, rank: Rank) {
        let meta = &document.meta;
        let folder = format!("meetings/{}/{}", meta.meeting, meta.slug);
        let version = document
            .versions
            .iter()
            .find(|v| v.number == number)
            .expect("the version exists");
        for translation in version.translations.values() {
            self.visible_translation(translation, rank, folder.clone());
        }
        let toml = site.root.join(&folder).join("document.toml");
        for note in version.note.values() {
            self.visible.push(VisibleText {
                text: note,
                rank,
                path: toml.clone(),
                body: None,
                mentions: &[],
                is_title: false,
            });
        }
    }

    fn visible_translation(&mut self, t: &'s Translation, rank: Rank, folder: String) {
        let string = |text: &'s str, is_title: bool| VisibleText {
            text,
            rank,
            path: t.path.clone(),
            body: None,
            mentions: &t.mentions,
            is_title,
        };
        self.visible.push(string(&t.title, true));
        if let Some(summary) = &t.summary {
            self.visible.push(string(summary, false));
        }
        self.visible.push(VisibleText {
            text: &t.body,
            rank,
            path: t.path.clone(),
            body: Some((t.body_line, folder)),
            mentions: &t.mentions,
            is_title: false,
        });
    }

    /// Strings every audience sees and every document may quote.
    fn fixed(&mut self, site: &'s Site, fixed: &[&'s str]) {
        let mut add = |text: &'s str, path: PathBuf, is_title: bool| {
            self.visible.push(VisibleText {
                text,
                rank: FIXED,
                path,
                body: None,
                mentions: &[],
                is_title,
            });
        };
        let site_toml = site.root.join("site.toml");
        for title in site.config.title.values() {
            add(title, site_toml.clone(), true);
        }
        for names in site.config.topics.values() {
            for name in names.values() {
                add(name, site_toml.clone(), true);
            }
        }
        for meeting in &site.meetings {
            let toml = site
                .root
                .join("meetings")
                .join(&meeting.id)
                .join("meeting.toml");
            for name in meeting.name.values() {
                add(name, toml.clone(), true);
            }
            for place in meeting.location.values() {
                add(place, toml.clone(), false);
            }
            // A session's title is shown on public pages and in calendars: a hidden
            // briefing's title pasted there is as much a leak as in a page.
            // Not a document's title: one equal to a hidden briefing's is flagged like any
            // other text (a reviewed `[guard] allow` entry lets an agenda item and its
            // briefing share a name).
            for session in &meeting.sessions {
                for title in session.title.values() {
                    add(title, toml.clone(), false);
                }
                for room in session.room.values() {
                    add(room, toml.clone(), false);
                }
            }
        }
        let theme = site.root.join("..").join("themes");
        for text in fixed {
            add(text, theme.clone(), false);
        }
    }
}
