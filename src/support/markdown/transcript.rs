//! Transcripts: speaker turns become anchored paragraphs, bracketed procedural notes
//! (`[END OF TRANSCRIPTION]`, `[The meeting rose at 12.40]`) become styled marks.
//!
//! A turn is a paragraph that opens with its speaker in bold, ending in a colon:
//! `**Ms. Helena Varga (Chair):** Good morning…` (the colon may also follow the bold, and
//! may be the full-width `：`). Turns are numbered in order, `turn-1`, `turn-2`…, so a link
//! to a turn stays good while the transcript is only corrected, not reordered.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::IdAllocator;

/// Someone who speaks in a transcript, with the anchor of their first turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub name: String,
    /// What the transcript gives in parentheses: "Chair", "Delegate, France".
    pub role: Option<String>,
    pub anchor: String,
}

/// Mark the turns and procedural notes of `events`; the speakers, in order of first turn,
/// and every turn's anchor. `ids` already holds the page's heading ids, which keep theirs.
pub fn mark(events: &mut [Event<'_>], ids: &mut IdAllocator) -> (Vec<Speaker>, Vec<String>) {
    let mut speakers: Vec<Speaker> = Vec::new();
    let mut anchors = Vec::new();
    let mut turns = 0;
    let last_paragraph = events
        .iter()
        .rposition(|e| matches!(e, Event::Start(Tag::Paragraph)));
    let mut i = 0;
    while i < events.len() {
        if !matches!(events[i], Event::Start(Tag::Paragraph)) {
            i += 1;
            continue;
        }
        let Some(end) = events[i..]
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))
            .map(|p| i + p)
        else {
            break;
        };
        if let Some(label) = speaker_label(&events[i + 1..end]) {
            turns += 1;
            let anchor = ids.allocate(format!("turn-{turns}"));
            anchors.push(anchor.clone());
            let (name, role) = split_role(&label);
            if !speakers.iter().any(|s| s.name == name && s.role == role) {
                speakers.push(Speaker {
                    name,
                    role,
                    anchor: anchor.clone(),
                });
            }
            events[i] = Event::Html(CowStr::from(format!("<p id=\"{anchor}\" class=\"turn\">")));
            events[end] = Event::Html(CowStr::from("</p>"));
        } else if let Some(note) = bracketed(&events[i + 1..end]) {
            let class = if Some(i) == last_paragraph {
                "end-mark"
            } else {
                "procedural-mark"
            };
            events[i] = Event::Html(CowStr::from(format!("<p class=\"{class}\">")));
            events[i + 1] = Event::Text(CowStr::from(note));
            for event in &mut events[i + 2..end] {
                *event = Event::Text(CowStr::from(""));
            }
            events[end] = Event::Html(CowStr::from("</p>"));
        }
        i = end + 1;
    }
    (speakers, anchors)
}

/// The speaker of a paragraph that opens with `**Name (role):**` (or `**Name (role)**:`).
fn speaker_label(inside: &[Event<'_>]) -> Option<String> {
    if !matches!(inside.first(), Some(Event::Start(Tag::Strong))) {
        return None;
    }
    let close = inside
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Strong)))?;
    let mut label = String::new();
    for event in &inside[1..close] {
        match event {
            Event::Text(t) => label.push_str(t),
            _ => return None,
        }
    }
    let label = label.trim_end();
    let name = match label.strip_suffix([':', '：']) {
        Some(name) => name,
        // The colon just after the bold.
        None => match inside.get(close + 1) {
            Some(Event::Text(t)) if t.starts_with([':', '：']) => label,
            _ => return None,
        },
    };
    let name = name.trim();
    // A bold phrase that runs on is emphasis, not a speaker.
    (!name.is_empty() && name.chars().count() <= 120).then(|| name.to_string())
}

/// "Ms. Helena Varga (Chair)" → ("Ms. Helena Varga", Some("Chair")).
fn split_role(label: &str) -> (String, Option<String>) {
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = label.strip_suffix(close) {
            if let Some(at) = inner.rfind(open) {
                let name = inner[..at].trim();
                let role = inner[at + open.len_utf8()..].trim();
                if !name.is_empty() && !role.is_empty() {
                    return (name.to_string(), Some(role.to_string()));
                }
            }
        }
    }
    (label.to_string(), None)
}

/// The note of a paragraph that is nothing but `[a note]`, without its brackets.
fn bracketed(inside: &[Event<'_>]) -> Option<String> {
    let mut text = String::new();
    for event in inside {
        match event {
            Event::Text(t) => text.push_str(t),
            _ => return None,
        }
    }
    let note = text.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
    (!note.is_empty() && !note.contains(['[', ']'])).then(|| note.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_split_from_names() {
        assert_eq!(
            split_role("Ms. Helena Varga (Chair)"),
            ("Ms. Helena Varga".to_string(), Some("Chair".to_string()))
        );
        assert_eq!(
            split_role("Mr. Julien Marchetti (Delegate, France)"),
            (
                "Mr. Julien Marchetti".to_string(),
                Some("Delegate, France".to_string())
            )
        );
        assert_eq!(
            split_role("王伟（主席）"),
            ("王伟".to_string(), Some("主席".to_string()))
        );
        assert_eq!(split_role("The Chair"), ("The Chair".to_string(), None));
    }
}
