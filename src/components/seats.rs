//! Conversations → **Manage seats** (DESIGN §2, seed 002): a slider and a number field for
//! the seat count, the monthly total live from the pricing crate (no request per move),
//! assigned and empty seats, the floor at the assigned seats with the reason, and
//! **Update** → a dialog with the new total and what is charged now → **Confirm seat
//! purchase** (the shared checkout: server quote, then the order).

use leptos::prelude::*;
use pricing::{Account, Action, Change, Cycle, Seats, Status, MAX_SEATS};

use crate::format;
use crate::i18n::{blocked_text, fill, lang, plan_name, t_string, use_i18n, I18n};
use crate::state::{Billing, Checkout, Dialog, Dialogs};

use super::checkout::CheckoutPanel;
use super::dialog::Modal;
use super::gate::GatedButton;

/// What the customer typed or slid to, read against the seats they have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeatsInput {
    /// A count that can be priced.
    Valid(u32),
    /// Below the seats assigned to agents: only empty seats can be removed.
    BelowAssigned { assigned: u32 },
    /// Not a whole number, or above [`MAX_SEATS`].
    Invalid,
}

/// Reads a seat count (spaces and group separators allowed) against `seats`.
pub fn parse_seats(text: &str, seats: Seats) -> SeatsInput {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | ',' | '.' | '\u{a0}' | '\''))
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return SeatsInput::Invalid;
    }
    // No cap on seats (DESIGN §2): MAX_SEATS is u32::MAX, so a count past it fails to parse.
    match digits.parse::<u32>() {
        // Seed 002: only empty seats can be removed.
        Ok(n) if n < seats.assigned => SeatsInput::BelowAssigned {
            assigned: seats.assigned,
        },
        Ok(n) => SeatsInput::Valid(n),
        Err(_) => SeatsInput::Invalid,
    }
}

/// The cart that sets `seats` seats. On a trial account the seats are billed on the
/// account's cycle, so buying them converts the trial (DESIGN §3: a new paid period
/// starts now) — the plan is kept and bought with them.
pub fn seats_cart(account: &Account, seats: u32) -> Vec<Change> {
    let mut cart = Vec::with_capacity(2);
    if matches!(account.status, Status::Trial { .. }) {
        cart.push(Change::SetPlan { plan: account.plan });
    }
    cart.push(Change::SetSeats { seats });
    cart
}

/// Whether `wanted` seats would change anything: a new count, or trial seats bought.
pub fn seats_changed(seats: Seats, wanted: u32) -> bool {
    seats.trial || wanted != seats.purchased
}

/// The slider's upper end: room to grow past what the account has (there is no cap;
/// the number field goes further, up to [`MAX_SEATS`]).
fn slider_max(seats: Seats, wanted: u32) -> u32 {
    let room = (seats.purchased.max(seats.assigned) * 2).max(50);
    room.max(wanted)
}

