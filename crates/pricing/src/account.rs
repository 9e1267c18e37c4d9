//! The account being billed: plan, limits, cycle, periods, status, add-ons, seats, credits.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
#[cfg(not(target_arch = "wasm32"))]
use serde::{Deserialize, Serialize};

use crate::catalog::{AddOnId, Catalog, PlanId};
use crate::money::{Amount, Money};
use crate::quote::{PricingError, QuoteLine};

/// How the account pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum Cycle {
    /// Pay each month, at the monthly price.
    Monthly,
    /// Pay each year, at the annual price.
    Annual,
    /// Commit to 12 months, pay each month at the monthly price less the commit discount.
    AnnualCommitMonthly,
}

impl Cycle {
    /// Every cycle.
    pub const ALL: [Cycle; 3] = [Cycle::Monthly, Cycle::Annual, Cycle::AnnualCommitMonthly];

    /// The snake_case name used in JSON, e.g. "annual_commit_monthly".
    pub fn as_str(self) -> &'static str {
        match self {
            Cycle::Monthly => "monthly",
            Cycle::Annual => "annual",
            Cycle::AnnualCommitMonthly => "annual_commit_monthly",
        }
    }

    /// Months covered by one invoice: 12 on annual, 1 otherwise.
    pub fn months_billed(self) -> u32 {
        match self {
            Cycle::Annual => 12,
            Cycle::Monthly | Cycle::AnnualCommitMonthly => 1,
        }
    }

    /// How much the customer commits to: monthly < annual-commit-monthly < annual.
    /// Moving to a lower commitment is a downgrade (DESIGN §3).
    pub fn commitment_rank(self) -> u8 {
        match self {
            Cycle::Monthly => 0,
            Cycle::AnnualCommitMonthly => 1,
            Cycle::Annual => 2,
        }
    }
}

/// A half-open billing period `[start, end)` in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct Period {
    /// First instant of the period.
    pub start: DateTime<Utc>,
    /// First instant after the period.
    pub end: DateTime<Utc>,
}

/// `anchor` moved by `months`, its day clamped to the target month's last day.
///
/// Always computed from the anchor, never from the previous period, so clamping does not
/// drift (DESIGN §3: anchor 31 → Jan 31, Feb 28/29, Mar 31).
pub fn add_months_clamped(anchor: DateTime<Utc>, months: i32) -> DateTime<Utc> {
    let total = anchor.year() * 12 + anchor.month0() as i32 + months;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12) as u32);
    let day = anchor.day().min(days_in_month(year, month0 + 1));
    let date = NaiveDate::from_ymd_opt(year, month0 + 1, day).expect("clamped day is valid");
    Utc.from_utc_datetime(&date.and_time(anchor.time()))
}

/// Days in `month` (1–12) of `year` (Gregorian).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("month in 1..=12");
    let next = first
        .checked_add_months(Months::new(1))
        .expect("date in range");
    (next - first).num_days() as u32
}

/// The period of `step_months` months, counted from `anchor`, that contains `t`.
fn period_containing(anchor: DateTime<Utc>, t: DateTime<Utc>, step_months: i32) -> Period {
    let months_apart = (t.year() - anchor.year()) * 12 + t.month0() as i32 - anchor.month0() as i32;
    let mut k = months_apart.div_euclid(step_months);
    while add_months_clamped(anchor, k * step_months) > t {
        k -= 1;
    }
    while add_months_clamped(anchor, (k + 1) * step_months) <= t {
        k += 1;
    }
    Period {
        start: add_months_clamped(anchor, k * step_months),
        end: add_months_clamped(anchor, (k + 1) * step_months),
    }
}

/// The monthly period anchored at `anchor` that contains `t`.
pub fn monthly_period_containing(anchor: DateTime<Utc>, t: DateTime<Utc>) -> Period {
    period_containing(anchor, t, 1)
}

/// The annual period anchored at `anchor` that contains `t`.
pub fn annual_period_containing(anchor: DateTime<Utc>, t: DateTime<Utc>) -> Period {
    period_containing(anchor, t, 12)
}

