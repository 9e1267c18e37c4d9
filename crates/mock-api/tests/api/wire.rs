//! The wire shape is written twice (issue 14): serde's derives, which the mock API answers
//! and reads with, and `pricing::json`'s `FromJson`/`ToJson`, which the wasm page uses. These
//! tests hold them together:
//! - everything the mock sends, for every scenario (account, catalog, quotes of every
//!   kind of change and every verdict, orders, ledger entries, cancellations, tickets,
//!   slots, bookings, error bodies), serialised by serde, reads back equal with `FromJson`;
//! - every body the page sends, written by `ToJson`, reads back equal with serde, and is
//!   the very text serde writes (the support request's idempotency key hashes it).

use std::fmt::Debug;

use api_types::*;
use chrono::{DateTime, Duration, Utc};
use mock_api::{load_scenario, scenario_names, MockState};
use pricing::json::{FromJson, ToJson};
use pricing::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// `value` as the mock sends it (serde), read as the page reads it.
fn page_reads_as_sent<T>(what: &str, value: &T)
where
    T: Serialize + FromJson + PartialEq + Debug,
{
    let text = serde_json::to_string(value).expect("a wire type serialises");
    let read: T = pricing::json::from_str(&text).unwrap_or_else(|e| {
        panic!("{what}: the page cannot read what the mock sends: {e}\n{text}")
    });
    assert_eq!(&read, value, "{what}: read differently by the page\n{text}");
}

/// `value` as the page sends it, read as the mock reads it (and the same text).
fn mock_reads_as_sent<T>(what: &str, value: &T)
where
    T: ToJson + Serialize + DeserializeOwned + PartialEq + Debug,
{
    let ours = pricing::json::to_string(value);
    let read: T = serde_json::from_str(&ours).unwrap_or_else(|e| {
        panic!("{what}: the mock cannot read what the page sends: {e}\n{ours}")
    });
    assert_eq!(&read, value, "{what}: read differently by the mock\n{ours}");
    assert_eq!(
        ours,
        serde_json::to_string(value).expect("a wire type serialises"),
        "{what}: not the text serde writes"
    );
}

fn instant(text: &str) -> DateTime<Utc> {
    pricing::wire::parse_instant(text).expect("an RFC 3339 instant")
}

/// One change of every kind (and both values of each flag).
fn every_change(catalog: &Catalog, account: &Account) -> Vec<Change> {
    let mut changes: Vec<Change> = PlanId::ALL
        .into_iter()
        .map(|plan| Change::SetPlan { plan })
        .collect();
    let plan = catalog.plan(account.plan).ok();
    for tier in plan.map(|p| p.tiers.clone()).unwrap_or_default() {
        changes.push(Change::SetContacts {
            contacts: tier.contacts,
        });
    }
    changes.extend([
        Change::SetUsers {
            users: account.users + 3,
        },
        Change::SetUsers { users: 1 },
        Change::SetEmailSends {
            email_sends: account.email_sends * 2 + 1,
        },
        Change::SetSeats {
            seats: account.seats.purchased + 2,
        },
        Change::SetSeats { seats: 0 },
        Change::Pause,
        Change::Resume,
        Change::Cancel,
        Change::UndoCancellation,
        Change::SetAutoUpgrade { enabled: true },
        Change::SetAutoUpgrade { enabled: false },
    ]);
    for addon in &catalog.addons {
        changes.push(Change::AddAddOn { addon: addon.id });
        changes.push(Change::RemoveAddOn { addon: addon.id });
    }
    for pack in &catalog.sms_packs {
        changes.push(Change::BuySmsPack {
            pack: pack.id.clone(),
        });
    }
    for cycle in Cycle::ALL {
        changes.push(Change::SwitchCycle { cycle });
    }
    changes
}

/// Every `Status` and every `NotSelfServe`, with their instants and lists.
fn every_status() -> Vec<Status> {
    let at = instant("2026-12-15T10:30:00.250Z");
    vec![
        Status::Trial { ends_at: at },
        Status::Active,
        Status::PauseScheduled { at },
        Status::Paused { since: at },
        Status::CancellationScheduled { effective_at: at },
        Status::Cancelled { since: at },
    ]
}

