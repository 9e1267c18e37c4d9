//! The catalog: plans and their contact tiers, add-ons, SMS packs, Conversations seats.
//!
//! Data only arrives from outside (the mock API's scenario files); [`Catalog::validated`]
//! and [`Catalog::parse`] reject a catalog that breaks its own invariants.

use rust_decimal::Decimal;
#[cfg(not(target_arch = "wasm32"))]
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::account::Cycle;
use crate::money::{is_exact_minor, Currency, Money};
use crate::quote::PricingError;

/// The most the annual-commit discount may be (DESIGN §3: "at most 10%").
pub const MAX_COMMIT_DISCOUNT: Decimal = Decimal::from_parts(10, 0, 0, false, 2);

/// A plan; the derived order is the tier rank (Starter lowest, Enterprise highest).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum PlanId {
    /// The entry plan.
    Starter,
    /// Second tier.
    Plus,
    /// Third tier.
    Pro,
    /// The top tier.
    Enterprise,
}

impl PlanId {
    /// Every plan, lowest tier first.
    pub const ALL: [PlanId; 4] = [
        PlanId::Starter,
        PlanId::Plus,
        PlanId::Pro,
        PlanId::Enterprise,
    ];

    /// The snake_case id used in JSON, e.g. "pro".
    pub fn as_str(self) -> &'static str {
        match self {
            PlanId::Starter => "starter",
            PlanId::Plus => "plus",
            PlanId::Pro => "pro",
            PlanId::Enterprise => "enterprise",
        }
    }
}

/// A price for each way of paying: per month, and per year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct CyclePrice {
    /// Price of one month on the monthly cycle (also the base of annual-commit-monthly).
    pub monthly: Decimal,
    /// Price of one year on the annual cycle.
    pub annual: Decimal,
}

/// Contacts up to `contacts` cost `price` per cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct ContactTier {
    /// The contact limit of this tier (inclusive upper bound).
    pub contacts: u32,
    /// The plan's price at this tier.
    pub price: CyclePrice,
}

/// One plan of the catalog: its tiers, what it includes and the price of extras.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct Plan {
    /// Which plan this is.
    pub id: PlanId,
    /// Display name, e.g. "Pro".
    pub name: String,
    /// Contact tiers, strictly increasing in contacts.
    pub tiers: Vec<ContactTier>,
    /// Users included in the plan price.
    pub included_users: u32,
    /// Monthly email sends included in the plan price.
    pub included_email_sends: u64,
    /// Price of each user beyond `included_users`.
    pub extra_user: CyclePrice,
    /// Size of one block of extra monthly email sends.
    pub email_sends_block: u64,
    /// Price of each block of extra monthly email sends.
    pub extra_email_sends_block: CyclePrice,
    /// Whether the cancellation wizard offers this plan a free 1:1 session with the
    /// success team (seed 001: "depending on your plan").
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub offers_success_session: bool,
}

impl Plan {
    /// The smallest tier that holds `contacts`, if any.
    pub fn tier_for(&self, contacts: u32) -> Option<&ContactTier> {
        self.tiers.iter().find(|t| t.contacts >= contacts)
    }

    /// The largest contact limit this plan sells.
    pub fn max_contacts(&self) -> u32 {
        self.tiers.last().map_or(0, |t| t.contacts)
    }

    /// Number of extra email-send blocks needed for a monthly limit of `email_sends`.
    pub fn email_send_blocks(&self, email_sends: u64) -> u64 {
        let extra = email_sends.saturating_sub(self.included_email_sends);
        if self.email_sends_block == 0 {
            return 0;
        }
        extra.div_ceil(self.email_sends_block)
    }

    /// The limit actually sold for a wanted `email_sends`: included plus whole blocks.
    pub fn email_sends_limit(&self, email_sends: u64) -> u64 {
        self.included_email_sends + self.email_send_blocks(email_sends) * self.email_sends_block
    }
}

