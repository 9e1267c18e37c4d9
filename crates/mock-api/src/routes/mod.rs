//! The HTTP surface: parse, call pricing, store, answer.
//!
//! Every handler takes the lock once and validates everything before it writes, so an
//! error leaves the state exactly as it was.

mod account;
mod mock;
mod orders;
mod retention;

use api_types::error_code;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Redirect;
use axum::routing::{any, get, post, put};
use axum::{middleware, Router};
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::{from_pricing, require, ApiError};
use crate::extract::MAX_BODY_BYTES;
use crate::guard;
use crate::state::{AppState, Store};
use crate::ServerConfig;
use api_types::{LedgerEntry, LedgerKind};
use pricing::{Change, Quote};

/// Most changes in one quote or support request (a cart has far fewer).
const MAX_CHANGES: usize = 50;

/// 400 on `changes` when the list is longer than [`MAX_CHANGES`]; `what` names the body.
fn check_changes(changes: &[Change], what: &str) -> Result<(), ApiError> {
    if changes.len() > MAX_CHANGES {
        return Err(ApiError::invalid(
            "changes",
            format!("at most {MAX_CHANGES} changes in one {what}"),
        ));
    }
    Ok(())
}

/// The strict policy the page and the embedded element must work under (issue 7).
pub const STRICT_CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// [`STRICT_CSP`] plus exactly what the payment provider's frames need: `frame-src` its
/// origin (issue 13).
pub fn strict_csp(provider_origin: Option<&str>) -> String {
    match provider_origin {
        Some(origin) => format!("{STRICT_CSP}; frame-src {origin}"),
        None => STRICT_CSP.to_string(),
    }
}

/// `GET /provider.json`: where the reference payment provider runs, for the demo page and
/// the example host to configure the reference adapter with.
async fn provider_config(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let origin = state
        .provider_origin
        .clone()
        .ok_or_else(|| ApiError::not_found("the reference payment provider is not running"))?;
    Ok(axum::Json(serde_json::json!({ "origin": origin })))
}

/// Every route under `/api/v1`, plus the built page under `/billing/` and an embedding
/// host under `/dashboard/` when the config names their directories.
pub fn router(state: AppState, config: &ServerConfig) -> Router {
    let mut api = Router::new()
        .route("/api/v1/account", get(account::account))
        .route("/api/v1/catalog", get(account::catalog))
        .route("/api/v1/quotes", post(orders::create_quote))
        .route(
            "/api/v1/orders",
            get(orders::find_order).post(orders::create_order),
        )
        .route("/api/v1/auto-upgrade", put(account::auto_upgrade))
        .route("/api/v1/payment-method", put(account::payment_method))
        .route("/api/v1/pause", post(account::pause))
        .route("/api/v1/resume", post(account::resume))
        .route("/api/v1/ledger", get(account::ledger))
        .route(
            "/api/v1/support-requests",
            post(retention::create_support_request),
        )
        .route(
            "/api/v1/cancellation",
            post(retention::cancel).delete(retention::undo_cancellation),
        )
        .route(
            "/api/v1/success-sessions/slots",
            get(retention::success_slots),
        )
        .route("/api/v1/success-sessions", post(retention::book_session))
        .route("/api/v1/exports/{kind}", get(retention::export));
    if state.test_controls {
        api = api
            .route("/api/v1/_mock/reset", post(mock::reset))
            .route("/api/v1/_mock/clock", post(mock::clock))
            .route("/api/v1/_mock/usage", post(mock::usage))
            .route(
                "/api/v1/_mock/faults",
                get(mock::list_faults)
                    .post(mock::add_fault)
                    .delete(mock::clear_faults),
            )
            .route(
                "/api/v1/_mock/support-requests",
                get(mock::support_requests),
            )
            .route("/api/v1/_mock/records", get(mock::records));
    }
    let api = api
        .route("/provider.json", get(provider_config))
        .route("/api", any(unknown_route))
        .route("/api/{*rest}", any(unknown_route))
        .method_not_allowed_fallback(wrong_method);
    let mut app = api;
    if let Some(dir) = &config.static_dir {
        // Unknown paths under /billing/ get index.html, so deep links and reloads work.
        app = app
            .nest_service(
                "/billing",
                // A `.br` / `.gz` beside a file (the benchmark's copy of dist has them) is
                // served to a browser that accepts it, as a precompressing server would.
                ServeDir::new(dir)
                    .precompressed_br()
                    .precompressed_gzip()
                    .fallback(ServeFile::new(dir.join("index.html"))),
            )
            .route("/", get(|| async { Redirect::temporary("/billing/") }));
    }
    if let Some(dir) = &config.host_dir {
        app = app.nest_service(
            "/dashboard",
            ServeDir::new(dir).precompressed_br().precompressed_gzip(),
        );
    }
    with_layers(app.fallback(unknown_route), state, config)
}

