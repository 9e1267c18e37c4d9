//! The billing clock: the server's `now` (the mock's test clock) carried forward by the
//! browser's clock, so previews price at the instant the server's quotes will.

use chrono::{DateTime, TimeZone, Utc};
use leptos::prelude::*;
use pricing::Account;

/// Milliseconds to add to the browser's clock to get the server's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    offset_ms: i64,
}

fn browser_now_ms() -> i64 {
    js_sys::Date::now() as i64
}

impl Clock {
    /// A clock in step with `server_now` (the browser's own clock when the server sent none).
    pub fn from_server(server_now: Option<DateTime<Utc>>) -> Self {
        let offset_ms = server_now.map_or(0, |t| t.timestamp_millis() - browser_now_ms());
        Clock { offset_ms }
    }

    /// The clock provided by the page root (the browser's clock if none).
    pub fn use_clock() -> Self {
        use_context::<Clock>().unwrap_or_default()
    }

    /// The current instant on the billing clock.
    pub fn now(&self) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(browser_now_ms() + self.offset_ms)
            .single()
            .unwrap_or_else(Utc::now)
    }

    /// The instant a preview is priced at: now, kept inside the paying account's period
    /// (a page left open past the period end still previews; the server re-prices anyway).
    pub fn preview_now(&self, account: &Account) -> DateTime<Utc> {
        let now = self.now();
        if account.status.is_paying() && !account.period.contains(now) {
            let last = account.period.end - chrono::Duration::seconds(1);
            return now.clamp(account.period.start, last.max(account.period.start));
        }
        now
    }
}
