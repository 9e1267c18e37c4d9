//! What the page offers an account: decided here, shown by the page (DESIGN §2–3).

use crate::common::{account, at, d, plus_monthly, sample_catalog_usd};
use pricing::*;

#[test]
fn each_plan_card_offers_current_upgrade_downgrade_or_subscribe() {
    let a = plus_monthly("2024-04-10T00:00:00Z");
    assert_eq!(a.plan_offer(PlanId::Plus), PlanOffer::Current);
    assert_eq!(a.plan_offer(PlanId::Pro), PlanOffer::Upgrade);
    assert_eq!(a.plan_offer(PlanId::Enterprise), PlanOffer::Upgrade);
    assert_eq!(a.plan_offer(PlanId::Starter), PlanOffer::Downgrade);
    // A trial on Plus buys its own plan ("Buy this plan") and still sees upgrades.
    let mut trial = a.clone();
    trial.status = Status::Trial {
        ends_at: at("2024-04-20T00:00:00Z"),
    };
    assert_eq!(trial.plan_offer(PlanId::Plus), PlanOffer::Subscribe);
    assert_eq!(trial.plan_offer(PlanId::Pro), PlanOffer::Upgrade);
    assert_eq!(trial.plan_offer(PlanId::Starter), PlanOffer::Downgrade);
}

#[test]
fn only_an_active_monthly_or_annual_payer_is_offered_another_cycle() {
    let monthly = plus_monthly("2024-04-10T00:00:00Z");
    assert_eq!(monthly.offered_cycle(), Some(Cycle::Annual));
    // The dialog lets a monthly payer choose: the year up front, or the commitment.
    assert_eq!(
        monthly.cycle_choices(),
        vec![Cycle::Annual, Cycle::AnnualCommitMonthly]
    );
    let annual = account(
        PlanId::Plus,
        Cycle::Annual,
        "2024-01-01T00:00:00Z",
        "2024-04-10T00:00:00Z",
    );
    assert_eq!(annual.offered_cycle(), Some(Cycle::Monthly));
    assert_eq!(annual.cycle_choices(), vec![Cycle::Monthly]);
    let commit = account(
        PlanId::Plus,
        Cycle::AnnualCommitMonthly,
        "2024-01-01T00:00:00Z",
        "2024-04-10T00:00:00Z",
    );
    assert_eq!(commit.offered_cycle(), None);
    assert_eq!(commit.cycle_choices(), vec![]);
    let mut paused = monthly.clone();
    paused.status = Status::Paused {
        since: at("2024-04-01T00:00:00Z"),
    };
    assert_eq!(paused.offered_cycle(), None);
    let mut trial = monthly;
    trial.status = Status::Trial {
        ends_at: at("2024-04-20T00:00:00Z"),
    };
    assert_eq!(trial.offered_cycle(), None);
}

#[test]
fn the_lowest_higher_plan_that_may_buy_an_add_on_unlocks_it() {
    let c = sample_catalog_usd();
    // SMS: Plus, Pro, Enterprise → from Starter, Plus is the first above.
    assert_eq!(
        c.unlocking_plan(AddOnId::Sms, PlanId::Starter),
        Some(PlanId::Plus)
    );
    // Custom reports: Pro, Enterprise → from Plus, Pro (not Enterprise).
    assert_eq!(
        c.unlocking_plan(AddOnId::CustomReports, PlanId::Plus),
        Some(PlanId::Pro)
    );
    // Nothing above Enterprise.
    assert_eq!(c.unlocking_plan(AddOnId::Sms, PlanId::Enterprise), None);
}

#[test]
fn seats_on_a_trial_buy_the_plan_with_them() {
    let a = plus_monthly("2024-04-10T00:00:00Z");
    assert_eq!(a.seats_cart(5), vec![Change::SetSeats { seats: 5 }]);
    let mut trial = a;
    trial.status = Status::Trial {
        ends_at: at("2024-04-20T00:00:00Z"),
    };
    assert_eq!(
        trial.seats_cart(5),
        vec![
            Change::SetPlan { plan: PlanId::Plus },
            Change::SetSeats { seats: 5 }
        ]
    );
}

#[test]
fn sms_credits_reset_on_the_given_date_else_at_the_monthly_sub_period_end() {
    // Annual, anchored 15 Jan 2024: the period starts 15 Jan 2024; its first monthly
    // sub-period is 15 Jan → 15 Feb.
    let mut a = account(
        PlanId::Plus,
        Cycle::Annual,
        "2024-01-15T00:00:00Z",
        "2024-04-10T00:00:00Z",
    );
    a.sms.renews_at = None;
    assert_eq!(a.sms_renews_at(), at("2024-02-15T00:00:00Z"));
    a.sms.renews_at = Some(at("2024-04-15T00:00:00Z"));
    assert_eq!(a.sms_renews_at(), at("2024-04-15T00:00:00Z"));
}

