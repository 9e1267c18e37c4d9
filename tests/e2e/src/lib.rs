//! Harness for the end-to-end suite: serves the built page (`BU_DIST`, made by
//! `cargo xtask test`) under `/billing/`, the example host under `/dashboard/` and the mock
//! API under `/api/v1`, every response with the strict CSP, on 127.0.0.1; starts the apt
//! chromedriver and drives headless Chromium. Everything stops when the `Harness` drops.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};

mod card;
mod dom;
pub use card::TestCard;
pub use dom::{cents, plain_amount};
use tokio::process::{Child, Command};

/// Chrome flags that work as root in a container with no network: the one list in the
/// workspace's webdriver.json (wasm-bindgen-test-runner and xtask read it too), plus the
/// window size the page's layout tests expect.
fn chrome_args() -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(include_str!("../../../webdriver.json"))
        .expect("webdriver.json is JSON");
    let mut args: Vec<String> = json["goog:chromeOptions"]["args"]
        .as_array()
        .expect("webdriver.json lists goog:chromeOptions.args")
        .iter()
        .filter_map(|a| a.as_str().map(String::from))
        .collect();
    args.push("--window-size=1280,1600".into());
    args
}

/// A running mock API + page server, chromedriver and a browser session.
pub struct Harness {
    /// Where the page and `/api` are served.
    pub base: String,
    /// The browser session.
    pub browser: Client,
    server: mock_api::RunningServer,
    chromedriver_port: u16,
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
        let host_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/host");
        let server = mock_api::spawn(mock_api::ServerConfig {
            port: 0,
            scenario: scenario.to_string(),
            test_controls: true,
            static_dir: Some(dist),
            host_dir: Some(host_dir),
            strict_csp: true,
            provider_port: Some(0),
        })
        .await
        .expect("mock API starts");
        let base = format!("http://{}", server.addr);

