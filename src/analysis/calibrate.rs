//! Calibration: fit chosen `assumption` parameters to the sourced historical series in
//! data/history.csv with a weighted sum of squared relative errors, minimised by Nelder–Mead
//! (argmin) from several starts; report per-series RMSE, R² and Theil's inequality statistics.
//!
//! Only figures inside the simulated period can be compared: a calendar-year growth needs the
//! year and the one before inside the run; levels at a year need the year inside it. Series rows
//! outside are listed as not used. Bounds (`high_tech_share_bound`) add a penalty only when
//! exceeded.
//!
//! # References
//! - Sterman, J. (2000). *Business Dynamics*, ch. 21 (Theil statistics U_M, U_S, U_C).
//! - Nelder, J. A., Mead, R. (1965). A simplex method for function minimization.

use std::path::{Path, PathBuf};

use argmin::core::{CostFunction, Executor, State};
use argmin::solver::neldermead::NelderMead;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use toml::de::DeTable;

use super::sweep::spec::{
    base_value, read_from, read_mode, resolve, set_target_from, Mode, Target,
};
use crate::diagnostics::{get, read_input_text, read_spec_file, Diagnostics};
use crate::error::{Error, IssueKind, SpecKind};
use crate::results::{run, RunResult};
use crate::scenario::{load, Scenario};

/// One historical observation.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// Series name.
    pub series: String,
    /// Year.
    pub year: i32,
    /// Value.
    pub value: f64,
    /// Provenance tag.
    pub source: String,
    /// Where the figure was found (a web address, or the seed report).
    pub url: String,
    /// What the figure is and any caveat.
    pub note: String,
}

/// Reads data/history.csv (`series,year,value,unit,source,url,note`).
pub fn read_history(path: &Path) -> Result<Vec<Observation>, Error> {
    parse_history(&read_input_text(path)?, path)
}

/// The history the program was built with (`data/history.csv` of its source), for reports that
/// set a run beside the statistics without the file at hand.
pub fn bundled_history() -> Vec<Observation> {
    parse_history(
        include_str!("../../data/history.csv"),
        Path::new("data/history.csv"),
    )
    .unwrap_or_default()
}

