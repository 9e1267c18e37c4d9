//! The accessible modal dialog (WAI-ARIA modal dialog pattern): focus moves in, Tab and
//! Shift+Tab wrap inside, Esc closes, focus returns to what opened it (or to the page
//! heading when that is gone); focus is never left nowhere while it is open (a new state's
//! message or first control takes it); everything outside it is `inert`; `aria-modal` and
//! labelled by its title. Works inside a shadow root (the embedded element).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, KeyboardEvent};

use crate::api::ApiError;
use crate::i18n::{error_text, t_string, use_i18n};
use crate::state::Dialogs;

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

/// Whether focus is nowhere useful: on no element, on the body, on an element that left
/// the document, or on a disabled control (what a confirm button is while its order runs).
fn focus_lost() -> bool {
    match deep_active_element() {
        None => true,
        Some(el) => {
            !el.is_connected()
                || el.tag_name().eq_ignore_ascii_case("body")
                || el.matches(":disabled").unwrap_or(false)
        }
    }
}

/// The page's heading (`h1.bu-page__title`) in `root` (the document or the widget's shadow
/// root): where focus goes when a dialog closes and what opened it is gone. Made
/// focusable by script only (`tabindex=-1`), so it is no tab stop.
fn page_heading(root: &JsValue) -> Option<HtmlElement> {
    let query: js_sys::Function = js_sys::Reflect::get(root, &JsValue::from_str("querySelector"))
        .ok()?
        .dyn_into()
        .ok()?;
    let heading: HtmlElement = query
        .call1(root, &JsValue::from_str(".bu-page__title"))
        .ok()?
        .dyn_into()
        .ok()?;
    if !heading.has_attribute("tabindex") {
        let _ = heading.set_attribute("tabindex", "-1");
    }
    Some(heading)
}

fn restore_focus(id: u32, root: Option<JsValue>) {
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
        let target = target
            .and_then(|el| el.dyn_into::<HtmlElement>().ok())
            // What opened the dialog is gone (an upgrade re-drew the plan cards, a pause
            // replaced its button): the page heading, where the page starts again.
            .or_else(|| root.as_ref().and_then(page_heading));
        if let Some(el) = target {
            let _ = el.focus();
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0);
    }
}

/// Makes everything outside the dialog `inert` (not focusable, not clickable, hidden from
/// assistive technology): the siblings of the backdrop and of each of its ancestors, up
/// through the widget's shadow root to the host document's body. Counted per element
/// (`data-bu-inert`), so a dialog replacing another never wakes the background early;
/// elements the host made inert itself are left alone. Returns what it made inert.
fn make_background_inert(backdrop: &Element) -> Vec<Element> {
    let mut touched = Vec::new();
    let mut node: Element = backdrop.clone();
    loop {
        let Some(parent) = node.parent_node() else {
            break;
        };
        let children = parent.child_nodes();
        for i in 0..children.length() {
            let Some(sibling) = children.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            if sibling == node {
                continue;
            }
            let count = sibling
                .get_attribute("data-bu-inert")
                .and_then(|c| c.parse::<u32>().ok());
            match count {
                Some(n) => {
                    let _ = sibling.set_attribute("data-bu-inert", &(n + 1).to_string());
                }
                None if sibling.has_attribute("inert") => continue,
                None => {
                    let _ = sibling.set_attribute("data-bu-inert", "1");
                    let _ = sibling.set_attribute("inert", "");
                }
            }
            touched.push(sibling);
        }
        // Up through a shadow root to its host element; stop at the body.
        let next = match parent.clone().dyn_into::<Element>() {
            Ok(el) => Some(el),
            Err(other) => js_sys::Reflect::get(&other, &JsValue::from_str("host"))
                .ok()
                .and_then(|h| h.dyn_into::<Element>().ok()),
        };
        match next {
            Some(el) if !el.tag_name().eq_ignore_ascii_case("body") => node = el,
            _ => break,
        }
    }
    touched
}

/// Undoes [`make_background_inert`] for what it returned.
fn release_background(touched: &[Element]) {
    for el in touched {
        let count = el
            .get_attribute("data-bu-inert")
            .and_then(|c| c.parse::<u32>().ok())
            .unwrap_or(1);
        if count <= 1 {
            let _ = el.remove_attribute("data-bu-inert");
            let _ = el.remove_attribute("inert");
        } else {
            let _ = el.set_attribute("data-bu-inert", &(count - 1).to_string());
        }
    }
}