fn every_reason() -> Vec<NotSelfServe> {
    vec![
        NotSelfServe::Downgrade,
        NotSelfServe::Trial,
        NotSelfServe::Resold,
        NotSelfServe::AnnualCommitTerm,
        NotSelfServe::AnnualCommitCancellation {
            term_end: instant("2027-01-31T00:00:00Z"),
        },
        NotSelfServe::MonthlyPayersOnly,
        NotSelfServe::NotPermitted,
        NotSelfServe::IneligiblePlan {
            required: vec![PlanId::Plus, PlanId::Pro, PlanId::Enterprise],
        },
        NotSelfServe::AddOnRequired {
            addon: AddOnId::Sms,
        },
        NotSelfServe::SeatsBelowAssigned { assigned: 7 },
        NotSelfServe::NoChange,
    ]
}

/// The scenario's account with every optional part present and every default changed, so
/// a field the page reads under another name cannot hide behind `None` or a default.
fn filled(state: &MockState) -> Account {
    let mut account = state.account.clone();
    account.commit_term = Some(account.period);
    account.reseller = Some("Partner \"Ünïcode\" Ltd\n".into());
    account.addons = state.catalog.addons.iter().map(|a| a.id).collect();
    account.seats = Seats {
        purchased: 12,
        assigned: 5,
        trial: true,
        trial_ends_at: Some(instant("2026-12-31T23:59:59.999Z")),
    };
    account.sms = SmsCredits {
        monthly_packs: state
            .catalog
            .sms_packs
            .iter()
            .map(|p| p.id.clone())
            .collect(),
        remaining: 321,
        renews_at: Some(instant("2027-01-01T00:00:00Z")),
    };
    account.auto_upgrade = true;
    account.usage = Usage {
        contacts: 1234,
        users: 4,
        email_sends: 56_789,
    };
    account.payment_method = Some(PaymentMethod {
        brand: "visa".into(),
        last4: "4242".into(),
        exp_month: 12,
        exp_year: 2030,
    });
    account.last_auto_upgrade = Some(AutoUpgradeEvent {
        at: state.now,
        from_contacts: 1000,
        to_contacts: 2500,
        charged: Money::round(rust_decimal::Decimal::new(-1234, 2), state.catalog.currency),
    });
    account.version = 42;
    account
}

/// The scenario's catalog with every optional part present.
fn filled_catalog(catalog: &Catalog) -> Catalog {
    let mut catalog = catalog.clone();
    for plan in &mut catalog.plans {
        plan.offers_success_session = !plan.offers_success_session;
    }
    for addon in &mut catalog.addons {
        addon.included_sms_credits += 5;
    }
    catalog.sms_countries.push(SmsCountry {
        code: "US".into(),
        name: "United States".into(),
        credits_per_message: 2,
        requires_10dlc: true,
    });
    catalog.retention_offer = Some(RetentionOffer {
        plan: PlanId::Starter,
        contacts: 2500,
        monthly_price: "19.99".parse().expect("a decimal"),
    });
    catalog
}

