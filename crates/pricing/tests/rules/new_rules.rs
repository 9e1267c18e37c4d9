//! Annual-commit cancellation, annual SMS packs, auto-upgrade, uncapped seats, the
//! Conversations trial's end and the 1:1 session offer (DESIGN §2–3, seeds 001, 002, 004).

use crate::common::{account, amt, at, d, plus_monthly, sample_catalog_usd, usd};
use pricing::*;

const NOW: &str = "2024-04-16T00:00:00Z";

// ---- Annual-commit cancellation ------------------------------------------------------

#[test]
fn annual_commit_cancellation_term_end_is_the_later_of_term_and_period_end() {
    let c = sample_catalog_usd();
    let mut acc = account(
        PlanId::Plus,
        Cycle::AnnualCommitMonthly,
        "2024-01-15T00:00:00Z",
        "2024-04-20T00:00:00Z",
    );
    // A term that ended inside the current monthly period (Apr 15 – May 15): the period end.
    acc.commit_term = Some(Period {
        start: at("2023-04-18T00:00:00Z"),
        end: at("2024-04-18T00:00:00Z"),
    });
    let q = quote(&c, &acc, &[Change::Cancel], at("2024-04-16T00:00:00Z")).unwrap();
    assert_eq!(
        q.reason,
        Some(NotSelfServe::AnnualCommitCancellation {
            term_end: at("2024-05-15T00:00:00Z")
        })
    );
    // Pause stays refused with its own reason.
    let q = quote(&c, &acc, &[Change::Pause], at("2024-04-16T00:00:00Z")).unwrap();
    assert_eq!(q.reason, Some(NotSelfServe::AnnualCommitTerm));
    // Monthly payers still cancel by themselves.
    let q = quote(&c, &plus_monthly(NOW), &[Change::Cancel], at(NOW)).unwrap();
    assert!(q.self_serve);
}

#[test]
fn the_new_reason_serialises_with_its_term_end() {
    let reason = NotSelfServe::AnnualCommitCancellation {
        term_end: at("2025-01-15T00:00:00Z"),
    };
    assert_eq!(
        serde_json::to_value(&reason).unwrap(),
        serde_json::json!({ "kind": "annual_commit_cancellation", "term_end": "2025-01-15T00:00:00Z" })
    );
}

// ---- SMS packs on annual billing -------------------------------------------------------

/// Pro, annual, anchored on Jan 31 (so monthly grants clamp to Feb 29, Apr 30…), with SMS.
fn pro_annual_31(now: &str) -> Account {
    let mut acc = account(PlanId::Pro, Cycle::Annual, "2024-01-31T00:00:00Z", now);
    acc.addons = vec![AddOnId::Sms];
    acc
}

#[test]
fn monthly_grants_left_count_the_current_month_through_the_last_of_the_annual_period() {
    // Annual period Jan 31 2024 – Jan 31 2025; monthly grants start Jan 31, Feb 29, Mar 31,
    // Apr 30, May 31, Jun 30, Jul 31, Aug 31, Sep 30, Oct 31, Nov 30, Dec 31 (12).
    let acc = pro_annual_31("2024-02-29T12:00:00Z");
    assert_eq!(acc.period.end, at("2025-01-31T00:00:00Z"));
    assert_eq!(acc.sms_grants_left(at("2024-01-31T00:00:00Z")), 12);
    // Inside Feb 29 – Mar 31: Feb 29 … Dec 31 = 11.
    assert_eq!(acc.sms_grants_left(at("2024-02-29T12:00:00Z")), 11);
    // Just before Feb 29 starts: still in Jan 31 – Feb 29, 12.
    assert_eq!(acc.sms_grants_left(at("2024-02-28T23:59:59Z")), 12);
    // The last grant (Dec 31 – Jan 31): 1; at the period end: 0.
    assert_eq!(acc.sms_grants_left(at("2025-01-30T23:59:59Z")), 1);
    assert_eq!(acc.sms_grants_left(at("2025-01-31T00:00:00Z")), 0);
    // Monthly cycles bill this month's grant only.
    assert_eq!(plus_monthly(NOW).sms_grants_left(at(NOW)), 1);
}

