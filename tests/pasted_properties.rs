//! The source check over random texts: a span of hidden text pasted into a public page, with
//! punctuation, line breaks, case and emphasis changed around and inside it, is caught and
//! named exactly when it reaches the threshold (6 words, 8 Chinese characters); and on
//! random texts from a small shared vocabulary, the check flags exactly the pages that a
//! naive n-gram comparison, written here independently, says share a run.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use plenary::guard::sources::{findings, Finding, Rule};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const SITE: &str = r#"
title = "Property Committee"
default_language = "en"
languages = ["en", "zh"]
[audiences.public]
base_url = "https://public.example.org"
[audiences.members]
base_url = "https://members.example.org"
restricted = true
sees = ["public"]
[release]
briefing = ["members:on-issue"]
"#;

const MEETING: &str =
    "name = \"M\"\nlocation = \"X\"\nstart = 2024-03-02\nend = 2024-03-07\ntimezone = \"UTC\"\n";

/// Hidden words and the visible page's own: no word in common, so only the paste is shared.
const HIDDEN_WORDS: &[&str] = &[
    "harbour", "quota", "ledger", "pilot", "cargo", "tariff", "beacon", "summit", "ferry",
    "permit", "treaty", "census", "vessel", "quarry", "orchard", "canal",
];
const PAGE_WORDS: &[&str] = &[
    "river", "garden", "window", "letter", "silver", "candle", "mirror", "pencil",
];
const HIDDEN_HAN: &[char] = &[
    '港', '口', '税', '船', '桥', '渠', '矿', '园', '塔', '站', '货', '约',
];
const PAGE_HAN: &[char] = &['河', '花', '窗', '信', '银', '灯', '镜', '笔'];
/// What may stand between two pasted words without protecting the sentence.
const GLUE: &[&str] = &[
    " ", ", ", ". ", "; ", ": ", "\n", " – ", " (", ") ", "! ", "? ",
];
const HAN_GLUE: &[&str] = &["", "", "", "，", "。", "\n", "、", "：", "（"];

fn write_site(dir: &Path, hidden_en: &str, hidden_zh: &str, page_en: &str, page_zh: &str) {
    let file = |path: &str, text: &str| {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    file("site.toml", SITE);
    file("meetings/m1/meeting.toml", MEETING);
    file(
        "meetings/m1/secret/document.toml",
        "kind = \"briefing\"\n[[versions]]\nnumber = 1\ndate = 2024-02-10\n",
    );
    file(
        "meetings/m1/secret/v1.en.md",
        &format!("+++\ntitle = \"Secret\"\n+++\n{hidden_en}\n"),
    );
    file(
        "meetings/m1/secret/v1.zh.md",
        &format!("+++\ntitle = \"秘\"\n+++\n{hidden_zh}\n"),
    );
    file(
        "pages/about.en.md",
        &format!("+++\ntitle = \"About\"\n+++\n{page_en}\n"),
    );
    file(
        "pages/about.zh.md",
        &format!("+++\ntitle = \"关于\"\n+++\n{page_zh}\n"),
    );
}

fn check(hidden_en: &str, hidden_zh: &str, page_en: &str, page_zh: &str) -> Vec<Finding> {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), hidden_en, hidden_zh, page_en, page_zh);
    let loaded = plenary::content::load::load(dir.path()).unwrap();
    let site = loaded.site;
    let public = &site.config.audiences["public"];
    let view = plenary::release::view(&site, public, "2024-06-01T00:00:00Z".parse().unwrap());
    findings(&site, &view, &[])
}

/// A span pasted: `len` hidden tokens from `at`, joined by `glue` choices, the first
/// capitalised or not, wrapped in emphasis or not.
#[derive(Debug, Clone)]
struct Paste {
    at: usize,
    len: usize,
    glue: Vec<usize>,
    capital: bool,
    emphasis: bool,
    before: usize,
}

fn paste() -> impl Strategy<Value = Paste> {
    (
        0usize..40,
        1usize..14,
        prop::collection::vec(0usize..16, 14),
        any::<bool>(),
        any::<bool>(),
        0usize..20,
    )
        .prop_map(|(at, len, glue, capital, emphasis, before)| Paste {
            at,
            len,
            glue,
            capital,
            emphasis,
            before,
        })
}

fn words(picks: &[usize], from: &[&str]) -> Vec<String> {
    picks
        .iter()
        .map(|&i| from[i % from.len()].to_string())
        .collect()
}

/// The page: `before` words of its own, the pasted span, then more of its own.
fn page_with(own: &[String], span: &[String], p: &Paste, glue: &[&str], sep: &str) -> String {
    let mut pasted = String::new();
    for (k, word) in span.iter().enumerate() {
        if k > 0 {
            pasted.push_str(glue[p.glue[k] % glue.len()]);
        }
        if k == 0 && p.capital {
            let mut chars = word.chars();
            pasted.extend(chars.next().map(|c| c.to_ascii_uppercase()));
            pasted.push_str(chars.as_str());
        } else {
            pasted.push_str(word);
        }
    }
    if p.emphasis {
        pasted = format!("**{pasted}**");
    }
    let (a, b) = own.split_at(p.before.min(own.len()));
    format!("{}{sep}{pasted}{sep}{}", a.join(sep), b.join(sep))
}

