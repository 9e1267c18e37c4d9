//! Quotes: what a cart of changes costs now, what the next invoice will be, when each
//! change takes effect, and whether the customer may do it alone (DESIGN §3).

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::account::{Account, Cycle, StatusKind};
use crate::catalog::{AddOnId, Catalog, PlanId};
use crate::change::{Change, ChangeKind};
use crate::money::Currency;
use crate::permissions::{permits, Action, Role};

/// How long a quote may be confirmed after it was computed.
pub const QUOTE_TTL_SECONDS: i64 = 15 * 60;

/// One invoice line. `amount = round_minor(quantity × unit_amount × proration)`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct QuoteLine {
    /// i18n description key, e.g. "line.plan_upgrade", "line.unused_period_credit".
    pub key: String,
    /// The plan, add-on or pack the line is about, as its JSON id (e.g. "pro", "sms_1000").
    #[serde(default)]
    pub item: Option<String>,
    /// How many units (users, seats, blocks, packs; 1 for a plan or add-on; negative = fewer).
    pub quantity: Decimal,
    /// Price of one unit for a whole billing period (exact, may be below the minor unit).
    pub unit_amount: Decimal,
    /// Share of the period charged: `(end − t) / (end − start)`, or 1 when not prorated.
    pub proration: Decimal,
    /// The line total, rounded once to the minor unit, half away from zero.
    pub amount: Decimal,
}

/// The invoice after this one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NextInvoice {
    /// When it is issued (the next period start).
    pub date: DateTime<Utc>,
    /// Its total (0 when paused or cancelled by then, or when a trial just expires).
    pub amount: Decimal,
}

/// When one change of the cart takes effect.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Effect {
    /// The change, as asked.
    pub change: Change,
    /// The instant it takes effect (now, next period start, or annual-commit term end).
    pub effective_at: DateTime<Utc>,
}

/// Why a cart cannot be confirmed by the customer alone (the page offers support instead).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NotSelfServe {
    /// Lowers the plan, a limit or the commitment, or removes an add-on.
    Downgrade,
    /// Trial accounts are not paused or cancelled: the trial simply expires.
    Trial,
    /// The reseller manages this account.
    Resold,
    /// Pause is not available on annual-commit-monthly.
    AnnualCommitTerm,
    /// Pause is for monthly payers only.
    MonthlyPayersOnly,
    /// The viewer's role does not allow the action.
    NotPermitted,
    /// The add-on needs one of these plans.
    IneligiblePlan { required: Vec<PlanId> },
    /// SMS packs need this add-on first.
    AddOnRequired { addon: AddOnId },
    /// Seats cannot go below the assigned ones.
    SeatsBelowAssigned { assigned: u32 },
    /// The cart changes nothing.
    NoChange,
}

/// A quantity named in a [`PricingError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    Contacts,
    Users,
    EmailSends,
    Seats,
    SmsPacks,
}

/// Why a quote or an apply failed (bad input or a state the change cannot apply to).
#[derive(Clone, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PricingError {
    /// The plan is not in the catalog.
    #[error("plan {plan:?} is not in the catalog")]
    UnknownPlan { plan: PlanId },
    /// The add-on is not in the catalog.
    #[error("add-on {addon:?} is not in the catalog")]
    UnknownAddOn { addon: AddOnId },
    /// The SMS pack is not in the catalog.
    #[error("SMS pack {pack} is not in the catalog")]
    UnknownPack { pack: String },
    /// More contacts than the plan's top tier.
    #[error("{contacts} contacts is above plan {plan:?}'s top tier of {max}")]
    ContactsAboveTopTier {
        plan: PlanId,
        contacts: u32,
        max: u32,
    },
    /// A limit of zero.
    #[error("{what:?} cannot be zero")]
    ZeroQuantity { what: Quantity },
    /// An absurdly large quantity.
    #[error("{what:?} cannot exceed {max}")]
    QuantityTooLarge { what: Quantity, max: u64 },
    /// No change asked.
    #[error("the cart is empty")]
    EmptyCart,
    /// The change makes no sense in the account's status (e.g. resume when not paused).
    #[error("cannot {change:?} while the account is {status:?}")]
    InvalidState {
        change: ChangeKind,
        status: StatusKind,
    },
    /// Removing an add-on the account does not have.
    #[error("add-on {addon:?} is not active")]
    AddOnNotActive { addon: AddOnId },
    /// `now` is outside the account's current period: roll the account forward first.
    #[error("{now} is outside the current period {start} – {end}")]
    OutsidePeriod {
        now: DateTime<Utc>,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    /// `apply` on a cart the customer may not confirm alone.
    #[error("not self-serve: {reason:?}")]
    NotSelfServe { reason: NotSelfServe },
    /// The account changed since the quote (re-quote).
    #[error("the account changed (quoted on version {quoted}, now {current})")]
    Conflict { quoted: u64, current: u64 },
    /// The quote is too old to confirm (re-quote).
    #[error("the quote expired at {valid_until}")]
    QuoteExpired { valid_until: DateTime<Utc> },
}

