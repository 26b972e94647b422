//! Scenario comparison: indicators at milestone years, deltas against a baseline,
//! cost-effectiveness, fiscal checks, administrative measures, and a ranking.
//!
//! Scenarios run in parallel (rayon); results are in input order whatever the thread count.
//! Cost-effectiveness divides differences at the last comparison year by the difference in
//! cumulative fiscal cost; it is `None` ("n/a") when ΔCost < [`MIN_COST_DIFFERENCE`]: a tiny
//! difference would only amplify noise, and a saving divided into a loss reads as a gain.
//! Talent-years per 亿元 divide ∫Δ high-level talent in firms dt by ΔCost, both discounted to the
//! baseline's start year at the chosen rate (0 by default, stated in every table).

use std::path::Path;

use std::sync::LazyLock;

use rayon::prelude::*;

use super::fiscal::{fiscal, Fiscal};
use crate::error::Error;
use crate::model::indicator_registry::{shown_in, Direction, IndicatorDef, Shown, INDICATORS};
use crate::results::{comparison_breakpoints, run_on, RunResult};
use crate::scenario::schema::{Cost, Role, GROUPS, SECTOR_PARAMS};
use crate::scenario::Scenario;

/// Below this difference in cumulative cost (亿元) cost-effectiveness is reported as n/a.
pub const MIN_COST_DIFFERENCE: f64 = 0.05;

/// Indicators compared, in table order: those the indicator registry shows in comparisons.
pub static COMPARED: LazyLock<Vec<&'static IndicatorDef>> =
    LazyLock::new(|| shown_in(Shown::Comparison).collect());

/// The label of an indicator in a table: its English label and, unless it is a ratio, its unit.
pub fn table_label(def: &IndicatorDef) -> String {
    if def.unit == "1" {
        def.en.to_string()
    } else {
        format!("{} ({})", def.en, def.unit)
    }
}

/// Whether a package's changes of high-level talent in firms and in public service (persons,
/// against the baseline) make it partly a reallocation from public service to firms: firms gain
/// and public service loses at least half a person.
pub fn is_reallocation(firms_delta: f64, public_delta: f64) -> bool {
    firms_delta > 0.5 && public_delta < -0.5
}

/// One scenario's run in a comparison.
#[derive(Debug, Clone)]
pub struct ComparedRun {
    /// The scenario.
    pub scenario: Scenario,
    /// Its results.
    pub result: RunResult,
}

/// One indicator of one scenario at one year, with the baseline's value.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Index into [`Comparison::runs`].
    pub run: usize,
    /// Year.
    pub year: f64,
    /// Index into [`COMPARED`].
    pub indicator: usize,
    /// Unit of the indicator.
    pub unit: &'static str,
    /// Value in this scenario.
    pub value: f64,
    /// Value in the baseline.
    pub baseline: f64,
}

impl Cell {
    /// value − baseline.
    pub fn delta(&self) -> f64 {
        self.value - self.baseline
    }

    /// 100·(value − baseline)/|baseline|, `None` when the baseline is 0.
    pub fn pct_delta(&self) -> Option<f64> {
        (self.baseline != 0.0).then(|| 100.0 * self.delta() / self.baseline.abs())
    }
}

/// Cost-effectiveness of a scenario against the baseline at the last comparison year.
#[derive(Debug, Clone, PartialEq)]
pub struct Effectiveness {
    /// Index into [`Comparison::runs`].
    pub run: usize,
    /// Extra cumulative fiscal cost (亿元).
    pub delta_cost: f64,
    /// Extra talent of all kinds (H + Hn + S + PS + E + φ_F·F, FTE) per 亿元.
    pub talent_per_yi: Option<f64>,
    /// Extra high-level talent (persons) per 亿元.
    pub high_level_per_yi: Option<f64>,
    /// Extra high-tech share of manufacturing, percentage points per 亿元.
    pub high_tech_points_per_yi: Option<f64>,
    /// Extra cost per additional high-level person present at the year (万元/person).
    pub cost_per_retained_wan: Option<f64>,
    /// Talent-years gained in firms, ∫Δ high-level talent in firms dt from the start to the
    /// year, per 亿元 of extra cost — both discounted at [`Comparison::discount_rate`].
    pub talent_years_per_yi: Option<f64>,
    /// Discounted talent-years gained in firms (person·yr).
    pub talent_years: f64,
    /// Discounted extra cost (亿元); equals `delta_cost` at rate 0.
    pub discounted_cost: f64,
    /// The levers the package changes against the baseline (dotted keys).
    pub changed_levers: Vec<String>,
    /// Those of them declared administrative (no direct outlay): the package's effect comes
    /// partly from measures without a cost line ("含无直接财政成本措施").
    pub administrative_levers: Vec<String>,
}