/// An add-on that can be added to some plans.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum AddOnId {
    /// SMS sending with a monthly credit allowance.
    Sms,
    /// Pipelines & Sales Engagement.
    Pipelines,
    /// Transactional email.
    TransactionalEmail,
    /// Custom reports.
    CustomReports,
}

impl AddOnId {
    /// The snake_case id used in JSON, e.g. "transactional_email".
    pub fn as_str(self) -> &'static str {
        match self {
            AddOnId::Sms => "sms",
            AddOnId::Pipelines => "pipelines",
            AddOnId::TransactionalEmail => "transactional_email",
            AddOnId::CustomReports => "custom_reports",
        }
    }
}

/// An add-on's price and which plans may buy it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct AddOn {
    /// Which add-on this is.
    pub id: AddOnId,
    /// Display name, e.g. "Pipelines & Sales Engagement".
    pub name: String,
    /// Price per cycle.
    pub price: CyclePrice,
    /// Plans that may buy it (SMS: Plus, Pro, Enterprise).
    pub plans: Vec<PlanId>,
    /// SMS credits granted each month while the add-on is active (0 for most add-ons).
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub included_sms_credits: u32,
}

/// A pack of SMS credits, charged in full at purchase and renewed every month.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct SmsPack {
    /// Catalog id of the pack, e.g. "sms_1000".
    pub id: String,
    /// Credits granted each month.
    pub credits: u32,
    /// Price per month.
    pub price: Decimal,
}

/// What one SMS to a country costs in credits.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct SmsCountry {
    /// ISO 3166 alpha-2 code, e.g. "US".
    pub code: String,
    /// Display name, e.g. "United States".
    pub name: String,
    /// Credits one message uses.
    pub credits_per_message: u32,
    /// Whether sending there needs A2P 10DLC registration (the US).
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub requires_10dlc: bool,
}

/// Conversations seats: a monthly price per seat (annual = 12 × monthly, no discount).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct ConversationsPricing {
    /// Price of one seat per month.
    pub seat_price_monthly: Decimal,
    /// Seats a Conversations trial comes with (20).
    pub trial_seats: u32,
}

/// The cheaper customised plan offered during cancellation (taking it is a support request).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct RetentionOffer {
    /// The plan offered.
    pub plan: PlanId,
    /// Its contact limit.
    pub contacts: u32,
    /// Its price per month.
    pub monthly_price: Decimal,
}

impl RetentionOffer {
    /// The changes a support request for this offer carries (it is a downgrade, DESIGN §2).
    pub fn changes(&self) -> Vec<crate::change::Change> {
        vec![
            crate::change::Change::SetPlan { plan: self.plan },
            crate::change::Change::SetContacts {
                contacts: self.contacts,
            },
        ]
    }
}

/// Everything the page can sell, in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct Catalog {
    /// Currency of every price in the catalog.
    pub currency: Currency,
    /// Plans, each at most once.
    pub plans: Vec<Plan>,
    /// Add-ons, each at most once.
    pub addons: Vec<AddOn>,
    /// Additional SMS credit packs.
    pub sms_packs: Vec<SmsPack>,
    /// Countries SMS can be sent to and their cost in credits.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub sms_countries: Vec<SmsCountry>,
    /// Conversations seat pricing.
    pub conversations: ConversationsPricing,
    /// Discount on the monthly price for annual-commit-monthly, a fraction in `0..=0.10`.
    pub annual_commit_discount: Decimal,
    /// Cheaper customised plan offered in the cancellation wizard, if any.
    #[cfg_attr(not(target_arch = "wasm32"), serde(default))]
    pub retention_offer: Option<RetentionOffer>,
}

