//! Leaving and staying: support requests, the cancellation wizard's routes, success
//! sessions and the data exports.

use crate::controls::StoredCancellation;
use api_types::{
    error_code, AccountResponse, BookingRequest, BookingResponse, CancellationReason,
    CancellationRequest, CancellationResponse, SuccessSlotsResponse, SupportRequest,
    SupportRequestResponse, SupportTopic,
};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc, Weekday};
use pricing::{Action, Change, Status};

use super::orders::{checked_key, IDEMPOTENCY_KEY};
use super::{act, check_changes};
use crate::error::{from_pricing, require, ApiError};
use crate::extract::{JsonBody, NoBody};
use crate::state::{AppState, Store};

/// Longest free text accepted (messages, comments, notes).
const MAX_TEXT: usize = 2000;

fn check_text(field: &str, text: &str) -> Result<(), ApiError> {
    if text.chars().count() > MAX_TEXT {
        return Err(ApiError::invalid(
            field,
            format!("at most {MAX_TEXT} characters"),
        ));
    }
    Ok(())
}

/// Most reasons in one survey: each of the eight `CancellationReason`s once.
const MAX_REASONS: usize = 8;

/// 400 when `reasons` (at `field`) is longer than the survey's choices or repeats one.
fn check_reasons(field: &str, reasons: &[CancellationReason]) -> Result<(), ApiError> {
    if reasons.len() > MAX_REASONS {
        return Err(ApiError::invalid(
            field,
            format!("at most {MAX_REASONS} reasons, each at most once"),
        ));
    }
    for (i, reason) in reasons.iter().enumerate() {
        // Each reason once: the list stays as small as the survey's choices.
        if reasons[..i].contains(reason) {
            return Err(ApiError::invalid(
                format!("{field}[{i}]"),
                "each reason at most once",
            ));
        }
    }
    Ok(())
}

/// `POST /api/v1/support-requests`: stored for the support team (listed by `_mock`).
/// With an `Idempotency-Key`, the same key and body answer the first ticket again (one
/// ticket however often it is sent); the same key with another body is a 422.
pub async fn create_support_request(
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<SupportRequest>,
) -> Result<(StatusCode, Json<SupportRequestResponse>), ApiError> {
    let mut store = state.lock();
    require(&store.world.viewer, Action::RequestSupport)?;
    let key = match headers.get(IDEMPOTENCY_KEY) {
        None => None,
        Some(raw) => Some(
            raw.to_str()
                .ok()
                .and_then(|k| checked_key(k).ok())
                .map(String::from)
                .ok_or_else(|| {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        error_code::IDEMPOTENCY_KEY_MISSING,
                        "an Idempotency-Key has 1 to 255 characters (e.g. a UUID)",
                    )
                    .field("Idempotency-Key")
                })?,
        ),
    };
    if let Some(first) = key.as_ref().and_then(|k| store.support_keys.get(k)) {
        if first.request != body {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                error_code::IDEMPOTENCY_KEY_REUSED,
                "this Idempotency-Key was used with another body; use a new key",
            )
            .field("Idempotency-Key"));
        }
        return Ok((StatusCode::CREATED, Json(first.clone())));
    }
    check_text("message", &body.message)?;
    check_changes(&body.changes, "support request")?;
    match body.topic {
        SupportTopic::Other if body.message.trim().is_empty() => {
            return Err(ApiError::invalid("message", "say what you need"));
        }
        SupportTopic::Downgrade | SupportTopic::RetentionOffer if body.changes.is_empty() => {
            return Err(ApiError::invalid("changes", "name the wanted change"));
        }
        _ => {}
    }
    if let Some(survey) = &body.survey {
        if body.topic != SupportTopic::Cancellation {
            return Err(ApiError::invalid(
                "survey",
                "only a cancellation request carries the survey",
            ));
        }
        check_text("survey.comment", &survey.comment)?;
        check_reasons("survey.reasons", &survey.reasons)?;
    }
    if !body.changes.is_empty() {
        // The wanted change must make sense for the account (pricing validates it); that
        // it is not self-serve is the point.
        let world = &store.world;
        pricing::quote(&world.catalog, &world.account, &body.changes, world.now)
            .map_err(|e| from_pricing(e, &body.changes))?;
    }
    let ticket = SupportRequestResponse {
        id: store.next_id("sr"),
        created_at: store.world.now,
        requested_by: store.world.viewer.name.clone(),
        request: body,
    };
    store.support_requests.push(ticket.clone());
    if let Some(key) = key {
        store.support_keys.insert(key, ticket.clone());
    }
    Ok((StatusCode::CREATED, Json(ticket)))
}

