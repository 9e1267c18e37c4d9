//! The mock's in-memory state, shared by every request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::controls::{MockFault, MockWorld, StoredCancellation};
use crate::provider::{Challenge, IssuedCard};
use api_types::{AccountResponse, BookingResponse, LedgerEntry, SupportRequestResponse};
use axum::http::StatusCode;
use pricing::{Quote, Role};

/// Everything a scenario sets up: a catalog, an account, a viewer and the clock.
pub type MockState = MockWorld;

/// A quote the server handed out, kept until the next reset.
#[derive(Clone, Debug)]
pub struct StoredQuote {
    /// The quote as computed (its changes, version and `valid_until`).
    pub quote: Quote,
    /// The role of the viewer who asked for it.
    pub role: Role,
}

/// The first successful answer to an `Idempotency-Key`.
#[derive(Clone, Debug)]
pub struct StoredOrder {
    /// The quote id of the request body (another body with the same key is a 422).
    pub quote_id: String,
    /// Status of the first answer.
    pub status: StatusCode,
    /// Body of the first answer, replayed byte for byte.
    pub body: String,
}

/// What the reference payment provider keeps (reset with the rest).
#[derive(Clone, Debug, Default)]
pub struct ProviderBook {
    /// Unused tokens its hosted fields issued.
    pub tokens: HashMap<String, IssuedCard>,
    /// 3-D Secure challenges by the `Idempotency-Key` of the order that asked for one.
    pub challenges: HashMap<String, Challenge>,
    /// The card on file asks for a challenge on its next charge (test card 3184).
    pub card_needs_authentication: bool,
}

/// The whole mock: the world plus everything requests stored.
#[derive(Debug)]
pub struct Store {
    /// Catalog, account, viewer and clock.
    pub world: MockState,
    /// Quotes by id.
    pub quotes: HashMap<String, StoredQuote>,
    /// First answers by `Idempotency-Key`.
    pub orders: HashMap<String, StoredOrder>,
    /// Every charge, oldest first.
    pub ledger: Vec<LedgerEntry>,
    /// Support requests, oldest first.
    pub support_requests: Vec<SupportRequestResponse>,
    /// Support requests by the `Idempotency-Key` they were filed with.
    pub support_keys: HashMap<String, SupportRequestResponse>,
    /// Cancellation surveys, oldest first.
    pub cancellations: Vec<StoredCancellation>,
    /// Success-session bookings, oldest first.
    pub bookings: Vec<BookingResponse>,
    /// Faults still to inject, in the order they were set.
    pub faults: Vec<MockFault>,
    /// The reference payment provider's tokens and challenges, and how the card on file
    /// behaves.
    pub provider: ProviderBook,
    /// Ids keep counting across resets, so an old id never names a new record.
    next_id: u64,
}

impl Store {
    fn new(world: MockState) -> Self {
        Self {
            world,
            quotes: HashMap::new(),
            orders: HashMap::new(),
            ledger: Vec::new(),
            support_requests: Vec::new(),
            support_keys: HashMap::new(),
            cancellations: Vec::new(),
            bookings: Vec::new(),
            faults: Vec::new(),
            provider: ProviderBook::default(),
            next_id: 1,
        }
    }

    /// Starts over from `world`: every stored record and pending fault is dropped.
    pub fn reset(&mut self, world: MockState) {
        let next_id = self.next_id;
        *self = Store::new(world);
        self.next_id = next_id;
    }

    /// A fresh id with `prefix`, e.g. `q_7`.
    pub fn next_id(&mut self, prefix: &str) -> String {
        let id = self.next_id;
        self.next_id += 1;
        format!("{prefix}_{id}")
    }

    /// The account as the current viewer sees it, stamped with the clock.
    pub fn account_response(&self) -> AccountResponse {
        AccountResponse::new(self.world.account.clone(), self.world.viewer.clone())
            .at(self.world.now)
    }
}

/// Shared handle to the state.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Mutex<Store>>,
    /// Whether `/api/v1/_mock/*` answers (and CORS is on).
    pub test_controls: bool,
    /// The reference payment provider's origin (`http://127.0.0.1:PORT`) when its
    /// listener runs: challenge URLs point there.
    pub provider_origin: Option<String>,
}

impl AppState {
    /// Wraps a starting state.
    pub fn new(initial: MockState, test_controls: bool) -> Self {
        Self {
            inner: Arc::new(Mutex::new(Store::new(initial))),
            test_controls,
            provider_origin: None,
        }
    }

    /// Locks the state (a poisoned lock still yields the data: handlers validate before
    /// they write, so no request leaves it half-changed).
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}