/// Why a catalog was rejected.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(tag = "kind", rename_all = "snake_case")
)]
pub enum CatalogError {
    /// The JSON could not be read as a catalog.
    #[error("catalog JSON is malformed: {message}")]
    Malformed { message: String },
    /// The catalog has no plan.
    #[error("catalog has no plans")]
    NoPlans,
    /// A plan appears twice.
    #[error("plan {plan:?} is listed twice")]
    DuplicatePlan { plan: PlanId },
    /// A plan has no contact tier.
    #[error("plan {plan:?} has no contact tiers")]
    NoTiers { plan: PlanId },
    /// Tiers are not strictly increasing in contacts, or start at zero contacts.
    #[error("plan {plan:?} has unsorted contact tiers at {contacts} contacts")]
    UnsortedTiers { plan: PlanId, contacts: u32 },
    /// A bigger tier costs less than a smaller one.
    #[error("plan {plan:?}: tier {contacts} costs less than the tier below it")]
    TierPriceDecreases { plan: PlanId, contacts: u32 },
    /// A plan's email-send block is zero.
    #[error("plan {plan:?} has an email-send block of zero")]
    ZeroEmailSendsBlock { plan: PlanId },
    /// A price is negative.
    #[error("{what}: price {amount} is negative")]
    NegativePrice { what: String, amount: Decimal },
    /// A price has digits below the currency's minor unit.
    #[error("{what}: price {amount} is not exact in the currency's minor unit")]
    InexactPrice { what: String, amount: Decimal },
    /// The annual-commit discount is outside `0..=0.10`.
    #[error("annual-commit discount {discount} is outside 0..=0.10")]
    DiscountOutOfRange { discount: Decimal },
    /// An add-on appears twice.
    #[error("add-on {addon:?} is listed twice")]
    DuplicateAddOn { addon: AddOnId },
    /// An add-on no plan may buy.
    #[error("add-on {addon:?} lists no plan")]
    AddOnWithoutPlans { addon: AddOnId },
    /// An add-on lists a plan the catalog does not have.
    #[error("add-on {addon:?} lists unknown plan {plan:?}")]
    UnknownPlanInAddOn { addon: AddOnId, plan: PlanId },
    /// Two SMS packs share an id.
    #[error("SMS pack {pack} is listed twice")]
    DuplicatePack { pack: String },
    /// An SMS pack with no credits.
    #[error("SMS pack {pack} has no credits")]
    EmptyPack { pack: String },
    /// An SMS country listed twice, or costing zero credits.
    #[error("SMS country {code} is listed twice or costs zero credits")]
    BadSmsCountry { code: String },
    /// The retention offer names a plan the catalog does not have.
    #[error("retention offer names unknown plan {plan:?}")]
    UnknownPlanInRetentionOffer { plan: PlanId },
}

impl Catalog {
    /// Reads a catalog from JSON text and validates it.
    pub fn parse(json: &str) -> Result<Catalog, CatalogError> {
        let catalog: Catalog =
            crate::json::from_str(json).map_err(|message| CatalogError::Malformed { message })?;
        catalog.validated()
    }

    /// Returns the catalog if it keeps its invariants (see [`Catalog::validate`]).
    pub fn validated(self) -> Result<Catalog, CatalogError> {
        self.validate()?;
        Ok(self)
    }

