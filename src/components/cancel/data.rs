//! Step 3, "Keep your data" (exports and the retention facts), and step 4, the four
//! consents (seed 003: without all four ticked you cannot go on).

use leptos::prelude::*;

use crate::api::ExportKind;
use crate::format;
use crate::i18n::{fill, lang, t_string, use_i18n};
use crate::state::{Api, Billing, Clock};

use super::state::{Consent, Wizard};
use super::{cancellation_date, cancels_at_once};

/// Export links and what happens to the data.
#[component]
pub fn KeepDataStep() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let clock = Clock::use_clock();
    let client = use_context::<Api>().map(|a| a.0);
    let exports = [
        (ExportKind::Contacts, "contacts"),
        (ExportKind::Campaigns, "campaigns"),
        (ExportKind::Reports, "reports"),
    ]
    .into_iter()
    .filter_map(|(kind, slug)| {
        let href = client.as_ref()?.export_url(kind);
        let label = move || match kind {
            ExportKind::Contacts => t_string!(i18n, wizard.data.contacts),
            ExportKind::Campaigns => t_string!(i18n, wizard.data.campaigns),
            ExportKind::Reports => t_string!(i18n, wizard.data.reports),
        };
        Some(view! {
            <li>
                <a class=format!("bu-link bu-wizard__export bu-wizard__export--{slug}") href=href download="">
                    {label}
                </a>
            </li>
        })
    })
    .collect_view();
    let access = move || {
        let date = cancellation_date(billing, clock).map(|at| format::date(lang(i18n), at))?;
        Some(if cancels_at_once(billing, clock) {
            t_string!(i18n, wizard.data.access_now).to_string()
        } else {
            fill(
                t_string!(i18n, wizard.data.access_period),
                &[("date", &date)],
            )
        })
    };
    view! {
        <p class="bu-wizard__intro">{t_string!(i18n, wizard.data.intro)}</p>
        <ul class="bu-wizard__exports">{exports}</ul>
        <ul class="bu-wizard__facts">
            <li class="bu-wizard__access">{access}</li>
            <li>{t_string!(i18n, wizard.data.deleted)}</li>
            <li>{t_string!(i18n, wizard.data.reactivate)}</li>
        </ul>
    }
}

/// A consent's sentence.
fn consent_label(i18n: crate::i18n::I18n, consent: Consent) -> &'static str {
    match consent {
        Consent::Lists => t_string!(i18n, wizard.consent.lists),
        Consent::Campaigns => t_string!(i18n, wizard.consent.campaigns),
        Consent::Reports => t_string!(i18n, wizard.consent.reports),
        Consent::AccountInformation => t_string!(i18n, wizard.consent.account_information),
    }
}

/// The four checkboxes.
#[component]
pub fn ConsentStep(wizard: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let boxes = Consent::ALL
        .into_iter()
        .enumerate()
        .map(|(i, consent)| {
            let id = format!("bu-consent-{i}");
            view! {
                <div class="bu-choice">
                    <input
                        type="checkbox"
                        id=id.clone()
                        class="bu-wizard__consent"
                        prop:checked=move || wizard.consent(consent)
                        on:change=move |ev| wizard.set_consent(consent, event_target_checked(&ev))
                    />
                    <label for=id>{move || consent_label(i18n, consent)}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="bu-wizard__consents" aria-describedby="bu-consent-hint">
            <legend class="bu-field__label">{t_string!(i18n, wizard.consent.legend)}</legend>
            {boxes}
        </fieldset>
        <p id="bu-consent-hint" class="bu-field__hint" aria-live="polite">
            {move || (!wizard.all_consents()).then(|| t_string!(i18n, wizard.consent.missing).to_string())}
        </p>
    }
}
