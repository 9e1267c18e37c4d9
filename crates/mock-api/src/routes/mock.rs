//! Test controls under `/api/v1/_mock` (only with `--test-controls`): reset, clock, faults
//! and a look at what the mock stored.

use crate::controls::{
    MockClockRequest, MockFault, MockFaultKind, MockFaultsResponse, MockRecordsResponse,
    MockResetRequest, MockSupportRequestsResponse, MockUsageRequest, MockWorld,
};
use api_types::{error_code, AccountResponse, LedgerEntry, LedgerKind};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Datelike, Utc};
use serde_json::Value;

use super::run_auto_upgrade;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::scenario::{load_scenario, scenario_names};
use crate::state::AppState;

/// Years of the instants the test controls accept (the clock, every instant of a reset
/// state). Everything the mock computes from them — a period or commit term ending up to a
/// year later, a quote's expiry, the success slots, a campaign three weeks earlier — then
/// still has the four-digit year RFC 3339 writes, and chrono's arithmetic stays in range.
const YEARS: std::ops::RangeInclusive<i32> = 1970..=9998;

/// What [`YEARS`] means, for error messages.
const YEARS_TEXT: &str = "instants run from 1970-01-01T00:00:00Z to 9998-12-31T23:59:59Z";

/// Highest account `version` a reset state may carry: 2^53 − 1, the largest integer every
/// JSON reader keeps exact; every change adds 1, so it never overflows.
const MAX_VERSION: u64 = (1 << 53) - 1;

/// Most renewals one clock move may issue (100 years of a monthly account): move the clock
/// in steps beyond that.
const MAX_RENEWALS: usize = 1200;

/// The path (under `state`) of the first instant of a serialised world outside [`YEARS`].
fn instant_outside_years(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::String(text) => text
            .parse::<DateTime<Utc>>()
            .ok()
            .filter(|t| !YEARS.contains(&t.year()))
            .map(|_| path.to_string()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| instant_outside_years(item, &format!("{path}[{i}]"))),
        Value::Object(map) => map
            .iter()
            .find_map(|(key, item)| instant_outside_years(item, &format!("{path}.{key}"))),
        _ => None,
    }
}

/// A reset state's instants and version within the limits above (400 naming the field).
fn check_world(world: &MockWorld) -> Result<(), ApiError> {
    let value = serde_json::to_value(world)
        .map_err(|_| ApiError::invalid("state", "the state cannot be read back"))?;
    if let Some(path) = instant_outside_years(&value, "state") {
        return Err(ApiError::invalid(path, YEARS_TEXT));
    }
    if world.account.version > MAX_VERSION {
        return Err(ApiError::invalid(
            "state.account.version",
            format!("at most {MAX_VERSION}"),
        ));
    }
    Ok(())
}

/// `POST /api/v1/_mock/reset`: `{"scenario": NAME}` or `{"state": {catalog, account,
/// viewer, now}}`; drops every stored record and pending fault. Auto-upgrade then runs on
/// the new account (an `auto_upgrade` ledger entry if it fires).
pub async fn reset(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<MockResetRequest>,
) -> Result<Json<AccountResponse>, ApiError> {
    let world = match (body.scenario, body.state) {
        (Some(name), None) => load_scenario(&name).map_err(|e| {
            // The detail (a file path) is for the server's log only.
            eprintln!("mock-api: reset: {e}");
            ApiError::invalid(
                "scenario",
                format!(
                    "no scenario {name:?}; the scenarios are {}",
                    scenario_names().unwrap_or_default().join(", ")
                ),
            )
        })?,
        (None, Some(world)) => {
            check_world(&world)?;
            world
                .catalog
                .validate()
                .map_err(|e| ApiError::invalid("state.catalog", e.to_string()))?;
            world
                .account
                .recurring(&world.catalog)
                .map_err(|e| ApiError::invalid("state.account", e.to_string()))?;
            // Auto-upgrade runs on the new world below: it must be able to.
            pricing::auto_upgrade(&world.catalog, &world.account, world.now)
                .map_err(|e| ApiError::invalid("state.account", e.to_string()))?;
            world
        }
        _ => {
            return Err(ApiError::invalid(
                "scenario",
                "give exactly one of scenario or state",
            ))
        }
    };
    let mut store = state.lock();
    store.reset(world);
    run_auto_upgrade(&mut store)?;
    Ok(Json(store.account_response()))
}

