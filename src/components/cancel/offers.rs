//! Step 2, "Before you go": the offers that fit the account. First a way to talk to us
//! (seed 001: the free 1:1 session with the success team on plans that offer it, else a
//! support request), then pause billing (monthly payers) and the cheaper customised plan
//! where the catalog has one. Taking an offer ends the wizard with that outcome.

use api_types::{SupportRequest, SupportTopic};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use pricing::Money;

use crate::api::ApiError;
use crate::format;
use crate::i18n::{fill, lang, plan_name, t_string, use_i18n};
use crate::state::{Billing, Clock, Submission};

use super::super::dialog::{DialogActions, ErrorText};
use super::super::pause::{pause_state, PauseConfirm, PauseState};
use super::file_support_request;
use super::state::{Outcome, Wizard};

/// The offers.
#[component]
pub fn OffersStep(wizard: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let clock = Clock::use_clock();
    // Pricing decides who may pause (DESIGN §2: monthly payers only).
    // Which offers fit is decided when the step opens (taking one ends the wizard).
    let can_pause = untrack(|| matches!(pause_state(billing, clock), PauseState::Offer { .. }));
    // The catalog decides which plans are offered the session (DESIGN §2).
    let session =
        untrack(|| billing.with_catalog(|c| c.offers_session(billing.with_account(|a| a.plan))));
    let offer =
        untrack(|| billing.with_catalog(|c| billing.with_account(|a| c.retention_offer_for(a))));
    view! {
        <p class="bu-wizard__intro">{t_string!(i18n, wizard.offers.intro)}</p>
        <div class="bu-wizard__offers">
            {if session {
                view! { <SessionOffer wizard=wizard /> }.into_any()
            } else {
                view! { <SupportOffer wizard=wizard /> }.into_any()
            }}
            {can_pause
                .then(|| {
                    view! {
                        <section class="bu-offer bu-offer--pause" aria-labelledby="bu-offer-pause">
                            <h4 id="bu-offer-pause" class="bu-offer__title">{t_string!(i18n, wizard.offers.pause_title)}</h4>
                            <PauseConfirm on_paused=move |at| wizard.finish(Outcome::PauseScheduled { at }) />
                        </section>
                    }
                })}
            {offer.map(|offer| view! { <PlanOffer wizard=wizard offer=offer /> })}
        </div>
    }
}

/// Longest message the API accepts.
const MAX_MESSAGE: usize = 2000;

/// Talk to us: a message to Customer Support, filed as a support request (topic `other`,
/// whose message the API requires).
#[component]
fn SupportOffer(wizard: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let submit = Submission::new();
    let message = RwSignal::new(String::new());
    let empty = move || message.with(|m| m.trim().is_empty());
    let send = move |_| {
        let text = message.get_untracked().trim().to_string();
        if text.is_empty() {
            return;
        }
        let request = SupportRequest {
            topic: SupportTopic::Other,
            survey: None,
            changes: Vec::new(),
            message: text,
        };
        file_support_request(submit, wizard, request, |ticket| {
            Outcome::SupportRequested { ticket }
        });
    };
    view! {
        <section class="bu-offer bu-offer--support" aria-labelledby="bu-offer-support">
            <h4 id="bu-offer-support" class="bu-offer__title">{t_string!(i18n, wizard.offers.support_title)}</h4>
            <p class="bu-offer__text">{t_string!(i18n, wizard.offers.support_text)}</p>
            <div class="bu-field">
                <label for="bu-offer-message" class="bu-field__label">{t_string!(i18n, wizard.offers.support_message)}</label>
                <textarea
                    id="bu-offer-message"
                    class="bu-input bu-offer__message"
                    rows="3"
                    maxlength=MAX_MESSAGE.to_string()
                    aria-describedby="bu-offer-message-hint"
                    prop:value=move || message.get()
                    disabled=move || submit.busy()
                    on:input=move |ev| message.set(event_target_value(&ev))
                ></textarea>
                <p id="bu-offer-message-hint" class="bu-field__hint" aria-live="polite">
                    {move || empty().then(|| t_string!(i18n, wizard.offers.support_hint).to_string())}
                </p>
            </div>
            <DialogActions>
                <button
                    type="button"
                    class="bu-button bu-button--secondary bu-offer__send"
                    disabled=move || !submit.ready() || empty()
                    on:click=send
                >
                    {t_string!(i18n, wizard.offers.support_send)}
                </button>
            </DialogActions>
            {move || {
                submit
                    .error()
                    .map(|e| view! { <ErrorText error=e /> })
            }}
        </section>
    }
}

