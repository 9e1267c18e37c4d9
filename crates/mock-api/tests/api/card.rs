//! Issue 13: the reference payment provider on its own port — tokens from the hosted
//! fields, declines with their reasons, expired cards, and 3-D Secure on an order.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::Api;

impl Api {
    fn provider(&self) -> String {
        format!(
            "http://{}",
            self.server.provider_addr.expect("provider runs")
        )
    }

    /// `POST /v1/tokens` on the provider, as the hosted fields send it.
    async fn tokenize(&self, number: &str, cvc: &str) -> (u16, Value) {
        let reply = reqwest::Client::new()
            .post(format!("{}/v1/tokens", self.provider()))
            .json(&json!({ "number": number, "exp_month": 12, "exp_year": 2030, "cvc": cvc, "postal_code": "10115" }))
            .send()
            .await
            .unwrap();
        (reply.status().as_u16(), reply.json().await.unwrap())
    }

    async fn save_card(&self, number: &str) -> crate::common::Reply {
        let (status, body) = self.tokenize(number, "123").await;
        assert_eq!(status, 200, "{body}");
        let token = body["token"].as_str().unwrap().to_string();
        assert!(
            !body.to_string().contains(number),
            "no number in the answer"
        );
        self.send(
            Method::PUT,
            "/api/v1/payment-method",
            json!({ "token": token }),
        )
        .await
    }

    async fn answer_challenge(&self, url: &str, outcome: &str) -> u16 {
        let id = url.rsplit("id=").next().unwrap();
        reqwest::Client::new()
            .post(format!("{}/v1/challenges/{id}", self.provider()))
            .json(&json!({ "outcome": outcome }))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }
}

#[tokio::test]
async fn a_valid_card_is_saved_from_its_token_and_the_token_is_single_use() {
    let api = Api::start_with_provider("pro-monthly").await;
    let (status, body) = api.tokenize("4242 4242 4242 4242", "123").await;
    assert_eq!(status, 200);
    assert_eq!(body["card"]["brand"], "visa");
    assert_eq!(body["card"]["last4"], "4242");
    let token = body["token"].as_str().unwrap();
    let saved = api
        .send(
            Method::PUT,
            "/api/v1/payment-method",
            json!({ "token": token }),
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    let card = &saved.json()["account"]["payment_method"];
    assert_eq!(
        card,
        &json!({ "brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2030 })
    );
    // Used once: the same token again is not a provider token any more.
    api.send(
        Method::PUT,
        "/api/v1/payment-method",
        json!({ "token": token }),
    )
    .await
    .assert_error(400, "invalid_request", Some("token"));
}

#[tokio::test]
async fn the_provider_checks_luhn_the_cvc_length_by_brand_and_the_expiry() {
    let api = Api::start_with_provider("pro-monthly").await;
    let (status, body) = api.tokenize("4242424242424241", "123").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_number"))
    );
    // American Express has a 4-digit code.
    let (status, body) = api.tokenize("378282246310005", "123").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_cvc"))
    );
    let (status, _) = api.tokenize("378282246310005", "1234").await;
    assert_eq!(status, 200);
    let expired = reqwest::Client::new()
        .post(format!("{}/v1/tokens", api.provider()))
        .json(&json!({ "number": "4242424242424242", "exp_month": 1, "exp_year": 2001, "cvc": "123" }))
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status().as_u16(), 400);
}

#[tokio::test]
async fn declined_cards_say_why_and_nothing_is_saved() {
    let api = Api::start_with_provider("pro-monthly").await;
    let before = api.account().await["account"]["payment_method"].clone();
    for (number, reason) in [
        ("4000000000000002", "do_not_honor"),
        ("4000000000009995", "insufficient_funds"),
        ("4000000000000069", "expired_card"),
    ] {
        let reply = api.save_card(number).await;
        reply.assert_error(402, "card_declined", Some("token"));
        assert_eq!(reply.json()["decline_code"], reason);
        assert_eq!(api.account().await["account"]["payment_method"], before);
    }
}

