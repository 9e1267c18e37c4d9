//! What an account is offered next (DESIGN §2–3): each plan card's action, the cycle
//! switch, the plan that unlocks an add-on, the cart that buys seats, the editable limits,
//! the retention offer, the next invoice and the instalments left. The page shows these;
//! it never decides them.

use chrono::{DateTime, Utc};

use crate::account::{
    add_months_clamped, monthly_period_containing, Account, CardStanding, Cycle, Status,
};
use crate::catalog::{AddOnId, Catalog, PlanId, RetentionOffer};
use crate::change::Change;
use crate::money::Amount;
use crate::permissions::Role;
use crate::quote::{NextInvoice, PricingError, MAX_EMAIL_SENDS, MAX_USERS};

/// What a plan's card offers an account (DESIGN §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlanOffer {
    /// The plan the account pays for: nothing to buy.
    Current,
    /// The plan a trial account is trying: **Buy this plan** ends the trial.
    Subscribe,
    /// A higher plan: **Upgrade**, self-serve.
    Upgrade,
    /// A lower plan: only through support (DESIGN §3, downgrades).
    Downgrade,
}

/// A limit the customer can edit (DESIGN §2, Limits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Limit {
    /// The contact limit (chosen among the plan's tiers).
    Contacts,
    /// Users.
    Users,
    /// Email sends per month.
    EmailSends,
}

impl Limit {
    /// The three limits, in the order the page lists them.
    pub const ALL: [Limit; 3] = [Limit::Contacts, Limit::Users, Limit::EmailSends];

    /// The account's limit.
    pub fn of(self, account: &Account) -> u64 {
        match self {
            Limit::Contacts => u64::from(account.contacts),
            Limit::Users => u64::from(account.users),
            Limit::EmailSends => account.email_sends,
        }
    }

    /// What the account uses of it.
    pub fn used(self, account: &Account) -> u64 {
        match self {
            Limit::Contacts => u64::from(account.usage.contacts),
            Limit::Users => u64::from(account.usage.users),
            Limit::EmailSends => account.usage.email_sends,
        }
    }

    /// The largest value a cart may ask for.
    pub fn max(self) -> u64 {
        match self {
            Limit::Contacts => u64::from(u32::MAX),
            Limit::Users => u64::from(MAX_USERS),
            Limit::EmailSends => MAX_EMAIL_SENDS,
        }
    }

    /// The change that sets this limit to `value`; `None` past what the limit can hold.
    pub fn change(self, value: u64) -> Option<Change> {
        Some(match self {
            Limit::Contacts => Change::SetContacts {
                contacts: u32::try_from(value).ok()?,
            },
            Limit::Users => Change::SetUsers {
                users: u32::try_from(value).ok()?,
            },
            Limit::EmailSends => Change::SetEmailSends { email_sends: value },
        })
    }
}

impl Account {
    /// What `plan`'s card offers this account: its own plan is current (or, on a trial,
    /// to subscribe to), higher plans are upgrades, lower ones downgrades.
    pub fn plan_offer(&self, plan: PlanId) -> PlanOffer {
        let trial = matches!(self.status, Status::Trial { .. });
        match plan.cmp(&self.plan) {
            std::cmp::Ordering::Equal if trial => PlanOffer::Subscribe,
            std::cmp::Ordering::Equal => PlanOffer::Current,
            std::cmp::Ordering::Greater => PlanOffer::Upgrade,
            std::cmp::Ordering::Less => PlanOffer::Downgrade,
        }
    }

    /// The cycle an active account may switch to next: annual for monthly payers, monthly
    /// for annual payers; none during an annual commitment, a trial or any other state.
    pub fn offered_cycle(&self) -> Option<Cycle> {
        match (self.status, self.cycle) {
            (Status::Active, Cycle::Monthly) => Some(Cycle::Annual),
            (Status::Active, Cycle::Annual) => Some(Cycle::Monthly),
            _ => None,
        }
    }

