//! Whether the browser is online (the offline banner; actions wait for the network).

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// A window event and the callback listening to it.
type Listener = (&'static str, Closure<dyn Fn()>);

/// Online or not, following the window's `online` / `offline` events.
#[derive(Clone, Copy, Debug)]
pub struct Online(RwSignal<bool>);

impl Online {
    /// Starts from `navigator.onLine` and follows the window's events until the page is
    /// unmounted (its listeners are removed then).
    pub fn watch() -> Self {
        let online = RwSignal::new(
            web_sys::window()
                .map(|w| w.navigator().on_line())
                .unwrap_or(true),
        );
        if let Some(window) = web_sys::window() {
            let listeners: Vec<Listener> = [("online", true), ("offline", false)]
                .into_iter()
                .map(|(event, value)| {
                    let callback = Closure::<dyn Fn()>::new(move || {
                        let _ = online.try_set(value);
                    });
                    let _ = window
                        .add_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
                    (event, callback)
                })
                .collect();
            let listeners = SendWrapper::new((window, listeners));
            on_cleanup(move || {
                let (window, listeners) = listeners.take();
                for (event, callback) in listeners {
                    let _ = window.remove_event_listener_with_callback(
                        event,
                        callback.as_ref().unchecked_ref(),
                    );
                }
            });
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
}
