//! `cargo xtask dev | test | bench` — set-up and orchestration only.

mod setup;
mod size;
mod wasm;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode};

use setup::Tools;
use size::kb;

type Result<T> = std::result::Result<T, String>;

/// Port of the mock API under `cargo xtask dev` (Trunk.toml proxies `/api/` to it).
const DEV_API_PORT: u16 = 3001;
/// Port of the reference payment provider (hosted card fields, 3-D Secure) under
/// `cargo xtask dev`: its own origin, as a real provider's.
const DEV_PROVIDER_PORT: u16 = 3002;
/// Port `trunk serve` listens on under `cargo xtask dev`.
const DEV_PAGE_PORT: u16 = 8080;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => dev(),
        Some("test") => test(),
        Some("bench") => bench(),
        Some("wasm") => wasm::build_into_staging(),
        Some("size") => size_only(args.get(1).map(PathBuf::from)),
        Some("screenshot") => screenshot(),
        Some("setup") => setup::ensure_tools().and_then(|_| setup::ensure_twiggy().map(|_| ())),
        _ => Err("usage: cargo xtask <dev|test|bench|size|screenshot|setup>\n  dev    serve the page against the mock API\n  test   run every suite (native, wasm in headless Chromium, end-to-end)\n  bench  build the release page and a blank Leptos page; sizes, timings (first render, slider, slow networks), quotes per second\n  size [DIST]  the size part of bench for a page already built (default dist/), no rebuild\n  screenshot  render the page (pro-monthly) in headless Chromium to docs/screenshot.png\n  setup  install the tools only".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits inside the workspace")
        .to_path_buf()
}

/// Runs a command to completion; a non-zero exit is an error naming the command.
pub fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed ({status})"))
    }
}

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

/// A child process killed when dropped, so servers never outlive the command.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn mock_api_binary() -> Result<PathBuf> {
    run(cargo().args(["build", "--quiet", "-p", "mock-api"]))?;
    Ok(target_dir().join("debug/mock-api"))
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Builds the page with Trunk into `dist/` (release profile, never downloading tools).
fn build_page(tools: &Tools, release: bool) -> Result<PathBuf> {
    run(cargo().args(["fetch", "--quiet"]))?;
    let mut cmd = Command::new("trunk");
    cmd.current_dir(root())
        .env("PATH", tools.path_env())
        .args(["build", "--offline"]);
    if release {
        // `cargo xtask wasm` (Trunk's pre_build hook) then builds the size-tuned profile
        // and splits it; dev builds stay quick and whole.
        cmd.arg("--release");
    }
    run(&mut cmd)?;
    Ok(root().join("dist"))
}

fn dev() -> Result<()> {
    let tools = setup::ensure_tools()?;
    let api = mock_api_binary()?;
    let _api = Guard(
        Command::new(api)
            .args([
                "--port",
                &DEV_API_PORT.to_string(),
                "--scenario",
                "pro-monthly",
                "--test-controls",
                "--provider-port",
                &DEV_PROVIDER_PORT.to_string(),
                "--host-dir",
            ])
            .arg(root().join("examples/host"))
            .spawn()
            .map_err(|e| format!("cannot start the mock API: {e}"))?,
    );
    run(cargo().args(["fetch", "--quiet"]))?;
    let mut trunk = Guard(
        Command::new("trunk")
            .current_dir(root())
            .env("PATH", tools.path_env())
            .args([
                "serve",
                "--offline",
                "--address",
                "127.0.0.1",
                "--port",
                &DEV_PAGE_PORT.to_string(),
            ])
            .spawn()
            .map_err(|e| format!("cannot start trunk serve: {e}"))?,
    );
    println!(
        "\nBilling & Upgrade: open http://127.0.0.1:{DEV_PAGE_PORT}/billing/\n  embedded in the example host: http://127.0.0.1:{DEV_PAGE_PORT}/dashboard/\n  mock API: http://127.0.0.1:{DEV_API_PORT}/api/v1 (scenarios: POST /api/v1/_mock/reset)\n  reference payment provider: http://127.0.0.1:{DEV_PROVIDER_PORT} (test card 4242 4242 4242 4242)\n  Ctrl-C stops both\n"
    );
    let status = trunk.0.wait().map_err(|e| e.to_string())?;
    Err(format!("trunk serve stopped ({status})"))
}

