//! Views of the page: one file per section, the dialogs it opens beside it.

pub mod addons;
pub mod auto_upgrade;
pub mod banners;
pub mod cancel;
pub mod card;
pub mod checkout;
pub mod cycle;
pub mod dialog;
pub mod gate;
pub mod limits;
pub mod overview;
pub mod page;
pub mod pause;
pub mod payment;
pub mod plans;
pub mod seats;
pub mod sms;
pub mod support;

pub use dialog::Modal;
pub use overview::Overview;
pub use page::{BillingPage, DialogHost, LazyDialogs};