#[test]
fn an_sms_pack_on_annual_billing_is_charged_once_per_monthly_grant_left() {
    let c = sample_catalog_usd();
    let t = at("2024-02-29T12:00:00Z");
    let acc = pro_annual_31("2024-02-29T12:00:00Z");
    let pack = || Change::BuySmsPack {
        pack: "sms_1000".into(),
    };
    let q = quote(&c, &acc, &[pack()], t).unwrap();
    // 11 grants left × 15.00 = 165.00; quantity = packs, unit = price × grants, in full.
    assert_eq!(
        q.lines,
        vec![QuoteLine {
            item: LineItem::SmsPack("sms_1000".into()),
            quantity: d("1"),
            unit_amount: d("165.00"),
            proration: None,
            amount: amt("165.00"),
        }]
    );
    assert_eq!(q.charge_now, d("165.00"));
    // Two packs: 2 × 165.00 = 330.00.
    let q = quote(&c, &acc, &[pack(), pack()], t).unwrap();
    assert_eq!(q.charge_now, d("330.00"));
    // The annual invoice carries 12 × 15.00 = 180.00 per pack.
    let after = apply(&c, &acc, &[pack()], t).unwrap();
    let sms_line = after
        .recurring_lines(&c)
        .unwrap()
        .into_iter()
        .find(|l| matches!(l.item, LineItem::SmsPack(_)))
        .unwrap();
    assert_eq!(sms_line.amount, d("180.00"));
    // Credits are granted in full at once: 1,000 (the add-on's 500 resets monthly).
    assert_eq!(after.sms.remaining, 1_000);
    // Monthly cycles unchanged: 15.00 now.
    let mut monthly = plus_monthly(NOW);
    monthly.addons = vec![AddOnId::Sms];
    assert_eq!(
        quote(&c, &monthly, &[pack()], at(NOW)).unwrap().charge_now,
        d("15.00")
    );
}

// ---- Auto-upgrade ----------------------------------------------------------------------

/// Plus monthly, 1,000 contacts, Apr 1 – May 1 (30 days), auto-upgrade on.
fn auto(usage: u32) -> Account {
    let mut acc = plus_monthly(NOW);
    acc.auto_upgrade = true;
    acc.usage.contacts = usage;
    acc
}

#[test]
fn auto_upgrade_raises_the_limit_and_charges_like_a_manual_tier_increase() {
    let c = sample_catalog_usd();
    let acc = auto(1_200);
    let up = auto_upgrade(&c, &acc, at(NOW)).unwrap().expect("fires");
    // Tier 2,500 (70.00) − tier 1,000 (49.00) = 21.00 × 15 of 30 days = 10.50.
    assert_eq!(up.quote.charge_now, d("10.50"));
    let manual = quote(
        &c,
        &acc,
        &[Change::SetContacts { contacts: 2_500 }],
        at(NOW),
    )
    .unwrap();
    assert_eq!(up.quote.lines, manual.lines);
    assert_eq!(up.account.contacts, 2_500);
    assert_eq!(up.account.version, 8);
    assert_eq!(
        up.account.last_auto_upgrade,
        Some(AutoUpgradeEvent {
            at: at(NOW),
            from_contacts: 1_000,
            to_contacts: 2_500,
            charged: usd("10.50"),
        })
    );
    // Observed again: the limit holds the contacts, nothing more happens.
    assert_eq!(auto_upgrade(&c, &up.account, at(NOW)).unwrap(), None);
}

#[test]
fn auto_upgrade_past_the_top_tier_stops_at_the_top_tier() {
    let c = sample_catalog_usd();
    // Plus tops out at 10,000 (175.00): 175.00 − 49.00 = 126.00 × 0.5 = 63.00.
    let up = auto_upgrade(&c, &auto(60_000), at(NOW)).unwrap().unwrap();
    assert_eq!(up.account.contacts, 10_000);
    assert_eq!(up.quote.charge_now, d("63.00"));
    // Already at the top tier: nothing (a plan change is the customer's choice).
    assert_eq!(auto_upgrade(&c, &up.account, at(NOW)).unwrap(), None);
}

#[test]
fn auto_upgrade_does_nothing_when_off_within_the_limit_or_not_paying() {
    let c = sample_catalog_usd();
    let mut off = auto(1_200);
    off.auto_upgrade = false;
    assert_eq!(auto_upgrade(&c, &off, at(NOW)).unwrap(), None);
    assert_eq!(auto_upgrade(&c, &auto(1_000), at(NOW)).unwrap(), None);
    let mut trial = auto(1_200);
    trial.status = Status::Trial {
        ends_at: at("2024-04-30T00:00:00Z"),
    };
    assert_eq!(auto_upgrade(&c, &trial, at(NOW)).unwrap(), None);
    let mut resold = auto(1_200);
    resold.reseller = Some("Brightpath".into());
    assert_eq!(auto_upgrade(&c, &resold, at(NOW)).unwrap(), None);
}

// ---- Seats -----------------------------------------------------------------------------

