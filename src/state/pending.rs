//! An order whose answer never came is pending, not failed (DESIGN §5, issue 12): the
//! order may have been charged. The page keeps its idempotency key here — page-wide, so it
//! outlives the dialog that sent it — and no purchase can be confirmed until the order is
//! looked up by that key and its outcome is known.

use api_types::{OrderResponse, QuoteResponse};
use leptos::prelude::*;

use crate::api::{ApiClient, ApiError};

use super::Billing;

/// The order being found out about: its quote and the key it was sent with.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingOrder {
    /// The `Idempotency-Key` the order was sent with (a retry reuses it).
    pub key: String,
    /// The quote it confirmed.
    pub quote: QuoteResponse,
}

/// What the lookup found.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolution {
    /// The order went through: this is what it charged.
    Done(Box<OrderResponse>),
    /// No order was made under the key: nothing was charged.
    NotDone(PendingOrder),
    /// Still unknown (the lookup failed too): the order stays pending.
    Unknown(ApiError),
}

/// The page's pending order, if any.
#[derive(Clone, Copy, Debug)]
pub struct PendingOrders {
    order: RwSignal<Option<PendingOrder>>,
    checking: RwSignal<bool>,
}

impl Default for PendingOrders {
    fn default() -> Self {
        Self::new()
    }
}

impl PendingOrders {
    /// Nothing pending.
    pub fn new() -> Self {
        Self {
            order: RwSignal::new(None),
            checking: RwSignal::new(false),
        }
    }

    /// The page's pending orders (a fresh, empty one outside a page, e.g. in tests).
    pub fn use_pending() -> Self {
        use_context::<PendingOrders>().unwrap_or_default()
    }

    /// Whether an order's outcome is unknown (tracked): no purchase may be confirmed.
    pub fn is_pending(&self) -> bool {
        self.order.with(Option::is_some)
    }

    /// Whether an order's outcome is unknown, untracked (for event handlers).
    pub fn with_pending_untracked(&self) -> bool {
        self.order.with_untracked(Option::is_some)
    }

    /// The pending order, untracked.
    pub fn order_untracked(&self) -> Option<PendingOrder> {
        self.order.get_untracked()
    }

    /// Whether the lookup is in flight (tracked).
    pub fn checking(&self) -> bool {
        self.checking.get()
    }

    /// Records an order sent with `key` whose answer never came.
    pub fn hold(&self, order: PendingOrder) {
        self.order.set(Some(order));
    }

    /// Finds out what happened to the pending order by its key, and shows the account as
    /// it stands: the found order's account, or the account read again when no order was
    /// made. `None` when nothing is pending or a lookup is already in flight.
    pub async fn resolve(&self, client: &ApiClient, billing: Billing) -> Option<Resolution> {
        let pending = self.order.get_untracked()?;
        if self.checking.get_untracked() {
            return None;
        }
        self.checking.set(true);
        let resolution = match client.order_by_key(&pending.key).await {
            Ok(Some(order)) => Resolution::Done(Box::new(order)),
            Ok(None) => Resolution::NotDone(pending),
            Err(e) => Resolution::Unknown(e),
        };
        if !matches!(resolution, Resolution::Unknown(_)) {
            // The outcome is known: the key may go, and the page shows the account as it is.
            self.order.try_set(None);
            match &resolution {
                Resolution::Done(order) => billing.set_data(order.account.clone()),
                _ => {
                    if let Ok(data) = client.account().await {
                        billing.set_data(data);
                    }
                }
            }
        }
        self.checking.try_set(false);
        Some(resolution)
    }
}
