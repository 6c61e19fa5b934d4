//! Documents as a secretariat really has them: converted from Word and PDF, with links whose
//! targets were lost, links to transcript turns and footnotes.

mod support;

use support::TestSite;

const AS_OF: &str = "2024-04-01";

fn warnings(site: &TestSite) -> Vec<String> {
    match site.build("", AS_OF) {
        Ok(report) => report
            .warnings
            .iter()
            .map(|d| {
                d.to_string()
                    .replace(&format!("{}/", site.root().display()), "")
            })
            .collect(),
        Err(failure) => panic!("the build should succeed:\n{failure}"),
    }
}

/// A summary out of Word: every link whose target was lost is `(#)`. The site builds, each
/// such link is its text, and one warning per file says how many there are and where the
/// first one is.
#[test]
fn placeholder_links_build_as_text_with_one_warning_per_file() {
    let site = TestSite::standard();
    site.version(
        "spring/hlgm",
        2,
        "en",
        "High-Level Meeting Briefing",
        "## Objective\n\nSecond text, corrected.\n\n- See the [MAG summary](#) of the last meeting.\n- The [work programme](#) and the [call for inputs](#).\n",
    );
    site.version(
        "spring/agenda",
        1,
        "en",
        "Agenda",
        "## Item 1\n\n[Background](#)\n",
    );
    let found = warnings(&site);
    let placeholders: Vec<&String> = found.iter().filter(|w| w.contains("placeholder")).collect();
    assert_eq!(
        placeholders,
        [
            "warning: meetings/spring/agenda/v1.en.md:6:1: 1 placeholder link `(#)`, the first here: shown as text, leading nowhere\n  hint: put back the address each link had before conversion",
            "warning: meetings/spring/hlgm/v2.en.md:8:11: 3 placeholder links `(#)`, the first here: shown as text, leading nowhere\n  hint: put back the address each link had before conversion",
        ],
        "{found:#?}"
    );
    for audience in ["public", "members"] {
        let page = site
            .output(audience, AS_OF)
            .read("en/meetings/spring/hlgm/index.html");
        assert!(
            page.contains("See the MAG summary of the last meeting."),
            "{audience}: {page}"
        );
        assert!(
            page.contains("The work programme and the call for inputs."),
            "{page}"
        );
        assert!(
            !page.contains("href=\"#\""),
            "{audience}: a link to nowhere"
        );
    }
    // An empty link is still an error: it is not a conversion's placeholder but a mistake.
    site.version("spring/agenda", 1, "en", "Agenda", "[Background]()\n");
    let failure = site.build("", AS_OF).expect_err("an empty link");
    assert!(
        failure.to_string().contains("the link is empty"),
        "{failure}"
    );
}

