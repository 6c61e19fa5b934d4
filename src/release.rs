//! The release rule: which audience sees which document, and which of its versions, at an
//! instant. This module is the only place visibility is decided.
//!
//! In: the loaded [`Site`], an audience name and the as-of instant. Out: an [`AudienceView`]
//! that holds only what that audience may see. Every later stage (plan, render, feeds,
//! sitemap) is handed the view, never the site, so it cannot reach a hidden document: hidden
//! documents and versions are simply not in the data it gets.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::config::{Audience, Config, ReleaseEntry, When};
use crate::content::model::{Attachment, Document, DocumentMeta, Meeting, Page, Site, Version};

/// The instant `date` begins in `zone`: 00:00 local, or the first instant after a
/// daylight-saving gap where a zone skips midnight.
pub fn start_of_day(date: Date, zone: &TimeZone) -> Timestamp {
    // `to_zoned_datetime` resolves a gap to the instant just after it and a fold to the earlier
    // instant: both are the first moment of that local day.
    date.to_zoned_datetime(zone.clone())
        .map(|z| z.timestamp())
        .unwrap_or_else(|_| {
            // Only dates at the very ends of jiff's range fail; clamp rather than panic.
            if date.year() < 0 {
                Timestamp::MIN
            } else {
                Timestamp::MAX
            }
        })
}

/// The instant the public may first see a meeting's after-meeting releases.
pub fn after_meeting_opens(meeting: &Meeting) -> Timestamp {
    let day = meeting
        .public_from
        .unwrap_or_else(|| meeting.end.tomorrow().unwrap_or(meeting.end));
    start_of_day(day, &meeting.timezone)
}

/// Parse `--as-of`: a bare date is 00:00 UTC of that date; otherwise RFC 3339.
pub fn parse_as_of(text: &str) -> Result<Timestamp, String> {
    let text = text.trim();
    if text.len() == 10 {
        if let Ok(date) = text.parse::<Date>() {
            return Ok(start_of_day(date, &TimeZone::UTC));
        }
    }
    text.parse::<Timestamp>().map_err(|_| {
        format!("`{text}` is not a date (2024-03-08) or an RFC 3339 date-time (2024-03-08T09:30:00-04:00)")
    })
}

/// Every audience whose releases `audience` receives: itself and, transitively, those it sees.
pub fn audiences_seen(config: &Config, audience: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![audience.to_string()];
    while let Some(name) = stack.pop() {
        if seen.insert(name.clone()) {
            if let Some(a) = config.audiences.get(&name) {
                stack.extend(a.sees.iter().cloned());
            }
        }
    }
    seen
}

/// The instant version `version` of a document becomes visible to an audience that receives
/// `entries`, or `None` if it never does. A version is visible once one of the entries is open
/// *and* its own date has come: the earliest over entries of the later of the two.
pub fn version_opens(
    entries: &[&ReleaseEntry],
    meeting: &Meeting,
    first_issue: Date,
    version: &Version,
) -> Option<Timestamp> {
    let issued = start_of_day(version.date, &meeting.timezone);
    entries
        .iter()
        .map(|entry| {
            let opens = match entry.when {
                When::OnIssue => start_of_day(first_issue, &meeting.timezone),
                When::AfterMeeting => after_meeting_opens(meeting),
                When::From(date) => start_of_day(date, &meeting.timezone),
            };
            opens.max(issued)
        })
        .min()
}

/// The instant the first version of `document` (as a view holds it) opens to `audience`, or
/// `None` if it never does: what a restricted build's release calendar announces.
pub fn first_opens_to(
    config: &Config,
    meeting: &Meeting,
    document: &DocumentView<'_>,
    audience: &str,
) -> Option<Timestamp> {
    let entries = received(&document.meta.release, &audiences_seen(config, audience));
    let first = document.versions.first()?.version;
    version_opens(&entries, meeting, first.date, first)
}

/// The entries of a release list that an audience receiving `receives` gets.
fn received<'e>(release: &'e [ReleaseEntry], receives: &BTreeSet<String>) -> Vec<&'e ReleaseEntry> {
    release
        .iter()
        .filter(|e| receives.contains(&e.audience))
        .collect()
}

/// What one audience may see at one instant. Built only by [`view`].
#[derive(Debug)]
pub struct AudienceView<'s> {
    pub config: &'s Config,
    pub audience: &'s Audience,
    pub as_of: Timestamp,
    /// Every meeting, newest first. Meetings are public facts (name, place, dates); their
    /// documents are what the release rule guards.
    pub meetings: Vec<MeetingView<'s>>,
    /// Free-standing pages this audience may see.
    pub pages: Vec<&'s Page>,
    /// Does any visible document have a topic (is there a topics index to link to)?
    pub has_topics: bool,
    /// The languages some visible version or page is written in (search has an index for each).
    pub written_in: BTreeSet<&'s str>,
    /// Where each meeting is in `meetings`: links are resolved by id, one lookup each.
    meeting_at: HashMap<&'s str, usize>,
}

/// A meeting with the documents the audience may see.
#[derive(Debug)]
pub struct MeetingView<'s> {
    pub meeting: &'s Meeting,
    pub documents: Vec<DocumentView<'s>>,
}

