//! Calendars (iCalendar, RFC 5545) a delegate subscribes to: every meeting of the site
//! (`<lang>/calendar.ics`), one meeting's sessions (`<lang>/meetings/<m>/calendar.ics`) and,
//! in restricted builds, the release calendar (`<lang>/releases.ics`): one event at the
//! instant each document the audience sees becomes public.
//!
//! Times are written in UTC (`DTSTART:20260309T063000Z`), which RFC 5545 allows and every
//! calendar application reads, so no VTIMEZONE has to be kept in step with the tz database;
//! meetings are all-day events on their own dates. Each event's UID is stable across builds,
//! languages and audiences (the same session is the same event); its DTSTAMP is a fixed
//! instant of its data, never the clock, so that the file is byte-identical across builds.

use std::fmt::Write;

use jiff::civil::Date;
use jiff::Timestamp;

use super::agenda::session_anchor;
use super::i18n::Strings;
use crate::content::model::{Meeting, Session};
use crate::plan::{absolute, Urls};
use crate::release::{self, AudienceView, MeetingView};

/// One calendar line is folded after this many octets (RFC 5545, 3.1).
const FOLD_AT: usize = 75;

/// When an event takes place.
enum When {
    /// Whole days, `last` included (written with the exclusive end RFC 5545 asks for).
    Days { first: Date, last: Date },
    /// From one instant to another.
    Between { start: Timestamp, end: Timestamp },
}

struct Event {
    uid: String,
    stamp: Timestamp,
    when: When,
    summary: String,
    location: String,
    description: String,
    url: String,
    /// Shown as free time: a meeting's days and release instants are not appointments;
    /// sessions are (the delegate is busy).
    transparent: bool,
}

/// What a calendar says of itself.
struct Header<'a> {
    name: &'a str,
    lang: &'a str,
    url: String,
}

/// The site's calendar in `strings.lang`: every meeting as all-day events.
pub fn site(view: &AudienceView<'_>, urls: &Urls, strings: &Strings) -> String {
    let lang = strings.lang.as_str();
    let site_title = view.config.title.get(lang, &view.config.default_language);
    let name = strings.format("calendar_site", &[("site", site_title)]);
    let mut events: Vec<Event> = view
        .meetings
        .iter()
        .map(|m| meeting_event(view, urls, strings, m.meeting))
        .collect();
    events.sort_by(|a, b| a.uid.cmp(&b.uid));
    let header = Header {
        name: &name,
        lang,
        url: absolute(view, urls, &urls.calendar(lang)),
    };
    write_calendar(&header, &events)
}

/// One meeting's calendar: its sessions, or the meeting itself when it lists none.
pub fn meeting(
    view: &AudienceView<'_>,
    urls: &Urls,
    strings: &Strings,
    meeting: &MeetingView<'_>,
) -> String {
    let m = meeting.meeting;
    let lang = strings.lang.as_str();
    let name = m.name.get(lang, &view.config.default_language);
    let events: Vec<Event> = if m.sessions.is_empty() {
        vec![meeting_event(view, urls, strings, m)]
    } else {
        m.sessions
            .iter()
            .map(|s| session_event(view, urls, strings, meeting, s))
            .collect()
    };
    let header = Header {
        name,
        lang,
        url: absolute(view, urls, &urls.meeting_calendar(lang, &m.id)),
    };
    write_calendar(&header, &events)
}

/// The release calendar of a restricted build: for each document it sees, the instant the
/// document's first version opens to each audience without sign-in. Its titles are not
/// public, so it is planned in restricted builds only.
pub fn releases(view: &AudienceView<'_>, urls: &Urls, strings: &Strings) -> String {
    let lang = strings.lang.as_str();
    let default = view.config.default_language.as_str();
    let site_title = view.config.title.get(lang, default);
    let name = strings.format("calendar_releases", &[("site", site_title)]);
    let open_audiences = view.config.audiences.values().filter(|a| !a.restricted);
    let mut events = Vec::new();
    for public in open_audiences {
        for (meeting, document) in view.documents() {
            let m = meeting.meeting;
            let Some(opens) = release::first_opens_to(view.config, m, document, &public.name)
            else {
                continue;
            };
            let first = document.versions[0].version;
            let link_lang = if first.translations.contains_key(lang) {
                lang
            } else {
                default
            };
            let title = &first.translations[link_lang].title;
            let url = absolute(
                view,
                urls,
                &urls.document(link_lang, &m.id, &document.meta.slug),
            );
            events.push(Event {
                uid: format!(
                    "{}/{}/release/{}@{}",
                    m.id,
                    document.meta.slug,
                    public.name,
                    host(view)
                ),
                stamp: release::start_of_day(first.date, &m.timezone),
                when: When::Between {
                    start: opens,
                    end: opens,
                },
                summary: strings.format("release_event", &[("title", title)]),
                location: String::new(),
                description: format!("{}\n{url}", m.name.get(lang, default)),
                url,
                transparent: true,
            });
        }
    }
    events.sort_by(|a, b| a.uid.cmp(&b.uid));
    let header = Header {
        name: &name,
        lang,
        url: absolute(view, urls, &urls.release_calendar(lang)),
    };
    write_calendar(&header, &events)
}

