//! The one JSON error shape of every route, and how pricing's errors map onto it.

use api_types::{error_code, ApiErrorBody, Viewer};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use pricing::{Action, Change, NotSelfServe, PricingError, Quantity};

/// An error answer: a status, the JSON body and, for 429, the `Retry-After` seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body (boxed: handlers return `Result<_, ApiError>` everywhere, and the body
    /// with its optional decline code and action is the large part).
    pub body: Box<ApiErrorBody>,
    /// Seconds for the `Retry-After` header.
    pub retry_after: Option<u32>,
}

impl ApiError {
    /// An error with `status`, `code` and `message`.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: Box::new(ApiErrorBody::new(code, message)),
            retry_after: None,
        }
    }

    /// The same error naming the request `field` at fault.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.body.field = Some(field.into());
        self
    }

    /// The same error carrying why the customer cannot do it alone.
    pub fn reason(mut self, reason: NotSelfServe) -> Self {
        self.body.reason = Some(reason);
        self
    }

    /// The same error saying why the card was declined.
    pub fn decline(mut self, code: api_types::DeclineCode) -> Self {
        self.body.decline_code = Some(code);
        self
    }

    /// 400 `invalid_request` naming `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            error_code::INVALID_REQUEST,
            message,
        )
        .field(field)
    }

    /// 404 `not_found`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, error_code::NOT_FOUND, message)
    }

    /// 409 `conflict`.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, error_code::CONFLICT, message)
    }

    /// 422 `not_self_serve` with the reason.
    pub fn not_self_serve(reason: NotSelfServe) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            error_code::NOT_SELF_SERVE,
            format!(
                "the customer cannot do this alone ({}); file a support request",
                reason_text(&reason)
            ),
        )
        .reason(reason)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(*self.body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// 403 unless `viewer` may do `action` (DESIGN §1; checked on every route).
pub fn require(viewer: &Viewer, action: Action) -> Result<(), ApiError> {
    if viewer.may(action) {
        return Ok(());
    }
    let who = match action {
        Action::ManageSeats | Action::Pause | Action::Cancel => "the primary admin",
        _ => "the primary admin or a user with billing permission",
    };
    Err(ApiError::new(
        StatusCode::FORBIDDEN,
        error_code::FORBIDDEN,
        format!(
            "the {} role may not {}: only {who} may",
            json_name(&viewer.role),
            json_name(&action)
        ),
    )
    .reason(NotSelfServe::NotPermitted))
}

/// The snake_case JSON name of a unit enum value.
pub fn json_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn reason_text(reason: &NotSelfServe) -> String {
    match reason {
        NotSelfServe::Downgrade => "it is a downgrade".into(),
        NotSelfServe::Trial => "trial accounts simply expire".into(),
        NotSelfServe::Resold => "the reseller manages this account".into(),
        NotSelfServe::AnnualCommitTerm => "not available during an annual-commit term".into(),
        NotSelfServe::AnnualCommitCancellation { term_end } => format!(
            "an annual-commit account closes through Customer Support, at the end of its term \
             ({})",
            term_end.to_rfc3339()
        ),
        NotSelfServe::MonthlyPayersOnly => "only monthly payers may pause".into(),
        NotSelfServe::NotPermitted => "the viewer's role does not allow it".into(),
        NotSelfServe::IneligiblePlan { required } => format!(
            "it needs one of the plans {}",
            required
                .iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        NotSelfServe::AddOnRequired { addon } => format!("it needs the {} add-on", addon.as_str()),
        NotSelfServe::SeatsBelowAssigned { assigned } => {
            format!("seats cannot go below the {assigned} assigned")
        }
        NotSelfServe::NoChange => "it changes nothing".into(),
    }
}

/// The request field a change's quantity lives in.
fn quantity_field(what: Quantity) -> &'static str {
    match what {
        Quantity::Contacts => "contacts",
        Quantity::Users => "users",
        Quantity::EmailSends => "email_sends",
        Quantity::Seats => "seats",
        Quantity::SmsPacks => "pack",
    }
}

/// Index of the first change matching `pred`, as a `changes[i]` path.
fn change_path(changes: &[Change], pred: impl Fn(&Change) -> bool) -> String {
    changes
        .iter()
        .position(pred)
        .map_or_else(|| "changes".to_string(), |i| format!("changes[{i}]"))
}

/// Maps a pricing error on the cart `changes` to an answer naming the field at fault.
pub fn from_pricing(error: PricingError, changes: &[Change]) -> ApiError {
    let message = error.to_string();
    let invalid = |field: String| ApiError::invalid(field, message.clone());
    match error {
        PricingError::UnknownPlan { plan } => invalid(format!(
            "{}.plan",
            change_path(
                changes,
                |c| matches!(c, Change::SetPlan { plan: p } if *p == plan)
            )
        )),
        PricingError::UnknownAddOn { addon } => invalid(format!(
            "{}.addon",
            change_path(changes, |c| matches!(
                c,
                Change::AddAddOn { addon: a } | Change::RemoveAddOn { addon: a } if *a == addon
            ))
        )),
        PricingError::UnknownPack { pack } => invalid(format!(
            "{}.pack",
            change_path(
                changes,
                |c| matches!(c, Change::BuySmsPack { pack: p } if *p == pack)
            )
        )),
        PricingError::ContactsAboveTopTier { .. } => {
            let has_contacts = changes
                .iter()
                .any(|c| matches!(c, Change::SetContacts { .. }));
            if has_contacts {
                invalid(format!(
                    "{}.contacts",
                    change_path(changes, |c| matches!(c, Change::SetContacts { .. }))
                ))
            } else {
                invalid(format!(
                    "{}.plan",
                    change_path(changes, |c| matches!(c, Change::SetPlan { .. }))
                ))
            }
        }
        PricingError::ZeroQuantity { what } | PricingError::QuantityTooLarge { what, .. } => {
            let path = change_path(changes, |c| {
                matches!(
                    (what, c),
                    (Quantity::Contacts, Change::SetContacts { .. })
                        | (Quantity::Users, Change::SetUsers { .. })
                        | (Quantity::EmailSends, Change::SetEmailSends { .. })
                        | (Quantity::Seats, Change::SetSeats { .. })
                        | (Quantity::SmsPacks, Change::BuySmsPack { .. })
                )
            });
            invalid(format!("{path}.{}", quantity_field(what)))
        }
        PricingError::EmptyCart => invalid("changes".into()),
        PricingError::InvalidState { change, .. } => ApiError::conflict(message).field(format!(
            "{}.kind",
            change_path(changes, |c| c.kind() == change)
        )),
        PricingError::AddOnNotActive { addon } => ApiError::conflict(message).field(format!(
            "{}.addon",
            change_path(
                changes,
                |c| matches!(c, Change::RemoveAddOn { addon: a } if *a == addon)
            )
        )),
        PricingError::OutsidePeriod { .. } => ApiError::conflict(message),
        PricingError::NotSelfServe { reason } => ApiError::not_self_serve(reason),
        PricingError::Conflict { .. } | PricingError::QuoteExpired { .. } => ApiError::new(
            StatusCode::CONFLICT,
            error_code::QUOTE_STALE,
            format!("{message}: ask for a new quote"),
        )
        .field("quote_id"),
    }
}
