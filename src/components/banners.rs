//! Status banners above the overview: trial, pause, cancellation, resold, expiring card,
//! annual-commit term, read-only viewer, offline.

use api_types::AccountResponse;
use leptos::prelude::*;
use pricing::{Action, Role, Status};

use crate::events::HostEvent;
use crate::format;
use crate::i18n::{error_text, fill, fill_isolated, lang, t_string, use_i18n};
use crate::state::{Billing, Clock, Dialog, Dialogs, Online, Submission};

use super::gate::GatedButton;

/// The account action a banner offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BannerAction {
    Resume,
    UndoCancellation,
}

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
                let a = billing.account();
                let l = lang(i18n);
                let mut banners = Vec::new();
                if let Some(reseller) = a.reseller.clone() {
                    banners.push(view! {
                        <div class="bu-banner bu-banner--info bu-banner--resold" role="status">
                            {fill_isolated(t_string!(i18n, banner.resold), ("reseller", &reseller))}
                        </div>
                    }.into_any());
                }
                match a.status {
                    Status::Trial { ends_at } => {
                        let days = a.trial_days_left(clock.now()).unwrap_or(0);
                        let date = format::date(l, ends_at);
                        banners.push(view! {
                            <div class="bu-banner bu-banner--info bu-banner--trial" role="status">
                                {fill(t_string!(i18n, banner.trial), &[("days", &days), ("date", &date)])}
                            </div>
                        }.into_any());
                    }
                    Status::PauseScheduled { at } => {
                        let date = format::date(l, at);
                        banners.push(view! {
                            <div class="bu-banner bu-banner--info bu-banner--pause-scheduled" role="status">
                                <span>{fill(t_string!(i18n, banner.pause_scheduled), &[("date", &date)])}</span>
                                <BannerButton kind=BannerAction::Resume />
                            </div>
                        }.into_any());
                    }
                    Status::Paused { since } => {
                        let date = format::date(l, since);
                        banners.push(view! {
                            <div class="bu-banner bu-banner--warning bu-banner--paused" role="status">
                                <span>{fill(t_string!(i18n, banner.paused), &[("date", &date)])}</span>
                                <BannerButton kind=BannerAction::Resume />
                            </div>
                        }.into_any());
                    }
                    Status::CancellationScheduled { effective_at } => {
                        let date = format::date(l, effective_at);
                        banners.push(view! {
                            <div class="bu-banner bu-banner--warning bu-banner--cancellation" role="status">
                                <span>{fill(t_string!(i18n, banner.cancellation_scheduled), &[("date", &date)])}</span>
                                <BannerButton kind=BannerAction::UndoCancellation />
                            </div>
                        }.into_any());
                    }
                    Status::Cancelled { since } => {
                        let date = format::date(l, since);
                        banners.push(view! {
                            <div class="bu-banner bu-banner--warning bu-banner--cancelled" role="status">
                                {fill(t_string!(i18n, banner.cancelled), &[("date", &date)])}
                            </div>
                        }.into_any());
                    }
                    Status::Active => {}
                }
                if let (Some(term), Some(left)) = (a.commit_term, a.instalments_left()) {
                    let date = format::date(l, term.end);
                    banners.push(view! {
                        <div class="bu-banner bu-banner--info bu-banner--commit" role="status">
                            {fill(t_string!(i18n, banner.commit_term), &[("date", &date), ("left", &left)])}
                        </div>
                    }.into_any());
                }
                if let Some(card) = a.payment_method.clone().filter(|c| c.expires_soon(clock.now())) {
                    let last4 = card.last4.clone();
                    let expiry = format::card_expiry(card.exp_month, card.exp_year);
                    banners.push(view! {
                        <div class="bu-banner bu-banner--warning bu-banner--card-expiring" role="status">
                            <span>{fill(t_string!(i18n, banner.card_expiring), &[("last4", &last4), ("expiry", &expiry)])}</span>
                            <GatedButton
                                action=Action::ChangePaymentMethod
                                class="bu-button bu-button--secondary"
                                label=Signal::derive(move || t_string!(i18n, payment.edit).to_string())
                                on_click=move |_| dialogs.open(Dialog::PaymentMethod)
                            />
                        </div>
                    }.into_any());
                }
                if billing.role() == Role::Viewer && a.reseller.is_none() {
                    banners.push(view! {
                        <div class="bu-banner bu-banner--info bu-banner--read-only" role="status">
                            {t_string!(i18n, banner.read_only)}
                        </div>
                    }.into_any());
                }
                banners
            }}
        </div>
    }
}

/// Resume or Undo, with its own in-flight state and error beside it.
#[component]
fn BannerButton(kind: BannerAction) -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let submit = Submission::new();
    let (action, label) = match kind {
        BannerAction::Resume => (
            Action::Pause,
            Signal::derive(move || t_string!(i18n, banner.resume).to_string()),
        ),
        BannerAction::UndoCancellation => (
            Action::Cancel,
            Signal::derive(move || t_string!(i18n, banner.undo).to_string()),
        ),
    };
    let run = move |_| {
        submit.run(
            move |client| async move {
                match kind {
                    BannerAction::Resume => client.resume().await,
                    BannerAction::UndoCancellation => client.undo_cancellation().await,
                }
            },
            move |data: AccountResponse, events| {
                billing.set_data(data);
                events.emit(match kind {
                    BannerAction::Resume => HostEvent::Resumed {},
                    BannerAction::UndoCancellation => HostEvent::CancellationUndone {},
                });
            },
        );
    };
    view! {
        <GatedButton
            action=action
            class="bu-button bu-button--secondary bu-banner__action"
            label=label
            disabled=Signal::derive(move || !submit.ready())
            on_click=run
            explain=true
        />
        {move || {
            submit
                .error()
                .map(|e| view! { <span class="bu-field-error" role="alert">{error_text(i18n, &e)}</span> })
        }}
    }
}
