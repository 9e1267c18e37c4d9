//! Property tests of the pricing rules (issue 3): bounds, monotonicity, sums, determinism,
//! downgrades, and idempotence of apply.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::{account, at, d, sample_catalog_usd, scaled_catalog};
use pricing::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

const ANCHOR: &str = "2024-01-31T00:00:00Z";

/// An active account (Starter, Plus or Pro; any cycle; some seats) and an instant inside
/// its current period.
fn arb_account() -> impl Strategy<Value = (Account, DateTime<Utc>)> {
    (0usize..3, 0usize..3, 0i64..(800 * 86_400), 0u32..6, 0u32..6).prop_map(
        |(plan, cycle, offset, assigned, empty)| {
            let plan = [PlanId::Starter, PlanId::Plus, PlanId::Pro][plan];
            let cycle = [Cycle::Monthly, Cycle::Annual, Cycle::AnnualCommitMonthly][cycle];
            let now = at("2024-01-01T00:00:00Z") + Duration::seconds(offset);
            let mut acc = account(plan, cycle, ANCHOR, &now.to_rfc3339());
            acc.seats = Seats {
                purchased: assigned + empty,
                assigned,
                trial: false,
                trial_ends_at: None,
            };
            (acc, now)
        },
    )
}

/// A change that raises something (never a downgrade) for an account on `plan`.
fn arb_upgrade(plan: PlanId) -> impl Strategy<Value = Change> {
    let higher: Vec<PlanId> = PlanId::ALL.into_iter().filter(|p| *p > plan).collect();
    prop_oneof![
        proptest::sample::select(higher).prop_map(|plan| Change::SetPlan { plan }),
        (1_001u32..5_000).prop_map(|contacts| Change::SetContacts { contacts }),
        (6u32..40).prop_map(|users| Change::SetUsers { users }),
        (100_000u64..400_000).prop_map(|email_sends| Change::SetEmailSends { email_sends }),
        Just(Change::AddAddOn {
            addon: AddOnId::TransactionalEmail
        }),
        (11u32..60).prop_map(|seats| Change::SetSeats { seats }),
    ]
}

/// Any change at all, sensible or not.
fn arb_change() -> impl Strategy<Value = Change> {
    let plan = proptest::sample::select(PlanId::ALL.to_vec());
    let addon = proptest::sample::select(vec![
        AddOnId::Sms,
        AddOnId::Pipelines,
        AddOnId::TransactionalEmail,
        AddOnId::CustomReports,
    ]);
    let cycle = proptest::sample::select(vec![
        Cycle::Monthly,
        Cycle::Annual,
        Cycle::AnnualCommitMonthly,
    ]);
    prop_oneof![
        plan.prop_map(|plan| Change::SetPlan { plan }),
        (0u32..30_000).prop_map(|contacts| Change::SetContacts { contacts }),
        (0u32..50).prop_map(|users| Change::SetUsers { users }),
        (0u64..500_000).prop_map(|email_sends| Change::SetEmailSends { email_sends }),
        addon.clone().prop_map(|addon| Change::AddAddOn { addon }),
        addon.prop_map(|addon| Change::RemoveAddOn { addon }),
        proptest::sample::select(vec!["sms_1000", "sms_5000"]).prop_map(|p| Change::BuySmsPack {
            pack: p.to_string()
        }),
        (0u32..40).prop_map(|seats| Change::SetSeats { seats }),
        cycle.prop_map(|cycle| Change::SwitchCycle { cycle }),
        Just(Change::Pause),
        Just(Change::Resume),
        Just(Change::Cancel),
        Just(Change::UndoCancellation),
        any::<bool>().prop_map(|enabled| Change::SetAutoUpgrade { enabled }),
    ]
}

