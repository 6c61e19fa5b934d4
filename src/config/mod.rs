//! `site.toml`: raw serde structs that mirror the file, and the validated [`Config`].
//!
//! The raw structs refuse unknown keys so a misspelt setting is an error, not a silent
//! default. Validation turns strings into checked language codes, audiences and release
//! entries, and reports every problem with its line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::support::error::{line_column, Diagnostic, Diagnostics};
use crate::support::language::{self, Localized, RawLocalized};

mod release_entry;
pub use release_entry::{ReleaseEntry, When};

/// `site.toml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    /// Site title, per language.
    title: RawLocalized,
    /// The language pages fall back to; must be one of `languages`.
    default_language: Spanned<String>,
    /// Every language the site is published in.
    languages: Vec<Spanned<String>>,
    /// Theme name (a folder under `themes/` beside the site) or a path.
    #[serde(default)]
    theme: Option<String>,
    /// Audiences by name; each gets its own build.
    audiences: BTreeMap<String, RawAudience>,
    /// Default release entries per document kind.
    #[serde(default)]
    release: BTreeMap<String, Vec<Spanned<String>>>,
    /// Display names of topic slugs, per language.
    #[serde(default)]
    topics: BTreeMap<String, RawLocalized>,
    /// Minify every HTML page (off by default, as in Hugo and Zola: see [`Config::minify`]).
    #[serde(default)]
    minify: bool,
    /// Build the search index and search page (on by default: see [`Config::search`]).
    #[serde(default = "yes")]
    search: bool,
    /// Build each meeting's briefing pack and its ZIP (on by default: see [`Config::packs`]).
    #[serde(default = "yes")]
    packs: bool,
    /// The leak guard's reviewed exceptions.
    #[serde(default)]
    guard: RawGuard,
}

/// `[guard]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGuard {
    /// Exact texts that are never evidence of a paste (see [`Config::guard_allow`]).
    #[serde(default)]
    allow: Vec<String>,
}

fn yes() -> bool {
    true
}

/// One `[audiences.NAME]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAudience {
    /// Absolute URL the audience's build is published at.
    base_url: Spanned<String>,
    /// Restricted builds carry a banner and `noindex`, and robots.txt disallows all.
    #[serde(default)]
    restricted: bool,
    /// Audiences whose releases this one also receives.
    #[serde(default)]
    sees: Vec<Spanned<String>>,
}

/// Validated site settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: Localized,
    pub default_language: String,
    /// In the order the site lists them; the default language first.
    pub languages: Vec<String>,
    pub theme: String,
    pub audiences: BTreeMap<String, Audience>,
    /// Default release entries per document kind.
    pub release: BTreeMap<String, Vec<ReleaseEntry>>,
    pub topics: BTreeMap<String, Localized>,
    /// Minify every HTML page with minify-html. Off by default: on the 10,000-document
    /// corpus it saves 4% of the bytes (2.8% once gzipped) and costs as much CPU as all the
    /// rest of rendering (BENCHMARKS.md).
    pub minify: bool,
    /// Build each audience's search index (Pagefind), search page and search box. On by
    /// default; on very large archives it is most of the build's time (BENCHMARKS.md), and
    /// a site may turn it off.
    pub search: bool,
    /// Build each meeting's briefing pack (one printable page per language, and its ZIP with
    /// the attachments). On by default; a pack holds every document of its meeting again, so
    /// on a large archive it about doubles the output and the build's time (BENCHMARKS.md),
    /// and a site may turn it off.
    pub packs: bool,
    /// `[guard] allow`: exact texts the source check never counts as pasted from a hidden
    /// document: boilerplate that every briefing shares (a standard disclaimer) before any
    /// visible document carries it. A reviewed list, shown by `plenary status`; there is no
    /// switch that turns the check off.
    pub guard_allow: Vec<String>,
}

/// One audience: who a build is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audience {
    pub name: String,
    pub base_url: String,
    pub restricted: bool,
    /// Audiences this one sees directly (not the transitive closure).
    pub sees: Vec<String>,
}

impl Audience {
    /// The path part of `base_url`, with a trailing slash: every URL in the build starts with it.
    pub fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
        let trimmed = path.trim_end_matches('/');
        format!("{trimmed}/")
    }

    /// `base_url` without a trailing slash, for absolute URLs (feeds, sitemap, canonical).
    pub fn origin_and_path(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }
}

