//! Content: reading `site-content/` into a validated [`model::Site`].

pub mod attachments;
pub mod coverage;
mod folders;
pub mod front_matter;
pub mod links;
pub mod load;
pub mod model;
mod pages;
mod raw;
mod sessions;
pub mod text_file;
pub mod validate;
