//! Fresh-machine set-up: installs every tool the project needs, idempotently and quietly
//! when it is already there. Only crates.io, npm, apt and rustup are reachable, so no tool
//! is ever downloaded as a prebuilt binary (and Trunk is told to use these, see Trunk.toml).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, run, Result};

/// Trunk version that builds on this toolchain (0.22 needs a newer rustc).
const TRUNK_VERSION: &str = "0.21.14";
/// npm `binaryen` whose wasm-opt builds a working wasm (Debian's 108 does not).
const BINARYEN_VERSION: &str = "132.0.0";
/// npm `axe-core`, the accessibility rules the end-to-end suite runs (tests/e2e/tests/a11y.rs).
pub const AXE_VERSION: &str = "4.14.1";
/// npm `terser`, which minifies the built JS (Trunk.toml's post_build hook).
const TERSER_VERSION: &str = "5.46.0";
/// twiggy, which `cargo xtask bench` reads the wasm's sizes per symbol with.
const TWIGGY_VERSION: &str = "0.8.0";

/// The tools every command needs, with their locations.
pub struct Tools {
    /// Directory holding npm's `wasm-opt` (put first on PATH for Trunk).
    pub wasm_opt_dir: PathBuf,
    /// The apt chromedriver.
    pub chromedriver: PathBuf,
    /// npm axe-core's `axe.min.js` (the e2e suite reads it as `BU_AXE`).
    pub axe: PathBuf,
}

impl Tools {
    /// PATH with the project's tools first, for child processes.
    pub fn path_env(&self) -> String {
        let cargo_bin = cargo_home().join("bin");
        let old = std::env::var("PATH").unwrap_or_default();
        format!(
            "{}:{}:{}",
            self.wasm_opt_dir.display(),
            cargo_bin.display(),
            old
        )
    }
}

/// Installs whatever is missing and returns where the tools are.
pub fn ensure_tools() -> Result<Tools> {
    ensure_wasm_target()?;
    ensure_cargo_tool(
        "wasm-bindgen",
        "wasm-bindgen-cli",
        &wasm_bindgen_version()?,
        false,
    )?;
    ensure_cargo_tool("trunk", "trunk", TRUNK_VERSION, true)?;
    let wasm_opt_dir = ensure_binaryen()?;
    ensure_terser()?;
    let axe = ensure_axe()?;
    let chromedriver = ensure_chromium()?;
    Ok(Tools {
        wasm_opt_dir,
        chromedriver,
        axe,
    })
}

/// twiggy for `cargo xtask bench` only (the test suites do not need it); returns its path.
pub fn ensure_twiggy() -> Result<PathBuf> {
    ensure_cargo_tool("twiggy", "twiggy", TWIGGY_VERSION, true)
        .or_else(|_| ensure_cargo_tool("twiggy", "twiggy", TWIGGY_VERSION, false))?;
    Ok(cargo_home().join("bin/twiggy"))
}

fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join(".cargo"))
}

fn home() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root"))
}

