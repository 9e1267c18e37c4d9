//! What the page tells the host: namespaced `CustomEvent`s dispatched from the host
//! element, with `bubbles` and `composed` so they cross the shadow boundary, and a
//! JSON-safe `detail` (documented in the README).

use send_wrapper::SendWrapper;
use serde::Serialize;
use wasm_bindgen::JsValue;

use api_types::{OrderResponse, SupportRequestResponse, SupportTopic};
use chrono::{DateTime, Utc};
use pricing::{Change, Money, PlanId};

use crate::api::ApiError;

/// The events a host can listen for (`billing-upgrade:<name>`), each with its `detail`:
/// the variant's fields, serialised as the README's table says.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum HostEvent {
    /// The plan changed.
    PlanChanged {
        plan: PlanId,
        previous_plan: PlanId,
        charged: Money,
        order_id: String,
    },
    /// Anything else was bought (add-on, limits, SMS pack, seats, cycle).
    PurchaseCompleted {
        order_id: String,
        charged: Money,
        changes: Vec<Change>,
    },
    /// A cancellation was scheduled.
    CancellationScheduled { effective_at: DateTime<Utc> },
    /// A scheduled cancellation was undone.
    CancellationUndone {},
    /// Billing pause was scheduled or started.
    Paused { at: DateTime<Utc> },
    /// Billing resumed.
    Resumed {},
    /// A support request was filed.
    SupportRequested { id: String, topic: SupportTopic },
    /// The backend raised the contact limit automatically (auto-upgrade); told once per
    /// raise the page sees.
    ContactLimitRaised {
        at: DateTime<Utc>,
        from_contacts: u32,
        to_contacts: u32,
        charged: Money,
    },
    /// An API call failed in a way the user saw.
    Error {
        status: Option<u16>,
        code: String,
        message: String,
    },
}

impl HostEvent {
    /// The event's type string, e.g. `billing-upgrade:plan-changed`.
    pub fn name(&self) -> &'static str {
        match self {
            HostEvent::PlanChanged { .. } => "billing-upgrade:plan-changed",
            HostEvent::PurchaseCompleted { .. } => "billing-upgrade:purchase-completed",
            HostEvent::CancellationScheduled { .. } => "billing-upgrade:cancellation-scheduled",
            HostEvent::CancellationUndone {} => "billing-upgrade:cancellation-undone",
            HostEvent::Paused { .. } => "billing-upgrade:paused",
            HostEvent::Resumed {} => "billing-upgrade:resumed",
            HostEvent::SupportRequested { .. } => "billing-upgrade:support-requested",
            HostEvent::ContactLimitRaised { .. } => "billing-upgrade:contact-limit-raised",
            HostEvent::Error { .. } => "billing-upgrade:error",
        }
    }

    /// `:error` for an API failure the customer saw.
    pub fn error(error: &ApiError) -> Self {
        let (status, code) = match error {
            ApiError::Http { status, code, .. } => (Some(*status), code.clone()),
            ApiError::Timeout => (None, "timeout".to_string()),
            ApiError::Network(_) => (None, "network".to_string()),
            ApiError::Decode(_) => (None, "decode".to_string()),
            ApiError::Unconfirmed(_) => (None, "unconfirmed".to_string()),
        };
        HostEvent::Error {
            status,
            code,
            message: error.to_string(),
        }
    }

    /// `:plan-changed` when the order moved the plan, else `:purchase-completed`.
    pub fn order(order: &OrderResponse, previous_plan: PlanId) -> Self {
        let plan = order.account.account.plan;
        if plan != previous_plan {
            HostEvent::PlanChanged {
                plan,
                previous_plan,
                charged: order.charged,
                order_id: order.id.clone(),
            }
        } else {
            HostEvent::PurchaseCompleted {
                order_id: order.id.clone(),
                charged: order.charged,
                changes: order.effects.iter().map(|e| e.change.clone()).collect(),
            }
        }
    }

    /// `:support-requested` for a filed ticket.
    pub fn support_requested(ticket: &SupportRequestResponse) -> Self {
        HostEvent::SupportRequested {
            id: ticket.id.clone(),
            topic: ticket.request.topic,
        }
    }
}

/// Where events go: the host element (or nothing, e.g. in component tests).
#[derive(Clone, Debug)]
pub struct HostEvents(SendWrapper<Option<web_sys::EventTarget>>);

impl Default for HostEvents {
    fn default() -> Self {
        Self(SendWrapper::new(None))
    }
}

impl PartialEq for HostEvents {
    fn eq(&self, other: &Self) -> bool {
        *self.0 == *other.0
    }
}

impl HostEvents {
    /// Events dispatched from `target`.
    pub fn to(target: web_sys::EventTarget) -> Self {
        Self(SendWrapper::new(Some(target)))
    }

    /// Dispatches `event` with its detail (serialised to plain JSON); never fails loudly.
    pub fn emit(&self, event: HostEvent) {
        let Some(target) = self.0.as_ref() else {
            return;
        };
        let detail = serde_json::to_string(&event)
            .ok()
            .and_then(|json| js_sys::JSON::parse(&json).ok())
            .unwrap_or(JsValue::NULL);
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&detail);
        if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(event.name(), &init) {
            let _ = target.dispatch_event(&ev);
        }
    }
}
