//! The page's wasm step, run by Trunk (Trunk.toml `pre_build` hook: `cargo xtask wasm`)
//! into its staging directory: cargo → wasm-split (release) → wasm-bindgen → wasm-opt
//! (release) → content-hashed names.
//!
//! Trunk cannot split a wasm (the split must run between the link and wasm-bindgen), so this
//! step replaces its `rel="rust"` pipeline. A release build puts the code reachable only
//! from split points (`#[wasm_split]` functions, feature `split`: the dialogs) in chunks
//! that the page loads when it first needs them; the first download holds the rest.
//!
//! Output names (H = a hash of every wasm written, so any change renames them all):
//! - `billing-upgrade-H.js`, `billing-upgrade-H_bg.wasm`: wasm-bindgen's glue and the main
//!   module (what the loader, `public/billing-upgrade.js`, imports and instantiates);
//! - release only: `billing-upgrade-H-lazy-NAME.wasm` per chunk ([`LAZY_MARK`]), which
//!   wasm-split's chunk loader, put inside the glue, fetches when the page first needs it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, run, target_dir, Result};

/// What a lazily loaded chunk's file name holds (the size gate counts these apart).
pub const LAZY_MARK: &str = "-lazy-";
/// The page's crate and binary.
const NAME: &str = "billing-upgrade";
/// wasm-split's name for the module the main wasm imports the chunk loaders from; the
/// glue imports it under this specifier, renamed below.
const SPLIT_LINK: &str = "./__wasm_split.js";
/// How wasm-split begins a chunk's file name (`split_dialogs.wasm` for the `dialogs` chunk).
const CHUNK_PREFIX: &str = "split_";
/// The wasm features rustc 1.95 emits for wasm32-unknown-unknown (wasm-opt must accept
/// them; Trunk passed the same for `data-wasm-opt`).
pub const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// `cargo xtask wasm`: builds the page's wasm into `$TRUNK_STAGING_DIR` for
/// `$TRUNK_PROFILE` (`release`: profile `wasm-release`, split, `wasm-opt -Oz`; otherwise
/// the dev profile as one module).
pub fn build_into_staging() -> Result<()> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .ok_or("cargo xtask wasm runs as Trunk's pre_build hook (no TRUNK_STAGING_DIR)")?;
    let release = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    build(&staging, release)
}

fn build(out: &Path, release: bool) -> Result<()> {
    let profile = if release { "wasm-release" } else { "debug" };
    let mut cmd = cargo();
    cmd.args(["rustc", "--quiet", "-p", NAME, "--bin", NAME])
        .args(["--target", "wasm32-unknown-unknown"]);
    if release {
        // wasm-split reads the linker's relocations: kept for this link only (flags after
        // `--` reach the binary's own compilation, not its dependencies', which stay shared
        // with every other wasm build of the profile).
        cmd.args(["--profile", "wasm-release", "--features", "split"])
            .args(["--", "-Clink-args=--emit-relocs"]);
    }
    run(&mut cmd)?;
    let linked = target_dir()
        .join("wasm32-unknown-unknown")
        .join(profile)
        .join(format!("{NAME}.wasm"));

    let bindgen_dir = bindgen_dir(release);
    reset_dir(&bindgen_dir)?;
    let split_dir = split_dir();
    reset_dir(&split_dir)?;

    let (main_wasm, chunks) = if release {
        split(&linked, &split_dir)?
    } else {
        (linked, Vec::new())
    };
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen
        .args(["--target", "web", "--no-typescript", "--out-name", NAME])
        .arg("--out-dir")
        .arg(&bindgen_dir);
    if release {
        // The chunks link against the main module's table, memory and stack pointer.
        bindgen.arg("--keep-lld-exports");
    }
    run(bindgen.arg(&main_wasm))?;
    // wasm-bindgen's JS snippets (none today) would need copying too: refuse quietly
    // dropping them.
    if bindgen_dir.join("snippets").exists() {
        return Err("wasm-bindgen wrote snippets/: copy them in xtask/src/wasm.rs".into());
    }

    let main = optimised(
        &bindgen_dir.join(format!("{NAME}_bg.wasm")),
        release,
        &split_dir,
    )?;
    let mut lazy: Vec<(String, Vec<u8>)> = Vec::new();
    for (chunk, path) in &chunks {
        lazy.push((chunk.clone(), optimised(path, release, &split_dir)?));
    }
    let hash = lazy
        .iter()
        .fold(fnv1a(FNV_OFFSET, &main), |h, (_, bytes)| fnv1a(h, bytes));
    let stem = format!("{NAME}-{hash:016x}");
    // A chunk's served name, as the chunk loader asks for it and as it is written.
    let served = |chunk: &str| format!("{stem}{LAZY_MARK}{}.wasm", short(chunk));

    let mut glue = read_text(&bindgen_dir.join(format!("{NAME}.js")))?;
    if !chunks.is_empty() {
        let mut loader = read_text(&split_dir.join(SPLIT_LINK))?;
        for (chunk, _) in &chunks {
            loader = replace_once(
                &loader,
                &quoted(&format!("./{chunk}.wasm")),
                &quoted(&format!("./{}", served(chunk))),
            )?;
        }
        glue = with_chunk_loader(&glue, &loader)?;
    }
    crate::size::write(&out.join(format!("{stem}.js")), glue.as_bytes())?;
    crate::size::write(&out.join(format!("{stem}_bg.wasm")), &main)?;
    for (chunk, bytes) in &lazy {
        crate::size::write(&out.join(served(chunk)), bytes)?;
    }
    Ok(())
}

