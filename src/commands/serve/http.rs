//! The preview's HTTP server: GET and HEAD of the built output, from memory, and a stream of
//! server-sent events telling open pages to reload.
//!
//! Hand-written on `std::net` because it is small (one request per connection, no bodies,
//! loopback) and because server-sent events need each event flushed the moment it happens,
//! which the small HTTP crates' chunked writers buffer. Only files of the current output are
//! ever served: a request path is looked up as a key of that output, never joined onto a
//! folder, so `..`, encoded or not, has nothing to climb out of.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use super::preview::{Files, Served};

/// The URL prefix of the server's own endpoints; no output file starts with it (output paths
/// start with a language, `static/`, `meetings/`, `pagefind/` or a root file name).
pub const OWN: &str = "/__plenary/";

/// The script every served HTML page gets, before `</body>`; never part of a build.
pub const LIVE_SCRIPT_TAG: &str = "<script src=\"/__plenary/live.js\"></script>";
const LIVE_JS: &str = include_str!("live.js");

/// What is being served right now.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Grows with every change to the output.
    pub generation: u64,
    pub files: Arc<Files>,
    /// The URL path every output file sits under (`/`, `/members/`).
    pub base: String,
    /// The last update's errors, as printed; the output is the last good one.
    pub error: Option<String>,
    /// A search index is being brought up to date.
    pub search_pending: bool,
}

/// What the server shares with the loop that rebuilds.
#[derive(Default)]
pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    listeners: Mutex<Vec<mpsc::Sender<String>>>,
}

impl Shared {
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().expect("unpoisoned"))
    }

    /// Serve `snapshot` from now on and tell every open page (`reload` or `failed`), unless
    /// only the search index changed.
    pub fn publish(&self, snapshot: Snapshot, tell: bool) {
        let event = tell.then(|| event_for(&snapshot));
        *self.snapshot.write().expect("unpoisoned") = Arc::new(snapshot);
        if let Some(event) = event {
            // A page whose connection closed has dropped its receiver: forget it.
            self.listeners
                .lock()
                .expect("unpoisoned")
                .retain(|listener| listener.send(event.clone()).is_ok());
        }
    }
}

/// The event for a new snapshot: reload, or show the errors.
fn event_for(snapshot: &Snapshot) -> String {
    match &snapshot.error {
        Some(error) => sse("failed", &serde_json::json!({ "error": error }).to_string()),
        None => sse("reload", &snapshot.generation.to_string()),
    }
}

fn sse(event: &str, data: &str) -> String {
    // `data` is one line: JSON or a number.
    format!("event: {event}\ndata: {data}\n\n")
}

/// Accept connections for ever, each on a thread of its own.
pub fn run(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            let _ = handle(stream, &shared);
        });
    }
}

/// A request, as far as the server cares.
struct Request {
    method: String,
    target: String,
}

fn read_request(stream: &TcpStream) -> io::Result<Option<Request>> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.take(64 * 1024));
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    // Headers are read and ignored: nothing here depends on them.
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim_end().is_empty() {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    match (parts.next(), parts.next()) {
        (Some(method), Some(target)) => Ok(Some(Request {
            method: method.to_string(),
            target: target.to_string(),
        })),
        _ => Ok(None),
    }
}

