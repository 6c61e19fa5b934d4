//! What a host needs to serve each audience safely: attachments that could run script are
//! refused at the source, `_headers` carries each audience's headers for static hosts, and the
//! server configurations in `examples/deploy/` send the same policies. (The servers themselves
//! are checked by `examples/deploy/check.sh`, run by `.ci/run`.)

mod support;

use plenary::render::headers::{ACTIVE_ATTACHMENT_POLICY, COMMON, PAGE_POLICY, RESTRICTED};
use support::TestSite;

const AS_OF: &str = "2024-04-01";

/// An SVG as a drawing program exports it: nothing in it runs.
const CLEAN_SVG: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><title>Plan</title><circle cx=\"5\" cy=\"5\" r=\"4\"/></svg>\n";

fn errors(site: &TestSite) -> Vec<String> {
    match site.build("", AS_OF) {
        Ok(_) => panic!("the build should fail"),
        Err(failure) => failure
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                d.to_string()
                    .replace(&format!("{}/", site.root().display()), "")
            })
            .collect(),
    }
}

#[test]
fn an_attachment_that_could_run_script_fails_every_audience_at_its_line() {
    let site = TestSite::standard();
    // On a public briefing, and on the members-only note: a members' page runs it with the
    // members' cookies, so hidden is no excuse.
    site.file(
        "meetings/spring/hlgm/map.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <circle r=\"4\"\n    onload=\"fetch('/steal?c=' + document.cookie)\"/>\n</svg>\n",
    );
    site.file(
        "meetings/spring/secret-note/plan.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n<a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>\n",
    );
    site.file("meetings/spring/hlgm/notes.htm", "<p>Notes</p>\n");
    let found = errors(&site);
    assert_eq!(
        found,
        [
            "error: meetings/spring/hlgm/map.svg:3:5: this attachment could run script on the site: an event handler onload=\"…\"\n  hint: remove it (a plain SVG export has none), or attach the drawing as PNG or PDF",
            "error: meetings/spring/hlgm/notes.htm: an HTML attachment would be a page of the site, able to run script as it\n  hint: put its text in the document's Markdown, or attach it as a PDF",
            "error: meetings/spring/secret-note/plan.svg:2:4: this attachment could run script on the site: a javascript: URL in xlink:href=\"…\"\n  hint: remove it (a plain SVG export has none), or attach the drawing as PNG or PDF",
        ],
        "{found:#?}"
    );
    assert!(!site.out().exists(), "nothing was written");

    // The drawings as exported: every audience builds, the files copied byte for byte.
    site.file("meetings/spring/hlgm/map.svg", CLEAN_SVG);
    site.file("meetings/spring/secret-note/plan.svg", CLEAN_SVG);
    site.remove("meetings/spring/hlgm/notes.htm");
    let public = site.output("public", AS_OF);
    assert_eq!(public.read("meetings/spring/hlgm/map.svg"), CLEAN_SVG);
    assert!(!public.exists("meetings/spring/secret-note/plan.svg"));
    let members = site.output("members", AS_OF);
    assert_eq!(
        members.read("meetings/spring/secret-note/plan.svg"),
        CLEAN_SVG
    );
}

/// Two drawings share their markup (the SVG namespace, the XML declaration): a hidden one
/// beside a visible one is no leak.
#[test]
fn a_hidden_drawing_sharing_markup_with_a_visible_one_is_no_false_alarm() {
    let site = TestSite::standard();
    let drawing = |label: &str| {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" viewBox=\"0 0 200 100\" role=\"img\"><title>{label}</title><rect x=\"5\" y=\"5\" width=\"190\" height=\"90\" fill=\"none\" stroke=\"#000\"/></svg>\n")
    };
    site.file("meetings/spring/hlgm/map.svg", &drawing("Network"));
    site.file(
        "meetings/spring/secret-note/floor plan.svg",
        &drawing("Kilimanjaro pavilion"),
    );
    let public = site.output("public", AS_OF);
    assert!(public.exists("meetings/spring/hlgm/map.svg"));
    assert!(!public.exists("meetings/spring/secret-note/floor plan.svg"));
}

#[test]
fn each_audience_gets_its_headers_for_static_hosts() {
    let site = TestSite::standard();
    site.file("meetings/spring/hlgm/map.svg", CLEAN_SVG);
    site.file("meetings/spring/secret-note/plan.svg", CLEAN_SVG);
    let public = site.output("public", AS_OF).read("_headers");
    let members = site.output("members", AS_OF).read("_headers");
    for (audience, headers) in [("public", &public), ("members", &members)] {
        assert!(headers.contains("\n/*\n"), "{audience}: {headers}");
        assert!(
            headers.contains(&format!("  Content-Security-Policy: {PAGE_POLICY}\n")),
            "{audience}: {headers}"
        );
        for (name, value) in COMMON {
            assert!(
                headers.contains(&format!("  {name}: {value}\n")),
                "{audience}: {headers}"
            );
        }
        assert!(
            headers.contains(&format!(
                "/meetings/spring/hlgm/map.svg\n  Content-Security-Policy: {ACTIVE_ATTACHMENT_POLICY}\n"
            )),
            "{audience}: {headers}"
        );
    }
    for (name, value) in RESTRICTED {
        assert!(
            members.contains(&format!("  {name}: {value}\n")),
            "{members}"
        );
        assert!(!public.contains(name), "{public}");
    }
    // The hidden note's attachment is named only where the note is visible.
    assert!(
        members.contains("/meetings/spring/secret-note/plan.svg\n"),
        "{members}"
    );
    assert!(!public.contains("secret-note"), "{public}");
}

fn example(path: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/deploy")
        .join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The servers send what `_headers` says: one policy, written in three places, kept equal.
#[test]
fn the_server_configurations_send_plenarys_headers() {
    let nginx_shared = example("nginx/plenary-http.conf");
    let caddy = example("caddy/Caddyfile");
    for (file, text) in [("nginx", &nginx_shared), ("Caddy", &caddy)] {
        assert!(
            text.contains(&format!("\"{PAGE_POLICY}\"")),
            "{file}: page policy"
        );
        assert!(
            text.contains(&format!("\"{ACTIVE_ATTACHMENT_POLICY}\"")),
            "{file}: attachment policy"
        );
        // Every attachment but a PDF, not only the types the build reads.
        assert!(
            text.contains("/meetings/[^/]+/[^/]+/[^/]+$"),
            "{file}: attachments"
        );
    }
    let members = example("nginx/members-common.conf");
    for (name, value) in RESTRICTED {
        assert!(
            members.contains(&format!("add_header {name} \"{value}\" always;")),
            "members: {name}"
        );
    }
    for (file, text) in [
        ("members", &members),
        ("public", &example("nginx/public.conf")),
    ] {
        for (name, value) in COMMON {
            assert!(
                text.contains(&format!("add_header {name} {value} always;")),
                "{file}: {name}"
            );
        }
    }
    for (name, value) in COMMON {
        assert!(caddy.contains(&format!("{name} {value}")), "Caddy: {name}");
    }
}
