//! The manifests of run and comparison directories as typed structs: `run` and `compare` write
//! them, `plot DIR` and `report DIR` read them back, so writer and reader share one definition.
//!
//! A run's `manifest.json` ([`RunManifest`]) says what produced the run: version, commit, command
//! line, scenario name, file, hash and layers, `--set` overrides, time settings, milestone years,
//! solver settings and statistics, every parameter, wall time. A comparison's `manifest.json`
//! ([`ComparisonManifest`], written last in the comparison directory) names the baseline, the
//! scenarios in order (each a subdirectory with its own run manifest), the comparison years, the
//! ranking indicator and the notes on reallocations.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::json::{milestones, RunProvenance};
use super::register;
use crate::analysis::compare::Comparison;
use crate::error::Error;
use crate::results::RunResult;
use crate::scenario::Scenario;
use crate::solver::SolverStats;

/// File name of both manifests.
pub const MANIFEST: &str = "manifest.json";

/// One file of a scenario's `extends` chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerRecord {
    /// The file.
    pub file: String,
    /// Its SHA-256.
    pub sha256: String,
}

/// Time settings of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeRecord {
    /// Start year.
    pub start: f64,
    /// Horizon.
    pub end: f64,
    /// Reporting step (years).
    pub report_step: f64,
}

/// Integrator statistics (the [`SolverStats`] of the run, with an owned method name so that it
/// can be read back).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsRecord {
    /// Method used.
    pub method: String,
    /// Right-hand-side evaluations.
    pub rhs_evaluations: u64,
    /// Accepted steps.
    pub accepted_steps: u64,
    /// Rejected steps.
    pub rejected_steps: u64,
    /// Integration segments.
    pub segments: u64,
    /// Wall time of the integration, seconds.
    pub wall_seconds: f64,
}

impl From<&SolverStats> for StatsRecord {
    fn from(s: &SolverStats) -> Self {
        StatsRecord {
            method: s.method.to_string(),
            rhs_evaluations: s.rhs_evaluations,
            accepted_steps: s.accepted_steps,
            rejected_steps: s.rejected_steps,
            segments: s.segments,
            wall_seconds: s.wall_seconds,
        }
    }
}

/// Solver settings and statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SolverRecord {
    /// `dopri5` or `rk4`.
    pub method: String,
    /// Relative tolerance.
    pub rtol: f64,
    /// Absolute tolerance.
    pub atol: f64,
    /// RK4 step (years).
    pub rk4_step: f64,
    /// Policy breakpoints the integration stopped at.
    pub breakpoints: Vec<f64>,
    /// Statistics.
    pub stats: StatsRecord,
}

/// One row of the assumption register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParameterRecord {
    /// Dotted key.
    pub key: String,
    /// Model symbol.
    pub symbol: String,
    /// Value as text.
    pub value: String,
    /// Unit.
    pub unit: String,
    /// Provenance tag.
    pub source: String,
    /// Note.
    pub note: String,
    /// File and line (or `--set` flag) the value came from.
    pub from: String,
}

/// `manifest.json` of a run directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunManifest {
    /// Program version.
    pub talentloop_version: String,
    /// Git commit of the build, if known.
    pub git_commit: Option<String>,
    /// Command line, as given.
    pub command_line: Vec<String>,
    /// Scenario name (also the directory name inside a comparison).
    pub scenario_name: String,
    /// Chinese title.
    pub title_zh: String,
    /// Description.
    pub description: String,
    /// Scenario file.
    pub scenario_file: String,
    /// SHA-256 of the scenario after `extends` and overrides.
    pub scenario_sha256: String,
    /// The `extends` chain.
    pub layers: Vec<LayerRecord>,
    /// `--set` overrides, in order.
    pub overrides: Vec<String>,
    /// Time settings.
    pub time: TimeRecord,
    /// Milestone years of `summary.json`.
    pub milestones: Vec<f64>,
    /// Solver settings and statistics.
    pub solver: SolverRecord,
    /// Every resolved parameter.
    pub parameters: Vec<ParameterRecord>,
    /// Total wall time (load, compile, solve), seconds.
    pub wall_seconds: f64,
}