/// The billing period of `cycle` anchored at `anchor` that contains `t`.
pub fn cycle_period_containing(cycle: Cycle, anchor: DateTime<Utc>, t: DateTime<Utc>) -> Period {
    match cycle {
        Cycle::Annual => annual_period_containing(anchor, t),
        Cycle::Monthly | Cycle::AnnualCommitMonthly => monthly_period_containing(anchor, t),
    }
}

impl Period {
    /// Whether `t` lies in `[start, end)`.
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }

    /// Length in whole seconds.
    pub fn seconds(&self) -> i64 {
        self.end.timestamp() - self.start.timestamp()
    }

    /// The share of the period left at `t`, `(end − t) / (end − start)` in seconds, clamped
    /// to `0..=1`; for display (a line's amount uses [`Period::proration`], exact).
    pub fn remaining_fraction(&self, t: DateTime<Utc>) -> Decimal {
        self.proration(t).fraction()
    }

    /// The share of the period left at `t`, as whole seconds (for prorating exactly).
    pub fn proration(&self, t: DateTime<Utc>) -> Proration {
        let period_seconds = self.seconds().max(0);
        Proration {
            remaining_seconds: (self.end.timestamp() - t.timestamp()).clamp(0, period_seconds),
            period_seconds,
        }
    }

    /// The period's length as a duration.
    pub fn duration(&self) -> Duration {
        self.end - self.start
    }
}

/// The prorated share of a period: `remaining_seconds / period_seconds` (DESIGN §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct Proration {
    /// Seconds from the change to the period end.
    pub remaining_seconds: i64,
    /// Seconds in the whole period.
    pub period_seconds: i64,
}

impl Proration {
    /// `amount × remaining / period`, multiplied before dividing so a result with a finite
    /// decimal expansion (e.g. 0.025) is exact.
    pub fn of(&self, amount: Decimal) -> Decimal {
        if self.period_seconds <= 0 {
            return Decimal::ZERO;
        }
        amount * Decimal::from(self.remaining_seconds) / Decimal::from(self.period_seconds)
    }

    /// The share as a decimal in `0..=1` (for display; may be inexact, e.g. 1/3).
    pub fn fraction(&self) -> Decimal {
        self.of(Decimal::ONE)
    }
}

/// Where the account stands.
/// One flat object on the wire (see [`crate::Change`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(tag = "kind", rename_all = "snake_case", try_from = "WireStatus")
)]
pub enum Status {
    /// Free trial until `ends_at`; nothing is charged if it expires.
    Trial { ends_at: DateTime<Utc> },
    /// Paying normally.
    Active,
    /// Billing pauses at `at` (the next period start).
    PauseScheduled { at: DateTime<Utc> },
    /// Billing paused since `since`.
    Paused { since: DateTime<Utc> },
    /// The account closes at `effective_at` (end of the period or annual-commit term).
    CancellationScheduled { effective_at: DateTime<Utc> },
    /// The account closed at `since`.
    Cancelled { since: DateTime<Utc> },
}

/// [`Status`] as JSON carries it: the `kind` and every variant's instant, each optional.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Deserialize)]
struct WireStatus {
    kind: StatusKind,
    ends_at: Option<DateTime<Utc>>,
    at: Option<DateTime<Utc>>,
    since: Option<DateTime<Utc>>,
    effective_at: Option<DateTime<Utc>>,
}

#[cfg(not(target_arch = "wasm32"))]
impl TryFrom<WireStatus> for Status {
    type Error = String;

    fn try_from(w: WireStatus) -> Result<Self, String> {
        use crate::wire::field;
        Ok(match w.kind {
            StatusKind::Trial => Status::Trial {
                ends_at: field(w.ends_at, "ends_at")?,
            },
            StatusKind::Active => Status::Active,
            StatusKind::PauseScheduled => Status::PauseScheduled {
                at: field(w.at, "at")?,
            },
            StatusKind::Paused => Status::Paused {
                since: field(w.since, "since")?,
            },
            StatusKind::CancellationScheduled => Status::CancellationScheduled {
                effective_at: field(w.effective_at, "effective_at")?,
            },
            StatusKind::Cancelled => Status::Cancelled {
                since: field(w.since, "since")?,
            },
        })
    }
}

