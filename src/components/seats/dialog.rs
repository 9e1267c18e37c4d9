//! The seat purchase dialog: new total, charged now, **Confirm seat purchase**.

use leptos::prelude::*;
use pricing::{Action, Change};

use crate::i18n::{fill, plan_name, t_count, t_string, use_i18n};
use crate::state::{Billing, Checkout};

use super::super::checkout::CheckoutPanel;
use super::super::dialog::Modal;
use super::total_text;

/// **Update** → the new monthly total, what is charged now (prorated) or that removing
/// seats refunds nothing, then **Confirm seat purchase**.
#[component]
pub fn SeatsDialog(
    /// The seat count asked for.
    seats: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let checkout = Checkout::new();
    // Read once: the cart is fixed when the dialog opens; after the order the account
    // changes, the cart does not.
    let (before, plan, cart) =
        untrack(|| billing.with_account(|a| (a.seats, a.plan, a.seats_cart(seats))));
    // On a trial the cart buys the plan with the seats: say so.
    let buys_plan = cart.iter().any(|c| matches!(c, Change::SetPlan { .. }));
    let changes = Signal::derive(move || cart.clone());
    let total = move || {
        let (monthly, yearly) = total_text(i18n, billing, seats);
        let mut text = fill(
            t_count!(i18n, seats.new_total, seats),
            &[("amount", &monthly), ("seats", &seats)],
        );
        if let Some(yearly) = yearly {
            text.push(' ');
            text.push_str(&fill(t_string!(i18n, seats.yearly), &[("amount", &yearly)]));
        }
        text
    };
    let note = move || {
        if buys_plan {
            let name = plan_name(plan);
            fill(
                t_string!(i18n, seats.trial_account_note),
                &[("plan", &name)],
            )
        } else if before.trial {
            let trial = before.purchased;
            fill(
                t_count!(i18n, seats.trial_note, trial),
                &[("seats", &trial)],
            )
        } else if seats < before.purchased {
            let fewer = before.purchased - seats;
            fill(
                t_count!(i18n, seats.remove_note, fewer),
                &[("seats", &fewer)],
            )
        } else {
            let more = seats.saturating_sub(before.purchased);
            fill(t_count!(i18n, seats.add_note, more), &[("seats", &more)])
        }
    };
    view! {
        <Modal
            title=Signal::derive(move || {
                if before.trial {
                    t_string!(i18n, seats.dialog_title_buy).to_string()
                } else {
                    t_string!(i18n, seats.dialog_title).to_string()
                }
            })
            class="bu-seats-dialog"
        >
            <p class="bu-seats-dialog__total">{total}</p>
            <p class="bu-notice bu-seats-dialog__note">{note}</p>
            <CheckoutPanel
                changes=changes
                checkout=checkout
                action=Action::ManageSeats
                confirm_label=Signal::stored(t_string!(i18n, seats.confirm).to_string())
                done_text=Signal::derive(move || {
                    fill(t_count!(i18n, seats.done, seats), &[("seats", &seats)])
                })
            />
        </Modal>
    }
}
