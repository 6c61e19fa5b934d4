//! The release rule, clause by clause, at exact boundaries, in zones east and west of UTC
//! and across daylight-saving changes.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::{date, Date};
use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::*;
use crate::config::{Audience, Config};
use crate::content::model::{Document, DocumentMeta, Meeting, Site, Version};
use crate::support::language::Localized;

fn config() -> Config {
    let audience = |name: &str, restricted: bool, sees: &[&str]| Audience {
        name: name.to_string(),
        base_url: format!("https://{name}.example.org"),
        restricted,
        sees: sees.iter().map(|s| s.to_string()).collect(),
    };
    Config {
        title: Localized::same("T"),
        default_language: "en".into(),
        languages: vec!["en".into()],
        theme: "default".into(),
        audiences: BTreeMap::from([
            ("public".to_string(), audience("public", false, &[])),
            (
                "members".to_string(),
                audience("members", true, &["public"]),
            ),
            ("chairs".to_string(), audience("chairs", true, &["members"])),
        ]),
        release: BTreeMap::new(),
        topics: BTreeMap::new(),
        minify: false,
        search: true,
        packs: true,
        guard_allow: Vec::new(),
    }
}

fn meeting(zone: &str, start: Date, end: Date) -> Meeting {
    Meeting {
        id: "m1".into(),
        name: Localized::same("M"),
        location: Localized::default(),
        start,
        end,
        timezone_name: zone.into(),
        timezone: TimeZone::get(zone).unwrap(),
        public_from: None,
        sessions: Vec::new(),
    }
}

fn entries(list: &[&str]) -> Vec<ReleaseEntry> {
    list.iter()
        .map(|e| ReleaseEntry::parse(e).unwrap())
        .collect()
}

fn document(release: &[&str], versions: &[Date]) -> Document {
    Document {
        meta: DocumentMeta {
            meeting: "m1".into(),
            slug: "doc".into(),
            kind: "briefing".into(),
            session: "1".into(),
            topics: vec![],
            release: entries(release),
        },
        versions: versions
            .iter()
            .enumerate()
            .map(|(i, d)| Version {
                number: i as u32 + 1,
                date: *d,
                note: Localized::default(),
                translations: BTreeMap::new(),
            })
            .collect(),
        attachments: vec![],
    }
}

fn site(meeting: Meeting, document: Document) -> Site {
    Site {
        root: PathBuf::from("."),
        config: config(),
        meetings: vec![meeting],
        documents: vec![document],
        pages: vec![],
    }
}

/// The version numbers `audience` sees at `as_of` (RFC 3339).
fn seen(site: &Site, audience: &str, as_of: &str) -> Vec<u32> {
    let view = view(
        site,
        &site.config.audiences[audience],
        parse_as_of(as_of).unwrap(),
    );
    view.documents()
        .flat_map(|(_, d)| d.versions.iter().map(|v| v.version.number))
        .collect()
}

const BRIEFING: &[&str] = &["members:on-issue", "public:after-meeting"];

#[test]
fn on_issue_opens_at_the_version_date_in_the_meeting_zone() {
    // Puerto Rico is UTC−4 all year: 2024-02-20 00:00 local is 04:00 UTC.
    let s = site(
        meeting("America/Puerto_Rico", date(2024, 3, 2), date(2024, 3, 7)),
        document(BRIEFING, &[date(2024, 2, 20)]),
    );
    assert_eq!(
        seen(&s, "members", "2024-02-20T03:59:00Z"),
        Vec::<u32>::new()
    );
    assert_eq!(seen(&s, "members", "2024-02-20T04:00:00Z"), [1]);
    assert_eq!(
        seen(&s, "public", "2024-02-20T04:00:00Z"),
        Vec::<u32>::new()
    );
}

#[test]
fn after_meeting_opens_at_midnight_after_the_last_day_west_of_utc() {
    let s = site(
        meeting("America/Puerto_Rico", date(2024, 3, 2), date(2024, 3, 7)),
        document(BRIEFING, &[date(2024, 2, 20)]),
    );
    // 2024-03-08 00:00 in Puerto Rico = 04:00 UTC. One minute before: nothing.
    assert_eq!(
        seen(&s, "public", "2024-03-08T03:59:00Z"),
        Vec::<u32>::new()
    );
    assert_eq!(seen(&s, "public", "2024-03-08T04:00:00Z"), [1]);
    // A bare date is 00:00 UTC: still the evening of the 7th in San Juan.
    assert_eq!(seen(&s, "public", "2024-03-08"), Vec::<u32>::new());
}

