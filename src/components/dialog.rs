//! The accessible modal dialog (WAI-ARIA modal dialog pattern): focus moves in, Tab and
//! Shift+Tab wrap inside, Esc closes, focus returns to what opened it; `aria-modal` and
//! labelled by its title. Works inside a shadow root (the embedded element).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, KeyboardEvent};

/// What can take focus inside a dialog, in tab order.
const FOCUSABLE: &str = "button:not([disabled]), [href], input:not([disabled]), \
    select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex=\"-1\"])";

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    /// The element each open dialog returns focus to, by dialog number.
    static OPENERS: RefCell<HashMap<u32, Element>> = RefCell::new(HashMap::new());
    /// The last element outside any dialog that opened one (a dialog opened from another
    /// dialog returns focus there).
    static LAST_OPENER: RefCell<Option<Element>> = const { RefCell::new(None) };
}

/// The element that has focus, looking through shadow roots (`document.activeElement` is
/// the host element when focus is inside one).
pub fn deep_active_element() -> Option<Element> {
    let mut active = document().active_element()?;
    loop {
        let inner = active
            .shadow_root()
            .and_then(|root| js_sys::Reflect::get(&root, &JsValue::from_str("activeElement")).ok())
            .and_then(|v| v.dyn_into::<Element>().ok());
        match inner {
            Some(el) => active = el,
            None => return Some(active),
        }
    }
}

fn in_dialog(el: &Element) -> bool {
    el.closest(".bu-modal").ok().flatten().is_some()
}

fn focusables(dialog: &Element) -> Vec<HtmlElement> {
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// Focuses the element marked `data-autofocus`, else the first field or button of the
/// body, else the dialog itself.
fn focus_initial(dialog: &HtmlElement) {
    let marked = dialog
        .query_selector("[data-autofocus]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    let body_first = dialog
        .query_selector(".bu-modal__body")
        .ok()
        .flatten()
        .and_then(|body| focusables(&body).into_iter().next());
    match marked.or(body_first) {
        Some(el) => {
            let _ = el.focus();
        }
        None => {
            let _ = dialog.focus();
        }
    }
}

fn restore_focus(id: u32) {
    let own = OPENERS.with(|o| o.borrow_mut().remove(&id));
    // After this frame: a dialog replacing this one has taken focus by then, and keeps it.
    let callback = Closure::once_into_js(move || {
        if deep_active_element().is_some_and(|el| in_dialog(&el) && el.is_connected()) {
            return;
        }
        let target = own.filter(|el| el.is_connected()).or_else(|| {
            LAST_OPENER
                .with(|l| l.borrow().clone())
                .filter(|el| el.is_connected())
        });
        if let Some(el) = target.and_then(|el| el.dyn_into::<HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0);
    }
}

/// A modal dialog. Close it by removing it from the view (`on_close` is called for Esc and
/// the close button; the caller decides).
#[component]
pub fn Modal(
    /// The dialog's title (its accessible name).
    #[prop(into)]
    title: Signal<String>,
    /// Called when the customer asks to close it (Esc, close button).
    #[prop(into)]
    on_close: Callback<()>,
    /// Label of the close button (translated by the caller).
    #[prop(into)]
    close_label: Signal<String>,
    /// Extra class on the dialog box (e.g. `bu-modal--wide`).
    #[prop(optional, into)]
    class: String,
    /// The dialog's body.
    children: Children,
) -> impl IntoView {
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    if let Some(opener) = deep_active_element() {
        if !in_dialog(&opener) {
            LAST_OPENER.with(|l| *l.borrow_mut() = Some(opener.clone()));
            OPENERS.with(|o| o.borrow_mut().insert(id, opener));
        }
    }
    on_cleanup(move || restore_focus(id));

    let dialog = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = dialog.get() {
            focus_initial(&el);
        }
    });
    let on_keydown = move |ev: KeyboardEvent| {
        let Some(el) = dialog.get_untracked() else {
            return;
        };
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                ev.stop_propagation();
                on_close.run(());
            }
            "Tab" => {
                let items = focusables(&el);
                let (Some(first), Some(last)) = (items.first(), items.last()) else {
                    ev.prevent_default();
                    return;
                };
                let active = deep_active_element();
                let active_inside = active
                    .as_ref()
                    .is_some_and(|a| el.contains(Some(a.unchecked_ref())));
                let on = |target: &HtmlElement| {
                    active
                        .as_ref()
                        .is_some_and(|a| a == target.unchecked_ref::<Element>())
                };
                if ev.shift_key() && (on(first) || !active_inside) {
                    ev.prevent_default();
                    let _ = last.focus();
                } else if !ev.shift_key() && (on(last) || !active_inside) {
                    ev.prevent_default();
                    let _ = first.focus();
                }
            }
            _ => {}
        }
    };
    let title_id = format!("bu-modal-title-{id}");
    let labelled_by = title_id.clone();
    let modal_class = format!("bu-modal {class}");
    view! {
        <div class="bu-modal__backdrop">
            <div
                class=modal_class
                role="dialog"
                aria-modal="true"
                aria-labelledby=labelled_by
                tabindex="-1"
                node_ref=dialog
                on:keydown=on_keydown
            >
                <header class="bu-modal__header">
                    <h2 class="bu-modal__title" id=title_id>{move || title.get()}</h2>
                    <button
                        type="button"
                        class="bu-modal__close"
                        aria-label=move || close_label.get()
                        on:click=move |_| on_close.run(())
                    >
                        "×"
                    </button>
                </header>
                <div class="bu-modal__body">{children()}</div>
            </div>
        </div>
    }
}