/// The glue with wasm-split's chunk loader (`__wasm_split.js`, which the glue imports and
/// which imports the glue's `initSync`) inside it: one module for the browser to fetch and
/// compile before the wasm starts, not two (while the page loads, its requests wait behind
/// each other). The loader's top-level names must be new to the glue.
fn with_chunk_loader(glue: &str, loader: &str) -> Result<String> {
    let from = format!(" from {}", quoted(SPLIT_LINK));
    let import = glue
        .lines()
        .find(|line| {
            line.starts_with("import * as ") && line.trim_end_matches(';').ends_with(&from)
        })
        .ok_or_else(|| format!("the glue does not import {SPLIT_LINK} as a namespace"))?;
    let binding = &import["import * as ".len()..import.trim_end_matches(';').len() - from.len()];
    let glue = replace_once(glue, &format!("{import}\n"), "")?;
    let loader = replace_once(
        loader,
        &format!(
            "import {{ initSync }} from {};\n",
            quoted(&format!("./{NAME}.js"))
        ),
        "",
    )?;
    let declared = |line: &str| {
        [
            "export const ",
            "const ",
            "let ",
            "var ",
            "function ",
            "async function ",
        ]
        .iter()
        .find_map(|keyword| line.strip_prefix(keyword))
        .and_then(|rest| {
            rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
        })
        .filter(|name| !name.is_empty())
        .map(str::to_string)
    };
    let names: Vec<String> = loader.lines().filter_map(declared).collect();
    let glue_names: Vec<String> = glue.lines().filter_map(declared).collect();
    if let Some(clash) = names
        .iter()
        .find(|name| glue_names.contains(name) || *name == binding)
    {
        return Err(format!("the chunk loader's {clash} is also the glue's"));
    }
    let exports: Vec<String> = loader
        .lines()
        .filter(|line| line.starts_with("export const "))
        .filter_map(declared)
        .collect();
    if exports.is_empty() {
        return Err(format!("{SPLIT_LINK} exports no chunk loader"));
    }
    Ok(format!(
        "{glue}\n// wasm-split's chunk loader, inlined (xtask/src/wasm.rs).\n{}\nconst {binding} = {{ {} }};\n",
        loader.replace("export const ", "const "),
        exports.join(", ")
    ))
}

/// Where wasm-bindgen's output of the page (its main module, names kept) stays: the bench's
/// breakdown reads it there.
pub fn bindgen_dir(release: bool) -> PathBuf {
    target_dir()
        .join("wasm-bindgen")
        .join(NAME)
        .join(if release { "release" } else { "debug" })
}

/// Where the release build leaves wasm-split's output: the main module and each chunk
/// (`split_NAME.wasm`, names kept, before wasm-opt).
pub fn split_dir() -> PathBuf {
    target_dir().join("wasm-split")
}

/// The chunks of the last release build, by name (`dialogs`), as wasm-split wrote them.
pub fn split_chunks() -> Result<Vec<(String, PathBuf)>> {
    let dir = split_dir();
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut chunks: Vec<(String, PathBuf)> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "wasm"))
        .filter_map(|path| {
            let stem = path.file_stem()?.to_str()?;
            let name = stem.strip_prefix(CHUNK_PREFIX)?.to_string();
            Some((name, path))
        })
        .collect();
    chunks.sort();
    Ok(chunks)
}

