//! Dates the way each language writes them, from CLDR data (ICU4X, compiled in).
//!
//! A single date is ICU4X's long year-month-day form: "20 February 2024", "2024年2月20日",
//! "20 февраля 2024 г.". A meeting's range is built from the same output: ICU4X reports
//! which span of the text is the year, the month and the day, and the fields both ends
//! share are written once ("5–7 March 2024", "2024年3月5日–7日"). ICU4X's own range
//! formatter exists only behind its `unstable` feature and, in 2.4, leaves long month names
//! unresolved ("5–7 M03 2024"), so it is not used.

use std::collections::HashMap;
use std::fmt;
use std::sync::RwLock;

use icu_calendar::Gregorian;
use icu_datetime::fieldsets::zone::{LocalizedOffsetShort, SpecificLong};
use icu_datetime::fieldsets::{T, YMD, YMDE};
use icu_datetime::input::{
    Date as IcuDate, DateTime as IcuDateTime, Time as IcuTime, TimeZone as IcuZone, UtcOffset,
};
use icu_datetime::{FixedCalendarDateTimeFormatter, NoCalendarFormatter};
use icu_locale_core::Locale;
use jiff::civil::Date;
use writeable::{Part, PartsWrite, Writeable};

/// Formats dates in one locale.
pub struct DateFormat {
    locale: String,
    formatter: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    /// Dates and ranges already written, by (start, end): an archive has a few thousand
    /// distinct dates and writes each on many pages (ICU4X took 2.4% of a build's CPU).
    written: RwLock<HashMap<(Date, Date), String>>,
    /// A time zone's CLDR name at a given offset: "Atlantic Standard Time", "大西洋标准时间".
    zone_name: NoCalendarFormatter<SpecificLong>,
    /// An offset as the language writes it: "GMT-4", "UTC-4" (fr), "-4 GMT" (pt).
    zone_offset: NoCalendarFormatter<LocalizedOffsetShort>,
    /// A day of a timetable, with its weekday: "Thursday, 5 March 2026".
    weekday: FixedCalendarDateTimeFormatter<Gregorian, YMDE>,
    /// A time of day, hours and minutes, in the locale's hour cycle: "09:30", "9:30 a.m.".
    time: NoCalendarFormatter<T>,
}

impl fmt::Debug for DateFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DateFormat")
            .field("locale", &self.locale)
            .finish()
    }
}

impl DateFormat {
    /// The formatter for `locale` (a BCP 47 tag such as `fr`, `en-001` or `ar-u-nu-arab`).
    /// A locale CLDR does not know falls back to its nearest parent, as ICU4X does.
    pub fn new(locale: &Locale) -> Result<DateFormat, String> {
        let formatter = FixedCalendarDateTimeFormatter::try_new(locale.into(), YMD::long())
            .map_err(|e| format!("no CLDR date format for `{locale}`: {e}"))?;
        let zone_name = NoCalendarFormatter::try_new(locale.into(), SpecificLong)
            .map_err(|e| format!("no CLDR time zone names for `{locale}`: {e}"))?;
        let zone_offset = NoCalendarFormatter::try_new(locale.into(), LocalizedOffsetShort)
            .map_err(|e| format!("no CLDR offset format for `{locale}`: {e}"))?;
        let weekday = FixedCalendarDateTimeFormatter::try_new(locale.into(), YMDE::long())
            .map_err(|e| format!("no CLDR weekday format for `{locale}`: {e}"))?;
        let time = NoCalendarFormatter::try_new(locale.into(), T::hm())
            .map_err(|e| format!("no CLDR time format for `{locale}`: {e}"))?;
        Ok(DateFormat {
            locale: locale.to_string(),
            formatter,
            written: RwLock::default(),
            zone_name,
            zone_offset,
            weekday,
            time,
        })
    }

    /// The IANA zone `iana` as people read it on the day `on`, when it is `offset_seconds`
    /// from UTC (at noon: daylight saving is decided by the offset): its CLDR name, `None`
    /// for a zone CLDR does not name, and the offset ("Atlantic Standard Time", "GMT-4").
    pub fn zone(&self, iana: &str, on: Date, offset_seconds: i32) -> (Option<String>, String) {
        let offset = UtcOffset::try_from_seconds(offset_seconds).ok();
        let offset_text = self.offset(offset_seconds);
        let zone = IcuZone::from_iana_id(iana);
        if zone == IcuZone::UNKNOWN {
            return (None, offset_text);
        }
        let Ok(date) = IcuDate::try_new_iso(i32::from(on.year()), on.month() as u8, on.day() as u8)
        else {
            return (None, offset_text);
        };
        let Ok(time) = IcuTime::try_new(12, 0, 0, 0) else {
            return (None, offset_text);
        };
        let at = zone
            .with_offset(offset)
            .at_date_time(IcuDateTime { date, time });
        (Some(self.zone_name.format(&at).to_string()), offset_text)
    }

