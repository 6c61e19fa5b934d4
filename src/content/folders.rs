//! Reading one meeting folder: its `meeting.toml`, then each document folder in it — the
//! `document.toml` (kind, release stages, topics, `[[versions]]`), the version files
//! `v{N}.{lang}.md` and the attachments beside them.

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use toml::Spanned;

use super::front_matter::VersionFrontMatter;
use super::load::{EntryKind, Loader};
use super::model::{Attachment, Document, DocumentMeta, Meeting, Translation, Version, TRANSCRIPT};
use super::raw::{RawDocument, RawMeeting, RawVersion};
use super::text_file::read_text;
use crate::config::{self, is_slug, ReleaseEntry};
use crate::support::error::{line_column, Diagnostic};
use crate::support::markdown;

/// A document's versions by number, each with the span of its `[[versions]]` entry.
type Versions = BTreeMap<u32, (Version, Range<usize>)>;

/// Where a document's errors point: its `document.toml` and that file's text.
struct Source<'s> {
    path: &'s Path,
    text: &'s str,
}

impl Source<'_> {
    fn error(&self, span: Range<usize>, message: String) -> Diagnostic {
        let (line, column) = line_column(self.text, span.start);
        Diagnostic::error(self.path.to_path_buf(), message).at(line, column)
    }
}

