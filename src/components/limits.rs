//! Limits and usage (contacts, users, monthly email sends, SMS credits) with **Edit**,
//! and the dialog that changes a limit: a lower value becomes the support path.

use leptos::prelude::*;
use pricing::{Action, AddOnId, Limit};

use crate::format;
use crate::i18n::{count_error_text, fill, lang, limit_name, t_string, use_i18n, Locale};
use crate::parse::{parse_count, CountError};
use crate::state::{Billing, Checkout, Dialog, Dialogs};

use super::checkout::CheckoutPanel;
use super::dialog::Modal;
use super::gate::GatedButton;

/// Usage against each limit, with **Edit** buttons.
#[component]
pub fn Limits() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let dialogs = Dialogs::use_dialogs();
    let row = move |limit: Limit| {
        let values = move || billing.with_account(|a| (limit.used(a), limit.of(a)));
        let class = match limit {
            Limit::Contacts => "bu-limit bu-limit--contacts",
            Limit::Users => "bu-limit bu-limit--users",
            Limit::EmailSends => "bu-limit bu-limit--email-sends",
        };
        view! {
            <li class=class>
                <span class="bu-limit__name">{move || limit_name(i18n, limit)}</span>
                <span class="bu-limit__usage">
                    {move || {
                        let l = lang(i18n);
                        let (used, max) = values();
                        let used = format::number(l, used);
                        let limit_value = format::number(l, max);
                        fill(t_string!(i18n, limits.usage), &[("used", &used), ("limit", &limit_value)])
                    }}
                </span>
                <meter
                    class="bu-limit__meter"
                    min="0"
                    max=move || values().1.to_string()
                    value=move || values().0.to_string()
                    // The browser colours the gauge: calm below 80 %, warning to 95 %, then alarm.
                    low=move || (values().1.saturating_mul(4) / 5).to_string()
                    high=move || (values().1.saturating_mul(19) / 20).to_string()
                    optimum="0"
                    aria-hidden="true"
                ></meter>
                <GatedButton
                    action=Action::RaiseLimits
                    class="bu-link bu-limit__edit"
                    label=Signal::stored(t_string!(i18n, limits.edit).to_string())
                    aria_label=Signal::derive(move || {
                        let name = limit_name(i18n, limit);
                        fill(t_string!(i18n, limits.edit_named), &[("name", &name)]).to_string()
                    })
                    on_click=move |_| dialogs.open(Dialog::EditLimit { limit })
                />
            </li>
        }
    };
    view! {
        <section class="bu-limits bu-card" aria-labelledby="bu-limits-title">
            <h2 id="bu-limits-title" class="bu-section-title">{t_string!(i18n, limits.title)}</h2>
            <ul class="bu-limits__list">
                // Seed 004: the SMS credits are at the upper left of the page.
                {move || {
                    billing
                        .with_account(|a| a.has_addon(AddOnId::Sms))
                        .then(|| view! { <super::sms::SmsCreditsRow /> })
                }}
                {row(Limit::Contacts)}
                {row(Limit::Users)}
                {row(Limit::EmailSends)}
            </ul>
        </section>
    }
}

/// Why a typed limit cannot be priced (the dialog says which, beside the field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitRefusal {
    /// Not a whole count at all (see [`parse_count`]).
    Count(CountError),
    /// A count, but not between 1 and the limit's maximum.
    OutOfRange,
}

/// Reads a limit typed by the customer by the page's locale (the one count parser), then
/// keeps it between 1 and `max`.
pub fn parse_limit(text: &str, locale: Locale, max: u64) -> Result<u64, LimitRefusal> {
    match parse_count::<u64>(text, locale) {
        Ok(v) if (1..=max).contains(&v) => Ok(v),
        // Past u64 is past any maximum too: the same "from 1 to {max}" message.
        Ok(_) | Err(CountError::TooLarge) => Err(LimitRefusal::OutOfRange),
        Err(e) => Err(LimitRefusal::Count(e)),
    }
}

