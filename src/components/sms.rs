//! SMS credits: "N SMS credits" with **Edit** → pack dropdown → total → **Continue** →
//! **Confirm purchase**; and the supported countries with their cost in credits.

use leptos::prelude::*;
use pricing::{Action, AddOnId, Change};

use crate::config::HelpLinks;
use crate::format;
use crate::i18n::{fill, lang, t_count, t_string, use_i18n};
use crate::state::{Billing, Checkout, Clock, Dialog, Dialogs};

use super::checkout::CheckoutPanel;
use super::dialog::{DialogActions, Modal};
use super::gate::GatedButton;

/// Credits left this month, when they reset (no roll-over), **Edit** and countries.
#[component]
pub fn SmsCreditsRow() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let dialogs = Dialogs::use_dialogs();
    let resets = move || billing.with_account(|a| a.sms_renews_at());
    view! {
        <li class="bu-limit bu-limit--sms">
            <span class="bu-limit__name bu-sms__credits">
                {move || {
                    let remaining = billing.with_account(|a| a.sms.remaining);
                    let count = format::number(lang(i18n), u64::from(remaining));
                    fill(t_count!(i18n, sms.credits, remaining), &[("count", &count)])
                }}
            </span>
            <span class="bu-limit__usage bu-sms__reset">
                {move || {
                    let date = format::date(lang(i18n), resets());
                    fill(t_string!(i18n, sms.resets), &[("date", &date)])
                }}
            </span>
            <GatedButton
                action=Action::BuySmsCredits
                class="bu-link bu-sms__edit"
                label=Signal::stored(t_string!(i18n, limits.edit).to_string())
                aria_label=Signal::stored(t_string!(i18n, sms.edit_label).to_string())
                on_click=move |_| dialogs.open(Dialog::SmsCredits)
            />
            <button type="button" class="bu-link bu-sms__countries" on:click=move |_| dialogs.open(Dialog::SmsCountries)>
                {t_string!(i18n, sms.countries_link)}
            </button>
        </li>
    }
}

