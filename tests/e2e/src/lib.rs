//! Harness for the end-to-end suite: serves the built page (`BU_DIST`, made by
//! `cargo xtask test`) with the mock API on 127.0.0.1, starts the apt chromedriver and
//! drives headless Chromium. Everything started here stops when the `Harness` drops.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use tokio::process::{Child, Command};

/// Chrome flags that work as root in a container with no network.
const CHROME_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1600",
];

/// A running mock API + page server, chromedriver and a browser session.
pub struct Harness {
    /// Where the page and `/api` are served.
    pub base: String,
    /// The browser session.
    pub browser: Client,
    server: mock_api::RunningServer,
    _chromedriver: Child,
    _profile: TempDir,
}

impl Harness {
    /// Starts everything with the mock API on `scenario`.
    pub async fn start(scenario: &str) -> Harness {
        let dist = std::env::var("BU_DIST")
            .map(PathBuf::from)
            .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dist"));
        assert!(
            dist.join("index.html").is_file(),
            "no built page at {} — run `cargo xtask test`, which builds it first",
            dist.display()
        );
        let server = mock_api::spawn(mock_api::ServerConfig {
            port: 0,
            scenario: scenario.to_string(),
            test_controls: true,
            static_dir: Some(dist),
        })
        .await
        .expect("mock API starts");
        let base = format!("http://{}", server.addr);

        let (chromedriver, port) = start_chromedriver().await;
        let profile = TempDir::new();
        let mut caps = serde_json::Map::new();
        let mut args: Vec<String> = CHROME_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.0.display()));
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({ "args": args, "binary": "/usr/bin/chromium" }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let browser = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("chromedriver session");
        Harness {
            base,
            browser,
            server,
            _chromedriver: chromedriver,
            _profile: profile,
        }
    }

    /// The address the mock API listens on.
    pub fn api_addr(&self) -> SocketAddr {
        self.server.addr
    }

    /// Opens the page at `path` (e.g. `/`).
    pub async fn open(&self, path: &str) {
        self.browser
            .goto(&format!("{}{}", self.base, path))
            .await
            .expect("page loads");
    }

    /// Waits (up to 20 s) for `css` to appear and returns its text.
    pub async fn text_of(&self, css: &str) -> String {
        let el = self
            .browser
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"));
        el.text().await.expect("element text")
    }

    /// Ends the browser session; the servers stop when the harness drops.
    pub async fn close(self) {
        let _ = self.browser.clone().close().await;
    }
}

async fn start_chromedriver() -> (Child, u16) {
    let port = free_port();
    let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let child = Command::new(&bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"));
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return (child, port);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not listen on port {port}");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// A fresh Chrome profile directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let dir =
            std::env::temp_dir().join(format!("bu-e2e-{}-{}", std::process::id(), free_port()));
        std::fs::create_dir_all(&dir).expect("temp profile dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
