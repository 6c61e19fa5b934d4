//! What an audience must not see, as fingerprints to look for in its output.
//!
//! The hidden set is the site minus the audience's view: whatever [`release::view`] did not
//! let through. Nothing here decides visibility; it only describes what was withheld.
//!
//! A fingerprint is evidence only if it is *distinctive*: a hidden title that is also a
//! visible title, a sentence shared with a visible version, or a UI string proves nothing when
//! found. [`visible_among`] sorts those out, for the fingerprints a scan actually found.
//!
//! [`release::view`]: crate::release::view

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::Hasher;

use rayon::prelude::*;

use super::index::{Hit, Index, Name};
use super::words::{self, Windows};
use crate::content::model::{Document, Site, Translation, Version};
use crate::release::AudienceView;

/// A title or name shorter than this is not distinctive enough to look for.
const MIN_NAME_BYTES: usize = 6;

/// What a fingerprint betrays: which part ("title", "text", "address") of which hidden thing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Source {
    pub what: &'static str,
    /// `meetings/m77/host-arrangements version 2 (fr)`.
    pub of: String,
}

/// A hidden attachment, recognised by its size and content hash wherever it is copied.
#[derive(Debug, Clone)]
pub struct HiddenFile {
    pub size: u64,
    pub hash: u64,
    pub source: String,
}

/// Everything one audience must not see.
#[derive(Default)]
pub struct Fingerprints {
    pub sources: Vec<Source>,
    pub index: Index,
    pub files: Vec<HiddenFile>,
    pub hidden_documents: usize,
    /// Hidden versions of documents that are otherwise visible.
    pub hidden_versions: usize,
    pub hidden_pages: usize,
}

/// The fingerprints of everything in `site` that `view` leaves out. `ui_text` is the theme's
/// UI strings: visible to everyone, so never evidence.
pub fn collect(site: &Site, view: &AudienceView<'_>, ui_text: &[&str]) -> Fingerprints {
    let mut c = Collector::default();
    let visible: BTreeMap<(&str, &str), BTreeSet<u32>> = view
        .documents()
        .map(|(m, d)| {
            (
                (m.meeting.id.as_str(), d.meta.slug.as_str()),
                d.versions.iter().map(|v| v.version.number).collect(),
            )
        })
        .collect();
    let mut visible_topics = BTreeSet::new();
    let mut hidden_topics = BTreeSet::new();
    for document in &site.documents {
        let meta = &document.meta;
        let address = format!("{}/{}", meta.meeting, meta.slug);
        match visible.get(&(meta.meeting.as_str(), meta.slug.as_str())) {
            None => {
                c.found.hidden_documents += 1;
                hidden_topics.extend(meta.topics.iter());
                c.hidden_document(document, &address);
            }
            Some(numbers) => {
                visible_topics.extend(meta.topics.iter());
                for version in document
                    .versions
                    .iter()
                    .filter(|v| !numbers.contains(&v.number))
                {
                    c.found.hidden_versions += 1;
                    let of = format!("meetings/{address} version {}", version.number);
                    c.name(
                        format!("{address}/v{}", version.number),
                        true,
                        "address",
                        &of,
                    );
                    c.version(version, &of);
                }
            }
        }
    }
    for topic in hidden_topics.difference(&visible_topics) {
        let of = format!("topic {topic}, used only by hidden documents");
        c.name(format!("topics/{topic}"), true, "address", &of);
    }
    let shown_pages: BTreeSet<&str> = view.pages.iter().map(|p| p.slug.as_str()).collect();
    for page in site
        .pages
        .iter()
        .filter(|p| !shown_pages.contains(p.slug.as_str()))
    {
        c.found.hidden_pages += 1;
        let of = format!("page {}", page.slug);
        for (lang, translation) in &page.translations {
            c.name(format!("/{lang}/{}/", page.slug), false, "address", &of);
            c.translation(translation, &of);
        }
    }
    let mut found = c.finish();
    // Names are few and visible titles short: drop the ones any visible title, note, meeting
    // name or UI string shares now, rather than meeting them on every listing page.
    found.index.seal_names();
    let (plain, _) = visible_texts(site, view, ui_text);
    let shared: HashSet<u32> = plain
        .par_iter()
        .fold(HashSet::new, |mut shared, text| {
            found.index.scan(text.as_bytes(), Windows::Selected, |hit| {
                if let Hit::Name { name, .. } = hit {
                    shared.insert(name);
                }
            });
            shared
        })
        .reduce(HashSet::new, |mut a, b| {
            a.extend(b);
            a
        });
    found.index.retain_names(|i| !shared.contains(&i));
    found.index.seal();
    found
}

