//! The page root: picks the locale, loads the account and catalog, and shows the page
//! with loading and error states.

use leptos::prelude::*;
use pricing::Catalog;

use crate::api::{AccountResponse, ApiClient, ApiError};
use crate::components::{BillingPage, LazyDialogs};
use crate::config::MountConfig;
use crate::i18n::{error_text, initial_locale, t_string, use_i18n, I18nSubContextProvider};
use crate::state::provide_page_state;

pub use crate::components::Overview;

/// The Billing & Upgrade page.
#[component]
pub fn App(config: MountConfig) -> impl IntoView {
    let locale = initial_locale(config.locale.as_deref());
    let client = ApiClient::new(&config);
    // Components tell the host what happened through these (issue 7).
    provide_context(config.events.clone());
    provide_context(config.links.clone());
    provide_context(crate::provider::ProviderContext {
        provider: config.payment_provider.clone(),
        theme: config.theme.clone(),
    });
    view! {
        <I18nSubContextProvider initial_locale=Signal::stored(locale)>
            <Page client=client.clone() />
        </I18nSubContextProvider>
    }
}

/// The account and the catalog, asked for at the same time (neither waits for the other).
async fn load(client: ApiClient) -> Result<(AccountResponse, Catalog), ApiError> {
    futures_util::future::try_join(client.account(), client.catalog()).await
}

/// Where the page's first load stands.
#[derive(Clone)]
enum Load {
    /// The account and catalog are on their way.
    Pending,
    /// Both arrived.
    Ready(Box<(AccountResponse, Catalog)>),
    /// One of them failed: the reason, and a retry.
    Failed(ApiError),
}

#[component]
fn Page(client: ApiClient) -> impl IntoView {
    let i18n = use_i18n();
    // The dialogs' code (a chunk of its own in the release page) is fetched once the
    // person points at or tabs into the page, so it is usually there before a click.
    let lazy = LazyDialogs::provide();
    let state = RwSignal::new(Load::Pending);
    let start = {
        let client = client.clone();
        move || {
            state.set(Load::Pending);
            let client = client.clone();
            leptos::task::spawn_local(async move {
                let done = match load(client).await {
                    Ok(data) => Load::Ready(Box::new(data)),
                    Err(e) => Load::Failed(e),
                };
                // The page may have been unmounted meanwhile: nothing to show then.
                let _ = state.try_set(done);
            });
        }
    };
    start();
    let retry = StoredValue::new(start);
    view! {
        // The content's language, for screen readers and hyphenation (the host document's
        // own `lang` may differ).
        <main
            class="bu-page"
            lang=crate::i18n::lang_code(crate::i18n::lang(i18n))
            on:pointerover=move |_| lazy.preload()
            on:focusin=move |_| lazy.preload()
        >
            <h1 class="bu-page__title">{t_string!(i18n, page.title)}</h1>
            {move || match state.get() {
                Load::Pending => view! {
                    <p class="bu-loading" role="status">{t_string!(i18n, page.loading)}</p>
                    <SkeletonCards />
                }
                .into_any(),
                Load::Ready(data) => {
                    let (account, catalog) = *data;
                    provide_page_state(account, catalog, client.clone());
                    view! { <BillingPage /> }.into_any()
                }
                Load::Failed(e) => view! {
                    <div class="bu-error" role="alert">
                        <p>{t_string!(i18n, page.load_failed)}</p>
                        <p class="bu-error__detail">{error_text(i18n, &e)}</p>
                        <button class="bu-button" on:click=move |_| retry.with_value(|start| start())>
                            {t_string!(i18n, page.retry)}
                        </button>
                    </div>
                }
                .into_any(),
            }}
        </main>
    }
}

/// The outlines of the limits and overview cards while the data loads: the same skeleton
/// the loader module paints before the wasm runs (public/billing-upgrade.js), so the page
/// takes over from it without a jump.
#[component]
fn SkeletonCards() -> impl IntoView {
    let lines = |rows: usize| {
        (0..rows)
            .map(|_| view! { <span class="bu-skeleton__line"></span> })
            .collect_view()
    };
    view! {
        <div class="bu-layout bu-skeleton__cards" aria-hidden="true">
            <div class="bu-card bu-skeleton__card bu-skeleton__limits">
                <span class="bu-skeleton__line bu-skeleton__line--heading"></span>
                {lines(4)}
            </div>
            <div class="bu-card bu-skeleton__card bu-skeleton__overview">
                <span class="bu-skeleton__line bu-skeleton__line--heading"></span>
                {lines(6)}
            </div>
        </div>
    }
}
