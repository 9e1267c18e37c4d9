//! Switching the billing cycle (DESIGN §3): monthly → annual is more commitment, so it is
//! self-serve — a new annual period starts now, the annual price is charged with a credit
//! for the unused part of the month. Annual → monthly is a downgrade: the same dialog shows
//! the price and pricing's verdict sends it to the support path.

use leptos::prelude::*;
use pricing::{Action, Change, Cycle, Status};

use crate::i18n::{cycle_name, fill, t_string, use_i18n};
use crate::state::{Billing, Checkout, Dialog, Dialogs};

use super::checkout::CheckoutPanel;
use super::dialog::Modal;
use super::gate::GatedButton;

/// The cycle an active account may be offered next: annual for monthly payers, monthly for
/// annual payers; none during an annual commitment, a trial or any other state.
pub fn offered_cycle(cycle: Cycle, status: &Status) -> Option<Cycle> {
    match (status, cycle) {
        (Status::Active, Cycle::Monthly) => Some(Cycle::Annual),
        (Status::Active, Cycle::Annual) => Some(Cycle::Monthly),
        _ => None,
    }
}

/// "Switch to annual billing" next to the billing cycle, when one is offered.
#[component]
pub fn CycleSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let dialogs = Dialogs::use_dialogs();
    move || {
        billing
            .with_account(|a| offered_cycle(a.cycle, &a.status))
            .map(|cycle| {
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
    let name = cycle_name(i18n, cycle).to_lowercase();
    fill(t_string!(i18n, change.switch_cycle), &[("name", &name)]).to_string()
}

/// The price of moving to `cycle` → **Switch** (or the support path for a downgrade).
#[component]
pub fn CycleDialog(cycle: Cycle) -> impl IntoView {
    let i18n = use_i18n();
    let dialogs = Dialogs::use_dialogs();
    let checkout = Checkout::new();
    let changes = Signal::stored(vec![Change::SwitchCycle { cycle }]);
    view! {
        <Modal
            title=Signal::derive(move || switch_label(i18n, cycle))
            close_label=Signal::derive(move || t_string!(i18n, dialog.close).to_string())
            on_close=move |_| dialogs.close()
        >
            <p class="bu-modal__lead">
                {move || match cycle {
                    Cycle::Annual => t_string!(i18n, switch_cycle.to_annual).to_string(),
                    _ => t_string!(i18n, switch_cycle.to_monthly).to_string(),
                }}
            </p>
            <CheckoutPanel
                changes=changes
                checkout=checkout
                action=Action::Upgrade
                confirm_label=Signal::derive(move || t_string!(i18n, switch_cycle.confirm).to_string())
                done_text=Signal::derive(move || {
                    let name = cycle_name(i18n, cycle).to_lowercase();
                    fill(t_string!(i18n, switch_cycle.done), &[("name", &name)]).to_string()
                })
            />
        </Modal>
    }
}
