//! Who may do what: the one role × action matrix of DESIGN §1.

#[cfg(not(target_arch = "wasm32"))]
use serde::{Deserialize, Serialize};

use crate::account::{Account, Status};

/// The viewer's role on the account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum Role {
    /// The primary admin: may do everything.
    PrimaryAdmin,
    /// A user with billing permission: everything but seats, pause and cancel.
    Billing,
    /// Any other user: read-only.
    Viewer,
}

/// Something a user can do on the Billing & Upgrade page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum Action {
    /// Move to a higher plan or a longer commitment.
    Upgrade,
    /// Raise contacts, users or email sends.
    RaiseLimits,
    /// Buy (or ask to remove) an add-on.
    BuyAddOn,
    /// Buy SMS credit packs.
    BuySmsCredits,
    /// Replace the card on file.
    ChangePaymentMethod,
    /// Turn automatic contact-limit upgrades on or off.
    ToggleAutoUpgrade,
    /// Buy or remove Conversations seats.
    ManageSeats,
    /// Pause or resume billing.
    Pause,
    /// Cancel the account or undo a scheduled cancellation.
    Cancel,
    /// File a support request (e.g. a downgrade).
    RequestSupport,
    /// See plan, usage and invoices.
    View,
}

impl Action {
    /// Every action, in declaration order.
    pub const ALL: [Action; 11] = [
        Action::Upgrade,
        Action::RaiseLimits,
        Action::BuyAddOn,
        Action::BuySmsCredits,
        Action::ChangePaymentMethod,
        Action::ToggleAutoUpgrade,
        Action::ManageSeats,
        Action::Pause,
        Action::Cancel,
        Action::RequestSupport,
        Action::View,
    ];

    /// How many roles may do this: fewer is stricter (used to pick a cart's permission).
    pub fn roles_permitted(self) -> usize {
        [Role::PrimaryAdmin, Role::Billing, Role::Viewer]
            .into_iter()
            .filter(|r| permits(*r, self))
            .count()
    }
}

/// Whether `role` may do `action` (DESIGN §1). The API checks this again on every request.
pub fn permits(role: Role, action: Action) -> bool {
    match role {
        Role::PrimaryAdmin => true,
        Role::Billing => !matches!(action, Action::ManageSeats | Action::Pause | Action::Cancel),
        Role::Viewer => action == Action::View,
    }
}

/// Why an action is not available to a viewer right now (the page's button says which).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

/// What a paused account may still do (DESIGN §2): resume (or not), cancel, change its
/// settings and card, ask support. Everything else waits for **Resume**.
pub fn allowed_while_paused(action: Action) -> bool {
    matches!(
        action,
        Action::Pause
            | Action::Cancel
            | Action::ChangePaymentMethod
            | Action::ToggleAutoUpgrade
            | Action::RequestSupport
            | Action::View
    )
}

/// Whether `role` may do `action` on `account` now, or why not (DESIGN §1, §2): the role
/// matrix, then a reseller, a pause or a closed account block changes.
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
        Status::Paused { .. } if !allowed_while_paused(action) => Err(Blocked::Paused),
        _ => Ok(()),
    }
}
