//! Benchmarks of one baseline run 2024–2035 at the default reporting step: compile, integrate,
//! integrate + indicators at every row, and a sweep's run (compile + integrate + the 2035
//! indicators), timed apart.
//!
//! `cargo bench --bench run`; the solver statistics (RHS evaluations) are printed once.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use talentloop::model::indicators::{visit, ValueRecorder};
use talentloop::model::{Aux, Model};
use talentloop::results::run_model;
use talentloop::scenario;
use talentloop::solver::simulate;

fn baseline() -> scenario::Scenario {
    scenario::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml"))
        .expect("baseline loads")
}

fn bench_run(c: &mut Criterion) {
    let s = baseline();
    let model = Model::compile(&s).expect("compiles");
    let breakpoints = s.breakpoints();
    let traj = simulate(&model, &s.time, &s.solver, &breakpoints).expect("runs");
    eprintln!(
        "baseline: {} RHS evaluations, {} accepted steps, {} rejected, {} segments",
        traj.stats.rhs_evaluations,
        traj.stats.accepted_steps,
        traj.stats.rejected_steps,
        traj.stats.segments
    );
    c.bench_function("compile_baseline", |b| {
        b.iter(|| Model::compile(black_box(&s)).expect("compiles"))
    });
    c.bench_function("simulate_baseline_2024_2035", |b| {
        b.iter(|| simulate(black_box(&model), &s.time, &s.solver, &breakpoints).expect("runs"))
    });
    c.bench_function("simulate_and_indicators_baseline", |b| {
        b.iter(|| run_model(black_box(&model), &s).expect("runs"))
    });
    // What one run of a sweep costs: compile, integrate, and the indicators its outputs read
    // (here: every indicator at the last row, as a Sobol or tornado sweep of 2035 values).
    c.bench_function("sweep_run_compile_simulate_2035_indicators", |b| {
        b.iter(|| {
            let model = Model::compile(black_box(&s)).expect("compiles");
            let traj = simulate(&model, &s.time, &s.solver, &breakpoints).expect("runs");
            let (t, y) = (traj.times.last().unwrap(), traj.states.last().unwrap());
            let mut aux = Aux::new(model.n_sectors());
            model.eval(*t, y, &mut aux);
            let mut row = ValueRecorder(Vec::new());
            visit(&model, *t, y, &aux, &mut row);
            row.0
        })
    });
    let mut rk4 = s.clone();
    rk4.solver.method = scenario::Method::Rk4;
    c.bench_function("simulate_baseline_rk4_h1_64", |b| {
        b.iter(|| simulate(black_box(&model), &rk4.time, &rk4.solver, &breakpoints).expect("runs"))
    });
}

criterion_group!(benches, bench_run);
criterion_main!(benches);
