//! The fault matrix (issue 12, "Fault matrix as a test"): every write flow of the page ×
//! every fault the mock can inject (500, 503 then success, 429 with `Retry-After`, `slow`,
//! `lost_response`, malformed JSON, 409 stale, offline), plus a double click and
//! close-and-reopen. Each row says what the customer must see and what the server must
//! hold afterwards: the message in the right place, the input kept, the way forward, and
//! exactly one charge (or none) in the mock's ledger. Then a bounded randomized run with
//! the same invariants (seed printed; `BU_FAULT_SEED` overrides it).
//!
//! One browser session and one mock serve every row: each row resets the mock to its
//! scenario (`_mock/reset`, which also drops pending faults) and mounts a fresh page (the
//! loader's `mount`, with a 1.5 s request timeout so that `slow` answers are lost to it
//! quickly). Rows wait for DOM conditions by polling, never by fixed sleeps.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use e2e::{Harness, TestCard};
use serde_json::{json, Value};

/// The page's request timeout in these tests (the default is 10 s).
const TIMEOUT_MS: u64 = 1500;
/// A `slow` answer held past the page's timeout: the change is made, the answer lost.
const SLOW_LOST_MS: u64 = 2000;
/// A `slow` answer that still arrives in time (close-and-reopen while it is out).
const SLOW_ARRIVES_MS: u64 = 700;
/// How long any one condition may take before the row fails.
const WAIT: Duration = Duration::from_secs(15);

type Outcome<T = ()> = Result<T, String>;

// ---------------------------------------------------------------------------------------
// The flows

/// Every write the page makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flow {
    Upgrade,
    LimitChange,
    AddOn,
    SmsPack,
    Seats,
    SwitchCycle,
    AutoUpgrade,
    PaymentMethod,
    SupportRequest,
    Pause,
    Resume,
    Cancellation,
    UndoCancellation,
}

use Flow::*;

const FLOWS: [Flow; 13] = [
    Upgrade,
    LimitChange,
    AddOn,
    SmsPack,
    Seats,
    SwitchCycle,
    AutoUpgrade,
    PaymentMethod,
    SupportRequest,
    Pause,
    Resume,
    Cancellation,
    UndoCancellation,
];