fn handle(mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    let Some(request) = read_request(&stream)? else {
        return respond(&mut stream, 400, "text/plain", b"bad request\n", &[], false);
    };
    let head_only = request.method == "HEAD";
    if request.method != "GET" && !head_only {
        return respond(
            &mut stream,
            405,
            "text/plain",
            b"only GET and HEAD\n",
            &[("Allow", "GET, HEAD")],
            false,
        );
    }
    let path = request
        .target
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_string();
    let snapshot = shared.snapshot();
    if let Some(own) = path.strip_prefix(OWN) {
        return match own {
            "live.js" => respond(
                &mut stream,
                200,
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes(),
                &[],
                head_only,
            ),
            "events" => events(stream, shared, &snapshot),
            "state" => {
                let body = serde_json::json!({
                    "generation": snapshot.generation,
                    "error": snapshot.error,
                    "search_pending": snapshot.search_pending,
                    "files": snapshot.files.len(),
                });
                respond(
                    &mut stream,
                    200,
                    "application/json",
                    body.to_string().as_bytes(),
                    &[],
                    head_only,
                )
            }
            "files" => {
                let mut names: Vec<&str> = snapshot.files.keys().map(|k| &**k).collect();
                names.sort();
                let body = serde_json::to_vec(&names).expect("plain data");
                respond(&mut stream, 200, "application/json", &body, &[], head_only)
            }
            _ => not_found(&mut stream, &snapshot, head_only),
        };
    }
    match resolve(&snapshot, &path) {
        Resolved::File(file) => {
            let served = snapshot.files.get(file.as_str()).expect("resolve found it");
            let bytes = match served {
                Served::Bytes(bytes) => std::borrow::Cow::Borrowed(&bytes[..]),
                Served::Copy(source) => match std::fs::read(source) {
                    Ok(bytes) => std::borrow::Cow::Owned(bytes),
                    // Deleted since the last rebuild: the next one will drop it too.
                    Err(_) => return not_found(&mut stream, &snapshot, head_only),
                },
            };
            let kind = content_type(&file);
            if kind.starts_with("text/html") {
                let page = with_live_script(&bytes);
                respond(&mut stream, 200, kind, &page, &[], head_only)
            } else {
                respond(&mut stream, 200, kind, &bytes, &[], head_only)
            }
        }
        Resolved::Redirect(location) => respond(
            &mut stream,
            301,
            "text/plain",
            b"moved\n",
            &[("Location", &location)],
            head_only,
        ),
        Resolved::BadPath => respond(
            &mut stream,
            400,
            "text/plain",
            b"bad path\n",
            &[],
            head_only,
        ),
        Resolved::NotFound => not_found(&mut stream, &snapshot, head_only),
    }
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// An output file (its key).
    File(String),
    /// The same path with a slash: a folder's `index.html`.
    Redirect(String),
    /// Not a path that can name an output file (`..`, a NUL, a backslash, no leading `/`).
    BadPath,
    NotFound,
}

/// The output file a request path names, decoded, without ever leaving the output.
pub fn resolve(snapshot: &Snapshot, path: &str) -> Resolved {
    if !path.starts_with('/') {
        return Resolved::BadPath;
    }
    // Decoded as the build maps URLs to files (`Urls::file_for`): malformed escapes stay
    // as written, and then name no file.
    let decoded = crate::content::links::percent_decode(path);
    let climbs = decoded
        .split('/')
        .any(|segment| segment == ".." || segment == ".");
    if climbs || decoded.contains(['\0', '\\']) || decoded.contains("//") {
        return Resolved::BadPath;
    }
    let Some(rest) = decoded.strip_prefix(&snapshot.base) else {
        if format!("{decoded}/") == snapshot.base {
            return Resolved::Redirect(snapshot.base.clone());
        }
        return Resolved::NotFound;
    };
    let file = if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest.to_string()
    };
    if snapshot.files.contains_key(file.as_str()) {
        Resolved::File(file)
    } else if snapshot
        .files
        .contains_key(format!("{rest}/index.html").as_str())
    {
        Resolved::Redirect(format!("{path}/"))
    } else {
        Resolved::NotFound
    }
}

fn not_found(stream: &mut TcpStream, snapshot: &Snapshot, head_only: bool) -> io::Result<()> {
    match snapshot.files.get("404.html") {
        Some(Served::Bytes(page)) => {
            let page = with_live_script(page);
            respond(
                stream,
                404,
                "text/html; charset=utf-8",
                &page,
                &[],
                head_only,
            )
        }
        _ => {
            // No output yet (the first build failed): a page that can still show the errors.
            let page = format!(
                "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Not found</title>\
                 <body><h1>Not found</h1><p>{}</p>{LIVE_SCRIPT_TAG}</body></html>",
                if snapshot.error.is_some() {
                    "The site has not built yet: see the errors."
                } else {
                    "No page here."
                }
            );
            respond(
                stream,
                404,
                "text/html; charset=utf-8",
                page.as_bytes(),
                &[],
                head_only,
            )
        }
    }
}

