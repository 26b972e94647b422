//! Integrates a compiled [`Model`] with `ode_solvers`, piecewise between policy breakpoints.
//!
//! Every date where a lever jumps or changes slope ends an integration segment and starts a new
//! one, so no step straddles a discontinuity. Dopri5 (adaptive, maximum step = reporting step)
//! reports interior rows from its continuous output and each segment's end from the exact final
//! state — never from extrapolated dense output. RK4 integrates report interval by report interval.
//! Rows are labelled by index (`t = start + j·step`), never by accumulated float time.
//!
//! After every segment the state is checked: a non-finite value or a stock below
//! [`NEGATIVE_TOLERANCE`] is an error naming the time and the stocks, and no partial result is
//! returned as if complete.

use std::cell::RefCell;
use std::time::Instant;

use nalgebra::DVector;
use ode_solvers::continuous_output_model::ContinuousOutputModel;
use ode_solvers::dop_shared::{IntegrationError, OutputType};
use ode_solvers::{Dopri5, Rk4, System};

use crate::error::Error;
use crate::model::{Aux, Model};
use crate::scenario::{Method, SolverSettings, TimeSettings};

/// A stock may dip below zero by this much (absolute, in its own unit) through rounding before
/// it counts as negative. Values in (−tolerance, 0) are reported as they are.
pub const NEGATIVE_TOLERANCE: f64 = 1e-6;

/// The state at every reporting time.
#[derive(Debug, Clone)]
pub struct Trajectory {
    /// Reporting times (years), `start + j·step`.
    pub times: Vec<f64>,
    /// State rows, one per time, each of the model's layout length.
    pub states: Vec<Vec<f64>>,
    /// What the integrator did.
    pub stats: SolverStats,
}

/// Integrator statistics of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct SolverStats {
    /// Method used.
    pub method: &'static str,
    /// Right-hand-side evaluations.
    pub rhs_evaluations: u64,
    /// Accepted steps.
    pub accepted_steps: u64,
    /// Rejected steps (Dopri5).
    pub rejected_steps: u64,
    /// Integration segments (breakpoints + 1 for Dopri5, report intervals for RK4).
    pub segments: u64,
    /// Wall time of the integration, seconds.
    pub wall_seconds: f64,
}

/// Adapter from the model to `ode_solvers::System`: owns the scratch space, so the right-hand
/// side allocates nothing.
///
/// Within a segment [a, b) the right-hand side is evaluated at most at the last float below b,
/// so a lever that switches at b (right-continuous) is seen only by the next segment: the last
/// stage of the last step (Dopri5's FSAL evaluation at b) uses the left limit, and steps before a
/// switch are the same as in a run without it.
#[derive(Clone, Copy)]
struct Rhs<'m> {
    model: &'m Model,
    aux: &'m RefCell<Aux>,
    segment_end: f64,
}

impl System<f64, DVector<f64>> for Rhs<'_> {
    fn system(&self, t: f64, y: &DVector<f64>, dy: &mut DVector<f64>) {
        let t = if t >= self.segment_end {
            self.segment_end.next_down()
        } else {
            t
        };
        let mut aux = self.aux.borrow_mut();
        self.model.rhs(t, y.as_slice(), dy.as_mut_slice(), &mut aux);
    }
}

/// Runs the model from its initial state over `time`, restarting at `breakpoints`.
pub fn simulate(
    model: &Model,
    time: &TimeSettings,
    settings: &SolverSettings,
    breakpoints: &[f64],
) -> Result<Trajectory, Error> {
    simulate_from(model, &model.y0, time, settings, breakpoints)
}

/// Runs the model from state `y0` at `time.start`.
pub fn simulate_from(
    model: &Model,
    y0: &[f64],
    time: &TimeSettings,
    settings: &SolverSettings,
    breakpoints: &[f64],
) -> Result<Trajectory, Error> {
    let started = Instant::now();
    let rows = time.n_intervals() + 1;
    let mut traj = Trajectory {
        times: (0..rows).map(|j| time.time_at(j)).collect(),
        states: Vec::with_capacity(rows),
        stats: SolverStats {
            method: settings.method.as_str(),
            ..SolverStats::default()
        },
    };
    check_state(model, time.start, y0)?;
    traj.states.push(y0.to_vec());
    let stops = stop_points(time, breakpoints, settings.method);
    let scratch = RefCell::new(Aux::new(model.n_sectors()));
    let rhs = |segment_end| Rhs {
        model,
        aux: &scratch,
        segment_end,
    };
    let mut y = DVector::from_column_slice(y0);
    let mut a = time.start;
    let mut next_row = 1;
    for &b in &stops {
        y = match settings.method {
            Method::Dopri5 => {
                dopri5_segment(rhs(b), a, b, y, time, settings, &mut traj, &mut next_row)?
            }
            Method::Rk4 => rk4_segment(rhs(b), a, b, y, settings, &mut traj.stats)?,
        };
        check_state(model, b, y.as_slice())?;
        // The exact end state belongs to the row at b, if b is a reporting time.
        while next_row < rows && (traj.times[next_row] - b).abs() <= 1e-9 {
            traj.states.push(y.as_slice().to_vec());
            next_row += 1;
        }
        traj.stats.segments += 1;
        a = b;
    }
    debug_assert_eq!(traj.states.len(), rows);
    traj.stats.wall_seconds = started.elapsed().as_secs_f64();
    Ok(traj)
}

