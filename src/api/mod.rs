//! The only place that knows URLs, headers, JSON and HTTP status codes.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;

pub use pricing::wire::{AccountResponse, Viewer};

/// Why an API call failed: plain data, so a view can show it next to what caused it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The request never got an answer (offline, DNS, CORS, connection reset).
    #[error("network error: {0}")]
    Network(String),
    /// The server answered with an error status and (usually) the JSON error shape.
    #[error("{message}")]
    Http {
        status: u16,
        code: String,
        message: String,
        field: Option<String>,
    },
    /// The answer was not the JSON we expected.
    #[error("unexpected response from the billing server: {0}")]
    Decode(String),
}

/// The JSON error body every route returns on failure.
#[derive(Deserialize)]
struct ErrorBody {
    code: String,
    message: String,
    #[serde(default)]
    field: Option<String>,
}

/// A client for one billing API base URL.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiClient {
    base: String,
}

impl ApiClient {
    /// A client for `base` (e.g. `/api` or `https://billing.example.com/api`).
    pub fn new(base: impl Into<String>) -> Self {
        Self { base: base.into() }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/v1{}", self.base.trim_end_matches('/'), path)
    }

    /// `GET /v1/account`: the account state and who is looking at it.
    pub async fn account(&self) -> Result<AccountResponse, ApiError> {
        let response = Request::get(&self.url("/account"))
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        decode(response).await
    }
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if (200..300).contains(&status) {
        return serde_json::from_str(&text).map_err(|e| ApiError::Decode(e.to_string()));
    }
    Err(match serde_json::from_str::<ErrorBody>(&text) {
        Ok(body) => ApiError::Http {
            status,
            code: body.code,
            message: body.message,
            field: body.field,
        },
        Err(_) => ApiError::Http {
            status,
            code: "http_error".into(),
            message: format!("the billing server answered {status}"),
            field: None,
        },
    })
}