/// "$95.00 per month", and on an annual cycle the yearly amount too (× 12, no discount).
fn total_text(i18n: I18n, billing: Billing, seats: u32) -> (String, Option<String>) {
    let l = lang(i18n);
    let (monthly, yearly) = billing.with_catalog(|c| {
        let money = |cycle| format::money_amount(l, c.seats_price(seats, cycle), c.currency);
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
                {move || t_string!(i18n, seats.title)}
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
                    {move || t_string!(i18n, seats.tab)}
                </button>
            </div>
            <div id="bu-seats-panel" role="tabpanel" aria-labelledby="bu-seats-tab">
                <SeatsPanel />
            </div>
        </section>
    }
}

/// **Manage seats**: assigned and empty seats, the slider and number field, the live
/// total, and **Update** (or **Buy now** on trial seats).
#[component]
pub fn SeatsPanel() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let dialogs = use_context::<Dialogs>();
    let seats = Memo::new(move |_| billing.with_account(|a| a.seats));
    let wanted = RwSignal::new(seats.get_untracked().purchased);
    // What the number field last refused, shown beside it (the field keeps its text).
    let refused = RwSignal::new(None::<SeatsInput>);
    let blocked = Memo::new(move |_| billing.gate(Action::ManageSeats).err());
    // Never below the assigned seats, even if the account changed under the slider.
    let value = Memo::new(move |_| wanted.get().max(seats.get().assigned));
    let changed = Memo::new(move |_| seats_changed(seats.get(), value.get()));
    let total = Memo::new(move |_| total_text(i18n, billing, value.get()));

    // Takes what the slider or the field says; returns the count to show back.
    let take = move |text: String, from_slider: bool| -> Option<u32> {
        let input = parse_seats(&text, seats.get_untracked());
        match input {
            SeatsInput::Valid(n) => {
                wanted.set(n);
                refused.set(None);
                Some(n)
            }
            SeatsInput::BelowAssigned { assigned } => {
                wanted.set(assigned);
                refused.set(Some(input));
                Some(assigned)
            }
            SeatsInput::Invalid if from_slider => None,
            SeatsInput::Invalid => {
                refused.set(Some(input));
                None
            }
        }
    };
    let open = move || {
        if let Some(d) = dialogs {
            d.open(Dialog::Seats {
                seats: value.get_untracked(),
            })
        }
    };
    let floor_text = move || {
        let assigned = seats.get().assigned;
        (assigned > 0).then(|| fill(t_string!(i18n, seats.floor), &[("assigned", &assigned)]))
    };
    let delta_text = move || {
        let s = seats.get();
        let n = value.get();
        if s.trial {
            let trial = s.purchased;
            return Some(fill(
                t_string!(i18n, seats.trial_note),
                &[("seats", &trial)],
            ));
        }
        if n > s.purchased {
            let more = n - s.purchased;
            Some(fill(t_string!(i18n, seats.add_note), &[("seats", &more)]))
        } else if n < s.purchased {
            let fewer = s.purchased - n;
            Some(fill(
                t_string!(i18n, seats.remove_note),
                &[("seats", &fewer)],
            ))
        } else {
            None
        }
    };
    let price_each = move || {
        let l = lang(i18n);
        let price = billing.with_catalog(|c| {
            format::money_amount(l, c.conversations.seat_price_monthly, c.currency)
        });
        fill(t_string!(i18n, seats.price_each), &[("price", &price)])
    };
    let disabled = move || blocked.get().is_some();
    view! {
        <div class="bu-seats">
            <dl class="bu-seats__counts">
                <div class="bu-seats__count">
                    <dt>{move || t_string!(i18n, seats.purchased)}</dt>
                    <dd class="bu-seats__purchased">{move || seats.get().purchased}</dd>
                </div>
                <div class="bu-seats__count">
                    <dt>{move || t_string!(i18n, seats.assigned)}</dt>
                    <dd class="bu-seats__assigned">{move || seats.get().assigned}</dd>
                </div>
                <div class="bu-seats__count">
                    <dt>{move || t_string!(i18n, seats.empty)}</dt>
                    <dd class="bu-seats__empty">{move || seats.get().empty()}</dd>
                </div>
            </dl>
            <p class="bu-seats__price">{price_each}</p>
            <div class="bu-field bu-seats__field">
                <label for="bu-seats-range" class="bu-field__label">
                    {move || t_string!(i18n, seats.slider_label)}
                </label>
                <div class="bu-seats__controls">
                    <input
                        id="bu-seats-range"
                        class="bu-seats__range"
                        type="range"
                        min=move || seats.get().assigned.to_string()
                        max=move || slider_max(seats.get(), value.get()).to_string()
                        step="1"
                        prop:value=move || value.get().to_string()
                        aria-describedby="bu-seats-floor bu-seats-total"
                        aria-valuetext=move || {
                            let n = value.get();
                            fill(t_string!(i18n, seats.count), &[("seats", &n)])
                        }
                        disabled=disabled
                        on:input=move |ev| {
                            take(event_target_value(&ev), true);
                        }
                    />
                    <input
                        id="bu-seats-number"
                        class="bu-input bu-seats__number"
                        type="number"
                        inputmode="numeric"
                        min=move || seats.get().assigned.to_string()
                        max=MAX_SEATS.to_string()
                        step="1"
                        prop:value=move || value.get().to_string()
                        aria-label=move || t_string!(i18n, seats.number_label)
                        aria-invalid=move || refused.get().is_some().to_string()
                        aria-describedby="bu-seats-error bu-seats-floor"
                        disabled=disabled
                        on:change=move |ev| {
                            // The field shows the count actually kept (e.g. clamped to the
                            // assigned seats), even when that count did not change.
                            if let Some(kept) = take(event_target_value(&ev), false) {
                                event_target::<web_sys::HtmlInputElement>(&ev)
                                    .set_value(&kept.to_string());
                            }
                        }
                    />
                </div>
                <p
                    id="bu-seats-floor"
                    class="bu-field__hint bu-seats__floor"
                    class:bu-seats__floor--reached=move || {
                        let s = seats.get();
                        s.assigned > 0 && value.get() == s.assigned
                    }
                >
                    {floor_text}
                </p>
                <p id="bu-seats-error" class="bu-field-error bu-seats__error" aria-live="polite">
                    {move || {
                        refused
                            .get()
                            .map(|input| match input {
                                SeatsInput::BelowAssigned { assigned } => {
                                    fill(t_string!(i18n, seats.below_assigned), &[("assigned", &assigned)])
                                }
                                _ => fill(t_string!(i18n, seats.invalid), &[("max", &MAX_SEATS)]),
                            })
                    }}
                </p>
            </div>
            <div class="bu-seats__summary">
                <span class="bu-seats__total-label">{move || t_string!(i18n, seats.total_label)}</span>
                " "
                <output id="bu-seats-total" class="bu-seats__total" for="bu-seats-range" aria-live="polite">
                    {move || total.get().0}
                </output>
                {move || {
                    total
                        .get()
                        .1
                        .map(|yearly| {
                            view! {
                                <span class="bu-seats__yearly">
                                    {fill(t_string!(i18n, seats.yearly), &[("amount", &yearly)])}
                                </span>
                            }
                        })
                }}
            </div>
            <p class="bu-seats__delta" aria-live="polite">{delta_text}</p>
            <div class="bu-seats__actions">
                <GatedButton
                    action=Action::ManageSeats
                    class="bu-button bu-seats__update"
                    label=Signal::derive(move || {
                        if seats.get().trial {
                            t_string!(i18n, seats.buy_now).to_string()
                        } else {
                            t_string!(i18n, seats.update).to_string()
                        }
                    })
                    disabled=Signal::derive(move || !changed.get() || dialogs.is_none())
                    on_click=move |_| open()
                />
                {move || {
                    blocked
                        .get()
                        .map(|b| view! { <p class="bu-gate-note bu-seats__blocked">{blocked_text(i18n, b)}</p> })
                }}
            </div>
        </div>
    }
}