/// `POST /api/v1/cancellation`: the survey, the four consents, then pricing's `cancel`.
pub async fn cancel(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<CancellationRequest>,
) -> Result<Json<CancellationResponse>, ApiError> {
    let mut store = state.lock();
    require(&store.world.viewer, Action::Cancel)?;
    if body.reasons.is_empty() {
        return Err(ApiError::invalid("reasons", "pick at least one reason"));
    }
    check_reasons("reasons", &body.reasons)?;
    check_text("comment", &body.comment)?;
    if let Some(missing) = body.consents.first_missing() {
        return Err(ApiError::invalid(
            format!("consents.{missing}"),
            "all four consents must be given to cancel",
        ));
    }
    act(&mut store, &[Change::Cancel])?;
    let effective_at = match store.world.account.status {
        Status::CancellationScheduled { effective_at } => effective_at,
        Status::Cancelled { since } => since,
        _ => store.world.now,
    };
    let at = store.world.now;
    store
        .cancellations
        .push(StoredCancellation { at, request: body });
    Ok(Json(CancellationResponse {
        effective_at,
        undo_until: effective_at,
        account: store.account_response(),
    }))
}

/// `DELETE /api/v1/cancellation`: undo a scheduled cancellation.
pub async fn undo_cancellation(
    State(state): State<AppState>,
    _: NoBody,
) -> Result<Json<AccountResponse>, ApiError> {
    let mut store = state.lock();
    require(&store.world.viewer, Action::Cancel)?;
    act(&mut store, &[Change::UndoCancellation])?;
    Ok(Json(store.account_response()))
}

/// Length of a success session.
const SESSION_MINUTES: u32 = 30;
/// Slots offered at once.
const SLOTS_OFFERED: usize = 8;

/// The free slots from the day after `now`: weekdays at 14:00 and 16:30 UTC, minus booked.
fn free_slots(store: &Store) -> Vec<DateTime<Utc>> {
    let times = [
        NaiveTime::from_hms_opt(14, 0, 0).expect("valid time"),
        NaiveTime::from_hms_opt(16, 30, 0).expect("valid time"),
    ];
    let mut day = store.world.now.date_naive();
    let mut slots = Vec::with_capacity(SLOTS_OFFERED);
    while slots.len() < SLOTS_OFFERED {
        day = day.succ_opt().expect("date in range");
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        for time in times {
            let slot = day.and_time(time).and_utc();
            if !store.bookings.iter().any(|b| b.slot == slot) && slots.len() < SLOTS_OFFERED {
                slots.push(slot);
            }
        }
    }
    slots
}

/// `GET /api/v1/success-sessions/slots`
pub async fn success_slots(
    State(state): State<AppState>,
) -> Result<Json<SuccessSlotsResponse>, ApiError> {
    let store = state.lock();
    require(&store.world.viewer, Action::View)?;
    Ok(Json(SuccessSlotsResponse {
        slots: free_slots(&store),
        duration_minutes: SESSION_MINUTES,
    }))
}

/// `POST /api/v1/success-sessions`: book one of the free slots.
pub async fn book_session(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<BookingRequest>,
) -> Result<(StatusCode, Json<BookingResponse>), ApiError> {
    let mut store = state.lock();
    require(&store.world.viewer, Action::RequestSupport)?;
    check_text("note", &body.note)?;
    if store.bookings.iter().any(|b| b.slot == body.slot) {
        return Err(ApiError::conflict("that slot was just booked; pick another").field("slot"));
    }
    if !free_slots(&store).contains(&body.slot) {
        return Err(ApiError::invalid(
            "slot",
            "not an offered slot: pick one from GET /api/v1/success-sessions/slots",
        ));
    }
    let booking = BookingResponse {
        id: store.next_id("bk"),
        slot: body.slot,
        duration_minutes: SESSION_MINUTES,
        booked_by: store.world.viewer.name.clone(),
    };
    store.bookings.push(booking.clone());
    Ok((StatusCode::CREATED, Json(booking)))
}