/// The tests of tests/e2e/tests/faults.rs, skipped by the general e2e run.
const FAULT_SUITE_TESTS: [&str; 2] = [
    "every_write_flow_under_every_fault",
    "a_randomized_run_keeps_every_invariant",
];

fn test() -> Result<()> {
    let tools = setup::ensure_tools()?;
    let mut failed = Vec::new();
    let mut suite = |name: &str, result: Result<()>| {
        if let Err(e) = result {
            eprintln!("xtask: suite `{name}` failed: {e}");
            failed.push(name.to_string());
        }
    };

    println!("\n==> native tests (pricing, mock-api, xtask)");
    suite(
        "native",
        run(cargo().args(["test", "-p", "pricing", "-p", "mock-api", "-p", "xtask"])),
    );

    println!("\n==> the app's native unit tests (count parser)");
    suite(
        "app-native",
        run(cargo().args(["test", "-p", "billing-upgrade", "--lib"])),
    );

    println!("\n==> pricing compiles for wasm32");
    suite(
        "pricing-wasm32",
        run(cargo().args([
            "build",
            "--quiet",
            "-p",
            "pricing",
            "--target",
            "wasm32-unknown-unknown",
        ])),
    );

    println!("\n==> wasm-bindgen-test suites in headless Chromium");
    suite("wasm", wasm_tests(&tools));

    println!("\n==> end-to-end (built page + mock API + headless Chromium)");
    let dist = build_page(&tools, true);
    let e2e = dist.clone().and_then(|dist| {
        let mut cmd = cargo();
        cmd.args([
            "test",
            "--no-fail-fast",
            "-p",
            "e2e",
            "--",
            "--test-threads=1",
        ]);
        // The fault suite runs on its own below (its own suite name in the summary).
        for test in FAULT_SUITE_TESTS {
            cmd.args(["--skip", test]);
        }
        run(cmd
            .env("BU_DIST", dist)
            .env("BU_AXE", &tools.axe)
            .env("CHROMEDRIVER", &tools.chromedriver))
    });
    suite("e2e", e2e);

    println!("\n==> download size of the built page (gzip -9)");
    let size = dist
        .clone()
        .and_then(|dist| size::gate(&dist).map(|line| println!("{line}")));
    suite("size", size);

    // Sequential, not beside the other e2e tests: they share no state (each starts its own
    // mock and browser), but the matrix times requests out at 1.5 s on purpose and a
    // second browser on a 2-core machine would make those timings flaky.
    println!("\n==> fault matrix and randomized fault run (tests/e2e/tests/faults.rs)");
    let faults = dist.and_then(|dist| {
        run(cargo()
            .args([
                "test",
                "-p",
                "e2e",
                "--test",
                "faults",
                "--",
                "--test-threads=1",
                "--nocapture",
            ])
            .env("BU_DIST", dist)
            .env("CHROMEDRIVER", &tools.chromedriver))
    });
    suite("e2e-faults", faults);

    if failed.is_empty() {
        println!("\nxtask: every suite passed");
        Ok(())
    } else {
        Err(format!("failed suites: {}", failed.join(", ")))
    }
}

/// The browser suites, with a live mock API (test controls on) for the client's tests;
/// its URL is baked into the test build as `BU_MOCK_API`.
fn wasm_tests(tools: &Tools) -> Result<()> {
    let runner = which("wasm-bindgen-test-runner", tools)?;
    let port = free_port()?;
    let _api = Guard(
        Command::new(mock_api_binary()?)
            .args(["--port", &port.to_string(), "--test-controls"])
            .spawn()
            .map_err(|e| format!("cannot start the mock API: {e}"))?,
    );
    wait_for_port(port)?;
    run(cargo()
        .args([
            "test",
            "--no-fail-fast",
            "-p",
            "billing-upgrade",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .env("PATH", tools.path_env())
        .env("BU_MOCK_API", format!("http://127.0.0.1:{port}/api"))
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner)
        .env("CHROMEDRIVER", &tools.chromedriver)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))
}

fn free_port() -> Result<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free local port: {e}"))
}

fn wait_for_port(port: u16) -> Result<()> {
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Err(format!("the mock API did not listen on port {port}"))
}

fn which(bin: &str, tools: &Tools) -> Result<PathBuf> {
    tools
        .path_env()
        .split(':')
        .map(|d| Path::new(d).join(bin))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("{bin} not found on PATH"))
}

