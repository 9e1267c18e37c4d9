//! Conversations → **Manage seats** (DESIGN §2, seed 002): a slider and a number field for
//! the seat count, the monthly total live from the pricing crate (no request per move),
//! assigned and empty seats, the floor at the assigned seats with the reason, and
//! **Update** → a dialog with the new total and what is charged now → **Confirm seat
//! purchase** (the shared checkout: server quote, then the order).

mod dialog;
mod input;
mod panel;

pub use dialog::SeatsDialog;
pub use input::{parse_seats, SeatsInput};
use panel::SeatsPanel;

use leptos::prelude::*;
use pricing::Cycle;

use crate::format;
use crate::i18n::{lang, t_string, use_i18n, I18n};
use crate::state::Billing;

/// "$95.00 per month", and on an annual cycle the yearly amount too (× 12, no discount).
pub(crate) fn total_text(i18n: I18n, billing: Billing, seats: u32) -> (String, Option<String>) {
    let l = lang(i18n);
    let (monthly, yearly) = billing.with_catalog(|c| {
        let money = |cycle| format::money(l, c.seats_price(seats, cycle));
        (money(Cycle::Monthly), money(Cycle::Annual))
    });
    let annual = billing.with_account(|a| a.cycle == Cycle::Annual);
    (monthly, annual.then_some(yearly))
}

/// The Conversations section with its **Manage seats** tab.
#[component]
pub fn Conversations() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let billed = move || {
        if billing.with_account(|a| a.cycle == Cycle::Annual) {
            t_string!(i18n, seats.billed_yearly).to_string()
        } else {
            t_string!(i18n, seats.billed_monthly).to_string()
        }
    };
    view! {
        <section class="bu-card bu-conversations" aria-labelledby="bu-conversations-title">
            <h2 id="bu-conversations-title" class="bu-section-title">
                {t_string!(i18n, seats.title)}
            </h2>
            <p class="bu-conversations__billing">{billed}</p>
            <div class="bu-tabs" role="tablist" aria-labelledby="bu-conversations-title">
                <button
                    type="button"
                    role="tab"
                    id="bu-seats-tab"
                    class="bu-tab bu-tab--active"
                    aria-selected="true"
                    aria-controls="bu-seats-panel"
                >
                    {t_string!(i18n, seats.tab)}
                </button>
            </div>
            <div id="bu-seats-panel" role="tabpanel" aria-labelledby="bu-seats-tab">
                <SeatsPanel />
            </div>
        </section>
    }
}
