//! UI strings and dates in the page's language.
//!
//! Strings come from the theme's `i18n/<lang>.toml`. A key missing in a language falls back
//! to the default language (with a warning from `check`), never to an empty string.

use std::collections::BTreeMap;
use std::sync::Arc;

use icu_locale_core::Locale;
use jiff::civil::Date;
use serde::Deserialize;

use super::dates::DateFormat;
use crate::config::{ReleaseEntry, When};
use crate::content::model::Session;
use crate::support::language::capitalised;

/// One language's UI strings, as written in `i18n/<lang>.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawStrings {
    /// The CLDR locale dates are written in (`en-001`: "20 February 2024"); the file's
    /// language code when absent. Never inherited from another language.
    #[serde(default)]
    pub locale: Option<String>,
    /// Every other key: a plain string.
    #[serde(flatten)]
    pub strings: BTreeMap<String, String>,
}

/// Strings for one language, with the default language's strings filled in.
#[derive(Debug, Clone)]
pub struct Strings {
    pub lang: String,
    pub map: BTreeMap<String, String>,
    /// `map` as templates see it (`t.key`), made once, not per page: a tera value is shared
    /// (reference-counted), so each page's context holds it for the price of a pointer.
    pub value: tera::Value,
    /// Month names as this language's dates write them ("февраля"), January first.
    pub months: Vec<String>,
    dates: Arc<DateFormat>,
}

impl Strings {
    /// `own` completed from `fallback` key by key.
    pub fn merged(lang: &str, own: Option<&RawStrings>, fallback: &RawStrings) -> Strings {
        let mut map = fallback.strings.clone();
        if let Some(own) = own {
            map.extend(
                own.strings
                    .iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| (k.clone(), v.clone())),
            );
        }
        let dates = date_format(own.and_then(|o| o.locale.as_deref()), lang);
        Strings {
            lang: lang.to_string(),
            value: tera::Value::from_serializable(&map),
            map,
            months: dates.month_names(),
            dates: Arc::new(dates),
        }
    }

    /// The string for `key`; the key itself if no language has it (visible, never empty).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map_or(key, String::as_str)
    }

    /// The string for `key` with `{name}` placeholders filled.
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.get(key), args)
    }

    /// A date the way this language writes it (CLDR's long form).
    pub fn date(&self, date: Date) -> String {
        self.dates.date(date)
    }

    /// A document's distribution, "Members (before meeting) and Public (after meeting)",
    /// from its release entries; `before_meeting`: it is first issued before its meeting.
    pub fn distribution(&self, release: &[ReleaseEntry], before_meeting: bool) -> String {
        let parts: Vec<String> = release
            .iter()
            .map(|entry| {
                let audience = self.audience_label(&entry.audience);
                let when = match entry.when {
                    When::OnIssue if before_meeting => self.get("when_before_meeting").to_string(),
                    When::OnIssue => self.get("when_on_issue").to_string(),
                    When::AfterMeeting => self.get("when_after_meeting").to_string(),
                    When::From(date) => self.format("when_from", &[("date", &self.date(date))]),
                };
                self.format(
                    "distribution_entry",
                    &[("audience", &audience), ("when", &when)],
                )
            })
            .collect();
        match parts.as_slice() {
            [] => self.get("distribution_none").to_string(),
            [one] => one.clone(),
            [rest @ .., last] => format!(
                "{}{}{last}",
                rest.join(self.get("list_separator")),
                self.get("list_and")
            ),
        }
    }

    fn audience_label(&self, audience: &str) -> String {
        let key = format!("audience_{audience}");
        match self.map.get(&key) {
            Some(label) => label.clone(),
            None => capitalised(audience),
        }
    }

    /// A meeting's time zone as people read it: "Atlantic Standard Time (GMT-4)",
    /// "大西洋标准时间（GMT-4）" (the theme's `time_zone` pattern), from CLDR's name for the
    /// zone and offset on the day `on`; the offset alone where CLDR has no name.
    pub fn time_zone(&self, iana: &str, zone: &jiff::tz::TimeZone, on: Date) -> String {
        let noon = on
            .at(12, 0, 0, 0)
            .to_zoned_datetime(zone.clone())
            .map_or(0, |z| z.offset().seconds());
        match self.dates.zone(iana, on, noon) {
            (Some(name), offset) => {
                self.format("time_zone", &[("name", &name), ("offset", &offset)])
            }
            (None, offset) => offset,
        }
    }

    /// When a session takes place, in the meeting's zone with the offset it has then
    /// (the theme's `session_time` pattern): "Thursday, 5 March 2026, 09:30–12:30 (GMT-4)".
    pub fn session_time(&self, session: &Session, zone: &jiff::tz::TimeZone) -> String {
        let offset = session
            .start
            .to_zoned_datetime(zone.clone())
            .map_or(0, |z| z.offset().seconds());
        let (start, end) = (session.start, session.end);
        let end_text = if end.date() == start.date() {
            self.dates.time(end.hour(), end.minute())
        } else {
            format!(
                "{} {}",
                self.dates.day(end.date()),
                self.dates.time(end.hour(), end.minute())
            )
        };
        self.format(
            "session_time",
            &[
                ("day", &self.dates.day(start.date())),
                ("start", &self.dates.time(start.hour(), start.minute())),
                ("end", &end_text),
                ("offset", &self.dates.offset(offset)),
            ],
        )
    }

    /// A meeting's dates: one date, or a range written the way this language writes one.
    pub fn date_range(&self, start: Date, end: Date) -> String {
        self.dates.range(start, end)
    }
}

