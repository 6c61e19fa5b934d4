//! `plenary new`: the secretariat's chores from the command line — a new meeting, document,
//! version or translation, with its folders, its TOML entries and its Markdown file.
//!
//! TOML is edited with toml_edit, so the comments, order and layout an author gave
//! `document.toml` survive a new `[[versions]]` entry. Nothing is ever overwritten: a file
//! that exists is an error. What is created passes `plenary check`.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use toml_edit::{value, ArrayOfTables, DocumentMut, InlineTable, Table};

use crate::cli::NewCommand;
use crate::config::{self, is_slug, Config};

/// Run `plenary new …` as of now: the files created, relative to `site`.
pub fn run(site: &Path, command: &NewCommand) -> Result<Vec<PathBuf>, String> {
    let what = New::from_command(command)?;
    let now = jiff::Timestamp::now();
    create(site, &what, |zone| {
        now.to_zoned_datetime(zone.clone()).date()
    })
}

fn date(text: &str, what: &str) -> Result<Date, String> {
    text.parse()
        .map_err(|_| format!("{what} `{text}` is not a date: write YYYY-MM-DD"))
}

impl New {
    fn from_command(command: &NewCommand) -> Result<New, String> {
        let optional =
            |text: &Option<String>| text.as_deref().map(|t| date(t, "--date")).transpose();
        Ok(match command {
            NewCommand::Meeting {
                id,
                start,
                end,
                timezone,
                name,
                location,
            } => New::Meeting {
                id: id.clone(),
                name: name.clone(),
                location: location.clone(),
                start: date(start, "--start")?,
                end: date(end, "--end")?,
                timezone: timezone.clone(),
            },
            NewCommand::Document {
                id,
                kind,
                session,
                title,
                date,
            } => New::Document {
                id: id.clone(),
                kind: kind.clone(),
                session: session.clone(),
                title: title.clone(),
                date: optional(date)?,
            },
            NewCommand::Version { id, date } => New::Version {
                id: id.clone(),
                date: optional(date)?,
            },
            NewCommand::Translation { id, lang } => New::Translation {
                id: id.clone(),
                lang: lang.clone(),
            },
        })
    }
}

/// What to create.
pub enum New {
    Meeting {
        id: String,
        name: Option<String>,
        location: Option<String>,
        start: Date,
        end: Date,
        timezone: String,
    },
    Document {
        /// `<meeting>/<slug>`.
        id: String,
        kind: String,
        session: Option<String>,
        title: Option<String>,
        date: Option<Date>,
    },
    Version {
        id: String,
        date: Option<Date>,
    },
    Translation {
        id: String,
        lang: String,
    },
}

/// Create `what` in the site at `site`; the files written, relative to the site. `today` is
/// the current instant's date in a zone (the meeting's, for versions): passed in, so tests
/// fix it.
pub fn create(
    site: &Path,
    what: &New,
    today: impl Fn(&TimeZone) -> Date,
) -> Result<Vec<PathBuf>, String> {
    let config = read_config(site)?;
    match what {
        New::Meeting {
            id,
            name,
            location,
            start,
            end,
            timezone,
        } => meeting(
            site,
            &config,
            id,
            name.as_deref(),
            location.as_deref(),
            (*start, *end),
            timezone,
        ),
        New::Document {
            id,
            kind,
            session,
            title,
            date,
        } => document(
            site,
            &config,
            id,
            kind,
            session.as_deref(),
            title.as_deref(),
            *date,
            &today,
        ),
        New::Version { id, date } => version(site, &config, id, *date, &today),
        New::Translation { id, lang } => translation(site, &config, id, lang),
    }
}

/// `meetings/<id>/meeting.toml`.
fn meeting(
    site: &Path,
    config: &Config,
    id: &str,
    name: Option<&str>,
    location: Option<&str>,
    (start, end): (Date, Date),
    timezone: &str,
) -> Result<Vec<PathBuf>, String> {
    let default = config.default_language.as_str();
    slug(id, "meeting")?;
    TimeZone::get(timezone).map_err(|_| {
        format!("`{timezone}` is not a time zone of the IANA database (e.g. America/Puerto_Rico)")
    })?;
    if end < start {
        return Err(format!(
            "the meeting ends ({end}) before it starts ({start})"
        ));
    }
    let mut doc = DocumentMut::new();
    doc["name"] = value(localized(default, name.unwrap_or(id)));
    if let Some(location) = location {
        doc["location"] = value(localized(default, location));
    }
    doc["start"] = value(toml_date(start));
    doc["end"] = value(toml_date(end));
    doc["timezone"] = value(timezone);
    let file = Path::new("meetings").join(id).join("meeting.toml");
    write_new(site, &file, &doc.to_string())?;
    Ok(vec![file])
}

