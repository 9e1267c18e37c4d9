//! The JSON API's wire types (documented in docs/api.md): request and response bodies and
//! error codes, shared by the page's client and the mock API so both read the same shapes.
//! Pricing itself (accounts, catalogs, changes, quotes) comes from the `pricing` crate.
//!
//! Every body is snake_case JSON; amounts are rounded `Amount`s serialised as strings ("12.50")
//! next to their currency; instants are RFC 3339 UTC strings.
//!
//! The page reads and writes these with `pricing::json` (`wire.rs` here); native builds
//! (the mock API) keep serde's derives, and the mock API's tests check that both agree.

use chrono::{DateTime, Utc};
#[cfg(not(target_arch = "wasm32"))]
use serde::{Deserialize, Serialize};

use pricing::{permits, Account, Action, Change, Effect, Money, NotSelfServe, Quote};
use pricing::{QuoteLine, Role};

mod wire;

/// Who is looking at the page.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct Viewer {
    /// Display name of the signed-in user.
    pub name: String,
    /// Their role on the account.
    pub role: Role,
}

impl Viewer {
    /// Whether this viewer may do `action` (DESIGN §1).
    pub fn may(&self, action: Action) -> bool {
        permits(self.role, action)
    }
}

/// `GET /api/v1/account` (and the answer of every account mutation): the account, who is
/// viewing it and what they may do.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct AccountResponse {
    /// The account state; carries its `version`.
    pub account: Account,
    /// The signed-in user.
    pub viewer: Viewer,
    /// Every action the viewer's role permits (the API enforces them again).
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub permissions: Vec<Action>,
    /// The server's clock when it answered (the mock's test clock): previews computed by
    /// the page should price at this instant so they match the server's quotes.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub now: Option<DateTime<Utc>>,
}

impl AccountResponse {
    /// The response for `account` seen by `viewer`, with the permissions filled in.
    pub fn new(account: Account, viewer: Viewer) -> Self {
        let permissions = Action::ALL.into_iter().filter(|a| viewer.may(*a)).collect();
        Self {
            account,
            viewer,
            permissions,
            now: None,
        }
    }

    /// The same response stamped with the server's clock.
    pub fn at(mut self, now: DateTime<Utc>) -> Self {
        self.now = Some(now);
        self
    }
}

/// The one error body of every route: `{"code": "…", "message": "…", "field": "…"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct ApiErrorBody {
    /// Machine-readable code the page acts on (see [`error_code`]).
    pub code: String,
    /// Human-readable English explanation (for logs; the page shows its own translation).
    pub message: String,
    /// The request field at fault, as a JSON path (e.g. `changes[0].contacts`), if any.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub field: Option<String>,
    /// Why the customer cannot do it alone (403 `forbidden`, 422 `not_self_serve`), so the
    /// page can offer the right way out (ask the admin, contact support or the reseller).
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub reason: Option<NotSelfServe>,
    /// Why the card issuer declined (402 `card_declined`), in words a person would use.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub decline_code: Option<DeclineCode>,
    /// What the customer must do before the order can go on (402
    /// `authentication_required`): the page hands it to the payment provider's
    /// `authenticate`, then repeats the order with the same `Idempotency-Key`.
    /// (Boxed: every error carries the field, few carry an action.)
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub action: Option<Box<NextAction>>,
}

/// Why a card was declined (`ApiErrorBody::decline_code`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum DeclineCode {
    /// The account behind the card has too little money.
    InsufficientFunds,
    /// The card is past its expiry date.
    ExpiredCard,
    /// The issuer declined without saying why ("do not honour").
    DoNotHonor,
}

/// A step the customer takes with the payment provider before a charge goes through.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct NextAction {
    /// What kind of step.
    pub kind: NextActionKind,
    /// Where the provider's challenge page is (opened in a frame by the provider's adapter).
    pub url: String,
}

