//! Step 5, **Confirm cancellation**, and the done screen: the effective date and Undo (or
//! the offer the customer took instead).

use api_types::CancellationResponse;
use leptos::prelude::*;
use pricing::Status;

use crate::events::HostEvent;
use crate::format;
use crate::i18n::{fill, lang, t_string, use_i18n};
use crate::state::{AccountAction, Billing, Clock, Dialogs, Submission};

use super::super::dialog::{DialogActions, ErrorText};
use super::state::{Outcome, Wizard};
use super::{cancellation_date, cancels_at_once};

/// The last word before cancelling.
#[component]
pub fn ConfirmStep(wizard: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let clock = Clock::use_clock();
    let submit = Submission::new();
    let text = move || {
        let date = cancellation_date(billing, clock).map(|at| format::date(lang(i18n), at))?;
        Some(if cancels_at_once(billing, clock) {
            fill(t_string!(i18n, wizard.confirm.text_now), &[("date", &date)])
        } else {
            fill(t_string!(i18n, wizard.confirm.text), &[("date", &date)])
        })
    };
    let confirm = move |_| {
        let Some(request) = wizard.request() else {
            return;
        };
        submit.run_checked(
            move |client| async move { client.cancel(&request).await },
            // A lost answer: the account says whether the cancellation was scheduled.
            |data| match data.account.status {
                Status::CancellationScheduled { effective_at } => Some(CancellationResponse {
                    effective_at,
                    undo_until: effective_at,
                    account: data.clone(),
                }),
                _ => None,
            },
            move |answer, events| {
                billing.set_data(answer.account);
                events.emit(HostEvent::CancellationScheduled {
                    effective_at: answer.effective_at,
                });
                wizard.finish(Outcome::Cancelled {
                    effective_at: answer.effective_at,
                });
            },
        );
    };
    view! {
        <p class="bu-wizard__confirm-text">{text}</p>
        {move || {
            submit
                .error()
                .map(|e| view! { <ErrorText error=e class="bu-wizard__error" /> })
        }}
        <DialogActions>
            <button
                type="button"
                class="bu-button bu-button--danger bu-wizard__confirm"
                disabled=move || !submit.ready()
                aria-busy=move || submit.busy().to_string()
                on:click=confirm
            >
                {t_string!(i18n, wizard.confirm.button)}
            </button>
        </DialogActions>
        {move || submit.busy().then(|| view! { <p class="bu-checkout__busy" role="status">{t_string!(i18n, wizard.confirm.sending)}</p> })}
    }
}

/// How the wizard ended, with Undo after a cancellation.
#[component]
pub fn Done(wizard: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let dialogs = Dialogs::use_dialogs();
    let billing = Billing::use_billing();
    // A paused account closes at once: nothing is scheduled, so there is nothing to undo.
    let closed =
        move || billing.with_account(|a| matches!(a.status, pricing::Status::Cancelled { .. }));
    let text = move || {
        let l = lang(i18n);
        match wizard.outcome()? {
            Outcome::Cancelled { effective_at } => {
                let date = format::date(l, effective_at);
                let text = if closed() {
                    t_string!(i18n, wizard.done.closed)
                } else {
                    t_string!(i18n, wizard.done.cancelled)
                };
                Some(fill(text, &[("date", &date)]))
            }
            Outcome::PauseScheduled { at } => {
                let date = format::date(l, at);
                Some(fill(
                    t_string!(i18n, wizard.done.paused),
                    &[("date", &date)],
                ))
            }
            Outcome::SessionBooked { slot } => {
                let when = format::date_time(l, slot);
                Some(fill(
                    t_string!(i18n, wizard.done.booked),
                    &[("when", &when)],
                ))
            }
            Outcome::OfferRequested { ticket } => Some(fill(
                t_string!(i18n, wizard.done.requested),
                &[("ticket", &ticket)],
            )),
            Outcome::SupportRequested { ticket } => Some(fill(
                t_string!(i18n, wizard.done.support),
                &[("ticket", &ticket)],
            )),
            Outcome::ClosureRequested { ticket } => Some(fill(
                t_string!(i18n, wizard.done.closure),
                &[("ticket", &ticket)],
            )),
        }
    };
    let cancelled =
        move || matches!(wizard.outcome(), Some(Outcome::Cancelled { .. })) && !closed();
    view! {
        <div class="bu-wizard__done" role="status">
            <p class="bu-wizard__done-text">{text}</p>
        </div>
        <Show when=cancelled>
            <UndoButton />
        </Show>
        <DialogActions>
            <button type="button" class="bu-button bu-wizard__close" data-autofocus="" on:click=move |_| dialogs.close()>
                {t_string!(i18n, checkout.close)}
            </button>
        </DialogActions>
    }
}

/// Undo a scheduled cancellation, with its own in-flight state, error and result.
#[component]
pub fn UndoButton() -> impl IntoView {
    let i18n = use_i18n();
    let submit = Submission::new();
    let undone = RwSignal::new(false);
    let undo = move |_| {
        if undone.get_untracked() {
            return;
        }
        submit.account_action(AccountAction::UndoCancellation, move || {
            let _ = undone.try_set(true);
        });
    };
    view! {
        <div class="bu-wizard__undo">
            <Show
                when=move || undone.get()
                fallback=move || {
                    view! {
                        <p class="bu-field__hint">{t_string!(i18n, wizard.done.undo_hint)}</p>
                        <button
                            type="button"
                            class="bu-button bu-button--secondary bu-wizard__undo-button"
                            disabled=move || !submit.ready()
                            on:click=undo
                        >
                            {t_string!(i18n, wizard.done.undo)}
                        </button>
                    }
                }
            >
                <p class="bu-notice bu-wizard__undone" role="status">{t_string!(i18n, wizard.done.undone)}</p>
            </Show>
            {move || {
                submit
                    .error()
                    .map(|e| view! { <ErrorText error=e /> })
            }}
        </div>
    }
}
