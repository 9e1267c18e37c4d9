//! Every rule of DESIGN §3 with hand-computed literals (STYLE: arithmetic in a comment).

#[path = "../common/mod.rs"]
mod common;

mod catalog;
mod changes;
mod json;
mod lifecycle;
mod money;
mod new_rules;
mod offers;
mod periods;
mod permissions;
mod proration;
mod renewal;
