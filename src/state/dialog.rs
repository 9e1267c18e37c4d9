//! Which dialog is open: an enum in a signal (no router takes over the host page).

use leptos::prelude::*;
use pricing::{AddOnId, Change, Cycle, Limit, PlanId};

/// The dialogs of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dialog {
    /// Upgrade to a higher plan: preview, then **Upgrade**.
    Upgrade { plan: PlanId },
    /// A change the customer cannot make alone: a support request carrying it.
    Support { changes: Vec<Change> },
    /// Edit a limit: value, preview, confirm (lower → support path).
    EditLimit { limit: Limit },
    /// Auto-upgrade terms and switch.
    AutoUpgrade,
    /// **Review purchase** of an add-on.
    AddOn { addon: AddOnId },
    /// Buy SMS credit packs: dropdown, total, **Continue**, **Confirm purchase**.
    SmsCredits,
    /// Supported SMS countries and their cost in credits.
    SmsCountries,
    /// **Edit payment method**, with **Cancel my account**.
    PaymentMethod,
    /// Cancelling: the wizard (its own issue) or the trial/resold explanation.
    Cancel,
    /// Conversations seats: the new total, what is charged now, **Confirm seat purchase**.
    Seats { seats: u32 },
    /// **Pause billing** from the next period start.
    Pause,
    /// Switch the billing cycle: the price, then confirm (or the support path).
    SwitchCycle { cycle: Cycle },
}

/// The open dialog, if any.
#[derive(Clone, Copy, Debug)]
pub struct Dialogs(RwSignal<Option<Dialog>>);

impl Default for Dialogs {
    fn default() -> Self {
        Self::new()
    }
}

impl Dialogs {
    /// No dialog open.
    pub fn new() -> Self {
        Dialogs(RwSignal::new(None))
    }

    /// The dialogs provided by the page root.
    pub fn use_dialogs() -> Self {
        use_context::<Dialogs>().expect("Dialogs provided by the page root")
    }

    /// Opens `dialog` (replacing any open one).
    pub fn open(&self, dialog: Dialog) {
        self.0.set(Some(dialog));
    }

    /// Closes the open dialog.
    pub fn close(&self) {
        self.0.set(None);
    }

    /// The open dialog (tracked).
    pub fn current(&self) -> Option<Dialog> {
        self.0.get()
    }
}