/// `GET /api/v1/exports/{contacts|campaigns|reports}`: a CSV download.
pub async fn export(
    State(state): State<AppState>,
    Path(kind): Path<String>,
) -> Result<Response, ApiError> {
    let store = state.lock();
    require(&store.world.viewer, Action::View)?;
    let account = &store.world.account;
    let csv = match kind.as_str() {
        "contacts" => contacts_csv(account.usage.contacts),
        "campaigns" => campaigns_csv(store.world.now),
        "reports" => reports_csv(account.usage.email_sends, store.world.now),
        _ => {
            return Err(ApiError::not_found(
                "exports are contacts, campaigns or reports",
            ))
        }
    };
    let filename = format!(
        "{}-{kind}-{}.csv",
        account.id,
        store.world.now.format("%Y-%m-%d")
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, attachment(&filename)),
        ],
        csv,
    )
        .into_response())
}

/// `Content-Disposition` for a download named `filename`, whatever characters the account
/// id puts in it (RFC 6266): the quoted `filename` escapes `"` and `\` and shows anything
/// outside printable ASCII as `_`; then `filename*=UTF-8''…` carries the exact name,
/// percent-encoded (RFC 8187). Only printable ASCII is written, so the header is valid.
fn attachment(filename: &str) -> HeaderValue {
    let printable = |c: char| matches!(c, ' '..='~');
    let mut value = String::from("attachment; filename=\"");
    for c in filename.chars() {
        match c {
            '"' | '\\' => {
                value.push('\\');
                value.push(c);
            }
            c if printable(c) => value.push(c),
            _ => value.push('_'),
        }
    }
    value.push('"');
    if !filename.chars().all(printable) {
        value.push_str("; filename*=UTF-8''");
        for byte in filename.bytes() {
            // RFC 8187 attr-char: letters, digits and !#$&+-.^_`|~ stay as they are.
            if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
                value.push(char::from(byte));
            } else {
                value.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("attachment"))
}

const FIRST_NAMES: [&str; 6] = ["Ada", "Bruno", "Chiara", "Dmitri", "Elena", "Farid"];
const LAST_NAMES: [&str; 6] = ["Lovelace", "Rossi", "Bianchi", "Ivanov", "García", "Haddad"];

/// A sample of the account's contacts (the first 10 at most).
fn contacts_csv(contacts: u32) -> String {
    let mut csv = String::from("email,first_name,last_name,subscribed\r\n");
    for i in 0..contacts.min(10) as usize {
        let first = FIRST_NAMES[i % FIRST_NAMES.len()];
        let last = LAST_NAMES[(i / FIRST_NAMES.len()) % LAST_NAMES.len()];
        csv.push_str(&format!(
            "{}.{}{i}@example.com,{first},{last},{}\r\n",
            first.to_lowercase(),
            last.to_lowercase().replace('í', "i"),
            i % 7 != 3
        ));
    }
    csv
}

fn campaigns_csv(now: DateTime<Utc>) -> String {
    let mut csv = String::from("name,sent_at,recipients,opens,clicks\r\n");
    for (i, name) in ["Spring sale", "Product update", "Webinar invite"]
        .iter()
        .enumerate()
    {
        let sent = now - Duration::days(7 * (i as i64 + 1));
        let recipients = 1200 + 300 * i as u32;
        csv.push_str(&format!(
            "{name},{},{recipients},{},{}\r\n",
            sent.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            recipients * 2 / 5,
            recipients / 12
        ));
    }
    csv
}

fn reports_csv(email_sends: u64, now: DateTime<Utc>) -> String {
    let mut csv = String::from("month,emails_sent,opens,clicks,unsubscribes\r\n");
    // Any stored count, up to u64::MAX, is exported: u128 cannot overflow on `* 2`.
    let email_sends = u128::from(email_sends);
    csv.push_str(&format!(
        "{},{email_sends},{},{},{}\r\n",
        now.format("%Y-%m"),
        email_sends * 2 / 5,
        email_sends / 12,
        email_sends / 500
    ));
    csv
}
