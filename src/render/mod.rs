//! Rendering: a planned page → bytes. Pure: no file system, safe to run in parallel.
//!
//! In: the audience's view, its URLs and one [`Planned`] page. Out: the page's bytes and any
//! warnings (links to documents this audience cannot see).

mod agenda;
mod body;
pub mod calendar;
mod changes;
pub mod context;
mod coverage;
mod dates;
mod document_page;
pub mod feed;
mod follow;
pub mod headers;
pub mod i18n;
mod old_themes;
mod pack;
mod pages;
pub mod redline;
mod searchable;
pub mod sitemap;
pub use searchable::Record;
mod template_errors;
pub mod theme;

use std::collections::BTreeMap;

use tera::Tera;

use crate::config::Config;
use crate::plan::{PageKind, Planned, Urls};
use crate::release::AudienceView;
use crate::support::error::{Diagnostic, Failure};
use i18n::Strings;
use theme::Theme;

/// Compiled templates and UI strings, shared by every page of every audience.
pub struct Renderer {
    tera: Tera,
    strings: BTreeMap<String, Strings>,
    /// Each template's file and text, to show where an error is.
    sources: template_errors::Sources,
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Keep each Markdown file's rendering for the next audience to reuse (see
    /// [`crate::support::markdown::Memo`]): worth its memory only when more than one audience is built.
    pub share_markdown: bool,
}

/// A rendered page.
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// A second file made with this one: the briefing pack's ZIP, made from its page. Its
    /// path in the audience folder, and its bytes.
    pub also: Option<(String, Vec<u8>)>,
    pub warnings: Vec<Diagnostic>,
    /// Time spent minifying (counted apart in `--timings`).
    pub minify: std::time::Duration,
    /// What search finds of the page, if it is searchable.
    pub search: Option<Record>,
}

impl Renderer {
    /// Text the theme writes for any audience, in every language: UI strings, month names,
    /// and the site's meeting and version dates as pages write them ("2026年6月20日–25日").
    /// A hidden document quoting a date the site shows anyway proves nothing (the leak guard
    /// once stopped a build over a chair's summary naming the next meeting's dates).
    pub fn ui_text(&self, site: &crate::content::model::Site) -> Vec<String> {
        let mut text: Vec<String> = self
            .strings
            .values()
            .flat_map(|s| s.map.values().chain(s.months.iter()))
            .cloned()
            .collect();
        // Each distinct date once: an archive's versions share few dates.
        let mut dates: std::collections::BTreeSet<jiff::civil::Date> = site
            .documents
            .iter()
            .flat_map(|d| &d.versions)
            .map(|v| v.date)
            .collect();
        dates.extend(site.meetings.iter().flat_map(|m| [m.start, m.end]));
        let ranges: std::collections::BTreeSet<_> =
            site.meetings.iter().map(|m| (m.start, m.end)).collect();
        for strings in self.strings.values() {
            text.extend(
                ranges
                    .iter()
                    .map(|&(start, end)| strings.date_range(start, end)),
            );
            text.extend(dates.iter().map(|&date| strings.date(date)));
        }
        // A document's distribution line is composed of several strings ("Miembros (antes de
        // la reunión) y Público (después de la reunión)"): hidden text may share a run with
        // the whole line, which every document page shows.
        let releases: std::collections::BTreeSet<&[crate::config::ReleaseEntry]> = site
            .documents
            .iter()
            .map(|d| d.meta.release.as_slice())
            .collect();
        for strings in self.strings.values() {
            for release in &releases {
                text.extend([true, false].map(|before| strings.distribution(release, before)));
            }
        }
        text.sort();
        text.dedup();
        text
    }

