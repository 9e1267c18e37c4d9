//! The card form: the payment provider's fields (in the provider's own frame, mounted by
//! the host's adapter) with the page's own loading, error and retry states. Used by
//! **Edit payment method** and inside a checkout that needs a card.

use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pricing::{CardStanding, PaymentMethod};

use crate::api::{AccountResponse, ApiClient, ApiError};
use crate::events::{HostEvent, HostEvents};
use crate::format;
use crate::i18n::{error_text, fill, lang, lang_code, t_string, use_i18n, I18n};
use crate::provider::{warn_missing, PaymentProvider, ProviderContext, ProviderError};
use crate::state::{Billing, Online};

use super::overview::card_brand;

/// Where the card form stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardStage {
    /// The host passed no adapter: the form says so.
    NoProvider,
    /// The provider's fields are loading.
    Loading,
    /// The fields are shown; the card can be saved.
    Ready,
    /// The fields did not load: **Try again**.
    LoadFailed,
    /// Tokenizing, then saving the token.
    Saving,
}

/// Why the last save did not go through.
#[derive(Clone, Debug, PartialEq)]
pub enum CardProblem {
    /// The provider did not give a token (the fields show what to fix, or it failed).
    Provider(ProviderError),
    /// The billing API refused the token (declined) or failed.
    Api(ApiError),
}

/// One card form's state, owned by the dialog that shows it.
#[derive(Clone, Copy, Debug)]
pub struct CardEntry {
    stage: RwSignal<CardStage>,
    problem: RwSignal<Option<CardProblem>>,
    attempt: RwSignal<u32>,
    provider: StoredValue<Option<PaymentProvider>>,
    online: Online,
    /// Where the host hears of a failed save (as of every failed write).
    events: StoredValue<HostEvents, LocalStorage>,
    /// The page's account, re-read when a save's outcome is unknown.
    billing: Option<Billing>,
}

impl Default for CardEntry {
    fn default() -> Self {
        Self::new()
    }
}

impl CardEntry {
    /// A form for the page's adapter (loading, or "no provider").
    pub fn new() -> Self {
        let provider = ProviderContext::use_provider().provider;
        let stage = if provider.is_some() {
            CardStage::Loading
        } else {
            CardStage::NoProvider
        };
        Self {
            stage: RwSignal::new(stage),
            problem: RwSignal::new(None),
            attempt: RwSignal::new(0),
            provider: StoredValue::new(provider),
            online: Online::use_online(),
            events: StoredValue::new_local(use_context::<HostEvents>().unwrap_or_default()),
            billing: use_context::<Billing>(),
        }
    }

    /// Where it stands (tracked).
    pub fn stage(&self) -> CardStage {
        self.stage.get()
    }

    /// Whether **Save** may be pressed (tracked): the fields are shown, nothing is being
    /// saved, and the browser is online.
    pub fn ready(&self) -> bool {
        self.stage.get() == CardStage::Ready && self.online.get()
    }

    /// Whether a save is under way (tracked).
    pub fn saving(&self) -> bool {
        self.stage.get() == CardStage::Saving
    }

    /// The last save's problem (tracked).
    pub fn problem(&self) -> Option<CardProblem> {
        self.problem.get()
    }

    /// Tokenizes the card in the provider's fields and saves the token
    /// (`PUT /payment-method`); `on_saved` gets the account with the new card. Ignored
    /// unless the fields are ready (a double click saves once).
    pub fn save(&self, client: ApiClient, on_saved: impl FnOnce(AccountResponse) + 'static) {
        if self.stage.get_untracked() != CardStage::Ready || !untrack(|| self.online.get()) {
            return;
        }
        let Some(provider) = self.provider.get_value() else {
            return;
        };
        self.stage.set(CardStage::Saving);
        self.problem.set(None);
        let this = *self;
        let events = self.events.get_value();
        let billing = self.billing;
        let before = billing.and_then(|b| b.with_account_untracked(|a| a.payment_method.clone()));
        spawn_local(async move {
            let (mut outcome, card) = match provider.tokenize().await {
                Err(e) => (Err(CardProblem::Provider(e)), None),
                Ok(tokenized) => (
                    client
                        .set_payment_method(&tokenized.token)
                        .await
                        .map_err(CardProblem::Api),
                    Some(tokenized.card),
                ),
            };
            if let (Err(CardProblem::Api(e)), Some(billing)) = (&outcome, billing) {
                // The card may have been saved although no answer says so (as for every
                // other write): the new card on file (one that was not on file before)
                // means it was saved.
                let landed = |data: &AccountResponse| {
                    let on_file = data.account.payment_method.as_ref();
                    (on_file.is_some() && on_file == card.as_ref() && before != card)
                        .then(|| data.clone())
                };
                outcome = billing
                    .settle(&client, e.clone(), landed)
                    .await
                    .map_err(CardProblem::Api);
            }
            this.stage.try_set(CardStage::Ready);
            match outcome {
                Ok(data) => on_saved(data),
                Err(problem) => {
                    if let CardProblem::Api(e) = &problem {
                        events.emit(HostEvent::error(e));
                    }
                    this.problem.try_set(Some(problem));
                }
            }
        });
    }
}

