//! The HTTP surface: parse, call pricing, store, answer.

use std::path::Path;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use pricing::wire::AccountResponse;
use tower_http::services::{ServeDir, ServeFile};

use crate::state::AppState;

/// Every route under `/api/v1`, plus the built page at `/` when `static_dir` is given.
pub fn router(state: AppState, static_dir: Option<&Path>) -> Router {
    let api = Router::new().route("/account", get(account));
    let app = Router::new().nest("/api/v1", api).with_state(state);
    match static_dir {
        // Unknown paths get index.html, so deep links and reloads keep working.
        Some(dir) => app.fallback_service(
            ServeDir::new(dir).not_found_service(ServeFile::new(dir.join("index.html"))),
        ),
        None => app,
    }
}

async fn account(State(state): State<AppState>) -> Json<AccountResponse> {
    let s = state.lock();
    Json(AccountResponse::new(s.account.clone(), s.viewer.clone()))
}

#[cfg(test)]
mod tests {
    use crate::{spawn, ServerConfig};

    #[tokio::test]
    async fn account_route_serves_the_scenario_account() {
        let server = spawn(ServerConfig {
            port: 0,
            ..ServerConfig::default()
        })
        .await
        .unwrap();
        let body: serde_json::Value =
            reqwest::get(format!("http://{}/api/v1/account", server.addr))
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
        assert_eq!(body["account"]["name"], "Northwind Traders");
        assert_eq!(body["account"]["plan"], "pro");
        assert_eq!(body["viewer"]["role"], "primary_admin");
    }
}