/// A fingerprint, as the index knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Window(u64),
    Name(u32),
}

impl Hit {
    pub fn key(self) -> Key {
        match self {
            Hit::Window { hash, .. } => Key::Window(hash),
            Hit::Name { name, .. } => Key::Name(name),
        }
    }
}

/// Which of `keys` (fingerprints found in the output) also occur in text the audience may see:
/// those prove nothing (a shared sentence, a title two documents share, a UI word).
///
/// Done only for fingerprints the scan found, and only when it found any. Reading every
/// visible text costs a third of a second on a 10,000-document site, so the likely places are
/// read first: every short text (titles, notes, names) and the visible versions of `near`, the
/// documents whose pages the suspects were found on (a sentence a hidden version shares with
/// the visible one before it; a phrase two documents share). Only what that leaves unexplained
/// is looked for in every visible text. The answer is the same either way: a fingerprint is
/// innocent when some visible text holds it, wherever reading found it.
pub fn visible_among(
    site: &Site,
    view: &AudienceView<'_>,
    ui_text: &[&str],
    index: &Index,
    keys: &BTreeSet<Key>,
    near: &BTreeSet<(&str, &str)>,
) -> BTreeSet<Key> {
    let (plain, bodies) = visible_texts(site, view, ui_text);
    let near_bodies = view
        .documents()
        .filter(|(m, d)| near.contains(&(m.meeting.id.as_str(), d.meta.slug.as_str())))
        .flat_map(|(_, d)| &d.versions)
        .flat_map(|shown| shown.version.translations.values())
        .map(|t| t.body.as_str());
    let first: Vec<&[u8]> = plain
        .iter()
        .copied()
        .chain(near_bodies)
        .map(str::as_bytes)
        .collect();
    let mut found = found_in(index, keys, &first, as_is);
    if found.len() < keys.len() {
        let left: BTreeSet<Key> = keys.difference(&found).copied().collect();
        // A page shows Chinese wrapped in its source without the line ends
        // (markdown::wide): the body as shown is visible text too.
        let joined: Vec<String> = bodies
            .iter()
            .filter_map(|b| match crate::support::markdown::wide::join_lines(b) {
                std::borrow::Cow::Owned(joined) => Some(joined),
                std::borrow::Cow::Borrowed(_) => None,
            })
            .collect();
        let bodies: Vec<&[u8]> = bodies
            .iter()
            .map(|b| b.as_bytes())
            .chain(joined.iter().map(String::as_bytes))
            .collect();
        found.extend(found_in(index, &left, &bodies, as_is));
    }
    if found.len() < keys.len() {
        // Visible attachments are copied byte for byte, so what they hold is visible too, in
        // every form the scan reads them (a gzip file's content; a Word file's text, inside
        // its ZIP): two SVG drawings share their markup, two PDFs from one word processor
        // their metadata, two reports a standard paragraph. Each is read in turn, not all at
        // once.
        let left: BTreeSet<Key> = keys.difference(&found).copied().collect();
        let attachments: Vec<&std::path::Path> = view
            .documents()
            .flat_map(|(_, document)| document.attachments)
            .map(|attachment| attachment.path.as_path())
            .collect();
        found.extend(found_in(index, &left, &attachments, |path, read| {
            if let Ok(bytes) = std::fs::read(path) {
                let forms = super::scan::views(&bytes, true, &|_| true);
                forms
                    .iter()
                    .filter(|f| f.words)
                    .for_each(|f| read(&f.bytes));
            }
        }));
    }
    found
}

