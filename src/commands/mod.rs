//! What a person runs: each command composes the pipeline stages (or part of them) and reports.
//!
//! `build` runs every stage and writes; `check` runs them without writing; `serve` rebuilds
//! what an edit touched and serves it; `status` prints the release calendar; `audit` reads a
//! folder for what an audience may not see; `new` creates meetings, documents, versions and
//! translations from the command line.

pub mod audit;
pub mod build;
pub mod check;
pub mod new;
pub mod serve;
pub mod status;
