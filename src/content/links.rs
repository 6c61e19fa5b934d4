//! What a link in Markdown points at.
//!
//! Authors link to documents by folder, relative to the file (`../../m75/annex/`) or from the
//! content root (`@/meetings/m75/annex/`). [`classify`] turns a destination into a [`Target`]
//! naming content (never an output URL): loading checks the target exists, rendering asks
//! the audience's view for its URL.

/// The content a link destination names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `https://…`, `mailto:…`: left as written.
    External,
    /// `#anchor` in the same file.
    SamePage {
        anchor: String,
    },
    /// `#` alone: a placeholder whose target was lost (Word and PDF conversions write one
    /// for every link they could not carry). The page keeps the link's text.
    Placeholder,
    Home,
    Meetings,
    Meeting {
        id: String,
    },
    Document {
        meeting: String,
        slug: String,
        anchor: Option<String>,
    },
    Attachment {
        meeting: String,
        slug: String,
        name: String,
    },
    Page {
        slug: String,
        anchor: Option<String>,
    },
}

/// Classify `dest`, written in a file whose folder is `from_dir` (relative to the content
/// root, `/`-separated, e.g. `meetings/m76/agenda`).
pub fn classify(dest: &str, from_dir: &str) -> Result<Target, String> {
    if is_external(dest) {
        return Ok(Target::External);
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(percent_decode(anchor))),
        None => (dest, None),
    };
    if path.is_empty() {
        return match anchor {
            Some(anchor) if !anchor.is_empty() => Ok(Target::SamePage { anchor }),
            Some(_) => Ok(Target::Placeholder),
            None => Err("the link is empty".to_string()),
        };
    }
    if path.contains('?') {
        return Err(format!(
            "`{dest}` has a query string, which links between documents cannot carry"
        ));
    }
    let path = percent_decode(path);
    let (base, rest) = if let Some(rest) = path.strip_prefix("@/") {
        ("", rest)
    } else if path.starts_with('/') {
        return Err(format!(
            "`{dest}` starts with `/`; write links from the content root as `@/meetings/…`, or relative to this file"
        ));
    } else {
        (from_dir, path.as_str())
    };

    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in rest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("`{dest}` leads outside the site"));
                }
            }
            other => parts.push(other),
        }
    }
    let anchor = anchor.filter(|a| !a.is_empty());
    let owned = |s: &str| s.to_string();
    match parts.as_slice() {
        [] if anchor.is_none() => Ok(Target::Home),
        ["meetings"] if anchor.is_none() => Ok(Target::Meetings),
        ["meetings", id] if anchor.is_none() => Ok(Target::Meeting { id: owned(id) }),
        ["meetings", meeting, slug] => Ok(Target::Document {
            meeting: owned(meeting),
            slug: owned(slug),
            anchor,
        }),
        ["meetings", meeting, slug, name] if anchor.is_none() => Ok(Target::Attachment {
            meeting: owned(meeting),
            slug: owned(slug),
            name: owned(name),
        }),
        ["pages", file] => {
            // `pages/about/` or the file itself, `pages/about.en.md`.
            let slug = file
                .strip_suffix(".md")
                .map_or(*file, |stem| stem.split('.').next().unwrap_or(stem));
            Ok(Target::Page {
                slug: owned(slug),
                anchor,
            })
        }
        _ => Err(format!(
            "`{dest}` does not name a document, meeting, page or attachment"
        )),
    }
}

/// A URL with a scheme (`https:`, `mailto:`) or protocol-relative (`//host`).
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let Some(colon) = dest.find(':') else {
        return false;
    };
    let scheme = &dest[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Decode `%XX` escapes; invalid escapes and non-UTF-8 results are left as written.
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() && text.is_char_boundary(i + 3) {
            if let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FROM: &str = "meetings/m76/briefing";

    fn doc(meeting: &str, slug: &str, anchor: Option<&str>) -> Target {
        Target::Document {
            meeting: meeting.into(),
            slug: slug.into(),
            anchor: anchor.map(Into::into),
        }
    }

    #[test]
    fn relative_and_root_links_name_the_same_document() {
        assert_eq!(
            classify("../../m75/annex/", FROM),
            Ok(doc("m75", "annex", None))
        );
        assert_eq!(
            classify("@/meetings/m75/annex/", FROM),
            Ok(doc("m75", "annex", None))
        );
        assert_eq!(
            classify("../agenda#session-3", FROM),
            Ok(doc("m76", "agenda", Some("session-3")))
        );
    }

    #[test]
    fn attachments_pages_and_anchors() {
        let attachment = Target::Attachment {
            meeting: "m76".into(),
            slug: "briefing".into(),
            name: "time line.svg".into(),
        };
        assert_eq!(classify("time%20line.svg", FROM), Ok(attachment));
        assert_eq!(
            classify("@/pages/about/", FROM),
            Ok(Target::Page {
                slug: "about".into(),
                anchor: None
            })
        );
        assert_eq!(
            classify("#aims", FROM),
            Ok(Target::SamePage {
                anchor: "aims".into()
            })
        );
        assert_eq!(classify("#", FROM), Ok(Target::Placeholder));
        assert_eq!(classify("", FROM), Err("the link is empty".to_string()));
        assert_eq!(
            classify("https://example.org/x", FROM),
            Ok(Target::External)
        );
        assert_eq!(classify("mailto:a@b.c", FROM), Ok(Target::External));
    }

    #[test]
    fn links_out_of_the_site_are_refused() {
        assert!(classify("../../../../etc/passwd", FROM)
            .unwrap_err()
            .contains("outside the site"));
        assert!(classify("/etc/passwd", FROM).is_err());
        assert!(classify("../../m75/annex/extra/deep", FROM).is_err());
    }
}
