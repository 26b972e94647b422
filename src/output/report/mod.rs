//! `talentloop report`: a self-contained report of run, comparison and sweep directories, in
//! Chinese (or English), for a reader who will not open a CSV.
//!
//! A comparison report has the sections 摘要 (generated from the results: the question, the
//! packages, the rankings by cost-effectiveness and by outcome, their robustness and three numbers
//! to remember), 方案说明 (each package's changed measures and their cost lines), 主要结果
//! (tables with one row per package, so every package stays visible on paper, and the comparison
//! charts), 不确定性 (the `compare --uncertainty` result and any sweep directories given),
//! 方法与假设 (the model on one page with its loop diagram, the calibration targets against
//! the baseline run, the assumptions the packages change and the full register), 指标说明
//! (every indicator shown, from the indicator registry) and 注意事项 (caveats); per-scenario
//! charts go to an appendix on request. A run report has the same frame around one scenario.
//!
//! The report is built from typed data — [`RunReport`], [`ComparisonReport`], [`SweepReport`] —
//! made from a run or comparison in memory or read back from the files `run`, `compare` and
//! `sweep` wrote, never by re-simulating. The page embeds the bundled CJK font (`page.rs`), so it
//! renders the same without a system font; `pdf.rs` prints it to A4 with headless Chromium.

mod comparison;
pub mod optimize;
mod page;
pub mod pdf;
mod run;
mod sections;
mod text;

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use optimize::OptimizationReport;
pub use page::escape;

use super::compare::{
    comparison_notes, comparison_rows, effectiveness_rows, fiscal_rows, ComparisonRow,
    EffectivenessRow, FiscalRow,
};
use super::csv::{nan_if_empty, read_rows};
use super::json::{RunProvenance, Summary};
use super::manifest::{ComparisonManifest, RunManifest};
use super::plots::{is_comparison, Lang};
use crate::analysis::compare::Comparison;
use crate::error::Error;
use crate::results::RunResult;
use crate::scenario::Scenario;

/// What a report shows beyond its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReportOptions {
    /// Language of every word the report writes (scenario titles stay as written).
    pub lang: Lang,
    /// Add each scenario's own charts in an appendix.
    pub appendix: bool,
}

/// A chart as it goes into the report: (name, inline SVG).
pub type InlineChart = (String, String);

/// Charts in `dir/charts`, sorted by name, as (name, inline SVG).
pub fn read_charts(dir: &Path) -> Result<Vec<InlineChart>, Error> {
    let charts_dir = dir.join("charts");
    let mut out = Vec::new();
    if !charts_dir.is_dir() {
        return Ok(out);
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&charts_dir)
        .map_err(|e| Error::io(&charts_dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "svg"))
        .collect();
    paths.sort();
    for p in paths {
        let svg = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, e))?;
        let start = svg.find("<svg").unwrap_or(0);
        let name = p
            .file_stem()
            .map_or(String::new(), |s| s.to_string_lossy().into_owned());
        out.push((name, svg[start..].to_string()));
    }
    Ok(out)
}

/// What the report of one run shows.
#[derive(Debug, Clone, PartialEq)]
pub struct RunReport {
    /// The run's manifest.
    pub manifest: RunManifest,
    /// Its headline indicators at the milestone years and its calendar-year statistics.
    pub summary: Summary,
    /// (id, Chinese name) of its sectors.
    pub sectors: Vec<(String, String)>,
    /// Its charts.
    pub charts: Vec<InlineChart>,
}

impl RunReport {
    /// The report of a run in memory.
    pub fn from_run(
        scenario: &Scenario,
        result: &RunResult,
        provenance: &RunProvenance,
        charts: Vec<InlineChart>,
    ) -> Self {
        RunReport {
            manifest: RunManifest::new(scenario, result, provenance),
            summary: Summary::new(scenario, result),
            sectors: super::plots::sector_names(scenario),
            charts,
        }
    }

    /// Reads the report's data from a run directory.
    pub fn read(dir: &Path) -> Result<Self, Error> {
        Ok(RunReport {
            manifest: RunManifest::read(dir)?,
            summary: Summary::read(dir)?,
            sectors: read_sector_names(dir)?,
            charts: read_charts(dir)?,
        })
    }

    /// The HTML page, with any sweeps in its uncertainty section and any optimisations in their
    /// own.
    pub fn html(
        &self,
        options: &ReportOptions,
        sweeps: &[SweepReport],
        optimizations: &[OptimizationReport],
    ) -> String {
        run::html(self, options, sweeps, optimizations)
    }
}

