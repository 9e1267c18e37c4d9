use crate::common::{d, sample_catalog_usd, scaled_catalog, usd};
use pricing::*;

#[test]
fn the_sample_catalogs_are_valid() {
    assert_eq!(sample_catalog_usd().validate(), Ok(()));
    assert_eq!(scaled_catalog(Currency::JPY, d("100")).validate(), Ok(()));
    assert_eq!(scaled_catalog(Currency::KWD, d("0.3")).validate(), Ok(()));
}

#[test]
fn unsorted_tiers_are_rejected() {
    let mut c = sample_catalog_usd();
    c.plans[1].tiers.swap(0, 1);
    assert_eq!(
        c.validate(),
        Err(CatalogError::UnsortedTiers {
            plan: PlanId::Plus,
            contacts: 1000
        })
    );
}

#[test]
fn a_bigger_tier_may_not_cost_less() {
    let mut c = sample_catalog_usd();
    c.plans[1].tiers[1].price.monthly = d("40.00");
    assert_eq!(
        c.validate(),
        Err(CatalogError::TierPriceDecreases {
            plan: PlanId::Plus,
            contacts: 2500
        })
    );
}

#[test]
fn commit_discount_above_ten_percent_is_rejected() {
    let mut c = sample_catalog_usd();
    c.annual_commit_discount = d("0.10");
    assert_eq!(c.validate(), Ok(()));
    c.annual_commit_discount = d("0.1001");
    assert_eq!(
        c.validate(),
        Err(CatalogError::DiscountOutOfRange {
            discount: d("0.1001")
        })
    );
    c.annual_commit_discount = d("-0.01");
    assert!(matches!(
        c.validate(),
        Err(CatalogError::DiscountOutOfRange { .. })
    ));
}

#[test]
fn an_add_on_naming_an_unknown_plan_is_rejected() {
    let mut c = sample_catalog_usd();
    c.plans.retain(|p| p.id != PlanId::Starter);
    // Transactional email lists every plan, Starter included.
    assert_eq!(
        c.validate(),
        Err(CatalogError::UnknownPlanInAddOn {
            addon: AddOnId::TransactionalEmail,
            plan: PlanId::Starter
        })
    );
}

#[test]
fn prices_must_be_exact_in_the_minor_unit() {
    let mut c = sample_catalog_usd();
    c.sms_packs[0].price = d("15.001");
    assert!(matches!(
        c.validate(),
        Err(CatalogError::InexactPrice { .. })
    ));
    let mut yen = scaled_catalog(Currency::JPY, d("100"));
    yen.conversations.seat_price_monthly = d("1900.5");
    assert!(matches!(
        yen.validate(),
        Err(CatalogError::InexactPrice { .. })
    ));
}

#[test]
fn duplicates_and_empty_things_are_rejected() {
    let mut c = sample_catalog_usd();
    c.plans.push(c.plans[0].clone());
    assert_eq!(
        c.validate(),
        Err(CatalogError::DuplicatePlan {
            plan: PlanId::Starter
        })
    );
    let mut c = sample_catalog_usd();
    c.sms_packs.push(c.sms_packs[0].clone());
    assert!(matches!(
        c.validate(),
        Err(CatalogError::DuplicatePack { .. })
    ));
    let mut c = sample_catalog_usd();
    c.plans[0].email_sends_block = 0;
    assert!(matches!(
        c.validate(),
        Err(CatalogError::ZeroEmailSendsBlock { .. })
    ));
    let mut c = sample_catalog_usd();
    c.plans.clear();
    assert_eq!(c.validate(), Err(CatalogError::NoPlans));
}

#[test]
fn parse_round_trips_and_rejects_bad_catalogs() {
    let c = sample_catalog_usd();
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(Catalog::parse(&json), Ok(c.clone()));
    let bad = json.replace("\"0.10\"", "\"0.25\"");
    assert!(matches!(
        Catalog::parse(&bad),
        Err(CatalogError::DiscountOutOfRange { .. })
    ));
    assert!(matches!(
        Catalog::parse("{\"currency\": \"USD\"}"),
        Err(CatalogError::Malformed { .. })
    ));
}

#[test]
fn the_commit_discount_reads_as_a_percentage() {
    // 0.10 × 100 = 10 (normalised: "10", not "10.00").
    assert_eq!(
        sample_catalog_usd().annual_commit_percent().to_string(),
        "10"
    );
}

#[test]
fn plan_price_uses_the_tier_that_holds_the_contacts() {
    let c = sample_catalog_usd();
    // 1,200 contacts → the 2,500 tier.
    assert_eq!(
        c.plan_price(PlanId::Plus, 1200, Cycle::Monthly),
        Ok(usd("70.00"))
    );
    assert_eq!(
        c.plan_price(PlanId::Plus, 1000, Cycle::Annual),
        Ok(usd("470.40"))
    );
    // Commit discount on the monthly price: 49.00 × 0.90 = 44.10.
    assert_eq!(
        c.plan_price(PlanId::Plus, 1000, Cycle::AnnualCommitMonthly),
        Ok(usd("44.10"))
    );
    assert_eq!(
        c.plan_price(PlanId::Plus, 20_000, Cycle::Monthly),
        Err(PricingError::ContactsAboveTopTier {
            plan: PlanId::Plus,
            contacts: 20_000,
            max: 10_000
        })
    );
}

#[test]
fn seats_cost_twelve_months_on_annual_with_no_discount() {
    let c = sample_catalog_usd();
    // 8 × 19.00 = 152.00 a month; × 12 = 1,824.00 a year; commit-monthly undiscounted.
    assert_eq!(c.seats_price(8, Cycle::Monthly), usd("152.00"));
    assert_eq!(c.seats_price(8, Cycle::Annual), usd("1824.00"));
    assert_eq!(c.seats_price(8, Cycle::AnnualCommitMonthly), usd("152.00"));
}

#[test]
fn lookups_name_what_is_missing() {
    let c = sample_catalog_usd();
    assert_eq!(
        c.pack("sms_999").unwrap_err(),
        PricingError::UnknownPack {
            pack: "sms_999".into()
        }
    );
    assert!(c.addon_allowed(AddOnId::Sms, PlanId::Plus));
    assert!(!c.addon_allowed(AddOnId::Sms, PlanId::Starter));
    assert_eq!(
        c.addon_price(AddOnId::Sms, Cycle::Annual),
        Ok(usd("278.40"))
    );
}