impl Flow {
    /// The mock scenario the flow starts from.
    fn scenario(self) -> &'static str {
        match self {
            SmsPack => "billing-viewer",
            Resume => "paused",
            UndoCancellation => "cancellation-scheduled",
            _ => "pro-monthly",
        }
    }

    /// A purchase: quote → order with an `Idempotency-Key`.
    fn is_order(self) -> bool {
        matches!(
            self,
            Upgrade | LimitChange | AddOn | SmsPack | Seats | SwitchCycle
        )
    }

    /// What the ledger must hold once the flow went through (exactly this one entry), or
    /// `None` for a flow that charges nothing (then the ledger stays empty). Scenario
    /// clock Nov 22 10:00, period to Dec 15: 1,951,200 of 2,592,000 s left.
    fn charge(self) -> Option<&'static str> {
        match self {
            // ($379.00 − $219.00) × 1,951,200 / 2,592,000 = $120.444… → $120.44.
            Upgrade => Some("120.44"),
            // ($339.00 − $219.00) × 1,951,200 / 2,592,000 = $90.333… → $90.33.
            LimitChange => Some("90.33"),
            // $29.00 × 1,951,200 / 2,592,000 = $21.830… → $21.83.
            AddOn => Some("21.83"),
            // One 1,000-credit pack at its full price: $10.00.
            SmsPack => Some("10.00"),
            // 2 seats × $19.00 × 1,951,200 / 2,592,000 = $28.605… → $28.61.
            Seats => Some("28.61"),
            // Pro $2,102.40 + Pipelines $470.40 + 5 seats × $228.00 = $3,712.80 a year,
            // less the unused month ($363.00 × 1,951,200 / 2,592,000 = $273.26).
            SwitchCycle => Some("3439.54"),
            // Resuming the paused Starter 2,500 + Transactional email charges the rest of
            // the period Nov 5 – Dec 5 (1,087,200 of 2,592,000 s), each line rounded:
            // $29.00 × 1,087,200 / 2,592,000 = $12.16 (12.163…) and
            // $15.00 × 1,087,200 / 2,592,000 = $6.29 (6.291…); $12.16 + $6.29 = $18.45.
            Resume => Some("18.45"),
            _ => None,
        }
    }

    /// The API route of the write: (method, path).
    fn route(self) -> (&'static str, &'static str) {
        match self {
            AutoUpgrade => ("PUT", "/api/v1/auto-upgrade"),
            PaymentMethod => ("PUT", "/api/v1/payment-method"),
            SupportRequest => ("POST", "/api/v1/support-requests"),
            Pause => ("POST", "/api/v1/pause"),
            Resume => ("POST", "/api/v1/resume"),
            Cancellation => ("POST", "/api/v1/cancellation"),
            UndoCancellation => ("DELETE", "/api/v1/cancellation"),
            _ => ("POST", "/api/v1/orders"),
        }
    }

    /// The button that sends the write.
    fn submit(self) -> &'static str {
        match self {
            AutoUpgrade => ".bu-auto-upgrade__confirm",
            PaymentMethod => ".bu-payment__save",
            SupportRequest => ".bu-support__send",
            Pause => ".bu-pause-confirm__button",
            Resume => ".bu-banner--paused .bu-banner__action",
            Cancellation => ".bu-wizard__confirm",
            UndoCancellation => ".bu-banner--cancellation .bu-banner__action",
            _ => ".bu-checkout__confirm",
        }
    }

    /// Where a failure of the write is said: beside the button that sent it.
    fn error_place(self) -> &'static str {
        match self {
            AutoUpgrade | SupportRequest => ".bu-modal [role=alert]",
            PaymentMethod => ".bu-card-entry__error",
            Pause => ".bu-pause-confirm .bu-field-error",
            Resume => ".bu-banner--paused .bu-field-error",
            Cancellation => ".bu-wizard__error",
            UndoCancellation => ".bu-banner--cancellation .bu-field-error",
            _ => ".bu-checkout__error",
        }
    }

    /// A script that is true while what the customer entered is still there.
    fn input_kept(self) -> &'static str {
        match self {
            Upgrade => "return q('.bu-modal__title')?.textContent.includes('Enterprise') && charge_now() === '$120.44';",
            LimitChange => "return q('.bu-limit-dialog__select')?.value === '10000' && charge_now() === '$90.33';",
            AddOn => "return charge_now() === '$21.83';",
            SmsPack => "return charge_now() === '$10.00';",
            Seats => "return q('.bu-seats__range')?.value === '7' && charge_now() === '$28.61';",
            SwitchCycle => "return q('.bu-cycle__option:checked')?.value === 'annual' && charge_now() === '$3,439.54';",
            AutoUpgrade => "return q('.bu-auto-upgrade__switch')?.checked === true && q('.bu-auto-upgrade__terms')?.checked === true;",
            // The typed card is in the provider's frame, which the page cannot read (by
            // design): kept means the same fields are still shown.
            PaymentMethod => "return !!q('.bu-card-entry__frame iframe') && !q('.bu-card-entry__loading');",
            SupportRequest => "return q('.bu-support__message')?.value === 'Please move us to Starter';",
            Pause => "return !!q('.bu-pause-confirm__button');",
            Resume => "return !!q('.bu-banner--paused .bu-banner__action');",
            Cancellation => "return q('.bu-wizard__heading')?.textContent.includes('Confirm cancellation');",
            UndoCancellation => "return !!q('.bu-banner--cancellation .bu-banner__action');",
        }
    }

    /// The host event a write of account state sends once done.
    fn host_event(self) -> Option<&'static str> {
        match self {
            Pause => Some("paused"),
            Resume => Some("resumed"),
            Cancellation => Some("cancellation-scheduled"),
            UndoCancellation => Some("cancellation-undone"),
            _ => None,
        }
    }

    /// A script that is true once the page says the write went through.
    fn done(self) -> &'static str {
        match self {
            AutoUpgrade => {
                "return !q('.bu-modal') && q('.bu-auto-upgrade__state')?.textContent === 'On';"
            }
            PaymentMethod => "return !!q('.bu-payment__saved');",
            SupportRequest => "return !!q('.bu-support__sent');",
            Pause => "return !!q('.bu-pause__done');",
            Resume => "return !q('.bu-banner--paused') && !!q('.bu-plan-name');",
            Cancellation => "return !!q('.bu-wizard__done-text');",
            UndoCancellation => "return !q('.bu-banner--cancellation') && !!q('.bu-plan-name');",
            _ => "return !!q('.bu-checkout__done');",
        }
    }

    /// A script: does the page (outside any dialog) show the change as made? `None` for
    /// the support request, which changes no account.
    fn shown(self) -> Option<&'static str> {
        Some(match self {
            Upgrade => "return q('.bu-plan-name')?.textContent.trim() === 'Enterprise';",
            LimitChange => "return !!q('.bu-limit--contacts .bu-limit__usage')?.textContent.includes('10,000');",
            AddOn => "return !!q('[data-addon=custom_reports] .bu-addon__active');",
            SmsPack => "return !!q('.bu-sms__credits')?.textContent.includes('1,120');",
            Seats => "return q('.bu-seats__purchased')?.textContent.trim() === '7';",
            SwitchCycle => "return !!q('.bu-overview__cycle')?.textContent.includes('Annual');",
            AutoUpgrade => "return q('.bu-auto-upgrade__state')?.textContent === 'On';",
            PaymentMethod => "return !!q('.bu-overview__payment')?.textContent.includes('Mastercard');",
            SupportRequest => return None,
            Pause => "return !!q('.bu-banner--pause-scheduled');",
            Resume => "return !q('.bu-banner--paused');",
            Cancellation => "return !!q('.bu-banner--cancellation');",
            UndoCancellation => "return !q('.bu-banner--cancellation');",
        })
    }

    /// Whether the server holds the change (`_mock/records`).
    fn on_server(self, records: &Value) -> bool {
        let a = &records["world"]["account"];
        let status = a["status"]["kind"].as_str().unwrap_or_default();
        match self {
            Upgrade => a["plan"] == "enterprise",
            LimitChange => a["contacts"] == 10000,
            AddOn => a["addons"]
                .as_array()
                .is_some_and(|l| l.iter().any(|x| x == "custom_reports")),
            SmsPack => a["sms"]["remaining"] == 1120,
            Seats => a["seats"]["purchased"] == 7,
            SwitchCycle => a["cycle"] == "annual",
            AutoUpgrade => a["auto_upgrade"] == true,
            PaymentMethod => a["payment_method"]["brand"]
                .as_str()
                .is_some_and(|b| b.eq_ignore_ascii_case("mastercard")),
            SupportRequest => records["support_requests"]
                .as_array()
                .is_some_and(|l| !l.is_empty()),
            Pause => status == "pause_scheduled",
            Resume | UndoCancellation => status == "active",
            Cancellation => status == "cancellation_scheduled",
        }
    }

    /// From the freshly mounted page to the write's dialog (or banner), input entered.
    async fn open(self, h: &Harness) -> Outcome {
        match self {
            Upgrade => click(h, "[data-plan=enterprise] .bu-plan__upgrade").await,
            LimitChange => {
                click(h, ".bu-limit--contacts .bu-limit__edit").await?;
                set_value(h, ".bu-limit-dialog__select", "10000").await
            }
            AddOn => click(h, "[data-addon=custom_reports] .bu-addon__add").await,
            SmsPack => {
                click(h, ".bu-sms__edit").await?;
                set_value(h, ".bu-sms__pack", "sms_1000").await?;
                click(h, ".bu-sms__continue").await
            }
            Seats => {
                set_value(h, ".bu-seats__range", "7").await?;
                until(
                    h,
                    "return q('.bu-seats__total')?.textContent === '$133.00';",
                    "7 seats priced",
                )
                .await?;
                click(h, ".bu-seats__update").await
            }
            SwitchCycle => click(h, ".bu-overview__switch-cycle").await,
            AutoUpgrade => {
                click(h, ".bu-auto-upgrade__edit").await?;
                click(h, ".bu-auto-upgrade__switch").await?;
                click(h, ".bu-auto-upgrade__terms").await
            }
            PaymentMethod => {
                click(h, ".bu-overview__edit-payment").await?;
                h.type_card(TestCard::MASTERCARD).await;
                Ok(())
            }
            SupportRequest => {
                click(h, "[data-plan=starter] .bu-plan__downgrade").await?;
                set_value(h, ".bu-support__message", "Please move us to Starter").await
            }
            Pause => click(h, ".bu-pause__open").await,
            Resume | UndoCancellation => Ok(()),
            Cancellation => {
                click(h, ".bu-overview__edit-payment").await?;
                click(h, ".bu-payment__cancel-account").await?;
                click(h, ".bu-wizard__reason").await?;
                set_value(h, ".bu-wizard__comment", "Budget cuts").await?;
                click(h, ".bu-wizard__continue").await?;
                wait_text(h, ".bu-wizard__heading", "Before you go").await?;
                click(h, ".bu-wizard__continue").await?;
                wait_text(h, ".bu-wizard__heading", "Keep your data").await?;
                click(h, ".bu-wizard__continue").await?;
                wait_text(h, ".bu-wizard__heading", "Consent").await?;
                for n in 0..4 {
                    js(
                        h,
                        &format!("q_all('.bu-wizard__consent')[{n}].click(); return true;"),
                    )
                    .await;
                }
                click(h, ".bu-wizard__continue").await?;
                wait_text(h, ".bu-wizard__heading", "Confirm cancellation").await
            }
        }
    }

    /// Waits until the write can be sent (and, for a purchase, shows the amount).
    async fn ready(self, h: &Harness) -> Outcome {
        until(
            h,
            &format!(
                "const b = q({}); return !!b && !b.disabled;",
                quoted(self.submit())
            ),
            "the submit button is enabled",
        )
        .await?;
        if self.is_order() {
            until(h, self.input_kept(), "the cart and its amount are shown").await?;
        }
        Ok(())
    }

    /// Closes the flow's dialog (`false` for a banner flow, which has none).
    async fn close_dialog(self, h: &Harness) -> Outcome<bool> {
        if matches!(self, Resume | UndoCancellation) {
            return Ok(false);
        }
        click(h, ".bu-modal__close").await?;
        until(h, "return !q('.bu-modal');", "the dialog is closed").await?;
        Ok(true)
    }
}