#[test]
fn the_next_invoice_is_the_recurring_amount_at_the_period_end_unless_stopped_by_then() {
    let c = sample_catalog_usd();
    let now = at("2024-04-10T00:00:00Z");
    let mut a = plus_monthly("2024-04-10T00:00:00Z");
    a.addons = vec![AddOnId::Sms];
    // Plus at 1,000 contacts 49.00 + SMS 29.00 = 78.00, on 1 May (the April period's end).
    let next = a.next_invoice(&c, now).unwrap();
    assert_eq!(next.date, at("2024-05-01T00:00:00Z"));
    assert_eq!(next.amount, d("78.00"));
    assert_eq!(a.billed_invoice(&c).unwrap(), Some(next));

    // A pause at the period end: the 1 May invoice is not billed (0.00).
    a.status = Status::PauseScheduled {
        at: at("2024-05-01T00:00:00Z"),
    };
    assert_eq!(a.next_invoice(&c, now).unwrap().amount, d("0.00"));
    assert_eq!(a.billed_invoice(&c).unwrap(), None);
    // A cancellation at the end of a later term still bills 1 May.
    a.status = Status::CancellationScheduled {
        effective_at: at("2024-06-01T00:00:00Z"),
    };
    assert_eq!(a.next_invoice(&c, now).unwrap().amount, d("78.00"));
    // Paused since before the period end, looked at after it: dated now, nothing billed.
    a.status = Status::Paused {
        since: at("2024-04-05T00:00:00Z"),
    };
    let later = at("2024-05-03T00:00:00Z");
    assert_eq!(a.next_invoice(&c, later).unwrap().date, later);
    assert!(!a.bills_next_invoice());
    // A trial: dated at its end, nothing billed.
    a.status = Status::Trial {
        ends_at: at("2024-04-20T00:00:00Z"),
    };
    assert_eq!(a.next_invoice_date(now), at("2024-04-20T00:00:00Z"));
    assert_eq!(a.next_invoice(&c, now).unwrap().amount, d("0.00"));
}

#[test]
fn instalments_left_count_the_commit_months_after_this_period() {
    // Commit term 1 Jan 2024 → 1 Jan 2025; period 1 Apr → 1 May: instalments due on
    // 1 May, 1 Jun, … 1 Dec = 8 (1 Jan 2025 is the term's end, not an instalment).
    let a = account(
        PlanId::Plus,
        Cycle::AnnualCommitMonthly,
        "2024-01-01T00:00:00Z",
        "2024-04-10T00:00:00Z",
    );
    assert_eq!(a.instalments_left(), Some(8));
    assert_eq!(
        plus_monthly("2024-04-10T00:00:00Z").instalments_left(),
        None
    );
}

#[test]
fn the_retention_offer_is_made_only_when_cheaper_and_not_paused() {
    let c = sample_catalog_usd();
    // Pro at 1,000 contacts pays 79.00 a month; the offer (Plus, 1,000, 39.00) is cheaper.
    let pro = account(
        PlanId::Pro,
        Cycle::Monthly,
        "2024-01-01T00:00:00Z",
        "2024-04-10T00:00:00Z",
    );
    assert_eq!(c.retention_offer_for(&pro), c.retention_offer);
    // Starter at 1,000 contacts pays 15.00: 39.00 is no offer.
    let starter = account(
        PlanId::Starter,
        Cycle::Monthly,
        "2024-01-01T00:00:00Z",
        "2024-04-10T00:00:00Z",
    );
    assert_eq!(c.retention_offer_for(&starter), None);
    let mut paused = pro;
    paused.status = Status::Paused {
        since: at("2024-04-01T00:00:00Z"),
    };
    assert_eq!(c.retention_offer_for(&paused), None);
}

#[test]
fn a_limit_reads_its_field_and_builds_its_change() {
    let a = plus_monthly("2024-04-10T00:00:00Z");
    // Plus: 1,000 contacts, 3 users, 25,000 sends; usage 800 / 2 / 1,200.
    assert_eq!(Limit::Contacts.of(&a), 1000);
    assert_eq!(Limit::Users.of(&a), 3);
    assert_eq!(Limit::EmailSends.of(&a), 25_000);
    assert_eq!(Limit::Contacts.used(&a), 800);
    assert_eq!(Limit::Users.used(&a), 2);
    assert_eq!(Limit::EmailSends.used(&a), 1200);
    assert_eq!(Limit::Users.change(5), Some(Change::SetUsers { users: 5 }));
    assert_eq!(
        Limit::EmailSends.change(30_000),
        Some(Change::SetEmailSends {
            email_sends: 30_000
        })
    );
    // 2^32 contacts do not fit the contact limit: no change to price.
    assert_eq!(Limit::Contacts.change(4_294_967_296), None);
    assert_eq!(Limit::Users.max(), 10_000);
}

