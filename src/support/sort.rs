//! Orderings people expect.

/// A key that sorts text with embedded numbers naturally: "2" before "10", "5a" after "5".
pub fn natural_key(text: &str) -> Vec<(u8, u64, String)> {
    let mut key = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut number = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                number.push(d);
                chars.next();
            }
            key.push((0, number.parse().unwrap_or(u64::MAX), String::new()));
        } else {
            let mut word = String::new();
            while let Some(&d) = chars.peek().filter(|d| !d.is_ascii_digit()) {
                word.extend(d.to_lowercase());
                chars.next();
            }
            key.push((1, 0, word));
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::natural_key;

    #[test]
    fn numbers_sort_by_value() {
        let mut sessions = vec!["10", "2", "1", "2b", "Plenary"];
        sessions.sort_by_key(|s| natural_key(s));
        assert_eq!(sessions, ["1", "2", "2b", "10", "Plenary"]);
    }
}