// ---------------------------------------------------------------------------------------
// The faults and what each row expects

/// What happens to the write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    /// `500 internal` for every attempt the page makes by itself.
    E500,
    /// One `503 unavailable`, then the real answer.
    E503ThenOk,
    /// One `429 rate_limited` with `Retry-After: 1`, then the real answer.
    E429,
    /// The change is made, its answer held past the page's timeout.
    Slow,
    /// The change is made, its answer replaced by a `502 bad_gateway`.
    LostResponse,
    /// `200` with a truncated JSON body (before the route: nothing made).
    Malformed,
    /// `409`: `quote_stale` on an order, `conflict` on the other writes.
    Stale409,
    /// The browser goes offline (CDP network emulation) before the write is sent.
    Offline,
    /// The submit button clicked twice at once.
    DoubleClick,
    /// The dialog closed while the write's outcome is open, then opened again (banner
    /// flows: the page is closed and opened again).
    CloseAndReopen,
}

use Fault::*;

const FAULTS: [Fault; 10] = [
    E500,
    E503ThenOk,
    E429,
    Slow,
    LostResponse,
    Malformed,
    Stale409,
    Offline,
    DoubleClick,
    CloseAndReopen,
];

/// What a row must see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// The page retries by itself and the write goes through once.
    GoesThrough,
    /// A purchase whose outcome was unknown is looked up by its key and found not made:
    /// "nothing was charged" in the dialog, the cart kept, confirming again (same key)
    /// charges once.
    NotChargedThenRetry,
    /// A purchase whose answer was lost: "We're checking whether your order went
    /// through" (confirm disabled), then done with its one charge.
    CheckedThenDone,
    /// The quote went stale: computed again and shown ("calculated the price again"),
    /// nothing charged; confirming the new quote charges once.
    Requoted,
    /// Offline: the banner, the button disabled, the input kept; online again, the write
    /// goes through once.
    WaitsForNetwork,
    /// Two clicks, one write, one charge at most.
    Once,
    /// A purchase of unknown outcome ("could not find out yet", "Check again"), the dialog
    /// closed and opened again: found done, one charge, nothing bought twice.
    FoundOnReopen,
    /// The failure is said beside the button (containing the text), the input kept,
    /// nothing changed; sending again goes through once.
    FailedThenRetry(&'static str),
    /// The answer was lost after the change was made: the page re-reads the account,
    /// finds the change there and says it went through (its done state, no failure
    /// shown); nothing is made twice.
    FoundDone,
    /// The dialog (or page) closed while the write was out: the change shows once, and
    /// still does when the page is opened again.
    ShownAfterReopen,
}

use Expect::*;

/// One row of the matrix.
#[derive(Clone, Copy, Debug)]
struct Row {
    flow: Flow,
    fault: Fault,
    expect: Expect,
}

const fn row(flow: Flow, fault: Fault, expect: Expect) -> Row {
    Row {
        flow,
        fault,
        expect,
    }
}

const SERVER_500: &str = "failed (error 500). Try again.";
const UNAVAILABLE: &str = "temporarily unavailable";
const DECODE: &str = "unexpected answer";
const CONFLICT: &str = "current state";