    /// An offset from UTC as the language writes it: "GMT-4", "UTC−4".
    pub fn offset(&self, offset_seconds: i32) -> String {
        let offset = UtcOffset::try_from_seconds(offset_seconds).ok();
        self.zone_offset
            .format(&IcuZone::UNKNOWN.with_offset(offset))
            .to_string()
    }

    /// A day with its weekday: "Thursday, 5 March 2026".
    pub fn day(&self, date: Date) -> String {
        match IcuDate::try_new_gregorian(
            i32::from(date.year()),
            date.month() as u8,
            date.day() as u8,
        ) {
            Ok(icu) => self.weekday.format(&icu).to_string(),
            Err(_) => date.to_string(),
        }
    }

    /// A time of day in hours and minutes: "09:30".
    pub fn time(&self, hour: i8, minute: i8) -> String {
        match IcuTime::try_new(hour as u8, minute as u8, 0, 0) {
            Ok(time) => self.time.format(&time).to_string(),
            Err(_) => format!("{hour:02}:{minute:02}"),
        }
    }

    /// One date: "20 February 2024".
    pub fn date(&self, date: Date) -> String {
        self.range(date, date)
    }

    /// A range of days: one date when `start == end`, else the shared fields once.
    pub fn range(&self, start: Date, end: Date) -> String {
        // Only ever inserted into: a poisoned lock still holds good entries.
        let written = self.written.read().unwrap_or_else(|p| p.into_inner());
        if let Some(text) = written.get(&(start, end)) {
            return text.clone();
        }
        drop(written);
        let text = self.write_range(start, end);
        let mut written = self.written.write().unwrap_or_else(|p| p.into_inner());
        written.insert((start, end), text.clone());
        text
    }

    fn write_range(&self, start: Date, end: Date) -> String {
        if start == end {
            return self.fields(start).text;
        }
        let first = self.fields(start);
        let last = self.fields(end);
        let shared = [
            start.year() == end.year(),
            start.year() == end.year() && start.month() == end.month(),
            false,
        ];
        let (head, tail) = match (first.collapsible(shared), last.collapsible(shared)) {
            (Some(order_first), Some(order_last)) if order_first == order_last => (
                first.without_shared_end(shared),
                last.without_shared_start(shared),
            ),
            // A pattern whose fields we cannot tell apart: both dates in full, still correct.
            _ => (first.text.as_str(), last.text.as_str()),
        };
        format!("{head}{}{tail}", dash(head))
    }

    /// The month names as dates write them (for the leak guard's list of UI text).
    pub fn month_names(&self) -> Vec<String> {
        (1..=12)
            .filter_map(|month| {
                let fields = self.fields(Date::new(2024, month, 1).ok()?);
                let (start, end) = fields.spans[MONTH]?;
                Some(fields.text[start..end].to_string())
            })
            .collect()
    }

    fn fields(&self, date: Date) -> Fields {
        let mut sink = Fields::default();
        match IcuDate::try_new_gregorian(
            i32::from(date.year()),
            date.month() as u8,
            date.day() as u8,
        ) {
            // Writing into a String cannot fail.
            Ok(icu) => drop(self.formatter.format(&icu).write_to_parts(&mut sink)),
            Err(_) => sink.text = date.to_string(),
        }
        sink
    }
}

/// The dash between the two ends of a range: tight after a lone number or text written
/// without spaces ("5–7 March", "5日–7日"), spaced after words ("28 February – 2 March").
fn dash(head: &str) -> &'static str {
    if head.chars().any(char::is_whitespace) {
        " – "
    } else {
        "–"
    }
}

const YEAR: usize = 0;
const MONTH: usize = 1;
const DAY: usize = 2;

/// A formatted date and where its year, month and day are in the text.
#[derive(Default)]
struct Fields {
    text: String,
    spans: [Option<(usize, usize)>; 3],
}

impl Fields {
    /// The field order (indexes into `spans`, by position in the text) when all three are
    /// present and the shared ones sit together at one end, so they can be written once.
    fn collapsible(&self, shared: [bool; 3]) -> Option<[usize; 3]> {
        let mut order = [YEAR, MONTH, DAY];
        for field in order {
            self.spans[field]?;
        }
        order.sort_by_key(|&field| self.spans[field].map(|(start, _)| start));
        let kept: Vec<bool> = order.iter().map(|&field| !shared[field]).collect();
        // Shared fields must be a prefix, a suffix or both (never between kept ones).
        let first_kept = kept.iter().position(|&k| k)?;
        let last_kept = kept.iter().rposition(|&k| k)?;
        kept[first_kept..=last_kept]
            .iter()
            .all(|&k| k)
            .then_some(order)
    }

