//! talentloop: a system-dynamics simulator of the loop 产业需求 → 人才集聚 → 产业升级
//! (industry demand → talent agglomeration → industrial upgrading) for Bazhong's 5+2+3 system.
//!
//! Data flows one way: [`scenario`] (TOML, validation, provenance) → [`model`] (equations,
//! indicators: the only place the economics lives) → [`solver`] (piecewise integration with
//! `ode_solvers`) → [`results`] → [`analysis`] (comparison, sweeps and sensitivity indices,
//! behaviour checks, calibration) →
//! [`output`] (CSV, JSON, terminal tables). A module imports only
//! from modules to its left (and from [`error`], [`units`] and the TOML diagnostics toolkit
//! `diagnostics` that scenario and analysis readers share); `tests/integration/architecture.rs`
//! enforces it.
#![deny(missing_docs)]
#![forbid(unsafe_code)]
// Sector quantities are parallel arrays indexed by sector (state slots, auxiliaries, constants):
// an index loop reads like the equations; zipped iterators over six arrays would not.
#![allow(clippy::needless_range_loop)]

pub mod analysis;
pub(crate) mod diagnostics;
pub mod error;
pub mod explore;
pub mod model;
pub mod output;
pub mod results;
pub mod scenario;
pub mod solver;
pub mod units;

pub use error::{Error, Result};
