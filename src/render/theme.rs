//! Themes: templates, static files and UI strings.
//!
//! A site names its theme in `site.toml`: a folder `themes/<name>/` beside the content
//! folder, or a path relative to the content folder. The default theme is also compiled into
//! the binary, so a site with no `themes/` folder still builds.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::i18n::{self, RawStrings};
use crate::support::error::{Diagnostic, Failure};

/// A theme's files, read into memory.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Where it came from, for messages ("built-in default theme" when embedded).
    pub origin: String,
    /// Template name (`document.html`) → source, with the path used in error messages.
    pub templates: Vec<(String, PathBuf, String)>,
    /// Path under `static/` → bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Language → UI strings.
    pub strings: BTreeMap<String, RawStrings>,
    /// Language → the file its strings came from.
    pub string_files: BTreeMap<String, PathBuf>,
}

macro_rules! embedded {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)))),*]
    };
}

/// The default theme's files, compiled in. `tests/output.rs` checks this list against the folder.
pub const DEFAULT_THEME_FILES: &[(&str, &[u8])] = embedded!(
    "templates/base.html",
    "templates/components.html",
    "templates/chooser.html",
    "templates/home.html",
    "templates/meetings.html",
    "templates/meeting.html",
    "templates/document.html",
    "templates/changes.html",
    "templates/coverage.html",
    "templates/search.html",
    "templates/topics.html",
    "templates/topic.html",
    "templates/page.html",
    "templates/404.html",
    "templates/pack.html",
    "static/style.css",
    "static/pack.css",
    "static/search.js",
    "static/chooser.js",
    "i18n/en.toml",
    "i18n/ar.toml",
    "i18n/es.toml",
    "i18n/fr.toml",
    "i18n/ru.toml",
    "i18n/zh.toml",
    "i18n/pt.toml",
);

/// Find and read the theme `name` for the site in `site_root`.
pub fn load(site_root: &Path, name: &str) -> Result<Theme, Failure> {
    let candidate = if name.contains('/') || name.contains('\\') {
        site_root.join(name)
    } else {
        site_root
            .parent()
            .unwrap_or(Path::new("."))
            .join("themes")
            .join(name)
    };
    if candidate.is_dir() {
        return from_folder(&candidate);
    }
    if name == "default" {
        return from_files(
            "built-in default theme",
            DEFAULT_THEME_FILES.iter().map(|(path, bytes)| {
                (
                    path.to_string(),
                    PathBuf::from(format!("themes/default/{path}")),
                    bytes.to_vec(),
                )
            }),
        );
    }
    Err(Failure::single(
        Diagnostic::error(
            site_root.join("site.toml"),
            format!("theme `{name}` not found at {}", candidate.display()),
        )
        .hint("create the theme folder, or set `theme = \"default\"` to use the built-in theme"),
    ))
}

fn from_folder(dir: &Path) -> Result<Theme, Failure> {
    let mut files = Vec::new();
    let canonical = dir.canonicalize().map_err(|e| {
        Failure::single(Diagnostic::error(
            dir.to_path_buf(),
            format!("cannot read the theme: {e}"),
        ))
    })?;
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Failure::single(Diagnostic::error(
                dir.to_path_buf(),
                format!("cannot read the theme: {e}"),
            ))
        })?;
        if !entry.file_type().is_file() && !entry.path_is_symlink() {
            continue;
        }
        let path = entry.path();
        if entry.path_is_symlink() {
            let inside = path
                .canonicalize()
                .is_ok_and(|t| t.starts_with(&canonical) && t.is_file());
            if !inside {
                return Err(Failure::single(
                    Diagnostic::error(
                        path.to_path_buf(),
                        "this symlink leads outside the theme folder",
                    )
                    .hint("copy the file into the theme instead"),
                ));
            }
        }
        let relative = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        if relative.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let bytes = fs::read(path).map_err(|e| {
            Failure::single(Diagnostic::error(
                path.to_path_buf(),
                format!("cannot read: {e}"),
            ))
        })?;
        files.push((relative, path.to_path_buf(), bytes));
    }
    from_files(&dir.display().to_string(), files)
}

fn from_files(
    origin: &str,
    files: impl IntoIterator<Item = (String, PathBuf, Vec<u8>)>,
) -> Result<Theme, Failure> {
    let mut theme = Theme {
        origin: origin.to_string(),
        templates: Vec::new(),
        static_files: BTreeMap::new(),
        strings: BTreeMap::new(),
        string_files: BTreeMap::new(),
    };
    let mut errors = Vec::new();
    for (relative, path, bytes) in files {
        if let Some(name) = relative.strip_prefix("templates/") {
            match String::from_utf8(bytes) {
                Ok(text) => theme.templates.push((name.to_string(), path, text)),
                Err(_) => errors.push(
                    Diagnostic::error(path, "the template is not valid UTF-8")
                        .hint("save it as UTF-8"),
                ),
            }
        } else if let Some(name) = relative.strip_prefix("static/") {
            theme.static_files.insert(name.to_string(), bytes);
        } else if let Some(file) = relative.strip_prefix("i18n/") {
            let Some(lang) = file.strip_suffix(".toml") else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes).into_owned();
            match toml::from_str::<RawStrings>(&text) {
                Ok(strings) => {
                    if let Some(problem) = strings.locale.as_deref().and_then(i18n::locale_problem)
                    {
                        errors.push(locale_error(&path, &text, problem));
                    }
                    theme.strings.insert(lang.to_string(), strings);
                    theme.string_files.insert(lang.to_string(), path);
                }
                Err(e) => errors.push(Diagnostic::from_toml(&path, &text, &e, 0)),
            }
        }
    }
    if errors.is_empty() {
        Ok(theme)
    } else {
        Err(Failure {
            diagnostics: errors,
        })
    }
}

/// A `locale` that names no CLDR locale, at its line in the strings file.
fn locale_error(path: &Path, text: &str, problem: String) -> Diagnostic {
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("locale"))
        .map_or(1, |i| i + 1);
    Diagnostic::error(path.to_path_buf(), format!("the date locale {problem}"))
        .at_line(line)
        .hint("write a BCP 47 tag such as `fr`, `en-001` or `ar-u-nu-arab`, or remove the line to use the file's language")
}