/// Segment ends: breakpoints inside the run, every whole year, and the horizon; for RK4 also
/// every reporting time.
///
/// Whole years are always segment ends so that a lever switched on at the start of a year (the
/// usual case) adds no new segment: the run before the switch is then step-for-step the run
/// without the lever, identical to rounding.
fn stop_points(time: &TimeSettings, breakpoints: &[f64], method: Method) -> Vec<f64> {
    let mut stops: Vec<f64> = breakpoints
        .iter()
        .copied()
        .filter(|&b| b > time.start + 1e-9 && b < time.end - 1e-9)
        .collect();
    let per_year = time.rows_per_year();
    let step = if method == Method::Rk4 { 1 } else { per_year };
    stops.extend(
        (1..time.n_intervals())
            .filter(|j| j % step == 0)
            .map(|j| time.time_at(j)),
    );
    stops.push(time.end);
    stops.sort_by(f64::total_cmp);
    stops.dedup_by(|x, y| (*x - *y).abs() <= 1e-9);
    stops
}

fn solver_error(e: IntegrationError) -> Error {
    let (t, reason) = match e {
        IntegrationError::MaxNumStepReached { x, n_step } => (
            x,
            format!(
                "more than {n_step} steps needed (the model may be explosive for these parameters)"
            ),
        ),
        IntegrationError::StepSizeUnderflow { x } => (x, "step size underflow".to_string()),
        IntegrationError::StiffnessDetected { x } => (x, "the problem became stiff".to_string()),
    };
    Error::SolverFailed { t, reason }
}

#[allow(clippy::too_many_arguments)]
fn dopri5_segment(
    rhs: Rhs<'_>,
    a: f64,
    b: f64,
    y: DVector<f64>,
    time: &TimeSettings,
    settings: &SolverSettings,
    traj: &mut Trajectory,
    next_row: &mut usize,
) -> Result<DVector<f64>, Error> {
    let model = rhs.model;
    let mut stepper = Dopri5::from_param(
        rhs,
        a,
        b,
        b - a,
        y,
        settings.rtol,
        settings.atol,
        0.9,
        0.04,
        0.2,
        10.0,
        time.report_step.min(b - a),
        // Start each segment with the largest step allowed: the model is smooth on the scale of a
        // reporting step, so the first try is usually accepted, which saves the two evaluations
        // of the automatic initial-step estimate (a rejected try is simply retried smaller).
        time.report_step.min(b - a),
        100_000,
        1000,
        OutputType::Continuous,
    );
    let mut dense = ContinuousOutputModel::default();
    let result = stepper.integrate_with_continuous_output_model(&mut dense);
    let stats = match result {
        Ok(stats) => stats,
        Err(e) => return Err(solver_error(e)),
    };
    traj.stats.rhs_evaluations += u64::from(stats.num_eval);
    traj.stats.accepted_steps += u64::from(stats.accepted_steps);
    traj.stats.rejected_steps += u64::from(stats.rejected_steps);
    let end = stepper
        .y_out()
        .last()
        .cloned()
        .ok_or_else(|| Error::SolverFailed {
            t: a,
            reason: "the integrator returned no state".into(),
        })?;
    // Interior reporting rows come from the continuous output (4th-order interpolant).
    let rows = traj.times.len();
    while *next_row < rows && traj.times[*next_row] < b - 1e-9 {
        let t = traj.times[*next_row];
        let state = dense.evaluate(t).ok_or_else(|| Error::SolverFailed {
            t,
            reason: "dense output does not cover this reporting time".into(),
        })?;
        check_state(model, t, state.as_slice())?;
        traj.states.push(state.as_slice().to_vec());
        *next_row += 1;
    }
    Ok(end)
}

fn rk4_segment(
    rhs: Rhs<'_>,
    a: f64,
    b: f64,
    y: DVector<f64>,
    settings: &SolverSettings,
    stats: &mut SolverStats,
) -> Result<DVector<f64>, Error> {
    let length = b - a;
    let steps = (length / settings.rk4_step - 1e-9).ceil().max(1.0);
    let mut step = length / steps;
    // ode_solvers takes ceil(length / step) steps: make sure rounding cannot add one.
    while (length / step).ceil() > steps {
        step *= 1.0 + 4.0 * f64::EPSILON;
    }
    let mut stepper = Rk4::new(rhs, a, y, b, step);
    let result = stepper.integrate().map_err(solver_error)?;
    stats.rhs_evaluations += u64::from(result.num_eval);
    stats.accepted_steps += u64::from(result.accepted_steps);
    stepper
        .y_out()
        .last()
        .cloned()
        .ok_or_else(|| Error::SolverFailed {
            t: a,
            reason: "the integrator returned no state".into(),
        })
}

/// Non-finite values and negative stocks are errors that name the stocks.
fn check_state(model: &Model, t: f64, y: &[f64]) -> Result<(), Error> {
    let bad: Vec<String> = y
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.is_finite())
        .map(|(k, _)| model.layout.slot_name(k, &model.sector_ids))
        .collect();
    if !bad.is_empty() {
        return Err(Error::NonFinite { t, stocks: bad });
    }
    if let Some((k, &v)) = y
        .iter()
        .enumerate()
        .take(model.layout.accumulators_start())
        .find(|(_, &v)| v < -NEGATIVE_TOLERANCE)
    {
        return Err(Error::NegativeStock {
            t,
            stock: model.layout.slot_name(k, &model.sector_ids),
            value: v,
        });
    }
    Ok(())
}