/// The middleware every route runs under, outermost last: the body limit, CSRF and
/// content type, faults, a panic turned into a JSON 500, CORS (test controls only).
fn with_layers(app: Router<AppState>, state: AppState, config: &ServerConfig) -> Router {
    let test_controls = state.test_controls;
    let app = if config.strict_csp {
        let policy = strict_csp(state.provider_origin.as_deref());
        let value =
            HeaderValue::from_str(&policy).unwrap_or_else(|_| HeaderValue::from_static(STRICT_CSP));
        app.layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            value,
        ))
    } else {
        app
    };
    let app = app
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(guard::csrf_and_json))
        .layer(middleware::from_fn_with_state(state.clone(), guard::faults))
        .layer(middleware::from_fn(guard::catch_panic))
        .with_state(state);
    if test_controls {
        // The browser client tests run the page on another origin than the mock.
        app.layer(cors())
    } else {
        app
    }
}

/// CORS for the test set-up only: any origin, the custom headers, `Retry-After` readable.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::any())
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        // Whatever the host adds (auth headers, X-CSRF-Token, Idempotency-Key…).
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers([
            header::RETRY_AFTER,
            header::CONTENT_DISPOSITION,
            HeaderName::from_static("idempotent-replayed"),
        ])
        .max_age(std::time::Duration::from_secs(600))
}

/// Confirms `quote` on the current account (pricing decides staleness and money), then
/// stores the new account and, when something is charged, a ledger entry. Nothing is
/// written unless every check passed. Returns the ledger entry's id.
fn settle(
    store: &mut Store,
    quote: &Quote,
    order_id: Option<String>,
) -> Result<Option<String>, ApiError> {
    let changes = quote.changes();
    for change in &changes {
        require(&store.world.viewer, change.action())?;
    }
    let world = &store.world;
    let after = pricing::confirm(&world.catalog, &world.account, quote, world.now)
        .map_err(|e| from_pricing(e, &changes))?;
    let charged = !quote.charge_now.is_zero();
    if charged && quote.charge_now.decimal().is_sign_positive() {
        match &world.account.payment_method {
            None => {
                return Err(ApiError::new(
                    StatusCode::PAYMENT_REQUIRED,
                    error_code::PAYMENT_METHOD_REQUIRED,
                    "add a payment method before buying",
                ))
            }
            Some(card) if card.is_expired(world.now) => {
                return Err(ApiError::new(
                    StatusCode::PAYMENT_REQUIRED,
                    error_code::CARD_DECLINED,
                    "the card on file has expired; add another card",
                )
                .decline(api_types::DeclineCode::ExpiredCard))
            }
            Some(_) => {}
        }
    }
    store.world.account = after;
    if !charged {
        return Ok(None);
    }
    let id = store.next_id("le");
    store.ledger.push(LedgerEntry {
        id: id.clone(),
        kind: LedgerKind::Order,
        at: store.world.now,
        amount: quote.charge_now,
        currency: quote.currency,
        order_id,
        lines: quote.lines.clone(),
    });
    Ok(Some(id))
}

