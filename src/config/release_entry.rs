//! Release entries as written in `site.toml` and `document.toml`: `AUDIENCE:WHEN`. Parsed
//! here with the rest of the configuration; [`crate::release`] applies them.

use jiff::civil::Date;

/// When a release entry opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum When {
    /// From the date of each version.
    OnIssue,
    /// From 00:00 of the day after the meeting ends (or the meeting's `public_from`).
    AfterMeeting,
    /// From 00:00 of this date, in the meeting's time zone.
    From(Date),
}

/// `AUDIENCE:WHEN`, one line of a release list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReleaseEntry {
    pub audience: String,
    pub when: When,
}

impl ReleaseEntry {
    /// What a valid entry looks like, for error hints.
    pub const HINT: &'static str =
        "write AUDIENCE:WHEN, where WHEN is on-issue, after-meeting or a date such as 2024-03-08";

    pub fn parse(text: &str) -> Result<ReleaseEntry, String> {
        let Some((audience, when)) = text.split_once(':') else {
            return Err(format!("release entry `{text}` has no `:`"));
        };
        let audience = audience.trim();
        if audience.is_empty() {
            return Err(format!("release entry `{text}` names no audience"));
        }
        let when = match when.trim() {
            "on-issue" => When::OnIssue,
            "after-meeting" => When::AfterMeeting,
            other => match other.parse::<Date>() {
                Ok(date) if other.len() == 10 => When::From(date),
                _ => return Err(format!("`{other}` in release entry `{text}` is not on-issue, after-meeting or a YYYY-MM-DD date")),
            },
        };
        Ok(ReleaseEntry {
            audience: audience.to_string(),
            when,
        })
    }
}