/// The page with the live-reload script before its last `</body>` (or at its end).
pub fn with_live_script(page: &[u8]) -> Vec<u8> {
    let at = memchr::memmem::rfind(page, b"</body>").unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + LIVE_SCRIPT_TAG.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(LIVE_SCRIPT_TAG.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// Keep the connection open and pass on every event; a comment every 15 s finds closed ones.
fn events(mut stream: TcpStream, shared: &Shared, snapshot: &Snapshot) -> io::Result<()> {
    let (sender, receiver) = mpsc::channel();
    shared.listeners.lock().expect("unpoisoned").push(sender);
    let hello = serde_json::json!({ "generation": snapshot.generation, "error": snapshot.error });
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\r\n{}",
        sse("hello", &hello.to_string())
    )?;
    stream.flush()?;
    loop {
        let message = match receiver.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => ": still here\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        stream.write_all(message.as_bytes())?;
        stream.flush()?;
    }
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    headers: &[(&str, &str)],
    head_only: bool,
) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The media type of an output file, by its extension.
pub fn content_type(file: &str) -> &'static str {
    let extension = file.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(base: &str, files: &[&str]) -> Snapshot {
        Snapshot {
            base: base.to_string(),
            files: Arc::new(
                files
                    .iter()
                    .map(|f| (Arc::from(*f), Served::Bytes(Arc::from(&b"x"[..]))))
                    .collect(),
            ),
            ..Snapshot::default()
        }
    }

    #[test]
    fn paths_resolve_to_output_files_only() {
        let s = snapshot(
            "/",
            &["index.html", "en/index.html", "meetings/m1/d/a b.pdf"],
        );
        assert_eq!(resolve(&s, "/"), Resolved::File("index.html".into()));
        assert_eq!(resolve(&s, "/en/"), Resolved::File("en/index.html".into()));
        assert_eq!(resolve(&s, "/en"), Resolved::Redirect("/en/".into()));
        assert_eq!(
            resolve(&s, "/meetings/m1/d/a%20b.pdf"),
            Resolved::File("meetings/m1/d/a b.pdf".into())
        );
        assert_eq!(resolve(&s, "/fr/"), Resolved::NotFound);
        for climbing in [
            "/../etc/passwd",
            "/en/../../site.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/en/..%2f..%2fsite.toml",
            "/./index.html",
            "/..\\..\\etc\\passwd",
            "/%5c..%5cetc",
            "//etc/passwd",
            "/en/%00",
            "etc/passwd",
            "http://127.0.0.1/etc/passwd",
        ] {
            assert_eq!(resolve(&s, climbing), Resolved::BadPath, "{climbing}");
        }
        // Malformed escapes stay as written, as when the build maps URLs to files.
        for malformed in ["/%ff", "/%2", "/%2e%2e%2"] {
            assert_eq!(resolve(&s, malformed), Resolved::NotFound, "{malformed}");
        }
    }

    #[test]
    fn a_base_path_is_part_of_every_url() {
        let s = snapshot("/members/", &["index.html", "en/index.html"]);
        assert_eq!(
            resolve(&s, "/members/"),
            Resolved::File("index.html".into())
        );
        assert_eq!(
            resolve(&s, "/members"),
            Resolved::Redirect("/members/".into())
        );
        assert_eq!(resolve(&s, "/en/"), Resolved::NotFound);
    }

    #[test]
    fn the_live_script_goes_before_the_last_body_end() {
        let page = b"<html><body><p>&lt;/body&gt;</p></body></html>";
        let out = String::from_utf8(with_live_script(page)).unwrap();
        assert_eq!(
            out,
            format!("<html><body><p>&lt;/body&gt;</p>{LIVE_SCRIPT_TAG}</body></html>")
        );
        assert!(String::from_utf8(with_live_script(b"plain"))
            .unwrap()
            .ends_with(LIVE_SCRIPT_TAG));
    }
}
