//! Trial, cycle switches, pause, resume, cancel (DESIGN §2–3).

use crate::common::{account, amt, at, d, plus_monthly, sample_catalog_usd};
use pricing::*;

const NOW: &str = "2024-04-16T00:00:00Z";

fn trial_plus() -> Account {
    let mut acc = plus_monthly("2024-04-01T00:00:00Z");
    acc.anchor = at("2024-04-01T00:00:00Z");
    acc.period = Period {
        start: at("2024-04-01T00:00:00Z"),
        end: at("2024-04-15T00:00:00Z"),
    };
    acc.status = Status::Trial {
        ends_at: at("2024-04-15T00:00:00Z"),
    };
    acc
}

#[test]
fn trial_upgrade_starts_a_new_period_at_full_price() {
    let c = sample_catalog_usd();
    let acc = trial_plus();
    let t = at("2024-04-10T12:00:00Z");
    let changes = [Change::SetPlan { plan: PlanId::Pro }];
    let q = quote(&c, &acc, &changes, t).unwrap();
    // No proration: the whole 79.00 now, and again on May 10 at 12:00.
    assert_eq!(
        q.lines,
        vec![QuoteLine {
            item: LineItem::Plan(PlanId::Pro),
            quantity: d("1"),
            unit_amount: d("79.00"),
            proration: None,
            amount: amt("79.00"),
        }]
    );
    assert_eq!(q.charge_now, d("79.00"));
    assert_eq!(
        q.next_invoice,
        NextInvoice {
            date: at("2024-05-10T12:00:00Z"),
            amount: amt("79.00")
        }
    );
    let after = apply(&c, &acc, &changes, t).unwrap();
    assert_eq!(after.status, Status::Active);
    assert_eq!(after.anchor, t);
    assert_eq!(
        after.period,
        Period {
            start: t,
            end: at("2024-05-10T12:00:00Z")
        }
    );
}

#[test]
fn trial_can_convert_on_its_own_plan_and_cycle() {
    let c = sample_catalog_usd();
    let acc = trial_plus();
    let t = at("2024-04-10T00:00:00Z");
    let q = quote(&c, &acc, &[Change::SetPlan { plan: PlanId::Plus }], t).unwrap();
    assert!(q.self_serve);
    assert_eq!(q.charge_now, d("49.00"));
    // Converting straight to annual: 470.40 now, next on 2025-04-10.
    let q = quote(
        &c,
        &acc,
        &[Change::SwitchCycle {
            cycle: Cycle::Annual,
        }],
        t,
    )
    .unwrap();
    assert_eq!(q.charge_now, d("470.40"));
    assert_eq!(q.next_invoice.date, at("2025-04-10T00:00:00Z"));
}

#[test]
fn trials_are_not_paused_or_cancelled_they_expire() {
    let c = sample_catalog_usd();
    let acc = trial_plus();
    for change in [Change::Cancel, Change::Pause] {
        let q = quote(
            &c,
            &acc,
            std::slice::from_ref(&change),
            at("2024-04-10T00:00:00Z"),
        )
        .unwrap();
        assert_eq!(q.reason, Some(NotSelfServe::Trial));
        assert_eq!(q.charge_now, d("0.00"));
        // Nothing is charged when the trial expires.
        assert_eq!(
            q.next_invoice,
            NextInvoice {
                date: at("2024-04-15T00:00:00Z"),
                amount: amt("0.00")
            }
        );
    }
}

#[test]
fn monthly_to_annual_charges_the_year_and_credits_the_unused_month() {
    let c = sample_catalog_usd();
    let acc = plus_monthly(NOW);
    let changes = [Change::SwitchCycle {
        cycle: Cycle::Annual,
    }];
    let q = quote(&c, &acc, &changes, at(NOW)).unwrap();
    assert!(q.self_serve);
    // Annual 470.40; credit −49.00 × 15/30 = −24.50; now 470.40 − 24.50 = 445.90.
    assert_eq!(
        q.lines
            .iter()
            .map(|l| (l.item.key(), l.amount.decimal()))
            .collect::<Vec<_>>(),
        vec![
            ("line.plan", d("470.40")),
            ("line.unused_period_credit", d("-24.50"))
        ]
    );
    assert_eq!(q.charge_now, d("445.90"));
    assert_eq!(
        q.next_invoice,
        NextInvoice {
            date: at("2025-04-16T00:00:00Z"),
            amount: amt("470.40")
        }
    );
    let after = apply(&c, &acc, &changes, at(NOW)).unwrap();
    assert_eq!(after.anchor, at(NOW));
    assert_eq!(after.cycle, Cycle::Annual);
    assert_eq!(after.period.end, at("2025-04-16T00:00:00Z"));
}

