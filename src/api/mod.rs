//! The only place that knows URLs, headers, JSON and HTTP status codes. Every call returns
//! `Result<T, ApiError>`; `ApiError` is plain data so a view can show it next to its cause.

mod early;
mod http;

use api_types::{
    AutoUpgradeRequest, BookingRequest, BookingResponse, CancellationRequest, CancellationResponse,
    LedgerResponse, OrderRequest, OrderResponse, PaymentMethodRequest, QuoteRequest, QuoteResponse,
    SuccessSlotsResponse, SupportRequest, SupportRequestResponse,
};
use chrono::{DateTime, Utc};
use gloo_net::http::Method;
use pricing::json::{FromJson, Json, ToJson};
use pricing::{Catalog, Change};

pub use api_types::{AccountResponse, Viewer};
pub use early::EarlyReads;
pub use http::{RetryDelay, MAX_RETRIES};

use crate::config::MountConfig;
use http::Call;

/// Why an API call failed: plain data (clonable, no JS values).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The request never got an answer (offline, DNS, CORS, connection reset).
    #[error("network error: {0}")]
    Network(String),
    /// No answer within the client's timeout.
    #[error("the billing server did not answer in time")]
    Timeout,
    /// The server answered with an error status and (usually) the JSON error shape.
    #[error("{message}")]
    Http {
        /// HTTP status code.
        status: u16,
        /// Machine-readable code (`api_types::error_code`).
        code: String,
        /// The server's explanation.
        message: String,
        /// The request field at fault, if any.
        field: Option<String>,
        /// Seconds the server asked us to wait (429/503 `Retry-After`).
        retry_after: Option<u64>,
        /// Why the card was declined (402 `card_declined`).
        decline: Option<api_types::DeclineCode>,
        /// The step the customer must take first (402 `authentication_required`).
        action: Option<api_types::NextAction>,
    },
    /// The answer was not the JSON we expected.
    #[error("unexpected response from the billing server: {0}")]
    Decode(String),
    /// A write whose outcome stayed unknown: its answer never came (or was unreadable, or a
    /// 5xx) and the account could not be read to find out. It may have been made.
    #[error("could not confirm whether it went through: {0}")]
    Unconfirmed(Box<ApiError>),
}

impl ApiError {
    /// The server's error code, if it answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Http { code, .. } => Some(code),
            _ => None,
        }
    }

    /// Whether the account may not be what the page shows after this failure: the outcome
    /// is unknown (the change may have been made), or `409 conflict` said so.
    pub fn account_in_doubt(&self) -> bool {
        self.outcome_unknown() || self.code() == Some(api_types::error_code::CONFLICT)
    }

    /// This failure when the account could not be read to settle it: an unknown outcome
    /// stays unknown ([`ApiError::Unconfirmed`]: it may have been made), any other failure
    /// is what it was.
    pub fn unsettled(self) -> ApiError {
        match self {
            ApiError::Unconfirmed(_) => self,
            e if e.outcome_unknown() => ApiError::Unconfirmed(Box::new(e)),
            e => e,
        }
    }

    /// The request field the error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::Http { field, .. } => field.as_deref(),
            _ => None,
        }
    }

    /// Why the card was declined, when it was.
    pub fn decline(&self) -> Option<api_types::DeclineCode> {
        match self {
            ApiError::Http { decline, .. } => *decline,
            _ => None,
        }
    }

    /// The 3-D Secure step an order needs first (402 `authentication_required`).
    pub fn authentication(&self) -> Option<&api_types::NextAction> {
        match self {
            ApiError::Http { code, action, .. }
                if code == api_types::error_code::AUTHENTICATION_REQUIRED =>
            {
                action.as_ref()
            }
            _ => None,
        }
    }

    /// Whether the order needs a (working) card first: none on file, or it was declined.
    pub fn needs_card(&self) -> bool {
        matches!(
            self.code(),
            Some(
                api_types::error_code::PAYMENT_METHOD_REQUIRED
                    | api_types::error_code::CARD_DECLINED
            )
        )
    }

    /// Whether the quote expired or the account moved on: the page must re-quote.
    pub fn is_stale_quote(&self) -> bool {
        self.code() == Some(api_types::error_code::QUOTE_STALE)
    }

    /// Whether the request may have taken effect although no answer says so (DESIGN §5):
    /// no answer, an unreadable one, or a server error once it was sent. An order that
    /// fails so is pending, not failed: it is looked up by its key before any new order.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            ApiError::Network(_)
            | ApiError::Timeout
            | ApiError::Decode(_)
            | ApiError::Unconfirmed(_) => true,
            ApiError::Http { status, .. } => *status >= 500,
        }
    }
}

