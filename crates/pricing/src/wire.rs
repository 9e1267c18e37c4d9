//! Plain data of the JSON API that is not pricing itself (documented in docs/api.md);
//! shared by the mock API and the page's client so both read the same shapes.

use serde::{Deserialize, Serialize};

use crate::account::Account;
use crate::permissions::{permits, Action, Role};

/// Who is looking at the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    /// Display name of the signed-in user.
    pub name: String,
    /// Their role on the account.
    pub role: Role,
}

impl Viewer {
    /// Whether this viewer may do `action` (DESIGN §1).
    pub fn may(&self, action: Action) -> bool {
        permits(self.role, action)
    }
}

/// `GET /api/v1/account`: the account, who is viewing it and what they may do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountResponse {
    /// The account state; carries its `version`.
    pub account: Account,
    /// The signed-in user.
    pub viewer: Viewer,
    /// Every action the viewer's role permits (the API enforces them again).
    #[serde(default)]
    pub permissions: Vec<Action>,
}

impl AccountResponse {
    /// The response for `account` seen by `viewer`, with the permissions filled in.
    pub fn new(account: Account, viewer: Viewer) -> Self {
        let permissions = Action::ALL.into_iter().filter(|a| viewer.may(*a)).collect();
        Self {
            account,
            viewer,
            permissions,
        }
    }
}
