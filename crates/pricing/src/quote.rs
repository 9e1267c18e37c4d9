//! Quotes: what a cart of changes costs now, what the next invoice will be, when each
//! change takes effect, and whether the customer may do it alone (DESIGN §3).

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
#[cfg(not(target_arch = "wasm32"))]
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::account::{
    add_months_clamped, monthly_period_containing, Account, Cycle, Period, Proration, Status,
    StatusKind,
};
use crate::catalog::{AddOnId, Catalog, PlanId};
use crate::change::{Change, ChangeKind};
use crate::money::{Amount, Currency};
use crate::permissions::{allowed_while_paused, permits, Action, Role};

/// How long a quote may be confirmed after it was computed.
pub const QUOTE_TTL_SECONDS: i64 = 15 * 60;

/// What an invoice line is for. On the wire it is two fields: `key` (an i18n key such as
/// `"line.plan_upgrade"`) and `item` (the plan, add-on or pack id, when there is one).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LineItem {
    /// A plan for a whole period (`line.plan`).
    Plan(PlanId),
    /// The prorated difference of a move to this plan (`line.plan_upgrade`).
    PlanUpgrade(PlanId),
    /// The prorated difference of a higher contact tier on this plan
    /// (`line.contact_tier_increase`).
    ContactTierIncrease(PlanId),
    /// Users beyond the plan's included ones (`line.extra_users`).
    ExtraUsers,
    /// Email-send blocks beyond the plan's included sends (`line.extra_email_sends`).
    ExtraEmailSends,
    /// An add-on (`line.addon`).
    AddOn(AddOnId),
    /// An SMS credit pack (`line.sms_pack`).
    SmsPack(String),
    /// Conversations seats (`line.conversations_seats`).
    Seats,
    /// The credit for the unused part of the period paid (`line.unused_period_credit`).
    UnusedPeriodCredit,
    /// A line this version does not know (a newer backend's): shown as "Other charges".
    Other { key: String, item: Option<String> },
}

impl LineItem {
    /// The wire `key`.
    pub fn key(&self) -> &str {
        match self {
            LineItem::Plan(_) => "line.plan",
            LineItem::PlanUpgrade(_) => "line.plan_upgrade",
            LineItem::ContactTierIncrease(_) => "line.contact_tier_increase",
            LineItem::ExtraUsers => "line.extra_users",
            LineItem::ExtraEmailSends => "line.extra_email_sends",
            LineItem::AddOn(_) => "line.addon",
            LineItem::SmsPack(_) => "line.sms_pack",
            LineItem::Seats => "line.conversations_seats",
            LineItem::UnusedPeriodCredit => "line.unused_period_credit",
            LineItem::Other { key, .. } => key,
        }
    }

    /// The wire `item`: the id of what the line is about.
    pub fn item(&self) -> Option<String> {
        match self {
            LineItem::Plan(p) | LineItem::PlanUpgrade(p) | LineItem::ContactTierIncrease(p) => {
                Some(p.as_str().to_string())
            }
            LineItem::AddOn(a) => Some(a.as_str().to_string()),
            LineItem::SmsPack(id) => Some(id.clone()),
            LineItem::Other { item, .. } => item.clone(),
            LineItem::ExtraUsers
            | LineItem::ExtraEmailSends
            | LineItem::Seats
            | LineItem::UnusedPeriodCredit => None,
        }
    }

    /// Reads the wire pair; a key or id this version does not know is [`LineItem::Other`].
    pub fn from_wire(key: String, item: Option<String>) -> LineItem {
        fn id<T: crate::json::FromJson>(item: &Option<String>) -> Option<T> {
            T::from_json(&crate::json::Json::String(item.clone()?)).ok()
        }
        let known = match key.as_str() {
            "line.plan" => id(&item).map(LineItem::Plan),
            "line.plan_upgrade" => id(&item).map(LineItem::PlanUpgrade),
            "line.contact_tier_increase" => id(&item).map(LineItem::ContactTierIncrease),
            "line.extra_users" => Some(LineItem::ExtraUsers),
            "line.extra_email_sends" => Some(LineItem::ExtraEmailSends),
            "line.addon" => id(&item).map(LineItem::AddOn),
            "line.sms_pack" => item.clone().map(LineItem::SmsPack),
            "line.conversations_seats" => Some(LineItem::Seats),
            "line.unused_period_credit" => Some(LineItem::UnusedPeriodCredit),
            _ => None,
        };
        known.unwrap_or(LineItem::Other { key, item })
    }
}

/// [`QuoteLine`] as JSON carries it.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Serialize, Deserialize)]
struct WireLine {
    key: String,
    #[serde(default)]
    item: Option<String>,
    quantity: Decimal,
    unit_amount: Decimal,
    #[serde(default)]
    proration: Option<Proration>,
    amount: Amount,
}

