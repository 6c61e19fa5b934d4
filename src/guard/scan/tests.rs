use super::super::index::{Hit, Index, Name};
use super::super::words::{self, Windows};
use super::*;
use proptest::prelude::*;

fn decoded(s: &str) -> String {
    String::from_utf8(decode(s.as_bytes()).map_or_else(|| s.as_bytes().to_vec(), |d| d.bytes))
        .unwrap()
}

#[test]
fn entities_escapes_and_percent_escapes_decode() {
    assert_eq!(decoded("Rules &amp; procedures"), "Rules & procedures");
    assert_eq!(decoded("Rules &amp procedures"), "Rules & procedures");
    assert_eq!(decoded("&#20013;&#x6587; &lt;b&gt;"), "中文 <b>");
    assert_eq!(
        decoded(r#"{"t":"\u4e2d\u6587 \"x\" a\/b \ud83d\ude00"}"#),
        "{\"t\":\"中文 \"x\" a/b 😀\"}"
    );
    assert_eq!(decoded("/q=%E4%B8%AD%E6%96%87"), "/q=中文");
}

#[test]
fn malformed_sequences_stay_as_they_are() {
    for s in [
        "100% sure",
        "&unknown; &#xZZ; &#;",
        r"C:\path \u12",
        "%",
        "&",
    ] {
        assert_eq!(decoded(s), s);
    }
}

#[test]
fn markup_entities_alone_leave_the_raw_form_unread() {
    let markup = "<p>Note d&#39;information &amp; &quot;annexe&quot; &lt;b&gt;&nbsp;x</p>";
    assert!(decode(markup.as_bytes()).unwrap().markup_only);
    // The forms whose words are read.
    let forms = |text: &'static str, raw_too| -> Vec<String> {
        views(text.as_bytes(), raw_too)
            .into_iter()
            .filter(|v| v.words)
            .map(|v| v.how)
            .collect()
    };
    assert_eq!(
        forms(markup, false),
        ["after decoding entities and escapes"]
    );
    assert_eq!(forms(markup, true).len(), 2);
    // Anything else is read both ways: a letter (`&#90;` is Z), an unterminated entity,
    // a %-escape (a space), a JSON escape.
    for text in [
        "&#90;anzibar &amp;",
        "R&amp D",
        "a%20b &amp;",
        "\\\"q\\\" &amp;",
    ] {
        assert_eq!(forms(text, false).len(), 2, "{text}");
    }
}

#[test]
fn names_that_could_lie_across_an_entity_are_spotted() {
    for needle in ["R&D programme", "amp;budget", "39;s", ";x", "p;a", "x27;y"] {
        assert!(may_cross_entity(needle), "{needle}");
    }
    for needle in [
        "meetings/m77/budget",
        "Budget; revised",
        "Zanzibar Arrangements",
    ] {
        assert!(!may_cross_entity(needle), "{needle}");
    }
}

/// Words that reach output escaped (by the theme's own escaping): apostrophes,
/// ampersands, quotes, angle brackets.
const WORDS: [&str; 14] = [
    "committee",
    "d'information",
    "l'ordre",
    "R&D",
    "\"quoted\"",
    "a<b",
    "budget",
    "the",
    "review",
    "2024",
    "sessions",
    "Zanzibar",
    "plan",
    "x",
];

fn found(index: &Index, text: &[u8]) -> std::collections::BTreeSet<String> {
    let mut keys = std::collections::BTreeSet::new();
    index.scan(text, Windows::Selected, |hit| {
        keys.insert(match hit {
            Hit::Window { hash, .. } => format!("window {hash}"),
            Hit::Name { name, .. } => format!("name {name}"),
        });
    });
    keys
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The claim that lets the raw form go unread: in bytes whose only escapes are markup
    /// entities, whatever the raw form shows (a run of hidden words, a hidden name that
    /// could not lie across an entity) the decoded form shows too.
    #[test]
    fn the_decoded_form_shows_all_the_raw_form_shows(
        hidden in proptest::collection::vec(0..WORDS.len(), 6..40),
        cut in (0usize..40, 1usize..40),
        names in proptest::collection::vec((0usize..40, 1usize..5), 1..6),
        seps in proptest::collection::vec(0usize..4, 40),
    ) {
        let words: Vec<&str> = hidden.iter().map(|&i| WORDS[i]).collect();
        let mut index = Index::default();
        let source = words.join(" ");
        words::each_window(source.as_bytes(), |h, _| {
            index.windows.insert(h, 0);
        });
        for (n, &(at, len)) in names.iter().enumerate() {
            let at = at % words.len();
            let needle = words[at..(at + len).min(words.len())].join(" ");
            if !may_cross_entity(&needle) {
                index.add_name(Name { needle, whole_word: n % 2 == 0, source: 0 });
            }
        }
        index.seal();
        // The page: a cut of the hidden words, separated as a page might separate them.
        let (from, take) = (cut.0 % words.len(), cut.1);
        let mut page = String::from("<p>");
        for (i, word) in words.iter().enumerate().skip(from).take(take) {
            page.push_str(&crate::render::escape_html(word));
            page.push_str(["  ", " ", "\n", "&nbsp;"][seps[i]]);
        }
        page.push_str("</p>");
        let raw = page.as_bytes();
        let Some(decoded) = decode(raw) else { return Ok(()) };
        prop_assert!(decoded.markup_only);
        let (in_raw, in_decoded) = (found(&index, raw), found(&index, &decoded.bytes));
        prop_assert!(in_raw.is_subset(&in_decoded), "{page}: {in_raw:?} vs {in_decoded:?}");
    }
}

