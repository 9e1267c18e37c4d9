//! A seat count as typed or slid to, read against the seats the account has.

use pricing::Seats;

use crate::i18n::Locale;
use crate::parse::{parse_count, CountError};

/// What the customer typed or slid to, read against the seats they have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeatsInput {
    /// A count that can be priced.
    Valid(u32),
    /// Below the seats assigned to agents: only empty seats can be removed.
    BelowAssigned { assigned: u32 },
    /// Not a whole count (see [`parse_count`]); there is no seat cap, only the type's.
    Invalid(CountError),
}

/// Reads a seat count typed in `locale` (the one count parser) against `seats`.
pub fn parse_seats(text: &str, locale: Locale, seats: Seats) -> SeatsInput {
    match parse_count::<u32>(text, locale) {
        Err(e) => SeatsInput::Invalid(e),
        Ok(n) if !seats.holds_assigned(n) => SeatsInput::BelowAssigned {
            assigned: seats.assigned,
        },
        Ok(n) => SeatsInput::Valid(n),
    }
}