#[test]
fn the_page_reads_everything_the_mock_sends_for_every_scenario() {
    let names = scenario_names().expect("the scenario list");
    assert!(names.len() >= 12, "{names:?}");
    let mut quotes_read = 0;
    let mut verdicts = std::collections::HashSet::new();
    for name in names {
        let state = load_scenario(&name).expect("a scenario loads");
        let (catalog, now) = (&state.catalog, state.now);
        page_reads_as_sent(&format!("{name}: catalog"), catalog);
        page_reads_as_sent(
            &format!("{name}: catalog, filled"),
            &filled_catalog(catalog),
        );
        let answer = AccountResponse::new(state.account.clone(), state.viewer.clone()).at(now);
        page_reads_as_sent(&format!("{name}: account"), &answer);
        page_reads_as_sent(
            &format!("{name}: account without clock"),
            &AccountResponse::new(state.account.clone(), state.viewer.clone()),
        );
        let full = AccountResponse::new(filled(&state), state.viewer.clone()).at(now);
        page_reads_as_sent(&format!("{name}: account, filled"), &full);

        for change in every_change(catalog, &state.account) {
            for role in [Role::PrimaryAdmin, Role::Billing, Role::Viewer] {
                let cart = [change.clone()];
                let Ok(quote) = pricing::quote(catalog, &state.account, &cart, now) else {
                    continue;
                };
                let quote = quote.for_role(role);
                verdicts.insert(format!("{:?}", quote.reason));
                let what = format!("{name}: quote of {change:?} as {role:?}");
                let answer = QuoteResponse {
                    id: "q_1".into(),
                    account_version: quote.account_version,
                    expires_at: quote.valid_until,
                    quote: quote.clone(),
                };
                page_reads_as_sent(&what, &answer);
                quotes_read += 1;
                if !quote.self_serve {
                    continue;
                }
                let Ok(after) = pricing::apply(catalog, &state.account, &cart, now) else {
                    continue;
                };
                let order = OrderResponse {
                    id: "ord_1".into(),
                    quote_id: "q_1".into(),
                    charged: quote.charge_now.in_currency(quote.currency),
                    lines: quote.lines.clone(),
                    effects: quote.effects.clone(),
                    ledger_entry_id: (!quote.lines.is_empty()).then(|| "le_1".into()),
                    created_at: now,
                    account: AccountResponse::new(after, state.viewer.clone()).at(now),
                };
                page_reads_as_sent(&format!("{what}: order"), &order);
            }
        }

        // A year on: renewals, as the ledger lists them.
        let later = now + Duration::days(400);
        let advanced = pricing::advance(catalog, &state.account, later);
        let renewals = advanced.map(|a| a.renewals).unwrap_or_default();
        let lines = state.account.recurring_lines(catalog).unwrap_or_default();
        let mut entries: Vec<LedgerEntry> = renewals
            .iter()
            .enumerate()
            .map(|(i, renewal)| LedgerEntry {
                id: format!("le_{i}"),
                kind: LedgerKind::Renewal,
                at: renewal.date,
                amount: renewal.amount,
                currency: catalog.currency,
                order_id: None,
                lines: lines.clone(),
            })
            .collect();
        for kind in [LedgerKind::Order, LedgerKind::AutoUpgrade] {
            entries.push(LedgerEntry {
                id: "le_x".into(),
                kind,
                at: now,
                amount: Amount::zero(catalog.currency),
                currency: catalog.currency,
                order_id: Some("ord_1".into()),
                lines: lines.clone(),
            });
        }
        page_reads_as_sent(&format!("{name}: ledger"), &LedgerResponse { entries });

        page_reads_as_sent(
            &format!("{name}: cancellation"),
            &CancellationResponse {
                effective_at: state.account.period.end,
                undo_until: state.account.period.end,
                account: AccountResponse::new(state.account.clone(), state.viewer.clone()),
            },
        );
    }
    assert!(quotes_read > 500, "only {quotes_read} quotes");
    // Self-serve, downgrades, not permitted, trial, resold… all came through.
    assert!(verdicts.len() >= 6, "{verdicts:?}");
}