#[cfg(not(target_arch = "wasm32"))]
impl From<QuoteLine> for WireLine {
    fn from(l: QuoteLine) -> Self {
        WireLine {
            key: l.item.key().to_string(),
            item: l.item.item(),
            quantity: l.quantity,
            unit_amount: l.unit_amount,
            proration: l.proration,
            amount: l.amount,
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl From<WireLine> for QuoteLine {
    fn from(w: WireLine) -> Self {
        QuoteLine {
            item: LineItem::from_wire(w.key, w.item),
            quantity: w.quantity,
            unit_amount: w.unit_amount,
            proration: w.proration,
            amount: w.amount,
        }
    }
}

/// One invoice line: `amount = round_minor(quantity × unit_amount × remaining / period)`
/// when prorated, else `round_minor(quantity × unit_amount)`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(into = "WireLine", from = "WireLine")
)]
pub struct QuoteLine {
    /// What the line is for (`key` and `item` on the wire).
    pub item: LineItem,
    /// How many units (users, seats, blocks, packs; 1 for a plan or add-on; negative = fewer).
    pub quantity: Decimal,
    /// Price of one unit for a whole billing period (exact, may be below the minor unit).
    pub unit_amount: Decimal,
    /// The share of the period charged, in seconds; `None` when charged in full.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub proration: Option<Proration>,
    /// The line total, rounded once to the minor unit, half away from zero.
    pub amount: Amount,
}

/// The invoice after this one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct NextInvoice {
    /// When it is issued (the next period start).
    pub date: DateTime<Utc>,
    /// Its total (0 when paused or cancelled by then, or when a trial just expires).
    pub amount: Amount,
}

/// When one change of the cart takes effect.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct Effect {
    /// The change, as asked.
    pub change: Change,
    /// The instant it takes effect (now, next period start, or annual-commit term end).
    pub effective_at: DateTime<Utc>,
}

/// Why a cart cannot be confirmed by the customer alone (the page offers support instead).
///
/// One flat object on the wire (see [`Change`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(tag = "kind", rename_all = "snake_case", try_from = "WireNotSelfServe")
)]
pub enum NotSelfServe {
    /// Lowers the plan, a limit or the commitment, or removes an add-on.
    Downgrade,
    /// Trial accounts are not paused or cancelled: the trial simply expires.
    Trial,
    /// The reseller manages this account.
    Resold,
    /// Pause is not available on annual-commit-monthly.
    AnnualCommitTerm,
    /// Annual-commit-monthly accounts close through Customer Support (seed 001); the
    /// cancellation would take effect at `term_end` (the later of the commit term's and the
    /// current period's end).
    AnnualCommitCancellation { term_end: DateTime<Utc> },
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

/// The `kind` of a [`NotSelfServe`] on the wire.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum NotSelfServeKind {
    Downgrade,
    Trial,
    Resold,
    AnnualCommitTerm,
    AnnualCommitCancellation,
    MonthlyPayersOnly,
    NotPermitted,
    IneligiblePlan,
    AddOnRequired,
    SeatsBelowAssigned,
    NoChange,
}

/// [`NotSelfServe`] as JSON carries it: the `kind` and every variant's field, each optional.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Deserialize)]
struct WireNotSelfServe {
    kind: NotSelfServeKind,
    term_end: Option<DateTime<Utc>>,
    required: Option<Vec<PlanId>>,
    addon: Option<AddOnId>,
    assigned: Option<u32>,
}

#[cfg(not(target_arch = "wasm32"))]
impl TryFrom<WireNotSelfServe> for NotSelfServe {
    type Error = String;

    fn try_from(w: WireNotSelfServe) -> Result<Self, String> {
        use crate::wire::field;
        use NotSelfServeKind as K;
        Ok(match w.kind {
            K::Downgrade => NotSelfServe::Downgrade,
            K::Trial => NotSelfServe::Trial,
            K::Resold => NotSelfServe::Resold,
            K::AnnualCommitTerm => NotSelfServe::AnnualCommitTerm,
            K::AnnualCommitCancellation => NotSelfServe::AnnualCommitCancellation {
                term_end: field(w.term_end, "term_end")?,
            },
            K::MonthlyPayersOnly => NotSelfServe::MonthlyPayersOnly,
            K::NotPermitted => NotSelfServe::NotPermitted,
            K::IneligiblePlan => NotSelfServe::IneligiblePlan {
                required: field(w.required, "required")?,
            },
            K::AddOnRequired => NotSelfServe::AddOnRequired {
                addon: field(w.addon, "addon")?,
            },
            K::SeatsBelowAssigned => NotSelfServe::SeatsBelowAssigned {
                assigned: field(w.assigned, "assigned")?,
            },
            K::NoChange => NotSelfServe::NoChange,
        })
    }
}

/// A quantity named in a [`PricingError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum Quantity {
    /// The contact limit.
    Contacts,
    /// The user limit.
    Users,
    /// The monthly email-send limit.
    EmailSends,
    /// Conversations seats.
    Seats,
    /// SMS packs renewed monthly.
    SmsPacks,
}