    /// Checks the invariants: tiers sorted, prices exact and non-negative, discount ≤ 10%,
    /// add-ons only naming known plans, no duplicates.
    pub fn validate(&self) -> Result<(), CatalogError> {
        if self.plans.is_empty() {
            return Err(CatalogError::NoPlans);
        }
        for (i, plan) in self.plans.iter().enumerate() {
            if self.plans[..i].iter().any(|p| p.id == plan.id) {
                return Err(CatalogError::DuplicatePlan { plan: plan.id });
            }
            self.validate_plan(plan)?;
        }
        let d = self.annual_commit_discount;
        if d.is_sign_negative() || d > MAX_COMMIT_DISCOUNT {
            return Err(CatalogError::DiscountOutOfRange { discount: d });
        }
        for (i, addon) in self.addons.iter().enumerate() {
            if self.addons[..i].iter().any(|a| a.id == addon.id) {
                return Err(CatalogError::DuplicateAddOn { addon: addon.id });
            }
            if addon.plans.is_empty() {
                return Err(CatalogError::AddOnWithoutPlans { addon: addon.id });
            }
            if let Some(&plan) = addon.plans.iter().find(|p| self.plan(**p).is_err()) {
                return Err(CatalogError::UnknownPlanInAddOn {
                    addon: addon.id,
                    plan,
                });
            }
            self.check_cycle_price(&format!("add-on {}", addon.id.as_str()), addon.price)?;
        }
        for (i, pack) in self.sms_packs.iter().enumerate() {
            if self.sms_packs[..i].iter().any(|p| p.id == pack.id) {
                return Err(CatalogError::DuplicatePack {
                    pack: pack.id.clone(),
                });
            }
            if pack.credits == 0 {
                return Err(CatalogError::EmptyPack {
                    pack: pack.id.clone(),
                });
            }
            self.check_price(&format!("SMS pack {}", pack.id), pack.price)?;
        }
        for (i, country) in self.sms_countries.iter().enumerate() {
            if country.credits_per_message == 0
                || self.sms_countries[..i]
                    .iter()
                    .any(|c| c.code == country.code)
            {
                return Err(CatalogError::BadSmsCountry {
                    code: country.code.clone(),
                });
            }
        }
        self.check_price("Conversations seat", self.conversations.seat_price_monthly)?;
        if let Some(offer) = &self.retention_offer {
            if self.plan(offer.plan).is_err() {
                return Err(CatalogError::UnknownPlanInRetentionOffer { plan: offer.plan });
            }
            self.check_price("retention offer", offer.monthly_price)?;
        }
        Ok(())
    }

    fn validate_plan(&self, plan: &Plan) -> Result<(), CatalogError> {
        let id = plan.id;
        if plan.tiers.is_empty() {
            return Err(CatalogError::NoTiers { plan: id });
        }
        let mut previous: Option<&ContactTier> = None;
        for tier in &plan.tiers {
            let what = format!("plan {} tier {}", id.as_str(), tier.contacts);
            self.check_cycle_price(&what, tier.price)?;
            match previous {
                None if tier.contacts == 0 => {
                    return Err(CatalogError::UnsortedTiers {
                        plan: id,
                        contacts: 0,
                    })
                }
                Some(prev) if tier.contacts <= prev.contacts => {
                    return Err(CatalogError::UnsortedTiers {
                        plan: id,
                        contacts: tier.contacts,
                    })
                }
                Some(prev)
                    if tier.price.monthly < prev.price.monthly
                        || tier.price.annual < prev.price.annual =>
                {
                    return Err(CatalogError::TierPriceDecreases {
                        plan: id,
                        contacts: tier.contacts,
                    })
                }
                _ => {}
            }
            previous = Some(tier);
        }
        if plan.email_sends_block == 0 {
            return Err(CatalogError::ZeroEmailSendsBlock { plan: id });
        }
        self.check_cycle_price(&format!("plan {} extra user", id.as_str()), plan.extra_user)?;
        self.check_cycle_price(
            &format!("plan {} email-send block", id.as_str()),
            plan.extra_email_sends_block,
        )
    }

    fn check_cycle_price(&self, what: &str, price: CyclePrice) -> Result<(), CatalogError> {
        self.check_price(what, price.monthly)?;
        self.check_price(what, price.annual)
    }

    fn check_price(&self, what: &str, amount: Decimal) -> Result<(), CatalogError> {
        if amount.is_sign_negative() && !amount.is_zero() {
            return Err(CatalogError::NegativePrice {
                what: what.to_string(),
                amount,
            });
        }
        if !is_exact_minor(amount, self.currency) {
            return Err(CatalogError::InexactPrice {
                what: what.to_string(),
                amount,
            });
        }
        Ok(())
    }

