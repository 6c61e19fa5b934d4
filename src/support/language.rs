//! Languages and text that exists in several of them.
//!
//! A [`Localized`] string maps language codes to text; reading it in a language falls back
//! to the site's default language, so a missing translation never becomes an empty string.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Text in one or more languages, as written in the TOML files: either a plain string (the
/// same in every language) or a table keyed by language code.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum RawLocalized {
    Same(String),
    PerLanguage(BTreeMap<String, String>),
}

/// Text in one or more languages, validated against the site's languages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Localized {
    /// Used for every language when set (a plain string in the file).
    same: Option<String>,
    by_language: BTreeMap<String, String>,
}

/// `word` with its first letter in upper case, for names the site or theme gives no text for.
pub fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl Localized {
    pub fn same(text: impl Into<String>) -> Self {
        Localized {
            same: Some(text.into()),
            by_language: BTreeMap::new(),
        }
    }

    pub fn from_raw(raw: RawLocalized) -> Self {
        match raw {
            RawLocalized::Same(text) => Localized::same(text),
            RawLocalized::PerLanguage(map) => Localized {
                same: None,
                by_language: map,
            },
        }
    }

    /// The same text with `f` applied to each language's version.
    pub fn map_text(self, f: impl Fn(&str) -> String) -> Self {
        Localized {
            same: self.same.as_deref().map(&f),
            by_language: self
                .by_language
                .iter()
                .map(|(lang, text)| (lang.clone(), f(text)))
                .collect(),
        }
    }

    /// The language codes this text names explicitly (for validation).
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.by_language.keys().map(String::as_str)
    }

    /// The text in `lang`, else in `fallback`, else in any language (sorted, so stable).
    pub fn get(&self, lang: &str, fallback: &str) -> &str {
        if let Some(same) = &self.same {
            return same;
        }
        self.by_language
            .get(lang)
            .or_else(|| self.by_language.get(fallback))
            .or_else(|| self.by_language.values().next())
            .map_or("", String::as_str)
    }

    /// The text in exactly `lang`, with no fallback.
    pub fn exact(&self, lang: &str) -> Option<&str> {
        self.same
            .as_deref()
            .or_else(|| self.by_language.get(lang).map(String::as_str))
    }

    /// The text in `lang`, else in `default`; `None` when neither has one (no other
    /// language stands in: a note in French only is not shown on an English page).
    pub fn exact_or(&self, lang: &str, default: &str) -> Option<&str> {
        self.exact(lang).or_else(|| self.exact(default))
    }

    /// Every text, in any language.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.same
            .iter()
            .chain(self.by_language.values())
            .map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.same.as_deref().is_none_or(str::is_empty)
            && self.by_language.values().all(String::is_empty)
    }
}

/// Writing direction of a language.
pub fn is_right_to_left(lang: &str) -> bool {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    matches!(
        primary,
        "ar" | "he" | "fa" | "ur" | "ps" | "sd" | "ug" | "yi" | "dv" | "ckb"
    )
}

/// `"rtl"` or `"ltr"`, for the `dir` attribute.
pub fn direction(lang: &str) -> &'static str {
    if is_right_to_left(lang) {
        "rtl"
    } else {
        "ltr"
    }
}

/// The name of a language written in that language, for language switchers.
pub fn endonym(lang: &str) -> &str {
    match lang {
        "ar" => "العربية",
        "de" => "Deutsch",
        "en" => "English",
        "es" => "Español",
        "fr" => "Français",
        "it" => "Italiano",
        "ja" => "日本語",
        "ko" => "한국어",
        "pt" => "Português",
        "ru" => "Русский",
        "zh" => "中文",
        other => other,
    }
}

/// A language code plenary accepts: `xx`, `xxx` or `xx-YY` style, lowercase primary subtag.
pub fn is_valid_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    let primary_ok =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    primary_ok
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Is `c` of a script whose words are not separated by spaces (Chinese, Japanese, Thai, Lao,
/// Myanmar, Khmer)? Text in these is compared character by character.
pub fn written_without_spaces(c: char) -> bool {
    matches!(c, '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}' | '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localized_falls_back_to_default_language() {
        let text = Localized::from_raw(RawLocalized::PerLanguage(BTreeMap::from([
            ("en".to_string(), "Hello".to_string()),
            ("fr".to_string(), "Bonjour".to_string()),
        ])));
        assert_eq!(text.get("fr", "en"), "Bonjour");
        assert_eq!(text.get("zh", "en"), "Hello");
        assert_eq!(text.exact("zh"), None);
    }

    #[test]
    fn arabic_is_right_to_left_and_chinese_is_not() {
        assert_eq!(direction("ar"), "rtl");
        assert_eq!(direction("zh"), "ltr");
    }

    #[test]
    fn language_codes_are_checked() {
        assert!(is_valid_code("en"));
        assert!(is_valid_code("pt-BR"));
        assert!(!is_valid_code("EN"));
        assert!(!is_valid_code("english"));
        assert!(!is_valid_code("../x"));
    }
}
