//! Integrates a compiled [`Model`] with `ode_solvers`, piecewise between policy breakpoints.
//!
//! Every date where a lever jumps or changes slope ends an integration segment and starts a new
//! one, so no step straddles a discontinuity; there are no other restarts. Dopri5 (adaptive, no
//! step cap) reports interior rows from its continuous output and each segment's end from the
//! exact final state — never from extrapolated dense output. RK4 integrates report interval by
//! report interval. Runs that are compared are integrated on the union of their breakpoints, so
//! they agree exactly up to their first difference.
//! Rows are labelled by index (`t = start + j·step`), never by accumulated float time.
//!
//! After every segment the state is checked: a non-finite value or a stock below
//! [`NEGATIVE_TOLERANCE`] is an error naming the time and the stocks, and no partial result is
//! returned as if complete.

use std::cell::RefCell;
use std::time::Instant;

use nalgebra::allocator::Allocator;
use nalgebra::{Const, DefaultAllocator, Dim, Dyn, OVector, U1};
use ode_solvers::continuous_output_model::ContinuousOutputModel;
use ode_solvers::dop_shared::{IntegrationError, OutputType};
use ode_solvers::{Dopri5, Rk4, System};

use crate::error::Error;
use crate::model::{Aux, Model, StateLayout};
use crate::scenario::{Method, SolverSettings, TimeSettings};

/// The absolute floor of how far a stock may dip below zero through integration error before it
/// counts as negative (in its own unit). The depth allowed is larger for stocks with a larger
/// scale: max(this, 10⁻⁴ × scale), the stated accuracy of the integration
/// ([`Model::negative_floor`], docs/model.md §8). Values within it are reported as they are.
pub const NEGATIVE_TOLERANCE: f64 = crate::model::NEGATIVE_ABSOLUTE;

pub use crate::scenario::TIME_EPSILON;

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

