//! `cargo xtask bench`'s size figures: what each asset weighs (raw, gzip -9, brotli) and
//! where the wasm's bytes go, per part (twiggy on a wasm that keeps its names).

use std::io::Write;
use std::path::Path;
use std::process::Command;

use crate::Result;

/// The issue's budget for the page's first download (wasm + JS glue + loader + CSS), gzip -9.
pub const BUDGET_GZIP: u64 = 250_000;

/// What `cargo xtask test` holds the first download under: the last measured total plus
/// about 1 %, lowered with each cut so that nothing grows back (issue 14).
pub const CEILING_GZIP: u64 = 230_000;

/// What it holds everything under, the chunks loaded on demand (the dialogs) included:
/// splitting moves bytes out of the first download; this keeps them from growing there.
pub const CEILING_ALL_GZIP: u64 = 357_500;

/// The page built in `dist` against [`CEILING_GZIP`] (first download: every asset but
/// the lazily loaded chunks) and [`CEILING_ALL_GZIP`]: the line to print, or why it fails.
pub fn gate(dist: &Path) -> Result<String> {
    gate_at(dist, CEILING_GZIP, CEILING_ALL_GZIP)
}

/// Whether an asset is a chunk loaded on demand rather than with the page.
pub fn is_lazy(asset: &Asset) -> bool {
    asset.name.contains(crate::wasm::LAZY_MARK)
}

/// The total of what the page downloads when it loads (every asset but the chunks).
pub fn first_download(assets: &[Asset]) -> Asset {
    let first: Vec<Asset> = assets.iter().filter(|a| !is_lazy(a)).cloned().collect();
    total(&first)
}

fn gate_at(dist: &Path, first_limit: u64, all_limit: u64) -> Result<String> {
    let assets = assets(dist)?;
    let all = total(&assets);
    let first = first_download(&assets);
    let line = format!(
        "page: first download {} KB gzip -9 (wasm + JS + CSS; limit {} KB, budget {} KB); \
         with the chunks loaded on demand {} KB (limit {} KB)",
        kb(first.gzip),
        kb(first_limit),
        kb(BUDGET_GZIP),
        kb(all.gzip),
        kb(all_limit),
    );
    if first.gzip > first_limit || all.gzip > all_limit {
        Err(format!(
            "{line}: the page grew past its limit. Cut it, or (with the reason in the \
             commit) raise CEILING_GZIP or CEILING_ALL_GZIP in xtask/src/size.rs"
        ))
    } else {
        Ok(line)
    }
}

/// `bytes` in KB (1000 bytes) with one decimal, as every size table prints them.
pub fn kb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1000.0)
}

/// The parts the table shows, in order; [`part_of`] returns one of these.
pub const PARTS: [&str; 13] = [
    "app's own code",
    "leptos/reactive_graph/tachys",
    "pricing",
    "api-types",
    "serde + serde_json",
    "rust_decimal",
    "chrono",
    "i18n (src/i18n.rs, locale libraries)",
    "wasm-bindgen/js-sys/web-sys",
    "core/alloc/std",
    "data (strings, statics)",
    "wasm structure (types, imports, exports, tables)",
    "other",
];

/// One served file: its name and raw / gzip -9 / brotli (quality 11) sizes in bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct Asset {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// The files of a Trunk `dist/` that a host downloads (wasm, JS, CSS), by name.
pub fn assets(dist: &Path) -> Result<Vec<Asset>> {
    let mut out = Vec::new();
    collect(dist, dist, &mut out)?;
    out.sort_by(|a, b| b.raw.cmp(&a.raw).then(a.name.cmp(&b.name)));
    Ok(out)
}

fn collect(base: &Path, dir: &Path, out: &mut Vec<Asset>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(base, &path, out)?;
            continue;
        }
        let name = path
            .strip_prefix(base)
            .unwrap_or(&path)
            .display()
            .to_string();
        if [".wasm", ".js", ".css"].iter().any(|e| name.ends_with(e)) {
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            out.push(Asset {
                name,
                raw: bytes.len() as u64,
                gzip: crate::gzip_len(&bytes),
                brotli: brotli_len(&bytes),
            });
        }
    }
    Ok(())
}

