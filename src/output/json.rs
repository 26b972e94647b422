//! `summary.json` (headline indicators at milestone years) and `manifest.json` (what produced the
//! run).
//!
//! `summary.json` keys: `scenario`, `title_zh`, `milestones` (an object per year — 2025, 2030, 2035
//! and the horizon, where inside the run — mapping `variable` or `variable[category]` to its
//! value),
//! `coordination_grade` (grade name per milestone, Chinese and English), `annual` (calendar-year
//! statistics: `variable` → `year` → value).
//!
//! `manifest.json` is [`RunManifest`] (see [`super::manifest`]).
//! Both files are typed structs, written by `run` and read back by `report DIR`.

use std::path::Path;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use super::headlines;
use super::manifest::{self, RunManifest};
use crate::error::Error;
use crate::model::indicators::{grade_index, COORDINATION_GRADES};
use crate::results::RunResult;
use crate::scenario::Scenario;

/// Facts about the program that produced a run (supplied by the binary).
#[derive(Debug, Clone, Default)]
pub struct RunProvenance {
    /// Program version.
    pub version: String,
    /// Git commit of the build, if known.
    pub git_commit: Option<String>,
    /// Command line, as given.
    pub command_line: Vec<String>,
    /// Total wall time of the run (load, compile, solve), seconds.
    pub wall_seconds: f64,
}

/// Milestone years of the summary that fall inside the run (always including the horizon).
pub fn milestones(scenario: &Scenario) -> Vec<f64> {
    let mut years: Vec<f64> = [2025.0, 2030.0, 2035.0]
        .into_iter()
        .filter(|&y| y >= scenario.time.start && y <= scenario.time.end)
        .collect();
    if !years
        .iter()
        .any(|&y| (y - scenario.time.end).abs() < crate::scenario::TIME_EPSILON)
    {
        years.push(scenario.time.end);
    }
    years
}

fn key(variable: &str, category: &str) -> String {
    if category.is_empty() {
        variable.to_string()
    } else {
        format!("{variable}[{category}]")
    }
}

/// A JSON object as a list of entries, so the keys keep their order (years in time order,
/// indicators in headline order) when written and when read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Ordered<V>(pub Vec<(String, V)>);

impl<V> Default for Ordered<V> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<V> Ordered<V> {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    /// The value of `key`, appended with `V::default()` first if absent.
    fn entry(&mut self, key: String) -> &mut V
    where
        V: Default,
    {
        let k = match self.0.iter().position(|(x, _)| *x == key) {
            Some(k) => k,
            None => {
                self.0.push((key, V::default()));
                self.0.len() - 1
            }
        };
        &mut self.0[k].1
    }
}

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Entries<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        d.deserialize_map(Entries(std::marker::PhantomData))
    }
}

/// A coordination grade in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grade {
    /// Chinese name.
    pub zh: String,
    /// English name.
    pub en: String,
}

/// `summary.json` of a run; non-finite values are `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Scenario name.
    pub scenario: String,
    /// Chinese title.
    pub title_zh: String,
    /// Milestone year → indicator key → value.
    pub milestones: Ordered<Ordered<Option<f64>>>,
    /// Milestone year → coordination grade.
    pub coordination_grade: Ordered<Grade>,
    /// Calendar-year statistic → year → value.
    pub annual: Ordered<Ordered<Option<f64>>>,
}

/// JSON bytes of a written file: pretty, with a final newline.
pub fn to_bytes<T: Serialize>(value: &T, what: &str) -> Result<Vec<u8>, Error> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| Error::Serialise {
        what: what.into(),
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

impl Summary {
    /// The summary of a finished run.
    pub fn new(scenario: &Scenario, result: &RunResult) -> Self {
        let mut summary = Summary {
            scenario: scenario.name.clone(),
            title_zh: scenario.title_zh.clone(),
            milestones: Ordered::default(),
            coordination_grade: Ordered::default(),
            annual: Ordered::default(),
        };
        let d_col = result.column("coordination_degree", "", None);
        for year in milestones(scenario) {
            let label = format!("{year}");
            let values = summary.milestones.entry(label.clone());
            for def in headlines() {
                if let Some(c) = result.column(def.variable, def.category, None) {
                    *values.entry(key(def.variable, def.category)) = finite(result.at(c, year));
                }
            }
            for extra in [
                "enclave_rd_share",
                "landed_capacity_cumulative",
                "coupling_degree",
            ] {
                if let Some(c) = result
                    .column(extra, "", None)
                    .or_else(|| result.column(extra, "H", None))
                {
                    *values.entry(extra.to_string()) = finite(result.at(c, year));
                }
            }
            if let Some(c) = d_col {
                let (zh, en) = COORDINATION_GRADES[grade_index(result.at(c, year))];
                summary.coordination_grade.0.push((
                    label,
                    Grade {
                        zh: zh.to_string(),
                        en: en.to_string(),
                    },
                ));
            }
        }
        for a in &result.annual {
            *summary
                .annual
                .entry(a.variable.to_string())
                .entry(a.year.to_string()) = finite(a.value);
        }
        summary
    }

    /// Reads `dir/summary.json`.
    pub fn read(dir: &Path) -> Result<Self, Error> {
        let path = dir.join("summary.json");
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        serde_json::from_str(&text).map_err(|e| Error::BadOutput {
            path,
            message: format!(
                "damaged or from another talentloop version ({e}); rerun `talentloop run`"
            ),
        })
    }
}

/// `summary.json` bytes.
pub fn summary(scenario: &Scenario, result: &RunResult) -> Result<Vec<u8>, Error> {
    to_bytes(&Summary::new(scenario, result), "summary.json")
}

/// `manifest.json` bytes of a run (see [`RunManifest`]).
pub fn manifest(
    scenario: &Scenario,
    result: &RunResult,
    provenance: &RunProvenance,
) -> Result<Vec<u8>, Error> {
    to_bytes(
        &RunManifest::new(scenario, result, provenance),
        manifest::MANIFEST,
    )
}
