//! The manifests of run and comparison directories as typed structs: `run` and `compare` write
//! them, `plot DIR` and `report DIR` read them back, so writer and reader share one definition.
//!
//! A run's `manifest.json` ([`RunManifest`]) says what produced the run: version, commit, command
//! line, scenario name, file, hash and layers, `--set` overrides, time settings, milestone years,
//! solver settings and statistics, every parameter, wall time. A comparison's `manifest.json`
//! ([`ComparisonManifest`], written last in the comparison directory) names the baseline, the
//! scenarios in order (each a subdirectory with its own run manifest), the comparison years, the
//! ranking indicator and the notes on reallocations.
//!
//! Every manifest (these two, a sweep's `manifest.json`, a calibration's `calibration.json`) ends
//! with `files`: every file of the folder ([`FileRecord`]: path relative to the folder, size,
//! SHA-256) except the manifest itself, the derived views that `plot` and `report` redraw
//! (`charts/` folders, `.html` and `.pdf` reports) and hidden files. It is written last
//! ([`seal`]), and everything that reads a folder back checks it first ([`verify`]): a listed
//! file missing or changed, or a file not listed, is refused with its name.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::json::{milestones, to_bytes, RunProvenance};
use super::{atomic, register};
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

/// One file of an output folder as its manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    /// Path relative to the folder, `/`-separated.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

/// A manifest with the list of files appended, as written.
#[derive(Serialize)]
struct Sealed<'a, T> {
    #[serde(flatten)]
    body: &'a T,
    files: &'a [FileRecord],
}

/// The list of files as read back (absent in folders of earlier versions).
#[derive(Deserialize)]
struct Listing {
    files: Option<Vec<FileRecord>>,
}

/// Views that `plot` and `report` (re)draw into a finished folder, and hidden files (editor and
/// system files): not listed, not checked.
fn is_derived(rel: &str) -> bool {
    let mut parts = rel.split('/');
    let name = parts.next_back().unwrap_or("");
    parts.any(|p| p == "charts")
        || name.ends_with(".html")
        || name.ends_with(".pdf")
        || name.starts_with('.')
}

/// Size and SHA-256 of a file, read in blocks.
fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    use sha2::{Digest, Sha256};
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        bytes += n as u64;
    }
    let hex = hasher
        .finalize()
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            use std::fmt::Write as _;
            let _ = write!(s, "{b:02x}");
            s
        });
    Ok((bytes, hex))
}

/// Every file under `dir` (relative `/`-separated paths, sorted) except `manifest` and the
/// derived views.
fn walk(dir: &Path, manifest: &str) -> Result<Vec<(String, PathBuf)>, Error> {
    let mut files = Vec::new();
    let mut pending = vec![(String::new(), dir.to_path_buf())];
    while let Some((prefix, folder)) = pending.pop() {
        for entry in std::fs::read_dir(&folder).map_err(|e| Error::io(&folder, e))? {
            let entry = entry.map_err(|e| Error::io(&folder, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{prefix}{name}");
            let kind = entry.file_type().map_err(|e| Error::io(entry.path(), e))?;
            if kind.is_dir() {
                if name != "charts" {
                    pending.push((format!("{rel}/"), entry.path()));
                }
            } else if rel != manifest && !is_derived(&rel) {
                files.push((rel, entry.path()));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Writes the manifest `dir/name` last: `body` followed by `files`, the list of every other file
/// of the folder with its size and SHA-256.
pub fn seal<T: Serialize>(dir: &Path, name: &str, body: &T) -> Result<PathBuf, Error> {
    let mut files = Vec::new();
    for (rel, path) in walk(dir, name)? {
        let (bytes, sha256) = hash_file(&path).map_err(|e| Error::io(&path, e))?;
        files.push(FileRecord {
            path: rel,
            bytes,
            sha256,
        });
    }
    let path = dir.join(name);
    atomic::write(
        &path,
        &to_bytes(
            &Sealed {
                body,
                files: &files,
            },
            name,
        )?,
    )?;
    Ok(path)
}

/// Checks the folder `dir` against the `files` of its manifest `name` (whose text is `text`):
/// every listed file present with its size and SHA-256, and no other file (derived views and
/// hidden files aside).
pub fn verify(dir: &Path, name: &str, text: &str) -> Result<(), Error> {
    let manifest = dir.join(name);
    let changed = |path: PathBuf, message: String| Error::OutputChanged { path, message };
    let listing: Listing = serde_json::from_str(text).map_err(|e| Error::BadOutput {
        path: manifest.clone(),
        message: format!(
            "damaged ({e}); rerun the command that wrote {}",
            dir.display()
        ),
    })?;
    let Some(files) = listing.files else {
        return Err(changed(
            manifest,
            "lists no files: written by an earlier talentloop, or not by talentloop, so the \
                folder cannot be checked; rerun the command that wrote it"
                .into(),
        ));
    };
    for f in &files {
        let path = dir.join(&f.path);
        let unsafe_path = Path::new(&f.path)
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)));
        if unsafe_path {
            return Err(changed(
                manifest,
                format!("lists {:?}, which is not inside the folder", f.path),
            ));
        }
        let (bytes, sha256) = match hash_file(&path) {
            Ok(h) => h,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(changed(
                    path,
                    format!(
                        "missing: {name} lists it, so the folder is incomplete; rerun the \
                            command that wrote it"
                    ),
                ));
            }
            Err(e) => return Err(Error::io(&path, e)),
        };
        if (bytes, sha256.as_str()) != (f.bytes, f.sha256.as_str()) {
            return Err(changed(
                path,
                format!(
                    "changed after talentloop wrote it ({bytes} bytes, SHA-256 {}…; {name} \
                        records {} bytes, {}…); rerun the command that wrote the folder",
                    &sha256[..12],
                    f.bytes,
                    f.sha256.get(..12).unwrap_or(&f.sha256)
                ),
            ));
        }
    }
    for (rel, path) in walk(dir, name)? {
        if !files.iter().any(|f| f.path == rel) {
            return Err(changed(
                path,
                format!(
                    "not listed in {name}: added after talentloop wrote the folder, or left by \
                        another run; remove it or rerun the command that wrote the folder"
                ),
            ));
        }
    }
    Ok(())
}

/// Reads `dir/name` and [`verify`]s the folder against it; returns the manifest's text.
pub fn read_verified(dir: &Path, name: &str) -> Result<String, Error> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    verify(dir, name, &text)?;
    Ok(text)
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
    let manifest = serde_json::from_str(&text).map_err(|e| {
        bad(format!(
            "damaged or from another talentloop version ({e}); rerun `{writer}` to rewrite the \
                directory"
        ))
    })?;
    verify(dir, MANIFEST, &text)?;
    Ok(manifest)
}
