//! The source check: text an audience may not see, pasted by a person into text it may.
//!
//! The release rule keeps hidden documents out of an audience's build, and the output scan
//! proves the program kept them out. Neither can stop a secretary who pastes the title of a
//! members-only briefing, a sentence of it or its code word into a public page: to the
//! program that is visible text. This check compares, for one audience, every source text
//! it will be shown (titles, summaries, bodies with their link texts, version notes, pages,
//! meeting and site strings) with every text hidden from it, and fails the build on:
//!
//! - **a hidden title**, whole, anywhere (unless something visible has the same title, or
//!   the file declares the document in `mentions`, or the title is the text of a link to
//!   that document);
//! - **a run** of [`tokens::SPACED_WINDOW`] words, or [`tokens::UNSPACED_WINDOW`]
//!   characters of Chinese, counted across punctuation and line breaks;
//! - **a code word**: a word of at least [`hidden::MIN_CODE_WORD_CHARS`] characters that
//!   hidden text has and exactly one visible text, and not the theme.
//!
//! Runs and code words have a direction ([`texts::Rank`]): what the hidden text shares
//! with a visible text written no later than it (an earlier version, last meeting's
//! briefing it was drafted from) was public first and proves nothing. Titles count
//! wherever they appear.

mod chars;
mod early;
mod hidden;
mod links;
mod markup;
mod observe;
mod report;
mod texts;
mod tokens;

use std::collections::HashSet;
use std::sync::atomic::Ordering;

use rayon::prelude::*;

use crate::content::model::Site;
use crate::release::AudienceView;
use crate::support::error::Diagnostic;
use hidden::{code_word_hash, is_code_word, sequence_hash, Hidden};
pub use report::{Finding, Rule};
use texts::{Texts, VisibleText};

/// Check the sources `view` shows against what it hides. `fixed` is the theme's UI text.
/// Returns one error per finding (the first [`report::MAX_REPORTED`] in full).
pub fn check(site: &Site, view: &AudienceView<'_>, fixed: &[&str]) -> Vec<Diagnostic> {
    let findings = findings(site, view, fixed);
    report::diagnostics(view, &findings)
}

/// Everything pasted, as findings (sorted).
pub fn findings<'s>(site: &'s Site, view: &AudienceView<'s>, fixed: &[&'s str]) -> Vec<Finding> {
    if !hides_anything(site, view) {
        return Vec::new();
    }
    let texts = texts::gather(site, view, fixed);
    if texts.hidden.is_empty() {
        return Vec::new();
    }
    let visible_titles: HashSet<u64> = texts
        .visible
        .par_iter()
        .filter(|v| v.is_title)
        .map_init(Vec::new, |toks, v| {
            tokens::tokens(v.text, toks);
            sequence_hash(&toks.iter().map(|t| t.hash).collect::<Vec<_>>())
        })
        .collect();
    let ranks: Vec<_> = texts.sources.iter().map(|s| s.rank).collect();
    let hidden = Hidden::compile(
        &texts.hidden,
        &ranks,
        &visible_titles,
        &site.config.guard_allow,
    );
    if hidden.is_empty() {
        return Vec::new();
    }
    // The texts that came after some hidden one, read whole: where each hidden window and
    // code word is seen, and which texts hold anything that could be evidence. Then those
    // that came first, where they may matter ([`early`]).
    let first = hidden.earliest_rank();
    let (late, early): (Vec<usize>, Vec<usize>) =
        (0..texts.visible.len()).partition(|&i| texts.visible[i].rank > first);
    let mut suspects: Vec<usize> = late
        .par_iter()
        .filter_map(|&i| observe::observe(&hidden, &texts.visible[i]).then_some(i))
        .collect();
    suspects.extend(early::suspects(&hidden, &texts, early));
    let mut findings: Vec<Finding> = suspects
        .par_iter()
        .flat_map_iter(|&i| decide(&hidden, &texts, &texts.visible[i]))
        .collect();
    findings.sort();
    findings.dedup();
    findings
}