#[test]
fn after_meeting_opens_at_midnight_after_the_last_day_east_of_utc() {
    // Tokyo is UTC+9: 2024-03-08 00:00 local is 2024-03-07 15:00 UTC.
    let s = site(
        meeting("Asia/Tokyo", date(2024, 3, 2), date(2024, 3, 7)),
        document(BRIEFING, &[date(2024, 2, 20)]),
    );
    assert_eq!(
        seen(&s, "public", "2024-03-07T14:59:00Z"),
        Vec::<u32>::new()
    );
    assert_eq!(seen(&s, "public", "2024-03-07T15:00:00Z"), [1]);
    assert_eq!(seen(&s, "public", "2024-03-08T00:00:00+09:00"), [1]);
}

#[test]
fn after_meeting_follows_a_daylight_saving_change() {
    // New York moves to summer time on 2024-03-10: a meeting ending on the 9th opens at
    // 00:00 EST (05:00 UTC); one ending on the 10th opens on the 11th at 00:00 EDT (04:00 UTC).
    let before = site(
        meeting("America/New_York", date(2024, 3, 4), date(2024, 3, 9)),
        document(BRIEFING, &[date(2024, 2, 1)]),
    );
    assert_eq!(
        seen(&before, "public", "2024-03-10T04:59:00Z"),
        Vec::<u32>::new()
    );
    assert_eq!(seen(&before, "public", "2024-03-10T05:00:00Z"), [1]);
    let after = site(
        meeting("America/New_York", date(2024, 3, 4), date(2024, 3, 10)),
        document(BRIEFING, &[date(2024, 2, 1)]),
    );
    assert_eq!(
        seen(&after, "public", "2024-03-11T03:59:00Z"),
        Vec::<u32>::new()
    );
    assert_eq!(seen(&after, "public", "2024-03-11T04:00:00Z"), [1]);
}

#[test]
fn a_zone_that_skips_midnight_opens_at_the_first_instant_of_the_day() {
    // Santiago skipped 2022-09-11 00:00 (clocks went from 00:00 to 01:00, UTC−4 → UTC−3).
    // The day began at 01:00 local = 04:00 UTC.
    let s = site(
        meeting("America/Santiago", date(2022, 9, 5), date(2022, 9, 10)),
        document(BRIEFING, &[date(2022, 8, 1)]),
    );
    assert_eq!(
        seen(&s, "public", "2022-09-11T03:59:59Z"),
        Vec::<u32>::new()
    );
    assert_eq!(seen(&s, "public", "2022-09-11T04:00:00Z"), [1]);
}

#[test]
fn public_from_moves_the_after_meeting_opening() {
    let mut m = meeting("Europe/Paris", date(2024, 6, 3), date(2024, 6, 6));
    m.public_from = Some(date(2024, 7, 1));
    let s = site(m, document(BRIEFING, &[date(2024, 5, 20)]));
    assert_eq!(
        seen(&s, "public", "2024-06-30T12:00:00Z"),
        Vec::<u32>::new()
    );
    // 2024-07-01 00:00 in Paris (UTC+2 in summer) = 2024-06-30 22:00 UTC.
    assert_eq!(
        seen(&s, "public", "2024-06-30T21:59:00Z"),
        Vec::<u32>::new()
    );
    assert_eq!(seen(&s, "public", "2024-06-30T22:00:00Z"), [1]);
}

#[test]
fn explicit_date_opens_at_midnight_in_the_meeting_zone() {
    let s = site(
        meeting("Asia/Kolkata", date(2024, 1, 10), date(2024, 1, 12)),
        document(&["public:2024-02-01"], &[date(2024, 1, 5)]),
    );
    // Kolkata is UTC+5:30: 2024-02-01 00:00 local = 2024-01-31 18:30 UTC.
    assert_eq!(
        seen(&s, "public", "2024-01-31T18:29:59Z"),
        Vec::<u32>::new()
    );
    assert_eq!(seen(&s, "public", "2024-01-31T18:30:00Z"), [1]);
}

#[test]
fn no_entry_means_never() {
    let s = site(
        meeting("UTC", date(2024, 1, 10), date(2024, 1, 12)),
        document(&[], &[date(2024, 1, 5)]),
    );
    for audience in ["public", "members", "chairs"] {
        assert_eq!(
            seen(&s, audience, "2099-01-01"),
            Vec::<u32>::new(),
            "{audience}"
        );
    }
}

