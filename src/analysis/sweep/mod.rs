//! Sweeps: run a design of many parameter sets in parallel, stream each run's inputs and scalar
//! outputs to a sink in run order, and summarise series as percentile bands.
//!
//! Determinism: the design depends only on the spec and its seed; runs are computed in parallel
//! in chunks but handed to the sink and the band buffers in run order, so outputs are identical
//! for any number of threads and for any split into shards.
//!
//! Memory: per run the sweep keeps only its scalar outputs (f64, for the sensitivity indices);
//! band series (rounded to f32, ≤ 6e-8 relative, far below the model's integration error) feed
//! fixed-size streaming estimators ([`bands`]): exact percentiles up to
//! [`bands::EXACT_RUNS`] runs, P² estimates beyond.

pub mod bands;
pub mod design;
pub mod estimate;
pub mod merge;
pub mod sensitivity;
pub mod spec;

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::analysis::fiscal::GDP_SHARE_WARNING;
use crate::error::{Error, IssueKind, Location, ScenarioIssue, SpecError, SpecKind};
use crate::model::annual::peak_spending_share;
use crate::model::indicators::{columns, visit, ValueRecorder};
use crate::model::{Aux, Model};
use crate::results::RunResult;
use crate::scenario::Scenario;
use crate::solver::simulate;
pub use bands::{Bands, PERCENTILES};
use design::Design;
use spec::{OutputSpec, Stat, SweepSpec};

/// Status of a sweep run whose sampled values leave a parameter's range.
pub const OUT_OF_RANGE: &str = "out_of_range";

/// Runs handed to the worker threads at a time (also the granularity of Ctrl-C).
pub const CHUNK: usize = 256;

/// What one run produced.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutputs {
    /// Run index in the design.
    pub index: usize,
    /// Scalar outputs in spec order (NaN where undefined or the run failed).
    pub scalars: Vec<f64>,
    /// Band series, band-major: series[b · T + t].
    pub series: Vec<f32>,
    /// The error code when the run failed.
    pub error: Option<String>,
    /// Largest calendar-year share of GDP taken by all fiscal spending (0 for a failed run).
    pub peak_gdp_share: f64,
}

/// Receives runs in index order (e.g. a streaming CSV writer).
pub trait RunSink {
    /// One finished run.
    fn record(&mut self, design: &Design, run: &RunOutputs) -> Result<(), Error>;
}

/// Progress callbacks (a progress bar in the CLI; nothing in tests).
pub trait Observe {
    /// Called once with the number of runs.
    fn on_start(&mut self, _total: usize) {}
    /// Called after each chunk with the number of runs done.
    fn on_progress(&mut self, _done: usize) {}
}

/// An observer that does nothing.
#[derive(Debug, Default)]
pub struct Quiet;

impl Observe for Quiet {}