/// Watches the dialog's content: when a change leaves focus nowhere (the focused button
/// was disabled for its request or replaced by the next step, a result or an error), focus
/// goes to the new state — its `data-autofocus` element (a message or a control), else its
/// first control. Returns the observer (to disconnect) and its callback (kept alive).
fn guard_focus(dialog: &HtmlElement) -> Option<(JsValue, JsValue)> {
    let watched = dialog.clone();
    let callback = Closure::<dyn FnMut()>::new(move || {
        if watched.is_connected() && focus_lost() {
            focus_initial(&watched);
        }
    })
    .into_js_value();
    let ctor: js_sys::Function =
        js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("MutationObserver"))
            .ok()?
            .dyn_into()
            .ok()?;
    let observer = js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(&callback)).ok()?;
    let options = js_sys::Object::new();
    for key in ["childList", "subtree", "attributes"] {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(key), &JsValue::TRUE);
    }
    let filter = js_sys::Array::of1(&JsValue::from_str("disabled"));
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("attributeFilter"), &filter);
    let observe: js_sys::Function = js_sys::Reflect::get(&observer, &JsValue::from_str("observe"))
        .ok()?
        .dyn_into()
        .ok()?;
    observe.call2(&observer, dialog, &options).ok()?;
    Some((observer, callback))
}

fn disconnect(observer: &JsValue) {
    if let Ok(f) = js_sys::Reflect::get(observer, &JsValue::from_str("disconnect")) {
        if let Ok(f) = f.dyn_into::<js_sys::Function>() {
            let _ = f.call0(observer);
        }
    }
}

/// What an open dialog set up outside itself, undone when it closes.
#[derive(Default)]
struct Mounted {
    inert: Vec<Element>,
    observer: Option<(JsValue, JsValue)>,
    /// The document or shadow root the dialog lives in (for the page heading).
    root: Option<JsValue>,
}

/// A modal dialog of the page: title, close button ("Close", in the page's language) and
/// body. Esc and the close button close the page's open dialog unless `on_close` says
/// otherwise (the cancellation wizard asks first).
#[component]
pub fn Modal(
    /// The dialog's title (its accessible name).
    #[prop(into)]
    title: Signal<String>,
    /// Called when the customer asks to close it (Esc, close button); by default the
    /// page's open dialog closes.
    #[prop(optional, into)]
    on_close: Option<Callback<()>>,
    /// Extra class on the dialog box (e.g. `bu-modal--wide`).
    #[prop(optional, into)]
    class: String,
    /// The dialog's body.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let on_close = on_close.unwrap_or_else(|| {
        let dialogs = Dialogs::use_dialogs();
        Callback::new(move |()| dialogs.close())
    });
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
    let mounted = std::rc::Rc::new(RefCell::new(Mounted::default()));
    let on_close_mounted = send_wrapper::SendWrapper::new(mounted.clone());
    on_cleanup(move || {
        let m = std::mem::take(&mut *on_close_mounted.borrow_mut());
        release_background(&m.inert);
        if let Some((observer, _)) = &m.observer {
            disconnect(observer);
        }
        restore_focus(id, m.root);
    });

    let dialog = NodeRef::<html::Div>::new();
    let backdrop = NodeRef::<html::Div>::new();
    let mounted = send_wrapper::SendWrapper::new(mounted);
    Effect::new(move |_| {
        if let (Some(el), Some(back)) = (dialog.get(), backdrop.get()) {
            let mut m = mounted.borrow_mut();
            if m.root.is_none() {
                m.root = Some(el.get_root_node().into());
                m.inert = make_background_inert(&back);
                m.observer = guard_focus(&el);
            }
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
        <div class="bu-modal__backdrop" node_ref=backdrop>
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
                        aria-label={t_string!(i18n, dialog.close)}
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

/// The row of buttons at the foot of a dialog (or of one of its steps); `split` pushes the
/// first button to the left.
#[component]
pub fn DialogActions(
    /// Extra class (e.g. `bu-wizard__nav`).
    #[prop(optional, into)]
    class: String,
    /// The first button left, the rest right.
    #[prop(optional)]
    split: bool,
    children: Children,
) -> impl IntoView {
    let split = if split {
        " bu-modal__actions--split"
    } else {
        ""
    };
    let class = format!("bu-modal__actions{split} {class}")
        .trim_end()
        .to_string();
    view! { <div class=class>{children()}</div> }
}

/// A failed request said beside what failed it, as the customer reads it (`role="alert"`).
/// `focus`: the message takes focus when it appears (the button that failed is gone or
/// disabled); `inline`: a span inside a line of text (banners).
#[component]
pub fn ErrorText(
    /// The failure.
    error: ApiError,
    #[prop(optional)] focus: bool,
    #[prop(optional)] inline: bool,
    /// Extra class (e.g. `bu-checkout__error`).
    #[prop(optional, into)]
    class: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = format!("bu-field-error {class}").trim_end().to_string();
    let text = move || error_text(i18n, &error);
    let tabindex = focus.then_some("-1");
    let autofocus = focus.then_some("");
    if inline {
        view! { <span class=class role="alert">{text}</span> }.into_any()
    } else {
        view! { <p class=class role="alert" tabindex=tabindex data-autofocus=autofocus>{text}</p> }
            .into_any()
    }
}