fn bench() -> Result<()> {
    let tools = setup::ensure_tools()?;
    let twiggy = setup::ensure_twiggy()?;
    let dist = build_page(&tools, true)?;
    let mut page = measure(
        &tools,
        &twiggy,
        "page",
        &dist,
        "billing-upgrade",
        &wasm::bindgen_dir(true).join("billing-upgrade_bg.wasm"),
    )?;
    page.chunks = measure_chunks(&tools, &twiggy)?;
    let blank_dist = build_blank(&tools)?;
    // Trunk's own pipeline builds the blank page and leaves wasm-bindgen's output here.
    let blank = measure(
        &tools,
        &twiggy,
        "blank Leptos",
        &blank_dist,
        "blank-leptos",
        &target_dir().join("wasm-bindgen/release/blank-leptos_bg.wasm"),
    )?;
    print_sizes(&page, &blank);
    let mut json = bench_json(&page, &blank);

    // The timings, in headless Chromium against the mock (tests/e2e/src/bin/speed.rs),
    // both pages served as a precompressing server would (brotli to Chromium).
    let served = target_dir().join("bench-served");
    size::precompressed_copy(&dist, &served.join("page"))?;
    size::precompressed_copy(&blank_dist, &served.join("blank"))?;
    let timings = target_dir().join("bench-timings.json");
    run(cargo()
        .args(["run", "--quiet", "-p", "e2e", "--bin", "speed"])
        .env("BU_DIST", served.join("page"))
        .env("BU_BLANK_DIST", served.join("blank"))
        .env("BU_RAW_DIST", &dist)
        .env("BU_BENCH_OUT", &timings)
        .env("CHROMEDRIVER", &tools.chromedriver))?;
    json["timings"] = std::fs::read_to_string(&timings)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .ok_or_else(|| format!("no timings in {}", timings.display()))?;

    println!("\nPricing: a typical upgrade quote (Plus → Pro with more contacts, mid-period)");
    // A run takes a fraction of a second, so a busy moment of the machine moves it by a
    // third: the median of five.
    let mut runs = (0..5)
        .map(|_| {
            quotes_per_second(cargo().args([
                "run",
                "--quiet",
                "--release",
                "-p",
                "pricing",
                "--example",
                "quote_bench",
            ]))
        })
        .collect::<Result<Vec<u64>>>()?;
    runs.sort_unstable();
    let native = runs[runs.len() / 2];
    println!("  native (release, one core, median of 5 runs) {native:>10} quotes/s");
    let wasm = quotes_per_second(
        cargo()
            .args([
                // No --quiet: cargo passes it on to wasm-bindgen-test-runner, which rejects it.
                "test",
                "-p",
                "billing-upgrade",
                "--target",
                "wasm32-unknown-unknown",
                "--profile",
                "wasm-release",
                // A test links the lib built with `panic = "unwind"` whatever the profile
                // says; without this the bin is built beside it with the profile's "abort",
                // the two cdylib outputs share one file name, and the build fails when the
                // wrong one lands last (cargo#6313). The quotes measured are the same code.
                "--config",
                "profile.wasm-release.panic=\"unwind\"",
                "--test",
                "quote_bench",
                "--",
                "--nocapture",
            ])
            .env("PATH", tools.path_env())
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                which("wasm-bindgen-test-runner", &tools)?,
            )
            .env("CHROMEDRIVER", &tools.chromedriver)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120"),
    )?;
    println!("  wasm (the page's profile, headless Chromium) {wasm:>10} quotes/s");
    json["pricing"] = serde_json::json!({
        "cart": "Plus monthly → Pro with 5,000 contacts, mid-period (crates/pricing/examples/quote_bench.rs)",
        "native_quotes_per_second": native,
        "wasm_quotes_per_second": wasm,
    });

    let out = target_dir().join("bench.json");
    size::write(
        &out,
        serde_json::to_string_pretty(&json)
            .map_err(|e| e.to_string())?
            .as_bytes(),
    )?;
    println!("\nwrote {}", out.display());
    Ok(())
}