#[test]
fn annual_commit_to_annual_credits_the_discounted_month() {
    let c = sample_catalog_usd();
    let acc = account(
        PlanId::Plus,
        Cycle::AnnualCommitMonthly,
        "2024-01-01T00:00:00Z",
        NOW,
    );
    let q = quote(
        &c,
        &acc,
        &[Change::SwitchCycle {
            cycle: Cycle::Annual,
        }],
        at(NOW),
    )
    .unwrap();
    // 470.40 − 44.10 × 0.5 (= 22.05) = 448.35.
    assert!(q.self_serve);
    assert_eq!(q.charge_now, d("448.35"));
}

#[test]
fn monthly_to_annual_commit_lowers_the_next_invoice_only() {
    let c = sample_catalog_usd();
    let acc = plus_monthly(NOW);
    let changes = [Change::SwitchCycle {
        cycle: Cycle::AnnualCommitMonthly,
    }];
    let q = quote(&c, &acc, &changes, at(NOW)).unwrap();
    assert!(q.self_serve);
    assert!(q.lines.is_empty());
    // 49.00 × 0.90 = 44.10 from May 1, when the 12-month commitment starts.
    assert_eq!(
        q.next_invoice,
        NextInvoice {
            date: at("2024-05-01T00:00:00Z"),
            amount: amt("44.10")
        }
    );
    assert_eq!(q.effects[0].effective_at, at("2024-05-01T00:00:00Z"));
    let after = apply(&c, &acc, &changes, at(NOW)).unwrap();
    assert_eq!(
        after.commit_term,
        Some(Period {
            start: at("2024-05-01T00:00:00Z"),
            end: at("2025-05-01T00:00:00Z")
        })
    );
}

#[test]
fn pause_takes_effect_at_the_next_period_start() {
    let c = sample_catalog_usd();
    let acc = plus_monthly(NOW);
    let q = quote(&c, &acc, &[Change::Pause], at(NOW)).unwrap();
    assert!(q.self_serve);
    assert_eq!(q.permission, Action::Pause);
    assert_eq!(q.effects[0].effective_at, at("2024-05-01T00:00:00Z"));
    // Paused on May 1: nothing invoiced then.
    assert_eq!(q.next_invoice.amount, d("0.00"));
    let after = apply(&c, &acc, &[Change::Pause], at(NOW)).unwrap();
    assert_eq!(
        after.status,
        Status::PauseScheduled {
            at: at("2024-05-01T00:00:00Z")
        }
    );
}

#[test]
fn pause_is_for_monthly_payers_only() {
    let c = sample_catalog_usd();
    let annual = account(PlanId::Plus, Cycle::Annual, "2024-01-01T00:00:00Z", NOW);
    let q = quote(&c, &annual, &[Change::Pause], at(NOW)).unwrap();
    assert_eq!(q.reason, Some(NotSelfServe::MonthlyPayersOnly));
    let commit = account(
        PlanId::Plus,
        Cycle::AnnualCommitMonthly,
        "2024-01-01T00:00:00Z",
        NOW,
    );
    let q = quote(&c, &commit, &[Change::Pause], at(NOW)).unwrap();
    assert_eq!(q.reason, Some(NotSelfServe::AnnualCommitTerm));
}

#[test]
fn resume_bills_the_rest_of_the_current_period() {
    let c = sample_catalog_usd();
    let mut acc = plus_monthly("2024-02-15T00:00:00Z");
    acc.status = Status::Paused {
        since: at("2024-03-01T00:00:00Z"),
    };
    let q = quote(&c, &acc, &[Change::Resume], at(NOW)).unwrap();
    // April period, 15 of 30 days left: 49.00 × 0.5 = 24.50.
    assert!(q.self_serve);
    assert_eq!(q.lines[0].item.key(), "line.plan");
    assert_eq!(q.charge_now, d("24.50"));
    assert_eq!(q.next_invoice.date, at("2024-05-01T00:00:00Z"));
    let after = apply(&c, &acc, &[Change::Resume], at(NOW)).unwrap();
    assert_eq!(after.status, Status::Active);
    assert_eq!(after.period.start, at("2024-04-01T00:00:00Z"));
}

