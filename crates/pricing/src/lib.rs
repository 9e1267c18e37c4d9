//! Every price, eligibility and downgrade rule of Billing & Upgrade (DESIGN §3), once.
//!
//! Pure functions over plain data: no clock (callers pass `now`), no I/O, no floats.
//! The page uses it for instant previews, the mock API for authoritative quotes.

mod account;
mod catalog;
mod change;
pub mod json;
mod money;
mod offers;
mod permissions;
mod quote;
mod renewal;
pub mod wire;

pub use account::{
    add_months_clamped, annual_period_containing, cycle_period_containing, days_in_month,
    monthly_period_containing, Account, AutoUpgradeEvent, CardStanding, Cycle, PaymentMethod,
    Period, Proration, Seats, SeatsOffer, SmsCredits, Status, StatusKind, Usage,
    CARD_EXPIRY_WARNING_DAYS,
};
pub use catalog::{
    AddOn, AddOnId, Catalog, CatalogError, ContactTier, ConversationsPricing, CyclePrice, Plan,
    PlanId, RetentionOffer, SmsCountry, SmsPack, MAX_COMMIT_DISCOUNT,
};
pub use change::{Change, ChangeKind};
pub use money::{is_exact_minor, round_minor, Amount, Currency, Money};
pub use offers::{banners, Banner, Limit, PlanOffer};
pub use permissions::{allowed_while_paused, gate, permits, Action, Blocked, Role};
pub use quote::{
    apply, confirm, is_downgrade, quote, Effect, LineItem, NextInvoice, NotSelfServe, PricingError,
    Quantity, Quote, QuoteLine, MAX_EMAIL_SENDS, MAX_SEATS, MAX_SMS_PACKS, MAX_USERS,
    QUOTE_TTL_SECONDS,
};
pub use renewal::{advance, auto_upgrade, auto_upgrade_change, Advanced, AutoUpgrade, Renewal};
