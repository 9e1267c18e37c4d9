//! Middleware around every API route: injected faults first (they stand for the network
//! and the load balancer), then the CSRF header and JSON content type on mutations.
//!
//! Faults that answer instead of the route (500, 503, 429, 409, 409 stale, 401, malformed JSON) change
//! nothing. `slow` and `lost_response` stand for an answer lost *after* the backend
//! committed: the route runs to completion in a task of its own, whatever happens to the
//! client's connection, and only then is its answer held back or replaced.

use std::panic::AssertUnwindSafe;
use std::time::Duration;

use crate::controls::{LostAnswer, MockFault, MockFaultKind};
use api_types::error_code;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;

use crate::error::ApiError;
use crate::state::AppState;

/// Paths the test controls live under; faults and CSRF never apply to them.
pub const MOCK_PREFIX: &str = "/api/v1/_mock";

/// The header a mutation must carry (any non-empty value in the mock; a host checks it
/// against the session's token).
pub const CSRF_HEADER: &str = "x-csrf-token";

fn is_mutation(method: &Method) -> bool {
    matches!(
        *method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    )
}

/// Whether `fault` applies to a request with `method` and `path`.
pub fn fault_matches(fault: &MockFault, method: &Method, path: &str) -> bool {
    let path_ok = match fault.path.strip_suffix('*') {
        Some(prefix) => path.starts_with(prefix),
        None => path == fault.path,
    };
    let method_ok = fault
        .method
        .as_deref()
        .is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()));
    path_ok && method_ok
}

/// Answers with the first pending fault matching the request, using one of its count.
pub async fn faults(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if !path.starts_with("/api/")
        || path.starts_with(MOCK_PREFIX)
        || req.method() == Method::OPTIONS
    {
        return next.run(req).await;
    }
    let fault = {
        let mut store = state.lock();
        let hit = store
            .faults
            .iter()
            .position(|f| fault_matches(f, req.method(), &path));
        hit.map(|i| {
            let fault = store.faults[i].fault;
            store.faults[i].count -= 1;
            if store.faults[i].count == 0 {
                store.faults.remove(i);
            }
            fault
        })
    };
    let Some(fault) = fault else {
        return next.run(req).await;
    };
    let injected = |status, code, message: &str| ApiError::new(status, code, message);
    match fault {
        MockFaultKind::InternalError => injected(
            StatusCode::INTERNAL_SERVER_ERROR,
            error_code::INTERNAL,
            "injected fault: internal server error",
        )
        .into_response(),
        MockFaultKind::Unavailable => injected(
            StatusCode::SERVICE_UNAVAILABLE,
            error_code::UNAVAILABLE,
            "injected fault: service unavailable, retry later",
        )
        .into_response(),
        MockFaultKind::RateLimited {
            retry_after_seconds,
        } => {
            let mut error = injected(
                StatusCode::TOO_MANY_REQUESTS,
                error_code::RATE_LIMITED,
                "injected fault: too many requests",
            );
            error.retry_after = Some(retry_after_seconds);
            error.into_response()
        }
        MockFaultKind::Conflict => injected(
            StatusCode::CONFLICT,
            error_code::CONFLICT,
            "injected fault: conflict",
        )
        .into_response(),
        MockFaultKind::QuoteStale => injected(
            StatusCode::CONFLICT,
            error_code::QUOTE_STALE,
            "injected fault: the quote is stale, ask for a new one",
        )
        .field("quote_id")
        .into_response(),
        MockFaultKind::Unauthenticated => injected(
            StatusCode::UNAUTHORIZED,
            error_code::UNAUTHENTICATED,
            "injected fault: the session has expired, sign in again",
        )
        .into_response(),
        MockFaultKind::MalformedJson => (
            StatusCode::OK,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            // Cut mid-way, as a dropped connection would leave it.
            r#"{"account": {"id": "acc_"#,
        )
            .into_response(),
        MockFaultKind::Slow { delay_ms } => {
            // The route commits first; only the answer is late (the client that timed out
            // meanwhile never sees it).
            let response = run_to_completion(next, req).await;
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            response
        }
        MockFaultKind::LostResponse { answer } => {
            // The answer is thrown away whatever it was, success or error.
            drop(run_to_completion(next, req).await);
            match answer {
                LostAnswer::BadGateway => injected(
                    StatusCode::BAD_GATEWAY,
                    error_code::BAD_GATEWAY,
                    "injected fault: the backend's answer was lost; the request may have \
                     taken effect: look the order up by its Idempotency-Key",
                )
                .into_response(),
                LostAnswer::Drop => dropped_connection(),
            }
        }
    }
}

/// Runs the rest of the stack (CSRF, body, the route) in its own task and waits for it.
///
/// axum drops a handler's future when the client disconnects; the spawned task is not
/// dropped with it, so the route still runs to its end and commits.
async fn run_to_completion(next: Next, req: Request) -> Response {
    match tokio::spawn(next.run(req)).await {
        Ok(response) => response,
        Err(e) => {
            eprintln!("mock-api: a route's task failed: {e}");
            server_failed().into_response()
        }
    }
}

/// The answer when the server itself failed: no detail (a panic's message or location,
/// a file path) reaches the client; the detail goes to stderr.
fn server_failed() -> ApiError {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        error_code::INTERNAL,
        "the server failed",
    )
}

/// A panic anywhere below (a route, an extractor) is a JSON `500 internal` instead of a
/// dropped connection. The panic hook has already printed the message and its location
/// to stderr; the answer names neither.
pub async fn catch_panic(req: Request, next: Next) -> Response {
    match AssertUnwindSafe(next.run(req)).catch_unwind().await {
        Ok(response) => response,
        Err(_) => server_failed().into_response(),
    }
}

/// A response whose body fails before its first byte: hyper then closes the connection
/// without writing the status line, so the client sees the connection drop.
fn dropped_connection() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<axum::body::Bytes, _>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "injected fault: connection dropped",
        ))
    });
    Response::new(axum::body::Body::from_stream(failing))
}

/// Mutations need `X-CSRF-Token` (403) and `Content-Type: application/json` (415).
pub async fn csrf_and_json(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if !is_mutation(req.method()) || !path.starts_with("/api/") || path.starts_with(MOCK_PREFIX) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let csrf_ok = headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| !v.trim().is_empty());
    if !csrf_ok {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            error_code::CSRF_MISSING,
            "mutations need the X-CSRF-Token header",
        )
        .field("X-CSRF-Token")
        .into_response();
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            error_code::UNSUPPORTED_MEDIA_TYPE,
            "mutations need Content-Type: application/json",
        )
        .field("Content-Type")
        .into_response();
    }
    next.run(req).await
}