/// A line's amount in minor units, computed independently of the pricing crate: the
/// quantity, unit price and proration as integer fractions, rounded once half away from
/// zero with integer arithmetic (no `Decimal` division, no `round_minor`, no `Proration::of`).
fn independent_minor_units(line: &QuoteLine, currency: Currency) -> i128 {
    let (q, u) = (line.quantity, line.unit_amount);
    // quantity × unit = (q.mantissa × u.mantissa) / 10^(q.scale + u.scale)
    let mut num = q.mantissa() * u.mantissa();
    let mut den = 10i128.pow(q.scale() + u.scale());
    if let Some(p) = line.proration {
        assert!(
            p.period_seconds > 0,
            "a proration over an empty period: {p:?}"
        );
        num *= i128::from(p.remaining_seconds);
        den *= i128::from(p.period_seconds);
    }
    // In minor units: × 10^exponent, then round half away from zero.
    num *= 10i128.pow(currency.minor_unit_exponent());
    let (whole, rest) = (num / den, num % den);
    if 2 * rest.abs() >= den {
        whole + num.signum()
    } else {
        whole
    }
}

/// `amount` in minor units (it must be exact in the minor unit).
fn minor_units(amount: Decimal, currency: Currency) -> i128 {
    let exponent = currency.minor_unit_exponent();
    assert!(
        amount.scale() <= exponent,
        "{amount} is finer than the minor unit"
    );
    amount.mantissa() * 10i128.pow(exponent - amount.scale())
}

#[test]
fn independent_rounding_agrees_on_known_lines() {
    let line = |quantity: &str, unit: &str, proration: Option<(i64, i64)>| QuoteLine {
        item: LineItem::ExtraUsers,
        quantity: d(quantity),
        unit_amount: d(unit),
        proration: proration.map(|(remaining_seconds, period_seconds)| Proration {
            remaining_seconds,
            period_seconds,
        }),
        amount: Amount::default(),
    };
    // $160.00 × 1,951,200 / 2,592,000 = 120.444… → 12,044 cents.
    assert_eq!(
        independent_minor_units(
            &line("1", "160.00", Some((1_951_200, 2_592_000))),
            Currency::USD
        ),
        12_044
    );
    // $0.05 × 1/2 = 0.025 → 3 cents (half away from zero), −0.025 → −3.
    assert_eq!(
        independent_minor_units(&line("1", "0.05", Some((1, 2))), Currency::USD),
        3
    );
    assert_eq!(
        independent_minor_units(&line("-1", "0.05", Some((1, 2))), Currency::USD),
        -3
    );
    // ¥101 × 1/2 = 50.5 → 51 yen; 3 × 0.333 KWD = 0.999 (three decimals).
    assert_eq!(
        independent_minor_units(&line("1", "101", Some((1, 2))), Currency::JPY),
        51
    );
    assert_eq!(
        independent_minor_units(&line("3", "0.333", None), Currency::KWD),
        999
    );
}

/// The share of generated carts `quote` refuses, which the rounding property cannot check;
/// above this the property checks too little (about a quarter when this was written: half
/// of the arbitrary carts, none of the upgrade carts).
const MAX_REFUSED_SHARE: f64 = 0.4;