/// Why a quote or an apply failed (bad input or a state the change cannot apply to).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(tag = "kind", rename_all = "snake_case")
)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct Quote {
    /// Currency of every amount.
    pub currency: Currency,
    /// Lines charged now (prorated increases, packs, credits).
    pub lines: Vec<QuoteLine>,
    /// Sum of `lines` (each already rounded).
    pub charge_now: Amount,
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

/// Most users an account may set.
pub const MAX_USERS: u32 = 10_000;
/// Conversations seats have no cap (seed 002: "There is no cap"): this is only the
/// largest count the `seats` field holds (`u32`), for input bounds; pricing never refuses
/// a seat count for its size.
pub const MAX_SEATS: u32 = u32::MAX;
/// Highest monthly email-send limit.
pub const MAX_EMAIL_SENDS: u64 = 1_000_000_000;
/// Most SMS packs renewed on one account.
pub const MAX_SMS_PACKS: usize = 50;

/// One recurring component of an invoice, before it becomes a [`QuoteLine`].
#[derive(Clone, Debug, PartialEq, Eq)]
struct Item {
    component: Component,
    line: LineItem,
    quantity: Decimal,
    unit: Decimal,
    amount: Amount,
}

impl Item {
    /// The invoice line of a whole period (not prorated).
    fn into_line(self) -> QuoteLine {
        QuoteLine {
            item: self.line,
            quantity: self.quantity,
            unit_amount: self.unit,
            proration: None,
            amount: self.amount,
        }
    }
}

/// What a recurring line is for; lines of two states are matched on it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Component {
    Plan,
    ExtraUsers,
    ExtraEmailSends,
    AddOn(AddOnId),
    SmsPack(String),
    /// Conversations seats.
    Seats,
}

fn line(
    currency: Currency,
    item: LineItem,
    quantity: Decimal,
    unit_amount: Decimal,
    proration: Option<Proration>,
) -> QuoteLine {
    let full = quantity * unit_amount;
    let exact = proration.map_or(full, |p| p.of(full));
    QuoteLine {
        item,
        quantity,
        unit_amount,
        proration,
        // DESIGN §3: every line rounded once, half away from zero.
        amount: Amount::round(exact, currency),
    }
}

fn recurring_items(
    catalog: &Catalog,
    account: &Account,
    cycle: Cycle,
) -> Result<Vec<Item>, PricingError> {
    let currency = catalog.currency;
    // Plan, extra users, extra email sends and seats, then each add-on and pack.
    let mut items = Vec::with_capacity(4 + account.addons.len() + account.sms.monthly_packs.len());
    let mut push = |component, line, quantity: Decimal, unit: Decimal| {
        items.push(Item {
            component,
            line,
            quantity,
            unit,
            amount: Amount::round(quantity * unit, currency),
        })
    };
    let plan = catalog.plan(account.plan)?;
    let tier = catalog.tier(account.plan, account.contacts)?;
    push(
        Component::Plan,
        LineItem::Plan(account.plan),
        Decimal::ONE,
        catalog.cycle_amount(tier.price, cycle),
    );
    let extra_users = account.users.saturating_sub(plan.included_users);
    if extra_users > 0 {
        push(
            Component::ExtraUsers,
            LineItem::ExtraUsers,
            Decimal::from(extra_users),
            catalog.cycle_amount(plan.extra_user, cycle),
        );
    }
    let blocks = plan.email_send_blocks(account.email_sends);
    if blocks > 0 {
        push(
            Component::ExtraEmailSends,
            LineItem::ExtraEmailSends,
            Decimal::from(blocks),
            catalog.cycle_amount(plan.extra_email_sends_block, cycle),
        );
    }
    for &id in &account.addons {
        catalog.addon(id)?;
    }
    for addon in catalog.addons.iter().filter(|a| account.has_addon(a.id)) {
        push(
            Component::AddOn(addon.id),
            LineItem::AddOn(addon.id),
            Decimal::ONE,
            catalog.cycle_amount(addon.price, cycle),
        );
    }
    for id in &account.sms.monthly_packs {
        catalog.pack(id)?;
    }
    for pack in &catalog.sms_packs {
        let count = account
            .sms
            .monthly_packs
            .iter()
            .filter(|p| **p == pack.id)
            .count();
        if count > 0 {
            // Packs are priced per month; an annual invoice carries twelve months of them.
            push(
                Component::SmsPack(pack.id.clone()),
                LineItem::SmsPack(pack.id.clone()),
                Decimal::from(count),
                pack.price * Decimal::from(cycle.months_billed()),
            );
        }
    }
    if !account.seats.trial && account.seats.purchased > 0 {
        push(
            Component::Seats,
            LineItem::Seats,
            Decimal::from(account.seats.purchased),
            catalog.seat_price(cycle),
        );
    }
    Ok(items)
}

/// The recurring amount of one billing period of `account` priced on `cycle`: the sum of
/// its rounded lines.
pub(crate) fn recurring_amount(
    catalog: &Catalog,
    account: &Account,
    cycle: Cycle,
) -> Result<Amount, PricingError> {
    Ok(total(&recurring_items(catalog, account, cycle)?))
}

/// The recurring lines of one billing period of `account` priced on `cycle`.
pub(crate) fn recurring_lines(
    catalog: &Catalog,
    account: &Account,
    cycle: Cycle,
) -> Result<Vec<QuoteLine>, PricingError> {
    Ok(recurring_items(catalog, account, cycle)?
        .into_iter()
        .map(Item::into_line)
        .collect())
}

