//! The mock's test controls (`/api/v1/_mock/*`, documented in docs/api.md): worlds,
//! clock, usage, faults and records. Not part of the billing API a real backend serves.

use api_types::{
    BookingResponse, CancellationRequest, LedgerEntry, SupportRequestResponse, Viewer,
};
use chrono::{DateTime, Utc};
use pricing::{Account, Catalog};
use serde::{Deserialize, Serialize};

/// A whole mock world: what a scenario file holds, and what `_mock/reset` may take.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MockWorld {
    /// The catalog.
    pub catalog: Catalog,
    /// The account.
    pub account: Account,
    /// Who is signed in.
    pub viewer: Viewer,
    /// The clock.
    pub now: DateTime<Utc>,
}

/// `POST /api/v1/_mock/reset`: exactly one of `scenario` or `state`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MockResetRequest {
    /// A scenario file name, e.g. "pro-monthly".
    #[serde(default)]
    pub scenario: Option<String>,
    /// A whole world.
    #[serde(default)]
    pub state: Option<MockWorld>,
}

/// `POST /api/v1/_mock/clock`: set the clock (the account is moved forward to it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MockClockRequest {
    /// The new instant (RFC 3339).
    pub now: DateTime<Utc>,
}

/// `POST /api/v1/_mock/usage`: set what the account uses (absent keys stay as they are);
/// auto-upgrade then runs if contacts exceed the limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MockUsageRequest {
    /// Contacts stored.
    #[serde(default)]
    pub contacts: Option<u32>,
    /// Users created.
    #[serde(default)]
    pub users: Option<u32>,
    /// Email sends this month.
    #[serde(default)]
    pub email_sends: Option<u64>,
}

/// A fault the mock answers with instead of (or before) the real answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MockFaultKind {
    /// 500 with the JSON error body.
    InternalError,
    /// 503 with the JSON error body.
    Unavailable,
    /// 429 with `Retry-After: retry_after_seconds` (default 1).
    RateLimited {
        #[serde(default = "one")]
        retry_after_seconds: u32,
    },
    /// Runs the route to completion at once (it commits even if the client gives up),
    /// then holds its answer `delay_ms` (default 15000, past the client's timeout).
    Slow {
        #[serde(default = "fifteen_seconds")]
        delay_ms: u64,
    },
    /// Runs the route to completion (it commits), then loses its answer: the client gets
    /// `as` instead (default a 502 `bad_gateway`).
    LostResponse {
        #[serde(default, rename = "as")]
        answer: LostAnswer,
    },
    /// 200 with `Content-Type: application/json` and a truncated, unparsable body.
    MalformedJson,
    /// 409 with code `conflict`.
    Conflict,
    /// 409 with code `quote_stale` and `field: "quote_id"`, as an order whose quote
    /// expired or whose account moved on is answered (the fault matrix's "409 stale").
    QuoteStale,
    /// 401 with code `unauthenticated` (a host's session ran out).
    Unauthenticated,
}

/// What the client gets instead of a lost answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LostAnswer {
    /// 502 with code `bad_gateway`, as a proxy whose upstream connection broke answers.
    #[default]
    BadGateway,
    /// The connection is closed without a status line or a byte of the answer.
    Drop,
}

fn one() -> u32 {
    1
}

fn fifteen_seconds() -> u64 {
    15_000
}

/// `POST /api/v1/_mock/faults`: the next `count` requests matching `path` get `fault`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MockFault {
    /// The request path, e.g. "/api/v1/account"; a trailing `*` matches any path with
    /// that prefix.
    pub path: String,
    /// Only requests with this method (e.g. "POST"); any method when absent.
    #[serde(default)]
    pub method: Option<String>,
    /// How many matching requests get the fault (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// What they get.
    pub fault: MockFaultKind,
}

/// The answer of `POST`/`DELETE /api/v1/_mock/faults`: the faults still pending.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MockFaultsResponse {
    /// Faults not yet used up, in the order they were set.
    pub pending: Vec<MockFault>,
}

/// `GET /api/v1/_mock/support-requests`: every support request filed, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MockSupportRequestsResponse {
    /// The stored requests.
    pub requests: Vec<SupportRequestResponse>,
}

/// A cancellation survey as stored (one per `POST /api/v1/cancellation`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StoredCancellation {
    /// When it was sent (server clock).
    pub at: DateTime<Utc>,
    /// The survey and consents as sent.
    pub request: CancellationRequest,
}

/// `GET /api/v1/_mock/records`: everything the mock stored besides the account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MockRecordsResponse {
    /// The world now.
    pub world: MockWorld,
    /// Support requests, oldest first.
    pub support_requests: Vec<SupportRequestResponse>,
    /// Cancellation surveys, oldest first.
    pub cancellations: Vec<StoredCancellation>,
    /// Success-session bookings, oldest first.
    pub bookings: Vec<BookingResponse>,
    /// Charges, oldest first.
    pub ledger: Vec<LedgerEntry>,
}