/// One scenario of a comparison as the report describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioEntry {
    /// Its run manifest (name, title, description, parameters).
    pub manifest: RunManifest,
    /// Its milestone indicators and calendar-year statistics.
    pub summary: Summary,
    /// (id, Chinese name) of its sectors, to name sector parameters.
    pub sectors: Vec<(String, String)>,
    /// Its own charts.
    pub charts: Vec<InlineChart>,
}

/// One row of `uncertainty/summary.csv`: a package's effect on a measure over the draws.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EffectRow {
    /// Package.
    pub scenario: String,
    /// Measure (a ratio name or an indicator).
    pub measure: String,
    /// Mean effect.
    #[serde(deserialize_with = "nan_if_empty")]
    pub mean: f64,
    /// 5th percentile.
    #[serde(deserialize_with = "nan_if_empty")]
    pub p5: f64,
    /// Median.
    #[serde(deserialize_with = "nan_if_empty")]
    pub p50: f64,
    /// 95th percentile.
    #[serde(deserialize_with = "nan_if_empty")]
    pub p95: f64,
    /// Share of draws in which the package does better than the baseline.
    pub p_better: f64,
    /// Draws without a value (n/a).
    pub undefined: usize,
}

/// One row of `uncertainty/beats.csv`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct BeatsRow {
    /// Measure.
    pub measure: String,
    /// First package.
    pub a: String,
    /// Second package.
    pub b: String,
    /// P(a better than b).
    pub p_a_beats_b: f64,
    /// P(b better than a).
    pub p_b_beats_a: f64,
    /// P(tie).
    pub p_tie: f64,
}

/// The robustness of a comparison (`compare … --uncertainty`), as its `uncertainty/` files hold it.
#[derive(Debug, Clone, PartialEq)]
pub struct Robustness {
    /// Draws that every package ran under.
    pub draws_kept: usize,
    /// Draws left out because a package could not run.
    pub draws_failed: usize,
    /// The sampled parameters (column names of `draws.csv`).
    pub parameters: Vec<String>,
    /// Effects per package and measure.
    pub effects: Vec<EffectRow>,
    /// P(A beats B) per measure and pair.
    pub beats: Vec<BeatsRow>,
}

impl Robustness {
    /// Reads `dir/uncertainty/`, or None when the comparison ran without `--uncertainty`.
    pub fn read(dir: &Path) -> Result<Option<Self>, Error> {
        let sub = dir.join("uncertainty");
        if !sub.join("summary.csv").is_file() {
            return Ok(None);
        }
        let draws_path = sub.join("draws.csv");
        let draws = std::fs::read_to_string(&draws_path).map_err(|e| Error::io(&draws_path, e))?;
        let mut lines = draws.trim_start_matches('\u{feff}').lines();
        let parameters = lines
            .next()
            .map(|h| h.split(',').skip(2).map(str::to_string).collect())
            .unwrap_or_default();
        let (mut kept, mut failed) = (0, 0);
        for line in lines {
            match line.split(',').nth(1) {
                Some("ok") => kept += 1,
                Some(_) => failed += 1,
                None => {}
            }
        }
        Ok(Some(Robustness {
            draws_kept: kept,
            draws_failed: failed,
            parameters,
            effects: read_rows(&sub.join("summary.csv"))?,
            beats: read_rows(&sub.join("beats.csv"))?,
        }))
    }

    /// P(a beats b) on `measure`, whichever order the file lists the pair in.
    pub fn beats(&self, measure: &str, a: &str, b: &str) -> Option<f64> {
        self.beats.iter().find_map(|r| {
            (r.measure == measure).then_some(())?;
            if r.a == a && r.b == b {
                Some(r.p_a_beats_b)
            } else if r.a == b && r.b == a {
                Some(r.p_b_beats_a)
            } else {
                None
            }
        })
    }

    /// The effect of `scenario` on `measure`.
    pub fn effect(&self, measure: &str, scenario: &str) -> Option<&EffectRow> {
        self.effects
            .iter()
            .find(|e| e.measure == measure && e.scenario == scenario)
    }

    /// The measures, in file order.
    pub fn measures(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for e in &self.effects {
            if !out.contains(&e.measure.as_str()) {
                out.push(&e.measure);
            }
        }
        out
    }
}