    /// The cycles the switch dialog lets this account choose between (DESIGN §3): a monthly
    /// payer may pay the year up front or commit to 12 months and keep paying monthly at
    /// the commit discount; anyone else only the offered cycle.
    pub fn cycle_choices(&self) -> Vec<Cycle> {
        match self.offered_cycle() {
            Some(Cycle::Annual) => vec![Cycle::Annual, Cycle::AnnualCommitMonthly],
            offered => offered.into_iter().collect(),
        }
    }

    /// The cart that sets `seats` seats. On a trial account seats are billed on the
    /// account's cycle, so buying them converts the trial (DESIGN §3: a new paid period
    /// starts now): the plan is bought with them.
    pub fn seats_cart(&self, seats: u32) -> Vec<Change> {
        let mut cart = Vec::with_capacity(2);
        if matches!(self.status, Status::Trial { .. }) {
            cart.push(Change::SetPlan { plan: self.plan });
        }
        cart.push(Change::SetSeats { seats });
        cart
    }

    /// When the SMS credits next reset: the date the API gives, else the end of the
    /// monthly sub-period (from the anchor) the current period starts in.
    pub fn sms_renews_at(&self) -> DateTime<Utc> {
        self.sms.renews_at.unwrap_or_else(|| {
            monthly_period_containing(self.anchor, self.period.start.max(self.anchor)).end
        })
    }

    /// When the next invoice falls: a trial's end; for a paused or closed account the
    /// period end (not before `now`); otherwise the period end.
    pub fn next_invoice_date(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self.status {
            Status::Trial { ends_at } => ends_at,
            Status::Paused { .. } | Status::Cancelled { .. } => self.period.end.max(now),
            _ => self.period.end,
        }
    }

    /// Whether the invoice at the period end is billed: not for a trial, a paused or
    /// closed account, nor when a pause or cancellation takes effect by then.
    pub fn bills_next_invoice(&self) -> bool {
        let date = self.period.end;
        match self.status {
            Status::Active => true,
            Status::PauseScheduled { at } => at > date,
            Status::CancellationScheduled { effective_at } => effective_at > date,
            Status::Trial { .. } | Status::Paused { .. } | Status::Cancelled { .. } => false,
        }
    }

    /// The invoice the account will get at its period end, if it is billed: the recurring
    /// amount (what the overview shows).
    pub fn billed_invoice(&self, catalog: &Catalog) -> Result<Option<NextInvoice>, PricingError> {
        self.billed_invoice_of(catalog, None)
    }

    /// [`Self::billed_invoice`], with the recurring amount when the caller already priced
    /// it ([`Self::recurring`]'s value; priced here when `None`).
    fn billed_invoice_of(
        &self,
        catalog: &Catalog,
        recurring: Option<Amount>,
    ) -> Result<Option<NextInvoice>, PricingError> {
        if !self.bills_next_invoice() {
            return Ok(None);
        }
        Ok(Some(NextInvoice {
            date: self.period.end,
            amount: match recurring {
                Some(amount) => amount,
                None => self.recurring(catalog)?,
            },
        }))
    }

    /// The next invoice as a quote states it: the billed one, else 0 on the date it would
    /// have fallen.
    pub fn next_invoice(
        &self,
        catalog: &Catalog,
        now: DateTime<Utc>,
    ) -> Result<NextInvoice, PricingError> {
        self.next_invoice_of(catalog, now, None)
    }

    /// [`Self::next_invoice`], with the recurring amount when the caller already priced it
    /// (a quote has, for the lines it charges).
    pub(crate) fn next_invoice_of(
        &self,
        catalog: &Catalog,
        now: DateTime<Utc>,
        recurring: Option<Amount>,
    ) -> Result<NextInvoice, PricingError> {
        Ok(self
            .billed_invoice_of(catalog, recurring)?
            .unwrap_or(NextInvoice {
                date: self.next_invoice_date(now),
                amount: Amount::zero(catalog.currency),
            }))
    }

    /// Monthly instalments of an annual-commit term still to pay after the current period
    /// (`None` without a term).
    pub fn instalments_left(&self) -> Option<u32> {
        let term = self.commit_term?;
        let mut left = 0;
        while left < 12 && add_months_clamped(self.period.end, left as i32) < term.end {
            left += 1;
        }
        Some(left)
    }
}

