//! The account, the catalog, the ledger, and the account settings that charge nothing.

use api_types::{
    error_code, AccountResponse, AutoUpgradeRequest, DeclineCode, LedgerResponse,
    PaymentMethodRequest,
};
use axum::extract::State;
use axum::Json;
use chrono::Datelike;
use pricing::{Action, Catalog, Change, NotSelfServe, PaymentMethod};

use super::{act, run_auto_upgrade};
use crate::error::{require, ApiError};
use crate::extract::{JsonBody, NoBody};
use crate::provider::TestOutcome;
use crate::state::AppState;

/// `GET /api/v1/account`
pub async fn account(State(state): State<AppState>) -> Result<Json<AccountResponse>, ApiError> {
    let store = state.lock();
    require(&store.world.viewer, Action::View)?;
    Ok(Json(store.account_response()))
}

/// `GET /api/v1/catalog`
pub async fn catalog(State(state): State<AppState>) -> Result<Json<Catalog>, ApiError> {
    let store = state.lock();
    require(&store.world.viewer, Action::View)?;
    Ok(Json(store.world.catalog.clone()))
}

/// `GET /api/v1/ledger`
pub async fn ledger(State(state): State<AppState>) -> Result<Json<LedgerResponse>, ApiError> {
    let store = state.lock();
    require(&store.world.viewer, Action::View)?;
    Ok(Json(LedgerResponse {
        entries: store.ledger.clone(),
    }))
}

/// `PUT /api/v1/auto-upgrade`: enabling needs the terms accepted; turned on while contacts
/// already exceed the limit, it fires at once.
pub async fn auto_upgrade(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<AutoUpgradeRequest>,
) -> Result<Json<AccountResponse>, ApiError> {
    let mut store = state.lock();
    require(&store.world.viewer, Action::ToggleAutoUpgrade)?;
    if body.enabled && !body.terms_accepted {
        return Err(ApiError::invalid(
            "terms_accepted",
            "accept the auto-upgrade terms to turn it on",
        ));
    }
    // PUT is idempotent: asking for the current setting changes nothing.
    if store.world.account.auto_upgrade != body.enabled {
        act(
            &mut store,
            &[Change::SetAutoUpgrade {
                enabled: body.enabled,
            }],
        )?;
        run_auto_upgrade(&mut store)?;
    }
    Ok(Json(store.account_response()))
}

/// `PUT /api/v1/payment-method`: a provider token, never a card number.
pub async fn payment_method(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<PaymentMethodRequest>,
) -> Result<Json<AccountResponse>, ApiError> {
    let mut store = state.lock();
    require(&store.world.viewer, Action::ChangePaymentMethod)?;
    let issued = store.provider.tokens.get(&body.token).cloned();
    let (card, needs_authentication) = match &issued {
        Some(issued) => match issued.outcome {
            TestOutcome::Declined(code) => {
                // A declined card's token is used up: nothing is saved.
                store.provider.tokens.remove(&body.token);
                return Err(declined(code));
            }
            outcome => (
                issued.card.clone(),
                outcome == TestOutcome::NeedsAuthentication,
            ),
        },
        None => (card_from_token(&body.token, store.world.now.year())?, false),
    };
    if store.world.account.reseller.is_some() {
        // The reseller bills a resold account.
        return Err(ApiError::not_self_serve(NotSelfServe::Resold));
    }
    if issued.is_some() {
        store.provider.tokens.remove(&body.token);
    }
    store.provider.card_needs_authentication = needs_authentication;
    // The card is in no price: the version stays, so a quote made before (a checkout that
    // stopped to add a card) is still good and goes on with the same amounts.
    store.world.account.payment_method = Some(card);
    Ok(Json(store.account_response()))
}

/// 402 `card_declined` on `token`, saying why.
fn declined(code: DeclineCode) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::PAYMENT_REQUIRED,
        error_code::CARD_DECLINED,
        "the card was declined",
    )
    .field("token")
    .decline(code)
}

/// The card a test token stands for (see `PaymentMethodRequest::token`).
fn card_from_token(token: &str, this_year: i32) -> Result<PaymentMethod, ApiError> {
    let bad = |message: &str| ApiError::invalid("token", message);
    if token.len() > 100
        || !token.starts_with("tok_")
        || !token.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(bad(
            "expected a payment-provider token like tok_visa (letters, digits and _)",
        ));
    }
    let parts: Vec<&str> = token["tok_".len()..].split('_').collect();
    let brand = parts[0].to_ascii_lowercase();
    if brand == "declined" {
        return Err(declined(DeclineCode::DoNotHonor));
    }
    let test_last4 = match brand.as_str() {
        "visa" => "4242",
        "mastercard" => "4444",
        "amex" => "8431",
        "discover" => "1117",
        _ => return Err(bad("unknown card brand in the token")),
    };
    let card = match parts[1..] {
        [] => PaymentMethod {
            brand,
            last4: test_last4.into(),
            exp_month: 12,
            exp_year: this_year + 3,
        },
        [last4, month, year] => {
            let month: u32 = month.parse().map_err(|_| bad("bad expiry month"))?;
            let year: i32 = year.parse().map_err(|_| bad("bad expiry year"))?;
            if last4.len() != 4 || !last4.chars().all(|c| c.is_ascii_digit()) {
                return Err(bad("last4 must be four digits"));
            }
            if !(1..=12).contains(&month) || !(this_year..=this_year + 20).contains(&year) {
                return Err(bad("the card's expiry is out of range"));
            }
            PaymentMethod {
                brand,
                last4: last4.into(),
                exp_month: month,
                exp_year: year,
            }
        }
        _ => {
            return Err(bad(
                "expected tok_<brand> or tok_<brand>_<last4>_<mm>_<yyyy>",
            ))
        }
    };
    Ok(card)
}

/// `POST /api/v1/pause`: billing pauses at the next period start (monthly payers only).
pub async fn pause(
    State(state): State<AppState>,
    _: NoBody,
) -> Result<Json<AccountResponse>, ApiError> {
    let mut store = state.lock();
    require(&store.world.viewer, Action::Pause)?;
    act(&mut store, &[Change::Pause])?;
    Ok(Json(store.account_response()))
}

/// `POST /api/v1/resume`: resume a paused account (charged for the rest of the period) or
/// drop a scheduled pause.
pub async fn resume(
    State(state): State<AppState>,
    _: NoBody,
) -> Result<Json<AccountResponse>, ApiError> {
    let mut store = state.lock();
    require(&store.world.viewer, Action::Pause)?;
    act(&mut store, &[Change::Resume])?;
    Ok(Json(store.account_response()))
}