/// The matrix: every flow × every fault, with what the row expects.
#[rustfmt::skip]
const ROWS: [Row; 130] = [
    // Purchases: quote → order (Idempotency-Key) → on an unknown outcome, look-up by key.
    row(Upgrade, E500, NotChargedThenRetry),
    row(Upgrade, E503ThenOk, GoesThrough),
    row(Upgrade, E429, GoesThrough),
    row(Upgrade, Slow, CheckedThenDone),
    row(Upgrade, LostResponse, CheckedThenDone),
    row(Upgrade, Malformed, NotChargedThenRetry),
    row(Upgrade, Stale409, Requoted),
    row(Upgrade, Offline, WaitsForNetwork),
    row(Upgrade, DoubleClick, Once),
    row(Upgrade, CloseAndReopen, FoundOnReopen),
    row(LimitChange, E500, NotChargedThenRetry),
    row(LimitChange, E503ThenOk, GoesThrough),
    row(LimitChange, E429, GoesThrough),
    row(LimitChange, Slow, CheckedThenDone),
    row(LimitChange, LostResponse, CheckedThenDone),
    row(LimitChange, Malformed, NotChargedThenRetry),
    row(LimitChange, Stale409, Requoted),
    row(LimitChange, Offline, WaitsForNetwork),
    row(LimitChange, DoubleClick, Once),
    row(LimitChange, CloseAndReopen, FoundOnReopen),
    row(AddOn, E500, NotChargedThenRetry),
    row(AddOn, E503ThenOk, GoesThrough),
    row(AddOn, E429, GoesThrough),
    row(AddOn, Slow, CheckedThenDone),
    row(AddOn, LostResponse, CheckedThenDone),
    row(AddOn, Malformed, NotChargedThenRetry),
    row(AddOn, Stale409, Requoted),
    row(AddOn, Offline, WaitsForNetwork),
    row(AddOn, DoubleClick, Once),
    row(AddOn, CloseAndReopen, FoundOnReopen),
    row(SmsPack, E500, NotChargedThenRetry),
    row(SmsPack, E503ThenOk, GoesThrough),
    row(SmsPack, E429, GoesThrough),
    row(SmsPack, Slow, CheckedThenDone),
    row(SmsPack, LostResponse, CheckedThenDone),
    row(SmsPack, Malformed, NotChargedThenRetry),
    row(SmsPack, Stale409, Requoted),
    row(SmsPack, Offline, WaitsForNetwork),
    row(SmsPack, DoubleClick, Once),
    row(SmsPack, CloseAndReopen, FoundOnReopen),
    row(Seats, E500, NotChargedThenRetry),
    row(Seats, E503ThenOk, GoesThrough),
    row(Seats, E429, GoesThrough),
    row(Seats, Slow, CheckedThenDone),
    row(Seats, LostResponse, CheckedThenDone),
    row(Seats, Malformed, NotChargedThenRetry),
    row(Seats, Stale409, Requoted),
    row(Seats, Offline, WaitsForNetwork),
    row(Seats, DoubleClick, Once),
    row(Seats, CloseAndReopen, FoundOnReopen),
    row(SwitchCycle, E500, NotChargedThenRetry),
    row(SwitchCycle, E503ThenOk, GoesThrough),
    row(SwitchCycle, E429, GoesThrough),
    row(SwitchCycle, Slow, CheckedThenDone),
    row(SwitchCycle, LostResponse, CheckedThenDone),
    row(SwitchCycle, Malformed, NotChargedThenRetry),
    row(SwitchCycle, Stale409, Requoted),
    row(SwitchCycle, Offline, WaitsForNetwork),
    row(SwitchCycle, DoubleClick, Once),
    row(SwitchCycle, CloseAndReopen, FoundOnReopen),
    // The other writes: sent once (no automatic retry without a key, but a 429 was refused
    // before anything was done and is sent again after its Retry-After); an unknown
    // outcome is settled by reading the account again: the change found there is done.
    row(AutoUpgrade, E500, FailedThenRetry(SERVER_500)),
    row(AutoUpgrade, E503ThenOk, FailedThenRetry(UNAVAILABLE)),
    row(AutoUpgrade, E429, GoesThrough),
    row(AutoUpgrade, Slow, FoundDone),
    row(AutoUpgrade, LostResponse, FoundDone),
    row(AutoUpgrade, Malformed, FailedThenRetry(DECODE)),
    row(AutoUpgrade, Stale409, FailedThenRetry(CONFLICT)),
    row(AutoUpgrade, Offline, WaitsForNetwork),
    row(AutoUpgrade, DoubleClick, Once),
    row(AutoUpgrade, CloseAndReopen, ShownAfterReopen),
    row(PaymentMethod, E500, FailedThenRetry(SERVER_500)),
    row(PaymentMethod, E503ThenOk, FailedThenRetry(UNAVAILABLE)),
    row(PaymentMethod, E429, GoesThrough),
    row(PaymentMethod, Slow, FoundDone),
    row(PaymentMethod, LostResponse, FoundDone),
    row(PaymentMethod, Malformed, FailedThenRetry(DECODE)),
    row(PaymentMethod, Stale409, FailedThenRetry(CONFLICT)),
    row(PaymentMethod, Offline, WaitsForNetwork),
    row(PaymentMethod, DoubleClick, Once),
    row(PaymentMethod, CloseAndReopen, ShownAfterReopen),
    // A support request carries an Idempotency-Key (its content's): the page retries it
    // by itself like an order, and a lost or late answer is the first ticket again.
    row(SupportRequest, E500, GoesThrough),
    row(SupportRequest, E503ThenOk, GoesThrough),
    row(SupportRequest, E429, GoesThrough),
    row(SupportRequest, Slow, GoesThrough),
    row(SupportRequest, LostResponse, GoesThrough),
    row(SupportRequest, Malformed, FailedThenRetry(DECODE)),
    row(SupportRequest, Stale409, FailedThenRetry(CONFLICT)),
    row(SupportRequest, Offline, WaitsForNetwork),
    row(SupportRequest, DoubleClick, Once),
    row(SupportRequest, CloseAndReopen, ShownAfterReopen),
    row(Pause, E500, FailedThenRetry(SERVER_500)),
    row(Pause, E503ThenOk, FailedThenRetry(UNAVAILABLE)),
    row(Pause, E429, GoesThrough),
    row(Pause, Slow, FoundDone),
    row(Pause, LostResponse, FoundDone),
    row(Pause, Malformed, FailedThenRetry(DECODE)),
    row(Pause, Stale409, FailedThenRetry(CONFLICT)),
    row(Pause, Offline, WaitsForNetwork),
    row(Pause, DoubleClick, Once),
    row(Pause, CloseAndReopen, ShownAfterReopen),
    row(Resume, E500, FailedThenRetry(SERVER_500)),
    row(Resume, E503ThenOk, FailedThenRetry(UNAVAILABLE)),
    row(Resume, E429, GoesThrough),
    row(Resume, Slow, FoundDone),
    row(Resume, LostResponse, FoundDone),
    row(Resume, Malformed, FailedThenRetry(DECODE)),
    row(Resume, Stale409, FailedThenRetry(CONFLICT)),
    row(Resume, Offline, WaitsForNetwork),
    row(Resume, DoubleClick, Once),
    row(Resume, CloseAndReopen, ShownAfterReopen),
    row(Cancellation, E500, FailedThenRetry(SERVER_500)),
    row(Cancellation, E503ThenOk, FailedThenRetry(UNAVAILABLE)),
    row(Cancellation, E429, GoesThrough),
    row(Cancellation, Slow, FoundDone),
    row(Cancellation, LostResponse, FoundDone),
    row(Cancellation, Malformed, FailedThenRetry(DECODE)),
    row(Cancellation, Stale409, FailedThenRetry(CONFLICT)),
    row(Cancellation, Offline, WaitsForNetwork),
    row(Cancellation, DoubleClick, Once),
    row(Cancellation, CloseAndReopen, ShownAfterReopen),
    row(UndoCancellation, E500, FailedThenRetry(SERVER_500)),
    row(UndoCancellation, E503ThenOk, FailedThenRetry(UNAVAILABLE)),
    row(UndoCancellation, E429, GoesThrough),
    row(UndoCancellation, Slow, FoundDone),
    row(UndoCancellation, LostResponse, FoundDone),
    row(UndoCancellation, Malformed, FailedThenRetry(DECODE)),
    row(UndoCancellation, Stale409, FailedThenRetry(CONFLICT)),
    row(UndoCancellation, Offline, WaitsForNetwork),
    row(UndoCancellation, DoubleClick, Once),
    row(UndoCancellation, CloseAndReopen, ShownAfterReopen),
];

// ---------------------------------------------------------------------------------------
// The matrix