/// Every anchor plenary gives is a link target the check accepts: a transcript's turns, a
/// footnote, an explicit heading id, the theme's sections; from another document, from the
/// same file, in another language. An anchor nothing gives is still refused.
#[test]
fn generated_anchors_are_valid_link_targets() {
    let site = TestSite::standard();
    with_chinese(&site);
    site.document(
        "spring/wrap-up",
        "kind = \"transcript\"\nsession = \"Wrap-up\"\n[[versions]]\nnumber = 1\ndate = 2024-03-01\n",
    );
    site.version(
        "spring/wrap-up",
        1,
        "en",
        "Community Forum Wrap-up",
        "## Opening {#opening}\n\n**Manal Ismail (Chair):** Good morning.[^record]\n\n**Delegate of the Netherlands:** Thank you, Chair.\n\n[^record]: Recorded in room 2.\n",
    );
    site.version(
        "spring/wrap-up",
        1,
        "zh",
        "社区论坛总结",
        "**玛娜尔·伊斯梅尔（主席）：** 早上好。\n\n**荷兰代表：** 谢谢主席。见[第一轮发言](#turn-1)。\n",
    );
    site.version(
        "spring/agenda",
        1,
        "en",
        "Agenda",
        "See [the Chair's opening](../wrap-up/#turn-1), [the reply](../wrap-up/#turn-2), [the note](../wrap-up/#record), [the section](../wrap-up/#opening), [the speakers](../wrap-up/#speakers-title), [the history](../hlgm/#history-title) and [the briefing's objective](../hlgm/#objective).\n",
    );
    warnings(&site);
    let agenda = site
        .output("public", AS_OF)
        .read("en/meetings/spring/agenda/index.html");
    for anchor in ["turn-1", "turn-2", "record", "opening", "speakers-title"] {
        assert!(
            agenda.contains(&format!("href=\"/en/meetings/spring/wrap-up/#{anchor}\"")),
            "{anchor}: {agenda}"
        );
    }
    let transcript = site
        .output("public", AS_OF)
        .read("zh/meetings/spring/wrap-up/index.html");
    assert!(transcript.contains("id=\"turn-1\""), "{transcript}");
    assert!(transcript.contains("href=\"#turn-1\""), "{transcript}");

    // An anchor no page gives: refused, with what a turn anchor looks like in the hint.
    site.version(
        "spring/agenda",
        1,
        "en",
        "Agenda",
        "See [turn 9](../wrap-up/#turn-9).\n",
    );
    let failure = site.build("", AS_OF).expect_err("turn-9 does not exist");
    let message = failure.to_string();
    assert!(
        message.contains("has no heading with the anchor `turn-9`"),
        "{message}"
    );
    assert!(message.contains("turn-1, turn-2"), "{message}");
}