/// A document folder with its `document.toml` (version 1) and its default-language file.
#[allow(clippy::too_many_arguments)]
fn document(
    site: &Path,
    config: &Config,
    id: &str,
    kind: &str,
    session: Option<&str>,
    title: Option<&str>,
    date: Option<Date>,
    today: &impl Fn(&TimeZone) -> Date,
) -> Result<Vec<PathBuf>, String> {
    let default = config.default_language.as_str();
    let (meeting, document) = split(id)?;
    slug(document, "document")?;
    let zone = meeting_zone(site, meeting)?;
    if !config.release.contains_key(kind) {
        let known: Vec<&str> = config.release.keys().map(String::as_str).collect();
        return Err(format!(
            "documents of kind `{kind}` have no release stages in site.toml (kinds there: {})",
            known.join(", ")
        ));
    }
    let date = date.unwrap_or_else(|| today(&zone));
    let mut doc = DocumentMut::new();
    doc["kind"] = value(kind);
    if let Some(session) = session {
        doc["session"] = value(session);
    }
    let mut versions = ArrayOfTables::new();
    versions.push(version_entry(1, date));
    doc["versions"] = toml_edit::Item::ArrayOfTables(versions);
    let folder = Path::new("meetings").join(meeting).join(document);
    if site.join(&folder).exists() {
        return Err(format!("{} exists already", folder.display()));
    }
    let toml = folder.join("document.toml");
    let markdown = folder.join(format!("v1.{default}.md"));
    write_new(site, &toml, &doc.to_string())?;
    write_new(
        site,
        &markdown,
        &front_matter(title.unwrap_or(document), "\n"),
    )?;
    Ok(vec![toml, markdown])
}

/// The next version of a document: each language's text of the last version copied to
/// start from, and its `[[versions]]` entry.
fn version(
    site: &Path,
    config: &Config,
    id: &str,
    date: Option<Date>,
    today: &impl Fn(&TimeZone) -> Date,
) -> Result<Vec<PathBuf>, String> {
    let (meeting, document) = split(id)?;
    let folder = Path::new("meetings").join(meeting).join(document);
    let toml_path = folder.join("document.toml");
    let source = fs::read_to_string(site.join(&toml_path))
        .map_err(|e| format!("{}: {e}", toml_path.display()))?;
    let mut doc: DocumentMut = source
        .parse()
        .map_err(|e| format!("{}: {e}", toml_path.display()))?;
    let (last, last_date) = last_version(&doc)
        .ok_or_else(|| format!("{}: no [[versions]] entry to follow", toml_path.display()))?;
    let date = match date {
        Some(date) => date,
        None => today(&meeting_zone(site, meeting)?),
    };
    if last_date.is_some_and(|d| date < d) {
        return Err(format!(
            "version {} would be dated {date}, before version {last}",
            last + 1
        ));
    }
    let next = last + 1;
    // Each language's text of the last version, to start the new one from.
    let mut written = Vec::new();
    for lang in &config.languages {
        let from = folder.join(format!("v{last}.{lang}.md"));
        let Ok(text) = fs::read_to_string(site.join(&from)) else {
            continue;
        };
        let to = folder.join(format!("v{next}.{lang}.md"));
        if site.join(&to).exists() {
            return Err(format!("{} exists already", to.display()));
        }
        written.push((to, text));
    }
    if written.is_empty() {
        return Err(format!(
            "{}: version {last} has no Markdown file to start from",
            folder.display()
        ));
    }
    match doc
        .get_mut("versions")
        .and_then(|v| v.as_array_of_tables_mut())
    {
        Some(versions) => versions.push(version_entry(next, date)),
        None => unreachable!("last_version found the array"),
    }
    for (to, text) in &written {
        write_new(site, to, text)?;
    }
    // document.toml last: a failure above leaves it as it was.
    fs::write(site.join(&toml_path), doc.to_string())
        .map_err(|e| format!("{}: {e}", toml_path.display()))?;
    let mut files: Vec<PathBuf> = written.into_iter().map(|(to, _)| to).collect();
    files.push(toml_path);
    Ok(files)
}