impl Effectiveness {
    /// Whether the package changes at least one administrative lever.
    pub fn has_administrative(&self) -> bool {
        !self.administrative_levers.is_empty()
    }

    /// Whether every lever the package changes is administrative (model-spec v3 P11).
    pub fn only_administrative(&self) -> bool {
        self.has_administrative() && self.administrative_levers.len() == self.changed_levers.len()
    }

    /// A ratio by its name (see [`RATIOS`]).
    pub fn ratio(&self, name: &str) -> Option<f64> {
        match name {
            "talent_years_per_yi" => self.talent_years_per_yi,
            "high_level_per_yi" => self.high_level_per_yi,
            "talent_per_yi" => self.talent_per_yi,
            "high_tech_points_per_yi" => self.high_tech_points_per_yi,
            _ => None,
        }
    }
}

/// Cost-effectiveness ratios `--rank-by` accepts besides indicators.
pub const RATIOS: [&str; 4] = [
    "talent_years_per_yi",
    "high_level_per_yi",
    "talent_per_yi",
    "high_tech_points_per_yi",
];

/// The default ranking: talent-years gained in firms per 亿元.
pub const DEFAULT_RANK_BY: &str = "talent_years_per_yi";

/// The Chinese label of the administrative marking.
pub const ADMINISTRATIVE_MARK: &str = "含无直接财政成本措施";

/// A comparison of several scenarios.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Runs, in input order.
    pub runs: Vec<ComparedRun>,
    /// Index of the baseline run.
    pub baseline: usize,
    /// Comparison years.
    pub years: Vec<f64>,
    /// Every (run, year, indicator).
    pub cells: Vec<Cell>,
    /// Cost-effectiveness of every run but the baseline.
    pub effectiveness: Vec<Effectiveness>,
    /// Fiscal checks of every run (budget, share of GDP), in run order.
    pub fiscal: Vec<Fiscal>,
    /// Discount rate of costs and talent-years (1/yr; 0 = undiscounted).
    pub discount_rate: f64,
    /// The ranking indicator (variable, category), or a ratio of [`RATIOS`] with category "".
    pub rank_by: (String, String),
    /// Runs ordered best first by the ranking indicator at the last year (higher is better,
    /// except for gaps, cost and loss rates); by a ratio, the packages only, n/a last.
    pub ranking: Vec<(usize, f64)>,
    /// The conclusions over a sweep's draws (`--uncertainty`), when asked for.
    pub robustness: Option<super::uncertainty::Robustness>,
}

impl Comparison {
    /// Whether the ranking is by a cost-effectiveness ratio rather than an indicator.
    pub fn ranks_by_ratio(&self) -> bool {
        RATIOS.contains(&self.rank_by.0.as_str())
    }

    /// The cost-effectiveness of run `k` (`None` for the baseline).
    pub fn effectiveness_of(&self, k: usize) -> Option<&Effectiveness> {
        self.effectiveness.iter().find(|e| e.run == k)
    }
}

/// Whether a lower value of `variable` (any category) is better, by the indicator registry.
pub fn lower_is_better(variable: &str) -> bool {
    INDICATORS
        .iter()
        .any(|d| d.variable == variable && d.direction == Direction::Lower)
}

/// Parses `variable` or `variable[category]`.
pub fn parse_indicator(text: &str) -> (String, String) {
    match text.split_once('[') {
        Some((v, rest)) => (v.to_string(), rest.trim_end_matches(']').to_string()),
        None => (text.to_string(), String::new()),
    }
}

fn value_at(result: &RunResult, variable: &str, category: &str, year: f64) -> f64 {
    result
        .column(variable, category, None)
        .map_or(f64::NAN, |c| result.at(c, year))
}

