//! DESIGN §3 proration: (new − old) × (end − t) / (end − start), in seconds, rounded per line.

use crate::common::{account, amt, at, d, plus_monthly, sample_catalog_usd, scaled_catalog};
use pricing::*;

fn to_pro() -> Vec<Change> {
    vec![Change::SetPlan { plan: PlanId::Pro }]
}

fn charge(
    catalog: &Catalog,
    acc: &Account,
    changes: &[Change],
    now: &str,
) -> rust_decimal::Decimal {
    quote(catalog, acc, changes, at(now))
        .unwrap()
        .charge_now
        .decimal()
}

#[test]
fn upgrade_mid_period_charges_half_the_difference() {
    let c = sample_catalog_usd();
    let acc = plus_monthly("2024-04-16T00:00:00Z");
    let q = quote(&c, &acc, &to_pro(), at("2024-04-16T00:00:00Z")).unwrap();
    // Pro 79.00 − Plus 49.00 = 30.00 × 15 days / 30 days = 15.00.
    assert_eq!(
        q.lines,
        vec![QuoteLine {
            item: LineItem::PlanUpgrade(PlanId::Pro),
            quantity: d("1"),
            unit_amount: d("30.00"),
            proration: Some(Proration {
                remaining_seconds: 15 * 86_400,
                period_seconds: 30 * 86_400,
            }),
            amount: amt("15.00"),
        }]
    );
    assert_eq!(q.charge_now, d("15.00"));
    // The next invoice is the full new recurring amount on May 1.
    assert_eq!(
        q.next_invoice,
        NextInvoice {
            date: at("2024-05-01T00:00:00Z"),
            amount: amt("79.00")
        }
    );
    assert!(q.self_serve);
    assert_eq!(q.reason, None);
    assert_eq!(q.permission, Action::Upgrade);
    assert_eq!(q.effects[0].effective_at, at("2024-04-16T00:00:00Z"));
    assert_eq!(q.account_version, 7);
}

#[test]
fn upgrade_at_period_start_charges_the_full_difference() {
    let c = sample_catalog_usd();
    let acc = plus_monthly("2024-04-01T00:00:00Z");
    // 30.00 × 30/30.
    assert_eq!(
        charge(&c, &acc, &to_pro(), "2024-04-01T00:00:00Z"),
        d("30.00")
    );
}

#[test]
fn upgrade_in_the_last_second_rounds_to_nothing() {
    let c = sample_catalog_usd();
    let acc = plus_monthly("2024-04-30T23:59:59Z");
    // 30.00 × 1 s / 2,592,000 s = 0.0000116 → 0.00.
    assert_eq!(
        charge(&c, &acc, &to_pro(), "2024-04-30T23:59:59Z"),
        d("0.00")
    );
}

#[test]
fn proration_over_28_29_and_31_day_months() {
    let c = sample_catalog_usd();
    // February 2023, 28 days: 14 left → 30.00 × 14/28 = 15.00.
    let acc = plus_monthly("2023-02-15T00:00:00Z");
    assert_eq!(acc.period.seconds(), 28 * 86_400);
    assert_eq!(
        charge(&c, &acc, &to_pro(), "2023-02-15T00:00:00Z"),
        d("15.00")
    );
    // February 2024, 29 days: 15 left → 30.00 × 15/29 = 15.5172… → 15.52.
    let acc = plus_monthly("2024-02-15T00:00:00Z");
    assert_eq!(
        charge(&c, &acc, &to_pro(), "2024-02-15T00:00:00Z"),
        d("15.52")
    );
    // January, 31 days: 16 left → 30.00 × 16/31 = 15.4838… → 15.48.
    let acc = plus_monthly("2024-01-16T00:00:00Z");
    assert_eq!(
        charge(&c, &acc, &to_pro(), "2024-01-16T00:00:00Z"),
        d("15.48")
    );
}

#[test]
fn upgrade_on_the_leap_day() {
    let c = sample_catalog_usd();
    let acc = plus_monthly("2024-02-29T00:00:00Z");
    // 1 day of 29 left: 30.00 / 29 = 1.0344… → 1.03.
    assert_eq!(
        charge(&c, &acc, &to_pro(), "2024-02-29T00:00:00Z"),
        d("1.03")
    );
}

#[test]
fn upgrade_with_anchor_31_in_february() {
    let c = sample_catalog_usd();
    let acc = account(
        PlanId::Plus,
        Cycle::Monthly,
        "2024-01-31T00:00:00Z",
        "2024-02-15T00:00:00Z",
    );
    // Period Jan 31 → Feb 29 (29 days); 14 days left: 30.00 × 14/29 = 14.4827… → 14.48.
    assert_eq!(acc.period.end, at("2024-02-29T00:00:00Z"));
    assert_eq!(
        charge(&c, &acc, &to_pro(), "2024-02-15T00:00:00Z"),
        d("14.48")
    );
}

