//! Changes a customer can ask for; a quote takes one or several (a cart).

#[cfg(not(target_arch = "wasm32"))]
use serde::{Deserialize, Serialize};

use crate::account::Cycle;
use crate::catalog::{AddOnId, PlanId};
use crate::permissions::Action;

/// One change to an account. JSON: `{"kind": "set_plan", "plan": "pro"}`.
///
/// One flat object: the `kind`, then the variant's fields. The page reads and writes it
/// with `pricing::json` (wire.rs); native serde reads it through `WireChange`, the same
/// flat shape.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(tag = "kind", rename_all = "snake_case", try_from = "WireChange")
)]
pub enum Change {
    /// Move to another plan; the limits rise to its tiers and inclusions if needed.
    SetPlan { plan: PlanId },
    /// Set the contact limit; rounded up to the plan's tier that holds it.
    SetContacts { contacts: u32 },
    /// Set the user limit; never below the plan's included users.
    SetUsers { users: u32 },
    /// Set the monthly email-send limit; rounded up to the included sends plus whole blocks.
    SetEmailSends { email_sends: u64 },
    /// Add an add-on to the plan.
    AddAddOn { addon: AddOnId },
    /// Remove an add-on (a downgrade).
    RemoveAddOn { addon: AddOnId },
    /// Buy one SMS credit pack: charged in full now, granted now, renewed monthly.
    BuySmsPack { pack: String },
    /// Set the number of Conversations seats.
    SetSeats { seats: u32 },
    /// Switch the billing cycle.
    SwitchCycle { cycle: Cycle },
    /// Pause billing from the next period start (monthly payers only).
    Pause,
    /// Resume a paused account, or drop a scheduled pause.
    Resume,
    /// Cancel at the end of the period (or annual-commit term).
    Cancel,
    /// Drop a scheduled cancellation.
    UndoCancellation,
    /// Turn automatic contact-limit upgrades on or off (no charge).
    SetAutoUpgrade { enabled: bool },
}

/// [`Change`] as JSON carries it: the `kind` and every variant's fields, each optional.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Deserialize)]
struct WireChange {
    kind: ChangeKind,
    plan: Option<PlanId>,
    contacts: Option<u32>,
    users: Option<u32>,
    email_sends: Option<u64>,
    addon: Option<AddOnId>,
    pack: Option<String>,
    seats: Option<u32>,
    cycle: Option<Cycle>,
    enabled: Option<bool>,
}

#[cfg(not(target_arch = "wasm32"))]
impl TryFrom<WireChange> for Change {
    type Error = String;

    fn try_from(w: WireChange) -> Result<Self, String> {
        use crate::wire::field;
        Ok(match w.kind {
            ChangeKind::SetPlan => Change::SetPlan {
                plan: field(w.plan, "plan")?,
            },
            ChangeKind::SetContacts => Change::SetContacts {
                contacts: field(w.contacts, "contacts")?,
            },
            ChangeKind::SetUsers => Change::SetUsers {
                users: field(w.users, "users")?,
            },
            ChangeKind::SetEmailSends => Change::SetEmailSends {
                email_sends: field(w.email_sends, "email_sends")?,
            },
            ChangeKind::AddAddOn => Change::AddAddOn {
                addon: field(w.addon, "addon")?,
            },
            ChangeKind::RemoveAddOn => Change::RemoveAddOn {
                addon: field(w.addon, "addon")?,
            },
            ChangeKind::BuySmsPack => Change::BuySmsPack {
                pack: field(w.pack, "pack")?,
            },
            ChangeKind::SetSeats => Change::SetSeats {
                seats: field(w.seats, "seats")?,
            },
            ChangeKind::SwitchCycle => Change::SwitchCycle {
                cycle: field(w.cycle, "cycle")?,
            },
            ChangeKind::Pause => Change::Pause,
            ChangeKind::Resume => Change::Resume,
            ChangeKind::Cancel => Change::Cancel,
            ChangeKind::UndoCancellation => Change::UndoCancellation,
            ChangeKind::SetAutoUpgrade => Change::SetAutoUpgrade {
                enabled: field(w.enabled, "enabled")?,
            },
        })
    }
}

/// The kind of a [`Change`], without its data (for errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum ChangeKind {
    /// [`Change::SetPlan`].
    SetPlan,
    /// [`Change::SetContacts`].
    SetContacts,
    /// [`Change::SetUsers`].
    SetUsers,
    /// [`Change::SetEmailSends`].
    SetEmailSends,
    /// [`Change::AddAddOn`].
    AddAddOn,
    /// [`Change::RemoveAddOn`].
    RemoveAddOn,
    /// [`Change::BuySmsPack`].
    BuySmsPack,
    /// [`Change::SetSeats`].
    SetSeats,
    /// [`Change::SwitchCycle`].
    SwitchCycle,
    /// [`Change::Pause`].
    Pause,
    /// [`Change::Resume`].
    Resume,
    /// [`Change::Cancel`].
    Cancel,
    /// [`Change::UndoCancellation`].
    UndoCancellation,
    /// [`Change::SetAutoUpgrade`].
    SetAutoUpgrade,
}

impl Change {
    /// The kind of this change.
    pub fn kind(&self) -> ChangeKind {
        match self {
            Change::SetPlan { .. } => ChangeKind::SetPlan,
            Change::SetContacts { .. } => ChangeKind::SetContacts,
            Change::SetUsers { .. } => ChangeKind::SetUsers,
            Change::SetEmailSends { .. } => ChangeKind::SetEmailSends,
            Change::AddAddOn { .. } => ChangeKind::AddAddOn,
            Change::RemoveAddOn { .. } => ChangeKind::RemoveAddOn,
            Change::BuySmsPack { .. } => ChangeKind::BuySmsPack,
            Change::SetSeats { .. } => ChangeKind::SetSeats,
            Change::SwitchCycle { .. } => ChangeKind::SwitchCycle,
            Change::Pause => ChangeKind::Pause,
            Change::Resume => ChangeKind::Resume,
            Change::Cancel => ChangeKind::Cancel,
            Change::UndoCancellation => ChangeKind::UndoCancellation,
            Change::SetAutoUpgrade { .. } => ChangeKind::SetAutoUpgrade,
        }
    }

    /// The permission a user needs to make this change (DESIGN §1).
    pub fn action(&self) -> Action {
        match self {
            Change::SetPlan { .. } | Change::SwitchCycle { .. } => Action::Upgrade,
            Change::SetContacts { .. } | Change::SetUsers { .. } | Change::SetEmailSends { .. } => {
                Action::RaiseLimits
            }
            Change::AddAddOn { .. } | Change::RemoveAddOn { .. } => Action::BuyAddOn,
            Change::BuySmsPack { .. } => Action::BuySmsCredits,
            Change::SetSeats { .. } => Action::ManageSeats,
            Change::Pause | Change::Resume => Action::Pause,
            Change::Cancel | Change::UndoCancellation => Action::Cancel,
            Change::SetAutoUpgrade { .. } => Action::ToggleAutoUpgrade,
        }
    }
}