/// Runs a quote benchmark and reads the `quotes_per_second=<n>` line it prints.
fn quotes_per_second(cmd: &mut Command) -> Result<u64> {
    let output = cmd
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!("{cmd:?} failed ({}):\n{stdout}", output.status));
    }
    stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("quotes_per_second="))
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(|| format!("{cmd:?} printed no quotes_per_second line:\n{stdout}"))
}

/// `cargo xtask size [DIST]`: the size part of `bench` for a page already built with the
/// release profile (default `dist/`): the assets, the total against the budget and where
/// the wasm's bytes go. Builds nothing, so each size cut can be measured after one build.
fn size_only(dist: Option<PathBuf>) -> Result<()> {
    let tools = setup::ensure_tools()?;
    let twiggy = setup::ensure_twiggy()?;
    let dist = dist.unwrap_or_else(|| root().join("dist"));
    let page = measure(
        &tools,
        &twiggy,
        "page",
        &dist,
        "billing-upgrade",
        &wasm::bindgen_dir(true).join("billing-upgrade_bg.wasm"),
    )?;
    print_download(&format!("page ({})", dist.display()), &page.assets);
    let first = size::first_download(&page.assets);
    println!(
        "First download (all but the chunks loaded on demand) {} KB gzip; budget {} KB, margin {} KB",
        kb(first.gzip),
        kb(size::BUDGET_GZIP),
        signed_kb(size::BUDGET_GZIP as i64 - first.gzip as i64)
    );
    println!(
        "\nWhere the wasm's bytes go ({} KB before wasm-opt, {} KB after):",
        kb(page.before_opt),
        kb(page.breakdown.total)
    );
    for (part, bytes) in &page.breakdown.parts {
        println!(
            "{part:<50} {:>10} {:>6.1}%",
            kb(*bytes),
            size::percent(*bytes, page.breakdown.total)
        );
    }
    // The check `cargo xtask test` makes of the same build.
    println!("\n{}", size::gate(&dist)?);
    Ok(())
}

/// The blank Leptos reference (bench/blank), built like the page: same profile, same
/// tools, `wasm-opt -Oz`; its dist goes into the target directory.
fn build_blank(tools: &Tools) -> Result<PathBuf> {
    let dist = target_dir().join("bench-blank/dist");
    run(Command::new("trunk")
        .current_dir(root().join("bench/blank"))
        .env("PATH", tools.path_env())
        .args([
            "build",
            "--offline",
            "--release",
            "--cargo-profile",
            "wasm-release",
            // Served where the page is (the mock's /billing/) for the first-render timing.
            "--public-url",
            "/billing/",
        ])
        .arg("--dist")
        .arg(&dist))?;
    Ok(dist)
}

/// One built page's figures: its served assets and where its wasm's bytes go.
struct Measured {
    label: &'static str,
    assets: Vec<size::Asset>,
    /// Size of wasm-bindgen's output (before wasm-opt) and of the `-Oz -g` wasm the
    /// breakdown reads (without its names section).
    before_opt: u64,
    breakdown: size::Breakdown,
    /// The same for each chunk loaded on demand (the page's; none for the blank page).
    chunks: Vec<(String, size::Breakdown)>,
}

/// Sizes `dist`, then re-optimises `bindgen`, wasm-bindgen's output of `name` (names
/// included), with `-Oz -g` and reads it with twiggy.
fn measure(
    tools: &Tools,
    twiggy: &Path,
    label: &'static str,
    dist: &Path,
    name: &str,
    bindgen: &Path,
) -> Result<Measured> {
    let assets = size::assets(dist)?;
    let before_opt = std::fs::metadata(bindgen)
        .map_err(|e| format!("{}: {e}", bindgen.display()))?
        .len();
    let breakdown = parts_of(tools, twiggy, bindgen, &format!("{name}_bg.wasm"), &[])?;
    Ok(Measured {
        label,
        assets,
        before_opt,
        breakdown,
        chunks: Vec::new(),
    })
}

/// Where each chunk's bytes go (the page's last release build): wasm-split's output of the
/// chunk, optimised as the build does with `-Oz` plus `-g`, read with twiggy.
fn measure_chunks(tools: &Tools, twiggy: &Path) -> Result<Vec<(String, size::Breakdown)>> {
    wasm::split_chunks()?
        .into_iter()
        .map(|(name, path)| {
            let file = format!("chunk-{name}.wasm");
            let breakdown = parts_of(tools, twiggy, &path, &file, &wasm::WASM_FEATURES)?;
            Ok((name, breakdown))
        })
        .collect()
}