fn with_chinese(site: &TestSite) {
    site.file(
        "site.toml",
        &support::SITE_TOML.replace(r#"["en", "fr", "ar"]"#, r#"["en", "fr", "ar", "zh"]"#),
    );
}

/// The six UN languages and Portuguese.
fn with_seven_languages(site: &TestSite) {
    site.file(
        "site.toml",
        &support::SITE_TOML.replace(
            r#"["en", "fr", "ar"]"#,
            r#"["en", "fr", "ar", "zh", "ru", "es", "pt"]"#,
        ),
    );
}

/// Chinese pasted from a PDF keeps its line ends; on the page, in the summary, the version
/// note, the search index and the redline they are gone, as a reader of Chinese expects. In
/// English they stay (a space on the page).
#[test]
fn chinese_wrapped_at_line_ends_gets_no_stray_spaces() {
    let site = TestSite::standard();
    with_chinese(&site);
    site.document(
        "spring/hlgm",
        "kind = \"briefing\"\n[[versions]]\nnumber = 1\ndate = 2024-02-20\n[[versions]]\nnumber = 2\ndate = 2024-03-05\nnote = { zh = \"更正了\\n主办方名单。\" }\n",
    );
    site.file(
        "meetings/spring/hlgm/v1.zh.md",
        "+++\ntitle = \"高级别会议简报\"\nsummary = \"\"\"会议由主办方\n和顾问共同筹备。\"\"\"\n+++\n会议由主办方\n和顾问共同筹备，\n秘书处负责记录。\n\n第二段落。\n",
    );
    site.file(
        "meetings/spring/hlgm/v2.zh.md",
        "+++\ntitle = \"高级别会议简报\"\nsummary = \"\"\"会议由主办方\n和顾问共同筹备。\"\"\"\n+++\n会议由主办方\n和顾问共同筹备，\n秘书处和主席团负责记录。\n\n第二段落。\n",
    );
    site.version(
        "spring/hlgm",
        2,
        "en",
        "High-Level Meeting Briefing",
        "The host\ncountry and the advisers.\n",
    );
    let public = site.output("public", AS_OF);
    let page = public.read("zh/meetings/spring/hlgm/index.html");
    assert!(
        page.contains("会议由主办方和顾问共同筹备，秘书处和主席团负责记录。"),
        "{page}"
    );
    assert!(
        page.contains("会议由主办方和顾问共同筹备。"),
        "summary: {page}"
    );
    assert!(page.contains("更正了主办方名单。"), "note: {page}");
    assert!(!page.contains("主办方\n和顾问"), "{page}");
    let english = public.read("en/meetings/spring/hlgm/index.html");
    assert!(
        english.contains("The host\ncountry and the advisers."),
        "{english}"
    );
    let redline = public.read("zh/meetings/spring/hlgm/changes/v2/index.html");
    assert!(!redline.contains("主办方\n和顾问"), "{redline}");
    assert!(!redline.contains("主办方 和顾问"), "{redline}");
    let indexed = public
        .files()
        .into_iter()
        .filter(|(path, _)| path.starts_with("pagefind/zh/fragment/"))
        // Pagefind marks the words it segmented with zero-width spaces.
        .map(|(_, bytes)| {
            String::from_utf8_lossy(&support::inflated(&bytes)).replace('\u{200b}', "")
        })
        .find(|text| text.contains("秘书处和主席团"))
        .expect("the briefing is in the Chinese index");
    assert!(indexed.contains("主办方和顾问"), "{indexed}");
}

/// A visible version wrapped at line ends and a hidden one with the same sentence unwrapped:
/// the page shows the visible one joined, exactly as the hidden one is written. That is
/// visible text, not a leak.
#[test]
fn a_hidden_version_written_unwrapped_is_no_false_alarm_against_a_wrapped_visible_one() {
    let site = TestSite::standard();
    with_chinese(&site);
    site.document(
        "spring/hlgm",
        "kind = \"briefing\"\n[[versions]]\nnumber = 1\ndate = 2024-02-20\n[[versions]]\nnumber = 2\ndate = 2024-04-10\n",
    );
    site.file(
        "meetings/spring/hlgm/v1.zh.md",
        "+++\ntitle = \"高级别会议简报\"\n+++\n委员会审议了关于人工智能\n治理的公众咨询时间表以及\n委员会下一步可采取的方案。\n",
    );
    site.file(
        "meetings/spring/hlgm/v2.zh.md",
        "+++\ntitle = \"高级别会议简报\"\n+++\n委员会审议了关于人工智能治理的公众咨询时间表以及委员会下一步可采取的方案。\n\n新增的保密段落说明了东道国的安保安排细节。\n",
    );
    let public = site.output("public", AS_OF);
    let page = public.read("zh/meetings/spring/hlgm/index.html");
    assert!(
        page.contains("人工智能治理的公众咨询时间表以及委员会"),
        "{page}"
    );
    assert!(
        !page.contains("安保安排"),
        "the hidden version is not shown"
    );
}

/// A session numbered in `document.toml` takes each language's pattern ("第5场会议"); one named
/// in words ("Wrap-up") is shown as written, in every language.
#[test]
fn sessions_named_in_words_are_shown_as_written() {
    let site = TestSite::standard();
    with_seven_languages(&site);
    site.document(
        "spring/wrap-up",
        "kind = \"agenda\"\nsession = \"Wrap-up\"\n[[versions]]\nnumber = 1\ndate = 2024-03-01\n",
    );
    site.version("spring/wrap-up", 1, "en", "Wrap-up Agenda", "Closing.\n");
    let public = site.output("public", AS_OF);
    for (lang, numbered) in [
        ("en", "Session 5"),
        ("fr", "Séance 5"),
        ("ar", "الجلسة 5"),
        ("zh", "第5场会议"),
        ("ru", "Сессия 5"),
        ("es", "Sesión 5"),
        ("pt", "Sessão 5"),
    ] {
        let meeting = public.read(&format!("{lang}/meetings/spring/index.html"));
        assert!(meeting.contains("Wrap-up"), "{lang}: {meeting}");
        assert!(meeting.contains(numbered), "{lang}: {numbered}");
        for pattern_around in [
            "第Wrap-up",
            "Wrap-up场",
            "Session Wrap-up",
            "Séance Wrap-up",
            "Сессия Wrap-up",
        ] {
            assert!(
                !meeting.contains(pattern_around),
                "{lang}: {pattern_around}"
            );
        }
    }
}

/// The members banner says "restricted distribution" once, in every language; a Chinese
/// transcript's roles keep full-width parentheses in the speaker list; a topic site.toml does
/// not name is shown as words, with a warning saying where to name it.
#[test]
fn smaller_things_on_the_same_pages() {
    let site = TestSite::standard();
    with_seven_languages(&site);
    site.document(
        "spring/forum",
        "kind = \"transcript\"\ntopics = [\"cross-border-data\"]\n[[versions]]\nnumber = 1\ndate = 2024-03-01\n",
    );
    site.version(
        "spring/forum",
        1,
        "en",
        "Community Forum",
        "**Manal Ismail (Chair):** Welcome.\n",
    );
    site.version(
        "spring/forum",
        1,
        "zh",
        "社区论坛",
        "**玛娜尔·伊斯梅尔（主席）：** 欢迎。\n\n**荷兰代表：** 谢谢。\n",
    );
    let found = warnings(&site);
    assert!(
        found.iter().any(|w| w.starts_with("warning: meetings/spring/forum/document.toml:2:11: topic `cross-border-data` has no name in site.toml (1 document uses it): its pages show `Cross border data`")),
        "{found:#?}"
    );
    let members = site.output("members", AS_OF);
    for (lang, label) in [
        ("en", "Restricted distribution."),
        ("fr", "Distribution restreinte."),
        ("ar", "توزيع محدود."),
        ("zh", "限制分发。"),
        ("ru", "Ограниченное распространение."),
        ("es", "Distribución reservada."),
        ("pt", "Distribuição restrita."),
    ] {
        let page = members.read(&format!("{lang}/meetings/spring/index.html"));
        assert_eq!(
            page.matches(label.trim_end_matches(['.', '。'])).count(),
            1,
            "{lang}: {page}"
        );
        assert!(
            page.contains(&format!("<strong>{label}</strong>")),
            "{lang}"
        );
    }
    let zh = members.read("zh/meetings/spring/forum/index.html");
    assert!(
        zh.contains("<strong>限制分发。</strong>本网站"),
        "no space after a Chinese full stop"
    );
    assert!(zh.contains("（<bdi>主席</bdi>）"), "{zh}");
    assert!(!zh.contains("(<bdi>主席</bdi>)"), "{zh}");
    let en = members.read("en/meetings/spring/forum/index.html");
    assert!(
        en.contains(" <span class=\"role\">(<bdi>Chair</bdi>)</span>"),
        "{en}"
    );
    assert!(en.contains("Cross border data"), "{en}");
}

/// Twelve files linking to a document the public cannot see yet: one entry with the count and
/// the first places, the hint once; `--verbose` lists every one, and nothing else is lost.
#[test]
fn warnings_of_one_cause_are_grouped_with_a_count() {
    let site = TestSite::standard();
    for i in 1..=12 {
        site.document(
            &format!("spring/note-{i:02}"),
            "kind = \"agenda\"\n[[versions]]\nnumber = 1\ndate = 2024-02-01\n",
        );
        site.version(
            &format!("spring/note-{i:02}"),
            1,
            "en",
            &format!("Note {i}"),
            "See [the confidential note](../secret-note/).\n",
        );
    }
    let run = |verbose: bool| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_plenary"));
        command.args(["build", "--as-of", AS_OF, "--audience", "public", "--site"]);
        command.arg(site.root()).arg("--out").arg(site.out());
        if verbose {
            command.arg("--verbose");
        }
        let output = command.output().unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stderr).unwrap()
    };
    let grouped = run(false);
    // The standard agenda links to the note too: 13 in all.
    assert!(grouped.contains("warning ×13: the link `…` leads to something the `…` audience cannot see yet; its text is kept without the link\n"), "{grouped}");
    assert_eq!(
        grouped.matches("cannot see yet").count(),
        1 + 3,
        "{grouped}"
    );
    assert!(
        grouped.contains("  … and 10 more (--verbose lists every one)\n"),
        "{grouped}"
    );
    assert_eq!(
        grouped
            .matches("hint: nothing to do if that is intended")
            .count(),
        1
    );
    let every = run(true);
    assert_eq!(every.matches("cannot see yet").count(), 13, "{every}");
    for i in 1..=12 {
        assert!(
            every.contains(&format!("spring/note-{i:02}/v1.en.md")),
            "{i}"
        );
    }
}