    /// UI strings the theme lacks in a site language, as warnings naming the file to complete.
    /// At build time those keys fall back to the default language, never to an empty string.
    pub fn missing_strings(theme: &Theme, config: &Config) -> Vec<Diagnostic> {
        let Some(fallback) = theme.strings.get(&config.default_language) else {
            return vec![Diagnostic::warning(
                None,
                format!(
                    "the theme ({}) has no UI strings for the default language `{}`",
                    theme.origin, config.default_language
                ),
            )
            .hint(format!(
                "add i18n/{}.toml to the theme",
                config.default_language
            ))];
        };
        config
            .languages
            .iter()
            .filter_map(|lang| {
                let own = theme.strings.get(lang);
                let missing = i18n::missing_keys(own, fallback);
                if missing.is_empty() {
                    return None;
                }
                let path = theme.string_files.get(lang).cloned();
                let shown: Vec<&str> = missing.iter().map(String::as_str).take(12).collect();
                let more = if missing.len() > shown.len() {
                    format!(" and {} more", missing.len() - shown.len())
                } else {
                    String::new()
                };
                Some(
                    Diagnostic::warning(
                        path,
                        format!(
                            "UI strings for `{lang}` lack {} key(s): {}{more}",
                            missing.len(),
                            shown.join(", ")
                        ),
                    )
                    .hint(format!(
                        "add them to the theme's i18n/{lang}.toml; until then the {} text is shown",
                        config.default_language
                    )),
                )
            })
            .collect()
    }

    /// Compile the theme's templates once.
    pub fn new(theme: &Theme, config: &Config) -> Result<Renderer, Failure> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.set_escape_fn(write_escaped);
        let mut templates: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|(name, _, text)| (name.as_str(), text.as_str()))
            .collect();
        // Themes made before the briefing pack lack its page; the built-in one stands alone
        // (it extends nothing, its styles are inline), so it serves any theme.
        let mut static_files = theme.static_files.clone();
        if !templates.iter().any(|(name, _)| *name == PACK_TEMPLATE) {
            templates.push((PACK_TEMPLATE, DEFAULT_PACK));
            static_files
                .entry(PACK_STYLESHEET.to_string())
                .or_insert_with(|| DEFAULT_PACK_STYLESHEET.to_vec());
        }
        let sources: template_errors::Sources = theme
            .templates
            .iter()
            .map(|(name, path, text)| (name.clone(), (path.clone(), text.clone())))
            .collect();
        if let Err(e) = tera.add_raw_templates(templates) {
            // A theme written for tera 1 is told what changed first, then tera's own reports.
            let mut diagnostics = old_themes::features(&sources);
            diagnostics.extend(template_errors::compile(&e, &sources));
            return Err(Failure { diagnostics });
        }
        let empty = i18n::RawStrings::default();
        let fallback = theme
            .strings
            .get(&config.default_language)
            .or_else(|| theme.strings.get("en"))
            .unwrap_or(&empty);
        let strings = config
            .languages
            .iter()
            .map(|lang| {
                (
                    lang.clone(),
                    Strings::merged(lang, theme.strings.get(lang), fallback),
                )
            })
            .collect();
        Ok(Renderer {
            tera,
            strings,
            sources,
            static_files,
            share_markdown: false,
        })
    }

    /// UI strings of `lang` (a site language).
    pub fn strings(&self, lang: &str) -> &Strings {
        &self.strings[lang]
    }

    /// Render one page of `view`.
    pub fn render(
        &self,
        view: &AudienceView<'_>,
        urls: &Urls,
        page: &Planned<'_, '_>,
    ) -> Result<Rendered, Diagnostic> {
        let mut warnings = Vec::new();
        let mut minify_time = std::time::Duration::ZERO;
        let mut also = None;
        let bytes = match &page.kind {
            PageKind::Feed { lang } => {
                crate::render::feed::atom(view, urls, self.strings(lang), None).into_bytes()
            }
            PageKind::MeetingFeed { lang, meeting } => {
                feed::atom(view, urls, self.strings(lang), Some(meeting)).into_bytes()
            }
            PageKind::Calendar { lang } => {
                calendar::site(view, urls, self.strings(lang)).into_bytes()
            }
            PageKind::MeetingCalendar { lang, meeting } => {
                calendar::meeting(view, urls, self.strings(lang), meeting).into_bytes()
            }
            PageKind::ReleaseCalendar { lang } => {
                calendar::releases(view, urls, self.strings(lang)).into_bytes()
            }
            PageKind::Sitemap(file) => {
                crate::render::sitemap::sitemap(view, urls, *file).into_bytes()
            }
            PageKind::Robots => crate::render::sitemap::robots(view, urls).into_bytes(),
            PageKind::Headers => crate::render::headers::file(view, urls).into_bytes(),
            PageKind::Pack { lang, meeting } => {
                // Rendered once for both files: the page as the site serves it, and the ZIP
                // made from it before any minifying (the archive rewrites the page's links as
                // the template wrote them).
                let html = self.html(view, urls, page, &mut warnings)?;
                let sheet = self
                    .static_files
                    .get(PACK_STYLESHEET)
                    .map_or(&[][..], Vec::as_slice);
                let archive = pack::archive(view, urls, meeting, lang, &html, sheet)?;
                also = Some((
                    urls.file_for(&urls.pack_archive(lang, &meeting.meeting.id)),
                    archive,
                ));
                minified(view, html, &mut minify_time)
            }
            _ => {
                let html = self.html(view, urls, page, &mut warnings)?;
                minified(view, html, &mut minify_time)
            }
        };
        Ok(Rendered {
            bytes,
            also,
            warnings,
            minify: minify_time,
            search: searchable::record(self, view, urls, page),
        })
    }
}

