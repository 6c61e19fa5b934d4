//! How URLs are spelled in one audience's build, and the file each one is written to.

use crate::release::AudienceView;

/// The folder of the search bundle under an audience's base: the planner reserves its URL,
/// the search stage writes into it.
pub const BUNDLE_DIR: &str = "pagefind";

/// How URLs are spelled in one audience's build.
#[derive(Debug, Clone)]
pub struct Urls {
    /// Path prefix of every URL, with slashes on both ends (`/` at a domain's root).
    pub base: String,
}

impl Urls {
    pub fn chooser(&self) -> String {
        self.base.clone()
    }
    pub fn home(&self, lang: &str) -> String {
        format!("{}{lang}/", self.base)
    }
    pub fn meetings(&self, lang: &str) -> String {
        format!("{}{lang}/meetings/", self.base)
    }
    pub fn meeting(&self, lang: &str, id: &str) -> String {
        format!("{}{lang}/meetings/{id}/", self.base)
    }
    pub fn document(&self, lang: &str, meeting: &str, slug: &str) -> String {
        format!("{}{lang}/meetings/{meeting}/{slug}/", self.base)
    }
    pub fn version(&self, lang: &str, meeting: &str, slug: &str, number: u32) -> String {
        format!("{}{lang}/meetings/{meeting}/{slug}/v{number}/", self.base)
    }
    /// The redline of version `number` against the one before it.
    pub fn changes(&self, lang: &str, meeting: &str, slug: &str, number: u32) -> String {
        format!(
            "{}{lang}/meetings/{meeting}/{slug}/changes/v{number}/",
            self.base
        )
    }
    pub fn topics(&self, lang: &str) -> String {
        format!("{}{lang}/topics/", self.base)
    }
    pub fn topic(&self, lang: &str, topic: &str) -> String {
        format!("{}{lang}/topics/{topic}/", self.base)
    }
    pub fn page(&self, lang: &str, slug: &str) -> String {
        format!("{}{lang}/{slug}/", self.base)
    }
    /// Translation coverage: restricted builds only.
    pub fn coverage(&self, lang: &str) -> String {
        format!("{}{lang}/translations/", self.base)
    }
    pub fn search(&self, lang: &str) -> String {
        format!("{}{lang}/search/", self.base)
    }
    /// The folder of the search index (Pagefind's bundles, one folder per language).
    pub fn search_bundle(&self) -> String {
        format!("{}{}/", self.base, BUNDLE_DIR)
    }
    pub fn feed(&self, lang: &str) -> String {
        format!("{}{lang}/feed.xml", self.base)
    }
    /// The Atom feed of one meeting's documents.
    pub fn meeting_feed(&self, lang: &str, id: &str) -> String {
        format!("{}{lang}/meetings/{id}/feed.xml", self.base)
    }
    /// Every meeting, as an iCalendar file.
    pub fn calendar(&self, lang: &str) -> String {
        format!("{}{lang}/calendar.ics", self.base)
    }
    /// One meeting's sessions, as an iCalendar file.
    pub fn meeting_calendar(&self, lang: &str, id: &str) -> String {
        format!("{}{lang}/meetings/{id}/calendar.ics", self.base)
    }
    /// One meeting's briefing pack, printable. Not a folder like other pages: a document's
    /// slug cannot hold a dot, so no document of the meeting can take this URL.
    pub fn pack(&self, lang: &str, id: &str) -> String {
        format!("{}{lang}/meetings/{id}/pack.html", self.base)
    }
    /// The pack with its attachments, as a ZIP named for the download.
    pub fn pack_archive(&self, lang: &str, id: &str) -> String {
        format!(
            "{}{lang}/meetings/{id}/briefing-pack-{id}-{lang}.zip",
            self.base
        )
    }
    /// When each document becomes public: restricted builds only.
    pub fn release_calendar(&self, lang: &str) -> String {
        format!("{}{lang}/releases.ics", self.base)
    }
    /// Attachments are language-neutral: one copy, linked from every language.
    pub fn attachment(&self, meeting: &str, slug: &str, name: &str) -> String {
        format!(
            "{}meetings/{meeting}/{slug}/{}",
            self.base,
            encode_path_segment(name)
        )
    }
    pub fn static_file(&self, name: &str) -> String {
        format!("{}static/{name}", self.base)
    }

    /// The output file a URL is served from, relative to the audience's folder.
    pub fn file_for(&self, url: &str) -> String {
        let path = url.strip_prefix(&self.base).unwrap_or(url);
        let path = crate::content::links::percent_decode(path);
        if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path
        }
    }
}

fn encode_path_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `url` (root-relative, starting with the base path) as an absolute URL.
pub fn absolute(view: &AudienceView<'_>, urls: &Urls, url: &str) -> String {
    let origin = view.audience.origin_and_path();
    let tail = url
        .strip_prefix(&urls.base)
        .unwrap_or(url.trim_start_matches('/'));
    format!("{origin}/{tail}")
}
