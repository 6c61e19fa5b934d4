//! The source check: what a person pastes from a hidden document into a visible one fails
//! that audience's build, names the hidden document and says when it becomes visible;
//! honest sites (shared boilerplate, a revision of a visible version, a briefing drafted
//! from last meeting's) build; deliberate mentions and reviewed allowances pass.

mod support;

use std::process::Command;

use plenary::support::error::Diagnostic;
use support::{TestSite, MEETING_TOML, SITE_TOML};

/// Before the spring meeting: members see the host arrangements, the public does not (it
/// may from 2024-03-08 00:00 in San Juan).
const BEFORE: &str = "2024-02-25";
const HIDDEN_EN: &str = "meetings/spring/host-arrangements/v1.en.md";
const OPENS: &str = "public audience may not see until 2024-03-08 00:00 in America/Puerto_Rico";

const TITLE: &str = "Host Country Arrangements for the Spring Session";
/// Seven words, followed in the hidden briefing by its marker.
const SENTENCE: &str = "Delegation buses leave from the northern terminal";
const MARKER: &str = "ZORVANE-41";
const ZH_SENTENCE: &str = "东道国将在北部码头为各代表团提供接驳车辆";

fn site() -> TestSite {
    let site = TestSite::new();
    site.file(
        "site.toml",
        &SITE_TOML.replace(
            "languages = [\"en\", \"fr\", \"ar\"]",
            "languages = [\"en\", \"fr\", \"ar\", \"ru\", \"zh\"]",
        ),
    );
    site.file("meetings/spring/meeting.toml", MEETING_TOML);
    site.file(
        "meetings/autumn/meeting.toml",
        &MEETING_TOML
            .replace("2024-03", "2023-10")
            .replace("Spring", "Autumn"),
    );
    site.document(
        "spring/host-arrangements",
        "kind = \"briefing\"\n[[versions]]\nnumber = 1\ndate = 2024-02-15\n",
    );
    site.version(
        "spring/host-arrangements",
        1,
        "en",
        TITLE,
        &format!("## Transport\n\n{SENTENCE} {MARKER}.\n\nBackground: the Committee has met in San Juan twice since its founding.\n"),
    );
    site.version(
        "spring/host-arrangements",
        1,
        "zh",
        "东道国安排",
        &format!("## 交通\n\n{ZH_SENTENCE}。\n"),
    );
    site.version(
        "spring/host-arrangements",
        1,
        "ru",
        "Организация принимающей стороны",
        "Автобусы для делегаций отправятся от северного терминала каждое утро.\n",
    );
    site.version(
        "spring/host-arrangements",
        1,
        "ar",
        "ترتيبات البلد المضيف",
        "ستغادر حافلات الوفود من المحطة الشمالية كل صباح في الساعة الثامنة.\n",
    );
    // Public from the day it is issued.
    site.document(
        "spring/agenda",
        "kind = \"agenda\"\n[[versions]]\nnumber = 1\ndate = 2024-02-01\n[[versions]]\nnumber = 2\ndate = 2024-02-20\n",
    );
    site.version(
        "spring/agenda",
        1,
        "en",
        "Provisional Agenda",
        "## Item 1\n\nOpening.\n",
    );
    site.version(
        "spring/agenda",
        2,
        "en",
        "Provisional Agenda",
        "## Item 1\n\nOpening.\n\n## Item 2\n\nLogistics.\n",
    );
    page(
        &site,
        "about",
        "en",
        "About",
        "The Committee advises on digital cooperation.\n",
    );
    page(&site, "about", "zh", "关于", "委员会就数字合作提供咨询。\n");
    page(
        &site,
        "about",
        "ru",
        "О комитете",
        "Комитет консультирует по вопросам цифрового сотрудничества.\n",
    );
    page(
        &site,
        "about",
        "ar",
        "حول",
        "تقدم اللجنة المشورة بشأن التعاون الرقمي.\n",
    );
    site
}

fn page(site: &TestSite, slug: &str, lang: &str, title: &str, body: &str) {
    page_with(site, slug, lang, title, "", body);
}

fn page_with(site: &TestSite, slug: &str, lang: &str, title: &str, front: &str, body: &str) {
    site.file(
        &format!("pages/{slug}.{lang}.md"),
        &format!("+++\ntitle = \"{title}\"\n{front}+++\n{body}"),
    );
}