/// Choose a pack, see the total, **Continue**, then **Confirm purchase**.
#[component]
pub fn SmsCreditsDialog() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let dialogs = Dialogs::use_dialogs();
    let clock = Clock::use_clock();
    let checkout = Checkout::new();
    let packs = billing.with_catalog(|c| c.sms_packs.clone());
    let first = packs.first().map(|p| p.id.clone()).unwrap_or_default();
    let pack = RwSignal::new(first);
    let reviewing = RwSignal::new(false);
    let changes = Signal::derive(move || {
        let id = pack.get();
        if id.is_empty() {
            Vec::new()
        } else {
            vec![Change::BuySmsPack { pack: id }]
        }
    });
    let total = move || {
        let cart = changes.get();
        if cart.is_empty() {
            return None;
        }
        billing
            .preview(&cart, clock)
            .ok()
            .map(|q| format::money(lang(i18n), q.charge_now.in_currency(q.currency)))
    };
    // DESIGN §3: on an annual cycle a pack is billed for every monthly grant left in the
    // annual term (pricing counts them); `None` on monthly billing.
    let months_left = move || {
        billing.with_account(|a| {
            (a.cycle.months_billed() > 1).then(|| a.sms_grants_left(clock.preview_now(a)))
        })
    };
    let total_text = move || {
        total().map(|amount| match months_left() {
            Some(months) => fill(
                t_string!(i18n, sms.total_annual),
                &[("months", &months), ("amount", &amount)],
            ),
            None => fill(t_string!(i18n, sms.total), &[("amount", &amount)]),
        })
    };
    let l = move || lang(i18n);
    view! {
        <Modal
            title=Signal::stored(t_string!(i18n, sms.dialog_title).to_string())
        >
            <Show
                when=move || reviewing.get()
                fallback=move || {
                    let packs = packs.clone();
                    view! {
                        <div class="bu-field">
                            <label for="bu-sms-pack" class="bu-field__label">{t_string!(i18n, sms.pack_label)}</label>
                            <select
                                id="bu-sms-pack"
                                class="bu-input bu-sms__pack"
                                on:change=move |ev| {
                                    pack.set(event_target_value(&ev));
                                    checkout.reset();
                                }
                            >
                                {packs
                                    .iter()
                                    .map(|p| {
                                        let id = p.id.clone();
                                        let credits = p.credits;
                                        let selected = pack.get_untracked() == id;
                                        view! {
                                            <option value=id selected=selected>
                                                {move || {
                                                    let count = format::number(l(), u64::from(credits));
                                                    fill(t_string!(i18n, sms.pack_option), &[("count", &count)])
                                                }}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                        <p class="bu-sms__total" aria-live="polite">{total_text}</p>
                        <p class="bu-field__hint">
                            {move || if months_left().is_some() {
                                t_string!(i18n, sms.no_rollover_annual).to_string()
                            } else {
                                t_string!(i18n, sms.no_rollover).to_string()
                            }}
                        </p>
                        <DialogActions>
                            <button type="button" class="bu-button bu-button--secondary" on:click=move |_| dialogs.close()>
                                {t_string!(i18n, checkout.cancel)}
                            </button>
                            <button
                                type="button"
                                class="bu-button bu-sms__continue"
                                disabled=move || total().is_none()
                                on:click=move |_| reviewing.set(true)
                            >
                                {t_string!(i18n, sms.next_step)}
                            </button>
                        </DialogActions>
                    }
                }
            >
                <button type="button" class="bu-link bu-sms__back" disabled=move || checkout.busy() || checkout.done() on:click=move |_| {
                    checkout.reset();
                    reviewing.set(false);
                }>
                    {t_string!(i18n, sms.back)}
                </button>
                <CheckoutPanel
                    changes=changes
                    checkout=checkout
                    action=Action::BuySmsCredits
                    confirm_label=Signal::stored(t_string!(i18n, addons.confirm).to_string())
                    done_text=Signal::derive(move || {
                        let remaining = billing.with_account(|a| a.sms.remaining);
                        let count = format::number(lang(i18n), u64::from(remaining));
                        fill(t_count!(i18n, sms.done, remaining), &[("count", &count)])
                    })
                />
            </Show>
        </Modal>
    }
}

/// Supported countries: credits per message and how many messages the credits left buy.
#[component]
pub fn SmsCountriesDialog() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Modal
            title=Signal::stored(t_string!(i18n, sms.countries_title).to_string())
            class="bu-modal--wide"
        >
            <SmsCountries estimate=true notice=true />
        </Modal>
    }
}

/// Under the SMS add-on (seed 004): before it is bought, the supported countries with the
/// credits one message costs and the US A2P 10DLC notice; after, "Getting Started with SMS".
#[component]
pub fn SmsAddOnInfo() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let guide = HelpLinks::use_links().sms_guide;
    move || {
        if billing.with_account(|a| a.has_addon(AddOnId::Sms)) {
            let guide = guide.clone();
            view! {
                <p class="bu-addon__guide">
                    <a class="bu-link bu-sms__guide" href=guide target="_blank" rel="noopener noreferrer">
                        {t_string!(i18n, sms.getting_started)}
                    </a>
                    " "
                    {t_string!(i18n, sms.getting_started_hint)}
                </p>
            }
            .into_any()
        } else {
            view! {
                <details class="bu-addon__countries">
                    <summary class="bu-addon__countries-summary">{t_string!(i18n, sms.countries_link)}</summary>
                    <SmsCountries estimate=false notice=false />
                </details>
                // In sight before buying, not folded away with the countries.
                <Sms10dlcNotice />
            }
            .into_any()
        }
    }
}

/// The countries table (localised names, credits per message, optionally how many
/// messages the credits left buy) and the 10DLC notice when a country needs it.
#[component]
fn SmsCountries(
    /// Show the "messages left" column (only once the account has credits).
    estimate: bool,
    /// Show the A2P 10DLC notice under the table.
    notice: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let countries = billing.with_catalog(|c| c.sms_countries.clone());
    view! {
        <table class="bu-table bu-sms__table">
            <caption class="bu-table__caption">{t_string!(i18n, sms.countries_caption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t_string!(i18n, sms.country)}</th>
                    <th scope="col">{t_string!(i18n, sms.credits_per_message)}</th>
                    {estimate.then(|| view! { <th scope="col">{t_string!(i18n, sms.messages_left)}</th> })}
                </tr>
            </thead>
            <tbody>
                {countries
                    .into_iter()
                    .map(|c| {
                        let per = c.credits_per_message.max(1);
                        let code = c.code.clone();
                        let name = move || format::region_name(lang(i18n), &c.code, &c.name);
                        view! {
                            <tr data-country=code>
                                <th scope="row">{name}</th>
                                <td class="bu-sms__per-message">{per}</td>
                                {estimate.then(|| view! {
                                    <td class="bu-sms__estimate">
                                        {move || {
                                            let messages = billing.with_account(|a| a.sms.remaining) / per;
                                            format::number(lang(i18n), u64::from(messages))
                                        }}
                                    </td>
                                })}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {notice.then(|| view! { <Sms10dlcNotice /> })}
    }
}

/// "Sending SMS to recipients in the United States requires A2P 10DLC registration", when
/// a supported country needs it (catalog data).
#[component]
fn Sms10dlcNotice() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let needed = billing.with_catalog(|c| c.sms_countries.iter().any(|c| c.requires_10dlc));
    needed.then(
        || view! { <p class="bu-notice bu-sms__10dlc">{t_string!(i18n, sms.notice_10dlc)}</p> },
    )
}
