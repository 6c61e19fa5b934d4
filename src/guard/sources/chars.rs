//! Characters of the scripts plenary's sites are written in, classified fast: the source
//! check reads every character an audience is shown.

use crate::support::language::written_without_spaces;

/// What the tokenizer needs to know of a character that is not ASCII.
pub struct Class {
    pub alphanumeric: bool,
    pub unspaced: bool,
    pub digit: bool,
    pub capital: bool,
    pub lower: char,
}

/// Classify `c`: the scripts of the UN languages by their ranges (Unicode's tables are
/// slow, and this reads every character an audience sees), the rest by the standard library.
/// Either way the answers are `char::is_alphanumeric`'s, `is_numeric`'s, `is_uppercase`'s
/// and `to_lowercase`'s (checked over every character in the tests).
pub fn classify(c: char) -> Class {
    let letter = |lower: char, capital: bool| Class {
        alphanumeric: true,
        unspaced: false,
        digit: false,
        capital,
        lower,
    };
    match c {
        '\u{4E00}'..='\u{9FFF}' => Class {
            alphanumeric: true,
            unspaced: true,
            digit: false,
            capital: false,
            lower: c,
        },
        '\u{0430}'..='\u{045F}' | '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => {
            letter(c, false)
        }
        '\u{0400}'..='\u{042F}' => {
            let lower = char::from_u32(u32::from(c) + if c < '\u{0410}' { 80 } else { 32 });
            letter(lower.unwrap_or(c), true)
        }
        '\u{00DF}'..='\u{00FF}' if c != '\u{00F7}' => letter(c, false),
        '\u{00C0}'..='\u{00DE}' if c != '\u{00D7}' => {
            letter(char::from_u32(u32::from(c) + 32).unwrap_or(c), true)
        }
        '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{3003}' | '\u{FF01}'..='\u{FF0F}' => Class {
            alphanumeric: false,
            unspaced: false,
            digit: false,
            capital: false,
            lower: c,
        },
        _ => {
            let alphanumeric = c.is_alphanumeric();
            Class {
                alphanumeric,
                unspaced: alphanumeric && written_without_spaces(c),
                digit: alphanumeric && c.is_numeric(),
                capital: alphanumeric && c.is_uppercase(),
                lower: if alphanumeric {
                    c.to_lowercase().next().unwrap_or(c)
                } else {
                    c
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_classes_agree_with_the_standard_library() {
        for c in ('\u{80}'..='\u{FFFF}').chain('\u{10000}'..='\u{10FFF}') {
            let class = classify(c);
            let alphanumeric = c.is_alphanumeric();
            assert_eq!(class.alphanumeric, alphanumeric, "{c:?}");
            if alphanumeric {
                assert_eq!(class.unspaced, written_without_spaces(c), "{c:?}");
                assert_eq!(class.digit, c.is_numeric(), "{c:?}");
                assert_eq!(class.capital, c.is_uppercase(), "{c:?}");
                assert_eq!(Some(class.lower), c.to_lowercase().next(), "{c:?}");
            }
        }
    }
}