#[tokio::test]
async fn an_expired_card_on_file_is_declined_at_the_charge_and_nothing_is_charged() {
    let api = Api::start_with_provider("pro-monthly").await;
    {
        let mut store = api.server.state.lock();
        let card = store.world.account.payment_method.as_mut().unwrap();
        card.exp_month = 1;
        card.exp_year = 2001;
    }
    let id = api
        .quote_id(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    let reply = api.order(&id, "expired").await;
    reply.assert_error(402, "card_declined", None);
    assert_eq!(reply.json()["decline_code"], "expired_card");
    assert!(api.ledger().await.is_empty());
}

#[tokio::test]
async fn three_d_secure_completed_charges_once_under_the_same_key() {
    let api = Api::start_with_provider("pro-monthly").await;
    assert_eq!(api.save_card("4000002760003184").await.status, 200);
    let id = api
        .quote_id(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    let first = api.order(&id, "k-3ds").await;
    first.assert_error(402, "authentication_required", None);
    let action = first.json()["action"].clone();
    assert_eq!(action["kind"], "three_d_secure");
    let url = action["url"].as_str().unwrap().to_string();
    assert!(
        url.starts_with(&format!("{}/challenge.html?id=", api.provider())),
        "{url}"
    );
    assert!(
        api.ledger().await.is_empty(),
        "nothing charged before the challenge"
    );
    // Asking again before answering shows the same challenge.
    let again = api.order(&id, "k-3ds").await;
    assert_eq!(again.json()["action"]["url"], url.as_str());
    assert_eq!(api.answer_challenge(&url, "completed").await, 200);
    let done = api.order(&id, "k-3ds").await;
    assert_eq!(done.status, 201, "{}", done.text);
    assert_eq!(api.ledger().await.len(), 1);
    // The replay is the same order, not a second charge.
    assert_eq!(api.order(&id, "k-3ds").await.status, 201);
    assert_eq!(api.ledger().await.len(), 1);
    // Authenticated once: the next charge goes through without a challenge.
    let next = api
        .quote_id(json!([{ "kind": "set_users", "users": 5 }]))
        .await;
    assert_eq!(api.order(&next, "k-next").await.status, 201);
}

#[tokio::test]
async fn three_d_secure_failed_charges_nothing_and_asks_again() {
    let api = Api::start_with_provider("pro-monthly").await;
    assert_eq!(api.save_card("4000002760003184").await.status, 200);
    let id = api
        .quote_id(json!([{ "kind": "set_users", "users": 4 }]))
        .await;
    let url = api.order(&id, "k-fail").await.json()["action"]["url"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(api.answer_challenge(&url, "failed").await, 200);
    // A failed challenge cannot be completed afterwards.
    assert_eq!(api.answer_challenge(&url, "completed").await, 404);
    let retry = api.order(&id, "k-fail").await;
    retry.assert_error(402, "authentication_required", None);
    assert_ne!(
        retry.json()["action"]["url"],
        url.as_str(),
        "a fresh challenge"
    );
    assert!(api.ledger().await.is_empty());
}

#[tokio::test]
async fn the_strict_policy_frames_only_the_provider_and_the_provider_is_announced() {
    let root = std::env::temp_dir().join(format!("bu-card-static-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("index.html"), "<p>page</p>").unwrap();
    let server = mock_api::spawn(mock_api::ServerConfig {
        port: 0,
        static_dir: Some(root.clone()),
        strict_csp: true,
        provider_port: Some(0),
        ..mock_api::ServerConfig::default()
    })
    .await
    .unwrap();
    let provider = format!("http://{}", server.provider_addr.unwrap());
    assert_ne!(server.provider_addr.unwrap().port(), server.addr.port());
    let page = reqwest::get(format!("http://{}/billing/", server.addr))
        .await
        .unwrap();
    assert_eq!(
        page.headers()["content-security-policy"],
        format!("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; frame-src {provider}").as_str()
    );
    let config: Value = reqwest::get(format!("http://{}/provider.json", server.addr))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(config["origin"], provider.as_str());
    let fields = reqwest::get(format!("{provider}/fields.html"))
        .await
        .unwrap();
    assert!(fields.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors"));
    let _ = std::fs::remove_dir_all(root);
}
