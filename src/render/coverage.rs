//! The translation coverage page of restricted builds: per meeting, a matrix of the
//! documents the audience sees × the site's languages, each cell current, stale or missing.
//! Built from the audience's own view, like every other page: a document the audience may
//! not see has no row, and "stale" counts only the versions it may see.

use serde::Serialize;

use super::context::{Builder, DocumentEntry, MeetingSummary};
use crate::content::coverage::Coverage;
use crate::plan::shown_version;
use crate::support::language::{direction, endonym};

#[derive(Debug, Serialize)]
pub struct CoverageContext {
    pub languages: Vec<Column>,
    pub meetings: Vec<MeetingCoverage>,
}

#[derive(Debug, Serialize)]
pub struct Column {
    pub code: String,
    pub name: String,
    pub dir: &'static str,
}

#[derive(Debug, Serialize)]
pub struct MeetingCoverage {
    pub meeting: MeetingSummary,
    pub rows: Vec<Row>,
    /// Per language: "4 of 6 current".
    pub totals: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub document: DocumentEntry,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Serialize)]
pub struct Cell {
    /// "current", "stale" or "missing" (the class that colours the cell).
    pub state: &'static str,
    /// What the cell says in words, so colour is never the only signal.
    pub label: String,
    /// The document in this language, when it has a page in it.
    pub url: Option<String>,
    pub lang: String,
}

pub fn context(b: &Builder<'_, '_>) -> CoverageContext {
    let languages = &b.view.config.languages;
    let meetings = b
        .view
        .meetings
        .iter()
        .filter(|m| !m.documents.is_empty())
        .map(|meeting| {
            let mut current = vec![0usize; languages.len()];
            let rows = meeting
                .documents
                .iter()
                .map(|document| {
                    let cells = languages
                        .iter()
                        .enumerate()
                        .map(|(i, lang)| {
                            let coverage = Coverage::of(document.versions.iter().map(|v| {
                                (v.version.number, v.version.translations.contains_key(lang))
                            }));
                            if coverage == Coverage::Current {
                                current[i] += 1;
                            }
                            let label = match coverage {
                                Coverage::Stale(n) => b
                                    .strings
                                    .format("coverage_stale", &[("number", &n.to_string())]),
                                other => b
                                    .strings
                                    .get(&format!("coverage_{}", other.name()))
                                    .to_string(),
                            };
                            Cell {
                                state: coverage.name(),
                                label,
                                url: shown_version(document, lang).map(|_| {
                                    b.urls
                                        .document(lang, &meeting.meeting.id, &document.meta.slug)
                                }),
                                lang: lang.clone(),
                            }
                        })
                        .collect();
                    Row {
                        document: b.entry(meeting, document),
                        cells,
                    }
                })
                .collect::<Vec<_>>();
            let total = rows.len().to_string();
            MeetingCoverage {
                meeting: b.meeting(meeting),
                totals: current
                    .iter()
                    .map(|n| {
                        b.strings.format(
                            "coverage_totals",
                            &[("count", &n.to_string()), ("total", &total)],
                        )
                    })
                    .collect(),
                rows,
            }
        })
        .collect();
    CoverageContext {
        languages: languages
            .iter()
            .map(|code| Column {
                code: code.clone(),
                name: endonym(code).to_string(),
                dir: direction(code),
            })
            .collect(),
        meetings,
    }
}