#[test]
fn a_paused_account_must_resume_before_other_changes() {
    let c = sample_catalog_usd();
    let mut acc = plus_monthly(NOW);
    acc.status = Status::Paused {
        since: at("2024-04-01T00:00:00Z"),
    };
    assert_eq!(
        quote(&c, &acc, &[Change::SetPlan { plan: PlanId::Pro }], at(NOW)),
        Err(PricingError::InvalidState {
            change: ChangeKind::SetPlan,
            status: StatusKind::Paused
        })
    );
    // Resume then upgrade in one cart: Pro 79.00 × 0.5 = 39.50.
    let q = quote(
        &c,
        &acc,
        &[Change::Resume, Change::SetPlan { plan: PlanId::Pro }],
        at(NOW),
    )
    .unwrap();
    assert_eq!(q.charge_now, d("39.50"));
}

#[test]
fn resume_drops_a_scheduled_pause() {
    let c = sample_catalog_usd();
    let mut acc = plus_monthly(NOW);
    acc.status = Status::PauseScheduled {
        at: at("2024-05-01T00:00:00Z"),
    };
    let after = apply(&c, &acc, &[Change::Resume], at(NOW)).unwrap();
    assert_eq!(after.status, Status::Active);
    assert_eq!(
        quote(&c, &after, &[Change::Resume], at(NOW)),
        Err(PricingError::InvalidState {
            change: ChangeKind::Resume,
            status: StatusKind::Active
        })
    );
}

#[test]
fn cancel_takes_effect_at_the_period_end_and_can_be_undone() {
    let c = sample_catalog_usd();
    let acc = plus_monthly(NOW);
    let q = quote(&c, &acc, &[Change::Cancel], at(NOW)).unwrap();
    assert!(q.self_serve);
    assert_eq!(q.permission, Action::Cancel);
    assert_eq!(q.effects[0].effective_at, at("2024-05-01T00:00:00Z"));
    assert_eq!(q.next_invoice.amount, d("0.00"));
    let cancelling = apply(&c, &acc, &[Change::Cancel], at(NOW)).unwrap();
    assert_eq!(
        cancelling.status,
        Status::CancellationScheduled {
            effective_at: at("2024-05-01T00:00:00Z")
        }
    );
    assert_eq!(
        quote(&c, &cancelling, &[Change::Cancel], at(NOW)),
        Err(PricingError::InvalidState {
            change: ChangeKind::Cancel,
            status: StatusKind::CancellationScheduled
        })
    );
    let undone = apply(&c, &cancelling, &[Change::UndoCancellation], at(NOW)).unwrap();
    assert_eq!(undone.status, Status::Active);
    assert_eq!(undone.version, 9);
}

#[test]
fn annual_commit_cancellation_goes_to_support_and_waits_for_the_term_end() {
    let c = sample_catalog_usd();
    let acc = account(
        PlanId::Plus,
        Cycle::AnnualCommitMonthly,
        "2024-01-15T00:00:00Z",
        "2024-04-20T00:00:00Z",
    );
    let q = quote(&c, &acc, &[Change::Cancel], at("2024-04-20T00:00:00Z")).unwrap();
    // Seed 001: "Commit Annually, Pay Monthly" accounts contact Customer Support to close;
    // it would take effect at the end of the term (Jan 15 2024 + 12 months).
    let reason = NotSelfServe::AnnualCommitCancellation {
        term_end: at("2025-01-15T00:00:00Z"),
    };
    assert!(!q.self_serve);
    assert_eq!(q.reason, Some(reason.clone()));
    assert_eq!(
        apply(&c, &acc, &[Change::Cancel], at("2024-04-20T00:00:00Z")),
        Err(PricingError::NotSelfServe { reason })
    );
    assert_eq!(q.effects[0].effective_at, at("2025-01-15T00:00:00Z"));
    // The commitment is still paid monthly until then: 44.10 on May 15.
    assert_eq!(
        q.next_invoice,
        NextInvoice {
            date: at("2024-05-15T00:00:00Z"),
            amount: amt("44.10")
        }
    );
}