#[test]
fn exact_half_cent_rounds_away_from_zero() {
    let c = sample_catalog_usd();
    // 432 s left of 2,592,000: 30.00 × 432 / 2,592,000 = 0.005 → 0.01 (banker's: 0.00).
    let acc = plus_monthly("2024-04-30T23:52:48Z");
    assert_eq!(
        charge(&c, &acc, &to_pro(), "2024-04-30T23:52:48Z"),
        d("0.01")
    );
    // 2,160 s left: 30.00 × 2,160 / 2,592,000 = 0.025 → 0.03 (banker's: 0.02).
    assert_eq!(
        charge(&c, &acc, &to_pro(), "2024-04-30T23:24:00Z"),
        d("0.03")
    );
}

#[test]
fn jpy_proration_rounds_to_whole_yen() {
    let c = scaled_catalog(Currency::JPY, d("100"));
    let acc = plus_monthly("2024-04-16T00:00:00Z");
    // ¥7,900 − ¥4,900 = ¥3,000 × 0.5 = ¥1,500.
    assert_eq!(
        charge(&c, &acc, &to_pro(), "2024-04-16T00:00:00Z").to_string(),
        "1500"
    );
    // 25,200 s left: 3,000 × 25,200 / 2,592,000 = 29.166… → ¥29.
    assert_eq!(charge(&c, &acc, &to_pro(), "2024-04-30T17:00:00Z"), d("29"));
    // 2,160 s left: 3,000 × 2,160 / 2,592,000 = 2.5 → ¥3 (banker's: ¥2).
    assert_eq!(charge(&c, &acc, &to_pro(), "2024-04-30T23:24:00Z"), d("3"));
}

#[test]
fn kwd_proration_rounds_to_the_fils() {
    let c = scaled_catalog(Currency::KWD, d("0.3"));
    let acc = plus_monthly("2024-04-16T00:00:00Z");
    // 23.700 − 14.700 = 9.000 × 0.5 = 4.500.
    assert_eq!(
        charge(&c, &acc, &to_pro(), "2024-04-16T00:00:00Z").to_string(),
        "4.500"
    );
    // 720 s left: 9.000 × 720 / 2,592,000 = 0.0025 → 0.003 (banker's: 0.002).
    assert_eq!(
        charge(&c, &acc, &to_pro(), "2024-04-30T23:48:00Z"),
        d("0.003")
    );
}

#[test]
fn commit_discount_applies_to_the_monthly_price() {
    let c = sample_catalog_usd();
    let acc = account(
        PlanId::Plus,
        Cycle::AnnualCommitMonthly,
        "2024-01-01T00:00:00Z",
        "2024-04-16T00:00:00Z",
    );
    // Plus 49.00 × (1 − 0.10) = 44.10 a month.
    assert_eq!(acc.recurring(&c), Ok(amt("44.10")));
    let q = quote(&c, &acc, &to_pro(), at("2024-04-16T00:00:00Z")).unwrap();
    // (79.00 × 0.9 = 71.10) − 44.10 = 27.00 × 0.5 = 13.50.
    assert_eq!(q.charge_now, d("13.50"));
    assert_eq!(q.next_invoice.amount, d("71.10"));
}

#[test]
fn commit_discount_is_rounded_once_per_line() {
    let mut c = sample_catalog_usd();
    c.annual_commit_discount = d("0.07");
    let mut acc = account(
        PlanId::Plus,
        Cycle::AnnualCommitMonthly,
        "2024-01-01T00:00:00Z",
        "2024-04-16T00:00:00Z",
    );
    acc.users = 4;
    // Plan 49.00 × 0.93 = 45.57; 1 extra user × 15.00 × 0.93 = 13.95; total 59.52.
    assert_eq!(acc.recurring(&c), Ok(amt("59.52")));
    // Seats are never discounted: + 2 × 19.00 = 38.00.
    acc.seats = Seats {
        purchased: 2,
        assigned: 1,
        trial: false,
        trial_ends_at: None,
    };
    assert_eq!(acc.recurring(&c), Ok(amt("97.52")));
}

