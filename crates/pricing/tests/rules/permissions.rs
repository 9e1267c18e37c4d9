use crate::common::{at, plus_monthly, sample_catalog_usd};
use pricing::*;

#[test]
fn the_role_action_matrix_of_design_1() {
    for action in Action::ALL {
        assert!(permits(Role::PrimaryAdmin, action), "{action:?}");
        assert_eq!(
            permits(Role::Viewer, action),
            action == Action::View,
            "{action:?}"
        );
        let billing = !matches!(action, Action::ManageSeats | Action::Pause | Action::Cancel);
        assert_eq!(permits(Role::Billing, action), billing, "{action:?}");
    }
}

#[test]
fn a_cart_needs_its_strictest_permission() {
    let c = sample_catalog_usd();
    let acc = plus_monthly("2024-04-16T00:00:00Z");
    let q = quote(
        &c,
        &acc,
        &[
            Change::SetPlan { plan: PlanId::Pro },
            Change::SetSeats { seats: 2 },
        ],
        at("2024-04-16T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(q.permission, Action::ManageSeats);
    assert!(q.clone().for_role(Role::PrimaryAdmin).self_serve);
    let billing = q.for_role(Role::Billing);
    assert!(!billing.self_serve);
    assert_eq!(billing.reason, Some(NotSelfServe::NotPermitted));
}

#[test]
fn billing_users_may_upgrade_and_viewers_may_not() {
    let c = sample_catalog_usd();
    let acc = plus_monthly("2024-04-16T00:00:00Z");
    let q = quote(
        &c,
        &acc,
        &[Change::SetPlan { plan: PlanId::Pro }],
        at("2024-04-16T00:00:00Z"),
    )
    .unwrap();
    assert!(q.clone().for_role(Role::Billing).self_serve);
    assert_eq!(
        q.for_role(Role::Viewer).reason,
        Some(NotSelfServe::NotPermitted)
    );
}
