//! Turns `locales/en.json` and `locales/it.json` into one string table per locale and a key
//! per translation (`$OUT_DIR/i18n.rs`, included by src/i18n.rs): `t_string!(i18n, page.title)`
//! names `keys::page::title`, so a key missing from the files does not compile, and both
//! files must hold exactly the same keys (the build stops and names the ones that differ).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// The locales, in the order of `Locale`'s variants.
const LOCALES: [&str; 2] = ["en", "it"];

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let tables: Vec<BTreeMap<String, String>> = LOCALES
        .iter()
        .map(|locale| {
            let path = dir.join(format!("{locale}.json"));
            println!("cargo::rerun-if-changed={}", path.display());
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let json: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
            let mut flat = BTreeMap::new();
            flatten(&json, "", &mut flat, &path);
            flat
        })
        .collect();
    let (en, it) = (&tables[0], &tables[1]);
    let only = |a: &BTreeMap<String, String>, b: &BTreeMap<String, String>| {
        a.keys()
            .filter(|k| !b.contains_key(*k))
            .cloned()
            .collect::<Vec<_>>()
    };
    let (only_en, only_it) = (only(en, it), only(it, en));
    assert!(
        only_en.is_empty() && only_it.is_empty(),
        "locales/*.json differ: only in en: {only_en:?}; only in it: {only_it:?}"
    );

    // The keys as nested modules of constants: `page.title` → `keys::page::title`.
    let mut tree = Node::default();
    for (index, key) in en.keys().enumerate() {
        let mut node = &mut tree;
        let parts: Vec<&str> = key.split('.').collect();
        for part in &parts[..parts.len() - 1] {
            node = node.children.entry(part.to_string()).or_default();
        }
        node.leaves
            .insert(parts[parts.len() - 1].to_string(), index);
    }
    let mut out = String::new();
    out.push_str("/// Every translation's key.\n#[allow(non_upper_case_globals, dead_code)]\npub mod keys {\n");
    write_node(&tree, &mut out, 1);
    out.push_str("}\n\n");
    for (locale, table) in LOCALES.iter().zip(&tables) {
        let _ = writeln!(
            out,
            "/// The `{locale}` texts, by key.\nstatic {}: [&str; {}] = [",
            locale.to_uppercase(),
            table.len()
        );
        for value in table.values() {
            let _ = writeln!(out, "    {value:?},");
        }
        out.push_str("];\n\n");
    }
    let out_path = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("i18n.rs");
    std::fs::write(&out_path, out).expect("write i18n.rs");
}

#[derive(Default)]
struct Node {
    children: BTreeMap<String, Node>,
    leaves: BTreeMap<String, usize>,
}

fn write_node(node: &Node, out: &mut String, depth: usize) {
    let pad = "    ".repeat(depth);
    let _ = writeln!(out, "{pad}#[allow(unused_imports)]\n{pad}use super::Key;");
    for (name, index) in &node.leaves {
        let _ = writeln!(out, "{pad}pub const {name}: Key = Key({index});");
    }
    for (name, child) in &node.children {
        let _ = writeln!(out, "{pad}pub mod {name} {{");
        write_node(child, out, depth + 1);
        let _ = writeln!(out, "{pad}}}");
    }
}

/// `{"a": {"b": "text"}}` → `a.b` = "text"; anything but objects and strings stops the build.
fn flatten(
    value: &serde_json::Value,
    prefix: &str,
    out: &mut BTreeMap<String, String>,
    path: &Path,
) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                let name = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(value, &name, out, path);
            }
        }
        serde_json::Value::String(text) => {
            out.insert(prefix.to_string(), text.clone());
        }
        other => panic!("{}: `{prefix}` is {other}, not a text", path.display()),
    }
}