/// Where `input`'s bytes go per part: re-optimised as the build does (`-Oz`, `features`
/// enabled) but keeping its names, into `target/bench-names/FILE`, and read with twiggy.
fn parts_of(
    tools: &Tools,
    twiggy: &Path,
    input: &Path,
    file: &str,
    features: &[&str],
) -> Result<size::Breakdown> {
    let dir = target_dir().join("bench-names");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let named = dir.join(file);
    size::optimise_keeping_names(
        &tools.wasm_opt_dir.join("wasm-opt"),
        input,
        &named,
        features,
    )?;
    Ok(size::breakdown(&size::twiggy_items(twiggy, &named)?))
}

/// `+1.5` / `-99.1`: a margin in KB with its sign.
fn signed_kb(bytes: i64) -> String {
    let sign = if bytes < 0 { "-" } else { "+" };
    format!("{sign}{}", kb(bytes.unsigned_abs()))
}

/// Prints `assets` and their total (raw, gzip -9, brotli) under "Download, `label`";
/// returns the total.
fn print_download(label: &str, assets: &[size::Asset]) -> size::Asset {
    println!("\nDownload, {label} (KB = 1000 bytes):");
    println!(
        "{:<44} {:>10} {:>10} {:>10}",
        "asset", "raw KB", "gzip -9 KB", "brotli KB"
    );
    let total = size::total(assets);
    for a in assets.iter().chain([&total]) {
        println!(
            "{:<44} {:>10} {:>10} {:>10}",
            a.name,
            kb(a.raw),
            kb(a.gzip),
            kb(a.brotli)
        );
    }
    total
}

fn print_sizes(page: &Measured, blank: &Measured) {
    for m in [page, blank] {
        print_download(&format!("{} (dist)", m.label), &m.assets);
    }
    let page_gz = size::first_download(&page.assets).gzip;
    let blank_gz = size::total(&blank.assets).gzip;
    let margin = size::BUDGET_GZIP as i64 - page_gz as i64;
    println!(
        "\nBudget: {} KB gzip for the page's first download; today {} KB, margin {} KB ({} over the blank page's {} KB, {:.1}x); with the chunks loaded on demand {} KB",
        kb(size::BUDGET_GZIP),
        kb(page_gz),
        signed_kb(margin),
        kb(page_gz.saturating_sub(blank_gz)),
        kb(blank_gz),
        page_gz as f64 / blank_gz.max(1) as f64,
        kb(size::total(&page.assets).gzip),
    );

    println!(
        "\nWhere the wasm's bytes go (twiggy shallow sizes after wasm-opt -Oz, names kept aside;\n\
         page {} KB before wasm-opt, {} KB after; blank {} KB / {} KB):",
        kb(page.before_opt),
        kb(page.breakdown.total),
        kb(blank.before_opt),
        kb(blank.breakdown.total)
    );
    // Columns: the page's main module, each chunk, the blank page.
    let columns: Vec<(String, &size::Breakdown)> = [("page".to_string(), &page.breakdown)]
        .into_iter()
        .chain(
            page.chunks
                .iter()
                .map(|(name, b)| (format!("{name} chunk"), b)),
        )
        .chain([("blank".to_string(), &blank.breakdown)])
        .collect();
    let mut header = format!("{:<50}", "part");
    for (name, _) in &columns {
        header += &format!(" {:>13} {:>6}", format!("{name} KB"), "%");
    }
    println!("{header}");
    for (i, (part, _)) in page.breakdown.parts.iter().enumerate() {
        let mut line = format!("{part:<50}");
        for (_, b) in &columns {
            let bytes = b.parts.get(i).map_or(0, |(_, bytes)| *bytes);
            line += &format!(" {:>13} {:>5.1}%", kb(bytes), size::percent(bytes, b.total));
        }
        println!("{line}");
    }
    let mut line = format!("{:<50}", "total");
    for (_, b) in &columns {
        line += &format!(" {:>13} {:>5.1}%", kb(b.total), 100.0);
    }
    println!("{line}");
    let other: Vec<String> = page
        .breakdown
        .other_crates
        .iter()
        .take(8)
        .map(|(c, b)| format!("{c} {}", kb(*b)))
        .collect();
    println!("  other (page): {}", other.join(", "));
}

