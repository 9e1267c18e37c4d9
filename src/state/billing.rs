//! The account and catalog the page shows, what the viewer may do, and price previews.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use pricing::wire::AccountResponse;
use pricing::{permits, Account, Action, Catalog, Change, PricingError, Quote, Role, Status};

use super::Clock;

/// The account (as last answered by the API) and the catalog it is priced with.
#[derive(Clone, Copy, Debug)]
pub struct Billing {
    data: RwSignal<AccountResponse>,
    catalog: StoredValue<Catalog>,
}

/// Why an action is not available to this viewer right now (the button says it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blocked {
    /// A reseller manages the account: every change goes through them.
    Resold,
    /// The viewer's role does not allow it; `admin_only` when only the primary admin may.
    NotPermitted { admin_only: bool },
    /// Billing is paused: resume first.
    Paused,
    /// The account is closed.
    Closed,
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

    /// Replaces the account with the API's newer answer (after an order or a setting).
    pub fn set_data(&self, data: AccountResponse) {
        // The page may have been unmounted while the request was out: nothing to update.
        let _ = self.data.try_set(data);
    }

    /// Whether the viewer may do `action` now, or why not (tracked). DESIGN §1 decides
    /// the role part; a resold, paused or closed account blocks changes too.
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

/// Whether `role` may do `action` on `account` now (DESIGN §1, §2).
pub fn gate(account: &Account, role: Role, action: Action) -> Result<(), Blocked> {
    if action == Action::View {
        return Ok(());
    }
    if account.reseller.is_some() {
        return Err(Blocked::Resold);
    }
    if !permits(role, action) {
        return Err(Blocked::NotPermitted {
            admin_only: !permits(Role::Billing, action),
        });
    }
    match account.status {
        Status::Cancelled { .. } => Err(Blocked::Closed),
        // A paused account may only resume, cancel or change its settings.
        Status::Paused { .. }
            if !matches!(
                action,
                Action::Pause
                    | Action::Cancel
                    | Action::ChangePaymentMethod
                    | Action::ToggleAutoUpgrade
                    | Action::RequestSupport
            ) =>
        {
            Err(Blocked::Paused)
        }
        _ => Ok(()),
    }
}

/// The next invoice the account will get, if any: its date and amount (pricing decides the
/// amount; a trial, a pause or a cancellation before the date means none).
pub fn next_invoice(
    account: &Account,
    catalog: &Catalog,
) -> Option<(DateTime<Utc>, rust_decimal::Decimal)> {
    let date = account.period.end;
    let billed = match account.status {
        Status::Active => true,
        Status::PauseScheduled { at } => at > date,
        Status::CancellationScheduled { effective_at } => effective_at > date,
        Status::Trial { .. } | Status::Paused { .. } | Status::Cancelled { .. } => false,
    };
    if !billed {
        return None;
    }
    account.recurring(catalog).ok().map(|amount| (date, amount))
}

/// Monthly instalments of an annual-commit term still to pay after the current period.
pub fn instalments_left(account: &Account) -> Option<u32> {
    let term = account.commit_term?;
    let mut left = 0;
    while left < 12 && pricing::add_months_clamped(account.period.end, left as i32) < term.end {
        left += 1;
    }
    Some(left)
}
