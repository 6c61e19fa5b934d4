//! Reading `site-content/` into a [`Site`], strictly.
//!
//! In: the content folder. Out: a validated [`Site`] and warnings, or every error found.
//! Site-wide problems (no folder, a broken `site.toml`) stop at once; problems in meetings,
//! documents and pages are collected so one run reports them all. Nothing outside the
//! content folder is read: symlinks that lead out are errors.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;
use toml::value::Datetime;
use toml::Spanned;
use walkdir::WalkDir;

use super::front_matter::{self, FrontMatter};
use super::model::{Site, Translation};
use super::text_file::{io_error, read_text};
use crate::config::{self, is_slug, Config};
use crate::support::error::{line_column, Diagnostic, Diagnostics, Failure};
use crate::support::language::{Localized, RawLocalized};
use crate::support::markdown;

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
    crate::support::language::capitalised(&slug.replace('-', " "))
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
    pub(super) unnamed_topics: BTreeMap<String, (usize, Diagnostic)>,
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
