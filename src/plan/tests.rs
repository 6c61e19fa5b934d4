use super::*;

#[test]
fn urls_map_to_index_files_under_the_base() {
    let urls = Urls {
        base: "/gac/".to_string(),
    };
    let url = urls.version("fr", "m76", "hlgm", 1);
    assert_eq!(url, "/gac/fr/meetings/m76/hlgm/v1/");
    assert_eq!(urls.file_for(&url), "fr/meetings/m76/hlgm/v1/index.html");
    assert_eq!(urls.file_for(&urls.chooser()), "index.html");
    assert_eq!(urls.file_for(&urls.feed("en")), "en/feed.xml");
}

#[test]
fn attachment_names_are_encoded_in_urls_and_decoded_in_files() {
    let urls = Urls {
        base: "/".to_string(),
    };
    let url = urls.attachment("m1", "doc", "time line.svg");
    assert_eq!(url, "/meetings/m1/doc/time%20line.svg");
    assert_eq!(urls.file_for(&url), "meetings/m1/doc/time line.svg");
}

/// What a preview plans after an edit is what the build plans, page for page: every page
/// `plan_only` keeps, in the same order, with the same URL and file, and no other.
#[test]
fn planning_only_some_pages_plans_them_as_the_whole_plan_does() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("site-content");
    let site = crate::content::load::load(&root).unwrap().site;
    let as_of = "2026-06-10T12:00:00Z".parse().unwrap();
    for audience in site.config.audiences.values() {
        let view = crate::release::view(&site, audience, as_of);
        let urls = Urls {
            base: audience.base_path(),
        };
        let whole: Vec<(String, String)> = plan(&view, &urls)
            .pages
            .into_iter()
            .filter(|p| !matches!(p.kind, PageKind::Sitemap(_)))
            .map(|p| (p.url, p.file))
            .collect();
        let every: Vec<(String, String)> = plan_only(&view, &urls, &|_| true)
            .into_iter()
            .map(|p| (p.url, p.file))
            .collect();
        assert_eq!(every, whole, "{}", audience.name);

        let documents = |kind: &PageKind<'_, '_>| matches!(kind, PageKind::Document(_));
        let some: Vec<String> = plan_only(&view, &urls, &documents)
            .into_iter()
            .map(|p| p.url)
            .collect();
        let expected: Vec<String> = plan(&view, &urls)
            .pages
            .into_iter()
            .filter(|p| documents(&p.kind))
            .map(|p| p.url)
            .collect();
        assert!(expected.len() > 10, "{}: {}", audience.name, expected.len());
        assert_eq!(some, expected, "{}", audience.name);
    }
}
