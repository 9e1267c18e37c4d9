//! A server per test and a small client that speaks the contract (CSRF header, JSON).

use mock_api::{spawn, RunningServer, ServerConfig};
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::{json, Value};

/// A running mock with test controls, and a client for it.
pub struct Api {
    /// The server (its `state` can be inspected and set up directly).
    pub server: RunningServer,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    client: reqwest::Client,
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    /// The body as text.
    pub text: String,
}

impl Reply {
    /// The body as JSON (panics with the text when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.text))
    }

    /// The body as a wire type.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not the wire type ({e}): {}", self.text))
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the JSON error shape: status, code and field.
    pub fn assert_error(&self, status: u16, code: &str, field: Option<&str>) {
        assert_eq!(self.status, status, "status of {}", self.text);
        let body = self.json();
        assert_eq!(body["code"], code, "code of {}", self.text);
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert_eq!(body["field"].as_str(), field, "field of {}", self.text);
        assert!(
            self.header("content-type")
                .is_some_and(|c| c.starts_with("application/json")),
            "errors are JSON"
        );
    }
}

impl Api {
    /// A server with test controls on `scenario`.
    pub async fn start(scenario: &str) -> Api {
        Self::start_with(scenario, true).await
    }

    /// A server on `scenario`, with or without test controls.
    pub async fn start_with(scenario: &str, test_controls: bool) -> Api {
        Self::start_config(ServerConfig {
            port: 0,
            scenario: scenario.to_string(),
            test_controls,
            ..ServerConfig::default()
        })
        .await
    }

    /// A server with test controls and the reference payment provider on its own port.
    pub async fn start_with_provider(scenario: &str) -> Api {
        Self::start_config(ServerConfig {
            port: 0,
            scenario: scenario.to_string(),
            test_controls: true,
            provider_port: Some(0),
            ..ServerConfig::default()
        })
        .await
    }

    async fn start_config(config: ServerConfig) -> Api {
        let server = spawn(config).await.expect("mock API starts");
        let base = format!("http://{}", server.addr);
        Api {
            server,
            base,
            client: reqwest::Client::new(),
        }
    }

    /// A raw request builder for `path` (no headers added).
    pub fn raw(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, format!("{}{path}", self.base))
    }

    /// Sends and reads a request.
    pub async fn run(&self, request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("a body");
        Reply {
            status,
            headers,
            text,
        }
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Reply {
        self.run(self.raw(Method::GET, path)).await
    }

    /// A mutation as the page sends it: CSRF header and a JSON body.
    pub async fn send(&self, method: Method, path: &str, body: Value) -> Reply {
        self.run(
            self.raw(method, path)
                .header("X-CSRF-Token", "test-token")
                .json(&body),
        )
        .await
    }

    /// `POST path` as the page sends it.
    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(Method::POST, path, body).await
    }

    /// `POST /api/v1/orders` with an `Idempotency-Key`, not sent yet (to add a timeout).
    pub fn order_request(&self, quote_id: &str, key: &str) -> reqwest::RequestBuilder {
        self.raw(Method::POST, "/api/v1/orders")
            .header("X-CSRF-Token", "test-token")
            .header("Idempotency-Key", key)
            .json(&json!({ "quote_id": quote_id }))
    }

    /// `POST /api/v1/orders` with an `Idempotency-Key`.
    pub async fn order(&self, quote_id: &str, key: &str) -> Reply {
        self.run(self.order_request(quote_id, key)).await
    }

    /// `GET /api/v1/orders?idempotency_key=KEY`: the order a key committed, if any.
    pub async fn find_order(&self, key: &str) -> Reply {
        self.run(
            self.raw(Method::GET, "/api/v1/orders")
                .query(&[("idempotency_key", key)]),
        )
        .await
    }

    /// Quotes `changes` and returns the reply (201 expected by callers that unwrap).
    pub async fn quote(&self, changes: Value) -> Reply {
        self.post("/api/v1/quotes", json!({ "changes": changes }))
            .await
    }

    /// Quotes `changes`, asserting 201, and returns the quote id.
    pub async fn quote_id(&self, changes: Value) -> String {
        let reply = self.quote(changes).await;
        assert_eq!(reply.status, 201, "quote: {}", reply.text);
        reply.json()["id"].as_str().unwrap().to_string()
    }

    /// `GET /api/v1/account` as JSON.
    pub async fn account(&self) -> Value {
        let reply = self.get("/api/v1/account").await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json()
    }

    /// Everything the mock holds (`GET /api/v1/_mock/records`): compare before and after
    /// a failing request to prove nothing changed.
    pub async fn records(&self) -> Value {
        let reply = self.get("/api/v1/_mock/records").await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json()
    }

    /// Sets the mock clock.
    pub async fn clock(&self, now: &str) -> Reply {
        self.post("/api/v1/_mock/clock", json!({ "now": now }))
            .await
    }

    /// Adds a fault.
    pub async fn fault(&self, fault: Value) {
        let reply = self.post("/api/v1/_mock/faults", fault).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
    }

    /// The ledger's entries.
    pub async fn ledger(&self) -> Vec<Value> {
        let reply = self.get("/api/v1/ledger").await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json()["entries"].as_array().unwrap().clone()
    }
}
