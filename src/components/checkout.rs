//! The price of a change and its confirm step, shared by every purchase dialog: the
//! browser's instant preview (pricing), then the server's quote and the order.

use leptos::prelude::*;
use pricing::{Action, Amount, Change, NotSelfServe, Quote};

use super::card::{CardEntry, CardFields};
use super::dialog::{DialogActions, ErrorText};
use crate::api::ApiClient;
use crate::events::{HostEvent, HostEvents};
use crate::format;
use crate::i18n::{decline_text, fill, lang, line_label, not_self_serve_text, t_string, use_i18n};
use crate::provider::ProviderContext;
use crate::state::{Api, Billing, Checkout, Clock, Dialog, Dialogs, Online, Phase, ReviewNotice};

/// What the actions row of a confirm step shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Confirm,
    NeedsCard,
    Authenticating,
}

/// The card form inside a checkout whose order needs a card: why, the provider's fields,
/// and **Save card and pay**, which saves the card and orders the same quote.
#[component]
fn CardStep(
    checkout: Checkout,
    changes: Signal<Vec<Change>>,
    client: Option<ApiClient>,
) -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let entry = CardEntry::new();
    let why = move || match checkout.phase() {
        Phase::NeedsCard { why, .. } => Some(why),
        _ => None,
    };
    let why_text = move || {
        why().map(|e| match e.code() {
            Some(api_types::error_code::CARD_DECLINED) => fill(
                t_string!(i18n, checkout.card_declined),
                &[("reason", &decline_text(i18n, e.decline()))],
            )
            .to_string(),
            _ => t_string!(i18n, checkout.card_needed).to_string(),
        })
    };
    let pay = move |_| {
        let Some(client) = client.clone() else { return };
        let next = client.clone();
        entry.save(client, move |data| {
            billing.set_data(data);
            checkout.card_saved(next, billing, changes.get_untracked());
        });
    };
    view! {
        <div class="bu-checkout__card">
            <p class="bu-notice bu-checkout__card-why" role="alert" tabindex="-1" data-autofocus="">{why_text}</p>
            <CardFields entry=entry />
            <DialogActions>
                <button type="button" class="bu-button bu-button--secondary bu-checkout__card-back" on:click=move |_| checkout.back_to_review()>
                    {t_string!(i18n, checkout.cancel)}
                </button>
                <button
                    type="button"
                    class="bu-button bu-checkout__card-pay"
                    disabled=move || !entry.ready()
                    aria-busy=move || entry.saving().to_string()
                    on:click=pay
                >
                    {move || if entry.saving() { t_string!(i18n, payment.saving).to_string() } else { t_string!(i18n, checkout.save_and_pay).to_string() }}
                </button>
            </DialogActions>
        </div>
    }
}

/// The card issuer's challenge (3-D Secure), shown by the provider's adapter in a holder
/// inside the checkout dialog; completed → the same order is repeated with the same key.
#[component]
fn ChallengeStep(
    checkout: Checkout,
    changes: Signal<Vec<Change>>,
    client: Option<ApiClient>,
) -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let provider = ProviderContext::use_provider().provider;
    let holder = NodeRef::<leptos::html::Div>::new();
    let started = StoredValue::new(false);
    let cleanup_provider = provider.clone();
    Effect::new(move |_| {
        let Some(element) = holder.get() else { return };
        if started.get_value() {
            return;
        }
        started.set_value(true);
        let Phase::Authenticating { action, .. } = checkout.phase_untracked() else {
            return;
        };
        let provider = provider.clone();
        let client = client.clone();
        let locale = crate::i18n::lang_code(untrack(|| lang(i18n)));
        leptos::task::spawn_local(async move {
            let outcome = match &provider {
                Some(p) => p.authenticate(&action, &element.into(), locale).await,
                None => {
                    crate::provider::warn_missing();
                    Err(crate::provider::ProviderError {
                        code: "no_provider".into(),
                        message: String::new(),
                    })
                }
            };
            if let Some(client) = client {
                checkout.authenticated(client, billing, changes.get_untracked(), outcome);
            }
        });
    });
    on_cleanup(move || {
        if let Some(p) = &cleanup_provider {
            p.unmount();
        }
    });
    view! {
        <div class="bu-checkout__challenge">
            <p class="bu-notice bu-checkout__challenge-text" role="status" tabindex="-1" data-autofocus="">
                {t_string!(i18n, checkout.authenticate)}
            </p>
            <div class="bu-checkout__challenge-frame" node_ref=holder></div>
            <DialogActions>
                <button type="button" class="bu-button bu-button--secondary bu-checkout__challenge-cancel" on:click=move |_| checkout.back_to_review()>
                    {t_string!(i18n, checkout.cancel)}
                </button>
            </DialogActions>
        </div>
    }
}