/// A visible document with its visible versions only.
#[derive(Debug)]
pub struct DocumentView<'s> {
    pub meta: &'s DocumentMeta,
    /// Visible versions, oldest first; never empty.
    pub versions: Vec<VisibleVersion<'s>>,
    pub attachments: &'s [Attachment],
}

/// A visible version and the instant it became visible to this audience.
#[derive(Debug, Clone, Copy)]
pub struct VisibleVersion<'s> {
    pub version: &'s Version,
    pub visible_from: Timestamp,
}

impl<'s> DocumentView<'s> {
    /// The version shown at the document's own URL.
    pub fn latest(&self) -> &VisibleVersion<'s> {
        self.versions
            .last()
            .expect("a document view always has a version")
    }
}

impl<'s> AudienceView<'s> {
    /// The visible document `meeting/slug`, if the audience may see it.
    pub fn document(&self, meeting: &str, slug: &str) -> Option<&DocumentView<'s>> {
        let documents = &self.meeting(meeting)?.documents;
        // Sorted by slug (see `view`).
        let at = documents
            .binary_search_by(|d| d.meta.slug.as_str().cmp(slug))
            .ok()?;
        Some(&documents[at])
    }

    pub fn meeting(&self, id: &str) -> Option<&MeetingView<'s>> {
        self.meeting_at.get(id).map(|&at| &self.meetings[at])
    }

    pub fn page(&self, slug: &str) -> Option<&'s Page> {
        self.pages.iter().copied().find(|p| p.slug == slug)
    }

    /// Every visible document, in meeting order (newest meeting first), then by slug.
    pub fn documents(&self) -> impl Iterator<Item = (&MeetingView<'s>, &DocumentView<'s>)> {
        self.meetings
            .iter()
            .flat_map(|m| m.documents.iter().map(move |d| (m, d)))
    }
}

/// Each version of `document` with the instant it opens to an audience that receives the
/// releases of `receives` (see [`audiences_seen`]), or `None` if it never does.
pub fn openings<'s>(
    receives: &BTreeSet<String>,
    meeting: &Meeting,
    document: &'s Document,
) -> Vec<(&'s Version, Option<Timestamp>)> {
    let entries = received(&document.meta.release, receives);
    let Some(first_issue) = document.versions.iter().map(|v| v.date).min() else {
        return Vec::new();
    };
    document
        .versions
        .iter()
        .map(|version| {
            (
                version,
                version_opens(&entries, meeting, first_issue, version),
            )
        })
        .collect()
}

/// Decide what `audience` sees at `as_of`. The audience must exist in the site's config.
pub fn view<'s>(site: &'s Site, audience: &'s Audience, as_of: Timestamp) -> AudienceView<'s> {
    let receives = audiences_seen(&site.config, &audience.name);
    let mut meetings: Vec<MeetingView<'s>> = site
        .meetings
        .iter()
        .map(|meeting| MeetingView {
            meeting,
            documents: Vec::new(),
        })
        .collect();
    let index: BTreeMap<&str, usize> = meetings
        .iter()
        .enumerate()
        .map(|(i, m)| (m.meeting.id.as_str(), i))
        .collect();

    for document in &site.documents {
        let Some(&i) = index.get(document.meta.meeting.as_str()) else {
            continue;
        };
        let versions: Vec<VisibleVersion<'s>> = openings(&receives, meetings[i].meeting, document)
            .into_iter()
            .filter_map(|(version, opens)| {
                let visible_from = opens?;
                (visible_from <= as_of).then_some(VisibleVersion {
                    version,
                    visible_from,
                })
            })
            .collect();
        if !versions.is_empty() {
            meetings[i].documents.push(DocumentView {
                meta: &document.meta,
                versions,
                attachments: &document.attachments,
            });
        }
    }

    for m in &mut meetings {
        m.documents.sort_by(|a, b| a.meta.slug.cmp(&b.meta.slug));
    }
    meetings
        .sort_by(|a, b| (b.meeting.start, &b.meeting.id).cmp(&(a.meeting.start, &a.meeting.id)));
    let pages: Vec<&Page> = site
        .pages
        .iter()
        .filter(|page| {
            page.audiences
                .as_ref()
                .is_none_or(|only| only.iter().any(|a| receives.contains(a)))
        })
        .collect();
    let has_topics = meetings
        .iter()
        .flat_map(|m| &m.documents)
        .any(|d| !d.meta.topics.is_empty());
    let written_in = meetings
        .iter()
        .flat_map(|m| &m.documents)
        .flat_map(|d| &d.versions)
        .flat_map(|v| v.version.translations.keys())
        .chain(pages.iter().flat_map(|p| p.translations.keys()))
        .map(String::as_str)
        .collect();
    let meeting_at = meetings
        .iter()
        .enumerate()
        .map(|(at, m)| (m.meeting.id.as_str(), at))
        .collect();
    AudienceView {
        config: &site.config,
        audience,
        as_of,
        meetings,
        pages,
        has_topics,
        written_in,
        meeting_at,
    }
}

#[cfg(test)]
mod tests;