#[test]
fn a_paused_account_may_resume_cancel_and_change_settings_only() {
    let mut a = plus_monthly("2024-04-10T00:00:00Z");
    a.status = Status::Paused {
        since: at("2024-04-01T00:00:00Z"),
    };
    let allowed: Vec<Action> = Action::ALL
        .into_iter()
        .filter(|x| gate(&a, Role::PrimaryAdmin, *x).is_ok())
        .collect();
    assert_eq!(
        allowed,
        vec![
            Action::ChangePaymentMethod,
            Action::ToggleAutoUpgrade,
            Action::Pause,
            Action::Cancel,
            Action::RequestSupport,
            Action::View
        ]
    );
    assert_eq!(
        gate(&a, Role::PrimaryAdmin, Action::Upgrade),
        Err(Blocked::Paused)
    );
    // The same list decides what a paused account's cart may hold.
    let c = sample_catalog_usd();
    let now = at("2024-04-10T00:00:00Z");
    assert!(quote(&c, &a, &[Change::SetAutoUpgrade { enabled: true }], now).is_ok());
    assert!(matches!(
        quote(
            &c,
            &a,
            &[Change::AddAddOn {
                addon: AddOnId::Sms
            }],
            now
        ),
        Err(PricingError::InvalidState { .. })
    ));
}

#[test]
fn a_reseller_then_the_role_then_a_closed_account_block_changes() {
    let mut a = plus_monthly("2024-04-10T00:00:00Z");
    assert_eq!(gate(&a, Role::Billing, Action::Upgrade), Ok(()));
    assert_eq!(
        gate(&a, Role::Billing, Action::Cancel),
        Err(Blocked::NotPermitted { admin_only: true })
    );
    assert_eq!(
        gate(&a, Role::Viewer, Action::Upgrade),
        Err(Blocked::NotPermitted { admin_only: false })
    );
    assert_eq!(gate(&a, Role::Viewer, Action::View), Ok(()));
    a.status = Status::Cancelled {
        since: at("2024-04-05T00:00:00Z"),
    };
    assert_eq!(
        gate(&a, Role::PrimaryAdmin, Action::Upgrade),
        Err(Blocked::Closed)
    );
    a.reseller = Some("Partner".into());
    assert_eq!(
        gate(&a, Role::PrimaryAdmin, Action::Upgrade),
        Err(Blocked::Resold)
    );
}

#[test]
fn banners_follow_status_term_card_and_role_in_order() {
    let now = at("2024-04-10T00:00:00Z");
    // A plain active account seen by its admin: no banner.
    let mut a = plus_monthly("2024-04-10T00:00:00Z");
    assert_eq!(banners(&a, Role::PrimaryAdmin, now), vec![]);
    // The same seen by a viewer: read-only.
    assert_eq!(banners(&a, Role::Viewer, now), vec![Banner::ReadOnly]);
    // Trial ending 12 Apr 12:00: 2 days 12 h left → 3 days (rounded up).
    a.status = Status::Trial {
        ends_at: at("2024-04-12T12:00:00Z"),
    };
    assert_eq!(
        banners(&a, Role::PrimaryAdmin, now),
        vec![Banner::Trial {
            days_left: 3,
            ends_at: at("2024-04-12T12:00:00Z")
        }]
    );
    // Resold and paused, a card expiring April 2024 (it stops on 1 May; 30 days before is
    // 1 April, and it is 10 April now: it expires soon), a viewer:
    // the reseller first, then the status, then the card; no read-only banner (resold
    // already says why nothing can be changed).
    a.reseller = Some("Partner".into());
    a.status = Status::Paused {
        since: at("2024-04-01T00:00:00Z"),
    };
    a.payment_method = Some(PaymentMethod {
        brand: "visa".into(),
        last4: "4242".into(),
        exp_month: 4,
        exp_year: 2024,
    });
    assert_eq!(
        banners(&a, Role::Viewer, now),
        vec![
            Banner::Resold {
                reseller: "Partner".into()
            },
            Banner::Paused {
                since: at("2024-04-01T00:00:00Z")
            },
            Banner::CardExpiring {
                last4: "4242".into(),
                exp_month: 4,
                exp_year: 2024
            },
        ]
    );
    // An annual commitment (term to 1 Jan 2025, period to 1 May): 8 instalments left.
    let commit = account(
        PlanId::Plus,
        Cycle::AnnualCommitMonthly,
        "2024-01-01T00:00:00Z",
        "2024-04-10T00:00:00Z",
    );
    assert_eq!(
        banners(&commit, Role::PrimaryAdmin, now),
        vec![Banner::CommitTerm {
            ends_at: at("2025-01-01T00:00:00Z"),
            instalments_left: 8
        }]
    );
}
