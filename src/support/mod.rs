//! What every stage and command shares and that depends on no stage: diagnostics, language
//! codes and scripts, Markdown, progress bars, natural sorting, XML escaping, reproducible ZIP
//! archives, panic isolation, the grouping of warnings and huge pages.

pub mod archive;
pub mod error;
pub mod huge_pages;
pub mod isolate;
pub mod language;
pub mod markdown;
pub mod progress;
pub mod sort;
pub mod warnings;
pub(crate) mod xml;
