//! The confirm step of every purchase (DESIGN §2–3, issue 5): post a quote, compare the
//! server's amounts with the preview the customer saw, order with an idempotency key.
//! Never charges a number the user did not see; a double click sends one order.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use pricing::wire::{OrderResponse, QuoteResponse};
use pricing::{Change, Quote};

use crate::api::{ApiClient, ApiError};

use super::Billing;

/// Why the server's quote is shown for a second confirmation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewNotice {
    /// The server's amounts differ from the preview.
    PriceChanged,
    /// The quote went stale (409) and was computed again.
    Requoted,
    /// The server says this cannot be done alone (shown with its reason).
    NotSelfServe,
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
    /// The order went through.
    Done(Box<OrderResponse>),
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
        }
    }

    /// Where it stands (tracked).
    pub fn phase(&self) -> Phase {
        self.phase.get()
    }

    /// The last API error (tracked).
    pub fn error(&self) -> Option<ApiError> {
        self.error.get()
    }

    /// Whether a request is in flight (tracked): confirm buttons and inputs are disabled.
    pub fn busy(&self) -> bool {
        self.phase
            .with(|p| matches!(p, Phase::Quoting | Phase::Ordering { .. }))
    }

    /// Whether the order went through (tracked).
    pub fn done(&self) -> bool {
        self.phase.with(|p| matches!(p, Phase::Done(_)))
    }

    /// The server's quote being reviewed, if any (tracked).
    pub fn server_quote(&self) -> Option<(QuoteResponse, Option<ReviewNotice>)> {
        self.phase.with(|p| match p {
            Phase::Review { quote, notice } => Some((quote.clone(), *notice)),
            Phase::Ordering { quote } => Some((quote.clone(), None)),
            _ => None,
        })
    }

    /// Back to the preview when the customer edits the cart (not while a request is out).
    pub fn reset(&self) {
        if !self.phase.with_untracked(|p| {
            matches!(p, Phase::Quoting | Phase::Ordering { .. } | Phase::Done(_))
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
        let current = self.phase.get_untracked();
        if matches!(
            current,
            Phase::Quoting | Phase::Ordering { .. } | Phase::Done(_)
        ) {
            return;
        }
        self.error.set(None);
        let this = *self;
        match current {
            Phase::Review { quote, notice } => {
                if notice == Some(ReviewNotice::NotSelfServe) || !quote.quote.self_serve {
                    return;
                }
                self.phase.set(Phase::Ordering {
                    quote: quote.clone(),
                });
                spawn_local(async move { this.order(client, billing, changes, quote).await });
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
                                this.order(client, billing, changes, quote).await;
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

    async fn order(
        &self,
        client: ApiClient,
        billing: Billing,
        changes: Vec<Change>,
        quote: QuoteResponse,
    ) {
        let key = self
            .keys
            .try_update_value(|keys| {
                keys.entry(quote.id.clone())
                    .or_insert_with(ApiClient::new_idempotency_key)
                    .clone()
            })
            .unwrap_or_else(ApiClient::new_idempotency_key);
        match client.order(&quote.id, &key).await {
            Ok(order) => {
                billing.set_data(order.account.clone());
                self.phase.try_set(Phase::Done(Box::new(order)));
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
