//! Automatic upgrades of the contact limit: **Edit** → terms and a switch → **Confirm**,
//! saved only once the terms are accepted.

use leptos::prelude::*;
use pricing::{Action, AutoUpgradeEvent};

use crate::events::{HostEvent, HostEvents};
use crate::format;
use crate::i18n::{fill, lang, t_string, use_i18n};
use crate::state::{Billing, Dialog, Dialogs, Submission};

use super::dialog::{DialogActions, ErrorText, Modal};
use super::gate::GatedButton;

/// "Automatic upgrades — Contact limit: On/Off  Edit".
#[component]
pub fn AutoUpgradeRow() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let dialogs = Dialogs::use_dialogs();
    tell_host_of_raises(billing);
    view! {
        <section class="bu-auto-upgrade bu-card" aria-labelledby="bu-auto-upgrade-title">
            <h2 id="bu-auto-upgrade-title" class="bu-section-title">{t_string!(i18n, auto_upgrade.title)}</h2>
            <p class="bu-auto-upgrade__row">
                <span>{t_string!(i18n, auto_upgrade.contact_limit)}</span>
                " "
                <strong class="bu-auto-upgrade__state">
                    {move || if billing.with_account(|a| a.auto_upgrade) {
                        t_string!(i18n, auto_upgrade.on).to_string()
                    } else {
                        t_string!(i18n, auto_upgrade.off).to_string()
                    }}
                </strong>
                " "
                <GatedButton
                    action=Action::ToggleAutoUpgrade
                    class="bu-link bu-auto-upgrade__edit"
                    label=Signal::stored(t_string!(i18n, limits.edit).to_string())
                    aria_label=Signal::stored(t_string!(i18n, auto_upgrade.edit_label).to_string())
                    on_click=move |_| dialogs.open(Dialog::AutoUpgrade)
                />
            </p>
            {move || {
                billing.with_account(|a| a.last_auto_upgrade).map(|raised| {
                    let l = lang(i18n);
                    let count = format::number(l, u64::from(raised.to_contacts));
                    let date = format::date(l, raised.at);
                    let amount = format::money(l, raised.charged);
                    view! {
                        <p class="bu-notice bu-auto-upgrade__raised" role="status">
                            {fill(
                                t_string!(i18n, auto_upgrade.raised),
                                &[("count", &count), ("date", &date), ("amount", &amount)],
                            )}
                        </p>
                    }
                })
            }}
        </section>
    }
}

/// Tells the host about an automatic raise of the contact limit the page sees (on load
/// or after a refresh), once per raise in this mount: the backend did it, not the page.
fn tell_host_of_raises(billing: Billing) {
    let events = use_context::<HostEvents>().unwrap_or_default();
    let told = StoredValue::new(None::<AutoUpgradeEvent>);
    Effect::new(move |_| {
        let Some(raised) = billing.with_account(|a| a.last_auto_upgrade) else {
            return;
        };
        if told.get_value() != Some(raised) {
            told.set_value(Some(raised));
            events.emit(HostEvent::ContactLimitRaised {
                at: raised.at,
                from_contacts: raised.from_contacts,
                to_contacts: raised.to_contacts,
                charged: raised.charged,
            });
        }
    });
}

/// The terms, the switch, **Confirm** (enabled once the terms are accepted or when
/// turning it off).
#[component]
pub fn AutoUpgradeDialog() -> impl IntoView {
    let i18n = use_i18n();
    let billing = Billing::use_billing();
    let dialogs = Dialogs::use_dialogs();
    let submit = Submission::new();
    let current = billing.with_account(|a| a.auto_upgrade);
    let enabled = RwSignal::new(current);
    let accepted = RwSignal::new(false);
    let can_confirm = move || {
        let on = enabled.get();
        on != current && (!on || accepted.get()) && submit.ready()
    };
    let confirm = move |_| {
        if !can_confirm() {
            return;
        }
        let (on, terms) = (enabled.get_untracked(), accepted.get_untracked());
        submit.run_checked(
            move |client| async move { client.set_auto_upgrade(on, terms).await },
            // A lost answer: the account says whether the setting was saved.
            move |data| (data.account.auto_upgrade == on).then(|| data.clone()),
            move |data, _| {
                billing.set_data(data);
                dialogs.close();
            },
        );
    };
    view! {
        <Modal
            title=Signal::stored(t_string!(i18n, auto_upgrade.dialog_title).to_string())
        >
            <div class="bu-terms" id="bu-auto-upgrade-terms">
                <p>{t_string!(i18n, auto_upgrade.terms_1)}</p>
                <p>{t_string!(i18n, auto_upgrade.terms_2)}</p>
            </div>
            <label class="bu-switch">
                <input
                    type="checkbox"
                    role="switch"
                    class="bu-switch__input bu-auto-upgrade__switch"
                    prop:checked=move || enabled.get()
                    aria-describedby="bu-auto-upgrade-terms"
                    disabled=move || submit.busy()
                    on:change=move |ev| enabled.set(event_target_checked(&ev))
                />
                <span class="bu-switch__label">{t_string!(i18n, auto_upgrade.switch)}</span>
            </label>
            <Show when=move || enabled.get() && !current>
                <label class="bu-checkbox">
                    <input
                        type="checkbox"
                        class="bu-auto-upgrade__terms"
                        prop:checked=move || accepted.get()
                        disabled=move || submit.busy()
                        on:change=move |ev| accepted.set(event_target_checked(&ev))
                    />
                    <span>{t_string!(i18n, auto_upgrade.accept)}</span>
                </label>
            </Show>
            {move || submit.error().map(|e| view! { <ErrorText error=e /> })}
            <DialogActions>
                <button type="button" class="bu-button bu-button--secondary" on:click=move |_| dialogs.close()>
                    {t_string!(i18n, checkout.cancel)}
                </button>
                <button
                    type="button"
                    class="bu-button bu-auto-upgrade__confirm"
                    disabled=move || !can_confirm()
                    on:click=confirm
                >
                    {t_string!(i18n, auto_upgrade.confirm)}
                </button>
            </DialogActions>
        </Modal>
    }
}