    /// The text up to the end of the last field that is not shared ("28 February").
    fn without_shared_end(&self, shared: [bool; 3]) -> &str {
        let end = self
            .ordered()
            .filter(|&(field, _)| !shared[field])
            .map(|(_, (_, end))| end)
            .max()
            .unwrap_or(self.text.len());
        let trailing_shared = self
            .ordered()
            .any(|(field, (start, _))| shared[field] && start >= end);
        if trailing_shared {
            self.text[..end].trim_end()
        } else {
            &self.text
        }
    }

    /// The text from the first field that is not shared ("7日" of "2024年3月7日").
    fn without_shared_start(&self, shared: [bool; 3]) -> &str {
        let start = self
            .ordered()
            .filter(|&(field, _)| !shared[field])
            .map(|(_, (start, _))| start)
            .min()
            .unwrap_or(0);
        let leading_shared = self
            .ordered()
            .any(|(field, (_, end))| shared[field] && end <= start);
        if leading_shared {
            self.text[start..].trim_start()
        } else {
            &self.text
        }
    }

    fn ordered(&self) -> impl Iterator<Item = (usize, (usize, usize))> + '_ {
        self.spans
            .iter()
            .enumerate()
            .filter_map(|(field, span)| span.map(|span| (field, span)))
    }
}

impl fmt::Write for Fields {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.text.push_str(s);
        Ok(())
    }
}

impl PartsWrite for Fields {
    type SubPartsWrite = Self;

    fn with_part(
        &mut self,
        part: Part,
        mut f: impl FnMut(&mut Self) -> fmt::Result,
    ) -> fmt::Result {
        let start = self.text.len();
        f(self)?;
        let field = match part {
            p if p == icu_datetime::parts::YEAR => YEAR,
            p if p == icu_datetime::parts::MONTH => MONTH,
            p if p == icu_datetime::parts::DAY => DAY,
            _ => return Ok(()),
        };
        self.spans[field] = Some((start, self.text.len()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(tag: &str) -> DateFormat {
        DateFormat::new(&tag.parse().unwrap()).unwrap()
    }

    fn day(y: i16, m: i8, d: i8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn each_committee_language_writes_a_date_its_own_way() {
        let date = day(2024, 2, 20);
        let expected = [
            ("en-001", "20 February 2024"),
            ("fr", "20 février 2024"),
            ("es", "20 de febrero de 2024"),
            ("ru", "20 февраля 2024\u{202f}г."),
            ("zh", "2024年2月20日"),
            ("ar", "20 فبراير 2024"),
            ("pt", "20 de fevereiro de 2024"),
            ("ar-u-nu-arab", "٢٠ فبراير ٢٠٢٤"),
        ];
        for (tag, text) in expected {
            assert_eq!(format(tag).date(date), text, "{tag}");
        }
    }

    #[test]
    fn ranges_write_what_both_ends_share_once() {
        let cases = [
            ("en-001", (3, 5), (3, 7), "5–7 March 2024"),
            ("en-001", (2, 28), (3, 2), "28 February – 2 March 2024"),
            ("en", (3, 5), (3, 7), "March 5 – 7, 2024"),
            ("fr", (3, 5), (3, 7), "5–7 mars 2024"),
            ("es", (2, 28), (3, 2), "28 de febrero – 2 de marzo de 2024"),
            ("ru", (3, 5), (3, 7), "5–7 марта 2024\u{202f}г."),
            ("zh", (3, 5), (3, 7), "2024年3月5日–7日"),
            ("zh", (2, 28), (3, 2), "2024年2月28日–3月2日"),
            ("ar", (3, 5), (3, 7), "5–7 مارس 2024"),
            ("pt", (3, 5), (3, 7), "5–7 de março de 2024"),
        ];
        for (tag, (m1, d1), (m2, d2), text) in cases {
            let range = format(tag).range(day(2024, m1, d1), day(2024, m2, d2));
            assert_eq!(range, text, "{tag}");
        }
    }

    #[test]
    fn a_range_across_years_is_two_full_dates_and_one_day_is_one_date() {
        let f = format("en-001");
        assert_eq!(
            f.range(day(2024, 12, 30), day(2025, 1, 2)),
            "30 December 2024 – 2 January 2025"
        );
        assert_eq!(
            format("zh").range(day(2024, 12, 30), day(2025, 1, 2)),
            "2024年12月30日–2025年1月2日"
        );
        assert_eq!(f.range(day(2024, 3, 5), day(2024, 3, 5)), "5 March 2024");
    }

    #[test]
    fn month_names_come_from_cldr() {
        let names = format("ru").month_names();
        assert_eq!(names.len(), 12);
        assert_eq!(names[2], "марта");
        assert_eq!(format("en-001").month_names()[11], "December");
    }
}
