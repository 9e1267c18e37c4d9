//! Buttons that respect who may do what (DESIGN §1): disabled, with the reason, when the
//! viewer's role or the account's state does not allow the action.

use leptos::prelude::*;
use pricing::Action;

use crate::i18n::{blocked_text, use_i18n};
use crate::state::Billing;

/// A button for `action`: enabled only when the viewer may do it now; otherwise disabled
/// and titled with who can (the API checks again: this is a courtesy).
#[component]
pub fn GatedButton(
    /// The permission the button needs.
    action: Action,
    /// The button's label.
    #[prop(into)]
    label: Signal<String>,
    /// What a click does.
    #[prop(into)]
    on_click: Callback<()>,
    /// CSS classes (default `bu-button`).
    #[prop(optional, into)]
    class: Option<String>,
    /// Also disabled when this is true (e.g. offline, request in flight).
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// Shows the reason next to the button when it is blocked.
    #[prop(optional)]
    explain: bool,
    /// Accessible label when the visible one is not enough ("Edit contacts").
    #[prop(optional, into)]
    aria_label: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let blocked = Memo::new(move |_| billing.gate(action).err());
    let reason = move || blocked.get().map(|b| blocked_text(i18n, b));
    let class = class.unwrap_or_else(|| "bu-button".into());
    view! {
        <button
            type="button"
            class=class
            disabled=move || blocked.get().is_some() || disabled.get()
            title=reason
            aria-label=move || aria_label.map(|l| l.get())
            on:click=move |_| {
                if blocked.get_untracked().is_none() && !disabled.get_untracked() {
                    on_click.run(())
                }
            }
        >
            {move || label.get()}
        </button>
        {move || {
            explain
                .then(reason)
                .flatten()
                .map(|text| view! { <span class="bu-gate-note">{text}</span> })
        }}
    }
}
