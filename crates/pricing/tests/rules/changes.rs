//! DESIGN §3 downgrades, eligibility and bad input.

use crate::common::{account, at, d, plus_monthly, sample_catalog_usd};
use pricing::*;

const NOW: &str = "2024-04-16T00:00:00Z";

fn not_self_serve(acc: &Account, changes: &[Change]) -> (Option<NotSelfServe>, Quote) {
    let c = sample_catalog_usd();
    let q = quote(&c, acc, changes, at(NOW)).unwrap();
    assert!(!q.self_serve, "{changes:?} should not be self-serve");
    assert_eq!(
        apply(&c, acc, changes, at(NOW)),
        Err(PricingError::NotSelfServe {
            reason: q.reason.clone().unwrap()
        })
    );
    (q.reason.clone(), q)
}

#[test]
fn every_kind_of_downgrade_goes_to_support() {
    let mut acc = plus_monthly(NOW);
    acc.contacts = 2_500;
    acc.users = 5;
    acc.email_sends = 35_000;
    acc.addons = vec![AddOnId::Pipelines];
    let downgrades = [
        Change::SetPlan {
            plan: PlanId::Starter,
        },
        Change::SetContacts { contacts: 1_000 },
        Change::SetUsers { users: 4 },
        Change::SetEmailSends {
            email_sends: 25_000,
        },
        Change::RemoveAddOn {
            addon: AddOnId::Pipelines,
        },
    ];
    for change in downgrades {
        let (reason, q) = not_self_serve(&acc, std::slice::from_ref(&change));
        assert_eq!(reason, Some(NotSelfServe::Downgrade), "{change:?}");
        // Nothing charged or credited now; it would take effect at the period end.
        assert_eq!(q.charge_now, d("0.00"), "{change:?}");
        assert_eq!(q.effects[0].effective_at, at("2024-05-01T00:00:00Z"));
    }
}

#[test]
fn seats_below_assigned_are_refused_with_the_assigned_count() {
    let mut acc = plus_monthly(NOW);
    acc.seats = Seats {
        purchased: 5,
        assigned: 3,
        trial: false,
        trial_ends_at: None,
    };
    let (reason, _) = not_self_serve(&acc, &[Change::SetSeats { seats: 2 }]);
    assert_eq!(
        reason,
        Some(NotSelfServe::SeatsBelowAssigned { assigned: 3 })
    );
}

#[test]
fn less_commitment_is_a_downgrade() {
    let annual = account(PlanId::Plus, Cycle::Annual, "2024-01-01T00:00:00Z", NOW);
    for cycle in [Cycle::Monthly, Cycle::AnnualCommitMonthly] {
        let (reason, q) = not_self_serve(&annual, &[Change::SwitchCycle { cycle }]);
        assert_eq!(reason, Some(NotSelfServe::Downgrade));
        assert_eq!(q.effects[0].effective_at, at("2025-01-01T00:00:00Z"));
    }
    let commit = account(
        PlanId::Plus,
        Cycle::AnnualCommitMonthly,
        "2024-01-01T00:00:00Z",
        NOW,
    );
    let (reason, q) = not_self_serve(
        &commit,
        &[Change::SwitchCycle {
            cycle: Cycle::Monthly,
        }],
    );
    assert_eq!(reason, Some(NotSelfServe::Downgrade));
    // DESIGN §3: annual-commit downgrades take effect at the end of the 12-month term.
    assert_eq!(q.effects[0].effective_at, at("2025-01-01T00:00:00Z"));
}

#[test]
fn annual_commit_downgrades_wait_for_the_term_end() {
    let commit = account(
        PlanId::Pro,
        Cycle::AnnualCommitMonthly,
        "2024-01-15T00:00:00Z",
        NOW,
    );
    let (reason, q) = not_self_serve(&commit, &[Change::SetPlan { plan: PlanId::Plus }]);
    assert_eq!(reason, Some(NotSelfServe::Downgrade));
    assert_eq!(q.effects[0].effective_at, at("2025-01-15T00:00:00Z"));
}

