//! Whether the browser is online (the offline banner; actions wait for the network).

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Online or not, following the window's `online` / `offline` events.
#[derive(Clone, Copy, Debug)]
pub struct Online(RwSignal<bool>);

impl Online {
    /// Starts from `navigator.onLine` and follows the window's events.
    pub fn watch() -> Self {
        let online = RwSignal::new(
            web_sys::window()
                .map(|w| w.navigator().on_line())
                .unwrap_or(true),
        );
        if let Some(window) = web_sys::window() {
            for (event, value) in [("online", true), ("offline", false)] {
                let callback =
                    Closure::<dyn Fn()>::new(move || online.try_set(value).map_or((), |_| ()));
                let _ = window
                    .add_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
                // Lives as long as the page: the window keeps the listener.
                callback.forget();
            }
        }
        Online(online)
    }

    /// A state fixed at `online` (tests).
    pub fn fixed(online: bool) -> Self {
        Online(RwSignal::new(online))
    }

    /// The state provided by the page root (online if none).
    pub fn use_online() -> Self {
        use_context::<Online>().unwrap_or_else(|| Online::fixed(true))
    }

    /// Whether the browser is online (tracked).
    pub fn get(&self) -> bool {
        self.0.get()
    }

    /// Marks the browser offline or online (a failed request proves it offline).
    pub fn set(&self, online: bool) {
        self.0.set(online);
    }
}
