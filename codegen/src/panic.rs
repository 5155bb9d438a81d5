//! Turning a panic deep inside progenitor into an error message.
//!
//! progenitor 0.15 ends some unsupported constructs with `todo!()`/`panic!()`. A build
//! script must fail with one readable line instead, so the generator runs under
//! `catch_unwind` with the default hook (which prints a backtrace hint) silenced.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

/// Runs `f`; a panic becomes `Err(message)`, with the source location when known.
pub(crate) fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let captured: Arc<Mutex<Option<String>>> = Arc::default();
    let sink = Arc::clone(&captured);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let location =
            info.location().map(|l| format!(" (at {}:{})", l.file(), l.line())).unwrap_or_default();
        if let Ok(mut slot) = sink.lock() {
            *slot = Some(format!("{}{location}", payload_text(info.payload())));
        }
    }));
    let outcome = catch_unwind(AssertUnwindSafe(f));
    std::panic::set_hook(previous);
    outcome.map_err(|payload| {
        captured
            .lock()
            .ok()
            .and_then(|mut slot| slot.take())
            .unwrap_or_else(|| payload_text(payload.as_ref()))
    })
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        format!("panicked: {s}")
    } else if let Some(s) = payload.downcast_ref::<String>() {
        format!("panicked: {s}")
    } else {
        "panicked".to_owned()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_becomes_an_error_with_its_message() {
        let err = super::catch(|| -> u8 { panic!("not yet: {}", 42) }).unwrap_err();
        assert!(err.contains("not yet: 42"), "{err}");
        assert_eq!(super::catch(|| 7).unwrap(), 7);
    }
}
