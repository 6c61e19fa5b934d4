//! How far each translation has kept up with its document: the one rule behind the
//! languages line of `plenary status`, its `--coverage` matrix (printed by
//! [`crate::commands::status::coverage_matrix`]) and the coverage page of restricted builds.

/// A document in one language, against the newest version counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// Translated at the newest version.
    Current,
    /// Translated, but only up to this (older) version.
    Stale(u32),
    /// Not translated at all.
    Missing,
}

impl Coverage {
    /// From a document's versions, oldest first: each version's number and whether it has
    /// a text in the language.
    pub fn of(versions: impl DoubleEndedIterator<Item = (u32, bool)> + Clone) -> Coverage {
        let latest = versions.clone().next_back().map(|(n, _)| n);
        let translated = versions.rev().find(|(_, has)| *has).map(|(n, _)| n);
        match translated {
            None => Coverage::Missing,
            Some(n) if Some(n) == latest => Coverage::Current,
            Some(n) => Coverage::Stale(n),
        }
    }

    /// "current", "stale" or "missing": the word machines and stylesheets use.
    pub fn name(self) -> &'static str {
        match self {
            Coverage::Current => "current",
            Coverage::Stale(_) => "stale",
            Coverage::Missing => "missing",
        }
    }

    /// The newest version translated, if any, given the newest version counted.
    pub fn translated_up_to(self, latest: Option<u32>) -> Option<u32> {
        match self {
            Coverage::Current => latest,
            Coverage::Stale(n) => Some(n),
            Coverage::Missing => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_follows_the_newest_version_with_a_text() {
        let of = |v: &[(u32, bool)]| Coverage::of(v.iter().copied());
        assert_eq!(of(&[(1, true), (2, true)]), Coverage::Current);
        assert_eq!(of(&[(1, true), (2, false)]), Coverage::Stale(1));
        assert_eq!(of(&[(1, false), (2, true), (3, false)]), Coverage::Stale(2));
        assert_eq!(of(&[(1, false), (2, false)]), Coverage::Missing);
        assert_eq!(of(&[]), Coverage::Missing);
        assert_eq!(Coverage::Current.translated_up_to(Some(3)), Some(3));
        assert_eq!(Coverage::Stale(2).translated_up_to(Some(3)), Some(2));
        assert_eq!(Coverage::Missing.translated_up_to(Some(3)), None);
    }
}
