//! Time passing: periods renew, scheduled pauses and cancellations happen, trials expire,
//! SMS credits reset each month (DESIGN §2–3). The clock is always a parameter.

use chrono::{DateTime, Utc};

#[cfg(not(target_arch = "wasm32"))]
use serde::{Deserialize, Serialize};

use crate::account::{
    add_months_clamped, cycle_period_containing, monthly_period_containing, Account,
    AutoUpgradeEvent, Cycle, Period, Status,
};
use crate::catalog::Catalog;
use crate::change::Change;
use crate::money::Amount;
use crate::quote::{quote, PricingError, Quote};

/// An invoice issued when a period renewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct Renewal {
    /// When it was issued (the new period's start).
    pub date: DateTime<Utc>,
    /// The period it pays for.
    pub period: Period,
    /// Its total: the recurring amount of the account at that date.
    pub amount: Amount,
}

/// An account moved forward in time, and the invoices issued on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct Advanced {
    /// The account at `now` (version bumped if anything changed).
    pub account: Account,
    /// Renewal invoices issued between the account's period and `now`, oldest first.
    pub renewals: Vec<Renewal>,
}

/// Moves `account` forward to `now`: renews periods (and the annual-commit term), turns a
/// scheduled pause or cancellation into the real thing at its instant, expires a trial
/// (nothing charged), resets the monthly SMS allowance (credits do not roll over), and ends
/// a Conversations trial past its end (its seats are gone, see [`crate::Seats::after_trial`]).
pub fn advance(
    catalog: &Catalog,
    account: &Account,
    now: DateTime<Utc>,
) -> Result<Advanced, PricingError> {
    let mut acc = account.clone();
    let mut renewals = Vec::new();
    loop {
        match acc.status {
            Status::Trial { ends_at } => {
                if now >= ends_at {
                    acc.status = Status::Cancelled { since: ends_at };
                }
                break;
            }
            Status::Paused { .. } | Status::Cancelled { .. } => break,
            _ => {}
        }
        if now < acc.period.end {
            break;
        }
        let boundary = acc.period.end;
        match acc.status {
            Status::PauseScheduled { at } if at <= boundary => {
                acc.status = Status::Paused { since: at };
                break;
            }
            Status::CancellationScheduled { effective_at } if effective_at <= boundary => {
                acc.status = Status::Cancelled {
                    since: effective_at,
                };
                break;
            }
            _ => {}
        }
        acc.period = cycle_period_containing(acc.cycle, acc.anchor, boundary);
        if acc.cycle == Cycle::AnnualCommitMonthly {
            if let Some(term) = acc.commit_term {
                if boundary >= term.end {
                    // The commitment renews for another 12 months.
                    acc.commit_term = Some(Period {
                        start: term.end,
                        end: add_months_clamped(term.end, 12),
                    });
                }
            }
        }
        renewals.push(Renewal {
            date: boundary,
            period: acc.period,
            amount: acc.recurring(catalog)?,
        });
    }
    if acc.status.is_paying() {
        let renews_at = acc.sms_renews_at();
        if now >= renews_at {
            // DESIGN §2: credits do not roll over; the allowance resets each month, also on
            // annual billing.
            acc.sms.remaining = acc.monthly_sms_allowance(catalog)?;
            acc.sms.renews_at = Some(monthly_period_containing(acc.anchor, now).end);
        }
    }
    // DESIGN §2: a Conversations trial ends; then its 20 seats are gone.
    acc.seats = acc.seats.after_trial(now);
    if acc != *account {
        acc.version = account.version + 1;
    }
    Ok(Advanced {
        account: acc,
        renewals,
    })
}

/// The change auto-upgrade makes when stored contacts exceed the limit, if it is on:
/// the contact limit rises to the plan's tier that holds the usage. Past the plan's top
/// tier it rises to the top tier (the rest needs a plan change, through the page);
/// already at the top tier, nothing happens.
pub fn auto_upgrade_change(catalog: &Catalog, account: &Account) -> Option<Change> {
    if !account.auto_upgrade || account.usage.contacts <= account.contacts {
        return None;
    }
    let plan = catalog.plan(account.plan).ok()?;
    let tier = plan
        .tier_for(account.usage.contacts)
        .or_else(|| plan.tiers.last())?;
    (tier.contacts > account.contacts).then_some(Change::SetContacts {
        contacts: tier.contacts,
    })
}

/// An automatic contact-limit increase: what it charged and the account afterwards.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct AutoUpgrade {
    /// The quote of the increase (a manual `set_contacts` to the new tier at `now`).
    pub quote: Quote,
    /// The account afterwards: limit raised, version bumped, `last_auto_upgrade` set.
    pub account: Account,
}

/// Auto-upgrade at `now` (DESIGN §3): when it is on and stored contacts exceed the limit
/// of a paying account, the limit rises to the plan's tier holding them (see
/// [`auto_upgrade_change`]), charged like a manual tier increase (the same quote). `None`
/// when nothing fires: off, within the limit, at the top tier, not paying (trial, paused,
/// cancelled) or not self-serve (resold: the reseller bills it).
pub fn auto_upgrade(
    catalog: &Catalog,
    account: &Account,
    now: DateTime<Utc>,
) -> Result<Option<AutoUpgrade>, PricingError> {
    if !account.status.is_paying() {
        return Ok(None);
    }
    let Some(change) = auto_upgrade_change(catalog, account) else {
        return Ok(None);
    };
    let changes = [change];
    let quote = quote(catalog, account, &changes, now)?;
    if !quote.self_serve {
        return Ok(None);
    }
    let mut after = crate::quote::apply(catalog, account, &changes, now)?;
    after.last_auto_upgrade = Some(AutoUpgradeEvent {
        at: now,
        from_contacts: account.contacts,
        to_contacts: after.contacts,
        charged: quote.charge_now.in_currency(quote.currency),
    });
    Ok(Some(AutoUpgrade {
        quote,
        account: after,
    }))
}
