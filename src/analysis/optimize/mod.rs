//! `talentloop optimize`: the best policy packages under a budget — a multi-objective search
//! (NSGA-II with constraint domination, [`nsga2`]) over chosen levers, each candidate a run of
//! the base scenario with the levers set from their start year, and a robust mode that runs each
//! candidate in every future of a fixed sample of uncertain assumptions (common random numbers)
//! and scores it by a statistic over them. [`refine`] polishes one front point by Nelder–Mead.
//!
//! A candidate is applied exactly as the explorer and sweeps apply values
//! ([`set_target_from`]), so its scenario file (output::optimize) reproduces it.

pub mod hypervolume;
pub mod nsga2;
pub mod refine;
pub mod spec;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::analysis::sweep::bands::percentile;
use crate::analysis::sweep::design::Design;
use crate::analysis::sweep::outside_range;
use crate::analysis::sweep::spec::{set_target_from, Method, Mode};
use crate::analysis::uncertainty::scenario_for_draw;
use crate::error::Error;
use crate::results::{run, RunResult};
use crate::scenario::schema::{Levers, SectorParams};
use crate::scenario::Scenario;

use hypervolume::hypervolume;
use nsga2::{optimise, Evaluation, Outcome, Settings};
use spec::{Aggregate, Measure, OptimizeSpec, Quantity, Source, Statistic};

/// Objective and violation of a candidate that cannot run: worse than any that can.
const FAILED: f64 = 1e300;

/// A candidate's measured quantities: `[future][quantity]`, objectives first, then constraints
/// (one future without a robust mode).
pub type Measured = Vec<Vec<f64>>;

/// The problem of a spec: how a candidate becomes scenarios, runs and scores.
#[derive(Debug)]
pub struct Problem<'a> {
    /// The spec.
    pub spec: &'a OptimizeSpec,
    draws: Vec<Vec<f64>>,
    base: Measured,
    /// Per objective and future, the best measured value of any candidate evaluated so far (for
    /// regret), in the objective's own sense.
    best: Mutex<Vec<Vec<f64>>>,
    memo: Mutex<HashMap<Vec<u64>, Option<Measured>>>,
}

/// A number of one run (before comparison with the base scenario).
fn raw(result: &RunResult, q: &Quantity) -> f64 {
    let series: Vec<(f64, f64)> = match &q.source {
        Source::Indicator { variable, category } => {
            let Some(col) = result.column(variable, category, None) else {
                return f64::NAN;
            };
            if let Aggregate::At(year) = q.aggregate {
                return result.at(col, year);
            }
            result
                .times
                .iter()
                .copied()
                .zip(result.series(col))
                .collect()
        }
        Source::Annual(name) => {
            if let Aggregate::At(year) = q.aggregate {
                return result.annual_value(name, year as i32).unwrap_or(f64::NAN);
            }
            result
                .annual
                .iter()
                .filter(|a| a.variable == *name)
                .map(|a| (f64::from(a.year), a.value))
                .collect()
        }
    };
    let values = series.iter().map(|p| p.1);
    match q.aggregate {
        Aggregate::At(_) => unreachable!("returned above"),
        Aggregate::Max => values.fold(f64::NEG_INFINITY, f64::max),
        Aggregate::Min => values.fold(f64::INFINITY, f64::min),
        Aggregate::Mean => values.sum::<f64>() / series.len().max(1) as f64,
        // A calendar-year statistic sums over the years; an indicator integrates over time.
        Aggregate::Integral if matches!(q.source, Source::Annual(_)) => values.sum(),
        Aggregate::Integral => series
            .windows(2)
            .map(|w| 0.5 * (w[0].1 + w[1].1) * (w[1].0 - w[0].0))
            .sum(),
    }
}

/// A raw number compared with the base scenario's as the quantity asks.
fn measure(q: &Quantity, value: f64, base: f64) -> f64 {
    match q.measure {
        Measure::Value => value,
        Measure::Change => value - base,
        Measure::Ratio => value / base,
    }
}