fn meeting_event(view: &AudienceView<'_>, urls: &Urls, strings: &Strings, m: &Meeting) -> Event {
    let lang = strings.lang.as_str();
    let default = view.config.default_language.as_str();
    let url = absolute(view, urls, &urls.meeting(lang, &m.id));
    Event {
        uid: format!("{}@{}", m.id, host(view)),
        stamp: release::start_of_day(m.start, &m.timezone),
        when: When::Days {
            first: m.start,
            last: m.end,
        },
        summary: m.name.get(lang, default).to_string(),
        location: m.location.get(lang, default).to_string(),
        description: url.clone(),
        url,
        transparent: true,
    }
}

fn session_event(
    view: &AudienceView<'_>,
    urls: &Urls,
    strings: &Strings,
    meeting: &MeetingView<'_>,
    session: &Session,
) -> Event {
    let m = meeting.meeting;
    let lang = strings.lang.as_str();
    let default = view.config.default_language.as_str();
    let instant = |at: jiff::civil::DateTime| {
        at.to_zoned_datetime(m.timezone.clone())
            .map_or(Timestamp::MIN, |z| z.timestamp())
    };
    let url = format!(
        "{}#{}",
        absolute(view, urls, &urls.meeting(lang, &m.id)),
        session_anchor(&session.id)
    );
    // The session's documents this audience sees, by title: what to read before it.
    let mut description: Vec<String> = meeting
        .documents
        .iter()
        .filter(|d| d.meta.session == session.id)
        .map(|d| {
            let latest = d.latest().version;
            let shown = latest
                .translations
                .get(lang)
                .or_else(|| latest.translations.get(default));
            shown.map_or_else(String::new, |t| format!("• {}", t.title))
        })
        .filter(|line| !line.is_empty())
        .collect();
    description.push(url.clone());
    let room = session.room.get(lang, default);
    let place = m.location.get(lang, default);
    let location = match (room.is_empty(), place.is_empty()) {
        (false, false) => strings.format("calendar_location", &[("room", room), ("place", place)]),
        (false, true) => room.to_string(),
        _ => place.to_string(),
    };
    Event {
        uid: format!("{}/session/{}@{}", m.id, session.id, host(view)),
        stamp: release::start_of_day(m.start, &m.timezone),
        when: When::Between {
            start: instant(session.start),
            end: instant(session.end),
        },
        summary: strings.format(
            "calendar_session",
            &[
                ("meeting", m.name.get(lang, default)),
                ("session", session.title.get(lang, default)),
            ],
        ),
        location,
        description: description.join("\n"),
        url,
        transparent: false,
    }
}

/// The host of the audience's base URL, the right-hand side of every UID.
fn host(view: &AudienceView<'_>) -> String {
    let base = view.audience.origin_and_path();
    let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
    after_scheme
        .split('/')
        .next()
        .unwrap_or(after_scheme)
        .to_string()
}

fn write_calendar(header: &Header<'_>, events: &[Event]) -> String {
    let mut out = String::new();
    let mut line = |text: &str| fold_into(&mut out, text);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//plenary//plenary//EN");
    line("CALSCALE:GREGORIAN");
    line(&format!(
        "NAME;LANGUAGE={}:{}",
        header.lang,
        text(header.name)
    ));
    line(&format!("X-WR-CALNAME:{}", text(header.name)));
    line(&format!("SOURCE;VALUE=URI:{}", header.url));
    // Subscribed calendars are fetched again once a day.
    line("REFRESH-INTERVAL;VALUE=DURATION:P1D");
    line("X-PUBLISHED-TTL:P1D");
    for event in events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", text(&event.uid)));
        line(&format!("DTSTAMP:{}", utc(event.stamp)));
        match event.when {
            When::Days { first, last } => {
                let after = last.tomorrow().unwrap_or(last);
                line(&format!("DTSTART;VALUE=DATE:{}", first.strftime("%Y%m%d")));
                line(&format!("DTEND;VALUE=DATE:{}", after.strftime("%Y%m%d")));
            }
            When::Between { start, end } => {
                line(&format!("DTSTART:{}", utc(start)));
                line(&format!("DTEND:{}", utc(end)));
            }
        }
        line(&format!(
            "SUMMARY;LANGUAGE={}:{}",
            header.lang,
            text(&event.summary)
        ));
        if !event.location.is_empty() {
            line(&format!(
                "LOCATION;LANGUAGE={}:{}",
                header.lang,
                text(&event.location)
            ));
        }
        line(&format!(
            "DESCRIPTION;LANGUAGE={}:{}",
            header.lang,
            text(&event.description)
        ));
        line(&format!("URL;VALUE=URI:{}", event.url));
        if event.transparent {
            line("TRANSP:TRANSPARENT");
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

fn utc(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma and line breaks escaped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// `line` with its CRLF, folded so that no line is longer than 75 octets: a fold is a CRLF
/// and one space, never inside a UTF-8 sequence.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > FOLD_AT {
            out.push_str("\r\n ");
            // The space that begins the continuation counts towards its 75 octets.
            width = 1;
        }
        out.push(c);
        width += len;
    }
    let _ = out.write_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut out = String::new();
        let value = "SUMMARY:".to_string() + &"人工智能".repeat(20);
        fold_into(&mut out, &value);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= FOLD_AT, "{} octets: {line}", line.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, value);
        assert!(out.matches("\r\n ").count() >= 3, "{out}");
    }

    #[test]
    fn text_values_escape_what_rfc_5545_reserves() {
        assert_eq!(text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }
}