#[test]
fn every_pasted_span_at_the_threshold_is_caught_and_shorter_ones_never() {
    let mut runner = TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        prop::collection::vec(0usize..64, 60),
        prop::collection::vec(0usize..64, 30),
        paste(),
        paste(),
    );
    runner
        .run(&strategy, |(hidden_picks, own_picks, en, zh)| {
            // Hidden text: distinct words in order, so a span is found in one place only.
            let hidden: Vec<String> = (0..60)
                .map(|i| format!("{}{}", HIDDEN_WORDS[i % 16], ["", "s", "ed", "er"][i / 16]))
                .collect();
            let hidden_en = hidden
                .chunks(9)
                .map(|s| s.join(" ") + ".")
                .collect::<Vec<_>>()
                .join(" ");
            let han: Vec<String> = (0..60)
                .map(|i| HIDDEN_HAN[(hidden_picks[i] + i) % HIDDEN_HAN.len()].to_string())
                .collect();
            let hidden_zh = han.concat();
            let own = words(&own_picks, PAGE_WORDS);
            let own_han: Vec<String> = own_picks
                .iter()
                .map(|&i| PAGE_HAN[i % PAGE_HAN.len()].to_string())
                .collect();
            let en_span = &hidden[en.at..(en.at + en.len).min(hidden.len())];
            let zh_span = &han[zh.at..(zh.at + zh.len).min(han.len())];
            let page_en = page_with(&own, en_span, &en, GLUE, " ");
            let page_zh = page_with(&own_han, zh_span, &zh, HAN_GLUE, "");
            let found = check(&hidden_en, &hidden_zh, &page_en, &page_zh);
            let rules: BTreeSet<(String, Rule)> = found
                .iter()
                .map(|f| {
                    (
                        f.path.file_name().unwrap().to_string_lossy().into_owned(),
                        f.rule,
                    )
                })
                .collect();
            // A span may repeat a window elsewhere in the hidden text: the words are
            // distinct, so a caught span is named once, in its file.
            let mut expected = BTreeSet::new();
            if en_span.len() >= 6 {
                expected.insert(("about.en.md".to_string(), Rule::Run));
            }
            if zh_span.len() >= 8 {
                expected.insert(("about.zh.md".to_string(), Rule::Characters));
            }
            prop_assert_eq!(
                &rules,
                &expected,
                "en page {:?}\nzh page {:?}\n{:#?}",
                page_en,
                page_zh,
                found
            );
            for f in &found {
                let hidden = if f.rule == Rule::Run {
                    "v1.en.md"
                } else {
                    "v1.zh.md"
                };
                prop_assert!(f.hidden.ends_with(hidden), "{:?}", f);
                prop_assert_eq!(f.thing.as_str(), "meetings/m1/secret");
            }
            Ok(())
        })
        .unwrap();
}

/// Lowercased words of a text, punctuation and emphasis ignored: the oracle's tokens.
fn oracle_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn shares_a_run(hidden: &str, page: &str, n: usize) -> bool {
    let hidden = oracle_words(hidden);
    let grams: BTreeSet<&[String]> = hidden.windows(n).collect();
    oracle_words(page).windows(n).any(|w| grams.contains(w))
}

#[test]
fn random_texts_are_flagged_exactly_when_they_share_a_run() {
    let mut runner = TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    });
    // Four words: random texts share a 6-word run about half the time.
    let vocabulary = &HIDDEN_WORDS[..4];
    let strategy = (
        prop::collection::vec(0usize..4, 40),
        prop::collection::vec(0usize..4, 40),
        prop::collection::vec(0usize..11, 40),
    );
    let outcomes = std::cell::RefCell::new(BTreeSet::new());
    runner
        .run(&strategy, |(hidden, page, glue)| {
            let hidden_en = words(&hidden, vocabulary).join(" ");
            let page_words = words(&page, vocabulary);
            let mut page_en = String::new();
            for (k, word) in page_words.iter().enumerate() {
                if k > 0 {
                    page_en.push_str(GLUE[glue[k] % GLUE.len()]);
                }
                page_en.push_str(word);
            }
            let expected = shares_a_run(&hidden_en, &page_en, 6);
            let found = check(&hidden_en, "秘密", &page_en, "关于");
            prop_assert_eq!(
                !found.is_empty(),
                expected,
                "{:?} / {:?}: {:#?}",
                hidden_en,
                page_en,
                found
            );
            outcomes.borrow_mut().insert(expected);
            Ok(())
        })
        .unwrap();
    assert_eq!(outcomes.borrow().len(), 2, "both outcomes were generated");
}