/// Which rule prices the cart (DESIGN §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Regime {
    /// Trial upgrade: a new period from `t`, full price, no proration.
    TrialConversion,
    /// Monthly (or annual-commit-monthly) → annual: a new annual period from `t`, the annual
    /// price now, a credit for the unused part of the current period.
    NewAnnualPeriod,
    /// Everything else: increases prorated over the rest of the current period.
    SamePeriod,
}

/// The rank of a reason: the lowest is the one a quote reports.
fn reason_rank(reason: &NotSelfServe) -> u8 {
    match reason {
        NotSelfServe::NotPermitted => 0,
        NotSelfServe::Resold => 1,
        NotSelfServe::Trial => 2,
        NotSelfServe::MonthlyPayersOnly => 3,
        NotSelfServe::AnnualCommitTerm => 4,
        NotSelfServe::AnnualCommitCancellation { .. } => 5,
        NotSelfServe::SeatsBelowAssigned { .. } => 6,
        // A downgrade that also leaves an add-on ineligible is still support's downgrade.
        NotSelfServe::Downgrade => 7,
        NotSelfServe::IneligiblePlan { .. } => 8,
        NotSelfServe::AddOnRequired { .. } => 9,
        NotSelfServe::NoChange => 10,
    }
}

/// Whether `change` buys something (so it converts a trial into a paid account).
fn is_purchase(change: &Change) -> bool {
    matches!(
        change,
        Change::SetPlan { .. }
            | Change::SetContacts { .. }
            | Change::SetUsers { .. }
            | Change::SetEmailSends { .. }
            | Change::AddAddOn { .. }
            | Change::RemoveAddOn { .. }
            | Change::BuySmsPack { .. }
            | Change::SwitchCycle { .. }
    )
}

/// The net comparison that makes a cart a downgrade (DESIGN §3): lower plan, lower limit,
/// an add-on removed, or less commitment. Seats below assigned are reported on their own.
pub fn is_downgrade(before: &Account, after: &Account) -> bool {
    after.plan < before.plan
        || after.contacts < before.contacts
        || after.users < before.users
        || after.email_sends < before.email_sends
        || before.addons.iter().any(|a| !after.addons.contains(a))
        || after.cycle.commitment_rank() < before.cycle.commitment_rank()
}

/// Quote and new state together; `quote` and `apply` both come from here. The steps, in
/// order: apply each change at its effective instant, normalise the limits on the final
/// plan, collect why the cart is not self-serve, choose the regime that prices it, start
/// the new period it may open, build the lines, and state the next invoice.
fn evaluate(
    catalog: &Catalog,
    before: &Account,
    changes: &[Change],
    t: DateTime<Utc>,
) -> Result<(Quote, Account), PricingError> {
    if changes.is_empty() {
        return Err(PricingError::EmptyCart);
    }
    let Applied {
        mut after,
        effects,
        mut reasons,
        bought_packs,
        resumed,
    } = apply_changes(catalog, before, changes, t)?;
    normalise_limits(catalog, before, &mut after)?;
    refusals(catalog, before, &after, &bought_packs, &mut reasons)?;
    let downgrade = is_downgrade(before, &after);
    let regime = choose_regime(before, &after, changes, t)?;
    start_period(
        catalog,
        regime,
        before,
        &mut after,
        &bought_packs,
        resumed,
        t,
    )?;
    // A cart that changes nothing (the version aside: confirming bumps it, below).
    after.version = before.version;
    if regime != Regime::TrialConversion && after == *before {
        reasons.push(NotSelfServe::NoChange);
    }
    let (lines, recurring_after) = if downgrade {
        // A downgrade is done by support and takes effect later: nothing is charged now.
        (Vec::new(), None)
    } else {
        charged_lines(catalog, regime, before, &after, resumed, t)?
    };
    // DESIGN §3: the total is the sum of the rounded lines (exact by construction).
    let charge_now = lines
        .iter()
        .map(|l| l.amount)
        .fold(Amount::zero(catalog.currency), |a, b| a + b);

    let reason = reasons.into_iter().min_by_key(reason_rank);
    let permission = changes
        .iter()
        .map(Change::action)
        .min_by_key(|a| a.roles_permitted())
        .unwrap_or(Action::View);
    after.version = before.version + 1;
    let quote = Quote {
        currency: catalog.currency,
        lines,
        charge_now,
        // At the end of the (new) period, unless paused or closed by then.
        next_invoice: after.next_invoice_of(catalog, t, recurring_after)?,
        effects,
        self_serve: reason.is_none(),
        reason,
        permission,
        account_version: before.version,
        quoted_at: t,
        valid_until: t + Duration::seconds(QUOTE_TTL_SECONDS),
    };
    Ok((quote, after))
}

/// The account after the cart's changes, applied in order, and what applying them found.
struct Applied {
    after: Account,
    effects: Vec<Effect>,
    reasons: Vec<NotSelfServe>,
    /// SMS packs bought by the cart (granted at once).
    bought_packs: Vec<String>,
    /// A paused account resumed (its period restarts now).
    resumed: bool,
}

