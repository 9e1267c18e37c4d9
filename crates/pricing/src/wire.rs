//! The wire shape of pricing's types for the page: [`FromJson`] for what the API sends,
//! [`ToJson`] for what the page sends (changes, money, ids), through [`crate::json`].
//!
//! Native builds (the mock API, the tests) keep serde's derives on the same types; the
//! mock API's tests read every scenario and answer both ways and compare, so the two
//! descriptions of one shape cannot drift apart.
//!
//! - Tagged enums ([`Change`], [`Status`], [`NotSelfServe`]) are one flat object: the
//!   `kind`, then that variant's fields (a field the variant needs and the JSON lacks is
//!   "missing field `x`", as serde says).
//! - Amounts and instants are strings read by [`parse_decimal`] and [`parse_instant`]
//!   ("-12.50", "2026-12-15T00:00:00Z" or "…+01:00"), and instants written by
//!   [`write_instant`] as chrono writes them; all three give what rust_decimal's and
//!   chrono's own readers and writers give (checked in the tests below) without their
//!   general parsers (~35 KB of the wasm).

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Timelike, Utc};
use rust_decimal::Decimal;

use crate::json::{FromJson, Json, ToJson};
use crate::money::Amount;
use crate::{
    Account, Action, AddOn, AddOnId, AutoUpgradeEvent, Catalog, Change, ChangeKind, ContactTier,
    ConversationsPricing, Currency, Cycle, CyclePrice, Effect, LineItem, Money, NextInvoice,
    NotSelfServe, PaymentMethod, Period, Plan, PlanId, Proration, Quote, QuoteLine, RetentionOffer,
    Role, Seats, SmsCountry, SmsCredits, SmsPack, Status, StatusKind, Usage,
};

/// A variant's field that the JSON must carry, with serde's own message when it does not
/// (the native serde readers of the flat tagged enums).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn field<T>(value: Option<T>, name: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{name}`"))
}

/// A decimal string: an optional sign, digits with at most one `.`, at most 28 of them
/// after it, the digits' value within 96 bits (rust_decimal's range).
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    // 38 digits always fit an i128; `try_from_i128_with_scale` checks the 96 bits.
    if whole.is_empty() && fraction.is_empty() || whole.len() + fraction.len() > 38 {
        return None;
    }
    let mut mantissa: i128 = 0;
    for byte in whole.bytes().chain(fraction.bytes()) {
        if !byte.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa * 10 + i128::from(byte - b'0');
    }
    let mut value = Decimal::try_from_i128_with_scale(mantissa, fraction.len() as u32).ok()?;
    value.set_sign_negative(negative && mantissa != 0);
    Some(value)
}

/// An RFC 3339 instant: `YYYY-MM-DDTHH:MM:SS`, optional fraction of a second (up to
/// nanoseconds), then `Z` or `±HH:MM`.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let digits = b.get(from..from + len)?;
        digits.iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let sep = |at: usize, c: &[u8]| b.get(at).is_some_and(|x| c.contains(x));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 2)?, num(8, 2)?)?;
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let mut at = 19;
    let mut nanos = 0;
    if sep(at, b".") {
        at += 1;
        let start = at;
        while b.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        let len = at - start;
        if len == 0 || len > 9 {
            return None;
        }
        nanos = num(start, len)? * 10u32.pow(9 - len as u32);
    }
    let offset = match b.get(at..)? {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), ..] if b.len() == at + 6 && sep(at + 3, b":") => {
            let secs = (num(at + 1, 2)? * 60 + num(at + 4, 2)?) as i32 * 60;
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    let local = date.and_hms_nano_opt(hour, minute, second, nanos)?;
    let zone = FixedOffset::east_opt(offset)?;
    Some(
        zone.from_local_datetime(&local)
            .single()?
            .with_timezone(&Utc),
    )
}

