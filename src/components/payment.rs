//! **Edit payment method**: the payment provider's hosted field (the page never sees a
//! card number; here a test token), and the **Cancel my account** entry point.

use leptos::prelude::*;
use pricing::{Action, Status};

use crate::format;
use crate::i18n::{error_text, fill, t_string, use_i18n};
use crate::state::{Billing, Dialog, Dialogs, Submission};

use super::dialog::{DialogActions, Modal};
use super::gate::GatedButton;
use super::overview::card_brand;

/// Replace the card; cancel the account from the bottom-left corner.
#[component]
pub fn PaymentMethodDialog() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let dialogs = Dialogs::use_dialogs();
    let submit = Submission::new();
    let token = RwSignal::new("tok_visa".to_string());
    let saved = RwSignal::new(false);
    let valid = move || {
        let t = token.get();
        let t = t.trim();
        t.starts_with("tok_")
            && t.len() <= 64
            && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let save = move |_| {
        if !valid() {
            return;
        }
        let value = token.get_untracked().trim().to_string();
        saved.set(false);
        submit.run(
            move |client| async move { client.set_payment_method(&value).await },
            move |data, _| {
                billing.set_data(data);
                let _ = saved.try_set(true);
            },
        );
    };
    let current_card = move || {
        billing
            .with_account(|a| a.payment_method.clone())
            .map(|card| {
                let brand = card_brand(&card.brand);
                let last4 = card.last4.clone();
                let expiry = format::card_expiry(card.exp_month, card.exp_year);
                fill(
                    t_string!(i18n, overview.card),
                    &[("brand", &brand), ("last4", &last4), ("expiry", &expiry)],
                )
                .to_string()
            })
    };
    let token_error_id = "bu-payment-token-error";
    view! {
        <Modal
            title=Signal::derive(move || t_string!(i18n, payment.title).to_string())
        >
            <p class="bu-payment__current">
                {move || current_card().unwrap_or_else(|| t_string!(i18n, overview.no_card).to_string())}
            </p>
            <div class="bu-hosted-field">
                <p class="bu-field__hint">{move || t_string!(i18n, payment.hosted_hint)}</p>
                <label for="bu-payment-token" class="bu-field__label">{move || t_string!(i18n, payment.token_label)}</label>
                <input
                    id="bu-payment-token"
                    class="bu-input bu-payment__token"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || token.get()
                    aria-invalid=move || (!valid() || submit.error().is_some_and(|e| e.field() == Some("token"))).to_string()
                    aria-describedby=token_error_id
                    disabled=move || submit.busy()
                    on:input=move |ev| {
                        token.set(event_target_value(&ev));
                        saved.set(false);
                    }
                />
                <p id=token_error_id class="bu-field-error" aria-live="polite">
                    {move || {
                        if !valid() {
                            Some(t_string!(i18n, payment.invalid_token).to_string())
                        } else {
                            submit.error().map(|e| error_text(i18n, &e))
                        }
                    }}
                </p>
                {move || saved.get().then(|| view! { <p class="bu-notice bu-payment__saved" role="status">{t_string!(i18n, payment.saved)}</p> })}
            </div>
            <DialogActions split=true>
                <GatedButton
                    action=Action::Cancel
                    class="bu-link bu-link--danger bu-payment__cancel-account"
                    label=Signal::derive(move || t_string!(i18n, payment.cancel_account).to_string())
                    on_click=move |_| dialogs.open(Dialog::Cancel)
                    disabled=Signal::derive(move || billing.with_account(|a| matches!(a.status, Status::CancellationScheduled { .. } | Status::Cancelled { .. })))
                    explain=true
                />
                <span class="bu-modal__spacer"></span>
                <button type="button" class="bu-button bu-button--secondary" on:click=move |_| dialogs.close()>
                    {move || t_string!(i18n, checkout.close)}
                </button>
                <GatedButton
                    action=Action::ChangePaymentMethod
                    class="bu-button bu-payment__save"
                    label=Signal::derive(move || t_string!(i18n, payment.save).to_string())
                    disabled=Signal::derive(move || !submit.ready() || !valid())
                    on_click=save
                />
            </DialogActions>
        </Modal>
    }
}