/// `POST /api/v1/_mock/clock`: moves the clock forward; the account follows (renewals are
/// charged to the ledger, scheduled pauses and cancellations happen, trials expire, a
/// Conversations trial's seats go), then auto-upgrade runs at the new instant.
pub async fn clock(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<MockClockRequest>,
) -> Result<Json<AccountResponse>, ApiError> {
    if !YEARS.contains(&body.now.year()) {
        return Err(ApiError::invalid("now", YEARS_TEXT));
    }
    let mut store = state.lock();
    if body.now < store.world.now {
        return Err(ApiError::invalid(
            "now",
            format!(
                "the clock only moves forward (it is {}); reset to go back",
                store.world.now.to_rfc3339()
            ),
        ));
    }
    let world = &store.world;
    let advanced = pricing::advance(&world.catalog, &world.account, body.now).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            error_code::INTERNAL,
            e.to_string(),
        )
    })?;
    if advanced.renewals.len() > MAX_RENEWALS {
        return Err(ApiError::invalid(
            "now",
            format!(
                "the clock moves at most {MAX_RENEWALS} billing periods at once; move it in steps"
            ),
        ));
    }
    let lines = advanced
        .account
        .recurring_lines(&world.catalog)
        .unwrap_or_default();
    let currency = world.catalog.currency;
    for renewal in advanced.renewals.iter().filter(|r| !r.amount.is_zero()) {
        let id = store.next_id("le");
        store.ledger.push(LedgerEntry {
            id,
            kind: LedgerKind::Renewal,
            at: renewal.date,
            amount: renewal.amount,
            currency,
            order_id: None,
            lines: lines.clone(),
        });
    }
    store.world.account = advanced.account;
    store.world.now = body.now;
    run_auto_upgrade(&mut store)?;
    Ok(Json(store.account_response()))
}

/// `POST /api/v1/_mock/usage`: sets what the account uses (absent keys stay); usage is
/// not a change of the customer's, so the version moves only if auto-upgrade then fires.
pub async fn usage(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<MockUsageRequest>,
) -> Result<Json<AccountResponse>, ApiError> {
    let mut store = state.lock();
    let mut usage = store.world.account.usage;
    usage.contacts = body.contacts.unwrap_or(usage.contacts);
    usage.users = body.users.unwrap_or(usage.users);
    usage.email_sends = body.email_sends.unwrap_or(usage.email_sends);
    let mut account = store.world.account.clone();
    account.usage = usage;
    let world = &store.world;
    // Checked before anything is written, so an error changes nothing.
    pricing::auto_upgrade(&world.catalog, &account, world.now)
        .map_err(|e| ApiError::invalid("contacts", e.to_string()))?;
    store.world.account = account;
    run_auto_upgrade(&mut store)?;
    Ok(Json(store.account_response()))
}

/// `GET /api/v1/_mock/faults`
pub async fn list_faults(State(state): State<AppState>) -> Json<MockFaultsResponse> {
    Json(MockFaultsResponse {
        pending: state.lock().faults.clone(),
    })
}

/// `POST /api/v1/_mock/faults`: the next `count` requests matching `path` get `fault`.
pub async fn add_fault(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<MockFault>,
) -> Result<(StatusCode, Json<MockFaultsResponse>), ApiError> {
    if !body.path.starts_with("/api/") {
        return Err(ApiError::invalid(
            "path",
            "a path under /api/, e.g. /api/v1/account",
        ));
    }
    if !(1..=1000).contains(&body.count) {
        return Err(ApiError::invalid("count", "count must be 1 to 1000"));
    }
    if let Some(method) = &body.method {
        if !["GET", "POST", "PUT", "DELETE"].contains(&method.to_ascii_uppercase().as_str()) {
            return Err(ApiError::invalid("method", "GET, POST, PUT or DELETE"));
        }
    }
    if let MockFaultKind::Slow { delay_ms } = body.fault {
        if delay_ms > 120_000 {
            return Err(ApiError::invalid("fault.delay_ms", "at most 120000 ms"));
        }
    }
    let mut store = state.lock();
    store.faults.push(body);
    Ok((
        StatusCode::CREATED,
        Json(MockFaultsResponse {
            pending: store.faults.clone(),
        }),
    ))
}

/// `DELETE /api/v1/_mock/faults`: drops every pending fault.
pub async fn clear_faults(State(state): State<AppState>) -> Json<MockFaultsResponse> {
    let mut store = state.lock();
    store.faults.clear();
    Json(MockFaultsResponse {
        pending: Vec::new(),
    })
}

/// `GET /api/v1/_mock/support-requests`
pub async fn support_requests(State(state): State<AppState>) -> Json<MockSupportRequestsResponse> {
    Json(MockSupportRequestsResponse {
        requests: state.lock().support_requests.clone(),
    })
}

/// `GET /api/v1/_mock/records`: the world and everything stored.
pub async fn records(State(state): State<AppState>) -> Json<MockRecordsResponse> {
    let store = state.lock();
    Json(MockRecordsResponse {
        world: store.world.clone(),
        support_requests: store.support_requests.clone(),
        cancellations: store.cancellations.clone(),
        bookings: store.bookings.clone(),
        ledger: store.ledger.clone(),
    })
}