/// A translation of a document's last version, started from its default-language text.
fn translation(site: &Path, config: &Config, id: &str, lang: &str) -> Result<Vec<PathBuf>, String> {
    let default = config.default_language.as_str();
    let (meeting, document) = split(id)?;
    if !config.languages.iter().any(|l| l == lang) {
        return Err(format!(
            "`{lang}` is not one of the site's languages ({})",
            config.languages.join(", ")
        ));
    }
    let folder = Path::new("meetings").join(meeting).join(document);
    let toml_path = folder.join("document.toml");
    let source = fs::read_to_string(site.join(&toml_path))
        .map_err(|e| format!("{}: {e}", toml_path.display()))?;
    let doc: DocumentMut = source
        .parse()
        .map_err(|e| format!("{}: {e}", toml_path.display()))?;
    let (last, _) = last_version(&doc)
        .ok_or_else(|| format!("{}: no [[versions]] entry", toml_path.display()))?;
    let from = folder.join(format!("v{last}.{default}.md"));
    let text =
        fs::read_to_string(site.join(&from)).map_err(|e| format!("{}: {e}", from.display()))?;
    let to = folder.join(format!("v{last}.{lang}.md"));
    write_new(site, &to, &text)?;
    Ok(vec![to])
}

fn read_config(site: &Path) -> Result<Config, String> {
    let path = site.join("site.toml");
    let source = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    config::parse(&path, &source).map_err(|diagnostics| {
        diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn slug(text: &str, what: &str) -> Result<(), String> {
    if is_slug(text) {
        Ok(())
    } else {
        Err(format!("`{text}` cannot be a {what} folder: use lowercase a-z, 0-9, '-' and '_' (it becomes the URL)"))
    }
}

/// `<meeting>/<slug>` → its two parts.
fn split(id: &str) -> Result<(&str, &str), String> {
    id.trim_matches('/')
        .split_once('/')
        .filter(|(_, document)| !document.contains('/'))
        .ok_or_else(|| {
            format!("`{id}`: name a document as <meeting>/<document>, e.g. m77/host-arrangements")
        })
}

/// The time zone of the meeting `id`, from its `meeting.toml`.
fn meeting_zone(site: &Path, id: &str) -> Result<TimeZone, String> {
    let path = Path::new("meetings").join(id).join("meeting.toml");
    let source = fs::read_to_string(site.join(&path)).map_err(|_| {
        format!(
            "there is no meeting `{id}` ({} not found): create it with `plenary new meeting`",
            path.display()
        )
    })?;
    let doc: DocumentMut = source
        .parse()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let zone = doc
        .get("timezone")
        .and_then(|z| z.as_str())
        .ok_or_else(|| format!("{}: no timezone", path.display()))?;
    TimeZone::get(zone).map_err(|e| format!("{}: {e}", path.display()))
}

fn localized(lang: &str, text: &str) -> InlineTable {
    let mut table = InlineTable::new();
    table.insert(lang, text.into());
    table
}

fn toml_date(date: Date) -> toml_edit::Datetime {
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: date.year() as u16,
            month: date.month() as u8,
            day: date.day() as u8,
        }),
        time: None,
        offset: None,
    }
}

fn version_entry(number: u32, date: Date) -> Table {
    let mut table = Table::new();
    table["number"] = value(i64::from(number));
    table["date"] = value(toml_date(date));
    table
}

/// The highest version number in `[[versions]]`, and its date.
fn last_version(doc: &DocumentMut) -> Option<(u32, Option<Date>)> {
    doc.get("versions")?
        .as_array_of_tables()?
        .iter()
        .filter_map(|v| {
            let number = u32::try_from(v.get("number")?.as_integer()?).ok()?;
            let date = v
                .get("date")
                .and_then(|d| d.as_datetime())
                .and_then(|d| d.date)
                .and_then(|d| Date::new(d.year as i16, d.month as i8, d.day as i8).ok());
            Some((number, date))
        })
        .max_by_key(|(number, _)| *number)
}

fn front_matter(title: &str, body: &str) -> String {
    let mut table = DocumentMut::new();
    table["title"] = value(title);
    format!("+++\n{table}+++\n{body}")
}

/// Write `text` to the new file `relative` in `site`, creating its folder; refuse one that
/// exists.
fn write_new(site: &Path, relative: &Path, text: &str) -> Result<(), String> {
    let path = site.join(relative);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => format!(
                "{} exists already: plenary new never overwrites",
                relative.display()
            ),
            _ => format!("{}: {e}", relative.display()),
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| format!("{}: {e}", relative.display()))
}