/// **Update** → the new monthly total, what is charged now (prorated) or that removing
/// seats refunds nothing, then **Confirm seat purchase**.
#[component]
pub fn SeatsDialog(
    /// The seat count asked for.
    seats: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let dialogs = Dialogs::use_dialogs();
    let checkout = Checkout::new();
    // Read once: the cart is fixed when the dialog opens; after the order the account
    // changes, the cart does not.
    let (before, trial_account, plan, cart) = untrack(|| {
        billing.with_account(|a| {
            (
                a.seats,
                matches!(a.status, Status::Trial { .. }),
                a.plan,
                seats_cart(a, seats),
            )
        })
    });
    let changes = Signal::derive(move || cart.clone());
    let total = move || {
        let (monthly, yearly) = total_text(i18n, billing, seats);
        let mut text = fill(
            t_string!(i18n, seats.new_total),
            &[("amount", &monthly), ("seats", &seats)],
        );
        if let Some(yearly) = yearly {
            text.push(' ');
            text.push_str(&fill(t_string!(i18n, seats.yearly), &[("amount", &yearly)]));
        }
        text
    };
    let note = move || {
        if trial_account {
            let name = plan_name(plan);
            fill(
                t_string!(i18n, seats.trial_account_note),
                &[("plan", &name)],
            )
        } else if before.trial {
            let trial = before.purchased;
            fill(t_string!(i18n, seats.trial_note), &[("seats", &trial)])
        } else if seats < before.purchased {
            let fewer = before.purchased - seats;
            fill(t_string!(i18n, seats.remove_note), &[("seats", &fewer)])
        } else {
            let more = seats.saturating_sub(before.purchased);
            fill(t_string!(i18n, seats.add_note), &[("seats", &more)])
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
            close_label=Signal::derive(move || t_string!(i18n, dialog.close).to_string())
            on_close=move |_| dialogs.close()
            class="bu-seats-dialog"
        >
            <p class="bu-seats-dialog__total">{total}</p>
            <p class="bu-notice bu-seats-dialog__note">{note}</p>
            <CheckoutPanel
                changes=changes
                checkout=checkout
                action=Action::ManageSeats
                confirm_label=Signal::derive(move || t_string!(i18n, seats.confirm).to_string())
                done_text=Signal::derive(move || {
                    fill(t_string!(i18n, seats.done), &[("seats", &seats)])
                })
            />
        </Modal>
    }
}