/// What the report of a comparison shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonReport {
    /// The comparison's manifest: baseline, scenarios in order, years, notes.
    pub manifest: ComparisonManifest,
    /// The scenarios, in the manifest's order.
    pub scenarios: Vec<ScenarioEntry>,
    /// Rows of `comparison.csv`.
    pub rows: Vec<ComparisonRow>,
    /// Rows of `effectiveness.csv`.
    pub effectiveness: Vec<EffectivenessRow>,
    /// Rows of `fiscal.csv` (empty for a directory written before it existed).
    pub fiscal: Vec<FiscalRow>,
    /// The comparison charts.
    pub charts: Vec<InlineChart>,
    /// The robustness over sampled assumptions, if the comparison ran with `--uncertainty`.
    pub robustness: Option<Robustness>,
}

impl ComparisonReport {
    /// The report of a comparison in memory; `charts` are the comparison's and `run_charts`
    /// each run's, in the order of `c.runs` (missing entries mean no charts).
    pub fn from_comparison(
        c: &Comparison,
        provenance: &RunProvenance,
        charts: Vec<InlineChart>,
        mut run_charts: Vec<Vec<InlineChart>>,
    ) -> Self {
        run_charts.resize(c.runs.len(), Vec::new());
        ComparisonReport {
            manifest: ComparisonManifest::new(c, provenance, comparison_notes(c, Lang::En)),
            scenarios: c
                .runs
                .iter()
                .zip(run_charts)
                .map(|(r, charts)| ScenarioEntry {
                    manifest: RunManifest::new(&r.scenario, &r.result, provenance),
                    summary: Summary::new(&r.scenario, &r.result),
                    sectors: super::plots::sector_names(&r.scenario),
                    charts,
                })
                .collect(),
            rows: comparison_rows(c),
            effectiveness: effectiveness_rows(c),
            fiscal: fiscal_rows(c),
            charts,
            robustness: None,
        }
    }

    /// Reads the report's data from a comparison directory: its manifest names the scenarios
    /// (each a subdirectory with its own manifest) and the baseline.
    pub fn read(dir: &Path) -> Result<Self, Error> {
        let manifest = ComparisonManifest::read(dir)?;
        let mut scenarios = Vec::with_capacity(manifest.scenarios.len());
        for name in &manifest.scenarios {
            let sub = dir.join(name);
            scenarios.push(ScenarioEntry {
                manifest: RunManifest::read(&sub)?,
                summary: Summary::read(&sub)?,
                sectors: read_sector_names(&sub)?,
                charts: read_charts(&sub)?,
            });
        }
        Ok(ComparisonReport {
            rows: read_rows(&dir.join("comparison.csv"))?,
            effectiveness: read_optional_rows(&dir.join("effectiveness.csv"))?,
            fiscal: read_optional_rows(&dir.join("fiscal.csv"))?,
            charts: read_charts(dir)?,
            robustness: Robustness::read(dir)?,
            scenarios,
            manifest,
        })
    }

    /// The baseline's entry.
    pub fn baseline(&self) -> Option<&ScenarioEntry> {
        self.scenarios
            .iter()
            .find(|s| s.manifest.scenario_name == self.manifest.baseline)
    }

    /// The HTML page, with any sweeps in its uncertainty section and any optimisations in their
    /// own.
    pub fn html(
        &self,
        options: &ReportOptions,
        sweeps: &[SweepReport],
        optimizations: &[OptimizationReport],
    ) -> String {
        comparison::html(self, options, sweeps, optimizations)
    }
}

/// One row of a sweep's `bands.csv`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct BandRow {
    /// Variable.
    pub variable: String,
    /// Category.
    pub category: String,
    /// Sector (empty: city-wide).
    pub sector: String,
    /// Time.
    pub time: f64,
    /// Runs.
    pub n: usize,
    /// 5th percentile.
    #[serde(deserialize_with = "nan_if_empty")]
    pub p5: f64,
    /// Median.
    #[serde(deserialize_with = "nan_if_empty")]
    pub p50: f64,
    /// 95th percentile.
    #[serde(deserialize_with = "nan_if_empty")]
    pub p95: f64,
}

/// What the report shows of a sweep directory.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepReport {
    /// The spec file.
    pub spec_file: String,
    /// Design method.
    pub method: String,
    /// Runs completed and failed.
    pub completed: usize,
    /// Runs that failed.
    pub failures: usize,
    /// The scenario the sweep varied.
    pub scenario_file: String,
    /// The varied parameters.
    pub parameters: Vec<String>,
    /// Bands of `bands.csv` (empty without `[bands]`).
    pub bands: Vec<BandRow>,
    /// Its charts.
    pub charts: Vec<InlineChart>,
}