/// Brotli at the quality servers precompress with (11, window 22).
pub fn brotli_len(bytes: &[u8]) -> u64 {
    brotli_bytes(bytes).len() as u64
}

fn brotli_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("writing to memory");
    out
}

/// Copies a `dist/` to `to` as a server that precompresses would hold it: each text or
/// wasm file with a `.br` (quality 11) and a `.gz` (-9) beside it (the mock API serves
/// those to a browser that accepts them). The benchmark's slow-network runs read this copy.
pub fn precompressed_copy(dist: &Path, to: &Path) -> Result<()> {
    let _ = std::fs::remove_dir_all(to);
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            precompressed_copy(&path, &target)?;
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        write(&target, &bytes)?;
        let name = target.display().to_string();
        if [".wasm", ".js", ".css", ".html", ".svg"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            gz.write_all(&bytes).map_err(|e| e.to_string())?;
            write(
                Path::new(&format!("{name}.gz")),
                &gz.finish().map_err(|e| e.to_string())?,
            )?;
            write(Path::new(&format!("{name}.br")), &brotli_bytes(&bytes))?;
        }
    }
    Ok(())
}

/// The sum of the assets' raw, gzip and brotli sizes.
pub fn total(assets: &[Asset]) -> Asset {
    assets.iter().fold(
        Asset {
            name: "total".into(),
            raw: 0,
            gzip: 0,
            brotli: 0,
        },
        |t, a| Asset {
            raw: t.raw + a.raw,
            gzip: t.gzip + a.gzip,
            brotli: t.brotli + a.brotli,
            ..t
        },
    )
}

/// Runs `wasm-opt -Oz -g` (Trunk's flags for `data-wasm-opt="z"`, keeping the names), with
/// `features` enabled, on wasm-bindgen's output of a page or on wasm-split's output of a
/// chunk, so the per-part bytes are those of the optimised wasm.
pub fn optimise_keeping_names(
    wasm_opt: &Path,
    input: &Path,
    output: &Path,
    features: &[&str],
) -> Result<()> {
    crate::run(
        Command::new(wasm_opt)
            .args(features)
            .arg(format!("--output={}", output.display()))
            .arg("-Oz")
            .arg(input)
            .arg("-g"),
    )
}

/// One twiggy item: its (demangled) name and shallow size.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub name: String,
    pub size: u64,
}

