//! UI strings and dates in the page's language.
//!
//! Strings come from the theme's `i18n/<lang>.toml`. A key missing in a language falls back
//! to the default language (with a warning from `check`), never to an empty string.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Deserialize;

/// One language's UI strings, as written in `i18n/<lang>.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawStrings {
    /// Month names as used in a full date ("février", "февраля"), January first.
    #[serde(default)]
    pub months: Vec<String>,
    /// Every other key: a plain string.
    #[serde(flatten)]
    pub strings: BTreeMap<String, String>,
}

/// Strings for one language, with the default language's strings filled in.
#[derive(Debug, Clone)]
pub struct Strings {
    pub lang: String,
    pub map: BTreeMap<String, String>,
    pub months: Vec<String>,
}

impl Strings {
    /// `own` completed from `fallback` key by key.
    pub fn merged(lang: &str, own: Option<&RawStrings>, fallback: &RawStrings) -> Strings {
        let mut map = fallback.strings.clone();
        let mut months = fallback.months.clone();
        if let Some(own) = own {
            map.extend(
                own.strings
                    .iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| (k.clone(), v.clone())),
            );
            if own.months.len() == 12 {
                months = own.months.clone();
            }
        }
        Strings {
            lang: lang.to_string(),
            map,
            months,
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

    /// A date the way this language writes it, from the `date_format` pattern.
    pub fn date(&self, date: Date) -> String {
        let month = self
            .months
            .get(date.month() as usize - 1)
            .map_or_else(|| format!("{:02}", date.month()), Clone::clone);
        let pattern = self.get("date_format");
        let pattern = if pattern == "date_format" {
            "{year}-{month_padded}-{day_padded}"
        } else {
            pattern
        };
        let text = fill(
            pattern,
            &[
                ("day", &date.day().to_string()),
                ("day_padded", &format!("{:02}", date.day())),
                ("month", &month),
                ("month_number", &date.month().to_string()),
                ("month_padded", &format!("{:02}", date.month())),
                ("year", &date.year().to_string()),
            ],
        );
        if self.get("digits") == "arabic-indic" {
            to_arabic_indic(&text)
        } else {
            text
        }
    }

    /// A meeting's dates: one date, or a range.
    pub fn date_range(&self, start: Date, end: Date) -> String {
        if start == end {
            self.date(start)
        } else {
            self.format(
                "date_range",
                &[("start", &self.date(start)), ("end", &self.date(end))],
            )
        }
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
    // Month names matter only where the date pattern spells the month out (zh uses numbers).
    let pattern = own
        .and_then(|o| o.strings.get("date_format"))
        .or_else(|| fallback.strings.get("date_format"));
    if pattern.is_some_and(|p| p.contains("{month}")) && own.is_none_or(|o| o.months.len() != 12) {
        missing.push("months".to_string());
    }
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

fn to_arabic_indic(text: &str) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32(0x0660 + d).unwrap_or(c),
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(pattern: &str, months: &[&str]) -> Strings {
        let raw = RawStrings {
            months: months.iter().map(|m| m.to_string()).collect(),
            strings: BTreeMap::from([
                ("date_format".to_string(), pattern.to_string()),
                ("date_range".to_string(), "{start} – {end}".to_string()),
            ]),
        };
        Strings::merged("xx", None, &raw)
    }

    #[test]
    fn dates_follow_the_language_pattern() {
        let months = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let date = Date::constant(2024, 2, 20);
        assert_eq!(
            strings("{day} {month} {year}", &months).date(date),
            "20 February 2024"
        );
        assert_eq!(
            strings("{year}年{month_number}月{day}日", &[]).date(date),
            "2024年2月20日"
        );
    }

    #[test]
    fn missing_keys_are_listed() {
        let fallback = RawStrings {
            months: vec![],
            strings: BTreeMap::from([
                ("a".to_string(), "A".to_string()),
                ("b".to_string(), "B".to_string()),
            ]),
        };
        let own = RawStrings {
            months: vec![],
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
            months: vec![],
            strings: BTreeMap::from([("home".to_string(), "Home".to_string())]),
        };
        let own = RawStrings {
            months: vec![],
            strings: BTreeMap::from([("home".to_string(), String::new())]),
        };
        assert_eq!(
            Strings::merged("fr", Some(&own), &fallback).get("home"),
            "Home"
        );
    }
}
