//! Switching the billing cycle (DESIGN §3): monthly → annual is more commitment, so it is
//! self-serve — a new annual period starts now, the annual price is charged with a credit
//! for the unused part of the month. Annual → monthly is a downgrade: the same dialog shows
//! the price and pricing's verdict sends it to the support path.

use leptos::prelude::*;
use pricing::{Action, Change, Cycle};

use crate::i18n::{cycle_name, fill, t_string, use_i18n};
use crate::state::{Billing, Checkout, Dialog, Dialogs};

use super::checkout::CheckoutPanel;
use super::dialog::Modal;
use super::gate::GatedButton;

/// "Switch to annual billing" next to the billing cycle, when one is offered.
#[component]
pub fn CycleSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let dialogs = Dialogs::use_dialogs();
    move || {
        billing.with_account(|a| a.offered_cycle()).map(|cycle| {
            view! {
                " "
                <GatedButton
                    action=Action::Upgrade
                    class="bu-link bu-overview__switch-cycle"
                    label=Signal::derive(move || switch_label(i18n, cycle))
                    on_click=move |_| dialogs.open(Dialog::SwitchCycle { cycle })
                />
            }
        })
    }
}

/// "Switch to annual billing".
fn switch_label(i18n: crate::i18n::I18n, cycle: Cycle) -> String {
    let name = crate::format::lower_case(&cycle_name(i18n, cycle));
    fill(t_string!(i18n, change.switch_cycle), &[("name", &name)]).to_string()
}

/// The price of moving to `cycle` → **Switch billing cycle** (or the support path for a
/// downgrade). A monthly payer chooses between annual and the annual commitment.
#[component]
pub fn CycleDialog(cycle: Cycle) -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let checkout = Checkout::new();
    let chosen = RwSignal::new(cycle);
    // Pricing decides the choices; a single one needs no radio buttons.
    let choices = billing.with_account_untracked(|a| a.cycle_choices());
    let choose = choices.len() > 1;
    // 10 for a 10 % commit discount.
    let percent = billing.with_catalog(|c| c.annual_commit_percent());
    let changes = Signal::derive(move || {
        vec![Change::SwitchCycle {
            cycle: chosen.get(),
        }]
    });
    let choice_label = move |option: Cycle| match option {
        Cycle::AnnualCommitMonthly => fill(
            t_string!(i18n, switch_cycle.commit_option),
            &[("percent", &percent)],
        ),
        _ => t_string!(i18n, switch_cycle.annual_option).to_string(),
    };
    view! {
        <Modal
            title=Signal::stored(t_string!(i18n, switch_cycle.title).to_string())
        >
            <Show when=move || choose>
                <fieldset class="bu-field bu-cycle__choices">
                    <legend class="bu-field__label">{t_string!(i18n, switch_cycle.choose)}</legend>
                    {choices
                        .clone()
                        .into_iter()
                        .map(|option| {
                            view! {
                                <label class="bu-choice">
                                    <input
                                        type="radio"
                                        name="bu-cycle"
                                        class="bu-cycle__option"
                                        value=option.as_str()
                                        prop:checked=move || chosen.get() == option
                                        disabled=move || checkout.busy() || checkout.done()
                                        on:change=move |_| {
                                            chosen.set(option);
                                            checkout.reset();
                                        }
                                    />
                                    <span>{move || choice_label(option)}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
            </Show>
            <p class="bu-modal__lead">
                {move || match chosen.get() {
                    Cycle::Annual => t_string!(i18n, switch_cycle.to_annual).to_string(),
                    Cycle::AnnualCommitMonthly => {
                        fill(t_string!(i18n, switch_cycle.to_commit), &[("percent", &percent)])
                    }
                    Cycle::Monthly => t_string!(i18n, switch_cycle.to_monthly).to_string(),
                }}
            </p>
            <CheckoutPanel
                changes=changes
                checkout=checkout
                action=Action::Upgrade
                confirm_label=Signal::stored(t_string!(i18n, switch_cycle.confirm).to_string())
                done_text=Signal::derive(move || {
                    let name = crate::format::lower_case(&cycle_name(i18n, chosen.get()));
                    fill(t_string!(i18n, switch_cycle.done), &[("name", &name)]).to_string()
                })
            />
        </Modal>
    }
}