/// The kind of a [`Status`], without its data (for errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum StatusKind {
    /// [`Status::Trial`].
    Trial,
    /// [`Status::Active`].
    Active,
    /// [`Status::PauseScheduled`].
    PauseScheduled,
    /// [`Status::Paused`].
    Paused,
    /// [`Status::CancellationScheduled`].
    CancellationScheduled,
    /// [`Status::Cancelled`].
    Cancelled,
}

impl Status {
    /// The kind of this status.
    pub fn kind(&self) -> StatusKind {
        match self {
            Status::Trial { .. } => StatusKind::Trial,
            Status::Active => StatusKind::Active,
            Status::PauseScheduled { .. } => StatusKind::PauseScheduled,
            Status::Paused { .. } => StatusKind::Paused,
            Status::CancellationScheduled { .. } => StatusKind::CancellationScheduled,
            Status::Cancelled { .. } => StatusKind::Cancelled,
        }
    }

    /// Whether the account is paying for its current period (not trial, paused or closed).
    pub fn is_paying(&self) -> bool {
        matches!(
            self,
            Status::Active | Status::PauseScheduled { .. } | Status::CancellationScheduled { .. }
        )
    }
}

/// Conversations seats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct Seats {
    /// Seats paid for (or granted by the trial).
    pub purchased: u32,
    /// Seats assigned to agents; only `purchased − assigned` empty seats can be removed.
    pub assigned: u32,
    /// Whether these are Conversations trial seats (free).
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub trial: bool,
    /// When the Conversations trial ends (or ended); kept after it ends, so the page knows
    /// a trial happened. `None`: no trial, or a trial with no known end.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub trial_ends_at: Option<DateTime<Utc>>,
}

/// What the Conversations seats section offers (DESIGN §2, seed 002).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum SeatsOffer {
    /// **Buy now**: the trial is running, or no seats were ever bought or tried.
    BuyNow,
    /// **Purchase**: the trial ended and its seats are gone.
    Purchase,
    /// The slider of "Manage seats": seats are bought.
    Manage,
}

impl Seats {
    /// Whether setting `wanted` seats changes anything: a new count, or trial seats bought.
    pub fn changed_by(&self, wanted: u32) -> bool {
        self.trial || wanted != self.purchased
    }

    /// Whether `wanted` seats still hold every assigned agent (seed 002: only empty seats
    /// can be removed).
    pub fn holds_assigned(&self, wanted: u32) -> bool {
        wanted >= self.assigned
    }

    /// Seats bought but not assigned to anyone.
    pub fn empty(&self) -> u32 {
        self.purchased.saturating_sub(self.assigned)
    }

    /// Whether a Conversations trial is running at `now` (a trial with no end date runs).
    pub fn trial_active(&self, now: DateTime<Utc>) -> bool {
        self.trial && self.trial_ends_at.is_none_or(|end| now < end)
    }

    /// Whether a Conversations trial ended at or before `now`, whether or not the account
    /// was rolled forward since (trial seats still listed, or already gone).
    pub fn trial_ended(&self, now: DateTime<Utc>) -> bool {
        self.trial_ends_at.is_some_and(|end| end <= now) && (self.trial || self.purchased == 0)
    }

    /// What the seats section offers at `now` (DESIGN §2: **Buy now** during the trial,
    /// **Purchase** once it ended, the slider once seats are bought).
    pub fn offer(&self, now: DateTime<Utc>) -> SeatsOffer {
        if self.trial_active(now) {
            SeatsOffer::BuyNow
        } else if self.trial_ended(now) {
            SeatsOffer::Purchase
        } else if self.purchased > 0 {
            SeatsOffer::Manage
        } else {
            SeatsOffer::BuyNow
        }
    }

