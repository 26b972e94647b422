//! Polishing one point of the front: Nelder–Mead (argmin) on the primary objective with a
//! penalty for broken constraints, over the searched levers' boxes (each lever mapped to [0, 1];
//! outside it the point is clamped). A lever on a grid is snapped after the search and the
//! snapped point is scored again, so what is reported is a point the spec allows.

use argmin::core::{CostFunction, Executor, State};
use argmin::solver::neldermead::NelderMead;

use super::nsga2::Variable;
use super::Problem;
use crate::error::Error;

/// Weight of the (relative) constraint violation against the primary objective's scale.
const PENALTY: f64 = 1e3;

/// A refined point.
#[derive(Debug, Clone, PartialEq)]
pub struct Refined {
    /// Lever values (snapped to their grids).
    pub x: Vec<f64>,
    /// The primary objective's score at the start.
    pub start_score: f64,
    /// Its score at the refined point.
    pub score: f64,
    /// Whether the refined point meets every constraint.
    pub feasible: bool,
    /// Nelder–Mead iterations.
    pub iterations: u64,
}

struct Penalised<'p, 'a> {
    problem: &'p Problem<'a>,
    variables: &'p [Variable],
    scale: f64,
}

impl Penalised<'_, '_> {
    fn point(&self, z: &[f64]) -> Vec<f64> {
        self.variables
            .iter()
            .zip(z)
            .map(|(v, &u)| v.lower + u.clamp(0.0, 1.0) * (v.upper - v.lower))
            .collect()
    }
}

impl CostFunction for Penalised<'_, '_> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, z: &Self::Param) -> Result<f64, argmin::core::Error> {
        let e = self
            .problem
            .evaluation(self.problem.measured(&self.point(z)).as_ref());
        Ok(e.objectives[0] / self.scale + PENALTY * e.violation)
    }
}

/// Refines `start` (a point of the front) for at most `iterations` Nelder–Mead steps.
pub fn refine(
    problem: &Problem<'_>,
    variables: &[Variable],
    start: &[f64],
    iterations: u64,
) -> Result<Refined, Error> {
    let score = |x: &[f64]| problem.evaluation(problem.measured(x).as_ref());
    let first = score(start);
    let scale = first.objectives[0].abs().max(1e-9);
    let z0: Vec<f64> = variables
        .iter()
        .zip(start)
        .map(|(v, &x)| (x - v.lower) / (v.upper - v.lower))
        .collect();
    // A simplex of steps of 5 % of each range, away from the nearer bound.
    let mut simplex = vec![z0.clone()];
    for k in 0..z0.len() {
        let mut z = z0.clone();
        z[k] += if z[k] > 0.5 { -0.05 } else { 0.05 };
        simplex.push(z);
    }
    let solver = NelderMead::new(simplex)
        .with_sd_tolerance(1e-9)
        .map_err(|e| Error::Invalid {
            message: format!("Nelder–Mead: {e}"),
        })?;
    let cost = Penalised {
        problem,
        variables,
        scale,
    };
    let result = Executor::new(cost, solver)
        .configure(|s| s.max_iters(iterations))
        .run()
        .map_err(|e| Error::Invalid {
            message: format!("Nelder–Mead: {e}"),
        })?;
    let state = result.state();
    let best = state.get_best_param().cloned().unwrap_or(z0);
    let cost = Penalised {
        problem,
        variables,
        scale,
    };
    let x: Vec<f64> = variables
        .iter()
        .zip(cost.point(&best))
        .map(|(v, x)| v.snap(x))
        .collect();
    let end = score(&x);
    // Snapping can lose what the continuous search found: keep the start if it is better.
    let better =
        end.dominates(&first) || (end.feasible() && end.objectives[0] < first.objectives[0]);
    let (x, end) = if better || end == first {
        (x, end)
    } else {
        (start.to_vec(), first.clone())
    };
    Ok(Refined {
        x,
        start_score: first.objectives[0],
        score: end.objectives[0],
        feasible: end.feasible(),
        iterations: state.get_iter(),
    })
}
