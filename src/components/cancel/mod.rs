//! **Cancel my account** (DESIGN §2, seeds 001 and 003): the wizard for the primary admin —
//! survey, offers, keep your data, consent, **Confirm cancellation**, done with Undo — with
//! a step indicator, Back on every step and Stop at any time. Trial accounts are told the
//! trial simply expires; resold accounts are sent to their reseller; annual-commit
//! accounts (pricing: not self-serve) ask Customer Support to close the account instead.

mod confirm;
mod data;
mod offers;
pub mod state;
mod support;
mod survey;

use api_types::SupportRequest;
use leptos::html;
use leptos::prelude::*;
use pricing::{Action, Blocked, Change, NotSelfServe, Status};

use crate::events::HostEvent;
use crate::format;
use crate::i18n::{blocked_text, fill, fill_isolated, lang, t_string, use_i18n, I18n};
use crate::state::{Billing, Clock, Dialog, Dialogs, Submission};

use super::dialog::{DialogActions, Modal};
use confirm::{ConfirmStep, Done, UndoButton};
use data::{ConsentStep, KeepDataStep};
use offers::OffersStep;
pub use state::{Consent, Outcome, Step, Wizard};
use support::CloseThroughSupport;
use survey::SurveyStep;

/// What the dialog shows, decided when it opens (the account changes once the wizard
/// cancels it; the done screen must stay).
#[derive(Clone, Debug, PartialEq)]
enum Entry {
    Wizard,
    /// Customer Support closes the account (annual-commit, seed 001); a cancellation
    /// would take effect at `term_end`.
    ThroughSupport {
        term_end: chrono::DateTime<chrono::Utc>,
    },
    Trial {
        ends_at: chrono::DateTime<chrono::Utc>,
    },
    Resold {
        reseller: String,
    },
    Blocked(Blocked),
    AlreadyScheduled {
        effective_at: chrono::DateTime<chrono::Utc>,
    },
    Closed,
}

fn entry(billing: Billing, clock: Clock) -> Entry {
    let gate = billing.gate(Action::Cancel);
    // Pricing decides who cannot cancel alone (DESIGN §2: annual-commit accounts).
    let through_support = billing
        .preview(&[Change::Cancel], clock)
        .ok()
        .and_then(|q| match q.reason {
            Some(NotSelfServe::AnnualCommitCancellation { term_end }) => Some(term_end),
            _ => None,
        });
    billing.with_account(|a| {
        if let Some(reseller) = &a.reseller {
            return Entry::Resold {
                reseller: reseller.clone(),
            };
        }
        if let Err(blocked) = gate {
            return Entry::Blocked(blocked);
        }
        match a.status {
            Status::Trial { ends_at } => Entry::Trial { ends_at },
            Status::CancellationScheduled { effective_at } => {
                Entry::AlreadyScheduled { effective_at }
            }
            Status::Cancelled { .. } => Entry::Closed,
            Status::Active | Status::PauseScheduled { .. } | Status::Paused { .. } => {
                match through_support {
                    Some(term_end) => Entry::ThroughSupport { term_end },
                    None => Entry::Wizard,
                }
            }
        }
    })
}

/// The instant a cancellation confirmed now would take effect (pricing decides: the
/// period end, or the annual-commit term end), tracked.
pub fn cancellation_date(billing: Billing, clock: Clock) -> Option<chrono::DateTime<chrono::Utc>> {
    billing
        .preview(&[Change::Cancel], clock)
        .ok()
        .and_then(|q| q.effects.first().map(|e| e.effective_at))
}

/// Whether a cancellation confirmed now closes the account at once (pricing decides: a
/// paused account is not billed, so it closes now rather than at the period end), tracked.
pub fn cancels_at_once(billing: Billing, clock: Clock) -> bool {
    billing
        .preview(&[Change::Cancel], clock)
        .ok()
        .and_then(|q| q.effects.first().map(|e| e.effective_at <= q.quoted_at))
        .unwrap_or(false)
}