#[test]
fn a_cart_with_an_upgrade_and_a_downgrade_is_not_self_serve() {
    let mut acc = plus_monthly(NOW);
    acc.addons = vec![AddOnId::Pipelines];
    let (reason, q) = not_self_serve(
        &acc,
        &[
            Change::SetPlan { plan: PlanId::Pro },
            Change::RemoveAddOn {
                addon: AddOnId::Pipelines,
            },
        ],
    );
    assert_eq!(reason, Some(NotSelfServe::Downgrade));
    // Support does it; nothing is charged now. Afterwards: Pro 79.00, no Pipelines.
    assert_eq!(q.charge_now, d("0.00"));
    assert_eq!(q.next_invoice.amount, d("79.00"));
}

#[test]
fn sms_needs_plus_or_higher() {
    let c = sample_catalog_usd();
    let starter = account(PlanId::Starter, Cycle::Monthly, "2024-01-01T00:00:00Z", NOW);
    let (reason, _) = not_self_serve(
        &starter,
        &[Change::AddAddOn {
            addon: AddOnId::Sms,
        }],
    );
    assert_eq!(
        reason,
        Some(NotSelfServe::IneligiblePlan {
            required: vec![PlanId::Plus, PlanId::Pro, PlanId::Enterprise]
        })
    );
    // Upgrading in the same cart makes it eligible.
    let cart = [
        Change::SetPlan { plan: PlanId::Plus },
        Change::AddAddOn {
            addon: AddOnId::Sms,
        },
    ];
    let q = quote(&c, &starter, &cart, at(NOW)).unwrap();
    assert!(q.self_serve);
    // Plan 49.00 − 15.00 = 34.00 × 0.5 = 17.00; SMS 29.00 × 0.5 = 14.50; total 31.50.
    assert_eq!(q.charge_now, d("31.50"));
    let after = apply(&c, &starter, &cart, at(NOW)).unwrap();
    // Plus includes 3 users and 25,000 sends: the limits follow the plan up.
    assert_eq!((after.users, after.email_sends), (3, 25_000));
    assert_eq!(after.sms.remaining, 500);
}

#[test]
fn sms_packs_need_the_sms_add_on() {
    let acc = plus_monthly(NOW);
    let (reason, _) = not_self_serve(
        &acc,
        &[Change::BuySmsPack {
            pack: "sms_1000".into(),
        }],
    );
    assert_eq!(
        reason,
        Some(NotSelfServe::AddOnRequired {
            addon: AddOnId::Sms
        })
    );
}

#[test]
fn resold_accounts_go_to_the_reseller() {
    let mut acc = plus_monthly(NOW);
    acc.reseller = Some("Agency Ltd".into());
    let (reason, _) = not_self_serve(&acc, &[Change::SetPlan { plan: PlanId::Pro }]);
    assert_eq!(reason, Some(NotSelfServe::Resold));
    let (reason, _) = not_self_serve(&acc, &[Change::Cancel]);
    assert_eq!(reason, Some(NotSelfServe::Resold));
}

#[test]
fn a_cart_that_changes_nothing_says_so() {
    let acc = plus_monthly(NOW);
    let (reason, q) = not_self_serve(&acc, &[Change::SetPlan { plan: PlanId::Plus }]);
    assert_eq!(reason, Some(NotSelfServe::NoChange));
    assert_eq!(q.charge_now, d("0.00"));
    // 900 contacts round up to the current 1,000 tier: no change either.
    let (reason, _) = not_self_serve(&acc, &[Change::SetContacts { contacts: 900 }]);
    assert_eq!(reason, Some(NotSelfServe::NoChange));
    // Plus includes 3 users: the user limit does not go below them.
    let (reason, _) = not_self_serve(&acc, &[Change::SetUsers { users: 2 }]);
    assert_eq!(reason, Some(NotSelfServe::NoChange));
}

#[test]
fn contacts_above_the_top_tier_are_an_error_unless_the_cart_sells_them() {
    let c = sample_catalog_usd();
    let acc = plus_monthly(NOW);
    assert_eq!(
        quote(
            &c,
            &acc,
            &[Change::SetContacts { contacts: 20_000 }],
            at(NOW)
        ),
        Err(PricingError::ContactsAboveTopTier {
            plan: PlanId::Plus,
            contacts: 20_000,
            max: 10_000
        })
    );
    let q = quote(
        &c,
        &acc,
        &[
            Change::SetContacts { contacts: 20_000 },
            Change::SetPlan { plan: PlanId::Pro },
        ],
        at(NOW),
    )
    .unwrap();
    // Pro 25,000 tier 449.00 − 49.00 = 400.00 × 0.5 = 200.00.
    assert_eq!(q.charge_now, d("200.00"));
}