impl Trajectory {
    /// The state rows at whole years (every `rows_per_year`-th row from the start), as the
    /// calendar-year statistics of `model::annual` take them.
    pub fn year_states(&self, rows_per_year: usize) -> Vec<&[f64]> {
        self.states
            .iter()
            .step_by(rows_per_year)
            .map(Vec::as_slice)
            .collect()
    }
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

impl<D: Dim> System<f64, OVector<f64, D>> for Rhs<'_>
where
    DefaultAllocator: Allocator<D>,
{
    fn system(&self, t: f64, y: &OVector<f64, D>, dy: &mut OVector<f64, D>) {
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

/// Where the integrator keeps the state vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateStorage {
    /// On the stack for the 10-sector system (no allocation per stage), on the heap otherwise.
    Fastest,
    /// Always on the heap (`DVector`): for the test that both storages give identical results.
    Heap,
}

/// Runs the model from state `y0` at `time.start`.
pub fn simulate_from(
    model: &Model,
    y0: &[f64],
    time: &TimeSettings,
    settings: &SolverSettings,
    breakpoints: &[f64],
) -> Result<Trajectory, Error> {
    simulate_stored(
        model,
        y0,
        time,
        settings,
        breakpoints,
        StateStorage::Fastest,
    )
}

/// [`simulate_from`] with a choice of where the state lives.
pub fn simulate_stored(
    model: &Model,
    y0: &[f64],
    time: &TimeSettings,
    settings: &SolverSettings,
    breakpoints: &[f64],
    storage: StateStorage,
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
    // The state of the 5+2+3 system (10 sectors) lives on the stack: ode_solvers then allocates
    // nothing per stage (with a heap vector every stage's arithmetic allocates temporaries).
    // Both paths do the same arithmetic in the same order, so their results are identical.
    match (storage, y0.len()) {
        (StateStorage::Fastest, TEN_SECTOR_STATE) => integrate(
            Const::<TEN_SECTOR_STATE>,
            model,
            y0,
            time,
            settings,
            breakpoints,
            &mut traj,
        )?,
        (_, len) => integrate(Dyn(len), model, y0, time, settings, breakpoints, &mut traj)?,
    }
    traj.stats.wall_seconds = started.elapsed().as_secs_f64();
    Ok(traj)
}

/// First step tried in each segment (years). The model's fastest time constants (perception and
/// fill times) are about half a year; starting there is usually accepted and needs fewer
/// evaluations than ode_solvers' own estimate. Measured at the default rtol = atol = 1e-5
/// (evaluations for baseline, combined, subsidy_plus, dual_enclave): 0.25 yr → 105, 154, 105,
/// 123; 0.5 → 87, 148, 87, 123; 0.75 → 81, 142, 81, 117 but the combined package then misses the
/// accuracy bound of docs/model.md §8 (5·10⁻⁴ on a rationed flow against 10⁻⁴); 1 → 81, 154, 81,
/// 123.
const INITIAL_STEP: f64 = 0.5;

/// Length of the state vector of a 10-sector model (the 5+2+3 system).
const TEN_SECTOR_STATE: usize = StateLayout::new(10).len();

/// Integrates segment by segment with the state as an `OVector<f64, D>` of dimension `dim`.
fn integrate<D: Dim>(
    dim: D,
    model: &Model,
    y0: &[f64],
    time: &TimeSettings,
    settings: &SolverSettings,
    breakpoints: &[f64],
    traj: &mut Trajectory,
) -> Result<(), Error>
where
    DefaultAllocator: Allocator<D>,
{
    let rows = traj.times.len();
    let stops = stop_points(time, breakpoints, settings.method);
    let scratch = RefCell::new(Aux::new(model.n_sectors()));
    let rhs = |segment_end| Rhs {
        model,
        aux: &scratch,
        segment_end,
    };
    let mut y = OVector::<f64, D>::from_column_slice_generic(dim, U1, y0);
    let mut a = time.start;
    let mut next_row = 1;
    for &b in &stops {
        y = match settings.method {
            Method::Dopri5 => dopri5_segment(rhs(b), a, b, y, settings, traj, &mut next_row)?,
            Method::Rk4 => rk4_segment(rhs(b), a, b, y, settings, &mut traj.stats)?,
        };
        check_state(model, b, y.as_slice())?;
        // The exact end state belongs to the row at b, if b is a reporting time.
        while next_row < rows && (traj.times[next_row] - b).abs() <= TIME_EPSILON {
            traj.states.push(y.as_slice().to_vec());
            next_row += 1;
        }
        traj.stats.segments += 1;
        a = b;
    }
    debug_assert_eq!(traj.states.len(), rows);
    Ok(())
}

/// Segment ends: the breakpoints inside the run and the horizon; for RK4 also every reporting
/// time (RK4 has no dense output).
///
/// Dopri5 restarts only where a lever really jumps or kinks, and its step is not capped: it takes
/// the steps its error control allows and reporting rows come from its continuous output. Runs
/// that are compared integrate with the union of their breakpoints (see
/// [`union_breakpoints`]), so up to the first difference they take the same steps and their
/// difference there is exactly zero.
fn stop_points(time: &TimeSettings, breakpoints: &[f64], method: Method) -> Vec<f64> {
    let mut stops: Vec<f64> = breakpoints
        .iter()
        .copied()
        .filter(|&b| b > time.start + TIME_EPSILON && b < time.end - TIME_EPSILON)
        .collect();
    if method == Method::Rk4 {
        stops.extend((1..time.n_intervals()).map(|j| time.time_at(j)));
    }
    stops.push(time.end);
    stops.sort_by(f64::total_cmp);
    stops.dedup_by(|x, y| (*x - *y).abs() <= TIME_EPSILON);
    stops
}

/// The sorted union of several runs' breakpoints (dates closer than [`TIME_EPSILON`] count as
/// one), for integrating runs that are compared on the same segments.
pub fn union_breakpoints<'a>(sets: impl IntoIterator<Item = &'a [f64]>) -> Vec<f64> {
    let mut all: Vec<f64> = sets.into_iter().flatten().copied().collect();
    all.sort_by(f64::total_cmp);
    all.dedup_by(|x, y| (*x - *y).abs() <= TIME_EPSILON);
    all
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
fn dopri5_segment<D: Dim>(
    rhs: Rhs<'_>,
    a: f64,
    b: f64,
    y: OVector<f64, D>,
    settings: &SolverSettings,
    traj: &mut Trajectory,
    next_row: &mut usize,
) -> Result<OVector<f64, D>, Error>
where
    DefaultAllocator: Allocator<D>,
{
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
        // No cap on the step: the error control alone sets it (the model is smooth between
        // breakpoints, and reporting rows come from the continuous output).
        b - a,
        INITIAL_STEP.min(b - a),
        100_000,
        1000,
        OutputType::Continuous,
    );
    let mut dense = ContinuousOutputModel::new();
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
    while *next_row < rows && traj.times[*next_row] < b - TIME_EPSILON {
        let t = traj.times[*next_row];
        let mut state = dense
            .evaluate(t)
            .ok_or_else(|| Error::SolverFailed {
                t,
                reason: "dense output does not cover this reporting time".into(),
            })?
            .as_slice()
            .to_vec();
        check_state(model, t, &state)?;
        // An accumulator integrates a non-negative flow, so it never decreases; the interpolant
        // can undershoot where the flow switches on inside a step (docs/model.md §2.2), and the
        // previous row is then the better value.
        if let Some(previous) = traj.states.last() {
            let accumulators = model.layout.accumulators_start();
            for (value, &floor) in state[accumulators..]
                .iter_mut()
                .zip(&previous[accumulators..])
            {
                *value = value.max(floor);
            }
        }
        traj.states.push(state);
        *next_row += 1;
    }
    Ok(end)
}

fn rk4_segment<D: Dim>(
    rhs: Rhs<'_>,
    a: f64,
    b: f64,
    y: OVector<f64, D>,
    settings: &SolverSettings,
    stats: &mut SolverStats,
) -> Result<OVector<f64, D>, Error>
where
    DefaultAllocator: Allocator<D>,
{
    let length = b - a;
    let steps = (length / settings.rk4_step - TIME_EPSILON).ceil().max(1.0);
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

/// Non-finite values, negative stocks and states outside the model's plausibility bounds are
/// errors that name the stocks.
fn check_state(model: &Model, t: f64, y: &[f64]) -> Result<(), Error> {
    // One branch-free pass for the common case: every value finite (∞ − ∞ and NaN make the
    // product NaN) and no stock below the tolerance; the slow passes below name the culprits.
    let stocks = model.layout.accumulators_start();
    let floor = &model.negative_floor;
    let all_finite = y.iter().fold(0.0f64, |acc, v| acc + v * 0.0) == 0.0;
    let above_floor = y[..stocks]
        .iter()
        .zip(floor)
        .fold(true, |ok, (&v, &f)| ok & (v >= -f));
    if all_finite && above_floor {
        return plausible(model, t, y);
    }
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
        .take(stocks)
        .find(|&(k, &v)| v < -floor[k])
    {
        return Err(Error::NegativeStock {
            t,
            stock: model.layout.slot_name(k, &model.sector_ids),
            value: v,
        });
    }
    plausible(model, t, y)
}

/// The model's plausibility bounds as a solver error.
fn plausible(model: &Model, t: f64, y: &[f64]) -> Result<(), Error> {
    model.check_plausible(t, y).map_err(|e| Error::Implausible {
        t,
        variable: e.variable,
        value: e.value,
        bound: e.bound,
    })
}