/// Files `request` with Customer Support (one in flight, its error beside the button);
/// on success the host is told and the wizard ends with `outcome(ticket id)`.
fn file_support_request(
    submit: Submission,
    wizard: Wizard,
    request: SupportRequest,
    outcome: fn(String) -> Outcome,
) {
    submit.run(
        move |client| async move { client.support_request(&request).await },
        move |ticket, events| {
            events.emit(HostEvent::support_requested(&ticket));
            wizard.finish(outcome(ticket.id));
        },
    );
}

/// The dialog **Cancel my account** opens.
#[component]
pub fn CancelDialog() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let clock = Clock::use_clock();
    let dialogs = Dialogs::use_dialogs();
    let opened_as = untrack(|| entry(billing, clock));
    let stop = move || dialogs.close();
    let body = match opened_as {
        Entry::Wizard => view! { <CancelWizard /> }.into_any(),
        Entry::ThroughSupport { term_end } => {
            view! { <CloseThroughSupport term_end=term_end /> }.into_any()
        }
        other => view! { <NoWizard entry=other /> }.into_any(),
    };
    view! {
        <Modal
            title=Signal::stored(t_string!(i18n, cancel.title).to_string())
            on_close=move |_| stop()
            class="bu-modal--wide bu-wizard"
        >
            {body}
        </Modal>
    }
}

/// Why there is no wizard for this account, and the one action that fits.
#[component]
fn NoWizard(entry: Entry) -> impl IntoView {
    let i18n = use_i18n();
    let dialogs = Dialogs::use_dialogs();
    let class = match &entry {
        Entry::Trial { .. } => "bu-wizard__trial",
        Entry::Resold { .. } => "bu-wizard__resold",
        Entry::Blocked(_) => "bu-wizard__blocked",
        Entry::AlreadyScheduled { .. } => "bu-wizard__scheduled",
        Entry::Closed | Entry::Wizard | Entry::ThroughSupport { .. } => "bu-wizard__closed",
    };
    let scheduled = matches!(entry, Entry::AlreadyScheduled { .. });
    let text = move || match &entry {
        Entry::Trial { ends_at } => {
            let date = format::date(lang(i18n), *ends_at);
            fill(t_string!(i18n, wizard.trial), &[("date", &date)]).into_any()
        }
        // The reseller's name comes from the server: isolated, as in the banner.
        Entry::Resold { reseller } => {
            fill_isolated(t_string!(i18n, wizard.resold), ("reseller", reseller))
        }
        Entry::Blocked(b) => blocked_text(i18n, *b).into_any(),
        Entry::AlreadyScheduled { effective_at } => {
            let date = format::date(lang(i18n), *effective_at);
            fill(t_string!(i18n, wizard.already), &[("date", &date)]).into_any()
        }
        Entry::Closed | Entry::Wizard | Entry::ThroughSupport { .. } => {
            t_string!(i18n, blocked.closed).to_string().into_any()
        }
    };
    view! {
        <p class=format!("bu-wizard__text {class}")>{text}</p>
        {scheduled.then(|| view! { <UndoButton /> })}
        <DialogActions>
            <button type="button" class="bu-button bu-wizard__keep" on:click=move |_| dialogs.close()>
                {t_string!(i18n, cancel.keep)}
            </button>
        </DialogActions>
    }
}

/// A step's name, for the indicator and its heading.
pub fn step_name(i18n: I18n, step: Step) -> String {
    match step {
        Step::Survey => t_string!(i18n, wizard.step.survey).to_string(),
        Step::Offers => t_string!(i18n, wizard.step.offers).to_string(),
        Step::KeepData => t_string!(i18n, wizard.step.data).to_string(),
        Step::Consent => t_string!(i18n, wizard.step.consent).to_string(),
        Step::Confirm => t_string!(i18n, wizard.step.confirm).to_string(),
    }
}

