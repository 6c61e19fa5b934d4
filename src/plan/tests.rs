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
