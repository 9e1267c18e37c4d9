//! The account and catalog the page shows, what the viewer may do, and price previews.

use api_types::AccountResponse;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use pricing::{gate, Account, Action, Blocked, Catalog, Change, PricingError, Quote, Role};

use super::Clock;
use crate::api::{ApiClient, ApiError};

/// The account (as last answered by the API) and the catalog it is priced with.
#[derive(Clone, Copy, Debug)]
pub struct Billing {
    data: RwSignal<AccountResponse>,
    catalog: StoredValue<Catalog>,
}

impl Billing {
    /// The state for one account response and catalog.
    pub fn new(data: AccountResponse, catalog: Catalog) -> Self {
        Billing {
            data: RwSignal::new(data),
            catalog: StoredValue::new(catalog),
        }
    }

    /// The state provided by the page root.
    pub fn use_billing() -> Self {
        use_context::<Billing>().expect("Billing provided by the page root")
    }

    /// The whole account response (tracked).
    pub fn data(&self) -> AccountResponse {
        self.data.get()
    }

    /// The account (tracked).
    pub fn account(&self) -> Account {
        self.data.with(|d| d.account.clone())
    }

    /// A value read from the account (tracked).
    pub fn with_account<T>(&self, f: impl FnOnce(&Account) -> T) -> T {
        self.data.with(|d| f(&d.account))
    }

    /// A value read from the account, untracked.
    pub fn with_account_untracked<T>(&self, f: impl FnOnce(&Account) -> T) -> T {
        self.data.with_untracked(|d| f(&d.account))
    }

    /// The viewer's role (tracked).
    pub fn role(&self) -> Role {
        self.data.with(|d| d.viewer.role)
    }

    /// The catalog.
    pub fn with_catalog<T>(&self, f: impl FnOnce(&Catalog) -> T) -> T {
        self.catalog.with_value(f)
    }

    /// Shows `data` read again after a failure, unless its account is the one shown: views
    /// that rebuild on a new account would drop the failure's message just set beside them.
    pub fn show_if_changed(&self, data: AccountResponse) {
        if !self.with_account_untracked(|a| *a == data.account) {
            self.set_data(data);
        }
    }

    /// After a write failed with `error`, finds out what the server holds: when the account
    /// may not be what the page shows ([`ApiError::account_in_doubt`]: an unknown outcome,
    /// or a `409`) it is read again. If `landed` finds the write's change in it, the write
    /// went through: its result. Otherwise the failure, with the account read shown (when
    /// it changed); an unknown outcome whose account could not be read stays unknown
    /// ([`ApiError::unsettled`]).
    pub async fn settle<T>(
        self,
        client: &ApiClient,
        error: ApiError,
        landed: impl FnOnce(&AccountResponse) -> Option<T>,
    ) -> Result<T, ApiError> {
        if !error.account_in_doubt() {
            return Err(error);
        }
        let Ok(data) = client.account().await else {
            return Err(error.unsettled());
        };
        match landed(&data) {
            Some(done) => Ok(done),
            None => {
                self.show_if_changed(data);
                Err(error)
            }
        }
    }

    /// Replaces the account with the API's newer answer (after an order or a setting).
    pub fn set_data(&self, data: AccountResponse) {
        // The page may have been unmounted while the request was out: nothing to update.
        let _ = self.data.try_set(data);
    }

    /// Whether the viewer may do `action` now, or why not (tracked; pricing decides).
    pub fn gate(&self, action: Action) -> Result<(), Blocked> {
        self.data.with(|d| gate(&d.account, d.viewer.role, action))
    }

    /// The price of `changes` computed in the browser, as the viewer's role sees it
    /// (tracked): the instant preview the server's quote must then match.
    pub fn preview(&self, changes: &[Change], clock: Clock) -> Result<Quote, PricingError> {
        self.data.with(|d| {
            let now = clock.preview_now(&d.account);
            self.preview_at(&d.account, d.viewer.role, changes, now)
        })
    }

    fn preview_at(
        &self,
        account: &Account,
        role: Role,
        changes: &[Change],
        now: DateTime<Utc>,
    ) -> Result<Quote, PricingError> {
        self.catalog
            .with_value(|catalog| pricing::quote(catalog, account, changes, now))
            .map(|q| q.for_role(role))
    }
}