impl RunManifest {
    /// The manifest of a finished run.
    pub fn new(scenario: &Scenario, result: &RunResult, provenance: &RunProvenance) -> Self {
        RunManifest {
            talentloop_version: provenance.version.clone(),
            git_commit: provenance.git_commit.clone(),
            command_line: provenance.command_line.clone(),
            scenario_name: scenario.name.clone(),
            title_zh: scenario.title_zh.clone(),
            description: scenario.description.clone(),
            scenario_file: scenario.file.display().to_string(),
            scenario_sha256: scenario.sha256.clone(),
            layers: scenario
                .layers
                .iter()
                .map(|l| LayerRecord {
                    file: l.file.display().to_string(),
                    sha256: l.sha256.clone(),
                })
                .collect(),
            overrides: scenario.overrides.clone(),
            time: TimeRecord {
                start: scenario.time.start,
                end: scenario.time.end,
                report_step: scenario.time.report_step,
            },
            milestones: milestones(scenario),
            solver: SolverRecord {
                method: scenario.solver.method.as_str().to_string(),
                rtol: scenario.solver.rtol,
                atol: scenario.solver.atol,
                rk4_step: scenario.solver.rk4_step,
                breakpoints: scenario.breakpoints(),
                stats: result.stats().into(),
            },
            parameters: register::rows(scenario)
                .into_iter()
                .map(|r| ParameterRecord {
                    key: r.key,
                    symbol: r.symbol.to_string(),
                    value: r.value,
                    unit: r.unit.to_string(),
                    source: r.source.as_str().to_string(),
                    note: r.note,
                    from: r.origin,
                })
                .collect(),
            wall_seconds: provenance.wall_seconds,
        }
    }

    /// Reads `dir/manifest.json` of a run directory.
    pub fn read(dir: &Path) -> Result<Self, Error> {
        read(dir, "talentloop run")
    }
}

/// `manifest.json` of a comparison directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonManifest {
    /// Program version.
    pub talentloop_version: String,
    /// Git commit of the build, if known.
    pub git_commit: Option<String>,
    /// Command line, as given.
    pub command_line: Vec<String>,
    /// Name of the baseline scenario: deltas are against it, and its run manifest gives the
    /// report's provenance line and assumption register.
    pub baseline: String,
    /// Scenario names in comparison order; each is a subdirectory holding that run.
    pub scenarios: Vec<String>,
    /// Comparison years.
    pub years: Vec<f64>,
    /// Ranking indicator, `variable` or `variable[category]`.
    pub rank_by: String,
    /// Notes on reallocations (as in `comparison.md`).
    pub notes: Vec<String>,
}

impl ComparisonManifest {
    /// The manifest of a comparison, with its notes.
    pub fn new(c: &Comparison, provenance: &RunProvenance, notes: Vec<String>) -> Self {
        let (variable, category) = &c.rank_by;
        ComparisonManifest {
            talentloop_version: provenance.version.clone(),
            git_commit: provenance.git_commit.clone(),
            command_line: provenance.command_line.clone(),
            baseline: c.runs[c.baseline].scenario.name.clone(),
            scenarios: c.runs.iter().map(|r| r.scenario.name.clone()).collect(),
            years: c.years.clone(),
            rank_by: if category.is_empty() {
                variable.clone()
            } else {
                format!("{variable}[{category}]")
            },
            notes,
        }
    }

    /// Reads `dir/manifest.json` of a comparison directory; the baseline must be one of the
    /// scenarios, since everything that reads it looks the baseline's run up by name.
    pub fn read(dir: &Path) -> Result<Self, Error> {
        let manifest: Self = read(dir, "talentloop compare")?;
        if !manifest.scenarios.contains(&manifest.baseline) {
            return Err(Error::BadOutput {
                path: dir.join(MANIFEST),
                message: format!(
                    "the baseline {:?} is not among the scenarios {:?}; the manifest is damaged, \
                        rerun `talentloop compare`",
                    manifest.baseline, manifest.scenarios
                ),
            });
        }
        Ok(manifest)
    }
}

/// Reads and checks `dir/manifest.json`; `writer` names the command that writes it, for the
/// message when it is missing or damaged.
fn read<T: DeserializeOwned>(dir: &Path, writer: &str) -> Result<T, Error> {
    let path = dir.join(MANIFEST);
    let bad = |message: String| Error::BadOutput {
        path: path.clone(),
        message,
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // The manifest is written last, so its absence means an unfinished or foreign
            // directory.
            return Err(bad(format!(
                "missing: {} was not written by `{writer}`, or the command did not finish; rerun \
                    it",
                dir.display()
            )));
        }
        Err(e) => return Err(Error::io(&path, e)),
    };
    serde_json::from_str(&text).map_err(|e| {
        bad(format!(
            "damaged or from another talentloop version ({e}); rerun `{writer}` to rewrite the \
                directory"
        ))
    })
}
