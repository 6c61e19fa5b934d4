//! `sitemap.xml` (every HTML page with its language alternates) and `robots.txt`.

use std::fmt::Write;

use crate::plan::{alternates, plan, PageKind, Urls};
use crate::release::AudienceView;
use crate::render::context::absolute;
use crate::xml::escape;

/// Every page of the audience's build, from the same plan the build writes.
pub fn sitemap(view: &AudienceView<'_>, urls: &Urls) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for page in plan(view, urls).pages {
        if matches!(
            page.kind,
            PageKind::Feed { .. } | PageKind::Sitemap | PageKind::Robots | PageKind::NotFound
        ) {
            continue;
        }
        let _ = writeln!(
            xml,
            "<url><loc>{}</loc>",
            escape(&absolute(view, urls, &page.url))
        );
        let alternates = alternates(view, urls, &page.kind);
        if alternates.len() > 1 {
            for (lang, url) in &alternates {
                let _ = writeln!(
                    xml,
                    r#"<xhtml:link rel="alternate" hreflang="{}" href="{}"/>"#,
                    escape(lang),
                    escape(&absolute(view, urls, url))
                );
            }
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Restricted builds ask every robot to stay out; public builds point them at the sitemap.
pub fn robots(view: &AudienceView<'_>, urls: &Urls) -> String {
    if view.audience.restricted {
        "User-agent: *\nDisallow: /\n".to_string()
    } else {
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            absolute(view, urls, &format!("{}sitemap.xml", urls.base))
        )
    }
}
