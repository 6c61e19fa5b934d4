//! Where a visible body links to a document or page, and which: a hidden title inside the
//! text of a link to that very document is named on purpose (the page keeps the text, not
//! the link, and the build warns of it).

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use crate::content::links::{classify, Target};

/// The byte range of each link in `body` that leads to a document or page, with what it
/// names as a `mentions` entry does (`meetings/m77/x`, `pages/handbook`). `from_dir` is the
/// body's folder relative to the site (`meetings/m76/agenda`).
pub fn to_content(body: &str, from_dir: &str) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    for (event, range) in
        Parser::new_ext(body, crate::support::markdown::options()).into_offset_iter()
    {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        let thing = match classify(&dest_url, from_dir) {
            Ok(Target::Document { meeting, slug, .. }) => format!("meetings/{meeting}/{slug}"),
            Ok(Target::Page { slug, .. }) => format!("pages/{slug}"),
            _ => continue,
        };
        found.push((range, thing));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_documents_and_pages_are_found_with_their_target() {
        let body = "Item 5: [Host arrangements](../host-arrangements/), [about](@/pages/about/), [web](https://x.org/).";
        let found = to_content(body, "meetings/m77/agenda");
        let named: Vec<(&str, &str)> = found
            .iter()
            .map(|(r, thing)| (&body[r.clone()], thing.as_str()))
            .collect();
        assert_eq!(
            named,
            vec![
                (
                    "[Host arrangements](../host-arrangements/)",
                    "meetings/m77/host-arrangements"
                ),
                ("[about](@/pages/about/)", "pages/about"),
            ]
        );
    }
}
