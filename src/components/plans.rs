//! The four plan cards, priced for the account's cycle and contact tier; **Upgrade** opens
//! the preview dialog, lower plans offer the support path (DESIGN §2–3).

use leptos::prelude::*;
use pricing::{Action, Change, PlanId, PlanOffer};

use crate::format;
use crate::i18n::{fill, lang, per_cycle, plan_name, t_string, use_i18n};
use crate::state::{Billing, Checkout, Dialog, Dialogs};

use super::checkout::CheckoutPanel;
use super::dialog::Modal;
use super::gate::GatedButton;

/// Starter, Plus, Pro, Enterprise side by side.
#[component]
pub fn Plans() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    view! {
        <section class="bu-plans" aria-labelledby="bu-plans-title">
            <h2 id="bu-plans-title" class="bu-section-title">{t_string!(i18n, plans.title)}</h2>
            <ul class="bu-plans__list">
                {move || {
                    let plans: Vec<PlanId> = billing.with_catalog(|c| c.plans.iter().map(|p| p.id).collect());
                    plans.into_iter().map(|plan| view! { <PlanCard plan=plan /> }).collect_view()
                }}
            </ul>
        </section>
    }
}

/// One plan: price for the account's cycle and contacts, and the way to get it.
#[component]
fn PlanCard(plan: PlanId) -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let dialogs = Dialogs::use_dialogs();
    let current = move || billing.with_account(|a| a.plan);
    let offer = move || billing.with_account(|a| a.plan_offer(plan));
    let price = move || {
        let (contacts, cycle) = billing.with_account(|a| (a.contacts, a.cycle));
        billing.with_catalog(|c| {
            c.plan_price(plan, contacts, cycle)
                .ok()
                .map(|price| (format::money(lang(i18n), price), cycle))
        })
    };
    let card_class = move || {
        if current() == plan {
            "bu-plan bu-plan--current"
        } else {
            "bu-plan"
        }
    };
    view! {
        <li class=card_class data-plan=plan.as_str()>
            <h3 class="bu-plan__name">{plan_name(plan)}</h3>
            <p class="bu-plan__price">
                {move || match price() {
                    Some((amount, cycle)) => view! {
                        <span class="bu-plan__amount">{amount}</span>
                        <span class="bu-plan__per">{per_cycle(i18n, cycle)}</span>
                    }.into_any(),
                    None => view! {
                        <span class="bu-plan__amount">{t_string!(i18n, plans.contact_us)}</span>
                    }.into_any(),
                }}
            </p>
            <p class="bu-plan__tier">
                {move || {
                    let count = format::number(lang(i18n), u64::from(billing.with_account(|a| a.contacts)));
                    fill(t_string!(i18n, plans.for_contacts), &[("count", &count)])
                }}
            </p>
            <div class="bu-plan__action">
                {move || match offer() {
                    PlanOffer::Current => {
                        view! { <span class="bu-badge bu-plan__current">{t_string!(i18n, plans.current)}</span> }.into_any()
                    }
                    offer @ (PlanOffer::Subscribe | PlanOffer::Upgrade) => {
                        let visible = move || if offer == PlanOffer::Subscribe {
                            t_string!(i18n, plans.subscribe).to_string()
                        } else {
                            t_string!(i18n, plans.upgrade).to_string()
                        };
                        let label = Signal::derive(visible);
                        view! {
                            <GatedButton
                                action=Action::Upgrade
                                class="bu-button bu-plan__upgrade"
                                label=label
                                // The accessible name starts with the visible label (WCAG 2.5.3).
                                aria_label=Signal::derive(move || {
                                    let name = plan_name(plan);
                                    fill(t_string!(i18n, plans.action_named), &[("action", &visible()), ("name", &name)])
                                })
                                on_click=move |_| dialogs.open(Dialog::Upgrade { plan })
                            />
                        }.into_any()
                    }
                    PlanOffer::Downgrade => {
                        view! {
                            <GatedButton
                                action=Action::RequestSupport
                                class="bu-button bu-button--secondary bu-plan__downgrade"
                                label=Signal::stored(t_string!(i18n, plans.downgrade).to_string())
                                on_click=move |_| dialogs.open(Dialog::Support { changes: vec![Change::SetPlan { plan }] })
                            />
                        }.into_any()
                    }
                }}
            </div>
        </li>
    }
}

/// The upgrade preview: charged now (prorated), next invoice, effective date → **Upgrade**.
#[component]
pub fn UpgradeDialog(plan: PlanId) -> impl IntoView {
    let i18n = use_i18n();
    let checkout = Checkout::new();
    let changes = Signal::stored(vec![Change::SetPlan { plan }]);
    view! {
        <Modal
            title=Signal::derive(move || {
                let name = plan_name(plan);
                fill(t_string!(i18n, upgrade.title), &[("name", &name)]).to_string()
            })
        >
            <p class="bu-modal__lead">
                {move || {
                    let name = plan_name(plan);
                    fill(t_string!(i18n, upgrade.lead), &[("name", &name)])
                }}
            </p>
            <CheckoutPanel
                changes=changes
                checkout=checkout
                action=Action::Upgrade
                confirm_label=Signal::stored(t_string!(i18n, plans.upgrade).to_string())
                done_text=Signal::derive(move || {
                    let name = plan_name(plan);
                    fill(t_string!(i18n, upgrade.done), &[("name", &name)]).to_string()
                })
            />
        </Modal>
    }
}
