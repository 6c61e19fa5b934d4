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
        views(text.as_bytes(), raw_too, &|_| true)
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
    views(bytes, false, &|_| true)
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
    assert_eq!(
        &*views(&two, false, &|_| true)[0].bytes,
        b"first part second part"
    );
    assert_eq!(last_read(&two), raw);
    // Bytes after the member that are not gzip: the member inflated, the bytes read.
    let trailing = [gzip(b"first part", None), b"Secret trailer".to_vec()].concat();
    assert_eq!(&*views(&trailing, false, &|_| true)[0].bytes, b"first part");
    assert_eq!(last_read(&trailing), raw);
    // Cut off: what inflated before the cut, and the bytes.
    let long: Vec<u8> = (0..20_000u32)
        .flat_map(|i| format!("w{} ", i * 7919 % 10007).into_bytes())
        .collect();
    let whole = gzip(&long, None);
    let cut = &whole[..whole.len() / 2];
    let inflated = &views(cut, false, &|_| true)[0];
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
    let all = views(&gz, false, &|_| true);
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

/// A ZIP archive of (name, content) entries, as plenary writes them: deflated, but stored
/// when the name says the content is compressed already (`.gz`, `.zip`, `.pdf`…).
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    crate::support::archive::zip(
        entries
            .iter()
            .map(|(name, bytes)| crate::support::archive::Entry {
                name: name.to_string(),
                bytes: bytes.to_vec(),
            })
            .collect(),
    )
    .unwrap()
}

/// The form read as `how`.
fn form<'v>(all: &'v [View<'_>], how: &str) -> &'v View<'v> {
    all.iter()
        .find(|v| v.how == how)
        .unwrap_or_else(|| panic!("no form {how:?} in {:?}", hows(all)))
}