impl Loader<'_> {
    pub(super) fn meeting(&mut self, dir: &Path, id: &str) -> Option<(Meeting, Vec<Document>)> {
        if !self.check_slug(dir, id, "meeting") {
            return None;
        }
        let path = dir.join("meeting.toml");
        let (source, raw): (String, RawMeeting) = self.toml_file(
            &path,
            "each meeting folder needs a meeting.toml with name, start, end and timezone",
        )?;
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
        let sessions = self.sessions(&path, &source, (start, end), raw.sessions)?;
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
            sessions,
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
        let (text, raw): (String, RawDocument) = self.toml_file(
            &path,
            "each document folder needs a document.toml with kind and [[versions]]",
        )?;
        let source = Source {
            path: &path,
            text: &text,
        };
        let kind = raw.kind.get_ref().clone();
        if !is_slug(&kind) {
            self.diagnostics.push(
                source
                    .error(
                        raw.kind.span(),
                        format!("kind `{kind}` is not a lowercase word"),
                    )
                    .hint("e.g. briefing, transcript, summary, agenda, presentation"),
            );
        }
        let release = self.release_of(&source, &raw);
        let session = self.session_of(source.path, source.text, meeting, raw.session.as_ref());
        let topics = self.topics(&source, &raw.topics);
        let mut versions = self.versions(&source, raw.versions);
        let attachments = self.document_files(dir, &mut versions, kind == TRANSCRIPT);
        self.check_default_language(&source, &versions);

        let meta = DocumentMeta {
            meeting: meeting.id.clone(),
            slug: slug.to_string(),
            kind,
            session,
            topics,
            release,
        };
        Some(Document {
            meta,
            versions: versions.into_values().map(|(v, _)| v).collect(),
            attachments,
        })
    }

    /// A TOML file read and parsed, with its text for locating later errors; a file that
    /// cannot be read gets `hint`, one that does not parse, toml's own message and place.
    fn toml_file<T: serde::de::DeserializeOwned>(
        &mut self,
        path: &Path,
        hint: &str,
    ) -> Option<(String, T)> {
        let text = read_text(path)
            .map_err(|d| self.diagnostics.push(d.hint(hint)))
            .ok()?;
        let raw = toml::from_str(&text)
            .map_err(|e| {
                self.diagnostics
                    .push(Diagnostic::from_toml(path, &text, &e, 0))
            })
            .ok()?;
        Some((text, raw))
    }

    /// The document's own `release = [...]`, or else its kind's stages from site.toml.
    fn release_of(&mut self, source: &Source<'_>, raw: &RawDocument) -> Vec<ReleaseEntry> {
        let kind = raw.kind.get_ref();
        match &raw.release {
            Some(entries) => self.release_entries(source.path, source.text, entries),
            None => match self.config.release.get(kind) {
                Some(entries) => entries.clone(),
                None => {
                    // Fail closed: a kind nobody said how to release is never guessed open.
                    self.diagnostics.push(
                        source.error(raw.kind.span(), format!("documents of kind `{kind}` have no release stages"))
                            .hint(format!("add `{kind} = [\"members:on-issue\", \"public:after-meeting\"]` (or the stages you want) under [release] in site.toml, or `release = [...]` to this document.toml")),
                    );
                    Vec::new()
                }
            },
        }
    }

    /// The document's topics, sorted, each a slug; topics site.toml does not name are
    /// counted for one warning each (see `unnamed_topic_warnings`).
    fn topics(&mut self, source: &Source<'_>, raw: &[Spanned<String>]) -> Vec<String> {
        let mut topics = Vec::new();
        for topic in raw {
            if is_slug(topic.get_ref()) {
                if !self.config.topics.contains_key(topic.get_ref()) {
                    let (line, column) = line_column(source.text, topic.span().start);
                    let place = Diagnostic::warning(source.path.to_path_buf(), String::new())
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
                    source
                        .error(
                            topic.span(),
                            format!("topic `{}` is not a lowercase slug", topic.get_ref()),
                        )
                        .hint("topics become URLs: use a-z, 0-9 and '-'"),
                );
            }
        }
        topics.sort();
        topics.dedup();
        topics
    }

    /// The `[[versions]]` entries, numbered 1, 2, 3… and dated in that order.
    fn versions(&mut self, source: &Source<'_>, raw: Vec<Spanned<RawVersion>>) -> Versions {
        let mut versions = Versions::new();
        if raw.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(
                    source.path.to_path_buf(),
                    "the document has no [[versions]]",
                )
                .hint("add [[versions]] with `number = 1` and `date = YYYY-MM-DD`"),
            );
        }
        for entry in raw {
            let span = entry.span();
            let raw_version = entry.into_inner();
            let number = *raw_version.number.get_ref();
            let date = self.date(source.path, source.text, &raw_version.date, "version date");
            // Written over several lines of a TOML string, Chinese keeps no line ends (see
            // markdown::wide); the note is then the same text everywhere it is read.
            let note = self
                .localized(source.path, raw_version.note)
                .map_text(|t| markdown::wide::join_lines(t).into_owned());
            let Ok(number) = u32::try_from(number).map_err(|_| ()).and_then(|n| {
                if n == 0 {
                    Err(())
                } else {
                    Ok(n)
                }
            }) else {
                self.diagnostics.push(
                    source
                        .error(
                            raw_version.number.span(),
                            format!("version number {number} is not a positive whole number"),
                        )
                        .hint("number versions 1, 2, 3…"),
                );
                continue;
            };
            if versions.contains_key(&number) {
                self.diagnostics.push(
                    source
                        .error(
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
        self.check_version_order(source, &versions);
        versions
    }

    fn check_version_order(&mut self, source: &Source<'_>, versions: &Versions) {
        let mut previous: Option<(u32, Date)> = None;
        for (number, (version, span)) in versions {
            if let Some((before, date)) = previous {
                if version.date < date {
                    self.diagnostics.push(
                        source
                            .error(
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
    }

    /// The files of a document folder: each version file read into its version, the
    /// attachments (those fit to publish) returned.
    fn document_files(
        &mut self,
        dir: &Path,
        versions: &mut Versions,
        transcript: bool,
    ) -> Vec<Attachment> {
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
            if let Some(translation) = self.translation(&entry.path, lang, transcript) {
                version
                    .translations
                    .insert(lang.to_string(), Arc::new(translation));
            }
        }
        self.diagnostics
            .extend(super::attachments::check_siblings(&named));
        attachments
    }

    /// Every version has a file, and one in the site's default language.
    fn check_default_language(&mut self, source: &Source<'_>, versions: &Versions) {
        let default_language = &self.config.default_language;
        for (number, (version, span)) in versions {
            if version.translations.is_empty() {
                self.diagnostics.push(
                    source.error(span.clone(), format!("version {number} has no file"))
                        .hint(format!("add v{number}.{default_language}.md to the document folder, or remove this [[versions]] entry")),
                );
            } else if !version.translations.contains_key(default_language) {
                self.diagnostics.push(
                    source.error(span.clone(), format!("version {number} has no {default_language} file (the site's default language)"))
                        .hint(format!("add v{number}.{default_language}.md; every other language falls back to it")),
                );
            }
        }
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
    fn version_file_names() {
        assert_eq!(parse_version_file_name("v1.en.md"), Some((1, "en")));
        assert_eq!(parse_version_file_name("v12.pt-BR.md"), Some((12, "pt-BR")));
        assert_eq!(parse_version_file_name("v01.en.md"), None);
        assert_eq!(parse_version_file_name("notes.md"), None);
        assert_eq!(parse_version_file_name("v1.md"), None);
    }
}