/// Index of the baseline among `scenarios`: `wanted` is a scenario name or the path of one of
/// the scenario files; without it, the scenario named "baseline", else the first.
pub fn choose_baseline(scenarios: &[Scenario], wanted: Option<&str>) -> Result<usize, Error> {
    let Some(wanted) = wanted else {
        return Ok(scenarios
            .iter()
            .position(|s| s.name == "baseline")
            .unwrap_or(0));
    };
    if let Some(k) = scenarios.iter().position(|s| s.name == wanted) {
        return Ok(k);
    }
    // The same file may be named by different relative paths, so files are compared canonically.
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let target = canonical(Path::new(wanted));
    scenarios
        .iter()
        .position(|s| canonical(&s.file) == target)
        .ok_or_else(|| Error::Invalid {
            message: format!(
                "--baseline {wanted}: neither the name nor the file of a compared scenario (names: \
                    {})",
                scenarios
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
}

/// The comparison years among `wanted` that lie inside the baseline's run; the horizon alone
/// when none does, so a comparison always has a year.
pub fn comparison_years(baseline: &Scenario, wanted: &[f64]) -> Vec<f64> {
    let (start, end) = (baseline.time.start, baseline.time.end);
    let mut years: Vec<f64> = wanted
        .iter()
        .copied()
        .filter(|y| *y >= start && *y <= end)
        .collect();
    if years.is_empty() {
        years.push(end);
    }
    years
}

/// Refuses a comparison year outside the run of any compared scenario: a run reports nothing
/// after its horizon, and its last value would be shown as that year's (a run ending in 2030
/// would have its 2030 GDP compared as the 2035 one).
pub fn check_years_in_every_run(scenarios: &[Scenario], years: &[f64]) -> Result<(), Error> {
    for s in scenarios {
        let (start, end) = (s.time.start, s.time.end);
        let outside: Vec<String> = years
            .iter()
            .filter(|y| **y < start - 1e-9 || **y > end + 1e-9)
            .map(|y| y.to_string())
            .collect();
        if outside.is_empty() {
            continue;
        }
        let common: Vec<String> = years
            .iter()
            .filter(|y| {
                scenarios
                    .iter()
                    .all(|o| **y >= o.time.start - 1e-9 && **y <= o.time.end + 1e-9)
            })
            .map(|y| y.to_string())
            .collect();
        let hint = if common.is_empty() {
            "give --years inside every run".to_string()
        } else {
            format!(
                "compare at years inside every run, e.g. --years {}",
                common.join(",")
            )
        };
        return Err(Error::Invalid {
            message: format!(
                "{} ({}) runs from {start} to {end} and has no value at {}; {hint}, or give the \
                 scenarios the same [time] span",
                s.name,
                s.file.display(),
                outside.join(", ")
            ),
        });
    }
    Ok(())
}

/// Refuses two scenarios with the same name (the name is the output directory of each run).
pub fn check_distinct_names(scenarios: &[Scenario]) -> Result<(), Error> {
    for (k, s) in scenarios.iter().enumerate() {
        if let Some(other) = scenarios[..k].iter().find(|o| o.name == s.name) {
            return Err(Error::Invalid {
                message: format!(
                    "{} and {} are both named {:?}; scenario names must differ (they name the \
                        output directories)",
                    other.file.display(),
                    s.file.display(),
                    s.name
                ),
            });
        }
    }
    Ok(())
}

/// What a comparison is asked for: the baseline (name or file, see [`choose_baseline`]), the
/// wanted years and the ranking indicator as text (`variable` or `variable[category]`).
#[derive(Debug, Clone, PartialEq)]
pub struct CompareRequest {
    /// Baseline scenario name or file; `None` for the default.
    pub baseline: Option<String>,
    /// Wanted comparison years (those inside the baseline's run are used).
    pub years: Vec<f64>,
    /// Ranking indicator or ratio.
    pub rank_by: String,
    /// Discount rate of costs and talent-years (1/yr).
    pub discount_rate: f64,
}

/// Checks the scenarios, chooses the baseline and the years, runs and compares; refuses a
/// ranking indicator that no run has.
pub fn compare_request(
    scenarios: Vec<Scenario>,
    request: &CompareRequest,
) -> Result<Comparison, Error> {
    check_distinct_names(&scenarios)?;
    let baseline = choose_baseline(&scenarios, request.baseline.as_deref())?;
    let years = comparison_years(&scenarios[baseline], &request.years);
    check_years_in_every_run(&scenarios, &years)?;
    let comparison = compare(
        scenarios,
        baseline,
        &years,
        parse_indicator(&request.rank_by),
        request.discount_rate,
    )?;
    if !comparison.ranks_by_ratio() && comparison.ranking.iter().all(|(_, v)| v.is_nan()) {
        return Err(Error::Invalid {
            message: format!(
                "--rank-by {}: no such city-wide indicator (see the variable column of \
                    timeseries.csv) or ratio ({})",
                request.rank_by,
                RATIOS.join(", ")
            ),
        });
    }
    Ok(comparison)
}

/// Runs `scenarios` in parallel and compares them with `scenarios[baseline]`.
pub fn compare(
    scenarios: Vec<Scenario>,
    baseline: usize,
    years: &[f64],
    rank_by: (String, String),
    discount_rate: f64,
) -> Result<Comparison, Error> {
    // One set of segments for all runs: each package then agrees with the baseline exactly
    // until its first policy change.
    let breakpoints = comparison_breakpoints(&scenarios);
    let results: Vec<Result<RunResult, Error>> = scenarios
        .par_iter()
        .map(|s| run_on(s, &breakpoints))
        .collect();
    let mut runs = Vec::with_capacity(scenarios.len());
    for (scenario, result) in scenarios.into_iter().zip(results) {
        runs.push(ComparedRun {
            result: result?,
            scenario,
        });
    }
    Ok(compare_runs(runs, baseline, years, rank_by, discount_rate))
}

/// The levers (dotted keys) whose value or path differs between `s` and `base`, with whether
/// each is administrative.
pub fn changed_levers(s: &Scenario, base: &Scenario) -> Vec<(String, bool)> {
    let administrative = |role: Role| matches!(role.cost(), Some(Cost::Administrative(..)));
    let mut out = Vec::new();
    for group in GROUPS.iter() {
        for def in group.params.iter().filter(|d| d.role.cost().is_some()) {
            if s.global(group.name, def.key).value != base.global(group.name, def.key).value {
                out.push((
                    format!("params.{}.{}", group.name, def.key),
                    administrative(def.role),
                ));
            }
        }
    }
    for sector in &s.sectors {
        let Some(theirs) = base.sectors.iter().find(|b| b.id == sector.id) else {
            continue;
        };
        for def in SECTOR_PARAMS.iter().filter(|d| d.role.cost().is_some()) {
            if sector.param(def.key).value != theirs.param(def.key).value {
                out.push((
                    format!("sectors.{}.{}", sector.id, def.key),
                    administrative(def.role),
                ));
            }
        }
    }
    out
}

/// ∫ e^(−r(t − t0)) dX over the report rows up to `year`, for a cumulative X (each row's
/// increment weighted at the interval's midpoint; exactly ΔX at r = 0), and ∫ e^(−r(t − t0))·x dt
/// for a level x (trapezoids).
fn discounted(r: &RunResult, base: &RunResult, column: &str, year: f64, rate: f64) -> (f64, f64) {
    let (Some(c), Some(b)) = (
        r.column(column, "", None)
            .or_else(|| r.column(column, "H", None)),
        base.column(column, "", None)
            .or_else(|| base.column(column, "H", None)),
    ) else {
        return (f64::NAN, f64::NAN);
    };
    let t0 = base.times.first().copied().unwrap_or(0.0);
    // The baseline read at the package's report times: the two runs may have different grids
    // (another start or report step); before the baseline's start the difference is not defined.
    let delta = |row: usize| r.values[row][c] - base.at(b, r.times[row]);
    let (mut increments, mut integral) = (0.0, 0.0);
    let first = r
        .times
        .iter()
        .position(|&t| t >= t0 - 1e-9)
        .unwrap_or(r.times.len());
    for row in (first + 1)..r.times.len() {
        let (ta, tb) = (r.times[row - 1], r.times[row]);
        if tb > year + 1e-9 {
            break;
        }
        let weight = (-rate * (0.5 * (ta + tb) - t0)).exp();
        increments += weight * (delta(row) - delta(row - 1));
        let (wa, wb) = ((-rate * (ta - t0)).exp(), (-rate * (tb - t0)).exp());
        integral += 0.5 * (tb - ta) * (wa * delta(row - 1) + wb * delta(row));
    }
    (increments, integral)
}

/// Compares finished runs.
pub fn compare_runs(
    runs: Vec<ComparedRun>,
    baseline: usize,
    years: &[f64],
    rank_by: (String, String),
    discount_rate: f64,
) -> Comparison {
    let base = &runs[baseline].result;
    let base_scenario = &runs[baseline].scenario;
    let mut cells = Vec::new();
    for (k, r) in runs.iter().enumerate() {
        for &year in years {
            for (indicator, def) in COMPARED.iter().enumerate() {
                let (variable, category) = (def.variable, def.category);
                let unit = r
                    .result
                    .column(variable, category, None)
                    .map_or("", |c| r.result.columns[c].unit);
                cells.push(Cell {
                    run: k,
                    year,
                    indicator,
                    unit,
                    value: value_at(&r.result, variable, category, year),
                    baseline: value_at(base, variable, category, year),
                });
            }
        }
    }
    let last = years.last().copied().unwrap_or(f64::NAN);
    let effectiveness: Vec<Effectiveness> = runs
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != baseline)
        .map(|(k, r)| {
            let delta =
                |v: &str, c: &str| value_at(&r.result, v, c, last) - value_at(base, v, c, last);
            let delta_cost = delta("cost_total", "");
            let changed = changed_levers(&r.scenario, base_scenario);
            // Ratios per 亿元 only mean something for extra spending on a measure that costs:
            // a package that saves money (or costs less than the threshold), or whose levers are
            // all administrative (its extra cost is a side effect, e.g. salaries of posts that
            // happen to be filled), is reported as n/a and judged by its deltas.
            let costed = changed.is_empty() || changed.iter().any(|(_, admin)| !admin);
            let per =
                |x: f64| (costed && delta_cost >= MIN_COST_DIFFERENCE).then(|| x / delta_cost);
            let extra_high = delta("talent_total", "H");
            let (discounted_cost, _) =
                discounted(&r.result, base, "cost_total", last, discount_rate);
            let (_, talent_years) =
                discounted(&r.result, base, "talent_firms", last, discount_rate);
            Effectiveness {
                run: k,
                delta_cost,
                talent_per_yi: per(delta("talent_equivalent", "")),
                high_level_per_yi: per(extra_high),
                high_tech_points_per_yi: per(100.0 * delta("high_tech_share_manufacturing", "")),
                cost_per_retained_wan: (costed
                    && delta_cost >= MIN_COST_DIFFERENCE
                    && extra_high > 0.0)
                    .then(|| delta_cost * 1e4 / extra_high),
                talent_years_per_yi: (costed && discounted_cost >= MIN_COST_DIFFERENCE)
                    .then(|| talent_years / discounted_cost),
                talent_years,
                discounted_cost,
                administrative_levers: changed
                    .iter()
                    .filter(|(_, admin)| *admin)
                    .map(|(key, _)| key.clone())
                    .collect(),
                changed_levers: changed.into_iter().map(|(key, _)| key).collect(),
            }
        })
        .collect();
    let by_ratio = RATIOS.contains(&rank_by.0.as_str());
    let mut ranking: Vec<(usize, f64)> = if by_ratio {
        effectiveness
            .iter()
            .map(|e: &Effectiveness| (e.run, e.ratio(&rank_by.0).unwrap_or(f64::NAN)))
            .collect()
    } else {
        runs.iter()
            .enumerate()
            .map(|(k, r)| (k, value_at(&r.result, &rank_by.0, &rank_by.1, last)))
            .collect()
    };
    let lower = !by_ratio && lower_is_better(&rank_by.0);
    // Best first; n/a (NaN) always last.
    ranking.sort_by(|a, b| match (a.1.is_nan(), b.1.is_nan()) {
        (false, false) if lower => a.1.total_cmp(&b.1),
        (false, false) => b.1.total_cmp(&a.1),
        (nan_a, nan_b) => nan_a.cmp(&nan_b),
    });
    let fiscal = runs
        .iter()
        .map(|r| fiscal(&r.result, r.scenario.budget))
        .collect();
    Comparison {
        runs,
        baseline,
        years: years.to_vec(),
        cells,
        effectiveness,
        fiscal,
        discount_rate,
        rank_by,
        ranking,
        robustness: None,
    }
}
