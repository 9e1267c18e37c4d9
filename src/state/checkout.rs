//! The confirm step of every purchase (DESIGN §2–3, issue 5): post a quote, compare the
//! server's amounts with the preview the customer saw, order with an idempotency key.
//! Never charges a number the user did not see; a double click sends one order.

use std::collections::HashMap;

use api_types::{NextAction, OrderResponse, QuoteResponse};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pricing::{Change, Quote};

use crate::api::{ApiClient, ApiError};
use crate::events::{HostEvent, HostEvents};

use super::{Billing, PendingOrder, PendingOrders, Resolution};

/// Why the server's quote is shown for a second confirmation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewNotice {
    /// The server's amounts differ from the preview.
    PriceChanged,
    /// The quote went stale (409) and was computed again.
    Requoted,
    /// The server says this cannot be done alone (shown with its reason).
    NotSelfServe,
    /// The order's answer was lost, and the lookup found no order under its key: nothing
    /// was charged; confirming again reuses the same key.
    NotCharged,
    /// The bank's check (3-D Secure) failed or was left: nothing was charged; confirming
    /// again starts a new check for the same order.
    NotAuthenticated,
}

/// Where the confirm step stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Showing the browser's preview; nothing sent yet.
    Editing,
    /// The quote request is in flight.
    Quoting,
    /// The server's quote is shown; the customer confirms it (again).
    Review {
        quote: QuoteResponse,
        notice: Option<ReviewNotice>,
    },
    /// The order is in flight.
    Ordering { quote: QuoteResponse },
    /// The order needs a card first (none on file, or it was declined): the card form
    /// opens in the dialog and the same quote goes on once a card is saved.
    NeedsCard { quote: QuoteResponse, why: ApiError },
    /// The card issuer asks the customer to authenticate (3-D Secure): the provider's
    /// challenge is shown; the order is repeated with the same key once it is completed.
    Authenticating {
        quote: QuoteResponse,
        action: NextAction,
    },
    /// The order's answer never came: it is looked up by its key (nothing can be ordered
    /// meanwhile).
    Checking { quote: QuoteResponse },
    /// The lookup failed too: the outcome is still unknown; "Check again".
    Unknown { quote: QuoteResponse },
    /// The order went through.
    Done(Box<OrderResponse>),
}

impl Phase {
    /// A request of this confirm step is out (quote, order or the order's lookup).
    fn in_flight(&self) -> bool {
        matches!(
            self,
            Phase::Quoting
                | Phase::Ordering { .. }
                | Phase::Checking { .. }
                | Phase::Authenticating { .. }
        )
    }
}

/// Whether the server's quote charges exactly what the preview showed: same currency,
/// same amount now, same next invoice.
pub fn same_amounts(preview: &Quote, server: &Quote) -> bool {
    preview.currency == server.currency
        && preview.charge_now == server.charge_now
        && preview.next_invoice.amount == server.next_invoice.amount
}

/// One purchase's confirm step.
#[derive(Clone, Copy, Debug)]
pub struct Checkout {
    phase: RwSignal<Phase>,
    error: RwSignal<Option<ApiError>>,
    /// One idempotency key per quote id, kept across retries of that order.
    keys: StoredValue<HashMap<String, String>>,
    /// The page's order of unknown outcome (outlives this dialog).
    pending: PendingOrders,
    /// Said when an earlier order's lookup found it was not made (nothing charged).
    earlier_not_charged: RwSignal<bool>,
    /// Where the host hears what was bought (told from the order's success path, so a
    /// dialog closed mid-order still tells it).
    events: StoredValue<HostEvents, LocalStorage>,
}

impl Default for Checkout {
    fn default() -> Self {
        Self::new()
    }
}

impl Checkout {
    /// A confirm step with nothing sent.
    pub fn new() -> Self {
        Checkout {
            phase: RwSignal::new(Phase::Editing),
            error: RwSignal::new(None),
            keys: StoredValue::new(HashMap::new()),
            pending: PendingOrders::use_pending(),
            earlier_not_charged: RwSignal::new(false),
            events: StoredValue::new_local(use_context::<HostEvents>().unwrap_or_default()),
        }
    }

    /// Where it stands (tracked).
    pub fn phase(&self) -> Phase {
        self.phase.get()
    }

    /// Where it stands, without tracking.
    pub fn phase_untracked(&self) -> Phase {
        self.phase.get_untracked()
    }

    /// The last API error (tracked).
    pub fn error(&self) -> Option<ApiError> {
        self.error.get()
    }

    /// Whether a request is in flight (tracked): confirm buttons and inputs are disabled.
    pub fn busy(&self) -> bool {
        self.phase.with(Phase::in_flight)
    }

    /// Whether an order's outcome is unknown, this one's or an earlier dialog's (tracked):
    /// nothing can be confirmed until it is found out.
    pub fn pending(&self) -> bool {
        self.pending.is_pending()
    }

    /// Whether the pending order is being looked up right now (tracked).
    pub fn checking(&self) -> bool {
        self.pending.checking()
    }