/// Which of `keys` occur in `texts`, each read as `read_forms` reads it: it passes each form
/// worth reading to its second argument.
fn found_in<T: Sync>(
    index: &Index,
    keys: &BTreeSet<Key>,
    texts: &[T],
    read_forms: impl Fn(&T, &mut dyn FnMut(&[u8])) + Sync,
) -> BTreeSet<Key> {
    let mut suspects = Index::default();
    let mut names = Vec::new();
    for key in keys {
        match *key {
            Key::Window(hash) => {
                suspects.windows.insert(hash, 0);
            }
            Key::Name(i) => {
                names.push(i);
                suspects.add_name(index.names[i as usize].clone());
            }
        }
    }
    suspects.seal();
    // Windows of Chinese, Japanese or Thai text can only be in texts with such characters:
    // when every suspect is one, the rest need not be read.
    let only_unspaced = keys
        .iter()
        .all(|k| matches!(k, Key::Window(h) if words::is_unspaced_window(*h)));
    let found: HashSet<Key> = texts
        .par_iter()
        .fold(HashSet::new, |mut found, text| {
            read_forms(text, &mut |form| {
                if only_unspaced && !words::may_hold_unspaced(form) {
                    return;
                }
                // Every window, not the selection: the question is whether these words occur
                // joined anywhere in visible text, whatever surrounds them there.
                suspects.scan(form, Windows::All, |hit| {
                    found.insert(match hit {
                        Hit::Name { name, .. } => Key::Name(names[name as usize]),
                        other => other.key(),
                    });
                });
            });
            found
        })
        .reduce(HashSet::new, |mut a, b| {
            a.extend(b);
            a
        });
    found.into_iter().collect()
}

/// For [`found_in`]: a text read as it is.
fn as_is(text: &&[u8], read: &mut dyn FnMut(&[u8])) {
    read(text)
}

/// A hash of file contents, the same for every call in one run (`DefaultHasher::new` is
/// keyed identically each time).
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

/// Text whose windows are fingerprints: a title, a Markdown body as written (see below), an
/// attachment's bytes.
///
/// Bodies are read raw, not parsed: every run of words the rendered HTML has joined is also
/// joined in the Markdown source (markup only ever breaks runs), so winnowing's guarantee
/// holds for every run of plain text that reaches the output.
type Text<'s> = Cow<'s, [u8]>;

/// Everything the audience may legitimately see: short texts (titles, notes, names, UI
/// strings), and Markdown bodies.
fn visible_texts<'s>(
    site: &'s Site,
    view: &AudienceView<'s>,
    ui_text: &[&'s str],
) -> (Vec<&'s str>, Vec<&'s str>) {
    let mut plain: Vec<&str> = ui_text.to_vec();
    let mut bodies = Vec::new();
    plain.extend(site.config.title.values());
    for (topic, names) in &site.config.topics {
        plain.push(topic);
        plain.extend(names.values());
    }
    for meeting in &site.meetings {
        plain.push(&meeting.id);
        plain.extend(meeting.name.values());
        plain.extend(meeting.location.values());
        for session in &meeting.sessions {
            plain.push(&session.id);
            plain.extend(session.title.values());
            plain.extend(session.room.values());
        }
    }
    let mut translation = |t: &'s Translation| {
        plain.extend([t.title.as_str(), t.summary.as_deref().unwrap_or("")]);
        bodies.push(t.body.as_str());
    };
    for (_, document) in view.documents() {
        for shown in &document.versions {
            shown
                .version
                .translations
                .values()
                .for_each(|t| translation(t));
        }
    }
    for page in &view.pages {
        page.translations.values().for_each(|t| translation(t));
    }
    for (_, document) in view.documents() {
        let meta = document.meta;
        plain.extend([&meta.slug, &meta.kind, &meta.session].map(String::as_str));
        plain.extend(meta.topics.iter().map(String::as_str));
        for shown in &document.versions {
            plain.extend(shown.version.note.values());
        }
        plain.extend(document.attachments.iter().map(|a| a.name.as_str()));
    }
    for page in &view.pages {
        plain.push(&page.slug);
    }
    (plain, bodies)
}

