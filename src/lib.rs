//! plenary: a committee's meeting documents → one static website per audience.
//!
//! The folders of `src/` are the architecture. The pipeline, one module per stage, data
//! flowing one way (each stage uses only the stages above it and [`support`]):
//!
//! ```text
//! config   site.toml                        → Config        (validated)
//! content  site-content/ + Config           → Site          (validated; all errors collected)
//! release  Site + audience + as-of          → AudienceView  (the only place visibility is decided)
//! plan     AudienceView                     → Plan          (every output file and its URL)
//! render   Plan page                        → bytes         (pure, parallel: themed pages, feeds,
//!                                                            sitemaps, redlines, _headers)
//! search   rendered pages' text             → pagefind/     (the audience's own search index)
//! guard    hidden sources + every output byte → pass or fail (nothing hidden gets out)
//! write    bytes                            → <out>/<audience>/ (staged, swapped in whole)
//! ```
//!
//! [`commands`] are what a person runs: [`commands::build::build`] runs every stage;
//! [`commands::check::check`] runs them without writing; [`commands::serve`] rebuilds what an
//! edit touched; [`commands::status::status`] reports the release calendar;
//! [`commands::audit::audit`] reads any folder as the guard does. [`cli`] holds the command
//! line that `main` parses.

pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod guard;
pub mod plan;
pub mod release;
pub mod render;
pub mod search;
pub mod support;
pub mod write;