/// Parses the text of a history file; `path` names it in errors.
fn parse_history(text: &str, path: &Path) -> Result<Vec<Observation>, Error> {
    let text = text.trim_start_matches('\u{feff}');
    let bad = |line: usize, message: String| Error::BadHistory {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut out = Vec::new();
    for (k, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.splitn(7, ',').collect();
        if f.len() < 7 {
            return Err(bad(
                k + 1,
                "expected 7 columns: series,year,value,unit,source,url,note (the header of \
                 data/history.csv; a comma inside a field is not allowed)"
                    .into(),
            ));
        }
        let value: f64 = f[2]
            .trim()
            .parse()
            .map_err(|_| bad(k + 1, format!("value {:?} is not a number", f[2])))?;
        // Rust parses "NaN" and "inf"; a non-finite figure would make every payoff NaN.
        if !value.is_finite() {
            return Err(bad(
                k + 1,
                format!("value {:?} is not a finite number", f[2]),
            ));
        }
        out.push(Observation {
            series: f[0].to_string(),
            year: f[1]
                .trim()
                .parse()
                .map_err(|_| bad(k + 1, format!("year {:?} is not a whole number", f[1])))?,
            value,
            source: f[4].to_string(),
            url: f[5].to_string(),
            note: f[6].to_string(),
        });
    }
    Ok(out)
}

/// How a history series is compared with the model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Compare {
    /// A calendar-year statistic of annual.csv.
    Annual(&'static str),
    /// A level at the start of the year (timeseries).
    Level(&'static str),
    /// An upper bound on a level.
    Bound(&'static str),
}

/// The model counterpart of each history series.
pub fn counterpart(series: &str) -> Option<Compare> {
    Some(match series {
        "gdp_growth" => Compare::Annual("gdp_growth"),
        "industrial_va_growth" => Compare::Annual("value_added_manufacturing_growth"),
        "high_level_hires" => Compare::Annual("hires_programme_and_public"),
        "population" => Compare::Level("population"),
        "gdp" => Compare::Annual("gdp"),
        "high_tech_share_bound" => Compare::Bound("high_tech_share_manufacturing"),
        _ => return None,
    })
}

/// The model counterpart of `series` in `year` of run `r`, if the series has one and the run
/// covers the year (a growth needs the year before too).
pub fn model_value_at(r: &RunResult, series: &str, year: i32) -> Option<f64> {
    match counterpart(series)? {
        Compare::Annual(v) => r.annual_value(v, year),
        Compare::Level(v) | Compare::Bound(v) => {
            let t = year as f64;
            let c = r.column(v, if v.starts_with("talent") { "H" } else { "" }, None)?;
            (t >= r.times[0] && t <= *r.times.last()?).then(|| r.at(c, t))
        }
    }
}

/// The model counterpart of `series` in every year of run `r` that has one, for charts.
pub fn model_path(r: &RunResult, series: &str) -> Vec<(i32, f64)> {
    let (first, last) = (
        r.times[0].floor() as i32,
        r.times.last().map_or(0, |t| t.ceil() as i32),
    );
    (first..=last)
        .filter_map(|y| model_value_at(r, series, y).map(|v| (y, v)))
        .collect()
}

/// A fitted parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct FitParam {
    /// Key.
    pub key: String,
    /// Where it lives.
    pub target: Target,
    /// Value or scale.
    pub mode: Mode,
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
    /// Start value.
    pub start: f64,
    /// The year from which the fitted value applies (`from`); before it the path keeps its
    /// start-year value, as a sweep's `from` does. None: the whole run.
    pub from: Option<f64>,
}

/// A calibration spec.
#[derive(Debug, Clone)]
pub struct CalibrationSpec {
    /// The spec file.
    pub file: PathBuf,
    /// The scenario calibrated.
    pub scenario: Scenario,
    /// The scenario's file, relative to which the calibrated scenario extends it.
    pub scenario_path: PathBuf,
    /// History observations.
    pub history: Vec<Observation>,
    /// The history file.
    pub history_path: PathBuf,
    /// Parameters to fit.
    pub parameters: Vec<FitParam>,
    /// Weight per series (series not listed are not fitted).
    pub weights: Vec<(String, f64)>,
    /// Nelder–Mead starts.
    pub starts: usize,
    /// Iterations per start.
    pub max_iterations: u64,
    /// Seed for the starts.
    pub seed: u64,
    /// Last year fitted (`fit_until`): later observations are held out — compared, not fitted.
    /// `None` fits every year.
    pub fit_until: Option<i32>,
}

/// The part of the history an observation belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Fitted.
    Fit,
    /// Held out: compared with the fitted run, not used to fit it.
    Holdout,
}

impl Part {
    /// Its name in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Part::Fit => "fit",
            Part::Holdout => "holdout",
        }
    }
}

/// R² and Theil's statistics need at least this many points of a series in a part.
pub const MIN_POINTS_FOR_R2: usize = 3;

/// Reads a calibration spec.
pub fn load_calibration(path: &Path) -> Result<CalibrationSpec, Error> {
    read_spec_file(path, SpecKind::Calibration, read_calibration)
}

