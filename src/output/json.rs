//! `summary.json` (headline indicators at milestone years) and `manifest.json` (what produced the run).
//!
//! `summary.json` keys: `scenario`, `title_zh`, `milestones` (an object per year — 2025, 2030, 2035
//! and the horizon, where inside the run — mapping `variable` or `variable[category]` to its value),
//! `coordination_grade` (grade name per milestone, Chinese and English), `annual` (calendar-year
//! statistics: `variable` → `year` → value).
//!
//! `manifest.json` keys: `talentloop_version`, `git_commit`, `scenario_file`, `scenario_sha256`,
//! `time`, `solver` (settings and [`SolverStats`](crate::solver::SolverStats)), `parameters` (every
//! resolved parameter with value, unit, source, note), `wall_seconds`.

use serde_json::{json, Map, Value};

use super::register;
use super::HEADLINES;
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
    if !years.iter().any(|&y| (y - scenario.time.end).abs() < 1e-9) {
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

fn to_bytes(value: &Value, what: &str) -> Result<Vec<u8>, Error> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| Error::Serialise {
        what: what.into(),
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn finite(v: f64) -> Value {
    if v.is_finite() {
        json!(v)
    } else {
        Value::Null
    }
}

/// `summary.json` bytes.
pub fn summary(scenario: &Scenario, result: &RunResult) -> Result<Vec<u8>, Error> {
    let mut milestones_obj = Map::new();
    let mut grades = Map::new();
    let d_col = result.column("coordination_degree", "", None);
    for year in milestones(scenario) {
        let mut values = Map::new();
        for (variable, category, _) in HEADLINES {
            if let Some(c) = result.column(variable, category, None) {
                values.insert(key(variable, category), finite(result.at(c, year)));
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
                values.insert(extra.to_string(), finite(result.at(c, year)));
            }
        }
        let label = format!("{year}");
        if let Some(c) = d_col {
            let (zh, en) = COORDINATION_GRADES[grade_index(result.at(c, year))];
            grades.insert(label.clone(), json!({ "zh": zh, "en": en }));
        }
        milestones_obj.insert(label, Value::Object(values));
    }
    let mut annual = Map::new();
    for a in &result.annual {
        let entry = annual
            .entry(a.variable.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = entry {
            m.insert(a.year.to_string(), finite(a.value));
        }
    }
    let value = json!({
        "scenario": scenario.name,
        "title_zh": scenario.title_zh,
        "milestones": milestones_obj,
        "coordination_grade": grades,
        "annual": annual,
    });
    to_bytes(&value, "summary.json")
}

/// `manifest.json` bytes.
pub fn manifest(
    scenario: &Scenario,
    result: &RunResult,
    provenance: &RunProvenance,
) -> Result<Vec<u8>, Error> {
    let parameters: Vec<Value> = register::rows(scenario)
        .into_iter()
        .map(|r| {
            json!({
                "key": r.key, "symbol": r.symbol, "value": r.value, "unit": r.unit,
                "source": r.source.as_str(), "note": r.note, "from": r.origin,
            })
        })
        .collect();
    let value = json!({
        "talentloop_version": provenance.version,
        "git_commit": provenance.git_commit,
        "command_line": provenance.command_line,
        "scenario_name": scenario.name,
        "title_zh": scenario.title_zh,
        "description": scenario.description,
        "scenario_file": scenario.file.display().to_string(),
        "scenario_sha256": scenario.sha256,
        "layers": scenario.layers.iter().map(|l| json!({
            "file": l.file.display().to_string(), "sha256": l.sha256,
        })).collect::<Vec<_>>(),
        "overrides": scenario.overrides,
        "time": {
            "start": scenario.time.start,
            "end": scenario.time.end,
            "report_step": scenario.time.report_step,
        },
        "solver": {
            "method": scenario.solver.method.as_str(),
            "rtol": scenario.solver.rtol,
            "atol": scenario.solver.atol,
            "rk4_step": scenario.solver.rk4_step,
            "breakpoints": scenario.breakpoints(),
            "stats": result.stats(),
        },
        "parameters": parameters,
        "wall_seconds": provenance.wall_seconds,
    });
    to_bytes(&value, "manifest.json")
}