/// The five steps with the indicator and the Back / Stop / Continue bar; the done screen
/// once it ended (cancelled, or an offer taken).
#[component]
pub fn CancelWizard() -> impl IntoView {
    let i18n = use_i18n();
    let dialogs = Dialogs::use_dialogs();
    let wizard = Wizard::new();
    let heading = NodeRef::<html::H3>::new();
    // Keyboard and screen-reader users land on the new step's heading when it changes.
    Effect::new(move |previous: Option<Step>| {
        let step = wizard.step();
        if previous.is_some_and(|p| p != step) {
            if let Some(h) = heading.get_untracked() {
                let _ = h.focus();
            }
        }
        step
    });
    let back = move |_| {
        if !wizard.back() {
            // Back from the first step returns to where the wizard was opened.
            dialogs.open(Dialog::PaymentMethod);
        }
    };
    let stop = move |_| dialogs.close();
    let indicator = move || {
        let current = wizard.step();
        Step::ALL
            .into_iter()
            .map(|step| {
                let state = if step == current {
                    "bu-wizard__step bu-wizard__step--current"
                } else if step.number() < current.number() {
                    "bu-wizard__step bu-wizard__step--done"
                } else {
                    "bu-wizard__step"
                };
                view! {
                    <li class=state aria-current=(step == current).then_some("step")>
                        <span class="bu-wizard__step-number">{step.number()}</span>
                        " "
                        <span class="bu-wizard__step-name">{step_name(i18n, step)}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let steps = move || {
        let step = wizard.step();
        let body = match step {
            Step::Survey => view! { <SurveyStep wizard=wizard /> }.into_any(),
            Step::Offers => view! { <OffersStep wizard=wizard /> }.into_any(),
            Step::KeepData => view! { <KeepDataStep /> }.into_any(),
            Step::Consent => view! { <ConsentStep wizard=wizard /> }.into_any(),
            Step::Confirm => view! { <ConfirmStep wizard=wizard /> }.into_any(),
        };
        view! {
            <div class=format!("bu-wizard__body bu-wizard__body--{}", step.slug())>{body}</div>
        }
    };
    let nav = move || {
        let step = wizard.step();
        let last = step == Step::Confirm;
        let continue_label = match step {
            Step::Offers => t_string!(i18n, wizard.continue_cancel).to_string(),
            _ => t_string!(i18n, wizard.next).to_string(),
        };
        view! {
            <DialogActions class="bu-wizard__nav">
                <button type="button" class="bu-button bu-button--secondary bu-wizard__back" on:click=back>
                    {t_string!(i18n, wizard.back)}
                </button>
                <button type="button" class="bu-button bu-button--secondary bu-wizard__stop" on:click=stop>
                    {t_string!(i18n, wizard.stop)}
                </button>
                <span class="bu-modal__spacer"></span>
                {(!last)
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="bu-button bu-wizard__continue"
                                disabled=move || !wizard.can_continue()
                                on:click=move |_| {
                                    wizard.advance();
                                }
                            >
                                {continue_label}
                            </button>
                        }
                    })}
            </DialogActions>
        }
    };
    view! {
        <Show
            when=move || wizard.outcome().is_none()
            fallback=move || view! { <Done wizard=wizard /> }
        >
            <nav class="bu-wizard__steps" aria-label={t_string!(i18n, wizard.steps_label)}>
                <ol class="bu-wizard__step-list">{indicator}</ol>
            </nav>
            <h3 class="bu-wizard__heading" tabindex="-1" node_ref=heading>
                <span class="bu-wizard__progress">
                    {move || {
                        let n = wizard.step().number();
                        let total = Step::ALL.len();
                        fill(t_string!(i18n, wizard.step_of), &[("n", &n), ("total", &total)])
                    }}
                </span>
                " "
                <span class="bu-wizard__title">{move || step_name(i18n, wizard.step())}</span>
            </h3>
            {steps}
            {nav}
        </Show>
    }
}