impl Config {
    pub fn is_language(&self, code: &str) -> bool {
        self.languages.iter().any(|l| l == code)
    }
}

/// Parse and validate `site.toml` (its text is `source`).
pub fn parse(path: &Path, source: &str) -> Result<Config, Vec<Diagnostic>> {
    let raw: RawConfig =
        toml::from_str(source).map_err(|e| vec![Diagnostic::from_toml(path, source, &e, 0)])?;
    let mut checker = Checker {
        path,
        source,
        diagnostics: Diagnostics::default(),
    };
    let (languages, default_language) = checker.languages(&raw);
    let audiences = checker.audiences(&raw);
    let release = checker.release(&raw);
    let title = Localized::from_raw(raw.title);
    let mut topics = BTreeMap::new();
    for (slug, name) in raw.topics {
        topics.insert(slug, Localized::from_raw(name));
    }
    checker.texts_in(&languages, std::iter::once(&title).chain(topics.values()));

    if checker.diagnostics.has_errors() {
        return Err(checker.diagnostics.into_sorted());
    }
    Ok(Config {
        title,
        default_language,
        languages,
        theme: raw.theme.unwrap_or_else(|| "default".to_string()),
        audiences,
        release,
        topics,
        minify: raw.minify,
        search: raw.search,
        packs: raw.packs,
        guard_allow: raw
            .guard
            .allow
            .into_iter()
            .map(|text| text.trim().to_string())
            .filter(|text| !text.is_empty())
            .collect(),
    })
}

/// `site.toml` being checked, part by part, and what was found wrong so far.
struct Checker<'a> {
    path: &'a Path,
    source: &'a str,
    diagnostics: Diagnostics,
}

impl Checker<'_> {
    fn at(&self, span: std::ops::Range<usize>, message: String) -> Diagnostic {
        let (line, column) = line_column(self.source, span.start);
        Diagnostic::error(self.path.to_path_buf(), message).at(line, column)
    }

    /// The site's languages, the default first, and the default.
    fn languages(&mut self, raw: &RawConfig) -> (Vec<String>, String) {
        let mut languages: Vec<String> = Vec::new();
        for code in &raw.languages {
            if !language::is_valid_code(code.get_ref()) {
                let error = self.at(
                    code.span(),
                    format!("`{}` is not a language code", code.get_ref()),
                );
                self.diagnostics
                    .push(error.hint("use a lowercase code such as \"en\", \"ar\" or \"pt-BR\""));
            } else if languages.contains(code.get_ref()) {
                let error = self.at(
                    code.span(),
                    format!("language `{}` is listed twice", code.get_ref()),
                );
                self.diagnostics.push(error);
            } else {
                languages.push(code.get_ref().clone());
            }
        }
        if raw.languages.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(self.path.to_path_buf(), "`languages` is empty")
                    .hint("list at least the default language"),
            );
        }
        let default_language = raw.default_language.get_ref().clone();
        if !languages.contains(&default_language) {
            let error = self.at(
                raw.default_language.span(),
                format!("default language `{default_language}` is not in `languages`"),
            );
            self.diagnostics
                .push(error.hint("add it to `languages` or choose one of them"));
        } else {
            // The default language leads every list of languages.
            languages.retain(|l| l != &default_language);
            languages.insert(0, default_language.clone());
        }
        (languages, default_language)
    }

    fn audiences(&mut self, raw: &RawConfig) -> BTreeMap<String, Audience> {
        let mut audiences = BTreeMap::new();
        if raw.audiences.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(self.path.to_path_buf(), "no audiences are defined")
                    .hint("add at least `[audiences.public]` with a `base_url`"),
            );
        }
        for (name, audience) in &raw.audiences {
            if !is_slug(name) {
                self.diagnostics.push(
                    Diagnostic::error(
                        self.path.to_path_buf(),
                        format!("audience name `{name}` is not a lowercase slug"),
                    )
                    .hint("use lowercase letters, digits and '-' only"),
                );
            }
            let url = audience.base_url.get_ref();
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                let error = self.at(
                    audience.base_url.span(),
                    format!("base_url `{url}` of audience `{name}` is not an absolute http(s) URL"),
                );
                self.diagnostics
                    .push(error.hint("write it as \"https://example.org\""));
            }
            let sees = self.sees(raw, name, &audience.sees);
            audiences.insert(
                name.clone(),
                Audience {
                    name: name.clone(),
                    base_url: url.clone(),
                    restricted: audience.restricted,
                    sees,
                },
            );
        }
        audiences
    }

    /// The audiences `name` sees, each defined and none of them itself.
    fn sees(&mut self, raw: &RawConfig, name: &str, seen: &[Spanned<String>]) -> Vec<String> {
        let mut sees = Vec::new();
        for seen in seen {
            if !raw.audiences.contains_key(seen.get_ref()) {
                let error = self.at(
                    seen.span(),
                    format!(
                        "audience `{name}` sees `{}`, which is not an audience",
                        seen.get_ref()
                    ),
                );
                self.diagnostics.push(error.hint(format!(
                    "define it as [audiences.{}] or remove it",
                    seen.get_ref()
                )));
            } else if seen.get_ref() == name {
                let error = self.at(
                    seen.span(),
                    format!("audience `{name}` lists itself in `sees`"),
                );
                self.diagnostics.push(error);
            } else {
                sees.push(seen.get_ref().clone());
            }
        }
        sees
    }

    /// `[release]`: each kind's stages, naming defined audiences.
    fn release(&mut self, raw: &RawConfig) -> BTreeMap<String, Vec<ReleaseEntry>> {
        let mut release = BTreeMap::new();
        for (kind, entries) in &raw.release {
            let mut parsed = Vec::new();
            for entry in entries {
                match ReleaseEntry::parse(entry.get_ref()) {
                    Ok(e) if raw.audiences.contains_key(&e.audience) => parsed.push(e),
                    Ok(e) => {
                        let error = self.at(
                            entry.span(),
                            format!(
                                "release entry `{}` names audience `{}`, which is not defined",
                                entry.get_ref(),
                                e.audience
                            ),
                        );
                        self.diagnostics.push(
                            error.hint(format!("audiences are: {}", names(raw.audiences.keys()))),
                        );
                    }
                    Err(message) => {
                        let error = self.at(entry.span(), message);
                        self.diagnostics.push(error.hint(ReleaseEntry::HINT));
                    }
                }
            }
            release.insert(kind.clone(), parsed);
        }
        release
    }

    /// Texts (the title, topic names) are given only in the site's languages.
    fn texts_in<'t>(&mut self, languages: &[String], texts: impl Iterator<Item = &'t Localized>) {
        for text in texts {
            for lang in text.languages() {
                if !languages.iter().any(|l| l == lang) {
                    self.diagnostics.push(
                        Diagnostic::error(
                            self.path.to_path_buf(),
                            format!("text given in language `{lang}`, which is not in `languages`"),
                        )
                        .hint("add the language to `languages` or remove the text"),
                    );
                }
            }
        }
    }
}

