//! The site `plenary serve` shows, kept in memory and brought up to date after each edit.
//!
//! Two ways to update, one answer: an edit that only changed the text of Markdown files the
//! site already had (same title, summary, headings and, for pages, audiences) is patched
//! into the loaded site and only the pages showing those files are rendered again; anything
//! else — a new, deleted or renamed file or folder, a `.toml` file, the theme, a file that
//! fails to load — reloads and renders the whole site, exactly as `plenary build` does. Both
//! run the same loader, release rule, planner and renderer as a build, so the output is the
//! build's, byte for byte (`tests/serve.rs` checks it after scripted edit sequences).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use jiff::Timestamp;

use super::affected::{page_lang, shows_any};
use crate::commands::build::{self, Prepared};
use crate::config::Audience;
use crate::content::load;
use crate::content::model::{Site, Translation};
use crate::plan::{self, PageKind, Planned, Urls};
use crate::release;
use crate::search::Record;
use crate::support::error::{Diagnostic, Diagnostics, Failure};
use crate::support::progress::Meter;

/// One output file as served.
#[derive(Debug, Clone)]
pub enum Served {
    /// Rendered bytes.
    Bytes(Arc<[u8]>),
    /// An attachment, read from the site when asked for (it is copied as it is).
    Copy(PathBuf),
}

/// Output files by path in the audience folder (`en/meetings/index.html`). Shared keys: the
/// map is copied on every edit.
pub type Files = HashMap<Arc<str>, Served>;

/// Where a Markdown file of the loaded site sits in it.
#[derive(Debug, Clone)]
enum Place {
    Version {
        document: usize,
        version: usize,
        lang: String,
    },
    Page {
        page: usize,
        lang: String,
    },
}

/// The loaded site and what it renders to.
struct Current {
    prepared: Prepared,
    audience: Audience,
    /// Every Markdown file of the site, by canonical path.
    markdown: HashMap<PathBuf, Place>,
    files: Arc<Files>,
    /// Search records by page URL.
    records: BTreeMap<String, Record>,
}

mod behind;

/// A Markdown file read again, and where it goes in the loaded site.
type Replacement = (Place, Arc<Translation>);

/// What an update did.
#[derive(Debug)]
pub struct Updated {
    pub files: Arc<Files>,
    /// Pages rendered (all of them after a full rebuild).
    pub pages: usize,
    pub full: bool,
    pub warnings: Vec<Diagnostic>,
    /// Languages whose search index must be built again.
    pub search_dirty: BTreeSet<String>,
    /// Pages to render once open pages are told to reload ([`Preview::render_behind`]).
    pub behind: BTreeSet<String>,
}

/// The previewed site.
pub struct Preview {
    site_dir: PathBuf,
    canonical_root: PathBuf,
    audience: Option<String>,
    as_of: Timestamp,
    current: Option<Current>,
    /// The last update failed: the loaded site may not match the files any more, so the
    /// next update reloads everything.
    stale: bool,
    show_bar: bool,
}

impl Preview {
    pub fn new(
        site_dir: &Path,
        audience: Option<String>,
        as_of: Timestamp,
        show_bar: bool,
    ) -> Self {
        Preview {
            site_dir: site_dir.to_path_buf(),
            canonical_root: site_dir
                .canonicalize()
                .unwrap_or_else(|_| site_dir.to_path_buf()),
            audience,
            as_of,
            current: None,
            stale: true,
            show_bar,
        }
    }

    pub fn canonical_root(&self) -> &Path {
        &self.canonical_root
    }

    /// The audience previewed, once the site has loaded.
    pub fn audience(&self) -> Option<&Audience> {
        self.current.as_ref().map(|c| &c.audience)
    }

    /// The search records of one language, in URL order (none when search is off).
    pub fn records(&self, lang: &str) -> Vec<Record> {
        self.current
            .as_ref()
            .filter(|c| c.prepared.site.config.search)
            .map_or_else(Vec::new, |c| {
                c.records
                    .values()
                    .filter(|r| r.lang == lang)
                    .cloned()
                    .collect()
            })
    }

