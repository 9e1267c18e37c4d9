//! **Edit payment method**: the card on file (with its "expires soon" or "expired" note),
//! the payment provider's card fields (the page never sees a card number), and the
//! **Cancel my account** entry point.

use leptos::prelude::*;
use pricing::{Action, Status};

use crate::i18n::{t_string, use_i18n};
use crate::state::{Api, Billing, Clock, Dialog, Dialogs};

use super::card::{card_text, standing_text, CardEntry, CardFields};
use super::dialog::{DialogActions, Modal};
use super::gate::GatedButton;

/// Add or replace the card; cancel the account from the bottom-left corner.
#[component]
pub fn PaymentMethodDialog() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let clock = Clock::use_clock();
    let dialogs = Dialogs::use_dialogs();
    let client = use_context::<Api>().map(|a| a.0);
    let entry = CardEntry::new();
    let saved = RwSignal::new(false);
    let save = move |_| {
        let Some(client) = client.clone() else { return };
        saved.set(false);
        entry.save(client, move |data| {
            billing.set_data(data);
            saved.try_set(true);
        });
    };
    let current = move || {
        billing
            .with_account(|a| a.payment_method.clone())
            .map(|card| {
                let note = standing_text(i18n, card.standing(clock.now()));
                (card_text(i18n, &card), note)
            })
    };
    view! {
        <Modal
            title=Signal::stored(t_string!(i18n, payment.title).to_string())
        >
            {move || match current() {
                Some((text, note)) => view! {
                    <p class="bu-payment__current">{text}</p>
                    {note.map(|n| view! { <p class="bu-notice bu-payment__standing" role="status">{n}</p> })}
                }.into_any(),
                None => view! {
                    <p class="bu-payment__current">{t_string!(i18n, overview.no_card)}</p>
                }.into_any(),
            }}
            <p class="bu-field__hint">{t_string!(i18n, payment.hosted_hint)}</p>
            <CardFields entry=entry />
            {move || saved.get().then(|| view! { <p class="bu-notice bu-payment__saved" role="status">{t_string!(i18n, payment.saved)}</p> })}
            <DialogActions split=true>
                <GatedButton
                    action=Action::Cancel
                    class="bu-link bu-link--danger bu-payment__cancel-account"
                    label=Signal::stored(t_string!(i18n, payment.cancel_account).to_string())
                    on_click=move |_| dialogs.open(Dialog::Cancel)
                    disabled=Signal::derive(move || billing.with_account(|a| matches!(a.status, Status::CancellationScheduled { .. } | Status::Cancelled { .. })))
                    explain=true
                />
                <span class="bu-modal__spacer"></span>
                <button type="button" class="bu-button bu-button--secondary" on:click=move |_| dialogs.close()>
                    {t_string!(i18n, checkout.close)}
                </button>
                <GatedButton
                    action=Action::ChangePaymentMethod
                    class="bu-button bu-payment__save"
                    label=Signal::derive(move || {
                        if entry.saving() {
                            t_string!(i18n, payment.saving).to_string()
                        } else {
                            t_string!(i18n, payment.save).to_string()
                        }
                    })
                    disabled=Signal::derive(move || !entry.ready())
                    on_click=save
                />
            </DialogActions>
        </Modal>
    }
}
