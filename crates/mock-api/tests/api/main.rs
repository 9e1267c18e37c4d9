//! The mock API driven over real HTTP on 127.0.0.1: every route, every fault, idempotency,
//! stale quotes, the permission matrix and validation (issue 4), hostile requests (issue 12).
//!
//! Every test starts its own server (port 0) from a scenario, so no test depends on
//! another. Money expectations are literals worked out by hand in a comment.

mod card;
mod common;
mod faults;
mod hostile;
mod orders;
mod permissions;
mod routes;
mod rules;
mod scenarios;
mod unknown_outcomes;
mod validation;
mod wire;
