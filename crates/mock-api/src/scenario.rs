//! Scenario files: `scenarios/<name>.json` hold an account, a viewer and a clock, and name a
//! catalog in `scenarios/catalogs/<name>.json` (or carry one inline).

use std::path::{Path, PathBuf};

use api_types::Viewer;
use chrono::{DateTime, Utc};
use pricing::{Account, Catalog};
use serde::Deserialize;

use crate::state::MockState;

#[derive(Deserialize)]
#[serde(untagged)]
enum CatalogRef {
    Named(String),
    Inline(Box<Catalog>),
}

#[derive(Deserialize)]
struct ScenarioFile {
    catalog: CatalogRef,
    account: Account,
    viewer: Viewer,
    now: DateTime<Utc>,
}

/// Where the scenario files live (`BU_SCENARIOS_DIR` overrides the crate's own folder).
pub fn scenarios_dir() -> PathBuf {
    std::env::var_os("BU_SCENARIOS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"))
}

/// Loads and validates the scenario `name`.
pub fn load_scenario(name: &str) -> Result<MockState, String> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(format!("invalid scenario name {name:?}"));
    }
    let dir = scenarios_dir();
    let file: ScenarioFile = read_json(&dir.join(format!("{name}.json")))?;
    let catalog = match file.catalog {
        CatalogRef::Inline(c) => *c,
        CatalogRef::Named(n) => read_json(&dir.join("catalogs").join(format!("{n}.json")))?,
    };
    catalog
        .validate()
        .map_err(|e| format!("scenario {name}: invalid catalog: {e}"))?;
    Ok(MockState {
        catalog,
        account: file.account,
        viewer: file.viewer,
        now: file.now,
    })
}

/// Names of every scenario file, sorted (`pro-monthly`, `trial`, …).
pub fn scenario_names() -> Result<Vec<String>, String> {
    let dir = scenarios_dir();
    let entries =
        std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            name.strip_suffix(".json").map(str::to_string)
        })
        .collect();
    names.sort();
    Ok(names)
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}