    /// Bring the output up to date after `changed` paths (absolute) changed; `rescan` when
    /// the watcher may have missed some. On failure the previous output stays.
    pub fn update(&mut self, changed: &[PathBuf], rescan: bool) -> Result<Updated, Failure> {
        let patch = match (&self.current, self.stale || rescan) {
            (Some(current), false) => self.patchable(current, changed),
            _ => None,
        };
        let result = match patch {
            Some(edited) => self.patch(edited),
            None => self.rebuild(),
        };
        self.stale = result.is_err();
        result
    }

    /// The Markdown files to read again, if every changed path is one the site already had
    /// (or a file that never mattered to it: hidden, or already gone and unknown).
    fn patchable(&self, current: &Current, changed: &[PathBuf]) -> Option<Vec<Place>> {
        let mut edited = BTreeMap::new();
        for path in changed {
            let relative = path.strip_prefix(&self.canonical_root).ok()?;
            let hidden = relative
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            if hidden {
                continue; // the loader never reads hidden files
            }
            let metadata = std::fs::symlink_metadata(path);
            match (current.markdown.get(path), metadata) {
                // Still a plain file (not now a symlink the loader would have to check).
                (Some(place), Ok(m)) if m.file_type().is_file() => {
                    edited.insert(path, place.clone());
                }
                // A file that came and went (an editor's temporary file) unless the site had
                // something there.
                (None, Err(_)) if !self.was_loaded(current, path) => {}
                _ => return None,
            }
        }
        Some(edited.into_values().collect())
    }

    /// Did the loaded site read `path` or anything under it?
    fn was_loaded(&self, current: &Current, path: &Path) -> bool {
        let site = &current.prepared.site;
        let is_or_under = |p: &Path| self.canonical(site, p).starts_with(path);
        current.markdown.keys().any(|p| p.starts_with(path))
            || site
                .documents
                .iter()
                .flat_map(|d| &d.attachments)
                .any(|a| is_or_under(&a.path))
            || path.extension().is_some_and(|e| e == "toml")
    }

    /// The edited files read again, or `None` if one of them changed what other pages show
    /// (its title, summary, anchors or audiences).
    fn reread(&self, edited: Vec<Place>) -> Result<Option<Vec<Replacement>>, Failure> {
        let site = &self
            .current
            .as_ref()
            .expect("patchable checked it")
            .prepared
            .site;
        let mut replacements = Vec::new();
        for place in edited {
            let old = translation_at(site, &place);
            let (page, transcript) = match place {
                Place::Page { .. } => (true, false),
                Place::Version { document, .. } => {
                    (false, site.documents[document].meta.is_transcript())
                }
            };
            let (new, audiences) = load::reread(site, &old.path, &old.lang, page, transcript)
                .map_err(|diagnostics| Failure { diagnostics })?;
            let same_outside = new.title == old.title
                && new.summary == old.summary
                && anchors(&new) == anchors(old)
                && match place {
                    Place::Page { page, .. } => site.pages[page].audiences == audiences,
                    Place::Version { .. } => true,
                };
            if !same_outside {
                return Ok(None);
            }
            replacements.push((place, Arc::new(new)));
        }
        Ok(Some(replacements))
    }

