//! Warnings as a person reads them in a terminal or a CI log: one entry per cause.
//!
//! A 50,000-document archive gives twelve thousand warnings of one kind (a link to a document
//! an audience cannot see yet, per file and audience). Listed one per line nobody reads them,
//! and a new, different warning drowns among them. Warnings with the same cause — the same
//! message once the names in backticks are set aside, and the same hint — are printed as one
//! entry: the message, how many, the first few places, the hint once. `--verbose` lists every
//! one; nothing is dropped from the count.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::support::error::Diagnostic;

/// How many places of one cause are shown before "… and N more".
pub const SHOWN: usize = 3;

/// The cause of a warning: its message with every `quoted` part replaced by `…`.
fn cause(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for (i, part) in message.split('`').enumerate() {
        // Odd parts are inside backticks (a message with an unpaired one keeps its tail).
        if i % 2 == 1 {
            out.push_str("`…`");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// `diagnostics` as text for a person: grouped by cause in order of first appearance, or,
/// with `verbose`, each on its own.
pub fn grouped(diagnostics: &[Diagnostic], verbose: bool) -> String {
    let mut out = String::new();
    if verbose {
        for diagnostic in diagnostics {
            let _ = writeln!(out, "{diagnostic}");
        }
        return out;
    }
    let mut order: Vec<(String, Option<&str>)> = Vec::new();
    let mut groups: BTreeMap<(String, Option<&str>), Vec<&Diagnostic>> = BTreeMap::new();
    for diagnostic in diagnostics {
        let key = (cause(&diagnostic.message), diagnostic.hint.as_deref());
        let members = groups.entry(key.clone()).or_default();
        if members.is_empty() {
            order.push(key);
        }
        members.push(diagnostic);
    }
    for key in order {
        let members = &groups[&key];
        if members.len() <= SHOWN + 1 {
            for diagnostic in members {
                let _ = writeln!(out, "{diagnostic}");
            }
            continue;
        }
        let label = if members[0].is_error() {
            "error"
        } else {
            "warning"
        };
        let _ = writeln!(out, "{label} ×{}: {}", members.len(), key.0);
        for diagnostic in members.iter().take(SHOWN) {
            let mut place = Diagnostic {
                hint: None,
                snippet: None,
                ..(*diagnostic).clone()
            }
            .to_string();
            // "warning: path:line: message" → "  path:line: message"
            if let Some(rest) = place.split_once(": ").map(|(_, rest)| rest.to_string()) {
                place = rest;
            }
            let _ = writeln!(out, "  {place}");
        }
        let _ = writeln!(
            out,
            "  … and {} more (--verbose lists every one)",
            members.len() - SHOWN
        );
        if let Some(hint) = key.1 {
            let _ = writeln!(out, "  hint: {hint}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hidden_link(file: &str, line: usize, target: &str) -> Diagnostic {
        Diagnostic::warning(
            std::path::PathBuf::from(file),
            format!("the link `{target}` leads to something the `public` audience cannot see yet"),
        )
        .at(line, 1)
        .hint("nothing to do if that is intended")
    }

    #[test]
    fn many_warnings_of_one_cause_are_one_entry_with_a_count_and_nothing_is_lost() {
        let mut warnings: Vec<Diagnostic> = (1..=12)
            .map(|i| {
                hidden_link(
                    &format!("meetings/m77/d{i}/v1.en.md"),
                    i,
                    &format!("../h{i}/"),
                )
            })
            .collect();
        warnings.insert(
            5,
            Diagnostic::warning(std::path::PathBuf::from("site.toml"), "a different cause"),
        );
        let text = grouped(&warnings, false);
        assert_eq!(
            text,
            "warning ×12: the link `…` leads to something the `…` audience cannot see yet\n\
             \x20 meetings/m77/d1/v1.en.md:1:1: the link `../h1/` leads to something the `public` audience cannot see yet\n\
             \x20 meetings/m77/d2/v1.en.md:2:1: the link `../h2/` leads to something the `public` audience cannot see yet\n\
             \x20 meetings/m77/d3/v1.en.md:3:1: the link `../h3/` leads to something the `public` audience cannot see yet\n\
             \x20 … and 9 more (--verbose lists every one)\n\
             \x20 hint: nothing to do if that is intended\n\
             warning: site.toml: a different cause\n"
        );
        let verbose = grouped(&warnings, true);
        assert_eq!(
            verbose
                .lines()
                .filter(|l| l.starts_with("warning: "))
                .count(),
            13
        );
        for i in 1..=12 {
            assert!(verbose.contains(&format!("d{i}/v1.en.md:{i}:1")), "{i}");
        }
    }

    #[test]
    fn a_few_of_one_cause_are_listed_as_they_are() {
        let warnings: Vec<Diagnostic> = (1..=4).map(|i| hidden_link("a.md", i, "../x/")).collect();
        assert_eq!(grouped(&warnings, false), grouped(&warnings, true));
    }
}