#[test]
fn raising_limits_is_priced_per_unit() {
    let c = sample_catalog_usd();
    let acc = plus_monthly("2024-04-16T00:00:00Z");
    let q = quote(
        &c,
        &acc,
        &[
            Change::SetUsers { users: 5 },
            Change::SetEmailSends {
                email_sends: 40_000,
            },
            Change::SetContacts { contacts: 1_200 },
        ],
        at("2024-04-16T00:00:00Z"),
    )
    .unwrap();
    // Contacts 1,200 → 2,500 tier: 70.00 − 49.00 = 21.00 × 0.5 = 10.50.
    // Users 3 → 5: 2 extra × 15.00 × 0.5 = 15.00.
    // Sends 40,000: 15,000 over 25,000 → 2 blocks × 8.00 × 0.5 = 8.00.
    let amounts: Vec<_> = q
        .lines
        .iter()
        .map(|l| (l.item.key(), l.amount.decimal()))
        .collect();
    assert_eq!(
        amounts,
        vec![
            ("line.contact_tier_increase", d("10.50")),
            ("line.extra_users", d("15.00")),
            ("line.extra_email_sends", d("8.00")),
        ]
    );
    assert_eq!(q.lines[1].quantity, d("2"));
    assert_eq!(q.lines[1].unit_amount, d("15.00"));
    // 10.50 + 15.00 + 8.00.
    assert_eq!(q.charge_now, d("33.50"));
    // 70.00 + 30.00 + 16.00.
    assert_eq!(q.next_invoice.amount, d("116.00"));
    assert_eq!(q.permission, Action::RaiseLimits);
    let after = apply(&c, &acc, &q.changes(), at("2024-04-16T00:00:00Z")).unwrap();
    // The limits sold: the tier and whole blocks.
    assert_eq!(
        (after.contacts, after.users, after.email_sends),
        (2_500, 5, 45_000)
    );
}

#[test]
fn extra_users_absorbed_by_a_bigger_plan_are_credited() {
    let c = sample_catalog_usd();
    let mut acc = plus_monthly("2024-04-16T00:00:00Z");
    acc.users = 5;
    let q = quote(&c, &acc, &to_pro(), at("2024-04-16T00:00:00Z")).unwrap();
    // Plan +30.00 × 0.5 = 15.00; Pro includes 5 users, so Plus's 2 extra (2 × 15.00) go:
    // −30.00 × 0.5 = −15.00. Old 49 + 30 = 79 = new 79: nothing to pay.
    let amounts: Vec<_> = q.lines.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, vec![d("15.00"), d("-15.00")]);
    assert_eq!(q.charge_now, d("0.00"));
    assert!(q.self_serve);
}

#[test]
fn add_on_mid_period_is_prorated_and_grants_sms_credits() {
    let c = sample_catalog_usd();
    let acc = plus_monthly("2024-04-16T00:00:00Z");
    let changes = [Change::AddAddOn {
        addon: AddOnId::Sms,
    }];
    let q = quote(&c, &acc, &changes, at("2024-04-16T00:00:00Z")).unwrap();
    // 29.00 × 0.5 = 14.50.
    assert_eq!(q.charge_now, d("14.50"));
    assert_eq!(q.lines[0].item, LineItem::AddOn(AddOnId::Sms));
    assert_eq!(q.permission, Action::BuyAddOn);
    let after = apply(&c, &acc, &changes, at("2024-04-16T00:00:00Z")).unwrap();
    assert_eq!(after.sms.remaining, 500);
    assert_eq!(after.addons, vec![AddOnId::Sms]);
}

#[test]
fn sms_packs_are_charged_in_full_and_granted_at_once() {
    let c = sample_catalog_usd();
    let mut acc = plus_monthly("2024-04-16T00:00:00Z");
    acc.addons = vec![AddOnId::Sms];
    acc.sms.remaining = 120;
    let changes = [Change::BuySmsPack {
        pack: "sms_1000".into(),
    }];
    // Late in the period, still the whole 15.00: packs are never prorated.
    let q = quote(&c, &acc, &changes, at("2024-04-29T00:00:00Z")).unwrap();
    assert_eq!(
        q.lines,
        vec![QuoteLine {
            item: LineItem::SmsPack("sms_1000".into()),
            quantity: d("1"),
            unit_amount: d("15.00"),
            proration: None,
            amount: amt("15.00"),
        }]
    );
    // Next month: plan 49.00 + SMS 29.00 + pack 15.00 = 93.00.
    assert_eq!(q.next_invoice.amount, d("93.00"));
    assert_eq!(q.permission, Action::BuySmsCredits);
    let after = apply(&c, &acc, &changes, at("2024-04-29T00:00:00Z")).unwrap();
    // 120 + 1,000 at once.
    assert_eq!(after.sms.remaining, 1_120);
    assert_eq!(after.sms.monthly_packs, vec!["sms_1000".to_string()]);
}

