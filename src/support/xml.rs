//! Escaping text for XML (feeds, sitemap).

/// `text` safe inside XML character data and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0 at all.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

/// The length of `escape(text)`, without making it.
pub fn escaped_len(text: &str) -> usize {
    text.chars()
        .map(|c| match c {
            '&' => 5,
            '<' | '>' => 4,
            '"' | '\'' => 6,
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => 0,
            c => c.len_utf8(),
        })
        .sum()
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaped_len_is_the_length_of_the_escape() {
        for text in ["", "plain", "a]]><b \"c\" & 'd'\u{1}", "العربية & 中文\t\n"] {
            assert_eq!(
                super::escaped_len(text),
                super::escape(text).len(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn escapes_markup_and_cdata_ends() {
        assert_eq!(
            super::escape("a]]><b \"c\" & 'd'\u{1}"),
            "a]]&gt;&lt;b &quot;c&quot; &amp; &apos;d&apos;"
        );
    }
}