/// Gathers fingerprints: names at once, texts to cut into windows at the end, in parallel.
#[derive(Default)]
struct Collector<'s> {
    found: Fingerprints,
    ids: BTreeMap<Source, u32>,
    texts: Vec<(u32, Text<'s>)>,
}

impl<'s> Collector<'s> {
    fn id(&mut self, what: &'static str, of: &str) -> u32 {
        let source = Source {
            what,
            of: of.to_string(),
        };
        if let Some(&id) = self.ids.get(&source) {
            return id;
        }
        let id = self.found.sources.len() as u32;
        self.found.sources.push(source.clone());
        self.ids.insert(source, id);
        id
    }

    fn name(&mut self, needle: String, whole_word: bool, what: &'static str, of: &str) {
        let source = self.id(what, of);
        self.found.index.add_name(Name {
            needle,
            whole_word,
            source,
        });
    }

    fn text(&mut self, text: Text<'s>, what: &'static str, of: &str) {
        let source = self.id(what, of);
        self.texts.push((source, text));
    }

    /// A title or note: the whole text (whitespace as the minifier leaves it), and its windows.
    fn title(&mut self, title: &'s str, what: &'static str, of: &str) {
        let normalised = title.split_whitespace().collect::<Vec<_>>().join(" ");
        if normalised.len() >= MIN_NAME_BYTES {
            self.name(normalised, true, what, of);
        }
        self.text(Cow::Borrowed(title.as_bytes()), what, of);
    }

    fn translation(&mut self, t: &'s Translation, of: &str) {
        let of = format!("{of} ({})", t.lang);
        self.title(&t.title, "title", &of);
        if let Some(summary) = &t.summary {
            self.text(Cow::Borrowed(summary.as_bytes()), "summary", &of);
        }
        self.text(Cow::Borrowed(t.body.as_bytes()), "text", &of);
    }

    fn version(&mut self, version: &'s Version, of: &str) {
        for translation in version.translations.values() {
            self.translation(translation, of);
        }
        for note in version.note.values() {
            self.title(note, "version note", of);
        }
    }

    fn hidden_document(&mut self, document: &'s Document, address: &str) {
        let of = format!("meetings/{address}");
        self.name(address.to_string(), true, "address", &of);
        for version in &document.versions {
            self.version(version, &format!("{of} version {}", version.number));
        }
        for attachment in &document.attachments {
            let of = format!("{of}/{}", attachment.name);
            self.name(attachment.name.clone(), true, "attachment name", &of);
            let Ok(bytes) = std::fs::read(&attachment.path) else {
                continue;
            };
            self.found.files.push(HiddenFile {
                size: bytes.len() as u64,
                hash: content_hash(&bytes),
                source: of.clone(),
            });
            self.text(Cow::Owned(bytes), "attachment text", &of);
        }
    }

    /// Cut the hidden texts into windows, in parallel.
    fn finish(self) -> Fingerprints {
        let mut found = self.found;
        let windows: Vec<Vec<u64>> = self
            .texts
            .par_iter()
            .map(|(_, text)| {
                let mut hashes = Vec::new();
                words::each_window(text, |h, _| hashes.push(h));
                hashes
            })
            .collect();
        found
            .index
            .windows
            .reserve(windows.iter().map(Vec::len).sum());
        for ((source, _), hashes) in self.texts.iter().zip(windows) {
            for hash in hashes {
                // The first source of a window names it: deterministic, as the order is.
                found.index.windows.entry(hash).or_insert(*source);
            }
        }
        found
    }
}