#[test]
fn sms_pack_on_annual_is_the_months_left_now_and_twelve_on_the_renewal() {
    let c = sample_catalog_usd();
    let mut acc = account(
        PlanId::Plus,
        Cycle::Annual,
        "2024-01-01T00:00:00Z",
        "2024-07-02T00:00:00Z",
    );
    acc.addons = vec![AddOnId::Sms];
    let q = quote(
        &c,
        &acc,
        &[Change::BuySmsPack {
            pack: "sms_1000".into(),
        }],
        at("2024-07-02T00:00:00Z"),
    )
    .unwrap();
    // DESIGN §3: one pack price per monthly grant left, July's included: Jul 1, Aug 1, Sep 1,
    // Oct 1, Nov 1, Dec 1 = 6 × 15.00 = 90.00.
    assert_eq!(q.charge_now, d("90.00"));
    // 470.40 + 278.40 + 12 × 15.00 = 928.80.
    assert_eq!(q.next_invoice.amount, d("928.80"));
}

#[test]
fn seats_added_mid_period_are_prorated() {
    let c = sample_catalog_usd();
    let mut acc = plus_monthly("2024-04-16T00:00:00Z");
    acc.seats = Seats {
        purchased: 5,
        assigned: 3,
        trial: false,
        trial_ends_at: None,
    };
    let q = quote(
        &c,
        &acc,
        &[Change::SetSeats { seats: 8 }],
        at("2024-04-16T00:00:00Z"),
    )
    .unwrap();
    // 3 more seats × 19.00 × 0.5 = 28.50.
    assert_eq!(q.lines[0].item, LineItem::Seats);
    assert_eq!(q.lines[0].quantity, d("3"));
    assert_eq!(q.lines[0].unit_amount, d("19.00"));
    assert_eq!(q.charge_now, d("28.50"));
    // 49.00 + 8 × 19.00 = 201.00.
    assert_eq!(q.next_invoice.amount, d("201.00"));
    assert_eq!(q.permission, Action::ManageSeats);
}

#[test]
fn seats_added_on_annual_cost_twelve_months_prorated() {
    let c = sample_catalog_usd();
    let mut acc = account(
        PlanId::Plus,
        Cycle::Annual,
        "2024-01-01T00:00:00Z",
        "2024-07-02T00:00:00Z",
    );
    acc.seats = Seats {
        purchased: 2,
        assigned: 2,
        trial: false,
        trial_ends_at: None,
    };
    let q = quote(
        &c,
        &acc,
        &[Change::SetSeats { seats: 3 }],
        at("2024-07-02T00:00:00Z"),
    )
    .unwrap();
    // 2024 has 366 days; Jul 2 → Jan 1 is 183: 1 × 19.00 × 12 = 228.00 × 0.5 = 114.00.
    assert_eq!(q.charge_now, d("114.00"));
}

#[test]
fn empty_seats_removed_at_once_with_no_refund() {
    let c = sample_catalog_usd();
    let mut acc = plus_monthly("2024-04-16T00:00:00Z");
    acc.seats = Seats {
        purchased: 5,
        assigned: 3,
        trial: false,
        trial_ends_at: None,
    };
    let changes = [Change::SetSeats { seats: 3 }];
    let q = quote(&c, &acc, &changes, at("2024-04-16T00:00:00Z")).unwrap();
    assert!(q.self_serve);
    assert!(q.lines.is_empty());
    assert_eq!(q.charge_now, d("0.00"));
    // 49.00 + 3 × 19.00 = 106.00: the next invoice is lower.
    assert_eq!(q.next_invoice.amount, d("106.00"));
    assert_eq!(q.effects[0].effective_at, at("2024-04-16T00:00:00Z"));
    let after = apply(&c, &acc, &changes, at("2024-04-16T00:00:00Z")).unwrap();
    assert_eq!(after.seats.purchased, 3);
}

#[test]
fn buying_seats_ends_a_conversations_trial() {
    let c = sample_catalog_usd();
    let mut acc = plus_monthly("2024-04-16T00:00:00Z");
    acc.seats = Seats {
        purchased: c.conversations.trial_seats,
        assigned: 4,
        trial: true,
        trial_ends_at: None,
    };
    // Trial seats are free: 49.00 only.
    assert_eq!(acc.recurring(&c), Ok(amt("49.00")));
    let q = quote(
        &c,
        &acc,
        &[Change::SetSeats { seats: 4 }],
        at("2024-04-16T00:00:00Z"),
    )
    .unwrap();
    // 4 × 19.00 × 0.5 = 38.00, even though 4 < 20 trial seats.
    assert!(q.self_serve);
    assert_eq!(q.charge_now, d("38.00"));
}