/// Step 1: each change applied to the account in order, with the instant it takes effect.
fn apply_changes(
    catalog: &Catalog,
    before: &Account,
    changes: &[Change],
    t: DateTime<Utc>,
) -> Result<Applied, PricingError> {
    let mut applied = Applied {
        after: before.clone(),
        effects: Vec::with_capacity(changes.len()),
        reasons: Vec::new(),
        bought_packs: Vec::new(),
        resumed: false,
    };
    let converts_trial = changes.iter().any(is_purchase);
    for change in changes {
        let effective_at = apply_change(catalog, &mut applied, change, converts_trial, t)?;
        applied.effects.push(Effect {
            change: change.clone(),
            effective_at,
        });
    }
    Ok(applied)
}

/// DESIGN §3: downgrades take effect at the period end, or the annual-commit term end
/// (at once on a trial).
fn downgrade_at(account: &Account, t: DateTime<Utc>) -> DateTime<Utc> {
    match (account.status, account.cycle, account.commit_term) {
        (Status::Trial { .. }, _, _) => t,
        (_, Cycle::AnnualCommitMonthly, Some(term)) => term.end.max(account.period.end),
        _ => account.period.end,
    }
}

/// One change applied to `applied.after`; answers the instant it takes effect.
fn apply_change(
    catalog: &Catalog,
    applied: &mut Applied,
    change: &Change,
    converts_trial: bool,
    t: DateTime<Utc>,
) -> Result<DateTime<Utc>, PricingError> {
    let b = &mut applied.after;
    let trial = matches!(b.status, Status::Trial { .. });
    let invalid = |acc: &Account| PricingError::InvalidState {
        change: change.kind(),
        status: acc.status.kind(),
    };
    match b.status {
        Status::Cancelled { .. } => return Err(invalid(b)),
        Status::Paused { .. } if !allowed_while_paused(change.action()) => return Err(invalid(b)),
        _ => {}
    }
    let mut effective_at = t;
    match change {
        Change::SetPlan { plan } => {
            catalog.plan(*plan)?;
            if *plan < b.plan {
                effective_at = downgrade_at(b, t);
            }
            // The limits follow the final plan, once, after the whole cart.
            b.plan = *plan;
        }
        Change::SetContacts { contacts } => {
            if *contacts == 0 {
                return Err(PricingError::ZeroQuantity {
                    what: Quantity::Contacts,
                });
            }
            // Rounded up to the final plan's tier after the whole cart (a later SetPlan
            // may sell more contacts than the current plan's top tier).
            let plan = catalog.plan(b.plan)?;
            if plan.tier_for(*contacts).map_or(*contacts, |t| t.contacts) < b.contacts {
                effective_at = downgrade_at(b, t);
            }
            b.contacts = *contacts;
        }
        Change::SetUsers { users } => {
            if *users == 0 {
                return Err(PricingError::ZeroQuantity {
                    what: Quantity::Users,
                });
            }
            if *users > MAX_USERS {
                return Err(PricingError::QuantityTooLarge {
                    what: Quantity::Users,
                    max: MAX_USERS.into(),
                });
            }
            if *users < b.users {
                effective_at = downgrade_at(b, t);
            }
            b.users = *users;
        }
        Change::SetEmailSends { email_sends } => {
            if *email_sends == 0 {
                return Err(PricingError::ZeroQuantity {
                    what: Quantity::EmailSends,
                });
            }
            if *email_sends > MAX_EMAIL_SENDS {
                return Err(PricingError::QuantityTooLarge {
                    what: Quantity::EmailSends,
                    max: MAX_EMAIL_SENDS,
                });
            }
            if catalog.plan(b.plan)?.email_sends_limit(*email_sends) < b.email_sends {
                effective_at = downgrade_at(b, t);
            }
            b.email_sends = *email_sends;
        }
        Change::AddAddOn { addon } => {
            catalog.addon(*addon)?;
            if !b.has_addon(*addon) {
                b.addons.push(*addon);
                b.addons.sort();
            }
        }
        Change::RemoveAddOn { addon } => {
            catalog.addon(*addon)?;
            if !b.has_addon(*addon) {
                return Err(PricingError::AddOnNotActive { addon: *addon });
            }
            effective_at = downgrade_at(b, t);
            b.addons.retain(|x| x != addon);
        }
        Change::BuySmsPack { pack } => {
            catalog.pack(pack)?;
            if b.sms.monthly_packs.len() >= MAX_SMS_PACKS {
                return Err(PricingError::QuantityTooLarge {
                    what: Quantity::SmsPacks,
                    max: MAX_SMS_PACKS as u64,
                });
            }
            b.sms.monthly_packs.push(pack.clone());
            applied.bought_packs.push(pack.clone());
        }
        Change::SetSeats { seats } => {
            // Seed 002: there is no cap on seats (a `u32` holds any count sold).
            if trial && !converts_trial {
                // Seats are billed on the account's cycle: a trial account has none yet.
                applied.reasons.push(NotSelfServe::Trial);
            }
            // Buying seats ends a Conversations trial; removing empty seats is at once.
            if b.seats.changed_by(*seats) {
                b.seats.trial = false;
                b.seats.purchased = *seats;
            }
        }
        Change::SwitchCycle { cycle } => {
            if *cycle != b.cycle {
                if matches!(
                    b.status,
                    Status::PauseScheduled { .. } | Status::CancellationScheduled { .. }
                ) {
                    return Err(invalid(b));
                }
                if cycle.commitment_rank() < b.cycle.commitment_rank() {
                    effective_at = downgrade_at(b, t);
                } else if *cycle == Cycle::AnnualCommitMonthly && !trial {
                    // The commitment starts with the first discounted invoice.
                    effective_at = b.period.end;
                    b.commit_term = Some(Period {
                        start: b.period.end,
                        end: add_months_clamped(b.period.end, 12),
                    });
                }
                if *cycle != Cycle::AnnualCommitMonthly {
                    b.commit_term = None;
                }
                b.cycle = *cycle;
            }
        }
        Change::Pause => match b.status {
            Status::Trial { .. } => applied.reasons.push(NotSelfServe::Trial),
            Status::Active => match b.cycle {
                // DESIGN §2: pause billing is for monthly payers only.
                Cycle::Annual => applied.reasons.push(NotSelfServe::MonthlyPayersOnly),
                Cycle::AnnualCommitMonthly => applied.reasons.push(NotSelfServe::AnnualCommitTerm),
                Cycle::Monthly => {
                    // DESIGN §2: takes effect at the next period start.
                    effective_at = b.period.end;
                    b.status = Status::PauseScheduled { at: b.period.end };
                }
            },
            _ => return Err(invalid(b)),
        },
        Change::Resume => match b.status {
            Status::Paused { .. } => {
                applied.resumed = true;
                b.status = Status::Active;
                b.period = monthly_period_containing(b.anchor, t);
            }
            Status::PauseScheduled { .. } => b.status = Status::Active,
            _ => return Err(invalid(b)),
        },
        Change::Cancel => match b.status {
            // DESIGN §2: a trial simply expires; nothing to cancel.
            Status::Trial { .. } => applied.reasons.push(NotSelfServe::Trial),
            Status::Paused { .. } | Status::Active | Status::PauseScheduled { .. }
                if b.cycle == Cycle::AnnualCommitMonthly =>
            {
                // Seed 001: "Commit Annually, Pay Monthly" accounts contact Customer
                // Support to close; it would take effect at the end of the term.
                effective_at = downgrade_at(b, t);
                applied
                    .reasons
                    .push(NotSelfServe::AnnualCommitCancellation {
                        term_end: effective_at,
                    });
                b.status = Status::CancellationScheduled { effective_at };
            }
            Status::Paused { .. } => b.status = Status::Cancelled { since: t },
            Status::Active | Status::PauseScheduled { .. } => {
                // Access until the end of the period.
                effective_at = b.period.end;
                b.status = Status::CancellationScheduled { effective_at };
            }
            _ => return Err(invalid(b)),
        },
        Change::UndoCancellation => match b.status {
            Status::CancellationScheduled { .. } => b.status = Status::Active,
            _ => return Err(invalid(b)),
        },
        Change::SetAutoUpgrade { enabled } => b.auto_upgrade = *enabled,
    }
    Ok(effective_at)
}