/// The material of `tests/fixtures/converted/` — a Chinese briefing pasted from its PDF, two
/// Chinese transcripts with full-width labels, a summary out of Word with 21 lost links, a
/// two-version slide deck — built for both audiences just before, at and after the meeting's
/// documents open to the public (00:00 on 13 March 2026 in Puerto Rico, 04:00 UTC).
#[test]
fn committee_material_as_it_arrives_builds_before_at_and_after_release() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/converted/site-content");
    let briefing = "meetings/hlgm-2026/hlgm-briefing/index.html";
    let note = "meetings/hlgm-2026/follow-up-note/";
    for (as_of, released) in [
        ("2026-03-13T03:59:59Z", false),
        ("2026-03-13T04:00:00Z", true),
        ("2026-04-01", true),
    ] {
        let out = tempfile::tempdir().unwrap();
        let report = plenary::commands::build::build(&plenary::commands::build::BuildOptions {
            site: fixture.clone(),
            audiences: vec![],
            as_of: plenary::release::parse_as_of(as_of).unwrap(),
            out: out.path().to_path_buf(),
            progress: false,
        })
        .unwrap_or_else(|failure| panic!("{as_of}: {failure}"));
        let placeholders: Vec<String> = report
            .warnings
            .iter()
            .map(ToString::to_string)
            .filter(|w| w.contains("placeholder"))
            .collect();
        assert_eq!(placeholders.len(), 1, "{as_of}: {placeholders:#?}");
        assert!(
            placeholders[0].contains("21 placeholder links"),
            "{placeholders:#?}"
        );
        let public = support::tree(&out.path().join("public"));
        let members = support::tree(&out.path().join("members"));
        let page = |files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str| {
            String::from_utf8(
                files
                    .get(path)
                    .unwrap_or_else(|| panic!("{as_of}: no {path}"))
                    .clone(),
            )
            .unwrap()
        };
        assert_eq!(
            public.contains_key(&format!("zh/{briefing}")),
            released,
            "{as_of}"
        );
        assert!(members.contains_key(&format!("zh/{briefing}")), "{as_of}");
        assert!(
            !public.keys().any(|p| p.contains(note)),
            "{as_of}: the members-only note"
        );
        assert!(
            members.contains_key(&format!("zh/{note}index.html")),
            "{as_of}"
        );

        // No line end left between two Chinese characters, on any page of either audience.
        for (path, bytes) in public
            .iter()
            .chain(&members)
            .filter(|(p, _)| p.ends_with(".html"))
        {
            let text = String::from_utf8_lossy(bytes);
            let chars: Vec<char> = text.chars().collect();
            for w in chars.windows(3) {
                assert!(
                    !(w[1] == '\n'
                        && plenary::support::markdown::wide::is_wide(w[0])
                        && plenary::support::markdown::wide::is_wide(w[2])),
                    "{as_of}: {path}: a line end between {} and {}",
                    w[0],
                    w[2]
                );
            }
        }
        let zh = page(&members, &format!("zh/{briefing}"));
        assert!(
            zh.contains("主办方和顾问建议委员会在第二场会议上审议融资方案"),
            "{zh}"
        );
        assert!(
            zh.contains("关于为有意义的互联互通筹措资金的背景资料，供会议第二场使用。"),
            "summary"
        );
        assert!(zh.contains("https://www.un.org/techenvoy/global-digital-compact"));
        let turn = "/zh/meetings/hlgm-2026/community-forum-wrap-up/#turn-2";
        assert_eq!(
            zh.contains(&format!("href=\"{turn}\"")),
            released,
            "{as_of}: link to turn 2"
        );

        let summary = page(&members, "en/meetings/hlgm-2026/mag-summary/index.html");
        assert!(!summary.contains("href=\"#\""), "{as_of}");
        assert!(summary
            .contains("The Chair recalled the taking stock process and the call for inputs."));

        let slides = page(
            &members,
            "en/meetings/hlgm-2026/connectivity-slides/changes/v2/index.html",
        );
        assert!(
            slides.contains("<ins class=\"block\"><p class=\"item\">pooled procurement</p></ins>"),
            "{slides}"
        );
        assert!(
            slides.contains("<ins class=\"block\"><h2>Slide 3: Figures"),
            "{slides}"
        );
        let history = page(
            &members,
            "zh/meetings/hlgm-2026/connectivity-slides/index.html",
        );
        assert!(history.contains("更新了第3张幻灯片中的数据。"), "{history}");

        let meeting = page(&members, "zh/meetings/hlgm-2026/index.html");
        assert!(meeting.contains("第2场会议"), "{meeting}");
        // Transcripts open to everyone at once, members too.
        assert_eq!(meeting.contains(">Wrap-up<"), released, "{meeting}");
        assert!(!meeting.contains("第Wrap-up场会议"));
        if released {
            let transcript = page(
                &public,
                "zh/meetings/hlgm-2026/community-forum-wrap-up/index.html",
            );
            assert!(transcript.contains("id=\"turn-2\""), "{transcript}");
            assert!(transcript.contains("（<bdi>主席</bdi>）"), "{transcript}");
            assert!(
                transcript.contains("<bdi>荷兰代表</bdi></a></li>"),
                "a speaker without a role"
            );
            assert!(transcript.contains("（<bdi>报告员</bdi>）"), "{transcript}");
        }
    }
}

