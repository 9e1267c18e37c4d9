//! The whole page once the account and catalog are loaded, and the dialog host.

use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};
use crate::state::{Billing, Dialog, Dialogs};

use super::addons::{AddOnDialog, AddOns};
use super::auto_upgrade::{AutoUpgradeDialog, AutoUpgradeRow};
use super::banners::Banners;
use super::cancel::CancelDialog;
use super::cycle::CycleDialog;
use super::dialog::{DialogActions, Modal};
use super::limits::{EditLimitDialog, Limits};
use super::overview::Overview;
use super::pause::{PauseDialog, PauseSection};
use super::payment::PaymentMethodDialog;
use super::plans::{Plans, UpgradeDialog};
use super::seats::{Conversations, SeatsDialog};
use super::sms::{SmsCountriesDialog, SmsCreditsDialog};
use super::support::SupportDialog;

/// Banners, limits and overview, auto-upgrade, pause, plans, seats, add-ons, and the open
/// dialog. The sections below the overview (plans, seats, add-ons) come a task after the
/// rest: the bill is rendered, and may be painted, before them (they append below it, so
/// nothing above moves).
#[component]
pub fn BillingPage() -> impl IntoView {
    let billing = Billing::use_billing();
    let below = RwSignal::new(false);
    set_timeout(
        move || {
            // The page may have been unmounted meanwhile.
            let _ = below.try_set(true);
        },
        std::time::Duration::ZERO,
    );
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
        {move || below.get().then(|| view! {
            <Plans />
            <Conversations />
            <AddOns />
        })}
        <DialogHost />
    }
}

/// Renders the open dialog, if any (one at a time). In the release page the dialogs' code
/// is a wasm chunk of its own (feature `split`), out of the first download: it is loaded
/// when the person first shows intent ([`LazyDialogs::preload`]) or opens a dialog, which
/// waits in a dialog that says so (and offers a retry when the chunk could not be loaded).
#[component]
pub fn DialogHost() -> impl IntoView {
    let i18n = use_i18n();
    let dialogs = Dialogs::use_dialogs();
    let lazy = LazyDialogs::use_lazy();
    Effect::new(move |_| {
        if dialogs.current().is_some() {
            lazy.load();
        }
    });
    move || {
        let dialog = dialogs.current()?;
        Some(match lazy.views.get() {
            Views::Ready(render) => render(dialog),
            Views::Failed => view! {
                <Modal title=Signal::stored(t_string!(i18n, dialog.load_failed_title).to_string())>
                    <p class="bu-field-error" role="alert">{t_string!(i18n, dialog.load_failed)}</p>
                    <DialogActions>
                        <button type="button" class="bu-button bu-dialog__retry" on:click=move |_| lazy.load()>
                            {t_string!(i18n, page.retry)}
                        </button>
                    </DialogActions>
                </Modal>
            }
            .into_any(),
            Views::NotLoaded | Views::Loading => view! {
                <Modal title=Signal::stored(t_string!(i18n, dialog.loading).to_string())>
                    <p class="bu-loading" role="status" aria-busy="true">{t_string!(i18n, dialog.loading)}</p>
                </Modal>
            }
            .into_any(),
        })
    }
}

/// Where the dialogs' code stands.
#[derive(Clone, Copy)]
enum Views {
    NotLoaded,
    Loading,
    Ready(fn(Dialog) -> AnyView),
    Failed,
}

/// The dialogs' code, loaded once per page (provided by the page root; a page without one,
/// as in component tests, makes its own).
#[derive(Clone, Copy)]
pub struct LazyDialogs {
    views: RwSignal<Views>,
}

impl LazyDialogs {
    /// Provides the page's loader of the dialogs' code.
    pub fn provide() -> Self {
        let lazy = LazyDialogs {
            views: RwSignal::new(Views::NotLoaded),
        };
        provide_context(lazy);
        lazy
    }

    fn use_lazy() -> Self {
        use_context::<LazyDialogs>().unwrap_or_else(Self::provide)
    }

    /// Starts loading the dialogs' code if nothing was tried yet: when the person points
    /// at or tabs into the page. (A failed load is tried again only by [`Self::load`]:
    /// the failure's own dialog taking focus must not start another.)
    pub fn preload(self) {
        if matches!(self.views.get_untracked(), Views::NotLoaded) {
            self.load();
        }
    }

    /// Loads the dialogs' code unless it is loaded or loading: when a dialog opens, and on
    /// Try again after a failed download.
    fn load(self) {
        if !matches!(self.views.get_untracked(), Views::NotLoaded | Views::Failed) {
            return;
        }
        self.views.set(Views::Loading);
        leptos::task::spawn_local(async move {
            let done = match dialog_views().await {
                Ok(render) => Views::Ready(render),
                Err(_) => Views::Failed,
            };
            // The page may have been unmounted meanwhile.
            let _ = self.views.try_set(done);
        });
    }
}

/// The dialogs' code could not be loaded (the chunk's download failed).
struct DialogsUnavailable;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for DialogsUnavailable {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        DialogsUnavailable
    }
}

/// The split point: everything only [`render_dialog`] reaches goes to the `dialogs` chunk,
/// fetched by the first call (`fallible`: a failed download is an `Err`, not a panic).
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(dialogs, wasm_split_path = ::leptos::wasm_split, fallible)]
fn dialog_views() -> Result<fn(Dialog) -> AnyView, DialogsUnavailable> {
    Ok(render_dialog)
}

/// Without the split step (tests, dev builds) the dialogs are in the one wasm.
#[cfg(not(feature = "split"))]
async fn dialog_views() -> Result<fn(Dialog) -> AnyView, DialogsUnavailable> {
    Ok(render_dialog)
}

fn render_dialog(dialog: Dialog) -> AnyView {
    match dialog {
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
    }
}
