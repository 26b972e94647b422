//! Robust conclusions (`compare … --uncertainty SWEEP.toml`): every package and the baseline run
//! under each draw of a sweep's design — common random numbers, the same assumption and structure
//! values for every package in a draw — and each draw compared as [`super::compare`] compares one
//! set of runs. Per package: the distribution of its effect against the baseline and the chance
//! that it is positive; per pair: the chance that one beats the other.
//!
//! A draw in which any package cannot run (a value outside its range, a failed integration) is
//! left out for every package, so all statistics are over the same draws.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::compare::{compare_runs, ComparedRun, Comparison, RATIOS};
use super::sweep::design::{design, Design};
use super::sweep::outside_range;
use super::sweep::spec::{set_target_from, Mode, SweepSpec};
use crate::error::Error;
use crate::results::{comparison_breakpoints, run_on};
use crate::scenario::Scenario;

/// What is measured per package and draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// Name: a ratio of [`RATIOS`], or `variable[category]` of an indicator (its difference
    /// from the baseline's value at the last comparison year).
    pub name: String,
}

impl Measure {
    /// The measures of a comparison ranked by `rank_by`: that quantity, talent-years in firms per
    /// 亿元 and the difference in high-level talent in firms (each once).
    pub fn for_ranking(rank_by: &(String, String)) -> Vec<Measure> {
        let ranked = if rank_by.1.is_empty() {
            rank_by.0.clone()
        } else {
            format!("{}[{}]", rank_by.0, rank_by.1)
        };
        let mut out: Vec<Measure> = Vec::new();
        for name in [ranked.as_str(), "talent_years_per_yi", "talent_firms[H]"] {
            if !out.iter().any(|m| m.name == name) {
                out.push(Measure {
                    name: name.to_string(),
                });
            }
        }
        out
    }

    /// Whether this is a ratio per 亿元 (else an indicator's difference from the baseline).
    pub fn is_ratio(&self) -> bool {
        RATIOS.contains(&self.name.as_str())
    }

    /// Whether less is better (an indicator such as a gap, a cost or a loss rate; never a ratio
    /// per 亿元).
    pub fn lower_is_better(&self) -> bool {
        !self.is_ratio() && {
            let (variable, _) = super::compare::parse_indicator(&self.name);
            super::compare::lower_is_better(&variable)
        }
    }

    /// The measure of run `k` of comparison `c` (NaN for n/a; 0 for the baseline's difference).
    fn of(&self, c: &Comparison, k: usize) -> f64 {
        if self.is_ratio() {
            return c
                .effectiveness_of(k)
                .and_then(|e| e.ratio(&self.name))
                .unwrap_or(f64::NAN);
        }
        let (variable, category) = super::compare::parse_indicator(&self.name);
        let year = c.years.last().copied().unwrap_or(f64::NAN);
        let at = |run: usize| {
            let r = &c.runs[run].result;
            r.column(&variable, &category, None)
                .map_or(f64::NAN, |col| r.at(col, year))
        };
        at(k) - at(c.baseline)
    }
}

/// One package's effect over the draws.
#[derive(Debug, Clone, PartialEq)]
pub struct EffectSummary {
    /// Index of the scenario among the compared ones.
    pub scenario: usize,
    /// Index into [`Robustness::measures`].
    pub measure: usize,
    /// Mean over the draws where it is defined.
    pub mean: f64,
    /// 5th, 50th and 95th percentiles.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Share of all draws where the package does better than the baseline of the same draw:
    /// its effect is defined and positive (negative for a lower-is-better indicator such as a
    /// gap or a cost).
    pub p_better: f64,
    /// Draws where it is n/a: a ratio with too small an extra cost or for a package of
    /// administrative levers only, or an indicator the run does not report.
    pub undefined: usize,
}

/// P(A beats B) for one measure and one ordered pair of packages.
#[derive(Debug, Clone, PartialEq)]
pub struct Beats {
    /// Index into [`Robustness::measures`].
    pub measure: usize,
    /// Scenario indices.
    pub a: usize,
    /// The other one.
    pub b: usize,
    /// Share of draws where a's measure is better than b's.
    pub a_beats_b: f64,
    /// Share of draws where b's is better.
    pub b_beats_a: f64,
    /// Share of draws where neither is (equal within 1e-12 relative, or both n/a).
    pub tie: f64,
}

