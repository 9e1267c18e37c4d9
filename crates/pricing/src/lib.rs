//! Every price, eligibility and downgrade rule of Billing & Upgrade (DESIGN §3), once.
//!
//! Pure functions over plain data: no clock (callers pass `now`), no I/O, no floats.
//! The page uses it for instant previews, the mock API for authoritative quotes.

pub mod account;
pub mod catalog;
pub mod change;
pub mod money;
pub mod offers;
pub mod permissions;
pub mod quote;
pub mod renewal;
pub mod wire;

pub use account::*;
pub use catalog::*;
pub use change::*;
pub use money::*;
pub use offers::*;
pub use permissions::*;
pub use quote::*;
pub use renewal::*;
