//! Money: exact decimals with a currency that knows its minor unit.

use rust_decimal::{Decimal, RoundingStrategy};
#[cfg(not(target_arch = "wasm32"))]
use serde::{Deserialize, Serialize};

/// An ISO 4217 currency with its minor-unit exponent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
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

/// An amount rounded to its currency's minor unit, half away from zero (DESIGN §3: every
/// line is rounded once). Only [`Amount::round`] builds one from an exact value, so sums and
/// differences of amounts are exact and never need rounding again. Serialised as the
/// decimal string itself (`"12.50"`); exact intermediates (unit prices, prorated values)
/// stay `Decimal`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Serialize, Deserialize),
    serde(transparent)
)]
pub struct Amount(pub(crate) Decimal);

impl Amount {
    /// `exact` rounded to `currency`'s minor unit, carrying exactly its digits ("15.00",
    /// "0.00", JPY "29").
    pub fn round(exact: Decimal, currency: Currency) -> Amount {
        let exponent = currency.minor_unit_exponent();
        // Most amounts (catalog prices times whole quantities) are already exact to the
        // minor unit: they only take its scale.
        let mut rounded = if exact.scale() <= exponent {
            exact
        } else {
            exact.round_dp_with_strategy(exponent, RoundingStrategy::MidpointAwayFromZero)
        };
        if rounded.scale() != exponent {
            rounded.rescale(exponent);
        }
        Amount(rounded)
    }

    /// Zero in `currency` ("0.00").
    pub fn zero(currency: Currency) -> Amount {
        Amount::round(Decimal::ZERO, currency)
    }

    /// The decimal value (for display and for exact arithmetic that rounds again).
    pub fn decimal(self) -> Decimal {
        self.0
    }

    /// Whether it is zero.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// This amount in `currency`.
    pub fn in_currency(self, currency: Currency) -> Money {
        Money {
            amount: self,
            currency,
        }
    }
}

impl std::ops::Add for Amount {
    type Output = Amount;
    fn add(self, other: Amount) -> Amount {
        Amount(self.0 + other.0)
    }
}

impl std::ops::Sub for Amount {
    type Output = Amount;
    fn sub(self, other: Amount) -> Amount {
        Amount(self.0 - other.0)
    }
}

impl std::ops::Neg for Amount {
    type Output = Amount;
    fn neg(self) -> Amount {
        Amount(-self.0)
    }
}

impl std::ops::AddAssign for Amount {
    fn add_assign(&mut self, other: Amount) {
        self.0 += other.0;
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount::default(), |a, b| a + b)
    }
}

impl PartialEq<Decimal> for Amount {
    fn eq(&self, other: &Decimal) -> bool {
        self.0 == *other
    }
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A rounded amount in a currency: what the page shows and a charge records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Serialize, Deserialize))]
pub struct Money {
    /// The amount, e.g. `"12.50"`.
    pub amount: Amount,
    /// The currency of `amount`.
    pub currency: Currency,
}

impl Money {
    /// `exact` rounded in `currency`.
    pub fn round(exact: Decimal, currency: Currency) -> Self {
        Amount::round(exact, currency).in_currency(currency)
    }

    /// The zero amount in `currency`.
    pub fn zero(currency: Currency) -> Self {
        Amount::zero(currency).in_currency(currency)
    }
}

/// Rounds to the currency's minor unit, half away from zero, as a plain decimal (for exact
/// comparisons such as catalog validation; amounts are [`Amount`]s).
pub fn round_minor(amount: Decimal, currency: Currency) -> Decimal {
    Amount::round(amount, currency).decimal()
}

/// Whether `amount` is already exact in the currency's minor unit (catalog prices must be).
pub fn is_exact_minor(amount: Decimal, currency: Currency) -> bool {
    round_minor(amount, currency) == amount
}
