//! The size of a sweep before any run: its runs, the memory it will hold and the time it will
//! take, so that a design the schema allows (10⁷ Monte Carlo runs, a second-order Sobol design
//! on 65,536 base samples) is refused with an estimate instead of aborting hours later.
//!
//! Memory counts what grows with the design: the design's own state (the Latin hypercube's
//! permutations), the scalar outputs kept per run for the indices, the band estimators, and the
//! buffers of each worker thread and of the chunk of runs in flight. Time is the measured cost of
//! one base run (compiled and integrated once, as a sweep run is) times the runs, divided by the
//! threads; runs that need smaller steps take longer, so it is a lower estimate.

use std::fmt;
use std::time::Instant;

use super::bands::{StreamingBand, EXACT_RUNS};
use super::design::Design;
use super::spec::SweepSpec;
use super::{run_planned, Plan, RunOutputs, CHUNK};
use crate::error::Error;
use crate::model::indicators::columns;
use crate::model::Model;
use crate::results::{format_bytes, format_count, DEFAULT_MAX_MEMORY};

/// Time a sweep may take before it is refused without `--yes`.
pub const DEFAULT_MAX_SECONDS: f64 = 3600.0;

/// The program itself, its libraries and the base scenario (about 7 MB of resident memory for a
/// sweep of 24 runs, measured with `/usr/bin/time -v`).
const PROGRAM_BYTES: u64 = 8_000_000;

/// What a sweep may take before it is refused without `--yes`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Bytes.
    pub memory: u64,
    /// Seconds of wall time.
    pub seconds: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory: DEFAULT_MAX_MEMORY,
            seconds: DEFAULT_MAX_SECONDS,
        }
    }
}

/// The shape of one run of the base scenario, read from its compiled model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunShape {
    /// Reporting rows.
    pub rows: usize,
    /// State slots integrated.
    pub slots: usize,
    /// Indicator columns evaluated per row.
    pub columns: usize,
}

/// The estimated size of (a shard of) a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// Runs to compute.
    pub runs: usize,
    /// Worker threads.
    pub threads: usize,
    /// Bytes of the design's own state.
    pub design_bytes: u64,
    /// Bytes of the scalar outputs kept per run for the indices (and their copies while the
    /// indices are computed).
    pub scalar_bytes: u64,
    /// Bytes of the band estimators.
    pub band_bytes: u64,
    /// Bytes of the worker threads' buffers and of the chunk of runs in flight.
    pub buffer_bytes: u64,
    /// Bytes of the program, its libraries and the base scenario.
    pub program_bytes: u64,
    /// Measured seconds of one base run; None when not measured (memory alone is over the
    /// limit, so the sweep is refused without integrating anything).
    pub base_run_seconds: Option<f64>,
}

impl Estimate {
    /// Total bytes.
    pub fn memory(&self) -> u64 {
        self.design_bytes
            .saturating_add(self.scalar_bytes)
            .saturating_add(self.band_bytes)
            .saturating_add(self.buffer_bytes)
            .saturating_add(self.program_bytes)
    }

    /// Wall seconds on the threads (None when the base run was not measured).
    pub fn seconds(&self) -> Option<f64> {
        let parallel = self.threads.clamp(1, self.runs.max(1)) as f64;
        self.base_run_seconds
            .map(|s| s * self.runs as f64 / parallel)
    }

    /// Refuses a sweep over a limit (the CLI skips this with `--yes`).
    pub fn check(&self, limits: &Limits) -> Result<(), Error> {
        let memory = self.memory() > limits.memory;
        let time = self.seconds().is_some_and(|s| s > limits.seconds);
        if !memory && !time {
            return Ok(());
        }
        let limit = match (memory, time) {
            (true, true) => format!(
                "{} of memory and {}",
                format_bytes(limits.memory),
                format_seconds(limits.seconds)
            ),
            (true, false) => format!("{} of memory", format_bytes(limits.memory)),
            _ => format_seconds(limits.seconds),
        };
        Err(Error::TooLarge {
            what: "sweep".into(),
            estimate: self.to_string(),
            limit,
            advice: "pass --yes to run it anyway, raise --max-memory or --max-time, or split it \
                into shards (--shard I/N) for a cluster"
                .into(),
        })
    }
}

/// `22,528 runs, ≈ 19 MB, ≈ 3 s on 2 threads`.
impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} runs, ≈ {}, ",
            format_count(self.runs as u64),
            format_bytes(self.memory())
        )?;
        match self.seconds() {
            Some(s) => write!(f, "≈ {}", format_seconds(s))?,
            None => write!(f, "time not measured")?,
        }
        let plural = if self.threads == 1 { "" } else { "s" };
        write!(f, " on {} thread{plural}", self.threads)
    }
}

/// `0.4 s`, `3 s`, `12 min`, `2.5 h`, `3.1 d`.
pub fn format_seconds(s: f64) -> String {
    let (value, unit) = if s < 60.0 {
        (s, "s")
    } else if s < 3600.0 {
        (s / 60.0, "min")
    } else if s < 86400.0 {
        (s / 3600.0, "h")
    } else {
        (s / 86400.0, "d")
    };
    if value < 9.95 && (value - value.round()).abs() >= 0.05 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.0} {unit}")
    }
}

