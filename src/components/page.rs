//! The whole page once the account and catalog are loaded, and the dialog host.

use leptos::prelude::*;

use crate::state::{Billing, Dialog, Dialogs};

use super::addons::{AddOnDialog, AddOns};
use super::auto_upgrade::{AutoUpgradeDialog, AutoUpgradeRow};
use super::banners::Banners;
use super::cancel::CancelDialog;
use super::cycle::CycleDialog;
use super::limits::{EditLimitDialog, Limits};
use super::overview::Overview;
use super::pause::{PauseDialog, PauseSection};
use super::payment::PaymentMethodDialog;
use super::plans::{Plans, UpgradeDialog};
use super::seats::{Conversations, SeatsDialog};
use super::sms::{SmsCountriesDialog, SmsCreditsDialog};
use super::support::SupportDialog;

/// Banners, limits and overview, auto-upgrade, pause, plans, seats, add-ons, and the open
/// dialog.
#[component]
pub fn BillingPage() -> impl IntoView {
    let billing = Billing::use_billing();
    view! {
        <Banners />
        // Seeds 004 and 001: the SMS credits sit at the upper left (first in the limits, left
        // column), **Edit payment method** on the right (in the overview, right column), and
        // the add-ons section at the bottom of the page.
        <div class="bu-layout">
            <Limits />
            {move || view! { <Overview data=billing.data() /> }}
            <AutoUpgradeRow />
            <PauseSection />
        </div>
        <Plans />
        <Conversations />
        <AddOns />
        <DialogHost />
    }
}

/// Renders the open dialog, if any (one at a time).
#[component]
pub fn DialogHost() -> impl IntoView {
    let dialogs = Dialogs::use_dialogs();
    move || {
        dialogs.current().map(|dialog| match dialog {
            Dialog::Upgrade { plan } => view! { <UpgradeDialog plan=plan /> }.into_any(),
            Dialog::Support { changes } => view! { <SupportDialog changes=changes /> }.into_any(),
            Dialog::EditLimit { limit } => view! { <EditLimitDialog limit=limit /> }.into_any(),
            Dialog::AutoUpgrade => view! { <AutoUpgradeDialog /> }.into_any(),
            Dialog::AddOn { addon } => view! { <AddOnDialog addon=addon /> }.into_any(),
            Dialog::SmsCredits => view! { <SmsCreditsDialog /> }.into_any(),
            Dialog::SmsCountries => view! { <SmsCountriesDialog /> }.into_any(),
            Dialog::PaymentMethod => view! { <PaymentMethodDialog /> }.into_any(),
            Dialog::Cancel => view! { <CancelDialog /> }.into_any(),
            Dialog::Seats { seats } => view! { <SeatsDialog seats=seats /> }.into_any(),
            Dialog::Pause => view! { <PauseDialog /> }.into_any(),
            Dialog::SwitchCycle { cycle } => view! { <CycleDialog cycle=cycle /> }.into_any(),
        })
    }
}
