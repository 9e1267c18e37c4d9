//! Test fixtures: a sample USD catalog (and scaled copies in other currencies) and accounts.
//! Shared by the tests and the `quote_bench` example; never part of the library.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use pricing::*;
use rust_decimal::Decimal;

/// An instant from RFC 3339, e.g. `at("2024-04-01T00:00:00Z")`.
pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("valid RFC 3339")
        .with_timezone(&Utc)
}

/// A rounded amount written as the invoice shows it, e.g. `amt("12.50")` (digits as given).
pub fn amt(s: &str) -> Amount {
    use pricing::json::{FromJson, Json};
    Amount::from_json(&Json::String(s.into())).expect("valid amount")
}

/// A rounded amount in US dollars, e.g. `usd("12.50")`.
pub fn usd(s: &str) -> Money {
    amt(s).in_currency(Currency::USD)
}

/// A decimal from a literal string, e.g. `d("12.50")`.
pub fn d(s: &str) -> Decimal {
    s.parse().expect("valid decimal")
}

fn cp(monthly: &str, annual: &str) -> CyclePrice {
    CyclePrice {
        monthly: d(monthly),
        annual: d(annual),
    }
}

fn tier(contacts: u32, monthly: &str, annual: &str) -> ContactTier {
    ContactTier {
        contacts,
        price: cp(monthly, annual),
    }
}

/// The sample catalog in USD. Annual prices are 12 × monthly less 20%, rounded to cents.
pub fn sample_catalog_usd() -> Catalog {
    let plan = |id: PlanId,
                name: &str,
                tiers: Vec<ContactTier>,
                users: u32,
                sends: u64,
                extra_user: CyclePrice,
                block: CyclePrice| Plan {
        id,
        name: name.to_string(),
        tiers,
        included_users: users,
        included_email_sends: sends,
        extra_user,
        email_sends_block: 10_000,
        extra_email_sends_block: block,
        // Seed 001: the 1:1 session "depending on your plan": Pro and Enterprise.
        offers_success_session: matches!(id, PlanId::Pro | PlanId::Enterprise),
    };
    let addon = |id: AddOnId, name: &str, price: CyclePrice, plans: &[PlanId], sms: u32| AddOn {
        id,
        name: name.to_string(),
        price,
        plans: plans.to_vec(),
        included_sms_credits: sms,
    };
    let paid = [PlanId::Plus, PlanId::Pro, PlanId::Enterprise];
    Catalog {
        currency: Currency::USD,
        plans: vec![
            plan(
                PlanId::Starter,
                "Starter",
                vec![
                    tier(1000, "15.00", "144.00"),
                    tier(2500, "30.00", "288.00"),
                    tier(5000, "60.00", "576.00"),
                ],
                1,
                10_000,
                cp("10.00", "96.00"),
                cp("5.00", "48.00"),
            ),
            plan(
                PlanId::Plus,
                "Plus",
                vec![
                    tier(1000, "49.00", "470.40"),
                    tier(2500, "70.00", "672.00"),
                    tier(5000, "125.00", "1200.00"),
                    tier(10000, "175.00", "1680.00"),
                ],
                3,
                25_000,
                cp("15.00", "144.00"),
                cp("8.00", "76.80"),
            ),
            plan(
                PlanId::Pro,
                "Pro",
                vec![
                    tier(1000, "79.00", "758.40"),
                    tier(2500, "110.00", "1056.00"),
                    tier(5000, "187.00", "1795.20"),
                    tier(10000, "259.00", "2486.40"),
                    tier(25000, "449.00", "4310.40"),
                ],
                5,
                50_000,
                cp("20.00", "192.00"),
                cp("10.00", "96.00"),
            ),
            plan(
                PlanId::Enterprise,
                "Enterprise",
                vec![
                    tier(2500, "145.00", "1392.00"),
                    tier(5000, "259.00", "2486.40"),
                    tier(10000, "349.00", "3350.40"),
                    tier(25000, "599.00", "5750.40"),
                    tier(50000, "999.00", "9590.40"),
                ],
                10,
                100_000,
                cp("25.00", "240.00"),
                cp("12.00", "115.20"),
            ),
        ],
        addons: vec![
            addon(AddOnId::Sms, "SMS", cp("29.00", "278.40"), &paid, 500),
            addon(
                AddOnId::Pipelines,
                "Pipelines & Sales Engagement",
                cp("19.00", "182.40"),
                &paid,
                0,
            ),
            addon(
                AddOnId::TransactionalEmail,
                "Transactional email",
                cp("15.00", "144.00"),
                &PlanId::ALL,
                0,
            ),
            addon(
                AddOnId::CustomReports,
                "Custom reports",
                cp("49.00", "470.40"),
                &[PlanId::Pro, PlanId::Enterprise],
                0,
            ),
        ],
        sms_packs: vec![
            SmsPack {
                id: "sms_1000".into(),
                credits: 1000,
                price: d("15.00"),
            },
            SmsPack {
                id: "sms_5000".into(),
                credits: 5000,
                price: d("60.00"),
            },
        ],
        sms_countries: vec![
            SmsCountry {
                code: "US".into(),
                name: "United States".into(),
                credits_per_message: 1,
                requires_10dlc: true,
            },
            SmsCountry {
                code: "IT".into(),
                name: "Italy".into(),
                credits_per_message: 3,
                requires_10dlc: false,
            },
        ],
        conversations: ConversationsPricing {
            seat_price_monthly: d("19.00"),
            trial_seats: 20,
        },
        annual_commit_discount: d("0.10"),
        retention_offer: Some(RetentionOffer {
            plan: PlanId::Plus,
            contacts: 1000,
            monthly_price: d("39.00"),
        }),
    }
}