fn errors(site: &TestSite, audience: &str) -> Vec<Diagnostic> {
    match site.build(audience, BEFORE) {
        Ok(_) => Vec::new(),
        Err(failure) => failure.diagnostics,
    }
}

/// The one error of the public build: on `file` at `line`, naming `hidden`.
fn one_error(site: &TestSite, file: &str, line: usize, hidden: &str) -> Diagnostic {
    one_error_opening(site, file, line, hidden, OPENS, true)
}

fn one_error_opening(
    site: &TestSite,
    file: &str,
    line: usize,
    hidden: &str,
    opens: &str,
    members_see_it: bool,
) -> Diagnostic {
    let found = errors(site, "public");
    let [error] = &found[..] else {
        panic!("one error expected, got {found:#?}");
    };
    assert_eq!(
        error.path.as_deref(),
        Some(site.root().join(file).as_path())
    );
    assert_eq!(error.line, Some(line), "{error}");
    assert!(error.message.contains(hidden), "{error}");
    assert!(error.message.contains(opens), "{error}");
    assert_eq!(
        errors(site, "members").is_empty(),
        members_see_it,
        "members see what they may see"
    );
    error.clone()
}

#[test]
fn the_honest_site_builds_for_both_audiences() {
    let site = site();
    assert!(errors(&site, "public").is_empty());
    assert!(errors(&site, "members").is_empty());
}

#[test]
fn a_hidden_title_pasted_into_a_public_page_fails_and_is_named() {
    let site = site();
    page(
        &site,
        "about",
        "en",
        "About",
        &format!("The Committee advises.\n\nComing soon: {TITLE}.\n"),
    );
    let error = one_error(&site, "pages/about.en.md", 6, HIDDEN_EN);
    assert!(error.message.starts_with("the title of"), "{error}");
    assert!(error
        .hint
        .as_deref()
        .unwrap()
        .contains("mentions = [\"meetings/spring/host-arrangements\"]"));
    // The hidden text itself is never repeated in the error.
    assert!(!error.to_string().contains("Host Country"), "{error}");
}

#[test]
fn a_pasted_sentence_with_its_marker_fails_in_a_later_public_version() {
    let site = site();
    site.version(
        "spring/agenda",
        2,
        "en",
        "Provisional Agenda",
        &format!("## Item 1\n\nOpening.\n\n## Item 2\n\nLogistics. {SENTENCE} ({MARKER}).\n"),
    );
    let errors = errors(&site, "public");
    assert_eq!(errors.len(), 2, "the run and the code word: {errors:#?}");
    for error in &errors {
        assert!(
            error.message.contains(HIDDEN_EN) && error.message.contains(OPENS),
            "{error}"
        );
        assert_eq!(error.line, Some(10), "{error}");
    }
    // Seven words and the marker's two.
    assert!(
        errors[0].message.starts_with("9 words of the text"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1]
            .message
            .starts_with("a word that no other visible text has"),
        "{}",
        errors[1]
    );
}

#[test]
fn the_marker_alone_fails() {
    let site = site();
    page(
        &site,
        "about",
        "en",
        "About",
        &format!("The Committee advises.\nSee plan {MARKER} for details.\n"),
    );
    one_error(&site, "pages/about.en.md", 5, HIDDEN_EN);
}

#[test]
fn a_chinese_sentence_copied_from_the_translation_fails_even_with_pdf_line_breaks() {
    let site = site();
    let (a, b) = ZH_SENTENCE.split_at(ZH_SENTENCE.char_indices().nth(7).unwrap().0);
    page(
        &site,
        "about",
        "zh",
        "关于",
        &format!("委员会就数字合作提供咨询。\n据悉，{a}\n{b}。\n"),
    );
    let error = one_error(
        &site,
        "pages/about.zh.md",
        5,
        "meetings/spring/host-arrangements/v1.zh.md",
    );
    assert!(error.message.contains("characters of the text"), "{error}");
}

#[test]
fn cyrillic_and_arabic_sentences_are_caught_across_punctuation() {
    let site = site();
    page(&site, "about", "ru", "О комитете", "Комитет консультирует.\n\nИзвестно: автобусы для делегаций, отправятся от северного терминала.\n");
    one_error(
        &site,
        "pages/about.ru.md",
        6,
        "meetings/spring/host-arrangements/v1.ru.md",
    );
    let site = self::site();
    page(
        &site,
        "about",
        "ar",
        "حول",
        "تقدم اللجنة المشورة.\n\nستغادر حافلات الوفود، من المحطة الشمالية كل صباح.\n",
    );
    one_error(
        &site,
        "pages/about.ar.md",
        6,
        "meetings/spring/host-arrangements/v1.ar.md",
    );
}