/// Robust statistics of one objective over the futures, in the objective's own sense.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObjectiveStats {
    /// Mean over the futures.
    pub mean: f64,
    /// The bad-tail percentile: 10th of a maximised objective, 90th of a minimised one.
    pub tail: f64,
    /// The largest regret against the best candidate evaluated in each future that meets the
    /// constraints (≥ 0).
    pub regret: f64,
    /// Share of futures meeting the `satisfy` threshold (NaN without one).
    pub satisficing: f64,
}

impl<'a> Problem<'a> {
    /// Draws the futures (robust mode) and runs the base scenario in each.
    pub fn new(spec: &'a OptimizeSpec) -> Result<Problem<'a>, Error> {
        let draws = match &spec.robust {
            None => Vec::new(),
            Some(r) => {
                let mut sweep = r.spec.clone();
                sweep.method = Method::Lhs { samples: r.futures };
                let design = Design::new(&sweep);
                (0..design.len()).map(|k| design.values(k)).collect()
            }
        };
        let mut problem = Problem {
            spec,
            draws,
            base: Vec::new(),
            best: Mutex::new(Vec::new()),
            memo: Mutex::new(HashMap::new()),
        };
        let base = problem
            .raw_values(&spec.scenario)
            .ok_or_else(|| Error::Invalid {
                message: format!(
                    "{}: the base scenario {} does not run in every future of the robust sample",
                    spec.file.display(),
                    spec.scenario_path.display()
                ),
            })?;
        // A ratio to a base value of zero is no measure: refused before the search, not found
        // as infinities in its files.
        for (k, q) in problem.quantities().enumerate() {
            let zero = base.iter().position(|future| future[k] == 0.0);
            if let (Measure::Ratio, Some(f)) = (q.measure, zero) {
                let future = if spec.robust.is_some() {
                    format!(" in future {f}")
                } else {
                    String::new()
                };
                return Err(Error::Invalid {
                    message: format!(
                        "{}: {} is a ratio to the base scenario's value, which is 0{future}; \
                         ask for its change (measure = \"change\") or its value instead",
                        spec.file.display(),
                        q.label
                    ),
                });
            }
        }
        problem.base = base;
        Ok(problem)
    }

    /// Every quantity: objectives, then constraints.
    pub fn quantities(&self) -> impl Iterator<Item = &Quantity> {
        let s = self.spec;
        s.objectives
            .iter()
            .map(|o| &o.quantity)
            .chain(s.constraints.iter().map(|c| &c.quantity))
    }

    /// The number of futures (1 without a robust mode).
    pub fn futures(&self) -> usize {
        self.draws.len().max(1)
    }

    /// The base scenario with the searched levers at `x`. A lever left at its constant base
    /// value keeps its base path: a step from a value to itself is the same policy, but it would
    /// add a solver breakpoint, and a package that leaves the lever alone would not equal it.
    pub fn scenario(&self, x: &[f64]) -> Scenario {
        let mut s = self.spec.scenario.clone();
        for (lever, &v) in self.spec.levers.iter().zip(x) {
            let unchanged = lever
                .target
                .param(&s)
                .and_then(|p| p.value.as_constant())
                .is_some_and(|base| base == v);
            if !unchanged {
                set_target_from(&mut s, lever.target, Mode::Value, v, lever.from);
            }
        }
        s
    }

    /// The base scenario's lever values (the search starts from them too).
    pub fn base_levers(&self) -> Vec<f64> {
        let s = &self.spec.scenario;
        self.spec
            .levers
            .iter()
            .map(|l| {
                l.target
                    .param(s)
                    .map_or(l.lower, |p| p.value.at(s.time.start))
            })
            .collect()
    }

    /// Raw quantities of `scenario` in each future; None if a future is out of range or fails.
    fn raw_values(&self, scenario: &Scenario) -> Option<Measured> {
        let one = |s: &Scenario| -> Option<Vec<f64>> {
            let result = run(s).ok()?;
            Some(self.quantities().map(|q| raw(&result, q)).collect())
        };
        match &self.spec.robust {
            None => Some(vec![one(scenario)?]),
            Some(r) => self
                .draws
                .par_iter()
                .map(|d| {
                    let mut s = scenario_for_draw(&r.spec, scenario, d);
                    if outside_range(&r.spec, &mut s) {
                        return None;
                    }
                    one(&s)
                })
                .collect(),
        }
    }

    /// The lever values a scenario (a shipped package) sets, each searched lever read at its
    /// start year; None if the candidate they make is not that scenario (it changes a lever the
    /// search does not, or in another way — a ramp, another year) or a value is out of bounds.
    pub fn levers_of(&self, scenario: &Scenario) -> Option<Vec<f64>> {
        let start = scenario.time.start;
        let x: Vec<f64> = self
            .spec
            .levers
            .iter()
            .map(|l| {
                let p = l.target.param(scenario)?;
                Some(p.value.at(l.from.unwrap_or(start)))
            })
            .collect::<Option<_>>()?;
        // The candidate must be the scenario: every lever (and sector parameter) alike.
        let same = self.scenario(&x);
        let searched_alike = Levers::from_scenario(&same) == Levers::from_scenario(scenario)
            && SectorParams::from_scenario(&same) == SectorParams::from_scenario(scenario);
        let inside = self
            .spec
            .levers
            .iter()
            .zip(&x)
            .all(|(l, v)| (l.lower..=l.upper).contains(v));
        (searched_alike && inside).then_some(x)
    }

    /// The measured quantities of any scenario (a shipped package) against the base.
    pub fn measure_scenario(&self, scenario: &Scenario) -> Option<Measured> {
        let quantities: Vec<&Quantity> = self.quantities().collect();
        let raw = self.raw_values(scenario)?;
        Some(
            raw.iter()
                .zip(&self.base)
                .map(|(future, base)| {
                    quantities
                        .iter()
                        .zip(future.iter().zip(base))
                        .map(|(q, (&v, &b))| measure(q, v, b))
                        .collect()
                })
                .collect(),
        )
    }

    /// The measured quantities of candidate `x` (memoised); None when it cannot run.
    pub fn measured(&self, x: &[f64]) -> Option<Measured> {
        let key: Vec<u64> = x.iter().map(|v| v.to_bits()).collect();
        if let Some(m) = self.memo.lock().expect("memo").get(&key) {
            return m.clone();
        }
        let m = self.measure_scenario(&self.scenario(x));
        self.memo.lock().expect("memo").insert(key, m.clone());
        m
    }

    /// Records `m` in the best value of each objective per future (for regret); only a candidate
    /// that meets the constraints counts, so regret is measured against what could be chosen.
    fn note_best(&self, m: &Measured) {
        let mut best = self.best.lock().expect("best");
        let objectives = &self.spec.objectives;
        if best.is_empty() {
            *best = vec![vec![f64::NAN; m.len()]; objectives.len()];
        }
        for (k, o) in objectives.iter().enumerate() {
            for (f, future) in m.iter().enumerate() {
                let v = future[k];
                let b = &mut best[k][f];
                if b.is_nan() || (o.maximise && v > *b) || (!o.maximise && v < *b) {
                    *b = v;
                }
            }
        }
    }

    /// The robust statistics of each objective of `m`.
    pub fn stats(&self, m: &Measured) -> Vec<ObjectiveStats> {
        let best = self.best.lock().expect("best");
        self.spec
            .objectives
            .iter()
            .enumerate()
            .map(|(k, o)| {
                let mut values: Vec<f64> = m.iter().map(|f| f[k]).collect();
                values.sort_by(f64::total_cmp);
                let mean = values.iter().sum::<f64>() / values.len() as f64;
                let tail = percentile(&values, if o.maximise { 10.0 } else { 90.0 });
                let regret = m
                    .iter()
                    .enumerate()
                    .map(|(f, future)| {
                        let b = best.get(k).map_or(future[k], |b| b[f]);
                        if o.maximise {
                            b - future[k]
                        } else {
                            future[k] - b
                        }
                    })
                    .fold(0.0, f64::max);
                let satisficing = o.satisfy.map_or(f64::NAN, |t| {
                    let met = values
                        .iter()
                        .filter(|&&v| if o.maximise { v >= t } else { v <= t })
                        .count();
                    met as f64 / values.len() as f64
                });
                ObjectiveStats {
                    mean,
                    tail,
                    regret,
                    satisficing,
                }
            })
            .collect()
    }

    /// The score of each objective, in its own sense (the statistic of a robust search; the value
    /// itself otherwise), and of each constraint (its mean over the futures).
    pub fn scores(&self, m: &Measured) -> (Vec<f64>, Vec<f64>) {
        let stats = self.stats(m);
        let objectives = self
            .spec
            .objectives
            .iter()
            .zip(&stats)
            .enumerate()
            .map(
                |(k, (_, s))| match self.spec.robust.as_ref().map(|r| r.statistic) {
                    None => m[0][k],
                    Some(Statistic::Mean) => s.mean,
                    Some(Statistic::P10) => s.tail,
                    Some(Statistic::Regret) => s.regret,
                    Some(Statistic::Satisficing) => s.satisficing,
                },
            )
            .collect();
        let n = self.spec.objectives.len();
        let constraints = (0..self.spec.constraints.len())
            .map(|c| m.iter().map(|f| f[n + c]).sum::<f64>() / m.len() as f64)
            .collect();
        (objectives, constraints)
    }

    /// Whether the search minimises objective `k`'s score (regret is minimised whatever the
    /// objective's sense; a satisficing share is maximised).
    pub fn minimises(&self, k: usize) -> bool {
        match self.spec.robust.as_ref().map(|r| r.statistic) {
            Some(Statistic::Regret) => true,
            Some(Statistic::Satisficing) => false,
            _ => !self.spec.objectives[k].maximise,
        }
    }

    /// The evaluation NSGA-II sees: scores turned to minimisation, and the constraints'
    /// violation (summed relative shortfall of the constraint means; 0 when all are met).
    pub fn evaluation(&self, m: Option<&Measured>) -> Evaluation {
        let Some(m) = m else {
            return Evaluation {
                objectives: vec![FAILED; self.spec.objectives.len()],
                violation: FAILED,
            };
        };
        let (scores, _) = self.scores(m);
        let objectives = scores
            .iter()
            .enumerate()
            .map(|(k, &v)| if self.minimises(k) { v } else { -v })
            .map(|v| if v.is_finite() { v } else { FAILED })
            .collect();
        Evaluation {
            objectives,
            violation: self.violation(m),
        }
    }

    /// How far `m` is from meeting the constraints: the violations of their means over the
    /// futures summed, each relative to its bound's size (so persons and 亿元 weigh alike); 0
    /// when every constraint is met.
    fn violation(&self, m: &Measured) -> f64 {
        let n = self.spec.objectives.len();
        self.spec
            .constraints
            .iter()
            .enumerate()
            .map(|(c, constraint)| {
                let v = m.iter().map(|f| f[n + c]).sum::<f64>() / m.len() as f64;
                (constraint, v)
            })
            .map(|(c, v)| {
                let below = c
                    .min
                    .map_or(0.0, |lo| (lo - v).max(0.0) / lo.abs().max(1.0));
                let above = c
                    .max
                    .map_or(0.0, |hi| (v - hi).max(0.0) / hi.abs().max(1.0));
                if v.is_finite() {
                    below + above
                } else {
                    FAILED
                }
            })
            .sum()
    }

    /// Measures a batch in parallel (order kept: the result does not depend on the threads).
    pub fn evaluate(&self, batch: &[Vec<f64>]) -> Vec<Evaluation> {
        let measured: Vec<Option<Measured>> = batch.par_iter().map(|x| self.measured(x)).collect();
        for m in measured.iter().flatten() {
            if self.violation(m) == 0.0 {
                self.note_best(m);
            }
        }
        measured
            .iter()
            .map(|m| self.evaluation(m.as_ref()))
            .collect()
    }

    /// Whether scores change as more candidates are evaluated (regret).
    fn rescored(&self) -> bool {
        self.spec
            .robust
            .as_ref()
            .is_some_and(|r| r.statistic == Statistic::Regret)
    }
}

/// One generation's summary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GenerationSummary {
    /// Generation (0: the initial population).
    pub generation: usize,
    /// Hypervolume of the feasible first front, objectives normalised by the initial population's
    /// range (reference point 1.1 in each).
    pub hypervolume: f64,
    /// Share of the population that meets every constraint.
    pub feasible_share: f64,
    /// Members of the first front.
    pub front: usize,
}