/// Percentile bands of one series at each reporting time.
#[derive(Debug, Clone, PartialEq)]
pub struct BandRow {
    /// Index into the spec's bands.
    pub band: usize,
    /// Reporting time.
    pub time: f64,
    /// Runs with a finite value.
    pub n: usize,
    /// Mean.
    pub mean: f64,
    /// 5th, 25th, 50th, 75th and 95th percentiles.
    pub percentiles: [f64; 5],
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

/// The collected results of a sweep (or of one shard).
#[derive(Debug, Clone)]
pub struct SweepResult {
    /// Runs of the design covered.
    pub range: Range<usize>,
    /// Runs completed (less than the range when interrupted).
    pub completed: usize,
    /// Whether the sweep was stopped before the end of its range.
    pub interrupted: bool,
    /// Reporting times of the band series.
    pub times: Vec<f64>,
    /// Scalar outputs per completed run (kept for the sensitivity indices: 8 bytes per output
    /// and run).
    pub scalars: Vec<Vec<f64>>,
    /// Percentile bands of the band series, accumulated in run order in fixed memory.
    pub bands: Bands,
    /// Failed runs.
    pub failures: usize,
    /// Runs whose fiscal spending exceeds [`GDP_SHARE_WARNING`] of GDP at some time, and the
    /// largest share of any run.
    pub above_gdp_share: usize,
    /// Largest share of GDP spent in any run.
    pub peak_gdp_share: f64,
    /// The base scenario's own path of each band series at `times` (the fan charts' reference
    /// line; NaN where the base scenario does not run).
    pub base: Vec<Vec<f64>>,
}

/// The base scenario's path of each band series of `spec` at `times`.
pub fn base_series(spec: &SweepSpec, times: &[f64]) -> Vec<Vec<f64>> {
    let run = crate::results::run(&spec.scenario).ok();
    spec.bands
        .iter()
        .map(|b| {
            let column = run
                .as_ref()
                .and_then(|r| r.column(&b.variable, &b.category, b.sector.as_deref()));
            times
                .iter()
                .map(|&t| match (&run, column) {
                    (Some(r), Some(c)) => r.at(c, t),
                    _ => f64::NAN,
                })
                .collect()
        })
        .collect()
}

/// The base scenario's own value of each scalar output of `spec` (NaN where it does not run):
/// what the spread of the runs is read against.
pub fn base_scalars(spec: &SweepSpec) -> Vec<f64> {
    let run = crate::results::run(&spec.scenario).ok();
    spec.outputs
        .iter()
        .map(|o| run.as_ref().map_or(f64::NAN, |r| scalar(r, o)))
        .collect()
}

impl SweepResult {
    /// The warning on spending above 5 % of GDP, if any run reaches it.
    pub fn gdp_share_warning(&self) -> Option<String> {
        (self.above_gdp_share > 0).then(|| {
            format!(
                "{} of {} runs spend more than {:.0}% of GDP in some year (largest {:.1}%) — \
                 财政支出超过GDP的{:.0}%; check the spending levers' ranges",
                self.above_gdp_share,
                self.completed,
                100.0 * GDP_SHARE_WARNING,
                100.0 * self.peak_gdp_share,
                100.0 * GDP_SHARE_WARNING
            )
        })
    }
}

/// The contiguous runs of shard `i` (0-based) of `n`.
pub fn shard_range(total: usize, i: usize, n: usize) -> Range<usize> {
    (total * i / n)..(total * (i + 1) / n)
}

fn column(
    result: &RunResult,
    variable: &str,
    category: &str,
    sector: Option<&str>,
) -> Option<usize> {
    result.column(variable, category, sector)
}

/// The reporting row nearest to `year` (the first of two equally near).
fn nearest_row(times: &[f64], year: f64) -> Option<usize> {
    times
        .iter()
        .enumerate()
        .min_by(|a, b| (a.1 - year).abs().total_cmp(&(b.1 - year).abs()))
        .map(|(j, _)| j)
}

/// The summary `stat` of a series over reporting `times`.
pub fn summarise(times: &[f64], series: &[f64], stat: &Stat) -> f64 {
    match stat {
        Stat::At(year) => nearest_row(times, *year).map_or(f64::NAN, |j| series[j]),
        Stat::Max => series.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        Stat::Min => series.iter().copied().fold(f64::INFINITY, f64::min),
        Stat::Mean => series.iter().sum::<f64>() / series.len().max(1) as f64,
        Stat::Crossing { threshold, above } => times
            .iter()
            .zip(series)
            .find(|(_, v)| {
                if *above {
                    *v >= threshold
                } else {
                    *v <= threshold
                }
            })
            .map_or(f64::NAN, |(t, _)| *t),
    }
}

/// The scalar summary of one output of a full run.
pub fn scalar(result: &RunResult, o: &OutputSpec) -> f64 {
    match column(result, &o.variable, &o.category, o.sector.as_deref()) {
        Some(c) => summarise(&result.times, &result.series(c), &o.stat),
        None => f64::NAN,
    }
}

/// Which indicator columns a sweep reads (the same for every run: sweeps never change sectors).
#[derive(Debug, Clone)]
pub struct Plan {
    /// Column of each output (None if the variable does not exist).
    pub outputs: Vec<Option<usize>>,
    /// Column of each band series.
    pub bands: Vec<Option<usize>>,
    /// Whether each reporting row is read: all rows for bands and for statistics over the run,
    /// only the nearest row for an output at one year. Rows not read are not evaluated.
    pub rows: Vec<bool>,
}

impl Plan {
    /// Looks the columns up on the base scenario's model.
    pub fn new(spec: &SweepSpec) -> Result<Plan, Error> {
        let model = Model::compile(&spec.scenario)?;
        let cols = columns(&model);
        let find = |variable: &str, category: &str, sector: Option<&str>| {
            let sector = match sector {
                Some(id) => Some(model.sector_ids.iter().position(|s| s == id)?),
                None => None,
            };
            cols.iter().position(|c| {
                c.variable == variable && c.category == category && c.sector == sector
            })
        };
        let time = &spec.scenario.time;
        let times: Vec<f64> = (0..=time.n_intervals()).map(|j| time.time_at(j)).collect();
        let mut rows = vec![!spec.bands.is_empty(); times.len()];
        for o in &spec.outputs {
            match o.stat {
                Stat::At(year) if year < time.start || year > time.end => {
                    return Err(spec_problem(
                        spec,
                        IssueKind::OutOfRange,
                        format!("outputs.{}.year", o.name),
                        format!(
                            "{year} is outside the run ({} to {}); the value there would be the \
                             nearest year's",
                            time.start, time.end
                        ),
                    ));
                }
                Stat::At(year) => {
                    if let Some(j) = nearest_row(&times, year) {
                        rows[j] = true;
                    }
                }
                Stat::Max | Stat::Min | Stat::Mean | Stat::Crossing { .. } => rows.fill(true),
            }
        }
        let plan = Plan {
            rows,
            outputs: spec
                .outputs
                .iter()
                .map(|o| find(&o.variable, &o.category, o.sector.as_deref()))
                .collect(),
            bands: spec
                .bands
                .iter()
                .map(|b| find(&b.variable, &b.category, b.sector.as_deref()))
                .collect(),
        };
        // A misspelt variable would give empty columns: refuse it before any run, with a hint.
        let unknown: Vec<String> = spec
            .outputs
            .iter()
            .zip(&plan.outputs)
            .map(|(o, c)| (&o.variable, &o.category, &o.sector, c))
            .chain(
                spec.bands
                    .iter()
                    .zip(&plan.bands)
                    .map(|(b, c)| (&b.variable, &b.category, &b.sector, c)),
            )
            .filter(|x| x.3.is_none())
            .map(|(v, c, s, _)| {
                let names: Vec<&str> = cols.iter().map(|c| c.variable).collect();
                let hint = crate::diagnostics::suggest(v, names.into_iter())
                    .map(|h| format!(" (did you mean `{h}`?)"))
                    .unwrap_or_default();
                format!(
                    "{v}[{c}]{}{hint}",
                    s.as_ref().map_or(String::new(), |s| format!("@{s}"))
                )
            })
            .collect();
        if !unknown.is_empty() {
            return Err(spec_problem(
                spec,
                IssueKind::UnknownKey,
                "outputs".into(),
                format!(
                    "no such indicator: {} — the variable, category and sector columns of \
                     timeseries.csv list what exists",
                    unknown.join(", ")
                ),
            ));
        }
        Ok(plan)
    }
}

/// A problem with a sweep spec found after it was read (no line: the spec's file is named).
fn spec_problem(spec: &SweepSpec, kind: IssueKind, key: String, message: String) -> Error {
    Error::Spec(SpecError {
        kind: SpecKind::Sweep,
        issues: vec![ScenarioIssue {
            kind,
            location: Location {
                file: spec.file.clone(),
                line: 0,
                col: 0,
            },
            key,
            message,
        }],
    })
}

/// Planned series of one run: times, output series, band series.
/// Times, output series, band series and the peak share of GDP spent.
type PlannedSeries = (Vec<f64>, Vec<Vec<f64>>, Vec<Vec<f64>>, f64);

/// Compiles, integrates and reads only the planned columns (the full indicator table is computed
/// row by row into one reused buffer, never stored).
fn run_planned(scenario: &Scenario, plan: &Plan, rows: usize) -> Result<PlannedSeries, Error> {
    let model = Model::compile(scenario)?;
    let traj = simulate(
        &model,
        &scenario.time,
        &scenario.solver,
        &scenario.breakpoints(),
    )?;
    let mut aux = Aux::new(model.n_sectors());
    let mut row = ValueRecorder(Vec::new());
    let mut outputs = vec![Vec::with_capacity(rows); plan.outputs.len()];
    let mut bands = vec![Vec::with_capacity(rows); plan.bands.len()];
    for ((t, y), &read) in traj.times.iter().zip(&traj.states).zip(&plan.rows) {
        if !read {
            outputs.iter_mut().for_each(|s| s.push(f64::NAN));
            bands.iter_mut().for_each(|s| s.push(f64::NAN));
            continue;
        }
        model.eval(*t, y, &mut aux);
        row.0.clear();
        visit(&model, *t, y, &aux, &mut row);
        for (series, c) in outputs.iter_mut().zip(&plan.outputs) {
            series.push(c.map_or(f64::NAN, |c| row.0[c]));
        }
        for (series, c) in bands.iter_mut().zip(&plan.bands) {
            series.push(c.map_or(f64::NAN, |c| row.0[c]));
        }
    }
    // The spending check needs no evaluation: the accumulators at whole years give each calendar
    // year's spending and GDP (model::annual).
    let year_states = traj.year_states(scenario.time.rows_per_year());
    let peak_share = peak_spending_share(&model.layout, scenario.time.start as i32, &year_states)
        .map_or(0.0, |(share, _)| share);
    Ok((traj.times, outputs, bands, peak_share))
}

/// Sets `scratch` (a copy of the base scenario, reused run after run by one thread) to the
/// base scenario with `values` applied: only the sampled parameters are restored and set, so a
/// run costs no copy of the whole scenario.
pub fn apply_into(spec: &SweepSpec, scratch: &mut Scenario, values: &[f64]) {
    for p in &spec.parameters {
        match p.target {
            spec::Target::Global { group, param } => {
                scratch.globals[group][param]
                    .value
                    .clone_from(&spec.scenario.globals[group][param].value);
            }
            spec::Target::Sector { param, .. } => {
                for (mine, base) in scratch.sectors.iter_mut().zip(&spec.scenario.sectors) {
                    mine.params[param]
                        .value
                        .clone_from(&base.params[param].value);
                }
            }
            spec::Target::Lookup { lookup } => {
                scratch.lookups[lookup]
                    .points
                    .clone_from(&spec.scenario.lookups[lookup].points);
            }
        }
    }
    for (p, &x) in spec.parameters.iter().zip(values) {
        spec::set_target_from(scratch, p.target, p.mode, x, p.from);
    }
}

/// Whether a sampled parameter of `spec` leaves its allowed range in `scenario`: a scaled (or
/// shifted) value can, even when the sampled factor is inside its own range. Such a run fails as
/// out of range instead of running the model there.
pub fn outside_range(spec: &SweepSpec, scenario: &mut Scenario) -> bool {
    spec.parameters.iter().any(|p| {
        // A lookup is a multiplier: a strength that takes a point below zero is out of range.
        if let Some(k) = p.target.lookup() {
            return scenario.lookups[k].points.iter().any(|&(_, y)| y < 0.0);
        }
        let def = p.target.def();
        p.target.params_mut(scenario).iter().any(|param| {
            param
                .value
                .corner_values()
                .iter()
                .any(|&v| !(def.min..=def.max).contains(&v))
        })
    })
}

/// Evaluates run `index` of the design; `scratch` is this thread's copy of the base scenario.
pub fn evaluate_run(
    spec: &SweepSpec,
    plan: &Plan,
    design: &Design,
    index: usize,
    rows: usize,
    scratch: &mut Scenario,
) -> RunOutputs {
    apply_into(spec, scratch, &design.values(index));
    if outside_range(spec, scratch) {
        return RunOutputs {
            index,
            scalars: vec![f64::NAN; spec.outputs.len()],
            series: vec![f32::NAN; spec.bands.len() * rows],
            error: Some(OUT_OF_RANGE.to_string()),
            peak_gdp_share: 0.0,
        };
    }
    match run_planned(scratch, plan, rows) {
        Ok((times, outputs, bands, peak_gdp_share)) => RunOutputs {
            index,
            scalars: spec
                .outputs
                .iter()
                .zip(&outputs)
                .map(|(o, s)| summarise(&times, s, &o.stat))
                .collect(),
            series: bands
                .iter()
                .flat_map(|s| s.iter().map(|v| *v as f32))
                .collect(),
            error: None,
            peak_gdp_share,
        },
        Err(e) => RunOutputs {
            index,
            scalars: vec![f64::NAN; spec.outputs.len()],
            series: vec![f32::NAN; spec.bands.len() * rows],
            error: Some(e.code().to_string()),
            peak_gdp_share: 0.0,
        },
    }
}

/// Runs `range` of the design in parallel, handing runs to `sink` in order. Stops between chunks
/// when `cancel` is set; what was finished is complete and returned.
pub fn execute(
    spec: &SweepSpec,
    design: &Design,
    range: Range<usize>,
    sink: &mut impl RunSink,
    observer: &mut impl Observe,
    cancel: &AtomicBool,
) -> Result<SweepResult, Error> {
    let time = &spec.scenario.time;
    let rows = time.n_intervals() + 1;
    let times: Vec<f64> = (0..rows).map(|j| time.time_at(j)).collect();
    let mut result = SweepResult {
        range: range.clone(),
        completed: 0,
        interrupted: false,
        times: times.clone(),
        scalars: Vec::with_capacity(range.len()),
        bands: Bands::new(spec.bands.len(), &times),
        failures: 0,
        above_gdp_share: 0,
        peak_gdp_share: 0.0,
        base: base_series(spec, &times),
    };
    let plan = Plan::new(spec)?;
    observer.on_start(range.len());
    let mut start = range.start;
    while start < range.end {
        if cancel.load(Ordering::SeqCst) {
            result.interrupted = true;
            break;
        }
        let end = (start + CHUNK).min(range.end);
        let chunk: Vec<RunOutputs> = (start..end)
            .into_par_iter()
            .map_init(
                || spec.scenario.clone(),
                |scratch, k| evaluate_run(spec, &plan, design, k, rows, scratch),
            )
            .collect();
        for run in chunk {
            sink.record(design, &run)?;
            result.failures += usize::from(run.error.is_some());
            result.above_gdp_share += usize::from(run.peak_gdp_share > GDP_SHARE_WARNING);
            result.peak_gdp_share = result.peak_gdp_share.max(run.peak_gdp_share);
            result.scalars.push(run.scalars);
            result.bands.push(&run.series);
            result.completed += 1;
        }
        observer.on_progress(result.completed);
        start = end;
    }
    Ok(result)
}

/// One row of `indices.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRow {
    /// Output name.
    pub output: String,
    /// Parameter key (or `a+b` for a pair).
    pub parameter: String,
    /// Statistic name (`S1`, `ST`, `S2`, `mu`, `mu_star`, `sigma`, `low`, `high`, `swing`).
    pub statistic: &'static str,
    /// Value.
    pub value: f64,
    /// 95% half-width where estimated.
    pub conf: Option<f64>,
}

