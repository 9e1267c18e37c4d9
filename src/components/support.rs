//! The support path: a change the customer cannot make alone (a downgrade) is filed as a
//! support request carrying the wanted change (DESIGN §3).

use api_types::{SupportRequest, SupportRequestResponse, SupportTopic};
use leptos::prelude::*;
use pricing::{Action, Change};

use crate::events::HostEvent;
use crate::i18n::{change_text, fill, t_string, use_i18n};
use crate::state::{Billing, Dialogs, Submission};

use super::dialog::{DialogActions, ErrorText, Modal};

/// Most characters of the message (the API's limit).
const MAX_MESSAGE: usize = 2000;

/// "Contact support": the wanted change, an optional message, **Send request**.
#[component]
pub fn SupportDialog(changes: Vec<Change>) -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let dialogs = Dialogs::use_dialogs();
    let submit = Submission::new();
    let message = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<SupportRequestResponse>);
    let blocked = Memo::new(move |_| billing.gate(Action::RequestSupport).is_err());
    let too_long = move || message.with(|m| m.chars().count() > MAX_MESSAGE);
    let wanted = changes.clone();
    let send = move |_| {
        if too_long() || blocked.get_untracked() {
            return;
        }
        let request = SupportRequest {
            topic: SupportTopic::Downgrade,
            survey: None,
            changes: wanted.clone(),
            message: message.get_untracked(),
        };
        submit.run(
            move |client| async move { client.support_request(&request).await },
            move |response: SupportRequestResponse, events| {
                events.emit(HostEvent::support_requested(&response));
                let _ = sent.try_set(Some(response));
            },
        );
    };
    let summary = changes.clone();
    view! {
        <Modal
            title=Signal::stored(t_string!(i18n, support.title).to_string())
        >
            <p class="bu-modal__lead">{t_string!(i18n, support.lead)}</p>
            <ul class="bu-support__changes">
                {move || summary.iter().map(|c| view! { <li>{change_text(i18n, c)}</li> }).collect_view()}
            </ul>
            <Show
                when=move || sent.get().is_some()
                fallback=move || {
                    let send = send.clone();
                    view! {
                        <div class="bu-field">
                            <label for="bu-support-message" class="bu-field__label">{t_string!(i18n, support.message_label)}</label>
                            <textarea
                                id="bu-support-message"
                                class="bu-input bu-support__message"
                                rows="4"
                                maxlength=MAX_MESSAGE.to_string()
                                prop:value=move || message.get()
                                disabled=move || submit.busy()
                                on:input=move |ev| message.set(event_target_value(&ev))
                            ></textarea>
                        </div>
                        {move || submit.error().map(|e| view! { <ErrorText error=e /> })}
                        <DialogActions>
                            <button type="button" class="bu-button bu-button--secondary" on:click=move |_| dialogs.close()>
                                {t_string!(i18n, checkout.cancel)}
                            </button>
                            <button
                                type="button"
                                class="bu-button bu-support__send"
                                disabled=move || !submit.ready() || too_long() || blocked.get()
                                on:click=send.clone()
                            >
                                {t_string!(i18n, support.send)}
                            </button>
                        </DialogActions>
                    }
                }
            >
                <div class="bu-support__sent" role="status">
                    <p>
                        {move || {
                            let ticket = sent.get().map(|s| s.id).unwrap_or_default();
                            fill(t_string!(i18n, support.sent), &[("ticket", &ticket)])
                        }}
                    </p>
                    <DialogActions>
                        <button type="button" class="bu-button" on:click=move |_| dialogs.close()>
                            {t_string!(i18n, checkout.close)}
                        </button>
                    </DialogActions>
                </div>
            </Show>
        </Modal>
    }
}