fn read_calibration(
    ctx: &mut Diagnostics,
    root: &DeTable<'_>,
    path: &Path,
) -> Result<Option<CalibrationSpec>, Error> {
    ctx.check_keys(root, &["calibrate", "parameters", "series"], "");
    let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let Some(head) = ctx
        .required(
            root,
            "calibrate",
            0..0,
            "",
            "a [calibrate] table with scenario and history",
        )
        .and_then(|v| ctx.table(v, "calibrate"))
    else {
        return Ok(None);
    };
    ctx.check_keys(
        head,
        &[
            "scenario",
            "history",
            "starts",
            "max_iterations",
            "seed",
            "fit_until",
        ],
        "calibrate",
    );
    let fit_until = get(head, "fit_until")
        .and_then(|v| ctx.whole_in(v, "calibrate.fit_until", 1900.0, 2300.0))
        .map(|y| y as i32);
    let path_of = |ctx: &mut Diagnostics, key: &str| {
        ctx.required(head, key, 0..0, "calibrate", "a path relative to this file")
            .and_then(|v| ctx.string(v, &format!("calibrate.{key}")))
    };
    let (Some(scenario_rel), Some(history_rel)) =
        (path_of(ctx, "scenario"), path_of(ctx, "history"))
    else {
        return Ok(None);
    };
    // A bad count is reported; the default only lets reading go on to find further problems.
    let count = |ctx: &mut Diagnostics, key: &str, default: u64, max: f64| match get(head, key) {
        Some(v) => ctx
            .whole_in(v, &format!("calibrate.{key}"), 1.0, max)
            .unwrap_or(default),
        None => default,
    };
    let starts = count(ctx, "starts", 4, 100.0) as usize;
    let max_iterations = count(ctx, "max_iterations", 300, 1e5);
    let seed = count(ctx, "seed", 1, 9e15);
    let scenario_path = dir.join(&scenario_rel);
    let scenario = load(&scenario_path)?;
    let history_path = dir.join(&history_rel);
    let history = read_history(&history_path)?;
    let mut parameters = Vec::new();
    let parameter_list = get(root, "parameters")
        .and_then(|v| ctx.array(v, "parameters", "an array of tables ([[parameters]])"));
    if let Some(items) = parameter_list {
        for (k, item) in items.iter().enumerate() {
            let p = format!("parameters[{k}]");
            let Some(t) = ctx.table(item, &p) else {
                continue;
            };
            ctx.check_keys(t, &["key", "mode", "lower", "upper", "from"], &p);
            let Some(kv) = ctx.required(t, "key", item.span(), &p, "the parameter key") else {
                continue;
            };
            let Some(key) = ctx.string(kv, &format!("{p}.key")) else {
                continue;
            };
            let Some(target) = resolve(ctx, &key, kv.span(), &format!("{p}.key"), &scenario) else {
                continue;
            };
            let base = base_value(&scenario, target);
            let Some(mode) = read_mode(ctx, t, &p, &key, base) else {
                continue;
            };
            let Ok(from) = read_from(ctx, t, &p, &key, target.def(), &scenario) else {
                continue;
            };
            let lower = ctx.required_number(t, "lower", item.span(), &p);
            let upper = ctx.required_number(t, "upper", item.span(), &p);
            let (Some(lower), Some(upper)) = (lower, upper) else {
                continue;
            };
            let start = if mode == Mode::Value {
                base.unwrap_or(0.5 * (lower + upper))
            } else {
                1.0
            };
            if !(lower < upper && (lower..=upper).contains(&start)) {
                ctx.issue(
                    IssueKind::OutOfRange,
                    item.span(),
                    &p,
                    format!(
                        "need lower < upper \
                    around the current value {start}, got [{lower}, {upper}]"
                    ),
                );
                continue;
            }
            parameters.push(FitParam {
                key,
                target,
                mode,
                lower,
                upper,
                start,
                from,
            });
        }
    }
    if parameters.is_empty() {
        ctx.issue(
            IssueKind::MissingKey,
            0..0,
            "parameters",
            "no parameter to fit".into(),
        );
    }
    let mut weights = Vec::new();
    let series_list =
        get(root, "series").and_then(|v| ctx.array(v, "series", "an array of tables ([[series]])"));
    if let Some(items) = series_list {
        for (k, item) in items.iter().enumerate() {
            let p = format!("series[{k}]");
            let Some(t) = ctx.table(item, &p) else {
                continue;
            };
            ctx.check_keys(t, &["name", "weight"], &p);
            let Some(name) = get(t, "name").and_then(|v| ctx.string(v, &format!("{p}.name")))
            else {
                continue;
            };
            if counterpart(&name).is_none() {
                ctx.issue(
                    IssueKind::UnknownKey,
                    item.span(),
                    &format!("{p}.name"),
                    format!(
                        "no \
                    model counterpart for series {name:?} (known: gdp, gdp_growth, \
                        industrial_va_growth, high_level_hires, population, \
                        high_tech_share_bound)"
                    ),
                );
                continue;
            }
            let weight = get(t, "weight")
                .and_then(|v| ctx.number_in(v, &format!("{p}.weight"), 0.0, 1e6, ""))
                .unwrap_or(1.0);
            // A series the history does not hold would add nothing to the payoff, silently.
            if !history.iter().any(|o| o.series == name) {
                ctx.issue(
                    IssueKind::MissingKey,
                    get(t, "name").map_or(item.span(), |v| v.span()),
                    &format!("{p}.name"),
                    format!(
                        "{} has no row of series {name:?}; allowed: a series of that file",
                        history_path.display()
                    ),
                );
                continue;
            }
            weights.push((name, weight));
        }
    }
    if series_list.is_some_and(|items| items.is_empty()) || get(root, "series").is_none() {
        ctx.issue(
            IssueKind::MissingKey,
            get(root, "series").map_or(0..0, |v| v.span()),
            "series",
            "no series to fit: add [[series]] entries naming series of the history file".into(),
        );
    }
    Ok(Some(CalibrationSpec {
        file: path.to_path_buf(),
        scenario,
        scenario_path,
        history,
        history_path,
        parameters,
        weights,
        starts,
        max_iterations,
        seed,
        fit_until,
    }))
}