/// Sensitivity indices of every output for the spec's method (none for mc, lhs and grid).
pub fn indices(spec: &SweepSpec, design: &Design, scalars: &[Vec<f64>]) -> Vec<IndexRow> {
    let dims = spec.parameters.len();
    let mut out = Vec::new();
    for (o, output) in spec.outputs.iter().enumerate() {
        let y: Vec<f64> = scalars.iter().map(|s| s[o]).collect();
        let mut push = |parameter: String, statistic, value, conf| {
            out.push(IndexRow {
                output: output.name.clone(),
                parameter,
                statistic,
                value,
                conf,
            })
        };
        match &spec.method {
            spec::Method::Sobol {
                second_order,
                bootstrap,
                ..
            } => {
                let (first, pairs) =
                    sensitivity::sobol(&y, dims, *second_order, *bootstrap, spec.seed);
                for (p, idx) in spec.parameters.iter().zip(first) {
                    push(p.key.clone(), "S1", idx.s1, Some(idx.s1_conf));
                    push(p.key.clone(), "ST", idx.st, Some(idx.st_conf));
                }
                for pair in pairs {
                    let key = format!(
                        "{}+{}",
                        spec.parameters[pair.i].key, spec.parameters[pair.j].key
                    );
                    push(key, "S2", pair.s2, Some(pair.s2_conf));
                }
            }
            spec::Method::Morris { .. } => {
                // Trajectories' unit points are recomputed, one at a time, rather than stored.
                let trajectory = |t| design.trajectory(t);
                for (p, idx) in spec
                    .parameters
                    .iter()
                    .zip(sensitivity::morris(&y, trajectory, dims, 500, spec.seed))
                {
                    push(p.key.clone(), "mu", idx.mu, None);
                    push(
                        p.key.clone(),
                        "mu_star",
                        idx.mu_star,
                        Some(idx.mu_star_conf),
                    );
                    push(p.key.clone(), "sigma", idx.sigma, None);
                }
            }
            spec::Method::Oat => {
                let base = y.first().copied().unwrap_or(f64::NAN);
                for (k, p) in spec.parameters.iter().enumerate() {
                    let (low, high) = (
                        y.get(1 + 2 * k).copied().unwrap_or(f64::NAN),
                        y.get(2 + 2 * k).copied().unwrap_or(f64::NAN),
                    );
                    push(p.key.clone(), "base", base, None);
                    push(p.key.clone(), "low", low, None);
                    push(p.key.clone(), "high", high, None);
                    push(p.key.clone(), "swing", (high - low).abs(), None);
                }
            }
            // Designs for uncertainty, not attribution: bands and samples only.
            spec::Method::Grid | spec::Method::MonteCarlo { .. } | spec::Method::Lhs { .. } => {}
        }
    }
    out
}

/// Whether the design is complete for the method's indices (a Sobol or Morris index needs
/// whole blocks; an interrupted run reports indices over the complete blocks only).
pub fn complete_blocks(spec: &SweepSpec, runs: usize) -> usize {
    let dims = spec.parameters.len();
    let block = match &spec.method {
        spec::Method::Sobol { second_order, .. } => {
            if *second_order {
                2 * dims + 2
            } else {
                dims + 2
            }
        }
        spec::Method::Morris { .. } => dims + 1,
        spec::Method::Oat
        | spec::Method::Grid
        | spec::Method::MonteCarlo { .. }
        | spec::Method::Lhs { .. } => 1,
    };
    runs / block * block
}
