//! One simulation from scenario to indicators: compile, integrate, evaluate indicators per row.
//!
//! [`RunResult`] is what the output writers and the analyses consume; it holds the indicator
//! table (rows = reporting times, columns = [`Column`]s), the calendar-year statistics and the
//! solver statistics, and keeps the raw state rows for checks such as accounting.

use crate::error::Error;
use crate::model::annual::{annual, AnnualValue};
use crate::model::indicators::{columns, visit, Column, ValueRecorder};
use crate::model::{Aux, Model};
use crate::scenario::Scenario;
use crate::solver::{simulate, union_breakpoints, SolverStats, Trajectory};

/// Results of one run.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// Scenario name.
    pub scenario: String,
    /// Sector ids, in order (columns refer to them by index).
    pub sector_ids: Vec<String>,
    /// Indicator definitions.
    pub columns: Vec<Column>,
    /// Reporting times.
    pub times: Vec<f64>,
    /// Indicator values: `values[row][column]`.
    pub values: Vec<Vec<f64>>,
    /// Calendar-year statistics.
    pub annual: Vec<AnnualValue>,
    /// Raw state at every reporting time.
    pub trajectory: Trajectory,
    /// Name of each state slot, e.g. `Hn[food_bev]` (for messages about the raw state).
    pub slot_names: Vec<String>,
}

impl RunResult {
    /// Index of the column `variable` (city-wide, or of sector `sector`) with `category`.
    pub fn column(&self, variable: &str, category: &str, sector: Option<&str>) -> Option<usize> {
        let sector = match sector {
            Some(id) => Some(self.sector_ids.iter().position(|s| s == id)?),
            None => None,
        };
        self.columns
            .iter()
            .position(|c| c.variable == variable && c.category == category && c.sector == sector)
    }

    /// The series of a column.
    pub fn series(&self, column: usize) -> Vec<f64> {
        self.values.iter().map(|row| row[column]).collect()
    }

    /// Value of a column at the reporting time closest to `t`.
    pub fn at(&self, column: usize, t: f64) -> f64 {
        let row = self
            .times
            .iter()
            .enumerate()
            .min_by(|a, b| (a.1 - t).abs().total_cmp(&(b.1 - t).abs()))
            .map_or(0, |(j, _)| j);
        self.values[row][column]
    }

    /// A calendar-year statistic.
    pub fn annual_value(&self, variable: &str, year: i32) -> Option<f64> {
        self.annual
            .iter()
            .find(|a| a.variable == variable && a.year == year)
            .map(|a| a.value)
    }

    /// Solver statistics.
    pub fn stats(&self) -> &SolverStats {
        &self.trajectory.stats
    }
}

/// Memory a run or a sweep may take before it is refused without `--yes` (decimal: 2·10⁹ bytes).
pub const DEFAULT_MAX_MEMORY: u64 = 2_000_000_000;

/// The estimated size of a run's results, known before it is integrated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunSize {
    /// Reporting rows.
    pub rows: usize,
    /// Indicator columns.
    pub columns: usize,
    /// State slots of the raw trajectory kept alongside.
    pub slots: usize,
    /// Bytes of the indicator table, the raw states, the times and the text of timeseries.csv.
    pub bytes: u64,
}

impl RunSize {
    /// Refuses a run over `limit` bytes.
    pub fn check(&self, limit: u64) -> Result<(), Error> {
        if self.bytes <= limit {
            return Ok(());
        }
        Err(Error::TooLarge {
            what: "run".into(),
            estimate: self.to_string(),
            limit: format!("{} of memory", format_bytes(limit)),
            advice: "pass --yes to run it anyway, or choose a larger report_step or an earlier \
                end in [time]"
                .into(),
        })
    }
}

impl std::fmt::Display for RunSize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} rows × {} columns, ≈ {}",
            format_count(self.rows as u64),
            format_count(self.columns as u64),
            format_bytes(self.bytes)
        )
    }
}