/// A finished search.
#[derive(Debug)]
pub struct Optimum<'a> {
    /// The problem (futures, memoised runs, bests for regret).
    pub problem: Problem<'a>,
    /// NSGA-II's outcome.
    pub outcome: Outcome,
    /// Per generation.
    pub convergence: Vec<GenerationSummary>,
    /// Whether Ctrl-C stopped it early.
    pub interrupted: bool,
    /// The compared packages the search could express, which started it.
    pub seeded: Vec<String>,
}

/// Runs the search of `spec`; `progress` sees each generation; `cancel` stops it after the
/// current generation (the files are then complete for the generations done).
pub fn optimize<'a>(
    spec: &'a OptimizeSpec,
    mut progress: impl FnMut(&GenerationSummary),
    cancel: &AtomicBool,
) -> Result<Optimum<'a>, Error> {
    let problem = Problem::new(spec)?;
    let variables = spec.variables();
    let settings = Settings::new(spec.population, spec.generations, spec.seed);
    let mut convergence: Vec<GenerationSummary> = Vec::new();
    // The normalisation of the hypervolume, fixed by the initial population.
    let mut scale: Option<(Vec<f64>, Vec<f64>)> = None;
    let mut interrupted = false;
    // The base scenario and every package the search can express start the search, so the front
    // is at least as good as each of them.
    let mut seeds = vec![problem.base_levers()];
    let mut seeded = Vec::new();
    for package in &spec.compare {
        if let Some(x) = problem.levers_of(package) {
            seeds.push(x);
            seeded.push(package.name.clone());
        }
    }
    let outcome = optimise(
        &variables,
        &settings,
        &seeds,
        |batch| problem.evaluate(batch),
        |x| {
            problem
                .rescored()
                .then(|| problem.evaluation(problem.measured(x).as_ref()))
        },
        |p| {
            let pop = p.population;
            let finite: Vec<&Vec<f64>> = pop
                .iter()
                .map(|m| &m.eval.objectives)
                .filter(|o| o.iter().all(|v| *v < FAILED))
                .collect();
            let (lo, hi) = scale.get_or_insert_with(|| {
                let dims = spec.objectives.len();
                let lo = (0..dims)
                    .map(|k| finite.iter().map(|o| o[k]).fold(f64::INFINITY, f64::min))
                    .collect();
                let hi = (0..dims)
                    .map(|k| {
                        finite
                            .iter()
                            .map(|o| o[k])
                            .fold(f64::NEG_INFINITY, f64::max)
                    })
                    .collect();
                (lo, hi)
            });
            let front: Vec<Vec<f64>> = pop
                .iter()
                .filter(|m| m.rank == 0 && m.eval.feasible())
                .map(|m| {
                    m.eval
                        .objectives
                        .iter()
                        .enumerate()
                        .map(|(k, v)| (v - lo[k]) / (hi[k] - lo[k]).max(1e-12))
                        .collect()
                })
                .collect();
            let reference = vec![1.1; spec.objectives.len()];
            let summary = GenerationSummary {
                generation: p.generation,
                hypervolume: hypervolume(&front, &reference),
                feasible_share: pop.iter().filter(|m| m.eval.feasible()).count() as f64
                    / pop.len() as f64,
                front: pop.iter().filter(|m| m.rank == 0).count(),
            };
            progress(&summary);
            convergence.push(summary);
            if cancel.load(Ordering::SeqCst) {
                interrupted = p.generation < spec.generations;
                return false;
            }
            true
        },
    );
    Ok(Optimum {
        problem,
        outcome,
        convergence,
        interrupted,
        seeded,
    })
}