/// A meeting's time zone as people read it, from CLDR: its name on the meeting's days
/// (summer time in summer) and its offset, in every language — not the database key.
#[test]
fn a_meeting_page_names_its_time_zone_as_people_read_it() {
    let site = TestSite::standard();
    with_seven_languages(&site);
    site.file(
        "meetings/summer/meeting.toml",
        "name = \"Summer Meeting\"\nlocation = \"Geneva\"\nstart = 2024-07-01\nend = 2024-07-03\ntimezone = \"Europe/Zurich\"\n",
    );
    site.document(
        "summer/agenda",
        "kind = \"agenda\"\n[[versions]]\nnumber = 1\ndate = 2024-03-01\n",
    );
    site.version("summer/agenda", 1, "en", "Summer Agenda", "Items.\n");
    let public = site.output("public", AS_OF);
    for (lang, spring, summer) in [
        (
            "en",
            "Atlantic Standard Time (GMT-4)",
            "Central European Summer Time (GMT+2)",
        ),
        (
            "fr",
            "heure normale de l’Atlantique (UTC-4)",
            "heure d’été d’Europe centrale (UTC+2)",
        ),
        ("zh", "大西洋标准时间（GMT-4）", "中欧夏令时间（GMT+2）"),
        (
            "ar",
            "التوقيت الرسمي الأطلسي (غرينتش\u{200e}-4)",
            "توقيت وسط أوروبا الصيفي (غرينتش\u{200e}+2)",
        ),
        ("ru", "(GMT-4)", "(GMT+2)"),
        ("es", "(GMT-4)", "(GMT+2)"),
        ("pt", "(-4 GMT)", "(+2 GMT)"),
    ] {
        let page = public.read(&format!("{lang}/meetings/spring/index.html"));
        assert!(page.contains(spring), "{lang}: {spring}");
        assert!(
            !page.contains("America/Puerto_Rico"),
            "{lang}: the database key"
        );
        let page = public.read(&format!("{lang}/meetings/summer/index.html"));
        assert!(page.contains(summer), "{lang}: {summer}");
    }
}