/// Names for a hint, comma-separated.
pub fn names<'a>(items: impl Iterator<Item = &'a String>) -> String {
    items.map(String::as_str).collect::<Vec<_>>().join(", ")
}

/// Lowercase ASCII letters, digits, `-` and `_`: safe in a URL and a file name everywhere.
pub fn is_slug(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(['-', '.'])
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = r#"
title = { en = "Docs", fr = "Documents" }
default_language = "en"
languages = ["fr", "en"]

[audiences.public]
base_url = "https://example.org/gac/"

[audiences.members]
base_url = "https://members.example.org"
restricted = true
sees = ["public"]

[release]
briefing = ["members:on-issue", "public:after-meeting"]
"#;

    #[test]
    fn parses_the_example_and_puts_default_language_first() {
        let config = parse(Path::new("site.toml"), SITE).unwrap();
        assert_eq!(config.languages, ["en", "fr"]);
        assert_eq!(config.audiences["members"].sees, ["public"]);
        assert_eq!(config.audiences["public"].base_path(), "/gac/");
        assert_eq!(config.audiences["members"].base_path(), "/");
        assert_eq!(config.release["briefing"].len(), 2);
    }

    #[test]
    fn unknown_key_is_an_error_with_line() {
        let source = format!("colour = \"blue\"\n{SITE}");
        let errors = parse(Path::new("site.toml"), &source).unwrap_err();
        assert!(
            errors[0].message.contains("unknown field `colour`"),
            "{:?}",
            errors
        );
        assert_eq!(errors[0].line, Some(1));
    }

    #[test]
    fn unknown_audience_in_release_entry_is_an_error_on_its_line() {
        let source = SITE.replace("public:after-meeting", "press:after-meeting");
        let errors = parse(Path::new("site.toml"), &source).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("audience `press`"));
        assert_eq!(errors[0].line, Some(15));
    }
}