impl CalibrationSpec {
    /// The scenario with parameter values `x` applied.
    pub fn apply(&self, x: &[f64]) -> Scenario {
        let mut s = self.scenario.clone();
        for (p, &v) in self.parameters.iter().zip(x) {
            set_target_from(&mut s, p.target, p.mode, v, p.from);
        }
        s
    }

    /// Model value for an observation, if comparable.
    pub fn model_value(&self, r: &RunResult, o: &Observation) -> Option<f64> {
        model_value_at(r, &o.series, o.year)
    }

    /// The part observation `o` belongs to.
    pub fn part(&self, o: &Observation) -> Part {
        match self.fit_until {
            Some(last) if o.year > last => Part::Holdout,
            _ => Part::Fit,
        }
    }

    /// Weighted sum of squared relative errors over the fitted part (bounds only when
    /// exceeded).
    pub fn payoff(&self, r: &RunResult) -> f64 {
        let mut total = 0.0;
        for (series, w) in &self.weights {
            for o in self
                .history
                .iter()
                .filter(|o| &o.series == series && self.part(o) == Part::Fit)
            {
                let Some(m) = self.model_value(r, o) else {
                    continue;
                };
                let e = error(series, o.value, m) / o.value.abs().max(1e-9);
                total += w * e * e;
            }
        }
        total
    }
}

/// Per-series fit statistics of one part of the history.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesFit {
    /// Series.
    pub series: String,
    /// Fitted or held out.
    pub part: Part,
    /// (year, data, model) for the points compared.
    pub points: Vec<(i32, f64, f64)>,
    /// Observations outside the run (not used).
    pub unused: usize,
    /// Root-mean-square error (NaN when no point lies inside the run).
    pub rmse: f64,
    /// R² (None with fewer than [`MIN_POINTS_FOR_R2`] points or no variance in the data).
    pub r2: Option<f64>,
    /// Theil's bias, variance and covariance proportions of the MSE (None with fewer than
    /// [`MIN_POINTS_FOR_R2`] points).
    pub theil: Option<(f64, f64, f64)>,
}

/// The error of a model value against a history value of `series`: model − data, or for a bound
/// only where the model exceeds it.
fn error(series: &str, data: f64, model: f64) -> f64 {
    let e = model - data;
    if matches!(counterpart(series), Some(Compare::Bound(_))) {
        e.max(0.0)
    } else {
        e
    }
}

impl SeriesFit {
    /// Relative errors (model − data)/|data| of its points (a bound: only where exceeded).
    pub fn relative_errors(&self) -> Vec<f64> {
        self.points
            .iter()
            .map(|&(_, data, model)| error(&self.series, data, model) / data.abs().max(1e-9))
            .collect()
    }
}

/// The pooled error of one part: the root-mean-square relative error over every point of every
/// series in it — with 2–3 points per series, the one statistic that uses them all.
pub fn pooled_error(fits: &[SeriesFit], part: Part) -> Option<(usize, f64)> {
    let errors: Vec<f64> = fits
        .iter()
        .filter(|f| f.part == part)
        .flat_map(SeriesFit::relative_errors)
        .collect();
    (!errors.is_empty()).then(|| {
        (
            errors.len(),
            (errors.iter().map(|e| e * e).sum::<f64>() / errors.len() as f64).sqrt(),
        )
    })
}

