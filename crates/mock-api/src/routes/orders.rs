//! Quotes and orders: price a cart, then confirm it exactly once.

use api_types::{
    error_code, NextAction, NextActionKind, OrderLookup, OrderRequest, OrderResponse, QuoteRequest,
    QuoteResponse,
};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use pricing::{Action, Change, NotSelfServe};

use super::{check_changes, settle};
use crate::error::{from_pricing, require, ApiError};
use crate::extract::JsonBody;
use crate::provider::{Challenge, ChallengeStatus};
use crate::state::{AppState, Store, StoredOrder, StoredQuote};

/// `POST /api/v1/quotes`
pub async fn create_quote(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<QuoteRequest>,
) -> Result<(StatusCode, Json<QuoteResponse>), ApiError> {
    let mut store = state.lock();
    let viewer = store.world.viewer.clone();
    for change in &body.changes {
        require(&viewer, change.action())?;
    }
    check_changes(&body.changes, "quote")?;
    let world = &store.world;
    let quote = pricing::quote(&world.catalog, &world.account, &body.changes, world.now)
        .map_err(|e| from_pricing(e, &body.changes))?;
    if let Some(NotSelfServe::SeatsBelowAssigned { assigned }) = quote.reason {
        // Not even support can remove assigned seats: it is bad input, not a downgrade.
        let i = body
            .changes
            .iter()
            .rposition(|c| matches!(c, Change::SetSeats { .. }))
            .unwrap_or(0);
        return Err(ApiError::invalid(
            format!("changes[{i}].seats"),
            format!("seats cannot go below the {assigned} assigned to agents"),
        ));
    }
    let quote = quote.for_role(viewer.role);
    let id = store.next_id("q");
    store.quotes.insert(
        id.clone(),
        StoredQuote {
            quote: quote.clone(),
            role: viewer.role,
        },
    );
    Ok((
        StatusCode::CREATED,
        Json(QuoteResponse {
            id,
            account_version: quote.account_version,
            expires_at: quote.valid_until,
            quote,
        }),
    ))
}

/// The header that makes `POST /orders` safe to retry.
pub(crate) const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// `POST /api/v1/orders` (needs `Idempotency-Key`)
pub async fn create_order(
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<OrderRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let mut store = state.lock();
    if let Some(first) = store.orders.get(&key) {
        if first.quote_id != body.quote_id {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                error_code::IDEMPOTENCY_KEY_REUSED,
                "this Idempotency-Key was used with another body; use a new key",
            )
            .field("Idempotency-Key"));
        }
        return Ok(replay(first));
    }
    let stored = store.quotes.get(&body.quote_id).cloned().ok_or_else(|| {
        ApiError::not_found(format!("no quote {}", body.quote_id)).field("quote_id")
    })?;
    let quote = stored.quote;
    if let Some(change) = quote.changes().iter().find(|c| !orderable(c)) {
        for change in quote.changes() {
            require(&store.world.viewer, change.action())?;
        }
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            error_code::NOT_ORDERABLE,
            format!(
                "{} has its own route ({}); it cannot be ordered",
                crate::error::json_name(&change.kind()),
                own_route(change)
            ),
        )
        .field("quote_id"));
    }
    authenticated(&mut store, &state, &key, &quote)?;
    let order_id = store.next_id("ord");
    let ledger_entry_id = settle(&mut store, &quote, Some(order_id.clone()))?;
    if ledger_entry_id.is_some() {
        // The authenticated charge went through: the card asks no more.
        store.provider.card_needs_authentication = false;
    }
    let response = OrderResponse {
        id: order_id,
        quote_id: body.quote_id.clone(),
        charged: quote.charge_now.in_currency(quote.currency),
        lines: quote.lines.clone(),
        effects: quote.effects.clone(),
        ledger_entry_id,
        created_at: store.world.now,
        account: store.account_response(),
    };
    let first = StoredOrder {
        quote_id: body.quote_id,
        status: StatusCode::CREATED,
        body: serde_json::to_string(&response).expect("an order serialises"),
    };
    store.orders.insert(key, first);
    Ok((StatusCode::CREATED, Json(response)).into_response())
}