impl SweepReport {
    /// Reads a sweep directory.
    pub fn read(dir: &Path) -> Result<Self, Error> {
        let path = dir.join("manifest.json");
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let m: serde_json::Value = serde_json::from_str(&text).map_err(|e| Error::BadOutput {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let text_of = |k: &str| m[k].as_str().unwrap_or_default().to_string();
        let count = |k: &str| m[k].as_u64().unwrap_or(0) as usize;
        let parameters = m["parameters"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p["key"].as_str().or(p.as_str()).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        Ok(SweepReport {
            spec_file: text_of("spec_file"),
            method: text_of("method"),
            completed: count("completed"),
            scenario_file: text_of("scenario_file"),
            failures: count("failures"),
            parameters,
            bands: read_optional_rows(&dir.join("bands.csv"))?,
            charts: read_charts(dir)?,
        })
    }
}

/// Whether `dir` was written by `talentloop sweep`.
pub fn is_sweep(dir: &Path) -> bool {
    dir.join("samples.csv").is_file() && dir.join("manifest.json").is_file()
}

/// The folders of a report by kind: at most one run or comparison, any number of sweeps and
/// optimisations.
pub struct ReportFolders<'a> {
    /// The run or comparison the report is about, if any.
    pub primary: Option<&'a PathBuf>,
    /// Sweep folders (recognised by their `samples.csv`).
    pub sweeps: Vec<&'a PathBuf>,
    /// Optimisation folders (recognised by their `pareto.csv`).
    pub optimizations: Vec<&'a PathBuf>,
}

/// Sorts the folders given to `report` by kind — checked before anything is drawn or written,
/// so a folder no command wrote, or a second run, is refused at once.
pub fn classify(dirs: &[PathBuf]) -> Result<ReportFolders<'_>, Error> {
    let mut folders = ReportFolders {
        primary: None,
        sweeps: Vec::new(),
        optimizations: Vec::new(),
    };
    for dir in dirs {
        if is_sweep(dir) {
            folders.sweeps.push(dir);
        } else if optimize::is_optimization(dir) {
            folders.optimizations.push(dir);
        } else if is_comparison(dir) || dir.join("summary.json").is_file() {
            if let Some(first) = folders.primary {
                return Err(Error::BadOutput {
                    path: dir.clone(),
                    message: format!(
                        "a report covers one run or comparison (and any sweeps); {} is already \
                         one: report the other separately",
                        first.display()
                    ),
                });
            }
            folders.primary = Some(dir);
        } else {
            return Err(Error::BadOutput {
                path: dir.clone(),
                message: "no summary.json, comparison.csv, samples.csv or pareto.csv here: give a \
                    directory written by `talentloop run`, `compare`, `sweep` or `optimize`"
                    .into(),
            });
        }
    }
    Ok(folders)
}

/// Builds the report of the directories given: at most one run or comparison, and any number of
/// sweeps (shown in its uncertainty section, or on their own).
pub fn report_dirs(dirs: &[PathBuf], options: &ReportOptions) -> Result<String, Error> {
    let folders = classify(dirs)?;
    let sweeps = folders
        .sweeps
        .iter()
        .map(|dir| SweepReport::read(dir))
        .collect::<Result<Vec<_>, _>>()?;
    let optimizations = folders
        .optimizations
        .iter()
        .map(|dir| OptimizationReport::read(dir))
        .collect::<Result<Vec<_>, _>>()?;
    match folders.primary {
        Some(dir) if is_comparison(dir) => {
            Ok(ComparisonReport::read(dir)?.html(options, &sweeps, &optimizations))
        }
        Some(dir) => Ok(RunReport::read(dir)?.html(options, &sweeps, &optimizations)),
        None => Ok(run::sweeps_only(&sweeps, &optimizations, options)),
    }
}

/// Builds the report of one run, comparison or sweep directory, in Chinese.
pub fn report(dir: &Path) -> Result<String, Error> {
    report_dirs(&[dir.to_path_buf()], &ReportOptions::default())
}

/// (id, Chinese name) of the sectors of a run directory, from its `sectors.csv`.
fn read_sector_names(dir: &Path) -> Result<Vec<(String, String)>, Error> {
    Ok(super::csv::read_sectors(&dir.join("sectors.csv"))?
        .into_iter()
        .map(|s| (s.id, s.name_zh))
        .collect())
}

/// The rows of an optional CSV file of a directory: none when it is absent (a directory written
/// before the file existed).
fn read_optional_rows<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, Error> {
    if path.is_file() {
        read_rows(path)
    } else {
        Ok(Vec::new())
    }
}
