use super::*;

#[test]
fn a_changed_word_is_deleted_and_inserted_in_place() {
    let r = redline(
        "# Scope\n\nThe consultation runs for six weeks.\n",
        "# Scope\n\nThe consultation runs for eight weeks.\n",
    );
    assert_eq!(
        r.html,
        "<h2>Scope</h2><p>The consultation runs for <del>six</del><ins>eight</ins> weeks.</p>"
    );
    assert_eq!((r.inserted, r.deleted), (1, 1));
}

#[test]
fn neighbouring_changes_read_as_one_and_headings_start_at_h2() {
    let r = redline(
        "### Sources\n\nPreliminary figures, based on 27 responses.\n",
        "### Sources\n\nFigures confirmed after the meeting, based on 33 responses.\n",
    );
    assert_eq!(
            r.html,
            "<h2>Sources</h2><p><del>Preliminary figures</del><ins>Figures confirmed after the meeting</ins>, based on <del>27</del><ins>33</ins> responses.</p>"
        );
    assert_eq!((r.inserted, r.deleted), (6, 3));
}

#[test]
fn chinese_is_compared_character_by_character() {
    let r = redline("委员会批准了咨询。\n", "委员会推迟了咨询。\n");
    assert_eq!(
        r.html,
        "<p>委员会<del>批准</del><ins>推迟</ins>了咨询。</p>"
    );
    assert_eq!((r.inserted, r.deleted), (2, 2));
}

#[test]
fn paragraphs_added_and_removed_whole_are_marked_as_blocks() {
    let r = redline(
        "First.\n\nSecond, to go.\n\nThird.\n",
        "First.\n\nThird.\n\n- a new item\n",
    );
    assert_eq!(
            r.html,
            "<p>First.</p><del class=\"block\"><p>Second, to go.</p></del><p>Third.</p><ins class=\"block\"><p class=\"item\">a new item</p></ins>"
        );
    assert_eq!((r.inserted, r.deleted), (3, 3));
}

#[test]
fn markup_is_not_a_change_and_text_is_escaped() {
    let r = redline(
        "A [link](https://a.example/) and *emphasis* <b>x</b>\n",
        "A [link](https://b.example/) and **emphasis** <i>x</i>\n",
    );
    // Where markup was, an invisible `<wbr>`: text joins here only where it joins in
    // the Markdown.
    assert_eq!(r.html, "<p>A link and <wbr>emphasis<wbr> <wbr>x<wbr></p>");
    let r = redline("**Bold** text.\n", "Bold text.\n");
    assert_eq!(r.html, "<p>Bold text.</p>");
    assert_eq!((r.inserted, r.deleted), (0, 0));
    let r = redline("a < b\n", "a < b & c\n");
    assert_eq!(r.html, "<p>a &lt; b<ins> &amp; c</ins></p>");
}

#[test]
fn identical_versions_have_no_changes() {
    let body = "## Item\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode  kept\n```\n";
    let r = redline(body, body);
    assert_eq!((r.inserted, r.deleted), (0, 0));
    assert!(!r.html.contains("<ins") && !r.html.contains("<del"));
    assert!(
            r.html.contains("<table><tbody><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></tbody></table>"),
            "{}",
            r.html
        );
    assert!(
        r.html.contains("<pre><code>code  kept\n</code></pre>"),
        "{}",
        r.html
    );
}

#[test]
fn tables_are_compared_cell_by_cell() {
    let r = redline(
        "| Source | Share |\n|---|---|\n| Private | 41 % |\n| Funds | 34 % |\n",
        "| Source | Share |\n|---|---|\n| Private | 44 % |\n| Funds | 34 % |\n| Other | 5 % |\n",
    );
    assert_eq!(
            r.html,
            "<table><tbody><tr><th>Source</th><th>Share</th></tr><tr><td>Private</td><td><del>41</del><ins>44</ins> %</td></tr><tr><td>Funds</td><td>34 %</td></tr><tr class=\"inserted\"><td><ins>Other</ins></td><td><ins>5 %</ins></td></tr></tbody></table>"
        );
    assert_eq!((r.inserted, r.deleted), (3, 1));
}

#[test]
fn huge_inputs_fall_back_to_a_linear_comparison() {
    let old: String = (0..30_000).map(|i| format!("w{i} ")).collect();
    let new = old.replace("w15000 ", "changed ");
    let r = redline(&old, &new);
    assert!(r.html.contains("<del>w15000</del><ins>changed</ins>"));
    assert_eq!((r.inserted, r.deleted), (1, 1));
}
