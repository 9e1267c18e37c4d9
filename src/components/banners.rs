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
    let dialogs = Dialogs::use_dialogs();
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
                list.into_iter().map(|banner| match banner {
                    Banner::Resold { reseller } => view! {
                        <div class="bu-banner bu-banner--info bu-banner--resold" role="status">
                            {fill_isolated(t_string!(i18n, banner.resold), ("reseller", &reseller))}
                        </div>
                    }.into_any(),
                    Banner::Trial { days_left, ends_at } => {
                        let date = format::date(l, ends_at);
                        view! {
                            <div class="bu-banner bu-banner--info bu-banner--trial" role="status">
                                {fill(t_string!(i18n, banner.trial), &[("days", &days_left), ("date", &date)])}
                            </div>
                        }.into_any()
                    }
                    Banner::PauseScheduled { at } => {
                        let date = format::date(l, at);
                        view! {
                            <div class="bu-banner bu-banner--info bu-banner--pause-scheduled" role="status">
                                <span>{fill(t_string!(i18n, banner.pause_scheduled), &[("date", &date)])}</span>
                                <BannerButton kind=AccountAction::Resume />
                            </div>
                        }.into_any()
                    }
                    Banner::Paused { since } => {
                        let date = format::date(l, since);
                        view! {
                            <div class="bu-banner bu-banner--warning bu-banner--paused" role="status">
                                <span>{fill(t_string!(i18n, banner.paused), &[("date", &date)])}</span>
                                <BannerButton kind=AccountAction::Resume />
                            </div>
                        }.into_any()
                    }
                    Banner::CancellationScheduled { effective_at } => {
                        let date = format::date(l, effective_at);
                        view! {
                            <div class="bu-banner bu-banner--warning bu-banner--cancellation" role="status">
                                <span>{fill(t_string!(i18n, banner.cancellation_scheduled), &[("date", &date)])}</span>
                                <BannerButton kind=AccountAction::UndoCancellation />
                            </div>
                        }.into_any()
                    }
                    Banner::Cancelled { since } => {
                        let date = format::date(l, since);
                        view! {
                            <div class="bu-banner bu-banner--warning bu-banner--cancelled" role="status">
                                {fill(t_string!(i18n, banner.cancelled), &[("date", &date)])}
                            </div>
                        }.into_any()
                    }
                    Banner::CommitTerm { ends_at, instalments_left } => {
                        let date = format::date(l, ends_at);
                        view! {
                            <div class="bu-banner bu-banner--info bu-banner--commit" role="status">
                                {fill(t_string!(i18n, banner.commit_term), &[("date", &date), ("left", &instalments_left)])}
                            </div>
                        }.into_any()
                    }
                    Banner::CardExpiring { last4, exp_month, exp_year } => {
                        let expiry = format::card_expiry(exp_month, exp_year);
                        view! {
                            <div class="bu-banner bu-banner--warning bu-banner--card-expiring" role="status">
                                <span>{fill(t_string!(i18n, banner.card_expiring), &[("last4", &last4), ("expiry", &expiry)])}</span>
                                <GatedButton
                                    action=Action::ChangePaymentMethod
                                    class="bu-button bu-button--secondary"
                                    label=Signal::derive(move || t_string!(i18n, payment.edit).to_string())
                                    on_click=move |_| dialogs.open(Dialog::PaymentMethod)
                                />
                            </div>
                        }.into_any()
                    }
                    Banner::CardExpired { last4 } => view! {
                        <div class="bu-banner bu-banner--warning bu-banner--card-expired" role="status">
                            <span>{fill(t_string!(i18n, banner.card_expired), &[("last4", &last4)])}</span>
                            <GatedButton
                                action=Action::ChangePaymentMethod
                                class="bu-button bu-button--secondary"
                                label=Signal::derive(move || t_string!(i18n, payment.edit).to_string())
                                on_click=move |_| dialogs.open(Dialog::PaymentMethod)
                            />
                        </div>
                    }.into_any(),
                    Banner::ReadOnly => view! {
                        <div class="bu-banner bu-banner--info bu-banner--read-only" role="status">
                            {t_string!(i18n, banner.read_only)}
                        </div>
                    }.into_any(),
                }).collect_view()
            }}
        </div>
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
            Signal::derive(move || t_string!(i18n, banner.resume).to_string()),
        ),
        AccountAction::UndoCancellation => (
            Action::Cancel,
            Signal::derive(move || t_string!(i18n, banner.undo).to_string()),
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