fn output_of(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn ensure_wasm_target() -> Result<()> {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        eprintln!("xtask: installing the wasm32-unknown-unknown target");
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

/// The `wasm-bindgen` version in Cargo.lock: the CLI must be exactly this version.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(v.trim_matches('"').to_string());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

/// `cargo install` a tool at a pinned version unless that exact version is on PATH.
fn ensure_cargo_tool(bin: &str, krate: &str, version: &str, locked: bool) -> Result<()> {
    let bin_path = cargo_home().join("bin").join(bin);
    let current = output_of(bin_path.to_str().unwrap_or(bin), &["--version"]).unwrap_or_default();
    if current.split_whitespace().any(|w| w == version) {
        return Ok(());
    }
    eprintln!("xtask: installing {krate} {version} from crates.io (once; takes minutes)");
    let mut cmd = Command::new("cargo");
    cmd.args(["install", krate, "--version", version, "--force"]);
    // Tools, not shipped code: built without fat LTO and with parallel codegen units (trunk
    // asks for `lto = "fat"`, `codegen-units = 1`, which alone took ~15 min on 2 cores).
    // Cargo's config (these variables) overrides the tool's own release profile.
    cmd.env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1");
    // wasm-bindgen-cli's lock file names a yanked crate, so it installs unlocked.
    if locked {
        cmd.arg("--locked");
    }
    run(&mut cmd)
}

/// Where the project's npm packages are installed (outside the repository).
fn npm_dir() -> PathBuf {
    home().join(".local/share/billing-upgrade/npm")
}

/// The version in an installed npm package's package.json, if it is there.
fn npm_installed_version(package: &str) -> Option<String> {
    let manifest = npm_dir()
        .join("node_modules")
        .join(package)
        .join("package.json");
    let text = std::fs::read_to_string(manifest).ok()?;
    // The first `"version": "…"` of the manifest is the package's own.
    let rest = &text[text.find("\"version\"")? + "\"version\"".len()..];
    let rest = &rest[rest.find('"')? + 1..];
    Some(rest[..rest.find('"')?].to_string())
}

/// `npm install package@version` into [`npm_dir`] (which keeps what is already there).
fn npm_install(package: &str, version: &str) -> Result<()> {
    let dir = npm_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    run(Command::new("npm").current_dir(&dir).args([
        "install",
        "--no-audit",
        "--no-fund",
        "--silent",
        &format!("{package}@{version}"),
    ]))
}

/// axe-core at [`AXE_VERSION`]; returns its `axe.min.js`.
fn ensure_axe() -> Result<PathBuf> {
    let script = npm_dir().join("node_modules/axe-core/axe.min.js");
    if npm_installed_version("axe-core").as_deref() != Some(AXE_VERSION) || !script.is_file() {
        eprintln!("xtask: installing npm axe-core@{AXE_VERSION}");
        npm_install("axe-core", AXE_VERSION)?;
    }
    if script.is_file() {
        Ok(script)
    } else {
        Err(format!(
            "npm installed axe-core but {} is missing",
            script.display()
        ))
    }
}

/// terser at [`TERSER_VERSION`], in the same `node_modules/.bin` as wasm-opt (on Trunk's PATH).
fn ensure_terser() -> Result<()> {
    let bin = npm_dir().join("node_modules/.bin/terser");
    if npm_installed_version("terser").as_deref() != Some(TERSER_VERSION) || !bin.is_file() {
        eprintln!("xtask: installing npm terser@{TERSER_VERSION}");
        npm_install("terser", TERSER_VERSION)?;
    }
    Ok(())
}

fn ensure_binaryen() -> Result<PathBuf> {
    let dir = npm_dir();
    let bin = dir.join("node_modules/.bin");
    let version = output_of(bin.join("wasm-opt").to_str().unwrap_or(""), &["--version"]);
    let major = BINARYEN_VERSION.split('.').next().unwrap_or_default();
    if version.is_some_and(|v| v.contains(&format!("version {major}"))) {
        return Ok(bin);
    }
    eprintln!("xtask: installing wasm-opt (npm binaryen@{BINARYEN_VERSION})");
    npm_install("binaryen", BINARYEN_VERSION)?;
    Ok(bin)
}

fn ensure_chromium() -> Result<PathBuf> {
    let chromedriver = PathBuf::from("/usr/bin/chromedriver");
    if chromedriver.exists() && Path::new("/usr/bin/chromium").exists() {
        return Ok(chromedriver);
    }
    let is_root = output_of("id", &["-u"]).is_some_and(|u| u.trim() == "0");
    if is_root && Path::new("/etc/debian_version").exists() {
        eprintln!("xtask: installing chromium and chromium-driver from apt");
        run(Command::new("apt-get").args(["update", "-qq"]))?;
        run(Command::new("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y", "-qq", "chromium", "chromium-driver"]))?;
        return Ok(chromedriver);
    }
    Err("install Chromium and its ChromeDriver (Debian: apt-get install chromium chromium-driver) so that /usr/bin/chromium and /usr/bin/chromedriver exist".into())
}
