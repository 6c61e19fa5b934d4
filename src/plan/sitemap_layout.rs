//! How a site's sitemap is shared among files. sitemaps.org lets one file list at most 50,000
//! URLs and weigh at most 50 MB; a site that outgrows one file gets `sitemap.xml` as an index
//! of `sitemap-1.xml`, `sitemap-2.xml`…, each holding an equal share of the pages that no
//! page, however long its URL, can push past either limit. Planned here (the plan lists the
//! files); [`crate::render::sitemap`] writes them with the same [`write_entry`].

use std::fmt::Write;

use crate::support::xml::escape;

/// The most URLs one sitemap file may list.
pub const MAX_URLS: usize = 50_000;
/// The most bytes one sitemap file may hold (50 MiB).
pub const MAX_BYTES: usize = 50 * 1024 * 1024;

pub const URLSET_START: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
pub const URLSET_END: &str = "</urlset>\n";

/// What one sitemap file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SitemapFile {
    /// Every page of the site, in `sitemap.xml`.
    Whole,
    /// `sitemap.xml` as an index of the parts, for a site too large for one file.
    Index { parts: usize },
    /// `sitemap-<number>.xml`: the listed pages `start..end`, in plan order.
    Part {
        number: usize,
        start: usize,
        end: usize,
    },
}

/// How to share `listed` pages among files of at most `max_urls` entries and `max_bytes`,
/// when no entry is longer than `entry_bound` bytes.
pub fn layout(
    listed: usize,
    entry_bound: usize,
    max_urls: usize,
    max_bytes: usize,
) -> Vec<SitemapFile> {
    let room = max_bytes.saturating_sub(URLSET_START.len() + URLSET_END.len());
    let per_file = max_urls.min(room / entry_bound.max(1)).max(1);
    if listed <= per_file {
        return vec![SitemapFile::Whole];
    }
    let parts = listed.div_ceil(per_file);
    // Equal shares rather than full files and a short last one.
    let share = listed.div_ceil(parts);
    let mut files = vec![SitemapFile::Index { parts }];
    files.extend((0..parts).map(|i| SitemapFile::Part {
        number: i + 1,
        start: i * share,
        end: ((i + 1) * share).min(listed),
    }));
    files
}

/// The longest an entry can be: every URL in it `url` bytes long once escaped, and an
/// alternate in each of `languages` languages of code up to `lang` bytes. Measured by
/// writing such an entry, so it cannot drift from [`write_entry`].
pub fn entry_bound(url: usize, lang: usize, languages: usize) -> usize {
    let (url, lang) = ("u".repeat(url), "l".repeat(lang));
    let alternates: Vec<(String, String)> = (0..languages)
        .map(|_| (lang.clone(), url.clone()))
        .collect();
    let mut entry = String::new();
    write_entry(&mut entry, &url, &alternates);
    entry.len()
}

/// One page's entry; its URL and the alternates' given absolute, not yet escaped.
pub fn write_entry(xml: &mut String, loc: &str, alternates: &[(String, String)]) {
    let _ = writeln!(xml, "<url><loc>{}</loc>", escape(loc));
    if alternates.len() > 1 {
        for (lang, url) in alternates {
            let _ = writeln!(
                xml,
                r#"<xhtml:link rel="alternate" hreflang="{}" href="{}"/>"#,
                escape(lang),
                escape(url)
            );
        }
    }
    xml.push_str("</url>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::xml::escaped_len;

    #[test]
    fn a_site_that_fits_gets_one_file() {
        assert_eq!(
            layout(45_418, 994, MAX_URLS, MAX_BYTES),
            [SitemapFile::Whole]
        );
        assert_eq!(layout(0, 994, MAX_URLS, MAX_BYTES), [SitemapFile::Whole]);
        assert_eq!(
            layout(50_000, 994, MAX_URLS, MAX_BYTES),
            [SitemapFile::Whole]
        );
    }

    /// Parts cover the listed pages once each, in order, none over either limit.
    fn check_parts(listed: usize, bound: usize, max_urls: usize, max_bytes: usize) -> usize {
        let files = layout(listed, bound, max_urls, max_bytes);
        let SitemapFile::Index { parts } = files[0] else {
            panic!("{listed} pages need an index: {files:?}");
        };
        assert_eq!(files.len(), parts + 1);
        let mut next = 0;
        for (i, file) in files[1..].iter().enumerate() {
            let SitemapFile::Part { number, start, end } = *file else {
                panic!("{file:?}");
            };
            assert_eq!((number, start), (i + 1, next));
            assert!(end > start && end - start <= max_urls);
            let bytes = URLSET_START.len() + (end - start) * bound + URLSET_END.len();
            assert!(bytes <= max_bytes, "part {number}: {bytes} bytes");
            next = end;
        }
        assert_eq!(next, listed);
        parts
    }

    #[test]
    fn a_large_site_is_split_by_url_count_or_by_size_whichever_binds() {
        // The 50,000-document archive: 227,000 pages, the URL count binds.
        assert_eq!(check_parts(227_000, 994, MAX_URLS, MAX_BYTES), 5);
        assert_eq!(check_parts(50_001, 994, MAX_URLS, MAX_BYTES), 2);
        // Long URLs in many languages: size binds long before 50,000 URLs.
        assert_eq!(check_parts(50_000, 5_000, MAX_URLS, MAX_BYTES), 5);
        assert_eq!(check_parts(7, 100, 3, 10_000), 3);
        assert_eq!(check_parts(10, 100, 1_000, 260), 10);
    }

    #[test]
    fn the_entry_bound_is_never_below_a_real_entry() {
        // Escaping can make a URL longer; the bound is taken on escaped lengths.
        let loc = "https://example.org/a&b/'q'/en/meetings/m1/doc/";
        let alternates: Vec<(String, String)> = ["en", "zh", "ar"]
            .iter()
            .map(|l| (l.to_string(), loc.replace("/en/", &format!("/{l}/"))))
            .collect();
        let mut entry = String::new();
        write_entry(&mut entry, loc, &alternates);
        assert_eq!(entry_bound(escaped_len(loc), 2, 3), entry.len());
        let mut alone = String::new();
        write_entry(&mut alone, loc, &alternates[..1]);
        assert!(entry_bound(escaped_len(loc), 2, 1) >= alone.len());
    }
}