/// The robustness of a comparison's conclusions over a sweep's draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Robustness {
    /// What the reader must know: packages whose own value of a sampled parameter every draw
    /// overwrites, draws left out.
    pub warnings: Vec<String>,
    /// The sweep spec's name and file.
    pub spec_name: String,
    /// Its file.
    pub spec_file: std::path::PathBuf,
    /// The sampled parameters' keys, in spec order.
    pub parameters: Vec<String>,
    /// Draws of the design: values per draw, in parameter order.
    pub draws: Vec<Vec<f64>>,
    /// Draws left out (a package could not run under them).
    pub failed: Vec<usize>,
    /// Scenario names, in comparison order; the baseline's index.
    pub scenarios: Vec<String>,
    /// Index of the baseline.
    pub baseline: usize,
    /// The measures.
    pub measures: Vec<Measure>,
    /// `values[measure][scenario][draw]` over the kept draws (NaN = n/a).
    pub values: Vec<Vec<Vec<f64>>>,
    /// Per package (not the baseline) and measure.
    pub effects: Vec<EffectSummary>,
    /// Per measure and unordered pair of packages.
    pub beats: Vec<Beats>,
}

/// The scenario of package `s` under draw `values` of `spec`: the package with each sampled
/// parameter set as the sweep would set it (the same values for every package).
pub fn scenario_for_draw(spec: &SweepSpec, s: &Scenario, values: &[f64]) -> Scenario {
    let mut out = s.clone();
    for (p, &x) in spec.parameters.iter().zip(values) {
        set_target_from(&mut out, p.target, p.mode, x, p.from);
    }
    out
}