/// Runs auto-upgrade on the account as it is now (DESIGN §3): when it is on and stored
/// contacts exceed the limit, the limit rises to the tier holding them and the prorated
/// difference is charged as an `auto_upgrade` ledger entry. Called wherever the mock
/// observes the account (reset, clock, usage, turning auto-upgrade on); once the limit
/// holds the contacts, a second call does nothing.
fn run_auto_upgrade(store: &mut Store) -> Result<(), ApiError> {
    let world = &store.world;
    let upgraded = pricing::auto_upgrade(&world.catalog, &world.account, world.now)
        .map_err(|e| from_pricing(e, &[]))?;
    let Some(upgraded) = upgraded else {
        return Ok(());
    };
    let id = store.next_id("le");
    store.ledger.push(LedgerEntry {
        id,
        kind: LedgerKind::AutoUpgrade,
        at: store.world.now,
        amount: upgraded.quote.charge_now,
        currency: upgraded.quote.currency,
        order_id: None,
        lines: upgraded.quote.lines,
    });
    store.world.account = upgraded.account;
    Ok(())
}

/// Quotes `changes` on the current account and settles them at once (the routes that act
/// without a separate quote: pause, resume, cancellation, auto-upgrade).
fn act(store: &mut Store, changes: &[Change]) -> Result<Quote, ApiError> {
    let world = &store.world;
    let quote = pricing::quote(&world.catalog, &world.account, changes, world.now)
        .map_err(|e| from_pricing(e, changes))?;
    settle(store, &quote, None)?;
    Ok(quote)
}

async fn unknown_route() -> ApiError {
    ApiError::not_found("no such route")
}

async fn wrong_method() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        error_code::METHOD_NOT_ALLOWED,
        "this route does not take that method",
    )
}

#[cfg(test)]
mod tests {
    use crate::controls::MockWorld;
    use axum::routing::get;
    use axum::Router;

    use crate::state::AppState;
    use crate::{load_scenario, spawn, ServerConfig};

    #[tokio::test]
    async fn a_panic_in_a_route_is_a_json_500_that_shows_neither_message_nor_location() {
        let world: MockWorld = load_scenario("pro-monthly").unwrap();
        let state = AppState::new(world, true);
        async fn boom() -> &'static str {
            let path = std::path::Path::new("/srv/secret/scenarios/x.json");
            panic!("cannot read {}", path.display());
        }
        let routes = Router::new().route("/api/v1/boom", get(boom));
        let app = super::with_layers(routes, state, &ServerConfig::default());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        let reply = reqwest::get(format!("http://{addr}/api/v1/boom"))
            .await
            .expect("an answer, not a dropped connection");
        assert_eq!(reply.status(), 500);
        assert_eq!(
            reply.headers()["content-type"],
            "application/json",
            "the JSON error shape"
        );
        let body: serde_json::Value = reply.json().await.unwrap();
        assert_eq!(
            body,
            serde_json::json!({ "code": "internal", "message": "the server failed" })
        );
    }

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

    #[tokio::test]
    async fn page_is_served_under_billing_with_deep_links_host_under_dashboard_all_with_csp() {
        let root = std::env::temp_dir().join(format!("bu-static-{}", std::process::id()));
        let (page, host) = (root.join("dist"), root.join("host"));
        std::fs::create_dir_all(&page).unwrap();
        std::fs::create_dir_all(&host).unwrap();
        std::fs::write(page.join("index.html"), "<p>page</p>").unwrap();
        std::fs::write(host.join("index.html"), "<p>host</p>").unwrap();
        let server = spawn(ServerConfig {
            port: 0,
            static_dir: Some(page),
            host_dir: Some(host),
            strict_csp: true,
            ..ServerConfig::default()
        })
        .await
        .unwrap();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let get = |path: &str| client.get(format!("http://{}{path}", server.addr)).send();

        let root_page = get("/").await.unwrap();
        assert_eq!(root_page.status(), 307);
        assert_eq!(root_page.headers()["location"], "/billing/");
        // A reload of a deep link gets the page, with a success status.
        let deep = get("/billing/plans/limits").await.unwrap();
        assert_eq!(deep.status(), 200);
        assert_eq!(deep.headers()["content-security-policy"], super::STRICT_CSP);
        assert_eq!(deep.text().await.unwrap(), "<p>page</p>");
        let dashboard = get("/dashboard/").await.unwrap();
        assert_eq!(dashboard.status(), 200);
        assert_eq!(dashboard.text().await.unwrap(), "<p>host</p>");
        let api = get("/api/v1/account").await.unwrap();
        assert_eq!(api.headers()["content-security-policy"], super::STRICT_CSP);
        let _ = std::fs::remove_dir_all(root);
    }
}