    /// Whether an earlier order turned out not to have been made (tracked).
    pub fn earlier_not_charged(&self) -> bool {
        self.earlier_not_charged.get()
    }

    /// Whether the order went through (tracked).
    pub fn done(&self) -> bool {
        self.phase.with(|p| matches!(p, Phase::Done(_)))
    }

    /// The server's quote being reviewed, if any (tracked).
    pub fn server_quote(&self) -> Option<(QuoteResponse, Option<ReviewNotice>)> {
        self.phase.with(|p| match p {
            Phase::Review { quote, notice } => Some((quote.clone(), *notice)),
            Phase::Ordering { quote }
            | Phase::Checking { quote }
            | Phase::Unknown { quote }
            | Phase::NeedsCard { quote, .. }
            | Phase::Authenticating { quote, .. } => Some((quote.clone(), None)),
            _ => None,
        })
    }

    /// Back to the preview when the customer edits the cart (not while a request is out).
    pub fn reset(&self) {
        if !self.phase.with_untracked(|p| {
            p.in_flight()
                || matches!(
                    p,
                    Phase::Unknown { .. } | Phase::Done(_) | Phase::NeedsCard { .. }
                )
        }) {
            self.phase.set(Phase::Editing);
            self.error.set(None);
        }
    }

    /// The customer pressed confirm: quote (if not yet reviewed), then order if the server's
    /// amounts are the ones shown. Ignored while a request is in flight (a double click
    /// sends one order).
    pub fn confirm(
        &self,
        client: ApiClient,
        billing: Billing,
        changes: Vec<Change>,
        preview: Option<Quote>,
    ) {
        if self.pending.with_pending_untracked() {
            // Find out first; never a second order while the first one's fate is unknown.
            self.check_pending(client, billing);
            return;
        }
        let current = self.phase.get_untracked();
        if current.in_flight() || matches!(current, Phase::Done(_)) {
            return;
        }
        self.error.set(None);
        let this = *self;
        // Taken now: the dialog (and this checkout's own storage) may be closed while the
        // quote or the order is in flight, and the host must still hear of the purchase.
        let events = self.events.get_value();
        match current {
            Phase::Review { quote, notice } => {
                if notice == Some(ReviewNotice::NotSelfServe) || !quote.quote.self_serve {
                    return;
                }
                self.phase.set(Phase::Ordering {
                    quote: quote.clone(),
                });
                spawn_local(
                    async move { this.order(client, billing, changes, quote, events).await },
                );
            }
            _ => {
                self.phase.set(Phase::Quoting);
                spawn_local(async move {
                    match client.quote(&changes).await {
                        Err(e) => {
                            this.error.try_set(Some(e));
                            this.phase.try_set(Phase::Editing);
                        }
                        Ok(quote) if !quote.quote.self_serve => {
                            this.phase.try_set(Phase::Review {
                                quote,
                                notice: Some(ReviewNotice::NotSelfServe),
                            });
                        }
                        Ok(quote) => {
                            let seen = preview.is_some_and(|p| same_amounts(&p, &quote.quote));
                            if seen {
                                this.phase.try_set(Phase::Ordering {
                                    quote: quote.clone(),
                                });
                                this.order(client, billing, changes, quote, events).await;
                            } else {
                                this.phase.try_set(Phase::Review {
                                    quote,
                                    notice: Some(ReviewNotice::PriceChanged),
                                });
                            }
                        }
                    }
                });
            }
        }
    }

    /// The card the order needed was saved: the same quote is ordered again, under the same
    /// `Idempotency-Key` (nothing was committed under it).
    pub fn card_saved(&self, client: ApiClient, billing: Billing, changes: Vec<Change>) {
        let Phase::NeedsCard { quote, .. } = self.phase.get_untracked() else {
            return;
        };
        self.error.set(None);
        self.phase.set(Phase::Ordering {
            quote: quote.clone(),
        });
        let this = *self;
        let events = self.events.get_value();
        spawn_local(async move { this.order(client, billing, changes, quote, events).await });
    }

    /// The provider's challenge ended: completed → the order is repeated with the same
    /// key; failed or abandoned → nothing was charged, and the customer may confirm again.
    pub fn authenticated(
        &self,
        client: ApiClient,
        billing: Billing,
        changes: Vec<Change>,
        outcome: Result<(), crate::provider::ProviderError>,
    ) {
        let Phase::Authenticating { quote, .. } = self.phase.get_untracked() else {
            return;
        };
        match outcome {
            Ok(()) => {
                self.phase.set(Phase::Ordering {
                    quote: quote.clone(),
                });
                let this = *self;
                let events = self.events.get_value();
                spawn_local(
                    async move { this.order(client, billing, changes, quote, events).await },
                );
            }
            Err(_) => {
                self.phase.set(Phase::Review {
                    quote,
                    notice: Some(ReviewNotice::NotAuthenticated),
                });
            }
        }
    }

