//! Conversations → **Manage seats** (DESIGN §2, seed 002): a slider and a number field for
//! the seat count, the monthly total live from the pricing crate (no request per move),
//! assigned and empty seats, the floor at the assigned seats with the reason, and
//! **Update** → a dialog with the new total and what is charged now → **Confirm seat
//! purchase** (the shared checkout: server quote, then the order).

use leptos::prelude::*;
use pricing::{Account, Action, Change, Cycle, Seats, SeatsOffer, Status};

use crate::format;
use crate::i18n::{
    blocked_text, count_error_text, fill, lang, plan_name, t_count, t_string, use_i18n,
};
use crate::i18n::{I18n, Locale};
use crate::parse::{parse_count, CountError};
use crate::state::{Billing, Checkout, Clock, Dialog, Dialogs};

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
    /// Not a whole count (see [`parse_count`]); there is no seat cap, only the type's.
    Invalid(CountError),
}

/// Reads a seat count typed in `locale` (the one count parser) against `seats`.
pub fn parse_seats(text: &str, locale: Locale, seats: Seats) -> SeatsInput {
    match parse_count::<u32>(text, locale) {
        Err(e) => SeatsInput::Invalid(e),
        // Seed 002: only empty seats can be removed.
        Ok(n) if n < seats.assigned => SeatsInput::BelowAssigned {
            assigned: seats.assigned,
        },
        Ok(n) => SeatsInput::Valid(n),
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
/// the number field goes further).
fn slider_max(seats: Seats, wanted: u32) -> u32 {
    let room = seats
        .purchased
        .max(seats.assigned)
        .saturating_mul(2)
        .max(50);
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
    let clock = Clock::use_clock();
    // Pricing decides: a Conversations trial that ended leaves no seats (even before the
    // account is rolled forward), and what the section offers — Buy now / Purchase / Update.
    let seats = Memo::new(move |_| billing.with_account(|a| a.seats.after_trial(clock.now())));
    let offer = Memo::new(move |_| billing.with_account(|a| a.seats.offer(clock.now())));
    // What the number field holds, as typed (or as the slider set it): DESIGN §5, a field
    // never rewrites what a person typed; it is read by the page's locale.
    let typed = RwSignal::new(seats.get_untracked().purchased.to_string());
    let read = Memo::new(move |_| parse_seats(&typed.get(), i18n.get_locale(), seats.get()));
    // The count to price, only while the field reads as one.
    let wanted = Memo::new(move |_| match read.get() {
        SeatsInput::Valid(n) => Some(n),
        _ => None,
    });
    // A range cannot show "4.5": it stays at the last count that could be read, never
    // below the assigned seats (even if the account changed under it).
    let slider_at = Memo::new(move |last: Option<&u32>| {
        let s = seats.get();
        wanted
            .get()
            .or(last.copied())
            .unwrap_or(s.purchased)
            .max(s.assigned)
    });
    let number_field = NodeRef::<leptos::html::Input>::new();
    let blocked = Memo::new(move |_| billing.gate(Action::ManageSeats).err());
    let changed = Memo::new(move |_| wanted.get().is_some_and(|n| seats_changed(seats.get(), n)));
    let total = Memo::new(move |_| wanted.get().map(|n| total_text(i18n, billing, n)));

    let open = move || {
        if let (Some(d), Some(seats)) = (dialogs, wanted.get_untracked()) {
            d.open(Dialog::Seats { seats })
        }
    };
    let floor_text = move || {
        let assigned = seats.get().assigned;
        (assigned > 0).then(|| {
            fill(
                t_count!(i18n, seats.floor, assigned),
                &[("assigned", &assigned)],
            )
        })
    };
    let delta_text = move || {
        let s = seats.get();
        let ends = s.trial_ends_at.map(|at| format::date(lang(i18n), at));
        if s.trial {
            let trial = s.purchased;
            let note = fill(
                t_count!(i18n, seats.trial_note, trial),
                &[("seats", &trial)],
            );
            return Some(match ends {
                Some(date) => {
                    let until = fill(t_string!(i18n, seats.trial_until), &[("date", &date)]);
                    format!("{until} {note}")
                }
                None => note,
            });
        }
        if offer.get() == SeatsOffer::Purchase && wanted.get().is_none_or(|n| n == 0) {
            let date = ends.unwrap_or_default();
            return Some(fill(t_string!(i18n, seats.trial_ended), &[("date", &date)]));
        }
        let n = wanted.get()?;
        if n > s.purchased {
            let more = n - s.purchased;
            Some(fill(
                t_count!(i18n, seats.add_note, more),
                &[("seats", &more)],
            ))
        } else if n < s.purchased {
            let fewer = s.purchased - n;
            Some(fill(
                t_count!(i18n, seats.remove_note, fewer),
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
                        max=move || slider_max(seats.get(), slider_at.get()).to_string()
                        step="1"
                        prop:value=move || slider_at.get().to_string()
                        aria-describedby="bu-seats-floor bu-seats-total"
                        aria-valuetext=move || {
                            let n = slider_at.get();
                            fill(t_count!(i18n, seats.count, n), &[("seats", &n)])
                        }
                        disabled=disabled
                        on:input=move |ev| {
                            // Moving the slider is the person's own edit of the count: the
                            // field shows the slider's (always valid) value.
                            let value = event_target_value(&ev);
                            if let Some(field) = number_field.get() {
                                field.set_value(&value);
                            }
                            typed.set(value);
                        }
                    />
                    // type="text": a number input hides what was typed from the page
                    // when it is not a number; the field is never written from the
                    // parsed count (only the slider sets it, above).
                    <input
                        id="bu-seats-number"
                        node_ref=number_field
                        class="bu-input bu-seats__number"
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        value=typed.get_untracked()
                        aria-label=move || t_string!(i18n, seats.number_label)
                        aria-invalid=move || wanted.get().is_none().to_string()
                        aria-describedby="bu-seats-error bu-seats-floor"
                        disabled=disabled
                        on:input=move |ev| typed.set(event_target_value(&ev))
                    />
                </div>
                <p
                    id="bu-seats-floor"
                    class="bu-field__hint bu-seats__floor"
                    class:bu-seats__floor--reached=move || {
                        let s = seats.get();
                        s.assigned > 0 && slider_at.get() == s.assigned
                    }
                >
                    {floor_text}
                </p>
                <p id="bu-seats-error" class="bu-field-error bu-seats__error" aria-live="polite">
                    {move || match read.get() {
                        SeatsInput::Valid(_) => None,
                        SeatsInput::BelowAssigned { assigned } => {
                            Some(fill(t_count!(i18n, seats.below_assigned, assigned), &[("assigned", &assigned)]))
                        }
                        SeatsInput::Invalid(e) => Some(count_error_text(i18n, e, u64::from(u32::MAX))),
                    }}
                </p>
            </div>
            <div class="bu-seats__summary">
                <span class="bu-seats__total-label">{move || t_string!(i18n, seats.total_label)}</span>
                " "
                <output id="bu-seats-total" class="bu-seats__total" for="bu-seats-range" aria-live="polite">
                    // Nothing is priced while the field cannot be read.
                    {move || total.get().map_or_else(|| "—".to_string(), |(monthly, _)| monthly)}
                </output>
                {move || {
                    total
                        .get()
                        .and_then(|(_, yearly)| yearly)
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
                    label=Signal::derive(move || match offer.get() {
                        SeatsOffer::BuyNow => t_string!(i18n, seats.buy_now).to_string(),
                        SeatsOffer::Purchase => t_string!(i18n, seats.purchase).to_string(),
                        SeatsOffer::Manage => t_string!(i18n, seats.update).to_string(),
                    })
                    // Also while the field cannot be read (`changed` needs a count).
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
        if trial_account {
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
                    fill(t_count!(i18n, seats.done, seats), &[("seats", &seats)])
                })
            />
        </Modal>
    }
}