/// What a problem says to the customer.
pub fn problem_text(i18n: I18n, problem: &CardProblem) -> String {
    match problem {
        CardProblem::Provider(e) if e.is_validation() => {
            t_string!(i18n, payment.check_fields).to_string()
        }
        CardProblem::Provider(_) => t_string!(i18n, payment.provider_failed).to_string(),
        CardProblem::Api(e) => error_text(i18n, e),
    }
}

/// "Visa ending in 4242, expires 12/2030".
pub fn card_text(i18n: I18n, card: &PaymentMethod) -> String {
    let brand = card_brand(&card.brand);
    let expiry = format::card_expiry(card.exp_month, card.exp_year);
    fill(
        t_string!(i18n, overview.card),
        &[
            ("brand", &brand),
            ("last4", &card.last4),
            ("expiry", &expiry),
        ],
    )
    .to_string()
}

/// What a card's standing adds beside it (nothing while it is valid).
pub fn standing_text(i18n: I18n, standing: CardStanding) -> Option<String> {
    match standing {
        CardStanding::Valid => None,
        CardStanding::ExpiresSoon => Some(t_string!(i18n, payment.expires_soon).to_string()),
        CardStanding::Expired => Some(t_string!(i18n, payment.expired).to_string()),
    }
}

/// The error line's id (the Save button describes itself by it).
pub const CARD_ERROR_ID: &str = "bu-card-entry-error";

/// The provider's fields (mounted by the adapter into this component's frame holder),
/// with the loading, failed and "no provider" states and the last save's error.
#[component]
pub fn CardFields(entry: CardEntry) -> impl IntoView {
    let i18n = use_i18n();
    let context = ProviderContext::use_provider();
    let holder = NodeRef::<Div>::new();
    let theme = context.theme.clone();
    if context.provider.is_none() {
        warn_missing();
    }
    Effect::new(move |_| {
        entry.attempt.track();
        let Some(element) = holder.get() else { return };
        let Some(provider) = entry.provider.get_value() else {
            return;
        };
        entry.stage.set(CardStage::Loading);
        let locale = lang_code(untrack(|| lang(i18n)));
        let theme = theme.clone();
        spawn_local(async move {
            let element: web_sys::Element = element.into();
            match provider.mount(&element, locale, theme.as_deref()).await {
                Ok(()) => {
                    entry.stage.try_set(CardStage::Ready);
                }
                Err(e) => {
                    web_sys::console::warn_1(
                        &format!("billing-upgrade: card fields: {}", e.message).into(),
                    );
                    entry.stage.try_set(CardStage::LoadFailed);
                }
            }
        });
    });
    on_cleanup(move || {
        if let Some(provider) = entry.provider.try_get_value().flatten() {
            provider.unmount();
        }
    });
    let retry = move |_| {
        entry.problem.set(None);
        entry.attempt.update(|n| *n += 1);
    };
    view! {
        <div class="bu-card-entry" aria-busy=move || (entry.stage() == CardStage::Loading).to_string()>
            {move || match entry.stage() {
                CardStage::NoProvider => Some(view! {
                    <p class="bu-field-error bu-card-entry__missing" role="alert">
                        {t_string!(i18n, payment.no_provider)}
                    </p>
                }.into_any()),
                CardStage::Loading => Some(view! {
                    <p class="bu-card-entry__loading" role="status">
                        {t_string!(i18n, payment.loading_fields)}
                    </p>
                }.into_any()),
                CardStage::LoadFailed => Some(view! {
                    <div class="bu-card-entry__failed" role="alert">
                        <p>{t_string!(i18n, payment.fields_failed)}</p>
                        <button type="button" class="bu-button bu-button--secondary bu-card-entry__retry" on:click=retry>
                            {t_string!(i18n, payment.retry)}
                        </button>
                    </div>
                }.into_any()),
                CardStage::Ready | CardStage::Saving => None,
            }}
            <div
                class="bu-card-entry__frame"
                class:bu-card-entry__frame--hidden=move || matches!(entry.stage(), CardStage::NoProvider | CardStage::LoadFailed)
                node_ref=holder
            ></div>
            <p id=CARD_ERROR_ID class="bu-field-error bu-card-entry__error" aria-live="polite">
                {move || entry.problem().map(|p| problem_text(i18n, &p))}
            </p>
        </div>
    }
}
