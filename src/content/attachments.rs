//! Attachments that could run script on the site's origin are refused.
//!
//! An attachment is copied byte for byte and served from the same origin as the pages. An SVG
//! or XML file opened at its own URL is a document of the site: a `<script>`, an `onload=`
//! handler or a `javascript:` link in it runs with the members site's cookies. Delegations
//! send files and staff copy them in, so plenary reads every such attachment as a browser
//! would, with an XML parser (roxmltree), and refuses one that holds anything active, naming
//! the file, the line and what was found. Refusing rather than rewriting keeps the bytes the
//! leak guard compares with hidden attachments exactly the source's. HTML attachments are
//! refused whatever they hold: an HTML file is a page of the site, and its text belongs in
//! the document's Markdown (or in a PDF).
//!
//! The server configurations in `examples/deploy/` and the `_headers` file also serve the
//! active types in a sandbox of their own, so a file this check could not foresee still runs
//! nothing.

use std::io::Read;
use std::path::Path;

use crate::support::error::Diagnostic;

/// File extensions servers give an XML type (`image/svg+xml`, `application/xml`,
/// `application/rss+xml`…), which a browser renders as a document that can hold script:
/// nginx's and Caddy's tables, and more.
const XML_EXTENSIONS: &[&str] = &[
    "svg", "svgz", "xml", "xsl", "xslt", "xsd", "rng", "xbl", "rss", "atom", "rdf", "kml", "gpx",
    "mml", "xspf", "xlf", "xliff", "dtd", "ent",
];

/// Compressed copies a server sends instead of the file beside them (nginx's `gzip_static`,
/// Caddy's `precompressed`) to browsers that accept them.
const COMPRESSED_COPIES: &[&str] = &["gz", "br", "zst"];

/// File extensions a browser renders as an HTML page.
const HTML_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml"];

/// The most bytes an `.svgz` may inflate to: a compressed bomb is refused, not expanded.
const MAX_INFLATED: u64 = 64 * 1024 * 1024;

fn extension(name: &str) -> &str {
    name.rsplit_once('.').map_or("", |(_, e)| e)
}

fn has_extension(name: &str, list: &[&str]) -> bool {
    let extension = extension(name);
    list.iter().any(|e| extension.eq_ignore_ascii_case(e))
}

/// Whether a browser would render the attachment `name` as a document of the site that
/// could hold script (SVG, XML). Servers sandbox these.
pub fn is_active(name: &str) -> bool {
    has_extension(name, XML_EXTENSIONS)
}

/// Check a document's attachments side by side: a compressed copy beside another attachment
/// (`plan.svg.gz` beside `plan.svg`) is what a server sends instead of it, so it could carry
/// different bytes (script, or text the leak guard never compared) under the checked name.
pub fn check_siblings(attachments: &[(String, std::path::PathBuf)]) -> Vec<Diagnostic> {
    attachments
        .iter()
        .filter_map(|(name, path)| {
            let (stem, extension) = name.rsplit_once('.')?;
            let compressed = COMPRESSED_COPIES
                .iter()
                .any(|c| extension.eq_ignore_ascii_case(c));
            (compressed && attachments.iter().any(|(other, _)| other == stem)).then(|| {
                Diagnostic::error(
                    path.clone(),
                    format!("a server would send this file instead of `{stem}` to browsers that accept its compression"),
                )
                .hint(format!("remove it: servers compress `{stem}` themselves"))
            })
        })
        .collect()
}

/// Check the attachment `name` at `path`: `None` if it runs nothing, else the error.
pub fn check(path: &Path, name: &str) -> Option<Diagnostic> {
    if has_extension(name, HTML_EXTENSIONS) {
        return Some(
            Diagnostic::error(
                path.to_path_buf(),
                "an HTML attachment would be a page of the site, able to run script as it",
            )
            .hint("put its text in the document's Markdown, or attach it as a PDF"),
        );
    }
    if !is_active(name) {
        return None;
    }
    let bytes = match read(path, name) {
        Ok(bytes) => bytes,
        Err(message) => return Some(Diagnostic::error(path.to_path_buf(), message)),
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Some(refusal(path, "it is not UTF-8 text, so it cannot be read as a browser would").hint(
            "save it again as UTF-8 (any vector editor's \"plain SVG\" export is), or attach it as PNG or PDF",
        ));
    };
    active_content(text).map(|found| {
        let diagnostic = refusal(path, &found.what);
        match found.at {
            Some((line, column)) => diagnostic.at(line, column),
            None => diagnostic,
        }
        .hint("remove it (a plain SVG export has none), or attach the drawing as PNG or PDF")
    })
}

fn refusal(path: &Path, what: &str) -> Diagnostic {
    Diagnostic::error(
        path.to_path_buf(),
        format!("this attachment could run script on the site: {what}"),
    )
}

/// The attachment's bytes, inflated if it is an `.svgz`.
fn read(path: &Path, name: &str) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the attachment: {e}"))?;
    if !extension(name).eq_ignore_ascii_case("svgz") {
        return Ok(bytes);
    }
    let mut inflated = Vec::new();
    flate2::read::GzDecoder::new(bytes.as_slice())
        .take(MAX_INFLATED + 1)
        .read_to_end(&mut inflated)
        .map_err(|e| format!("this .svgz attachment is not valid gzip: {e}"))?;
    if inflated.len() as u64 > MAX_INFLATED {
        return Err("this .svgz attachment inflates to more than 64 MiB".to_string());
    }
    Ok(inflated)
}

