//! A file's Markdown body rendered for one audience and language: every link resolved
//! through the audience's view, so a link to something it cannot see keeps its text only.

use std::sync::Arc;

use super::context::Builder;
use crate::content::links::{self, Target};
use crate::content::model::Translation;
use crate::plan::document_languages;
use crate::support::error::Diagnostic;
use crate::support::markdown::{self, LinkOutput};

/// Where a link written in a file of `from_dir` leads for this audience and language, or
/// [`LinkOutput::TextOnly`] when its target is hidden from the audience (or was reported
/// broken when loading: never emit a link that could not be checked).
pub(super) fn link_output(b: &Builder<'_, '_>, dest: &str, from_dir: &str) -> LinkOutput {
    let (view, urls, lang) = (b.view, b.urls, b.lang);
    let default = view.config.default_language.as_str();
    let with_anchor = |url: String, anchor: &Option<String>| match anchor {
        Some(a) => format!("{url}#{a}"),
        None => url,
    };
    let Ok(target) = links::classify(dest, from_dir) else {
        return LinkOutput::TextOnly;
    };
    let url = match target {
        Target::External => Some(dest.to_string()),
        Target::SamePage { anchor } => Some(format!("#{anchor}")),
        // A link to nowhere is no link: the reader gets its text.
        Target::Placeholder => None,
        Target::Home => Some(urls.home(lang)),
        Target::Meetings => Some(urls.meetings(lang)),
        Target::Meeting { id } => view.meeting(&id).map(|_| urls.meeting(lang, &id)),
        Target::Document {
            meeting,
            slug,
            anchor,
        } => view.document(&meeting, &slug).map(|d| {
            let link_lang = if document_languages(d).contains(lang) {
                lang
            } else {
                default
            };
            with_anchor(urls.document(link_lang, &meeting, &slug), &anchor)
        }),
        Target::Attachment {
            meeting,
            slug,
            name,
        } => view
            .document(&meeting, &slug)
            .filter(|d| d.attachments.iter().any(|a| a.name == name))
            .map(|_| urls.attachment(&meeting, &slug, &name)),
        Target::Page { slug, anchor } => view.page(&slug).map(|p| {
            let link_lang = if p.translations.contains_key(lang) {
                lang
            } else {
                default
            };
            with_anchor(urls.page(link_lang, &slug), &anchor)
        }),
    };
    url.map_or(LinkOutput::TextOnly, LinkOutput::Url)
}

/// Markdown → HTML for this audience: links resolve through the view, so a link to a
/// document the audience cannot see keeps its text and loses its target. A rendering made
/// for another audience or page is reused where every link resolves alike ([`markdown::Memo`]).
pub(super) fn render_markdown(
    b: &Builder<'_, '_>,
    translation: &Translation,
    from_dir: &str,
    warnings: &mut Vec<Diagnostic>,
    transcript: bool,
) -> Result<Arc<markdown::Rendering>, Diagnostic> {
    let (view, path, body) = (b.view, &translation.path, translation.body.as_str());
    let resolve = |dest: &str| link_output(b, dest, from_dir);
    let filled = translation.prepared.as_ref().and_then(|p| p.fill(&resolve));
    let rendered = match filled {
        Some(filled) => Ok(Arc::new(filled)),
        None => translation
            .rendered
            .get_or_render(&resolve, b.share_markdown, |resolve| {
                if transcript {
                    markdown::render_transcript(body, resolve)
                } else {
                    markdown::render(body, resolve).map(|html| (html, Vec::new()))
                }
            }),
    };
    let rendering = rendered.map_err(|lost| {
        Diagnostic::error(
            path.to_path_buf(),
            format!("the raw HTML in this file hides part of it from the page: the heading `{lost}` and what follows it do not survive"),
        )
        .hint("look for a tag, comment or `<style>`/`<script>` element in the raw HTML before that heading that is left unfinished or unclosed")
    })?;
    let hidden = rendering.links.iter().filter(|(dest, output)| {
        *output == LinkOutput::TextOnly
            && links::classify(dest, from_dir).is_ok_and(|t| t != Target::Placeholder)
    });
    for (dest, _) in hidden {
        warnings.push(
            Diagnostic::warning(path.to_path_buf(), format!("the link `{dest}` leads to something the `{}` audience cannot see yet; its text is kept without the link", view.audience.name))
                .hint("nothing to do if that is intended: the link appears once the target is released"),
        );
    }
    Ok(rendering)
}