    /// The seats once a trial that ended at or before `now` is over: its seats are gone,
    /// and so are the agents' assignments (no seat is left to hold them). Bought seats and
    /// a running trial are kept as they are.
    pub fn after_trial(&self, now: DateTime<Utc>) -> Seats {
        if self.trial && !self.trial_active(now) {
            Seats {
                purchased: 0,
                assigned: 0,
                trial: false,
                trial_ends_at: self.trial_ends_at,
            }
        } else {
            *self
        }
    }
}

/// An automatic contact-limit increase (DESIGN §2: the page shows when and what it cost).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct AutoUpgradeEvent {
    /// When the limit rose (server clock).
    pub at: DateTime<Utc>,
    /// The contact limit before.
    pub from_contacts: u32,
    /// The contact limit after (a tier of the plan).
    pub to_contacts: u32,
    /// What was charged at once (prorated like a manual tier increase).
    pub charged: Money,
}

/// SMS credits of the current month; they do not roll over.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct SmsCredits {
    /// Ids of the SMS packs renewed every month (a pack bought twice appears twice).
    pub monthly_packs: Vec<String>,
    /// Credits left this month.
    pub remaining: u32,
    /// When the monthly allowance next resets; `None` = the next monthly boundary from the
    /// anchor after the current period start.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub renews_at: Option<DateTime<Utc>>,
}

/// What the account actually uses (shown against its limits).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct Usage {
    /// Contacts stored.
    pub contacts: u32,
    /// Users created.
    pub users: u32,
    /// Email sends this month.
    pub email_sends: u64,
}

/// The card on file, as the payment provider describes it (never the number).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct PaymentMethod {
    /// Card brand, e.g. "visa".
    pub brand: String,
    /// Last four digits.
    pub last4: String,
    /// Expiry month, 1–12.
    pub exp_month: u32,
    /// Expiry year, e.g. 2027.
    pub exp_year: i32,
}

/// Days before a card stops working from which it "expires soon".
pub const CARD_EXPIRY_WARNING_DAYS: i64 = 30;

/// Where the card on file stands at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum CardStanding {
    /// Works, and keeps working for more than [`CARD_EXPIRY_WARNING_DAYS`].
    Valid,
    /// Works, but stops within [`CARD_EXPIRY_WARNING_DAYS`].
    ExpiresSoon,
    /// Past its expiry month: a charge on it is declined.
    Expired,
}

impl PaymentMethod {
    /// The first instant the card no longer works: a card is good through the last day
    /// of its expiry month, so 00:00 UTC on the first day of the month after. `None` for
    /// a month outside 1–12.
    pub fn stops_at(&self) -> Option<DateTime<Utc>> {
        if !(1..=12).contains(&self.exp_month) {
            return None;
        }
        let first = NaiveDate::from_ymd_opt(self.exp_year, self.exp_month, 1)?;
        let next = first.checked_add_months(Months::new(1))?;
        Some(Utc.from_utc_datetime(&next.and_hms_opt(0, 0, 0)?))
    }

    /// Valid, expiring within 30 days, or expired at `now` (an unreadable expiry counts as
    /// expired: nothing is charged on it).
    pub fn standing(&self, now: DateTime<Utc>) -> CardStanding {
        match self.stops_at() {
            Some(stop) if now < stop - Duration::days(CARD_EXPIRY_WARNING_DAYS) => {
                CardStanding::Valid
            }
            Some(stop) if now < stop => CardStanding::ExpiresSoon,
            _ => CardStanding::Expired,
        }
    }

    /// Whether the card stops working within 30 days of `now` (banner condition).
    pub fn expires_soon(&self, now: DateTime<Utc>) -> bool {
        self.standing(now) == CardStanding::ExpiresSoon
    }

    /// Whether the card no longer works at `now`.
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.standing(now) == CardStanding::Expired
    }
}