#[test]
fn cancelled_accounts_accept_no_change() {
    let c = sample_catalog_usd();
    let mut acc = plus_monthly(NOW);
    acc.status = Status::Cancelled {
        since: at("2024-04-01T00:00:00Z"),
    };
    assert_eq!(
        quote(&c, &acc, &[Change::UndoCancellation], at(NOW)),
        Err(PricingError::InvalidState {
            change: ChangeKind::UndoCancellation,
            status: StatusKind::Cancelled
        })
    );
}

#[test]
fn seats_alone_on_a_trial_account_wait_for_conversion() {
    let c = sample_catalog_usd();
    let acc = trial_plus();
    let t = at("2024-04-10T00:00:00Z");
    let q = quote(&c, &acc, &[Change::SetSeats { seats: 3 }], t).unwrap();
    assert_eq!(q.reason, Some(NotSelfServe::Trial));
    // With the conversion in the same cart: plan 49.00 + 3 × 19.00 = 106.00, full price.
    let q = quote(
        &c,
        &acc,
        &[
            Change::SetPlan { plan: PlanId::Plus },
            Change::SetSeats { seats: 3 },
        ],
        t,
    )
    .unwrap();
    assert!(q.self_serve);
    assert_eq!(q.charge_now, d("106.00"));
}

#[test]
fn the_retention_offer_is_a_downgrade_for_support() {
    let c = sample_catalog_usd();
    let mut acc = account(PlanId::Pro, Cycle::Monthly, "2024-01-01T00:00:00Z", NOW);
    acc.contacts = 2_500;
    let offer = c.retention_offer.unwrap();
    let q = quote(&c, &acc, &offer.changes(), at(NOW)).unwrap();
    assert_eq!(q.reason, Some(NotSelfServe::Downgrade));
}

#[test]
fn a_card_expires_soon_from_30_days_before_it_stops_working() {
    // A 05/2024 card works through 31 May 2024 and stops at 2024-06-01T00:00Z.
    // 30 days before that: June 1 − 30 days = May 2 (May has 31 days) → 2024-05-02T00:00Z.
    let card = PaymentMethod {
        brand: "visa".into(),
        last4: "4242".into(),
        exp_month: 5,
        exp_year: 2024,
    };
    assert_eq!(card.stops_at(), Some(at("2024-06-01T00:00:00Z")));
    assert_eq!(
        card.standing(at("2024-04-16T00:00:00Z")),
        CardStanding::Valid
    );
    assert_eq!(
        card.standing(at("2024-05-01T23:59:59Z")),
        CardStanding::Valid
    );
    assert_eq!(
        card.standing(at("2024-05-02T00:00:00Z")),
        CardStanding::ExpiresSoon
    );
    assert!(card.expires_soon(at("2024-05-31T23:59:59Z")));
    assert_eq!(
        card.standing(at("2024-06-01T00:00:00Z")),
        CardStanding::Expired
    );
    assert!(card.is_expired(at("2024-06-01T00:00:00Z")));
    assert!(
        !card.expires_soon(at("2024-06-01T00:00:00Z")),
        "expired is not 'soon'"
    );
    // December rolls the year: 12/2024 stops at 2025-01-01T00:00Z; minus 30 days
    // (December has 31) → 2024-12-02T00:00Z.
    let december = PaymentMethod {
        exp_month: 12,
        ..card.clone()
    };
    assert_eq!(
        december.standing(at("2024-12-01T23:59:59Z")),
        CardStanding::Valid
    );
    assert_eq!(
        december.standing(at("2024-12-02T00:00:00Z")),
        CardStanding::ExpiresSoon
    );
    assert_eq!(
        december.standing(at("2025-01-01T00:00:00Z")),
        CardStanding::Expired
    );
    // An unreadable month is never charged.
    let bad = PaymentMethod {
        exp_month: 13,
        ..card
    };
    assert_eq!(
        bad.standing(at("2024-01-01T00:00:00Z")),
        CardStanding::Expired
    );
}
