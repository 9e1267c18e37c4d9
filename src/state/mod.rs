//! Context types of the page: one per concern, each a newtype (STYLE: no bare signals in
//! context). `provide_page_state` puts them all in place; components `expect` them.

pub mod billing;
pub mod checkout;
pub mod clock;
pub mod dialog;
pub mod network;
pub mod pending;
pub mod submission;

pub use billing::Billing;
pub use checkout::{Checkout, Phase, ReviewNotice};
pub use clock::Clock;
pub use dialog::{Dialog, Dialogs};
pub use network::Online;
pub use pending::{PendingOrder, PendingOrders, Resolution};
pub use submission::{AccountAction, Submission};

use api_types::AccountResponse;
use leptos::prelude::*;
use pricing::Catalog;

use crate::api::ApiClient;

/// The API client, shared by every component that acts.
#[derive(Clone)]
pub struct Api(pub ApiClient);

/// Provides every context the page's components read: the account and catalog, the
/// clock, the open dialog, the network state and the API client.
pub fn provide_page_state(data: AccountResponse, catalog: Catalog, client: ApiClient) -> Billing {
    let clock = Clock::from_server(data.now);
    provide_context(clock);
    let billing = Billing::new(data, catalog);
    provide_context(billing);
    provide_context(Dialogs::new());
    provide_context(Online::watch());
    provide_context(PendingOrders::new());
    provide_context(Api(client));
    billing
}