/// A free 1:1 session: the slots from the API, one picked, booked.
#[component]
fn SessionOffer(wizard: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let submit = Submission::new();
    let slots = RwSignal::new(None::<(Vec<DateTime<Utc>>, u32)>);
    let picked = RwSignal::new(None::<DateTime<Utc>>);
    let note = RwSignal::new(String::new());
    let load = move |_| {
        submit.run(
            |client| async move { client.success_slots().await },
            move |answer, _| {
                let _ = slots.try_set(Some((answer.slots, answer.duration_minutes)));
            },
        );
    };
    let book = move |_| {
        let Some(slot) = picked.get_untracked() else {
            return;
        };
        let text = note.get_untracked().trim().to_string();
        submit.run(
            move |client| async move {
                let booked = client.book_success_session(slot, &text).await;
                // A slot taken meanwhile: offer the fresh list (the error still shows).
                if booked.as_ref().err().and_then(ApiError::field) == Some("slot") {
                    if let Ok(answer) = client.success_slots().await {
                        let _ = slots.try_set(Some((answer.slots, answer.duration_minutes)));
                        let _ = picked.try_set(None);
                    }
                }
                booked
            },
            move |booking, _| wizard.finish(Outcome::SessionBooked { slot: booking.slot }),
        );
    };
    let picker = move || {
        slots.get().map(|(list, minutes)| {
            if list.is_empty() {
                return view! { <p class="bu-field__hint">{t_string!(i18n, wizard.offers.no_slots)}</p> }
                    .into_any();
            }
            let l = lang(i18n);
            let options = list
                .into_iter()
                .enumerate()
                .map(|(i, slot)| {
                    let id = format!("bu-slot-{i}");
                    view! {
                        <div class="bu-choice">
                            <input
                                type="radio"
                                id=id.clone()
                                class="bu-offer__slot"
                                name="bu-slot"
                                prop:checked=move || picked.get() == Some(slot)
                                on:change=move |_| picked.set(Some(slot))
                            />
                            <label for=id>{format::date_time(l, slot)}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="bu-offer__slots">
                    <legend class="bu-field__label">
                        {fill(t_string!(i18n, wizard.offers.slots_legend), &[("minutes", &minutes)])}
                    </legend>
                    {options}
                </fieldset>
                <div class="bu-field">
                    <label for="bu-slot-note" class="bu-field__label">{t_string!(i18n, wizard.offers.note)}</label>
                    <textarea
                        id="bu-slot-note"
                        class="bu-input"
                        rows="2"
                        maxlength="2000"
                        prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))
                    ></textarea>
                </div>
                <DialogActions>
                    <button
                        type="button"
                        class="bu-button bu-offer__book"
                        disabled=move || !submit.ready() || picked.get().is_none()
                        on:click=book
                    >
                        {t_string!(i18n, wizard.offers.book)}
                    </button>
                </DialogActions>
            }
            .into_any()
        })
    };
    view! {
        <section class="bu-offer bu-offer--session" aria-labelledby="bu-offer-session">
            <h4 id="bu-offer-session" class="bu-offer__title">{t_string!(i18n, wizard.offers.session_title)}</h4>
            <p class="bu-offer__text">{t_string!(i18n, wizard.offers.session_text)}</p>
            <Show when=move || slots.get().is_none()>
                <button
                    type="button"
                    class="bu-button bu-button--secondary bu-offer__times"
                    disabled=move || !submit.ready()
                    on:click=load
                >
                    {t_string!(i18n, wizard.offers.show_slots)}
                </button>
            </Show>
            {picker}
            {move || {
                submit
                    .error()
                    .map(|e| view! { <ErrorText error=e /> })
            }}
        </section>
    }
}

/// The cheaper customised plan: a downgrade, so taking it files a support request.
#[component]
fn PlanOffer(wizard: Wizard, offer: pricing::RetentionOffer) -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let submit = Submission::new();
    let currency = billing.with_catalog(|c| c.currency);
    let text = move || {
        let l = lang(i18n);
        let name = plan_name(offer.plan);
        let contacts = format::number(l, u64::from(offer.contacts));
        let price = format::money(l, Money::round(offer.monthly_price, currency));
        fill(
            t_string!(i18n, wizard.offers.plan_text),
            &[("plan", &name), ("contacts", &contacts), ("price", &price)],
        )
    };
    let ask = move |_| {
        let request = SupportRequest {
            topic: SupportTopic::RetentionOffer,
            survey: None,
            changes: offer.changes(),
            message: String::new(),
        };
        file_support_request(submit, wizard, request, |ticket| Outcome::OfferRequested {
            ticket,
        });
    };
    view! {
        <section class="bu-offer bu-offer--plan" aria-labelledby="bu-offer-plan">
            <h4 id="bu-offer-plan" class="bu-offer__title">{t_string!(i18n, wizard.offers.plan_title)}</h4>
            <p class="bu-offer__text">{text}</p>
            <button
                type="button"
                class="bu-button bu-button--secondary bu-offer__ask"
                disabled=move || !submit.ready()
                on:click=ask
            >
                {t_string!(i18n, wizard.offers.plan_button)}
            </button>
            {move || {
                submit
                    .error()
                    .map(|e| view! { <ErrorText error=e /> })
            }}
        </section>
    }
}
