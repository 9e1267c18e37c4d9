//! **Pause billing** (DESIGN §2, monthly payers only): offered in the overview and in the
//! cancellation wizard; takes effect at the next period start, with the date; **Resume**
//! any time (the status banner carries it). Pricing decides who may pause and when.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use pricing::{Action, Change, NotSelfServe, PricingError, Status};

use crate::events::HostEvent;
use crate::format;
use crate::i18n::{fill, lang, not_self_serve_text, t_string, use_i18n};
use crate::state::{Billing, Clock, Dialog, Dialogs, Submission};

use super::dialog::{DialogActions, ErrorText, Modal};
use super::gate::GatedButton;

/// Where pausing stands for the account now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PauseState {
    /// May pause; billing would stop at `at` (the next period start).
    Offer { at: DateTime<Utc> },
    /// A pause is scheduled for `at`.
    Scheduled { at: DateTime<Utc> },
    /// Paused since `since`.
    Paused { since: DateTime<Utc> },
    /// Not offered to this account, and why (annual, annual-commit, trial, resold, role).
    NotOffered(NotSelfServe),
    /// Not possible in the account's state (cancellation scheduled, closed).
    Unavailable,
}

/// What pricing says about pausing this account now (tracked).
pub fn pause_state(billing: Billing, clock: Clock) -> PauseState {
    match billing.preview(&[Change::Pause], clock) {
        Ok(quote) => match quote.reason {
            None => quote
                .effects
                .first()
                .map_or(PauseState::Unavailable, |e| PauseState::Offer {
                    at: e.effective_at,
                }),
            Some(reason) => PauseState::NotOffered(reason),
        },
        Err(PricingError::InvalidState { .. }) | Err(_) => {
            billing.with_account(|a| match a.status {
                Status::PauseScheduled { at } => PauseState::Scheduled { at },
                Status::Paused { since } => PauseState::Paused { since },
                _ => PauseState::Unavailable,
            })
        }
    }
}

/// The overview's **Pause billing** section.
#[component]
pub fn PauseSection() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let clock = Clock::use_clock();
    let dialogs = use_context::<Dialogs>();
    let state = Memo::new(move |_| pause_state(billing, clock));
    let button = move || {
        view! {
            <GatedButton
                action=Action::Pause
                class="bu-button bu-button--secondary bu-pause__open"
                label=Signal::stored(t_string!(i18n, pause.button).to_string())
                disabled=Signal::derive(move || dialogs.is_none())
                on_click=move |_| {
                    if let Some(d) = dialogs {
                        d.open(Dialog::Pause)
                    }
                }
                explain=true
            />
        }
    };
    let body = move || {
        let l = lang(i18n);
        match state.get() {
            PauseState::Offer { at } => {
                let date = format::date(l, at);
                view! {
                    <p class="bu-pause__text">{fill(t_string!(i18n, pause.offer), &[("date", &date)])}</p>
                    {button()}
                }
                .into_any()
            }
            PauseState::Scheduled { at } => {
                let date = format::date(l, at);
                view! { <p class="bu-pause__text bu-pause__scheduled">{fill(t_string!(i18n, pause.scheduled), &[("date", &date)])}</p> }
                    .into_any()
            }
            PauseState::Paused { since } => {
                let date = format::date(l, since);
                view! { <p class="bu-pause__text bu-pause__paused">{fill(t_string!(i18n, pause.paused), &[("date", &date)])}</p> }
                    .into_any()
            }
            // The role is the reason: the disabled button says who can.
            PauseState::NotOffered(NotSelfServe::NotPermitted) => button().into_any(),
            PauseState::NotOffered(reason) => view! {
                <p class="bu-pause__text bu-pause__not-offered">
                    {t_string!(i18n, pause.not_offered)} " " {not_self_serve_text(i18n, &reason)}
                </p>
            }
            .into_any(),
            PauseState::Unavailable => {
                view! { <p class="bu-pause__text bu-pause__unavailable">{t_string!(i18n, pause.unavailable)}</p> }
                    .into_any()
            }
        }
    };
    view! {
        <section class="bu-card bu-pause" aria-labelledby="bu-pause-title">
            <h2 id="bu-pause-title" class="bu-section-title">{t_string!(i18n, pause.title)}</h2>
            {body}
        </section>
    }
}

