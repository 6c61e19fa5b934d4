//! Line breaks inside Chinese and Japanese text.
//!
//! Text pasted from a PDF, or wrapped by an editor, keeps its line ends. Between two words of a
//! spaced script a line end is a space; between two Chinese characters it is nothing, yet
//! browsers draw the newline as a space ("主办方\n和顾问" is 3.6 px wider than "主办方和顾问"
//! in Chromium). As Pandoc's `east_asian_line_breaks` and markdown-it's cjk-breaks do, a soft
//! line break between two East Asian wide characters is dropped wherever Markdown becomes
//! text (the page, plain text for summaries and search, redlines), and kept everywhere else.
//! Hangul is not wide here: Korean puts spaces between words.

use std::borrow::Cow;

use pulldown_cmark::{Event, Tag, TagEnd};

/// Whether `c` is an East Asian wide character written without spaces between words: CJK
/// ideographs, kana, CJK punctuation and full-width forms.
pub fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'      // CJK radicals, Kangxi radicals
        | '\u{3000}'..='\u{303F}'    // CJK symbols and punctuation: 、。「」
        | '\u{3040}'..='\u{30FF}'    // hiragana, katakana
        | '\u{3100}'..='\u{312F}'    // bopomofo
        | '\u{31C0}'..='\u{31FF}'    // CJK strokes, katakana extensions
        | '\u{3200}'..='\u{4DBF}'    // enclosed CJK, compatibility, extension A
        | '\u{4E00}'..='\u{9FFF}'    // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'    // CJK compatibility ideographs
        | '\u{FE30}'..='\u{FE4F}'    // CJK compatibility forms
        | '\u{FF01}'..='\u{FF60}'    // full-width forms: ，：（）
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{3FFFF}') // extensions B and later
}

/// Drop each soft break of `events` that stands between two wide characters (across inline
/// markup: `**主办方**\n和顾问` too).
pub fn drop_breaks(events: &mut Vec<Event<'_>>) {
    if !events.iter().any(|e| matches!(e, Event::SoftBreak)) {
        return;
    }
    let drop: Vec<bool> = (0..events.len())
        .map(|i| {
            matches!(events[i], Event::SoftBreak)
                && neighbour(events[..i].iter().rev(), |t| t.chars().next_back())
                    .is_some_and(is_wide)
                && neighbour(events[i + 1..].iter(), |t| t.chars().next()).is_some_and(is_wide)
        })
        .collect();
    let mut i = 0;
    events.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
}

/// The character next to a break, looking through `events` past inline markup to the first
/// text; `None` at anything else (a block edge, an image, raw HTML).
fn neighbour<'a, 'e: 'a>(
    events: impl Iterator<Item = &'a Event<'e>>,
    char_of: impl Fn(&str) -> Option<char>,
) -> Option<char> {
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => return char_of(t),
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            ) => {}
            _ => return None,
        }
    }
    None
}

/// `text` with each line end between two wide characters removed, with the spaces around it
/// (a summary or version note written over several lines of a TOML string).
pub fn join_lines(text: &str) -> Cow<'_, str> {
    if !text.contains('\n') || !text.chars().any(is_wide) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<&str> = None;
    for line in text.split('\n') {
        // A blank line between two paragraphs is no line end inside one.
        let joins = previous.is_some_and(|p| p.trim_end().chars().next_back().is_some_and(is_wide))
            && line.trim_start().chars().next().is_some_and(is_wide);
        if joins {
            out.truncate(out.trim_end().len());
            out.push_str(line.trim_start());
        } else {
            if previous.is_some() {
                out.push('\n');
            }
            out.push_str(line);
        }
        previous = Some(line);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::Parser;

    use super::*;

    fn text_of(markdown: &str) -> String {
        let mut events: Vec<Event> = Parser::new(markdown).collect();
        drop_breaks(&mut events);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        html
    }

    #[test]
    fn a_break_between_wide_characters_is_dropped_and_kept_elsewhere() {
        assert_eq!(text_of("主办方\n和顾问"), "<p>主办方和顾问</p>\n");
        assert_eq!(
            text_of("会议于三月召开，\n由主席主持。"),
            "<p>会议于三月召开，由主席主持。</p>\n"
        );
        assert_eq!(
            text_of("**主办方**\n和顾问"),
            "<p><strong>主办方</strong>和顾问</p>\n"
        );
        assert_eq!(text_of("見て\nください"), "<p>見てください</p>\n");
        // Spaced scripts, mixed edges and Korean keep their line ends (a space when drawn).
        assert_eq!(text_of("the host\ncountry"), "<p>the host\ncountry</p>\n");
        assert_eq!(text_of("IGF\n论坛"), "<p>IGF\n论坛</p>\n");
        assert_eq!(text_of("论坛\nIGF"), "<p>论坛\nIGF</p>\n");
        assert_eq!(text_of("회의는\n내일"), "<p>회의는\n내일</p>\n");
        // A hard break stays a break.
        assert_eq!(text_of("主办方  \n和顾问"), "<p>主办方<br />\n和顾问</p>\n");
    }

    #[test]
    fn lines_of_plain_text_are_joined_the_same_way() {
        assert_eq!(join_lines("主办方\n和顾问"), "主办方和顾问");
        assert_eq!(
            join_lines("主办方\n  和顾问\n以及秘书处"),
            "主办方和顾问以及秘书处"
        );
        assert_eq!(
            join_lines("主办方 \n和顾问\nand the Secretariat"),
            "主办方和顾问\nand the Secretariat"
        );
        assert_eq!(join_lines("the host\ncountry"), "the host\ncountry");
        assert_eq!(join_lines("第一段。\n\n第二段。"), "第一段。\n\n第二段。");
        assert!(matches!(join_lines("no line ends"), Cow::Borrowed(_)));
    }

    #[test]
    fn full_width_punctuation_and_kana_are_wide_hangul_and_latin_are_not() {
        for c in ['中', '，', '。', '（', '：', 'か', 'カ', '𠀀'] {
            assert!(is_wide(c), "{c}");
        }
        for c in ['a', 'é', 'ж', 'ب', '한', ' ', ','] {
            assert!(!is_wide(c), "{c}");
        }
    }
}