    /// Read the edited files again; if none changed what other pages show, swap them into
    /// the loaded site and render only the pages that show them.
    fn patch(&mut self, edited: Vec<Place>) -> Result<Updated, Failure> {
        let Some(replacements) = self.reread(edited)? else {
            return self.rebuild();
        };
        let current = self.current.as_mut().expect("patchable checked it");
        let site = &mut current.prepared.site;
        for (place, new) in &replacements {
            match place {
                Place::Version {
                    document,
                    version,
                    lang,
                } => {
                    site.documents[*document].versions[*version]
                        .translations
                        .insert(lang.clone(), Arc::clone(new));
                }
                Place::Page { page, lang } => {
                    site.pages[*page]
                        .translations
                        .insert(lang.clone(), Arc::clone(new));
                }
            }
        }
        // The edited files' own links and nesting; other files' links cannot have changed
        // meaning, the edited files' anchors being the same.
        // Compared as bytes: a `Path` compares component by component, and every page of
        // the site is asked whether it shows one of these.
        let paths: BTreeSet<&OsStr> = replacements
            .iter()
            .map(|(_, t)| t.path.as_os_str())
            .collect();
        let mut diagnostics = Diagnostics::default();
        crate::content::validate::check_bodies(
            site,
            &BTreeSet::new(),
            Some(&paths),
            &mut diagnostics,
        );
        if diagnostics.has_errors() {
            return Err(Failure {
                diagnostics: diagnostics.into_sorted(),
            });
        }
        let mut warnings = diagnostics.into_sorted();

        let prepared = &current.prepared;
        let view = release::view(&prepared.site, &current.audience, self.as_of);
        let urls = Urls {
            base: current.audience.base_path(),
        };
        // An edit may paste hidden text into what this audience sees: the whole site is
        // compared again, as a rebuild would.
        let pasted = build::check_sources(prepared, &view);
        if !pasted.is_empty() {
            return Err(Failure {
                diagnostics: pasted,
            });
        }
        let default = &prepared.site.config.default_language;
        let showing = plan::plan_only(&view, &urls, &|kind| shows_any(kind, &paths, default));
        // The meeting's briefing packs come after the reload (see `behind`).
        let (packs, affected): (Vec<&Planned<'_, '_>>, Vec<&Planned<'_, '_>>) = showing
            .iter()
            .partition(|p| matches!(p.kind, PageKind::Pack { .. }));
        let (rendered_files, rendered) =
            behind::render_in_memory(prepared, &view, &urls, &affected)?;
        warnings.extend(rendered.warnings);
        let mut files = (*current.files).clone();
        files.extend(rendered_files);
        let mut search_dirty = BTreeSet::new();
        for page in &affected {
            if current.records.remove(&page.url).is_some() {
                search_dirty.insert(page_lang(page).to_string());
            }
        }
        for record in rendered.records {
            search_dirty.insert(record.lang.clone());
            current.records.insert(record.url.clone(), record);
        }
        if !prepared.site.config.search {
            search_dirty.clear();
        }
        current.files = Arc::new(files);
        Ok(Updated {
            files: Arc::clone(&current.files),
            pages: affected.len(),
            full: false,
            warnings,
            search_dirty,
            behind: packs.iter().map(|p| p.url.clone()).collect(),
        })
    }

    /// Load and render the whole site, as a build does.
    fn rebuild(&mut self) -> Result<Updated, Failure> {
        let prepared = build::prepare(&self.site_dir)?;
        let audience = self.choose_audience(&prepared)?;
        let files = Mutex::new(Files::new());
        let meter = Meter {
            show_bar: self.show_bar,
            ..Meter::default()
        };
        let rendered = build::render_unindexed(
            &prepared,
            &audience,
            self.as_of,
            &|file, bytes| {
                files
                    .lock()
                    .expect("unpoisoned")
                    .insert(Arc::from(file), Served::Bytes(bytes.into()));
                Ok(())
            },
            &|file, source| {
                files
                    .lock()
                    .expect("unpoisoned")
                    .insert(Arc::from(file), Served::Copy(source.to_path_buf()));
                Ok(())
            },
            &meter,
        )?;
        let mut files = files.into_inner().expect("unpoisoned");
        let mut search_dirty = BTreeSet::new();
        if let Some(old) = &self.current {
            // Until the new index is ready, the old one answers searches.
            for (file, served) in old.files.iter() {
                if let Some(lang) = search_bundle_lang(file) {
                    search_dirty.insert(lang.to_string());
                    files.insert(file.clone(), served.clone());
                }
            }
        }
        let records: BTreeMap<String, Record> = rendered
            .records
            .into_iter()
            .map(|r| (r.url.clone(), r))
            .collect();
        if prepared.site.config.search {
            search_dirty.extend(records.values().map(|r| r.lang.clone()));
        }
        let mut warnings = prepared.warnings.clone();
        warnings.extend(rendered.warnings);
        let markdown = self.markdown_places(&prepared);
        let files = Arc::new(files);
        self.current = Some(Current {
            prepared,
            audience,
            markdown,
            files: Arc::clone(&files),
            records,
        });
        Ok(Updated {
            files,
            pages: rendered.pages,
            full: true,
            warnings,
            search_dirty,
            behind: BTreeSet::new(),
        })
    }

