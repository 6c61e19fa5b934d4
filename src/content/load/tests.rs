use super::*;

#[test]
fn forbidden_controls_are_found_byte_by_byte_as_unicode_defines_them() {
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        let text = format!("aé{c}中b\u{9f}");
        let forbidden = c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}');
        let expected = if forbidden {
            (3, c)
        } else {
            (3 + c.len_utf8() + 3 + 1, '\u{9f}')
        };
        assert_eq!(
            first_forbidden_control(&text),
            Some(expected),
            "U+{:04X}",
            c as u32
        );
    }
    assert_eq!(first_forbidden_control("plain\ttext\r\n\u{c}"), None);
}

#[test]
fn forbidden_controls_are_found_wherever_they_fall_in_a_block() {
    for offset in 0..100 {
        for c in ['\u{0}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}'] {
            let text = format!(
                "{}{c}\tend\u{a0}",
                "x\n".repeat(offset / 2) + &"y".repeat(offset % 2)
            );
            assert_eq!(
                first_forbidden_control(&text),
                Some((offset, c)),
                "{offset} {c:?}"
            );
        }
        let clean = format!("{}\t\r\n\u{c}\u{a0}«é»\u{2028}", "z".repeat(offset));
        assert_eq!(first_forbidden_control(&clean), None, "{offset}");
    }
}
