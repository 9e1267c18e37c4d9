//! Step 1, "Why are you leaving?": one reason (radio) and free text; both are sent with
//! the cancellation.

use api_types::CancellationReason;
use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n, I18n};

use super::state::Wizard;

/// Longest comment the API accepts.
const MAX_COMMENT: usize = 2000;

/// A reason as the survey lists it.
pub fn reason_label(i18n: I18n, reason: CancellationReason) -> String {
    match reason {
        CancellationReason::TooExpensive => t_string!(i18n, wizard.reason.too_expensive),
        CancellationReason::MissingFeatures => t_string!(i18n, wizard.reason.missing_features),
        CancellationReason::TooComplicated => t_string!(i18n, wizard.reason.too_complicated),
        CancellationReason::SwitchingProvider => {
            t_string!(i18n, wizard.reason.switching_provider)
        }
        CancellationReason::NotUsingEnough => t_string!(i18n, wizard.reason.not_using_enough),
        CancellationReason::TemporaryBreak => t_string!(i18n, wizard.reason.temporary_break),
        CancellationReason::BusinessClosing => t_string!(i18n, wizard.reason.business_closing),
        CancellationReason::Other => t_string!(i18n, wizard.reason.other),
    }
    .to_string()
}

/// The survey step: why it is asked, then the questions.
#[component]
pub fn SurveyStep(wizard: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="bu-wizard__intro">{t_string!(i18n, wizard.survey.intro)}</p>
        <SurveyFields wizard=wizard />
    }
}

/// The survey's questions — one reason and free text — kept in `wizard` (also asked when
/// Customer Support closes the account instead of the wizard).
#[component]
pub fn SurveyFields(wizard: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let choices = CancellationReason::ALL
        .into_iter()
        .enumerate()
        .map(|(i, reason)| {
            let id = format!("bu-cancel-reason-{i}");
            view! {
                <div class="bu-choice">
                    <input
                        type="radio"
                        id=id.clone()
                        class="bu-wizard__reason"
                        name="bu-cancel-reason"
                        prop:checked=move || wizard.reason() == Some(reason)
                        on:change=move |_| wizard.set_reason(reason)
                    />
                    <label for=id>{move || reason_label(i18n, reason)}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="bu-wizard__reasons" aria-describedby="bu-cancel-reason-hint">
            <legend class="bu-field__label">{t_string!(i18n, wizard.survey.legend)}</legend>
            {choices}
        </fieldset>
        <p id="bu-cancel-reason-hint" class="bu-field__hint" aria-live="polite">
            {move || wizard.reason().is_none().then(|| t_string!(i18n, wizard.survey.pick).to_string())}
        </p>
        <div class="bu-field">
            <label for="bu-cancel-comment" class="bu-field__label">
                {t_string!(i18n, wizard.survey.comment)}
            </label>
            <textarea
                id="bu-cancel-comment"
                class="bu-input bu-wizard__comment"
                rows="3"
                maxlength=MAX_COMMENT.to_string()
                prop:value=move || wizard.comment()
                on:input=move |ev| wizard.set_comment(event_target_value(&ev))
            ></textarea>
        </div>
    }
}