/// What was found, and where (1-based line and column).
#[derive(Debug)]
struct Found {
    what: String,
    at: Option<(usize, usize)>,
}

/// Elements that run script or embed a document that can, in any namespace.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script",
    "foreignobject",
    "handler",
    "listener",
    "iframe",
    "frame",
    "frameset",
    "embed",
    "object",
    "portal",
];

/// Animation elements: they can set an attribute to a `javascript:` URL after load.
const ANIMATIONS: &[&str] = &[
    "set",
    "animate",
    "animatemotion",
    "animatetransform",
    "animatecolor",
];

const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// The first active thing in the XML document `text`, as a browser would parse it.
fn active_content(text: &str) -> Option<Found> {
    // Attribute defaults declared in the DTD (`<!ATTLIST svg onload CDATA "…">`) are applied
    // by browsers and not reported by the parser: refused wherever they appear.
    if let Some(at) = find_ascii_case_insensitive(text, "<!ATTLIST") {
        let (line, column) = crate::support::error::line_column(text, at);
        return Some(Found {
            what: "an attribute list declaration <!ATTLIST …> (it can give elements attributes, handlers among them)".to_string(),
            at: Some((line, column)),
        });
    }
    let options = roxmltree::ParsingOptions {
        // SVG from vector editors carries the SVG 1.1 DOCTYPE; entities it declares are
        // expanded into the tree, so what they hide is read like the rest.
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = match roxmltree::Document::parse_with_options(text, options) {
        Ok(document) => document,
        Err(e) => {
            let pos = e.pos();
            return Some(Found {
                what: format!("it is not well-formed XML ({e}), and a browser's reading of it cannot be checked"),
                at: Some((pos.row as usize, pos.col as usize)),
            });
        }
    };
    let at = |start: usize| {
        let pos = document.text_pos_at(start);
        Some((pos.row as usize, pos.col as usize))
    };
    for node in document.descendants() {
        if let Some(pi) = node.pi() {
            // `<?xml-stylesheet?>` applies XSLT, which can write script into the document.
            return Some(Found {
                what: format!("a processing instruction <?{} …?>", pi.target),
                at: at(node.range().start),
            });
        }
        if !node.is_element() {
            continue;
        }
        let tag = node.tag_name();
        let local = tag.name().to_ascii_lowercase();
        if ACTIVE_ELEMENTS.contains(&local.as_str()) {
            return Some(Found {
                what: format!("a <{}> element", tag.name()),
                at: at(node.range().start),
            });
        }
        if tag.namespace() == Some(XHTML) {
            return Some(Found {
                what: format!("an HTML <{}> element", tag.name()),
                at: at(node.range().start),
            });
        }
        for attribute in node.attributes() {
            // As written, with its prefix (`xlink:href`), for the message.
            let written = text
                .get(attribute.range_qname())
                .filter(|w| !w.is_empty())
                .unwrap_or(attribute.name());
            let name = attribute.name().to_ascii_lowercase();
            let value = attribute.value();
            let found = if name.starts_with("on") {
                Some(format!("an event handler {written}=\"…\""))
            } else if ANIMATIONS.contains(&local.as_str())
                && name == "attributename"
                && (is_link_attribute(value) || value.to_ascii_lowercase().starts_with("on"))
            {
                Some(format!("<{}> changes the attribute {value}", tag.name()))
            } else {
                active_scheme(value, is_link_attribute(&name))
                    .map(|scheme| format!("a {scheme} URL in {written}=\"…\""))
            };
            if let Some(what) = found {
                return Some(Found {
                    what,
                    at: at(attribute.range().start),
                });
            }
        }
    }
    None
}

fn find_ascii_case_insensitive(text: &str, needle: &str) -> Option<usize> {
    text.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Attributes that hold a URL a browser follows or loads.
fn is_link_attribute(name: &str) -> bool {
    let local = name.rsplit(':').next().unwrap_or(name).to_ascii_lowercase();
    matches!(local.as_str(), "href" | "src" | "action" | "formaction")
}

/// The script-running scheme `value` starts with, as a browser reads a URL: ASCII
/// whitespace and controls anywhere in the scheme are skipped, case is ignored. A `data:` URL
/// counts in a link attribute unless it is an image (a `data:text/html` link is a page).
/// Any attribute is read, not only links: animation values (`to`, `values`) become links.
fn active_scheme(value: &str, link: bool) -> Option<&'static str> {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .flat_map(char::to_lowercase)
        .collect();
    let squeezed = squeezed.trim_start_matches(';');
    if squeezed.starts_with("javascript:") || squeezed.contains(";javascript:") {
        return Some("javascript:");
    }
    if squeezed.starts_with("vbscript:") {
        return Some("vbscript:");
    }
    if link && squeezed.starts_with("data:") && !squeezed.starts_with("data:image/") {
        return Some("data:");
    }
    None
}

#[cfg(test)]
mod tests;