    /// Replace one language's search bundle with `bundle` (paths in the audience folder;
    /// empty when the language has nothing to search any more).
    pub fn install_search(&mut self, lang: &str, bundle: Vec<(String, Vec<u8>)>) -> Arc<Files> {
        let current = self.current.as_mut().expect("searched after a build");
        let mut files = (*current.files).clone();
        files.retain(|file, _| search_bundle_lang(file) != Some(lang));
        files.extend(
            bundle
                .into_iter()
                .map(|(file, bytes)| (Arc::from(file), Served::Bytes(bytes.into()))),
        );
        current.files = Arc::new(files);
        Arc::clone(&current.files)
    }

    /// The audience asked for, or the first restricted one (staff preview what members will
    /// see), or the first.
    fn choose_audience(&self, prepared: &Prepared) -> Result<Audience, Failure> {
        let audiences = &prepared.site.config.audiences;
        let chosen = match &self.audience {
            Some(name) => build::select_audiences(&prepared.site, std::slice::from_ref(name))
                .map_err(|m| Failure::single(Diagnostic::error(None, m)))?
                .into_iter()
                .next(),
            None => audiences
                .values()
                .find(|a| a.restricted)
                .or_else(|| audiences.values().next()),
        };
        chosen
            .cloned()
            .ok_or_else(|| Failure::single(Diagnostic::error(None, "the site defines no audience")))
    }

    /// A path of the loaded site (under `site.root`, as the loader wrote it) under the
    /// canonical root file events use.
    fn canonical(&self, site: &Site, path: &Path) -> PathBuf {
        path.strip_prefix(&site.root)
            .map(|r| self.canonical_root.join(r))
            .unwrap_or_else(|_| path.to_path_buf())
    }

    /// Every Markdown file of the site by canonical path, and where it sits.
    fn markdown_places(&self, prepared: &Prepared) -> HashMap<PathBuf, Place> {
        let site = &prepared.site;
        let canonical = |p: &Path| self.canonical(site, p);
        let mut places = HashMap::new();
        for (d, document) in site.documents.iter().enumerate() {
            for (v, version) in document.versions.iter().enumerate() {
                for (lang, t) in &version.translations {
                    let place = Place::Version {
                        document: d,
                        version: v,
                        lang: lang.clone(),
                    };
                    places.insert(canonical(&t.path), place);
                }
            }
        }
        for (p, page) in site.pages.iter().enumerate() {
            for (lang, t) in &page.translations {
                let place = Place::Page {
                    page: p,
                    lang: lang.clone(),
                };
                places.insert(canonical(&t.path), place);
            }
        }
        places
    }
}

fn translation_at<'s>(site: &'s Site, place: &Place) -> &'s Translation {
    match place {
        Place::Version {
            document,
            version,
            lang,
        } => &site.documents[*document].versions[*version].translations[lang],
        Place::Page { page, lang } => &site.pages[*page].translations[lang],
    }
}

/// The anchors a file offers to links from other files.
fn anchors(t: &Translation) -> Vec<&str> {
    t.outline.headings.iter().map(|h| h.id.as_str()).collect()
}

/// The language of a file in the search index (`pagefind/<lang>/…`).
pub fn search_bundle_lang(file: &str) -> Option<&str> {
    let rest = file
        .strip_prefix(crate::plan::BUNDLE_DIR)?
        .strip_prefix('/')?;
    rest.split_once('/').map(|(lang, _)| lang)
}
