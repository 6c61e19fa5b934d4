use super::*;
use std::sync::Mutex;

/// The output file whose rendering panics, standing in for a bug that some input trips.
static PANIC_ON: Mutex<Option<String>> = Mutex::new(None);

pub(super) fn panic_if_asked(file: &str) {
    if PANIC_ON.lock().unwrap().as_deref() == Some(file) {
        let crumbs: Vec<u8> = Vec::new();
        let _ = crumbs[3]; // a typical bug: an index out of range
    }
}

#[test]
fn a_panic_rendering_one_document_is_an_error_naming_it_and_the_output_stays() {
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("site-content");
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        site: site.clone(),
        audiences: vec![],
        as_of: "2026-06-10T12:00:00Z".parse().unwrap(),
        out: out.path().to_path_buf(),
        progress: false,
    };
    build(&options).unwrap();
    let page = out
        .path()
        .join("members/en/meetings/m76/connectivity-financing/index.html");
    let before = std::fs::read(&page).unwrap();

    *PANIC_ON.lock().unwrap() =
        Some("en/meetings/m76/connectivity-financing/index.html".to_string());
    let failure = build(&options).unwrap_err();
    *PANIC_ON.lock().unwrap() = None;

    let [diagnostic] = &failure.diagnostics[..] else {
        panic!("one error expected: {:?}", failure.diagnostics);
    };
    assert_eq!(
        diagnostic.path.as_deref(),
        Some(
            site.join("meetings/m76/connectivity-financing/v2.en.md")
                .as_path()
        ),
    );
    assert!(
        diagnostic.message.starts_with(
            "plenary failed while rendering `en/meetings/m76/connectivity-financing/index.html`: \
                 index out of bounds: the len is 0 but the index is 3 (at src/commands/build/tests.rs:"
        ),
        "{}",
        diagnostic.message
    );
    assert!(diagnostic
        .hint
        .as_deref()
        .unwrap()
        .contains("bug in plenary"));
    assert_eq!(
        std::fs::read(&page).unwrap(),
        before,
        "the old output stays"
    );
}
