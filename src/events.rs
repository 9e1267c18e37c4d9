//! What the page tells the host: namespaced `CustomEvent`s dispatched from the host
//! element, with `bubbles` and `composed` so they cross the shadow boundary, and a
//! JSON-safe `detail` (documented in the README).

use pricing::json::{Json, ToJson};
use send_wrapper::SendWrapper;
use wasm_bindgen::JsValue;

use api_types::{OrderResponse, SupportRequestResponse, SupportTopic};
use chrono::{DateTime, Utc};
use pricing::{Change, Money, PlanId};

use crate::api::ApiError;

/// The events a host can listen for (`billing-upgrade:<name>`), each with its `detail`:
/// the variant's fields, serialised as the README's table says ([`ToJson`]).
#[derive(Clone, Debug, PartialEq)]
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

impl ToJson for HostEvent {
    /// The `detail`: the variant's fields, in their order, as one object.
    fn to_json(&self) -> Json {
        match self {
            HostEvent::PlanChanged {
                plan,
                previous_plan,
                charged,
                order_id,
            } => Json::object([
                ("plan", plan.to_json()),
                ("previous_plan", previous_plan.to_json()),
                ("charged", charged.to_json()),
                ("order_id", order_id.to_json()),
            ]),
            HostEvent::PurchaseCompleted {
                order_id,
                charged,
                changes,
            } => Json::object([
                ("order_id", order_id.to_json()),
                ("charged", charged.to_json()),
                ("changes", changes.to_json()),
            ]),
            HostEvent::CancellationScheduled { effective_at } => {
                Json::object([("effective_at", effective_at.to_json())])
            }
            HostEvent::CancellationUndone {} | HostEvent::Resumed {} => Json::object([]),
            HostEvent::Paused { at } => Json::object([("at", at.to_json())]),
            HostEvent::SupportRequested { id, topic } => {
                Json::object([("id", id.to_json()), ("topic", topic.to_json())])
            }
            HostEvent::ContactLimitRaised {
                at,
                from_contacts,
                to_contacts,
                charged,
            } => Json::object([
                ("at", at.to_json()),
                ("from_contacts", from_contacts.to_json()),
                ("to_contacts", to_contacts.to_json()),
                ("charged", charged.to_json()),
            ]),
            HostEvent::Error {
                status,
                code,
                message,
            } => Json::object([
                ("status", status.to_json()),
                ("code", code.to_json()),
                ("message", message.to_json()),
            ]),
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
        let detail = js_sys::JSON::parse(&event.to_json().to_string()).unwrap_or(JsValue::NULL);
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&detail);
        if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(event.name(), &init) {
            let _ = target.dispatch_event(&ev);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pricing::{AddOnId, Currency};

    fn money(amount: &str, currency: Currency) -> Money {
        Money::round(amount.parse().expect("a decimal"), currency)
    }

    fn at(text: &str) -> DateTime<Utc> {
        pricing::wire::parse_instant(text).expect("an RFC 3339 instant")
    }

    /// The README's table of `detail`s, exactly as the host receives them.
    #[test]
    fn details_are_the_readme_shapes() {
        let cases = [
            (
                HostEvent::PlanChanged {
                    plan: PlanId::Pro,
                    previous_plan: PlanId::Plus,
                    charged: money("12.50", Currency::USD),
                    order_id: "ord_1".into(),
                },
                r#"{"plan":"pro","previous_plan":"plus","charged":{"amount":"12.50","currency":"USD"},"order_id":"ord_1"}"#,
            ),
            (
                HostEvent::PurchaseCompleted {
                    order_id: "ord_2".into(),
                    charged: money("0", Currency::JPY),
                    changes: vec![
                        Change::AddAddOn {
                            addon: AddOnId::TransactionalEmail,
                        },
                        Change::SetSeats { seats: 3 },
                    ],
                },
                r#"{"order_id":"ord_2","charged":{"amount":"0","currency":"JPY"},"changes":[{"kind":"add_add_on","addon":"transactional_email"},{"kind":"set_seats","seats":3}]}"#,
            ),
            (
                HostEvent::CancellationScheduled {
                    effective_at: at("2027-01-01T00:00:00Z"),
                },
                r#"{"effective_at":"2027-01-01T00:00:00Z"}"#,
            ),
            (HostEvent::CancellationUndone {}, "{}"),
            (
                HostEvent::Paused {
                    at: at("2026-12-15T10:30:00.5Z"),
                },
                r#"{"at":"2026-12-15T10:30:00.500Z"}"#,
            ),
            (HostEvent::Resumed {}, "{}"),
            (
                HostEvent::SupportRequested {
                    id: "sr_1".into(),
                    topic: SupportTopic::RetentionOffer,
                },
                r#"{"id":"sr_1","topic":"retention_offer"}"#,
            ),
            (
                HostEvent::ContactLimitRaised {
                    at: at("2026-12-15T00:00:00Z"),
                    from_contacts: 1000,
                    to_contacts: 2500,
                    charged: money("7.125", Currency::KWD),
                },
                r#"{"at":"2026-12-15T00:00:00Z","from_contacts":1000,"to_contacts":2500,"charged":{"amount":"7.125","currency":"KWD"}}"#,
            ),
            (
                HostEvent::Error {
                    status: Some(503),
                    code: "unavailable".into(),
                    message: "try \"later\"".into(),
                },
                r#"{"status":503,"code":"unavailable","message":"try \"later\""}"#,
            ),
            (
                HostEvent::error(&ApiError::Timeout),
                r#"{"status":null,"code":"timeout","message":"the billing server did not answer in time"}"#,
            ),
        ];
        for (event, detail) in cases {
            assert_eq!(event.to_json().to_string(), detail, "{}", event.name());
        }
    }
}