/// Step 2: the final limits on the final plan: contacts up to its tier, sends up to whole
/// blocks, and never below what the plan includes (so the limits follow a plan up).
fn normalise_limits(
    catalog: &Catalog,
    before: &Account,
    after: &mut Account,
) -> Result<(), PricingError> {
    let final_plan = catalog.plan(after.plan)?;
    let plan_changed = after.plan != before.plan;
    if plan_changed || after.contacts != before.contacts {
        after.contacts = catalog.tier(after.plan, after.contacts)?.contacts;
    }
    if plan_changed || after.email_sends != before.email_sends {
        after.email_sends = final_plan.email_sends_limit(after.email_sends);
    }
    if plan_changed || after.users != before.users {
        after.users = after.users.max(final_plan.included_users);
    }
    Ok(())
}

/// Step 3: why the customer cannot confirm the cart alone (the quote reports the first by
/// [`reason_rank`]).
fn refusals(
    catalog: &Catalog,
    before: &Account,
    after: &Account,
    bought_packs: &[String],
    reasons: &mut Vec<NotSelfServe>,
) -> Result<(), PricingError> {
    // Eligibility of add-ons (DESIGN §2: SMS requires Plus, Pro or Enterprise).
    for &addon in &after.addons {
        if (after.plan != before.plan || !before.has_addon(addon))
            && !catalog.addon_allowed(addon, after.plan)
        {
            reasons.push(NotSelfServe::IneligiblePlan {
                required: catalog.addon(addon)?.plans.clone(),
            });
        }
    }
    if !bought_packs.is_empty() && !after.has_addon(AddOnId::Sms) {
        reasons.push(NotSelfServe::AddOnRequired {
            addon: AddOnId::Sms,
        });
    }
    if after.seats != before.seats && !after.seats.holds_assigned(after.seats.purchased) {
        reasons.push(NotSelfServe::SeatsBelowAssigned {
            assigned: after.seats.assigned,
        });
    }
    if is_downgrade(before, after) {
        reasons.push(NotSelfServe::Downgrade);
    }
    if before.reseller.is_some() {
        reasons.push(NotSelfServe::Resold);
    }
    Ok(())
}

