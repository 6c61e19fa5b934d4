//! `_headers`: the response headers of an audience's site, for static hosts that read that
//! file (Netlify, Cloudflare Pages) and so need no server configuration of their own.
//!
//! The same headers are in `examples/deploy/` for nginx and Caddy; a test keeps the policies
//! there equal to the ones here.

use std::fmt::Write;

use crate::content::attachments::is_active;
use crate::plan::Urls;
use crate::release::AudienceView;

/// What a plenary page needs, and nothing more: its own stylesheet and scripts, Pagefind's
/// WebAssembly (`'wasm-unsafe-eval'` compiles it, nothing evaluates strings), the favicon's
/// `data:` URL, and the search form. No inline script or style anywhere in the theme.
pub const PAGE_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; \
frame-ancestors 'none'";

/// An attachment a browser would run as a document of the site (SVG, XML): a sandbox of its
/// own origin with no script, whatever the source check let through.
pub const ACTIVE_ATTACHMENT_POLICY: &str =
    "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/// Headers every response carries.
pub const COMMON: &[(&str, &str)] = &[
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
];

/// Headers every response of a restricted audience carries: kept out of search engines and
/// out of shared caches (a proxy must never hand a member's page to someone else).
pub const RESTRICTED: &[(&str, &str)] = &[
    ("X-Robots-Tag", "noindex, nofollow"),
    ("Cache-Control", "private, no-cache"),
];

/// The `_headers` file of `view`'s site: every response, and one rule per attachment a
/// browser would open as a document ([`is_active`]), by URL, sorted.
pub fn file(view: &AudienceView<'_>, urls: &Urls) -> String {
    let base = &urls.base;
    let mut active: Vec<String> = view
        .documents()
        .flat_map(|(_, document)| {
            let meta = document.meta;
            document
                .attachments
                .iter()
                .filter(|a| is_active(&a.name))
                .map(|a| urls.attachment(&meta.meeting, &meta.slug, &a.name))
        })
        .collect();
    active.sort();
    let mut out = String::from(
        "# Response headers for static hosts that read this file (Netlify, Cloudflare Pages).\n\
         # Written by plenary; the same headers for nginx and Caddy are in examples/deploy/.\n",
    );
    let _ = writeln!(out, "{base}*");
    for (name, value) in COMMON {
        let _ = writeln!(out, "  {name}: {value}");
    }
    let _ = writeln!(out, "  Content-Security-Policy: {PAGE_POLICY}");
    if view.audience.restricted {
        for (name, value) in RESTRICTED {
            let _ = writeln!(out, "  {name}: {value}");
        }
    }
    for url in &active {
        let _ = writeln!(out, "{url}");
        let _ = writeln!(out, "  Content-Security-Policy: {ACTIVE_ATTACHMENT_POLICY}");
    }
    out
}