/// The kinds of [`NextAction`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum NextActionKind {
    /// A 3-D Secure (Strong Customer Authentication) challenge by the card issuer.
    ThreeDSecure,
}

impl ApiErrorBody {
    /// A body with `code` and `message` only.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_string(),
            message: message.into(),
            field: None,
            reason: None,
            decline_code: None,
            action: None,
        }
    }
}

/// The `code`s of [`ApiErrorBody`], with the HTTP status each comes with.
pub mod error_code {
    /// 400: the body is not valid JSON, or a value is missing, mistyped or out of range;
    /// `field` names it.
    pub const INVALID_REQUEST: &str = "invalid_request";
    /// 400: `POST /orders` without a usable `Idempotency-Key` header.
    pub const IDEMPOTENCY_KEY_MISSING: &str = "idempotency_key_missing";
    /// 401: no signed-in user (a host backend's answer; the mock sends it only as a fault).
    pub const UNAUTHENTICATED: &str = "unauthenticated";
    /// 402: something is charged and the account has no card on file.
    pub const PAYMENT_METHOD_REQUIRED: &str = "payment_method_required";
    /// 402: the card was declined, on saving it (`field`: "token") or on a charge;
    /// `decline_code` says why.
    pub const CARD_DECLINED: &str = "card_declined";
    /// 402: the card issuer wants the customer to authenticate this charge (3-D Secure);
    /// `action` says how. Nothing was charged; repeat the order with the same
    /// `Idempotency-Key` once the customer completed it.
    pub const AUTHENTICATION_REQUIRED: &str = "authentication_required";
    /// 403: a mutation without the `X-CSRF-Token` header.
    pub const CSRF_MISSING: &str = "csrf_missing";
    /// 403: the viewer's role may not do this (`reason`: `not_permitted`).
    pub const FORBIDDEN: &str = "forbidden";
    /// 404: no such route, quote or export.
    pub const NOT_FOUND: &str = "not_found";
    /// 405: the route exists with another method.
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    /// 409: the quote expired or the account changed since it was computed: re-quote.
    pub const QUOTE_STALE: &str = "quote_stale";
    /// 409: the request conflicts with the account's current state (resume when not
    /// paused, undo with no cancellation scheduled, a slot already booked…).
    pub const CONFLICT: &str = "conflict";
    /// 413: the request body is larger than the API's limit (64 KiB in the mock).
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    /// 415: a mutation whose `Content-Type` is not `application/json`.
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported_media_type";
    /// 422: the `Idempotency-Key` was already used with another body.
    pub const IDEMPOTENCY_KEY_REUSED: &str = "idempotency_key_reused";
    /// 422: the customer may not do this alone (`reason` says why: downgrade, trial,
    /// resold, monthly payers only…); the page offers support instead.
    pub const NOT_SELF_SERVE: &str = "not_self_serve";
    /// 422: the quote holds a change that has its own route (cancel, undo, auto-upgrade).
    pub const NOT_ORDERABLE: &str = "not_orderable";
    /// 429: too many requests; wait the `Retry-After` seconds.
    pub const RATE_LIMITED: &str = "rate_limited";
    /// 500: the server failed.
    pub const INTERNAL: &str = "internal";
    /// 502: a gateway between the page and the backend lost the backend's answer; the
    /// request may have taken effect (the mock sends it only as the `lost_response` fault).
    pub const BAD_GATEWAY: &str = "bad_gateway";
    /// 503: the server is temporarily unavailable; retry later.
    pub const UNAVAILABLE: &str = "unavailable";
}

/// `POST /api/v1/quotes`: a cart of changes to price.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct QuoteRequest {
    /// The changes, in order (at least one).
    pub changes: Vec<Change>,
}