/// Where and how requests go: base URL, extra headers, CSRF token, timeout.
#[derive(Clone, Debug, PartialEq)]
pub struct Transport {
    base: String,
    headers: Vec<(String, String)>,
    csrf_token: Option<String>,
    timeout_ms: u32,
    /// The loader's early reads, each taken once by the same read.
    early: EarlyReads,
}

impl Transport {
    fn url(&self, path: &str) -> String {
        format!("{}/v1{}", self.base.trim_end_matches('/'), path)
    }
}

/// A typed client for one billing API.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiClient {
    transport: Transport,
    /// Random per client (per mounted page): support requests' keys are this plus their
    /// content, so sending the same request again is the same request to the backend.
    session: String,
}

/// The exports a customer can download before cancelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    Contacts,
    Campaigns,
    Reports,
}

impl ExportKind {
    fn path(self) -> &'static str {
        match self {
            ExportKind::Contacts => "contacts",
            ExportKind::Campaigns => "campaigns",
            ExportKind::Reports => "reports",
        }
    }
}

impl ApiClient {
    /// A client configured by the host's mount options.
    pub fn new(config: &MountConfig) -> Self {
        Self {
            transport: Transport {
                base: config.api_base.clone(),
                headers: config.headers.clone(),
                csrf_token: config.csrf_token.clone(),
                timeout_ms: config.timeout_ms,
                early: config.early_reads.clone(),
            },
            session: Self::new_idempotency_key(),
        }
    }

    /// A fresh `Idempotency-Key` for one purchase (kept across its retries).
    pub fn new_idempotency_key() -> String {
        let random = js_sys::Math::random().to_bits() ^ (js_sys::Date::now().to_bits() << 1);
        format!("bu-{:016x}-{:x}", random, js_sys::Date::now() as u64)
    }

    async fn get<T: FromJson>(&self, path: &str) -> Result<T, ApiError> {
        http::send(&self.transport, Call::get(path)).await
    }