/// The sample catalog with every price multiplied by `factor`, in `currency`
/// (JPY: factor 100 keeps prices whole yen; KWD: factor 0.3 keeps them in fils).
pub fn scaled_catalog(currency: Currency, factor: Decimal) -> Catalog {
    let mut c = sample_catalog_usd();
    let s = |p: &mut CyclePrice| {
        p.monthly = (p.monthly * factor).normalize();
        p.annual = (p.annual * factor).normalize();
    };
    c.currency = currency;
    for plan in &mut c.plans {
        for t in &mut plan.tiers {
            s(&mut t.price);
        }
        s(&mut plan.extra_user);
        s(&mut plan.extra_email_sends_block);
    }
    for a in &mut c.addons {
        s(&mut a.price);
    }
    for p in &mut c.sms_packs {
        p.price = (p.price * factor).normalize();
    }
    c.conversations.seat_price_monthly = (c.conversations.seat_price_monthly * factor).normalize();
    if let Some(o) = &mut c.retention_offer {
        o.monthly_price = (o.monthly_price * factor).normalize();
    }
    c
}

/// An active account on `plan` at 1,000 contacts (Enterprise: 2,500), with the plan's
/// included users and sends, on `cycle`, anchored at `anchor`, in the period holding `now`.
pub fn account(plan: PlanId, cycle: Cycle, anchor: &str, now: &str) -> Account {
    let catalog = sample_catalog_usd();
    let p = catalog.plan(plan).expect("plan in sample catalog");
    let anchor = at(anchor);
    let period = cycle_period_containing(cycle, anchor, at(now));
    Account {
        id: "acc_1".into(),
        name: "Acme".into(),
        plan,
        contacts: p.tiers[0].contacts,
        users: p.included_users,
        email_sends: p.included_email_sends,
        cycle,
        anchor,
        period,
        commit_term: (cycle == Cycle::AnnualCommitMonthly)
            .then(|| annual_period_containing(anchor, at(now))),
        status: Status::Active,
        reseller: None,
        addons: vec![],
        seats: Seats::default(),
        sms: SmsCredits::default(),
        auto_upgrade: false,
        usage: Usage {
            contacts: 800,
            users: 2,
            email_sends: 1200,
        },
        payment_method: Some(PaymentMethod {
            brand: "visa".into(),
            last4: "4242".into(),
            exp_month: 12,
            exp_year: 2027,
        }),
        last_auto_upgrade: None,
        version: 7,
    }
}

/// Plus, monthly, anchored on the 1st; the period holding `now` (April 2024 = 30 days).
pub fn plus_monthly(now: &str) -> Account {
    account(PlanId::Plus, Cycle::Monthly, "2024-01-01T00:00:00Z", now)
}

/// The benchmark's typical cart (`examples/quote_bench.rs`, and in wasm the app's
/// `tests/quote_bench.rs`): a Plus monthly account with 2,500 contacts, the SMS add-on and
/// 5 seats (3 assigned) moves to Pro with 5,000 contacts, mid-period.
pub fn typical_upgrade() -> (Catalog, Account, [Change; 2], DateTime<Utc>) {
    let catalog = sample_catalog_usd();
    let mut account = plus_monthly("2024-04-16T09:30:00Z");
    account.contacts = 2_500;
    account.addons = vec![AddOnId::Sms];
    account.seats = Seats {
        purchased: 5,
        assigned: 3,
        trial: false,
        trial_ends_at: None,
    };
    let changes = [
        Change::SetPlan { plan: PlanId::Pro },
        Change::SetContacts { contacts: 5_000 },
    ];
    (catalog, account, changes, at("2024-04-16T09:30:00Z"))
}