/// Step 4: which rule prices the cart; a paying account must be priced inside its period.
fn choose_regime(
    before: &Account,
    after: &Account,
    changes: &[Change],
    t: DateTime<Utc>,
) -> Result<Regime, PricingError> {
    let trial = matches!(before.status, Status::Trial { .. });
    let regime = if trial && changes.iter().any(is_purchase) {
        Regime::TrialConversion
    } else if !trial && after.cycle == Cycle::Annual && before.cycle != Cycle::Annual {
        Regime::NewAnnualPeriod
    } else {
        Regime::SamePeriod
    };
    if before.status.is_paying() && !before.period.contains(t) {
        return Err(PricingError::OutsidePeriod {
            now: t,
            start: before.period.start,
            end: before.period.end,
        });
    }
    Ok(regime)
}

/// Step 5: the period the regime opens, and the SMS credits granted now.
fn start_period(
    catalog: &Catalog,
    regime: Regime,
    before: &Account,
    after: &mut Account,
    bought_packs: &[String],
    resumed: bool,
    t: DateTime<Utc>,
) -> Result<(), PricingError> {
    match regime {
        Regime::TrialConversion => {
            // DESIGN §3: a trial upgrade starts a new period at t.
            after.status = Status::Active;
            after.anchor = t;
            after.period = Period {
                start: t,
                end: add_months_clamped(t, after.cycle.months_billed() as i32),
            };
            after.commit_term = (after.cycle == Cycle::AnnualCommitMonthly).then(|| Period {
                start: t,
                end: add_months_clamped(t, 12),
            });
            after.sms.remaining = after.monthly_sms_allowance(catalog)?;
            after.sms.renews_at = Some(add_months_clamped(t, 1));
        }
        Regime::NewAnnualPeriod => {
            // DESIGN §3: monthly → annual starts a new annual period at t; anchor = t.
            after.anchor = t;
            after.period = Period {
                start: t,
                end: add_months_clamped(t, 12),
            };
            after.commit_term = None;
            let granted = granted_credits(catalog, before, after, bought_packs)?;
            after.sms.remaining = after.sms.remaining.saturating_add(granted);
            after.sms.renews_at = Some(add_months_clamped(t, 1));
        }
        Regime::SamePeriod if resumed => {
            after.sms.remaining = after.monthly_sms_allowance(catalog)?;
            after.sms.renews_at = Some(after.period.end);
        }
        Regime::SamePeriod => {
            // DESIGN §3: SMS packs are granted in full at once.
            let granted = granted_credits(catalog, before, after, bought_packs)?;
            after.sms.remaining = after.sms.remaining.saturating_add(granted);
        }
    }
    Ok(())
}

/// The sum of `items`' rounded amounts.
fn total(items: &[Item]) -> Amount {
    items.iter().map(|i| i.amount).sum()
}

/// Step 6: the lines charged now under `regime`, and `after`'s recurring amount on its own
/// cycle when pricing them priced it (the next invoice is then not priced twice).
fn charged_lines(
    catalog: &Catalog,
    regime: Regime,
    before: &Account,
    after: &Account,
    resumed: bool,
    t: DateTime<Utc>,
) -> Result<(Vec<QuoteLine>, Option<Amount>), PricingError> {
    let on_own_cycle = |cycle: Cycle, items: &[Item]| (cycle == after.cycle).then(|| total(items));
    // A whole period of `after` on `cycle`, charged now.
    let whole_period = |cycle: Cycle| -> Result<(Vec<QuoteLine>, Option<Amount>), PricingError> {
        let items = recurring_items(catalog, after, cycle)?;
        let recurring = on_own_cycle(cycle, &items);
        Ok((items.into_iter().map(Item::into_line).collect(), recurring))
    };
    Ok(match regime {
        Regime::TrialConversion => whole_period(after.cycle)?,
        Regime::NewAnnualPeriod => {
            let (mut lines, recurring) = whole_period(Cycle::Annual)?;
            if before.status.is_paying() {
                // The unused part of what was paid for the current period, packs excluded
                // (they are never prorated).
                let paid: Amount = recurring_items(catalog, before, before.cycle)?
                    .iter()
                    .filter(|i| !matches!(i.component, Component::SmsPack(_)))
                    .map(|i| i.amount)
                    .sum();
                if !paid.is_zero() {
                    lines.push(line(
                        catalog.currency,
                        LineItem::UnusedPeriodCredit,
                        Decimal::ONE,
                        -paid.decimal(),
                        Some(before.period.proration(t)),
                    ));
                }
            }
            (lines, recurring)
        }
        // Nothing is billed for a trial or a paused account that stays so.
        Regime::SamePeriod if !before.status.is_paying() && !resumed => (Vec::new(), None),
        Regime::SamePeriod => {
            // Both states priced on the current period's cycle (see `same_period_lines`).
            let after_items = recurring_items(catalog, after, before.cycle)?;
            let recurring = on_own_cycle(before.cycle, &after_items);
            let lines = same_period_lines(
                catalog,
                before,
                after,
                &after_items,
                before.status.is_paying(),
                t,
            )?;
            (lines, recurring)
        }
    })
}

