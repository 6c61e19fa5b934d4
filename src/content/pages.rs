//! Free-standing pages: `pages/<slug>.<lang>.md`, for every audience unless their front
//! matter names `audiences`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::front_matter::PageFrontMatter;
use super::load::{EntryKind, Loader};
use super::model::{Page, Translation};
use crate::config::{self, is_slug};
use crate::support::error::Diagnostic;

/// Page slugs that would collide with plenary's own output.
const RESERVED_PAGE_SLUGS: &[&str] = &[
    "meetings",
    "topics",
    "translations",
    "search",
    "feed.xml",
    "static",
    "index",
];

impl Loader<'_> {
    pub(super) fn pages(&mut self, dir: &Path) -> Vec<Page> {
        let mut pages: BTreeMap<String, Page> = BTreeMap::new();
        let mut audiences_seen: BTreeMap<String, Option<Vec<String>>> = BTreeMap::new();
        for entry in self.list(dir) {
            let parsed = entry
                .name
                .strip_suffix(".md")
                .and_then(|stem| stem.rsplit_once('.'));
            let Some((slug, lang)) = parsed.filter(|_| matches!(entry.kind, EntryKind::File))
            else {
                self.unexpected_file(
                    &entry.path,
                    "pages/ holds files named <slug>.<lang>.md, e.g. about.en.md",
                );
                continue;
            };
            if !is_slug(slug) || RESERVED_PAGE_SLUGS.contains(&slug) {
                self.diagnostics.push(
                    Diagnostic::error(
                        entry.path.clone(),
                        format!("`{slug}` cannot be a page name"),
                    )
                    .hint(format!(
                        "use a lowercase slug other than {}",
                        RESERVED_PAGE_SLUGS.join(", ")
                    )),
                );
                continue;
            }
            if !self.known_language(&entry.path, lang) {
                continue;
            }
            let Some((translation, audiences)) = self.page_translation(&entry.path, lang) else {
                continue;
            };
            if let Some(previous) = audiences_seen.get(slug) {
                if previous != &audiences {
                    self.diagnostics.push(
                        Diagnostic::error(
                            entry.path.clone(),
                            "`audiences` differs from another language of this page",
                        )
                        .hint("give every language of a page the same `audiences`"),
                    );
                }
            }
            audiences_seen.insert(slug.to_string(), audiences.clone());
            let page = pages.entry(slug.to_string()).or_insert_with(|| Page {
                slug: slug.to_string(),
                translations: BTreeMap::new(),
                audiences,
            });
            page.translations
                .insert(lang.to_string(), Arc::new(translation));
        }
        for page in pages.values() {
            if !page
                .translations
                .contains_key(&self.config.default_language)
            {
                let (lang, any) = page
                    .translations
                    .iter()
                    .next()
                    .expect("pages are made with a translation");
                let _ = lang;
                self.diagnostics.push(
                    Diagnostic::error(
                        any.path.clone(),
                        format!(
                            "page `{}` has no {} version (the site's default language)",
                            page.slug, self.config.default_language
                        ),
                    )
                    .hint(format!(
                        "add pages/{}.{}.md; other languages fall back to it",
                        page.slug, self.config.default_language
                    )),
                );
            }
        }
        pages.into_values().collect()
    }

    pub(super) fn page_translation(
        &mut self,
        path: &Path,
        lang: &str,
    ) -> Option<(Translation, Option<Vec<String>>)> {
        let (front, translation) = self.markdown_file::<PageFrontMatter>(path, lang, false)?;
        for audience in front.audiences.iter().flatten() {
            if !self.config.audiences.contains_key(audience) {
                self.diagnostics.push(
                    Diagnostic::error(
                        path.to_path_buf(),
                        format!("audience `{audience}` is not defined"),
                    )
                    .hint(format!(
                        "audiences in site.toml are: {}",
                        config::names(self.config.audiences.keys())
                    )),
                );
            }
        }
        let audiences = front.audiences.map(|mut a| {
            a.sort();
            a
        });
        Some((translation, audiences))
    }
}
