//! One request from a button that is not a purchase (pause, resume, undo, support request,
//! payment method, auto-upgrade, cancellation, success session): in flight at most once —
//! its button disabled meanwhile, so a double click sends one request — and its failure
//! kept to be shown beside it and told to the host (`billing-upgrade:error`); a success
//! tells the host what it did. A failure that leaves the outcome unknown (no answer, an
//! unreadable one, a 5xx after sending: DESIGN §5) may have taken effect, and a `409
//! conflict` says the account is not in the state the page shows: either way the account
//! is read again before the button is enabled, so the page shows what the server holds.
//! Purchases go through [`super::Checkout`] (quote → order).

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use api_types::AccountResponse;

use leptos::prelude::*;
use leptos::task::spawn_local;
use pricing::Status;

use crate::api::{ApiClient, ApiError};

use crate::events::{HostEvent, HostEvents};

use super::{Api, Billing, Online};

/// What a successful request does with its answer (told the host's events).
type OnOk = Box<dyn FnOnce(&HostEvents)>;
/// What the account read again after an unknown outcome says: the change is there (what
/// to do, as for an answer), or not.
type Landed = Box<dyn FnOnce(&AccountResponse) -> Option<OnOk>>;

/// The account actions that are one request with no quote: the answer is the account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountAction {
    /// Resume billing (or drop a scheduled pause).
    Resume,
    /// Undo a scheduled cancellation.
    UndoCancellation,
}

/// The state of one button's request.
#[derive(Clone, Copy, Debug)]
pub struct Submission {
    busy: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    online: Online,
    client: StoredValue<Option<ApiClient>, LocalStorage>,
    events: StoredValue<HostEvents, LocalStorage>,
    /// The account to read again after an unknown outcome (missing in component tests).
    billing: Option<Billing>,
}

impl Submission {
    /// Reads the API client, network state and host events from context (any may be
    /// missing in component tests: then nothing is sent).
    pub fn new() -> Self {
        Self {
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            online: Online::use_online(),
            client: StoredValue::new_local(use_context::<Api>().map(|a| a.0)),
            events: StoredValue::new_local(use_context::<HostEvents>().unwrap_or_default()),
            billing: use_context::<Billing>(),
        }
    }

    /// Whether the request is in flight (tracked).
    pub fn busy(&self) -> bool {
        self.busy.get()
    }

    /// The last failure, until the next attempt (tracked).
    pub fn error(&self) -> Option<ApiError> {
        self.error.get()
    }

    /// Whether a request may be sent now: none in flight, online, a client to send it
    /// with (tracked). Buttons are disabled otherwise.
    pub fn ready(&self) -> bool {
        !self.busy.get() && self.online.get() && self.client.with_value(Option::is_some)
    }

    /// Sends `request` unless one is in flight or there is no client; `on_ok` gets the
    /// answer and the host's events (to tell it what the request did — delivered even if
    /// the button is gone by then). A failure is kept for display and told to the host;
    /// nothing else changes.
    pub fn run<T, Fut>(
        &self,
        request: impl FnOnce(ApiClient) -> Fut,
        on_ok: impl FnOnce(T, &HostEvents) + 'static,
    ) where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        self.run_checked(request, |_| None, on_ok);
    }

    /// As [`Self::run`], for a request whose effect the account shows: after an unknown
    /// outcome (or a `409`) the account is read again, and when `landed` finds the change
    /// in it (and makes the answer from it) the request went through after all — `on_ok`
    /// runs as if the answer had come, and no failure is shown or told.
    pub fn run_checked<T, Fut>(
        &self,
        request: impl FnOnce(ApiClient) -> Fut,
        landed: impl FnOnce(&AccountResponse) -> Option<T> + 'static,
        on_ok: impl FnOnce(T, &HostEvents) + 'static,
    ) where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        if self.busy.get_untracked() {
            return;
        }
        let Some(client) = self.client.get_value() else {
            return;
        };
        let pending = request(client.clone());
        // Only this mapping is made per call site; the rest is one function for all. One
        // of the two ends runs `on_ok`: the answer, or the change found in the account.
        type Shared<T> = Rc<Cell<Option<Box<dyn FnOnce(T, &HostEvents)>>>>;
        let on_ok: Shared<T> = Rc::new(Cell::new(Some(Box::new(on_ok))));
        let answered = on_ok.clone();
        let finish = |on_ok: Shared<T>, answer: T| {
            Box::new(move |events: &HostEvents| {
                if let Some(on_ok) = on_ok.take() {
                    on_ok(answer, events);
                }
            }) as OnOk
        };
        self.send(
            client,
            Box::pin(async move { Ok(finish(answered, pending.await?)) }),
            Box::new(move |data| landed(data).map(|answer| finish(on_ok, answer))),
        );
    }

    /// [`Submission::run`]'s body, the same for every request: `pending` ends with what to
    /// do with the answer, or the failure to keep.
    fn send(
        &self,
        client: ApiClient,
        pending: Pin<Box<dyn Future<Output = Result<OnOk, ApiError>>>>,
        landed: Landed,
    ) {
        let (busy, error, events) = (self.busy, self.error, self.events.get_value());
        let billing = self.billing;
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match pending.await {
                Ok(on_ok) => on_ok(&events),
                Err(e) => {
                    // Unknown outcome, or `409 conflict`: the account may not be what the
                    // page thinks (a lost answer's change, a browser's silent resend of it).
                    let settled = match billing {
                        Some(billing) => billing.settle(&client, e, landed).await,
                        None => Err(e),
                    };
                    match settled {
                        // The change is on the server: it went through.
                        Ok(on_ok) => on_ok(&events),
                        Err(e) => {
                            events.emit(HostEvent::error(&e));
                            let _ = error.try_set(Some(e));
                        }
                    }
                }
            }
            let _ = busy.try_set(false);
        });
    }

    /// Runs `action`: the new account replaces the page's, the host is told, then
    /// `on_done` runs (the one place these actions live; banners and the wizard call it).
    pub fn account_action(&self, action: AccountAction, on_done: impl FnOnce() + 'static) {
        let billing = self.billing;
        self.run_checked(
            move |client| async move {
                match action {
                    AccountAction::Resume => client.resume().await,
                    AccountAction::UndoCancellation => client.undo_cancellation().await,
                }
            },
            // A lost answer: the account says whether it was resumed (undone).
            move |data| {
                let still = matches!(
                    (action, &data.account.status),
                    (
                        AccountAction::Resume,
                        Status::Paused { .. } | Status::PauseScheduled { .. }
                    ) | (
                        AccountAction::UndoCancellation,
                        Status::CancellationScheduled { .. }
                    )
                );
                (!still).then(|| data.clone())
            },
            move |data, events| {
                if let Some(billing) = billing {
                    billing.set_data(data);
                }
                events.emit(match action {
                    AccountAction::Resume => HostEvent::Resumed {},
                    AccountAction::UndoCancellation => HostEvent::CancellationUndone {},
                });
                on_done();
            },
        );
    }
}

impl Default for Submission {
    fn default() -> Self {
        Self::new()
    }
}