/// An RFC 3339 instant as chrono's serde writes it: UTC with `Z`, the fraction of a second
/// only when there is one, in 3, 6 or 9 digits ("2026-12-15T00:00:00Z").
pub fn write_instant(at: DateTime<Utc>) -> String {
    use chrono::Datelike;
    let mut text = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    );
    // A leap second is stored as nanoseconds ≥ 1e9 on second 59.
    let nanos = at.nanosecond() % 1_000_000_000;
    if nanos != 0 {
        let digits = format!("{nanos:09}");
        // The fewest of 3, 6 or 9 digits that drop only zeros.
        let keep = [3, 6]
            .into_iter()
            .find(|k| digits.bytes().skip(*k).all(|b| b == b'0'))
            .unwrap_or(9);
        text.push('.');
        text.push_str(digits.get(..keep).unwrap_or_default());
    }
    text.push('Z');
    text
}

impl FromJson for Decimal {
    /// A decimal string ("12.50"), as the API writes every amount and price.
    fn from_json(json: &Json) -> Result<Self, String> {
        let text = json.string("a decimal string")?;
        parse_decimal(text).ok_or_else(|| json.unexpected("a decimal string"))
    }
}

impl ToJson for Decimal {
    fn to_json(&self) -> Json {
        Json::String(self.to_string())
    }
}

impl FromJson for DateTime<Utc> {
    fn from_json(json: &Json) -> Result<Self, String> {
        let text = json.string("an RFC 3339 instant")?;
        parse_instant(text).ok_or_else(|| json.unexpected("an RFC 3339 instant"))
    }
}

impl ToJson for DateTime<Utc> {
    fn to_json(&self) -> Json {
        Json::String(write_instant(*self))
    }
}

crate::json_names!(Cycle {
    Monthly => "monthly",
    Annual => "annual",
    AnnualCommitMonthly => "annual_commit_monthly",
});

crate::json_names!(PlanId {
    Starter => "starter",
    Plus => "plus",
    Pro => "pro",
    Enterprise => "enterprise",
});

crate::json_names!(AddOnId {
    Sms => "sms",
    Pipelines => "pipelines",
    TransactionalEmail => "transactional_email",
    CustomReports => "custom_reports",
});

crate::json_names!(Currency {
    USD => "USD",
    EUR => "EUR",
    GBP => "GBP",
    JPY => "JPY",
    KWD => "KWD",
});

crate::json_names!(Role {
    PrimaryAdmin => "primary_admin",
    Billing => "billing",
    Viewer => "viewer",
});

crate::json_names!(Action {
    Upgrade => "upgrade",
    RaiseLimits => "raise_limits",
    BuyAddOn => "buy_add_on",
    BuySmsCredits => "buy_sms_credits",
    ChangePaymentMethod => "change_payment_method",
    ToggleAutoUpgrade => "toggle_auto_upgrade",
    ManageSeats => "manage_seats",
    Pause => "pause",
    Cancel => "cancel",
    RequestSupport => "request_support",
    View => "view",
});

crate::json_names!(StatusKind {
    Trial => "trial",
    Active => "active",
    PauseScheduled => "pause_scheduled",
    Paused => "paused",
    CancellationScheduled => "cancellation_scheduled",
    Cancelled => "cancelled",
});

crate::json_names!(ChangeKind {
    SetPlan => "set_plan",
    SetContacts => "set_contacts",
    SetUsers => "set_users",
    SetEmailSends => "set_email_sends",
    AddAddOn => "add_add_on",
    RemoveAddOn => "remove_add_on",
    BuySmsPack => "buy_sms_pack",
    SetSeats => "set_seats",
    SwitchCycle => "switch_cycle",
    Pause => "pause",
    Resume => "resume",
    Cancel => "cancel",
    UndoCancellation => "undo_cancellation",
    SetAutoUpgrade => "set_auto_upgrade",
});

impl FromJson for Amount {
    fn from_json(json: &Json) -> Result<Self, String> {
        Decimal::from_json(json).map(Amount)
    }
}

impl ToJson for Amount {
    fn to_json(&self) -> Json {
        self.0.to_json()
    }
}

