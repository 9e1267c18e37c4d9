//! The page root: loads the account and shows it, with loading and error states.

use leptos::prelude::*;

use crate::api::{AccountResponse, ApiClient};
use crate::config::MountConfig;

/// The Billing & Upgrade page.
#[component]
pub fn App(config: MountConfig) -> impl IntoView {
    let client = ApiClient::new(&config);
    let account = LocalResource::new(move || {
        let client = client.clone();
        async move { client.account().await }
    });
    view! {
        <main class="bu-page">
            <h1 class="bu-page__title">"Billing & Upgrade"</h1>
            <Suspense fallback=|| view! { <p class="bu-loading" role="status">"Loading your billing details…"</p> }>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(data) => view! { <Overview data=data /> }.into_any(),
                        Err(e) => view! {
                            <div class="bu-error" role="alert">
                                <p>"We could not load your billing details."</p>
                                <p class="bu-error__detail">{e.to_string()}</p>
                                <button class="bu-button" on:click=move |_| account.refetch()>"Try again"</button>
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

/// The account at a glance: name and current plan.
#[component]
pub fn Overview(data: AccountResponse) -> impl IntoView {
    let account = data.account;
    view! {
        <section class="bu-overview" aria-labelledby="bu-overview-title">
            <h2 id="bu-overview-title" class="bu-overview__account">{account.name.clone()}</h2>
            <p class="bu-overview__plan">
                "Current plan: " <strong class="bu-plan-name">{plan_name(account.plan)}</strong>
            </p>
        </section>
    }
}

fn plan_name(plan: pricing::PlanId) -> &'static str {
    match plan {
        pricing::PlanId::Starter => "Starter",
        pricing::PlanId::Plus => "Plus",
        pricing::PlanId::Pro => "Pro",
        pricing::PlanId::Enterprise => "Enterprise",
    }
}
