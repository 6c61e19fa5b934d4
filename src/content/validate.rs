//! Checks that need the whole site loaded: every Markdown body nests sanely, and every link
//! names a document, meeting, page, attachment or heading that exists (whoever may see it —
//! whether a reader may follow it is decided per audience when rendering).

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::links::{self, Target};
use super::model::{Document, Page, Site, Translation};
use crate::support::error::{line_column, Diagnostic, Diagnostics};
use crate::support::markdown;

/// Every Markdown body must nest sanely, and every link in it must name something that exists, whoever may see it;
/// whether a reader may follow it is decided per audience when rendering.
///
/// `unloaded` names meetings (`m`) and documents (`m/doc`) that failed to load; links into
/// them are skipped, their own error having been reported already.
///
/// `only`, when given, limits the check to those files (`plenary serve` after an edit that
/// changed nothing another file's links can depend on).
pub fn check_bodies(
    site: &Site,
    unloaded: &BTreeSet<String>,
    only: Option<&BTreeSet<&std::ffi::OsStr>>,
    diagnostics: &mut Diagnostics,
) {
    let documents: BTreeMap<(&str, &str), &Document> = site
        .documents
        .iter()
        .map(|d| ((d.meta.meeting.as_str(), d.meta.slug.as_str()), d))
        .collect();
    let meetings: BTreeSet<&str> = site.meetings.iter().map(|m| m.id.as_str()).collect();
    let pages: BTreeMap<&str, &Page> = site.pages.iter().map(|p| (p.slug.as_str(), p)).collect();

    let wanted = |t: &Translation| only.is_none_or(|only| only.contains(t.path.as_os_str()));
    let mut files: Vec<(String, &Translation)> = Vec::new();
    for document in &site.documents {
        // Made only for the files wanted: a preview's edit checks one file of thousands.
        let from_dir = || format!("meetings/{}/{}", document.meta.meeting, document.meta.slug);
        for version in &document.versions {
            files.extend(
                version
                    .translations
                    .values()
                    .filter(|t| wanted(t))
                    .map(|t| (from_dir(), t.as_ref())),
            );
        }
    }
    for page in &site.pages {
        files.extend(
            page.translations
                .values()
                .filter(|t| wanted(t))
                .map(|t| ("pages".to_string(), t.as_ref())),
        );
    }
    // Files are checked side by side; their findings join in file order.
    let targets = Targets {
        documents,
        meetings,
        pages,
        unloaded,
    };
    let found: Vec<Vec<Diagnostic>> = files
        .par_iter()
        .map(|(from_dir, translation)| check_file(&targets, from_dir, translation))
        .collect();
    diagnostics.extend(found.into_iter().flatten());
}

/// Every `mentions` entry must name a document (`meetings/m77/x`) or page (`pages/x`) of
/// the site: a misspelt one would pass nothing, and the title it meant would fail the build
/// with an error that does not say why.
fn check_mentions(targets: &Targets<'_>, translation: &Translation) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for mention in &translation.mentions {
        let parts: Vec<&str> = mention.trim_matches('/').split('/').collect();
        let known = match parts[..] {
            ["meetings", meeting, slug] => {
                targets.documents.contains_key(&(meeting, slug))
                    || targets.unloaded.contains(&format!("{meeting}/{slug}"))
                    || targets.unloaded.contains(meeting)
            }
            ["pages", slug] => targets.pages.contains_key(slug),
            _ => {
                diagnostics.push(
                    Diagnostic::error(translation.path.clone(), format!("`{mention}` in `mentions` is not a document or page"))
                        .at_line(translation.mentions_line)
                        .hint("name a document as `meetings/<meeting>/<document>` or a page as `pages/<page>`"),
                );
                continue;
            }
        };
        if !known {
            diagnostics.push(
                Diagnostic::error(translation.path.clone(), format!("`mentions` names `{mention}`, which this site does not have"))
                    .at_line(translation.mentions_line)
                    .hint("correct the spelling: a mention lets only the title of that document through the leak guard"),
            );
        }
    }
    diagnostics
}

/// What links may lead to.
struct Targets<'s> {
    documents: BTreeMap<(&'s str, &'s str), &'s Document>,
    meetings: BTreeSet<&'s str>,
    pages: BTreeMap<&'s str, &'s Page>,
    unloaded: &'s BTreeSet<String>,
}