impl FromJson for Money {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(Money {
            amount: f.req("amount")?,
            currency: f.req("currency")?,
        })
    }
}

impl ToJson for Money {
    fn to_json(&self) -> Json {
        Json::object([
            ("amount", self.amount.to_json()),
            ("currency", self.currency.to_json()),
        ])
    }
}

impl FromJson for Change {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(match f.req::<ChangeKind>("kind")? {
            ChangeKind::SetPlan => Change::SetPlan {
                plan: f.req("plan")?,
            },
            ChangeKind::SetContacts => Change::SetContacts {
                contacts: f.req("contacts")?,
            },
            ChangeKind::SetUsers => Change::SetUsers {
                users: f.req("users")?,
            },
            ChangeKind::SetEmailSends => Change::SetEmailSends {
                email_sends: f.req("email_sends")?,
            },
            ChangeKind::AddAddOn => Change::AddAddOn {
                addon: f.req("addon")?,
            },
            ChangeKind::RemoveAddOn => Change::RemoveAddOn {
                addon: f.req("addon")?,
            },
            ChangeKind::BuySmsPack => Change::BuySmsPack {
                pack: f.req("pack")?,
            },
            ChangeKind::SetSeats => Change::SetSeats {
                seats: f.req("seats")?,
            },
            ChangeKind::SwitchCycle => Change::SwitchCycle {
                cycle: f.req("cycle")?,
            },
            ChangeKind::Pause => Change::Pause,
            ChangeKind::Resume => Change::Resume,
            ChangeKind::Cancel => Change::Cancel,
            ChangeKind::UndoCancellation => Change::UndoCancellation,
            ChangeKind::SetAutoUpgrade => Change::SetAutoUpgrade {
                enabled: f.req("enabled")?,
            },
        })
    }
}

impl ToJson for Change {
    fn to_json(&self) -> Json {
        let kind = ("kind", self.kind().to_json());
        match self {
            Change::SetPlan { plan } => Json::object([kind, ("plan", plan.to_json())]),
            Change::SetContacts { contacts } => {
                Json::object([kind, ("contacts", contacts.to_json())])
            }
            Change::SetUsers { users } => Json::object([kind, ("users", users.to_json())]),
            Change::SetEmailSends { email_sends } => {
                Json::object([kind, ("email_sends", email_sends.to_json())])
            }
            Change::AddAddOn { addon } | Change::RemoveAddOn { addon } => {
                Json::object([kind, ("addon", addon.to_json())])
            }
            Change::BuySmsPack { pack } => Json::object([kind, ("pack", pack.to_json())]),
            Change::SetSeats { seats } => Json::object([kind, ("seats", seats.to_json())]),
            Change::SwitchCycle { cycle } => Json::object([kind, ("cycle", cycle.to_json())]),
            Change::Pause | Change::Resume | Change::Cancel | Change::UndoCancellation => {
                Json::object([kind])
            }
            Change::SetAutoUpgrade { enabled } => {
                Json::object([kind, ("enabled", enabled.to_json())])
            }
        }
    }
}

impl FromJson for Period {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(Period {
            start: f.req("start")?,
            end: f.req("end")?,
        })
    }
}

impl FromJson for Proration {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(Proration {
            remaining_seconds: f.req("remaining_seconds")?,
            period_seconds: f.req("period_seconds")?,
        })
    }
}

impl FromJson for Status {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(match f.req::<StatusKind>("kind")? {
            StatusKind::Trial => Status::Trial {
                ends_at: f.req("ends_at")?,
            },
            StatusKind::Active => Status::Active,
            StatusKind::PauseScheduled => Status::PauseScheduled { at: f.req("at")? },
            StatusKind::Paused => Status::Paused {
                since: f.req("since")?,
            },
            StatusKind::CancellationScheduled => Status::CancellationScheduled {
                effective_at: f.req("effective_at")?,
            },
            StatusKind::Cancelled => Status::Cancelled {
                since: f.req("since")?,
            },
        })
    }
}

