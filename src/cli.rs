//! Command-line definitions (clap). No logic: `main.rs` maps these onto the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Static websites for committee meeting documents, one build per audience.
#[derive(Debug, Parser)]
#[command(name = "plenary", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site for every audience (or the ones named) into <out>/<audience>/.
    Build(BuildArgs),
    /// Build one audience into memory and serve it on this machine, rebuilding and reloading
    /// open pages as files change.
    Serve(ServeArgs),
    /// Validate content, links and templates for every audience without writing anything.
    Check(CheckArgs),
    /// What each audience sees now, when each document becomes visible, translation coverage.
    Status(StatusArgs),
    /// Check a folder about to be published: fail if it holds anything the audience may not
    /// see as of the given instant (the build's leak guard, run on any folder).
    Audit(AuditArgs),
    /// Create a meeting, document, version or translation: folders, TOML entries and the
    /// Markdown file. Never overwrites.
    New(NewArgs),
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The content folder.
    #[arg(
        long,
        default_value = "site-content",
        value_name = "DIR",
        global = true
    )]
    pub site: PathBuf,
    #[command(subcommand)]
    pub what: NewCommand,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// meetings/<ID>/meeting.toml.
    Meeting {
        /// The meeting's folder name (its URL), e.g. m78.
        id: String,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        start: String,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        end: String,
        /// IANA time zone of the venue, e.g. America/Puerto_Rico.
        #[arg(long)]
        timezone: String,
        /// Its name in the default language (default: the id).
        #[arg(long)]
        name: Option<String>,
        /// Where it takes place, in the default language.
        #[arg(long)]
        location: Option<String>,
    },
    /// meetings/<MEETING>/<DOC>/document.toml with version 1, and v1.<default language>.md.
    Document {
        /// <meeting>/<document>, e.g. m78/host-arrangements.
        id: String,
        /// The kind: briefing, transcript, summary… (one site.toml gives release stages).
        #[arg(long)]
        kind: String,
        /// The session it belongs to.
        #[arg(long)]
        session: Option<String>,
        /// Its title in the default language (default: the folder name).
        #[arg(long)]
        title: Option<String>,
        /// Version 1's date, YYYY-MM-DD (default: today in the meeting's time zone).
        #[arg(long)]
        date: Option<String>,
    },
    /// The next [[versions]] entry, and its files: a copy of the last version in each language.
    Version {
        /// <meeting>/<document>.
        id: String,
        /// Its date, YYYY-MM-DD (default: today in the meeting's time zone).
        #[arg(long)]
        date: Option<String>,
    },
    /// The latest version in one more language, starting from the default language's text.
    Translation {
        /// <meeting>/<document>.
        id: String,
        /// The language code, one of site.toml's.
        lang: String,
    },
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The content folder.
    #[arg(long, default_value = "site-content", value_name = "DIR")]
    pub site: PathBuf,
    /// Build only this audience (repeatable).
    #[arg(long, value_name = "NAME", conflicts_with = "all")]
    pub audience: Vec<String>,
    /// Build every audience (the default).
    #[arg(long)]
    pub all: bool,
    /// The instant to build as of: a date (00:00 UTC) or an RFC 3339 date-time. Default: now.
    #[arg(long, value_name = "DATE|DATETIME")]
    pub as_of: Option<String>,
    /// The output folder.
    #[arg(long, default_value = "dist", value_name = "DIR")]
    pub out: PathBuf,
    /// Print how long each phase took.
    #[arg(long)]
    pub timings: bool,
    /// List every warning on its own (else warnings of one cause are one entry with a count).
    #[arg(long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The content folder.
    #[arg(long, default_value = "site-content", value_name = "DIR")]
    pub site: PathBuf,
    /// The audience to preview. Default: the first restricted one (members see everything
    /// staff are writing).
    #[arg(long, value_name = "NAME")]
    pub audience: Option<String>,
    /// The instant to preview as of: a date (00:00 UTC) or an RFC 3339 date-time. Default:
    /// when serve starts (restart it, or pass this, to move it).
    #[arg(long, value_name = "DATE|DATETIME")]
    pub as_of: Option<String>,
    /// The port (0: any free one).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// The address to listen on. Anything but loopback shows restricted documents to the
    /// network.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The content folder.
    #[arg(long, default_value = "site-content", value_name = "DIR")]
    pub site: PathBuf,
    /// Check as of this instant (links to documents not yet visible are reported). Default: now.
    #[arg(long, value_name = "DATE|DATETIME")]
    pub as_of: Option<String>,
    /// List every warning on its own (else warnings of one cause are one entry with a count).
    #[arg(long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The content folder.
    #[arg(long, default_value = "site-content", value_name = "DIR")]
    pub site: PathBuf,
    /// Report as of this instant. Default: now.
    #[arg(long, value_name = "DATE|DATETIME")]
    pub as_of: Option<String>,
    /// Print JSON for machines instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Print the translation coverage matrix (documents × languages, per meeting) instead
    /// of the release calendar. Coloured on a terminal unless NO_COLOR is set.
    #[arg(long, conflicts_with = "json")]
    pub coverage: bool,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The content folder the output was built from.
    #[arg(long, default_value = "site-content", value_name = "DIR")]
    pub site: PathBuf,
    /// The audience the folder is for.
    #[arg(long, value_name = "NAME")]
    pub audience: String,
    /// The instant it is published at. Default: now.
    #[arg(long, value_name = "DATE|DATETIME")]
    pub as_of: Option<String>,
    /// The folder to check, e.g. dist/public.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
}
