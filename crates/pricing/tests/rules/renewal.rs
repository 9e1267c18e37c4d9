//! Time passing: renewals, scheduled pause/cancel, trial expiry, monthly SMS reset.

use crate::common::{account, at, d, plus_monthly, sample_catalog_usd};
use pricing::*;

#[test]
fn periods_renew_with_an_invoice_each() {
    let c = sample_catalog_usd();
    let acc = plus_monthly("2024-04-16T00:00:00Z");
    let adv = advance(&c, &acc, at("2024-06-10T00:00:00Z")).unwrap();
    assert_eq!(
        adv.renewals
            .iter()
            .map(|r| (r.date, r.amount.decimal()))
            .collect::<Vec<_>>(),
        vec![
            (at("2024-05-01T00:00:00Z"), d("49.00")),
            (at("2024-06-01T00:00:00Z"), d("49.00"))
        ]
    );
    assert_eq!(adv.account.period.start, at("2024-06-01T00:00:00Z"));
    assert_eq!(adv.account.version, 8);
    // Nothing happens within the period.
    let same = advance(&c, &acc, at("2024-04-20T00:00:00Z")).unwrap();
    assert_eq!(same.account, acc);
    assert!(same.renewals.is_empty());
}

#[test]
fn anchor_31_renewals_do_not_drift() {
    let c = sample_catalog_usd();
    let acc = account(
        PlanId::Plus,
        Cycle::Monthly,
        "2024-01-31T00:00:00Z",
        "2024-02-10T00:00:00Z",
    );
    let adv = advance(&c, &acc, at("2024-04-01T00:00:00Z")).unwrap();
    let dates: Vec<_> = adv.renewals.iter().map(|r| r.date).collect();
    // Feb 29, then back to the 31st.
    assert_eq!(
        dates,
        vec![at("2024-02-29T00:00:00Z"), at("2024-03-31T00:00:00Z")]
    );
    assert_eq!(adv.account.period.end, at("2024-04-30T00:00:00Z"));
}

#[test]
fn scheduled_pause_and_cancellation_happen_at_their_instant() {
    let c = sample_catalog_usd();
    let mut acc = plus_monthly("2024-04-16T00:00:00Z");
    acc.status = Status::PauseScheduled {
        at: at("2024-05-01T00:00:00Z"),
    };
    let adv = advance(&c, &acc, at("2024-05-02T00:00:00Z")).unwrap();
    assert_eq!(
        adv.account.status,
        Status::Paused {
            since: at("2024-05-01T00:00:00Z")
        }
    );
    assert!(adv.renewals.is_empty());

    acc.status = Status::CancellationScheduled {
        effective_at: at("2024-05-01T00:00:00Z"),
    };
    let adv = advance(&c, &acc, at("2024-05-02T00:00:00Z")).unwrap();
    assert_eq!(
        adv.account.status,
        Status::Cancelled {
            since: at("2024-05-01T00:00:00Z")
        }
    );
}

#[test]
fn an_expired_trial_closes_without_charge() {
    let c = sample_catalog_usd();
    let mut acc = plus_monthly("2024-04-01T00:00:00Z");
    acc.status = Status::Trial {
        ends_at: at("2024-04-15T00:00:00Z"),
    };
    let adv = advance(&c, &acc, at("2024-05-20T00:00:00Z")).unwrap();
    assert_eq!(
        adv.account.status,
        Status::Cancelled {
            since: at("2024-04-15T00:00:00Z")
        }
    );
    assert!(adv.renewals.is_empty());
    assert_eq!(acc.trial_days_left(at("2024-04-13T12:00:00Z")), Some(2));
}

#[test]
fn sms_credits_reset_monthly_even_on_annual_billing() {
    let c = sample_catalog_usd();
    let mut acc = account(
        PlanId::Plus,
        Cycle::Annual,
        "2024-01-01T00:00:00Z",
        "2024-03-05T00:00:00Z",
    );
    acc.addons = vec![AddOnId::Sms];
    acc.sms = SmsCredits {
        monthly_packs: vec!["sms_1000".into()],
        remaining: 20,
        renews_at: Some(at("2024-03-01T00:00:00Z")),
    };
    let adv = advance(&c, &acc, at("2024-03-05T00:00:00Z")).unwrap();
    // Unused 20 do not roll over: 500 (add-on) + 1,000 (pack) = 1,500.
    assert_eq!(adv.account.sms.remaining, 1_500);
    assert_eq!(adv.account.sms.renews_at, Some(at("2024-04-01T00:00:00Z")));
    assert!(adv.renewals.is_empty());
}

#[test]
fn annual_commit_term_renews_after_twelve_months() {
    let c = sample_catalog_usd();
    let acc = account(
        PlanId::Plus,
        Cycle::AnnualCommitMonthly,
        "2024-01-15T00:00:00Z",
        "2024-12-20T00:00:00Z",
    );
    let adv = advance(&c, &acc, at("2025-01-16T00:00:00Z")).unwrap();
    assert_eq!(adv.renewals[0].amount, d("44.10"));
    assert_eq!(
        adv.account.commit_term,
        Some(Period {
            start: at("2025-01-15T00:00:00Z"),
            end: at("2026-01-15T00:00:00Z")
        })
    );
}

#[test]
fn auto_upgrade_raises_the_contact_limit_to_the_tier_of_usage() {
    let c = sample_catalog_usd();
    let mut acc = plus_monthly("2024-04-16T00:00:00Z");
    acc.usage.contacts = 1_200;
    assert_eq!(auto_upgrade_change(&c, &acc), None);
    acc.auto_upgrade = true;
    assert_eq!(
        auto_upgrade_change(&c, &acc),
        Some(Change::SetContacts { contacts: 2_500 })
    );
}
