//! Prints a request and response example for every route, taken from a live run of the
//! mock (pasted into docs/api.md): `cargo run -p mock-api --example api_examples`.
//!
//! Long account bodies after the first are cut to the fields that changed; a cut is
//! marked with a `"…"` key.

use mock_api::{spawn, ServerConfig};
use reqwest::Method;
use serde_json::{json, Map, Value};

struct Run {
    base: String,
    client: reqwest::Client,
}

/// What to keep of an `account` in a shown response.
enum Keep {
    All,
    Account(&'static [&'static str]),
    Catalog,
    /// `_mock/records`: the world's catalog and account cut.
    Records,
}

impl Run {
    #[allow(clippy::too_many_arguments)]
    async fn show(
        &self,
        title: &str,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
        keep: Keep,
    ) -> Value {
        let mut request = self
            .client
            .request(method.clone(), format!("{}{path}", self.base));
        println!("### {title}\n");
        println!("```http");
        println!("{method} {path}");
        for (name, value) in headers {
            request = request.header(*name, *value);
            println!("{name}: {value}");
        }
        if let Some(body) = &body {
            request = request
                .header("Content-Type", "application/json")
                .body(body.to_string());
            println!("Content-Type: application/json\n");
            println!("{}", serde_json::to_string_pretty(body).unwrap());
        }
        println!("```\n");
        let response = request.send().await.expect("the mock answers");
        let status = response.status();
        let shown_headers: Vec<String> =
            ["retry-after", "content-disposition", "idempotent-replayed"]
                .iter()
                .filter_map(|h| {
                    response
                        .headers()
                        .get(*h)
                        .map(|v| format!("{h}: {}", v.to_str().unwrap()))
                })
                .collect();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let text = response.text().await.unwrap();
        println!("```http");
        println!(
            "{} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        );
        println!("content-type: {content_type}");
        for h in &shown_headers {
            println!("{h}");
        }
        println!();
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if value.is_null() {
            print!("{text}");
        } else {
            println!(
                "{}",
                serde_json::to_string_pretty(&cut(&value, &keep)).unwrap()
            );
        }
        println!("```\n");
        value
    }
}

fn cut(value: &Value, keep: &Keep) -> Value {
    match keep {
        Keep::All => value.clone(),
        Keep::Catalog => {
            let mut v = value.clone();
            for (key, n) in [
                ("plans", 1),
                ("addons", 1),
                ("sms_packs", 1),
                ("sms_countries", 1),
            ] {
                if let Some(list) = v[key].as_array_mut() {
                    let more = list.len() - n;
                    list.truncate(n);
                    list.push(json!({ "…": format!("{more} more") }));
                }
            }
            v
        }
        Keep::Records => {
            let mut v = value.clone();
            v["world"]["catalog"] = json!({ "…": "as in GET /api/v1/catalog" });
            v["world"]["account"] = json!({
                "version": v["world"]["account"]["version"],
                "…": "as in GET /api/v1/account"
            });
            v
        }
        Keep::Account(fields) => {
            let mut v = value.clone();
            let slot = if v.get("account").and_then(|a| a.get("account")).is_some() {
                &mut v["account"]["account"]
            } else {
                &mut v["account"]
            };
            let mut kept = Map::new();
            for f in *fields {
                kept.insert(f.to_string(), slot[f].clone());
            }
            kept.insert(
                "…".into(),
                json!("every other field as in GET /api/v1/account"),
            );
            *slot = Value::Object(kept);
            // Permissions are listed in full in GET /api/v1/account.
            let cut_list = |p: &mut Value| {
                if p.as_array().is_some_and(|a| a.len() > 1) {
                    *p = json!(["…"]);
                }
            };
            if let Some(p) = v.get_mut("permissions") {
                cut_list(p);
            }
            if let Some(p) = v.get_mut("account").and_then(|a| a.get_mut("permissions")) {
                cut_list(p);
            }
            v
        }
    }
}

#[tokio::main]
async fn main() {
    let server = spawn(ServerConfig {
        port: 0,
        scenario: "pro-monthly".into(),
        test_controls: true,
        ..ServerConfig::default()
    })
    .await
    .expect("mock starts");
    let run = Run {
        base: format!("http://{}", server.addr),
        client: reqwest::Client::new(),
    };
    let csrf = ("X-CSRF-Token", "3b1f9c2e");
    let get = |title: &'static str, path: &'static str, keep| {
        run.show(title, Method::GET, path, &[], None, keep)
    };

    println!("<!-- generated by `cargo run -p mock-api --example api_examples` -->\n");
    println!("## Examples (scenario pro-monthly, clock 2026-11-22T10:00:00Z)\n");
    get("GET /api/v1/account", "/api/v1/account", Keep::All).await;
    get(
        "GET /api/v1/catalog (lists cut to one item)",
        "/api/v1/catalog",
        Keep::Catalog,
    )
    .await;
    let quote = run
        .show(
            "POST /api/v1/quotes",
            Method::POST,
            "/api/v1/quotes",
            &[csrf],
            Some(json!({ "changes": [{ "kind": "set_plan", "plan": "enterprise" }] })),
            Keep::All,
        )
        .await;
    let id = quote["id"].as_str().unwrap().to_string();
    let order_body = json!({ "quote_id": id });
    let key = ("Idempotency-Key", "6f1c1d0e-8a4b-4f5e-9a51-2c7d0b3e9f10");
    run.show(
        "POST /api/v1/orders",
        Method::POST,
        "/api/v1/orders",
        &[csrf, key],
        Some(order_body.clone()),
        Keep::Account(&["plan", "contacts", "users", "email_sends", "version"]),
    )
    .await;
    run.show(
        "POST /api/v1/orders again with the same key and body (replay)",
        Method::POST,
        "/api/v1/orders",
        &[csrf, key],
        Some(order_body.clone()),
        Keep::Account(&["plan", "version"]),
    )
    .await;
    let other = run
        .show(
            "POST /api/v1/quotes: a downgrade is quoted as not self-serve",
            Method::POST,
            "/api/v1/quotes",
            &[csrf],
            Some(json!({ "changes": [{ "kind": "set_plan", "plan": "plus" }] })),
            Keep::All,
        )
        .await;
    run.show(
        "POST /api/v1/orders: same key, other body → 422",
        Method::POST,
        "/api/v1/orders",
        &[csrf, key],
        Some(json!({ "quote_id": other["id"] })),
        Keep::All,
    )
    .await;
    run.show(
        "POST /api/v1/orders: a downgrade → 422 not_self_serve",
        Method::POST,
        "/api/v1/orders",
        &[csrf, ("Idempotency-Key", "a1d4")],
        Some(json!({ "quote_id": other["id"] })),
        Keep::All,
    )
    .await;
    let stale = run
        .show(
            "POST /api/v1/quotes (to show a stale quote next)",
            Method::POST,
            "/api/v1/quotes",
            &[csrf],
            Some(json!({ "changes": [{ "kind": "set_users", "users": 6 }] })),
            Keep::All,
        )
        .await;
    run.show(
        "POST /api/v1/_mock/clock (past the 15 minutes the quote was valid)",
        Method::POST,
        "/api/v1/_mock/clock",
        &[],
        Some(json!({ "now": "2026-11-22T10:31:00Z" })),
        Keep::Account(&["status", "period", "version"]),
    )
    .await;
    run.show(
        "POST /api/v1/orders: expired quote → 409 quote_stale",
        Method::POST,
        "/api/v1/orders",
        &[csrf, ("Idempotency-Key", "b7e2")],
        Some(json!({ "quote_id": stale["id"] })),
        Keep::All,
    )
    .await;
    run.show(
        "PUT /api/v1/auto-upgrade",
        Method::PUT,
        "/api/v1/auto-upgrade",
        &[csrf],
        Some(json!({ "enabled": true, "terms_accepted": true })),
        Keep::Account(&["auto_upgrade", "version"]),
    )
    .await;
    run.show(
        "PUT /api/v1/auto-upgrade without the terms → 400",
        Method::PUT,
        "/api/v1/auto-upgrade",
        &[csrf],
        Some(json!({ "enabled": true })),
        Keep::All,
    )
    .await;
    run.show(
        "PUT /api/v1/payment-method",
        Method::PUT,
        "/api/v1/payment-method",
        &[csrf],
        Some(json!({ "token": "tok_mastercard_5100_07_2030" })),
        Keep::Account(&["payment_method", "version"]),
    )
    .await;
    run.show(
        "POST /api/v1/support-requests",
        Method::POST,
        "/api/v1/support-requests",
        &[csrf],
        Some(json!({
            "topic": "downgrade",
            "changes": [{ "kind": "set_plan", "plan": "plus" }],
            "message": "We no longer use the Pro features."
        })),
        Keep::All,
    )
    .await;
    run.show(
        "POST /api/v1/pause",
        Method::POST,
        "/api/v1/pause",
        &[csrf],
        Some(json!({})),
        Keep::Account(&["status", "version"]),
    )
    .await;
    run.show(
        "POST /api/v1/resume",
        Method::POST,
        "/api/v1/resume",
        &[csrf],
        Some(json!({})),
        Keep::Account(&["status", "version"]),
    )
    .await;
    get(
        "GET /api/v1/success-sessions/slots",
        "/api/v1/success-sessions/slots",
        Keep::All,
    )
    .await;
    run.show(
        "POST /api/v1/success-sessions",
        Method::POST,
        "/api/v1/success-sessions",
        &[csrf],
        Some(
            json!({ "slot": "2026-11-23T14:00:00Z", "note": "Can we talk about a smaller plan?" }),
        ),
        Keep::All,
    )
    .await;
    run.show(
        "POST /api/v1/cancellation",
        Method::POST,
        "/api/v1/cancellation",
        &[csrf],
        Some(json!({
            "reasons": ["too_expensive", "switching_provider"],
            "comment": "Moving to an all-in-one CRM.",
            "consents": { "lists": true, "campaigns": true, "reports": true, "account_information": true }
        })),
        Keep::Account(&["status", "version"]),
    )
    .await;
    run.show(
        "POST /api/v1/cancellation with a consent missing → 400",
        Method::POST,
        "/api/v1/cancellation",
        &[csrf],
        Some(json!({
            "reasons": ["other"],
            "consents": { "lists": true, "campaigns": true, "reports": false, "account_information": true }
        })),
        Keep::All,
    )
    .await;
    run.show(
        "DELETE /api/v1/cancellation",
        Method::DELETE,
        "/api/v1/cancellation",
        &[csrf],
        Some(json!({})),
        Keep::Account(&["status", "version"]),
    )
    .await;
    get(
        "GET /api/v1/exports/contacts",
        "/api/v1/exports/contacts",
        Keep::All,
    )
    .await;
    get("GET /api/v1/ledger", "/api/v1/ledger", Keep::All).await;
    get(
        "GET /api/v1/_mock/support-requests",
        "/api/v1/_mock/support-requests",
        Keep::All,
    )
    .await;

    println!("## Error examples\n");
    run.show(
        "A string where a number belongs → 400 naming the field",
        Method::POST,
        "/api/v1/quotes",
        &[csrf],
        Some(json!({ "changes": [{ "kind": "set_contacts", "contacts": "ten thousand" }] })),
        Keep::All,
    )
    .await;
    run.show(
        "Seats below the assigned ones → 400",
        Method::POST,
        "/api/v1/quotes",
        &[csrf],
        Some(json!({ "changes": [{ "kind": "set_seats", "seats": 1 }] })),
        Keep::All,
    )
    .await;
    run.show(
        "No X-CSRF-Token → 403",
        Method::POST,
        "/api/v1/pause",
        &[],
        Some(json!({})),
        Keep::All,
    )
    .await;
    run.show(
        "Not JSON → 415",
        Method::POST,
        "/api/v1/pause",
        &[csrf, ("Content-Type", "text/plain")],
        None,
        Keep::All,
    )
    .await;
    run.show(
        "Unknown route → 404",
        Method::GET,
        "/api/v1/invoices",
        &[],
        None,
        Keep::All,
    )
    .await;

    println!("## Test controls (`--test-controls` only)\n");
    run.show(
        "POST /api/v1/_mock/faults: 429 for the next 2 GETs of the account",
        Method::POST,
        "/api/v1/_mock/faults",
        &[],
        Some(json!({
            "path": "/api/v1/account",
            "method": "GET",
            "count": 2,
            "fault": { "kind": "rate_limited", "retry_after_seconds": 3 }
        })),
        Keep::All,
    )
    .await;
    get(
        "GET /api/v1/_mock/faults",
        "/api/v1/_mock/faults",
        Keep::All,
    )
    .await;
    get(
        "GET /api/v1/account while the fault lasts",
        "/api/v1/account",
        Keep::All,
    )
    .await;
    run.show(
        "DELETE /api/v1/_mock/faults",
        Method::DELETE,
        "/api/v1/_mock/faults",
        &[],
        None,
        Keep::All,
    )
    .await;
    get(
        "GET /api/v1/_mock/records (catalog and account cut)",
        "/api/v1/_mock/records",
        Keep::Records,
    )
    .await;
    println!("## An unknown outcome (docs: \"Unknown outcomes\")\n");
    run.show(
        "POST /api/v1/_mock/faults: the next order commits, then its answer is lost",
        Method::POST,
        "/api/v1/_mock/faults",
        &[],
        Some(json!({
            "path": "/api/v1/orders",
            "method": "POST",
            "fault": { "kind": "lost_response" }
        })),
        Keep::All,
    )
    .await;
    let quote: Value = run
        .client
        .post(format!("{}/api/v1/quotes", run.base))
        .header(csrf.0, csrf.1)
        .json(&json!({ "changes": [{ "kind": "set_users", "users": 6 }] }))
        .send()
        .await
        .expect("the mock answers")
        .json()
        .await
        .expect("a quote");
    let lost_body = json!({ "quote_id": quote["id"] });
    let lost_key = ("Idempotency-Key", "0b9e4c7a-2f61-4d3e-8c15-7a4f2e9d6b03");
    run.show(
        &format!(
            "POST /api/v1/orders (quote {} for 6 users) → 502: charged, answer lost",
            quote["id"].as_str().unwrap_or_default()
        ),
        Method::POST,
        "/api/v1/orders",
        &[csrf, lost_key],
        Some(lost_body.clone()),
        Keep::All,
    )
    .await;
    get(
        "GET /api/v1/orders?idempotency_key=… finds the order",
        "/api/v1/orders?idempotency_key=0b9e4c7a-2f61-4d3e-8c15-7a4f2e9d6b03",
        Keep::Account(&["users", "version"]),
    )
    .await;
    run.show(
        "POST /api/v1/orders retried with the same key (replay, no second charge)",
        Method::POST,
        "/api/v1/orders",
        &[csrf, lost_key],
        Some(lost_body),
        Keep::Account(&["users", "version"]),
    )
    .await;
    get(
        "GET /api/v1/orders?idempotency_key=… for a key that committed nothing → 404",
        "/api/v1/orders?idempotency_key=5c2d8e1f-never-committed",
        Keep::All,
    )
    .await;
    println!("## Another role\n");
    run.show(
        "POST /api/v1/_mock/reset to a read-only viewer",
        Method::POST,
        "/api/v1/_mock/reset",
        &[],
        Some(json!({ "scenario": "read-only-viewer" })),
        Keep::Account(&["name", "plan", "version"]),
    )
    .await;
    run.show(
        "A role without the permission → 403",
        Method::POST,
        "/api/v1/quotes",
        &[csrf],
        Some(json!({ "changes": [{ "kind": "set_users", "users": 5 }] })),
        Keep::All,
    )
    .await;
}
