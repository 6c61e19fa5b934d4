//! Reading `site-content/` into a [`Site`], strictly.
//!
//! In: the content folder. Out: a validated [`Site`] and warnings, or every error found.
//! Site-wide problems (no folder, a broken `site.toml`) stop at once; problems in meetings,
//! documents and pages are collected so one run reports them all. Nothing outside the
//! content folder is read: symlinks that lead out are errors.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use rayon::prelude::*;
use toml::value::Datetime;
use toml::Spanned;
use walkdir::WalkDir;

use super::front_matter::{self, FrontMatter, VersionFrontMatter};
use super::model::{
    Attachment, Document, DocumentMeta, Meeting, Site, Translation, Version, TRANSCRIPT,
};
use super::raw::{RawDocument, RawMeeting};
use crate::config::ReleaseEntry;
use crate::config::{self, is_slug, Config};
use crate::error::{line_column, Diagnostic, Diagnostics, Failure};
use crate::language::{Localized, RawLocalized};
use crate::markdown;

/// A loaded site and the warnings found on the way.
pub struct Loaded {
    pub site: Site,
    pub warnings: Vec<Diagnostic>,
}

/// Load and validate the site in `root`.
pub fn load(root: &Path) -> Result<Loaded, Failure> {
    if !root.is_dir() {
        return Err(Failure::single(
            Diagnostic::error(
                root.to_path_buf(),
                "the site folder does not exist or is not a folder",
            )
            .hint("run plenary where `site-content/` is, or pass `--site DIR`"),
        ));
    }
    let canonical_root = root
        .canonicalize()
        .map_err(|e| Failure::single(io_error(root, &e)))?;
    let site_toml = root.join("site.toml");
    let source = read_text(&site_toml).map_err(|d| {
        Failure::single(d.hint("every site needs a site.toml; see README.md for an example"))
    })?;
    let config =
        config::parse(&site_toml, &source).map_err(|diagnostics| Failure { diagnostics })?;

    let mut loader = Loader {
        canonical_root,
        config: &config,
        diagnostics: Diagnostics::default(),
        unloaded: BTreeSet::new(),
        unnamed_topics: BTreeMap::new(),
    };
    let mut meetings = Vec::new();
    let mut documents = Vec::new();
    let meetings_dir = root.join("meetings");
    if meetings_dir.is_dir() {
        let (dirs, files): (Vec<Entry>, Vec<Entry>) = loader
            .list(&meetings_dir)
            .into_iter()
            .partition(|entry| entry.kind == EntryKind::Dir);
        for file in files {
            loader.unexpected_file(&file.path, "meetings/ holds one folder per meeting");
        }
        // Meetings load side by side (reading and parsing is most of loading), each with a
        // loader of its own; their results and diagnostics join in folder order.
        let loaded: Vec<_> = dirs
            .par_iter()
            .map(|entry| {
                let mut own = loader.fork();
                let meeting = own.meeting(&entry.path, &entry.name);
                (entry, meeting, own)
            })
            .collect();
        for (entry, meeting, own) in loaded {
            loader.join(own);
            match meeting {
                Some((meeting, docs)) => {
                    meetings.push(meeting);
                    documents.extend(docs);
                }
                None => {
                    loader.unloaded.insert(entry.name.clone());
                }
            }
        }
    }
    loader.unnamed_topic_warnings();
    let pages_dir = root.join("pages");
    let pages = if pages_dir.is_dir() {
        loader.pages(&pages_dir)
    } else {
        Vec::new()
    };

    let site = Site {
        root: root.to_path_buf(),
        config: config.clone(),
        meetings,
        documents,
        pages,
    };
    super::validate::check_bodies(&site, &loader.unloaded, None, &mut loader.diagnostics);
    let diagnostics = loader.diagnostics;
    if diagnostics.has_errors() {
        return Err(Failure {
            diagnostics: diagnostics.into_sorted(),
        });
    }
    Ok(Loaded {
        site,
        warnings: diagnostics.into_sorted(),
    })
}