/// A billed account: everything pricing needs to quote a change.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct Account {
    /// Account id.
    pub id: String,
    /// Account display name.
    pub name: String,
    /// Current plan.
    pub plan: PlanId,
    /// Contact limit (a tier of the plan).
    pub contacts: u32,
    /// User limit.
    pub users: u32,
    /// Monthly email-send limit.
    pub email_sends: u64,
    /// How the account pays.
    pub cycle: Cycle,
    /// Billing anchor: periods run from this instant's day and time.
    pub anchor: DateTime<Utc>,
    /// The current billing period (the trial period during a trial).
    pub period: Period,
    /// The 12-month term of an annual-commit-monthly account.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub commit_term: Option<Period>,
    /// Trial, active, paused, cancellation scheduled…
    pub status: Status,
    /// The reseller managing the account, if resold (changes go through them).
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub reseller: Option<String>,
    /// Active add-ons.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub addons: Vec<AddOnId>,
    /// Conversations seats.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub seats: Seats,
    /// SMS credits this month.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub sms: SmsCredits,
    /// Whether the contact limit rises automatically when usage exceeds it.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub auto_upgrade: bool,
    /// Current usage.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub usage: Usage,
    /// Card on file.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub payment_method: Option<PaymentMethod>,
    /// The latest automatic contact-limit increase, if any.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub last_auto_upgrade: Option<AutoUpgradeEvent>,
    /// Bumped by every change; a quote on an older version is stale.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub version: u64,
}

impl Account {
    /// Whether the account has `addon`.
    pub fn has_addon(&self, addon: AddOnId) -> bool {
        self.addons.contains(&addon)
    }

    /// The recurring invoice lines of one billing period on the account's cycle
    /// (plan, extra users, extra email sends, add-ons, SMS packs, seats).
    pub fn recurring_lines(&self, catalog: &Catalog) -> Result<Vec<QuoteLine>, PricingError> {
        crate::quote::recurring_lines(catalog, self, self.cycle)
    }

    /// The recurring amount per billing period: the sum of the rounded recurring lines.
    pub fn recurring(&self, catalog: &Catalog) -> Result<Amount, PricingError> {
        crate::quote::recurring_amount(catalog, self, self.cycle)
    }

    /// SMS credits granted each month: the SMS add-on's allowance plus every pack.
    pub fn monthly_sms_allowance(&self, catalog: &Catalog) -> Result<u32, PricingError> {
        let mut credits = 0u32;
        if self.has_addon(AddOnId::Sms) {
            credits = credits.saturating_add(catalog.addon(AddOnId::Sms)?.included_sms_credits);
        }
        for pack in &self.sms.monthly_packs {
            credits = credits.saturating_add(catalog.pack(pack)?.credits);
        }
        Ok(credits)
    }

    /// Monthly SMS credit grants billed by a pack bought at `now` (DESIGN §3): on an annual
    /// cycle, the monthly sub-periods of the annual period (counted from the anchor) from
    /// the one containing `now` through the last one starting before `period.end`; on
    /// monthly and annual-commit-monthly cycles 1 (this month's). 0 once `now` is past the
    /// period end.
    pub fn sms_grants_left(&self, now: DateTime<Utc>) -> u32 {
        if now >= self.period.end {
            return 0;
        }
        if self.cycle != Cycle::Annual {
            return 1;
        }
        let first = monthly_period_containing(self.anchor, now.max(self.period.start));
        let mut grants = 0;
        let mut start = first.start;
        // Sub-periods from the anchor, so a clamped day (31 → Feb 28) does not drift.
        let months_from_anchor = |t: DateTime<Utc>| {
            (t.year() - self.anchor.year()) * 12 + t.month0() as i32 - self.anchor.month0() as i32
        };
        let mut k = months_from_anchor(first.start);
        while start < self.period.end && grants < 12 {
            grants += 1;
            k += 1;
            start = add_months_clamped(self.anchor, k);
        }
        grants
    }

    /// Days of trial left at `now` (rounded up), if on trial.
    pub fn trial_days_left(&self, now: DateTime<Utc>) -> Option<i64> {
        match self.status {
            Status::Trial { ends_at } => {
                let secs = (ends_at - now).num_seconds().max(0);
                Some((secs + 86_399) / 86_400)
            }
            _ => None,
        }
    }
}
