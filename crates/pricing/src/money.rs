//! Money: exact decimals with a currency that knows its minor unit.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// An ISO 4217 currency with its minor-unit exponent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    /// US dollar (2 decimals).
    USD,
    /// Euro (2 decimals).
    EUR,
    /// Pound sterling (2 decimals).
    GBP,
    /// Japanese yen (no decimals).
    JPY,
    /// Kuwaiti dinar (3 decimals).
    KWD,
}

impl Currency {
    /// Digits after the decimal point of the minor unit (ISO 4217): JPY 0, KWD 3, others 2.
    pub fn minor_unit_exponent(self) -> u32 {
        match self {
            Currency::JPY => 0,
            Currency::KWD => 3,
            Currency::USD | Currency::EUR | Currency::GBP => 2,
        }
    }

    /// The ISO 4217 code, e.g. "USD".
    pub fn code(self) -> &'static str {
        match self {
            Currency::USD => "USD",
            Currency::EUR => "EUR",
            Currency::GBP => "GBP",
            Currency::JPY => "JPY",
            Currency::KWD => "KWD",
        }
    }
}

/// An amount in a currency; the amount may be unrounded until it becomes an invoice line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// The exact amount, e.g. `"12.50"`.
    pub amount: Decimal,
    /// The currency of `amount`.
    pub currency: Currency,
}

impl Money {
    /// An amount in `currency`.
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Money { amount, currency }
    }

    /// The zero amount in `currency`.
    pub fn zero(currency: Currency) -> Self {
        Money::new(Decimal::ZERO, currency)
    }

    /// This amount rounded to the currency's minor unit, half away from zero.
    pub fn rounded(self) -> Self {
        Money::new(round_minor(self.amount, self.currency), self.currency)
    }

    /// Whether the amount has no digits below the currency's minor unit.
    pub fn is_exact_minor(self) -> bool {
        is_exact_minor(self.amount, self.currency)
    }
}

/// Rounds to the currency's minor unit, half away from zero (DESIGN §3: once per line).
/// The result always carries exactly the minor-unit digits ("15.00", "0.00", JPY "29").
pub fn round_minor(amount: Decimal, currency: Currency) -> Decimal {
    let exponent = currency.minor_unit_exponent();
    let mut rounded =
        amount.round_dp_with_strategy(exponent, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(exponent);
    rounded
}

/// Whether `amount` is already exact in the currency's minor unit (catalog prices must be).
pub fn is_exact_minor(amount: Decimal, currency: Currency) -> bool {
    round_minor(amount, currency) == amount
}