/// What a topic with no name in site.toml is called on its pages: its slug as words, the
/// first capitalised (`cross-border-data` → "Cross border data").
pub fn topic_fallback_name(slug: &str) -> String {
    crate::language::capitalised(&slug.replace('-', " "))
}

/// Read one Markdown file of a loaded site again, after an edit (`plenary serve`): its text,
/// and for a page the audiences its front matter names, or the errors a full load would
/// report for that file.
pub fn reread(
    site: &Site,
    path: &Path,
    lang: &str,
    page: bool,
    transcript: bool,
) -> Result<(Translation, Option<Vec<String>>), Vec<Diagnostic>> {
    let mut loader = Loader {
        canonical_root: site
            .root
            .canonicalize()
            .unwrap_or_else(|_| site.root.clone()),
        config: &site.config,
        diagnostics: Diagnostics::default(),
        unloaded: BTreeSet::new(),
        unnamed_topics: BTreeMap::new(),
    };
    let read = if page {
        loader.page_translation(path, lang)
    } else {
        loader
            .translation(path, lang, transcript)
            .map(|t| (t, None))
    };
    match read {
        Some(read) if !loader.diagnostics.has_errors() => Ok(read),
        _ => Err(loader.diagnostics.into_sorted()),
    }
}

/// Read a UTF-8 text file, normalised (no BOM, `\n` line ends).
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = fs::read(path).map_err(|e| io_error(path, &e))?;
    decode_text(path, bytes)
}

/// The text of a file's bytes as [`read_text`] gives it, or why it is not fit to publish.
pub fn decode_text(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text = front_matter::normalise(text);
            match first_forbidden_control(&text) {
                None => Ok(text),
                Some((offset, c)) => {
                    let (line, column) = line_column(&text, offset);
                    Err(Diagnostic::error(
                        path.to_path_buf(),
                        format!(
                            "the file contains the invisible control character U+{:04X}, which \
                             no web page may carry",
                            u32::from(c)
                        ),
                    )
                    .at(line, column)
                    .hint(
                        "delete it: it usually comes from text pasted out of a PDF or a word \
                         processor",
                    ))
                }
            }
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(&e.into_bytes()[..offset]).into_owned();
            let (line, column) = line_column(&text, offset);
            Err(
                Diagnostic::error(path.to_path_buf(), "the file is not valid UTF-8")
                    .at(line, column)
                    .hint("save the file as UTF-8"),
            )
        }
    }
}

/// The first control character other than tab, line ends and form feed, and its offset:
/// HTML forbids them (NUL worst of all), and C1 controls in UTF-8 text are the sign of a
/// botched conversion from a Windows code page.
///
/// Read byte by byte, not character by character (which took 3% of a build's CPU): C0
/// controls and DEL are single bytes, and a C1 control (U+0080–U+009F) is 0xC2 followed by
/// 0x80–0x9F, a pair no other character's encoding contains.
///
/// Blocks of 32 bytes that hold none of those bytes (nor a tab, a carriage return or a form
/// feed) are passed over with a test the compiler turns into vector instructions; only the
/// rare block that does is read byte by byte.
fn first_forbidden_control(text: &str) -> Option<(usize, char)> {
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    let suspect = |b: u8| (b < 0x20 && b != b'\n') | (b == 0x7f) | (b == 0xc2);
    let forbidden_at = |i: usize| {
        let b = bytes[i];
        let c0 = (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f;
        let c1 = b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n));
        c0 || c1
    };
    let at = bytes
        .chunks(BLOCK)
        .enumerate()
        .filter(|(_, block)| block.iter().fold(false, |any, &b| any | suspect(b)))
        .find_map(|(n, block)| (n * BLOCK..n * BLOCK + block.len()).find(|&i| forbidden_at(i)))?;
    Some((at, text[at..].chars().next().unwrap_or_default()))
}