/// Lines charged now, the total, the next invoice and when the change takes effect.
/// Announced politely to screen readers when it changes.
#[component]
pub fn QuoteSummary(
    /// The quote to show (preview or server's).
    #[prop(into)]
    quote: Signal<Option<Quote>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="bu-quote" aria-live="polite">
            {move || {
                quote
                    .get()
                    .map(|q| {
                        let l = lang(i18n);
                        let money = move |amount: Amount| format::money(l, amount.in_currency(q.currency));
                        let lines = q
                            .lines
                            .iter()
                            .map(|line| {
                                view! {
                                    <tr class="bu-quote__line">
                                        <td>{line_label(i18n, line)}</td>
                                        <td class="bu-quote__amount">{money(line.amount)}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        let effective = q.effects.iter().map(|e| e.effective_at).max();
                        let effective_text = match effective {
                            Some(at) if at > q.quoted_at => {
                                let date = format::date(l, at);
                                fill(t_string!(i18n, checkout.effective_on), &[("date", &date)]).to_string()
                            }
                            _ => t_string!(i18n, checkout.effective_now).to_string(),
                        };
                        let next_date = format::date(l, q.next_invoice.date);
                        view! {
                            <table class="bu-quote__lines">
                                <caption class="bu-visually-hidden">
                                    {t_string!(i18n, checkout.lines_caption)}
                                </caption>
                                <tbody>{lines}</tbody>
                                <tfoot>
                                    <tr class="bu-quote__total">
                                        <th scope="row">{t_string!(i18n, checkout.charged_now)}</th>
                                        <td class="bu-quote__amount bu-quote__charge-now">
                                            {money(q.charge_now)}
                                        </td>
                                    </tr>
                                    <tr class="bu-quote__next">
                                        <th scope="row">
                                            {fill(t_string!(i18n, checkout.next_invoice), &[("date", &next_date)])}
                                        </th>
                                        <td class="bu-quote__amount bu-quote__next-amount">
                                            {money(q.next_invoice.amount)}
                                        </td>
                                    </tr>
                                </tfoot>
                            </table>
                            <p class="bu-quote__effective">{effective_text}</p>
                        }
                    })
            }}
        </div>
    }
}

/// The preview of `changes` and the button that confirms them. Shows the server's amounts
/// when they differ from the preview or the quote had to be computed again; offers the
/// support path when the change is a downgrade.
#[component]
pub fn CheckoutPanel(
    /// The cart; empty while the input is not valid (nothing to price).
    #[prop(into)]
    changes: Signal<Vec<Change>>,
    /// The confirm step's state (owned by the dialog, so it can reset it on edits).
    checkout: Checkout,
    /// Label of the confirm button ("Upgrade", "Confirm purchase").
    #[prop(into)]
    confirm_label: Signal<String>,
    /// What is said once the order went through.
    #[prop(into)]
    done_text: Signal<String>,
    /// The permission the change needs.
    action: Action,
) -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let clock = Clock::use_clock();
    let online = Online::use_online();
    let dialogs = use_context::<Dialogs>();
    let client = use_context::<Api>().map(|a| a.0);
    let has_client = client.is_some();
    let card_client = client.clone();
    let auth_client = client.clone();
    // The host hears what was bought from the order's own success path (state/checkout);
    // here focus moves to Close once done (the focused confirm button is gone).
    let close_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = close_button.get() {
            let _ = button.focus();
        }
    });
    // An earlier order's outcome is unknown (its dialog was closed): find out before
    // anything can be bought here.
    if let Some(client) = client.clone() {
        untrack(|| checkout.check_pending(client, billing));
    }
    let check_again = {
        let client = client.clone();
        move |_| {
            if let Some(client) = client.clone() {
                checkout.check_pending(client, billing);
            }
        }
    };
    let errors_for_host = use_context::<HostEvents>();
    Effect::new(move |_| {
        if let (Some(e), Some(events)) = (checkout.error(), &errors_for_host) {
            events.emit(HostEvent::error(&e));
        }
    });

    let preview = Memo::new(move |_| {
        let cart = changes.get();
        (!cart.is_empty()).then(|| billing.preview(&cart, clock))
    });
    let shown = Signal::derive(move || match checkout.server_quote() {
        Some((server, _)) => Some(server.quote),
        None => preview.get().and_then(Result::ok),
    });
    // Why the customer cannot confirm alone: the server's verdict once it answered.
    let refusal = Memo::new(move |_| match checkout.server_quote() {
        Some((server, _)) if !server.quote.self_serve => server.quote.reason,
        Some(_) => None,
        None => preview.get().and_then(Result::ok).and_then(|q| q.reason),
    });
    let blocked = Memo::new(move |_| billing.gate(action).is_err());
    let can_confirm = move || {
        !checkout.busy()
            && !checkout.pending()
            && !checkout.done()
            && online.get()
            && has_client
            && !blocked.get()
            && refusal.get().is_none()
            && shown.get().is_some()
    };
    let on_confirm = move |_| {
        if !can_confirm() {
            return;
        }
        let Some(client) = client.clone() else { return };
        let preview = preview.get_untracked().and_then(Result::ok);
        checkout.confirm(client, billing, changes.get_untracked(), preview);
    };
    let close = move |_| {
        if let Some(d) = dialogs {
            d.close()
        }
    };
    // Which actions the confirm step shows: the usual ones, the card form the order needs,
    // or the bank's challenge (a memo: saving a card re-renders nothing around it).
    let mode = Memo::new(move |_| match checkout.phase() {
        Phase::NeedsCard { .. } => Mode::NeedsCard,
        Phase::Authenticating { .. } => Mode::Authenticating,
        _ => Mode::Confirm,
    });
    let contact_support = move |_| {
        if let Some(d) = dialogs {
            d.open(Dialog::Support {
                changes: changes.get_untracked(),
            })
        }
    };

    view! {
        <div class="bu-checkout">
            {move || {
                let error = preview.get().and_then(Result::err);
                error.map(|_| {
                    view! {
                        <p class="bu-field-error" role="alert">
                            {t_string!(i18n, checkout.cannot_price)}
                        </p>
                    }
                })
            }}
            <Show when=move || !checkout.done()>
                <QuoteSummary quote=shown />
            </Show>
            {move || {
                checkout
                    .server_quote()
                    .and_then(|(_, notice)| notice)
                    .filter(|n| *n != ReviewNotice::NotSelfServe)
                    .map(|notice| {
                        let text = match notice {
                            ReviewNotice::Requoted => t_string!(i18n, checkout.requoted).to_string(),
                            ReviewNotice::NotCharged => t_string!(i18n, checkout.not_charged).to_string(),
                            ReviewNotice::NotAuthenticated => t_string!(i18n, checkout.not_authenticated).to_string(),
                            _ => t_string!(i18n, checkout.price_changed).to_string(),
                        };
                        view! { <p class="bu-notice bu-checkout__notice" role="status" tabindex="-1" data-autofocus="">{text}</p> }
                    })
            }}
            {move || {
                refusal
                    .get()
                    .map(|reason| {
                        let downgrade = reason == NotSelfServe::Downgrade;
                        let text = not_self_serve_text(i18n, &reason);
                        view! {
                            <div class="bu-checkout__refusal" role="status">
                                <p>{text}</p>
                                {downgrade
                                    .then(|| {
                                        view! {
                                            <button
                                                type="button"
                                                class="bu-button bu-checkout__support"
                                                on:click=contact_support
                                            >
                                                {t_string!(i18n, checkout.contact_support)}
                                            </button>
                                        }
                                    })}
                            </div>
                        }
                    })
            }}
            {move || {
                checkout
                    .error()
                    .map(|e| {
                        view! { <ErrorText error=e focus=true class="bu-checkout__error" /> }
                    })
            }}
            {move || {
                checkout.earlier_not_charged().then(|| view! {
                    <p class="bu-notice bu-checkout__earlier" role="status">
                        {t_string!(i18n, checkout.earlier_not_charged)}
                    </p>
                })
            }}
            {move || {
                let check_again = check_again.clone();
                (checkout.pending() && !checkout.done()).then(move || {
                    if checkout.checking() {
                        view! {
                            <p class="bu-notice bu-checkout__pending" role="status" tabindex="-1" data-autofocus="">
                                {t_string!(i18n, checkout.checking)}
                            </p>
                        }
                        .into_any()
                    } else {
                        view! {
                            <div class="bu-notice bu-checkout__pending" role="alert" tabindex="-1" data-autofocus="">
                                <p>{t_string!(i18n, checkout.unknown)}</p>
                                <button type="button" class="bu-button bu-button--secondary bu-checkout__check-again" on:click=check_again>
                                    {t_string!(i18n, checkout.check_again)}
                                </button>
                            </div>
                        }
                        .into_any()
                    }
                })
            }}
            {move || {
                (!online.get())
                    .then(|| {
                        view! {
                            <p class="bu-field-error">{t_string!(i18n, checkout.offline)}</p>
                        }
                    })
            }}
            <Show
                when=move || checkout.done()
                fallback=move || {
                    let on_confirm = on_confirm.clone();
                    let card_client = card_client.clone();
                    let auth_client = auth_client.clone();
                    move || match mode.get() {
                        Mode::NeedsCard => view! {
                            <CardStep checkout=checkout changes=changes client=card_client.clone() />
                        }.into_any(),
                        Mode::Authenticating => view! {
                            <ChallengeStep checkout=checkout changes=changes client=auth_client.clone() />
                        }.into_any(),
                        Mode::Confirm => {
                            let on_confirm = on_confirm.clone();
                            view! {
                                <DialogActions>
                                    <button
                                        type="button"
                                        class="bu-button bu-button--secondary"
                                        on:click=close
                                    >
                                        {t_string!(i18n, checkout.cancel)}
                                    </button>
                                    <button
                                        type="button"
                                        class="bu-button bu-checkout__confirm"
                                        disabled=move || !can_confirm()
                                        aria-busy=move || checkout.busy().to_string()
                                        on:click=on_confirm
                                    >
                                        {move || confirm_label.get()}
                                    </button>
                                </DialogActions>
                            }.into_any()
                        }
                    }
                }
            >
                {move || {
                    let Phase::Done(order) = checkout.phase() else { return None };
                    let amount = format::money(lang(i18n), order.charged);
                    Some(view! {
                        <div class="bu-checkout__done" role="status">
                            <p class="bu-checkout__done-text">{done_text.get()}</p>
                            <p class="bu-checkout__charged">
                                {fill(t_string!(i18n, checkout.charged), &[("amount", &amount)])}
                            </p>
                            <DialogActions>
                                <button
                                    type="button"
                                    class="bu-button bu-checkout__close"
                                    node_ref=close_button
                                    on:click=close
                                >
                                    {t_string!(i18n, checkout.close)}
                                </button>
                            </DialogActions>
                        </div>
                    })
                }}
            </Show>
            {move || match checkout.phase() {
                Phase::Quoting => Some(t_string!(i18n, checkout.quoting).to_string()),
                Phase::Ordering { .. } => Some(t_string!(i18n, checkout.ordering).to_string()),
                _ => None,
            }
                .map(|t| view! { <p class="bu-checkout__busy" role="status" tabindex="-1" data-autofocus="">{t}</p> })}
        </div>
    }
}