/// Splits `linked` at its split points into `dir`: the main module (for wasm-bindgen) and
/// each chunk by name (`split_NAME` as wasm-split calls it).
fn split(linked: &Path, dir: &Path) -> Result<(PathBuf, Vec<(String, PathBuf)>)> {
    let input = std::fs::read(linked).map_err(|e| format!("{}: {e}", linked.display()))?;
    let main = dir.join(format!("{NAME}.wasm"));
    let main_module = format!("./{NAME}.js");
    let mut opts = wasm_split_cli_support::Options::new(&input);
    opts.output_dir = dir;
    opts.main_out_path = &main;
    opts.link_name = SPLIT_LINK;
    opts.main_module = &main_module;
    let split = wasm_split_cli_support::transform(opts)
        .map_err(|e| format!("wasm-split {}: {e:#}", linked.display()))?;
    let mut chunks: Vec<(String, PathBuf)> = split
        .split_modules
        .into_iter()
        .filter_map(|path| {
            let name = path.file_stem()?.to_str()?.to_string();
            Some((name, path))
        })
        .collect();
    chunks.sort();
    Ok((main, chunks))
}

/// `wasm-opt -Oz` of `wasm` (release), or its bytes as they are (dev).
fn optimised(wasm: &Path, release: bool, scratch: &Path) -> Result<Vec<u8>> {
    let source = if release {
        let out = scratch.join("opt.wasm");
        run(Command::new("wasm-opt")
            .args(WASM_FEATURES)
            .arg("-Oz")
            .arg(wasm)
            .arg("-o")
            .arg(&out))?;
        out
    } else {
        wasm.to_path_buf()
    };
    std::fs::read(&source).map_err(|e| format!("{}: {e}", source.display()))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a: the same bytes always give the same name.
fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A chunk's name without wasm-split's `split_` prefix (`split_dialogs` → `dialogs`).
fn short(chunk: &str) -> &str {
    chunk.strip_prefix(CHUNK_PREFIX).unwrap_or(chunk)
}

fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

/// `text` with `from` replaced, which must occur exactly once (a renamed file that is
/// not found, or found twice, is a build error rather than a page that 404s).
fn replace_once(text: &str, from: &str, to: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => Err(format!(
            "expected {from} once in the generated JS, found it {n} times"
        )),
    }
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn reset_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_renamed_file_must_be_named_exactly_once() {
        assert_eq!(
            replace_once(r#"import "./a.js";"#, "\"./a.js\"", "\"./b.js\"").unwrap(),
            r#"import "./b.js";"#
        );
        assert!(replace_once("nothing", "\"./a.js\"", "\"./b.js\"").is_err());
        assert!(replace_once(r#""./a.js" "./a.js""#, "\"./a.js\"", "\"./b.js\"").is_err());
    }

    #[test]
    fn the_hash_changes_with_any_byte() {
        assert_ne!(fnv1a(FNV_OFFSET, b"abc"), fnv1a(FNV_OFFSET, b"abd"));
        assert_eq!(fnv1a(FNV_OFFSET, b"abc"), fnv1a(FNV_OFFSET, b"abc"));
    }

    const GLUE: &str = "import * as import1 from \"./__wasm_split.js\"\n\
        let wasm;\n\
        function initSync(module) { return wasm; }\n\
        function __wbg_get_imports() {\n    return { \"./__wasm_split.js\": import1 };\n}\n";

    const LOADER: &str = "import { initSync } from \"./billing-upgrade.js\";\n\
        let sharedImports = undefined;\n\
        function makeLoad(fetcher) {\n    const inner = fetcher;\n    return inner;\n}\n\
        export const __wasm_split_load_dialogs = makeLoad(() => initSync(undefined));\n";

    #[test]
    fn the_chunk_loader_goes_inside_the_glue_which_no_longer_imports_it() {
        let glue = with_chunk_loader(GLUE, LOADER).unwrap();
        assert!(!glue.contains("import "), "{glue}");
        assert!(!glue.contains("export "), "{glue}");
        // The glue's own code is kept, the loader follows it, and the namespace the wasm's
        // imports name is an object of the loader's exports.
        assert!(
            glue.starts_with("let wasm;\nfunction initSync(module)"),
            "{glue}"
        );
        assert!(
            glue.contains("const __wasm_split_load_dialogs = makeLoad(() => initSync(undefined));")
        );
        assert!(
            glue.ends_with("const import1 = { __wasm_split_load_dialogs };\n"),
            "{glue}"
        );
    }

    #[test]
    fn a_chunk_loader_name_the_glue_already_has_is_a_build_error() {
        let clash = LOADER.replace("let sharedImports", "let wasm");
        assert_eq!(
            with_chunk_loader(GLUE, &clash).unwrap_err(),
            "the chunk loader's wasm is also the glue's"
        );
        let no_import = GLUE.replace("import * as import1 from \"./__wasm_split.js\"\n", "");
        assert!(with_chunk_loader(&no_import, LOADER).is_err());
    }
}