    /// The plan with this id.
    pub fn plan(&self, id: PlanId) -> Result<&Plan, PricingError> {
        self.plans
            .iter()
            .find(|p| p.id == id)
            .ok_or(PricingError::UnknownPlan { plan: id })
    }

    /// The add-on with this id.
    pub fn addon(&self, id: AddOnId) -> Result<&AddOn, PricingError> {
        self.addons
            .iter()
            .find(|a| a.id == id)
            .ok_or(PricingError::UnknownAddOn { addon: id })
    }

    /// The SMS pack with this id.
    pub fn pack(&self, id: &str) -> Result<&SmsPack, PricingError> {
        self.sms_packs
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| PricingError::UnknownPack {
                pack: id.to_string(),
            })
    }

    /// The tier of `plan` that holds `contacts` (the smallest with a limit ≥ `contacts`).
    pub fn tier(&self, plan: PlanId, contacts: u32) -> Result<&ContactTier, PricingError> {
        let p = self.plan(plan)?;
        p.tier_for(contacts)
            .ok_or(PricingError::ContactsAboveTopTier {
                plan,
                contacts,
                max: p.max_contacts(),
            })
    }

    /// The exact (unrounded) price per billing period of a [`CyclePrice`] on `cycle`:
    /// annual-commit-monthly is the monthly price less the commit discount.
    pub fn cycle_amount(&self, price: CyclePrice, cycle: Cycle) -> Decimal {
        match cycle {
            Cycle::Monthly => price.monthly,
            Cycle::Annual => price.annual,
            Cycle::AnnualCommitMonthly => {
                price.monthly * (Decimal::ONE - self.annual_commit_discount)
            }
        }
    }

    /// The plan's price per billing period for `contacts` on `cycle`, as an invoice shows it
    /// (rounded to the minor unit).
    pub fn plan_price(
        &self,
        plan: PlanId,
        contacts: u32,
        cycle: Cycle,
    ) -> Result<Money, PricingError> {
        let tier = self.tier(plan, contacts)?;
        Ok(Money::round(
            self.cycle_amount(tier.price, cycle),
            self.currency,
        ))
    }

    /// The add-on's price per billing period on `cycle`, rounded as an invoice shows it.
    pub fn addon_price(&self, addon: AddOnId, cycle: Cycle) -> Result<Money, PricingError> {
        let a = self.addon(addon)?;
        Ok(Money::round(
            self.cycle_amount(a.price, cycle),
            self.currency,
        ))
    }

    /// Price of one Conversations seat per billing period (× 12 on annual, never discounted).
    pub fn seat_price(&self, cycle: Cycle) -> Decimal {
        self.conversations.seat_price_monthly * Decimal::from(cycle.months_billed())
    }

    /// Price of `seats` Conversations seats per billing period, rounded.
    pub fn seats_price(&self, seats: u32, cycle: Cycle) -> Money {
        Money::round(self.seat_price(cycle) * Decimal::from(seats), self.currency)
    }

    /// The annual-commit discount as a percentage, e.g. 10 for 0.10.
    pub fn annual_commit_percent(&self) -> Decimal {
        (self.annual_commit_discount * Decimal::ONE_HUNDRED).normalize()
    }

    /// Whether the "Before you go" step offers `plan` the free 1:1 success session first
    /// (false: it starts with a support request; false if the plan is not in the catalog).
    pub fn offers_session(&self, plan: PlanId) -> bool {
        self.plan(plan).is_ok_and(|p| p.offers_success_session)
    }

    /// Whether `plan` may buy `addon` (false if the add-on is not in the catalog).
    pub fn addon_allowed(&self, addon: AddOnId, plan: PlanId) -> bool {
        self.addon(addon).is_ok_and(|a| a.plans.contains(&plan))
    }
}