/// Credits granted at once by the cart: a newly added SMS add-on's allowance and each pack.
fn granted_credits(
    catalog: &Catalog,
    a: &Account,
    b: &Account,
    bought_packs: &[String],
) -> Result<u32, PricingError> {
    let mut credits = 0u32;
    if b.has_addon(AddOnId::Sms) && !a.has_addon(AddOnId::Sms) {
        credits = credits.saturating_add(catalog.addon(AddOnId::Sms)?.included_sms_credits);
    }
    for pack in bought_packs {
        credits = credits.saturating_add(catalog.pack(pack)?.credits);
    }
    Ok(credits)
}

/// Lines charged now when the period stays: each recurring component's increase prorated
/// over the rest of the period; packs in full; removed seats refund nothing. `after` is
/// `b`'s recurring items on `a`'s cycle.
fn same_period_lines(
    catalog: &Catalog,
    a: &Account,
    b: &Account,
    after: &[Item],
    paying: bool,
    t: DateTime<Utc>,
) -> Result<Vec<QuoteLine>, PricingError> {
    let currency = catalog.currency;
    // The current period was paid on the old cycle: price both states on it, so a switch
    // to annual-commit-monthly lowers only the next invoice.
    let before = if paying {
        recurring_items(catalog, a, a.cycle)?
    } else {
        Vec::new()
    };
    let proration = Some(b.period.proration(t));
    let mut lines = Vec::new();
    for new in after {
        let old = before.iter().find(|o| o.component == new.component);
        let (old_quantity, old_amount) = old.map_or((Decimal::ZERO, Amount::zero(currency)), |o| {
            (o.quantity, o.amount)
        });
        let delta = new.amount - old_amount;
        let delta_quantity = new.quantity - old_quantity;
        match &new.component {
            Component::SmsPack(id) => {
                // DESIGN §3: packs are charged in full at purchase, never prorated; on an
                // annual cycle once per monthly grant left in the annual period, this
                // month's included. The line: quantity = packs, unit = price × grants.
                if delta_quantity > Decimal::ZERO {
                    let pack = catalog.pack(id)?;
                    let grants = Decimal::from(a.sms_grants_left(t));
                    lines.push(line(
                        currency,
                        LineItem::SmsPack(id.clone()),
                        delta_quantity,
                        pack.price * grants,
                        None,
                    ));
                }
            }
            // DESIGN §3: removed seats take effect at once with no refund.
            Component::Seats if delta.decimal() <= Decimal::ZERO => {}
            _ if delta.is_zero() => {}
            component => {
                let item = match component {
                    // Nothing was paid yet this period (resume): the whole component.
                    _ if !paying => new.line.clone(),
                    Component::Plan if b.plan != a.plan => LineItem::PlanUpgrade(b.plan),
                    Component::Plan => LineItem::ContactTierIncrease(b.plan),
                    _ => new.line.clone(),
                };
                let same_unit = old.is_none_or(|o| o.unit == new.unit);
                let (quantity, unit) = if same_unit
                    && Amount::round(delta_quantity * new.unit, currency) == delta
                    && component != &Component::Plan
                {
                    (delta_quantity, new.unit)
                } else {
                    (Decimal::ONE, delta.decimal())
                };
                lines.push(line(currency, item, quantity, unit, proration));
            }
        }
    }
    // Components that disappeared (e.g. extra users absorbed by a bigger plan) are credited
    // for the rest of the period, per DESIGN §3's (new − old) × remaining share.
    for old in &before {
        let gone = !after.iter().any(|n| n.component == old.component);
        if gone
            && !matches!(old.component, Component::Seats | Component::SmsPack(_))
            && !old.amount.is_zero()
        {
            lines.push(line(
                currency,
                old.line.clone(),
                -old.quantity,
                old.unit,
                proration,
            ));
        }
    }
    Ok(lines)
}

/// Prices a cart of changes on `account` at `now` (DESIGN §3).
pub fn quote(
    catalog: &Catalog,
    account: &Account,
    changes: &[Change],
    now: DateTime<Utc>,
) -> Result<Quote, PricingError> {
    evaluate(catalog, account, changes, now).map(|(quote, _)| quote)
}

/// The account after a self-serve cart is confirmed at `now`, with `version` bumped.
/// Fails with [`PricingError::NotSelfServe`] when the quote is not self-serve.
pub fn apply(
    catalog: &Catalog,
    account: &Account,
    changes: &[Change],
    now: DateTime<Utc>,
) -> Result<Account, PricingError> {
    let (quote, after) = evaluate(catalog, account, changes, now)?;
    match quote.reason {
        Some(reason) => Err(PricingError::NotSelfServe { reason }),
        None => Ok(after),
    }
}

/// Confirms a quote: fails on a changed account or an expired quote, else [`apply`]s its
/// changes at `now`.
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
