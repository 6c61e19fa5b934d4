//! The search index of one audience's build, made with Pagefind from that build's own pages.
//!
//! Rendering hands over one [`Record`] per searchable page (a document's current version in
//! one language, a free-standing page), with the text the reader sees; after the last page,
//! [`bundle`] turns them into Pagefind's static files (`pagefind/`), which the search page
//! loads in the browser. Only pages of the build are ever recorded, so the index of an
//! audience holds nothing that audience cannot read, and the leak guard scans it like any
//! other file.

use std::collections::BTreeMap;

use pagefind::api::{CustomRecord, PagefindIndex};
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use crate::plan::BUNDLE_DIR;
pub use crate::render::Record;
use crate::support::error::Diagnostic;

/// The gzip level of the index files. Pagefind's own is 9; at 6 the 10,000-document corpus's
/// index is 0.7% larger (108.4 against 107.7 MB) and the build 3.8 s shorter (21.8 against
/// 25.6 s); at 1 it is 36% larger (BENCHMARKS.md, "Search at archive scale").
const COMPRESSION_LEVEL: u32 = 6;

/// Files as (path, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// The records of each language, in the order of their codes: one bundle per language
/// (`pagefind/<lang>/`), built one after another with [`Indexer::bundle`], so that only
/// one language's index is in memory at a time — and each bundle's files can be written
/// before the next is built. The search page loads its own language's bundle and merges
/// the others on request.
pub fn by_language(records: Vec<Record>) -> BTreeMap<String, Vec<Record>> {
    let mut by_language: BTreeMap<String, Vec<Record>> = BTreeMap::new();
    for record in records {
        by_language
            .entry(record.lang.clone())
            .or_default()
            .push(record);
    }
    by_language
}

/// Builds the bundles of one build's languages on one pool of every core (see
/// [`index_language`]).
pub struct Indexer {
    pool: rayon::ThreadPool,
}

impl Indexer {
    pub fn new() -> Result<Indexer, Diagnostic> {
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("search index {i}"))
            .build()
            .map_err(|e| failure(&e.to_string()))?;
        Ok(Indexer { pool })
    }

    /// One language's bundle, as (path in the audience folder, bytes): Pagefind reads the
    /// pages, builds the index and compresses its files side by side on every core.
    /// Records are indexed in URL order, so the same pages give the same bytes.
    pub fn bundle(&self, lang: &str, records: Vec<Record>) -> Result<Files, Diagnostic> {
        bundle_language_in(&self.pool, lang, records)
    }
}

/// One language's bundle, as (path in the audience folder, bytes): `records` are all that
/// language's records (`plenary serve` rebuilds only the languages an edit touched).
pub fn bundle_language(lang: &str, records: Vec<Record>) -> Result<Files, Diagnostic> {
    index_language(lang, records, None)
}

/// [`bundle_language`] with Pagefind's side-by-side work kept to `pool`: `plenary serve`
/// indexes on a thread of one, so the next edit's page is rebuilt on the other core.
pub fn bundle_language_in(
    pool: &rayon::ThreadPool,
    lang: &str,
    records: Vec<Record>,
) -> Result<Files, Diagnostic> {
    index_language(lang, records, Some(pool))
}

fn index_language(
    lang: &str,
    records: Vec<Record>,
    pool: Option<&rayon::ThreadPool>,
) -> Result<Files, Diagnostic> {
    // Pagefind's API is async, and it works side by side on rayon. Both run in a pool of
    // their own: a runtime cannot start on a thread already driving one, and a worker of a
    // shared pool waiting inside Pagefind could pick up another indexing job (another
    // audience's, built side by side) and start a second runtime — that panicked now and
    // then under load. Nor can a shared pool's workers all sit waiting for indexing work
    // that only they could run. The pool's one job is this language's index.
    let own_pool;
    let pool = match pool {
        Some(pool) => pool,
        None => {
            own_pool = rayon::ThreadPoolBuilder::new()
                .thread_name(|i| format!("search index {i}"))
                .build()
                .map_err(|e| failure(&e.to_string()))?;
            &own_pool
        }
    };
    let files = pool.install(|| language_bundle(records))?;
    Ok(files
        .into_iter()
        .map(|(name, bytes)| (format!("{BUNDLE_DIR}/{lang}/{name}"), bytes))
        .collect())
}

/// One language's bundle: (file name in the bundle, bytes).
fn language_bundle(mut records: Vec<Record>) -> Result<Files, Diagnostic> {
    records.sort_by(|a, b| a.url.cmp(&b.url));
    // Each page's text is made here, side by side, when its language is indexed.
    let records: Vec<CustomRecord> = records
        .into_par_iter()
        .map(|record| CustomRecord {
            content: record.text(),
            meta: Some(BTreeMap::from([
                ("title".to_string(), record.title),
                ("meeting".to_string(), record.meeting),
                ("kind".to_string(), record.kind),
                ("version".to_string(), record.version),
                ("lang".to_string(), record.lang.clone()),
            ])),
            url: record.url,
            language: record.lang,
            filters: None,
            sort: None,
        })
        .collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failure(&e.to_string()))?;
    let files = runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .keep_index_url(false)
            .compression_level(COMPRESSION_LEVEL)
            .build();
        let mut index = PagefindIndex::new(Some(options))?;
        for added in index.add_custom_records(records).await? {
            added?;
        }
        index.into_files().await
    });
    let files = files.map_err(|e| failure(&format!("{e:#}")))?;
    Ok(files
        .into_iter()
        .filter(|file| !is_unused_ui(&file.filename))
        .map(|file| {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            (name, file.contents)
        })
        .collect())
}

/// Pagefind's ready-made interfaces and highlighter: the theme has its own search page
/// (`static/search.js`), which needs only the engine (`pagefind.js`, its worker and wasm).
fn is_unused_ui(file: &std::path::Path) -> bool {
    let name = file.to_string_lossy();
    [
        "pagefind-ui.",
        "pagefind-modular-ui.",
        "pagefind-component-ui.",
        "pagefind-highlight.",
    ]
    .iter()
    .any(|prefix| name.starts_with(prefix))
}

fn failure(message: &str) -> Diagnostic {
    Diagnostic::error(
        None,
        format!("the search index could not be built: {message}"),
    )
    .hint("this is a bug in plenary or Pagefind, not in your content; please report it")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a rayon worker stealing a second audience's indexing did: ask for a bundle while
    /// its thread is already driving an async runtime.
    #[test]
    fn a_bundle_is_built_from_a_thread_that_drives_a_runtime() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let files = runtime
            .block_on(async {
                bundle_language(
                    "en",
                    vec![Record::of_body("/en/a/", "broadband subscription")],
                )
            })
            .unwrap();
        assert!(
            files
                .iter()
                .any(|(name, _)| name == "pagefind/en/pagefind.js"),
            "{:?}",
            files.iter().map(|(name, _)| name).collect::<Vec<_>>()
        );
        assert!(files.iter().any(|(name, _)| name.ends_with(".pf_fragment")));
    }
}