/// The date format for `locale` (checked when the theme was read), else for the language
/// code, else CLDR's root: dates are never left unwritten.
fn date_format(locale: Option<&str>, lang: &str) -> DateFormat {
    [locale, Some(lang), Some("und")]
        .into_iter()
        .flatten()
        .filter_map(|tag| tag.parse::<Locale>().ok())
        .find_map(|locale| DateFormat::new(&locale).ok())
        .expect("CLDR's root locale is compiled in")
}

/// Why `tag` cannot name the locale of a language's dates, if it cannot.
pub fn locale_problem(tag: &str) -> Option<String> {
    match tag.parse::<Locale>() {
        Err(e) => Some(format!("`{tag}` is not a BCP 47 locale ({e})")),
        Ok(locale) => DateFormat::new(&locale).err(),
    }
}

/// The keys `own` lacks (or leaves empty) that `fallback` has, sorted.
pub fn missing_keys(own: Option<&RawStrings>, fallback: &RawStrings) -> Vec<String> {
    let mut missing: Vec<String> = fallback
        .strings
        .keys()
        .filter(|key| {
            own.and_then(|o| o.strings.get(*key))
                .is_none_or(|v| v.is_empty())
        })
        .cloned()
        .collect();
    missing.sort();
    missing
}

fn fill(pattern: &str, args: &[(&str, &str)]) -> String {
    let mut text = pattern.to_string();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_keys_are_listed() {
        let fallback = RawStrings {
            locale: None,
            strings: BTreeMap::from([
                ("a".to_string(), "A".to_string()),
                ("b".to_string(), "B".to_string()),
            ]),
        };
        let own = RawStrings {
            locale: None,
            strings: BTreeMap::from([
                ("a".to_string(), "Á".to_string()),
                ("b".to_string(), String::new()),
            ]),
        };
        assert_eq!(missing_keys(Some(&own), &fallback), ["b"]);
        assert_eq!(missing_keys(None, &fallback), ["a", "b"]);
    }

    #[test]
    fn missing_key_falls_back_to_default_language_not_empty() {
        let fallback = RawStrings {
            locale: None,
            strings: BTreeMap::from([("home".to_string(), "Home".to_string())]),
        };
        let own = RawStrings {
            locale: None,
            strings: BTreeMap::from([("home".to_string(), String::new())]),
        };
        assert_eq!(
            Strings::merged("fr", Some(&own), &fallback).get("home"),
            "Home"
        );
    }
}