/// Every item of `wasm` with its shallow size (`twiggy top --format json`).
pub fn twiggy_items(twiggy: &Path, wasm: &Path) -> Result<Vec<Item>> {
    let out = Command::new(twiggy)
        .args(["top", "-n", "100000000", "--format", "json"])
        .arg(wasm)
        .output()
        .map_err(|e| format!("cannot start {}: {e}", twiggy.display()))?;
    if !out.status.success() {
        return Err(format!(
            "twiggy top {} failed: {}",
            wasm.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("twiggy's JSON for {}: {e}", wasm.display()))?;
    let items = json
        .as_array()
        .ok_or("twiggy top printed no JSON array")?
        .iter()
        .filter_map(|i| {
            Some(Item {
                name: i["name"].as_str()?.to_string(),
                size: i["shallow_size"].as_u64()?,
            })
        })
        .collect();
    Ok(items)
}

/// Whether the item is a custom section that the served wasm does not carry (the names
/// section's subsections, producers, target features: wasm-opt drops them without `-g`).
pub fn is_dropped_section(name: &str) -> bool {
    name.ends_with("\" subsection")
        || name.ends_with("\" custom section")
        || name == "custom section 'name' headers"
}

/// The part an item belongs to, by its demangled path (see [`PARTS`]). Serde's trait
/// impls count as serde wherever they live (derives in pricing/api-types, rust_decimal's
/// and chrono's visitors): that part is what (de)serialising JSON costs.
pub fn part_of(name: &str) -> &'static str {
    let name = &strip_disambiguators(name);
    if name.starts_with("data[") || name.starts_with("data segment") {
        return PARTS[10];
    }
    if name.starts_with("type[")
        || name.starts_with("import ")
        || name.starts_with("export ")
        || name.starts_with("elem[")
        || name.starts_with("table[")
        || name.starts_with("memory[")
        || name.starts_with("global[")
        || name.starts_with("start")
        || name.starts_with("custom section")
        || name.ends_with("section headers")
        || name == "wasm magic bytes"
    {
        return PARTS[11];
    }
    // Glue wasm-bindgen generates: `__wbg_…` imports, `__wbindgen_…` helpers, externref
    // shims of exports, the externref table, js-sys' stream adapters.
    if name.starts_with("__wbg")
        || name.starts_with("__wbindgen")
        || name.starts_with("__externref")
        || name.ends_with(" externref shim")
        || name.starts_with("intounderlying")
    {
        return PARTS[8];
    }
    if name == "main" {
        return PARTS[0];
    }
    if is_serde_impl(name) {
        return PARTS[4];
    }
    crate_part(&subject(name))
}

/// `core[c5930c85a12de822]::fmt` → `core::fmt` (v0 mangling's crate disambiguators).
fn strip_disambiguators(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(i) = rest.find('[') {
        let (head, tail) = rest.split_at(i);
        out.push_str(head);
        let close = tail.find(']').unwrap_or(0);
        let inner = &tail[1..close.max(1)];
        if close > 1 && inner.len() == 16 && inner.bytes().all(|b| b.is_ascii_hexdigit()) {
            rest = &tail[close + 1..];
        } else {
            out.push('[');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// A serde (de)serialisation impl: `<impl serde_core::… for T>`, `<T as serde_core::…>`.
fn is_serde_impl(name: &str) -> bool {
    ["<impl serde", " as serde_core::", " as serde::"]
        .iter()
        .any(|p| name.contains(p))
}

/// The path whose crate an item is charged to: drop glue to the dropped type; a trait impl
/// `<T as Trait>::f` to `T`, unless `T` is a std or generic type and the trait is another
/// crate's (`<String as tachys::Render>`, `<T as IntoAny>` are tachys' code).
fn subject(name: &str) -> String {
    let mut s = name.trim_start_matches('&').trim();
    if let Some(inner) = s.strip_prefix("core::ptr::drop_in_place<") {
        s = inner;
    }
    let s = trim_type_prefix(s);
    if let Some((ty, rest)) = split_as(s) {
        let tr = trim_type_prefix(rest);
        let tr_crate = crate_part(tr);
        let ty_crate = crate_part(ty);
        let generic = !ty.contains("::");
        if generic || (ty_crate == PARTS[9] && tr_crate != PARTS[12]) {
            return tr.to_string();
        }
        return ty.to_string();
    }
    s.to_string()
}

fn trim_type_prefix(s: &str) -> &str {
    let mut s = s;
    loop {
        let t = s
            .trim_start_matches(['<', '&', '*', '(', '[', ' '])
            .trim_start_matches("mut ")
            .trim_start_matches("const ")
            .trim_start_matches("dyn ");
        if t == s {
            return s;
        }
        s = t;
    }
}

/// Splits `T as Trait>::f` at the ` as ` of the outermost angle bracket.
fn split_as(s: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    let bytes = s.as_bytes();
    for i in 0..bytes.len() {
        match bytes[i] {
            b'<' => depth += 1,
            b'>' => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            b' ' if depth == 0 && s[i..].starts_with(" as ") => {
                return Some((&s[..i], &s[i + 4..]));
            }
            _ => {}
        }
    }
    None
}

/// The part of a path by its leading crate name (primitives such as `str>::`, `u64` are
/// core's).
fn crate_part(path: &str) -> &'static str {
    let krate = trim_type_prefix(path)
        .split("::")
        .next()
        .unwrap_or("")
        .trim_end_matches(['>', ']'])
        .trim();
    if path.starts_with("billing_upgrade::i18n") {
        return PARTS[7];
    }
    match krate {
        // The page's, and the blank reference's own crate.
        "billing_upgrade" | "blank_leptos" => PARTS[0],
        "leptos"
        | "leptos_dom"
        | "leptos_macro"
        | "leptos_config"
        | "leptos_server"
        | "reactive_graph"
        | "reactive_stores"
        | "tachys"
        | "any_spawner"
        | "throw_error"
        | "server_fn"
        | "hydration_context"
        | "or_poisoned"
        | "either_of"
        | "next_tuple"
        | "oco_ref"
        | "slotmap"
        | "guardian"
        | "const_str_slice_concat"
        | "async_lock"
        | "event_listener"
        | "event_listener_strategy"
        | "leptos_meta" => PARTS[1],
        "pricing" => PARTS[2],
        "api_types" => PARTS[3],
        "serde" | "serde_json" | "serde_core" | "itoa" | "ryu" | "zmij" => PARTS[4],
        "rust_decimal" | "arrayvec" => PARTS[5],
        "chrono" => PARTS[6],
        "leptos_i18n" | "leptos_i18n_macro" | "leptos_use" | "icu_locale_core" | "icu_locid"
        | "icu_plurals" | "icu_provider" | "fixed_decimal" | "writeable" | "tinystr"
        | "zerovec" | "yoke" | "litemap" | "indexmap" => PARTS[7],
        "wasm_bindgen" | "js_sys" | "web_sys" | "wasm_bindgen_futures" => PARTS[8],
        "core" | "alloc" | "std" | "dlmalloc" | "hashbrown" | "compiler_builtins" | "__multi3"
        | "rustc_demangle" | "std_detect" | "panic_abort" | "memchr" | "memcpy" | "memmove"
        | "memset" | "memcmp" | "str" | "char" | "bool" | "u8" | "u16" | "u32" | "u64" | "u128"
        | "usize" | "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "f32" | "f64" | ")" | "" => {
            PARTS[9]
        }
        _ if krate.starts_with("__rust") || krate.starts_with("__rdl") => PARTS[9],
        _ => PARTS[12],
    }
}

/// Bytes per part (in [`PARTS`] order) and the crates behind "other", largest first.
pub struct Breakdown {
    pub parts: Vec<(&'static str, u64)>,
    pub total: u64,
    pub other_crates: Vec<(String, u64)>,
}

pub fn breakdown(items: &[Item]) -> Breakdown {
    let mut parts: Vec<(&'static str, u64)> = PARTS.iter().map(|p| (*p, 0)).collect();
    let mut other = std::collections::BTreeMap::<String, u64>::new();
    let mut total = 0;
    for item in items.iter().filter(|i| !is_dropped_section(&i.name)) {
        let part = part_of(&item.name);
        if let Some(slot) = parts.iter_mut().find(|(p, _)| *p == part) {
            slot.1 += item.size;
        }
        if part == PARTS[12] {
            let subject = subject(&strip_disambiguators(&item.name));
            let krate = if subject.starts_with("code[") {
                "code[…] (no name)".to_string()
            } else {
                subject.split("::").next().unwrap_or("").to_string()
            };
            *other.entry(krate).or_default() += item.size;
        }
        total += item.size;
    }
    let mut other_crates: Vec<(String, u64)> = other.into_iter().collect();
    other_crates.sort_by_key(|c| std::cmp::Reverse(c.1));
    Breakdown {
        parts,
        total,
        other_crates,
    }
}

/// Percentage of `part` in `total`, one decimal.
pub fn percent(part: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / total as f64).round() / 10.0
    }
}

/// Writes `bytes` to `path`, creating its directory.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::File::create(path)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_map_to_their_crate() {
        let cases = [
            ("billing_upgrade::app::load::{{closure}}", PARTS[0]),
            ("tachys::view::add_attr::AddAnyAttr::add_any_attr", PARTS[1]),
            ("reactive_graph::effect::Effect::new", PARTS[1]),
            ("pricing::quote::quote", PARTS[2]),
            (
                "pricing::change::_::<impl serde_core::de::Deserialize for pricing::change::Change>::deserialize::h0b6e",
                PARTS[4],
            ),
            (
                "<&mut serde_json::de::Deserializer<R> as serde_core::de::Deserializer>::deserialize_seq",
                PARTS[4],
            ),
            ("<T as tachys::view::any_view::IntoAny>::into_any::rebuild", PARTS[1]),
            ("<core[c5930c85a12de822]::fmt::Formatter>::pad", PARTS[9]),
            ("<str>::to_lowercase", PARTS[9]),
            ("mount externref shim", PARTS[8]),
            ("data segment \".rodata.51\"", PARTS[10]),
            ("serde_json::de::from_str", PARTS[4]),
            ("rust_decimal::ops::mul::mul_impl", PARTS[5]),
            ("chrono::naive::date::NaiveDate::from_ymd_opt", PARTS[6]),
            ("leptos_i18n::locale_traits::Locale::as_str", PARTS[7]),
            (
                "billing_upgrade::i18n::I18n::text",
                PARTS[7],
            ),
            ("__wbg_set_3f1d0b984ed272ed", PARTS[8]),
            ("js_sys::Intl::NumberFormat::new", PARTS[8]),
            ("core::fmt::write", PARTS[9]),
            (
                "<alloc::string::String as core::fmt::Write>::write_str",
                PARTS[9],
            ),
            (
                "<alloc::string::String as tachys::view::Render>::build",
                PARTS[1],
            ),
            ("core::ptr::drop_in_place<leptos::attr::Attr<u8>>", PARTS[1]),
            ("dlmalloc::dlmalloc::Dlmalloc<A>::malloc", PARTS[9]),
            ("data[3]", PARTS[10]),
            ("type[12]", PARTS[11]),
            ("gloo_net::http::Request::send", PARTS[12]),
        ];
        for (name, part) in cases {
            assert_eq!(part_of(name), part, "{name}");
        }
    }

    #[test]
    fn the_name_section_is_not_counted() {
        let items = [
            Item {
                name: "core::fmt::write".into(),
                size: 10,
            },
            Item {
                name: "\"function names\" subsection".into(),
                size: 1000,
            },
            Item {
                name: "data[0]".into(),
                size: 5,
            },
        ];
        let b = breakdown(&items);
        assert_eq!(b.total, 15);
        assert_eq!(b.parts[9].1, 10);
        assert_eq!(b.parts[10].1, 5);
        assert_eq!(percent(5, 15), 33.3);
    }

    #[test]
    fn brotli_and_gzip_shrink_repetitive_text() {
        let text = "bu-".repeat(1000);
        assert!(brotli_len(text.as_bytes()) < 100);
        assert!(brotli_len(text.as_bytes()) > 0);
    }

    #[test]
    fn the_gate_fails_a_page_over_its_limit_and_passes_one_within() {
        let dist = std::env::temp_dir().join(format!("bu-size-gate-{}", std::process::id()));
        std::fs::create_dir_all(&dist).unwrap();
        // 20,000 pseudo-random bytes barely compress: their gzip is over 19,000 bytes.
        let mut x: u32 = 2_463_534_242;
        let noise: Vec<u8> = (0..20_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        std::fs::write(dist.join("page_bg.wasm"), &noise).unwrap();
        std::fs::write(dist.join("page-lazy-dialogs.wasm"), &noise).unwrap();
        std::fs::write(dist.join("notes.txt"), &noise).unwrap(); // not an asset
                                                                 // First download: one noise file (over 19,000 bytes); everything: two (over 38,000).
        let first_over = gate_at(&dist, 19_000, 50_000);
        let all_over = gate_at(&dist, 21_000, 38_000);
        let within = gate_at(&dist, 21_000, 42_000);
        std::fs::remove_dir_all(&dist).unwrap();
        assert!(first_over.unwrap_err().contains("grew past its limit"));
        assert!(all_over.unwrap_err().contains("grew past its limit"));
        let line = within.unwrap();
        assert!(line.contains("limit 21.0 KB"), "{line}");
        assert!(line.contains("limit 42.0 KB"), "{line}");
    }
}