/// Does `view` leave out any version or page of the site? If not, there is nothing to paste
/// (the members' preview of an archive, most of the time): the check need not read the site.
/// The view holds a subset of the site's versions and pages, so counting them decides it.
fn hides_anything(site: &Site, view: &AudienceView<'_>) -> bool {
    let in_site: usize = site.documents.iter().map(|d| d.versions.len()).sum();
    let in_view: usize = view.documents().map(|(_, d)| d.versions.len()).sum();
    in_view < in_site || view.pages.len() < site.pages.len()
}

/// The findings in one visible text, now that every text has been observed.
fn decide<'s>(hidden: &Hidden, texts: &Texts<'s>, visible: &VisibleText<'s>) -> Vec<Finding> {
    let mut toks = Vec::new();
    tokens::tokens(visible.text, &mut toks);
    let links = match &visible.body {
        Some((_, folder)) => links::to_content(visible.text, folder),
        None => Vec::new(),
    };
    let mut findings = Vec::new();
    // Tokens of a hidden title: named on purpose (a mentioned title, a title as its own
    // link's text), or reported as the title.
    let mut named = vec![false; toks.len()];
    for at in 0..toks.len() {
        hidden.titles_at(&toks, at, |title, len| {
            let source = &texts.sources[hidden.titles[title as usize].source as usize];
            let (start, end) = (toks[at].start as usize, toks[at + len - 1].end as usize);
            let on_purpose = visible.mentions.contains(&source.thing)
                || links.iter().any(|(range, thing)| {
                    *thing == source.thing && range.start <= start && end <= range.end
                });
            // Runs and code words inside a title are that title: named on purpose, or
            // reported once as the title.
            named[at..at + len].iter_mut().for_each(|n| *n = true);
            if !on_purpose {
                findings.push(Finding::new(visible, source, Rule::Title, start, len));
            }
        });
    }
    // Runs: consecutive windows of evidence from one hidden text make one finding.
    // (source, first token, past the last, counted in characters)
    type Open = Option<(u32, usize, usize, bool)>;
    // One open run per kind: words and characters end their windows interleaved.
    let mut runs: [Open; 2] = [None, None];
    let flush = |run: &mut Open, findings: &mut Vec<Finding>| {
        if let Some((source, first, past, characters)) = run.take() {
            let start = toks[first].start as usize;
            let source = &texts.sources[source as usize];
            let rule = if characters {
                Rule::Characters
            } else {
                Rule::Run
            };
            findings.push(Finding::new(visible, source, rule, start, past - first));
        }
    };
    tokens::windows(&toks, |w| {
        let Some(entry) = hidden.windows.get(w.hash) else {
            return;
        };
        if !entry.is_evidence() || named[w.first..w.first + w.len].iter().all(|n| *n) {
            return;
        }
        let characters = w.len == tokens::UNSPACED_WINDOW;
        let run = &mut runs[usize::from(characters)];
        match run {
            Some((source, _, past, kind))
                if *source == entry.source && *kind == characters && w.first < *past =>
            {
                *past = (*past).max(w.first + w.len);
            }
            _ => {
                flush(run, &mut findings);
                *run = Some((entry.source, w.first, w.first + w.len, characters));
            }
        }
    });
    for run in &mut runs {
        flush(run, &mut findings);
    }
    tokens::code_words(&toks, |a, b| {
        if named[a] || !is_code_word(&toks[a..b], visible.text) {
            return;
        }
        let Some(entry) = hidden.code_words.get(code_word_hash(&toks[a..b])) else {
            return;
        };
        if entry.holders.load(Ordering::Relaxed) == 1 && visible.rank > entry.rank {
            let start = toks[a].start as usize;
            let source = &texts.sources[entry.source as usize];
            findings.push(Finding::new(visible, source, Rule::CodeWord, start, b - a));
        }
    });
    findings
}
