//! Every scenario file loads, is priced by pricing, and is served.

use mock_api::{load_scenario, scenario_names};
use pricing::{Currency, Role, Status};

use crate::common::Api;

const REQUIRED: [&str; 11] = [
    "billing-viewer",
    "cancellation-scheduled",
    "enterprise-annual-commit",
    "eur-monthly",
    "paused",
    "pro-annual",
    "pro-monthly",
    "read-only-viewer",
    "resold",
    "starter-monthly",
    "trial",
];

#[test]
fn every_scenario_loads_and_is_priced() {
    let names = scenario_names().unwrap();
    for name in REQUIRED {
        assert!(names.iter().any(|n| n == name), "scenario {name} exists");
    }
    for name in &names {
        let world = load_scenario(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        let recurring = world
            .account
            .recurring(&world.catalog)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(recurring.decimal().is_sign_positive(), "{name}");
        if world.account.status.is_paying() || matches!(world.account.status, Status::Trial { .. })
        {
            assert!(
                world.account.period.contains(world.now),
                "{name}: the clock is inside the current period"
            );
        }
        // Usage fits the limits the account pays for.
        assert!(
            world.account.usage.contacts <= world.account.contacts,
            "{name}"
        );
    }
}

#[test]
fn scenarios_cover_the_roles_cycles_and_currencies() {
    let world = |n| load_scenario(n).unwrap();
    assert_eq!(world("read-only-viewer").viewer.role, Role::Viewer);
    assert_eq!(world("billing-viewer").viewer.role, Role::Billing);
    assert_eq!(world("eur-monthly").catalog.currency, Currency::EUR);
    assert_eq!(world("pro-monthly").catalog.currency, Currency::USD);
    assert!(world("resold").account.reseller.is_some());
    assert!(world("enterprise-annual-commit")
        .account
        .commit_term
        .is_some());
    assert!(matches!(
        world("paused").account.status,
        Status::Paused { .. }
    ));
    assert!(matches!(
        world("trial").account.status,
        Status::Trial { .. }
    ));
    assert!(matches!(
        world("cancellation-scheduled").account.status,
        Status::CancellationScheduled { .. }
    ));
}

#[tokio::test]
async fn every_scenario_is_served_after_a_reset() {
    let api = Api::start("pro-monthly").await;
    for name in scenario_names().unwrap() {
        let reply = api
            .post(
                "/api/v1/_mock/reset",
                serde_json::json!({ "scenario": name }),
            )
            .await;
        assert_eq!(reply.status, 200, "{name}: {}", reply.text);
        let served = api.account().await;
        let world = load_scenario(&name).unwrap();
        assert_eq!(served["account"]["name"], world.account.name.as_str());
        assert!(api.get("/api/v1/catalog").await.status == 200);
    }
}

#[tokio::test]
async fn pro_monthly_is_what_the_end_to_end_tests_expect() {
    let api = Api::start("pro-monthly").await;
    let body = api.account().await;
    assert_eq!(body["account"]["name"], "Northwind Traders");
    assert_eq!(body["account"]["plan"], "pro");
    assert_eq!(body["viewer"]["role"], "primary_admin");
}
