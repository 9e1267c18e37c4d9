//! "Add more features with add-ons": **Add to plan** → **Review purchase** → **Confirm
//! purchase**. Ineligible add-ons say why and offer the upgrade that unlocks them.

use leptos::prelude::*;
use pricing::{Action, AddOnId, Change};

use crate::format;
use crate::i18n::{
    addon_description, addon_name, fill, lang, per_cycle, plan_name, t_string, use_i18n,
};
use crate::state::{Billing, Checkout, Dialog, Dialogs};

use super::checkout::CheckoutPanel;
use super::dialog::Modal;
use super::gate::GatedButton;
use super::sms::SmsAddOnInfo;

/// The add-ons the catalog sells.
#[component]
pub fn AddOns() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    view! {
        <section class="bu-addons" aria-labelledby="bu-addons-title">
            <h2 id="bu-addons-title" class="bu-section-title">{t_string!(i18n, addons.title)}</h2>
            <ul class="bu-addons__list">
                {billing
                    .with_catalog(|c| c.addons.iter().map(|a| a.id).collect::<Vec<_>>())
                    .into_iter()
                    .map(|addon| view! { <AddOnCard addon=addon /> })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn AddOnCard(addon: AddOnId) -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let dialogs = Dialogs::use_dialogs();
    let price = move || {
        let cycle = billing.with_account(|a| a.cycle);
        billing
            .with_catalog(|c| {
                c.addon_price(addon, cycle)
                    .ok()
                    .map(|price| format::money(lang(i18n), price))
            })
            .map(|amount| format!("{amount}{}", per_cycle(i18n, cycle)))
    };
    view! {
        <li class="bu-addon" data-addon=addon.as_str()>
            <h3 class="bu-addon__name">{move || addon_name(i18n, addon)}</h3>
            <p class="bu-addon__description">{move || addon_description(i18n, addon)}</p>
            <p class="bu-addon__price">{price}</p>
            {(addon == AddOnId::Sms).then(|| view! { <SmsAddOnInfo /> })}
            <div class="bu-addon__action">
                {move || {
                    let (plan, active) = billing.with_account(|a| (a.plan, a.has_addon(addon)));
                    let allowed = billing.with_catalog(|c| c.addon_allowed(addon, plan));
                    if active {
                        view! {
                            <span class="bu-badge bu-addon__active">{t_string!(i18n, addons.active)}</span>
                            <GatedButton
                                action=Action::RequestSupport
                                class="bu-link bu-addon__remove"
                                label=Signal::stored(t_string!(i18n, addons.remove).to_string())
                                on_click=move |_| dialogs.open(Dialog::Support { changes: vec![Change::RemoveAddOn { addon }] })
                            />
                        }.into_any()
                    } else if !allowed {
                        let required = billing.with_catalog(|c| {
                            c.addon(addon).map(|a| a.plans.clone()).unwrap_or_default()
                        });
                        let plans = required.iter().map(|p| plan_name(*p)).collect::<Vec<_>>().join(", ");
                        let unlock = billing.with_catalog(|c| c.unlocking_plan(addon, plan));
                        view! {
                            <p class="bu-addon__ineligible">{fill(t_string!(i18n, addons.requires), &[("plans", &plans)])}</p>
                            {unlock.map(|target| view! {
                                <GatedButton
                                    action=Action::Upgrade
                                    class="bu-button bu-button--secondary bu-addon__unlock"
                                    label=Signal::derive(move || {
                                        let name = plan_name(target);
                                        fill(t_string!(i18n, addons.upgrade_to), &[("name", &name)]).to_string()
                                    })
                                    on_click=move |_| dialogs.open(Dialog::Upgrade { plan: target })
                                />
                            })}
                        }.into_any()
                    } else {
                        view! {
                            <GatedButton
                                action=Action::BuyAddOn
                                class="bu-button bu-addon__add"
                                label=Signal::stored(t_string!(i18n, addons.add).to_string())
                                aria_label=Signal::derive(move || {
                                    let name = addon_name(i18n, addon);
                                    fill(t_string!(i18n, addons.add_named), &[("name", &name)]).to_string()
                                })
                                on_click=move |_| dialogs.open(Dialog::AddOn { addon })
                            />
                        }.into_any()
                    }
                }}
            </div>
        </li>
    }
}

/// **Review purchase**: every billing change, line by line → **Confirm purchase**.
#[component]
pub fn AddOnDialog(addon: AddOnId) -> impl IntoView {
    let i18n = use_i18n();
    let checkout = Checkout::new();
    view! {
        <Modal
            title=Signal::stored(t_string!(i18n, addons.review_title).to_string())
        >
            <p class="bu-modal__lead">
                {move || {
                    let name = addon_name(i18n, addon);
                    fill(t_string!(i18n, addons.review_lead), &[("name", &name)])
                }}
            </p>
            <CheckoutPanel
                changes=Signal::stored(vec![Change::AddAddOn { addon }])
                checkout=checkout
                action=Action::BuyAddOn
                confirm_label=Signal::stored(t_string!(i18n, addons.confirm).to_string())
                done_text=Signal::derive(move || {
                    let name = addon_name(i18n, addon);
                    fill(t_string!(i18n, addons.done), &[("name", &name)]).to_string()
                })
            />
        </Modal>
    }
}