impl FromJson for Seats {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(Seats {
            purchased: f.req("purchased")?,
            assigned: f.req("assigned")?,
            trial: f.or_default("trial")?,
            trial_ends_at: f.opt("trial_ends_at")?,
        })
    }
}

impl FromJson for AutoUpgradeEvent {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(AutoUpgradeEvent {
            at: f.req("at")?,
            from_contacts: f.req("from_contacts")?,
            to_contacts: f.req("to_contacts")?,
            charged: f.req("charged")?,
        })
    }
}

impl FromJson for SmsCredits {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(SmsCredits {
            monthly_packs: f.req("monthly_packs")?,
            remaining: f.req("remaining")?,
            renews_at: f.opt("renews_at")?,
        })
    }
}

impl FromJson for Usage {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(Usage {
            contacts: f.req("contacts")?,
            users: f.req("users")?,
            email_sends: f.req("email_sends")?,
        })
    }
}

impl FromJson for PaymentMethod {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(PaymentMethod {
            brand: f.req("brand")?,
            last4: f.req("last4")?,
            exp_month: f.req("exp_month")?,
            exp_year: f.req("exp_year")?,
        })
    }
}

impl FromJson for Account {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(Account {
            id: f.req("id")?,
            name: f.req("name")?,
            plan: f.req("plan")?,
            contacts: f.req("contacts")?,
            users: f.req("users")?,
            email_sends: f.req("email_sends")?,
            cycle: f.req("cycle")?,
            anchor: f.req("anchor")?,
            period: f.req("period")?,
            commit_term: f.opt("commit_term")?,
            status: f.req("status")?,
            reseller: f.opt("reseller")?,
            addons: f.or_default("addons")?,
            seats: f.or_default("seats")?,
            sms: f.or_default("sms")?,
            auto_upgrade: f.or_default("auto_upgrade")?,
            usage: f.or_default("usage")?,
            payment_method: f.opt("payment_method")?,
            last_auto_upgrade: f.opt("last_auto_upgrade")?,
            version: f.or_default("version")?,
        })
    }
}

impl FromJson for CyclePrice {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(CyclePrice {
            monthly: f.req("monthly")?,
            annual: f.req("annual")?,
        })
    }
}

impl FromJson for ContactTier {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(ContactTier {
            contacts: f.req("contacts")?,
            price: f.req("price")?,
        })
    }
}

impl FromJson for Plan {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(Plan {
            id: f.req("id")?,
            name: f.req("name")?,
            tiers: f.req("tiers")?,
            included_users: f.req("included_users")?,
            included_email_sends: f.req("included_email_sends")?,
            extra_user: f.req("extra_user")?,
            email_sends_block: f.req("email_sends_block")?,
            extra_email_sends_block: f.req("extra_email_sends_block")?,
            offers_success_session: f.or_default("offers_success_session")?,
        })
    }
}

impl FromJson for AddOn {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(AddOn {
            id: f.req("id")?,
            name: f.req("name")?,
            price: f.req("price")?,
            plans: f.req("plans")?,
            included_sms_credits: f.or_default("included_sms_credits")?,
        })
    }
}

impl FromJson for SmsPack {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(SmsPack {
            id: f.req("id")?,
            credits: f.req("credits")?,
            price: f.req("price")?,
        })
    }
}

impl FromJson for SmsCountry {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(SmsCountry {
            code: f.req("code")?,
            name: f.req("name")?,
            credits_per_message: f.req("credits_per_message")?,
            requires_10dlc: f.or_default("requires_10dlc")?,
        })
    }
}

impl FromJson for ConversationsPricing {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(ConversationsPricing {
            seat_price_monthly: f.req("seat_price_monthly")?,
            trial_seats: f.req("trial_seats")?,
        })
    }
}

impl FromJson for RetentionOffer {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(RetentionOffer {
            plan: f.req("plan")?,
            contacts: f.req("contacts")?,
            monthly_price: f.req("monthly_price")?,
        })
    }
}

