//! Status banners above the overview: trial, pause, cancellation, resold, expiring card,
//! annual-commit term, read-only viewer, offline.

use leptos::prelude::*;
use pricing::{banners, Action, Banner};

use crate::format;
use crate::i18n::{fill, fill_isolated, lang, t_string, use_i18n};
use crate::state::{AccountAction, Billing, Clock, Dialog, Dialogs, Online, Submission};

use super::dialog::ErrorText;
use super::gate::GatedButton;

/// Every banner that applies to the account now.
#[component]
pub fn Banners() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let clock = Clock::use_clock();
    let online = Online::use_online();
    view! {
        <div class="bu-banners">
            {move || {
                (!online.get())
                    .then(|| {
                        view! {
                            <div class="bu-banner bu-banner--warning bu-banner--offline" role="status">
                                {t_string!(i18n, banner.offline)}
                            </div>
                        }
                    })
            }}
            {move || {
                let l = lang(i18n);
                let now = clock.now();
                let role = billing.role();
                let list = billing.with_account(|a| banners(a, role, now));
                list.into_iter().map(|banner| {
                    let text = |key: &'static str, values: &[(&str, &dyn std::fmt::Display)]| {
                        fill(key, values).into_any()
                    };
                    match banner {
                        Banner::Resold { reseller } => banner_box(
                            "info",
                            "resold",
                            fill_isolated(t_string!(i18n, banner.resold), ("reseller", &reseller)),
                            None,
                        ),
                        Banner::Trial { days_left, ends_at } => banner_box(
                            "info",
                            "trial",
                            text(
                                t_string!(i18n, banner.trial),
                                &[("days", &days_left), ("date", &format::date(l, ends_at))],
                            ),
                            None,
                        ),
                        Banner::PauseScheduled { at } => banner_box(
                            "info",
                            "pause-scheduled",
                            text(t_string!(i18n, banner.pause_scheduled), &[("date", &format::date(l, at))]),
                            Some(BannerAct::Account(AccountAction::Resume)),
                        ),
                        Banner::Paused { since } => banner_box(
                            "warning",
                            "paused",
                            text(t_string!(i18n, banner.paused), &[("date", &format::date(l, since))]),
                            Some(BannerAct::Account(AccountAction::Resume)),
                        ),
                        Banner::CancellationScheduled { effective_at } => banner_box(
                            "warning",
                            "cancellation",
                            text(
                                t_string!(i18n, banner.cancellation_scheduled),
                                &[("date", &format::date(l, effective_at))],
                            ),
                            Some(BannerAct::Account(AccountAction::UndoCancellation)),
                        ),
                        Banner::Cancelled { since } => banner_box(
                            "warning",
                            "cancelled",
                            text(t_string!(i18n, banner.cancelled), &[("date", &format::date(l, since))]),
                            None,
                        ),
                        Banner::CommitTerm { ends_at, instalments_left } => banner_box(
                            "info",
                            "commit",
                            text(
                                t_string!(i18n, banner.commit_term),
                                &[("date", &format::date(l, ends_at)), ("left", &instalments_left)],
                            ),
                            None,
                        ),
                        Banner::CardExpiring { last4, exp_month, exp_year } => banner_box(
                            "warning",
                            "card-expiring",
                            text(
                                t_string!(i18n, banner.card_expiring),
                                &[("last4", &last4), ("expiry", &format::card_expiry(exp_month, exp_year))],
                            ),
                            Some(BannerAct::EditCard),
                        ),
                        Banner::CardExpired { last4 } => banner_box(
                            "warning",
                            "card-expired",
                            text(t_string!(i18n, banner.card_expired), &[("last4", &last4)]),
                            Some(BannerAct::EditCard),
                        ),
                        Banner::ReadOnly => banner_box(
                            "info",
                            "read-only",
                            t_string!(i18n, banner.read_only).into_any(),
                            None,
                        ),
                    }
                }).collect_view()
            }}
        </div>
    }
}

/// What a banner's button does.
#[derive(Clone, Copy)]
enum BannerAct {
    /// Resume or Undo (a request of its own).
    Account(AccountAction),
    /// Opens the card dialog.
    EditCard,
}

/// One banner, `bu-banner--<tone>` (`info`, `warning`) and `bu-banner--<name>`; with a
/// button, the text sits in a span beside it.
fn banner_box(
    tone: &'static str,
    name: &'static str,
    text: AnyView,
    act: Option<BannerAct>,
) -> AnyView {
    let class = format!("bu-banner bu-banner--{tone} bu-banner--{name}");
    match act {
        None => view! { <div class=class role="status">{text}</div> }.into_any(),
        Some(act) => view! {
            <div class=class role="status">
                <span>{text}</span>
                {match act {
                    BannerAct::Account(kind) => view! { <BannerButton kind=kind /> }.into_any(),
                    BannerAct::EditCard => view! { <EditCardButton /> }.into_any(),
                }}
            </div>
        }
        .into_any(),
    }
}

/// "Edit payment method": opens the card dialog.
#[component]
fn EditCardButton() -> impl IntoView {
    let i18n = use_i18n();
    let dialogs = Dialogs::use_dialogs();
    view! {
        <GatedButton
            action=Action::ChangePaymentMethod
            class="bu-button bu-button--secondary"
            label=Signal::stored(t_string!(i18n, payment.edit).to_string())
            on_click=move |_| dialogs.open(Dialog::PaymentMethod)
        />
    }
}

/// Resume or Undo, with its own in-flight state and error beside it.
#[component]
fn BannerButton(kind: AccountAction) -> impl IntoView {
    let i18n = use_i18n();
    let submit = Submission::new();
    let (action, label) = match kind {
        AccountAction::Resume => (
            Action::Pause,
            Signal::stored(t_string!(i18n, banner.resume).to_string()),
        ),
        AccountAction::UndoCancellation => (
            Action::Cancel,
            Signal::stored(t_string!(i18n, banner.undo).to_string()),
        ),
    };
    view! {
        <GatedButton
            action=action
            class="bu-button bu-button--secondary bu-banner__action"
            label=label
            disabled=Signal::derive(move || !submit.ready())
            on_click=move |_| submit.account_action(kind, || {})
            explain=true
        />
        {move || {
            submit
                .error()
                .map(|e| view! { <ErrorText error=e inline=true /> })
        }}
    }
}