/// Fit statistics of a run against every weighted series, per part (the hold-out part only
/// when the spec has one and the series has observations in it).
pub fn fit_statistics(spec: &CalibrationSpec, r: &RunResult) -> Vec<SeriesFit> {
    let parts: &[Part] = if spec.fit_until.is_some() {
        &[Part::Fit, Part::Holdout]
    } else {
        &[Part::Fit]
    };
    spec.weights
        .iter()
        .flat_map(|(series, _)| parts.iter().map(move |&part| (series, part)))
        .filter(|(series, part)| {
            *part == Part::Fit
                || spec
                    .history
                    .iter()
                    .any(|o| &&o.series == series && spec.part(o) == *part)
        })
        .map(|(series, part)| {
            let obs: Vec<&Observation> = spec
                .history
                .iter()
                .filter(|o| &o.series == series && spec.part(o) == part)
                .collect();
            let points: Vec<(i32, f64, f64)> = obs
                .iter()
                .filter_map(|o| spec.model_value(r, o).map(|m| (o.year, o.value, m)))
                .collect();
            let n = points.len() as f64;
            let mse = points
                .iter()
                .map(|p| error(series, p.1, p.2).powi(2))
                .sum::<f64>()
                / n.max(1.0);
            let (r2, theil) = if points.len() >= MIN_POINTS_FOR_R2 {
                let mean_a = points.iter().map(|p| p.1).sum::<f64>() / n;
                let mean_s = points.iter().map(|p| p.2).sum::<f64>() / n;
                let var = |f: &dyn Fn(&(i32, f64, f64)) -> f64, m: f64| {
                    points.iter().map(|p| (f(p) - m).powi(2)).sum::<f64>() / n
                };
                let (sa, ss) = (var(&|p| p.1, mean_a).sqrt(), var(&|p| p.2, mean_s).sqrt());
                let cov = points
                    .iter()
                    .map(|p| (p.1 - mean_a) * (p.2 - mean_s))
                    .sum::<f64>()
                    / n;
                let corr = if sa > 0.0 && ss > 0.0 {
                    cov / (sa * ss)
                } else {
                    0.0
                };
                let ss_tot = points.iter().map(|p| (p.1 - mean_a).powi(2)).sum::<f64>();
                let r2 = (ss_tot > 0.0).then(|| {
                    1.0 - points.iter().map(|p| (p.1 - p.2).powi(2)).sum::<f64>() / ss_tot
                });
                let theil = (mse > 0.0).then(|| {
                    (
                        (mean_s - mean_a).powi(2) / mse,
                        (ss - sa).powi(2) / mse,
                        2.0 * (1.0 - corr) * ss * sa / mse,
                    )
                });
                (r2, theil)
            } else {
                (None, None)
            };
            SeriesFit {
                series: series.clone(),
                part,
                unused: obs.len() - points.len(),
                // No point to compare: no error either (n/a, not a perfect 0).
                rmse: if points.is_empty() {
                    f64::NAN
                } else {
                    mse.sqrt()
                },
                r2,
                theil,
                points,
            }
        })
        .collect()
}

/// Why the optimiser stopped, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// Fitted values, in parameter order.
    pub values: Vec<f64>,
    /// Best payoff.
    pub payoff: f64,
    /// Payoff of the starting values.
    pub start_payoff: f64,
    /// Termination reason of the best start (a result, not an error).
    pub termination: String,
    /// Model evaluations.
    pub evaluations: usize,
    /// Per-series statistics at the fitted values.
    pub fit: Vec<SeriesFit>,
    /// Per-series statistics at the start.
    pub start_fit: Vec<SeriesFit>,
    /// Per fitted series, the fitted run's counterpart in every year it has one.
    pub paths: Vec<(String, Vec<(i32, f64)>)>,
}

#[derive(Clone, Copy)]
struct Problem<'a> {
    spec: &'a CalibrationSpec,
    evaluations: &'a std::sync::atomic::AtomicUsize,
}

impl Problem<'_> {
    /// Unbounded z ↦ bounded x (logistic), so Nelder–Mead never leaves the bounds.
    fn bounded(&self, z: &[f64]) -> Vec<f64> {
        self.spec
            .parameters
            .iter()
            .zip(z)
            .map(|(p, &zi)| p.lower + (p.upper - p.lower) / (1.0 + (-zi).exp()))
            .collect()
    }

    fn unbounded(&self, x: &[f64]) -> Vec<f64> {
        self.spec
            .parameters
            .iter()
            .zip(x)
            .map(|(p, &xi)| {
                let u = ((xi - p.lower) / (p.upper - p.lower)).clamp(1e-6, 1.0 - 1e-6);
                (u / (1.0 - u)).ln()
            })
            .collect()
    }
}

/// Penalty for a run that fails: large but finite, so the simplex moves away from it.
const FAILED_RUN_PAYOFF: f64 = 1e6;