#[test]
fn members_only_document_never_reaches_the_public() {
    let s = site(
        meeting("UTC", date(2024, 1, 10), date(2024, 1, 12)),
        document(&["members:on-issue"], &[date(2024, 1, 5)]),
    );
    assert_eq!(seen(&s, "members", "2024-01-05"), [1]);
    assert_eq!(seen(&s, "public", "2099-01-01"), Vec::<u32>::new());
}

#[test]
fn sees_is_transitive_and_one_way() {
    // chairs sees members, members sees public: chairs gets public releases; public gets none of theirs.
    let s = site(
        meeting("UTC", date(2024, 1, 10), date(2024, 1, 12)),
        document(&["public:on-issue"], &[date(2024, 1, 5)]),
    );
    assert_eq!(seen(&s, "chairs", "2024-01-05"), [1]);
    let s = site(
        meeting("UTC", date(2024, 1, 10), date(2024, 1, 12)),
        document(&["chairs:on-issue"], &[date(2024, 1, 5)]),
    );
    assert_eq!(seen(&s, "chairs", "2024-01-05"), [1]);
    assert_eq!(seen(&s, "members", "2099-01-01"), Vec::<u32>::new());
    assert_eq!(seen(&s, "public", "2099-01-01"), Vec::<u32>::new());
}

#[test]
fn each_version_waits_for_its_own_date() {
    let s = site(
        meeting("Europe/London", date(2024, 3, 2), date(2024, 3, 7)),
        document(
            BRIEFING,
            &[date(2024, 2, 20), date(2024, 3, 5), date(2024, 3, 20)],
        ),
    );
    assert_eq!(seen(&s, "members", "2024-03-04T12:00:00Z"), [1]);
    assert_eq!(seen(&s, "members", "2024-03-05T00:00:00Z"), [1, 2]);
    // The public sees the document from the 8th, at the versions issued by then.
    assert_eq!(seen(&s, "public", "2024-03-08T00:00:00Z"), [1, 2]);
    // Version 3 of the 20th (UTC+0 in London until the 31st).
    assert_eq!(seen(&s, "public", "2024-03-19T23:59:59Z"), [1, 2]);
    assert_eq!(seen(&s, "public", "2024-03-20T00:00:00Z"), [1, 2, 3]);
}

#[test]
fn visible_from_is_when_the_audience_first_could_see_the_version() {
    let s = site(
        meeting("UTC", date(2024, 3, 2), date(2024, 3, 7)),
        document(BRIEFING, &[date(2024, 2, 20), date(2024, 3, 20)]),
    );
    let public = view(
        &s,
        &s.config.audiences["public"],
        parse_as_of("2024-04-01").unwrap(),
    );
    let (_, doc) = public.documents().next().unwrap();
    let opened: Vec<String> = doc
        .versions
        .iter()
        .map(|v| v.visible_from.to_string())
        .collect();
    assert_eq!(opened, ["2024-03-08T00:00:00Z", "2024-03-20T00:00:00Z"]);
}

#[test]
fn as_of_parsing() {
    assert_eq!(
        parse_as_of("2024-03-08").unwrap(),
        "2024-03-08T00:00:00Z".parse::<Timestamp>().unwrap()
    );
    assert_eq!(
        parse_as_of("2024-03-08T09:30:00-04:00").unwrap(),
        "2024-03-08T13:30:00Z".parse::<Timestamp>().unwrap()
    );
    assert!(parse_as_of("2024-02-30").is_err());
    assert!(parse_as_of("yesterday").is_err());
}

#[test]
fn release_entries_parse_or_explain() {
    assert_eq!(
        ReleaseEntry::parse("public:after-meeting").unwrap().when,
        When::AfterMeeting
    );
    assert_eq!(
        ReleaseEntry::parse("members:on-issue").unwrap().when,
        When::OnIssue
    );
    assert_eq!(
        ReleaseEntry::parse("public:2024-05-01").unwrap().when,
        When::From(date(2024, 5, 1))
    );
    assert!(ReleaseEntry::parse("public").is_err());
    assert!(ReleaseEntry::parse("public:later").is_err());
    assert!(ReleaseEntry::parse(":on-issue").is_err());
}
