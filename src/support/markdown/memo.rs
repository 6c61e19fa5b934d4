//! A Markdown file rendered once, reused wherever its links resolve the same way.
//!
//! What [`render`](super::render) makes of a body depends on the body and on what the
//! resolver answers for each of its link destinations, nothing else: the destinations asked
//! about are the body's own, in the order they occur, whatever the answers. So a rendering
//! is kept with the answers it was made with, and reused for any later resolver (another
//! audience, another page showing the same version) that answers every one of them alike.
//! A resolver that answers one destination differently (a document hidden from this
//! audience) gets a rendering of its own: nothing rendered for one audience reaches
//! another unless it is byte for byte what that audience's own rendering would be.

use std::sync::{Arc, Mutex};

use super::{LinkOutput, Speaker};

/// Renderings of one Markdown file that may be reused.
#[derive(Default)]
pub struct Memo {
    kept: Mutex<Vec<Arc<Rendering>>>,
}

/// A body rendered, with the answers its links were given.
#[derive(Debug)]
pub struct Rendering {
    /// Each destination the renderer asked about, in order, and the answer it got.
    pub links: Vec<(String, LinkOutput)>,
    pub html: String,
    pub speakers: Vec<Speaker>,
}

/// How many renderings of one file are kept: one per distinct way its links resolve (in
/// practice one per audience that sees different targets).
const KEPT_PER_FILE: usize = 4;

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.kept.lock().map_or(0, |k| k.len());
        write!(f, "Memo({kept} kept)")
    }
}

impl Memo {
    /// A rendering of the file for `resolve`: a kept one if `resolve` answers all its links
    /// alike, else `render(resolve)`, kept for next time when `keep` is set.
    pub fn get_or_render(
        &self,
        resolve: &dyn Fn(&str) -> LinkOutput,
        keep: bool,
        render: impl FnOnce(&dyn Fn(&str) -> LinkOutput) -> Result<(String, Vec<Speaker>), String>,
    ) -> Result<Arc<Rendering>, String> {
        let kept: Vec<Arc<Rendering>> = self.lock().clone();
        let same_answers = |r: &Rendering| r.links.iter().all(|(dest, out)| resolve(dest) == *out);
        if let Some(found) = kept.into_iter().find(|r| same_answers(r)) {
            return Ok(found);
        }
        let asked = std::cell::RefCell::new(Vec::new());
        let recording = |dest: &str| {
            let answer = resolve(dest);
            asked.borrow_mut().push((dest.to_string(), answer.clone()));
            answer
        };
        let (html, speakers) = render(&recording)?;
        let rendering = Arc::new(Rendering {
            links: asked.into_inner(),
            html,
            speakers,
        });
        if keep {
            let mut kept = self.lock();
            if kept.len() < KEPT_PER_FILE {
                kept.push(Arc::clone(&rendering));
            }
        }
        Ok(rendering)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Arc<Rendering>>> {
        // A panic while holding the lock cannot leave the list half-changed (a push is the
        // only change): the list is still good to read.
        self.kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    type Rendered = Result<(String, Vec<Speaker>), String>;

    fn render_counting<'a>(
        count: &'a Cell<usize>,
        body: &'a str,
    ) -> impl FnOnce(&dyn Fn(&str) -> LinkOutput) -> Rendered + 'a {
        move |resolve| {
            count.set(count.get() + 1);
            super::super::render(body, resolve).map(|html| (html, Vec::new()))
        }
    }

    #[test]
    fn a_rendering_is_reused_only_where_every_link_resolves_alike() {
        let body = "See [the agenda](../m76/agenda/) and [the report](../m76/report/).";
        let memo = Memo::default();
        let renders = Cell::new(0);
        let everything = |dest: &str| LinkOutput::Url(format!("/en/{dest}"));
        let no_report = |dest: &str| {
            if dest.contains("report") {
                LinkOutput::TextOnly
            } else {
                LinkOutput::Url(format!("/en/{dest}"))
            }
        };
        let members = memo
            .get_or_render(&everything, true, render_counting(&renders, body))
            .unwrap();
        assert!(members.html.contains("href=\"/en/../m76/report/\""));
        let again = memo
            .get_or_render(&everything, true, render_counting(&renders, body))
            .unwrap();
        assert_eq!(renders.get(), 1, "the same answers reuse the rendering");
        assert!(Arc::ptr_eq(&members, &again));
        let public = memo
            .get_or_render(&no_report, true, render_counting(&renders, body))
            .unwrap();
        assert_eq!(renders.get(), 2, "one different answer renders anew");
        assert!(!public.html.contains("report/"), "{}", public.html);
        assert_eq!(
            public.links,
            vec![
                ("../m76/agenda/".to_string(), everything("../m76/agenda/")),
                ("../m76/report/".to_string(), LinkOutput::TextOnly),
            ]
        );
        // Both kept: each audience finds its own.
        let public_again = memo
            .get_or_render(&no_report, true, render_counting(&renders, body))
            .unwrap();
        assert!(Arc::ptr_eq(&public, &public_again));
        assert_eq!(renders.get(), 2);
    }

    #[test]
    fn nothing_is_kept_unless_asked() {
        let memo = Memo::default();
        let renders = Cell::new(0);
        let resolve = |dest: &str| LinkOutput::Url(dest.to_string());
        for _ in 0..2 {
            memo.get_or_render(&resolve, false, render_counting(&renders, "[a](b)"))
                .unwrap();
        }
        assert_eq!(renders.get(), 2);
    }
}