fn hows(all: &[View<'_>]) -> Vec<String> {
    all.iter().map(|v| v.how.clone()).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

const PHRASE: &[u8] = b"Zanzibar Confidential Arrangements";

#[test]
fn a_deflated_zip_entry_is_read_inflated_and_named() {
    let page = [b"<h1>".as_slice(), PHRASE, b"</h1>"].concat();
    let archive = zip_of(&[("pack/index.html", &page), ("pack/b.txt", b"other")]);
    assert!(!contains(&archive, PHRASE));
    let all = views(&archive, false, &|_| true);
    let entry = form(&all, "inside zip, entry \"pack/index.html\"");
    assert_eq!(&*entry.bytes, page.as_slice());
    assert!(entry.words);
    // The raw bytes: whole for comparison with hidden attachments, but their words are read
    // with the deflate streams zeroed; the names, in both directories, are still there.
    let forms: Vec<(&str, bool, usize)> = all
        .iter()
        .filter(|v| v.how.is_empty())
        .map(|v| (v.how.as_str(), v.words, v.bytes.len()))
        .collect();
    assert_eq!(
        forms,
        [("", true, archive.len()), ("", false, archive.len())]
    );
    let uncoded = &all[all.len() - 2].bytes;
    assert_eq!(
        memchr::memmem::find_iter(uncoded, b"pack/index.html").count(),
        2
    );
    assert!(uncoded.len() - uncoded.iter().filter(|&&b| b == 0).count() < archive.len());
}

#[test]
fn zip_entry_names_are_read_and_quoted_only_when_they_hide_nothing() {
    let name = "Zanzibar Confidential Arrangements.txt";
    let archive = zip_of(&[(name, b"nothing to see")]);
    let all = views(&archive, false, &|_| true);
    let named = form(&all, &format!("inside zip, the name of entry {name:?}"));
    assert_eq!(&*named.bytes, name.as_bytes());
    let all = views(&archive, false, &|name| !contains(name, b"Zanzibar"));
    assert_eq!(
        hows(&all)[..2],
        ["inside zip, the name of entry 1", "inside zip, entry 1"]
    );
    assert!(hows(&all).iter().all(|how| !how.contains("Zanzibar")));
}

#[test]
fn gzip_and_zip_inside_a_zip_entry_are_read_to_the_nesting_limit() {
    let gz = gzip(PHRASE, None);
    let inner = zip_of(&[("deep/secret.txt", PHRASE)]);
    let outer = zip_of(&[("search/part.gz", &gz), ("x.zip", &inner), ("y.bin", &gz)]);
    let all = views(&outer, false, &|_| true);
    for how in [
        // Stored, as a .gz is.
        "inside zip, entry \"search/part.gz\", inside gzip",
        // Deflated, gzip all the same.
        "inside zip, entry \"y.bin\", inside gzip",
        "inside zip, entry \"x.zip\", inside zip, entry \"deep/secret.txt\"",
    ] {
        assert_eq!(&*form(&all, how).bytes, PHRASE, "{how}");
    }
    // A third level is read as it is, not opened.
    let third = zip_of(&[("outer.zip", &outer)]);
    let all = views(&third, false, &|_| true);
    let deepest = "inside zip, entry \"outer.zip\", inside zip, entry \"x.zip\"";
    assert_eq!(&*form(&all, deepest).bytes, inner.as_slice());
    assert!(hows(&all)
        .iter()
        .all(|how| !how.contains("deep/secret.txt\"")));
}

/// Distinct words enough that deflating them leaves thousands of bytes.
fn filler() -> Vec<u8> {
    (0..20_000u32)
        .flat_map(|i| format!("w{} ", i * 7919 % 10007).into_bytes())
        .collect()
}

#[test]
fn a_cut_or_damaged_zip_gives_what_it_can_and_its_raw_bytes() {
    let filler = filler();
    let archive = zip_of(&[("a.html", PHRASE), ("b.txt", &filler), ("c.txt", PHRASE)]);
    // Cut in the middle of b.txt: a.html whole, the start of b.txt, and the raw bytes.
    let cut = &archive[..archive.len() / 2];
    let all = views(cut, false, &|_| true);
    assert_eq!(&*form(&all, "inside zip, entry \"a.html\"").bytes, PHRASE);
    let partial = &form(&all, "inside zip, entry \"b.txt\"").bytes;
    assert!(partial.len() > 1000 && filler.starts_with(partial));
    assert_eq!(all.last().unwrap().how, "");
    assert!(all.iter().any(|v| v.how.is_empty() && v.words));
    // b.txt's stream damaged: a.html and c.txt are still read.
    let mut damaged = archive.clone();
    let b = memchr::memmem::find(&damaged, b"b.txt").unwrap() + 5;
    damaged[b..b + 64].fill(0xff);
    let all = views(&damaged, false, &|_| true);
    assert_eq!(&*form(&all, "inside zip, entry \"c.txt\"").bytes, PHRASE);
    assert_eq!(&*form(&all, "inside zip, entry \"a.html\"").bytes, PHRASE);
    // Cut inside the first header: only the raw bytes.
    assert_eq!(read_forms(&archive[..20]), [(String::new(), true)]);
}

/// The forms of `bytes` read with `inflated` bytes and `entries` ZIP entries left to read.
fn views_within(bytes: &[u8], inflated: u64, entries: usize) -> Vec<View<'_>> {
    read(
        bytes,
        Reading {
            raw_too: false,
            quotable: &|_| true,
            inflated_left: inflated,
            entries_left: entries,
        },
    )
}

#[test]
fn a_zip_bomb_is_read_only_up_to_the_allowance() {
    let (four, eight) = (vec![0; 4 << 20], vec![0; 8 << 20]);
    let mut archive = zip_of(&[("a.bin", &four), ("b.bin", &eight), ("c.bin", b"c")]);
    // a.bin claims to be nearly 4 GiB; only what inflates counts.
    archive[22..26].copy_from_slice(&(u32::MAX - 1).to_le_bytes());
    assert!(archive.len() < 40_000);
    let size = |all: &[View<'_>], name: &str| {
        let how = format!("inside zip, entry {name:?}");
        all.iter().find(|v| v.how == how).map(|v| v.bytes.len())
    };
    let all = views(&archive, false, &|_| true);
    assert_eq!(size(&all, "a.bin"), Some(4 << 20));
    assert_eq!(size(&all, "b.bin"), Some(8 << 20));
    // One allowance for the whole file: a.bin takes 4 MiB of 6, b.bin the 2 left, c.bin none.
    let all = views_within(&archive, 6 << 20, 10);
    assert_eq!(size(&all, "a.bin"), Some(4 << 20));
    assert_eq!(size(&all, "b.bin"), Some(2 << 20));
    assert_eq!(size(&all, "c.bin"), None);
    // b.bin's stream was not read to its end: its raw bytes are read as they are.
    let uncoded = &all[all.len() - 2];
    assert!(uncoded.how.is_empty() && uncoded.words);
    let b = memchr::memmem::find(&archive, b"b.bin").unwrap() + 5;
    assert_eq!(uncoded.bytes[b..b + 100], archive[b..b + 100]);
    // The entries too: the third is not read.
    let all = views_within(&archive, 1 << 30, 2);
    assert!(hows(&all).iter().all(|how| !how.contains("c.bin")));
}

#[test]
fn stored_encrypted_and_empty_zips_keep_their_raw_words() {
    // Stored only: nothing is zeroed, the raw bytes are read as they are.
    let stored = zip_of(&[("a.pdf", PHRASE)]);
    let all = views(&stored, false, &|_| true);
    assert_eq!(&*form(&all, "inside zip, entry \"a.pdf\"").bytes, PHRASE);
    assert_eq!(
        all.last().map(|v| (v.how.as_str(), v.words)),
        Some(("", true))
    );
    assert_eq!(all.iter().filter(|v| v.how.is_empty()).count(), 1);
    // Encrypted (the flag set): its name, and its bytes raw only.
    let mut encrypted = zip_of(&[("a.txt", PHRASE)]);
    encrypted[6] |= 1;
    assert_eq!(
        read_forms(&encrypted),
        [
            ("inside zip, the name of entry \"a.txt\"".to_string(), true),
            (String::new(), true)
        ]
    );
    // Empty: the end of a central directory alone.
    let empty = zip_of(&[]);
    assert!(empty.starts_with(b"PK\x05\x06"));
    assert_eq!(read_forms(&empty), [(String::new(), true)]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever damage an archive took, reading it never panics, and its bytes as they are
    /// are always the last form.
    #[test]
    fn a_damaged_zip_never_panics_and_keeps_its_raw_form(
        cut in 0usize..4000,
        hits in proptest::collection::vec((0usize..4000, any::<u8>()), 0..8),
    ) {
        let inner = zip_of(&[("deep/a.txt", PHRASE), ("deep/b.pdf", PHRASE)]);
        let mut bytes = zip_of(&[
            ("a.html", &filler()[..1500]),
            ("b.gz", &gzip(PHRASE, None)),
            ("c.zip", &inner),
            ("d.txt", PHRASE),
        ]);
        bytes.truncate(cut.max(4));
        for (at, byte) in hits {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        let all = views(&bytes, false, &|_| true);
        let last = all.last().unwrap();
        prop_assert_eq!(&last.how, "");
        prop_assert_eq!(&*last.bytes, bytes.as_slice());
    }
}