    /// The customer left the card form or the challenge: back to the reviewed quote
    /// (nothing was charged).
    pub fn back_to_review(&self) {
        let quote = self.phase.with_untracked(|p| match p {
            Phase::NeedsCard { quote, .. } | Phase::Authenticating { quote, .. } => {
                Some(quote.clone())
            }
            _ => None,
        });
        if let Some(quote) = quote {
            let notice = self
                .phase
                .with_untracked(|p| matches!(p, Phase::Authenticating { .. }))
                .then_some(ReviewNotice::NotAuthenticated);
            self.phase.set(Phase::Review { quote, notice });
        }
    }

    /// Looks the page's pending order up by its key (on opening a purchase dialog while
    /// one is pending, and on "Check again").
    pub fn check_pending(&self, client: ApiClient, billing: Billing) {
        if !self.pending.with_pending_untracked() {
            return;
        }
        let this = *self;
        let events = self.events.get_value();
        let previous_plan = billing.with_account_untracked(|a| a.plan);
        spawn_local(async move { this.settle(client, billing, events, previous_plan).await });
    }

    /// Shows what the lookup of the pending order found: done (with its charge), not done
    /// (nothing charged; this dialog's order may be confirmed again with the same key), or
    /// still unknown.
    async fn settle(
        &self,
        client: ApiClient,
        billing: Billing,
        events: HostEvents,
        previous_plan: pricing::PlanId,
    ) {
        let ours = |pending: &PendingOrder| {
            self.phase.with_untracked(|p| match p {
                Phase::Checking { quote } | Phase::Unknown { quote } => {
                    quote.id == pending.quote.id
                }
                _ => false,
            })
        };
        let sent_here = self.pending.order_untracked().is_some_and(|p| ours(&p));
        if sent_here {
            self.phase.try_update(|p| {
                if let Phase::Unknown { quote } = p {
                    *p = Phase::Checking {
                        quote: quote.clone(),
                    };
                }
            });
        }
        match self.pending.resolve(&client, billing).await {
            Some(Resolution::Done(order)) => {
                events.emit(HostEvent::order(&order, previous_plan));
                self.error.try_set(None);
                self.phase.try_set(Phase::Done(order));
            }
            Some(Resolution::NotDone(pending)) if sent_here => {
                self.error.try_set(None);
                self.phase.try_set(Phase::Review {
                    quote: pending.quote,
                    notice: Some(ReviewNotice::NotCharged),
                });
            }
            Some(Resolution::NotDone(_)) => {
                self.earlier_not_charged.try_set(true);
            }
            Some(Resolution::Unknown(_)) if sent_here => {
                self.phase.try_update(|p| {
                    if let Phase::Checking { quote } = p {
                        *p = Phase::Unknown {
                            quote: quote.clone(),
                        };
                    }
                });
            }
            Some(Resolution::Unknown(_)) | None => {}
        }
    }

    async fn order(
        &self,
        client: ApiClient,
        billing: Billing,
        changes: Vec<Change>,
        quote: QuoteResponse,
        events: HostEvents,
    ) {
        let key = self
            .keys
            .try_update_value(|keys| {
                keys.entry(quote.id.clone())
                    .or_insert_with(ApiClient::new_idempotency_key)
                    .clone()
            })
            .unwrap_or_else(ApiClient::new_idempotency_key);
        let previous_plan = billing.with_account_untracked(|a| a.plan);
        match client.order(&quote.id, &key).await {
            Ok(order) => {
                billing.set_data(order.account.clone());
                events.emit(HostEvent::order(&order, previous_plan));
                self.phase.try_set(Phase::Done(Box::new(order)));
            }
            Err(e) if e.outcome_unknown() => {
                // DESIGN §5: no answer is not "failed" — the order may have been charged.
                self.pending.hold(PendingOrder {
                    key,
                    quote: quote.clone(),
                });
                self.phase.try_set(Phase::Checking { quote });
                self.settle(client, billing, events, previous_plan).await;
            }
            Err(e) if e.needs_card() => {
                self.phase.try_set(Phase::NeedsCard { quote, why: e });
            }
            Err(e) if e.authentication().is_some() => {
                let action = e.authentication().cloned();
                if let Some(action) = action {
                    self.phase.try_set(Phase::Authenticating { quote, action });
                }
            }
            Err(e) if e.is_stale_quote() => {
                // DESIGN §3: a stale quote is computed again and shown before any charge.
                self.phase.try_set(Phase::Quoting);
                match client.quote(&changes).await {
                    Ok(fresh) => {
                        let notice = if fresh.quote.self_serve {
                            ReviewNotice::Requoted
                        } else {
                            ReviewNotice::NotSelfServe
                        };
                        self.phase.try_set(Phase::Review {
                            quote: fresh,
                            notice: Some(notice),
                        });
                    }
                    Err(e) => {
                        self.error.try_set(Some(e));
                        self.phase.try_set(Phase::Editing);
                    }
                }
            }
            Err(e) => {
                // Kept: the same quote and key, so confirming again cannot charge twice.
                self.error.try_set(Some(e));
                self.phase.try_set(Phase::Review {
                    quote,
                    notice: None,
                });
            }
        }
    }
}