impl Catalog {
    /// The lowest plan above `current` that may buy `addon` (`None` when none may, or the
    /// add-on is not sold).
    pub fn unlocking_plan(&self, addon: AddOnId, current: PlanId) -> Option<PlanId> {
        let addon = self.addon(addon).ok()?;
        addon.plans.iter().copied().filter(|p| *p > current).min()
    }

    /// The cheaper customised plan the cancellation wizard may offer `account`: only when
    /// one exists, the account is not paused, and it costs less per month than the
    /// account's plan at its contact tier.
    pub fn retention_offer_for(&self, account: &Account) -> Option<RetentionOffer> {
        self.retention_offer.filter(|offer| {
            !matches!(account.status, Status::Paused { .. })
                && self
                    .plan_price(account.plan, account.contacts, Cycle::Monthly)
                    .is_ok_and(|current| offer.monthly_price < current.amount.decimal())
        })
    }
}

/// A status banner above the overview (DESIGN §2), in the order the page shows them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Banner {
    /// A reseller manages the account: changes go through them.
    Resold { reseller: String },
    /// On trial: days left (rounded up) and the end date.
    Trial {
        days_left: i64,
        ends_at: DateTime<Utc>,
    },
    /// Billing pauses at `at`; **Resume** keeps it running.
    PauseScheduled { at: DateTime<Utc> },
    /// Billing is paused since `since`; **Resume** restarts it.
    Paused { since: DateTime<Utc> },
    /// The account closes at `effective_at`; **Undo** keeps it.
    CancellationScheduled { effective_at: DateTime<Utc> },
    /// The account closed at `since`.
    Cancelled { since: DateTime<Utc> },
    /// An annual commitment until `ends_at`, with monthly instalments left.
    CommitTerm {
        ends_at: DateTime<Utc>,
        instalments_left: u32,
    },
    /// The card on file expires soon: **Edit payment method**.
    CardExpiring {
        last4: String,
        exp_month: u32,
        exp_year: i32,
    },
    /// The card on file is past its expiry: charges on it are declined until it is
    /// replaced (**Edit payment method**).
    CardExpired { last4: String },
    /// The viewer may only look (a reseller's banner already says why otherwise).
    ReadOnly,
}

/// Every banner that applies to `account` as `role` sees it at `now`.
pub fn banners(account: &Account, role: Role, now: DateTime<Utc>) -> Vec<Banner> {
    let mut out = Vec::new();
    if let Some(reseller) = &account.reseller {
        out.push(Banner::Resold {
            reseller: reseller.clone(),
        });
    }
    out.extend(match account.status {
        Status::Trial { ends_at } => Some(Banner::Trial {
            days_left: account.trial_days_left(now).unwrap_or(0),
            ends_at,
        }),
        Status::PauseScheduled { at } => Some(Banner::PauseScheduled { at }),
        Status::Paused { since } => Some(Banner::Paused { since }),
        Status::CancellationScheduled { effective_at } => {
            Some(Banner::CancellationScheduled { effective_at })
        }
        Status::Cancelled { since } => Some(Banner::Cancelled { since }),
        Status::Active => None,
    });
    if let (Some(term), Some(left)) = (account.commit_term, account.instalments_left()) {
        out.push(Banner::CommitTerm {
            ends_at: term.end,
            instalments_left: left,
        });
    }
    if let Some(card) = &account.payment_method {
        match card.standing(now) {
            CardStanding::ExpiresSoon => out.push(Banner::CardExpiring {
                last4: card.last4.clone(),
                exp_month: card.exp_month,
                exp_year: card.exp_year,
            }),
            CardStanding::Expired => out.push(Banner::CardExpired {
                last4: card.last4.clone(),
            }),
            CardStanding::Valid => {}
        }
    }
    if role == Role::Viewer && account.reseller.is_none() {
        out.push(Banner::ReadOnly);
    }
    out
}
