//! `sitemap.xml` (every HTML page with its language alternates) and `robots.txt`. How the
//! pages are shared among files when a site outgrows one (the public build of a
//! 50,000-document archive has about 227,000 pages) is planned in
//! [`crate::plan::sitemap_layout`].

use std::fmt::Write;

use crate::plan::sitemap_layout::{write_entry, URLSET_END, URLSET_START};
use crate::plan::{absolute, alternates, listed, plan, Planned, SitemapFile, Urls};
use crate::release::AudienceView;
use crate::support::xml::escape;

/// One sitemap file of the audience's build, from the same plan the build writes.
pub fn sitemap(view: &AudienceView<'_>, urls: &Urls, file: SitemapFile) -> String {
    let planned = plan(view, urls);
    let listed = planned.pages.iter().filter(|p| listed(&p.kind));
    let pages: Vec<&Planned<'_, '_>> = match file {
        SitemapFile::Whole => listed.collect(),
        SitemapFile::Part { start, end, .. } => listed.skip(start).take(end - start).collect(),
        SitemapFile::Index { parts } => return index(view, urls, parts),
    };
    let mut xml = String::from(URLSET_START);
    for page in pages {
        let alternates: Vec<(String, String)> = alternates(view, urls, &page.kind)
            .into_iter()
            .map(|(lang, url)| (lang, absolute(view, urls, &url)))
            .collect();
        write_entry(&mut xml, &absolute(view, urls, &page.url), &alternates);
    }
    xml.push_str(URLSET_END);
    xml
}

/// `sitemap.xml` of a site split in `parts`.
fn index(view: &AudienceView<'_>, urls: &Urls, parts: usize) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for number in 1..=parts {
        let url = absolute(view, urls, &format!("{}sitemap-{number}.xml", urls.base));
        let _ = writeln!(xml, "<sitemap><loc>{}</loc></sitemap>", escape(&url));
    }
    xml.push_str("</sitemapindex>\n");
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