fn bench_json(page: &Measured, blank: &Measured) -> serde_json::Value {
    let one = |m: &Measured| {
        let asset = |a: &size::Asset| serde_json::json!({"name": a.name, "raw": a.raw, "gzip": a.gzip, "brotli": a.brotli});
        let total = size::total(&m.assets);
        serde_json::json!({
            "assets": m.assets.iter().map(asset).collect::<Vec<_>>(),
            "total": asset(&total),
            "wasm_before_opt": m.before_opt,
            "wasm_after_opt_parts_total": m.breakdown.total,
            "parts": m.breakdown.parts.iter().map(|(p, b)| serde_json::json!({
                "part": p,
                "bytes": b,
                "percent": size::percent(*b, m.breakdown.total),
            })).collect::<Vec<_>>(),
            "other_crates": m.breakdown.other_crates.iter().map(|(c, b)| serde_json::json!({"crate": c, "bytes": b})).collect::<Vec<_>>(),
            "chunks": m.chunks.iter().map(|(name, b)| serde_json::json!({
                "chunk": name,
                "wasm_after_opt_parts_total": b.total,
                "parts": b.parts.iter().map(|(p, bytes)| serde_json::json!({"part": p, "bytes": bytes})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    };
    let page_gz = size::first_download(&page.assets).gzip;
    serde_json::json!({
        "units": "bytes",
        "parts_basis": "twiggy shallow sizes of wasm-bindgen's output re-optimised with wasm-opt -Oz -g (the served wasm's code and data; custom sections left out)",
        "budget_gzip": size::BUDGET_GZIP,
        "budget_counts": "the first download: every asset but the chunks loaded on demand (names with -lazy-)",
        "first_download_gzip": page_gz,
        "margin_gzip": size::BUDGET_GZIP as i64 - page_gz as i64,
        "page": one(page),
        "blank_leptos": one(blank),
    })
}

/// Renders the release page against the mock API in headless Chromium (the README's picture).
fn screenshot() -> Result<()> {
    let tools = setup::ensure_tools()?;
    let dist = build_page(&tools, true)?;
    let port = free_port()?;
    let _api = Guard(
        Command::new(mock_api_binary()?)
            .args(["--port", &port.to_string(), "--static-dir"])
            .arg(&dist)
            .spawn()
            .map_err(|e| format!("cannot start the mock API: {e}"))?,
    );
    wait_for_port(port)?;
    let out = root().join("docs/screenshot.png");
    let profile = std::env::temp_dir().join(format!("bu-shot-{}", std::process::id()));
    let result = run(Command::new("/usr/bin/chromium")
        .args(chrome_flags())
        .arg(format!("--user-data-dir={}", profile.display()))
        .args([
            "--hide-scrollbars",
            "--window-size=1280,1700",
            "--virtual-time-budget=15000",
        ])
        .arg(format!("--screenshot={}", out.display()))
        .arg(format!("http://127.0.0.1:{port}/billing/"))
        .stderr(std::process::Stdio::null()));
    let _ = std::fs::remove_dir_all(&profile);
    result?;
    println!("wrote {}", out.display());
    Ok(())
}

/// Headless Chromium as root in a container with no network (see FACTS.md): the one list,
/// in webdriver.json, which wasm-bindgen-test-runner reads and the e2e harness shares.
fn chrome_flags() -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_str(include_str!("../../webdriver.json")).unwrap_or_default();
    json["goog:chromeOptions"]["args"]
        .as_array()
        .map(|args| {
            args.iter()
                .filter_map(|a| a.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Gzip (level 9) size of `bytes`.
fn gzip_len(bytes: &[u8]) -> u64 {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory").len() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message of a locale file: its key path → the `{placeholders}` it fills.
    fn locale_messages(file: &str) -> std::collections::BTreeMap<String, Vec<String>> {
        fn walk(
            prefix: &str,
            value: &serde_json::Value,
            out: &mut std::collections::BTreeMap<String, Vec<String>>,
        ) {
            match value {
                serde_json::Value::Object(map) => {
                    for (key, inner) in map {
                        let path = if prefix.is_empty() {
                            key.clone()
                        } else {
                            format!("{prefix}.{key}")
                        };
                        walk(&path, inner, out);
                    }
                }
                serde_json::Value::String(text) => {
                    let mut names: Vec<String> = text
                        .split('{')
                        .skip(1)
                        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
                        .collect();
                    names.sort();
                    names.dedup();
                    out.insert(prefix.to_string(), names);
                }
                other => panic!("{prefix}: a message must be a string, not {other}"),
            }
        }
        let text = std::fs::read_to_string(root().join("locales").join(file)).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut out = std::collections::BTreeMap::new();
        walk("", &json, &mut out);
        out
    }

    #[test]
    fn the_one_chrome_flag_list_is_read_from_webdriver_json() {
        let flags = super::chrome_flags();
        // As root in a container: no sandbox, headless, no network side-traffic.
        for needed in [
            "--headless",
            "--no-sandbox",
            "--disable-background-networking",
        ] {
            assert!(flags.iter().any(|f| f == needed), "{needed} in {flags:?}");
        }
    }

    #[test]
    fn both_locales_have_the_same_keys_and_the_same_placeholders() {
        let en = locale_messages("en.json");
        let it = locale_messages("it.json");
        let only = |a: &std::collections::BTreeMap<String, Vec<String>>,
                    b: &std::collections::BTreeMap<String, Vec<String>>| {
            a.keys()
                .filter(|k| !b.contains_key(*k))
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(
            only(&en, &it),
            Vec::<String>::new(),
            "keys missing in it.json"
        );
        assert_eq!(
            only(&it, &en),
            Vec::<String>::new(),
            "keys missing in en.json"
        );
        let differ: Vec<_> = en
            .iter()
            .filter(|(k, names)| it.get(*k) != Some(names))
            .map(|(k, names)| format!("{k}: en {names:?}, it {:?}", it[k]))
            .collect();
        assert_eq!(differ, Vec::<String>::new(), "placeholders differ");
        assert!(en.len() > 100, "read {} messages", en.len());
    }

    #[test]
    fn the_loaders_skeleton_and_failure_texts_are_the_locales_page_texts() {
        // public/billing-upgrade.js paints them before the wasm (and its i18n) runs.
        let loader = std::fs::read_to_string(root().join("public/billing-upgrade.js")).unwrap();
        let table = &loader[loader.find("const LOADER_TEXT = {").expect("LOADER_TEXT")..];
        let table = &table[..table.find("\n};").expect("the table ends")];
        for locale in ["en", "it"] {
            let text =
                std::fs::read_to_string(root().join("locales").join(format!("{locale}.json")))
                    .unwrap();
            let json: serde_json::Value = serde_json::from_str(&text).unwrap();
            let block = &table[table.find(&format!("  {locale}: {{")).expect(locale)..];
            let block = &block[..block.find("\n  },").expect("the locale's block ends")];
            for (field, key) in [
                ("title", "title"),
                ("loading", "loading"),
                ("failed", "load_failed"),
                ("retry", "retry"),
            ] {
                let expected = format!("{field}: {},", json["page"][key]);
                assert!(
                    block.contains(&expected),
                    "the loader's {locale} table lacks {expected} (locales/{locale}.json page.{key})"
                );
            }
        }
    }

    #[test]
    fn gzip_shrinks_repetitive_text() {
        let text = "bu-".repeat(1000);
        let gz = gzip_len(text.as_bytes());
        assert!(gz < 100, "3000 repetitive bytes gzip to {gz}");
        assert!(gz > 0);
    }

    #[test]
    fn wasm_bindgen_version_is_read_from_the_lock_file_and_pinned() {
        let v = setup::wasm_bindgen_version().unwrap();
        assert_eq!(v, "0.2.130", "Cargo.toml pins wasm-bindgen =0.2.130");
    }

    #[test]
    fn the_readme_embedding_snippet_is_what_the_example_host_uses() {
        let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
        let host = std::fs::read_to_string(root().join("examples/host/index.html")).unwrap();
        let section = &readme[readme.find("## Embedding").expect("an Embedding section")..];
        let start = section.find("```html\n").expect("an html snippet") + "```html\n".len();
        let snippet = &section[start..start + section[start..].find("```").unwrap()];
        let lines: Vec<&str> = snippet.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 2, "two lines: the loader and the element");
        for line in lines {
            assert!(
                host.lines().any(|h| h.trim() == line.trim()),
                "examples/host/index.html lacks the README's line {line:?}"
            );
        }
    }
}
