//! Keep a bug in one document's rendering from taking the whole build down.
//!
//! A panic while rendering a page (a bug in plenary, a dependency tripping over some input)
//! is caught where the page is rendered and becomes an ordinary error naming that page's
//! source file, so the author learns which document to look at and the rest of the run
//! reports normally. The panic's own message and location go into the error; the default
//! "thread panicked" text is not printed for panics caught this way.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// True while this thread runs code whose panics [`isolated`] turns into errors.
    static ISOLATED: Cell<bool> = const { Cell::new(false) };
    /// What the last isolated panic on this thread said, and where.
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Run `work`; a panic inside it comes back as `Err` with its message and source location.
///
/// Anything `work` touched may be left half-changed by the panic, so callers throw away what
/// it was building (here: a page's bytes, which are simply not written).
pub fn isolated<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    let was = ISOLATED.replace(true);
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    ISOLATED.set(was);
    result.map_err(|payload| {
        CAUGHT
            .take()
            .unwrap_or_else(|| payload_message(payload.as_ref()))
    })
}

/// Route panics inside [`isolated`] to its caller; all others to the hook that was there.
fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if ISOLATED.get() {
                let place = info
                    .location()
                    .map(|l| format!(" (at {}:{})", l.file(), l.line()))
                    .unwrap_or_default();
                CAUGHT.set(Some(format!("{}{place}", payload_message(info.payload()))));
            } else {
                previous(info);
            }
        }));
    });
}

fn payload_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_message_and_place() {
        let err = isolated(|| -> u32 { panic!("index {} out of range", 7) }).unwrap_err();
        assert!(
            err.starts_with("index 7 out of range (at src/support/isolate.rs:"),
            "{err}"
        );
    }

    #[test]
    fn work_that_does_not_panic_returns_its_value() {
        assert_eq!(isolated(|| 6 * 7), Ok(42));
    }

    #[test]
    fn isolation_ends_with_the_work() {
        let _ = isolated(|| panic!("inside"));
        assert!(!ISOLATED.get());
        // Nested use restores the outer state rather than clearing it.
        let inner = isolated(|| {
            let _ = isolated(|| panic!("inner"));
            ISOLATED.get()
        });
        assert_eq!(inner, Ok(true));
    }
}