/// Every line of every quote is its own exact amount rounded once (checked against
/// [`independent_minor_units`]), the lines sum to the total, and the recurring lines sum to
/// the recurring amount. Carts `quote` refuses are counted, and must stay a minority.
#[test]
fn lines_are_rounded_once_and_sum_to_the_total() {
    use proptest::test_runner::{Config, TestRunner};
    use std::cell::Cell;
    let cases = 512;
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let (checked, refused, lines) = (Cell::new(0u32), Cell::new(0u32), Cell::new(0u32));
    // Half the carts anything at all (about half of those are refused: downgrades, pause
    // and cancel in an order…), half only upgrades (always quoted), so most carts are checked.
    let carts = arb_account().prop_flat_map(|(acc, now)| {
        let plan = acc.plan;
        (
            Just((acc, now)),
            prop_oneof![
                proptest::collection::vec(arb_change(), 1..5),
                proptest::collection::vec(arb_upgrade(plan), 1..5),
            ],
        )
    });
    let strategy = (carts, 0usize..3);
    let result = runner.run(&strategy, |(((acc, now), changes), currency)| {
        let (c, currency) = match currency {
            0 => (sample_catalog_usd(), Currency::USD),
            1 => (scaled_catalog(Currency::JPY, d("100")), Currency::JPY),
            _ => (scaled_catalog(Currency::KWD, d("0.3")), Currency::KWD),
        };
        let q = match quote(&c, &acc, &changes, now) {
            Ok(q) => q,
            Err(_) => {
                refused.set(refused.get() + 1);
                return Ok(());
            }
        };
        checked.set(checked.get() + 1);
        let sum: Decimal = q.lines.iter().map(|l| l.amount.decimal()).sum();
        prop_assert_eq!(sum, q.charge_now.decimal());
        for line in &q.lines {
            lines.set(lines.get() + 1);
            prop_assert_eq!(
                minor_units(line.amount.decimal(), currency),
                independent_minor_units(line, currency),
                "{:?}",
                line
            );
            prop_assert_eq!(
                line.amount.decimal().scale(),
                currency.minor_unit_exponent()
            );
        }
        let recurring: Decimal = acc
            .recurring_lines(&c)
            .unwrap()
            .iter()
            .map(|l| l.amount.decimal())
            .sum();
        prop_assert_eq!(recurring, acc.recurring(&c).unwrap().decimal());
        Ok(())
    });
    let total = checked.get() + refused.get();
    let share = f64::from(refused.get()) / f64::from(total.max(1));
    println!(
        "rounding property: {} carts checked ({} lines), {} refused by quote of {total} ({:.1}%)",
        checked.get(),
        lines.get(),
        refused.get(),
        share * 100.0
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(
        share < MAX_REFUSED_SHARE,
        "{:.1}% of the carts were refused and never checked",
        share * 100.0
    );
    assert!(lines.get() >= cases, "only {} lines checked", lines.get());
}

proptest! {
    #[test]
    fn prorated_charge_is_between_zero_and_the_full_difference(
        (acc, now) in arb_account(),
        pick in any::<proptest::sample::Index>(),
    ) {
        let c = sample_catalog_usd();
        let change = {
            let higher: Vec<PlanId> = PlanId::ALL.into_iter().filter(|p| *p > acc.plan).collect();
            Change::SetPlan { plan: *pick.get(&higher) }
        };
        let q = quote(&c, &acc, &[change], now).unwrap();
        let full = q.next_invoice.amount - acc.recurring(&c).unwrap();
        prop_assert!(q.self_serve);
        prop_assert!(q.charge_now.decimal() >= Decimal::ZERO, "{}", q.charge_now);
        prop_assert!(q.charge_now <= full, "{} > {}", q.charge_now, full);
    }

    #[test]
    fn any_upgrade_charges_between_zero_and_the_full_difference(
        (acc, now, change) in arb_account().prop_flat_map(|(acc, now)| {
            let plan = acc.plan;
            (Just(acc), Just(now), arb_upgrade(plan))
        }),
    ) {
        let c = sample_catalog_usd();
        let q = quote(&c, &acc, std::slice::from_ref(&change), now).unwrap();
        let full = q.next_invoice.amount - acc.recurring(&c).unwrap();
        prop_assert!(q.self_serve, "{change:?}: {:?}", q.reason);
        prop_assert!(q.charge_now.decimal() >= Decimal::ZERO);
        prop_assert!(q.charge_now <= full, "{change:?}: {} > {}", q.charge_now, full);
    }

    #[test]
    fn charge_shrinks_as_the_period_runs_out(
        (acc, now, change) in arb_account().prop_flat_map(|(acc, now)| {
            let plan = acc.plan;
            (Just(acc), Just(now), arb_upgrade(plan))
        }),
        later in 0i64..(40 * 86_400),
    ) {
        let c = sample_catalog_usd();
        let later = (now + Duration::seconds(later)).min(acc.period.end - Duration::seconds(1));
        let early = quote(&c, &acc, std::slice::from_ref(&change), now).unwrap();
        let late = quote(&c, &acc, std::slice::from_ref(&change), later).unwrap();
        prop_assert!(early.charge_now >= late.charge_now);
    }

    #[test]
    fn charge_grows_with_quantity(
        (acc, now) in arb_account(),
        a in 0u32..200,
        b in 0u32..200,
        users in any::<bool>(),
    ) {
        let c = sample_catalog_usd();
        let (lo, hi) = (a.min(b), a.max(b));
        let cart = |n: u32| if users {
            vec![Change::SetUsers { users: acc.users + n }]
        } else {
            vec![Change::SetSeats { seats: acc.seats.purchased + n }]
        };
        let small = quote(&c, &acc, &cart(lo), now).unwrap();
        let big = quote(&c, &acc, &cart(hi), now).unwrap();
        prop_assert!(small.charge_now <= big.charge_now);
    }

    #[test]
    fn quotes_are_deterministic(
        (acc, now) in arb_account(),
        changes in proptest::collection::vec(arb_change(), 1..5),
    ) {
        let c = sample_catalog_usd();
        let first = quote(&c, &acc, &changes, now);
        let second = quote(&c, &acc, &changes, now);
        prop_assert_eq!(&first, &second);
        if let Ok(q) = first {
            let json = serde_json::to_string(&q).unwrap();
            prop_assert_eq!(serde_json::from_str::<Quote>(&json).unwrap(), q);
        }
    }

    #[test]
    fn a_downgrade_is_never_self_serve(
        (acc, now) in arb_account(),
        extra in proptest::collection::vec(arb_change(), 0..3),
        kind in 0usize..6,
    ) {
        let c = sample_catalog_usd();
        // A well-equipped Pro account on annual: everything can go down.
        let mut acc = acc;
        acc.plan = PlanId::Pro;
        acc.contacts = 5_000;
        acc.users = 8;
        acc.email_sends = 70_000;
        acc.addons = vec![AddOnId::Sms, AddOnId::Pipelines];
        acc.cycle = Cycle::Annual;
        acc.commit_term = None;
        acc.period = annual_period_containing(acc.anchor, now);
        let downgrade = match kind {
            0 => Change::SetPlan { plan: PlanId::Plus },
            1 => Change::SetContacts { contacts: 2_500 },
            2 => Change::SetUsers { users: 7 },
            3 => Change::SetEmailSends { email_sends: 50_000 },
            4 => Change::RemoveAddOn { addon: AddOnId::Pipelines },
            _ => Change::SwitchCycle { cycle: Cycle::Monthly },
        };
        // On its own, always support's.
        let alone = quote(&c, &acc, std::slice::from_ref(&downgrade), now).unwrap();
        prop_assert!(!alone.self_serve, "{downgrade:?}");
        prop_assert!(apply(&c, &acc, std::slice::from_ref(&downgrade), now).is_err());
        // In any cart: whatever is self-serve leaves nothing lower than it was (a later
        // change in the cart may raise the same limit again, e.g. a bigger plan's users).
        let mut changes = extra;
        changes.push(downgrade);
        if let Ok(q) = quote(&c, &acc, &changes, now) {
            if q.self_serve {
                let after = apply(&c, &acc, &changes, now).unwrap();
                prop_assert!(!is_downgrade(&acc, &after), "{changes:?}");
                prop_assert!(
                    after.seats.purchased >= after.seats.assigned
                        || after.seats == acc.seats
                );
            }
        }
    }

    #[test]
    fn applying_then_quoting_the_same_cart_charges_nothing_more(
        (acc, now, changes) in arb_account().prop_flat_map(|(acc, now)| {
            let plan = acc.plan;
            (Just(acc), Just(now), proptest::collection::vec(arb_upgrade(plan), 1..4))
        }),
    ) {
        let c = sample_catalog_usd();
        let after = apply(&c, &acc, &changes, now).unwrap();
        prop_assert_eq!(after.version, acc.version + 1);
        let again = quote(&c, &after, &changes, now).unwrap();
        prop_assert_eq!(again.charge_now, round_minor(Decimal::ZERO, Currency::USD));
        prop_assert_eq!(again.reason, Some(NotSelfServe::NoChange));
    }
}
