//! `plenary status`: the release calendar, with local and UTC instants and translation coverage.

mod support;
use plenary::commands::status::{human, status};
use plenary::content::load::load;
use plenary::release::parse_as_of;
use support::TestSite;

#[test]
fn status_gives_each_audience_its_opening_in_local_time_and_utc() {
    let site = TestSite::standard();
    let loaded = load(&site.root()).unwrap();
    let report = status(&loaded.site, parse_as_of("2024-03-01").unwrap());
    let text = human(&report);
    let block: String = text
        .lines()
        .skip_while(|l| !l.contains("meetings/spring/hlgm"))
        .take(4)
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        block,
        "  meetings/spring/hlgm (briefing, session 5)\n    \
         members    visible since 2024-02-20 00:00 AST (2024-02-20 04:00 UTC)  shows v1; v2 from 2024-03-05 00:00 AST (2024-03-05 04:00 UTC)\n    \
         public     becomes visible 2024-03-08 00:00 AST (2024-03-08 04:00 UTC)\n    \
         languages  en current · fr stale (v1) · ar missing"
    );
    assert!(
        text.contains("meetings/spring/secret-note (briefing)\n    members    visible since"),
        "{text}"
    );
    assert!(text.contains("    public     never\n"), "{text}");
}

#[test]
fn status_json_is_machine_readable() {
    let site = TestSite::standard();
    let loaded = load(&site.root()).unwrap();
    let report = status(&loaded.site, parse_as_of("2024-04-01").unwrap());
    let json = serde_json::to_value(&report).unwrap();
    let hlgm = &json["meetings"][0]["documents"][1];
    assert_eq!(hlgm["path"], "meetings/spring/hlgm");
    assert_eq!(hlgm["audiences"][1]["audience"], "public");
    assert_eq!(
        hlgm["audiences"][1]["visible_versions"],
        serde_json::json!([1, 2])
    );
    assert_eq!(hlgm["translations"][1]["state"], "stale");
    // Instants are RFC 3339: in UTC, and meeting-local with the offset.
    assert_eq!(json["as_of"], "2024-04-01T00:00:00Z");
    assert_eq!(hlgm["audiences"][1]["opens_utc"], "2024-03-08T04:00:00Z");
    assert_eq!(
        hlgm["audiences"][1]["opens_local"],
        "2024-03-08T00:00:00-04:00"
    );
    let before = status(&loaded.site, parse_as_of("2024-02-21").unwrap());
    let before = serde_json::to_value(&before).unwrap();
    assert_eq!(
        before["meetings"][0]["documents"][1]["audiences"][0]["upcoming_versions"],
        serde_json::json!([[2, "2024-03-05T04:00:00Z"]])
    );
}