/// The price and consequences of a cart of changes at an instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Currency of every amount.
    pub currency: Currency,
    /// Lines charged now (prorated increases, packs, credits).
    pub lines: Vec<QuoteLine>,
    /// Sum of `lines` (each already rounded).
    pub charge_now: Decimal,
    /// The next invoice after the change.
    pub next_invoice: NextInvoice,
    /// When each change takes effect, in cart order.
    pub effects: Vec<Effect>,
    /// Whether the customer may confirm it alone.
    pub self_serve: bool,
    /// Why not, when `self_serve` is false.
    pub reason: Option<NotSelfServe>,
    /// The permission needed to confirm it (the strictest of the cart).
    pub permission: Action,
    /// The account version the quote was computed on.
    pub account_version: u64,
    /// The instant the quote was computed for.
    pub quoted_at: DateTime<Utc>,
    /// Confirming after this instant fails with [`PricingError::QuoteExpired`].
    pub valid_until: DateTime<Utc>,
}

impl Quote {
    /// The changes of the cart, in order.
    pub fn changes(&self) -> Vec<Change> {
        self.effects.iter().map(|e| e.change.clone()).collect()
    }

    /// This quote as seen by `role`: not self-serve ([`NotSelfServe::NotPermitted`]) when
    /// the role may not do the cart's action (DESIGN §1).
    pub fn for_role(mut self, role: Role) -> Quote {
        if !permits(role, self.permission) {
            self.self_serve = false;
            self.reason = Some(NotSelfServe::NotPermitted);
        }
        self
    }
}

/// Prices a cart of changes on `account` at `now` (DESIGN §3).
pub fn quote(
    catalog: &Catalog,
    account: &Account,
    changes: &[Change],
    now: DateTime<Utc>,
) -> Result<Quote, PricingError> {
    let _ = (catalog, account, now, Duration::zero(), Cycle::Monthly);
    if changes.is_empty() {
        return Err(PricingError::EmptyCart);
    }
    Err(PricingError::EmptyCart) // logic lands in the next commit
}

/// The account after a self-serve cart is confirmed at `now`, with `version` bumped.
pub fn apply(
    catalog: &Catalog,
    account: &Account,
    changes: &[Change],
    now: DateTime<Utc>,
) -> Result<Account, PricingError> {
    let _ = quote(catalog, account, changes, now)?;
    Ok(account.clone())
}

/// Confirms a quote: fails on a changed account or an expired quote, else [`apply`]s it.
pub fn confirm(
    catalog: &Catalog,
    account: &Account,
    quote: &Quote,
    now: DateTime<Utc>,
) -> Result<Account, PricingError> {
    if quote.account_version != account.version {
        return Err(PricingError::Conflict {
            quoted: quote.account_version,
            current: account.version,
        });
    }
    if now > quote.valid_until {
        return Err(PricingError::QuoteExpired {
            valid_until: quote.valid_until,
        });
    }
    apply(catalog, account, &quote.changes(), now)
}

/// The recurring lines of one billing period of `account` priced on `cycle`.
pub(crate) fn recurring_lines(
    catalog: &Catalog,
    account: &Account,
    cycle: Cycle,
) -> Result<Vec<QuoteLine>, PricingError> {
    let _ = (catalog, account, cycle);
    Ok(Vec::new())
}