fn io_error(path: &Path, err: &std::io::Error) -> Diagnostic {
    let hint = match err.kind() {
        std::io::ErrorKind::NotFound => "create it, or check the folder name",
        std::io::ErrorKind::PermissionDenied => "make it readable by the user running plenary",
        _ => "check that the file can be read",
    };
    Diagnostic::error(path.to_path_buf(), format!("cannot read: {err}")).hint(hint)
}

#[derive(PartialEq, Eq)]
pub(super) enum EntryKind {
    File,
    Dir,
}

pub(super) struct Entry {
    pub(super) name: String,
    pub(super) path: PathBuf,
    pub(super) kind: EntryKind,
}

pub(super) struct Loader<'a> {
    canonical_root: PathBuf,
    pub(super) config: &'a Config,
    pub(super) diagnostics: Diagnostics,
    /// Meetings (`m`) and documents (`m/doc`) whose folder exists but failed to load: links
    /// into them are not reported as broken, so one bad file does not bury its own error.
    pub(super) unloaded: BTreeSet<String>,
    /// Topics site.toml does not name: how many documents use each, and the first place.
    unnamed_topics: BTreeMap<String, (usize, Diagnostic)>,
}

impl<'a> Loader<'a> {
    /// A loader for one part of the site, to run beside others; see [`Loader::join`].
    fn fork(&self) -> Loader<'a> {
        Loader {
            canonical_root: self.canonical_root.clone(),
            config: self.config,
            diagnostics: Diagnostics::default(),
            unloaded: BTreeSet::new(),
            unnamed_topics: BTreeMap::new(),
        }
    }

    /// Take over what a forked loader found.
    fn join(&mut self, other: Loader<'a>) {
        self.diagnostics.extend(other.diagnostics.into_sorted());
        self.unloaded.extend(other.unloaded);
        // Joined in folder order: the first place seen stays the first.
        for (topic, (count, first)) in other.unnamed_topics {
            self.unnamed_topics
                .entry(topic)
                .and_modify(|(total, _)| *total += count)
                .or_insert((count, first));
        }
    }

    /// One warning per topic site.toml does not name, at its first use, with the count: a
    /// corpus of 10,000 documents on a dozen topics is a dozen warnings, not 15,000.
    fn unnamed_topic_warnings(&mut self) {
        for (topic, (count, first)) in std::mem::take(&mut self.unnamed_topics) {
            let documents = if count == 1 {
                "1 document uses it".to_string()
            } else {
                format!("{count} documents use it, the first here")
            };
            let message = format!(
                "topic `{topic}` has no name in site.toml ({documents}): its pages show `{}`",
                topic_fallback_name(&topic)
            );
            self.diagnostics.push(Diagnostic { message, ..first });
        }
    }

    /// The entries of `dir`, sorted by name, hidden files skipped. A symlink is followed only
    /// if it stays inside the site; one that leads out is an error and is left out.
    pub(super) fn list(&mut self, dir: &Path) -> Vec<Entry> {
        let mut entries = Vec::new();
        for item in WalkDir::new(dir)
            .min_depth(1)
            .max_depth(1)
            .sort_by_file_name()
        {
            let item = match item {
                Ok(item) => item,
                Err(e) => {
                    let path = e.path().unwrap_or(dir).to_path_buf();
                    self.diagnostics
                        .push(Diagnostic::error(path, format!("cannot read: {e}")));
                    continue;
                }
            };
            let Some(name) = item.file_name().to_str().map(str::to_string) else {
                self.diagnostics.push(
                    Diagnostic::error(
                        item.path().to_path_buf(),
                        "the file name is not valid UTF-8",
                    )
                    .hint("rename it using UTF-8 characters"),
                );
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            let path = item.path().to_path_buf();
            let kind = if item.path_is_symlink() {
                match path.canonicalize() {
                    Ok(target) if target.starts_with(&self.canonical_root) => {
                        if target.is_dir() {
                            EntryKind::Dir
                        } else {
                            EntryKind::File
                        }
                    }
                    Ok(_) => {
                        self.diagnostics.push(
                            Diagnostic::error(path, "this symlink leads outside the site folder")
                                .hint("copy the file into the site instead of linking to it"),
                        );
                        continue;
                    }
                    Err(e) => {
                        self.diagnostics.push(
                            Diagnostic::error(path, format!("broken symlink: {e}"))
                                .hint("remove it or fix its target"),
                        );
                        continue;
                    }
                }
            } else if item.file_type().is_dir() {
                EntryKind::Dir
            } else {
                EntryKind::File
            };
            entries.push(Entry { name, path, kind });
        }
        entries
    }

    pub(super) fn unexpected_file(&mut self, path: &Path, hint: &str) {
        self.diagnostics
            .push(Diagnostic::error(path.to_path_buf(), "unexpected file").hint(hint));
    }

    /// Whether `lang` (from a file name in `path`) is a site language; reports it if not.
    pub(super) fn known_language(&mut self, path: &Path, lang: &str) -> bool {
        if self.config.is_language(lang) {
            return true;
        }
        self.diagnostics.push(
            Diagnostic::error(
                path.to_path_buf(),
                format!("language `{lang}` is not one of the site's languages"),
            )
            .hint(format!(
                "site.toml lists: {}",
                config::names(self.config.languages.iter())
            )),
        );
        false
    }

    pub(super) fn check_slug(&mut self, path: &Path, name: &str, what: &str) -> bool {
        if is_slug(name) {
            return true;
        }
        self.diagnostics.push(
            Diagnostic::error(
                path.to_path_buf(),
                format!("{what} folder name `{name}` is not a lowercase slug"),
            )
            .hint("folder names become URLs: use lowercase letters a-z, digits, '-' and '_' only"),
        );
        false
    }

    pub(super) fn check_languages(&mut self, path: &Path, text: &Localized) {
        for lang in text.languages() {
            if !self.config.is_language(lang) {
                self.diagnostics.push(
                    Diagnostic::error(
                        path.to_path_buf(),
                        format!("text given in language `{lang}`, which the site does not publish"),
                    )
                    .hint(format!(
                        "site.toml lists: {}",
                        config::names(self.config.languages.iter())
                    )),
                );
            }
        }
    }

    pub(super) fn localized(&mut self, path: &Path, raw: Option<RawLocalized>) -> Localized {
        let text = raw.map(Localized::from_raw).unwrap_or_default();
        self.check_languages(path, &text);
        text
    }

    pub(super) fn date(
        &mut self,
        path: &Path,
        source: &str,
        value: &Spanned<Datetime>,
        what: &str,
    ) -> Option<Date> {
        let datetime = value.get_ref();
        let at = |message: String| {
            let (line, column) = line_column(source, value.span().start);
            Diagnostic::error(path.to_path_buf(), message).at(line, column)
        };
        match (&datetime.date, &datetime.time, &datetime.offset) {
            (Some(d), None, None) => match Date::new(d.year as i16, d.month as i8, d.day as i8) {
                Ok(date) => Some(date),
                Err(e) => {
                    self.diagnostics
                        .push(at(format!("{what} `{datetime}` is not a date: {e}")));
                    None
                }
            },
            _ => {
                self.diagnostics.push(
                    at(format!("{what} `{datetime}` must be a plain date"))
                        .hint("write it as YYYY-MM-DD; times come from the meeting's time zone"),
                );
                None
            }
        }
    }

    pub(super) fn meeting(&mut self, dir: &Path, id: &str) -> Option<(Meeting, Vec<Document>)> {
        if !self.check_slug(dir, id, "meeting") {
            return None;
        }
        let path = dir.join("meeting.toml");
        let source = match read_text(&path) {
            Ok(source) => source,
            Err(d) => {
                self.diagnostics.push(d.hint(
                    "each meeting folder needs a meeting.toml with name, start, end and timezone",
                ));
                return None;
            }
        };
        let raw: RawMeeting = match toml::from_str(&source) {
            Ok(raw) => raw,
            Err(e) => {
                self.diagnostics
                    .push(Diagnostic::from_toml(&path, &source, &e, 0));
                return None;
            }
        };
        let start = self.date(&path, &source, &raw.start, "start");
        let end = self.date(&path, &source, &raw.end, "end");
        let public_from = match &raw.public_from {
            Some(value) => Some(self.date(&path, &source, value, "public_from")?),
            None => None,
        };
        let timezone = match TimeZone::get(raw.timezone.get_ref()) {
            Ok(tz) => Some(tz),
            Err(_) => {
                let (line, column) = line_column(&source, raw.timezone.span().start);
                self.diagnostics.push(
                    Diagnostic::error(path.clone(), format!("unknown time zone `{}`", raw.timezone.get_ref()))
                        .at(line, column)
                        .hint("use an IANA time zone name such as \"Europe/Paris\" or \"America/Puerto_Rico\""),
                );
                None
            }
        };
        let name = self.localized(&path, Some(raw.name));
        let location = self.localized(&path, raw.location);
        let (start, end, timezone) = (start?, end?, timezone?);
        if end < start {
            let (line, column) = line_column(&source, raw.end.span().start);
            self.diagnostics.push(
                Diagnostic::error(
                    path.clone(),
                    format!("the meeting ends ({end}) before it starts ({start})"),
                )
                .at(line, column)
                .hint("swap `start` and `end`"),
            );
            return None;
        }
        let meeting = Meeting {
            id: id.to_string(),
            name,
            location,
            start,
            end,
            timezone_name: raw.timezone.into_inner(),
            timezone,
            public_from,
        };

        let mut documents = Vec::new();
        for entry in self.list(dir) {
            match entry.kind {
                EntryKind::Dir => match self.document(&meeting, &entry.path, &entry.name) {
                    Some(document) => documents.push(document),
                    None => {
                        self.unloaded.insert(format!("{id}/{}", entry.name));
                    }
                },
                EntryKind::File if entry.name == "meeting.toml" => {}
                EntryKind::File => self.unexpected_file(
                    &entry.path,
                    "a meeting folder holds meeting.toml and one folder per document",
                ),
            }
        }
        Some((meeting, documents))
    }

    pub(super) fn release_entries(
        &mut self,
        path: &Path,
        source: &str,
        entries: &[Spanned<String>],
    ) -> Vec<ReleaseEntry> {
        let mut parsed = Vec::new();
        for entry in entries {
            let (line, column) = line_column(source, entry.span().start);
            match ReleaseEntry::parse(entry.get_ref()) {
                Ok(e) if self.config.audiences.contains_key(&e.audience) => parsed.push(e),
                Ok(e) => self.diagnostics.push(
                    Diagnostic::error(
                        path.to_path_buf(),
                        format!(
                            "release entry `{}` names audience `{}`, which is not defined",
                            entry.get_ref(),
                            e.audience
                        ),
                    )
                    .at(line, column)
                    .hint(format!(
                        "audiences in site.toml are: {}",
                        config::names(self.config.audiences.keys())
                    )),
                ),
                Err(message) => self.diagnostics.push(
                    Diagnostic::error(path.to_path_buf(), message)
                        .at(line, column)
                        .hint(ReleaseEntry::HINT),
                ),
            }
        }
        parsed
    }

    pub(super) fn document(
        &mut self,
        meeting: &Meeting,
        dir: &Path,
        slug: &str,
    ) -> Option<Document> {
        if !self.check_slug(dir, slug, "document") {
            return None;
        }
        let path = dir.join("document.toml");
        let source = match read_text(&path) {
            Ok(source) => source,
            Err(d) => {
                self.diagnostics.push(
                    d.hint("each document folder needs a document.toml with kind and [[versions]]"),
                );
                return None;
            }
        };
        let raw: RawDocument = match toml::from_str(&source) {
            Ok(raw) => raw,
            Err(e) => {
                self.diagnostics
                    .push(Diagnostic::from_toml(&path, &source, &e, 0));
                return None;
            }
        };
        let located = |span: std::ops::Range<usize>, message: String| {
            let (line, column) = line_column(&source, span.start);
            Diagnostic::error(path.clone(), message).at(line, column)
        };

        let kind = raw.kind.get_ref().clone();
        if !is_slug(&kind) {
            self.diagnostics.push(
                located(
                    raw.kind.span(),
                    format!("kind `{kind}` is not a lowercase word"),
                )
                .hint("e.g. briefing, transcript, summary, agenda, presentation"),
            );
        }
        let release = match &raw.release {
            Some(entries) => self.release_entries(&path, &source, entries),
            None => match self.config.release.get(&kind) {
                Some(entries) => entries.clone(),
                None => {
                    // Fail closed: a kind nobody said how to release is never guessed open.
                    self.diagnostics.push(
                        located(raw.kind.span(), format!("documents of kind `{kind}` have no release stages"))
                            .hint(format!("add `{kind} = [\"members:on-issue\", \"public:after-meeting\"]` (or the stages you want) under [release] in site.toml, or `release = [...]` to this document.toml")),
                    );
                    Vec::new()
                }
            },
        };
        let mut topics = Vec::new();
        for topic in &raw.topics {
            if is_slug(topic.get_ref()) {
                if !self.config.topics.contains_key(topic.get_ref()) {
                    let (line, column) = line_column(&source, topic.span().start);
                    let place = Diagnostic::warning(path.clone(), String::new())
                        .at(line, column)
                        .hint(format!("name it under [topics] in site.toml, in each language: {} = {{ en = \"…\", fr = \"…\" }}", topic.get_ref()));
                    self.unnamed_topics
                        .entry(topic.get_ref().clone())
                        .and_modify(|(count, _)| *count += 1)
                        .or_insert((1, place));
                }
                topics.push(topic.get_ref().clone());
            } else {
                self.diagnostics.push(
                    located(
                        topic.span(),
                        format!("topic `{}` is not a lowercase slug", topic.get_ref()),
                    )
                    .hint("topics become URLs: use a-z, 0-9 and '-'"),
                );
            }
        }
        topics.sort();
        topics.dedup();

        let mut versions: BTreeMap<u32, (Version, std::ops::Range<usize>)> = BTreeMap::new();
        if raw.versions.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(path.clone(), "the document has no [[versions]]")
                    .hint("add [[versions]] with `number = 1` and `date = YYYY-MM-DD`"),
            );
        }
        for entry in raw.versions {
            let span = entry.span();
            let raw_version = entry.into_inner();
            let number = *raw_version.number.get_ref();
            let date = self.date(&path, &source, &raw_version.date, "version date");
            // Written over several lines of a TOML string, Chinese keeps no line ends (see
            // markdown::wide); the note is then the same text everywhere it is read.
            let note = self
                .localized(&path, raw_version.note)
                .map_text(|t| markdown::wide::join_lines(t).into_owned());
            let Ok(number) = u32::try_from(number).map_err(|_| ()).and_then(|n| {
                if n == 0 {
                    Err(())
                } else {
                    Ok(n)
                }
            }) else {
                self.diagnostics.push(
                    located(
                        raw_version.number.span(),
                        format!("version number {number} is not a positive whole number"),
                    )
                    .hint("number versions 1, 2, 3…"),
                );
                continue;
            };
            if versions.contains_key(&number) {
                self.diagnostics.push(
                    located(
                        raw_version.number.span(),
                        format!("version {number} is listed twice"),
                    )
                    .hint("give each [[versions]] entry its own number"),
                );
                continue;
            }
            if let Some(date) = date {
                versions.insert(
                    number,
                    (
                        Version {
                            number,
                            date,
                            note,
                            translations: BTreeMap::new(),
                        },
                        span,
                    ),
                );
            }
        }
        let mut previous: Option<(u32, Date)> = None;
        for (number, (version, span)) in &versions {
            if let Some((before, date)) = previous {
                if version.date < date {
                    self.diagnostics.push(
                        located(
                            span.clone(),
                            format!(
                                "version {number} is dated {} , before version {before} ({date})",
                                version.date
                            )
                            .replace(" ,", ","),
                        )
                        .hint(
                            "versions are numbered in the order they were issued; check the dates",
                        ),
                    );
                }
            }
            previous = Some((*number, version.date));
        }

        let mut attachments = Vec::new();
        let mut named: Vec<(String, PathBuf)> = Vec::new();
        for entry in self.list(dir) {
            if let EntryKind::Dir = entry.kind {
                self.diagnostics.push(
                    Diagnostic::error(entry.path, "unexpected folder inside a document folder")
                        .hint("keep attachments directly in the document folder"),
                );
                continue;
            }
            if entry.name == "document.toml" {
                continue;
            }
            if !entry.name.ends_with(".md") {
                named.push((entry.name.clone(), entry.path.clone()));
                if let Some(refused) = super::attachments::check(&entry.path, &entry.name) {
                    self.diagnostics.push(refused);
                    continue;
                }
                let size = fs::metadata(&entry.path).map(|m| m.len()).unwrap_or(0);
                attachments.push(Attachment {
                    name: entry.name,
                    path: entry.path,
                    size,
                });
                continue;
            }
            let Some((number, lang)) = parse_version_file_name(&entry.name) else {
                self.diagnostics.push(
                    Diagnostic::error(
                        entry.path,
                        "this Markdown file is not named like a version file",
                    )
                    .hint("name version files v{N}.{lang}.md, e.g. v1.en.md or v2.fr.md"),
                );
                continue;
            };
            if !self.known_language(&entry.path, lang) {
                continue;
            }
            let Some((version, _)) = versions.get_mut(&number) else {
                self.diagnostics.push(
                    Diagnostic::error(entry.path, format!("there is no [[versions]] entry with number = {number} in document.toml"))
                        .hint(format!("add [[versions]] number = {number} with its date to document.toml, or rename the file")),
                );
                continue;
            };
            if let Some(translation) = self.translation(&entry.path, lang, kind == TRANSCRIPT) {
                version
                    .translations
                    .insert(lang.to_string(), Arc::new(translation));
            }
        }
        self.diagnostics
            .extend(super::attachments::check_siblings(&named));

        let default_language = &self.config.default_language;
        for (number, (version, span)) in &versions {
            if version.translations.is_empty() {
                self.diagnostics.push(
                    located(span.clone(), format!("version {number} has no file"))
                        .hint(format!("add v{number}.{default_language}.md to the document folder, or remove this [[versions]] entry")),
                );
            } else if !version.translations.contains_key(default_language) {
                self.diagnostics.push(
                    located(span.clone(), format!("version {number} has no {default_language} file (the site's default language)"))
                        .hint(format!("add v{number}.{default_language}.md; every other language falls back to it")),
                );
            }
        }

        let meta = DocumentMeta {
            meeting: meeting.id.clone(),
            slug: slug.to_string(),
            kind,
            session: raw.session.unwrap_or_default(),
            topics,
            release,
        };
        Some(Document {
            meta,
            versions: versions.into_values().map(|(v, _)| v).collect(),
            attachments,
        })
    }

    pub(super) fn translation(
        &mut self,
        path: &Path,
        lang: &str,
        transcript: bool,
    ) -> Option<Translation> {
        self.markdown_file::<VersionFrontMatter>(path, lang, transcript)
            .map(|(_, translation)| translation)
    }

    /// Read a Markdown file whose front matter is a `T`: the front matter and the text it
    /// holds, parsed once for its outline and its HTML (a transcript's with turns marked).
    pub(super) fn markdown_file<T: FrontMatter>(
        &mut self,
        path: &Path,
        lang: &str,
        transcript: bool,
    ) -> Option<(T, Translation)> {
        let text = read_text(path).map_err(|d| self.diagnostics.push(d)).ok()?;
        let split = front_matter::split(path, &text)
            .map_err(|d| self.diagnostics.push(d))
            .ok()?;
        let front: T = front_matter::parse(path, &split)
            .map_err(|d| self.diagnostics.push(d))
            .ok()?;
        if front.title().trim().is_empty() {
            self.diagnostics.push(
                Diagnostic::error(path.to_path_buf(), "the title is empty")
                    .at_line(split.front_matter_line)
                    .hint("give it a title in this language"),
            );
        }
        // The body is the end of the text: the front matter is cut off in place rather than
        // the body copied into fresh memory (the copy was 1% of a build's CPU time).
        let (body_start, body_line) = (text.len() - split.body.len(), split.body_line);
        let mentions_line = key_line(&split, "mentions");
        let mut body = text;
        body.drain(..body_start);
        let (outline, prepared) = markdown::outline_and_prepare(&body, transcript);
        let translation = Translation {
            lang: lang.to_string(),
            path: path.to_path_buf(),
            title: front.title().trim().to_string(),
            summary: front
                .summary()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| markdown::wide::join_lines(s).into_owned()),
            mentions: front.mentions().to_vec(),
            mentions_line,
            outline,
            body,
            body_line,
            prepared,
            rendered: markdown::Memo::default(),
        };
        Some((front, translation))
    }
}