/// The memory of `runs` runs of `spec` on `threads` threads (time not measured).
pub fn memory(spec: &SweepSpec, runs: usize, threads: usize, shape: RunShape) -> Estimate {
    let runs64 = runs as u64;
    let (outputs, bands) = (spec.outputs.len() as u64, spec.bands.len() as u64);
    let rows = shape.rows as u64;
    let vec = std::mem::size_of::<Vec<f64>>() as u64;
    // Per run: its Vec of scalars; while the indices are computed, one output's column and the
    // estimator's own copy of it.
    let scalar_bytes = runs64.saturating_mul(vec + 8 * outputs + 2 * 8);
    // Each estimator keeps up to EXACT_RUNS values before it turns into P² markers.
    let kept = runs.min(EXACT_RUNS) as u64 * 8;
    let cell = std::mem::size_of::<StreamingBand>() as u64 + kept + 5 * 20 * 8;
    let band_bytes = bands.saturating_mul(rows).saturating_mul(cell);
    // Per thread: the raw trajectory, the planned series, one indicator row and a copy of the
    // scenario and its compiled model (an allowance of 1 MB); per run in flight: its outputs.
    let per_thread = rows * (vec + 8 * shape.slots as u64 + 8)
        + rows * 8 * (outputs + bands)
        + 8 * shape.columns as u64
        + 1_000_000;
    let in_flight = runs.min(CHUNK) as u64
        * (std::mem::size_of::<RunOutputs>() as u64 + 8 * outputs + 4 * bands * rows);
    Estimate {
        runs,
        threads,
        design_bytes: Design::state_bytes(spec) as u64,
        scalar_bytes,
        band_bytes,
        buffer_bytes: per_thread * threads.max(1) as u64 + in_flight,
        program_bytes: PROGRAM_BYTES,
        base_run_seconds: None,
    }
}

/// The shape of a run of the base scenario (compiles it; nothing is integrated).
pub fn shape(spec: &SweepSpec) -> Result<RunShape, Error> {
    let model = Model::compile(&spec.scenario)?;
    Ok(RunShape {
        rows: spec.scenario.time.n_intervals() + 1,
        slots: model.layout.len(),
        columns: columns(&model).len(),
    })
}

/// Seconds of one run of the base scenario as a sweep computes it: compiled, integrated and
/// its planned columns read.
pub fn time_base_run(spec: &SweepSpec) -> Result<f64, Error> {
    let plan = Plan::new(spec)?;
    let rows = spec.scenario.time.n_intervals() + 1;
    let started = Instant::now();
    run_planned(&spec.scenario, &plan, rows)?;
    Ok(started.elapsed().as_secs_f64())
}

/// The estimate of `runs` runs of `spec` on `threads` threads. The base run is timed only when
/// the memory is within `limits`: a sweep refused for its memory is refused without integrating
/// anything (a base scenario of 276,000 rows would itself take long).
pub fn estimate(
    spec: &SweepSpec,
    runs: usize,
    threads: usize,
    limits: &Limits,
) -> Result<Estimate, Error> {
    let mut e = memory(spec, runs, threads, shape(spec)?);
    if e.memory() <= limits.memory && runs > 0 {
        e.base_run_seconds = Some(time_base_run(spec)?);
    }
    Ok(e)
}

/// `2.5GB` → (2.5, "gb"): a non-negative number and its unit in lower case.
fn number_and_unit(s: &str) -> Option<(f64, String)> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    Some((number.parse().ok()?, unit.trim().to_ascii_lowercase()))
}

/// Reads a byte count: `2GB`, `500 MB`, `1.5G`, `64k`, `1000000` (decimal units; `GiB`, `MiB`
/// and `KiB` are binary).
pub fn parse_bytes(s: &str) -> Result<u64, String> {
    let (value, unit) = number_and_unit(s)
        .ok_or_else(|| format!("expected a size such as 2GB or 500MB, got {s:?}"))?;
    let scale: f64 = match unit.as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "t" | "tb" => 1e12,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        other => {
            return Err(format!(
                "unknown size unit {other:?} in {s:?} (B, kB, MB, GB, TB)"
            ))
        }
    };
    Ok((value * scale).round() as u64)
}

/// Reads a duration in seconds: `1h`, `30min`, `90s`, `2d`, `45` (seconds).
pub fn parse_duration(s: &str) -> Result<f64, String> {
    let (value, unit) = number_and_unit(s)
        .ok_or_else(|| format!("expected a duration such as 1h, 30min or 90s, got {s:?}"))?;
    let scale = match unit.as_str() {
        "" | "s" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        "d" => 86400.0,
        other => {
            return Err(format!(
                "unknown time unit {other:?} in {s:?} (s, min, h, d)"
            ))
        }
    };
    Ok(value * scale)
}