impl FromJson for Catalog {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(Catalog {
            currency: f.req("currency")?,
            plans: f.req("plans")?,
            addons: f.req("addons")?,
            sms_packs: f.req("sms_packs")?,
            sms_countries: f.or_default("sms_countries")?,
            conversations: f.req("conversations")?,
            annual_commit_discount: f.req("annual_commit_discount")?,
            retention_offer: f.opt("retention_offer")?,
        })
    }
}

impl FromJson for QuoteLine {
    /// `key` and `item` name what the line is for ([`LineItem::from_wire`]).
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(QuoteLine {
            item: LineItem::from_wire(f.req("key")?, f.opt("item")?),
            quantity: f.req("quantity")?,
            unit_amount: f.req("unit_amount")?,
            proration: f.opt("proration")?,
            amount: f.req("amount")?,
        })
    }
}

impl FromJson for NextInvoice {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(NextInvoice {
            date: f.req("date")?,
            amount: f.req("amount")?,
        })
    }
}

impl FromJson for Effect {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(Effect {
            change: f.req("change")?,
            effective_at: f.req("effective_at")?,
        })
    }
}

impl FromJson for NotSelfServe {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(match f.req::<String>("kind")?.as_str() {
            "downgrade" => NotSelfServe::Downgrade,
            "trial" => NotSelfServe::Trial,
            "resold" => NotSelfServe::Resold,
            "annual_commit_term" => NotSelfServe::AnnualCommitTerm,
            "annual_commit_cancellation" => NotSelfServe::AnnualCommitCancellation {
                term_end: f.req("term_end")?,
            },
            "monthly_payers_only" => NotSelfServe::MonthlyPayersOnly,
            "not_permitted" => NotSelfServe::NotPermitted,
            "ineligible_plan" => NotSelfServe::IneligiblePlan {
                required: f.req("required")?,
            },
            "add_on_required" => NotSelfServe::AddOnRequired {
                addon: f.req("addon")?,
            },
            "seats_below_assigned" => NotSelfServe::SeatsBelowAssigned {
                assigned: f.req("assigned")?,
            },
            "no_change" => NotSelfServe::NoChange,
            other => return Err(format!("kind: unknown variant `{other}`")),
        })
    }
}