/// Packages that set a parameter the spec samples by value to something else than the
/// baseline: every draw overwrites it, so the package would lose that part of its policy.
fn overwritten_policies(spec: &SweepSpec, scenarios: &[Scenario], baseline: usize) -> Vec<String> {
    let values = |s: &Scenario, p: &super::sweep::spec::SweepParam| {
        let mut s = s.clone();
        p.target
            .params_mut(&mut s)
            .iter()
            .map(|x| x.value.clone())
            .collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    for p in spec.parameters.iter().filter(|p| p.mode == Mode::Value) {
        let theirs = values(&scenarios[baseline], p);
        for (k, s) in scenarios.iter().enumerate() {
            if k != baseline && values(s, p) != theirs {
                out.push(format!(
                    "`{}` sets {}, which {} samples: every draw overwrites it, so that part of \
                     the package is not compared (remove it from a copy of the spec)",
                    s.name,
                    p.key,
                    spec.file.display()
                ));
            }
        }
    }
    out
}

/// Runs every scenario under every draw of `spec` and summarises; `progress` counts finished
/// draws. The scenarios must have the spec scenario's sectors, in its order.
pub fn robustness(
    spec: &SweepSpec,
    scenarios: &[Scenario],
    baseline: usize,
    years: &[f64],
    rank_by: &(String, String),
    discount_rate: f64,
    progress: &AtomicUsize,
) -> Result<Robustness, Error> {
    let ids = |s: &Scenario| s.sectors.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
    for s in scenarios {
        if ids(s) != ids(&spec.scenario) {
            return Err(Error::Invalid {
                message: format!(
                    "--uncertainty {}: scenario `{}` has other sectors than the sweep's scenario \
                     {}; the sampled sector parameters would land in the wrong sectors",
                    spec.file.display(),
                    s.name,
                    spec.scenario.file.display()
                ),
            });
        }
    }
    let design: Design = design(spec);
    let measures = Measure::for_ranking(rank_by);
    let breakpoints = comparison_breakpoints(scenarios);
    // One comparison per draw, in parallel; each keeps only its measures.
    let per_draw: Vec<Option<Vec<Vec<f64>>>> = (0..design.len())
        .into_par_iter()
        .map(|k| {
            let values = design.values(k);
            let mut runs = Vec::with_capacity(scenarios.len());
            for s in scenarios {
                let mut drawn = scenario_for_draw(spec, s, &values);
                if outside_range(spec, &mut drawn) {
                    progress.fetch_add(1, Ordering::Relaxed);
                    return None;
                }
                match run_on(&drawn, &breakpoints) {
                    Ok(result) => runs.push(ComparedRun {
                        scenario: drawn,
                        result,
                    }),
                    Err(_) => {
                        progress.fetch_add(1, Ordering::Relaxed);
                        return None;
                    }
                }
            }
            let c = compare_runs(runs, baseline, years, rank_by.clone(), discount_rate);
            progress.fetch_add(1, Ordering::Relaxed);
            Some(
                measures
                    .iter()
                    .map(|m| (0..scenarios.len()).map(|s| m.of(&c, s)).collect())
                    .collect(),
            )
        })
        .collect();
    let failed: Vec<usize> = (0..design.len())
        .filter(|&k| per_draw[k].is_none())
        .collect();
    if failed.len() == design.len() {
        return Err(Error::Invalid {
            message: format!(
                "--uncertainty {}: no draw of its {} could run every scenario (values outside a \
                 parameter's range, or a failed run), so there is nothing to summarise",
                spec.file.display(),
                design.len()
            ),
        });
    }
    let kept: Vec<&Vec<Vec<f64>>> = per_draw.iter().flatten().collect();
    let values: Vec<Vec<Vec<f64>>> = (0..measures.len())
        .map(|m| {
            (0..scenarios.len())
                .map(|s| kept.iter().map(|d| d[m][s]).collect())
                .collect()
        })
        .collect();
    let packages: Vec<usize> = (0..scenarios.len()).filter(|&s| s != baseline).collect();
    let mut effects = Vec::new();
    let mut beats = Vec::new();
    for (m, measure) in measures.iter().enumerate() {
        for &s in &packages {
            effects.push(summarise(&values[m][s], s, m, measure));
        }
        for (i, &a) in packages.iter().enumerate() {
            for &b in &packages[i + 1..] {
                beats.push(pairwise(&values[m][a], &values[m][b], m, a, b, measure));
            }
        }
    }
    let mut warnings = overwritten_policies(spec, scenarios, baseline);
    if !failed.is_empty() {
        warnings.push(format!(
            "{} of {} draws were left out: a package could not run under them",
            failed.len(),
            design.len()
        ));
    }
    Ok(Robustness {
        warnings,
        spec_name: spec.name.clone(),
        spec_file: spec.file.clone(),
        parameters: spec.parameters.iter().map(|p| p.key.clone()).collect(),
        draws: (0..design.len()).map(|k| design.values(k)).collect(),
        failed,
        scenarios: scenarios.iter().map(|s| s.name.clone()).collect(),
        baseline,
        measures,
        values,
        effects,
        beats,
    })
}

/// The q-quantile (0–1) of sorted values, linear between order statistics.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

fn summarise(values: &[f64], scenario: usize, measure: usize, m: &Measure) -> EffectSummary {
    let lower = m.lower_is_better();
    let mut defined: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    defined.sort_by(f64::total_cmp);
    let n = values.len().max(1) as f64;
    EffectSummary {
        scenario,
        measure,
        mean: if defined.is_empty() {
            f64::NAN
        } else {
            defined.iter().sum::<f64>() / defined.len() as f64
        },
        p5: quantile(&defined, 0.05),
        p50: quantile(&defined, 0.5),
        p95: quantile(&defined, 0.95),
        p_better: defined
            .iter()
            .filter(|v| if lower { **v < 0.0 } else { **v > 0.0 })
            .count() as f64
            / n,
        undefined: values.len() - defined.len(),
    }
}

/// Who is better in each draw: higher is better for ratios and most indicators, lower for
/// gaps, costs and loss rates (the indicator registry's direction); n/a loses to any number;
/// equal within 1e-12 relative, or both n/a, is a tie.
fn pairwise(a: &[f64], b: &[f64], measure: usize, ia: usize, ib: usize, m: &Measure) -> Beats {
    let lower_better = m.lower_is_better();
    let (mut wins, mut losses, mut ties) = (0usize, 0usize, 0usize);
    for (&x, &y) in a.iter().zip(b) {
        match (x.is_nan(), y.is_nan()) {
            (true, true) => ties += 1,
            (false, true) => wins += 1,
            (true, false) => losses += 1,
            (false, false) => {
                if (x - y).abs() <= 1e-12 * x.abs().max(y.abs()) {
                    ties += 1;
                } else if (x > y) != lower_better {
                    wins += 1;
                } else {
                    losses += 1;
                }
            }
        }
    }
    let n = a.len().max(1) as f64;
    Beats {
        measure,
        a: ia,
        b: ib,
        a_beats_b: wins as f64 / n,
        b_beats_a: losses as f64 / n,
        tie: if a.is_empty() { 1.0 } else { ties as f64 / n },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_shares_add_to_one_and_nan_loses() {
        let m = Measure {
            name: "talent_years_per_yi".into(),
        };
        let b = pairwise(
            &[1.0, 2.0, f64::NAN, 3.0, f64::NAN],
            &[0.5, 2.0, 1.0, f64::NAN, f64::NAN],
            0,
            1,
            2,
            &m,
        );
        assert_eq!((b.a_beats_b, b.b_beats_a, b.tie), (0.4, 0.2, 0.4));
        assert!((b.a_beats_b + b.b_beats_a + b.tie - 1.0).abs() < 1e-15);
    }

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let v = [0.0, 1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.5), 2.0);
        assert_eq!(quantile(&v, 0.05), 0.2);
        assert!(quantile(&[], 0.5).is_nan());
    }
}
