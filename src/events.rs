//! What the page tells the host: namespaced `CustomEvent`s dispatched from the host
//! element, with `bubbles` and `composed` so they cross the shadow boundary, and a
//! JSON-safe `detail` (documented in the README).

use send_wrapper::SendWrapper;
use serde::Serialize;
use wasm_bindgen::JsValue;

use pricing::wire::{OrderResponse, SupportRequestResponse};
use pricing::{Change, PlanId};

use crate::api::ApiError;

/// The events a host can listen for (`billing-upgrade:<name>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostEvent {
    /// The plan changed: `{ plan, previous_plan, charged: {amount, currency}, order_id }`.
    PlanChanged,
    /// Anything else was bought (add-on, limits, SMS pack, seats): `{ order_id, charged, changes }`.
    PurchaseCompleted,
    /// A cancellation was scheduled: `{ effective_at }`.
    CancellationScheduled,
    /// A scheduled cancellation was undone: `{}`.
    CancellationUndone,
    /// Billing pause was scheduled or started: `{ at }`.
    Paused,
    /// Billing resumed: `{}`.
    Resumed,
    /// A support request was filed: `{ id, topic }`.
    SupportRequested,
    /// The backend raised the contact limit automatically (auto-upgrade): `{ at,
    /// from_contacts, to_contacts, charged }`; told once per raise the page sees.
    ContactLimitRaised,
    /// An API call failed in a way the user saw: `{ status, code, message }`.
    Error,
}

impl HostEvent {
    /// The event's type string, e.g. `billing-upgrade:plan-changed`.
    pub fn name(self) -> &'static str {
        match self {
            HostEvent::PlanChanged => "billing-upgrade:plan-changed",
            HostEvent::PurchaseCompleted => "billing-upgrade:purchase-completed",
            HostEvent::CancellationScheduled => "billing-upgrade:cancellation-scheduled",
            HostEvent::CancellationUndone => "billing-upgrade:cancellation-undone",
            HostEvent::Paused => "billing-upgrade:paused",
            HostEvent::Resumed => "billing-upgrade:resumed",
            HostEvent::SupportRequested => "billing-upgrade:support-requested",
            HostEvent::ContactLimitRaised => "billing-upgrade:contact-limit-raised",
            HostEvent::Error => "billing-upgrade:error",
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

    /// Dispatches `event` with `detail` (serialised to plain JSON); never fails loudly.
    pub fn emit(&self, event: HostEvent, detail: &impl Serialize) {
        let Some(target) = self.0.as_ref() else {
            return;
        };
        let detail = serde_json::to_string(detail)
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

/// `billing-upgrade:error` for an API failure the customer saw.
pub fn emit_error(events: &HostEvents, error: &ApiError) {
    let (status, code) = match error {
        ApiError::Http { status, code, .. } => (Some(*status), code.clone()),
        ApiError::Timeout => (None, "timeout".to_string()),
        ApiError::Network(_) => (None, "network".to_string()),
        ApiError::Decode(_) => (None, "decode".to_string()),
    };
    events.emit(
        HostEvent::Error,
        &serde_json::json!({ "status": status, "code": code, "message": error.to_string() }),
    );
}

/// `billing-upgrade:plan-changed` when the plan moved, else `:purchase-completed`.
pub fn emit_order(events: &HostEvents, order: &OrderResponse, previous_plan: PlanId) {
    let plan = order.account.account.plan;
    if plan != previous_plan {
        events.emit(
            HostEvent::PlanChanged,
            &serde_json::json!({
                "plan": plan,
                "previous_plan": previous_plan,
                "charged": order.charged,
                "order_id": order.id,
            }),
        );
    } else {
        let changes: Vec<Change> = order.effects.iter().map(|e| e.change.clone()).collect();
        events.emit(
            HostEvent::PurchaseCompleted,
            &serde_json::json!({
                "order_id": order.id,
                "charged": order.charged,
                "changes": changes,
            }),
        );
    }
}

/// `billing-upgrade:support-requested` for a filed ticket: `{ id, topic }`.
pub fn emit_support_requested(events: &HostEvents, ticket: &SupportRequestResponse) {
    events.emit(
        HostEvent::SupportRequested,
        &serde_json::json!({ "id": ticket.id, "topic": ticket.request.topic }),
    );
}