impl CostFunction for Problem<'_> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, z: &Self::Param) -> Result<f64, argmin::core::Error> {
        self.evaluations
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let x = self.bounded(z);
        Ok(match run(&self.spec.apply(&x)) {
            Ok(r) => self.spec.payoff(&r),
            Err(_) => FAILED_RUN_PAYOFF,
        })
    }
}

/// Refuses a fit with nothing to fit: when no weighted row of the history can be compared with
/// the run, every payoff is 0 and Nelder–Mead would report convergence at the start.
fn usable_history(spec: &CalibrationSpec, r: &RunResult) -> Result<(), Error> {
    let weighted = || spec.weights.iter().filter(|(_, w)| *w > 0.0);
    let usable = weighted().any(|(series, _)| {
        spec.history.iter().any(|o| {
            &o.series == series && spec.part(o) == Part::Fit && spec.model_value(r, o).is_some()
        })
    });
    if usable {
        return Ok(());
    }
    let rows: Vec<String> = weighted()
        .map(|(series, _)| {
            let years: Vec<String> = spec
                .history
                .iter()
                .filter(|o| &o.series == series)
                .map(|o| o.year.to_string())
                .collect();
            format!("{series} ({})", years.join(", "))
        })
        .collect();
    let (start, end) = (spec.scenario.time.start, spec.scenario.time.end);
    Err(Error::UnusableHistory {
        path: spec.history_path.clone(),
        message: format!(
            "no row of the fitted part can be compared with the run ({start} to {end}), so \
             there is nothing to fit; weighted series and their years: {}. A level needs its year \
             inside the run, a calendar-year figure a whole year inside it (a growth also the \
             year before); with `fit_until` only the years up to it are fitted",
            if rows.is_empty() {
                "none (every weight is 0)".to_string()
            } else {
                rows.join("; ")
            }
        ),
    })
}

/// Fits the parameters: Nelder–Mead from the current values and from `starts − 1` random points.
pub fn calibrate(spec: &CalibrationSpec) -> Result<Calibration, Error> {
    let counter = std::sync::atomic::AtomicUsize::new(0);
    let problem = Problem {
        spec,
        evaluations: &counter,
    };
    let start_x: Vec<f64> = spec.parameters.iter().map(|p| p.start).collect();
    let start_result = run(&spec.apply(&start_x))?;
    usable_history(spec, &start_result)?;
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let mut best: Option<(Vec<f64>, f64, String)> = None;
    for k in 0..spec.starts.max(1) {
        let x0: Vec<f64> = if k == 0 {
            start_x.clone()
        } else {
            spec.parameters
                .iter()
                .map(|p| p.lower + (p.upper - p.lower) * rng.random_range(0.1..0.9))
                .collect()
        };
        let z0 = problem.unbounded(&x0);
        let mut simplex = vec![z0.clone()];
        for i in 0..z0.len() {
            let mut v = z0.clone();
            v[i] += 0.5;
            simplex.push(v);
        }
        let solver = NelderMead::new(simplex)
            .with_sd_tolerance(1e-10)
            .map_err(|e| Error::CalibrationFailed {
                message: format!("Nelder–Mead: {e}"),
            })?;
        let result = Executor::new(problem, solver)
            .configure(|s| s.max_iters(spec.max_iterations))
            .run()
            .map_err(|e| Error::CalibrationFailed {
                message: e.to_string(),
            })?;
        let state = result.state();
        let cost = state.get_best_cost();
        if let Some(z) = state.get_best_param() {
            if best.as_ref().is_none_or(|b| cost < b.1) {
                let reason = state
                    .get_termination_reason()
                    .map_or_else(|| "not terminated".to_string(), |r| r.text().to_string());
                best = Some((problem.bounded(z), cost, reason));
            }
        }
    }
    let (values, payoff, termination) = best.ok_or_else(|| Error::CalibrationFailed {
        message: "no start produced a result".into(),
    })?;
    let fitted = run(&spec.apply(&values))?;
    Ok(Calibration {
        paths: spec
            .weights
            .iter()
            .map(|(series, _)| (series.clone(), model_path(&fitted, series)))
            .collect(),
        fit: fit_statistics(spec, &fitted),
        start_fit: fit_statistics(spec, &start_result),
        start_payoff: spec.payoff(&start_result),
        values,
        payoff,
        termination,
        evaluations: counter.load(std::sync::atomic::Ordering::Relaxed),
    })
}