#[tokio::test(flavor = "multi_thread")]
async fn every_write_flow_under_every_fault() {
    // The table is the cross product, each pair once.
    for flow in FLOWS {
        for fault in FAULTS {
            let n = ROWS
                .iter()
                .filter(|r| r.flow == flow && r.fault == fault)
                .count();
            assert_eq!(n, 1, "{flow:?} × {fault:?} is in the matrix {n} times");
        }
    }
    // `BU_FAULT_ROWS=Upgrade,× Slow` runs only the rows whose name holds one of the parts.
    let only = std::env::var("BU_FAULT_ROWS").ok();
    let h = Harness::start("pro-monthly").await;
    h.open("/billing/").await;
    h.text_of(".bu-plan-name").await;
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut ran = 0;
    for r in ROWS {
        let name = format!("{:?} × {:?}", r.flow, r.fault);
        if only
            .as_deref()
            .is_some_and(|f| !f.split(',').any(|part| name.contains(part.trim())))
        {
            continue;
        }
        ran += 1;
        let t = Instant::now();
        let result = run_row(&h, r).await;
        let ms = t.elapsed().as_millis();
        match result {
            Ok(()) => println!("ok   {name} → {:?} ({ms} ms)", r.expect),
            Err(why) => {
                println!("FAIL {name} → {:?} ({ms} ms): {why}", r.expect);
                failures.push(format!("{name} (expected {:?}): {why}", r.expect));
            }
        }
        offline(&h, false).await;
    }
    println!(
        "fault matrix: {ran} rows, {} failed, in {:.1} s",
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    h.close().await;
    assert!(
        failures.is_empty(),
        "{} of {ran} rows failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

/// Runs one row from a fresh mock and page; `Err` says what the page or server did wrong.
async fn run_row(h: &Harness, r: Row) -> Outcome {
    let flow = r.flow;
    fresh_page(h, flow.scenario()).await?;
    flow.open(h).await?;
    flow.ready(h).await?;
    let (method, path) = flow.route();
    let submit = flow.submit();
    match r.expect {
        GoesThrough => {
            let fault = match r.fault {
                E500 => json!({"kind": "internal_error"}),
                E503ThenOk => json!({"kind": "unavailable"}),
                E429 => json!({"kind": "rate_limited", "retry_after_seconds": 1}),
                Slow => json!({"kind": "slow", "delay_ms": SLOW_LOST_MS}),
                LostResponse => json!({"kind": "lost_response"}),
                other => return Err(format!("no GoesThrough for {other:?}")),
            };
            inject(h, method, path, 1, fault).await?;
            click(h, submit).await?;
            until(h, flow.done(), "the page says it went through").await?;
        }
        NotChargedThenRetry => {
            // Every attempt the page makes by itself fails (the first and two retries).
            let (count, fault) = match r.fault {
                E500 => (3, json!({"kind": "internal_error"})),
                Malformed => (1, json!({"kind": "malformed_json"})),
                other => return Err(format!("no NotChargedThenRetry for {other:?}")),
            };
            inject(h, method, path, count, fault).await?;
            click(h, submit).await?;
            wait_text(h, ".bu-checkout__notice", "nothing was charged").await?;
            no_charge_no_change(h, flow, "after the failed order").await?;
            until(h, flow.input_kept(), "the cart is kept").await?;
            click(h, submit).await?;
            until(h, flow.done(), "confirming again goes through").await?;
        }
        CheckedThenDone => {
            let fault = match r.fault {
                Slow => json!({"kind": "slow", "delay_ms": SLOW_LOST_MS}),
                LostResponse => json!({"kind": "lost_response"}),
                other => return Err(format!("no CheckedThenDone for {other:?}")),
            };
            // Every attempt's answer is lost; the look-up answers late enough to be seen.
            inject(h, method, path, 3, fault).await?;
            inject(
                h,
                "GET",
                "/api/v1/orders",
                1,
                json!({"kind": "slow", "delay_ms": 800}),
            )
            .await?;
            click(h, submit).await?;
            until(
                h,
                &format!(
                    "const p = q('.bu-checkout__pending'); const b = q({});
                     return !!p && p.textContent.includes(\"We're checking whether your order went through\")
                       && !!b && b.disabled;",
                    quoted(submit)
                ),
                "\"We're checking whether your order went through\" with confirm disabled",
            )
            .await?;
            until(h, flow.done(), "the order is found done").await?;
            charged_text(h, flow).await?;
        }
        Requoted => {
            inject(h, method, path, 1, json!({"kind": "quote_stale"})).await?;
            click(h, submit).await?;
            wait_text(h, ".bu-checkout__notice", "calculated the price again").await?;
            no_charge_no_change(h, flow, "after the stale quote").await?;
            until(h, flow.input_kept(), "the new quote is shown").await?;
            click(h, submit).await?;
            until(h, flow.done(), "confirming the new quote goes through").await?;
        }
        WaitsForNetwork => {
            offline(h, true).await;
            until(
                h,
                &format!(
                    "const b = q({}); return !!q('.bu-banner--offline') && !!b && b.disabled;",
                    quoted(submit)
                ),
                "the offline banner, and the button disabled",
            )
            .await?;
            until(h, flow.input_kept(), "the input is kept while offline").await?;
            no_charge_no_change(h, flow, "while offline").await?;
            offline(h, false).await;
            click(h, submit).await?;
            until(h, flow.done(), "online again, it goes through").await?;
        }
        Once => {
            js(
                h,
                &format!(
                    "const b = q({}); b.click(); b.click(); return true;",
                    quoted(submit)
                ),
            )
            .await;
            until(h, flow.done(), "the double click goes through").await?;
            // A second request would have been refused (409) or charged: no error shown.
            let errors = js(
                h,
                "return [...q_all('.bu-field-error[role=alert], .bu-checkout__error')]
                   .map(e => e.textContent.trim()).filter(t => t).join(' | ');",
            )
            .await;
            if errors.as_str().is_some_and(|e| !e.is_empty()) {
                return Err(format!("after the double click the page says {errors}"));
            }
        }
        FoundOnReopen => {
            inject(h, method, path, 3, json!({"kind": "lost_response"})).await?;
            inject(
                h,
                "GET",
                "/api/v1/orders",
                3,
                json!({"kind": "internal_error"}),
            )
            .await?;
            click(h, submit).await?;
            until(
                h,
                &format!(
                    "const p = q('.bu-checkout__pending'); const b = q({});
                     return !!p && p.textContent.includes('could not find out yet')
                       && !!q('.bu-checkout__check-again') && !!b && b.disabled;",
                    quoted(submit)
                ),
                "\"could not find out yet\", Check again, confirm disabled",
            )
            .await?;
            flow.close_dialog(h).await?;
            flow.open(h).await?;
            until(h, flow.done(), "reopened, the order is found done").await?;
            charged_text(h, flow).await?;
        }
        FailedThenRetry(message) => {
            let fault = match r.fault {
                E500 => json!({"kind": "internal_error"}),
                E503ThenOk => json!({"kind": "unavailable"}),
                E429 => json!({"kind": "rate_limited", "retry_after_seconds": 1}),
                Malformed => json!({"kind": "malformed_json"}),
                Stale409 => json!({"kind": "conflict"}),
                other => return Err(format!("no FailedThenRetry for {other:?}")),
            };
            inject(h, method, path, 1, fault).await?;
            click(h, submit).await?;
            wait_text(h, flow.error_place(), message).await?;
            until(h, flow.input_kept(), "the input is kept").await?;
            no_charge_no_change(h, flow, "after the failure").await?;
            click(h, submit).await?;
            until(h, flow.done(), "sending again goes through").await?;
        }
        FoundDone => {
            let fault = match r.fault {
                Slow => json!({"kind": "slow", "delay_ms": SLOW_LOST_MS}),
                LostResponse => json!({"kind": "lost_response"}),
                other => return Err(format!("no FoundDone for {other:?}")),
            };
            inject(h, method, path, 1, fault).await?;
            click(h, submit).await?;
            until(h, flow.done(), "the page finds the change made and says so").await?;
            let errors = js(
                h,
                &format!(
                    "return [...q_all('.bu-field-error[role=alert], .bu-wizard__error'),
                             ...q_all({})]
                       .map(e => e.textContent.trim()).filter(t => t).join(' | ');",
                    quoted(flow.error_place())
                ),
            )
            .await;
            if errors.as_str().is_some_and(|e| !e.is_empty()) {
                return Err(format!(
                    "the change went through, yet the page says {errors}"
                ));
            }
            // The host is told what was done, not that it failed.
            let told = js(h, "return window.__buEvents.join(' ');").await;
            let told = told.as_str().unwrap_or_default();
            if told.contains("error") || flow.host_event().is_some_and(|e| !told.contains(e)) {
                return Err(format!("the host was told [{told}]"));
            }
        }
        ShownAfterReopen => {
            let delayed = json!({"kind": "slow", "delay_ms": SLOW_ARRIVES_MS});
            inject(h, method, path, 1, delayed).await?;
            click(h, submit).await?;
            // The request is on the server (its answer held back) before the dialog goes:
            // a card is first tokenized in the provider's frame, which closing abandons.
            on_server(h, flow, "before the dialog is closed").await?;
            let closed = flow.close_dialog(h).await?;
            if closed {
                // The answer comes after the dialog is gone: the page still shows it.
                settled(h, flow, "with the dialog closed").await?;
            }
            mount(h).await?;
        }
    }
    settled(h, flow, "once the page settled").await?;
    exactly_once(h, flow).await
}

// ---------------------------------------------------------------------------------------
// Invariants

/// Nothing charged and the change not made (yet).
async fn no_charge_no_change(h: &Harness, flow: Flow, when: &str) -> Outcome {
    let records = h.records().await;
    let charges = charges(&records);
    if !charges.is_empty() {
        return Err(format!("charged {charges:?} {when}"));
    }
    if flow.on_server(&records) {
        return Err(format!("the change was made {when}"));
    }
    Ok(())
}

/// The change is on the server and the page shows it (each polled until it is: the
/// request may still be on its way).
async fn settled(h: &Harness, flow: Flow, when: &str) -> Outcome {
    on_server(h, flow, when).await?;
    if let Some(shown) = flow.shown() {
        until(
            h,
            shown,
            &format!("the page shows the server's account {when}"),
        )
        .await?;
    }
    Ok(())
}

/// The change is on the server (polled until it is: the request may still be on its way).
async fn on_server(h: &Harness, flow: Flow, when: &str) -> Outcome {
    let start = Instant::now();
    loop {
        let records = h.records().await;
        if flow.on_server(&records) {
            break;
        }
        if start.elapsed() > WAIT {
            return Err(format!(
                "the change is not on the server {when}: {}",
                records["world"]["account"]
            ));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(())
}

/// Exactly the flow's one charge (or none), and the write made once.
async fn exactly_once(h: &Harness, flow: Flow) -> Outcome {
    let records = h.records().await;
    let charges = charges(&records);
    let expected: Vec<String> = flow.charge().into_iter().map(String::from).collect();
    if charges != expected {
        return Err(format!("ledger {charges:?}, expected {expected:?}"));
    }
    let once = |list: &str| records[list].as_array().map_or(0, Vec::len);
    match flow {
        SupportRequest if once("support_requests") != 1 => Err(format!(
            "{} support requests filed, expected 1",
            once("support_requests")
        )),
        Cancellation if once("cancellations") != 1 => Err(format!(
            "{} cancellations stored, expected 1",
            once("cancellations")
        )),
        _ => Ok(()),
    }
}

/// The done message names the amount charged.
async fn charged_text(h: &Harness, flow: Flow) -> Outcome {
    let Some(amount) = flow.charge() else {
        return Ok(());
    };
    let text = until(
        h,
        "return q('.bu-checkout__charged')?.textContent;",
        "the amount charged",
    )
    .await?;
    let text = text.as_str().unwrap_or_default();
    if e2e::plain_amount(text).contains(amount) {
        Ok(())
    } else {
        Err(format!("the done message says {text:?}, charged {amount}"))
    }
}

/// The ledger's amounts, oldest first.
fn charges(records: &Value) -> Vec<String> {
    records["ledger"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["amount"].as_str().unwrap_or_default().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------
// The page and the mock

/// Resets the mock to `scenario` (dropping faults) and mounts a fresh page.
async fn fresh_page(h: &Harness, scenario: &str) -> Outcome {
    let (status, body) = h
        .api(
            "POST",
            "/api/v1/_mock/reset",
            Some(json!({ "scenario": scenario })),
        )
        .await;
    if status != 200 {
        return Err(format!("reset to {scenario}: {status} {body}"));
    }
    mount(h).await
}

/// The host events a FoundDone row looks at (as a JS array literal).
const HOST_EVENTS: &str =
    "['error', 'paused', 'resumed', 'cancellation-scheduled', 'cancellation-undone']";

/// Unmounts the page (if any) and mounts it again in a fresh element: what closing and
/// opening the page does, without reloading the module.
async fn mount(h: &Harness) -> Outcome {
    js(
        h,
        &format!(
            "if (window.__buHandle) {{ window.__buHandle.unmount(); window.__buHandle = null; }}
             document.getElementById('billing-upgrade')?.remove();
             document.getElementById('bu-test')?.remove();
             const el = document.createElement('div'); el.id = 'bu-test'; document.body.append(el);
             window.__buMounted = false;
             // What the page tells its host (events bubble out of the element), per mount.
             if (!window.__buEvents) {{
               window.__buEvents = [];
               for (const n of {HOST_EVENTS}) {{
                 document.addEventListener('billing-upgrade:' + n, () => window.__buEvents.push(n));
               }}
             }}
             window.__buEvents.length = 0;
             Promise.all([import('/billing/billing-upgrade.js'), import('/billing/reference-provider.js')])
               .then(([m, p]) => p.referenceProviderFromConfig('/provider.json')
                 .then(paymentProvider => m.mount(el, {{locale: 'en', apiBase: '/api', csrfToken: 'e2e', timeoutMs: {TIMEOUT_MS}, paymentProvider}})))
               .then(handle => {{ window.__buHandle = handle; window.__buMounted = true; }});
             return true;"
        ),
    )
    .await;
    until(
        h,
        "return window.__buMounted && !!q('.bu-plan-name') && !!q('.bu-seats__total');",
        "the page is mounted",
    )
    .await
    .map(drop)
}

/// Injects `fault` for the next `count` requests of `method` on `path`.
async fn inject(h: &Harness, method: &str, path: &str, count: u32, fault: Value) -> Outcome {
    let (status, body) = h
        .api(
            "POST",
            "/api/v1/_mock/faults",
            Some(json!({"path": path, "method": method, "count": count, "fault": fault})),
        )
        .await;
    if status == 201 {
        Ok(())
    } else {
        Err(format!("fault not set: {status} {body}"))
    }
}

/// Takes the browser off the network (or back): Chrome's network emulation, which fails
/// every request and fires the window's `offline`/`online` events.
async fn offline(h: &Harness, off: bool) {
    h.cdp(
        "Network.emulateNetworkConditions",
        json!({"offline": off, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
    )
    .await;
}

/// Helpers bound in every script: `q(css)`, `q_all(css)`, `charge_now()`.
const HELPERS: &str = "const q = css => R.querySelector(css);
const q_all = css => R.querySelectorAll(css);
const charge_now = () => q('.bu-quote__charge-now')?.textContent;";

/// Runs `script` with the helpers bound.
async fn js(h: &Harness, script: &str) -> Value {
    h.js(&format!("{HELPERS}\n{script}")).await
}

/// Polls `script` (every 20 ms, up to 15 s) until it returns something truthy.
async fn until(h: &Harness, script: &str, what: &str) -> Outcome<Value> {
    let start = Instant::now();
    loop {
        let value = js(h, script).await;
        let truthy = match &value {
            Value::Null | Value::Bool(false) => false,
            Value::String(s) => !s.is_empty(),
            _ => true,
        };
        if truthy {
            return Ok(value);
        }
        if start.elapsed() > WAIT {
            let seen = js(
                h,
                "return [...q_all('[role=alert], [role=status], .bu-field-error')]
                   .map(e => e.textContent.trim()).filter(t => t).join(' | ');",
            )
            .await;
            return Err(format!(
                "timed out waiting for {what}; the page says: {seen}"
            ));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Clicks `css` once it exists and is enabled.
async fn click(h: &Harness, css: &str) -> Outcome {
    until(
        h,
        &format!(
            "const e = q({}); if (!e || e.disabled) return false; e.click(); return true;",
            quoted(css)
        ),
        &format!("{css} to click"),
    )
    .await
    .map(drop)
}

/// Sets an input's value as typing would (`input` then `change`).
async fn set_value(h: &Harness, css: &str, value: &str) -> Outcome {
    until(
        h,
        &format!(
            "const e = q({}); if (!e) return false; e.value = {};
             e.dispatchEvent(new Event('input', {{ bubbles: true }}));
             e.dispatchEvent(new Event('change', {{ bubbles: true }}));
             return true;",
            quoted(css),
            quoted(value)
        ),
        &format!("{css} to fill"),
    )
    .await
    .map(drop)
}

/// Waits until the text of `css` contains `part`.
async fn wait_text(h: &Harness, css: &str, part: &str) -> Outcome {
    until(
        h,
        &format!(
            "return !!q({})?.textContent.includes({});",
            quoted(css),
            quoted(part)
        ),
        &format!("{css} to say {part:?}"),
    )
    .await
    .map(drop)
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

// ---------------------------------------------------------------------------------------
// The randomized run

/// A small deterministic generator (SplitMix64): the same seed, the same run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The seed printed at the start (`BU_FAULT_SEED` overrides it).
const DEFAULT_SEED: u64 = 20261122;
/// Flows in the randomized run: through the page, and straight over HTTP.
const RANDOM_PAGE_FLOWS: usize = 150;
const RANDOM_HTTP_FLOWS: usize = 60;

/// A random fault: (method, path, count, fault), any number of them.
fn random_faults(rng: &mut Rng, flow: Flow) -> Vec<(&'static str, &'static str, u32, Value)> {
    let (method, path) = flow.route();
    let count = 1 + rng.below(3) as u32;
    let kind = rng.below(10);
    let fault = match kind {
        0 => json!({"kind": "internal_error"}),
        1 => json!({"kind": "unavailable"}),
        2 => json!({"kind": "rate_limited", "retry_after_seconds": 1}),
        3 => json!({"kind": "slow", "delay_ms": if rng.chance(50) { SLOW_LOST_MS } else { 300 }}),
        4 => json!({"kind": "lost_response"}),
        5 => json!({"kind": "lost_response", "as": "drop"}),
        6 => json!({"kind": "malformed_json"}),
        7 if flow.is_order() => json!({"kind": "quote_stale"}),
        7 => json!({"kind": "conflict"}),
        _ => return Vec::new(),
    };
    let mut faults = vec![(method, path, count, fault)];
    if flow.is_order() && rng.chance(30) {
        // The look-up by key fails too, or the quote.
        let (method, path, kind) = rng.pick(&[
            ("GET", "/api/v1/orders", "internal_error"),
            ("GET", "/api/v1/orders", "malformed_json"),
            ("POST", "/api/v1/quotes", "unavailable"),
            ("POST", "/api/v1/quotes", "internal_error"),
        ]);
        faults.push((
            method,
            path,
            1 + rng.below(3) as u32,
            json!({ "kind": kind }),
        ));
    }
    faults
}

#[tokio::test(flavor = "multi_thread")]
async fn a_randomized_run_keeps_every_invariant() {
    let seed = std::env::var("BU_FAULT_SEED")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(DEFAULT_SEED);
    println!(
        "randomized fault run: seed {seed} (BU_FAULT_SEED={seed} repeats it), \
         {RANDOM_PAGE_FLOWS} flows through the page, {RANDOM_HTTP_FLOWS} over HTTP"
    );
    let mut rng = Rng(seed);
    let h = Harness::start("pro-monthly").await;
    h.open("/billing/").await;
    h.text_of(".bu-plan-name").await;
    let started = Instant::now();
    let mut failures = Vec::new();
    let order_flows: Vec<Flow> = FLOWS.into_iter().filter(|f| f.is_order()).collect();
    for i in 0..RANDOM_PAGE_FLOWS + RANDOM_HTTP_FLOWS {
        // Two flows in three through the page (any flow), one over HTTP (a purchase).
        let total = RANDOM_PAGE_FLOWS + RANDOM_HTTP_FLOWS;
        let through_page = i * RANDOM_HTTP_FLOWS / total == (i + 1) * RANDOM_HTTP_FLOWS / total;
        let flow = if through_page {
            rng.pick(&FLOWS)
        } else {
            rng.pick(&order_flows)
        };
        let (label, result) = if through_page {
            let faults = random_faults(&mut rng, flow);
            let double = rng.chance(20);
            let reopen = rng.chance(25);
            let off = rng.chance(10);
            let label = format!(
                "#{i} page {flow:?} faults {} double-click {double} reopen {reopen} offline {off}",
                Value::from(
                    faults
                        .iter()
                        .map(|f| json!([f.0, f.2, f.3]))
                        .collect::<Vec<_>>()
                )
            );
            let customer = Customer {
                double,
                reopen,
                offline: off,
            };
            let result = random_page_flow(&h, &mut rng, flow, &faults, customer).await;
            offline(&h, false).await;
            (label, result)
        } else {
            let faults = random_faults(&mut rng, flow);
            let label = format!(
                "#{i} http {flow:?} faults {}",
                Value::from(
                    faults
                        .iter()
                        .map(|f| json!([f.0, f.2, f.3]))
                        .collect::<Vec<_>>()
                )
            );
            (label, random_http_flow(&h, flow, &faults).await)
        };
        match result {
            Ok(()) => println!("ok   {label}"),
            Err(why) => {
                println!("FAIL {label}: {why}");
                failures.push(format!("{label}: {why}"));
            }
        }
    }
    println!(
        "randomized run: seed {seed}, {} flows, {} failed, in {:.1} s",
        RANDOM_PAGE_FLOWS + RANDOM_HTTP_FLOWS,
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    h.close().await;
    assert!(
        failures.is_empty(),
        "seed {seed}: {} flows failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

/// One random flow through the page: faults set, the customer clicks (twice, maybe),
/// then does what the page offers (send again, check again, close and reopen) until the
/// page settles; faults are dropped after a few steps, as networks recover. Then the
/// invariants: the change made and shown once, the ledger holding exactly the flow's
/// charge (charges == confirmed orders), no key charged twice.
async fn random_page_flow(
    h: &Harness,
    rng: &mut Rng,
    flow: Flow,
    faults: &[(&'static str, &'static str, u32, Value)],
    customer: Customer,
) -> Outcome {
    let Customer {
        double,
        reopen,
        offline: off,
    } = customer;
    fresh_page(h, flow.scenario()).await?;
    flow.open(h).await?;
    flow.ready(h).await?;
    for (method, path, count, fault) in faults {
        inject(h, method, path, *count, fault.clone()).await?;
    }
    let submit = quoted(flow.submit());
    if off {
        // Offline when the customer clicks: nothing may be sent (the button is disabled).
        offline(h, true).await;
        until(
            h,
            "return !!q('.bu-banner--offline');",
            "the offline banner",
        )
        .await?;
    }
    js(
        h,
        &format!(
            "const b = q({submit}); b.click(); {} return true;",
            if double { "b.click();" } else { "" }
        ),
    )
    .await;
    let started = Instant::now();
    let mut steps = 0;
    loop {
        // Let the page finish what it is doing (a request out, a look-up in flight).
        until(
            h,
            "return !q('[aria-busy=true]') && !q('.bu-checkout__busy')
               && !q('.bu-checkout__pending:not([role=alert])');",
            "the page to be idle",
        )
        .await?;
        let records = h.records().await;
        let page_done = js(h, flow.done()).await == Value::Bool(true);
        let shown_ok = match flow.shown() {
            Some(s) => js(h, s).await == Value::Bool(true),
            None => page_done,
        };
        let pending = js(h, "return !!q('.bu-checkout__pending');").await == Value::Bool(true);
        if flow.on_server(&records) && shown_ok && !pending {
            break;
        }
        if started.elapsed() > Duration::from_secs(40) || steps > 12 {
            return Err(format!(
                "never settled after {steps} steps: server has it {}, page shows it {shown_ok}, \
                 pending {pending}",
                flow.on_server(&records)
            ));
        }
        steps += 1;
        if off && steps == 1 {
            if !h.ledger().await.is_empty() {
                return Err("charged while offline".into());
            }
            offline(h, false).await;
        }
        if steps == 3 {
            // The network recovers.
            h.api("DELETE", "/api/v1/_mock/faults", None).await;
        }
        if (reopen && steps == 1) || rng.chance(10) {
            if flow.close_dialog(h).await? {
                flow.open(h).await?;
            } else {
                mount(h).await?;
            }
            continue;
        }
        let action = js(
            h,
            &format!(
                "const again = q('.bu-checkout__check-again');
                 if (again) {{ again.click(); return 'check again'; }}
                 const b = q({submit});
                 if (b && !b.disabled) {{ b.click(); return 'send again'; }}
                 return 'wait';"
            ),
        )
        .await;
        if action == "wait" {
            // Nothing to press (a request is out, or the page shows the outcome): wait
            // until the page shows the change or offers something to press.
            until(
                h,
                &format!(
                    "const b = q({submit});
                     return (() => {{ {done} }})() || (() => {{ {shown} }})()
                       || !!q('.bu-checkout__check-again') || (!!b && !b.disabled);",
                    done = flow.done(),
                    shown = flow.shown().unwrap_or("return false;"),
                ),
                "the page to show the change or offer a way forward",
            )
            .await?;
        }
    }
    let records = h.records().await;
    let charges = charges(&records);
    let expected: Vec<String> = flow.charge().into_iter().map(String::from).collect();
    if charges != expected {
        return Err(format!("ledger {charges:?}, expected {expected:?}"));
    }
    distinct_orders(&records)
}

/// What the customer does in a random flow besides clicking once.
#[derive(Clone, Copy, Debug)]
struct Customer {
    /// Clicks the submit button twice at once.
    double: bool,
    /// Closes the dialog (banner flows: the page) after the first outcome, and reopens it.
    reopen: bool,
    /// Is offline when clicking; back online after the first look.
    offline: bool,
}

/// Every order charged once: no order id (one per idempotency key) twice in the ledger.
fn distinct_orders(records: &Value) -> Outcome {
    let mut ids: Vec<&str> = records["ledger"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["order_id"].as_str())
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() == n {
        Ok(())
    } else {
        Err(format!("an order charged twice: {}", records["ledger"]))
    }
}

/// The cart of a purchase, as the API takes it.
fn changes(flow: Flow) -> Value {
    match flow {
        Upgrade => json!([{"kind": "set_plan", "plan": "enterprise"}]),
        LimitChange => json!([{"kind": "set_contacts", "contacts": 10000}]),
        AddOn => json!([{"kind": "add_add_on", "addon": "custom_reports"}]),
        SmsPack => json!([{"kind": "buy_sms_pack", "pack": "sms_1000"}]),
        Seats => json!([{"kind": "set_seats", "seats": 7}]),
        _ => json!([{"kind": "switch_cycle", "cycle": "annual"}]),
    }
}

/// One random purchase straight over HTTP, as a careful client makes it: one key per
/// quote, retried with the same key while the outcome is unknown, looked up by key before
/// any new quote. Ends with exactly the flow's charge, under one order.
async fn random_http_flow(
    h: &Harness,
    flow: Flow,
    faults: &[(&'static str, &'static str, u32, Value)],
) -> Outcome {
    let (status, body) = h
        .api(
            "POST",
            "/api/v1/_mock/reset",
            Some(json!({ "scenario": flow.scenario() })),
        )
        .await;
    if status != 200 {
        return Err(format!("reset: {status} {body}"));
    }
    for (method, path, count, fault) in faults {
        // Over HTTP nobody times out: a slow answer is only late.
        let fault = if fault["kind"] == "slow" {
            json!({"kind": "slow", "delay_ms": 50})
        } else {
            fault.clone()
        };
        inject(h, method, path, *count, fault).await?;
    }
    let addr = h.api_addr();
    let mut quote_id: Option<String> = None;
    let mut key = String::new();
    let mut keys = 0;
    for attempt in 0..12 {
        if quote_id.is_none() {
            let (status, body) = call(
                addr,
                "POST",
                "/api/v1/quotes",
                None,
                Some(json!({ "changes": changes(flow) })),
            )
            .await;
            if status != 201 {
                continue;
            }
            quote_id = body["id"].as_str().map(String::from);
            keys += 1;
            key = format!("rand-{}-{keys}-{attempt}", std::process::id());
        }
        let id = quote_id.clone().unwrap_or_default();
        let (status, body) = call(
            addr,
            "POST",
            "/api/v1/orders",
            Some(&key),
            Some(json!({ "quote_id": id })),
        )
        .await;
        if status == 201 && body["id"].is_string() {
            break;
        }
        if status == 409 && body["code"] == "quote_stale" {
            // Only a stale quote takes a new quote — and a new key.
            quote_id = None;
            continue;
        }
        // Anything else may have been charged: look it up by the key.
        let (status, found) = call(
            addr,
            "GET",
            &format!("/api/v1/orders?idempotency_key={key}"),
            None,
            None,
        )
        .await;
        if status == 200 && found["id"].is_string() {
            break;
        }
    }
    let records = h.records().await;
    let charges = charges(&records);
    let expected: Vec<String> = flow.charge().into_iter().map(String::from).collect();
    if charges != expected {
        return Err(format!("ledger {charges:?}, expected {expected:?}"));
    }
    if !flow.on_server(&records) {
        return Err("the change is not on the server".into());
    }
    distinct_orders(&records)
}

/// One HTTP call over a fresh connection, with an optional `Idempotency-Key`; a dropped
/// connection or an unreadable answer is status 0 (the outcome unknown).
async fn call(
    addr: SocketAddr,
    method: &str,
    path: &str,
    key: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let key = key
        .map(|k| format!("Idempotency-Key: {k}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nX-CSRF-Token: e2e\r\n{key}\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let Ok(mut stream) = tokio::net::TcpStream::connect(addr).await else {
        return (0, Value::Null);
    };
    if stream.write_all(request.as_bytes()).await.is_err() {
        return (0, Value::Null);
    }
    let mut raw = Vec::new();
    if stream.read_to_end(&mut raw).await.is_err() {
        return (0, Value::Null);
    }
    let text = String::from_utf8_lossy(&raw);
    let Some((head, payload)) = text.split_once("\r\n\r\n") else {
        return (0, Value::Null);
    };
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let payload = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        // One chunk is all the mock sends for these small bodies.
        payload
            .split_once("\r\n")
            .map(|(_, rest)| rest.rsplit_once("\r\n0\r\n").map_or(rest, |(b, _)| b))
            .unwrap_or_default()
            .to_string()
    } else {
        payload.to_string()
    };
    (
        status,
        serde_json::from_str(&payload).unwrap_or(Value::Null),
    )
}