/// Change one limit: a tier select for contacts, a number for users and email sends;
/// the price preview follows every keystroke. The text field keeps what was typed
/// (DESIGN §5): a value that cannot be read is said beside it and nothing is priced.
#[component]
pub fn EditLimitDialog(limit: Limit) -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let checkout = Checkout::new();
    let (current, max) = billing.with_account(|a| (limit.of(a), limit.max()));
    // What the customer typed, as typed; read by the page's locale, never written back.
    let text = RwSignal::new(current.to_string());
    let parsed = Memo::new(move |_| parse_limit(&text.get(), i18n.get_locale(), max));
    let changes = Signal::derive(move || match parsed.get() {
        Ok(v) => limit.change(v).into_iter().collect(),
        Err(_) => Vec::new(),
    });
    let on_input = move |value: String| {
        text.set(value);
        checkout.reset();
    };
    let field_id = "bu-limit-input";
    let error_id = "bu-limit-input-error";
    let hint_id = "bu-limit-input-hint";
    let input = match limit {
        Limit::Contacts => {
            let tiers: Vec<u32> = plan_tiers(billing);
            view! {
                <select
                    id=field_id
                    class="bu-input bu-limit-dialog__select"
                    disabled=move || checkout.busy()
                    on:change=move |ev| on_input(event_target_value(&ev))
                >
                    {tiers
                        .into_iter()
                        .map(|t| {
                            let selected = u64::from(t) == current;
                            view! {
                                <option value=t.to_string() selected=selected>
                                    {move || {
                                        let count = format::number(lang(i18n), u64::from(t));
                                        fill(t_string!(i18n, limits.up_to_contacts), &[("count", &count)])
                                    }}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            }
                .into_any()
        }
        Limit::Users | Limit::EmailSends => {
            let described_by = match limit {
                Limit::EmailSends => format!("{error_id} {hint_id}"),
                _ => error_id.to_string(),
            };
            // type="text": a number input hides what was typed from the page when it is
            // not a number, and would take "4.5" or "1e30" as numbers.
            view! {
                <input
                    id=field_id
                    class="bu-input bu-limit-dialog__input"
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    value=current.to_string()
                    aria-invalid=move || parsed.get().is_err().to_string()
                    aria-describedby=described_by
                    disabled=move || checkout.busy()
                    on:input=move |ev| on_input(event_target_value(&ev))
                />
            }
            .into_any()
        }
    };
    view! {
        <Modal
            title=Signal::derive(move || {
                let name = limit_name(i18n, limit);
                fill(t_string!(i18n, limits.dialog_title), &[("name", &name)]).to_string()
            })
        >
            <div class="bu-field">
                <label for=field_id class="bu-field__label">{move || limit_name(i18n, limit)}</label>
                {input}
                <p id=error_id class="bu-field-error" aria-live="polite">
                    {move || {
                        parsed
                            .get()
                            .err()
                            .map(|refusal| match refusal {
                                LimitRefusal::Count(e) => count_error_text(i18n, e, max),
                                LimitRefusal::OutOfRange => {
                                    let max = format::number(lang(i18n), max);
                                    fill(t_string!(i18n, limits.invalid), &[("max", &max)])
                                }
                            })
                    }}
                </p>
                {move || {
                    (limit == Limit::EmailSends)
                        .then(|| view! { <p id=hint_id class="bu-field__hint">{t_string!(i18n, limits.email_blocks_hint)}</p> })
                }}
            </div>
            <CheckoutPanel
                changes=changes
                checkout=checkout
                action=Action::RaiseLimits
                confirm_label=Signal::stored(t_string!(i18n, limits.confirm).to_string())
                done_text=Signal::stored(t_string!(i18n, limits.done).to_string())
            />
        </Modal>
    }
}

/// The contact tiers of the account's plan.
fn plan_tiers(billing: Billing) -> Vec<u32> {
    let plan = billing.with_account(|a| a.plan);
    billing.with_catalog(|c| {
        c.plan(plan)
            .map(|p| p.tiers.iter().map(|t| t.contacts).collect())
            .unwrap_or_default()
    })
}