#[test]
fn seats_have_no_cap_and_the_largest_count_does_not_overflow() {
    let c = sample_catalog_usd();
    let acc = plus_monthly(NOW);
    let changes = [Change::SetSeats { seats: u32::MAX }];
    let q = quote(&c, &acc, &changes, at(NOW)).unwrap();
    assert!(q.self_serve);
    // 4,294,967,295 × 19.00 = 81,604,378,605.00 a month; × 15/30 days = 40,802,189,302.50.
    assert_eq!(q.charge_now, d("40802189302.50"));
    // Next invoice: 49.00 + 81,604,378,605.00 = 81,604,378,654.00.
    assert_eq!(q.next_invoice.amount, d("81604378654.00"));
    // Annual: × 12 = 979,252,543,260.00 a year.
    assert_eq!(
        c.seats_price(u32::MAX, Cycle::Annual),
        usd("979252543260.00")
    );
}

fn trial_seats(ends_at: &str) -> Seats {
    Seats {
        purchased: 20,
        assigned: 2,
        trial: true,
        trial_ends_at: Some(at(ends_at)),
    }
}

#[test]
fn the_seats_section_offers_buy_now_during_the_trial_then_purchase_then_manage() {
    let seats = trial_seats("2024-04-20T00:00:00Z");
    assert!(seats.trial_active(at(NOW)));
    assert_eq!(seats.offer(at(NOW)), SeatsOffer::BuyNow);
    // DESIGN §2: after the trial, Purchase (before and after the account rolls forward).
    assert!(!seats.trial_active(at("2024-04-20T00:00:00Z")));
    assert_eq!(
        seats.offer(at("2024-04-20T00:00:00Z")),
        SeatsOffer::Purchase
    );
    let gone = seats.after_trial(at("2024-04-20T00:00:00Z"));
    assert_eq!(gone.offer(at("2024-04-21T00:00:00Z")), SeatsOffer::Purchase);
    // Never tried nor bought: Buy now; bought: the slider.
    assert_eq!(Seats::default().offer(at(NOW)), SeatsOffer::BuyNow);
    let bought = Seats {
        purchased: 5,
        assigned: 3,
        trial: false,
        trial_ends_at: Some(at("2024-04-01T00:00:00Z")),
    };
    assert_eq!(bought.offer(at(NOW)), SeatsOffer::Manage);
    // A trial from before the end date was known: running.
    let undated = Seats {
        trial_ends_at: None,
        ..seats
    };
    assert!(undated.trial_active(at("2030-01-01T00:00:00Z")));
}

#[test]
fn trial_seats_are_gone_once_the_clock_passes_the_trial_end() {
    let c = sample_catalog_usd();
    let mut acc = plus_monthly(NOW);
    acc.seats = trial_seats("2024-04-20T00:00:00Z");
    let before = advance(&c, &acc, at("2024-04-19T23:59:59Z")).unwrap();
    assert_eq!(before.account.seats, acc.seats);
    assert_eq!(before.account.version, 7);
    let after = advance(&c, &acc, at("2024-04-20T00:00:00Z")).unwrap();
    assert_eq!(
        after.account.seats,
        Seats {
            purchased: 0,
            assigned: 0,
            trial: false,
            trial_ends_at: Some(at("2024-04-20T00:00:00Z")),
        }
    );
    assert_eq!(after.account.version, 8);
    // Bought seats are never taken away by a date.
    let mut bought = acc.clone();
    bought.seats.trial = false;
    let kept = advance(&c, &bought, at("2024-04-25T00:00:00Z")).unwrap();
    assert_eq!(kept.account.seats, bought.seats);
}

#[test]
fn old_account_json_without_the_new_fields_still_parses() {
    let mut acc = plus_monthly(NOW);
    acc.seats = trial_seats("2024-04-20T00:00:00Z");
    let mut json = serde_json::to_value(&acc).unwrap();
    let obj = json.as_object_mut().unwrap();
    obj.remove("last_auto_upgrade");
    obj["seats"]
        .as_object_mut()
        .unwrap()
        .remove("trial_ends_at");
    let parsed: Account = serde_json::from_value(json).unwrap();
    assert_eq!(parsed.last_auto_upgrade, None);
    assert_eq!(parsed.seats.trial_ends_at, None);
}

// ---- Before you go ---------------------------------------------------------------------

#[test]
fn the_catalog_says_which_plans_offer_the_success_session() {
    let c = sample_catalog_usd();
    assert!(!c.offers_session(PlanId::Starter));
    assert!(!c.offers_session(PlanId::Plus));
    assert!(c.offers_session(PlanId::Pro));
    assert!(c.offers_session(PlanId::Enterprise));
    // A catalog without the key offers it to no plan.
    let mut json = serde_json::to_value(&c).unwrap();
    for plan in json["plans"].as_array_mut().unwrap() {
        plan.as_object_mut()
            .unwrap()
            .remove("offers_success_session");
    }
    let old: Catalog = serde_json::from_value(json).unwrap();
    assert!(!old.offers_session(PlanId::Pro));
}
