use std::io::Write;

use super::*;

/// An SVG as Inkscape saves it: the SVG 1.1 DOCTYPE, editor namespaces, a style sheet, an
/// embedded PNG, links out. Nothing in it runs.
const INKSCAPE: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" width="210mm" height="297mm">
  <sodipodi:namedview id="base" inkscape:zoom="0.35" />
  <metadata><rdf:RDF><rdf:Description rdf:about="">Timeline</rdf:Description></rdf:RDF></metadata>
  <style>.axis { stroke: #333; }</style>
  <a xlink:href="https://example.org/report" target="_blank"><text x="10" y="20">Report</text></a>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <animate attributeName="opacity" from="0" to="1" dur="1s"/>
  <path class="axis" d="M 0 0 L 100 100" onlyone="a name that starts with on is no handler"/>
</svg>
"##;

fn found(svg: &str) -> Found {
    active_content(svg).unwrap_or_else(|| panic!("nothing found in {svg}"))
}

fn svg(inner: &str) -> String {
    format!("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n{inner}\n</svg>")
}

#[test]
fn an_svg_as_editors_save_it_is_accepted() {
    // `onlyone` starts with "on": the rule is every on* attribute, so rename it to test the rest.
    let clean = INKSCAPE.replace("onlyone=", "data-only=");
    assert!(
        active_content(&clean).is_none(),
        "{:?}",
        active_content(&clean)
    );
}

#[test]
fn every_way_of_running_script_is_found_with_its_place() {
    let cases = [
        ("<script>alert(1)</script>", "a <script> element", (2, 1)),
        (
            "<g><SCRIPT xlink:href=\"x.js\"/></g>",
            "a <SCRIPT> element",
            (2, 4),
        ),
        (
            "<rect onload=\"alert(1)\"/>",
            "an event handler onload=",
            (2, 7),
        ),
        (
            "<rect ONMouseOver='alert(1)'/>",
            "an event handler ONMouseOver=",
            (2, 7),
        ),
        (
            "<a xlink:href=\"javascript:alert(1)\"><text>x</text></a>",
            "a javascript: URL in xlink:href",
            (2, 4),
        ),
        (
            "<a href=\" JaVa\tScRiPt:alert(1)\">x</a>",
            "a javascript: URL in href",
            (2, 4),
        ),
        (
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "a javascript: URL in href",
            (2, 4),
        ),
        (
            "<a href=\"data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;\">x</a>",
            "a data: URL in href",
            (2, 4),
        ),
        (
            "<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject>",
            "a <foreignObject> element",
            (2, 1),
        ),
        (
            "<h:img xmlns:h=\"http://www.w3.org/1999/xhtml\" src=\"x\"/>",
            "an HTML <img> element",
            (2, 1),
        ),
        (
            "<a><set attributeName=\"href\" to=\"javascript:alert(1)\"/></a>",
            "<set> changes the attribute href",
            (2, 9),
        ),
        (
            "<animate attributeName=\"xlink:href\" values=\"#a;javascript:alert(1)\"/>",
            "<animate> changes the attribute xlink:href",
            (2, 10),
        ),
        (
            "<a><animate attributeName=\"x\" values=\"1; javascript:alert(1)\"/></a>",
            "a javascript: URL in values",
            (2, 31),
        ),
        (
            "<handler type=\"application/ecmascript\">alert(1)</handler>",
            "a <handler> element",
            (2, 1),
        ),
        (
            "<iframe src=\"https://example.org\"/>",
            "a <iframe> element",
            (2, 1),
        ),
    ];
    for (inner, what, at) in cases {
        let found = found(&svg(inner));
        assert!(
            found.what.contains(what),
            "{inner}: {:?} should say {what}",
            found.what
        );
        assert_eq!(found.at, Some(at), "{inner}: {}", found.what);
    }
}

#[test]
fn a_style_sheet_processing_instruction_is_refused() {
    let text = format!(
        "<?xml version=\"1.0\"?>\n<?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?>\n{}",
        svg("")
    );
    let found = found(&text);
    assert!(found.what.contains("<?xml-stylesheet"), "{}", found.what);
    assert_eq!(found.at, Some((2, 1)));
}

#[test]
fn script_hidden_in_an_entity_is_found() {
    let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY run \"<script>alert(1)</script>\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\">&run;</svg>";
    assert!(found(text).what.contains("<script>"));
}

#[test]
fn text_that_is_not_well_formed_is_refused_with_its_place() {
    let found = found("<svg xmlns=\"http://www.w3.org/2000/svg\">\n<g>\n</svg>");
    assert!(found.what.contains("not well-formed"), "{}", found.what);
    assert_eq!(found.at.map(|(line, _)| line), Some(3));
}

fn attachment(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn attachments_are_checked_by_their_type() {
    let script = svg("<script>alert(1)</script>");
    let (_dir, path) = attachment("map.SVG", script.as_bytes());
    let error = check(&path, "map.SVG").expect("an upper-case .SVG is an SVG");
    assert_eq!((error.line, error.column), (Some(2), Some(1)));
    assert!(
        error.message.contains("could run script"),
        "{}",
        error.message
    );

    let (_dir, path) = attachment("map.svgz", &gzip(script.as_bytes()));
    assert!(
        check(&path, "map.svgz").is_some(),
        "an .svgz is read inflated"
    );

    let (_dir, path) = attachment("bomb.svgz", &gzip(&vec![b' '; 65 * 1024 * 1024]));
    let error = check(&path, "bomb.svgz").expect("a bomb is refused");
    assert!(error.message.contains("64 MiB"), "{}", error.message);

    let (_dir, path) = attachment("notes.html", b"<p>plain</p>");
    assert!(
        check(&path, "notes.html").is_some(),
        "HTML is refused whatever it holds"
    );

    let (_dir, path) = attachment(
        "data.xml",
        b"<?xml version=\"1.0\"?><rows><row a=\"1\"/></rows>",
    );
    assert!(
        check(&path, "data.xml").is_none(),
        "an inert XML file is copied"
    );

    let (_dir, path) = attachment("report.pdf", script.as_bytes());
    assert!(
        check(&path, "report.pdf").is_none(),
        "a PDF is served as a PDF, not read"
    );

    let (_dir, path) = attachment(
        "clean.svg",
        INKSCAPE.replace("onlyone=", "data-x=").as_bytes(),
    );
    assert!(check(&path, "clean.svg").is_none());
}

#[test]
fn active_types_are_matched_in_any_case_and_only_at_the_end() {
    assert!(is_active("map.svg"));
    assert!(is_active("MAP.SVG"));
    assert!(is_active("data.Xml"));
    assert!(!is_active("map.svg.pdf"));
    assert!(!is_active("svg"));
    assert!(!is_active("report.pdf"));
}

/// Attribute defaults a DTD declares are applied by browsers but not reported by the parser:
/// an `onload` given that way, or a namespace that makes `<svg/>` in an .xml file an SVG.
#[test]
fn attribute_defaults_declared_in_a_dtd_are_refused() {
    for text in [
        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ATTLIST svg onload CDATA \"document.documentElement.setAttribute('pwned',document.domain)\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"10\" height=\"10\"/></svg>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!attlist svg xmlns CDATA #FIXED \"http://www.w3.org/2000/svg\" onload CDATA \"alert(1)\">]>\n<svg/>",
        "<!DOCTYPE svg [\n  <!ATTLIST a href CDATA \"javascript:alert(1)\">\n]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><a><text>x</text></a></svg>",
    ] {
        let found = active_content(text).unwrap_or_else(|| panic!("nothing found in {text}"));
        assert!(found.what.contains("<!ATTLIST"), "{}", found.what);
    }
    // Entity declarations, as Illustrator writes them, stay allowed.
    let illustrator = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\" [\n\t<!ENTITY ns_svg \"http://www.w3.org/2000/svg\">\n]>\n<svg xmlns=\"&ns_svg;\"><rect width=\"1\" height=\"1\"/></svg>";
    assert!(
        active_content(illustrator).is_none(),
        "{:?}",
        active_content(illustrator)
    );
}

#[test]
fn every_xml_type_a_server_knows_is_read() {
    let xhtml_script =
        "<x xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:script>alert(1)</h:script></x>";
    for name in [
        "p.xsd",
        "p.rng",
        "p.xbl",
        "feed.rss",
        "feed.atom",
        "map.kml",
        "track.gpx",
        "f.mml",
        "list.xspf",
    ] {
        let (_dir, path) = attachment(name, xhtml_script.as_bytes());
        assert!(check(&path, name).is_some(), "{name}");
    }
}

#[test]
fn a_compressed_copy_beside_an_attachment_is_refused() {
    let named = |names: &[&str]| -> Vec<(String, std::path::PathBuf)> {
        names
            .iter()
            .map(|n| (n.to_string(), std::path::PathBuf::from(n)))
            .collect()
    };
    let found = check_siblings(&named(&[
        "g.svg",
        "g.svg.gz",
        "report.pdf",
        "report.pdf.br",
        "data.csv.gz",
    ]));
    let messages: Vec<String> = found.iter().map(|d| d.to_string()).collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages[0]
            .starts_with("error: g.svg.gz: a server would send this file instead of `g.svg`"),
        "{messages:#?}"
    );
    assert!(
        messages[1].starts_with("error: report.pdf.br:"),
        "{messages:#?}"
    );
}