fn gzip(content: &[u8], name: Option<&str>) -> Vec<u8> {
    use std::io::Write;
    let mut builder = flate2::GzBuilder::new();
    if let Some(name) = name {
        builder = builder.filename(name);
    }
    let mut encoder = builder.write(Vec::new(), flate2::Compression::fast());
    encoder.write_all(content).unwrap();
    encoder.finish().unwrap()
}

/// (how, are its words read) of each form of `bytes`.
fn read_forms(bytes: &[u8]) -> Vec<(String, bool)> {
    views(bytes, false)
        .into_iter()
        .map(|v| (v.how, v.words))
        .collect()
}

#[test]
fn the_compressed_bytes_of_a_plain_gzip_file_are_not_read_for_words() {
    // Coded data full of `&`, `%` and `\`, which once gave a "decoded" form of noise.
    let noise: Vec<u8> = (0..4000u32)
        .flat_map(|i| format!("{}&{}%{}\\ ", i * 7919 % 10007, i, i * 31).into_bytes())
        .collect();
    let gz = gzip(&noise, None);
    assert!(gz.contains(&b'%') && gz.contains(&b'&'));
    assert_eq!(
        read_forms(&gz),
        [
            (
                "inside gzip, after decoding entities and escapes".to_string(),
                true
            ),
            ("inside gzip".to_string(), true),
            (String::new(), false)
        ]
    );
}

#[test]
fn gzip_files_with_text_outside_their_content_are_read_whole() {
    let last_read = |bytes: &[u8]| read_forms(bytes).last().unwrap().clone();
    let raw = (String::new(), true);
    // A file name in the header.
    assert_eq!(last_read(&gzip(b"content", Some("Secret agenda.txt"))), raw);
    // Two members: both inflated, and the bytes read.
    let two = [gzip(b"first part ", None), gzip(b"second part", None)].concat();
    assert_eq!(&*views(&two, false)[0].bytes, b"first part second part");
    assert_eq!(last_read(&two), raw);
    // Bytes after the member that are not gzip: the member inflated, the bytes read.
    let trailing = [gzip(b"first part", None), b"Secret trailer".to_vec()].concat();
    assert_eq!(&*views(&trailing, false)[0].bytes, b"first part");
    assert_eq!(last_read(&trailing), raw);
    // Cut off: what inflated before the cut, and the bytes.
    let long: Vec<u8> = (0..20_000u32)
        .flat_map(|i| format!("w{} ", i * 7919 % 10007).into_bytes())
        .collect();
    let whole = gzip(&long, None);
    let cut = &whole[..whole.len() / 2];
    let inflated = &views(cut, false)[0];
    assert_eq!(inflated.how, "inside gzip");
    assert!(inflated.bytes.len() > 1000 && long.starts_with(&inflated.bytes));
    assert_eq!(last_read(cut), raw);
}

#[test]
fn gzip_content_is_read() {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder
        .write_all(b"{\"title\":\"Secret \\u4e2d\"}")
        .unwrap();
    let gz = encoder.finish().unwrap();
    let all = views(&gz, false);
    let hows: Vec<&str> = all.iter().map(|v| v.how.as_str()).collect();
    assert_eq!(
        hows,
        vec![
            "inside gzip, after decoding entities and escapes",
            "inside gzip",
            ""
        ]
    );
    assert_eq!(&*all[0].bytes, "{\"title\":\"Secret 中\"}".as_bytes());
}