impl FromJson for Quote {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(Quote {
            currency: f.req("currency")?,
            lines: f.req("lines")?,
            charge_now: f.req("charge_now")?,
            next_invoice: f.req("next_invoice")?,
            effects: f.req("effects")?,
            self_serve: f.req("self_serve")?,
            reason: f.opt("reason")?,
            permission: f.req("permission")?,
            account_version: f.req("account_version")?,
            quoted_at: f.req("quoted_at")?,
            valid_until: f.req("valid_until")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn decimals_read_as_rust_decimal_reads_them() {
        for text in [
            "0",
            "0.00",
            "12.50",
            "-12.50",
            "+3",
            "1234567.891",
            "-0.001",
            ".5",
            "5.",
            "0.3333333333333333333333333333",
            "79228162514264337593543950335",
            "29",
            "-0",
            "-0.00",
            "0.0000000000000000000000000001",
            "007.10",
        ] {
            let ours = parse_decimal(text);
            let theirs = Decimal::from_str(text).ok();
            assert_eq!(ours, theirs, "{text}");
            if let Some(v) = ours {
                // Same digits too: "12.50" keeps its scale, so it prints "12.50" again.
                assert_eq!(
                    v.to_string(),
                    theirs.map(|t| t.to_string()).unwrap_or_default()
                );
            }
        }
        for bad in [
            "",
            "-",
            ".",
            "1.2.3",
            "1e3",
            "12a",
            " 1",
            "1 ",
            "--1",
            "0x10",
            "1_000",
            "79228162514264337593543950336",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn instants_read_as_chrono_reads_them() {
        for text in [
            "2026-12-15T00:00:00Z",
            "2026-02-28T23:59:59Z",
            "2024-02-29T12:30:00.5Z",
            "2026-01-01T00:00:00.123456789Z",
            "2026-03-31T10:00:00+01:00",
            "2026-03-31T10:00:00-05:30",
            "2026-03-31t10:00:00z",
            "2026-03-31 10:00:00Z",
        ] {
            let theirs = DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc));
            assert_eq!(parse_instant(text), theirs.ok(), "{text}");
        }
        // What the API sends is what chrono writes.
        let now = Utc.with_ymd_and_hms(2026, 12, 15, 14, 30, 5).unwrap();
        let json = serde_json::to_string(&now).unwrap();
        assert_eq!(parse_instant(json.trim_matches('"')), Some(now));
        for bad in [
            "",
            "2026-12-15",
            "2026-12-15T00:00:00",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-12-15T24:00:00Z",
            "2026-12-15T00:00:00.Z",
            "2026-12-15T00:00:00+0100",
            "2026-12-15T00:00:00Zjunk",
            "20261215T000000Z",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn instants_are_written_as_chrono_writes_them() {
        for text in [
            "2026-12-15T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "2026-01-01T00:00:00.5Z",
            "2026-01-01T00:00:00.123456Z",
            "2026-01-01T00:00:00.000000001Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
        ] {
            let at = parse_instant(text).unwrap();
            let theirs = serde_json::to_string(&at).unwrap();
            assert_eq!(format!("\"{}\"", write_instant(at)), theirs, "{text}");
        }
    }

    #[test]
    fn amounts_and_instants_read_from_strings_only() {
        use crate::json::from_str;
        assert_eq!(from_str::<Decimal>("\"9.90\"").unwrap().to_string(), "9.90");
        assert_eq!(
            from_str::<DateTime<Utc>>("\"2026-12-15T00:00:00Z\""),
            Ok(Utc.with_ymd_and_hms(2026, 12, 15, 0, 0, 0).unwrap())
        );
        assert_eq!(
            from_str::<Decimal>("9.90"),
            Err("expected a decimal string, found the number 9.90".into())
        );
        assert_eq!(
            from_str::<Decimal>("\"x\""),
            Err("expected a decimal string, found the string \"x\"".into())
        );
        assert_eq!(
            from_str::<Vec<DateTime<Utc>>>("[\"2026-12-15\"]"),
            Err("[0]: expected an RFC 3339 instant, found the string \"2026-12-15\"".into())
        );
    }

    #[test]
    fn names_are_the_as_str_names() {
        for cycle in Cycle::ALL {
            assert_eq!(cycle.to_json(), Json::String(cycle.as_str().into()));
        }
        for plan in PlanId::ALL {
            assert_eq!(plan.to_json(), Json::String(plan.as_str().into()));
        }
        for addon in [
            AddOnId::Sms,
            AddOnId::Pipelines,
            AddOnId::TransactionalEmail,
            AddOnId::CustomReports,
        ] {
            assert_eq!(addon.to_json(), Json::String(addon.as_str().into()));
        }
        for currency in [
            Currency::USD,
            Currency::EUR,
            Currency::GBP,
            Currency::JPY,
            Currency::KWD,
        ] {
            assert_eq!(currency.to_json(), Json::String(currency.code().into()));
        }
        assert_eq!(
            crate::json::from_str::<Cycle>("\"weekly\""),
            Err("unknown variant `weekly`".into())
        );
    }

    #[test]
    fn a_change_missing_its_field_names_it() {
        use crate::json::from_str;
        assert_eq!(
            from_str::<Change>(r#"{"kind": "set_contacts"}"#),
            Err("missing field `contacts`".into())
        );
        assert_eq!(
            from_str::<Change>(r#"{"kind": "set_plan", "plan": "gold"}"#),
            Err("plan: unknown variant `gold`".into())
        );
        assert_eq!(
            from_str::<Vec<Change>>(r#"[{"kind": "pause"}, {"kind": "teleport"}]"#),
            Err("[1].kind: unknown variant `teleport`".into())
        );
    }
}