/// The size of `scenario`'s results (compiles the model to count its columns and state slots;
/// nothing is integrated).
pub fn size_estimate(scenario: &Scenario) -> Result<RunSize, Error> {
    let model = Model::compile(scenario)?;
    let rows = scenario.time.n_intervals() + 1;
    let cols = columns(&model);
    let (columns, slots) = (cols.len(), model.layout.len());
    // A row of each table is its own Vec: 24 bytes of header besides its f64s.
    let row = |n: usize| 24 + 8 * n as u64;
    // timeseries.csv is written from one buffer: a line per row and column, its names as they
    // are plus the separators, the time and a value of about 20 characters (measured: 64 bytes a
    // line for the baseline, 840 MB of resident memory for 26,001 rows).
    let text: u64 = cols
        .iter()
        .map(|c| {
            let sector = c.sector.map_or(0, |i| model.sector_ids[i].len());
            (scenario.name.len() + c.variable.len() + sector + c.category.len() + c.unit.len())
                as u64
                + 7
                + 30
        })
        .sum();
    let bytes = (rows as u64).saturating_mul(row(columns) + row(slots) + 2 * 8 + text);
    Ok(RunSize {
        rows,
        columns,
        slots,
        bytes,
    })
}

/// `1,234,567`.
pub fn format_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() * 4 / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Decimal units with two significant figures or more: `740 B`, `19 MB`, `5.9 GB`.
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["B", "kB", "MB", "GB", "TB", "PB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 999.5 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    // Whole numbers without a decimal, so that a limit of 2·10⁹ reads `2 GB`.
    if unit == 0 || value >= 9.95 || (value - value.round()).abs() < 0.05 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Compiles and runs `scenario`.
pub fn run(scenario: &Scenario) -> Result<RunResult, Error> {
    let model = Model::compile(scenario)?;
    run_model(&model, scenario)
}

/// Runs an already compiled model with the scenario's time and solver settings.
pub fn run_model(model: &Model, scenario: &Scenario) -> Result<RunResult, Error> {
    run_model_on(model, scenario, &scenario.breakpoints())
}

/// Compiles and runs `scenario` restarting the integration at `breakpoints` (which must include
/// the scenario's own): runs that are compared are integrated on the union of their breakpoints
/// so that they take the same steps until they first differ (see [`union_breakpoints`]).
pub fn run_on(scenario: &Scenario, breakpoints: &[f64]) -> Result<RunResult, Error> {
    let model = Model::compile(scenario)?;
    run_model_on(&model, scenario, breakpoints)
}

/// Runs an already compiled model restarting at `breakpoints`.
pub fn run_model_on(
    model: &Model,
    scenario: &Scenario,
    breakpoints: &[f64],
) -> Result<RunResult, Error> {
    let trajectory = simulate(model, &scenario.time, &scenario.solver, breakpoints)?;
    Ok(evaluate(model, scenario, trajectory))
}

/// The union of the breakpoints of `scenarios`, for integrating them as one comparison.
pub fn comparison_breakpoints(scenarios: &[Scenario]) -> Vec<f64> {
    let sets: Vec<Vec<f64>> = scenarios.iter().map(Scenario::breakpoints).collect();
    union_breakpoints(sets.iter().map(Vec::as_slice))
}

/// Evaluates the indicators on a trajectory.
pub fn evaluate(model: &Model, scenario: &Scenario, trajectory: Trajectory) -> RunResult {
    let cols = columns(model);
    let mut aux = Aux::new(model.n_sectors());
    let values: Vec<Vec<f64>> = trajectory
        .times
        .iter()
        .zip(&trajectory.states)
        .map(|(&t, y)| {
            model.eval(t, y, &mut aux);
            let mut rec = ValueRecorder(Vec::with_capacity(cols.len()));
            visit(model, t, y, &aux, &mut rec);
            rec.0
        })
        .collect();
    let year_states = trajectory.year_states(scenario.time.rows_per_year());
    let annual = annual(&model.layout, scenario.time.start as i32, &year_states);
    RunResult {
        scenario: scenario.name.clone(),
        sector_ids: model.sector_ids.clone(),
        columns: cols,
        times: trajectory.times.clone(),
        values,
        annual,
        slot_names: (0..model.layout.len())
            .map(|k| model.layout.slot_name(k, &model.sector_ids))
            .collect(),
        trajectory,
    }
}
