//! Billing & Upgrade: the self-service billing page (Leptos CSR, WebAssembly).

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod embed;
pub mod events;
pub mod format;
pub mod i18n;
pub mod parse;
pub mod perf;
pub mod provider;
pub mod state;

pub use app::App;
pub use config::MountConfig;
pub use embed::{config_from_options, mount_app};
