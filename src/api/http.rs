//! One request path for every call: headers, timeout, retries, decoding, one error type.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use gloo_net::http::{Method, RequestBuilder, Response};
use pricing::json::{self, FromJson, ToJson};

use super::{ApiError, EarlyReads, Transport};

/// Retries after the first attempt, for the calls that may be retried.
pub const MAX_RETRIES: u32 = 2;
/// Backoff before the first retry; doubles each time (plus jitter).
const BASE_BACKOFF: Duration = Duration::from_millis(300);
/// A `Retry-After` longer than this is not waited for: the error is shown instead.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

/// One call: method, path under `/v1`, optional JSON body and idempotency key.
pub struct Call<'a> {
    pub method: Method,
    pub path: &'a str,
    pub body: Option<String>,
    pub idempotency_key: Option<&'a str>,
}

impl<'a> Call<'a> {
    /// A GET of `path`.
    pub fn get(path: &'a str) -> Self {
        Self {
            method: Method::GET,
            path,
            body: None,
            idempotency_key: None,
        }
    }

    /// A mutation with a JSON body (`Content-Type: application/json`, CSRF header).
    pub fn json<B: ToJson + ?Sized>(method: Method, path: &'a str, body: &B) -> Self {
        Self {
            method,
            path,
            body: Some(json::to_string(body)),
            idempotency_key: None,
        }
    }

    /// Adds an `Idempotency-Key`: the server answers a repeat with the first answer.
    pub fn idempotent(mut self, key: &'a str) -> Self {
        self.idempotency_key = Some(key);
        self
    }

    /// Only reads and idempotent writes may be sent twice.
    fn retryable(&self) -> bool {
        self.method == Method::GET || self.idempotency_key.is_some()
    }
}

/// Sends `call`, retrying where safe, and decodes the JSON answer into `T`.
pub async fn send<T: FromJson>(transport: &Transport, call: Call<'_>) -> Result<T, ApiError> {
    let text = send_raw(transport, &call).await?;
    json::from_str(&text).map_err(ApiError::Decode)
}

/// Sends `call` and returns the successful body as text.
pub async fn send_raw(transport: &Transport, call: &Call<'_>) -> Result<String, ApiError> {
    let mut attempt = 0;
    loop {
        let result = attempt_once(transport, call).await;
        let Err(error) = &result else { return result };
        // A `429` was refused before anything was done: any call may be sent again.
        if attempt >= MAX_RETRIES || !(call.retryable() || error.refused()) {
            return result;
        }
        let wait = match error.retry_delay() {
            Some(RetryDelay::After(d)) if d <= MAX_RETRY_AFTER => d,
            Some(RetryDelay::After(_)) | None => return result,
            Some(RetryDelay::Backoff) => backoff(attempt),
        };
        gloo_timers::future::sleep(wait).await;
        attempt += 1;
    }
}

/// How long to wait before retrying a failed attempt, if it may be retried at all.
pub enum RetryDelay {
    /// The server said when (429 / 503 with `Retry-After`).
    After(Duration),
    /// Exponential backoff with jitter.
    Backoff,
}

impl ApiError {
    /// `429 rate_limited`: the server refused the request before acting on it.
    fn refused(&self) -> bool {
        matches!(self, ApiError::Http { status: 429, .. })
    }

    /// Network errors, timeouts, 5xx and 429 may be retried; nothing else.
    pub fn retry_delay(&self) -> Option<RetryDelay> {
        match self {
            ApiError::Network(_) | ApiError::Timeout => Some(RetryDelay::Backoff),
            ApiError::Http {
                status,
                retry_after,
                ..
            } if *status == 429 || *status >= 500 => Some(match retry_after {
                Some(secs) => RetryDelay::After(Duration::from_secs(*secs)),
                None => RetryDelay::Backoff,
            }),
            _ => None,
        }
    }
}

fn backoff(attempt: u32) -> Duration {
    let base = BASE_BACKOFF * 2u32.pow(attempt);
    // Full jitter on top: up to one more base interval, so clients do not retry in step.
    let jitter_ms = (js_sys::Math::random() * base.as_millis() as f64) as u64;
    base + Duration::from_millis(jitter_ms)
}

async fn attempt_once(transport: &Transport, call: &Call<'_>) -> Result<String, ApiError> {
    // The loader already sent this read (the page's first account and catalog reads).
    if call.method == Method::GET {
        if let Some(early) = transport.early.take(&transport.url(call.path)) {
            let early = EarlyReads::answer(early, transport.timeout_ms).await?;
            return answer(early.status, early.retry_after.as_deref(), early.text);
        }
    }
    let controller = web_sys::AbortController::new()
        .map_err(|_| ApiError::Network("this browser cannot cancel requests".into()))?;
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        gloo_timers::callback::Timeout::new(transport.timeout_ms, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let mut builder = RequestBuilder::new(&transport.url(call.path))
        .method(call.method.clone())
        .header("Accept", "application/json")
        .abort_signal(Some(&controller.signal()));
    for (name, value) in &transport.headers {
        builder = builder.header(name, value);
    }
    if let Some(key) = call.idempotency_key {
        builder = builder.header("Idempotency-Key", key);
    }
    if call.method != Method::GET {
        if let Some(token) = &transport.csrf_token {
            builder = builder.header("X-CSRF-Token", token);
        }
    }
    let sent = match &call.body {
        Some(body) => {
            builder
                .header("Content-Type", "application/json")
                .body(body.clone())
                .map_err(|e| ApiError::Network(e.to_string()))?
                .send()
                .await
        }
        None => builder.send().await,
    };
    let result = match sent {
        Ok(response) => read(response).await,
        Err(e) => Err(ApiError::Network(e.to_string())),
    };
    drop(timer);
    match result {
        Err(ApiError::Network(_)) if timed_out.get() => Err(ApiError::Timeout),
        other => other,
    }
}

/// The success body, or the JSON error shape turned into an `ApiError`.
async fn read(response: Response) -> Result<String, ApiError> {
    let retry_after = response.headers().get("Retry-After");
    let text = response
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    answer(response.status(), retry_after.as_deref(), text)
}

/// A whole answer: its body when the status is a success, else the error it describes.
fn answer(status: u16, retry_after: Option<&str>, text: String) -> Result<String, ApiError> {
    let retry_after = retry_after.and_then(|v| v.trim().parse::<u64>().ok());
    if (200..300).contains(&status) {
        return Ok(text);
    }
    Err(match json::from_str::<api_types::ApiErrorBody>(&text) {
        Ok(body) => ApiError::Http {
            status,
            code: body.code,
            message: body.message,
            field: body.field,
            retry_after,
            decline: body.decline_code,
            action: body.action.map(|a| *a),
        },
        Err(_) => ApiError::Http {
            status,
            code: "http_error".into(),
            message: format!("the billing server answered {status}"),
            field: None,
            retry_after,
            decline: None,
            action: None,
        },
    })
}
