//! Where the cancellation wizard stands: the step, the survey answers, the four consents
//! and how it ended. Plain signals in one `Copy` struct, owned by the wizard (not context).

use api_types::{
    CancellationConsents, CancellationReason, CancellationRequest, CancellationSurvey,
};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// A step of the wizard (DESIGN §2, Cancellation wizard), in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    /// Why are you leaving? Reasons and free text.
    Survey,
    /// Before you go: the offers that fit the account.
    Offers,
    /// Keep your data: exports and the retention facts.
    KeepData,
    /// The four "will be deleted" checkboxes.
    Consent,
    /// **Confirm cancellation**.
    Confirm,
}

impl Step {
    /// Every step, first to last.
    pub const ALL: [Step; 5] = [
        Step::Survey,
        Step::Offers,
        Step::KeepData,
        Step::Consent,
        Step::Confirm,
    ];

    /// 1-based position, for "Step 2 of 5".
    pub fn number(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    /// The step after this one, if any.
    pub fn next(self) -> Option<Step> {
        Step::ALL.get(self.number()).copied()
    }

    /// The step before this one (`None` on the first: Back leaves the wizard).
    pub fn back(self) -> Option<Step> {
        self.number()
            .checked_sub(2)
            .and_then(|i| Step::ALL.get(i).copied())
    }

    /// A stable class suffix, e.g. `survey`.
    pub fn slug(self) -> &'static str {
        match self {
            Step::Survey => "survey",
            Step::Offers => "offers",
            Step::KeepData => "data",
            Step::Consent => "consent",
            Step::Confirm => "confirm",
        }
    }
}

/// How the wizard ended: cancelled, or an offer taken instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The cancellation is scheduled (or immediate for a paused account).
    Cancelled { effective_at: DateTime<Utc> },
    /// Billing pauses at the next period start instead.
    PauseScheduled { at: DateTime<Utc> },
    /// A free 1:1 session with the success team is booked.
    SessionBooked { slot: DateTime<Utc> },
    /// A support request for the customised plan was filed.
    OfferRequested { ticket: String },
    /// A support request to talk to us (the first offer where no session is offered).
    SupportRequested { ticket: String },
    /// An account that cannot cancel by itself asked Customer Support to close it
    /// (annual-commit, seed 001).
    ClosureRequested { ticket: String },
}

/// One of the four consents (DESIGN §2, step 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Consent {
    Lists,
    Campaigns,
    Reports,
    AccountInformation,
}

impl Consent {
    /// The four, in the order shown.
    pub const ALL: [Consent; 4] = [
        Consent::Lists,
        Consent::Campaigns,
        Consent::Reports,
        Consent::AccountInformation,
    ];

    /// Whether this consent is given in `consents`.
    pub fn given(self, consents: &CancellationConsents) -> bool {
        match self {
            Consent::Lists => consents.lists,
            Consent::Campaigns => consents.campaigns,
            Consent::Reports => consents.reports,
            Consent::AccountInformation => consents.account_information,
        }
    }

    /// Sets this consent in `consents`.
    pub fn set(self, consents: &mut CancellationConsents, given: bool) {
        match self {
            Consent::Lists => consents.lists = given,
            Consent::Campaigns => consents.campaigns = given,
            Consent::Reports => consents.reports = given,
            Consent::AccountInformation => consents.account_information = given,
        }
    }
}

/// The wizard's state.
#[derive(Clone, Copy, Debug)]
pub struct Wizard {
    step: RwSignal<Step>,
    reason: RwSignal<Option<CancellationReason>>,
    comment: RwSignal<String>,
    consents: RwSignal<CancellationConsents>,
    outcome: RwSignal<Option<Outcome>>,
}

impl Default for Wizard {
    fn default() -> Self {
        Self::new()
    }
}

impl Wizard {
    /// A wizard on its first step with nothing answered.
    pub fn new() -> Self {
        Wizard {
            step: RwSignal::new(Step::Survey),
            reason: RwSignal::new(None),
            comment: RwSignal::new(String::new()),
            consents: RwSignal::new(CancellationConsents::default()),
            outcome: RwSignal::new(None),
        }
    }

    /// The current step (tracked).
    pub fn step(&self) -> Step {
        self.step.get()
    }

    /// The chosen reason (tracked).
    pub fn reason(&self) -> Option<CancellationReason> {
        self.reason.get()
    }

    /// Chooses a reason.
    pub fn set_reason(&self, reason: CancellationReason) {
        self.reason.set(Some(reason));
    }

    /// The free text (tracked).
    pub fn comment(&self) -> String {
        self.comment.get()
    }

    /// Replaces the free text.
    pub fn set_comment(&self, text: String) {
        self.comment.set(text);
    }

    /// Whether `consent` is ticked (tracked).
    pub fn consent(&self, consent: Consent) -> bool {
        self.consents.with(|c| consent.given(c))
    }

    /// Ticks or unticks `consent`.
    pub fn set_consent(&self, consent: Consent, given: bool) {
        self.consents.update(|c| consent.set(c, given));
    }

    /// Whether all four consents are ticked (tracked).
    pub fn all_consents(&self) -> bool {
        self.consents.with(|c| c.first_missing().is_none())
    }

    /// Whether the current step is answered enough to go on (tracked): a reason on the
    /// survey, all four consents on the consent step.
    pub fn can_continue(&self) -> bool {
        match self.step() {
            Step::Survey => self.reason.with(Option::is_some),
            Step::Consent => self.all_consents(),
            Step::Offers | Step::KeepData | Step::Confirm => true,
        }
    }

    /// Goes to the next step when this one is answered; returns whether it moved.
    pub fn advance(&self) -> bool {
        if !self.can_continue() {
            return false;
        }
        match self.step.get_untracked().next() {
            Some(next) => {
                self.step.set(next);
                true
            }
            None => false,
        }
    }

    /// Goes back one step, keeping every answer; `false` on the first step.
    pub fn back(&self) -> bool {
        match self.step.get_untracked().back() {
            Some(previous) => {
                self.step.set(previous);
                true
            }
            None => false,
        }
    }

    /// The request `POST /cancellation` takes, once a reason is chosen and all four
    /// consents are given.
    pub fn request(&self) -> Option<CancellationRequest> {
        let reason = self.reason.get_untracked()?;
        let consents = self.consents.get_untracked();
        consents
            .first_missing()
            .is_none()
            .then(|| CancellationRequest {
                reasons: vec![reason],
                comment: self.comment.get_untracked().trim().to_string(),
                consents,
            })
    }

    /// The survey answers as a support request carries them, once a reason is chosen.
    pub fn survey(&self) -> Option<CancellationSurvey> {
        let reason = self.reason.get_untracked()?;
        Some(CancellationSurvey {
            reasons: vec![reason],
            comment: self.comment.get_untracked().trim().to_string(),
        })
    }

    /// How the wizard ended, if it did (tracked).
    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome.get()
    }

    /// Ends the wizard with `outcome` (the page may be gone by then: ignored).
    pub fn finish(&self, outcome: Outcome) {
        let _ = self.outcome.try_set(Some(outcome));
    }
}
