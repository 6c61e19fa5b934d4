//! What a reader of a Markdown source never sees, and where its blocks end: the source
//! tokenizer skips the one and ends runs at the other.

/// Past the ASCII byte at `i`, and past whatever it opens that a reader does not see: a
/// link's `](destination)`, an HTML tag, comment or entity.
pub fn skip_unseen(bytes: &[u8], i: usize) -> usize {
    let rest = &bytes[i..];
    match rest {
        [b']', b'(', ..] => {
            // To the closing parenthesis, counting nested ones; not past a blank line.
            let mut depth = 0usize;
            for (k, &b) in rest.iter().enumerate().skip(1) {
                match b {
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            return i + k + 1;
                        }
                    }
                    b'\n' if rest.get(k + 1) == Some(&b'\n') => break,
                    _ => {}
                }
            }
            i + 1
        }
        [b'<', b'!', b'-', b'-', ..] => {
            memchr::memmem::find(&rest[4..], b"-->").map_or(i + 1, |k| i + 4 + k + 3)
        }
        [b'<', next, ..] if next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?') => {
            // A tag ends at `>` on its own line or the next; a lone `<` is punctuation.
            rest.iter()
                .take(512)
                .position(|&b| b == b'>')
                .map_or(i + 1, |k| i + k + 1)
        }
        // The tokenizers share what a character reference is.
        [b'&', ..] => i + crate::guard::words::entity(rest).map_or(1, |(len, _)| len),
        _ => i + 1,
    }
}

/// Does the byte at `i` end a block: a table cell's `|`, or a line break before a blank
/// line, a list item, a heading or a quote? A line break inside a paragraph (a PDF's, an
/// editor's wrap) does not.
pub fn is_block_boundary(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'|' => true,
        b'\n' => {
            let rest = &bytes[i + 1..];
            let indent = rest
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count();
            match &rest[indent..] {
                [] | [b'\n' | b'\r' | b'#' | b'>' | b'|', ..] => true,
                [b'-' | b'*' | b'+', b' ' | b'\t', ..] => true,
                line => {
                    let digits = line.iter().take_while(|b| b.is_ascii_digit()).count();
                    (1..10).contains(&digits)
                        && matches!(line.get(digits), Some(b'.' | b')'))
                        && matches!(line.get(digits + 1), Some(b' ' | b'\t'))
                }
            }
        }
        _ => false,
    }
}

/// Does a link destination lead to other content of the site (not a web address, not an
/// anchor on the same page)?
pub fn is_internal(destination: &str) -> bool {
    let destination = destination.trim();
    !(destination.is_empty()
        || destination.starts_with('#')
        || destination.starts_with("//")
        || destination.contains("://")
        || destination.starts_with("mailto:"))
}
