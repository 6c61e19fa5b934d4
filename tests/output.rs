//! Output is deterministic, swapped in whole, and never written over something that is not ours.

mod support;
use std::fs;

use support::{tree, TestSite};

#[test]
fn two_builds_of_the_same_input_and_as_of_are_byte_identical() {
    let site = TestSite::standard();
    site.build("", "2024-04-01T10:00:00Z").unwrap();
    let first = (
        tree(&site.out().join("public")),
        tree(&site.out().join("members")),
    );
    site.build("", "2024-04-01T10:00:00Z").unwrap();
    let second = (
        tree(&site.out().join("public")),
        tree(&site.out().join("members")),
    );
    assert!(first.0.len() > 20 && first.1.len() > first.0.len());
    assert_eq!(first, second);
    let elsewhere = site.dir.path().join("elsewhere");
    site.build_into(&elsewhere, "", "2024-04-01T10:00:00Z")
        .unwrap();
    assert_eq!(
        first.0,
        tree(&elsewhere.join("public")),
        "the output folder's name does not reach the output"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte_intact() {
    let site = TestSite::standard();
    site.build("", "2024-04-01").unwrap();
    let before = tree(&site.out());
    site.version("spring/agenda", 1, "en", "Agenda", "[x](../nowhere/)\n");
    assert!(site.build("", "2024-04-01").is_err());
    assert_eq!(before, tree(&site.out()));
    // A template error (found while rendering, after loading succeeded) leaves it intact too.
    site.version("spring/agenda", 1, "en", "Agenda", "fine\n");
    site.theme_file(
        "templates/document.html",
        "{% extends \"base.html\" %}{% block main %}{{ doc.nothing.deeper }}{% endblock main %}",
    );
    assert!(site.build("", "2024-04-01").is_err());
    assert_eq!(before, tree(&site.out()));
    let leftovers: Vec<_> = fs::read_dir(site.out())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        3,
        "public, members and the marker only: {leftovers:?}"
    );
}

#[test]
fn stale_files_of_an_earlier_build_are_removed() {
    let site = TestSite::standard();
    site.build("members", "2024-04-01").unwrap();
    assert!(site
        .out()
        .join("members/en/meetings/spring/secret-note/index.html")
        .exists());
    site.remove("meetings/spring/secret-note");
    site.version("spring/agenda", 1, "en", "Agenda", "Nothing linked.\n");
    site.build("members", "2024-04-01").unwrap();
    assert!(!site
        .out()
        .join("members/en/meetings/spring/secret-note")
        .exists());
}

#[test]
fn only_its_own_files_are_removed_what_else_is_in_the_output_folder_stays() {
    let site = TestSite::standard();
    site.build("", "2024-04-01").unwrap();
    // A deploy repository and notes kept beside the audience folders, and the other
    // audience's folder when building one audience: none of it is plenary's to remove.
    fs::create_dir_all(site.out().join(".git")).unwrap();
    fs::write(site.out().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    fs::write(site.out().join("CNAME"), "docs.example.org\n").unwrap();
    let members = tree(&site.out().join("members"));
    site.build("public", "2024-05-01").unwrap();
    assert_eq!(
        fs::read_to_string(site.out().join(".git/HEAD")).unwrap(),
        "ref: refs/heads/main\n"
    );
    assert_eq!(
        fs::read_to_string(site.out().join("CNAME")).unwrap(),
        "docs.example.org\n"
    );
    assert_eq!(tree(&site.out().join("members")), members);
}

#[test]
fn symlinks_in_the_output_folder_are_replaced_never_followed() {
    let site = TestSite::standard();
    site.build("", "2024-04-01").unwrap();
    // Folders outside the output that symlinks in it point at, each with a file to keep.
    let precious = |name: &str| {
        let dir = site.dir.path().join("precious").join(name);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("keep.txt"), name).unwrap();
        dir
    };
    let out = site.out();
    let swap_for_link = |name: &str| {
        let path = out.join(name);
        if path.is_dir() {
            fs::remove_dir_all(&path).unwrap();
        }
        std::os::unix::fs::symlink(precious(name), &path).unwrap();
    };
    // The audience folder itself, both of plenary's work folders, and a folder inside the
    // old audience folder (deleted when the new one is swapped in).
    swap_for_link("public");
    swap_for_link(".public.plenary-new");
    swap_for_link(".public.plenary-old");
    swap_for_link("members/en");
    site.build("", "2024-05-01").unwrap();

    for name in [
        "public",
        ".public.plenary-new",
        ".public.plenary-old",
        "members/en",
    ] {
        let kept = site.dir.path().join("precious").join(name).join("keep.txt");
        assert_eq!(fs::read_to_string(&kept).unwrap(), name, "{name}");
        assert_eq!(
            tree(&site.dir.path().join("precious").join(name)).len(),
            1,
            "nothing written through {name}"
        );
    }
    for audience in ["public", "members"] {
        let meta = fs::symlink_metadata(out.join(audience)).unwrap();
        assert!(meta.is_dir(), "{audience} is a real folder again");
        assert!(out.join(audience).join("en/index.html").is_file());
    }
    assert!(!out.join(".public.plenary-new").exists() && !out.join(".public.plenary-old").exists());
}

#[test]
fn refuses_a_non_empty_folder_it_did_not_create_and_the_site_or_its_parents() {
    let site = TestSite::standard();
    let foreign = site.dir.path().join("precious");
    fs::create_dir_all(&foreign).unwrap();
    fs::write(foreign.join("thesis.txt"), "years of work").unwrap();
    let failure = site.build_into(&foreign, "", "2024-04-01").unwrap_err();
    assert!(
        failure.diagnostics[0]
            .message
            .contains("not empty and was not created by plenary"),
        "{failure}"
    );
    assert_eq!(
        fs::read_to_string(foreign.join("thesis.txt")).unwrap(),
        "years of work"
    );
    for bad in [
        site.root(),
        site.dir.path().to_path_buf(),
        site.root().join("meetings"),
        std::path::PathBuf::from("/"),
    ] {
        let failure = site.build_into(&bad, "", "2024-04-01").unwrap_err();
        assert!(
            failure.diagnostics[0].hint.is_some(),
            "{}: {failure}",
            bad.display()
        );
    }
    assert!(site.root().join("site.toml").exists());
}

#[test]
fn an_empty_folder_is_accepted_and_marked() {
    let site = TestSite::standard();
    let out = site.dir.path().join("empty");
    fs::create_dir_all(&out).unwrap();
    site.build_into(&out, "public", "2024-04-01").unwrap();
    assert!(out.join(".plenary-output").exists());
    assert!(out.join("public/en/index.html").exists());
}

#[test]
fn a_site_without_a_themes_folder_builds_with_the_built_in_theme() {
    let site = TestSite::standard();
    assert!(!site.dir.path().join("themes").exists());
    let public = site.output("public", "2024-04-01");
    assert!(public.exists("static/style.css"));
}

#[test]
fn the_built_in_theme_is_the_themes_default_folder() {
    let folder = tree(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"));
    let embedded: std::collections::BTreeMap<String, Vec<u8>> =
        plenary::render::theme::DEFAULT_THEME_FILES
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect();
    assert_eq!(
        folder.keys().collect::<Vec<_>>(),
        embedded.keys().collect::<Vec<_>>(),
        "update DEFAULT_THEME_FILES in src/render/theme.rs"
    );
}

#[test]
fn missing_ui_strings_are_reported_and_fall_back_to_the_default_language() {
    let site = TestSite::standard();
    let theme = site.dir.path().join("themes/default");
    for (path, bytes) in plenary::render::theme::DEFAULT_THEME_FILES {
        fs::create_dir_all(theme.join(path).parent().unwrap()).unwrap();
        fs::write(theme.join(path), bytes).unwrap();
    }
    let french = fs::read_to_string(theme.join("i18n/fr.toml")).unwrap();
    let without: String = french
        .lines()
        .filter(|l| !l.starts_with("nav_meetings") && !l.starts_with("admin_title"))
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(theme.join("i18n/fr.toml"), without).unwrap();
    let report = site.build("public", "2024-04-01").unwrap();
    let warning = report
        .warnings
        .iter()
        .find(|w| w.message.starts_with("UI strings for `fr`"))
        .expect("a warning about fr");
    assert_eq!(
        warning.message,
        "UI strings for `fr` lack 2 key(s): admin_title, nav_meetings"
    );
    assert!(warning.path.as_ref().unwrap().ends_with("i18n/fr.toml"));
    let page =
        fs::read_to_string(site.out().join("public/fr/meetings/spring/hlgm/index.html")).unwrap();
    assert!(
        page.contains(">Meetings</a>") && page.contains("Document Administration"),
        "English text, never empty"
    );
    let complete = plenary::commands::check::check(
        &support::TestSite::standard().root(),
        plenary::release::parse_as_of("2024-04-01").unwrap(),
    )
    .unwrap();
    assert!(
        !complete.iter().any(|w| w.message.starts_with("UI strings")),
        "the built-in theme is complete: {complete:?}"
    );
}

#[test]
fn every_audience_built_together_is_byte_identical_to_building_it_alone() {
    // Audiences built together share each Markdown file's rendering where its links resolve
    // alike; the agenda links to a note only members may see, so its rendering must differ.
    let site = TestSite::standard();
    let as_of = "2024-04-01T10:00:00Z";
    site.build("", as_of).unwrap();
    for audience in ["members", "public"] {
        let alone = site.dir.path().join(format!("alone-{audience}"));
        site.build_into(&alone, audience, as_of).unwrap();
        assert_eq!(
            tree(&site.out().join(audience)),
            tree(&alone.join(audience)),
            "{audience}"
        );
    }
    let agenda = |audience: &str| {
        fs::read_to_string(
            site.out()
                .join(audience)
                .join("en/meetings/spring/agenda/index.html"),
        )
        .unwrap()
    };
    assert!(agenda("members").contains("/meetings/spring/secret-note/\">the note</a>"));
    assert!(!agenda("public").contains("secret-note") && agenda("public").contains("the note"));
}

#[cfg(target_os = "linux")]
#[test]
fn unchanged_files_are_linked_from_the_previous_output_changed_ones_written() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::standard();
    site.build("public", "2024-04-01").unwrap();
    let public = site.out().join("public");
    let inode = |path: &str| fs::metadata(public.join(path)).unwrap().ino();
    let (agenda, briefing) = (
        "en/meetings/spring/agenda/index.html",
        "en/meetings/spring/hlgm/index.html",
    );
    let (agenda_before, briefing_before) = (inode(agenda), inode(briefing));
    site.version(
        "spring/hlgm",
        2,
        "en",
        "High-Level Meeting Briefing",
        "## Objective\n\nThird text, corrected again.\n",
    );
    // A file of the old output changed by hand is not taken for the build's own.
    fs::write(public.join("en/meetings/index.html"), "tampered").unwrap();
    site.build("public", "2024-04-01").unwrap();
    assert_eq!(inode(agenda), agenda_before, "unchanged: linked");
    assert_eq!(fs::metadata(public.join(agenda)).unwrap().nlink(), 1);
    assert_ne!(inode(briefing), briefing_before, "changed: written");
    assert!(fs::read_to_string(public.join(briefing))
        .unwrap()
        .contains("Third text"));
    let fresh = site.dir.path().join("fresh");
    site.build_into(&fresh, "public", "2024-04-01").unwrap();
    assert_eq!(tree(&public), tree(&fresh.join("public")));
}

#[cfg(target_os = "linux")]
#[test]
fn a_symlink_planted_in_the_old_output_is_never_linked_through() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::standard();
    site.build("public", "2024-04-01").unwrap();
    let public = site.out().join("public");
    // A folder elsewhere holding the very bytes the build will write, and the old output's
    // `en/meetings/spring` swapped for a symlink to it.
    let elsewhere = site.dir.path().join("elsewhere");
    let spring = public.join("en/meetings/spring");
    fs::create_dir_all(elsewhere.join("agenda")).unwrap();
    let agenda = fs::read(spring.join("agenda/index.html")).unwrap();
    fs::write(elsewhere.join("agenda/index.html"), &agenda).unwrap();
    fs::remove_dir_all(&spring).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &spring).unwrap();
    site.build("public", "2024-04-01").unwrap();
    let built = public.join("en/meetings/spring/agenda/index.html");
    assert!(fs::symlink_metadata(public.join("en/meetings/spring"))
        .unwrap()
        .is_dir());
    assert_eq!(fs::read(&built).unwrap(), agenda);
    assert_ne!(
        fs::metadata(&built).unwrap().ino(),
        fs::metadata(elsewhere.join("agenda/index.html"))
            .unwrap()
            .ino(),
        "the output shares no file with the folder the symlink led to"
    );
    assert_eq!(
        fs::read(elsewhere.join("agenda/index.html")).unwrap(),
        agenda
    );
}
