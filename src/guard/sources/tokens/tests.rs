use super::*;

fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    tokens(text, &mut out);
    out.iter()
        .map(|t| &text[t.start as usize..t.end as usize])
        .collect()
}

fn hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    tokens(text, &mut out);
    let mut found = Vec::new();
    windows(&out, |w| found.push(w.hash));
    found
}

#[test]
fn punctuation_and_markup_are_not_tokens_and_do_not_end_a_run() {
    assert_eq!(
            words("The Committee, **noted**. Next:\n- item «cité» [link](../x/y/ \"t\") <b>bold</b> a&nbsp;b"),
            vec!["The", "Committee", "noted", "Next", "item", "cité", "link", "bold", "a", "b"]
        );
    let plain = hashes("the quartermaster reviewed seventeen plumbago sequences");
    assert_eq!(plain.len(), 1);
    for dressed in [
        "The quartermaster, reviewed. Seventeen plumbago sequences!",
        "**the quartermaster** reviewed\nseventeen *plumbago* sequences",
        "> the [quartermaster](https://example.org/q) reviewed seventeen plumbago sequences",
        "the quartermaster <em>reviewed</em> seventeen&nbsp;plumbago sequences",
        "THE QUARTERMASTER REVIEWED SEVENTEEN PLUMBAGO SEQUENCES",
    ] {
        assert_eq!(hashes(dressed), plain, "{dressed}");
    }
    assert_ne!(
        hashes("the quartermaster reviewed seventeen plumbago sequence"),
        plain
    );
}

#[test]
fn a_run_stays_within_its_block() {
    let one = hashes("the quartermaster reviewed seventeen plumbago sequences");
    assert_eq!(
        hashes("the quartermaster reviewed\nseventeen plumbago sequences"),
        one,
        "a line break inside a paragraph"
    );
    for broken in [
        "the quartermaster reviewed\n\nseventeen plumbago sequences",
        "- the quartermaster reviewed\n- seventeen plumbago sequences",
        "1. the quartermaster reviewed\n2. seventeen plumbago sequences",
        "| the quartermaster reviewed | seventeen plumbago sequences |",
        "the quartermaster reviewed\n## seventeen plumbago sequences",
    ] {
        assert!(hashes(broken).is_empty(), "{broken}");
    }
}

#[test]
fn chinese_is_read_character_by_character_across_line_breaks_and_punctuation() {
    assert_eq!(words("委员会，注意"), vec!["委", "员", "会", "注", "意"]);
    let one = hashes("主办方和顾问委员会注意到");
    assert_eq!(one.len(), 5, "12 characters: 5 windows of 8");
    assert_eq!(hashes("主办方\n和顾问，委员会。注意到"), one);
    // Numbers and Latin words inside Chinese are tokens too.
    assert_eq!(
        words("2025年WSIS审查"),
        vec!["2025", "年", "WSIS", "审", "查"]
    );
}

#[test]
fn cyrillic_and_arabic_are_words_and_cyrillic_folds_case() {
    assert_eq!(
        hashes("Комитет принял к сведению этот доклад"),
        hashes("комитет ПРИНЯЛ к сведению, этот доклад.")
    );
    assert_eq!(
        words("ناقشت اللجنة، الجدول"),
        vec!["ناقشت", "اللجنة", "الجدول"]
    );
}

#[test]
fn code_words_are_glued_tokens() {
    let text = "See IACDC/77/INF.3 and KX-7741. End. Next";
    let mut out = Vec::new();
    tokens(text, &mut out);
    let mut found = Vec::new();
    code_words(&out, |a, b| {
        found.push(&text[out[a].start as usize..out[b - 1].end as usize])
    });
    assert_eq!(
        found,
        vec!["See", "IACDC/77/INF.3", "and", "KX-7741", "End", "Next"]
    );
}

#[test]
fn links_to_other_content_can_be_left_out_with_their_text() {
    let text = "See [the Budget Report](../budget/) and [ITU data](https://itu.int/x) or [below](#b) [[nested] text](@/pages/a/).";
    let mut out = Vec::new();
    tokens_without_links(text, &mut out);
    let kept: Vec<&str> = out
        .iter()
        .map(|t| &text[t.start as usize..t.end as usize])
        .collect();
    assert_eq!(kept, vec!["See", "and", "ITU", "data", "or", "below"]);
}

#[test]
fn characters_decode_as_the_standard_library_does() {
    let text: String = ('\0'..='\u{10FFFF}').step_by(7).collect();
    let mut i = 0;
    for c in text.chars() {
        assert_eq!(char_at(text.as_bytes(), i), (c, c.len_utf8()));
        i += c.len_utf8();
    }
}

#[test]
fn a_word_hashes_the_same_whatever_its_case_and_script_mix() {
    let hash = |word: &str| {
        let mut out = Vec::new();
        tokens(word, &mut out);
        assert_eq!(out.len(), 1, "{word}");
        out[0].hash
    };
    for (a, b) in [
        ("Committee", "COMMITTEE"),
        ("CITÉ", "cité"),
        ("ÉTÉ2025", "été2025"),
        ("Доклад", "доклад"),
        (
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
            "abcdefghijklmnopqrstuvwxyz0123456789",
        ),
    ] {
        assert_eq!(hash(a), hash(b), "{a} {b}");
    }
    let distinct = [
        "a",
        "b",
        "ab",
        "ba",
        "abcdefgh",
        "abcdefghi",
        "abcdefgh1",
        "é",
        "e",
    ];
    let hashes: std::collections::HashSet<u64> = distinct.iter().map(|w| hash(w)).collect();
    assert_eq!(hashes.len(), distinct.len());
}

#[test]
fn comments_and_unclosed_brackets_are_safe() {
    assert_eq!(words("a <!-- hidden note --> b"), vec!["a", "b"]);
    assert_eq!(words("a < b and x](y"), vec!["a", "b", "and", "x", "y"]);
    assert_eq!(words("x &unknown y & z"), vec!["x", "unknown", "y", "z"]);
}