/// The line of the front matter where `key` is set, or its first line.
fn key_line(split: &front_matter::Split<'_>, key: &str) -> usize {
    split
        .front_matter
        .lines()
        .position(|line| {
            line.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(split.front_matter_line, |at| split.front_matter_line + at)
}

/// `v2.fr.md` → `(2, "fr")`.
pub fn parse_version_file_name(name: &str) -> Option<(u32, &str)> {
    let stem = name.strip_suffix(".md")?;
    let (version, lang) = stem.split_once('.')?;
    let number = version.strip_prefix('v')?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) || number.starts_with('0') {
        return None;
    }
    Some((number.parse().ok()?, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_controls_are_found_byte_by_byte_as_unicode_defines_them() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("aé{c}中b\u{9f}");
            let forbidden = c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}');
            let expected = if forbidden {
                (3, c)
            } else {
                (3 + c.len_utf8() + 3 + 1, '\u{9f}')
            };
            assert_eq!(
                first_forbidden_control(&text),
                Some(expected),
                "U+{:04X}",
                c as u32
            );
        }
        assert_eq!(first_forbidden_control("plain\ttext\r\n\u{c}"), None);
    }

    #[test]
    fn forbidden_controls_are_found_wherever_they_fall_in_a_block() {
        for offset in 0..100 {
            for c in ['\u{0}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}'] {
                let text = format!(
                    "{}{c}\tend\u{a0}",
                    "x\n".repeat(offset / 2) + &"y".repeat(offset % 2)
                );
                assert_eq!(
                    first_forbidden_control(&text),
                    Some((offset, c)),
                    "{offset} {c:?}"
                );
            }
            let clean = format!("{}\t\r\n\u{c}\u{a0}«é»\u{2028}", "z".repeat(offset));
            assert_eq!(first_forbidden_control(&clean), None, "{offset}");
        }
    }

    #[test]
    fn version_file_names() {
        assert_eq!(parse_version_file_name("v1.en.md"), Some((1, "en")));
        assert_eq!(parse_version_file_name("v12.pt-BR.md"), Some((12, "pt-BR")));
        assert_eq!(parse_version_file_name("v01.en.md"), None);
        assert_eq!(parse_version_file_name("notes.md"), None);
        assert_eq!(parse_version_file_name("v1.md"), None);
    }
}
