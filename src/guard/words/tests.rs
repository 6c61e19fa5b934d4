use super::*;

fn words(s: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    each_word(s.as_bytes(), |w| out.push((&s[w.start..w.end], w.joined)));
    out
}

fn windows(s: &str) -> Vec<u64> {
    let mut out = Vec::new();
    each_window(s.as_bytes(), |h, _| out.push(h));
    out
}

#[test]
fn a_word_hashes_alike_wherever_it_stands() {
    // The same bytes, alone and inside a text that goes on after them (or not): the
    // hidden source and the output file must agree.
    let text = b"ab cdefghij klmnopqrstuvwxyz0123456789";
    for start in 0..text.len() {
        for end in start..=text.len() {
            assert_eq!(
                hash_range(text, start, end),
                hash_bytes(&text[start..end]),
                "{start}..{end}"
            );
        }
    }
    assert_ne!(hash_bytes(b"ab"), hash_bytes(b"ab\0"));
}

#[test]
fn words_know_what_joins_them() {
    assert_eq!(
        words("<p>The  committee,\nnoted. «Then» it&amp;it \u{2060}x"),
        vec![
            ("p", false),
            ("The", false),
            ("committee", true),
            ("noted", true),
            ("Then", true),
            ("it", true),
            // `&amp;` ends a run (as `&` does), and is no word.
            ("it", false),
            ("x", false)
        ]
    );
    assert_eq!(
        words("Совещание 委员会"),
        vec![("Совещание", false), ("委员会", true)]
    );
}

#[test]
fn a_run_is_recognised_whatever_surrounds_it_and_however_it_is_spaced() {
    let source = "the quartermaster reviewed seventeen plumbago sequences";
    let [hash] = windows(source)[..] else {
        panic!("one window")
    };
    assert_eq!(
        windows("<p>the quartermaster\n  reviewed seventeen plumbago sequences</p>"),
        vec![hash]
    );
    assert_eq!(
        windows("\"the quartermaster reviewed seventeen plumbago sequences\""),
        vec![hash]
    );
    // Punctuation inside it does not: a full stop does not protect a pasted sentence.
    assert_eq!(
        windows("the quartermaster, reviewed. seventeen; plumbago «sequences»"),
        vec![hash]
    );
    assert_eq!(
        windows("the quartermaster\u{3002}reviewed seventeen\u{FF0C}plumbago sequences"),
        vec![hash]
    );
    // Markup inside the run breaks it, as it breaks the text.
    assert!(windows("the quartermaster <b>reviewed</b> seventeen plumbago sequences").is_empty());
    assert!(
        windows("the quartermaster reviewed seventeen plumbago sequence")
            .iter()
            .all(|h| *h != hash)
    );
}

#[test]
fn any_shared_run_long_enough_shares_a_selected_window() {
    let hidden = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen";
    let selected: Vec<u64> = windows(hidden);
    assert!(
        selected.len() < hidden.split(' ').count() - WINDOW_WORDS + 1,
        "winnowing keeps fewer"
    );
    let words: Vec<&str> = hidden.split(' ').collect();
    let shortest = WINDOW_WORDS + WINNOW - 1;
    for from in 0..=words.len() - shortest {
        let part = words[from..from + shortest].join(" ");
        let page = format!("<p>Before it: {part}, and after.</p>");
        assert!(
            windows(&page).iter().any(|h| selected.contains(h)),
            "{part}"
        );
    }
}

#[test]
fn window_kinds_are_told_apart_and_scripts_spotted() {
    let mut spaced = Vec::new();
    each_window(b"one two three four five six seven", |h, _| spaced.push(h));
    let mut unspaced = Vec::new();
    each_window(
        "委员会审议了关于人工智能治理的咨询".as_bytes(),
        |h, _| unspaced.push(h),
    );
    assert!(!spaced.is_empty() && spaced.iter().all(|h| !is_unspaced_window(*h)));
    assert!(!unspaced.is_empty() && unspaced.iter().all(|h| is_unspaced_window(*h)));
    assert!(may_hold_unspaced("审议".as_bytes()));
    assert!(may_hold_unspaced("การประชุม".as_bytes()));
    assert!(!may_hold_unspaced(
        "Réunion – “quoted” Совещание اجتماع".as_bytes()
    ));
}

#[test]
fn invalid_utf8_separates_words() {
    let bytes = b"abc\xff\xfedef \xe4\xb8\xad \xc0\xaf";
    let mut found = Vec::new();
    each_word(bytes, |w| found.push(&bytes[w.start..w.end]));
    assert_eq!(found, vec![&b"abc"[..], b"def", "中".as_bytes()]);
}

#[test]
fn unspaced_scripts_are_read_by_characters() {
    let hidden = windows("委员会审议了关于人工智能治理的咨询时间表");
    let page = windows("<p>会议记录：委员会审议了关于人工智能治理的咨询时间表。</p>");
    assert!(!hidden.is_empty());
    assert!(
        hidden.iter().all(|h| page.contains(h)),
        "every window of the hidden text is found in the page"
    );
}
