//! **Manage seats**: the slider, the number field, the live total and **Update**.

use leptos::prelude::*;
use pricing::{Action, Cycle, Seats, SeatsOffer};

use crate::format;
use crate::i18n::{blocked_text, count_error_text, fill, lang, t_count, t_string, use_i18n};
use crate::state::{Billing, Clock, Dialog, Dialogs};

use super::super::gate::GatedButton;
use super::{parse_seats, total_text, SeatsInput};

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
    let changed = Memo::new(move |_| wanted.get().is_some_and(|n| seats.get().changed_by(n)));
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
        // One seat for a month.
        let price = billing.with_catalog(|c| format::money(l, c.seats_price(1, Cycle::Monthly)));
        fill(t_string!(i18n, seats.price_each), &[("price", &price)])
    };
    let disabled = move || blocked.get().is_some();
    view! {
        <div class="bu-seats">
            <dl class="bu-seats__counts">
                <div class="bu-seats__count">
                    <dt>{t_string!(i18n, seats.purchased)}</dt>
                    <dd class="bu-seats__purchased">{move || seats.get().purchased}</dd>
                </div>
                <div class="bu-seats__count">
                    <dt>{t_string!(i18n, seats.assigned)}</dt>
                    <dd class="bu-seats__assigned">{move || seats.get().assigned}</dd>
                </div>
                <div class="bu-seats__count">
                    <dt>{t_string!(i18n, seats.empty)}</dt>
                    <dd class="bu-seats__empty">{move || seats.get().empty()}</dd>
                </div>
            </dl>
            <p class="bu-seats__price">{price_each}</p>
            <div class="bu-field bu-seats__field">
                <label for="bu-seats-range" class="bu-field__label">
                    {t_string!(i18n, seats.slider_label)}
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
                        aria-label={t_string!(i18n, seats.number_label)}
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
                <span class="bu-seats__total-label">{t_string!(i18n, seats.total_label)}</span>
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