/// 3-D Secure: when the card on file asks for authentication and this order charges it,
/// the order under `key` goes on only once a challenge issued for `key` was completed.
/// Otherwise it answers 402 `authentication_required` with the challenge to show (the
/// pending one for `key`, or a fresh one after a failed one) and nothing is written.
fn authenticated(
    store: &mut Store,
    state: &AppState,
    key: &str,
    quote: &pricing::Quote,
) -> Result<(), ApiError> {
    let charges = quote.charge_now.decimal().is_sign_positive() && !quote.charge_now.is_zero();
    let card_usable = store
        .world
        .account
        .payment_method
        .as_ref()
        .is_some_and(|card| !card.is_expired(store.world.now));
    if !charges || !card_usable || !store.provider.card_needs_authentication {
        return Ok(());
    }
    let status = store.provider.challenges.get(key).map(|c| c.status);
    if status == Some(ChallengeStatus::Completed) {
        return Ok(());
    }
    let Some(origin) = state.provider_origin.clone() else {
        // No provider to authenticate with: the charge cannot be made.
        return Err(ApiError::new(
            StatusCode::PAYMENT_REQUIRED,
            error_code::CARD_DECLINED,
            "the card needs authentication and no payment provider runs",
        )
        .decline(api_types::DeclineCode::DoNotHonor));
    };
    let id = match store.provider.challenges.get(key) {
        Some(c) if c.status == ChallengeStatus::Pending => c.id.clone(),
        _ => {
            let id = store.next_id("ch");
            store.provider.challenges.insert(
                key.to_string(),
                Challenge {
                    id: id.clone(),
                    status: ChallengeStatus::Pending,
                },
            );
            id
        }
    };
    let mut error = ApiError::new(
        StatusCode::PAYMENT_REQUIRED,
        error_code::AUTHENTICATION_REQUIRED,
        "the card issuer asks the customer to authenticate this charge; nothing was charged",
    );
    error.body.action = Some(Box::new(NextAction {
        kind: NextActionKind::ThreeDSecure,
        url: format!("{origin}/challenge.html?id={id}"),
    }));
    Err(error)
}

/// `GET /api/v1/orders?idempotency_key=KEY`: the order that key committed, answered with
/// the body `POST /api/v1/orders` gave for it (200), or 404 when none was committed under
/// it. A client whose order got no answer (timeout, dropped connection, 5xx) asks here
/// before it lets anyone pay again (DESIGN §5).
pub async fn find_order(
    State(state): State<AppState>,
    query: Result<Query<OrderLookup>, QueryRejection>,
) -> Result<Response, ApiError> {
    let store = state.lock();
    require(&store.world.viewer, Action::View)?;
    let Query(lookup) = query.map_err(|_| {
        ApiError::invalid(
            "idempotency_key",
            "give the order's Idempotency-Key: GET /api/v1/orders?idempotency_key=KEY",
        )
    })?;
    let key = checked_key(&lookup.idempotency_key)
        .map_err(|message| ApiError::invalid("idempotency_key", message))?;
    let first = store.orders.get(key).ok_or_else(|| {
        ApiError::not_found(
            "no order was committed with this Idempotency-Key: nothing was charged for it",
        )
        .field("idempotency_key")
    })?;
    Ok((
        StatusCode::OK,
        [(
            axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        first.body.clone(),
    )
        .into_response())
}

/// A key of 1 to 255 characters once trimmed (the header's rule, for the query too).
pub(crate) fn checked_key(raw: &str) -> Result<&str, &'static str> {
    let key = raw.trim();
    if key.is_empty() || key.len() > 255 {
        return Err("an Idempotency-Key has 1 to 255 characters (e.g. a UUID)");
    }
    Ok(key)
}

fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let key = headers
        .get(IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if checked_key(key).is_err() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            error_code::IDEMPOTENCY_KEY_MISSING,
            "orders need an Idempotency-Key header of 1 to 255 characters (e.g. a UUID)",
        )
        .field("Idempotency-Key"));
    }
    Ok(key.trim().to_string())
}

/// The stored first answer, byte for byte, marked as a replay.
fn replay(first: &StoredOrder) -> Response {
    (
        first.status,
        [
            (
                axum::http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                HeaderName::from_static("idempotent-replayed"),
                HeaderValue::from_static("true"),
            ),
        ],
        first.body.clone(),
    )
        .into_response()
}

/// Changes with their own route (consents, terms) cannot be confirmed as an order.
fn orderable(change: &Change) -> bool {
    !matches!(
        change,
        Change::Cancel | Change::UndoCancellation | Change::SetAutoUpgrade { .. }
    )
}

fn own_route(change: &Change) -> &'static str {
    match change {
        Change::Cancel => "POST /api/v1/cancellation",
        Change::UndoCancellation => "DELETE /api/v1/cancellation",
        _ => "PUT /api/v1/auto-upgrade",
    }
}
