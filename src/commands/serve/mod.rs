//! `plenary serve`: build one audience into memory, serve it on loopback, and keep it right
//! as files change.
//!
//! One thread watches the site and theme folders (notify) and rebuilds after each burst of
//! changes ([`preview`]); the server ([`http`]) answers from the latest output and tells
//! open pages to reload; a worker brings the search index up to date behind it, one
//! language at a time, so an edit never waits for indexing.

mod affected;
mod http;
mod preview;

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use notify::{EventKind, RecursiveMode, Watcher};

use crate::search;
use crate::support::error::{Diagnostic, Failure};
use http::{Shared, Snapshot};
use preview::Preview;

/// How long a burst of file events must pause before rebuilding: editors save in several
/// steps (write a temporary file, rename it, change its mode).
const QUIET: Duration = Duration::from_millis(30);
/// Rebuild anyway after this long, however busy the folder is.
const AT_MOST: Duration = Duration::from_secs(1);

/// What to serve, and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub site: PathBuf,
    /// The audience to preview; default: the first restricted one.
    pub audience: Option<String>,
    pub as_of: Timestamp,
    pub bind: IpAddr,
    pub port: u16,
    /// Open the preview in the default browser once it is built.
    pub open: bool,
    pub progress: bool,
}

/// Why serving stopped.
#[derive(Debug)]
pub enum ServeError {
    /// Wrong arguments (an unknown audience, a port in use): exit status 2.
    Usage(String),
    /// The watcher failed.
    Io(String),
}

enum Message {
    Changed {
        paths: Vec<PathBuf>,
        rescan: bool,
    },
    Searched {
        lang: String,
        bundle: Result<search::Files, Diagnostic>,
    },
}

/// Serve until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    let address = SocketAddr::new(options.bind, options.port);
    let listener = TcpListener::bind(address).map_err(|e| {
        ServeError::Usage(format!(
            "cannot listen on {address}: {e} (pass --port N, or --port 0 for any free port)"
        ))
    })?;
    let address = listener
        .local_addr()
        .map_err(|e| ServeError::Io(e.to_string()))?;
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} makes the preview, restricted documents included, reachable \
             from other machines",
            options.bind
        );
    }

    let (sender, messages) = mpsc::channel();
    let mut preview = Preview::new(
        &options.site,
        options.audience.clone(),
        options.as_of,
        options.progress,
    );
    // Watch before the first build, so that nothing saved while it runs is missed.
    let _watcher = watch(preview.canonical_root(), sender.clone())?;
    let shared = Arc::new(Shared::default());
    {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || http::run(listener, shared));
    }
    let searcher = spawn_searcher(sender);

    let mut state = Loop {
        preview: &mut preview,
        shared: &shared,
        searcher,
        generation: 0,
        search_dirty: BTreeSet::new(),
        search_busy: None,
    };
    let first = state.update(&[], true);
    if let Err(failure) = &first {
        if let [only] = &failure.diagnostics[..] {
            if only.path.is_none() && only.message.starts_with("unknown audience") {
                return Err(ServeError::Usage(only.message.clone()));
            }
        }
    }
    let audience = state
        .preview
        .audience()
        .map_or_else(String::new, |a| a.name.clone());
    let url = format!("http://{address}{}", state.shared.snapshot().base);
    eprintln!(
        "serving {} as of {} at {url}  (Ctrl+C to stop)",
        if audience.is_empty() {
            "the site"
        } else {
            &audience
        },
        options.as_of
    );
    if options.open {
        open_browser(&url);
    }
    state.run(&messages)
}

/// The rebuild loop's state.
struct Loop<'a> {
    preview: &'a mut Preview,
    shared: &'a Shared,
    searcher: Sender<(String, Vec<search::Record>)>,
    generation: u64,
    /// Languages whose search index is out of date.
    search_dirty: BTreeSet<String>,
    /// The language being indexed.
    search_busy: Option<String>,
}

