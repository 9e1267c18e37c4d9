//! Reference implementation of the Billing & Upgrade JSON API: a thin axum shell over the
//! pricing crate. State lives in memory and starts from a named scenario file.

pub mod controls;
mod error;
mod extract;
mod guard;
pub mod provider;
mod routes;
mod scenario;
mod state;

use std::net::SocketAddr;
use std::path::PathBuf;

pub use guard::CSRF_HEADER;
pub use scenario::{load_scenario, scenario_names, scenarios_dir};
pub use state::{AppState, MockState, Store};

/// How to start the server.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Port on 127.0.0.1 (0 picks a free one).
    pub port: u16,
    /// Scenario file name under `scenarios/` (without `.json`).
    pub scenario: String,
    /// Whether the `/api/v1/_mock/*` test controls are on.
    pub test_controls: bool,
    /// Serve a built page (Trunk's `dist/`) under `/billing/`; `/` redirects there.
    pub static_dir: Option<PathBuf>,
    /// Serve an embedding host page (e.g. `examples/host`) under `/dashboard/`.
    pub host_dir: Option<PathBuf>,
    /// Send the strict Content-Security-Policy the page must work under on every response.
    pub strict_csp: bool,
    /// Run the reference payment provider (hosted card fields, 3-D Secure challenges) on
    /// this second port (0 picks a free one); its origin is announced at `/provider.json`.
    pub provider_port: Option<u16>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            port: 3001,
            scenario: "pro-monthly".into(),
            test_controls: false,
            static_dir: None,
            host_dir: None,
            strict_csp: false,
            provider_port: None,
        }
    }
}

impl ServerConfig {
    /// Parses command-line flags; anything unknown is an error.
    pub fn from_args(args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut config = Self::default();
        let mut args = args.peekable();
        while let Some(flag) = args.next() {
            let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
            match flag.as_str() {
                "--port" => {
                    config.port = value("--port")?
                        .parse()
                        .map_err(|_| "--port must be a number from 0 to 65535".to_string())?
                }
                "--scenario" => config.scenario = value("--scenario")?,
                "--static-dir" => config.static_dir = Some(PathBuf::from(value("--static-dir")?)),
                "--host-dir" => config.host_dir = Some(PathBuf::from(value("--host-dir")?)),
                "--strict-csp" => config.strict_csp = true,
                "--provider-port" => {
                    config.provider_port =
                        Some(value("--provider-port")?.parse().map_err(|_| {
                            "--provider-port must be a number from 0 to 65535".to_string()
                        })?)
                }
                "--test-controls" => config.test_controls = true,
                other => return Err(format!("unknown flag {other}")),
            }
        }
        Ok(config)
    }
}

/// A server running in the background; it stops when dropped.
pub struct RunningServer {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// The shared state (tests may inspect it).
    pub state: AppState,
    /// Where the reference payment provider listens, when it runs.
    pub provider_addr: Option<SocketAddr>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Loads the scenario and starts serving on 127.0.0.1 in the background.
pub async fn spawn(config: ServerConfig) -> Result<RunningServer, String> {
    let initial = load_scenario(&config.scenario)?;
    let mut state = AppState::new(initial, config.test_controls);
    let (tx, rx) = tokio::sync::watch::channel(false);
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    let provider_addr = match config.provider_port {
        Some(port) => {
            let listener = bind(port).await?;
            let addr = listener.local_addr().map_err(|e| e.to_string())?;
            state.provider_origin = Some(format!("http://{addr}"));
            let app = provider::router(state.clone());
            let stop = stopped(rx.clone());
            tokio::spawn(async move {
                let _ = axum::serve(no_delay(listener), app)
                    .with_graceful_shutdown(stop)
                    .await;
            });
            Some(addr)
        }
        None => None,
    };
    let app = routes::router(state.clone(), &config);
    let listener = bind(config.port).await?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let stop = stopped(rx);
    tokio::spawn(async move {
        let _ = axum::serve(no_delay(listener), app)
            .with_graceful_shutdown(stop)
            .await;
    });
    let (shutdown, forward) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = forward.await;
        let _ = tx.send(true);
    });
    Ok(RunningServer {
        addr,
        state,
        provider_addr,
        shutdown: Some(shutdown),
    })
}

/// Every connection with `TCP_NODELAY`, as production web servers set it: without it, a
/// response written in two parts (head, then a small body) waits for the browser's delayed
/// acknowledgement, 40 ms on Linux, which made small files like the stylesheet (and so the
/// loader, which runs once it is in) slow to arrive in the bench and the tests.
fn no_delay(
    listener: tokio::net::TcpListener,
) -> impl axum::serve::Listener<Io = tokio::net::TcpStream, Addr = std::net::SocketAddr> {
    use axum::serve::ListenerExt;
    listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    })
}

async fn bind(port: u16) -> Result<tokio::net::TcpListener, String> {
    tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))
}