/// The problems of one Markdown body.
fn check_file(targets: &Targets<'_>, from_dir: &str, translation: &Translation) -> Vec<Diagnostic> {
    let Targets {
        documents,
        meetings,
        pages,
        unloaded,
    } = targets;
    let mut diagnostics = Vec::new();
    if let Some(offset) = translation.outline.too_deep_at {
        let (line, column) = line_column(&translation.body, offset);
        diagnostics.push(
            Diagnostic::error(translation.path.clone(), format!("lists, quotes, emphasis or HTML elements nest too deeply here (more than {} open elements)", markdown::MAX_NESTING))
                .at(translation.body_line + line - 1, column)
                .hint("flatten the structure; no document needs this depth, and plenary will not render it"),
        );
        return diagnostics;
    }
    if let Some((offset, what)) = &translation.outline.unclosed {
        let (line, column) = line_column(&translation.body, *offset);
        diagnostics.push(
            Diagnostic::error(
                translation.path.clone(),
                format!("{} starts here and is not closed within its paragraph or HTML block: the page after it would vanish into it", what.described()),
            )
            .at(translation.body_line + line - 1, column)
            .hint(format!("close it with {}, or write `&lt;` if the `<` is meant as text", what.closer())),
        );
    }
    diagnostics.extend(check_mentions(targets, translation));
    // The document this file is a version of, if it is one: its page has the theme's anchors.
    let this_document = match from_dir.split('/').collect::<Vec<_>>()[..] {
        ["meetings", meeting, slug] => documents.get(&(meeting, slug)).copied(),
        _ => None,
    };
    // `[text](#)` links: how many, and where the first one is.
    let mut placeholders: Option<(usize, usize)> = None;
    for (dest, offset) in &translation.outline.links {
        // Where the link is, found only for a problem: counting lines for every link of
        // a long document made this check quadratic.
        let error = |message: String| {
            let (line, column) = line_column(&translation.body, *offset);
            Diagnostic::error(translation.path.clone(), message)
                .at(translation.body_line + line - 1, column)
        };
        let target = links::classify(dest, from_dir);
        let into_unloaded = match &target {
            Ok(Target::Meeting { id }) => unloaded.contains(id),
            Ok(
                Target::Document { meeting, slug, .. } | Target::Attachment { meeting, slug, .. },
            ) => unloaded.contains(meeting) || unloaded.contains(&format!("{meeting}/{slug}")),
            _ => false,
        };
        if into_unloaded {
            continue;
        }
        let problem = match target {
            Err(message) => Some(error(message).hint("link to a document by its folder, e.g. ../other-document/ or @/meetings/<meeting>/<document>/")),
            Ok(Target::External | Target::Home | Target::Meetings) => None,
            Ok(Target::Placeholder) => {
                let (count, _) = placeholders.get_or_insert((0, *offset));
                *count += 1;
                None
            }
            Ok(Target::SamePage { anchor }) => (!translation.outline.has_anchor(&anchor) && !this_document.is_some_and(|d| has_theme_anchor(d, &anchor)))
                .then(|| error(format!("`{dest}`: this file has no heading with the anchor `{anchor}`")).hint(anchor_hint(&translation.outline))),
            Ok(Target::Meeting { id }) => (!meetings.contains(id.as_str()))
                .then(|| error(format!("`{dest}` links to meeting `{id}`, which does not exist")).hint("check the meeting folder name")),
            Ok(Target::Document { meeting, slug, anchor }) => match documents.get(&(meeting.as_str(), slug.as_str())) {
                None => Some(error(format!("`{dest}` links to meetings/{meeting}/{slug}, which is not a document")).hint("check the meeting and document folder names")),
                Some(target) => anchor.filter(|a| {
                    !target.versions.iter().flat_map(|v| v.translations.values()).any(|t| t.outline.has_anchor(a))
                        && !has_theme_anchor(target, a)
                }).map(|a| error(format!("`{dest}`: meetings/{meeting}/{slug} has no heading with the anchor `{a}`"))
                    .hint("anchors are heading texts in lowercase with '-' between words, an explicit {#id} on the heading, a footnote's label, or a transcript's turn-1, turn-2…")),
            },
            Ok(Target::Attachment { meeting, slug, name }) => {
                let found = documents.get(&(meeting.as_str(), slug.as_str())).is_some_and(|d| d.attachments.iter().any(|a| a.name == name));
                (!found).then(|| error(format!("`{dest}` links to meetings/{meeting}/{slug}/{name}, which does not exist")).hint("put the file in the document folder, or fix the name"))
            }
            Ok(Target::Page { slug, anchor }) => match pages.get(slug.as_str()) {
                None => Some(error(format!("`{dest}` links to page `{slug}`, which does not exist")).hint("pages live in pages/<slug>.<lang>.md")),
                Some(page) => anchor.filter(|a| !page.translations.values().any(|t| t.outline.has_anchor(a)))
                    .map(|a| error(format!("`{dest}`: page `{slug}` has no heading with the anchor `{a}`"))),
            },
        };
        diagnostics.extend(problem);
    }
    if let Some((count, first)) = placeholders {
        diagnostics.push(placeholder_warning(translation, count, first));
    }
    diagnostics
}

/// The default theme's ids on every document page (the main content, the Document
/// Administration block, the version history), and on some: the speaker list of a
/// transcript with turns, the list of attachments.
fn has_theme_anchor(document: &Document, anchor: &str) -> bool {
    let translations = || {
        document
            .versions
            .iter()
            .flat_map(|v| v.translations.values())
    };
    match anchor {
        "main" | "admin-title" | "history-title" => true,
        "speakers-title" => {
            translations().any(|t| t.outline.anchors.iter().any(|a| a.starts_with("turn-")))
        }
        "attachments-title" => !document.attachments.is_empty(),
        _ => false,
    }
}

/// The one warning of a file for its `[text](#)` links: a document converted from Word or PDF may
/// have dozens, and they must not stop the site (each is shown as its text), but someone
/// should restore the targets.
fn placeholder_warning(translation: &Translation, count: usize, first: usize) -> Diagnostic {
    let (line, column) = line_column(&translation.body, first);
    let links = if count == 1 { "link" } else { "links" };
    Diagnostic::warning(
        translation.path.clone(),
        format!(
            "{count} placeholder {links} `(#)`, the first here: shown as text, leading nowhere"
        ),
    )
    .at(translation.body_line + line - 1, column)
    .hint("put back the address each link had before conversion")
}

fn anchor_hint(outline: &markdown::Outline) -> String {
    let ids: Vec<&str> = outline
        .headings
        .iter()
        .map(|h| h.id.as_str())
        .take(8)
        .collect();
    if ids.is_empty() {
        "this file has no headings".to_string()
    } else {
        format!("anchors here are: {}", ids.join(", "))
    }
}