#[test]
fn bad_input_is_an_error() {
    let c = sample_catalog_usd();
    let acc = plus_monthly(NOW);
    let err = |changes: &[Change]| quote(&c, &acc, changes, at(NOW)).unwrap_err();
    assert_eq!(err(&[]), PricingError::EmptyCart);
    assert_eq!(
        err(&[Change::SetContacts { contacts: 0 }]),
        PricingError::ZeroQuantity {
            what: Quantity::Contacts
        }
    );
    assert_eq!(
        err(&[Change::SetUsers { users: 0 }]),
        PricingError::ZeroQuantity {
            what: Quantity::Users
        }
    );
    assert_eq!(
        err(&[Change::SetUsers { users: 1_000_000 }]),
        PricingError::QuantityTooLarge {
            what: Quantity::Users,
            max: 10_000
        }
    );
    assert_eq!(
        err(&[Change::BuySmsPack {
            pack: "nope".into()
        }]),
        PricingError::UnknownPack {
            pack: "nope".into()
        }
    );
    assert_eq!(
        err(&[Change::RemoveAddOn {
            addon: AddOnId::Sms
        }]),
        PricingError::AddOnNotActive {
            addon: AddOnId::Sms
        }
    );
    let mut small = sample_catalog_usd();
    small.plans.retain(|p| p.id != PlanId::Enterprise);
    assert_eq!(
        quote(
            &small,
            &acc,
            &[Change::SetPlan {
                plan: PlanId::Enterprise
            }],
            at(NOW)
        ),
        Err(PricingError::UnknownPlan {
            plan: PlanId::Enterprise
        })
    );
}

#[test]
fn a_stale_period_is_refused() {
    let c = sample_catalog_usd();
    let acc = plus_monthly(NOW);
    // The April period is over on May 2: the account must be advanced first.
    assert_eq!(
        quote(
            &c,
            &acc,
            &[Change::SetPlan { plan: PlanId::Pro }],
            at("2024-05-02T00:00:00Z")
        ),
        Err(PricingError::OutsidePeriod {
            now: at("2024-05-02T00:00:00Z"),
            start: at("2024-04-01T00:00:00Z"),
            end: at("2024-05-01T00:00:00Z"),
        })
    );
}

#[test]
fn confirming_a_stale_or_expired_quote_fails() {
    let c = sample_catalog_usd();
    let acc = plus_monthly(NOW);
    let q = quote(&c, &acc, &[Change::SetPlan { plan: PlanId::Pro }], at(NOW)).unwrap();
    let mut changed = acc.clone();
    changed.version = 8;
    assert_eq!(
        confirm(&c, &changed, &q, at(NOW)),
        Err(PricingError::Conflict {
            quoted: 7,
            current: 8
        })
    );
    // Valid for 15 minutes.
    assert_eq!(q.valid_until, at("2024-04-16T00:15:00Z"));
    assert_eq!(
        confirm(&c, &acc, &q, at("2024-04-16T00:15:01Z")),
        Err(PricingError::QuoteExpired {
            valid_until: at("2024-04-16T00:15:00Z")
        })
    );
    let after = confirm(&c, &acc, &q, at("2024-04-16T00:10:00Z")).unwrap();
    assert_eq!(after.plan, PlanId::Pro);
    assert_eq!(after.version, 8);
}

#[test]
fn auto_upgrade_is_a_free_self_serve_change() {
    let c = sample_catalog_usd();
    let acc = plus_monthly(NOW);
    let changes = [Change::SetAutoUpgrade { enabled: true }];
    let q = quote(&c, &acc, &changes, at(NOW)).unwrap();
    assert!(q.self_serve);
    assert_eq!(q.charge_now, d("0.00"));
    assert_eq!(q.permission, Action::ToggleAutoUpgrade);
    assert!(apply(&c, &acc, &changes, at(NOW)).unwrap().auto_upgrade);
}