        let (chromedriver, port) = start_chromedriver().await;
        let profile = TempDir::new();
        let mut caps = serde_json::Map::new();
        let mut args = chrome_args();
        args.push(format!("--user-data-dir={}", profile.0.display()));
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({ "args": args, "binary": "/usr/bin/chromium" }),
        );
        // Console messages (CSP violations among them) are read back through the log.
        caps.insert(
            "goog:loggingPrefs".into(),
            serde_json::json!({ "browser": "ALL" }),
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
            chromedriver_port: port,
            _chromedriver: chromedriver,
            _profile: profile,
        }
    }

    /// Starts the mock on `scenario` and mounts the page in `locale` into a fresh `<div>`
    /// through the loader's `mount` (what an imperative host does), with the reference
    /// payment provider's adapter as `paymentProvider`, keeping its handle to call
    /// `unmount()` later.
    pub async fn mounted(scenario: &str, locale: &str) -> Harness {
        let h = Harness::start(scenario).await;
        h.open("/billing/").await;
        h.text_of(".bu-plan-name").await;
        h.js(&format!(
            "document.getElementById('billing-upgrade').remove();
             const el = document.createElement('div'); el.id = 'bu-test'; document.body.append(el);
             return Promise.all([import('/billing/billing-upgrade.js'), import('/billing/reference-provider.js')])
               .then(([m, p]) => p.referenceProviderFromConfig('/provider.json')
                 .then(paymentProvider => m.mount(el, {{locale: '{locale}', apiBase: '/api', csrfToken: 'e2e', paymentProvider}})))
               .then(handle => {{ window.__buHandle = handle; return true; }});"
        ))
        .await;
        h.text_of("#bu-test .bu-plan-name").await;
        h
    }

    /// Calls the mock API (e.g. `("POST", "/api/v1/_mock/clock", Some(json))`) and returns
    /// the status and JSON body (`Null` when the body is not JSON).
    pub async fn api(
        &self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        http_json(self.server.addr, method, path, body).await
    }

    /// Injects `fault` for the next `count` requests of `method` on `path` (docs/api.md,
    /// `_mock/faults`).
    pub async fn fault(&self, method: &str, path: &str, count: u32, fault: serde_json::Value) {
        let (status, body) = self
            .api(
                "POST",
                "/api/v1/_mock/faults",
                Some(serde_json::json!({"path": path, "method": method, "count": count, "fault": fault})),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }

    /// Every charge the mock made.
    pub async fn ledger(&self) -> Vec<serde_json::Value> {
        let (status, body) = self.api("GET", "/api/v1/ledger", None).await;
        assert_eq!(status, 200, "ledger: {body}");
        body["entries"].as_array().cloned().unwrap_or_default()
    }

    /// Runs `script` (a function body; `return` gives the value) in the page, with `R`
    /// bound to the page's root (the widget's shadow root when embedded, else `document`).
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.browser
            .execute(&format!("{}\n{script}", dom::ROOT), vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Waits (up to 20 s) until `script` returns something truthy, and returns it.
    pub async fn wait_js(&self, script: &str) -> serde_json::Value {
        for _ in 0..200 {
            let value = self.js(script).await;
            let truthy = match &value {
                serde_json::Value::Null | serde_json::Value::Bool(false) => false,
                serde_json::Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return value;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("timed out waiting for: {script}");
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver.
    pub async fn cdp(&self, cmd: &str, params: serde_json::Value) -> serde_json::Value {
        let (status, body) = self
            .chromedriver(
                "goog/cdp/execute",
                serde_json::json!({ "cmd": cmd, "params": params }),
            )
            .await;
        assert_eq!(status, 200, "CDP {cmd}: {body}");
        body
    }

    /// POSTs a chromedriver-specific session command (`se/log`, `goog/cdp/execute`).
    async fn chromedriver(
        &self,
        command: &str,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let session = self
            .browser
            .session_id()
            .await
            .ok()
            .flatten()
            .expect("a WebDriver session");
        let addr: SocketAddr = ([127, 0, 0, 1], self.chromedriver_port).into();
        http_json(
            addr,
            "POST",
            &format!("/session/{session}/{command}"),
            Some(body),
        )
        .await
    }

    /// The browser's console messages at `SEVERE` level since the last call.
    pub async fn console_errors(&self) -> Vec<String> {
        let (status, body) = self
            .chromedriver("se/log", serde_json::json!({ "type": "browser" }))
            .await;
        assert_eq!(status, 200, "chromedriver log: {body}");
        body["value"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// The reference payment provider's origin (`http://127.0.0.1:PORT`).
    pub fn provider_origin(&self) -> String {
        format!(
            "http://{}",
            self.server
                .provider_addr
                .expect("the harness runs the provider")
        )
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

    /// Waits (up to 20 s) for `css` to appear and returns its text. An element the page
    /// replaced between finding it and reading it (a stale reference) is looked up again.
    pub async fn text_of(&self, css: &str) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let el = self
                .browser
                .wait()
                .at_most(left)
                .for_element(Locator::Css(css))
                .await
                .unwrap_or_else(|e| panic!("no element {css}: {e}"));
            match el.text().await {
                Ok(text) => return text,
                Err(fantoccini::error::CmdError::Standard(e))
                    if e.error == fantoccini::error::ErrorStatus::StaleElementReference
                        && std::time::Instant::now() < deadline => {}
                Err(e) => panic!("element text of {css}: {e}"),
            }
        }
    }

    /// Ends the browser session; the servers stop when the harness drops.
    pub async fn close(self) {
        let _ = self.browser.clone().close().await;
    }
}

/// A minimal HTTP/1.1 JSON call over a fresh connection (no client crate needed).
pub async fn http_json(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nX-CSRF-Token: e2e\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .unwrap_or_else(|e| panic!("cannot reach {addr}: {e}"));
    stream.write_all(request.as_bytes()).await.expect("send");
    // Read the head, then exactly Content-Length bytes (chromedriver keeps the
    // connection open despite `Connection: close`), or to the end when chunked/unsized.
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let split = loop {
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut buf).await.expect("receive");
        if n == 0 {
            break raw.len();
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let length = head.lines().find_map(|l| {
        l.strip_prefix("content-length:")
            .and_then(|v| v.trim().parse::<usize>().ok())
    });
    let body_start = (split + 4).min(raw.len());
    match length {
        Some(len) => {
            while raw.len() < body_start + len {
                let n = stream.read(&mut buf).await.expect("receive");
                if n == 0 {
                    break;
                }
                raw.extend_from_slice(&buf[..n]);
            }
        }
        None => {
            stream.read_to_end(&mut raw).await.expect("receive");
        }
    }
    let payload = &raw[body_start..];
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let payload = if head.contains("transfer-encoding: chunked") {
        dechunk(payload)
    } else {
        payload.to_vec()
    };
    (
        status,
        serde_json::from_slice(&payload).unwrap_or(serde_json::Value::Null),
    )
}

/// Joins the chunks of a `Transfer-Encoding: chunked` body.
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = body.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&body[..line_end])
            .ok()
            .and_then(|s| usize::from_str_radix(s.trim(), 16).ok());
        let rest = &body[line_end + 2..];
        match size {
            Some(size) if size > 0 && rest.len() >= size => {
                out.extend_from_slice(&rest[..size]);
                body = rest.get(size + 2..).unwrap_or_default();
            }
            _ => break,
        }
    }
    out
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