impl Loop<'_> {
    fn run(&mut self, messages: &Receiver<Message>) -> Result<(), ServeError> {
        loop {
            let Ok(first) = messages.recv() else {
                return Err(ServeError::Io("the file watcher stopped".to_string()));
            };
            let mut changed = BTreeSet::new();
            let mut rescan = false;
            let mut next = Some(first);
            let started = Instant::now();
            while let Some(message) = next.take() {
                match message {
                    Message::Changed {
                        paths,
                        rescan: again,
                    } => {
                        changed.extend(paths);
                        rescan |= again;
                    }
                    Message::Searched { lang, bundle } => self.searched(lang, bundle),
                }
                if changed.is_empty() && !rescan {
                    break;
                }
                let wait = QUIET.min(AT_MOST.saturating_sub(started.elapsed()));
                next = match messages.recv_timeout(wait) {
                    Ok(message) => Some(message),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => None,
                };
            }
            if !changed.is_empty() || rescan {
                let changed: Vec<PathBuf> = changed.into_iter().collect();
                let _ = self.update(&changed, rescan);
            }
        }
    }

    /// Rebuild after `changed`, publish the result and tell open pages.
    fn update(&mut self, changed: &[PathBuf], rescan: bool) -> Result<(), Failure> {
        let started = Instant::now();
        let result = self.preview.update(changed, rescan);
        let took = started.elapsed();
        let old = self.shared.snapshot();
        self.generation += 1;
        let mut snapshot = Snapshot {
            generation: self.generation,
            files: Arc::clone(&old.files),
            base: old.base.clone(),
            error: None,
            search_pending: false,
        };
        if let Some(audience) = self.preview.audience() {
            snapshot.base = audience.base_path();
        }
        let mut behind = BTreeSet::new();
        let outcome = match result {
            Ok(updated) => {
                behind = updated.behind;
                print_all(&updated.warnings);
                eprintln!(
                    "{} {} page(s) in {} ms",
                    if updated.full {
                        "rebuilt the site:"
                    } else {
                        "rebuilt"
                    },
                    updated.pages,
                    took.as_millis()
                );
                snapshot.files = updated.files;
                self.search_dirty.extend(updated.search_dirty);
                Ok(())
            }
            Err(failure) => {
                print_all(&failure.diagnostics);
                let errors = failure.diagnostics.iter().filter(|d| d.is_error()).count();
                eprintln!("{errors} error(s); still serving the last version that built");
                let text: Vec<String> = failure
                    .diagnostics
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                snapshot.error = Some(text.join("\n"));
                Err(failure)
            }
        };
        self.publish(snapshot, true);
        self.kick_search();
        if !behind.is_empty() {
            // After the reload: see `preview::behind`.
            match self.preview.render_behind(&behind) {
                Ok(files) => self.republish(files),
                Err(failure) => print_all(&failure.diagnostics),
            }
        }
        outcome
    }

    fn publish(&mut self, mut snapshot: Snapshot, tell: bool) {
        snapshot.search_pending = self.search_busy.is_some() || !self.search_dirty.is_empty();
        self.shared.publish(snapshot, tell);
    }

    /// Start indexing the next out-of-date language, if the worker is free.
    fn kick_search(&mut self) {
        while self.search_busy.is_none() {
            let Some(lang) = self.search_dirty.pop_first() else {
                break;
            };
            let records = self.preview.records(&lang);
            if records.is_empty() {
                // Nothing to search in this language any more: its bundle goes.
                let files = self.preview.install_search(&lang, Vec::new());
                self.republish(files);
            } else {
                self.search_busy = Some(lang.clone());
                let _ = self.searcher.send((lang, records));
            }
        }
        let snapshot = (*self.shared.snapshot()).clone();
        self.publish(snapshot, false);
    }

    fn searched(&mut self, lang: String, bundle: Result<search::Files, Diagnostic>) {
        self.search_busy = None;
        // Edited again while indexing: that newer index is on its way.
        if !self.search_dirty.contains(&lang) {
            match bundle {
                Ok(bundle) => {
                    let files = self.preview.install_search(&lang, bundle);
                    self.republish(files);
                }
                Err(diagnostic) => {
                    eprintln!("{diagnostic}");
                    let mut snapshot = (*self.shared.snapshot()).clone();
                    snapshot.error = Some(diagnostic.to_string());
                    self.publish(snapshot, true);
                }
            }
        }
        self.kick_search();
    }

    /// Serve new files without reloading pages (only the search index changed).
    fn republish(&mut self, files: Arc<preview::Files>) {
        let mut snapshot = (*self.shared.snapshot()).clone();
        self.generation += 1;
        snapshot.generation = self.generation;
        snapshot.files = files;
        self.publish(snapshot, false);
    }
}

/// The search worker: one language at a time, on one core, so editing stays fast.
fn spawn_searcher(results: Sender<Message>) -> Sender<(String, Vec<search::Record>)> {
    let (jobs, queue) = mpsc::channel::<(String, Vec<search::Record>)>();
    std::thread::spawn(move || {
        // Pagefind works side by side on rayon; kept to one thread of its own here, the
        // other core rebuilds the page after the next edit.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "search index".to_string())
            .build();
        for (lang, records) in queue {
            let bundle = match &pool {
                Ok(pool) => search::bundle_language_in(pool, &lang, records),
                Err(_) => search::bundle_language(&lang, records),
            };
            if results.send(Message::Searched { lang, bundle }).is_err() {
                return;
            }
        }
    });
    jobs
}

/// Watch the site and its themes folder; every change becomes a message.
fn watch(site: &Path, sender: Sender<Message>) -> Result<notify::RecommendedWatcher, ServeError> {
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let message = match event {
            // Reading files (the build itself does) changes nothing.
            Ok(event) if matches!(event.kind, EventKind::Access(_)) => return,
            Ok(event) => Message::Changed {
                rescan: event.need_rescan(),
                paths: event.paths,
            },
            Err(_) => Message::Changed {
                paths: Vec::new(),
                rescan: true,
            },
        };
        let _ = sender.send(message);
    })
    .map_err(|e| ServeError::Io(format!("cannot watch files: {e}")))?;
    watcher
        .watch(site, RecursiveMode::Recursive)
        .map_err(|e| ServeError::Io(format!("cannot watch {}: {e}", site.display())))?;
    if let Some(themes) = site
        .parent()
        .map(|p| p.join("themes"))
        .filter(|t| t.is_dir())
    {
        watcher
            .watch(&themes, RecursiveMode::Recursive)
            .map_err(|e| ServeError::Io(format!("cannot watch {}: {e}", themes.display())))?;
    }
    Ok(watcher)
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("could not open a browser ({opener}: {e}); open {url} yourself");
    }
}

fn print_all(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}");
    }
}