/// The briefing pack's template, and the built-in one for themes that have none.
const PACK_TEMPLATE: &str = "pack.html";
const DEFAULT_PACK: &str = include_str!("../../themes/default/templates/pack.html");
/// The pack's style sheet, which its ZIP writes into the page.
pub(crate) const PACK_STYLESHEET: &str = "pack.css";
const DEFAULT_PACK_STYLESHEET: &[u8] = include_bytes!("../../themes/default/static/pack.css");

impl Renderer {
    /// A page made from a template of the theme.
    fn html(
        &self,
        view: &AudienceView<'_>,
        urls: &Urls,
        page: &Planned<'_, '_>,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<Vec<u8>, Diagnostic> {
        let (template, context) = pages::context(self, view, urls, page, &page.kind, warnings)?;
        // Into bytes: `render` would check the whole page is UTF-8 to make a String
        // (1–2% of a build's CPU), and the text only ever goes out as bytes. It is
        // UTF-8 anyway, made of templates and values that are all `str`.
        let mut html = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(template, &context, &mut html)
            .map_err(|e| template_errors::render(&e, &self.sources))?;
        Ok(html)
    }
}

/// Text for HTML, in element content or a quoted attribute value. Unlike tera's default it
/// leaves `/` alone: every URL would otherwise grow five-fold (`&#x2F;`), and a slash is
/// harmless where every attribute value is quoted, as in every template.
#[cfg(test)]
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 16);
    write_escaped(text, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("UTF-8 in, UTF-8 out: only ASCII bytes are replaced")
}

/// [`escape_html`], written where tera renders to.
fn write_escaped(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = text.as_bytes();
    let mut from = 0;
    for (at, byte) in bytes.iter().enumerate() {
        let escaped: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[from..at])?;
        out.write_all(escaped)?;
        from = at + 1;
    }
    out.write_all(&bytes[from..])
}

/// Minified HTML: smaller pages, same document. Inline CSS (a table cell's `text-align`) is
/// minified too; there is no inline script.
/// `html` minified when the site asks for it, the time it took added to `time`.
fn minified(view: &AudienceView<'_>, html: Vec<u8>, time: &mut std::time::Duration) -> Vec<u8> {
    if !view.config.minify {
        return html;
    }
    let started = std::time::Instant::now();
    let bytes = minify(&html);
    *time += started.elapsed();
    bytes
}

fn minify(html: &[u8]) -> Vec<u8> {
    // Since minify-html 0.17 what would not be valid HTML is opt-in (`allow_…`,
    // `minify_doctype`), and left off here: the doctype, the spaces between attributes,
    // quotes an unquoted value would need, and whole character references (`&lt;`, where
    // 0.15 wrote `&LT` and plenary had to put the semicolons back).
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: true,
        minify_js: false,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html, &cfg)
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escaping_covers_what_can_break_out_of_text_or_a_quoted_attribute() {
        assert_eq!(escape_html("/en/meetings/m76/"), "/en/meetings/m76/");
        assert_eq!(
            escape_html(r#"a&b <i> "q" 'q' /"#),
            "a&amp;b &lt;i&gt; &quot;q&quot; &#39;q&#39; /"
        );
        assert_eq!(escape_html("مرحبا & 你好"), "مرحبا &amp; 你好");
    }
}
