//! plenary: a committee's meeting documents → one static website per audience.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! content::load  site-content/ + theme   → Site          (validated; all errors collected)
//! release        Site + audience + as-of → AudienceView  (the only place visibility is decided)
//! plan           AudienceView            → Plan          (every output file and its URL)
//! render         Plan page               → bytes         (pure, parallel; feed and sitemap too)
//! search         rendered pages' text    → pagefind/     (the audience's own search index)
//! write          bytes                   → <out>/<audience>/ (staged, swapped in whole)
//! ```
//! [`build::build`] runs it; [`check::check`] runs it without writing; [`status::status`]
//! reports the release calendar. [`guard`] fingerprints what an audience may not see and
//! reads every output byte for it before a build is published; [`audit::audit`] does the
//! same for any folder.

pub mod audit;
pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod coverage;
pub mod error;
pub mod feed;
pub mod guard;
pub mod headers;
pub mod isolate;
pub mod language;
pub mod markdown;
pub mod new;
pub mod plan;
pub mod progress;
pub mod redline;
pub mod release;
pub mod render;
pub mod search;
pub mod serve;
pub mod sitemap;
pub mod sort;
pub mod status;
pub mod warnings;
pub mod write;
mod xml;
