//! The wire shape of the API's bodies for the page: [`FromJson`] for every answer it reads,
//! [`ToJson`] for every request it sends (see `pricing::json`). Native builds keep serde's
//! derives for the mock API; its tests check that both agree.

use pricing::json::{FromJson, Json, ToJson};
use pricing::json_names;

use crate::{
    AccountResponse, ApiErrorBody, AutoUpgradeRequest, BookingRequest, BookingResponse,
    CancellationConsents, CancellationReason, CancellationRequest, CancellationResponse,
    CancellationSurvey, DeclineCode, LedgerEntry, LedgerKind, LedgerResponse, NextAction,
    NextActionKind, OrderRequest, OrderResponse, PaymentMethodRequest, QuoteRequest, QuoteResponse,
    SuccessSlotsResponse, SupportRequest, SupportRequestResponse, SupportTopic, Viewer,
};

json_names!(DeclineCode {
    InsufficientFunds => "insufficient_funds",
    ExpiredCard => "expired_card",
    DoNotHonor => "do_not_honor",
});

json_names!(NextActionKind {
    ThreeDSecure => "three_d_secure",
});

json_names!(SupportTopic {
    Downgrade => "downgrade",
    RetentionOffer => "retention_offer",
    Cancellation => "cancellation",
    Other => "other",
});

json_names!(CancellationReason {
    TooExpensive => "too_expensive",
    MissingFeatures => "missing_features",
    TooComplicated => "too_complicated",
    SwitchingProvider => "switching_provider",
    NotUsingEnough => "not_using_enough",
    TemporaryBreak => "temporary_break",
    BusinessClosing => "business_closing",
    Other => "other",
});

json_names!(LedgerKind {
    Order => "order",
    Renewal => "renewal",
    AutoUpgrade => "auto_upgrade",
});

// What the page reads.

impl FromJson for Viewer {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(Viewer {
            name: f.req("name")?,
            role: f.req("role")?,
        })
    }
}

impl FromJson for AccountResponse {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(AccountResponse {
            account: f.req("account")?,
            viewer: f.req("viewer")?,
            permissions: f.or_default("permissions")?,
            now: f.opt("now")?,
        })
    }
}

impl FromJson for ApiErrorBody {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(ApiErrorBody {
            code: f.req("code")?,
            message: f.req("message")?,
            field: f.opt("field")?,
            reason: f.opt("reason")?,
            decline_code: f.opt("decline_code")?,
            action: f.opt("action")?,
        })
    }
}

impl FromJson for NextAction {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(NextAction {
            kind: f.req("kind")?,
            url: f.req("url")?,
        })
    }
}

impl FromJson for QuoteResponse {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(QuoteResponse {
            id: f.req("id")?,
            quote: f.req("quote")?,
            account_version: f.req("account_version")?,
            expires_at: f.req("expires_at")?,
        })
    }
}

impl FromJson for OrderResponse {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(OrderResponse {
            id: f.req("id")?,
            quote_id: f.req("quote_id")?,
            charged: f.req("charged")?,
            lines: f.req("lines")?,
            effects: f.req("effects")?,
            ledger_entry_id: f.opt("ledger_entry_id")?,
            created_at: f.req("created_at")?,
            account: f.req("account")?,
        })
    }
}

impl FromJson for SupportRequest {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(SupportRequest {
            topic: f.or_default("topic")?,
            changes: f.or_default("changes")?,
            message: f.or_default("message")?,
            survey: f.opt("survey")?,
        })
    }
}

impl FromJson for CancellationSurvey {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(CancellationSurvey {
            reasons: f.or_default("reasons")?,
            comment: f.or_default("comment")?,
        })
    }
}

impl FromJson for SupportRequestResponse {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(SupportRequestResponse {
            id: f.req("id")?,
            created_at: f.req("created_at")?,
            requested_by: f.req("requested_by")?,
            request: f.req("request")?,
        })
    }
}

impl FromJson for CancellationResponse {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(CancellationResponse {
            effective_at: f.req("effective_at")?,
            undo_until: f.req("undo_until")?,
            account: f.req("account")?,
        })
    }
}

impl FromJson for SuccessSlotsResponse {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(SuccessSlotsResponse {
            slots: f.req("slots")?,
            duration_minutes: f.req("duration_minutes")?,
        })
    }
}

impl FromJson for BookingResponse {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(BookingResponse {
            id: f.req("id")?,
            slot: f.req("slot")?,
            duration_minutes: f.req("duration_minutes")?,
            booked_by: f.req("booked_by")?,
        })
    }
}

impl FromJson for LedgerEntry {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(LedgerEntry {
            id: f.req("id")?,
            kind: f.req("kind")?,
            at: f.req("at")?,
            amount: f.req("amount")?,
            currency: f.req("currency")?,
            order_id: f.opt("order_id")?,
            lines: f.req("lines")?,
        })
    }
}

impl FromJson for LedgerResponse {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(LedgerResponse {
            entries: f.req("entries")?,
        })
    }
}

// What the page sends, field for field in serde's order (so the text is serde_json's).

impl ToJson for NextAction {
    fn to_json(&self) -> Json {
        Json::object([("kind", self.kind.to_json()), ("url", self.url.to_json())])
    }
}

impl ToJson for QuoteRequest {
    fn to_json(&self) -> Json {
        Json::object([("changes", self.changes.to_json())])
    }
}

impl ToJson for OrderRequest {
    fn to_json(&self) -> Json {
        Json::object([("quote_id", self.quote_id.to_json())])
    }
}

impl ToJson for AutoUpgradeRequest {
    fn to_json(&self) -> Json {
        Json::object([
            ("enabled", self.enabled.to_json()),
            ("terms_accepted", self.terms_accepted.to_json()),
        ])
    }
}

impl ToJson for PaymentMethodRequest {
    fn to_json(&self) -> Json {
        Json::object([("token", self.token.to_json())])
    }
}

impl ToJson for SupportRequest {
    fn to_json(&self) -> Json {
        let mut body = Json::object([
            ("topic", self.topic.to_json()),
            ("changes", self.changes.to_json()),
            ("message", self.message.to_json()),
        ]);
        // serde: `skip_serializing_if = "Option::is_none"`.
        if let (Json::Object(fields), Some(survey)) = (&mut body, &self.survey) {
            fields.push(("survey".into(), survey.to_json()));
        }
        body
    }
}

impl ToJson for CancellationSurvey {
    fn to_json(&self) -> Json {
        Json::object([
            ("reasons", self.reasons.to_json()),
            ("comment", self.comment.to_json()),
        ])
    }
}

impl ToJson for CancellationConsents {
    fn to_json(&self) -> Json {
        Json::object([
            ("lists", self.lists.to_json()),
            ("campaigns", self.campaigns.to_json()),
            ("reports", self.reports.to_json()),
            ("account_information", self.account_information.to_json()),
        ])
    }
}

impl ToJson for CancellationRequest {
    fn to_json(&self) -> Json {
        Json::object([
            ("reasons", self.reasons.to_json()),
            ("comment", self.comment.to_json()),
            ("consents", self.consents.to_json()),
        ])
    }
}

impl ToJson for BookingRequest {
    fn to_json(&self) -> Json {
        Json::object([("slot", self.slot.to_json()), ("note", self.note.to_json())])
    }
}