#[test]
fn five_words_are_not_a_run() {
    let site = site();
    page(
        &site,
        "about",
        "en",
        "About",
        "The delegation buses will leave, as usual.\n",
    );
    assert!(errors(&site, "public").is_empty());
}

#[test]
fn a_declared_mention_lets_the_title_through_and_nothing_else() {
    let site = site();
    page_with(
        &site,
        "about",
        "en",
        "About",
        "mentions = [\"meetings/spring/host-arrangements\"]\n",
        &format!("Coming at the spring session: {TITLE}.\n"),
    );
    assert!(errors(&site, "public").is_empty());
    page_with(
        &site,
        "about",
        "en",
        "About",
        "mentions = [\"meetings/spring/host-arrangements\"]\n",
        &format!("Coming at the spring session: {TITLE}. {SENTENCE}.\n"),
    );
    let errors = errors(&site, "public");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].message.starts_with("7 words of the text"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_title_as_the_text_of_a_link_to_its_document_is_named_on_purpose() {
    let site = site();
    site.version(
        "spring/agenda",
        2,
        "en",
        "Provisional Agenda",
        &format!("## Item 2\n\nLogistics: [{TITLE}](../host-arrangements/).\n"),
    );
    assert!(errors(&site, "public").is_empty());
    // The same title linked to something else is not.
    site.version(
        "spring/agenda",
        2,
        "en",
        "Provisional Agenda",
        &format!("## Item 2\n\nLogistics: [{TITLE}](@/pages/about/).\n"),
    );
    assert_eq!(errors(&site, "public").len(), 1);
}

#[test]
fn a_mention_of_something_the_site_does_not_have_is_an_error_on_its_line() {
    let site = site();
    page_with(
        &site,
        "about",
        "en",
        "About",
        "mentions = [\"meetings/spring/host-arangements\"]\n",
        "Text.\n",
    );
    let errors = errors(&site, "public");
    let [error] = &errors[..] else {
        panic!("{errors:#?}")
    };
    assert_eq!(error.line, Some(3));
    assert!(error.message.contains("host-arangements"), "{error}");
}

#[test]
fn boilerplate_passes_only_when_the_site_allows_it() {
    let boilerplate =
        "This document is issued without formal editing and may be revised before the session";
    let site = site();
    site.version(
        "spring/host-arrangements",
        1,
        "en",
        TITLE,
        &format!("## Transport\n\nBuses.\n\n{boilerplate}.\n"),
    );
    site.version(
        "spring/agenda",
        2,
        "en",
        "Provisional Agenda",
        &format!("## Item 1\n\nOpening.\n\n*{boilerplate}.*\n"),
    );
    assert_eq!(errors(&site, "public").len(), 1);
    let toml = SITE_TOML.replace(
        "languages = [\"en\", \"fr\", \"ar\"]",
        "languages = [\"en\", \"fr\", \"ar\", \"ru\", \"zh\"]",
    );
    site.file(
        "site.toml",
        &format!("{toml}\n[guard]\nallow = [\"{boilerplate}.\"]\n"),
    );
    assert!(errors(&site, "public").is_empty());
    // Allowed text is shown by `plenary status`.
    let status = Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(["status", "--site"])
        .arg(site.root())
        .args(["--as-of", BEFORE])
        .output()
        .unwrap();
    let status = String::from_utf8(status.stdout).unwrap();
    assert!(
        status.contains(&format!("[guard] allow: \"{boilerplate}.\"")),
        "{status}"
    );
}

#[test]
fn text_public_first_is_no_evidence() {
    let background = "Background: the Committee has met in San Juan twice since its founding";
    // With the Russian translation hidden every older text is read (its title has no
    // fragment to search for); without it, only those holding a fragment of the run.
    for hide_russian in [true, false] {
        let site = site();
        if !hide_russian {
            site.remove("meetings/spring/host-arrangements/v1.ru.md");
        }
        // Last autumn's public briefing carried the background paragraph first; the hidden
        // briefing was drafted from it, and this public page quotes it.
        site.document(
            "autumn/review",
            "kind = \"briefing\"\n[[versions]]\nnumber = 1\ndate = 2023-09-20\n",
        );
        site.version(
            "autumn/review",
            1,
            "en",
            "Autumn Review",
            &format!("{background}.\n"),
        );
        page(&site, "about", "en", "About", &format!("{background}.\n"));
        assert!(errors(&site, "public").is_empty());
        // Without the earlier public briefing, the page is the first to show it.
        site.remove("meetings/autumn/review");
        one_error(&site, "pages/about.en.md", 4, HIDDEN_EN);
    }
}

#[test]
fn a_hidden_revision_shares_its_text_with_the_visible_version_before_it() {
    let site = site();
    site.document(
        "spring/agenda",
        "kind = \"agenda\"\n[[versions]]\nnumber = 1\ndate = 2024-02-01\n[[versions]]\nnumber = 2\ndate = 2024-02-20\n[[versions]]\nnumber = 3\ndate = 2024-02-28\n",
    );
    site.version(
        "spring/agenda",
        3,
        "en",
        "Provisional Agenda (Revised)",
        "## Item 1\n\nOpening.\n\n## Item 2\n\nLogistics.\n\n## Item 3\n\nA new item on the plenary hall refurbishment.\n",
    );
    assert!(errors(&site, "public").is_empty());
    // Its new text pasted into a public page is caught.
    page(
        &site,
        "about",
        "en",
        "About",
        "Soon: a new item on the plenary hall refurbishment.\n",
    );
    // The agenda is public from the day each version is issued.
    one_error_opening(
        &site,
        "pages/about.en.md",
        4,
        "meetings/spring/agenda/v3.en.md",
        "public audience may not see until 2024-02-28 00:00 in America/Puerto_Rico",
        false,
    );
}

#[test]
fn the_build_exits_1_and_writes_nothing_and_check_fails_too() {
    let site = site();
    let out = site.out();
    let run = |command: &str| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_plenary"));
        c.arg(command)
            .arg("--site")
            .arg(site.root())
            .args(["--as-of", BEFORE]);
        if command == "build" {
            c.arg("--out").arg(&out);
        }
        c.output().unwrap()
    };
    assert!(run("build").status.success());
    let before = support::tree(&out);
    page(
        &site,
        "about",
        "en",
        "About",
        &format!("See plan {MARKER}.\n"),
    );
    let build = run("build");
    assert_eq!(build.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(
        stderr.contains("pages/about.en.md:4:10: ") && stderr.contains(HIDDEN_EN),
        "{stderr}"
    );
    assert_eq!(support::tree(&out), before, "the previous output stays");
    let check = run("check");
    assert_eq!(check.status.code(), Some(1));
}

#[test]
fn a_hidden_title_in_an_older_public_document_is_found_in_any_case_and_script() {
    // An older document is read only where it may hold something hidden; whatever the case
    // and script the title is pasted in, it must still be read. (A title all in Cyrillic
    // has no fragment to search for: with the Russian translation hidden, every older text
    // is read, so it is left out for the other scripts.)
    for (lang, pasted) in [
        ("en", TITLE.to_uppercase()),
        ("ru", "ОРГАНИЗАЦИЯ принимающей СТОРОНЫ".to_string()),
        ("zh", "东道国\n安排".to_string()),
        ("ar", "ترتيبات البلد المضيف".to_string()),
    ] {
        let site = site();
        if lang != "ru" {
            site.remove("meetings/spring/host-arrangements/v1.ru.md");
        }
        site.document(
            "autumn/review",
            "kind = \"briefing\"\n[[versions]]\nnumber = 1\ndate = 2023-09-20\n",
        );
        site.version("autumn/review", 1, "en", "Autumn Review", "Done.\n");
        site.version(
            "autumn/review",
            1,
            lang,
            "Autumn Review",
            &format!("Next: {pasted}.\n"),
        );
        let found = errors(&site, "public");
        let [error] = &found[..] else {
            panic!("{lang} {pasted:?}: one error expected, got {found:#?}");
        };
        let file = format!("meetings/autumn/review/v1.{lang}.md");
        assert_eq!(
            error.path.as_deref(),
            Some(site.root().join(&file).as_path()),
            "{error}"
        );
        let hidden = format!("the title of meetings/spring/host-arrangements/v1.{lang}.md");
        assert!(error.message.starts_with(&hidden), "{error}");
    }
}
