//! An account that cannot cancel by itself (seed 001: on "Commit Annually, Pay Monthly"
//! Customer Support closes the account): why, when a cancellation would take effect, the
//! terms of service, the survey, and a support request to close it instead of the wizard.

use api_types::{SupportRequest, SupportTopic};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use pricing::{Change, NotSelfServe};

use crate::config::HelpLinks;
use crate::i18n::{not_self_serve_text, t_string, use_i18n};
use crate::state::{Dialogs, Submission};

use super::super::dialog::{DialogActions, ErrorText};
use super::confirm::Done;
use super::file_support_request;
use super::state::{Outcome, Wizard};
use super::survey::SurveyFields;

/// Explains that Customer Support closes the account at `term_end`, asks the survey and
/// files the request (topic `cancellation`, the survey attached).
#[component]
pub fn CloseThroughSupport(term_end: DateTime<Utc>) -> impl IntoView {
    let i18n = use_i18n();
    let dialogs = Dialogs::use_dialogs();
    let terms = HelpLinks::use_links().terms;
    // The survey's answers and the ending live in the wizard's state (no steps here).
    let wizard = Wizard::new();
    let submit = Submission::new();
    let reason = NotSelfServe::AnnualCommitCancellation { term_end };
    let request_close = move |_| {
        let Some(survey) = wizard.survey() else {
            return;
        };
        let request = SupportRequest {
            topic: SupportTopic::Cancellation,
            changes: vec![Change::Cancel],
            message: String::new(),
            survey: Some(survey),
        };
        file_support_request(submit, wizard, request, |ticket| {
            Outcome::ClosureRequested { ticket }
        });
    };
    view! {
        <Show
            when=move || wizard.outcome().is_none()
            fallback=move || view! { <Done wizard=wizard /> }
        >
            <p class="bu-wizard__text bu-wizard__through-support">
                {
                    let reason = reason.clone();
                    move || not_self_serve_text(i18n, &reason)
                }
            </p>
            <p class="bu-wizard__terms-line">
                <a class="bu-link bu-wizard__terms" href=terms.clone() target="_blank" rel="noopener noreferrer">
                    {t_string!(i18n, wizard.support.terms)}
                </a>
            </p>
            <p class="bu-wizard__intro">{t_string!(i18n, wizard.support.survey_intro)}</p>
            <SurveyFields wizard=wizard />
            {move || {
                submit
                    .error()
                    .map(|e| view! { <ErrorText error=e class="bu-wizard__error" /> })
            }}
            <DialogActions>
                <button type="button" class="bu-button bu-button--secondary bu-wizard__keep" on:click=move |_| dialogs.close()>
                    {t_string!(i18n, cancel.keep)}
                </button>
                <span class="bu-modal__spacer"></span>
                <button
                    type="button"
                    class="bu-button bu-wizard__request-close"
                    disabled=move || !submit.ready() || wizard.reason().is_none()
                    aria-busy=move || submit.busy().to_string()
                    on:click=request_close
                >
                    {t_string!(i18n, wizard.support.button)}
                </button>
            </DialogActions>
        </Show>
    }
}
