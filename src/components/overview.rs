//! The account at a glance: plan and tier, cycle, period, next invoice, payment method and
//! active add-ons.

use api_types::AccountResponse;
use leptos::prelude::*;

use crate::format;
use crate::i18n::{addon_name, cycle_name, fill, lang, plan_name, t_string, use_i18n};
use crate::state::{Billing, Dialog, Dialogs};

use super::cycle::CycleSwitch;
use super::gate::GatedButton;

/// The account summary. Reads the catalog (for the next invoice amount) when the page
/// provides one; works on its own with just the account.
#[component]
pub fn Overview(
    /// The account as `GET /account` answered it.
    data: AccountResponse,
) -> impl IntoView {
    let i18n = use_i18n();
    let billing = use_context::<Billing>();
    let dialogs = use_context::<Dialogs>();
    let account = data.account;
    let next = billing
        .and_then(|b| b.with_catalog(|c| account.billed_invoice(c).ok().flatten()))
        .map(|n| (n.date, n.amount));
    let currency = billing.map(|b| b.with_catalog(|c| c.currency));
    let plan = plan_name(account.plan);
    let contacts = account.contacts;
    let cycle = account.cycle;
    let period = account.period;
    let payment = account.payment_method.clone();
    let addons = account.addons.clone();
    if next.is_some() {
        // Effects run after the view is in the DOM: the benchmark's "first render" ends here.
        Effect::new(|| crate::perf::mark(crate::perf::PRICE_SHOWN_MARK));
    }
    view! {
        <section class="bu-overview bu-card" aria-labelledby="bu-overview-title">
            <h2 id="bu-overview-title" class="bu-overview__account bu-name" dir="auto">{account.name.clone()}</h2>
            <dl class="bu-overview__facts">
                <div class="bu-overview__fact">
                    <dt>{t_string!(i18n, overview.plan)}</dt>
                    <dd>
                        <strong class="bu-plan-name">{plan}</strong>
                        " · "
                        <span class="bu-overview__tier">
                            {move || {
                                let count = format::number(lang(i18n), u64::from(contacts));
                                fill(t_string!(i18n, overview.tier), &[("count", &count)])
                            }}
                        </span>
                    </dd>
                </div>
                <div class="bu-overview__fact">
                    <dt>{t_string!(i18n, overview.cycle)}</dt>
                    <dd>
                        <span class="bu-overview__cycle">{move || cycle_name(i18n, cycle)}</span>
                        {billing.zip(dialogs).map(|_| view! { <CycleSwitch /> })}
                    </dd>
                </div>
                <div class="bu-overview__fact">
                    <dt>{t_string!(i18n, overview.period)}</dt>
                    <dd class="bu-overview__period">
                        {move || {
                            let l = lang(i18n);
                            let start = format::date(l, period.start);
                            let end = format::date(l, period.end);
                            fill(t_string!(i18n, overview.period_range), &[("start", &start), ("end", &end)])
                        }}
                    </dd>
                </div>
                <div class="bu-overview__fact">
                    <dt>{t_string!(i18n, overview.next_invoice)}</dt>
                    <dd class="bu-overview__next-invoice">
                        {move || match (next, currency) {
                            (Some((date, amount)), Some(currency)) => {
                                let l = lang(i18n);
                                let amount = format::money(l, amount.in_currency(currency));
                                let date = format::date(l, date);
                                fill(t_string!(i18n, overview.next_invoice_value), &[("amount", &amount), ("date", &date)])
                                    .to_string()
                            }
                            (None, Some(_)) => t_string!(i18n, overview.no_next_invoice).to_string(),
                            _ => "—".to_string(),
                        }}
                    </dd>
                </div>
                <div class="bu-overview__fact">
                    <dt>{t_string!(i18n, overview.payment_method)}</dt>
                    <dd class="bu-overview__payment">
                        {move || match &payment {
                            Some(card) => {
                                let brand = card_brand(&card.brand);
                                let last4 = card.last4.clone();
                                let expiry = format::card_expiry(card.exp_month, card.exp_year);
                                fill(t_string!(i18n, overview.card), &[("brand", &brand), ("last4", &last4), ("expiry", &expiry)]).to_string()
                            }
                            None => t_string!(i18n, overview.no_card).to_string(),
                        }}
                        {dialogs
                            .map(|d| {
                                view! {
                                    " "
                                    <GatedButton
                                        action=pricing::Action::ChangePaymentMethod
                                        class="bu-link bu-overview__edit-payment"
                                        label=Signal::derive(move || {
                                            t_string!(i18n, payment.edit).to_string()
                                        })
                                        on_click=move |_| d.open(Dialog::PaymentMethod)
                                    />
                                }
                            })}
                    </dd>
                </div>
                <div class="bu-overview__fact">
                    <dt>{t_string!(i18n, overview.addons)}</dt>
                    <dd class="bu-overview__addons">
                        {move || {
                            if addons.is_empty() {
                                t_string!(i18n, overview.no_addons).to_string()
                            } else {
                                addons
                                    .iter()
                                    .map(|a| addon_name(i18n, *a))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            }
                        }}
                    </dd>
                </div>
            </dl>
        </section>
    }
}

/// A card brand as printed on the card.
pub fn card_brand(brand: &str) -> String {
    match brand.to_ascii_lowercase().as_str() {
        "visa" => "Visa".into(),
        "mastercard" => "Mastercard".into(),
        "amex" => "American Express".into(),
        other => {
            let mut chars = other.chars();
            chars
                .next()
                .map(|c| crate::format::upper_case(c.encode_utf8(&mut [0; 4])) + chars.as_str())
                .unwrap_or_default()
        }
    }
}
