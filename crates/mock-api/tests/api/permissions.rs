//! The permission matrix: each role × each mutation, against `pricing::permits`; a refused
//! request is a 403 with the reason and changes nothing.

use pricing::{permits, Action, AddOnId, Role, Status};
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{Api, Reply};

const ROLES: [Role; 3] = [Role::PrimaryAdmin, Role::Billing, Role::Viewer];

/// One mutation of the API and the action it needs.
struct Case {
    name: &'static str,
    action: Action,
    request: Request,
    /// The account status the mutation makes sense in.
    status: Option<Status>,
}

enum Request {
    /// `POST /quotes` with these changes.
    Quote(Value),
    /// Quoted as the primary admin, then `POST /orders` as the role.
    Order(Value),
    /// Any other mutation.
    Send(Method, &'static str, Value),
}

fn cases() -> Vec<Case> {
    let consents = json!({
        "reasons": ["other"],
        "comment": "",
        "consents": { "lists": true, "campaigns": true, "reports": true, "account_information": true }
    });
    let cart = |name, action, changes: Value| {
        [
            Case {
                name,
                action,
                request: Request::Quote(changes.clone()),
                status: None,
            },
            Case {
                name,
                action,
                request: Request::Order(changes),
                status: None,
            },
        ]
    };
    let send = |name, action, method, path, body| Case {
        name,
        action,
        request: Request::Send(method, path, body),
        status: None,
    };
    let mut cases: Vec<Case> = Vec::new();
    cases.extend(cart(
        "upgrade",
        Action::Upgrade,
        json!([{ "kind": "set_plan", "plan": "enterprise" }]),
    ));
    cases.extend(cart(
        "raise limits",
        Action::RaiseLimits,
        json!([{ "kind": "set_users", "users": 4 }]),
    ));
    cases.extend(cart(
        "buy add-on",
        Action::BuyAddOn,
        json!([{ "kind": "add_add_on", "addon": "custom_reports" }]),
    ));
    cases.extend(cart(
        "buy SMS credits",
        Action::BuySmsCredits,
        json!([{ "kind": "buy_sms_pack", "pack": "sms_1000" }]),
    ));
    cases.extend(cart(
        "buy seats",
        Action::ManageSeats,
        json!([{ "kind": "set_seats", "seats": 6 }]),
    ));
    cases.push(send(
        "auto-upgrade",
        Action::ToggleAutoUpgrade,
        Method::PUT,
        "/api/v1/auto-upgrade",
        json!({ "enabled": true, "terms_accepted": true }),
    ));
    cases.push(send(
        "payment method",
        Action::ChangePaymentMethod,
        Method::PUT,
        "/api/v1/payment-method",
        json!({ "token": "tok_visa" }),
    ));
    cases.push(send(
        "support request",
        Action::RequestSupport,
        Method::POST,
        "/api/v1/support-requests",
        json!({ "topic": "downgrade", "changes": [{ "kind": "set_plan", "plan": "plus" }] }),
    ));
    cases.push(send(
        "success session",
        Action::RequestSupport,
        Method::POST,
        "/api/v1/success-sessions",
        json!({ "slot": "2026-11-23T14:00:00Z" }),
    ));
    cases.push(send(
        "pause",
        Action::Pause,
        Method::POST,
        "/api/v1/pause",
        json!({}),
    ));
    let mut resume = send(
        "resume",
        Action::Pause,
        Method::POST,
        "/api/v1/resume",
        json!({}),
    );
    resume.status = Some(Status::PauseScheduled {
        at: "2026-12-15T00:00:00Z".parse().unwrap(),
    });
    cases.push(resume);
    cases.push(send(
        "cancel",
        Action::Cancel,
        Method::POST,
        "/api/v1/cancellation",
        consents,
    ));
    let mut undo = send(
        "undo cancellation",
        Action::Cancel,
        Method::DELETE,
        "/api/v1/cancellation",
        json!({}),
    );
    undo.status = Some(Status::CancellationScheduled {
        effective_at: "2026-12-15T00:00:00Z".parse().unwrap(),
    });
    cases.push(undo);
    cases
}

/// Runs `case` as `role` on a fresh pro-monthly account with the SMS add-on; returns the
/// reply and the records just before the request.
async fn run(case: &Case, role: Role) -> (Api, Reply, Value) {
    let api = Api::start("pro-monthly").await;
    {
        let mut store = api.server.state.lock();
        store.world.account.addons = vec![AddOnId::Sms, AddOnId::Pipelines];
        if let Some(status) = case.status {
            store.world.account.status = status;
        }
    }
    let quote_id = match &case.request {
        Request::Order(changes) => Some(api.quote_id(changes.clone()).await),
        _ => None,
    };
    api.server.state.lock().world.viewer.role = role;
    let before = api.records().await;
    let reply = match &case.request {
        Request::Quote(changes) => api.quote(changes.clone()).await,
        Request::Order(_) => api.order(quote_id.as_deref().unwrap(), "perm").await,
        Request::Send(method, path, body) => api.send(method.clone(), path, body.clone()).await,
    };
    (api, reply, before)
}

#[tokio::test]
async fn every_role_may_do_exactly_what_pricing_permits_on_every_mutation() {
    for case in cases() {
        for role in ROLES {
            let (api, reply, before) = run(&case, role).await;
            let who = format!("{role:?} × {}", case.name);
            if permits(role, case.action) {
                assert!(
                    (200..300).contains(&reply.status),
                    "{who}: {} {}",
                    reply.status,
                    reply.text
                );
            } else {
                reply.assert_error(403, "forbidden", None);
                assert_eq!(
                    reply.json()["reason"],
                    json!({ "kind": "not_permitted" }),
                    "{who}"
                );
                assert_eq!(api.records().await, before, "{who}: nothing changed");
            }
        }
    }
}

#[tokio::test]
async fn every_role_may_read() {
    for role in ROLES {
        let api = Api::start("pro-monthly").await;
        api.server.state.lock().world.viewer.role = role;
        for path in [
            "/api/v1/account",
            "/api/v1/catalog",
            "/api/v1/ledger",
            "/api/v1/success-sessions/slots",
            "/api/v1/exports/contacts",
        ] {
            assert_eq!(api.get(path).await.status, 200, "{role:?} GET {path}");
        }
    }
}

#[tokio::test]
async fn the_account_lists_the_roles_permissions() {
    let api = Api::start("billing-viewer").await;
    let permissions = api.account().await["permissions"].clone();
    // DESIGN §1: billing users may not manage seats, pause or cancel.
    for denied in ["manage_seats", "pause", "cancel"] {
        assert!(!permissions.as_array().unwrap().contains(&json!(denied)));
    }
    assert!(permissions.as_array().unwrap().contains(&json!("upgrade")));
    let api = Api::start("read-only-viewer").await;
    assert_eq!(api.account().await["permissions"], json!(["view"]));
}