/// The answer of `POST /api/v1/quotes`: the pricing crate's quote, stored under `id`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct QuoteResponse {
    /// The id to confirm with `POST /api/v1/orders`, e.g. "q_3".
    pub id: String,
    /// The price, effects and self-serve verdict for the viewer's role.
    pub quote: Quote,
    /// The account version it was computed on (an order on another version is stale).
    pub account_version: u64,
    /// After this instant an order on it answers 409 `quote_stale`.
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/v1/orders` (with an `Idempotency-Key` header): confirm a quote.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct OrderRequest {
    /// The `id` of a [`QuoteResponse`].
    pub quote_id: String,
}

/// The answer of `POST /api/v1/orders`: what was charged and the account afterwards.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct OrderResponse {
    /// The order id, e.g. "ord_1".
    pub id: String,
    /// The quote it confirmed.
    pub quote_id: String,
    /// What was charged now (the quote's `charge_now`; zero for free changes).
    pub charged: Money,
    /// The invoice lines charged now.
    pub lines: Vec<QuoteLine>,
    /// When each change takes effect.
    pub effects: Vec<Effect>,
    /// The ledger entry of the charge, when something was charged.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub ledger_entry_id: Option<String>,
    /// When the order was made (server clock).
    pub created_at: DateTime<Utc>,
    /// The account after the order (new `version`).
    pub account: AccountResponse,
}

/// `GET /api/v1/orders?idempotency_key=KEY`: the order a key created, if one was
/// committed; answered with the [`OrderResponse`] `POST /api/v1/orders` gave for it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct OrderLookup {
    /// The `Idempotency-Key` the order was sent with.
    pub idempotency_key: String,
}

/// `PUT /api/v1/auto-upgrade`: turn the automatic contact-limit upgrade on or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct AutoUpgradeRequest {
    /// The wanted setting.
    pub enabled: bool,
    /// Whether the customer accepted the terms; must be `true` to enable.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub terms_accepted: bool,
}

/// `PUT /api/v1/payment-method`: replace the card with a payment-provider token.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct PaymentMethodRequest {
    /// The provider's token (`tok_…`); never a card number. The mock knows the tokens
    /// its reference hosted fields issued (the card typed there), and also reads test
    /// tokens: `tok_visa_4242_12_2030` → visa, 4242, 12/2030; `tok_visa`,
    /// `tok_mastercard`, `tok_amex` → that brand's test card; `tok_declined` → 402
    /// `card_declined`.
    pub token: String,
}

/// What a support request is about.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum SupportTopic {
    /// A change the page could not self-serve (a downgrade, a resold account…).
    #[default]
    Downgrade,
    /// The cheaper customised plan offered in the cancellation wizard.
    RetentionOffer,
    /// Closing an account that cannot cancel by itself (annual-commit, seed 001); may
    /// carry the cancellation survey.
    Cancellation,
    /// Anything else.
    Other,
}

/// `POST /api/v1/support-requests`: a wanted change the page could not self-serve.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct SupportRequest {
    /// What it is about.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub topic: SupportTopic,
    /// The wanted changes (may be empty for `other`).
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub changes: Vec<Change>,
    /// The customer's message (at most 2000 characters).
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub message: String,
    /// The cancellation survey's answers (topic `cancellation` only).
    #[cfg_attr(
        not(target_arch = "wasm32"),
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub survey: Option<CancellationSurvey>,
}

/// The "Why are you leaving?" answers, as a support request carries them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct CancellationSurvey {
    /// Why they leave (each reason at most once).
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub reasons: Vec<CancellationReason>,
    /// Free text (at most 2000 characters).
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub comment: String,
}

/// The answer of `POST /api/v1/support-requests`: the stored request.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct SupportRequestResponse {
    /// Ticket id, e.g. "sr_1".
    pub id: String,
    /// When it was filed (server clock).
    pub created_at: DateTime<Utc>,
    /// Who filed it.
    pub requested_by: String,
    /// The request as filed.
    pub request: SupportRequest,
}

/// Why a customer leaves (the cancellation survey's choices).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum CancellationReason {
    TooExpensive,
    MissingFeatures,
    TooComplicated,
    SwitchingProvider,
    NotUsingEnough,
    TemporaryBreak,
    BusinessClosing,
    Other,
}

impl CancellationReason {
    /// Every reason, in the order the survey lists them.
    pub const ALL: [CancellationReason; 8] = [
        CancellationReason::TooExpensive,
        CancellationReason::MissingFeatures,
        CancellationReason::TooComplicated,
        CancellationReason::SwitchingProvider,
        CancellationReason::NotUsingEnough,
        CancellationReason::TemporaryBreak,
        CancellationReason::BusinessClosing,
        CancellationReason::Other,
    ];
}

/// The four "will be deleted" checkboxes; all must be `true` to cancel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct CancellationConsents {
    /// "My lists will be deleted."
    pub lists: bool,
    /// "My campaigns will be deleted."
    pub campaigns: bool,
    /// "My reports will be deleted."
    pub reports: bool,
    /// "My account information will be deleted."
    pub account_information: bool,
}

impl CancellationConsents {
    /// The first consent not given, as its field name.
    pub fn first_missing(&self) -> Option<&'static str> {
        [
            (self.lists, "lists"),
            (self.campaigns, "campaigns"),
            (self.reports, "reports"),
            (self.account_information, "account_information"),
        ]
        .into_iter()
        .find_map(|(given, name)| (!given).then_some(name))
    }
}

/// `POST /api/v1/cancellation`: the survey answers and the four consents.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct CancellationRequest {
    /// Why they leave (at least one).
    pub reasons: Vec<CancellationReason>,
    /// Free text (at most 2000 characters).
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub comment: String,
    /// All four must be `true`.
    pub consents: CancellationConsents,
}

/// The answer of `POST /api/v1/cancellation`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct CancellationResponse {
    /// When the account closes (end of the period, or of the annual-commit term).
    pub effective_at: DateTime<Utc>,
    /// Until when `DELETE /api/v1/cancellation` can undo it (= `effective_at`).
    pub undo_until: DateTime<Utc>,
    /// The account afterwards (status `cancellation_scheduled`).
    pub account: AccountResponse,
}

/// `GET /api/v1/success-sessions/slots`: free 1:1 sessions with the success team.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct SuccessSlotsResponse {
    /// Start instants of the free slots, earliest first.
    pub slots: Vec<DateTime<Utc>>,
    /// Length of one session.
    pub duration_minutes: u32,
}

/// `POST /api/v1/success-sessions`: book one of the free slots.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct BookingRequest {
    /// One of the `slots` just listed.
    pub slot: DateTime<Utc>,
    /// Optional note for the success team (at most 2000 characters).
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub note: String,
}

/// The answer of `POST /api/v1/success-sessions`: the booked session.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct BookingResponse {
    /// Booking id, e.g. "bk_1".
    pub id: String,
    /// Start of the session.
    pub slot: DateTime<Utc>,
    /// Length of the session.
    pub duration_minutes: u32,
    /// Who booked it.
    pub booked_by: String,
}

/// What produced a ledger entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum LedgerKind {
    /// A confirmed order's `charge_now`.
    Order,
    /// A renewal invoice issued when the clock passed a period end.
    Renewal,
    /// An automatic contact-limit increase (auto-upgrade on, contacts over the limit).
    AutoUpgrade,
}

/// One charge the server made.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct LedgerEntry {
    /// Entry id, e.g. "le_1".
    pub id: String,
    /// Order or renewal.
    pub kind: LedgerKind,
    /// When it was charged (server clock).
    pub at: DateTime<Utc>,
    /// The amount charged (negative for a net credit).
    pub amount: pricing::Amount,
    /// Its currency.
    pub currency: pricing::Currency,
    /// The order it belongs to, for `order` entries.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub order_id: Option<String>,
    /// The invoice lines (for renewals: the recurring lines of the new period).
    pub lines: Vec<QuoteLine>,
}

/// `GET /api/v1/ledger`: every charge, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct LedgerResponse {
    /// The charges.
    pub entries: Vec<LedgerEntry>,
}
