//! The reference payment provider: a second listener on its own port (so it is really
//! cross-origin to the page) serving the hosted card fields and the 3-D Secure challenge
//! page that the reference adapter (`public/reference-provider.js`) frames, and the two
//! calls those pages make: tokenize a card, answer a challenge. The card number reaches
//! this listener only; the billing API and the page see a token and the card's brand,
//! last 4 and expiry.

use api_types::DeclineCode;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Datelike;
use pricing::PaymentMethod;
use serde::{Deserialize, Serialize};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::state::AppState;

/// What a test card does once its token is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestOutcome {
    /// Saved and charged.
    Succeeds,
    /// Declined when saved, for this reason.
    Declined(DeclineCode),
    /// Saved; the next charge needs a 3-D Secure challenge.
    NeedsAuthentication,
}

/// A token the hosted fields issued: the card it stands for and what it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedCard {
    /// Brand, last 4 and expiry (never the number).
    pub card: PaymentMethod,
    /// What happens when it is saved or charged.
    pub outcome: TestOutcome,
}

/// How a 3-D Secure challenge ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeStatus {
    /// Shown, not answered.
    Pending,
    /// The customer completed it: the order under its key may charge.
    Completed,
    /// The customer failed it: nothing may be charged under its key.
    Failed,
}

/// A challenge, issued for one order's `Idempotency-Key`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// Its id (`ch_7`), in the challenge page's URL.
    pub id: String,
    /// Where it stands.
    pub status: ChallengeStatus,
}

/// The card number's brand, by its leading digits (what the hosted field shows as you
/// type).
pub fn brand_of(digits: &str) -> &'static str {
    let two: u32 = digits.get(..2).and_then(|d| d.parse().ok()).unwrap_or(0);
    let four: u32 = digits.get(..4).and_then(|d| d.parse().ok()).unwrap_or(0);
    if digits.starts_with('4') {
        "visa"
    } else if (51..=55).contains(&two) || (2221..=2720).contains(&four) {
        "mastercard"
    } else if two == 34 || two == 37 {
        "amex"
    } else if digits.starts_with("6011") || two == 65 {
        "discover"
    } else {
        "unknown"
    }
}

/// The Luhn check every card number passes.
pub fn luhn(digits: &str) -> bool {
    if digits.len() < 12 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| match (i % 2, d * 2) {
            (0, _) => d,
            (_, doubled) if doubled > 9 => doubled - 9,
            (_, doubled) => doubled,
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The test cards (docs/api.md): what each number does; any other valid number succeeds.
pub fn test_outcome(digits: &str) -> TestOutcome {
    match digits {
        "4000000000000002" => TestOutcome::Declined(DeclineCode::DoNotHonor),
        "4000000000009995" => TestOutcome::Declined(DeclineCode::InsufficientFunds),
        "4000000000000069" => TestOutcome::Declined(DeclineCode::ExpiredCard),
        "4000002760003184" => TestOutcome::NeedsAuthentication,
        _ => TestOutcome::Succeeds,
    }
}

/// `POST /v1/tokens` on the provider: the hosted fields' card.
#[derive(Clone, Debug, Deserialize)]
pub struct TokenRequest {
    number: String,
    exp_month: u32,
    exp_year: i32,
    cvc: String,
    #[serde(default)]
    postal_code: String,
}

#[derive(Serialize)]
struct TokenError {
    code: &'static str,
    message: &'static str,
}

fn token_error(code: &'static str, message: &'static str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({ "error": TokenError { code, message } })),
    )
        .into_response()
}

/// Checks the card as a provider would (the hosted page checked it too), stores it under
/// a fresh single-use token and answers `{token, card}`.
async fn create_token(State(state): State<AppState>, Json(body): Json<TokenRequest>) -> Response {
    let digits: String = body.number.chars().filter(|c| c.is_ascii_digit()).collect();
    if !luhn(&digits) || digits.len() > 19 {
        return token_error("invalid_number", "the card number is not valid");
    }
    let brand = brand_of(&digits);
    let cvc_len = if brand == "amex" { 4 } else { 3 };
    if body.cvc.len() != cvc_len || !body.cvc.chars().all(|c| c.is_ascii_digit()) {
        return token_error("invalid_cvc", "the security code is not valid");
    }
    if body.postal_code.len() > 16 {
        return token_error("invalid_postal_code", "the postal code is too long");
    }
    let mut store = state.lock();
    let now = store.world.now;
    let card = PaymentMethod {
        brand: brand.to_string(),
        last4: digits[digits.len() - 4..].to_string(),
        exp_month: body.exp_month,
        exp_year: body.exp_year,
    };
    let in_range = (1..=12).contains(&body.exp_month) && body.exp_year <= now.year() + 20;
    if !in_range || card.is_expired(now) {
        return token_error("invalid_expiry", "the expiry date is in the past");
    }
    let token = store.next_id("tok_ref");
    let outcome = test_outcome(&digits);
    store.provider.tokens.insert(
        token.clone(),
        IssuedCard {
            card: card.clone(),
            outcome,
        },
    );
    Json(serde_json::json!({ "token": token, "card": card })).into_response()
}

/// `POST /v1/challenges/{id}` on the provider: the challenge page's **Complete** / **Fail**.
#[derive(Clone, Copy, Debug, Deserialize)]
struct ChallengeAnswer {
    outcome: ChallengeStatus,
}

async fn answer_challenge(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(body): Json<ChallengeAnswer>,
) -> Response {
    if body.outcome == ChallengeStatus::Pending {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let mut store = state.lock();
    let found = store
        .provider
        .challenges
        .values_mut()
        .find(|c| c.id == id && c.status == ChallengeStatus::Pending);
    match found {
        Some(challenge) => {
            challenge.status = body.outcome;
            Json(serde_json::json!({ "status": body.outcome })).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn file(body: &'static str, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// The provider's own policy: nothing inline, and only billing pages on 127.0.0.1 or
/// localhost may frame it.
pub const PROVIDER_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     frame-ancestors http://127.0.0.1:* http://localhost:*";

/// The provider listener's routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/fields.html",
            get(|| async { file(include_str!("../provider/fields.html"), "text/html") }),
        )
        .route(
            "/fields.js",
            get(|| async { file(include_str!("../provider/fields.js"), "text/javascript") }),
        )
        .route(
            "/provider.css",
            get(|| async { file(include_str!("../provider/provider.css"), "text/css") }),
        )
        .route(
            "/challenge.html",
            get(|| async { file(include_str!("../provider/challenge.html"), "text/html") }),
        )
        .route(
            "/challenge.js",
            get(|| async { file(include_str!("../provider/challenge.js"), "text/javascript") }),
        )
        .route("/v1/tokens", post(create_token))
        .route("/v1/challenges/{id}", post(answer_challenge))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PROVIDER_CSP),
        ))
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_cards_pass_luhn_and_a_typo_does_not() {
        for n in [
            "4242424242424242",
            "4000000000000002",
            "4000002760003184",
            "4000000000009995",
            "4000000000000069",
            "378282246310005",
            "5555555555554444",
        ] {
            assert!(luhn(n), "{n}");
        }
        assert!(!luhn("4242424242424241"));
        assert!(!luhn("42424242"));
        assert_eq!(brand_of("4242"), "visa");
        assert_eq!(brand_of("5555"), "mastercard");
        assert_eq!(brand_of("3782"), "amex");
        assert_eq!(brand_of("6011"), "discover");
    }
}