#[test]
fn the_page_reads_every_status_reason_ticket_slot_and_error_body() {
    let state = load_scenario("pro-monthly").expect("a scenario loads");
    for status in every_status() {
        let mut account = state.account.clone();
        account.status = status;
        page_reads_as_sent(
            &format!("status {status:?}"),
            &AccountResponse::new(account, state.viewer.clone()),
        );
    }
    for role in [Role::PrimaryAdmin, Role::Billing, Role::Viewer] {
        let viewer = Viewer {
            name: "Ada".into(),
            role,
        };
        page_reads_as_sent(
            &format!("viewer {role:?}"),
            &AccountResponse::new(state.account.clone(), viewer),
        );
    }
    let mut bodies = vec![ApiErrorBody::new(error_code::INTERNAL, "the server failed")];
    for reason in every_reason() {
        let mut body = ApiErrorBody::new(error_code::NOT_SELF_SERVE, "not self-serve");
        body.reason = Some(reason);
        bodies.push(body);
    }
    for decline in [
        DeclineCode::InsufficientFunds,
        DeclineCode::ExpiredCard,
        DeclineCode::DoNotHonor,
    ] {
        let mut body = ApiErrorBody::new(error_code::CARD_DECLINED, "declined");
        body.field = Some("token".into());
        body.decline_code = Some(decline);
        bodies.push(body);
    }
    let mut challenge = ApiErrorBody::new(error_code::AUTHENTICATION_REQUIRED, "3-D Secure");
    challenge.action = Some(Box::new(NextAction {
        kind: NextActionKind::ThreeDSecure,
        url: "http://127.0.0.1:1/challenge?id=1&x=\u{e9}".into(),
    }));
    bodies.push(challenge);
    for body in &bodies {
        page_reads_as_sent(&format!("error {}", body.code), body);
    }
    for (topic, survey) in [
        (SupportTopic::Downgrade, None),
        (SupportTopic::RetentionOffer, None),
        (
            SupportTopic::Cancellation,
            Some(CancellationSurvey {
                reasons: CancellationReason::ALL.to_vec(),
                comment: "Too \"much\"\n".into(),
            }),
        ),
        (SupportTopic::Other, Some(CancellationSurvey::default())),
    ] {
        let request = SupportRequest {
            topic,
            changes: every_change(&state.catalog, &state.account),
            message: "Please \\ help".into(),
            survey,
        };
        page_reads_as_sent(
            &format!("ticket {topic:?}"),
            &SupportRequestResponse {
                id: "sr_1".into(),
                created_at: state.now,
                requested_by: "Ada".into(),
                request,
            },
        );
    }
    page_reads_as_sent(
        "slots",
        &SuccessSlotsResponse {
            slots: vec![state.now, state.now + Duration::minutes(90)],
            duration_minutes: 30,
        },
    );
    page_reads_as_sent(
        "booking",
        &BookingResponse {
            id: "bk_1".into(),
            slot: state.now,
            duration_minutes: 30,
            booked_by: "Ada".into(),
        },
    );
}

#[test]
fn the_mock_reads_every_body_the_page_sends_as_the_page_wrote_it() {
    let state = load_scenario("conversations-trial").expect("a scenario loads");
    let changes = every_change(&state.catalog, &state.account);
    for change in &changes {
        mock_reads_as_sent(&format!("{change:?}"), change);
    }
    mock_reads_as_sent(
        "quote request",
        &QuoteRequest {
            changes: changes.clone(),
        },
    );
    mock_reads_as_sent(
        "order request",
        &OrderRequest {
            quote_id: "q_\"1\"".into(),
        },
    );
    for (enabled, terms_accepted) in [(true, true), (true, false), (false, false)] {
        mock_reads_as_sent(
            "auto-upgrade",
            &AutoUpgradeRequest {
                enabled,
                terms_accepted,
            },
        );
    }
    mock_reads_as_sent(
        "card",
        &PaymentMethodRequest {
            token: "tok_visa_4242_12_2030".into(),
        },
    );
    for topic in [
        SupportTopic::Downgrade,
        SupportTopic::RetentionOffer,
        SupportTopic::Cancellation,
        SupportTopic::Other,
    ] {
        for survey in [
            None,
            Some(CancellationSurvey {
                reasons: CancellationReason::ALL.to_vec(),
                comment: "Bye \u{1F44B}\t".into(),
            }),
        ] {
            mock_reads_as_sent(
                &format!("support request {topic:?}"),
                &SupportRequest {
                    topic,
                    changes: changes.clone(),
                    message: "line 1\nline 2 \u{7}".into(),
                    survey,
                },
            );
        }
    }
    mock_reads_as_sent(
        "cancellation",
        &CancellationRequest {
            reasons: CancellationReason::ALL.to_vec(),
            comment: String::new(),
            consents: CancellationConsents {
                lists: true,
                campaigns: false,
                reports: true,
                account_information: false,
            },
        },
    );
    for slot in [state.now, instant("2026-12-15T09:00:00.123456789Z")] {
        mock_reads_as_sent(
            "booking",
            &BookingRequest {
                slot,
                note: "Mornings".into(),
            },
        );
    }
    mock_reads_as_sent(
        "3-D Secure action",
        &NextAction {
            kind: NextActionKind::ThreeDSecure,
            url: "https://provider.example/challenge/1".into(),
        },
    );
    // Host event details carry money and plans the same way.
    for currency in [Currency::USD, Currency::JPY, Currency::KWD] {
        mock_reads_as_sent(
            "money",
            &Money::round("-1234.5678".parse().expect("a decimal"), currency),
        );
    }
}
