//! The mock's in-memory state, shared by every request.

use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use pricing::wire::Viewer;
use pricing::{Account, Catalog};
use serde::{Deserialize, Serialize};

/// Everything a scenario sets up: a test can also post a whole one to `_mock/reset`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MockState {
    pub catalog: Catalog,
    pub account: Account,
    pub viewer: Viewer,
    /// The mock's clock: every quote, period and expiry follows it.
    pub now: DateTime<Utc>,
}

/// Shared handle to the state.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Mutex<MockState>>,
    /// Whether `/api/v1/_mock/*` answers.
    pub test_controls: bool,
}

impl AppState {
    /// Wraps a starting state.
    pub fn new(initial: MockState, test_controls: bool) -> Self {
        Self {
            inner: Arc::new(Mutex::new(initial)),
            test_controls,
        }
    }

    /// Locks the state (a poisoned lock still yields the data: no request panics with it held).
    pub fn lock(&self) -> MutexGuard<'_, MockState> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}