/// The pause explained with its date, and the button that pauses. Used by the dialog
/// and by the wizard's "Before you go" offer.
#[component]
pub fn PauseConfirm(
    /// Called with the pause date once the API scheduled it.
    #[prop(into)]
    on_paused: Callback<DateTime<Utc>>,
    /// A second button that backs out (the dialog's "Keep billing"), if any.
    #[prop(optional, into)]
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let clock = Clock::use_clock();
    let submit = Submission::new();
    let state = Memo::new(move |_| pause_state(billing, clock));
    let pause = move |_| {
        if !matches!(state.get_untracked(), PauseState::Offer { .. }) {
            return;
        }
        submit.run_checked(
            |client| async move { client.pause().await },
            // A lost answer: the account says whether the pause was scheduled.
            |data| {
                matches!(
                    data.account.status,
                    Status::PauseScheduled { .. } | Status::Paused { .. }
                )
                .then(|| data.clone())
            },
            move |data, events| {
                let at = match data.account.status {
                    Status::PauseScheduled { at } => Some(at),
                    Status::Paused { since } => Some(since),
                    _ => None,
                };
                billing.set_data(data);
                if let Some(at) = at {
                    events.emit(HostEvent::Paused { at });
                    on_paused.run(at);
                }
            },
        );
    };
    let text = move || match state.get() {
        PauseState::Offer { at } => {
            let date = format::date(lang(i18n), at);
            fill(t_string!(i18n, pause.confirm_text), &[("date", &date)])
        }
        PauseState::NotOffered(reason) => not_self_serve_text(i18n, &reason),
        _ => t_string!(i18n, pause.unavailable).to_string(),
    };
    view! {
        <div class="bu-pause-confirm">
            <p class="bu-pause-confirm__text">{text}</p>
            {move || {
                submit
                    .error()
                    .map(|e| view! { <ErrorText error=e focus=true /> })
            }}
            <DialogActions>
                {on_cancel
                    .map(|cancel| {
                        view! {
                            <button
                                type="button"
                                class="bu-button bu-button--secondary"
                                on:click=move |_| cancel.run(())
                            >
                                {t_string!(i18n, pause.keep)}
                            </button>
                        }
                    })}
                <GatedButton
                    action=Action::Pause
                    class="bu-button bu-pause-confirm__button"
                    label=Signal::stored(t_string!(i18n, pause.button).to_string())
                    disabled=Signal::derive(move || {
                        !submit.ready() || !matches!(state.get(), PauseState::Offer { .. })
                    })
                    on_click=pause
                />
            </DialogActions>
            {move || submit.busy().then(|| view! { <p class="bu-checkout__busy" role="status" tabindex="-1" data-autofocus="">{t_string!(i18n, pause.pausing)}</p> })}
        </div>
    }
}

/// **Pause billing** from the overview: the date it takes effect, then done.
#[component]
pub fn PauseDialog() -> impl IntoView {
    let i18n = use_i18n();
    let dialogs = Dialogs::use_dialogs();
    let done = RwSignal::new(None::<DateTime<Utc>>);
    view! {
        <Modal
            title=Signal::stored(t_string!(i18n, pause.title).to_string())
        >
            {move || match done.get() {
                None => view! {
                    <PauseConfirm
                        on_paused=move |at| done.set(Some(at))
                        on_cancel=move |_| dialogs.close()
                    />
                }
                .into_any(),
                Some(at) => {
                    let date = format::date(lang(i18n), at);
                    view! {
                        <p class="bu-notice bu-pause__done" role="status" tabindex="-1" data-autofocus="">
                            {fill(t_string!(i18n, pause.done), &[("date", &date)])}
                        </p>
                        <DialogActions>
                            <button type="button" class="bu-button bu-pause__close" on:click=move |_| dialogs.close()>
                                {t_string!(i18n, checkout.close)}
                            </button>
                        </DialogActions>
                    }
                    .into_any()
                }
            }}
        </Modal>
    }
}
