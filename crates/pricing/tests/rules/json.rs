//! The JSON shapes the mock API and the page exchange.

use crate::common::{amt, at, d, plus_monthly, sample_catalog_usd};
use pricing::*;
use serde_json::{json, Value};

#[test]
fn cycle_names_are_their_json_names() {
    let names: Vec<Value> = Cycle::ALL.iter().map(|c| json!(c.as_str())).collect();
    let json: Vec<Value> = Cycle::ALL.iter().map(|c| json!(c)).collect();
    assert_eq!(names, json);
    assert_eq!(
        names,
        vec![
            json!("monthly"),
            json!("annual"),
            json!("annual_commit_monthly")
        ]
    );
}

#[test]
fn changes_are_tagged_by_kind_in_snake_case() {
    let cases = [
        (
            Change::SetPlan { plan: PlanId::Pro },
            json!({"kind": "set_plan", "plan": "pro"}),
        ),
        (
            Change::AddAddOn {
                addon: AddOnId::TransactionalEmail,
            },
            json!({"kind": "add_add_on", "addon": "transactional_email"}),
        ),
        (
            Change::SwitchCycle {
                cycle: Cycle::AnnualCommitMonthly,
            },
            json!({"kind": "switch_cycle", "cycle": "annual_commit_monthly"}),
        ),
        (Change::Pause, json!({"kind": "pause"})),
        (
            Change::BuySmsPack {
                pack: "sms_1000".into(),
            },
            json!({"kind": "buy_sms_pack", "pack": "sms_1000"}),
        ),
    ];
    for (change, expected) in cases {
        assert_eq!(serde_json::to_value(&change).unwrap(), expected);
        assert_eq!(serde_json::from_value::<Change>(expected).unwrap(), change);
    }
}

#[test]
fn account_json_uses_strings_for_amounts_and_tags_for_status() {
    let mut acc = plus_monthly("2024-04-16T00:00:00Z");
    acc.status = Status::CancellationScheduled {
        effective_at: at("2024-05-01T00:00:00Z"),
    };
    let v = serde_json::to_value(&acc).unwrap();
    assert_eq!(v["plan"], "plus");
    assert_eq!(v["cycle"], "monthly");
    assert_eq!(
        v["status"],
        json!({"kind": "cancellation_scheduled", "effective_at": "2024-05-01T00:00:00Z"})
    );
    assert_eq!(v["period"]["start"], "2024-04-01T00:00:00Z");
    let back: Account = serde_json::from_value(v).unwrap();
    assert_eq!(back, acc);
}

#[test]
fn a_minimal_account_json_is_accepted() {
    let v = json!({
        "id": "acc_9", "name": "Shop", "plan": "starter", "contacts": 1000, "users": 1,
        "email_sends": 10000, "cycle": "monthly", "anchor": "2024-01-01T00:00:00Z",
        "period": {"start": "2024-04-01T00:00:00Z", "end": "2024-05-01T00:00:00Z"},
        "status": {"kind": "active"}
    });
    let acc: Account = serde_json::from_value(v).unwrap();
    assert_eq!(acc.version, 0);
    assert!(acc.addons.is_empty());
}

#[test]
fn quote_json_carries_decimal_strings() {
    let c = sample_catalog_usd();
    let acc = plus_monthly("2024-04-16T00:00:00Z");
    let q = quote(
        &c,
        &acc,
        &[Change::SetPlan { plan: PlanId::Pro }],
        at("2024-04-16T00:00:00Z"),
    )
    .unwrap();
    let v: Value = serde_json::to_value(&q).unwrap();
    assert_eq!(v["currency"], "USD");
    assert_eq!(v["charge_now"], "15.00");
    assert_eq!(v["next_invoice"]["amount"], "79.00");
    assert_eq!(v["lines"][0]["key"], "line.plan_upgrade");
    assert_eq!(v["lines"][0]["amount"], "15.00");
    assert_eq!(
        v["effects"][0]["change"],
        json!({"kind": "set_plan", "plan": "pro"})
    );
    assert_eq!(v["self_serve"], true);
    assert_eq!(v["reason"], Value::Null);
    assert_eq!(v["permission"], "upgrade");
    let back: Quote = serde_json::from_value(v).unwrap();
    assert_eq!(back, q);
}

#[test]
fn reasons_and_errors_are_tagged_too() {
    assert_eq!(
        serde_json::to_value(NotSelfServe::IneligiblePlan {
            required: vec![PlanId::Plus, PlanId::Pro]
        })
        .unwrap(),
        json!({"kind": "ineligible_plan", "required": ["plus", "pro"]})
    );
    assert_eq!(
        serde_json::to_value(PricingError::ZeroQuantity {
            what: Quantity::Users
        })
        .unwrap(),
        json!({"kind": "zero_quantity", "what": "users"})
    );
    assert_eq!(
        serde_json::to_value(Role::PrimaryAdmin).unwrap(),
        json!("primary_admin")
    );
    assert_eq!(
        serde_json::to_value(Action::BuySmsCredits).unwrap(),
        json!("buy_sms_credits")
    );
}

#[test]
fn a_line_item_is_the_same_key_and_item_on_the_wire_and_unknown_ones_are_other() {
    let line = QuoteLine {
        item: LineItem::PlanUpgrade(PlanId::Pro),
        quantity: d("1"),
        unit_amount: d("30.00"),
        proration: None,
        amount: amt("30.00"),
    };
    let v = serde_json::to_value(&line).unwrap();
    assert_eq!(v["key"], "line.plan_upgrade");
    assert_eq!(v["item"], "pro");
    assert_eq!(serde_json::from_value::<QuoteLine>(v).unwrap(), line);
    // Seats carry no item: `null`, as before.
    let seats = serde_json::json!({"key": "line.conversations_seats", "item": null,
        "quantity": "3", "unit_amount": "19.00", "amount": "28.50"});
    assert_eq!(
        serde_json::from_value::<QuoteLine>(seats).unwrap().item,
        LineItem::Seats
    );
    // A newer backend's add-on or line kind is "other", never a raw id shown as a name.
    let unknown = serde_json::json!({"key": "line.addon", "item": "webinars",
        "quantity": "1", "unit_amount": "9.00", "amount": "9.00"});
    assert_eq!(
        serde_json::from_value::<QuoteLine>(unknown).unwrap().item,
        LineItem::Other {
            key: "line.addon".into(),
            item: Some("webinars".into())
        }
    );
}