    async fn mutate<B: ToJson, T: FromJson>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        http::send(&self.transport, Call::json(method, path, body)).await
    }

    /// `GET /v1/account`: the account state and who is looking at it.
    pub async fn account(&self) -> Result<AccountResponse, ApiError> {
        self.get("/account").await
    }

    /// `GET /v1/catalog`: what can be bought and at what price.
    pub async fn catalog(&self) -> Result<Catalog, ApiError> {
        self.get("/catalog").await
    }

    /// `POST /v1/quotes`: the authoritative price of a cart of changes.
    pub async fn quote(&self, changes: &[Change]) -> Result<QuoteResponse, ApiError> {
        let body = QuoteRequest {
            changes: changes.to_vec(),
        };
        self.mutate(Method::POST, "/quotes", &body).await
    }

    /// `POST /v1/orders`: confirms a quote. The same `idempotency_key` on a retry or a
    /// double click yields the first answer again, never a second charge.
    pub async fn order(
        &self,
        quote_id: &str,
        idempotency_key: &str,
    ) -> Result<OrderResponse, ApiError> {
        let body = OrderRequest {
            quote_id: quote_id.to_string(),
        };
        let call = Call::json(Method::POST, "/orders", &body).idempotent(idempotency_key);
        http::send(&self.transport, call).await
    }

    /// `GET /v1/orders?idempotency_key=…`: the order made under `key` (the answer its
    /// `POST` had), or `None` when no order was made under it (404 `not_found`).
    pub async fn order_by_key(&self, key: &str) -> Result<Option<OrderResponse>, ApiError> {
        let key = String::from(js_sys::encode_uri_component(key));
        match self.get(&format!("/orders?idempotency_key={key}")).await {
            Ok(order) => Ok(Some(order)),
            Err(ApiError::Http {
                status: 404, code, ..
            }) if code == api_types::error_code::NOT_FOUND => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `PUT /v1/auto-upgrade`: enabling needs the terms accepted.
    pub async fn set_auto_upgrade(
        &self,
        enabled: bool,
        terms_accepted: bool,
    ) -> Result<AccountResponse, ApiError> {
        let body = AutoUpgradeRequest {
            enabled,
            terms_accepted,
        };
        self.mutate(Method::PUT, "/auto-upgrade", &body).await
    }

    /// `PUT /v1/payment-method`: a payment-provider token, never a card number.
    pub async fn set_payment_method(&self, token: &str) -> Result<AccountResponse, ApiError> {
        let body = PaymentMethodRequest {
            token: token.to_string(),
        };
        self.mutate(Method::PUT, "/payment-method", &body).await
    }

    /// `POST /v1/support-requests`: a wanted change the page could not self-serve. Sent
    /// with an `Idempotency-Key` made of this page's session and the request's content:
    /// sending the same request again after an answer was lost (or retrying it) files one
    /// ticket, and answers with that ticket.
    pub async fn support_request(
        &self,
        request: &SupportRequest,
    ) -> Result<SupportRequestResponse, ApiError> {
        let key = format!("{}-sr-{:016x}", self.session, content_hash(request));
        let call = Call::json(Method::POST, "/support-requests", request).idempotent(&key);
        http::send(&self.transport, call).await
    }

    /// `POST /v1/pause`: pause billing from the next period start.
    pub async fn pause(&self) -> Result<AccountResponse, ApiError> {
        self.mutate(Method::POST, "/pause", &no_body()).await
    }

    /// `POST /v1/resume`: resume billing (or drop a scheduled pause).
    pub async fn resume(&self) -> Result<AccountResponse, ApiError> {
        self.mutate(Method::POST, "/resume", &no_body()).await
    }

    /// `POST /v1/cancellation`: survey answers and the four consents.
    pub async fn cancel(
        &self,
        request: &CancellationRequest,
    ) -> Result<CancellationResponse, ApiError> {
        self.mutate(Method::POST, "/cancellation", request).await
    }

    /// `DELETE /v1/cancellation`: undo a scheduled cancellation.
    pub async fn undo_cancellation(&self) -> Result<AccountResponse, ApiError> {
        self.mutate(Method::DELETE, "/cancellation", &no_body())
            .await
    }

    /// `GET /v1/success-sessions/slots`: free 1:1 sessions with the success team.
    pub async fn success_slots(&self) -> Result<SuccessSlotsResponse, ApiError> {
        self.get("/success-sessions/slots").await
    }

    /// `POST /v1/success-sessions`: book a slot.
    pub async fn book_success_session(
        &self,
        slot: DateTime<Utc>,
        note: &str,
    ) -> Result<BookingResponse, ApiError> {
        let body = BookingRequest {
            slot,
            note: note.to_string(),
        };
        self.mutate(Method::POST, "/success-sessions", &body).await
    }

    /// `GET /v1/ledger`: every charge made (the mock's record).
    pub async fn ledger(&self) -> Result<LedgerResponse, ApiError> {
        self.get("/ledger").await
    }

    /// The URL of a CSV export, for a download link.
    pub fn export_url(&self, kind: ExportKind) -> String {
        self.transport.url(&format!("/exports/{}", kind.path()))
    }
}

/// The body of a mutation that carries no data: `{}`.
fn no_body() -> Json {
    Json::Object(Vec::new())
}

/// FNV-1a over the JSON of `value`: the same content always gives the same number.
fn content_hash(value: &impl ToJson) -> u64 {
    let json = pricing::json::to_string(value);
    json.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
